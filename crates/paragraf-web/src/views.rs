//! The data of each page, shared by the page and its API twin: a page
//! renders the struct, the API serialises it.

use std::collections::BTreeMap;

use paragraf_archive::{DateBound, Hit, Kind, MeetingSummary, SearchQuery};
use paragraf_record::MeetingRecord;
use paragraf_store::{RecordCorrection, Store, TextCorrection};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::App;
use crate::auth::CurrentUser;
use crate::error::Failure;

/// Meetings per page of the meeting list.
pub const MEETINGS_PER_PAGE: i64 = 50;

/// One page of the meeting list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingList {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub meetings: Vec<MeetingLine>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingLine {
    pub id: i64,
    pub date: Option<String>,
    pub organization: Option<String>,
    pub body: Option<String>,
    pub location: Option<String>,
    pub file_name: String,
    pub items: i64,
    pub decisions: i64,
    pub actions: i64,
}

impl From<MeetingSummary> for MeetingLine {
    fn from(summary: MeetingSummary) -> Self {
        MeetingLine {
            id: summary.id,
            date: summary.date,
            organization: summary.organization,
            body: summary.body,
            location: summary.location,
            file_name: summary.file_name,
            items: summary.items,
            decisions: summary.decisions,
            actions: summary.actions,
        }
    }
}

pub async fn meeting_list(app: &App, page: i64) -> Result<MeetingList, Failure> {
    let store = app.archive.store();
    let total = store.meeting_count().await?;
    let pages = ((total + MEETINGS_PER_PAGE - 1) / MEETINGS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let meetings = store
        .meetings_page((page - 1) * MEETINGS_PER_PAGE, MEETINGS_PER_PAGE)
        .await?
        .into_iter()
        .map(MeetingLine::from)
        .collect();
    Ok(MeetingList {
        page,
        pages,
        total,
        meetings,
    })
}

/// A meeting's record as extracted, as corrected, and the corrections.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingView {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub ingested_at: String,
    /// As the parser read it; never changed.
    pub extracted: MeetingRecord,
    /// With each field's latest correction in place.
    pub record: MeetingRecord,
    pub corrections: Vec<Correction>,
}

/// One correction of one field.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Correction {
    pub id: i64,
    /// A JSON pointer into the record: `/location`, `/items/2/title`.
    pub field: String,
    pub value: Value,
    pub note: String,
    pub author: String,
    pub created_at: String,
}

impl From<&RecordCorrection> for Correction {
    fn from(row: &RecordCorrection) -> Self {
        Correction {
            id: row.id,
            field: row.field.clone(),
            value: serde_json::from_str(&row.value).unwrap_or(Value::Null),
            note: row.note.clone(),
            author: row.author.clone(),
            created_at: row.created_at.clone(),
        }
    }
}

pub async fn meeting(app: &App, id: i64) -> Result<MeetingView, Failure> {
    let store = app.archive.store();
    let stored = store
        .meeting(id)
        .await?
        .ok_or(Failure::NotFound("meeting"))?;
    let corrections: Vec<Correction> = store
        .record_corrections(id)
        .await?
        .iter()
        .map(Correction::from)
        .collect();
    let record = corrected(&stored.record, &corrections);
    Ok(MeetingView {
        id,
        file_name: stored.file_name,
        sha256: stored.sha256,
        ingested_at: stored.ingested_at,
        extracted: stored.record,
        record,
        corrections,
    })
}

/// `record` with each correction applied in order (so the latest of a
/// field wins). A correction that no longer fits the record's shape is
/// left out rather than shown wrongly.
fn corrected(record: &MeetingRecord, corrections: &[Correction]) -> MeetingRecord {
    let mut value = serde_json::to_value(record).expect("a record always serialises");
    for correction in corrections {
        let mut candidate = value.clone();
        if let Some(slot) = candidate.pointer_mut(&correction.field) {
            *slot = correction.value.clone();
            if serde_json::from_value::<MeetingRecord>(candidate.clone()).is_ok() {
                value = candidate;
            }
        }
    }
    serde_json::from_value(value).unwrap_or_else(|_| record.clone())
}

