//! The built-in text of each page (from `locales/*/explain.json`), as the
//! Markdown an editor starts from before the first save.
use super::page::{PageForm, PageSlug};
use crate::i18n::*;

macro_rules! built_in {
    ($locale:expr, $key:ident) => {
        (
            td_string!($locale, explain.$key.title).to_string(),
            td_string!($locale, explain.$key.lead).to_string(),
            format!(
                "## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n",
                td_string!($locale, explain.$key.s1_heading),
                td_string!($locale, explain.$key.s1_body),
                td_string!($locale, explain.$key.s2_heading),
                td_string!($locale, explain.$key.s2_body),
                td_string!($locale, explain.$key.s3_heading),
                td_string!($locale, explain.$key.s3_body),
                td_string!($locale, explain.$key.s4_heading),
                td_string!($locale, explain.$key.s4_body),
            ),
        )
    };
}

fn one(slug: PageSlug, locale: Locale) -> (String, String, String) {
    match slug {
        PageSlug::About => built_in!(locale, about),
        PageSlug::SocialPrescribing => built_in!(locale, social_prescribing),
        PageSlug::LinkWorker => built_in!(locale, link_worker),
        PageSlug::CommunityNurse => built_in!(locale, community_nurse),
    }
}

/// The page's built-in text in both languages.
pub fn form(slug: PageSlug) -> PageForm {
    let (title_ja, lead_ja, body_ja) = one(slug, Locale::ja);
    let (title_en, lead_en, body_en) = one(slug, Locale::en);
    PageForm { title_ja, lead_ja, body_ja, title_en, lead_en, body_en, note: String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_page_is_a_valid_page_with_four_sections() {
        for slug in PageSlug::ALL {
            let f = form(slug);
            let input = f.parse().unwrap_or_else(|e| panic!("{slug:?}: {e:?}"));
            assert_eq!(input.body_ja.matches("## ").count(), 4);
            assert_eq!(input.body_en.matches("## ").count(), 4);
            assert_ne!(input.title_ja, input.title_en);
        }
    }
}
