//! One meeting, planned and then written in one of four layouts.
//!
//! A meeting is planned first (people, items, what each item says,
//! decides and gives someone to do) so that the truth is known before a
//! line is written; the layout then only decides how it is written down.

use crate::data::{
    ADMINISTRATIONS, BODIES, Body, DECISION_TAILS, FIRST_NAMES, GENERIC_SENTENCES, LAST_NAMES,
    Layout, MEETING_ROOMS, MUNICIPALITIES, NEEDLE_DECISIONS, NEEDLE_SENTENCES, PARTIES,
    SCHOOL_COUNCIL_TOPICS, SCHOOLS, TASK_VERBS, TOPICS, Topic,
};
use crate::rng::Rng;
use crate::text::{Date, Slots, capitalize, fill, slug, wrap};

/// What a document is about, drawn apart from its content so a file name
/// costs no more than these few draws.
pub struct Facts {
    pub city: &'static str,
    pub organization: &'static str,
    pub body: &'static Body,
    pub layout: Layout,
    pub date: Date,
    /// The school a school's own body (`Skolrådet`) belongs to.
    pub school: &'static str,
}

impl Facts {
    pub fn draw(rng: &mut Rng) -> Facts {
        let (city, organization) = rng.pick(MUNICIPALITIES);
        let body = &BODIES[rng.below(BODIES.len())];
        Facts {
            city,
            organization,
            body,
            layout: rng.pick(body.layouts),
            date: Date::random_meeting_day(rng, 2015, 2026),
            school: rng.pick(SCHOOLS),
        }
    }

    pub fn slug(&self) -> String {
        let body = if self.body.school {
            format!("{} {}", self.body.name, self.school)
        } else {
            self.body.name.to_string()
        };
        format!("{}-{}-{}", slug(self.city), slug(&body), self.date.iso())
    }
}

/// A matter to mention: its topic, the topic word as written, the
/// preposition and the unique place.
pub struct Needle<'a> {
    pub topic: usize,
    pub word: &'a str,
    pub prep: &'a str,
    pub place: &'a str,
}

/// A written meeting and what a careful reader would extract from it.
pub struct Rendered {
    pub text: String,
    pub attendees: Vec<String>,
    pub items: usize,
    pub decisions: usize,
    pub actions: usize,
}

#[derive(Clone, Copy)]
pub(crate) struct Person {
    pub(crate) first: &'static str,
    pub(crate) last: &'static str,
    pub(crate) party: &'static str,
}

impl Person {
    pub(crate) fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    pub(crate) fn initials(&self) -> String {
        self.first
            .chars()
            .take(1)
            .chain(self.last.chars().take(1))
            .collect()
    }
}

/// `n` people with distinct first names, surnames and initials, so that a
/// first name or initials in the text name one person only.
pub(crate) fn draw_people(rng: &mut Rng, n: usize) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::with_capacity(n);
    while people.len() < n {
        let person = Person {
            first: rng.pick(FIRST_NAMES),
            last: rng.pick(LAST_NAMES),
            party: rng.pick(PARTIES),
        };
        let clashes = people.iter().any(|p| {
            p.first == person.first || p.last == person.last || p.initials() == person.initials()
        });
        if !clashes {
            people.push(person);
        }
    }
    people
}

#[derive(Clone, Copy)]
pub(crate) enum Due {
    Unset,
    NextMeeting,
    On(Date),
}

struct Task {
    /// Index into the people present.
    owner: usize,
    verb: (&'static str, &'static str, &'static str),
    object: String,
    due: Due,
}

impl Task {
    fn due_text(&self) -> String {
        match self.due {
            Due::Unset => String::new(),
            Due::NextMeeting => " till nästa möte".to_string(),
            Due::On(date) => format!(" senast den {} {}", date.day, date.month_name()),
        }
    }
}

struct Item {
    title: String,
    presenter: Option<usize>,
    sentences: Vec<String>,
    /// What is decided, after `beslutar att`.
    decision: Option<String>,
    task: Option<Task>,
}

struct Meeting<'a> {
    facts: &'a Facts,
    present: Vec<Person>,
    absent: Vec<Person>,
    guests: Vec<Person>,
    items: Vec<Item>,
    /// Index into `present`.
    secretary: usize,
    start: (usize, usize),
    end: (usize, usize),
    room: &'static str,
    width: usize,
}

