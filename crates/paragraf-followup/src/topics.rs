//! Topics: items about the same matter across meetings, threaded into a
//! timeline. Two items of one body in different meetings are linked when
//! their titles share a three-word phrase, a word rare in Swedish at large
//! (`medarbetarenkät`) or a programme code (`H22`), or two less rare matter
//! words; titles only, as links through body text chained unrelated matters
//! together. Each item shows the link that brought it in.
//! A user can unlink an item from a topic; the unlink is recorded and the
//! links it forbids are never made again.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use paragraf_store::ItemRow;
use serde::Serialize;

use paragraf_repair::Lexicon;

use crate::matter::{BodyClasses, matter_terms};
use crate::people::fold_name;

/// Words at least this common in Swedish at large (Zipf 4.2, the
/// lexicon's weight ÷ 100) say little about which matter an item is on:
/// `fortsatt`, `uppdrag`, `dialog`. Matter words are rarer compounds
/// (`medarbetarenkät`, `kvalitetsrapport`) or names.
const COMMON_WEIGHT: i32 = 420;
/// A distinctive word in this many items or more is this archive's
/// vocabulary (the body's own name), not a matter's.
const ARCHIVE_SHARE: f64 = 0.4;
/// Below this (Zipf 3) a word is rare enough that one shared word links.
const RARE_WEIGHT: i32 = 300;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// The id of its first item (or, when a bigger topic has that id, its
    /// next): stable while the archive's items are.
    pub id: i64,
    pub title: String,
    /// Oldest first; undated items last.
    pub items: Vec<TopicItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicItem {
    pub item_id: i64,
    pub meeting_id: i64,
    pub date: Option<String>,
    pub body: Option<String>,
    pub title: String,
    /// Why it belongs: the link that brought it in.
    pub reason: String,
}

/// The words of a title or text that can tell a matter apart: matter
/// words rare in Swedish at large, and programme codes (`H22`).
fn distinctive(
    text: &str,
    lexicon: &Lexicon,
    weights: &mut HashMap<String, Option<i32>>,
) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if has_digit && letters >= 1 && word.len() <= 6 {
            terms.insert(word.to_lowercase());
            continue;
        }
        let lower = word.to_lowercase();
        for term in matter_terms(word) {
            let weight = lexicon.weight(&lower);
            if weight.is_none_or(|w| w < COMMON_WEIGHT) {
                let seen = weights.entry(term.clone()).or_insert(weight);
                *seen = (*seen).max(weight);
                terms.insert(term);
            }
        }
    }
    terms
}

/// Whether one shared word is enough: a code, or rare in Swedish at large
/// in every form the archive writes it.
fn is_rare(term: &str, weights: &HashMap<String, Option<i32>>) -> bool {
    term.chars().any(|c| c.is_ascii_digit())
        || weights
            .get(term)
            .copied()
            .flatten()
            .is_none_or(|w| w < RARE_WEIGHT)
}

/// Terms equal, or long and one edit apart (`verksamhetdialog`, OCR).
fn same_term(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 10 && b.len() >= 10 && strsim::levenshtein(a, b) <= 1)
}

/// The terms of `a` that `b` has too, fuzzily.
fn shared<'t>(a: &'t BTreeSet<String>, b: &BTreeSet<String>) -> Vec<&'t String> {
    a.iter()
        .filter(|term| b.contains(*term) || b.iter().any(|other| same_term(term, other)))
        .collect()
}

/// Three consecutive title words, folded: a shared one names the same
/// matter even in common words (`samverkan för bästa skola`).
fn title_phrases(title: &str) -> BTreeSet<String> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold_name)
        .collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// Threads `items` (in meeting order) into topics of two meetings or more.
