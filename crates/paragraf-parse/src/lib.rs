//! Text to meeting record.
//!
//! The pipeline, in order: [`clean`] blanks page furniture and strips
//! bullet glyphs while keeping line numbers; the caller may repair OCR
//! damage on the cleaned text; [`header`] reads who, when and where;
//! [`items`] segments sections and items; [`content`] reads each item's
//! text, presenters, decisions and actions. The crate knows nothing about
//! files, storage or output formats: text in, record out.

pub mod clean;
mod content;
pub mod dates;
pub mod fold;
mod header;
mod items;
mod people;
pub mod score;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use paragraf_record::{Absentee, Attendee, DateBasis, Guest, Item, MeetingRecord, SCHEMA, Source};
use regex::Regex;

use crate::clean::Line;
use crate::content::{Context, read_item};
use crate::dates::{find_date, find_times, infer_year, iso, mentioned_years};
use crate::fold::{collapse_spaces, fold};
use crate::header::{Header, read_header};
use crate::people::{Directory, is_name};

/// A parsed document: its record and the text its `lines` refer to.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub record: MeetingRecord,
    /// The cleaned (and repaired, when the caller repaired) text, one
    /// line per input line.
    pub text: String,
}

/// Cleans `text` into the lines the record's `lines` refer to.
pub fn clean_text(text: &str) -> String {
    lines_to_text(&clean::clean(text))
}

fn lines_to_text(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// OCR repair as the parser sees it: text in, repaired text and the
/// number of words changed out. It must keep the line count.
pub type Repair<'a> = &'a dyn Fn(&str) -> (String, usize);

/// Structure a document format states outright (a Word heading style, a
/// bulleted list), by 1-based line of the text. Plain text has none.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub headings: BTreeSet<usize>,
    pub bullets: BTreeSet<usize>,
}

/// Parses minutes. `repair` is applied to the cleaned text before the
/// structure is read; it must keep the line count, and returns the
/// repaired text and how many words it changed.
pub fn parse(text: &str, source: Source, repair: Option<Repair<'_>>) -> Parsed {
    parse_structured(text, source, repair, &Structure::default())
}

/// Parses minutes whose format told their structure: heading lines start
/// items or sections, bulleted lines read as bullets whatever their glyph.
pub fn parse_structured(
    text: &str,
    mut source: Source,
    repair: Option<Repair<'_>>,
    structure: &Structure,
) -> Parsed {
    let mut lines = clean::clean(text);
    for line in lines.iter_mut().filter(|line| !line.is_blank()) {
        line.bullet |= structure.bullets.contains(&line.number);
        line.heading |= structure.headings.contains(&line.number);
    }
    if let Some(repair) = repair {
        let cleaned = lines_to_text(&lines);
        let (repaired, changed) = repair(&cleaned);
        let repaired_lines: Vec<&str> = repaired.split('\n').collect();
        // A repair that broke the line structure is ignored, never trusted.
        if repaired_lines.len() == lines.len() {
            for (line, text) in lines.iter_mut().zip(repaired_lines) {
                line.text = text.to_string();
            }
            source.ocr_repaired_words = changed;
        }
    }
    let record = extract(&lines, source);
    Parsed {
        record,
        text: lines_to_text(&lines),
    }
}

