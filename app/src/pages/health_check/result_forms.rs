//! The result page's plain forms: 「アカウントに保存」, 「リンクワーカーに
//! 相談する」 and 「市の統計に協力する」. Server HTML inside the
//! [`ResultForm`] island, which adds what only the device knows (the
//! result) and the page's address; the browser posts them and the server
//! answers with the result page again, its query saying what happened
//! ([`FormOutcome::from_query`]), shown here in place of the form.
use crate::health_check::referral::{CONSENT_PURPOSE_EN, CONSENT_PURPOSE_JA};
use crate::health_check::statistics::AGE_BANDS;
use crate::i18n::*;
use crate::islands::resident::check_result::{ResultForm, ResultFormPurpose};
use crate::ui::forms::problem_of_field_in_url;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// What the server said about the last form sent from a result page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormOutcome {
    /// `?saved=1|login|failed`
    pub saved: Option<String>,
    /// `?talk=sent`, or `?talk=invalid` with the fields to fix (`fields=`).
    pub talk_sent: bool,
    pub talk_fields: Vec<String>,
    /// `?contributed=1|failed`
    pub contributed: Option<bool>,
    /// `?talk=busy&wait=N`: too many self-referrals from here lately.
    pub talk_busy: Option<u32>,
    /// `?contributed=busy&wait=N`
    pub contribute_busy: Option<u32>,
}

impl FormOutcome {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let talk = get("talk");
        Self {
            saved: get("saved").filter(|s| matches!(s.as_str(), "1" | "login" | "failed")),
            talk_sent: talk.as_deref() == Some("sent"),
            talk_fields: match talk.as_deref() {
                Some("invalid") => get("fields").unwrap_or_default().split(',').filter(|f| !f.is_empty()).map(str::to_string).collect(),
                _ => Vec::new(),
            },
            contributed: get("contributed").filter(|c| c != "busy").map(|c| c == "1"),
            talk_busy: (talk.as_deref() == Some("busy")).then(|| wait(&get)),
            contribute_busy: (get("contributed").as_deref() == Some("busy")).then(|| wait(&get)),
        }
    }
}

fn wait(get: &impl Fn(&str) -> Option<String>) -> u32 {
    get("wait").and_then(|w| w.parse().ok()).unwrap_or(60)
}

/// 「アカウントに保存」: the one way (besides a self-referral) a result reaches
/// the server, and only when the person presses it while signed in.
#[component]
pub fn SaveToAccount(rid: String, outcome: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let next = format!("/login?next=/health-check/results/{rid}");
    view! {
        <ResultForm rid=rid purpose=ResultFormPurpose::SaveToAccount action=crate::accounts::saved_checks::SaveDeviceResult::url().to_string()>
            <section class="card save-account" id="save-account" data-testid="save-account">
                <p class="muted">{t!(i18n, health.save_account_lead)}</p>
                {match outcome.as_deref() {
                    Some("1") => view! {
                        <p class="notice" role="status" data-testid="saved-to-account">{t!(i18n, health.saved_to_account)}" "<a href="/account">{t!(i18n, accounts.account_title)}</a></p>
                    }.into_any(),
                    other => view! {
                        <button type="submit" class="button secondary">{t!(i18n, health.save_account)}</button>
                        {(other == Some("login")).then(|| view! {
                            <p class="notice" role="alert" data-testid="save-needs-login">{t!(i18n, health.save_needs_login)}" "<a href=next.clone()>{t!(i18n, accounts.login)}</a></p>
                        })}
                        {(other == Some("failed")).then(|| view! { <p class="error" role="alert">{t!(i18n, health.save_failed)}</p> })}
                    }.into_any(),
                }}
            </section>
        </ResultForm>
    }
}

