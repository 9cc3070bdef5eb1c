//! `paragraf-corpus`: writes a generated corpus to a directory.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use paragraf_corpus::{Config, Corpus};

const EXAMPLES: &str = "\
Writes DIR/NNNNNN-<slug>.txt per document, the queries with known answers
as DIR/queries.json, and what each document says (date, body, attendees,
counts) as DIR/truth.jsonl, one line per document.

Example:
  paragraf-corpus --count 20000 --out /tmp/corpus --seed 7 --ocr-share 0.3
  paragraf ingest /tmp/corpus
";

/// Writes realistic synthetic Swedish minutes, OCR damage on a share of them.
#[derive(Debug, Parser)]
#[command(version, after_help = EXAMPLES)]
struct Args {
    /// Number of documents.
    #[arg(long)]
    count: usize,
    /// Output directory, created if missing.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Generator seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of documents with OCR damage, 0 to 1.
    #[arg(long, default_value_t = 0.25, value_parser = share)]
    ocr_share: f64,
}

fn share(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("'{value}' is not a number from 0 to 1")),
    }
}

impl Args {
    fn config(&self) -> Config {
        Config {
            count: self.count,
            seed: self.seed,
            ocr_share: self.ocr_share,
        }
    }
}

#[derive(serde::Serialize)]
struct TruthLine<'a> {
    file: &'a str,
    noisy: bool,
    #[serde(flatten)]
    truth: &'a paragraf_corpus::Truth,
}

fn write_corpus(args: &Args) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let corpus = Corpus::new(args.config());
    let truth_file = std::fs::File::create(args.out.join("truth.jsonl"))?;
    let mut truth = std::io::BufWriter::new(truth_file);
    for minutes in corpus.iter() {
        std::fs::write(args.out.join(&minutes.file_name), &minutes.text)?;
        let line = TruthLine {
            file: &minutes.file_name,
            noisy: minutes.noisy,
            truth: &minutes.truth,
        };
        serde_json::to_writer(&mut truth, &line)?;
        truth.write_all(b"\n")?;
    }
    truth.flush()?;
    let queries = serde_json::to_string_pretty(&corpus.known_queries())?;
    std::fs::write(args.out.join("queries.json"), queries + "\n")
}

fn main() -> ExitCode {
    let args = Args::parse();
    match write_corpus(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("paragraf-corpus: {}: {error}", args.out.display());
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("paragraf-corpus").chain(args.iter().copied()))
    }

    #[test]
    fn parses_all_options() {
        let args = parse(&[
            "--count",
            "5",
            "--out",
            "x",
            "--seed=9",
            "--ocr-share",
            "0.5",
        ])
        .unwrap();
        assert_eq!(
            args.config(),
            Config {
                count: 5,
                seed: 9,
                ocr_share: 0.5
            }
        );
        assert_eq!(args.out, PathBuf::from("x"));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse(&["--out", "x"]).is_err());
        assert!(parse(&["--count", "-1", "--out", "x"]).is_err());
        assert!(parse(&["--count", "1", "--out", "x", "--ocr-share", "2"]).is_err());
        assert!(parse(&["--count", "1", "--out", "x", "--bogus"]).is_err());
    }
}
