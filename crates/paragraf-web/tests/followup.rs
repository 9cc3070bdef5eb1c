//! The follow-up pages and API over the five seed minutes, as readers,
//! members and secretaries use them.

mod common;

use axum::http::{Method, StatusCode};
use common::{Session, Site};
use serde_json::{Value, json};

/// The id of the action whose text contains `words`.
async fn action_id(site: &Site, session: &Session, words: &str) -> i64 {
    action_where(site, session, |action| {
        action["text"].as_str().unwrap().contains(words)
    })
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn action(site: &Site, session: &Session, id: i64) -> Value {
    action_where(site, session, |action| action["id"] == id).await
}

async fn action_where(site: &Site, session: &Session, wanted: impl Fn(&Value) -> bool) -> Value {
    let actions = site
        .get("/api/v1/actions?status=all", Some(session))
        .await
        .json();
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|action| wanted(action))
        .expect("the action is in the register")
        .clone()
}

async fn mark(
    site: &Site,
    session: &Session,
    id: i64,
    csrf: &str,
    status: &str,
    note: &str,
) -> common::Answer {
    site.post_form(
        &format!("/atgarder/{id}/status"),
        Some(session),
        &[("csrf", csrf), ("status", status), ("note", note)],
    )
    .await
}

/// Lila Ericsson, the harness's member, owns this with Jaana and Tony.
const LILAS: &str = "reviderar utkastet på åtgärdsplan";
const AGNETAS: &str = "Agneta kommer återkoppla igen";