/// How much of each kind a layout writes.
struct Shape {
    present: (usize, usize),
    items: (usize, usize),
    sentences: (usize, usize),
    decision: f64,
    task: f64,
}

fn shape(layout: Layout) -> Shape {
    match layout {
        Layout::Notes => Shape {
            present: (5, 12),
            items: (4, 8),
            sentences: (2, 5),
            decision: 0.35,
            task: 0.4,
        },
        Layout::Protocol => Shape {
            present: (5, 11),
            items: (3, 7),
            sentences: (2, 4),
            decision: 1.0,
            task: 0.25,
        },
        Layout::Table => Shape {
            present: (4, 8),
            items: (3, 6),
            sentences: (2, 4),
            decision: 0.3,
            task: 0.0,
        },
        Layout::Bullets => Shape {
            present: (4, 9),
            items: (4, 7),
            sentences: (2, 4),
            decision: 0.3,
            task: 0.0,
        },
    }
}

/// Plans and writes one meeting.
pub fn render(facts: &Facts, needles: &[Needle<'_>], rng: &mut Rng) -> Rendered {
    let shape = shape(facts.layout);
    let present_count = rng.range(shape.present.0, shape.present.1);
    let absent_count = rng.range(0, 2);
    let guest_count = if facts.layout == Layout::Protocol {
        rng.range(2, 3)
    } else {
        0
    };
    let mut people = draw_people(rng, present_count + absent_count + guest_count);
    let guests = people.split_off(present_count + absent_count);
    let absent = people.split_off(present_count);
    let present = people;
    let first_names: Vec<String> = present.iter().map(|p| p.first.to_string()).collect();

    let item_count = rng
        .range(shape.items.0, shape.items.1)
        .max(needles.len().min(3));
    // A school's own council talks about its school, not the budget.
    let mut topic_order: Vec<usize> = (0..TOPICS.len())
        .filter(|&t| !facts.body.school || SCHOOL_COUNCIL_TOPICS.contains(&TOPICS[t].lemma))
        .collect();
    rng.shuffle(&mut topic_order);
    // Each decision says something of its own (the secretary does not add
    // the same `efter samråd med …` to two decisions).
    let mut tails: Vec<usize> = (0..DECISION_TAILS.len()).collect();
    rng.shuffle(&mut tails);
    let mut topics: Vec<usize> = topic_order[..item_count].to_vec();
    // Each needle goes into the item on its topic, made so when the
    // meeting has none; topics stay distinct, as agenda points are.
    let mut free: Vec<usize> = (0..item_count).collect();
    rng.shuffle(&mut free);
    let mut hosts: Vec<usize> = Vec::with_capacity(needles.len());
    for needle in needles {
        let host = match topics.iter().position(|&t| t == needle.topic) {
            Some(position) => position,
            None => {
                let position = free.pop().unwrap_or(0);
                topics[position] = needle.topic;
                position
            }
        };
        free.retain(|&p| p != host);
        hosts.push(host);
    }
    let mut items: Vec<Item> = Vec::with_capacity(item_count);
    for (position, &topic_index) in topics.iter().enumerate() {
        let topic = &TOPICS[topic_index];
        let slots = Slots {
            forms: topic.forms,
            people: &first_names,
            year: facts.date.year,
            city: facts.city,
            needle: None,
        };
        let tail = DECISION_TAILS[tails[position % tails.len()]];
        let mut item = plan_item(topic, &slots, &shape, facts, present.len(), tail, rng);
        let here = needles
            .iter()
            .zip(hosts.iter().cycle())
            .filter(|(_, h)| **h == position);
        for (needle, _) in here {
            let slots = Slots {
                needle: Some((needle.word, needle.prep, needle.place)),
                ..slots
            };
            // Now and then the matter is what the meeting decides on.
            if rng.chance(0.3) && !decision_is_needle(&item, needles) {
                item.decision = Some(fill(rng.pick(NEEDLE_DECISIONS), &slots, rng));
            } else {
                let sentence = fill(rng.pick(NEEDLE_SENTENCES), &slots, rng);
                let at = rng.range(0, item.sentences.len());
                item.sentences.insert(at, sentence);
            }
        }
        items.push(item);
    }

    let start = (rng.range(8, 15), rng.pick(&[0, 0, 0, 15, 30]));
    let minutes = start.0 * 60 + start.1 + 30 * rng.range(2, 7);
    let meeting = Meeting {
        facts,
        secretary: rng.below(present.len()),
        present,
        absent,
        guests,
        items,
        start,
        end: (minutes / 60, minutes % 60),
        room: rng.pick(MEETING_ROOMS),
        width: rng.range(76, 96),
    };
    match facts.layout {
        Layout::Notes => notes(&meeting, rng),
        Layout::Protocol => protocol(&meeting, rng),
        Layout::Table => table(&meeting, rng),
        Layout::Bullets => bullets(&meeting, rng),
    }
}

/// Whether the item's decision already carries a needle (it mentions a
/// needle's unique place).
fn decision_is_needle(item: &Item, needles: &[Needle<'_>]) -> bool {
    item.decision
        .as_deref()
        .is_some_and(|d| needles.iter().any(|n| d.contains(n.place)))
}

fn plan_item(
    topic: &'static Topic,
    slots: &Slots<'_>,
    shape: &Shape,
    facts: &Facts,
    present: usize,
    tail: &str,
    rng: &mut Rng,
) -> Item {
    let count = rng.range(shape.sentences.0, shape.sentences.1);
    // Topic sentences first and mostly; generic ones fill in. No template twice.
    let mut used: Vec<(bool, usize)> = Vec::with_capacity(count);
    let mut sentences = Vec::with_capacity(count + 1);
    while sentences.len() < count {
        let own = sentences.is_empty() || rng.chance(0.6);
        let pool = if own {
            topic.sentences
        } else {
            GENERIC_SENTENCES
        };
        let choice = (own, rng.below(pool.len()));
        if used.contains(&choice) {
            if used.len() >= topic.sentences.len() + GENERIC_SENTENCES.len() {
                break;
            }
            continue;
        }
        used.push(choice);
        sentences.push(fill(pool[choice.1], slots, rng));
    }
    let decision = rng.chance(shape.decision).then(|| {
        let mut clause = fill(rng.pick(topic.decisions), slots, rng);
        if rng.chance(0.6) {
            clause.push_str(&fill(tail, slots, rng));
        }
        clause
    });
    let task = rng
        .chance(shape.task)
        .then(|| draw_task(topic, slots, facts, present, rng));
    Item {
        title: fill(rng.pick(topic.titles), slots, rng),
        presenter: rng.chance(0.6).then(|| rng.below(present)),
        sentences,
        decision,
        task,
    }
}

fn draw_task(
    topic: &Topic,
    slots: &Slots<'_>,
    facts: &Facts,
    present: usize,
    rng: &mut Rng,
) -> Task {
    let template = rng.pick(topic.tasks);
    let (verb, object) = template.split_once('|').expect("tasks are verb|object");
    let verb = *TASK_VERBS
        .iter()
        .find(|(infinitive, _, _)| *infinitive == verb)
        .expect("task verbs are listed in TASK_VERBS");
    let due = match rng.below(3) {
        0 => Due::Unset,
        1 => Due::NextMeeting,
        _ => Due::On(facts.date.plus_days(rng.range(10, 60) as i64)),
    };
    Task {
        owner: rng.below(present),
        verb,
        object: fill(object, slots, rng),
        due,
    }
}

fn time(t: (usize, usize)) -> String {
    format!("{:02}.{:02}", t.0, t.1)
}

fn time_span(meeting: &Meeting<'_>, rng: &mut Rng) -> String {
    let dash = rng.pick(&["–", "-", " - ", " –"]);
    if meeting.start.1 == 0 && meeting.end.1 == 0 && rng.chance(0.4) {
        format!("kl. {}{dash}{}", meeting.start.0, meeting.end.0)
    } else {
        format!("{}{dash}{}", time(meeting.start), time(meeting.end))
    }
}

/// `Tisdagen den 10 november 2020`, `Tisdag 10 nov 2020`, `10 november 2020`.
fn written_date(date: Date, rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!(
            "{}en den {}",
            capitalize(date.weekday_name()),
            date.written()
        ),
        1 => format!(
            "{} {} {} {}",
            capitalize(date.weekday_name()),
            date.day,
            &date.month_name()[..3],
            date.year
        ),
        2 => format!("{} {}", capitalize(date.weekday_name()), date.written()),
        _ => date.written(),
    }
}

fn people_list(people: &[Person], mut note: impl FnMut(usize, &Person) -> String) -> String {
    people
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}{}", p.full(), note(i, p)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn decision_sentence(decider: &str, clause: &str) -> String {
    format!("{decider} beslutar att {clause}.")
}

