//! The follow-up API: the registers, people, topics and the next agenda,
//! filtered as their pages are.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use paragraf_followup::PersonRecord;
use paragraf_followup::actions::ActionRecord;
use paragraf_followup::agenda::Agenda;
use paragraf_followup::decisions::DecisionRecord;
use paragraf_followup::topics::Topic;

use super::ApiResult;
use crate::App;
use crate::auth::CurrentUser;
use crate::followup_views::{
    self as views, ActionFilter, AgendaRequest, DecisionFilter, PersonView, StatusChange,
};

pub async fn decisions(
    State(app): State<Arc<App>>,
    Query(filter): Query<DecisionFilter>,
) -> ApiResult<Vec<DecisionRecord>> {
    Ok(Json(views::decisions(&app, &filter).await?))
}

pub async fn actions(
    State(app): State<Arc<App>>,
    Query(filter): Query<ActionFilter>,
) -> ApiResult<Vec<ActionRecord>> {
    Ok(Json(views::actions(&app, &filter).await?))
}

/// Sets an action's status; the role guard has checked the CSRF header.
pub async fn set_action_status(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Json(change): Json<StatusChange>,
) -> ApiResult<ActionRecord> {
    let id = views::parse_id(&id, "action")?;
    Ok(Json(
        views::set_action_status(&app, &user, id, &change).await?,
    ))
}

pub async fn people(State(app): State<Arc<App>>) -> ApiResult<Vec<PersonRecord>> {
    Ok(Json(views::people(&app).await?))
}

pub async fn person(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
) -> ApiResult<PersonView> {
    Ok(Json(views::person(&app, &name).await?))
}

pub async fn topics(State(app): State<Arc<App>>) -> ApiResult<Arc<Vec<Topic>>> {
    Ok(Json(views::topics(&app).await?))
}

pub async fn topic(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Topic> {
    let id = views::parse_id(&id, "topic")?;
    Ok(Json(views::topic(&app, id).await?))
}

pub async fn agenda(
    State(app): State<Arc<App>>,
    Query(request): Query<AgendaRequest>,
) -> ApiResult<Arc<Agenda>> {
    Ok(Json(views::agenda(&app, &request).await?))
}
