//! Two readers for one file: while the [`Importer`](crate::Importer) reads the first part of a
//! file, a second reader (another Web Worker in the browser) computes the SHA-256 checksums of
//! the hardware hashes in the rest, which the importer then takes instead of computing them. Half
//! of a file's reading time is SHA-256: on two cores a file of 10,000 devices is read in three
//! quarters of the time (BENCHMARKS.md, "Two workers").
//!
//! A checksum is filed under where its hash text lies in the decoded file (byte offset and
//! length). The importer takes one only for the very same bytes, so what the second reader may
//! get wrong costs nothing: a checksum it missed is computed, one for a cell the importer does
//! not read as a hash (a wrong header guess) is never asked for, and bytes that are not whole
//! checksums in order are refused. A checksum it computed wrongly for the right bytes would be
//! believed (and the row refused): the second reader is this same code, in a worker of the page.

use crate::fields::{self, Lines};
use crate::header::{Column, Header};
use crate::import::{BATCH, MAX_FIELD_LEN};
use autopilot_hash::{base64, hardware_hash, sha256x4};
use std::borrow::Cow;

/// The share of a file the importer reads in full before it takes the second reader's checksums.
/// The second reader decodes each hash and computes its SHA-256 (about 70 % of reading a row);
/// the importer reads its share in full, then the rest without SHA-256 (about 45 %): with 45 % of
/// the file first, the checksums are ready before the importer needs them.
pub const FIRST_SHARE: f64 = 0.45;

/// Bytes of one checksum in [`Checksums::to_bytes`]: offset, length, SHA-256.
const ENTRY_BYTES: usize = 4 + 4 + 32;

/// Where the second part of `text` starts: the start of the first line at or after
/// [`FIRST_SHARE`] of it, as [`Lines`] ends lines (`\n`, `\r\n` or `\r`). The importer and the
/// second reader compute it alike from the same decoded text.
pub fn second_part(text: &str) -> usize {
    let bytes = text.as_bytes();
    let from = (bytes.len() as f64 * FIRST_SHARE) as usize;
    match memchr::memchr2(b'\n', b'\r', bytes.get(from..).unwrap_or_default()) {
        Some(i) if bytes[from + i] == b'\r' && bytes.get(from + i + 1) == Some(&b'\n') => {
            from + i + 2
        }
        Some(i) => from + i + 1,
        None => bytes.len(),
    }
}

/// What the second reader computes for a whole file as the browser read it: decoded as the
/// importer decodes it, the checksums of its second part. Nothing for a file that cannot be
/// decoded (the importer reports it).
pub fn of_file(bytes: Vec<u8>) -> Checksums {
    match crate::encoding::decode(bytes) {
        Ok((_, text)) => Checksums::compute(&text, second_part(&text)),
        Err(_) => Checksums::default(),
    }
}

/// One checksum: the hash text at `offset` (bytes into the decoded file) of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    offset: u32,
    len: u32,
    digest: [u8; 32],
}

/// SHA-256s of hardware hashes' record blocks, filed by where each hash text lies in the decoded
/// file; in increasing order of offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checksums {
    entries: Vec<Entry>,
}

impl Checksums {
    /// The checksums of every hash in `text` from byte `from` (a line start) on, read with the
    /// file's first header (and any header repeated further down).
    pub fn compute(text: &str, from: usize) -> Checksums {
        let mut entries = Vec::new();
        let Some((delimiter, mut header)) = first_header(text) else {
            return Checksums { entries };
        };
        let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(8);
        let mut blobs: Vec<Vec<u8>> = vec![Vec::new(); BATCH];
        let mut waiting: Vec<(u32, u32, hardware_hash::Structure)> = Vec::with_capacity(BATCH);
        for (_, line) in Lines::starting_at(text, from.min(text.len()), 1) {
            if fields::split(line, delimiter, MAX_FIELD_LEN, &mut cells).is_err() {
                continue;
            }
            let refs: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
            if let Some(new_header) = Header::parse_mid_file(&refs) {
                header = new_header;
                continue;
            }
            let Some(Cow::Borrowed(cell)) = header
                .index_of(Column::HardwareHash)
                .and_then(|i| cells.get(i))
            else {
                continue;
            };
            let hash_text = cell.trim();
            let Some((offset, len)) = place(hash_text, text) else {
                continue;
            };
            let slot = waiting.len();
            if hash_text.is_empty() || base64::decode_into(hash_text, &mut blobs[slot]).is_err() {
                continue;
            }
            if let Ok(structure) = hardware_hash::parse_structure(&blobs[slot]) {
                waiting.push((offset, len, structure));
                if waiting.len() == BATCH {
                    digest(&mut waiting, &blobs, &mut entries);
                }
            }
        }
        digest(&mut waiting, &blobs, &mut entries);
        Checksums { entries }
    }

