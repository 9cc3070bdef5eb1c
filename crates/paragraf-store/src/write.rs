//! Ingesting one document: the original, its record and the record's
//! projection, in one transaction.

use std::collections::HashMap;

use paragraf_record::{Due, Item, MeetingRecord, Section};
use sqlx::SqliteConnection;

use crate::{MeetingId, Store, StoreError, person_key};

/// Everything stored for one document.
#[derive(Debug)]
pub struct NewDocument<'a> {
    pub file_name: &'a str,
    pub original: &'a [u8],
    /// Cleaned and repaired text, the one the record's line spans refer to.
    pub text: &'a str,
    pub record: &'a MeetingRecord,
    pub corrections: &'a [OcrCorrection],
}

/// One word OCR repair replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrCorrection {
    pub line: usize,
    pub original: String,
    pub replacement: String,
    pub confidence: f32,
}

/// What `Store::insert` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insertion {
    /// A new document, now committed as this meeting.
    Added(MeetingId),
    /// The same bytes were already stored as this meeting; nothing changed.
    Existing(MeetingId),
}

impl Store {
    /// The meeting already stored for a document with this SHA-256.
    pub async fn meeting_for_hash(&self, sha256: &str) -> Result<Option<MeetingId>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        meeting_for_hash(&mut connection, sha256).await
    }

    /// Stores a document and its record in one transaction: afterwards
    /// either all of it is in the database or none of it is. The same
    /// bytes twice are one meeting.
    pub async fn insert(&self, document: &NewDocument<'_>) -> Result<Insertion, StoreError> {
        let record = document.record;
        let mut tx = self.pool.begin().await?;
        let now = jiff::Timestamp::now().to_string();
        let document_id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO documents (sha256, file_name, format, size, original, text, ingested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (sha256) DO NOTHING
             RETURNING id",
        )
        .bind(&record.source.sha256)
        .bind(document.file_name)
        .bind(format_name(record))
        .bind(document.original.len() as i64)
        .bind(document.original)
        .bind(document.text)
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(document_id) = document_id else {
            // Another ingest stored these bytes first.
            tx.rollback().await?;
            let mut connection = self.pool.acquire().await?;
            let existing = meeting_for_hash(&mut connection, &record.source.sha256).await?;
            // Document and meeting rows are written in one transaction.
            return existing
                .map(Insertion::Existing)
                .ok_or(StoreError::Sql(sqlx::Error::RowNotFound));
        };
        let record_json = serde_json::to_string(record).expect("a record always serialises");
        let meeting_id: MeetingId = sqlx::query_scalar(
            "INSERT INTO meetings (document_id, organization, body, date, start_time, end_time, location, record)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             RETURNING id",
        )
        .bind(document_id)
        .bind(&record.organization)
        .bind(&record.body)
        .bind(&record.date)
        .bind(&record.start_time)
        .bind(&record.end_time)
        .bind(&record.location)
        .bind(record_json)
        .fetch_one(&mut *tx)
        .await?;
        Projection::default()
            .write(&mut tx, meeting_id, record)
            .await?;
        for correction in document.corrections {
            sqlx::query(
                "INSERT INTO corrections (document_id, origin, line, original, replacement, confidence, created_at)
                 VALUES ($1, 'ocr-repair', $2, $3, $4, $5, $6)",
            )
            .bind(document_id)
            .bind(correction.line as i64)
            .bind(&correction.original)
            .bind(&correction.replacement)
            .bind(correction.confidence)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Insertion::Added(meeting_id))
    }
}

async fn meeting_for_hash(
    connection: &mut SqliteConnection,
    sha256: &str,
) -> Result<Option<MeetingId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT m.id FROM meetings m JOIN documents d ON d.id = m.document_id WHERE d.sha256 = $1",
    )
    .bind(sha256)
    .fetch_optional(connection)
    .await?)
}

fn format_name(record: &MeetingRecord) -> &'static str {
    use paragraf_record::SourceFormat::*;
    match record.source.format {
        Txt => "txt",
        Pdf => "pdf",
        Docx => "docx",
        Odt => "odt",
        Image => "image",
    }
}

pub(crate) fn section_name(section: Section) -> &'static str {
    match section {
        Section::Information => "information",
        Section::Decision => "decision",
        Section::Dialog => "dialog",
        Section::Other => "other",
    }
}

/// One row of `attendance`, less the meeting and the person.
struct Attendance<'a> {
    role: &'static str,
    group: Option<&'a str>,
    party: Option<&'a str>,
    initials: Option<&'a str>,
    note: Option<&'a str>,
}

impl Attendance<'_> {
    fn new(role: &'static str) -> Self {
        Attendance {
            role,
            group: None,
            party: None,
            initials: None,
            note: None,
        }
    }
}

/// Writes a record's tables, remembering the people it has seen so each
/// name costs one upsert per document.
#[derive(Default)]
struct Projection {
    people: HashMap<String, i64>,
}

