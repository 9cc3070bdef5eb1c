//! Swedish text analysis, the same for documents and queries.
//!
//! Two views of every text: `stemmed` (lowercase, Swedish Snowball stems,
//! å/ä/ö kept, because har/här and for/för are different words) and
//! `folded` (the same with diacritics folded to ASCII, so an OCR'd or
//! keyboard-poor `forskola` meets `förskola`). Queries weigh the stemmed
//! view above the folded one.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenizerManager,
};

pub(crate) const STEMMED: &str = "sv_stemmed";
pub(crate) const FOLDED: &str = "sv_folded";
/// Names and bodies: folded, not stemmed (Svensson is not Svens).
pub(crate) const NAMES: &str = "sv_names";

/// Longer tokens are OCR garbage or glued words; they would only bloat
/// the term dictionary.
pub(crate) const LONGEST_TOKEN: usize = 40;

pub(crate) fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed());
    manager.register(FOLDED, folded());
    manager.register(NAMES, names());
}

fn stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::Swedish))
        .build()
}

fn names() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_TOKEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// One query word in both views.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryTerm {
    pub stemmed: String,
    pub folded: String,
}

/// The analysers, built once per search rather than once per word.
pub(crate) struct Analysers {
    stemmed: TextAnalyzer,
    folded: TextAnalyzer,
    names: TextAnalyzer,
    stop_words: TextAnalyzer,
}

impl Analysers {
    pub(crate) fn new() -> Self {
        let stop_words = StopWordFilter::new(Language::Swedish)
            .map(|filter| {
                TextAnalyzer::builder(SimpleTokenizer::default())
                    .filter(LowerCaser)
                    .filter(filter)
                    .build()
            })
            .unwrap_or_else(|| TextAnalyzer::from(SimpleTokenizer::default()));
        Analysers {
            stemmed: stemmed(),
            folded: folded(),
            names: names(),
            stop_words,
        }
    }

    /// The terms of `text`; both analysers split the same way, so the
    /// views pair up token by token.
    pub(crate) fn terms(&mut self, text: &str) -> Vec<QueryTerm> {
        let stemmed = tokens(&mut self.stemmed, text);
        let folded = tokens(&mut self.folded, text);
        stemmed
            .into_iter()
            .zip(folded)
            .map(|(stemmed, folded)| QueryTerm { stemmed, folded })
            .collect()
    }

    /// Name tokens (folded, lowercase, unstemmed).
    pub(crate) fn name_tokens(&mut self, text: &str) -> Vec<String> {
        tokens(&mut self.names, text)
    }

    /// Whether `word` is a Swedish stop word (`och`, `att`, `om`).
    pub(crate) fn is_stop_word(&mut self, word: &str) -> bool {
        tokens(&mut self.stop_words, word).is_empty() && !tokens(&mut self.names, word).is_empty()
    }

    /// The words of `text` lowercased and folded but not stemmed, with
    /// their byte offsets, for highlighting.
    pub(crate) fn folded_words(&mut self, text: &str) -> Vec<(usize, usize, String)> {
        let mut words = Vec::new();
        let mut stream = self.names.token_stream(text);
        while let Some(token) = stream.next() {
            words.push((token.offset_from, token.offset_to, token.text.clone()));
        }
        words
    }

    /// The folded stem of one of `folded_words`.
    pub(crate) fn folded_stem(&mut self, word: &str) -> String {
        tokens(&mut self.folded, word).pop().unwrap_or_default()
    }
}

fn tokens(analyser: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut stream = analyser.token_stream(text);
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analysers::new()
            .terms(text)
            .into_iter()
            .map(|t| t.stemmed)
            .collect()
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stems("förskola förskolor"), ["förskol", "förskol"]);
        assert_eq!(
            stems("förvaltningen förvaltning")[0],
            stems("förvaltning")[0]
        );
    }

    #[test]
    fn folding_keeps_the_stemmed_view_apart() {
        let terms = Analysers::new().terms("Här");
        assert_eq!(terms[0].stemmed, "här");
        assert_eq!(terms[0].folded, "har");
    }

    #[test]
    fn stop_words_are_known() {
        let mut analysers = Analysers::new();
        assert!(analysers.is_stop_word("och"));
        assert!(analysers.is_stop_word("Om"));
        assert!(!analysers.is_stop_word("matematik"));
        assert!(!analysers.is_stop_word("!"));
    }
}
