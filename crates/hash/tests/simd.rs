//! The SIMD paths against independent answers: four-lane SHA-256 against `sha2` one message at a
//! time, base64 against the data it encodes (and the exact position of a bad character). Natively
//! this runs the portable lanes; CI also runs it as wasm with simd128 under Node
//! (`wasm-bindgen-test`), where `sha256x4` and `base64` take their `v128` paths.

use autopilot_hash::{base64, sha256x4};
use sha2::{Digest, Sha256};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// xorshift64: reproducible inputs without a dependency.
fn inputs() -> impl FnMut() -> u64 {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[test]
fn four_lane_sha256_matches_one_message_at_a_time() {
    let mut next = inputs();
    let mut hashed = 0;
    // Batches of 1 to 40 messages of 0 to 5,000 bytes: every lane count, block boundary and tail.
    for round in 0..300 {
        let messages: Vec<Vec<u8>> = (0..1 + round % 40)
            .map(|_| {
                let len = (next() % 5001) as usize;
                (0..len).map(|_| next() as u8).collect()
            })
            .collect();
        let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
        let mut digests = vec![[0u8; 32]; refs.len()];
        sha256x4::digest_many(&refs, &mut digests);
        for (message, digest) in refs.iter().zip(&digests) {
            let expected: [u8; 32] = Sha256::digest(message).into();
            assert_eq!(*digest, expected, "a message of {} bytes", message.len());
        }
        hashed += refs.len();
    }
    assert_eq!(hashed, (0..300).map(|r| 1 + r % 40).sum::<usize>());
}

#[test]
fn base64_decodes_what_it_encodes_and_finds_the_exact_bad_character() {
    let mut next = inputs();
    let bad = [
        '*', '-', '_', ':', '@', '[', '`', '{', '\u{7f}', 'é', ' ', '€',
    ];
    let mut out = Vec::new();
    let mut damaged = 0;
    for round in 0..20_000 {
        let data: Vec<u8> = (0..next() % 400).map(|_| next() as u8).collect();
        let mut text = base64::encode(&data);
        let mut expected = Ok(data);
        if round % 2 == 1 && text.len() > 4 {
            let body = text.trim_end_matches('=').len();
            let at = (next() % body as u64) as usize;
            let c = bad[(next() % bad.len() as u64) as usize];
            if at + c.len_utf8() <= body {
                text = format!("{}{c}{}", &text[..at], &text[at + c.len_utf8()..]);
                expected = Err(base64::Base64Error::BadCharacter {
                    position: at,
                    character: c,
                });
                damaged += 1;
            }
        }
        let got = base64::decode_into(&text, &mut out).map(|_| out.clone());
        assert_eq!(got, expected, "{text:?}");
    }
    assert!(damaged > 5_000, "damaged texts were tested: {damaged}");
}
