//! The API's OpenAPI 3.1 document, served at `/api/v1/openapi.json`.
//!
//! The routes are described in one table here rather than by attributes on
//! each handler, so the handlers stay plain axum; the schemas come from the
//! types the handlers serialise (`ToSchema`, which follows their serde
//! attributes). The tests hold the table to the router in `lib.rs`: every
//! `/api/v1` route is documented with its methods, handler and least role,
//! and nothing is documented that the router does not serve.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use paragraf_followup::PersonRecord;
use paragraf_followup::actions::ActionRecord;
use paragraf_followup::agenda::Agenda;
use paragraf_followup::decisions::DecisionRecord;
use paragraf_followup::topics::Topic;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem,
    PathsBuilder,
};
use utoipa::openapi::request_body::{RequestBody, RequestBodyBuilder};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{
    ArrayBuilder, ComponentsBuilder, KnownFormat, ObjectBuilder, Ref, Schema, SchemaFormat, Type,
};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    Content, InfoBuilder, OpenApi, OpenApiBuilder, OpenApiVersion, RefOr, Required,
};
use utoipa::{IntoParams, ToSchema};

use crate::api::{
    AuditQuery, AuditView, Credentials, NewUser, NewWatch, PageQuery, RecordCorrectionBody,
    SessionStarted, TextCorrectionBody, TextCorrectionView, UserView,
};
use crate::auth::{Role, SESSION_COOKIE};
use crate::error::Failure;
use crate::followup_views::{
    ActionFilter, AgendaRequest, DecisionFilter, PersonView, StatusChange,
};
use crate::upload::UploadResult;
use crate::views::{Correction, MeetingList, MeetingText, MeetingView, SearchForm, SearchView};
use crate::watching::WatchView;

/// The security scheme of the session cookie.
const SESSION_SCHEME: &str = "session";
/// The security scheme of the CSRF token header every write carries.
const CSRF_SCHEME: &str = "csrf";
/// The component schema of every error answer.
const ERROR_SCHEMA: &str = "Error";
/// The extension naming an operation's least role (absent: no session needed).
const ROLE_EXTENSION: &str = "x-paragraf-role";

const OVERVIEW: &str = "\
The JSON API of Paragraf: the meeting records the CLI prints with `--json`, \
search, the follow-up registers, corrections and the audit log.

**Sessions.** Log in with `POST /api/v1/session`; the answer sets the \
`paragraf_session` cookie (`HttpOnly`, `SameSite=Lax`) and carries the \
session's `csrf_token`. Every `POST` and `DELETE` made with a session must \
send that token in the `X-CSRF-Token` header, and a request that says it \
comes from another site (`Sec-Fetch-Site`, `Origin`) is refused.

**Roles.** Each operation needs a least role (`x-paragraf-role`); every role \
may do what the roles below it may: reader < member < secretary < admin.

**Errors.** Failures answer `{\"error\": {\"code\": …, \"message\": …}}`; \
match on `code`, never on `message`. A request the framework cannot read (a \
path, query or JSON body of the wrong shape, or the wrong content type) is \
answered with a plain-text 400, 415 or 422 instead.";

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    openapi()
        .to_json()
        .expect("the OpenAPI document serialises")
});

/// `GET /api/v1/openapi.json`: the document, built on the first request.
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

fn openapi() -> OpenApi {
    let mut schemas = Schemas::default();
    let endpoints = endpoints(&mut schemas);
    schemas.add(ERROR_SCHEMA, error_schema());

    let mut paths = PathsBuilder::new();
    for endpoint in endpoints {
        let (method, path) = (endpoint.method.clone(), endpoint.path);
        paths = paths.path(path, PathItem::new(method, endpoint.into_operation()));
    }
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas.0)
        .security_scheme(
            SESSION_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The session, set by `POST /api/v1/session`.",
            ))),
        )
        .security_scheme(
            CSRF_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The session's `csrf_token`, required on every `POST` and `DELETE`.",
            ))),
        )
        .build();
    OpenApiBuilder::new()
        .openapi(OpenApiVersion::Version31)
        .info(
            InfoBuilder::new()
                .title("Paragraf API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(OVERVIEW)),
        )
        .paths(paths)
        .components(Some(components))
        .tags(Some(TAGS.map(|(name, description)| {
            TagBuilder::new()
                .name(name)
                .description(Some(description))
                .build()
        })))
        .build()
}

