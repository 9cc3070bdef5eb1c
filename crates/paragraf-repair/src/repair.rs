//! Deciding, token by token, whether and how to repair: noisy-channel score
//! (lexicon weight + confusion cost) plus what the neighbouring words say.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

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
/// Replacing a listed word by another (`in`/`än`, `val`/`väl`) needs this much more:
/// both spellings are plausible, and the unigram prior is from another domain.
const REAL_WORD_MARGIN: i32 = 40;
/// Capitalised tokens inside a sentence may be names: they need this much more evidence.
const NAME_MARGIN: i32 = 60;
/// Per substitution when the text as a whole does not look OCR'd: clean text rarely
/// contains a misread letter, so a real word there stays unless the evidence is huge.
const CLEAN_TEXT_EDIT_COST: i32 = -300;
/// Weight of the neighbouring words relative to the word's own score.
const CONTEXT_WEIGHT: f64 = 1.0;
/// Only the best few readings of a token are rescored with context.
const MAX_READINGS: usize = 6;
/// Longer tokens are no words (hashes, run-together lines): left alone.
const MAX_TOKEN_CHARS: usize = 40;
/// Analyses kept across calls; the cache is emptied when it reaches this size.
const CACHE_CAPACITY: usize = 100_000;
/// Confidence reported for the fixed `|` → `I` rule.
const STRAY_BAR_CONFIDENCE: f32 = 0.9;

/// Share of word tokens above which a text is taken to be OCR output.
///
/// Calibrated on the seeds: the four OCR'd minutes score 0.21–0.28, the clean one 0.00;
/// clean Swedish prose stays below 0.01. 0.04 leaves room on both sides.
pub const OCR_THRESHOLD: f64 = 0.04;

/// The text after repair, and every change made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repaired {
    pub text: String,
    pub changes: Vec<Change>,
}

impl Repaired {
    /// The text before repair, rebuilt from the changes: they align every replaced
    /// token with its original, so nothing is lost.
    pub fn original(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut copied = 0;
        // Offsets are in the original; in the repaired text they shift by the growth so far.
        let mut growth: isize = 0;
        for change in &self.changes {
            let start = change.offset.saturating_add_signed(growth);
            out.push_str(self.text.get(copied..start).unwrap_or_default());
            out.push_str(&change.from);
            copied = start + change.to.len();
            growth += change.to.len() as isize - change.from.len() as isize;
        }
        out.push_str(self.text.get(copied..).unwrap_or_default());
        out
    }
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

impl Decision {
    fn keep(slot: &Slot) -> Decision {
        Decision {
            word: slot.lower.clone(),
            replace: false,
            confidence: 1.0,
        }
    }
}

/// Readings of one distinct token; shared by all its occurrences.
pub(crate) struct Analysis {
    readings: Vec<Candidate>,
    /// Whether the token itself is a reading (a listed word or a compound of listed words).
    is_word: bool,
    /// Whether the token is a listed word in its own right, not a compound and not a
    /// stripped form (`lost`, `niva`: mostly misspellings of `löst`, `nivå`).
    is_real_word: bool,
    /// A listed word beats any compound analysis, and two parts beat three: only
    /// readings with this many parts compete.
    fewest_parts: u8,
    /// Whether any competing reading differs from the token.
    has_alternative: bool,
    /// Whether every competing reading has all its word pairs stored, so context can
    /// judge between them (a missing pair would otherwise count against one reading only).
    judged: bool,
}

/// A token repair may change, with what it needs to decide.
struct Slot {
    token: Token,
    lower: Rc<str>,
    /// Capitalised but not at the start of a sentence, line or bullet: perhaps a name.
    maybe_name: bool,
    analysis: Option<Arc<Analysis>>,
}

/// Analyses of lower-case tokens shared by all calls of one repairer: reading
/// candidates is most of the work, and documents share most of their words.
#[derive(Default)]
pub(crate) struct AnalysisCache(Mutex<HashMap<Box<str>, Arc<Analysis>>>);

impl AnalysisCache {
    fn get_or_insert_with(&self, lower: &str, analyse: impl FnOnce() -> Analysis) -> Arc<Analysis> {
        // A panic elsewhere cannot leave a half-written entry: the map stays usable.
        let lookup = |cache: &Self| {
            cache
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(lower)
                .cloned()
        };
        if let Some(analysis) = lookup(self) {
            return analysis;
        }
        let analysis = Arc::new(analyse());
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= CACHE_CAPACITY {
            map.clear();
        }
        map.insert(lower.into(), analysis.clone());
        analysis
    }
}

/// One repairer's parts, borrowed for a call.
pub(crate) struct Engine<'a> {
    pub(crate) lexicon: &'a Lexicon,
    pub(crate) model: &'a ConfusionModel,
    pub(crate) cache: &'a AnalysisCache,
}

