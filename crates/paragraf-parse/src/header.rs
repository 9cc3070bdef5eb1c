//! The header of the minutes: who, when, where.
//!
//! Minutes state these as labelled fields (`Plats: Jupiter`, `Närvarande`
//! followed by a column of names, `Vid protokollet Anna Berg`), in any of
//! three layouts: label and value on one line, label alone with the value
//! on the lines below, or two labels side by side heading two columns
//! (a protocol's `BESLUTANDE   ERSÄTTARE`). Labels are matched folded, so
//! OCR damage to å/ä/ö does not hide them.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::clean::Line;
use crate::fold::{collapse_spaces, fold};
use crate::people::{ListedName, parse_name_list};

/// What a label introduces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Attendees {
        group: Option<String>,
    },
    Guests {
        group: Option<String>,
    },
    Absent,
    Secretary,
    Chair,
    Adjusters,
    Location,
    /// `Plats och tid`, `Tid och plats`: both in one value.
    LocationAndTime,
    /// `Tid`, `Klockan`: the time, perhaps with the date.
    Time,
    Date,
    /// A label whose value must not be read as anything else
    /// (`Justeringsdatum`, `Paragrafer`, `Underskrifter`).
    Ignored,
}

/// Labels, folded, longest first so `övriga deltagare` wins over `deltagare`.
static LABELS: LazyLock<Vec<(&'static str, Field)>> = LazyLock::new(|| {
    use Field::*;
    let attendees = || Attendees { group: None };
    let substitutes = || Attendees {
        group: Some("Ersättare".to_string()),
    };
    let guests = || Guests { group: None };
    let mut labels = vec![
        ("deltagare", attendees()),
        ("narvarande", attendees()),
        ("narvarande ledamoter", attendees()),
        ("narvarande styrelseledamoter", attendees()),
        ("ledamoter", attendees()),
        ("beslutande", attendees()),
        ("beslutande ledamoter", attendees()),
        ("styrelseledamoter", attendees()),
        ("present", attendees()),
        ("members present", attendees()),
        ("attendees", attendees()),
        ("attendance", attendees()),
        ("tjanstgorande ersattare", substitutes()),
        ("ersattare", substitutes()),
        ("narvarande ersattare", substitutes()),
        ("ej tjanstgorande ersattare", substitutes()),
        ("extra deltagare", guests()),
        ("ovriga deltagare", guests()),
        ("ovriga narvarande", guests()),
        ("ovriga", guests()),
        ("tjansteman", guests()),
        ("narvarande tjansteman", guests()),
        ("adjungerade", guests()),
        ("adjungerad", guests()),
        ("gaster", guests()),
        ("inbjudna", guests()),
        ("also present", guests()),
        ("in attendance", guests()),
        ("guests", guests()),
        ("franvarande", Absent),
        ("franvarande ledamoter", Absent),
        ("forhinder", Absent),
        ("franvaro", Absent),
        ("anmald franvaro", Absent),
        ("anmalt forhinder", Absent),
        ("ej narvarande", Absent),
        ("apologies", Absent),
        ("absent", Absent),
        ("sekreterare", Secretary),
        ("motessekreterare", Secretary),
        ("protokollforare", Secretary),
        ("protokollsforare", Secretary),
        ("vid protokollet", Secretary),
        ("vid anteckningarna", Secretary),
        ("sammanstallning av anteckningar", Secretary),
        ("antecknat av", Secretary),
        ("antecknare", Secretary),
        ("minutes taken by", Secretary),
        ("minutes", Secretary),
        ("minute taker", Secretary),
        ("secretary", Secretary),
        ("ordforande", Chair),
        ("motesordforande", Chair),
        ("motets ordforande", Chair),
        ("chair", Chair),
        ("chairperson", Chair),
        ("chaired by", Chair),
        ("justerare", Adjusters),
        ("justerande", Adjusters),
        ("protokollsjusterare", Adjusters),
        ("utses att justera", Adjusters),
        ("justeras av", Adjusters),
        ("plats", Location),
        ("lokal", Location),
        ("motesplats", Location),
        ("sammantradesplats", Location),
        ("location", Location),
        ("venue", Location),
        ("place", Location),
        ("plats och tid", LocationAndTime),
        ("tid och plats", LocationAndTime),
        ("datum", Date),
        ("date", Date),
        ("datum och tid", Date),
        ("tid", Time),
        ("time", Time),
        ("klockan", Time),
        ("sammantradesdatum", Date),
        ("motesdatum", Date),
        ("justeringsdatum", Ignored),
        ("justeringens plats och tid", Ignored),
        ("justeringens tid och plats", Ignored),
        ("paragrafer", Ignored),
        ("underskrifter", Ignored),
        ("underskrift", Ignored),
        ("anslaget satts upp", Ignored),
        ("anslaget tas ned", Ignored),
        ("forvaringsplats for protokollet", Ignored),
    ];
    labels.sort_by_key(|(label, _)| std::cmp::Reverse(label.len()));
    labels
});

