//! PDF through poppler-utils: `pdftotext -layout` for the text layer (see
//! [`crate::pages`] for why layout mode and what is done to its output),
//! and for scanned pages `pdftoppm` to render them and Tesseract to read
//! them.
//!
//! A page is scanned when its text layer holds almost nothing and an image
//! covers at least half of it; a PDF without any text is rendered and read
//! whole (text drawn as curves looks like that too).

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::tool::{self, Program};
use crate::{Document, Format, ImportError, Limits, ocr, pages};

const POPPLER: &str = "poppler-utils";
const PDFTOTEXT: Program = Program {
    name: "pdftotext",
    needed_for: "reading PDF",
    packages: POPPLER,
};
const PDFINFO: Program = Program {
    name: "pdfinfo",
    needed_for: "reading scanned PDF",
    packages: POPPLER,
};
const PDFIMAGES: Program = Program {
    name: "pdfimages",
    needed_for: "reading PDF",
    packages: POPPLER,
};
const PDFTOPPM: Program = Program {
    name: "pdftoppm",
    needed_for: "reading scanned PDF",
    packages: POPPLER,
};

/// Fewer visible characters than this, and a page's text layer is taken
/// to be empty (a stamped page number at most).
const MIN_PAGE_CHARACTERS: usize = 20;
/// Resolution for OCR, as Tesseract likes it; lowered for pages so large
/// that 300 dpi would exceed `Limits::max_image_pixels`.
const OCR_DPI: f64 = 300.0;
const POINTS_PER_INCH: f64 = 72.0;

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Document, ImportError> {
    let workspace = tempfile::Builder::new()
        .prefix("paragraf-pdf-")
        .tempdir()
        .map_err(|error| temp_error(&PDFTOTEXT, &error))?;
    let input = workspace.path().join("input.pdf");
    fs::write(&input, bytes).map_err(|error| temp_error(&PDFTOTEXT, &error))?;

    let mut command = PDFTOTEXT.command();
    command
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&input)
        .arg("-");
    let output = tool::run(&PDFTOTEXT, command, limits)?;
    if !output.status.success() {
        let message = output.stderr_line();
        return Err(if message.contains("Incorrect password") {
            ImportError::EncryptedPdf
        } else {
            ImportError::CorruptPdf(message)
        });
    }
    let text = String::from_utf8_lossy(&output.stdout);
    // Every page ends with a form feed.
    let mut page_texts: Vec<String> = text
        .strip_suffix('\u{c}')
        .unwrap_or(&text)
        .split('\u{c}')
        .map(str::to_owned)
        .collect();

    let nearly_empty: Vec<usize> = (0..page_texts.len())
        .filter(|&index| visible_characters(&page_texts[index]) < MIN_PAGE_CHARACTERS)
        .collect();
    if !nearly_empty.is_empty() {
        let sizes = page_sizes(&input, limits)?;
        let scanned: Vec<usize> = if nearly_empty.len() == page_texts.len() {
            nearly_empty
        } else {
            let covered = pages_covered_by_images(&input, &sizes, limits)?;
            nearly_empty
                .into_iter()
                .filter(|index| covered.contains(&(index + 1)))
                .collect()
        };
        if scanned.len() > limits.max_ocr_pages {
            return Err(ImportError::TooManyScannedPages {
                pages: scanned.len(),
                limit: limits.max_ocr_pages,
            });
        }
        if !scanned.is_empty() {
            ocr::ensure_available(limits)?;
        }
        for index in scanned {
            let size = sizes.get(&(index + 1)).copied().unwrap_or((595.0, 842.0));
            page_texts[index] = ocr_page(&input, workspace.path(), index + 1, size, limits)?;
        }
    }
    let page_texts: Vec<&str> = page_texts.iter().map(String::as_str).collect();
    let text = pages::tidy(&page_texts);
    if text.trim().is_empty() {
        return Err(ImportError::NoText("PDF"));
    }
    Ok(Document {
        format: Format::Pdf,
        text,
        hints: Vec::new(),
    })
}

fn temp_error(program: &Program, error: &std::io::Error) -> ImportError {
    ImportError::ToolFailed {
        program: program.name,
        message: format!("cannot write a temporary file: {error}"),
    }
}