impl Engine<'_> {
    pub(crate) fn ocr_score(&self, text: &str) -> f64 {
        let slots = self.slots(text, &tokenize(text));
        share_replaced(&self.decide_all(text, &slots, true, None))
    }

    pub(crate) fn repair(&self, text: &str) -> Repaired {
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
        type Analysed = (Rc<str>, Option<Arc<Analysis>>);
        // Keyed by the token as written (no lower-casing on a hit), and analyses by the
        // lower-case form (`For` and `for` share one).
        let mut seen: HashMap<&str, Analysed> = HashMap::new();
        let mut analyses: HashMap<Rc<str>, Arc<Analysis>> = HashMap::new();
        let mut previous: Option<Token> = None;
        tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|&token| {
                let original = &text[token.start..token.end];
                let opens_sentence = match previous.replace(token) {
                    Some(p) if p.line == token.line => {
                        // A one-letter word before it is a misread bullet (`e`, `o`).
                        text[p.start..p.end].chars().nth(1).is_none()
                            || text[p.end..token.start].contains(['.', '!', '?', ':'])
                    }
                    _ => true,
                };
                let (lower, analysis) = seen
                    .entry(original)
                    .or_insert_with(|| {
                        let lower: Rc<str> = original.to_lowercase().into();
                        let analysis = self.is_repairable(original, &lower).then(|| {
                            let analysis = analyses.entry(lower.clone()).or_insert_with(|| {
                                self.cache
                                    .get_or_insert_with(&lower, || self.analyse(&lower))
                            });
                            analysis.clone()
                        });
                        (lower, analysis)
                    })
                    .clone();
                Slot {
                    token,
                    maybe_name: !opens_sentence && original.starts_with(char::is_uppercase),
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
            if let Some(itself) =
                candidates(self.lexicon.automaton(), &ConfusionModel::default(), lower)
                    .into_iter()
                    .next()
            {
                readings.push(itself);
            }
        }
        let fewest_parts = readings.iter().map(|r| r.parts).min().unwrap_or(1);
        let competing = || readings.iter().filter(|r| r.parts == fewest_parts);
        Analysis {
            is_word,
            is_real_word: readings.iter().any(|r| *r.word == *lower && r.parts == 1)
                && !self.lexicon.is_stripped_form(lower),
            fewest_parts,
            has_alternative: competing().any(|r| *r.word != *lower),
            judged: competing().all(|r| self.lexicon.has_context(&r.word)),
            readings,
        }
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
        // Without context a decision depends on the token alone: decide each once.
        let mut memo: HashMap<(*const Analysis, bool), Decision> = HashMap::new();
        let read_as = |earlier: &[Option<Decision>], index: usize| -> Rc<str> {
            earlier[index]
                .as_ref()
                .map_or_else(|| slots[index].lower.clone(), |d| d.word.clone())
        };
        // Neighbours are only words separated by nothing but white space.
        let adjacent = |a: &Slot, b: &Slot| {
            text[a.token.end..b.token.start]
                .chars()
                .all(char::is_whitespace)
        };
        slots
            .iter()
            .enumerate()
            .map(|(index, slot)| {
                let analysis = slot.analysis.as_ref()?;
                if !analysis.has_alternative {
                    return Some(Decision::keep(slot));
                }
                let Some(earlier) = context else {
                    let decision = memo
                        .entry((Arc::as_ptr(analysis), slot.maybe_name))
                        .or_insert_with(|| {
                            self.decide(slot, analysis, looks_ocr, None, None, &mut key)
                        });
                    return Some(decision.clone());
                };
                if !analysis.judged && !analysis.is_word {
                    return earlier[index].clone();
                }
                let previous = index
                    .checked_sub(1)
                    .filter(|&p| adjacent(&slots[p], slot))
                    .map(|p| read_as(earlier, p));
                let next = Some(index + 1)
                    .filter(|&n| slots.get(n).is_some_and(|n| adjacent(slot, n)))
                    .map(|n| read_as(earlier, n));
                Some(self.decide(
                    slot,
                    analysis,
                    looks_ocr,
                    previous.as_deref(),
                    next.as_deref(),
                    &mut key,
                ))
            })
            .collect()
    }

    /// What the neighbouring words say about reading the token as `word` (centibels).
    fn context(
        &self,
        previous: Option<&str>,
        word: &str,
        next: Option<&str>,
        key: &mut String,
    ) -> f64 {
        let after = previous.map_or(0.0, |p| self.lexicon.lift_after(p, word, key));
        let before = next.map_or(0.0, |n| self.lexicon.lift_before(word, n, key));
        CONTEXT_WEIGHT * (after + before)
    }

    fn decide(
        &self,
        slot: &Slot,
        analysis: &Analysis,
        looks_ocr: bool,
        previous: Option<&str>,
        next: Option<&str>,
        key: &mut String,
    ) -> Decision {
        let english_neighbour = [previous, next]
            .into_iter()
            .flatten()
            .any(|w| self.lexicon.is_surely_english(w));
        let (previous, next) = if analysis.judged {
            (previous, next)
        } else {
            (None, None)
        };
        let mut score = |reading: &Candidate| -> f64 {
            let edit_cost = if looks_ocr {
                0
            } else {
                CLEAN_TEXT_EDIT_COST * i32::from(reading.edits)
            };
            f64::from(reading.score() + edit_cost)
                + self.context(previous, &reading.word, next, key)
        };
        let keep = Decision::keep(slot);
        // A known word next to English is probably English too (`for`, `man`): keep it.
        if analysis.is_word && english_neighbour {
            return keep;
        }
        // Names often parse as compounds (Karlegatt: kår+legatt), so they get listed words only.
        let scored: Vec<(f64, &Candidate)> = analysis
            .readings
            .iter()
            .filter(|r| r.parts == analysis.fewest_parts && (r.parts == 1 || !slot.maybe_name))
            .map(|r| (score(r), r))
            .collect();
        let itself = scored.iter().find(|(_, r)| *r.word == *slot.lower);
        let keep_score = match itself {
            Some((score, _)) => *score,
            // An unknown token's neighbours are as unseen as any unseen pair.
            None => f64::from(UNKNOWN_TOKEN_SCORE) + self.context(previous, &slot.lower, next, key),
        };
        let Some(&(best_score, best)) = scored.iter().max_by(|a, b| a.0.total_cmp(&b.0)) else {
            return keep;
        };
        let margin = MIN_MARGIN
            + if slot.maybe_name { NAME_MARGIN } else { 0 }
            + if analysis.is_real_word {
                REAL_WORD_MARGIN
            } else {
                0
            };
        if *best.word == *slot.lower || best_score - keep_score < f64::from(margin) {
            return keep;
        }
        // Keeping the token competes too, also when it is no reading of its own.
        let keeping = match itself {
            Some(_) => 0.0,
            None => 10f64.powf((keep_score - best_score) / 100.0),
        };
        let total: f64 = scored
            .iter()
            .map(|(s, _)| 10f64.powf((s - best_score) / 100.0))
            .sum::<f64>()
            + keeping;
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
        .fold((0usize, 0usize), |(r, n), d| {
            (r + usize::from(d.replace), n + 1)
        });
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

#[cfg(test)]
mod tests {
    use crate::Repairer;

    fn repaired(text: &str) -> String {
        Repairer::new().unwrap().repair(text).text
    }

    /// An OCR'd paragraph from seed 000, long enough to be recognised as OCR output.
    const OCR_PARAGRAPH: &str = "Budgetvolymerna 2021 for forskola och grundskola ar fardigstallda. For forskolan ar det i\n\
        stort samma som for 2020 med hansyn tagen till lokalférandringar. For grundskolan ar\n\
        kommunal verksamhet 6kar mindre men framforallt paverkar det enskilda enheter.";

    #[test]
    fn repairs_an_ocr_paragraph_and_reports_each_change() {
        let repairer = Repairer::new().unwrap();
        let result = repairer.repair(OCR_PARAGRAPH);
        assert_eq!(
            result.text,
            "Budgetvolymerna 2021 för förskola och grundskola är färdigställda. För förskolan är det i\n\
             stort samma som för 2020 med hänsyn tagen till lokalförändringar. För grundskolan är\n\
             kommunal verksamhet ökar mindre men framförallt påverkar det enskilda enheter."
        );
        let ökar = result.changes.iter().find(|c| c.from == "6kar").unwrap();
        assert_eq!((ökar.line, ökar.to.as_str()), (3, "ökar"));
        assert_eq!(
            &OCR_PARAGRAPH[ökar.offset..ökar.offset + ökar.from.len()],
            "6kar"
        );
        assert!(
            result
                .changes
                .iter()
                .all(|c| (0.0..=1.0).contains(&c.confidence))
        );
    }

    #[test]
    fn keeps_names_abbreviations_numbers_and_addresses() {
        let text = format!(
            "{OCR_PARAGRAPH}\nDeltagare: Tony Mufic (TM), Karin Gerken(KG), Thomas Karlegatt (TK), Susanne Fras\n\
             SFF och BUN, LG möte, VP-uppdrag, SOU 2020:28, kl. 12.00 -16.00, 6-8 v.\n\
             helsingborg.se, info@helsingborg.se, https://drive.google.com/drive/folders/1ni_kKmjVt7"
        );
        let out = repaired(&text);
        let last_lines: Vec<&str> = out.lines().skip(3).collect();
        assert_eq!(last_lines, text.lines().skip(3).collect::<Vec<_>>());
    }

    #[test]
    fn leaves_clean_swedish_alone() {
        let clean = include_str!("../../../fixtures/seeds/001_715d097d1f875b04.txt");
        let repairer = Repairer::new().unwrap();
        assert!(repairer.repair(clean).changes.is_empty());
        assert!(repairer.ocr_score(clean) < super::OCR_THRESHOLD);
    }

    #[test]
    fn context_decides_real_word_errors() {
        let out = repaired(&format!(
            "{OCR_PARAGRAPH}\nverksamheten har andra 6nskemal dn Verksamhetschefer och arbetsgruppen\n\
             Arbetet har pagatt i fem ar och det ar klart i ar. Pa vilket satt gar vi vidare?"
        ));
        let last_lines: Vec<&str> = out.lines().skip(3).collect();
        assert_eq!(
            last_lines,
            [
                "verksamheten har andra önskemål än Verksamhetschefer och arbetsgruppen",
                "Arbetet har pågått i fem år och det är klart i år. På vilket sätt går vi vidare?"
            ]
        );
    }

    #[test]
    fn stray_bar_before_a_lower_case_word_is_the_pronoun() {
        let out = repaired(&format!(
            "{OCR_PARAGRAPH}\nPlats: | smagrupper samt via Teams | A"
        ));
        assert!(
            out.ends_with("Plats: I smågrupper samt via Teams | A"),
            "{out}"
        );
    }

    #[test]
    fn english_words_stay() {
        let out = repaired(&format!(
            "{OCR_PARAGRAPH}\nAfter action review of the plan for the management system"
        ));
        assert!(
            out.ends_with("After action review of the plan for the management system"),
            "{out}"
        );
    }

    #[test]
    fn capitals_are_kept_on_repaired_words() {
        assert!(
            repaired(&format!("{OCR_PARAGRAPH}\nAtgirdsplanen pa huvudmannaniva"))
                .ends_with("Åtgärdsplanen på huvudmannanivå")
        );
    }

    #[test]
    fn empty_and_odd_input() {
        for text in [
            "",
            "\n\n",
            "|",
            "[ x",
            "åäö ÅÄÖ",
            "a\u{308}r",
            "🙂 for 🙂",
            "ﬁ ﬂ İ",
        ] {
            let out = repaired(text);
            assert_eq!(
                out.matches('\n').count(),
                text.matches('\n').count(),
                "{text:?}"
            );
        }
    }
}
