//! The next meeting's agenda, drafted from what the archive says is
//! pending: standing items, feedback on every open action, points
//! scheduled for the date, deadlines that fall before it, and decisions
//! whose execution is still to be followed up.

use std::collections::BTreeMap;

use paragraf_store::ItemRow;
use serde::Serialize;

use crate::actions::{ActionRecord, ActionStatus};
use crate::decisions::{DecisionRecord, Execution};
use crate::matter::{days_after, same_body, standing_key};
use crate::people::fold_name;

/// How many of the body's latest meetings decide what is standing.
const STANDING_WINDOW: usize = 5;
/// An open point from a meeting this many days before the one drafted
/// for, never taken up since, is stale: a year of meetings has let it lie.
const STALE_AFTER_DAYS: i32 = 365;
/// How many stale points the document lists; the JSON has them all.
const STALE_SHOWN: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agenda {
    pub body: Option<String>,
    /// The meeting drafted for; `None` means "the next one".
    pub date: Option<String>,
    /// The body's latest meeting before it, whose points are fed back on.
    pub previous_meeting: Option<String>,
    /// Titles most of the body's latest meetings carry.
    pub standing_items: Vec<String>,
    /// Every action still to do, for *Återkoppling från föregående möte*.
    pub feedback: Vec<AgendaPoint>,
    /// Points a meeting scheduled for this date, or for the next meeting.
    pub scheduled: Vec<AgendaPoint>,
    /// Pending actions due before the meeting.
    pub deadlines: Vec<AgendaPoint>,
    /// Decisions that ask for work not yet reported back.
    pub decisions_to_review: Vec<AgendaPoint>,
    /// Actions and decisions still pending from meetings more than a year
    /// before: listed apart, for the body to close or take up again,
    /// so that the feedback stays what a meeting can go through.
    pub stale: Vec<AgendaPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaPoint {
    /// The action or decision id.
    pub id: i64,
    /// The item it came from.
    pub item_title: String,
    pub text: String,
    pub owners: Vec<String>,
    /// ISO date.
    pub due: Option<String>,
    pub due_next_meeting: bool,
    /// The meeting it came from.
    pub from_date: Option<String>,
    /// Why it is on the agenda.
    pub reason: String,
    /// The same, briefly, in Swedish, for the agenda document.
    pub reason_sv: String,
}

/// The body a draft is for: of the bodies whose name contains `asked`
/// (any part, diacritics ignored; any body when `None`), the one that met
/// last before `date`.
pub fn choose_body(date: Option<&str>, asked: Option<&str>, items: &[ItemRow]) -> Option<String> {
    let asked = asked.map(fold_name);
    items
        .iter()
        .filter(|item| match (item.date.as_deref(), date) {
            (Some(other), Some(date)) => other < date,
            (other, _) => other.is_some(),
        })
        .filter(|item| match (&asked, item.body.as_deref()) {
            (None, _) => true,
            (Some(asked), Some(body)) => fold_name(body).contains(asked.as_str()),
            (Some(_), None) => false,
        })
        .max_by(|a, b| a.date.cmp(&b.date))
        .and_then(|item| item.body.clone())
}

/// Drafts the agenda of `body`'s meeting on `date` (`None`: the next
/// meeting); `body` as [`choose_body`] gives it.
pub fn draft(
    date: Option<&str>,
    body: Option<&str>,
    items: &[ItemRow],
    actions: &[ActionRecord],
    decisions: &[DecisionRecord],
) -> Agenda {
    let before = |other: Option<&str>| match (other, date) {
        (Some(other), Some(date)) => other < date,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let body = body.map(str::to_string);
    let ours = |other: Option<&str>| same_body(other, body.as_deref());
    // Meetings of the body before the date, latest last.
    let mut meetings: BTreeMap<(String, i64), Vec<&ItemRow>> = BTreeMap::new();
    for item in items
        .iter()
        .filter(|item| ours(item.body.as_deref()) && before(item.date.as_deref()))
    {
        if let Some(item_date) = &item.date {
            meetings
                .entry((item_date.clone(), item.meeting_id))
                .or_default()
                .push(item);
        }
    }
    let previous = meetings.keys().next_back().map(|(d, id)| (d.clone(), *id));
    let stale_before = date
        .or(previous.as_ref().map(|(d, _)| d.as_str()))
        .and_then(|reference| days_after(reference, -STALE_AFTER_DAYS));
    let is_stale = |from: Option<&str>| matches!((from, &stale_before), (Some(from), Some(before)) if from < before.as_str());

    let recent: Vec<&Vec<&ItemRow>> = meetings.values().rev().take(STANDING_WINDOW).collect();
    let mut carried: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    for meeting in &recent {
        let mut seen = std::collections::BTreeSet::new();
        for item in meeting.iter() {
            let key = standing_key(&item.title);
            if !key.is_empty() && seen.insert(key.clone()) {
                carried.entry(key).or_insert((0, &item.title)).0 += 1;
            }
        }
    }
    let needed = (recent.len() / 2 + 1).max(2);
    let standing_items = carried
        .values()
        .filter(|(count, _)| *count >= needed)
        .map(|(_, title)| title.to_string())
        .collect();

    let point = |action: &ActionRecord, reason: String, reason_sv: String| AgendaPoint {
        id: action.id,
        item_title: action.item_title.clone(),
        text: action.text.clone(),
        owners: action.owners.clone(),
        due: action.due_date.clone(),
        due_next_meeting: action.due_next_meeting,
        from_date: action.date.clone(),
        reason,
        reason_sv,
    };
    let from_previous =
        |a: &ActionRecord| previous.as_ref().is_some_and(|(_, id)| a.meeting_id == *id);
    let is_scheduled = |a: &ActionRecord| {
        (date.is_some() && a.due_date.as_deref() == date)
            || (a.due_next_meeting && from_previous(a))
    };
    let (pending, stale_actions): (Vec<&ActionRecord>, Vec<&ActionRecord>) = actions
        .iter()
        .filter(|a| a.status.is_pending() && ours(a.body.as_deref()))
        .filter(|a| a.date.is_none() || before(a.date.as_deref()))
        .partition(|a| !is_stale(a.date.as_deref()) || is_scheduled(a));
    let scheduled = pending
        .iter()
        .filter(|a| is_scheduled(a))
        .map(|a| {
            if date.is_some() && a.due_date.as_deref() == date {
                point(
                    a,
                    "scheduled for this meeting".into(),
                    "inlagd till detta möte".into(),
                )
            } else {
                point(
                    a,
                    "to the next meeting, by the previous one".into(),
                    "till nästa möte".into(),
                )
            }
        })
        .collect();
    // Every other pending action is fed back on.
    let feedback = pending
        .iter()
        .filter(|a| !is_scheduled(a))
        .map(|a| {
            let reason_sv = match a.evidence.first() {
                Some(e) if a.history.is_empty() => format!(
                    "togs upp igen {} (”{}”)",
                    e.date.as_deref().unwrap_or("utan datum"),
                    e.item_title
                ),
                _ => swedish_status(a.status).to_string(),
            };
            point(
                a,
                format!("{}: {}", a.status.as_str(), a.status_reason),
                reason_sv,
            )
        })
        .collect();
    let deadlines = pending
        .iter()
        .filter(|a| a.due_date.is_some() && before(a.due_date.as_deref()))
        .map(|a| {
            let due = a.due_date.as_deref().unwrap_or("");
            point(
                a,
                format!("due {due}, before this meeting"),
                format!("tidsfristen {due} har passerat"),
            )
        })
        .collect();
    let (decisions_to_review, stale_decisions): (Vec<AgendaPoint>, Vec<AgendaPoint>) = decisions
        .iter()
        .filter(|d| matches!(d.execution, Execution::Open | Execution::UnderWay))
        .filter(|d| ours(d.body.as_deref()) && (d.date.is_none() || before(d.date.as_deref())))
        .map(|d| AgendaPoint {
            id: d.id,
            item_title: d.item_title.clone(),
            text: d.text.clone(),
            owners: Vec::new(),
            due: None,
            due_next_meeting: false,
            from_date: d.date.clone(),
            reason: d.execution_reason.clone(),
            reason_sv: match d.execution {
                Execution::UnderWay => "verkställighet pågår".to_string(),
                _ => "ej verkställt".to_string(),
            },
        })
        .partition(|point| !is_stale(point.from_date.as_deref()));
    let stale = stale_actions
        .iter()
        .map(|a| {
            point(
                a,
                format!("{}, not taken up for over a year", a.status.as_str()),
                "inte återkopplad på över ett år".into(),
            )
        })
        .chain(stale_decisions)
        .collect();

    Agenda {
        body,
        date: date.map(str::to_string),
        previous_meeting: previous.map(|(date, _)| date),
        standing_items,
        feedback,
        scheduled,
        deadlines,
        decisions_to_review,
        stale,
    }
}

fn swedish_status(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "öppen",
        ActionStatus::Done => "klar",
        ActionStatus::CarriedOver => "överförd",
        ActionStatus::Dropped => "struken",
    }
}

/// The agenda as Markdown, in Swedish: it is a document for the meeting.
pub fn render_markdown(agenda: &Agenda) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Dagordning (utkast) – {}{}\n\n",
        agenda.body.as_deref().unwrap_or("nästa möte"),
        agenda
            .date
            .as_deref()
            .map(|date| format!(", {date}"))
            .unwrap_or_default()
    ));
    let mut number = 0;
    let mut heading = |out: &mut String, title: &str| {
        number += 1;
        out.push_str(&format!("## {number}. {title}\n\n"));
    };
    let list = |out: &mut String, points: &[AgendaPoint]| {
        for point in points {
            let owners = if point.owners.is_empty() {
                String::new()
            } else {
                format!(" — {}", point.owners.join(", "))
            };
            let due = match (point.due.as_deref(), point.due_next_meeting) {
                (Some(date), _) => format!(" (senast {date})"),
                (None, true) => " (till nästa möte)".to_string(),
                (None, false) => String::new(),
            };
            out.push_str(&format!(
                "- **{}**: {}{owners}{due}  \n  *från mötet {}; {}*\n",
                point.item_title,
                point.text,
                point.from_date.as_deref().unwrap_or("utan datum"),
                point.reason_sv
            ));
        }
        out.push('\n');
    };
    heading(&mut out, "Mötets öppnande och dagordning");
    heading(&mut out, "Återkoppling från föregående möte");
    if agenda.feedback.is_empty() {
        out.push_str("Inga öppna åtgärder.\n\n");
    } else {
        list(&mut out, &agenda.feedback);
    }
    if !agenda.scheduled.is_empty() {
        heading(&mut out, "Punkter inlagda till detta möte");
        list(&mut out, &agenda.scheduled);
    }
    if !agenda.deadlines.is_empty() {
        heading(&mut out, "Tidsfrister före mötet");
        list(&mut out, &agenda.deadlines);
    }
    if !agenda.decisions_to_review.is_empty() {
        heading(&mut out, "Beslut att följa upp (verkställighet)");
        list(&mut out, &agenda.decisions_to_review);
    }
    if !agenda.stale.is_empty() {
        heading(
            &mut out,
            "Äldre öppna punkter att avsluta eller ta upp igen",
        );
        out.push_str(&format!(
            "{} åtgärder och beslut från möten för mer än ett år sedan har inte \
             följts upp. De senaste:\n\n",
            agenda.stale.len()
        ));
        let mut latest: Vec<AgendaPoint> = agenda.stale.clone();
        latest.sort_by(|a, b| b.from_date.cmp(&a.from_date));
        latest.truncate(STALE_SHOWN);
        list(&mut out, &latest);
    }
    for title in &agenda.standing_items {
        heading(&mut out, title);
    }
    heading(&mut out, "Övriga frågor");
    heading(&mut out, "Nästa möte");
    out
}
