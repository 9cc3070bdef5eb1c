//! The follow-up commands on the five Helsingborg minutes, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn paragraf(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paragraf"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("paragraf runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn people_actions_decisions_and_the_next_agenda() {
    let data = tempfile::tempdir().unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    stdout(&paragraf(data.path(), &["ingest", seeds.to_str().unwrap()]));

    let person = stdout(&paragraf(data.path(), &["person", "ericsson"]));
    assert!(person.starts_with("Lila Ericsson (LE)"), "{person}");
    assert!(person.contains("meetings   5"), "{person}");
    let nobody = paragraf(data.path(), &["person", "Nobody Atall"]);
    assert_eq!(nobody.status.code(), Some(6));

    let actions: serde_json::Value =
        serde_json::from_str(&stdout(&paragraf(data.path(), &["actions", "--json"]))).unwrap();
    let revise = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["text"].as_str().unwrap().contains("reviderar utkastet"))
        .unwrap();
    let id = revise["id"].to_string();
    let done = stdout(&paragraf(
        data.path(),
        &[
            "action",
            &id,
            "done",
            "--note",
            "Reviderad",
            "--by",
            "Marie Krantz",
        ],
    ));
    assert!(done.contains("is now done"), "{done}");
    let open = stdout(&paragraf(
        data.path(),
        &["actions", "--open", "--owner", "lila"],
    ));
    assert_eq!(open, "no actions\n", "the only action Lila owns is done");
    let missing = paragraf(data.path(), &["action", "99999", "done", "--note", "x"]);
    assert_eq!(missing.status.code(), Some(6));

    let decisions = stdout(&paragraf(
        data.path(),
        &["decisions", "--from", "2024", "--text", "matematik"],
    ));
    assert!(decisions.contains("vp-uppdrag matematik"), "{decisions}");

    let agenda = stdout(&paragraf(
        data.path(),
        &["agenda", "next", "--date", "2021-03-23"],
    ));
    let scheduled = agenda
        .split("Punkter inlagda till detta möte")
        .nth(1)
        .unwrap_or_else(|| panic!("{agenda}"));
    assert!(
        scheduled.contains("Utvärdering av kvalitetsrapporter"),
        "{agenda}"
    );
    let bad_date = paragraf(data.path(), &["agenda", "next", "--date", "23 mars"]);
    assert_eq!(bad_date.status.code(), Some(2));
}
