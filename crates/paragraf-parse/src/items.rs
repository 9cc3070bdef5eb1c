//! Sections and items.
//!
//! An item is a numbered agenda point (`3.`, `5.2`, `§ 12`), or a titled
//! point without a number that names its presenter (`Lokaler (Mats
//! Nilsson)`, a heading followed by `Föredragande:`), or a short heading
//! standing alone over a paragraph. Numbered lists inside an item's body
//! (priorities, questions) are told from agenda points by the agenda's own
//! numbering: an agenda point continues it, a list restarts at 1 or runs
//! tight, line after line.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use paragraf_record::Section;
use regex::Regex;

use crate::clean::Line;
use crate::fold::{collapse_spaces, fold, join_lines};
use crate::people::{Directory, is_name};

/// An item as segmented: where it stands and its heading; the body is
/// read from `body` lines by the content rules.
#[derive(Debug, Clone)]
pub struct RawItem {
    pub number: Option<String>,
    pub title: String,
    pub section: Section,
    /// Presenters named in the heading: `(KG)`, `(Mats Nilsson)`.
    pub heading_presenters: Vec<String>,
    pub heading_lines: Vec<usize>,
    /// Indices into the document's lines.
    pub body: Vec<usize>,
    /// A `§` paragraph of a formal protocol.
    pub is_paragraph: bool,
}

impl RawItem {
    pub fn first_line(&self) -> usize {
        self.heading_lines[0]
    }
}

/// Section words, folded, with what they map to.
fn section_of(text: &str) -> Option<Section> {
    if text.len() > 60 {
        return None;
    }
    let folded = fold(text);
    let words: String = folded
        .trim_start_matches(|c: char| {
            c.is_ascii_digit() || c == '.' || c == ')' || c.is_whitespace()
        })
        .chars()
        .filter(|c| c.is_alphabetic() || c.is_whitespace())
        .collect();
    let words = collapse_spaces(&words);
    match words.as_str() {
        "information"
        | "informationsarenden"
        | "informationspunkter"
        | "for kannedom"
        | "anmalningsarenden"
        | "meddelanden" => Some(Section::Information),
        "beslut" | "beslutsarenden" | "beslutspunkter" | "arenden for beslut" | "decisions"
        | "for decision" => Some(Section::Decision),
        "dialog" | "diskussion" | "diskussionsfragor" | "dialogpunkter" | "for discussion"
        | "discussion" => Some(Section::Dialog),
        "ovrigt"
        | "ovriga fragor"
        | "avslut"
        | "avslutning"
        | "kort kort info"
        | "kort kort information"
        | "kort info"
        | "any other business" => Some(Section::Other),
        _ if words.starts_with("kort kort") => Some(Section::Other),
        _ => None,
    }
}

/// Sub-headings inside a formal paragraph; never items or sections.
pub fn is_paragraph_subheading(text: &str) -> bool {
    if text.len() > 48 {
        return false;
    }
    let folded = fold(text.trim_end_matches(':'));
    matches!(
        folded.trim(),
        "beslut"
            | "arendet"
            | "arendebeskrivning"
            | "sammanfattning"
            | "bakgrund"
            | "handlingar i arendet"
            | "handlingar"
            | "yrkanden"
            | "yrkande"
            | "beslutsgang"
            | "protokollsanteckning"
            | "protokollsanteckningar"
            | "reservation"
            | "reservationer"
            | "forslag till beslut"
            | "beslutsunderlag"
            | "underlag"
            | "arende"
            | "forslag till beslut:"
            | "ekonomiska konsekvenser"
            | "konsekvenser for barn"
            | "yttrande"
            | "overlaggning"
            | "jav"
            | "beslutet skickas till"
            | "expedieras till"
            | "expedieras"
    )
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<para>§\s*)|(?i:punkt|ärende|arende|item)\s+)?(?P<number>\d{1,3}(?:\.\d{1,2})*)(?:[.):]|\s|$)\s*(?P<rest>.*)$")
        .expect("valid regex")
});

/// `NUMBERED` on lines that can be numbered at all; most lines start
/// with a letter and are rejected without running the regex.
fn numbered_line(text: &str) -> Option<regex::Captures<'_>> {
    let first = text.chars().next()?;
    let possible = first.is_ascii_digit()
        || first == '§'
        || matches!(first, 'p' | 'P' | 'ä' | 'Ä' | 'a' | 'A' | 'i' | 'I');
    if possible {
        NUMBERED.captures(text)
    } else {
        None
    }
}

fn is_numbered(text: &str) -> bool {
    numbered_line(text).is_some()
}

