//! What goes wrong in a request, said once and rendered twice: as a JSON
//! error with a stable code for the API, as a Swedish page for people.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use paragraf_archive::ArchiveError;
use paragraf_followup::FollowupError;
use paragraf_store::StoreError;
use serde::Serialize;

use crate::pages::ErrorPage;

/// A request that cannot be answered, and why.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("log in first")]
    Unauthenticated,
    #[error("your role may not do this")]
    Forbidden,
    #[error("the form is stale or came from another site; reload the page and try again")]
    BadCsrf,
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("{0}")]
    BadRequest(String),
    #[error("wrong user name or password")]
    BadLogin,
    #[error("too many failed logins; wait {0} seconds")]
    TooManyLogins(u64),
    #[error("{0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Failure {
    pub fn status(&self) -> StatusCode {
        match self {
            Failure::Unauthenticated | Failure::BadLogin => StatusCode::UNAUTHORIZED,
            Failure::Forbidden | Failure::BadCsrf => StatusCode::FORBIDDEN,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::TooManyLogins(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::Conflict(_) => StatusCode::CONFLICT,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The API's stable error code: clients match on it, never on the text.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Unauthenticated => "unauthenticated",
            Failure::Forbidden => "forbidden",
            Failure::BadCsrf => "csrf",
            Failure::NotFound(_) => "not_found",
            Failure::BadRequest(_) => "bad_request",
            Failure::BadLogin => "bad_login",
            Failure::TooManyLogins(_) => "rate_limited",
            Failure::Conflict(_) => "conflict",
            Failure::Internal(_) => "internal",
        }
    }

    /// What a person reads on the error page.
    pub fn swedish(&self) -> String {
        match self {
            Failure::Unauthenticated => "Logga in först.".into(),
            Failure::Forbidden => "Din roll får inte göra detta.".into(),
            Failure::BadCsrf => {
                "Formuläret är för gammalt eller kom från en annan webbplats. Ladda om sidan och försök igen."
                    .into()
            }
            Failure::NotFound(what) => format!("Hittade inte: {}.", swedish_noun(what)),
            Failure::BadRequest(reason) => format!("Det gick inte: {reason}."),
            Failure::BadLogin => "Fel användarnamn eller lösenord.".into(),
            Failure::TooManyLogins(seconds) => {
                format!("För många misslyckade inloggningar. Vänta {seconds} sekunder.")
            }
            Failure::Conflict(reason) => format!("Det gick inte: {reason}."),
            Failure::Internal(_) => "Något gick fel på servern. Försök igen.".into(),
        }
    }
}

fn swedish_noun(what: &str) -> &str {
    match what {
        "meeting" => "mötet",
        "action" => "åtgärden",
        "person" => "personen",
        "topic" => "ämnet",
        "page" => "sidan",
        "watch" => "bevakningen",
        "field" => "fältet",
        "line" => "raden",
        _ => what,
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::Internal(error.to_string())
    }
}

impl From<ArchiveError> for Failure {
    fn from(error: ArchiveError) -> Self {
        Failure::Internal(error.to_string())
    }
}

impl From<FollowupError> for Failure {
    fn from(error: FollowupError) -> Self {
        match error {
            FollowupError::NoSuchAction(_) => Failure::NotFound("action"),
            FollowupError::NotInTopic { .. } => Failure::NotFound("topic"),
            FollowupError::NoSuchName(name) => {
                Failure::BadRequest(format!("no one is written {name}"))
            }
            other => Failure::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for Failure {
    fn from(error: askama::Error) -> Self {
        Failure::Internal(error.to_string())
    }
}

/// A failure answered as JSON: `{"error": {"code": …, "message": …}}`.
#[derive(Debug)]
pub struct ApiError(pub Failure);

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
}

impl<E: Into<Failure>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code(),
                message: self.0.to_string(),
            },
        };
        let mut response = (self.0.status(), Json(body)).into_response();
        retry_after(&self.0, &mut response);
        response
    }
}

/// A failure answered as a Swedish page.
#[derive(Debug)]
pub struct PageError(pub Failure);

impl<E: Into<Failure>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let page = ErrorPage::new(&self.0);
        let mut response = (self.0.status(), page).into_response();
        retry_after(&self.0, &mut response);
        response
    }
}

fn log_internal(failure: &Failure) {
    if let Failure::Internal(reason) = failure {
        tracing::error!("{reason}");
    }
}

fn retry_after(failure: &Failure, response: &mut Response) {
    if let Failure::TooManyLogins(seconds) = failure
        && let Ok(value) = seconds.to_string().parse()
    {
        response.headers_mut().insert("retry-after", value);
    }
}

/// Gives the API's own rejections (a path, query or body that does not
/// parse, a body too large, a method not routed) the JSON error body with
/// a stable code, as the handlers' failures have.
pub async fn api_errors_as_json(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
        .unwrap_or_default();
    let failure = match status {
        StatusCode::NOT_FOUND => Failure::NotFound("route"),
        status if status.is_server_error() => Failure::Internal(text),
        _ => Failure::BadRequest(if text.is_empty() {
            status
                .canonical_reason()
                .unwrap_or("bad request")
                .to_string()
        } else {
            text
        }),
    };
    let mut response = ApiError(failure).into_response();
    // The status says more than the code here (405, 413, 415, 422).
    *response.status_mut() = status;
    response
}
