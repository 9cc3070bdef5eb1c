//! OpenDocument text (ODT): paragraphs, headings (`text:h`), lists with
//! their visible numbers, tables (one line per row, cells joined by
//! ` | `), text boxes (`draw:text-box`), line breaks, tabs and spaces.
//!
//! Left out: footnotes, comments, and text deleted under change tracking.

use std::collections::HashMap;

use crate::counter;
use crate::tables::Tables;
use crate::xml::{self, Element, Node};
use crate::zip_part::Archive;
use crate::{Document, Format, HintKind, ImportError, TextBuilder};

pub(crate) fn read(archive: &mut Archive) -> Result<Document, ImportError> {
    let content = archive.read_text("content.xml")?;
    let mut styles = Styles::default();
    if let Some(shared) = archive.read_text_if_present("styles.xml")? {
        styles.add(&shared);
    }
    styles.add(&content);

    let mut reader = BodyReader::new(&styles);
    xml::walk(&content, |node| reader.visit(node)).map_err(|reason| {
        ImportError::CorruptDocument {
            format: archive.format(),
            reason: format!("content.xml: {reason}"),
        }
    })?;
    Ok(reader.builder.finish(Format::Odt))
}

/// Most spaces one `text:s` gives, however many it asks for.
const MAX_SPACES: usize = 8;
/// How many parent-style links are followed; a loop stops here too.
const MAX_STYLE_DEPTH: usize = 16;

#[derive(Debug, Default)]
struct TextStyle {
    parent: Option<String>,
    bold: Option<bool>,
}

/// One level of a list style.
#[derive(Debug, Clone, Default)]
struct ListLevel {
    bullet: bool,
    format: String,
    prefix: String,
    suffix: String,
    display_levels: usize,
    start: u32,
}

#[derive(Debug, Default)]
struct Styles {
    text: HashMap<String, TextStyle>,
    lists: HashMap<String, HashMap<usize, ListLevel>>,
}

impl Styles {
    /// Adds the paragraph, text and list styles an XML part defines.
    fn add(&mut self, xml: &str) {
        let mut style: Option<(String, TextStyle)> = None;
        let mut list: Option<String> = None;
        // A broken part leaves the styles found before the break.
        let _ = xml::walk(xml, |node| match node {
            Node::Start(element) => match element.name.as_str() {
                "style" => {
                    style = element.attribute("name").map(|name| {
                        let parent = element.attribute("parent-style-name").map(Into::into);
                        (name.to_owned(), TextStyle { parent, bold: None })
                    });
                }
                "text-properties" => {
                    if let (Some((_, style)), Some(weight)) =
                        (&mut style, element.attribute("font-weight"))
                    {
                        style.bold = Some(matches!(weight, "bold" | "600" | "700" | "800" | "900"));
                    }
                }
                "list-style" => list = element.attribute("name").map(Into::into),
                "list-level-style-number" | "list-level-style-bullet" => {
                    if let Some(list) = &list {
                        let attribute =
                            |name| element.attribute(name).unwrap_or_default().to_owned();
                        let level = ListLevel {
                            bullet: element.name == "list-level-style-bullet",
                            format: attribute("num-format"),
                            prefix: attribute("num-prefix"),
                            suffix: attribute("num-suffix"),
                            display_levels: attribute("display-levels").parse().unwrap_or(1),
                            start: attribute("start-value").parse().unwrap_or(1),
                        };
                        let index = attribute("level").parse().unwrap_or(1);
                        self.lists
                            .entry(list.clone())
                            .or_default()
                            .insert(index, level);
                    }
                }
                _ => {}
            },
            Node::End(name) => match name.as_str() {
                "style" => {
                    if let Some((name, definition)) = style.take() {
                        self.text.insert(name, definition);
                    }
                }
                "list-style" => list = None,
                _ => {}
            },
            Node::Text(_) => {}
        });
    }

    fn bold(&self, name: Option<&str>) -> Option<bool> {
        let mut name = name?;
        for _ in 0..MAX_STYLE_DEPTH {
            let style = self.text.get(name)?;
            if style.bold.is_some() {
                return style.bold;
            }
            name = style.parent.as_deref()?;
        }
        None
    }
}

