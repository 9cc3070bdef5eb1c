//! The archive at scale, against SQLite FTS5 measured in the same run.
//!
//! `cargo bench -p paragraf-archive --bench archive` generates 100,000
//! synthetic minutes (`paragraf-corpus`, a quarter with OCR damage), then
//! on one core (the process pins itself, so every thread it starts shares
//! that core):
//! 1. ingests them end to end (read, parse, repair, store, index);
//! 2. builds the search index from the database again (`reindex`) and an
//!    FTS5 table (`unicode61 remove_diacritics 2`, prefix queries) from
//!    the same parts;
//! 3. times the same user queries on both (with snippets);
//! 4. measures recall@10 on queries whose answers are known, split by
//!    whether the answers carry OCR damage.
//!
//! `PARAGRAF_BENCH_DOCS=N` changes the corpus size. The report goes to
//! `docs/BENCHMARKS.md` between the `archive-bench` markers.

#[path = "../../paragraf-pipeline/benches/support/report.rs"]
mod report;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use paragraf_archive::{Archive, IngestOptions, SearchQuery, collect_files};
use paragraf_corpus::{Config, Corpus, KnownQuery};
use paragraf_import::Limits;
use paragraf_pipeline::RepairMode;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

/// The allocator the `paragraf` binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LATENCY_QUERIES: usize = 1_000;
const WARM_UP_QUERIES: usize = 100;
/// Files parsed without storing, for the ingest baseline.
const PARSE_SAMPLE: usize = 10_000;

