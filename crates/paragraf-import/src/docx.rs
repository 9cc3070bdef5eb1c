//! Word documents (WordprocessingML): paragraphs, headings, numbered and
//! bulleted lists with their visible numbers, tables (one line per row,
//! cells joined by ` | `), text boxes, line breaks and tabs.
//!
//! Left out: headers and footers (page furniture), footnotes, comments,
//! deleted and moved-away text, and the fallback copy of text boxes that
//! Word writes for old readers.

use std::collections::HashMap;

use crate::counter;
use crate::tables::Tables;
use crate::xml::{self, Node};
use crate::zip_part::Archive;
use crate::{Document, Format, HintKind, ImportError, TextBuilder};

pub(crate) fn read(archive: &mut Archive, main_part: &str) -> Result<Document, ImportError> {
    let folder = main_part.rsplit_once('/').map_or("", |(folder, _)| folder);
    let sibling = |name: &str| {
        if folder.is_empty() {
            name.to_owned()
        } else {
            format!("{folder}/{name}")
        }
    };
    let document = archive.read_text(main_part)?;
    let styles = archive
        .read_text_if_present(&sibling("styles.xml"))?
        .map(|xml| Styles::parse(&xml))
        .unwrap_or_default();
    let numbering = archive
        .read_text_if_present(&sibling("numbering.xml"))?
        .map(|xml| Numbering::parse(&xml))
        .unwrap_or_default();

    let mut reader = BodyReader::new(&styles, &numbering);
    xml::walk(&document, |node| reader.visit(node)).map_err(|reason| {
        ImportError::CorruptDocument {
            format: archive.format(),
            reason: format!("{main_part}: {reason}"),
        }
    })?;
    Ok(reader.builder.finish(Format::Docx))
}

/// `w:val="0"`, `false` and `off` turn a toggle such as bold off.
fn toggle_on(value: Option<&str>) -> bool {
    !matches!(value, Some("0" | "false" | "off"))
}

/// What a paragraph style says, before following `basedOn`.
#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    heading_level: Option<u8>,
    bold: Option<bool>,
    numbering: Option<(String, usize)>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

/// How many `basedOn` links are followed; a loop stops here too.
const MAX_STYLE_DEPTH: usize = 16;

impl Styles {
    fn parse(xml: &str) -> Self {
        let mut by_id = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        let mut path: Vec<String> = Vec::new();
        // A broken styles part leaves the styles found before the break.
        let _ = xml::walk(xml, |node| match node {
            Node::Start(element) => {
                let parent = path.last().map(String::as_str);
                match (element.name.as_str(), &mut current) {
                    ("style", None) => {
                        if let Some(id) = element.attribute("styleId") {
                            current = Some((id.to_owned(), Style::default()));
                        }
                    }
                    ("name", Some((id, style))) => {
                        style.heading_level = style
                            .heading_level
                            .or_else(|| heading_level_from_name(element.attribute("val")?))
                            .or_else(|| heading_level_from_name(id));
                    }
                    ("basedOn", Some((_, style))) => {
                        style.based_on = element.attribute("val").map(str::to_owned);
                    }
                    ("outlineLvl", Some((_, style))) => {
                        style.heading_level = outline_level(element.attribute("val"));
                    }
                    ("b", Some((_, style))) if parent == Some("rPr") => {
                        style.bold = Some(toggle_on(element.attribute("val")));
                    }
                    ("numId" | "ilvl", Some((_, style))) if parent == Some("numPr") => {
                        update_numbering(&mut style.numbering, &element);
                    }
                    _ => {}
                }
                path.push(element.name);
            }
            Node::End(name) => {
                path.pop();
                if name == "style"
                    && let Some((id, style)) = current.take()
                {
                    by_id.insert(id, style);
                }
            }
            Node::Text(_) => {}
        });
        Self { by_id }
    }

