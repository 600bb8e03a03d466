//! Section 1, referrals: how many came in the period, from where, about
//! what, from whom (age band, household, sex), and how far they have come
//! (received → assigned → first contact → in support → closed) with the
//! median days between the steps.
use super::breakdown::{both, line, lines, month_label, view_of, Districts, Line, Split, View};
use super::suppression::Protected;
use super::suppression::{Figure, MIN_PEOPLE};
use crate::calendar::Period;
use crate::casework::labels::{concern_label, household_label, sex_label, source_label};
use crate::casework::model::Concern;
use crate::casework::referral::{Household, Sex, Source};
use crate::health_check::city_statistics::age_band_label;
use crate::health_check::questionnaire::Text;
use crate::i18n::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One referral of the period as the dashboard needs it (nothing that names
/// the person).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFact {
    /// The Tokyo date it arrived.
    pub received: NaiveDate,
    pub source: Source,
    pub sex: Option<Sex>,
    /// Age in years when it arrived (or the decade of a meeting note).
    pub age: Option<u32>,
    pub household: Option<Household>,
    pub district: Option<String>,
    pub concerns: Vec<Concern>,
    pub steps: Steps,
}

/// The Tokyo dates a referral reached each later step (none: not yet).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Steps {
    pub assigned: Option<NaiveDate>,
    pub contacted: Option<NaiveDate>,
    pub supporting: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Received,
    Assigned,
    FirstContact,
    InSupport,
    Closed,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Received, Step::Assigned, Step::FirstContact, Step::InSupport, Step::Closed];

    pub fn key(self) -> &'static str {
        match self {
            Step::Received => "received",
            Step::Assigned => "assigned",
            Step::FirstContact => "first_contact",
            Step::InSupport => "in_support",
            Step::Closed => "closed",
        }
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Step::Received => td_string!(l, dashboard.step_received),
            Step::Assigned => td_string!(l, dashboard.step_assigned),
            Step::FirstContact => td_string!(l, dashboard.step_first_contact),
            Step::InSupport => td_string!(l, dashboard.step_in_support),
            Step::Closed => td_string!(l, dashboard.step_closed),
        }
    }

    fn date(self, f: &ReferralFact) -> Option<NaiveDate> {
        match self {
            Step::Received => Some(f.received),
            Step::Assigned => f.steps.assigned,
            Step::FirstContact => f.steps.contacted,
            Step::InSupport => f.steps.supporting,
            Step::Closed => f.steps.closed,
        }
    }
}

/// Age bands of ten years, the youngest and oldest open-ended.
pub const AGE_BANDS: [&str; 7] = ["-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-"];

pub fn age_band(age: u32) -> &'static str {
    match age {
        0..=39 => AGE_BANDS[0],
        90.. => AGE_BANDS[6],
        a => AGE_BANDS[(a / 10 - 3) as usize],
    }
}

/// The median days from one step to the next, over the people who reached
/// both (none when fewer than [`MIN_PEOPLE`] did).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepTime {
    pub from: Step,
    pub to: Step,
    pub median_days: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralSection {
    /// Referrals received in the period (the breakdowns' shared total).
    pub total: Option<Figure>,
    pub by_month: Line,
    pub by_source: Line,
    pub by_age: Line,
    pub by_household: Line,
    pub by_sex: Line,
    /// A referral ticks several concerns: no total.
    pub by_concern: Line,
    /// How many reached each step (a person counts in every step reached).
    pub funnel: Line,
    pub step_times: Vec<StepTime>,
}

fn median(mut v: Vec<i64>) -> Option<f32> {
    if v.len() < MIN_PEOPLE as usize {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] as f32 } else { (v[n / 2 - 1] + v[n / 2]) as f32 / 2.0 })
}

/// Referrals by concern ticked and district (a referral counts for every
/// concern it ticks).
pub fn concern_split(facts: &[ReferralFact], districts: &Districts) -> Split {
    let mut split = Split::new(Concern::ALL.iter().map(|c| (c.as_str().to_string(), both(|l| concern_label(*c, l)))).collect(), districts, false);
    for f in facts {
        let col = districts.column(f.district.as_deref());
        for c in &f.concerns {
            split.add(c.as_str(), col);
        }
    }
    split
}

