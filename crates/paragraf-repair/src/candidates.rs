//! Candidate spellings for one noisy token: walk the lexicon automaton letter by letter,
//! reading each noisy letter as itself or as any clean letter the confusion model allows,
//! and restarting at the root after a complete word to analyse compounds.

use fst::raw::{Fst, Node};

use crate::confusion::ConfusionModel;

/// Each further compound part costs this much (centibels) below its weakest part.
const COMPOUND_PART_COST: i32 = 150;
const MAX_COMPOUND_PARTS: u8 = 3;
/// Compound parts shorter than this are not split off (keeps names from parsing as words).
const MIN_PART_CHARS: usize = 3;
/// Substitutions allowed in one token; more is not OCR but a different word.
const MAX_EDITS: u8 = 4;
/// Bounds the search on long or pathological tokens.
const MAX_STEPS: usize = 20_000;

/// One spelling the noisy token may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Lower-case spelling.
    pub word: String,
    /// Lexicon weight (centibels above the rarest word); compounds pay per extra part.
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

/// All lexicon spellings (and compounds of them) the lower-case `noisy` token can be read as,
/// best first, one entry per spelling.
pub fn candidates(fst: &Fst<&'static [u8]>, model: &ConfusionModel, noisy: &str) -> Vec<Candidate> {
    let input: Vec<char> = noisy.chars().collect();
    let mut search = Search {
        fst,
        model,
        input: &input,
        spelling: Vec::with_capacity(noisy.len() + 8),
        alignment: Vec::new(),
        steps: 0,
        found: Vec::new(),
    };
    search.walk(Walk {
        pos: 0,
        node: fst.root(),
        output: 0,
        channel: 0,
        edits: 0,
        parts: 1,
        part_chars: 0,
        weakest_part: i32::MAX,
    });
    let mut found = search.found;
    found.sort_by(|a, b| b.score().cmp(&a.score()).then_with(|| a.word.cmp(&b.word)));
    let mut seen = std::collections::HashSet::new();
    found.retain(|c| seen.insert(c.word.clone()));
    found
}

struct Search<'a> {
    fst: &'a Fst<&'static [u8]>,
    model: &'a ConfusionModel,
    input: &'a [char],
    spelling: Vec<u8>,
    alignment: Vec<(String, char)>,
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
    parts: u8,
    part_chars: usize,
    weakest_part: i32,
}

impl<'a> Search<'a> {
    fn walk(&mut self, at: Walk<'a>) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return;
        }
        let remaining = self.input.len() - at.pos;
        if at.node.is_final() {
            let part_weight = (at.output + at.node.final_output().value()) as i32;
            let weakest_part = at.weakest_part.min(part_weight);
            if remaining == 0 {
                self.emit(&at, weakest_part);
                return;
            }
            if at.parts < MAX_COMPOUND_PARTS && at.part_chars >= MIN_PART_CHARS && remaining >= MIN_PART_CHARS {
                self.walk(Walk {
                    node: self.fst.root(),
                    output: 0,
                    parts: at.parts + 1,
                    part_chars: 0,
                    weakest_part,
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
            for (reading, len) in model.readings_at(&input[at.pos..]) {
                self.step(&at, reading.clean, len, reading.cost, true);
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
        self.spelling.extend_from_slice(clean.encode_utf8(&mut utf8).as_bytes());
        let aligned = self.model.covers(clean);
        if aligned {
            let noisy: String = self.input[at.pos..at.pos + noisy_len].iter().collect();
            self.alignment.push((noisy, clean));
        }
        self.walk(Walk {
            pos: at.pos + noisy_len,
            node,
            output,
            channel: at.channel + cost,
            edits: at.edits + u8::from(is_edit),
            part_chars: at.part_chars + 1,
            ..*at
        });
        if aligned {
            self.alignment.pop();
        }
        self.spelling.truncate(spelling_len);
    }

    fn emit(&mut self, at: &Walk<'a>, weakest_part: i32) {
        let compound_cost = COMPOUND_PART_COST * i32::from(at.parts - 1);
        let word = String::from_utf8_lossy(&self.spelling).into_owned();
        self.found.push(Candidate {
            word,
            weight: weakest_part - compound_cost,
            channel: at.channel,
            edits: at.edits,
            parts: at.parts,
            alignment: self.alignment.clone(),
        });
    }
}
