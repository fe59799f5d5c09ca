//! Header lines: which documented column each cell is, and which of the six layouts of spec §2 a
//! file uses. Headers are matched case- and whitespace-insensitively (spec §2, Rule).

use serde::{Deserialize, Serialize};

/// A column this crate understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// `Device Serial Number` or `Serial Number`.
    Serial,
    /// `Windows Product ID` (always empty in the script's output).
    ProductId,
    /// `Hardware Hash`.
    HardwareHash,
    /// `Group Tag`.
    GroupTag,
    /// `Assigned User`.
    AssignedUser,
    /// `Manufacturer name` or `Manufacturer`.
    Manufacturer,
    /// `Device model` or `Model`.
    Model,
}

/// Documented spellings, each with the column it names.
const SPELLINGS: &[(&str, Column)] = &[
    ("Device Serial Number", Column::Serial),
    ("Serial Number", Column::Serial),
    ("Windows Product ID", Column::ProductId),
    ("Hardware Hash", Column::HardwareHash),
    ("Group Tag", Column::GroupTag),
    ("Assigned User", Column::AssignedUser),
    ("Manufacturer name", Column::Manufacturer),
    ("Manufacturer", Column::Manufacturer),
    ("Device model", Column::Model),
    ("Model", Column::Model),
];

/// One of the layouts that occur in the wild (spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `Device Serial Number,Windows Product ID,Hardware Hash` (Get-WindowsAutoPilotInfo).
    ScriptDefault,
    /// The script's layout plus `Group Tag`.
    WithGroupTag,
    /// Intune's documented import header, with `Group Tag` and `Assigned User`.
    WithUser,
    /// The script's layout plus `Manufacturer name,Device model` (partners).
    Partner,
    /// `Manufacturer,Model,Serial Number,Hardware Hash` (legacy MMD self-service).
    LegacyMmd,
    /// `Manufacturer,Model,Serial Number` with no hash (partner tuple).
    Tuple,
    /// The tuple with no header line at all.
    TupleNoHeader,
    /// `Device Serial Number,Windows Product ID,Hardware Hash` rows with no header line: what an
    /// admin pastes (lines copied from the script's file, or a spreadsheet range without its
    /// header). No tool writes it.
    ScriptNoHeader,
    /// Known columns in an order or combination no tool writes.
    Other,
}

impl Layout {
    /// Every layout a tool writes, for generators and tests.
    pub const WRITTEN: [Layout; 7] = [
        Layout::ScriptDefault,
        Layout::WithGroupTag,
        Layout::WithUser,
        Layout::Partner,
        Layout::LegacyMmd,
        Layout::Tuple,
        Layout::TupleNoHeader,
    ];

    /// The columns of the layout, in file order (`Other` has none).
    pub fn columns(self) -> &'static [Column] {
        use Column::*;
        match self {
            Layout::ScriptDefault | Layout::ScriptNoHeader => &[Serial, ProductId, HardwareHash],
            Layout::WithGroupTag => &[Serial, ProductId, HardwareHash, GroupTag],
            Layout::WithUser => &[Serial, ProductId, HardwareHash, GroupTag, AssignedUser],
            Layout::Partner => &[Serial, ProductId, HardwareHash, Manufacturer, Model],
            Layout::LegacyMmd => &[Manufacturer, Model, Serial, HardwareHash],
            Layout::Tuple | Layout::TupleNoHeader => &[Manufacturer, Model, Serial],
            Layout::Other => &[],
        }
    }

    /// The documented header line of the layout (`None` for the header-less tuple and `Other`).
    pub fn header_line(self) -> Option<String> {
        if matches!(
            self,
            Layout::TupleNoHeader | Layout::ScriptNoHeader | Layout::Other
        ) {
            return None;
        }
        let legacy = matches!(self, Layout::LegacyMmd | Layout::Tuple);
        let names: Vec<&str> = self
            .columns()
            .iter()
            .map(|&c| documented_name(c, legacy))
            .collect();
        Some(names.join(","))
    }

    /// The short name in `lang`.
    pub fn label_in(self, lang: autopilot_i18n::Lang) -> String {
        use autopilot_i18n::t;
        match self {
            Layout::ScriptDefault => t!(lang, "layout-script"),
            Layout::WithGroupTag => t!(lang, "layout-script-group-tag"),
            Layout::WithUser => t!(lang, "layout-intune-user"),
            Layout::Partner => t!(lang, "layout-partner"),
            Layout::LegacyMmd => t!(lang, "layout-legacy"),
            Layout::Tuple => t!(lang, "layout-tuple"),
            Layout::TupleNoHeader => t!(lang, "layout-tuple-no-header"),
            Layout::ScriptNoHeader => t!(lang, "layout-script-no-header"),
            Layout::Other => t!(lang, "layout-other"),
        }
    }

    /// Whether rows carry a hardware hash.
    pub fn has_hash(self) -> bool {
        !matches!(self, Layout::Tuple | Layout::TupleNoHeader)
    }
}

