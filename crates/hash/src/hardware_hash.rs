//! The Windows Autopilot hardware hash (OA3 "4K hash"): decode and check it as spec §3 says, and
//! build synthetic ones for tests and demos.
//!
//! Layout (little-endian): `OA`, `N: u16`, records `{type: u16, len: u16, payload}` up to offset `N`,
//! then the trailer `CS`, `0x0024`, SHA-256 of bytes `[0, N)`, then optional zero bytes.

use crate::base64::{self, Base64Error};
use crate::cp1252;
use sha2::{Digest, Sha256};
use std::fmt;

/// Record type of the SMBIOS serial number.
pub const RECORD_SERIAL: u16 = 14;
/// Record type of the SMBIOS system manufacturer.
pub const RECORD_MANUFACTURER: u16 = 16;
/// Record type of the SMBIOS product name (the model).
pub const RECORD_MODEL: u16 = 17;

const TRAILER_LEN: usize = 36;

/// What a valid hash says about its device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashInfo {
    /// SMBIOS serial number (record 14).
    pub serial: String,
    /// SMBIOS system manufacturer (record 16).
    pub manufacturer: String,
    /// SMBIOS product name (record 17), empty when the hash has none.
    pub model: String,
    /// The base64 text lacked its padding; [`base64::with_padding`] gives the fixed text.
    pub padding_fixed: bool,
}

/// Why a hardware hash is not valid, in the order spec §3 checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashError {
    /// Not base64 at all.
    NotBase64(Base64Error),
    /// Decodes, but is not an OA3 structure.
    BadStructure(Damage),
    /// The SHA-256 in the trailer does not match the record block: the hash was altered or cut.
    ChecksumMismatch,
    /// No non-empty serial number record.
    MissingSerial,
    /// No non-empty manufacturer record.
    MissingManufacturer,
}

/// How a decoded hash fails the OA3 layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// It does not start with `OA`.
    Signature,
    /// Its length field points past the end.
    Length,
    /// A record header runs past the record block.
    RecordHeader,
    /// A record's length does not fit the record block.
    RecordLength,
    /// The `CS` trailer is missing.
    Trailer,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Damage::Signature => "it does not start with the OA3 signature",
            Damage::Length => "its length field points past the end",
            Damage::RecordHeader => "a record header runs past the record block",
            Damage::RecordLength => "a record's length does not fit the record block",
            Damage::Trailer => "the CS trailer is missing",
        })
    }
}

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HashError::NotBase64(Base64Error::BadCharacter {
                position,
                character,
            }) => write!(
                f,
                "the hardware hash is not base64: character {} ({character:?}) is not allowed",
                position + 1
            ),
            HashError::NotBase64(Base64Error::Truncated) => {
                f.write_str("the hardware hash is not base64: its length shows it was cut off")
            }
            HashError::NotBase64(Base64Error::BadPadding) => {
                f.write_str("the hardware hash is not base64: its '=' padding is wrong")
            }
            HashError::BadStructure(why) => write!(f, "the hardware hash is damaged: {why}"),
            HashError::ChecksumMismatch => f.write_str(
                "the hardware hash's checksum does not match its contents: it was altered or cut",
            ),
            HashError::MissingSerial => f.write_str("the hardware hash carries no serial number"),
            HashError::MissingManufacturer => {
                f.write_str("the hardware hash carries no manufacturer")
            }
        }
    }
}

/// Decodes and checks a hash's base64 text. `scratch` is reused between calls to avoid allocating
/// per row.
pub fn decode(text: &str, scratch: &mut Vec<u8>) -> Result<HashInfo, HashError> {
    let decoded = base64::decode_into(text, scratch).map_err(HashError::NotBase64)?;
    let mut info = parse(scratch)?;
    info.padding_fixed = decoded.padding_fixed;
    Ok(info)
}

/// Checks a decoded hash blob and extracts serial, manufacturer and model.
pub fn parse(blob: &[u8]) -> Result<HashInfo, HashError> {
    let structure = parse_structure(blob)?;
    let digest = Sha256::digest(structure.record_block(blob));
    structure.finish(blob, &digest.into())
}

/// A blob whose OA3 structure is valid, its checksum not compared yet: what [`parse`] knows
/// before the SHA-256, so that callers can compute many SHA-256s together
/// ([`crate::sha256x4::digest_many`]) and then [`Structure::finish`] each blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// End of the record block, where the trailer starts.
    n: usize,
    serial: Option<(usize, usize)>,
    manufacturer: Option<(usize, usize)>,
    model: Option<(usize, usize)>,
}

