//! Bytes to text.
//!
//! The lowest layer of Paragraf: it takes the bytes of a minutes document,
//! decides what they are from their content (never from the file name) and
//! returns the document's text. It knows nothing about meetings.
//!
//! | content | reader |
//! |---|---|
//! | `%PDF-` | `pdftotext -layout`, page clean-up (`pages.rs`), OCR of scanned pages |
//! | ZIP whose `[Content_Types].xml` names a Word document | `docx.rs` |
//! | ZIP whose `mimetype` is OpenDocument text | `odt.rs` |
//! | PNG, JPEG, TIFF | Tesseract OCR, after a size check from the header |
//! | Microsoft compound file (`.doc`, encrypted `.docx`) | refused with advice |
//! | anything else | [`decode_text`] |
//!
//! External programs (poppler-utils, Tesseract) run as subprocesses with a
//! timeout and capped output; `scripts/setup.sh` installs them.

mod counter;
mod docx;
mod image;
mod ocr;
mod odt;
mod pages;
mod pdf;
mod tables;
mod text;
mod tool;
mod xml;
mod zip_part;

use std::time::Duration;

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
    /// Most entries a DOCX/ODT archive may list.
    pub max_archive_entries: usize,
    /// Largest decompressed size of one DOCX/ODT part that is read.
    pub max_part_bytes: u64,
    /// Most decompressed bytes read from one DOCX/ODT, all parts together.
    pub max_unpacked_bytes: u64,
    /// Largest image, in pixels, handed to OCR (a rendered A4 page at
    /// 300 dpi is about 8.7 million).
    pub max_image_pixels: u64,
    /// Most scanned pages of one PDF that are rendered and OCR'd.
    pub max_ocr_pages: usize,
    /// Most text bytes accepted from one external program.
    pub max_tool_output_bytes: usize,
    /// How long one external program (one `pdftotext`, one page of OCR)
    /// may run.
    pub tool_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            max_archive_entries: 5_000,
            max_part_bytes: 32 * 1024 * 1024,
            max_unpacked_bytes: 64 * 1024 * 1024,
            max_image_pixels: 40_000_000,
            max_ocr_pages: 200,
            max_tool_output_bytes: 32 * 1024 * 1024,
            tool_timeout: Duration::from_secs(120),
        }
    }
}

