//! Finding the same device twice in one upload. A hash changes every time it is captured, so two
//! rows of one device rarely share their hash text: devices are matched by the decoded
//! (manufacturer, serial) pair, falling back to the serial column (spec §2, Rule).

use autopilot_service::device::DeviceKey;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Where a device was first seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstSeen {
    /// Index of the file among those read.
    pub file: usize,
    /// Line in that file.
    pub line: u32,
}

/// Devices seen so far in an upload.
#[derive(Debug, Default)]
pub struct Duplicates {
    seen: HashMap<DeviceKey, FirstSeen, SeededFx>,
}

/// Builds [`Fx`] hashers that start from a seed taken from the standard library's random hash
/// keys, so that keys colliding on purpose cannot be prepared in advance where those keys are
/// random (natively); in the browser the standard keys are fixed anyway.
#[derive(Debug, Clone)]
struct SeededFx(u64);

impl Default for SeededFx {
    fn default() -> Self {
        SeededFx(RandomState::new().hash_one(0x5eed_u64))
    }
}

impl BuildHasher for SeededFx {
    type Hasher = Fx;

    fn build_hasher(&self) -> Fx {
        Fx(self.0)
    }
}

/// The Firefox/rustc hash (a rotate, a xor and a multiply per 8 bytes): keys are short and this
/// is several times cheaper than SipHash, which showed in the browser profile.
#[derive(Debug, Clone)]
struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        self.add(bytes.len() as u64);
        let mut words = bytes.chunks_exact(8);
        for word in words.by_ref() {
            self.add(u64::from_le_bytes(std::array::from_fn(|i| word[i])));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            self.add(u64::from_le_bytes(std::array::from_fn(|i| {
                rest.get(i).copied().unwrap_or(0)
            })));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // The multiply mixes upwards only; bring the well-mixed high bits down to where the
        // table takes its bucket index.
        self.0.rotate_left(26)
    }
}

impl Duplicates {
    /// Records a device; returns where it was first seen when it is a duplicate (the later row is
    /// the one reported).
    pub fn insert(&mut self, key: DeviceKey, file: usize, line: u32) -> Option<FirstSeen> {
        match self.seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(FirstSeen { file, line });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_maker_and_serial_is_a_duplicate_whatever_the_case_of_the_maker() {
        let mut d = Duplicates::default();
        assert_eq!(d.insert(DeviceKey::new("Dell Inc.", "ABC"), 0, 2), None);
        assert_eq!(
            d.insert(DeviceKey::new("DELL INC.", " ABC "), 1, 7),
            Some(FirstSeen { file: 0, line: 2 })
        );
        assert_eq!(
            d.insert(DeviceKey::new("HP", "ABC"), 1, 8),
            None,
            "another maker's serial"
        );
        assert_eq!(
            d.insert(DeviceKey::new("Dell Inc.", "abc"), 1, 9),
            None,
            "serials are exact"
        );
    }
}
