//! Page furniture and glyph cleaning.
//!
//! Invariant: cleaning never adds or removes a line. Line N of the cleaned
//! text is line N of the input, so every `lines` span in the record points
//! at the original document as well. Furniture lines become empty; bullet
//! glyphs are stripped and remembered as a flag.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::fold::fold;

/// One line of the document after cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the document.
    pub number: usize,
    /// Leading white space width before the content (layout columns).
    pub indent: usize,
    /// The content without leading glyphs or white space, right-trimmed.
    /// Keeps inner runs of spaces: two-column layouts need them.
    pub text: String,
    /// The line started with a bullet glyph, or the format says it is a
    /// bulleted list item.
    pub bullet: bool,
    /// The format says the line is a heading (a Word heading style, a
    /// paragraph in bold).
    pub heading: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            \d{1,3}\s*\(\s*\d{1,3}\s*\)            # 3 (17)
          | (?:sida|sid\.?|page)\s*\d{1,3}(?:\s*(?:av|of|/|\()\s*\d{1,3}\)?)?   # Sida 2 av 5
          | [-–]\s*\d{1,3}\s*[-–]                  # - 3 -
          | \d{1,3}\s*/\s*\d{1,3}                  # 2/5
        )$",
    )
    .expect("valid regex")
});

/// A line that is only a web or mail domain is a running footer (`helsingborg.se`).
static DOMAIN_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:se|nu|com|org|net|eu|fi|no|dk)$")
        .expect("valid regex")
});

/// Table-of-contents entries end in dot leaders and a page number.
static TOC_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\.{5,}|…{2,})\s*\d{1,3}\s*$").expect("valid regex"));

const SIGNATURE_FURNITURE: &[&str] = &[
    "justerandes signatur",
    "justerandes sign",
    "ordforandes signatur",
    "ordforandes sign",
    "utdragsbestyrkande",
    "innehallsforteckning",
];

/// Characters used as list bullets, including the private-use glyphs Word
/// exports for Symbol-font bullets and what OCR makes of round bullets.
fn is_bullet_glyph(c: char) -> bool {
    matches!(
        c,
        '•' | '●'
            | '▪'
            | '■'
            | '◦'
            | '○'
            | '·'
            | '∙'
            | '‣'
            | '⁃'
            | '¢'
            | '«'
            | '»'
            | '►'
            | '▶'
            | '➢'
            | '✓'
            | '✔'
            | '□'
            | '☐'
            | '*'
    ) || ('\u{e000}'..='\u{f8ff}').contains(&c)
}

/// Splits a leading bullet off a line: a glyph, a dash followed by a space,
/// or a lone `o`/`e`/`°` that OCR made of a round bullet.
fn strip_bullet(text: &str) -> (bool, &str) {
    let trimmed = text.trim_start();
    let mut chars = trimmed.chars();
    let Some(first) = chars.next() else {
        return (false, trimmed);
    };
    let rest = chars.as_str();
    if is_bullet_glyph(first) {
        return (true, rest.trim_start());
    }
    let followed_by_space = rest.starts_with(' ') || rest.starts_with('\t');
    if matches!(first, '-' | '–' | '—' | 'o' | 'e' | '°' | '>') && followed_by_space {
        let after = rest.trim_start();
        // `o`/`e` alone are not Swedish words; a following word makes them a bullet.
        if !after.is_empty() {
            return (true, after);
        }
    }
    (false, trimmed)
}

