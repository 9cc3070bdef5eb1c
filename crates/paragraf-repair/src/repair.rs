//! Deciding, token by token, whether and how to repair: noisy-channel score
//! (lexicon weight + confusion cost) plus what the neighbouring words say.

use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use crate::candidates::{Candidate, candidates};
use crate::confusion::ConfusionModel;
use crate::lexicon::Lexicon;
use crate::tokens::{Token, TokenKind, is_combining_mark, tokenize};

/// Score (centibels) of keeping a token the lexicon does not know: names, jargon, typos.
/// A repair must beat it by [`MIN_MARGIN`], so only frequent words displace unknown tokens.
const UNKNOWN_TOKEN_SCORE: i32 = 0;
/// How much better (centibels, i.e. ×10^0.2 ≈ 1.6 times likelier) a repair must score.
const MIN_MARGIN: i32 = 20;
/// Capitalised tokens may be names: they need this much more evidence.
const CAPITALISED_MARGIN: i32 = 60;
/// Per substitution when the text as a whole does not look OCR'd: clean text rarely
/// contains a misread letter, so a real word there stays unless the evidence is huge.
const CLEAN_TEXT_EDIT_COST: i32 = -300;
/// Weight of the neighbouring words relative to the word's own score.
const CONTEXT_WEIGHT: f64 = 1.0;
/// Only the best few readings of a token are rescored with context.
const MAX_READINGS: usize = 6;
const MAX_TOKEN_CHARS: usize = 40;
/// Confidence reported for the fixed `|` → `I` rule.
const STRAY_BAR_CONFIDENCE: f32 = 0.9;

/// Share of word tokens above which a text is taken to be OCR output.
///
/// Calibrated on the seeds: the four OCR'd minutes score 0.13–0.21, the clean one 0.00;
/// clean Swedish prose stays below 0.01. 0.04 leaves room on both sides.
pub const OCR_THRESHOLD: f64 = 0.04;

/// The text after repair, and every change made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repaired {
    pub text: String,
    pub changes: Vec<Change>,
}

/// One replaced token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// 1-based line of the token.
    pub line: usize,
    /// Byte offset of the token in the original text.
    pub offset: usize,
    pub from: String,
    pub to: String,
    /// Probability (0..=1) of `to` among the readings considered, keeping included.
    pub confidence: f32,
}

/// The decision for one token before or after looking at its neighbours.
#[derive(Debug, Clone)]
struct Decision {
    /// Lower-case word the token is read as (the token itself when kept).
    word: Rc<str>,
    replace: bool,
    confidence: f32,
}

/// Readings of one distinct lower-case token; shared by all its occurrences.
struct Analysis {
    readings: Vec<Candidate>,
    /// Whether the token itself is a reading (a listed word or a compound of listed words).
    is_word: bool,
}

/// A token repair may change, with what it needs to decide.
struct Slot {
    token: Token,
    lower: Rc<str>,
    capitalised: bool,
    analysis: Option<Rc<Analysis>>,
}

pub struct Engine<'a> {
    pub lexicon: &'a Lexicon,
    pub model: &'a ConfusionModel,
}

