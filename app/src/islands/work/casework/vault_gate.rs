//! The lock in front of the tablet's vault (`casework::vault`): what it
//! guards is shown only once the vault is open. While signed in and online
//! it opens by itself (the session's key); offline, or after signing in
//! again, the link worker types the PIN; the first time, they choose one.
use crate::casework::vault::{Pin, PIN_MAX, PIN_MIN};
#[cfg(feature = "hydrate")]
use crate::casework::vault::{self, ServerKey, Unlock, VaultState};
use crate::i18n::*;
use leptos::prelude::*;

// the states past `Checking` are reached only in the browser
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Checking,
    /// Choose a PIN; `why` says what happened to an earlier vault.
    Choose { why: Gone },
    /// Type the PIN; `left` after a wrong one.
    Unlock { left: Option<u32> },
    Open,
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gone {
    Nothing,
    /// Not opened for longer than the site allows.
    Expired,
    /// Too many wrong PINs.
    Wiped,
}

/// Shows `children` only when the vault is open; until then, the PIN.
#[component]
pub fn VaultGate(
    /// Days a vault may go unopened before it is wiped (0: no limit).
    max_days: u32,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let gate = RwSignal::new(Gate::Checking);
    // this session's half of the lock, when the server gave it
    let server = StoredValue::new(None::<String>);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |started: Option<()>| {
        if started.is_some() {
            return;
        }
        leptos::task::spawn_local(async move {
            let state = vault::status(max_days).await;
            let key = match vault::server_key().await {
                ServerKey::Key(k) => Some(k),
                ServerKey::SignedOut => {
                    // locked, this page cannot tell whether edits wait: kept
                    vault::signed_out(true).await;
                    None
                }
                ServerKey::Unreachable => None,
            };
            server.set_value(key.clone());
            let next = match state {
                VaultState::New => Gate::Choose { why: Gone::Nothing },
                VaultState::Expired => Gate::Choose { why: Gone::Expired },
                VaultState::Open => Gate::Open,
                VaultState::Locked => match &key {
                    Some(k) if vault::open_with_server(k).await => Gate::Open,
                    _ => Gate::Unlock { left: None },
                },
            };
            gate.set(next);
        });
    });
    let pin = NodeRef::<leptos::html::Input>::new();
    let again = NodeRef::<leptos::html::Input>::new();
    let value = move |r: NodeRef<leptos::html::Input>| r.get_untracked().map(|i| i.value()).unwrap_or_default();
    // the PIN form: `choosing` a new PIN (typed twice) or opening with it
    let submit = move |choosing: bool| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let locale = i18n.get_locale_untracked();
            let p = match Pin::parse(&value(pin)) {
                Ok(p) => p,
                Err(e) => return problem.set(Some(e.message(locale))),
            };
            if choosing && value(again).trim() != p.as_str() {
                return problem.set(Some(td_string!(locale, casework.vault_mismatch).to_string()));
            }
            problem.set(None);
            busy.set(true);
            #[cfg(not(feature = "hydrate"))]
            let _ = p;
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async move {
                let key = server.get_value();
                let answer = if choosing { vault::setup(&p, key.as_deref()).await.map(|()| Unlock::Open) } else { vault::unlock(&p, key.as_deref()).await };
                match answer {
                    Ok(Unlock::Open) => gate.set(Gate::Open),
                    Ok(Unlock::Wrong { left }) => gate.set(Gate::Unlock { left: Some(left) }),
                    Ok(Unlock::Wiped) => gate.set(Gate::Choose { why: Gone::Wiped }),
                    Err(_) => problem.set(Some(td_string!(locale, common.errors.server_error_body).to_string())),
                }
                if let Some(i) = pin.get_untracked() {
                    i.set_value("");
                }
                busy.set(false);
            });
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = server;
    let pin_input = move |testid: &'static str, node: NodeRef<leptos::html::Input>| {
        view! {
            // checked here, so that what to fix is said in the page's language
            <input node_ref=node type="password" inputmode="numeric" autocomplete="off" maxlength=PIN_MAX data-testid=testid />
        }
    };
    let problem_view = move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="vault-problem">{p}</p> });
    view! {
        {move || match gate.get() {
            Gate::Checking => view! { <p class="muted" data-testid="vault-checking">{t!(i18n, casework.vault_checking)}</p> }.into_any(),
            Gate::Open => children().into_any(),
            Gate::Choose { why } => view! {
                <section class="card vault-lock" data-testid="vault-choose" aria-labelledby="vault-title">
                    {match why {
                        Gone::Expired => Some(view! { <p class="banner alert" role="alert" data-testid="vault-expired">{move || td_string!(i18n.get_locale(), casework.vault_expired, days = max_days).to_string()}</p> }),
                        Gone::Wiped => Some(view! { <p class="banner alert" role="alert" data-testid="vault-wiped">{move || td_string!(i18n.get_locale(), casework.vault_wiped, max = crate::casework::vault::MAX_TRIES).to_string()}</p> }),
                        Gone::Nothing => None,
                    }}
                    <h2 id="vault-title">{t!(i18n, casework.vault_choose_title)}</h2>
                    <p>{move || td_string!(i18n.get_locale(), casework.vault_choose_lead, min = PIN_MIN, max = PIN_MAX).to_string()}</p>
                    <form class="stack-form" on:submit=submit(true)>
                        <label class="field"><span>{t!(i18n, casework.vault_pin)}</span>{pin_input("vault-pin", pin)}</label>
                        <label class="field"><span>{t!(i18n, casework.vault_pin_again)}</span>{pin_input("vault-pin-again", again)}</label>
                        {problem_view}
                        <button type="submit" class="button" disabled=move || busy.get() data-testid="vault-submit">{t!(i18n, casework.vault_choose_button)}</button>
                    </form>
                </section>
            }.into_any(),
            Gate::Unlock { left } => view! {
                <section class="card vault-lock" data-testid="vault-unlock" aria-labelledby="vault-title">
                    <h2 id="vault-title">{t!(i18n, casework.vault_unlock_title)}</h2>
                    <p>{t!(i18n, casework.vault_unlock_lead)}</p>
                    {left.map(|left| view! { <p class="error" role="alert" data-testid="vault-wrong">{move || td_string!(i18n.get_locale(), casework.vault_wrong, left = left).to_string()}</p> })}
                    <form class="stack-form" on:submit=submit(false)>
                        <label class="field"><span>{t!(i18n, casework.vault_pin)}</span>{pin_input("vault-pin", pin)}</label>
                        {problem_view}
                        <button type="submit" class="button" disabled=move || busy.get() data-testid="vault-submit">{t!(i18n, casework.vault_unlock_button)}</button>
                    </form>
                    <p class="muted">{t!(i18n, casework.vault_forgot)}</p>
                </section>
            }.into_any(),
        }}
    }
}
