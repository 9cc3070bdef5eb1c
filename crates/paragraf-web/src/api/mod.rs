//! The JSON API under `/api/v1`: the same records as the CLI's `--json`,
//! errors as `{"error": {"code", "message"}}`. Sessions as for the pages
//! (log in with `POST /api/v1/session`); writes carry the session's token
//! in `X-CSRF-Token`, which the role guard checks.

mod followup;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use paragraf_store::{AuditEntry, TextCorrection};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::auth::{self, CurrentUser, Role};
use crate::error::ApiError;
use crate::upload::{self, Token, UploadResult};
use crate::views::{
    self, Correction, MeetingList, MeetingText, MeetingView, SearchForm, SearchView,
};
use crate::watching::{self, WatchView};

pub use followup::{actions, agenda, decisions, people, person, set_action_status, topic, topics};

type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    name: String,
    password: String,
}

/// Who is logged in.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    name: String,
    display_name: String,
    role: Role,
}

impl From<&CurrentUser> for Me {
    fn from(user: &CurrentUser) -> Self {
        Me {
            name: user.name.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
        }
    }
}

/// A new session: the user, and the token writes must carry.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionStarted {
    user: Me,
    csrf_token: String,
}

pub async fn log_in(
    State(app): State<Arc<App>>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Json(credentials): Json<Credentials>,
) -> Result<Response, ApiError> {
    let login = auth::log_in(
        &app,
        &credentials.name,
        &credentials.password,
        auth::client_address(connect),
    )
    .await?;
    let body = SessionStarted {
        user: Me::from(&login.user),
        csrf_token: login.user.csrf_token.clone(),
    };
    Ok(([(header::SET_COOKIE, login.cookie)], Json(body)).into_response())
}

pub async fn me(Extension(user): Extension<CurrentUser>) -> ApiResult<SessionStarted> {
    Ok(Json(SessionStarted {
        user: Me::from(&user),
        csrf_token: user.csrf_token.clone(),
    }))
}

pub async fn log_out(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, ApiError> {
    let cookie = auth::log_out(&app, &user).await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(serde_json::json!({}))).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    page: Option<i64>,
}

pub async fn meetings(
    State(app): State<Arc<App>>,
    Query(query): Query<PageQuery>,
) -> ApiResult<MeetingList> {
    Ok(Json(
        views::meeting_list(&app, query.page.unwrap_or(1)).await?,
    ))
}

pub async fn meeting(State(app): State<Arc<App>>, Path(id): Path<i64>) -> ApiResult<MeetingView> {
    Ok(Json(views::meeting(&app, id).await?))
}

pub async fn meeting_text(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
) -> ApiResult<MeetingText> {
    Ok(Json(views::meeting_text(&app, id).await?))
}

pub async fn search(
    State(app): State<Arc<App>>,
    Query(form): Query<SearchForm>,
) -> ApiResult<SearchView> {
    Ok(Json(views::search(&app, form).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RecordCorrectionBody {
    field: String,
    value: String,
    #[serde(default)]
    note: String,
}

pub async fn correct_record(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Json(body): Json<RecordCorrectionBody>,
) -> ApiResult<Correction> {
    Ok(Json(
        views::correct_record(&app, &user, id, &body.field, &body.value, &body.note).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TextCorrectionBody {
    line: i64,
    original: String,
    replacement: String,
}

/// A person's correction of a word of the text.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TextCorrectionView {
    id: i64,
    line: Option<i64>,
    original: String,
    replacement: String,
    author: Option<String>,
    created_at: String,
}

impl From<TextCorrection> for TextCorrectionView {
    fn from(row: TextCorrection) -> Self {
        TextCorrectionView {
            id: row.id,
            line: row.line,
            original: row.original,
            replacement: row.replacement,
            author: row.author,
            created_at: row.created_at,
        }
    }
}

pub async fn correct_text(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Json(body): Json<TextCorrectionBody>,
) -> ApiResult<TextCorrectionView> {
    let row = views::correct_text(
        &app,
        &user,
        id,
        body.line,
        &body.original,
        &body.replacement,
    )
    .await?;
    Ok(Json(row.into()))
}

pub async fn upload(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> ApiResult<UploadResult> {
    Ok(Json(
        upload::receive(&app, &user, multipart, Token::Checked).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    before: Option<i64>,
    limit: Option<i64>,
}

/// One row of the audit log; `before` and `after` are the JSON values.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditView {
    id: i64,
    author: String,
    action: String,
    target: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    created_at: String,
}

impl From<AuditEntry> for AuditView {
    fn from(entry: AuditEntry) -> Self {
        let json = |text: Option<String>| text.and_then(|text| serde_json::from_str(&text).ok());
        AuditView {
            id: entry.id,
            author: entry.author,
            action: entry.action,
            target: entry.target,
            before: json(entry.before),
            after: json(entry.after),
            created_at: entry.created_at,
        }
    }
}

pub async fn audit(
    State(app): State<Arc<App>>,
    Query(query): Query<AuditQuery>,
) -> ApiResult<Vec<AuditView>> {
    let entries = app
        .archive
        .store()
        .audit_log(query.limit.unwrap_or(100).clamp(1, 1000), query.before)
        .await?;
    Ok(Json(entries.into_iter().map(AuditView::from).collect()))
}

/// An account, without its password hash.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserView {
    name: String,
    display_name: String,
    role: String,
    created_at: String,
}

impl From<paragraf_store::User> for UserView {
    fn from(user: paragraf_store::User) -> Self {
        UserView {
            name: user.name,
            display_name: user.display_name,
            role: user.role,
            created_at: user.created_at,
        }
    }
}

pub async fn users(State(app): State<Arc<App>>) -> ApiResult<Vec<UserView>> {
    let users = app.archive.store().users().await?;
    Ok(Json(users.into_iter().map(UserView::from).collect()))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewUser {
    name: String,
    display_name: Option<String>,
    role: Role,
    password: String,
}

pub async fn add_user(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Json(body): Json<NewUser>,
) -> ApiResult<UserView> {
    let display_name = body.display_name.as_deref().unwrap_or(&body.name);
    let added = auth::add_user(
        app.archive.store(),
        &body.name,
        display_name,
        body.role,
        &body.password,
        &user.name,
    )
    .await?;
    Ok(Json(added.into()))
}

pub async fn watches(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> ApiResult<Vec<WatchView>> {
    Ok(Json(watching::watch_views(&app, &user).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewWatch {
    kind: String,
    query: String,
}

pub async fn add_watch(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Json(body): Json<NewWatch>,
) -> ApiResult<WatchView> {
    let watch = watching::add(&app, &user, &body.kind, &body.query).await?;
    Ok(Json(watching::watch_view(&app, watch).await?))
}

pub async fn delete_watch(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
) -> ApiResult<serde_json::Value> {
    watching::delete(&app, &user, id).await?;
    Ok(Json(serde_json::json!({})))
}

/// What is new in the user's watches since their last visit (the page
/// `/bevakningar` marks it seen).
pub async fn changes(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> ApiResult<Vec<WatchView>> {
    let mut views = watching::watch_views(&app, &user).await?;
    for view in &mut views {
        view.entries.retain(|entry| entry.new);
    }
    Ok(Json(views))
}