fn main() {
    let count: usize = std::env::var("PARAGRAF_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    pin_to_one_core();
    let work = tempfile::tempdir().expect("a temporary directory");
    let corpus = Corpus::new(Config {
        count,
        seed: 7,
        ocr_share: 0.25,
    });
    let corpus_dir = work.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir).expect("corpus directory");
    let started = Instant::now();
    let mut corpus_bytes = 0;
    for minutes in corpus.iter() {
        corpus_bytes += minutes.text.len();
        std::fs::write(corpus_dir.join(&minutes.file_name), &minutes.text).expect("corpus file");
    }
    eprintln!(
        "generated {count} minutes ({:.0} MB) in {:.1?}",
        mb(corpus_bytes as u64),
        started.elapsed()
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let report = runtime.block_on(run(&corpus, &corpus_dir, work.path(), corpus_bytes));
    println!("{report}");
    report::write_section("archive-bench", &report);
}

async fn run(corpus: &Corpus, corpus_dir: &Path, work: &Path, corpus_bytes: usize) -> String {
    let data = work.join("data");
    let mut archive = Archive::open(&data).await.expect("archive");
    let (files, _) = collect_files(&[corpus_dir.to_path_buf()]);

    let started = Instant::now();
    let mut done = 0u64;
    let summary = archive
        .ingest(&files, &IngestOptions::default(), &mut |event| {
            if let paragraf_archive::IngestEvent::File { .. } = event {
                done += 1;
                if done.is_multiple_of(10_000) {
                    eprintln!("ingested {done} in {:.1?}", started.elapsed());
                }
            }
        })
        .await
        .expect("ingest");
    let ingest_time = started.elapsed();
    assert!(
        summary.failures.is_empty(),
        "{:?}",
        &summary.failures[..summary.failures.len().min(5)]
    );
    let documents = summary.ingested as f64;

    // The floor: what ingest would cost if storing and indexing were free.
    let parse_sample = &files[..files.len().min(PARSE_SAMPLE)];
    let started = Instant::now();
    for path in parse_sample {
        paragraf_pipeline::parse_file(path, &Limits::default(), RepairMode::Auto).expect("parse");
    }
    let parse_rate = parse_sample.len() as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    let parts = archive.reindex(&mut |_, _| {}).await.expect("reindex");
    let tantivy_build = started.elapsed();
    let tantivy_size = dir_size(&data.join("index"));
    let database_size = dir_size(&data) - tantivy_size;

    let started = Instant::now();
    let fts = Fts5::build(&data.join("paragraf.db"), &work.join("fts5.db")).await;
    let fts_build = started.elapsed();
    let fts_size = dir_size(&work.join("fts5.db"));

    let queries = corpus.latency_queries(LATENCY_QUERIES + WARM_UP_QUERIES);
    let (warm_up, timed) = queries.split_at(WARM_UP_QUERIES);
    for query in warm_up {
        archive.search(&search(query)).await.expect("search");
        fts.search(query).await;
    }
    let mut ours = Vec::new();
    let mut baseline = Vec::new();
    for query in timed {
        let started = Instant::now();
        archive.search(&search(query)).await.expect("search");
        ours.push(started.elapsed());
        let started = Instant::now();
        fts.search(query).await;
        baseline.push(started.elapsed());
    }

    let file_of: HashMap<i64, String> = archive
        .meetings()
        .await
        .expect("meetings")
        .into_iter()
        .map(|meeting| (meeting.id, meeting.file_name))
        .collect();
    let known = corpus.known_queries();
    let mut recall = Vec::new();
    for noisy in [true, false] {
        let queries: Vec<&KnownQuery> = known.iter().filter(|q| q.noisy_answers == noisy).collect();
        let mut ours_recall = 0.0;
        let mut fts_recall = 0.0;
        for query in &queries {
            let hits = archive
                .search(&search(&query.query))
                .await
                .expect("search")
                .hits;
            let found: Vec<&str> = hits
                .iter()
                .filter_map(|hit| file_of.get(&hit.meeting_id).map(String::as_str))
                .collect();
            ours_recall += share_found(query, &found);
            let found: Vec<&str> = fts
                .search(&query.query)
                .await
                .iter()
                .filter_map(|id| file_of.get(id).map(String::as_str))
                .collect();
            fts_recall += share_found(query, &found);
        }
        let n = queries.len().max(1) as f64;
        recall.push((noisy, queries.len(), ours_recall / n, fts_recall / n));
    }
    archive.close().await;

    let (ours_p50, ours_p99) = percentiles(&mut ours);
    let (fts_p50, fts_p99) = percentiles(&mut baseline);
    let mut out = String::new();
    out.push_str("## Archive: ingest and search at scale\n\n");
    out.push_str("Reproduce: `cargo bench -p paragraf-archive --bench archive` (`PARAGRAF_BENCH_DOCS=N` for another size; ≈ 10 minutes at 100,000 after the build).\n");
    out.push_str("Targets: ingest ≥ 500 documents/s on one core for text minutes, end to end; query p99 ≤ 20 ms at 100,000 documents; recall@10 on noisy answers clearly above FTS5.\n\n");
    out.push_str(&format!(
        "Corpus: {} synthetic minutes from `paragraf-corpus` (seed 7; {:.0} MB; 25 % with OCR damage; four layouts), {} parts (items, decisions, actions). The whole run is pinned to one core.\n\n",
        summary.ingested,
        mb(corpus_bytes as u64),
        parts
    ));
    out.push_str("| measure | Paragraf (SQLite + tantivy) | baseline (SQLite FTS5) | ratio |\n|---|---:|---:|---:|\n");
    let ingest_rate = documents / ingest_time.as_secs_f64();
    out.push_str(&format!(
        "| ingest end to end (read, parse, repair, store, index) | {ingest_rate:.0} documents/s | – | – |\n"
    ));
    out.push_str(&format!(
        "| baseline: read, parse and repair alone, first {} files | – | {parse_rate:.0} documents/s | ingest takes {:.2}× the time |\n",
        parse_sample.len(),
        parse_rate / ingest_rate
    ));
    out.push_str(&format!(
        "| build the index from the database | {:.0} documents/s ({:.1} s) | {:.0} documents/s ({:.1} s) | {:.2}× the time |\n",
        documents / tantivy_build.as_secs_f64(),
        tantivy_build.as_secs_f64(),
        documents / fts_build.as_secs_f64(),
        fts_build.as_secs_f64(),
        tantivy_build.as_secs_f64() / fts_build.as_secs_f64()
    ));
    out.push_str(&format!(
        "| index size | {:.0} MB | {:.0} MB | {:.2}× |\n",
        mb(tantivy_size),
        mb(fts_size),
        tantivy_size as f64 / fts_size as f64
    ));
    out.push_str(&format!(
        "| query latency p50 ({LATENCY_QUERIES} queries, with snippets) | {} | {} | {:.2}× |\n",
        ms(ours_p50),
        ms(fts_p50),
        ours_p50.as_secs_f64() / fts_p50.as_secs_f64()
    ));
    out.push_str(&format!(
        "| query latency p99 | {} | {} | {:.2}× |\n",
        ms(ours_p99),
        ms(fts_p99),
        ours_p99.as_secs_f64() / fts_p99.as_secs_f64()
    ));
    for (noisy, n, ours, fts) in recall {
        let which = if noisy { "OCR-damaged" } else { "clean" };
        out.push_str(&format!(
            "| recall@10, {n} queries with {which} answers | {:.3} | {:.3} | {:+.3} |\n",
            ours,
            fts,
            ours - fts
        ));
    }
    out.push_str(&format!(
        "\nDatabase (originals, texts, records, tables): {:.0} MB. Peak memory (RSS) of the whole run: {:.0} MB.\n",
        mb(database_size),
        peak_rss_mb()
    ));
    out.push_str("\nRecall@10: the share of a query's answer documents among the meetings of its top 10 hits. Queries name a matter in clean spelling (`ventilation Tallbackaskolan`); in OCR-damaged answers its words are misspelt and the unique name is not in any lexicon, so repair cannot restore it. FTS5 gets every word as a prefix query (`\"ventilation\"* \"tallbackaskolan\"*`) over the same repaired parts.\n");
    out
}

fn search(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.to_string(),
        ..SearchQuery::default()
    }
}