fn visible_characters(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Runs a poppler program that must succeed; its stdout as text.
fn run_poppler(
    program: &Program,
    command: std::process::Command,
    limits: &Limits,
) -> Result<String, ImportError> {
    let output = tool::run(program, command, limits)?;
    if !output.status.success() {
        return Err(ImportError::CorruptPdf(output.stderr_line()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Width and height in points of each page, by 1-based page number.
fn page_sizes(input: &Path, limits: &Limits) -> Result<HashMap<usize, (f64, f64)>, ImportError> {
    let mut command = PDFINFO.command();
    // A last page past the end is clamped to the real page count.
    command.args(["-f", "1", "-l", "1000000"]).arg(input);
    let info = run_poppler(&PDFINFO, command, limits)?;
    Ok(info.lines().filter_map(parse_page_size).collect())
}

/// `Page    1 size:  595.22 x 842 pts (A4)` → `(1, (595.22, 842.0))`.
fn parse_page_size(line: &str) -> Option<(usize, (f64, f64))> {
    let rest = line.strip_prefix("Page")?;
    let (number, size) = rest.split_once("size:")?;
    let mut words = size.split_whitespace();
    let width = words.next()?.parse().ok()?;
    let _times = words.next()?;
    let height = words.next()?.parse().ok()?;
    Some((number.trim().parse().ok()?, (width, height)))
}

/// The pages (1-based) that an image covers at least half of: scans.
fn pages_covered_by_images(
    input: &Path,
    sizes: &HashMap<usize, (f64, f64)>,
    limits: &Limits,
) -> Result<Vec<usize>, ImportError> {
    let mut command = PDFIMAGES.command();
    command.arg("-list").arg(input);
    let listing = run_poppler(&PDFIMAGES, command, limits)?;
    Ok(listing
        .lines()
        .filter_map(|line| image_coverage(line, sizes))
        .filter(|&(_, coverage)| coverage >= 0.5)
        .map(|(page, _)| page)
        .collect())
}

/// From a `pdfimages -list` row, the page and the share of it the image
/// covers at its stated resolution.
fn image_coverage(line: &str, sizes: &HashMap<usize, (f64, f64)>) -> Option<(usize, f64)> {
    let columns: Vec<&str> = line.split_whitespace().collect();
    if columns.get(2) != Some(&"image") {
        return None;
    }
    let page: usize = columns.first()?.parse().ok()?;
    let number = |index: usize| -> Option<f64> { columns.get(index)?.parse().ok() };
    let (width, height, x_ppi, y_ppi) = (number(3)?, number(4)?, number(12)?, number(13)?);
    if x_ppi <= 0.0 || y_ppi <= 0.0 {
        return None;
    }
    let (page_width, page_height) = sizes.get(&page)?;
    let image_area = (width / x_ppi) * (height / y_ppi);
    let page_area = (page_width / POINTS_PER_INCH) * (page_height / POINTS_PER_INCH);
    (page_area > 0.0).then(|| (page, image_area / page_area))
}

/// Renders one page and reads it with Tesseract.
fn ocr_page(
    input: &Path,
    workspace: &Path,
    page: usize,
    (width, height): (f64, f64),
    limits: &Limits,
) -> Result<String, ImportError> {
    let square_inches = (width / POINTS_PER_INCH) * (height / POINTS_PER_INCH);
    let dpi = if square_inches > 0.0 {
        let fitting = (limits.max_image_pixels as f64 / square_inches).sqrt();
        OCR_DPI.min(fitting).floor().max(1.0)
    } else {
        OCR_DPI
    };
    let stem = workspace.join(format!("page-{page}"));
    let page = page.to_string();
    let mut command = PDFTOPPM.command();
    command
        .args(["-r", &format!("{dpi}"), "-f", &page, "-l", &page])
        .args(["-gray", "-png", "-singlefile"])
        .arg(input)
        .arg(&stem);
    run_poppler(&PDFTOPPM, command, limits)?;
    let image = stem.with_extension("png");
    let text = ocr::recognise(&image, limits);
    // Rendered pages are large; do not keep them until the whole PDF is read.
    let _ = fs::remove_file(&image);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_are_parsed() {
        assert_eq!(
            parse_page_size("Page    1 size:  595.22 x 842 pts (A4)"),
            Some((1, (595.22, 842.0)))
        );
        assert_eq!(parse_page_size("Pages:           14"), None);
        assert_eq!(parse_page_size("Page size:       595 x 842 pts"), None);
    }

    #[test]
    fn image_coverage_tells_scans_from_logos() {
        let sizes = HashMap::from([(1, (595.0, 842.0))]);
        let scan = "   1     0 image    2480  3508  gray    1   8  jpeg   no        10  0   300   300  500K 5.9%";
        let logo = "   1     0 image     123   172  icc     3   8  jpeg   no        95  0   150   150 5817B 9.2%";
        let mask = "   1     2 mask      797     9  -       1   1  image  no       101  0   200   225   26B 2.9%";
        assert!(image_coverage(scan, &sizes).unwrap().1 > 0.9);
        assert!(image_coverage(logo, &sizes).unwrap().1 < 0.05);
        assert_eq!(image_coverage(mask, &sizes), None);
        assert_eq!(image_coverage("page   num  type   width", &sizes), None);
    }
}
