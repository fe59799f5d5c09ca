//! A scanner for the words in the portal's Leptos `view!` macros that do not come from the
//! catalogue: a text child (`<p>"Hello"</p>`), an attribute people read or hear
//! (`aria-label="Close"`), or a literal in an expression of a view (`{if a { "Yes" } else {
//! "No" }}`). Codes pass: other attributes (`class`, `id`, `role`, `href`, `d`…), the id of a
//! `t!` call, `format!` strings of placeholders and punctuation, lowercase identifiers and paths.
//! A component's props are read like attributes: one named for words (`title`, `message`,
//! `confirm_label`, `text`) holds words, the others may. A literal on a line with the comment
//! `// i18n: not text` passes too.
//!
//! It reads tokens, not Rust: strings (also raw and byte strings), char literals and lifetimes,
//! comments, words and single punctuation, which is all it takes to find a view's braces and
//! each literal's place in its markup.

/// The comment that lets a line's literals through (a brand name, say).
pub const NOT_TEXT: &str = "i18n: not text";

/// A literal of a view that people would read, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offender {
    /// 1-based line of the literal's opening quote.
    pub line: usize,
    /// The literal's text, escapes resolved.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string literal's text, escapes resolved.
    Str(String),
    /// A char literal or a lifetime: neither matters here, both must not be read as quotes.
    Quote,
    /// An identifier, keyword or number.
    Word(String),
    /// One punctuation character.
    Punct(char),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    /// Byte offsets in the source.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) line: usize,
    /// The line carries `// i18n: not text`.
    pub(crate) allowed: bool,
}

impl Token {
    pub(crate) fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub(crate) fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }
}

