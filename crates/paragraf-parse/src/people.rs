//! Names as minutes list them (`Tony Mufic (TM), Karin Gerken(KG)`,
//! `Mats Gerdau (M)`, one name a line in a protocol's column), and a
//! directory that expands first names and initials to full names.

use crate::fold::fold;

/// One name read from a list, with what stood in parentheses beside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedName {
    pub name: String,
    pub initials: Option<String>,
    pub party: Option<String>,
    /// Remarks: `sekr.`, `sem`, `ordförande`, `13-15.00`.
    pub notes: Vec<String>,
}

const PARTIES: &[&str] = &[
    "S", "M", "C", "L", "KD", "V", "MP", "SD", "FP", "FI", "NP", "SPI", "ÖP", "LPO", "SJV", "KP",
    "PP",
];

const NAME_PARTICLES: &[&str] = &[
    "von", "van", "af", "de", "der", "den", "da", "di", "du", "la", "le", "el", "bin", "al",
];

/// Whether `text` reads as a person's name: one to five capitalised words
/// (particles such as `von` allowed inside).
pub fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    words.iter().enumerate().all(|(index, word)| {
        let inner = index > 0 && index + 1 < words.len();
        if inner && NAME_PARTICLES.contains(word) {
            return true;
        }
        let mut chars = word.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_uppercase());
        let rest: Vec<char> = chars.collect();
        first_ok
            && rest.iter().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            // Acronyms (`LG`, `SFF`) and abbreviations are not names.
            && rest.iter().any(|c| c.is_lowercase())
    })
}

/// Initials computed from a full name: `Maria Boman Hansson` → `MBH`.
pub fn initials_of(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn is_initials(text: &str) -> bool {
    let len = text.chars().count();
    (2..=4).contains(&len) && text.chars().all(|c| c.is_uppercase())
}

/// Splits a list of names. Separators are commas, semicolons, `och`,
/// `samt`, `and`, `&` and line breaks, but never inside parentheses
/// (`Styrgruppen (Birgitta Forssman, Maria Holm)` stays one segment).
/// A parenthesis that OCR put after the comma (`Fras,(SF)`) still belongs
/// to the name before it; a lowercase remark (`, ordförande`) is a note
/// on the name before it.
pub fn parse_name_list(value: &str) -> Vec<ListedName> {
    let mut names: Vec<ListedName> = Vec::new();
    for segment in split_segments(&join_wrapped_names(value)) {
        let (outside, parentheticals) = split_parentheticals(&segment);
        let outside = outside.trim().trim_end_matches(['.', ':']).trim();
        if outside.is_empty() {
            if let Some(last) = names.last_mut() {
                for paren in parentheticals {
                    annotate(last, &paren);
                }
            }
            continue;
        }
        if !is_name(outside) {
            let remark = outside
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == '§');
            if remark && let Some(last) = names.last_mut() {
                last.notes.push(outside.to_string());
                for paren in parentheticals {
                    annotate(last, &paren);
                }
            }
            continue;
        }
        let mut listed = ListedName {
            name: outside.to_string(),
            ..ListedName::default()
        };
        for paren in parentheticals {
            annotate(&mut listed, &paren);
        }
        names.push(listed);
    }
    fold_lone_words_into_notes(names)
}

/// `Johanna Ek, Västerforsskolan`: in a list of full names, a lone word
/// after a name is that person's organisation or role, not a person.
fn fold_lone_words_into_notes(names: Vec<ListedName>) -> Vec<ListedName> {
    let full = names.iter().filter(|n| n.name.contains(' ')).count();
    if full * 3 < names.len() * 2 {
        return names;
    }
    let mut kept: Vec<ListedName> = Vec::with_capacity(names.len());
    for listed in names {
        let lone =
            !listed.name.contains(' ') && listed.initials.is_none() && listed.party.is_none();
        match kept.last_mut() {
            Some(previous) if lone => previous.notes.push(listed.name),
            _ => kept.push(listed),
        }
    }
    kept
}

/// Files a parenthetical as initials, party or note.
fn annotate(listed: &mut ListedName, paren: &str) {
    let paren = paren.trim();
    if paren.is_empty() {
        return;
    }
    let upper = paren.to_uppercase();
    if PARTIES.contains(&upper.as_str()) && paren == upper && initials_of(&listed.name) != paren {
        listed.party = Some(paren.to_string());
    } else if is_initials(paren) && listed.initials.is_none() {
        listed.initials = Some(paren.to_string());
    } else {
        listed.notes.push(paren.to_string());
    }
}

