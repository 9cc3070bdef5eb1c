//! Writes a benchmark's section of `docs/BENCHMARKS.md`, between
//! `<!-- NAME:start -->` and `<!-- NAME:end -->`, leaving the others alone.
//! Shared by every bench (`#[path]`-included), so sections stay uniform.

use std::path::Path;

pub fn write_section(name: &str, body: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/BENCHMARKS.md");
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let existing = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_string());
    let section = format!("{start}\n{}\n{end}", body.trim_end());
    let updated = match (existing.find(&start), existing.find(&end)) {
        (Some(from), Some(to)) => format!(
            "{}{section}{}",
            &existing[..from],
            &existing[to + end.len()..]
        ),
        _ => format!("{}\n\n{section}\n", existing.trim_end()),
    };
    std::fs::write(&path, updated).expect("docs/BENCHMARKS.md is writable");
}
