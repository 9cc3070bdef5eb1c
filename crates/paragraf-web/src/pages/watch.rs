//! Saved searches and topics: what is new since the last visit.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Extension, Form};
use serde::Deserialize;

use super::{CsrfOnly, Nav, PageResult, render};
use crate::App;
use crate::auth::CurrentUser;
use crate::watching::{self, WatchView};

#[derive(Template)]
#[template(path = "watches.html")]
struct WatchesPage {
    nav: Nav,
    csrf: String,
    watches: Vec<WatchView>,
    new: usize,
}

pub async fn watches(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> PageResult {
    let watches = watching::watch_views(&app, &user).await?;
    render(&WatchesPage {
        nav: Nav::new(&user, "/bevakningar"),
        csrf: user.csrf_token.clone(),
        new: watches.iter().map(|watch| watch.new).sum(),
        watches,
    })
}

#[derive(Deserialize)]
pub struct WatchForm {
    csrf: String,
    kind: String,
    query: String,
}

pub async fn add_watch(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<WatchForm>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    let watch = watching::add(&app, &user, &form.kind, &form.query).await?;
    Ok(Redirect::to(&format!("/bevakningar#bevakning-{}", watch.id)).into_response())
}

pub async fn mark_watches_seen(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    watching::mark_seen(&app, &user).await?;
    Ok(Redirect::to("/bevakningar").into_response())
}

pub async fn delete_watch(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    watching::delete(&app, &user, id).await?;
    Ok(Redirect::to("/bevakningar").into_response())
}
