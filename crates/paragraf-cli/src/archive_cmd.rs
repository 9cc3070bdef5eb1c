//! `ingest`, `search`, `meetings`, `show`, `reindex`: the archive commands.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use paragraf_archive::{
    Archive, DateBound, Hit, IngestEvent, IngestOptions, Kind, MeetingSummary, Outcome,
    SearchQuery, collect_files,
};
use paragraf_import::Limits;
use paragraf_pipeline::RepairMode;
use paragraf_record::render_markdown;
use serde_json::json;

use crate::exit::Exit;
use crate::output::print_list;

pub const INGEST_HELP: &str = "\
Each document is stored in its own transaction as soon as it is read; the
same bytes twice are one meeting. A file that cannot be read is reported and
skipped. With --json, one JSON line per file, then a summary line.

Exit codes: 0 every file ingested or unchanged; 5 some files failed (the
rest are stored); 1 the database or index failed.

Examples:
  paragraf ingest protokoll/                  every document under a folder
  paragraf ingest 2021-03-15.pdf 2021-04-12.docx
  paragraf --data /srv/paragraf ingest arkiv/ --json";

pub const SEARCH_HELP: &str = "\
Words match in any inflection and spelling (förskola finds förskolan,
förskolor and an OCR-damaged forskola); every word must match. Hits spelt
as typed come first, then those differing only in å/ä/ö, then near
spellings. Quote a phrase to match it word for word.

Examples:
  paragraf search matematik --from 2021 --to 2021
  paragraf search '\"svenska som andraspråk\"' --kind decision
  paragraf search åtgärdsplan --person 'Anna' --json";

pub const SHOW_HELP: &str = "\
MEETING is a meeting id (see `paragraf meetings`), a date (2021-03-15), a
file name, or the start of the document's SHA-256.

Examples:
  paragraf show 12
  paragraf show 2021-03-15 --json";

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files and folders (walked recursively).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// One JSON line per file and a summary line, for scripts.
    #[arg(long)]
    pub json: bool,
    /// Largest file accepted, in megabytes.
    #[arg(long, env = "PARAGRAF_MAX_MB", default_value_t = 50)]
    pub max_mb: u64,
    /// When to repair OCR-damaged Swedish.
    #[arg(long, value_enum, default_value_t = RepairMode::Auto)]
    pub repair: RepairMode,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words and "quoted phrases".
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<DateBound>,
    /// Meetings on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<DateBound>,
    /// Only parts this person presented or owns (any part of the name).
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Only meetings of this body (any part of its name).
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    /// Only this kind of part; repeat for several.
    #[arg(long, value_enum)]
    pub kind: Vec<KindArg>,
    /// How many hits to show.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindArg {
    Item,
    Decision,
    Action,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// Meeting id, date, file name or SHA-256 prefix.
    pub meeting: String,
    /// The stored meeting record as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The data directory: `--data`, `PARAGRAF_DATA`, else the per-user data
/// folder (`$XDG_DATA_HOME/paragraf`, `~/.local/share/paragraf`).
pub fn data_dir(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")));
    base.map_or_else(|| PathBuf::from(".paragraf"), |base| base.join("paragraf"))
}

/// Who records a change by hand: `--by`, `PARAGRAF_USER` (through clap),
/// else the login name.
pub(crate) fn author(by: Option<&str>) -> String {
    by.map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".to_string())
}

pub(crate) async fn open(data: &Path) -> Result<Archive> {
    Archive::open(data)
        .await
        .with_context(|| format!("cannot open the archive in {}", data.display()))
}