/// Writes a list counter in an ODF number format (`1`, `a`, `A`, `i`, `I`).
fn format_counter(value: u32, format: &str) -> String {
    match format {
        "a" => counter::letters(value, false),
        "A" => counter::letters(value, true),
        "i" => counter::roman(value, false),
        "I" => counter::roman(value, true),
        _ => value.to_string(),
    }
}

/// Runs of spaces, tabs and line ends as one space.
fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_whitespace() {
            collapsed.push(c);
        } else if !collapsed.ends_with(' ') {
            collapsed.push(' ');
        }
    }
    collapsed
}

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    heading: Option<u8>,
    style: Option<String>,
    bold_characters: usize,
    plain_characters: usize,
}

/// An open `text:list`.
#[derive(Debug)]
struct List {
    style: String,
    /// The label of the current item, until its first paragraph takes it.
    pending: Option<(HintKind, String)>,
}

struct BodyReader<'a> {
    styles: &'a Styles,
    builder: TextBuilder,
    /// How many open elements hide their content (counted, not searched
    /// for, so that deep nesting stays linear).
    hidden_depth: usize,
    paragraphs: Vec<Paragraph>,
    tables: Tables,
    lists: Vec<List>,
    /// The style in force in each open `text:span` (its own, or the
    /// enclosing span's), innermost last.
    spans: Vec<Option<String>>,
    /// Counters by list style, by level (1-based, index 0 unused).
    counters: HashMap<String, Vec<Option<u32>>>,
}

/// Content under these elements is not body text.
const HIDDEN: [&str; 6] = [
    "note",
    "annotation",
    "tracked-changes",
    "covered-table-cell",
    // An image's title and description inside a paragraph.
    "title",
    "desc",
];

impl<'a> BodyReader<'a> {
    fn new(styles: &'a Styles) -> Self {
        Self {
            styles,
            builder: TextBuilder::default(),
            hidden_depth: 0,
            paragraphs: Vec::new(),
            tables: Tables::default(),
            lists: Vec::new(),
            spans: Vec::new(),
            counters: HashMap::new(),
        }
    }

