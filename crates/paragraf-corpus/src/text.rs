//! Small text tools: calendar dates, template filling, line wrapping, slugs.

use crate::data::{MONTHS, WEEKDAYS};
use crate::rng::Rng;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn plus_days(self, days: i64) -> Date {
        Date::from_days(self.days() + days)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> usize {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) as usize
    }

    pub fn weekday_name(self) -> &'static str {
        WEEKDAYS[self.weekday()]
    }

    pub fn month_name(self) -> &'static str {
        MONTHS[self.month as usize - 1]
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `10 november 2020`.
    pub fn written(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// ISO week number, for `v. 47` deadlines.
    pub fn week(self) -> u32 {
        let thursday = self.plus_days(3 - self.weekday() as i64);
        let first = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        ((thursday.days() - first.days()) / 7 + 1) as u32
    }

    /// A random weekday in the school year (no July), `first..=last` years.
    pub fn random_meeting_day(rng: &mut Rng, first: i32, last: i32) -> Date {
        let year = first + rng.below((last - first + 1) as usize) as i32;
        let month = rng.pick(&[1, 2, 3, 4, 5, 6, 8, 8, 9, 10, 11, 12]);
        let length = match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let date = Date {
            year,
            month,
            day: rng.range(1, length) as u32,
        };
        // Meetings are held on weekdays: Saturday moves back, Sunday forward.
        match date.weekday() {
            5 => date.plus_days(-1),
            6 => date.plus_days(1),
            _ => date,
        }
    }
}

/// Upper-cases the first letter.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a template's shared slots are filled with.
#[derive(Clone, Copy)]
pub struct Slots<'a> {
    /// Topic forms for `{t}`, `{T}`, `{p}`, `{P}`.
    pub forms: [&'a str; 4],
    /// First names of people present, for `{person}`.
    pub people: &'a [String],
    pub year: i32,
    pub city: &'a str,
    /// A needle: topic word `{M}`, preposition `{r}`, unique place `{X}`.
    pub needle: Option<(&'a str, &'a str, &'a str)>,
}

/// Fills a template. Shared slots: `{person}`, `{school}`, `{city}`,
/// `{year}`, `{next}`, `{prev}`, `{plus5}`, `{yy}` (next year's two
/// digits), `{yy0}` (this year's), `{month}`, `{term}`, `{n}` (2–9), `{N}`
/// (20–480), `{pct}` and `{mnkr}` (decimal numbers). The result starts
/// with a capital when the template does or starts with a slot.
pub fn fill(template: &str, slots: &Slots<'_>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("templates close their slots");
        let key = &rest[open + 1..close];
        let (word, place) = slots.needle.map_or(("", ""), |(m, _, x)| (m, x));
        match key {
            "t" => out.push_str(slots.forms[0]),
            "T" => out.push_str(slots.forms[1]),
            "p" => out.push_str(slots.forms[2]),
            "P" => out.push_str(slots.forms[3]),
            "M" => out.push_str(word),
            "X" => out.push_str(place),
            "r" => out.push_str(slots.needle.map_or("", |(_, r, _)| r)),
            "person" => out.push_str(&slots.people[rng.below(slots.people.len())]),
            "school" => out.push_str(rng.pick(crate::data::SCHOOLS)),
            "city" => out.push_str(slots.city),
            "year" => out.push_str(&slots.year.to_string()),
            "next" => out.push_str(&(slots.year + 1).to_string()),
            "prev" => out.push_str(&(slots.year - 1).to_string()),
            "plus5" => out.push_str(&(slots.year + 5).to_string()),
            "yy" => out.push_str(&format!("{:02}", (slots.year + 1) % 100)),
            "yy0" => out.push_str(&format!("{:02}", slots.year % 100)),
            "month" => out.push_str(rng.pick(&MONTHS[..])),
            "term" => out.push_str(rng.pick(&["våren", "hösten"])),
            "n" => out.push_str(&rng.range(2, 9).to_string()),
            "N" => out.push_str(&rng.range(20, 480).to_string()),
            "pct" => out.push_str(&format!("{},{}", rng.range(3, 95), rng.below(10))),
            "mnkr" => out.push_str(&format!("{},{}", rng.range(1, 48), rng.below(10))),
            other => panic!("unknown template slot {{{other}}}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    if template.starts_with('{') {
        capitalize(&out)
    } else {
        out
    }
}

/// Wraps `text` at `width` columns; continuation lines get `indent`.
/// Never breaks before a number or `§`: a line starting `5.` or `§ 3`
/// would read as a new item, which a word processor's wrap never makes.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str, out: &mut String) {
    let mut line_len = 0;
    let mut at_start = true;
    out.push_str(first);
    line_len += first.chars().count();
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let sticky = word.starts_with(|c: char| c.is_ascii_digit() || c == '§');
        if !at_start && line_len + 1 + len > width && !sticky {
            out.push('\n');
            out.push_str(indent);
            line_len = indent.chars().count();
            at_start = true;
        }
        if !at_start {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
        at_start = false;
    }
    out.push('\n');
}

/// ASCII file-name slug: `Barn- och utbildningsnämnden` → `barn-och-utbildningsnamnden`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'č' | 'ć' => 'c',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped != '-' || !out.ends_with('-') {
            out.push(mapped);
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_know_their_weekday() {
        let date = Date {
            year: 2020,
            month: 11,
            day: 10,
        };
        assert_eq!(date.weekday_name(), "tisdag");
        assert_eq!(date.plus_days(30).iso(), "2020-12-10");
        assert_eq!(
            Date {
                year: 2024,
                month: 2,
                day: 28
            }
            .plus_days(1)
            .iso(),
            "2024-02-29"
        );
        assert_eq!(
            Date {
                year: 2021,
                month: 1,
                day: 4
            }
            .week(),
            1
        );
        assert_eq!(
            Date {
                year: 2024,
                month: 11,
                day: 7
            }
            .week(),
            45
        );
    }

    #[test]
    fn wrap_never_starts_a_line_with_a_number() {
        let mut out = String::new();
        wrap("aaaa bbbb cccc 5. dddd", 10, "", "", &mut out);
        assert!(out.lines().all(|l| !l.starts_with('5')), "{out}");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(
            slug("Barn- och utbildningsnämnden"),
            "barn-och-utbildningsnamnden"
        );
        assert_eq!(slug("Skolrådet, Kvarnbyskolan"), "skolradet-kvarnbyskolan");
    }
}
