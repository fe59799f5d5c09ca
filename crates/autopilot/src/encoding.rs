//! Text encodings of registration files, detected so the admin never has to convert a file.
//!
//! Rule (spec §2): UTF-16LE/BE by BOM or by NUL pattern, UTF-8 with or without BOM, else
//! Windows-1252. Windows PowerShell 5.1 writes UTF-16LE with a BOM; PowerShell 7 writes UTF-8.

use serde::{Deserialize, Serialize};

/// An encoding a registration file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without a byte-order mark (PowerShell 7).
    Utf8,
    /// UTF-8 with a byte-order mark (Microsoft's sample files).
    Utf8Bom,
    /// UTF-16 little-endian with a BOM (Windows PowerShell 5.1 `Out-File`).
    Utf16Le,
    /// UTF-16 little-endian without a BOM, recognised by its NUL bytes.
    Utf16LeNoBom,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
    /// UTF-16 big-endian without a BOM.
    Utf16BeNoBom,
    /// Windows-1252 ("ANSI"), the fallback for bytes that are not UTF-8.
    Windows1252,
}

impl Encoding {
    /// A short human name, as shown in reports.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE with BOM",
            Encoding::Utf16LeNoBom => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE with BOM",
            Encoding::Utf16BeNoBom => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }

    /// Encodes text in this encoding, BOM included where the encoding has one. The generator and
    /// the tests use it; Windows-1252 replaces characters it cannot hold with `?`.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            Encoding::Utf16Le | Encoding::Utf16LeNoBom => {
                let mut out = Vec::with_capacity(text.len() * 2 + 2);
                if self == Encoding::Utf16Le {
                    out.extend_from_slice(&[0xFF, 0xFE]);
                }
                for unit in text.encode_utf16() {
                    out.extend_from_slice(&unit.to_le_bytes());
                }
                out
            }
            Encoding::Utf16Be | Encoding::Utf16BeNoBom => {
                let mut out = Vec::with_capacity(text.len() * 2 + 2);
                if self == Encoding::Utf16Be {
                    out.extend_from_slice(&[0xFE, 0xFF]);
                }
                for unit in text.encode_utf16() {
                    out.extend_from_slice(&unit.to_be_bytes());
                }
                out
            }
            Encoding::Windows1252 => text.chars().map(encode_1252).collect(),
        }
    }
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes hold NUL or other control bytes that no text file has.
    Binary,
    /// A UTF-8 BOM is followed by bytes that are not UTF-8.
    BrokenUtf8 {
        /// Byte offset of the first bad byte, counted after the BOM.
        offset: usize,
    },
}

/// Detects the encoding of `bytes` and returns the text. UTF-8 input is validated in place, so the
/// common case copies nothing.
pub fn decode(bytes: Vec<u8>) -> Result<(Encoding, String), DecodeError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        let mut bytes = bytes;
        bytes.drain(..3);
        return match String::from_utf8(bytes) {
            Ok(text) => check_text(Encoding::Utf8Bom, text),
            Err(e) => Err(DecodeError::BrokenUtf8 {
                offset: e.utf8_error().valid_up_to(),
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return check_text(Encoding::Utf16Le, decode_utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return check_text(Encoding::Utf16Be, decode_utf16(rest, u16::from_be_bytes));
    }
    match nul_pattern(&bytes) {
        NulPattern::Utf16Le => {
            return check_text(
                Encoding::Utf16LeNoBom,
                decode_utf16(&bytes, u16::from_le_bytes),
            )
        }
        NulPattern::Utf16Be => {
            return check_text(
                Encoding::Utf16BeNoBom,
                decode_utf16(&bytes, u16::from_be_bytes),
            )
        }
        NulPattern::None => {}
    }
    match String::from_utf8(bytes) {
        Ok(text) => check_text(Encoding::Utf8, text),
        Err(e) => {
            let text = e.as_bytes().iter().map(|&b| decode_1252(b)).collect();
            check_text(Encoding::Windows1252, text)
        }
    }
}

/// Rejects text that cannot be a CSV: NUL characters, or a high share of control characters.
fn check_text(encoding: Encoding, text: String) -> Result<(Encoding, String), DecodeError> {
    let sample_end = floor_char_boundary(&text, 64 * 1024);
    let sample = &text[..sample_end];
    let mut controls = 0usize;
    let mut total = 0usize;
    for c in sample.chars() {
        total += 1;
        if c == '\0' {
            return Err(DecodeError::Binary);
        }
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{0C}') {
            controls += 1;
        }
    }
    // Real files have none; a few stray ones are tolerated, a binary file has many.
    if controls > 8 && controls * 100 > total {
        return Err(DecodeError::Binary);
    }
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok((encoding, text))
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    let mut i = index;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

enum NulPattern {
    Utf16Le,
    Utf16Be,
    None,
}

/// UTF-16 text of ASCII characters has a NUL in every other byte: odd positions for little-endian.
fn nul_pattern(bytes: &[u8]) -> NulPattern {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return NulPattern::None;
    }
    let pairs = sample.len() / 2;
    let (mut odd, mut even) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if pair[0] != 0 && pair[1] == 0 {
            odd += 1;
        } else if pair[0] == 0 && pair[1] != 0 {
            even += 1;
        }
    }
    if odd * 10 >= pairs * 7 && even == 0 {
        NulPattern::Utf16Le
    } else if even * 10 >= pairs * 7 && odd == 0 {
        NulPattern::Utf16Be
    } else {
        NulPattern::None
    }
}

