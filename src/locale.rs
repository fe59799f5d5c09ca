//! The browser's `Intl` formats for counts and dates in the page's language (`crate::i18n`),
//! installed once at start into `portal_model::locale`, so that everything the model says with a
//! number or a date reads as that language writes it (`10,000` in en-US, `10.000` in nl-NL; a
//! date as the locale writes it, of the day in UTC, as the export and the service count days).

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use portal_model::locale::{install as install_formats, Formats};
use wasm_bindgen::JsValue;

/// The page's locale, for `Intl` (`en-GB`, `nl-NL`, see `crate::i18n::locale`).
fn locales() -> Array {
    Array::of1(&crate::i18n::locale().into())
}

thread_local! {
    static NUMBER: Function = Intl::NumberFormat::new(&locales(), &Object::new()).format();
    static DATE: Function = {
        let options = Object::new();
        let _ = Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        // The day in UTC, as the export writes it and the service counts days.
        let _ = Reflect::set(&options, &"timeZone".into(), &"UTC".into());
        Intl::DateTimeFormat::new(&locales(), &options).format()
    };
}

/// `format` applied to `value`, or `None` when the browser would not.
fn call(format: &'static std::thread::LocalKey<Function>, value: &JsValue) -> Option<String> {
    format
        .with(|f| f.call1(&JsValue::NULL, value))
        .ok()
        .and_then(|s| s.as_string())
}

thread_local! {
    static MONTHS: Function = {
        let options = Object::new();
        let _ = Reflect::set(&options, &"style".into(), &"unit".into());
        let _ = Reflect::set(&options, &"unit".into(), &"month".into());
        let _ = Reflect::set(&options, &"unitDisplay".into(), &"long".into());
        Intl::NumberFormat::new(&locales(), &options).format()
    };
}

fn months(n: u64) -> String {
    call(&MONTHS, &JsValue::from_f64(n as f64)).unwrap_or_else(|| n.to_string())
}

fn number(n: u64) -> String {
    call(&NUMBER, &JsValue::from_f64(n as f64)).unwrap_or_else(|| n.to_string())
}

fn date(ms: i64) -> String {
    let at = Date::new(&JsValue::from_f64(ms as f64));
    call(&DATE, &at).unwrap_or_else(|| at.to_iso_string().as_string().unwrap_or_default())
}

/// Counts and dates from here on follow the page's language.
pub fn install() {
    install_formats(Formats {
        number,
        date,
        months,
    });
}
