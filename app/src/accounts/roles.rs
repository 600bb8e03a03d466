//! Roles a person can hold and what each allows. Every server function and
//! API route asks [`Permission`] through `session::require`; the table here
//! is the one place that says who may do what (tested as a matrix).
use crate::i18n::{td_string, Locale};
use serde::{Deserialize, Serialize};

/// What a signed-in person is. A user may hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// A resident with an account: saved checks, favourites, sign-ups.
    Resident,
    /// A community writer: drafts and submits reports.
    Writer,
    /// Reviews and publishes reports; invites writers.
    Editor,
    /// Works the cases assigned to them; types in referrals from paper/FAX.
    LinkWorker,
    /// The office lead: the intake queue, assigning cases, the team's cases,
    /// one-time referral links for clinics.
    CaseLead,
    /// A clinic or pharmacy: sends form ① and reads form ② for its own referrals.
    Referrer,
    /// City staff: listings, events, imports, pages, statistics.
    Staff,
    /// Manages accounts and invitations; everything staff may do.
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Resident,
        Role::Writer,
        Role::Editor,
        Role::LinkWorker,
        Role::CaseLead,
        Role::Referrer,
        Role::Staff,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Writer => "writer",
            Role::Editor => "editor",
            Role::LinkWorker => "link_worker",
            Role::CaseLead => "case_lead",
            Role::Referrer => "referrer",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Roles stored as a comma-separated list (unknown names are dropped).
    pub fn parse_list(s: &str) -> Vec<Role> {
        let mut roles: Vec<Role> = s.split(',').filter_map(Role::parse).collect();
        roles.sort();
        roles.dedup();
        roles
    }

    pub fn join(roles: &[Role]) -> String {
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Roles that come only by invitation (never by self-registration).
    pub fn needs_invitation(self) -> bool {
        self != Role::Resident
    }

    /// Whether someone with `inviter` roles may hand out all of `roles`.
    pub fn may_all_be_invited_by(roles: &[Role], inviter: &[Role]) -> bool {
        roles.iter().all(|r| inviter.iter().any(|i| i.may_invite().contains(r)))
    }

    /// Roles this role may hand out by invitation.
    pub fn may_invite(self) -> &'static [Role] {
        match self {
            Role::Admin => &[Role::Writer, Role::Editor, Role::LinkWorker, Role::CaseLead, Role::Referrer, Role::Staff, Role::Admin],
            Role::Editor => &[Role::Writer],
            _ => &[],
        }
    }
}

/// A protected action. Add one here when a feature adds a protected action,
/// then decide in [`Permission::allowed_roles`] who may do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Permission {
    /// Own account: saved results, favourites, export, delete.
    OwnAccount,
    /// Activities, organisations, problem-report queue, spreadsheet import/export.
    ManageListings,
    /// Events, their sign-up lists and occurrence generation.
    ManageEvents,
    /// Aggregate statistics dashboards.
    ViewStatistics,
    /// Write and submit own reports.
    WriteReports,
    /// Review, publish, unpublish reports.
    ReviewReports,
    /// Edit the about and explainer pages.
    EditPages,
    /// Invite people (which roles: [`Role::may_invite`]).
    Invite,
    /// List accounts, change roles, disable accounts.
    ManageUsers,
    /// Own (assigned) cases; typing in a referral that came on paper or FAX.
    CaseWork,
    /// The intake queue, assigning cases, the team's cases, referral links.
    LeadCases,
    /// Send form ① and read form ② for one's own referrals.
    Refer,
    /// Read and export the audit log of who read and wrote cases.
    ViewAudit,
    /// The city dashboard: every team's figures for city staff, a team's own
    /// for its link workers and lead (`dashboard::report::reach_for`).
    ViewDashboard,
    /// The points programme: rewards, redemptions at the counter for a
    /// resident, the anonymous monthly summary.
    ManagePoints,
    /// Form stay-home diary groups and look after them (only the groups
    /// one facilitates: `diary::access`).
    FacilitateDiaries,
}

impl Permission {
    pub const ALL: [Permission; 16] = [
        Permission::OwnAccount,
        Permission::ManageListings,
        Permission::ManageEvents,
        Permission::ViewStatistics,
        Permission::WriteReports,
        Permission::ReviewReports,
        Permission::EditPages,
        Permission::Invite,
        Permission::ManageUsers,
        Permission::CaseWork,
        Permission::LeadCases,
        Permission::Refer,
        Permission::ViewAudit,
        Permission::ViewDashboard,
        Permission::ManagePoints,
        Permission::FacilitateDiaries,
    ];

    pub fn allowed_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::OwnAccount => &[Resident, Writer, Editor, LinkWorker, CaseLead, Referrer, Staff, Admin],
            Permission::ManageListings | Permission::ManageEvents | Permission::ViewStatistics | Permission::EditPages | Permission::ManagePoints => {
                &[Staff, Admin]
            }
            Permission::WriteReports => &[Writer, Editor],
            Permission::ReviewReports => &[Editor],
            Permission::Invite => &[Editor, Admin],
            Permission::ManageUsers => &[Admin],
            Permission::CaseWork => &[LinkWorker, CaseLead],
            Permission::LeadCases => &[CaseLead],
            Permission::Refer => &[Referrer],
            Permission::ViewAudit => &[Admin],
            Permission::ViewDashboard => &[LinkWorker, CaseLead, Staff, Admin],
            Permission::FacilitateDiaries => &[LinkWorker, CaseLead, Staff],
        }
    }

    pub fn allows(self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.allowed_roles().contains(r))
    }
}

/// A role's name in `locale` (マイページ, the users list, invitation mails).
pub fn role_label(locale: Locale, r: Role) -> &'static str {
    match r {
        Role::Resident => td_string!(locale, accounts.role_resident),
        Role::Writer => td_string!(locale, accounts.role_writer),
        Role::Editor => td_string!(locale, accounts.role_editor),
        Role::LinkWorker => td_string!(locale, accounts.role_link_worker),
        Role::CaseLead => td_string!(locale, accounts.role_case_lead),
        Role::Referrer => td_string!(locale, accounts.role_referrer),
        Role::Staff => td_string!(locale, accounts.role_staff),
        Role::Admin => td_string!(locale, accounts.role_admin),
    }
}

/// Several roles in one line: 「執筆者・編集者」 / "Writer, Editor".
pub fn role_names(locale: Locale, roles: &[Role]) -> String {
    let sep = if locale == Locale::en { ", " } else { "・" };
    roles.iter().map(|r| role_label(locale, *r)).collect::<Vec<_>>().join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_are_dropped() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse_list("staff,,bogus,writer,staff"), vec![Role::Writer, Role::Staff]);
        assert_eq!(Role::join(&[Role::Staff, Role::Writer, Role::Staff]), "writer,staff");
    }

    #[test]
    fn residents_only_have_their_own_account() {
        for p in Permission::ALL {
            assert_eq!(p.allows(&[Role::Resident]), p == Permission::OwnAccount, "{p:?}");
        }
        assert!(!Permission::OwnAccount.allows(&[]));
    }

    #[test]
    fn editors_invite_only_writers_and_admins_do_not_hand_out_residents() {
        assert_eq!(Role::Editor.may_invite(), &[Role::Writer]);
        assert!(!Role::Admin.may_invite().contains(&Role::Resident));
        assert!(Role::Staff.may_invite().is_empty());
    }
}
