//! A scanner for the words outside the portal's views that do not come from the catalogue: a
//! string literal anywhere in the code (a toast's text, an error people are shown, a label built
//! in a function) that reads like prose. `view_scan` judges the literals inside `view!`; this one
//! skips those and reads all the others.
//!
//! A literal reads like prose when it holds an ASCII capital followed, later, by a space and a
//! lowercase word (`"Nothing was saved."`, `"Device {} not found"`), or three words of letters in
//! a row (`"could not be read"`). A word of letters is a run between spaces of letters only
//! (an apostrophe inside, and an opening bracket or quote before or punctuation after, allowed):
//! `application/json`, `{n}`, `btn-primary` and `5CG1` are none.
//!
//! These pass: the id of a `t!` or `tr!` call; anything in a macro or call that writes to the
//! log or stops the program (`warn!`, `log::…!`, `panic!`, `unreachable!`, `assert…!`,
//! `.expect(…)`: developers read those, not users); comments (the tokenizer drops them); `#[…]`
//! attributes; `#[cfg(test)]` modules; and every literal on a line that carries the comment
//! `// i18n: not text`.

use super::view_scan::{
    enclosing_macro, first_argument_after_lang, matching, tokens, view_open, without_test_modules,
    Kind, Offender, Token,
};

/// The macros that write to the log or stop the program, by the last segment of their path.
const LOG_MACROS: &[&str] = &[
    "warn",
    "error",
    "debug",
    "info",
    "trace",
    "log",
    "debug_warn",
    "console_log",
    "console_warn",
    "console_error",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
];