/// Labels that may be followed by their value after a single space
/// (`Vid protokollet Anna Berg`): phrases no sentence starts with.
const SPACE_SEPARATED: &[&str] = &[
    "vid protokollet",
    "vid anteckningarna",
    "sammanstallning av anteckningar",
    "antecknat av",
    "minutes taken by",
    "justeras av",
    "utses att justera",
    "chaired by",
    "plats och tid",
    "tid och plats",
];

/// `Mötesordförande Eva Strömberg`: a role label followed by a bare name.
fn role_then_name(field: &Field, text: &str, label_len: usize) -> bool {
    let roles = matches!(field, Field::Chair | Field::Secretary | Field::Adjusters);
    let Some(rest) = text.get(byte_in_original(text, &fold(text), label_len)..) else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().take(4).collect();
    roles
        && (2..=4).contains(&words.len())
        && crate::people::is_name(&words.join(" "))
        && rest.split_whitespace().count() <= 4
}

/// A label found at the start of a piece of text, and where its value starts.
fn match_label(text: &str) -> Option<(Field, usize)> {
    // Labels are short: fold only the start of a long line.
    let head_end = text.char_indices().nth(64).map_or(text.len(), |(i, _)| i);
    let text = &text[..head_end];
    let folded = fold(text);
    // Qualified participants: `Deltagare LG:`, `Deltagare Styrgrupp:`.
    static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:deltagare|narvarande)\s+([\p{L}+-]{2,20})\s*:").expect("valid regex")
    });
    // A label of its own (`Närvarande ledamöter:`) is not a qualified one.
    let plain_label = LABELS.iter().any(|(label, _)| {
        folded
            .strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    if let Some(caps) = QUALIFIED.captures(&folded).filter(|_| !plain_label) {
        let qualifier_range = caps.get(1)?.range();
        let end = caps.get(0)?.end();
        let qualifier = original_slice(text, &folded, qualifier_range)?;
        return Some((
            Field::Attendees {
                group: Some(qualifier),
            },
            byte_in_original(text, &folded, end),
        ));
    }
    for (label, field) in LABELS.iter() {
        let Some(rest) = folded.strip_prefix(label) else {
            continue;
        };
        // `Minutes` alone is a document's title; only `Minutes:` names the minute-taker.
        let needs_colon = matches!(*label, "minutes");
        if needs_colon && !rest.trim_start().starts_with(':') {
            continue;
        }
        let separator_len = if rest.is_empty() {
            0
        } else if let Some(after) = rest.strip_prefix(|c: char| c == ':' || c == '/') {
            rest.len() - after.len()
        } else if rest.starts_with("  ") || rest.starts_with('\t') {
            rest.len() - rest.trim_start().len()
        } else if rest.starts_with(' ') && rest.trim_start().starts_with(':') {
            rest.len() - rest.trim_start()[1..].len()
        } else if rest.starts_with(' ')
            && (SPACE_SEPARATED.contains(label) || role_then_name(field, text, label.len()))
        {
            1
        } else {
            continue;
        };
        let end = label.len() + separator_len;
        return Some((field.clone(), byte_in_original(text, &folded, end)));
    }
    None
}

/// Folding keeps the number of characters, so a byte offset in the folded
/// text maps to the same character offset in the original.
fn byte_in_original(original: &str, folded: &str, folded_byte: usize) -> usize {
    let chars = folded[..folded_byte.min(folded.len())].chars().count();
    original
        .char_indices()
        .nth(chars)
        .map_or(original.len(), |(i, _)| i)
}

fn original_slice(original: &str, folded: &str, range: std::ops::Range<usize>) -> Option<String> {
    let start = byte_in_original(original, folded, range.start);
    let end = byte_in_original(original, folded, range.end);
    original.get(start..end).map(str::to_string)
}

/// One labelled value, with the lines it was read from.
#[derive(Debug, Clone)]
pub struct LabelledValue {
    pub field: Field,
    pub value: String,
    pub lines: Vec<usize>,
}

/// Splits a line at runs of three or more spaces: the columns of a layout.
fn columns(line: &Line) -> Vec<(usize, &str)> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" {3,}").expect("valid regex"));
    let mut parts = Vec::new();
    let mut start = 0;
    for gap in GAP.find_iter(&line.text) {
        parts.push((
            line.indent + line.text[..start].chars().count(),
            &line.text[start..gap.start()],
        ));
        start = gap.end();
    }
    parts.push((
        line.indent + line.text[..start].chars().count(),
        &line.text[start..],
    ));
    parts
}

