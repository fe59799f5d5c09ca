//! SHA-256 of many messages at once: four side by side, one per 32-bit lane of a 128-bit vector
//! ("multi-buffer" hashing).
//!
//! WebAssembly has no SHA instructions, and one SHA-256 is a chain of dependent 32-bit operations
//! that leaves a CPU's vector units idle. Four independent messages in the four lanes of a vector
//! cost about as much as one, so in the browser (wasm32 with `simd128`) [`digest_many`] hashes
//! four at a time; the import checks its hardware-hash checksums in batches for this. Elsewhere
//! [`digest_many`] hashes one at a time with `sha2`, which uses the CPU's SHA extensions when it
//! has them (x86-64 SHA-NI, ARMv8 SHA2), far faster than any vector code.
//!
//! A lane that finishes its message takes the next one at once, so messages of different lengths
//! keep all four lanes busy until fewer than four messages are left.
//!
//! [`digest_many_portable`] is the same multi-buffer code on plain `[u32; 4]` lanes, so native
//! tests can compare it with `sha2`; the wasm build uses the same generic code on `v128` lanes.

use sha2::{Digest, Sha256};

/// The SHA-256 of each message into the matching slot of `digests`.
///
/// # Panics
///
/// When `messages` and `digests` differ in length.
pub fn digest_many(messages: &[&[u8]], digests: &mut [[u8; 32]]) {
    assert_eq!(messages.len(), digests.len(), "one digest per message");
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    multi_buffer::<simd::V128>(messages, digests);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (message, digest) in messages.iter().zip(digests.iter_mut()) {
        digest.copy_from_slice(&Sha256::digest(message));
    }
}

/// [`digest_many`] computed by the multi-buffer code on portable `[u32; 4]` lanes, whatever the
/// target: for tests and measurements.
///
/// # Panics
///
/// When `messages` and `digests` differ in length.
pub fn digest_many_portable(messages: &[&[u8]], digests: &mut [[u8; 32]]) {
    assert_eq!(messages.len(), digests.len(), "one digest per message");
    multi_buffer::<Portable>(messages, digests);
}

/// The SHA-256 of one message with `sha2`, for comparisons.
pub fn digest_one(message: &[u8]) -> [u8; 32] {
    Sha256::digest(message).into()
}

const LANES: usize = 4;

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Four 32-bit lanes and the few operations SHA-256 needs.
trait Lanes: Copy {
    fn splat(x: u32) -> Self;
    fn from_array(lanes: [u32; 4]) -> Self;
    fn to_array(self) -> [u32; 4];
    fn add(self, other: Self) -> Self;
    fn xor(self, other: Self) -> Self;
    fn and(self, other: Self) -> Self;
    fn or(self, other: Self) -> Self;
    fn shr(self, n: u32) -> Self;
    fn shl(self, n: u32) -> Self;
    /// Bits of `a` where `mask` is 1, bits of `b` where it is 0.
    fn select(a: Self, b: Self, mask: Self) -> Self;
    /// Big-endian words `4 * quarter .. 4 * quarter + 4` of the four blocks, transposed: word
    /// `4 * quarter + i` of lane `l`'s block goes to lane `l` of element `i`.
    fn load(blocks: &[&[u8; 64]; LANES], quarter: usize) -> [Self; 4];

    #[inline(always)]
    fn rotr(self, n: u32) -> Self {
        self.shr(n).or(self.shl(32 - n))
    }

    #[inline(always)]
    fn lane(self, lane: usize) -> u32 {
        self.to_array()[lane]
    }

    #[inline(always)]
    fn with_lane(self, lane: usize, value: u32) -> Self {
        let mut lanes = self.to_array();
        lanes[lane] = value;
        Self::from_array(lanes)
    }
}

/// Plain arrays; the compiler may or may not vectorise them.
#[derive(Clone, Copy)]
struct Portable([u32; 4]);

