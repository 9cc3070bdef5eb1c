//! A series of meetings with known follow-up: several bodies of one
//! municipality, each meeting every two to five weeks over the years,
//! whose minutes carry recurring matters and actions taken up again later.
//!
//! [`series`] plans every body's meetings first (what each item is about,
//! its *matter*; which actions are given; which later meeting takes an
//! action up again), and only then writes the minutes, in the layouts the
//! body uses. So the truth is known exactly:
//! - a [`Thread`] is a matter with a distinctive name (`Handlingsplan för
//!   studiero på Tallbackaskolan`) that comes back in two to six later
//!   meetings of its body, its title and wording varied as real minutes
//!   vary them;
//! - a [`FollowUp`] is one action with the items that take its matter up
//!   in the next three meetings of its body (and in its body's meeting on
//!   the action's due date, if one is held that day): an `Återkoppling: …`
//!   item planned in one of the next three meetings, or the next
//!   appearances of the action's thread. Half the actions on one-off
//!   matters are never taken up; their evidence is empty.
//!
//! One-off matters draw on the topic vocabularies of `data.rs`. A body does
//! not take a topic up again within four meetings unless it is the same
//! matter, and a thread's topic and kind of work (`Handlingsplan`,
//! `Förstudie`) are its own while the thread runs, so two unrelated
//! matters close in time share few rare words. They still share the
//! common vocabulary of minutes, the boilerplate of a layout (`får i
//! uppdrag att … till nämndens sammanträde`), the schools named in
//! passing, and the words some topics have in common (`barngruppernas
//! storlek i förskolan`); a later thread may be of the same kind.
//!
//! The series is a pure function of its configuration, like the corpus:
//! each body is planned from its own generator and each document written
//! from its own (see `rng.rs`).

use std::collections::VecDeque;

use serde::Serialize;

use crate::data::{
    ADMINISTRATIONS, BODIES, Body, DECISION_TAILS, GENERIC_SENTENCES, Layout, MEETING_ROOMS,
    MUNICIPALITIES, NEEDLE_PREFIXES, NEEDLE_SENTENCES, NEEDLE_SUFFIXES, TASK_VERBS, TOPICS, Topic,
};
use crate::render::{Due, Person, draw_people, field};
use crate::rng::Rng;
use crate::text::{Date, Slots, capitalize, fill, slug, wrap};
use crate::{Minutes, Truth};

/// What series to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesConfig {
    /// Number of meetings, over all bodies.
    pub meetings: usize,
    pub seed: u64,
}

impl Default for SeriesConfig {
    fn default() -> SeriesConfig {
        SeriesConfig {
            meetings: 1000,
            seed: 1,
        }
    }
}

/// A generated series and its truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// In date order; file names are unique and sort in that order.
    pub minutes: Vec<Minutes>,
    /// What each of `minutes` holds (same order).
    pub contents: Vec<Contents>,
    /// Every action, in meeting order, with the items that follow it up.
    pub follow_ups: Vec<FollowUp>,
    /// The recurring matters with distinctive names.
    pub threads: Vec<Thread>,
    /// One-off matters taken up again: the item an action was given under
    /// and the follow-up items on it.
    pub recurring: Vec<Thread>,
    /// Per body and subject (`Skolmåltider`, `Kränkande behandling`), every
    /// item about it, of any matter: what a reader would call one topic
    /// over the years. Subjects of two items or more.
    pub subjects: Vec<Thread>,
}

/// What a careful reader lists from one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contents {
    /// Item titles in document order, procedural ones included.
    pub items: Vec<String>,
    /// Action texts in document order, as the minutes write them: the
    /// sentence, the `Vad` cell of a table, the task after `Anna:` in an
    /// `Att göra` list.
    pub actions: Vec<String>,
}

/// One action and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub action_file: String,
    /// As in [`Contents::actions`].
    pub action_text: String,
    /// The title of the item whose matter the action is on.
    pub action_item: String,
    /// (file, item title) of the items on the action's matter in the next
    /// three meetings of its body and in its meeting on the due date, in
    /// date order; empty when none takes it up.
    pub evidence: Vec<(String, String)>,
}

/// Items about one matter across meetings: (file, item title), in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thread {
    pub items: Vec<(String, String)>,
}

// Generator streams, apart from the corpus's (1–6).
const BODY_CHOICE: u64 = 20;
const PLAN: u64 = 21;
const WRITE: u64 = 22;
const PLACES: u64 = 23;

/// How many bodies a series has.
const BODY_COUNT: usize = 5;
/// How many meetings after an action its follow-up is looked for (as the
/// follow-up does).
const WINDOW: usize = 3;
/// A topic used by a body is not used again for another matter within
/// this many meetings.
const TOPIC_REST: usize = 4;

/// A thread's kind of work: indefinite and definite form, and the
/// preposition before its topic.
const KINDS: &[(&str, &str, &str)] = &[
    ("Handlingsplan", "handlingsplanen", "för"),
    ("Utredning", "utredningen", "om"),
    ("Översyn", "översynen", "av"),
    ("Kartläggning", "kartläggningen", "av"),
    ("Pilotprojekt", "pilotprojektet", "med"),
    ("Förstudie", "förstudien", "om"),
    ("Utvecklingsarbete", "utvecklingsarbetet", "med"),
    ("Åtgärdsprogram", "åtgärdsprogrammet", "för"),
    ("Samverkansprojekt", "samverkansprojektet", "om"),
    ("Försöksverksamhet", "försöksverksamheten", "med"),
];

/// What a thread's items say about its work; `{K}` is the kind, definite.
const KIND_SENTENCES: &[&str] = &[
    "Arbetet med {K} följer den tidplan som presenterades i {month}.",
    "{person} redogjorde för hur {K} har fortskridit sedan förra mötet.",
    "I {K} ingår även samtal med elever och vårdnadshavare.",
    "{K} har fått ökat fokus under {term}.",
    "Referensgruppen för {K} har träffats {n} gånger.",
    "Ett första utkast i {K} har skickats på remiss till de fackliga organisationerna.",
    "Kostnaderna för {K} ryms inom den ram som avsatts för {year}.",
];

/// What is decided on a thread, after `beslutar att`.
const KIND_DECISIONS: &[&str] = &[
    "godkänna lägesrapporten om {K} {r} {X}",
    "lägga lägesrapporten om {K} till handlingarna",
    "ställa sig bakom inriktningen för {K} {r} {X}",
];

