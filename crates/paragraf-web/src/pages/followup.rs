//! The follow-up pages: decisions, actions (and marking them), people,
//! topics and the next meeting's draft agenda.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use paragraf_followup::PersonRecord;
use paragraf_followup::actions::ActionRecord;
use paragraf_followup::agenda::{Agenda, AgendaPoint};
use paragraf_followup::decisions::DecisionRecord;
use paragraf_followup::topics::Topic;
use serde::Deserialize;

use super::{Nav, PageResult, render, swedish_date};
use crate::App;
use crate::auth::CurrentUser;
use crate::followup_views::{
    self as views, ActionFilter, AgendaRequest, DecisionFilter, OwnerGroup, PersonView,
    StatusChange,
};

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    nav: Nav,
    filter: DecisionFilter,
    executions: Vec<(&'static str, &'static str)>,
    /// All the filter lets through; `decisions` holds the first of them.
    total: usize,
    decisions: Vec<DecisionRecord>,
}

/// The most rows a register page lists: a whole archive's register would
/// be a page no one can read or load. The filters narrow it; the API
/// returns everything.
const PAGE_ROWS: usize = 300;

pub async fn decisions(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Query(filter): Query<DecisionFilter>,
) -> PageResult {
    let mut decisions = views::decisions(&app, &filter).await?;
    let total = decisions.len();
    decisions.truncate(PAGE_ROWS);
    render(&DecisionsPage {
        nav: Nav::new(&user, "/beslut"),
        filter,
        executions: views::execution_choices(),
        total,
        decisions,
    })
}

#[derive(Template)]
#[template(path = "actions.html")]
struct ActionsPage<'a> {
    nav: Nav,
    csrf: &'a str,
    filter: ActionFilter,
    count: usize,
    shown: usize,
    groups: Vec<OwnerGroup<'a>>,
}

pub async fn actions(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Query(filter): Query<ActionFilter>,
) -> PageResult {
    let mut actions = views::actions(&app, &filter).await?;
    let count = actions.len();
    // Newest first, so a long register shows what is current.
    actions.sort_by(|a, b| crate::views::newest_first(&a.date, &b.date));
    actions.truncate(PAGE_ROWS);
    render(&ActionsPage {
        nav: Nav::new(&user, "/atgarder"),
        csrf: &user.csrf_token,
        filter,
        count,
        shown: actions.len(),
        groups: views::by_owner(&actions, &user),
    })
}

/// The mark-as-done form: every field defaults, so a form missing one
/// meets the CSRF check (403) rather than a bare rejection.
#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    change: StatusChange,
}

pub async fn set_action_status(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> PageResult {
    user.check_csrf(&form.csrf)?;
    let id = views::parse_id(&id, "action")?;
    views::set_action_status(&app, &user, id, &form.change).await?;
    // All statuses, so the action just marked is still on the page.
    Ok(Redirect::to(&format!("/atgarder?status=all#atgard-{id}")).into_response())
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    nav: Nav,
    people: Vec<PersonRecord>,
}

pub async fn people(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> PageResult {
    render(&PeoplePage {
        nav: Nav::new(&user, "/personer"),
        people: views::people(&app).await?,
    })
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    nav: Nav,
    view: PersonView,
}

pub async fn person(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(name): Path<String>,
) -> PageResult {
    render(&PersonPage {
        nav: Nav::new(&user, "/personer"),
        view: views::person(&app, &name).await?,
    })
}

#[derive(Template)]
#[template(path = "topics.html")]
struct TopicsPage {
    nav: Nav,
    topics: Arc<Vec<Topic>>,
}

pub async fn topics(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
) -> PageResult {
    render(&TopicsPage {
        nav: Nav::new(&user, "/amnen"),
        topics: views::topics(&app).await?,
    })
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    nav: Nav,
    csrf: String,
    topic: Topic,
}

pub async fn topic(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> PageResult {
    let topic = views::topic(&app, views::parse_id(&id, "topic")?).await?;
    render(&TopicPage {
        nav: Nav::new(&user, "/amnen"),
        csrf: user.csrf_token.clone(),
        topic,
    })
}

#[derive(Template)]
#[template(path = "agenda.html")]
struct AgendaPage<'a> {
    nav: Nav,
    request: AgendaRequest,
    agenda: &'a Agenda,
    latest_stale: Vec<&'a AgendaPoint>,
}

pub async fn agenda(
    State(app): State<Arc<App>>,
    Extension(user): Extension<CurrentUser>,
    Query(request): Query<AgendaRequest>,
) -> PageResult {
    let agenda = views::agenda(&app, &request).await?;
    render(&AgendaPage {
        nav: Nav::new(&user, "/dagordning"),
        request,
        latest_stale: views::latest_stale(&agenda),
        agenda: &agenda,
    })
}

/// An action's due date in words, empty when it has none.
fn due(action: &ActionRecord) -> String {
    match (&action.due_date, action.due_next_meeting) {
        (Some(date), _) => swedish_date(date),
        (None, true) => "till nästa möte".to_string(),
        (None, false) => String::new(),
    }
}
