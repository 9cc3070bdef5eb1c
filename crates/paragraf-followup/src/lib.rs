//! Follow-up across meetings, built on the archive's database.
//!
//! `people` resolves the names every meeting writes to one person per
//! human and counts their attendance; `actions` is the actions register,
//! each action with its status and the later items that take it up
//! (`matter` decides what counts as the same matter, and says why). Resolution is derived, never
//! stored: it is recomputed from the database on each call (milliseconds
//! for thousands of meetings), so a new meeting or a corrected name is
//! reflected at once and nothing can go stale.
//!
//! This crate knows the store's read API; nothing of parsing, search or
//! presentation.

pub mod actions;
pub mod agenda;
pub mod decisions;
pub mod matter;
pub mod people;
pub mod topics;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use paragraf_store::{MeetingId, Store, StoreError};
use serde::Serialize;

use crate::actions::{ActionRecord, ActionStatus};
use crate::decisions::DecisionRecord;
use crate::matter::Matters;
use crate::people::{Mention, Override, Resolution, fold_name, resolve};

#[derive(Debug, thiserror::Error)]
pub enum FollowupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Lexicon(#[from] paragraf_repair::RepairError),
    #[error("no action has id {0}; `paragraf actions` lists them")]
    NoSuchAction(i64),
    #[error("no one in the archive is written '{0}' in full; `paragraf people` lists them")]
    NoSuchName(String),
    #[error("item {item} is in no topic with id {topic}; `paragraf topics` lists them")]
    NotInTopic { topic: i64, item: i64 },
}

/// How a person took part in one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Attended, chaired, kept or checked the minutes.
    Present,
    Guest,
    Absent,
    /// Named only as a presenter or an action owner.
    Mentioned,
}

/// One meeting as a person saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participation {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub meeting_id: MeetingId,
    pub date: Option<String>,
    pub body: Option<String>,
    pub presence: Presence,
    /// Every role the minutes give: attendee, secretary, presenter, owner…
    pub roles: Vec<String>,
    /// The group the minutes list the person under (`LG`, `Styrgrupp`).
    pub group: Option<String>,
}

/// A person across the archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    pub name: String,
    pub initials: Option<String>,
    /// Every written form resolved to this person, folded.
    pub names: Vec<String>,
    /// False for a short name that fits no one or several people.
    pub resolved: bool,
    pub present: usize,
    pub absent: usize,
    pub guest: usize,
    /// Present ÷ (present + absent): of the meetings the person was
    /// expected at, the share attended. `None` when never expected.
    pub attendance_share: Option<f64>,
    /// Oldest first; undated meetings last.
    pub meetings: Vec<Participation>,
}

/// Every name in the archive, resolved.
async fn resolved_mentions(
    store: &Store,
    meetings: Option<&[MeetingId]>,
) -> Result<(Vec<paragraf_store::NameMention>, Resolution), FollowupError> {
    let mentions = store.name_mentions(meetings).await?;
    let overrides: Vec<Override> = store
        .person_overrides()
        .await?
        .into_iter()
        .map(|(_, name, into)| match into {
            Some(into) => Override::Merge { name, into },
            None => Override::Split { name },
        })
        .collect();
    let resolution = resolve(
        &mentions
            .iter()
            .map(|m| Mention {
                meeting: m.meeting_id,
                name: m.name.clone(),
                initials: m.initials.clone(),
            })
            .collect::<Vec<_>>(),
        &overrides,
    );
    Ok((mentions, resolution))
}

/// Everyone the archive names, most present first.
pub async fn people(store: &Store) -> Result<Vec<PersonRecord>, FollowupError> {
    let (mentions, resolution) = resolved_mentions(store, None).await?;
    let meetings: HashMap<MeetingId, (Option<String>, Option<String>)> = store
        .meetings()
        .await?
        .into_iter()
        .map(|m| (m.id, (m.date, m.body)))
        .collect();
    let mut records = assemble(&resolution, &mentions, &meetings);
    records.sort_by(|a, b| {
        (b.present, b.meetings.len(), &a.name).cmp(&(a.present, a.meetings.len(), &b.name))
    });
    Ok(records)
}

