//! The words people read, in English and Dutch. Every message is in a Fluent catalogue
//! (`locales/{en,nl}/*.ftl`), found by its id; code never holds the text. Plurals follow CLDR's
//! rules for the language ("1 apparaat", "2 apparaten"); numbers and dates are formatted by the
//! caller with the browser's `Intl` (or plainly on the command line) and passed in as text, next
//! to the count a plural is chosen by.
//!
//! [`t!`] is the way to a message: `t!(lang, "device-count", count = n, n = formatted)`. The file
//! reader's problems and `autopilot-check`'s lines are in a catalogue of their own, reached with
//! [`tr!`] (`tr!(lang, "serial-blank")`): only code that reads files links it, so the page (whose
//! worker reads the files) does not download it. A test reads every catalogue and every call in
//! the workspace: each id exists in its catalogue in both languages, with the same variables.

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
}

/// The catalogues: what every part shows ([`t!`]), and the file reader's own ([`tr!`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalogue {
    /// The portal's words and how a file was read (encodings, layouts).
    Main,
    /// The file reader's problems with their fixes, and `autopilot-check`'s lines.
    Reader,
}

impl Catalogue {
    /// Both catalogues.
    pub const ALL: [Catalogue; 2] = [Catalogue::Main, Catalogue::Reader];

    /// Its files in `lang`.
    pub fn sources(self, lang: Lang) -> &'static [&'static str] {
        match self {
            Catalogue::Main => main_sources(lang),
            Catalogue::Reader => reader_sources(lang),
        }
    }
}

/// The main catalogue's files.
fn main_sources(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            include_str!("../locales/en/names.ftl"),
            include_str!("../locales/en/portal.ftl"),
        ],
        Lang::Nl => &[
            include_str!("../locales/nl/names.ftl"),
            include_str!("../locales/nl/portal.ftl"),
        ],
    }
}

/// The file reader's catalogue's files.
fn reader_sources(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[include_str!("../locales/en/reader.ftl")],
        Lang::Nl => &[include_str!("../locales/nl/reader.ftl")],
    }
}

/// A catalogue's files in a language.
type Sources = fn(Lang) -> &'static [&'static str];

type Bundles = [OnceCell<FluentBundle<FluentResource>>; 2];

thread_local! {
    /// Each language's bundle of the main catalogue, parsed at its first use (per thread: a
    /// bundle is not `Sync`).
    static MAIN: Bundles = const { [OnceCell::new(), OnceCell::new()] };
    /// The same for the file reader's catalogue.
    static READER: Bundles = const { [OnceCell::new(), OnceCell::new()] };
}

fn bundle(sources: Sources, lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.locale().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Plain text for the DOM and the terminal: no bidi isolation marks around arguments.
    bundle.set_use_isolating(false);
    for source in sources(lang) {
        // The catalogues are ours and tested to parse; a broken entry is left out, never fatal.
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The message `id` of the main catalogue in `lang` with `args`; in English when `lang` lacks it
/// (a test makes sure none does), and the id itself when no language has it.
pub fn message(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    // Each catalogue is named in a function of its own: the page, which never asks the file
    // reader's, does not link it.
    format(&MAIN, main_sources, lang, id, args)
}

/// [`message`] from the file reader's catalogue.
pub fn reader_message(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    format(&READER, reader_sources, lang, id, args)
}

fn format(
    bundles: &'static std::thread::LocalKey<Bundles>,
    sources: Sources,
    lang: Lang,
    id: &str,
    args: &[(&str, FluentValue<'_>)],
) -> String {
    let args = (!args.is_empty()).then(|| {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        fluent
    });
    for lang in [lang, Lang::En] {
        let text = bundles.with(|bundles| {
            let bundle = bundles[lang.index()].get_or_init(|| bundle(sources, lang));
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

/// A message of the file reader's catalogue (its problems, `autopilot-check`'s lines), as
/// [`t!`] is of the main one: `tr!(lang, "serial-blank")`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::reader_message($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::reader_message($lang, $id, &[$((stringify!($name), $crate::Value::from($value))),+])
    };
}

#[cfg(test)]
mod tests;