/// 「リンクワーカーに相談する」: a self-referral with consent.
#[component]
pub fn TalkToLinkWorker(rid: String, sent: bool, invalid_fields: Vec<String>, busy: Option<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let english = i18n.get_locale() == Locale::en;
    let error_for = |name: &'static str| {
        invalid_fields.iter().any(|f| f == name).then(|| {
            let message = problem_of_field_in_url(name).message(i18n.get_locale());
            view! { <span class="field-error" role="alert">{message}</span> }
        })
    };
    let open = sent || !invalid_fields.is_empty() || busy.is_some();
    let (name_error, contact_error, consent_error) = (error_for("name"), error_for("contact"), error_for("consent"));
    view! {
        <ResultForm rid=rid purpose=ResultFormPurpose::TalkToLinkWorker action=crate::health_check::SelfReferral::url().to_string()>
            <details class="talk card" id="talk" data-testid="talk" open=open>
                <summary>{t!(i18n, health.talk_button)}</summary>
                <p>{t!(i18n, health.talk_lead)}</p>
                {if sent {
                    view! { <p class="notice" role="status" data-testid="talk-done">{t!(i18n, health.talk_done)}</p> }.into_any()
                } else {
                    view! {
                        {busy.map(|minutes| view! { <crate::ui::forms::RateLimitedNotice minutes=minutes /> })}
                        <input type="hidden" name="form[lang]" value=if english { "en" } else { "ja" } />
                        <label class="field"><span>{t!(i18n, events.name)}</span><input type="text" name="form[name]" autocomplete="name" required />{name_error}</label>
                        <label class="field"><span>{t!(i18n, events.contact_field)}</span><input type="text" name="form[contact]" autocomplete="tel" required />{contact_error}</label>
                        <label class="field"><span>{t!(i18n, health.contact_method)}</span>
                            <select name="form[contact_method]">
                                <option value="any">{t!(i18n, health.method_any)}</option>
                                <option value="phone">{t!(i18n, health.method_phone)}</option>
                                <option value="email">{t!(i18n, health.method_email)}</option>
                                <option value="visit">{t!(i18n, health.method_visit)}</option>
                            </select>
                        </label>
                        <label class="field"><span>{t!(i18n, health.contact_time)}</span><input type="text" name="form[contact_time]" /></label>
                        <label class="field"><span>{t!(i18n, health.topic)}</span><textarea name="form[topic]" rows="3"></textarea></label>
                        <label class="check"><input type="checkbox" name="form[attach]" value="true" /><span>{t!(i18n, health.attach)}</span></label>
                        <label class="check consent">
                            <input type="checkbox" name="form[consent]" value="true" required />
                            <span data-testid="consent-text">{if english { CONSENT_PURPOSE_EN } else { CONSENT_PURPOSE_JA }}</span>
                        </label>
                        {consent_error}
                        <label class="honeypot" aria-hidden="true">"website"<input type="text" name="website" tabindex="-1" autocomplete="off" /></label>
                        <button type="submit" class="button">{t!(i18n, health.talk_send)}</button>
                    }.into_any()
                }}
            </details>
        </ResultForm>
    }
}

/// 「市の統計に協力する」: sent only when the person ticks the consent and
/// presses send (the browser refuses the form without the tick).
#[component]
pub fn Contribute(rid: String, outcome: Option<bool>, busy: Option<u32>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ResultForm rid=rid purpose=ResultFormPurpose::Contribute action=crate::health_check::Contribute::url().to_string()>
            <details class="talk card" id="contribute" data-testid="contribute" open=outcome.is_some() || busy.is_some()>
                <summary>{t!(i18n, health.stats_title)}</summary>
                <p>{t!(i18n, health.stats_lead)}</p>
                {if outcome == Some(true) {
                    view! { <p class="notice" role="status" data-testid="contribute-done">{t!(i18n, health.stats_done)}</p> }.into_any()
                } else {
                    view! {
                        <label class="field"><span>{t!(i18n, health.age_band)}</span>
                            <select name="contribution[age_band]">
                                <option value="">{t!(i18n, health.not_say)}</option>
                                {AGE_BANDS.iter().map(|b| view! { <option value=*b>{b.replace('-', "〜")}</option> }).collect_view()}
                            </select>
                        </label>
                        <crate::activities::views::DistrictSelect selected=Signal::derive(String::new) name="contribution[district]" />
                        <label class="check consent">
                            <input type="checkbox" required data-testid="contribute-consent" />
                            <span>{t!(i18n, health.stats_agree)}</span>
                        </label>
                        <button type="submit" class="button secondary" data-testid="contribute-send">{t!(i18n, health.stats_send)}</button>
                        {(outcome == Some(false)).then(|| view! { <p class="error" role="alert">{t!(i18n, health.stats_failed)}</p> })}
                        {busy.map(|minutes| view! { <crate::ui::forms::RateLimitedNotice minutes=minutes /> })}
                    }.into_any()
                }}
            </details>
        </ResultForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_says_what_the_server_did() {
        let q = |pairs: &'static [(&'static str, &'static str)]| {
            FormOutcome::from_query(move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()))
        };
        assert_eq!(q(&[]), FormOutcome::default());
        assert!(q(&[("talk", "sent")]).talk_sent);
        assert_eq!(q(&[("talk", "invalid"), ("fields", "name,contact")]).talk_fields, ["name", "contact"]);
        assert!(q(&[("talk", "sent"), ("fields", "name")]).talk_fields.is_empty());
        assert_eq!(q(&[("saved", "login")]).saved.as_deref(), Some("login"));
        assert_eq!(q(&[("saved", "<script>")]).saved, None);
        assert_eq!(q(&[("contributed", "1")]).contributed, Some(true));
        assert_eq!(q(&[("contributed", "failed")]).contributed, Some(false));
        let busy = q(&[("contributed", "busy"), ("wait", "7")]);
        assert_eq!((busy.contributed, busy.contribute_busy), (None, Some(7)));
        let busy = q(&[("talk", "busy"), ("wait", "30")]);
        assert_eq!((busy.talk_sent, busy.talk_busy), (false, Some(30)));
    }
}
