//! From what a user typed to a tantivy query.
//!
//! Every word must match; quoted words must match as a phrase. How a word
//! may match widens in three tiers (`Spelling`): its stem with å/ä/ö as
//! typed, its folded stem, or — for words long enough that a slip is not a
//! different word — anything that begins within one or two edits of the
//! folded stem. The last covers both inflections the stemmer leaves
//! (förskol → förskolan) and OCR damage (forvaltning ← fervaltningen).
//! The search runs a wider tier only when the narrower ones leave the page
//! short, and lists its new hits after theirs.

use std::ops::Bound;
use std::str::FromStr;
use std::sync::Arc;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;

use crate::analysis::{Analysers, QueryTerm};
use crate::near::{NearCache, NearWordQuery};
use crate::{Fields, Kind};

/// A near spelling's constant score; an exact folded stem adds its own.
const FUZZY_BOOST: f32 = 0.4;
/// Shorter folded stems get no fuzzy match: `okar` one edit from `ökar`
/// is also one edit from `oken`, `oka`, `bokar`.
const FUZZY_MIN_CHARS: usize = 5;
/// From this length two edits are allowed.
const TWO_EDITS_MIN_CHARS: usize = 9;

/// A search as the user asked it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// Words and `"quoted phrases"`.
    pub text: String,
    pub from: Option<DateBound>,
    pub to: Option<DateBound>,
    /// Every word of it must be in a presenter's or action owner's name.
    pub person: Option<String>,
    /// Every word of it must be in the body's name.
    pub body: Option<String>,
    /// Empty means every kind.
    pub kinds: Vec<Kind>,
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            from: None,
            to: None,
            person: None,
            body: None,
            kinds: Vec::new(),
            limit: 10,
        }
    }
}

/// A day, month or year (`2021-03-15`, `2021-03`, `2021`) as the span of
/// days it covers, written `YYYYMMDD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBound {
    pub first: i64,
    pub last: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("'{0}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct InvalidDate(String);

impl FromStr for DateBound {
    type Err = InvalidDate;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidDate(text.to_string());
        let parts: Vec<&str> = text.trim().split('-').collect();
        let number = |part: &str, digits: usize| {
            (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<i64>().ok())
                .flatten()
        };
        let (year, months, days) = match parts.as_slice() {
            [year] => (number(year, 4).ok_or_else(invalid)?, (1, 12), (1, 31)),
            [year, month] => {
                let month = number(month, 2).ok_or_else(invalid)?;
                (
                    number(year, 4).ok_or_else(invalid)?,
                    (month, month),
                    (1, 31),
                )
            }
            [year, month, day] => {
                let month = number(month, 2).ok_or_else(invalid)?;
                let day = number(day, 2).ok_or_else(invalid)?;
                (
                    number(year, 4).ok_or_else(invalid)?,
                    (month, month),
                    (day, day),
                )
            }
            _ => return Err(invalid()),
        };
        if !(1..=12).contains(&months.0) || !(1..=31).contains(&days.0) {
            return Err(invalid());
        }
        Ok(DateBound {
            first: year * 10_000 + months.0 * 100 + days.0,
            last: year * 10_000 + months.1 * 100 + days.1,
        })
    }
}

/// `YYYY-MM-DD` as the number `YYYYMMDD`, which sorts like the date.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    date.parse::<DateBound>()
        .ok()
        .filter(|bound| bound.first == bound.last)
        .map(|bound| bound.first)
}

/// The words a snippet should mark: folded stems and how far from them a
/// word may be.
#[derive(Debug, Default)]
pub(crate) struct Highlight {
    pub terms: Vec<(String, u8)>,
}

pub(crate) struct Compiled {
    pub query: Box<dyn Query>,
    pub highlight: Highlight,
    /// This tier can match documents the stricter ones cannot.
    pub widens: bool,
}

