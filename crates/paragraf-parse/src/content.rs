//! What an item says: its text, presenters, decisions and actions.
//!
//! The body is read as paragraphs (a bullet or a list entry starts one; a
//! blank line ends one unless OCR put it mid-sentence) and sentences, each
//! knowing the lines it stands on, so every decision and action carries
//! its `lines`.

use std::sync::LazyLock;

use paragraf_record::{Action, Decision, Due};
use regex::Regex;

use crate::clean::Line;
use crate::dates::{find_date, iso};
use crate::fold::{collapse_spaces, fold, join_lines, push_words, rejoins_hyphenated};
use crate::items::{RawItem, is_paragraph_subheading};
use crate::people::{Directory, is_name, parse_name_list};

/// A run of text with the document line of each of its words.
#[derive(Debug, Clone, Default)]
struct Passage {
    text: String,
    /// (byte offset in `text`, line number), ascending.
    offsets: Vec<(usize, usize)>,
}

impl Passage {
    fn push_line(&mut self, text: &str, line: usize) {
        let mut words = text.split_whitespace();
        let Some(first) = words.next() else {
            return;
        };
        if !self.text.is_empty() {
            if rejoins_hyphenated(&self.text, first) {
                self.text.pop();
            } else {
                self.text.push(' ');
            }
        }
        self.offsets.push((self.text.len(), line));
        push_words(&mut self.text, first, words);
    }

    fn line_at(&self, offset: usize) -> usize {
        match self.offsets.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.offsets[i].1,
            Err(0) => self.offsets.first().map_or(0, |o| o.1),
            Err(i) => self.offsets[i - 1].1,
        }
    }

    fn span(&self, range: std::ops::Range<usize>) -> [usize; 2] {
        let end = range.end.saturating_sub(1).max(range.start);
        [self.line_at(range.start), self.line_at(end)]
    }

    fn first_line(&self) -> usize {
        self.offsets.first().map_or(0, |o| o.1)
    }

    fn last_line(&self) -> usize {
        self.offsets.last().map_or(0, |o| o.1)
    }
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "t.ex", "bl.a", "ca", "osv", "ex", "inkl", "dvs", "m.fl", "resp", "kl", "nr", "st", "ev", "mm",
    "m.m", "s.k", "jfr", "fr.o.m", "t.o.m", "o.s.v", "p.g.a", "pga", "ang", "enl", "mr", "mrs",
    "dr", "e.g", "i.e", "etc", "no", "sekr",
];

/// Sentence ranges in a passage.
fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    // Terminators are ASCII, so byte positions are character boundaries.
    for (offset, &byte) in bytes.iter().enumerate() {
        if !matches!(byte, b'.' | b'!' | b'?') || bytes.get(offset + 1) != Some(&b' ') {
            continue;
        }
        let following = text[offset + 2..].chars().next();
        if !following
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '”')
        {
            continue;
        }
        let word_before = text[start..offset]
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .to_lowercase();
        // `1. Första punkten`: the number of a list entry ends no sentence.
        let list_number = word_before.chars().all(|c| c.is_ascii_digit())
            && text[start..offset].trim() == word_before;
        if byte == b'.' && (ABBREVIATIONS.contains(&word_before.as_str()) || list_number) {
            continue;
        }
        ranges.push(start..offset + 1);
        start = offset + 2;
    }
    if start < text.len() {
        ranges.push(start..text.len());
    }
    ranges
}

/// Splits body lines into passages: a bullet or numbered entry starts one,
/// a blank line ends one unless the sentence visibly goes on.
fn passages(lines: &[Line], body: &[usize]) -> Vec<Passage> {
    static LIST_ENTRY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{1,2}[.)]\s").expect("valid regex"));
    let mut passages: Vec<Passage> = Vec::new();
    let mut current = Passage::default();
    let mut previous_index: Option<usize> = None;
    for &index in body {
        let line = &lines[index];
        let gap = previous_index.is_some_and(|p| index > p + 1);
        let continues_sentence = !current.text.is_empty()
            && !current.text.ends_with(['.', '!', '?', ':'])
            && line.text.chars().next().is_some_and(char::is_lowercase);
        // A sub-heading stands alone: the text under it starts afresh.
        let after_heading = previous_index.is_some_and(|p| is_paragraph_subheading(&lines[p].text));
        let starts_new = line.bullet
            || LIST_ENTRY.is_match(&line.text)
            || starts_with_item_label(&line.text)
            || is_paragraph_subheading(&line.text)
            || after_heading;
        if !current.text.is_empty() && (gap || starts_new) && !continues_sentence {
            passages.push(std::mem::take(&mut current));
        }
        current.push_line(&line.text, line.number);
        previous_index = Some(index);
    }
    if !current.text.is_empty() {
        passages.push(current);
    }
    passages
}

