//! The follow-up views (decisions, actions, people, topics, the next
//! agenda), shared by the pages and their API twins: the filtering,
//! lookups and who may mark what are decided here once.

use std::collections::BTreeMap;
use std::sync::Arc;

use paragraf_archive::DateBound;
use paragraf_followup::actions::{ActionRecord, ActionStatus};
use paragraf_followup::agenda::{Agenda, AgendaPoint};
use paragraf_followup::decisions::{DecisionRecord, Execution};
use paragraf_followup::people::fold_name;
use paragraf_followup::topics::Topic;
use paragraf_followup::{Participation, PersonRecord, Presence};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::auth::{CurrentUser, Role};
use crate::error::Failure;
use crate::views::date_bound;

/// How many stale agenda points a page lists; the JSON has them all.
pub const STALE_SHOWN: usize = 10;

/// The heading of actions no one owns.
pub const UNOWNED: &str = "Utan ansvarig";

const EXECUTIONS: [Execution; 5] = [
    Execution::Open,
    Execution::UnderWay,
    Execution::Executed,
    Execution::ReportedBack,
    Execution::NothingToExecute,
];

/// An id from a path; anything else names nothing.
pub fn parse_id(text: &str, what: &'static str) -> Result<i64, Failure> {
    text.trim().parse().map_err(|_| Failure::NotFound(what))
}

/// What the decisions register is filtered by.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::IntoParams)]
pub struct DecisionFilter {
    /// Words in the item title or the decision (case and diacritics ignored).
    #[serde(default)]
    pub q: String,
    /// Meetings on or after this year, month or day.
    #[serde(default)]
    pub from: String,
    /// Meetings on or before this year, month or day.
    #[serde(default)]
    pub to: String,
    /// One execution state (`open`, `under_way`, …); empty for all.
    #[serde(default)]
    pub execution: String,
}

/// The decisions `filter` lets through, newest meeting first.
pub async fn decisions(app: &App, filter: &DecisionFilter) -> Result<Vec<DecisionRecord>, Failure> {
    let (from, to) = (
        date_bound(&filter.from, "from")?,
        date_bound(&filter.to, "to")?,
    );
    let execution = match filter.execution.trim() {
        "" => None,
        text => Some(
            EXECUTIONS
                .into_iter()
                .find(|execution| execution.as_str() == text)
                .ok_or_else(|| {
                    Failure::BadRequest(format!(
                        "execution '{text}' is none of open, under_way, executed, \
                         reported_back, nothing_to_execute"
                    ))
                })?,
        ),
    };
    let words = fold_name(&filter.q);
    let in_range = |decision: &DecisionRecord| {
        if from.is_none() && to.is_none() {
            return true;
        }
        // `2021-03-15` as 20210315, as the bounds are written.
        let Some(day) = decision
            .date
            .as_deref()
            .and_then(|date| date.replace('-', "").parse::<i64>().ok())
        else {
            return false;
        };
        from.is_none_or(|from| day >= from.first) && to.is_none_or(|to| day <= to.last)
    };
    let registry = app.derived.decisions(app.archive.store()).await?;
    let mut found: Vec<DecisionRecord> = registry
        .iter()
        .filter(|decision| execution.is_none_or(|wanted| decision.execution == wanted))
        .filter(|decision| in_range(decision))
        .filter(|decision| {
            words.is_empty()
                || fold_name(&format!("{} {}", decision.item_title, decision.text)).contains(&words)
        })
        .cloned()
        .collect();
    // Stable: a meeting's decisions keep their order; undated come last.
    found.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(found)
}

/// The execution states a filter can choose, with their Swedish names.
pub fn execution_choices() -> Vec<(&'static str, &'static str)> {
    EXECUTIONS
        .into_iter()
        .map(|execution| (execution.as_str(), execution_sv(&execution)))
        .collect()
}

pub fn execution_sv(execution: &Execution) -> &'static str {
    match execution {
        Execution::NothingToExecute => "inget att verkställa",
        Execution::Open => "ej verkställt",
        Execution::UnderWay => "pågår",
        Execution::Executed => "verkställt",
        Execution::ReportedBack => "återrapporterat",
    }
}

/// What the actions register is filtered by.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::IntoParams)]
pub struct ActionFilter {
    /// Any part of any owner's name (case and diacritics ignored).
    #[serde(default)]
    pub owner: String,
    /// `pending` (the default: open or carried over), `done`, `dropped`
    /// or `all`.
    #[serde(default)]
    pub status: String,
}