/// Tasks on a thread: a [`TASK_VERBS`] infinitive, `|`, the object.
const KIND_TASKS: &[&str] = &[
    "ta fram|en tidplan för {K} {r} {X}",
    "sammanställa|kostnaderna för {K} {r} {X}",
    "bjuda in|berörda rektorer till ett möte om {K}",
    "revidera|{K} inför nästa läsår",
    "följa upp|{K} {r} {X} efter {term}",
    "undersöka|om {K} kan omfatta fler enheter än {X}",
];

/// How a follow-up item reports on its action.
const OUTCOMES: &[&str] = &[
    "Arbetet är klart och redovisades för gruppen.",
    "Arbetet har påbörjats men är inte avslutat.",
    "En första version finns och har skickats till rektorerna.",
    "Underlaget är klart och har stämts av med verksamhetscheferna.",
    "Det har inte funnits tid att slutföra arbetet, som fortsätter under {term}.",
];

/// A body of the series: who sits in it and when it meets.
struct SeriesBody {
    body: &'static Body,
    /// The layout its secretary mostly writes.
    layout: Layout,
    /// Members, and for a protocol the two officials present (the second
    /// keeps the minutes).
    roster: Vec<Person>,
    staff: Vec<Person>,
    room: &'static str,
    dates: Vec<Date>,
}

/// What an item is about.
enum Matter {
    OneOff {
        topic: usize,
    },
    Thread {
        topic: usize,
        kind: usize,
        place: String,
        prep: &'static str,
    },
}

impl Matter {
    fn topic(&self) -> usize {
        match self {
            Matter::OneOff { topic } | Matter::Thread { topic, .. } => *topic,
        }
    }
}

struct Item {
    title: String,
    matter: usize,
    /// A follow-up of an action.
    feedback: bool,
    presenter: Option<usize>,
    sentences: Vec<String>,
    decision: Option<String>,
}

struct Action {
    /// Index into the meeting's items.
    item: usize,
    /// Index into the people present.
    owner: usize,
    verb: (&'static str, &'static str, &'static str),
    object: String,
    due: Due,
}

struct Meeting {
    body: usize,
    position: usize,
    date: Date,
    layout: Layout,
    present: Vec<Person>,
    absent: Vec<Person>,
    items: Vec<Item>,
    actions: Vec<Action>,
}

/// An item planned for a later meeting of a body.
enum Planned {
    /// The `appearance`th item of a thread.
    Thread { matter: usize, appearance: usize },
    /// Feedback on an action given earlier.
    FollowUp {
        matter: usize,
        /// The task, with its verb's infinitive (`ta fram en plan …`).
        task: String,
        object: String,
        title: String,
        owner: &'static str,
        given: Date,
    },
}

/// Bodies that decide formally, lead, and work on one question.
fn choose_bodies(seed: u64, count: usize) -> Vec<&'static Body> {
    let mut rng = Rng::derive(seed, BODY_CHOICE, 0);
    let kinds: [fn(&Body) -> bool; 3] = [
        |b| b.layouts == [Layout::Protocol],
        |b| b.layouts[0] == Layout::Notes,
        |b| b.layouts[0] == Layout::Table && !b.school,
    ];
    let mut pools: Vec<Vec<&'static Body>> = kinds
        .iter()
        .map(|kind| BODIES.iter().filter(|b| kind(b)).collect())
        .collect();
    for pool in &mut pools {
        rng.shuffle(pool);
    }
    (0..count)
        .map(|i| {
            let pool = &mut pools[[0, 1, 2, 1, 2][i % 5]];
            pool.pop().expect("enough bodies of each kind")
        })
        .collect()
}

/// Every two to five weeks on one weekday, no meetings in July.
fn meeting_dates(rng: &mut Rng, count: usize) -> Vec<Date> {
    // 2012-01-09 is a Monday.
    let mut date = Date {
        year: 2012,
        month: 1,
        day: 9,
    }
    .plus_days((rng.below(5) + 7 * rng.below(4)) as i64);
    let mut dates = Vec::with_capacity(count);
    for _ in 0..count {
        dates.push(date);
        date = date.plus_days(7 * rng.range(2, 5) as i64);
        while date.month == 7 {
            date = date.plus_days(7);
        }
    }
    dates
}

/// Invented places for threads, each used once until all are used.
struct Places {
    order: Vec<(usize, usize)>,
    used: Vec<bool>,
}

impl Places {
    fn new(seed: u64) -> Places {
        let mut order: Vec<(usize, usize)> = (0..NEEDLE_PREFIXES.len())
            .flat_map(|p| (0..NEEDLE_SUFFIXES.len()).map(move |s| (p, s)))
            .collect();
        Rng::derive(seed, PLACES, 0).shuffle(&mut order);
        let used = vec![false; order.len()];
        Places { order, used }
    }

    /// The next unused place a topic can be about, and its preposition.
    fn take(&mut self, topic: &Topic) -> (String, &'static str) {
        loop {
            let found =
                self.order.iter().enumerate().position(|(i, &(_, s))| {
                    !self.used[i] && NEEDLE_SUFFIXES[s].1 & topic.places != 0
                });
            if let Some(i) = found {
                self.used[i] = true;
                let (prefix, suffix) = self.order[i];
                let (ending, _, prep) = NEEDLE_SUFFIXES[suffix];
                return (
                    format!("{}{ending}", NEEDLE_PREFIXES[prefix]),
                    topic.prep.unwrap_or(prep),
                );
            }
            assert!(topic.places != 0, "{} is about no place", topic.lemma);
            self.used.iter_mut().for_each(|u| *u = false);
        }
    }
}

/// How much a layout writes: items per meeting and the chance of a
/// decision on an item (actions are drawn per layout in `plan_actions`).
fn items_and_decisions(layout: Layout) -> ((usize, usize), f64) {
    match layout {
        Layout::Notes => ((4, 7), 0.35),
        Layout::Protocol => ((3, 6), 1.0),
        Layout::Table => ((3, 5), 0.3),
        Layout::Bullets => ((4, 6), 0.3),
    }
}

