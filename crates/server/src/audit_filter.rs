//! The `$filter` the audit log understands, as Intune's does: comparisons of `activityDateTime`
//! (`ge`, `gt`, `le`, `lt`, `eq` with an ISO 8601 UTC time) and `actor/userPrincipalName eq
//! 'name'`, joined with `and`. Anything else is refused with a message that says so.

use crate::filter::{tokenize, Token};
use autopilot_api::audit::parse_iso_real;
use autopilot_service::device::RealTime;

const MAX_LEN: usize = 1_000;
const MAX_CONDITIONS: usize = 16;

/// How a time is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// `ge`.
    AtOrAfter,
    /// `gt`.
    After,
    /// `le`.
    AtOrBefore,
    /// `lt`.
    Before,
    /// `eq`.
    At,
}

impl Compare {
    /// The SQL operator.
    pub fn sql(self) -> &'static str {
        match self {
            Compare::AtOrAfter => ">=",
            Compare::After => ">",
            Compare::AtOrBefore => "<=",
            Compare::Before => "<",
            Compare::At => "=",
        }
    }
}

/// One condition of an audit `$filter`; all must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `activityDateTime <op> <time>`.
    Time(Compare, RealTime),
    /// `actor/userPrincipalName eq '<name>'`, compared without case.
    Actor(String),
}

/// Reads an audit `$filter` into its conditions, or says what is wrong and what is supported.
pub fn parse(text: &str) -> Result<Vec<Condition>, String> {
    let explain = |why: String| {
        format!(
            "{why} Supported: activityDateTime ge|gt|le|lt|eq 2026-12-01T00:00:00Z and \
             actor/userPrincipalName eq 'name', joined with and."
        )
    };
    if text.len() > MAX_LEN {
        return Err(explain(format!(
            "The $filter is longer than {MAX_LEN} characters."
        )));
    }
    let tokens = tokenize(text).map_err(|e| explain(e.0))?;
    let mut conditions = Vec::new();
    let mut rest = tokens.as_slice();
    loop {
        let (condition, after) = match rest {
            [Token::Word(p), Token::Word(op), Token::Literal(t), after @ ..]
                if p.eq_ignore_ascii_case("activityDateTime") =>
            {
                let compare = match op.to_ascii_lowercase().as_str() {
                    "ge" => Compare::AtOrAfter,
                    "gt" => Compare::After,
                    "le" => Compare::AtOrBefore,
                    "lt" => Compare::Before,
                    "eq" => Compare::At,
                    _ => {
                        return Err(explain(format!(
                            "activityDateTime cannot be compared with {op}."
                        )))
                    }
                };
                let at = parse_iso_real(t).ok_or_else(|| {
                    explain(format!(
                        "{t} is not a UTC time such as 2026-12-01T00:00:00Z."
                    ))
                })?;
                (Condition::Time(compare, at), after)
            }
            [Token::Word(p), Token::Word(op), Token::Text(name), after @ ..]
                if p.eq_ignore_ascii_case("actor/userPrincipalName")
                    && op.eq_ignore_ascii_case("eq") =>
            {
                (Condition::Actor(name.clone()), after)
            }
            [first, ..] => return Err(explain(format!("Unexpected {first} in $filter."))),
            [] => return Err(explain("The $filter is empty or ends early.".into())),
        };
        conditions.push(condition);
        if conditions.len() > MAX_CONDITIONS {
            return Err(explain(format!(
                "A $filter holds at most {MAX_CONDITIONS} conditions."
            )));
        }
        match after {
            [] => return Ok(conditions),
            [Token::Word(and), more @ ..] if and.eq_ignore_ascii_case("and") => rest = more,
            [other, ..] => {
                return Err(explain(format!(
                    "Expected and, found {other}; or, not and parentheses are not supported here."
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_actors_are_read() {
        let c = parse(
            "activityDateTime ge 2026-12-01T00:00:00Z and actor/userPrincipalName eq 'Megan@Contoso.com' and activityDateTime lt 2026-12-02T00:00:00.5Z",
        )
        .expect("parses");
        assert_eq!(
            c,
            vec![
                Condition::Time(Compare::AtOrAfter, RealTime(1_796_083_200_000)),
                Condition::Actor("Megan@Contoso.com".into()),
                Condition::Time(Compare::Before, RealTime(1_796_169_600_500)),
            ]
        );
    }

    #[test]
    fn anything_else_is_refused_with_what_is_supported() {
        for bad in [
            "",
            "activityDateTime ge '2026-12-01T00:00:00Z'",
            "activityDateTime ge 2026-13-01T00:00:00Z",
            "activityDateTime ne 2026-12-01T00:00:00Z",
            "actor/userPrincipalName ne 'a'",
            "actor/userPrincipalName eq 'a' or actor/userPrincipalName eq 'b'",
            "(actor/userPrincipalName eq 'a')",
            "contains(activity,'Import')",
            "actor/userPrincipalName eq 'a' and",
        ] {
            let error = parse(bad).expect_err(bad);
            assert!(error.contains("Supported:"), "{bad}: {error}");
        }
        let many = vec!["actor/userPrincipalName eq 'a'"; 20].join(" and ");
        assert!(parse(&many).expect_err("too many").contains("at most"));
    }
}
