//! `/staff`: 職員メニュー (the [`StaffDesk`] island).
use crate::i18n::*;
use crate::islands::work::staff::dashboard::StaffDesk;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading title=Signal::derive(move || t_string!(i18n, staff.title).to_string()) />
        <p class="no-print button-row">
            <a class="button secondary" href="/staff/dashboard" data-testid="staff-dashboard-link">{t!(i18n, dashboard.staff_link)}</a>
            <a class="button secondary" href="/staff/organisers" data-testid="staff-organisers-link">{t!(i18n, points.organisers_title)}</a>
        </p>
        <StaffDesk />
    }
}
