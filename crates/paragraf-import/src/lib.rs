//! Bytes to text.
//!
//! The lowest layer of Paragraf: it takes the bytes of a minutes document,
//! decides what they are from their content (never from the file name) and
//! returns the document's text. It knows nothing about meetings.

mod text;

pub use text::decode_text;

/// What kind of document the bytes were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Pdf,
    Docx,
    Odt,
    Image,
}

/// A document's text and what the reader learned about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    /// The text, lines separated by `\n`.
    pub text: String,
    /// Structure the source format states outright (headings, list items,
    /// table rows), keyed by 1-based line of `text`. Empty for plain text.
    pub hints: Vec<LineHint>,
}

/// Structure known for one line of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHint {
    pub line: usize,
    pub kind: HintKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintKind {
    /// A heading of the given level (1 = top).
    Heading(u8),
    /// An item of a numbered list.
    NumberedItem,
    /// An item of a bulleted list.
    BulletItem,
    /// A table row whose cells are joined by ` | ` in the text.
    TableRow,
    /// The whole line is bold.
    Bold,
}

/// Limits that keep hostile input bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is binary data, not a document Paragraf can read")]
    Binary,
    #[error("unsupported format: {0}")]
    Unsupported(String),
}

/// Reads a document from its bytes.
pub fn read_document(bytes: &[u8], limits: &Limits) -> Result<Document, ImportError> {
    let size = bytes.len() as u64;
    if size > limits.max_bytes {
        return Err(ImportError::TooLarge {
            size,
            limit: limits.max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(ImportError::Unsupported("PDF".into()));
    }
    Ok(Document {
        format: Format::Txt,
        text: decode_text(bytes)?,
        hints: Vec::new(),
    })
}
