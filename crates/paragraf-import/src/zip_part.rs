//! The ZIP container of DOCX and ODT, opened with bounds: the number of
//! entries is checked in the end-of-central-directory record before the
//! directory is read, and each part is read against both its declared and
//! its actual decompressed size, with a cap on the total.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::{ImportError, Limits};

/// Which office format the archive holds.
#[derive(Debug)]
pub(crate) enum OfficeKind {
    /// WordprocessingML, with the path of its main document part.
    Docx {
        main_part: String,
    },
    Odt,
    /// Some other archive, described for the error message.
    Other(String),
}

pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    limits: Limits,
    unpacked: u64,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, ImportError> {
        if let Some(count) = declared_entry_count(bytes)
            && count > limits.max_archive_entries as u64
        {
            return Err(ImportError::TooManyEntries {
                count,
                limit: limits.max_archive_entries,
            });
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|error| corrupt("ZIP", &error))?;
        // A ZIP64 archive may hide its count from the quick check above.
        if zip.len() > limits.max_archive_entries {
            return Err(ImportError::TooManyEntries {
                count: zip.len() as u64,
                limit: limits.max_archive_entries,
            });
        }
        Ok(Self {
            zip,
            format: "ZIP",
            limits: *limits,
            unpacked: 0,
        })
    }

    /// Decides between DOCX and ODT by the parts that name the content.
    pub fn office_kind(&mut self) -> Result<OfficeKind, ImportError> {
        if self.contains("mimetype") {
            let mimetype = self.read_text("mimetype")?;
            let mimetype = mimetype.trim();
            return Ok(
                if mimetype.starts_with("application/vnd.oasis.opendocument.text") {
                    self.format = "ODT";
                    OfficeKind::Odt
                } else {
                    OfficeKind::Other(format!("an archive of type {mimetype}, not ODT text"))
                },
            );
        }
        if self.contains("[Content_Types].xml") {
            let types = self.read_text("[Content_Types].xml")?;
            return Ok(match docx_main_part(&types) {
                Some(main_part) => {
                    self.format = "DOCX";
                    OfficeKind::Docx { main_part }
                }
                None => {
                    OfficeKind::Other("an Office archive that is not a Word document (DOCX)".into())
                }
            });
        }
        Ok(OfficeKind::Other(
            "a ZIP archive that is neither DOCX nor ODT".into(),
        ))
    }

    pub fn format(&self) -> &'static str {
        self.format
    }

    pub fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Reads a part as UTF-8 text (XML parts are UTF-8 in both formats).
    pub fn read_text(&mut self, name: &str) -> Result<String, ImportError> {
        let bytes = self.read(name)?;
        String::from_utf8(bytes).map_err(|_| ImportError::CorruptDocument {
            format: self.format,
            reason: format!("{name} is not UTF-8"),
        })
    }

    /// Reads a part if the archive has it.
    pub fn read_text_if_present(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        if self.contains(name) {
            self.read_text(name).map(Some)
        } else {
            Ok(None)
        }
    }

    fn read(&mut self, name: &str) -> Result<Vec<u8>, ImportError> {
        let format = self.format;
        let part_limit = self.limits.max_part_bytes;
        let total_limit = self.limits.max_unpacked_bytes;
        let remaining = total_limit.saturating_sub(self.unpacked);
        let mut file = self.zip.by_name(name).map_err(|error| match error {
            ZipError::UnsupportedArchive(reason) if reason.contains("ncrypt") => {
                ImportError::EncryptedDocument { format }
            }
            _ => corrupt(format, &error),
        })?;
        if file.encrypted() {
            return Err(ImportError::EncryptedDocument { format });
        }
        let too_large = |declared_or_actual: u64| {
            if declared_or_actual > part_limit {
                Some(ImportError::PartTooLarge {
                    part: name.to_owned(),
                    limit: part_limit,
                })
            } else if declared_or_actual > remaining {
                Some(ImportError::UnpackedTooLarge { limit: total_limit })
            } else {
                None
            }
        };
        if let Some(error) = too_large(file.size()) {
            return Err(error);
        }
        // The declared size can lie: read one byte past what is allowed to
        // find out, never more.
        let allowed = part_limit.min(remaining);
        let mut bytes = Vec::with_capacity(file.size().min(allowed) as usize);
        (&mut file)
            .take(allowed + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| corrupt(format, &error))?;
        if let Some(error) = too_large(bytes.len() as u64) {
            return Err(error);
        }
        self.unpacked += bytes.len() as u64;
        Ok(bytes)
    }
}

fn corrupt(format: &'static str, error: &dyn std::fmt::Display) -> ImportError {
    ImportError::CorruptDocument {
        format,
        reason: error.to_string().lines().next().unwrap_or("").to_owned(),
    }
}

/// The entry count of the end-of-central-directory record, which sits in
/// the last 64 KiB + 22 bytes; `None` when it is not found or says that a
/// ZIP64 record holds the real count.
fn declared_entry_count(bytes: &[u8]) -> Option<u64> {
    const SIGNATURE: &[u8] = b"PK\x05\x06";
    const RECORD: usize = 22;
    let search_from = bytes.len().saturating_sub(RECORD + usize::from(u16::MAX));
    let tail = &bytes[search_from..];
    let at = tail
        .windows(SIGNATURE.len())
        .rposition(|window| window == SIGNATURE)?;
    let count = u16::from_le_bytes(tail.get(at + 10..at + 12)?.try_into().ok()?);
    (count != u16::MAX).then_some(u64::from(count))
}

/// The main document part named in `[Content_Types].xml`.
fn docx_main_part(content_types: &str) -> Option<String> {
    // WordprocessingML documents, templates and macro-enabled variants all
    // name their main part with a content type ending in `main+xml`.
    crate::xml::elements(content_types, "Override")
        .into_iter()
        .find(|attributes| {
            attributes.get("ContentType").is_some_and(|content_type| {
                (content_type.contains("wordprocessingml") || content_type.contains("ms-word"))
                    && content_type.ends_with("main+xml")
            })
        })
        .and_then(|attributes| attributes.get("PartName").cloned())
        .map(|part| part.trim_start_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_main_part_comes_from_the_content_types() {
        let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        assert_eq!(docx_main_part(types).as_deref(), Some("word/document.xml"));
        let workbook = r#"<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        assert_eq!(docx_main_part(workbook), None);
    }

    #[test]
    fn the_entry_count_is_read_from_the_end_record() {
        let mut record = b"junkPK\x05\x06".to_vec();
        record.extend([0, 0, 0, 0, 0x10, 0x27, 0x10, 0x27]);
        record.extend([0; 10]);
        assert_eq!(declared_entry_count(&record), Some(10_000));
        assert_eq!(declared_entry_count(b"PK\x03\x04"), None);
    }
}