/// How a word may match. Each tier is a superset of the one before and is
/// searched only when the stricter ones leave the page short, so a word
/// costs one posting list per tier, which lets tantivy skip whole blocks
/// that cannot reach the page (block-max WAND) instead of scoring every
/// match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spelling {
    /// The stem with å/ä/ö as typed: `här` is not `har`.
    AsTyped,
    /// The folded stem: `forskola` meets `förskola`.
    Folded,
    /// Anything beginning within one or two edits of the folded stem, for
    /// words long enough that a slip is not a different word.
    Near,
}

/// `None` when the query can match nothing (only punctuation, say).
pub(crate) fn compile(
    search: &SearchQuery,
    fields: &Fields,
    analysers: &mut Analysers,
    spelling: Spelling,
    near_cache: &Arc<NearCache>,
) -> Option<Compiled> {
    let (words, phrases) = split_phrases(&search.text);
    let mut highlight = Highlight::default();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();

    // Stop words only narrow a search when they are all there is.
    let content: Vec<&str> = words
        .iter()
        .copied()
        .filter(|word| !analysers.is_stop_word(word))
        .collect();
    let words = if content.is_empty() { words } else { content };
    // Whether this tier matches some word differently from the tier
    // before it; the first tier always searches.
    let mut widens = spelling == Spelling::AsTyped;
    for word in words {
        for term in analysers.terms(word) {
            let distance = match spelling {
                Spelling::Near => fuzzy_distance(&term.folded),
                Spelling::AsTyped | Spelling::Folded => 0,
            };
            widens |= spelling == Spelling::Folded || distance > 0;
            highlight.terms.push((term.folded.clone(), distance));
            clauses.push((
                Occur::Must,
                word_query(&term, spelling, distance, fields, near_cache),
            ));
        }
    }
    for phrase in phrases {
        let terms = analysers.terms(phrase);
        for term in &terms {
            highlight.terms.push((term.folded.clone(), 0));
        }
        match terms.as_slice() {
            [] => {}
            [term] => {
                widens |= spelling == Spelling::Folded;
                clauses.push((
                    Occur::Must,
                    word_query(term, spelling, 0, fields, near_cache),
                ));
            }
            terms => {
                let stems = terms
                    .iter()
                    .map(|term| Term::from_field_text(fields.text, &term.stemmed))
                    .collect();
                clauses.push((Occur::Must, Box::new(PhraseQuery::new(stems))));
            }
        }
    }
    let has_text = !clauses.is_empty();
    if !has_text && !search.text.trim().is_empty() {
        return None;
    }

    let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !search.kinds.is_empty() {
        let kinds = search
            .kinds
            .iter()
            .map(|kind| {
                let term = Term::from_field_text(fields.kind, kind.as_str());
                (Occur::Should, term_query(term))
            })
            .collect();
        filters.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
    }
    for (value, field) in [(&search.person, fields.people), (&search.body, fields.body)] {
        if let Some(value) = value {
            let tokens = analysers.name_tokens(value);
            if tokens.is_empty() {
                return None;
            }
            for token in tokens {
                filters.push((
                    Occur::Must,
                    term_query(Term::from_field_text(field, &token)),
                ));
            }
        }
    }
    if search.from.is_some() || search.to.is_some() {
        let bound = |value: Option<i64>| {
            value.map_or(Bound::Unbounded, |day| {
                Bound::Included(Term::from_field_i64(fields.day, day))
            })
        };
        filters.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                bound(search.from.map(|from| from.first)),
                bound(search.to.map(|to| to.last)),
            )),
        ));
    }
    if !has_text {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    // Filters decide what matches, never how well.
    clauses.extend(filters.into_iter().map(|(occur, query)| {
        (
            occur,
            Box::new(ConstScoreQuery::new(query, 0.0)) as Box<dyn Query>,
        )
    }));
    // A lone word stays a bare term query: tantivy skips blocks for a term
    // query but not for a boolean query of one clause.
    let query = if clauses.len() == 1 {
        clauses.pop().map(|(_, query)| query)?
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Some(Compiled {
        query,
        highlight,
        widens,
    })
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn word_query(
    term: &QueryTerm,
    spelling: Spelling,
    distance: u8,
    fields: &Fields,
    near_cache: &Arc<NearCache>,
) -> Box<dyn Query> {
    let scored =
        |term: Term| Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>;
    let folded = Term::from_field_text(fields.folded, &term.folded);
    match spelling {
        Spelling::AsTyped => scored(Term::from_field_text(fields.text, &term.stemmed)),
        Spelling::Folded => scored(folded),
        Spelling::Near if distance == 0 => scored(folded),
        // Any near spelling matches, at a low constant score; the folded
        // stem itself adds its own score on top.
        Spelling::Near => Box::new(BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BoostQuery::new(
                    Box::new(NearWordQuery::new(
                        folded.clone(),
                        distance,
                        near_cache.clone(),
                    )),
                    FUZZY_BOOST,
                )),
            ),
            (Occur::Should, scored(folded)),
        ])),
    }
}

