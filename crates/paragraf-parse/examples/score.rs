//! Prints how the parser scores on every fixture with an expected record.
//!
//! `cargo run -p paragraf-parse --example score [-- -v]`

use std::path::Path;

use paragraf_parse::score::{Scores, Tally, score};
use paragraf_record::{Source, SourceFormat};

fn main() {
    let verbose = std::env::args().any(|a| a == "-v");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut total = Scores::default();
    let mut paths: Vec<_> = ["seeds", "minutes", "nacka"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    println!("{:<48} {:>7} {:>7} {:>7} {:>7}", "document", "header", "items", "decis.", "actions");
    for path in paths {
        let expected_path = path.with_extension("expected.json");
        let Ok(expected) = std::fs::read_to_string(&expected_path) else { continue };
        let expected: serde_json::Value = serde_json::from_str(&expected).expect("expected record is JSON");
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let source = Source { file: String::new(), sha256: String::new(), format: SourceFormat::Txt, ocr_repaired_words: 0 };
        let parsed = paragraf_parse::parse(&text, source, None);
        let found = serde_json::to_value(&parsed.record).expect("record serialises");
        let scores = score(&found, &expected);
        let name = path.file_name().unwrap().to_string_lossy();
        let cell = |t: Tally| format!("{:.2}", t.f1());
        println!("{:<48} {:>7} {:>7} {:>7} {:>7}", name, cell(scores.header), cell(scores.items), cell(scores.decisions), cell(scores.actions));
        if verbose {
            println!("{}", serde_json::to_string_pretty(&found).unwrap());
        }
        total.add(&scores);
    }
    let cell = |t: Tally| format!("{:.2}", t.f1());
    println!("{:<48} {:>7} {:>7} {:>7} {:>7}", "ALL (micro F1)", cell(total.header), cell(total.items), cell(total.decisions), cell(total.actions));
}
