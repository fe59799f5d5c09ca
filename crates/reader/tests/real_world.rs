//! The real Get-WindowsAutoPilotInfo files of `../shared/real-world/` (public repositories; see
//! its README): every one reads with the devices and problems listed there, every hash decodes to
//! the serial, manufacturer and model of its machine, and the registration service accepts them.

use autopilot_hash::hardware_hash;
use autopilot_reader::{
    read_files, Code, Encoding, ImportOptions, ImportReport, Problem, Severity,
};
use autopilot_service::device::{DeviceState, Millis, Profile, RealTime, TenantTime};
use autopilot_service::service::{Service, ServiceSettings, Submission, TenantInfo};
use std::path::PathBuf;

/// `../shared/real-world/` beside the checkout (`REAL_WORLD_DIR` overrides it).
fn dir() -> PathBuf {
    std::env::var_os("REAL_WORLD_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-world"),
        PathBuf::from,
    )
}

fn read(name: &str) -> ImportReport {
    let path = dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. The real files live in ../shared/real-world beside the checkout (or set REAL_WORLD_DIR).",
            path.display()
        )
    });
    read_files([(name, bytes)], ImportOptions::default())
}

/// Serial, manufacturer and model of one machine.
type Machine = (&'static str, &'static str, &'static str);

/// (file, encoding, its machines) as the files' README lists them.
const FILES: [(&str, Encoding, &[Machine]); 5] = [
    (
        "gwai_utf16le_hp-elitebook-650-g10__churlbap.csv",
        Encoding::Utf16Le,
        &[(
            "5CD349G8VJ",
            "HP",
            "HP EliteBook 650 15.6 inch G10 Notebook PC",
        )],
    ),
    (
        "gwai_utf16le_lenovo-p14s-gen5__Pmedley26-6cc4304.csv",
        Encoding::Utf16Le,
        &[("PF5NRH33", "LENOVO", "21G2001VUS")],
    ),
    (
        "gwai_utf16le_vmware20-1-xeon-notpm__M3sterKw0n.csv",
        Encoding::Utf16Le,
        &[(
            "VMware-56 4d 8d 37 93 fe f5 0e-88 0c 3d 23 2b a1 5a 41",
            "VMware, Inc.",
            "VMware20,1",
        )],
    ),
    (
        "gwai_ascii_noeol_2x-hyperv-vm__poj92.csv",
        Encoding::Utf8,
        &[
            (
                "5630-7897-6741-9919-3275-7596-73",
                "Microsoft Corporation",
                "Virtual Machine",
            ),
            (
                "6817-1196-5517-5371-0407-0924-11",
                "Microsoft Corporation",
                "Virtual Machine",
            ),
        ],
    ),
    (
        "gwai_utf16le_grouptag_vmware-fusion-applesilicon__HexDK.csv",
        Encoding::Utf16Le,
        &[("F98059756E444D56", "VMware, Inc.", "VMware20,1")],
    ),
];

#[test]
fn every_real_file_reads_its_devices_with_no_error() {
    for (name, encoding, expected) in FILES {
        let report = read(name);
        assert_eq!(report.files[0].encoding, Some(encoding), "{name}");
        let got: Vec<(&str, &str, &str)> = report
            .devices
            .iter()
            .map(|d| (d.serial.as_str(), d.manufacturer.as_str(), d.model.as_str()))
            .collect();
        assert_eq!(got, expected, "{name}");
        assert_eq!(
            report.count(Severity::Error),
            0,
            "{name}: {:?}",
            report.problems
        );
        let warnings: Vec<Code> = report.problems.iter().map(|p| p.code).collect();
        if name.contains("grouptag") {
            assert_eq!(warnings, [Code::GroupTagReplaced], "{name}");
            assert!(report.problems[0].message.contains("SP001_STD01"));
        } else {
            assert!(warnings.is_empty(), "{name}: {:?}", report.problems);
        }
    }
}

#[test]
fn real_hashes_are_4000_characters_without_padding_and_name_their_machine() {
    let mut scratch = Vec::new();
    let mut decoded = 0;
    for (name, _, expected) in FILES {
        for (device, (serial, maker, model)) in read(name).devices.iter().zip(expected) {
            let hash = device.hardware_hash.as_deref().expect("a hash");
            assert_eq!(hash.len(), 4_000, "{name}");
            assert!(!hash.ends_with('='), "{name}: real hashes carry no padding");
            let info = hardware_hash::decode(hash, &mut scratch).expect("decodes");
            assert_eq!(
                (
                    info.serial.as_str(),
                    info.manufacturer.as_str(),
                    info.model.as_str()
                ),
                (*serial, *maker, *model),
                "{name}"
            );
            assert!(!info.padding_fixed, "{name}");
            decoded += 1;
        }
    }
    assert_eq!(decoded, 6);
}

#[test]
fn the_service_registers_every_real_device() {
    let info = TenantInfo {
        name: "Contoso".into(),
        domains: vec!["contoso.com".into()],
        users: Vec::new(),
        kiosk_enabled: false,
    };
    let mut service = Service::new(
        info,
        ServiceSettings {
            processing_delay_ms: Millis(0),
            inject_faults: 0,
        },
    );
    let batch: Vec<Submission> = FILES
        .iter()
        .flat_map(|(name, _, _)| read(name).devices)
        .map(|d| Submission::from(&d))
        .collect();
    let added = service
        .submit(batch, Profile::Standard, RealTime(0))
        .expect("accepted");
    service.process_due(RealTime(0));
    for device in &added {
        let now = service.device(&device.id).map(|d| d.state(TenantTime(0)));
        assert_eq!(now, Some(DeviceState::ReadyForUser), "{}", device.serial);
    }
    assert_eq!(added.len(), 6);
}

/// Rows pasted into the fly-in instead of a file: the data lines of each real file, without its
/// header, as a copied spreadsheet range holds them (tab-separated, CRLF) or as lines of the file
/// itself (`serial,productid,hash`). They read as the same devices, named "pasted rows".
#[test]
fn pasted_rows_without_a_header_read_as_the_file_does() {
    for (name, encoding, expected) in FILES {
        let bytes = std::fs::read(dir().join(name)).expect("the real file");
        let text = match encoding {
            Encoding::Utf16Le => {
                let units: Vec<u16> = bytes[2..]
                    .chunks_exact(2)
                    .map(|p| u16::from_le_bytes([p[0], p[1]]))
                    .collect();
                String::from_utf16(&units).expect("UTF-16")
            }
            _ => String::from_utf8(bytes).expect("UTF-8"),
        };
        // The first three cells of each data line, unquoted, as a spreadsheet copies them.
        let rows: Vec<Vec<String>> = text
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                l.split(',')
                    .take(3)
                    .map(|c| c.trim_matches('"').to_owned())
                    .collect()
            })
            .collect();
        for separator in ["\t", ","] {
            let pasted: String = rows
                .iter()
                .map(|r| format!("{}\r\n", r.join(separator)))
                .collect();
            let report = read_files(
                [("pasted rows", pasted.into_bytes())],
                ImportOptions::default(),
            );
            let got: Vec<(&str, &str, &str)> = report
                .devices
                .iter()
                .map(|d| (d.serial.as_str(), d.manufacturer.as_str(), d.model.as_str()))
                .collect();
            assert_eq!(got, expected, "{name}, {separator:?}");
            assert_eq!(report.devices[0].file, "pasted rows");
            assert_eq!(report.devices[0].line, 1, "the first line is a device");
            assert_eq!(
                report.files[0].layout,
                Some(autopilot_reader::header::Layout::ScriptNoHeader)
            );
            assert_eq!(report.count(Severity::Error), 0, "{:?}", report.problems);
            assert_eq!(
                report.devices[0].hardware_hash,
                read(name).devices[0].hardware_hash,
                "the same hash"
            );
        }
    }
}

