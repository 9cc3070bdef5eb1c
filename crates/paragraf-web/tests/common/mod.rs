//! A test site: the five seed minutes in a fresh archive, one account per
//! role, and requests through the router without a network.

#![allow(dead_code)] // each test file uses its own part of the harness

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use paragraf_archive::{Archive, IngestOptions};
use paragraf_web::{App, Config, Role};
use tower::ServiceExt;

pub const PASSWORD: &str = "losenord-123";
/// The member is a person of the seed minutes, so some actions are theirs.
pub const MEMBER_NAME: &str = "Lila Ericsson";

pub struct Site {
    pub router: Router,
    _dir: tempfile::TempDir,
}

pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }
}

pub fn seeds() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the seed fixtures are in the repository")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(path)
}

impl Site {
    /// The seeds in a fresh archive and the accounts `admin`, `secretary`,
    /// `member` (Lila Ericsson) and `reader`.
    pub async fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(dir.path()).await.unwrap();
        let summary = archive
            .ingest(&seeds(), &IngestOptions::default(), &mut |_| {})
            .await
            .unwrap();
        assert_eq!(summary.ingested, 5, "{summary:?}");
        for role in Role::ALL {
            let display = if role == Role::Member {
                MEMBER_NAME
            } else {
                role.as_str()
            };
            paragraf_web::add_user(
                archive.store(),
                role.as_str(),
                display,
                role,
                PASSWORD,
                "test",
            )
            .await
            .unwrap();
        }
        Site {
            router: paragraf_web::router(App::new(archive, Config::default())),
            _dir: dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn login(&self, name: &str) -> Session {
        let answer = self
            .send(
                Request::post("/api/v1/session")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(
                        serde_json::json!({ "name": name, "password": PASSWORD }).to_string(),
                    ))
                    .unwrap(),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "login {name}: {}",
            answer.body
        );
        let cookie = answer.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        Session {
            cookie,
            csrf: answer.json()["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    pub async fn get(&self, uri: &str, session: Option<&Session>) -> Answer {
        self.send(
            with_session(Request::get(uri), session)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A form post, as a browser sends it from this site.
    pub async fn post_form(
        &self,
        uri: &str,
        session: Option<&Session>,
        form: &[(&str, &str)],
    ) -> Answer {
        let body: String = form
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            with_session(Request::post(uri), session)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// An API call with a JSON body and the session's CSRF header.
    pub async fn api(
        &self,
        method: Method,
        uri: &str,
        session: Option<&Session>,
        body: serde_json::Value,
    ) -> Answer {
        let mut request = with_session(Request::builder().method(method).uri(uri), session)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(session) = session {
            request = request.header("x-csrf-token", &session.csrf);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// A multipart upload of files, the way the upload form sends them.
    pub async fn upload(
        &self,
        uri: &str,
        session: &Session,
        csrf_field: Option<&str>,
        files: &[(&str, Vec<u8>)],
    ) -> Answer {
        const BOUNDARY: &str = "paragraf-test-boundary";
        let mut body = Vec::new();
        if let Some(token) = csrf_field {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n")
                    .as_bytes(),
            );
        }
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        self.send(
            with_session(Request::post(uri), Some(session))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .header("sec-fetch-site", "same-origin")
                .header("x-csrf-token", &session.csrf)
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }
}

fn with_session(
    builder: axum::http::request::Builder,
    session: Option<&Session>,
) -> axum::http::request::Builder {
    match session {
        Some(session) => builder.header(header::COOKIE, &session.cookie),
        None => builder,
    }
}

fn encode(text: &str) -> String {
    const FORM_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.');
    percent_encoding::utf8_percent_encode(text, FORM_VALUE).to_string()
}
