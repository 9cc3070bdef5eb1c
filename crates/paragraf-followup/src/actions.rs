//! The actions register: every action with its owners, due date, status
//! and the later items that show what became of it.

use paragraf_store::{ActionRow, StatusChange};
use serde::Serialize;

use crate::matter::{Evidence, Matters, Point, matter_terms};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done,
    CarriedOver,
    Dropped,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::CarriedOver => "carried_over",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn parse(stored: &str) -> Option<ActionStatus> {
        [
            ActionStatus::Open,
            ActionStatus::Done,
            ActionStatus::CarriedOver,
            ActionStatus::Dropped,
        ]
        .into_iter()
        .find(|status| status.as_str() == stored)
    }

    /// Still to be done: open or carried over to a later meeting.
    pub fn is_pending(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::CarriedOver)
    }
}

/// A status change someone recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedChange {
    pub status: ActionStatus,
    pub note: String,
    pub author: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionRecord {
    pub id: i64,
    pub meeting_id: i64,
    pub date: Option<String>,
    pub body: Option<String>,
    pub item_number: Option<String>,
    pub item_title: String,
    pub text: String,
    pub owners: Vec<String>,
    /// ISO date, when the minutes give one.
    pub due_date: Option<String>,
    /// Due at the next meeting (`till nästa möte`).
    pub due_next_meeting: bool,
    pub status: ActionStatus,
    /// Why the status is what it is: the latest recorded change, later
    /// meetings taking the matter up, or nothing yet.
    pub status_reason: String,
    /// The same in Swedish, for the web pages.
    pub status_reason_sv: String,
    /// Later items about the same matter.
    pub evidence: Vec<Evidence>,
    /// Every recorded change, oldest first.
    pub history: Vec<RecordedChange>,
}

/// Every action with its status, in meeting order. `owner` maps a meeting
/// and an owner's name as written there to the person's name.
pub fn register(
    actions: &[ActionRow],
    matters: &Matters<'_>,
    changes: &[StatusChange],
    owner: &dyn Fn(i64, &str) -> String,
) -> Vec<ActionRecord> {
    actions
        .iter()
        .map(|action| {
            let own_terms = matter_terms(&action.text);
            let mut terms = matter_terms(&action.item_title);
            terms.extend(own_terms.iter().cloned());
            let evidence = matters.follow_ups(&Point {
                meeting_id: action.meeting_id,
                date: action.date.as_deref(),
                body: action.body.as_deref(),
                terms,
                own_terms,
                scheduled: action.due_date.as_deref(),
            });
            let history: Vec<RecordedChange> = changes
                .iter()
                .filter(|change| change.action_id == action.id)
                .filter_map(|change| {
                    Some(RecordedChange {
                        status: ActionStatus::parse(&change.status)?,
                        note: change.note.clone(),
                        author: change.author.clone(),
                        at: change.created_at.clone(),
                    })
                })
                .collect();
            let (status, status_reason, status_reason_sv) = match (history.last(), evidence.first())
            {
                (Some(latest), _) => {
                    let day = &latest.at[..latest.at.len().min(10)];
                    (
                        latest.status,
                        format!("set by {} on {day}: {}", latest.author, latest.note),
                        format!("satt av {} {day}: {}", latest.author, latest.note),
                    )
                }
                (None, Some(first)) => (
                    ActionStatus::CarriedOver,
                    format!(
                        "taken up again on {} in “{}”",
                        first.date.as_deref().unwrap_or("an undated meeting"),
                        first.item_title
                    ),
                    format!(
                        "togs upp igen {} i ”{}”",
                        first.date.as_deref().unwrap_or("på ett odaterat möte"),
                        first.item_title
                    ),
                ),
                (None, None) => (
                    ActionStatus::Open,
                    "no later meeting takes it up".to_string(),
                    "inget senare möte tar upp den".to_string(),
                ),
            };
            ActionRecord {
                id: action.id,
                meeting_id: action.meeting_id,
                date: action.date.clone(),
                body: action.body.clone(),
                item_number: action.item_number.clone(),
                item_title: action.item_title.clone(),
                text: action.text.clone(),
                owners: action
                    .owners()
                    .into_iter()
                    .map(|name| owner(action.meeting_id, name))
                    .collect(),
                due_date: action.due_date.clone(),
                due_next_meeting: action.due_next_meeting,
                status,
                status_reason,
                status_reason_sv,
                evidence,
                history,
            }
        })
        .collect()
}
