//! Where the page sits in the Microsoft Endpoint Manager admin center, as admins find it there:
//! Home › Devices › Microsoft Managed Desktop, then the page.

use leptos::prelude::*;

/// The admin center's places above every page of the workspace (they are not pages of this
/// portal, so they are not links).
const TRAIL: [&str; 3] = ["Home", "Devices", "Microsoft Managed Desktop"];

/// The breadcrumb above a page's title, ending with the page.
#[component]
pub fn Breadcrumb(
    /// The page's own name, the current item.
    current: &'static str,
) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <ol>
                {TRAIL.map(|place| view! { <li>{place}</li> }).collect_view()}
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}
