//! Reading and fully validating 10,000 devices (~40 MB): decode, CSV, base64, OA3 walk, SHA-256,
//! duplicates. Run with `cargo bench -p autopilot-reader --bench import`.

use autopilot_gen::{self as generate, GenOptions, WriteOptions};
use autopilot_reader::{read_files, Encoding, ImportOptions, Layout};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

fn import(c: &mut Criterion) {
    let devices = generate::devices(10_000, &GenOptions::default());
    let mut group = c.benchmark_group("read 10,000 devices");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, options) in [
        (
            "utf8 lf",
            WriteOptions {
                layout: Layout::ScriptDefault,
                encoding: Encoding::Utf8,
                crlf: false,
                quoted: false,
            },
        ),
        (
            "utf16le crlf (PowerShell 5.1)",
            WriteOptions::powershell_5(),
        ),
    ] {
        let bytes = generate::file_bytes(&devices, &options);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let report = read_files([("bench.csv", bytes.clone())], ImportOptions::default());
                assert_eq!(report.devices.len(), 10_000);
                report
            })
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