impl Engine<'_> {
    pub fn ocr_score(&self, text: &str) -> f64 {
        let slots = self.slots(text, &tokenize(text));
        share_replaced(&self.decide_all(text, &slots, true, None))
    }

    pub fn repair(&self, text: &str) -> Repaired {
        let tokens = tokenize(text);
        let slots = self.slots(text, &tokens);
        let first_pass = self.decide_all(text, &slots, true, None);
        let looks_ocr = share_replaced(&first_pass) >= OCR_THRESHOLD;
        let first_pass = if looks_ocr {
            first_pass
        } else {
            self.decide_all(text, &slots, false, None)
        };
        let decisions = self.decide_all(text, &slots, looks_ocr, Some(&first_pass));

        let mut changes = Vec::new();
        for (slot, decision) in slots.iter().zip(&decisions) {
            if let Some(decision) = decision.as_ref().filter(|d| d.replace) {
                let from = &text[slot.token.start..slot.token.end];
                changes.push(Change {
                    line: slot.token.line,
                    offset: slot.token.start,
                    from: from.to_owned(),
                    to: with_case_of(from, &decision.word),
                    confidence: decision.confidence,
                });
            }
        }
        if looks_ocr {
            changes.extend(stray_bars(text, &tokens));
            changes.sort_by_key(|c| c.offset);
        }
        Repaired {
            text: apply(text, &changes),
            changes,
        }
    }

    /// Word tokens with their readings; tokens repair must not touch get no analysis.
    fn slots(&self, text: &str, tokens: &[Token]) -> Vec<Slot> {
        let mut cache: HashMap<Rc<str>, Rc<Analysis>> = HashMap::new();
        tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|&token| {
                let original = &text[token.start..token.end];
                let lower: Rc<str> = original.to_lowercase().into();
                let analysis = self.is_repairable(original, &lower).then(|| {
                    cache
                        .entry(lower.clone())
                        .or_insert_with(|| Rc::new(self.analyse(&lower)))
                        .clone()
                });
                Slot {
                    token,
                    capitalised: original.starts_with(char::is_uppercase),
                    lower,
                    analysis,
                }
            })
            .collect()
    }

    /// Abbreviations (any capital after the first letter), numbers, single letters,
    /// English words and decomposed text are left as they are.
    fn is_repairable(&self, original: &str, lower: &str) -> bool {
        let chars = original.chars().count();
        (2..=MAX_TOKEN_CHARS).contains(&chars)
            && !original.chars().skip(1).any(char::is_uppercase)
            && !original.chars().all(|c| c.is_ascii_digit())
            && !original.chars().any(is_combining_mark)
            && !self.lexicon.is_english(lower)
    }

    fn analyse(&self, lower: &str) -> Analysis {
        let mut readings = candidates(self.lexicon.automaton(), self.model, lower);
        let is_word = readings.iter().any(|c| c.edits == 0 && *c.word == *lower);
        readings.truncate(MAX_READINGS);
        if is_word && !readings.iter().any(|c| *c.word == *lower) {
            // Always keep the token itself among the readings it competes with.
            if let Some(itself) = candidates(self.lexicon.automaton(), &ConfusionModel::default(), lower).into_iter().next() {
                readings.push(itself);
            }
        }
        Analysis { readings, is_word }
    }

    /// Decides every slot; with `context`, neighbours are read as that earlier pass decided.
    fn decide_all(
        &self,
        text: &str,
        slots: &[Slot],
        looks_ocr: bool,
        context: Option<&[Option<Decision>]>,
    ) -> Vec<Option<Decision>> {
        let mut key = String::new();
        let read_as = |index: usize| -> Option<Rc<str>> {
            let earlier = context?;
            Some(earlier[index].as_ref().map_or_else(|| slots[index].lower.clone(), |d| d.word.clone()))
        };
        // Neighbours are only words separated by nothing but white space.
        let adjacent = |a: &Slot, b: &Slot| text[a.token.end..b.token.start].chars().all(char::is_whitespace);
        slots
            .iter()
            .enumerate()
            .map(|(index, slot)| {
                let analysis = slot.analysis.as_ref()?;
                let previous = index
                    .checked_sub(1)
                    .filter(|&p| adjacent(&slots[p], slot))
                    .and_then(read_as);
                let next = Some(index + 1)
                    .filter(|&n| slots.get(n).is_some_and(|n| adjacent(slot, n)))
                    .and_then(read_as);
                Some(self.decide(slot, analysis, looks_ocr, previous.as_deref(), next.as_deref(), &mut key))
            })
            .collect()
    }

    fn decide(&self, slot: &Slot, analysis: &Analysis, looks_ocr: bool, previous: Option<&str>, next: Option<&str>, key: &mut String) -> Decision {
        let english_neighbour = [previous, next].into_iter().flatten().any(|w| self.lexicon.is_english(w));
        let mut score = |reading: &Candidate| -> f64 {
            let edit_cost = if looks_ocr { 0 } else { CLEAN_TEXT_EDIT_COST * i32::from(reading.edits) };
            let mut context = 0.0;
            if let Some(previous) = previous {
                context += self.lexicon.lift_after(previous, &reading.word, key);
            }
            if let Some(next) = next {
                context += self.lexicon.lift_before(&reading.word, next, key);
            }
            f64::from(reading.score() + edit_cost) + CONTEXT_WEIGHT * context
        };
        let keep = Decision {
            word: slot.lower.clone(),
            replace: false,
            confidence: 1.0,
        };
        // A known word next to English is probably English too (`for`, `man`): keep it.
        if analysis.is_word && english_neighbour {
            return keep;
        }
        let scored: Vec<(f64, &Candidate)> = analysis.readings.iter().map(|r| (score(r), r)).collect();
        let keep_score = scored
            .iter()
            .find(|(_, r)| *r.word == *slot.lower)
            .map_or(f64::from(UNKNOWN_TOKEN_SCORE), |(s, _)| *s);
        let Some(&(best_score, best)) = scored.iter().max_by(|a, b| a.0.total_cmp(&b.0)) else {
            return keep;
        };
        let margin = MIN_MARGIN + if slot.capitalised { CAPITALISED_MARGIN } else { 0 };
        if *best.word == *slot.lower || best_score - keep_score < f64::from(margin) {
            return keep;
        }
        let unknown = if analysis.is_word { 0.0 } else { 10f64.powf((keep_score - best_score) / 100.0) };
        let total: f64 = scored.iter().map(|(s, _)| 10f64.powf((s - best_score) / 100.0)).sum::<f64>() + unknown;
        Decision {
            word: best.word.as_str().into(),
            replace: true,
            confidence: (1.0 / total) as f32,
        }
    }
}

