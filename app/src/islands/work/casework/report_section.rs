//! Form ② on the case page: the facts it reports (disability certificate,
//! care level, care manager, main support, plan, and whether the person
//! agreed to the report), changed through the outbox like every edit; and
//! sending it to the referrer, which needs a connection.
use crate::casework::case_file::CaseFile;
use crate::casework::feedback::{send_feedback, NotSendable, SendReply};
use crate::casework::labels::{care_label, disability_label};
use crate::casework::model::{CareLevel, CaseField, Disability};
use crate::casework::sync::Change;
use crate::casework::sync_client::SyncClient;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ReportSection(file: Signal<CaseFile>, base: Signal<CaseFile>, sync: SyncClient) -> impl IntoView {
    let i18n = use_i18n();
    let case_id = base.with_untracked(|b| b.id);
    let current = move |f: CaseField| file.with_untracked(|c| c.field(f.as_str()).to_string());
    let disability = RwSignal::new(current(CaseField::Disability));
    let care = RwSignal::new(current(CaseField::CareLevel));
    let manager = RwSignal::new(current(CaseField::CareManager));
    let support = RwSignal::new(current(CaseField::MainSupport));
    let plan = RwSignal::new(current(CaseField::Plan));
    let agreed = RwSignal::new(current(CaseField::ReportAgreed) == "yes");
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let l = i18n.get_locale_untracked();
        let fields = [
            (CaseField::Disability, disability.get_untracked()),
            (CaseField::CareLevel, care.get_untracked()),
            (CaseField::CareManager, manager.get_untracked()),
            (CaseField::MainSupport, support.get_untracked()),
            (CaseField::Plan, plan.get_untracked()),
            (CaseField::ReportAgreed, if agreed.get_untracked() { "yes".into() } else { "no".into() }),
        ];
        // only what changed, each from the revision this device last saw
        let edits: Vec<Change> = fields
            .into_iter()
            .filter(|(f, v)| file.with_untracked(|c| c.field(f.as_str()) != v.trim()) && !(v == "no" && current(*f).is_empty()))
            .map(|(f, v)| Change::Field {
                field: f.as_str().into(),
                value: v,
                base_revision: base.with_untracked(|b| b.fields.get(f.as_str()).map(|x| x.revision).unwrap_or(0)),
            })
            .collect();
        problem.set(sync.record_checked(case_id, edits, l).err());
    };
    let send = Action::new(move |_: &()| send_feedback(case_id));
    view! {
        <section class="card report-section" data-testid="form2">
            <h2>{t!(i18n, casework.form2_title)}</h2>
            <p class="hint">{t!(i18n, casework.form2_lead)}</p>
            <div class="field">
                <label for="f2-disability">{t!(i18n, casework.f_disability)}</label>
                <select id="f2-disability" on:change=move |ev| disability.set(event_target_value(&ev)) prop:value=move || disability.get()>
                    <option value="">{t!(i18n, casework.unknown)}</option>
                    {Disability::ALL.iter().map(|d| { let d = *d; view! { <option value=d.as_str()>{move || disability_label(d, i18n.get_locale())}</option> } }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f2-care">{t!(i18n, casework.f_care_level)}</label>
                <select id="f2-care" data-testid="care-level" on:change=move |ev| care.set(event_target_value(&ev)) prop:value=move || care.get()>
                    <option value="">{t!(i18n, casework.unknown)}</option>
                    {CareLevel::ALL.iter().map(|c| { let c = *c; view! { <option value=c.as_str()>{move || care_label(c, i18n.get_locale())}</option> } }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f2-manager">{t!(i18n, casework.f_care_manager)}</label>
                <input id="f2-manager" type="text" prop:value=move || manager.get() on:input=move |ev| manager.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="f2-support">{t!(i18n, casework.f_main_support)}</label>
                <textarea id="f2-support" rows="3" prop:value=move || support.get() on:input=move |ev| support.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="f2-plan">{t!(i18n, casework.f_plan)}</label>
                <textarea id="f2-plan" rows="3" prop:value=move || plan.get() on:input=move |ev| plan.set(event_target_value(&ev))></textarea>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="report-agreed" prop:checked=move || agreed.get() on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                <span>{t!(i18n, casework.f_report_agreed)}</span>
            </label>
            {move || problem.get().map(|m| view! { <p class="error" role="alert">{t!(i18n, casework.fix_first)}{m}</p> })}
            <p class="button-row">
                <button type="button" class="button secondary" data-testid="save-facts" disabled=move || !sync.ready() on:click=save>{t!(i18n, casework.save_facts)}</button>
                <button type="button" class="button" data-testid="send-form2"
                    disabled=move || sync.outbox.with(|o| o.pending_for(case_id).next().is_some())
                    on:click=move |_| { send.dispatch(()); }>{t!(i18n, casework.send_form2)}</button>
            </p>
            {move || send.value().get().map(|r| match r {
                Ok(SendReply::Sent(_)) => view! { <p class="notice" role="status" data-testid="form2-sent">{t!(i18n, casework.form2_sent)}</p> }.into_any(),
                Ok(SendReply::NotSendable(NotSendable::NotAgreed)) => view! { <p class="error" role="alert" data-testid="form2-not-agreed">{t!(i18n, casework.form2_not_agreed)}</p> }.into_any(),
                Ok(SendReply::NotSendable(NotSendable::NoReferrer)) => view! { <p class="error" role="alert">{t!(i18n, casework.form2_no_referrer)}</p> }.into_any(),
                Err(_) => view! { <p class="error" role="alert">{t!(i18n, casework.form2_offline)}</p> }.into_any(),
            })}
        </section>
    }
}