pub async fn ingest(data: &Path, args: &IngestArgs) -> Result<()> {
    let archive = open(data).await?;
    let (files, missing) = collect_files(&args.paths);
    let options = IngestOptions {
        limits: Limits {
            max_bytes: args.max_mb.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        repair: args.repair,
    };
    let progress = ProgressBar::new(files.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {per_sec} {wide_msg}")
            .expect("the template is valid"),
    );
    let mut stdout = std::io::stdout().lock();
    let mut print_error = None;
    let summary = archive
        .ingest(&files, &options, &mut |event| match event {
            IngestEvent::Started { .. } | IngestEvent::Indexed { .. } => {}
            IngestEvent::File { path, outcome } => {
                progress.inc(1);
                progress.set_message(path.display().to_string());
                if args.json {
                    let line = json!({ "file": path, "outcome": outcome_json(outcome) });
                    if let Err(error) = writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
                        print_error.get_or_insert(error);
                    }
                } else if let Outcome::Failed { reason } = outcome {
                    progress.suspend(|| eprintln!("paragraf: {reason}"));
                }
            }
        })
        .await?;
    progress.finish_and_clear();
    if let Some(error) = print_error {
        return Err(error).context("cannot write to standard output");
    }
    archive.close().await;

    let failures: Vec<_> = missing.iter().chain(&summary.failures).collect();
    for failure in &missing {
        eprintln!("paragraf: {}: {}", failure.file.display(), failure.reason);
    }
    if args.json {
        let line = json!({
            "summary": {
                "ingested": summary.ingested,
                "unchanged": summary.unchanged,
                "failed": failures.iter().map(|f| json!({"file": f.file, "reason": f.reason})).collect::<Vec<_>>(),
                "index_deferred": summary.index_deferred,
            }
        });
        writeln!(stdout, "{line}")?;
    } else {
        writeln!(
            stdout,
            "ingested {}, unchanged {}, failed {} — archive {}",
            summary.ingested,
            summary.unchanged,
            failures.len(),
            data.display()
        )?;
        if summary.index_deferred {
            writeln!(
                stdout,
                "the search index is in use by another paragraf process; it will catch up on its next write or search"
            )?;
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Exit::SomeFilesFailed(failures.len()).into())
    }
}

fn outcome_json(outcome: &Outcome) -> serde_json::Value {
    match outcome {
        Outcome::Ingested {
            meeting_id,
            items,
            decisions,
            actions,
            repaired_words,
        } => json!({
            "status": "ingested", "meeting": meeting_id, "items": items,
            "decisions": decisions, "actions": actions, "repaired_words": repaired_words,
        }),
        Outcome::Unchanged { meeting_id } => json!({"status": "unchanged", "meeting": meeting_id}),
        Outcome::Failed { reason } => json!({"status": "failed", "reason": reason}),
    }
}

pub async fn search(data: &Path, args: &SearchArgs) -> Result<()> {
    let archive = open(data).await?;
    let query = SearchQuery {
        text: args.query.join(" "),
        from: args.from,
        to: args.to,
        person: args.person.clone(),
        body: args.body.clone(),
        kinds: args
            .kind
            .iter()
            .map(|kind| match kind {
                KindArg::Item => Kind::Item,
                KindArg::Decision => Kind::Decision,
                KindArg::Action => Kind::Action,
            })
            .collect(),
        limit: args.limit,
    };
    let results = archive.search(&query).await?;
    archive.close().await;
    if results.unindexed > 0 {
        eprintln!(
            "paragraf: {} meetings are not in the search index yet (another process is writing it)",
            results.unindexed
        );
    }
    let colour = colour_wanted();
    let mut rank = 0;
    print_list(&results.hits, args.json, "no hits", |out, hit| {
        rank += 1;
        write_hit(out, rank, hit, colour);
    })
}

/// Colour only for a terminal, and never when `NO_COLOR` is set.
fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        && std::io::stdout().is_terminal()
}

