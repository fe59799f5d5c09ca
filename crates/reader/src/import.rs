//! Reading one or more registration files into devices ready to register, plus every problem.
//!
//! The reader is incremental: [`Importer::open`] decodes a file, [`Importer::read`] handles a
//! bounded number of lines, so a browser can show progress and stay responsive between calls.
//! [`Importer::add_file`] and [`read_files`] do it all at once for native callers.

use crate::checks::{self, Findings};
use crate::checksums::{self, Checksums};
use crate::diagnostics::{Code, Problem, Severity};
use crate::duplicates::Duplicates;
use crate::encoding::{self, DecodeError, Encoding};
use crate::fields::{self, FieldError, Lines};
use crate::header::{documented_name, Column, Header, Layout};
use autopilot_hash::hardware_hash::{self, HashError, HashInfo, Structure};
use autopilot_hash::{base64, sha256x4};
use autopilot_i18n::{tr, Lang};
use autopilot_service::device::{DeviceKey, Source};
use autopilot_service::service::Submission;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Longest field accepted, in bytes. Real hashes are at most about 4,100 characters; anything
/// this long is a damaged or wrong file, and is reported without being copied.
pub const MAX_FIELD_LEN: usize = 32 * 1024;

/// A device that passed every check and can be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedDevice {
    /// The file it came from.
    pub file: String,
    /// Its line in that file (header = line 1).
    pub line: u32,
    /// Serial number exactly as written in the file.
    pub serial: String,
    /// Manufacturer: from the hash when there is one, else from the row.
    pub manufacturer: String,
    /// Model: from the hash when there is one, else from the row (may be empty).
    pub model: String,
    /// Group tag as written in the file (registration replaces it, see [`MANAGED_GROUP_TAG`]).
    pub group_tag: String,
    /// Assigned user's UPN, empty when none.
    pub assigned_user: String,
    /// The hardware hash, with its padding fixed; `None` for tuple rows.
    pub hardware_hash: Option<String>,
}

/// What the registration service takes of a device read from a file: the file and line go along,
/// so a failure can name them.
impl From<&ImportedDevice> for Submission {
    fn from(d: &ImportedDevice) -> Self {
        Submission {
            serial: d.serial.clone(),
            manufacturer: d.manufacturer.clone(),
            model: d.model.clone(),
            assigned_user: d.assigned_user.clone(),
            hardware_hash: d.hardware_hash.clone(),
            source: Some(Source {
                file: d.file.clone(),
                line: d.line,
            }),
        }
    }
}

/// What was learnt about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    /// Name used in problems (made unique when two files share a name).
    pub name: String,
    /// Detected encoding; `None` when unreadable.
    pub encoding: Option<Encoding>,
    /// Detected layout; `None` when no header was understood.
    pub layout: Option<Layout>,
    /// Device rows seen (blank lines and headers excluded).
    pub rows: u32,
    /// Rows accepted as devices.
    pub devices: u32,
}

/// Everything learnt from an upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Devices that can be registered, in file order.
    pub devices: Vec<ImportedDevice>,
    /// Every problem, sorted by file then line; file-level problems first within a file.
    pub problems: Vec<Problem>,
    /// One summary per file, in the order given.
    pub files: Vec<FileSummary>,
}

impl ImportReport {
    /// Number of problems with this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// Whether some file could not be read at all (not text in any encoding Windows writes).
    pub fn has_unreadable_file(&self) -> bool {
        self.problems.iter().any(|p| p.code == Code::UnreadableFile)
    }

    /// Whether some file gives no device whatever its rows hold: unreadable, or without a
    /// column every row needs.
    pub fn has_unusable_file(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.code == Code::UnreadableFile || p.code == Code::MissingColumn)
    }

    /// Rows left out because of an error: each (file, line) once, however many errors it has.
    pub fn rows_left_out(&self) -> usize {
        let mut rows: Vec<(&str, u32)> = self
            .problems
            .iter()
            .filter(|p| p.is_error())
            .filter_map(|p| p.line.map(|l| (p.file.as_str(), l)))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows.len()
    }

    /// Exit status for command-line use: 0 when no error, 1 when some row or file has one,
    /// 2 when a file could not be read at all.
    pub fn exit_code(&self) -> i32 {
        if self.has_unreadable_file() {
            2
        } else if self.count(Severity::Error) > 0 {
            1
        } else {
            0
        }
    }
}

