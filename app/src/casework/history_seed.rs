//! The demo town's casework history (issue 19): referrals, cases, their
//! status revisions, connections, ratings and quick checks spread over the
//! previous fiscal year and the current one (April–March, Asia/Tokyo), so the
//! city dashboard has realistic numbers to show. Fictional people only
//! (「デモ利用者 0001」…).
//!
//! Two halves: [`plan_history`] is pure (same plan, same day, same directory
//! → the same rows; a small xorshift generator, seeded per referral, so a
//! longer plan keeps the earlier rows) and [`seed_history`] writes the plan
//! with multi-row INSERTs (portable SQL through sqlx's `Any` driver).
//!
//! Every time written lies before `today` (00:00 in Tokyo). The cases are
//! held by two fictional colleagues who cannot sign in (a former link worker,
//! disabled since the current fiscal year began, and a present one without a
//! password), so the demo link worker's own list and tablet stay as small as
//! before; the office lead sees them all through the team.
use super::model::{CaseStatus, CloseReason, Concern, ConsentBy, Indicator, Stage, TieKind};
use crate::activities::model::Family;
use crate::accounts::session::time_text as utc_text;
use crate::calendar::JST;
use crate::health_check::questionnaire::POSITIVE_HEALTH_DIMENSIONS;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};

/// How much history to write, and the generator's seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryPlan {
    pub referrals: usize,
    pub rng_seed: u64,
}

/// The demo town: about 60 referrals over a year and a half (practice
/// reports 10–21 a year in a city of 20–80k; the demo shows a busier office).
pub const DEMO_HISTORY: HistoryPlan = HistoryPlan { referrals: 60, rng_seed: 19 };

/// The device the history's field revisions name.
pub const DEVICE: &str = "demo-history";
/// The questionnaire of the tablet's quick check.
pub const QUICK_CHECK: &str = "positive-health-quick";
/// The fictional colleagues who hold the history's cases (neither can sign in).
pub const FORMER_WORKER: (&str, &str) = ("former-linkworker@midorino.example.jp", "前任リンクワーカー 中村（デモ・退職）");
pub const PRESENT_WORKER: (&str, &str) = ("linkworker2@midorino.example.jp", "リンクワーカー 小林（デモ・サインイン不可）");
/// Not an argon2 hash: no password ever matches it.
const NO_PASSWORD: &str = "!";

/// Rows per INSERT statement at most…
const BATCH: usize = 200;
/// …and placeholders: SQLite looks a numbered placeholder's name up in a
/// list as long as the statement's, so binding costs the square of their
/// number (5,000 a statement made binding 60 % of the time; at 200 it is
/// a few per cent).
const MAX_PARAMS: usize = 200;

/// What was written (for tests and the benchmark).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistorySummary {
    pub referrals: usize,
    pub cases: usize,
    pub closed_cases: usize,
    /// rows of `case_fields` (status and close reason revisions)
    pub field_revisions: usize,
    pub connections: usize,
    pub ratings: usize,
    pub checks: usize,
}

// ---------------------------------------------------------------------------
// The directory the plan draws on
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub slug: String,
    pub name_ja: String,
}

/// An activity or resource a connection may point at.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub id: i64,
    pub name: String,
    pub family: Family,
    pub tie: TieKind,
}

/// What already exists in the database when the history is planned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    pub districts: Vec<District>,
    pub activities: Vec<Listing>,
    pub resources: Vec<Listing>,
}

// ---------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------