    /// Follows `basedOn` until `pick` finds a value.
    fn resolve<T>(&self, id: Option<&str>, pick: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id?;
        for _ in 0..MAX_STYLE_DEPTH {
            let style = self.by_id.get(id)?;
            if let Some(value) = pick(style) {
                return Some(value);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }
}

/// Sets the list (`w:numId`) or level (`w:ilvl`) of a `w:numPr` pair.
fn update_numbering(numbering: &mut Option<(String, usize)>, element: &xml::Element) {
    let (mut number, mut level) = numbering.take().unwrap_or_default();
    let value = element.attribute("val").unwrap_or_default();
    if element.name == "numId" {
        number = value.to_owned();
    } else {
        level = value.parse().unwrap_or(0);
    }
    *numbering = Some((number, level));
}

/// `heading 2`, `Heading2`, `Rubrik 2`, `Rubrik2` → 2.
fn heading_level_from_name(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let digits = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("rubrik"))?
        .trim();
    digits.parse().ok().filter(|level| (1..=9).contains(level))
}

/// `w:outlineLvl` counts from 0; 9 means body text.
fn outline_level(value: Option<&str>) -> Option<u8> {
    let level: u8 = value?.parse().ok()?;
    (level < 9).then_some(level + 1)
}

/// One level of a list definition.
#[derive(Debug, Clone)]
struct ListLevel {
    start: u32,
    format: String,
    text: String,
}

impl Default for ListLevel {
    fn default() -> Self {
        Self {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
        }
    }
}

#[derive(Debug, Default)]
struct Numbering {
    /// Levels of each abstract list definition.
    abstract_levels: HashMap<String, HashMap<usize, ListLevel>>,
    /// `w:numId` → abstract definition.
    abstract_of: HashMap<String, String>,
}

impl Numbering {
    fn parse(xml: &str) -> Self {
        let mut numbering = Self::default();
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(usize, ListLevel)> = None;
        let mut number_id: Option<String> = None;
        let _ = xml::walk(xml, |node| match node {
            Node::Start(element) => match element.name.as_str() {
                "abstractNum" => abstract_id = element.attribute("abstractNumId").map(Into::into),
                "lvl" => {
                    let index = element.attribute("ilvl").and_then(|v| v.parse().ok());
                    level = index.map(|index| (index, ListLevel::default()));
                }
                "start" => {
                    if let Some((_, level)) = &mut level {
                        level.start = element
                            .attribute("val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let Some((_, level)) = &mut level {
                        level.format = element.attribute("val").unwrap_or("decimal").into();
                    }
                }
                "lvlText" => {
                    if let Some((_, level)) = &mut level {
                        level.text = element.attribute("val").unwrap_or_default().into();
                    }
                }
                "num" => number_id = element.attribute("numId").map(Into::into),
                "abstractNumId" => {
                    if let (Some(number), Some(target)) = (&number_id, element.attribute("val")) {
                        numbering.abstract_of.insert(number.clone(), target.into());
                    }
                }
                _ => {}
            },
            Node::End(name) => match name.as_str() {
                "lvl" => {
                    if let (Some(id), Some((index, definition))) = (&abstract_id, level.take()) {
                        numbering
                            .abstract_levels
                            .entry(id.clone())
                            .or_default()
                            .insert(index, definition);
                    }
                }
                "abstractNum" => abstract_id = None,
                "num" => number_id = None,
                _ => {}
            },
            Node::Text(_) => {}
        });
        numbering
    }

    fn level(&self, number_id: &str, level: usize) -> Option<&ListLevel> {
        self.abstract_levels
            .get(self.abstract_of.get(number_id)?)?
            .get(&level)
    }
}

/// Writes a list counter in a Word number format.
fn format_counter(value: u32, format: &str) -> String {
    match format {
        "lowerLetter" => counter::letters(value, false),
        "upperLetter" => counter::letters(value, true),
        "lowerRoman" => counter::roman(value, false),
        "upperRoman" => counter::roman(value, true),
        "decimalZero" => format!("{value:02}"),
        _ => value.to_string(),
    }
}

/// Word's list levels go from 0 to 8.
const LIST_LEVELS: usize = 9;

/// A paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    /// `w:numPr` given on the paragraph itself: numbering id and level.
    numbering: Option<(String, usize)>,
    outline: Option<u8>,
    bold_characters: usize,
    plain_characters: usize,
}

/// A run's explicit bold, when its properties say.
#[derive(Debug, Default)]
struct Run {
    bold: Option<bool>,
    characters: usize,
}

struct BodyReader<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    builder: TextBuilder,
    /// Open elements, innermost last.
    path: Vec<String>,
    /// How many open elements hide their content (counted, not searched
    /// for, so that deep nesting stays linear).
    hidden_depth: usize,
    paragraphs: Vec<Paragraph>,
    tables: Tables,
    run: Run,
    /// List counters by numbering id; `None` until a level is first used.
    counters: HashMap<String, [Option<u32>; LIST_LEVELS]>,
}

