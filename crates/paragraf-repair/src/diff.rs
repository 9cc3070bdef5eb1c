//! Human-readable view of what repair changed.

use crate::Repaired;

/// For every changed line: `@@ line N`, the original prefixed `-`, the repaired `+`,
/// and the changes as `[from→to]` marks.
pub fn render_diff(original: &str, repaired: &Repaired) -> String {
    let old_lines: Vec<&str> = original.split('\n').collect();
    let new_lines: Vec<&str> = repaired.text.split('\n').collect();
    let mut out = String::new();
    let mut changes = repaired.changes.iter().peekable();
    while let Some(first) = changes.next() {
        let line = first.line;
        let mut marks = vec![format!("[{}→{}]", first.from, first.to)];
        while let Some(change) = changes.next_if(|c| c.line == line) {
            marks.push(format!("[{}→{}]", change.from, change.to));
        }
        let old = old_lines.get(line - 1).copied().unwrap_or_default();
        let new = new_lines.get(line - 1).copied().unwrap_or_default();
        out.push_str(&format!("@@ line {line}: {}\n-{old}\n+{new}\n", marks.join(" ")));
    }
    out
}
