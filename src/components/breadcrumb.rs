//! Where the page sits in the Microsoft Endpoint Manager admin center, as admins find it there:
//! Home › Devices › Microsoft Managed Desktop, then the page.

use autopilot_i18n::t;
use leptos::prelude::*;

/// The breadcrumb above a page's title, ending with the page.
#[component]
pub fn Breadcrumb(
    /// The page's own name, the current item.
    #[prop(into)]
    current: String,
) -> impl IntoView {
    let lang = crate::i18n::lang();
    // The admin center's places above every page of the workspace (they are not pages of this
    // portal, so they are not links).
    let trail = [
        t!(lang, "breadcrumb-home"),
        t!(lang, "breadcrumb-devices"),
        t!(lang, "breadcrumb-mmd"),
    ];
    view! {
        <nav class="breadcrumb" aria-label=t!(lang, "breadcrumb")>
            <ol>
                {trail.map(|place| view! { <li>{place}</li> }).collect_view()}
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}