/// The documented spelling of a column; the legacy and tuple layouts use the short names.
pub fn documented_name(column: Column, legacy: bool) -> &'static str {
    match (column, legacy) {
        (Column::Serial, false) => "Device Serial Number",
        (Column::Serial, true) => "Serial Number",
        (Column::ProductId, _) => "Windows Product ID",
        (Column::HardwareHash, _) => "Hardware Hash",
        (Column::GroupTag, _) => "Group Tag",
        (Column::AssignedUser, _) => "Assigned User",
        (Column::Manufacturer, false) => "Manufacturer name",
        (Column::Manufacturer, true) => "Manufacturer",
        (Column::Model, false) => "Device model",
        (Column::Model, true) => "Model",
    }
}

/// Lowercase with every blank, `_` and `-` removed: `" device_serial NUMBER"` → `deviceserialnumber`.
/// An iterator, so that comparing two cells allocates nothing and stops at the first difference
/// (every data row is compared with the header, see [`Header::is_same`]).
fn normalise(cell: &str) -> impl Iterator<Item = char> + '_ {
    cell.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '\u{FEFF}')
        .flat_map(char::to_lowercase)
}

/// Whether two cells are the same once normalised.
fn same_normalised(a: &str, b: &str) -> bool {
    normalise(a).eq(normalise(b))
}

/// Whether a cell reads as a hardware hash rather than a serial number: long (the row's checks
/// then say whether it decodes, so a damaged hash is still read as one and refused with why). No
/// serial number comes near this length; the longest seen, a virtual machine's, has 54.
fn looks_like_hash(cell: &str) -> bool {
    cell.trim().len() >= 64
}

/// No header cell is longer than this; longer cells (hashes) are never normalised.
const MAX_HEADER_CELL: usize = 64;

/// Recognises one header cell: the column and whether it was spelled exactly as documented.
pub fn recognise(cell: &str) -> Option<(Column, bool)> {
    if cell.len() > MAX_HEADER_CELL {
        return None;
    }
    SPELLINGS
        .iter()
        .find(|(spelling, _)| same_normalised(spelling, cell))
        .map(|&(_, column)| (column, SPELLINGS.iter().any(|(s, _)| *s == cell)))
}

/// A file's header, mapped to columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Column of each cell; `None` for unknown cells.
    pub cells: Vec<Option<Column>>,
    /// The raw text of each cell, for messages.
    pub raw: Vec<String>,
    /// The layout these columns make.
    pub layout: Layout,
}

impl Header {
    /// Reads a line's cells as a header, if at least one of them is a known column.
    pub fn parse(cells: &[&str]) -> Option<Header> {
        let mapped: Vec<Option<Column>> = cells
            .iter()
            .map(|c| recognise(c).map(|(col, _)| col))
            .collect();
        if mapped.iter().all(Option::is_none) {
            return None;
        }
        let known: Vec<Column> = mapped.iter().flatten().copied().collect();
        let layout = Layout::WRITTEN
            .into_iter()
            .filter(|l| *l != Layout::TupleNoHeader)
            .find(|l| l.columns() == known.as_slice())
            .unwrap_or(Layout::Other);
        Some(Header {
            cells: mapped,
            raw: cells.iter().map(|c| (*c).to_owned()).collect(),
            layout,
        })
    }