fn extract(lines: &[Line], source: Source) -> MeetingRecord {
    let full_text = lines_to_text(lines);
    // An agenda listed up front is a table of contents, not the points.
    let agenda = items::agenda_listing(lines);
    let without_agenda: Vec<Line>;
    let lines = if agenda.is_empty() {
        lines
    } else {
        without_agenda = lines
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let mut line = line.clone();
                if agenda.contains(&index) {
                    line.text.clear();
                }
                line
            })
            .collect();
        &without_agenda
    };
    let body_start = match items::body_start(lines) {
        // No number or section word anywhere: the body starts after the header's fields.
        start if start == lines.len() => first_line_after_header(lines),
        start => start,
    };
    let header = read_header(lines, body_start);
    let directory = directory_of(&header);
    let years = mentioned_years(&full_text);

    let (date, date_basis, date_line) = meeting_date(lines, body_start, &header, &years);
    let (start_time, end_time) = meeting_times(&header, date_line.as_deref(), lines, body_start);
    let (organization, body) = letterhead(lines, body_start, &header.consumed);
    let location = header
        .location
        .as_deref()
        .and_then(clean_location)
        .or_else(|| date_line.as_deref().and_then(place_in_date_line));

    let meeting_year = date.as_deref().and_then(|d| d[..4].parse().ok());
    let reference_year = meeting_year.or_else(|| most_mentioned(&years));
    let context = Context {
        directory: &directory,
        year: reference_year,
    };
    let raw_items = items::segment(lines, body_start, &header.consumed, &directory);
    let mut record_items: Vec<Item> = raw_items
        .iter()
        .map(|raw| {
            let content = read_item(lines, raw, &context);
            Item {
                number: raw.number.clone(),
                title: collapse_spaces(&raw.title),
                section: raw.section,
                presenters: content.presenters,
                text: content.text,
                lines: [raw.first_line(), content.last_line.max(raw.first_line())],
                decisions: content.decisions,
                actions: content.actions,
            }
        })
        .collect();
    let summary_flags: Vec<bool> = raw_items
        .iter()
        .map(|raw| raw.section == paragraf_record::Section::Decision && !raw.is_paragraph)
        .collect();
    merge_decision_summaries(&mut record_items, &summary_flags);

    let attendees: Vec<Attendee> = header
        .attendees
        .iter()
        .map(|(listed, group)| Attendee {
            name: listed.name.clone(),
            initials: listed.initials.clone(),
            group: group.clone(),
            party: listed.party.clone(),
        })
        .collect();
    let mut guests: Vec<Guest> = header
        .guests
        .iter()
        .map(|(listed, group)| Guest {
            name: listed.name.clone(),
            group: group.clone(),
            note: (!listed.notes.is_empty()).then(|| listed.notes.join(", ")),
        })
        .collect();
    add_external_presenters(&mut guests, &record_items, &directory, &attendees);
    let absent: Vec<Absentee> = header
        .absent
        .iter()
        .map(|listed| Absentee {
            name: listed.name.clone(),
            note: (!listed.notes.is_empty()).then(|| listed.notes.join(", ")),
        })
        .collect();
    let secretary = header.secretary.clone().or_else(|| {
        header
            .attendees
            .iter()
            .map(|(l, _)| l)
            .chain(header.absent.iter())
            .find(|l| l.notes.iter().any(|n| fold(n).starts_with("sekr")))
            .map(|l| l.name.clone())
    });
    let chair = header.chair.clone().or_else(|| {
        header
            .attendees
            .iter()
            .find(|(l, _)| {
                l.notes
                    .iter()
                    .any(|n| fold(n).starts_with("ordf") || fold(n) == "chair")
            })
            .map(|(l, _)| l.name.clone())
    });

    MeetingRecord {
        schema: SCHEMA.to_string(),
        source,
        organization,
        body,
        date,
        date_basis,
        start_time,
        end_time,
        location,
        attendees,
        guests,
        absent,
        secretary,
        chair,
        adjusters: header.adjusters.clone(),
        items: record_items,
        links: links(&full_text),
    }
}

fn first_line_after_header(lines: &[Line]) -> usize {
    let header = read_header(lines, lines.len());
    let Some(&first_field) = header.consumed.iter().next() else {
        return 0;
    };
    let mut index = first_field - 1;
    while index < lines.len()
        && (lines[index].is_blank() || header.consumed.contains(&lines[index].number))
    {
        index += 1;
    }
    index
}

