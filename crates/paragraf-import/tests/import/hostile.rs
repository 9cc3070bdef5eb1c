//! Hostile and broken input: a clear one-line error, bounded memory, no
//! panic.

use std::process::Command;

use paragraf_import::{ImportError, Limits, read_document};
use proptest::prelude::*;

use crate::support::{
    ODT_STYLES, blank_pdf, declare_size, docx_numbering, docx_unpacking_to, docx_with_body,
    formats_dir, minutes_docx, minutes_odt, minutes_text, ocr_available, odt_with_body,
    program_available, zip_of,
};

fn refused(bytes: &[u8], limits: &Limits) -> ImportError {
    let error = read_document(bytes, limits).expect_err("the input is refused");
    let message = error.to_string();
    assert!(!message.contains('\n'), "one line: {message}");
    eprintln!("paragraf: FILE: {message}");
    error
}

const MIB: usize = 1 << 20;

fn small_archive_limits() -> Limits {
    Limits {
        max_part_bytes: MIB as u64,
        max_unpacked_bytes: 3 * MIB as u64 / 2,
        ..Limits::default()
    }
}

#[test]
fn a_part_declared_too_large_is_refused_before_unpacking() {
    let error = refused(&docx_unpacking_to(2 * MIB), &small_archive_limits());
    assert!(
        matches!(error, ImportError::PartTooLarge { ref part, .. } if part == "word/document.xml")
    );
}

#[test]
fn a_part_that_lies_about_its_size_is_cut_off() {
    let bomb = declare_size(docx_unpacking_to(2 * MIB), "word/document.xml", 1000);
    let error = refused(&bomb, &small_archive_limits());
    assert!(
        matches!(
            error,
            ImportError::PartTooLarge { .. } | ImportError::CorruptDocument { .. }
        ),
        "{error:?}"
    );
}

#[test]
fn the_total_unpacked_size_is_capped() {
    let big_styles = format!("<w:styles>{}</w:styles>", " ".repeat(900 * 1024));
    let document = zip_of(&[
        (
            "[Content_Types].xml",
            crate::support::DOCX_CONTENT_TYPES.as_bytes(),
        ),
        ("word/document.xml", big_styles.as_bytes()),
        ("word/styles.xml", big_styles.as_bytes()),
    ]);
    let error = refused(&document, &small_archive_limits());
    assert!(
        matches!(error, ImportError::UnpackedTooLarge { .. }),
        "{error:?}"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..300).map(|index| format!("part{index}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|name| (name.as_str(), &b""[..])).collect();
    let limits = Limits {
        max_archive_entries: 100,
        ..Limits::default()
    };
    let error = refused(&zip_of(&entries), &limits);
    assert!(matches!(
        error,
        ImportError::TooManyEntries {
            count: 300,
            limit: 100
        }
    ));
}

#[test]
fn other_archives_are_unsupported() {
    assert!(matches!(
        refused(&zip_of(&[("notes.txt", b"hej")]), &Limits::default()),
        ImportError::Unsupported(_)
    ));
    let spreadsheet = zip_of(&[(
        "mimetype",
        b"application/vnd.oasis.opendocument.spreadsheet",
    )]);
    assert!(matches!(
        refused(&spreadsheet, &Limits::default()),
        ImportError::Unsupported(_)
    ));
}

#[test]
fn broken_xml_is_a_damaged_document() {
    let broken = zip_of(&[
        (
            "[Content_Types].xml",
            crate::support::DOCX_CONTENT_TYPES.as_bytes(),
        ),
        ("word/document.xml", b"<w:document><w:body><w:p></w:body>"),
    ]);
    assert!(matches!(
        refused(&broken, &Limits::default()),
        ImportError::CorruptDocument { format: "DOCX", .. }
    ));
    let missing_part = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
    assert!(matches!(
        refused(&missing_part, &Limits::default()),
        ImportError::CorruptDocument { format: "ODT", .. }
    ));
}

#[test]
fn deeply_nested_xml_is_read_in_linear_time() {
    const DEPTH: usize = 100_000;
    let started = std::time::Instant::now();
    let docx_body = format!(
        "{}<w:p><w:r><w:t>djupt</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(DEPTH),
        "</w:sdtContent></w:sdt>".repeat(DEPTH)
    );
    let docx = docx_with_body(&docx_body, &docx_numbering("decimal", "%1."));
    assert_eq!(
        read_document(&docx, &Limits::default()).unwrap().text,
        "djupt\n"
    );
    let odt_body = format!(
        "<text:p>{}djupt{}</text:p>",
        r#"<text:span text:style-name="Fet">x"#.repeat(DEPTH),
        "</text:span>".repeat(DEPTH)
    );
    let odt = read_document(&odt_with_body(ODT_STYLES, &odt_body), &Limits::default()).unwrap();
    assert_eq!(odt.text.len(), DEPTH + "djupt\n".len());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn absurd_image_dimensions_are_refused_before_ocr() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(100_000u32.to_be_bytes());
    png.extend(100_000u32.to_be_bytes());
    png.extend([8, 0, 0, 0, 0]);
    assert!(matches!(
        refused(&png, &Limits::default()),
        ImportError::ImageTooLarge { .. }
    ));
}

#[test]
fn over_large_files_are_refused() {
    let limits = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        refused(&minutes_docx(&minutes_text()), &limits),
        ImportError::TooLarge { .. }
    ));
}

