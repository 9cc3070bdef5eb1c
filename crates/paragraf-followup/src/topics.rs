//! Topics: items about the same matter across meetings, threaded into a
//! timeline.
//!
//! An item's title says what matter it is on. Two items of one body are
//! close when one's title is explained by the other item: its words found
//! in the other's title, or repeated in the other's text (a word said once
//! in passing counts half). Words weigh by how few of the archive's items
//! use them (idf), less when they are everyday Swedish, so `förskola` says
//! little and `Solbyförskolan` much; matter words are stems, programme codes
//! (`H22`), acronyms and their compounds (`VP-uppdraget`), a compound's
//! first part (`matematikplanen` → `matematik`) and a title's three-word
//! phrases (`samverkan för bästa skola`). The closest pairs join first, and
//! two groups join only when their items are close *on average*: one item
//! that touches two matters cannot chain them together, and never when
//! each names a place or person in its titles the other never mentions
//! (`… på Tallbackaskolan`, `… på Norrviksskolan`): a name is a word only
//! ever written with a capital inside sentences. Titles most of a body's
//! meetings carry (`Ekonomi`) are standing points, not matters. Each item
//! shows the words that brought it in. A user can unlink an item from a
//! topic; the unlink is recorded and never undone by the clustering.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use paragraf_repair::Lexicon;
use paragraf_store::ItemRow;
use serde::Serialize;

use crate::matter::{BodyClasses, matter_terms, standing_key, stem};
use crate::people::fold_name;

/// How much of a title another item must explain to link them.
const LINK_SIMILARITY: f64 = 0.5;
/// The cosine of two items' whole wording that links them as closely.
const WORDING_SIMILARITY: f64 = 0.3;
/// How close, on average over their item pairs, two groups must be to join.
const JOIN_SIMILARITY: f64 = 0.45;
/// How much a title's words found in another item must weigh at least, in
/// idf: one word in at most one item in eight, or more words less rare.
/// A short title with one everyday word explains itself in many items.
const MIN_SHARED: f64 = 2.08;
/// How much of the other title's heaviest word an item must say: what
/// the other item is most about, said outright or often enough.
const HEAD_CREDIT: f64 = 0.75;
/// A title word said only inside a compound of the other item counts
/// this much (`digitaliseringsavdelningen` is not about digitalisation).
const PASSING_MENTION: f64 = 0.5;
/// A title word the other item's text says counts fully when said once in
/// this many words or more often: what the text is about, not a word in
/// passing in a long text.
const SALIENT_EVERY: f64 = 80.0;
/// Lexicon weights are Zipf × 100: at 4.2 and above a word is everyday
/// Swedish (`skolan`, `planen`), at 3 and below it is rare.
const COMMON_WEIGHT: i32 = 420;
const RARE_WEIGHT: i32 = 300;
/// Compound parts shorter than this are too ambiguous to stand for the
/// compound (`plan`, `skol`).
const SHORTEST_HEAD: usize = 7;
/// A code (`H22`) or an acronym's compound (`VP-uppdraget`) is the name of
/// one programme or assignment: it counts as much as two rare words.
const NAME_WEIGHT: f64 = 2.0;
/// A title is standing when at least this many of its body's meetings
/// carry it,
const STANDING_MEETINGS: usize = 4;
/// and at least one in this many.
const STANDING_SHARE: usize = 3;
const EARLIEST: (&str, &str) = ("the earliest item of the topic", "ämnets första punkt");

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    /// The id of its first item (or, when a bigger topic has that id, its
    /// next): stable while the archive's items are.
    pub id: i64,
    pub title: String,
    /// Oldest first; undated items last.
    pub items: Vec<TopicItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicItem {
    pub item_id: i64,
    pub meeting_id: i64,
    pub date: Option<String>,
    pub body: Option<String>,
    pub title: String,
    /// Why it belongs: the item of the topic it is closest to, and the
    /// words they share.
    pub reason: String,
    /// The same in Swedish, for the web pages.
    pub reason_sv: String,
}

/// One matter word as compared (`term`) and as the minutes write it.
#[derive(Clone)]
struct Word {
    term: String,
    surface: String,
    written: Written,
}

