//! Account form values and the types they parse into. A `Password` or
//! `DisplayName` that exists is valid; every problem names its field.
use super::Role;
use crate::validation::{Email, FieldError, PlainText, Problem};
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

/// Passwords that meet the length rule but are guessed first.
const COMMON: [&str; 12] = [
    "1234567890", "0123456789", "1111111111", "0000000000", "qwertyuiop", "password12", "password123",
    "passw0rd12", "abcdefghij", "iloveyou12", "1q2w3e4r5t", "asdfghjkl;",
];

/// A password of acceptable length, not the e-mail address, not a common one.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Password {
    pub fn parse(s: &str, again: &str, email: &str) -> Result<Password, Problem> {
        let n = s.chars().count();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n) {
            return Err(Problem::PasswordLength { min: PASSWORD_MIN, max: PASSWORD_MAX });
        }
        if s != again {
            return Err(Problem::PasswordMismatch);
        }
        let lower = s.to_lowercase();
        let email = email.trim().to_lowercase();
        let local = email.split('@').next().unwrap_or("");
        if !email.is_empty() && (lower == email || (local.len() >= 4 && lower.contains(local))) {
            return Err(Problem::PasswordLikeEmail);
        }
        if COMMON.contains(&lower.as_str()) || lower.chars().all(|c| Some(c) == lower.chars().next()) {
            return Err(Problem::PasswordCommon);
        }
        Ok(Password(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown to others (writers) or to staff: 1–50 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(PlainText);

impl DisplayName {
    pub fn parse(s: &str) -> Result<DisplayName, Problem> {
        PlainText::parse(s, 50, false).map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// An e-mail address as we store it: lower case.
pub fn normalise_email(e: &Email) -> String {
    e.as_str().to_lowercase()
}

/// Self-registration form values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub password_again: String,
    /// The terms and privacy box.
    pub agree: bool,
    /// Honeypot: people leave it empty.
    pub website: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAccount {
    pub email: String,
    pub display_name: DisplayName,
    pub password: Password,
}

fn collect<T>(errors: &mut Vec<FieldError>, field: &str, r: Result<T, Problem>) -> Option<T> {
    r.map_err(|p| errors.push(FieldError::new(field, p))).ok()
}

impl RegisterForm {
    pub fn parse(&self) -> Result<NewAccount, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = collect(&mut errors, "email", Email::parse(&self.email));
        let name = collect(&mut errors, "display_name", DisplayName::parse(&self.display_name));
        let password = collect(&mut errors, "password", Password::parse(&self.password, &self.password_again, &self.email));
        if !self.agree {
            errors.push(FieldError::new("agree", Problem::Consent));
        }
        match (email, name, password) {
            (Some(e), Some(display_name), Some(password)) if errors.is_empty() => {
                Ok(NewAccount { email: normalise_email(&e), display_name, password })
            }
            _ => Err(errors),
        }
    }
}

/// Roles as check boxes (`roles[writer]=true`…).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RolesForm {
    pub resident: bool,
    pub writer: bool,
    pub editor: bool,
    pub link_worker: bool,
    pub case_lead: bool,
    pub referrer: bool,
    pub staff: bool,
    pub admin: bool,
}

impl RolesForm {
    pub fn roles(&self) -> Vec<Role> {
        [
            (self.resident, Role::Resident),
            (self.writer, Role::Writer),
            (self.editor, Role::Editor),
            (self.link_worker, Role::LinkWorker),
            (self.case_lead, Role::CaseLead),
            (self.referrer, Role::Referrer),
            (self.staff, Role::Staff),
            (self.admin, Role::Admin),
        ]
        .into_iter()
        .filter_map(|(on, r)| on.then_some(r))
        .collect()
    }

    pub fn from_roles(roles: &[Role]) -> RolesForm {
        RolesForm {
            resident: roles.contains(&Role::Resident),
            writer: roles.contains(&Role::Writer),
            editor: roles.contains(&Role::Editor),
            link_worker: roles.contains(&Role::LinkWorker),
            case_lead: roles.contains(&Role::CaseLead),
            referrer: roles.contains(&Role::Referrer),
            staff: roles.contains(&Role::Staff),
            admin: roles.contains(&Role::Admin),
        }
    }
}

/// Invitation form values: an address and the roles to hand out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub roles: RolesForm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    pub email: String,
    pub roles: Vec<Role>,
}

impl InviteForm {
    /// Valid when every chosen role is one the inviter (with `inviter_roles`) may hand out.
    pub fn parse(&self, inviter_roles: &[Role]) -> Result<Invitation, Vec<FieldError>> {
        let mut errors = Vec::new();
        let email = collect(&mut errors, "email", Email::parse(&self.email));
        let roles = self.roles.roles();
        if roles.is_empty() {
            errors.push(FieldError::new("roles", Problem::ChooseOne));
        } else if !Role::may_all_be_invited_by(&roles, inviter_roles) {
            errors.push(FieldError::new("roles", Problem::NotAllowed));
        }
        match email {
            Some(e) if errors.is_empty() => Ok(Invitation { email: normalise_email(&e), roles }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert!(Password::parse("a-long-passphrase", "a-long-passphrase", "hana@example.jp").is_ok());
        assert_eq!(Password::parse("", "", "").unwrap_err(), Problem::Required);
        assert_eq!(Password::parse("short", "short", "").unwrap_err(), Problem::PasswordLength { min: 10, max: 128 });
        assert_eq!(Password::parse(&"x".repeat(129), &"x".repeat(129), "").unwrap_err(), Problem::PasswordLength { min: 10, max: 128 });
        assert_eq!(Password::parse("a-long-passphrase", "a-long-passphrasf", "").unwrap_err(), Problem::PasswordMismatch);
        assert_eq!(Password::parse("hanako-2026!", "hanako-2026!", "Hanako@example.jp").unwrap_err(), Problem::PasswordLikeEmail);
        assert_eq!(Password::parse("1234567890", "1234567890", "").unwrap_err(), Problem::PasswordCommon);
        assert_eq!(Password::parse("zzzzzzzzzzzz", "zzzzzzzzzzzz", "").unwrap_err(), Problem::PasswordCommon);
        // Japanese passphrases count characters, not bytes
        assert!(Password::parse("つながるまちのひろば", "つながるまちのひろば", "").is_ok());
        assert!(!format!("{:?}", Password::parse("a-long-passphrase", "a-long-passphrase", "").unwrap()).contains("long"));
    }

    #[test]
    fn registration_reports_every_field() {
        let errors = RegisterForm { email: "nope".into(), password: "x".into(), ..Default::default() }.parse().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "display_name", "password", "agree"]);
        let ok = RegisterForm {
            email: " Hana@Example.JP ".into(),
            display_name: "はな".into(),
            password: "a-long-passphrase".into(),
            password_again: "a-long-passphrase".into(),
            agree: true,
            website: String::new(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.email, "hana@example.jp");
    }

    #[test]
    fn invitations_respect_what_the_inviter_may_hand_out() {
        let form = InviteForm { email: "w@example.jp".into(), roles: RolesForm { writer: true, ..Default::default() } };
        assert_eq!(form.parse(&[Role::Editor]).unwrap().roles, vec![Role::Writer]);
        let staff = InviteForm { email: "s@example.jp".into(), roles: RolesForm { staff: true, ..Default::default() } };
        assert_eq!(staff.parse(&[Role::Editor]).unwrap_err()[0].problem, Problem::NotAllowed);
        assert!(staff.parse(&[Role::Admin]).is_ok());
        let none = InviteForm { email: "s@example.jp".into(), roles: RolesForm { resident: true, ..Default::default() } };
        assert_eq!(none.parse(&[Role::Admin]).unwrap_err()[0].problem, Problem::NotAllowed, "residents register themselves");
        let empty = InviteForm { email: "s@example.jp".into(), ..Default::default() };
        assert_eq!(empty.parse(&[Role::Admin]).unwrap_err()[0].problem, Problem::ChooseOne);
    }
}