/// A piece of a line: a whole line, or one side of a line that carries a
/// second label in mid-line.
struct Segment<'a> {
    line: &'a Line,
    text: &'a str,
}

/// A label in mid-line, after a name list: `… Ingvarsson(MI) Frånvarande: …`.
/// Only attendance labels with a colon count, so prose is never split.
fn mid_line_label(text: &str) -> Option<usize> {
    if !text.contains(':') {
        return None;
    }
    static MID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s(fr[aå]nvarande|f[oö]rhinder|ej n[aä]rvarande|n[aä]rvarande|deltagare|ers[aä]ttare|g[aä]ster|justerare|sekreterare|ordf[oö]rande)\s*:")
            .expect("valid regex")
    });
    // Only after a list of names (`…(MI) Frånvarande:`), never inside a
    // label of its own (`Övriga deltagare:`).
    MID.find(text)
        .filter(|m| {
            let before = text[..m.start()].trim_end();
            before.ends_with(')') || before.contains(',')
        })
        .map(|m| m.start() + 1)
}

fn segments(lines: &[Line]) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    for line in lines {
        if line.text.is_empty() {
            segments.push(Segment { line, text: "" });
            continue;
        }
        match mid_line_label(&line.text) {
            Some(split) => {
                segments.push(Segment {
                    line,
                    text: line.text[..split].trim_end(),
                });
                segments.push(Segment {
                    line,
                    text: &line.text[split..],
                });
            }
            None => segments.push(Segment {
                line,
                text: &line.text,
            }),
        }
    }
    segments
}

/// Whether the line starts with a header label (`Underskrifter`, `Justerare:`).
pub fn is_label_line(text: &str) -> bool {
    match_label(text).is_some()
}

/// Whether a body line may start with a closing label (secretary, chair,
/// adjusters, absentees): a cheap test on its first word before the full match.
fn may_start_closing_label(text: &str) -> bool {
    static FIRST_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut words: Vec<&'static str> = LABELS
            .iter()
            .filter(|(_, field)| {
                matches!(
                    field,
                    Field::Secretary
                        | Field::Chair
                        | Field::Adjusters
                        | Field::Absent
                        | Field::Ignored
                )
            })
            .filter_map(|(label, _)| label.split(' ').next())
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    });
    let first: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .take(32)
        .collect();
    let first = fold(&first);
    FIRST_WORDS.iter().any(|w| first == *w) || mid_line_label(text).is_some()
}

