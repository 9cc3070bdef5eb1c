//! Realistic synthetic Swedish municipal minutes, with known answers.
//!
//! The search benchmark ingests 100,000 generated minutes into the archive
//! and measures query latency and recall@10 against SQLite FTS5; the
//! integration tests ingest a few dozen. Both need minutes that read like
//! the real ones in `fixtures/` (four layouts: leadership-group notes,
//! formal `§` protocols, headings with a `Vem | Vad | När` table, bulleted
//! notes with an `Att göra:` list), OCR damage on a share of them, and
//! queries whose right answers are known.
//!
//! Those queries come from *needles*: matters such as "ventilationen på
//! Tallbackaskolan", each naming an invented place that appears nowhere
//! else in the corpus, planted in one to three documents. Half the matters
//! are planted only in OCR-damaged documents and always damaged there
//! (`Ta1lbackaskolan`), so recall on them measures how well search copes
//! with OCR; the other half only in clean documents.
//!
//! Everything is a pure function of the seed: document `i` is made from
//! generators seeded by `(seed, i)`, so it can be made alone, in any
//! order, without making the ones before it, and a corpus is the same on
//! every machine and every version (see `rng.rs`).

mod data;
mod noise;
mod render;
mod rng;
mod series;
mod text;

use serde::Serialize;

pub use crate::series::{Contents, FollowUp, Series, SeriesConfig, Thread, series};

use crate::data::{NEEDLE_PREFIXES, NEEDLE_SUFFIXES, RARE_TERMS, SCHOOLS, TOPICS};
use crate::render::{Facts, Needle, render};
use crate::rng::Rng;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Number of documents.
    pub count: usize,
    pub seed: u64,
    /// Share of documents that come out of OCR, in `[0, 1]`.
    pub ocr_share: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            count: 1000,
            seed: 1,
            ocr_share: 0.25,
        }
    }
}

/// One generated minutes document.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    /// `NNNNNN-<slug>.txt`, unique in the corpus.
    pub file_name: String,
    pub text: String,
    /// Whether the text carries OCR damage.
    pub noisy: bool,
    pub truth: Truth,
}

/// What a careful reader extracts from a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Truth {
    /// ISO `YYYY-MM-DD`.
    pub date: String,
    pub body: String,
    /// Members present, in document order.
    pub attendees: Vec<String>,
    pub items: usize,
    pub decisions: usize,
    pub actions: usize,
}

/// A query whose right answers are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownQuery {
    /// In clean spelling, as a user types it.
    pub query: String,
    /// File names of every document that mentions the matter.
    pub answers: Vec<String>,
    /// Whether the answers are OCR-damaged documents, where the matter's
    /// words are misspelt.
    pub noisy_answers: bool,
}

// Generator streams: each purpose draws from its own, so that changing
// one (say, the noise) leaves the others' documents as they were.
const FACTS: u64 = 1;
const CONTENT: u64 = 2;
const NOISE: u64 = 3;
const NOISY: u64 = 4;
const PLAN: u64 = 5;
const LATENCY: u64 = 6;

/// Most matters one document hosts, so needles do not crowd a document.
const MAX_NEEDLES_PER_DOCUMENT: u8 = 3;

/// A needle's matter.
#[derive(Debug, Clone)]
struct Matter {
    /// The unique place, one word (`Tallbackaskolan`).
    place: String,
    topic: usize,
    /// The topic word as the documents write it (`ventilationen`).
    word: &'static str,
    prep: &'static str,
    query: String,
    noisy: bool,
    /// Hosting documents, ascending.
    documents: Vec<usize>,
}

/// A corpus: its configuration and where the needles go.
#[derive(Debug, Clone)]
pub struct Corpus {
    config: Config,
    matters: Vec<Matter>,
    /// (document, matter), sorted, for finding a document's needles.
    hosted: Vec<(usize, usize)>,
}