/// A damaged hash on the first pasted line (cut, with a blank in it) still reads as a hash
/// column: that row is refused for its hash, the others are read, and no hash becomes a serial.
#[test]
fn a_damaged_hash_on_the_first_pasted_line_is_refused_not_read_as_a_serial() {
    let good = read("gwai_ascii_noeol_2x-hyperv-vm__poj92.csv");
    let cell = |i: usize| good.devices[i].hardware_hash.clone().expect("a hash");
    let damaged = format!("{} {}", &cell(0)[..100], &cell(0)[100..300]);
    let pasted = format!(
        "CUT-1\t\t{damaged}\r\n{}\t\t{}\r\n",
        good.devices[1].serial,
        cell(1)
    );
    let report = read_files(
        [("pasted rows", pasted.into_bytes())],
        ImportOptions::default(),
    );
    assert_eq!(
        report.files[0].layout,
        Some(autopilot_reader::header::Layout::ScriptNoHeader)
    );
    let serials: Vec<&str> = report.devices.iter().map(|d| d.serial.as_str()).collect();
    assert_eq!(serials, [good.devices[1].serial.as_str()]);
    let refused: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", report.problems);
    assert_eq!(refused[0].line, Some(1));
    assert_eq!(refused[0].serial.as_deref(), Some("CUT-1"));
}