/// How a word was written where it was read: a word only ever written
/// with a capital inside sentences is a name (`Tallbackaskolan`, `Lila`).
#[derive(Clone, Copy, PartialEq)]
enum Written {
    Lowercase,
    /// At the start of a title or sentence, where any word is.
    CapitalFirst,
    CapitalInside,
}

impl Written {
    fn of(text: &str, start: usize, word: &str) -> Written {
        if !word.starts_with(char::is_uppercase) {
            return Written::Lowercase;
        }
        let before = text[..start].trim_end().chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == ',') {
            Written::CapitalInside
        } else {
            Written::CapitalFirst
        }
    }
}

fn is_acronym(word: &str) -> bool {
    (2..=5).contains(&word.chars().count())
        && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

/// `H22`, `vt21`: letters and digits in one short word.
fn is_code(word: &str) -> bool {
    word.chars().count() <= 6
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(char::is_alphabetic)
}

/// The words of `text` that can tell a matter apart: matter stems, codes,
/// acronyms, and an acronym with the noun it qualifies (`VP-uppdraget`,
/// `VP uppdragen` → `vp-uppdrag`), which names a matter where neither
/// word alone does. Once a text has named such a compound, its bare noun
/// later (`uppdraget`) refers back to it and counts as the compound again.
fn topic_words(text: &str) -> Vec<Word> {
    let spans: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_alphanumeric())
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len()
                + text[start + word.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
        .collect();
    let mut words = Vec::new();
    // (the compound's noun, stemmed; the compound; its acronym)
    let mut compounds: Vec<(String, Word, Word)> = Vec::new();
    for (at, &(start, word)) in spans.iter().enumerate() {
        if !(is_code(word) || is_acronym(word)) {
            let written = Written::of(text, start, word);
            words.extend(matter_terms(word).into_iter().map(|term| Word {
                term,
                surface: word.to_lowercase(),
                written,
            }));
            if !compounds.is_empty() {
                let noun = stem(word);
                if let Some((_, compound, acronym)) = compounds.iter().find(|(n, _, _)| *n == noun)
                {
                    words.push(compound.clone());
                    // A bare `uppdraget` says the acronym too: it is the
                    // VP's assignment still.
                    if at == 0 || spans[at - 1].1 != acronym.surface {
                        words.push(acronym.clone());
                    }
                }
            }
            continue;
        }
        let acronym = Word {
            term: word.to_lowercase(),
            surface: word.to_string(),
            written: Written::CapitalFirst,
        };
        words.push(acronym.clone());
        let Some(&(next_start, next)) = spans.get(at + 1).filter(|_| is_acronym(word)) else {
            continue;
        };
        let between = &text[start + word.len()..next_start];
        let joined = between.chars().count() <= 2 && between.chars().all(|c| c == '-' || c == ' ');
        let noun = stem(next);
        if joined && !is_acronym(next) && noun.chars().count() >= 4 {
            let compound = Word {
                term: format!("{}-{noun}", word.to_lowercase()),
                surface: format!("{word}-{next}"),
                written: Written::CapitalFirst,
            };
            // The noun itself is read next, and counts as the compound.
            if !compounds.iter().any(|(n, _, _)| *n == noun) {
                compounds.push((noun, compound, acronym));
            } else {
                words.push(compound);
            }
        }
    }
    words
}

/// Every distinct matter word of the archive, numbered.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, usize>,
    surfaces: Vec<String>,
    /// How common in Swedish at large its most common written form is;
    /// `None` when no form is in the lexicon (names, codes, rare compounds).
    lexicon_weights: Vec<Option<i32>>,
    looked_up: HashSet<String>,
    /// Per word: times written with a capital inside a sentence, and
    /// times in lowercase.
    cases: Vec<(u32, u32)>,
}

