//! The archive: a data directory holding the database (the truth) and the
//! search index (derived from it).
//!
//! ```text
//! DATA/paragraf.db    SQLite: originals, records, their tables
//! DATA/index/         tantivy: items, decisions, actions
//! ```
//!
//! Invariant: every meeting in the index is in the database, and the
//! index's last commit says through which meeting id it is complete. A
//! document counts as ingested when its database transaction commits; the
//! index follows in batches and, after a crash, catches up from that id
//! (`sync`). So `kill -9` at any moment loses nothing reported as ingested.

mod ingest;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use paragraf_index::{IndexError, SearchIndex};
use paragraf_store::{Store, StoreError};

pub use ingest::{Failure, IngestEvent, IngestOptions, IngestSummary, Outcome, collect_files};
pub use paragraf_index::{DateBound, Hit, Kind, SearchQuery, Snippet};
pub use paragraf_store::{MeetingId, MeetingSummary, StoredMeeting};

const DATABASE_FILE: &str = "paragraf.db";
const INDEX_DIR: &str = "index";

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("cannot replace the search index in {path}: {source}")]
    Swap {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What a search found, and whether the index was behind the database.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Meetings in the database the index did not hold yet (another
    /// process held the index writer, so they could not be added).
    pub unindexed: i64,
}

/// How long a read of the database's newest meeting id serves searches:
/// meetings another process adds show up in searches this much later at
/// most. This process's own ingests show up at once.
const NEWEST_RECHECK: Duration = Duration::from_millis(500);

/// An open archive.
pub struct Archive {
    data_dir: PathBuf,
    store: Store,
    index: SearchIndex,
    /// The database's newest meeting id and when it was read.
    newest: Mutex<Option<(i64, Instant)>>,
}

impl Archive {
    /// Opens the archive in `data_dir`, creating it when missing. An index
    /// built by an older schema, or lost, is rebuilt from the database on
    /// the next write.
    pub async fn open(data_dir: &Path) -> Result<Archive, ArchiveError> {
        std::fs::create_dir_all(data_dir).map_err(|source| ArchiveError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let store = Store::open(&data_dir.join(DATABASE_FILE)).await?;
        let index = sync::open_index(data_dir)?;
        Ok(Archive {
            data_dir: data_dir.to_path_buf(),
            store,
            index,
            newest: Mutex::new(None),
        })
    }

    /// The database, for the layers that read across meetings.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Every meeting, oldest first.
    pub async fn meetings(&self) -> Result<Vec<MeetingSummary>, ArchiveError> {
        Ok(self.store.meetings().await?)
    }

    /// Meetings matching an id, date, file name or hash prefix.
    pub async fn find_meetings(&self, selector: &str) -> Result<Vec<MeetingSummary>, ArchiveError> {
        Ok(self.store.find_meetings(selector).await?)
    }

    pub async fn meeting(&self, id: MeetingId) -> Result<Option<StoredMeeting>, ArchiveError> {
        Ok(self.store.meeting(id).await?)
    }

    /// Searches items, decisions and actions. Meetings the index does not
    /// hold yet are indexed first when this process can take the writer.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchResults, ArchiveError> {
        let newest = self.newest_meeting_id().await?;
        let mut unindexed = 0;
        if self.index.searchable_through() < newest {
            // Another process may have indexed them already.
            self.index.reload()?;
        }
        if self.index.searchable_through() < newest {
            match self.index.writer() {
                Ok(mut writer) => {
                    sync::catch_up(&self.store, &self.index, &mut writer, &mut |_| {}).await?;
                    writer.finish()?;
                }
                Err(IndexError::Busy) => {
                    unindexed = newest - self.index.searchable_through();
                }
                Err(other) => return Err(other.into()),
            }
        }
        Ok(SearchResults {
            hits: self.index.search(query)?,
            unindexed,
        })
    }

    /// The newest meeting's id in the database (0 when empty), read again
    /// only when the last read is older than `NEWEST_RECHECK` or this
    /// archive has ingested since.
    pub async fn newest_meeting_id(&self) -> Result<i64, ArchiveError> {
        if let Some((newest, read_at)) = *self.lock_newest()
            && read_at.elapsed() < NEWEST_RECHECK
        {
            return Ok(newest);
        }
        let newest = self.store.newest_meeting_id().await?;
        *self.lock_newest() = Some((newest, Instant::now()));
        Ok(newest)
    }

    /// Makes the next `newest_meeting_id` read the database.
    fn forget_newest(&self) {
        *self.lock_newest() = None;
    }

    fn lock_newest(&self) -> std::sync::MutexGuard<'_, Option<(i64, Instant)>> {
        // The value is replaced whole, so a panic cannot leave it torn.
        self.newest
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Rebuilds the search index from the database; the old index serves
    /// until the new one is complete. Calls `progress(done, total)`.
    pub async fn reindex(
        &mut self,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<u64, ArchiveError> {
        let (index, parts) =
            sync::rebuild(&self.store, &self.index, &self.data_dir, progress).await?;
        self.index = index;
        Ok(parts)
    }

    /// Meetings and parts in the index, and meetings in the database.
    pub async fn counts(&self) -> Result<Counts, ArchiveError> {
        let meetings = self.store.meeting_count().await?;
        Ok(Counts {
            meetings,
            indexed_through: self.index.indexed_through()?,
            parts: self.index.part_count(),
        })
    }

    /// Closes the database cleanly.
    pub async fn close(self) {
        self.store.close().await;
    }
}

/// Sizes of an archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub meetings: i64,
    pub indexed_through: i64,
    pub parts: u64,
}