impl Lanes for Portable {
    #[inline(always)]
    fn splat(x: u32) -> Self {
        Portable([x; 4])
    }
    #[inline(always)]
    fn from_array(lanes: [u32; 4]) -> Self {
        Portable(lanes)
    }
    #[inline(always)]
    fn to_array(self) -> [u32; 4] {
        self.0
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Portable(std::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
    }
    #[inline(always)]
    fn xor(self, o: Self) -> Self {
        Portable(std::array::from_fn(|i| self.0[i] ^ o.0[i]))
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        Portable(std::array::from_fn(|i| self.0[i] & o.0[i]))
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        Portable(std::array::from_fn(|i| self.0[i] | o.0[i]))
    }
    #[inline(always)]
    fn shr(self, n: u32) -> Self {
        Portable(std::array::from_fn(|i| self.0[i] >> n))
    }
    #[inline(always)]
    fn shl(self, n: u32) -> Self {
        Portable(std::array::from_fn(|i| self.0[i] << n))
    }
    #[inline(always)]
    fn select(a: Self, b: Self, mask: Self) -> Self {
        Portable(std::array::from_fn(|i| {
            (a.0[i] & mask.0[i]) | (b.0[i] & !mask.0[i])
        }))
    }
    #[inline(always)]
    fn load(blocks: &[&[u8; 64]; LANES], quarter: usize) -> [Self; 4] {
        std::array::from_fn(|i| {
            let at = 16 * quarter + 4 * i;
            Portable(std::array::from_fn(|lane| {
                let b = &blocks[lane];
                u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
            }))
        })
    }
}

/// wasm `simd128` vectors. Every intrinsic used here is a safe function: the crate is compiled
/// with `simd128` enabled, which this module's `cfg` requires.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{Lanes, LANES};
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub(super) struct V128(v128);

