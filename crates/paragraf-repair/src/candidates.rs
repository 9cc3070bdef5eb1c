//! Candidate spellings for one noisy token: walk the lexicon automaton letter by letter,
//! reading each noisy letter as itself or as any clean letter the confusion model allows,
//! and restarting at the root after a complete word to analyse compounds.

use fst::raw::{Fst, Node};

use crate::confusion::ConfusionModel;
use crate::lexicon::decode_entry;

/// A compound weighs like the mean of its parts, but hardly more than a rare listed word.
/// Above the ceiling only a quarter of the excess counts, which still ranks compounds of
/// common parts (`ledningsgrupps`+`möte`) over compounds of junk (`…`+`mote`).
const COMPOUND_CEILING: i32 = 200;
/// Each part beyond the second costs this much (centibels).
const EXTRA_PART_COST: i32 = 100;
const MAX_COMPOUND_PARTS: u8 = 3;
/// Compound parts shorter than this are not split off (keeps names from parsing as words).
const MIN_PART_CHARS: usize = 3;
/// Substitutions allowed in one token; more is not OCR but a different word.
const MAX_EDITS: u8 = 4;
/// Of those, at most this many may be unlikely ones (costing more than
/// [`RARE_EDIT_COST`]: `d`→`ä`, `6`→`ö`); common ones (`a`→`ä`, `o`→`ö`) are free to
/// combine. This keeps the search from branching at every `d` and `i`.
const MAX_RARE_EDITS: u8 = 2;
const RARE_EDIT_COST: i32 = -50;
/// Bounds the search on long or pathological tokens.
const MAX_STEPS: usize = 20_000;

/// One spelling the noisy token may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Lower-case spelling.
    pub word: String,
    /// Lexicon weight (900 − centibels of frequency); for compounds the capped mean of
    /// the parts' weights, less 100 for a third part.
    pub weight: i32,
    /// Channel cost: 100 × log10 P(noisy | word), ≤ 0.
    pub channel: i32,
    pub edits: u8,
    pub parts: u8,
    /// `(noisy, clean)` for each position whose clean letter the model covers, in order.
    pub alignment: Vec<(String, char)>,
}

impl Candidate {
    pub fn score(&self) -> i32 {
        self.weight + self.channel
    }
}

/// The lexicon spellings the lower-case `noisy` token can be read as, best first, one
/// entry per spelling; only when there is none, compounds of up to three listed parts
/// (a listed word always beats a compound analysis, so those would never compete).
pub fn candidates(fst: &Fst<&'static [u8]>, model: &ConfusionModel, noisy: &str) -> Vec<Candidate> {
    let input: Vec<char> = noisy.chars().collect();
    let mut search = Search {
        fst,
        model,
        input: &input,
        root: fst.root(),
        max_parts: 1,
        spelling: Vec::with_capacity(noisy.len() + 8),
        alignment: Vec::new(),
        steps: 0,
        found: Vec::new(),
    };
    search.start();
    if search.found.is_empty() {
        search.max_parts = MAX_COMPOUND_PARTS;
        search.steps = 0;
        search.start();
    }
    // One entry per spelling: the listed word over a compound analysis of it, then the cheapest.
    let mut found = search.found;
    found.sort_by(|a, b| {
        a.word
            .cmp(&b.word)
            .then(a.parts.cmp(&b.parts))
            .then(b.score().cmp(&a.score()))
    });
    found.dedup_by(|later, first| later.word == first.word);
    found.sort_by(|a, b| b.score().cmp(&a.score()).then_with(|| a.word.cmp(&b.word)));
    found
}

struct Search<'a> {
    fst: &'a Fst<&'static [u8]>,
    model: &'a ConfusionModel,
    input: &'a [char],
    /// Decoded once: every compound part starts here.
    root: Node<'a>,
    max_parts: u8,
    spelling: Vec<u8>,
    /// `(noisy start, noisy length, clean)` for every letter on the current path.
    alignment: Vec<(usize, usize, char)>,
    steps: usize,
    found: Vec<Candidate>,
}

#[derive(Clone, Copy)]
struct Walk<'f> {
    pos: usize,
    node: Node<'f>,
    output: u64,
    channel: i32,
    edits: u8,
    rare_edits: u8,
    parts: u8,
    part_chars: usize,
    part_weights: i32,
}

impl<'a> Search<'a> {
    fn start(&mut self) {
        self.walk(Walk {
            pos: 0,
            node: self.root,
            output: 0,
            channel: 0,
            edits: 0,
            rare_edits: 0,
            parts: 1,
            part_chars: 0,
            part_weights: 0,
        });
    }

