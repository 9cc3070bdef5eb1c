//! Paragraf in the browser and over HTTP: Swedish pages rendered on the
//! server (usable without JavaScript), a JSON API under `/api/v1` with the
//! same records as the CLI, accounts with roles, corrections beside the
//! extracted data, and the audit log.
//!
//! Every route is in [`router`]'s table under the least role that may use
//! it; a guard layer per role answers before any handler runs, so a route
//! without a session never reaches data. Handlers read through [`views`]
//! (one function per page, shared by the page and its API twin) and the
//! follow-up views are cached per archive generation ([`derived`]).

mod api;
mod auth;
mod derived;
mod error;
mod feeds;
mod followup_views;
mod meeting_page;
mod openapi;
mod pages;
mod upload;
mod views;
mod watching;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::{HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use paragraf_archive::Archive;
use tower_http::set_header::SetResponseHeaderLayer;

pub use auth::{Role, add_user, hash_password, random_token};
pub use error::Failure;

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark the session cookie `Secure`: set when served behind TLS.
    pub secure_cookies: bool,
    /// The largest file an upload accepts, in bytes.
    pub max_upload_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            max_upload_bytes: 50 * 1024 * 1024,
        }
    }
}

/// What every request shares: the archive, the guards, the caches.
pub struct App {
    archive: Archive,
    config: Config,
    guards: auth::Guards,
    derived: derived::Derived,
    searches: views::SearchCache,
}

impl App {
    pub fn new(archive: Archive, config: Config) -> Arc<App> {
        Arc::new(App {
            archive,
            config,
            guards: auth::Guards::default(),
            derived: derived::Derived::default(),
            searches: views::SearchCache::default(),
        })
    }

    pub fn archive(&self) -> &Archive {
        &self.archive
    }
}

/// The largest body of anything but an upload: a form or a JSON write.
const SMALL_BODY: usize = 1024 * 1024;

/// Every route, grouped under the least role that may use it.
pub fn router(app: Arc<App>) -> Router {
    let public = Router::new()
        .route("/logga-in", get(pages::login_form).post(pages::login))
        .route("/assets/{file}", get(pages::asset))
        .route("/flode/{token}", get(feeds::feed))
        .route("/api/v1/session", post(api::log_in))
        .route("/api/v1/openapi.json", get(openapi::document));

    let readers = Router::new()
        .route("/", get(pages::start))
        .route("/logga-ut", post(pages::logout))
        .route("/moten", get(pages::meetings))
        .route("/moten/{id}", get(pages::meeting))
        .route("/moten/{id}/original", get(pages::original))
        .route("/sok", get(pages::search))
        .route("/beslut", get(pages::decisions))
        .route("/atgarder", get(pages::actions))
        .route("/personer", get(pages::people))
        .route("/personer/{name}", get(pages::person))
        .route("/amnen", get(pages::topics))
        .route("/amnen/{id}", get(pages::topic))
        .route("/dagordning", get(pages::agenda))
        .route("/bevakningar", get(pages::watches).post(pages::add_watch))
        .route("/bevakningar/sett", post(pages::mark_watches_seen))
        .route("/bevakningar/{id}/ta-bort", post(pages::delete_watch))
        .route("/api/v1/session", get(api::me).delete(api::log_out))
        .route("/api/v1/meetings", get(api::meetings))
        .route("/api/v1/meetings/{id}", get(api::meeting))
        .route("/api/v1/meetings/{id}/text", get(api::meeting_text))
        .route("/api/v1/search", get(api::search))
        .route("/api/v1/decisions", get(api::decisions))
        .route("/api/v1/actions", get(api::actions))
        .route("/api/v1/people", get(api::people))
        .route("/api/v1/people/{name}", get(api::person))
        .route("/api/v1/topics", get(api::topics))
        .route("/api/v1/topics/{id}", get(api::topic))
        .route("/api/v1/agenda/next", get(api::agenda))
        .route("/api/v1/watches", get(api::watches).post(api::add_watch))
        .route(
            "/api/v1/watches/{id}",
            axum::routing::delete(api::delete_watch),
        )
        .route("/api/v1/changes", get(api::changes))
        .route_layer(from_fn(auth::require_reader));

    let members = Router::new()
        .route("/atgarder/{id}/status", post(pages::set_action_status))
        .route("/api/v1/actions/{id}/status", post(api::set_action_status))
        .route_layer(from_fn(auth::require_member));

    // Uploads carry many files; every other body is small.
    let upload_limit = DefaultBodyLimit::max(app.config.max_upload_bytes.saturating_mul(20));
    let secretaries = Router::new()
        .route("/moten/{id}/rattelse", post(pages::correct_record))
        .route("/moten/{id}/textrattelse", post(pages::correct_text))
        .route(
            "/ladda-upp",
            get(pages::upload_form).post(pages::upload.layer(upload_limit)),
        )
        .route("/logg", get(pages::audit))
        .route(
            "/api/v1/meetings/{id}/corrections",
            post(api::correct_record),
        )
        .route(
            "/api/v1/meetings/{id}/text-corrections",
            post(api::correct_text),
        )
        .route("/api/v1/uploads", post(api::upload.layer(upload_limit)))
        .route("/api/v1/audit", get(api::audit))
        .route_layer(from_fn(auth::require_secretary));

    let admins = Router::new()
        .route("/anvandare", get(pages::users).post(pages::add_user))
        .route("/api/v1/users", get(api::users).post(api::add_user))
        .route_layer(from_fn(auth::require_admin));

    Router::new()
        .merge(public)
        .merge(readers)
        .merge(members)
        .merge(secretaries)
        .merge(admins)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(SMALL_BODY))
        .layer(from_fn(error::api_errors_as_json))
        .layer(from_fn(auth::same_origin))
        .layer(from_fn_with_state(app.clone(), auth::authenticate))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .with_state(app)
}

/// Serves `app` on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