fn share_found(query: &KnownQuery, found: &[&str]) -> f64 {
    let hits = query
        .answers
        .iter()
        .filter(|answer| found.contains(&answer.as_str()))
        .count();
    hits as f64 / query.answers.len().max(1) as f64
}

/// SQLite FTS5 over the same parts the index holds.
struct Fts5 {
    pool: SqlitePool,
}

impl Fts5 {
    async fn build(archive_db: &Path, path: &Path) -> Fts5 {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .expect("fts5 database");
        sqlx::query("CREATE VIRTUAL TABLE parts USING fts5(text, title, meeting UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')")
            .execute(&pool)
            .await
            .expect("fts5 table");
        let source = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(
                SqliteConnectOptions::new()
                    .filename(archive_db)
                    .read_only(true),
            )
            .await
            .expect("archive database");
        let rows = sqlx::query(
            "SELECT i.text, i.title, i.meeting_id FROM items i
             UNION ALL SELECT x.text, i.title, i.meeting_id FROM decisions x JOIN items i ON i.id = x.item_id
             UNION ALL SELECT x.text, i.title, i.meeting_id FROM actions x JOIN items i ON i.id = x.item_id
             ORDER BY 3",
        )
        .fetch_all(&source)
        .await
        .expect("parts");
        // One transaction per meeting, as ingest commits per document.
        let mut rows = rows.iter().peekable();
        while let Some(first) = rows.peek() {
            let meeting: i64 = first.get(2);
            let mut tx = pool.begin().await.expect("transaction");
            while let Some(row) = rows.next_if(|row| row.get::<i64, _>(2) == meeting) {
                sqlx::query("INSERT INTO parts (text, title, meeting) VALUES ($1, $2, $3)")
                    .bind(row.get::<String, _>(0))
                    .bind(row.get::<String, _>(1))
                    .bind(meeting)
                    .execute(&mut *tx)
                    .await
                    .expect("insert");
            }
            tx.commit().await.expect("commit");
        }
        sqlx::query("INSERT INTO parts (parts) VALUES ('optimize')")
            .execute(&pool)
            .await
            .expect("optimize");
        Fts5 { pool }
    }

    /// Meeting ids of the top 10 parts, with snippets made as a UI would.
    async fn search(&self, query: &str) -> Vec<i64> {
        let expression = fts5_expression(query);
        if expression.is_empty() {
            return Vec::new();
        }
        sqlx::query(
            "SELECT meeting, snippet(parts, 0, '[', ']', '…', 24) FROM parts WHERE parts MATCH $1 ORDER BY rank LIMIT 10",
        )
        .bind(expression)
        .fetch_all(&self.pool)
        .await
        .expect("fts5 query")
        .iter()
        .map(|row| row.get::<i64, _>(0))
        .collect()
    }
}

/// Loose words become prefix terms, quoted phrases stay phrases; all must match.
fn fts5_expression(query: &str) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect::<String>()
    };
    let mut terms = Vec::new();
    for (index, piece) in query.split('"').enumerate() {
        if index % 2 == 1 {
            let phrase = clean(piece);
            if !phrase.trim().is_empty() {
                terms.push(format!(
                    "\"{}\"",
                    phrase.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        } else {
            terms.extend(
                clean(piece)
                    .split_whitespace()
                    .map(|word| format!("\"{word}\"*")),
            );
        }
    }
    terms.join(" ")
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |share: f64| times[((times.len() as f64 * share) as usize).min(times.len() - 1)];
    (at(0.50), at(0.99))
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn dir_size(path: &Path) -> u64 {
    let Ok(metadata) = std::fs::metadata(path) else {
        return 0;
    };
    if metadata.is_file() {
        return metadata.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| dir_size(&entry.path()))
                .sum()
        })
        .unwrap_or(0)
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1000.0)
}

/// Pins this thread, and so every thread it starts later, to one core.
fn pin_to_one_core() {
    // SAFETY: a zeroed cpu_set_t is a valid empty set; the calls only read it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(0, &mut set);
        if libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set) != 0 {
            eprintln!("could not pin to one core; timings use every core");
        }
    }
}
