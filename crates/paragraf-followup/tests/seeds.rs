//! The five Helsingborg minutes, ingested as a user would, followed up.

use std::path::PathBuf;

use paragraf_archive::{Archive, IngestOptions, collect_files};
use paragraf_followup::actions::ActionStatus;
use paragraf_followup::{Presence, people, set_action_status};

async fn seeds() -> (tempfile::TempDir, Archive) {
    let data = tempfile::tempdir().unwrap();
    let archive = Archive::open(data.path()).await.unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let (files, failures) = collect_files(&[seeds]);
    assert!(failures.is_empty());
    let summary = archive
        .ingest(&files, &IngestOptions::default(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(summary.ingested, 5);
    (data, archive)
}

#[tokio::test]
async fn each_person_is_one_person_across_the_five_meetings() {
    let (_data, archive) = seeds().await;
    let people = people(archive.store()).await.unwrap();
    let named = |name: &str| {
        let found: Vec<_> = people.iter().filter(|p| p.name == name).collect();
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        found[0].clone()
    };

    let lila = named("Lila Ericsson");
    assert_eq!(lila.meetings.len(), 5, "{lila:#?}");
    assert_eq!(lila.initials.as_deref(), Some("LE"));
    // Present at four; in the undated minutes (001) she presents an item.
    assert_eq!(lila.present, 4);
    assert_eq!(lila.absent, 0);

    let tony = named("Tony Mufic");
    assert_eq!(tony.initials.as_deref(), Some("TM"));
    assert_eq!(tony.meetings.len(), 5, "{tony:#?}");

    // `MBH` presents three points in 001: Maria Boman Hansson, by her
    // initials in the 2020-11-10 minutes.
    let maria = named("Maria Boman Hansson");
    assert!(maria.names.iter().any(|n| n == "mbh"), "{maria:#?}");
    assert_eq!(maria.absent, 1);

    // Absent once (2021-04-20), present at two, secretary at a third.
    let marie = named("Marie Krantz");
    assert!(marie.absent >= 1);
    let share = marie.attendance_share.unwrap();
    assert!(share > 0.0 && share < 1.0, "{marie:#?}");

    // A first name that fits two people is nobody's.
    assert!(
        people
            .iter()
            .all(|p| !(p.resolved && p.names.iter().any(|n| n == "maria"))),
        "a lone `Maria` was given to someone"
    );
    assert!(
        people
            .iter()
            .flat_map(|p| &p.meetings)
            .all(|m| m.presence != Presence::Mentioned || !m.roles.is_empty())
    );
}

#[tokio::test]
async fn an_action_is_followed_to_the_meeting_that_takes_it_up() {
    let (_data, archive) = seeds().await;
    let store = archive.store();
    let actions = paragraf_followup::actions(store).await.unwrap();
    let revise = actions
        .iter()
        .find(|a| a.text.contains("reviderar utkastet på åtgärdsplan"))
        .unwrap();
    assert_eq!(revise.owners, ["Lila Ericsson", "Jaana", "Tony Mufic"]);
    assert_eq!(revise.status, ActionStatus::CarriedOver);
    let evidence: Vec<&str> = revise
        .evidence
        .iter()
        .map(|e| e.item_title.as_str())
        .collect();
    assert_eq!(
        evidence,
        ["Samverkan för bästa skola"],
        "{:#?}",
        revise.evidence
    );
    assert!(revise.evidence[0].reason.contains("samverka"));
    // Nothing else in the five minutes is taken up within a year.
    assert_eq!(
        actions.iter().filter(|a| !a.evidence.is_empty()).count(),
        1,
        "{:#?}",
        actions
            .iter()
            .filter(|a| !a.evidence.is_empty())
            .collect::<Vec<_>>()
    );

    set_action_status(
        store,
        revise.id,
        ActionStatus::Done,
        "Åtgärdsplanen reviderad",
        "Marie Krantz",
    )
    .await
    .unwrap();
    let actions = paragraf_followup::actions(store).await.unwrap();
    let revise = actions.iter().find(|a| a.id == revise.id).unwrap();
    assert_eq!(revise.status, ActionStatus::Done);
    assert!(
        revise.status_reason.contains("Marie Krantz"),
        "{}",
        revise.status_reason
    );
    assert_eq!(revise.history.len(), 1);
    assert_eq!(
        revise.evidence.len(),
        1,
        "evidence stays beside the recorded status"
    );
    assert!(matches!(
        set_action_status(store, 9999, ActionStatus::Done, "x", "y").await,
        Err(paragraf_followup::FollowupError::NoSuchAction(9999))
    ));
}

#[tokio::test]
async fn the_agenda_for_23_march_carries_the_point_scheduled_for_it() {
    let (_data, archive) = seeds().await;
    let agenda = paragraf_followup::next_agenda(archive.store(), Some("2021-03-23"), None)
        .await
        .unwrap();
    assert_eq!(
        agenda.body.as_deref(),
        Some("Helsingborgs stads skolors ledningsgrupp")
    );
    assert_eq!(agenda.previous_meeting.as_deref(), Some("2020-11-10"));
    // The undated minutes (001) put the quality reports on LG's 23 March meeting.
    let scheduled: Vec<&str> = agenda
        .scheduled
        .iter()
        .map(|p| p.item_title.as_str())
        .collect();
    assert!(
        scheduled.contains(&"Utvärdering av kvalitetsrapporter"),
        "{scheduled:?}"
    );
    // The 10 November meeting sent the revised action plan to the next one.
    assert!(
        agenda
            .scheduled
            .iter()
            .any(|p| p.text.contains("reviderar utkastet på åtgärdsplan")),
        "{:#?}",
        agenda.scheduled
    );
    // A deadline that has passed, and nothing after the date.
    assert!(
        agenda
            .deadlines
            .iter()
            .any(|p| p.due.as_deref() == Some("2020-11-12"))
    );
    assert!(
        agenda
            .feedback
            .iter()
            .chain(&agenda.scheduled)
            .all(|p| p.from_date.as_deref().is_none_or(|d| d < "2021-03-23"))
    );
    // January 2020 is more than a year before: its open points are stale,
    // listed apart from the feedback.
    assert!(
        agenda
            .stale
            .iter()
            .any(|p| p.from_date.as_deref() == Some("2020-01-21")),
        "{:#?}",
        agenda.stale
    );
    assert!(
        agenda
            .feedback
            .iter()
            .chain(&agenda.deadlines)
            .chain(&agenda.decisions_to_review)
            .all(|p| p.from_date.as_deref() != Some("2020-01-21"))
    );
    let markdown = paragraf_followup::agenda::render_markdown(&agenda);
    assert!(markdown.contains("Äldre öppna punkter"), "{markdown}");
    assert!(
        markdown.contains("## 2. Återkoppling från föregående möte"),
        "{markdown}"
    );
    assert!(markdown.contains("inlagd till detta möte"), "{markdown}");
}

#[tokio::test]
async fn matters_are_threaded_across_meetings_without_unrelated_items() {
    let (_data, archive) = seeds().await;
    let store = archive.store();
    let topics = paragraf_followup::topics(store).await.unwrap();
    let holding = |title: &str| {
        topics
            .iter()
            .find(|t| t.items.iter().any(|i| i.title.contains(title)))
            .unwrap_or_else(|| panic!("no topic holds {title}: {topics:#?}"))
    };
    let titles = |topic: &paragraf_followup::topics::Topic| -> Vec<String> {
        topic.items.iter().map(|i| i.title.clone()).collect()
    };

    let h22 = holding("Reflektioner över H22 Summit");
    assert!(
        titles(h22).iter().all(|t| t.contains("H22")),
        "{:#?}",
        titles(h22)
    );
    assert!(h22.items.len() >= 3);

    let samverkan = holding("Samverkan för bästa skola");
    assert_eq!(samverkan.items.len(), 2, "{:#?}", titles(samverkan));
    assert_eq!(samverkan.items[0].date.as_deref(), Some("2020-11-10"));
    assert_eq!(samverkan.items[1].date.as_deref(), Some("2021-04-20"));

    let quality = holding("Avstämning av kvalitetsrapport grundskola");
    assert!(
        titles(quality)
            .iter()
            .all(|t| t.contains("kvalitetsrapport")),
        "{:#?}",
        titles(quality)
    );

    // The VP mathematics assignment, 2020 to 2024: the January 2020
    // discussion of the VP assignments (`Uppdrag matematik` among them,
    // `VP-uppdraget` and then just `uppdraget`), the 2021 priorities, and
    // the mathematics plan of 2024.
    let vp = holding("VP- matematikplanen");
    let mut vp_titles = titles(vp);
    vp_titles.sort();
    assert_eq!(
        vp_titles,
        [
            "SKA - Fortsatt arbete med uppdragen",
            "VP uppdragen – Beslut gällande prioriteringar",
            "VP- matematikplanen, information och beslut",
        ],
    );

    let dialogues = holding("Återkoppling Verksamhetdialog 3");
    assert_eq!(dialogues.items.len(), 2, "{:#?}", titles(dialogues));
    assert!(titles(dialogues)[1].contains("utvecklad form för VD"));

    let survey = holding("Inför medarbetarenk");
    assert_eq!(
        titles(survey),
        [
            "Inför medarbetarenkiten",
            "Ny medarbetarenkät under upphandling"
        ]
    );

    // A user takes an item out; the topic forgets it for good.
    let item = samverkan.items[1].item_id;
    paragraf_followup::unlink_from_topic(store, samverkan.id, item, "Annan fråga", "Marie Krantz")
        .await
        .unwrap();
    let topics = paragraf_followup::topics(store).await.unwrap();
    assert!(
        topics
            .iter()
            .all(|t| !(t.items.iter().any(|i| i.item_id == item)
                && t.items
                    .iter()
                    .any(|i| i.item_id == samverkan.items[0].item_id))),
        "{topics:#?}"
    );
}

#[tokio::test]
async fn merges_and_splits_by_hand_are_recorded_and_win() {
    let (_data, archive) = seeds().await;
    let store = archive.store();
    let together = |people: &[paragraf_followup::PersonRecord]| {
        people.iter().any(|p| {
            p.names.iter().any(|n| n == "susanne lundberg")
                && p.names.iter().any(|n| n == "susanne fras")
        })
    };
    assert!(!together(&people(store).await.unwrap()));
    paragraf_followup::correct_person(
        store,
        "Susanne Lundberg",
        Some("Susanne Fras"),
        "Gift",
        "Marie Krantz",
    )
    .await
    .unwrap();
    assert!(together(&people(store).await.unwrap()));
    paragraf_followup::correct_person(store, "susanne lundberg", None, "Fel", "Marie Krantz")
        .await
        .unwrap();
    assert!(!together(&people(store).await.unwrap()));
    assert!(matches!(
        paragraf_followup::correct_person(store, "Nobody Atall", None, "x", "y").await,
        Err(paragraf_followup::FollowupError::NoSuchName(_))
    ));
}