impl Vocabulary {
    fn id(&mut self, word: Word, lexicon: &Lexicon) -> usize {
        let next = self.surfaces.len();
        let id = *self.ids.entry(word.term).or_insert(next);
        if id == next {
            self.surfaces.push(word.surface.clone());
            self.lexicon_weights.push(None);
            self.cases.push((0, 0));
        }
        match word.written {
            Written::CapitalInside => self.cases[id].0 += 1,
            Written::Lowercase => self.cases[id].1 += 1,
            Written::CapitalFirst => {}
        }
        let is_word = word.surface.chars().any(char::is_lowercase);
        if is_word && !self.looked_up.contains(&word.surface) {
            let weight = lexicon.weight(&word.surface);
            let known = &mut self.lexicon_weights[id];
            *known = (*known).max(weight);
            self.looked_up.insert(word.surface);
        }
        id
    }

    /// How much a word of this archive says about a matter beyond its
    /// rarity here: everyday Swedish says little.
    fn distinctiveness(&self, id: usize) -> f64 {
        let surface = &self.surfaces[id];
        let is_phrase = surface.contains(' ');
        if !is_phrase && (surface.contains('-') || surface.chars().any(|c| c.is_ascii_digit())) {
            return NAME_WEIGHT;
        }
        match self.lexicon_weights[id] {
            Some(weight) if weight >= COMMON_WEIGHT => 0.25,
            Some(weight) if weight >= RARE_WEIGHT => 0.6,
            _ => 1.0,
        }
    }

    /// Which words are names, their spellings folded as `canonical` says:
    /// written with a capital inside sentences and never in lowercase.
    fn names(&self, canonical: &[usize]) -> Vec<bool> {
        let mut cases = vec![(0, 0); self.surfaces.len()];
        for (id, &(inside, lower)) in self.cases.iter().enumerate() {
            cases[canonical[id]].0 += inside;
            cases[canonical[id]].1 += lower;
        }
        cases
            .iter()
            .zip(&self.surfaces)
            .map(|(&(inside, lower), surface)| {
                inside > 0 && lower == 0 && surface.chars().all(char::is_alphabetic)
            })
            .collect()
    }

    /// For each word, the words of the archive it begins with, at least
    /// `SHORTEST_HEAD` letters long: a Swedish compound's first part
    /// (`matematikplan` → `matemat`, `brandskyddsarbete` → `brandskydd`)
    /// and a stem's longer forms that Snowball keeps apart.
    fn heads(&self) -> Vec<Vec<usize>> {
        let mut heads = vec![Vec::new(); self.surfaces.len()];
        for (term, &id) in &self.ids {
            if term.contains(' ') {
                continue;
            }
            let ends: Vec<usize> = term
                .char_indices()
                .map(|(at, _)| at)
                .skip(SHORTEST_HEAD)
                .collect();
            for end in ends {
                if let Some(&head) = self.ids.get(&term[..end]) {
                    heads[id].push(head);
                }
            }
        }
        heads
    }

    /// Maps each long word to a more used spelling one edit away
    /// (`verksamhetdialog` → `verksamhetsdialog`): OCR damage keeps a word's
    /// beginning, so only words sharing their first six letters are compared.
    fn spellings(&self, uses: &[usize]) -> Vec<usize> {
        let mut canonical: Vec<usize> = (0..self.surfaces.len()).collect();
        let sorted: BTreeSet<(&str, usize)> = self
            .ids
            .iter()
            .map(|(term, &id)| (term.as_str(), id))
            .collect();
        for &(term, id) in &sorted {
            if term.chars().count() < 10 {
                continue;
            }
            let prefix: String = term.chars().take(6).collect();
            let better = sorted
                .range((prefix.as_str(), 0)..)
                .take_while(|(other, _)| other.starts_with(&prefix))
                .filter(|&&(other, other_id)| {
                    other_id != id
                        && (uses[other_id], other) > (uses[id], term)
                        && strsim::levenshtein(term, other) <= 1
                })
                .max_by_key(|&&(other, other_id)| (uses[other_id], std::cmp::Reverse(other)));
            if let Some(&(_, better)) = better {
                canonical[id] = better;
            }
        }
        canonical
    }
}