/// Fields that hold a list and so may run on over several lines.
fn is_list_field(field: &Field) -> bool {
    matches!(
        field,
        Field::Attendees { .. } | Field::Guests { .. } | Field::Absent | Field::Adjusters
    )
}

/// A label found on a segment, with its value on the same line.
struct FoundLabel {
    field: Field,
    inline: String,
    /// Layout column where the value starts.
    value_column: usize,
    /// Segments after this one that belong to the label (a label wrapped
    /// over two lines: `Tjänstgörande` / `ersättare`).
    extra_segments: usize,
}

/// Character column of `part` (a slice of `line.text`) in the layout.
fn column_of(line: &Line, part: &str) -> usize {
    let byte = (part.as_ptr() as usize)
        .saturating_sub(line.text.as_ptr() as usize)
        .min(line.text.len());
    line.indent + line.text[..byte].chars().count()
}

/// Dot leaders and underscores stand where a signature goes.
fn strip_leaders(text: &str) -> String {
    text.split_whitespace()
        .filter(|word| !word.chars().all(|c| matches!(c, '.' | '_' | '…')))
        .collect::<Vec<_>>()
        .join(" ")
}

fn find_label(segments: &[Segment<'_>], at: usize, parts: &[(usize, &str)]) -> Option<FoundLabel> {
    let segment = &segments[at];
    let line = segment.line;
    // A label after an ignored one on the same line: `Underskrifter   Sekreterare`.
    let label_text = match parts {
        [(_, first), (_, second), ..] if matches!(match_label(first), Some((Field::Ignored, end)) if first[end..].trim().is_empty()) => {
            *second
        }
        _ => segment.text,
    };
    if let Some((field, value_start)) = match_label(label_text) {
        let value_text = &label_text[value_start..];
        return Some(FoundLabel {
            field,
            inline: strip_leaders(value_text),
            value_column: column_of(line, value_text.trim_start()),
            extra_segments: 0,
        });
    }
    // A label wrapped under itself in a layout: `Tjänstgörande   Helena Åkesson (V)` / `ersättare`.
    let [(_, first), rest @ ..] = parts else {
        return None;
    };
    let next = segments.get(at + 1)?;
    let wraps = next.line.number == line.number + 1
        && next.line.indent == line.indent
        && !next.text.contains("   ")
        && next.text.split_whitespace().count() <= 3;
    if !wraps || rest.is_empty() {
        return None;
    }
    let combined = format!("{first} {}", next.text);
    let (field, end) = match_label(&combined)?;
    if !combined[end..].trim().is_empty() {
        return None;
    }
    let inline = rest
        .iter()
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("   ");
    Some(FoundLabel {
        field,
        inline: strip_leaders(&inline),
        value_column: rest[0].0,
        extra_segments: 1,
    })
}

/// Reads every labelled value. Labels are read in the header, before
/// `body_start` (a line index); after it only the closing ones (secretary,
/// chair, adjusters, absentees) that minutes put at their end.
pub fn labelled_values(lines: &[Line], body_start: usize) -> Vec<LabelledValue> {
    let segments = segments(lines);
    let mut values = Vec::new();
    let mut index = 0;
    while index < segments.len() {
        let segment = &segments[index];
        let line = segment.line;
        let line_index = line.number - 1;
        index += 1;
        if segment.text.is_empty() {
            continue;
        }
        let in_body = line_index >= body_start;
        if in_body && !may_start_closing_label(segment.text) {
            continue;
        }
        let parts = if segment.text.len() == line.text.len() {
            columns(line)
        } else {
            vec![(line.indent, segment.text)]
        };
        let labelled_parts: Vec<(usize, Field)> = parts
            .iter()
            .filter_map(|(col, text)| match match_label(text) {
                Some((field, end)) if text[end..].trim().is_empty() => Some((*col, field)),
                _ => None,
            })
            .collect();
        if !in_body && labelled_parts.len() >= 2 && labelled_parts.len() == parts.len() {
            let (next_line, column_values) = read_columns(lines, line_index + 1, &labelled_parts);
            for ((_, field), (value, value_lines)) in labelled_parts.into_iter().zip(column_values)
            {
                values.push(LabelledValue {
                    field,
                    value,
                    lines: value_lines,
                });
            }
            while index < segments.len() && segments[index].line.number - 1 < next_line {
                index += 1;
            }
            continue;
        }
        let Some(found) = find_label(&segments, index - 1, &parts) else {
            continue;
        };
        let closing = matches!(
            found.field,
            Field::Secretary | Field::Chair | Field::Adjusters | Field::Absent
        );
        if in_body && !closing {
            continue;
        }
        index += found.extra_segments;
        let field = found.field;
        let mut value = found.inline;
        let mut value_lines = vec![line.number];
        // A label alone takes the lines below it; a list runs on until a
        // blank line or the next label; a single value only on lines
        // aligned under it (layouts).
        while index < segments.len() {
            let next = &segments[index];
            if next.text.is_empty() {
                let gap_before_value =
                    value.trim().is_empty() && next.line.number <= line.number + 2;
                if gap_before_value {
                    index += 1;
                    continue;
                }
                break;
            }
            if match_label(next.text).is_some() || looks_like_section_start(next.text) {
                break;
            }
            let aligned = found.value_column > 8 && next.line.indent + 1 >= found.value_column;
            if !value.trim().is_empty() && !is_list_field(&field) && !aligned {
                break;
            }
            value.push('\n');
            if next.line.bullet {
                value.push(crate::people::BULLET_MARK);
            }
            value.push_str(next.text);
            value_lines.push(next.line.number);
            index += 1;
        }
        if !value.trim().is_empty() && field != Field::Ignored {
            values.push(LabelledValue {
                field,
                value: value.trim().to_string(),
                lines: value_lines,
            });
        }
    }
    values
}

/// Lines that end a header value: a numbered point or a section word.
fn looks_like_section_start(text: &str) -> bool {
    static START: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:§\s*\d|\d{1,2}[.)]\s+\p{Lu})").expect("valid regex"));
    START.is_match(text)
}