/// Whether the line opens with an item label (`Beslut:`, `Ansvarig:`, `Action`),
/// which starts a passage of its own.
fn starts_with_item_label(text: &str) -> bool {
    let head_end = text.char_indices().nth(16).map_or(text.len(), |(i, _)| i);
    let folded = fold(&text[..head_end]);
    [
        "ansvarig", "ansvar:", "beslut:", "beslut ", "atgard", "uppdrag:", "uppgift:", "action",
        "decision", "to do",
    ]
    .iter()
    .any(|l| folded.starts_with(l))
}

/// The content of one item.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub text: String,
    pub presenters: Vec<String>,
    pub decisions: Vec<Decision>,
    pub actions: Vec<Action>,
    pub last_line: usize,
}

/// Context for resolving names and dates.
pub struct Context<'a> {
    pub directory: &'a Directory,
    /// The year relative dates resolve against.
    pub year: Option<i16>,
}

pub fn read_item(lines: &[Line], item: &RawItem, context: &Context<'_>) -> Content {
    let mut presenters = item.heading_presenters.clone();
    let mut body: Vec<usize> = Vec::new();
    for &index in &item.body {
        let text = &lines[index].text;
        let head_end = text.char_indices().nth(16).map_or(text.len(), |(i, _)| i);
        let folded = fold(&text[..head_end]);
        let presenter_label = ["foredragande", "presenter", "presented by", "dragande"]
            .iter()
            .find(|label| folded.starts_with(*label));
        if let Some(label) = presenter_label
            && body.len() <= 1
        {
            // The label was matched folded (`ö` → `o`): skip it by characters.
            let label_end = text
                .char_indices()
                .nth(label.chars().count())
                .map_or(text.len(), |(i, _)| i);
            let value = text[label_end..].trim_start_matches([':', ' ', '\t']);
            presenters.extend(presenter_names(value, context.directory));
            continue;
        }
        body.push(index);
    }
    let (mut actions, table_rows) = table_actions(lines, &body, context);
    let prose: Vec<usize> = body
        .iter()
        .copied()
        .filter(|i| !table_rows.contains(i))
        .collect();
    let passages = passages(lines, &prose);
    // The text is the whole body, tables included; built from the prose's
    // passages when there is no table, to read the lines only once.
    let text = if table_rows.is_empty() {
        join_lines(passages.iter().map(|p| p.text.as_str()))
    } else {
        join_lines(self::passages(lines, &body).iter().map(|p| p.text.as_str()))
    };
    let decisions = decisions(lines, &prose, &passages, item.is_paragraph);
    if item.is_paragraph && !decisions.is_empty() {
        // A formal paragraph gives its tasks in its decision, not in the
        // background, the motions or the recorded statements around it.
        let decided: Vec<Passage> = passages
            .iter()
            .filter(|p| {
                decisions
                    .iter()
                    .any(|d| d.lines[0] <= p.last_line() && p.first_line() <= d.lines[1])
            })
            .cloned()
            .collect();
        actions.extend(self::actions(&decided, context));
    } else {
        actions.extend(self::actions(&passages, context));
    }
    actions.sort_by_key(|a| a.lines);
    let last_line = body
        .last()
        .map(|&i| lines[i].number)
        .unwrap_or_else(|| *item.heading_lines.last().unwrap_or(&0));
    Content {
        text,
        presenters,
        decisions,
        actions,
        last_line,
    }
}

fn presenter_names(value: &str, directory: &Directory) -> Vec<String> {
    names_in(value, directory)
        .into_iter()
        .chain(
            // `Föredragande: Foxway`: an organisation presents.
            value
                .split(',')
                .map(str::trim)
                .filter(|v| {
                    !v.is_empty()
                        && !is_name(v)
                        && v.split_whitespace().count() <= 3
                        && v.chars().next().is_some_and(char::is_uppercase)
                })
                .filter(|v| !v.contains(" och "))
                .map(str::to_string),
        )
        .collect()
}

/// Splits a table row into cells: at `|`, or at runs of two or more spaces.
fn cells(text: &str) -> Vec<String> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}|\t").expect("valid regex"));
    let trimmed = text.trim().trim_matches('|');
    let parts: Vec<&str> = if trimmed.contains('|') {
        trimmed.split('|').collect()
    } else {
        GAP.split(trimmed).collect()
    };
    parts.into_iter().map(collapse_spaces).collect()
}

