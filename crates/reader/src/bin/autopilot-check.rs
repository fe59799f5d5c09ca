//! Checks registration files before they are uploaded, for scripts and pipelines.
//!
//! `autopilot-check [--json] [--domain DOMAIN]... FILE...`: prints a readable report, or one JSON
//! object with `--json`. Exit status: 0 when no row has an error, 1 when some do, 2 when a file
//! could not be read at all.

use autopilot_reader::{ImportOptions, ImportReport, Severity};
use clap::Parser;
use serde_json::json;
use std::process::ExitCode;

/// Reads Windows Autopilot registration files (CSV of hardware hashes), checks every row and
/// prints the devices that can be registered and every problem found.
///
/// Exit status: 0 no errors, 1 some rows or files have errors, 2 a file could not be read (or the
/// arguments are wrong).
#[derive(Parser)]
#[command(name = "autopilot-check", version)]
struct Args {
    /// Print one JSON object: {"devices":[...],"problems":[...]}.
    #[arg(long)]
    json: bool,
    /// The tenant's domain; Assigned Users must be in one (repeatable).
    #[arg(long = "domain", value_name = "DOMAIN")]
    domains: Vec<String>,
    /// The files to check.
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<String>,
}

fn main() -> ExitCode {
    let Args {
        json: json_out,
        domains,
        paths,
    } = Args::parse();
    let options = ImportOptions {
        tenant_domains: (!domains.is_empty()).then_some(domains),
        ..ImportOptions::default()
    };
    let mut importer = autopilot_reader::Importer::new(options);
    let mut unreadable = false;
    for path in &paths {
        match std::fs::read(path) {
            Ok(bytes) => importer.add_file(path, bytes),
            Err(err) => {
                unreadable = true;
                eprintln!("autopilot-check: cannot read {path}: {err}");
            }
        }
    }
    let report = importer.finish();
    if json_out {
        print_json(&report);
    } else {
        print_text(&report);
    }
    let code = if unreadable { 2 } else { report.exit_code() };
    ExitCode::from(code as u8)
}

fn print_json(report: &ImportReport) {
    let devices: Vec<_> = report
        .devices
        .iter()
        .map(|d| {
            json!({
                "file": d.file, "line": d.line, "serial": d.serial, "manufacturer": d.manufacturer,
                "model": d.model, "group_tag": d.group_tag, "assigned_user": d.assigned_user,
            })
        })
        .collect();
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "file": p.file, "line": p.line, "severity": p.severity, "code": p.code,
                "message": p.message,
            })
        })
        .collect();
    println!("{}", json!({ "devices": devices, "problems": problems }));
}

fn print_text(report: &ImportReport) {
    for file in &report.files {
        let encoding = file.encoding.map_or("unreadable", |e| e.label());
        let layout = file.layout.map_or("no header understood", |l| l.label());
        println!(
            "{}: {encoding}, {layout}; {} of {} rows can be registered",
            file.name, file.devices, file.rows
        );
    }
    if !report.problems.is_empty() {
        println!();
    }
    for problem in &report.problems {
        println!("{problem}");
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    println!(
        "\n{} device{} ready to register; {errors} error{}, {warnings} warning{}.",
        report.devices.len(),
        if report.devices.len() == 1 { "" } else { "s" },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
}
