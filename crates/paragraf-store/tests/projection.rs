//! A stored record's tables say what the record says: every part, every
//! presenter and owner on the right part, every attendance in its role.

use paragraf_record::MeetingRecord;
use paragraf_store::{Insertion, NewDocument, OcrCorrection, Store};

fn record() -> MeetingRecord {
    let json = include_str!("../../../fixtures/minutes/05_rektorsmote_grundskola.expected.json");
    serde_json::from_str(json).expect("the fixture is a meeting record")
}

#[tokio::test]
async fn a_record_round_trips_through_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("paragraf.db")).await.unwrap();
    let record = record();
    let corrections = [OcrCorrection {
        line: 3,
        original: "férvaltningen".into(),
        replacement: "förvaltningen".into(),
        confidence: 0.9,
    }];
    let document = NewDocument {
        file_name: "05.txt",
        original: b"the original bytes",
        text: "the repaired text",
        record: &record,
        corrections: &corrections,
    };
    let Insertion::Added(id) = store.insert(&document).await.unwrap() else {
        panic!("a new document is added");
    };
    assert_eq!(
        store.insert(&document).await.unwrap(),
        Insertion::Existing(id)
    );

    let parts = store.parts_after(0, 10).await.unwrap();
    assert_eq!(parts.len(), 1);
    let items = &parts[0].items;
    assert_eq!(items.len(), record.items.len());
    for (stored, item) in items.iter().zip(&record.items) {
        assert_eq!(stored.title, item.title);
        assert_eq!(stored.presenters, item.presenters, "{}", item.title);
        let decisions: Vec<&str> = stored.decisions.iter().map(|(_, t)| t.as_str()).collect();
        let expected: Vec<&str> = item.decisions.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(decisions, expected, "{}", item.title);
        assert_eq!(stored.actions.len(), item.actions.len(), "{}", item.title);
        for (action, expected) in stored.actions.iter().zip(&item.actions) {
            assert_eq!(action.text, expected.text);
            assert_eq!(action.owners, expected.owners, "{}", expected.text);
        }
    }

    let attendance = store.attendance(id).await.unwrap();
    let in_role = |role: &str| -> Vec<String> {
        attendance
            .iter()
            .filter(|a| a.role == role)
            .map(|a| a.name.clone())
            .collect()
    };
    let names = |people: Vec<&String>| people.into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        in_role("attendee"),
        names(record.attendees.iter().map(|a| &a.name).collect())
    );
    assert_eq!(
        in_role("absent"),
        names(record.absent.iter().map(|a| &a.name).collect())
    );
    assert_eq!(
        in_role("guest"),
        names(record.guests.iter().map(|g| &g.name).collect())
    );
    assert_eq!(
        in_role("secretary"),
        names(record.secretary.iter().collect())
    );
}

#[tokio::test]
async fn the_same_bytes_twice_in_one_batch_are_one_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("paragraf.db")).await.unwrap();
    let record = record();
    let document = NewDocument {
        file_name: "05.txt",
        original: b"the original bytes",
        text: "the repaired text",
        record: &record,
        corrections: &[],
    };
    let inserted = store.insert_many(&[document, document]).await.unwrap();
    let Insertion::Added(id) = inserted[0] else {
        panic!("the first is added: {inserted:?}");
    };
    assert_eq!(inserted[1], Insertion::Existing(id));
    assert_eq!(store.meeting_count().await.unwrap(), 1);
}

#[tokio::test]
async fn the_rows_of_some_meetings_are_those_meetings_rows_of_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("paragraf.db")).await.unwrap();
    let mut ids = Vec::new();
    for original in [b"one".as_slice(), b"two".as_slice()] {
        let mut record = record();
        // Documents are told apart by their bytes' hash.
        record.source.sha256 = format!("{original:?}");
        let document = NewDocument {
            file_name: "05.txt",
            original,
            text: "text",
            record: &record,
            corrections: &[],
        };
        let Insertion::Added(id) = store.insert(&document).await.unwrap() else {
            panic!("a new document is added");
        };
        ids.push(id);
    }
    let all = store.name_mentions(None).await.unwrap();
    let second = store.name_mentions(Some(&ids[1..])).await.unwrap();
    assert!(!second.is_empty());
    assert_eq!(second.len() * 2, all.len());
    assert!(second.iter().all(|m| m.meeting_id == ids[1]));
    assert!(store.name_mentions(Some(&[])).await.unwrap().is_empty());
    let actions = store.action_rows(Some(&ids[..1])).await.unwrap();
    assert!(!actions.is_empty());
    assert_eq!(
        actions.len() * 2,
        store.action_rows(None).await.unwrap().len()
    );
    assert!(actions.iter().all(|a| a.meeting_id == ids[0]));
    let decisions = store.decision_rows(Some(&ids[..1])).await.unwrap();
    assert!(!decisions.is_empty());
    assert_eq!(
        decisions.len() * 2,
        store.decision_rows(None).await.unwrap().len()
    );
}
