//! The test kit: synthetic registration files for tests, the e2e fixtures and the benchmarks.
//! Devices come from the demo fleet (`autopilot_service::demo::fleet`); this crate writes them in
//! every layout and encoding the reader accepts. Not a dependency of anything that ships.

use autopilot_reader::header::{Column, Layout};
use autopilot_reader::Encoding;
pub use autopilot_service::demo::fleet::{
    catalogue_models, device, devices, hash, GenDevice, GenOptions,
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

/// The text of a registration file for `devices`.
pub fn file_text(devices: &[GenDevice], options: &WriteOptions) -> String {
    let newline = if options.crlf { "\r\n" } else { "\n" };
    let quote = |s: &str| {
        if options.quoted {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut text = String::with_capacity(
        devices.len() * (options.layout.has_hash() as usize * 4_200 + 80) + 100,
    );
    if let Some(header) = options.layout.header_line() {
        let cells: Vec<String> = header.split(',').map(quote).collect();
        text.push_str(&cells.join(","));
        text.push_str(newline);
    }
    for device in devices {
        let cells: Vec<String> = options
            .layout
            .columns()
            .iter()
            .map(|column| {
                quote(match column {
                    Column::Serial => &device.serial,
                    Column::ProductId => "",
                    Column::HardwareHash => &device.hardware_hash,
                    Column::GroupTag => &device.group_tag,
                    Column::AssignedUser => &device.assigned_user,
                    Column::Manufacturer => &device.manufacturer,
                    Column::Model => &device.model,
                })
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str(newline);
    }
    text
}

/// The bytes of a registration file for `devices`.
pub fn file_bytes(devices: &[GenDevice], options: &WriteOptions) -> Vec<u8> {
    options.encoding.encode(&file_text(devices, options))
}