/// The literals outside the source's views (and outside its test modules) that read like prose
/// and bypass the catalogue.
pub(crate) fn offenders(src: &str) -> Vec<Offender> {
    let tokens = without_test_modules(tokens(src));
    let mut out = Vec::new();
    // The brackets open around the current token: whether each is (in) a log or panic call.
    let mut open: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // A view is `view_scan`'s to judge.
        if let Some(body) = view_open(&tokens, i) {
            i = matching(&tokens, body).map_or(tokens.len(), |c| c + 1);
            continue;
        }
        // An attribute: `#[error("…")]`, `#![doc = "…"]`, `#[serde(rename = "…")]`.
        if let Some(bracket) = attribute_open(&tokens, i) {
            i = matching(&tokens, bracket).map_or(tokens.len(), |c| c + 1);
            continue;
        }
        match &t.kind {
            Kind::Punct('{' | '(' | '[') => {
                let inside = open.last().copied().unwrap_or(false);
                open.push(inside || logs(&tokens, i));
            }
            Kind::Punct('}' | ')' | ']') => {
                open.pop();
            }
            Kind::Str(text) => {
                let logged = open.last().copied().unwrap_or(false);
                if !t.allowed && !logged && reads_like_prose(text) && !is_message_id(&tokens, i) {
                    out.push(Offender {
                        line: t.line,
                        text: text.clone(),
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// At `#[` or `#![`: the index of the attribute's `[`.
fn attribute_open(tokens: &[Token], at: usize) -> Option<usize> {
    if !tokens[at].is('#') {
        return None;
    }
    let next = at + 1 + usize::from(tokens.get(at + 1)?.is('!'));
    tokens.get(next)?.is('[').then_some(next)
}

/// Whether the bracket at `open` opens a log or panic macro's arguments (`warn!(`,
/// `log::info!(`, `assert_eq!(`, `debug_assert!(`) or an `.expect(` call's.
fn logs(tokens: &[Token], open: usize) -> bool {
    let before = |k: usize| open.checked_sub(k).map(|p| &tokens[p]);
    if before(1).is_some_and(|t| t.is('!')) {
        let Some(name) = before(2).and_then(Token::word) else {
            return false;
        };
        // `log::anything!(…)`: the `log` crate's macros, and `leptos::logging::…!`.
        let path = before(3).is_some_and(|t| t.is(':'))
            && before(4).is_some_and(|t| t.is(':'))
            && before(5)
                .and_then(Token::word)
                .is_some_and(|w| w == "log" || w == "logging");
        return path
            || LOG_MACROS.contains(&name)
            || name.starts_with("assert")
            || name.starts_with("debug_assert");
    }
    tokens[open].is('(')
        && before(1).and_then(Token::word) == Some("expect")
        && before(2).is_some_and(|t| t.is('.'))
}

/// Whether the literal at `at` is the id of a `t!` or `tr!` call.
fn is_message_id(tokens: &[Token], at: usize) -> bool {
    matches!(enclosing_macro(tokens, at).as_deref(), Some("t" | "tr"))
        && first_argument_after_lang(tokens, at)
}

/// Whether `word` (a run between spaces) is a word of letters: `saved.`, `(not`, `don't`,
/// `Gerät`; not `{n}`, `btn-primary`, `5CG1`, `application/json`.
fn is_word(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '"', '\'', '“', '‘', '«']);
    let word = word.trim_end_matches([
        '.', ',', ':', ';', '!', '?', ')', '"', '\'', '”', '’', '…', '»',
    ]);
    word.starts_with(char::is_alphabetic)
        && word.ends_with(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
}

/// Whether a literal reads like a sentence: an ASCII capital followed later by a space and a
/// lowercase word, or three words of letters in a row.
pub(crate) fn reads_like_prose(text: &str) -> bool {
    // Each run between spaces, with where it starts.
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                runs.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, &text[s..]));
    }
    let capital = text.find(|c: char| c.is_ascii_uppercase());
    let lowercase_word_after_capital = capital.is_some_and(|capital| {
        runs.iter().any(|(s, run)| {
            *s > capital
                && is_word(run)
                && run
                    .trim_start_matches(|c: char| !c.is_alphabetic())
                    .starts_with(char::is_lowercase)
        })
    });
    let three_words = runs
        .windows(3)
        .any(|w| w.iter().all(|(_, run)| is_word(run)));
    lowercase_word_after_capital || three_words
}

/// The names of the modules the source declares as tests in files of their own
/// (`#[cfg(test)] mod tests;`).
pub(crate) fn test_module_files(src: &str) -> Vec<String> {
    let tokens = tokens(src);
    let attribute = ["#", "[", "cfg", "(", "test", ")", "]"];
    let mut out = Vec::new();
    for at in 0..tokens.len() {
        let matches = attribute.iter().enumerate().all(|(k, want)| {
            tokens.get(at + k).is_some_and(|t| match &t.kind {
                Kind::Word(w) => w == want,
                Kind::Punct(c) => want.len() == 1 && want.starts_with(*c),
                _ => false,
            })
        });
        if !matches {
            continue;
        }
        let mut i = at + attribute.len();
        if tokens.get(i).and_then(Token::word) == Some("pub") {
            i += 1;
        }
        if tokens.get(i).and_then(Token::word) != Some("mod") {
            continue;
        }
        if let (Some(name), Some(true)) = (
            tokens.get(i + 1).and_then(Token::word),
            tokens.get(i + 2).map(|t| t.is(';')),
        ) {
            out.push(name.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts the scanner reports in a snippet.
    fn found(src: &str) -> Vec<String> {
        offenders(src).into_iter().map(|o| o.text).collect()
    }

    #[test]
    fn the_cases_of_the_brief() {
        assert_eq!(
            found(r#"fn f() { toasts.error("Nothing was saved."); }"#),
            ["Nothing was saved."]
        );
        assert_eq!(
            found(r#"fn f() { toasts.error(t!(lang, "nothing-saved")); }"#),
            Vec::<String>::new()
        );
        assert_eq!(
            found(r#"fn f() { warn!("renewal failed: {e}"); }"#),
            Vec::<String>::new()
        );
        assert_eq!(
            found(r#"const JSON: &str = "application/json";"#),
            Vec::<String>::new()
        );
        assert_eq!(
            found(r#"fn f() { let name = format!("{}-{}.csv", a, b); }"#),
            Vec::<String>::new()
        );
    }

    #[test]
    fn sentences_are_found_with_their_lines() {
        let src = r#"
            fn f() -> Result<(), String> {
                let a = "Device {} not found";
                let b = format!("{n} devices were submitted");
                let c = "could not be read";
                let d = r"Sign in again";
                Err(format!("The file {} is empty", name))
            }
        "#;
        let offenders = offenders(src);
        let lines: Vec<(usize, &str)> = offenders
            .iter()
            .map(|o| (o.line, o.text.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (3, "Device {} not found"),
                (4, "{n} devices were submitted"),
                (5, "could not be read"),
                (6, "Sign in again"),
                (7, "The file {} is empty"),
            ]
        );
    }

    #[test]
    fn codes_pass() {
        let src = r#"
            fn f() {
                let a = ["Content-Type: application/json", "Bearer {}", "GET", "X-Request-Id"];
                let b = ["btn btn-sm btn-primary", "{} of {}", "{}: {}", "5CG1 2AB3 7XY9"];
                let c = ["/deviceManagement/windowsAutopilotDeviceIdentities", "en-US", "{n} {unit}"];
                let d = ["device-count", "a b", "", " · ", "…", "serial,model"];
            }
        "#;
        assert_eq!(found(src), Vec::<String>::new());
    }

    #[test]
    fn logs_panics_attributes_comments_tests_views_and_marked_lines_pass() {
        let src = r##"
            //! The crate's documentation, "with quotes" in it.
            #![doc = "A crate that does things"]
            /// An error. "The file could not be read."
            #[derive(Debug, thiserror::Error)]
            enum E {
                #[error("The file could not be read")]
                Unreadable,
            }
            fn f() {
                warn!("Sign-in renewal failed for the user: {e}");
                log::info!("Polling the service again in {} seconds", s);
                leptos::logging::warn!("The worker did not start: {e}");
                log::log!(Level::Warn, "Something went wrong here");
                let x = y.expect("the store is open and readable");
                let z = w.unwrap_or_else(|| panic!("The gate is not free: {}", format!("it was taken by {}", who)));
                assert_eq!(a, b, "Values differ in the test");
                debug_assert!(ok, "This never happens at all");
                unreachable!("A state the page never reaches");
                let id = tr!(lang, "serial-blank", serial = s);
                let brand = "Microsoft Entra ID"; // i18n: not text
                /* "A block comment with words in it" */
                view! { <p>"Words in a view are view_scan's"</p> }
            }
            #[cfg(test)]
            mod tests {
                fn g() { let _ = "Fixture text for a test"; }
            }
        "##;
        assert_eq!(found(src), Vec::<String>::new());
    }

    #[test]
    fn words_outside_a_log_call_on_the_same_line_are_still_found() {
        let src = r#"
            fn f() { warn!("{e}"); toast("Something went wrong", x.expect("open")); }
        "#;
        assert_eq!(found(src), ["Something went wrong"]);
    }

    #[test]
    fn test_modules_in_files_of_their_own_are_named() {
        let src = "#[cfg(test)]\nmod tests;\n#[cfg(test)]\npub mod fixtures;\nmod real;\n";
        assert_eq!(test_module_files(src), ["tests", "fixtures"]);
    }
}
