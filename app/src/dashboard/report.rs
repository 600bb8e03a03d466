//! The dashboard as one value: what the page renders, the CSV files write
//! and the open-data summary publishes, for one period, one district (or
//! the whole town) and one scope (the town, or a link-work team).
use super::connections::{connections, ConnectionSection};
use super::outcomes::{outcomes, OutcomeSection};
use super::population::{population, PopulationFacts, PopulationSection};
use super::referrals::{referrals, ReferralSection};
use super::resources::{resources, ResourceSection};
use crate::accounts::roles::Role;
use crate::calendar::{Period, PeriodKind};
use crate::dashboard::attendance::AttendanceSection;
use crate::error::AppError;
use crate::health_check::questionnaire::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the page's form sends (`?period=fy2026&district=kitayama`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardFilter {
    /// `2026-11`, `fy2026-q3` or `fy2026`; empty: this fiscal year.
    pub period: String,
    /// A district slug; empty: the whole town.
    pub district: String,
}

/// How much of the casework a person may see in figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reach {
    /// City staff and administrators: every team, every section.
    Town,
    /// Link workers and office leads: their own team's cases; the listings.
    Team,
}

/// The widest reach a person's roles give (none: no dashboard).
pub fn reach_for(roles: &[Role]) -> Option<Reach> {
    if roles.iter().any(|r| matches!(r, Role::Staff | Role::Admin)) {
        Some(Reach::Town)
    } else if roles.iter().any(|r| matches!(r, Role::CaseLead | Role::LinkWorker)) {
        Some(Reach::Team)
    } else {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodChoice {
    pub slug: String,
    pub label: Text,
    pub kind: PeriodKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardReport {
    pub period: Period,
    pub period_label: Text,
    pub previous: String,
    pub next: Option<String>,
    pub choices: Vec<PeriodChoice>,
    /// The district shown (slug and name), none for the whole town.
    pub district: Option<(String, Text)>,
    pub districts: Vec<(String, Text)>,
    /// The team whose cases are counted (none: every team).
    pub team: Option<String>,
    pub referrals: ReferralSection,
    pub connections: ConnectionSection,
    pub outcomes: OutcomeSection,
    pub resources: ResourceSection,
    /// The self-check, events and page views (city staff only).
    pub population: Option<PopulationSection>,
    /// Taking part: check-ins at activities and events (city staff only).
    pub attendance: Option<AttendanceSection>,
    pub min_people: u32,
    /// When the figures were made (Tokyo, `YYYY-MM-DD HH:MM`).
    pub generated: String,
}

/// The sections a CSV can be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Section {
    Referrals,
    Connections,
    Outcomes,
    Resources,
    Population,
    Attendance,
}

impl Section {
    pub const ALL: [Section; 6] = [Section::Referrals, Section::Connections, Section::Outcomes, Section::Resources, Section::Population, Section::Attendance];

    pub fn slug(self) -> &'static str {
        match self {
            Section::Referrals => "referrals",
            Section::Connections => "connections",
            Section::Outcomes => "outcomes",
            Section::Resources => "resources",
            Section::Population => "population",
            Section::Attendance => "attendance",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.slug() == s)
    }
}

/// The period a filter names (empty: the fiscal year of `today`); an
/// unknown text or a period that has not begun is refused.
pub fn parse_period(s: &str, today: chrono::NaiveDate) -> Result<Period, AppError> {
    if s.trim().is_empty() {
        return Ok(Period::containing(today, PeriodKind::FiscalYear));
    }
    match Period::parse(s) {
        Some(p) if p.started_by(today) => Ok(p),
        _ => Err(AppError::Invalid("period".into())),
    }
}

#[cfg(feature = "ssr")]
pub use build::{build_report, scope_for};

#[cfg(feature = "ssr")]
mod build {
    use super::*;
    use crate::accounts::CurrentUser;
    use crate::dashboard::breakdown::{protect_split, view_of, Districts, View};
    use crate::dashboard::db::{self, Scope};
    use crate::db::Db;
    use crate::health_check::library::Library;

    /// The scope a signed-in person's dashboard counts, and the team's name.
    pub async fn scope_for(database: &Db, user: &CurrentUser) -> Result<(Scope, Option<String>), AppError> {
        match reach_for(&user.roles) {
            Some(Reach::Town) => Ok((Scope::Town, None)),
            Some(Reach::Team) => match db::team_of(database, user.id).await? {
                Some((id, name)) => Ok((Scope::Team(id), Some(name))),
                None => Err(AppError::Forbidden),
            },
            None => Err(AppError::Forbidden),
        }
    }

    /// Every section for the filter, in the scope.
    pub async fn build_report(database: &Db, lib: &Library, filter: &DashboardFilter, scope: Scope, team: Option<String>, today: chrono::NaiveDate) -> Result<DashboardReport, AppError> {
        let period = parse_period(&filter.period, today)?;
        let district_list = db::districts(database).await?;
        let districts = Districts::new(district_list.clone());
        let district = match filter.district.trim() {
            "" => None,
            slug => Some(district_list.iter().find(|(s, _)| s == slug).cloned().ok_or_else(|| AppError::Invalid("district".into()))?),
        };
        let view = match &district {
            None => View::Town,
            Some((slug, _)) => View::District(districts.column(Some(slug))),
        };
        // the quick check's dimensions, in the questionnaires' order
        let mut dimensions: Vec<(String, Text)> = Vec::new();
        for q in lib.all() {
            for s in &q.sections {
                if !dimensions.iter().any(|(k, _)| *k == s.id) {
                    dimensions.push((s.id.clone(), s.title.clone()));
                }
            }
        }
        let keys: Vec<String> = dimensions.iter().map(|(k, _)| k.clone()).collect();
        let (first_month, last_month) = db::month_bounds(&period);
        // every read at once (the database works on them side by side)
        let population_reads = async {
            match scope {
                Scope::Team(_) => Ok(None),
                Scope::Town => {
                    let district = district.as_ref().map(|(s, _)| s.as_str());
                    tokio::try_join!(
                        db::contributions(database, &period),
                        db::events(database, &period),
                        db::views(database, &period),
                        crate::health_check::city_statistics::section_means(database, lib, &first_month, &last_month, district),
                        db::attendance(database, &period),
                    )
                    .map(Some)
                }
            }
        };
        let closed_and_places = async {
            let closed = db::closed_facts(database, &period, scope, &keys).await?;
            let places = db::connected_places(database, &closed.places).await?;
            Ok::<_, AppError>((closed, places))
        };
        let (facts, (closed, (activities, kinds)), families, categories, stale, suggestions, population_facts) = tokio::try_join!(
            db::referrals(database, &period, scope),
            closed_and_places,
            db::listings_by_family(database),
            db::listings_by_category(database),
            db::stale_listings(database, today - chrono::Months::new(12)),
            db::suggestions(database, &period),
            population_reads,
        )?;
        // those answered at both checks somewhere in the town
        dimensions.retain(|(k, _)| closed.checks.iter().any(|c| c.key == *k));
        let concern_split = crate::dashboard::referrals::concern_split(&facts, &districts);
        let concerns = protect_split(&concern_split);
        let referral_section = referrals(&facts, &period, &districts, view, (&concern_split, &concerns));
        let concerns_by_district: Vec<_> = (0..districts.slugs.len()).map(|j| view_of(&concern_split, &concerns, View::District(j))).collect();
        let only = match view {
            View::Town => None,
            View::District(j) => Some(j),
        };
        let (population_section, attendance_section) = match population_facts {
            None => (None, None),
            Some((contributions, (held, people), views, means, taking_part)) => (
                Some(population(PopulationFacts { contributions, section_means: means, events: held, signups: people, views }, &period, &districts, view)),
                Some(crate::dashboard::attendance::attendance(&taking_part, &districts, view)),
            ),
        };
        let next = period.next();
        Ok(DashboardReport {
            period,
            period_label: Text::new(period.label(true), period.label(false)),
            previous: period.previous().slug(),
            next: next.started_by(today).then(|| next.slug()),
            choices: Period::choices(today).into_iter().map(|p| PeriodChoice { slug: p.slug(), label: Text::new(p.label(true), p.label(false)), kind: p.kind() }).collect(),
            district,
            districts: district_list,
            team,
            referrals: referral_section,
            connections: connections(&closed.groups, &activities, &kinds, &districts, view),
            outcomes: outcomes(&closed.changes, &closed.checks, &dimensions, &districts, view),
            resources: resources(&districts, &families, &stale, &categories, &concerns_by_district, only, suggestions),
            population: population_section,
            attendance: attendance_section,
            min_people: crate::dashboard::suppression::MIN_PEOPLE,
            generated: crate::calendar::now_tokyo().format("%Y-%m-%d %H:%M").to_string(),
        })
    }
}

/// The dashboard for the signed-in person (city staff, administrators,
/// link workers and leads for their team).
#[server(endpoint = "dashboard/report")]
pub async fn load_dashboard(filter: DashboardFilter) -> Result<DashboardReport, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    let user = session::require(&db, Permission::ViewDashboard).await?;
    let (scope, team) = scope_for(&db, &user).await?;
    if let Some(views) = use_context::<std::sync::Arc<super::page_views::ViewCounter>>() {
        // the reads counted since the last write, so the figures are current
        let _ = views.flush(&db).await;
    }
    let lib = expect_context::<std::sync::Arc<crate::health_check::library::Library>>();
    build_report(&db, &lib, &filter, scope, team, crate::calendar::today_tokyo()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn who_sees_how_much() {
        assert_eq!(reach_for(&[Role::Staff]), Some(Reach::Town));
        assert_eq!(reach_for(&[Role::Admin]), Some(Reach::Town));
        assert_eq!(reach_for(&[Role::CaseLead, Role::Staff]), Some(Reach::Town));
        assert_eq!(reach_for(&[Role::CaseLead]), Some(Reach::Team));
        assert_eq!(reach_for(&[Role::LinkWorker]), Some(Reach::Team));
        for r in [Role::Resident, Role::Writer, Role::Editor, Role::Referrer] {
            assert_eq!(reach_for(&[r]), None, "{r:?}");
        }
    }

    #[test]
    fn periods_from_the_form() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(parse_period("", today).unwrap(), Period::FiscalYear(2026));
        assert_eq!(parse_period("2026-11", today).unwrap(), Period::Month { year: 2026, month: 11 });
        assert!(parse_period("2027-01", today).is_err(), "not begun");
        assert!(parse_period("fy2026-q9", today).is_err());
    }
}
