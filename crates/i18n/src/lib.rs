//! The words people read, in English and Dutch. Every message is in a Fluent catalogue
//! (`locales/{en,nl}/*.ftl`), found by its id; code never holds the text. Plurals follow CLDR's
//! rules for the language ("1 apparaat", "2 apparaten"); numbers and dates are formatted by the
//! caller with the browser's `Intl` (or plainly on the command line) and passed in as text, next
//! to the count a plural is chosen by.
//!
//! [`t!`] is the one way to a message: `t!(lang, "serial-blank")`,
//! `t!(lang, "devices-registered", count = n, n = formatted)`. A test reads every catalogue and
//! every `t!` in the workspace: each id exists in both languages, with the same variables.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

pub use fluent_bundle::FluentValue as Value;

/// A language the portal speaks.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (United States), the default.
    #[default]
    En,
    /// Dutch (the Netherlands).
    Nl,
}

impl Lang {
    /// Every language, in the order a switch lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The language subtag: `en`, `nl` (for `<html lang>`, storage and `--lang`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The locale numbers and dates are formatted for: `en-US`, `nl-NL`.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Nl => "nl-NL",
        }
    }

    /// The language's own name, as a switch shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nl => "Nederlands",
        }
    }

    /// The language of a tag (`nl`, `nl-BE`, `en_GB`, `EN`), when it is one of ours.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first of `preferred` (a browser's `navigator.languages`, in order) that is ours;
    /// English when none is.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::parse)
            .unwrap_or_default()
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The catalogue's files for this language.
    fn sources(self) -> &'static [&'static str] {
        match self {
            Lang::En => EN,
            Lang::Nl => NL,
        }
    }
}

/// The English catalogue.
const EN: &[&str] = &[
    include_str!("../locales/en/reader.ftl"),
    include_str!("../locales/en/portal.ftl"),
];

/// The Dutch catalogue.
const NL: &[&str] = &[
    include_str!("../locales/nl/reader.ftl"),
    include_str!("../locales/nl/portal.ftl"),
];

thread_local! {
    /// Each language's bundle, parsed at its first use (per thread: a bundle is not `Sync`).
    static BUNDLES: [OnceCell<FluentBundle<FluentResource>>; 2] = const { [OnceCell::new(), OnceCell::new()] };
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.locale().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Plain text for the DOM and the terminal: no bidi isolation marks around arguments.
    bundle.set_use_isolating(false);
    for source in lang.sources() {
        // The catalogues are ours and tested to parse; a broken entry is left out, never fatal.
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The message `id` in `lang` with `args`; in English when `lang` lacks it (a test makes sure
/// none does), and the id itself when no language has it.
pub fn message(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let args = (!args.is_empty()).then(|| {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        fluent
    });
    for lang in [lang, Lang::En] {
        let text = BUNDLES.with(|bundles| {
            let bundle = bundles[lang.index()].get_or_init(|| bundle(lang));
            let pattern = bundle.get_message(id)?.value()?;
            let mut errors = Vec::new();
            Some(
                bundle
                    .format_pattern(pattern, args.as_ref(), &mut errors)
                    .into_owned(),
            )
        });
        if let Some(text) = text {
            return text;
        }
    }
    id.to_owned()
}

/// A message of the catalogue: `t!(lang, "id")`, or with arguments,
/// `t!(lang, "id", name = value, count = n)`. Values are text or numbers (a number chooses a
/// plural; show a formatted copy of it as text).
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::message($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::message($lang, $id, &[$((stringify!($name), $crate::Value::from($value))),+])
    };
}

#[cfg(test)]
mod tests;
