//! Accounts, roles, sessions and the guards every request passes.
//!
//! - Passwords are argon2id PHC strings, hashed off the async threads.
//! - A session is a random token in an `HttpOnly`, `SameSite=Lax` cookie
//!   (`Secure` when served behind TLS); the database keeps only its
//!   SHA-256, so a copy of the database opens no session.
//! - Cross-site requests: every unsafe method must come from this origin
//!   (`Sec-Fetch-Site`, else `Origin` against `Host`), and every form and
//!   API write must carry the session's CSRF token (a form field, or the
//!   `X-CSRF-Token` header).
//! - Failed logins are limited per user name and per client address.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::App;
use crate::error::{ApiError, Failure, PageError};

pub const SESSION_COOKIE: &str = "paragraf_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
const SESSION_DAYS: i64 = 7;
/// How long a looked-up session is trusted before the database is asked
/// again: a session ended elsewhere (another server process) ends here
/// within this time; one ended here ends at once.
const SESSION_CACHE: Duration = Duration::from_secs(60);
const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);
const FAILURES_PER_NAME: usize = 5;
const FAILURES_PER_ADDRESS: usize = 20;

/// What a user may do; each role may do all the roles below it may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads everything.
    Reader,
    /// Reads, marks their own actions, saves searches.
    Member,
    /// Edits: corrections, any action's status, uploads.
    Secretary,
    /// Everything, and sees the audit log.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Reader, Role::Member, Role::Secretary, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Member => "member",
            Role::Secretary => "secretary",
            Role::Admin => "admin",
        }
    }

    pub fn swedish(self) -> &'static str {
        match self {
            Role::Reader => "läsare",
            Role::Member => "ledamot",
            Role::Secretary => "sekreterare",
            Role::Admin => "administratör",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| format!("no role '{text}'; roles: admin, secretary, member, reader"))
    }
}

/// The user a request is made by.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    /// As the minutes write them: actions owned by this name are theirs.
    pub display_name: String,
    pub role: Role,
    pub csrf_token: String,
    token_hash: String,
}

impl CurrentUser {
    pub fn may(&self, role: Role) -> bool {
        self.role >= role
    }

    /// A form's token must be this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), Failure> {
        if constant_time_eq(token.as_bytes(), self.csrf_token.as_bytes()) {
            Ok(())
        } else {
            Err(Failure::BadCsrf)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hashes a password as an argon2id PHC string. Slow by design: call it
/// off the async threads.
pub fn hash_password(password: &str) -> Result<String, Failure> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| Failure::Internal(format!("cannot hash the password: {error}")))
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A fresh random token, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn now_seconds() -> jiff::Timestamp {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now())
}

/// Sessions looked up recently, and failed logins.
#[derive(Default)]
pub struct Guards {
    sessions: RwLock<HashMap<String, (CurrentUser, jiff::Timestamp, Instant)>>,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    /// A real hash to verify against when the user does not exist, so a
    /// wrong name takes as long as a wrong password.
    decoy_hash: std::sync::OnceLock<String>,
}

impl Guards {
    fn cached(&self, hash: &str) -> Option<(CurrentUser, jiff::Timestamp)> {
        let sessions = self.sessions.read().unwrap_or_else(|e| e.into_inner());
        sessions
            .get(hash)
            .filter(|(_, _, fetched)| fetched.elapsed() < SESSION_CACHE)
            .map(|(user, expires, _)| (user.clone(), *expires))
    }

    fn remember(&self, user: &CurrentUser, expires: jiff::Timestamp) {
        let mut sessions = self.sessions.write().unwrap_or_else(|e| e.into_inner());
        if sessions.len() > 10_000 {
            sessions.retain(|_, (_, _, fetched)| fetched.elapsed() < SESSION_CACHE);
        }
        sessions.insert(
            user.token_hash.clone(),
            (user.clone(), expires, Instant::now()),
        );
    }

    fn forget(&self, hash: &str) {
        let mut sessions = self.sessions.write().unwrap_or_else(|e| e.into_inner());
        sessions.remove(hash);
    }

    /// Seconds to wait when any of `keys` failed too often lately.
    fn blocked(&self, keys: &[(String, usize)]) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().find_map(|(key, limit)| {
            let times = failures.get_mut(key)?;
            while times.front().is_some_and(|t| t.elapsed() > LOGIN_WINDOW) {
                times.pop_front();
            }
            (times.len() >= *limit).then(|| {
                let oldest = times.front().map_or(Duration::ZERO, Instant::elapsed);
                LOGIN_WINDOW.saturating_sub(oldest).as_secs().max(1)
            })
        })
    }

    fn fail(&self, keys: &[(String, usize)]) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > 100_000 {
            failures.clear();
        }
        for (key, _) in keys {
            failures
                .entry(key.clone())
                .or_default()
                .push_back(Instant::now());
        }
    }

    fn succeed(&self, name_key: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(name_key);
    }
}

