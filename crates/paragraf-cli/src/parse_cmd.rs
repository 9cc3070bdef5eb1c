//! `paragraf parse` and `paragraf demo`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use paragraf_import::{Format, ImportError, Limits, read_document};
use paragraf_parse::{Parsed, parse};
use paragraf_record::{Source, SourceFormat, render_markdown};
use sha2::{Digest, Sha256};

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
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Print each record as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
}

/// A file that could not be turned into text, with its documented exit code.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Unreadable { path: String, source: std::io::Error },
    #[error("{path}: is a directory, not a file")]
    Directory { path: String },
    #[error("{path}: {source}")]
    NotADocument { path: String, source: ImportError },
}

impl InputError {
    pub fn exit_code(&self) -> u8 {
        match self {
            InputError::Unreadable { .. } | InputError::Directory { .. } => 3,
            InputError::NotADocument { .. } => 4,
        }
    }
}

pub fn run(args: &ParseArgs) -> Result<()> {
    let limits = Limits { max_bytes: args.max_mb.saturating_mul(1024 * 1024), ..Limits::default() };
    let parsed = parse_file(&args.file, &limits)?;
    let output = match args.format {
        OutputFormat::Json => parsed.record.to_json_pretty() + "\n",
        OutputFormat::Text => parsed.text + "\n",
        OutputFormat::Markdown => render_markdown(&parsed.record),
    };
    // Everything is built before anything is printed: never a partial record.
    std::io::stdout().lock().write_all(output.as_bytes())?;
    Ok(())
}

/// Reads, decodes and parses one file.
pub fn parse_file(path: &Path, limits: &Limits) -> Result<Parsed, InputError> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|source| InputError::Unreadable { path: shown.clone(), source })?;
    if metadata.is_dir() {
        return Err(InputError::Directory { path: shown });
    }
    if metadata.len() > limits.max_bytes {
        return Err(InputError::NotADocument {
            path: shown,
            source: ImportError::TooLarge { size: metadata.len(), limit: limits.max_bytes },
        });
    }
    let bytes = std::fs::read(path).map_err(|source| InputError::Unreadable { path: shown.clone(), source })?;
    let name = path.file_name().map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    parse_bytes(&name, &bytes, limits).map_err(|source| InputError::NotADocument { path: shown, source })
}

/// Parses a document held in memory.
pub fn parse_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Result<Parsed, ImportError> {
    let document = read_document(bytes, limits)?;
    let source = Source {
        file: name.to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        format: match document.format {
            Format::Txt => SourceFormat::Txt,
            Format::Pdf => SourceFormat::Pdf,
            Format::Docx => SourceFormat::Docx,
            Format::Odt => SourceFormat::Odt,
            Format::Image => SourceFormat::Image,
        },
        ocr_repaired_words: 0,
    };
    Ok(parse(&document.text, source, None))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// The sample minutes bundled with Paragraf: the seeds of its first users.
const SAMPLES: &[(&str, &str)] = &[
    ("000_936ce8199f39e095.txt", include_str!("../../../fixtures/seeds/000_936ce8199f39e095.txt")),
    ("001_715d097d1f875b04.txt", include_str!("../../../fixtures/seeds/001_715d097d1f875b04.txt")),
    ("002_bd0e115f08e0e446.txt", include_str!("../../../fixtures/seeds/002_bd0e115f08e0e446.txt")),
    ("003_cd0d46ba1314733f.txt", include_str!("../../../fixtures/seeds/003_cd0d46ba1314733f.txt")),
    ("004_5614e338dd6ae4a6.txt", include_str!("../../../fixtures/seeds/004_5614e338dd6ae4a6.txt")),
];

pub fn demo(args: &DemoArgs) -> Result<()> {
    let mut out = String::new();
    for (name, text) in SAMPLES {
        let parsed = parse_bytes(name, text.as_bytes(), &Limits::default())?;
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
            let _ = writeln!(out, "    {} {}", item.number.as_deref().unwrap_or("-"), item.title);
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
