//! Full-text search over the parts of meetings: items, decisions, actions.
//!
//! One tantivy document per part. Text is indexed twice (see `analysis`):
//! stemmed with å/ä/ö kept, and folded to ASCII; a search tries the words
//! as typed, then folded, then as fuzzy prefixes of the folded view for
//! OCR damage that repair left (`query`, `near`). The
//! index is derived data: the database is the truth, and every commit
//! records (as its payload) the highest meeting id it holds, so a crash
//! between the database commit and the index commit is repaired by
//! indexing the meetings above that id again.
//!
//! This crate knows tantivy and the shape of a meeting's parts; it knows
//! nothing about SQL, files or parsing.

mod analysis;
mod near;
mod query;
mod snippet;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{
    DocAddress, Index, IndexReader, ReloadPolicy, Score, TantivyDocument, TantivyError, Term,
};

pub use query::{DateBound, SearchQuery};
pub use snippet::Snippet;

/// Bumped whenever fields or analysis change; an index of another version
/// is rebuilt rather than read wrongly.
const SCHEMA_VERSION: u32 = 1;

/// A hit's stored fields are read by decompressing the block that holds
/// them; a part is a few hundred bytes, so small blocks waste less work
/// per hit than tantivy's 16 KB (at a small cost in compression).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Memory for the writer's in-RAM segment; tantivy wants ≥ 15 MB per thread.
const WRITER_BUDGET: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("the search index is in use by another paragraf process (it holds the writer lock)")]
    Busy,
    #[error(
        "the search index at {path} was built by another version of paragraf; run `paragraf reindex`"
    )]
    Incompatible { path: String },
    #[error("search index: {0}")]
    Tantivy(#[from] TantivyError),
    #[error("search index: cannot create {path}: {source}")]
    Create {
        path: String,
        source: std::io::Error,
    },
}

/// The kind of meeting part a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Item,
    Decision,
    Action,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Item => "item",
            Kind::Decision => "decision",
            Kind::Action => "action",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        [Kind::Item, Kind::Decision, Kind::Action]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// A meeting's parts as the index holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingParts {
    pub meeting_id: i64,
    /// ISO date, when the minutes give one.
    pub date: Option<String>,
    pub body: Option<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub kind: Kind,
    /// Row id of the item, decision or action.
    pub id: i64,
    pub item_number: Option<String>,
    pub item_title: String,
    pub text: String,
    /// Presenters of the item and owners of an action: who `--person` finds.
    pub people: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    pub meeting_id: i64,
    pub date: Option<String>,
    pub body: Option<String>,
    pub item_number: Option<String>,
    pub item_title: String,
    /// How well it matched within its tier (as typed, folded, near
    /// spelling); hits come tier by tier, so their order says which is
    /// best, not this.
    pub score: f32,
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    part: Field,
    meeting: Field,
    kind: Field,
    day: Field,
    date: Field,
    body: Field,
    people: Field,
    number: Field,
    title: Field,
    text: Field,
    folded: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let analysed = |tokenizer: &str, record: IndexRecordOption| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(record),
            )
        };
        let fields = Fields {
            part: builder.add_i64_field("part", STORED),
            meeting: builder.add_i64_field("meeting", INDEXED | STORED),
            kind: builder.add_text_field("kind", STRING | STORED),
            day: builder.add_i64_field("day", INDEXED | FAST),
            date: builder.add_text_field("date", STORED),
            body: builder.add_text_field(
                "body",
                analysed(analysis::NAMES, IndexRecordOption::Basic).set_stored(),
            ),
            people: builder.add_text_field(
                "people",
                analysed(analysis::NAMES, IndexRecordOption::Basic),
            ),
            number: builder.add_text_field("number", STORED),
            title: builder.add_text_field("title", STORED),
            text: builder.add_text_field(
                "text",
                analysed(analysis::STEMMED, IndexRecordOption::WithFreqsAndPositions).set_stored(),
            ),
            folded: builder.add_text_field(
                "folded",
                analysed(analysis::FOLDED, IndexRecordOption::WithFreqs),
            ),
        };
        (builder.build(), fields)
    }
}

