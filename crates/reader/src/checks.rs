//! The checks of one data row, each with the messages it writes beside its codes: every message
//! says what is wrong with this row and how to fix it (spec §2–3). `Importer::row` runs them in
//! order and keeps the row as a device when none found an error.

use crate::diagnostics::{Code, Problem, Severity};
use crate::{serial, upn};
use autopilot_hash::base64;
use autopilot_hash::base64::Base64Error;
use autopilot_hash::hardware_hash::{Damage, HashError, HashInfo};
use autopilot_i18n::{tr, Lang};
use autopilot_service::device::MANAGED_GROUP_TAG;
use std::borrow::Cow;

/// The problems of one row, pushed straight into the report as the checks find them.
pub(crate) struct Findings<'a> {
    problems: &'a mut Vec<Problem>,
    file: &'a str,
    line: u32,
    serial: &'a str,
    /// The language messages are written in.
    pub lang: Lang,
    /// Errors found so far: a row with any is left out.
    pub errors: usize,
}

impl<'a> Findings<'a> {
    /// Findings of line `line` of `file`, whose serial column says `serial`, told in `lang`.
    pub fn new(
        problems: &'a mut Vec<Problem>,
        file: &'a str,
        line: u32,
        serial: &'a str,
        lang: Lang,
    ) -> Self {
        Findings {
            problems,
            file,
            line,
            serial,
            lang,
            errors: 0,
        }
    }

    /// Records a problem of this row.
    pub fn add(&mut self, code: Code, message: String) {
        if code.severity() == Severity::Error {
            self.errors += 1;
        }
        self.problems.push(Problem::row(
            self.file,
            self.line,
            Some(self.serial.trim()),
            code,
            message,
        ));
    }
}

/// A row with a field more or less than its header.
pub(crate) fn wrong_field_count(
    found: &mut Findings<'_>,
    count: usize,
    expected: usize,
    header: &str,
) {
    let message = tr!(
        found.lang,
        "wrong-field-count",
        count = count,
        expected = expected,
        header = header
    );
    found.add(Code::WrongFieldCount, message);
}

/// What a valid hash says about its device.
pub(crate) struct FromHash<'t> {
    /// The hash to submit (padding added back when it was lost).
    pub text: Cow<'t, str>,
    /// SMBIOS manufacturer (record 16).
    pub manufacturer: String,
    /// SMBIOS product name (record 17), when the hash has one.
    pub model: Option<String>,
    /// SMBIOS serial (record 14).
    pub serial: String,
}

/// The Hardware Hash column: blank, undecodable, damaged, or valid (and then whether the row's
/// manufacturer and model agree with it).
pub(crate) fn hash<'t>(
    found: &mut Findings<'_>,
    text: &'t str,
    decoded: impl FnOnce() -> Result<HashInfo, HashError>,
    row_manufacturer: &str,
    row_model: &str,
) -> Option<FromHash<'t>> {
    if text.is_empty() {
        let message = tr!(found.lang, "missing-hash");
        found.add(Code::MissingHash, message);
        return None;
    }
    let info = match decoded() {
        Ok(info) => info,
        Err(err) => {
            let code = match err {
                HashError::NotBase64(_) => Code::HashNotBase64,
                HashError::BadStructure(_) => Code::HashBadStructure,
                HashError::ChecksumMismatch => Code::HashChecksumMismatch,
                HashError::MissingSerial => Code::HashMissingSerial,
                HashError::MissingManufacturer => Code::HashMissingManufacturer,
            };
            let fix = match code {
                Code::HashMissingSerial | Code::HashMissingManufacturer => {
                    tr!(found.lang, "hash-fix-firmware")
                }
                _ => tr!(found.lang, "hash-fix-capture"),
            };
            let message = format!("{} {fix}", hash_error(found.lang, &err));
            found.add(code, message);
            return None;
        }
    };
    let text = if info.padding_fixed {
        let message = tr!(found.lang, "hash-padding-fixed");
        found.add(Code::HashPaddingFixed, message);
        Cow::Owned(base64::with_padding(text))
    } else {
        Cow::Borrowed(text)
    };
    let (hash_maker, hash_model) = (info.manufacturer.trim(), info.model.trim());
    if (!row_manufacturer.is_empty() && !row_manufacturer.eq_ignore_ascii_case(hash_maker))
        || (!row_model.is_empty()
            && !hash_model.is_empty()
            && !row_model.eq_ignore_ascii_case(hash_model))
    {
        let message = tr!(
            found.lang,
            "device-info-mismatch",
            row = format!("{row_manufacturer} {row_model}"),
            hash = format!("{hash_maker} {hash_model}")
        );
        found.add(Code::DeviceInfoMismatch, message);
    }
    let has_model = !hash_model.is_empty();
    Some(FromHash {
        text,
        manufacturer: trimmed(info.manufacturer),
        model: has_model.then(|| trimmed(info.model)),
        serial: trimmed(info.serial),
    })
}

/// A row without a hash (manufacturer, model, serial) must give all three.
pub(crate) fn tuple(found: &mut Findings<'_>, manufacturer: &str, model: &str) {
    if manufacturer.is_empty() || model.is_empty() {
        let message = if manufacturer.is_empty() {
            tr!(found.lang, "tuple-missing-manufacturer")
        } else {
            tr!(found.lang, "tuple-missing-model")
        };
        found.add(Code::MissingManufacturer, message);
    }
}