/// Who holds a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// left before the current fiscal year (cases closed before it began)
    Former,
    /// everything else
    Present,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedReferral {
    /// 1, 2, 3… in the plan
    pub ordinal: usize,
    pub source: &'static str,
    /// `consented` or `meeting`
    pub kind: &'static str,
    /// `assigned` (with a case), `declined` or `meeting`
    pub status: &'static str,
    pub institution: Option<String>,
    pub doctor: Option<&'static str>,
    pub name: Option<String>,
    pub sex: Option<&'static str>,
    pub birth_date: Option<NaiveDate>,
    pub age_band: Option<i64>,
    pub address: Option<String>,
    pub district: Option<String>,
    pub phone: Option<String>,
    pub contact: Option<String>,
    pub contact_method: Option<&'static str>,
    pub contact_time: Option<&'static str>,
    pub topic: Option<&'static str>,
    pub medical_history: Option<&'static str>,
    /// in the checklist's order
    pub concerns: Vec<Concern>,
    pub most_pressing: Option<Concern>,
    pub free_text: Option<&'static str>,
    pub consent: Option<(ConsentBy, NaiveDate)>,
    pub household: Option<&'static str>,
    pub created_at: DateTime<Utc>,
    pub case: Option<PlannedCase>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCase {
    pub holder: Holder,
    pub opened_at: DateTime<Utc>,
    /// the status revisions, in order (revision 1, 2, …)
    pub statuses: Vec<(CaseStatus, DateTime<Utc>)>,
    pub close_reason: Option<(CloseReason, DateTime<Utc>)>,
    pub connections: Vec<PlannedConnection>,
    pub ratings: Vec<PlannedRating>,
    pub checks: Vec<PlannedCheck>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedConnection {
    pub activity_id: Option<i64>,
    pub resource_id: Option<i64>,
    pub label: String,
    pub tie: TieKind,
    pub family: Family,
    /// `active` or `planned`
    pub state: &'static str,
    pub started_on: Option<NaiveDate>,
    pub introduced_by: Option<&'static str>,
    pub before_support: bool,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRating {
    pub stage: Stage,
    pub indicator: Indicator,
    pub rating: u8,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCheck {
    pub stage: Stage,
    pub scores: BTreeMap<String, f64>,
    pub taken_on: NaiveDate,
    pub at: DateTime<Utc>,
}

impl PlannedCase {
    /// The status the last revision set (`received` before any).
    pub fn status(&self) -> CaseStatus {
        self.statuses.last().map(|(s, _)| *s).unwrap_or(CaseStatus::Received)
    }

    /// The last time anything was written to the case.
    pub fn updated_at(&self) -> DateTime<Utc> {
        let times = self
            .statuses
            .iter()
            .map(|(_, t)| *t)
            .chain(self.close_reason.iter().map(|(_, t)| *t))
            .chain(self.connections.iter().map(|c| c.at))
            .chain(self.ratings.iter().map(|r| r.at))
            .chain(self.checks.iter().map(|c| c.at));
        times.max().unwrap_or(self.opened_at).max(self.opened_at)
    }

    fn reached(&self, status: CaseStatus) -> Option<DateTime<Utc>> {
        self.statuses.iter().find(|(s, _)| *s == status).map(|(_, t)| *t)
    }
}

/// The counts a plan will write.
pub fn summary(plan: &[PlannedReferral]) -> HistorySummary {
    let cases: Vec<&PlannedCase> = plan.iter().filter_map(|r| r.case.as_ref()).collect();
    HistorySummary {
        referrals: plan.len(),
        cases: cases.len(),
        closed_cases: cases.iter().filter(|c| c.status() == CaseStatus::Closed).count(),
        field_revisions: cases.iter().map(|c| c.statuses.len() + c.close_reason.iter().count()).sum(),
        connections: cases.iter().map(|c| c.connections.len()).sum(),
        ratings: cases.iter().map(|c| c.ratings.len()).sum(),
        checks: cases.iter().map(|c| c.checks.len()).sum(),
    }
}

// ---------------------------------------------------------------------------
// A small deterministic generator (xorshift64*, seeded through splitmix64)
// ---------------------------------------------------------------------------

struct Rng(u64);

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let s = splitmix64(seed ^ splitmix64(stream));
        Rng(if s == 0 { 0x2545_F491_4F6C_DD1D } else { s })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0 ≤ n < `n` (n > 0)
    fn below(&mut self, n: u64) -> u64 {
        (((self.next() >> 32) * n) >> 32).min(n.saturating_sub(1))
    }

    /// `lo..=hi`
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// [0, 1)
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| *w).sum();
        let mut n = self.below(total as u64) as u32;
        for (item, w) in items {
            if n < *w {
                return *item;
            }
            n -= w;
        }
        items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------------------
// Word lists (fictional)
// ---------------------------------------------------------------------------

const SOURCES: [(&str, u32); 7] =
    [("clinic", 40), ("commissioner", 20), ("self", 12), ("pharmacy", 10), ("family", 10), ("office", 5), ("other", 3)];

/// (institution, doctor)
const CLINICS: [(&str, &str); 6] = [
    ("みどり野中央クリニック", "鈴木 一郎"),
    ("北山内科医院", "北山 正"),
    ("みどり野市民病院 総合診療科", "森田 恵"),
    ("さくら耳鼻咽喉科", "桜井 透"),
    ("みなみ眼科クリニック", "南 由紀"),
    ("ひがし整形外科", "東 健"),
];
const PHARMACIES: [&str; 3] = ["みどり野駅前薬局", "中央通り薬局", "北山ファーマシー"];
const OTHER_REFERRERS: [&str; 4] = ["みどり野交通（路線バス）", "移動販売 みどり号", "みどり野信用金庫", "みどり野警察署 生活安全課"];

const ELDER_CONCERNS: [(Concern, u32); 18] = [
    (Concern::WantsConnection, 20),
    (Concern::LowMood, 14),
    (Concern::Participation, 12),
    (Concern::Health, 12),
    (Concern::Care, 10),
    (Concern::LivingUnknown, 8),
    (Concern::FatigueStress, 6),
    (Concern::Nutrition, 6),
    (Concern::Money, 6),
    (Concern::Family, 6),
    (Concern::Withdrawal, 5),
    (Concern::Lifestyle, 5),
    (Concern::SkillNoPlace, 4),
    (Concern::Housing, 4),
    (Concern::Neighbours, 3),
    (Concern::Income, 2),
    (Concern::NothingToEat, 2),
    (Concern::Other, 2),
];
const YOUNGER_CONCERNS: [(Concern, u32); 13] = [
    (Concern::Withdrawal, 12),
    (Concern::WantsWork, 12),
    (Concern::Money, 12),
    (Concern::LowMood, 12),
    (Concern::Income, 8),
    (Concern::Work, 8),
    (Concern::Family, 8),
    (Concern::FatigueStress, 8),
    (Concern::WantsConnection, 6),
    (Concern::SchoolRefusal, 5),
    (Concern::Housing, 4),
    (Concern::DomesticViolence, 2),
    (Concern::Other, 2),
];

const ELDER_HOUSEHOLDS: [(&str, u32); 5] =
    [("alone", 40), ("elderly_couple", 30), ("elderly_with_child", 15), ("with_family", 12), ("other", 3)];
const YOUNGER_HOUSEHOLDS: [(&str, u32); 4] = [("single_parent", 35), ("with_family", 40), ("alone", 20), ("other", 5)];

const MEDICAL_HISTORY: [&str; 8] = [
    "高血圧（服薬中）",
    "糖尿病（通院中）",
    "変形性膝関節症",
    "軽度認知障害の疑い",
    "うつ状態（通院中）",
    "心不全（経過観察）",
    "腰痛",
    "特になし",
];
const FREE_TEXT: [&str; 10] = [
    "配偶者を亡くしてから外出が減った。",
    "受診のたびに、誰とも話していないと言う。",
    "畑仕事が好きだが、腰を痛めてからやめている。",
    "家族は遠方に住んでいて、日中はひとり。",
    "薬の飲み忘れが増えた。食事も簡単に済ませているようだ。",
    "地域の集まりに行ってみたいが、きっかけがない。",
    "以前は民謡の会に通っていた。",
    "子どもが家から出られない状態が続いていると相談があった。",
    "仕事を辞めてから生活が苦しいと話している。",
    "近所づきあいがほとんどない様子。",
];
const SELF_TOPICS: [&str; 5] =
    ["人と話す機会がほしい", "からだのことが心配", "何か始めたいことを探している", "家族のことで相談したい", "暮らしのお金のこと"];
const CONTACT_TIMES: [&str; 4] = ["平日の午前", "平日の午後", "夕方以降", "いつでも"];

/// (label, tie, family) of ties named in free text.
const FREE_TIES: [(&str, TieKind, Family); 24] = [
    ("長女（市外在住）", TieKind::Informal, Family::People),
    ("長男（隣町在住）", TieKind::Informal, Family::People),
    ("近所の友人", TieKind::Informal, Family::People),
    ("町内会の班長", TieKind::Informal, Family::People),
    ("元同僚", TieKind::Informal, Family::People),
    ("行きつけの理髪店", TieKind::Informal, Family::People),
    ("移動販売の店員", TieKind::Informal, Family::People),
    ("郵便局の配達員", TieKind::Formal, Family::People),
    ("地域包括支援センター", TieKind::Formal, Family::Life),
    ("社会福祉協議会 生活支援コーディネーター", TieKind::Formal, Family::Life),
    ("担当ケアマネジャー", TieKind::Formal, Family::Life),
    ("市役所 福祉課", TieKind::Formal, Family::Life),
    ("訪問看護ステーション", TieKind::Formal, Family::Life),
    ("保健センター 保健師", TieKind::Formal, Family::Life),
    ("法律相談（法テラス）", TieKind::Formal, Family::Life),
    ("配食サービス", TieKind::Formal, Family::Life),
    ("フードバンクみどり野", TieKind::Informal, Family::Life),
    ("公民館の体操教室", TieKind::Informal, Family::Vitality),
    ("囲碁・将棋クラブ", TieKind::Informal, Family::Vitality),
    ("畑仕事の仲間", TieKind::Informal, Family::Vitality),
    ("子ども食堂のボランティア", TieKind::Informal, Family::Vitality),
    ("図書館の朗読会", TieKind::Informal, Family::Vitality),
    ("シルバー人材センター", TieKind::Formal, Family::Vitality),
    ("就労支援センター", TieKind::Formal, Family::Vitality),
];
/// Ties a person often already has (the second one before support).
const EXISTING_TIES: [(&str, TieKind, Family); 5] = [
    ("長女（市外在住）", TieKind::Informal, Family::People),
    ("近所の友人", TieKind::Informal, Family::People),
    ("かかりつけ医", TieKind::Formal, Family::Life),
    ("担当ケアマネジャー", TieKind::Formal, Family::Life),
    ("民生委員", TieKind::Formal, Family::Life),
];
/// Where younger people are more often connected (work, money, children).
const YOUNGER_TIES: [(&str, TieKind, Family); 6] = [
    ("就労支援センター", TieKind::Formal, Family::Vitality),
    ("社会福祉協議会 生活支援コーディネーター", TieKind::Formal, Family::Life),
    ("法律相談（法テラス）", TieKind::Formal, Family::Life),
    ("フードバンクみどり野", TieKind::Informal, Family::Life),
    ("子ども食堂のボランティア", TieKind::Informal, Family::Vitality),
    ("市役所 福祉課", TieKind::Formal, Family::Life),
];
const INTRODUCERS: [&str; 4] = ["リンクワーカー", "民生委員", "本人の友人", "社会福祉協議会"];

const CLOSE_REASONS: [(CloseReason, u32); 5] = [
    (CloseReason::Connected, 80),
    (CloseReason::Declined, 5),
    (CloseReason::Moved, 6),
    (CloseReason::Deceased, 4),
    (CloseReason::Other, 5),
];

/// (indicator, lowest, highest) at intake
const INTAKE_RATINGS: [(Indicator, i64, i64); 6] = [
    (Indicator::BasicNeeds, 2, 4),
    (Indicator::Resources, 1, 3),
    (Indicator::Connected, 1, 3),
    (Indicator::Learning, 1, 2),
    (Indicator::Places, 1, 3),
    (Indicator::Contributes, 1, 2),
];

/// (dimension, lowest, highest) of the quick check at intake (0–10)
fn intake_score_range(dimension: &str) -> (i64, i64) {
    match dimension {
        "body" => (3, 7),
        "mind" => (2, 6),
        "meaning" => (2, 6),
        "quality" => (3, 6),
        "participation" => (1, 5),
        _ => (4, 8),
    }
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// The fiscal year (April–March) `d` falls in, by the year it starts.
fn fiscal_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// `minute` minutes after midnight of `day` in Tokyo, as UTC.
fn tokyo(day: NaiveDate, minute: i64) -> DateTime<Utc> {
    (day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minute) - Duration::hours(9)).and_utc()
}

fn tokyo_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&JST).date_naive()
}

/// A time in office hours (9:00–17:30) of `day`.
fn office_hours(rng: &mut Rng, day: NaiveDate) -> DateTime<Utc> {
    tokyo(day, rng.range(9 * 60, 17 * 60 + 30))
}

/// `min_days..=max_days` days after `prev` (the same day: a little later).
fn later(rng: &mut Rng, prev: DateTime<Utc>, min_days: i64, max_days: i64) -> DateTime<Utc> {
    let gap = rng.range(min_days, max_days);
    if gap == 0 {
        prev + Duration::minutes(rng.range(20, 180))
    } else {
        office_hours(rng, tokyo_day(prev) + Duration::days(gap))
    }
}

/// A time between `from` and `to` (`from` < `to`), strictly inside.
fn between(rng: &mut Rng, from: DateTime<Utc>, to: DateTime<Utc>, lo: f64, hi: f64) -> DateTime<Utc> {
    let span = (to - from).num_seconds().max(2);
    let f = lo + (hi - lo) * rng.unit();
    let s = ((span as f64 * f) as i64).clamp(1, span - 1);
    from + Duration::seconds(s)
}

/// The first and last day referrals may be made: 1 April of the previous
/// fiscal year to two days before `today` (a case opens a day or more later).
pub fn history_span(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let fy = fiscal_year_of(today);
    let start = NaiveDate::from_ymd_opt(fy - 1, 4, 1).unwrap_or(today);
    (start, today - Duration::days(2))
}

/// The `ordinal`th point of an evenly spread sequence in [0, 1) (a Weyl
/// sequence: any run of it fills the interval evenly).
fn spread(seed: u64, ordinal: usize, step: f64) -> f64 {
    let offset = (splitmix64(seed) >> 11) as f64 / (1u64 << 53) as f64;
    (offset + ordinal as f64 * step).fract()
}

/// The referral's source: along a golden-ratio sequence rather than drawn,
/// so that even the demo's 60 referrals show the mix practice reports (a
/// draw of 60 easily gives a quarter self-referrals and a quarter clinics).
fn source_of(seed: u64, ordinal: usize) -> &'static str {
    let u = spread(seed, ordinal, 0.618_033_988_749_894_9);
    let total: u32 = SOURCES.iter().map(|(_, w)| *w).sum();
    let mut at = u * total as f64;
    for (source, w) in SOURCES {
        if at < w as f64 {
            return source;
        }
        at -= w as f64;
    }
    SOURCES[SOURCES.len() - 1].0
}

