//! Follow-up on a generated archive whose threads and follow-ups are known.
//!
//! `cargo bench -p paragraf-followup --bench followup` generates a series
//! of 1,000 meetings (`paragraf_corpus::series`: five bodies of one
//! municipality meeting every two to five weeks, recurring threads,
//! actions of which a known subset is taken up again later), ingests it
//! into an archive, and measures:
//! 1. action → item linking: each generated action is matched to the
//!    action the archive read (same file, same text); its predicted links
//!    are its `evidence`, the true ones the items the series planned on
//!    its matter in the next three meetings of its body. Micro precision
//!    and recall over all links, against a naive linker measured in the
//!    same run;
//! 2. topics: pairwise precision and recall over items, same thread vs
//!    same predicted topic;
//! 3. the time of `next_agenda` (what `paragraf agenda next` runs) for 20
//!    (body, date) pairs after the last meetings, and of `actions()` alone.
//!
//! `PARAGRAF_BENCH_MEETINGS=N` changes the series' size. The report goes
//! to `docs/BENCHMARKS.md` between the `followup-bench` markers; examples
//! of wrong and missed links go to stderr.

#[path = "../../paragraf-pipeline/benches/support/report.rs"]
mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use paragraf_archive::{Archive, IngestOptions, collect_files};
use paragraf_corpus::{Series, SeriesConfig, Thread, series};
use paragraf_followup::actions::ActionRecord;
use paragraf_followup::matter::matter_terms;

/// (body, date) pairs the agenda is drafted for.
const AGENDAS: usize = 20;
/// Examples of each kind of error printed to stderr.
const EXAMPLES: usize = 8;
/// The headings the series gives its action lists, normalised.
const ACTION_LISTS: &[&str] = &["åtgärder", "att göra till nästa gång"];