/// The fields a person may correct: text fields of the record, addressed
/// by JSON pointer. The value must be a string (or, for optional fields,
/// empty to clear it).
pub fn correction_value(
    record: &MeetingRecord,
    field: &str,
    text: &str,
) -> Result<(Value, Value), Failure> {
    let value = serde_json::to_value(record).expect("a record always serialises");
    let before = value
        .pointer(field)
        .cloned()
        .ok_or(Failure::NotFound("field"))?;
    let correctable = field.starts_with('/')
        && !field.starts_with("/source")
        && !field.starts_with("/schema")
        && !field.contains("/lines")
        && matches!(before, Value::String(_) | Value::Null);
    if !correctable {
        return Err(Failure::BadRequest(format!(
            "{field} is not a text field of the record"
        )));
    }
    let text = text.trim();
    let after = if text.is_empty() && before.is_null() {
        return Err(Failure::BadRequest("the new value is empty".into()));
    } else if text.is_empty() {
        Value::Null
    } else {
        Value::String(text.to_string())
    };
    let mut candidate = value;
    if let Some(slot) = candidate.pointer_mut(field) {
        *slot = after.clone();
    }
    if serde_json::from_value::<MeetingRecord>(candidate).is_err() {
        return Err(Failure::BadRequest(format!("{field} cannot be empty")));
    }
    Ok((before, after))
}

/// Records a person's correction of one field of a meeting's record.
pub async fn correct_record(
    app: &App,
    user: &CurrentUser,
    id: i64,
    field: &str,
    text: &str,
    note: &str,
) -> Result<Correction, Failure> {
    let view = meeting(app, id).await?;
    let (before, after) = correction_value(&view.record, field, text)?;
    if before == after {
        return Err(Failure::BadRequest("the new value is the one shown".into()));
    }
    let row = app
        .archive
        .store()
        .correct_record(id, field, &before, &after, note.trim(), &user.name)
        .await?;
    Ok(Correction::from(&row))
}

/// Records a person's correction of a word on one line of a meeting's
/// text (lines count from 1): `original` must be a word of the line as
/// shown now.
pub async fn correct_text(
    app: &App,
    user: &CurrentUser,
    id: i64,
    line: i64,
    original: &str,
    replacement: &str,
) -> Result<TextCorrection, Failure> {
    let text = meeting_text(app, id).await?;
    let shown: String = usize::try_from(line - 1)
        .ok()
        .and_then(|index| text.lines.get(index))
        .ok_or(Failure::NotFound("line"))?
        .iter()
        .map(Piece::text)
        .collect();
    let (original, replacement) = (original.trim(), replacement.trim());
    if original.is_empty() || find_word(&shown, original).is_none() {
        return Err(Failure::BadRequest(format!(
            "line {line} has no word '{original}'"
        )));
    }
    if replacement.is_empty()
        || replacement.contains(['\n', '\r'])
        || replacement.chars().count() > 200
    {
        return Err(Failure::BadRequest(
            "the replacement is one line of at most 200 characters".into(),
        ));
    }
    app.archive
        .store()
        .correct_text(id, line, original, replacement, &user.name)
        .await?
        .ok_or(Failure::NotFound("meeting"))
}

/// A meeting's text line by line, each line in pieces: plain text, words
/// OCR repair replaced, and words people corrected.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingText {
    pub id: i64,
    pub lines: Vec<Vec<Piece>>,
    pub repairs: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Piece {
    Plain {
        text: String,
    },
    Repaired {
        text: String,
        ocr: String,
        confidence: Option<f64>,
    },
    Corrected {
        text: String,
        before: String,
        author: String,
    },
}

impl Piece {
    pub fn text(&self) -> &str {
        match self {
            Piece::Plain { text }
            | Piece::Repaired { text, .. }
            | Piece::Corrected { text, .. } => text,
        }
    }
}

pub async fn meeting_text(app: &App, id: i64) -> Result<MeetingText, Failure> {
    let store = app.archive.store();
    let text = store
        .meeting_text(id)
        .await?
        .ok_or(Failure::NotFound("meeting"))?;
    let corrections = store.text_corrections(id).await?;
    Ok(pieces(id, &text, &corrections))
}

fn pieces(id: i64, text: &str, corrections: &[TextCorrection]) -> MeetingText {
    let mut by_line: BTreeMap<usize, Vec<&TextCorrection>> = BTreeMap::new();
    for correction in corrections {
        if let Some(line) = correction.line.and_then(|line| usize::try_from(line).ok()) {
            by_line.entry(line).or_default().push(correction);
        }
    }
    let mut repairs = 0;
    let lines = text
        .lines()
        .enumerate()
        .map(|(number, line)| {
            let mut pieces = vec![Piece::Plain {
                text: line.to_string(),
            }];
            // Correction lines count from 1, as the record's spans do.
            for correction in by_line.get(&(number + 1)).into_iter().flatten() {
                let piece = if correction.origin == "manual" {
                    Piece::Corrected {
                        text: correction.replacement.clone(),
                        before: correction.original.clone(),
                        author: correction.author.clone().unwrap_or_default(),
                    }
                } else {
                    repairs += 1;
                    Piece::Repaired {
                        text: correction.replacement.clone(),
                        ocr: correction.original.clone(),
                        confidence: correction.confidence,
                    }
                };
                place(
                    &mut pieces,
                    &correction.original,
                    &correction.replacement,
                    piece,
                );
            }
            pieces
        })
        .collect();
    MeetingText { id, lines, repairs }
}

