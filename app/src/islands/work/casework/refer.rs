//! `/refer` 相談支援依頼票（様式①）: a clinic or pharmacy (its account or a
//! one-time link `/refer?link=…`) or the office typing in paper and FAX.
//! Works without JavaScript; with it, the age shows as the birth date is
//! typed (Japanese era accepted) and the no-consent choice hides the fields
//! that may not be kept.
use crate::islands::{island, needs, Part};
use crate::casework::birth_date::{age_on, parse_birth_date};
use crate::casework::intake::{IntakeReply, ReferAs, SubmitReferral};
use crate::casework::labels::{concern_label, consent_label, household_label, sex_label, source_label};
use crate::casework::model::{Concern, ConsentBy, CONSENT_TEXT_EN, CONSENT_TEXT_JA};
use crate::casework::referral::{Household, Sex, Source};
use crate::i18n::*;
use crate::ui::forms::Field;
use crate::ui::forms::FieldProblem;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn ReferSection(who: ReferAs, link: String, checklist: Vec<Concern>, districts: Vec<crate::districts::District>) -> impl IntoView {
    needs(Part::Casework);
    let i18n = island_i18n();
    let send = ServerAction::<SubmitReferral>::new();
    // the form is drawn again only after a referral went through (an answer
    // with problems keeps what was typed)
    let sent = Memo::new(move |_| matches!(send.value().get(), Some(Ok(IntakeReply::Received(_)))));
    view! {
        {move || match sent.get() {
            true => view! {
                <section class="card notice" role="status" data-testid="refer-sent">
                    <h2>{t!(i18n, casework.refer_sent)}</h2>
                    <p>{t!(i18n, casework.refer_sent_body)}</p>
                    {(!matches!(who, ReferAs::Link { .. })).then(|| view! {
                        <p><button type="button" class="button secondary" on:click=move |_| send.value().set(None)>
                            {t!(i18n, casework.refer_another)}
                        </button></p>
                    })}
                </section>
            }.into_any(),
            false => view! { <ReferForm who=who.clone() link=link.clone() send=send checklist=checklist.clone() districts=districts.clone() /> }.into_any(),
        }}
    }
}