/// The actions `filter` lets through, in meeting order.
pub async fn actions(app: &App, filter: &ActionFilter) -> Result<Vec<ActionRecord>, Failure> {
    let wanted: fn(ActionStatus) -> bool = match filter.status.trim() {
        "" | "pending" => ActionStatus::is_pending,
        "done" => |status| status == ActionStatus::Done,
        "dropped" => |status| status == ActionStatus::Dropped,
        "all" => |_| true,
        other => {
            return Err(Failure::BadRequest(format!(
                "status '{other}' is none of pending, done, dropped, all"
            )));
        }
    };
    let owner = fold_name(&filter.owner);
    let registry = app.derived.actions(app.archive.store()).await?;
    Ok(registry
        .iter()
        .filter(|action| wanted(action.status))
        .filter(|action| {
            owner.is_empty()
                || action
                    .owners
                    .iter()
                    .any(|name| fold_name(name).contains(&owner))
        })
        .cloned()
        .collect())
}

pub fn action_status_sv(status: &ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "öppen",
        ActionStatus::Done => "klar",
        ActionStatus::CarriedOver => "överförd",
        ActionStatus::Dropped => "struken",
    }
}

/// Whether `user` may change the status of `action`: secretaries any
/// action, members those they own (as the minutes write their name).
pub fn may_mark(user: &CurrentUser, action: &ActionRecord) -> bool {
    if user.may(Role::Secretary) {
        return true;
    }
    let own_name = user.display_name.trim().to_lowercase();
    user.may(Role::Member)
        && !own_name.is_empty()
        && action
            .owners
            .iter()
            .any(|owner| owner.trim().to_lowercase() == own_name)
}

/// One owner's actions on the actions page.
pub struct OwnerGroup<'a> {
    pub owner: String,
    pub actions: Vec<ActionEntry<'a>>,
}

pub struct ActionEntry<'a> {
    pub action: &'a ActionRecord,
    /// The first place the action is listed carries its anchor: an action
    /// with two owners is listed twice, and an id is unique on a page.
    pub anchored: bool,
    /// Pending, and the user may mark it.
    pub markable: bool,
}

/// `actions` under each of their owners, owners alphabetical, the unowned
/// last.
pub fn by_owner<'a>(actions: &'a [ActionRecord], user: &CurrentUser) -> Vec<OwnerGroup<'a>> {
    let mut owned: BTreeMap<&str, Vec<&ActionRecord>> = BTreeMap::new();
    let mut unowned = Vec::new();
    for action in actions {
        if action.owners.is_empty() {
            unowned.push(action);
        }
        for owner in &action.owners {
            owned.entry(owner.as_str()).or_default().push(action);
        }
    }
    let mut anchored = std::collections::HashSet::new();
    let mut entry = |action: &'a ActionRecord| ActionEntry {
        action,
        anchored: anchored.insert(action.id),
        markable: action.status.is_pending() && may_mark(user, action),
    };
    let mut groups: Vec<OwnerGroup<'a>> = owned
        .into_iter()
        .map(|(owner, actions)| OwnerGroup {
            owner: owner.to_string(),
            actions: actions.into_iter().map(&mut entry).collect(),
        })
        .collect();
    if !unowned.is_empty() {
        groups.push(OwnerGroup {
            owner: UNOWNED.to_string(),
            actions: unowned.into_iter().map(&mut entry).collect(),
        });
    }
    groups
}

/// A status change as the form and the API send it.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct StatusChange {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

/// Records `change` on action `id` by `user`, when they may, and returns
/// the action as it now stands.
pub async fn set_action_status(
    app: &App,
    user: &CurrentUser,
    id: i64,
    change: &StatusChange,
) -> Result<ActionRecord, Failure> {
    let status = ActionStatus::parse(change.status.trim()).ok_or_else(|| {
        Failure::BadRequest(format!(
            "status '{}' is none of open, done, carried_over, dropped",
            change.status
        ))
    })?;
    let store = app.archive.store();
    let registry = app.derived.actions(store).await?;
    let action = registry
        .iter()
        .find(|action| action.id == id)
        .ok_or(Failure::NotFound("action"))?;
    if !may_mark(user, action) {
        return Err(Failure::Forbidden);
    }
    paragraf_followup::set_action_status(store, id, status, change.note.trim(), &user.name).await?;
    app.derived
        .actions(store)
        .await?
        .iter()
        .find(|action| action.id == id)
        .cloned()
        .ok_or(Failure::NotFound("action"))
}

