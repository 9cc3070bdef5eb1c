//! The fixture documents and their expected records, shared by the record
//! tests, the scorer example and the parse benchmark (each includes this
//! file with `#[path]` and uses the part it needs).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use paragraf_import::Limits;
use paragraf_pipeline::{RepairMode, parse_bytes};
use serde_json::Value;

const FOLDERS: [&str; 3] = ["seeds", "minutes", "nacka"];

/// Every text fixture, sorted.
pub fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut paths: Vec<PathBuf> = FOLDERS
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(root.join(dir))
                .expect("fixture folder")
                .flatten()
        })
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

/// The text fixtures that have an expected record.
pub fn with_expected_records() -> Vec<PathBuf> {
    documents()
        .into_iter()
        .filter(|path| expected_path(path).exists())
        .collect()
}

fn expected_path(path: &Path) -> PathBuf {
    path.with_extension("expected.json")
}

/// The record `paragraf parse` gives for the fixture, as JSON.
pub fn parse(path: &Path) -> Value {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path.file_name().expect("a file").to_string_lossy();
    let parsed =
        parse_bytes(&name, &bytes, &Limits::default(), RepairMode::Auto).expect("fixture parses");
    serde_json::to_value(&parsed.record).expect("record serialises")
}

/// The expected record written by reading the document.
pub fn expected(path: &Path) -> Value {
    let text = std::fs::read_to_string(expected_path(path)).expect("expected record is readable");
    serde_json::from_str(&text).expect("expected record is JSON")
}
