//! What the web application keeps: accounts and sessions, saved searches
//! and topics, people's corrections of records and texts, and the audit
//! log every change writes to in the same transaction.
//!
//! Roles and passwords are opaque strings here; what they allow is the
//! web layer's business.

use serde_json::Value;
use sqlx::{FromRow, SqliteConnection};

use crate::{MeetingId, Store, StoreError};

/// An account.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    /// `admin`, `secretary`, `member` or `reader`.
    pub role: String,
    pub password_hash: String,
    pub created_at: String,
}

/// A live session and its user.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub user: User,
    pub csrf_token: String,
    pub expires_at: String,
}

/// A saved search or topic.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct Watch {
    pub id: i64,
    pub user_id: i64,
    /// `search` or `topic`.
    pub kind: String,
    pub query: String,
    pub feed_token: String,
    /// The newest meeting id when the user last looked.
    pub seen_through: MeetingId,
    pub created_at: String,
}

/// One person's correction of one field of a record.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct RecordCorrection {
    pub id: i64,
    pub meeting_id: MeetingId,
    /// A JSON pointer into the record.
    pub field: String,
    /// The corrected value, as JSON.
    pub value: String,
    pub note: String,
    pub author: String,
    pub created_at: String,
}

/// A change to one word of a meeting's text: made by OCR repair, or by a
/// person correcting it.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct TextCorrection {
    pub id: i64,
    /// `ocr-repair` or `manual`.
    pub origin: String,
    /// Line of the repaired text, counting from 1.
    pub line: Option<i64>,
    pub original: String,
    pub replacement: String,
    pub confidence: Option<f64>,
    pub author: Option<String>,
    pub created_at: String,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub author: String,
    pub action: String,
    pub target: String,
    /// JSON, when there was a value before.
    pub before: Option<String>,
    pub after: Option<String>,
    pub created_at: String,
}

/// A change about to be logged.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub author: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
}

pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// Logs `change` on `connection`, inside the caller's transaction.
pub(crate) async fn log_change(
    connection: &mut SqliteConnection,
    change: Change<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (author, action, target, before, after, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(change.author)
    .bind(change.action)
    .bind(change.target)
    .bind(change.before.map(Value::to_string))
    .bind(change.after.map(Value::to_string))
    .bind(now())
    .execute(connection)
    .await?;
    Ok(())
}

const USER_COLUMNS: &str = "id, name, display_name, role, password_hash, created_at";

impl Store {
    /// Adds an account; `None` when the name is taken.
    pub async fn add_user(
        &self,
        name: &str,
        display_name: &str,
        role: &str,
        password_hash: &str,
        author: &str,
    ) -> Result<Option<User>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let user: Option<User> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "INSERT INTO users (name, display_name, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING
             RETURNING {USER_COLUMNS}"
        )))
        .bind(name)
        .bind(display_name)
        .bind(role)
        .bind(password_hash)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(user) = &user {
            let after = serde_json::json!({
                "name": user.name, "display_name": user.display_name, "role": user.role,
            });
            let target = format!("user {}", user.name);
            log_change(
                &mut tx,
                Change {
                    author,
                    action: "add user",
                    target: &target,
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(user)
    }

    pub async fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE name = $1"
        )))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY name"
        )))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Opens a session for `user_id` under the hash of its cookie token.
    pub async fn add_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session under `token_hash`, expired or not (the caller decides).
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT s.csrf_token, s.expires_at, u.id, u.name, u.display_name, u.role,
                    u.password_hash, u.created_at
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Ends one session, and every session past `expired_before`.
    pub async fn end_session(
        &self,
        token_hash: &str,
        expired_before: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at < $2")
            .bind(token_hash)
            .bind(expired_before)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Saves a search or topic for a user; the existing one when it was
    /// saved before.
    pub async fn add_watch(
        &self,
        user_id: i64,
        kind: &str,
        query: &str,
        feed_token: &str,
    ) -> Result<Watch, StoreError> {
        let seen_through = self.newest_meeting_id().await?;
        sqlx::query(
            "INSERT INTO watches (user_id, kind, query, feed_token, seen_through, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, kind, query) DO NOTHING",
        )
        .bind(user_id)
        .bind(kind)
        .bind(query)
        .bind(feed_token)
        .bind(seen_through)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(sqlx::query_as(
            "SELECT id, user_id, kind, query, feed_token, seen_through, created_at
             FROM watches WHERE user_id = $1 AND kind = $2 AND query = $3",
        )
        .bind(user_id)
        .bind(kind)
        .bind(query)
        .fetch_one(&self.pool)
        .await?)
    }

    /// A user's saved searches and topics, oldest first.
    pub async fn watches(&self, user_id: i64) -> Result<Vec<Watch>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, kind, query, feed_token, seen_through, created_at
             FROM watches WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The watch a feed address names.
    pub async fn watch_by_feed_token(&self, feed_token: &str) -> Result<Option<Watch>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, kind, query, feed_token, seen_through, created_at
             FROM watches WHERE feed_token = $1",
        )
        .bind(feed_token)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Marks a user's watches as seen through `meeting_id`.
    pub async fn mark_watches_seen(
        &self,
        user_id: i64,
        meeting_id: MeetingId,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE watches SET seen_through = $2 WHERE user_id = $1")
            .bind(user_id)
            .bind(meeting_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes one of a user's watches; false when they have no such watch.
    pub async fn delete_watch(&self, user_id: i64, watch_id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM watches WHERE id = $1 AND user_id = $2")
            .bind(watch_id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// People's corrections of a meeting's record, oldest first.
    pub async fn record_corrections(
        &self,
        meeting_id: MeetingId,
    ) -> Result<Vec<RecordCorrection>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, meeting_id, field, value, note, author, created_at
             FROM record_corrections WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a correction of one field of a meeting's record, beside the
    /// record, with `before` (the value shown until now) in the audit log.
    pub async fn correct_record(
        &self,
        meeting_id: MeetingId,
        field: &str,
        before: &Value,
        value: &Value,
        note: &str,
        author: &str,
    ) -> Result<RecordCorrection, StoreError> {
        let mut tx = self.pool.begin().await?;
        let correction: RecordCorrection = sqlx::query_as(
            "INSERT INTO record_corrections (meeting_id, field, value, note, author, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id, meeting_id, field, value, note, author, created_at",
        )
        .bind(meeting_id)
        .bind(field)
        .bind(value.to_string())
        .bind(note)
        .bind(author)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let target = format!("meeting {meeting_id} {field}");
        log_change(
            &mut tx,
            Change {
                author,
                action: "correct record",
                target: &target,
                before: Some(before),
                after: Some(value),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(correction)
    }

    /// The repaired text of a meeting's document, the one the record's
    /// line spans refer to.
    pub async fn meeting_text(&self, meeting_id: MeetingId) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT d.text FROM meetings m JOIN documents d ON d.id = m.document_id
             WHERE m.id = $1",
        )
        .bind(meeting_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The original bytes of a meeting's document and its file name.
    pub async fn meeting_original(
        &self,
        meeting_id: MeetingId,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT d.file_name, d.original FROM meetings m JOIN documents d ON d.id = m.document_id
             WHERE m.id = $1",
        )
        .bind(meeting_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// OCR repairs and people's corrections of a meeting's text, oldest first.
    pub async fn text_corrections(
        &self,
        meeting_id: MeetingId,
    ) -> Result<Vec<TextCorrection>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.origin, c.line, c.original, c.replacement, c.confidence, c.author,
                    c.created_at
             FROM corrections c JOIN meetings m ON m.document_id = c.document_id
             WHERE m.id = $1 ORDER BY c.id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a person's correction of a word on one line of a meeting's
    /// text; `None` when there is no such meeting.
    pub async fn correct_text(
        &self,
        meeting_id: MeetingId,
        line: i64,
        original: &str,
        replacement: &str,
        author: &str,
    ) -> Result<Option<TextCorrection>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let correction: Option<TextCorrection> = sqlx::query_as(
            "INSERT INTO corrections (document_id, origin, line, original, replacement, author,
                                      created_at)
             SELECT document_id, 'manual', $2, $3, $4, $5, $6 FROM meetings WHERE id = $1
             RETURNING id, origin, line, original, replacement, confidence, author, created_at",
        )
        .bind(meeting_id)
        .bind(line)
        .bind(original)
        .bind(replacement)
        .bind(author)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        if correction.is_some() {
            let target = format!("meeting {meeting_id} text line {line}");
            log_change(
                &mut tx,
                Change {
                    author,
                    action: "correct text",
                    target: &target,
                    before: Some(&Value::from(original)),
                    after: Some(&Value::from(replacement)),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(correction)
    }

    /// Logs a change made outside the store's own writes (an upload).
    pub async fn log_change(&self, change: Change<'_>) -> Result<(), StoreError> {
        let mut connection = self.pool.acquire().await?;
        log_change(&mut connection, change).await
    }

    /// The audit log, newest first: `limit` rows with ids below `before_id`.
    pub async fn audit_log(
        &self,
        limit: i64,
        before_id: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, author, action, target, before, after, created_at FROM audit_log
             WHERE $1 IS NULL OR id < $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(before_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A number that grows whenever anything follow-up reads changes (a
    /// meeting, a status, an unlink, a merge, a correction): a cache of
    /// derived views is valid while it stays the same. Every table summed
    /// is append-only, so the sum of their highest ids only grows.
    pub async fn generation(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT coalesce(max(id), 0) FROM meetings)
                  + (SELECT coalesce(max(id), 0) FROM action_status_changes)
                  + (SELECT coalesce(max(id), 0) FROM topic_unlinks)
                  + (SELECT coalesce(max(id), 0) FROM person_overrides)
                  + (SELECT coalesce(max(id), 0) FROM record_corrections)
                  + (SELECT coalesce(max(id), 0) FROM corrections)",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}
