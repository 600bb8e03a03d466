//! `/staff/suggestions`: residents' suggestions waiting for a decision —
//! accept as a place (a resource draft to complete) or as an activity (the
//! new-activity form, filled in), or reject with a reason.
use crate::islands::{island, needs, Part};
use crate::suggestions::{suggestion_queue, DecideReply, DecideSuggestion, QueuedSuggestion};
use crate::i18n::*;
use crate::ui::access::Forbidden;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[island]
pub fn SuggestionQueue() -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let decide = ServerAction::<DecideSuggestion>::new();
    let list = Resource::new(move || decide.version().get(), |_| suggestion_queue());
    view! {
        <p><a href="/staff/resources">{t!(i18n, places.staff_title)}</a></p>
        {move || match decide.value().get() {
            Some(Ok(DecideReply::ResourceDraft { id })) => view! {
                <p class="notice" role="status" data-testid="decided">{t!(i18n, places.q_made_draft)}" "
                    <a href=format!("/staff/resources/{id}")>{t!(i18n, places.q_open_draft)}</a></p>
            }.into_any(),
            Some(Ok(DecideReply::ActivityDraft { suggestion })) => view! {
                <p class="notice" role="status" data-testid="decided">{t!(i18n, places.q_made_activity)}" "
                    <a href=format!("/staff/activities/new?suggestion={suggestion}")>{t!(i18n, places.q_open_activity)}</a></p>
            }.into_any(),
            Some(Ok(DecideReply::Rejected)) => view! { <p class="notice" role="status" data-testid="decided">{t!(i18n, places.q_rejected)}</p> }.into_any(),
            Some(Ok(DecideReply::Invalid(e))) => view! {
                <p class="error" role="alert" data-testid="decide-invalid">
                    {move || e.iter().map(|e| e.problem.message(i18n.get_locale())).collect::<Vec<_>>().join(" ")}
                </p>
            }.into_any(),
            Some(Err(_)) => view! { <p class="error" role="alert">{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            None => ().into_any(),
        }}
        <Transition>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => {
                        let (waiting, decided): (Vec<_>, Vec<_>) = rows.into_iter().partition(|s| s.status == "pending");
                        view! {
                            <h2>{t!(i18n, places.q_waiting)}" ("{waiting.len()}")"</h2>
                            {waiting.is_empty().then(|| view! { <p class="muted">{t!(i18n, places.q_none)}</p> })}
                            <ul class="results" data-testid="suggestion-queue">
                                {waiting.into_iter().map(|s| view! { <Waiting s=s decide=decide /> }).collect_view()}
                            </ul>
                            <h2>{t!(i18n, places.q_decided)}</h2>
                            <ul class="plain-list" data-testid="suggestions-decided">
                                {decided.into_iter().map(|s| view! { <Decided s=s /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    Err(e) => view! { <Forbidden error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Waiting(s: QueuedSuggestion, decide: ServerAction<DecideSuggestion>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = crate::resources::model::ResourceKind::parse(&s.kind);
    let target = s.target.clone();
    view! {
        <li class="card result suggestion" data-id=s.id>
            <h3>{s.name.clone()}</h3>
            <p class="muted">
                {move || if target == "activity" { t_string!(i18n, places.s_target_activity) } else { t_string!(i18n, places.s_target_place) }}
                {kind.map(|k| view! { " · "{k.glyph()}" "{move || crate::resources::kind_label(k, i18n.get_locale())} })}
                " · "{s.created_at.chars().take(16).collect::<String>().replace('T', " ")}
            </p>
            <p class="description">{s.good.clone()}</p>
            <dl class="facts">
                {(!s.address.is_empty()).then(|| view! { <dt>{t!(i18n, places.s_address)}</dt><dd>{s.address.clone()}</dd> })}
                {s.latitude.zip(s.longitude).map(|(la, lo)| view! {
                    <dt>{t!(i18n, places.s_picked)}</dt>
                    <dd><a href=format!("https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map=17/{la}/{lo}") rel="noopener" target="_blank">{format!("{la:.5}, {lo:.5}")}</a></dd>
                })}
                {(!s.contact.is_empty()).then(|| view! { <dt>{t!(i18n, places.s_contact)}</dt><dd>{s.contact.clone()}</dd> })}
            </dl>
            {s.photo_id.map(|id| view! { <img class="suggestion-photo" src=format!("/media/{id}/w400.jpg") alt="" loading="lazy" /> })}
            <div class="contact-actions">
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=s.id />
                    <input type="hidden" name="decision" value="place" />
                    <input type="hidden" name="reason" value="" />
                    <button type="submit" class="button" data-action="place">{t!(i18n, places.q_accept_place)}</button>
                </ActionForm>
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=s.id />
                    <input type="hidden" name="decision" value="activity" />
                    <input type="hidden" name="reason" value="" />
                    <button type="submit" class="button secondary" data-action="activity">{t!(i18n, places.q_accept_activity)}</button>
                </ActionForm>
            </div>
            <ActionForm action=decide attr:class="stack-form reject-form">
                <input type="hidden" name="id" value=s.id />
                <input type="hidden" name="decision" value="reject" />
                <label class="field">
                    <span>{t!(i18n, places.q_reason)}</span>
                    <input type="text" name="reason" maxlength="500" />
                </label>
                <button type="submit" class="button secondary" data-action="reject">{t!(i18n, places.q_reject)}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Decided(s: QueuedSuggestion) -> impl IntoView {
    let i18n = use_i18n();
    let accepted = s.status == "accepted";
    view! {
        <li data-id=s.id data-status=s.status.clone()>
            <strong>{s.name.clone()}</strong>" — "
            {move || if accepted { t_string!(i18n, places.q_accepted) } else { t_string!(i18n, places.q_was_rejected) }}
            {(!s.reason.is_empty()).then(|| view! { ": "{s.reason.clone()} })}
            {s.resource_id.map(|id| view! { " · "<a href=format!("/staff/resources/{id}")>{format!("#{id}")}</a> })}
            {s.decided_by.clone().map(|b| view! { <span class="muted">" ("{b}")"</span> })}
        </li>
    }
}
