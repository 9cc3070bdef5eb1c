//! Highlighted snippets. tantivy's own generator marks only the exact
//! terms of a query; OCR-damaged words found by the fuzzy match are the
//! ones a reader most needs pointed out, so matching is redone here with
//! the same rule the query used.

use serde::Serialize;

use crate::analysis::Analysers;
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
    let spans = analysers.folded_spans(text);
    let matches: Vec<(usize, usize, usize)> = spans
        .iter()
        .filter_map(|(from, to, token)| {
            highlight
                .terms
                .iter()
                .position(|(term, distance)| matches(token, term, *distance))
                .map(|term| (*from, *to, term))
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

/// Whether a folded token matches a folded query stem the way the query
/// does: exactly, or (with `distance` > 0) by beginning within `distance`
/// edits of it.
fn matches(token: &str, term: &str, distance: u8) -> bool {
    token == term || (distance > 0 && prefix_distance(term, token) <= usize::from(distance))
}

/// The fewest edits turning `term` into some prefix of `token`
/// (Levenshtein, with the free end taken over all prefixes).
fn prefix_distance(term: &str, token: &str) -> usize {
    let term: Vec<char> = term.chars().collect();
    let token: Vec<char> = token.chars().collect();
    // previous[j]: distance from term[..i] to token[..j].
    let mut previous: Vec<usize> = (0..=token.len()).collect();
    let mut current = vec![0; token.len() + 1];
    for (i, &a) in term.iter().enumerate() {
        current[0] = i + 1;
        for (j, &b) in token.iter().enumerate() {
            let substitution = previous[j] + usize::from(a != b);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.into_iter().min().unwrap_or(0)
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

    #[test]
    fn prefix_distance_allows_a_longer_word() {
        assert_eq!(prefix_distance("forskol", "forskolan"), 0);
        assert_eq!(prefix_distance("forvaltning", "fervaltningen"), 1);
        assert_eq!(prefix_distance("forskol", "budget"), 7);
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
