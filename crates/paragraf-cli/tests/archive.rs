//! The archive commands as a user runs them, including being killed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use paragraf_corpus::{Config, Corpus};
use serde_json::Value;

fn paragraf(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paragraf"));
    command.arg("--data").arg(data).env("NO_COLOR", "1");
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("paragraf runs")
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

fn write_corpus(dir: &Path, count: usize) -> Corpus {
    let corpus = Corpus::new(Config {
        count,
        seed: 3,
        ocr_share: 0.25,
    });
    for minutes in corpus.iter() {
        std::fs::write(dir.join(&minutes.file_name), &minutes.text).unwrap();
    }
    corpus
}

#[test]
fn kill_9_during_ingest_loses_nothing_reported_and_a_rerun_completes() {
    const DOCUMENTS: usize = 300;
    const KILL_AFTER: usize = 40;
    let input = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let corpus = write_corpus(input.path(), DOCUMENTS);

    let mut child = paragraf(data.path())
        .arg("ingest")
        .arg(input.path())
        .arg("--json")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reported: Vec<(String, i64)> = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line: Value = serde_json::from_str(&line.unwrap()).unwrap();
        if line["outcome"]["status"] == "ingested" {
            let file = line["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            reported.push((
                name.into_owned(),
                line["outcome"]["meeting"].as_i64().unwrap(),
            ));
        }
        if reported.len() == KILL_AFTER {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(
        reported.len(),
        KILL_AFTER,
        "the ingest ended before it was killed"
    );

    let meetings = run(paragraf(data.path()).args(["meetings", "--json"]));
    assert!(meetings.status.success());
    let meetings: Vec<Value> = serde_json::from_slice(&meetings.stdout).unwrap();
    assert!(meetings.len() >= KILL_AFTER && meetings.len() < DOCUMENTS);
    for (file, id) in &reported {
        assert!(
            meetings
                .iter()
                .any(|m| m["id"] == *id && m["file"] == *file.as_str()),
            "{file} was reported as meeting {id} but is not in the archive"
        );
    }

    let rerun = run(paragraf(data.path())
        .arg("ingest")
        .arg(input.path())
        .arg("--json"));
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let lines = json_lines(&rerun);
    let summary = &lines.last().unwrap()["summary"];
    let ingested = summary["ingested"].as_u64().unwrap() as usize;
    let unchanged = summary["unchanged"].as_u64().unwrap() as usize;
    assert_eq!(ingested + unchanged, DOCUMENTS);
    assert_eq!(unchanged, meetings.len());
    assert_eq!(summary["failed"], serde_json::json!([]));

    // The index caught up: a matter's answers are found wherever they are.
    let known = corpus.known_queries();
    let query = known.iter().find(|q| !q.noisy_answers).unwrap();
    let search =
        run(paragraf(data.path()).args(["search", &query.query, "--json", "--limit", "20"]));
    assert!(search.status.success());
    let hits: Vec<Value> = serde_json::from_slice(&search.stdout).unwrap();
    let all = run(paragraf(data.path()).args(["meetings", "--json"]));
    let all: Vec<Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(all.len(), DOCUMENTS);
    for answer in &query.answers {
        let id = &all.iter().find(|m| m["file"] == *answer.as_str()).unwrap()["id"];
        assert!(
            hits.iter().any(|hit| hit["meeting_id"] == *id),
            "{answer} not found by {:?}",
            query.query
        );
    }
}

#[test]
fn show_search_and_failures_speak_plainly() {
    let input = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    write_corpus(input.path(), 3);
    let missing = input.path().join("missing.txt");

    let empty = run(paragraf(data.path()).args(["search", "budget"]));
    assert!(empty.status.success());
    assert_eq!(String::from_utf8_lossy(&empty.stdout), "no hits\n");

    let ingest = run(paragraf(data.path())
        .arg("ingest")
        .arg(input.path())
        .arg(&missing));
    assert_eq!(ingest.status.code(), Some(5));
    let stdout = String::from_utf8_lossy(&ingest.stdout);
    assert!(
        stdout.starts_with("ingested 3, unchanged 0, failed 1"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&ingest.stderr);
    assert!(stderr.contains("missing.txt"), "{stderr}");

    let list = run(paragraf(data.path()).arg("meetings"));
    assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 3);

    let shown = run(paragraf(data.path()).args(["show", "1"]));
    assert!(shown.status.success());
    assert!(String::from_utf8_lossy(&shown.stdout).contains("<!-- meeting 1 ·"));
    let as_json = run(paragraf(data.path()).args(["show", "1", "--json"]));
    let meeting: Value = serde_json::from_slice(&as_json.stdout).unwrap();
    assert_eq!(meeting["record"]["schema"], "meeting-record/1");

    let unknown = run(paragraf(data.path()).args(["show", "999"]));
    assert_eq!(unknown.status.code(), Some(6));
    assert!(unknown.stdout.is_empty());
    assert_eq!(String::from_utf8_lossy(&unknown.stderr).lines().count(), 1);

    let bad_date = run(paragraf(data.path()).args(["search", "budget", "--from", "mars"]));
    assert_eq!(bad_date.status.code(), Some(2));

    let reindex = run(paragraf(data.path()).arg("reindex"));
    assert!(reindex.status.success());
    assert!(String::from_utf8_lossy(&reindex.stdout).starts_with("reindexed 3 meetings"));
}