impl Corpus {
    pub fn new(config: Config) -> Corpus {
        let mut corpus = Corpus {
            config,
            matters: Vec::new(),
            hosted: Vec::new(),
        };
        corpus.plan_needles();
        corpus
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Whether document `index` comes out of OCR.
    fn is_noisy(&self, index: usize) -> bool {
        Rng::derive(self.config.seed, NOISY, index as u64).unit() < self.config.ocr_share
    }

    /// Plans max(20, count/500), at most 400, matters, half of them in
    /// noisy documents only (all of them when there is no clean document,
    /// none when there is no noisy one), each in one to three documents.
    fn plan_needles(&mut self) {
        let count = self.config.count;
        if count == 0 {
            return;
        }
        let wanted = (count / 500).clamp(20, 400);
        let (noisy_pool, clean_pool): (Vec<usize>, Vec<usize>) =
            (0..count).partition(|&i| self.is_noisy(i));
        let mut rng = Rng::derive(self.config.seed, PLAN, count as u64);
        let mut places: Vec<(usize, usize)> = (0..NEEDLE_PREFIXES.len())
            .flat_map(|p| (0..NEEDLE_SUFFIXES.len()).map(move |s| (p, s)))
            .collect();
        rng.shuffle(&mut places);
        let mut load = vec![0u8; count];
        for (number, &(prefix, suffix)) in places.iter().take(wanted).enumerate() {
            let noisy = match (noisy_pool.is_empty(), clean_pool.is_empty()) {
                (false, false) => number % 2 == 1,
                (noisy_empty, _) => !noisy_empty,
            };
            let (ending, kind, place_prep) = NEEDLE_SUFFIXES[suffix];
            let candidates: Vec<usize> = (0..TOPICS.len())
                .filter(|&t| TOPICS[t].places & kind != 0)
                .collect();
            let topic_index = rng.pick(&candidates);
            let topic = &TOPICS[topic_index];
            let word = if rng.chance(0.65) {
                topic.forms[1]
            } else {
                topic.forms[0]
            };
            // The query mostly searches the lemma, so the text's inflection
            // differs from it (`ventilation` finds `ventilationen`).
            let query_word = if rng.chance(0.75) {
                topic.lemma
            } else {
                word.trim_start_matches("det ")
                    .trim_start_matches("den ")
                    .trim_start_matches("de ")
            };
            let place = format!("{}{ending}", NEEDLE_PREFIXES[prefix]);
            let pool = if noisy { &noisy_pool } else { &clean_pool };
            let wanted_documents = rng.range(1, 3);
            let mut documents: Vec<usize> = Vec::with_capacity(wanted_documents);
            for _ in 0..64 {
                if documents.len() == wanted_documents {
                    break;
                }
                let document = rng.pick(pool);
                if load[document] < MAX_NEEDLES_PER_DOCUMENT && !documents.contains(&document) {
                    load[document] += 1;
                    documents.push(document);
                }
            }
            if documents.is_empty() {
                continue;
            }
            documents.sort_unstable();
            let matter = self.matters.len();
            self.hosted.extend(documents.iter().map(|&d| (d, matter)));
            self.matters.push(Matter {
                query: format!("{query_word} {place}"),
                place,
                topic: topic_index,
                word,
                prep: topic.prep.unwrap_or(place_prep),
                noisy,
                documents,
            });
        }
        self.hosted.sort_unstable();
    }

    fn matters_in(&self, index: usize) -> impl Iterator<Item = &Matter> {
        let start = self.hosted.partition_point(|&(d, _)| d < index);
        self.hosted[start..]
            .iter()
            .take_while(move |&&(d, _)| d == index)
            .map(|&(_, m)| &self.matters[m])
    }

    fn facts(&self, index: usize) -> Facts {
        Facts::draw(&mut Rng::derive(self.config.seed, FACTS, index as u64))
    }

    fn file_name(&self, index: usize) -> String {
        format!("{index:06}-{}.txt", self.facts(index).slug())
    }

    /// Document `index` (below `count`); the same for the same seed, made
    /// without making any other.
    pub fn minutes(&self, index: usize) -> Minutes {
        let seed = self.config.seed;
        let facts = self.facts(index);
        let matters: Vec<&Matter> = self.matters_in(index).collect();
        let needles: Vec<Needle<'_>> = matters
            .iter()
            .map(|m| Needle {
                topic: m.topic,
                word: m.word,
                prep: m.prep,
                place: &m.place,
            })
            .collect();
        let rendered = render(
            &facts,
            &needles,
            &mut Rng::derive(seed, CONTENT, index as u64),
        );
        let noisy = self.is_noisy(index);
        let text = if noisy {
            let mut rng = Rng::derive(seed, NOISE, index as u64);
            let mut text = rendered.text;
            if rng.chance(0.5) {
                let header = format!("{:<60}{}", facts.body.name, facts.date.iso());
                text = noise::paginate(&text, &header, &mut rng);
            }
            // A needle's place is always damaged here, its topic word often.
            let mut forced: Vec<String> = Vec::new();
            for matter in &matters {
                forced.push(matter.place.clone());
                if rng.chance(0.5) {
                    let last = matter.word.rsplit(' ').next().unwrap_or(matter.word);
                    forced.push(last.to_string());
                }
            }
            let rate = 0.06 + 0.04 * rng.unit();
            noise::damage(&text, rate, &forced, &mut rng)
        } else {
            rendered.text
        };
        Minutes {
            file_name: format!("{index:06}-{}.txt", facts.slug()),
            text,
            noisy,
            truth: Truth {
                date: facts.date.iso(),
                body: facts.body.name.to_string(),
                attendees: rendered.attendees,
                items: rendered.items,
                decisions: rendered.decisions,
                actions: rendered.actions,
            },
        }
    }

    /// Documents `0..count`, in order.
    pub fn iter(&self) -> impl Iterator<Item = Minutes> + '_ {
        (0..self.config.count).map(|i| self.minutes(i))
    }

    /// One query per matter, in clean spelling, with every document that
    /// mentions the matter.
    pub fn known_queries(&self) -> Vec<KnownQuery> {
        self.matters
            .iter()
            .map(|m| KnownQuery {
                query: m.query.clone(),
                answers: m.documents.iter().map(|&d| self.file_name(d)).collect(),
                noisy_answers: m.noisy,
            })
            .collect()
    }

