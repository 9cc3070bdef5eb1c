//! `topics` and `topic QUERY`: matters threaded across meetings.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use anyhow::Result;
use paragraf_followup::people::fold_name;
use paragraf_followup::topics::{Topic, TopicItem};
use paragraf_followup::{FollowupError, topics as all_topics, unlink_from_topic};

use crate::archive_cmd::{author, open};
use crate::exit::Exit;
use crate::output::print_list;

pub const TOPICS_HELP: &str = "\
Items about the same matter across meetings, threaded into topics: two
items of one body are linked when their titles share a rare word or a
programme code (H22, VP), or title and text share several. Each item says
which link brought it in.

Examples:
  paragraf topics
  paragraf topics --json";

pub const TOPIC_HELP: &str = "\
QUERY is any part of any item title in the topic (diacritics ignored).
With --unlink, the item leaves the topic for good: the links between it
and the topic's other items are recorded as wrong, with who and why.

Examples:
  paragraf topic medarbetarenkät
  paragraf topic H22 --unlink 57 --note 'Handlar om lokaler, inte H22'";

#[derive(clap::Args, Debug)]
pub struct TopicsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct TopicArgs {
    /// Any part of an item title in the topic, or the topic's id.
    pub query: String,
    /// Take this item (its id, as shown) out of the topic.
    #[arg(long, value_name = "ITEM", requires = "note")]
    pub unlink: Option<i64>,
    /// Why the item is not about this matter.
    #[arg(long)]
    pub note: Option<String>,
    /// Who unlinks.
    #[arg(long, env = "PARAGRAF_USER", value_name = "NAME")]
    pub by: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub async fn topics(data: &Path, args: &TopicsArgs) -> Result<()> {
    let archive = open(data).await?;
    let topics = all_topics(archive.store()).await?;
    archive.close().await;
    print_list(
        &topics,
        args.json,
        "no topics: no matter comes up in two meetings yet",
        |out, topic| {
            let _ = writeln!(
                out,
                "{:>5}  {:>2} items  {}  {}",
                topic.id,
                topic.items.len(),
                span(&topic.items),
                topic.title
            );
        },
    )
}

pub async fn topic(data: &Path, args: &TopicArgs) -> Result<()> {
    let archive = open(data).await?;
    let query = fold_name(&args.query);
    let matching = |topic: &Topic| {
        topic.id.to_string() == args.query
            || topic
                .items
                .iter()
                .any(|item| fold_name(&item.title).contains(&query))
    };
    let found: Vec<Topic> = all_topics(archive.store())
        .await?
        .into_iter()
        .filter(matching)
        .collect();
    if let Some(item) = args.unlink {
        let [topic] = found.as_slice() else {
            archive.close().await;
            return Err(match found.len() {
                0 => Exit::NoSuchTopic(args.query.clone()),
                count => Exit::AmbiguousTopic(args.query.clone(), count),
            }
            .into());
        };
        let author = author(args.by.as_deref());
        let note = args.note.as_deref().unwrap_or_default();
        let result = unlink_from_topic(archive.store(), topic.id, item, note, &author).await;
        archive.close().await;
        return match result {
            Ok(()) => {
                println!(
                    "item {item} is no longer in topic {} (recorded by {author})",
                    topic.id
                );
                Ok(())
            }
            Err(error @ FollowupError::NotInTopic { .. }) => {
                Err(Exit::Usage(error.to_string()).into())
            }
            Err(other) => Err(other.into()),
        };
    }
    archive.close().await;
    if found.is_empty() {
        return Err(Exit::NoSuchTopic(args.query.clone()).into());
    }
    let mut out = String::new();
    if args.json {
        out = serde_json::to_string_pretty(&found)? + "\n";
    } else {
        for topic in &found {
            let _ = writeln!(out, "topic {} · {}", topic.id, topic.title);
            for item in &topic.items {
                let _ = writeln!(
                    out,
                    "  {:<10}  item {:>5}  {}\n              ({})",
                    item.date.as_deref().unwrap_or("undated"),
                    item.item_id,
                    item.title,
                    item.reason
                );
            }
            out.push('\n');
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

/// The dates a topic's items span (`2020-11-10 – 2021-04-20`), saying so
/// when some items are undated, whose place in time is unknown.
fn span(items: &[TopicItem]) -> String {
    let dates: Vec<&str> = items.iter().filter_map(|i| i.date.as_deref()).collect();
    let dated = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) if first == last => first.to_string(),
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => return "undated".to_string(),
    };
    if dates.len() < items.len() {
        format!("{dated} and undated")
    } else {
        dated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(date: Option<&str>) -> TopicItem {
        TopicItem {
            item_id: 1,
            meeting_id: 1,
            date: date.map(str::to_string),
            body: None,
            title: "Kvalitetsrapporter".into(),
            reason: String::new(),
            reason_sv: String::new(),
        }
    }

    #[test]
    fn a_span_names_one_day_once_and_says_when_items_are_undated() {
        let day = item(Some("2020-11-10"));
        let later = item(Some("2021-04-20"));
        let undated = item(None);
        assert_eq!(
            span(&[day.clone(), later.clone()]),
            "2020-11-10 – 2021-04-20"
        );
        assert_eq!(
            span(&[day.clone(), day.clone(), undated.clone()]),
            "2020-11-10 and undated"
        );
        assert_eq!(span(&[undated.clone(), undated]), "undated");
    }
}
