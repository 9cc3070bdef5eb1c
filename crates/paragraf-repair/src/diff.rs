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
        out.push_str(&format!(
            "@@ line {line}: {}\n-{old}\n+{new}\n",
            marks.join(" ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Change;

    #[test]
    fn shows_changed_lines_only_with_marks() {
        let repaired = Repaired {
            text: "rad ett\nsom för\ntre".to_owned(),
            changes: vec![Change {
                line: 2,
                offset: 12,
                from: "for".to_owned(),
                to: "för".to_owned(),
                confidence: 0.9,
            }],
        };
        assert_eq!(
            render_diff("rad ett\nsom for\ntre", &repaired),
            "@@ line 2: [for→för]\n-som for\n+som för\n"
        );
    }
}