/// Finds the session a request carries, if any, and puts its user in the
/// request's extensions.
pub async fn authenticate(
    State(app): State<Arc<App>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(token) = session_token(request.headers()) {
        let hash = token_hash(&token);
        match session_user(&app, &hash).await {
            Ok(Some(user)) => {
                request.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(failure) => return answer(&request, failure),
        }
    }
    next.run(request).await
}

async fn session_user(app: &App, hash: &str) -> Result<Option<CurrentUser>, Failure> {
    let now = jiff::Timestamp::now();
    if let Some((user, expires)) = app.guards.cached(hash) {
        return Ok((expires > now).then_some(user));
    }
    let Some(row) = app.archive.store().session(hash).await? else {
        return Ok(None);
    };
    let (Ok(role), Ok(expires)) = (
        row.user.role.parse::<Role>(),
        row.expires_at.parse::<jiff::Timestamp>(),
    ) else {
        return Ok(None);
    };
    let user = CurrentUser {
        id: row.user.id,
        name: row.user.name,
        display_name: row.user.display_name,
        role,
        csrf_token: row.csrf_token,
        token_hash: hash.to_string(),
    };
    app.guards.remember(&user, expires);
    Ok((expires > now).then_some(user))
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .find_map(|cookie| {
            let (name, value) = cookie.trim().split_once('=')?;
            (name == SESSION_COOKIE && !value.is_empty()).then(|| value.to_string())
        })
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

/// A failure in a guard, in the form the route speaks.
fn answer(request: &Request, failure: Failure) -> Response {
    if is_api(request) {
        return ApiError(failure).into_response();
    }
    if matches!(failure, Failure::Unauthenticated) {
        let next = request
            .uri()
            .path_and_query()
            .map_or("/", |path| path.as_str());
        let next = percent_encoding::utf8_percent_encode(next, PATH_IN_QUERY);
        return Redirect::to(&format!("/logga-in?next={next}")).into_response();
    }
    PageError(failure).into_response()
}

/// What a path keeps as written in a query value: letters, digits,
/// `-_./`; the rest is percent-encoded.
const PATH_IN_QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'/');

/// Unsafe methods must come from this site: `Sec-Fetch-Site` when the
/// browser sends it, else `Origin` against `Host`. Requests with neither
/// (scripts, curl) pass here and meet the CSRF token instead.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !from_this_site(request.headers()) {
        return answer(&request, Failure::BadCsrf);
    }
    next.run(request).await
}

fn from_this_site(headers: &HeaderMap) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest) == Some(host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// Lets the request through when its user has at least `role`; otherwise
/// the login page (pages), 401 (API, no session) or 403 (role too low).
async fn require(role: Role, request: Request, next: Next) -> Response {
    let failure = match request.extensions().get::<CurrentUser>() {
        Some(user) if user.may(role) => {
            if is_api(&request) && !matches!(*request.method(), Method::GET | Method::HEAD) {
                let token = request
                    .headers()
                    .get(CSRF_HEADER)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or("");
                if let Err(failure) = user.check_csrf(token) {
                    return answer(&request, failure);
                }
            }
            return next.run(request).await;
        }
        Some(_) => Failure::Forbidden,
        None => Failure::Unauthenticated,
    };
    answer(&request, failure)
}

pub async fn require_reader(request: Request, next: Next) -> Response {
    require(Role::Reader, request, next).await
}

pub async fn require_member(request: Request, next: Next) -> Response {
    require(Role::Member, request, next).await
}

pub async fn require_secretary(request: Request, next: Next) -> Response {
    require(Role::Secretary, request, next).await
}

pub async fn require_admin(request: Request, next: Next) -> Response {
    require(Role::Admin, request, next).await
}

/// A started session: the cookie to set and the token forms must carry.
pub struct Login {
    pub user: CurrentUser,
    pub cookie: String,
}

/// Checks a user name and password, with the failure limits, and opens a
/// session.
pub async fn log_in(
    app: &App,
    name: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<Login, Failure> {
    let name_key = format!("name:{}", name.trim().to_lowercase());
    let mut keys = vec![(name_key.clone(), FAILURES_PER_NAME)];
    if let Some(address) = client {
        keys.push((format!("address:{address}"), FAILURES_PER_ADDRESS));
    }
    if let Some(seconds) = app.guards.blocked(&keys) {
        return Err(Failure::TooManyLogins(seconds));
    }
    let user = app.archive.store().user_by_name(name.trim()).await?;
    let hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => decoy_hash(app).await?,
    };
    let password = password.to_string();
    let verified = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(|error| Failure::Internal(error.to_string()))?;
    let (Some(user), true) = (user, verified) else {
        app.guards.fail(&keys);
        return Err(Failure::BadLogin);
    };
    app.guards.succeed(&name_key);
    let role: Role = user.role.parse().map_err(Failure::Internal)?;
    let token = random_token();
    let hash = token_hash(&token);
    let csrf_token = random_token();
    let expires = now_seconds()
        .checked_add(jiff::SignedDuration::from_hours(24 * SESSION_DAYS))
        .map_err(|error| Failure::Internal(error.to_string()))?;
    app.archive
        .store()
        .add_session(&hash, user.id, &csrf_token, &expires.to_string())
        .await?;
    let secure = if app.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    Ok(Login {
        user: CurrentUser {
            id: user.id,
            name: user.name,
            display_name: user.display_name,
            role,
            csrf_token,
            token_hash: hash,
        },
        cookie: format!(
            "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SESSION_DAYS * 24 * 3600
        ),
    })
}

async fn decoy_hash(app: &App) -> Result<String, Failure> {
    if let Some(hash) = app.guards.decoy_hash.get() {
        return Ok(hash.clone());
    }
    let hash = tokio::task::spawn_blocking(|| hash_password(&random_token()))
        .await
        .map_err(|error| Failure::Internal(error.to_string()))??;
    Ok(app.guards.decoy_hash.get_or_init(|| hash).clone())
}

/// Ends the user's session; the cookie that clears it in the browser.
pub async fn log_out(app: &App, user: &CurrentUser) -> Result<String, Failure> {
    app.guards.forget(&user.token_hash);
    app.archive
        .store()
        .end_session(&user.token_hash, &jiff::Timestamp::now().to_string())
        .await?;
    Ok(format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    ))
}

