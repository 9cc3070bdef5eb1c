//! One document from bytes to record.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use paragraf_import::{Format, HintKind, ImportError, Limits, read_document};
use paragraf_parse::{Structure, parse_structured};
use paragraf_record::{MeetingRecord, Source, SourceFormat};
pub use paragraf_repair::Change;
use paragraf_repair::{Repairer, looks_ocr};
use sha2::{Digest, Sha256};

/// When to run OCR repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum RepairMode {
    /// Repair when the text looks OCR'd (see `paragraf_repair::OCR_THRESHOLD`).
    #[default]
    Auto,
    Always,
    Never,
}

/// A file that could not be turned into a record, with its documented exit code.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: is a directory, not a file")]
    Directory { path: String },
    #[error("{path}: {source}")]
    NotADocument { path: String, source: ImportError },
}

impl InputError {
    /// 3: the file could not be read; 4: it is not a document Paragraf reads.
    pub fn exit_code(&self) -> u8 {
        match self {
            InputError::Unreadable { .. } | InputError::Directory { .. } => 3,
            InputError::NotADocument { .. } => 4,
        }
    }
}

/// A document read into its record.
#[derive(Debug, Clone)]
pub struct Reading {
    pub record: MeetingRecord,
    /// The cleaned and repaired text the record's line spans refer to.
    pub text: String,
    /// The words OCR repair replaced, with lines in `text`.
    pub corrections: Vec<Change>,
}

/// Reads, decodes, repairs and parses one file.
pub fn parse_file(path: &Path, limits: &Limits, repair: RepairMode) -> Result<Reading, InputError> {
    let bytes = read_file(path, limits)?;
    parse_file_bytes(path, &bytes, limits, repair)
}

/// Reads a file's bytes, refusing directories and files over the size
/// limit before reading, so a huge file never reaches memory.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, InputError> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|source| InputError::Unreadable {
        path: shown.clone(),
        source,
    })?;
    if metadata.is_dir() {
        return Err(InputError::Directory { path: shown });
    }
    if metadata.len() > limits.max_bytes {
        return Err(InputError::NotADocument {
            path: shown,
            source: ImportError::TooLarge {
                size: metadata.len(),
                limit: limits.max_bytes,
            },
        });
    }
    std::fs::read(path).map_err(|source| InputError::Unreadable {
        path: shown,
        source,
    })
}

/// Parses the bytes read from `path`; the record names the file, errors
/// name the path.
pub fn parse_file_bytes(
    path: &Path,
    bytes: &[u8],
    limits: &Limits,
    repair: RepairMode,
) -> Result<Reading, InputError> {
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    parse_bytes(&name, bytes, limits, repair).map_err(|source| InputError::NotADocument {
        path: shown,
        source,
    })
}

/// Parses a document held in memory.
pub fn parse_bytes(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    repair: RepairMode,
) -> Result<Reading, ImportError> {
    let document = read_document(bytes, limits)?;
    let source = Source {
        file: name.to_string(),
        sha256: sha256_hex(bytes),
        format: match document.format {
            Format::Txt => SourceFormat::Txt,
            Format::Pdf => SourceFormat::Pdf,
            Format::Docx => SourceFormat::Docx,
            Format::Odt => SourceFormat::Odt,
            Format::Image => SourceFormat::Image,
        },
        ocr_repaired_words: 0,
    };
    let ocr_source = matches!(document.format, Format::Image);
    let corrections = RefCell::new(Vec::new());
    let repair_text = |text: &str| -> (String, usize) {
        let wanted = match repair {
            RepairMode::Never => false,
            RepairMode::Always => true,
            RepairMode::Auto => ocr_source || looks_ocr(text),
        };
        match repairer().filter(|_| wanted) {
            Some(repairer) => {
                let repaired = repairer.repair(text);
                let changed = repaired.changes.len();
                corrections.replace(repaired.changes);
                (repaired.text, changed)
            }
            None => (text.to_string(), 0),
        }
    };
    let mut structure = Structure::default();
    for hint in &document.hints {
        match hint.kind {
            HintKind::Heading(_) => {
                structure.headings.insert(hint.line);
            }
            HintKind::BulletItem => {
                structure.bullets.insert(hint.line);
            }
            // Numbers are written into the text, table rows keep their
            // ` | `, and bold is emphasis (`Beslut:` lines), not structure.
            HintKind::NumberedItem | HintKind::TableRow | HintKind::Bold => {}
        }
    }
    let parsed = parse_structured(&document.text, source, Some(&repair_text), &structure);
    let mut corrections = corrections.into_inner();
    // The parser drops a repair that broke the line structure.
    if parsed.record.source.ocr_repaired_words == 0 {
        corrections.clear();
    }
    Ok(Reading {
        record: parsed.record,
        text: parsed.text,
        corrections,
    })
}

/// The repairer, loaded once. Its data is embedded, so failing to load it
/// is a build defect; parsing then goes on without repair.
fn repairer() -> Option<&'static Repairer> {
    static REPAIRER: OnceLock<Option<Repairer>> = OnceLock::new();
    REPAIRER.get_or_init(|| Repairer::new().ok()).as_ref()
}

/// SHA-256 of `bytes`, lowercase hex: a document's identity.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
