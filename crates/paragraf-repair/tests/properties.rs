//! Arbitrary input never panics and never changes the line structure.

use paragraf_repair::{Repairer, ocr_score, render_diff};
use proptest::prelude::*;

fn swedish_ish() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "for",
        "pa",
        "ar",
        "6kar",
        "dn",
        "|",
        "[",
        "Mufic",
        "SFF",
        "férvaltningen",
        "{3",
        "&r",
        "x@y.se",
        "12.00",
        "\n",
        " ",
        "\u{308}",
        "İ",
        "ﬁ",
        "ß",
        "——",
        "Atgirdsplan",
    ]);
    prop::collection::vec(
        prop_oneof![words.prop_map(str::to_owned), any::<String>()],
        0..40,
    )
    .prop_map(|parts| parts.join(" "))
}

proptest! {
    #[test]
    fn repair_keeps_line_count_and_never_panics(text in prop_oneof![any::<String>(), swedish_ish()]) {
        let repairer = Repairer::new().unwrap();
        let repaired = repairer.repair(&text);
        prop_assert_eq!(repaired.text.matches('\n').count(), text.matches('\n').count());
        for change in &repaired.changes {
            prop_assert_eq!(&text[change.offset..change.offset + change.from.len()], change.from.as_str());
        }
        prop_assert_eq!(repaired.original(), text.as_str());
        let score = ocr_score(&text);
        prop_assert!((0.0..=1.0).contains(&score));
        render_diff(&text, &repaired);
    }
}
