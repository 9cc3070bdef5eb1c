//! `people` and `person`: who the minutes name, across meetings.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use paragraf_followup::{
    FollowupError, PersonRecord, correct_person, find_people, people as all_people,
};

use crate::archive_cmd::{author, open};
use crate::exit::Exit;
use crate::output::print_list;

pub const PEOPLE_HELP: &str = "\
One line per person: the names, initials and OCR-damaged spellings the
minutes use for one human are resolved to that person. Attendance counts
meetings present, absent and as a guest; the share is present ÷ (present +
absent). Short names that fit no one, or several people, are listed last
with a '?'.

Examples:
  paragraf people
  paragraf people --json | jq '.[] | select(.absent > 2) | .name'";

pub const PERSON_HELP: &str = "\
NAME is any part of any name the person goes by, diacritics ignored
('ericsson', 'Lila', 'LE'). Every person it fits is shown.

With --merge-into or --split, NAME is a full name as the minutes write it,
and the correction is recorded (who, when, why) and applied from then on.

Examples:
  paragraf person 'Lila Ericsson'
  paragraf person mufic --json
  paragraf person 'Anna Lindqvlst' --merge-into 'Anna Lindqvist' --note 'OCR'
  paragraf person 'Maria Holt' --split --note 'En annan Maria'";

#[derive(clap::Args, Debug)]
pub struct PeopleArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct PersonArgs {
    /// Any part of a name, or initials.
    pub name: String,
    /// Record that NAME is the same human as this full name.
    #[arg(long, value_name = "NAME", requires = "note", conflicts_with = "split")]
    pub merge_into: Option<String>,
    /// Record that NAME is a human of their own.
    #[arg(long, requires = "note")]
    pub split: bool,
    /// Why the correction is right.
    #[arg(long)]
    pub note: Option<String>,
    /// Who records the correction.
    #[arg(long, env = "PARAGRAF_USER", value_name = "NAME")]
    pub by: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub async fn people(data: &Path, args: &PeopleArgs) -> Result<()> {
    let archive = open(data).await?;
    let mut people = all_people(archive.store()).await?;
    archive.close().await;
    // Names no other meeting confirms come last.
    people.sort_by_key(|person| !person.resolved);
    print_list(
        &people,
        args.json,
        "no people yet: add minutes with `paragraf ingest PATH`",
        write_line,
    )
}

pub async fn person(data: &Path, args: &PersonArgs) -> Result<()> {
    let archive = open(data).await?;
    if args.split || args.merge_into.is_some() {
        let author = author(args.by.as_deref());
        let note = args.note.as_deref().unwrap_or_default();
        let result = correct_person(
            archive.store(),
            &args.name,
            args.merge_into.as_deref(),
            note,
            &author,
        )
        .await;
        archive.close().await;
        return match result {
            Ok(()) => {
                match &args.merge_into {
                    Some(into) => println!(
                        "'{}' is now one person with '{into}' (recorded by {author})",
                        args.name
                    ),
                    None => println!(
                        "'{}' is now a person of their own (recorded by {author})",
                        args.name
                    ),
                }
                Ok(())
            }
            Err(FollowupError::NoSuchName(name)) => Err(Exit::NoSuchPerson(name).into()),
            Err(other) => Err(other.into()),
        };
    }
    let people = find_people(archive.store(), &args.name).await?;
    archive.close().await;
    if people.is_empty() {
        return Err(Exit::NoSuchPerson(args.name.clone()).into());
    }
    print_list(&people, args.json, "", write_person)
}

fn share(person: &PersonRecord) -> String {
    person.attendance_share.map_or_else(
        || "–".to_string(),
        |share| format!("{:.0} %", share * 100.0),
    )
}

fn write_line(out: &mut String, person: &PersonRecord) {
    let name = match (&person.initials, person.resolved) {
        (_, false) => format!("{} ?", person.name),
        (Some(initials), true) => format!("{} ({initials})", person.name),
        (None, true) => person.name.clone(),
    };
    let _ = writeln!(
        out,
        "{name:<36} present {:>3}  absent {:>3}  guest {:>3}  attendance {:>5}  meetings {:>3}",
        person.present,
        person.absent,
        person.guest,
        share(person),
        person.meetings.len(),
    );
}

fn write_person(out: &mut String, person: &PersonRecord) {
    write_line(out, person);
    let _ = writeln!(out, "  written as: {}", person.names.join(", "));
    for meeting in &person.meetings {
        let group = meeting
            .group
            .as_deref()
            .map(|group| format!(" [{group}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<10}  meeting {:>5}  {:<40}  {}{group}",
            meeting.date.as_deref().unwrap_or("undated"),
            meeting.meeting_id,
            meeting.body.as_deref().unwrap_or("–"),
            meeting.roles.join(", "),
        );
    }
    out.push('\n');
}