fn directory_of(header: &Header) -> Directory {
    let mut directory = Directory::default();
    for (listed, _) in header.attendees.iter().chain(header.guests.iter()) {
        directory.add(&listed.name, listed.initials.as_deref());
    }
    for listed in &header.absent {
        directory.add(&listed.name, listed.initials.as_deref());
    }
    for name in header
        .secretary
        .iter()
        .chain(header.chair.iter())
        .chain(header.adjusters.iter())
    {
        directory.add(name, None);
    }
    directory
}

/// Lines that carry dates other than the meeting's.
fn is_other_date_line(text: &str) -> bool {
    let folded = fold(text);
    [
        "juster",
        "anslag",
        "nasta mote",
        "nasta sammantrade",
        "tillkannag",
        "nedtag",
        "uppsatt",
        "next meeting",
    ]
    .iter()
    .any(|w| folded.contains(w))
}

fn meeting_date(
    lines: &[Line],
    body_start: usize,
    header: &Header,
    years: &std::collections::BTreeMap<i16, usize>,
) -> (Option<String>, Option<DateBasis>, Option<String>) {
    let candidates = header.date_line.iter().cloned().chain(
        lines[..body_start]
            .iter()
            .filter(|l| !is_other_date_line(&l.text))
            .map(|l| l.text.clone()),
    );
    for candidate in candidates {
        let Some((date, _)) = find_date(&candidate) else {
            continue;
        };
        if let Some(year) = date.year {
            if let Some(iso) = iso(year, date.month, date.day) {
                return (Some(iso), Some(DateBasis::Stated), Some(candidate));
            }
            continue;
        }
        let inferred = infer_year(&date, years).and_then(|year| iso(year, date.month, date.day));
        return match inferred {
            Some(iso) => (Some(iso), Some(DateBasis::Inferred), Some(candidate)),
            None => (None, None, Some(candidate)),
        };
    }
    (None, None, None)
}

fn meeting_times(
    header: &Header,
    date_line: Option<&str>,
    lines: &[Line],
    body_start: usize,
) -> (Option<String>, Option<String>) {
    if let Some((start, end)) = header
        .time_text
        .as_deref()
        .and_then(dates::find_labelled_times)
    {
        return (Some(start), end);
    }
    let candidates = date_line.into_iter().chain(
        lines[..body_start]
            .iter()
            .filter(|l| !is_other_date_line(&l.text))
            .map(|l| l.text.as_str()),
    );
    for candidate in candidates {
        if let Some((start, end)) = find_times(candidate) {
            return (Some(start), end);
        }
    }
    (None, None)
}

/// The place without the date and time written beside it.
fn clean_location(value: &str) -> Option<String> {
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\bkl(?:ockan)?\.?\s*)+\d{1,2}(?:[.:]\d\d)?(?:\s*[-–—]\s*(?:kl\.?\s*)?\d{1,2}(?:[.:]\d\d)?)?|\b\d{1,2}[.:]\d\d(?:\s*[-–—]\s*\d{1,2}(?:[.:]\d\d)?)?")
            .expect("valid regex")
    });
    let mut text = collapse_spaces(value);
    if let Some((_, range)) = find_date(&text) {
        text.replace_range(range, " ");
    }
    let text = TIME.replace_all(&text, " ");
    let text = collapse_spaces(&text);
    let text = text
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | '–' | ':'))
        .trim_end_matches(" kl")
        .trim();
    let text = text
        .strip_prefix("| ")
        .map(|rest| format!("I {rest}"))
        .unwrap_or_else(|| text.to_string());
    (!text.is_empty()).then_some(text)
}

/// `tisdagen den 11 mars 2025, kl. 09.30–12.00, i Lindebysalen, kommunhuset`:
/// with no `Plats` label, the place is what follows `i` after the date and time.
fn place_in_date_line(line: &str) -> Option<String> {
    let rest = clean_location(line)?;
    let rest = rest
        .strip_prefix("i ")
        .or_else(|| rest.strip_prefix("I "))?;
    let place = rest.trim_end_matches(['.', ',']).trim();
    (!place.is_empty() && place.split_whitespace().count() <= 6).then(|| place.to_string())
}

