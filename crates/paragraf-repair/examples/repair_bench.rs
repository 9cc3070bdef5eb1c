//! OCR-repair benchmark: clean Swedish prose, noise from the confusion model fitted on
//! the seeds' real OCR errors, then repair, next to a context-free baseline.
//!
//! Run: `cargo run -p paragraf-repair --example repair_bench --release`
//!
//! Words are compared by white-space-separated position (noise and repair never add or
//! remove white space). A word is *mangled* when noise changed it; *restored* when the
//! repair gives back exactly the clean word; a *correct* word is one noise left intact,
//! and it is *changed* when the repair alters it.

use std::time::Instant;

use paragraf_repair::{ConfusionModel, Lexicon, Reading, Repairer, candidates};

const CLEAN_TEXTS: [(&str, &str); 4] = [
    (
        "seed 001",
        include_str!("../../../fixtures/seeds/001_715d097d1f875b04.txt"),
    ),
    (
        "held-out minutes",
        include_str!("bench-data/held-out-minutes.txt"),
    ),
    // Written late; its misses informed the last two changes (English and stripped forms).
    (
        "held-out minutes 2",
        include_str!("bench-data/held-out-minutes-2.txt"),
    ),
    // Written after the last change to the repairer and run once.
    (
        "held-out minutes 3",
        include_str!("bench-data/held-out-minutes-3.txt"),
    ),
];
/// Independent noise draws over the clean texts.
const ROUNDS: u64 = 20;
/// Input size for the throughput measurement.
const THROUGHPUT_BYTES: usize = 8 << 20;

/// SplitMix64: a fixed, dependency-free random stream so runs are reproducible.
struct Random(u64);

impl Random {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as f64 / u64::MAX as f64
    }
}

/// Replaces each letter the model covers by a reading drawn from P(noisy | clean).
fn inject_noise(text: &str, model: &ConfusionModel, random: &mut Random) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if !model.covers(lower) {
            out.push(c);
            continue;
        }
        let readings: Vec<Reading> = model.readings_of(lower);
        let weights: Vec<f64> = readings
            .iter()
            .map(|r| 10f64.powf(f64::from(r.cost) / 100.0))
            .collect();
        let mut draw = random.next_unit() * weights.iter().sum::<f64>();
        let reading = readings
            .iter()
            .zip(&weights)
            .find(|(_, w)| {
                draw -= **w;
                draw <= 0.0
            })
            .map_or(&readings[0], |(r, _)| r);
        if c.is_uppercase() {
            out.extend(reading.noisy.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(&reading.noisy);
        }
    }
    out
}

