//! The device table as a WAI-ARIA grid for the keyboard: one tab stop (the active cell), arrow
//! keys, Home/End (Ctrl for the first or last row), Page Up/Down move it. A cell's focus target is
//! its checkbox or button when it has one, else the cell itself. Checkboxes and buttons render
//! with `tabindex="-1"`, cells with none (a page is 800 cells); only the active target is given 0,
//! here, and the one before it -1, so rows come and go without each tracking its own tabindex.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTableCellElement, HtmlTableElement, HtmlTableRowElement};

/// A cell of the table: row 0 is the header, columns count from 0 (the checkboxes).
pub type Cell = (u32, u32);

/// Rows a Page Up or Page Down moves.
const PAGE: u32 = 10;

/// The roving tab stop: which cell is active, and the element that holds the tab stop now.
#[derive(Clone, Copy)]
pub struct Roving {
    active: RwSignal<Cell>,
    holder: StoredValue<Option<HtmlElement>, LocalStorage>,
    table: NodeRef<leptos::html::Table>,
}

impl Roving {
    /// A roving tab stop over `table`, starting at the header's checkbox.
    pub fn new(table: NodeRef<leptos::html::Table>) -> Self {
        Roving {
            active: RwSignal::new((0, 0)),
            holder: StoredValue::new_local(None),
            table,
        }
    }

    /// Gives the tab stop to the active cell, or to the nearest one left when rows went away;
    /// run after the rows change.
    pub fn settle(&self) {
        let Some(table) = self.table.get_untracked() else {
            return;
        };
        let (row, column) = self.active.get_untracked();
        let last_row = table.rows().length().saturating_sub(1);
        let cell = (row.min(last_row), column);
        if let Some(target) = target(&table, cell) {
            self.hold(target);
        }
    }

    /// The tab stop moves to `target` (a cell without a control of its own becomes focusable
    /// here: cells render without a tabindex).
    fn hold(&self, target: HtmlElement) {
        let previous = self.holder.get_value();
        if let Some(previous) = previous.filter(|p| *p != target) {
            let _ = previous.set_attribute("tabindex", "-1");
        }
        let _ = target.set_attribute("tabindex", "0");
        self.holder.set_value(Some(target));
    }

    /// Focus arrived somewhere in the table (a click, Tab): that cell is the active one.
    pub fn focused(&self, ev: &web_sys::FocusEvent) {
        let Some(element) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if let (Some(cell), Some(table)) = (cell_of(&element), self.table.get_untracked()) {
            self.active.set(cell);
            if let Some(target) = target(&table, cell) {
                self.hold(target);
            }
        }
    }

    /// A key pressed in the table: moves the active cell and the focus, and says whether it did
    /// (the caller then stops the browser's own handling, such as scrolling).
    pub fn key(&self, ev: &web_sys::KeyboardEvent) -> bool {
        let (Some(table), Some(element)) = (
            self.table.get_untracked(),
            ev.target().and_then(|t| t.dyn_into::<Element>().ok()),
        ) else {
            return false;
        };
        let Some((row, column)) = cell_of(&element) else {
            return false;
        };
        let last_row = table.rows().length().saturating_sub(1);
        let last_column = table
            .rows()
            .item(row)
            .and_then(|r| r.dyn_into::<HtmlTableRowElement>().ok())
            .map_or(0, |r| r.cells().length().saturating_sub(1));
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let next = match ev.key().as_str() {
            "ArrowDown" => (row.saturating_add(1).min(last_row), column),
            "ArrowUp" => (row.saturating_sub(1), column),
            "ArrowRight" => (row, column.saturating_add(1).min(last_column)),
            "ArrowLeft" => (row, column.saturating_sub(1)),
            "Home" if ctrl => (0, 0),
            "End" if ctrl => (last_row, last_column),
            "Home" => (row, 0),
            "End" => (row, last_column),
            "PageDown" => (row.saturating_add(PAGE).min(last_row), column),
            "PageUp" => (row.saturating_sub(PAGE), column),
            _ => return false,
        };
        if let Some(target) = target(&table, next) {
            self.active.set(next);
            self.hold(target.clone());
            let _ = target.focus();
        }
        true
    }
}

/// The element that takes the focus for `cell`: its checkbox or button, or the cell itself.
fn target(table: &HtmlTableElement, (row, column): Cell) -> Option<HtmlElement> {
    let row = table
        .rows()
        .item(row)?
        .dyn_into::<HtmlTableRowElement>()
        .ok()?;
    let cell = row.cells().item(column)?;
    cell.query_selector("input, button")
        .ok()
        .flatten()
        .unwrap_or(cell)
        .dyn_into::<HtmlElement>()
        .ok()
}

/// The cell `element` is in (or is).
fn cell_of(element: &Element) -> Option<Cell> {
    let cell = element
        .closest("td, th")
        .ok()
        .flatten()?
        .dyn_into::<HtmlTableCellElement>()
        .ok()?;
    let row = cell
        .parent_element()?
        .dyn_into::<HtmlTableRowElement>()
        .ok()?;
    let row_index = u32::try_from(row.row_index()).ok()?;
    let column = u32::try_from(cell.cell_index()).ok()?;
    Some((row_index, column))
}
