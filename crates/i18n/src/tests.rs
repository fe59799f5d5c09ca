use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[path = "view_scan.rs"]
mod view_scan;

/// Each message of a catalogue file: its id and the variables it uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let starts_message = line.starts_with(|c: char| c.is_ascii_lowercase());
        if starts_message {
            let id = line.split('=').next().unwrap_or("").trim().to_owned();
            out.entry(id.clone()).or_default();
            current = Some(id);
        }
        if let Some(id) = &current {
            let vars = out.entry(id.clone()).or_default();
            let mut rest = line;
            while let Some(at) = rest.find('$') {
                rest = &rest[at + 1..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                vars.insert(name);
            }
        }
    }
    out
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
        let mut current = String::new();
        for line in source.lines() {
            if line.starts_with(|c: char| c.is_ascii_lowercase()) {
                current = line.split('=').next().unwrap_or("").trim().to_owned();
            }
            let mut rest = line;
            while let Some(at) = rest.find("{ $") {
                rest = &rest[at + 3..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if rest[name.len()..].trim_start().starts_with("->") {
                    out.insert((current.clone(), name));
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