/// Actions listed in a Vem/Vad/När table. Returns them with the indices
/// of the table's lines.
fn table_actions(
    lines: &[Line],
    body: &[usize],
    context: &Context<'_>,
) -> (Vec<Action>, std::collections::BTreeSet<usize>) {
    let mut actions = Vec::new();
    let mut rows = std::collections::BTreeSet::new();
    let column = |header: &[String], names: &[&str]| {
        header
            .iter()
            .position(|c| names.contains(&fold(c).trim_end_matches(['?', ':']).trim()))
    };
    let mut position = 0;
    while position < body.len() {
        let row_text = &lines[body[position]].text;
        let maybe_header =
            (row_text.contains('|') || row_text.contains("  ") || row_text.contains('\t'))
                && ["vem", "ansvar", "who", "owner", "responsible"]
                    .iter()
                    .any(|w| row_text.to_lowercase().contains(w));
        if !maybe_header {
            position += 1;
            continue;
        }
        let header = cells(row_text);
        let who = column(
            &header,
            &["vem", "ansvarig", "ansvar", "who", "owner", "responsible"],
        );
        let what = column(
            &header,
            &[
                "vad",
                "atgard",
                "uppgift",
                "aktivitet",
                "what",
                "action",
                "task",
            ],
        );
        let (Some(who), Some(what)) = (who, what) else {
            position += 1;
            continue;
        };
        let when = column(
            &header,
            &[
                "nar",
                "klart",
                "senast",
                "deadline",
                "when",
                "due",
                "datum",
                "klart till",
            ],
        );
        rows.insert(body[position]);
        let mut cursor = position + 1;
        while cursor < body.len() && body[cursor] == body[cursor - 1] + 1 {
            let line = &lines[body[cursor]];
            let row = cells(&line.text);
            if row.len() < 2 {
                break;
            }
            rows.insert(body[cursor]);
            cursor += 1;
            if row.iter().all(|c| {
                c.chars()
                    .all(|ch| matches!(ch, '-' | '=' | '+' | ':' | ' '))
            }) {
                continue;
            }
            let cell =
                |index: Option<usize>| index.and_then(|i| row.get(i)).cloned().unwrap_or_default();
            let text = cell(Some(what));
            if text.is_empty() {
                continue;
            }
            actions.push(Action {
                owners: names_in(&cell(Some(who)), context.directory),
                due: due_in(&cell(when), context),
                text,
                lines: [line.number, line.number],
            });
        }
        position = cursor;
    }
    (actions, rows)
}

static DECISION_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:beslutar|beslöt|beslutade|besluta[dt]?\s+att|har\s+beslutat|tog\s+beslut|tar\s+beslut\s+om|fattade\s+beslut|fattat\s+beslut(?:et)?|
           har\s+fattat\s+beslut|godkänner|godkände|fastställer|fastställde|antar|antog|bifaller|biföll|avslår|avslog|
           tillstyrker|återremitterar|beviljar|beviljade|väljer|valde|utser|utsåg|lägger\s+.{0,40}\s+till\s+handlingarna|noterar\s+informationen|
           bestämde|bestämmer|beslöts|enades\s+om|enas\s+om|kom\s+överens\s+om|
           decided|resolved|approved|agreed)\b",
    )
    .expect("valid regex")
});

/// Who decides: the body, the meeting, `vi`, or a named person.
static DECISION_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:\p{Lu}\p{Ll}+\s+)?(?:(?i:ledningsgruppen|styrelsen|nämnden|utskottet|mötet|sammanträdet|gruppen|rådet|kommunstyrelsen|fullmäktige|kommunfullmäktige|årsmötet|stämman|föreningsstämman|vi|the\s+board|the\s+committee|the\s+meeting|the\s+group|it\s+was|lg|sg)|\p{Lu}[\p{L}-]+(?:s)?\s+(?:nämnd|styrelse|utskott|råd)(?:en|et)?|\p{Lu}[\p{L}-]+(?:nämnden|styrelsen|utskottet|rådet)|\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?\s+(?:har\s+)?(?:fattat|tog|fattade))\b",
    )
    .expect("valid regex")
});

/// Past decisions reported, not taken: `Det beslutades i våras att`.
static REPORTED_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:i\s+våras|i\s+höstas|tidigare|förra|föregående|sedan\s+tidigare|redan|kommer\s+att\s+besluta|ska\s+besluta|föreslår|förslag\s+till\s+beslut)\b")
        .expect("valid regex")
});

static BESLUTADES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bbeslutades\s+(?:att|om)\b").expect("valid regex"));

static DECISION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:beslut|decision|resolved|agreed|mötet\s+beslutar|beslutades)\s*:\s*(?P<rest>.+)$",
    )
    .expect("valid regex")
});

/// Word stems every decision sentence contains one of (folded): a cheap
/// test before the full rules.
const DECISION_STEMS: &[&str] = &[
    "beslut",
    "besluta",
    "beslot",
    "godkan",
    "faststall",
    "antar",
    "antog",
    "bifall",
    "bifoll",
    "avsla",
    "avslog",
    "tillstyrk",
    "aterremit",
    "bevilja",
    "valjer",
    "valde",
    "utser",
    "utsag",
    "handlingarna",
    "noterar",
    "bestam",
    "enade",
    "enas",
    "overens",
    "decided",
    "resolved",
    "approved",
    "agreed",
];

