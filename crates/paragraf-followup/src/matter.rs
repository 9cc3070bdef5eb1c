//! Whether a later item is about the same matter as an earlier point: the
//! words that carry a matter, and the links they justify, with the reason
//! shown to the user.

use std::collections::{BTreeSet, HashMap};

use paragraf_store::ItemRow;

use crate::people::fold_name as fold;

/// Words that say nothing about which matter a point is about.
const GENERIC: &[&str] = &[
    // An action list's heading names no matter (`Åtgärder`, `Att göra`).
    "atgarder",
    "atgard",
    "uppgifter",
    // The wording of protocols and of follow-up itself.
    "sammantrade",
    "forvaltningen",
    "uppdrag",
    "uppfoljning",
    "folja",
    "foljer",
    "sammanstalla",
    "senast",
    "hosten",
    "varen",
    "lasaret",
    "aven",
    "alla",
    "andra",
    "arbete",
    "arbetet",
    "bakgrund",
    "beslut",
    "beslutade",
    "behov",
    "darfor",
    "dessa",
    "detta",
    "eller",
    "efter",
    "enligt",
    "finns",
    "fraga",
    "fragan",
    "fram",
    "frageställningar",
    "forra",
    "foregaende",
    "genom",
    "gruppen",
    "information",
    "informerade",
    "inom",
    "kommer",
    "kring",
    "ledningsgruppen",
    "mellan",
    "mote",
    "motet",
    "nasta",
    "nagot",
    "namnden",
    "redovisade",
    "samt",
    "sedan",
    "skall",
    "skulle",
    "sina",
    "under",
    "utifran",
    "vilka",
    "vilket",
    "aterkoppling",
    "aterkopplar",
    "aterkomma",
    "aterkommer",
    "ovrigt",
    "punkten",
    "lyfta",
    "diskuterades",
    "diskussion",
    "dialog",
    "tillsammans",
    "uppdraget",
];

/// The stem a word is compared by: Snowball's Swedish stemmer, then
/// folded, so an OCR-lost diacritic does not part two forms.
pub fn stem(word: &str) -> String {
    static SWEDISH: std::sync::LazyLock<frostem::Stemmer> =
        std::sync::LazyLock::new(|| frostem::Stemmer::new(frostem::Algorithm::Swedish));
    fold(&SWEDISH.stem(&word.to_lowercase()))
}

/// Whether a folded word or a stem is one of the `GENERIC` words, in any
/// form (the list holds words; their stems are compared too).
fn is_generic(folded: &str) -> bool {
    static STEMS: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| {
            GENERIC
                .iter()
                .flat_map(|word| [word.to_string(), stem(word)])
                .collect()
        });
    STEMS.contains(folded)
}

/// Terms of `a` that `b` has: the same stem, or one a prefix of the other
/// of at least seven letters (`samverkansprojek` / `samverkansprojektet`,
/// `brandskydd` / `brandskyddsarbete`: Snowball keeps some endings, and
/// Swedish compounds grow at the end).
pub fn shared_terms<'t>(a: &'t BTreeSet<String>, b: &BTreeSet<String>) -> Vec<&'t String> {
    let prefix_of = |short: &str, long: &str| short.chars().count() >= 7 && long.starts_with(short);
    a.iter()
        .filter(|term| {
            b.contains(*term)
                || b.range(term.to_string()..)
                    .next()
                    .is_some_and(|longer| prefix_of(term, longer))
                || b.range(..term.to_string())
                    .next_back()
                    .is_some_and(|shorter| prefix_of(shorter, term))
        })
        .collect()
}

/// The stems that carry a matter: words of five letters or more, not generic.
pub fn matter_terms(text: &str) -> BTreeSet<String> {
    // Minutes repeat their words; stemming each distinct word once is
    // most of the cost of following up a large archive.
    thread_local! {
        static TERMS: std::cell::RefCell<HashMap<String, Option<String>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    TERMS.with_borrow_mut(|known| {
        if known.len() > 200_000 {
            known.clear();
        }
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.chars().count() >= 5 && word.chars().any(char::is_alphabetic))
            .filter_map(|word| {
                if let Some(term) = known.get(word) {
                    return term.clone();
                }
                // Short stems (`sen`, `host`) could be anything.
                let term = Some(word)
                    .filter(|word| !is_generic(&fold(word)))
                    .map(stem)
                    .filter(|stem| stem.chars().count() >= 5 && !is_generic(stem));
                known.insert(word.to_string(), term.clone());
                term
            })
            .collect()
    })
}