const SESSION: &str = "session";
const MEETINGS: &str = "meetings";
const FOLLOW_UP: &str = "follow-up";
const WATCHES: &str = "watches";
const EDITING: &str = "editing";
const ADMINISTRATION: &str = "administration";

const TAGS: [(&str, &str); 6] = [
    (SESSION, "Logging in and out, and this document."),
    (MEETINGS, "Meetings, their records and text, and search."),
    (
        FOLLOW_UP,
        "Decisions, actions, people, topics and the next agenda, across meetings.",
    ),
    (
        WATCHES,
        "Saved searches and topics, and what is new in them.",
    ),
    (EDITING, "Corrections, uploads and the audit log."),
    (ADMINISTRATION, "Accounts."),
];

/// Every route under `/api/v1`.
fn endpoints(schemas: &mut Schemas) -> Vec<Endpoint> {
    use HttpMethod::{Delete, Get, Post};
    use Role::{Admin, Member, Reader, Secretary};
    vec![
        Endpoint::new(Post, "/api/v1/session", "log_in", SESSION, None)
            .summary("Log in: start a session")
            .json_body(schemas.of::<Credentials>())
            .answer(
                ResponseBuilder::new()
                    .description("The session: its user and the token writes must carry.")
                    .content(
                        "application/json",
                        Content::new(Some(schemas.of::<SessionStarted>())),
                    )
                    .header(
                        "Set-Cookie",
                        HeaderBuilder::new()
                            .schema(Some(string()))
                            .description(Some(format!(
                                "`{SESSION_COOKIE}=…; Path=/; HttpOnly; SameSite=Lax`"
                            )))
                            .build(),
                    )
                    .build(),
            )
            .fails(Failure::BadLogin)
            .fails(Failure::TooManyLogins(0)),
        Endpoint::new(Get, "/api/v1/openapi.json", "document", SESSION, None)
            .summary("This document")
            .answers(
                "The OpenAPI document.",
                ObjectBuilder::new().schema_type(Type::Object).into(),
            ),
        Endpoint::new(Get, "/api/v1/session", "me", SESSION, Some(Reader))
            .summary("Who is logged in, and the session's CSRF token")
            .answers("The session.", schemas.of::<SessionStarted>()),
        Endpoint::new(Delete, "/api/v1/session", "log_out", SESSION, Some(Reader))
            .summary("Log out: end the session")
            .answer(
                ResponseBuilder::new()
                    .description("Logged out; the cookie is cleared.")
                    .content("application/json", Content::new(Some(empty_object())))
                    .header(
                        "Set-Cookie",
                        HeaderBuilder::new()
                            .schema(Some(string()))
                            .description(Some(format!("`{SESSION_COOKIE}=; Max-Age=0`")))
                            .build(),
                    )
                    .build(),
            ),
        Endpoint::new(Get, "/api/v1/meetings", "meetings", MEETINGS, Some(Reader))
            .summary("The meetings, newest first, a page at a time")
            .query::<PageQuery>(&[("page", "1-based; 50 meetings a page.")])
            .answers("One page of the meeting list.", schemas.of::<MeetingList>()),
        Endpoint::new(
            Get,
            "/api/v1/meetings/{id}",
            "meeting",
            MEETINGS,
            Some(Reader),
        )
        .summary("A meeting's record: as extracted, as corrected, and the corrections")
        .path_id("The meeting's id.")
        .answers("The meeting.", schemas.of::<MeetingView>())
        .fails(Failure::NotFound("meeting")),
        Endpoint::new(
            Get,
            "/api/v1/meetings/{id}/text",
            "meeting_text",
            MEETINGS,
            Some(Reader),
        )
        .summary("A meeting's text, line by line, with OCR repairs and corrections marked")
        .path_id("The meeting's id.")
        .answers("The text.", schemas.of::<MeetingText>())
        .fails(Failure::NotFound("meeting")),
        Endpoint::new(Get, "/api/v1/search", "search", MEETINGS, Some(Reader))
            .summary("Search items, decisions and actions")
            .query::<SearchForm>(&[
                (
                    "q",
                    "Words and `\"quoted phrases\"` to find. With `q` and `person` both \
                     empty there are no hits.",
                ),
                (
                    "from",
                    "Meetings on or after this year, month or day: `2021`, `2021-03`, \
                     `2021-03-15`.",
                ),
                ("to", "Meetings on or before this year, month or day."),
                (
                    "kind",
                    "`item`, `decision`, `action`, or `all` (the default).",
                ),
                (
                    "person",
                    "Every word must be in a presenter's or action owner's name.",
                ),
                (
                    "body",
                    "Every word must be in the name of the meeting's body.",
                ),
                ("limit", "Hits at most, 1–100; 20 by default."),
            ])
            .answers("The hits, best first.", schemas.of::<SearchView>())
            .fails(Failure::BadRequest(String::new())),
        Endpoint::new(
            Get,
            "/api/v1/decisions",
            "decisions",
            FOLLOW_UP,
            Some(Reader),
        )
        .summary("The decisions register, newest meeting first")
        .query::<DecisionFilter>(&[])
        .answers(
            "The decisions the filter lets through.",
            schemas.list_of::<DecisionRecord>(),
        )
        .fails(Failure::BadRequest(String::new())),
        Endpoint::new(Get, "/api/v1/actions", "actions", FOLLOW_UP, Some(Reader))
            .summary("The actions register, in meeting order")
            .query::<ActionFilter>(&[])
            .answers(
                "The actions the filter lets through.",
                schemas.list_of::<ActionRecord>(),
            )
            .fails(Failure::BadRequest(String::new())),
        Endpoint::new(Get, "/api/v1/people", "people", FOLLOW_UP, Some(Reader))
            .summary("Everyone the minutes name, with their attendance")
            .answers("Everyone.", schemas.list_of::<PersonRecord>()),
        Endpoint::new(
            Get,
            "/api/v1/people/{name}",
            "person",
            FOLLOW_UP,
            Some(Reader),
        )
        .summary("One person, and the actions they own")
        .path_text(
            "name",
            "The person's name, or any name they go by (case and diacritics ignored).",
        )
        .answers("The person.", schemas.of::<PersonView>())
        .fails(Failure::NotFound("person")),
        Endpoint::new(Get, "/api/v1/topics", "topics", FOLLOW_UP, Some(Reader))
            .summary("The topics: items about one matter, threaded across meetings")
            .answers("Every topic.", schemas.list_of::<Topic>()),
        Endpoint::new(Get, "/api/v1/topics/{id}", "topic", FOLLOW_UP, Some(Reader))
            .summary("One topic")
            .path_id("The topic's id.")
            .answers("The topic.", schemas.of::<Topic>())
            .fails(Failure::NotFound("topic")),
        Endpoint::new(
            Get,
            "/api/v1/agenda/next",
            "agenda",
            FOLLOW_UP,
            Some(Reader),
        )
        .summary("A draft agenda: the archive's next meeting, or the day and body asked for")
        .query::<AgendaRequest>(&[])
        .answers("The draft agenda.", schemas.of::<Agenda>())
        .fails(Failure::BadRequest(String::new())),
        Endpoint::new(Get, "/api/v1/watches", "watches", WATCHES, Some(Reader))
            .summary("The user's watches and everything they find")
            .answers("The watches.", schemas.list_of::<WatchView>()),
        Endpoint::new(Post, "/api/v1/watches", "add_watch", WATCHES, Some(Reader))
            .summary("Watch a search or a topic")
            .json_body(schemas.of::<NewWatch>())
            .answers("The new watch.", schemas.of::<WatchView>())
            .fails(Failure::BadRequest(String::new())),
        Endpoint::new(
            Delete,
            "/api/v1/watches/{id}",
            "delete_watch",
            WATCHES,
            Some(Reader),
        )
        .summary("Stop watching")
        .path_id("The watch's id.")
        .answers("Deleted.", empty_object())
        .fails(Failure::NotFound("watch")),
        Endpoint::new(Get, "/api/v1/changes", "changes", WATCHES, Some(Reader))
            .summary("What is new in the user's watches since they last looked")
            .answers(
                "The watches, each with only its new entries.",
                schemas.list_of::<WatchView>(),
            ),
        Endpoint::new(
            Post,
            "/api/v1/actions/{id}/status",
            "set_action_status",
            FOLLOW_UP,
            Some(Member),
        )
        .summary("Record an action's status")
        .describe(
            "`status` is one of `open`, `done`, `carried_over`, `dropped`. A member may mark \
             the actions they own (as the minutes write their name); a secretary any action.",
        )
        .path_id("The action's id.")
        .json_body(schemas.of::<StatusChange>())
        .answers("The action as it now stands.", schemas.of::<ActionRecord>())
        .fails(Failure::NotFound("action"))
        .fails(Failure::BadRequest(String::new())),
        Endpoint::new(
            Post,
            "/api/v1/meetings/{id}/corrections",
            "correct_record",
            EDITING,
            Some(Secretary),
        )
        .summary("Correct a text field of a meeting's record")
        .path_id("The meeting's id.")
        .json_body(schemas.of::<RecordCorrectionBody>())
        .answers("The correction.", schemas.of::<Correction>())
        .fails(Failure::NotFound("meeting"))
        .fails(Failure::BadRequest(String::new())),
        Endpoint::new(
            Post,
            "/api/v1/meetings/{id}/text-corrections",
            "correct_text",
            EDITING,
            Some(Secretary),
        )
        .summary("Correct a word of a meeting's text")
        .path_id("The meeting's id.")
        .json_body(schemas.of::<TextCorrectionBody>())
        .answers("The correction.", schemas.of::<TextCorrectionView>())
        .fails(Failure::NotFound("meeting"))
        .fails(Failure::BadRequest(String::new())),
        Endpoint::new(Post, "/api/v1/uploads", "upload", EDITING, Some(Secretary))
            .summary("Upload minutes: each file is read into the archive")
            .describe(
                "A file over the server's limit (`--max-mb`, 50 MB by default) is answered \
                 `failed`; a request over twenty times the limit is refused with a plain-text \
                 413.",
            )
            .body(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content("multipart/form-data", Content::new(Some(upload_form())))
                    .build(),
            )
            .answers("What became of each file.", schemas.of::<UploadResult>())
            .fails(Failure::BadRequest(String::new())),
        Endpoint::new(Get, "/api/v1/audit", "audit", EDITING, Some(Secretary))
            .summary("The audit log, newest first")
            .query::<AuditQuery>(&[
                (
                    "before",
                    "Only rows with a smaller id: the last id of the page before.",
                ),
                ("limit", "Rows at most, 1–1000; 100 by default."),
            ])
            .answers("The log's rows.", schemas.list_of::<AuditView>()),
        Endpoint::new(Get, "/api/v1/users", "users", ADMINISTRATION, Some(Admin))
            .summary("The accounts")
            .answers("Every account.", schemas.list_of::<UserView>()),
        Endpoint::new(
            Post,
            "/api/v1/users",
            "add_user",
            ADMINISTRATION,
            Some(Admin),
        )
        .summary("Add an account")
        .json_body(schemas.of::<NewUser>())
        .answers("The new account.", schemas.of::<UserView>())
        .fails(Failure::BadRequest(String::new()))
        .fails(Failure::Conflict(String::new())),
    ]
}

