//! The part of OData `$filter` the device list understands: `contains`, `startswith` and
//! `endswith` on text properties, `eq`/`ne` on any property, combined with `and`, `or`, `not` and
//! parentheses. Anything else is refused with a message that says what is supported.

use std::fmt;

/// Properties a filter can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `id`.
    Id,
    /// `serialNumber`.
    SerialNumber,
    /// `userPrincipalName`.
    UserPrincipalName,
    /// `manufacturer`.
    Manufacturer,
    /// `model`.
    Model,
    /// `groupTag`.
    GroupTag,
    /// `enrollmentState`.
    EnrollmentState,
}

impl Field {
    const ALL: [(&'static str, Field); 7] = [
        ("id", Field::Id),
        ("serialNumber", Field::SerialNumber),
        ("userPrincipalName", Field::UserPrincipalName),
        ("manufacturer", Field::Manufacturer),
        ("model", Field::Model),
        ("groupTag", Field::GroupTag),
        ("enrollmentState", Field::EnrollmentState),
    ];

    fn parse(name: &str) -> Option<Field> {
        Field::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Contains(Field, String),
    StartsWith(Field, String),
    EndsWith(Field, String),
    Eq(Field, String),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

/// A parsed `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Expr);

/// Why a `$filter` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError(pub String);

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} Supported: contains(p,'text'), startswith(p,'text'), endswith(p,'text'), p eq 'text', \
             p ne 'text', joined with and, or, not and parentheses; p is one of id, serialNumber, \
             userPrincipalName, manufacturer, model, groupTag, enrollmentState.",
            self.0
        )
    }
}

const MAX_LEN: usize = 2_000;
const MAX_DEPTH: usize = 32;

impl Filter {
    /// Parses a `$filter` value.
    pub fn parse(text: &str) -> Result<Filter, FilterError> {
        if text.len() > MAX_LEN {
            return Err(FilterError(format!(
                "The $filter is longer than {MAX_LEN} characters."
            )));
        }
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, at: 0 };
        let expr = parser.or(0)?;
        match parser.tokens.get(parser.at) {
            None => Ok(Filter(expr)),
            Some(t) => Err(FilterError(format!("Unexpected {t} in $filter."))),
        }
    }

    /// Whether a device matches; `value` gives a property's value. Text comparisons ignore
    /// case, as Graph's do.
    pub fn matches<'a>(&self, value: &impl Fn(Field) -> &'a str) -> bool {
        eval(&self.0, value)
    }
}

fn eval<'a>(expr: &Expr, value: &impl Fn(Field) -> &'a str) -> bool {
    let lower = |f: Field| value(f).to_lowercase();
    match expr {
        Expr::Contains(f, s) => lower(*f).contains(s.as_str()),
        Expr::StartsWith(f, s) => lower(*f).starts_with(s.as_str()),
        Expr::EndsWith(f, s) => lower(*f).ends_with(s.as_str()),
        Expr::Eq(f, s) => lower(*f) == *s,
        Expr::Not(e) => !eval(e, value),
        Expr::And(a, b) => eval(a, value) && eval(b, value),
        Expr::Or(a, b) => eval(a, value) || eval(b, value),
    }
}

/// A `$filter` token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A name: a property (`actor/userPrincipalName` with its path), function or keyword.
    Word(String),
    /// A string in single quotes, unescaped.
    Text(String),
    /// A bare literal starting with a digit: a number or a timestamp (`2026-12-01T00:00:00Z`).
    Literal(String),
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `,`.
    Comma,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Word(w) => write!(f, "'{w}'"),
            Token::Text(t) => write!(f, "the string '{t}'"),
            Token::Literal(l) => write!(f, "{l}"),
            Token::Open => f.write_str("'('"),
            Token::Close => f.write_str("')'"),
            Token::Comma => f.write_str("','"),
        }
    }
}