/// Settings of a read.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The tenant's domains; when given, an Assigned User must be in one of them.
    pub tenant_domains: Option<Vec<String>>,
    /// Longest accepted field in bytes.
    pub max_field_len: usize,
    /// The language of the problems' messages (their codes are the same in every language).
    pub lang: Lang,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            tenant_domains: None,
            max_field_len: MAX_FIELD_LEN,
            lang: Lang::En,
        }
    }
}

/// A decoded file being read, created by [`Importer::open`].
#[derive(Debug)]
pub struct OpenFile {
    index: usize,
    text: String,
    pos: usize,
    next_line: u32,
    delimiter: u8,
    header: Option<Header>,
    blank_lines: u32,
    repeated_headers: Vec<u32>,
    unusable: bool,
    done: bool,
    /// Checksums a second reader computed for part of this file ([`crate::checksums`]).
    checksums: Option<Checksums>,
}

impl OpenFile {
    /// Where a second reader's part of this file starts ([`checksums::second_part`]).
    pub fn second_part(&self) -> usize {
        checksums::second_part(&self.text)
    }

    /// Takes the checksums a second reader computed for this file: rows read from now on whose
    /// hash they cover are not hashed again.
    pub fn use_checksums(&mut self, checksums: Checksums) {
        self.checksums = Some(checksums);
    }

    /// Bytes of decoded text read so far and in all, for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (self.pos, self.text.len())
    }

    /// Whether the whole file has been read.
    pub fn is_done(&self) -> bool {
        self.done
    }
}

/// Reads files one after another into one merged set of devices, as the admin's merge step would.
#[derive(Debug, Default)]
pub struct Importer {
    options: ImportOptions,
    devices: Vec<ImportedDevice>,
    problems: Vec<Problem>,
    files: Vec<FileSummary>,
    duplicates: Duplicates,
    scratch: Vec<u8>,
    /// The decoded hashes of the rows waiting for their checksums, one buffer per row of a batch.
    blobs: Vec<Vec<u8>>,
}

/// Rows whose hashes are checked up to their checksums before the SHA-256s are computed together
/// (four at a time in the browser, see [`sha256x4`]); at most this many wait.
pub(crate) const BATCH: usize = 32;

/// A data row whose hash passed every check before the checksum, waiting for its SHA-256. Its
/// problems are reported, in order, once the batch's checksums are known.
struct Pending<'t> {
    number: u32,
    cells: Vec<Cow<'t, str>>,
    count: usize,
    structure: Structure,
    padding_fixed: bool,
    /// The checksum, when a second reader computed it.
    digest: Option<[u8; 32]>,
}

/// How far a data row's hash was checked before the row is handled.
enum Precheck {
    /// Valid up to its checksum; the blob is in the row's batch buffer. With the checksum when a
    /// second reader computed it.
    Pending(Structure, bool, Option<[u8; 32]>),
    /// Nothing to wait for: the row has no hash to check (its problems say why), or this is its
    /// result.
    Ready(Option<Result<HashInfo, HashError>>),
}

impl Importer {
    /// A reader with these options.
    pub fn new(options: ImportOptions) -> Self {
        Importer {
            options,
            ..Importer::default()
        }
    }

