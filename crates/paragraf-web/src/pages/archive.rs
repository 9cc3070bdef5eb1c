//! The archive's pages: start, meetings, one meeting and its corrections,
//! search, upload, and the administration pages (audit log, users).

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use paragraf_archive::Hit;
use paragraf_store::{AuditEntry, User};
use serde::Deserialize;

use super::{Nav, PageResult, date_or_undated, highlighted, render};
use crate::App;
use crate::auth::{CurrentUser, Role};
use crate::error::Failure;
use crate::meeting_page::{self, LineView, Sections};
use crate::upload::{self, FileResult, Token};
use crate::views::{self, MeetingList, SearchForm, StartView};

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    nav: Nav,
    view: StartView,
}

pub async fn start(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> PageResult {
    render(&StartPage {
        nav: Nav::new(&user, "/"),
        view: views::start(&app).await?,
    })
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage {
    nav: Nav,
    list: MeetingList,
}

#[derive(Deserialize)]
pub struct PageQuery {
    sida: Option<i64>,
}

pub async fn meetings(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<PageQuery>,
) -> PageResult {
    render(&MeetingsPage {
        nav: Nav::new(&user, "/moten"),
        list: views::meeting_list(&app, query.sida.unwrap_or(1)).await?,
    })
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    nav: Nav,
    csrf: String,
    may_correct: bool,
    id: i64,
    heading: String,
    file_name: String,
    sha256: String,
    ingested_at: String,
    sections: Sections,
    links: Vec<String>,
    lines: Vec<LineView>,
    repairs: usize,
    corrections: usize,
}

pub async fn meeting(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> PageResult {
    let view = views::meeting(&app, id).await?;
    let text = views::meeting_text(&app, id).await?;
    let record = &view.record;
    let heading = [
        record.body.clone().or_else(|| record.organization.clone()),
        Some(date_or_undated(&record.date)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    render(&MeetingPage {
        nav: Nav::new(&user, "/moten"),
        csrf: user.csrf_token.clone(),
        may_correct: user.may(Role::Secretary),
        id,
        heading,
        sections: meeting_page::sections(&view),
        links: record.links.clone(),
        lines: meeting_page::lines(&text),
        repairs: text.repairs,
        corrections: view.corrections.len(),
        file_name: view.file_name,
        sha256: view.sha256,
        ingested_at: view.ingested_at,
    })
}

pub async fn original(State(app): State<Arc<App>>, Path(id): Path<i64>) -> PageResult {
    let (file_name, bytes) = app
        .archive
        .store()
        .meeting_original(id)
        .await?
        .ok_or(Failure::NotFound("meeting"))?;
    let ascii_name: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CorrectionForm {
    csrf: String,
    field: String,
    value: String,
    #[serde(default)]
    note: String,
}

pub async fn correct_record(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<CorrectionForm>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    views::correct_record(&app, &user, id, &form.field, &form.value, &form.note).await?;
    Ok(Redirect::to(&format!("/moten/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct TextCorrectionForm {
    csrf: String,
    line: i64,
    original: String,
    replacement: String,
}

pub async fn correct_text(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<TextCorrectionForm>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    views::correct_text(
        &app,
        &user,
        id,
        form.line,
        &form.original,
        &form.replacement,
    )
    .await?;
    Ok(Redirect::to(&format!("/moten/{id}#rad-{}", form.line)).into_response())
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    nav: Nav,
    csrf: String,
    form: SearchForm,
    searched: bool,
    hits: Vec<HitView>,
    unindexed: i64,
}

struct HitView {
    kind: &'static str,
    meeting_id: i64,
    date: String,
    body: String,
    item: String,
    snippet: String,
}

impl From<&Hit> for HitView {
    fn from(hit: &Hit) -> Self {
        HitView {
            kind: match hit.kind.as_str() {
                "decision" => "Beslut",
                "action" => "Åtgärd",
                _ => "Punkt",
            },
            meeting_id: hit.meeting_id,
            date: date_or_undated(&hit.date),
            body: hit.body.clone().unwrap_or_default(),
            item: match &hit.item_number {
                Some(number) => format!("{number} {}", hit.item_title),
                None => hit.item_title.clone(),
            },
            snippet: highlighted(&hit.snippet.text, &hit.snippet.highlights),
        }
    }
}

pub async fn search(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Query(form): Query<SearchForm>,
) -> PageResult {
    let searched = !form.is_empty();
    let view = views::search(&app, form).await?;
    render(&SearchPage {
        nav: Nav::new(&user, "/sok"),
        csrf: user.csrf_token.clone(),
        searched,
        hits: view.hits.iter().map(HitView::from).collect(),
        unindexed: view.unindexed,
        form: view.query,
    })
}

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    nav: Nav,
    csrf: String,
    max_mb: usize,
    results: Vec<FileResult>,
}

pub async fn upload_form(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> PageResult {
    render(&UploadPage {
        nav: Nav::new(&user, "/ladda-upp"),
        csrf: user.csrf_token.clone(),
        max_mb: app.config.max_upload_bytes / (1024 * 1024),
        results: Vec::new(),
    })
}

pub async fn upload(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> PageResult {
    let result = upload::receive(&app, &user, multipart, Token::InForm).await?;
    render(&UploadPage {
        nav: Nav::new(&user, "/ladda-upp"),
        csrf: user.csrf_token.clone(),
        max_mb: app.config.max_upload_bytes / (1024 * 1024),
        results: result.files,
    })
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Nav,
    entries: Vec<AuditLine>,
    older: Option<i64>,
}

struct AuditLine {
    /// `2026-11-25 10:12` (UTC).
    when: String,
    author: String,
    action: String,
    target: String,
    before: String,
    after: String,
}

impl From<AuditEntry> for AuditLine {
    fn from(entry: AuditEntry) -> Self {
        AuditLine {
            when: entry
                .created_at
                .get(..16)
                .unwrap_or(&entry.created_at)
                .replace('T', " "),
            author: entry.author,
            action: entry.action,
            target: entry.target,
            before: entry.before.unwrap_or_default(),
            after: entry.after.unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
pub struct AuditQuery {
    fore: Option<i64>,
}

const AUDIT_PAGE: i64 = 100;

pub async fn audit(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<AuditQuery>,
) -> PageResult {
    let entries = app
        .archive
        .store()
        .audit_log(AUDIT_PAGE, query.fore)
        .await?;
    let older = (entries.len() as i64 == AUDIT_PAGE)
        .then(|| entries.last().map(|entry| entry.id))
        .flatten();
    render(&AuditPage {
        nav: Nav::new(&user, "/logg"),
        entries: entries.into_iter().map(AuditLine::from).collect(),
        older,
    })
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    csrf: String,
    users: Vec<User>,
    roles: [Role; 4],
    message: Option<String>,
}

async fn users_page(app: &App, user: &CurrentUser, message: Option<String>) -> PageResult {
    render(&UsersPage {
        nav: Nav::new(user, "/anvandare"),
        csrf: user.csrf_token.clone(),
        users: app.archive.store().users().await?,
        roles: Role::ALL,
        message,
    })
}

pub async fn users(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> PageResult {
    users_page(&app, &user, None).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    csrf: String,
    name: String,
    display_name: String,
    role: String,
    password: String,
}

pub async fn add_user(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<NewUserForm>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    let role: Role = form.role.parse().map_err(Failure::BadRequest)?;
    let display_name = if form.display_name.trim().is_empty() {
        form.name.trim()
    } else {
        form.display_name.trim()
    };
    let added = crate::auth::add_user(
        app.archive.store(),
        form.name.trim(),
        display_name,
        role,
        &form.password,
        &user.name,
    )
    .await;
    let message = match added {
        Ok(added) => format!(
            "Användaren {} lades till som {}.",
            added.name,
            role.swedish()
        ),
        Err(failure @ (Failure::BadRequest(_) | Failure::Conflict(_))) => failure.swedish(),
        Err(other) => return Err(other.into()),
    };
    users_page(&app, &user, Some(message)).await
}
