//! The meeting record: one minutes document, structured.
//!
//! This crate is the contract of `shared/spec/meeting-record.md` in Rust
//! types. It knows nothing about how a record is produced (parsing, OCR
//! repair) or consumed (storage, web); every layer above speaks it.

mod markdown;

pub use markdown::render_markdown;
use serde::{Deserialize, Serialize};

/// The schema tag written into every record.
pub const SCHEMA: &str = "meeting-record/1";

/// One meeting, as read from its minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingRecord {
    pub schema: String,
    pub source: Source,
    pub organization: Option<String>,
    pub body: Option<String>,
    /// ISO date (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub date_basis: Option<DateBasis>,
    /// `HH:MM`.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub attendees: Vec<Attendee>,
    pub guests: Vec<Guest>,
    pub absent: Vec<Absentee>,
    pub secretary: Option<String>,
    /// Who chaired the meeting (`Ordförande`), when the minutes say.
    #[serde(default)]
    pub chair: Option<String>,
    /// Who checks the minutes (`Justerare`, `Utses att justera`).
    #[serde(default)]
    pub adjusters: Vec<String>,
    pub items: Vec<Item>,
    pub links: Vec<String>,
}

/// Where the record came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    /// File name as given on the command line.
    pub file: String,
    /// SHA-256 of the original bytes, lowercase hex.
    pub sha256: String,
    pub format: SourceFormat,
    pub ocr_repaired_words: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Txt,
    Pdf,
    Docx,
    Odt,
    Image,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// Day, month and year are all written in the minutes.
    Stated,
    /// The year was inferred from the weekday and the years the text mentions.
    Inferred,
}

/// A present member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendee {
    pub name: String,
    pub initials: Option<String>,
    /// The group the minutes list the person under (`LG`, `Styrgrupp`, `Ersättare`).
    pub group: Option<String>,
    /// Party abbreviation in political bodies (`M`, `S`, `KD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// An extra or external participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Guest {
    pub name: String,
    /// Group or organisation (`Styrgruppen`, `Skolverket`).
    pub group: Option<String>,
    /// Free note such as the time span attended (`13-15.00`).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Absentee {
    pub name: String,
    /// The note written beside the name (`sem`, `sekr.`).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Information,
    Decision,
    Dialog,
    Other,
}

/// Inclusive 1-based line span in the record's text (`parse --format text`).
pub type Lines = [usize; 2];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Item {
    /// The number as written (`3`, `5.2`, `§ 12` is written as `12`).
    pub number: Option<String>,
    pub title: String,
    pub section: Section,
    pub presenters: Vec<String>,
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<usize>, min_items = 2, max_items = 2))]
    pub lines: Lines,
    pub decisions: Vec<Decision>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<usize>, min_items = 2, max_items = 2))]
    pub lines: Lines,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Action {
    pub text: String,
    pub owners: Vec<String>,
    pub due: Option<Due>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<usize>, min_items = 2, max_items = 2))]
    pub lines: Lines,
}

/// When an action is due: a date, or the next meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// ISO date.
    Date(String),
    NextMeeting,
}

impl Serialize for Due {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Due::Date(date) => serializer.serialize_str(date),
            Due::NextMeeting => serializer.serialize_str("next_meeting"),
        }
    }
}

/// Written by hand because `Due` serialises by hand: one string, a date
/// or the word `next_meeting`.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Due {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type,
        };
        AnyOfBuilder::new()
            .description(Some("An ISO date (`YYYY-MM-DD`), or `next_meeting`."))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["next_meeting"])),
            )
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Due {}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(if text == "next_meeting" {
            Due::NextMeeting
        } else {
            Due::Date(text)
        })
    }
}

impl MeetingRecord {
    /// The record as pretty JSON, the form `parse --format json` prints.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a record always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_round_trips_through_json() {
        for due in [Due::NextMeeting, Due::Date("2021-03-23".into())] {
            let json = serde_json::to_string(&due).unwrap();
            assert_eq!(serde_json::from_str::<Due>(&json).unwrap(), due);
        }
        assert_eq!(
            serde_json::to_string(&Due::NextMeeting).unwrap(),
            "\"next_meeting\""
        );
    }
}
