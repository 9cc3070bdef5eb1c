//! The embedded Swedish lexicon, English stop list and word-pair counts (see `lexicon/README.md`).

use fst::raw::Fst;
use fst::Map;

use crate::RepairError;

static LEXICON_FST: &[u8] = include_bytes!("../data/lexicon.fst");
static BIGRAMS_FST: &[u8] = include_bytes!("../data/bigrams.fst");
static ENGLISH_FST: &[u8] = include_bytes!("../data/english.fst");

/// Key under which `bigrams.fst` stores the size of the corpus it was counted on.
const CORPUS_SIZE_KEY: &str = "#tokens";

pub struct Lexicon {
    /// Lower-case word → weight: 900 − centibels of its frequency (1 = dictionary-only form).
    words: Map<&'static [u8]>,
    /// `"a b"` → times the pair occurred in clean prose; `"a"` → times the word did.
    pairs: Map<&'static [u8]>,
    /// Common English words that are not Swedish words.
    english: Map<&'static [u8]>,
    corpus_size: f64,
}

fn load(asset: &'static str, bytes: &'static [u8]) -> Result<Map<&'static [u8]>, RepairError> {
    Map::new(bytes).map_err(|source| RepairError::Fst { asset, source })
}

impl Lexicon {
    pub fn embedded() -> Result<Self, RepairError> {
        let pairs = load("bigrams.fst", BIGRAMS_FST)?;
        let corpus_size = pairs.get(CORPUS_SIZE_KEY).unwrap_or(1).max(1) as f64;
        Ok(Self {
            words: load("lexicon.fst", LEXICON_FST)?,
            pairs,
            english: load("english.fst", ENGLISH_FST)?,
            corpus_size,
        })
    }

    /// The raw automaton, for walking candidate spellings letter by letter.
    pub fn automaton(&self) -> &Fst<&'static [u8]> {
        self.words.as_fst()
    }

    /// Weight of a lower-case word, if listed.
    pub fn weight(&self, word: &str) -> Option<i32> {
        self.words.get(word).map(|w| w as i32)
    }

    pub fn is_english(&self, lower: &str) -> bool {
        self.english.contains_key(lower)
    }

    /// How strongly the word read just before `word` predicts it, in centibels.
    pub fn lift_after(&self, previous: &str, word: &str, key: &mut String) -> f64 {
        self.lift(previous, word, previous, word, key)
    }

    /// How strongly the word read just after `word` predicts it, in centibels.
    pub fn lift_before(&self, word: &str, next: &str, key: &mut String) -> f64 {
        self.lift(word, next, next, word, key)
    }

    /// A Dirichlet-smoothed P(word | neighbour) / P(word) on the clean-prose counts, so the
    /// neighbour only adds what the word's own frequency does not already say.
    fn lift(&self, left: &str, right: &str, neighbour: &str, word: &str, key: &mut String) -> f64 {
        /// Pseudo-count: how many observations a neighbour needs before its pairs count fully.
        const PRIOR_WEIGHT: f64 = 50.0;
        let neighbour_count = self.pairs.get(neighbour).unwrap_or(0) as f64;
        if neighbour_count == 0.0 {
            return 0.0;
        }
        key.clear();
        key.extend([left, " ", right]);
        let pair_count = self.pairs.get(key.as_str()).unwrap_or(0) as f64;
        let word_share = (self.pairs.get(word).unwrap_or(0) as f64 + 1.0) / self.corpus_size;
        100.0 * ((pair_count / word_share + PRIOR_WEIGHT) / (neighbour_count + PRIOR_WEIGHT)).log10()
    }
}