/// Whether a word of the (folded) text starts with a decision stem.
fn has_decision_stem(folded: &str) -> bool {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.len() >= 5 && DECISION_STEMS.iter().any(|stem| word.starts_with(stem)))
}

fn is_decision_sentence(sentence: &str) -> bool {
    let sentence = sentence.trim();
    if !has_decision_stem(&fold(sentence)) {
        return false;
    }
    let Some(verb) = BESLUTADES
        .find(sentence)
        .or_else(|| DECISION_SENTENCE.find(sentence))
    else {
        return false;
    };
    // `beslutades i våras`, `föreslår att nämnden beslutar`: a report or a
    // proposal, told by what stands before the verb and right after it.
    let around_end = sentence[verb.end()..]
        .char_indices()
        .nth(16)
        .map_or(sentence.len(), |(i, _)| verb.end() + i);
    if REPORTED_DECISION.is_match(&sentence[..around_end]) {
        return false;
    }
    // `Efter diskussion beslutades att …` decides; `varför det beslutades` reports.
    if let Some(found) = BESLUTADES.find(sentence) {
        let before = fold(&sentence[..found.start()]);
        let words: Vec<&str> = before.split_whitespace().collect();
        let subordinate = words.iter().any(|w| {
            matches!(
                *w,
                "varfor" | "att" | "som" | "nar" | "da" | "eftersom" | "hur" | "dar"
            )
        });
        return words.len() <= 3 && !subordinate;
    }
    let before = sentence[..verb.start()].trim();
    let folded_before = fold(before);
    // `Tony informerar att han fattat beslutet att …`
    if folded_before.ends_with(" han")
        || folded_before.ends_with(" hon")
        || folded_before.ends_with(" vi")
    {
        return true;
    }
    let subject = before.trim_start_matches(|c: char| !c.is_alphanumeric());
    const DECIDING_BODIES: &[&str] = &[
        "namnden",
        "styrelsen",
        "utskottet",
        "radet",
        "gruppen",
        "motet",
        "fullmaktige",
        "kommitten",
        "stamman",
        "arsmotet",
        "sammantradet",
        "presidiet",
        "board",
        "committee",
        "meeting",
        "group",
        "council",
    ];
    let folded_subject = fold(subject);
    subject.is_empty() && sentence.to_lowercase().starts_with("beslut")
        || DECIDING_BODIES.iter().any(|b| folded_subject.ends_with(b))
        || DECISION_SUBJECT.is_match(&format!("{subject} {}", verb.as_str()))
        || DECISION_SUBJECT.is_match(subject)
}

fn decisions(lines: &[Line], body: &[usize], passages: &[Passage], formal: bool) -> Vec<Decision> {
    let mut found: Vec<Decision> = Vec::new();
    // Under a `Beslut` sub-heading: the block that follows it.
    let mut position = 0;
    while position < body.len() {
        let line = &lines[body[position]];
        let folded = fold(line.text.trim_end_matches(':'));
        let is_heading = matches!(
            folded.trim(),
            "beslut"
                | "decision"
                | "decisions"
                | "beslutet"
                | "motets beslut"
                | "styrelsens beslut"
                | "namndens beslut"
                | "utskottets beslut"
        ) || (folded.ends_with("s beslut")
            && folded.split_whitespace().count() <= 3);
        if !is_heading {
            position += 1;
            continue;
        }
        let mut block = Passage::default();
        let mut cursor = position + 1;
        let mut previous: Option<usize> = None;
        while cursor < body.len() {
            let index = body[cursor];
            let text = &lines[index].text;
            if is_paragraph_subheading(text) || crate::header::is_label_line(text) {
                break;
            }
            let gap = previous.is_some_and(|p| index > p + 1);
            if gap {
                let introduces_list = block.text.ends_with(':')
                    || fold(&block.text).contains("nedan")
                    || fold(&block.text).contains("foljande");
                let next_is_list = lines[index].bullet
                    || lines[index].text.starts_with(|c: char| c.is_ascii_digit());
                if !(formal || introduces_list && next_is_list) {
                    break;
                }
            }
            block.push_line(text, lines[index].number);
            previous = Some(index);
            cursor += 1;
        }
        if !block.text.is_empty() {
            found.push(Decision {
                text: block.text.clone(),
                lines: [block.first_line(), block.last_line()],
            });
        }
        position = cursor;
    }
    // A formal paragraph decides in its `Beslut` block; sentences elsewhere
    // in it report motions, votes and earlier decisions.
    if formal && !found.is_empty() {
        return found;
    }
    // Labelled and worded decisions in the prose.
    for passage in passages {
        if let Some(caps) = DECISION_LABEL.captures(&passage.text) {
            let rest = caps
                .name("rest")
                .map_or("", |m| m.as_str())
                .trim()
                .to_string();
            push_unique(
                &mut found,
                Decision {
                    text: rest,
                    lines: [passage.first_line(), passage.last_line()],
                },
            );
            continue;
        }
        if !has_decision_stem(&fold(&passage.text)) {
            continue;
        }
        for range in sentences(&passage.text) {
            let sentence = passage.text[range.clone()].trim();
            if is_decision_sentence(sentence) {
                let mut text = sentence.to_string();
                let mut span = passage.span(range.clone());
                // A decision that introduces a list takes the list along.
                if range.end >= passage.text.len().saturating_sub(1)
                    && (sentence.ends_with(':') || fold(sentence).contains("nedan"))
                    && let Some(list_end) = following_list(passages, passage)
                {
                    text = join_lines(
                        std::iter::once(text.as_str())
                            .chain(list_end.iter().map(|p| p.text.as_str())),
                    );
                    span[1] = list_end.last().map_or(span[1], |p| p.last_line());
                }
                push_unique(&mut found, Decision { text, lines: span });
            }
        }
    }
    found
}