/// Generates a series.
pub fn series(config: &SeriesConfig) -> Series {
    let seed = config.seed;
    let chosen = choose_bodies(seed, BODY_COUNT);
    let (city, organization) = Rng::derive(seed, BODY_CHOICE, 1).pick(MUNICIPALITIES);
    let bodies: Vec<SeriesBody> = chosen
        .iter()
        .enumerate()
        .map(|(index, &body)| {
            let mut rng = Rng::derive(seed, BODY_CHOICE, 2 + index as u64);
            let share =
                config.meetings / BODY_COUNT + usize::from(index < config.meetings % BODY_COUNT);
            let size = rng.range(8, 12) + 2;
            let mut people = draw_people(&mut rng, size);
            let staff = people.split_off(people.len() - 2);
            SeriesBody {
                body,
                layout: body.layouts[0],
                roster: people,
                staff,
                room: rng.pick(MEETING_ROOMS),
                dates: meeting_dates(&mut rng, share),
            }
        })
        .collect();

    let mut matters: Vec<Matter> = Vec::new();
    let mut places = Places::new(seed);
    let mut meetings: Vec<Meeting> = Vec::new();
    for index in 0..bodies.len() {
        plan_body(
            seed,
            city,
            index,
            &bodies,
            &mut matters,
            &mut places,
            &mut meetings,
        );
    }
    meetings.sort_by_key(|m| (m.date.iso(), m.body));

    let file_names: Vec<String> = meetings
        .iter()
        .enumerate()
        .map(|(i, m)| {
            format!(
                "{i:06}-{}-{}-{}.txt",
                slug(city),
                slug(bodies[m.body].body.name),
                m.date.iso()
            )
        })
        .collect();
    let mut minutes = Vec::with_capacity(meetings.len());
    let mut contents = Vec::with_capacity(meetings.len());
    // Per meeting: the written title of each planned item, and the written
    // text of each action.
    let mut written: Vec<(Vec<String>, Vec<String>)> = Vec::with_capacity(meetings.len());
    for (index, meeting) in meetings.iter().enumerate() {
        let body = &bodies[meeting.body];
        let mut rng = Rng::derive(seed, WRITE, index as u64);
        let page = Page {
            organization,
            body,
            meeting,
        };
        let document = match meeting.layout {
            Layout::Notes => notes(&page, &mut rng),
            Layout::Protocol => protocol(&page, &mut rng),
            Layout::Table => table(&page, &mut rng),
            Layout::Bullets => bullets(&page, &mut rng),
        };
        let decisions = document.decisions;
        minutes.push(Minutes {
            file_name: file_names[index].clone(),
            text: document.text,
            noisy: false,
            truth: Truth {
                date: meeting.date.iso(),
                body: body.body.name.to_string(),
                attendees: meeting.present.iter().map(Person::full).collect(),
                items: document.items.len(),
                decisions,
                actions: meeting.actions.len(),
            },
        });
        written.push((
            meeting.items.iter().map(|i| i.title.clone()).collect(),
            document.actions.clone(),
        ));
        contents.push(Contents {
            items: document.items,
            actions: document.actions,
        });
    }

    // The truth, from the plan: which items share a matter.
    let mut by_body: Vec<Vec<usize>> = vec![Vec::new(); bodies.len()];
    for (index, meeting) in meetings.iter().enumerate() {
        by_body[meeting.body].push(index);
    }
    let mut follow_ups = Vec::new();
    for (index, meeting) in meetings.iter().enumerate() {
        let ours = &by_body[meeting.body];
        for (number, action) in meeting.actions.iter().enumerate() {
            let matter = meeting.items[action.item].matter;
            let mut window: Vec<usize> = ours
                .iter()
                .copied()
                .filter(|&m| meetings[m].position > meeting.position)
                .take(WINDOW)
                .collect();
            if let Due::On(due) = action.due
                && let Some(&on_the_day) = ours
                    .iter()
                    .find(|&&m| meetings[m].date == due && meetings[m].position > meeting.position)
                && !window.contains(&on_the_day)
            {
                window.push(on_the_day);
            }
            let mut evidence = Vec::new();
            for &m in &window {
                for (i, item) in meetings[m].items.iter().enumerate() {
                    if item.matter == matter {
                        evidence.push((file_names[m].clone(), written[m].0[i].clone()));
                    }
                }
            }
            follow_ups.push(FollowUp {
                action_file: file_names[index].clone(),
                action_text: written[index].1[number].clone(),
                action_item: written[index].0[action.item].clone(),
                evidence,
            });
        }
    }
    let mut items_of: Vec<Vec<(String, String)>> = vec![Vec::new(); matters.len()];
    let mut followed: Vec<bool> = vec![false; matters.len()];
    let mut subjects: Vec<Vec<Vec<(String, String)>>> =
        vec![vec![Vec::new(); TOPICS.len()]; bodies.len()];
    for (index, meeting) in meetings.iter().enumerate() {
        for (i, item) in meeting.items.iter().enumerate() {
            let written_item = (file_names[index].clone(), written[index].0[i].clone());
            subjects[meeting.body][matters[item.matter].topic()].push(written_item.clone());
            items_of[item.matter].push(written_item);
            followed[item.matter] |= item.feedback;
        }
    }
    let subjects: Vec<Thread> = subjects
        .into_iter()
        .flatten()
        .filter(|items| items.len() >= 2)
        .map(|items| Thread { items })
        .collect();
    let mut threads = Vec::new();
    let mut recurring = Vec::new();
    for (matter, items) in matters.iter().zip(items_of) {
        if items.len() < 2 {
            continue;
        }
        match matter {
            Matter::Thread { .. } => threads.push(Thread { items }),
            Matter::OneOff { .. } => recurring.push(Thread { items }),
        }
    }
    debug_assert!(
        matters
            .iter()
            .zip(&followed)
            .all(|(m, &f)| !f || matches!(m, Matter::OneOff { .. }))
    );
    Series {
        minutes,
        contents,
        follow_ups,
        threads,
        recurring,
        subjects,
    }
}

