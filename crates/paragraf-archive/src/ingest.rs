//! `ingest`: files and folders into the archive, one transaction per
//! document, the index following in batches.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use paragraf_import::Limits;
use paragraf_index::IndexError;
use paragraf_pipeline::{InputError, Reading, RepairMode, parse_file_bytes, read_file};
use paragraf_record::MeetingRecord;
use paragraf_store::{Insertion, MeetingId, NewDocument, OcrCorrection};

use crate::{Archive, ArchiveError, sync};

/// Extensions a folder walk picks up; files named on the command line are
/// tried whatever they are called.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "pdf", "docx", "odt", "png", "jpg", "jpeg", "tif", "tiff",
];

/// The index commits at least this often during a long ingest, so a
/// search started meanwhile sees most of what is in; not more often, as
/// each commit writes a segment that must later be merged.
const INDEX_EVERY_DOCUMENTS: usize = 10_000;
const INDEX_EVERY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub limits: Limits,
    pub repair: RepairMode,
}

/// A file that was not ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub file: PathBuf,
    /// One line, naming the reason (the file is in `file`).
    pub reason: String,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored; committed before this outcome was reported.
    Ingested {
        meeting_id: MeetingId,
        items: usize,
        decisions: usize,
        actions: usize,
        repaired_words: usize,
    },
    /// The same bytes were already in the archive.
    Unchanged {
        meeting_id: MeetingId,
    },
    Failed {
        reason: String,
    },
}

/// What `ingest` tells its caller as it goes.
#[derive(Debug)]
pub enum IngestEvent<'a> {
    /// Before the first file.
    Started { files: usize },
    /// After each file; `Ingested` outcomes are durable by now.
    File {
        path: &'a Path,
        outcome: &'a Outcome,
    },
    /// The index has caught up with this many more meetings.
    Indexed { meetings: u64 },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    pub ingested: usize,
    pub unchanged: usize,
    pub failures: Vec<Failure>,
    /// Set when another process held the index writer: the meetings are in
    /// the database and will be indexed by the next write or search.
    pub index_deferred: bool,
}

/// The files `paths` name: files as given, folders walked recursively for
/// document files (hidden entries and symlinked folders skipped), in a
/// stable order. Paths that do not exist are failures.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk(path, &mut files, &mut failures),
            Ok(_) => files.push(path.clone()),
            Err(error) => failures.push(Failure {
                file: path.clone(),
                reason: error.to_string(),
            }),
        }
    }
    (files, failures)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            failures.push(Failure {
                file: dir.to_path_buf(),
                reason: error.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    for path in paths {
        // Not following symlinked folders rules out cycles.
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            walk(&path, files, failures);
        } else if is_document_name(&path) {
            files.push(path);
        }
    }
}

