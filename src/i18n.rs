//! The page's language: English or Dutch, chosen once per page load. The admin's own choice
//! (the Language switch in the header's menu, kept in `localStorage`) wins; otherwise the first
//! of the browser's languages the portal speaks; otherwise English. Switching stores the choice
//! and loads the page again, so that every word, count and date follows it (`Intl` with the
//! language's locale, `<html lang>`). The words themselves are in `autopilot_i18n`'s catalogues.

use autopilot_i18n::Lang;
use std::cell::OnceCell;

/// Where the admin's choice is kept.
const KEY: &str = "devices-portal.lang";

thread_local! {
    static LANG: OnceCell<Lang> = const { OnceCell::new() };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The browser's languages, most wanted first (`navigator.languages`).
fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(|cell| {
        *cell.get_or_init(|| {
            let chosen = storage()
                .and_then(|s| s.get_item(KEY).ok().flatten())
                .and_then(|l| Lang::parse(&l));
            chosen.unwrap_or_else(|| {
                let languages = browser_languages();
                Lang::negotiate(languages.iter().map(String::as_str))
            })
        })
    })
}

/// The locale counts and dates are written in: the browser's own for the page's language when
/// it has one (`en-GB`, `nl-BE`), else the language's usual one (`en-US`, `nl-NL`). A German
/// browser reads the English page with English counts and dates.
pub fn locale() -> String {
    let lang = lang();
    browser_languages()
        .into_iter()
        .find(|tag| Lang::parse(tag) == Some(lang))
        .unwrap_or_else(|| lang.locale().to_owned())
}

/// Says the page's language to the browser and assistive technology (`<html lang>`).
pub fn announce() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang().code());
    }
}

/// Names the browser tab after the page shown (`page`: its title, in the page's language).
pub fn title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&autopilot_i18n::t!(lang(), "tab-title", page = page));
    }
}

/// Keeps `choice` for the next visits and shows the page in it. `Err` when the browser would
/// not keep it (storage off or full): a reload would come back in the same language.
pub fn switch_to(choice: Lang) -> Result<(), NotKept> {
    if choice == lang() {
        return Ok(());
    }
    let kept = storage().is_some_and(|s| {
        s.set_item(KEY, choice.code()).is_ok()
            && s.get_item(KEY).ok().flatten().as_deref() == Some(choice.code())
    });
    if !kept {
        return Err(NotKept);
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
    Ok(())
}

/// The browser did not keep the language choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotKept;