/// Cleans a document's text into lines, blanking page furniture.
pub fn clean(text: &str) -> Vec<Line> {
    // A final line end closes the last line; it does not open another.
    let text = text.strip_suffix('\n').unwrap_or(text);
    let raw_lines: Vec<&str> = text.split('\n').collect();
    let page_starts: Vec<bool> = raw_lines
        .iter()
        .map(|l| l.contains('\u{c}') || has_page_number_column(l))
        .collect();
    let page_count = page_starts.iter().filter(|&&p| p).count() + 1;
    let near_page_edge = near_page_edges(&raw_lines, &page_starts);
    let running = running_lines(&raw_lines, &near_page_edge, page_count);

    let mut seen_running: HashMap<String, usize> = HashMap::new();
    raw_lines
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            let number = index + 1;
            let without_ff: std::borrow::Cow<str> = if raw.chars().any(char::is_control) {
                raw.chars()
                    .map(|c| if c == '\u{c}' || c == '\t' { ' ' } else { c })
                    .filter(|c| !c.is_control())
                    .collect::<String>()
                    .into()
            } else {
                (*raw).into()
            };
            let content = without_ff.trim_end();
            let indent = content.chars().take_while(|c| c.is_whitespace()).count();
            let trimmed = content.trim_start();
            let is_running = near_page_edge[index]
                && !running.is_empty()
                && running.contains_key(&running_key(trimmed))
                && {
                    let key = running_key(trimmed);
                    let seen = seen_running.entry(key).or_default();
                    *seen += 1;
                    // The first page's header carries the body and the date: keep it.
                    !(*seen == 1 && number <= 12)
                };
            let lone_page_number = trimmed.chars().all(|c| c.is_ascii_digit())
                && !trimmed.is_empty()
                && trimmed.len() <= 3
                && near_page_edge[index]
                && page_count > 1;
            if is_running || lone_page_number || is_furniture(trimmed) {
                return Line {
                    number,
                    indent,
                    text: String::new(),
                    bullet: false,
                    heading: false,
                };
            }
            // Minutes written in Markdown mark their headings with `#`.
            let markdown_heading = trimmed
                .strip_prefix('#')
                .map(|rest| rest.trim_start_matches('#'))
                .filter(|rest| rest.starts_with(' '));
            if let Some(rest) = markdown_heading {
                return Line {
                    number,
                    indent,
                    text: rest.trim().to_string(),
                    bullet: false,
                    heading: true,
                };
            }
            let (bullet, rest) = strip_bullet(trimmed);
            Line {
                number,
                indent,
                text: rest.trim_end().to_string(),
                bullet,
                heading: false,
            }
        })
        .collect()
}

/// A page number standing in a column of its own (`…   Sida 2 av 4`):
/// without form feeds, it is what marks a new page.
fn has_page_number_column(line: &str) -> bool {
    line.len() < 200
        && line.bytes().any(|b| b.is_ascii_digit())
        && line
            .split("   ")
            .map(str::trim)
            .filter(|column| !column.is_empty())
            .any(|column| column.len() <= 24 && PAGE_NUMBER.is_match(column))
}

fn is_furniture(trimmed: &str) -> bool {
    if trimmed.is_empty() {
        return false;
    }
    let short = trimmed.len() <= 24;
    if (short && PAGE_NUMBER.is_match(trimmed))
        || (!trimmed.contains(' ') && DOMAIN_LINE.is_match(trimmed))
        || (trimmed.contains("..") || trimmed.contains('…')) && TOC_ENTRY.is_match(trimmed)
    {
        return true;
    }
    // Signature rows and contents headings are short and name one of these.
    if trimmed.len() > 160 {
        return false;
    }
    let lower = trimmed.to_ascii_lowercase();
    if !["sign", "utdrag", "inneh"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return false;
    }
    let folded = fold(trimmed);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let joined = words.join(" ");
    if SIGNATURE_FURNITURE.iter().any(|f| joined == *f) {
        return true;
    }
    // A footer row of signature boxes: every word belongs to a furniture label.
    let signature_words = [
        "ordforandes",
        "justerandes",
        "signatur",
        "sign",
        "utdragsbestyrkande",
        "sekreterarens",
    ];
    words.len() >= 2 && words.iter().all(|w| signature_words.contains(w))
}

/// Non-blank lines at a page's top and bottom where running headers and
/// footers stand (a page number, a date, a title and the body's name on top).
const HEADER_DEPTH: usize = 4;
const FOOTER_DEPTH: usize = 2;