fn present_names(meeting: &Meeting<'_>) -> Vec<String> {
    meeting.present.iter().map(Person::full).collect()
}

/// (a) Informal notes of a leadership group, like the Helsingborg seeds.
fn notes(meeting: &Meeting<'_>, rng: &mut Rng) -> Rendered {
    let facts = meeting.facts;
    let width = meeting.width;
    let mut out = String::with_capacity(4096);
    if rng.chance(0.7) {
        out.push_str(rng.pick(ADMINISTRATIONS));
        out.push_str("\n\n");
    }
    out.push_str(facts.body.name);
    out.push('\n');
    match rng.below(3) {
        0 => out.push_str("Minnesanteckningar\n"),
        1 => out.push_str("Mötesanteckningar\n"),
        _ => {}
    }
    out.push('\n');
    if rng.chance(0.25) {
        out.push_str(&format!(
            "Datum: {}\nTid: {}\n",
            facts.date.iso(),
            time_span(meeting, rng)
        ));
    } else {
        let date = written_date(facts.date, rng);
        out.push_str(&format!("{date}, {}\n", time_span(meeting, rng)));
    }
    out.push_str(&format!("Plats: {}\n\n", meeting.room));

    // How the minutes say who took them.
    let secretary_style = rng.below(3);
    let initials = rng.chance(0.4);
    let label = if rng.chance(0.5) {
        "Närvarande"
    } else {
        "Deltagare"
    };
    let list = people_list(&meeting.present, |i, p| {
        let mut note = String::new();
        if initials {
            note.push_str(&format!(" ({})", p.initials()));
        }
        if secretary_style == 0 && i == meeting.secretary {
            note.push_str(" (sekr.)");
        }
        note
    });
    wrap(&list, width, &format!("{label}: "), "", &mut out);
    if !meeting.absent.is_empty() {
        let label = if rng.chance(0.6) {
            "Frånvarande"
        } else {
            "Förhinder"
        };
        wrap(
            &people_list(&meeting.absent, |_, _| String::new()),
            width,
            &format!("{label}: "),
            "",
            &mut out,
        );
    }
    let secretary = meeting.present[meeting.secretary].full();
    if secretary_style == 1 {
        out.push_str(&format!("Antecknare: {secretary}\n"));
    }
    out.push('\n');

    // Section headings as the seeds use them: information first, a
    // dialog point last, and now and then a closing `Beslut` section that
    // restates the decisions taken in the points above.
    let sections = rng.chance(0.5);
    let shout = rng.chance(0.3);
    let count = meeting.items.len();
    let decider = facts.body.decider;
    let mut decisions = 0;
    let mut actions = 0;
    let mut section = "";
    for (number, item) in meeting.items.iter().enumerate() {
        if sections {
            let wanted = if number + 1 == count && count > 2 {
                "Dialog"
            } else {
                "Information"
            };
            if wanted != section {
                section = wanted;
                out.push_str(&if shout {
                    section.to_uppercase()
                } else {
                    section.to_string()
                });
                out.push_str("\n\n");
            }
        }
        let mut heading = format!("{}. {}", number + 1, item.title);
        let mut presenter_line = None;
        if let Some(presenter) = item.presenter.map(|p| &meeting.present[p]) {
            match rng.below(3) {
                0 if initials => heading.push_str(&format!(" ({})", presenter.initials())),
                1 => heading.push_str(&format!(" ({})", presenter.full())),
                _ => presenter_line = Some(format!("Föredragande: {}", presenter.full())),
            }
        }
        out.push_str(&heading);
        out.push('\n');
        if let Some(line) = presenter_line {
            out.push_str(&line);
            out.push('\n');
            if rng.chance(0.5) {
                out.push('\n');
            }
        }
        let style = rng.below(20);
        let inline_decision = item.decision.is_some() && style < 4;
        let mut text = item.sentences.join(" ");
        if inline_decision {
            text.push(' ');
            text.push_str(&decision_sentence(
                decider,
                item.decision.as_deref().unwrap_or_default(),
            ));
        }
        wrap(&text, width, "", "", &mut out);
        if let Some(clause) = item.decision.as_deref().filter(|_| !inline_decision) {
            match style {
                4..=12 => {
                    out.push_str(&format!("Beslut: {}\n", decision_sentence(decider, clause)))
                }
                13..=15 => {
                    out.push('\n');
                    wrap(
                        &format!("{decider} tog beslut om att {clause}."),
                        width,
                        "",
                        "",
                        &mut out,
                    );
                }
                _ => {
                    // A `Beslut` sub-heading, as in the seeds.
                    out.push_str("\nBeslut\n");
                    wrap(
                        &format!("{decider} tog beslut om att {clause}."),
                        width,
                        "",
                        "",
                        &mut out,
                    );
                }
            }
        }
        decisions += usize::from(item.decision.is_some());
        if let Some(task) = &item.task {
            let owner = &meeting.present[task.owner];
            out.push('\n');
            match rng.below(3) {
                0 => wrap(
                    &format!(
                        "{} {} {}{}.",
                        owner.first,
                        task.verb.1,
                        task.object,
                        task.due_text()
                    ),
                    width,
                    "",
                    "",
                    &mut out,
                ),
                1 => {
                    wrap(
                        &format!(
                            "{} {}{}.",
                            capitalize(&task.object),
                            task.verb.2,
                            task.due_text()
                        ),
                        width,
                        "",
                        "",
                        &mut out,
                    );
                    out.push_str(&format!("Ansvarig: {}\n", owner.full()));
                }
                _ => wrap(
                    &format!(
                        "Nästa steg är att {} {} {}{}.",
                        owner.first,
                        task.verb.1,
                        task.object,
                        task.due_text()
                    ),
                    width,
                    "",
                    "",
                    &mut out,
                ),
            }
            actions += 1;
        }
        out.push('\n');
    }
    let decided: Vec<&Item> = meeting
        .items
        .iter()
        .filter(|i| i.decision.is_some())
        .collect();
    if sections && !decided.is_empty() && rng.chance(0.4) {
        out.push_str(if shout { "BESLUT\n\n" } else { "Beslut\n\n" });
        for (number, item) in decided.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", number + 1, item.title));
            let clause = item.decision.as_deref().unwrap_or_default();
            wrap(&decision_sentence(decider, clause), width, "", "", &mut out);
            out.push('\n');
        }
    }
    if secretary_style != 1 {
        out.push_str(&format!("Vid anteckningarna/{secretary}\n"));
    }
    Rendered {
        text: out,
        attendees: present_names(meeting),
        items: meeting.items.len(),
        decisions,
        actions,
    }
}