#[test]
fn encrypted_and_corrupt_pdfs_are_refused() {
    if !program_available("pdftotext", &["-v"]) {
        return;
    }
    let encrypted = std::fs::read(formats_dir().join("encrypted.pdf")).unwrap();
    assert!(matches!(
        refused(&encrypted, &Limits::default()),
        ImportError::EncryptedPdf
    ));
    assert!(matches!(
        refused(b"%PDF-1.4\nnot really a PDF\n", &Limits::default()),
        ImportError::CorruptPdf(_)
    ));
    // A truncated PDF is either recovered by poppler or refused cleanly.
    let pdf = std::fs::read(formats_dir().join("minutes.pdf")).unwrap();
    if let Err(error) = read_document(&pdf[..pdf.len() / 2], &Limits::default()) {
        assert!(!error.to_string().contains('\n'));
    }
}

#[test]
fn a_pdf_without_text_says_so() {
    if ocr_available() && program_available("pdftoppm", &["-v"]) {
        assert!(matches!(
            refused(&blank_pdf(), &Limits::default()),
            ImportError::NoText("PDF")
        ));
    }
}

/// The hostile archives whose peak memory is measured, each read in a
/// process of its own (the peak is per process).
const MEMORY_CASES: [&str; 3] = ["lying-bomb", "honest-bomb", "part-at-limit"];

/// Peak resident memory of reading each of [`MEMORY_CASES`].
#[test]
fn zip_bomb_memory_stays_bounded() {
    for case in MEMORY_CASES {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "hostile::zip_bomb_child",
                "--ignored",
                "--nocapture",
            ])
            .env("PARAGRAF_ZIP_BOMB_CHILD", case)
            .output()
            .expect("the test binary runs");
        let output = String::from_utf8_lossy(&child.stdout).into_owned();
        let peak_kib: u64 = output
            .lines()
            .find_map(|line| line.strip_prefix("peak resident memory KiB: "))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("no measurement in:\n{output}"));
        eprintln!("{case}: {output}");
        let bound_mib = if case == "part-at-limit" { 512 } else { 64 };
        assert!(peak_kib < bound_mib * 1024, "{case}: peak {peak_kib} KiB");
    }
}

#[test]
#[ignore = "run by zip_bomb_memory_stays_bounded in a process of its own"]
fn zip_bomb_child() {
    let Some(case) = std::env::var_os("PARAGRAF_ZIP_BOMB_CHILD") else {
        return;
    };
    let limits = Limits::default();
    let (archive, description) = match case.to_str() {
        Some("lying-bomb") => (
            declare_size(docx_unpacking_to(1 << 30), "word/document.xml", 1000),
            "document part unpacks to 1 GiB, declares 1000 bytes",
        ),
        Some("honest-bomb") => (
            docx_unpacking_to(1 << 30),
            "document part unpacks to 1 GiB and says so",
        ),
        _ => (
            docx_unpacking_to(limits.max_part_bytes as usize - 1024),
            "document part just under the part limit, one paragraph",
        ),
    };
    let before = peak_resident_kib();
    let outcome = match read_document(&archive, &limits) {
        Ok(document) => format!("read, {} bytes of text", document.text.len()),
        Err(error) => format!("refused: {error}"),
    };
    println!("{description}; {} bytes packed", archive.len());
    println!("{outcome}");
    println!("peak resident memory KiB before reading: {before}");
    println!("peak resident memory KiB: {}", peak_resident_kib());
}

fn peak_resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Magic numbers that send bytes to each reader.
const PREFIXES: [&[u8]; 8] = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF",
    b"II*\0",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"\xEF\xBB\xBF",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in proptest::sample::select(&PREFIXES[..]),
        tail in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let bytes = [prefix, tail.as_slice()].concat();
        let _ = read_document(&bytes, &Limits::default());
    }

    #[test]
    fn damaged_office_files_never_panic(
        odt in any::<bool>(),
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16),
    ) {
        let text = minutes_text();
        let mut bytes = if odt { minutes_odt(&text) } else { minutes_docx(&text) };
        for (index, value) in damage {
            let at = index.index(bytes.len());
            bytes[at] = value;
        }
        if let Err(error) = read_document(&bytes, &Limits::default()) {
            prop_assert!(!error.to_string().contains('\n'));
        }
    }
}
