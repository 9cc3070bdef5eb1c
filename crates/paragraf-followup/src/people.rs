//! One person per human: the names minutes write ("Tony Mufic", "Tony",
//! "TM", an OCR-damaged "Tony Mufie") resolved to people.
//!
//! Rules, in order, each stricter than a guess:
//! 1. Full names (two words or more) with the same folded spelling are one
//!    person.
//! 2. Two full names that differ by OCR-sized damage (each word within one
//!    edit, two in all, same initials) are one person if no meeting names
//!    both; the spelling written most often (diacritics win a tie, as OCR
//!    loses them) names the person.
//! 3. Initials (`TM`, `MBH`, or an attendee's stated initials) and lone
//!    first names resolve to the one person they fit among the meeting's
//!    own people; initials also to the one person anywhere who states them
//!    as theirs. When two fit, or none, the name stays unresolved.
//! 4. Manual merges and splits are applied last and win.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A name as one meeting writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub meeting: i64,
    /// As written, after the parser's own expansion within the document.
    pub name: String,
    /// Initials the minutes state beside the name (`Tony Mufic (TM)`).
    pub initials: Option<String>,
}

/// A human across meetings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The spelling that names the person.
    pub name: String,
    /// Every written form resolved to this person, folded.
    pub names: BTreeSet<String>,
    pub initials: Option<String>,
    /// False for a short name (`Maria`, `VC`) that fits no one, or several.
    pub resolved: bool,
}

/// A manual correction of the automatic resolution, keyed by folded names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Override {
    /// `name` is the same human as `into`.
    Merge { name: String, into: String },
    /// `name` is not the human it was resolved to.
    Split { name: String },
}

/// People and, for each mention, its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub people: Vec<Person>,
    /// Index into `people`, one per mention, in the mentions' order.
    pub person_of: Vec<usize>,
}

/// Lowercase, diacritics off, whitespace and hyphens single spaces.
pub fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() {
            continue;
        }
        if !folded.is_empty() {
            folded.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            folded.push(match c {
                'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
                'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ü' | 'ú' => 'u',
                'í' | 'ï' => 'i',
                other => other,
            });
        }
    }
    folded
}

fn is_full_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// `TM`, `MBH`: two to four capitals and nothing else.
fn as_initials(name: &str) -> Option<String> {
    let name = name.trim();
    let count = name.chars().count();
    ((2..=4).contains(&count) && name.chars().all(|c| c.is_uppercase())).then(|| name.to_string())
}