/// Lines at the top or bottom of a page, or of the document.
fn near_page_edges(lines: &[&str], page_starts: &[bool]) -> Vec<bool> {
    let mut near = vec![false; lines.len()];
    let mark = |near: &mut Vec<bool>, range: &mut dyn Iterator<Item = usize>, depth: usize| {
        let mut seen = 0;
        for index in range {
            near[index] = true;
            if !lines[index].trim().is_empty() {
                seen += 1;
                if seen == depth {
                    break;
                }
            }
        }
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            page_starts
                .iter()
                .enumerate()
                .filter(|(_, p)| **p)
                .map(|(i, _)| i),
        )
        .collect();
    for &start in &starts {
        mark(&mut near, &mut (start..lines.len()), HEADER_DEPTH);
        if start > 0 {
            mark(&mut near, &mut (0..start).rev(), FOOTER_DEPTH);
        }
    }
    mark(&mut near, &mut (0..lines.len()).rev(), FOOTER_DEPTH);
    near
}

/// The key under which running headers and footers repeat: folded, with
/// digits collapsed, so `Sida 2` and `Sida 3` are one line.
fn running_key(trimmed: &str) -> String {
    let folded = fold(trimmed);
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else if !c.is_whitespace() {
            key.push(c);
        }
    }
    key
}

/// Lines that repeat at the page edges of most pages: running headers and
/// footers. Only for documents that have page breaks.
fn running_lines(lines: &[&str], near_edge: &[bool], page_count: usize) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    if page_count < 2 {
        return counts;
    }
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        // Agenda points and `§` paragraphs differ only in their numbers,
        // which the key folds away: they are never running furniture.
        let numbered_point = trimmed.starts_with('§')
            || trimmed.split_whitespace().next().is_some_and(|w| {
                w.ends_with(['.', ')'])
                    && w.trim_end_matches(['.', ')'])
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.')
            });
        if !near_edge[index] || trimmed.len() < 4 || trimmed.len() > 120 || numbered_point {
            continue;
        }
        *counts.entry(running_key(trimmed)).or_default() += 1;
    }
    let needed = (page_count / 2).max(2);
    counts.retain(|_, count| *count >= needed);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn markdown_headings_are_headings() {
        let lines = clean("## 1. Läget\n# Beslut\n#hashtag\n");
        assert_eq!(texts(&lines), ["1. Läget", "Beslut", "#hashtag"]);
        assert!(lines[0].heading && lines[1].heading && !lines[2].heading);
    }

    #[test]
    fn keeps_the_line_count() {
        let text = "a\n\nb\u{c}c\n3 (17)\n";
        assert_eq!(clean(text).len(), text.lines().count());
    }

    #[test]
    fn strips_bullets_of_every_kind() {
        let lines = clean(
            "• Punkt\n\u{f0b7} Punkt\ne Analysera\no Arbetar\n¢ Lokaler\n- Streck\nEtt ord\no\n",
        );
        assert_eq!(
            texts(&lines)[..7],
            [
                "Punkt",
                "Punkt",
                "Analysera",
                "Arbetar",
                "Lokaler",
                "Streck",
                "Ett ord"
            ]
        );
        assert!(lines[..6].iter().all(|l| l.bullet));
        assert!(!lines[6].bullet);
        assert_eq!(lines[7].text, "o");
    }

    #[test]
    fn blanks_page_numbers_domains_and_signature_rows() {
        let lines = clean(
            "Text\n2 (17)\nhelsingborg.se\nSida 3 av 4\nOrdförandes signatur   Justerandes signatur   Utdragsbestyrkande\n§ 1 Dnr KFKS 2018/3 ........ 4\nSlut",
        );
        assert_eq!(texts(&lines), ["Text", "", "", "", "", "", "Slut"]);
    }

    #[test]
    fn blanks_running_headers_but_keeps_the_first_page_header() {
        let page = |n: &str| {
            format!(
                "6 februari 2018\nSAMMANTRÄDESPROTOKOLL\nKommunstyrelsen\n\nInnehåll på sidan {n}\nmer text {n}\nännu mer {n}\nsista raden {n}\n"
            )
        };
        let text = format!("{}\u{c}{}\u{c}{}", page("ett"), page("två"), page("tre"));
        let lines = clean(&text);
        assert_eq!(lines[0].text, "6 februari 2018");
        let second_page = &lines[8..11];
        assert!(second_page.iter().all(Line::is_blank), "{second_page:?}");
        assert_eq!(lines[12].text, "Innehåll på sidan två");
    }
}