/// The people whose name (any written form, any part of it, diacritics
/// ignored) contains `query`.
pub async fn find_people(store: &Store, query: &str) -> Result<Vec<PersonRecord>, FollowupError> {
    let query = fold_name(query);
    Ok(people(store)
        .await?
        .into_iter()
        .filter(|person| {
            person.names.iter().any(|name| name.contains(&query))
                || fold_name(&person.name).contains(&query)
                || person.initials.as_deref().map(fold_name) == Some(query.clone())
        })
        .collect())
}

/// A person's roles in one meeting and the group they are listed under.
type RolesAndGroup = (BTreeSet<String>, Option<String>);

fn assemble(
    resolution: &Resolution,
    mentions: &[paragraf_store::NameMention],
    meetings: &HashMap<MeetingId, (Option<String>, Option<String>)>,
) -> Vec<PersonRecord> {
    let mut seen: Vec<BTreeMap<MeetingId, RolesAndGroup>> =
        vec![BTreeMap::new(); resolution.people.len()];
    for (mention, &person) in mentions.iter().zip(&resolution.person_of) {
        let entry = seen[person].entry(mention.meeting_id).or_default();
        entry.0.insert(mention.role.clone());
        if entry.1.is_none() {
            entry.1 = mention.group.clone();
        }
    }
    resolution
        .people
        .iter()
        .zip(seen)
        .map(|(person, seen)| {
            let mut participations: Vec<Participation> = seen
                .into_iter()
                .map(|(meeting_id, (roles, group))| {
                    let (date, body) = meetings.get(&meeting_id).cloned().unwrap_or_default();
                    Participation {
                        meeting_id,
                        date,
                        body,
                        presence: presence(&roles),
                        roles: roles.into_iter().collect(),
                        group,
                    }
                })
                .collect();
            participations.sort_by(|a, b| {
                (a.date.is_none(), &a.date, a.meeting_id).cmp(&(
                    b.date.is_none(),
                    &b.date,
                    b.meeting_id,
                ))
            });
            let count = |presence: Presence| {
                participations
                    .iter()
                    .filter(|p| p.presence == presence)
                    .count()
            };
            let (present, absent, guest) = (
                count(Presence::Present),
                count(Presence::Absent),
                count(Presence::Guest),
            );
            PersonRecord {
                name: person.name.clone(),
                initials: person.initials.clone(),
                names: person.names.iter().cloned().collect(),
                resolved: person.resolved,
                present,
                absent,
                guest,
                attendance_share: (present + absent > 0)
                    .then(|| present as f64 / (present + absent) as f64),
                meetings: participations,
            }
        })
        .collect()
}

fn presence(roles: &BTreeSet<String>) -> Presence {
    let has = |role: &str| roles.contains(role);
    if ["attendee", "secretary", "chair", "adjuster"]
        .iter()
        .any(|r| has(r))
    {
        Presence::Present
    } else if has("guest") {
        Presence::Guest
    } else if has("absent") {
        Presence::Absent
    } else {
        Presence::Mentioned
    }
}

/// The actions register, in meeting order, owners resolved to people.
pub async fn actions(store: &Store) -> Result<Vec<ActionRecord>, FollowupError> {
    let items = store.item_rows().await?;
    actions_over(store, &Matters::new(&items), None).await
}