/// `unlinked` holds item pairs a user has separated.
pub fn threads(items: &[ItemRow], unlinked: &HashSet<(i64, i64)>, lexicon: &Lexicon) -> Vec<Topic> {
    let mut weights = HashMap::new();
    let titles: Vec<BTreeSet<String>> = items
        .iter()
        .map(|i| distinctive(&i.title, lexicon, &mut weights))
        .collect();
    let texts: Vec<BTreeSet<String>> = items
        .iter()
        .map(|i| distinctive(&i.text, lexicon, &mut weights))
        .collect();
    let phrases: Vec<BTreeSet<String>> = items.iter().map(|i| title_phrases(&i.title)).collect();

    let mut in_items: HashMap<&str, usize> = HashMap::new();
    for (title, text) in titles.iter().zip(&texts) {
        for term in title.union(text) {
            *in_items.entry(term).or_default() += 1;
        }
    }
    let ubiquitous = |term: &str| {
        items.len() >= 20
            && in_items.get(term).copied().unwrap_or(0) as f64 >= ARCHIVE_SHARE * items.len() as f64
    };

    let mut reason: Vec<Option<String>> = vec![None; items.len()];
    // A long word rare in Swedish names a matter wherever it stands: one in
    // a title finds the item whose text names the matter too.
    let signature = |term: &String| term.chars().count() >= 10 && is_rare(term, &weights);
    let signatures: Vec<BTreeSet<&String>> = titles
        .iter()
        .zip(&texts)
        .map(|(title, text)| title.union(text).filter(|t| signature(t)).collect())
        .collect();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, (title, phrase)) in titles.iter().zip(&phrases).enumerate() {
        for key in title
            .iter()
            .chain(phrase)
            .chain(signatures[index].iter().copied())
        {
            let entry = by_key.entry(key).or_default();
            if entry.last() != Some(&index) {
                entry.push(index);
            }
        }
    }
    let max_postings = (items.len() / 50).max(50);
    let bodies = BodyClasses::new(items);
    let sorted_keys: BTreeSet<&String> = titles
        .iter()
        .flatten()
        .chain(signatures.iter().flatten().copied())
        .collect();
    // (earlier, later, the words that link them)
    let mut links: Vec<(usize, usize, String)> = Vec::new();
    for (b, item) in items.iter().enumerate() {
        // Long title words also find their OCR-damaged spellings, which
        // keep their first letters.
        let fuzzy = titles[b]
            .iter()
            .chain(signatures[b].iter().copied())
            .filter(|t| t.len() >= 10)
            .flat_map(|term| {
                let prefix: String = term.chars().take(6).collect();
                sorted_keys
                    .range(prefix.clone()..)
                    .take_while(move |key| key.starts_with(&prefix))
                    .filter(move |key| same_term(term, key))
            });
        let candidates: BTreeSet<usize> = titles[b]
            .iter()
            .chain(signatures[b].iter().copied())
            .map(String::as_str)
            .chain(phrases[b].iter().map(String::as_str))
            .chain(fuzzy.map(|key| key.as_str()))
            .map(|key| &by_key[key])
            // A word in more items than a matter could span is the
            // archive's vocabulary, not a thread's name.
            .filter(|postings| postings.len() <= max_postings)
            .flat_map(|postings| postings.iter().copied())
            .filter(|&a| a < b)
            .collect();
        for a in candidates {
            let other = &items[a];
            if other.meeting_id == item.meeting_id
                || !bodies.same(other.body.as_deref(), item.body.as_deref())
                || unlinked.contains(&(other.id.min(item.id), other.id.max(item.id)))
            {
                continue;
            }
            let phrase = phrases[a].intersection(&phrases[b]).next();
            let in_titles: Vec<&String> = shared(&titles[a], &titles[b])
                .into_iter()
                .filter(|t| !ubiquitous(t))
                .collect();
            let rare_in_titles = in_titles.iter().find(|t| is_rare(t, &weights));
            // A title's signature word named in the other item at all.
            let named: Vec<String> = shared(&titles[a], &titles[b])
                .into_iter()
                .chain(shared(&titles[a], &texts[b]))
                .chain(shared(&titles[b], &texts[a]))
                .filter(|t| signature(t))
                .cloned()
                .collect();
            let why = if let Some(phrase) = phrase {
                format!("“{phrase}”")
            } else if let Some(term) = rare_in_titles {
                term.to_string()
            } else if let Some(term) = named.first() {
                term.clone()
            } else if in_titles.len() >= 2 {
                in_titles
                    .iter()
                    .take(3)
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                continue;
            };
            links.push((a, b, why));
        }
    }

    // One thread per linking word: items joined through *different* words
    // would chain unrelated matters (H22 → an item that also names the
    // staff survey → the staff survey), so words do not join threads; only
    // threads that mostly hold the same items merge.
    let mut by_why: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (a, b, why) in &links {
        by_why.entry(why.as_str()).or_default().push((*a, *b));
    }
    let mut threads: Vec<BTreeSet<usize>> = Vec::new();
    for pairs in by_why.values() {
        let mut parent: HashMap<usize, usize> = HashMap::new();
        fn root(parent: &mut HashMap<usize, usize>, at: usize) -> usize {
            let mut at = at;
            while let Some(&up) = parent.get(&at).filter(|&&up| up != at) {
                at = up;
            }
            at
        }
        for &(a, b) in pairs {
            parent.entry(a).or_insert(a);
            parent.entry(b).or_insert(b);
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent.insert(ra.max(rb), ra.min(rb));
        }
        let members: Vec<usize> = parent.keys().copied().collect();
        let mut components: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for member in members {
            let r = root(&mut parent, member);
            components.entry(r).or_default().insert(member);
        }
        threads.extend(components.into_values());
    }
    let mut merged: Vec<BTreeSet<usize>> = Vec::new();
    for thread in threads {
        let overlapping = merged.iter_mut().find(|other| {
            let common = other.intersection(&thread).count();
            2 * common > other.len().min(thread.len())
        });
        match overlapping {
            Some(other) => other.extend(thread),
            None => merged.push(thread),
        }
    }
    merged.sort();
    merged.dedup();
    for (a, b, why) in &links {
        let because = |other: &ItemRow| {
            format!(
                "shares {why} with “{}” ({})",
                other.title.trim(),
                other.date.as_deref().unwrap_or("undated")
            )
        };
        if reason[*b].is_none() {
            reason[*b] = Some(because(&items[*a]));
        } else if reason[*a].is_none() {
            reason[*a] = Some(because(&items[*b]));
        }
    }
    let groups = merged
        .into_iter()
        .map(|members| members.into_iter().collect::<Vec<usize>>());
    let mut topics: Vec<Topic> = groups
        .filter(|members| {
            members
                .iter()
                .map(|&m| items[m].meeting_id)
                .collect::<BTreeSet<_>>()
                .len()
                >= 2
        })
        .map(|mut members| {
            members.sort_by(|&x, &y| {
                let key = |i: usize| {
                    (
                        items[i].date.is_none(),
                        items[i].date.clone(),
                        items[i].meeting_id,
                    )
                };
                key(x).cmp(&key(y))
            });
            let first = members[0];
            let title = members
                .iter()
                .map(|&m| items[m].title.trim())
                .min_by_key(|title| title.chars().count())
                .unwrap_or_default()
                .to_string();
            Topic {
                id: items[first].id,
                title,
                items: members
                    .iter()
                    .map(|&m| TopicItem {
                        item_id: items[m].id,
                        meeting_id: items[m].meeting_id,
                        date: items[m].date.clone(),
                        body: items[m].body.clone(),
                        title: items[m].title.clone(),
                        reason: reason[m]
                            .clone()
                            .unwrap_or_else(|| "the earliest item of the topic".to_string()),
                    })
                    .collect(),
            }
        })
        .collect();
    topics.sort_by(|a, b| b.items.len().cmp(&a.items.len()).then(a.id.cmp(&b.id)));
    // An item may open several topics; each takes the first of its items
    // that no bigger topic has taken as its id.
    let mut taken = HashSet::new();
    for topic in &mut topics {
        if let Some(free) = topic
            .items
            .iter()
            .map(|i| i.item_id)
            .find(|id| !taken.contains(id))
        {
            topic.id = free;
        }
        taken.insert(topic.id);
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, meeting: i64, date: Option<&str>, title: &str) -> ItemRow {
        ItemRow {
            id,
            meeting_id: meeting,
            date: date.map(str::to_string),
            body: Some("Ledningsgruppen".into()),
            number: None,
            title: title.into(),
            text: String::new(),
        }
    }

    fn topic_of(topics: &[Topic], item: i64) -> Option<i64> {
        topics
            .iter()
            .find(|t| t.items.iter().any(|i| i.item_id == item))
            .map(|t| t.id)
    }

    #[test]
    fn rare_words_codes_and_phrases_thread_items_and_common_words_do_not() {
        let lexicon = Lexicon::embedded().unwrap();
        let items = vec![
            item(1, 1, Some("2020-01-21"), "Styrgrupp H22"),
            item(2, 1, Some("2020-01-21"), "Fortsatt arbete med uppdragen"),
            item(3, 2, Some("2020-11-10"), "Reflektioner över H22 Summit"),
            item(
                4,
                2,
                Some("2020-11-10"),
                "Respons på åtgärdsplan, Samverkan för bästa skola",
            ),
            item(5, 3, Some("2021-04-20"), "Samverkan för bästa skola"),
            item(6, 3, Some("2021-04-20"), "Fortsatt dialog om uppdragen"),
            item(7, 4, Some("2024-09-24"), "Inför medarbetarenkiten"),
            item(8, 5, None, "Ny medarbetarenkät under upphandling"),
        ];
        let topics = threads(&items, &HashSet::new(), &lexicon);
        assert_eq!(topic_of(&topics, 1), topic_of(&topics, 3), "{topics:#?}");
        assert_eq!(topic_of(&topics, 4), topic_of(&topics, 5), "{topics:#?}");
        assert_eq!(topic_of(&topics, 7), topic_of(&topics, 8), "{topics:#?}");
        assert!(topic_of(&topics, 7).is_some());
        assert_eq!(topic_of(&topics, 2), None, "{topics:#?}");
        assert_ne!(topic_of(&topics, 1), topic_of(&topics, 4));

        let unlinked = HashSet::from([(1, 3)]);
        let topics = threads(&items, &unlinked, &lexicon);
        // The only link between them is gone, and with it their topic.
        assert_eq!(topic_of(&topics, 1), None, "{topics:#?}");
        assert_eq!(topic_of(&topics, 3), None, "{topics:#?}");
        assert!(topic_of(&topics, 5).is_some());
    }
}
