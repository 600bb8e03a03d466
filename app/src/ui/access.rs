//! What a page shows when the server refused: "please sign in" (401) or
//! "your account cannot do this" (403), with that HTTP status on the server.
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AccessDenied(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = matches!(error, AppError::SignInRequired);
    #[cfg(feature = "ssr")]
    crate::errors::answer_with(&error);
    let next = format!("/login?next={}", crate::activities::query::encode(&current_path()));
    let status = error.status().to_string();
    view! {
        <div class="error-page" data-status=status>
            {match error {
                AppError::SignInRequired => view! { <p>{t!(i18n, accounts.sign_in_needed)}</p> }.into_any(),
                AppError::Forbidden => view! { <p>{t!(i18n, accounts.not_allowed)}</p> }.into_any(),
                AppError::NotFound => view! { <p>{t!(i18n, common.errors.not_found_body)}</p> }.into_any(),
                AppError::Unavailable => view! { <p>{t!(i18n, common.errors.unavailable)}</p> }.into_any(),
                _ => view! { <p>{t!(i18n, common.errors.server_error_body)}</p> }.into_any(),
            }}
            {if sign_in {
                view! { <a class="button" href=next>{t!(i18n, accounts.login)}</a> }.into_any()
            } else {
                view! { <a class="button secondary" href="/">{t!(i18n, common.placeholder.back_home)}</a> }.into_any()
            }}
        </div>
    }
}

/// Shown when the server refused: sign in (401) or not allowed (403).
#[component]
pub fn Forbidden(error: crate::error::AppError) -> impl IntoView {
    view! { <crate::ui::access::AccessDenied error=error /> }
}

/// The path of the page being shown: from the request on the server, from
/// the address bar in the browser (an island has no router to ask).
fn current_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_else(|| "/".into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        crate::ui::browser::current_path().unwrap_or_else(|| "/".into())
    }
}