/// One operation of the API: what it takes, what it answers, who may call it.
struct Endpoint {
    method: HttpMethod,
    path: &'static str,
    /// The handler's name in `lib.rs`, which is also the operation id.
    handler: &'static str,
    tag: &'static str,
    /// The least role that may call it; `None` when no session is needed.
    role: Option<Role>,
    operation: OperationBuilder,
    /// What a caller must know beyond the summary and the schemas.
    description: Option<&'static str>,
    answer: Option<Response>,
    failures: Vec<Failure>,
}

impl Endpoint {
    fn new(
        method: HttpMethod,
        path: &'static str,
        handler: &'static str,
        tag: &'static str,
        role: Option<Role>,
    ) -> Endpoint {
        Endpoint {
            method,
            path,
            handler,
            tag,
            role,
            operation: OperationBuilder::new(),
            description: None,
            answer: None,
            failures: Vec::new(),
        }
    }

    fn summary(mut self, summary: &str) -> Endpoint {
        self.operation = self.operation.summary(Some(summary));
        self
    }

    fn describe(mut self, description: &'static str) -> Endpoint {
        self.description = Some(description);
        self
    }

    /// The integer `{id}` in the path.
    fn path_id(mut self, description: &str) -> Endpoint {
        self.operation = self.operation.parameter(
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some(description))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
                )),
        );
        self
    }

    /// A string parameter in the path, such as `{name}`.
    fn path_text(mut self, name: &str, description: &str) -> Endpoint {
        self.operation = self.operation.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some(description))
                .schema(Some(string())),
        );
        self
    }

    /// The query parameters the handler reads into `T`, with descriptions
    /// for those whose fields have no doc comment to give one.
    fn query<T: IntoParams>(mut self, descriptions: &[(&str, &str)]) -> Endpoint {
        let mut parameters: Vec<Parameter> = T::into_params(|| Some(ParameterIn::Query));
        for (name, description) in descriptions {
            let parameter = parameters
                .iter_mut()
                .find(|parameter| parameter.name == *name)
                .unwrap_or_else(|| panic!("{} has no query parameter {name}", self.path));
            parameter.description = Some(description.to_string());
        }
        self.operation = self.operation.parameters(Some(parameters));
        self
    }

    fn json_body(self, schema: RefOr<Schema>) -> Endpoint {
        self.body(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/json", Content::new(Some(schema)))
                .build(),
        )
    }

    fn body(mut self, body: RequestBody) -> Endpoint {
        self.operation = self.operation.request_body(Some(body));
        self
    }

    /// A 200 answer of JSON in `schema`.
    fn answers(self, description: &str, schema: RefOr<Schema>) -> Endpoint {
        self.answer(
            ResponseBuilder::new()
                .description(description)
                .content("application/json", Content::new(Some(schema)))
                .build(),
        )
    }

    fn answer(mut self, answer: Response) -> Endpoint {
        self.answer = Some(answer);
        self
    }

    /// A failure particular to this operation, beyond those of its role
    /// and method that every such operation shares.
    fn fails(mut self, failure: Failure) -> Endpoint {
        self.failures.push(failure);
        self
    }

    fn writes(&self) -> bool {
        matches!(self.method, HttpMethod::Post | HttpMethod::Delete)
    }

    /// The failures the guards in front of the handler may answer with.
    fn guard_failures(&self) -> Vec<Failure> {
        let mut failures = Vec::new();
        if let Some(role) = self.role {
            failures.push(Failure::Unauthenticated);
            if role > Role::Reader {
                failures.push(Failure::Forbidden);
            }
        }
        if self.writes() {
            failures.push(Failure::BadCsrf);
        }
        failures
    }

    fn into_operation(self) -> Operation {
        let writes = self.writes();
        let mut failures = self.guard_failures();
        failures.extend(self.failures);
        failures.push(Failure::Internal(String::new()));
        let answer = self.answer.expect("every endpoint says what it answers");
        let mut operation = self
            .operation
            .operation_id(Some(self.handler))
            .tag(self.tag)
            .response("200", answer);
        for (status, response) in error_responses(&failures) {
            operation = operation.response(status, response);
        }
        let access = match self.role {
            Some(role) => format!(
                "Needs the `{}` role or higher{}.",
                role.as_str(),
                if writes {
                    ", and the session's token in `X-CSRF-Token`"
                } else {
                    ""
                }
            ),
            None => "Needs no session.".to_string(),
        };
        let description = match self.description {
            Some(description) => format!("{description}\n\n{access}"),
            None => access,
        };
        operation = operation.description(Some(description));
        if let Some(role) = self.role {
            let mut requirement = SecurityRequirement::new(SESSION_SCHEME, Vec::<String>::new());
            if writes {
                requirement = requirement.add(CSRF_SCHEME, Vec::<String>::new());
            }
            operation = operation.security(requirement).extensions(Some(
                ExtensionsBuilder::new()
                    .add(ROLE_EXTENSION, role.as_str())
                    .build(),
            ));
        }
        operation.build()
    }
}