/// A referral day: uniform over the span, a bit more in winter.
fn referral_day(rng: &mut Rng, start: NaiveDate, end: NaiveDate) -> NaiveDate {
    let days = (end - start).num_days().max(0) as u64 + 1;
    loop {
        let day = start + Duration::days(rng.below(days) as i64);
        let weight = match day.month() {
            12 | 1 | 2 => 13,
            11 | 3 => 11,
            _ => 10,
        };
        if rng.below(13) < weight {
            return day;
        }
    }
}

// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

/// The whole history, pure: the same `today`, directory and plan give the
/// same rows. Nothing in it is at or after `today` 00:00 in Tokyo.
pub fn plan_history(today: NaiveDate, directory: &Directory, plan: &HistoryPlan) -> Vec<PlannedReferral> {
    (1..=plan.referrals).map(|n| plan_referral(today, directory, plan.rng_seed, n)).collect()
}

fn plan_referral(today: NaiveDate, directory: &Directory, seed: u64, ordinal: usize) -> PlannedReferral {
    let mut rng = Rng::new(seed, ordinal as u64);
    let (start, end) = history_span(today);
    let day = referral_day(&mut rng, start, end);
    let created_at = office_hours(&mut rng, day);
    let source = source_of(seed, ordinal);
    // without consent (only for the support meeting; never from the
    // self-check) about 8 %, declined about 5 %
    let outcome = spread(seed ^ 0x0DEC_1DED, ordinal, 0.414_213_562_373_095_1);
    let meeting = source != "self" && outcome < 0.091;
    let declined = (0.091..0.141).contains(&outcome);
    let elder = rng.chance(0.8);
    let age = if elder { 65 + rng.range(0, 13) + rng.range(0, 12) } else { rng.range(30, 64) };
    let birth_date = day - Duration::days(age * 365 + age / 4 + rng.range(0, 364));
    let district = if directory.districts.is_empty() { None } else { Some(rng.pick(&directory.districts).clone()) };
    let concerns = {
        let table: &[(Concern, u32)] = if elder { &ELDER_CONCERNS } else { &YOUNGER_CONCERNS };
        let n = rng.weighted(&[(1usize, 35), (2, 40), (3, 25)]);
        let mut chosen: Vec<Concern> = Vec::new();
        while chosen.len() < n {
            let c = rng.weighted(table);
            if !chosen.contains(&c) {
                chosen.push(c);
            }
        }
        chosen
    };
    let most_pressing = concerns.first().copied();
    let mut concerns_sorted = concerns.clone();
    concerns_sorted.sort_by_key(|c| Concern::ALL.iter().position(|a| a == c));
    let free_text = Some(*rng.pick(&FREE_TEXT));
    let sex = rng.weighted(&[("female", 60u32), ("male", 38), ("unanswered", 2)]);
    let household = rng.weighted(if elder { &ELDER_HOUSEHOLDS[..] } else { &YOUNGER_HOUSEHOLDS[..] });
    let (institution, doctor) = match source {
        "clinic" => {
            let (i, d) = *rng.pick(&CLINICS);
            (Some(i.to_string()), Some(d))
        }
        "pharmacy" => (Some(rng.pick(&PHARMACIES).to_string()), None),
        "commissioner" => {
            let area = district.as_ref().map(|d| d.name_ja.as_str()).unwrap_or("市内");
            (Some(format!("民生委員・児童委員（{area}地区）")), None)
        }
        "other" => (Some(rng.pick(&OTHER_REFERRERS).to_string()), None),
        _ => (None, None),
    };

    let mut r = PlannedReferral {
        ordinal,
        source,
        kind: "consented",
        status: "assigned",
        institution,
        doctor,
        name: None,
        sex: None,
        birth_date: None,
        age_band: None,
        address: None,
        district: district.as_ref().map(|d| d.slug.clone()),
        phone: None,
        contact: None,
        contact_method: None,
        contact_time: None,
        topic: None,
        medical_history: None,
        concerns: concerns_sorted,
        most_pressing,
        free_text,
        consent: None,
        household: None,
        created_at,
        case: None,
    };
    if meeting {
        // nothing that identifies: the decade of age and the district
        r.kind = "meeting";
        r.status = "meeting";
        r.age_band = Some(age / 10 * 10);
        r.most_pressing = None;
        return r;
    }
    r.name = Some(format!("デモ利用者 {ordinal:04}"));
    let consent_by = rng.weighted(&[(ConsentBy::Person, 75u32), (ConsentBy::Family, 15), (ConsentBy::Verbal, 10)]);
    if source == "self" {
        // the self-check's form: a name and how to reach them, nothing more
        r.consent = Some((ConsentBy::Person, day));
        r.contact = Some(format!("0796-00-{:04}", ordinal % 10_000));
        r.contact_method = Some(rng.weighted(&[("phone", 60u32), ("visit", 15), ("any", 25)]));
        r.contact_time = Some(*rng.pick(&CONTACT_TIMES));
        r.topic = Some(*rng.pick(&SELF_TOPICS));
        r.district = None;
        r.concerns = Vec::new();
        r.most_pressing = None;
        r.free_text = None;
    } else {
        r.consent = Some((consent_by, day - Duration::days(rng.range(0, 3))));
        r.sex = Some(sex);
        r.birth_date = Some(birth_date);
        r.household = Some(household);
        r.address = district.as_ref().map(|d| format!("みどり野市 {}{}-{}（架空）", d.name_ja, rng.range(1, 5), rng.range(1, 30)));
        r.phone = Some(format!("0796-00-{:04}", ordinal % 10_000));
        r.medical_history = Some(*rng.pick(&MEDICAL_HISTORY));
    }
    if declined {
        r.status = "declined";
        return r;
    }
    r.case = Some(plan_case(&mut rng, today, directory, &r, elder));
    r
}