/// The serial column, as written: blank, blanks around it, mangled by Excel, or not the serial
/// the hash holds.
pub(crate) fn serial_number(found: &mut Findings<'_>, text: &str, in_hash: Option<&str>) {
    let trimmed = text.trim();
    // A placeholder in the column, or in the hash behind a blank column: the device has no
    // serial, and copying the placeholder would not give it one.
    let placeholder = [Some(trimmed), in_hash]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|s| !s.is_empty() && serial::is_placeholder(s));
    if let Some(placeholder) = placeholder {
        let message = tr!(found.lang, "serial-placeholder", placeholder = placeholder);
        found.add(Code::SerialPlaceholder, message);
        return;
    }
    if trimmed.is_empty() {
        let message = match in_hash {
            Some(s) => tr!(found.lang, "serial-blank-in-hash", serial = s),
            None => tr!(found.lang, "serial-blank"),
        };
        found.add(Code::MissingSerial, message);
        return;
    }
    if serial::has_outer_whitespace(text) {
        let message = tr!(found.lang, "serial-whitespace", serial = text);
        found.add(Code::SerialWhitespace, message);
    }
    if serial::looks_excel_mangled(text) {
        let message = tr!(found.lang, "serial-excel-mangled", serial = trimmed);
        found.add(Code::SerialExcelMangled, message);
    }
    if let Some(in_hash) = in_hash.filter(|s| *s != trimmed) {
        let message = if serial::lost_leading_zeros(trimmed, in_hash) {
            tr!(
                found.lang,
                "serial-mismatch-zeros",
                serial = trimmed,
                hash = in_hash
            )
        } else {
            tr!(
                found.lang,
                "serial-mismatch",
                serial = trimmed,
                hash = in_hash
            )
        };
        found.add(Code::SerialMismatch, message);
    }
}

/// The Assigned User: a UPN in one of the tenant's domains, when those are known.
pub(crate) fn user(found: &mut Findings<'_>, user: &str, domains: Option<&[String]>) {
    if user.is_empty() {
        return;
    }
    if let Err(err) = upn::check(user, domains) {
        let lang = found.lang;
        let message = match err {
            upn::UpnError::Malformed(why) => match why {
                upn::Malformed::Blanks => tr!(lang, "user-malformed-blanks", user = user),
                upn::Malformed::NoAt => tr!(lang, "user-malformed-no-at", user = user),
                upn::Malformed::LocalLength => {
                    tr!(lang, "user-malformed-local-length", user = user)
                }
                upn::Malformed::LocalCharacters => {
                    tr!(lang, "user-malformed-local-characters", user = user)
                }
                upn::Malformed::Domain => tr!(lang, "user-malformed-domain", user = user),
            },
            upn::UpnError::UnknownDomain(domain) => tr!(
                lang,
                "user-unknown-domain",
                user = user,
                domain = domain,
                domains = domains.unwrap_or_default().join(", ")
            ),
        };
        found.add(Code::InvalidUser, message);
    }
}

/// A group tag of the file's own is replaced by the managed one (spec §4).
pub(crate) fn group_tag(found: &mut Findings<'_>, tag: &str) {
    if !tag.is_empty() && tag != MANAGED_GROUP_TAG {
        let message = tr!(
            found.lang,
            "group-tag-replaced",
            tag = tag,
            managed = MANAGED_GROUP_TAG
        );
        found.add(Code::GroupTagReplaced, message);
    }
}

/// The same device twice in the upload: where it was first.
pub(crate) fn duplicate_message(
    lang: Lang,
    device: &str,
    first_line: u32,
    first_file: Option<&str>,
) -> String {
    match first_file {
        None => tr!(lang, "duplicate-device", device = device, line = first_line),
        Some(file) => tr!(
            lang,
            "duplicate-device-in-file",
            device = device,
            line = first_line,
            file = file
        ),
    }
}

/// What is wrong with a hash that could not be read, in `lang`.
fn hash_error(lang: Lang, err: &HashError) -> String {
    match err {
        HashError::NotBase64(Base64Error::BadCharacter {
            position,
            character,
        }) => tr!(
            lang,
            "hash-bad-character",
            position = position + 1,
            character = format!("{character:?}")
        ),
        HashError::NotBase64(Base64Error::Truncated) => tr!(lang, "hash-truncated"),
        HashError::NotBase64(Base64Error::BadPadding) => tr!(lang, "hash-bad-padding"),
        HashError::BadStructure(Damage::Signature) => tr!(lang, "hash-damaged-signature"),
        HashError::BadStructure(Damage::Length) => tr!(lang, "hash-damaged-length"),
        HashError::BadStructure(Damage::RecordHeader) => tr!(lang, "hash-damaged-record-header"),
        HashError::BadStructure(Damage::RecordLength) => tr!(lang, "hash-damaged-record-length"),
        HashError::BadStructure(Damage::Trailer) => tr!(lang, "hash-damaged-trailer"),
        HashError::ChecksumMismatch => tr!(lang, "hash-checksum-mismatch"),
        HashError::MissingSerial => tr!(lang, "hash-missing-serial"),
        HashError::MissingManufacturer => tr!(lang, "hash-missing-manufacturer"),
    }
}

/// `text` without its outer whitespace, reusing its buffer when there is none.
pub(crate) fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_owned()
    }
}