/// Organisation and body from the letterhead above the header fields.
fn letterhead(
    lines: &[Line],
    body_start: usize,
    consumed: &BTreeSet<usize>,
) -> (Option<String>, Option<String>) {
    const ORGANIZATION_WORDS: &[&str] = &[
        "forvaltning",
        "kommun",
        "region",
        "landsting",
        "forening",
        "forbund",
        "stiftelse",
        "bolag",
        " ab",
        "universitet",
        "association",
        "society",
        "company",
        "council",
        "municipality",
        "school district",
        "forsamling",
        "kyrka",
    ];
    const BODY_WORDS: &[&str] = &[
        "namnd",
        "styrelse",
        "utskott",
        "ledningsgrupp",
        "grupp",
        "rad",
        "fullmaktige",
        "kommitte",
        "beredning",
        "presidium",
        "board",
        "committee",
        "arsmote",
        "stamma",
        "ledning",
        "arbetsutskott",
        "team",
        "natverk",
        "forum",
        "samverkansgrupp",
        "skolrad",
        "elevrad",
        "kollegium",
    ];
    const TITLE_WORDS: &[&str] = &[
        "protokoll",
        "motesanteckningar",
        "minnesanteckningar",
        "anteckningar",
        "sammantradesprotokoll",
        "minutes",
        "dagordning",
        "kallelse",
        "motesprotokoll",
        "protocol",
    ];
    static SAMMANTRADE_MED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:sammanträde|möte|sammankomst|meeting)\s+(?:med|i|för|of)\s+(?:the\s+)?(?P<body>\p{Lu}[\p{L}\- ]+?)(?:\s+(?:den|i|on|held)\b|[,.(]|\s+\d|$)")
            .expect("valid regex")
    });
    static BODY_IN_ORGANIZATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<body>\p{Lu}[\p{L}\- ]+?(?:nämnd|styrelse|utskott|råd|fullmäktige)(?:en|et|s)?)\s+(?:i|för)\s+(?P<organization>\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}\-]+)?\s+(?:kommun|region|landsting)|Region\s+\p{Lu}[\p{L}\-]+)$")
            .expect("valid regex")
    });
    let mut organization = None;
    let mut bodies: Vec<String> = Vec::new();
    // The letterhead stands above the first labelled field; what follows the
    // fields (a protocol's `Bevis om anslagsdag`) is not letterhead.
    let first_field = consumed
        .iter()
        .next()
        .map_or(body_start, |&number| (number - 1).min(body_start));
    let head: Vec<&Line> = lines[..first_field]
        .iter()
        .filter(|l| !l.is_blank())
        .take(8)
        .collect();
    for line in head {
        // The columns of a layout are separate pieces.
        let pieces = line
            .text
            .split("   ")
            .map(str::trim)
            .filter(|p| !p.is_empty());
        for piece in pieces {
            let piece = sentence_case_if_shouting(&strip_letterhead_junk(piece));
            // `Anteckningar – Kvalitetsgruppen`: the document's kind, then its body.
            let piece = after_document_kind(&piece, TITLE_WORDS).unwrap_or(piece);
            let folded = fold(&piece);
            if piece.is_empty()
                || find_date(&piece).is_some() && folded.split_whitespace().count() <= 6
            {
                continue;
            }
            if let Some(caps) = SAMMANTRADE_MED.captures(&piece) {
                bodies.push(collapse_spaces(&caps["body"]));
                continue;
            }
            let words = folded.split_whitespace().count();
            if TITLE_WORDS
                .iter()
                .any(|w| folded.split_whitespace().next() == Some(*w))
                && words <= 3
            {
                continue;
            }
            if words > 8 || piece.contains(':') {
                continue;
            }
            let is_body = folded.split_whitespace().any(|word| {
                let stems = ["", "en", "et", "n", "t", "s"]
                    .iter()
                    .filter_map(|end| word.strip_suffix(end));
                stems
                    .into_iter()
                    .any(|stem| BODY_WORDS.iter().any(|w| stem.ends_with(w)))
            });
            let is_organization = ORGANIZATION_WORDS.iter().any(|w| folded.contains(w));
            if let Some(caps) = BODY_IN_ORGANIZATION.captures(&piece) {
                // `Socialnämnden i Bergsjö kommun`: a body within its organisation.
                bodies.push(caps["body"].to_string());
                organization.get_or_insert_with(|| caps["organization"].to_string());
            } else if is_body && !folded.ends_with("kommun") {
                bodies.push(piece.to_string());
            } else if is_organization && organization.is_none() {
                organization = Some(piece.to_string());
            }
        }
    }
    let body = bodies
        .into_iter()
        .max_by_key(|b| b.split_whitespace().count());
    (organization, body)
}