/// Reads two or more side-by-side columns under their labels, up to the
/// first blank line. Returns the index of the line after them.
fn read_columns(
    lines: &[Line],
    start: usize,
    labels: &[(usize, Field)],
) -> (usize, Vec<(String, Vec<usize>)>) {
    let mut columns: Vec<(String, Vec<usize>)> = vec![(String::new(), Vec::new()); labels.len()];
    let mut index = start;
    while index < lines.len() && !lines[index].is_blank() {
        let line = &lines[index];
        for (col, text) in self::columns(line) {
            // Each piece goes to the column whose label starts nearest at or before it.
            let slot = labels
                .iter()
                .rposition(|(label_col, _)| *label_col <= col + 2)
                .unwrap_or(0);
            let (value, value_lines) = &mut columns[slot];
            value.push('\n');
            value.push_str(text);
            if value_lines.last() != Some(&line.number) {
                value_lines.push(line.number);
            }
        }
        index += 1;
    }
    (index, columns)
}

/// The header's facts, read from labelled values and the letterhead.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub date_line: Option<String>,
    pub location: Option<String>,
    pub time_text: Option<String>,
    pub attendees: Vec<(ListedName, Option<String>)>,
    pub guests: Vec<(ListedName, Option<String>)>,
    pub absent: Vec<ListedName>,
    pub secretary: Option<String>,
    pub chair: Option<String>,
    pub adjusters: Vec<String>,
    /// Lines that belong to the header fields, never to an item.
    pub consumed: BTreeSet<usize>,
}