/// The referrals section for `view` (facts: the referrals received in
/// `period`, every district; `concerns`: their [`concern_split`], protected
/// once for every view that shows it).
pub fn referrals(facts: &[ReferralFact], period: &Period, districts: &Districts, view: View, concerns: (&Split, &Protected)) -> ReferralSection {
    let months: Vec<(String, Text)> = period.months().into_iter().map(|(y, m)| (format!("{y:04}-{m:02}"), month_label(y, m))).collect();
    let mut by_month = Split::new(months, districts, true);
    let mut by_source = Split::new(Source::ALL.iter().map(|s| (s.as_str().to_string(), both(|l| source_label(*s, l)))).collect(), districts, true);
    let mut age_keys: Vec<(String, Text)> = AGE_BANDS.iter().map(|b| (b.to_string(), Text::new(age_band_label(b, true), age_band_label(b, false)))).collect();
    age_keys.push(("unknown".into(), both(|l| td_string!(l, dashboard.not_recorded))));
    let mut by_age = Split::new(age_keys, districts, true);
    let mut household_keys: Vec<(String, Text)> = Household::ALL.iter().map(|h| (h.as_str().to_string(), both(|l| household_label(*h, l)))).collect();
    household_keys.push(("unknown".into(), both(|l| td_string!(l, dashboard.not_recorded))));
    let mut by_household = Split::new(household_keys, districts, true);
    let mut sex_keys: Vec<(String, Text)> = Sex::ALL.iter().filter(|s| **s != Sex::Unanswered).map(|s| (s.as_str().to_string(), both(|l| sex_label(*s, l)))).collect();
    sex_keys.push(("unanswered".into(), both(|l| td_string!(l, dashboard.not_recorded))));
    let mut by_sex = Split::new(sex_keys, districts, true);
    let mut funnel = Split::new(Step::ALL.iter().map(|s| (s.key().to_string(), both(|l| s.label(l)))).collect(), districts, false);
    for f in facts {
        let col = districts.column(f.district.as_deref());
        by_month.add(&f.received.format("%Y-%m").to_string(), col);
        by_source.add(f.source.as_str(), col);
        by_age.add(f.age.map(age_band).unwrap_or("unknown"), col);
        by_household.add(f.household.map(Household::as_str).unwrap_or("unknown"), col);
        by_sex.add(f.sex.filter(|s| *s != Sex::Unanswered).map(Sex::as_str).unwrap_or("unanswered"), col);
        for s in Step::ALL {
            if s.date(f).is_some() {
                funnel.add(s.key(), col);
            }
        }
    }
    let mut out = lines(&[&by_month, &by_source, &by_age, &by_household, &by_sex], view).into_iter();
    let mut next = || out.next().unwrap_or_default();
    let (by_month, by_source, by_age, by_household, by_sex) = (next(), next(), next(), next(), next());
    let in_view = |f: &&ReferralFact| match view {
        View::Town => true,
        View::District(j) => districts.column(f.district.as_deref()) == j,
    };
    let step_times = Step::ALL
        .windows(2)
        .map(|w| {
            let days = facts.iter().filter(in_view).filter_map(|f| Some((w[1].date(f)? - w[0].date(f)?).num_days())).collect();
            StepTime { from: w[0], to: w[1], median_days: median(days) }
        })
        .collect();
    ReferralSection {
        total: by_source.total,
        by_month,
        by_source,
        by_age,
        by_household,
        by_sex,
        by_concern: view_of(concerns.0, concerns.1, view),
        funnel: line(&funnel, view),
        step_times,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Figure::*;

    pub(crate) fn districts() -> Districts {
        Districts::new(vec![("kitayama".into(), Text::new("北山", "Kitayama")), ("chuo".into(), Text::new("中央", "Chuo"))])
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn fact(i: u32) -> ReferralFact {
        let received = d(5 + i % 3, 1 + i % 20);
        ReferralFact {
            received,
            source: if i.is_multiple_of(4) { Source::Commissioner } else { Source::Clinic },
            sex: Some(if i.is_multiple_of(2) { Sex::Female } else { Sex::Male }),
            age: Some(70 + i % 15),
            household: Some(Household::Alone),
            district: Some(if i < 12 { "chuo" } else { "kitayama" }.to_string()),
            concerns: vec![Concern::WantsConnection, Concern::LowMood],
            steps: Steps {
                assigned: Some(received + chrono::Duration::days(2)),
                contacted: (!i.is_multiple_of(5)).then(|| received + chrono::Duration::days(2 + i as i64)),
                supporting: None,
                closed: None,
            },
        }
    }

    fn section(facts: &[ReferralFact], view: View) -> ReferralSection {
        let concerns = concern_split(facts, &districts());
        let protected = super::super::breakdown::protect_split(&concerns);
        referrals(facts, &Period::FiscalYear(2026), &districts(), view, (&concerns, &protected))
    }

    #[test]
    fn counts_by_source_month_and_age_with_their_total() {
        let facts: Vec<ReferralFact> = (0..20).map(fact).collect();
        let s = section(&facts, View::Town);
        assert_eq!(s.total, Some(Count(20)));
        assert_eq!(s.by_source.figure("clinic"), Some(Count(15)));
        assert_eq!(s.by_source.figure("commissioner"), Some(Count(5)));
        assert_eq!(s.by_source.figure("pharmacy"), Some(Count(0)));
        assert_eq!(s.by_month.items.len(), 12);
        assert_eq!(s.by_month.items[0].label.ja, "2026年4月");
        assert_eq!(s.by_age.figure("70-79"), Some(Count(15)));
        assert_eq!(s.by_age.figure("80-89"), Some(Count(5)));
        assert_eq!(s.by_concern.figure("low_mood"), Some(Count(20)));
        assert_eq!(s.by_concern.total, None);
        assert_eq!(s.funnel.figure("received"), Some(Count(20)));
        assert_eq!(s.funnel.figure("first_contact"), Some(Count(16)));
        assert_eq!(s.funnel.figure("closed"), Some(Count(0)));
        assert_eq!(s.step_times[0].median_days, Some(2.0));
        assert_eq!(s.step_times[2].median_days, None, "nobody in support");
    }

    #[test]
    fn a_district_view_hides_what_rests_on_few_people() {
        let facts: Vec<ReferralFact> = (0..20).map(fact).collect();
        // Kitayama: 8 referrals, 2 from a commissioner
        let s = section(&facts, View::District(0));
        assert_eq!(s.by_source.figure("commissioner"), Some(Small));
        // with the district's 8 and its 6 from clinics both shown, the 2 would be plain
        let clinic = s.by_source.figure("clinic").and_then(Figure::shown);
        assert!(clinic.is_none() || s.total.and_then(Figure::shown).is_none(), "{:?}", s.by_source);
        assert_eq!(s.step_times[0].median_days, Some(2.0));
    }

    #[test]
    fn ages_fall_in_bands() {
        assert_eq!(age_band(12), "-39");
        assert_eq!(age_band(45), "40-49");
        assert_eq!(age_band(89), "80-89");
        assert_eq!(age_band(104), "90-");
        assert_eq!(median(vec![5, 1, 3, 2, 4, 6]), Some(3.5));
        assert_eq!(median(vec![1, 2, 3, 4]), None);
    }
}