/// Line breaks separate names in a column, but a flowing list wraps in
/// mid-name: `Susanne` / `Fras,(SF)`, `Ann-` / `Sofie Berg`. A break is
/// joined when a single capitalised word stands alone on either side of it.
fn join_wrapped_names(value: &str) -> String {
    let lines: Vec<&str> = value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let bullet = |line: &str| line.starts_with(BULLET_MARK);
    let single_word = |piece: &str| {
        let piece = piece.trim();
        !piece.contains('(') && piece.split_whitespace().count() == 1 && is_name(piece)
    };
    let mut joined = String::new();
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            let previous = lines[index - 1];
            let tail = previous.rsplit([',', ';']).next().unwrap_or("");
            let head = line.split([',', ';', '(']).next().unwrap_or("");
            if bullet(line) {
                joined.push('\n');
            } else if line
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c == '(')
            {
                // `åk 5 (sekr.)`: a remark that wrapped belongs to the name before it.
                joined.push(' ');
            } else if previous.ends_with('-') {
                // `Ann-` + `Sofie`: the hyphen is part of the name.
            } else if !previous.ends_with([',', ';', ')'])
                && (single_word(tail) || (single_word(head) && !tail.contains('(')))
                && previous.contains(',')
            {
                joined.push(' ');
            } else {
                joined.push('\n');
            }
        }
        joined.push_str(line.trim_start_matches(BULLET_MARK).trim_start());
    }
    joined
}

/// Marks a list line that began with a bullet, so it starts a new entry.
pub const BULLET_MARK: char = '•';

fn split_segments(value: &str) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let chars: Vec<char> = value.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            if matches!(c, ',' | ';' | '\n' | '&') {
                segments.push(std::mem::take(&mut current));
                index += 1;
                continue;
            }
            // A closing parenthesis followed by another capitalised name
            // ends the segment even without a comma: `Nilsson(LN) Christian Olsson`.
            if c == ')' {
                current.push(c);
                let rest: String = chars[index + 1..].iter().collect();
                let next = rest.trim_start();
                if next.chars().next().is_some_and(char::is_uppercase) {
                    segments.push(std::mem::take(&mut current));
                }
                index += 1;
                continue;
            }
            if c == ' ' {
                let rest: String = chars[index..].iter().take(7).collect();
                let conjunction = [" och ", " samt ", " and "]
                    .iter()
                    .find(|conj| rest.to_lowercase().starts_with(*conj));
                if let Some(conj) = conjunction {
                    segments.push(std::mem::take(&mut current));
                    index += conj.chars().count();
                    continue;
                }
            }
        }
        current.push(c);
        index += 1;
    }
    segments.push(current);
    segments
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// Separates `Name (a) (b)` into `Name` and `["a", "b"]`; a remark after
/// the parenthesis (`Emma Lund (EL) åk 2`) becomes one more note.
fn split_parentheticals(segment: &str) -> (String, Vec<String>) {
    let (outside, mut parens) = split_parentheticals_inner(segment);
    if let Some(first_paren) = segment.find('(') {
        let before = crate::fold::collapse_spaces(&segment[..first_paren]);
        let after_close = segment
            .find(')')
            .map_or("", |close| &segment[close + 1..])
            .trim();
        if !before.is_empty()
            && after_close
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        {
            parens.push(after_close.to_string());
            return (before, parens);
        }
    }
    (outside, parens)
}

fn split_parentheticals_inner(segment: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut parens = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in segment.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parens.push(std::mem::take(&mut current));
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => outside.push(c),
        }
    }
    if depth > 0 && !current.is_empty() {
        parens.push(current);
    }
    (crate::fold::collapse_spaces(&outside), parens)
}

/// Everyone the minutes name with a full name, for expanding first names
/// and initials.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    people: Vec<Known>,
}

#[derive(Debug, Clone)]
struct Known {
    name: String,
    initials: Option<String>,
}

impl Directory {
    pub fn add(&mut self, name: &str, initials: Option<&str>) {
        if let Some(known) = self.people.iter_mut().find(|k| k.name == name) {
            if known.initials.is_none() {
                known.initials = initials.map(str::to_string);
            }
            return;
        }
        self.people.push(Known {
            name: name.to_string(),
            initials: initials.map(str::to_string),
        });
    }

    pub fn contains(&self, name: &str) -> bool {
        let folded = fold(name);
        self.people.iter().any(|k| fold(&k.name) == folded)
    }