/// What follows `Kind – ` when the piece opens with one of the document
/// `kinds` (folded) and a dash.
fn after_document_kind(piece: &str, kinds: &[&str]) -> Option<String> {
    let (kind, rest) = piece.split_once(char::is_whitespace)?;
    let rest = rest.trim_start().strip_prefix(['–', '—', '-'])?.trim();
    (kinds.contains(&fold(kind).as_str()) && !rest.is_empty()).then(|| rest.to_string())
}

/// `VÄSTERFORS KOMMUN` → `Västerfors kommun`: letterheads set in capitals
/// are names written in sentence case.
fn sentence_case_if_shouting(text: &str) -> String {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let shouting = letters > 3
        && text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if !shouting {
        return text.to_string();
    }
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Logos come through OCR as stray marks before the letterhead text
/// (`% Skol - och fritidsförvaltningen`, `e A Skol och …`).
fn strip_letterhead_junk(text: &str) -> String {
    static SPACED_HYPHEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\p{L}) - (och|eller|samt)\b").expect("valid regex"));
    let words: Vec<&str> = text.split_whitespace().collect();
    let first_real = words
        .iter()
        .position(|w| w.chars().count() > 1 && w.chars().next().is_some_and(char::is_alphabetic))
        .unwrap_or(words.len());
    let rest = words[first_real..].join(" ");
    SPACED_HYPHEN.replace_all(&rest, "$1- $2").to_string()
}

fn most_mentioned(years: &std::collections::BTreeMap<i16, usize>) -> Option<i16> {
    let max = years.values().max()?;
    let top: Vec<i16> = years
        .iter()
        .filter(|(_, c)| *c == max)
        .map(|(y, _)| *y)
        .collect();
    match top.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// A closing (or opening) `Beslut` section restates decisions taken in
/// the items: attach each once, to its item, and drop the restatement.
fn merge_decision_summaries(items: &mut Vec<Item>, summary_flags: &[bool]) {
    let mut keep = vec![true; items.len()];
    for summary_index in 0..items.len() {
        if !summary_flags[summary_index] {
            continue;
        }
        let summary = items[summary_index].clone();
        let target = items.iter().enumerate().position(|(index, item)| {
            index != summary_index
                && !summary_flags[index]
                && titles_match(&summary.title, &item.title)
        });
        let duplicate_elsewhere = |items: &[Item]| {
            summary.decisions.iter().all(|decision| {
                items.iter().enumerate().any(|(index, item)| {
                    index != summary_index
                        && item
                            .decisions
                            .iter()
                            .any(|d| similar(&d.text, &decision.text))
                })
            })
        };
        if let Some(target) = target {
            for decision in &summary.decisions {
                if !items[target]
                    .decisions
                    .iter()
                    .any(|d| similar(&d.text, &decision.text))
                {
                    items[target].decisions.push(decision.clone());
                }
            }
            keep[summary_index] = false;
        } else if !summary.decisions.is_empty() && duplicate_elsewhere(items) {
            keep[summary_index] = false;
        }
    }
    let mut flags = keep.into_iter();
    items.retain(|_| flags.next().unwrap_or(true));
}

fn word_set(text: &str) -> BTreeSet<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_string)
        .collect()
}

