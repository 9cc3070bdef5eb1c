//! The rows follow-up reads across meetings, and the status changes people
//! record on actions.

use serde_json::{Value, json};
use sqlx::FromRow;

use crate::accounts::{Change, log_change, now};
use crate::{MeetingId, Store, StoreError};

/// An action with where it was agreed.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct ActionRow {
    pub id: i64,
    pub meeting_id: MeetingId,
    pub date: Option<String>,
    pub body: Option<String>,
    pub item_id: i64,
    pub item_number: Option<String>,
    pub item_title: String,
    pub text: String,
    pub due_date: Option<String>,
    pub due_next_meeting: bool,
    /// Owners as written, joined by `\u{1f}` (split with [`ActionRow::owners`]).
    owner_list: Option<String>,
}

impl ActionRow {
    pub fn owners(&self) -> Vec<&str> {
        self.owner_list
            .as_deref()
            .map(|list| list.split('\u{1f}').collect())
            .unwrap_or_default()
    }
}

/// A decision with where it was taken.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub meeting_id: MeetingId,
    pub date: Option<String>,
    pub body: Option<String>,
    pub item_id: i64,
    pub item_number: Option<String>,
    pub item_title: String,
    pub text: String,
}

/// An item, for finding later items about the same matter.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub meeting_id: MeetingId,
    pub date: Option<String>,
    pub body: Option<String>,
    pub number: Option<String>,
    pub title: String,
    pub text: String,
}

/// One recorded change of an action's status.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct StatusChange {
    pub id: i64,
    pub action_id: i64,
    /// `open`, `done`, `carried_over` or `dropped`.
    pub status: String,
    pub note: String,
    pub author: String,
    pub created_at: String,
}

impl Store {
    /// Every action (of all meetings, or of `meetings`), in meeting and
    /// document order.
    pub async fn action_rows(
        &self,
        meetings: Option<&[MeetingId]>,
    ) -> Result<Vec<ActionRow>, StoreError> {
        self.rows_of_meetings(
            "SELECT x.id, m.id AS meeting_id, m.date, m.body, i.id AS item_id,
                    i.number AS item_number, i.title AS item_title, x.text, x.due_date,
                    x.due_next_meeting,
                    (SELECT group_concat(p.name, char(31)) FROM
                        (SELECT p.name FROM action_owners o JOIN people p ON p.id = o.person_id
                         WHERE o.action_id = x.id ORDER BY o.rowid) p) AS owner_list
             FROM actions x JOIN items i ON i.id = x.item_id JOIN meetings m ON m.id = i.meeting_id
             WHERE {meetings}
             ORDER BY m.date IS NULL, m.date, m.id, i.position, x.position",
            "m.id",
            meetings,
        )
        .await
    }

    /// Every decision (of all meetings, or of `meetings`), in meeting and
    /// document order.
    pub async fn decision_rows(
        &self,
        meetings: Option<&[MeetingId]>,
    ) -> Result<Vec<DecisionRow>, StoreError> {
        self.rows_of_meetings(
            "SELECT x.id, m.id AS meeting_id, m.date, m.body, i.id AS item_id,
                    i.number AS item_number, i.title AS item_title, x.text
             FROM decisions x JOIN items i ON i.id = x.item_id JOIN meetings m ON m.id = i.meeting_id
             WHERE {meetings}
             ORDER BY m.date IS NULL, m.date, m.id, i.position, x.position",
            "m.id",
            meetings,
        )
        .await
    }

    /// Every item, in meeting and document order.
    pub async fn item_rows(&self) -> Result<Vec<ItemRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT i.id, m.id AS meeting_id, m.date, m.body, i.number, i.title, i.text
             FROM items i JOIN meetings m ON m.id = i.meeting_id
             ORDER BY m.date IS NULL, m.date, m.id, i.position",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every status change, oldest first.
    pub async fn status_changes(&self) -> Result<Vec<StatusChange>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, action_id, status, note, author, created_at
             FROM action_status_changes ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records that `action_id` now has `status`; `None` when there is no
    /// such action. Nothing is overwritten: the change joins the history,
    /// and the audit log gets the status before and after.
    pub async fn record_status_change(
        &self,
        action_id: i64,
        status: &str,
        note: &str,
        author: &str,
    ) -> Result<Option<StatusChange>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT status FROM action_status_changes WHERE action_id = $1
             ORDER BY id DESC LIMIT 1",
        )
        .bind(action_id)
        .fetch_optional(&mut *tx)
        .await?;
        let change: Option<StatusChange> = sqlx::query_as(
            "INSERT INTO action_status_changes (action_id, status, note, author, created_at)
             SELECT id, $2, $3, $4, $5 FROM actions WHERE id = $1
             RETURNING id, action_id, status, note, author, created_at",
        )
        .bind(action_id)
        .bind(status)
        .bind(note)
        .bind(author)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        if change.is_some() {
            let target = format!("action {action_id}");
            log_change(
                &mut tx,
                Change {
                    author,
                    action: "set action status",
                    target: &target,
                    before: before.map(Value::from).as_ref(),
                    after: Some(&json!({ "status": status, "note": note })),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(change)
    }

    /// Item pairs users have separated, each as (lower id, higher id).
    pub async fn topic_unlinks(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT item_id, other_id FROM topic_unlinks ORDER BY id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Records that `item_id` is about another matter than each of
    /// `others`, in one transaction.
    pub async fn record_unlinks(
        &self,
        item_id: i64,
        others: &[i64],
        note: &str,
        author: &str,
    ) -> Result<(), StoreError> {
        let now = now();
        let mut tx = self.pool.begin().await?;
        for &other in others.iter().filter(|&&other| other != item_id) {
            sqlx::query(
                "INSERT INTO topic_unlinks (item_id, other_id, note, author, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(item_id.min(other))
            .bind(item_id.max(other))
            .bind(note)
            .bind(author)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        let target = format!("item {item_id}");
        log_change(
            &mut tx,
            Change {
                author,
                action: "unlink from topic",
                target: &target,
                before: None,
                after: Some(&json!({ "separated_from": others, "note": note })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every recorded merge and split of people, oldest first, as
    /// (kind, name, into_name).
    pub async fn person_overrides(
        &self,
    ) -> Result<Vec<(String, String, Option<String>)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT kind, name, into_name FROM person_overrides ORDER BY id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Records a merge (`into_name` given) or a split of people.
    pub async fn record_person_override(
        &self,
        name: &str,
        into_name: Option<&str>,
        note: &str,
        author: &str,
    ) -> Result<(), StoreError> {
        let kind = if into_name.is_some() {
            "merge"
        } else {
            "split"
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO person_overrides (kind, name, into_name, note, author, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(kind)
        .bind(name)
        .bind(into_name)
        .bind(note)
        .bind(author)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let target = format!("person {name}");
        log_change(
            &mut tx,
            Change {
                author,
                action: if into_name.is_some() {
                    "merge people"
                } else {
                    "split person"
                },
                target: &target,
                before: None,
                after: Some(&json!({ "into": into_name, "note": note })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
