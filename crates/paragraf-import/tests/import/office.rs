//! DOCX and ODT structure: tables, text boxes, lists, breaks and what is
//! left out.

use paragraf_import::{Document, Format, HintKind, Limits, LineHint, read_document};

use crate::support::{ODT_STYLES, docx_numbering, docx_with_body, odt_with_body};

fn read(bytes: &[u8]) -> Document {
    read_document(bytes, &Limits::default()).expect("the document reads")
}

fn hint(line: usize, kind: HintKind) -> LineHint {
    LineHint { line, kind }
}

fn paragraph(content: &str) -> String {
    format!("<w:p>{content}</w:p>")
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn list_paragraph(number_id: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{number_id}"/></w:numPr></w:pPr>{}</w:p>"#,
        run(text)
    )
}

fn docx(body: &str) -> Document {
    let document = read(&docx_with_body(body, &docx_numbering("decimal", "%1.")));
    assert_eq!(document.format, Format::Docx);
    document
}

#[test]
fn docx_tables_become_one_line_per_row() {
    let cell = |text: &str| format!("<w:tc>{}</w:tc>", paragraph(&run(text)));
    let body = format!(
        "{}<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}<w:tc>{}{}</w:tc>{}</w:tr></w:tbl>{}",
        paragraph(&run("Åtgärder")),
        cell("Vad"),
        cell("Vem"),
        cell("När"),
        cell("Skicka kallelse"),
        paragraph(&run("Leila")),
        paragraph(&run("Karimi")),
        cell("21 mars"),
        paragraph(&run("Slut")),
    );
    let document = docx(&body);
    assert_eq!(
        document.text,
        "Åtgärder\nVad | Vem | När\nSkicka kallelse | Leila Karimi | 21 mars\nSlut\n"
    );
    assert_eq!(
        document.hints,
        [hint(2, HintKind::TableRow), hint(3, HintKind::TableRow)]
    );
}

#[test]
fn docx_lists_carry_their_numbers() {
    let body = [
        list_paragraph(1, 0, "Mötets öppnande"),
        list_paragraph(1, 1, "Val av justerare"),
        list_paragraph(1, 1, "Dagordning"),
        list_paragraph(1, 0, "Ekonomi"),
        list_paragraph(1, 1, "Budget"),
        list_paragraph(2, 0, "En punkt"),
        // numId 0 switches numbering off.
        list_paragraph(0, 0, "Utan nummer"),
    ]
    .concat();
    let document = docx(&body);
    assert_eq!(
        document.text,
        "1. Mötets öppnande\na) Val av justerare\nb) Dagordning\n2. Ekonomi\na) Budget\nEn punkt\nUtan nummer\n"
    );
    let kinds: Vec<&HintKind> = document.hints.iter().map(|hint| &hint.kind).collect();
    assert_eq!(
        kinds,
        [
            &HintKind::NumberedItem,
            &HintKind::NumberedItem,
            &HintKind::NumberedItem,
            &HintKind::NumberedItem,
            &HintKind::NumberedItem,
            &HintKind::BulletItem,
        ]
    );
}

#[test]
fn docx_text_boxes_are_read_once_and_breaks_and_tabs_kept() {
    let text_box = |text: &str| format!("<w:txbxContent>{}</w:txbxContent>", paragraph(&run(text)));
    let body = format!(
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}</w:p>{}"#,
        text_box("Justerare: Jonas Öberg"),
        text_box("Justerare: Jonas Öberg"),
        run("Plats:"),
        paragraph(
            r#"<w:r><w:t>Tid</w:t><w:tab/><w:t>13.00</w:t><w:br/><w:t>Nästa rad</w:t></w:r>"#
        ),
    );
    let document = docx(&body);
    assert_eq!(
        document.text,
        "Justerare: Jonas Öberg\nPlats:\nTid\t13.00\nNästa rad\n"
    );
}

#[test]
fn docx_leaves_out_deleted_text_and_field_codes() {
    let body = paragraph(&format!(
        r#"{}<w:del><w:r><w:delText>struken </w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
        run("Sida "),
        run("3"),
    ));
    assert_eq!(docx(&body).text, "Sida 3\n");
}

