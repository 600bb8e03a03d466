//! Editors: the queue (submitted first) and one report's review — the
//! rendered text, the history with comments, and the workflow buttons.
use crate::islands::{island, needs, Part};
use crate::reports::workflow::Status;
use crate::reports::workflow::status_label;
use crate::reports::{report_action, ActionReply};
use crate::calendar::tokyo_time;
use crate::i18n::*;
use leptos::prelude::*;

#[island]
pub fn Review(c: crate::reports::WorkingCopy) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let id = c.id;
    let status = RwSignal::new(c.status);
    let comment = RwSignal::new(String::new());
    let refused = RwSignal::new(false);
    let act = Action::new(move |action: &&'static str| {
        let action = *action;
        async move {
            match report_action(id, action.into(), comment.get_untracked()).await {
                Ok(ActionReply::Done(s)) => {
                    status.set(s);
                    refused.set(false);
                }
                _ => refused.set(true),
            }
        }
    });
    let button = move |action: &'static str, label: &'static str, when: fn(Status) -> bool, testid: &'static str| {
        view! {
            <button type="button" class="button" data-testid=testid hidden=move || !when(status.get()) on:click=move |_| { act.dispatch(action); }>
                {move || label_text(i18n.get_locale(), label)}
            </button>
        }
    };
    view! {
        <article class="card review" data-testid="review" data-status=move || status.get().as_str()>
            <p><span class="badge" data-testid="review-status">{move || status_label(i18n.get_locale(), status.get())}</span>" "{c.author_name.clone()}</p>
            <h2>{c.form.title.clone()}</h2>
            <p class="lead">{c.form.lead.clone()}</p>
            {c.form.cover_id.parse::<i64>().ok().map(|id| view! { <img src=format!("/media/{id}/w640.jpg") alt="" class="cover" /> })}
            <div class="report-body" inner_html=c.body_html.clone()></div>
            <p class="muted">"#"{c.form.tags.clone()}</p>
        </article>
        <section class="card">
            <h2>{t!(i18n, reports.history)}</h2>
            <ul class="plain-list">
                {c.history.iter().map(|e| view! {
                    <li><strong>{e.actor.clone()}</strong>" "{e.action.clone()}" · "{tokyo_time(&e.at)}
                        {(!e.comment.is_empty()).then(|| view! { <p class="pre-line">{e.comment.clone()}</p> })}</li>
                }).collect_view()}
            </ul>
            <label class="field"><span>{t!(i18n, reports.comment)}</span>
                <textarea rows="3" data-testid="review-comment" prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
            </label>
            <div class="button-row">
                {button("publish", "publish", |s| s == Status::Submitted, "publish")}
                {button("request_changes", "request_changes", |s| s == Status::Submitted, "request-changes")}
                {button("unpublish", "unpublish", |s| s == Status::Published, "unpublish")}
                {button("republish", "republish", |s| s == Status::Unpublished, "republish")}
                {button("archive", "archive", |s| s != Status::Archived, "archive")}
            </div>
            {move || refused.get().then(|| view! { <p class="error" role="alert" data-testid="review-refused">{t!(i18n, reports.refused)}</p> })}
            {move || (status.get() == Status::Published).then(|| view! { <p class="notice" role="status"><a href=format!("/reports/{id}")>{t!(i18n, reports.view_public)}</a></p> })}
        </section>
    }
}

fn label_text(locale: Locale, action: &str) -> &'static str {
    match action {
        "publish" => td_string!(locale, reports.do_publish),
        "request_changes" => td_string!(locale, reports.do_request_changes),
        "unpublish" => td_string!(locale, reports.do_unpublish),
        "republish" => td_string!(locale, reports.do_republish),
        _ => td_string!(locale, reports.do_archive),
    }
}
