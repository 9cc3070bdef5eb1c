//! The fixture minutes in every format read back as the same lines.
//! `fixtures/formats/README.md` says how the files were made.

use std::process::Command;

use paragraf_import::{Format, HintKind, Limits, LineHint, read_document};

use crate::support::{
    formats_dir, minutes_docx, minutes_odt, minutes_text, normalised_lines, ocr_available,
    program_available, scanned_pdf_from_png,
};

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(formats_dir().join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn assert_same_lines(format: Format, bytes: &[u8]) {
    let document = read_document(bytes, &Limits::default()).expect("the document reads");
    assert_eq!(document.format, format);
    assert_eq!(
        normalised_lines(&document.text),
        normalised_lines(&minutes_text()),
        "{format:?} text:\n{}",
        document.text
    );
}

/// OCR gets most lines exactly right; the rest differ by a letter or two.
fn assert_mostly_same_lines(format: Format, bytes: &[u8]) {
    let document = read_document(bytes, &Limits::default()).expect("the document reads");
    assert_eq!(document.format, format);
    let read = normalised_lines(&document.text);
    let expected = normalised_lines(&minutes_text());
    let missing: Vec<&String> = expected
        .iter()
        .filter(|line| !read.contains(line))
        .collect();
    eprintln!(
        "{format:?}: {} of {} lines differ: {missing:#?}",
        missing.len(),
        expected.len()
    );
    assert!(
        missing.len() * 10 <= expected.len(),
        "OCR text:\n{}",
        document.text
    );
}

#[test]
fn text() {
    assert_same_lines(Format::Txt, &read_fixture("minutes.txt"));
}

#[test]
fn docx_generated_and_committed() {
    assert_same_lines(Format::Docx, &minutes_docx(&minutes_text()));
    assert_same_lines(Format::Docx, &read_fixture("minutes.docx"));
}

#[test]
fn odt_generated_and_committed() {
    assert_same_lines(Format::Odt, &minutes_odt(&minutes_text()));
    assert_same_lines(Format::Odt, &read_fixture("minutes.odt"));
}

#[test]
fn office_files_written_by_libreoffice() {
    assert_same_lines(Format::Docx, &read_fixture("minutes.libreoffice.docx"));
    assert_same_lines(Format::Odt, &read_fixture("minutes.libreoffice.odt"));
}

#[test]
fn office_formats_give_the_same_hints() {
    let files = [
        minutes_docx(&minutes_text()),
        minutes_odt(&minutes_text()),
        read_fixture("minutes.libreoffice.docx"),
        read_fixture("minutes.libreoffice.odt"),
    ];
    for bytes in files {
        let document = read_document(&bytes, &Limits::default()).unwrap();
        let lines: Vec<&str> = document.text.lines().collect();
        let hinted = |kind: HintKind| -> Vec<&str> {
            document
                .hints
                .iter()
                .filter(|hint| hint.kind == kind)
                .map(|&LineHint { line, .. }| lines[line - 1])
                .collect()
        };
        assert_eq!(
            hinted(HintKind::Heading(1)),
            ["Minnesanteckningar ledningsgruppen"]
        );
        let items = hinted(HintKind::NumberedItem);
        assert_eq!(items.len(), 8);
        assert_eq!(items[0], "1. Mötets öppnande");
        assert_eq!(items[7], "8. Mötets avslutande");
        // The DOCX heading style is bold as well.
        let bold_body: Vec<&str> = hinted(HintKind::Bold)
            .into_iter()
            .filter(|line| !line.starts_with("Minnesanteckningar"))
            .collect();
        assert_eq!(bold_body.len(), 2);
        assert!(bold_body.iter().all(|line| line.starts_with("Beslut:")));
    }
}

#[test]
fn pdf_rendered_by_libreoffice() {
    if program_available("pdftotext", &["-v"]) {
        assert_same_lines(Format::Pdf, &read_fixture("minutes.pdf"));
    }
}

/// The PDF's page as a 300 dpi greyscale PNG, what a scanner gives.
fn rendered_page() -> Vec<u8> {
    let workspace = tempfile::tempdir().unwrap();
    let stem = workspace.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png", "-singlefile"])
        .arg(formats_dir().join("minutes.pdf"))
        .arg(&stem)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    std::fs::read(stem.with_extension("png")).unwrap()
}

#[test]
fn page_image_through_ocr() {
    if ocr_available() && program_available("pdftoppm", &["-v"]) {
        assert_mostly_same_lines(Format::Image, &rendered_page());
    }
}

#[test]
fn scanned_pdf_through_ocr() {
    if ocr_available() && program_available("pdftoppm", &["-v"]) {
        assert_mostly_same_lines(Format::Pdf, &scanned_pdf_from_png(&rendered_page()));
    }
}

/// Writes `minutes.docx` and `minutes.odt`; run by
/// `fixtures/formats/make.sh`, which then renders the PDF.
#[test]
#[ignore = "writes the fixture files; run by fixtures/formats/make.sh"]
fn write_office_fixtures() {
    let text = minutes_text();
    std::fs::write(formats_dir().join("minutes.docx"), minutes_docx(&text)).unwrap();
    std::fs::write(formats_dir().join("minutes.odt"), minutes_odt(&text)).unwrap();
}