/// The client's address, when the server knows it (not in tests).
pub fn client_address(connect: Option<axum::Extension<ConnectInfo<SocketAddr>>>) -> Option<IpAddr> {
    connect.map(|axum::Extension(ConnectInfo(address))| address.ip())
}

/// Adds an account (the CLI's `user add`, the admin page).
pub async fn add_user(
    store: &paragraf_store::Store,
    name: &str,
    display_name: &str,
    role: Role,
    password: &str,
    author: &str,
) -> Result<paragraf_store::User, Failure> {
    if name.trim().is_empty() || name.chars().any(char::is_whitespace) {
        return Err(Failure::BadRequest(
            "a user name is one word without spaces".into(),
        ));
    }
    if password.chars().count() < 8 {
        return Err(Failure::BadRequest(
            "a password has at least 8 characters".into(),
        ));
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|error| Failure::Internal(error.to_string()))??;
    store
        .add_user(name, display_name, role.as_str(), &hash, author)
        .await?
        .ok_or_else(|| Failure::Conflict(format!("there is already a user {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("rätt lösenord").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "rätt lösenord"));
        assert!(!verify_password(&hash, "fel lösenord"));
        assert!(!verify_password("not a hash", "rätt lösenord"));
    }

    #[test]
    fn roles_order_and_parse() {
        assert!(Role::Admin > Role::Secretary && Role::Secretary > Role::Member);
        assert!(Role::Member > Role::Reader);
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("owner".parse::<Role>().is_err());
    }

    #[test]
    fn cross_site_writes_are_told_apart() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, value.parse().unwrap());
            }
            map
        };
        assert!(from_this_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!from_this_site(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_this_site(&headers(&[(
            "sec-fetch-site",
            "same-site"
        )])));
        assert!(from_this_site(&headers(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!from_this_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(from_this_site(&headers(&[])));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "theme=dark; paragraf_session=abc123; x=y".parse().unwrap(),
        );
        assert_eq!(session_token(&headers).as_deref(), Some("abc123"));
        headers.insert(header::COOKIE, "paragraf_session=".parse().unwrap());
        assert_eq!(session_token(&headers), None);
    }

    #[test]
    fn the_login_limit_blocks_after_five_failures_of_one_name() {
        let guards = Guards::default();
        let keys = vec![("name:lila".to_string(), FAILURES_PER_NAME)];
        for _ in 0..FAILURES_PER_NAME {
            assert_eq!(guards.blocked(&keys), None);
            guards.fail(&keys);
        }
        assert!(guards.blocked(&keys).is_some_and(|s| s > 0));
        let other = vec![("name:nils".to_string(), FAILURES_PER_NAME)];
        assert_eq!(guards.blocked(&other), None);
    }
}