/// Content under these elements is not shown text.
const HIDDEN: [&str; 3] = ["Fallback", "del", "moveFrom"];

impl<'a> BodyReader<'a> {
    fn new(styles: &'a Styles, numbering: &'a Numbering) -> Self {
        Self {
            styles,
            numbering,
            builder: TextBuilder::default(),
            path: Vec::new(),
            hidden_depth: 0,
            paragraphs: Vec::new(),
            tables: Tables::default(),
            run: Run::default(),
            counters: HashMap::new(),
        }
    }

    fn hidden(&self) -> bool {
        self.hidden_depth > 0
    }

    fn parent(&self) -> Option<&str> {
        self.path.last().map(String::as_str)
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden() {
            return;
        }
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.text.push_str(text);
            self.run.characters += text.chars().filter(|c| !c.is_whitespace()).count();
        }
    }

    fn visit(&mut self, node: Node) {
        match node {
            // Paragraphs, lists and tables under hidden content do not
            // exist for the reader.
            Node::Start(element) => {
                if !self.hidden() {
                    self.start(&element);
                }
                if HIDDEN.contains(&element.name.as_str()) {
                    self.hidden_depth += 1;
                }
                self.path.push(element.name);
            }
            Node::End(name) => {
                self.path.pop();
                if HIDDEN.contains(&name.as_str()) {
                    self.hidden_depth = self.hidden_depth.saturating_sub(1);
                }
                if !self.hidden() {
                    self.end(&name);
                }
            }
            Node::Text(text) => {
                if self.parent() == Some("t") {
                    self.push_text(&text);
                }
            }
        }
    }

    fn start(&mut self, element: &xml::Element) {
        let in_paragraph_properties = self.parent() == Some("pPr");
        match element.name.as_str() {
            "p" => self.paragraphs.push(Paragraph::default()),
            "pStyle" if in_paragraph_properties => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.style = element.attribute("val").map(Into::into);
                }
            }
            "outlineLvl" if in_paragraph_properties => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.outline = outline_level(element.attribute("val"));
                }
            }
            "numId" | "ilvl" if self.parent() == Some("numPr") => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    update_numbering(&mut paragraph.numbering, element);
                }
            }
            "r" => self.run = Run::default(),
            "b" if self.parent() == Some("rPr")
                && self.path.iter().rev().nth(1).map(String::as_str) == Some("r") =>
            {
                self.run.bold = Some(toggle_on(element.attribute("val")));
            }
            "tab" if self.parent() == Some("r") => self.push_text("\t"),
            "br" | "cr" if element.attribute("type") != Some("page") => self.push_text("\n"),
            "noBreakHyphen" => self.push_text("-"),
            "tbl" => self.tables.start_table(),
            "tr" => self.tables.start_row(),
            "tc" => self.tables.start_cell(),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "r" => {
                let run = std::mem::take(&mut self.run);
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    let style_bold = self.styles.resolve(paragraph.style.as_deref(), |s| s.bold);
                    if run.bold.or(style_bold).unwrap_or(false) {
                        paragraph.bold_characters += run.characters;
                    } else {
                        paragraph.plain_characters += run.characters;
                    }
                }
            }
            "p" => {
                if let Some(paragraph) = self.paragraphs.pop() {
                    self.finish_paragraph(paragraph);
                }
            }
            "tc" => self.tables.end_cell(),
            "tr" => self.tables.end_row(&mut self.builder),
            "tbl" => self.tables.end_table(),
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, paragraph: Paragraph) {
        let mut kinds = Vec::new();
        let heading = paragraph.outline.or_else(|| {
            self.styles
                .resolve(paragraph.style.as_deref(), |style| style.heading_level)
        });
        if let Some(level) = heading {
            kinds.push(HintKind::Heading(level));
        }
        let numbering = paragraph.numbering.clone().or_else(|| {
            self.styles
                .resolve(paragraph.style.as_deref(), |style| style.numbering.clone())
        });
        let mut text = paragraph.text.trim().to_owned();
        if let Some((number_id, level)) = numbering
            && !text.is_empty()
            && let Some((kind, label)) = self.list_label(&number_id, level)
        {
            kinds.push(kind);
            if !label.is_empty() {
                text = format!("{label} {text}");
            }
        }
        if paragraph.bold_characters > 0 && paragraph.plain_characters == 0 {
            kinds.push(HintKind::Bold);
        }
        self.tables.push_paragraph(&mut self.builder, &text, &kinds);
    }

    /// Advances the list's counter and gives the item's kind and the
    /// number as the reader sees it (`1.`, `a)`, `2.3`); bullets give an
    /// empty label.
    fn list_label(&mut self, number_id: &str, level: usize) -> Option<(HintKind, String)> {
        // `numId` 0 switches numbering off.
        if number_id == "0" || level >= LIST_LEVELS {
            return None;
        }
        let definition = self.numbering.level(number_id, level)?;
        if definition.format == "bullet" {
            return Some((HintKind::BulletItem, String::new()));
        }
        if definition.format == "none" {
            return None;
        }
        let counters = self.counters.entry(number_id.to_owned()).or_default();
        counters[level] = Some(counters[level].map_or(definition.start, |n| n.saturating_add(1)));
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        let counters = *counters;
        let mut label = definition.text.clone();
        for (index, counter) in counters.iter().enumerate().take(level + 1) {
            let placeholder = format!("%{}", index + 1);
            if !label.contains(&placeholder) {
                continue;
            }
            let format = self
                .numbering
                .level(number_id, index)
                .map_or("decimal", |level| level.format.as_str());
            let value = counter.unwrap_or(1);
            label = label.replace(&placeholder, &format_counter(value, format));
        }
        Some((
            HintKind::NumberedItem,
            counter::bounded_label(label.trim().to_owned()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_from_style_names() {
        assert_eq!(heading_level_from_name("heading 1"), Some(1));
        assert_eq!(heading_level_from_name("Rubrik2"), Some(2));
        assert_eq!(heading_level_from_name("Normal"), None);
        assert_eq!(heading_level_from_name("Heading"), None);
    }

    #[test]
    fn counters_in_word_formats() {
        assert_eq!(format_counter(3, "decimal"), "3");
        assert_eq!(format_counter(2, "lowerLetter"), "b");
        assert_eq!(format_counter(28, "upperLetter"), "BB");
        assert_eq!(format_counter(14, "upperRoman"), "XIV");
        assert_eq!(format_counter(7, "decimalZero"), "07");
    }

    #[test]
    fn style_chains_stop_on_loops() {
        let styles = Styles::parse(
            r#"<w:styles><w:style w:styleId="A"><w:basedOn w:val="B"/></w:style>
               <w:style w:styleId="B"><w:basedOn w:val="A"/></w:style></w:styles>"#,
        );
        assert_eq!(styles.resolve(Some("A"), |style| style.heading_level), None);
    }
}