/// The checks of [`parse`] up to the checksum: signature, length, records and trailer.
pub fn parse_structure(blob: &[u8]) -> Result<Structure, HashError> {
    if blob.len() < 4 || &blob[..2] != b"OA" {
        return Err(HashError::BadStructure(Damage::Signature));
    }
    let n = usize::from(u16::from_le_bytes([blob[2], blob[3]]));
    if n < 4 || n + TRAILER_LEN > blob.len() {
        return Err(HashError::BadStructure(Damage::Length));
    }
    let mut serial = None;
    let mut manufacturer = None;
    let mut model = None;
    let mut pos = 4;
    while pos < n {
        if pos + 4 > n {
            return Err(HashError::BadStructure(Damage::RecordHeader));
        }
        let kind = u16::from_le_bytes([blob[pos], blob[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([blob[pos + 2], blob[pos + 3]]));
        if len < 4 || pos + len > n {
            return Err(HashError::BadStructure(Damage::RecordLength));
        }
        let payload = Some((pos + 4, pos + len));
        match kind {
            RECORD_SERIAL => serial = payload,
            RECORD_MANUFACTURER => manufacturer = payload,
            RECORD_MODEL => model = payload,
            _ => {}
        }
        pos += len;
    }
    if &blob[n..n + 2] != b"CS"
        || u16::from_le_bytes([blob[n + 2], blob[n + 3]]) as usize != TRAILER_LEN
    {
        return Err(HashError::BadStructure(Damage::Trailer));
    }
    Ok(Structure {
        n,
        serial,
        manufacturer,
        model,
    })
}

impl Structure {
    /// The bytes the checksum covers (`blob` must be the blob this structure was parsed from).
    pub fn record_block<'b>(&self, blob: &'b [u8]) -> &'b [u8] {
        &blob[..self.n]
    }

    /// The rest of [`parse`], given the SHA-256 of [`Structure::record_block`]: the checksum
    /// comparison, then serial and manufacturer.
    pub fn finish(&self, blob: &[u8], digest: &[u8; 32]) -> Result<HashInfo, HashError> {
        if digest[..] != blob[self.n + 4..self.n + TRAILER_LEN] {
            return Err(HashError::ChecksumMismatch);
        }
        let record = |range: Option<(usize, usize)>| {
            range
                .map(|(start, end)| record_string(&blob[start..end]))
                .unwrap_or_default()
        };
        let serial = record(self.serial);
        if serial.trim().is_empty() {
            return Err(HashError::MissingSerial);
        }
        let manufacturer = record(self.manufacturer);
        if manufacturer.trim().is_empty() {
            return Err(HashError::MissingManufacturer);
        }
        Ok(HashInfo {
            serial,
            manufacturer,
            model: record(self.model),
            padding_fixed: false,
        })
    }
}

/// An 8-bit, NUL-terminated record string.
fn record_string(payload: &[u8]) -> String {
    let end = payload
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(payload.len());
    let bytes = &payload[..end];
    if bytes.is_ascii() {
        // ASCII is the same in Windows-1252 and UTF-8: one copy instead of a char at a time.
        return String::from_utf8_lossy(bytes).into_owned();
    }
    bytes.iter().map(|&b| cp1252::decode(b)).collect()
}

/// Builds a hash blob from records, with a valid trailer. The generator and tests use it.
pub struct HashBuilder {
    blob: Vec<u8>,
}

impl Default for HashBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl HashBuilder {
    /// An empty record block.
    pub fn new() -> Self {
        HashBuilder {
            blob: vec![b'O', b'A', 0, 0],
        }
    }

    /// Bytes of the record block so far.
    pub fn len(&self) -> usize {
        self.blob.len()
    }

    /// Whether no record was added yet.
    pub fn is_empty(&self) -> bool {
        self.blob.len() == 4
    }

    /// Appends a record with a raw payload. Payloads are cut to fit the 16-bit length.
    pub fn record(mut self, kind: u16, payload: &[u8]) -> Self {
        let payload = &payload[..payload.len().min(usize::from(u16::MAX) - 4)];
        let len = (payload.len() + 4) as u16;
        self.blob.extend_from_slice(&kind.to_le_bytes());
        self.blob.extend_from_slice(&len.to_le_bytes());
        self.blob.extend_from_slice(payload);
        self
    }