    /// How many checksums.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The checksum of `hash_text`, a cell of the decoded `text`, if it was computed for the very
    /// same bytes.
    pub fn of(&self, hash_text: &str, text: &str) -> Option<[u8; 32]> {
        let (offset, len) = place(hash_text, text)?;
        let i = self
            .entries
            .binary_search_by_key(&offset, |e| e.offset)
            .ok()?;
        let entry = &self.entries[i];
        (entry.len == len).then_some(entry.digest)
    }

    /// The checksums as bytes, to post to the importer's worker: per checksum its offset and
    /// length (little-endian `u32`s) and the 32 bytes of the SHA-256.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.entries.len() * ENTRY_BYTES);
        for entry in &self.entries {
            bytes.extend_from_slice(&entry.offset.to_le_bytes());
            bytes.extend_from_slice(&entry.len.to_le_bytes());
            bytes.extend_from_slice(&entry.digest);
        }
        bytes
    }

    /// Checksums posted by another worker; `None` unless they are whole entries in increasing
    /// order of offset (anything else is not what [`Checksums::to_bytes`] wrote).
    pub fn from_bytes(bytes: &[u8]) -> Option<Checksums> {
        if !bytes.len().is_multiple_of(ENTRY_BYTES) {
            return None;
        }
        let entries: Vec<Entry> = bytes
            .chunks_exact(ENTRY_BYTES)
            .map(|chunk| {
                let word = |at: usize| {
                    u32::from_le_bytes([chunk[at], chunk[at + 1], chunk[at + 2], chunk[at + 3]])
                };
                let mut digest = [0u8; 32];
                digest.copy_from_slice(&chunk[8..]);
                Entry {
                    offset: word(0),
                    len: word(4),
                    digest,
                }
            })
            .collect();
        entries
            .windows(2)
            .all(|w| w[0].offset < w[1].offset)
            .then_some(Checksums { entries })
    }
}

/// Where `hash_text` lies in the decoded `text`: its offset and length, which is how a checksum
/// is filed. `None` unless it is a slice of that very text (a cell unquoted into a string of its
/// own is not) within what the offsets can say.
fn place(hash_text: &str, text: &str) -> Option<(u32, u32)> {
    let start = text.as_ptr() as usize;
    let at = (hash_text.as_ptr() as usize).checked_sub(start)?;
    if at.checked_add(hash_text.len())? > text.len() {
        return None;
    }
    Some((
        u32::try_from(at).ok()?,
        u32::try_from(hash_text.len()).ok()?,
    ))
}

/// The delimiter and header of the file's first non-blank line, if it is a header with a
/// hardware hash column.
fn first_header(text: &str) -> Option<(u8, Header)> {
    let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(8);
    let line = Lines::starting_at(text, 0, 1)
        .map(|(_, line)| line)
        .find(|line| !line.trim().is_empty())?;
    let delimiter = fields::detect_delimiter(line);
    fields::split(line, delimiter, MAX_FIELD_LEN, &mut cells).ok()?;
    let refs: Vec<&str> = cells.iter().map(|c| c.as_ref()).collect();
    Header::parse(&refs)
        .filter(Header::has_hash)
        .map(|header| (delimiter, header))
}

/// Computes the checksums of the waiting hashes together.
fn digest(
    waiting: &mut Vec<(u32, u32, hardware_hash::Structure)>,
    blobs: &[Vec<u8>],
    entries: &mut Vec<Entry>,
) {
    let mut blocks: [&[u8]; BATCH] = [&[]; BATCH];
    for (block, ((_, _, structure), blob)) in blocks.iter_mut().zip(waiting.iter().zip(blobs)) {
        *block = structure.record_block(blob);
    }
    let mut digests = [[0u8; 32]; BATCH];
    sha256x4::digest_many(&blocks[..waiting.len()], &mut digests[..waiting.len()]);
    for ((offset, len, _), digest) in waiting.drain(..).zip(digests) {
        entries.push(Entry {
            offset,
            len,
            digest,
        });
    }
}
