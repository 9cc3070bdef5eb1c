//! List numbers as Word and LibreOffice write them, so that a numbered
//! item's text carries the number the reader sees.

/// Longest list label kept; a longer one (a hostile list definition that
/// would be repeated on every item) is dropped.
pub(crate) const MAX_LABEL_CHARS: usize = 24;

/// 1 → a, 26 → z, 27 → aa: the letter repeats past z.
pub(crate) fn letters(value: u32, uppercase: bool) -> String {
    if value == 0 {
        return "0".into();
    }
    let base = if uppercase { b'A' } else { b'a' };
    let letter = char::from(base + ((value - 1) % 26) as u8);
    let repeat = ((value - 1) / 26 + 1).min(10) as usize;
    letter.to_string().repeat(repeat)
}

pub(crate) fn roman(mut value: u32, uppercase: bool) -> String {
    if value == 0 || value >= 4000 {
        return value.to_string();
    }
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut written = String::new();
    for (size, numeral) in NUMERALS {
        while value >= size {
            written.push_str(numeral);
            value -= size;
        }
    }
    if uppercase {
        written.to_uppercase()
    } else {
        written
    }
}

/// The label, or nothing when it is implausibly long.
pub(crate) fn bounded_label(label: String) -> String {
    if label.chars().count() > MAX_LABEL_CHARS {
        String::new()
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_roman_numerals() {
        assert_eq!(letters(2, false), "b");
        assert_eq!(letters(28, true), "BB");
        assert_eq!(roman(14, true), "XIV");
        assert_eq!(roman(4, false), "iv");
        assert_eq!(roman(4000, false), "4000");
        assert_eq!(bounded_label("x".repeat(100)), "");
    }
}
