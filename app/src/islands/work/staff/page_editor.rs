//! Staff edit a page: both languages (one shown at a time on a phone), the
//! same Markdown editor as the reports, a note, and the version history with
//! a look at any earlier version and the way back to it.
use crate::islands::{island, needs, Part};
use crate::about::page::PageForm;
use crate::about::{edit_page, get_page_revision, save_page, PageDraft, PageRevision, PageRevisionSummary, PageSaveReply};
use crate::calendar::tokyo_time;
use crate::i18n::*;
use crate::ui::forms::FieldProblem;
use crate::ui::markdown_editor::MarkdownEditor;
use crate::validation::FieldError;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ja,
    En,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Saved,
    Unchanged,
    Invalid,
    Conflict(String),
    Failed,
}

#[island]
pub fn PageEditor(d: PageDraft) -> impl IntoView {
    needs(Part::Staff);
    let i18n = island_i18n();
    let slug = d.slug;
    let form = RwSignal::new(d.form.clone());
    let base = RwSignal::new(d.revision);
    let history = RwSignal::new(d.history.clone());
    let lang = RwSignal::new(if i18n.get_locale_untracked() == Locale::en { Lang::En } else { Lang::Ja });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let dirty = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let conflict_base = StoredValue::new(None::<i64>);

    let save = Action::new(move |overwrite: &Option<i64>| {
        let overwrite = *overwrite;
        async move {
            if let Some(r) = overwrite {
                base.set(Some(r));
            }
            let reply = save_page(slug.as_str().to_string(), form.get_untracked(), base.get_untracked()).await;
            match reply {
                Ok(PageSaveReply::Saved { revision }) => {
                    base.set(Some(revision));
                    errors.set(vec![]);
                    dirty.set(false);
                    restored.set(false);
                    form.update(|f| f.note.clear());
                    if let Ok(fresh) = edit_page(slug.as_str().to_string()).await {
                        history.set(fresh.history);
                    }
                    outcome.set(Some(Outcome::Saved));
                }
                Ok(PageSaveReply::Unchanged { .. }) => {
                    errors.set(vec![]);
                    dirty.set(false);
                    outcome.set(Some(Outcome::Unchanged));
                }
                Ok(PageSaveReply::Invalid(e)) => {
                    // show the language where the first problem is
                    if let Some(first) = e.first() {
                        lang.set(if first.field.ends_with("_en") { Lang::En } else { Lang::Ja });
                    }
                    errors.set(e);
                    outcome.set(Some(Outcome::Invalid));
                }
                Ok(PageSaveReply::Conflict { revision, saved_by }) => {
                    conflict_base.set_value(Some(revision));
                    outcome.set(Some(Outcome::Conflict(saved_by)));
                }
                Err(_) => outcome.set(Some(Outcome::Failed)),
            }
        }
    });
    let err = Signal::derive(move || errors.get());
    let set = move |apply: fn(&mut PageForm, String)| {
        move |v: String| {
            form.update(|f| apply(f, v));
            dirty.set(true);
        }
    };

    let fields = move |l: Lang| {
        let sfx = if l == Lang::Ja { "ja" } else { "en" };
        let (title, lead, body): (fn(&PageForm) -> String, fn(&PageForm) -> String, fn(&PageForm) -> String) = match l {
            Lang::Ja => (|f| f.title_ja.clone(), |f| f.lead_ja.clone(), |f| f.body_ja.clone()),
            Lang::En => (|f| f.title_en.clone(), |f| f.lead_en.clone(), |f| f.body_en.clone()),
        };
        let (set_title, set_lead, set_body): (fn(&mut PageForm, String), fn(&mut PageForm, String), fn(&mut PageForm, String)) = match l {
            Lang::Ja => (|f, v| f.title_ja = v, |f, v| f.lead_ja = v, |f, v| f.body_ja = v),
            Lang::En => (|f, v| f.title_en = v, |f, v| f.lead_en = v, |f, v| f.body_en = v),
        };
        let (title_name, lead_name, body_name) = match l {
            Lang::Ja => ("title_ja", "lead_ja", "body_ja"),
            Lang::En => ("title_en", "lead_en", "body_en"),
        };
        let initial = if l == Lang::Ja { d.html_ja.clone() } else { d.html_en.clone() };
        let on_title = set(set_title);
        let on_lead = set(set_lead);
        view! {
            <fieldset class="page-lang" lang=sfx data-testid=format!("fields-{sfx}") hidden=move || lang.get() != l>
                <label class="field"><span>{t!(i18n, pages.f_title)}</span>
                    <input type="text" name=title_name maxlength="60" prop:value=move || form.with(title) on:input=move |e| on_title(event_target_value(&e)) />
                    <FieldProblem errors=err name=title_name /></label>
                <label class="field"><span>{t!(i18n, pages.f_lead)}</span>
                    <textarea name=lead_name rows="3" prop:value=move || form.with(lead) on:input=move |e| on_lead(event_target_value(&e))></textarea>
                    <FieldProblem errors=err name=lead_name /></label>
                <MarkdownEditor label=Signal::derive(move || t_string!(i18n, pages.f_body).to_string()) name=body_name
                    value=Signal::derive(move || form.with(body)) on_input=Callback::new(set(set_body))
                    errors=err initial_html=initial preview_testid=if l == Lang::Ja { "preview-ja" } else { "preview-en" } rows=16 />
            </fieldset>
        }
    };
    let tab = move |l: Lang| {
        view! {
            <button type="button" class="button secondary" aria-pressed=move || (lang.get() == l).to_string() data-testid=format!("lang-{}", if l == Lang::Ja { "ja" } else { "en" })
                on:click=move |_| lang.set(l)>
                {move || if l == Lang::Ja { t_string!(i18n, pages.lang_ja) } else { t_string!(i18n, pages.lang_en) }}
            </button>
        }
    };
    let on_note = set(|f, v| f.note = v);
    view! {
        <div class="page-editor" data-testid="page-editor" data-slug=slug.as_str()>
            <p><a href=slug.path() data-testid="view-page">{t!(i18n, pages.view_page)}</a></p>
            <div class="segmented" role="group" aria-label=move || t_string!(i18n, pages.lang_label)>
                {tab(Lang::Ja)}{tab(Lang::En)}
            </div>
            {fields(Lang::Ja)}
            {fields(Lang::En)}
            <label class="field"><span>{t!(i18n, pages.f_note)}</span>
                <input type="text" name="note" maxlength="200" data-testid="page-note" prop:value=move || form.with(|f| f.note.clone()) on:input=move |e| on_note(event_target_value(&e)) />
                <FieldProblem errors=err name="note" /></label>
            {move || restored.get().then(|| view! { <p class="notice" role="status" data-testid="restored">{t!(i18n, pages.restored)}</p> })}
            {move || dirty.get().then(|| view! { <p class="muted">{t!(i18n, pages.unsaved)}</p> })}
            <div class="button-row">
                <button type="button" class="button" data-testid="save-page" disabled=move || save.pending().get() on:click=move |_| { save.dispatch(None); }>
                    {move || if save.pending().get() { t_string!(i18n, pages.saving) } else { t_string!(i18n, pages.save) }}
                </button>
            </div>
            <div role="status" data-testid="page-outcome" data-outcome=move || outcome.with(|o| match o {
                None => "",
                Some(Outcome::Saved) => "saved",
                Some(Outcome::Unchanged) => "unchanged",
                Some(Outcome::Invalid) => "invalid",
                Some(Outcome::Conflict(_)) => "conflict",
                Some(Outcome::Failed) => "failed",
            })>
                {move || outcome.get().map(|o| match o {
                    Outcome::Saved => view! { <p class="notice">{t!(i18n, pages.saved)}" "<a href=slug.path()>{t!(i18n, pages.view_page)}</a></p> }.into_any(),
                    Outcome::Unchanged => view! { <p class="notice">{t!(i18n, pages.unchanged)}</p> }.into_any(),
                    Outcome::Invalid => view! { <p class="error" role="alert">{t!(i18n, pages.invalid)}</p> }.into_any(),
                    Outcome::Failed => view! { <p class="error" role="alert">{t!(i18n, pages.failed)}</p> }.into_any(),
                    Outcome::Conflict(by) => view! {
                        <div class="error" role="alert" data-testid="page-conflict">
                            <p>{t!(i18n, pages.conflict)}</p>
                            <p>{t!(i18n, pages.conflict_by)}{by}</p>
                            <div class="button-row">
                                <a class="button secondary" href=format!("/staff/pages/{}", slug.as_str()) rel="external">{t!(i18n, pages.reload)}</a>
                                <button type="button" class="button" data-testid="overwrite" on:click=move |_| { save.dispatch(conflict_base.get_value()); }>{t!(i18n, pages.overwrite)}</button>
                            </div>
                        </div>
                    }.into_any(),
                })}
            </div>
        </div>
        <History history=history base=base form=form dirty=dirty restored=restored lang=lang />
    }
}