static TRAILING_PRESENTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<title>.+?)\s*\((?P<who>[^()]{2,60})\)\s*$").expect("valid regex")
});

/// A diary number, with or without its `Dnr` label: `Dnr KFKS 2018/3`, `KS 2025/14`.
static DNR: LazyLock<Regex> = LazyLock::new(|| {
    // The register letters are capitals (`KFKS`, `KS`): `skola 2019-2021` is no diary number.
    Regex::new(r"\s*(?:\b(?i:dnr|diarienr|diarienummer)\b.*$|\b\p{Lu}{2,6}(?:\s+\p{Lu}{2,6})?\s+\d{4}[/.-]\d{1,5}(?:[.:]\d+)*\s*$)").expect("valid regex")
});

/// Presenters named in a heading's trailing parenthesis, or None when the
/// parenthesis is not a presenter (`(SOU 2020:28)`, `(forts.)`).
fn presenters_in(who: &str, directory: &Directory) -> Option<Vec<String>> {
    let who = who.trim();
    let parts: Vec<&str> = who
        .split([',', '/', '+', '&'])
        .flat_map(|p| p.split(" och "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    let is_initials =
        |p: &str| (2..=4).contains(&p.chars().count()) && p.chars().all(char::is_uppercase);
    let all_presenters = parts.iter().all(|p| {
        is_initials(p) || (is_name(p) && (p.contains(' ') || directory.expand(p).is_some()))
    });
    all_presenters.then(|| {
        parts
            .iter()
            .map(|p| directory.expand(p).unwrap_or_else(|| p.to_string()))
            .collect()
    })
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', ';', ','])
}

/// A title cut off at a comma or a word that needs more after it
/// (`… markanvisningsavtal med` / `Wästbygg Projektutveckling AB`).
fn title_continues(title: &str) -> bool {
    let last = title.split_whitespace().last().unwrap_or("");
    title.ends_with(',')
        || matches!(
            fold(last).as_str(),
            "med"
                | "for"
                | "och"
                | "av"
                | "i"
                | "om"
                | "till"
                | "pa"
                | "fran"
                | "samt"
                | "inom"
                | "mellan"
                | "vid"
                | "mot"
                | "over"
                | "under"
                | "efter"
                | "kring"
                | "-"
                | "–"
        )
}

/// A numbered line's title reads as a heading, not as a list entry or a
/// question: short, no question mark.
fn heading_like(title: &str) -> bool {
    let words = title.split_whitespace().count();
    (1..=18).contains(&words)
        && !title.contains('?')
        && title.chars().next().is_some_and(|c| !c.is_lowercase())
}

struct Walker<'a> {
    lines: &'a [Line],
    consumed: &'a BTreeSet<usize>,
    directory: &'a Directory,
}

impl Walker<'_> {
    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len())
            .find(|&i| !self.lines[i].is_blank() && !self.consumed.contains(&self.lines[i].number))
    }

    fn previous_is_blank(&self, index: usize) -> bool {
        index == 0 || self.lines[index - 1].is_blank()
    }

    fn is_presenter_line(&self, index: usize) -> bool {
        let folded = fold(&self.lines[index].text);
        folded.starts_with("foredragande")
            || folded.starts_with("presenter")
            || folded.starts_with("presented by")
    }
}

/// Where the body of the minutes starts: the first section heading or
/// agenda point.
pub fn body_start(lines: &[Line]) -> usize {
    lines
        .iter()
        .position(|line| {
            !line.is_blank()
                && (section_of(&line.text).is_some() && line.text.split_whitespace().count() <= 5
                    || numbered_line(&line.text).is_some_and(|caps| {
                        let rest = caps["rest"].trim();
                        caps.name("para").is_some() || (heading_like(rest) && !rest.is_empty())
                    }))
        })
        .unwrap_or(lines.len())
}

/// The agenda listed before the minutes (`Dagordning` over `1. …`, `2. …`):
/// a table of contents, whose points the minutes then take up one by one.
/// Returns the line indices of the heading and its entries.
pub fn agenda_listing(lines: &[Line]) -> Vec<usize> {
    const AGENDA_WORDS: &[&str] = &[
        "dagordning",
        "dagordningen",
        "foredragningslista",
        "agenda",
        "forslag till dagordning",
    ];
    let Some(heading) = lines.iter().position(|line| {
        line.text.len() < 40
            && AGENDA_WORDS.contains(&fold(line.text.trim().trim_end_matches(':')).trim())
    }) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut last_number = 0;
    for (index, line) in lines.iter().enumerate().skip(heading + 1) {
        if line.is_blank() {
            continue;
        }
        let number = numbered_line(&line.text).and_then(|caps| {
            caps["number"]
                .split('.')
                .next()
                .and_then(|n| n.parse::<u32>().ok())
        });
        match number {
            // The listing ends where the numbering starts over: the minutes begin.
            Some(number) if number > last_number => {
                last_number = number;
                entries.push(index);
            }
            None if line.bullet => entries.push(index),
            _ => break,
        }
    }
    if entries.len() < 2 {
        return Vec::new();
    }
    std::iter::once(heading).chain(entries).collect()
}

