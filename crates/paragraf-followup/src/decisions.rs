//! The decisions register, and *verkställighet*: a decision that asks for
//! something to be done is followed to its execution and report-back.

use paragraf_store::{DecisionRow, ItemRow};
use serde::Serialize;

use crate::matter::{Evidence, Matters, Point, matter_terms};
use crate::people::fold_name;

/// Where a decision that asks for something stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Execution {
    /// Asks for nothing to be done (noted, informed, a choice made).
    NothingToExecute,
    Open,
    /// A later meeting takes the matter up.
    UnderWay,
    /// A later item says it has been done.
    Executed,
    /// A later item reports back on it.
    ReportedBack,
}

impl Execution {
    pub fn as_str(self) -> &'static str {
        match self {
            Execution::NothingToExecute => "nothing_to_execute",
            Execution::Open => "open",
            Execution::UnderWay => "under_way",
            Execution::Executed => "executed",
            Execution::ReportedBack => "reported_back",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRecord {
    pub id: i64,
    pub meeting_id: i64,
    pub date: Option<String>,
    pub body: Option<String>,
    pub item_number: Option<String>,
    pub item_title: String,
    pub text: String,
    pub execution: Execution,
    /// The words that made it a decision to execute, or why not.
    pub execution_reason: String,
    /// The same in Swedish, for the web pages.
    pub execution_reason_sv: String,
    pub evidence: Vec<Evidence>,
}

/// Folded word beginnings of a decision that asks for work: an assignment
/// (`uppdrar`, `ges i uppdrag`), a plan or routine adopted or introduced,
/// something to be produced, followed up or reported back.
const ASKS_FOR_WORK: &[&str] = &[
    "uppdra",
    "uppdrag",
    "infora",
    "infors",
    "antar",
    "antas",
    "anta ",
    "faststall",
    "godkann",
    "tas fram",
    "ta fram",
    "genomfor",
    "aterrapport",
    "folja upp",
    "foljs upp",
    "foljas upp",
    "utvardera",
    "revider",
    "implementer",
];
/// Words in a later item that say the work is done.
const DONE: &[&str] = &[
    "genomfort",
    "genomforts",
    "infort",
    "inforts",
    "klar",
    "antagen",
    "antogs",
];
/// Words in a later item that report back.
const REPORTED: &[&str] = &["aterrapport", "redovis", "rapporter", "uppfoljning av"];

/// Every decision with its execution, in meeting order.
pub fn register(decisions: &[DecisionRow], matters: &Matters<'_>) -> Vec<DecisionRecord> {
    let items = matters.items();
    let by_id: std::collections::HashMap<i64, &ItemRow> =
        items.iter().map(|item| (item.id, item)).collect();
    decisions
        .iter()
        .map(|decision| {
            let folded = fold_name(&decision.text);
            let words: Vec<&str> = folded.split(' ').collect();
            // `att inte genomföra`: a decision not to do something asks for nothing.
            let negated = |at: usize| at > 0 && matches!(words[at - 1], "inte" | "ej");
            let asks = ASKS_FOR_WORK.iter().find(|keyword| {
                let keyword = keyword.trim_end();
                match keyword.split_once(' ') {
                    Some((first, second)) => words.windows(2).enumerate().any(|(at, pair)| {
                        pair[0] == first && pair[1].starts_with(second) && !negated(at)
                    }),
                    None => words
                        .iter()
                        .enumerate()
                        .any(|(at, word)| word.starts_with(keyword) && !negated(at)),
                }
            });
            let evidence = match asks {
                Some(_) => matters.follow_ups(&Point {
                    meeting_id: decision.meeting_id,
                    date: decision.date.as_deref(),
                    body: decision.body.as_deref(),
                    terms: matter_terms(&format!("{} {}", decision.item_title, decision.text)),
                    own_terms: matter_terms(&decision.text),
                    scheduled: None,
                }),
                None => Vec::new(),
            };
            let said = |words: &[&str]| {
                evidence.iter().find(|e| {
                    let item = by_id.get(&e.item_id);
                    let text = item.map_or(String::new(), |i| {
                        fold_name(&format!("{} {}", i.title, i.text))
                    });
                    words.iter().any(|w| text.contains(w))
                })
            };
            let (execution, execution_reason, execution_reason_sv) = match asks {
                None => (
                    Execution::NothingToExecute,
                    "asks for nothing to be done".to_string(),
                    "begär inget som ska göras".to_string(),
                ),
                Some(word) => match (said(REPORTED), said(DONE), evidence.first()) {
                    (Some(e), _, _) => (
                        Execution::ReportedBack,
                        format!("reported back on {} in “{}”", date_of(e), e.item_title),
                        format!("återrapporterat {} i ”{}”", date_sv(e), e.item_title),
                    ),
                    (None, Some(e), _) => (
                        Execution::Executed,
                        format!("said to be done on {} in “{}”", date_of(e), e.item_title),
                        format!("sägs vara genomfört {} i ”{}”", date_sv(e), e.item_title),
                    ),
                    (None, None, Some(e)) => (
                        Execution::UnderWay,
                        format!("taken up on {} in “{}”", date_of(e), e.item_title),
                        format!("togs upp {} i ”{}”", date_sv(e), e.item_title),
                    ),
                    (None, None, None) => (
                        Execution::Open,
                        format!(
                            "asks for work (“{}…”); no later meeting takes it up",
                            word.trim()
                        ),
                        format!(
                            "begär arbete (”{}…”); inget senare möte tar upp det",
                            word.trim()
                        ),
                    ),
                },
            };
            DecisionRecord {
                id: decision.id,
                meeting_id: decision.meeting_id,
                date: decision.date.clone(),
                body: decision.body.clone(),
                item_number: decision.item_number.clone(),
                item_title: decision.item_title.clone(),
                text: decision.text.clone(),
                execution,
                execution_reason,
                execution_reason_sv,
                evidence,
            }
        })
        .collect()
}

fn date_of(evidence: &Evidence) -> &str {
    evidence.date.as_deref().unwrap_or("an undated meeting")
}

fn date_sv(evidence: &Evidence) -> &str {
    evidence.date.as_deref().unwrap_or("på ett odaterat möte")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(text: &str) -> DecisionRow {
        DecisionRow {
            id: 1,
            meeting_id: 1,
            date: Some("2024-01-10".into()),
            body: Some("Nämnden".into()),
            item_id: 1,
            item_number: None,
            item_title: "Handlingsplan för studiero".into(),
            text: text.into(),
        }
    }

    fn item(id: i64, meeting: i64, date: &str, title: &str, text: &str) -> ItemRow {
        ItemRow {
            id,
            meeting_id: meeting,
            date: Some(date.into()),
            body: Some("Nämnden".into()),
            number: None,
            title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn an_assignment_is_followed_to_its_report_back() {
        let mut items = vec![
            item(
                1,
                1,
                "2024-01-10",
                "Handlingsplan för studiero",
                "Förvaltningen presenterade.",
            ),
            item(2, 2, "2024-03-12", "Budget", "Budgeten i balans."),
            item(
                3,
                3,
                "2024-05-14",
                "Återrapport: handlingsplan för studiero",
                "Förvaltningen redovisade handlingsplanen för studiero.",
            ),
        ];
        // Rarity is measured against the archive: give it other matters.
        let others = [
            "Skolskjutsar",
            "Lokalförsörjning",
            "Elevhälsa",
            "Läxhjälp",
            "Simundervisning",
            "Skolmåltider",
            "Lärarlöner",
            "Kompetensutveckling",
            "Fritidshem",
            "Modersmål",
            "Skolbibliotek",
            "Digitalisering",
        ];
        for (n, matter) in others.iter().enumerate() {
            let id = 10 + n as i64;
            items.push(item(
                id,
                id,
                "2023-12-01",
                matter,
                "Förvaltningen informerade om läget.",
            ));
        }
        let decisions = [
            decision("Nämnden uppdrar åt förvaltningen att ta fram en handlingsplan för studiero."),
            decision("Informationen noteras."),
            decision("Nämnden beslutar att inte genomföra granskningen i år."),
        ];
        let register = register(&decisions, &Matters::new(&items));
        assert_eq!(
            register[0].execution,
            Execution::ReportedBack,
            "{register:#?}"
        );
        assert_eq!(register[0].evidence.len(), 1);
        assert_eq!(register[0].evidence[0].item_id, 3);
        assert_eq!(register[1].execution, Execution::NothingToExecute);
        assert_eq!(register[2].execution, Execution::NothingToExecute);
    }
}