/// What a commit's payload says: which schema built the index and the
/// highest meeting id it holds.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    through: i64,
}

/// The last commit's payload, as the index on disk has it.
fn payload(index: &Index) -> Result<Option<Payload>, IndexError> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok()))
}

/// An open search index (reading); `writer` adds the writing half.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    near_cache: Arc<near::NearCache>,
    /// The commit payload's `through` of what the reader sees: checked
    /// before every search, so kept in memory rather than read from disk.
    searchable_through: Arc<AtomicI64>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating an empty one when there is none.
    pub fn open(dir: &Path) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Create {
            path: dir.display().to_string(),
            source,
        })?;
        let (schema, fields) = Fields::schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(TantivyError::from)?;
        let settings = tantivy::IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..tantivy::IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema.clone())
            .settings(settings)
            .open_or_create(directory)
            .map_err(|error| match error {
                TantivyError::SchemaError(_) | TantivyError::DataCorruption(_) => {
                    IndexError::Incompatible {
                        path: dir.display().to_string(),
                    }
                }
                other => IndexError::Tantivy(other),
            })?;
        if index.schema() != schema {
            return Err(IndexError::Incompatible {
                path: dir.display().to_string(),
            });
        }
        analysis::register(index.tokenizers());
        // Read before the reader opens: it may then see more than the
        // payload says, never less.
        let payload = payload(&index)?;
        if payload
            .as_ref()
            .is_some_and(|payload| payload.schema != SCHEMA_VERSION)
        {
            return Err(IndexError::Incompatible {
                path: dir.display().to_string(),
            });
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            near_cache: near::NearCache::new(),
            searchable_through: Arc::new(AtomicI64::new(
                payload.map_or(0, |payload| payload.through),
            )),
        })
    }

    /// The highest meeting id the last commit holds (0 when empty), as
    /// the index on disk says: another process may have committed since
    /// this one last reloaded.
    pub fn indexed_through(&self) -> Result<i64, IndexError> {
        Ok(payload(&self.index)?.map_or(0, |payload| payload.through))
    }

    /// The highest meeting id searches see (0 when empty).
    pub fn searchable_through(&self) -> i64 {
        self.searchable_through.load(Ordering::Relaxed)
    }

    /// How many parts the index holds.
    pub fn part_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Takes the one writer this directory allows.
    pub fn writer(&self) -> Result<IndexWriter, IndexError> {
        let writer = self
            .index
            .writer_with_num_threads(1, WRITER_BUDGET)
            .map_err(|error| match error {
                TantivyError::LockFailure(..) => IndexError::Busy,
                other => IndexError::Tantivy(other),
            })?;
        Ok(IndexWriter {
            writer,
            fields: self.fields,
            reader: self.reader.clone(),
            searchable_through: self.searchable_through.clone(),
        })
    }

    /// Runs a search; hits come best first: every match as typed, then
    /// matches of the folded words, then near spellings, each tier by
    /// score. A tier is searched only when the ones before it leave the
    /// page short (see `query::Spelling`).
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>, IndexError> {
        let mut analysers = analysis::Analysers::new();
        let limit = query.limit.max(1);
        let searcher = self.reader.searcher();
        let mut found: Vec<(Score, DocAddress)> = Vec::with_capacity(limit);
        let mut highlight = query::Highlight::default();
        for spelling in [
            query::Spelling::AsTyped,
            query::Spelling::Folded,
            query::Spelling::Near,
        ] {
            let Some(compiled) = query::compile(
                query,
                &self.fields,
                &mut analysers,
                spelling,
                &self.near_cache,
            ) else {
                return Ok(Vec::new());
            };
            if !compiled.widens {
                continue;
            }
            // A wider tier finds the narrower tiers' hits again (nearly
            // always); ask for enough beyond them.
            let wanted = TopDocs::with_limit(limit + found.len()).order_by_score();
            let top = searcher.search(&compiled.query, &wanted)?;
            let before = found.len();
            for (score, address) in top {
                if found.len() == limit {
                    break;
                }
                if !found[..before].iter().any(|(_, seen)| *seen == address) {
                    found.push((score, address));
                }
            }
            highlight = compiled.highlight;
            if found.len() == limit {
                break;
            }
        }
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let document: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&document, score, &highlight, &mut analysers));
        }
        Ok(hits)
    }

    fn hit(
        &self,
        document: &TantivyDocument,
        score: f32,
        highlight: &query::Highlight,
        analysers: &mut analysis::Analysers,
    ) -> Hit {
        let fields = &self.fields;
        let text_of = |field: Field| {
            document
                .get_first(field)
                .and_then(|value| value.as_str().map(str::to_string))
        };
        let key = text_of(fields.kind).unwrap_or_default();
        let text = text_of(fields.text).unwrap_or_default();
        let item_title = text_of(fields.title).unwrap_or_default();
        let source = if text.trim().is_empty() {
            &item_title
        } else {
            &text
        };
        Hit {
            kind: Kind::parse(&key).unwrap_or(Kind::Item),
            id: document
                .get_first(fields.part)
                .and_then(|value| value.as_i64())
                .unwrap_or_default(),
            meeting_id: document
                .get_first(fields.meeting)
                .and_then(|value| value.as_i64())
                .unwrap_or_default(),
            date: text_of(fields.date),
            body: text_of(fields.body),
            item_number: text_of(fields.number),
            snippet: snippet::make(source, highlight, analysers),
            item_title,
            score,
        }
    }

    /// Makes the latest commit, this process's or another's, visible to
    /// searches.
    pub fn reload(&self) -> Result<(), IndexError> {
        // Read before reloading: the reader may then see more than the
        // payload says, never less.
        let through = self.indexed_through()?;
        self.reader.reload()?;
        self.searchable_through.store(through, Ordering::Relaxed);
        Ok(())
    }
}

