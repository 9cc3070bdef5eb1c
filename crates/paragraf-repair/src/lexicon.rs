//! The embedded Swedish lexicon, English stop list and word-pair counts (see `lexicon/README.md`).

use fst::Map;
use fst::raw::Fst;

use crate::RepairError;

static LEXICON_FST: &[u8] = include_bytes!("../data/lexicon.fst");
static BIGRAMS_FST: &[u8] = include_bytes!("../data/bigrams.fst");
static ENGLISH_FST: &[u8] = include_bytes!("../data/english.fst");

/// Flag added to a lexicon value: the word is mostly a misspelling of a twin with å, ä
/// or ö at least ten times as frequent (`niva`, `direktor`), so it is no compound part.
const STRIPPED_FORM: u64 = 1 << 16;

/// A lexicon value's weight and whether it is a stripped form.
pub(crate) fn decode_entry(value: u64) -> (i32, bool) {
    (
        (value & (STRIPPED_FORM - 1)) as i32,
        value & STRIPPED_FORM != 0,
    )
}

/// Flag added to a word's count in `bigrams.fst`: every pair around it is stored, so a
/// missing pair means unseen (for other words it may just not have been kept).
const TRACKED: u64 = 1 << 40;

/// Key under which `bigrams.fst` stores the size of the corpus it was counted on.
const CORPUS_SIZE_KEY: &str = "#tokens";

/// Swedish word forms with frequencies, common English words, and word-pair counts from
/// clean Swedish prose, read in place from the embedded fst assets.
pub struct Lexicon {
    /// Lower-case word → weight (900 − centibels of its frequency; 80 = dictionary-only
    /// form), plus [`STRIPPED_FORM`].
    words: Map<&'static [u8]>,
    /// `"a b"` → times the pair occurred in clean prose; `"a"` → times the word did.
    pairs: Map<&'static [u8]>,
    /// Common English words far more frequent in English than in Swedish and no
    /// dot-less Swedish word (`for`): 1, or 2 when overwhelmingly English (`the`).
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
        self.words.get(word).map(|value| decode_entry(value).0)
    }

    /// Whether a listed word is mostly a misspelling of a twin with å, ä or ö.
    pub(crate) fn is_stripped_form(&self, word: &str) -> bool {
        self.words
            .get(word)
            .is_some_and(|value| decode_entry(value).1)
    }

    /// Whether a lower-case word is English rather than Swedish (`summit`, `review`).
    pub fn is_english(&self, lower: &str) -> bool {
        self.english.contains_key(lower)
    }

    /// Whether a lower-case word is so surely English that its neighbours are too (`the`).
    pub(crate) fn is_surely_english(&self, lower: &str) -> bool {
        self.english.get(lower) == Some(2)
    }

    /// Whether every clean-prose pair around `word` is stored, so context can judge it.
    pub(crate) fn has_context(&self, word: &str) -> bool {
        self.pairs
            .get(word)
            .is_some_and(|count| count & TRACKED != 0)
    }

    /// Times `word` occurred in the clean prose.
    fn count(&self, word: &str) -> f64 {
        (self.pairs.get(word).unwrap_or(0) & (TRACKED - 1)) as f64
    }

    /// How strongly the word read just before `word` predicts it, in centibels.
    pub(crate) fn lift_after(&self, previous: &str, word: &str, key: &mut String) -> f64 {
        self.lift(previous, word, previous, word, key)
    }

    /// How strongly the word read just after `word` predicts it, in centibels.
    pub(crate) fn lift_before(&self, word: &str, next: &str, key: &mut String) -> f64 {
        self.lift(word, next, next, word, key)
    }

    /// A Dirichlet-smoothed P(word | neighbour) / P(word) on the clean-prose counts, so the
    /// neighbour only adds what the word's own frequency does not already say.
    fn lift(&self, left: &str, right: &str, neighbour: &str, word: &str, key: &mut String) -> f64 {
        /// Pseudo-count: how many observations a neighbour needs before its pairs count fully.
        const PRIOR_WEIGHT: f64 = 50.0;
        let neighbour_count = self.count(neighbour);
        if neighbour_count == 0.0 {
            return 0.0;
        }
        key.clear();
        key.extend([left, " ", right]);
        let pair_count = self.pairs.get(key.as_str()).unwrap_or(0) as f64;
        let word_share = (self.count(word) + 1.0) / self.corpus_size;
        100.0
            * ((pair_count / word_share + PRIOR_WEIGHT) / (neighbour_count + PRIOR_WEIGHT)).log10()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_assets_load_with_sensible_weights() {
        let lexicon = Lexicon::embedded().unwrap();
        let weight = |w| lexicon.weight(w).unwrap_or(0);
        assert!(weight("för") > weight("for") && weight("är") > weight("år"));
        assert!(weight("förvaltningen") > 0 && lexicon.weight("mufic").is_none());
        assert!(lexicon.is_surely_english("the") && lexicon.is_english("review"));
        assert!(
            !lexicon.is_english("och") && !lexicon.is_english("for") && !lexicon.is_english("man")
        );
    }

    #[test]
    fn context_prefers_pairs_seen_in_clean_prose() {
        let lexicon = Lexicon::embedded().unwrap();
        let mut key = String::new();
        assert!(lexicon.has_context("stöd") && lexicon.has_context("stod"));
        assert!(
            lexicon.lift_after("särskilt", "stöd", &mut key)
                > lexicon.lift_after("särskilt", "stod", &mut key)
        );
        assert!(lexicon.lift_before("är", "det", &mut key) > 0.0);
    }
}
