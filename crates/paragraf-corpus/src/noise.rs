//! OCR damage as Tesseract does it to Swedish text, and page furniture.
//!
//! The substitutions are the ones seen in the scanned seed minutes:
//! å/ä/ö lose their diacritics or turn into look-alikes (`ö` → `6`, `ä` →
//! `d`), thin letters are confused (`l` → `1`/`I`, `i` → `l`, `e` → `c`),
//! letter pairs merge or split (`m` ↔ `rn`, `h` → `li`), and now and then
//! a word is split in two or runs into the next one.

use crate::rng::Rng;

/// One substitution: what is read, and what OCR may write instead with
/// relative weights.
struct Confusion {
    from: &'static str,
    to: &'static [(&'static str, u32)],
    /// How much likelier this error is than a plain-letter one: Swedish
    /// letters are what an OCR engine trained on English gets wrong most.
    weight: u32,
}

const CONFUSIONS: &[Confusion] = &[
    Confusion {
        from: "ö",
        to: &[("6", 4), ("o", 4), ("é", 1), ("b", 1)],
        weight: 8,
    },
    Confusion {
        from: "ä",
        to: &[("a", 5), ("d", 2), ("i", 1), ("é", 1)],
        weight: 8,
    },
    Confusion {
        from: "å",
        to: &[("a", 6), ("ä", 2), ("3", 1)],
        weight: 8,
    },
    Confusion {
        from: "Ö",
        to: &[("O", 3), ("6", 1)],
        weight: 6,
    },
    Confusion {
        from: "Ä",
        to: &[("A", 1)],
        weight: 6,
    },
    Confusion {
        from: "Å",
        to: &[("A", 1)],
        weight: 6,
    },
    Confusion {
        from: "rn",
        to: &[("m", 1)],
        weight: 2,
    },
    Confusion {
        from: "m",
        to: &[("rn", 1)],
        weight: 1,
    },
    Confusion {
        from: "l",
        to: &[("1", 1), ("I", 1)],
        weight: 1,
    },
    Confusion {
        from: "ii",
        to: &[("ü", 1)],
        weight: 1,
    },
    Confusion {
        from: "i",
        to: &[("l", 1)],
        weight: 1,
    },
    Confusion {
        from: "h",
        to: &[("li", 1)],
        weight: 1,
    },
    Confusion {
        from: "e",
        to: &[("c", 1)],
        weight: 1,
    },
];

/// Share of damaged words that are split in two instead (long words only).
const SPLIT: f64 = 0.04;
/// Share of damaged words that run into the next word instead.
const MERGE: f64 = 0.03;

/// One substitution in `word` at a weighted random place; `None` when
/// no confusion applies.
pub fn substitute(word: &str, rng: &mut Rng) -> Option<String> {
    let mut places: Vec<(usize, &Confusion)> = Vec::new();
    let mut total = 0;
    for (at, _) in word.char_indices() {
        for confusion in CONFUSIONS {
            if word[at..].starts_with(confusion.from) {
                places.push((at, confusion));
                total += confusion.weight;
            }
        }
    }
    if total == 0 {
        return None;
    }
    let mut roll = rng.below(total as usize) as u32;
    let (at, confusion) = places
        .iter()
        .find(|(_, c)| {
            if roll < c.weight {
                true
            } else {
                roll -= c.weight;
                false
            }
        })
        .copied()
        .expect("roll is below the total");
    let sum: u32 = confusion.to.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(sum as usize) as u32;
    let replacement = confusion
        .to
        .iter()
        .find(|(_, w)| {
            if roll < *w {
                true
            } else {
                roll -= w;
                false
            }
        })
        .map(|(r, _)| *r)
        .expect("roll is below the sum");
    let mut out = String::with_capacity(word.len() + 2);
    out.push_str(&word[..at]);
    out.push_str(replacement);
    out.push_str(&word[at + confusion.from.len()..]);
    Some(out)
}

