//! The OCR confusion model: how likely a clean letter is read as some noisy string.
//!
//! The fitted table (`data/confusions.tsv`) is learned from the OCR'd seeds by the
//! `fit_confusions` example; [`ConfusionModel::hypothesis_space`] is the wide, unweighted
//! space that fitting searches.

use std::collections::HashSet;

use crate::RepairError;

/// Letters OCR of Swedish mangles most; fitting lets them be read as almost anything.
const SWEDISH_VOWELS: [char; 3] = ['å', 'ä', 'ö'];
/// Non-letters that OCR produces in place of letters (`6kar`, `{3`, `&r`, `16sa`).
const LETTER_LIKE_SYMBOLS: &str = "0123456789{}&|[(@$€";

/// One way a clean letter can be read: `clean` appears in the OCR text as `noisy`.
/// Costs are log10 probabilities scaled by 100 ("centibels"), like lexicon weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub clean: char,
    pub noisy: String,
    /// 100 × log10 P(noisy | clean), ≤ 0.
    pub cost: i32,
}

/// A reading with its noisy side split into chars, as the search compares it.
type NoisyReading = (Box<[char]>, Reading);

/// P(noisy | clean) for the letters OCR misreads; the default model has no readings
/// (every letter is read as itself).
#[derive(Debug, Clone, Default)]
pub struct ConfusionModel {
    /// Readings that differ from the clean letter (with their noisy side as chars),
    /// grouped by the first noisy char, sorted by it: a few dozen groups at most, so a
    /// binary search beats hashing on the search's hot path.
    by_first_noisy: Vec<(char, Vec<NoisyReading>)>,
    /// 100 × log10 P(c | c) for letters the model covers; other letters cost 0.
    /// A short list: scanning it is cheaper than hashing on the search's hot path.
    identity_costs: Vec<(char, i32)>,
    /// Clean letters with at least one entry.
    covered: Vec<char>,
}

const FITTED_TSV: &str = include_str!("../data/confusions.tsv");

impl ConfusionModel {
    /// The table fitted on the seeds and committed in `data/confusions.tsv`.
    pub fn fitted() -> Result<Self, RepairError> {
        Self::from_tsv(FITTED_TSV)
    }