    /// Decodes a file and prepares to read it. Returns `None` when the file cannot be read at all
    /// (the problem is recorded).
    pub fn open(&mut self, name: &str, bytes: Vec<u8>) -> Option<OpenFile> {
        let name = self.unique_name(name);
        let index = self.files.len();
        let empty = bytes.is_empty();
        let decoded = encoding::decode(bytes);
        self.files.push(FileSummary {
            name: name.clone(),
            encoding: decoded.as_ref().ok().map(|(e, _)| *e),
            layout: None,
            rows: 0,
            devices: 0,
        });
        match decoded {
            Ok((_, text)) => {
                if empty || text.trim().is_empty() {
                    self.problems.push(Problem::file_level(
                        &name,
                        Code::NoDevices,
                        tr!(self.options.lang, "file-empty"),
                    ));
                    return None;
                }
                Some(OpenFile {
                    index,
                    text,
                    pos: 0,
                    next_line: 1,
                    delimiter: b',',
                    header: None,
                    blank_lines: 0,
                    repeated_headers: Vec::new(),
                    unusable: false,
                    done: false,
                    checksums: None,
                })
            }
            Err(err) => {
                let lang = self.options.lang;
                let message = match err {
                    DecodeError::Binary => tr!(lang, "file-binary"),
                    DecodeError::BrokenUtf8 { offset } => {
                        tr!(lang, "file-broken-utf8", offset = offset + 4)
                    }
                };
                self.problems
                    .push(Problem::file_level(&name, Code::UnreadableFile, message));
                None
            }
        }
    }

    /// Reads up to `max_lines` lines of `file`. Returns `true` once the file is done.
    pub fn read(&mut self, file: &mut OpenFile, max_lines: usize) -> bool {
        self.read_to(file, max_lines, usize::MAX)
    }

    /// Reads up to `max_lines` lines of `file`, none that starts at or after byte `end` of its
    /// decoded text (where a second reader's part starts, [`OpenFile::second_part`]). Returns
    /// `true` once the file is done.
    pub fn read_to(&mut self, file: &mut OpenFile, max_lines: usize, end: usize) -> bool {
        if file.done {
            return true;
        }
        let name = self.files[file.index].name.clone();
        let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(8);
        let text = std::mem::take(&mut file.text);
        let mut lines = Lines::starting_at(&text, file.pos, file.next_line);
        let mut budget = max_lines;
        // Rows wait here for their checksums. Everything that reports a problem or changes the
        // state first handles the waiting rows, so problems and devices come in the same order
        // as if each row were handled at once.
        let mut pending: Vec<Pending<'_>> = Vec::with_capacity(BATCH);
        while budget > 0 && lines.position() < end {
            let Some((number, line)) = lines.next() else {
                break;
            };
            budget -= 1;
            if file.header.is_none() {
                file.delimiter = fields::detect_delimiter(line);
            }
            let count =
                match fields::split(line, file.delimiter, self.options.max_field_len, &mut cells) {
                    Ok(count) => count,
                    Err(err) => {
                        if line.trim().is_empty() {
                            file.blank_lines += 1;
                        } else {
                            if let Some(header) = &file.header {
                                self.flush(file.index, &name, header, &mut pending);
                            }
                            self.files[file.index].rows += 1;
                            self.field_error(
                                &name,
                                number,
                                file.header.as_ref(),
                                line,
                                file.delimiter,
                                err,
                            );
                        }
                        continue;
                    }
                };
            if cells.iter().all(|c| c.trim().is_empty()) {
                file.blank_lines += 1;
                continue;
            }
            let refs: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
            let Some(header) = file.header.as_ref() else {
                if !self.start(file, &name, number, &refs, count) {
                    file.done = true;
                    break;
                }
                continue;
            };
            if header.is_same(&refs) {
                file.repeated_headers.push(number);
                continue;
            }
            if let Some(new_header) = Header::parse_mid_file(&refs) {
                self.flush(file.index, &name, header, &mut pending);
                file.repeated_headers.push(number);
                let usable = self.check_header(&name, &new_header);
                self.files[file.index].layout = Some(new_header.layout);
                file.header = Some(new_header);
                if !usable {
                    // Rows under a header without serial (or hash) cannot be read; the problem
                    // says so, and reading stops rather than misreading them.
                    file.unusable = true;
                    file.done = true;
                    break;
                }
                continue;
            }
            self.files[file.index].rows += 1;
            let known = file.checksums.as_ref().map(|c| (c, text.as_str()));
            match self.precheck(header, &refs, count, pending.len(), known) {
                Precheck::Pending(structure, padding_fixed, digest) => {
                    pending.push(Pending {
                        number,
                        cells: std::mem::take(&mut cells),
                        count,
                        structure,
                        padding_fixed,
                        digest,
                    });
                    if pending.len() == BATCH {
                        self.flush(file.index, &name, header, &mut pending);
                    }
                }
                Precheck::Ready(hash) => {
                    self.flush(file.index, &name, header, &mut pending);
                    self.row(file.index, &name, header, number, &refs, count, hash);
                }
            }
        }
        if let Some(header) = &file.header {
            self.flush(file.index, &name, header, &mut pending);
        }
        file.pos = lines.position();
        file.next_line = lines.next_number();
        if file.pos >= text.len() {
            file.done = true;
        }
        if file.done {
            self.close(file, &name);
        } else {
            file.text = text;
        }
        file.done
    }

