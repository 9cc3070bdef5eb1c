//! `paragraf repair FILE [--diff | --json]`: repairs OCR-mangled Swedish in a text file.

use std::io::Write;

use anyhow::Context;
use paragraf_repair::{Repairer, render_diff};

#[derive(clap::Args, Debug)]
pub struct RepairArgs {
    /// Text file to repair (UTF-8, UTF-16 or a legacy encoding).
    pub file: std::path::PathBuf,
    /// Print only the changed lines, original (`-`) and repaired (`+`).
    #[arg(long)]
    pub diff: bool,
    /// Print the repaired text and every change as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &RepairArgs) -> anyhow::Result<()> {
    let path = args.file.display();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {path}"))?;
    let text =
        paragraf_import::decode_text(&bytes).with_context(|| format!("cannot decode {path}"))?;
    let repairer = Repairer::new().context("cannot load the repair lexicon")?;
    let repaired = repairer.repair(&text);
    let output = if args.json {
        serde_json::to_string_pretty(&repaired)? + "\n"
    } else if args.diff {
        render_diff(&text, &repaired)
    } else {
        repaired.text
    };
    std::io::stdout().lock().write_all(output.as_bytes())?;
    Ok(())
}