/// The numbered or bulleted passages right after `passage`.
fn following_list<'a>(passages: &'a [Passage], passage: &Passage) -> Option<&'a [Passage]> {
    let at = passages.iter().position(|p| std::ptr::eq(p, passage))?;
    let rest = &passages[at + 1..];
    let count = rest
        .iter()
        .take_while(|p| p.text.starts_with(|c: char| c.is_ascii_digit()) && p.text.len() < 200)
        .count();
    (count > 0).then(|| &rest[..count])
}

/// Adds a decision unless one covering the same lines is already there.
fn push_unique(found: &mut Vec<Decision>, decision: Decision) {
    let overlaps = found
        .iter()
        .any(|d| d.lines[0] <= decision.lines[1] && decision.lines[0] <= d.lines[1]);
    if !overlaps && !decision.text.is_empty() {
        found.push(decision);
    }
}

/// Verbs of work still to be done, matched on folded text (OCR often
/// drops the Swedish letters): present tense for what someone will do.
static ACTION_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            skickar|tar\s+fram|tar\s+med\s+sig|tar\s+upp|tar\s+kontakt|aterkommer|stammer\s+av|kontaktar|bjuder\s+in|sammanstaller|
            reviderar|undersoker|utreder|bokar|ansvarar\s+for|ser\s+over|foljer\s+upp|lagger\s+(?:in|ut|fram|upp)|kallar\s+till|
            aterkopplar\s+(?:till|med|pa|vid)|gar\s+igenom\s+den\s+nya|utser|forbereder|planerar|ordnar|haller\s+ihop|gor|mejlar|
            mailar|besoker|lamnar|skriver|kollar|ringer|bestaller|fixar|meddelar|samordnar|uppdaterar|hor\s+av\s+sig|hor\s+med|
            kontrollerar|paminner|sprider|delar\s+ut|sammankallar|rapporterar\s+till|tar\s+ansvar|driver|leder\s+arbetet|
            ska(?:ll)?\s|will\s|to\s|is\s+to\s|are\s+to\s
        )",
    )
    .expect("valid regex")
});

/// `kommer (att) göra`: the future, but `kommer från` is where someone came from.
/// `informerar sin personal` is a task, `informerar om` narration.
fn future_or_task(rest_folded: &str) -> bool {
    static KOMMER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:kommer\s+(?:att\s+)?(?:aven\s+|ocksa\s+|sedan\s+|da\s+)?|informerar\s+)(?P<word>\p{L}+)").expect("valid regex")
    });
    KOMMER.captures(rest_folded).is_some_and(|caps| {
        !matches!(
            &caps["word"],
            "fran" | "till" | "in" | "hit" | "med" | "fram" | "overens" | "om" | "att" | "kort"
        )
    })
}

/// Work to be done with nobody named: `Punkten läggs in på LG-mötet den
/// 23 mars`, `Frågan förs vidare`, `uppdrar åt … att`. Folded.
static PASSIVE_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?:laggs\s+(?:in|ut|upp|fram)|skickas\s+(?:ut|till|in)|tas\s+(?:upp\s+(?:igen|pa|vid)|fram)|bjuds\s+in|fors\s+vidare|
            utokas|ses\s+over|bokas|sammanstalls|utreds|ska(?:ll)?\s+(?:tas\s+fram|utredas|skickas|bokas|ses\s+over)|
            ges\s+i\s+uppdrag|uppdra(?:r)?\s+at|far\s+i\s+uppdrag|ger?\s+\p{L}+(?:\s+\p{L}+)?\s+(?:i\s+)?uppdrag(?:et)?|
            deadline\s+for)(?-u:\b)",
    )
    .expect("valid regex")
});