    fn walk(&mut self, at: Walk<'a>) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return;
        }
        let remaining = self.input.len() - at.pos;
        if at.node.is_final() {
            let (weight, stripped) = decode_entry(at.output + at.node.final_output().value());
            let part_weights = at.part_weights + weight;
            if remaining == 0 {
                if !(stripped && at.parts > 1) {
                    self.emit(&at, part_weights);
                }
                return;
            }
            if !stripped
                && at.parts < self.max_parts
                && at.part_chars >= MIN_PART_CHARS
                && remaining >= MIN_PART_CHARS
            {
                self.walk(Walk {
                    node: self.root,
                    output: 0,
                    parts: at.parts + 1,
                    part_chars: 0,
                    part_weights,
                    ..at
                });
            }
        }
        let Some(&noisy) = self.input.get(at.pos) else {
            return;
        };
        let identity_cost = self.model.identity_cost(noisy);
        self.step(&at, noisy, 1, identity_cost, false);
        if at.edits < MAX_EDITS {
            let (model, input) = (self.model, self.input);
            let rare_allowed = at.rare_edits < MAX_RARE_EDITS;
            for (reading, len) in model.readings_at(&input[at.pos..]) {
                if rare_allowed || reading.cost >= RARE_EDIT_COST {
                    self.step(&at, reading.clean, len, reading.cost, true);
                }
            }
        }
    }

    /// Follows `clean` from `at.node`, consuming `noisy_len` input chars.
    fn step(&mut self, at: &Walk<'a>, clean: char, noisy_len: usize, cost: i32, is_edit: bool) {
        let mut utf8 = [0; 4];
        let mut node = at.node;
        let mut output = at.output;
        for &byte in clean.encode_utf8(&mut utf8).as_bytes() {
            let Some(index) = node.find_input(byte) else {
                return;
            };
            let transition = node.transition(index);
            output += transition.out.value();
            node = self.fst.node(transition.addr);
        }
        let spelling_len = self.spelling.len();
        self.spelling
            .extend_from_slice(clean.encode_utf8(&mut utf8).as_bytes());
        self.alignment.push((at.pos, noisy_len, clean));
        self.walk(Walk {
            pos: at.pos + noisy_len,
            node,
            output,
            channel: at.channel + cost,
            edits: at.edits + u8::from(is_edit),
            rare_edits: at.rare_edits + u8::from(is_edit && cost < RARE_EDIT_COST),
            part_chars: at.part_chars + 1,
            ..*at
        });
        self.alignment.pop();
        self.spelling.truncate(spelling_len);
    }

    fn emit(&mut self, at: &Walk<'a>, part_weights: i32) {
        let weight = match at.parts {
            1 => part_weights,
            parts => {
                let mean = part_weights / i32::from(parts);
                let capped = mean.min(COMPOUND_CEILING) + (mean - COMPOUND_CEILING).max(0) / 4;
                capped - EXTRA_PART_COST * i32::from(parts - 2)
            }
        };
        self.found.push(Candidate {
            word: String::from_utf8_lossy(&self.spelling).into_owned(),
            weight,
            channel: at.channel,
            edits: at.edits,
            parts: at.parts,
            alignment: self
                .alignment
                .iter()
                .filter(|(_, _, clean)| self.model.covers(*clean))
                .map(|&(start, len, clean)| {
                    (self.input[start..start + len].iter().collect(), clean)
                })
                .collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn readings(noisy: &str) -> Vec<Candidate> {
        let lexicon = Lexicon::embedded().unwrap();
        candidates(
            lexicon.automaton(),
            &ConfusionModel::fitted().unwrap(),
            noisy,
        )
    }

    #[test]
    fn restores_the_seed_spellings() {
        for (noisy, clean) in [
            ("férvaltningen", "förvaltningen"),
            ("6kar", "ökar"),
            ("atgirdsplan", "åtgärdsplan"),
            ("ndmnden", "nämnden"),
        ] {
            let found = readings(noisy);
            assert_eq!(
                found.first().map(|c| c.word.as_str()),
                Some(clean),
                "{noisy}: {found:?}"
            );
        }
    }

    #[test]
    fn analyses_unlisted_compounds_into_known_parts() {
        for word in ["verksamhetsdialogerna", "grundskolerektorer"] {
            let found = readings(word);
            let itself = found.iter().find(|c| c.word == word && c.edits == 0);
            assert!(itself.is_some_and(|c| c.parts > 1), "{word}: {found:?}");
        }
    }

    #[test]
    fn alignment_records_each_substitution() {
        let found = readings("férvaltningen");
        assert!(found[0].alignment.contains(&("é".to_owned(), 'ö')));
    }

    #[test]
    fn pathological_tokens_end_quickly() {
        assert!(readings(&"a".repeat(200)).len() <= 200);
        assert!(readings("").is_empty());
    }
}
