//! Checks registration files before they are uploaded, for scripts and pipelines.
//!
//! `autopilot-check [--json] [--lang en|nl] [--domain DOMAIN]... FILE...`: prints a readable
//! report, or one JSON object with `--json`, its messages in English or Dutch (the problem codes
//! are the same in both). Exit status: 0 when no row has an error, 1 when some do, 2 when a file
//! could not be read at all.

use autopilot_i18n::{tr, Lang};
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
    /// The language of the messages: en or nl [default: from LC_ALL, LC_MESSAGES or LANG, else
    /// en].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    /// The tenant's domain; Assigned Users must be in one (repeatable).
    #[arg(long = "domain", value_name = "DOMAIN")]
    domains: Vec<String>,
    /// The files to check.
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<String>,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text)
        .ok_or_else(|| format!("{text:?} is not a language this tool speaks: en or nl"))
}

/// The shell's language: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set.
fn shell_lang() -> Lang {
    let set: Vec<String> = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .filter(|v| !v.is_empty())
        .take(1)
        .collect();
    Lang::negotiate(set.iter().map(String::as_str))
}

fn main() -> ExitCode {
    let Args {
        json: json_out,
        lang,
        domains,
        paths,
    } = Args::parse();
    let lang = lang.unwrap_or_else(shell_lang);
    let options = ImportOptions {
        tenant_domains: (!domains.is_empty()).then_some(domains),
        lang,
        ..ImportOptions::default()
    };
    let mut importer = autopilot_reader::Importer::new(options);
    let mut unreadable = false;
    for path in &paths {
        match std::fs::read(path) {
            Ok(bytes) => importer.add_file(path, bytes),
            Err(err) => {
                unreadable = true;
                let message = tr!(
                    lang,
                    "check-cannot-read",
                    path = path.as_str(),
                    error = err.to_string()
                );
                eprintln!("autopilot-check: {message}");
            }
        }
    }
    let report = importer.finish();
    if json_out {
        print_json(&report);
    } else {
        print_text(&report, lang);
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

fn print_text(report: &ImportReport, lang: Lang) {
    for file in &report.files {
        let encoding = file
            .encoding
            .map_or_else(|| tr!(lang, "check-unreadable"), |e| e.label_in(lang));
        let layout = file
            .layout
            .map_or_else(|| tr!(lang, "check-no-header"), |l| l.label_in(lang));
        let line = tr!(
            lang,
            "check-file",
            file = file.name.as_str(),
            encoding = encoding,
            layout = layout,
            devices = file.devices,
            rows = file.rows
        );
        println!("{line}");
    }
    if !report.problems.is_empty() {
        println!();
    }
    for problem in &report.problems {
        println!("{problem}");
    }
    let summary = tr!(
        lang,
        "check-summary",
        devices = report.devices.len(),
        errors = report.count(Severity::Error),
        warnings = report.count(Severity::Warning)
    );
    println!("\n{summary}");
}