/// Plans the meetings of body `index`, in its date order.
fn plan_body(
    seed: u64,
    city: &'static str,
    index: usize,
    bodies: &[SeriesBody],
    matters: &mut Vec<Matter>,
    places: &mut Places,
    meetings: &mut Vec<Meeting>,
) {
    let body = &bodies[index];
    let mut rng = Rng::derive(seed, PLAN, index as u64);
    let count = body.dates.len();
    let mut planned: Vec<Vec<Planned>> = (0..count).map(|_| Vec::new()).collect();
    // Topics of the last meetings, and topics held by a matter that comes
    // back (until the position it last does).
    let mut recent: VecDeque<Vec<usize>> = VecDeque::new();
    let mut held: Vec<(usize, usize)> = Vec::new();
    // Kinds of work of the threads running, likewise: two threads running
    // at once are not both a `Samverkansprojekt`.
    let mut kinds_held: Vec<(usize, usize)> = Vec::new();
    for position in 0..count {
        let date = body.dates[position];
        let layout = if rng.chance(0.85) {
            body.layout
        } else {
            rng.pick(body.body.layouts)
        };
        let mut order: Vec<usize> = (0..body.roster.len()).collect();
        rng.shuffle(&mut order);
        let absent_count = rng.range(0, 2);
        let mut absent_ids: Vec<usize> = order[..absent_count].to_vec();
        absent_ids.sort_unstable();
        let present: Vec<Person> = (0..body.roster.len())
            .filter(|i| !absent_ids.contains(i))
            .map(|i| body.roster[i])
            .collect();
        let absent: Vec<Person> = absent_ids.iter().map(|&i| body.roster[i]).collect();
        let first_names: Vec<String> = present.iter().map(|p| p.first.to_string()).collect();
        let slots = |topic: usize| Slots {
            forms: TOPICS[topic].forms,
            people: &first_names,
            year: date.year,
            city,
            needle: None,
        };
        held.retain(|&(_, until)| until >= position);
        kinds_held.retain(|&(_, until)| until >= position);
        let ((least, most), decision_chance) = items_and_decisions(layout);
        let decision_chance = if layout == Layout::Protocol {
            1.0
        } else {
            decision_chance
        };

        let mut feedback: Vec<Item> = Vec::new();
        let mut items: Vec<Item> = Vec::new();
        for plan in std::mem::take(&mut planned[position]) {
            match plan {
                Planned::Thread { matter, appearance } => {
                    let topic = matters[matter].topic();
                    items.push(thread_item(
                        &matters[matter],
                        matter,
                        appearance,
                        &slots(topic),
                        decision_chance,
                        &mut rng,
                    ));
                }
                Planned::FollowUp {
                    matter,
                    task,
                    object,
                    title,
                    owner,
                    given,
                } => {
                    if feedback.iter().any(|item| item.matter == matter) {
                        continue;
                    }
                    let topic = matters[matter].topic();
                    let owner = if first_names.iter().any(|n| n == owner) {
                        owner
                    } else {
                        "Förvaltningen"
                    };
                    feedback.push(feedback_item(
                        matter,
                        topic,
                        (&task, &object, &title),
                        owner,
                        given,
                        &slots(topic),
                        decision_chance,
                        &mut rng,
                    ));
                }
            }
        }
        let mut topics_here: Vec<usize> = feedback
            .iter()
            .chain(&items)
            .map(|item| matters[item.matter].topic())
            .collect();
        let free =
            |topics_here: &[usize], held: &[(usize, usize)], recent: &VecDeque<Vec<usize>>| {
                let taken = |t: usize| {
                    topics_here.contains(&t)
                        || held.iter().any(|&(h, _)| h == t)
                        || recent.iter().any(|r| r.contains(&t))
                };
                let free: Vec<usize> = (0..TOPICS.len()).filter(|&t| !taken(t)).collect();
                if free.is_empty() {
                    (0..TOPICS.len())
                        .filter(|t| !topics_here.contains(t))
                        .collect()
                } else {
                    free
                }
            };
        // A new thread starts now and then.
        if rng.chance(0.3) {
            let mut topics = free(&topics_here, &held, &recent);
            // Some topics are about no place.
            topics.retain(|&t| TOPICS[t].places != 0);
            let topic = rng.pick(&topics);
            let (place, prep) = places.take(&TOPICS[topic]);
            let mut kinds: Vec<usize> = (0..KINDS.len())
                .filter(|k| kinds_held.iter().all(|(held, _)| held != k))
                .collect();
            if kinds.is_empty() {
                kinds = (0..KINDS.len()).collect();
            }
            let kind = rng.pick(&kinds);
            let matter = matters.len();
            matters.push(Matter::Thread {
                topic,
                kind,
                place,
                prep,
            });
            let mut at = position;
            for appearance in 1..=rng.range(2, 6) {
                at += rng.range(1, 4);
                if at >= count {
                    break;
                }
                planned[at].push(Planned::Thread { matter, appearance });
                held.push((topic, at));
                kinds_held.push((kind, at));
            }
            items.push(thread_item(
                &matters[matter],
                matter,
                0,
                &slots(topic),
                decision_chance,
                &mut rng,
            ));
            topics_here.push(topic);
        }
        let wanted = rng.range(least, most);
        while feedback.len() + items.len() < wanted.max(3) {
            let topic = rng.pick(&free(&topics_here, &held, &recent));
            let matter = matters.len();
            matters.push(Matter::OneOff { topic });
            items.push(one_off_item(
                topic,
                matter,
                &slots(topic),
                decision_chance,
                &mut rng,
            ));
            topics_here.push(topic);
        }
        rng.shuffle(&mut items);
        // Feedback on earlier actions mostly comes first.
        if rng.chance(0.6) {
            feedback.append(&mut items);
            items = feedback;
        } else {
            items.append(&mut feedback);
            rng.shuffle(&mut items);
        }

        let actions = plan_actions(
            layout,
            &items,
            matters,
            present.len(),
            date,
            &slots,
            &mut rng,
        );
        for action in &actions {
            let item = &items[action.item];
            let matter = item.matter;
            // Half the actions on one-off matters are taken up again in one
            // of the next three meetings; a thread is taken up by itself.
            if !matches!(matters[matter], Matter::OneOff { .. }) || !rng.chance(0.5) {
                continue;
            }
            let gap = match rng.below(20) {
                0..=11 => 1,
                12..=16 => 2,
                _ => 3,
            };
            if position + gap >= count {
                continue;
            }
            planned[position + gap].push(Planned::FollowUp {
                matter,
                task: format!("{} {}", action.verb.0, action.object),
                object: action.object.clone(),
                title: item.title.clone(),
                owner: present[action.owner].first,
                given: date,
            });
            held.push((matters[matter].topic(), position + gap));
        }
        recent.push_back(topics_here);
        if recent.len() > TOPIC_REST {
            recent.pop_front();
        }
        meetings.push(Meeting {
            body: index,
            position,
            date,
            layout,
            present,
            absent,
            items,
            actions,
        });
    }
}

