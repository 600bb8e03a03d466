//! The city's view of the anonymous contributions (staff with
//! `ViewStatistics`): how many, per month; the mean score of each section,
//! overall, by district and by age band; the share of low scores. A group
//! smaller than [`MIN_GROUP`] shows neither its count nor its scores, so a
//! small village or a rare age band cannot point at a person.
use super::questionnaire::Text;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The smallest group whose figures are shown.
pub const MIN_GROUP: u32 = 5;

/// What to count (empty = the first questionnaire / all months).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsFilter {
    pub questionnaire_id: String,
    /// `YYYY-MM`, inclusive.
    pub from: String,
    pub to: String,
}

/// One section's figures in a group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionStat {
    /// How many answered it.
    pub n: u32,
    /// Mean 0–10; none when the group is too small or nobody answered.
    pub mean: Option<f32>,
    /// Share (0–1) at or below the low threshold; same rule.
    pub low_share: Option<f32>,
}

/// A district or an age band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    pub key: String,
    pub label: Text,
    /// Contributions in the group; none when fewer than [`MIN_GROUP`].
    pub n: Option<u32>,
    pub sections: Vec<SectionStat>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatisticsReport {
    /// The questionnaires to choose from (id, title).
    pub questionnaires: Vec<(String, Text)>,
    pub questionnaire_id: String,
    /// Section ids and titles, in order.
    pub sections: Vec<(String, Text)>,
    pub total: u32,
    /// `YYYY-MM` and the number of contributions, oldest first.
    pub months: Vec<(String, u32)>,
    pub overall: Vec<SectionStat>,
    pub by_district: Vec<GroupRow>,
    pub by_age: Vec<GroupRow>,
    pub low_threshold: f32,
    pub min_group: u32,
}

/// One stored contribution: month, age band, district, (section, tenths).
pub type Row = (String, Option<String>, Option<String>, Vec<(String, u8)>);

fn stats(rows: &[&Row], sections: &[(String, Text)], low: f32) -> Vec<SectionStat> {
    let shown = rows.len() as u32 >= MIN_GROUP;
    sections
        .iter()
        .map(|(id, _)| {
            let scores: Vec<f32> =
                rows.iter().filter_map(|r| r.3.iter().find(|(s, _)| s == id).map(|(_, t)| f32::from(*t) / 10.0)).collect();
            let n = scores.len() as u32;
            let ok = shown && n > 0;
            SectionStat {
                n,
                mean: ok.then(|| (scores.iter().sum::<f32>() / n as f32 * 10.0).round() / 10.0),
                low_share: ok.then(|| scores.iter().filter(|s| **s <= low).count() as f32 / n as f32),
            }
        })
        .collect()
}

fn groups(rows: &[Row], key: impl Fn(&Row) -> Option<&String>, labels: &[(String, Text)], sections: &[(String, Text)], low: f32) -> Vec<GroupRow> {
    labels
        .iter()
        .map(|(k, label)| {
            let mine: Vec<&Row> = rows.iter().filter(|r| key(r) == Some(k)).collect();
            let n = mine.len() as u32;
            GroupRow { key: k.clone(), label: label.clone(), n: (n >= MIN_GROUP).then_some(n), sections: stats(&mine, sections, low) }
        })
        .collect()
}

/// The figures for `rows` (already filtered to one questionnaire and the
/// months asked for).
pub fn aggregate(
    rows: &[Row],
    sections: &[(String, Text)],
    districts: &[(String, Text)],
    low: f32,
) -> (u32, Vec<(String, u32)>, Vec<SectionStat>, Vec<GroupRow>, Vec<GroupRow>) {
    let mut months: Vec<(String, u32)> = Vec::new();
    for r in rows {
        match months.iter_mut().find(|(m, _)| *m == r.0) {
            Some((_, n)) => *n += 1,
            None => months.push((r.0.clone(), 1)),
        }
    }
    months.sort();
    let all: Vec<&Row> = rows.iter().collect();
    let overall = stats(&all, sections, low);
    let by_district = groups(rows, |r| r.2.as_ref(), districts, sections, low);
    let bands: Vec<(String, Text)> = super::statistics::AGE_BANDS
        .iter()
        .map(|b| (b.to_string(), Text::new(age_band_label(b, true), age_band_label(b, false))))
        .collect();
    let by_age = groups(rows, |r| r.1.as_ref(), &bands, sections, low);
    (rows.len() as u32, months, overall, by_district, by_age)
}

/// 「70〜79歳」, "80 and over".
pub fn age_band_label(band: &str, ja: bool) -> String {
    match (band.split_once('-'), ja) {
        (Some(("", hi)), true) => format!("{hi}歳以下"),
        (Some(("", hi)), false) => format!("{hi} and under"),
        (Some((lo, "")), true) => format!("{lo}歳以上"),
        (Some((lo, "")), false) => format!("{lo} and over"),
        (Some((lo, hi)), true) => format!("{lo}〜{hi}歳"),
        (Some((lo, hi)), false) => format!("{lo}–{hi}"),
        (None, _) => band.to_string(),
    }
}

#[cfg(feature = "ssr")]
async fn load(db: &crate::db::Db, filter: &StatsFilter, questionnaire_id: &str) -> Result<Vec<Row>, AppError> {
    let month = |m: &str| {
        let ok = m.len() == 7 && chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok();
        if m.is_empty() || ok { Ok(m.to_string()) } else { Err(AppError::Invalid("month".into())) }
    };
    let (from, to) = (month(filter.from.trim())?, month(filter.to.trim())?);
    let rows: Vec<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT month, age_band, district, scores FROM health_check_stats
         WHERE questionnaire_id = $1 AND ($2 = '' OR month >= $2) AND ($3 = '' OR month <= $3)",
    )
    .bind(questionnaire_id)
    .bind(&from)
    .bind(&to)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, a, d, s)| serde_json::from_str::<Vec<(String, u8)>>(&s).ok().map(|s| (m, a, d, s)))
        .collect())
}

