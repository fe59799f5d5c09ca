//! Times one read of a generated 10,000-device file: `cargo run --release -p autopilot-reader --example time_import`.

use autopilot_gen::{self as generate, GenOptions, WriteOptions};
use autopilot_reader::{read_files, Encoding, ImportOptions, Layout};
use std::time::Instant;

fn main() {
    let devices = generate::devices(10_000, &GenOptions::default());
    for options in [
        WriteOptions {
            layout: Layout::ScriptDefault,
            encoding: Encoding::Utf8,
            crlf: false,
            quoted: false,
        },
        WriteOptions::powershell_5(),
    ] {
        let bytes = generate::file_bytes(&devices, &options);
        let size = bytes.len();
        let start = Instant::now();
        let report = read_files([("bench.csv", bytes)], ImportOptions::default());
        let elapsed = start.elapsed();
        println!(
            "{:?}: {} devices, {:.1} MB in {:.0} ms ({:.0} MB/s)",
            options.encoding,
            report.devices.len(),
            size as f64 / 1e6,
            elapsed.as_secs_f64() * 1e3,
            size as f64 / 1e6 / elapsed.as_secs_f64()
        );
    }
}
