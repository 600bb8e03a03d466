//! Form ① on one sheet of A4, for clinics that still FAX: blank
//! (`/refer/print`) or filled from a case (`/casework/cases/:id/form1`, a
//! read of the case like any other, so it is audited).
use crate::casework::case_file::{get_case, Person};
use crate::casework::intake::city_checklist;
use crate::casework::labels::{concern_label, consent_label, sex_label, slug_label, source_label};
use crate::casework::model::{Concern, ConsentBy, CONSENT_TEXT_EN, CONSENT_TEXT_JA};
use crate::casework::referral::{Sex, Source};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BlankForm1Page() -> impl IntoView {
    let list = Resource::new(|| (), |_| city_checklist());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                view! { <Form1Sheet person=None checklist=list.await /> }
            })}
        </Suspense>
    }
}

#[component]
pub fn FilledForm1Page() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let file = Resource::new(id, get_case);
    let list = Resource::new(|| (), |_| city_checklist());
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let checklist = list.await;
                match file.await {
                    Ok(f) => view! { <Form1Sheet person=Some(f.person) checklist=checklist /> }.into_any(),
                    Err(e) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Form1Sheet(person: Option<Person>, checklist: Vec<Concern>) -> impl IntoView {
    let i18n = use_i18n();
    let p = person.clone().unwrap_or_default();
    let filled = person.is_some();
    let blank = |v: Option<String>| v.unwrap_or_default();
    let concerns = p.concerns.clone();
    // the city's checklist, and whatever else this referral ticked (made
    // under another checklist), in the order of the full list
    let mut shown = checklist;
    for c in concerns.iter().filter_map(|c| Concern::parse(c)) {
        if !shown.contains(&c) {
            shown.push(c);
        }
    }
    let pressing = p.most_pressing.clone();
    let row = move |label: String, value: String| view! {
        <tr><th scope="row">{label}</th><td class="fill">{value}</td></tr>
    };
    view! {
        <p class="no-print">
            <button type="button" class="button secondary" on:click=move |_| crate::ui::browser::print()>{t!(i18n, casework.print)}</button>
        </p>
        <article class="sheet form1" data-testid="form1-sheet" data-filled=filled.to_string()>
            <h1>{t!(i18n, casework.refer_title)}</h1>
            {move || {
                let l = i18n.get_locale();
                let p = p.clone();
                let source = if filled { slug_label(&p.source, Source::parse, source_label, l) } else { String::new() };
                view! {
                    <table class="form-table">
                        <tbody>
                            {row(td_string!(l, casework.f_source).to_string(), source)}
                            {row(td_string!(l, casework.f_institution).to_string(), blank(p.institution.clone()))}
                            {row(td_string!(l, casework.f_doctor).to_string(), blank(p.doctor.clone()))}
                            {row(td_string!(l, casework.f_name).to_string(), blank(p.name.clone()))}
                            {row(td_string!(l, casework.f_sex).to_string(), p.sex.as_deref().map(|s| slug_label(s, Sex::parse, sex_label, l)).unwrap_or_default())}
                            {row(td_string!(l, casework.f_birth_date).to_string(), blank(p.birth_date.clone()))}
                            {row(td_string!(l, casework.f_address).to_string(), blank(p.address.clone()))}
                            {row(td_string!(l, casework.f_phone).to_string(), blank(p.phone.clone().or(p.contact.clone())))}
                            {row(td_string!(l, casework.f_medical_history).to_string(), blank(p.medical_history.clone()))}
                        </tbody>
                    </table>
                }
            }}
            <h2>{t!(i18n, casework.f_concerns)}</h2>
            <ul class="check-sheet">
                {shown.iter().map(|c| {
                    let c = *c;
                    let ticked = concerns.iter().any(|x| x == c.as_str());
                    let star = pressing.as_deref() == Some(c.as_str());
                    view! {
                        <li data-ticked=ticked.to_string()>{if ticked { "☑ " } else { "☐ " }}{move || concern_label(c, i18n.get_locale())}{star.then_some(" ★")}</li>
                    }
                }).collect_view()}
            </ul>
            <p class="hint">"★ "{t!(i18n, casework.f_most_pressing)}</p>
            <h2>{t!(i18n, casework.f_free_text)}</h2>
            <div class="fill-box pre-line">{person.as_ref().and_then(|p| p.free_text.clone()).unwrap_or_default()}</div>
            <h2>{t!(i18n, casework.f_consent)}</h2>
            <blockquote class="consent-text">{move || if i18n.get_locale() == Locale::en { CONSENT_TEXT_EN } else { CONSENT_TEXT_JA }}</blockquote>
            <ul class="check-sheet">
                {ConsentBy::ALL.iter().map(|c| {
                    let c = *c;
                    let ticked = person.as_ref().and_then(|p| p.consent_by.clone()).as_deref() == Some(c.as_str());
                    view! { <li>{if ticked { "☑ " } else { "☐ " }}{move || consent_label(c, i18n.get_locale())}</li> }
                }).collect_view()}
            </ul>
            <p>{t!(i18n, casework.f_consent_date)}": "{person.as_ref().and_then(|p| p.consented_at.clone()).unwrap_or_else(|| "　　年　　月　　日".into())}</p>
            <p class="signature">{t!(i18n, casework.signature)}": ＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿"</p>
        </article>
    }
}
