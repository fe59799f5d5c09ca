//! Writes synthetic registration files: structurally valid hashes of devices that do not exist.
//! `autopilot-gen --help` lists the options.

use autopilot_gen::{GenOptions, WriteOptions};
use autopilot_reader::{Encoding, Layout};
use clap::{Parser, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

/// Writes a synthetic Windows Autopilot registration file. Defaults: 10 devices, the
/// Get-WindowsAutoPilotInfo layout, UTF-16LE with BOM and CRLF (Windows PowerShell 5.1).
#[derive(Parser)]
#[command(name = "autopilot-gen", version)]
struct Args {
    /// Number of devices.
    #[arg(long, default_value_t = 10)]
    count: usize,
    /// Columns and header.
    #[arg(long, value_enum, default_value_t = LayoutArg::Script)]
    layout: LayoutArg,
    /// Text encoding (with a BOM where the encoding has one).
    #[arg(long, value_enum, default_value_t = EncodingArg::Utf16le)]
    encoding: EncodingArg,
    /// Random seed; the same seed writes the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Assign users in this domain [default: contoso.com for --layout user].
    #[arg(long)]
    domain: Option<String>,
    /// Group tag for every row.
    #[arg(long, default_value = "")]
    group_tag: String,
    /// Typical hash length in characters.
    #[arg(long, default_value_t = 3_900)]
    hash_len: usize,
    /// LF line ends instead of CRLF.
    #[arg(long)]
    lf: bool,
    /// Quote every field.
    #[arg(long)]
    quoted: bool,
    /// Output file; - for standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum LayoutArg {
    Script,
    GroupTag,
    User,
    Partner,
    Legacy,
    Tuple,
    TupleNoheader,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    Utf8,
    Utf8Bom,
    Utf16le,
    Utf16be,
    Windows1252,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let layout = match args.layout {
        LayoutArg::Script => Layout::ScriptDefault,
        LayoutArg::GroupTag => Layout::WithGroupTag,
        LayoutArg::User => Layout::WithUser,
        LayoutArg::Partner => Layout::Partner,
        LayoutArg::Legacy => Layout::LegacyMmd,
        LayoutArg::Tuple => Layout::Tuple,
        LayoutArg::TupleNoheader => Layout::TupleNoHeader,
    };
    let encoding = match args.encoding {
        EncodingArg::Utf8 => Encoding::Utf8,
        EncodingArg::Utf8Bom => Encoding::Utf8Bom,
        EncodingArg::Utf16le => Encoding::Utf16Le,
        EncodingArg::Utf16be => Encoding::Utf16Be,
        EncodingArg::Windows1252 => Encoding::Windows1252,
    };
    let user_domain = args
        .domain
        .or_else(|| (layout == Layout::WithUser).then(|| "contoso.com".to_owned()));
    let gen = GenOptions {
        seed: args.seed,
        user_domain,
        group_tag: args.group_tag,
        hash_len: args.hash_len,
    };
    let write = WriteOptions {
        layout,
        encoding,
        crlf: !args.lf,
        quoted: args.quoted,
    };
    let bytes = autopilot_gen::file_bytes(&autopilot_gen::devices(args.count, &gen), &write);
    let written = if args.output == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| e.to_string())
    } else {
        std::fs::write(&args.output, bytes)
            .map_err(|e| format!("cannot write {}: {e}", args.output))
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("autopilot-gen: {message}");
            ExitCode::FAILURE
        }
    }
}
