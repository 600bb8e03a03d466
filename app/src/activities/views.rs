//! Small pieces shared by the activity pages.
use super::model::{ActivityStatus, Target};
use crate::calendar::today_tokyo;
use crate::i18n::*;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// Pick the text for the current language.
pub fn pick(locale: Locale, ja: &str, en: &str) -> String {
    match locale {
        Locale::ja => ja.to_string(),
        Locale::en => en.to_string(),
    }
}

/// "無料" or "300円" / "Free" or "¥300".
pub fn cost_label(locale: Locale, yen: u32) -> String {
    if yen == 0 {
        td_string!(locale, activities.free_label).to_string()
    } else {
        td_string!(locale, activities.yen, yen = yen).to_string()
    }
}

pub fn target_label(locale: Locale, t: Target) -> &'static str {
    match t {
        Target::Everyone => td_string!(locale, activities.target_everyone),
        Target::Seniors => td_string!(locale, activities.target_seniors),
        Target::Parents => td_string!(locale, activities.target_parents),
        Target::Children => td_string!(locale, activities.target_children),
        Target::Youth => td_string!(locale, activities.target_youth),
        Target::Adults => td_string!(locale, activities.target_adults),
        Target::Disabilities => td_string!(locale, activities.target_disabilities),
        Target::Carers => td_string!(locale, activities.target_carers),
    }
}

/// Whether a listing was last checked more than 12 months before `today`.
pub fn is_stale(last_verified: Option<&str>, today: NaiveDate) -> bool {
    match last_verified.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(d) => d < today - chrono::Months::new(12),
        None => true,
    }
}

/// "最終確認: 2026年5月" with the over-a-year marker.
#[component]
pub fn LastChecked(last_verified: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let stale = is_stale(last_verified.as_deref(), today_tokyo());
    let month = last_verified
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| (d.year(), d.month()));
    view! {
        <p class="last-checked" class:stale=stale data-stale=stale.to_string()>
            {t!(i18n, activities.last_checked)}": "
            {move || match month {
                Some((year, month)) => td_string!(i18n.get_locale(), activities.month, year = year, month = month).to_string(),
                None => "—".to_string(),
            }}
            {stale.then(|| view! { <strong class="stale-note">" "{t!(i18n, activities.stale)}</strong> })}
        </p>
    }
}

/// Status badges (paused / ended) and feature badges.
#[component]
pub fn Badges(
    status: ActivityStatus,
    beginners: bool,
    drop_in: bool,
    barrier_free: bool,
    online: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="badges">
            {(status == ActivityStatus::Paused).then(|| view! { <li class="badge warn">{t!(i18n, activities.paused)}</li> })}
            {(status == ActivityStatus::Ended).then(|| view! { <li class="badge warn">{t!(i18n, activities.ended)}</li> })}
            {beginners.then(|| view! { <li class="badge">{t!(i18n, activities.beginners)}</li> })}
            {drop_in.then(|| view! { <li class="badge">{t!(i18n, activities.drop_in)}</li> })}
            {barrier_free.then(|| view! { <li class="badge">{t!(i18n, activities.barrier_free)}</li> })}
            {online.then(|| view! { <li class="badge">{t!(i18n, activities.online)}</li> })}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staleness_is_twelve_months() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(!is_stale(Some("2025-11-23"), today));
        assert!(is_stale(Some("2025-11-22"), today));
        assert!(is_stale(None, today));
    }
}

/// The category filter (shared by the activity and event lists).
#[component]
pub fn CategorySelect(selected: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let categories = Resource::new(|| (), |_| super::list_categories());
    view! {
        <label>
            <span>{t!(i18n, activities.category)}</span>
            <select name="category">
                <option value="">{t!(i18n, activities.any)}</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        categories.await.unwrap_or_default().into_iter().map(|c| {
                            let slug = c.slug.clone();
                            let is_selected = move || selected.with(|s| *s == slug);
                            view! { <option value=c.slug.clone() selected=is_selected>{move || pick(i18n.get_locale(), &c.name_ja, &c.name_en)}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
        </label>
    }
}

/// The district filter (shared by the activity and event lists).
#[component]
pub fn DistrictSelect(
    selected: Signal<String>,
    /// The field's name in its form (`district` unless given).
    #[prop(optional)]
    name: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let districts = Resource::new(|| (), |_| crate::districts::list_districts());
    view! {
        <label>
            <span>{t!(i18n, activities.district)}</span>
            <select name=name.unwrap_or("district")>
                <option value="">{t!(i18n, activities.any)}</option>
                <Suspense>
                    {move || Suspend::new(async move {
                        districts.await.unwrap_or_default().into_iter().map(|d| {
                            let slug = d.slug.clone();
                            let value = d.slug.clone();
                            let is_selected = move || selected.with(|s| *s == slug);
                            view! { <option value=value selected=is_selected>{move || d.name(i18n.get_locale()).to_string()}</option> }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
        </label>
    }
}