/// `Nästa steg är att …`, `Åtgärd: …`, `Action: …` (folded).
static ACTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:nasta\s+steg\s+ar\s+att\s+|(?:atgard|atgarder|uppdrag|uppgift|ansvar|action|to\s+do|todo)\s*:\s*)\S")
        .expect("valid regex")
});

/// Subjects that name everyone and so nobody in particular.
static EVERYONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:alla|varje|samtliga|everyone|all)\b[^.]{0,40}?\s(?P<verb>\p{L}+(?:ar|er|or|ir|r))\b",
    )
    .expect("valid regex")
});

static OWNER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ansvarig|ansvariga|owner|responsible)\s*:\s*(?P<who>[^.;]+)")
        .expect("valid regex")
});

/// A to-do entry: `Anna: boka lokal (senast 15/11)`, `Per och Lisa: …`.
fn todo_entry(text: &str, context: &Context<'_>) -> Option<Action> {
    let colon = text.find(':').filter(|&at| at < 80)?;
    let (who, task) = (&text[..colon], &text[colon + 1..]);
    let task = task.trim();
    if who.split_whitespace().count() > 6 || task.is_empty() {
        return None;
    }
    let names: Vec<&str> = who
        .split([',', '&', '/'])
        .flat_map(|part| part.split(" och "))
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    // Every name before the colon must be a person the minutes know.
    let owners: Vec<String> = names
        .iter()
        .map(|name| context.directory.resolve(name))
        .collect::<Option<_>>()?;
    if owners.is_empty() {
        return None;
    }
    Some(Action {
        text: task.to_string(),
        owners,
        due: due_in(task, context),
        lines: [0, 0],
    })
}

fn actions(passages: &[Passage], context: &Context<'_>) -> Vec<Action> {
    let mut found: Vec<Action> = Vec::new();
    for (position, passage) in passages.iter().enumerate() {
        if let Some(action) = todo_entry(&passage.text, context) {
            found.push(Action {
                lines: [passage.first_line(), passage.last_line()],
                ..action
            });
            continue;
        }
        // `Ansvarig: NAME` names the owners of the passage before it (or its own sentence).
        if let Some(caps) = OWNER_LABEL.captures(&passage.text) {
            // `Ansvarig: Jonas Öberg rapporterar läget på nästa möte`: the
            // label introduces the whole task, not only its owner.
            if let Some(action) =
                action_in(caps["who"].trim(), context).filter(|a| !a.owners.is_empty())
            {
                found.push(Action {
                    lines: [passage.first_line(), passage.last_line()],
                    ..action
                });
                continue;
            }
            let owners = names_in(&caps["who"], context.directory);
            let own_text = passage.text[..caps.get(0).map_or(0, |m| m.start())].trim();
            let due = due_in(&passage.text, context);
            if !own_text.is_empty() {
                found.push(Action {
                    text: own_text.trim_end_matches([',', ';']).trim().to_string(),
                    owners,
                    due,
                    lines: [passage.first_line(), passage.last_line()],
                });
            } else if let Some(previous) = position.checked_sub(1).map(|p| &passages[p]) {
                let due = due.or_else(|| due_in(&previous.text, context));
                found.retain(|a| a.lines != [previous.first_line(), previous.last_line()]);
                found.push(Action {
                    text: previous.text.clone(),
                    owners,
                    due,
                    lines: [previous.first_line(), passage.last_line()],
                });
            }
            continue;
        }
        for range in sentences(&passage.text) {
            let sentence = passage.text[range.clone()].trim();
            if let Some(action) = action_in(sentence, context) {
                found.push(Action {
                    lines: passage.span(range),
                    ..action
                });
            }
        }
    }
    found
}

fn action_in(sentence: &str, context: &Context<'_>) -> Option<Action> {
    // A task given in a decision: the action is the decision's own words.
    let labelled = sentence.char_indices().take(24).any(|(_, c)| c == ':');
    let sentence = labelled
        .then(|| DECISION_LABEL.captures(sentence))
        .flatten()
        .and_then(|caps| caps.name("rest"))
        .map_or(sentence, |rest| rest.as_str().trim());
    let folded = fold(sentence);
    let action = |owners: Vec<String>| {
        Some(Action {
            text: sentence.to_string(),
            owners,
            due: due_in(sentence, context),
            lines: [0, 0],
        })
    };
    if let Some(label) = ACTION_LABEL.find(&folded) {
        // The match ends on the first character of what the label introduces.
        let rest: String = sentence
            .chars()
            .skip(folded[..label.end()].chars().count() - 1)
            .collect();
        // The label is not part of the task: `Action: Tom to …` → `Tom to …`.
        let owners = subject_owners(&rest, context.directory)
            .unwrap_or_else(|| assigned_owners(&rest, context.directory));
        // `Nästa steg är att …` is prose, not a label: the sentence stays whole.
        let text = if folded.starts_with("nasta steg") {
            sentence.to_string()
        } else {
            rest.trim().to_string()
        };
        return Some(Action {
            text,
            owners,
            due: due_in(sentence, context),
            lines: [0, 0],
        });
    }
    // Reports of what was done before: `På förra mötet fick …`.
    if folded.contains("forra") || folded.contains("foregaende") || sentence.ends_with(['?', ':']) {
        return None;
    }
    if let Some(owners) = subject_owners(sentence, context.directory) {
        return action(owners);
    }
    if EVERYONE.is_match(&folded) && due_in(sentence, context).is_some() {
        return action(Vec::new());
    }
    if PASSIVE_ACTION.is_match(&folded) {
        return action(assigned_owners(sentence, context.directory));
    }
    None
}

