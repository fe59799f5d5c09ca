use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "view_scan.rs"]
mod view_scan;

#[path = "text_scan.rs"]
mod text_scan;

/// Each message of a catalogue file: its id and the variables it uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    bodies(source)
        .into_iter()
        .map(|(id, body)| {
            let vars = variables(&body).into_iter().map(|(name, _)| name).collect();
            (id, vars)
        })
        .collect()
}

/// Each `$variable` of a message's `body`, with the text after its name (which starts with
/// `->` where the variable chooses a plural).
fn variables(body: &str) -> Vec<(String, &str)> {
    body.match_indices('$')
        .map(|(at, _)| {
            let rest = &body[at + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            let after = &rest[name.len()..];
            (name, after)
        })
        .collect()
}

/// Every file of both catalogues in `lang`.
fn all_sources(lang: Lang) -> Vec<&'static str> {
    Catalogue::ALL
        .into_iter()
        .flat_map(|c| c.sources(lang).iter().copied())
        .collect()
}

fn catalogue(catalogue: Catalogue, lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    catalogue
        .sources(lang)
        .iter()
        .flat_map(|s| messages(s))
        .collect()
}

#[test]
fn every_catalogue_parses_and_every_message_is_in_both_languages_with_the_same_variables() {
    for lang in Lang::ALL {
        for source in all_sources(lang) {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{lang:?}: {errors:?}");
            }
        }
    }
    for c in Catalogue::ALL {
        let en = catalogue(c, Lang::En);
        let nl = catalogue(c, Lang::Nl);
        assert!(en.len() > 50, "{c:?}: {} messages", en.len());
        let only = |a: &BTreeMap<_, _>, b: &BTreeMap<_, _>| {
            a.keys()
                .filter(|k| !b.contains_key(*k))
                .cloned()
                .collect::<Vec<String>>()
        };
        assert_eq!(
            only(&en, &nl),
            Vec::<String>::new(),
            "{c:?}: missing in Dutch"
        );
        assert_eq!(
            only(&nl, &en),
            Vec::<String>::new(),
            "{c:?}: missing in English"
        );
        for (id, vars) in &en {
            assert_eq!(Some(vars), nl.get(id), "{id}: the variables differ");
        }
    }
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_message_the_code_asks_for_is_in_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    // Not this crate: its documentation and tests name messages that are not there on purpose.
    for krate in ["reader", "model", "service", "backend"] {
        sources(&root.join("crates").join(krate).join("src"), &mut files);
    }
    let selectors = selectors(Lang::En);
    let mut asked = 0;
    let mut unknown = Vec::new();
    let mut wrong = Vec::new();
    // `t!` asks the main catalogue, `tr!` the file reader's.
    for (mac, catalogue) in [
        ("t!(", catalogue(Catalogue::Main, Lang::En)),
        ("tr!(", catalogue(Catalogue::Reader, Lang::En)),
    ] {
        let en = catalogue;
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(mac) {
                // `t!(`, not `assert!(` or `print!(`.
                let word = rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                rest = &rest[at + mac.len()..];
                if word {
                    continue;
                }
                // The id is the first string literal of the call.
                let Some(open) = rest.find('"') else { break };
                let Some(close) = rest[open + 1..].find('"') else {
                    break;
                };
                let id = &rest[open + 1..open + 1 + close];
                if id == "id" || id.contains(' ') {
                    continue; // the macro's own documentation
                }
                asked += 1;
                let Some(expected) = en.get(id) else {
                    unknown.push(format!("{}: {mac} {id}", file.display()));
                    continue;
                };
                // The call's `name = value` arguments: exactly the message's variables, and a
                // number (not text) for each variable that chooses a plural.
                let call = call_text(&rest[open..]);
                let passed = arguments(call);
                let names: BTreeSet<String> = passed.iter().map(|(n, _)| n.clone()).collect();
                if &names != expected {
                    wrong.push(format!(
                        "{}: {id} gets {names:?}, wants {expected:?}",
                        file.display()
                    ));
                }
                for (name, value) in &passed {
                    let as_text = value.contains("number(") || value.contains("to_string()");
                    if as_text && selectors.contains(&(id.to_owned(), name.clone())) {
                        wrong.push(format!(
                            "{}: {id} chooses its plural by {name}, which is given as text",
                            file.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(asked > 40, "only {asked} messages found in the code");
    assert_eq!(unknown, Vec::<String>::new());
    assert_eq!(wrong, Vec::<String>::new());
}

/// The text of a call from its id to its closing parenthesis.
fn call_text(from_id: &str) -> &str {
    let mut depth = 1;
    let mut quoted = false;
    for (i, c) in from_id.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return &from_id[..i];
                }
            }
            _ => {}
        }
    }
    from_id
}

/// The `name = value` arguments of a call's text (after its id), split at top-level commas.
fn arguments(call: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0, false, 0);
    for (i, c) in call.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(&call[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&call[start..]);
    parts
        .into_iter()
        .skip(1) // the id
        .filter_map(|part| {
            let (name, value) = part.split_once('=')?;
            let name = name.trim();
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| (name.to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// (message, variable) pairs where the variable chooses a plural (`{ $count ->`).
fn selectors(lang: Lang) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for source in all_sources(lang) {
        for (id, body) in bodies(source) {
            for (name, after) in variables(&body) {
                if after.trim_start().starts_with("->") {
                    out.insert((id.clone(), name));
                }
            }
        }
    }
    out
}

#[test]
fn no_message_id_is_defined_twice_and_no_variable_has_a_hyphen() {
    for lang in Lang::ALL {
        let mut seen = BTreeSet::new();
        for source in all_sources(lang) {
            for (id, vars) in messages(source) {
                assert!(seen.insert(id.clone()), "{lang:?}: {id} twice");
                // `t!` passes Rust identifiers: a `-` in a variable could never be given.
                for v in vars {
                    assert!(!v.contains('-'), "{lang:?}: {id}: variable {v}");
                }
            }
        }
    }
}

#[test]
fn plurals_follow_each_languages_rules_and_numbers_come_written() {
    let blank = |lang, n: usize| tr!(lang, "blank-lines", count = n, n = n.to_string());
    assert_eq!(
        blank(Lang::En, 1),
        "1 blank line was skipped; nothing else is needed."
    );
    assert_eq!(
        blank(Lang::En, 2),
        "2 blank lines were skipped; nothing else is needed."
    );
    assert_eq!(
        blank(Lang::Nl, 1),
        "1 lege regel is overgeslagen; verder hoeft u niets te doen."
    );
    assert_eq!(
        blank(Lang::Nl, 0),
        "0 lege regels zijn overgeslagen; verder hoeft u niets te doen."
    );
    // No bidi isolation marks around arguments: plain text for the page and the terminal.
    let text = tr!(Lang::Nl, "serial-blank-in-hash", serial = "5CG1");
    assert!(text.contains("\"5CG1\""), "{text:?}");
    assert_eq!(t!(Lang::Nl, "no-such-message"), "no-such-message");
    // Each catalogue answers for its own messages only.
    assert_eq!(
        t!(Lang::En, "serial-blank-in-hash", serial = "5CG1"),
        "serial-blank-in-hash"
    );
    assert_eq!(
        tr!(Lang::En, "device-count", count = 1, n = "1"),
        "device-count"
    );
}

#[test]
fn the_language_is_the_first_of_ours_among_those_asked_for() {
    assert_eq!(Lang::negotiate(["nl-NL", "en-US"]), Lang::Nl);
    assert_eq!(Lang::negotiate(["de-DE", "nl-BE", "en"]), Lang::Nl);
    assert_eq!(Lang::negotiate(["de-DE", "fr"]), Lang::En);
    assert_eq!(Lang::negotiate(["EN_gb", "nl"]), Lang::En);
    assert_eq!(Lang::negotiate([]), Lang::En);
    assert_eq!(Lang::parse(" NL "), Some(Lang::Nl));
    assert_eq!(Lang::parse("nld"), None);
}

/// No text in the portal's views bypasses the catalogue: every text child, every attribute
/// people read or hear (`aria-label`, `title`, `placeholder`, `alt`, `label`…) and every word in
/// a view's expressions and in a component's text props comes from `t!` (see `view_scan` for
/// what counts as a code). A literal that is not to be translated after all (a brand's name, a
/// command to type) passes on a line that carries the comment `// i18n: not text`; use it
/// sparingly.
#[test]
fn no_text_in_a_view_bypasses_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    assert!(files.len() > 20, "only {} files in src/", files.len());
    let mut views = 0;
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file of the portal");
        views += text.matches("view!").count();
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        for o in view_scan::offenders(&text) {
            offenders.push(format!("{name}:{}: {:?}", o.line, o.text));
        }
    }
    assert!(views > 50, "only {views} views found in src/");
    assert!(
        offenders.is_empty(),
        "{} literals in views bypass the catalogue. Put these in crates/i18n/locales/{{en,nl}}/*.ftl \
         and show them with t!(lang, \"id\"):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

/// Each message of a catalogue file: its id and its text, the lines of its variants included.
fn bodies(source: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with(|c: char| c.is_ascii_lowercase()) {
            current = Some(line.split('=').next().unwrap_or("").trim().to_owned());
        }
        if let Some(id) = &current {
            let body = out.entry(id.clone()).or_default();
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// The variants of the plural `body` chooses by `variable` (`{ $count -> … }`), from its `->`
/// to its closing brace.
fn plural_variants<'a>(body: &'a str, variable: &str) -> Option<&'a str> {
    let (_, after) = variables(body)
        .into_iter()
        .find(|(name, after)| name == variable && after.trim_start().starts_with("->"))?;
    let variants = &after.trim_start()[2..];
    let mut depth = 1;
    for (i, c) in variants.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&variants[..i]);
                }
            }
            _ => {}
        }
    }
    Some(variants)
}

