//! From page texts (as `pdftotext -layout` or Tesseract give them) to text
//! a parser can read line by line.
//!
//! What was decided, on the Nacka kommun protocols among others:
//!
//! - `pdftotext -layout` is the base. The default mode splits label/value
//!   layouts (`Plats och tid` on one line, its value on another) and `-raw`
//!   follows the content stream, which reorders label/value tables
//!   (`Justeringsdatum` twice, then both dates). Layout keeps a row on one
//!   line: `Plats och tid       Nacka stadshus, … kl 9.00 – 9.55`.
//! - Side-by-side columns are taken apart here. A run of lines indented
//!   past the page's left margin, split by a wide gap at the same two
//!   positions (at least two lines with text on both sides), each column
//!   filled from the top without gaps, and starting after a blank line, is
//!   two lists side by side (`BESLUTANDE` beside `ERSÄTTARE`): it becomes
//!   the left column's lines, then the right column's. Rows stay rows when
//!   they start at the margin (a label and its value), when a column has
//!   gaps (a table whose cells wrap), or when they sit right under other
//!   text (part of a wider table).
//! - Running headers and footers: a line among the first [`HEADER_ZONE`]
//!   or last [`FOOTER_ZONE`] lines of a page that, with its digits masked,
//!   recurs on at least three quarters of the pages (and on three at least)
//!   is furniture. Footers (`Ordförandes signatur  Justerandes signatur
//!   Utdragsbestyrkande`) are dropped; header lines (date,
//!   `SAMMANTRÄDESPROTOKOLL`, the body's name) are kept where they first
//!   appear, since they name the body and the date, and dropped after.
//! - Page numbers in those zones (`3 (17)`, `Sida 2 av 5`, `- 4 -`, `4/17`,
//!   a lone number) are dropped on every page.
//! - Lines lose their indentation; runs of blank lines become one; pages
//!   are joined by a blank line, or by nothing when the next page goes on
//!   with a lower-case word (a sentence broken by the page end).
//! - A table of contents is left as it is (dotted leaders and all).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

/// Lines at the top of a page where running headers are looked for.
const HEADER_ZONE: usize = 6;
/// Lines at the bottom of a page where running footers are looked for.
const FOOTER_ZONE: usize = 4;
/// Fewest spaces that separate two columns (or a label and its value).
const COLUMN_GAP: usize = 3;
/// How far past the page's left margin a column block must start.
const COLUMN_INDENT: usize = 4;
/// How far the start of a column may wander between lines.
const COLUMN_SLACK: usize = 2;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(
            \d{1,4}                                   # 3
          | \d{1,4} \s* \( \s* \d{1,4} \s* \)         # 3 (17)
          | \d{1,4} \s* / \s* \d{1,4}                 # 3/17
          | [-–] \s* \d{1,4} \s* [-–]                 # - 3 -
          | (sida|page|s\.) \s* \d{1,4} (\s* (av|of|/) \s* \d{1,4} | \s* \( \s* \d{1,4} \s* \) )?
        )$",
    )
    .expect("page number pattern is valid")
});