/// Everyone, names no other meeting confirms last.
pub async fn people(app: &App) -> Result<Vec<PersonRecord>, Failure> {
    let mut people = app.derived.people(app.archive.store()).await?.to_vec();
    people.sort_by_key(|person| !person.resolved);
    Ok(people)
}

pub fn presence_sv(presence: &Presence) -> &'static str {
    match presence {
        Presence::Present => "närvarande",
        Presence::Absent => "frånvarande",
        Presence::Guest => "gäst",
        Presence::Mentioned => "omnämnd",
    }
}

/// `0.8` as `80 %`; a dash when the person was never expected.
pub fn attendance_percent(person: &PersonRecord) -> String {
    person.attendance_share.map_or_else(
        || "–".to_string(),
        |share| format!("{:.0} %", share * 100.0),
    )
}

/// One person and the actions they own.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonView {
    pub person: PersonRecord,
    pub actions: Vec<ActionRecord>,
}

impl PersonView {
    /// The meetings where they presented an item.
    pub fn presentations(&self) -> Vec<&Participation> {
        self.person
            .meetings
            .iter()
            .filter(|meeting| meeting.roles.iter().any(|role| role == "presenter"))
            .collect()
    }
}

/// The person whose name, or any name they go by, is `name` (case and
/// diacritics ignored); their own name wins over another's written form.
pub async fn person(app: &App, name: &str) -> Result<PersonView, Failure> {
    let store = app.archive.store();
    let people = app.derived.people(store).await?;
    let folded = fold_name(name);
    let person = people
        .iter()
        .find(|person| fold_name(&person.name) == folded)
        .or_else(|| people.iter().find(|person| person.names.contains(&folded)))
        .ok_or(Failure::NotFound("person"))?
        .clone();
    let actions = app
        .derived
        .actions(store)
        .await?
        .iter()
        .filter(|action| action.owners.contains(&person.name))
        .cloned()
        .collect();
    Ok(PersonView { person, actions })
}

pub async fn topics(app: &App) -> Result<Arc<Vec<Topic>>, Failure> {
    app.derived.topics(app.archive.store()).await
}

pub async fn topic(app: &App, id: i64) -> Result<Topic, Failure> {
    topics(app)
        .await?
        .iter()
        .find(|topic| topic.id == id)
        .cloned()
        .ok_or(Failure::NotFound("topic"))
}

/// The first and last dates of a topic's items (undated items last).
pub fn topic_span(topic: &Topic) -> (Option<&str>, Option<&str>) {
    let mut dates = topic.items.iter().filter_map(|item| item.date.as_deref());
    let first = dates.next();
    (first, dates.next_back().or(first))
}

/// Which agenda to draft: the page's form says `datum` and `organ`.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::IntoParams)]
pub struct AgendaRequest {
    /// The meeting's day, `YYYY-MM-DD`.
    #[serde(default, alias = "datum")]
    pub date: String,
    /// Any part of the body's name.
    #[serde(default, alias = "organ")]
    pub body: String,
}

/// The draft agenda asked for; the archive's next meeting when nothing is.
pub async fn agenda(app: &App, request: &AgendaRequest) -> Result<Arc<Agenda>, Failure> {
    let store = app.archive.store();
    let (date, body) = (request.date.trim(), request.body.trim());
    if date.is_empty() && body.is_empty() {
        return app.derived.next_agenda(store).await;
    }
    let is_day = date
        .parse::<DateBound>()
        .is_ok_and(|bound| bound.first == bound.last);
    if !date.is_empty() && !is_day {
        return Err(Failure::BadRequest(format!(
            "'{date}' is not a day (YYYY-MM-DD)"
        )));
    }
    fn optional(text: &str) -> Option<&str> {
        Some(text).filter(|text| !text.is_empty())
    }
    let agenda = paragraf_followup::next_agenda(store, optional(date), optional(body)).await?;
    Ok(Arc::new(agenda))
}

/// The latest stale points, as many as a page lists.
pub fn latest_stale(agenda: &Agenda) -> Vec<&AgendaPoint> {
    let mut latest: Vec<&AgendaPoint> = agenda.stale.iter().collect();
    latest.sort_by(|a, b| b.from_date.cmp(&a.from_date));
    latest.truncate(STALE_SHOWN);
    latest
}