fn main() {
    let meetings: usize = std::env::var("PARAGRAF_BENCH_MEETINGS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let seed: u64 = std::env::var("PARAGRAF_BENCH_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let started = Instant::now();
    let series = series(&SeriesConfig { meetings, seed });
    let work = tempfile::tempdir().expect("a temporary directory");
    let corpus = work.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus directory");
    for minutes in &series.minutes {
        std::fs::write(corpus.join(&minutes.file_name), &minutes.text).expect("corpus file");
    }
    eprintln!(
        "generated {} meetings in {:.1?}",
        series.minutes.len(),
        started.elapsed()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let report = runtime.block_on(run(&series, seed, &corpus, work.path()));
    println!("{report}");
    report::write_section("followup-bench", &report);
}

/// Titles and texts compare with case and spacing folded.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// (file, title), normalised.
type Link = (String, String);

#[derive(Default, Clone, Copy)]
struct Score {
    true_positives: usize,
    predicted: usize,
    actual: usize,
}

impl Score {
    fn add(&mut self, predicted: &HashSet<Link>, actual: &HashSet<Link>) {
        self.true_positives += predicted.intersection(actual).count();
        self.predicted += predicted.len();
        self.actual += actual.len();
    }

    fn precision(&self) -> f64 {
        self.true_positives as f64 / self.predicted.max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.true_positives as f64 / self.actual.max(1) as f64
    }
}

async fn run(series: &Series, seed: u64, corpus: &Path, work: &Path) -> String {
    let archive = Archive::open(&work.join("data")).await.expect("archive");
    let (files, _) = collect_files(&[corpus.to_path_buf()]);
    let started = Instant::now();
    let summary = archive
        .ingest(&files, &IngestOptions::default(), &mut |_| {})
        .await
        .expect("ingest");
    let ingest_time = started.elapsed();
    assert!(
        summary.failures.is_empty(),
        "{:?}",
        &summary.failures[..summary.failures.len().min(5)]
    );
    eprintln!("ingested {} in {ingest_time:.1?}", summary.ingested);
    let store = archive.store();
    let meetings = archive.meetings().await.expect("meetings");
    let file_of: HashMap<i64, String> = meetings
        .iter()
        .map(|m| (m.id, m.file_name.clone()))
        .collect();
    let items = store.item_rows().await.expect("items");
    let item_text: HashMap<(String, String), String> = items
        .iter()
        .map(|item| {
            (
                (file_of[&item.meeting_id].clone(), norm(&item.title)),
                format!("{} {}", item.title, item.text),
            )
        })
        .collect();

    // The register, timed (the first call also warms the stemmer's cache).
    let mut register_times = Vec::new();
    let mut actions = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        actions = paragraf_followup::actions(store).await.expect("actions");
        register_times.push(started.elapsed());
    }

    // Each generated action, matched to the one the archive read.
    let mut by_file: HashMap<&str, Vec<&ActionRecord>> = HashMap::new();
    for action in &actions {
        by_file
            .entry(file_of[&action.meeting_id].as_str())
            .or_default()
            .push(action);
    }
    let mut used: HashSet<i64> = HashSet::new();
    let mut unmatched = Vec::new();
    let mut matched: Vec<(&paragraf_corpus::FollowUp, &ActionRecord)> = Vec::new();
    for follow_up in &series.follow_ups {
        let wanted = norm(&follow_up.action_text);
        let candidates = by_file
            .get(follow_up.action_file.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let found = candidates
            .iter()
            .find(|a| !used.contains(&a.id) && norm(&a.text) == wanted)
            .or_else(|| {
                candidates.iter().find(|a| {
                    let text = norm(&a.text);
                    !used.contains(&a.id) && (text.contains(&wanted) || wanted.contains(&text))
                })
            });
        match found {
            Some(action) => {
                used.insert(action.id);
                matched.push((follow_up, action));
            }
            None => unmatched.push(follow_up),
        }
    }
    let extra = actions.len() - used.len();

    let truth_of = |follow_up: &paragraf_corpus::FollowUp| -> HashSet<Link> {
        follow_up
            .evidence
            .iter()
            .map(|(file, title)| (file.clone(), norm(title)))
            .collect()
    };
    let mut ours = Score::default();
    let mut baseline = Score::default();
    let naive = NaiveLinker::new(&items, &file_of);
    // Whether an action is taken up at all: (true positives, predicted, actual).
    let mut taken_up = Score::default();
    // Errors by cause, for the report and for improving the linker.
    let mut false_links: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut missed_links: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (follow_up, action) in &matched {
        let actual = truth_of(follow_up);
        let predicted: HashSet<Link> = action
            .evidence
            .iter()
            .map(|e| (file_of[&e.meeting_id].clone(), norm(&e.item_title)))
            .collect();
        ours.add(&predicted, &actual);
        baseline.add(&naive.links(action), &actual);
        taken_up.true_positives += usize::from(!predicted.is_empty() && !actual.is_empty());
        taken_up.predicted += usize::from(!predicted.is_empty());
        taken_up.actual += usize::from(!actual.is_empty());
        // In a `Vem | Vad | När` table or an `Att göra` list the archive
        // reads the action under the list's heading or the last item.
        let elsewhere = norm(&action.item_title) != norm(&follow_up.action_item);
        let action_terms = matter_terms(&format!("{} {}", action.item_title, action.text));
        for evidence in &action.evidence {
            let link = (
                file_of[&evidence.meeting_id].clone(),
                norm(&evidence.item_title),
            );
            if actual.contains(&link) {
                continue;
            }
            let cause = if ACTION_LISTS.contains(&link.1.as_str()) {
                "to a later action list"
            } else if elsewhere {
                "action read under another item than its matter's"
            } else {
                "unrelated matter sharing words"
            };
            false_links.entry(cause).or_default().push(format!(
                "  {} | action “{}” (item “{}”, planned under “{}”) → {} “{}” [{}]",
                follow_up.action_file,
                action.text,
                action.item_title,
                follow_up.action_item,
                link.0,
                evidence.item_title,
                evidence.reason
            ));
        }
        for link in actual.difference(&predicted) {
            let shared: BTreeSet<String> = item_text
                .get(link)
                .map(|text| {
                    matter_terms(text)
                        .intersection(&action_terms)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let in_title = matter_terms(&link.1).intersection(&action_terms).count();
            let cause = if in_title == 0 {
                "the item's title shares no word with the action"
            } else if shared.len() < 2 {
                "one shared word only"
            } else {
                "shared words too common"
            };
            missed_links.entry(cause).or_default().push(format!(
                "  {} | action “{}” (item “{}”) ↛ {} “{}” [shares: {}]",
                follow_up.action_file,
                action.text,
                action.item_title,
                link.0,
                link.1,
                shared.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    // The links of actions the archive did not read are missed too.
    let unread_links: usize = unmatched.iter().map(|f| f.evidence.len()).sum();
    ours.actual += unread_links;
    baseline.actual += unread_links;
    for (what, errors) in [
        ("false links", &false_links),
        ("missed links", &missed_links),
    ] {
        for (cause, lines) in errors {
            print_examples(&format!("{what}: {cause}"), lines);
        }
    }
    for follow_up in unmatched.iter().take(EXAMPLES) {
        eprintln!(
            "  unmatched: {} “{}”",
            follow_up.action_file, follow_up.action_text
        );
    }
    let causes = |errors: &BTreeMap<&str, Vec<String>>| {
        errors
            .iter()
            .map(|(cause, lines)| format!("{cause} {}", lines.len()))
            .collect::<Vec<_>>()
            .join(", ")
    };

    // Topics: items on one matter across meetings.
    let started = Instant::now();
    let topics = paragraf_followup::topics(store).await.expect("topics");
    let topics_time = started.elapsed();
    let predicted_groups: Vec<Vec<Link>> = topics
        .iter()
        .map(|topic| {
            topic
                .items
                .iter()
                .map(|i| (file_of[&i.meeting_id].clone(), norm(&i.title)))
                .collect()
        })
        .collect();
    let known: Vec<&Thread> = series.threads.iter().chain(&series.recurring).collect();
    print_merged_topics(&topics, &predicted_groups, &series.threads);
    let topics_all = pairwise(&predicted_groups, &known, None);
    let known_items: HashSet<Link> = known
        .iter()
        .flat_map(|t| t.items.iter().map(|(f, title)| (f.clone(), norm(title))))
        .collect();
    let topics_known = pairwise(&predicted_groups, &known, Some(&known_items));
    let threads_only: Vec<&Thread> = series.threads.iter().collect();
    let thread_items: HashSet<Link> = threads_only
        .iter()
        .flat_map(|t| t.items.iter().map(|(f, title)| (f.clone(), norm(title))))
        .collect();
    let topics_threads = pairwise(&predicted_groups, &threads_only, Some(&thread_items));
    let subjects: Vec<&Thread> = series.subjects.iter().collect();
    let topics_subjects = pairwise(&predicted_groups, &subjects, None);
    let naive_groups = naive_topics(&items, &file_of);
    let naive_all = pairwise(&naive_groups, &known, None);
    let naive_threads = pairwise(&naive_groups, &threads_only, Some(&thread_items));
    let naive_subjects = pairwise(&naive_groups, &subjects, None);

    // The next agenda, for each body on four dates after its last meeting.
    let mut last: HashMap<String, String> = HashMap::new();
    for minutes in &series.minutes {
        last.insert(minutes.truth.body.clone(), minutes.truth.date.clone());
    }
    let mut bodies: Vec<(&String, &String)> = last.iter().collect();
    bodies.sort();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for week in 1.. {
        for (body, date) in &bodies {
            if pairs.len() < AGENDAS {
                pairs.push(((*body).clone(), plus_days(date, 7 * week)));
            }
        }
        if pairs.len() >= AGENDAS {
            break;
        }
    }
    paragraf_followup::next_agenda(store, Some(&pairs[0].1), Some(&pairs[0].0))
        .await
        .expect("agenda");
    let mut agenda_times = Vec::new();
    let mut feedback_points = 0;
    let mut stale_points = 0;
    for (body, date) in &pairs {
        let started = Instant::now();
        let agenda = paragraf_followup::next_agenda(store, Some(date), Some(body))
            .await
            .expect("agenda");
        agenda_times.push(started.elapsed());
        feedback_points += agenda.feedback.len();
        stale_points += agenda.stale.len();
    }
    archive.close().await;

    let links: usize = series.follow_ups.iter().map(|f| f.evidence.len()).sum();
    let followed = series
        .follow_ups
        .iter()
        .filter(|f| !f.evidence.is_empty())
        .count();
    let (agenda_p50, agenda_max) = median_and_max(&mut agenda_times);
    let (register_p50, _) = median_and_max(&mut register_times);
    let mut out = String::new();
    out.push_str("## Follow-up: linking actions to later items, topics, the next agenda\n\n");
    out.push_str("Reproduce: `cargo bench -p paragraf-followup --bench followup` (`PARAGRAF_BENCH_MEETINGS=N` for another size, `PARAGRAF_BENCH_SEED=N` for another series).\n");
    out.push_str("Targets: action → item linking precision and recall ≥ 0.9 each; `agenda next` under 200 ms.\n\n");
    out.push_str(&format!(
        "Corpus: {} synthetic meetings from `paragraf_corpus::series` (seed {seed}): five bodies of one municipality (a formal committee writing `§` protocols, two leadership groups, two working groups; four layouts), each meeting every 2–5 weeks from {} to {}; {} items. {} actions, {} of them taken up again in the next three meetings of their body ({} true links: `Återkoppling: …` items rewording the matter, or the next items of the action's thread), the rest never. {} threads (matters with a distinctive name coming back 2–6 times, titles reworded) and {} one-off matters taken up again. No OCR damage. Unrelated matters near each other in a body share little rare vocabulary by construction (a topic or a thread's kind of work is not reused while in use); they still share the common words of minutes, a layout's boilerplate, the schools named in passing and the words some topics have in common.\n\n",
        series.minutes.len(),
        series.minutes.first().map_or("", |m| &m.truth.date[..4]),
        series.minutes.last().map_or("", |m| &m.truth.date[..4]),
        items.len(),
        series.follow_ups.len(),
        followed,
        links,
        series.threads.len(),
        series.recurring.len(),
    ));
    out.push_str(&format!(
        "Matching: {} of {} generated actions found among the {} actions the archive read (same file, same text); the links of the {} not found count as missed; {} actions read that were not generated are not scored.\n\n",
        matched.len(),
        series.follow_ups.len(),
        actions.len(),
        unmatched.len(),
        extra
    ));
    out.push_str(&format!(
        "Wrong links by cause: {}. Missed links by cause: {}{}.\n\n",
        causes(&false_links),
        causes(&missed_links),
        if unread_links > 0 {
            format!(", action not read {unread_links}")
        } else {
            String::new()
        }
    ));
    out.push_str(
        "| measure | Paragraf | baseline (naive linker) | target |\n|---|---:|---:|---:|\n",
    );
    out.push_str(&format!(
        "| action → item links: precision ({} predicted) | {:.3} | {:.3} ({} predicted) | ≥ 0.90 |\n",
        ours.predicted,
        ours.precision(),
        baseline.precision(),
        baseline.predicted
    ));
    out.push_str(&format!(
        "| action → item links: recall ({} true) | {:.3} | {:.3} | ≥ 0.90 |\n",
        ours.actual,
        ours.recall(),
        baseline.recall()
    ));
    out.push_str(&format!(
        "| action taken up at all (status): precision / recall | {:.3} / {:.3} | – | – |\n",
        taken_up.precision(),
        taken_up.recall()
    ));
    out.push_str(&format!(
        "| topics, thread items ({} pairs on one thread): precision / recall | {:.3} / {:.3} | {:.3} / {:.3} | ≥ 0.90 each |\n",
        topics_threads.actual,
        topics_threads.precision(),
        topics_threads.recall(),
        naive_threads.precision(),
        naive_threads.recall()
    ));
    out.push_str(&format!(
        "| topics, all items: pairs on one subject ({} predicted) | {:.3} | {:.3} ({} predicted) | – |\n",
        topics_subjects.predicted,
        topics_subjects.precision(),
        naive_subjects.precision(),
        naive_subjects.predicted
    ));
    out.push_str(&format!(
        "| topics, all items: pairs on one matter, precision / recall | {:.3} / {:.3} | {:.3} / {:.3} | – |\n",
        topics_all.precision(),
        topics_all.recall(),
        naive_all.precision(),
        naive_all.recall()
    ));
    out.push_str(&format!(
        "| topics, items of known recurring matters: pairs on one matter, precision / recall | {:.3} / {:.3} | – | – |\n",
        topics_known.precision(),
        topics_known.recall()
    ));
    out.push_str(&format!(
        "| `next_agenda` (body, date), {AGENDAS} calls: p50 / max | {} / {} | – | < 200 ms |\n",
        ms(agenda_p50),
        ms(agenda_max)
    ));
    out.push_str(&format!(
        "| `actions()`, the whole register (median of 3) | {} | – | – |\n",
        ms(register_p50)
    ));
    out.push_str(&format!("| `topics()` | {} | – | – |\n", ms(topics_time)));
    out.push_str(&format!(
        "| ingest end to end | {:.0} meetings/s | – | – |\n",
        summary.ingested as f64 / ingest_time.as_secs_f64()
    ));
    out.push_str(&format!(
        "\nThe baseline links an action to every item of the next meeting of its body that shares any word of five letters or more with the action and its item's title (lower-cased, not stemmed). Topics are scored over item pairs, predicted when both items are in one topic. *Thread items* scores the pairs among items of the known threads (true when both are on one thread): the matters a topic must hold together and keep apart. *Pairs on one subject* counts a predicted pair right when both items are about one subject of the generator's vocabulary in one body (`Kränkande behandling`, `Simundervisning`), of any matter: a topic in the sense of the sample minutes' `H22` or staff survey threads, which join several matters on one subject. *Pairs on one matter* holds all items to the strict truth (a thread, or a one-off matter and its follow-ups), so it counts as wrong every pair of two one-off matters on one subject, years apart under the same title (`Rutin för anmälan om kränkande behandling` in 2013 and 2017), which a reader would thread. The topic baseline joins items of one body whose titles share two words of five letters or more (lower-cased), transitively. The agendas averaged {:.1} feedback points (open actions of the last year) and {:.1} stale ones (pending points from meetings over a year before, listed apart). The run is single-threaded (one tokio thread), on a machine with {} cores.\n",
        feedback_points as f64 / AGENDAS as f64,
        stale_points as f64 / AGENDAS as f64,
        std::thread::available_parallelism().map_or(1, usize::from)
    ));
    out
}

fn print_examples(what: &str, lines: &[String]) {
    eprintln!(
        "{} {what}; the first {}:",
        lines.len(),
        EXAMPLES.min(lines.len())
    );
    // Spread over the run rather than the first meetings only.
    let step = (lines.len() / EXAMPLES).max(1);
    for line in lines.iter().step_by(step).take(EXAMPLES) {
        eprintln!("{line}");
    }
}

/// Topics holding items of several threads: the largest mixes, with the
/// links that brought items in.
fn print_merged_topics(
    topics: &[paragraf_followup::topics::Topic],
    groups: &[Vec<Link>],
    threads: &[Thread],
) {
    let thread_of: HashMap<Link, usize> = threads
        .iter()
        .enumerate()
        .flat_map(|(index, thread)| {
            thread
                .items
                .iter()
                .map(move |(file, title)| ((file.clone(), norm(title)), index))
        })
        .collect();
    let mut mixed: Vec<(usize, usize)> = groups
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let distinct: HashSet<usize> = group
                .iter()
                .filter_map(|l| thread_of.get(l))
                .copied()
                .collect();
            (distinct.len(), index)
        })
        .filter(|&(n, _)| n > 1)
        .collect();
    mixed.sort_unstable_by(|a, b| b.cmp(a));
    eprintln!(
        "{} topics mix items of several threads; the largest mixes:",
        mixed.len()
    );
    for &(threads, index) in mixed.iter().take(EXAMPLES / 2) {
        let topic = &topics[index];
        eprintln!(
            "  topic “{}”: {} items, {threads} threads",
            topic.title,
            topic.items.len()
        );
        for item in topic.items.iter().take(6) {
            eprintln!(
                "    {} “{}” [{}]",
                item.date.as_deref().unwrap_or("?"),
                item.title,
                item.reason
            );
        }
    }
}

/// Pairwise scores: a pair is predicted when both items are in one
/// group (an item may be in several), true when both are on one known
/// matter. With `only`, pairs with any other item are left out.
fn pairwise(predicted: &[Vec<Link>], known: &[&Thread], only: Option<&HashSet<Link>>) -> Score {
    let keep = |link: &Link| only.is_none_or(|only| only.contains(link));
    let mut index: HashMap<Link, usize> = HashMap::new();
    let mut pairs_of = |groups: &mut dyn Iterator<Item = Vec<Link>>| {
        let mut pairs: HashSet<(usize, usize)> = HashSet::new();
        for group in groups {
            let mut members: Vec<usize> = group
                .into_iter()
                .filter(|link| keep(link))
                .map(|link| {
                    let next = index.len();
                    *index.entry(link).or_insert(next)
                })
                .collect();
            members.sort_unstable();
            members.dedup();
            for (at, &a) in members.iter().enumerate() {
                for &b in &members[at + 1..] {
                    pairs.insert((a, b));
                }
            }
        }
        pairs
    };
    let predicted = pairs_of(&mut predicted.iter().cloned());
    let actual = pairs_of(&mut known.iter().map(|thread| {
        thread
            .items
            .iter()
            .map(|(file, title)| (file.clone(), norm(title)))
            .collect()
    }));
    Score {
        true_positives: predicted.intersection(&actual).count(),
        predicted: predicted.len(),
        actual: actual.len(),
    }
}

/// Links an action to every item of its body's next meeting sharing any
/// word of five letters or more.
struct NaiveLinker {
    /// Per body, its meetings in date order: (date, meeting id).
    meetings: HashMap<String, Vec<(String, i64)>>,
    /// Per meeting, its items: (file, title normalised, words).
    items: HashMap<i64, Vec<(Link, HashSet<String>)>>,
}

impl NaiveLinker {
    fn new(items: &[paragraf_store::ItemRow], file_of: &HashMap<i64, String>) -> NaiveLinker {
        let mut meetings: HashMap<String, BTreeSet<(String, i64)>> = HashMap::new();
        let mut by_meeting: HashMap<i64, Vec<(Link, HashSet<String>)>> = HashMap::new();
        for item in items {
            if let (Some(body), Some(date)) = (&item.body, &item.date) {
                meetings
                    .entry(body.clone())
                    .or_default()
                    .insert((date.clone(), item.meeting_id));
            }
            by_meeting.entry(item.meeting_id).or_default().push((
                (file_of[&item.meeting_id].clone(), norm(&item.title)),
                words(&format!("{} {}", item.title, item.text)),
            ));
        }
        NaiveLinker {
            meetings: meetings
                .into_iter()
                .map(|(body, dates)| (body, dates.into_iter().collect()))
                .collect(),
            items: by_meeting,
        }
    }

    fn links(&self, action: &ActionRecord) -> HashSet<Link> {
        let (Some(body), Some(date)) = (&action.body, &action.date) else {
            return HashSet::new();
        };
        let Some(next) = self.meetings.get(body).and_then(|meetings| {
            meetings
                .iter()
                .find(|(d, id)| d > date && *id != action.meeting_id)
        }) else {
            return HashSet::new();
        };
        let wanted = words(&format!("{} {}", action.item_title, action.text));
        self.items
            .get(&next.1)
            .into_iter()
            .flatten()
            .filter(|(_, words)| !words.is_disjoint(&wanted))
            .map(|(link, _)| link.clone())
            .collect()
    }
}

/// Groups items of one body whose titles share two words of five letters
/// or more, transitively.
fn naive_topics(
    items: &[paragraf_store::ItemRow],
    file_of: &HashMap<i64, String>,
) -> Vec<Vec<Link>> {
    let titles: Vec<HashSet<String>> = items.iter().map(|item| words(&item.title)).collect();
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    for b in 0..items.len() {
        for a in 0..b {
            if items[a].body == items[b].body
                && items[a].meeting_id != items[b].meeting_id
                && titles[a].intersection(&titles[b]).count() >= 2
            {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Link>> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        let group = root(&mut parent, index);
        groups
            .entry(group)
            .or_default()
            .push((file_of[&item.meeting_id].clone(), norm(&item.title)));
    }
    groups
        .into_values()
        .filter(|group| group.len() >= 2)
        .collect()
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(str::to_lowercase)
        .collect()
}

fn plus_days(date: &str, days: i64) -> String {
    let date: jiff::civil::Date = date.parse().expect("an ISO date");
    date.checked_add(jiff::Span::new().days(days))
        .expect("a date in range")
        .to_string()
}

fn median_and_max(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (
        times[times.len() / 2],
        times.last().copied().unwrap_or_default(),
    )
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