/// The writing half: one per index directory, across processes.
pub struct IndexWriter {
    writer: tantivy::IndexWriter<TantivyDocument>,
    fields: Fields,
    reader: IndexReader,
    searchable_through: Arc<AtomicI64>,
}

impl IndexWriter {
    /// Replaces whatever the index holds for this meeting with `meeting`.
    pub fn put(&mut self, meeting: &MeetingParts) -> Result<(), IndexError> {
        let fields = self.fields;
        self.delete(meeting.meeting_id);
        let day = meeting.date.as_deref().and_then(query::day_number);
        for part in &meeting.parts {
            let mut document = TantivyDocument::default();
            document.add_i64(fields.part, part.id);
            document.add_i64(fields.meeting, meeting.meeting_id);
            document.add_text(fields.kind, part.kind.as_str());
            if let Some(day) = day {
                document.add_i64(fields.day, day);
            }
            if let Some(date) = &meeting.date {
                document.add_text(fields.date, date);
            }
            if let Some(body) = &meeting.body {
                document.add_text(fields.body, body);
            }
            for person in &part.people {
                document.add_text(fields.people, person);
            }
            if let Some(number) = &part.item_number {
                document.add_text(fields.number, number);
            }
            document.add_text(fields.title, &part.item_title);
            // The item's title is context for its decisions and actions:
            // "what did we decide about mathematics" names the item, not
            // always the decision. It is the second value, after the text.
            for text in [&part.text, &part.item_title] {
                document.add_text(fields.text, text);
                document.add_text(fields.folded, text);
            }
            self.writer.add_document(document)?;
        }
        Ok(())
    }

    /// Removes a meeting's parts.
    pub fn delete(&mut self, meeting_id: i64) {
        self.writer
            .delete_term(Term::from_field_i64(self.fields.meeting, meeting_id));
    }

    /// Removes everything (before a rebuild).
    pub fn clear(&mut self) -> Result<(), IndexError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Makes everything added so far durable and visible, recording that
    /// the index now holds every meeting up to `through`.
    pub fn commit(&mut self, through: i64) -> Result<(), IndexError> {
        let payload = serde_json::to_string(&Payload {
            schema: SCHEMA_VERSION,
            through,
        })
        .expect("the payload always serialises");
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        self.searchable_through.store(through, Ordering::Relaxed);
        Ok(())
    }

    /// Waits for background merges, so the files on disk are final.
    pub fn finish(self) -> Result<(), IndexError> {
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
