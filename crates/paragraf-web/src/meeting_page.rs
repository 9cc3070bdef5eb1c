//! One meeting as a page: every text field of the record with its
//! correction (if any) beside the extracted value, and the text line by
//! line with OCR repairs and people's corrections marked.

use paragraf_record::{Due, MeetingRecord};

use crate::pages::swedish_date;
use crate::views::{Correction, MeetingText, MeetingView, Piece};

/// A field a person may correct, as shown.
pub struct FieldView {
    /// JSON pointer into the record.
    pub pointer: String,
    pub label: &'static str,
    /// The value shown: the latest correction, else the extracted value.
    pub value: String,
    /// The extracted value, when a correction replaced it.
    pub extracted: Option<String>,
    /// Who corrected it and why.
    pub corrected_by: Option<String>,
    pub multiline: bool,
}

pub struct ItemView {
    pub anchor: String,
    pub number: String,
    pub title: FieldView,
    pub presenters: String,
    pub text: FieldView,
    pub decisions: Vec<FieldView>,
    pub actions: Vec<ActionView>,
}

pub struct ActionView {
    pub text: FieldView,
    pub owners: String,
    pub due: String,
}

pub struct LineView {
    /// Counting from 1, as the record's line spans and corrections do.
    pub number: usize,
    pub pieces: Vec<PieceView>,
}

pub struct PieceView {
    pub text: String,
    /// `plain`, `repair` or `corrected`.
    pub kind: &'static str,
    /// What OCR read, or what the word was before a person corrected it.
    pub before: String,
    pub note: String,
}

pub struct Sections {
    pub facts: Vec<FieldView>,
    pub attendees: Vec<FieldView>,
    pub guests: Vec<FieldView>,
    pub absent: Vec<FieldView>,
    pub adjusters: Vec<FieldView>,
    pub items: Vec<ItemView>,
}

struct Fields<'a> {
    extracted: serde_json::Value,
    corrections: &'a [Correction],
}

impl Fields<'_> {
    fn field(&self, record: &serde_json::Value, pointer: String, label: &'static str) -> FieldView {
        let text = |value: Option<&serde_json::Value>| {
            value
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let value = text(record.pointer(&pointer));
        let latest = self.corrections.iter().rev().find(|c| c.field == pointer);
        let multiline = pointer.ends_with("/text")
            && !pointer.contains("/decisions/")
            && !pointer.contains("/actions/");
        FieldView {
            extracted: latest.map(|_| text(self.extracted.pointer(&pointer))),
            corrected_by: latest.map(|c| {
                let note = if c.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", c.note)
                };
                format!(
                    "rättat av {} {}{note}",
                    c.author,
                    c.created_at.get(..10).unwrap_or("")
                )
            }),
            pointer,
            label,
            value,
            multiline,
        }
    }
}

pub fn sections(view: &MeetingView) -> Sections {
    let fields = Fields {
        extracted: serde_json::to_value(&view.extracted).expect("a record always serialises"),
        corrections: &view.corrections,
    };
    let record: &MeetingRecord = &view.record;
    let json = serde_json::to_value(record).expect("a record always serialises");
    let facts = [
        ("/date", "Datum"),
        ("/start_time", "Början"),
        ("/end_time", "Slut"),
        ("/location", "Plats"),
        ("/organization", "Organisation"),
        ("/body", "Organ"),
        ("/chair", "Ordförande"),
        ("/secretary", "Sekreterare"),
    ]
    .into_iter()
    .map(|(pointer, label)| fields.field(&json, pointer.to_string(), label))
    .collect();
    let names = |list: &str, count: usize, label: &'static str| -> Vec<FieldView> {
        (0..count)
            .map(|i| fields.field(&json, format!("/{list}/{i}/name"), label))
            .collect()
    };
    let attendees = names("attendees", record.attendees.len(), "Namn");
    let guests = names("guests", record.guests.len(), "Namn");
    let absent = names("absent", record.absent.len(), "Namn");
    let adjusters = (0..record.adjusters.len())
        .map(|i| fields.field(&json, format!("/adjusters/{i}"), "Namn"))
        .collect();
    let items = record
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| ItemView {
            anchor: format!("punkt-{}", i + 1),
            number: item.number.clone().unwrap_or_default(),
            title: fields.field(&json, format!("/items/{i}/title"), "Rubrik"),
            presenters: item.presenters.join(", "),
            text: fields.field(&json, format!("/items/{i}/text"), "Text"),
            decisions: (0..item.decisions.len())
                .map(|j| fields.field(&json, format!("/items/{i}/decisions/{j}/text"), "Beslut"))
                .collect(),
            actions: item
                .actions
                .iter()
                .enumerate()
                .map(|(j, action)| ActionView {
                    text: fields.field(&json, format!("/items/{i}/actions/{j}/text"), "Åtgärd"),
                    owners: action.owners.join(", "),
                    due: match &action.due {
                        Some(Due::Date(date)) => swedish_date(date),
                        Some(Due::NextMeeting) => "till nästa möte".into(),
                        None => String::new(),
                    },
                })
                .collect(),
        })
        .collect();
    Sections {
        facts,
        attendees,
        guests,
        absent,
        adjusters,
        items,
    }
}

pub fn lines(text: &MeetingText) -> Vec<LineView> {
    text.lines
        .iter()
        .enumerate()
        .map(|(index, pieces)| LineView {
            number: index + 1,
            pieces: pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Plain { text } => PieceView {
                        text: text.clone(),
                        kind: "plain",
                        before: String::new(),
                        note: String::new(),
                    },
                    Piece::Repaired {
                        text,
                        ocr,
                        confidence,
                    } => PieceView {
                        text: text.clone(),
                        kind: "repair",
                        before: ocr.clone(),
                        note: match confidence {
                            Some(confidence) => format!(
                                "OCR läste ”{ocr}”, rättat automatiskt (säkerhet {:.0} %)",
                                confidence * 100.0
                            ),
                            None => format!("OCR läste ”{ocr}”, rättat automatiskt"),
                        },
                    },
                    Piece::Corrected {
                        text,
                        before,
                        author,
                    } => PieceView {
                        text: text.clone(),
                        kind: "corrected",
                        before: before.clone(),
                        note: format!("Var ”{before}”, rättat av {author}"),
                    },
                })
                .collect(),
        })
        .collect()
}