    /// Reverses the bytes of each 32-bit word.
    const BSWAP32: [u8; 16] = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12];

    #[inline(always)]
    fn load16(bytes: &[u8; 64], at: usize) -> v128 {
        let b = &bytes[at..at + 16];
        u8x16(
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
            b[14], b[15],
        )
    }

    impl Lanes for V128 {
        #[inline(always)]
        fn splat(x: u32) -> Self {
            V128(u32x4_splat(x))
        }
        #[inline(always)]
        fn from_array(l: [u32; 4]) -> Self {
            V128(u32x4(l[0], l[1], l[2], l[3]))
        }
        #[inline(always)]
        fn to_array(self) -> [u32; 4] {
            [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<1>(self.0),
                u32x4_extract_lane::<2>(self.0),
                u32x4_extract_lane::<3>(self.0),
            ]
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            V128(u32x4_add(self.0, o.0))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            V128(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn shr(self, n: u32) -> Self {
            V128(u32x4_shr(self.0, n))
        }
        #[inline(always)]
        fn shl(self, n: u32) -> Self {
            V128(u32x4_shl(self.0, n))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            V128(v128_and(self.0, o.0))
        }
        #[inline(always)]
        fn or(self, o: Self) -> Self {
            V128(v128_or(self.0, o.0))
        }
        #[inline(always)]
        fn select(a: Self, b: Self, mask: Self) -> Self {
            V128(v128_bitselect(a.0, b.0, mask.0))
        }
        #[inline(always)]
        fn load(blocks: &[&[u8; 64]; LANES], quarter: usize) -> [Self; 4] {
            let swap = u8x16(
                BSWAP32[0],
                BSWAP32[1],
                BSWAP32[2],
                BSWAP32[3],
                BSWAP32[4],
                BSWAP32[5],
                BSWAP32[6],
                BSWAP32[7],
                BSWAP32[8],
                BSWAP32[9],
                BSWAP32[10],
                BSWAP32[11],
                BSWAP32[12],
                BSWAP32[13],
                BSWAP32[14],
                BSWAP32[15],
            );
            // Row r: words 4q..4q+3 of lane r's block, as native-endian u32s.
            let rows: [v128; 4] =
                std::array::from_fn(|r| i8x16_swizzle(load16(blocks[r], 16 * quarter), swap));
            // 4x4 transpose of 32-bit elements.
            let t0 = i32x4_shuffle::<0, 4, 1, 5>(rows[0], rows[1]);
            let t1 = i32x4_shuffle::<2, 6, 3, 7>(rows[0], rows[1]);
            let t2 = i32x4_shuffle::<0, 4, 1, 5>(rows[2], rows[3]);
            let t3 = i32x4_shuffle::<2, 6, 3, 7>(rows[2], rows[3]);
            [
                V128(i64x2_shuffle::<0, 2>(t0, t2)),
                V128(i64x2_shuffle::<1, 3>(t0, t2)),
                V128(i64x2_shuffle::<0, 2>(t1, t3)),
                V128(i64x2_shuffle::<1, 3>(t1, t3)),
            ]
        }
    }
}

#[inline(always)]
fn big_s0<V: Lanes>(x: V) -> V {
    x.rotr(2).xor(x.rotr(13)).xor(x.rotr(22))
}

#[inline(always)]
fn big_s1<V: Lanes>(x: V) -> V {
    x.rotr(6).xor(x.rotr(11)).xor(x.rotr(25))
}

#[inline(always)]
fn small_s0<V: Lanes>(x: V) -> V {
    x.rotr(7).xor(x.rotr(18)).xor(x.shr(3))
}

#[inline(always)]
fn small_s1<V: Lanes>(x: V) -> V {
    x.rotr(17).xor(x.rotr(19)).xor(x.shr(10))
}

/// One round; the caller rotates the roles of the eight variables instead of moving them.
/// `Maj(a, b, c)` is `b ^ ((a ^ b) & (b ^ c))`, and this round's `b ^ c` is the last round's
/// `a ^ b`, kept in `$bc`.
macro_rules! round {
    ($w:ident, $bc:ident, $i:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        if $i >= 16 {
            $w[$i % 16] = $w[$i % 16]
                .add(small_s0($w[($i + 1) % 16]))
                .add($w[($i + 9) % 16])
                .add(small_s1($w[($i + 14) % 16]));
        }
        let t1 = $h
            .add(big_s1($e))
            .add(V::select($f, $g, $e))
            .add(V::splat(K[$i]).add($w[$i % 16]));
        let ab = $a.xor($b);
        let t2 = big_s0($a).add($b.xor(ab.and($bc)));
        $bc = ab;
        $d = $d.add(t1);
        $h = t1.add(t2);
    };
}

/// Eight rounds from round `$i`, after which the variables are back in their roles.
macro_rules! eight_rounds {
    ($w:ident, $bc:ident, $i:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        round!($w, $bc, $i, $a, $b, $c, $d, $e, $f, $g, $h);
        round!($w, $bc, $i + 1, $h, $a, $b, $c, $d, $e, $f, $g);
        round!($w, $bc, $i + 2, $g, $h, $a, $b, $c, $d, $e, $f);
        round!($w, $bc, $i + 3, $f, $g, $h, $a, $b, $c, $d, $e);
        round!($w, $bc, $i + 4, $e, $f, $g, $h, $a, $b, $c, $d);
        round!($w, $bc, $i + 5, $d, $e, $f, $g, $h, $a, $b, $c);
        round!($w, $bc, $i + 6, $c, $d, $e, $f, $g, $h, $a, $b);
        round!($w, $bc, $i + 7, $b, $c, $d, $e, $f, $g, $h, $a);
    };
}

/// One compression of each lane's state with each lane's block, fully unrolled so the message
/// schedule and the working variables stay in registers (wasm locals).
#[inline(always)]
#[allow(unused_assignments)] // the last round's `a ^ b`, kept for a next round that never comes
fn compress<V: Lanes>(state: &mut [V; 8], blocks: &[&[u8; 64]; LANES]) {
    let [q0, q1, q2, q3] = [0, 1, 2, 3].map(|quarter| V::load(blocks, quarter));
    let mut w = [
        q0[0], q0[1], q0[2], q0[3], q1[0], q1[1], q1[2], q1[3], q2[0], q2[1], q2[2], q2[3], q3[0],
        q3[1], q3[2], q3[3],
    ];
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    let mut bc = b.xor(c);
    eight_rounds!(w, bc, 0, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 8, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 16, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 24, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 32, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 40, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 48, a, b, c, d, e, f, g, h);
    eight_rounds!(w, bc, 56, a, b, c, d, e, f, g, h);
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.add(v);
    }
}

/// A message being hashed in one lane.
struct Job<'m> {
    /// Index of the message (and of its digest).
    index: usize,
    message: &'m [u8],
    /// Full 64-byte blocks of the message left to hash, starting at `offset`.
    offset: usize,
    /// The last bytes of the message with the padding and the length: one or two blocks.
    tail: [u8; 128],
    tail_blocks: usize,
    /// Tail blocks hashed so far.
    tail_done: usize,
}

impl<'m> Job<'m> {
    fn new(index: usize, message: &'m [u8]) -> Self {
        let full = message.len() / 64 * 64;
        let rest = &message[full..];
        let mut tail = [0u8; 128];
        tail[..rest.len()].copy_from_slice(rest);
        tail[rest.len()] = 0x80;
        let tail_blocks = if rest.len() < 56 { 1 } else { 2 };
        let bits = (message.len() as u64).wrapping_mul(8);
        tail[64 * tail_blocks - 8..64 * tail_blocks].copy_from_slice(&bits.to_be_bytes());
        Job {
            index,
            message: &message[..full],
            offset: 0,
            tail,
            tail_blocks,
            tail_done: 0,
        }
    }