/// Puts `piece` where its word is: an OCR repair over the first plain
/// occurrence of its replacement; a person's correction over a whole
/// piece that reads `original`, else over its first plain occurrence.
fn place(pieces: &mut Vec<Piece>, original: &str, replacement: &str, piece: Piece) {
    let target = match &piece {
        Piece::Repaired { .. } => replacement,
        _ => original,
    };
    if target.is_empty() {
        return;
    }
    if !matches!(piece, Piece::Repaired { .. })
        && let Some(whole) = pieces
            .iter()
            .position(|p| !matches!(p, Piece::Plain { .. }) && p.text() == original)
    {
        pieces[whole] = piece;
        return;
    }
    for index in 0..pieces.len() {
        let Piece::Plain { text } = &pieces[index] else {
            continue;
        };
        let Some(start) = find_word(text, target) else {
            continue;
        };
        let before = text[..start].to_string();
        let after = text[start + target.len()..].to_string();
        let mut replacement = Vec::with_capacity(3);
        if !before.is_empty() {
            replacement.push(Piece::Plain { text: before });
        }
        replacement.push(piece);
        if !after.is_empty() {
            replacement.push(Piece::Plain { text: after });
        }
        pieces.splice(index..=index, replacement);
        return;
    }
}

/// The byte offset of `word` in `text` where it is not part of a longer word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A filter's `from`/`to`: empty for none, else a year, month or day.
pub fn date_bound(text: &str, name: &str) -> Result<Option<DateBound>, Failure> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| {
        Failure::BadRequest(format!(
            "{name} must be a year, month or day: 2021, 2021-03, 2021-03-15"
        ))
    })
}

/// What the search form sends.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema, utoipa::IntoParams)]
pub struct SearchForm {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub body: String,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchView {
    pub query: SearchForm,
    pub hits: Vec<Hit>,
    /// Meetings not searchable yet (another process holds the index).
    pub unindexed: i64,
}

impl SearchForm {
    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty() && self.person.trim().is_empty()
    }

    fn to_query(&self) -> Result<SearchQuery, Failure> {
        let kinds = match self.kind.trim() {
            "" | "all" => Vec::new(),
            "item" => vec![Kind::Item],
            "decision" => vec![Kind::Decision],
            "action" => vec![Kind::Action],
            other => {
                return Err(Failure::BadRequest(format!(
                    "kind '{other}' is none of item, decision, action"
                )));
            }
        };
        let optional = |text: &str| Some(text.trim().to_string()).filter(|t| !t.is_empty());
        Ok(SearchQuery {
            text: self.q.trim().to_string(),
            from: date_bound(&self.from, "from")?,
            to: date_bound(&self.to, "to")?,
            person: optional(&self.person),
            body: optional(&self.body),
            kinds,
            limit: self.limit.unwrap_or(20).clamp(1, 100),
        })
    }
}

pub async fn search(app: &App, form: SearchForm) -> Result<SearchView, Failure> {
    if form.is_empty() {
        return Ok(SearchView {
            query: form,
            hits: Vec::new(),
            unindexed: 0,
        });
    }
    let query = form.to_query()?;
    let newest = app.archive.newest_meeting_id().await?;
    let key = format!("{newest}\u{1f}{query:?}");
    if let Some(hits) = app.searches.get(&key) {
        return Ok(SearchView {
            query: form,
            hits: hits.as_ref().clone(),
            unindexed: 0,
        });
    }
    let results = app.archive.search(&query).await?;
    // Results a later catch-up will change are not kept.
    if results.unindexed == 0 {
        app.searches.put(key, results.hits.clone());
    }
    Ok(SearchView {
        query: form,
        hits: results.hits,
        unindexed: results.unindexed,
    })
}

/// Recent searches and their hits. A meeting added changes the newest
/// meeting id, which is part of every key, so no answer outlives the
/// archive it was read from (by more than `Archive::newest_meeting_id`'s
/// half a second, for meetings another process adds). Popular searches
/// (a saved search, a topic's words, the page a link points at) cost a
/// lookup instead of a query.
pub struct SearchCache {
    entries: std::sync::Mutex<lru::LruCache<String, std::sync::Arc<Vec<Hit>>>>,
}

const SEARCH_CACHE_ENTRIES: std::num::NonZeroUsize = std::num::NonZeroUsize::new(2_000).unwrap();

impl Default for SearchCache {
    fn default() -> Self {
        SearchCache {
            entries: std::sync::Mutex::new(lru::LruCache::new(SEARCH_CACHE_ENTRIES)),
        }
    }
}

