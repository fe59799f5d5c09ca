//! The demo fleet: plausible devices of four makers with structurally valid hashes (spec §3: OA3
//! records, CS trailer, SHA-256) that describe no real device. Serials come from a seeded
//! generator, so the same seed gives the same devices. The demo tenant is seeded from it, and the
//! test kit (`autopilot-gen`) writes its devices to files in every layout and encoding.

use crate::device::Source;
use crate::rng::Rng;
use crate::service::Submission;
use autopilot_hash::base64;
use autopilot_hash::hardware_hash::{
    HashBuilder, RECORD_MANUFACTURER, RECORD_MODEL, RECORD_SERIAL,
};
use std::collections::HashSet;

/// A synthetic device, as a registration file row describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenDevice {
    /// Serial number (also inside the hash).
    pub serial: String,
    /// SMBIOS manufacturer.
    pub manufacturer: String,
    /// SMBIOS product name.
    pub model: String,
    /// Group tag, possibly empty.
    pub group_tag: String,
    /// Assigned user UPN, possibly empty.
    pub assigned_user: String,
    /// Base64 hardware hash.
    pub hardware_hash: String,
}

/// How devices are generated.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Seed of the random generator.
    pub seed: u64,
    /// Domain of generated users; `None` leaves Assigned User empty.
    pub user_domain: Option<String>,
    /// Group tag written on every row.
    pub group_tag: String,
    /// Typical base64 length of a hash; each hash varies ±10 % around it (real ones: 1,300–4,100).
    pub hash_len: usize,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 1,
            user_domain: None,
            group_tag: String::new(),
            hash_len: 3_900,
        }
    }
}

/// A manufacturer with its models and the shape of its serial numbers.
struct Maker {
    name: &'static str,
    models: &'static [&'static str],
    serial_prefix: &'static str,
    serial_len: usize,
    serial_alphabet: &'static [u8],
}

const CATALOGUE: &[Maker] = &[
    Maker {
        name: "Microsoft Corporation",
        models: &[
            "Surface Laptop 5",
            "Surface Pro 9",
            "Surface Laptop 6 for Business",
        ],
        serial_prefix: "0",
        serial_len: 12,
        serial_alphabet: b"0123456789",
    },
    Maker {
        name: "Dell Inc.",
        models: &["Latitude 7440", "Latitude 5540", "OptiPlex 7010"],
        serial_prefix: "",
        serial_len: 7,
        serial_alphabet: b"0123456789BCDFGHJKLMNPQRSTVWXYZ",
    },
    Maker {
        name: "HP",
        models: &[
            "HP EliteBook 840 G10 Notebook PC",
            "HP ProBook 450 G10 Notebook PC",
        ],
        serial_prefix: "5CG",
        serial_len: 10,
        serial_alphabet: b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ",
    },
    Maker {
        name: "LENOVO",
        models: &["21HD", "20XW", "21CB"],
        serial_prefix: "PF",
        serial_len: 8,
        serial_alphabet: b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ",
    },
];

const FIRST: &[&str] = &[
    "megan",
    "alex",
    "diego",
    "adele",
    "lynne",
    "grady",
    "isaiah",
    "joni",
    "lee",
    "nestor",
    "patti",
    "pradeep",
    "miriam",
    "johanna",
    "henrietta",
    "irvin",
];
const LAST: &[&str] = &[
    "bowen",
    "wilber",
    "siciliani",
    "vance",
    "robbins",
    "archie",
    "langer",
    "sherman",
    "gu",
    "wilke",
    "fernandez",
    "gupta",
    "graham",
    "lorenz",
    "mueller",
    "sayer",
];

/// The devices of the OEM catalogue: (manufacturer, model) pairs the generator uses.
pub fn catalogue_models() -> Vec<(&'static str, &'static str)> {
    CATALOGUE
        .iter()
        .flat_map(|maker| maker.models.iter().map(move |m| (maker.name, *m)))
        .collect()
}

/// `count` devices with distinct serials.
pub fn devices(count: usize, options: &GenOptions) -> Vec<GenDevice> {
    let mut rng = Rng::new(options.seed);
    let mut serials = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let device = device(&mut rng, options);
        if serials.insert(device.serial.clone()) {
            out.push(device);
        }
    }
    out
}