    fn block(&self) -> &[u8; 64] {
        let bytes = match self.message.get(self.offset..self.offset + 64) {
            Some(block) => block,
            None => &self.tail[64 * self.tail_done..64 * self.tail_done + 64],
        };
        bytes.first_chunk().unwrap_or(&ZERO_BLOCK)
    }

    /// Moves past the block just hashed; `true` when the message is done.
    fn advance(&mut self) -> bool {
        if self.offset < self.message.len() {
            self.offset += 64;
        } else {
            self.tail_done += 1;
        }
        self.tail_done == self.tail_blocks
    }
}

const ZERO_BLOCK: [u8; 64] = [0; 64];

fn multi_buffer<V: Lanes>(messages: &[&[u8]], digests: &mut [[u8; 32]]) {
    let mut state = [V::splat(0); 8];
    let mut jobs: [Option<Job<'_>>; LANES] = [None, None, None, None];
    let mut queued = messages.iter().enumerate();
    loop {
        for (lane, job) in jobs.iter_mut().enumerate() {
            if job.is_none() {
                if let Some((index, message)) = queued.next() {
                    *job = Some(Job::new(index, message));
                    for (s, iv) in state.iter_mut().zip(IV) {
                        *s = s.with_lane(lane, iv);
                    }
                }
            }
        }
        if jobs.iter().all(Option::is_none) {
            return;
        }
        let blocks: [&[u8; 64]; LANES] =
            std::array::from_fn(|lane| jobs[lane].as_ref().map_or(&ZERO_BLOCK, Job::block));
        compress(&mut state, &blocks);
        for (lane, slot) in jobs.iter_mut().enumerate() {
            let Some(job) = slot else { continue };
            if job.advance() {
                let digest = &mut digests[job.index];
                for (bytes, s) in digest.chunks_exact_mut(4).zip(&state) {
                    bytes.copy_from_slice(&s.lane(lane).to_be_bytes());
                }
                *slot = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so failures reproduce.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    fn check(messages: &[Vec<u8>]) {
        let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
        let expected: Vec<[u8; 32]> = refs.iter().map(|m| digest_one(m)).collect();
        let mut portable = vec![[0u8; 32]; refs.len()];
        digest_many_portable(&refs, &mut portable);
        assert_eq!(portable, expected, "lengths {:?}", lengths(messages));
        let mut dispatched = vec![[0u8; 32]; refs.len()];
        digest_many(&refs, &mut dispatched);
        assert_eq!(dispatched, expected, "lengths {:?}", lengths(messages));
    }

    fn lengths(messages: &[Vec<u8>]) -> Vec<usize> {
        messages.iter().map(Vec::len).collect()
    }

    #[test]
    fn known_answers() {
        let mut out = [[0u8; 32]; 2];
        digest_many_portable(&[b"", b"abc"], &mut out);
        assert_eq!(
            out[0][..4],
            [0xe3, 0xb0, 0xc4, 0x42],
            "SHA-256 of the empty string"
        );
        assert_eq!(out[1][..4], [0xba, 0x78, 0x16, 0xbf], "SHA-256 of abc");
    }

    #[test]
    fn every_length_around_the_block_boundaries() {
        // Every length from 0 to 300 (one, two, several blocks; 55/56/63/64/119/120 need one or
        // two padding blocks), in batches of every size from 0 to 9, so lanes finish at
        // different times and some stay idle.
        let messages: Vec<Vec<u8>> = (0..=300).map(|len| bytes(len as u64, len)).collect();
        for batch in 0..=9 {
            for group in messages
                .chunks(batch.max(1))
                .take(if batch == 0 { 0 } else { 40 })
            {
                check(group);
            }
        }
        check(&[]);
        check(&messages);
    }

    #[test]
    fn many_random_lengths() {
        let mut seed = 7u64;
        for round in 0..200 {
            let count = 1 + round % 13;
            let messages: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let len = (seed >> 33) as usize % 5000;
                    bytes(seed, len)
                })
                .collect();
            check(&messages);
        }
    }

    #[test]
    fn same_message_in_every_lane() {
        let message = bytes(1, 4100);
        check(&vec![message; 8]);
    }
}
