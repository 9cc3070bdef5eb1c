//! The generated minutes are only worth benchmarking on if the parser reads
//! them the way their truth says: these tests hold the corpus and the parser
//! to each other. Clean documents must parse exactly; OCR-damaged ones may
//! lose a misspelt name, but not the meeting's date or its items.

use paragraf_corpus::{Config, Corpus, Minutes, Truth};
use paragraf_import::Limits;
use paragraf_pipeline::{RepairMode, parse_bytes};

fn parsed_truth(minutes: &Minutes) -> Truth {
    let reading = parse_bytes(
        &minutes.file_name,
        minutes.text.as_bytes(),
        &Limits::default(),
        RepairMode::Auto,
    )
    .unwrap_or_else(|error| panic!("{}: {error}", minutes.file_name));
    let record = reading.record;
    Truth {
        date: record.date.unwrap_or_default(),
        body: record.body.unwrap_or_default(),
        attendees: record.attendees.into_iter().map(|a| a.name).collect(),
        items: record.items.len(),
        decisions: record.items.iter().map(|i| i.decisions.len()).sum(),
        actions: record.items.iter().map(|i| i.actions.len()).sum(),
    }
}

fn corpus(count: usize, ocr_share: f64) -> Corpus {
    Corpus::new(Config {
        count,
        seed: 11,
        ocr_share,
    })
}

#[test]
fn clean_minutes_parse_to_their_truth() {
    let corpus = corpus(240, 0.0);
    for minutes in corpus.iter() {
        assert_eq!(
            parsed_truth(&minutes),
            minutes.truth,
            "{}\n{}",
            minutes.file_name,
            minutes.text
        );
    }
}

#[test]
fn noisy_minutes_keep_their_date_and_items() {
    let corpus = corpus(200, 1.0);
    let mut dates = 0;
    let mut items = 0;
    let mut decisions = 0;
    for minutes in corpus.iter() {
        assert!(minutes.noisy);
        let parsed = parsed_truth(&minutes);
        dates += usize::from(parsed.date == minutes.truth.date);
        items += usize::from(parsed.items == minutes.truth.items);
        decisions += usize::from(parsed.decisions == minutes.truth.decisions);
    }
    // Measured 191, 190 and 168 of 200 when written: damage to a decision's
    // verb (`cnades om`) hides it more often than damage hides a heading.
    // A drop means the noise or the parser changed in a way the archive
    // benchmark would not show.
    for (what, right, floor) in [
        ("dates", dates, 180),
        ("items", items, 180),
        ("decisions", decisions, 155),
    ] {
        assert!(right >= floor, "{what}: {right}/200 right");
    }
}
