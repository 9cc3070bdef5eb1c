//! `paragraf parse` and `paragraf demo`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use paragraf_import::Limits;
use paragraf_pipeline::{RepairMode, parse_bytes, parse_file};
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

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Print each record as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
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

/// The sample minutes bundled with Paragraf: the seeds of its first users.
const SAMPLES: &[(&str, &str)] = &[
    (
        "000_936ce8199f39e095.txt",
        include_str!("../../../fixtures/seeds/000_936ce8199f39e095.txt"),
    ),
    (
        "001_715d097d1f875b04.txt",
        include_str!("../../../fixtures/seeds/001_715d097d1f875b04.txt"),
    ),
    (
        "002_bd0e115f08e0e446.txt",
        include_str!("../../../fixtures/seeds/002_bd0e115f08e0e446.txt"),
    ),
    (
        "003_cd0d46ba1314733f.txt",
        include_str!("../../../fixtures/seeds/003_cd0d46ba1314733f.txt"),
    ),
    (
        "004_5614e338dd6ae4a6.txt",
        include_str!("../../../fixtures/seeds/004_5614e338dd6ae4a6.txt"),
    ),
];

pub fn demo(args: &DemoArgs) -> Result<()> {
    let mut out = String::new();
    for (name, text) in SAMPLES {
        let parsed = parse_bytes(name, text.as_bytes(), &Limits::default(), RepairMode::Auto)?;
        let record = &parsed.record;
        if args.json {
            out.push_str(&record.to_json_pretty());
            out.push('\n');
            continue;
        }
        let decisions: usize = record.items.iter().map(|i| i.decisions.len()).sum();
        let actions: usize = record.items.iter().map(|i| i.actions.len()).sum();
        let _ = writeln!(
            out,
            "{name}: {} · {} · {} present, {} absent · {} items, {} decisions, {} actions",
            record.date.as_deref().unwrap_or("undated"),
            record.location.as_deref().unwrap_or("no place given"),
            record.attendees.len(),
            record.absent.len(),
            record.items.len(),
            decisions,
            actions,
        );
        for item in &record.items {
            let _ = writeln!(
                out,
                "    {} {}",
                item.number.as_deref().unwrap_or("-"),
                item.title
            );
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