fn plan_case(rng: &mut Rng, today: NaiveDate, directory: &Directory, referral: &PlannedReferral, elder: bool) -> PlannedCase {
    let cutoff = tokyo(today, 0);
    let fy_start = tokyo(NaiveDate::from_ymd_opt(fiscal_year_of(today), 4, 1).unwrap_or(today), 0);
    let opened_day = (tokyo_day(referral.created_at) + Duration::days(rng.range(1, 10))).min(today - Duration::days(1));
    let opened_at = office_hours(rng, opened_day).max(referral.created_at + Duration::hours(1));
    // some cases take much longer at every step
    let slow = if rng.chance(0.12) { rng.range(2, 3) } else { 1 };
    let steps = [
        (CaseStatus::Contacting, 0, 3),
        (CaseStatus::Assessing, 3, 14),
        (CaseStatus::Connecting, 5, 21),
        (CaseStatus::FollowingUp, 10, 40),
        (CaseStatus::Closed, 14, 60),
    ];
    let mut statuses = Vec::new();
    let mut prev = opened_at;
    for (status, lo, hi) in steps {
        let at = later(rng, prev, lo * slow, hi * slow);
        if at >= cutoff {
            break;
        }
        statuses.push((status, at));
        prev = at;
    }
    let mut case = PlannedCase {
        holder: Holder::Present,
        opened_at,
        statuses,
        close_reason: None,
        connections: Vec::new(),
        ratings: Vec::new(),
        checks: Vec::new(),
    };
    let closed_at = case.reached(CaseStatus::Closed);
    if let Some(t) = closed_at {
        case.close_reason = Some((rng.weighted(&CLOSE_REASONS), t - Duration::minutes(1)));
        if t < fy_start {
            case.holder = Holder::Former;
        }
    }

    // ties the person already had, recorded at the first contact
    let Some(first_contact) = case.reached(CaseStatus::Contacting) else { return case };
    let first_tie = match referral.source {
        "clinic" | "pharmacy" => (referral.institution.clone().unwrap_or_default(), TieKind::Formal, Family::Life),
        "commissioner" => ("民生委員".to_string(), TieKind::Formal, Family::Life),
        "family" => (
            rng.pick(&["長女（市外在住）", "長男（隣町在住）", "妹（市内在住）", "近所の友人"]).to_string(),
            TieKind::Informal,
            Family::People,
        ),
        "office" => ("地域包括支援センター".to_string(), TieKind::Formal, Family::Life),
        "other" => (referral.institution.clone().unwrap_or_default(), TieKind::Formal, Family::People),
        _ => ("かかりつけ医".to_string(), TieKind::Formal, Family::Life),
    };
    let mut before = vec![first_tie];
    if rng.chance(0.4) {
        let (label, tie, family) = *rng.pick(&EXISTING_TIES);
        if before.iter().all(|(l, _, _)| l != label) {
            before.push((label.to_string(), tie, family));
        }
    }
    let contact_end = case.reached(CaseStatus::Assessing).unwrap_or(cutoff);
    for (label, tie, family) in before {
        case.connections.push(PlannedConnection {
            activity_id: None,
            resource_id: None,
            label,
            tie,
            family,
            state: "active",
            started_on: None,
            introduced_by: None,
            before_support: true,
            at: between(rng, first_contact, contact_end, 0.05, 0.5),
        });
    }

    // the six indicators and the quick check, during the assessment
    let (Some(assessing), Some(connecting)) = (case.reached(CaseStatus::Assessing), case.reached(CaseStatus::Connecting)) else {
        return case;
    };
    let assessed_at = between(rng, assessing, connecting, 0.3, 0.8);
    let mut intake = Vec::new();
    for (indicator, lo, hi) in INTAKE_RATINGS {
        let rating = rng.range(lo, hi) as u8;
        intake.push((indicator, rating));
        case.ratings.push(PlannedRating { stage: Stage::Intake, indicator, rating, at: assessed_at });
    }
    let intake_scores: Option<BTreeMap<String, f64>> = rng.chance(0.7).then(|| {
        POSITIVE_HEALTH_DIMENSIONS
            .iter()
            .map(|(id, _, _)| {
                let (lo, hi) = intake_score_range(id);
                (id.to_string(), rng.range(lo, hi) as f64)
            })
            .collect()
    });
    if let Some(scores) = &intake_scores {
        case.checks.push(PlannedCheck { stage: Stage::Intake, scores: scores.clone(), taken_on: tokyo_day(assessed_at), at: assessed_at });
    }

    // connections made during support
    let following = case.reached(CaseStatus::FollowingUp);
    let support_end = closed_at.unwrap_or(cutoff);
    // a closed case ends with 3–12 in all
    let before_n = case.connections.len() as i64;
    let during = match case.status() {
        CaseStatus::Closed => (2 + rng.range(0, 3) + rng.range(0, 3) + if rng.chance(0.2) { rng.range(0, 3) } else { 0 }).min(12 - before_n),
        CaseStatus::FollowingUp => rng.range(1, 4),
        _ => rng.range(0, 2),
    };
    let planned_share = match case.status() {
        CaseStatus::Closed => 0.08,
        CaseStatus::FollowingUp => 0.2,
        _ => 0.6,
    };
    let mut used_activities: Vec<i64> = Vec::new();
    let mut used_labels: Vec<String> = Vec::new();
    for _ in 0..during {
        let at = between(rng, connecting, support_end, 0.03, 0.9);
        let kind = rng.below(100);
        let listing = if kind < 35 && !directory.activities.is_empty() {
            Some((rng.pick(&directory.activities).clone(), true))
        } else if kind < 60 && !directory.resources.is_empty() {
            Some((rng.pick(&directory.resources).clone(), false))
        } else {
            None
        };
        let (activity_id, resource_id, label, tie, family) = match listing {
            Some((l, true)) => (Some(l.id), None, l.name, l.tie, l.family),
            Some((l, false)) => (None, Some(l.id), l.name, l.tie, l.family),
            None => {
                // younger people more often towards work and money
                let (label, tie, family) = if !elder && rng.chance(0.3) {
                    *rng.pick(&YOUNGER_TIES)
                } else {
                    *rng.pick(&FREE_TIES)
                };
                (None, None, label.to_string(), tie, family)
            }
        };
        if activity_id.is_some_and(|id| used_activities.contains(&id)) || used_labels.contains(&label) {
            continue;
        }
        activity_id.into_iter().for_each(|id| used_activities.push(id));
        used_labels.push(label.clone());
        let state = if rng.chance(planned_share) { "planned" } else { "active" };
        case.connections.push(PlannedConnection {
            activity_id,
            resource_id,
            label,
            tie,
            family,
            state,
            started_on: (state == "active").then(|| tokyo_day(at)),
            introduced_by: rng.chance(0.6).then(|| *rng.pick(&INTRODUCERS)),
            before_support: false,
            at,
        });
    }
    // a closed case always made at least two (a repeated pick above was skipped)
    let made = case.connections.iter().filter(|c| !c.before_support).count();
    if case.status() == CaseStatus::Closed && made < 2 {
        for (label, tie, family) in FREE_TIES.iter().filter(|(l, _, _)| !used_labels.iter().any(|u| u == l)).take(2 - made) {
            let at = between(rng, connecting, support_end, 0.1, 0.9);
            case.connections.push(PlannedConnection {
                activity_id: None,
                resource_id: None,
                label: label.to_string(),
                tie: *tie,
                family: *family,
                state: "active",
                started_on: Some(tokyo_day(at)),
                introduced_by: Some("リンクワーカー"),
                before_support: false,
                at,
            });
        }
    }

    // the review before closing: mostly better, some the same, a few worse
    if let (Some(following), Some(closed)) = (following, closed_at) {
        let reviewed_at = between(rng, following, closed, 0.6, 0.95);
        for (indicator, rating) in intake {
            let delta = rng.weighted(&[(1i64, 55u32), (2, 15), (0, 20), (-1, 10)]);
            let rating = (rating as i64 + delta).clamp(1, 5) as u8;
            case.ratings.push(PlannedRating { stage: Stage::Review, indicator, rating, at: reviewed_at });
        }
        if rng.chance(0.7) {
            let scores = POSITIVE_HEALTH_DIMENSIONS
                .iter()
                .map(|(id, _, _)| {
                    let base = match &intake_scores {
                        Some(s) => s.get(*id).copied().unwrap_or(5.0) as i64,
                        None => {
                            let (lo, hi) = intake_score_range(id);
                            rng.range(lo, hi)
                        }
                    };
                    let mut delta = rng.weighted(&[(2i64, 20u32), (1, 40), (0, 30), (-1, 10)]);
                    if *id == "participation" && rng.chance(0.5) {
                        delta += 1;
                    }
                    (id.to_string(), (base + delta).clamp(0, 10) as f64)
                })
                .collect();
            case.checks.push(PlannedCheck { stage: Stage::Review, scores, taken_on: tokyo_day(reviewed_at), at: reviewed_at });
        }
    }
    case
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// A value bound to a placeholder.
enum V {
    I(i64),
    NI(Option<i64>),
    S(String),
    NS(Option<String>),
    B(bool),
}

fn s(v: impl Into<String>) -> V {
    V::S(v.into())
}

fn ns<T: Into<String>>(v: Option<T>) -> V {
    V::NS(v.map(Into::into))
}

/// `INSERT INTO {head} VALUES (…), (…) {tail}` for `rows`, up to `BATCH`
/// rows and `MAX_PARAMS` placeholders a statement; the rows `tail` (a
/// RETURNING clause) gives back.
async fn insert_rows(
    conn: &mut AnyConnection,
    head: &str,
    tail: &str,
    rows: &[Vec<V>],
) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
    let mut out = Vec::new();
    let Some(width) = rows.first().map(Vec::len) else { return Ok(out) };
    for chunk in rows.chunks((MAX_PARAMS / width.max(1)).clamp(1, BATCH)) {
        let mut sql = String::with_capacity(64 + chunk.len() * chunk[0].len() * 6);
        sql.push_str("INSERT INTO ");
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                if j > 0 {
                    sql.push_str(", ");
                }
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
        if !tail.is_empty() {
            sql.push(' ');
            sql.push_str(tail);
        }
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(x) => q.bind(*x),
                    V::NI(x) => q.bind(*x),
                    V::S(x) => q.bind(x.as_str()),
                    V::NS(x) => q.bind(x.as_deref()),
                    V::B(x) => q.bind(*x),
                };
            }
        }
        if tail.is_empty() {
            q.execute(&mut *conn).await?;
        } else {
            out.extend(q.fetch_all(&mut *conn).await?);
        }
    }
    Ok(out)
}

