//! Prints how the parser scores on every fixture with an expected record.
//!
//! `cargo run -p paragraf-cli --example score [-- -v]`: the full pipeline,
//! OCR repair included, as `paragraf parse` runs it.

#[path = "../tests/support/fixtures.rs"]
mod fixtures;

use paragraf_parse::score::{Scores, Tally, score};

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let mut total = Scores::default();
    println!(
        "{:<48} {:>7} {:>7} {:>7} {:>7}",
        "document", "header", "items", "decis.", "actions"
    );
    for path in fixtures::with_expected_records() {
        let expected = fixtures::expected(&path);
        let found = fixtures::parse(&path);
        let scores = score(&found, &expected);
        let name = path.file_name().unwrap().to_string_lossy();
        let cell = |t: Tally| format!("{:.2}", t.f1());
        println!(
            "{:<48} {:>7} {:>7} {:>7} {:>7}",
            name,
            cell(scores.header),
            cell(scores.items),
            cell(scores.decisions),
            cell(scores.actions)
        );
        if verbose {
            print_differences(&found, &expected);
        }
        total.add(&scores);
    }
    let cell = |t: Tally| format!("{:.2}", t.f1());
    println!(
        "{:<48} {:>7} {:>7} {:>7} {:>7}",
        "ALL (micro F1)",
        cell(total.header),
        cell(total.items),
        cell(total.decisions),
        cell(total.actions)
    );
}

/// What one side has that the other lacks: titles, decisions, actions, header names.
fn print_differences(found: &serde_json::Value, expected: &serde_json::Value) {
    use paragraf_parse::score::overlap;
    for field in [
        "date",
        "date_basis",
        "start_time",
        "end_time",
        "location",
        "secretary",
        "organization",
        "body",
    ] {
        if found.get(field) != expected.get(field) {
            println!(
                "    {field}: found {} expected {}",
                found[field], expected[field]
            );
        }
    }
    let list = |v: &serde_json::Value, path: &[&str]| -> Vec<String> {
        let mut current = vec![v.clone()];
        for step in path {
            current = current
                .into_iter()
                .flat_map(|v| match v.get(step) {
                    Some(serde_json::Value::Array(a)) => a.clone(),
                    Some(o) => vec![o.clone()],
                    None => vec![],
                })
                .collect();
        }
        current
            .into_iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect()
    };
    for (path, threshold) in [
        (&["attendees", "name"][..], 0.99),
        (&["absent", "name"][..], 0.99),
        (&["guests", "name"][..], 0.99),
        (&["items", "title"][..], 0.8),
        (&["items", "decisions", "text"][..], 0.6),
        (&["items", "actions", "text"][..], 0.6),
    ] {
        let f = list(found, path);
        let e = list(expected, path);
        for missing in e
            .iter()
            .filter(|e| !f.iter().any(|f| overlap(f, e) >= threshold))
        {
            println!("    - {}: {}", path.join("."), missing);
        }
        for extra in f
            .iter()
            .filter(|f| !e.iter().any(|e| overlap(f, e) >= threshold))
        {
            println!("    + {}: {}", path.join("."), extra);
        }
    }
}