/// Owners named as the subject of a work verb: `Lila och Jaana reviderar`,
/// `Tony stämmer av`, `AL to ask`. Also later subjects in the same
/// sentence: `… och Tony går igenom den nya versionen`.
fn subject_owners(sentence: &str, directory: &Directory) -> Option<Vec<String>> {
    // A linear walk over the words: a run of capitalised words joined by
    // `,`/`och`/`samt`/`and`, at the start of a clause, followed by a work verb.
    let words: Vec<(usize, &str)> = sentence
        .split_whitespace()
        .map(|w| ((w.as_ptr() as usize) - (sentence.as_ptr() as usize), w))
        .collect();
    let is_capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let is_joiner = |w: &str| matches!(w, "och" | "samt" | "and");
    let mut owners: Vec<String> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        // Swedish puts the subject after the verb when the clause opens with
        // something else: `Om en månad så ska Brita och Cecilia presentera …`.
        let inverted = index > 0 && matches!(words[index - 1].1, "ska" | "skall");
        let clause_start = index == 0
            || inverted
            || words[index - 1].1.ends_with(',')
            || matches!(words[index - 1].1, "och" | "samt" | "att" | "and");
        if !clause_start || !is_capitalised(words[index].1) {
            index += 1;
            continue;
        }
        // Gather the run of names.
        let mut names: Vec<String> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        let mut cursor = index;
        while cursor < words.len() {
            let word = words[cursor].1;
            let bare = word.trim_end_matches(',');
            if is_capitalised(bare) && current.len() < 3 {
                current.push(bare);
                cursor += 1;
                if word.ends_with(',') {
                    names.push(current.join(" "));
                    current.clear();
                }
            } else if is_joiner(word) && (!current.is_empty() || !names.is_empty()) {
                if !current.is_empty() {
                    names.push(current.join(" "));
                    current.clear();
                }
                cursor += 1;
            } else {
                break;
            }
        }
        if !current.is_empty() {
            names.push(current.join(" "));
        }
        let next = cursor.max(index + 1);
        if cursor >= words.len() || names.is_empty() {
            index = next;
            continue;
        }
        let rest_start = words[cursor].0;
        let rest_end = sentence
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i >= rest_start + 48)
            .unwrap_or(sentence.len());
        let rest_folded = fold(&sentence[rest_start..rest_end]);
        if inverted || ACTION_VERB.is_match(&rest_folded) || future_or_task(&rest_folded) {
            for raw in &names {
                let raw = raw.trim();
                let initials =
                    (2..=4).contains(&raw.chars().count()) && raw.chars().all(char::is_uppercase);
                let Some(name) = directory
                    .resolve(raw)
                    .or_else(|| (looks_like_first_name(raw) || initials).then(|| raw.to_string()))
                else {
                    continue;
                };
                if !owners.contains(&name) {
                    owners.push(name);
                }
            }
        }
        index = next;
    }
    (!owners.is_empty()).then_some(owners)
}

/// A capitalised word that reads as a first name (`Jaana`, `Theo`): a
/// name-shaped word that is not a pronoun or a definite noun (`Gruppen`).
fn looks_like_first_name(word: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "Att",
        "Och",
        "Som",
        "En",
        "Ett",
        "I",
        "På",
        "Med",
        "Av",
        "Från",
        "Innan",
        "Sedan",
        "Då",
        "Nu",
        "Här",
        "Vem",
        "Vad",
        "Hur",
        "När",
        "Var",
        "Vilka",
        "Vilken",
        "Varför",
        "Gruppen",
        "Skolan",
        "Rektorn",
        "Staden",
        "Mötet",
        "Rådet",
        "Nämnden",
        "Styrelsen",
        "Kommunen",
        "Enheten",
        "Vi",
        "Det",
        "Den",
        "De",
        "Man",
        "Alla",
        "Han",
        "Hon",
        "Detta",
        "Dessa",
        "Varje",
        "Samtliga",
        "Nästa",
        "Vid",
        "Efter",
        "Under",
        "Inför",
        "Om",
        "Till",
        "För",
        "The",
        "We",
        "All",
        "Everyone",
        "It",
        "They",
        "This",
        "Next",
        "Mer",
        "Fler",
    ];
    let definite_noun = ["en", "et", "na", "arna", "erna", "orna"]
        .iter()
        .any(|end| fold(word).ends_with(end))
        && word.chars().count() > 7;
    is_name(word) && !NOT_NAMES.contains(&word) && !definite_noun
}

