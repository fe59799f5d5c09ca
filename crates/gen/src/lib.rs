//! The test kit: synthetic registration files for tests, the e2e fixtures and the benchmarks.
//! Devices come from the demo fleet (`autopilot_service::demo::fleet`); this crate writes them in
//! every layout and encoding the reader accepts. Not a dependency of anything that ships.

use autopilot_reader::header::{Column, Layout};
use autopilot_reader::Encoding;
pub use autopilot_service::demo::fleet::{
    catalogue_models, device, devices, hash, submissions, GenDevice, GenOptions,
};
pub use autopilot_service::rng::Rng;

/// How a file is written.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// Columns and header.
    pub layout: Layout,
    /// Text encoding (with BOM where the encoding has one).
    pub encoding: Encoding,
    /// `\r\n` (Windows) or `\n`.
    pub crlf: bool,
    /// Quote every field, as `ConvertTo-Csv` does before the script strips the quotes.
    pub quoted: bool,
}

impl WriteOptions {
    /// What Get-WindowsAutoPilotInfo writes on Windows PowerShell 5.1: UTF-16LE with BOM, CRLF,
    /// no quotes.
    pub fn powershell_5() -> Self {
        WriteOptions {
            layout: Layout::ScriptDefault,
            encoding: Encoding::Utf16Le,
            crlf: true,
            quoted: false,
        }
    }
}

/// The text of a registration file for `devices`, written by the `csv` crate (not by the
/// reader's code, so the round-trip tests check one against the other).
pub fn file_text(devices: &[GenDevice], options: &WriteOptions) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(if options.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .quote_style(if options.quoted {
            csv::QuoteStyle::Always
        } else {
            // What Get-WindowsAutoPilotInfo writes: it strips every quote.
            csv::QuoteStyle::Never
        })
        .from_writer(Vec::with_capacity(
            devices.len() * (options.layout.has_hash() as usize * 4_200 + 80) + 100,
        ));
    let written = (|| -> csv::Result<()> {
        if let Some(header) = options.layout.header_line() {
            writer.write_record(header.split(','))?;
        }
        for device in devices {
            writer.write_record(options.layout.columns().iter().map(|column| match column {
                Column::Serial => device.serial.as_str(),
                Column::ProductId => "",
                Column::HardwareHash => &device.hardware_hash,
                Column::GroupTag => &device.group_tag,
                Column::AssignedUser => &device.assigned_user,
                Column::Manufacturer => &device.manufacturer,
                Column::Model => &device.model,
            }))?;
        }
        writer.flush()?;
        Ok(())
    })();
    // Writing to memory cannot fail, and the csv crate writes UTF-8 for UTF-8 input.
    let bytes = match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => Vec::new(),
    };
    String::from_utf8(bytes).unwrap_or_default()
}

/// The bytes of a registration file for `devices`.
pub fn file_bytes(devices: &[GenDevice], options: &WriteOptions) -> Vec<u8> {
    options.encoding.encode(&file_text(devices, options))
}
