//! The same minutes in every format give the same record, apart from
//! `source`; a scanned page goes through OCR and repair to a record whose
//! header is right. Tests that need `pdftotext` or `tesseract` say so and
//! skip when the tool is missing (`scripts/setup.sh` installs them; CI runs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use paragraf_import::Limits;
use paragraf_pipeline::{RepairMode, parse_bytes};
use serde_json::Value;

fn formats() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/formats")
}

fn record(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let parsed = parse_bytes(&name, &bytes, &Limits::default(), RepairMode::Auto)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::to_value(&parsed.record).unwrap()
}

fn without_source(mut record: Value) -> Value {
    record["source"] = Value::Null;
    record
}

fn has(tool: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: `{tool}` is not installed (run scripts/setup.sh)");
    }
    found
}

#[test]
fn the_text_gives_the_full_record() {
    let text = record(&formats().join("minutes.txt"));
    assert_eq!(text["date"], "2023-03-14");
    assert_eq!(text["location"], "Stadshuset, sammanträdesrum Kärnan");
    assert_eq!(text["secretary"], "Leila Karimi");
    assert_eq!(text["items"].as_array().unwrap().len(), 8);
    assert_eq!(text["absent"].as_array().unwrap().len(), 2);
}

#[test]
fn docx_and_odt_give_the_same_record_as_the_text() {
    let text = without_source(record(&formats().join("minutes.txt")));
    for (file, format) in [
        ("minutes.docx", "docx"),
        ("minutes.odt", "odt"),
        ("minutes.libreoffice.docx", "docx"),
        ("minutes.libreoffice.odt", "odt"),
    ] {
        let found = record(&formats().join(file));
        assert_eq!(found["source"]["format"], format, "{file}");
        assert_eq!(without_source(found), text, "{file}");
    }
}

#[test]
fn pdf_gives_the_same_record_as_the_text() {
    if !has("pdftotext") {
        return;
    }
    let text = without_source(record(&formats().join("minutes.txt")));
    let found = record(&formats().join("minutes.pdf"));
    assert_eq!(found["source"]["format"], "pdf");
    assert_eq!(without_source(found), text);
}

#[test]
fn a_scanned_page_goes_through_ocr_and_repair_to_the_right_header() {
    if !has("pdftoppm") || !has("tesseract") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("paragraf-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png", "-singlefile"])
        .arg(formats().join("minutes.pdf"))
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let scanned = record(&prefix.with_extension("png"));
    let text = record(&formats().join("minutes.txt"));
    assert_eq!(scanned["source"]["format"], "image");
    for field in ["date", "start_time", "end_time", "location", "secretary"] {
        assert_eq!(scanned[field], text[field], "{field}");
    }
    let names = |r: &Value, list: &str| -> Vec<Value> {
        r[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].clone())
            .collect()
    };
    assert_eq!(names(&scanned, "attendees"), names(&text, "attendees"));
    assert_eq!(names(&scanned, "absent"), names(&text, "absent"));
    std::fs::remove_dir_all(&dir).ok();
}