/// Segments the lines after the header into items.
pub fn segment(
    lines: &[Line],
    start: usize,
    consumed: &BTreeSet<usize>,
    directory: &Directory,
) -> Vec<RawItem> {
    let walker = Walker {
        lines,
        consumed,
        directory,
    };
    let mut items: Vec<RawItem> = Vec::new();
    let mut section = Section::Information;
    let mut section_heading: Option<String> = None;
    let mut agenda_last: Option<u32> = None;
    let mut list_last: Option<(u32, usize)> = None;
    let mut current: Option<RawItem> = None;
    let mut index = start;
    while index < lines.len() {
        let line = &lines[index];
        if line.is_blank() || consumed.contains(&line.number) {
            index += 1;
            continue;
        }
        let in_paragraph = current.as_ref().is_some_and(|c| c.is_paragraph);
        let text = line.text.as_str();

        // A section heading.
        if let Some(found) =
            section_of(text).filter(|_| !line.bullet && text.split_whitespace().count() <= 8)
        {
            let next = walker.next_content(index + 1);
            let opens_points = next.is_some_and(|n| {
                is_numbered(&lines[n].text)
                    || (lines[n].text.ends_with(')') && TRAILING_PRESENTER.is_match(&lines[n].text))
                    || section_of(&lines[n].text).is_some()
            });
            let shouting = text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            // `5. Kort, kort info` heads a section only when points follow;
            // `6. Övriga frågor` with a body of its own is an item.
            let numbered = numbered_line(text).is_some() && opens_points;
            let is_section = !in_paragraph
                && !is_paragraph_subheading(text)
                    | current.is_none()
                    | opens_points
                    | shouting
                    | numbered
                && (current.is_none()
                    || opens_points
                    || shouting
                    || numbered
                    || fold(text).starts_with("kort"));
            if is_section {
                items.extend(current.take());
                section = found;
                section_heading = Some(collapse_spaces(text));
                if let Some(caps) = numbered_line(text) {
                    agenda_last = caps["number"]
                        .split('.')
                        .next()
                        .and_then(|n| n.parse().ok());
                } else {
                    agenda_last = None;
                }
                list_last = None;
                index += 1;
                continue;
            }
        }

        // A numbered line: an agenda point or a list entry.
        if let Some(caps) = numbered_line(text).filter(|_| !line.bullet) {
            let number = caps["number"].to_string();
            let top: u32 = number
                .split('.')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let is_para = caps.name("para").is_some();
            let rest = caps["rest"].trim().to_string();
            // A number alone on its line takes the next line as its title.
            // A number alone (or with only its diary number) takes the next
            // line that is neither a diary number nor another number as title.
            let (title_source, title_index) =
                if rest.is_empty() || (is_para && DNR.replace(&rest, "").trim().is_empty()) {
                    let mut candidate = walker.next_content(index + 1);
                    while let Some(n) = candidate
                        .filter(|&n| is_para && DNR.replace(&lines[n].text, "").trim().is_empty())
                    {
                        candidate = walker.next_content(n + 1);
                    }
                    match candidate {
                        Some(n) if n <= index + 4 && !is_numbered(&lines[n].text) => {
                            (lines[n].text.clone(), Some(n))
                        }
                        _ => (String::new(), None),
                    }
                } else {
                    (rest.clone(), None)
                };
            let title_source = if is_para {
                DNR.replace(&title_source, "").trim().to_string()
            } else {
                title_source
            };
            let tight_list = list_last.is_some_and(|(last, at)| top == last + 1 && at + 1 == index);
            let continues_agenda = match agenda_last {
                None => true,
                Some(last) => {
                    top > last && top <= last + 4 || (number.contains('.') && top == last)
                }
            };
            let is_agenda = is_para
                || (!in_paragraph
                    && !tight_list
                    && continues_agenda
                    && heading_like(&title_source)
                    && !(list_last.is_some_and(|(last, _)| top == last + 1)
                        && agenda_last.is_some_and(|a| top != a + 1)));
            if is_agenda && !title_source.is_empty() {
                items.extend(current.take());
                let mut heading_lines = vec![line.number];
                let mut title = title_source;
                let mut next_index = index + 1;
                if let Some(t) = title_index {
                    heading_lines.push(lines[t].number);
                    next_index = t + 1;
                }
                // A title that wraps: the next line goes on in lower case,
                // or after a comma or a word that needs more after it.
                if let Some(n) = walker.next_content(next_index)
                    && n <= next_index + 1
                    && !lines[n].bullet
                    && !walker.is_presenter_line(n)
                    && lines[n].text.split_whitespace().count() <= 12
                    && (title_continues(&title)
                        || !ends_sentence(&title)
                            && lines[n].text.chars().next().is_some_and(char::is_lowercase))
                {
                    title = join_lines([title.as_str(), lines[n].text.as_str()]);
                    heading_lines.push(lines[n].number);
                    next_index = n + 1;
                }
                let (title, presenters) = split_presenter(&title, directory);
                agenda_last = Some(top);
                list_last = None;
                let section_here = if is_para && section_heading.is_none() {
                    Section::Information
                } else {
                    section
                };
                current = Some(RawItem {
                    number: Some(number),
                    title,
                    section: section_here,
                    heading_presenters: presenters,
                    heading_lines,
                    body: Vec::new(),
                    is_paragraph: is_para,
                });
                index = next_index;
                continue;
            }
            list_last = Some((top, index));
        } else if !line.bullet || !text.is_empty() {
            // A list is over once prose follows it.
            if list_last.is_some_and(|(_, at)| at + 1 < index && !line.bullet) {
                list_last = None;
            }
        }

        // A titled point without a number.
        if !in_paragraph
            && let Some((title, presenters, heading_lines, next_index)) = titled_point(
                &walker,
                index,
                current.is_none(),
                opens_bullets(current.as_ref(), lines),
            )
        {
            items.extend(current.take());
            current = Some(RawItem {
                number: None,
                title,
                section,
                heading_presenters: presenters,
                heading_lines,
                body: Vec::new(),
                is_paragraph: false,
            });
            index = next_index;
            continue;
        }

        if let Some(item) = current.as_mut() {
            item.body.push(index);
        }
        index += 1;
    }
    items.extend(current);
    items
}

