//! `/suggest` 「おすすめを教える」: a short form anyone can send. Where it is:
//! a typed address, or (after the page has loaded its script) a tap on the
//! map or "use where I am". A photo can be added the same way.
use crate::islands::{island, needs, Part};
use crate::suggestions::model::Target;
use crate::suggestions::{SendReply, SendSuggestion};
use crate::i18n::*;
use crate::resources::model::ResourceKind;
use crate::ui::forms::Field;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn SuggestPlace() -> impl IntoView {
    needs(Part::Forms);
    let i18n = island_i18n();
    let send = ServerAction::<SendSuggestion>::new();
    let again = RwSignal::new(0u32);
    view! {
        {move || match send.value().get() {
            Some(Ok(SendReply::Sent)) => view! {
                <section class="card notice" role="status" data-testid="suggest-sent">
                    <h2>{t!(i18n, places.suggest_thanks)}</h2>
                    <p>{t!(i18n, places.suggest_thanks_body)}</p>
                    <p class="contact-actions">
                        <button type="button" class="button secondary" on:click=move |_| { send.value().set(None); again.update(|n| *n += 1); }>
                            {t!(i18n, places.suggest_another)}
                        </button>
                        <a class="button secondary" href="/map">{t!(i18n, places.back_to_map)}</a>
                    </p>
                </section>
            }.into_any(),
            _ => view! { <SuggestForm send=send /> }.into_any(),
        }}
    }
}

