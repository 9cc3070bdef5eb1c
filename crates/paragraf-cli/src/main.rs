//! `paragraf`: the command line.
//!
//! Exit codes (documented in `--help` and the README):
//! 0 success; 1 the database, index or output failed; 2 usage error (or an
//! ambiguous meeting); 3 a file could not be read (missing, a directory,
//! no permission); 4 a file is not a document Paragraf can read (empty,
//! binary, too large, unsupported format); 5 `ingest` finished but some
//! files failed; 6 no such meeting, person, action or topic.

mod actions_cmd;
mod agenda_cmd;
mod archive_cmd;
mod exit;
mod output;
mod parse_cmd;
mod people_cmd;
mod repair_cmd;
mod serve_cmd;
mod topics_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use exit::Exit;
use paragraf_pipeline::InputError;

/// A search allocates and frees many short-lived buffers (scorers, decoded
/// blocks, documents); mimalloc serves them about a third faster than the
/// system's allocator under load (`cargo bench -p paragraf-web --bench load`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  the database, search index or output failed
  2  usage error, or a meeting selector that matches several meetings
  3  a file could not be read (missing, a directory, no permission)
  4  a file is not a document Paragraf can read (empty, binary, too large)
  5  ingest finished, but some files failed (the rest are stored)
  6  no such meeting, person, action or topic

Examples:
  paragraf parse minutes.txt                  the meeting record as JSON
  paragraf parse minutes.txt --format markdown
  paragraf ingest protokoll/                  store a folder of minutes in the archive
  paragraf search förskola --from 2021        search items, decisions and actions
  paragraf meetings                           list the archive
  paragraf show 2021-03-15                    one meeting, as Markdown
  paragraf people                             everyone, with attendance
  paragraf person Lila                        one person across meetings
  paragraf actions --open                     what is still to be done
  paragraf action 42 done --note 'Klart'      record that an action is done
  paragraf decisions --text matematik         decisions and their execution
  paragraf agenda next --date 2021-03-23      draft the next meeting's agenda
  paragraf topic medarbetarenkät              one matter's timeline across meetings
  paragraf user add lila --role secretary     an account for the web application
  paragraf serve                              the web application on http://127.0.0.1:8080
  paragraf demo                               sample minutes in a fresh archive, served";

#[derive(Parser, Debug)]
#[command(name = "paragraf", version, about = "Turns meeting minutes into a living governance record.", after_help = AFTER_HELP)]
struct Cli {
    /// The archive's data directory [default: $XDG_DATA_HOME/paragraf or ~/.local/share/paragraf].
    #[arg(long, global = true, env = "PARAGRAF_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read one minutes document into its meeting record.
    #[command(after_help = parse_cmd::AFTER_HELP)]
    Parse(parse_cmd::ParseArgs),
    /// Repair OCR-damaged Swedish in a text file.
    Repair(repair_cmd::RepairArgs),
    /// Store minutes in the archive (files and folders, recursively).
    #[command(after_help = archive_cmd::INGEST_HELP)]
    Ingest(archive_cmd::IngestArgs),
    /// Search the archive's items, decisions and actions.
    #[command(after_help = archive_cmd::SEARCH_HELP)]
    Search(archive_cmd::SearchArgs),
    /// List the meetings in the archive.
    Meetings(archive_cmd::ListArgs),
    /// Show one meeting from the archive.
    #[command(after_help = archive_cmd::SHOW_HELP)]
    Show(archive_cmd::ShowArgs),
    /// Rebuild the search index from the database.
    Reindex,
    /// Everyone the minutes name, one person per human, with attendance.
    #[command(after_help = people_cmd::PEOPLE_HELP)]
    People(people_cmd::PeopleArgs),
    /// One person: the names they go by and every meeting they took part in.
    #[command(after_help = people_cmd::PERSON_HELP)]
    Person(people_cmd::PersonArgs),
    /// The actions register: owners, due dates, status and evidence.
    #[command(after_help = actions_cmd::ACTIONS_HELP)]
    Actions(actions_cmd::ActionsArgs),
    /// Record a new status for one action, with a note.
    #[command(after_help = actions_cmd::ACTION_HELP)]
    Action(actions_cmd::ActionArgs),
    /// Every decision with its execution (verkställighet).
    #[command(after_help = agenda_cmd::DECISIONS_HELP)]
    Decisions(agenda_cmd::DecisionsArgs),
    /// Draft the next meeting's agenda from what is pending.
    #[command(after_help = agenda_cmd::AGENDA_HELP)]
    Agenda(agenda_cmd::AgendaArgs),
    /// Matters threaded across meetings.
    #[command(after_help = topics_cmd::TOPICS_HELP)]
    Topics(topics_cmd::TopicsArgs),
    /// One topic's timeline; or take an item out of it.
    #[command(after_help = topics_cmd::TOPIC_HELP)]
    Topic(topics_cmd::TopicArgs),
    /// Serve the web application and JSON API on the archive.
    #[command(after_help = serve_cmd::SERVE_HELP)]
    Serve(serve_cmd::ServeArgs),
    /// Manage the web application's accounts.
    User(serve_cmd::UserArgs),
    /// Ingest the bundled sample minutes into a fresh archive and serve it.
    #[command(after_help = serve_cmd::DEMO_HELP)]
    Demo(serve_cmd::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data = archive_cmd::data_dir(cli.data.as_deref());
    let result = match &cli.command {
        Command::Parse(args) => parse_cmd::run(args),
        Command::Repair(args) => repair_cmd::run(args),
        Command::Demo(args) => serve_cmd::demo(args),
        Command::Serve(args) => serve_cmd::serve(&data, args),
        Command::User(args) => serve_cmd::user(&data, args),
        Command::Ingest(args) => run_async(archive_cmd::ingest(&data, args)),
        Command::Search(args) => run_async(archive_cmd::search(&data, args)),
        Command::Meetings(args) => run_async(archive_cmd::meetings(&data, args)),
        Command::Show(args) => run_async(archive_cmd::show(&data, args)),
        Command::Reindex => run_async(archive_cmd::reindex(&data)),
        Command::People(args) => run_async(people_cmd::people(&data, args)),
        Command::Person(args) => run_async(people_cmd::person(&data, args)),
        Command::Actions(args) => run_async(actions_cmd::actions(&data, args)),
        Command::Action(args) => run_async(actions_cmd::action(&data, args)),
        Command::Decisions(args) => run_async(agenda_cmd::decisions(&data, args)),
        Command::Agenda(args) => run_async(agenda_cmd::agenda(&data, args)),
        Command::Topics(args) => run_async(topics_cmd::topics(&data, args)),
        Command::Topic(args) => run_async(topics_cmd::topic(&data, args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `paragraf people | head`: the reader has all it wanted.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            let code = error
                .downcast_ref::<InputError>()
                .map(InputError::exit_code)
                .or_else(|| error.downcast_ref::<Exit>().map(Exit::code))
                .unwrap_or(1);
            eprintln!("paragraf: {error:#}");
            ExitCode::from(code)
        }
    }
}

/// The archive is async (sqlx); one thread is all the CLI needs.
pub(crate) fn run_async(work: impl Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(work)
}