fn split_presenter(title: &str, directory: &Directory) -> (String, Vec<String>) {
    if let Some(caps) = TRAILING_PRESENTER.captures(title)
        && let Some(presenters) = presenters_in(&caps["who"], directory)
    {
        return (caps["title"].trim().to_string(), presenters);
    }
    (title.trim().to_string(), Vec::new())
}

/// Whether `item` is an unnumbered point whose body opens with a bullet
/// list: minutes written as headings over bullets, where the next short
/// heading over bullets is the next point even without a presenter.
fn opens_bullets(item: Option<&RawItem>, lines: &[Line]) -> bool {
    item.is_some_and(|item| {
        item.number.is_none()
            && !item.is_paragraph
            && item.body.first().is_some_and(|&first| lines[first].bullet)
    })
}

/// A point without a number: a heading with its presenter in parentheses
/// (possibly wrapped over two lines), a heading over a `Föredragande` line,
/// a short heading standing alone over a paragraph, or (after a point
/// shaped so, `after_bullet_point`) a short heading over a bullet list.
fn titled_point(
    walker: &Walker<'_>,
    index: usize,
    no_item_yet: bool,
    after_bullet_point: bool,
) -> Option<(String, Vec<String>, Vec<usize>, usize)> {
    let lines = walker.lines;
    let line = &lines[index];
    let text = line.text.as_str();
    if is_paragraph_subheading(text)
        || text.split_whitespace().count() > 30
        || text.contains('|')
        || text.contains("   ")
        || walker.is_presenter_line(index)
    {
        return None;
    }
    // The format says this is a heading: it starts a point whatever it looks like.
    if line.heading && !line.bullet && !is_numbered(text) && section_of(text).is_none() {
        let (title, presenters) = split_presenter(text, walker.directory);
        return Some((title, presenters, vec![line.number], index + 1));
    }
    let starts_point = line.bullet || walker.previous_is_blank(index) || no_item_yet;
    if !starts_point || text.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    // Heading with presenter in parentheses, on this line or the next.
    if text.ends_with(')') && TRAILING_PRESENTER.is_match(text) {
        let (title, presenters) = split_presenter(text, walker.directory);
        if !presenters.is_empty() {
            return Some((title, presenters, vec![line.number], index + 1));
        }
    }
    if index + 1 < lines.len() && !line.bullet {
        let next = &lines[index + 1];
        if !next.is_blank()
            && !next.bullet
            && !ends_sentence(text)
            && (next.text.ends_with(')') && TRAILING_PRESENTER.is_match(&next.text))
        {
            let joined = join_lines([text, next.text.as_str()]);
            let (title, presenters) = split_presenter(&joined, walker.directory);
            if !presenters.is_empty() && joined.split_whitespace().count() <= 30 {
                return Some((title, presenters, vec![line.number, next.number], index + 2));
            }
        }
    }
    if line.bullet || ends_sentence(text) || text.split_whitespace().count() > 12 {
        return None;
    }
    let next = walker.next_content(index + 1)?;
    let short_heading = !text.contains(':')
        && text.split_whitespace().count() <= 8
        && next <= index + 2
        && !is_name(text)
        && section_of(text).is_none()
        && text
            .chars()
            .filter(|c| c.is_alphabetic())
            .any(char::is_lowercase);
    if after_bullet_point && short_heading && lines[next].bullet && walker.previous_is_blank(index)
    {
        return Some((
            collapse_spaces(text),
            Vec::new(),
            vec![line.number],
            index + 1,
        ));
    }
    if walker.is_presenter_line(next) {
        return Some((
            collapse_spaces(text),
            Vec::new(),
            vec![line.number],
            index + 1,
        ));
    }
    // A short heading alone over a prose paragraph.
    let next_line = &lines[next];
    let standalone = !no_item_yet
        && short_heading
        && !next_line.bullet
        && !is_numbered(&next_line.text)
        && next_line.text.split_whitespace().count() >= 6
        && next_line
            .text
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    standalone.then(|| {
        (
            collapse_spaces(text),
            Vec::new(),
            vec![line.number],
            index + 1,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;

    fn titles(text: &str) -> Vec<(Option<String>, String)> {
        let lines = clean(text);
        let start = body_start(&lines);
        segment(&lines, start, &BTreeSet::new(), &Directory::default())
            .into_iter()
            .map(|i| (i.number, i.title))
            .collect()
    }

    #[test]
    fn numbered_agenda_with_an_inner_list() {
        let text = "Information\n\n1. Första punkten\nText om den.\n\n2. Andra punkten\nVi prioriterar:\n1. Ett\n2. Två\n3. Tre\n\n3. Tredje punkten\nMer text här.\n";
        let found = titles(text);
        let numbers: Vec<_> = found.iter().map(|(n, _)| n.clone().unwrap()).collect();
        assert_eq!(numbers, ["1", "2", "3"]);
        assert_eq!(found[2].1, "Tredje punkten");
    }

    #[test]
    fn questions_are_list_entries() {
        let text = "Dialog\n\n1. Verksamhetsplan\nFrågor:\n1. Vad är viktigast?\n\n2. Vad innebär detta?\n\n3. Hur går vi vidare?\n\n2. Kartläggning\nText här.\n";
        let numbers: Vec<_> = titles(text).into_iter().map(|(n, _)| n.unwrap()).collect();
        assert_eq!(numbers, ["1", "2"]);
    }

    #[test]
    fn paragraphs_take_the_title_after_the_dnr_line() {
        let text = "§ 1                 Dnr KFKS 2018/3\n\nAnmälningar\nBeslut\nAnmälningarna noteras.\n\n§ 2 Delegationsbeslut\nBeslut\nNoteras.\n";
        let found = titles(text);
        assert_eq!(
            found,
            [
                (Some("1".into()), "Anmälningar".into()),
                (Some("2".into()), "Delegationsbeslut".into())
            ]
        );
    }

    #[test]
    fn titled_points_with_presenters() {
        let text = "Kort, kort info\n\n• Lokaler (Mats Nilsson)\nArbete pågår.\n\nNy rutin när vi lånar medarbetare (KG)\nBakgrunden är denna.\n";
        let found = titles(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].1, "Ny rutin när vi lånar medarbetare");
    }

    #[test]
    fn after_a_point_over_bullets_a_short_heading_over_bullets_is_the_next_point() {
        let text = "Kort info\n\nDialogverktyg (KG)\n• Verktyget tas i bruk.\n• Alla får tillgång.\n\nNy medarbetarenkät under upphandling\n\n• Upphandling pågår.\n";
        let found = titles(text);
        let found: Vec<&str> = found.iter().map(|(_, title)| title.as_str()).collect();
        assert_eq!(
            found,
            ["Dialogverktyg", "Ny medarbetarenkät under upphandling"]
        );

        // Under a numbered point, a line over bullets is the point's own list.
        let text =
            "1. Uppdragen\n• Tre är prioriterade.\n\nUppdrag matematik\n\n• Identifiera skolor.\n";
        assert_eq!(titles(text).len(), 1, "{:?}", titles(text));
    }
}
