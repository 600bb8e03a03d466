//! 地図 (`/map`): the list's search form and URL query, the map (the
//! [`MapView`] island: Leaflet, once it runs), and the places in the map's
//! area as a text list — server-rendered, so it reads without JavaScript and
//! serves screen-reader and keyboard users. "この範囲で検索" puts the visible
//! area in the URL (`bbox=`), which filters both the markers and the list.
use crate::activities::query::ActivityQuery;
use crate::i18n::*;
use crate::islands::resident::map_view::MapView;
use crate::map::markers::{distance_m, glyph};
use crate::map::points::MapPoints;
use crate::map::{load_map_settings, visible_places};
use crate::pages::activities::SearchForm;
use crate::ui::PageHeading;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ActivityQuery::from_pairs(p.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let bbox_param = Memo::new(move |_| params.with(|p| p.get("bbox")));
    // the settings, then the places in the searched area (else the town's)
    let data = Resource::new(
        move || (query.get(), bbox_param.get()),
        |(q, b)| async move {
            let settings = load_map_settings().await?;
            let bbox = b.unwrap_or_else(|| settings.town_bbox.clone());
            let points = visible_places(q, bbox).await?;
            Ok::<_, crate::error::AppError>((settings, points))
        },
    );
    let list_href = move || format!("/activities?{}", query.with(|q| q.to_query_string()));
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, common.map.title).to_string())
            lead=Signal::derive(move || t_string!(i18n, common.map.lead).to_string())
        />
        <SearchForm query=query action="/map" with_resources=true />
        <p class="view-toggle"><a class="button secondary" href=list_href data-testid="as-list">{t!(i18n, common.map.as_list)}</a></p>
        <crate::pages::activities::NearMe query=query action="/map" />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.map.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((settings, points)) => {
                        let (q, b) = (query.get_untracked(), bbox_param.get_untracked());
                        let from = q.lat.zip(q.lon);
                        view! {
                            <div class="map-layout">
                                <MapView settings=settings points=points.clone() query=q bbox=b />
                                <section class="map-list" aria-labelledby="map-list-heading">
                                    <h2 id="map-list-heading">{t!(i18n, common.map.visible_places)}</h2>
                                    <PlaceList m=points from=from list_href=list_href() />
                                </section>
                            </div>
                        }.into_any()
                    }
                    Err(_) => view! { <p class="error">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <p class="suggest-link"><a class="button secondary" href="/suggest" data-testid="to-suggest">{t!(i18n, places.suggest_title)}</a></p>
    }
}

#[component]
fn PlaceList(m: MapPoints, from: Option<(f64, f64)>, list_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = m.total;
    let unplaced = m.unplaced;
    let resources = m.resources;
    let clustered = !m.clusters.is_empty();
    let mut points = m.points;
    match from {
        Some(f) => points.sort_by_key(|p| distance_m(f, p)),
        None => points.sort_by(|a, b| a.name.cmp(&b.name)),
    }
    view! {
        <p role="status" data-testid="map-count" data-count=total data-resources=resources>
            {t!(i18n, common.map.count, count = total)}
            {(resources > 0).then(|| view! { " ("{move || td_string!(i18n.get_locale(), places.count_both, a = total - resources, r = resources).to_string()}")" })}
        </p>
        {clustered.then(|| view! { <p class="muted" data-testid="map-clustered">{t!(i18n, common.map.too_many)}</p> })}
        {(unplaced > 0).then(|| view! {
            <p class="muted" data-testid="map-unplaced" data-count=unplaced>
                <a href=list_href>{move || td_string!(i18n.get_locale(), places.unplaced, n = unplaced).to_string()}</a>
            </p>
        })}
        <ul class="plain-list place-list" data-testid="map-places">
            {points.into_iter().map(|p| {
                let d = from.map(|f| distance_m(f, &p));
                let kind = p.resource.then(|| crate::resources::model::ResourceKind::parse(&p.category)).flatten();
                view! {
                    <li data-id=p.id data-kind=if p.resource { "resource" } else { "activity" }>
                        <span aria-hidden="true">{glyph(&p)}" "</span><a href=p.href()>{p.name.clone()}</a>
                        {kind.map(|k| view! { <span class="muted">" · "{move || crate::resources::kind_label(k, i18n.get_locale())}</span> })}
                        {p.next_date.clone().map(|d| view! { <span class="muted">" · "{t!(i18n, common.map.next)}" "{d}</span> })}
                        {d.map(|m| view! { <span class="muted">" · "{move || crate::ui::distance_label(i18n.get_locale(), m)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
