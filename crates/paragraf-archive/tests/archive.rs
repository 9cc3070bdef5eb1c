//! The archive end to end: files in, meetings and search hits out.

use std::path::{Path, PathBuf};

use paragraf_archive::{
    Archive, IngestEvent, IngestOptions, IngestSummary, Kind, Outcome, SearchQuery, collect_files,
};
use paragraf_pipeline::RepairMode;

fn minutes(date: &str, body: &str, items: &[(&str, &str, &str)]) -> String {
    let mut text = format!(
        "{body}\n\nMinnesanteckningar {date}\n\nNärvarande: Anna Lind, Per Ek, Sara Öst\nAntecknare: Per Ek\n\n"
    );
    for (number, (title, presenter, body)) in items.iter().enumerate() {
        text.push_str(&format!(
            "{}. {title}\nFöredragande: {presenter}\n\n{body}\n\n",
            number + 1
        ));
    }
    text
}

/// Three meetings that speak of preschools in three spellings, one of
/// them as OCR left it.
fn write_corpus(dir: &Path) -> Vec<PathBuf> {
    let documents = [
        (
            "2021-03-15.txt",
            minutes(
                "2021-03-15",
                "Ledningsgruppen för grundskolan",
                &[
                    (
                        "Förskolans lokaler",
                        "Anna Lind",
                        "Förskolan i Rydebäck behöver nya lokaler.\nBeslut: Ledningsgruppen beslutar att utreda nya lokaler.",
                    ),
                    (
                        "Matematik",
                        "Per Ek",
                        "Resultaten i matematik har ökat i årskurs 6.\nAnsvarig: Sara Öst tar fram en åtgärdsplan till nästa möte.",
                    ),
                ],
            ),
        ),
        (
            "2022-05-10.txt",
            minutes(
                "2022-05-10",
                "Barn- och utbildningsnämnden",
                &[(
                    "Nya förskolor",
                    "Sara Öst",
                    "Två nya förskolor planeras i norra delen av staden.\nBeslut: Nämnden beslutar att godkänna planen.",
                )],
            ),
        ),
        (
            "2023-09-01.txt",
            minutes(
                "2023-09-01",
                "Ledningsgruppen för grundskolan",
                &[(
                    "Kost",
                    "Per Ek",
                    "Maten pa forskolan Solrosen har fatt klagomal fran foraldrar.",
                )],
            ),
        ),
    ];
    documents
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

async fn ingest(archive: &Archive, files: &[PathBuf]) -> (IngestSummary, Vec<Outcome>) {
    ingest_with(archive, files, &IngestOptions::default()).await
}

async fn ingest_with(
    archive: &Archive,
    files: &[PathBuf],
    options: &IngestOptions,
) -> (IngestSummary, Vec<Outcome>) {
    let mut outcomes = Vec::new();
    let summary = archive
        .ingest(files, options, &mut |event| {
            if let IngestEvent::File { outcome, .. } = event {
                outcomes.push(outcome.clone());
            }
        })
        .await
        .unwrap();
    (summary, outcomes)
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    }
}

