//! Parse throughput on one core, against a baseline measured in the same
//! run: reading the same documents' bytes and splitting them into lines.
//!
//! `cargo bench -p paragraf-pipeline --bench parse` prints the table and writes
//! it into `docs/BENCHMARKS.md` between its markers.

#[path = "../tests/support/fixtures.rs"]
mod fixtures;
#[path = "support/report.rs"]
mod report;

use std::hint::black_box;
use std::time::{Duration, Instant};

use paragraf_import::Limits;
use paragraf_pipeline::{RepairMode, parse_bytes};

fn corpus() -> Vec<(String, Vec<u8>)> {
    fixtures::documents()
        .into_iter()
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect()
}

/// Runs `work` over the corpus until at least `budget` has passed; returns
/// seconds per pass over the corpus (best of the rounds).
fn measure(
    corpus: &[(String, Vec<u8>)],
    budget: Duration,
    mut work: impl FnMut(&str, &[u8]),
) -> f64 {
    let mut best = f64::INFINITY;
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < 3 || started.elapsed() < budget {
        let round = Instant::now();
        for (name, bytes) in corpus {
            work(name, bytes);
        }
        best = best.min(round.elapsed().as_secs_f64());
        rounds += 1;
    }
    best
}

fn main() {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(|(_, b)| b.len()).sum();
    let documents = corpus.len();
    let budget = Duration::from_secs(3);
    let limits = Limits::default();

    let baseline = measure(&corpus, budget, |_, bytes| {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        black_box(
            text.split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .count(),
        );
    });
    let parse_only = measure(&corpus, budget, |name, bytes| {
        black_box(parse_bytes(name, bytes, &limits, RepairMode::Never).ok());
    });
    let with_repair = measure(&corpus, budget, |name, bytes| {
        black_box(parse_bytes(name, bytes, &limits, RepairMode::Auto).ok());
    });

    let megabytes = bytes as f64 / 1_000_000.0;
    let row = |label: &str, seconds: f64| {
        format!(
            "| {label} | {:.1} | {:.0} | {:.1}× |",
            megabytes / seconds,
            documents as f64 / seconds,
            seconds / baseline
        )
    };
    let table = [
        format!(
            "Corpus: the {documents} fixture documents ({:.0} KB: seeds, written minutes, Nacka protocols), best of repeated passes on one core.\n",
            bytes as f64 / 1000.0
        ),
        "| pass | MB/s | documents/s | time vs baseline |".to_string(),
        "|---|---:|---:|---:|".to_string(),
        row("baseline: split into lines", baseline),
        row("`parse` (decode, clean, extract)", parse_only),
        row("`parse` with OCR repair when detected", with_repair),
    ]
    .join("\n");
    println!("{table}");
    write_report(&table);
}

fn write_report(table: &str) {
    report::write_section(
        "parse-bench",
        &format!(
            "## Parse throughput\n\nReproduce: `cargo bench -p paragraf-pipeline --bench parse`. Target: ≥ 20 MB/s for `parse`.\n\n{table}"
        ),
    );
}
