//! New minutes from the browser: each uploaded file is stored in a
//! private folder of the data directory, ingested like `paragraf ingest`
//! (one transaction per document, idempotent on its bytes), logged, and
//! removed; every file gets its own result.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::Multipart;
use paragraf_archive::{IngestEvent, IngestOptions, Outcome};
use paragraf_store::Change;
use serde::Serialize;

use crate::App;
use crate::auth::{CurrentUser, random_token};
use crate::error::Failure;

/// What became of one uploaded file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FileResult {
    pub file: String,
    /// `ingested`, `unchanged` or `failed`.
    pub status: &'static str,
    pub meeting_id: Option<i64>,
    /// One line in Swedish, for the page.
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UploadResult {
    pub files: Vec<FileResult>,
}

/// Where the page's form token is: forms send it as the first multipart
/// field; the API sends it as a header, which the guard checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    InForm,
    Checked,
}

pub async fn receive(
    app: &Arc<App>,
    user: &CurrentUser,
    mut multipart: Multipart,
    token: Token,
) -> Result<UploadResult, Failure> {
    let folder = app.archive.data_dir().join("uploads").join(random_token());
    std::fs::create_dir_all(&folder).map_err(|error| {
        Failure::Internal(format!("cannot create {}: {error}", folder.display()))
    })?;
    let outcome = receive_into(app, user, &mut multipart, token, &folder).await;
    // The originals are in the database now; the copies go whatever happened.
    let _ = std::fs::remove_dir_all(&folder);
    outcome
}

async fn receive_into(
    app: &Arc<App>,
    user: &CurrentUser,
    multipart: &mut Multipart,
    token: Token,
    folder: &std::path::Path,
) -> Result<UploadResult, Failure> {
    let mut token_seen = token == Token::Checked;
    let mut saved: Vec<(String, PathBuf)> = Vec::new();
    let mut results: Vec<FileResult> = Vec::new();
    let bad_form = |error: axum::extract::multipart::MultipartError| {
        Failure::BadRequest(format!("the upload was cut short: {}", error.body_text()))
    };
    while let Some(mut field) = multipart.next_field().await.map_err(bad_form)? {
        match field.name() {
            Some("csrf") => {
                let text = field.text().await.map_err(bad_form)?;
                user.check_csrf(&text)?;
                token_seen = true;
            }
            Some("files") => {
                if !token_seen {
                    return Err(Failure::BadCsrf);
                }
                let name = safe_file_name(field.file_name().unwrap_or("namnlös"));
                if name.is_empty() {
                    continue;
                }
                let mut bytes = Vec::new();
                let mut too_large = false;
                while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
                    if bytes.len() + chunk.len() > app.config.max_upload_bytes {
                        too_large = true;
                        continue;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if too_large {
                    results.push(failed(
                        &name,
                        &format!(
                            "filen är större än {} MB",
                            app.config.max_upload_bytes / (1024 * 1024)
                        ),
                    ));
                    continue;
                }
                // A number in front keeps two files of one name apart.
                let path = folder.join(format!("{}-{name}", saved.len()));
                std::fs::write(&path, &bytes).map_err(|error| {
                    Failure::Internal(format!("cannot write {}: {error}", path.display()))
                })?;
                saved.push((name, path));
            }
            _ => {}
        }
    }
    if !token_seen {
        return Err(Failure::BadCsrf);
    }
    if saved.is_empty() && results.is_empty() {
        return Err(Failure::BadRequest("choose at least one file".into()));
    }
    let paths: Vec<PathBuf> = saved.iter().map(|(_, path)| path.clone()).collect();
    let outcomes = ingest(app.clone(), paths).await?;
    for (name, path) in &saved {
        let outcome = outcomes
            .iter()
            .find(|(done, _)| done == path)
            .map(|(_, outcome)| outcome);
        let result = match outcome {
            Some(Outcome::Ingested {
                meeting_id,
                items,
                decisions,
                actions,
                repaired_words,
            }) => {
                let target = format!("meeting {meeting_id}");
                let after = serde_json::json!({ "file": name });
                app.archive
                    .store()
                    .log_change(Change {
                        author: &user.name,
                        action: "upload",
                        target: &target,
                        before: None,
                        after: Some(&after),
                    })
                    .await?;
                FileResult {
                    file: name.clone(),
                    status: "ingested",
                    meeting_id: Some(*meeting_id),
                    message: format!(
                        "Sparat som möte {meeting_id}: {items} punkter, {decisions} beslut, {actions} åtgärder, {repaired_words} OCR-rättade ord."
                    ),
                }
            }
            Some(Outcome::Unchanged { meeting_id }) => FileResult {
                file: name.clone(),
                status: "unchanged",
                meeting_id: Some(*meeting_id),
                message: format!("Fanns redan som möte {meeting_id}; inget ändrat."),
            },
            Some(Outcome::Failed { reason }) => failed(name, reason),
            None => failed(name, "filen lästes inte"),
        };
        results.push(result);
    }
    Ok(UploadResult { files: results })
}

/// Ingests on a blocking thread: parsing is CPU work that would stall the
/// server's async threads (and the ingest future is not `Send`).
async fn ingest(app: Arc<App>, paths: Vec<PathBuf>) -> Result<Vec<(PathBuf, Outcome)>, Failure> {
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let mut outcomes = Vec::new();
        runtime.block_on(
            app.archive
                .ingest(&paths, &IngestOptions::default(), &mut |event| {
                    if let IngestEvent::File { path, outcome } = event {
                        outcomes.push((path.to_path_buf(), outcome.clone()));
                    }
                }),
        )?;
        Ok(outcomes)
    })
    .await
    .map_err(|error| Failure::Internal(error.to_string()))?
}

fn failed(name: &str, reason: &str) -> FileResult {
    FileResult {
        file: name.to_string(),
        status: "failed",
        meeting_id: None,
        message: format!("Kunde inte läsas: {reason}."),
    }
}

/// The last path component, without anything that could leave the folder
/// or hide the file.
fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    last.trim_start_matches('.')
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_stay_in_their_folder() {
        assert_eq!(safe_file_name("protokoll 2021.pdf"), "protokoll 2021.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("C:\\Users\\x\\möte.docx"), "möte.docx");
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name(".."), "");
    }
}