async fn dates_found(archive: &Archive, query: &SearchQuery) -> Vec<String> {
    let mut dates: Vec<String> = archive
        .search(query)
        .await
        .unwrap()
        .hits
        .into_iter()
        .filter_map(|hit| hit.date)
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

#[tokio::test]
async fn ingest_is_idempotent_and_keeps_going_past_bad_files() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let mut files = write_corpus(input.path());
    std::fs::write(input.path().join("empty.txt"), "").unwrap();
    std::fs::write(input.path().join("notes.json"), "{}").unwrap();
    let (walked, missing) = collect_files(&[input.path().to_path_buf()]);
    assert!(missing.is_empty());
    // Folders give document files only, sorted; `.json` is not one.
    assert_eq!(walked.len(), 4);
    files.push(input.path().join("empty.txt"));

    let archive = Archive::open(data.path()).await.unwrap();
    let (summary, outcomes) = ingest(&archive, &files).await;
    assert_eq!((summary.ingested, summary.unchanged), (3, 0));
    assert_eq!(summary.failures.len(), 1);
    assert!(summary.failures[0].reason.contains("empty.txt"));
    assert!(matches!(
        outcomes[0],
        Outcome::Ingested {
            items: 2,
            decisions: 1,
            actions: 1,
            ..
        }
    ));
    // The unaccented minutes look OCR'd and are repaired on the way in.
    assert!(matches!(
        outcomes[2],
        Outcome::Ingested {
            repaired_words: 1..,
            ..
        }
    ));

    let (again, outcomes) = ingest(&archive, &files[..3]).await;
    assert_eq!((again.ingested, again.unchanged), (0, 3));
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, Outcome::Unchanged { .. }))
    );
    let meetings = archive.meetings().await.unwrap();
    assert_eq!(meetings.len(), 3);
    assert_eq!(meetings[0].date.as_deref(), Some("2021-03-15"));
    assert_eq!(meetings[0].items, 2);

    let found = archive.find_meetings("2022-05-10").await.unwrap();
    assert_eq!(found.len(), 1);
    let meeting = archive.meeting(found[0].id).await.unwrap().unwrap();
    assert_eq!(meeting.record.items[0].title, "Nya förskolor");
    assert_eq!(meeting.file_name, "2022-05-10.txt");
    assert_eq!(
        archive.find_meetings(&meeting.sha256[..8]).await.unwrap()[0].id,
        meeting.id
    );
    assert!(
        archive
            .find_meetings("1999-01-01")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn search_finds_inflections_folded_and_damaged_spellings() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let files = write_corpus(input.path());
    let archive = Archive::open(data.path()).await.unwrap();
    // Unrepaired, so the index itself has to meet `forskolan`.
    let options = IngestOptions {
        repair: RepairMode::Never,
        ..IngestOptions::default()
    };
    ingest_with(&archive, &files, &options).await;

    assert_eq!(
        dates_found(&archive, &query("förskola")).await,
        ["2021-03-15", "2022-05-10", "2023-09-01"]
    );
    // Exact spelling ranks first.
    let hits = archive.search(&query("förskolor")).await.unwrap().hits;
    assert_eq!(hits[0].date.as_deref(), Some("2022-05-10"));
    // Snippets mark the word as written.
    let damaged = archive
        .search(&query("förskolan Solrosen"))
        .await
        .unwrap()
        .hits;
    let snippet = &damaged[0].snippet;
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|[from, to]| &snippet.text[*from..*to])
        .collect();
    assert_eq!(marked, ["forskolan", "Solrosen"]);
    // Every word must match; stop words do not count.
    assert!(
        dates_found(&archive, &query("förskola matematik"))
            .await
            .is_empty()
    );
    assert_eq!(
        dates_found(&archive, &query("vad om matematik")).await,
        ["2021-03-15"]
    );
    assert!(archive.search(&query("???")).await.unwrap().hits.is_empty());
}

#[tokio::test]
async fn search_filters_and_phrases() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let files = write_corpus(input.path());
    let archive = Archive::open(data.path()).await.unwrap();
    ingest(&archive, &files).await;

    let mut q = query("förskola");
    q.from = Some("2022".parse().unwrap());
    assert_eq!(
        dates_found(&archive, &q).await,
        ["2022-05-10", "2023-09-01"]
    );
    q.to = Some("2022-12".parse().unwrap());
    assert_eq!(dates_found(&archive, &q).await, ["2022-05-10"]);

    let mut q = query("förskola");
    q.body = Some("ledningsgruppen".into());
    assert_eq!(
        dates_found(&archive, &q).await,
        ["2021-03-15", "2023-09-01"]
    );

    let mut q = query("förskola");
    q.kinds = vec![Kind::Decision];
    let hits = archive.search(&q).await.unwrap().hits;
    assert!(!hits.is_empty() && hits.iter().all(|hit| hit.kind == Kind::Decision));

    let mut q = query("åtgärdsplan");
    q.person = Some("sara öst".into());
    let hits = archive.search(&q).await.unwrap().hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, Kind::Action);
    q.person = Some("Anna".into());
    assert!(archive.search(&q).await.unwrap().hits.is_empty());

    // Only filters: everything the person presented.
    let mut q = query("");
    q.person = Some("Anna Lind".into());
    assert_eq!(dates_found(&archive, &q).await, ["2021-03-15"]);

    assert_eq!(
        dates_found(&archive, &query("\"nya förskolor\"")).await,
        ["2022-05-10"]
    );
    assert!(
        dates_found(&archive, &query("\"förskolor nya\""))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_lost_or_stale_index_catches_up_from_the_database() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let files = write_corpus(input.path());
    {
        let archive = Archive::open(data.path()).await.unwrap();
        ingest(&archive, &files).await;
        archive.close().await;
    }
    // The index is derived data: delete it and the next search rebuilds it.
    std::fs::remove_dir_all(data.path().join("index")).unwrap();
    let archive = Archive::open(data.path()).await.unwrap();
    assert_eq!(archive.counts().await.unwrap().indexed_through, 0);
    assert_eq!(dates_found(&archive, &query("förskola")).await.len(), 3);
    let counts = archive.counts().await.unwrap();
    assert_eq!((counts.meetings, counts.parts), (3, 7));
    archive.close().await;

    // A rebuild gives the same answers, and an interrupted one (a stale
    // `index.new` beside the live index) changes nothing.
    std::fs::create_dir_all(data.path().join("index.new/junk")).unwrap();
    let mut archive = Archive::open(data.path()).await.unwrap();
    let mut last = (0, 0);
    let parts = archive
        .reindex(&mut |done, total| last = (done, total))
        .await
        .unwrap();
    assert_eq!((parts, last), (7, (3, 3)));
    assert!(!data.path().join("index.new").exists());
    assert_eq!(dates_found(&archive, &query("förskola")).await.len(), 3);
}