/// A catalogue's bundle in `lang`, made as `lib.rs` makes it (no bidi isolation marks), but
/// failing where it forgives: a file that does not parse, an id defined twice.
fn strict_bundle(catalogue: Catalogue, lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.locale().parse().expect("a locale");
    let mut bundle = FluentBundle::new(vec![id]);
    bundle.set_use_isolating(false);
    for source in catalogue.sources(lang) {
        let resource = FluentResource::try_new((*source).to_owned())
            .unwrap_or_else(|(_, e)| panic!("{catalogue:?} {lang:?}: {e:?}"));
        if let Err(e) = bundle.add_resource(resource) {
            panic!("{catalogue:?} {lang:?}: {e:?}");
        }
    }
    bundle
}

/// The message `id` of `bundle` formatted with `args`, or what went wrong.
fn format_strictly(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &[(String, FluentValue<'static>)],
) -> Result<String, String> {
    let message = bundle.get_message(id).ok_or("no such message")?;
    let pattern = message.value().ok_or("no value")?;
    let args = (!args.is_empty()).then(|| {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(name.clone(), value.clone());
        }
        fluent
    });
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(pattern, args.as_ref(), &mut errors)
        .into_owned();
    if !errors.is_empty() {
        return Err(format!("{errors:?} (gave {text:?})"));
    }
    if text.contains("{$") || text.contains("{ $") {
        return Err(format!("a variable is left unfilled: {text:?}"));
    }
    Ok(text)
}

/// Every message of both catalogues formats in both languages without an error from Fluent and
/// with every variable filled in: with each plural's variable 1 and 2 (and 0 where a message has
/// a `[0]` variant), in every combination, and every other variable the text "X". A plural with
/// a `[one]` variant reads differently for 1 than for 2 (each plural variable tried on its own,
/// the others 2), which shows its number chooses it.
#[test]
fn every_message_formats_without_errors_in_both_languages() {
    let plurals: BTreeSet<(String, String)> = Lang::ALL.into_iter().flat_map(selectors).collect();
    let mut failures = Vec::new();
    let mut formatted = 0;
    for c in Catalogue::ALL {
        let bundles = Lang::ALL.map(|lang| (lang, strict_bundle(c, lang)));
        let bodies = Lang::ALL.map(|lang| {
            let all: BTreeMap<String, String> =
                c.sources(lang).iter().flat_map(|s| bodies(s)).collect();
            (lang, all)
        });
        let mut variables = catalogue(c, Lang::En);
        for (id, vars) in catalogue(c, Lang::Nl) {
            variables.entry(id).or_default().extend(vars);
        }
        for (id, vars) in &variables {
            let chooses: Vec<&String> = vars
                .iter()
                .filter(|v| plurals.contains(&(id.clone(), (*v).clone())))
                .collect();
            let zero = bodies
                .iter()
                .any(|(_, b)| b.get(id).is_some_and(|b| b.contains("[0]")));
            let numbers: &[i64] = if zero { &[0, 1, 2] } else { &[1, 2] };
            // The arguments with the plural variables given `picked` (in `chooses`' order).
            let args = |picked: &[i64]| -> Vec<(String, FluentValue<'static>)> {
                vars.iter()
                    .map(|v| {
                        let value = match chooses.iter().position(|p| *p == v) {
                            Some(k) => FluentValue::from(picked[k]),
                            None => FluentValue::from("X"),
                        };
                        (v.clone(), value)
                    })
                    .collect()
            };
            // Every combination of the plural variables' numbers.
            let mut combinations: Vec<Vec<i64>> = vec![Vec::new()];
            for _ in &chooses {
                combinations = combinations
                    .into_iter()
                    .flat_map(|c| {
                        numbers.iter().map(move |n| {
                            let mut c = c.clone();
                            c.push(*n);
                            c
                        })
                    })
                    .collect();
            }
            for picked in &combinations {
                let args = args(picked);
                for (lang, bundle) in &bundles {
                    match format_strictly(bundle, id, &args) {
                        Ok(_) => formatted += 1,
                        Err(why) => failures.push(format!(
                            "{c:?} {lang:?} {id} with {}: {why}",
                            args.iter()
                                .map(|(n, v)| format!("{n}={v:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    }
                }
            }
            // Each plural resolves: 1 reads differently from 2.
            for (k, variable) in chooses.iter().enumerate() {
                let mut one = vec![2; chooses.len()];
                one[k] = 1;
                let two = vec![2; chooses.len()];
                for ((lang, bundle), (_, bodies)) in bundles.iter().zip(&bodies) {
                    let variants = bodies.get(id).and_then(|b| plural_variants(b, variable));
                    let has_one = variants.is_some_and(|v| v.contains("[one]"));
                    // A language whose words do not change with the count there (English "1 of
                    // the 3 selected devices will be…" as "2 of the 3…") may say it once per variant.
                    let same_words = variants.is_some_and(|v| {
                        let texts: BTreeSet<&str> = v
                            .lines()
                            .filter_map(|l| l.trim().split_once(']').map(|(_, text)| text.trim()))
                            .collect();
                        texts.len() == 1
                    });
                    if !has_one || same_words {
                        continue;
                    }
                    let (Ok(a), Ok(b)) = (
                        format_strictly(bundle, id, &args(&one)),
                        format_strictly(bundle, id, &args(&two)),
                    ) else {
                        continue; // reported above
                    };
                    if a == b {
                        failures.push(format!(
                            "{c:?} {lang:?} {id}: ${variable} 1 and 2 both give {a:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(formatted > 500, "only {formatted} messages formatted");
    assert!(
        failures.is_empty(),
        "{} messages do not format cleanly:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// English the code holds on purpose, outside the catalogue: (the end of a file's path, the
/// start of the literal). Every entry must still match a literal: remove the ones that no longer
/// do. Prefer `t!`/`tr!`, or `// i18n: not text` on the literal's line for one code that only
/// looks like words; list here what people never read (a protocol's own words, a developer's
/// message that is not logged with a log macro).
const KNOWN_ENGLISH: &[(&str, &str)] = &[
    // Set-up errors for whoever deploys the portal (the sign-in provider's discovery, issuer and
    // https, its token answers): English, as the README that explains the set-up.
    ("crates/model/src/auth.rs", "The sign-in provider"),
    ("crates/model/src/auth.rs", "is not a JWT"),
    ("crates/model/src/auth.rs", "is not readable"),
    ("crates/model/src/auth.rs", "is for another application"),
    ("crates/model/src/auth.rs", "comes from another issuer"),
    (
        "crates/model/src/auth.rs",
        "does not belong to this sign-in",
    ),
    // The demo account's name, which the page never shows (the demo tenant's menu says who).
    ("crates/model/src/auth.rs", "Demo administrator"),
    // config.json's own errors, for whoever edits it.
    ("crates/model/src/config.rs", "config.json"),
    // A broken answer's technical detail, inside a sentence in the page's language (or only in
    // the logs): which protocol rule an answer broke.
    (
        "crates/backend/src/graph/care.rs",
        "Graph sent licence details",
    ),
    ("crates/backend/src/graph/mod.rs", "Graph's @odata.nextLink"),
    (
        "crates/backend/src/graph/mod.rs",
        "Graph's answer to an import",
    ),
    (
        "crates/backend/src/graph/mod.rs",
        "Graph sent an import record",
    ),
    ("crates/backend/src/graph/mod.rs", "Graph sent a device"),
    (
        "crates/backend/src/graph/mod.rs",
        "Graph answered the retry",
    ),
    (
        "crates/backend/src/http/mod.rs",
        "the list's @odata.nextLink",
    ),
    (
        "crates/backend/src/http/mod.rs",
        "the device list's @odata.nextLink",
    ),
    ("crates/backend/src/http/mod.rs", "the service sent"),
    (
        "crates/backend/src/http/send.rs",
        "the request could not be written",
    ),
    (
        "crates/backend/src/storage.rs",
        "another tab changed the data first",
    ),
    ("crates/model/src/reading.rs", "the file reader sent"),
    ("src/components/register/worker.rs", "the file reader sent"),
    ("src/auth/browser.rs", "this browser has no cryptographic"),
    ("src/auth/browser.rs", "the browser refused random values"),
    (
        "src/auth/browser.rs",
        "the sign-in request could not be made",
    ),
    (
        "src/auth/browser.rs",
        "the sign-in provider cannot be reached",
    ),
    ("src/auth/mod.rs", "not signed in"),
    ("src/auth/mod.rs", "the provider gave no refresh token"),
    ("src/backend/http.rs", "the request could not be made"),
    ("src/backend/http.rs", "the answer could not be read"),
    ("src/backend/idb/events.rs", "unknown browser error"),
    ("src/backend/idb/events.rs", "write aborted"),
    ("src/backend/idb/mod.rs", "a stored "),
    ("src/backend/idb/mod.rs", "the stored "),
];

/// No words outside the portal's views bypass the catalogue either: every string literal in the
/// web app (`src/`), the model (`crates/model/src`) and the backends (`crates/backend/src`), test
/// modules aside, that reads like prose comes from `t!`/`tr!`, is in a log or panic call, in an
/// attribute, on a line marked `// i18n: not text`, or in [`KNOWN_ENGLISH`]. See `text_scan`
/// for what reads like prose.
#[test]
fn no_user_text_outside_views_bypasses_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("crates/model/src"), &mut files);
    sources(&root.join("crates/backend/src"), &mut files);
    files.sort();
    assert!(files.len() > 40, "only {} files", files.len());
    // The files of `#[cfg(test)] mod name;`, and the folders of their submodules.
    let mut test_files = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file");
        let dir = file.parent().unwrap_or(&root).to_path_buf();
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let home = if ["mod", "lib", "main"].contains(&stem) {
            dir
        } else {
            dir.join(stem)
        };
        for name in text_scan::test_module_files(&text) {
            test_files.push(home.join(format!("{name}.rs")));
            test_files.push(home.join(&name));
        }
    }
    let mut offenders = Vec::new();
    let mut used = vec![false; KNOWN_ENGLISH.len()];
    let mut literals = 0;
    for file in &files {
        if test_files.iter().any(|t| file.starts_with(t)) {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("a source file");
        literals += text.matches('"').count() / 2;
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        for o in text_scan::offenders(&text) {
            let known = KNOWN_ENGLISH
                .iter()
                .position(|(suffix, prefix)| name.ends_with(suffix) && o.text.starts_with(prefix));
            match known {
                Some(k) => used[k] = true,
                None => offenders.push(format!("{name}:{}: {:?}", o.line, o.text)),
            }
        }
    }
    assert!(literals > 1000, "only {literals} literals found");
    let stale: Vec<_> = KNOWN_ENGLISH
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(known, _)| known)
        .collect();
    assert!(
        stale.is_empty(),
        "KNOWN_ENGLISH matches nothing any more: {stale:?}"
    );
    assert!(
        offenders.is_empty(),
        "{} literals outside views read like words people read but bypass the catalogue. Put \
         them in crates/i18n/locales/{{en,nl}}/*.ftl and show them with t!(lang, \"id\"), or, \
         when no person reads them, mark the line `// i18n: not text` or list them in \
         KNOWN_ENGLISH:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}