/// A verb and object from a `verb|object` template.
fn task(template: &str) -> ((&'static str, &'static str, &'static str), &str) {
    let (verb, object) = template.split_once('|').expect("tasks are verb|object");
    let verb = *TASK_VERBS
        .iter()
        .find(|(infinitive, _, _)| *infinitive == verb)
        .expect("task verbs are listed in TASK_VERBS");
    (verb, object)
}

/// Who gets what to do: in notes and protocols a task inside an item, in
/// a table or an `Att göra` list two to four tasks on the items.
fn plan_actions<'a>(
    layout: Layout,
    items: &[Item],
    matters: &[Matter],
    present: usize,
    date: Date,
    slots: &dyn Fn(usize) -> Slots<'a>,
    rng: &mut Rng,
) -> Vec<Action> {
    let chosen: Vec<usize> = match layout {
        Layout::Notes => (0..items.len()).filter(|_| rng.chance(0.45)).collect(),
        Layout::Protocol => (0..items.len()).filter(|_| rng.chance(0.35)).collect(),
        Layout::Table | Layout::Bullets => {
            let mut order: Vec<usize> = (0..items.len()).collect();
            rng.shuffle(&mut order);
            order.truncate(rng.range(2, 4).min(items.len()));
            order.sort_unstable();
            order
        }
    };
    chosen
        .into_iter()
        .map(|item| {
            let matter = &matters[items[item].matter];
            let topic = matter.topic();
            let slots = slots(topic);
            let (verb, object) = match matter {
                Matter::OneOff { .. } => {
                    let (verb, object) = task(rng.pick(TOPICS[topic].tasks));
                    (verb, fill(object, &slots, rng))
                }
                Matter::Thread {
                    kind, place, prep, ..
                } => {
                    let (verb, object) = task(rng.pick(KIND_TASKS));
                    let object = object
                        .replace("{K}", KINDS[*kind].1)
                        .replace("{r}", prep)
                        .replace("{X}", place);
                    (verb, fill(&object, &slots, rng))
                }
            };
            let due = match rng.below(3) {
                0 => Due::Unset,
                1 => Due::NextMeeting,
                _ => Due::On(date.plus_days(rng.range(10, 60) as i64)),
            };
            Action {
                item,
                owner: rng.below(present),
                verb,
                object,
                due,
            }
        })
        .collect()
}

/// `n` sentences on a topic, topic ones first and mostly, no template twice.
fn topic_sentences(topic: &Topic, slots: &Slots<'_>, n: usize, rng: &mut Rng) -> Vec<String> {
    let mut used: Vec<(bool, usize)> = Vec::with_capacity(n);
    let mut sentences = Vec::with_capacity(n);
    while sentences.len() < n {
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
    sentences
}

fn topic_decision(topic: &Topic, slots: &Slots<'_>, rng: &mut Rng) -> String {
    let mut clause = fill(rng.pick(topic.decisions), slots, rng);
    if rng.chance(0.5) {
        clause.push_str(&fill(rng.pick(DECISION_TAILS), slots, rng));
    }
    clause
}

fn one_off_item(
    topic: usize,
    matter: usize,
    slots: &Slots<'_>,
    decision: f64,
    rng: &mut Rng,
) -> Item {
    let topic = &TOPICS[topic];
    let count = rng.range(2, 4);
    Item {
        title: fill(rng.pick(topic.titles), slots, rng),
        matter,
        feedback: false,
        presenter: rng.chance(0.5).then(|| rng.below(slots.people.len())),
        sentences: topic_sentences(topic, slots, count, rng),
        decision: rng
            .chance(decision)
            .then(|| topic_decision(topic, slots, rng)),
    }
}

/// An item of a thread: the first one names the matter in full, later
/// ones as minutes do, shorter and each in its own way.
fn thread_item(
    matter: &Matter,
    id: usize,
    appearance: usize,
    slots: &Slots<'_>,
    decision: f64,
    rng: &mut Rng,
) -> Item {
    let Matter::Thread {
        topic,
        kind,
        place,
        prep,
    } = matter
    else {
        unreachable!("a thread item is on a thread")
    };
    let topic = &TOPICS[*topic];
    let (kind_name, kind_definite, kind_prep) = KINDS[*kind];
    let about = if kind_prep == "av" {
        topic.forms[1]
    } else {
        topic.forms[0]
    };
    let variant = if appearance == 0 { 0 } else { rng.below(7) };
    let title = match variant {
        0 => format!("{kind_name} {kind_prep} {about} {prep} {place}"),
        1 => format!("{kind_name} {kind_prep} {about} {prep} {place} – lägesrapport"),
        2 => format!("Lägesrapport om {kind_definite} {prep} {place}"),
        3 => format!("{} {prep} {place}", capitalize(topic.forms[1])),
        4 => format!("Uppföljning av {kind_definite} {kind_prep} {about}"),
        5 => format!("{place} – {kind_definite} {kind_prep} {about}"),
        _ => format!("{kind_name} {about}, fortsatt diskussion"),
    };
    let kind_slots = |template: &str, rng: &mut Rng| {
        let template = template
            .replace("{K}", kind_definite)
            .replace("{r}", prep)
            .replace("{X}", place);
        fill(&template, slots, rng)
    };
    let mut sentences = vec![
        fill(
            rng.pick(NEEDLE_SENTENCES),
            &Slots {
                needle: Some((topic.forms[1], prep, place)),
                ..*slots
            },
            rng,
        ),
        capitalize(&kind_slots(rng.pick(KIND_SENTENCES), rng)),
    ];
    let more = rng.range(1, 2);
    sentences.extend(topic_sentences(topic, slots, more, rng));
    rng.shuffle(&mut sentences);
    let decision = rng.chance(decision).then(|| {
        if rng.chance(0.7) {
            kind_slots(rng.pick(KIND_DECISIONS), rng)
        } else {
            topic_decision(topic, slots, rng)
        }
    });
    Item {
        title,
        matter: id,
        feedback: false,
        presenter: rng.chance(0.5).then(|| rng.below(slots.people.len())),
        sentences,
        decision,
    }
}

/// `en plan för …` → `plan för …`: an object as a title says it.
fn bare(object: &str) -> &str {
    object
        .strip_prefix("en ")
        .or_else(|| object.strip_prefix("ett "))
        .unwrap_or(object)
}

/// Feedback on an action: the matter's title reworded, what was done.
#[allow(clippy::too_many_arguments)]
fn feedback_item(
    matter: usize,
    topic: usize,
    (task, object, title): (&str, &str, &str),
    owner: &str,
    given: Date,
    slots: &Slots<'_>,
    decision: f64,
    rng: &mut Rng,
) -> Item {
    let topic = &TOPICS[topic];
    // Another title of the topic than the one the action was given under.
    let other = {
        let titles: Vec<&str> = topic.titles.to_vec();
        let pick = rng.pick(&titles);
        let filled = fill(pick, slots, rng);
        if filled == title {
            title.to_string()
        } else {
            filled
        }
    };
    let title = match rng.below(5) {
        0 | 1 => format!("Återkoppling: {}", bare(object)),
        2 => format!("Återkoppling – {other}"),
        3 => format!("{other} (återkoppling)"),
        _ => format!("Återrapportering: {}", bare(object)),
    };
    let mut sentences = vec![
        format!(
            "{owner} återkopplade om uppdraget att {task} som gavs den {} {}.",
            given.day,
            given.month_name()
        ),
        fill(rng.pick(OUTCOMES), slots, rng),
    ];
    sentences.extend(topic_sentences(topic, slots, rng.range(0, 1), rng));
    let decision = rng.chance(decision).then(|| {
        if rng.chance(0.5) {
            "lägga återrapporteringen till handlingarna".to_string()
        } else {
            topic_decision(topic, slots, rng)
        }
    });
    Item {
        title,
        matter,
        feedback: true,
        presenter: None,
        sentences,
        decision,
    }
}

/// What one document is written from.
struct Page<'a> {
    organization: &'static str,
    body: &'a SeriesBody,
    meeting: &'a Meeting,
}

