//! Highlighted snippets. tantivy's own generator marks only the exact
//! terms of a query; OCR-damaged words found by the fuzzy match are the
//! ones a reader most needs pointed out, so matching is redone here with
//! the same rule the query used.

use serde::Serialize;

use crate::analysis::{Analysers, LONGEST_TOKEN};
use crate::query::Highlight;

/// About this many bytes of text around the best cluster of matches.
const SNIPPET_BYTES: usize = 220;

/// A piece of a part's text with the matching words marked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snippet {
    /// One line; `…` marks text cut at either end.
    pub text: String,
    /// Byte ranges `[start, end)` of matching words in `text`.
    pub highlights: Vec<[usize; 2]>,
}

pub(crate) fn make(text: &str, highlight: &Highlight, analysers: &mut Analysers) -> Snippet {
    let terms: Vec<(Vec<char>, &str, u8)> = highlight
        .terms
        .iter()
        .map(|(term, distance)| (term.chars().collect(), term.as_str(), *distance))
        .collect();
    let matches: Vec<(usize, usize, usize)> = analysers
        .folded_words(text)
        .into_iter()
        .filter_map(|(from, to, word)| {
            terms
                .iter()
                .position(|(chars, term, distance)| {
                    matches(&word, term, chars, *distance, analysers)
                })
                .map(|term| (from, to, term))
        })
        .collect();

    // The window starting at a match that covers the most different terms.
    let best_start = matches
        .iter()
        .map(|&(from, _, _)| {
            let mut seen: Vec<usize> = matches
                .iter()
                .filter(|&&(other, to, _)| other >= from && to <= from + SNIPPET_BYTES)
                .map(|&(_, _, term)| term)
                .collect();
            seen.sort_unstable();
            seen.dedup();
            (seen.len(), std::cmp::Reverse(from))
        })
        .max()
        .map_or(0, |(_, std::cmp::Reverse(from))| from);
    // Some words of context before the first match.
    let start = floor_boundary(text, best_start.saturating_sub(40));
    let start = if start == 0 {
        0
    } else {
        text[start..]
            .find(char::is_whitespace)
            .map_or(start, |space| start + space + 1)
    };
    let mut end = floor_boundary(text, (start + SNIPPET_BYTES).min(text.len()));
    if end < text.len() {
        end = text[start..end]
            .rfind(char::is_whitespace)
            .map_or(end, |space| start + space);
    }

    let mut snippet = String::new();
    if start > 0 {
        snippet.push('…');
    }
    let shift = snippet.len();
    // Newlines become spaces byte for byte, so offsets keep.
    snippet.push_str(&text[start..end].replace(['\n', '\r', '\t'], " "));
    if end < text.len() {
        snippet.push('…');
    }
    let highlights = matches
        .iter()
        .filter(|&&(from, to, _)| from >= start && to <= end)
        .map(|&(from, to, _)| [from - start + shift, to - start + shift])
        .collect();
    Snippet {
        text: snippet,
        highlights,
    }
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Whether a folded word matches a folded query stem the way the index
/// matched it: its stem is the term, or (with `distance` > 0) begins
/// within `distance` edits of it. Stemming only cuts endings, so a stem is
/// a prefix of its word: a word that fails on the whole word fails on its
/// stem too, and most words are ruled out before they are stemmed.
fn matches(
    word: &str,
    term: &str,
    term_chars: &[char],
    distance: u8,
    analysers: &mut Analysers,
) -> bool {
    let distance = usize::from(distance);
    if distance == 0 {
        word.starts_with(term) && analysers.folded_stem(word) == term
    } else {
        begins_within(term_chars, word, distance)
            && begins_within(term_chars, &analysers.folded_stem(word), distance)
    }
}

/// Whether some prefix of `word` is at most `limit` edits (Levenshtein)
/// from `term`.
fn begins_within(term: &[char], word: &str, limit: usize) -> bool {
    // Words and terms are at most `LONGEST_TOKEN` bytes long.
    const COLUMNS: usize = LONGEST_TOKEN + 1;
    if term.len() >= COLUMNS {
        return false;
    }
    // Most words of a text are nowhere near the term: a prefix within
    // `limit` edits is at least this long.
    if word.len() + limit < term.len() {
        return false;
    }
    // Rows run over the word, so each row answers for one more of its
    // prefixes; row[k] is the distance from term[..k] to that prefix.
    let mut row = [0usize; COLUMNS];
    for (k, cell) in row.iter_mut().enumerate().take(term.len() + 1) {
        *cell = k;
    }
    if row[term.len()] <= limit {
        return true;
    }
    for (j, letter) in word.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = j + 1;
        let mut smallest = row[0];
        for k in 1..=term.len() {
            let above = row[k];
            row[k] = (diagonal + usize::from(term[k - 1] != letter))
                .min(above + 1)
                .min(row[k - 1] + 1);
            diagonal = above;
            smallest = smallest.min(row[k]);
        }
        if row[term.len()] <= limit {
            return true;
        }
        // A row's smallest distance never falls in the rows after it.
        if smallest > limit {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(text: &str, terms: &[(&str, u8)]) -> Snippet {
        let highlight = Highlight {
            terms: terms.iter().map(|(t, d)| (t.to_string(), *d)).collect(),
        };
        make(text, &highlight, &mut Analysers::new())
    }

    fn marked(snippet: &Snippet) -> Vec<&str> {
        snippet
            .highlights
            .iter()
            .map(|[from, to]| &snippet.text[*from..*to])
            .collect()
    }

    /// The fewest edits turning `term` into some prefix of `word`: the
    /// whole table, no shortcuts.
    fn prefix_distance(term: &str, word: &str) -> usize {
        let term: Vec<char> = term.chars().collect();
        let word: Vec<char> = word.chars().collect();
        let mut table = vec![vec![0; word.len() + 1]; term.len() + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in table[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=term.len() {
            for j in 1..=word.len() {
                table[i][j] = (table[i - 1][j - 1] + usize::from(term[i - 1] != word[j - 1]))
                    .min(table[i - 1][j] + 1)
                    .min(table[i][j - 1] + 1);
            }
        }
        table[term.len()].iter().copied().min().unwrap_or(0)
    }

    fn within(term: &str, word: &str, limit: usize) -> bool {
        begins_within(&term.chars().collect::<Vec<_>>(), word, limit)
    }

    #[test]
    fn a_longer_or_damaged_word_begins_within_the_edits() {
        assert!(within("forskol", "forskolan", 0));
        assert!(within("forvaltning", "fervaltningen", 1));
        assert!(!within("forvaltning", "fervaltningen", 0));
        assert!(within("forskol", "forsko", 1));
        assert!(!within("forskol", "budget", 6));
        assert!(within("forskol", "budget", 7));
    }

    proptest::proptest! {
        #[test]
        fn begins_within_agrees_with_the_whole_table(
            term in "[a-e]{0,12}",
            word in "[a-e]{0,16}",
            limit in 0usize..4,
        ) {
            proptest::prop_assert_eq!(
                within(&term, &word, limit),
                prefix_distance(&term, &word) <= limit
            );
        }

        /// What `matches` relies on to rule words out before stemming them.
        #[test]
        fn a_folded_stem_begins_its_word(word in "[a-zåäöéü]{1,24}") {
            let mut analysers = Analysers::new();
            for (_, _, folded) in analysers.folded_words(&word) {
                let stem = analysers.folded_stem(&folded);
                proptest::prop_assert!(folded.starts_with(&stem), "{folded} → {stem}");
            }
        }
    }

    #[test]
    fn marks_inflected_and_damaged_words() {
        let s = snippet(
            "Förskolan i norr. Férvaltningen redovisade\nbudgeten.",
            &[("forskol", 1), ("forvaltning", 2)],
        );
        assert_eq!(marked(&s), ["Förskolan", "Férvaltningen"]);
        assert!(!s.text.contains('\n'));
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let text = format!("{} matematik {}", "början ".repeat(80), "slut ".repeat(80));
        let s = snippet(&text, &[("matematik", 0)]);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(marked(&s), ["matematik"]);
        assert!(s.text.len() < SNIPPET_BYTES + 10);
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = snippet("Kort text.", &[("budget", 1)]);
        assert_eq!(s.text, "Kort text.");
        assert!(s.highlights.is_empty());
    }
}