/// A title as it recurs from meeting to meeting: folded, without numbers
/// and dates (`Ekonomi – utfall mars 2021` and `… april 2021` are one).
pub fn standing_key(title: &str) -> String {
    fold(title)
        .split(' ')
        .filter(|word| !word.chars().any(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A later item that shows what became of a point, and why it was linked.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub meeting_id: i64,
    pub date: Option<String>,
    pub item_id: i64,
    pub item_title: String,
    pub reason: String,
    /// The same in Swedish, for the web pages.
    pub reason_sv: String,
}

/// Folded word beginnings of a title that reports back on earlier points.
const REPORT_BACK: &[&str] = &[
    "aterkoppl",
    "aterrapport",
    "uppfoljning",
    "lagesrapport",
    "redovisning",
    "fortsatt",
];

/// How many meetings after a point its follow-up is looked for.
pub const FOLLOW_UP_MEETINGS: usize = 3;
/// And within how long: a matter taken up again after a year is a new one
/// (or a topic, which threads items over any span).
pub const FOLLOW_UP_DAYS: i32 = 400;
/// How much shared vocabulary links two points: the sum of the shared
/// terms' inverse document frequencies (ln(items ÷ items with the term)),
/// so two rare words link and three common ones do not.
const LINK_WEIGHT: f64 = 3.0;

/// A point (an action or a decision) to follow.
pub struct Point<'a> {
    pub meeting_id: i64,
    pub date: Option<&'a str>,
    pub body: Option<&'a str>,
    /// The point's own words and its item's title.
    pub terms: BTreeSet<String>,
    /// The point's own words only. When it has two or more, a link must
    /// share one of them: an action list read under the last agenda point
    /// would otherwise take that point's matter from its title.
    pub own_terms: BTreeSet<String>,
    /// A date the point was scheduled for (`läggs in på mötet den 23 mars`).
    pub scheduled: Option<&'a str>,
}

/// Every item with its terms, and how common each term is.
pub struct Matters<'a> {
    items: &'a [ItemRow],
    title_terms: Vec<BTreeSet<String>>,
    terms: Vec<BTreeSet<String>>,
    items_with: HashMap<String, usize>,
    /// Dated meetings, by date: (date, meeting, body class).
    meetings: Vec<(&'a str, i64, Option<usize>)>,
    /// Each meeting's item indexes.
    items_of: HashMap<i64, Vec<usize>>,
    /// Whether each item's title says it follows something up.
    reports_back: Vec<bool>,
    body_class: BodyClasses<'a>,
}

impl<'a> Matters<'a> {
    /// `items` in meeting order.
    pub fn new(items: &'a [ItemRow]) -> Matters<'a> {
        let title_terms: Vec<BTreeSet<String>> =
            items.iter().map(|item| matter_terms(&item.title)).collect();
        let terms: Vec<BTreeSet<String>> = items
            .iter()
            .zip(&title_terms)
            .map(|(item, title)| {
                title
                    .iter()
                    .cloned()
                    .chain(matter_terms(&item.text))
                    .collect()
            })
            .collect();
        let mut items_with: HashMap<String, usize> = HashMap::new();
        for term in terms.iter().flatten() {
            *items_with.entry(term.clone()).or_default() += 1;
        }
        let body_class = BodyClasses::new(items);
        let mut items_of: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut meetings: BTreeSet<(&str, i64, Option<usize>)> = BTreeSet::new();
        for (index, item) in items.iter().enumerate() {
            items_of.entry(item.meeting_id).or_default().push(index);
            if let Some(date) = item.date.as_deref() {
                let class = body_class.of(item.body.as_deref());
                meetings.insert((date, item.meeting_id, class));
            }
        }
        let reports_back = items
            .iter()
            .map(|item| {
                fold(&item.title)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| REPORT_BACK.iter().any(|marker| word.starts_with(marker)))
            })
            .collect();
        Matters {
            items,
            reports_back,
            title_terms,
            terms,
            items_with,
            meetings: meetings.into_iter().collect(),
            items_of,
            body_class,
        }
    }

    /// The items, in meeting order.
    pub fn items(&self) -> &'a [ItemRow] {
        self.items
    }

    fn weight(&self, term: &str) -> f64 {
        let with = self.items_with.get(term).copied().unwrap_or(1).max(1);
        (self.items.len().max(1) as f64 / with as f64).ln()
    }

    /// The items of the next `FOLLOW_UP_MEETINGS` meetings of the point's
    /// body within `FOLLOW_UP_DAYS` (and of the meeting it was scheduled
    /// for) that take up its matter.
    pub fn follow_ups(&self, point: &Point<'_>) -> Vec<Evidence> {
        let Some(date) = point.date else {
            return Vec::new();
        };
        let horizon = days_after(date, FOLLOW_UP_DAYS);
        let class = self.body_class.of(point.body);
        // A meeting or point with no body matches every body.
        let ours = |other: Option<usize>| point.body.is_none() || other.is_none() || other == class;
        let start = self.meetings.partition_point(|(d, _, _)| *d <= date);
        let later = self.meetings[start..]
            .iter()
            .filter(|(_, id, body)| *id != point.meeting_id && ours(*body));
        // In date order, so the first evidence is the earliest.
        let mut followed: Vec<i64> = later
            .clone()
            .take_while(|(d, _, _)| horizon.as_deref().is_none_or(|h| *d <= h))
            .take(FOLLOW_UP_MEETINGS)
            .map(|(_, id, _)| *id)
            .collect();
        if let Some(scheduled) = point.scheduled {
            let from = self.meetings.partition_point(|(d, _, _)| *d < scheduled);
            let on_the_day: Vec<i64> = self.meetings[from..]
                .iter()
                .take_while(|(d, _, _)| *d == scheduled)
                .filter(|(_, id, body)| *id != point.meeting_id && ours(*body))
                .map(|(_, id, _)| *id)
                .filter(|id| !followed.contains(id))
                .collect();
            followed.extend(on_the_day);
        }
        let mut evidence = Vec::new();
        let indexes = followed
            .iter()
            .flat_map(|meeting| self.items_of.get(meeting).into_iter().flatten().copied());
        for index in indexes {
            let item = &self.items[index];
            let mut shared: Vec<&String> = shared_terms(&point.terms, &self.terms[index]);
            let in_title = shared_terms(&point.terms, &self.title_terms[index]).len();
            if point.own_terms.len() >= 2
                && shared_terms(&point.own_terms, &self.terms[index]).is_empty()
            {
                continue;
            }
            let weight: f64 = shared.iter().map(|term| self.weight(term)).sum();
            let scheduled_here = item.date.is_some() && item.date.as_deref() == point.scheduled;
            // An item that says it reports back (`Återkoppling: …`,
            // `Lägesrapport om …`) needs only one title word of the point.
            let reports_back = self.reports_back[index] && in_title >= 1 && weight >= LINK_WEIGHT;
            let linked = (in_title >= 1 && shared.len() >= 2 && weight >= LINK_WEIGHT)
                || reports_back
                || (scheduled_here && in_title >= 1);
            if !linked {
                continue;
            }
            // The rarest words say best why.
            shared.sort_by(|a, b| self.weight(b).total_cmp(&self.weight(a)));
            let words = shared
                .iter()
                .take(4)
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let (reason, reason_sv) = if scheduled_here {
                (
                    format!("the meeting the point was scheduled for; shares {words}"),
                    format!("mötet punkten var planerad till; delar {words}"),
                )
            } else {
                (
                    format!("a later meeting of the same body takes up {words}"),
                    format!("ett senare möte i samma organ tar upp {words}"),
                )
            };
            evidence.push(Evidence {
                meeting_id: item.meeting_id,
                date: item.date.clone(),
                item_id: item.id,
                item_title: item.title.clone(),
                reason,
                reason_sv,
            });
        }
        evidence
    }
}

