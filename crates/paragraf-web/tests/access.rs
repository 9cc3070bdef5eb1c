//! No route answers without the right role: every route of the router,
//! asked without a session, by every role, and with a forged form token.

mod common;

use axum::http::{Method, StatusCode};
use common::{Session, Site};
use paragraf_web::Role;

/// Every route with a concrete address and the least role that may use
/// it; `None` for the public ones. `routes_cover_the_router` keeps this in
/// step with `lib.rs`.
const ROUTES: &[(&str, &str, &str, Option<Role>)] = &[
    // (method, route as in lib.rs, address asked, least role)
    ("GET", "/logga-in", "/logga-in", None),
    ("POST", "/logga-in", "/logga-in", None),
    ("GET", "/assets/{file}", "/assets/style.css", None),
    ("GET", "/flode/{token}", "/flode/unknown-token", None),
    ("POST", "/api/v1/session", "/api/v1/session", None),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", None),
    ("GET", "/", "/", Some(Role::Reader)),
    ("POST", "/logga-ut", "/logga-ut", Some(Role::Reader)),
    ("GET", "/moten", "/moten", Some(Role::Reader)),
    ("GET", "/moten/{id}", "/moten/1", Some(Role::Reader)),
    (
        "GET",
        "/moten/{id}/original",
        "/moten/1/original",
        Some(Role::Reader),
    ),
    ("GET", "/sok", "/sok?q=matematik", Some(Role::Reader)),
    ("GET", "/beslut", "/beslut", Some(Role::Reader)),
    ("GET", "/atgarder", "/atgarder", Some(Role::Reader)),
    ("GET", "/personer", "/personer", Some(Role::Reader)),
    (
        "GET",
        "/personer/{name}",
        "/personer/Lila%20Ericsson",
        Some(Role::Reader),
    ),
    ("GET", "/amnen", "/amnen", Some(Role::Reader)),
    ("GET", "/amnen/{id}", "/amnen/1", Some(Role::Reader)),
    ("GET", "/dagordning", "/dagordning", Some(Role::Reader)),
    ("GET", "/bevakningar", "/bevakningar", Some(Role::Reader)),
    ("POST", "/bevakningar", "/bevakningar", Some(Role::Reader)),
    (
        "POST",
        "/bevakningar/sett",
        "/bevakningar/sett",
        Some(Role::Reader),
    ),
    (
        "POST",
        "/bevakningar/{id}/ta-bort",
        "/bevakningar/1/ta-bort",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/session",
        "/api/v1/session",
        Some(Role::Reader),
    ),
    (
        "DELETE",
        "/api/v1/session",
        "/api/v1/session",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/meetings",
        "/api/v1/meetings",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/1",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/meetings/{id}/text",
        "/api/v1/meetings/1/text",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/search",
        "/api/v1/search?q=matematik",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/decisions",
        "/api/v1/decisions",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/actions",
        "/api/v1/actions",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/people",
        "/api/v1/people",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/people/{name}",
        "/api/v1/people/Lila%20Ericsson",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/topics",
        "/api/v1/topics",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/topics/{id}",
        "/api/v1/topics/1",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/agenda/next",
        "/api/v1/agenda/next",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/watches",
        "/api/v1/watches",
        Some(Role::Reader),
    ),
    (
        "POST",
        "/api/v1/watches",
        "/api/v1/watches",
        Some(Role::Reader),
    ),
    (
        "DELETE",
        "/api/v1/watches/{id}",
        "/api/v1/watches/1",
        Some(Role::Reader),
    ),
    (
        "GET",
        "/api/v1/changes",
        "/api/v1/changes",
        Some(Role::Reader),
    ),
    (
        "POST",
        "/atgarder/{id}/status",
        "/atgarder/1/status",
        Some(Role::Member),
    ),
    (
        "POST",
        "/api/v1/actions/{id}/status",
        "/api/v1/actions/1/status",
        Some(Role::Member),
    ),
    (
        "POST",
        "/moten/{id}/rattelse",
        "/moten/1/rattelse",
        Some(Role::Secretary),
    ),
    (
        "POST",
        "/moten/{id}/textrattelse",
        "/moten/1/textrattelse",
        Some(Role::Secretary),
    ),
    ("GET", "/ladda-upp", "/ladda-upp", Some(Role::Secretary)),
    ("POST", "/ladda-upp", "/ladda-upp", Some(Role::Secretary)),
    ("GET", "/logg", "/logg", Some(Role::Secretary)),
    (
        "POST",
        "/api/v1/meetings/{id}/corrections",
        "/api/v1/meetings/1/corrections",
        Some(Role::Secretary),
    ),
    (
        "POST",
        "/api/v1/meetings/{id}/text-corrections",
        "/api/v1/meetings/1/text-corrections",
        Some(Role::Secretary),
    ),
    (
        "POST",
        "/api/v1/uploads",
        "/api/v1/uploads",
        Some(Role::Secretary),
    ),
    (
        "GET",
        "/api/v1/audit",
        "/api/v1/audit",
        Some(Role::Secretary),
    ),
    ("GET", "/anvandare", "/anvandare", Some(Role::Admin)),
    ("POST", "/anvandare", "/anvandare", Some(Role::Admin)),
    ("GET", "/api/v1/users", "/api/v1/users", Some(Role::Admin)),
    ("POST", "/api/v1/users", "/api/v1/users", Some(Role::Admin)),
];

fn method(name: &str) -> Method {
    name.parse().unwrap()
}

