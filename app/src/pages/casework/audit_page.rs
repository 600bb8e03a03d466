//! `/staff/audit` (admin): who read and wrote which case, when and from
//! which device — newest first, with the whole log as CSV.
use crate::casework::audit::audit_log;
use crate::i18n::*;
use crate::ui::PageHeading;
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let entries = Resource::new(|| (), |_| audit_log(None));
    view! {
        <PageHeading
            title=Signal::derive(move || t_string!(i18n, casework.audit_title).to_string())
            lead=Signal::derive(move || t_string!(i18n, casework.audit_lead).to_string())
        />
        <p><a class="button secondary" href="/staff/audit.csv" rel="external" download="tsunagu-audit-log.csv" data-testid="audit-export">{t!(i18n, casework.audit_export)}</a></p>
        <Transition>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) => view! {
                        <div class="table-scroll">
                            <table class="audit-table" data-testid="audit-log">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, casework.audit_when)}</th>
                                    <th scope="col">{t!(i18n, casework.audit_who)}</th>
                                    <th scope="col">{t!(i18n, casework.audit_what)}</th>
                                    <th scope="col">{t!(i18n, casework.audit_device)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{crate::calendar::tokyo_time(&e.at)}</td>
                                            <td>{e.actor}</td>
                                            <td>{format!("{} {}{} {}", e.action, e.subject, e.subject_id.map(|i| format!(" #{i}")).unwrap_or_default(), e.detail)}</td>
                                            <td>{e.device}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <crate::ui::access::AccessDenied error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