/// The city's mean per section of the first questionnaire over the months
/// `from..=to` (`YYYY-MM`), in one district or all: what the statistics
/// page shows as its chart (none for a group under [`MIN_GROUP`]).
#[cfg(feature = "ssr")]
pub async fn section_means(db: &crate::db::Db, lib: &super::library::Library, from: &str, to: &str, district: Option<&str>) -> Result<Vec<(Text, Option<f32>)>, AppError> {
    let Some(q) = lib.all().first() else { return Ok(Vec::new()) };
    let sections: Vec<(String, Text)> = q.sections.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
    let filter = StatsFilter { questionnaire_id: q.id.clone(), from: from.to_string(), to: to.to_string() };
    let rows: Vec<Row> = load(db, &filter, &q.id).await?.into_iter().filter(|r| district.is_none() || r.2.as_deref() == district).collect();
    let (_, _, overall, _, _) = aggregate(&rows, &sections, &[], 0.0);
    Ok(sections.into_iter().zip(overall).map(|((_, title), s)| (title, s.mean)).collect())
}

/// The city's figures for one questionnaire and a span of months.
#[server(endpoint = "health-check/city-statistics")]
pub async fn city_statistics(filter: StatsFilter) -> Result<StatisticsReport, AppError> {
    use crate::accounts::{session, Permission};
    let db = expect_context::<crate::db::Db>();
    session::require(&db, Permission::ViewStatistics).await?;
    let lib = expect_context::<std::sync::Arc<super::library::Library>>();
    let rules = expect_context::<std::sync::Arc<super::suggest::SuggestionRules>>();
    let questionnaires: Vec<(String, Text)> = lib.all().iter().map(|q| (q.id.clone(), q.title.clone())).collect();
    let q = if filter.questionnaire_id.is_empty() { lib.all().first() } else { lib.get(&filter.questionnaire_id) }.ok_or(AppError::NotFound)?;
    let sections: Vec<(String, Text)> = q.sections.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
    let districts: Vec<(String, Text)> = sqlx::query_as::<_, (String, String, String)>("SELECT slug, name_ja, name_en FROM districts ORDER BY sort_order, slug")
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(slug, ja, en)| (slug, Text::new(ja, en)))
        .collect();
    let rows = load(&db, &filter, &q.id).await?;
    let (total, months, overall, by_district, by_age) = aggregate(&rows, &sections, &districts, rules.low_threshold);
    Ok(StatisticsReport {
        questionnaires,
        questionnaire_id: q.id.clone(),
        sections,
        total,
        months,
        overall,
        by_district,
        by_age,
        low_threshold: rules.low_threshold,
        min_group: MIN_GROUP,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(month: &str, age: &str, district: &str, scores: &[(&str, u8)]) -> Row {
        (
            month.into(),
            Some(age.into()).filter(|a: &String| !a.is_empty()),
            Some(district.into()).filter(|d: &String| !d.is_empty()),
            scores.iter().map(|(s, t)| (s.to_string(), *t)).collect(),
        )
    }

    fn sections() -> Vec<(String, Text)> {
        vec![("body".into(), Text::new("からだ", "Body")), ("mind".into(), Text::new("こころ", "Mind"))]
    }

    #[test]
    fn means_low_shares_and_months() {
        let mut rows: Vec<Row> = (0..6).map(|i| row("2026-11", "70-79", "kitayama", &[("body", 40 + i * 10), ("mind", 80)])).collect();
        rows.push(row("2026-10", "", "", &[("mind", 20)]));
        let districts = vec![("kitayama".to_string(), Text::new("北山", "Kitayama")), ("okutani".to_string(), Text::new("奥谷", "Okutani"))];
        let (total, months, overall, by_district, by_age) = aggregate(&rows, &sections(), &districts, 5.0);
        assert_eq!(total, 7);
        assert_eq!(months, vec![("2026-10".to_string(), 1), ("2026-11".to_string(), 6)]);
        // body: 4,5,6,7,8,9 → 6.5; two at or below 5
        assert_eq!(overall[0], SectionStat { n: 6, mean: Some(6.5), low_share: Some(2.0 / 6.0) });
        // mind: six 8s and one 2 → 7.1
        assert_eq!(overall[1].n, 7);
        assert_eq!(overall[1].mean, Some(7.1));
        assert_eq!(by_district[0].n, Some(6));
        assert_eq!(by_district[0].sections[0].mean, Some(6.5));
        let band = by_age.iter().find(|g| g.key == "70-79").unwrap();
        assert_eq!(band.n, Some(6));
    }

    #[test]
    fn small_groups_show_nothing() {
        let rows: Vec<Row> = (0..4).map(|_| row("2026-11", "80-", "okutani", &[("body", 30)])).collect();
        let districts = vec![("okutani".to_string(), Text::new("奥谷", "Okutani"))];
        let (total, _, overall, by_district, by_age) = aggregate(&rows, &sections(), &districts, 5.0);
        assert_eq!(total, 4);
        assert_eq!(overall[0].mean, None, "four people in all: no mean");
        assert_eq!(by_district[0].n, None);
        assert!(by_district[0].sections.iter().all(|s| s.mean.is_none() && s.low_share.is_none()));
        assert!(by_age.iter().all(|g| g.n.is_none()));
    }

    #[test]
    fn age_bands_read_naturally() {
        assert_eq!(age_band_label("70-79", true), "70〜79歳");
        assert_eq!(age_band_label("80-", true), "80歳以上");
        assert_eq!(age_band_label("-19", false), "19 and under");
    }
}