/// The tokens of a `$filter`.
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' => tokens.push(Token::Open),
            ')' => tokens.push(Token::Close),
            ',' => tokens.push(Token::Comma),
            '\'' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, '\'')) if chars.peek().map(|p| p.1) == Some('\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        Some((_, '\'')) => break,
                        Some((_, c)) => s.push(c),
                        None => {
                            return Err(FilterError(
                                "A string in $filter is not closed with '.".into(),
                            ))
                        }
                    }
                }
                tokens.push(Token::Text(s));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' || d == '/' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(text[i..end].to_owned()));
            }
            c if c.is_ascii_digit() => {
                let mut end = i + 1;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || matches!(d, ':' | '.' | '-' | '+') {
                        end = j + 1;
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Literal(text[i..end].to_owned()));
            }
            other => {
                return Err(FilterError(format!(
                    "Unexpected character {other:?} in $filter."
                )))
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn keyword(&mut self, word: &str) -> bool {
        match self.tokens.get(self.at) {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(word) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    fn expect(&mut self, want: Token, what: &str) -> Result<(), FilterError> {
        match self.next() {
            Some(t) if t == want => Ok(()),
            Some(t) => Err(FilterError(format!("Expected {what}, found {t}."))),
            None => Err(FilterError(format!(
                "Expected {what}; the $filter ends early."
            ))),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, FilterError> {
        if depth > MAX_DEPTH {
            return Err(FilterError("The $filter is nested too deeply.".into()));
        }
        let mut left = self.and(depth)?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, FilterError> {
        let mut left = self.unary(depth)?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.unary(depth)?));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, FilterError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        match self.next() {
            Some(Token::Open) => {
                let e = self.or(depth + 1)?;
                self.expect(Token::Close, "')'")?;
                Ok(e)
            }
            Some(Token::Word(word)) => {
                let function = word.to_ascii_lowercase();
                if matches!(function.as_str(), "contains" | "startswith" | "endswith") {
                    self.expect(Token::Open, "'(' after the function name")?;
                    let field = self.field()?;
                    self.expect(Token::Comma, "','")?;
                    let text = self.text()?.to_lowercase();
                    self.expect(Token::Close, "')'")?;
                    return Ok(match function.as_str() {
                        "contains" => Expr::Contains(field, text),
                        "startswith" => Expr::StartsWith(field, text),
                        _ => Expr::EndsWith(field, text),
                    });
                }
                let field = Field::parse(&word).ok_or_else(|| unknown(&word))?;
                let negate = if self.keyword("eq") {
                    false
                } else if self.keyword("ne") {
                    true
                } else {
                    return Err(FilterError(format!(
                        "Only eq and ne can compare {word}; other operators are not supported."
                    )));
                };
                let e = Expr::Eq(field, self.text()?.to_lowercase());
                Ok(if negate { Expr::Not(Box::new(e)) } else { e })
            }
            Some(t) => Err(FilterError(format!("Unexpected {t} in $filter."))),
            None => Err(FilterError("The $filter is empty or ends early.".into())),
        }
    }

    fn field(&mut self) -> Result<Field, FilterError> {
        match self.next() {
            Some(Token::Word(w)) => Field::parse(&w).ok_or_else(|| unknown(&w)),
            Some(t) => Err(FilterError(format!("Expected a property, found {t}."))),
            None => Err(FilterError(
                "Expected a property; the $filter ends early.".into(),
            )),
        }
    }

    fn text(&mut self) -> Result<String, FilterError> {
        match self.next() {
            Some(Token::Text(s)) => Ok(s),
            Some(t) => Err(FilterError(format!(
                "Expected a string in single quotes, found {t}."
            ))),
            None => Err(FilterError(
                "Expected a string in single quotes; the $filter ends early.".into(),
            )),
        }
    }
}

fn unknown(word: &str) -> FilterError {
    FilterError(format!(
        "'{word}' is not a function or property the filter supports."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(filter: &str, serial: &str, user: &str, state: &str) -> bool {
        let f = Filter::parse(filter).expect("parses");
        f.matches(&|field| match field {
            Field::SerialNumber => serial,
            Field::UserPrincipalName => user,
            Field::EnrollmentState => state,
            _ => "",
        })
    }

    #[test]
    fn supported_forms_match_like_graph() {
        assert!(check("contains(serialNumber,'cg0')", "5CG0ABC", "", ""));
        assert!(!check("contains(serialNumber,'xyz')", "5CG0ABC", "", ""));
        assert!(check("startswith(serialNumber,'5cg')", "5CG0ABC", "", ""));
        assert!(!check("startswith(serialNumber,'CG')", "5CG0ABC", "", ""));
        assert!(check("enrollmentState eq 'enrolled'", "", "", "enrolled"));
        assert!(check("enrollmentState ne 'enrolled'", "", "", "failed"));
        assert!(check(
            "(contains(serialNumber,'zz') or contains(userPrincipalName,'megan')) and enrollmentState eq 'notContacted'",
            "5CG0ABC",
            "megan.bowen@contoso.com",
            "notContacted"
        ));
        assert!(check("not contains(serialNumber,'o''brien')", "X", "", ""));
        assert!(check("contains(serialNumber,'o''b')", "O'Brien", "", ""));
    }

    #[test]
    fn unsupported_forms_are_refused_with_a_reason() {
        for bad in [
            "",
            "serialNumber gt 'a'",
            "contains(color,'red')",
            "substringof('a',serialNumber)",
            "contains(serialNumber,'a'",
            "contains(serialNumber,'a') and",
            "serialNumber eq 5",
            "contains(serialNumber,'a') extra",
            "'unterminated",
            "id eq 'a' ; drop",
        ] {
            let error = Filter::parse(bad).expect_err(bad);
            assert!(error.to_string().contains("Supported:"), "{bad}: {error}");
        }
        let deep = "(".repeat(100) + "id eq 'a'" + &")".repeat(100);
        assert!(Filter::parse(&deep).is_err());
    }
}