    /// Reads a whole file.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) {
        if let Some(mut file) = self.open(name, bytes) {
            while !self.read(&mut file, usize::MAX) {}
        }
    }

    /// The devices and problems of everything read.
    pub fn finish(mut self) -> ImportReport {
        let order: std::collections::HashMap<&str, usize> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        self.problems.sort_by_key(|p| {
            (
                order.get(p.file.as_str()).copied().unwrap_or(usize::MAX),
                p.line.unwrap_or(0),
            )
        });
        ImportReport {
            devices: self.devices,
            problems: self.problems,
            files: self.files,
        }
    }

    /// The devices accepted so far.
    pub fn devices(&self) -> &[ImportedDevice] {
        &self.devices
    }

    /// The problems found so far.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn unique_name(&self, name: &str) -> String {
        let taken = |n: &str| self.files.iter().any(|f| f.name == n);
        if !taken(name) {
            return name.to_owned();
        }
        (2..)
            .map(|i| format!("{name} ({i})"))
            .find(|n| !taken(n))
            .unwrap_or_else(|| name.to_owned())
    }

    /// Handles the first non-blank line; returns `false` when the file cannot be read further.
    fn start(
        &mut self,
        file: &mut OpenFile,
        name: &str,
        number: u32,
        cells: &[&str],
        count: usize,
    ) -> bool {
        if let Some(header) = Header::parse(cells) {
            let ok = self.check_header(name, &header);
            self.files[file.index].layout = Some(header.layout);
            file.header = Some(header);
            file.unusable = !ok;
            return ok;
        }
        if count == 3 {
            // The partner tuple may come without a header, and so may pasted lines of the
            // script's file: read this line as data.
            let header = Header::without_header(cells);
            self.files[file.index].layout = Some(header.layout);
            self.files[file.index].rows += 1;
            self.row(file.index, name, &header, number, cells, count, None);
            file.header = Some(header);
            return true;
        }
        file.unusable = true;
        self.problems.push(Problem::file_level(
            name,
            Code::MissingColumn,
            tr!(
                self.options.lang,
                "file-unknown-header",
                line = number,
                header = Layout::ScriptDefault.header_line().unwrap_or_default()
            ),
        ));
        false
    }

    /// Reports normalised spellings, unknown and missing columns; `false` when a required column
    /// is missing.
    fn check_header(&mut self, name: &str, header: &Header) -> bool {
        let legacy = header.index_of(Column::HardwareHash).is_none()
            || header.index_of(Column::Manufacturer) < header.index_of(Column::Serial);
        let mut renamed = Vec::new();
        for (raw, column) in header.raw.iter().zip(&header.cells) {
            match column {
                Some(column) => {
                    let exact = crate::header::recognise(raw).is_some_and(|(_, exact)| exact);
                    if !exact {
                        renamed.push(tr!(
                            self.options.lang,
                            "header-renamed",
                            raw = raw.as_str(),
                            name = documented_name(*column, legacy)
                        ));
                    }
                }
                None => self.problems.push(Problem::file_level(
                    name,
                    Code::UnknownColumn,
                    tr!(self.options.lang, "column-unknown", column = raw.as_str()),
                )),
            }
        }
        if !renamed.is_empty() {
            self.problems.push(Problem::file_level(
                name,
                Code::HeaderNormalised,
                tr!(
                    self.options.lang,
                    "header-normalised",
                    renamed = renamed.join(", ")
                ),
            ));
        }
        let missing = if header.index_of(Column::Serial).is_none() {
            Some(documented_name(Column::Serial, legacy))
        } else if !header.has_hash()
            && (header.index_of(Column::Manufacturer).is_none()
                || header.index_of(Column::Model).is_none())
        {
            Some("Hardware Hash")
        } else {
            None
        };
        if let Some(missing) = missing {
            self.problems.push(Problem::file_level(
                name,
                Code::MissingColumn,
                tr!(
                    self.options.lang,
                    "column-missing",
                    column = missing,
                    header = Layout::ScriptDefault.header_line().unwrap_or_default()
                ),
            ));
            return false;
        }
        true
    }

    fn field_error(
        &mut self,
        name: &str,
        number: u32,
        header: Option<&Header>,
        line: &str,
        delimiter: u8,
        err: FieldError,
    ) {
        let lang = self.options.lang;
        // The field, within a sentence or at its start.
        let column = |field: usize, start: bool| {
            let named = header
                .and_then(|h| h.raw.get(field))
                .map(|raw| excerpt(raw));
            match (named, start) {
                (Some(name), false) => tr!(lang, "field-named", name = name.as_ref()),
                (Some(name), true) => tr!(lang, "field-named-start", name = name.as_ref()),
                (None, false) => tr!(lang, "field-numbered", number = field + 1),
                (None, true) => tr!(lang, "field-numbered-start", number = field + 1),
            }
        };
        let serial = header
            .and_then(|h| h.index_of(Column::Serial))
            .and_then(|i| line.split(char::from(delimiter)).nth(i))
            .filter(|s| s.len() < 200);
        let problem = match err {
            FieldError::UnclosedQuote { field } => Problem::row(
                name,
                number,
                serial,
                Code::UnclosedQuote,
                tr!(lang, "unclosed-quote", column = column(field, false)),
            ),
            FieldError::TooLong { field, len } => Problem::row(
                name,
                number,
                serial,
                Code::FieldTooLong,
                tr!(
                    lang,
                    "field-too-long",
                    column = column(field, true),
                    length = len,
                    max = self.options.max_field_len
                ),
            ),
        };
        self.problems.push(problem);
    }

    /// Checks a data row's hash as far as its checksum, into batch buffer `slot`. `known`: a
    /// second reader's checksums, and the file's decoded text (they are filed by where each hash
    /// text lies in it).
    fn precheck(
        &mut self,
        header: &Header,
        cells: &[&str],
        count: usize,
        slot: usize,
        known: Option<(&Checksums, &str)>,
    ) -> Precheck {
        if !field_count_ok(header, cells, count) || !header.has_hash() {
            return Precheck::Ready(None);
        }
        let hash_text = header
            .index_of(Column::HardwareHash)
            .and_then(|i| cells.get(i))
            .map_or("", |c| c.trim());
        if hash_text.is_empty() {
            return Precheck::Ready(None);
        }
        if self.blobs.len() <= slot {
            self.blobs.resize_with(slot + 1, Vec::new);
        }
        let blob = &mut self.blobs[slot];
        let decoded = match base64::decode_into(hash_text, blob) {
            Ok(decoded) => decoded,
            Err(err) => return Precheck::Ready(Some(Err(HashError::NotBase64(err)))),
        };
        match hardware_hash::parse_structure(blob) {
            Ok(structure) => {
                let digest = known.and_then(|(checksums, text)| checksums.of(hash_text, text));
                Precheck::Pending(structure, decoded.padding_fixed, digest)
            }
            Err(err) => Precheck::Ready(Some(Err(err))),
        }
    }

    /// Computes the checksums of the waiting rows together, then handles the rows in order.
    fn flush(
        &mut self,
        file_index: usize,
        name: &str,
        header: &Header,
        pending: &mut Vec<Pending<'_>>,
    ) {
        if pending.is_empty() {
            return;
        }
        // The checksums no second reader computed, together.
        let mut blocks: [&[u8]; BATCH] = [&[]; BATCH];
        let mut missing = 0;
        for (row, blob) in pending.iter().zip(&self.blobs) {
            if row.digest.is_none() {
                blocks[missing] = row.structure.record_block(blob);
                missing += 1;
            }
        }
        let mut computed = [[0u8; 32]; BATCH];
        sha256x4::digest_many(&blocks[..missing], &mut computed[..missing]);
        let mut computed = computed.into_iter();
        let mut digests = [[0u8; 32]; BATCH];
        for (digest, row) in digests.iter_mut().zip(pending.iter()) {
            // `computed` holds one for each row without: it never runs dry.
            *digest = row.digest.or_else(|| computed.next()).unwrap_or_default();
        }
        for (slot, row) in pending.drain(..).enumerate() {
            let cells: Vec<&str> = row.cells.iter().map(|c| c.as_ref()).collect();
            let hash = row
                .structure
                .finish(&self.blobs[slot], &digests[slot])
                .map(|info| HashInfo {
                    padding_fixed: row.padding_fixed,
                    ..info
                });
            self.row(
                file_index,
                name,
                header,
                row.number,
                &cells,
                row.count,
                Some(hash),
            );
        }
    }

    /// Checks one data row and keeps it as a device when it has no error. `hash` is the outcome
    /// of the row's hash check when it was done beforehand ([`Importer::precheck`]).
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        file_index: usize,
        name: &str,
        header: &Header,
        number: u32,
        cells: &[&str],
        count: usize,
        hash: Option<Result<HashInfo, HashError>>,
    ) {
        let get = |column: Column| {
            header
                .index_of(column)
                .and_then(|i| cells.get(i))
                .copied()
                .unwrap_or("")
        };
        let serial_text = get(Column::Serial);
        let mut found = Findings::new(
            &mut self.problems,
            name,
            number,
            serial_text,
            self.options.lang,
        );
        if !field_count_ok(header, cells, count) {
            checks::wrong_field_count(
                &mut found,
                count,
                header.cells.len(),
                &header_excerpt(header),
            );
            return;
        }
        let row_manufacturer = get(Column::Manufacturer).trim();
        let row_model = get(Column::Model).trim();
        let user = get(Column::AssignedUser).trim();
        let group_tag = get(Column::GroupTag).trim();
        let scratch = &mut self.scratch;
        let from_hash = if header.has_hash() {
            let text = get(Column::HardwareHash).trim();
            let decoded = || hash.unwrap_or_else(|| hardware_hash::decode(text, scratch));
            checks::hash(&mut found, text, decoded, row_manufacturer, row_model)
        } else {
            checks::tuple(&mut found, row_manufacturer, row_model);
            None
        };
        checks::serial_number(
            &mut found,
            serial_text,
            from_hash.as_ref().map(|h| h.serial.as_str()),
        );
        checks::user(&mut found, user, self.options.tenant_domains.as_deref());
        checks::group_tag(&mut found, group_tag);
        if found.errors > 0 {
            return;
        }

        // Borrowed from the row unless the hash says otherwise.
        let serial_trimmed = serial_text.trim();
        let (manufacturer, model, hardware_hash, hash_serial) = match from_hash {
            Some(h) => (
                Cow::Owned(h.manufacturer),
                h.model.map_or(Cow::Borrowed(row_model), Cow::Owned),
                Some(h.text),
                Some(h.serial),
            ),
            None => (
                Cow::Borrowed(row_manufacturer),
                Cow::Borrowed(row_model),
                None,
                None,
            ),
        };
        let key_serial = hash_serial.as_deref().unwrap_or(serial_trimmed);
        let key = DeviceKey::new(&manufacturer, key_serial);
        if let Some(first) = self.duplicates.insert(key, file_index, number) {
            let first_file =
                (first.file != file_index).then(|| self.files[first.file].name.as_str());
            let message = checks::duplicate_message(
                found.lang,
                &format!("{manufacturer} {key_serial}"),
                first.line,
                first_file,
            );
            found.add(Code::DuplicateDevice, message);
            return;
        }
        self.files[file_index].devices += 1;
        self.devices.push(ImportedDevice {
            file: name.to_owned(),
            line: number,
            serial: serial_text.to_owned(),
            manufacturer: manufacturer.into_owned(),
            model: model.into_owned(),
            group_tag: group_tag.to_owned(),
            assigned_user: user.to_owned(),
            hardware_hash: hardware_hash.map(Cow::into_owned),
        });
    }

    /// File-level summaries once a file is read.
    fn close(&mut self, file: &mut OpenFile, name: &str) {
        let summary = &self.files[file.index];
        if file.header.is_none() && !file.unusable {
            if summary.rows == 0 {
                self.problems.push(Problem::file_level(
                    name,
                    Code::NoDevices,
                    tr!(self.options.lang, "file-only-blank"),
                ));
            } else {
                self.problems.push(Problem::file_level(
                    name,
                    Code::MissingColumn,
                    tr!(
                        self.options.lang,
                        "file-no-header",
                        header = Layout::ScriptDefault.header_line().unwrap_or_default()
                    ),
                ));
            }
        } else if summary.rows == 0 && !file.unusable {
            self.problems.push(Problem::file_level(
                name,
                Code::NoDevices,
                tr!(self.options.lang, "file-no-rows"),
            ));
        }
        if !file.repeated_headers.is_empty() {
            let shown: Vec<String> = file
                .repeated_headers
                .iter()
                .take(10)
                .map(u32::to_string)
                .collect();
            let more = file.repeated_headers.len().saturating_sub(10);
            let lang = self.options.lang;
            let lines = if more > 0 {
                tr!(lang, "list-and-more", list = shown.join(", "), n = more)
            } else {
                shown.join(", ")
            };
            self.problems.push(Problem::file_level(
                name,
                Code::RepeatedHeader,
                tr!(
                    lang,
                    "header-repeated",
                    count = file.repeated_headers.len(),
                    lines = lines
                ),
            ));
        }
        if file.blank_lines > 0 {
            self.problems.push(Problem::file_level(
                name,
                Code::BlankLines,
                tr!(
                    self.options.lang,
                    "blank-lines",
                    count = file.blank_lines,
                    n = file.blank_lines.to_string()
                ),
            ));
        }
        file.text = String::new();
    }
}