impl SearchCache {
    fn get(&self, key: &str) -> Option<std::sync::Arc<Vec<Hit>>> {
        self.lock().get(key).cloned()
    }

    fn put(&self, key: String, hits: Vec<Hit>) {
        self.lock().put(key, std::sync::Arc::new(hits));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, lru::LruCache<String, std::sync::Arc<Vec<Hit>>>> {
        // Every change is one `put`: a panic elsewhere cannot tear it.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Everything the start page shows.
#[derive(Debug, Serialize)]
pub struct StartView {
    pub meetings: i64,
    pub latest_meeting: Option<MeetingLine>,
    pub agenda: std::sync::Arc<paragraf_followup::agenda::Agenda>,
    pub open_actions: Vec<paragraf_followup::actions::ActionRecord>,
    pub open_action_count: usize,
    pub latest_decisions: Vec<paragraf_followup::decisions::DecisionRecord>,
}

pub async fn start(app: &App) -> Result<StartView, Failure> {
    let store: &Store = app.archive.store();
    let meetings = store.meeting_count().await?;
    let latest_meeting = store
        .meetings_page(0, 1)
        .await?
        .into_iter()
        .next()
        .map(MeetingLine::from);
    let agenda = app.derived.next_agenda(store).await?;
    let actions = app.derived.actions(store).await?;
    let mut open: Vec<_> = actions
        .iter()
        .filter(|action| action.status.is_pending())
        .collect();
    let open_action_count = open.len();
    // The latest meetings' actions first: what the group is working on now.
    open.sort_by(|a, b| newest_first(&a.date, &b.date));
    let open_actions = open.into_iter().take(10).cloned().collect();
    let decisions = app.derived.decisions(store).await?;
    let mut latest: Vec<_> = decisions.iter().collect();
    latest.sort_by(|a, b| newest_first(&a.date, &b.date));
    let latest_decisions = latest.into_iter().take(10).cloned().collect();
    Ok(StartView {
        meetings,
        latest_meeting,
        agenda,
        open_actions,
        open_action_count,
        latest_decisions,
    })
}

/// Dated before undated, later dates first.
pub(crate) fn newest_first(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    (a.is_none(), std::cmp::Reverse(a)).cmp(&(b.is_none(), std::cmp::Reverse(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_puts_undated_last() {
        let mut dates = vec![
            None,
            Some("2020-01-01".to_string()),
            Some("2024-05-01".to_string()),
        ];
        dates.sort_by(newest_first);
        assert_eq!(
            dates,
            vec![Some("2024-05-01".into()), Some("2020-01-01".into()), None]
        );
    }

    fn correction(origin: &str, line: i64, original: &str, replacement: &str) -> TextCorrection {
        TextCorrection {
            id: 0,
            origin: origin.into(),
            line: Some(line),
            original: original.into(),
            replacement: replacement.into(),
            confidence: Some(0.9),
            author: Some("sekreterare".into()),
            created_at: String::new(),
        }
    }

    #[test]
    fn repairs_and_corrections_are_placed_on_their_words() {
        let text = "Rapport från förvaltningen.\nKostnaden ökar i år.";
        let view = pieces(
            1,
            text,
            &[
                correction("ocr-repair", 1, "férvaltningen", "förvaltningen"),
                correction("ocr-repair", 2, "6kar", "ökar"),
                correction("manual", 2, "ökar", "minskar"),
            ],
        );
        assert_eq!(view.repairs, 2);
        assert_eq!(
            view.lines[0],
            vec![
                Piece::Plain {
                    text: "Rapport från ".into()
                },
                Piece::Repaired {
                    text: "förvaltningen".into(),
                    ocr: "férvaltningen".into(),
                    confidence: Some(0.9)
                },
                Piece::Plain { text: ".".into() },
            ]
        );
        let line: String = view.lines[1].iter().map(Piece::text).collect();
        assert_eq!(line, "Kostnaden minskar i år.");
        assert!(matches!(&view.lines[1][1], Piece::Corrected { before, .. } if before == "ökar"));
    }

    #[test]
    fn the_search_cache_forgets_the_least_recently_used_when_full() {
        let cache = SearchCache::default();
        for n in 0..SEARCH_CACHE_ENTRIES.get() {
            cache.put(n.to_string(), Vec::new());
        }
        assert!(cache.get("0").is_some(), "used now, so kept");
        cache.put("new".into(), Vec::new());
        assert!(cache.get("0").is_some() && cache.get("new").is_some());
        assert!(cache.get("1").is_none(), "the oldest unused went");
        assert!(cache.get("2").is_some(), "only it");
    }

    #[test]
    fn a_word_inside_a_longer_word_is_not_taken() {
        assert_eq!(find_word("förskolan och skolan", "skolan"), Some(15));
        assert_eq!(find_word("förskolan", "skolan"), None);
    }
}
