//! The autopilot engine as the browser runs it, for `scripts/bench-browser.sh`.
//!
//! [`check`] is what is timed: bytes of a registration file in, full validation (encoding,
//! CSV, base64, OA3 structure, SHA-256, every row check) out. It returns a short summary so the
//! work cannot be optimised away.
//!
//! [`stage`] runs the same file through cumulative prefixes of the pipeline, built from the crate's
//! public pieces, so the page can tell where the time of [`check`] goes. Like the reader, it
//! computes the SHA-256s of 32 hashes at a time with `sha256x4::digest_many` (four lanes of
//! `simd128` in the browser).

use autopilot_hash::{base64, hardware_hash, sha256x4};
use autopilot_reader::encoding;
use autopilot_reader::fields::{self, Lines};
use autopilot_reader::{ImportOptions, Severity};
use std::borrow::Cow;
use wasm_bindgen::prelude::*;

/// Reads and fully validates one file; returns
/// `devices=N rows=N errors=N warnings=N encoding=E`.
#[wasm_bindgen]
pub fn check(bytes: Vec<u8>) -> String {
    summary(&autopilot_reader::read_files(
        [("bench.csv", bytes)],
        ImportOptions::default(),
    ))
}

/// `devices=N rows=N errors=N warnings=N encoding=E`.
fn summary(report: &autopilot_reader::ImportReport) -> String {
    let rows: u32 = report.files.iter().map(|f| f.rows).sum();
    let encoding = report
        .files
        .first()
        .and_then(|f| f.encoding)
        .map_or_else(|| "none".to_owned(), |e| format!("{e:?}"));
    format!(
        "devices={} rows={rows} errors={} warnings={} encoding={encoding}",
        report.devices.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
    )
}

/// Runs the pipeline up to `upto` and returns a checksum-ish summary:
/// 0 = copy the bytes in only, 1 = + decode the encoding, 2 = + split lines and fields,
/// 3 = + base64-decode every hash, 4 = + OA3 structure and SHA-256 (`hardware_hash::parse_structure`,
/// then `sha256x4::digest_many` on batches of 32 and `Structure::finish`, as the reader does),
/// 5 = decode + split + base64 + SHA-256 alone of each blob (no structure walk), batched alike.
#[wasm_bindgen]
pub fn stage(bytes: Vec<u8>, upto: u32) -> String {
    if upto == 0 {
        return format!("bytes={}", bytes.len());
    }
    let Ok((_, text)) = encoding::decode(bytes) else {
        return "unreadable".to_owned();
    };
    if upto == 1 {
        return format!("chars={}", text.len());
    }
    let mut cells: Vec<Cow<'_, str>> = Vec::with_capacity(8);
    let mut batch: Vec<Vec<u8>> = vec![Vec::new(); BATCH];
    let mut structures: Vec<Option<hardware_hash::Structure>> = Vec::with_capacity(BATCH);
    let mut filled = 0;
    let (mut lines, mut fields_seen, mut blob_bytes, mut ok, mut acc) =
        (0usize, 0usize, 0usize, 0usize, 0u8);
    let mut delimiter = b',';
    let mut hash_column = None;
    for (number, line) in Lines::starting_at(&text, 0, 1) {
        if number == 1 {
            delimiter = fields::detect_delimiter(line);
        }
        let Ok(count) = fields::split(
            line,
            delimiter,
            autopilot_reader::import::MAX_FIELD_LEN,
            &mut cells,
        ) else {
            continue;
        };
        lines += 1;
        fields_seen += count;
        if number == 1 {
            hash_column = cells
                .iter()
                .position(|c| c.trim().eq_ignore_ascii_case("Hardware Hash"));
            continue;
        }
        if upto == 2 {
            continue;
        }
        let Some(hash) = hash_column.and_then(|i| cells.get(i)) else {
            continue;
        };
        let scratch = &mut batch[filled];
        if base64::decode_into(hash.trim(), scratch).is_err() {
            continue;
        }
        blob_bytes += scratch.len();
        match upto {
            3 => acc ^= scratch.last().copied().unwrap_or(0),
            4 => {
                structures.push(hardware_hash::parse_structure(scratch).ok());
                filled += 1;
            }
            _ => filled += 1,
        }
        if filled == BATCH {
            let (o, a) = hash_batch(upto, &batch[..filled], &mut structures);
            (ok, acc, filled) = (ok + o, acc ^ a, 0);
        }
    }
    if filled > 0 {
        let (o, a) = hash_batch(upto, &batch[..filled], &mut structures);
        (ok, acc) = (ok + o, acc ^ a);
    }
    format!("lines={lines} fields={fields_seen} blob_bytes={blob_bytes} ok={ok} acc={acc}")
}

const BATCH: usize = 32;

/// Stage 4: checksums and the rest of `hardware_hash::parse` for a batch; stage 5: SHA-256 alone.
/// Returns (valid hashes, xor of the first digest bytes).
fn hash_batch(
    upto: u32,
    blobs: &[Vec<u8>],
    structures: &mut Vec<Option<hardware_hash::Structure>>,
) -> (usize, u8) {
    let blocks: Vec<&[u8]> = if upto == 4 {
        structures
            .iter()
            .zip(blobs)
            .map(|(s, blob)| s.as_ref().map_or(&[][..], |s| s.record_block(blob)))
            .collect()
    } else {
        blobs
            .iter()
            .map(|blob| {
                let n = blob
                    .get(2..4)
                    .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])))
                    .min(blob.len());
                &blob[..n]
            })
            .collect()
    };
    let mut digests = vec![[0u8; 32]; blocks.len()];
    sha256x4::digest_many(&blocks, &mut digests);
    let acc = digests.iter().fold(0, |a, d| a ^ d[0]);
    if upto != 4 {
        return (0, acc);
    }
    let ok = structures
        .drain(..)
        .zip(blobs)
        .zip(&digests)
        .filter(|((s, blob), digest)| s.as_ref().is_some_and(|s| s.finish(blob, digest).is_ok()))
        .count();
    (ok, 0)
}

/// The second reader of the two the portal runs on two cores (`autopilot_reader::checksums`):
/// decodes the file and computes the checksums of the hashes in its second part, as bytes to post
/// to the first.
#[wasm_bindgen]
pub fn second_reader(bytes: Vec<u8>) -> Vec<u8> {
    autopilot_reader::checksums::of_file(bytes).to_bytes()
}

/// The first reader of the two: made with the file, it reads the first part at once; `finish`
/// takes the second reader's checksums, reads the rest and returns [`check`]'s summary.
#[wasm_bindgen]
pub struct FirstReader {
    importer: autopilot_reader::Importer,
    file: Option<autopilot_reader::import::OpenFile>,
}

#[wasm_bindgen]
impl FirstReader {
    /// Opens the file and reads its first part.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: Vec<u8>) -> FirstReader {
        let mut importer = autopilot_reader::Importer::new(ImportOptions::default());
        let mut file = importer.open("bench.csv", bytes);
        if let Some(open) = file.as_mut() {
            let start = open.second_part();
            while open.progress().0 < start && !importer.read_to(open, 250, start) {}
        }
        FirstReader { importer, file }
    }

    /// Reads the rest with the second reader's checksums.
    pub fn finish(self, checksums: &[u8]) -> String {
        let FirstReader {
            mut importer,
            mut file,
        } = self;
        if let Some(open) = file.as_mut() {
            if let Some(checksums) = autopilot_reader::Checksums::from_bytes(checksums) {
                open.use_checksums(checksums);
            }
            while !importer.read(open, 250) {}
        }
        summary(&importer.finish())
    }
}