#[tokio::test]
async fn the_decisions_register_filters_by_text_date_and_execution() {
    let site = Site::new().await;
    let reader = site.login("reader").await;
    let reader = Some(&reader);

    let page = site.get("/beslut", reader).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<h1>Beslut</h1>"));
    assert!(
        page.body
            .contains("godkänner planen för vp-uppdrag matematik")
    );
    assert!(page.body.contains(r#"<th scope="col">Verkställighet</th>"#));
    // Newest first: 2024 before the undated minutes' decisions.
    let newest = page.body.find("vp-uppdrag matematik").unwrap();
    let undated = page
        .body
        .find("justera upplägget verksamhetsdialog")
        .unwrap();
    assert!(newest < undated);
    assert!(!page.body.contains("asks for"), "reasons are in Swedish");

    let all = site.get("/api/v1/decisions", reader).await.json();
    assert_eq!(all.as_array().unwrap().len(), 4, "{all:#?}");
    let matematik = site
        .get("/api/v1/decisions?q=MATEMATIK", reader)
        .await
        .json();
    assert_eq!(matematik.as_array().unwrap().len(), 1);
    let in_2024 = site
        .get("/api/v1/decisions?from=2024&to=2024-12", reader)
        .await
        .json();
    let in_2024 = in_2024.as_array().unwrap();
    assert_eq!(in_2024.len(), 2, "{in_2024:#?}");
    assert!(in_2024.iter().all(|d| d["date"] == "2024-09-24"));
    // `att inte genomföra` asks for nothing.
    let nothing = site
        .get("/api/v1/decisions?execution=nothing_to_execute", reader)
        .await
        .json();
    let nothing = nothing.as_array().unwrap();
    assert!(
        nothing
            .iter()
            .any(|d| d["text"].as_str().unwrap().contains("inte genomföra"))
    );
    assert!(
        nothing
            .iter()
            .all(|d| d["execution"] == "nothing_to_execute")
    );

    let bad = site.get("/api/v1/decisions?execution=maybe", reader).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["code"], "bad_request");
    let bad = site.get("/beslut?from=i%20fjol", reader).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Det gick inte"));
}

#[tokio::test]
async fn actions_are_grouped_by_owner_and_a_reader_may_not_mark_them() {
    let site = Site::new().await;
    let reader = site.login("reader").await;

    let page = site.get("/atgarder", Some(&reader)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Tony Mufic"));
    assert!(page.body.contains("Agneta Gullstrand"));
    assert!(page.body.contains("Utan ansvarig"));
    assert!(!page.body.contains("Markera som klar"));
    // Listed under each of its three owners, anchored once.
    let lilas = action_id(&site, &reader, LILAS).await;
    assert_eq!(
        page.body.matches(&format!("id=\"atgard-{lilas}\"")).count(),
        1
    );
    assert_eq!(page.body.matches(LILAS).count(), 3);

    let owned = site
        .get("/api/v1/actions?owner=ericsson", Some(&reader))
        .await
        .json();
    let owned = owned.as_array().unwrap();
    assert!(!owned.is_empty());
    assert!(owned.iter().all(|a| {
        a["owners"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "Lila Ericsson")
    }));
    let pending = site.get("/api/v1/actions", Some(&reader)).await.json();
    assert!(
        pending
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["status"] == "open" || a["status"] == "carried_over")
    );
    let bad = site
        .get("/api/v1/actions?status=later", Some(&reader))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let agnetas = action_id(&site, &reader, AGNETAS).await;
    let refused = mark(&site, &reader, agnetas, &reader.csrf, "done", "Klart").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(action(&site, &reader, agnetas).await["status"], "open");
}

#[tokio::test]
async fn a_member_marks_their_own_action_done_and_no_one_elses() {
    let site = Site::new().await;
    let member = site.login("member").await;
    let own = action_id(&site, &member, LILAS).await;
    let agnetas = action_id(&site, &member, AGNETAS).await;

    let page = site.get("/atgarder", Some(&member)).await;
    assert!(
        page.body
            .contains(&format!("action=\"/atgarder/{own}/status\""))
    );
    assert!(
        !page
            .body
            .contains(&format!("action=\"/atgarder/{agnetas}/status\""))
    );
    assert!(page.body.contains("Markera som klar"));
    assert!(page.body.contains("<label>Anteckning"));

    // A form from elsewhere, without this session's token.
    let stale = mark(&site, &member, own, "not-the-token", "done", "Klart").await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(action(&site, &member, own).await["status"], "carried_over");

    let marked = mark(
        &site,
        &member,
        own,
        &member.csrf,
        "done",
        "Planen reviderad",
    )
    .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.body);
    assert_eq!(
        marked.location(),
        format!("/atgarder?status=all#atgard-{own}")
    );
    let marked = action(&site, &member, own).await;
    assert_eq!(marked["status"], "done");
    assert_eq!(marked["history"][0]["author"], "member");
    assert_eq!(marked["history"][0]["note"], "Planen reviderad");
    let done = site.get("/atgarder?status=done", Some(&member)).await;
    assert!(done.body.contains(LILAS));
    assert!(done.body.contains("Planen reviderad"));

    let refused = mark(&site, &member, agnetas, &member.csrf, "done", "Klart").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Din roll får inte göra detta."));
    let missing = mark(&site, &member, 999_999, &member.csrf, "done", "").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // The API twin answers with the action as it now stands.
    let updated = site
        .api(
            Method::POST,
            &format!("/api/v1/actions/{own}/status"),
            Some(&member),
            json!({"status": "dropped", "note": "Ersatt av ny plan"}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    let updated = updated.json();
    assert_eq!(updated["id"], own);
    assert_eq!(updated["status"], "dropped");
    assert_eq!(updated["history"].as_array().unwrap().len(), 2);
    let refused = site
        .api(
            Method::POST,
            &format!("/api/v1/actions/{agnetas}/status"),
            Some(&member),
            json!({"status": "done"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["error"]["code"], "forbidden");
}

#[tokio::test]
async fn a_secretary_marks_anyones_action() {
    let site = Site::new().await;
    let secretary = site.login("secretary").await;
    let agnetas = action_id(&site, &secretary, AGNETAS).await;
    let page = site.get("/atgarder", Some(&secretary)).await;
    assert!(
        page.body
            .contains(&format!("action=\"/atgarder/{agnetas}/status\""))
    );

    let marked = mark(
        &site,
        &secretary,
        agnetas,
        &secretary.csrf,
        "done",
        "Återkopplat",
    )
    .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    let marked = action(&site, &secretary, agnetas).await;
    assert_eq!(marked["status"], "done");
    assert_eq!(marked["history"][0]["author"], "secretary");

    let bad = mark(&site, &secretary, agnetas, &secretary.csrf, "finished", "").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn people_are_listed_and_each_has_a_page() {
    let site = Site::new().await;
    let reader = site.login("reader").await;
    let reader = Some(&reader);

    let page = site.get("/personer", reader).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains(r#"<a href="/personer/Lila%20Ericsson">Lila Ericsson</a>"#)
    );
    assert_eq!(page.body.matches(">Lila Ericsson</a>").count(), 1);
    assert!(page.body.contains(" %</td>"));

    // Her name in any case.
    for path in ["/personer/Lila%20Ericsson", "/personer/lila%20ericsson"] {
        let lila = site.get(path, reader).await;
        assert_eq!(lila.status, StatusCode::OK, "{path}");
        assert!(lila.body.contains("<h1>Lila Ericsson (LE)</h1>"));
        assert!(lila.body.contains("närvarande"));
        assert!(lila.body.contains(LILAS));
    }
    let missing = site.get("/personer/Ingen%20Alls", reader).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Hittade inte: personen."));

    let people = site.get("/api/v1/people", reader).await.json();
    let people = people.as_array().unwrap();
    if let Some(at) = people.iter().position(|p| p["resolved"] == false) {
        assert!(people[at..].iter().all(|p| p["resolved"] == false));
    }
    let tony = site.get("/api/v1/people/tony%20mufic", reader).await.json();
    assert_eq!(tony["person"]["name"], "Tony Mufic");
    assert!(tony["actions"].as_array().unwrap().iter().any(|a| {
        a["text"]
            .as_str()
            .unwrap()
            .contains("input från kollegor i SLG")
    }));
    let nobody = site.get("/api/v1/people/nobody", reader).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn topics_have_a_timeline_and_can_be_watched() {
    let site = Site::new().await;
    let reader = site.login("reader").await;

    let topics = site.get("/api/v1/topics", Some(&reader)).await.json();
    let topic = &topics.as_array().unwrap()[0];
    let id = topic["id"].as_i64().unwrap();

    let page = site.get("/amnen", Some(&reader)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("href=\"/amnen/{id}\"")));

    let page = site.get(&format!("/amnen/{id}"), Some(&reader)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Bevaka ämnet"));
    assert!(page.body.contains(r#"name="kind" value="topic""#));
    assert!(page.body.contains(&format!(
        "name=\"query\" value=\"{}\"",
        topic["title"].as_str().unwrap()
    )));
    assert!(page.body.contains(&format!(
        "href=\"/moten/{}\"",
        topic["items"][0]["meeting_id"].as_i64().unwrap()
    )));

    let api = site
        .get(&format!("/api/v1/topics/{id}"), Some(&reader))
        .await
        .json();
    assert_eq!(api["id"], id);
    for missing in [
        "/amnen/999999",
        "/amnen/inte-ett-id",
        "/api/v1/topics/999999",
    ] {
        let answer = site.get(missing, Some(&reader)).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn the_agenda_for_23_march_is_drafted_for_the_date_and_body_asked() {
    let site = Site::new().await;
    let reader = site.login("reader").await;
    let reader = Some(&reader);

    let page = site
        .get("/dagordning?datum=2021-03-23&organ=ledningsgrupp", reader)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Helsingborgs stads skolors ledningsgrupp")
    );
    assert!(page.body.contains("Utvärdering av kvalitetsrapporter"));
    assert!(page.body.contains("inlagd till detta möte"));
    assert!(
        page.body
            .contains("Äldre öppna punkter att avsluta eller ta upp igen")
    );
    assert!(page.body.contains(r#"value="2021-03-23""#));

    let agenda = site
        .get("/api/v1/agenda/next?date=2021-03-23", reader)
        .await
        .json();
    assert_eq!(agenda["previous_meeting"], "2020-11-10");
    assert!(
        agenda["stale"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["from_date"] == "2020-01-21")
    );

    // Without a date or body: the next meeting of the latest body.
    assert_eq!(site.get("/dagordning", reader).await.status, StatusCode::OK);
    let next = site.get("/api/v1/agenda/next", reader).await.json();
    assert_eq!(next["previous_meeting"], "2024-09-24");

    let month = site.get("/dagordning?datum=2021-03", reader).await;
    assert_eq!(month.status, StatusCode::BAD_REQUEST);
}