/// Reads the header from the cleaned lines; `body_start` is the index of
/// the first line of the first item or section.
pub fn read_header(lines: &[Line], body_start: usize) -> Header {
    let mut header = Header::default();
    for labelled in labelled_values(lines, body_start) {
        header.consumed.extend(labelled.lines.iter().copied());
        let value = labelled.value;
        match labelled.field {
            Field::Attendees { group } => {
                for (subgroup, names) in subgroups(&value) {
                    let group = subgroup.or_else(|| group.clone());
                    header.attendees.extend(
                        parse_name_list(&names)
                            .into_iter()
                            .map(|n| (n, group.clone())),
                    );
                }
            }
            Field::Guests { group } => {
                let (group, note, names) = guest_list(&value, group);
                header.guests.extend(names.into_iter().map(|mut n| {
                    if n.notes.is_empty()
                        && let Some(note) = &note
                    {
                        n.notes.push(note.clone());
                    }
                    (n, group.clone())
                }));
            }
            Field::Absent => header.absent.extend(parse_name_list(&value)),
            Field::Secretary => {
                if header.secretary.is_none() {
                    header.secretary = first_name_in(&value);
                }
            }
            Field::Chair => {
                if header.chair.is_none() {
                    header.chair = first_name_in(&value);
                }
            }
            Field::Adjusters => {
                header
                    .adjusters
                    .extend(parse_name_list(&value).into_iter().map(|n| n.name));
            }
            Field::Location => {
                if header.location.is_none() {
                    header.location = Some(collapse_spaces(&value));
                }
            }
            Field::LocationAndTime => {
                header.time_text.get_or_insert_with(|| value.clone());
                if header.location.is_none() {
                    header.location = Some(value);
                }
            }
            Field::Date => {
                header.date_line.get_or_insert(value);
            }
            Field::Time => {
                header.time_text.get_or_insert_with(|| value.clone());
                header.date_line.get_or_insert(value);
            }
            Field::Ignored => {}
        }
    }
    header
}

/// A list split at sub-group labels: `Arbetsgivare: …` / `Arbetstagare: …`.
fn subgroups(value: &str) -> Vec<(Option<String>, String)> {
    static SUBGROUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<group>\p{Lu}[\p{L} -]{1,30}?)\s*:\s*(?P<rest>.*)$").expect("valid regex")
    });
    let mut chunks: Vec<(Option<String>, String)> = vec![(None, String::new())];
    for line in value.lines() {
        let bare = line.trim_start_matches(crate::people::BULLET_MARK).trim();
        match SUBGROUP.captures(bare) {
            Some(caps) if match_label(bare).is_none() => {
                chunks.push((
                    Some(caps["group"].trim().to_string()),
                    caps["rest"].to_string(),
                ));
            }
            _ => {
                let (_, text) = chunks.last_mut().expect("one chunk at least");
                text.push('\n');
                text.push_str(line);
            }
        }
    }
    chunks
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .collect()
}

fn first_name_in(value: &str) -> Option<String> {
    parse_name_list(value).into_iter().next().map(|n| n.name)
}

/// Guests are often listed as a group with a time span and the names in
/// parentheses: `Styrgruppen deltar 13 -15.00 (Birgitta Forssman, Maria Holm)`.
fn guest_list(
    value: &str,
    group: Option<String>,
) -> (Option<String>, Option<String>, Vec<ListedName>) {
    static GROUPED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^(?P<lead>[^(]*)\((?P<names>[^)]*,[^)]*)\)").expect("valid regex")
    });
    static SPAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\d{1,2}(?:[.:]\d\d)?\s*[-–]\s*\d{1,2}(?:[.:]\d\d)?").expect("valid regex")
    });
    if let Some(caps) = GROUPED.captures(value) {
        let lead = collapse_spaces(&caps["lead"]);
        let note = SPAN
            .find(&lead)
            .map(|m| m.as_str().split_whitespace().collect::<String>());
        let lead_group = lead
            .split_whitespace()
            .next()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .map(str::to_string);
        return (lead_group.or(group), note, parse_name_list(&caps["names"]));
    }
    (group, None, parse_name_list(value))
}
