//! One resource (`/resources/:id`): what it is, what is good about it, when
//! it is open, where (with its small map), and how to get in touch.
use crate::resources::{get_resource, kind_label, ResourceDetail};
use crate::activities::views::pick;
use crate::errors::NotFoundPage;
use crate::i18n::*;
use crate::validation::Phone;
use crate::resources::status_label;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResourceDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let resource = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_resource(id).await.ok(),
            None => None,
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match resource.await {
                    Some(r) => view! { <Detail r=r /> }.into_any(),
                    None => view! { <NotFoundPage /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(r: ResourceDetail) -> impl IntoView {
    let i18n = use_i18n();
    let loc = move || i18n.get_locale();
    let phone = r.phone.as_deref().and_then(|p| Phone::parse(p).ok());
    let kind = r.kind;
    let (district_ja, district_en) = (r.district_ja.clone(), r.district_en.clone());
    let map_href = r.latitude.zip(r.longitude).map(|(lat, lon)| {
        format!("/map?bbox={:.5},{:.5},{:.5},{:.5}", lon - 0.01, lat - 0.007, lon + 0.01, lat + 0.007)
    });
    view! {
        <Title text=r.name.clone() />
        <article class="activity resource" data-testid="resource-detail">
            <p><a href="/map">{t!(i18n, places.back_to_map)}</a></p>
            <header class="page-heading">
                <h1>{r.name.clone()}</h1>
                <p class="muted" data-testid="resource-kind"><span aria-hidden="true">{kind.glyph()}" "</span>{move || kind_label(kind, loc())}</p>
            </header>
            {(r.status != crate::resources::model::ResourceStatus::Published).then(|| view! {
                <p class="notice" role="status">{move || status_label(loc(), r.status)}</p>
            })}
            {r.photo_id.map(|id| view! {
                <div class="photos"><img src=format!("/media/{id}/w800.jpg") alt="" loading="lazy" decoding="async" /></div>
            })}
            {(!r.description.is_empty()).then(|| view! { <p class="description">{r.description.clone()}</p> })}
            <dl class="facts">
                {(!r.opening_hours.is_empty()).then(|| view! { <dt>{t!(i18n, places.hours)}</dt><dd>{r.opening_hours.clone()}</dd> })}
                <dt>{t!(i18n, places.where_)}</dt>
                <dd>
                    {r.address.clone()}
                    <br /><span class="muted">{move || pick(loc(), &district_ja, &district_en)}</span>
                    {r.map.clone().map(|m| view! { <crate::ui::static_map::StaticMapView map=m label=r.name.clone() /> })}
                    {map_href.map(|h| view! { <p><a href=h>{t!(i18n, places.on_big_map)}</a></p> })}
                </dd>
            </dl>
            {(phone.is_some() || r.url.is_some()).then(|| view! {
                <section class="contact">
                    <h2>{t!(i18n, activities.contact)}</h2>
                    <div class="contact-actions">
                        {phone.map(|p| view! { <a class="button call" href=p.tel_uri()>{t!(i18n, activities.call)}" "{p.as_str().to_string()}</a> })}
                        {r.url.clone().map(|u| view! { <a class="button secondary" href=u rel="noopener" target="_blank">{t!(i18n, activities.website)}</a> })}
                    </div>
                </section>
            })}
            <p class="muted">{t!(i18n, places.suggest_fix)}" "<a href="/suggest">{t!(i18n, places.suggest_link)}</a></p>
        </article>
    }
}