/// The baseline: each word becomes its most frequent listed reading, ignoring context
/// and confusion probabilities; words without a reading stay.
fn baseline(text: &str, lexicon: &Lexicon, model: &ConfusionModel) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        let skip = word.chars().count() < 2
            || word.chars().skip(1).any(char::is_uppercase)
            || word.chars().all(|c| c.is_ascii_digit());
        let best = (!skip)
            .then(|| {
                candidates(lexicon.automaton(), model, &lower)
                    .into_iter()
                    .filter(|c| c.parts == 1)
                    .max_by_key(|c| c.weight)
            })
            .flatten();
        match best {
            Some(best) if word.starts_with(char::is_uppercase) => {
                let mut chars = best.word.chars();
                out.extend(
                    chars
                        .next()
                        .into_iter()
                        .flat_map(char::to_uppercase)
                        .chain(chars),
                );
            }
            Some(best) => out.push_str(&best.word),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '{' || c == '&' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[derive(Default)]
struct Score {
    mangled: usize,
    restored: usize,
    correct: usize,
    changed: usize,
}

impl Score {
    fn add(
        &mut self,
        clean: &str,
        noisy: &str,
        repaired: &str,
        mut on_miss: impl FnMut(&str, &str, &str),
    ) {
        let (clean, noisy, repaired) = (
            clean.split_whitespace(),
            noisy.split_whitespace(),
            repaired.split_whitespace(),
        );
        for ((c, n), r) in clean.zip(noisy).zip(repaired) {
            if c != n {
                self.mangled += 1;
                self.restored += usize::from(r == c);
            } else {
                self.correct += 1;
                self.changed += usize::from(r != c);
            }
            if r != c {
                on_miss(c, n, r);
            }
        }
    }

    fn restored_share(&self) -> f64 {
        100.0 * self.restored as f64 / self.mangled.max(1) as f64
    }

    fn changed_share(&self) -> f64 {
        100.0 * self.changed as f64 / self.correct.max(1) as f64
    }
}

fn megabytes_per_second(input: &str, run: impl Fn(&str) -> String) -> f64 {
    let started = Instant::now();
    let output = run(input);
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(output.matches('\n').count(), input.matches('\n').count());
    input.len() as f64 / 1e6 / seconds
}

fn print_accuracy(repair: &Score, baseline: &Score, clean: &Score, clean_words: usize) {
    let names = CLEAN_TEXTS.map(|(name, _)| name).join(", ");
    println!("clean texts: {names} ({clean_words} words), {ROUNDS} noise draws each");
    println!(
        "mangled words: {}, correct words: {}",
        repair.mangled, repair.correct
    );
    println!("| method | restored exactly | correct words changed |");
    println!("| --- | --- | --- |");
    for (name, score) in [
        ("repair (confusion model + context)", repair),
        ("baseline (most frequent variant, no context)", baseline),
    ] {
        println!(
            "| {name} | {:.1} % | {:.2} % |",
            score.restored_share(),
            score.changed_share()
        );
    }
    println!(
        "repair of the clean texts themselves: {:.2} % of words changed",
        clean.changed_share()
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repairer = Repairer::new()?;
    let (lexicon, model) = (repairer.lexicon(), repairer.confusion_model());
    // `--misses` lists every word the repair got wrong; `--accuracy-only` skips timing.
    let show_misses = std::env::args().any(|a| a == "--misses");
    let accuracy_only = std::env::args().any(|a| a == "--accuracy-only");

    let mut repair_score = Score::default();
    let mut baseline_score = Score::default();
    let mut clean_score = Score::default();
    let mut noisy_documents = Vec::new();
    let mut random = Random(2026);
    let mut clean_words = 0;
    let mut per_text = Vec::new();
    for (name, clean) in CLEAN_TEXTS {
        clean_words += clean.split_whitespace().count();
        clean_score.add(clean, clean, &repairer.repair(clean).text, |_, _, _| {});
        let mut text_score = Score::default();
        for _ in 0..ROUNDS {
            let noisy = inject_noise(clean, model, &mut random);
            let repaired = repairer.repair(&noisy).text;
            let on_miss = |c: &str, n: &str, r: &str| {
                if show_misses {
                    println!("miss: {n:?} -> {r:?} (clean {c:?})");
                }
            };
            repair_score.add(clean, &noisy, &repaired, on_miss);
            text_score.add(clean, &noisy, &repaired, |_, _, _| {});
            baseline_score.add(
                clean,
                &noisy,
                &baseline(&noisy, lexicon, model),
                |_, _, _| {},
            );
            noisy_documents.push(noisy);
        }
        per_text.push((name, text_score));
    }

    print_accuracy(&repair_score, &baseline_score, &clean_score, clean_words);
    for (name, score) in &per_text {
        println!(
            "  {name}: {:.1} % of {} mangled words restored, {:.2} % of {} correct words changed",
            score.restored_share(),
            score.mangled,
            score.changed_share(),
            score.correct
        );
    }
    if accuracy_only {
        return Ok(());
    }
    let noisy_corpus = noisy_documents.concat();
    let mut large = String::with_capacity(THROUGHPUT_BYTES + noisy_corpus.len());
    while large.len() < THROUGHPUT_BYTES {
        large.push_str(&noisy_corpus);
    }
    // The repairer keeps word analyses across calls, so each figure gets its own.
    let repair_speed = megabytes_per_second(&large, |t| {
        Repairer::new()
            .map(|r| r.repair(t).text)
            .unwrap_or_default()
    });
    let baseline_speed = megabytes_per_second(&large, |t| baseline(t, lexicon, model));
    // Documents (5–11 kB) one by one: with a fresh repairer each (nothing cached), and
    // with one repairer shared by all, as the pipeline uses it.
    let documents_speed = |fresh: bool| -> Result<f64, paragraf_repair::RepairError> {
        let shared = Repairer::new()?;
        let started = Instant::now();
        for document in &noisy_documents {
            if fresh {
                Repairer::new()?.repair(document);
            } else {
                shared.repair(document);
            }
        }
        Ok(noisy_corpus.len() as f64 / 1e6 / started.elapsed().as_secs_f64())
    };
    let cold_documents = documents_speed(true)?;
    let warm_documents = documents_speed(false)?;

    println!("| throughput, one core | MB/s |");
    println!("| --- | --- |");
    println!(
        "| repair, {:.1} MB in one call | {repair_speed:.1} |",
        large.len() as f64 / 1e6
    );
    println!("| baseline, same input | {baseline_speed:.1} |");
    println!(
        "| repair, {} documents one by one, fresh repairer each | {cold_documents:.1} |",
        noisy_documents.len()
    );
    println!(
        "| repair, {} documents one by one, one shared repairer | {warm_documents:.1} |",
        noisy_documents.len()
    );
    Ok(())
}