    /// `n` queries as users type them, for timing: single common terms,
    /// two or three words, quoted phrases, names, rare terms. The first
    /// `n` are the same whatever `n` is.
    pub fn latency_queries(&self, n: usize) -> Vec<String> {
        let mut rng = Rng::derive(self.config.seed, LATENCY, 0);
        let single: Vec<&str> = TOPICS
            .iter()
            .map(|t| t.lemma)
            .filter(|l| !l.contains(' '))
            .chain([
                "rektor",
                "vårdnadshavare",
                "Skolinspektionen",
                "nämnden",
                "lokaler",
            ])
            .collect();
        let phrases: Vec<&str> = TOPICS
            .iter()
            .map(|t| t.lemma)
            .filter(|l| l.contains(' '))
            .chain([
                "budget i balans",
                "extra anpassningar",
                "budgeten för",
                "nästa möte",
            ])
            .collect();
        (0..n)
            .map(|_| match rng.below(20) {
                0..=5 => rng.pick(&single).to_string(),
                6..=10 => {
                    let first = rng.pick(&single);
                    match rng.below(4) {
                        0 => format!("{first} {}", rng.pick(&single)),
                        1 => format!("{first} {}", rng.pick(data::MUNICIPALITIES).0),
                        2 => format!("{first} {}", rng.range(2015, 2026)),
                        _ => format!(
                            "{first} {} {}",
                            rng.pick(&single),
                            rng.pick(&["grundskola", "förskolan", "gymnasiet"])
                        ),
                    }
                }
                11..=13 => format!("\"{}\"", rng.pick(&phrases)),
                14..=16 => {
                    let last = rng.pick(data::LAST_NAMES);
                    if rng.chance(0.6) {
                        format!("{} {last}", rng.pick(data::FIRST_NAMES))
                    } else {
                        last.to_string()
                    }
                }
                17..=18 => {
                    if rng.chance(0.5) {
                        rng.pick(RARE_TERMS).to_string()
                    } else {
                        rng.pick(SCHOOLS).to_string()
                    }
                }
                _ => format!("{} {}", rng.pick(&single), rng.pick(SCHOOLS)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(count: usize, ocr_share: f64) -> Corpus {
        Corpus::new(Config {
            count,
            seed: 5,
            ocr_share,
        })
    }

    #[test]
    fn a_document_is_the_same_however_it_is_made() {
        let corpus = corpus(300, 0.3);
        let in_order: Vec<Minutes> = corpus.iter().collect();
        for index in [299, 0, 150, 7] {
            assert_eq!(corpus.minutes(index), in_order[index]);
        }
        assert_eq!(self::corpus(300, 0.3).minutes(42), in_order[42]);
        let names: std::collections::HashSet<&str> =
            in_order.iter().map(|m| m.file_name.as_str()).collect();
        assert_eq!(names.len(), 300, "file names are unique");
    }

    #[test]
    fn the_ocr_share_is_kept() {
        let noisy = corpus(2000, 0.3).iter().filter(|m| m.noisy).count();
        assert!((500..700).contains(&noisy), "{noisy} of 2000 noisy");
        assert!(corpus(50, 0.0).iter().all(|m| !m.noisy));
        assert!(corpus(50, 1.0).iter().all(|m| m.noisy));
    }

    #[test]
    fn every_known_answer_mentions_its_matter() {
        let corpus = corpus(1000, 0.3);
        let queries = corpus.known_queries();
        assert_eq!(queries.len(), 20);
        assert_eq!(queries.iter().filter(|q| q.noisy_answers).count(), 10);
        for query in &queries {
            let place = query.query.rsplit(' ').next().unwrap();
            assert!((1..=3).contains(&query.answers.len()), "{query:?}");
            for answer in &query.answers {
                let index: usize = answer[..6].parse().unwrap();
                let minutes = corpus.minutes(index);
                assert_eq!(&minutes.file_name, answer);
                assert_eq!(minutes.noisy, query.noisy_answers);
                // In a damaged document the place is always misspelt, so
                // only a search that copes with OCR finds it.
                assert_eq!(
                    minutes.text.contains(place),
                    !query.noisy_answers,
                    "{place} in {answer}"
                );
            }
        }
    }

    #[test]
    fn a_place_is_planted_nowhere_but_in_its_answers() {
        let corpus = corpus(400, 0.0);
        for query in corpus.known_queries() {
            let place = query.query.rsplit(' ').next().unwrap();
            let hosts: Vec<String> = corpus
                .iter()
                .filter(|m| m.text.contains(place))
                .map(|m| m.file_name)
                .collect();
            assert_eq!(hosts, query.answers, "{place}");
        }
    }

    #[test]
    fn latency_queries_do_not_depend_on_how_many_are_asked() {
        let corpus = corpus(10, 0.0);
        let few = corpus.latency_queries(20);
        let many = corpus.latency_queries(200);
        assert_eq!(few[..], many[..20]);
        assert!(many.iter().any(|q| q.starts_with('"')), "phrases included");
    }
}