#[test]
fn docx_bold_means_every_run_bold() {
    let bold = |text: &str| format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r>"#);
    let not_bold =
        |text: &str| format!(r#"<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>{text}</w:t></w:r>"#);
    let body = [
        paragraph(&[bold("Beslut:"), bold(" godkänns")].concat()),
        paragraph(&[bold("Beslut:"), not_bold(" godkänns")].concat()),
    ]
    .concat();
    assert_eq!(docx(&body).hints, [hint(1, HintKind::Bold)]);
}

#[test]
fn docx_headings_from_outline_level() {
    let body = format!(
        r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>{}</w:p>"#,
        run("Information")
    );
    assert_eq!(docx(&body).hints, [hint(1, HintKind::Heading(2))]);
}

fn odt(body: &str) -> Document {
    let document = read(&odt_with_body(ODT_STYLES, body));
    assert_eq!(document.format, Format::Odt);
    document
}

#[test]
fn odt_lists_nest_and_carry_their_numbers() {
    let body = r#"<text:list text:style-name="L1">
        <text:list-item><text:p>Mötets öppnande</text:p>
          <text:list><text:list-item><text:p>Val av justerare</text:p></text:list-item>
                     <text:list-item><text:p>Dagordning</text:p></text:list-item></text:list>
        </text:list-item>
        <text:list-item><text:p>Ekonomi</text:p><text:p>Mer om ekonomi</text:p></text:list-item>
        <text:list-header><text:p>Rubrik i listan</text:p></text:list-header>
        <text:list-item text:start-value="7"><text:p>Övrigt</text:p></text:list-item>
      </text:list>
      <text:list text:style-name="L2"><text:list-item><text:p>Punkt</text:p></text:list-item></text:list>
      <text:list text:style-name="L1"><text:list-item><text:p>Ny lista</text:p></text:list-item></text:list>"#;
    let document = odt(body);
    assert_eq!(
        document.text,
        "1. Mötets öppnande\na) Val av justerare\nb) Dagordning\n2. Ekonomi\nMer om ekonomi\nRubrik i listan\n7. Övrigt\nPunkt\n1. Ny lista\n"
    );
    assert_eq!(
        document
            .hints
            .iter()
            .filter(|hint| hint.kind == HintKind::NumberedItem)
            .count(),
        6
    );
    assert!(document.hints.contains(&hint(8, HintKind::BulletItem)));
}

#[test]
fn odt_tables_text_boxes_spaces_and_breaks() {
    let body = r#"<text:h text:outline-level="2">Åtgärder</text:h>
      <table:table><table:table-column/>
        <table:table-header-rows><table:table-row>
          <table:table-cell><text:p>Vad</text:p></table:table-cell>
          <table:table-cell><text:p>Vem</text:p></table:table-cell>
        </table:table-row></table:table-header-rows>
        <table:table-row>
          <table:table-cell table:number-columns-spanned="2"><text:p>Skicka kallelse</text:p></table:table-cell>
          <table:covered-table-cell><text:p>dold</text:p></table:covered-table-cell>
        </table:table-row>
      </table:table>
      <text:p><draw:frame><svg:title>Logotyp</svg:title><draw:text-box><text:p>Justerare: Jonas Öberg</text:p></draw:text-box></draw:frame>Tid<text:tab/>13.00<text:s text:c="3"/>slut<text:line-break/>Nästa
        rad <text:date>14 mars 2023</text:date><text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Fotnot</text:p></text:note-body></text:note></text:p>"#;
    let document = odt(body);
    assert_eq!(
        document.text,
        "Åtgärder\nVad | Vem\nSkicka kallelse\nJusterare: Jonas Öberg\nTid\t13.00   slut\nNästa rad 14 mars 2023\n"
    );
    assert_eq!(
        document.hints,
        [
            hint(1, HintKind::Heading(2)),
            hint(2, HintKind::TableRow),
            hint(3, HintKind::TableRow)
        ]
    );
}

#[test]
fn odt_bold_from_span_styles() {
    let body = r#"<text:p><text:span text:style-name="Fet">Beslut: godkänns</text:span></text:p>
      <text:p><text:span text:style-name="Fet">Beslut:</text:span> godkänns</text:p>"#;
    assert_eq!(odt(body).hints, [hint(1, HintKind::Bold)]);
}
