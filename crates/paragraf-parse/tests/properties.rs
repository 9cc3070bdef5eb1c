//! Properties of the parser over arbitrary input: it never panics, the
//! text it returns keeps the input's line numbering, and every span in
//! the record points inside that text.

use paragraf_parse::parse;
use paragraf_record::{Source, SourceFormat};
use proptest::prelude::*;

fn source() -> Source {
    Source {
        file: "p.txt".into(),
        sha256: String::new(),
        format: SourceFormat::Txt,
        ocr_repaired_words: 0,
    }
}

/// Lines in the shapes minutes have, so the generator reaches the rules.
fn minutes_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-ZÅÄÖ][a-zåäö]{2,9} [A-ZÅÄÖ][a-zåäö]{2,9}( \\([A-Z]{1,3}\\))?(, [A-ZÅÄÖ][a-zåäö]{2,9} [A-ZÅÄÖ][a-zåäö]{2,9})*",
        "(Deltagare|Närvarande|Frånvarande|Plats|Justerare|Beslutande|Ersättare|Sekreterare|Tid)[: ]{1,12}[A-Za-zåäö ,().0-9]{0,60}",
        "(§ ?)?[0-9]{1,2}[.)]? [A-ZÅÄÖ][a-zåäö ]{0,40}( \\([A-Z]{2,3}\\))?",
        "(Information|Beslut|Dialog|Kort, kort info|BESLUT|Övrigt)",
        "(Tisdagen den|Måndag) [0-9]{1,2} (jan|feb|mars|april|maj|nov) ?(20[0-9]{2})?,? ?(kl\\.? )?[0-9]{1,2}[.:]?[0-9]{0,2} ?[-–] ?[0-9]{1,2}[.:]?[0-9]{0,2}",
        "[A-ZÅÄÖ][a-zåäö]+ (beslutar att|skickar|tar fram|kommer att|läggs in på) [a-zåäö ]{0,40}(nästa möte|den [0-9]{1,2} mars)?\\.?",
        "(•|o|e|¢|-|\u{f0b7}) [A-Za-zåäö ]{0,50}",
        "[ \\t]{0,20}[A-Za-zÅÄÖåäö|.…]{0,30}[ ]{3,20}[A-Za-zÅÄÖåäö ]{0,30}",
        "\u{c}?[0-9] \\([0-9]{1,2}\\)",
        "",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics_and_keeps_lines(text in "\\PC{0,400}") {
        let parsed = parse(&text, source(), None);
        let input_lines = text.strip_suffix('\n').unwrap_or(&text).split('\n').count();
        prop_assert_eq!(parsed.text.split('\n').count(), input_lines);
    }

    #[test]
    fn minutes_shaped_text_gives_spans_inside_the_text(lines in proptest::collection::vec(minutes_line(), 0..60)) {
        let text = lines.join("\n");
        let parsed = parse(&text, source(), None);
        let line_count = parsed.text.split('\n').count();
        for item in &parsed.record.items {
            prop_assert!(item.lines[0] >= 1 && item.lines[0] <= item.lines[1] && item.lines[1] <= line_count, "{:?}", item.lines);
            for span in item.decisions.iter().map(|d| d.lines).chain(item.actions.iter().map(|a| a.lines)) {
                prop_assert!(span[0] >= 1 && span[0] <= span[1] && span[1] <= line_count, "{:?}", span);
            }
            prop_assert!(!item.title.trim().is_empty());
        }
        if let Some(date) = &parsed.record.date {
            prop_assert!(jiff::civil::Date::strptime("%Y-%m-%d", date).is_ok());
        }
    }
}