#[tokio::test]
async fn a_held_index_writer_defers_indexing_but_not_storing() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let files = write_corpus(input.path());
    let holder = Archive::open(data.path()).await.unwrap();
    let archive = Archive::open(data.path()).await.unwrap();
    // Another "process" holds the writer while this one ingests and searches.
    let guard = paragraf_index::SearchIndex::open(&data.path().join("index"))
        .unwrap()
        .writer()
        .unwrap();
    let (summary, _) = ingest(&archive, &files).await;
    assert_eq!(summary.ingested, 3);
    assert!(summary.index_deferred);
    let results = archive.search(&query("förskola")).await.unwrap();
    assert_eq!(results.unindexed, 3);
    assert!(results.hits.is_empty());
    drop(guard);
    assert_eq!(dates_found(&holder, &query("förskola")).await.len(), 3);
}

#[tokio::test]
async fn meetings_another_process_indexes_are_found_soon_after() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let files = write_corpus(input.path());
    // A server, long running, has searched the empty archive.
    let server = Archive::open(data.path()).await.unwrap();
    assert!(dates_found(&server, &query("förskola")).await.is_empty());
    // Another process (`paragraf ingest`) stores and indexes three meetings.
    let other = Archive::open(data.path()).await.unwrap();
    let (summary, _) = ingest(&other, &files).await;
    assert!(summary.ingested == 3 && !summary.index_deferred);
    other.close().await;
    // The server reads the database's newest meeting again within half a
    // second, sees its index is behind and takes up the other's commit.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let results = server.search(&query("förskola")).await.unwrap();
    assert_eq!(results.unindexed, 0);
    assert_eq!(dates_found(&server, &query("förskola")).await.len(), 3);
}

#[tokio::test]
async fn near_spellings_fill_a_page_that_exact_matches_leave_short() {
    let data = tempfile::tempdir().unwrap();
    let input = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (date, word) in [
        ("2021-01-12", "förvaltningen"),
        ("2021-02-09", "förvaltningen"),
        ("2021-03-09", "fdrvaltningen"),
    ] {
        let path = input.path().join(format!("{date}.txt"));
        let text = minutes(
            date,
            "Ledningsgruppen",
            &[(
                "Budget",
                "Anna Lind",
                &format!("Rapport från {word} om budgeten."),
            )],
        );
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let archive = Archive::open(data.path()).await.unwrap();
    let options = IngestOptions {
        repair: RepairMode::Never,
        ..IngestOptions::default()
    };
    ingest_with(&archive, &files, &options).await;
    let limited = |limit: usize| SearchQuery {
        limit,
        ..query("förvaltningen")
    };
    // Two exact matches fill a page of two: the damaged spelling, which
    // would rank below them, is not looked for.
    assert_eq!(
        dates_found(&archive, &limited(2)).await,
        ["2021-01-12", "2021-02-09"]
    );
    // A page of ten is short of exact matches, so near spellings join, last.
    let dates_in_order = |hits: Vec<paragraf_archive::Hit>| -> Vec<String> {
        hits.into_iter().filter_map(|hit| hit.date).collect()
    };
    let dates = dates_in_order(archive.search(&limited(10)).await.unwrap().hits);
    assert_eq!(dates.len(), 3, "{dates:?}");
    assert_eq!(dates[2], "2021-03-09");
    // Asked again, the near spellings come from the cache: the same page.
    let again = dates_in_order(archive.search(&limited(10)).await.unwrap().hits);
    assert_eq!(again, dates);
    // A meeting added later is in a new segment, so the cache holds nothing
    // for it yet: its damaged spelling is found too.
    let later = input.path().join("2021-04-13.txt");
    let text = minutes(
        "2021-04-13",
        "Ledningsgruppen",
        &[(
            "Budget",
            "Anna Lind",
            "Rapport från forvaltuingen om budgeten.",
        )],
    );
    std::fs::write(&later, text).unwrap();
    ingest_with(&archive, &[later], &options).await;
    let dates = dates_in_order(archive.search(&limited(10)).await.unwrap().hits);
    assert_eq!(dates.len(), 4, "{dates:?}");
    assert!(dates[2..].contains(&"2021-04-13".to_string()), "{dates:?}");
}
