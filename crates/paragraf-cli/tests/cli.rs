//! The `paragraf` binary on good and bad input: exit codes, one clear
//! line on stderr naming the file, never a partial record on stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn paragraf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paragraf"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paragraf-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(relative)
        .display()
        .to_string()
}

/// A failure: the documented exit code, nothing on stdout, one line on stderr naming the file.
fn assert_refused(output: &Output, code: i32, file: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "nothing on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(file), "{stderr} names {file}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn empty_file_is_refused() {
    let path = temp_dir("empty").join("empty.txt");
    std::fs::write(&path, b"").unwrap();
    let output = paragraf(&["parse", path.to_str().unwrap()]);
    assert_refused(&output, 4, "empty.txt");
    assert!(String::from_utf8_lossy(&output.stderr).contains("empty"));
}

#[test]
fn binary_file_is_refused() {
    let path = temp_dir("binary").join("image.bin");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(&path, bytes).unwrap();
    assert_refused(
        &paragraf(&["parse", path.to_str().unwrap()]),
        4,
        "image.bin",
    );
}

#[test]
fn directory_and_missing_file_are_refused() {
    let dir = temp_dir("dir");
    assert_refused(
        &paragraf(&["parse", dir.to_str().unwrap()]),
        3,
        dir.to_str().unwrap(),
    );
    let missing = dir.join("nowhere.txt");
    assert_refused(
        &paragraf(&["parse", missing.to_str().unwrap()]),
        3,
        "nowhere.txt",
    );
}

#[test]
fn huge_file_is_refused_without_reading_it() {
    let path = temp_dir("huge").join("huge.txt");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(60 * 1024 * 1024).unwrap();
    let output = paragraf(&["parse", path.to_str().unwrap()]);
    assert_refused(&output, 4, "huge.txt");
    assert!(String::from_utf8_lossy(&output.stderr).contains("over the limit"));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn text_that_is_not_minutes_gives_a_record_of_nulls() {
    let path = temp_dir("poem").join("poem.txt");
    std::fs::write(&path, "Sakta mot natt\nen stilla vind\ngenom björkarna\n").unwrap();
    let output = paragraf(&["parse", path.to_str().unwrap()]);
    assert!(output.status.success());
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["schema"], "meeting-record/1");
    assert_eq!(record["date"], serde_json::Value::Null);
    assert_eq!(record["attendees"], serde_json::json!([]));
    assert_eq!(record["source"]["file"], "poem.txt");
}

#[test]
fn the_same_minutes_in_utf16_and_windows_1252_give_the_same_record() {
    let original = std::fs::read_to_string(fixture("minutes/03_hembygd_styrelse.txt")).unwrap();
    let dir = temp_dir("encodings");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(original.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&original);
    assert!(!unmappable);
    let latin1 = cp1252.into_owned();
    let mut records = Vec::new();
    for (name, bytes) in [
        ("utf8.txt", original.as_bytes().to_vec()),
        ("utf16.txt", utf16),
        ("cp1252.txt", latin1),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = paragraf(&["parse", path.to_str().unwrap()]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        record["source"] = serde_json::Value::Null;
        records.push(record);
    }
    assert_eq!(records[0], records[1]);
    assert_eq!(records[0], records[2]);
    assert!(!records[0]["items"].as_array().unwrap().is_empty());
}

#[test]
fn text_format_keeps_the_line_numbering_and_markdown_marks_decisions() {
    let file = fixture("minutes/01_bun_protokoll.txt");
    let input_lines = std::fs::read_to_string(&file).unwrap().lines().count();
    let text = paragraf(&["parse", &file, "--format", "text"]);
    assert!(text.status.success());
    assert_eq!(
        String::from_utf8_lossy(&text.stdout).lines().count(),
        input_lines
    );
    let markdown = paragraf(&["parse", &file, "--format", "markdown"]);
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(markdown.starts_with("# "));
    assert!(markdown.contains("\n### "));
    assert!(markdown.contains("**Beslut:**"));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let help = String::from_utf8_lossy(&paragraf(&["--help"]).stdout).into_owned();
    assert!(help.contains("Examples:"));
    assert!(help.contains("Exit codes:"));
}

#[test]
fn user_add_prints_a_password_once_and_refuses_a_taken_name() {
    let data = temp_dir("user-add");
    let data = data.to_str().unwrap();
    let added = paragraf(&[
        "--data",
        data,
        "user",
        "add",
        "lila",
        "--role",
        "secretary",
        "--display-name",
        "Lila Ericsson",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let out = String::from_utf8_lossy(&added.stdout);
    assert!(
        out.contains("Added lila (Lila Ericsson) as secretary."),
        "{out}"
    );
    let password = out
        .lines()
        .find_map(|line| line.strip_prefix("Password: "))
        .unwrap();
    assert_eq!(password.len(), 16);

    let again = paragraf(&["--data", data, "user", "add", "lila", "--role", "reader"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("there is already a user lila"));
    let bad_role = paragraf(&["--data", data, "user", "add", "nils", "--role", "owner"]);
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad_role.stderr)
            .contains("roles: admin, secretary, member, reader")
    );
}