/// How many edits a folded stem may be from a word and still match it.
pub(crate) fn fuzzy_distance(folded: &str) -> u8 {
    let length = folded.chars().count();
    if length >= TWO_EDITS_MIN_CHARS {
        2
    } else if length >= FUZZY_MIN_CHARS {
        1
    } else {
        0
    }
}

/// Splits `text` into loose words and `"quoted phrases"`; an unclosed
/// quote runs to the end.
fn split_phrases(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut words = Vec::new();
    let mut phrases = Vec::new();
    for (index, piece) in text.split('"').enumerate() {
        if index % 2 == 1 {
            phrases.push(piece);
        } else {
            words.extend(piece.split_whitespace());
        }
    }
    (words, phrases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_years_months_and_days() {
        let year: DateBound = "2021".parse().unwrap();
        assert_eq!((year.first, year.last), (20210101, 20211231));
        let month: DateBound = "2021-03".parse().unwrap();
        assert_eq!((month.first, month.last), (20210301, 20210331));
        let day: DateBound = "2021-03-15".parse().unwrap();
        assert_eq!((day.first, day.last), (20210315, 20210315));
        for bad in ["21", "2021-3", "2021-13", "2021-03-15-1", "mars", ""] {
            assert!(bad.parse::<DateBound>().is_err(), "{bad}");
        }
    }

    #[test]
    fn phrases_are_split_from_words() {
        assert_eq!(
            split_phrases(r#"budget "svenska som andraspråk" 2021"#),
            (vec!["budget", "2021"], vec!["svenska som andraspråk"])
        );
        assert_eq!(split_phrases(r#""öppen"#), (vec![], vec!["öppen"]));
    }

    #[test]
    fn a_wider_tier_is_searched_only_when_it_matches_differently() {
        let (_, fields) = Fields::schema();
        let cache = NearCache::new();
        let widens = |text: &str, spelling| {
            let search = SearchQuery {
                text: text.into(),
                person: Some("Anna".into()),
                ..SearchQuery::default()
            };
            compile(&search, &fields, &mut Analysers::new(), spelling, &cache)
                .expect("a query")
                .widens
        };
        for text in ["förskola", "okar", "\"förskola\"", "\"nya förskolor\"", ""] {
            assert!(widens(text, Spelling::AsTyped), "{text}");
        }
        // Folding changes every loose word and one-word phrase.
        assert!(widens("förskola", Spelling::Folded));
        assert!(widens("okar", Spelling::Folded));
        assert!(widens("\"förskola\"", Spelling::Folded));
        // A phrase is matched on stems as typed in every tier.
        assert!(!widens("\"nya förskolor\"", Spelling::Folded));
        assert!(!widens("", Spelling::Folded));
        // Near spellings only for words long enough to have them.
        assert!(widens("okar förskola", Spelling::Near));
        assert!(!widens("okar", Spelling::Near));
        assert!(!widens("\"förskola\"", Spelling::Near));
    }

    #[test]
    fn fuzziness_grows_with_length() {
        assert_eq!(fuzzy_distance("okar"), 0);
        assert_eq!(fuzzy_distance("forskol"), 1);
        assert_eq!(fuzzy_distance("forvaltning"), 2);
    }
}
