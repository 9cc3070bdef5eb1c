//! Scoring a parsed record against an expected one, the way the issue
//! measures the parser: header fields, items matched by title, decisions
//! and actions matched by text, each as precision, recall and F1.
//!
//! Used by the fixture tests and by `cargo run -p paragraf-cli --example
//! score`, which prints the table for every fixture.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fold::{collapse_spaces, fold};

/// Matched, found and expected counts for one kind of thing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub matched: usize,
    pub found: usize,
    pub expected: usize,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.matched += other.matched;
        self.found += other.found;
        self.expected += other.expected;
    }

    pub fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.matched as f64 / self.found as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.matched as f64 / self.expected as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores for one document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    pub header: Tally,
    pub items: Tally,
    pub decisions: Tally,
    pub actions: Tally,
}

impl Scores {
    pub fn add(&mut self, other: &Scores) {
        self.header.add(other.header);
        self.items.add(other.items);
        self.decisions.add(other.decisions);
        self.actions.add(other.actions);
    }
}

fn key(text: &str) -> String {
    collapse_spaces(
        &fold(text)
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect::<String>(),
    )
}

fn words(text: &str) -> BTreeSet<String> {
    key(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Word-set overlap (Dice) of two texts.
pub fn overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(&b).count() as f64 / (a.len() + b.len()) as f64
}

/// Greedy one-to-one matching of two lists by a similarity threshold.
fn match_texts(found: &[String], expected: &[String], threshold: f64) -> Tally {
    let mut used = vec![false; found.len()];
    let mut matched = 0;
    for wanted in expected {
        let best = found
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, f)| (i, overlap(f, wanted)))
            .filter(|(_, s)| *s >= threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((index, _)) = best {
            used[index] = true;
            matched += 1;
        }
    }
    Tally {
        matched,
        found: found.len(),
        expected: expected.len(),
    }
}

fn strings(value: &Value, path: &[&str]) -> Vec<String> {
    let mut current = vec![value];
    for step in path {
        current = current
            .into_iter()
            .flat_map(|v| match v.get(step) {
                Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
                Some(other) => vec![other],
                None => vec![],
            })
            .collect();
    }
    current
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Scores `found` against `expected` (both meeting records as JSON).
pub fn score(found: &Value, expected: &Value) -> Scores {
    let mut header = Tally::default();
    for field in ["date", "location", "secretary"] {
        let f = found.get(field).and_then(Value::as_str).map(key);
        let e = expected.get(field).and_then(Value::as_str).map(key);
        header.found += usize::from(f.is_some());
        header.expected += usize::from(e.is_some());
        header.matched += usize::from(f.is_some() && f == e);
    }
    for list in ["attendees", "absent"] {
        let f: Vec<String> = strings(found, &[list, "name"])
            .iter()
            .map(|s| key(s))
            .collect();
        let e: Vec<String> = strings(expected, &[list, "name"])
            .iter()
            .map(|s| key(s))
            .collect();
        header.add(match_texts(&f, &e, 0.999));
    }
    let titles = |v: &Value| strings(v, &["items", "title"]);
    let items = match_texts(&titles(found), &titles(expected), 0.8);
    let decisions = match_texts(
        &strings(found, &["items", "decisions", "text"]),
        &strings(expected, &["items", "decisions", "text"]),
        0.6,
    );
    let actions = match_texts(
        &strings(found, &["items", "actions", "text"]),
        &strings(expected, &["items", "actions", "text"]),
        0.6,
    );
    Scores {
        header,
        items,
        decisions,
        actions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_of_partial_matches() {
        let tally = match_texts(
            &["Budget 2021".into(), "Övrigt".into()],
            &["Budget 2021".into(), "Lokaler".into(), "Skolval".into()],
            0.8,
        );
        assert_eq!(
            tally,
            Tally {
                matched: 1,
                found: 2,
                expected: 3
            }
        );
        assert!((tally.f1() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn folded_text_matches() {
        assert!(
            overlap(
                "Ledningsgruppen beslutar att godkänna planen",
                "Ledningsgruppen beslutar att godkanna planen"
            ) > 0.99
        );
    }
}
