//! One document from bytes to record.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use paragraf_import::{Format, HintKind, ImportError, Limits, read_document};
use paragraf_parse::{Parsed, Structure, parse_structured};
use paragraf_record::{Source, SourceFormat};
use paragraf_repair::{Repairer, looks_ocr};
use sha2::{Digest, Sha256};

/// When to run OCR repair.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// Reads, decodes, repairs and parses one file.
pub fn parse_file(path: &Path, limits: &Limits, repair: RepairMode) -> Result<Parsed, InputError> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|source| InputError::Unreadable {
        path: shown.clone(),
        source,
    })?;
    if metadata.is_dir() {
        return Err(InputError::Directory { path: shown });
    }
    // Refused before reading, so a huge file never reaches memory.
    if metadata.len() > limits.max_bytes {
        return Err(InputError::NotADocument {
            path: shown,
            source: ImportError::TooLarge {
                size: metadata.len(),
                limit: limits.max_bytes,
            },
        });
    }
    let bytes = std::fs::read(path).map_err(|source| InputError::Unreadable {
        path: shown.clone(),
        source,
    })?;
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    parse_bytes(&name, &bytes, limits, repair).map_err(|source| InputError::NotADocument {
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
) -> Result<Parsed, ImportError> {
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
    let ocr_source = matches!(document.format, Format::Image);
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
    Ok(parse_structured(
        &document.text,
        source,
        Some(&repair_text),
        &structure,
    ))
}

/// The repairer, loaded once. Its data is embedded, so failing to load it
/// is a build defect; parsing then goes on without repair.
fn repairer() -> Option<&'static Repairer> {
    static REPAIRER: OnceLock<Option<Repairer>> = OnceLock::new();
    REPAIRER.get_or_init(|| Repairer::new().ok()).as_ref()
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
