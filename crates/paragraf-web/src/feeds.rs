//! Atom feeds of saved searches and topics. A feed reader has no session:
//! the feed's address carries a random token that names one watch of one
//! user, and is that reader's credential for that feed only.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use crate::App;
use crate::error::{Failure, PageError};
use crate::pages::escape;
use crate::watching;

pub async fn feed(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let watch = app
        .archive
        .store()
        .watch_by_feed_token(&token)
        .await?
        .ok_or(Failure::NotFound("watch"))?;
    let view = watching::watch_view(&app, watch).await?;
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if app.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let base = format!("{scheme}://{host}");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom(&base, &view),
    )
        .into_response())
}

fn atom(base: &str, view: &watching::WatchView) -> String {
    let updated =
        |date: &Option<String>| format!("{}T00:00:00Z", date.as_deref().unwrap_or("1970-01-01"));
    let title = match view.kind.as_str() {
        "topic" => format!("Paragraf – ämne: {}", view.query),
        _ => format!("Paragraf – sökning: {}", view.query),
    };
    let newest = view
        .entries
        .iter()
        .filter_map(|entry| entry.date.clone())
        .max();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n\
         <title>{}</title>\n<id>{base}{}</id>\n<link rel=\"self\" href=\"{base}{}\"/>\n<updated>{}</updated>\n\
         <author><name>Paragraf</name></author>\n",
        escape(&title),
        escape(&view.feed),
        escape(&view.feed),
        updated(&newest),
    );
    for entry in &view.entries {
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>urn:paragraf:{}</id>\n<link href=\"{base}/moten/{}\"/>\n\
             <updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            escape(&format!("{} – {}", entry.date_text(), entry.title)),
            escape(&entry.key),
            entry.meeting_id,
            updated(&entry.date),
            escape(&entry.text),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watching::{Entry, WatchView};

    #[test]
    fn the_feed_is_atom_with_escaped_text() {
        let view = WatchView {
            id: 1,
            kind: "search".into(),
            query: "budget & <mål>".into(),
            feed: "/flode/abc".into(),
            seen_through: 0,
            new: 1,
            entries: vec![Entry {
                key: "decision-4".into(),
                meeting_id: 7,
                date: Some("2021-03-15".into()),
                body: None,
                title: "Budget".into(),
                text: "Budget i balans <2021>".into(),
                html: String::new(),
                new: true,
            }],
        };
        let xml = atom("http://127.0.0.1:8080", &view);
        assert!(xml.contains("<title>Paragraf – sökning: budget &amp; &lt;mål&gt;</title>"));
        assert!(xml.contains("<link href=\"http://127.0.0.1:8080/moten/7\"/>"));
        assert!(xml.contains("<updated>2021-03-15T00:00:00Z</updated>"));
        assert!(xml.contains("<summary>Budget i balans &lt;2021&gt;</summary>"));
        assert_eq!(xml.matches("<entry>").count(), 1);
    }
}