/// The districts, activities (with their first category's family) and
/// published resources the history may name.
pub async fn load_directory(conn: &mut AnyConnection) -> Result<Directory, sqlx::Error> {
    let districts = sqlx::query_as::<_, (String, String)>("SELECT slug, name_ja FROM districts ORDER BY sort_order, slug")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(slug, name_ja)| District { slug, name_ja })
        .collect();
    let mut families: HashMap<i64, Family> = HashMap::new();
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT ac.activity_id, c.family FROM activity_categories ac JOIN categories c ON c.id = ac.category_id
         ORDER BY ac.activity_id, c.sort_order, c.slug",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (id, family) in rows {
        if let Some(f) = Family::parse(&family) {
            families.entry(id).or_insert(f);
        }
    }
    let activities = sqlx::query_as::<_, (i64, String)>("SELECT id, name FROM activities ORDER BY id")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, name)| Listing {
            id,
            name,
            family: families.get(&id).copied().unwrap_or(Family::Vitality),
            tie: super::directory_pick::ssr::tie_of(None),
        })
        .collect();
    let resources = sqlx::query_as::<_, (i64, String, String)>("SELECT id, name, kind FROM resources WHERE status = 'published' ORDER BY id")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, name, kind)| {
            let kind = crate::resources::model::ResourceKind::parse(&kind);
            Listing {
                id,
                name,
                family: kind.map(|k| k.family()).unwrap_or(Family::People),
                tie: super::directory_pick::ssr::tie_of(kind),
            }
        })
        .collect();
    Ok(Directory { districts, activities, resources })
}

/// The demo team's id (created when missing, as on a bare database).
async fn demo_team(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM case_teams WHERE name = $1")
        .bind(super::seed::DEMO_TEAM)
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(id) => Ok(id),
        None => {
            sqlx::query_scalar("INSERT INTO case_teams (name) VALUES ($1) RETURNING id")
                .bind(super::seed::DEMO_TEAM)
                .fetch_one(&mut *conn)
                .await
        }
    }
}

/// A fictional colleague's account: no password matches it; the former one
/// is disabled too. Reused when it exists.
async fn colleague(
    conn: &mut AnyConnection,
    (email, name): (&str, &str),
    team: Option<i64>,
    created_at: &str,
    disabled_at: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&mut *conn).await?;
    if let Some(id) = found {
        return Ok(id);
    }
    sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, roles, created_at, team_id, disabled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(email)
    .bind(name)
    .bind(NO_PASSWORD)
    .bind(crate::accounts::Role::LinkWorker.as_str())
    .bind(created_at)
    .bind(team)
    .bind(disabled_at)
    .fetch_one(&mut *conn)
    .await
}