/// Whether a row has as many fields as the header, extra empty fields at the end allowed.
fn field_count_ok(header: &Header, cells: &[&str], count: usize) -> bool {
    let expected = header.cells.len();
    count == expected
        || (count > expected
            && cells[expected.min(cells.len())..]
                .iter()
                .all(|c| c.trim().is_empty()))
}

/// Longest piece of a header quoted in a row's problem, in characters; every real header fits.
/// Row problems quote the header, which the row does not own: unbounded, a file with a huge header
/// and many short bad rows would make every row's message as big as the header, so memory would
/// grow with header size times row count (a 1 MB file took more than 20 GB).
const MAX_QUOTED_CHARS: usize = 200;

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, with `…` when cut.
fn excerpt(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// The header line as written, cut like [`excerpt`], without joining a huge header for every row.
fn header_excerpt(header: &Header) -> String {
    let mut chars = header
        .raw
        .iter()
        .enumerate()
        .flat_map(|(i, raw)| (i > 0).then_some(',').into_iter().chain(raw.chars()));
    let mut line: String = chars.by_ref().take(MAX_QUOTED_CHARS).collect();
    if chars.next().is_some() {
        line.push('…');
    }
    line
}

/// Reads several files at once, merged.
pub fn read_files<'a>(
    files: impl IntoIterator<Item = (&'a str, Vec<u8>)>,
    options: ImportOptions,
) -> ImportReport {
    let mut importer = Importer::new(options);
    for (name, bytes) in files {
        importer.add_file(name, bytes);
    }
    importer.finish()
}
