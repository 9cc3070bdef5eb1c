//! Shared by the integration tests: the fixture minutes, builders for
//! DOCX, ODT and image-only PDF, and checks for external programs.

use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

pub fn formats_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/formats")
}

pub fn minutes_text() -> String {
    std::fs::read_to_string(formats_dir().join("minutes.txt"))
        .expect("fixtures/formats/minutes.txt")
}

/// The non-blank lines of a text with whitespace runs made single spaces.
pub fn normalised_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect()
}

/// Whether an external program runs; when not, says so, for a skipped test.
pub fn program_available(program: &str, arguments: &[&str]) -> bool {
    let runs = Command::new(program)
        .args(arguments)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !runs {
        eprintln!("skipped: `{program}` is not installed (scripts/setup.sh installs it)");
    }
    runs
}

/// Tesseract with the Swedish model, or a printed reason to skip.
pub fn ocr_available() -> bool {
    let Ok(output) = Command::new("tesseract").arg("--list-langs").output() else {
        eprintln!("skipped: `tesseract` is not installed (scripts/setup.sh installs it)");
        return false;
    };
    let listing = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    let has_swedish = listing.lines().any(|line| line.trim() == "swe");
    if !has_swedish {
        eprintln!("skipped: Tesseract has no Swedish model (apt-get install tesseract-ocr-swe)");
    }
    has_swedish
}

/// A ZIP archive of the given entries, deflated, with fixed timestamps so
/// that the same input gives the same bytes.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // ODF wants its `mimetype` first and stored.
        let method = if *name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// How the fixture minutes are formatted in the office formats: the first
/// line is a heading, `N. Title` lines are items of a numbered list whose
/// numbers the format itself supplies, `Beslut:` lines are bold.
pub enum MinutesLine<'a> {
    Heading(&'a str),
    NumberedItem(&'a str),
    Bold(&'a str),
    Plain(&'a str),
    Blank,
}

pub fn classify(text: &str) -> Vec<MinutesLine<'_>> {
    text.lines()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 {
                return MinutesLine::Heading(line);
            }
            if line.trim().is_empty() {
                return MinutesLine::Blank;
            }
            if let Some((number, title)) = line.split_once(". ")
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
            {
                return MinutesLine::NumberedItem(title);
            }
            if line.starts_with("Beslut:") {
                return MinutesLine::Bold(line);
            }
            MinutesLine::Plain(line)
        })
        .collect()
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub const DOCX_CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;

const DOCX_PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCX_DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

/// Styles as Swedish Word names them: `Rubrik1` is "heading 1". Body text
/// is 10 pt without spacing so that the minutes fit on one A4 page.
fn docx_styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"/><w:sz w:val="20"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style></w:styles>"#
    )
}

/// One decimal list, `1.`, `2.`, …
pub fn docx_numbering(format: &str, text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
    )
}

fn docx_run(text: &str, bold: bool) -> String {
    let properties = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        r#"<w:r>{properties}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

/// A DOCX of the given body XML, with the standard parts.
pub fn docx_with_body(body: &str, numbering: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/></w:sectPr></w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", DOCX_CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", DOCX_PACKAGE_RELS.as_bytes()),
        (
            "word/_rels/document.xml.rels",
            DOCX_DOCUMENT_RELS.as_bytes(),
        ),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", docx_styles().as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
    ])
}

/// The fixture minutes as a DOCX.
pub fn minutes_docx(text: &str) -> Vec<u8> {
    let body: String = classify(text)
        .into_iter()
        .map(|line| match line {
            MinutesLine::Heading(title) => format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Rubrik1"/></w:pPr>{}</w:p>"#,
                docx_run(title, false)
            ),
            MinutesLine::NumberedItem(title) => format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
                docx_run(title, false)
            ),
            MinutesLine::Bold(line) => format!("<w:p>{}</w:p>", docx_run(line, true)),
            MinutesLine::Plain(line) => format!("<w:p>{}</w:p>", docx_run(line, false)),
            MinutesLine::Blank => "<w:p/>".to_owned(),
        })
        .collect();
    docx_with_body(&body, &docx_numbering("decimal", "%1."))
}

const ODF_NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3""#;