/// A protocol's labelled header field: label in a column of its own.
pub(crate) fn field(out: &mut String, label: &str, values: &[String]) {
    for (i, value) in values.iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        out.push_str(&format!("{label:<20}{value}\n"));
    }
    out.push('\n');
}

/// (b) A formal protocol: `§` paragraphs, diary numbers, `Beslut` blocks.
fn protocol(meeting: &Meeting<'_>, rng: &mut Rng) -> Rendered {
    let facts = meeting.facts;
    let width = meeting.width.min(86);
    let mut out = String::with_capacity(5000);
    let title = if rng.chance(0.5) {
        "SAMMANTRÄDESPROTOKOLL"
    } else {
        "PROTOKOLL"
    };
    let organization = facts.organization.to_uppercase();
    out.push_str(&format!("{organization:<46}{title}\n"));
    out.push_str(&format!(
        "{:<46}Sammanträdesdatum {}\n\n",
        facts.body.name,
        facts.date.iso()
    ));
    field(
        &mut out,
        "Plats och tid",
        &[format!(
            "{}, kl. {}–{}",
            meeting.room,
            time(meeting.start),
            time(meeting.end)
        )],
    );
    // The first member chairs, the second is vice chair; the last one or
    // two members present are substitutes serving in someone's place.
    let substitutes = if meeting.present.len() > 6 {
        rng.range(0, 2)
    } else {
        0
    };
    let members = meeting.present.len() - substitutes;
    let member = |i: usize, p: &Person| {
        let role = match i {
            0 => ", ordförande",
            1 => ", vice ordförande",
            _ => "",
        };
        format!("{} ({}){role}", p.full(), p.party)
    };
    let listed: Vec<String> = meeting.present[..members]
        .iter()
        .enumerate()
        .map(|(i, p)| member(i, p))
        .collect();
    field(&mut out, "Beslutande", &listed);
    if substitutes > 0 {
        let listed: Vec<String> = meeting.present[members..]
            .iter()
            .map(|p| format!("{} ({})", p.full(), p.party))
            .collect();
        field(&mut out, "Ersättare", &listed);
    }
    let roles = ["förvaltningschef", "nämndsekreterare", "controller"];
    let staff: Vec<String> = meeting
        .guests
        .iter()
        .zip(roles)
        .map(|(p, role)| format!("{}, {role}", p.full()))
        .collect();
    field(&mut out, "Övriga närvarande", &staff);
    let adjuster = &meeting.present[rng.range(1, members - 1)];
    field(
        &mut out,
        "Justerare",
        &[format!("{} ({})", adjuster.full(), adjuster.party)],
    );
    let secretary = meeting.guests[1].full();
    field(&mut out, "Sekreterare", &[secretary]);
    let first = rng.range(1, 140);
    let procedural = rng.chance(0.6);
    let last = first + meeting.items.len() - usize::from(!procedural);
    field(&mut out, "Paragrafer", &[format!("{first}–{last}")]);

    let decider = facts.body.decider;
    let mut number = first;
    let mut actions = 0;
    let mut items = 0;
    if procedural {
        out.push_str(&format!(
            "§ {number}\n\nGodkännande av dagordning\n\nBeslut\nDagordningen godkänns.\n\n"
        ));
        number += 1;
        items += 1;
    }
    let year = facts.date.year;
    for item in &meeting.items {
        let diary = format!(
            "Dnr {} {}/{}",
            facts.body.diary,
            year - rng.below(2) as i32,
            rng.range(3, 480)
        );
        if rng.chance(0.7) {
            out.push_str(&format!("{:<52}{diary}\n\n", format!("§ {number}")));
        } else {
            out.push_str(&format!("§ {number}\n{diary}\n"));
        }
        out.push_str(&item.title);
        out.push_str("\n\n");
        out.push_str(rng.pick(&["Ärendet", "Sammanfattning", "Ärendebeskrivning"]));
        out.push('\n');
        wrap(&item.sentences.join(" "), width, "", "", &mut out);
        out.push('\n');
        if rng.chance(0.4) {
            let written = facts.date.plus_days(-(rng.range(7, 30) as i64)).iso();
            out.push_str(&format!("Beslutsunderlag\nTjänsteskrivelse {written}\n\n"));
        }
        out.push_str("Beslut\n");
        let clause = item
            .decision
            .as_deref()
            .unwrap_or("godkänna förvaltningens redovisning");
        let mut decided = decision_sentence(decider, clause);
        if let Some(task) = &item.task {
            decided.push_str(&format!(
                " Förvaltningen får i uppdrag att {} {} till nämndens sammanträde i {}.",
                task.verb.0,
                task.object,
                facts.date.plus_days(rng.range(30, 90) as i64).month_name()
            ));
            actions += 1;
        }
        wrap(&decided, width, "", "", &mut out);
        out.push('\n');
        if rng.chance(0.3) {
            out.push_str(&format!(
                "Beslutet skickas till\n{}\n\n",
                rng.pick(ADMINISTRATIONS)
            ));
        }
        number += 1;
        items += 1;
    }
    out.push_str(&format!(
        "Underskrifter\n\n{:<20}........................................\n{:<20}{}\n{:<20}........................................\n{:<20}{}\n",
        "Sekreterare",
        "",
        meeting.guests[1].full(),
        "Ordförande",
        "",
        meeting.present[0].full()
    ));
    Rendered {
        text: out,
        attendees: present_names(meeting),
        items,
        decisions: items,
        actions,
    }
}