/// Share of repairable tokens that a context-free pass would replace.
fn share_replaced(decisions: &[Option<Decision>]) -> f64 {
    let (replaced, considered) = decisions
        .iter()
        .flatten()
        .fold((0usize, 0usize), |(r, n), d| (r + usize::from(d.replace), n + 1));
    if considered == 0 {
        0.0
    } else {
        replaced as f64 / considered as f64
    }
}

/// `word` (lower case) with the capital initial of `original`, if it had one.
fn with_case_of(original: &str, word: &str) -> String {
    let mut chars = word.chars();
    match (original.starts_with(char::is_uppercase), chars.next()) {
        (true, Some(first)) => first.to_uppercase().chain(chars).collect(),
        _ => word.to_owned(),
    }
}

/// `|` or `[` standing alone before a lower-case word is the pronoun `I` misread.
fn stray_bars<'t>(text: &'t str, tokens: &'t [Token]) -> impl Iterator<Item = Change> + 't {
    tokens.windows(2).filter_map(move |pair| {
        let [bar, word] = pair else { return None };
        let follows = bar.kind == TokenKind::StrayBar
            && word.kind == TokenKind::Word
            && word.line <= bar.line + 1
            && text[word.start..word.end].starts_with(char::is_lowercase);
        follows.then(|| Change {
            line: bar.line,
            offset: bar.start,
            from: text[bar.start..bar.end].to_owned(),
            to: "I".to_owned(),
            confidence: STRAY_BAR_CONFIDENCE,
        })
    })
}

/// The text with every change applied; changes are sorted by offset and do not overlap.
fn apply(text: &str, changes: &[Change]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for change in changes {
        out.push_str(&text[copied..change.offset]);
        out.push_str(&change.to);
        copied = change.offset + change.from.len();
    }
    out.push_str(&text[copied..]);
    out
}
