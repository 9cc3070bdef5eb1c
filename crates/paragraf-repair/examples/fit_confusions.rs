//! Fits the OCR confusion table (`data/confusions.tsv`) on real OCR output.
//!
//! Round 1: for every token of the given OCR'd files, candidate spellings are generated
//! under the wide hypothesis space (a Swedish vowel read as any one or two chars, a letter
//! read as a digit or symbol, all equally likely); tokens with exactly one common reading
//! are taken as aligned (noisy, clean) pairs and their readings counted.
//! Round 2 (hard EM): with the round-1 costs (unseen readings at a low cost), a token also
//! counts when its best reading beats the next by a factor of 10 (`6kar`: ökar, not åkar).
//!
//! Usage: fit_confusions <ocr-file>... > data/confusions.tsv

use std::collections::BTreeMap;
use std::error::Error;

use paragraf_repair::{Candidate, ConfusionModel, Lexicon, candidates};

/// Readings only count as evidence among words at least this common (weight, centibels).
const MIN_EVIDENCE_WEIGHT: i32 = 100;
/// Round 2: the best reading must beat the next by this much (centibels).
const MIN_EVIDENCE_MARGIN: i32 = 100;
/// Round 2: cost of a reading round 1 did not see.
const UNSEEN_COST: i32 = -250;
/// Letter-for-letter readings must be seen this often; a digit or symbol inside a word
/// is never a correct letter, so one sighting of those is enough.
const MIN_LETTER_COUNT: u32 = 3;
/// Add-α smoothing of the identity reading (never seen in the seeds: OCR lost every å, ä, ö).
const SMOOTHING: f64 = 0.5;

type Counts = BTreeMap<char, BTreeMap<String, u32>>;

/// The one reading a token is evidence for, if any.
fn evidence(
    readings: Vec<Candidate>,
    margin: Option<i32>,
    noisy_chars: usize,
) -> Option<Candidate> {
    let mut common = readings
        .into_iter()
        .filter(|c| c.parts == 1 && c.weight >= MIN_EVIDENCE_WEIGHT);
    let best = common.next()?;
    let clear = match (margin, common.next()) {
        (_, None) => true,
        (Some(margin), Some(second)) => best.score() - second.score() >= margin,
        (None, Some(_)) => false,
    };
    // At least half the noisy chars must be read as themselves, or it is a different word.
    let substituted: usize = best
        .alignment
        .iter()
        .filter(|(noisy, clean)| !noisy.chars().eq([*clean]))
        .map(|(noisy, _)| noisy.chars().count())
        .sum();
    (clear && 2 * substituted <= noisy_chars).then_some(best)
}

fn count(
    lexicon: &Lexicon,
    model: &ConfusionModel,
    margin: Option<i32>,
    texts: &[String],
) -> (Counts, usize) {
    let mut counts = Counts::new();
    let mut pairs = 0;
    for text in texts {
        for token in text.split(|c: char| !(c.is_alphanumeric() || c == '{' || c == '&')) {
            let has_letter = token.chars().any(char::is_alphabetic);
            // Capitalised tokens are often names (Gerken is no misread göken): no evidence.
            let capitalised = token.chars().any(char::is_uppercase);
            let chars = token.chars().count();
            if chars < 3 || !has_letter || capitalised {
                continue;
            }
            let lower = token.to_lowercase();
            let Some(reading) = evidence(
                candidates(lexicon.automaton(), model, &lower),
                margin,
                chars,
            ) else {
                continue;
            };
            pairs += 1;
            for (noisy, clean) in reading.alignment {
                *counts.entry(clean).or_default().entry(noisy).or_default() += 1;
            }
        }
    }
    (counts, pairs)
}

/// Smoothed costs for the readings seen often enough, as `(clean, noisy, count, cost)`.
fn fit(counts: &Counts) -> Vec<(char, String, u32, i32)> {
    let mut table = Vec::new();
    for (&clean, readings) in counts {
        let identity = clean.to_string();
        let mut seen: Vec<(&String, u32)> = readings
            .iter()
            .filter(|(noisy, n)| {
                let min = if noisy.chars().all(char::is_alphabetic) {
                    MIN_LETTER_COUNT
                } else {
                    1
                };
                **n >= min && **noisy != identity
            })
            .map(|(noisy, n)| (noisy, *n))
            .collect();
        if seen.is_empty() {
            continue;
        }
        seen.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let identity_count = readings.get(&identity).copied().unwrap_or(0);
        let total =
            f64::from(identity_count + seen.iter().map(|(_, n)| n).sum::<u32>()) + SMOOTHING;
        let cost = |n: f64| (100.0 * (n / total).log10()).round() as i32;
        table.push((
            clean,
            identity.clone(),
            identity_count,
            cost(f64::from(identity_count) + SMOOTHING),
        ));
        table.extend(
            seen.into_iter()
                .map(|(noisy, n)| (clean, noisy.clone(), n, cost(f64::from(n)))),
        );
    }
    table
}

fn model_of(table: &[(char, String, u32, i32)]) -> ConfusionModel {
    let mut model = ConfusionModel::default();
    for (clean, noisy, _, cost) in table {
        model.add(*clean, noisy, *cost);
    }
    model
}

fn main() -> Result<(), Box<dyn Error>> {
    let lexicon = Lexicon::embedded()?;
    let texts = std::env::args()
        .skip(1)
        .map(std::fs::read_to_string)
        .collect::<Result<Vec<_>, _>>()?;
    let (counts, _) = count(&lexicon, &ConfusionModel::hypothesis_space(), None, &texts);
    let round_one = model_of(&fit(&counts)).with_hypotheses(UNSEEN_COST);
    let (counts, pairs) = count(&lexicon, &round_one, Some(MIN_EVIDENCE_MARGIN), &texts);

    println!(
        "# Fitted by `cargo run -p paragraf-repair --example fit_confusions -- <OCR'd seeds>`"
    );
    println!("# from {pairs} aligned tokens. clean, noisy, count, 100 x log10 P(noisy | clean).");
    for (clean, noisy, n, cost) in fit(&counts) {
        println!("{clean}\t{noisy}\t{n}\t{cost}");
    }
    Ok(())
}