/// An item's matter words: its title's with their weights (sorted by
/// word), and its text's with how often the text says them.
struct Profile {
    /// (word, weight, said outright rather than only inside a compound).
    title: Vec<(usize, f64, bool)>,
    /// The title's weight in all: what explaining it fully takes.
    mass: f64,
    /// The title's heaviest word: what the item is most about.
    head: Option<usize>,
    /// (word, times said outright: 0 when only inside compounds).
    text: Vec<(usize, u32)>,
    /// How many words the text has.
    text_words: usize,
    /// Every word of title and text, weighted, with the vector's length:
    /// for the cosine of two items' whole wording.
    bag: Vec<(usize, f64)>,
    norm: f64,
    /// The names its title says (`Tallbackaskolan`), sorted.
    names: Vec<usize>,
}

impl Profile {
    /// Whether the item says `word` anywhere.
    fn says(&self, word: usize) -> bool {
        self.title
            .binary_search_by_key(&word, |&(id, _, _)| id)
            .is_ok()
            || self.text.binary_search_by_key(&word, |&(id, _)| id).is_ok()
            || self.names.binary_search(&word).is_ok()
    }

    /// How much this item says a word: fully in its title or repeated in
    /// its text; `PASSING_MENTION` said once, or only inside a compound
    /// (`digitaliseringsavdelningen` is not about digitalisation).
    fn credit(&self, word: usize) -> f64 {
        if let Ok(at) = self.title.binary_search_by_key(&word, |&(id, _, _)| id) {
            return if self.title[at].2 {
                1.0
            } else {
                PASSING_MENTION
            };
        }
        match self.text.binary_search_by_key(&word, |&(id, _)| id) {
            Ok(at) if self.text[at].1 == 0 => PASSING_MENTION,
            Ok(at) => {
                let every = self.text_words as f64 / f64::from(self.text[at].1);
                (SALIENT_EVERY / every).min(1.0)
            }
            Err(_) => 0.0,
        }
    }

    /// The words of `query`'s title this item says, with their weighted
    /// credit.
    fn explained<'p>(&'p self, query: &'p Profile) -> impl Iterator<Item = (usize, f64)> + 'p {
        query
            .title
            .iter()
            .map(|&(id, weight, _)| (id, weight * self.credit(id)))
            .filter(|&(_, credit)| credit > 0.0)
    }

    /// The share of `query`'s title this item explains, when enough of it.
    fn explains(&self, query: &Profile) -> f64 {
        let shared: f64 = self.explained(query).map(|(_, credit)| credit).sum();
        let says_head = query
            .head
            .is_some_and(|head| self.credit(head) >= HEAD_CREDIT);
        if !says_head || shared < MIN_SHARED || query.mass == 0.0 {
            0.0
        } else {
            shared / query.mass
        }
    }
}

