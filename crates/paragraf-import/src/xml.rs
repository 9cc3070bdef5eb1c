//! A small layer over quick-xml for the office readers: elements and
//! attributes by local name (prefixes differ between producers), empty
//! elements reported as start and end, entities resolved.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// An element's local name and attributes (by local name).
#[derive(Debug)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: HashMap<String, String>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

#[derive(Debug)]
pub(crate) enum Node {
    Start(Element),
    End(String),
    Text(String),
}

/// Calls `visit` for each element start, end and piece of text; an error
/// names where the XML broke.
pub(crate) fn walk(xml: &str, mut visit: impl FnMut(Node)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| format!("bad XML at byte {}: {error}", reader.error_position()))?;
        match event {
            Event::Start(start) => visit(Node::Start(element(&start))),
            Event::End(end) => visit(Node::End(end.local_name().as_ref().to_owned())),
            Event::Text(text) => visit(Node::Text(text.xml10_content().into_owned())),
            Event::CData(data) => visit(Node::Text(data.xml10_content().into_owned())),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => predefined_entity(&reference),
                    Err(_) => None,
                };
                if let Some(c) = resolved {
                    visit(Node::Text(c.to_string()));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// All elements with the given local name, as attribute maps.
pub(crate) fn elements(xml: &str, name: &str) -> Vec<HashMap<String, String>> {
    let mut found = Vec::new();
    // A broken file yields what was found before the break; the caller
    // then reports what is missing.
    let _ = walk(xml, |node| {
        if let Node::Start(element) = node
            && element.name == name
        {
            found.push(element.attributes);
        }
    });
    found
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn element(start: &BytesStart) -> Element {
    let attributes = start
        .attributes()
        .flatten()
        .filter_map(|attribute| {
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()?
                .into_owned();
            Some((attribute.key.local_name().as_ref().to_owned(), value))
        })
        .collect();
    Element {
        name: start.local_name().as_ref().to_owned(),
        attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_with_local_names_and_entities() {
        let mut seen = Vec::new();
        walk(
            r#"<w:p w:rsid="1"><w:t>Åsa &amp; Bo&#x21;</w:t><w:tab/></w:p>"#,
            |node| {
                seen.push(match node {
                    Node::Start(element) => {
                        format!("<{} {:?}>", element.name, element.attribute("rsid"))
                    }
                    Node::End(name) => format!("</{name}>"),
                    Node::Text(text) => text,
                })
            },
        )
        .unwrap();
        assert_eq!(
            seen.concat(),
            r#"<p Some("1")><t None>Åsa & Bo!</t><tab None></tab></p>"#
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(walk("<a><b></a>", |_| {}).is_err());
    }
}
