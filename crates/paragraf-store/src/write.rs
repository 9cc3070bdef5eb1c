//! Ingesting one document: the original, its record and the record's
//! projection, in one transaction.

use std::collections::{HashMap, HashSet};

use paragraf_record::{Due, Item, MeetingRecord, Section};
use sqlx::query_builder::Separated;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use crate::{MeetingId, Store, StoreError, person_key};

/// Everything stored for one document.
#[derive(Debug, Clone, Copy)]
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
        let mut inserted = self.insert_many(std::slice::from_ref(document)).await?;
        Ok(inserted.remove(0))
    }

    /// Stores several documents in one transaction (group commit: a
    /// commit rewrites every page it touched, so one per document would
    /// cost more than the documents). All or none are stored; within the
    /// batch, as across batches, the same bytes twice are one meeting.
    pub async fn insert_many(
        &self,
        documents: &[NewDocument<'_>],
    ) -> Result<Vec<Insertion>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let now = jiff::Timestamp::now().to_string();
        let mut inserted = Vec::with_capacity(documents.len());
        for document in documents {
            inserted.push(insert_document(&mut tx, document, &now).await?);
        }
        tx.commit().await?;
        Ok(inserted)
    }
}

async fn insert_document(
    connection: &mut SqliteConnection,
    document: &NewDocument<'_>,
    now: &str,
) -> Result<Insertion, StoreError> {
    let record = document.record;
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
    .bind(now)
    .fetch_optional(&mut *connection)
    .await?;
    let Some(document_id) = document_id else {
        // Stored before, by this batch or another ingest; its document and
        // meeting rows were written in one transaction.
        return meeting_for_hash(connection, &record.source.sha256)
            .await?
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
    .fetch_one(&mut *connection)
    .await?;
    write_projection(connection, meeting_id, record).await?;
    insert_rows(
        connection,
        "INSERT INTO corrections (document_id, origin, line, original, replacement, confidence, created_at) ",
        "",
        document.corrections,
        |row, correction| {
            row.push_bind(document_id)
                .push_bind("ocr-repair")
                .push_bind(correction.line as i64)
                .push_bind(correction.original.as_str())
                .push_bind(correction.replacement.as_str())
                .push_bind(correction.confidence)
                .push_bind(now);
        },
    )
    .await?;
    Ok(Insertion::Added(meeting_id))
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

/// Rows per multi-row `INSERT`: at eight columns, far below SQLite's
/// 32,766 bound parameters.
const ROWS_PER_STATEMENT: usize = 1_000;

/// Inserts `rows` with as few statements as possible (`head` names the
/// table and columns, `bind` adds one row's values, `tail` follows the
/// values) and returns what the statements return. One statement per
/// table instead of one per row: each statement is a round trip to
/// SQLite's worker thread, and those dominated the cost of ingest.
async fn insert_rows<T>(
    connection: &mut SqliteConnection,
    head: &str,
    tail: &str,
    rows: &[T],
    mut bind: impl FnMut(&mut Separated<'_, Sqlite, &'static str>, &T),
) -> Result<Vec<SqliteRow>, StoreError> {
    let mut returned = Vec::new();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut builder = QueryBuilder::<Sqlite>::new(head);
        builder.push_values(chunk, |mut row, value| bind(&mut row, value));
        builder.push(tail);
        returned.extend(builder.build().fetch_all(&mut *connection).await?);
    }
    Ok(returned)
}

/// One row of `attendance`, less the meeting.
struct Attendance<'a> {
    name: &'a str,
    role: &'static str,
    group: Option<&'a str>,
    party: Option<&'a str>,
    initials: Option<&'a str>,
    note: Option<&'a str>,
}

impl<'a> Attendance<'a> {
    fn new(name: &'a str, role: &'static str) -> Self {
        Attendance {
            name,
            role,
            group: None,
            party: None,
            initials: None,
            note: None,
        }
    }
}

