//! Saved searches and topics, and what is new in them since the user last
//! looked: "new" means from a meeting added after that visit (meeting ids
//! only grow).

use paragraf_archive::SearchQuery;
use paragraf_store::Watch;
use serde::Serialize;

use crate::App;
use crate::auth::{CurrentUser, random_token};
use crate::error::Failure;
use crate::pages::{date_or_undated, highlighted};

/// How many hits of a saved search are looked at for news and the feed.
const WATCH_HITS: usize = 100;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WatchView {
    pub id: i64,
    /// `search` or `topic`.
    pub kind: String,
    pub query: String,
    /// The Atom feed's path; its token is the feed reader's credential.
    pub feed: String,
    pub seen_through: i64,
    /// Everything the watch finds, newest meeting first.
    pub entries: Vec<Entry>,
    /// How many of `entries` are new since the last visit.
    pub new: usize,
}

/// One thing a watch found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Entry {
    /// Stable across calls: `item-12`, `decision-40`, `action-7`.
    pub key: String,
    pub meeting_id: i64,
    pub date: Option<String>,
    pub body: Option<String>,
    pub title: String,
    pub text: String,
    /// `text` with the matched words marked (HTML, escaped).
    #[serde(skip)]
    pub html: String,
    pub new: bool,
}

impl Entry {
    pub fn date_text(&self) -> String {
        date_or_undated(&self.date)
    }
}

pub async fn watch_views(app: &App, user: &CurrentUser) -> Result<Vec<WatchView>, Failure> {
    let mut views = Vec::new();
    for watch in app.archive.store().watches(user.id).await? {
        views.push(watch_view(app, watch).await?);
    }
    Ok(views)
}

pub async fn watch_view(app: &App, watch: Watch) -> Result<WatchView, Failure> {
    let mut entries = match watch.kind.as_str() {
        "topic" => topic_entries(app, &watch.query).await?,
        _ => search_entries(app, &watch.query).await?,
    };
    for entry in &mut entries {
        entry.new = entry.meeting_id > watch.seen_through;
    }
    entries.sort_by(|a, b| (&b.date, b.meeting_id).cmp(&(&a.date, a.meeting_id)));
    Ok(WatchView {
        id: watch.id,
        new: entries.iter().filter(|entry| entry.new).count(),
        feed: format!("/flode/{}", watch.feed_token),
        kind: watch.kind,
        query: watch.query,
        seen_through: watch.seen_through,
        entries,
    })
}

async fn search_entries(app: &App, query: &str) -> Result<Vec<Entry>, Failure> {
    let results = app
        .archive
        .search(&SearchQuery {
            text: query.to_string(),
            limit: WATCH_HITS,
            ..SearchQuery::default()
        })
        .await?;
    Ok(results
        .hits
        .into_iter()
        .map(|hit| Entry {
            key: format!("{}-{}", hit.kind.as_str(), hit.id),
            meeting_id: hit.meeting_id,
            html: highlighted(&hit.snippet.text, &hit.snippet.highlights),
            text: hit.snippet.text,
            date: hit.date,
            body: hit.body,
            title: hit.item_title,
            new: false,
        })
        .collect())
}

async fn topic_entries(app: &App, title: &str) -> Result<Vec<Entry>, Failure> {
    let topics = app.derived.topics(app.archive.store()).await?;
    let Some(topic) = topics.iter().find(|topic| topic.title == title) else {
        return Ok(Vec::new());
    };
    Ok(topic
        .items
        .iter()
        .map(|item| Entry {
            key: format!("item-{}", item.item_id),
            meeting_id: item.meeting_id,
            date: item.date.clone(),
            body: item.body.clone(),
            title: item.title.clone(),
            html: crate::pages::escape(&item.reason_sv),
            text: item.reason_sv.clone(),
            new: false,
        })
        .collect())
}

/// Saves a search or topic for the user; the existing watch when saved
/// before.
pub async fn add(app: &App, user: &CurrentUser, kind: &str, query: &str) -> Result<Watch, Failure> {
    let query = query.trim();
    if !matches!(kind, "search" | "topic") {
        return Err(Failure::BadRequest(format!(
            "kind '{kind}' is neither search nor topic"
        )));
    }
    if query.is_empty() || query.chars().count() > 500 {
        return Err(Failure::BadRequest(
            "a saved search is 1 to 500 characters".into(),
        ));
    }
    Ok(app
        .archive
        .store()
        .add_watch(user.id, kind, query, &random_token())
        .await?)
}

/// Marks everything the user's watches find as seen.
pub async fn mark_seen(app: &App, user: &CurrentUser) -> Result<(), Failure> {
    let store = app.archive.store();
    store
        .mark_watches_seen(user.id, store.newest_meeting_id().await?)
        .await?;
    Ok(())
}

pub async fn delete(app: &App, user: &CurrentUser, id: i64) -> Result<(), Failure> {
    if app.archive.store().delete_watch(user.id, id).await? {
        Ok(())
    } else {
        Err(Failure::NotFound("watch"))
    }
}