/// What each failure means to a client. The match has no catch-all so
/// that a new kind of failure cannot go undocumented.
fn meaning(failure: &Failure) -> &'static str {
    match failure {
        Failure::Unauthenticated => "no session, or it has ended: log in",
        Failure::Forbidden => "the session's role may not do this",
        Failure::BadCsrf => {
            "a write without the session's `X-CSRF-Token`, or one from another site"
        }
        Failure::NotFound(_) => "what the request names does not exist; `message` says what",
        Failure::BadRequest(_) => "the request cannot be carried out as asked; `message` says why",
        Failure::BadLogin => "wrong user name or password",
        Failure::TooManyLogins(_) => {
            "too many failed logins; `Retry-After` says how many seconds to wait"
        }
        Failure::Conflict(_) => "the change clashes with what exists",
        Failure::Internal(_) => "the server failed (and logged why)",
    }
}

/// One failure of each kind, for the error schema's list of codes. A new
/// kind breaks `meaning`'s match, which is the reminder to add it here.
fn every_failure() -> [Failure; 9] {
    [
        Failure::BadRequest(String::new()),
        Failure::Unauthenticated,
        Failure::BadLogin,
        Failure::Forbidden,
        Failure::BadCsrf,
        Failure::NotFound("meeting"),
        Failure::Conflict(String::new()),
        Failure::TooManyLogins(0),
        Failure::Internal(String::new()),
    ]
}

