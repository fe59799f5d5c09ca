//! The checks of one data row, each with the messages it writes beside its codes: every message
//! says what is wrong with this row and how to fix it (spec §2–3). `Importer::row` runs them in
//! order and keeps the row as a device when none found an error.

use crate::diagnostics::{Code, Problem, Severity};
use crate::{serial, upn};
use autopilot_hash::base64;
use autopilot_hash::hardware_hash::{HashError, HashInfo};
use autopilot_service::device::MANAGED_GROUP_TAG;
use std::borrow::Cow;

/// The problems of one row, pushed straight into the report as the checks find them.
pub(crate) struct Findings<'a> {
    problems: &'a mut Vec<Problem>,
    file: &'a str,
    line: u32,
    serial: &'a str,
    /// Errors found so far: a row with any is left out.
    pub errors: usize,
}

impl<'a> Findings<'a> {
    /// Findings of line `line` of `file`, whose serial column says `serial`.
    pub fn new(problems: &'a mut Vec<Problem>, file: &'a str, line: u32, serial: &'a str) -> Self {
        Findings {
            problems,
            file,
            line,
            serial,
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
    found.add(
        Code::WrongFieldCount,
        format!("This line has {count} fields but the header has {expected}. A comma is missing or extra; compare it with the header `{header}`."),
    );
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
        found.add(
            Code::MissingHash,
            "The hardware hash is blank. Run Get-WindowsAutoPilotInfo on this device again and copy the whole Hardware Hash value.".to_owned(),
        );
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
                Code::HashMissingSerial | Code::HashMissingManufacturer => "The device's firmware (SMBIOS) lacks it: ask the manufacturer to set it, then capture the hash again.",
                _ => "Capture the hash again on the device with Get-WindowsAutoPilotInfo and copy the whole value; do not edit it.",
            };
            found.add(code, format!("{}. {fix}", capitalise(&err.to_string())));
            return None;
        }
    };
    let text = if info.padding_fixed {
        found.add(
            Code::HashPaddingFixed,
            "The hardware hash lacked its '=' padding at the end (an editor or a copy cut it); it was added, so the hash will be accepted.".to_owned(),
        );
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
        found.add(
            Code::DeviceInfoMismatch,
            format!("The row says {row_manufacturer} {row_model} but the hardware hash says {hash_maker} {hash_model}; the hash's values are used. Check that the row belongs to this device."),
        );
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
        let which = if manufacturer.is_empty() {
            "manufacturer"
        } else {
            "model"
        };
        found.add(
            Code::MissingManufacturer,
            format!("The {which} is blank. A row without a hardware hash must give manufacturer, model and serial exactly as the device's firmware reports them."),
        );
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
        found.add(
            Code::SerialPlaceholder,
            format!(
                "The machine reports \"{placeholder}\" instead of a serial number: it has none, and every such machine would register as the same device. Give it one, then capture the hash again: for a virtual machine in its settings (Hyper-V and VMware set one by default; on QEMU or Proxmox add -smbios type=1,serial=<serial>), for a physical device in its firmware (the manufacturer's BIOS tool)."
            ),
        );
        return;
    }
    if trimmed.is_empty() {
        let hint = match in_hash {
            Some(s) => {
                format!(" The hardware hash says it is \"{s}\"; copy that into the serial column.")
            }
            None => " Read it off the device's label or its firmware (wmic bios get serialnumber)."
                .to_owned(),
        };
        found.add(
            Code::MissingSerial,
            format!("The serial number is blank.{hint}"),
        );
        return;
    }
    if serial::has_outer_whitespace(text) {
        found.add(
            Code::SerialWhitespace,
            format!("The serial number \"{text}\" has blanks before or after it. It is kept exactly as written; remove the blanks unless the device's firmware really has them."),
        );
    }
    if serial::looks_excel_mangled(text) {
        found.add(
            Code::SerialExcelMangled,
            format!("The serial number \"{trimmed}\" looks like Excel turned it into a number. Open the original export in a text editor, not Excel, and copy the real serial."),
        );
    }
    if let Some(in_hash) = in_hash.filter(|s| *s != trimmed) {
        let why = if serial::lost_leading_zeros(trimmed, in_hash) {
            " Its leading zeros were lost, probably by Excel."
        } else {
            " The row may mix up two devices."
        };
        found.add(
            Code::SerialMismatch,
            format!("The serial column says \"{trimmed}\" but the hardware hash says \"{in_hash}\".{why} Check the row before registering."),
        );
    }
}

/// The Assigned User: a UPN in one of the tenant's domains, when those are known.
pub(crate) fn user(found: &mut Findings<'_>, user: &str, domains: Option<&[String]>) {
    if user.is_empty() {
        return;
    }
    if let Err(err) = upn::check(user, domains) {
        let what = err.explain(user, domains.unwrap_or_default());
        let message = match err {
            upn::UpnError::Malformed(_) => format!(
                "{what} Write it as name@yourdomain.com, or leave the cell empty."
            ),
            upn::UpnError::UnknownDomain(_) => format!(
                "{what} A wrong user can lock the device out: fix the address or leave the cell empty."
            ),
        };
        found.add(Code::InvalidUser, message);
    }
}

/// A group tag of the file's own is replaced by the managed one (spec §4).
pub(crate) fn group_tag(found: &mut Findings<'_>, tag: &str) {
    if !tag.is_empty() && tag != MANAGED_GROUP_TAG {
        found.add(
            Code::GroupTagReplaced,
            format!("The group tag \"{tag}\" will be replaced by {MANAGED_GROUP_TAG}: Managed Desktop assigns its own tag to every device it registers."),
        );
    }
}

/// The same device twice in the upload: where it was first.
pub(crate) fn duplicate_message(device: &str, first_line: u32, first_file: Option<&str>) -> String {
    match first_file {
        None => format!("This is the same device ({device}) as line {first_line}. Remove one of the two rows; the service refuses a device listed twice."),
        Some(file) => format!("This is the same device ({device}) as line {first_line} of {file}. Remove one of the two rows; the service refuses a device listed twice."),
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

/// `text` with its first letter upper case.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
