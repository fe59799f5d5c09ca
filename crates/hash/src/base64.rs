//! Standard base64 (RFC 4648 alphabet), strict about characters and lenient only about padding,
//! which Windows tools and editors lose and which the real service needs (spec §3).

/// The result of a successful decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// The text lacked its `=` padding, which was added.
    pub padding_fixed: bool,
}

/// Why text is not base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside the base64 alphabet, at this character position.
    BadCharacter {
        /// Zero-based position in the text.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// One character too many or too few: the text was cut (length leaves a remainder of 1).
    Truncated,
    /// `=` in the middle, or more than two of them.
    BadPadding,
}

const INVALID: u8 = 0xFF;

const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let alphabet = ALPHABET;
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Decodes `text` into `out` (cleared first), so one buffer serves a whole file.
pub fn decode_into(text: &str, out: &mut Vec<u8>) -> Result<Decoded, Base64Error> {
    out.clear();
    let bytes = text.as_bytes();
    let body_len = bytes.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    let pad = bytes.len() - body_len;
    let body = &bytes[..body_len];
    if pad > 2 {
        return Err(Base64Error::BadPadding);
    }
    let remainder = body.len() % 4;
    if remainder == 1 {
        return match body.iter().position(|&b| DECODE[b as usize] == INVALID) {
            Some(at) => Err(bad_character(text, at)),
            None => Err(Base64Error::Truncated),
        };
    }
    let expected_pad = (4 - remainder) % 4;
    if pad != 0 && pad != expected_pad {
        return Err(Base64Error::BadPadding);
    }
    let full = body.len() / 4;
    out.resize(full * 3, 0);
    // Fast path over whole groups: it only tells whether some symbol was invalid; then the slow
    // path finds the first one and reports its position.
    let decoded = decode_groups(&body[..full * 4], out);
    if !decoded {
        return Err(bad_character(text, 0));
    }
    let rest = &body[full * 4..];
    if !rest.is_empty() {
        let start = body.len() - rest.len();
        let mut n = 0u32;
        for (i, &ch) in rest.iter().enumerate() {
            let v = DECODE[ch as usize];
            if v == INVALID {
                return Err(bad_character(text, start + i));
            }
            n |= u32::from(v) << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if rest.len() == 3 {
            out.push((n >> 8) as u8);
        }
    }
    Ok(Decoded {
        padding_fixed: expected_pad != 0 && pad == 0,
    })
}

/// Decodes whole 4-symbol groups of `body` into `out` (3 bytes per group, sized by the caller);
/// `false` when some symbol is not in the alphabet (then `out` holds garbage).
fn decode_groups(body: &[u8], out: &mut [u8]) -> bool {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (body, out, valid) = simd::decode_blocks(body, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let valid = true;
    valid & decode_scalar(body, out)
}

/// Table lookups, two groups (8 symbols, 6 bytes) per step. Invalid symbols look up to 0xFF, so
/// OR-ing every looked-up value tells at the end whether any was invalid, with no branch per
/// symbol.
fn decode_scalar(body: &[u8], out: &mut [u8]) -> bool {
    let mut bad = 0u8;
    let mut pairs = body.chunks_exact(8);
    let mut dsts = out.chunks_exact_mut(6);
    for (src, dst) in pairs.by_ref().zip(dsts.by_ref()) {
        let v: [u8; 8] = std::array::from_fn(|i| DECODE[usize::from(src[i])]);
        bad |= v.iter().fold(0, |a, &b| a | b);
        let n = v.iter().fold(0u64, |n, &b| (n << 6) | u64::from(b));
        dst.copy_from_slice(&n.to_be_bytes()[2..]);
    }
    for (src, dst) in pairs
        .remainder()
        .chunks_exact(4)
        .zip(dsts.into_remainder().chunks_exact_mut(3))
    {
        let v: [u8; 4] = std::array::from_fn(|i| DECODE[usize::from(src[i])]);
        bad |= v[0] | v[1] | v[2] | v[3];
        let n = v.iter().fold(0u32, |n, &b| (n << 6) | u32::from(b));
        dst.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    bad & 0xC0 == 0
}

// The SIMD decoder's tables, by nibble; `tests::simd_tables_match_the_alphabet` checks them
// against `DECODE` for every byte. A symbol is invalid when some bit is set in both
// `LUT_LO[low nibble]` and `LUT_HI[high nibble]`; a valid symbol's value is the symbol plus
// `LUT_ROLL[high nibble]`, except '/' which uses `LUT_ROLL[1]`.
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const LUT_LO: [u8; 16] = [
    0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A,
];
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const LUT_HI: [u8; 16] = [
    0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
];
#[cfg_attr(
    not(all(target_arch = "wasm32", target_feature = "simd128")),
    allow(dead_code)
)]
const LUT_ROLL: [i8; 16] = [0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0];

/// wasm `simd128`: 16 symbols (12 bytes) per step, after Muła and Lemire, "Faster Base64
/// Encoding and Decoding using AVX2 Instructions" (2018), with `i8x16.swizzle` as the nibble
/// lookup. Every intrinsic used is a safe function: the crate is compiled with `simd128`, which
/// this module's `cfg` requires.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{LUT_HI, LUT_LO, LUT_ROLL};
    use core::arch::wasm32::*;

    /// Decodes as many whole 16-symbol blocks as fit; returns the rest of `body` and `out`, and
    /// whether every symbol decoded was valid.
    pub(super) fn decode_blocks<'b, 'o>(
        body: &'b [u8],
        out: &'o mut [u8],
    ) -> (&'b [u8], &'o mut [u8], bool) {
        let blocks = body.len() / 16;
        let (src, rest) = body.split_at(blocks * 16);
        let (dst, out_rest) = out.split_at_mut(blocks * 12);
        let table = |t: [u8; 16]| {
            u8x16(
                t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12],
                t[13], t[14], t[15],
            )
        };
        let lut_lo = table(LUT_LO);
        let lut_hi = table(LUT_HI);
        let lut_roll = table(LUT_ROLL.map(|r| r as u8));
        let nibble = u8x16_splat(0x0F);
        let slash = u8x16_splat(b'/');
        let mut bad = u8x16_splat(0);
        for (s, d) in src.chunks_exact(16).zip(dst.chunks_exact_mut(12)) {
            let input = u8x16(
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12],
                s[13], s[14], s[15],
            );
            let hi = u8x16_shr(input, 4);
            let lo = v128_and(input, nibble);
            bad = v128_or(
                bad,
                v128_and(i8x16_swizzle(lut_lo, lo), i8x16_swizzle(lut_hi, hi)),
            );
            let roll = i8x16_swizzle(lut_roll, i8x16_add(i8x16_eq(input, slash), hi));
            let values = i8x16_add(input, roll);
            // Pairs of 6-bit values into 12 bits (a << 6 | b) per 16-bit lane, then pairs of
            // those into 24 bits per 32-bit lane, then the three bytes of each in big-endian.
            let pairs = v128_or(
                v128_and(i16x8_shl(values, 6), u16x8_splat(0x0FC0)),
                u16x8_shr(values, 8),
            );
            let words = i32x4_dot_i16x8(pairs, i16x8(0x1000, 1, 0x1000, 1, 0x1000, 1, 0x1000, 1));
            let bytes =
                i8x16_shuffle::<2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 3, 7, 11, 15>(words, words);
            d[..8].copy_from_slice(&u64x2_extract_lane::<0>(bytes).to_le_bytes());
            d[8..].copy_from_slice(&u32x4_extract_lane::<2>(bytes).to_le_bytes());
        }
        (rest, out_rest, !v128_any_true(bad))
    }
}