    /// The header of rows without a header line, whose three cells are `row` (the first line):
    /// the script's columns when the third cell is a hardware hash, else the partner tuple.
    pub fn without_header(row: &[&str]) -> Header {
        let layout = if row.get(2).is_some_and(|c| looks_like_hash(c)) {
            Layout::ScriptNoHeader
        } else {
            Layout::TupleNoHeader
        };
        let legacy = layout == Layout::TupleNoHeader;
        let columns = layout.columns();
        Header {
            cells: columns.iter().copied().map(Some).collect(),
            raw: columns
                .iter()
                .map(|&c| documented_name(c, legacy).to_owned())
                .collect(),
            layout,
        }
    }

    /// Index of the first cell holding `column`.
    pub fn index_of(&self, column: Column) -> Option<usize> {
        self.cells.iter().position(|c| *c == Some(column))
    }

    /// Whether rows carry a hardware hash column.
    pub fn has_hash(&self) -> bool {
        self.index_of(Column::HardwareHash).is_some()
    }

    /// Whether another line's cells are this same header again (in any case and spacing).
    pub fn is_same(&self, cells: &[&str]) -> bool {
        cells.len() == self.raw.len()
            && cells
                .iter()
                .zip(&self.raw)
                .all(|(a, b)| a.len() <= MAX_HEADER_CELL.max(b.len()) && same_normalised(a, b))
    }

    /// Whether a line in the middle of a file is a header: every cell a known column, the serial
    /// among them. Stricter than [`Header::parse`], so that no data row is ever taken for a header.
    pub fn parse_mid_file(cells: &[&str]) -> Option<Header> {
        if cells.iter().any(|c| c.len() > MAX_HEADER_CELL) {
            return None;
        }
        // Every cell must be a known column: stop at the first that is not (a data row's first
        // cell, nearly always) before building anything.
        if cells.iter().any(|c| recognise(c).is_none()) {
            return None;
        }
        let header = Header::parse(cells)?;
        (header.cells.iter().all(Option::is_some) && header.index_of(Column::Serial).is_some())
            .then_some(header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_layout_is_recognised_from_its_header() {
        for layout in Layout::WRITTEN {
            let Some(line) = layout.header_line() else {
                continue;
            };
            let cells: Vec<&str> = line.split(',').collect();
            let header = Header::parse(&cells).expect("header");
            assert_eq!(header.layout, layout, "{line}");
        }
    }

    #[test]
    fn case_and_spacing_do_not_matter_but_are_noticed() {
        assert_eq!(
            recognise("Device Serial Number"),
            Some((Column::Serial, true))
        );
        assert_eq!(
            recognise(" device serialnumber "),
            Some((Column::Serial, false))
        );
        assert_eq!(
            recognise("HARDWARE_HASH"),
            Some((Column::HardwareHash, false))
        );
        assert_eq!(recognise("Colour"), None);
    }

    #[test]
    fn unknown_columns_keep_the_layout_of_the_known_ones_as_other() {
        let header = Header::parse(&[
            "Device Serial Number",
            "Windows Product ID",
            "Hardware Hash",
            "Notes",
        ])
        .expect("header");
        assert_eq!(header.layout, Layout::ScriptDefault);
        assert_eq!(header.cells[3], None);
        let reordered = Header::parse(&["Hardware Hash", "Device Serial Number"]).expect("header");
        assert_eq!(reordered.layout, Layout::Other);
        assert_eq!(header.index_of(Column::HardwareHash), Some(2));
    }

    #[test]
    fn data_rows_are_not_headers() {
        assert_eq!(
            Header::parse(&["Dell Inc.", "Latitude 7440", "ABC123"]),
            None
        );
    }
}
