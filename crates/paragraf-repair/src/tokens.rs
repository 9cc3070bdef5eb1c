//! Splits text into the word tokens repair looks at, leaving everything else untouched.

/// What a piece of a line is, as far as repair cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits or symbols OCR put in place of letters (`6kar`, `{3`).
    Word,
    /// An e-mail address, URL or domain: never changed.
    Opaque,
    /// `|` or `[` standing alone: OCR for the word `I` when a lower-case word follows.
    StrayBar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// 1-based line number.
    pub line: usize,
    pub kind: TokenKind,
}

/// Chars OCR emits inside words in place of letters; they join a word token.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '{' | '&') || is_combining_mark(c)
}

pub fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Addresses and domains: `a@b.se`, `https://…`, `www.…`, `helsingborg.se`.
fn is_opaque(chunk: &str) -> bool {
    if chunk.contains('@') || chunk.contains("://") || chunk.starts_with("www.") {
        return true;
    }
    // A dot between two letters: `helsingborg.se`, `t.ex`.
    let mut chars = chunk.chars();
    let (mut before, mut dot) = (chars.next(), chars.next());
    for after in chars {
        if before.is_some_and(char::is_alphabetic) && dot == Some('.') && after.is_alphabetic() {
            return true;
        }
        (before, dot) = (dot, Some(after));
    }
    false
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut line_start = 0;
    for (line_index, line) in text.split('\n').enumerate() {
        let line_number = line_index + 1;
        let mut chunk_start = None;
        // A trailing sentinel space closes the last chunk of the line.
        for (offset, c) in line.char_indices().chain([(line.len(), ' ')]) {
            match (c.is_whitespace(), chunk_start) {
                (false, None) => chunk_start = Some(offset),
                (true, Some(start)) => {
                    chunk_start = None;
                    push_chunk(&mut tokens, line, start, offset, line_start, line_number);
                }
                _ => {}
            }
        }
        line_start += line.len() + 1;
    }
    tokens
}

fn push_chunk(
    tokens: &mut Vec<Token>,
    line: &str,
    start: usize,
    end: usize,
    line_start: usize,
    line_number: usize,
) {
    let chunk = &line[start..end];
    let token = |kind, from: usize, to: usize| Token {
        start: line_start + from,
        end: line_start + to,
        line: line_number,
        kind,
    };
    if chunk == "|" || chunk == "[" {
        tokens.push(token(TokenKind::StrayBar, start, end));
        return;
    }
    if is_opaque(chunk) {
        tokens.push(token(TokenKind::Opaque, start, end));
        return;
    }
    let mut word_start = None;
    for (offset, c) in chunk.char_indices().chain([(chunk.len(), ' ')]) {
        match (is_word_char(c), word_start) {
            (true, None) => word_start = Some(offset),
            (false, Some(from)) => {
                word_start = None;
                tokens.push(token(TokenKind::Word, start + from, start + offset));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, usize, TokenKind)> {
        tokenize(text)
            .iter()
            .map(|t| (&text[t.start..t.end], t.line, t.kind))
            .collect()
    }

    #[test]
    fn splits_words_on_punctuation_and_keeps_ocr_symbols() {
        assert_eq!(
            words("Vad behover Elisabeth {3 tillgdng\ntill? 6kar, &r"),
            vec![
                ("Vad", 1, TokenKind::Word),
                ("behover", 1, TokenKind::Word),
                ("Elisabeth", 1, TokenKind::Word),
                ("{3", 1, TokenKind::Word),
                ("tillgdng", 1, TokenKind::Word),
                ("till", 2, TokenKind::Word),
                ("6kar", 2, TokenKind::Word),
                ("&r", 2, TokenKind::Word),
            ]
        );
    }

    #[test]
    fn addresses_and_stray_bars_are_their_own_kinds() {
        assert_eq!(
            words("se helsingborg.se, a.b@c.se | smagrupper https://x.y/z"),
            vec![
                ("se", 1, TokenKind::Word),
                ("helsingborg.se,", 1, TokenKind::Opaque),
                ("a.b@c.se", 1, TokenKind::Opaque),
                ("|", 1, TokenKind::StrayBar),
                ("smagrupper", 1, TokenKind::Word),
                ("https://x.y/z", 1, TokenKind::Opaque),
            ]
        );
    }
}