/// Joins page texts into one text without page furniture.
pub(crate) fn tidy(pages: &[&str]) -> String {
    let pages: Vec<Vec<&str>> = pages
        .iter()
        .map(|page| page.lines().map(str::trim_end).collect())
        .collect();
    let furniture = running_furniture(&pages);
    let mut headers_seen = HashSet::new();
    let mut text = String::new();
    for page in &pages {
        let dropped = furniture_lines(page, &furniture, &mut headers_seen);
        let body: Vec<&str> = page
            .iter()
            .enumerate()
            .map(|(index, &line)| if dropped.contains(&index) { "" } else { line })
            .collect();
        let lines = fold_blank_lines(split_columns(&body));
        let Some(first) = lines.first() else {
            continue;
        };
        if !text.is_empty() {
            let continues_sentence = first.chars().next().is_some_and(char::is_lowercase);
            text.push_str(if continues_sentence { "\n" } else { "\n\n" });
        }
        text.push_str(&lines.join("\n"));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Where on a page a line sits, for furniture: which zone, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Zone {
    Header,
    Footer,
}

/// The indexes of a page's non-blank lines in the header or footer zone,
/// with the zone; on a short page a line can be in both.
fn zoned_lines(page: &[&str]) -> Vec<(usize, Zone)> {
    let filled: Vec<usize> = (0..page.len())
        .filter(|&index| !page[index].trim().is_empty())
        .collect();
    let count = filled.len();
    let mut zoned = Vec::new();
    for (rank, &index) in filled.iter().enumerate() {
        if rank < HEADER_ZONE {
            zoned.push((index, Zone::Header));
        }
        if rank + FOOTER_ZONE >= count {
            zoned.push((index, Zone::Footer));
        }
    }
    zoned
}

/// The key under which a line is compared across pages: single-spaced,
/// digits masked so that page numbers and dates do not tell pages apart.
fn furniture_key(line: &str) -> String {
    line.split_whitespace()
        .flat_map(|word| word.chars().chain([' ']))
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// The zone and key of each line that recurs on most pages.
type Furniture = HashSet<(Zone, String)>;

/// The header and footer lines that recur on most pages; with fewer than
/// three pages, nothing recurs often enough to tell.
fn running_furniture(pages: &[Vec<&str>]) -> Furniture {
    let mut pages_with: HashMap<(Zone, String), usize> = HashMap::new();
    for page in pages {
        let keys: HashSet<(Zone, String)> = zoned_lines(page)
            .into_iter()
            .map(|(index, zone)| (zone, furniture_key(page[index])))
            .collect();
        for key in keys {
            *pages_with.entry(key).or_default() += 1;
        }
    }
    let needed = (pages.len() * 3).div_ceil(4).max(3);
    pages_with
        .into_iter()
        .filter(|&(_, count)| count >= needed)
        .map(|(key, _)| key)
        .collect()
}

/// The indexes of a page's furniture lines. A running header line is
/// kept where it first appears, as it often names the body and the date;
/// `headers_seen` remembers those.
fn furniture_lines(
    page: &[&str],
    furniture: &Furniture,
    headers_seen: &mut HashSet<String>,
) -> HashSet<usize> {
    let zoned = zoned_lines(page);
    let mut indexes: Vec<usize> = zoned.iter().map(|&(index, _)| index).collect();
    indexes.dedup();
    let mut dropped = HashSet::new();
    for index in indexes {
        let line = page[index].trim();
        let key = furniture_key(line);
        let running_in =
            |zone: Zone| zoned.contains(&(index, zone)) && furniture.contains(&(zone, key.clone()));
        let furniture_here = if running_in(Zone::Header) {
            !headers_seen.insert(key.clone())
        } else {
            running_in(Zone::Footer)
        };
        if furniture_here || PAGE_NUMBER.is_match(line) {
            dropped.insert(index);
        }
    }
    dropped
}

/// A piece of a layout line between wide gaps.
#[derive(Debug, Clone, Copy)]
struct Segment<'a> {
    /// Column (in characters) where the segment starts.
    start: usize,
    text: &'a str,
}

fn segments(line: &str) -> Vec<Segment<'_>> {
    let mut found = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (column, byte offset)
    let mut spaces = 0;
    let mut last_end = 0;
    for (column, (offset, c)) in line.char_indices().enumerate() {
        if c == ' ' {
            spaces += 1;
            if spaces == COLUMN_GAP
                && let Some((start_column, start_offset)) = start.take()
            {
                found.push(Segment {
                    start: start_column,
                    text: &line[start_offset..last_end],
                });
            }
            continue;
        }
        spaces = 0;
        if start.is_none() {
            start = Some((column, offset));
        }
        last_end = offset + c.len_utf8();
    }
    if let Some((start_column, start_offset)) = start {
        found.push(Segment {
            start: start_column,
            text: &line[start_offset..last_end],
        });
    }
    found
}

fn near(a: usize, b: usize) -> bool {
    a.abs_diff(b) <= COLUMN_SLACK
}

/// Rewrites side-by-side column blocks as one column after the other and
/// strips indentation.
fn split_columns(lines: &[&str]) -> Vec<String> {
    let segmented: Vec<Vec<Segment>> = lines.iter().map(|line| segments(line)).collect();
    let margin = segmented
        .iter()
        .filter_map(|line| line.first())
        .map(|segment| segment.start)
        .min()
        .unwrap_or(0);
    let mut output = Vec::with_capacity(lines.len());
    let mut index = 0;
    while index < lines.len() {
        // Lists side by side start a block of their own; two columns right
        // under other text are part of a wider table.
        // Checked first, so that each line is scanned by at most one block.
        let starts_block = index == 0 || segmented[index - 1].is_empty();
        let block_end = starts_block
            .then(|| column_block_end(&segmented, index, margin))
            .flatten();
        if let Some(end) = block_end {
            let (mut left, mut right) = (Vec::new(), Vec::new());
            let right_start = segmented[index][1].start;
            for line in &segmented[index..end] {
                for segment in line {
                    if segment.start + COLUMN_SLACK >= right_start {
                        right.push(segment.text.to_owned());
                    } else {
                        left.push(segment.text.to_owned());
                    }
                }
            }
            output.extend(left);
            output.extend(right);
            index = end;
        } else {
            output.push(lines[index].trim().to_owned());
            index += 1;
        }
    }
    output
}

/// When a column block starts at `start`, the index just past its end.
fn column_block_end(segmented: &[Vec<Segment>], start: usize, margin: usize) -> Option<usize> {
    let [left, right] = segmented[start].as_slice() else {
        return None;
    };
    if left.start < margin + COLUMN_INDENT {
        return None;
    }
    let (left_start, right_start) = (left.start, right.start);
    // Which columns each line of the block fills.
    let mut filled: Vec<(bool, bool)> = Vec::new();
    for line in &segmented[start..] {
        let columns = match line.as_slice() {
            [left, right] if near(left.start, left_start) && near(right.start, right_start) => {
                (true, true)
            }
            [only] if near(only.start, right_start) => (false, true),
            [only]
                if near(only.start, left_start)
                    && only.start + only.text.chars().count() < right_start =>
            {
                (true, false)
            }
            _ => break,
        };
        filled.push(columns);
    }
    let rows_with_both = filled
        .iter()
        .filter(|&&(left, right)| left && right)
        .count();
    // Two lists side by side fill each column from the top without gaps;
    // a table whose cells wrap leaves gaps, and its rows must stay rows.
    let without_gaps = |column: fn(&(bool, bool)) -> bool| {
        filled
            .iter()
            .skip_while(|row| column(row))
            .all(|row| !column(row))
    };
    (rows_with_both >= 2 && without_gaps(|row| row.0) && without_gaps(|row| row.1))
        .then_some(start + filled.len())
}

fn fold_blank_lines(lines: Vec<String>) -> Vec<String> {
    let mut folded: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let blank = line.is_empty();
        let after_blank = folded.last().is_none_or(String::is_empty);
        if !(blank && after_blank) {
            folded.push(line);
        }
    }
    while folded.last().is_some_and(String::is_empty) {
        folded.pop();
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: usize, body: &str) -> String {
        format!(
            "                                                  {number} (3)\n\
             \n                               6 februari 2018\n\
             \n                               SAMMANTRÄDESPROTOKOLL\n\
             \n{body}\n\
             Ordförandes signatur   Justerandes signatur     Utdragsbestyrkande\n"
        )
    }

    #[test]
    fn running_headers_footers_and_page_numbers_go() {
        let pages = [
            page(
                1,
                "§ 1                    Dnr KFKS 2018/3\n\nAnmälningar\nBeslut\nNoteras.\nBakgrund",
            ),
            page(
                2,
                "Ärendet\nBeslut\nAnmälningarna noteras\nHandlingar\nSkrivelse",
            ),
            page(
                3,
                "§ 2                    Dnr KFKS 2018/4\n\nÖvriga frågor\nInga.\nSlut\nMötet avslutas",
            ),
        ];
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        assert_eq!(
            tidy(&pages),
            "6 februari 2018\n\nSAMMANTRÄDESPROTOKOLL\n\n\
             § 1                    Dnr KFKS 2018/3\n\nAnmälningar\nBeslut\nNoteras.\nBakgrund\n\n\
             Ärendet\nBeslut\nAnmälningarna noteras\nHandlingar\nSkrivelse\n\n\
             § 2                    Dnr KFKS 2018/4\n\nÖvriga frågor\nInga.\nSlut\nMötet avslutas\n"
        );
    }

    #[test]
    fn a_sentence_broken_by_a_page_end_is_joined_without_a_blank_line() {
        assert_eq!(
            tidy(&["Kommunstyrelsen beslutar att\n", "godkänna förslaget.\n"]),
            "Kommunstyrelsen beslutar att\ngodkänna förslaget.\n"
        );
    }

    #[test]
    fn page_number_patterns() {
        for line in [
            "3 (17)",
            "Sida 2 av 5",
            "sida 2 (5)",
            "- 4 -",
            "4/17",
            "12",
            "Page 3 of 9",
        ] {
            assert!(PAGE_NUMBER.is_match(line), "{line}");
        }
        for line in [
            "1. Mötets öppnande",
            "§ 12",
            "2023-03-14",
            "Paragrafer 1 - 10",
        ] {
            assert!(!PAGE_NUMBER.is_match(line), "{line}");
        }
    }

    #[test]
    fn side_by_side_columns_are_read_one_after_the_other() {
        let layout = "\
Plats och tid       Nacka stadshus, sammanträdesrummet Jelgava kl 9.00 – 9.55

                    BESLUTANDE                            ERSÄTTARE
                    Mats Gerdau (M)                       Helene Skantze (M)
                    Tobias Nässén (M)                     Christine Lorne (C)
                    Hans Peters (C)

Justeringsdatum     8 februari 2018                       Paragrafer 1 - 10";
        let lines: Vec<&str> = layout.lines().collect();
        assert_eq!(
            split_columns(&lines),
            [
                "Plats och tid       Nacka stadshus, sammanträdesrummet Jelgava kl 9.00 – 9.55",
                "",
                "BESLUTANDE",
                "Mats Gerdau (M)",
                "Tobias Nässén (M)",
                "Hans Peters (C)",
                "ERSÄTTARE",
                "Helene Skantze (M)",
                "Christine Lorne (C)",
                "",
                "Justeringsdatum     8 februari 2018                       Paragrafer 1 - 10",
            ]
        );
    }

    #[test]
    fn a_table_with_wrapping_cells_keeps_its_rows() {
        let layout = "\
Anmälningar KSVU 2018-12-18
    Ärende                                      Åtgärd/ansvar
    Beslut ang. anmälningsärende                Lärarnas ansvar för anmälningsskyldighet,
    Stavsborgsskolan, KFKS 2017/1077            rektor och produktionsdirektör
    Skolinspektionen 2018-11-26
    Beslut efter systematisk                    Rektor och produktionsdirektör";
        let lines: Vec<&str> = layout.lines().collect();
        let expected: Vec<String> = lines.iter().map(|line| line.trim().to_owned()).collect();
        assert_eq!(split_columns(&lines), expected);
    }

    #[test]
    fn columns_right_under_a_wider_table_stay_rows() {
        let layout = "\
Sammanträdesdagar
 24 september          15 oktober              28 oktober
                                               11 november             18 november
                                               Endast behandling       19 november";
        let lines: Vec<&str> = layout.lines().collect();
        let expected: Vec<String> = lines.iter().map(|line| line.trim().to_owned()).collect();
        assert_eq!(split_columns(&lines), expected);
    }

    #[test]
    fn label_value_rows_at_the_margin_stay_whole() {
        let layout = "\
Sammanträdesdatum                             6 februari 2018
Anslaget sätts upp                            9 februari 2018
Anslaget tas ned                              5 mars 2018";
        let lines: Vec<&str> = layout.lines().collect();
        assert_eq!(split_columns(&lines), layout.lines().collect::<Vec<_>>());
    }

    #[test]
    fn segments_split_on_wide_gaps_only() {
        let found: Vec<(usize, &str)> = segments("  Mats Gerdau (M)   Åsa  Öberg")
            .into_iter()
            .map(|segment| (segment.start, segment.text))
            .collect();
        assert_eq!(found, [(2, "Mats Gerdau (M)"), (20, "Åsa  Öberg")]);
    }
}
