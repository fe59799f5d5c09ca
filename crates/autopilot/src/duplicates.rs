//! Finding the same device twice in one upload. A hash changes every time it is captured, so two
//! rows of one device rarely share their hash text: devices are matched by the decoded
//! (manufacturer, serial) pair, falling back to the serial column (spec §2, Rule).

use std::collections::HashMap;

/// What identifies a device: manufacturer (case-insensitive) and serial (exact, trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceKey {
    manufacturer: String,
    serial: String,
}

impl DeviceKey {
    /// The key of a device; `manufacturer` may be empty when it is not known.
    pub fn new(manufacturer: &str, serial: &str) -> Self {
        DeviceKey {
            manufacturer: manufacturer.trim().to_lowercase(),
            serial: serial.trim().to_owned(),
        }
    }
}

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
    seen: HashMap<DeviceKey, FirstSeen>,
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
