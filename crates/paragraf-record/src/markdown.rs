//! Markdown rendering of a record: the minutes as a person reads them.

use std::fmt::Write;

use crate::{Due, MeetingRecord, Section};

/// Renders the record as Markdown: a header block, a heading per section
/// and per item, decisions and actions marked so they stand out.
pub fn render_markdown(record: &MeetingRecord) -> String {
    let mut out = String::new();
    let title = record
        .body
        .as_deref()
        .or(record.organization.as_deref())
        .unwrap_or("Mötesanteckningar");
    let _ = writeln!(out, "# {title}\n");
    if let (Some(org), Some(_)) = (&record.organization, &record.body) {
        let _ = writeln!(out, "*{org}*\n");
    }
    let mut when = record.date.clone().unwrap_or_default();
    match (&record.start_time, &record.end_time) {
        (Some(start), Some(end)) => when = format!("{when} {start}–{end}"),
        (Some(start), None) => when = format!("{when} {start}"),
        _ => {}
    }
    let when = when.trim();
    if !when.is_empty() {
        let _ = writeln!(out, "- **Datum:** {when}");
    }
    if let Some(location) = &record.location {
        let _ = writeln!(out, "- **Plats:** {location}");
    }
    if !record.attendees.is_empty() {
        let names: Vec<&str> = record.attendees.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(out, "- **Närvarande:** {}", names.join(", "));
    }
    if !record.guests.is_empty() {
        let names: Vec<String> = record
            .guests
            .iter()
            .map(|g| match &g.group {
                Some(group) => format!("{} ({group})", g.name),
                None => g.name.clone(),
            })
            .collect();
        let _ = writeln!(out, "- **Övriga deltagare:** {}", names.join(", "));
    }
    if !record.absent.is_empty() {
        let names: Vec<&str> = record.absent.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(out, "- **Frånvarande:** {}", names.join(", "));
    }
    if let Some(secretary) = &record.secretary {
        let _ = writeln!(out, "- **Sekreterare:** {secretary}");
    }
    out.push('\n');

    let mut current_section = None;
    for item in &record.items {
        if current_section != Some(item.section) {
            current_section = Some(item.section);
            let _ = writeln!(out, "## {}\n", section_heading(item.section));
        }
        match &item.number {
            Some(number) => {
                let _ = writeln!(out, "### {number}. {}\n", item.title);
            }
            None => {
                let _ = writeln!(out, "### {}\n", item.title);
            }
        }
        if !item.presenters.is_empty() {
            let _ = writeln!(out, "*Föredragande: {}*\n", item.presenters.join(", "));
        }
        if !item.text.is_empty() {
            let _ = writeln!(out, "{}\n", item.text);
        }
        for decision in &item.decisions {
            let _ = writeln!(out, "> **Beslut:** {}\n", decision.text);
        }
        for action in &item.actions {
            let mut line = format!("- [ ] **Åtgärd:** {}", action.text);
            if !action.owners.is_empty() {
                let _ = write!(line, " — *{}*", action.owners.join(", "));
            }
            match &action.due {
                Some(Due::Date(date)) => {
                    let _ = write!(line, " (senast {date})");
                }
                Some(Due::NextMeeting) => line.push_str(" (till nästa möte)"),
                None => {}
            }
            let _ = writeln!(out, "{line}");
        }
        if !item.actions.is_empty() {
            out.push('\n');
        }
    }
    if !record.links.is_empty() {
        let _ = writeln!(out, "## Länkar\n");
        for link in &record.links {
            let _ = writeln!(out, "- <{link}>");
        }
    }
    out
}

fn section_heading(section: Section) -> &'static str {
    match section {
        Section::Information => "Information",
        Section::Decision => "Beslut",
        Section::Dialog => "Dialog",
        Section::Other => "Övrigt",
    }
}
