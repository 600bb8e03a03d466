//! 「市の統計に協力する」: an explicit, optional, anonymous contribution. Only
//! the dimension scores, an age band and a district go to the server, with
//! the month — no time, no name, no device id — so a contribution cannot be
//! linked to a person or to their other contributions.
use super::questionnaire::{Questionnaire, Tenths};
use serde::{Deserialize, Serialize};

/// Age bands offered (ten-year bands; the ends open).
pub const AGE_BANDS: [&str; 8] = ["-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-"];

/// What is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub questionnaire_id: String,
    pub version: u32,
    /// Section id → score (tenths), only answered sections.
    pub scores: Vec<(String, Tenths)>,
    /// One of [`AGE_BANDS`], or empty.
    pub age_band: String,
    /// District slug, or empty.
    pub district: String,
}

/// Why a contribution was refused (nothing is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContributionProblem {
    UnknownQuestionnaire,
    UnknownSection(String),
    NoScores,
    /// A score outside 0.0–10.0.
    Score,
    AgeBand,
}

impl Contribution {
    /// Check against the questionnaire it claims to answer.
    pub fn check(&self, q: Option<&Questionnaire>) -> Result<(), ContributionProblem> {
        let q = q.ok_or(ContributionProblem::UnknownQuestionnaire)?;
        if self.scores.is_empty() {
            return Err(ContributionProblem::NoScores);
        }
        if self.scores.iter().any(|(_, t)| Tenths::from_tenths(t.tenths()).is_none()) {
            return Err(ContributionProblem::Score);
        }
        if let Some((id, _)) = self.scores.iter().find(|(id, _)| q.section(id).is_none()) {
            return Err(ContributionProblem::UnknownSection(id.clone()));
        }
        if !self.age_band.is_empty() && !AGE_BANDS.contains(&self.age_band.as_str()) {
            return Err(ContributionProblem::AgeBand);
        }
        Ok(())
    }
}

#[cfg(feature = "ssr")]
pub async fn store(db: &crate::db::Db, c: &Contribution) -> Result<(), crate::error::AppError> {
    let month = crate::calendar::today_tokyo().format("%Y-%m").to_string();
    let district: Option<String> = if c.district.is_empty() {
        None
    } else {
        sqlx::query_scalar("SELECT slug FROM districts WHERE slug = $1").bind(&c.district).fetch_optional(db.pool()).await?
    };
    let scores = serde_json::to_string(&c.scores).map_err(|_| crate::error::AppError::Internal)?;
    sqlx::query(
        "INSERT INTO health_check_stats (questionnaire_id, questionnaire_version, month, age_band, district, scores) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&c.questionnaire_id)
    .bind(i64::from(c.version))
    .bind(month)
    .bind((!c.age_band.is_empty()).then(|| c.age_band.clone()))
    .bind(district)
    .bind(scores)
    .execute(db.pool())
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_sections_and_bands_are_accepted() {
        let lib = super::super::questionnaire::builtin();
        let q = lib.iter().find(|q| q.id == "positive-health-quick");
        let t = |n| Tenths::from_tenths(n).unwrap();
        let ok = Contribution { questionnaire_id: "positive-health-quick".into(), version: 1, scores: vec![("body".into(), t(70))], age_band: "70-79".into(), district: String::new() };
        assert_eq!(ok.check(q), Ok(()));
        assert_eq!(Contribution { age_band: "75".into(), ..ok.clone() }.check(q), Err(ContributionProblem::AgeBand));
        assert_eq!(Contribution { scores: vec![("name".into(), t(1))], ..ok.clone() }.check(q), Err(ContributionProblem::UnknownSection("name".into())));
        assert_eq!(Contribution { scores: vec![], ..ok.clone() }.check(q), Err(ContributionProblem::NoScores));
        assert_eq!(ok.check(None), Err(ContributionProblem::UnknownQuestionnaire));
    }
}
