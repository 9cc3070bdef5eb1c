//! `agenda next` and `decisions`: what the next meeting must take up, and
//! every decision with its execution.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use anyhow::Result;
use paragraf_archive::DateBound;
use paragraf_followup::agenda::render_markdown;
use paragraf_followup::decisions::DecisionRecord;
use paragraf_followup::people::fold_name;
use paragraf_followup::{decisions as all_decisions, next_agenda};

use crate::archive_cmd::open;
use crate::output::print_list;

pub const AGENDA_HELP: &str = "\
Drafts the next meeting's agenda from the archive: feedback on every open
action (Återkoppling från föregående möte), points a meeting scheduled for
the date, deadlines that fall before it, decisions whose execution is still
to be followed up, and the items most recent meetings carried. Points from
meetings more than a year before, never taken up since, are listed apart as
stale. The body is the one of the latest meeting before the date unless
--body names one.

Examples:
  paragraf agenda next --date 2021-03-23
  paragraf agenda next --body ledningsgrupp --format json";

pub const DECISIONS_HELP: &str = "\
Every decision with its meeting, date, item and body. A decision that asks
for something to be done (an assignment, a plan adopted, a routine
introduced) is followed to its execution: open, under way, executed or
reported back, with the later items that show it.

Examples:
  paragraf decisions --from 2021 --to 2021 --text matematik
  paragraf decisions --open --json";

#[derive(clap::Args, Debug)]
pub struct AgendaArgs {
    #[command(subcommand)]
    pub which: AgendaWhich,
}

#[derive(clap::Subcommand, Debug)]
pub enum AgendaWhich {
    /// The next meeting's agenda.
    Next(NextArgs),
}

#[derive(clap::Args, Debug)]
pub struct NextArgs {
    /// The meeting's date (YYYY-MM-DD); default: the next meeting.
    #[arg(long, value_name = "DATE", value_parser = iso_date)]
    pub date: Option<String>,
    /// The body (any part of its name); default: the latest meeting's.
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    #[arg(long, value_enum, default_value_t = AgendaFormat::Markdown)]
    pub format: AgendaFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum AgendaFormat {
    Markdown,
    Json,
}

fn iso_date(value: &str) -> Result<String, String> {
    match value.parse::<DateBound>() {
        Ok(day) if day.first == day.last => Ok(value.trim().to_string()),
        _ => Err(format!("'{value}' is not a day (YYYY-MM-DD)")),
    }
}

#[derive(clap::Args, Debug)]
pub struct DecisionsArgs {
    /// Meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<DateBound>,
    /// Meetings on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<DateBound>,
    /// Only this body (any part of its name).
    #[arg(long, value_name = "NAME")]
    pub body: Option<String>,
    /// Only decisions whose text or item title contains this (diacritics ignored).
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
    /// Only decisions whose execution is still to be followed up.
    #[arg(long)]
    pub open: bool,
    #[arg(long)]
    pub json: bool,
}

pub async fn agenda(data: &Path, args: &AgendaArgs) -> Result<()> {
    let AgendaWhich::Next(args) = &args.which;
    let archive = open(data).await?;
    let agenda = next_agenda(archive.store(), args.date.as_deref(), args.body.as_deref()).await?;
    archive.close().await;
    let out = match args.format {
        AgendaFormat::Markdown => render_markdown(&agenda),
        AgendaFormat::Json => serde_json::to_string_pretty(&agenda)? + "\n",
    };
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

pub async fn decisions(data: &Path, args: &DecisionsArgs) -> Result<()> {
    let archive = open(data).await?;
    let mut decisions = all_decisions(archive.store()).await?;
    archive.close().await;
    decisions.retain(|d| keep(d, args));
    print_list(&decisions, args.json, "no decisions", |out, decision| {
        let _ = writeln!(
            out,
            "{:>5}  {:<10}  {:<18}  {} · {}",
            decision.id,
            decision.date.as_deref().unwrap_or("undated"),
            decision.execution.as_str(),
            decision.body.as_deref().unwrap_or("–"),
            decision.item_title,
        );
        let _ = writeln!(out, "       {}", decision.text);
        let _ = writeln!(out, "       ({})", decision.execution_reason);
    })
}

fn keep(decision: &DecisionRecord, args: &DecisionsArgs) -> bool {
    let contains = |haystack: Option<&str>, needle: &Option<String>| match needle {
        None => true,
        Some(needle) => haystack.is_some_and(|h| fold_name(h).contains(&fold_name(needle))),
    };
    let day = decision
        .date
        .as_deref()
        .and_then(|date| date.replace('-', "").parse::<i64>().ok());
    let in_range = match (day, &args.from, &args.to) {
        (_, None, None) => true,
        (None, _, _) => false,
        (Some(day), from, to) => {
            from.is_none_or(|from| day >= from.first) && to.is_none_or(|to| day <= to.last)
        }
    };
    let text = format!("{} {}", decision.item_title, decision.text);
    in_range
        && contains(decision.body.as_deref(), &args.body)
        && contains(Some(&text), &args.text)
        && (!args.open
            || matches!(
                decision.execution,
                paragraf_followup::decisions::Execution::Open
                    | paragraf_followup::decisions::Execution::UnderWay
            ))
}
