//! UTF-16 decoding, whose ASCII blocks take a `v128` path in wasm with simd128, against the
//! standard library's `decode_utf16`. CI runs it natively and as wasm under Node
//! (`wasm-bindgen-test`).

use autopilot_reader::encoding;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn utf16_with_bom_decodes_as_the_standard_library_does() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // ASCII runs broken by other units, surrogate pairs and lone surrogates.
    let specials = [
        0x00E9u16, 0x0080, 0x20AC, 0xD83D, 0xDE00, 0xDC00, 0xFFFD, 0x0100,
    ];
    for round in 0..5_000 {
        let mut units: Vec<u16> = Vec::new();
        while units.len() < 300 {
            units.extend((0..next() % 60).map(|_| 0x20 + (next() % 0x5F) as u16));
            if round % 4 != 0 {
                units.push(specials[(next() % specials.len() as u64) as usize]);
            }
        }
        let expected: String = char::decode_utf16(units.iter().copied())
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        for big_endian in [false, true] {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in &units {
                bytes.extend_from_slice(&if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            match encoding::decode(bytes) {
                Ok((_, text)) => assert_eq!(text, expected, "round {round}"),
                Err(e) => panic!("round {round}: {e:?}"),
            }
        }
    }
}
