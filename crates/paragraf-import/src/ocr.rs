//! OCR with the Tesseract command line and its Swedish model.

use std::path::Path;

use crate::tool::{self, Program};
use crate::{ImportError, Limits};

pub(crate) const TESSERACT: Program = Program {
    name: "tesseract",
    needed_for: "OCR of scanned pages and images",
    packages: "tesseract-ocr tesseract-ocr-swe",
};

/// Checks that Tesseract runs and has the Swedish model, before any page
/// is rendered for it.
pub(crate) fn ensure_available(limits: &Limits) -> Result<(), ImportError> {
    let mut command = TESSERACT.command();
    command.arg("--list-langs");
    let output = tool::run(&TESSERACT, command, limits)?;
    // Older versions print the list on stderr.
    let listing = String::from_utf8_lossy(&output.stdout) + output.stderr.as_str();
    if listing.lines().any(|line| line.trim() == "swe") {
        Ok(())
    } else {
        Err(ImportError::MissingTool {
            needed_for: "OCR in Swedish",
            program: "tesseract-ocr-swe",
            packages: "tesseract-ocr-swe",
        })
    }
}

/// The text of the image at `path`, pages separated by form feeds.
pub(crate) fn recognise(path: &Path, limits: &Limits) -> Result<String, ImportError> {
    let mut command = TESSERACT.command();
    command.arg(path).arg("-").args(["-l", "swe", "--psm", "3"]);
    let output = tool::run(&TESSERACT, command, limits)?;
    if !output.status.success() {
        return Err(ImportError::ToolFailed {
            program: TESSERACT.name,
            message: output.stderr_line(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
