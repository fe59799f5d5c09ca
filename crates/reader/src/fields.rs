//! Splitting text into lines and lines into fields.
//!
//! Registration files never hold a line break inside a field, so a record is one physical line and
//! every problem can name its line: an unclosed quote costs its own line, never the rest of the
//! file. Fields are borrowed from the text; only a quoted field with `""` escapes is copied, and
//! no field longer than the limit is ever copied.

use std::borrow::Cow;

/// At most this many fields of a line are kept; more are only counted (no real layout has 10).
pub const MAX_FIELDS: usize = 64;

/// Physical lines of a text with their 1-based numbers; `\r\n`, `\n` and `\r` all end a line.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: u32,
}

impl<'a> Lines<'a> {
    /// Lines of `text`, starting at byte `pos` which is the start of line `number`.
    pub fn starting_at(text: &'a str, pos: usize, number: u32) -> Self {
        Lines { text, pos, number }
    }

    /// Byte offset of the next line to be returned.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Number of the next line to be returned.
    pub fn next_number(&self) -> u32 {
        self.number
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (u32, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let rest = &bytes[start..];
        let (end, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => {
                (start + i, start + i + 2)
            }
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        self.pos = next;
        let number = self.number;
        self.number = self.number.saturating_add(1);
        // Line ends are ASCII, so both offsets are char boundaries.
        Some((number, &self.text[start..end]))
    }
}

/// A line that cannot be split into fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// A field opened with `"` is not closed before the end of the line.
    UnclosedQuote {
        /// Zero-based index of the field.
        field: usize,
    },
    /// A field is longer than the limit.
    TooLong {
        /// Zero-based index of the field.
        field: usize,
        /// Its length in bytes.
        len: usize,
    },
}

/// Splits one line into fields, keeping at most [`MAX_FIELDS`] of them in `out`, plus the first
/// non-blank field after them (so a caller can tell junk from trailing empty fields); returns the
/// total number of fields. Fields longer than `max_len` bytes are an error, found without copying.
pub fn split<'a>(
    line: &'a str,
    delimiter: u8,
    max_len: usize,
    out: &mut Vec<Cow<'a, str>>,
) -> Result<usize, FieldError> {
    out.clear();
    let bytes = line.as_bytes();
    let mut pos = 0;
    let mut count = 0;
    loop {
        let field = count;
        let (value, next) = if bytes.get(pos) == Some(&b'"') {
            quoted(line, pos, delimiter).ok_or(FieldError::UnclosedQuote { field })?
        } else {
            let end = memchr::memchr(delimiter, &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            (Cow::Borrowed(&line[pos..end]), end)
        };
        if value.len() > max_len {
            return Err(FieldError::TooLong {
                field,
                len: value.len(),
            });
        }
        if count < MAX_FIELDS || (out.len() == MAX_FIELDS && !value.trim().is_empty()) {
            out.push(value);
        }
        count += 1;
        if next >= bytes.len() {
            return Ok(count);
        }
        pos = next + 1; // skip the delimiter
    }
}

/// Reads a quoted field starting at the `"` at `start`; returns its value and the offset of the
/// delimiter (or end of line) after it. Text between the closing quote and the delimiter is kept.
fn quoted(line: &str, start: usize, delimiter: u8) -> Option<(Cow<'_, str>, usize)> {
    let bytes = line.as_bytes();
    let mut pos = start + 1;
    let mut owned: Option<String> = None;
    let mut piece_start = pos;
    loop {
        let rel = memchr::memchr(b'"', &bytes[pos..])?;
        let quote = pos + rel;
        if bytes.get(quote + 1) == Some(&b'"') {
            let text = owned.get_or_insert_with(String::new);
            text.push_str(&line[piece_start..=quote]);
            pos = quote + 2;
            piece_start = pos;
            continue;
        }
        let end =
            memchr::memchr(delimiter, &bytes[quote + 1..]).map_or(bytes.len(), |i| quote + 1 + i);
        let value = match owned {
            None if end == quote + 1 => Cow::Borrowed(&line[start + 1..quote]),
            None => Cow::Owned(format!(
                "{}{}",
                &line[start + 1..quote],
                &line[quote + 1..end]
            )),
            Some(mut text) => {
                text.push_str(&line[piece_start..quote]);
                text.push_str(&line[quote + 1..end]);
                Cow::Owned(text)
            }
        };
        return Some((value, end));
    }
}

/// Picks the delimiter of a file from its first line: the most frequent of `,` `;` and tab outside
/// quotes, `,` when there is none (Excel in many European locales saves with `;`).
pub fn detect_delimiter(first_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for b in first_line.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        delimiters[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Result<Vec<String>, FieldError> {
        let mut out = Vec::new();
        split(line, b',', 100, &mut out)?;
        Ok(out.into_iter().map(Cow::into_owned).collect())
    }

    #[test]
    fn lines_handle_crlf_lf_cr_and_no_final_break() {
        let lines: Vec<_> = Lines::starting_at("a\r\nb\nc\rd", 0, 1).collect();
        assert_eq!(lines, vec![(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
        let lines: Vec<_> = Lines::starting_at("a\r\n\r\n", 0, 1).collect();
        assert_eq!(lines, vec![(1, "a"), (2, "")]);
    }

    #[test]
    fn bare_and_quoted_fields() {
        assert_eq!(fields("a,,c").expect("ok"), ["a", "", "c"]);
        assert_eq!(
            fields("\"a,b\",\"say \"\"hi\"\"\",x").expect("ok"),
            ["a,b", "say \"hi\"", "x"]
        );
        assert_eq!(fields("\"\"").expect("ok"), [""]);
        assert_eq!(fields("a,").expect("ok"), ["a", ""]);
        assert_eq!(fields("\"ab\"c,d").expect("ok"), ["abc", "d"]);
    }

    #[test]
    fn unclosed_quote_and_long_field_are_errors() {
        assert_eq!(
            fields("a,\"bc"),
            Err(FieldError::UnclosedQuote { field: 1 })
        );
        let long = format!("a,{}", "x".repeat(101));
        assert_eq!(
            fields(&long),
            Err(FieldError::TooLong { field: 1, len: 101 })
        );
    }

    #[test]
    fn extra_fields_are_counted_not_kept() {
        let line = ",".repeat(MAX_FIELDS + 10);
        let mut out = Vec::new();
        assert_eq!(split(&line, b',', 10, &mut out), Ok(MAX_FIELDS + 11));
        assert_eq!(out.len(), MAX_FIELDS);
        let junk = format!("{}junk,more", ",".repeat(MAX_FIELDS + 5));
        assert_eq!(split(&junk, b',', 10, &mut out), Ok(MAX_FIELDS + 7));
        assert_eq!(
            out.len(),
            MAX_FIELDS + 1,
            "the first non-blank extra field is kept"
        );
        assert_eq!(out[MAX_FIELDS], "junk");
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(
            detect_delimiter("Device Serial Number,Windows Product ID,Hardware Hash"),
            b','
        );
        assert_eq!(
            detect_delimiter("Device Serial Number;Windows Product ID;Hardware Hash"),
            b';'
        );
        assert_eq!(detect_delimiter("\"a;b\",c"), b',');
        assert_eq!(detect_delimiter("nothing"), b',');
    }
}