const ODF_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// An ODT of the given automatic styles and body XML.
pub fn odt_with_body(automatic_styles: &str, body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODF_NAMESPACES}><office:automatic-styles>{automatic_styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", ODF_MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// A bold text style and a decimal list style `L1` (`1.`, then `a)`).
pub const ODT_STYLES: &str = r#"<style:style style:name="Fet" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/><text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/></text:list-style><text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>"#;

/// The fixture minutes as an ODT.
pub fn minutes_odt(text: &str) -> Vec<u8> {
    let mut first_item = true;
    let body: String = classify(text)
        .into_iter()
        .map(|line| match line {
            MinutesLine::Heading(title) => format!(
                r#"<text:h text:outline-level="1">{}</text:h>"#,
                escape(title)
            ),
            MinutesLine::NumberedItem(title) => {
                // One list per item, each continuing the numbering, as
                // LibreOffice writes items with body text between them.
                let continues = if first_item {
                    ""
                } else {
                    r#" text:continue-numbering="true""#
                };
                first_item = false;
                format!(
                    r#"<text:list text:style-name="L1"{continues}><text:list-item><text:p>{}</text:p></text:list-item></text:list>"#,
                    escape(title)
                )
            }
            MinutesLine::Bold(line) => format!(
                r#"<text:p><text:span text:style-name="Fet">{}</text:span></text:p>"#,
                escape(line)
            ),
            MinutesLine::Plain(line) => format!("<text:p>{}</text:p>", escape(line)),
            MinutesLine::Blank => "<text:p/>".to_owned(),
        })
        .collect();
    odt_with_body(ODT_STYLES, &body)
}

/// A one-page PDF holding nothing but the given 8-bit grey or RGB PNG,
/// drawn over the whole A4 page: what a scanner makes. PDF's Flate filter
/// takes PNG's compressed rows as they are (predictor 15).
pub fn scanned_pdf_from_png(png: &[u8]) -> Vec<u8> {
    let be_u32 = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    let (width, height) = (be_u32(16), be_u32(20));
    let (colors, color_space) = match (png[24], png[25], png[28]) {
        (8, 0, 0) => (1, "DeviceGray"),
        (8, 2, 0) => (3, "DeviceRGB"),
        other => panic!("an 8-bit grey or RGB PNG without interlacing, not {other:?}"),
    };
    let mut data = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = be_u32(at) as usize;
        if &png[at + 4..at + 8] == b"IDAT" {
            data.extend_from_slice(&png[at + 8..at + 8 + length]);
        }
        at += 12 + length;
    }
    let content = b"q 595 0 0 842 0 0 cm /Scan Do Q".to_vec();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Scan 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        [
            format!(
                "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /{color_space} /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors {colors} /BitsPerComponent 8 /Columns {width} >> /Length {} >>\nstream\n",
                data.len()
            )
            .into_bytes(),
            data,
            b"\nendstream".to_vec(),
        ]
        .concat(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(),
            content,
            b"\nendstream".to_vec(),
        ]
        .concat(),
    ];
    pdf_of(&objects)
}

/// A one-page A4 PDF with nothing on the page.
pub fn blank_pdf() -> Vec<u8> {
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
    ])
}

/// A PDF of the given objects, numbered from 1, the first the catalog.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", index + 1).bytes());
        pdf.extend(object);
        pdf.extend(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

/// Rewrites the uncompressed size that a ZIP's local and central headers
/// declare for `name`, as a zip bomb does to slip past size checks.
pub fn declare_size(mut zip: Vec<u8>, name: &str, size: u32) -> Vec<u8> {
    // (signature, offset of the name length, offset of the name, offset of
    // the uncompressed size) for local and central directory headers.
    let headers: [(&[u8], usize, usize, usize); 2] =
        [(b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)];
    for (signature, name_length_at, name_at, size_at) in headers {
        let mut at = 0;
        while let Some(found) = zip[at..].windows(4).position(|window| window == signature) {
            let start = at + found;
            let name_length =
                u16::from_le_bytes([zip[start + name_length_at], zip[start + name_length_at + 1]]);
            let stored_name = &zip[start + name_at..start + name_at + usize::from(name_length)];
            if stored_name == name.as_bytes() {
                zip[start + size_at..start + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            at = start + 4;
        }
    }
    zip
}

/// A DOCX whose document part unpacks to `size` bytes of XML.
pub fn docx_unpacking_to(size: usize) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer.write_all(DOCX_CONTENT_TYPES.as_bytes()).unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    let opening = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#);
    writer.write_all(opening.as_bytes()).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut written = opening.len();
    while written < size {
        let part = chunk.len().min(size - written);
        writer.write_all(&chunk[..part]).unwrap();
        written += part;
    }
    writer
        .write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    writer.finish().unwrap().into_inner()
}
