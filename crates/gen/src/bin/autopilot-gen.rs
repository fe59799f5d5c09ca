//! Writes synthetic registration files: structurally valid hashes of devices that do not exist.
//!
//! `autopilot-gen [--count N] [--layout L] [--encoding E] [--seed S] [--domain D] [--group-tag T]
//! [--lf] [--quoted] [--hash-len N] -o FILE` (`-o -` writes to standard output).

use autopilot_gen::{self as generate, GenOptions, WriteOptions};
use autopilot_reader::{Encoding, Layout};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: autopilot-gen [options] -o FILE

Writes a synthetic Windows Autopilot registration file. Defaults: 10 devices, the
Get-WindowsAutoPilotInfo layout, UTF-16LE with BOM and CRLF (Windows PowerShell 5.1).

  --count N        number of devices (default 10)
  --layout L       script | group-tag | user | partner | legacy | tuple | tuple-noheader
  --encoding E     utf8 | utf8-bom | utf16le | utf16be | windows1252
  --seed S         random seed (default 1); the same seed writes the same file
  --domain D       assign users in domain D (default contoso.com for --layout user)
  --group-tag T    group tag for every row
  --hash-len N     typical hash length in characters (default 3900)
  --lf             LF line ends instead of CRLF
  --quoted         quote every field
  -o FILE          output file, - for standard output";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("autopilot-gen: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut count = 10usize;
    let mut gen = GenOptions::default();
    let mut write = WriteOptions::powershell_5();
    let mut output = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--count" => count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--seed" => gen.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--hash-len" => {
                gen.hash_len = value()?.parse().map_err(|e| format!("--hash-len: {e}"))?
            }
            "--domain" => gen.user_domain = Some(value()?),
            "--group-tag" => gen.group_tag = value()?,
            "--layout" => write.layout = layout(&value()?)?,
            "--encoding" => write.encoding = encoding(&value()?)?,
            "--lf" => write.crlf = false,
            "--quoted" => write.quoted = true,
            "-o" | "--output" => output = Some(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if write.layout == Layout::WithUser && gen.user_domain.is_none() {
        gen.user_domain = Some("contoso.com".to_owned());
    }
    let output = output.ok_or("no output file (-o FILE)")?;
    let bytes = generate::file_bytes(&generate::devices(count, &gen), &write);
    if output == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| e.to_string())
    } else {
        std::fs::write(&output, bytes).map_err(|e| format!("cannot write {output}: {e}"))
    }
}

fn layout(name: &str) -> Result<Layout, String> {
    Ok(match name {
        "script" => Layout::ScriptDefault,
        "group-tag" => Layout::WithGroupTag,
        "user" => Layout::WithUser,
        "partner" => Layout::Partner,
        "legacy" => Layout::LegacyMmd,
        "tuple" => Layout::Tuple,
        "tuple-noheader" => Layout::TupleNoHeader,
        other => return Err(format!("unknown layout {other}")),
    })
}

fn encoding(name: &str) -> Result<Encoding, String> {
    Ok(match name {
        "utf8" => Encoding::Utf8,
        "utf8-bom" => Encoding::Utf8Bom,
        "utf16le" => Encoding::Utf16Le,
        "utf16be" => Encoding::Utf16Be,
        "windows1252" => Encoding::Windows1252,
        other => return Err(format!("unknown encoding {other}")),
    })
}