/// Decodes UTF-16 units; unpaired surrogates become U+FFFD and a dangling odd byte is dropped,
/// so a damaged row fails its own checks instead of the whole file.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut units = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .peekable();
    while let Some(u) = units.next() {
        let c = match u {
            // The common case: ASCII, one unit, one byte.
            0..=0x7F => char::from(u as u8),
            0xD800..=0xDBFF => match units.peek() {
                Some(&low @ 0xDC00..=0xDFFF) => {
                    units.next();
                    let scalar =
                        0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(scalar).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => char::REPLACEMENT_CHARACTER,
            },
            _ => char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        text.push(c);
    }
    text
}

/// Windows-1252 bytes 0x80–0x9F; the five undefined ones map to their C1 controls (as WHATWG does).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decodes one Windows-1252 byte.
pub fn decode_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

fn encode_1252(c: char) -> u8 {
    let code = u32::from(c);
    if code < 0x80 || (0xA0..=0xFF).contains(&code) {
        return code as u8;
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .map(|i| 0x80 + i as u8)
        .unwrap_or(b'?')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "Device Serial Number,Windows Product ID,Hardware Hash\r\nPF-1 ü,,T0Ea\r\n";

    #[test]
    fn every_encoding_round_trips() {
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16LeNoBom,
            Encoding::Utf16Be,
            Encoding::Utf16BeNoBom,
            Encoding::Windows1252,
        ] {
            let (found, text) = decode(enc.encode(SAMPLE)).expect("decodes");
            assert_eq!(found, enc, "detected encoding");
            assert_eq!(text, SAMPLE, "{enc:?}");
        }
    }

    #[test]
    fn windows_1252_specials_decode() {
        let (enc, text) = decode(vec![b'a', 0x80, 0x99, 0xE9]).expect("decodes");
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(text, "a€™é");
    }

    #[test]
    fn binary_is_refused() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
        ];
        assert_eq!(decode(png.to_vec()), Err(DecodeError::Binary));
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode(noise), Err(DecodeError::Binary));
    }

    #[test]
    fn broken_utf8_after_bom_is_reported_with_offset() {
        assert_eq!(
            decode(vec![0xEF, 0xBB, 0xBF, b'a', 0xFF]),
            Err(DecodeError::BrokenUtf8 { offset: 1 })
        );
    }

    #[test]
    fn odd_trailing_byte_and_lone_surrogate_do_not_fail_the_file() {
        let mut bytes = Encoding::Utf16Le.encode("ab");
        bytes.extend_from_slice(&[
            0x00, 0xD8, b'c', 0, 0x3D, 0xD8, 0x00, 0xDE, 0x00, 0xDC, b'\n',
        ]);
        let (_, text) = decode(bytes).expect("decodes");
        assert_eq!(text, "ab\u{FFFD}c\u{1F600}\u{FFFD}");
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(Vec::new()), Ok((Encoding::Utf8, String::new())));
    }
}
