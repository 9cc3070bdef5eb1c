//! The Swedish pages: handlers that read a view and render its template.
//! Every form carries the session's CSRF token, which its handler checks
//! first.

mod archive;
mod followup;
mod watch;

use std::net::SocketAddr;
use std::sync::Arc;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use crate::App;
use crate::auth::{self, CurrentUser, Role};
use crate::error::{Failure, PageError};

pub use archive::{
    add_user, audit, correct_record, correct_text, meeting, meetings, original, search, start,
    upload, upload_form, users,
};
pub use followup::{actions, agenda, decisions, people, person, set_action_status, topic, topics};
pub use watch::{add_watch, delete_watch, mark_watches_seen, watches};

pub(crate) type PageResult = Result<Response, PageError>;

/// The header of every page: who is logged in and where they can go.
pub struct Nav {
    pub user: Option<CurrentUser>,
    pub links: Vec<NavLink>,
}

pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

impl Nav {
    pub fn new(user: &CurrentUser, here: &str) -> Nav {
        let mut links = vec![
            ("/", "Start", Role::Reader),
            ("/moten", "Möten", Role::Reader),
            ("/sok", "Sök", Role::Reader),
            ("/beslut", "Beslut", Role::Reader),
            ("/atgarder", "Åtgärder", Role::Reader),
            ("/personer", "Personer", Role::Reader),
            ("/amnen", "Ämnen", Role::Reader),
            ("/dagordning", "Nästa möte", Role::Reader),
            ("/bevakningar", "Bevakningar", Role::Reader),
            ("/ladda-upp", "Ladda upp", Role::Secretary),
            ("/logg", "Logg", Role::Secretary),
            ("/anvandare", "Användare", Role::Admin),
        ];
        links.retain(|(_, _, role)| user.may(*role));
        Nav {
            user: Some(user.clone()),
            links: links
                .into_iter()
                .map(|(href, label, _)| NavLink {
                    href,
                    label,
                    current: href == here || (href != "/" && here.starts_with(href)),
                })
                .collect(),
        }
    }

    fn anonymous() -> Nav {
        Nav {
            user: None,
            links: Vec::new(),
        }
    }
}

/// Renders a template as a page.
pub(crate) fn render(template: &impl Template) -> PageResult {
    Ok(Html(template.render().map_err(Failure::from)?).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    nav: Nav,
    status: u16,
    message: String,
}

impl ErrorPage {
    pub fn new(failure: &Failure) -> ErrorPage {
        ErrorPage {
            nav: Nav::anonymous(),
            status: failure.status().as_u16(),
            message: failure.swedish(),
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        match self.render() {
            Ok(html) => Html(html).into_response(),
            Err(_) => self.message.into_response(),
        }
    }
}

pub async fn not_found() -> Response {
    PageError(Failure::NotFound("page")).into_response()
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    next: String,
    error: Option<String>,
    name: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn login_form(Query(query): Query<NextQuery>) -> PageResult {
    render(&LoginPage {
        nav: Nav::anonymous(),
        next: safe_next(&query.next).to_string(),
        error: None,
        name: String::new(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(app): State<Arc<App>>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let client = auth::client_address(connect);
    match auth::log_in(&app, &form.name, &form.password, client).await {
        Ok(login) => Ok((
            [(header::SET_COOKIE, login.cookie)],
            Redirect::to(safe_next(&form.next)),
        )
            .into_response()),
        Err(failure @ (Failure::BadLogin | Failure::TooManyLogins(_))) => {
            let status = failure.status();
            let page = LoginPage {
                nav: Nav::anonymous(),
                next: safe_next(&form.next).to_string(),
                error: Some(failure.swedish()),
                name: form.name,
            };
            let mut response = render(&page)?;
            *response.status_mut() = status;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

/// Only a path on this site: never `//host` or `https://…`.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn logout(
    State(app): State<Arc<App>>,
    axum::Extension(user): axum::Extension<CurrentUser>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    let cookie = auth::log_out(&app, &user).await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/logga-in")).into_response())
}

const STYLE: &str = include_str!("../../assets/style.css");
const SCRIPT: &str = include_str!("../../assets/app.js");

pub async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `2021-03-15` as `15 mars 2021`; what it was when it is no date.
pub fn swedish_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let mut parts = date.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_string();
    };
    match (month.parse::<usize>(), day.parse::<u32>()) {
        (Ok(month @ 1..=12), Ok(day)) => format!("{day} {} {year}", MONTHS[month - 1]),
        _ => date.to_string(),
    }
}

/// An optional date for a page: the Swedish date, or `odaterat möte`.
pub fn date_or_undated(date: &Option<String>) -> String {
    date.as_deref()
        .map_or_else(|| "odaterat möte".to_string(), swedish_date)
}

/// A snippet with its matched words in `<mark>`, escaped.
pub fn highlighted(text: &str, highlights: &[[usize; 2]]) -> String {
    let mut html = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for &[start, end] in highlights {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        html.push_str(&escape(&text[at..start]));
        html.push_str("<mark>");
        html.push_str(&escape(&text[start..end]));
        html.push_str("</mark>");
        at = end;
    }
    html.push_str(&escape(&text[at..]));
    html
}

pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next("/moten/3"), "/moten/3");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn dates_read_in_swedish() {
        assert_eq!(swedish_date("2021-03-15"), "15 mars 2021");
        assert_eq!(swedish_date("2021-13-01"), "2021-13-01");
        assert_eq!(date_or_undated(&None), "odaterat möte");
    }

    #[test]
    fn highlights_are_marked_and_the_rest_escaped() {
        assert_eq!(
            highlighted("<b>förskolan</b> växer", &[[3, 13]]),
            "&lt;b&gt;<mark>förskolan</mark>&lt;/b&gt; växer"
        );
        // Ranges out of order or off a character boundary are skipped, not a panic.
        assert_eq!(highlighted("åäö", &[[1, 2], [9, 12]]), "åäö");
    }
}
