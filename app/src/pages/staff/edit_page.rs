use crate::staff::{load_activity, EditData, QuickAction, SaveActivityForm, SaveReply};
use crate::activities::model::ActivityForm;
use crate::i18n::*;
use crate::ui::access::Forbidden;
use crate::ui::PageHeading;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EditActivityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()));
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_activity(id).await.map(|d| (id, d)),
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((id, d)) => view! { <Editor id=Some(id) data=d /> }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::errors::NotFoundPage /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewActivityPage() -> impl IntoView {
    // `?suggestion=N`: filled in from a resident's accepted suggestion
    let query = leptos_router::hooks::use_query_map();
    let from = move || query.with(|q| q.get("suggestion").and_then(|s| s.parse::<i64>().ok()));
    let form = Resource::new(from, |from| async move {
        match from {
            Some(id) => crate::suggestions::suggestion_activity_form(id).await,
            None => match crate::accounts::whoami().await? {
                Some(u) if u.is_staff() => Ok(ActivityForm { status: "active".into(), ..Default::default() }),
                Some(_) => Err(crate::error::AppError::Forbidden),
                None => Err(crate::error::AppError::SignInRequired),
            },
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! { <Editor id=None data=EditData { form, revisions: vec![] } /> }.into_any(),
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(id: Option<i64>, data: EditData) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveActivityForm>::new();
    let quick = ServerAction::<QuickAction>::new();
    let errors = Signal::derive(move || match save.value().get() {
        Some(Ok(SaveReply::Invalid(e))) => e,
        _ => match quick.value().get() {
            Some(Ok(SaveReply::Invalid(e))) => e,
            _ => vec![],
        },
    });
    let f = data.form;
    let title = move || if id.is_some() { t_string!(i18n, staff.edit_title) } else { t_string!(i18n, staff.new_title) };
    let text = move |name: &'static str, value: String| view! { <Field name=name value=value errors=errors /> };
    let area = move |name: &'static str, value: String| view! { <Field name=name value=value errors=errors multiline=true /> };
    let check = move |name: &'static str, on: bool| view! {
        <label class="check">
            <input type="checkbox" name=format!("form[{name}]") value="true" checked=on />
            <span>{move || field_label(i18n.get_locale(), name)}</span>
        </label>
    };
    view! {
        <PageHeading title=Signal::derive(move || title().to_string()) />
        {id.map(|id| view! {
            <p><a href=format!("/activities/{id}")>{f.name.clone()}</a></p>
            <div class="contact-actions">
                {[("verified", 0), ("pause", 1), ("end", 2), ("activate", 3)].into_iter().map(|(a, i)| view! {
                    <ActionForm action=quick>
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="action" value=a />
                        <button type="submit" class="button secondary" data-action=a>{move || match i {
                            0 => t_string!(i18n, staff.verified_today),
                            1 => t_string!(i18n, staff.pause),
                            2 => t_string!(i18n, staff.end),
                            _ => t_string!(i18n, staff.activate),
                        }}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
        })}
        {move || match (save.value().get(), quick.value().get()) {
            (Some(Ok(SaveReply::Saved { id })), _) | (_, Some(Ok(SaveReply::Saved { id }))) => view! {
                <p class="notice" role="status">{t!(i18n, staff.saved)}" "<a href=format!("/activities/{id}")>{format!("#{id}")}</a></p>
            }.into_any(),
            (Some(Ok(SaveReply::Invalid(_))), _) | (_, Some(Ok(SaveReply::Invalid(_)))) => view! {
                <p class="error" role="alert" data-testid="save-invalid">{t!(i18n, staff.invalid)}</p>
            }.into_any(),
            (Some(Err(_)), _) | (_, Some(Err(_))) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        <ActionForm action=save attr:class="stack-form edit-form">
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            {text("name", f.name)}
            {text("kana", f.kana)}
            {area("description", f.description)}
            {text("external_id", f.external_id)}
            {text("organisation", f.organisation)}
            {text("categories", f.categories)}
            {text("targets", f.targets)}
            {area("schedules", f.schedules)}
            {text("cost_yen", f.cost_yen)}
            {text("cost_note", f.cost_note)}
            {text("capacity", f.capacity)}
            {check("beginners_welcome", f.beginners_welcome)}
            {check("drop_in", f.drop_in)}
            {check("barrier_free", f.barrier_free)}
            {check("accessible_toilet", f.accessible_toilet)}
            {check("parking", f.parking)}
            {check("online", f.online)}
            {text("location_name", f.location_name)}
            {text("address", f.address)}
            {text("district", f.district)}
            {text("latitude", f.latitude)}
            {text("longitude", f.longitude)}
            {area("access_note", f.access_note)}
            {text("phone", f.phone)}
            {text("email", f.email)}
            {text("url", f.url)}
            {area("photos", f.photos)}
            {text("status", f.status)}
            {text("last_verified", f.last_verified)}
            <button type="submit" class="button">{t!(i18n, staff.save)}</button>
        </ActionForm>
        {id.map(|id| view! { <super::events_page::ActivityCalendarBox activity_id=id /> })}
        {(!data.revisions.is_empty()).then(|| view! {
            <section>
                <h2>{t!(i18n, staff.history)}</h2>
                <ul class="plain history">
                    {data.revisions.into_iter().map(|r| view! {
                        <li>{r.changed_at}" — "{r.summary}" ("{t!(i18n, staff.by)}": "{r.changed_by}")"</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// A labelled input with its error (in the person's language) beneath it.
#[component]
pub(crate) fn Field(
    name: &'static str,
    value: String,
    errors: Signal<Vec<FieldError>>,
    #[prop(optional)] multiline: bool,
    /// Label text; by default the activity form's label for `name`.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// HTML input type (`text` by default): `date`, `time`, `number`, `url`…
    #[prop(optional)]
    input_type: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input_id = format!("f-{name}");
    let err_id = format!("err-{name}");
    let message = move || {
        errors.with(|es| {
            es.iter()
                .filter(|e| e.field == name)
                .map(|e| e.problem.message(i18n.get_locale()))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let invalid = move || !message().is_empty();
    let control = if multiline {
        view! { <textarea id=input_id.clone() name=format!("form[{name}]") rows="4" aria-invalid=move || invalid().to_string() aria-describedby=err_id.clone()>{value}</textarea> }.into_any()
    } else {
        view! { <input id=input_id.clone() type=input_type.unwrap_or("text") name=format!("form[{name}]") value=value aria-invalid=move || invalid().to_string() aria-describedby=err_id.clone() /> }.into_any()
    };
    view! {
        <div class="field" class:invalid=invalid data-field=name>
            <label for=input_id>{move || match label {
                Some(l) => l.get(),
                None => field_label(i18n.get_locale(), name).to_string(),
            }}</label>
            {control}
            <p class="field-error" id=err_id role="alert">{message}</p>
        </div>
    }
}

fn field_label(locale: Locale, name: &str) -> &'static str {
    match name {
        "external_id" => td_string!(locale, staff.f_external_id),
        "name" => td_string!(locale, staff.f_name),
        "kana" => td_string!(locale, staff.f_kana),
        "description" => td_string!(locale, staff.f_description),
        "organisation" => td_string!(locale, staff.f_organisation),
        "categories" => td_string!(locale, staff.f_categories),
        "targets" => td_string!(locale, staff.f_targets),
        "cost_yen" => td_string!(locale, staff.f_cost_yen),
        "cost_note" => td_string!(locale, staff.f_cost_note),
        "capacity" => td_string!(locale, staff.f_capacity),
        "beginners_welcome" => td_string!(locale, staff.f_beginners_welcome),
        "drop_in" => td_string!(locale, staff.f_drop_in),
        "barrier_free" => td_string!(locale, staff.f_barrier_free),
        "accessible_toilet" => td_string!(locale, staff.f_accessible_toilet),
        "parking" => td_string!(locale, staff.f_parking),
        "access_note" => td_string!(locale, staff.f_access_note),
        "phone" => td_string!(locale, staff.f_phone),
        "email" => td_string!(locale, staff.f_email),
        "url" => td_string!(locale, staff.f_url),
        "photos" => td_string!(locale, staff.f_photos),
        "status" => td_string!(locale, staff.f_status),
        "last_verified" => td_string!(locale, staff.f_last_verified),
        "location_name" => td_string!(locale, staff.f_location_name),
        "address" => td_string!(locale, staff.f_address),
        "district" => td_string!(locale, staff.f_district),
        "latitude" => td_string!(locale, staff.f_latitude),
        "longitude" => td_string!(locale, staff.f_longitude),
        "online" => td_string!(locale, staff.f_online),
        _ => td_string!(locale, staff.f_schedules),
    }
}