    fn hidden(&self) -> bool {
        self.hidden_depth > 0
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden() {
            return;
        }
        let span_style = self.spans.last().cloned().flatten();
        let Some(paragraph) = self.paragraphs.last_mut() else {
            return;
        };
        paragraph.text.push_str(text);
        let characters = text.chars().filter(|c| !c.is_whitespace()).count();
        let bold = self
            .styles
            .bold(span_style.as_deref())
            .or_else(|| self.styles.bold(paragraph.style.as_deref()))
            .unwrap_or(false);
        if bold {
            paragraph.bold_characters += characters;
        } else {
            paragraph.plain_characters += characters;
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
            }
            Node::End(name) => {
                if HIDDEN.contains(&name.as_str()) {
                    self.hidden_depth = self.hidden_depth.saturating_sub(1);
                }
                if !self.hidden() {
                    self.end(&name);
                }
            }
            // Inside a paragraph any text shows (spans, links, date and
            // page fields); ODF collapses its whitespace to single spaces.
            Node::Text(text) => {
                let ends_in_space = self
                    .paragraphs
                    .last()
                    .is_some_and(|paragraph| paragraph.text.ends_with(' '));
                let collapsed = collapse_whitespace(&text);
                let collapsed = if ends_in_space {
                    collapsed.trim_start()
                } else {
                    &collapsed
                };
                self.push_text(collapsed);
            }
        }
    }

    fn start(&mut self, element: &Element) {
        match element.name.as_str() {
            "p" | "h" => self.paragraphs.push(Paragraph {
                heading: (element.name == "h").then(|| {
                    let level = element
                        .attribute("outline-level")
                        .and_then(|v| v.parse().ok());
                    level.unwrap_or(1).clamp(1, 10)
                }),
                style: element.attribute("style-name").map(Into::into),
                ..Paragraph::default()
            }),
            "span" => {
                let inherited = self.spans.last().cloned().flatten();
                let style = element.attribute("style-name").map(Into::into);
                self.spans.push(style.or(inherited));
            }
            "s" => {
                let count = element
                    .attribute("c")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                self.push_text(&" ".repeat(usize::min(count, MAX_SPACES)));
            }
            "tab" => self.push_text("\t"),
            "line-break" => self.push_text("\n"),
            "list" => self.start_list(element),
            "list-item" => self.start_item(element),
            "list-header" => {
                if let Some(list) = self.lists.last_mut() {
                    list.pending = None;
                }
            }
            "table" => self.tables.start_table(),
            "table-row" => self.tables.start_row(),
            "table-cell" => self.tables.start_cell(),
            _ => {}
        }
    }

    fn start_list(&mut self, element: &Element) {
        let inherited = self.lists.last().map(|list| list.style.clone());
        let style = element
            .attribute("style-name")
            .map(str::to_owned)
            .or(inherited)
            .unwrap_or_default();
        let continues = element.attribute("continue-numbering") == Some("true")
            || element.attribute("continue-list").is_some();
        if self.lists.is_empty() && !continues {
            self.counters.remove(&style);
        }
        self.lists.push(List {
            style,
            pending: None,
        });
    }

    fn start_item(&mut self, element: &Element) {
        let level = self.lists.len();
        let Some(list) = self.lists.last() else {
            return;
        };
        let style = list.style.clone();
        let definitions = self.styles.lists.get(&style);
        let definition = definitions
            .and_then(|levels| levels.get(&level))
            .cloned()
            .unwrap_or_default();
        let label = if definition.bullet {
            Some((HintKind::BulletItem, String::new()))
        } else if definition.format.is_empty() {
            None
        } else {
            let counters = self.counters.entry(style).or_default();
            counters.resize(counters.len().max(level + 1), None);
            let restart = element
                .attribute("start-value")
                .and_then(|v| v.parse().ok());
            counters[level] = Some(restart.unwrap_or_else(|| {
                counters[level].map_or(definition.start, |n| n.saturating_add(1))
            }));
            for deeper in &mut counters[level + 1..] {
                *deeper = None;
            }
            let shown = definition.display_levels.clamp(1, level);
            let numbers: Vec<String> = (level + 1 - shown..=level)
                .map(|index| {
                    let format = definitions
                        .and_then(|levels| levels.get(&index))
                        .map_or("1", |level| level.format.as_str());
                    format_counter(counters[index].unwrap_or(1), format)
                })
                .collect();
            let label = format!(
                "{}{}{}",
                definition.prefix,
                numbers.join("."),
                definition.suffix
            );
            Some((HintKind::NumberedItem, counter::bounded_label(label)))
        };
        if let Some(list) = self.lists.last_mut() {
            list.pending = label;
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" | "h" => {
                if let Some(paragraph) = self.paragraphs.pop() {
                    self.finish_paragraph(paragraph);
                }
            }
            "span" => {
                self.spans.pop();
            }
            "list" => {
                self.lists.pop();
            }
            "table-cell" => self.tables.end_cell(),
            "table-row" => self.tables.end_row(&mut self.builder),
            "table" => self.tables.end_table(),
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, paragraph: Paragraph) {
        let mut kinds = Vec::new();
        if let Some(level) = paragraph.heading {
            kinds.push(HintKind::Heading(level));
        }
        let mut text = paragraph.text.trim().to_owned();
        // Only the item's first paragraph carries its number.
        let label = self.lists.last_mut().and_then(|list| list.pending.take());
        if let Some((kind, label)) = label
            && !text.is_empty()
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses() {
        assert_eq!(
            collapse_whitespace("  Plats:\n\t Kärnan "),
            " Plats: Kärnan "
        );
    }

    #[test]
    fn counters_in_odf_formats() {
        assert_eq!(format_counter(4, "1"), "4");
        assert_eq!(format_counter(2, "a"), "b");
        assert_eq!(format_counter(9, "I"), "IX");
        assert_eq!(format_counter(4, "i"), "iv");
    }
}
