//! `actions` and `action ID STATUS`: the actions register.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use paragraf_followup::actions::{ActionRecord, ActionStatus};
use paragraf_followup::people::fold_name;
use paragraf_followup::{FollowupError, actions as all_actions, set_action_status};

use crate::archive_cmd::{author, open};
use crate::exit::Exit;
use crate::output::print_list;

pub const ACTIONS_HELP: &str = "\
Every action the minutes record, with owners, due date and status: open,
done, carried over (a later meeting of the same body takes the matter up;
the item is shown as evidence, with why it was linked) or dropped. A status
set by hand (`paragraf action ID done`) wins over the derived one.

Examples:
  paragraf actions --open
  paragraf actions --owner Lila --json";

pub const ACTION_HELP: &str = "\
Records who changed the status, when and why; nothing is overwritten, and
the history shows in `paragraf actions --json`.

Examples:
  paragraf action 42 done --note 'Planen reviderad och skickad till LG'
  paragraf action 17 dropped --note 'Ersatt av nytt uppdrag' --by 'Marie Krantz'";

#[derive(clap::Args, Debug)]
pub struct ActionsArgs {
    /// Only actions still to do (open or carried over).
    #[arg(long)]
    pub open: bool,
    /// Only actions this person owns (any part of the name).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct ActionArgs {
    /// The action's id, as `paragraf actions` shows it.
    pub id: i64,
    pub status: StatusArg,
    /// Why: what was done, or why it was dropped.
    #[arg(long)]
    pub note: String,
    /// Who records the change.
    #[arg(long, env = "PARAGRAF_USER", value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum StatusArg {
    Open,
    Done,
    CarriedOver,
    Dropped,
}

impl From<StatusArg> for ActionStatus {
    fn from(status: StatusArg) -> ActionStatus {
        match status {
            StatusArg::Open => ActionStatus::Open,
            StatusArg::Done => ActionStatus::Done,
            StatusArg::CarriedOver => ActionStatus::CarriedOver,
            StatusArg::Dropped => ActionStatus::Dropped,
        }
    }
}

pub async fn actions(data: &Path, args: &ActionsArgs) -> Result<()> {
    let archive = open(data).await?;
    let mut actions = all_actions(archive.store()).await?;
    archive.close().await;
    if args.open {
        actions.retain(|action| action.status.is_pending());
    }
    if let Some(owner) = &args.owner {
        let owner = fold_name(owner);
        actions.retain(|action| action.owners.iter().any(|o| fold_name(o).contains(&owner)));
    }
    print_list(&actions, args.json, "no actions", write_action)
}

pub async fn action(data: &Path, args: &ActionArgs) -> Result<()> {
    let archive = open(data).await?;
    let author = author(args.by.as_deref());
    let status = ActionStatus::from(args.status);
    let result = set_action_status(archive.store(), args.id, status, &args.note, &author).await;
    archive.close().await;
    match result {
        Ok(()) => {
            println!(
                "action {} is now {} (recorded by {author})",
                args.id,
                status.as_str()
            );
            Ok(())
        }
        Err(FollowupError::NoSuchAction(id)) => Err(Exit::NoSuchAction(id).into()),
        Err(other) => Err(other.into()),
    }
}

fn write_action(out: &mut String, action: &ActionRecord) {
    let due = match (&action.due_date, action.due_next_meeting) {
        (Some(date), _) => format!(" · due {date}"),
        (None, true) => " · due next meeting".to_string(),
        (None, false) => String::new(),
    };
    let owners = if action.owners.is_empty() {
        "no owner".to_string()
    } else {
        action.owners.join(", ")
    };
    let _ = writeln!(
        out,
        "{:>5}  {:<12}  {} · {}{due}",
        action.id,
        action.status.as_str(),
        action.date.as_deref().unwrap_or("undated"),
        owners,
    );
    let _ = writeln!(out, "       {}", action.text);
    let _ = writeln!(out, "       ({})", action.status_reason);
}