/// A written document and what a reader lists from it.
struct Document {
    text: String,
    items: Vec<String>,
    decisions: usize,
    /// Per planned action, in plan order (which is document order).
    actions: Vec<String>,
}

fn due_text(due: Due) -> String {
    match due {
        Due::Unset => String::new(),
        Due::NextMeeting => " till nästa möte".to_string(),
        Due::On(date) => format!(" senast den {} {}", date.day, date.month_name()),
    }
}

fn clock(t: (usize, usize)) -> String {
    format!("{:02}.{:02}", t.0, t.1)
}

/// Start and end of a meeting.
fn hours(rng: &mut Rng) -> ((usize, usize), (usize, usize)) {
    let start = (rng.range(8, 15), rng.pick(&[0, 0, 0, 15, 30]));
    let minutes = start.0 * 60 + start.1 + 30 * rng.range(2, 6);
    (start, (minutes / 60, minutes % 60))
}

fn time_span(start: (usize, usize), end: (usize, usize), rng: &mut Rng) -> String {
    let dash = rng.pick(&["–", "-", " - "]);
    format!("{}{dash}{}", clock(start), clock(end))
}

/// `Tisdagen den 10 november 2020`, `10 november 2020`, …
fn written_date(date: Date, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!(
            "{}en den {}",
            capitalize(date.weekday_name()),
            date.written()
        ),
        1 => format!("{} {}", capitalize(date.weekday_name()), date.written()),
        _ => date.written(),
    }
}

fn people_list(people: &[Person]) -> String {
    people
        .iter()
        .map(Person::full)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Informal notes, one task inside an item at most.
fn notes(page: &Page<'_>, rng: &mut Rng) -> Document {
    let meeting = page.meeting;
    let body = page.body.body;
    let width = rng.range(76, 96);
    let mut out = String::with_capacity(4096);
    if rng.chance(0.7) {
        out.push_str(rng.pick(ADMINISTRATIONS));
        out.push_str("\n\n");
    }
    out.push_str(body.name);
    out.push('\n');
    out.push_str(rng.pick(&["Minnesanteckningar\n", "Mötesanteckningar\n", ""]));
    out.push('\n');
    let (start, end) = hours(rng);
    if rng.chance(0.3) {
        out.push_str(&format!(
            "Datum: {}\nTid: {}\n",
            meeting.date.iso(),
            time_span(start, end, rng)
        ));
    } else {
        let date = written_date(meeting.date, rng);
        out.push_str(&format!("{date}, {}\n", time_span(start, end, rng)));
    }
    out.push_str(&format!("Plats: {}\n\n", page.body.room));
    let secretary = rng.below(meeting.present.len());
    wrap(
        &people_list(&meeting.present),
        width,
        "Närvarande: ",
        "",
        &mut out,
    );
    if !meeting.absent.is_empty() {
        wrap(
            &people_list(&meeting.absent),
            width,
            "Frånvarande: ",
            "",
            &mut out,
        );
    }
    out.push_str(&format!(
        "Antecknare: {}\n\n",
        meeting.present[secretary].full()
    ));
    let decider = body.decider;
    let mut decisions = 0;
    let mut actions = Vec::new();
    for (number, item) in meeting.items.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", number + 1, item.title));
        if let Some(presenter) = item.presenter.map(|p| &meeting.present[p]) {
            out.push_str(&format!("Föredragande: {}\n", presenter.full()));
        }
        wrap(&item.sentences.join(" "), width, "", "", &mut out);
        if let Some(clause) = &item.decision {
            if rng.chance(0.6) {
                out.push_str(&format!("Beslut: {decider} beslutar att {clause}.\n"));
            } else {
                out.push('\n');
                wrap(
                    &format!("{decider} tog beslut om att {clause}."),
                    width,
                    "",
                    "",
                    &mut out,
                );
            }
            decisions += 1;
        }
        for action in meeting.actions.iter().filter(|a| a.item == number) {
            let owner = &meeting.present[action.owner];
            let due = due_text(action.due);
            out.push('\n');
            let style = rng.below(3);
            let text = match style {
                0 => format!("{} {} {}{due}.", owner.first, action.verb.1, action.object),
                1 => format!(
                    "Nästa steg är att {} {} {}{due}.",
                    owner.first, action.verb.1, action.object
                ),
                _ => format!("{} {}{due}.", capitalize(&action.object), action.verb.2),
            };
            wrap(&text, width, "", "", &mut out);
            if style == 2 {
                out.push_str(&format!("Ansvarig: {}\n", owner.full()));
            }
            actions.push(text);
        }
        out.push('\n');
    }
    Document {
        text: out,
        items: meeting.items.iter().map(|i| i.title.clone()).collect(),
        decisions,
        actions,
    }
}

