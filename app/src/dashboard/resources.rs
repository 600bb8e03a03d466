//! Section 4, resources and gaps: the town's listings per district and
//! family of category (a heat table), listings not verified for a year,
//! the concerns that were frequent in a district's referrals while the
//! district has few activities that answer them (the gaps the city should
//! fill), and residents' suggestions. Listings and suggestions are not
//! people: their counts are shown as they are. The referral counts a gap
//! rests on come from the protected concern split, so a gap is only named
//! where at least [`MIN_PEOPLE`](super::suppression::MIN_PEOPLE) people
//! raised the concern.
use super::breakdown::{Districts, Line};
use super::suppression::Figure;
use crate::activities::model::Family;
use crate::casework::model::Concern;
use crate::health_check::questionnaire::Text;
use serde::{Deserialize, Serialize};

/// Active listings of one district in one category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCount {
    pub district: Option<String>,
    pub category: String,
    pub listings: u32,
}

/// Active listings of one district in one family (a listing counted once).
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyCount {
    pub district: Option<String>,
    pub family: Family,
    pub listings: u32,
}

/// Active listings of one district and how many of them were last
/// verified more than a year ago (or never).
#[derive(Debug, Clone, PartialEq)]
pub struct StaleCount {
    pub district: Option<String>,
    pub listings: u32,
    pub stale: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SuggestionCounts {
    pub received: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatRow {
    pub district: String,
    pub label: Text,
    /// People, life, vitality.
    pub families: [u32; 3],
    pub listings: u32,
    pub stale: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub district: String,
    pub district_label: Text,
    pub concern: String,
    pub concern_label: Text,
    /// Referrals in the period that named the concern (5 or more).
    pub referrals: u32,
    /// Active listings in the district in the categories that answer it.
    pub listings: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceSection {
    pub heat: Vec<HeatRow>,
    pub gaps: Vec<Gap>,
    pub suggestions: SuggestionCounts,
}

/// A district "has few" answers to a concern at or below this many listings.
pub const FEW_LISTINGS: u32 = 2;

/// The categories of activity that answer a concern (the directory's
/// category slugs; DOMAIN.md's three families of exits).
pub fn answering_categories(c: Concern) -> &'static [&'static str] {
    use Concern::*;
    match c {
        Participation => &["neighbourhood", "salon", "volunteering", "intergenerational"],
        SkillNoPlace => &["volunteering", "work", "hobbies", "learning"],
        LowMood => &["salon", "peer_support", "consultation"],
        FatigueStress => &["salon", "exercise", "consultation"],
        WantsConnection => &["neighbourhood", "salon", "intergenerational", "peer_support", "hobbies"],
        Lifestyle => &["health", "exercise", "meals"],
        LivingUnknown => &["consultation"],
        WantsWork | Work => &["work"],
        Money | Income | Housing => &["money_legal", "consultation"],
        Health => &["health", "care_prevention", "exercise"],
        Neighbours => &["neighbourhood", "consultation"],
        Family => &["consultation", "peer_support"],
        Care => &["care_prevention", "peer_support", "consultation"],
        Withdrawal => &["salon", "peer_support", "intergenerational"],
        SchoolRefusal => &["parenting", "intergenerational", "learning"],
        DomesticViolence => &["consultation"],
        NothingToEat | Nutrition => &["meals"],
        Other => &[],
    }
}

/// `concerns_by_district`: the protected concern split seen from each
/// district (same order as `districts.slugs`).
pub fn resources(
    districts: &Districts,
    families: &[FamilyCount],
    stale: &[StaleCount],
    categories: &[CategoryCount],
    concerns_by_district: &[Line],
    only: Option<usize>,
    suggestions: SuggestionCounts,
) -> ResourceSection {
    let of = |d: &Option<String>, slug: &str| d.as_deref() == Some(slug);
    let heat = districts
        .slugs
        .iter()
        .zip(&districts.names)
        .map(|(slug, label)| {
            let fam = |f: Family| families.iter().filter(|c| of(&c.district, slug) && c.family == f).map(|c| c.listings).sum();
            let st = stale.iter().find(|s| of(&s.district, slug));
            HeatRow {
                district: slug.clone(),
                label: label.clone(),
                families: [fam(Family::People), fam(Family::Life), fam(Family::Vitality)],
                listings: st.map_or(0, |s| s.listings),
                stale: st.map_or(0, |s| s.stale),
            }
        })
        .collect();
    let mut gaps = Vec::new();
    for (j, (slug, label)) in districts.slugs.iter().zip(&districts.names).enumerate() {
        if only.is_some_and(|o| o != j) {
            continue;
        }
        let Some(line) = concerns_by_district.get(j) else { continue };
        for item in &line.items {
            let (Some(concern), Figure::Count(n)) = (Concern::parse(&item.key), item.figure) else { continue };
            if n < super::suppression::MIN_PEOPLE {
                continue;
            }
            let answering = answering_categories(concern);
            if answering.is_empty() {
                continue;
            }
            let listings = categories.iter().filter(|c| of(&c.district, slug) && answering.contains(&c.category.as_str())).map(|c| c.listings).sum();
            if listings <= FEW_LISTINGS {
                gaps.push(Gap { district: slug.clone(), district_label: label.clone(), concern: item.key.clone(), concern_label: item.label.clone(), referrals: n, listings });
            }
        }
    }
    gaps.sort_by(|a, b| b.referrals.cmp(&a.referrals).then(a.listings.cmp(&b.listings)).then_with(|| a.district.cmp(&b.district)));
    ResourceSection { heat, gaps, suggestions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::breakdown::Item;

    fn districts() -> Districts {
        Districts::new(vec![("kitayama".into(), Text::new("北山", "Kitayama")), ("chuo".into(), Text::new("中央", "Chuo"))])
    }

    fn concerns(items: &[(&str, Figure)]) -> Line {
        Line { items: items.iter().map(|(k, f)| Item { key: k.to_string(), label: Text::new(*k, *k), figure: *f }).collect(), total: None }
    }

    #[test]
    fn a_frequent_concern_with_few_answers_is_a_gap() {
        let cat = |d: &str, c: &str, n: u32| CategoryCount { district: Some(d.into()), category: c.into(), listings: n };
        let categories = vec![cat("kitayama", "meals", 1), cat("kitayama", "salon", 4), cat("chuo", "meals", 6), cat("chuo", "money_legal", 1)];
        let by_district = vec![
            concerns(&[("nothing_to_eat", Figure::Count(7)), ("low_mood", Figure::Count(9)), ("money", Figure::Small)]),
            concerns(&[("nothing_to_eat", Figure::Count(8)), ("money", Figure::Count(5)), ("other", Figure::Count(12))]),
        ];
        let s = resources(&districts(), &[], &[], &categories, &by_district, None, SuggestionCounts::default());
        let found: Vec<(&str, &str, u32, u32)> = s.gaps.iter().map(|g| (g.district.as_str(), g.concern.as_str(), g.referrals, g.listings)).collect();
        // Kitayama: 7 referrals about food, one meal service; Chuo: 5 about money, one legal/money place
        // (Kitayama's small money figure is never named; low mood has 4 salons; "other" answers nothing)
        assert_eq!(found, [("kitayama", "nothing_to_eat", 7, 1), ("chuo", "money", 5, 1)]);
        let only_chuo = resources(&districts(), &[], &[], &categories, &by_district, Some(1), SuggestionCounts::default());
        assert_eq!(only_chuo.gaps.len(), 1);
    }

    #[test]
    fn the_heat_table_counts_families_and_stale_listings() {
        let fc = |d: &str, f: Family, n: u32| FamilyCount { district: Some(d.into()), family: f, listings: n };
        let s = resources(
            &districts(),
            &[fc("chuo", Family::Vitality, 9), fc("chuo", Family::Life, 3), fc("kitayama", Family::People, 1)],
            &[StaleCount { district: Some("chuo".into()), listings: 11, stale: 2 }],
            &[],
            &[],
            None,
            SuggestionCounts::default(),
        );
        assert_eq!(s.heat[1].families, [0, 3, 9]);
        assert_eq!((s.heat[1].listings, s.heat[1].stale), (11, 2));
        assert_eq!(s.heat[0].families, [1, 0, 0]);
    }
}
