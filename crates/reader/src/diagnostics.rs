//! Problems found while reading registration files: errors as data with a stable identity.
//!
//! Every problem names its file, its line (none for file-level problems), a severity, a stable
//! [`Code`] that scripts and tests can rely on, and a plain-language message that says how to fix it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row (or the whole file) is left out of the registration.
    Error,
    /// The row is kept; the admin should still look at it.
    Warning,
}

impl Severity {
    /// The lowercase name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $severity:ident, $file_level:literal; )*) => {
        /// A stable identifier for a kind of problem. The text form (`missing-serial`, …) never
        /// changes once published: pipelines match on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case text of the code.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The severity this code always has.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// Whether the code concerns a whole file rather than one row.
            pub fn is_file_level(self) -> bool {
                match self { $( Code::$variant => $file_level, )* }
            }

            /// Parses the kebab-case text of a code.
            pub fn from_str_opt(text: &str) -> Option<Code> {
                match text { $( $text => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The bytes are not a text file in any encoding we read (binary, or broken beyond repair).
    UnreadableFile = "unreadable-file", Error, true;
    /// A required column (serial number, hardware hash, …) is not in the header.
    MissingColumn = "missing-column", Error, true;
    /// The file holds no device rows at all.
    NoDevices = "no-devices", Error, true;
    /// A column we do not know; its values are ignored.
    UnknownColumn = "unknown-column", Warning, true;
    /// The header line appears again further down (files concatenated); those lines are skipped.
    RepeatedHeader = "repeated-header", Warning, true;
    /// A header was accepted although its case or spacing differs from the documented one.
    HeaderNormalised = "header-normalised", Warning, true;
    /// Blank lines were skipped.
    BlankLines = "blank-lines", Warning, true;
    /// The serial number is blank.
    MissingSerial = "missing-serial", Error, false;
    /// The hardware hash is blank.
    MissingHash = "missing-hash", Error, false;
    /// A tuple row (no hash) lacks its manufacturer or model.
    MissingManufacturer = "missing-manufacturer", Error, false;
    /// The row has a different number of fields than the header.
    WrongFieldCount = "wrong-field-count", Error, false;
    /// A field is longer than any real value can be.
    FieldTooLong = "field-too-long", Error, false;
    /// A quoted field is not closed before the end of its line.
    UnclosedQuote = "unclosed-quote", Error, false;
    /// The hardware hash is not valid base64.
    HashNotBase64 = "hash-not-base64", Error, false;
    /// The decoded hardware hash does not have the OA3 layout.
    HashBadStructure = "hash-bad-structure", Error, false;
    /// The hardware hash's SHA-256 trailer does not match its contents.
    HashChecksumMismatch = "hash-checksum-mismatch", Error, false;
    /// The hardware hash carries no serial number.
    HashMissingSerial = "hash-missing-serial", Error, false;
    /// The hardware hash carries no manufacturer.
    HashMissingManufacturer = "hash-missing-manufacturer", Error, false;
    /// The same device (manufacturer + serial) already appears earlier in the upload.
    DuplicateDevice = "duplicate-device", Error, false;
    /// The Assigned User is not a well-formed UPN of one of the tenant's domains.
    InvalidUser = "invalid-user", Error, false;
    /// The hash's base64 padding was missing and has been added.
    HashPaddingFixed = "hash-padding-fixed", Warning, false;
    /// The serial number column differs from the serial inside the hardware hash.
    SerialMismatch = "serial-mismatch", Warning, false;
    /// The serial number has leading or trailing blanks.
    SerialWhitespace = "serial-whitespace", Warning, false;
    /// The serial number looks like Excel turned it into a number (`1.23457E+11`).
    SerialExcelMangled = "serial-excel-mangled", Warning, false;
    /// The firmware reports a placeholder (`To be filled by O.E.M.`, `SMBIOS_STRING_INDEX_0`)
    /// instead of a serial number: the machine or VM has none.
    SerialPlaceholder = "serial-placeholder", Error, false;
    /// The manufacturer or model column differs from what the hardware hash says.
    DeviceInfoMismatch = "device-info-mismatch", Warning, false;
    /// The row's group tag will be replaced by the managed-desktop tag on registration.
    GroupTagReplaced = "group-tag-replaced", Warning, false;
    /// The tenant's directory has no user with this Assigned User's name (found by the portal,
    /// which asks a real tenant's directory; the file alone cannot tell).
    UserNotFound = "user-not-found", Error, false;
    /// The Assigned User holds no licence (found by the portal, as [`Code::UserNotFound`]).
    UserUnlicensed = "user-unlicensed", Warning, false;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::from_str_opt(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown problem code `{text}`")))
    }
}

/// One problem found in an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file's name as the admin chose it.
    pub file: String,
    /// The line, counted from 1 with the header as line 1; `None` for file-level problems.
    pub line: Option<u32>,
    /// Error (row or file left out) or warning (kept).
    pub severity: Severity,
    /// Stable identity of the problem.
    pub code: Code,
    /// What is wrong and how to fix it, in plain language.
    pub message: String,
    /// The row's serial number as written, when the row has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
}

impl Problem {
    /// A problem about a whole file.
    pub fn file_level(file: &str, code: Code, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_owned(),
            line: None,
            severity: code.severity(),
            code,
            message: message.into(),
            serial: None,
        }
    }

    /// A problem about one row.
    pub fn row(
        file: &str,
        line: u32,
        serial: Option<&str>,
        code: Code,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_owned(),
            line: Some(line),
            severity: code.severity(),
            code,
            message: message.into(),
            serial: serial.filter(|s| !s.is_empty()).map(str::to_owned),
        }
    }

    /// Whether this problem leaves its row or file out.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.file, line)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(
            f,
            "{} [{}] {}",
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code text {code}");
            assert_eq!(Code::from_str_opt(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn issue_codes_have_their_required_severity_and_level() {
        let file_errors = ["unreadable-file", "missing-column", "no-devices"];
        let file_warnings = ["unknown-column", "repeated-header", "header-normalised"];
        let row_errors = [
            "missing-serial",
            "missing-hash",
            "wrong-field-count",
            "field-too-long",
            "hash-not-base64",
            "hash-bad-structure",
            "hash-checksum-mismatch",
            "hash-missing-serial",
            "hash-missing-manufacturer",
            "duplicate-device",
            "invalid-user",
            "serial-placeholder",
        ];
        let row_warnings = [
            "hash-padding-fixed",
            "serial-mismatch",
            "serial-whitespace",
            "serial-excel-mangled",
        ];
        let check = |names: &[&str], severity: Severity, file_level: bool| {
            for name in names {
                let code =
                    Code::from_str_opt(name).unwrap_or_else(|| panic!("missing code {name}"));
                assert_eq!(code.severity(), severity, "{name}");
                assert_eq!(code.is_file_level(), file_level, "{name}");
            }
        };
        check(&file_errors, Severity::Error, true);
        check(&file_warnings, Severity::Warning, true);
        check(&row_errors, Severity::Error, false);
        check(&row_warnings, Severity::Warning, false);
    }

    #[test]
    fn display_names_file_line_and_code() {
        let p = Problem::row("a.csv", 3, Some("X1"), Code::MissingHash, "fill it in");
        assert_eq!(p.to_string(), "a.csv:3: error [missing-hash] fill it in");
    }
}