/// `count` devices as the portal submits them after reading them from `file` (header on line 1,
/// so the first device is on line 2).
pub fn submissions(count: usize, options: &GenOptions, file: &str) -> Vec<Submission> {
    devices(count, options)
        .into_iter()
        .enumerate()
        .map(|(i, d)| Submission {
            serial: d.serial,
            manufacturer: d.manufacturer,
            model: d.model,
            assigned_user: d.assigned_user,
            hardware_hash: Some(d.hardware_hash),
            source: Some(Source {
                file: file.to_owned(),
                line: i as u32 + 2,
            }),
        })
        .collect()
}

/// One device.
pub fn device(rng: &mut Rng, options: &GenOptions) -> GenDevice {
    let maker = rng.pick(CATALOGUE);
    let model = (*rng.pick(maker.models)).to_owned();
    let serial = format!(
        "{}{}",
        maker.serial_prefix,
        rng.chars(
            maker.serial_len - maker.serial_prefix.len(),
            maker.serial_alphabet
        )
    );
    let assigned_user = match &options.user_domain {
        Some(domain) => format!("{}.{}@{domain}", rng.pick(FIRST), rng.pick(LAST)),
        None => String::new(),
    };
    let spread = options.hash_len / 10;
    let target = options.hash_len - spread + rng.below(2 * spread as u64 + 1) as usize;
    let hardware_hash = hash(rng, &serial, maker.name, &model, target);
    GenDevice {
        serial,
        manufacturer: maker.name.to_owned(),
        model,
        group_tag: options.group_tag.clone(),
        assigned_user,
        hardware_hash,
    }
}

/// A structurally valid base64 hash of about `target_len` characters.
pub fn hash(
    rng: &mut Rng,
    serial: &str,
    manufacturer: &str,
    model: &str,
    target_len: usize,
) -> String {
    let mut gpu = Vec::new();
    for unit in "Intel(R) Iris(R) Xe Graphics".encode_utf16() {
        gpu.extend_from_slice(&unit.to_le_bytes());
    }
    let builder = HashBuilder::new()
        .text(1, "10.0.22631.2861\u{1}x64")
        .record(2, &[1, 10, 12])
        .text(3, "GenuineIntel")
        .text(4, "13th Gen Intel(R) Core(TM) i7-1365U")
        .record(5, &(16u64 << 30).to_le_bytes())
        .record(6, &rng.bytes(24))
        .text(7, &rng.chars(16, b"0123456789ABCDEF"))
        .record(8, &rng.bytes(6))
        .record(8, &rng.bytes(6))
        .record(9, &[0x80, 0x07, 0x38, 0x04])
        .record(10, &[9, 2])
        .record(11, &rng.bytes(32))
        .record(12, &rng.bytes(16))
        .text(13, "2.0")
        .text(RECORD_SERIAL, serial)
        .text(15, "Insyde Corp.")
        .text(RECORD_MANUFACTURER, manufacturer)
        .text(RECORD_MODEL, model)
        .text(18, &rng.chars(8, b"0123456789ABCDEF"))
        .text(19, "Notebook")
        .record(25, &rng.bytes(32))
        .record(27, &gpu);
    // Base64 grows bytes by 4/3; fill the rest with an "other" record, as real hashes have.
    let wanted_bytes = target_len * 3 / 4;
    let filler = wanted_bytes
        .saturating_sub(builder.len() + 4 + 36)
        .min(60_000);
    base64::encode(&builder.record(30, &rng.bytes(filler)).finish(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use autopilot_hash::hardware_hash;

    #[test]
    fn hashes_are_valid_and_about_the_asked_length() {
        let devices = devices(50, &GenOptions::default());
        let mut scratch = Vec::new();
        for d in &devices {
            let info = hardware_hash::decode(&d.hardware_hash, &mut scratch).expect("valid hash");
            assert_eq!(info.serial, d.serial);
            assert_eq!(info.manufacturer, d.manufacturer);
            assert_eq!(info.model, d.model);
            assert!(d.hardware_hash.starts_with("T0"));
            assert!(
                (3_400..=4_400).contains(&d.hardware_hash.len()),
                "{}",
                d.hardware_hash.len()
            );
        }
    }

    #[test]
    fn same_seed_same_devices_distinct_serials() {
        let a = devices(200, &GenOptions::default());
        let b = devices(200, &GenOptions::default());
        assert_eq!(a, b);
        let serials: HashSet<_> = a.iter().map(|d| &d.serial).collect();
        assert_eq!(serials.len(), 200);
    }
}