/// The ISO date `days` after `date`, or `None` when `date` is not one.
pub(crate) fn days_after(date: &str, days: i32) -> Option<String> {
    let date: jiff::civil::Date = date.parse().ok()?;
    date.checked_add(jiff::Span::new().days(days))
        .ok()
        .map(|later| later.to_string())
}

/// The bodies of an archive's items, numbered so that bodies `same_body`
/// says are one share a number: distinct bodies are few, items many.
pub struct BodyClasses<'a> {
    classes: Vec<&'a str>,
    class_of: HashMap<&'a str, usize>,
}

impl<'a> BodyClasses<'a> {
    pub fn new(items: &'a [ItemRow]) -> BodyClasses<'a> {
        let mut classes: Vec<&str> = Vec::new();
        let mut class_of: HashMap<&str, usize> = HashMap::new();
        for body in items.iter().filter_map(|item| item.body.as_deref()) {
            if class_of.contains_key(body) {
                continue;
            }
            let class = classes
                .iter()
                .position(|known| same_body(Some(known), Some(body)))
                .unwrap_or_else(|| {
                    classes.push(body);
                    classes.len() - 1
                });
            class_of.insert(body, class);
        }
        BodyClasses { classes, class_of }
    }

    /// The number of `body`, also for a body no item has; `None` for none.
    pub fn of(&self, body: Option<&str>) -> Option<usize> {
        let body = body?;
        self.class_of.get(body).copied().or_else(|| {
            self.classes
                .iter()
                .position(|known| same_body(Some(known), Some(body)))
        })
    }

    /// `same_body`, by number: a missing body matches every body.
    pub fn same(&self, a: Option<&str>, b: Option<&str>) -> bool {
        match (self.of(a), self.of(b)) {
            (Some(a), Some(b)) => a == b,
            _ => a.is_none() || b.is_none() || same_body(a, b),
        }
    }
}

/// Bodies compare folded and without spaces: OCR runs words together
/// (`Helsingborgstads`), and undated notes often name no body at all.
pub fn same_body(a: Option<&str>, b: Option<&str>) -> bool {
    let key = |body: Option<&str>| body.map(|b| fold(&b.replace(char::is_whitespace, "")));
    match (key(a), key(b)) {
        (Some(a), Some(b)) => a == b || strsim::levenshtein(&a, &b) <= 2,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_meet_and_generic_words_do_not_count() {
        assert_eq!(stem("kvalitetsrapporten"), stem("kvalitetsrapporter"));
        assert_eq!(stem("Åtgärdsplanen"), "atgardsplan");
        let terms =
            matter_terms("Punkten läggs in på LG-mötet den 23 mars om kvalitetsrapporterna");
        assert!(terms.contains("kvalitetsrapport"), "{terms:?}");
        assert!(
            !terms.iter().any(|t| t.starts_with("punkt") || t == "mote"),
            "{terms:?}"
        );
    }

    fn item(id: i64, meeting: i64, date: &str, title: &str, text: &str) -> ItemRow {
        ItemRow {
            id,
            meeting_id: meeting,
            date: Some(date.into()),
            body: Some("Ledningsgruppen".into()),
            number: None,
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_later_item_on_the_matter_is_evidence_and_an_unrelated_one_is_not() {
        let items = vec![
            item(
                1,
                1,
                "2021-02-01",
                "Kvalitetsrapporter",
                "Läs kvalitetsrapporterna.",
            ),
            item(
                2,
                2,
                "2021-03-23",
                "Avstämning av kvalitetsrapport grundskola",
                "Lila redovisade kvalitetsrapporten för grundskolan.",
            ),
            item(
                3,
                2,
                "2021-03-23",
                "Lokaler",
                "Lokalförsörjningsplanen för grundskolan.",
            ),
            item(
                4,
                9,
                "2023-01-01",
                "Kvalitetsrapport grundskola",
                "Långt senare.",
            ),
        ];
        let point = Point {
            meeting_id: 1,
            date: Some("2021-02-01"),
            body: Some("Ledningsgruppen"),
            terms: matter_terms(
                "Utvärdering av kvalitetsrapporter grundskola; punkten läggs in på mötet den 23 mars",
            ),
            own_terms: BTreeSet::new(),
            scheduled: Some("2021-03-23"),
        };
        let evidence = Matters::new(&items).follow_ups(&point);
        let linked: Vec<i64> = evidence.iter().map(|e| e.item_id).collect();
        assert!(linked.contains(&2), "{evidence:?}");
        assert!(!linked.contains(&3), "{evidence:?}");
        assert!(evidence[0].reason.contains("scheduled"), "{evidence:?}");
    }
}
