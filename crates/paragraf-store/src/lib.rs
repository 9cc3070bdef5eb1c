//! The archive's database.
//!
//! One SQLite file (WAL, foreign keys on) holds every ingested document byte
//! for byte, its meeting record, and the record's projection into tables
//! (people, attendance, items, decisions, actions, corrections) that queries
//! across meetings need, and what people add: statuses, corrections,
//! accounts, and the audit log of every change. The schema lives in `migrations/sqlite` and is
//! applied on open.
//!
//! This crate knows the meeting record and SQL, nothing about parsing,
//! search or the web. Queries are runtime `sqlx::query` with `$N`
//! placeholders, valid in SQLite and PostgreSQL alike, so a PostgreSQL
//! backend is a second set of migrations and a second pool type away.
//!
//! Durability: `synchronous = NORMAL` in WAL mode means a committed
//! transaction survives the process being killed (it is in the WAL, which
//! the OS holds); only a power cut can lose the last commits, never
//! corrupt the file.

mod accounts;
mod followup;
mod read;
mod write;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use accounts::{AuditEntry, Change, RecordCorrection, SessionRow, TextCorrection, User, Watch};
pub use followup::{ActionRow, DecisionRow, ItemRow, StatusChange};
pub use read::{
    Attendance, MeetingParts, MeetingSummary, NameMention, PartAction, PartItem, StoredMeeting,
};
pub use write::{Insertion, NewDocument, OcrCorrection};

/// Row id of a meeting. Ids only grow (`AUTOINCREMENT`).
pub type MeetingId = i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot bring the database {path} up to date: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("meeting {id} holds a record that no longer reads: {source}")]
    CorruptRecord {
        id: MeetingId,
        source: serde_json::Error,
    },
}

/// A handle on the database; cheap to clone, safe to share between tasks.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating when missing) the database at `path` and applies
    /// pending migrations.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(open_error)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // A second process (an ingest beside a running server) waits
            // for the writer instead of failing at once.
            .busy_timeout(Duration::from_secs(30))
            // Multi-row inserts differ by row count; a statement per count
            // and table stays prepared.
            .statement_cache_capacity(512)
            // 32 MB of pages instead of 2: the hash and people indexes are
            // written at random places, and ingest slowed with the archive
            // once they outgrew the cache.
            .pragma("cache_size", "-32768");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(open_error)?;
        sqlx::migrate!("migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|source| StoreError::Migrate {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Store { pool })
    }

    /// Waits for pending work and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The rows `sql` selects, kept to those whose `column` is one of
    /// `meetings` (every row for `None`): `sql` says where with `{meetings}`.
    /// The ids go as one JSON array, which SQLite's `json_each` reads.
    async fn rows_of_meetings<T>(
        &self,
        sql: &str,
        column: &str,
        meetings: Option<&[MeetingId]>,
    ) -> Result<Vec<T>, StoreError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        let (filter, ids) = match meetings {
            Some(ids) => (
                format!("{column} IN (SELECT value FROM json_each($1))"),
                Some(serde_json::to_string(ids).expect("ids always serialise")),
            ),
            None => ("$1 IS NULL".to_string(), None),
        };
        let sql = sql.replace("{meetings}", &filter);
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(ids)
            .fetch_all(&self.pool)
            .await?)
    }
}

/// The key that makes two written names one person: lowercase, single spaces.
pub fn person_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_keys_ignore_case_and_spacing() {
        assert_eq!(person_key("  Anna   Öberg "), "anna öberg");
        assert_eq!(person_key("ANNA ÖBERG"), person_key("anna öberg"));
        assert_ne!(person_key("Anna Öberg"), person_key("Anna Oberg"));
    }
}