fn titles_match(a: &str, b: &str) -> bool {
    let (a, b) = (word_set(a), word_set(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = a.intersection(&b).count();
    shared == a.len().min(b.len()) || shared * 3 >= a.union(&b).count() * 2
}

/// Two decision texts say the same thing: most of the shorter's words are in the longer.
fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (word_set(a), word_set(b));
    let shorter = a.len().min(b.len());
    shorter > 0 && a.intersection(&b).count() * 10 >= shorter * 6
}

/// Presenters who are not members are guests (`Föredragande: Julia Dahl`).
fn add_external_presenters(
    guests: &mut Vec<Guest>,
    items: &[Item],
    directory: &Directory,
    attendees: &[Attendee],
) {
    static FROM_ORGANIZATION: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,2}";
        Regex::new(&format!(r"(?P<names>{name}(?:\s*(?:,|och)\s*{name})*)\s+(?:från|fran)\s+(?P<org>\p{{Lu}}[\p{{L}}]+(?:\s+\p{{Lu}}[\p{{L}}]+)?)"))
            .expect("valid regex")
    });
    let known = |guests: &[Guest], name: &str| {
        attendees.iter().any(|a| fold(&a.name) == fold(name))
            || guests.iter().any(|g| fold(&g.name) == fold(name))
    };
    for item in items {
        for presenter in &item.presenters {
            if presenter.contains(' ')
                && is_name(presenter)
                && !known(guests, presenter)
                && !directory.contains(presenter)
            {
                guests.push(Guest {
                    name: presenter.clone(),
                    group: None,
                    note: None,
                });
            }
        }
        for sentence in item
            .text
            .split(". ")
            .filter(|s| s.contains("från") || s.contains("fran"))
        {
            let folded = fold(sentence);
            let attends = [
                "deltog",
                "presenterar",
                "presenterade",
                "medverkade",
                "narvarade",
                "gastade",
                "informerade",
            ]
            .iter()
            .any(|v| folded.contains(v));
            if !attends {
                continue;
            }
            for caps in FROM_ORGANIZATION.captures_iter(sentence) {
                let organization = caps["org"].to_string();
                for listed in people::parse_name_list(&caps["names"]) {
                    if !known(guests, &listed.name) {
                        guests.push(Guest {
                            name: listed.name,
                            group: Some(organization.clone()),
                            note: None,
                        });
                    }
                }
            }
        }
    }
}