/// Writes a record's tables: one statement per table.
async fn write_projection(
    connection: &mut SqliteConnection,
    meeting_id: MeetingId,
    record: &MeetingRecord,
) -> Result<(), StoreError> {
    let attendance = attendance(record);
    let named = attendance
        .iter()
        .map(|row| row.name)
        .chain(record.items.iter().flat_map(|item| {
            item.presenters
                .iter()
                .chain(item.actions.iter().flat_map(|action| action.owners.iter()))
                .map(String::as_str)
        }));
    let people = upsert_people(connection, named).await?;
    let person = |name: &str| people[&person_key(name)];

    // A name listed twice in one role is one attendance.
    insert_rows(
        connection,
        "INSERT INTO attendance (meeting_id, person_id, role, grp, party, initials, note) ",
        " ON CONFLICT DO NOTHING",
        &attendance,
        |row, a| {
            row.push_bind(meeting_id)
                .push_bind(person(a.name))
                .push_bind(a.role)
                .push_bind(a.group)
                .push_bind(a.party)
                .push_bind(a.initials)
                .push_bind(a.note);
        },
    )
    .await?;

    let positioned: Vec<(usize, &Item)> = record.items.iter().enumerate().collect();
    let item_ids: HashMap<i64, i64> = insert_rows(
        connection,
        "INSERT INTO items (meeting_id, position, number, title, section, text, line_start, line_end) ",
        " RETURNING position, id",
        &positioned,
        |row, (position, item)| {
            row.push_bind(meeting_id)
                .push_bind(*position as i64)
                .push_bind(item.number.as_deref())
                .push_bind(item.title.as_str())
                .push_bind(section_name(item.section))
                .push_bind(item.text.as_str())
                .push_bind(item.lines[0] as i64)
                .push_bind(item.lines[1] as i64);
        },
    )
    .await?
    .iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect();
    let item_id = |position: usize| item_ids[&(position as i64)];

    let presenters: Vec<(i64, i64)> = positioned
        .iter()
        .flat_map(|(position, item)| {
            item.presenters
                .iter()
                .map(move |name| (item_id(*position), person(name)))
        })
        .collect();
    insert_rows(
        connection,
        "INSERT INTO item_presenters (item_id, person_id) ",
        " ON CONFLICT DO NOTHING",
        &presenters,
        |row, (item, person)| {
            row.push_bind(*item).push_bind(*person);
        },
    )
    .await?;

    let decisions = numbered_parts(&positioned, &item_id, |item| &item.decisions);
    insert_rows(
        connection,
        "INSERT INTO decisions (item_id, position, text, line_start, line_end) ",
        "",
        &decisions,
        |row, (item, position, decision)| {
            row.push_bind(*item)
                .push_bind(*position as i64)
                .push_bind(decision.text.as_str())
                .push_bind(decision.lines[0] as i64)
                .push_bind(decision.lines[1] as i64);
        },
    )
    .await?;

    let actions = numbered_parts(&positioned, &item_id, |item| &item.actions);
    let action_ids: HashMap<(i64, i64), i64> = insert_rows(
        connection,
        "INSERT INTO actions (item_id, position, text, due_date, due_next_meeting, line_start, line_end) ",
        " RETURNING item_id, position, id",
        &actions,
        |row, (item, position, action)| {
            let (due_date, due_next_meeting) = match &action.due {
                Some(Due::Date(date)) => (Some(date.as_str()), false),
                Some(Due::NextMeeting) => (None, true),
                None => (None, false),
            };
            row.push_bind(*item)
                .push_bind(*position as i64)
                .push_bind(action.text.as_str())
                .push_bind(due_date)
                .push_bind(due_next_meeting)
                .push_bind(action.lines[0] as i64)
                .push_bind(action.lines[1] as i64);
        },
    )
    .await?
    .iter()
    .map(|row| ((row.get(0), row.get(1)), row.get(2)))
    .collect();

    let owners: Vec<(i64, i64)> = actions
        .iter()
        .flat_map(|(item, position, action)| {
            let action_id = action_ids[&(*item, *position as i64)];
            action
                .owners
                .iter()
                .map(move |name| (action_id, person(name)))
        })
        .collect();
    insert_rows(
        connection,
        "INSERT INTO action_owners (action_id, person_id) ",
        " ON CONFLICT DO NOTHING",
        &owners,
        |row, (action, person)| {
            row.push_bind(*action).push_bind(*person);
        },
    )
    .await?;
    Ok(())
}

/// One kind of part of every item, as (item id, position in the item, part).
fn numbered_parts<'r, T>(
    items: &[(usize, &'r Item)],
    item_id: &impl Fn(usize) -> i64,
    parts: impl Fn(&'r Item) -> &'r Vec<T>,
) -> Vec<(i64, usize, &'r T)> {
    items
        .iter()
        .flat_map(|(position, item)| {
            parts(item)
                .iter()
                .enumerate()
                .map(move |(index, part)| (item_id(*position), index, part))
        })
        .collect()
}

/// Every attendance the record states: members, guests, the absent and
/// the meeting's officers.
fn attendance(record: &MeetingRecord) -> Vec<Attendance<'_>> {
    let mut rows = Vec::new();
    for attendee in &record.attendees {
        rows.push(Attendance {
            group: attendee.group.as_deref(),
            party: attendee.party.as_deref(),
            initials: attendee.initials.as_deref(),
            ..Attendance::new(&attendee.name, "attendee")
        });
    }
    for guest in &record.guests {
        rows.push(Attendance {
            group: guest.group.as_deref(),
            note: guest.note.as_deref(),
            ..Attendance::new(&guest.name, "guest")
        });
    }
    for absentee in &record.absent {
        rows.push(Attendance {
            note: absentee.note.as_deref(),
            ..Attendance::new(&absentee.name, "absent")
        });
    }
    let officers = record
        .secretary
        .iter()
        .map(|name| (name, "secretary"))
        .chain(record.chair.iter().map(|name| (name, "chair")))
        .chain(record.adjusters.iter().map(|name| (name, "adjuster")));
    rows.extend(officers.map(|(name, role)| Attendance::new(name, role)));
    rows
}

/// The people row of every name, created when new; keyed by `person_key`.
async fn upsert_people(
    connection: &mut SqliteConnection,
    names: impl Iterator<Item = &str>,
) -> Result<HashMap<String, i64>, StoreError> {
    // In order of first mention, so new people get ids in document order.
    let mut seen = HashSet::new();
    let distinct: Vec<(String, &str)> = names
        .map(|name| (person_key(name), name.trim()))
        .filter(|(key, _)| seen.insert(key.clone()))
        .collect();
    // The no-op update makes RETURNING give the id of an existing row too.
    Ok(insert_rows(
        connection,
        "INSERT INTO people (name, key) ",
        " ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING key, id",
        &distinct,
        |row, (key, name)| {
            row.push_bind(*name).push_bind(key.as_str());
        },
    )
    .await?
    .iter()
    .map(|row| (row.get(0), row.get(1)))
    .collect())
}