fn initials_of(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether two folded full names differ only as OCR damages a name.
fn ocr_variants(a: &str, b: &str) -> bool {
    let (a_words, b_words): (Vec<&str>, Vec<&str>) =
        (a.split(' ').collect(), b.split(' ').collect());
    if a == b || a_words.len() != b_words.len() {
        return false;
    }
    let mut total = 0;
    for (x, y) in a_words.iter().zip(&b_words) {
        if x.chars().next() != y.chars().next() {
            return false;
        }
        let distance = strsim::levenshtein(x, y);
        // A short word has too little to tell a typo from another name.
        if distance > 1 || (distance == 1 && x.chars().count().min(y.chars().count()) < 5) {
            return false;
        }
        total += distance;
    }
    total <= 2
}

/// Resolves `mentions` to people, then applies `overrides`.
pub fn resolve(mentions: &[Mention], overrides: &[Override]) -> Resolution {
    // Rule 1: a cluster per folded full name.
    let mut cluster_of_name: BTreeMap<String, usize> = BTreeMap::new();
    for mention in mentions.iter().filter(|m| is_full_name(&m.name)) {
        let next = cluster_of_name.len();
        cluster_of_name
            .entry(fold_name(&mention.name))
            .or_insert(next);
    }
    let names: Vec<String> = {
        let mut names = vec![String::new(); cluster_of_name.len()];
        for (name, &cluster) in &cluster_of_name {
            names[cluster] = name.clone();
        }
        names
    };
    let mut union = UnionFind::new(names.len());

    // Rule 2: OCR variants that never meet.
    let mut meetings_of: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); names.len()];
    for mention in mentions.iter().filter(|m| is_full_name(&m.name)) {
        meetings_of[cluster_of_name[&fold_name(&mention.name)]].insert(mention.meeting);
    }
    // Only names with the same initials can be variants: compare within
    // those buckets, not every pair.
    let mut by_initials: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, name) in names.iter().enumerate() {
        by_initials
            .entry(initials_of(name))
            .or_default()
            .push(index);
    }
    for bucket in by_initials.values() {
        for (at, &a) in bucket.iter().enumerate() {
            for &b in &bucket[at + 1..] {
                if ocr_variants(&names[a], &names[b]) && meetings_of[a].is_disjoint(&meetings_of[b])
                {
                    union.join(a, b);
                }
            }
        }
    }

    // Rule 4, merges: the named full names are one.
    for o in overrides {
        if let Override::Merge { name, into } = o
            && let (Some(&a), Some(&b)) = (cluster_of_name.get(name), cluster_of_name.get(into))
        {
            union.join(a, b);
        }
    }
    // Splits: a name that was joined by rule 2 stands alone again.
    let split: BTreeSet<&str> = overrides
        .iter()
        .filter_map(|o| match o {
            Override::Split { name } => Some(name.as_str()),
            Override::Merge { .. } => None,
        })
        .collect();

    let mut people: Vec<Person> = Vec::new();
    let mut person_of_cluster: HashMap<usize, usize> = HashMap::new();
    let mut split_person: HashMap<usize, usize> = HashMap::new();
    for (cluster, name) in names.iter().enumerate() {
        let index = if split.contains(name.as_str()) {
            *split_person.entry(cluster).or_insert_with(|| {
                people.push(empty_person());
                people.len() - 1
            })
        } else {
            *person_of_cluster
                .entry(union.root(cluster))
                .or_insert_with(|| {
                    people.push(empty_person());
                    people.len() - 1
                })
        };
        people[index].names.insert(name.clone());
    }
    let person_of_full = |name: &str| -> usize {
        let cluster = cluster_of_name[&fold_name(name)];
        if split.contains(names[cluster].as_str()) {
            split_person[&cluster]
        } else {
            person_of_cluster[&union.root(cluster)]
        }
    };

    // The written spelling and stated initials of each person.
    let mut spellings: Vec<HashMap<&str, usize>> = vec![HashMap::new(); people.len()];
    for mention in mentions.iter().filter(|m| is_full_name(&m.name)) {
        let person = person_of_full(&mention.name);
        *spellings[person].entry(mention.name.trim()).or_default() += 1;
        if let Some(initials) = &mention.initials {
            people[person]
                .initials
                .get_or_insert_with(|| initials.clone());
        }
    }
    for (person, spellings) in people.iter_mut().zip(&spellings) {
        person.name = spellings
            .iter()
            .max_by_key(|(spelling, count)| {
                (**count, !spelling.is_ascii(), std::cmp::Reverse(**spelling))
            })
            .map(|(spelling, _)| spelling.to_string())
            .unwrap_or_default();
        person.resolved = true;
    }

    // Rule 3: short names, by the meeting's people first.
    let mut in_meeting: HashMap<i64, BTreeSet<usize>> = HashMap::new();
    for mention in mentions.iter().filter(|m| is_full_name(&m.name)) {
        in_meeting
            .entry(mention.meeting)
            .or_default()
            .insert(person_of_full(&mention.name));
    }
    // Beyond the meeting's own people only initials someone states as
    // theirs are specific enough; a first name could be anyone's.
    let stating: BTreeSet<usize> = (0..people.len())
        .filter(|&p| people[p].initials.is_some())
        .collect();
    // A short name: its initials, or its folded first name.
    let fits = |person: &Person, initials: Option<&str>, folded: &str| -> bool {
        match initials {
            Some(initials) => {
                person.initials.as_deref() == Some(initials)
                    || (person.initials.is_none() && initials_of(&person.name) == initials)
            }
            None => person
                .names
                .iter()
                .any(|name| name.split(' ').next() == Some(folded)),
        }
    };
    let mut unresolved: BTreeMap<String, usize> = BTreeMap::new();
    let mut person_of = Vec::with_capacity(mentions.len());
    for mention in mentions {
        if is_full_name(&mention.name) {
            person_of.push(person_of_full(&mention.name));
            continue;
        }
        let empty = BTreeSet::new();
        let local = in_meeting.get(&mention.meeting).unwrap_or(&empty);
        let initials = as_initials(&mention.name);
        let folded = fold_name(&mention.name);
        let fit = |p: usize| fits(&people[p], initials.as_deref(), &folded);
        let only_fit = |pool: &BTreeSet<usize>| -> Option<usize> {
            let mut fitting = pool.iter().filter(|&&p| fit(p));
            match (fitting.next(), fitting.next()) {
                (Some(&p), None) => Some(p),
                _ => None,
            }
        };
        let found = only_fit(local).or_else(|| {
            let none_local = !local.iter().any(|&p| fit(p));
            (none_local && initials.is_some())
                .then(|| only_fit(&stating))
                .flatten()
        });
        let index = match found {
            Some(person) => {
                people[person].names.insert(folded);
                person
            }
            None => *unresolved.entry(folded.clone()).or_insert_with(|| {
                people.push(Person {
                    name: mention.name.trim().to_string(),
                    names: BTreeSet::from([folded]),
                    initials: as_initials(&mention.name),
                    resolved: false,
                });
                people.len() - 1
            }),
        };
        person_of.push(index);
    }
    Resolution { people, person_of }
}