/// Writes referrals, cases, status revisions, connections, ratings and checks
/// spread over the fiscal year before `today`'s and the current one
/// (April–March, Asia/Tokyo), all in the past.
pub async fn seed_history(conn: &mut AnyConnection, today: NaiveDate, plan: &HistoryPlan) -> Result<HistorySummary, sqlx::Error> {
    let directory = load_directory(conn).await?;
    let planned = plan_history(today, &directory, plan);
    let team = demo_team(conn).await?;
    let (start, _) = history_span(today);
    let since = utc_text(tokyo(start, 0) - Duration::days(30));
    let fy_start = utc_text(tokyo(NaiveDate::from_ymd_opt(fiscal_year_of(today), 4, 1).unwrap_or(today), 0));
    let former = colleague(conn, FORMER_WORKER, None, &since, Some(&fy_start)).await?;
    let present = colleague(conn, PRESENT_WORKER, Some(team), &since, None).await?;

    // referrals: the ones with a case are found again by their (plan-unique) name
    let referral_rows: Vec<Vec<V>> = planned
        .iter()
        .map(|r| {
            vec![
                s(r.source),
                s(r.kind),
                ns(r.institution.clone()),
                ns(r.doctor),
                ns(r.name.clone()),
                ns(r.sex),
                ns(r.birth_date.map(|d| d.to_string())),
                V::NI(r.age_band),
                ns(r.address.clone()),
                ns(r.district.clone()),
                ns(r.phone.clone()),
                ns(r.contact.clone()),
                ns(r.contact_method),
                ns(r.contact_time),
                ns(r.topic),
                ns(r.medical_history),
                s(r.concerns.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")),
                ns(r.most_pressing.map(|c| c.as_str())),
                ns(r.free_text),
                ns(r.consent.map(|_| super::model::CONSENT_TEXT_JA)),
                ns(r.consent.map(|(_, d)| d.to_string())),
                ns(r.consent.map(|(by, _)| by.as_str())),
                s(r.status),
                s(utc_text(r.created_at)),
                ns(r.household),
            ]
        })
        .collect();
    let returned = insert_rows(
        conn,
        "referrals (source, kind, institution, doctor, name, sex, birth_date, age_band, address, district, phone, contact,
             contact_method, contact_time, topic, medical_history, concerns, most_pressing, free_text, consent_purpose,
             consented_at, consent_by, status, created_at, household)",
        "RETURNING id, name",
        &referral_rows,
    )
    .await?;
    drop(referral_rows);
    let mut referral_ids: HashMap<String, i64> = HashMap::new();
    for row in &returned {
        if let Some(name) = row.try_get::<Option<String>, _>(1)? {
            referral_ids.insert(name, row.try_get(0)?);
        }
    }

    // cases, found again by their referral
    let with_case: Vec<(&PlannedReferral, &PlannedCase)> =
        planned.iter().filter_map(|r| r.case.as_ref().map(|c| (r, c))).collect();
    let mut case_rows = Vec::with_capacity(with_case.len());
    let mut referral_of = Vec::with_capacity(with_case.len());
    for (r, c) in &with_case {
        let name = r.name.as_deref().unwrap_or_default();
        let referral_id = *referral_ids.get(name).ok_or_else(|| sqlx::Error::RowNotFound)?;
        referral_of.push(referral_id);
        case_rows.push(vec![
            V::I(referral_id),
            V::I(match c.holder {
                Holder::Former => former,
                Holder::Present => present,
            }),
            V::I(team),
            s(c.status().as_str()),
            s(utc_text(c.opened_at)),
            s(utc_text(c.updated_at())),
        ]);
    }
    let returned =
        insert_rows(conn, "cases (referral_id, assigned_to, team_id, status, opened_at, updated_at)", "RETURNING id, referral_id", &case_rows)
            .await?;
    let mut case_ids: HashMap<i64, i64> = HashMap::new();
    for row in &returned {
        case_ids.insert(row.try_get(1)?, row.try_get(0)?);
    }

    let (mut fields, mut connections, mut ratings, mut checks) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let holder_id = |c: &PlannedCase| match c.holder {
        Holder::Former => former,
        Holder::Present => present,
    };
    for ((_, c), referral_id) in with_case.iter().zip(&referral_of) {
        let case_id = *case_ids.get(referral_id).ok_or(sqlx::Error::RowNotFound)?;
        let author = holder_id(c);
        for (i, (status, at)) in c.statuses.iter().enumerate() {
            fields.push(vec![
                V::I(case_id),
                s("status"),
                V::I(i as i64 + 1),
                s(status.as_str()),
                s(DEVICE),
                V::I(author),
                s(utc_text(*at)),
            ]);
        }
        if let Some((reason, at)) = c.close_reason {
            fields.push(vec![V::I(case_id), s("close_reason"), V::I(1), s(reason.as_str()), s(DEVICE), V::I(author), s(utc_text(at))]);
        }
        for (k, k_conn) in c.connections.iter().enumerate() {
            let at = utc_text(k_conn.at);
            connections.push(vec![
                V::I(case_id),
                s(format!("demo-history-conn-{case_id}-{}", k + 1)),
                V::NI(k_conn.activity_id),
                V::NI(k_conn.resource_id),
                s(k_conn.label.clone()),
                s(k_conn.tie.as_str()),
                s(k_conn.family.as_str()),
                s(k_conn.state),
                ns(k_conn.started_on.map(|d| d.to_string())),
                ns(k_conn.introduced_by),
                V::B(k_conn.before_support),
                V::I(author),
                s(at.clone()),
                s(at),
            ]);
        }
        for rating in &c.ratings {
            let at = utc_text(rating.at);
            ratings.push(vec![
                V::I(case_id),
                s(format!("demo-history-rating-{case_id}-{}-{}", rating.stage.as_str(), rating.indicator.as_str())),
                s(rating.stage.as_str()),
                s(rating.indicator.as_str()),
                V::I(rating.rating as i64),
                V::I(author),
                s(at.clone()),
                s(at),
            ]);
        }
        for check in &c.checks {
            let at = utc_text(check.at);
            checks.push(vec![
                V::I(case_id),
                s(format!("demo-history-check-{case_id}-{}", check.stage.as_str())),
                s(check.stage.as_str()),
                s(QUICK_CHECK),
                s(serde_json::to_string(&check.scores).unwrap_or_default()),
                s(check.taken_on.to_string()),
                V::I(author),
                s(at.clone()),
                s(at),
            ]);
        }
    }
    insert_rows(conn, "case_fields (case_id, field, revision, value, device_id, user_id, written_at)", "", &fields).await?;
    insert_rows(
        conn,
        "case_connections (case_id, client_id, activity_id, resource_id, label, tie, family, state, started_on, introduced_by,
             before_support, author_id, written_at, created_at)",
        "",
        &connections,
    )
    .await?;
    insert_rows(conn, "case_ratings (case_id, client_id, stage, indicator, rating, author_id, written_at, created_at)", "", &ratings).await?;
    insert_rows(
        conn,
        "case_checks (case_id, client_id, stage, questionnaire_id, scores, taken_on, author_id, written_at, created_at)",
        "",
        &checks,
    )
    .await?;
    Ok(summary(&planned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::referral::{Household, Source};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn directory() -> Directory {
        Directory {
            districts: ["chuo", "ekimae", "kitayama"]
                .iter()
                .map(|s| District { slug: s.to_string(), name_ja: format!("{s}地区") })
                .collect(),
            activities: (1..=5)
                .map(|id| Listing { id, name: format!("活動{id}"), family: Family::Vitality, tie: TieKind::Informal })
                .collect(),
            resources: (1..=4)
                .map(|id| Listing { id: 100 + id, name: format!("資源{id}"), family: Family::Life, tie: TieKind::Formal })
                .collect(),
        }
    }

    #[test]
    fn the_same_plan_gives_the_same_rows_and_a_longer_plan_keeps_them() {
        let a = plan_history(today(), &directory(), &DEMO_HISTORY);
        let b = plan_history(today(), &directory(), &DEMO_HISTORY);
        assert_eq!(a, b);
        assert_eq!(a.len(), 60);
        let longer = plan_history(today(), &directory(), &HistoryPlan { referrals: 100, ..DEMO_HISTORY });
        assert_eq!(&longer[..60], &a[..]);
        let other = plan_history(today(), &directory(), &HistoryPlan { rng_seed: 20, ..DEMO_HISTORY });
        assert_ne!(other, a);
    }

    #[test]
    fn nothing_is_in_the_future_and_everything_is_in_the_two_fiscal_years() {
        for today in [today(), NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(), NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()] {
            let plan = plan_history(today, &directory(), &HistoryPlan { referrals: 400, rng_seed: 7 });
            let cutoff = tokyo(today, 0);
            let start = tokyo(history_span(today).0, 0);
            for r in &plan {
                assert!(r.created_at >= start && r.created_at < cutoff, "{} {}", r.ordinal, r.created_at);
                if let Some((_, d)) = r.consent {
                    assert!(d <= tokyo_day(r.created_at));
                }
                let Some(c) = &r.case else { continue };
                assert!(c.opened_at > r.created_at && c.opened_at < cutoff);
                let mut prev = c.opened_at;
                for (_, at) in &c.statuses {
                    assert!(*at > prev && *at < cutoff, "statuses in order, in the past");
                    prev = *at;
                }
                let times = c.connections.iter().map(|x| x.at).chain(c.ratings.iter().map(|x| x.at)).chain(c.checks.iter().map(|x| x.at));
                for t in times {
                    assert!(t > c.opened_at && t < cutoff && t <= c.updated_at());
                }
                for k in &c.checks {
                    assert!(k.taken_on < today);
                }
            }
        }
    }

    #[test]
    fn statuses_follow_the_path_and_old_cases_are_mostly_closed() {
        let plan = plan_history(today(), &directory(), &HistoryPlan { referrals: 1000, rng_seed: 3 });
        let path = [CaseStatus::Contacting, CaseStatus::Assessing, CaseStatus::Connecting, CaseStatus::FollowingUp, CaseStatus::Closed];
        let (mut old, mut old_closed, mut recent, mut recent_open) = (0, 0, 0, 0);
        for c in plan.iter().filter_map(|r| r.case.as_ref()) {
            let statuses: Vec<CaseStatus> = c.statuses.iter().map(|(s, _)| *s).collect();
            assert_eq!(statuses, path[..statuses.len()]);
            let age = (tokyo(today(), 0) - c.opened_at).num_days();
            if age > 120 {
                old += 1;
                old_closed += usize::from(c.status() == CaseStatus::Closed);
            } else if age < 30 {
                recent += 1;
                recent_open += usize::from(c.status() != CaseStatus::Closed);
            }
            assert_eq!(c.close_reason.is_some(), c.status() == CaseStatus::Closed);
        }
        assert!(old_closed * 100 >= old * 80, "{old_closed} of {old} old cases closed");
        assert_eq!(recent_open, recent, "no recent case is closed yet");
    }

    #[test]
    fn closed_cases_have_reviews_and_at_least_three_connections() {
        let plan = plan_history(today(), &directory(), &HistoryPlan { referrals: 1000, rng_seed: 11 });
        let mut closed = 0;
        let (mut better, mut worse, mut review_checks) = (0, 0, 0);
        for c in plan.iter().filter_map(|r| r.case.as_ref()) {
            let past_assessing = c.status() != CaseStatus::Received && c.status() != CaseStatus::Contacting && c.status() != CaseStatus::Assessing;
            let intake: Vec<&PlannedRating> = c.ratings.iter().filter(|r| r.stage == Stage::Intake).collect();
            assert_eq!(intake.len(), if past_assessing { 6 } else { 0 });
            let before = c.connections.iter().filter(|k| k.before_support).count();
            if c.status() != CaseStatus::Received {
                assert!((1..=2).contains(&before), "{before}");
            }
            if c.status() != CaseStatus::Closed {
                assert!(c.ratings.iter().all(|r| r.stage == Stage::Intake));
                continue;
            }
            closed += 1;
            assert!((3..=12).contains(&c.connections.len()), "{}", c.connections.len());
            let review: Vec<&PlannedRating> = c.ratings.iter().filter(|r| r.stage == Stage::Review).collect();
            assert_eq!(review.len(), 6);
            for (i, r) in intake.iter().zip(&review) {
                assert_eq!(i.indicator, r.indicator);
                assert!((1..=5).contains(&r.rating));
                better += usize::from(r.rating > i.rating);
                worse += usize::from(r.rating < i.rating);
                assert!(r.at > i.at);
            }
            review_checks += c.checks.iter().filter(|k| k.stage == Stage::Review).count();
        }
        assert!(closed > 300, "{closed}");
        assert!(better > closed * 6 / 2 && worse > 0 && worse < closed * 6 / 5, "{better} better, {worse} worse of {}", closed * 6);
        assert!(review_checks * 10 > closed * 6 && review_checks * 10 < closed * 8, "{review_checks} of {closed}");
    }

    #[test]
    fn the_mix_is_realistic_and_every_slug_is_known() {
        let plan = plan_history(today(), &directory(), &HistoryPlan { referrals: 2000, rng_seed: 5 });
        let share = |f: &dyn Fn(&PlannedReferral) -> bool| plan.iter().filter(|r| f(r)).count() * 100 / plan.len();
        let clinic = share(&|r| r.source == "clinic");
        assert!((35..=45).contains(&clinic), "{clinic}");
        let commissioner = share(&|r| r.source == "commissioner");
        assert!((16..=24).contains(&commissioner), "{commissioner}");
        let meetings = share(&|r| r.kind == "meeting");
        assert!((6..=10).contains(&meetings), "{meetings}");
        let declined = share(&|r| r.status == "declined");
        assert!((3..=7).contains(&declined), "{declined}");
        // a bit more in winter, per day (the span holds one winter and two summers)
        let (start, end) = history_span(today());
        let per_day = |months: &[u32]| {
            let days = (0..=(end - start).num_days()).filter(|d| months.contains(&(start + Duration::days(*d)).month())).count();
            let n = plan.iter().filter(|r| months.contains(&tokyo_day(r.created_at).month())).count();
            n as f64 / days as f64
        };
        let (winter, summer) = (per_day(&[12, 1, 2]), per_day(&[6, 7, 8]));
        assert!(winter > summer * 1.15 && winter < summer * 1.5, "{winter:.2} a day in winter, {summer:.2} in summer");
        for r in &plan {
            assert!(Source::parse(r.source).is_some(), "{}", r.source);
            assert!(r.household.is_none_or(|h| Household::parse(h).is_some()));
            assert!(r.sex.is_none_or(|s| crate::casework::referral::Sex::parse(s).is_some()));
            match r.kind {
                "meeting" => {
                    assert!(r.name.is_none() && r.birth_date.is_none() && r.consent.is_none() && r.case.is_none());
                    assert!(matches!(r.age_band, Some(30..=90)));
                }
                _ => {
                    assert!(r.name.is_some() && r.consent.is_some());
                    assert_eq!(r.case.is_some(), r.status == "assigned");
                }
            }
            if r.source != "self" {
                assert!((1..=3).contains(&r.concerns.len()));
                if r.kind == "consented" {
                    assert!(r.most_pressing.is_some_and(|c| r.concerns.contains(&c)));
                }
            }
            let mut sorted = r.concerns.clone();
            sorted.sort_by_key(|c| Concern::ALL.iter().position(|a| a == c));
            assert_eq!(sorted, r.concerns, "in the checklist's order");
            if let Some(b) = r.birth_date {
                let age = crate::casework::birth_date::age_on(b, tokyo_day(r.created_at));
                assert!((29..=91).contains(&age), "{age}");
            }
        }
        let elder = plan.iter().filter_map(|r| r.birth_date.map(|b| crate::casework::birth_date::age_on(b, tokyo_day(r.created_at)))).filter(|a| *a >= 65).count();
        let with_age = plan.iter().filter(|r| r.birth_date.is_some()).count();
        assert!(elder * 100 / with_age >= 70, "{elder} of {with_age}");
    }

    #[test]
    fn the_demo_plan_has_every_kind_of_row() {
        let plan = plan_history(today(), &directory(), &DEMO_HISTORY);
        let sum = summary(&plan);
        assert_eq!(sum.referrals, 60);
        assert!(sum.cases >= 45 && sum.closed_cases >= 20 && sum.ratings > 0 && sum.checks > 0, "{sum:?}");
        // the mix practice reports, even in 60 referrals
        for (source, percent) in SOURCES {
            let n = plan.iter().filter(|r| r.source == source).count();
            assert!((n * 100).abs_diff(percent as usize * 60) <= 300, "{source}: {n} of 60");
        }
        let meetings = plan.iter().filter(|r| r.kind == "meeting").count();
        let declined = plan.iter().filter(|r| r.status == "declined").count();
        assert!((3..=6).contains(&meetings) && (2..=4).contains(&declined), "{meetings} meetings, {declined} declined");
        let conns: Vec<&PlannedConnection> = plan.iter().filter_map(|r| r.case.as_ref()).flat_map(|c| &c.connections).collect();
        assert!(conns.iter().any(|c| c.activity_id.is_some()) && conns.iter().any(|c| c.resource_id.is_some()));
        assert!(conns.iter().any(|c| c.state == "planned"));
        let names: std::collections::HashSet<_> = plan.iter().filter_map(|r| r.name.clone()).collect();
        assert_eq!(names.len(), plan.iter().filter(|r| r.name.is_some()).count(), "names are unique in a plan");
        assert!(plan.iter().filter_map(|r| r.case.as_ref()).any(|c| c.holder == Holder::Former));
    }

    #[test]
    fn an_empty_directory_still_plans() {
        let plan = plan_history(today(), &Directory::default(), &HistoryPlan { referrals: 50, rng_seed: 1 });
        assert!(plan.iter().all(|r| r.district.is_none()));
        assert!(plan.iter().filter_map(|r| r.case.as_ref()).flat_map(|c| &c.connections).all(|c| c.activity_id.is_none() && c.resource_id.is_none()));
    }

    /// A freshly migrated and demo-seeded database: PostgreSQL (when
    /// `TEST_POSTGRES_URL` names a server) and SQLite.
    struct TestDb {
        db: crate::db::Db,
        _dir: Option<tempfile::TempDir>,
        postgres: Option<(String, String)>,
    }

    impl TestDb {
        async fn drop(self) {
            self.db.close().await;
            if let Some((admin, name)) = self.postgres {
                use sqlx::Executor;
                let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&admin).await.unwrap();
                let _ = pool.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
                pool.close().await;
            }
        }
    }

    async fn databases() -> Vec<TestDb> {
        use sqlx::Executor;
        sqlx::any::install_default_drivers();
        let mut out = Vec::new();
        if let Some(admin) = std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) {
            static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let name = format!("tsunagu_history_{}_{}", std::process::id(), COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
            let pool = sqlx::any::AnyPoolOptions::new().max_connections(1).connect(&admin).await.unwrap();
            pool.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await.unwrap();
            pool.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            pool.close().await;
            let (base, _) = admin.rsplit_once('/').unwrap();
            let db = crate::db::Db::connect(&format!("{base}/{name}")).await.unwrap();
            out.push(TestDb { db, _dir: None, postgres: Some((admin, name)) });
        }
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        out.push(TestDb { db, _dir: Some(dir), postgres: None });
        out
    }

    async fn migrated_and_seeded(t: &TestDb) {
        t.db.migrate().await.unwrap();
        crate::db::seed::seed_demo_with_password(&t.db, "a-test-password-1").await.unwrap();
    }

    async fn count(db: &crate::db::Db, sql: &str) -> usize {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(db.pool()).await.unwrap() as usize
    }

    #[tokio::test]
    async fn the_demo_seed_writes_the_plan() {
        for t in databases().await {
            migrated_and_seeded(&t).await;
            check_demo_seed(&t.db).await;
            t.drop().await;
        }
    }

    async fn check_demo_seed(db: &crate::db::Db) {
        let today = crate::calendar::today_tokyo();
        let mut conn = db.pool().acquire().await.unwrap();
        let directory = load_directory(&mut conn).await.unwrap();
        drop(conn);
        assert!(!directory.districts.is_empty() && !directory.activities.is_empty() && !directory.resources.is_empty());
        let want = summary(&plan_history(today, &directory, &DEMO_HISTORY));
        println!("{:?}: {want:?}", db.backend());
        let history = "r.name LIKE 'デモ利用者%' OR r.kind = 'meeting'";
        assert_eq!(count(db, &format!("SELECT COUNT(*) FROM referrals r WHERE {history}")).await, want.referrals);
        let cases = format!("SELECT COUNT(*) FROM cases c JOIN referrals r ON r.id = c.referral_id WHERE ({history})");
        assert_eq!(count(db, &cases).await, want.cases);
        assert_eq!(count(db, &format!("{cases} AND c.status = 'closed'")).await, want.closed_cases);
        assert_eq!(count(db, "SELECT COUNT(*) FROM case_fields WHERE device_id = 'demo-history'").await, want.field_revisions);
        assert_eq!(count(db, "SELECT COUNT(*) FROM case_connections WHERE client_id LIKE 'demo-history-%'").await, want.connections);
        assert_eq!(count(db, "SELECT COUNT(*) FROM case_ratings WHERE client_id LIKE 'demo-history-%'").await, want.ratings);
        assert_eq!(count(db, "SELECT COUNT(*) FROM case_checks WHERE client_id LIKE 'demo-history-%'").await, want.checks);
        assert!(count(db, "SELECT COUNT(*) FROM case_connections WHERE client_id LIKE 'demo-history-%' AND before_support = TRUE").await > 0);
        // the list's status is the last revision's
        let mismatched = count(
            db,
            "SELECT COUNT(*) FROM cases c WHERE c.status <> COALESCE((SELECT f.value FROM case_fields f WHERE f.case_id = c.id AND f.field = 'status'
                 AND f.revision = (SELECT MAX(g.revision) FROM case_fields g WHERE g.case_id = c.id AND g.field = 'status')), 'received')",
        )
        .await;
        assert_eq!(mismatched, 0);
        // the demo link worker's own list is as before (the seeded case only), and it stays the first case
        let mine = count(db, "SELECT COUNT(*) FROM cases WHERE assigned_to = (SELECT id FROM users WHERE email = 'linkworker@midorino.example.jp')").await;
        assert_eq!(mine, 1);
        let first: Option<String> = sqlx::query_scalar("SELECT r.name FROM cases c JOIN referrals r ON r.id = c.referral_id ORDER BY c.id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(first.as_deref(), Some("山本 ハナ（デモ）"));
        // nobody signs in as the fictional colleagues
        for (email, _) in [FORMER_WORKER, PRESENT_WORKER] {
            assert_eq!(crate::accounts::session::check_password(db, email, "a-test-password-1").await.unwrap(), None);
            assert_eq!(crate::accounts::session::check_password(db, email, "").await.unwrap(), None);
        }
        let (present, _) = crate::accounts::session::demo_accounts_present(db).await.unwrap();
        assert_eq!(present.len(), crate::accounts::session::DEMO_ACCOUNTS.len());
        // every stored time is before today in Tokyo
        let cutoff = utc_text(tokyo(today, 0));
        for sql in [
            "SELECT COUNT(*) FROM case_fields WHERE device_id = 'demo-history' AND (written_at >= $1 OR $2 = '')",
            "SELECT COUNT(*) FROM case_connections WHERE client_id LIKE 'demo-history-%' AND (written_at >= $1 OR started_on >= $2)",
            "SELECT COUNT(*) FROM case_ratings WHERE client_id LIKE 'demo-history-%' AND (written_at >= $1 OR $2 = '')",
            "SELECT COUNT(*) FROM case_checks WHERE client_id LIKE 'demo-history-%' AND (written_at >= $1 OR taken_on >= $2)",
            "SELECT COUNT(*) FROM referrals WHERE name LIKE 'デモ利用者%' AND (created_at >= $1 OR consented_at >= $2)",
            "SELECT COUNT(*) FROM cases WHERE id > (SELECT MIN(id) FROM cases) AND (opened_at >= $1 OR updated_at >= $1 OR $2 = '')",
        ] {
            let late: i64 = sqlx::query_scalar(sql).bind(&cutoff).bind(today.to_string()).fetch_one(db.pool()).await.unwrap();
            assert_eq!(late, 0, "{sql}");
        }
        // the checks read back as the case file reads them
        let scores: String = sqlx::query_scalar("SELECT scores FROM case_checks WHERE client_id LIKE 'demo-history-%' ORDER BY id LIMIT 1")
            .fetch_one(db.pool())
            .await
            .unwrap();
        let scores: BTreeMap<String, f64> = serde_json::from_str(&scores).unwrap();
        assert_eq!(scores.len(), POSITIVE_HEALTH_DIMENSIONS.len());
    }
}