fn is_document_name(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            DOCUMENT_EXTENSIONS
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

impl Archive {
    /// Ingests `files`. A file that cannot be read or parsed is a failure
    /// in the summary and the rest go on; only the database or the index
    /// failing stops the run.
    pub async fn ingest(
        &self,
        files: &[PathBuf],
        options: &IngestOptions,
        observer: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestSummary, ArchiveError> {
        let mut summary = IngestSummary::default();
        let mut writer = match self.index.writer() {
            Ok(writer) => Some(writer),
            Err(IndexError::Busy) => {
                summary.index_deferred = true;
                None
            }
            Err(other) => return Err(other.into()),
        };
        // Whatever an earlier, interrupted run stored but did not index.
        self.index_stored(&mut writer, observer).await?;

        observer(IngestEvent::Started { files: files.len() });
        let mut since_index = (0, Instant::now());
        let mut batch = Batch::default();
        for (number, path) in files.iter().enumerate() {
            batch.push(path, self.read_file(path, options).await?);
            if !batch.is_full() && number + 1 < files.len() {
                continue;
            }
            for (path, outcome) in self.commit(std::mem::take(&mut batch)).await? {
                match &outcome {
                    Outcome::Ingested { .. } => {
                        summary.ingested += 1;
                        since_index.0 += 1;
                    }
                    Outcome::Unchanged { .. } => summary.unchanged += 1,
                    Outcome::Failed { reason } => summary.failures.push(Failure {
                        file: path.to_path_buf(),
                        reason: reason.clone(),
                    }),
                }
                observer(IngestEvent::File {
                    path,
                    outcome: &outcome,
                });
            }
            if since_index.0 >= INDEX_EVERY_DOCUMENTS
                || (since_index.0 > 0 && since_index.1.elapsed() >= INDEX_EVERY)
            {
                self.index_stored(&mut writer, observer).await?;
                since_index = (0, Instant::now());
            }
        }
        self.index_stored(&mut writer, observer).await?;
        if let Some(writer) = writer {
            writer.finish()?;
        }
        Ok(summary)
    }

    /// Indexes what the database holds beyond the index, when this run
    /// holds the index writer.
    async fn index_stored(
        &self,
        writer: &mut Option<paragraf_index::IndexWriter>,
        observer: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<(), ArchiveError> {
        if let Some(writer) = writer {
            let meetings = sync::catch_up(&self.store, &self.index, writer, &mut |_| {}).await?;
            if meetings > 0 {
                observer(IngestEvent::Indexed { meetings });
            }
        }
        Ok(())
    }

    /// Reads and parses one file, unless its bytes are stored already.
    async fn read_file(
        &self,
        path: &Path,
        options: &IngestOptions,
    ) -> Result<Pending, ArchiveError> {
        let failed = |error: InputError| {
            Pending::Decided(Outcome::Failed {
                reason: error.to_string(),
            })
        };
        let bytes = match read_file(path, &options.limits) {
            Ok(bytes) => bytes,
            Err(error) => return Ok(failed(error)),
        };
        // Known bytes are skipped before the costly parse.
        let sha256 = paragraf_pipeline::sha256_hex(&bytes);
        if let Some(meeting_id) = self.store.meeting_for_hash(&sha256).await? {
            return Ok(Pending::Decided(Outcome::Unchanged { meeting_id }));
        }
        Ok(
            match parse_file_bytes(path, &bytes, &options.limits, options.repair) {
                Ok(reading) => Pending::Parsed {
                    bytes,
                    reading: Box::new(reading),
                },
                Err(error) => failed(error),
            },
        )
    }

    /// Stores the batch's parsed documents in one transaction; the
    /// outcomes, in file order, hold only after it has committed.
    async fn commit<'p>(&self, batch: Batch<'p>) -> Result<Vec<(&'p Path, Outcome)>, ArchiveError> {
        let corrections: Vec<Vec<OcrCorrection>> = batch
            .files
            .iter()
            .filter_map(|(_, pending)| match pending {
                Pending::Parsed { reading, .. } => Some(ocr_corrections(reading)),
                Pending::Decided(_) => None,
            })
            .collect();
        let documents: Vec<NewDocument<'_>> = batch
            .files
            .iter()
            .filter_map(|(_, pending)| match pending {
                Pending::Parsed { bytes, reading } => Some((bytes, reading)),
                Pending::Decided(_) => None,
            })
            .zip(&corrections)
            .map(|((bytes, reading), corrections)| NewDocument {
                file_name: &reading.record.source.file,
                original: bytes,
                text: &reading.text,
                record: &reading.record,
                corrections,
            })
            .collect();
        let inserted = self.store.insert_many(&documents).await;
        self.forget_newest();
        let mut inserted = inserted?.into_iter();
        Ok(batch
            .files
            .into_iter()
            .map(|(path, pending)| {
                let outcome = match pending {
                    Pending::Decided(outcome) => outcome,
                    Pending::Parsed { reading, .. } => {
                        let inserted = inserted.next().expect("one insertion per document");
                        stored_outcome(inserted, &reading.record)
                    }
                };
                (path, outcome)
            })
            .collect())
    }
}

/// A file read, before its batch commits.
enum Pending {
    /// Nothing to store: failed, or stored before.
    Decided(Outcome),
    Parsed {
        bytes: Vec<u8>,
        reading: Box<Reading>,
    },
}

/// Files read since the last commit, in order. A batch commits at
/// `BATCH_DOCUMENTS` parsed documents, `BATCH_BYTES` of originals or
/// `BATCH_TIME` after its first file, whichever comes first: big enough
/// that commits do not dominate, small enough that progress stays live
/// and an interrupted run has little to redo.
#[derive(Default)]
struct Batch<'p> {
    files: Vec<(&'p Path, Pending)>,
    documents: usize,
    bytes: usize,
    started: Option<Instant>,
}

const BATCH_DOCUMENTS: usize = 100;
const BATCH_BYTES: usize = 32 << 20;
const BATCH_TIME: Duration = Duration::from_millis(500);

impl<'p> Batch<'p> {
    fn push(&mut self, path: &'p Path, pending: Pending) {
        if let Pending::Parsed { bytes, .. } = &pending {
            self.documents += 1;
            self.bytes += bytes.len();
        }
        self.started.get_or_insert_with(Instant::now);
        self.files.push((path, pending));
    }

    fn is_full(&self) -> bool {
        self.documents >= BATCH_DOCUMENTS
            || self.bytes >= BATCH_BYTES
            || self
                .started
                .is_some_and(|started| started.elapsed() >= BATCH_TIME)
    }
}

fn ocr_corrections(reading: &Reading) -> Vec<OcrCorrection> {
    reading
        .corrections
        .iter()
        .map(|change| OcrCorrection {
            line: change.line,
            original: change.from.clone(),
            replacement: change.to.clone(),
            confidence: change.confidence,
        })
        .collect()
}

fn stored_outcome(inserted: Insertion, record: &MeetingRecord) -> Outcome {
    match inserted {
        Insertion::Existing(meeting_id) => Outcome::Unchanged { meeting_id },
        Insertion::Added(meeting_id) => Outcome::Ingested {
            meeting_id,
            items: record.items.len(),
            decisions: record.items.iter().map(|item| item.decisions.len()).sum(),
            actions: record.items.iter().map(|item| item.actions.len()).sum(),
            repaired_words: record.source.ocr_repaired_words,
        },
    }
}
