//! Reading meetings back: lists, one meeting whole, and the parts the
//! search index is built from.

use std::collections::HashMap;

use paragraf_record::MeetingRecord;
use sqlx::FromRow;

use crate::{MeetingId, Store, StoreError};

/// One line of `paragraf meetings`.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub date: Option<String>,
    pub organization: Option<String>,
    pub body: Option<String>,
    pub location: Option<String>,
    pub file_name: String,
    pub items: i64,
    pub decisions: i64,
    pub actions: i64,
}

/// A meeting with its record and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMeeting {
    pub id: MeetingId,
    pub file_name: String,
    pub sha256: String,
    pub ingested_at: String,
    pub record: MeetingRecord,
}

/// One person's attendance at one meeting, as the minutes state it.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Attendance {
    pub person_id: i64,
    /// The person's name as first written in the archive.
    pub name: String,
    /// `attendee`, `guest`, `absent`, `secretary`, `chair` or `adjuster`.
    pub role: String,
    pub group: Option<String>,
    pub party: Option<String>,
    pub initials: Option<String>,
    pub note: Option<String>,
}

/// A name as one meeting writes it, in any role.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct NameMention {
    pub meeting_id: MeetingId,
    pub name: String,
    pub initials: Option<String>,
    /// An attendance role, `presenter` or `owner`.
    pub role: String,
    pub group: Option<String>,
}

