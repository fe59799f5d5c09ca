//! Writes the e2e suite's CSV fixtures (synthetic hashes, no real device):
//! `cargo run -p autopilot-gen --example e2e_fixtures -- e2e/fixtures`.

use autopilot_gen::{self as generate, GenOptions, WriteOptions};
use autopilot_hash::base64;
use autopilot_hash::hardware_hash::HashBuilder;
use autopilot_reader::{Encoding, Layout};
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "e2e/fixtures".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let small = |seed| GenOptions {
        seed,
        hash_len: 1_800,
        ..GenOptions::default()
    };

    // What Get-WindowsAutoPilotInfo writes on Windows PowerShell 5.1: UTF-16LE + BOM, CRLF.
    let ps51 = generate::devices(3, &small(101));
    std::fs::write(
        dir.join("hardwarehash-ps51.csv"),
        generate::file_bytes(&ps51, &WriteOptions::powershell_5()),
    )?;

    // Intune layout: two good rows (one claimed by another organisation), a damaged hash and a
    // user outside the tenant's domains.
    let mut rng = generate::Rng::new(202);
    let mut good = generate::devices(
        2,
        &GenOptions {
            seed: 202,
            hash_len: 1_800,
            user_domain: Some("contoso.com".into()),
            ..GenOptions::default()
        },
    );
    good[1].serial = "5CG0CLAIMED1".into();
    good[1].manufacturer = "HP".into();
    good[1].hardware_hash = generate::hash(
        &mut rng,
        "5CG0CLAIMED1",
        "HP",
        "HP EliteBook 840 G10 Notebook PC",
        1_800,
    );
    let mut broken = generate::devices(1, &small(203)).remove(0);
    let mut blob = Vec::new();
    base64::decode_into(&broken.hardware_hash, &mut blob).expect("generated hashes are valid");
    let n = usize::from(u16::from_le_bytes([blob[2], blob[3]]));
    blob[n - 5] ^= 0x5A;
    broken.hardware_hash = base64::encode(&blob);
    let mut outsider = generate::devices(1, &small(204)).remove(0);
    outsider.assigned_user = "someone@fabrikam.com".into();
    let rows = vec![good[0].clone(), broken, good[1].clone(), outsider];
    let options = WriteOptions {
        layout: Layout::WithUser,
        encoding: Encoding::Utf8Bom,
        crlf: false,
        quoted: false,
    };
    std::fs::write(
        dir.join("mixed-problems.csv"),
        generate::file_bytes(&rows, &options),
    )?;

    // Not a CSV at all, and an empty file.
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    png.extend(HashBuilder::new().record(1, &[0u8; 64]).finish(0));
    std::fs::write(dir.join("photo.png"), png)?;
    std::fs::write(dir.join("empty.csv"), [])?;
    println!("fixtures written to {}", dir.display());
    Ok(())
}
