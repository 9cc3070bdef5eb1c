//! Keeping the index in step with the database.

use std::io::ErrorKind;
use std::path::Path;

use paragraf_index::{IndexError, IndexWriter, Kind, Part, SearchIndex};
use paragraf_store::Store;

use crate::{ArchiveError, INDEX_DIR};

/// Meetings read from the database per round trip while indexing.
const BATCH: i64 = 500;

/// A rebuild writes here, then swaps it in.
const NEW_INDEX_DIR: &str = "index.new";
/// Where the replaced index waits during the swap.
const OLD_INDEX_DIR: &str = "index.old";

/// Opens the live index, repairing what an interrupted swap or a schema
/// change left behind.
pub(crate) fn open_index(data_dir: &Path) -> Result<SearchIndex, ArchiveError> {
    let live = data_dir.join(INDEX_DIR);
    let old = data_dir.join(OLD_INDEX_DIR);
    // Killed between the two renames of a swap: the old index is whole.
    if !live.exists() && old.exists() {
        std::fs::rename(&old, &live).map_err(|source| ArchiveError::Swap {
            path: live.clone(),
            source,
        })?;
    }
    match SearchIndex::open(&live) {
        Err(IndexError::Incompatible { .. }) => {
            // Derived data: start empty, the next write rebuilds it.
            remove_dir(&live)?;
            Ok(SearchIndex::open(&live)?)
        }
        other => Ok(other?),
    }
}

/// Indexes every meeting above the index's commit payload and commits.
/// Returns how many meetings it added; `progress` hears each batch size.
pub(crate) async fn catch_up(
    store: &Store,
    index: &SearchIndex,
    writer: &mut IndexWriter,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64, ArchiveError> {
    let start = index.indexed_through()?;
    let through = add_after(store, writer, start, progress).await?;
    if through > start {
        writer.commit(through)?;
    }
    Ok(u64::try_from(through - start).unwrap_or(0))
}

/// Adds the meetings with ids above `after`; returns the last id added.
async fn add_after(
    store: &Store,
    writer: &mut IndexWriter,
    mut after: i64,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<i64, ArchiveError> {
    loop {
        let batch = store.parts_after(after, BATCH).await?;
        let Some(last) = batch.last().map(|meeting| meeting.meeting_id) else {
            return Ok(after);
        };
        for meeting in &batch {
            writer.put(&index_parts(meeting))?;
        }
        progress(batch.len() as u64);
        after = last;
    }
}

/// Builds a new index beside the live one and swaps it in. Holds the live
/// index's writer throughout, so no other process writes to it meanwhile.
pub(crate) async fn rebuild(
    store: &Store,
    live: &SearchIndex,
    data_dir: &Path,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<(SearchIndex, u64), ArchiveError> {
    let live_writer = live.writer()?;
    let fresh_dir = data_dir.join(NEW_INDEX_DIR);
    remove_dir(&fresh_dir)?;
    let fresh = SearchIndex::open(&fresh_dir)?;
    let mut writer = fresh.writer()?;
    let total = store.meeting_count().await?;
    let total = u64::try_from(total).unwrap_or(0);
    let mut done = 0;
    progress(0, total);
    let through = add_after(store, &mut writer, 0, &mut |batch| {
        done += batch;
        progress(done, total);
    })
    .await?;
    writer.commit(through)?;
    writer.finish()?;
    let parts = fresh.part_count();
    drop(fresh);

    let live_dir = data_dir.join(INDEX_DIR);
    let old_dir = data_dir.join(OLD_INDEX_DIR);
    remove_dir(&old_dir)?;
    let swap_error = |source| ArchiveError::Swap {
        path: live_dir.clone(),
        source,
    };
    std::fs::rename(&live_dir, &old_dir).map_err(swap_error)?;
    std::fs::rename(&fresh_dir, &live_dir).map_err(swap_error)?;
    drop(live_writer);
    remove_dir(&old_dir)?;
    Ok((SearchIndex::open(&live_dir)?, parts))
}

fn remove_dir(dir: &Path) -> Result<(), ArchiveError> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != ErrorKind::NotFound => Err(ArchiveError::Swap {
            path: dir.to_path_buf(),
            source: error,
        }),
        _ => Ok(()),
    }
}

/// A stored meeting's parts as the index takes them: each item, each
/// decision and each action is a part of its own.
fn index_parts(meeting: &paragraf_store::MeetingParts) -> paragraf_index::MeetingParts {
    let mut parts = Vec::new();
    for item in &meeting.items {
        let part = |kind, id, text: &str, people: &[String]| Part {
            kind,
            id,
            item_number: item.number.clone(),
            item_title: item.title.clone(),
            text: text.to_string(),
            people: people.to_vec(),
        };
        parts.push(part(Kind::Item, item.id, &item.text, &item.presenters));
        for (id, text) in &item.decisions {
            parts.push(part(Kind::Decision, *id, text, &item.presenters));
        }
        for action in &item.actions {
            parts.push(part(Kind::Action, action.id, &action.text, &action.owners));
        }
    }
    paragraf_index::MeetingParts {
        meeting_id: meeting.meeting_id,
        date: meeting.date.clone(),
        body: meeting.body.clone(),
        parts,
    }
}