/// `{"error": {"code", "message"}}`, with every code and its meaning.
fn error_schema() -> RefOr<Schema> {
    let failures = every_failure();
    let table: String = failures
        .iter()
        .map(|failure| {
            format!(
                "\n- `{}` ({}): {}.",
                failure.code(),
                failure.status().as_u16(),
                meaning(failure)
            )
        })
        .collect();
    let detail = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "code",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(failures.iter().map(Failure::code)))
                .description(Some(format!(
                    "Stable: clients match on it, never on `message`.{table}"
                ))),
        )
        .required("code")
        .property(
            "message",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("What went wrong, in English, for people.")),
        )
        .required("message");
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("Every failure of the API answers in this shape."))
        .property("error", detail)
        .required("error")
        .into()
}

/// One response per HTTP status, listing the codes it may carry.
fn error_responses(failures: &[Failure]) -> BTreeMap<String, Response> {
    let mut by_status: BTreeMap<u16, Vec<&Failure>> = BTreeMap::new();
    for failure in failures {
        let codes = by_status.entry(failure.status().as_u16()).or_default();
        if !codes.iter().any(|known| known.code() == failure.code()) {
            codes.push(failure);
        }
    }
    by_status
        .into_iter()
        .map(|(status, failures)| {
            let description = failures
                .iter()
                .map(|failure| format!("`{}`: {}.", failure.code(), meaning(failure)))
                .collect::<Vec<_>>()
                .join(" ");
            let mut response = ResponseBuilder::new().description(description).content(
                "application/json",
                Content::new(Some(Ref::from_schema_name(ERROR_SCHEMA))),
            );
            if failures
                .iter()
                .any(|failure| matches!(failure, Failure::TooManyLogins(_)))
            {
                response = response.header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                        .description(Some("Seconds to wait before trying again."))
                        .build(),
                );
            }
            (status.to_string(), response.build())
        })
        .collect()
}