/// Owners of an assignment: `uppdrar åt Anna Berg att`, `ger Per i uppdrag`.
fn assigned_owners(sentence: &str, directory: &Directory) -> Vec<String> {
    static ASSIGNEE: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?";
        Regex::new(&format!(r"(?i:uppdra(?:r)?\s+åt|ger)\s+(?P<who>{name}(?:\s*(?:,|och)\s*{name})*)|(?P<subj>{name})\s+(?i:får\s+i\s+uppdrag)"))
            .expect("valid regex")
    });
    ASSIGNEE
        .captures_iter(sentence)
        .filter_map(|caps| caps.name("who").or(caps.name("subj")))
        .flat_map(|names| names_in(names.as_str(), directory))
        .collect()
}

fn names_in(text: &str, directory: &Directory) -> Vec<String> {
    parse_name_list(text)
        .into_iter()
        .map(|n| directory.expand(&n.name).unwrap_or(n.name))
        .collect()
}

/// When an action is due: the next meeting, or a date in the sentence.
fn due_in(sentence: &str, context: &Context<'_>) -> Option<Due> {
    static NEXT_MEETING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:nästa|nasta|kommande)\s+(?:\p{L}+-?)?(?:möte|mote|sammanträde|träff)\w*|\bnext\s+meeting\b").expect("valid regex")
    });
    // A week (`v. 12`) names no day: it stays unresolved rather than guessed.
    if let Some((date, _)) = find_date(sentence) {
        let year = date.year.or(context.year)?;
        return iso(year, date.month, date.day).map(Due::Date);
    }
    NEXT_MEETING.is_match(sentence).then_some(Due::NextMeeting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(directory: &Directory) -> Context<'_> {
        Context {
            directory,
            year: Some(2020),
        }
    }

    fn people() -> Directory {
        let mut directory = Directory::default();
        for name in [
            "Lila Ericsson",
            "Tony Mufic",
            "Christian Olsson",
            "Maria Boman Hansson",
        ] {
            directory.add(name, None);
        }
        directory
    }

    #[test]
    fn splits_sentences_but_not_at_abbreviations() {
        let text = "Vi ses kl. 13. Det gäller t.ex. budget. Klart.";
        let parts: Vec<&str> = sentences(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(
            parts,
            ["Vi ses kl. 13.", "Det gäller t.ex. budget.", "Klart."]
        );
    }

    #[test]
    fn decisions_are_told_from_reports_of_past_decisions() {
        assert!(is_decision_sentence(
            "Ledningsgruppen tog beslut om att prioritera nedan tre uppdrag."
        ));
        assert!(is_decision_sentence(
            "Ledningsgruppen beslutar att godkänna planen."
        ));
        assert!(is_decision_sentence(
            "Tony har fattat beslut om att inte genomföra verksamhetsdialoger."
        ));
        assert!(is_decision_sentence("Beslutades att anta budgeten."));
        assert!(is_decision_sentence(
            "Kultur- och fritidsnämnden beslutar att godkänna rapporten."
        ));
        assert!(is_decision_sentence("The board approved the budget."));
        assert!(!is_decision_sentence(
            "Det beslutades i våras att avdelningen skulle följa upp."
        ));
        assert!(!is_decision_sentence("Nämnden kommer att besluta i juni."));
        assert!(!is_decision_sentence(
            "Förvaltningen föreslår att nämnden beslutar att anta planen."
        ));
    }

    #[test]
    fn actions_with_owners_and_due() {
        let directory = people();
        let context = context(&directory);
        let action = action_in(
            "Nästa steg är att Lila och Jaana reviderar utkastet på åtgärdsplan och Tony går igenom den nya versionen på nästa ledningsgruppsmöte.",
            &context,
        )
        .unwrap();
        assert_eq!(action.owners, ["Lila Ericsson", "Jaana", "Tony Mufic"]);
        assert_eq!(action.due, Some(Due::NextMeeting));
        let action = action_in(
            "Tony stämmer av frågan med Daniel och återkommer med besked till Maria",
            &context,
        )
        .unwrap();
        assert_eq!(action.owners, ["Tony Mufic"]);
        let action = action_in("Punkten läggs in på LG mötet den 23 mars", &context).unwrap();
        assert!(action.owners.is_empty());
        assert_eq!(action.due, Some(Due::Date("2020-03-23".into())));
        assert!(action_in("Tony gav sin bild av de centrala områdena.", &context).is_none());
    }
}