/// (c) Numbered headings with bulleted notes and a `Vem | Vad | När` table.
fn table(meeting: &Meeting<'_>, rng: &mut Rng) -> Rendered {
    let facts = meeting.facts;
    let width = meeting.width;
    let mut out = String::with_capacity(4096);
    if facts.body.school {
        out.push_str(&format!("{}\n\n{}\n\n", facts.school, facts.body.name));
    } else {
        out.push_str(rng.pick(ADMINISTRATIONS));
        out.push_str(&format!("\nAnteckningar – {}\n\n", facts.body.name));
    }
    out.push_str(&format!(
        "{} kl {}\n",
        written_date(facts.date, rng),
        time_span(meeting, rng).trim_start_matches("kl. ")
    ));
    out.push_str(&format!(
        "{}: {}\n\n",
        if rng.chance(0.5) { "Lokal" } else { "Plats" },
        meeting.room
    ));
    let roles = [
        "rektor",
        "bitr. rektor",
        "förälder",
        "lärare",
        "elevhälsan",
        "fritid",
        "controller",
    ];
    let with_roles = rng.chance(0.5);
    let list = people_list(&meeting.present, |_, _| {
        if with_roles && rng.chance(0.5) {
            format!(" ({})", rng.pick(&roles))
        } else {
            String::new()
        }
    });
    wrap(&list, width, "Deltagare: ", "", &mut out);
    if !meeting.absent.is_empty() {
        wrap(
            &people_list(&meeting.absent, |_, _| String::new()),
            width,
            "Förhinder: ",
            "",
            &mut out,
        );
    }
    out.push_str(&format!(
        "Antecknare: {}\n\n",
        meeting.present[meeting.secretary].full()
    ));

    let close = if rng.chance(0.5) { ")" } else { "." };
    let bullet = rng.pick(&["-", "*", "•"]);
    let upper = rng.chance(0.3);
    let decider = facts.body.decider;
    let mut decisions = 0;
    for (number, item) in meeting.items.iter().enumerate() {
        let title = if upper {
            item.title.to_uppercase()
        } else {
            item.title.clone()
        };
        out.push_str(&format!("{}{close} {title}\n", number + 1));
        for sentence in &item.sentences {
            wrap(sentence, width, &format!("  {bullet} "), "    ", &mut out);
        }
        if let Some(clause) = &item.decision {
            let verb = if rng.chance(0.5) {
                "beslutade"
            } else {
                "beslutar"
            };
            wrap(
                &format!("{decider} {verb} att {clause}."),
                width,
                &format!("  {bullet} "),
                "    ",
                &mut out,
            );
            decisions += 1;
        }
        out.push('\n');
    }
    // The table: who does what by when, as an import writes a table.
    let rows = rng.range(2, 5);
    let title = if rng.chance(0.5) {
        "Att göra till nästa gång"
    } else {
        "Åtgärder"
    };
    let number = meeting.items.len() + 1;
    out.push_str(&format!(
        "{number}{close} {}\n\n",
        if upper {
            title.to_uppercase()
        } else {
            title.to_string()
        }
    ));
    out.push_str("  Vem | Vad | När\n");
    for _ in 0..rows {
        let topic = &TOPICS[rng.below(TOPICS.len())];
        let names: Vec<String> = meeting
            .present
            .iter()
            .map(|p| p.first.to_string())
            .collect();
        let slots = Slots {
            forms: topic.forms,
            people: &names,
            year: facts.date.year,
            city: facts.city,
            needle: None,
        };
        let task = draw_task(topic, &slots, facts, meeting.present.len(), rng);
        let who = if rng.chance(0.2) && meeting.present.len() > 1 {
            let other = (task.owner + 1) % meeting.present.len();
            format!(
                "{}, {}",
                meeting.present[task.owner].first, meeting.present[other].first
            )
        } else {
            meeting.present[task.owner].first.to_string()
        };
        let when = match task.due {
            Due::Unset => format!(
                "v. {}",
                facts.date.plus_days(rng.range(7, 40) as i64).week()
            ),
            Due::NextMeeting => "till nästa möte".to_string(),
            Due::On(date) => format!("{}/{}", date.day, date.month),
        };
        out.push_str(&format!(
            "  {who} | {} {} | {when}\n",
            capitalize(task.verb.0),
            task.object
        ));
    }
    out.push('\n');
    let mut items = number;
    if rng.chance(0.5) {
        let next = facts.date.plus_days(7 * rng.range(3, 6) as i64);
        out.push_str(&format!(
            "{}{close} {}\n  {} {} {} kl {}, {}.\n",
            number + 1,
            if upper {
                "NÄSTA MÖTE"
            } else {
                "Nästa möte"
            },
            capitalize(next.weekday_name()),
            next.day,
            next.month_name(),
            meeting.start.0,
            meeting.room
        ));
        items += 1;
    }
    Rendered {
        text: out,
        attendees: present_names(meeting),
        items,
        decisions,
        actions: rows,
    }
}

