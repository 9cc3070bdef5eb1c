//! Every fixture against its expected record, written by reading the
//! document (`fixtures/README.md` says how).
//!
//! Header facts must match exactly (OCR'd documents compared with å/ä/ö
//! folded, since repair is measured on its own); items, decisions and
//! actions are held to F1 floors across all fixtures, at the level the
//! parser has reached, so any regression fails.

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{expected, parse, with_expected_records as fixtures};
use paragraf_parse::fold::fold;
use paragraf_parse::score::{Scores, score};
use serde_json::Value;

fn names(record: &Value, list: &str) -> Vec<String> {
    record[list]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| fold(p["name"].as_str().unwrap_or("")))
        .collect()
}

fn folded(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::String(fold(text)),
        other => other.clone(),
    }
}

#[test]
fn there_are_fixtures_of_every_kind() {
    let all = fixtures();
    assert!(
        all.iter()
            .filter(|p| p.to_string_lossy().contains("/seeds/"))
            .count()
            == 5
    );
    assert!(
        all.iter()
            .filter(|p| p.to_string_lossy().contains("/minutes/"))
            .count()
            >= 10
    );
    assert!(
        all.iter()
            .filter(|p| p.to_string_lossy().contains("/nacka/"))
            .count()
            >= 3
    );
}

#[test]
fn source_is_the_file_and_its_hash() {
    for path in fixtures() {
        let (found, wanted) = (parse(&path), expected(&path));
        assert_eq!(
            found["source"]["sha256"],
            wanted["source"]["sha256"],
            "{}",
            path.display()
        );
        assert_eq!(
            found["source"]["file"],
            wanted["source"]["file"],
            "{}",
            path.display()
        );
    }
}

#[test]
fn header_facts_match_the_expected_records() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let (found, wanted) = (parse(&path), expected(&path));
        for field in [
            "date",
            "date_basis",
            "start_time",
            "end_time",
            "location",
            "secretary",
        ] {
            if folded(&found[field]) != folded(&wanted[field]) {
                failures.push(format!(
                    "{}: {field}: found {} expected {}",
                    path.display(),
                    found[field],
                    wanted[field]
                ));
            }
        }
        for list in ["attendees", "absent"] {
            if names(&found, list) != names(&wanted, list) {
                failures.push(format!(
                    "{}: {list}: found {:?} expected {:?}",
                    path.display(),
                    names(&found, list),
                    names(&wanted, list)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} header differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn structure_scores_hold_their_floor() {
    let mut total = Scores::default();
    for path in fixtures() {
        total.add(&score(&parse(&path), &expected(&path)));
    }
    let report = format!(
        "header {:.3} items {:.3} decisions {:.3} actions {:.3}",
        total.header.f1(),
        total.items.f1(),
        total.decisions.f1(),
        total.actions.f1()
    );
    assert!(total.header.f1() >= 0.99, "{report}");
    assert!(total.items.f1() >= 0.97, "{report}");
    assert!(total.decisions.f1() >= 0.97, "{report}");
    assert!(total.actions.f1() >= 0.85, "{report}");
}
