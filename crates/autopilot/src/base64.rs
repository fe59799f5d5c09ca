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
    // One pass, no branches per byte: invalid symbols are 0xFF, so OR-ing every looked-up value
    // tells at the end whether any was invalid; only then is the position searched for.
    let mut bad = 0u8;
    let mut chunks = body.chunks_exact(4);
    for (chunk, dst) in chunks.by_ref().zip(out.chunks_exact_mut(3)) {
        let a = DECODE[chunk[0] as usize];
        let b = DECODE[chunk[1] as usize];
        let c = DECODE[chunk[2] as usize];
        let d = DECODE[chunk[3] as usize];
        bad |= a | b | c | d;
        let n = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
        dst[0] = (n >> 16) as u8;
        dst[1] = (n >> 8) as u8;
        dst[2] = n as u8;
    }
    if bad & 0xC0 != 0 {
        return Err(bad_character(text, 0));
    }
    let rest = chunks.remainder();
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