/// The source's tokens, comments dropped.
pub(crate) fn tokens(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut allowed_lines = std::collections::BTreeSet::new();
    let (mut i, mut line) = (0, 1);
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    while i < bytes.len() {
        let (start, start_line) = (i, line);
        let b = bytes[i];
        let kind = if b == b'\n' {
            line += 1;
            i += 1;
            continue;
        } else if b.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if src[i..].starts_with("//") {
            let end = src[i..].find('\n').map_or(bytes.len(), |n| i + n);
            if src[i..end].contains(NOT_TEXT) {
                allowed_lines.insert(line);
            }
            i = end;
            continue;
        } else if src[i..].starts_with("/*") {
            // Block comments nest.
            let mut depth = 0;
            while i < bytes.len() {
                if src[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if src[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(bytes[i] == b'\n');
                    i += 1;
                }
            }
            continue;
        } else if let Some((hashes, open)) = raw_string_start(&src[i..]) {
            // r"…", r#"…"#, br#"…"#: no escapes, ends at the quote and as many hashes.
            let close = format!("\"{}", "#".repeat(hashes));
            let body = i + open;
            let end = src[body..].find(&close).map_or(bytes.len(), |n| body + n);
            line += src[i..end].matches('\n').count();
            i = (end + close.len()).min(bytes.len());
            Kind::Str(src[body..end].to_owned())
        } else if b == b'"' || (matches!(b, b'b' | b'c') && bytes.get(i + 1) == Some(&b'"')) {
            let body = if b == b'"' { i + 1 } else { i + 2 };
            let mut j = body;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            line += src[i..end].matches('\n').count();
            i = (end + 1).min(bytes.len());
            Kind::Str(unescape(&src[body..end]))
        } else if b == b'\'' {
            // A char literal ('{', '\'', '·') or a lifetime ('static).
            let next = src[i + 1..].chars().next().map_or(0, char::len_utf8);
            if bytes.get(i + 1) == Some(&b'\\') {
                let mut j = i + 2;
                while j < bytes.len() && bytes[j] != b'\'' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                i = (j + 1).min(bytes.len());
            } else if bytes.get(i + 1 + next) == Some(&b'\'') {
                i += next + 2;
            } else {
                i += 1;
                while i < bytes.len() && word_byte(bytes[i]) {
                    i += 1;
                }
            }
            Kind::Quote
        } else if word_byte(b) {
            while i < bytes.len() && word_byte(bytes[i]) {
                i += 1;
            }
            Kind::Word(src[start..i].to_owned())
        } else {
            i += 1;
            Kind::Punct(char::from(b))
        };
        out.push(Token {
            kind,
            start,
            end: i,
            line: start_line,
            allowed: false,
        });
    }
    for token in &mut out {
        token.allowed = allowed_lines.contains(&token.line);
    }
    out
}

/// At a raw string (`r"`, `r#"`, `br#"`): the number of hashes and where its text starts.
fn raw_string_start(s: &str) -> Option<(usize, usize)> {
    let after_r = s.strip_prefix("br").or_else(|| s.strip_prefix('r'))?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    after_r[hashes..]
        .starts_with('"')
        .then(|| (hashes, s.len() - after_r.len() + hashes + 1))
}

/// A string literal's text with its escapes (`\n`, `\"`, `\u{b7}`…) resolved.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let code: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let code = code.trim_start_matches('{');
                if let Some(c) = u32::from_str_radix(code, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some('x') => {
                let code: String = chars.by_ref().take(2).collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            // A line continuation: the newline and the next line's indentation go.
            Some('\n') => {
                while chars.clone().next().is_some_and(char::is_whitespace) {
                    chars.next();
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The tokens without `#[cfg(test)]` modules.
pub(crate) fn without_test_modules(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if let Some(end) = test_module_end(&tokens, i) {
            i = end;
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

/// At `#[cfg(test)] (pub) mod name { … }` or `… mod name;`: the index after it.
fn test_module_end(tokens: &[Token], at: usize) -> Option<usize> {
    let attribute = ["#", "[", "cfg", "(", "test", ")", "]"];
    let matches = attribute.iter().enumerate().all(|(k, want)| {
        tokens.get(at + k).is_some_and(|t| match &t.kind {
            Kind::Word(w) => w == want,
            Kind::Punct(c) => want.len() == 1 && want.starts_with(*c),
            _ => false,
        })
    });
    if !matches {
        return None;
    }
    let mut i = at + attribute.len();
    if tokens.get(i)?.word() == Some("pub") {
        i += 1;
    }
    if tokens.get(i)?.word() != Some("mod") {
        return None;
    }
    i += 2; // `mod name`
    if tokens.get(i)?.is(';') {
        return Some(i + 1);
    }
    Some(matching(tokens, i)? + 1)
}

/// The index of the bracket closing the one at `open` (`{`, `(` or `[`).
pub(crate) fn matching(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            Kind::Punct('{' | '(' | '[') => depth += 1,
            Kind::Punct('}' | ')' | ']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// At `view! {` (or `view!(`): the index of its opening bracket.
pub(crate) fn view_open(tokens: &[Token], at: usize) -> Option<usize> {
    let is_view = tokens[at].word() == Some("view")
        && tokens.get(at + 1)?.is('!')
        && tokens
            .get(at + 2)
            .is_some_and(|t| t.is('{') || t.is('(') || t.is('['));
    is_view.then_some(at + 2)
}

/// The attributes of an element that people read or hear; every other one holds codes.
const READ_ATTRIBUTES: &[&str] = &[
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "aria-placeholder",
    "title",
    "placeholder",
    "alt",
    "label",
];

/// The words that make a component's prop one people read (`title`, `confirm_label`, `text`).
const READ_PROP_WORDS: &[&str] = &[
    "label",
    "title",
    "message",
    "text",
    "heading",
    "caption",
    "description",
    "placeholder",
    "hint",
    "tooltip",
    "alt",
];

/// How a literal is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// People read it: any letter is a word.
    Words,
    /// It may be read, or be a code: a letter outside a lowercase code is a word.
    Mixed,
    /// A code, never read.
    Code,
}

/// The rule for a value of the attribute `name` (`title`, `attr:title`, `aria-label`,
/// `on:click`), of a component (`<ConfirmDialog title=…>`) or of an element.
fn attribute_rule(name: &str, component: bool) -> Rule {
    let name = name.strip_prefix("attr:").unwrap_or(name);
    let read_prop = || {
        name.split(['_', '-', ':'])
            .any(|part| READ_PROP_WORDS.contains(&part))
    };
    if READ_ATTRIBUTES.contains(&name) || (component && read_prop()) {
        Rule::Words
    } else if component || name.starts_with("on:") {
        // A component's other props and an element's event handlers may show words.
        Rule::Mixed
    } else {
        Rule::Code
    }
}

/// Whether a literal has a letter in it: words, as opposed to spaces, dots and dashes.
fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// A code: a lowercase identifier, a CSS class, an id, a path, an event's name.
fn is_code(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.:/#-".contains(c))
}

/// A format string without its `{…}` placeholders.
fn without_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The macros whose first literal is a format string.
const FORMAT_MACROS: &[&str] = &["format", "format_args", "write", "writeln"];

/// The literals of the source's views that people would read and that bypass the catalogue.
pub fn offenders(src: &str) -> Vec<Offender> {
    let tokens = without_test_modules(tokens(src));
    let mut out = Vec::new();
    for at in 0..tokens.len() {
        let Some(open) = view_open(&tokens, at) else {
            continue;
        };
        let close = matching(&tokens, open).unwrap_or(tokens.len());
        scan_view(&tokens, open + 1, close, &mut out);
    }
    out
}

/// Checks the literals of one view's body, `tokens[from..to]`; a view inside it is checked on
/// its own.
fn scan_view(tokens: &[Token], from: usize, to: usize, out: &mut Vec<Offender>) {
    // Brackets opened in the view's markup: each with the rule of the attribute it is the value
    // of, if any.
    let mut open: Vec<Option<Rule>> = Vec::new();
    let mut in_tag = false;
    let mut component = false;
    // The attribute whose value follows, and its rule.
    let mut attribute: Option<Rule> = None;
    let mut i = from;
    while i < to {
        let t = &tokens[i];
        if let Some(inner) = view_open(tokens, i) {
            i = matching(tokens, inner).map_or(to, |c| c + 1);
            continue;
        }
        let markup = open.is_empty();
        match &t.kind {
            Kind::Punct('{' | '(' | '[') => open.push(attribute.filter(|_| in_tag)),
            Kind::Punct('}' | ')' | ']') => {
                open.pop();
            }
            Kind::Punct('<') if markup && !operator(tokens, i) => {
                in_tag = true;
                component = tag_is_component(tokens, i);
                attribute = None;
            }
            Kind::Punct('>') if markup && !operator(tokens, i) => {
                in_tag = false;
                attribute = None;
            }
            Kind::Punct('=') if markup && in_tag && !operator(tokens, i) => {
                attribute = attribute_name(tokens, i).map(|a| attribute_rule(&a, component));
            }
            Kind::Str(text) => {
                // A child expression (`{if a { "Yes" } else { "No" }}`) may show words; so may
                // anything in a tag that is no attribute's value.
                let rule = if !markup {
                    open.iter().find_map(|r| *r).unwrap_or(Rule::Mixed)
                } else if !in_tag {
                    Rule::Words // a text child: `<p>"Hello"</p>`
                } else {
                    attribute.unwrap_or(Rule::Mixed)
                };
                if !t.allowed && bypasses(tokens, i, text, rule) {
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
}

/// Whether the tag opened at `at` is a component's (`<ConfirmDialog`, `<leptos_router::A`),
/// by the capital of its name's last segment.
fn tag_is_component(tokens: &[Token], at: usize) -> bool {
    let mut last = None;
    let mut end = tokens[at].end;
    for t in &tokens[at + 1..] {
        if t.start != end {
            break; // the name ends at a space
        }
        end = t.end;
        match &t.kind {
            Kind::Word(w) => last = Some(w),
            Kind::Punct(':') => {}
            _ => break,
        }
    }
    last.is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// Whether the `<`, `>` or `=` at `at` is Rust, not markup: part of an operator (`=>`, `->`,
/// `==`, `<=`, `!=`…) or a generic's bracket (`Vec<u8>`, `::<T>`).
fn operator(tokens: &[Token], at: usize) -> bool {
    let joined = |a: usize, b: usize| tokens[a].end == tokens[b].start;
    let before = |chars: &str| {
        at.checked_sub(1).is_some_and(|p| {
            joined(p, at)
                && match &tokens[p].kind {
                    Kind::Punct(c) => chars.contains(*c),
                    Kind::Word(_) => chars.contains('w'),
                    _ => false,
                }
        })
    };
    let after = |chars: &str| {
        tokens.get(at + 1).is_some_and(|n| {
            joined(at, at + 1) && matches!(n.kind, Kind::Punct(c) if chars.contains(c))
        })
    };
    match tokens[at].kind {
        Kind::Punct('<') => before("w:<") || after("=<"),
        Kind::Punct('>') => before("=->") || after("=>"),
        Kind::Punct('=') => before("=!<>") || after("=>"),
        _ => false,
    }
}

/// The attribute named right before the `=` at `at` (`aria-label`, `attr:title`, `on:click`).
fn attribute_name(tokens: &[Token], at: usize) -> Option<String> {
    let mut first = at;
    while first > 0 {
        let t = &tokens[first - 1];
        let part = t.word().is_some() || t.is('-') || t.is(':');
        if !part || t.end != tokens[first].start {
            break;
        }
        first -= 1;
    }
    (first < at).then(|| {
        tokens[first..at]
            .iter()
            .map(|t| match &t.kind {
                Kind::Word(w) => w.clone(),
                Kind::Punct(c) => c.to_string(),
                _ => String::new(),
            })
            .collect()
    })
}

/// Whether the literal `text` at `at`, judged by `rule`, is text people read that is not the
/// catalogue's.
fn bypasses(tokens: &[Token], at: usize, text: &str, rule: Rule) -> bool {
    if rule == Rule::Code {
        return false;
    }
    let macro_name = enclosing_macro(tokens, at);
    if macro_name.as_deref() == Some("t") && first_argument_after_lang(tokens, at) {
        return false; // the id of a `t!` call
    }
    let text = match macro_name {
        Some(m) if FORMAT_MACROS.contains(&m.as_str()) => without_placeholders(text),
        _ => text.to_owned(),
    };
    has_letter(&text) && (rule == Rule::Words || !is_code(&text))
}

/// The name of the macro whose parentheses hold the token at `at` directly (`t`, `format`).
pub(crate) fn enclosing_macro(tokens: &[Token], at: usize) -> Option<String> {
    let open = enclosing_open(tokens, at)?;
    let bang = open.checked_sub(1)?;
    if !tokens[open].is('(') || !tokens[bang].is('!') {
        return None;
    }
    tokens[bang.checked_sub(1)?].word().map(str::to_owned)
}

/// The index of the innermost bracket open around `at`.
fn enclosing_open(tokens: &[Token], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..at).rev() {
        match tokens[i].kind {
            Kind::Punct('}' | ')' | ']') => depth += 1,
            Kind::Punct('{' | '(' | '[') => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// Whether the token at `at` is the second argument of its call (`t!(lang, "id", …)`): it
/// follows the call's first top-level comma.
pub(crate) fn first_argument_after_lang(tokens: &[Token], at: usize) -> bool {
    let Some(open) = enclosing_open(tokens, at) else {
        return false;
    };
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().take(at).skip(open + 1) {
        match t.kind {
            Kind::Punct('{' | '(' | '[') => depth += 1,
            Kind::Punct('}' | ')' | ']') => depth = depth.saturating_sub(1),
            Kind::Punct(',') if depth == 0 => return i + 1 == at,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts the scanner reports in a snippet.
    fn found(src: &str) -> Vec<String> {
        offenders(src).into_iter().map(|o| o.text).collect()
    }

    #[test]
    fn text_children_read_attributes_and_words_in_expressions_are_found() {
        let src = r#"
            view! {
                <p>"Hello"</p>
                <button aria-label="Close" attr:title="Shut">"×"</button>
                {if a { "Yes" } else { "No" }}
                <input placeholder="Serial number" />
                <span>{move || format!("{} devices", n)}</span>
            }
        "#;
        assert_eq!(
            found(src),
            [
                "Hello",
                "Close",
                "Shut",
                "Yes",
                "No",
                "Serial number",
                "{} devices"
            ]
        );
    }

    #[test]
    fn codes_punctuation_and_catalogue_ids_pass() {
        let src = r#"
            view! {
                <div class="btn btn-primary" id="main" role="dialog" aria-live="polite"
                    data-serial=serial class=format!("badge badge-{}", id)
                    aria-selected=move || if s { "true" } else { "false" }>
                    {t!(lang, "device-count", count = n)}
                    {autopilot_i18n::t!(crate::i18n::lang(), "pages")}
                    {" "} "·" " — " "…" ":" "(" ")"
                    {format!("{} · {}", a, b)}
                    <a href="/devices">{move || format!("{}, {}", a, b)}</a>
                    <svg viewBox="0 0 16 16"><path d="M2 8h12" /></svg>
                    <option value="RegistrationPending">{t!(lang, "pending")}</option>
                    <span class=move || if s { "Badge Big" } else { "badge" }></span>
                    <Route path="/devices" view=Devices />
                </div>
            }
        "#;
        assert_eq!(found(src), Vec::<String>::new());
    }

    #[test]
    fn comments_chars_raw_strings_and_nested_views_are_read_as_rust() {
        let src = r##"
            view! {
                // a comment with "quotes" and a {
                /* and "another" } */
                <span>{move || if c == '{' { "open" } else { "shut" }}</span>
                <i>{r#"Raw "text" {"#}</i>
                {move || x.map(|d: &'static str| view! { <b>"Bold"</b> })}
                <p>"Brand"</p> // i18n: not text
                <p>"After"</p>
            }
            let outside = "Not in a view";
        "##;
        assert_eq!(found(src), ["Raw \"text\" {", "After", "Bold"]);
    }

    #[test]
    fn a_handler_may_show_words_and_test_modules_are_skipped() {
        let src = r#"
            view! { <button on:click=move |_| toast.show("Saved")>{t!(lang, "save")}</button> }
            #[cfg(test)]
            mod tests {
                fn f() { view! { <p>"Fixture"</p> } }
            }
        "#;
        let offenders = offenders(src);
        assert_eq!(
            offenders,
            [Offender {
                line: 2,
                text: "Saved".into()
            }]
        );
    }
}