/// How close two items are: how well either explains the other's title,
/// or, for items worded alike throughout, the cosine of their wording
/// (scaled so that `WORDING_SIMILARITY` links as `LINK_SIMILARITY` does).
fn similarity(a: &Profile, b: &Profile) -> f64 {
    let wording = if a.norm == 0.0 || b.norm == 0.0 {
        0.0
    } else {
        let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0, 0.0);
        while i < a.bag.len() && j < b.bag.len() {
            match a.bag[i].0.cmp(&b.bag[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a.bag[i].1 * b.bag[j].1;
                    shared += a.bag[i].1.min(b.bag[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        // One everyday word alone is worded alike, but says nothing.
        if shared < MIN_SHARED {
            0.0
        } else {
            dot / (a.norm * b.norm)
        }
    };
    let wording = wording * LINK_SIMILARITY / WORDING_SIMILARITY;
    a.explains(b).max(b.explains(a)).max(wording)
}

fn unlink_key(a: &ItemRow, b: &ItemRow) -> (i64, i64) {
    (a.id.min(b.id), a.id.max(b.id))
}

/// A title's three-word phrases, folded: a shared one names the same
/// matter even in common words (`samverkan för bästa skola`).
fn title_phrases(title: &str) -> Vec<Word> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold_name)
        .collect();
    // Three words of which none names a matter are a title's wording
    // (`att göra till`), not a name for a matter.
    words
        .windows(3)
        .filter(|w| w.iter().any(|word| !matter_terms(word).is_empty()))
        .map(|w| Word {
            term: w.join(" "),
            surface: w.join(" "),
            written: Written::Lowercase,
        })
        .collect()
}

/// Threads `items` (in meeting order) into topics of two meetings or more.
/// `unlinked` holds item pairs a user has separated.
pub fn threads(items: &[ItemRow], unlinked: &HashSet<(i64, i64)>, lexicon: &Lexicon) -> Vec<Topic> {
    let mut vocabulary = Vocabulary::default();
    // Per word: times said outright, and times inside a compound.
    type Counts = BTreeMap<usize, (u32, u32)>;
    let raw: Vec<(Counts, Counts)> = items
        .iter()
        .map(|item| {
            let mut count = |words: Vec<Word>| {
                let mut counts = Counts::new();
                for word in words {
                    counts.entry(vocabulary.id(word, lexicon)).or_default().0 += 1;
                }
                counts
            };
            let mut title_words = topic_words(&item.title);
            title_words.extend(title_phrases(&item.title));
            (count(title_words), count(topic_words(&item.text)))
        })
        .collect();
    let count_uses = |raw: &[(Counts, Counts)], words: usize| {
        let mut uses = vec![0usize; words];
        for (title, text) in raw {
            for id in title
                .keys()
                .chain(text.keys().filter(|id| !title.contains_key(id)))
            {
                uses[*id] += 1;
            }
        }
        uses
    };
    let canonical = vocabulary.spellings(&count_uses(&raw, vocabulary.surfaces.len()));
    let heads = vocabulary.heads();
    let normalise = |counts: Counts| {
        let mut out = Counts::new();
        for (id, (said, _)) in counts {
            let id = canonical[id];
            out.entry(id).or_default().0 += said;
            for &head in &heads[id] {
                out.entry(head).or_default().1 += said;
            }
        }
        out
    };
    let raw: Vec<(Counts, Counts)> = raw
        .into_iter()
        .map(|(title, text)| (normalise(title), normalise(text)))
        .collect();
    let uses = count_uses(&raw, vocabulary.surfaces.len());
    let is_name = vocabulary.names(&canonical);
    let bodies = BodyClasses::new(items);
    let standing = standing_items(items, &bodies);
    let total = items.len() as f64;
    let weight = |id: usize| (total / uses[id] as f64).ln() * vocabulary.distinctiveness(id);
    let profiles: Vec<Profile> = raw
        .into_iter()
        .zip(items)
        .zip(standing)
        .map(|(((title, text), item), standing)| {
            let names: Vec<usize> = title
                .iter()
                .filter(|&(&id, &(said, _))| said > 0 && is_name[id])
                .map(|(&id, _)| id)
                .collect();
            // A title naming no matter (`Nästa möte`, `Åtgärder`) or one
            // most meetings carry (`Ekonomi`) is a procedural point: it
            // heads no topic and joins none.
            // A word no other item uses tells nothing about which items
            // share the matter: it is left out of what must be explained.
            let title: Vec<(usize, f64, bool)> = title
                .into_iter()
                .filter(|_| !standing)
                .filter(|&(id, _)| uses[id] >= 2)
                .map(|(id, (said, _))| (id, weight(id), said > 0))
                .filter(|&(_, weight, _)| weight > 0.0)
                .collect();
            let mass = title.iter().map(|(_, w, _)| w).sum();
            let bag: Vec<(usize, f64)> = if title.is_empty() {
                Vec::new()
            } else {
                text.keys()
                    .chain(title.iter().map(|(id, _, _)| id))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .map(|&id| {
                        let places = title.iter().any(|&(t, _, _)| t == id) as u8
                            + text.contains_key(&id) as u8;
                        (id, f64::from(places) * weight(id))
                    })
                    .filter(|&(_, w)| w > 0.0)
                    .collect()
            };
            let norm = bag.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            let head = title
                .iter()
                .max_by(|x, y| x.1.total_cmp(&y.1))
                .map(|&(id, _, _)| id);
            Profile {
                title,
                mass,
                head,
                text_words: item.text.split_whitespace().count(),
                bag,
                norm,
                text: text.into_iter().map(|(id, (said, _))| (id, said)).collect(),
                names,
            }
        })
        .collect();

    let pairs = close_pairs(items, &bodies, &profiles, unlinked);
    let groups = join(items, &profiles, unlinked, pairs);
    let mut topics: Vec<Topic> = groups
        .into_iter()
        .filter(|members| {
            members
                .iter()
                .map(|&m| items[m].meeting_id)
                .collect::<BTreeSet<_>>()
                .len()
                >= 2
        })
        .map(|members| topic(items, &profiles, &vocabulary, members))
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

/// Item pairs of one body, in different meetings, at least
/// `LINK_SIMILARITY` close: (similarity, earlier, later).
fn close_pairs(
    items: &[ItemRow],
    bodies: &BodyClasses<'_>,
    profiles: &[Profile],
    unlinked: &HashSet<(i64, i64)>,
) -> Vec<(f64, usize, usize)> {
    let words = profiles
        .iter()
        .flat_map(|p| {
            p.title
                .iter()
                .map(|&(id, _, _)| id)
                .chain(p.text.iter().map(|&(id, _)| id))
        })
        .max()
        .map_or(0, |id| id + 1);
    // Items by title word, and by any word.
    let mut in_titles: Vec<Vec<usize>> = vec![Vec::new(); words];
    let mut anywhere: Vec<Vec<usize>> = vec![Vec::new(); words];
    for (index, profile) in profiles.iter().enumerate() {
        for &(id, _, _) in &profile.title {
            in_titles[id].push(index);
            anywhere[id].push(index);
        }
        for &(id, _) in &profile.text {
            if anywhere[id].last() != Some(&index) {
                anywhere[id].push(index);
            }
        }
    }
    // A word in more items than a matter could span is the archive's
    // vocabulary: it adds to closeness but finds no candidates.
    let max_postings = (items.len() / 50).max(50);
    let mut pairs = Vec::new();
    let mut seen = HashSet::new();
    for (b, item) in items.iter().enumerate() {
        seen.clear();
        let profile = &profiles[b];
        let candidates = profile
            .title
            .iter()
            .map(|&(id, _, _)| &anywhere[id])
            .chain(
                profile
                    .title
                    .iter()
                    .map(|&(id, _, _)| id)
                    .chain(profile.text.iter().map(|&(id, _)| id))
                    .map(|id| &in_titles[id]),
            )
            .filter(|postings| postings.len() <= max_postings)
            .flat_map(|postings| postings.iter().copied().take_while(|&a| a < b));
        for a in candidates {
            if !seen.insert(a) {
                continue;
            }
            let other = &items[a];
            if other.meeting_id == item.meeting_id
                || !bodies.same(other.body.as_deref(), item.body.as_deref())
                || unlinked.contains(&unlink_key(other, item))
            {
                continue;
            }
            let close = similarity(&profiles[a], profile);
            if close >= LINK_SIMILARITY {
                pairs.push((close, a, b));
            }
        }
    }
    pairs
}

/// Whether each item's title is one its body's meetings carry again and
/// again (`Att göra till nästa gång`, `Ekonomi`): at least
/// `STANDING_MEETINGS` of them and one in `STANDING_SHARE`.
fn standing_items(items: &[ItemRow], bodies: &BodyClasses<'_>) -> Vec<bool> {
    let mut meetings: HashMap<Option<usize>, HashSet<i64>> = HashMap::new();
    let mut carrying: HashMap<(Option<usize>, String), HashSet<i64>> = HashMap::new();
    let keys: Vec<(Option<usize>, String)> = items
        .iter()
        .map(|item| {
            let key = (bodies.of(item.body.as_deref()), standing_key(&item.title));
            meetings.entry(key.0).or_default().insert(item.meeting_id);
            carrying
                .entry(key.clone())
                .or_default()
                .insert(item.meeting_id);
            key
        })
        .collect();
    keys.iter()
        .map(|key| {
            let carried = carrying[key].len();
            carried >= STANDING_MEETINGS && carried * STANDING_SHARE >= meetings[&key.0].len()
        })
        .collect()
}

/// Whether two groups of items are about different places or people:
/// each has a title naming someone or somewhere the other never mentions
/// (`… på Tallbackaskolan` and `… på Norrviksskolan`).
fn name_conflict(profiles: &[Profile], a: &[usize], b: &[usize]) -> bool {
    let foreign_name = |ours: &[usize], theirs: &[usize]| {
        ours.iter()
            .flat_map(|&x| &profiles[x].names)
            .any(|&name| theirs.iter().all(|&y| !profiles[y].says(name)))
    };
    foreign_name(a, b) && foreign_name(b, a)
}

/// Average-linkage clustering over the close pairs, closest first.
fn join(
    items: &[ItemRow],
    profiles: &[Profile],
    unlinked: &HashSet<(i64, i64)>,
    mut pairs: Vec<(f64, usize, usize)>,
) -> Vec<Vec<usize>> {
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut group_of: Vec<usize> = (0..items.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..items.len()).map(|i| vec![i]).collect();
    for (_, a, b) in pairs {
        let (ga, gb) = (group_of[a], group_of[b]);
        if ga == gb {
            continue;
        }
        let mut sum = 0.0;
        let mut separated = false;
        'pairs: for &x in &groups[ga] {
            for &y in &groups[gb] {
                if unlinked.contains(&unlink_key(&items[x], &items[y])) {
                    separated = true;
                    break 'pairs;
                }
                sum += similarity(&profiles[x], &profiles[y]);
            }
        }
        let average = sum / (groups[ga].len() * groups[gb].len()) as f64;
        if separated
            || average < JOIN_SIMILARITY
            || name_conflict(profiles, &groups[ga], &groups[gb])
        {
            continue;
        }
        let (into, from) = if groups[ga].len() >= groups[gb].len() {
            (ga, gb)
        } else {
            (gb, ga)
        };
        let moved = std::mem::take(&mut groups[from]);
        for &member in &moved {
            group_of[member] = into;
        }
        groups[into].extend(moved);
    }
    groups.retain(|group| group.len() >= 2);
    groups
}

/// A group of items as a topic: its timeline, each item with the closest
/// earlier item and the words they share.
fn topic(
    items: &[ItemRow],
    profiles: &[Profile],
    vocabulary: &Vocabulary,
    mut members: Vec<usize>,
) -> Topic {
    // Items come in meeting order, undated meetings last.
    members.sort_unstable();
    let reason = |at: usize| {
        let member = members[at];
        let closeness = |x: usize| similarity(&profiles[x], &profiles[member]);
        let Some(closest) = members[..at]
            .iter()
            .copied()
            .max_by(|&x, &y| closeness(x).total_cmp(&closeness(y)))
        else {
            return (EARLIEST.0.to_string(), EARLIEST.1.to_string());
        };
        // The words of whichever title the other item explains better.
        let (doc, query) = if profiles[closest].explains(&profiles[member])
            >= profiles[member].explains(&profiles[closest])
        {
            (&profiles[closest], &profiles[member])
        } else {
            (&profiles[member], &profiles[closest])
        };
        // Words the title says outright: a compound's first part would
        // only repeat its compound.
        let outright = |id: usize| query.title.iter().any(|&(t, _, said)| t == id && said);
        let mut shared: Vec<(usize, f64)> = doc
            .explained(query)
            .filter(|&(id, _)| outright(id))
            .collect();
        shared.sort_by(|x, y| y.1.total_cmp(&x.1));
        let words: Vec<String> = shared
            .iter()
            .take(3)
            .map(|&(id, _)| format!("“{}”", vocabulary.surfaces[id]))
            .collect();
        let other = &items[closest];
        (
            format!(
                "shares {} with “{}” ({})",
                words.join(", "),
                other.title.trim(),
                other.date.as_deref().unwrap_or("undated")
            ),
            format!(
                "delar {} med ”{}” ({})",
                words.join(", "),
                other.title.trim(),
                other.date.as_deref().unwrap_or("odaterad")
            ),
        )
    };
    let title = members
        .iter()
        .map(|&m| items[m].title.trim())
        .min_by_key(|title| title.chars().count())
        .unwrap_or_default()
        .to_string();
    Topic {
        id: items[members[0]].id,
        title,
        items: (0..members.len())
            .map(|at| {
                let item = &items[members[at]];
                let (reason, reason_sv) = reason(at);
                TopicItem {
                    item_id: item.id,
                    meeting_id: item.meeting_id,
                    date: item.date.clone(),
                    body: item.body.clone(),
                    title: item.title.clone(),
                    reason,
                    reason_sv,
                }
            })
            .collect(),
    }
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
        // Matters that come up once, as most do.
        let others = [
            "Budgetvolymer 2021",
            "Lokalförsörjning",
            "Familjecentraler",
            "Utfall skolval",
            "Demokrati 100 år",
            "Uppföljningssamtal nyanlända",
            "Kompetensförsörjning",
            "Elevcentrerat ledarskap",
            "Digitala verktyg",
            "Studie- och yrkesvägledning",
        ];
        let items: Vec<ItemRow> = items
            .into_iter()
            .chain(
                others
                    .iter()
                    .zip(10..)
                    .map(|(title, id)| item(id, id, Some("2022-01-01"), title)),
            )
            .collect();
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

    #[test]
    fn titles_naming_different_places_are_different_matters_and_standing_titles_none() {
        let lexicon = Lexicon::embedded().unwrap();
        let said = |id: i64, meeting: i64, title: &str, text: &str| ItemRow {
            text: text.into(),
            ..item(id, meeting, Some("2023-01-01"), title)
        };
        let mut items = vec![
            said(
                1,
                1,
                "Förstudie om lovskola på Tallbackaskolan",
                "Lovskolan på Tallbackaskolan.",
            ),
            said(
                2,
                3,
                "Förstudie om lovskola på Tallbackaskolan – lägesrapport",
                "Lovskolan på Tallbackaskolan.",
            ),
            said(
                3,
                5,
                "Förstudie om lovskola på Norrviksskolan",
                "Lovskolan på Norrviksskolan.",
            ),
            said(
                4,
                7,
                "Förstudie om lovskola på Norrviksskolan – lägesrapport",
                "Lovskolan på Norrviksskolan.",
            ),
        ];
        // Every third meeting goes through the school voucher forecast; the
        // others' points are one-offs.
        for meeting in 1..=60 {
            if meeting % 3 == 0 {
                items.push(said(100 + meeting, meeting, "Skolpengsprognos", ""));
            }
            items.extend((0..4).map(|n| said(1000 + meeting * 4 + n, meeting, "Punkt", "")));
        }
        let topics = threads(&items, &HashSet::new(), &lexicon);
        assert_eq!(topic_of(&topics, 1), topic_of(&topics, 2), "{topics:#?}");
        assert_eq!(topic_of(&topics, 3), topic_of(&topics, 4), "{topics:#?}");
        assert!(topic_of(&topics, 1).is_some());
        assert_ne!(topic_of(&topics, 1), topic_of(&topics, 3), "{topics:#?}");
        assert!(
            (103..=160).all(|id| topic_of(&topics, id).is_none()),
            "{topics:#?}"
        );
    }

    #[test]
    fn a_phrase_names_a_matter_only_with_a_matter_word_in_it() {
        let phrases = |title: &str| -> Vec<String> {
            title_phrases(title).into_iter().map(|w| w.term).collect()
        };
        assert!(phrases("Att göra till nästa gång").is_empty());
        assert!(phrases("Samverkan för bästa skola").contains(&"samverkan for basta".to_string()));
    }

    #[test]
    fn an_acronym_compound_is_one_word_and_its_bare_noun_refers_back_to_it() {
        let terms =
            |text: &str| -> Vec<String> { topic_words(text).into_iter().map(|w| w.term).collect() };
        let found = terms("Hur ska VP-uppdraget förändra mötet? Vem gör vad i uppdraget?");
        assert_eq!(
            found.iter().filter(|t| *t == "vp-uppdrag").count(),
            2,
            "{found:?}"
        );
        // The bare noun says the acronym too, once per mention.
        assert_eq!(found.iter().filter(|t| *t == "vp").count(), 2, "{found:?}");
        assert!(terms("VP uppdragen – prioriteringar").contains(&"vp-uppdrag".to_string()));
        // A lone acronym or code is a word of its own; `LG och SG` joins nothing.
        let found = terms("Styrgrupp H22 med LG och SG");
        assert!(found.contains(&"h22".to_string()), "{found:?}");
        assert!(!found.iter().any(|t| t.starts_with("lg-")), "{found:?}");
    }
}