/// Why a document could not be read. Every message is one line.
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
    #[error(
        "{needed_for} needs `{program}`, which is not installed: run `apt-get install {packages}` (or scripts/setup.sh)"
    )]
    MissingTool {
        needed_for: &'static str,
        program: &'static str,
        packages: &'static str,
    },
    #[error("`{program}` failed: {message}")]
    ToolFailed {
        program: &'static str,
        message: String,
    },
    #[error("`{program}` did not finish within {seconds} seconds")]
    ToolTimedOut { program: &'static str, seconds: u64 },
    #[error("`{program}` produced more than {limit} bytes of text")]
    ToolOutputTooLarge { program: &'static str, limit: usize },
    #[error("the PDF is encrypted: save a copy without a password and read that")]
    EncryptedPdf,
    #[error("the PDF is damaged: {0}")]
    CorruptPdf(String),
    #[error("the PDF has {pages} scanned pages to OCR, over the limit of {limit}")]
    TooManyScannedPages { pages: usize, limit: usize },
    #[error("the {format} file is damaged: {reason}")]
    CorruptDocument {
        format: &'static str,
        reason: String,
    },
    #[error("the {format} file is encrypted: save a copy without a password and read that")]
    EncryptedDocument { format: &'static str },
    #[error("the archive has {count} entries, over the limit of {limit}")]
    TooManyEntries { count: u64, limit: usize },
    #[error("the part {part} unpacks to more than {limit} bytes, over the limit (a zip bomb?)")]
    PartTooLarge { part: String, limit: u64 },
    #[error("the archive unpacks to more than {limit} bytes, over the limit (a zip bomb?)")]
    UnpackedTooLarge { limit: u64 },
    #[error("the image is {width}×{height} pixels, over the limit of {limit} pixels")]
    ImageTooLarge { width: u64, height: u64, limit: u64 },
    #[error("the {format} image is damaged: its header gives no size")]
    CorruptImage { format: &'static str },
    #[error("no text found in the {0}")]
    NoText(&'static str),
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
    match detect(bytes) {
        Detected::Pdf => pdf::read(bytes, limits),
        Detected::Zip => read_archive(bytes, limits),
        Detected::Image(kind) => image::read(bytes, kind, limits),
        Detected::OleCompound => Err(ImportError::Unsupported(
            "an old Word .doc or a password-protected Office file; save it as DOCX without a password"
                .into(),
        )),
        Detected::Text => Ok(Document {
            format: Format::Txt,
            text: decode_text(bytes)?,
            hints: Vec::new(),
        }),
    }
}

enum Detected {
    Pdf,
    Zip,
    Image(image::ImageKind),
    /// Microsoft's compound file: `.doc`, or an encrypted `.docx`.
    OleCompound,
    Text,
}

fn detect(bytes: &[u8]) -> Detected {
    // PDF readers accept junk before the header; so does poppler.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|window| window == b"%PDF-") {
        return Detected::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Detected::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Detected::OleCompound;
    }
    match image::ImageKind::detect(bytes) {
        Some(kind) => Detected::Image(kind),
        None => Detected::Text,
    }
}

fn read_archive(bytes: &[u8], limits: &Limits) -> Result<Document, ImportError> {
    let mut archive = zip_part::Archive::open(bytes, limits)?;
    match archive.office_kind()? {
        zip_part::OfficeKind::Docx { main_part } => docx::read(&mut archive, &main_part),
        zip_part::OfficeKind::Odt => odt::read(&mut archive),
        zip_part::OfficeKind::Other(what) => Err(ImportError::Unsupported(what)),
    }
}

/// Collects lines of text and the hints that go with them.
#[derive(Debug, Default)]
struct TextBuilder {
    lines: Vec<String>,
    hints: Vec<LineHint>,
}

impl TextBuilder {
    /// Adds a paragraph, which may hold line breaks; `kinds` describe its
    /// first line. Runs of empty paragraphs become one blank line.
    fn push_paragraph(&mut self, paragraph: &str, kinds: &[HintKind]) {
        let paragraph = paragraph.trim_end();
        if paragraph.trim().is_empty() {
            if self.lines.last().is_some_and(|last| !last.is_empty()) {
                self.lines.push(String::new());
            }
            return;
        }
        let first_line = self.lines.len() + 1;
        self.hints.extend(kinds.iter().map(|kind| LineHint {
            line: first_line,
            kind: kind.clone(),
        }));
        self.lines
            .extend(paragraph.split('\n').map(|line| line.trim_end().to_owned()));
    }

    fn finish(mut self, format: Format) -> Document {
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        let mut text = self.lines.join("\n");
        text.push('\n');
        Document {
            format,
            text,
            hints: self.hints,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_goes_by_content() {
        assert!(matches!(detect(b"%PDF-1.7\n"), Detected::Pdf));
        assert!(matches!(detect(b"\r\n%PDF-1.4"), Detected::Pdf));
        assert!(matches!(detect(b"PK\x03\x04rest"), Detected::Zip));
        assert!(matches!(
            detect(b"\x89PNG\r\n\x1a\nrest"),
            Detected::Image(_)
        ));
        assert!(matches!(detect(b"\xFF\xD8\xFF\xE0"), Detected::Image(_)));
        assert!(matches!(detect(b"II*\0rest"), Detected::Image(_)));
        assert!(matches!(detect(b"MM\0*rest"), Detected::Image(_)));
        assert!(matches!(detect(b"Protokoll\n"), Detected::Text));
    }

    #[test]
    fn plain_text_still_reads() {
        let document = read_document("Beslut: godkänns\r\n".as_bytes(), &Limits::default())
            .expect("text reads");
        assert_eq!(document.format, Format::Txt);
        assert_eq!(document.text, "Beslut: godkänns\n");
    }

    #[test]
    fn over_large_input_is_refused_before_anything_else() {
        let limits = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        assert!(matches!(
            read_document(b"%PDF-1.7", &limits),
            Err(ImportError::TooLarge { size: 8, limit: 4 })
        ));
    }

    #[test]
    fn old_word_files_get_a_clear_error() {
        let bytes = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        let error = read_document(&bytes, &Limits::default()).unwrap_err();
        assert!(error.to_string().contains("DOCX"));
    }

    #[test]
    fn builder_numbers_hints_by_first_line_and_folds_blank_runs() {
        let mut builder = TextBuilder::default();
        builder.push_paragraph("", &[]);
        builder.push_paragraph("Rubrik", &[HintKind::Heading(1)]);
        builder.push_paragraph("", &[]);
        builder.push_paragraph(" ", &[]);
        builder.push_paragraph("rad ett\nrad två", &[HintKind::Bold]);
        let document = builder.finish(Format::Docx);
        assert_eq!(document.text, "Rubrik\n\nrad ett\nrad två\n");
        assert_eq!(
            document.hints,
            vec![
                LineHint {
                    line: 1,
                    kind: HintKind::Heading(1)
                },
                LineHint {
                    line: 3,
                    kind: HintKind::Bold
                },
            ]
        );
    }
}
