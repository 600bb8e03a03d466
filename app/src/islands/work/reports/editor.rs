//! The writer's side on a phone: my reports, my profile, and the editor
//! (title, lead, Markdown body with live preview, photos from the camera
//! roll, cover, tags, district, related activities). Every keystroke is kept
//! on the device at once; the server copy is saved a few seconds after typing
//! stops, and again when the connection comes back — nothing typed is lost.
use crate::islands::{island, needs, Part};
use crate::reports::form::ReportForm;
use crate::reports::workflow::Status;
use crate::reports::{my_profile, report_action, save_report, ActionReply, SaveProfile, SaveReply};
use crate::accounts::FormReply;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::forms::FieldProblem;
use crate::validation::FieldError;
use leptos::form::ActionForm;
use crate::ui::markdown_editor::MarkdownEditor;
use crate::reports::workflow::status_label;
use leptos::prelude::*;

/// A writer's own profile (name shown on reports, short bio).
#[island]
pub fn ProfileEditor() -> impl IntoView {
    needs(Part::Write);
    let i18n = island_i18n();
    let current = LocalResource::new(my_profile);
    let action = ServerAction::<SaveProfile>::new();
    let errors = Signal::derive(move || match action.value().get() {
        Some(Ok(FormReply::Invalid(e))) => e,
        _ => Vec::<FieldError>::new(),
    });
    view! {
        <section class="card" data-testid="profile-editor">
            <h2>{t!(i18n, reports.profile_title)}</h2>
            <Suspense>
                {move || current.get().map(|r| {
                    let p = r.unwrap_or_default();
                    view! {
                        <ActionForm action=action attr:class="stack-form">
                            <label class="field"><span>{t!(i18n, reports.f_slug)}</span>
                                <input type="text" name="form[slug]" value=p.slug.clone() pattern="[a-z0-9-]+" required />
                                <small class="hint">{t!(i18n, reports.f_slug_hint)}</small>
                                <FieldProblem errors=errors name="slug" /></label>
                            <label class="field"><span>{t!(i18n, reports.f_bio)}</span>
                                <textarea name="form[bio]" rows="4">{p.bio.clone()}</textarea>
                                <FieldProblem errors=errors name="bio" /></label>
                            <label class="field"><span>{t!(i18n, reports.f_interests)}</span>
                                <input type="text" name="form[interests]" value=p.interests.clone() />
                                <FieldProblem errors=errors name="interests" /></label>
                            <input type="hidden" name="form[photo_id]" value=p.photo_id.clone() />
                            <button type="submit" class="button secondary">{t!(i18n, accounts.save)}</button>
                            {move || matches!(action.value().get(), Some(Ok(FormReply::Done))).then(|| view! {
                                <p class="notice" role="status">{t!(i18n, accounts.saved)}</p>
                            })}
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Where the device keeps the copy being typed.
fn local_key(id: Option<i64>) -> String {
    format!("tsunagu.report-draft.{}", id.map(|i| i.to_string()).unwrap_or_else(|| "new".into()))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SaveState {
    Idle,
    OnDevice,
    Saving,
    Saved,
    Offline,
    Conflict,
    Failed,
}

#[island]
pub fn ReportEditor(id: Option<i64>, copy: Option<crate::reports::WorkingCopy>) -> impl IntoView {
    needs(Part::Write);
    let i18n = island_i18n();
    let server_form = copy.as_ref().map(|c| c.form.clone()).unwrap_or_default();
    let form = RwSignal::new(server_form.clone());
    let report_id = RwSignal::new(id);
    let version = RwSignal::new(copy.as_ref().map(|c| c.version).unwrap_or(0));
    let status = RwSignal::new(copy.as_ref().map(|c| c.status).unwrap_or(Status::Draft));
    let state = RwSignal::new(SaveState::Idle);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let restored = RwSignal::new(false);
    let history = copy.as_ref().map(|c| c.history.clone()).unwrap_or_default();
    let editable = move || matches!(status.get(), Status::Draft | Status::ChangesRequested | Status::Published | Status::Unpublished);

    // a copy on the device that the server has not seen wins (the signal dropped)
    Effect::new(move |_| {
        if let Some(text) = crate::ui::browser::local_get(&local_key(id)) {
            if let Ok(local) = serde_json::from_str::<ReportForm>(&text) {
                if local != form.get_untracked() {
                    form.set(local);
                    restored.set(true);
                    state.set(SaveState::OnDevice);
                }
            }
        }
    });

    // one save to the server; answers whether the server has the text now
    let save_once = move || async move {
        if !crate::ui::browser::online() {
            state.set(SaveState::Offline);
            return false;
        }
        state.set(SaveState::Saving);
        match save_report(report_id.get_untracked(), form.get_untracked(), version.get_untracked()).await {
            Ok(SaveReply::Saved { id: new_id, version: v }) => {
                if report_id.get_untracked().is_none() {
                    // the device copy moves to the report's own key
                    crate::ui::browser::local_remove(&local_key(None));
                    report_id.set(Some(new_id));
                    crate::ui::browser::replace_url(&format!("/write/{new_id}"));
                }
                crate::ui::browser::local_remove(&local_key(Some(new_id)));
                version.set(v);
                errors.set(vec![]);
                if matches!(status.get_untracked(), Status::Published | Status::Unpublished) {
                    status.set(Status::Draft);
                }
                state.set(SaveState::Saved);
                true
            }
            Ok(SaveReply::Invalid(e)) => {
                errors.set(e);
                state.set(SaveState::Failed);
                false
            }
            Ok(SaveReply::Conflict { .. }) => {
                state.set(SaveState::Conflict);
                false
            }
            Ok(SaveReply::NotNow) => {
                state.set(SaveState::Failed);
                false
            }
            Err(_) => {
                state.set(if crate::ui::browser::online() { SaveState::Failed } else { SaveState::Offline });
                false
            }
        }
    };
    let save_now = Action::new(move |_: &()| async move {
        save_once().await;
    });
    // typing: device at once, server after a pause
    let pending = StoredValue::new(0u32);
    let changed = move || {
        let text = serde_json::to_string(&form.get_untracked()).unwrap_or_default();
        crate::ui::browser::local_set(&local_key(report_id.get_untracked()), &text);
        state.set(SaveState::OnDevice);
        pending.update_value(|n| *n += 1);
        let mine = pending.get_value();
        leptos::prelude::set_timeout(
            move || {
                if pending.get_value() == mine {
                    save_now.dispatch(());
                }
            },
            std::time::Duration::from_millis(2500),
        );
    };
    // back online: send what waited on the device
    let _ = leptos_use_online(move || {
        if state.get_untracked() == SaveState::Offline || state.get_untracked() == SaveState::OnDevice {
            save_now.dispatch(());
        }
    });

    let field = move |name: &'static str| {
        move |e: leptos::ev::Event| {
            let v = event_target_value(&e);
            form.update(|f| match name {
                "title" => f.title = v,
                "lead" => f.lead = v,
                "body" => f.body = v,
                "district" => f.district = v,
                "tags" => f.tags = v,
                "activity_ids" => f.activity_ids = v,
                "cover_id" => f.cover_id = v,
                _ => {}
            });
            changed();
        }
    };

    let initial_html = copy.as_ref().map(|c| c.body_html.clone()).unwrap_or_default();

    let submit = Action::new(move |_: &()| async move {
        // what is on screen goes to the server first
        pending.update_value(|n| *n += 1);
        if state.get_untracked() != SaveState::Saved && !save_once().await {
            return Err(AppError::Invalid("not saved".into()));
        }
        let Some(id) = report_id.get_untracked() else { return Err(AppError::NotFound) };
        report_action(id, "submit".into(), String::new()).await
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(ActionReply::Done(s))) => status.set(s),
        Some(Ok(ActionReply::Invalid(e))) => errors.set(e),
        _ => {}
    });

    let err = Signal::derive(move || errors.get());
    let last_comment = history.iter().rev().find(|e| e.action == "request_changes").map(|e| e.comment.clone());
    view! {
        <div class="report-editor" data-testid="report-editor" data-status=move || status.get().as_str()>
            <p class="save-state" role="status" data-testid="save-state" data-state=move || format!("{:?}", state.get())>
                {move || match state.get() {
                    SaveState::Idle => String::new(),
                    SaveState::OnDevice => t_string!(i18n, reports.saved_device).to_string(),
                    SaveState::Saving => t_string!(i18n, reports.saving).to_string(),
                    SaveState::Saved => t_string!(i18n, reports.saved_server).to_string(),
                    SaveState::Offline => t_string!(i18n, reports.saved_offline).to_string(),
                    SaveState::Conflict => t_string!(i18n, reports.conflict).to_string(),
                    SaveState::Failed => t_string!(i18n, reports.save_failed).to_string(),
                }}
            </p>
            {move || restored.get().then(|| view! { <p class="notice">{t!(i18n, reports.restored)}</p> })}
            <p>
                <span class="badge" data-testid="report-status">{move || status_label(i18n.get_locale(), status.get())}</span>
            </p>
            {last_comment.map(|c| view! {
                <div class="notice" data-testid="editor-comment"><strong>{t!(i18n, reports.editor_comment)}</strong><p class="pre-line">{c}</p></div>
            })}
            <fieldset disabled=move || !editable()>
                <label class="field"><span>{t!(i18n, reports.f_title)}</span>
                    <input type="text" name="title" maxlength="80" prop:value=move || form.try_with(|f| f.title.clone()).unwrap_or_default() on:input=field("title") />
                    <FieldProblem errors=err name="title" /></label>
                <label class="field"><span>{t!(i18n, reports.f_lead)}</span>
                    <textarea name="lead" rows="2" prop:value=move || form.try_with(|f| f.lead.clone()).unwrap_or_default() on:input=field("lead")></textarea>
                    <FieldProblem errors=err name="lead" /></label>
<MarkdownEditor label=Signal::derive(move || t_string!(i18n, reports.f_body).to_string()) name="body"
                    value=Signal::derive(move || form.try_with(|f| f.body.clone()).unwrap_or_default())
                    on_input=Callback::new(move |v: String| { form.update(|f| f.body = v); changed(); })
                    errors=err initial_html=initial_html />
                <PhotoUpload form=form on_change=changed />
                <label class="field"><span>{t!(i18n, reports.f_tags)}</span>
                    <input type="text" name="tags" prop:value=move || form.try_with(|f| f.tags.clone()).unwrap_or_default() on:input=field("tags") />
                    <FieldProblem errors=err name="tags" /></label>
                <div class="field" on:change=field("district")>
                    <crate::activities::views::DistrictSelect selected=Signal::derive(move || form.try_with(|f| f.district.clone()).unwrap_or_default()) />
                    <FieldProblem errors=err name="district" />
                </div>
                <ActivityPicker form=form on_change=changed />
                <FieldProblem errors=err name="activity_ids" />
            </fieldset>
            <div class="button-row">
                <button type="button" class="button secondary" on:click=move |_| { save_now.dispatch(()); }>{t!(i18n, reports.save_now)}</button>
                <button type="button" class="button" data-testid="submit-report" disabled=move || !matches!(status.get(), Status::Draft | Status::ChangesRequested)
                    on:click=move |_| { submit.dispatch(()); }>{t!(i18n, reports.submit)}</button>
            </div>
            {move || matches!(status.get(), Status::Submitted).then(|| view! { <p class="notice" role="status" data-testid="submitted">{t!(i18n, reports.submitted_note)}</p> })}
        </div>
    }
}

/// Run `f` whenever the browser comes back online.
fn leptos_use_online(f: impl Fn() + 'static) {
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        if let Some(w) = web_sys::window() {
            let cb = Closure::<dyn Fn()>::new(f);
            let _ = w.add_event_listener_with_callback("online", cb.as_ref().unchecked_ref());
            cb.forget();
        }
    }
    #[cfg(not(all(feature = "hydrate", not(feature = "ssr"))))]
    let _ = f;
}

/// Photos from the camera roll: uploaded, cleaned and resized by the server,
/// then put in the body as Markdown; the first can be the cover.
#[component]
fn PhotoUpload(form: RwSignal<ReportForm>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let progress = RwSignal::new(None::<f64>);
    let problem = RwSignal::new(None::<String>);
    let last = RwSignal::new(None::<i64>);
    let send = move |_| {
        problem.set(None);
        progress.set(Some(0.0));
        let lang = if i18n.get_locale() == Locale::en { "en" } else { "ja" };
        crate::ui::browser::post_file(&input, &format!("/api/reports/media?lang={lang}"), move |p| progress.set(Some(p)), move |status, text| {
            progress.set(None);
            let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if status == 200 {
                if let Some(id) = v["id"].as_i64() {
                    last.set(Some(id));
                    form.update(|f| {
                        f.body.push_str(&format!("\n\n![](/media/{id}/w1280.jpg)\n"));
                        if f.cover_id.is_empty() {
                            f.cover_id = id.to_string();
                        }
                    });
                    on_change();
                }
            } else {
                problem.set(Some(v["message"].as_str().map(str::to_string).unwrap_or_else(|| t_string!(i18n, reports.upload_failed).to_string())));
            }
        });
    };
    view! {
        <div class="field photo-upload">
            <label><span>{t!(i18n, reports.f_photo)}</span>
                <input type="file" accept="image/jpeg,image/png,image/webp" node_ref=input on:change=send data-testid="photo-input" />
            </label>
            {move || progress.get().map(|p| view! { <progress max="1" value=p></progress> })}
            {move || problem.get().map(|m| view! { <span class="field-error" role="alert" data-testid="photo-error">{m}</span> })}
            {move || form.try_with(|f| f.cover_id.parse::<i64>().ok()).flatten().map(|c| view! {
                <p class="muted" data-testid="cover">{t!(i18n, reports.cover_is)}" "<img src=format!("/media/{c}/w320.jpg") alt="" width="80" />
                    " "<button type="button" class="button small secondary" on:click=move |_| { form.update(|f| f.cover_id.clear()); on_change(); }>{t!(i18n, reports.cover_remove)}</button></p>
            })}
            {move || last.get().map(|id| view! {
                <button type="button" class="button small secondary" on:click=move |_| { form.update(|f| f.cover_id = id.to_string()); on_change(); }>{t!(i18n, reports.cover_make)}</button>
            })}
        </div>
    }
}

/// Related activities, picked by searching the directory.
#[component]
fn ActivityPicker(form: RwSignal<ReportForm>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let q = RwSignal::new(String::new());
    // a Resource, not a LocalResource: read while the server renders the
    // page, a local one would make the page's <Suspense> give up on the whole
    // editor (its fallback is all a server component would ever send)
    let found = Resource::new(move || q.get(), |q| async move {
        if q.trim().is_empty() {
            return Vec::<(i64, String)>::new();
        }
        let query = crate::activities::query::ActivityQuery { q, ..Default::default() };
        crate::activities::search_activities(query).await.map(|p| p.items.into_iter().take(5).map(|a| (a.id, a.name)).collect()).unwrap_or_default()
    });
    let chosen = move || form.try_with(|f| f.activity_ids.split(|c: char| c == ',' || c.is_whitespace()).filter_map(|s| s.parse::<i64>().ok()).collect::<Vec<_>>()).unwrap_or_default();
    let add = move |id: i64| {
        let mut ids = chosen();
        if !ids.contains(&id) {
            ids.push(id);
        }
        form.update(|f| f.activity_ids = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", "));
        on_change();
    };
    view! {
        <div class="field activity-picker">
            <label><span>{t!(i18n, reports.f_activities)}</span>
                <input type="search" data-testid="activity-search" on:change=move |e| q.set(event_target_value(&e)) />
            </label>
            <ul class="plain-list">
                {move || found.get().unwrap_or_default().into_iter().map(|(id, name)| view! {
                    <li><button type="button" class="button small secondary" on:click=move |_| add(id)>"+ "{name}</button></li>
                }).collect_view()}
            </ul>
            <p class="muted" data-testid="chosen-activities">{move || form.try_with(|f| f.activity_ids.clone()).unwrap_or_default()}</p>
        </div>
    }
}