#[component]
fn SuggestForm(send: ServerAction<SendSuggestion>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = Signal::derive(move || match send.value().get() {
        Some(Ok(SendReply::Invalid(e))) => e,
        _ => vec![],
    });
    let lat = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    let photo_id = RwSignal::new(String::new());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let label = move |key: &'static str| {
        Signal::derive(move || {
            let l = i18n.get_locale();
            match key {
                "name" => td_string!(l, places.s_name),
                "good" => td_string!(l, places.s_good),
                "address" => td_string!(l, places.s_address),
                _ => td_string!(l, places.s_contact),
            }
            .to_string()
        })
    };
    view! {
        {move || match send.value().get() {
            Some(Ok(SendReply::Invalid(_))) => view! { <p class="error" role="alert" data-testid="suggest-invalid">{t!(i18n, places.suggest_invalid)}</p> }.into_any(),
            Some(Err(crate::error::AppError::RateLimited { minutes })) => view! { <crate::ui::forms::RateLimitedNotice minutes=minutes /> }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, places.suggest_failed)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        <ActionForm action=send attr:class="stack-form suggest-form" attr:data-testid="suggest-form">
            <fieldset class="field">
                <legend>{t!(i18n, places.s_target)}</legend>
                {Target::ALL.iter().enumerate().map(|(i, t)| {
                    let t = *t;
                    view! {
                        <label class="check">
                            <input type="radio" name="form[target]" value=t.as_str() checked=i == 0 />
                            <span>{move || match t {
                                Target::Place => t_string!(i18n, places.s_target_place),
                                Target::Activity => t_string!(i18n, places.s_target_activity),
                            }}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <Field name="name" value=String::new() errors=errors label=label("name") />
            <Field name="good" value=String::new() errors=errors label=label("good") multiline=true />
            <KindChoice errors=errors />
            <Field name="address" value=String::new() errors=errors label=label("address") />
            <input type="hidden" name="form[latitude]" prop:value=move || lat.get() />
            <input type="hidden" name="form[longitude]" prop:value=move || lon.get() />
            {move || hydrated.get().then(|| view! { <PlacePicker lat=lat lon=lon /> })}
            <crate::ui::forms::FieldProblem errors=errors name="latitude" />
            <input type="hidden" name="form[photo_id]" prop:value=move || photo_id.get() />
            {move || hydrated.get().then(|| view! { <PhotoPicker photo_id=photo_id /> })}
            <Field name="contact" value=String::new() errors=errors label=label("contact") />
            <p class="hint">{t!(i18n, places.s_contact_hint)}</p>
            <label class="honeypot" aria-hidden="true">
                "website"<input type="text" name="form[website]" tabindex="-1" autocomplete="off" />
            </label>
            <button type="submit" class="button" data-testid="suggest-send">{t!(i18n, places.suggest_send)}</button>
        </ActionForm>
    }
}

#[component]
fn KindChoice(errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" data-field="kind">
            <label for="f-kind">{t!(i18n, places.s_kind)}</label>
            <select id="f-kind" name="form[kind]">
                <option value="">{t!(i18n, places.s_kind_unknown)}</option>
                {ResourceKind::ALL.iter().map(|k| {
                    let k = *k;
                    view! { <option value=k.as_str()>{k.glyph()}" "{move || crate::resources::kind_label(k, i18n.get_locale())}</option> }
                }).collect_view()}
            </select>
            <crate::ui::forms::FieldProblem errors=errors name="kind" />
        </div>
    }
}

/// Tap the map (or use where you are) to set the place; shown only once the
/// script runs, as the typed address is enough without it.
#[component]
fn PlacePicker(lat: RwSignal<String>, lon: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let el = NodeRef::<leptos::html::Div>::new();
    let locating = RwSignal::new(false);
    let not_found = RwSignal::new(false);
    let settings = LocalResource::new(crate::map::load_map_settings);
    #[cfg(feature = "hydrate")]
    let handle = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(div) = el.get() else { return };
        let Some(Ok(s)) = settings.get() else { return };
        if handle.with_value(|h| h.is_some()) {
            return;
        }
        let ready = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let Ok(b) = crate::map::bbox::BBox::parse(&s.town_bbox) else { return };
            let on_pick = wasm_bindgen::closure::Closure::<dyn FnMut(f64, f64)>::new(move |la: f64, lo: f64| {
                lat.set(format!("{la:.6}"));
                lon.set(format!("{lo:.6}"));
            });
            let h = crate::map::leaflet::make_picker(&div, &s.tile_url, &s.attribution, b.west(), b.south(), b.east(), b.north(), &on_pick);
            on_pick.forget();
            handle.set_value(Some(h));
        });
        crate::map::leaflet::load_leaflet(crate::map::leaflet::BASE, &ready);
        ready.forget();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (settings, el);
    let use_here = move |_| {
        locating.set(true);
        not_found.set(false);
        crate::ui::browser::current_position(move |p| {
            locating.set(false);
            match p {
                Some((la, lo)) => {
                    lat.set(format!("{la:.6}"));
                    lon.set(format!("{lo:.6}"));
                    #[cfg(feature = "hydrate")]
                    handle.with_value(|h| {
                        if let Some(h) = h {
                            crate::map::leaflet::picker_set(h, la, lo);
                        }
                    });
                }
                None => not_found.set(true),
            }
        });
    };
    view! {
        <div class="field picker">
            <p class="hint">{t!(i18n, places.s_pick_hint)}</p>
            <div class="map-canvas picker-map" node_ref=el data-testid="pick-map" role="application"
                aria-label=move || t_string!(i18n, places.s_pick_label)></div>
            <p class="contact-actions">
                <button type="button" class="button secondary" on:click=use_here disabled=move || locating.get()>{t!(i18n, places.s_use_here)}</button>
            </p>
            <p class="hint">{t!(i18n, places.s_here_privacy)}</p>
            {move || not_found.get().then(|| view! { <p class="error" role="alert">{t!(i18n, places.s_here_failed)}</p> })}
            {move || (!lat.get().is_empty()).then(|| view! {
                <p role="status" data-testid="picked">{t!(i18n, places.s_picked)}" "{lat.get()}", "{lon.get()}
                    " "<button type="button" class="link-button" on:click=move |_| { lat.set(String::new()); lon.set(String::new()); }>{t!(i18n, places.s_clear)}</button></p>
            })}
        </div>
    }
}

/// Choose a photo: it is uploaded at once (cleaned of EXIF/GPS on the
/// server) and sent with the suggestion by its number.
#[component]
fn PhotoPicker(photo_id: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let state = RwSignal::new(None::<Result<(), String>>);
    let busy = RwSignal::new(false);
    let on_change = move |_| {
        busy.set(true);
        state.set(None);
        let lang = if i18n.get_locale_untracked() == Locale::en { "en" } else { "ja" };
        crate::ui::browser::post_file(&input, &format!("/api/suggestions/photo?lang={lang}"), |_| {}, move |status, body| {
            busy.set(false);
            let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            if status == 200 {
                photo_id.set(v["id"].as_i64().map(|i| i.to_string()).unwrap_or_default());
                state.set(Some(Ok(())));
            } else {
                photo_id.set(String::new());
                state.set(Some(Err(v["message"].as_str().map(str::to_string).unwrap_or_else(|| td_string!(i18n.get_locale_untracked(), places.suggest_failed).to_string()))));
            }
        });
    };
    view! {
        <div class="field">
            <label for="f-photo">{t!(i18n, places.s_photo)}</label>
            <input id="f-photo" type="file" accept="image/*" node_ref=input on:change=on_change data-testid="suggest-photo" />
            <p class="hint">{t!(i18n, places.s_photo_hint)}</p>
            {move || busy.get().then(|| view! { <p role="status">{t!(i18n, places.s_photo_uploading)}</p> })}
            {move || match state.get() {
                Some(Ok(())) => view! { <p role="status" data-testid="photo-ok">{t!(i18n, places.s_photo_ok)}</p> }.into_any(),
                Some(Err(m)) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}
