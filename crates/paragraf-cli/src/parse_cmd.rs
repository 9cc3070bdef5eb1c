//! `paragraf parse` and `paragraf demo`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use paragraf_import::Limits;
use paragraf_pipeline::{RepairMode, parse_file};
use paragraf_record::render_markdown;

pub const AFTER_HELP: &str = "\
Plain text in UTF-8 (with or without BOM), UTF-16 or Windows-1252 is
detected from the bytes. OCR-damaged Swedish is repaired when the text
looks OCR'd.

Examples:
  paragraf parse protokoll.txt
  paragraf parse protokoll.txt --format markdown > protokoll.md
  paragraf parse protokoll.txt --format text | less";

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The meeting record as JSON.
    Json,
    /// The cleaned and repaired text that the record's `lines` refer to.
    Text,
    /// The minutes rendered as Markdown.
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct ParseArgs {
    /// The minutes document.
    pub file: PathBuf,
    /// What to print.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Largest file accepted, in megabytes.
    #[arg(long, env = "PARAGRAF_MAX_MB", default_value_t = 50)]
    pub max_mb: u64,
    /// When to repair OCR-damaged Swedish.
    #[arg(long, value_enum, default_value_t = RepairMode::Auto)]
    pub repair: RepairMode,
}

pub fn run(args: &ParseArgs) -> Result<()> {
    let limits = Limits {
        max_bytes: args.max_mb.saturating_mul(1024 * 1024),
        ..Limits::default()
    };
    let parsed = parse_file(&args.file, &limits, args.repair)?;
    let output = match args.format {
        OutputFormat::Json => parsed.record.to_json_pretty() + "\n",
        OutputFormat::Text => parsed.text + "\n",
        OutputFormat::Markdown => render_markdown(&parsed.record),
    };
    // Everything is built before anything is printed: never a partial record.
    std::io::stdout().lock().write_all(output.as_bytes())?;
    Ok(())
}