/// Every URL in the text, deduplicated in order of first appearance.
fn links(text: &str) -> Vec<String> {
    static URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"”)\]]+"#).expect("valid regex")
    });
    let mut found: Vec<String> = Vec::new();
    for m in URL.find_iter(text) {
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?'])
            .to_string();
        if !found.contains(&url) {
            found.push(url);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use paragraf_record::SourceFormat;

    fn source() -> Source {
        Source {
            file: "t.txt".into(),
            sha256: String::new(),
            format: SourceFormat::Txt,
            ocr_repaired_words: 0,
        }
    }

    #[test]
    fn location_without_time() {
        assert_eq!(
            clean_location("Nacka stadshus, sammanträdesrummet Jelgava kl 9.00 – 9.55").as_deref(),
            Some("Nacka stadshus, sammanträdesrummet Jelgava")
        );
        assert_eq!(clean_location("Jupiter").as_deref(), Some("Jupiter"));
        assert_eq!(
            clean_location("| smågrupper samt via Teams").as_deref(),
            Some("I smågrupper samt via Teams")
        );
    }

    #[test]
    fn text_that_is_not_minutes_gives_a_record_of_nulls() {
        let parsed = parse("Det här är en dikt.\nOm hösten.\n", source(), None);
        assert_eq!(parsed.record.date, None);
        assert!(parsed.record.attendees.is_empty());
        assert_eq!(parsed.text.lines().count(), 2);
    }

    #[test]
    fn a_heading_the_format_states_starts_an_item() {
        let text = "Information\n\nBudgeten\nKort om läget.\n\nLokaler\nInget nytt.\n";
        let plain = parse(text, source(), None);
        assert!(plain.record.items.is_empty(), "{:?}", plain.record.items);
        let structure = Structure {
            headings: [3, 6].into_iter().collect(),
            bullets: BTreeSet::new(),
        };
        let structured = parse_structured(text, source(), None, &structure);
        let titles: Vec<&str> = structured
            .record
            .items
            .iter()
            .map(|i| i.title.as_str())
            .collect();
        assert_eq!(titles, ["Budgeten", "Lokaler"]);
        assert_eq!(structured.record.items[0].text, "Kort om läget.");
    }

    #[test]
    fn a_presenter_line_below_a_numbered_heading_names_the_presenter() {
        let text = "Närvarande: Anna Lind, Per Ek\n\n1. Lokaler\nFöredragande: Anna Lind\n\nFörskolan behöver nya lokaler.\n\n2. Ekonomi\nFöredragande: Per Ek och Anna Lind\n\nBudgeten håller.\n";
        let record = parse(text, source(), None).record;
        let presenters: Vec<&[String]> = record
            .items
            .iter()
            .map(|item| item.presenters.as_slice())
            .collect();
        assert_eq!(
            presenters,
            [
                &["Anna Lind".to_string()][..],
                &["Per Ek".to_string(), "Anna Lind".to_string()][..]
            ]
        );
        assert_eq!(record.items[0].text, "Förskolan behöver nya lokaler.");
    }

    #[test]
    fn an_agenda_listed_up_front_is_not_the_items() {
        let text = "Närvarande: Anna Berg, Bo Holm\n\nDagordning\n1. Öppnande\n2. Ekonomi\n3. Övrigt\n\n1. Öppnande\nAnna öppnade mötet.\n\n2. Ekonomi\nStyrelsen beslutade att höja avgiften.\n\n3. Övrigt\nBo bokar lokal till nästa möte.\n";
        let record = parse(text, source(), None).record;
        let items: Vec<(&str, [usize; 2])> = record
            .items
            .iter()
            .map(|i| (i.title.as_str(), i.lines))
            .collect();
        assert_eq!(
            items,
            [
                ("Öppnande", [8, 9]),
                ("Ekonomi", [11, 12]),
                ("Övrigt", [14, 15])
            ]
        );
        assert_eq!(record.items[1].decisions.len(), 1);
        assert_eq!(record.items[2].actions[0].owners, ["Bo Holm"]);
    }

    #[test]
    fn a_body_within_its_municipality_is_split() {
        let text = "PROTOKOLL\nSocialnämnden i Bergsjö kommun\n\nNärvarande ledamöter:\nKarin Blom (S)\n\n§ 1 Val av justerare\nBeslut: Karin Blom utses.\n";
        let record = parse(text, source(), None).record;
        assert_eq!(record.body.as_deref(), Some("Socialnämnden"));
        assert_eq!(record.organization.as_deref(), Some("Bergsjö kommun"));
        assert_eq!(record.attendees[0].group, None);
        assert_eq!(record.attendees[0].party.as_deref(), Some("S"));
    }

    #[test]
    fn a_title_before_a_dash_is_not_part_of_the_body() {
        let text = "Anteckningar – Kvalitetsgruppen grundskola\n\nDeltagare: Karin Blom, Per Ek\n\n1. Budget\n  - Läget redovisades.\n";
        let record = parse(text, source(), None).record;
        assert_eq!(record.body.as_deref(), Some("Kvalitetsgruppen grundskola"));
    }

    #[test]
    fn links_are_deduplicated() {
        assert_eq!(
            links("se https://a.se/x. och https://a.se/x igen"),
            ["https://a.se/x"]
        );
    }
}