    /// Parses `clean <TAB> noisy <TAB> count <TAB> cost` lines (`#` starts a comment).
    pub fn from_tsv(tsv: &str) -> Result<Self, RepairError> {
        let mut model = Self::default();
        for (index, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |reason: &str| RepairError::ConfusionTable {
                line: index + 1,
                reason: reason.to_owned(),
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [clean, noisy, _count, cost] = fields.as_slice() else {
                return Err(bad("expected 4 tab-separated fields"));
            };
            let mut clean_chars = clean.chars();
            let (Some(clean), None) = (clean_chars.next(), clean_chars.next()) else {
                return Err(bad("clean side must be one letter"));
            };
            let cost: i32 = cost.parse().map_err(|_| bad("cost is not an integer"))?;
            if noisy.is_empty() || cost > 0 {
                return Err(bad("empty noisy side or positive cost"));
            }
            model.add(clean, noisy, cost);
        }
        Ok(model)
    }

    /// Every reading fitting may consider, all at cost 0: a Swedish vowel read as any one
    /// or two letters, digits or symbols, and any letter read as a digit or symbol.
    pub fn hypothesis_space() -> Self {
        Self::default().with_hypotheses(0)
    }

    /// This model plus every reading of the hypothesis space it lacks, at `cost`.
    pub fn with_hypotheses(mut self, cost: i32) -> Self {
        let known: HashSet<(char, String)> = self
            .by_first_noisy
            .iter()
            .flat_map(|(_, group)| group)
            .map(|(_, r)| (r.clean, r.noisy.clone()))
            .collect();
        let mut add = |clean: char, noisy: String| {
            if !known.contains(&(clean, noisy.clone())) {
                self.add(clean, &noisy, cost);
            }
        };
        let singles: Vec<char> = ('a'..='z')
            .chain(LETTER_LIKE_SYMBOLS.chars())
            .chain(['é'])
            .collect();
        for &vowel in &SWEDISH_VOWELS {
            for &first in &singles {
                add(vowel, first.to_string());
                for second in 'a'..='z' {
                    add(vowel, format!("{first}{second}"));
                }
            }
        }
        for letter in ('a'..='z').filter(|c| !"aeiouy".contains(*c)) {
            for symbol in LETTER_LIKE_SYMBOLS.chars() {
                add(letter, symbol.to_string());
            }
        }
        self
    }

    /// Adds one reading (the identity reading when `noisy` is `clean` itself).
    pub fn add(&mut self, clean: char, noisy: &str, cost: i32) {
        if !self.covered.contains(&clean) {
            self.covered.push(clean);
        }
        let chars: Box<[char]> = noisy.chars().collect();
        if *chars == [clean] {
            self.identity_costs.retain(|(letter, _)| *letter != clean);
            self.identity_costs.push((clean, cost));
        } else if let Some(&first) = chars.first() {
            let reading = Reading {
                clean,
                noisy: noisy.to_owned(),
                cost,
            };
            let group = match self
                .by_first_noisy
                .binary_search_by_key(&first, |(c, _)| *c)
            {
                Ok(index) => index,
                Err(index) => {
                    self.by_first_noisy.insert(index, (first, Vec::new()));
                    index
                }
            };
            self.by_first_noisy[group].1.push((chars, reading));
        }
    }

    /// Readings (other than identity) whose noisy side starts `rest`, with its length in chars.
    pub fn readings_at<'a>(
        &'a self,
        rest: &'a [char],
    ) -> impl Iterator<Item = (&'a Reading, usize)> + 'a {
        rest.first()
            .and_then(|first| {
                let group = self
                    .by_first_noisy
                    .binary_search_by_key(first, |(c, _)| *c)
                    .ok()?;
                Some(&self.by_first_noisy[group].1)
            })
            .into_iter()
            .flatten()
            .filter(|(noisy, _)| rest.starts_with(noisy))
            .map(|(noisy, reading)| (reading, noisy.len()))
    }

    /// Cost of a letter being read as itself.
    pub fn identity_cost(&self, letter: char) -> i32 {
        self.identity_costs
            .iter()
            .find(|(c, _)| *c == letter)
            .map_or(0, |(_, cost)| *cost)
    }

    /// Whether the model describes how `clean` is misread (so alignments record it).
    pub fn covers(&self, clean: char) -> bool {
        self.covered.contains(&clean)
    }

    /// All readings of `clean`, identity included, likeliest first (for sampling noise).
    pub fn readings_of(&self, clean: char) -> Vec<Reading> {
        let identity = Reading {
            clean,
            noisy: clean.to_string(),
            cost: self.identity_cost(clean),
        };
        let others = self
            .by_first_noisy
            .iter()
            .flat_map(|(_, group)| group)
            .filter(|(_, r)| r.clean == clean)
            .map(|(_, r)| r.clone());
        let mut readings: Vec<Reading> = std::iter::once(identity).chain(others).collect();
        readings.sort_by(|a, b| b.cost.cmp(&a.cost).then_with(|| a.noisy.cmp(&b.noisy)));
        readings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_table_loads_and_knows_the_seed_errors() {
        let model = ConfusionModel::fitted().unwrap();
        let readings_of = |noisy: &'static str| {
            let chars: Vec<char> = noisy.chars().collect();
            model
                .readings_at(&chars)
                .filter(|(_, len)| *len == chars.len())
                .map(|(r, _)| r.clean)
                .collect::<Vec<_>>()
        };
        assert!(readings_of("a").contains(&'ä') && readings_of("a").contains(&'å'));
        assert!(readings_of("6").contains(&'ö'));
        assert!(readings_of("d").contains(&'ä'));
        assert!(readings_of("é").contains(&'ö'));
        assert!(model.identity_cost('ä') < model.identity_cost('a'));
    }

    #[test]
    fn readings_of_a_letter_include_identity_and_sum_to_about_one() {
        let model = ConfusionModel::fitted().unwrap();
        let total: f64 = model
            .readings_of('ö')
            .iter()
            .map(|r| 10f64.powf(f64::from(r.cost) / 100.0))
            .sum();
        assert!((0.95..=1.05).contains(&total), "{total}");
    }

    #[test]
    fn malformed_tables_are_errors_not_panics() {
        for bad in [
            "ä\ta\t1",
            "äö\ta\t1\t-10",
            "ä\ta\t1\tx",
            "ä\t\t1\t-1",
            "ä\ta\t1\t5",
        ] {
            assert!(ConfusionModel::from_tsv(bad).is_err(), "{bad:?}");
        }
        assert!(ConfusionModel::from_tsv("# comment\n\nä\ta\t3\t-20\n").is_ok());
    }
}