    /// Expands `Lila`, `Lilas`, `LE` or `Lila Ericsson` to the full name
    /// when exactly one known person fits.
    pub fn expand(&self, token: &str) -> Option<String> {
        let token = token
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != ' ' && c != '-');
        if token.is_empty() {
            return None;
        }
        let folded = fold(token);
        if let Some(known) = self.people.iter().find(|k| fold(&k.name) == folded) {
            return Some(known.name.clone());
        }
        if is_initials(token) {
            let stated: Vec<&Known> = self
                .people
                .iter()
                .filter(|k| k.initials.as_deref() == Some(token))
                .collect();
            if let [only] = stated.as_slice() {
                return Some(only.name.clone());
            }
            let computed: Vec<&Known> = self
                .people
                .iter()
                .filter(|k| initials_of(&k.name) == token)
                .collect();
            if let [only] = computed.as_slice() {
                return Some(only.name.clone());
            }
            return None;
        }
        let by_first = |first: &str| -> Option<String> {
            let matches: Vec<&Known> = self
                .people
                .iter()
                .filter(|k| {
                    k.name
                        .split_whitespace()
                        .next()
                        .is_some_and(|f| fold(f) == first)
                })
                .collect();
            match matches.as_slice() {
                [only] if only.name.contains(' ') => Some(only.name.clone()),
                _ => None,
            }
        };
        if !folded.contains(' ') {
            if let Some(name) = by_first(&folded) {
                return Some(name);
            }
            // Genitive: `Lilas förslag`.
            if let Some(stem) = folded.strip_suffix('s') {
                return by_first(stem);
            }
        }
        None
    }

    /// A person the minutes name: the full name when one person fits, the
    /// word as written when it is a known first name shared by several
    /// (`Maria`), or None when nobody of that name is known.
    pub fn resolve(&self, token: &str) -> Option<String> {
        self.expand(token).or_else(|| {
            self.is_known_first_name(token)
                .then(|| token.trim().to_string())
        })
    }

    /// The known person whose first name is `word`, for spotting names in prose.
    pub fn is_known_first_name(&self, word: &str) -> bool {
        let folded = fold(word);
        self.people.iter().any(|k| {
            k.name
                .split_whitespace()
                .next()
                .is_some_and(|f| fold(f) == folded)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[ListedName]) -> Vec<&str> {
        list.iter().map(|n| n.name.as_str()).collect()
    }

    #[test]
    fn initials_in_every_ocr_placement() {
        let list = parse_name_list(
            "Tony Mufic (TM), Karin Gerken(KG), Susanne Fras,(SF) Lolitha Nilsson(LN), Christian Olsson(CO), Maria Boman Hansson(MBH), Matz Ingvarsson(MI)",
        );
        assert_eq!(
            names(&list),
            [
                "Tony Mufic",
                "Karin Gerken",
                "Susanne Fras",
                "Lolitha Nilsson",
                "Christian Olsson",
                "Maria Boman Hansson",
                "Matz Ingvarsson"
            ]
        );
        assert_eq!(list[2].initials.as_deref(), Some("SF"));
        assert_eq!(list[5].initials.as_deref(), Some("MBH"));
    }

    #[test]
    fn parties_notes_and_conjunctions() {
        let list = parse_name_list(
            "Mats Gerdau (M), ordförande, Khashayar Farmanbar (S) och Marie Krantz (sekr.)",
        );
        assert_eq!(
            names(&list),
            ["Mats Gerdau", "Khashayar Farmanbar", "Marie Krantz"]
        );
        assert_eq!(list[0].party.as_deref(), Some("M"));
        assert_eq!(list[0].notes, ["ordförande"]);
        assert_eq!(list[2].notes, ["sekr."]);
    }

    #[test]
    fn names_wrapped_across_lines() {
        let list = parse_name_list(
            "Lila Ericsson(LE), Susanne\nFras,(SF) Lolitha Nilsson(LN), Ann-\nSofie Berg, Per Gunnar\nRosengren, Isa\nWiman",
        );
        assert_eq!(
            names(&list),
            [
                "Lila Ericsson",
                "Susanne Fras",
                "Lolitha Nilsson",
                "Ann-Sofie Berg",
                "Per Gunnar Rosengren",
                "Isa Wiman"
            ]
        );
        let column = parse_name_list(
            "Per-Olof Dahlberg (C), ordförande\nAnnika Strand (S)\nRasmus Holm\nGunnel Åberg",
        );
        assert_eq!(
            names(&column),
            [
                "Per-Olof Dahlberg",
                "Annika Strand",
                "Rasmus Holm",
                "Gunnel Åberg"
            ]
        );
    }

    #[test]
    fn not_names() {
        assert!(!is_name("Styrgruppen deltar 13"));
        assert!(!is_name("LG"));
        assert!(is_name("Eva Koltai Arthursson"));
        assert!(is_name("Ludwig von Essen"));
        assert!(parse_name_list("se bilaga").is_empty());
    }

    #[test]
    fn directory_expands_first_names_initials_and_genitives() {
        let mut directory = Directory::default();
        directory.add("Lila Ericsson", Some("LE"));
        directory.add("Tony Mufic", None);
        directory.add("Lolitha Nilsson", None);
        assert_eq!(directory.expand("Lila").as_deref(), Some("Lila Ericsson"));
        assert_eq!(directory.expand("Lilas").as_deref(), Some("Lila Ericsson"));
        assert_eq!(directory.expand("LE").as_deref(), Some("Lila Ericsson"));
        assert_eq!(directory.expand("TM").as_deref(), Some("Tony Mufic"));
        assert_eq!(directory.expand("Jaana"), None);
        assert_eq!(directory.resolve("Jaana"), None);
        directory.add("Lila Holm", None);
        // Two Lilas: the first name is a person, but not one full name.
        assert_eq!(directory.expand("Lila"), None);
        assert_eq!(directory.resolve("Lila").as_deref(), Some("Lila"));
        assert_eq!(directory.resolve("TM").as_deref(), Some("Tony Mufic"));
    }
}