#[component]
fn ReferForm(who: ReferAs, link: String, send: ServerAction<SubmitReferral>, checklist: Vec<Concern>, districts: Vec<crate::districts::District>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = Signal::derive(move || match send.value().get() {
        Some(Ok(IntakeReply::Invalid(e))) => e,
        _ => vec![],
    });
    let no_consent = RwSignal::new(false);
    let birth = RwSignal::new(String::new());
    let today = crate::calendar::today_tokyo();
    let age = move || parse_birth_date(&birth.get(), today).ok().map(|d| age_on(d, today));
    let label = move |key: &'static str| {
        Signal::derive(move || {
            let l = i18n.get_locale();
            match key {
                "institution" => td_string!(l, casework.f_institution),
                "doctor" => td_string!(l, casework.f_doctor),
                "name" => td_string!(l, casework.f_name),
                "address" => td_string!(l, casework.f_address),
                "phone" => td_string!(l, casework.f_phone),
                "medical_history" => td_string!(l, casework.f_medical_history),
                "free_text" => td_string!(l, casework.f_free_text),
                _ => td_string!(l, casework.f_consent_date),
            }
            .to_string()
        })
    };
    let (institution, sources): (String, &'static [Source]) = match &who {
        ReferAs::Referrer { institution } | ReferAs::Link { institution } => (institution.clone(), &[Source::Clinic, Source::Pharmacy]),
        _ => (String::new(), &[Source::Office, Source::Clinic, Source::Pharmacy, Source::Commissioner, Source::Family, Source::Other]),
    };
    let office = matches!(who, ReferAs::Office);
    let identifying = move || if no_consent.get() { "identifying hidden-when-no-consent" } else { "identifying" };
    view! {
        {office.then(|| view! { <p class="hint">{t!(i18n, casework.refer_office_lead)}</p> })}
        {move || match send.value().get() {
            Some(Ok(IntakeReply::Invalid(e))) if e.iter().any(|e| e.field == "link") => view! {
                <p class="error" role="alert">{t!(i18n, casework.refer_link_invalid)}</p>
            }.into_any(),
            Some(Ok(IntakeReply::Invalid(_))) => view! { <p class="error" role="alert" data-testid="refer-invalid">{t!(i18n, casework.refer_invalid)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, casework.refer_failed)}</p> }.into_any(),
            _ => ().into_any(),
        }}
        <ActionForm action=send attr:class="stack-form refer-form" attr:data-testid="refer-form">
            <input type="hidden" name="link" value=link />
            <fieldset class="field" data-field="source">
                <legend>{t!(i18n, casework.f_source)}</legend>
                {sources.iter().enumerate().map(|(i, s)| {
                    let s = *s;
                    view! {
                        <label class="check">
                            <input type="radio" name="form[source]" value=s.as_str() checked=i == 0 />
                            <span>{move || source_label(s, i18n.get_locale())}</span>
                        </label>
                    }
                }).collect_view()}
                <FieldProblem errors=errors name="source" />
            </fieldset>
            <Field name="institution" value=institution errors=errors label=label("institution") />
            <Field name="doctor" value=String::new() errors=errors label=label("doctor") />
            <ConsentChoice errors=errors no_consent=no_consent />
            <div class=identifying>
                <Field name="name" value=String::new() errors=errors label=label("name") />
            </div>
            <fieldset class="field" data-field="sex">
                <legend>{t!(i18n, casework.f_sex)}</legend>
                {Sex::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <label class="check">
                            <input type="radio" name="form[sex]" value=s.as_str() checked=s == Sex::Unanswered />
                            <span>{move || sex_label(s, i18n.get_locale())}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <div class=identifying>
                <div class="field" data-field="household">
                    <label for="f-household">{t!(i18n, casework.f_household)}</label>
                    <select id="f-household" name="form[household]">
                        <option value="">{t!(i18n, casework.f_household_none)}</option>
                        {Household::ALL.iter().map(|h| {
                            let h = *h;
                            view! { <option value=h.as_str()>{move || household_label(h, i18n.get_locale())}</option> }
                        }).collect_view()}
                    </select>
                    <FieldProblem errors=errors name="household" />
                </div>
            </div>
            <div class="field" data-field="birth_date">
                <label for="f-birth_date">{t!(i18n, casework.f_birth_date)}</label>
                <input id="f-birth_date" name="form[birth_date]" type="text" inputmode="text" autocomplete="off"
                    aria-describedby="birth-hint" on:input=move |ev| birth.set(event_target_value(&ev)) />
                <p class="hint" id="birth-hint">{t!(i18n, casework.f_birth_hint)}</p>
                {move || age().map(|a| view! { <p role="status" data-testid="age">{t!(i18n, casework.f_age, age = a)}</p> })}
                <FieldProblem errors=errors name="birth_date" />
            </div>
            <div class=identifying>
                <Field name="address" value=String::new() errors=errors label=label("address") />
            </div>
            <div class="field" data-field="district">
                <label for="f-district">{t!(i18n, casework.f_district)}</label>
                <select id="f-district" name="form[district]">
                    <option value="">{t!(i18n, casework.f_district_none)}</option>
                    {districts.into_iter().map(|d| {
                        let label = d.clone();
                        view! { <option value=d.slug.clone()>{move || if i18n.get_locale() == Locale::en { label.name_en.clone() } else { label.name_ja.clone() }}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class=identifying>
                <Field name="phone" value=String::new() errors=errors label=label("phone") />
                <Field name="medical_history" value=String::new() errors=errors label=label("medical_history") multiline=true />
            </div>
            <Concerns errors=errors list=checklist />
            <Field name="free_text" value=String::new() errors=errors label=label("free_text") multiline=true />
            <button type="submit" class="button" data-testid="refer-send">{t!(i18n, casework.refer_send)}</button>
        </ActionForm>
    }
}

/// How consent was given (or that there is none), with the exact text the
/// person agrees to and the date.
#[component]
fn ConsentChoice(errors: Signal<Vec<FieldError>>, no_consent: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let today = crate::calendar::today_tokyo().to_string();
    view! {
        <fieldset class="field consent" data-field="consent">
            <legend>{t!(i18n, casework.f_consent)}</legend>
            <p class="hint">{t!(i18n, casework.f_consent_text)}</p>
            <blockquote class="consent-text" data-testid="consent-text">
                {move || if i18n.get_locale() == Locale::en { CONSENT_TEXT_EN } else { CONSENT_TEXT_JA }}
            </blockquote>
            {ConsentBy::ALL.iter().enumerate().map(|(i, c)| {
                let c = *c;
                view! {
                    <label class="check">
                        <input type="radio" name="form[consent]" value=c.as_str() checked=i == 0 on:change=move |_| no_consent.set(false) />
                        <span>{move || consent_label(c, i18n.get_locale())}</span>
                    </label>
                }
            }).collect_view()}
            <label class="check">
                <input type="radio" name="form[consent]" value="none" on:change=move |_| no_consent.set(true) data-testid="consent-none" />
                <span>{t!(i18n, casework.consent_none)}</span>
            </label>
            <p class="hint">{t!(i18n, casework.consent_none_hint)}</p>
            <FieldProblem errors=errors name="consent" />
            <div class="field" data-field="consent_date">
                <label for="f-consent_date">{t!(i18n, casework.f_consent_date)}</label>
                <input id="f-consent_date" name="form[consent_date]" type="date" value=today />
                <FieldProblem errors=errors name="consent_date" />
            </div>
        </fieldset>
    }
}

/// The checklist (the city's, from both cities' concerns) and the one most
/// pressing.
#[component]
fn Concerns(errors: Signal<Vec<FieldError>>, list: Vec<Concern>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="field concerns" data-field="concerns">
            <legend>{t!(i18n, casework.f_concerns)}</legend>
            <div class="check-grid">
                {list.iter().map(|c| {
                    let c = *c;
                    view! {
                        <label class="check">
                            <input type="checkbox" name=format!("form[concern][{}]", c.as_str()) value="on" />
                            <span>{move || concern_label(c, i18n.get_locale())}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <FieldProblem errors=errors name="concerns" />
        </fieldset>
        <div class="field" data-field="most_pressing">
            <label for="f-most_pressing">{t!(i18n, casework.f_most_pressing)}</label>
            <select id="f-most_pressing" name="form[most_pressing]">
                <option value="">{t!(i18n, casework.f_most_pressing_none)}</option>
                {list.iter().map(|c| {
                    let c = *c;
                    view! { <option value=c.as_str()>{move || concern_label(c, i18n.get_locale())}</option> }
                }).collect_view()}
            </select>
            <FieldProblem errors=errors name="most_pressing" />
        </div>
    }
}
