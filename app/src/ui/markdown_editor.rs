//! The Markdown editor used by report writers and by staff editing pages: a
//! textarea with the syntax hint, and a live preview rendered (and
//! sanitised) by the server a moment after typing stops, so the preview is
//! exactly what readers will see.
use crate::i18n::*;
use crate::ui::forms::FieldProblem;
use crate::validation::FieldError;
use leptos::prelude::*;

#[component]
pub fn MarkdownEditor(
    /// The field's visible label.
    #[prop(into)]
    label: Signal<String>,
    /// Form field name (also used to find its problem in `errors`).
    name: &'static str,
    /// The text.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    on_input: Callback<String>,
    #[prop(into, optional)] errors: Signal<Vec<FieldError>>,
    /// The server's rendering of the starting text (shown before any typing,
    /// and without JavaScript).
    #[prop(optional)]
    initial_html: String,
    #[prop(default = "preview")] preview_testid: &'static str,
    #[prop(default = 12)] rows: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let preview_html = RwSignal::new(initial_html);
    let tick = StoredValue::new(0u32);
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let body = value.get();
        // the first run is the starting text, already rendered
        if first.get_value() {
            first.set_value(false);
            return;
        }
        tick.update_value(|n| *n += 1);
        let mine = tick.get_value();
        set_timeout(
            move || {
                if tick.get_value() == mine {
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = crate::reports::preview(body).await {
                            if tick.get_value() == mine {
                                preview_html.set(html);
                            }
                        }
                    });
                }
            },
            std::time::Duration::from_millis(600),
        );
    });
    let preview_id = format!("{name}-preview");
    let labelled_by = preview_id.clone();
    view! {
        <div class="markdown-editor">
            <label class="field"><span>{move || label.get()}</span>
                <textarea name=name rows=rows prop:value=move || value.get() on:input=move |e| on_input.run(event_target_value(&e))></textarea>
                <small class="hint">{t!(i18n, common.markdown.hint)}</small>
                <FieldProblem errors=errors name=name /></label>
            <section class="preview" aria-labelledby=labelled_by>
                <h3 id=preview_id>{t!(i18n, common.markdown.preview)}</h3>
                {move || preview_html.with(String::is_empty).then(|| view! { <p class="muted">{t!(i18n, common.markdown.preview_waiting)}</p> })}
                <div class="report-body" data-testid=preview_testid inner_html=move || preview_html.get()></div>
            </section>
        </div>
    }
}