/// (d) Bulleted notes ending in an `Att göra:` list.
fn bullets(meeting: &Meeting<'_>, rng: &mut Rng) -> Rendered {
    let facts = meeting.facts;
    let width = meeting.width;
    let mut out = String::with_capacity(4096);
    if facts.body.school {
        out.push_str(&format!("{}\n{}\n", facts.school, facts.body.name));
    } else {
        out.push_str(&format!("{}\n", facts.body.name));
    }
    out.push_str("Mötesanteckningar\n\n");
    let date = if rng.chance(0.5) {
        facts.date.iso()
    } else {
        facts.date.written()
    };
    out.push_str(&format!(
        "Datum: {date}\nTid: {}\nPlats: {}\n",
        time_span(meeting, rng),
        meeting.room
    ));
    wrap(
        &people_list(&meeting.present, |_, _| String::new()),
        width,
        "Närvarande: ",
        "",
        &mut out,
    );
    if !meeting.absent.is_empty() {
        wrap(
            &people_list(&meeting.absent, |_, _| String::new()),
            width,
            "Frånvarande: ",
            "",
            &mut out,
        );
    }
    out.push('\n');
    let bullet = rng.pick(&["•", "-", "–"]);
    let decider = facts.body.decider;
    let mut decisions = 0;
    for (number, item) in meeting.items.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", number + 1, item.title));
        for sentence in &item.sentences {
            wrap(sentence, width, &format!("{bullet} "), "  ", &mut out);
        }
        if let Some(clause) = &item.decision {
            let sentence = if rng.chance(0.5) {
                format!("Beslut: {}", decision_sentence(decider, clause))
            } else {
                format!("Gruppen enades om att {clause}.")
            };
            wrap(&sentence, width, &format!("{bullet} "), "  ", &mut out);
            decisions += 1;
        }
        out.push('\n');
    }
    let todo = rng.range(2, 5);
    out.push_str("Att göra:\n");
    for _ in 0..todo {
        let topic = &TOPICS[rng.below(TOPICS.len())];
        let names: Vec<String> = meeting
            .present
            .iter()
            .map(|p| p.first.to_string())
            .collect();
        let slots = Slots {
            forms: topic.forms,
            people: &names,
            year: facts.date.year,
            city: facts.city,
            needle: None,
        };
        let task = draw_task(topic, &slots, facts, meeting.present.len(), rng);
        let owner = &meeting.present[task.owner];
        let who = if rng.chance(0.5) {
            owner.full()
        } else {
            owner.first.to_string()
        };
        let when = match task.due {
            Due::Unset => String::new(),
            Due::NextMeeting => " till nästa möte".to_string(),
            Due::On(date) => format!(" senast {}", date.iso()),
        };
        wrap(
            &format!("{who}: {} {}{when}", task.verb.0, task.object),
            width,
            "- ",
            "  ",
            &mut out,
        );
    }
    out.push('\n');
    out.push_str(&format!(
        "Antecknat av: {}\n",
        meeting.present[meeting.secretary].full()
    ));
    Rendered {
        text: out,
        attendees: present_names(meeting),
        items: meeting.items.len(),
        decisions,
        actions: todo,
    }
}
