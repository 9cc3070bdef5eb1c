//! `paragraf`: the command line.
//!
//! Exit codes (documented in `--help` and the README):
//! 0 success; 2 usage error; 3 a file could not be read (missing, a
//! directory, no permission); 4 a file is not a document Paragraf can read
//! (empty, binary, too large, unsupported format).

mod parse_cmd;
mod repair_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use paragraf_cli::pipeline::InputError;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  2  usage error
  3  a file could not be read (missing, a directory, no permission)
  4  a file is not a document Paragraf can read (empty, binary, too large)

Examples:
  paragraf parse minutes.txt                  the meeting record as JSON
  paragraf parse minutes.txt --format markdown
  paragraf parse minutes.txt --format text    the cleaned text the record's lines refer to
  paragraf demo                               parse the bundled sample minutes";

#[derive(Parser, Debug)]
#[command(name = "paragraf", version, about = "Turns meeting minutes into a living governance record.", after_help = AFTER_HELP)]
struct Cli {
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
    /// Parse the bundled sample minutes and show what Paragraf reads from them.
    Demo(parse_cmd::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Parse(args) => parse_cmd::run(args),
        Command::Repair(args) => repair_cmd::run(args),
        Command::Demo(args) => parse_cmd::demo(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let code = error
                .downcast_ref::<InputError>()
                .map_or(1, InputError::exit_code);
            eprintln!("paragraf: {error:#}");
            ExitCode::from(code)
        }
    }
}
