//! Repair on the real seed minutes: known OCR errors are fixed, names stay.

use paragraf_repair::{Repairer, looks_ocr, ocr_score, render_diff};

const SEEDS: [(&str, &str); 5] = [
    (
        "000",
        include_str!("../../../fixtures/seeds/000_936ce8199f39e095.txt"),
    ),
    (
        "001",
        include_str!("../../../fixtures/seeds/001_715d097d1f875b04.txt"),
    ),
    (
        "002",
        include_str!("../../../fixtures/seeds/002_bd0e115f08e0e446.txt"),
    ),
    (
        "003",
        include_str!("../../../fixtures/seeds/003_cd0d46ba1314733f.txt"),
    ),
    (
        "004",
        include_str!("../../../fixtures/seeds/004_5614e338dd6ae4a6.txt"),
    ),
];

fn seed(name: &str) -> &'static str {
    SEEDS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .unwrap()
}

#[test]
fn detector_separates_ocr_from_clean_minutes() {
    for (name, text) in SEEDS {
        assert_eq!(
            looks_ocr(text),
            name != "001",
            "seed {name}: score {}",
            ocr_score(text)
        );
    }
}

#[test]
fn fixes_the_known_seed_errors() {
    let repairer = Repairer::new().unwrap();
    let expectations = [
        ("000", "fritidsférvaltningen", "fritidsförvaltningen"),
        ("000", "6kar", "ökar"),
        ("000", "Atgirdsplanen", "Åtgärdsplanen"),
        ("000", "utbildningsndmnden", "utbildningsnämnden"),
        ("000", "dn", "än"),
        ("000", "forskola", "förskola"),
        ("000", "nasta", "nästa"),
        ("002", "tillgdng", "tillgång"),
        ("002", "pa", "på"),
        ("003", "ar", "är"),
        ("003", "|", "I"),
        ("004", "16sa", "lösa"),
    ];
    for (name, from, to) in expectations {
        let changes = repairer.repair(seed(name)).changes;
        assert!(
            changes.iter().any(|c| c.from == from && c.to == to),
            "seed {name}: no {from} → {to}"
        );
    }
}

#[test]
fn names_and_abbreviations_are_untouched() {
    let repairer = Repairer::new().unwrap();
    let protected = [
        "Mufic",
        "Gerken",
        "Karlegatt",
        "Nilsson",
        "Cederqvist",
        "Svenningsson",
        "Gullstrand",
        "Boman",
        "Fras",
        "Krantz",
        "Forssman",
        "Holm",
        "Jupiter",
        "LG",
        "SFF",
        "VP",
        "BUN",
        "SOU",
        "HSS",
        "ICSEI",
        "H22",
        "SKR",
    ];
    for (name, text) in SEEDS {
        for change in repairer.repair(text).changes {
            assert!(
                !protected.contains(&change.from.as_str()),
                "seed {name}: {change:?}"
            );
        }
    }
}

#[test]
fn keeps_every_line_and_reports_changes_in_order() {
    let repairer = Repairer::new().unwrap();
    for (name, text) in SEEDS {
        let repaired = repairer.repair(text);
        assert_eq!(
            repaired.text.lines().count(),
            text.lines().count(),
            "seed {name}"
        );
        assert_eq!(
            repaired.text.matches('\n').count(),
            text.matches('\n').count()
        );
        assert!(
            repaired
                .changes
                .windows(2)
                .all(|w| w[0].offset < w[1].offset)
        );
        for change in &repaired.changes {
            assert_eq!(
                &text[change.offset..change.offset + change.from.len()],
                change.from
            );
        }
        assert_eq!(repaired.original(), text, "seed {name}");
        let diff = render_diff(text, &repaired);
        assert_eq!(
            diff.matches("\n-").count() + usize::from(diff.starts_with('-')),
            diff.matches("\n+").count()
        );
    }
}

#[test]
fn clean_swedish_prose_scores_far_below_the_threshold() {
    let repairer = Repairer::new().unwrap();
    for text in [
        seed("001"),
        include_str!("../examples/bench-data/held-out-minutes.txt"),
        include_str!("../examples/bench-data/held-out-minutes-2.txt"),
        include_str!("../lexicon/corpus/protokoll.txt"),
    ] {
        let score = repairer.ocr_score(text);
        assert!(score < 0.01, "score {score} for {:?}", text.lines().next());
        assert!(repairer.repair(text).changes.is_empty());
    }
}