/// The actions of `meetings` (all when `None`), followed up in `matters`.
async fn actions_over(
    store: &Store,
    matters: &Matters<'_>,
    meetings: Option<&[MeetingId]>,
) -> Result<Vec<ActionRecord>, FollowupError> {
    let (mentions, resolution) = resolved_mentions(store, meetings).await?;
    let person: HashMap<(MeetingId, String), String> = mentions
        .iter()
        .zip(&resolution.person_of)
        .map(|(mention, &person)| {
            (
                (mention.meeting_id, fold_name(&mention.name)),
                resolution.people[person].name.clone(),
            )
        })
        .collect();
    let owner = |meeting: MeetingId, name: &str| {
        person
            .get(&(meeting, fold_name(name)))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    Ok(actions::register(
        &store.action_rows(meetings).await?,
        matters,
        &store.status_changes().await?,
        &owner,
    ))
}

/// Records a status change on action `id` by `author`, with why.
pub async fn set_action_status(
    store: &Store,
    id: i64,
    status: ActionStatus,
    note: &str,
    author: &str,
) -> Result<(), FollowupError> {
    store
        .record_status_change(id, status.as_str(), note, author)
        .await?
        .map(|_| ())
        .ok_or(FollowupError::NoSuchAction(id))
}

/// The decisions register, in meeting order, each with its execution.
pub async fn decisions(store: &Store) -> Result<Vec<DecisionRecord>, FollowupError> {
    let items = store.item_rows().await?;
    Ok(decisions::register(
        &store.decision_rows(None).await?,
        &Matters::new(&items),
    ))
}

/// A draft agenda for `body`'s meeting on `date` (see [`agenda::draft`]).
pub async fn next_agenda(
    store: &Store,
    date: Option<&str>,
    body: Option<&str>,
) -> Result<agenda::Agenda, FollowupError> {
    // Only the body's meetings (and those naming no body) matter: the
    // draft costs what one body's archive costs, not everyone's.
    let mut items = store.item_rows().await?;
    let body = agenda::choose_body(date, body, &items);
    items.retain(|item| matter::same_body(item.body.as_deref(), body.as_deref()));
    let mut meetings: Vec<MeetingId> = items.iter().map(|item| item.meeting_id).collect();
    // Items come meeting by meeting: one id per meeting is left.
    meetings.dedup();
    let matters = Matters::new(&items);
    let actions = actions_over(store, &matters, Some(&meetings)).await?;
    let decisions = decisions::register(&store.decision_rows(Some(&meetings)).await?, &matters);
    Ok(agenda::draft(
        date,
        body.as_deref(),
        &items,
        &actions,
        &decisions,
    ))
}

/// Every topic: items about one matter across meetings, most items first.
pub async fn topics(store: &Store) -> Result<Vec<topics::Topic>, FollowupError> {
    let unlinked = store.topic_unlinks().await?.into_iter().collect();
    let lexicon = paragraf_repair::Lexicon::embedded()?;
    Ok(topics::threads(
        &store.item_rows().await?,
        &unlinked,
        &lexicon,
    ))
}

/// Takes `item_id` out of topic `topic_id` for good: the links between it
/// and the topic's other items are recorded as wrong, with who and why.
pub async fn unlink_from_topic(
    store: &Store,
    topic_id: i64,
    item_id: i64,
    note: &str,
    author: &str,
) -> Result<(), FollowupError> {
    let topic = topics(store)
        .await?
        .into_iter()
        .find(|topic| topic.id == topic_id && topic.items.iter().any(|i| i.item_id == item_id))
        .ok_or(FollowupError::NotInTopic {
            topic: topic_id,
            item: item_id,
        })?;
    let others: Vec<i64> = topic.items.iter().map(|i| i.item_id).collect();
    store.record_unlinks(item_id, &others, note, author).await?;
    Ok(())
}

/// Records that the people written `name` and `into` are one human (or,
/// with `into` `None`, that `name` is a human of their own), with why.
/// Both must be full names the archive writes.
pub async fn correct_person(
    store: &Store,
    name: &str,
    into: Option<&str>,
    note: &str,
    author: &str,
) -> Result<(), FollowupError> {
    let written: BTreeSet<String> = store
        .name_mentions(None)
        .await?
        .iter()
        .map(|m| fold_name(&m.name))
        .collect();
    let known = |name: &str| -> Result<String, FollowupError> {
        let folded = fold_name(name);
        written
            .contains(&folded)
            .then_some(folded)
            .ok_or_else(|| FollowupError::NoSuchName(name.to_string()))
    };
    let name = known(name)?;
    let into = into.map(known).transpose()?;
    store
        .record_person_override(&name, into.as_deref(), note, author)
        .await?;
    Ok(())
}