/// Damages about `rate` of the words. Words in `forced` (compared without
/// surrounding punctuation) are always damaged by a substitution, never
/// split or merged, so their clean spelling is gone from the result.
pub fn damage(text: &str, rate: f64, forced: &[String], rng: &mut Rng) -> String {
    // Tokens: (word, whitespace after it).
    let mut tokens: Vec<(&str, &str)> = Vec::new();
    let mut rest = text.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
    let leading = &text[..text.len() - rest.len()];
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let after = rest[end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(rest.len(), |n| end + n);
        tokens.push((&rest[..end], &rest[end..after]));
        rest = &rest[after..];
    }
    let core = |token: &str| {
        token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    let is_forced = |token: &str| {
        let core = core(token);
        forced.contains(&core)
    };
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(leading);
    let mut index = 0;
    while index < tokens.len() {
        let (token, space) = tokens[index];
        index += 1;
        if !token.chars().any(char::is_alphabetic) {
            out.push_str(token);
            out.push_str(space);
            continue;
        }
        let forced_here = is_forced(token);
        if !forced_here && !rng.chance(rate) {
            out.push_str(token);
            out.push_str(space);
            continue;
        }
        let roll = rng.unit();
        let letters = token.chars().count();
        if !forced_here && roll < SPLIT && letters >= 8 {
            let cut = token
                .char_indices()
                .nth(rng.range(3, letters - 3))
                .map_or(0, |(i, _)| i);
            out.push_str(&token[..cut]);
            out.push(' ');
            out.push_str(&token[cut..]);
            out.push_str(space);
            continue;
        }
        let next_forced = tokens.get(index).is_some_and(|(next, _)| is_forced(next));
        if !forced_here
            && roll < SPLIT + MERGE
            && space == " "
            && !next_forced
            && index < tokens.len()
        {
            out.push_str(token);
            continue;
        }
        match substitute(token, rng) {
            Some(changed) => {
                // A second error in the same word, now and then.
                // (Never one that undoes the first: `m` → `rn` → `m`.)
                let changed = if rng.chance(0.08) {
                    substitute(&changed, rng)
                        .filter(|twice| twice != token)
                        .unwrap_or(changed)
                } else {
                    changed
                };
                out.push_str(&changed);
            }
            None => out.push_str(token),
        }
        out.push_str(space);
    }
    out
}

/// Breaks the text into pages of 40–55 lines, as a scanned PDF comes out
/// of `pdftotext`: `Sida N av M` at the foot of each page and a running
/// header at the top of every page after the first.
pub fn paginate(text: &str, header: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let page_length = rng.range(40, 55);
    let pages = lines.len().div_ceil(page_length).max(1);
    let mut out = String::with_capacity(text.len() + pages * (header.len() + 20));
    for (page, chunk) in lines.chunks(page_length).enumerate() {
        if page > 0 {
            out.push_str(header);
            out.push_str("\n\n");
        }
        for line in chunk {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!(
            "\n{:>70}\n",
            format!("Sida {} av {}", page + 1, pages)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_words_always_change() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let damaged = damage(
                "Läget för ventilationen på Tallbackaskolan, se bilaga.",
                0.0,
                &["Tallbackaskolan".to_string()],
                &mut rng,
            );
            assert!(!damaged.contains("Tallbackaskolan"), "{damaged}");
            // Only the forced word: rate 0 leaves every other word alone.
            assert!(
                damaged.starts_with("Läget för ventilationen på "),
                "{damaged}"
            );
            assert!(damaged.ends_with(", se bilaga."), "{damaged}");
        }
    }

    #[test]
    fn rate_zero_changes_nothing() {
        let mut rng = Rng::new(4);
        let text = "Förskolan har ökat med 5 procent.\n\n  Ansvarig: Åsa Öberg\n";
        assert_eq!(damage(text, 0.0, &[], &mut rng), text);
    }
}
