//! Page images (PNG, JPEG, TIFF), read through OCR. The size is read from
//! the header first, so that an image of absurd dimensions is refused
//! before anything decodes it.

use std::io::Write;

use crate::{Document, Format, ImportError, Limits, ocr, pages};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageKind {
    Png,
    Jpeg,
    Tiff,
}

impl ImageKind {
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(Self::Tiff)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Tiff => "TIFF",
        }
    }
}

pub(crate) fn read(
    bytes: &[u8],
    kind: ImageKind,
    limits: &Limits,
) -> Result<Document, ImportError> {
    check_dimensions(bytes, kind, limits)?;
    ocr::ensure_available(limits)?;
    let mut file = tempfile::Builder::new()
        .prefix("paragraf-image-")
        .tempfile()
        .and_then(|mut file| file.write_all(bytes).map(|()| file))
        .map_err(|error| ImportError::ToolFailed {
            program: ocr::TESSERACT.name,
            message: format!("cannot write a temporary file: {error}"),
        })?;
    file.flush().ok();
    let text = ocr::recognise(file.path(), limits)?;
    // Tesseract separates the pages of a multi-page TIFF by form feeds.
    let page_texts: Vec<&str> = text.split('\u{c}').collect();
    let text = pages::tidy(&page_texts);
    if text.trim().is_empty() {
        return Err(ImportError::NoText(kind.name()));
    }
    Ok(Document {
        format: Format::Image,
        text,
        hints: Vec::new(),
    })
}

/// Refuses images, or pages of a TIFF, over `limits.max_image_pixels`.
pub(crate) fn check_dimensions(
    bytes: &[u8],
    kind: ImageKind,
    limits: &Limits,
) -> Result<(), ImportError> {
    let sizes = match kind {
        ImageKind::Png => png_size(bytes).map(|size| vec![size]),
        ImageKind::Jpeg => jpeg_size(bytes).map(|size| vec![size]),
        ImageKind::Tiff => tiff_sizes(bytes),
    }
    .filter(|sizes| !sizes.is_empty())
    .ok_or(ImportError::CorruptImage {
        format: kind.name(),
    })?;
    for (width, height) in sizes {
        let (width, height) = (u64::from(width), u64::from(height));
        if width == 0 || height == 0 {
            return Err(ImportError::CorruptImage {
                format: kind.name(),
            });
        }
        if width * height > limits.max_image_pixels {
            return Err(ImportError::ImageTooLarge {
                width,
                height,
                limit: limits.max_image_pixels,
            });
        }
    }
    Ok(())
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// PNG: the IHDR chunk comes first, right after the signature.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((be_u32(bytes, 16)?, be_u32(bytes, 20)?))
}

/// JPEG: walk the marker segments to the first start-of-frame.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            // Fill bytes before a marker.
            0xFF => at += 1,
            // Markers without a length.
            0x01 | 0xD0..=0xD8 => at += 2,
            // Start of scan or end of image before any frame header.
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = be_u16(bytes, at + 5)?;
                let width = be_u16(bytes, at + 7)?;
                return Some((width.into(), height.into()));
            }
            _ => at += 2 + usize::from(be_u16(bytes, at + 2)?),
        }
    }
}

/// Most pages of a TIFF whose size is checked; a longer (or looping) chain
/// of image directories is treated as damage.
const MAX_TIFF_PAGES: usize = 1000;

/// TIFF: each page's image directory holds ImageWidth (256) and
/// ImageLength (257).
fn tiff_sizes(bytes: &[u8]) -> Option<Vec<(u32, u32)>> {
    let little_endian = bytes.starts_with(b"II");
    let u16_at = |at: usize| -> Option<u16> {
        let raw: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
        Some(if little_endian {
            u16::from_le_bytes(raw)
        } else {
            u16::from_be_bytes(raw)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let raw: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(if little_endian {
            u32::from_le_bytes(raw)
        } else {
            u32::from_be_bytes(raw)
        })
    };
    let mut sizes = Vec::new();
    let mut directory = usize::try_from(u32_at(4)?).ok()?;
    while directory != 0 {
        if sizes.len() == MAX_TIFF_PAGES {
            return None;
        }
        let entries = usize::from(u16_at(directory)?);
        let (mut width, mut height) = (None, None);
        for index in 0..entries {
            let entry = directory + 2 + index * 12;
            let value = match u16_at(entry + 2)? {
                3 => u32::from(u16_at(entry + 8)?),
                4 => u32_at(entry + 8)?,
                _ => continue,
            };
            match u16_at(entry)? {
                256 => width = Some(value),
                257 => height = Some(value),
                _ => {}
            }
        }
        sizes.push((width?, height?));
        directory = usize::try_from(u32_at(directory + 2 + entries * 12)?).ok()?;
    }
    Some(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn png_size_is_read_from_the_header() {
        assert_eq!(png_size(&png_header(2480, 3508)), Some((2480, 3508)));
        assert_eq!(png_size(b"\x89PNG\r\n\x1a\n"), None);
    }

    #[test]
    fn absurd_images_are_refused_before_ocr() {
        let error = check_dimensions(
            &png_header(100_000, 100_000),
            ImageKind::Png,
            &Limits::default(),
        )
        .unwrap_err();
        assert!(matches!(
            error,
            ImportError::ImageTooLarge {
                width: 100_000,
                height: 100_000,
                ..
            }
        ));
        assert!(matches!(
            check_dimensions(&png_header(0, 10), ImageKind::Png, &Limits::default()),
            Err(ImportError::CorruptImage { .. })
        ));
    }

    #[test]
    fn jpeg_size_skips_to_the_frame_header() {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46];
        bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x0D, 0xB4, 0x09, 0xB0, 0x03]);
        assert_eq!(jpeg_size(&bytes), Some((2480, 3508)));
        assert_eq!(jpeg_size(&[0xFF, 0xD8, 0xFF, 0xDA]), None);
    }

    #[test]
    fn tiff_sizes_follow_the_directory_chain() {
        // Little-endian, one directory at offset 8 with width and height.
        let mut bytes = b"II*\0\x08\0\0\0".to_vec();
        bytes.extend(2u16.to_le_bytes());
        for (tag, kind, value) in [(256u16, 3u16, 1700u32), (257, 4, 2200)] {
            bytes.extend(tag.to_le_bytes());
            bytes.extend(kind.to_le_bytes());
            bytes.extend(1u32.to_le_bytes());
            bytes.extend(value.to_le_bytes());
        }
        bytes.extend(0u32.to_le_bytes());
        assert_eq!(tiff_sizes(&bytes), Some(vec![(1700, 2200)]));

        // A directory that points to itself is damage, not an endless loop.
        let looping_next = bytes.len() - 4;
        bytes[looping_next..].copy_from_slice(&8u32.to_le_bytes());
        assert_eq!(tiff_sizes(&bytes), None);
    }
}
