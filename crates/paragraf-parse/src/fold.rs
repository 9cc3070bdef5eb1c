//! Text normalisation shared by every rule: folding for keyword matching
//! and joining lines into single-spaced record text.

/// Lowercases and strips diacritics, so keywords match however OCR left
/// the Swedish letters (`Frånvarande`, `Franvarande`, `FRANVARANDE`).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        let plain = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'a'..='z' => c,
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'Å' | 'Ä' | 'À' | 'Á' | 'Â' | 'Ã' => {
                'a'
            }
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' | 'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Ô' | 'Õ' => {
                'o'
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'ü' | 'ú' | 'ù' | 'Ü' | 'Ú' | 'Ù' => 'u',
            'í' | 'ì' | 'ï' | 'Í' | 'Ì' | 'Ï' => 'i',
            _ if c.is_ascii() => c,
            // Other letters keep one character, so offsets map one to one.
            _ => c.to_lowercase().next().unwrap_or(c),
        };
        folded.push(plain);
    }
    folded
}

/// Joins lines into one single-spaced string, rejoining words hyphenated
/// across a line end (`likvär-` + `dighet`), but keeping the hyphen of a
/// shortened compound (`barn- och`).
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        if !out.is_empty() {
            if rejoins_hyphenated(&out, first) {
                out.pop();
            } else {
                out.push(' ');
            }
        }
        push_words(&mut out, first, words);
    }
    out
}

/// Appends words single-spaced, with no copy of the line in between.
pub fn push_words<'a>(out: &mut String, first: &str, rest: impl Iterator<Item = &'a str>) {
    out.push_str(first);
    for word in rest {
        out.push(' ');
        out.push_str(word);
    }
}

/// Whether `text` ends in a word hyphenated across the line end that
/// `next_word` completes (`likvär-` + `dighet`), rather than a shortened
/// compound (`barn-` + `och`).
pub fn rejoins_hyphenated(text: &str, next_word: &str) -> bool {
    text.ends_with('-')
        && text[..text.len() - 1]
            .chars()
            .last()
            .is_some_and(char::is_alphabetic)
        && next_word.chars().next().is_some_and(char::is_lowercase)
        && !matches!(
            next_word,
            "och" | "eller" | "samt" | "som" | "till" | "and" | "or"
        )
}

/// Collapses runs of white space to one space and trims.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_ocr_variants() {
        assert_eq!(fold("Frånvarande"), fold("Franvarande"));
        assert_eq!(fold("FÖREDRAGANDE"), "foredragande");
        assert_eq!(fold("Närvarande"), "narvarande");
        assert_eq!(fold("ÅSA ÖBERG"), "asa oberg");
        assert_eq!(fold("Straße").chars().count(), "Straße".chars().count());
    }

    #[test]
    fn joins_hyphenated_words_but_not_compound_abbreviations() {
        assert_eq!(
            join_lines(["en mer likvär-", "dighet i skolan"]),
            "en mer likvärdighet i skolan"
        );
        assert_eq!(
            join_lines(["barn-", "och utbildningsnämnden"]),
            "barn- och utbildningsnämnden"
        );
        assert_eq!(join_lines(["Skol -", "Fritid"]), "Skol - Fritid");
        assert_eq!(join_lines(["  a  ", "", " b   c "]), "a b c");
    }
}
