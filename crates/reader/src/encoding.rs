//! Text encodings of registration files, detected so the admin never has to convert a file.
//!
//! Rule (spec §2): UTF-16LE/BE by BOM or by NUL pattern, UTF-8 with or without BOM, else
//! Windows-1252. Windows PowerShell 5.1 writes UTF-16LE with a BOM; PowerShell 7 writes UTF-8.

use autopilot_hash::cp1252;
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
    /// The short name in `lang`.
    pub fn label_in(self, lang: autopilot_i18n::Lang) -> String {
        use autopilot_i18n::t;
        match self {
            Encoding::Utf8 => t!(lang, "encoding-utf8"),
            Encoding::Utf8Bom => t!(lang, "encoding-utf8-bom"),
            Encoding::Utf16Le => t!(lang, "encoding-utf16le-bom"),
            Encoding::Utf16LeNoBom => t!(lang, "encoding-utf16le"),
            Encoding::Utf16Be => t!(lang, "encoding-utf16be-bom"),
            Encoding::Utf16BeNoBom => t!(lang, "encoding-utf16be"),
            Encoding::Windows1252 => t!(lang, "encoding-windows-1252"),
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
            Encoding::Windows1252 => text.chars().map(cp1252::encode).collect(),
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
        return check_text(Encoding::Utf16Le, decode_utf16(rest, Endian::Little));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return check_text(Encoding::Utf16Be, decode_utf16(rest, Endian::Big));
    }
    match nul_pattern(&bytes) {
        NulPattern::Utf16Le => {
            return check_text(Encoding::Utf16LeNoBom, decode_utf16(&bytes, Endian::Little))
        }
        NulPattern::Utf16Be => {
            return check_text(Encoding::Utf16BeNoBom, decode_utf16(&bytes, Endian::Big))
        }
        NulPattern::None => {}
    }
    match String::from_utf8(bytes) {
        Ok(text) => check_text(Encoding::Utf8, text),
        Err(e) => {
            let text = e.as_bytes().iter().map(|&b| cp1252::decode(b)).collect();
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
    // NUL is byte 0 in UTF-8 and in no other character: memchr scans with SIMD (simd128 in wasm).
    if memchr::memchr(0, text.as_bytes()).is_some() {
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

/// Byte order of UTF-16 text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Endian {
    Little,
    Big,
}

/// Decodes UTF-16 units; unpaired surrogates become U+FFFD and a dangling odd byte is dropped,
/// so a damaged row fails its own checks instead of the whole file.
///
/// Registration files are nearly all ASCII, so runs of ASCII units are copied in blocks
/// ([`ascii_blocks`]); any other unit is decoded one at a time.
fn decode_utf16(bytes: &[u8], endian: Endian) -> String {
    let units = bytes.len() / 2;
    let unit = |i: usize| {
        let pair = [bytes[2 * i], bytes[2 * i + 1]];
        match endian {
            Endian::Little => u16::from_le_bytes(pair),
            Endian::Big => u16::from_be_bytes(pair),
        }
    };
    let mut text = Vec::with_capacity(units);
    let mut i = 0;
    while i < units {
        i = ascii_blocks(bytes, i, endian, &mut text);
        let Some(u) = (i < units).then(|| unit(i)) else {
            break;
        };
        i += 1;
        let c = match u {
            0..=0x7F => {
                text.push(u as u8);
                continue;
            }
            0xD800..=0xDBFF => match (i < units).then(|| unit(i)) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    i += 1;
                    let scalar =
                        0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(scalar).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => char::REPLACEMENT_CHARACTER,
            },
            _ => char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }
    // Every byte pushed is ASCII or a whole `char` encoded above, so this cannot fail; checking
    // again costs a few milliseconds on 40 MB and keeps the crate free of `unsafe`.
    String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Units per block of the ASCII fast path.
const BLOCK_UNITS: usize = 16;

/// Copies whole blocks of [`BLOCK_UNITS`] ASCII units from unit `start` on, as bytes, to `out`;
/// returns the index of the first unit not copied (the start of a block that holds a non-ASCII
/// unit, or of the last partial block).
fn ascii_blocks(bytes: &[u8], start: usize, endian: Endian, out: &mut Vec<u8>) -> usize {
    let from = 2 * start;
    let mut copied = 0;
    for block in bytes[from.min(bytes.len())..].chunks_exact(2 * BLOCK_UNITS) {
        let Some(ascii) = ascii_block(block, endian) else {
            break;
        };
        out.extend_from_slice(&ascii);
        copied += BLOCK_UNITS;
    }
    start + copied
}

/// The 16 units of a 32-byte block as ASCII bytes, or `None` when one is not ASCII.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn ascii_block(block: &[u8], endian: Endian) -> Option<[u8; BLOCK_UNITS]> {
    use core::arch::wasm32::*;
    // Safe intrinsics: the crate is compiled with simd128, which this function's cfg requires.
    let load = |b: &[u8]| {
        u8x16(
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
            b[14], b[15],
        )
    };
    let (a, b) = (load(&block[..16]), load(&block[16..32]));
    // Read as little-endian u16s, an ASCII unit is 0x00XX (LE) or 0xXX00 (BE) with XX < 0x80.
    let mask = match endian {
        Endian::Little => u16x8_splat(0xFF80),
        Endian::Big => u16x8_splat(0x80FF),
    };
    if v128_any_true(v128_and(v128_or(a, b), mask)) {
        return None;
    }
    let (a, b) = match endian {
        Endian::Little => (a, b),
        Endian::Big => (u16x8_shr(a, 8), u16x8_shr(b, 8)),
    };
    let narrow = u8x16_narrow_i16x8(a, b);
    let (lo, hi) = (
        u64x2_extract_lane::<0>(narrow).to_le_bytes(),
        u64x2_extract_lane::<1>(narrow).to_le_bytes(),
    );
    Some(std::array::from_fn(
        |i| if i < 8 { lo[i] } else { hi[i - 8] },
    ))
}

/// The 16 units of a 32-byte block as ASCII bytes, or `None` when one is not ASCII.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn ascii_block(block: &[u8], endian: Endian) -> Option<[u8; BLOCK_UNITS]> {
    // Read as little-endian u64s, an ASCII unit is 0x00XX (LE) or 0xXX00 (BE) with XX < 0x80.
    let (mask, low) = match endian {
        Endian::Little => (0xFF80_FF80_FF80_FF80u64, 0),
        Endian::Big => (0x80FF_80FF_80FF_80FFu64, 1),
    };
    let any = block.chunks_exact(8).fold(0, |any, word| {
        any | u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ])
    });
    if any & mask != 0 {
        return None;
    }
    Some(std::array::from_fn(|i| block[2 * i + low]))
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

    /// The block fast path against the standard library's decoder, on ASCII runs of every length
    /// around the block size broken by non-ASCII units, surrogate pairs, lone surrogates and a
    /// dangling byte, in both byte orders.
    #[test]
    fn utf16_fast_path_decodes_like_the_standard_decoder() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let specials: [u16; 10] = [
            0x00E9, 0x0080, 0x007F, 0x20AC, 0xD83D, 0xDE00, 0xDC00, 0xDBFF, 0xFFFD, 0x0100,
        ];
        for round in 0..2000 {
            let mut units = Vec::new();
            while units.len() < 200 {
                let run = (next() % 40) as usize;
                units.extend((0..run).map(|_| (next() % 0x80) as u16));
                if round % 3 != 0 {
                    units.push(specials[(next() % specials.len() as u64) as usize]);
                }
            }
            let expected: String = char::decode_utf16(units.iter().copied())
                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            for endian in [Endian::Little, Endian::Big] {
                let mut bytes: Vec<u8> = units
                    .iter()
                    .flat_map(|u| match endian {
                        Endian::Little => u.to_le_bytes(),
                        Endian::Big => u.to_be_bytes(),
                    })
                    .collect();
                assert_eq!(decode_utf16(&bytes, endian), expected, "round {round}");
                bytes.push(b'x');
                assert_eq!(
                    decode_utf16(&bytes, endian),
                    expected,
                    "odd byte, round {round}"
                );
            }
        }
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(Vec::new()), Ok((Encoding::Utf8, String::new())));
    }
}