/// A formal protocol: `§` paragraphs, a decision on every item, tasks
/// given to the administration.
fn protocol(page: &Page<'_>, rng: &mut Rng) -> Document {
    let meeting = page.meeting;
    let body = page.body.body;
    let width = rng.range(76, 86);
    let mut out = String::with_capacity(5000);
    let title = rng.pick(&["SAMMANTRÄDESPROTOKOLL", "PROTOKOLL"]);
    out.push_str(&format!(
        "{:<46}{title}\n",
        page.organization.to_uppercase()
    ));
    out.push_str(&format!(
        "{:<46}Sammanträdesdatum {}\n\n",
        body.name,
        meeting.date.iso()
    ));
    let (start, end) = hours(rng);
    field(
        &mut out,
        "Plats och tid",
        &[format!(
            "{}, kl. {}–{}",
            page.body.room,
            clock(start),
            clock(end)
        )],
    );
    let member = |i: usize, p: &Person| {
        let role = match i {
            0 => ", ordförande",
            1 => ", vice ordförande",
            _ => "",
        };
        format!("{} ({}){role}", p.full(), p.party)
    };
    let listed: Vec<String> = meeting
        .present
        .iter()
        .enumerate()
        .map(|(i, p)| member(i, p))
        .collect();
    field(&mut out, "Beslutande", &listed);
    let staff: Vec<String> = page
        .body
        .staff
        .iter()
        .zip(["förvaltningschef", "nämndsekreterare"])
        .map(|(p, role)| format!("{}, {role}", p.full()))
        .collect();
    field(&mut out, "Övriga närvarande", &staff);
    let adjuster = &meeting.present[rng.range(1, meeting.present.len() - 1)];
    field(
        &mut out,
        "Justerare",
        &[format!("{} ({})", adjuster.full(), adjuster.party)],
    );
    let secretary = page.body.staff[1].full();
    field(&mut out, "Sekreterare", std::slice::from_ref(&secretary));
    let first = rng.range(1, 140);
    let procedural = rng.chance(0.6);
    let last = first + meeting.items.len() - usize::from(!procedural);
    field(&mut out, "Paragrafer", &[format!("{first}–{last}")]);

    let decider = body.decider;
    let mut number = first;
    let mut items = Vec::new();
    let mut actions = Vec::new();
    if procedural {
        out.push_str(&format!(
            "§ {number}\n\nGodkännande av dagordning\n\nBeslut\nDagordningen godkänns.\n\n"
        ));
        number += 1;
        items.push("Godkännande av dagordning".to_string());
    }
    let year = meeting.date.year;
    for (index, item) in meeting.items.iter().enumerate() {
        let diary = format!(
            "Dnr {} {}/{}",
            body.diary,
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
        out.push_str("Beslut\n");
        let clause = item
            .decision
            .as_deref()
            .unwrap_or("godkänna förvaltningens redovisning");
        let mut decided = format!("{decider} beslutar att {clause}.");
        for action in meeting.actions.iter().filter(|a| a.item == index) {
            let text = format!(
                "Förvaltningen får i uppdrag att {} {} till nämndens sammanträde i {}.",
                action.verb.0,
                action.object,
                meeting
                    .date
                    .plus_days(rng.range(30, 90) as i64)
                    .month_name()
            );
            decided.push(' ');
            decided.push_str(&text);
            actions.push(text);
        }
        wrap(&decided, width, "", "", &mut out);
        out.push('\n');
        number += 1;
        items.push(item.title.clone());
    }
    out.push_str(&format!(
        "Underskrifter\n\n{:<20}........................................\n{:<20}{}\n{:<20}........................................\n{:<20}{}\n",
        "Sekreterare",
        "",
        secretary,
        "Ordförande",
        "",
        meeting.present[0].full()
    ));
    let decisions = items.len();
    Document {
        text: out,
        items,
        decisions,
        actions,
    }
}

/// Numbered headings with bulleted notes and a `Vem | Vad | När` table.
fn table(page: &Page<'_>, rng: &mut Rng) -> Document {
    let meeting = page.meeting;
    let body = page.body.body;
    let width = rng.range(76, 96);
    let mut out = String::with_capacity(4096);
    out.push_str(rng.pick(ADMINISTRATIONS));
    out.push_str(&format!("\nAnteckningar – {}\n\n", body.name));
    let (start, end) = hours(rng);
    out.push_str(&format!(
        "{} kl {}\n",
        written_date(meeting.date, rng),
        time_span(start, end, rng)
    ));
    out.push_str(&format!("Plats: {}\n\n", page.body.room));
    wrap(
        &people_list(&meeting.present),
        width,
        "Deltagare: ",
        "",
        &mut out,
    );
    if !meeting.absent.is_empty() {
        wrap(
            &people_list(&meeting.absent),
            width,
            "Förhinder: ",
            "",
            &mut out,
        );
    }
    let secretary = rng.below(meeting.present.len());
    out.push_str(&format!(
        "Antecknare: {}\n\n",
        meeting.present[secretary].full()
    ));
    let close = rng.pick(&[")", "."]);
    let bullet = rng.pick(&["-", "*", "•"]);
    let decider = body.decider;
    let mut decisions = 0;
    let mut items: Vec<String> = Vec::new();
    for (number, item) in meeting.items.iter().enumerate() {
        out.push_str(&format!("{}{close} {}\n", number + 1, item.title));
        for sentence in &item.sentences {
            wrap(sentence, width, &format!("  {bullet} "), "    ", &mut out);
        }
        if let Some(clause) = &item.decision {
            let verb = rng.pick(&["beslutade", "beslutar"]);
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
        items.push(item.title.clone());
    }
    let heading = rng.pick(&["Att göra till nästa gång", "Åtgärder"]);
    let number = meeting.items.len() + 1;
    out.push_str(&format!("{number}{close} {heading}\n\n"));
    items.push(heading.to_string());
    out.push_str("  Vem | Vad | När\n");
    let mut actions = Vec::new();
    for action in &meeting.actions {
        let who = meeting.present[action.owner].first;
        let when = match action.due {
            Due::Unset => format!(
                "v. {}",
                meeting.date.plus_days(rng.range(7, 40) as i64).week()
            ),
            Due::NextMeeting => "till nästa möte".to_string(),
            Due::On(date) => format!("{}/{}", date.day, date.month),
        };
        let what = format!("{} {}", capitalize(action.verb.0), action.object);
        out.push_str(&format!("  {who} | {what} | {when}\n"));
        actions.push(what);
    }
    out.push('\n');
    if rng.chance(0.5) {
        let next = meeting.date.plus_days(7 * rng.range(3, 6) as i64);
        out.push_str(&format!(
            "{}{close} Nästa möte\n  {} {} {} kl {}, {}.\n",
            number + 1,
            capitalize(next.weekday_name()),
            next.day,
            next.month_name(),
            start.0,
            page.body.room
        ));
        items.push("Nästa möte".to_string());
    }
    Document {
        text: out,
        items,
        decisions,
        actions,
    }
}

/// Bulleted notes ending in an `Att göra:` list.
fn bullets(page: &Page<'_>, rng: &mut Rng) -> Document {
    let meeting = page.meeting;
    let body = page.body.body;
    let width = rng.range(76, 96);
    let mut out = String::with_capacity(4096);
    out.push_str(&format!("{}\nMötesanteckningar\n\n", body.name));
    let date = if rng.chance(0.5) {
        meeting.date.iso()
    } else {
        meeting.date.written()
    };
    let (start, end) = hours(rng);
    out.push_str(&format!(
        "Datum: {date}\nTid: {}\nPlats: {}\n",
        time_span(start, end, rng),
        page.body.room
    ));
    wrap(
        &people_list(&meeting.present),
        width,
        "Närvarande: ",
        "",
        &mut out,
    );
    if !meeting.absent.is_empty() {
        wrap(
            &people_list(&meeting.absent),
            width,
            "Frånvarande: ",
            "",
            &mut out,
        );
    }
    out.push('\n');
    let bullet = rng.pick(&["•", "-", "–"]);
    let decider = body.decider;
    let mut decisions = 0;
    for (number, item) in meeting.items.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", number + 1, item.title));
        for sentence in &item.sentences {
            wrap(sentence, width, &format!("{bullet} "), "  ", &mut out);
        }
        if let Some(clause) = &item.decision {
            let sentence = if rng.chance(0.5) {
                format!("Beslut: {decider} beslutar att {clause}.")
            } else {
                format!("Gruppen enades om att {clause}.")
            };
            wrap(&sentence, width, &format!("{bullet} "), "  ", &mut out);
            decisions += 1;
        }
        out.push('\n');
    }
    out.push_str("Att göra:\n");
    let mut actions = Vec::new();
    for action in &meeting.actions {
        let owner = &meeting.present[action.owner];
        let who = if rng.chance(0.5) {
            owner.full()
        } else {
            owner.first.to_string()
        };
        let when = match action.due {
            Due::Unset => String::new(),
            Due::NextMeeting => " till nästa möte".to_string(),
            Due::On(date) => format!(" senast {}", date.iso()),
        };
        let what = format!("{} {}{when}", action.verb.0, action.object);
        wrap(&format!("{who}: {what}"), width, "- ", "  ", &mut out);
        actions.push(what);
    }
    out.push('\n');
    out.push_str(&format!(
        "Antecknat av: {}\n",
        meeting.present[rng.below(meeting.present.len())].full()
    ));
    Document {
        text: out,
        items: meeting.items.iter().map(|i| i.title.clone()).collect(),
        decisions,
        actions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use paragraf_import::Limits;
    use paragraf_pipeline::{RepairMode, parse_bytes};

    fn small() -> Series {
        series(&SeriesConfig {
            meetings: 150,
            seed: 3,
        })
    }

    #[test]
    fn a_series_is_the_same_for_the_same_seed() {
        let one = small();
        assert_eq!(one, small());
        assert_eq!(one.minutes.len(), 150);
        let names: std::collections::HashSet<&str> =
            one.minutes.iter().map(|m| m.file_name.as_str()).collect();
        assert_eq!(names.len(), 150, "file names are unique");
        let mut sorted = one.minutes.clone();
        sorted.sort_by(|a, b| a.truth.date.cmp(&b.truth.date));
        assert_eq!(sorted, one.minutes, "in date order");
    }

    #[test]
    fn the_truth_has_threads_follow_ups_and_actions_never_taken_up() {
        let series = series(&SeriesConfig {
            meetings: 1000,
            seed: 1,
        });
        let followed = series
            .follow_ups
            .iter()
            .filter(|f| !f.evidence.is_empty())
            .count();
        let actions = series.follow_ups.len();
        assert!(actions > 1000, "{actions} actions");
        assert!(
            followed * 4 > actions && followed * 4 < actions * 3,
            "{followed} of {actions} followed up"
        );
        assert!(series.threads.len() > 150, "{}", series.threads.len());
        assert!(
            series
                .threads
                .iter()
                .all(|t| (2..=7).contains(&t.items.len()))
        );
        // Evidence is in later files of the same body.
        let body_of = |file: &str| {
            series
                .minutes
                .iter()
                .find(|m| m.file_name == file)
                .map(|m| m.truth.body.clone())
        };
        for follow_up in series.follow_ups.iter().take(300) {
            for (file, _) in &follow_up.evidence {
                assert!(file > &follow_up.action_file);
                assert_eq!(body_of(file), body_of(&follow_up.action_file));
            }
        }
    }

    #[test]
    fn the_parser_reads_the_series_as_planned() {
        let series = series(&SeriesConfig {
            meetings: 400,
            seed: 3,
        });
        let mut wrong = Vec::new();
        for (minutes, contents) in series.minutes.iter().zip(&series.contents) {
            let record = parse_bytes(
                &minutes.file_name,
                minutes.text.as_bytes(),
                &Limits::default(),
                RepairMode::Auto,
            )
            .unwrap_or_else(|error| panic!("{}: {error}", minutes.file_name))
            .record;
            let parsed = Contents {
                items: record.items.iter().map(|i| i.title.clone()).collect(),
                actions: record
                    .items
                    .iter()
                    .flat_map(|i| i.actions.iter().map(|a| a.text.clone()))
                    .collect(),
            };
            let date = record.date.unwrap_or_default();
            let body = record.body.unwrap_or_default();
            if parsed != *contents || date != minutes.truth.date || body != minutes.truth.body {
                wrong.push(format!(
                    "{}: {date} {body}\n  parsed:  {parsed:?}\n  planned: {contents:?}\n{}",
                    minutes.file_name, minutes.text
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} of {} read otherwise:\n{}",
            wrong.len(),
            series.minutes.len(),
            wrong[..wrong.len().min(3)].join("\n")
        );
    }
}