impl Projection {
    async fn write(
        &mut self,
        connection: &mut SqliteConnection,
        meeting_id: MeetingId,
        record: &MeetingRecord,
    ) -> Result<(), StoreError> {
        for attendee in &record.attendees {
            let role = Attendance {
                group: attendee.group.as_deref(),
                party: attendee.party.as_deref(),
                initials: attendee.initials.as_deref(),
                ..Attendance::new("attendee")
            };
            self.attend(connection, meeting_id, &attendee.name, role)
                .await?;
        }
        for guest in &record.guests {
            let role = Attendance {
                group: guest.group.as_deref(),
                note: guest.note.as_deref(),
                ..Attendance::new("guest")
            };
            self.attend(connection, meeting_id, &guest.name, role)
                .await?;
        }
        for absentee in &record.absent {
            let role = Attendance {
                note: absentee.note.as_deref(),
                ..Attendance::new("absent")
            };
            self.attend(connection, meeting_id, &absentee.name, role)
                .await?;
        }
        let officers = record
            .secretary
            .iter()
            .map(|name| (name, "secretary"))
            .chain(record.chair.iter().map(|name| (name, "chair")))
            .chain(record.adjusters.iter().map(|name| (name, "adjuster")));
        for (name, role) in officers {
            self.attend(connection, meeting_id, name, Attendance::new(role))
                .await?;
        }
        for (position, item) in record.items.iter().enumerate() {
            self.item(connection, meeting_id, position, item).await?;
        }
        Ok(())
    }

    async fn person(
        &mut self,
        connection: &mut SqliteConnection,
        name: &str,
    ) -> Result<i64, StoreError> {
        let key = person_key(name);
        if let Some(&id) = self.people.get(&key) {
            return Ok(id);
        }
        // The no-op update makes RETURNING give the id of an existing row too.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (name, key) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET key = excluded.key
             RETURNING id",
        )
        .bind(name.trim())
        .bind(&key)
        .fetch_one(&mut *connection)
        .await?;
        self.people.insert(key, id);
        Ok(id)
    }

    async fn attend(
        &mut self,
        connection: &mut SqliteConnection,
        meeting_id: MeetingId,
        name: &str,
        attendance: Attendance<'_>,
    ) -> Result<(), StoreError> {
        let person_id = self.person(connection, name).await?;
        // A name listed twice in one role is one attendance.
        sqlx::query(
            "INSERT INTO attendance (meeting_id, person_id, role, grp, party, initials, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT DO NOTHING",
        )
        .bind(meeting_id)
        .bind(person_id)
        .bind(attendance.role)
        .bind(attendance.group)
        .bind(attendance.party)
        .bind(attendance.initials)
        .bind(attendance.note)
        .execute(&mut *connection)
        .await?;
        Ok(())
    }

    async fn item(
        &mut self,
        connection: &mut SqliteConnection,
        meeting_id: MeetingId,
        position: usize,
        item: &Item,
    ) -> Result<(), StoreError> {
        let item_id: i64 = sqlx::query_scalar(
            "INSERT INTO items (meeting_id, position, number, title, section, text, line_start, line_end)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             RETURNING id",
        )
        .bind(meeting_id)
        .bind(position as i64)
        .bind(&item.number)
        .bind(&item.title)
        .bind(section_name(item.section))
        .bind(&item.text)
        .bind(item.lines[0] as i64)
        .bind(item.lines[1] as i64)
        .fetch_one(&mut *connection)
        .await?;
        for presenter in &item.presenters {
            let person_id = self.person(connection, presenter).await?;
            sqlx::query("INSERT INTO item_presenters (item_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(item_id)
                .bind(person_id)
                .execute(&mut *connection)
                .await?;
        }
        for (position, decision) in item.decisions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO decisions (item_id, position, text, line_start, line_end)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(item_id)
            .bind(position as i64)
            .bind(&decision.text)
            .bind(decision.lines[0] as i64)
            .bind(decision.lines[1] as i64)
            .execute(&mut *connection)
            .await?;
        }
        for (position, action) in item.actions.iter().enumerate() {
            let (due_date, due_next_meeting) = match &action.due {
                Some(Due::Date(date)) => (Some(date.as_str()), false),
                Some(Due::NextMeeting) => (None, true),
                None => (None, false),
            };
            let action_id: i64 = sqlx::query_scalar(
                "INSERT INTO actions (item_id, position, text, due_date, due_next_meeting, line_start, line_end)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 RETURNING id",
            )
            .bind(item_id)
            .bind(position as i64)
            .bind(&action.text)
            .bind(due_date)
            .bind(due_next_meeting)
            .bind(action.lines[0] as i64)
            .bind(action.lines[1] as i64)
            .fetch_one(&mut *connection)
            .await?;
            for owner in &action.owners {
                let person_id = self.person(connection, owner).await?;
                sqlx::query("INSERT INTO action_owners (action_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(action_id)
                    .bind(person_id)
                    .execute(&mut *connection)
                    .await?;
            }
        }
        Ok(())
    }
}
