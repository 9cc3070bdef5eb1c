//! How the list commands print: pretty JSON for scripts, or each record as
//! its command writes it, or one line saying there is nothing.

use std::io::Write as _;

use anyhow::Result;
use serde::Serialize;

/// Prints `records` as JSON (`json`), `empty` when there are none, or what
/// `write` makes of each record, in order.
pub fn print_list<T: Serialize>(
    records: &[T],
    json: bool,
    empty: &str,
    mut write: impl FnMut(&mut String, &T),
) -> Result<()> {
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(records)? + "\n";
    } else if records.is_empty() {
        out = format!("{empty}\n");
    } else {
        for record in records {
            write(&mut out, record);
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