fn write_hit(out: &mut String, rank: usize, hit: &Hit, colour: bool) {
    let item = match &hit.item_number {
        Some(number) => format!("{number} {}", hit.item_title),
        None => hit.item_title.clone(),
    };
    let _ = writeln!(
        out,
        "{rank:>2}. {} · {} · meeting {} · {} · {}",
        hit.date.as_deref().unwrap_or("undated"),
        hit.body.as_deref().unwrap_or("–"),
        hit.meeting_id,
        hit.kind.as_str(),
        item.trim(),
    );
    let (bold, plain) = if colour {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut snippet = String::new();
    let mut at = 0;
    for [from, to] in &hit.snippet.highlights {
        snippet.push_str(&hit.snippet.text[at..*from]);
        let _ = write!(snippet, "{bold}{}{plain}", &hit.snippet.text[*from..*to]);
        at = *to;
    }
    snippet.push_str(&hit.snippet.text[at..]);
    let _ = writeln!(out, "    {snippet}");
}

pub async fn meetings(data: &Path, args: &ListArgs) -> Result<()> {
    let archive = open(data).await?;
    let meetings = archive.meetings().await?;
    archive.close().await;
    let mut out = String::new();
    if args.json {
        let list: Vec<_> = meetings.iter().map(summary_json).collect();
        out = serde_json::to_string_pretty(&list)?;
        out.push('\n');
    } else if meetings.is_empty() {
        out.push_str("no meetings yet: add some with `paragraf ingest PATH`\n");
    } else {
        for meeting in &meetings {
            write_summary(&mut out, meeting);
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

fn summary_json(meeting: &MeetingSummary) -> serde_json::Value {
    json!({
        "id": meeting.id, "date": meeting.date, "organization": meeting.organization,
        "body": meeting.body, "location": meeting.location, "file": meeting.file_name,
        "items": meeting.items, "decisions": meeting.decisions, "actions": meeting.actions,
    })
}

fn write_summary(out: &mut String, meeting: &MeetingSummary) {
    let _ = writeln!(
        out,
        "{:>5}  {:<10}  {:<40}  {:>2} items {:>2} decisions {:>2} actions  {}",
        meeting.id,
        meeting.date.as_deref().unwrap_or("undated"),
        meeting.body.as_deref().unwrap_or("–"),
        meeting.items,
        meeting.decisions,
        meeting.actions,
        meeting.file_name,
    );
}

pub async fn show(data: &Path, args: &ShowArgs) -> Result<()> {
    let archive = open(data).await?;
    let found = archive.find_meetings(&args.meeting).await?;
    let meeting = match found.as_slice() {
        [] => return Err(Exit::NoSuchMeeting(args.meeting.clone()).into()),
        [one] => archive.meeting(one.id).await?,
        several => {
            let mut list = String::new();
            for meeting in several {
                write_summary(&mut list, meeting);
            }
            return Err(Exit::Ambiguous(args.meeting.clone(), list).into());
        }
    };
    archive.close().await;
    let meeting = meeting.ok_or_else(|| Exit::NoSuchMeeting(args.meeting.clone()))?;
    let out = if args.json {
        let mut out = serde_json::to_string_pretty(&json!({
            "id": meeting.id, "file": meeting.file_name, "sha256": meeting.sha256,
            "ingested_at": meeting.ingested_at, "record": meeting.record,
        }))?;
        out.push('\n');
        out
    } else {
        format!(
            "<!-- meeting {} · {} · ingested {} -->\n{}",
            meeting.id,
            meeting.file_name,
            meeting.ingested_at,
            render_markdown(&meeting.record)
        )
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

pub async fn reindex(data: &Path) -> Result<()> {
    let mut archive = open(data).await?;
    let progress = ProgressBar::new(0);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} meetings {per_sec}")
            .expect("the template is valid"),
    );
    let parts = archive
        .reindex(&mut |done, total| {
            progress.set_length(total);
            progress.set_position(done);
        })
        .await?;
    progress.finish_and_clear();
    let counts = archive.counts().await?;
    archive.close().await;
    println!(
        "reindexed {} meetings ({parts} items, decisions and actions) in {}",
        counts.meetings,
        data.display()
    );
    Ok(())
}