/// A meeting's items, decisions and actions with their row ids: what the
/// search index holds.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingParts {
    pub meeting_id: MeetingId,
    pub date: Option<String>,
    pub body: Option<String>,
    pub items: Vec<PartItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartItem {
    pub id: i64,
    pub number: Option<String>,
    pub title: String,
    pub text: String,
    pub presenters: Vec<String>,
    /// `(id, text)` in the order the minutes give them.
    pub decisions: Vec<(i64, String)>,
    pub actions: Vec<PartAction>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartAction {
    pub id: i64,
    pub text: String,
    pub owners: Vec<String>,
}

/// The `MeetingSummary` query, completed by a `WHERE` / `ORDER BY` tail.
macro_rules! summary_sql {
    ($tail:literal) => {
        concat!(
            "SELECT m.id, m.date, m.organization, m.body, m.location, d.file_name,
                (SELECT count(*) FROM items i WHERE i.meeting_id = m.id) AS items,
                (SELECT count(*) FROM decisions x JOIN items i ON i.id = x.item_id
                    WHERE i.meeting_id = m.id) AS decisions,
                (SELECT count(*) FROM actions x JOIN items i ON i.id = x.item_id
                    WHERE i.meeting_id = m.id) AS actions
             FROM meetings m JOIN documents d ON d.id = m.document_id ",
            $tail
        )
    };
}

impl Store {
    /// Every meeting, oldest first; undated ones last.
    pub async fn meetings(&self) -> Result<Vec<MeetingSummary>, StoreError> {
        Ok(
            sqlx::query_as(summary_sql!("ORDER BY m.date IS NULL, m.date, m.id"))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// One page of meetings, newest first (undated ones last): `limit`
    /// meetings after skipping `offset`. Pages read only their own rows.
    pub async fn meetings_page(
        &self,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<MeetingSummary>, StoreError> {
        Ok(sqlx::query_as(summary_sql!(
            "WHERE m.id IN (SELECT id FROM meetings
                            ORDER BY date IS NULL, date DESC, id DESC LIMIT $1 OFFSET $2)
             ORDER BY m.date IS NULL, m.date DESC, m.id DESC"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The meetings a user's words point at: a meeting id, an ISO date, a
    /// file name, or the start (≥ 6 hex digits) of the document's SHA-256.
    pub async fn find_meetings(&self, selector: &str) -> Result<Vec<MeetingSummary>, StoreError> {
        let sql = summary_sql!(
            "WHERE CAST(m.id AS TEXT) = $1 OR m.date = $1 OR d.file_name = $1
                OR (length($1) >= 6 AND d.sha256 LIKE $1 || '%')
             ORDER BY m.date, m.id"
        );
        let selector = selector.trim().to_lowercase();
        Ok(sqlx::query_as(sql)
            .bind(selector)
            .fetch_all(&self.pool)
            .await?)
    }

    /// One meeting whole, or `None` when there is no such id.
    pub async fn meeting(&self, id: MeetingId) -> Result<Option<StoredMeeting>, StoreError> {
        let row: Option<(String, String, String, String)> = sqlx::query_as(
            "SELECT d.file_name, d.sha256, d.ingested_at, m.record
             FROM meetings m JOIN documents d ON d.id = m.document_id WHERE m.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((file_name, sha256, ingested_at, record)) = row else {
            return Ok(None);
        };
        let record = serde_json::from_str(&record)
            .map_err(|source| StoreError::CorruptRecord { id, source })?;
        Ok(Some(StoredMeeting {
            id,
            file_name,
            sha256,
            ingested_at,
            record,
        }))
    }

    /// Who attended meeting `id`, was absent or kept the minutes, in the
    /// order the minutes name them.
    pub async fn attendance(&self, id: MeetingId) -> Result<Vec<Attendance>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT a.person_id, p.name, a.role, a.grp AS \"group\", a.party, a.initials, a.note
             FROM attendance a JOIN people p ON p.id = a.person_id
             WHERE a.meeting_id = $1 ORDER BY a.rowid",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every name the meetings write (all meetings, or those of
    /// `meetings`): attendance, presenters, action owners; by meeting, in
    /// the order each meeting gives them.
    pub async fn name_mentions(
        &self,
        meetings: Option<&[MeetingId]>,
    ) -> Result<Vec<NameMention>, StoreError> {
        self.rows_of_meetings(
            "SELECT meeting_id, name, initials, role, \"group\" FROM (
                SELECT a.meeting_id, p.name, a.initials, a.role, a.grp AS \"group\", 0 AS kind, a.rowid AS seq
                FROM attendance a JOIN people p ON p.id = a.person_id
              UNION ALL
                SELECT i.meeting_id, p.name, NULL, 'presenter', NULL, 1, ip.rowid
                FROM item_presenters ip JOIN items i ON i.id = ip.item_id
                JOIN people p ON p.id = ip.person_id
              UNION ALL
                SELECT i.meeting_id, p.name, NULL, 'owner', NULL, 2, o.rowid
                FROM action_owners o JOIN actions x ON x.id = o.action_id
                JOIN items i ON i.id = x.item_id JOIN people p ON p.id = o.person_id
             ) WHERE {meetings} ORDER BY meeting_id, kind, seq",
            "meeting_id",
            meetings,
        )
        .await
    }

    /// How many meetings there are.
    pub async fn meeting_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM meetings")
            .fetch_one(&self.pool)
            .await?)
    }

    /// The highest meeting id (0 when there are none); cheap, unlike a count.
    pub async fn newest_meeting_id(&self) -> Result<MeetingId, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM meetings")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Up to `limit` meetings with ids above `after`, in id order, with
    /// their parts. Six queries per call, whatever `limit` is.
    pub async fn parts_after(
        &self,
        after: MeetingId,
        limit: i64,
    ) -> Result<Vec<MeetingParts>, StoreError> {
        let meetings: Vec<(MeetingId, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT id, date, body FROM meetings WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let Some(&(last, _, _)) = meetings.last() else {
            return Ok(Vec::new());
        };

        let items: Vec<(i64, MeetingId, Option<String>, String, String)> = sqlx::query_as(
            "SELECT id, meeting_id, number, title, text FROM items
             WHERE meeting_id > $1 AND meeting_id <= $2 ORDER BY meeting_id, position",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        let presenters: Vec<(i64, String)> = sqlx::query_as(
            "SELECT ip.item_id, p.name FROM item_presenters ip
             JOIN people p ON p.id = ip.person_id JOIN items i ON i.id = ip.item_id
             WHERE i.meeting_id > $1 AND i.meeting_id <= $2 ORDER BY ip.rowid",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        let decisions: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT x.id, x.item_id, x.text FROM decisions x JOIN items i ON i.id = x.item_id
             WHERE i.meeting_id > $1 AND i.meeting_id <= $2 ORDER BY x.item_id, x.position",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        let actions: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT x.id, x.item_id, x.text FROM actions x JOIN items i ON i.id = x.item_id
             WHERE i.meeting_id > $1 AND i.meeting_id <= $2 ORDER BY x.item_id, x.position",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;
        let owners: Vec<(i64, String)> = sqlx::query_as(
            // As a join, SQLite scanned every owner row to keep rowid order,
            // and each batch cost more the bigger the archive.
            "SELECT o.action_id, p.name FROM action_owners o JOIN people p ON p.id = o.person_id
             WHERE o.action_id IN (SELECT x.id FROM actions x JOIN items i ON i.id = x.item_id
                                   WHERE i.meeting_id > $1 AND i.meeting_id <= $2)
             ORDER BY o.rowid",
        )
        .bind(after)
        .bind(last)
        .fetch_all(&self.pool)
        .await?;

        let mut presenters_of = group(presenters);
        let mut owners_of = group(owners);
        let mut decisions_of = group(
            decisions
                .into_iter()
                .map(|(id, item, text)| (item, (id, text))),
        );
        let mut actions_of = group(actions.into_iter().map(|(id, item, text)| {
            let owners = owners_of.remove(&id).unwrap_or_default();
            (item, PartAction { id, text, owners })
        }));
        let mut items_of = group(items.into_iter().map(|(id, meeting, number, title, text)| {
            let item = PartItem {
                id,
                number,
                title,
                text,
                presenters: presenters_of.remove(&id).unwrap_or_default(),
                decisions: decisions_of.remove(&id).unwrap_or_default(),
                actions: actions_of.remove(&id).unwrap_or_default(),
            };
            (meeting, item)
        }));
        Ok(meetings
            .into_iter()
            .map(|(meeting_id, date, body)| MeetingParts {
                meeting_id,
                date,
                body,
                items: items_of.remove(&meeting_id).unwrap_or_default(),
            })
            .collect())
    }
}

/// Groups `(key, value)` pairs by key, keeping the values' order.
fn group<V>(pairs: impl IntoIterator<Item = (i64, V)>) -> HashMap<i64, Vec<V>> {
    let mut groups: HashMap<i64, Vec<V>> = HashMap::new();
    for (key, value) in pairs {
        groups.entry(key).or_default().push(value);
    }
    groups
}