/// A request to `address` as the route's own client sends it: forms and
/// JSON with the session's token, so only the role decides.
async fn ask(site: &Site, verb: &str, address: &str, session: Option<&Session>) -> common::Answer {
    let api = address.starts_with("/api/");
    match (verb, api) {
        ("GET", _) => site.get(address, session).await,
        (_, true) => {
            site.api(method(verb), address, session, serde_json::json!({}))
                .await
        }
        (_, false) => {
            let csrf = session.map_or("", |session| session.csrf.as_str());
            site.post_form(address, session, &[("csrf", csrf)]).await
        }
    }
}

#[test]
fn routes_cover_the_router() {
    let source = include_str!("../src/lib.rs");
    let mut routed: Vec<(String, String)> = Vec::new();
    // Each `.route(` call runs until the next call on the router.
    for call in source.split(".route(").skip(1) {
        let call = call.split(".route_layer(").next().unwrap();
        let path = call.split('"').nth(1).unwrap().to_string();
        for (verb, handler) in [("GET", "get("), ("POST", "post("), ("DELETE", "delete(")] {
            if call.contains(handler) {
                routed.push((verb.to_string(), path.clone()));
            }
        }
    }
    routed.sort();
    routed.dedup();
    let mut listed: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(verb, route, _, _)| (verb.to_string(), route.to_string()))
        .collect();
    listed.sort();
    assert_eq!(
        listed, routed,
        "ROUTES must list every route of lib.rs, and only those"
    );
}

#[tokio::test]
async fn without_a_session_no_route_answers_with_data() {
    let site = Site::new().await;
    for (verb, route, address, least) in ROUTES {
        if least.is_none() {
            continue;
        }
        let answer = ask(&site, verb, address, None).await;
        if address.starts_with("/api/") {
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{verb} {route}: {}",
                answer.body
            );
            assert_eq!(
                answer.json()["error"]["code"],
                "unauthenticated",
                "{verb} {route}"
            );
        } else {
            assert_eq!(
                answer.status,
                StatusCode::SEE_OTHER,
                "{verb} {route}: {}",
                answer.body
            );
            assert!(
                answer.location().starts_with("/logga-in?next="),
                "{verb} {route}"
            );
            assert!(
                answer.body.is_empty(),
                "{verb} {route} leaked: {}",
                answer.body
            );
        }
    }
}

#[tokio::test]
async fn each_role_reaches_exactly_its_routes() {
    let site = Site::new().await;
    for role in Role::ALL {
        let session = site.login(role.as_str()).await;
        for (verb, route, address, least) in ROUTES {
            let Some(least) = least else { continue };
            // Logging out would end the session the rest of the loop uses.
            if route.contains("session") && *verb == "DELETE" || *route == "/logga-ut" {
                continue;
            }
            let answer = ask(&site, verb, address, Some(&session)).await;
            if role >= *least {
                assert!(
                    answer.status != StatusCode::FORBIDDEN
                        && answer.status != StatusCode::UNAUTHORIZED,
                    "{role:?} must reach {verb} {route}, got {}: {}",
                    answer.status,
                    answer.body
                );
            } else {
                assert_eq!(
                    answer.status,
                    StatusCode::FORBIDDEN,
                    "{role:?} must not reach {verb} {route}: {}",
                    answer.body
                );
                assert!(
                    !answer.body.contains("Lila"),
                    "{role:?} {verb} {route} leaked data"
                );
            }
        }
    }
}

#[tokio::test]
async fn writes_need_the_sessions_token_and_this_site() {
    let site = Site::new().await;
    let admin = site.login("admin").await;
    let forged = Session {
        cookie: admin.cookie.clone(),
        csrf: "forged".into(),
    };
    for (verb, route, address, least) in ROUTES {
        if *verb == "GET"
            || least.is_none()
            || address.contains("/uploads")
            || *route == "/ladda-upp"
        {
            continue;
        }
        let answer = ask(&site, verb, address, Some(&forged)).await;
        assert!(
            answer.status == StatusCode::FORBIDDEN
                || answer.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{verb} {route} took a forged token: {} {}",
            answer.status,
            answer.body
        );
    }
    // A form from another site is refused before anything reads it.
    let answer = site
        .send(
            axum::http::Request::post("/bevakningar")
                .header("cookie", &admin.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "cross-site")
                .body(axum::body::Body::from(format!(
                    "csrf={}&kind=search&query=x",
                    admin.csrf
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // The multipart upload checks its form token too.
    let answer = site
        .upload(
            "/ladda-upp",
            &admin,
            Some("forged"),
            &[("a.txt", b"Protokoll".to_vec())],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let answer = site
        .upload(
            "/ladda-upp",
            &admin,
            None,
            &[("a.txt", b"Protokoll".to_vec())],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}

#[tokio::test]
async fn logins_are_limited_and_sessions_end() {
    let site = Site::new().await;
    for _ in 0..5 {
        let answer = site
            .api(
                Method::POST,
                "/api/v1/session",
                None,
                serde_json::json!({"name": "reader", "password": "wrong-password"}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.json()["error"]["code"], "bad_login");
    }
    let answer = site
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            serde_json::json!({"name": "reader", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        answer.body
    );
    assert_eq!(answer.json()["error"]["code"], "rate_limited");
    assert!(answer.headers.contains_key("retry-after"));

    let session = site.login("member").await;
    let cookie = site
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            serde_json::json!({"name": "member", "password": common::PASSWORD}),
        )
        .await
        .headers["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert_eq!(
        site.get("/api/v1/session", Some(&session)).await.status,
        StatusCode::OK
    );
    let answer = site
        .api(
            Method::DELETE,
            "/api/v1/session",
            Some(&session),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        site.get("/api/v1/session", Some(&session)).await.status,
        StatusCode::UNAUTHORIZED
    );
}
