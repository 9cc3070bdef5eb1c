//! The API and pages over the seed minutes: records, search, corrections
//! beside the extracted data with the audit log, uploads with per-file
//! results, and saved searches with their feeds.

mod common;

use axum::http::{Method, StatusCode};
use common::Site;
use serde_json::json;

#[tokio::test]
async fn a_meeting_reads_as_the_cli_records_it_and_its_page_shows_the_repairs() {
    let site = Site::new().await;
    let reader = site.login("reader").await;
    let list = site.get("/api/v1/meetings", Some(&reader)).await.json();
    assert_eq!(list["total"], 5);
    // Seed 000 came through OCR: its text has repairs.
    let meeting = list["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["file_name"] == "000_936ce8199f39e095.txt")
        .expect("seed 001 is listed")
        .clone();
    let id = meeting["id"].as_i64().unwrap();
    let view = site
        .get(&format!("/api/v1/meetings/{id}"), Some(&reader))
        .await
        .json();
    assert_eq!(view["record"]["schema"], view["extracted"]["schema"]);
    assert!(view["record"]["items"].as_array().unwrap().len() >= 5);
    assert_eq!(view["corrections"], json!([]));
    let text = site
        .get(&format!("/api/v1/meetings/{id}/text"), Some(&reader))
        .await
        .json();
    assert!(
        text["repairs"].as_u64().unwrap() > 10,
        "{}",
        text["repairs"]
    );

    let page = site.get(&format!("/moten/{id}"), Some(&reader)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("class=\"repair\""));
    assert!(page.body.contains("OCR läste"));
    // A reader sees no correction forms.
    assert!(!page.body.contains("Spara rättelse"));
    let missing = site.get("/api/v1/meetings/999", Some(&reader)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"]["code"], "not_found");
    // The router's own rejections speak JSON too.
    let bad_id = site.get("/api/v1/meetings/abc", Some(&reader)).await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_id.json()["error"]["code"], "bad_request");
    let no_route = site.get("/api/v1/nothing", Some(&reader)).await;
    assert_eq!(no_route.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_correction_is_kept_beside_the_extracted_value_and_audited() {
    let site = Site::new().await;
    let secretary = site.login("secretary").await;
    let view = site
        .get("/api/v1/meetings/1", Some(&secretary))
        .await
        .json();
    let extracted = view["extracted"]["location"].clone();

    let answer = site
        .post_form(
            "/moten/1/rattelse",
            Some(&secretary),
            &[
                ("csrf", &secretary.csrf),
                ("field", "/location"),
                ("value", "Rådhuset, sal 3"),
                ("note", "Fel i protokollet"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let view = site
        .get("/api/v1/meetings/1", Some(&secretary))
        .await
        .json();
    assert_eq!(view["record"]["location"], "Rådhuset, sal 3");
    assert_eq!(
        view["extracted"]["location"], extracted,
        "the extracted value stays"
    );
    assert_eq!(view["corrections"][0]["field"], "/location");
    assert_eq!(view["corrections"][0]["author"], "secretary");
    let page = site.get("/moten/1", Some(&secretary)).await.body;
    assert!(page.contains("Rådhuset, sal 3") && page.contains("rättat av secretary"));

    // The API corrects a decision; a field that is no text, or no field, is refused.
    let answer = site
        .api(
            Method::POST,
            "/api/v1/meetings/1/corrections",
            Some(&secretary),
            json!({"field": "/items/0/title", "value": "Ny rubrik"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    for field in [
        "/attendees",
        "/source/sha256",
        "/items/99/title",
        "location",
    ] {
        let answer = site
            .api(
                Method::POST,
                "/api/v1/meetings/1/corrections",
                Some(&secretary),
                json!({"field": field, "value": "x"}),
            )
            .await;
        assert!(
            answer.status.is_client_error(),
            "{field}: {}",
            answer.status
        );
    }

    let audit = site.get("/api/v1/audit", Some(&secretary)).await.json();
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["target"] == "meeting 1 /location")
        .expect("the correction is in the audit log");
    assert_eq!(entry["author"], "secretary");
    assert_eq!(entry["before"], extracted);
    assert_eq!(entry["after"], "Rådhuset, sal 3");
}

#[tokio::test]
async fn a_repaired_word_is_corrected_on_its_line() {
    let site = Site::new().await;
    let secretary = site.login("secretary").await;
    let text = site
        .get("/api/v1/meetings/1/text", Some(&secretary))
        .await
        .json();
    let (line, word) = text["lines"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .find_map(|(number, pieces)| {
            pieces.as_array().unwrap().iter().find_map(|piece| {
                (piece["kind"] == "repaired")
                    .then(|| (number, piece["text"].as_str().unwrap().to_string()))
            })
        })
        .expect("seed 000 has a repaired word");
    let answer = site
        .api(
            Method::POST,
            "/api/v1/meetings/1/text-corrections",
            Some(&secretary),
            json!({"line": line + 1, "original": word, "replacement": "RÄTTAT"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let text = site
        .get("/api/v1/meetings/1/text", Some(&secretary))
        .await
        .json();
    let pieces = text["lines"][line].as_array().unwrap();
    assert!(pieces.iter().any(|p| p["kind"] == "corrected"
        && p["text"] == "RÄTTAT"
        && p["before"] == word.as_str()));
    let answer = site
        .api(
            Method::POST,
            "/api/v1/meetings/1/text-corrections",
            Some(&secretary),
            json!({"line": line + 1, "original": "ordsomintefinns", "replacement": "x"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn uploads_report_each_file_and_are_idempotent() {
    let site = Site::new().await;
    let secretary = site.login("secretary").await;
    let docx = std::fs::read(common::fixture("formats/minutes.docx")).unwrap();
    let seed = std::fs::read(&common::seeds()[0]).unwrap();
    let answer = site
        .upload(
            "/api/v1/uploads",
            &secretary,
            None,
            &[
                ("minutes.docx", docx.clone()),
                ("kopia.txt", seed),
                ("tom.txt", Vec::new()),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let files = answer.json()["files"].clone();
    assert_eq!(files[0]["status"], "ingested", "{files}");
    assert_eq!(files[1]["status"], "unchanged", "{files}");
    assert_eq!(files[2]["status"], "failed", "{files}");
    let meeting = files[0]["meeting_id"].as_i64().unwrap();
    assert!(
        site.get(&format!("/api/v1/meetings/{meeting}"), Some(&secretary))
            .await
            .status
            .is_success()
    );

    // The form path answers with a page listing each file.
    let page = site
        .upload(
            "/ladda-upp",
            &secretary,
            Some(&secretary.csrf),
            &[("minutes.docx", docx)],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("minutes.docx") && page.body.contains("Fanns redan som möte"));
    let audit = site.get("/api/v1/audit", Some(&secretary)).await.json();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "upload" && e["target"] == format!("meeting {meeting}"))
    );
}

#[tokio::test]
async fn a_saved_search_shows_what_is_new_and_has_a_feed() {
    let site = Site::new().await;
    let member = site.login("member").await;
    let answer = site
        .post_form(
            "/bevakningar",
            Some(&member),
            &[
                ("csrf", &member.csrf),
                ("kind", "search"),
                ("query", "medarbetarenkät"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let watches = site.get("/api/v1/watches", Some(&member)).await.json();
    let watch = &watches[0];
    assert!(!watch["entries"].as_array().unwrap().is_empty(), "{watch}");
    assert_eq!(watch["new"], 0, "what existed when saved is not new");
    let feed_path = watch["feed"].as_str().unwrap().to_string();

    // A new meeting about the matter is new to the member, and in the feed.
    let secretary = site.login("secretary").await;
    let minutes = "Protokoll ledningsgruppen 2024-05-14\nPlats: Rådhuset\n\n1. Medarbetarenkät\nResultatet av medarbetarenkäten presenterades.\n";
    let upload = site
        .upload(
            "/api/v1/uploads",
            &secretary,
            None,
            &[("ny.txt", minutes.as_bytes().to_vec())],
        )
        .await;
    assert_eq!(
        upload.json()["files"][0]["status"],
        "ingested",
        "{}",
        upload.body
    );
    let changes = site.get("/api/v1/changes", Some(&member)).await.json();
    assert_eq!(changes[0]["new"], 1, "{changes}");
    let page = site.get("/bevakningar", Some(&member)).await.body;
    assert!(
        page.contains("1 nya träffar") || page.contains(">Ny<"),
        "{page}"
    );

    let feed = site.get(&feed_path, None).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    assert!(
        feed.body
            .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
            && feed.body.contains("2024-05-14")
    );

    let seen = site
        .post_form(
            "/bevakningar/sett",
            Some(&member),
            &[("csrf", &member.csrf)],
        )
        .await;
    assert_eq!(seen.status, StatusCode::SEE_OTHER);
    let changes = site.get("/api/v1/changes", Some(&member)).await.json();
    assert_eq!(changes[0]["new"], 0);
    // Another user's watch is not theirs to delete.
    let reader = site.login("reader").await;
    let id = watch["id"].as_i64().unwrap();
    let answer = site
        .api(
            Method::DELETE,
            &format!("/api/v1/watches/{id}"),
            Some(&reader),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_pages_render_in_swedish() {
    let site = Site::new().await;
    let admin = site.login("admin").await;
    for (path, expected) in [
        ("/", "Nästa möte"),
        ("/moten", "möten, nyaste först"),
        ("/sok?q=matematik", "träffar"),
        ("/sok?q=matematik&from=20x1", "Det gick inte"),
        ("/ladda-upp", "Ladda upp protokoll"),
        ("/logg", "Ändringslogg"),
        ("/anvandare", "Ny användare"),
        ("/bevakningar", "Bevakningar"),
        ("/finns-inte", "Hittade inte"),
    ] {
        let page = site.get(path, Some(&admin)).await;
        assert!(
            page.body.contains(expected),
            "{path} lacks {expected:?}: {} {}",
            page.status,
            page.body
        );
        assert!(page.body.contains("<html lang=\"sv\">"), "{path}");
    }
    let search = site.get("/sok?q=matematik", Some(&admin)).await.body;
    assert!(search.contains("<mark>"), "hits are highlighted");
}