/// The saved versions, newest first: look at one, or put it back in the editor.
#[component]
fn History(
    history: RwSignal<Vec<PageRevisionSummary>>,
    base: RwSignal<Option<i64>>,
    form: RwSignal<PageForm>,
    dirty: RwSignal<bool>,
    restored: RwSignal<bool>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(None::<PageRevision>);
    let show = Action::new(move |id: &i64| {
        let id = *id;
        async move {
            if open.with_untracked(|o| o.as_ref().map(|r| r.summary.id)) == Some(id) {
                open.set(None);
            } else if let Ok(r) = get_page_revision(id).await {
                open.set(Some(r));
            }
        }
    });
    let restore = move |r: PageRevision| {
        let when = tokyo_time(&r.summary.saved_at);
        let mut f = r.form;
        f.note = format!("{} ({when})", t_string!(i18n, pages.restore_note));
        form.set(f);
        dirty.set(true);
        restored.set(true);
        open.set(None);
    };
    view! {
        <section class="card" data-testid="page-history">
            <h2>{t!(i18n, pages.history)}</h2>
            {move || history.with(Vec::is_empty).then(|| view! { <p class="muted">{t!(i18n, pages.no_history)}</p> })}
            <ol class="plain-list history">
                {move || history.get().into_iter().map(|h| {
                    let id = h.id;
                    view! {
                        <li data-revision=id>
                            <strong>{tokyo_time(&h.saved_at)}</strong>" · "{h.saved_by.clone()}
                            {move || (base.get() == Some(id)).then(|| view! { " "<span class="badge">{t!(i18n, pages.current)}</span> })}
                            {(!h.note.is_empty()).then(|| view! { <p class="pre-line">{h.note.clone()}</p> })}
                            <button type="button" class="button small secondary" data-testid="view-revision" on:click=move |_| { show.dispatch(id); }>
                                {move || if open.with(|o| o.as_ref().map(|r| r.summary.id)) == Some(id) { t_string!(i18n, pages.hide) } else { t_string!(i18n, pages.view) }}
                            </button>
                            {move || open.get().filter(|r| r.summary.id == id).map(|r| {
                                let html = if lang.get() == Lang::En { r.html_en.clone() } else { r.html_ja.clone() };
                                let title = if lang.get() == Lang::En { r.form.title_en.clone() } else { r.form.title_ja.clone() };
                                view! {
                                    <div class="card revision" data-testid="revision">
                                        <h3>{title}</h3>
                                        <div class="report-body" inner_html=html></div>
                                        <button type="button" class="button secondary" data-testid="restore-revision" on:click=move |_| restore(r.clone())>{t!(i18n, pages.restore)}</button>
                                    </div>
                                }
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