fn empty_person() -> Person {
    Person {
        name: String::new(),
        names: BTreeSet::new(),
        initials: None,
        resolved: true,
    }
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(size: usize) -> Self {
        UnionFind((0..size).collect())
    }

    fn root(&self, mut at: usize) -> usize {
        while self.0[at] != at {
            at = self.0[at];
        }
        at
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The lower index stays the root, so results do not depend on order.
        let (low, high) = (a.min(b), a.max(b));
        self.0[high] = low;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(meeting: i64, name: &str) -> Mention {
        Mention {
            meeting,
            name: name.to_string(),
            initials: None,
        }
    }

    fn person_named<'r>(
        resolution: &'r Resolution,
        mentions: &[Mention],
        name: &str,
    ) -> &'r Person {
        let index = mentions.iter().position(|m| m.name == name).unwrap();
        &resolution.people[resolution.person_of[index]]
    }

    #[test]
    fn full_names_initials_first_names_and_ocr_damage_are_one_person() {
        let mentions = vec![
            Mention {
                initials: Some("LE".into()),
                ..mention(1, "Lila Ericsson")
            },
            mention(1, "Tony Mufic"),
            mention(2, "Lila Ericsson"),
            mention(2, "LE"),
            mention(3, "Lila Ericssou"),
            mention(3, "Lila"),
            mention(4, "Lila Ericsson"),
        ];
        let resolution = resolve(&mentions, &[]);
        let lila = resolution.person_of[0];
        for index in [2, 3, 4, 5, 6] {
            assert_eq!(resolution.person_of[index], lila, "{:?}", mentions[index]);
        }
        let person = &resolution.people[lila];
        assert_eq!(person.name, "Lila Ericsson");
        assert_eq!(person.initials.as_deref(), Some("LE"));
        assert_ne!(resolution.person_of[1], lila);
    }

    #[test]
    fn two_people_named_in_one_meeting_are_two_however_alike() {
        let mentions = vec![mention(1, "Maria Holm"), mention(1, "Maria Holt")];
        let resolution = resolve(&mentions, &[]);
        assert_ne!(resolution.person_of[0], resolution.person_of[1]);
    }

    #[test]
    fn an_ambiguous_short_name_stays_unresolved() {
        let mentions = vec![
            mention(1, "Maria Holm"),
            mention(1, "Maria Boman Hansson"),
            mention(1, "Maria"),
        ];
        let resolution = resolve(&mentions, &[]);
        let maria = person_named(&resolution, &mentions, "Maria");
        assert!(!maria.resolved);
        assert_eq!(maria.name, "Maria");
    }

    #[test]
    fn a_first_name_is_not_given_to_someone_from_another_meeting() {
        let mentions = vec![
            mention(1, "Cecilia Wickenberg Rosengren"),
            mention(2, "Cecilia"),
        ];
        let resolution = resolve(&mentions, &[]);
        assert!(!resolution.people[resolution.person_of[1]].resolved);
    }

    #[test]
    fn the_meetings_own_people_decide_before_everyone() {
        let mentions = vec![
            mention(1, "Karin Gerken"),
            mention(2, "Karin Blom"),
            mention(2, "Karin"),
        ];
        let resolution = resolve(&mentions, &[]);
        assert_eq!(
            person_named(&resolution, &mentions, "Karin").name,
            "Karin Blom"
        );
    }

    #[test]
    fn diacritics_win_a_tie_between_spellings() {
        let mentions = vec![
            mention(1, "Dennis Hjelmstrom"),
            mention(2, "Dennis Hjelmström"),
        ];
        let resolution = resolve(&mentions, &[]);
        assert_eq!(resolution.person_of[0], resolution.person_of[1]);
        assert_eq!(
            resolution.people[resolution.person_of[0]].name,
            "Dennis Hjelmström"
        );
    }

    #[test]
    fn manual_merges_and_splits_win() {
        let mentions = vec![
            mention(1, "Anna Lindqvist"),
            mention(2, "Anna Lindqvlst"),
            mention(3, "Anna Berg Lindqvist"),
        ];
        let automatic = resolve(&mentions, &[]);
        assert_eq!(automatic.person_of[0], automatic.person_of[1]);
        assert_ne!(automatic.person_of[0], automatic.person_of[2]);
        let corrected = resolve(
            &mentions,
            &[
                Override::Split {
                    name: "anna lindqvlst".into(),
                },
                Override::Merge {
                    name: "anna berg lindqvist".into(),
                    into: "anna lindqvist".into(),
                },
            ],
        );
        assert_ne!(corrected.person_of[0], corrected.person_of[1]);
        assert_eq!(corrected.person_of[0], corrected.person_of[2]);
    }
}