    /// Appends a NUL-terminated 8-bit string record.
    pub fn text(self, kind: u16, value: &str) -> Self {
        let mut payload: Vec<u8> = value
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        payload.push(0);
        self.record(kind, &payload)
    }

    /// Closes the record block with the CS trailer and `zero_tail` zero bytes.
    pub fn finish(mut self, zero_tail: usize) -> Vec<u8> {
        let n = self.blob.len().min(usize::from(u16::MAX));
        self.blob.truncate(n);
        self.blob[2..4].copy_from_slice(&(n as u16).to_le_bytes());
        let digest = Sha256::digest(&self.blob[..n]);
        self.blob.extend_from_slice(b"CS");
        self.blob
            .extend_from_slice(&(TRAILER_LEN as u16).to_le_bytes());
        self.blob.extend_from_slice(&digest);
        self.blob.extend(std::iter::repeat_n(0u8, zero_tail));
        self.blob
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        HashBuilder::new()
            .text(1, "10.0.22631")
            .text(RECORD_SERIAL, "PF3ABCDE")
            .record(99, &[1, 2, 3])
            .text(RECORD_MANUFACTURER, "LENOVO")
            .text(RECORD_MODEL, "21HD")
            .finish(4)
    }

    fn check(blob: &[u8]) -> Result<HashInfo, HashError> {
        decode(&base64::encode(blob), &mut Vec::new())
    }

    #[test]
    fn valid_hash_yields_serial_manufacturer_model() {
        let text = base64::encode(&sample());
        assert!(text.starts_with("T0"), "OA3 hashes start with T0");
        let info = decode(&text, &mut Vec::new()).expect("valid");
        assert_eq!(info.serial, "PF3ABCDE");
        assert_eq!(info.manufacturer, "LENOVO");
        assert_eq!(info.model, "21HD");
        assert!(!info.padding_fixed);
    }

    #[test]
    fn each_damage_is_named() {
        let good = sample();
        let mut bad_sig = good.clone();
        bad_sig[0] = b'X';
        assert!(matches!(check(&bad_sig), Err(HashError::BadStructure(_))));

        let mut bad_len = good.clone();
        bad_len[2] = 0xFF;
        bad_len[3] = 0xFF;
        assert!(matches!(check(&bad_len), Err(HashError::BadStructure(_))));

        let mut bad_record = good.clone();
        bad_record[6] = 0xFF; // first record's length
        assert!(matches!(
            check(&bad_record),
            Err(HashError::BadStructure(_))
        ));

        let mut altered = good.clone();
        let serial_at = altered
            .windows(8)
            .position(|w| w == b"PF3ABCDE")
            .expect("serial in blob");
        altered[serial_at] = b'Q';
        assert_eq!(check(&altered), Err(HashError::ChecksumMismatch));

        let n = usize::from(u16::from_le_bytes([good[2], good[3]]));
        let mut no_trailer = good.clone();
        no_trailer[n] = b'X';
        assert!(matches!(
            check(&no_trailer),
            Err(HashError::BadStructure(_))
        ));

        assert!(matches!(
            check(&good[..good.len() - 10]),
            Err(HashError::BadStructure(_))
        ));
    }

    #[test]
    fn missing_identity_records_are_errors() {
        let no_serial = HashBuilder::new().text(RECORD_MANUFACTURER, "HP").finish(0);
        assert_eq!(check(&no_serial), Err(HashError::MissingSerial));
        let blank_serial = HashBuilder::new()
            .text(RECORD_SERIAL, " ")
            .text(RECORD_MANUFACTURER, "HP")
            .finish(0);
        assert_eq!(check(&blank_serial), Err(HashError::MissingSerial));
        let no_maker = HashBuilder::new().text(RECORD_SERIAL, "5CG1").finish(0);
        assert_eq!(check(&no_maker), Err(HashError::MissingManufacturer));
    }

    #[test]
    fn missing_padding_is_fixed_not_rejected() {
        let blob = HashBuilder::new()
            .text(RECORD_SERIAL, "A")
            .text(RECORD_MANUFACTURER, "B")
            .finish(1);
        let text = base64::encode(&blob);
        assert!(text.ends_with('='), "test needs a padded hash");
        let info = decode(text.trim_end_matches('='), &mut Vec::new()).expect("fixable");
        assert!(info.padding_fixed);
    }

    #[test]
    fn garbage_is_not_base64() {
        assert!(matches!(
            decode("not a hash!", &mut Vec::new()),
            Err(HashError::NotBase64(_))
        ));
    }
}