/// The component schemas the endpoints refer to, gathered as they are named.
#[derive(Default)]
struct Schemas(BTreeMap<String, RefOr<Schema>>);

impl Schemas {
    /// A reference to `T`'s schema, adding it and every schema it refers to.
    fn of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        let mut referred = Vec::new();
        T::schemas(&mut referred);
        for (name, schema) in referred {
            self.add(&name, schema);
        }
        self.add(&T::name(), T::schema());
        Ref::from_schema_name(T::name()).into()
    }

    fn list_of<T: ToSchema>(&mut self) -> RefOr<Schema> {
        ArrayBuilder::new().items(self.of::<T>()).into()
    }

    /// Two types of one name would otherwise silently share one schema.
    fn add(&mut self, name: &str, schema: RefOr<Schema>) {
        if let Some(known) = self.0.get(name) {
            assert!(*known == schema, "two different schemas are named {name}");
        }
        self.0.insert(name.to_string(), schema);
    }
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

/// The `{}` a deletion or a logout answers with.
fn empty_object() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .max_properties(Some(0))
        .into()
}

/// The upload form: one or more files in the field `files`.
fn upload_form() -> RefOr<Schema> {
    let file = string().content_media_type("application/octet-stream");
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "files",
            ArrayBuilder::new()
                .items(file)
                .min_items(Some(1))
                .description(Some(
                    "The minutes: text, PDF, Word, OpenDocument or images.",
                )),
        )
        .required("files")
        .into()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;
    use crate::auth::CSRF_HEADER;

    fn parsed() -> Value {
        serde_json::from_str(&DOCUMENT).expect("the document is JSON")
    }

    /// A route of the router: path, method, handler and least role.
    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Route {
        path: String,
        method: String,
        handler: String,
        role: Option<String>,
    }

    /// The `/api/v1` routes of `router` in `lib.rs`, read from its source:
    /// each `.route("PATH", get(module::handler).post(…))`, under the role
    /// of the guard layer of its group (`let readers = …require_reader`).
    fn router_routes() -> BTreeSet<Route> {
        let source = include_str!("lib.rs");
        let router = &source[source.find("pub fn router").expect("lib.rs has router")..];
        let mut routes = BTreeSet::new();
        for group in router.split("let ").skip(1) {
            let role = group
                .split_once("auth::require_")
                .map(|(_, rest)| identifier(rest).to_string());
            for call in group.split(".route(").skip(1) {
                let call = &call[..closing_paren(call)];
                let Some(path) = call.split('"').nth(1) else {
                    continue;
                };
                if !path.starts_with("/api/v1") {
                    continue;
                }
                for method in ["get", "post", "delete", "put", "patch"] {
                    for (at, _) in call.match_indices(&format!("{method}(")) {
                        let before = call[..at].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        // `api::upload` of `post(api::upload.layer(…))`.
                        let handler = call[at + method.len() + 1..].trim_start();
                        let path_end = handler
                            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                            .unwrap_or(handler.len());
                        let handler = handler[..path_end].rsplit("::").next().expect("a handler");
                        routes.insert(Route {
                            path: path.to_string(),
                            method: method.to_string(),
                            handler: handler.to_string(),
                            role: role.clone(),
                        });
                    }
                }
            }
        }
        routes
    }

    fn identifier(text: &str) -> &str {
        let end = text
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(text.len());
        &text[..end]
    }

    /// Where the call whose arguments `text` starts with closes.
    fn closing_paren(text: &str) -> usize {
        let mut depth = 1;
        for (at, c) in text.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return at;
                    }
                }
                _ => {}
            }
        }
        panic!("unclosed .route( in lib.rs")
    }

    fn documented_routes(document: &Value) -> BTreeSet<Route> {
        let mut routes = BTreeSet::new();
        for (path, item) in document["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("a path item") {
                routes.insert(Route {
                    path: path.clone(),
                    method: method.clone(),
                    handler: operation["operationId"]
                        .as_str()
                        .expect("an id")
                        .to_string(),
                    role: operation[ROLE_EXTENSION].as_str().map(str::to_string),
                });
            }
        }
        routes
    }

    #[test]
    fn the_document_is_openapi_3_1() {
        let document = parsed();
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(document["info"]["title"], "Paragraf API");
        assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn the_document_lists_exactly_the_routes_of_the_router() {
        let served = router_routes();
        assert!(served.len() > 20, "lib.rs was not read: {served:?}");
        let documented = documented_routes(&parsed());
        let undocumented: Vec<_> = served.difference(&documented).collect();
        let not_served: Vec<_> = documented.difference(&served).collect();
        assert!(
            undocumented.is_empty() && not_served.is_empty(),
            "served but not documented (or documented differently): {undocumented:#?}\n\
             documented but not served: {not_served:#?}"
        );
    }

    #[test]
    fn path_parameters_are_declared() {
        let document = parsed();
        for (path, item) in document["paths"].as_object().unwrap() {
            let in_path: BTreeSet<&str> = path
                .split('{')
                .skip(1)
                .map(|rest| rest.split('}').next().unwrap())
                .collect();
            for (method, operation) in item.as_object().unwrap() {
                let declared: BTreeSet<&str> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|parameter| parameter["in"] == "path")
                    .map(|parameter| parameter["name"].as_str().unwrap())
                    .collect();
                assert_eq!(in_path, declared, "{method} {path}");
            }
        }
    }

    #[test]
    fn every_reference_resolves() {
        let text = DOCUMENT.as_str();
        let document = parsed();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for reference in text.split("\"$ref\":\"").skip(1) {
            let reference = &reference[..reference.find('"').unwrap()];
            let name = reference
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("unexpected reference {reference}"));
            assert!(schemas.contains_key(name), "no schema {name}");
        }
        // A field typed by an alias of a primitive (`MeetingId`) becomes a
        // reference to a schema named after the primitive unless told its
        // `value_type`.
        for name in schemas.keys() {
            assert!(
                name.starts_with(char::is_uppercase),
                "schema {name} names no type"
            );
        }
    }

    #[test]
    fn writes_need_the_session_and_the_csrf_token() {
        let document = parsed();
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(schemes[SESSION_SCHEME]["in"], "cookie");
        assert_eq!(schemes[SESSION_SCHEME]["name"], SESSION_COOKIE);
        assert_eq!(schemes[CSRF_SCHEME]["in"], "header");
        assert!(
            schemes[CSRF_SCHEME]["name"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case(CSRF_HEADER)
        );
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let Some(role) = operation[ROLE_EXTENSION].as_str() else {
                    assert!(operation.get("security").is_none(), "{method} {path}");
                    continue;
                };
                let requirement = &operation["security"][0];
                assert!(requirement.get(SESSION_SCHEME).is_some(), "{method} {path}");
                let writes = method == "post" || method == "delete";
                assert_eq!(
                    requirement.get(CSRF_SCHEME).is_some(),
                    writes,
                    "{method} {path}"
                );
                assert!(operation["responses"]["401"].is_object(), "{method} {path}");
                assert_eq!(
                    operation["responses"]["403"].is_object(),
                    writes || role != "reader",
                    "{method} {path}"
                );
            }
        }
    }

    #[test]
    fn the_error_schema_lists_every_code() {
        let document = parsed();
        let codes: BTreeSet<&str> = document["components"]["schemas"][ERROR_SCHEMA]["properties"]
            ["error"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|code| code.as_str().unwrap())
            .collect();
        let expected: BTreeSet<&str> = every_failure().iter().map(Failure::code).collect();
        assert_eq!(codes, expected);
        assert_eq!(codes.len(), every_failure().len(), "two kinds share a code");
    }

    #[test]
    fn the_meeting_record_schema_has_the_contract_fields() {
        let document = parsed();
        let schemas = &document["components"]["schemas"];
        let record = &schemas["MeetingRecord"]["properties"];
        for field in [
            "schema",
            "source",
            "organization",
            "body",
            "date",
            "date_basis",
            "start_time",
            "end_time",
            "location",
            "attendees",
            "guests",
            "absent",
            "secretary",
            "items",
            "links",
        ] {
            assert!(record.get(field).is_some(), "MeetingRecord has no {field}");
        }
        assert_eq!(
            record["attendees"]["items"]["$ref"],
            "#/components/schemas/Attendee"
        );
        let item = &schemas["Item"]["properties"];
        assert_eq!(
            item["decisions"]["items"]["$ref"],
            "#/components/schemas/Decision"
        );
        assert_eq!(item["lines"]["minItems"], 2);
        assert!(schemas["Decision"]["properties"]["text"].is_object());
        assert_eq!(
            schemas["Section"]["enum"],
            serde_json::json!(["information", "decision", "dialog", "other"])
        );
        // Serialised only when set, so a client must not expect it.
        let attendee_required = schemas["Attendee"]["required"].as_array().unwrap();
        assert!(!attendee_required.contains(&Value::from("party")));
    }

    #[tokio::test]
    async fn the_document_is_served_as_json() {
        let response = super::document().await.into_response();
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    }
}