fn bad_character(text: &str, from: usize) -> Base64Error {
    let bytes = text.as_bytes();
    let position = (from..bytes.len())
        .find(|&i| DECODE[bytes[i] as usize] == INVALID)
        .unwrap_or(from);
    // `position` is at a non-alphabet byte; find the char that contains it.
    let mut char_start = position;
    while char_start > 0 && !text.is_char_boundary(char_start) {
        char_start -= 1;
    }
    let character = text[char_start..].chars().next().unwrap_or('?');
    Base64Error::BadCharacter {
        position: text[..char_start].chars().count(),
        character,
    }
}

/// Encodes bytes as padded base64.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let symbols = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for (i, s) in symbols.iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[*s as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Adds the `=` padding an unpadded base64 text lacks.
pub fn with_padding(text: &str) -> String {
    let body = text.trim_end_matches('=');
    let pad = (4 - body.len() % 4) % 4;
    let mut out = String::with_capacity(body.len() + pad);
    out.push_str(body);
    out.extend(std::iter::repeat_n('=', pad));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Result<(Vec<u8>, bool), Base64Error> {
        let mut out = Vec::new();
        decode_into(text, &mut out).map(|d| (out, d.padding_fixed))
    }

    #[test]
    fn round_trips_every_length() {
        for len in 0..40u8 {
            let data: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
            let text = encode(&data);
            assert_eq!(dec(&text), Ok((data.clone(), false)));
            let unpadded = text.trim_end_matches('=');
            assert_eq!(
                dec(unpadded),
                Ok((data.clone(), unpadded.len() != text.len()))
            );
            assert_eq!(with_padding(unpadded), text);
        }
    }

    /// The SIMD decoder's per-byte logic, on plain integers: every byte must be classified and
    /// translated exactly as `DECODE` does.
    #[test]
    fn simd_tables_match_the_alphabet() {
        for byte in 0..=255u8 {
            let (hi, lo) = (usize::from(byte >> 4), usize::from(byte & 0x0F));
            let invalid = LUT_LO[lo] & LUT_HI[hi] != 0;
            assert_eq!(
                invalid,
                DECODE[usize::from(byte)] == INVALID,
                "byte {byte:#04x}"
            );
            if !invalid {
                // i8x16.add(i8x16.eq(input, '/'), hi): -1 for '/', so '/' uses LUT_ROLL[1].
                let index = if byte == b'/' { hi - 1 } else { hi };
                let value = byte.wrapping_add(LUT_ROLL[index] as u8);
                assert_eq!(value, DECODE[usize::from(byte)], "byte {byte:#04x}");
            }
        }
    }

    /// Long inputs, so the 16-symbol SIMD blocks (wasm), the two-group scalar steps and the
    /// remainder all run; a bad symbol anywhere is reported at its position.
    #[test]
    fn long_inputs_decode_and_report_the_first_bad_symbol() {
        for len in [
            0usize, 1, 2, 3, 11, 12, 13, 24, 47, 48, 49, 95, 96, 97, 300, 3001,
        ] {
            let data: Vec<u8> = (0..len).map(|i| (i * 131 + len) as u8).collect();
            let text = encode(&data);
            assert_eq!(dec(&text), Ok((data.clone(), false)), "len {len}");
            let body = text.trim_end_matches('=').len();
            for at in (0..body).step_by(7) {
                for bad in ['*', '-', '_', ':', '@', '[', '`', '{', '\u{7f}', 'é'] {
                    // Same length in bytes: 'é' (two bytes) replaces two symbols.
                    let width = bad.len_utf8();
                    if at + width > body {
                        continue;
                    }
                    let damaged = format!("{}{bad}{}", &text[..at], &text[at + width..]);
                    assert_eq!(
                        dec(&damaged),
                        Err(Base64Error::BadCharacter {
                            position: at,
                            character: bad
                        }),
                        "len {len} at {at} {bad:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn rejects_bad_input_with_position() {
        assert_eq!(
            dec("T0E*AAAA"),
            Err(Base64Error::BadCharacter {
                position: 3,
                character: '*'
            })
        );
        assert_eq!(
            dec("T0Eé"),
            Err(Base64Error::BadCharacter {
                position: 3,
                character: 'é'
            })
        );
        assert_eq!(dec("T0EAA"), Err(Base64Error::Truncated));
        assert_eq!(dec("T0E==="), Err(Base64Error::BadPadding));
        assert_eq!(
            dec("T0=A"),
            Err(Base64Error::BadCharacter {
                position: 2,
                character: '='
            })
        );
        assert_eq!(dec("T0EA="), Err(Base64Error::BadPadding));
    }
}
