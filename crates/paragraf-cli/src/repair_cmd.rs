//! `paragraf repair`: OCR repair on its own, to see what it changes.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use paragraf_cli::pipeline::InputError;
use paragraf_import::decode_text;
use paragraf_repair::{Repairer, render_diff};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  paragraf repair scan.txt            the repaired text, lines kept\n  paragraf repair scan.txt --diff     each changed line, before and after\n  paragraf repair scan.txt --json     every change with line and confidence")]
pub struct RepairArgs {
    /// A text file (UTF-8, UTF-16 or Windows-1252).
    pub file: PathBuf,
    /// Show what changed instead of the repaired text.
    #[arg(long, conflicts_with = "json")]
    pub diff: bool,
    /// Print the repaired text and every change as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &RepairArgs) -> Result<()> {
    let shown = args.file.display().to_string();
    if args.file.is_dir() {
        return Err(InputError::Directory { path: shown }.into());
    }
    let bytes = std::fs::read(&args.file).map_err(|source| InputError::Unreadable { path: shown.clone(), source })?;
    let text = decode_text(&bytes).map_err(|source| InputError::NotADocument { path: shown, source })?;
    let repairer = Repairer::new().context("loading the Swedish lexicon")?;
    let repaired = repairer.repair(&text);
    let output = if args.json {
        serde_json::to_string_pretty(&repaired)? + "\n"
    } else if args.diff {
        render_diff(&text, &repaired)
    } else {
        repaired.text.clone()
    };
    std::io::stdout().lock().write_all(output.as_bytes())?;
    Ok(())
}
