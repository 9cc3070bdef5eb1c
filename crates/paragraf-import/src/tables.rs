//! Tables as Word and LibreOffice write them, read the same way for both:
//! one line per row, cells joined by ` | `, and a nested table's rows
//! folded into the cell that holds them.

use crate::{HintKind, TextBuilder};

/// A table being read.
#[derive(Debug, Default)]
struct Table {
    /// The finished cells of the current row.
    cells: Vec<String>,
    /// The cell being read, if any.
    cell: Option<String>,
}

/// The open tables, innermost last; tables nest.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    open: Vec<Table>,
}

impl Tables {
    pub(crate) fn start_table(&mut self) {
        self.open.push(Table::default());
    }

    pub(crate) fn start_row(&mut self) {
        if let Some(table) = self.open.last_mut() {
            table.cells.clear();
        }
    }

    pub(crate) fn start_cell(&mut self) {
        if let Some(table) = self.open.last_mut() {
            table.cell = Some(String::new());
        }
    }

    /// Adds a finished paragraph: inside a cell it becomes part of the
    /// cell, elsewhere a line of its own.
    pub(crate) fn push_paragraph(
        &mut self,
        builder: &mut TextBuilder,
        text: &str,
        kinds: &[HintKind],
    ) {
        match self.open.last_mut().and_then(|table| table.cell.as_mut()) {
            Some(cell) => {
                cell.push(' ');
                cell.push_str(text);
            }
            None => builder.push_paragraph(text, kinds),
        }
    }

    /// The cell's paragraphs become one run of single-spaced words.
    pub(crate) fn end_cell(&mut self) {
        if let Some(table) = self.open.last_mut()
            && let Some(cell) = table.cell.take()
        {
            table
                .cells
                .push(cell.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    /// A row of an outer table becomes a line; a row of a nested table
    /// becomes part of the enclosing cell. Rows with no text are dropped.
    pub(crate) fn end_row(&mut self, builder: &mut TextBuilder) {
        let Some(table) = self.open.last_mut() else {
            return;
        };
        let row = std::mem::take(&mut table.cells).join(" | ");
        if row.replace('|', "").trim().is_empty() {
            return;
        }
        let depth = self.open.len();
        if depth >= 2
            && let Some(cell) = self.open[depth - 2].cell.as_mut()
        {
            cell.push(' ');
            cell.push_str(&row);
            return;
        }
        builder.push_paragraph(&row, &[HintKind::TableRow]);
    }

    pub(crate) fn end_table(&mut self) {
        self.open.pop();
    }
}
