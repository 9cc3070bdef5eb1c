//! Swedish dates and times as people write them in minutes: `10 nov`,
//! `24 sep 2024`, `tisdagen den 21 januari`, `11/2`, `2024-05-14`,
//! `12.00 -16.00`, `kl. 13–15`, `vt-21`, `läsår 24/25`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;

use crate::fold::fold;

/// A day and month, with the year when written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
    pub weekday: Option<Weekday>,
}

/// Month number from a Swedish or English month name or abbreviation.
fn month_number(word: &str) -> Option<i8> {
    let folded = fold(word.trim_end_matches('.'));
    let months: [(&[&str], i8); 12] = [
        (&["jan", "januari", "january"], 1),
        (&["feb", "febr", "februari", "february"], 2),
        (&["mar", "mars", "march"], 3),
        (&["apr", "april"], 4),
        (&["maj", "may"], 5),
        (&["jun", "juni", "june"], 6),
        (&["jul", "juli", "july"], 7),
        (&["aug", "augusti", "august"], 8),
        (&["sep", "sept", "september"], 9),
        (&["okt", "oktober", "oct", "october"], 10),
        (&["nov", "november"], 11),
        (&["dec", "december"], 12),
    ];
    months
        .iter()
        .find(|(names, _)| names.contains(&folded.as_str()))
        .map(|(_, number)| *number)
}

fn weekday_from(word: &str) -> Option<Weekday> {
    let folded = fold(word);
    let table = [
        ("mand", Weekday::Monday),
        ("tisd", Weekday::Tuesday),
        ("onsd", Weekday::Wednesday),
        ("torsd", Weekday::Thursday),
        ("fred", Weekday::Friday),
        ("lord", Weekday::Saturday),
        ("sond", Weekday::Sunday),
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    table
        .iter()
        .find(|(prefix, _)| folded.starts_with(prefix))
        .map(|(_, weekday)| *weekday)
}

const MONTH_NAMES: &str = r"jan(?:uari|uary)?|feb(?:r|ruari|ruary)?|mar(?:s|ch)?|apr(?:il)?|maj|may|jun(?:i|e)?|jul(?:i|y)?|aug(?:usti|ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b(?P<weekday>(?:m[aå]n|tis|ons|tors|fre|l[oö]r|s[oö]n)dag(?:en)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?\s+(?:den\s+)?)?\b(?P<day>[0-3]?\d)(?:e|:e|st|nd|rd|th)?\s+(?P<month>{MONTH_NAMES})\.?(?:\s+(?P<year>(?:19|20)\d\d))?\b"
    ))
    .expect("valid regex")
});

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)\b")
        .expect("valid regex")
});

/// `11/2` (day/month) with an optional year: `11/2 2021`, `11/2-21`.
static SLASH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?P<weekday>(?:m[aå]n|tis|ons|tors|fre|l[oö]r|s[oö]n)dag(?:en)?)\s+(?:den\s+)?)?\b(?P<day>[0-3]?\d)/(?P<month>1[0-2]|0?[1-9])(?:[\s-](?P<year>(?:19|20)\d\d))?\b(?:/\d)?")
        .expect("valid regex")
});

/// Finds the first date written in `text`.
pub fn find_date(text: &str) -> Option<(PartialDate, std::ops::Range<usize>)> {
    // Every date has a digit; most lines have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut found: Vec<(PartialDate, std::ops::Range<usize>)> = Vec::new();
    if let Some(caps) = ISO_DATE.captures(text) {
        let date = PartialDate {
            year: caps["year"].parse().ok(),
            month: caps["month"].parse().ok()?,
            day: caps["day"].parse().ok()?,
            weekday: None,
        };
        found.push((date, caps.get(0)?.range()));
    }
    if let Some(caps) = WRITTEN_DATE.captures(text) {
        let date = PartialDate {
            year: caps.name("year").and_then(|y| y.as_str().parse().ok()),
            month: month_number(&caps["month"])?,
            day: caps["day"].parse().ok()?,
            weekday: caps.name("weekday").and_then(|w| weekday_from(w.as_str())),
        };
        found.push((date, caps.get(0)?.range()));
    }
    if let Some(caps) = SLASH_DATE.captures(text) {
        let full = caps.get(0)?;
        // `2019/20` is a school year, `SOU 2020:28` a reference: only day/month.
        let preceded_by_digit = text[..full.start()].ends_with(|c: char| c.is_ascii_digit());
        if !preceded_by_digit {
            let date = PartialDate {
                year: caps.name("year").and_then(|y| y.as_str().parse().ok()),
                month: caps["month"].parse().ok()?,
                day: caps["day"].parse().ok()?,
                weekday: caps.name("weekday").and_then(|w| weekday_from(w.as_str())),
            };
            found.push((date, full.range()));
        }
    }
    found
        .into_iter()
        .filter(|(date, _)| (1..=31).contains(&date.day) && (1..=12).contains(&date.month))
        .min_by_key(|(_, range)| range.start)
}

/// A start and end time: `12.00 -16.00`, `kl. 13–15`, `kl 9.00 – 9.55`, `13:00`.
pub fn find_times(text: &str) -> Option<(String, Option<String>)> {
    find_times_with(text, false)
}

/// Like [`find_times`], for a value labelled as a time (`Tid: 13–16`),
/// where bare hours need no `kl` or minutes to be read as times.
pub fn find_labelled_times(text: &str) -> Option<(String, Option<String>)> {
    find_times_with(text, true)
}

fn find_times_with(text: &str, labelled: bool) -> Option<(String, Option<String>)> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\bkl(?:ockan)?\.?\s*)?\b(?P<h1>[0-2]?\d)(?:[.:](?P<m1>[0-5]\d))?\s*(?:-|–|—|till|to)\s*(?:kl\.?\s*)?(?P<h2>[0-2]?\d)(?:[.:](?P<m2>[0-5]\d))?\b")
            .expect("valid regex")
    });
    static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bkl(?:ockan)?\.?\s*(?P<h1>[0-2]?\d)(?:[.:](?P<m1>[0-5]\d))?\b")
            .expect("valid regex")
    });
    static TWELVE_HOUR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?P<h1>1[0-2]|0?[1-9])(?:[.:](?P<m1>[0-5]\d))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)",
        )
        .expect("valid regex")
    });
    // `7pm`, `10.30 am`: English minutes count the hours by halves of the day.
    if let Some(caps) = TWELVE_HOUR.captures(text) {
        let hour: u8 = caps["h1"].parse().ok()?;
        let afternoon = fold(&caps["half"]).starts_with('p');
        let hour = match (hour, afternoon) {
            (12, false) => 0,
            (12, true) => 12,
            (hour, true) => hour + 12,
            (hour, false) => hour,
        };
        return Some((
            clock(&hour.to_string(), caps.name("m1").map(|m| m.as_str()))?,
            None,
        ));
    }
    for caps in RANGE.captures_iter(text) {
        let whole = caps.get(0)?.as_str();
        let has_clock_marker = labelled
            || fold(whole).starts_with("kl")
            || caps.name("m1").is_some()
            || caps.name("m2").is_some();
        if !has_clock_marker {
            continue;
        }
        let start = clock(&caps["h1"], caps.name("m1").map(|m| m.as_str()))?;
        let end = clock(&caps["h2"], caps.name("m2").map(|m| m.as_str()))?;
        return Some((start, Some(end)));
    }
    let caps = SINGLE.captures(text)?;
    Some((
        clock(&caps["h1"], caps.name("m1").map(|m| m.as_str()))?,
        None,
    ))
}

fn clock(hour: &str, minute: Option<&str>) -> Option<String> {
    let hour: u8 = hour.parse().ok()?;
    let minute: u8 = minute.map_or(Some(0), |m| m.parse().ok())?;
    (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

/// How often the text mentions each year: `2021`, `ht 2021`, `vt-21`,
/// `2019/20`, `läsår 24/25`, `21/22`.
pub fn mentioned_years(text: &str) -> BTreeMap<i16, usize> {
    static FULL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b((?:19|20)\d\d)(?:\s*/\s*(\d\d)\b)?").expect("valid regex")
    });
    static TERM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:vt|ht)\s*-?\s*(\d\d)\b").expect("valid regex"));
    static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^\d/])(\d\d)\s*/\s*(\d\d)(?:[^\d/]|$)").expect("valid regex")
    });
    let mut years: BTreeMap<i16, usize> = BTreeMap::new();
    for caps in FULL_YEAR.captures_iter(text) {
        if let Ok(year) = caps[1].parse::<i16>() {
            *years.entry(year).or_default() += 1;
            if caps.get(2).is_some() {
                *years.entry(year + 1).or_default() += 1;
            }
        }
    }
    for caps in TERM.captures_iter(text) {
        if let Ok(short) = caps[1].parse::<i16>() {
            *years.entry(2000 + short).or_default() += 1;
        }
    }
    for caps in SCHOOL_YEAR.captures_iter(text) {
        let (Ok(first), Ok(second)) = (caps[1].parse::<i16>(), caps[2].parse::<i16>()) else {
            continue;
        };
        if second == (first + 1) % 100 {
            *years.entry(2000 + first).or_default() += 1;
            *years.entry(2000 + first + 1).or_default() += 1;
        }
    }
    years
}

/// Picks the year for a date written without one.
///
/// With a weekday, only years in which the date falls on that weekday
/// qualify, and among those the one the text mentions most (neighbouring
/// years count half: minutes talk about the coming year's budget). Without
/// a weekday, a year is only taken when the text's mentions point at one
/// year clearly (one year mentioned, or one school year, split at July).
pub fn infer_year(date: &PartialDate, years: &BTreeMap<i16, usize>) -> Option<i16> {
    if years.is_empty() {
        return None;
    }
    let score = |year: i16| -> f64 {
        let count = |y: i16| *years.get(&y).unwrap_or(&0) as f64;
        count(year) + 0.5 * (count(year - 1) + count(year + 1))
    };
    match date.weekday {
        Some(weekday) => {
            let first = *years.keys().next()? - 1;
            let last = *years.keys().next_back()? + 1;
            (first..=last)
                .filter(|&year| {
                    Date::new(year, date.month, date.day).is_ok_and(|d| d.weekday() == weekday)
                })
                .filter(|&year| score(year) > 0.0)
                .max_by(|a, b| score(*a).total_cmp(&score(*b)))
        }
        None => {
            let mentioned: Vec<i16> = years.keys().copied().collect();
            match mentioned.as_slice() {
                [only] => Some(*only),
                [first, second] if second - first == 1 => {
                    Some(if date.month >= 7 { *first } else { *second })
                }
                _ => None,
            }
        }
    }
}

/// The ISO form of a complete date, if it exists in the calendar.
pub fn iso(year: i16, month: i8, day: i8) -> Option<String> {
    Date::new(year, month, day).ok().map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        find_date(text).unwrap().0
    }

    #[test]
    fn written_dates() {
        assert_eq!(
            date("Tisdagen den 10 nov, 12.00 -16.00"),
            PartialDate {
                year: None,
                month: 11,
                day: 10,
                weekday: Some(Weekday::Tuesday)
            }
        );
        assert_eq!(
            date("Tisdagen den 24 sep 2024, 12.00-16.00").year,
            Some(2024)
        );
        assert_eq!(date("tisdagen den 21 januari").month, 1);
        assert_eq!(date("Måndagen den 3 februari 2025 kl. 13–15").day, 3);
        assert_eq!(date("Datum: 2024-05-14").month, 5);
        assert_eq!(date("på torsdag 11/2 (bokslut)").month, 2);
        assert_eq!(date("Meeting held on 4 March 2023").year, Some(2023));
        assert!(find_date("SOU 2020:28 och läsåret 2019/20").is_none());
    }

    #[test]
    fn times() {
        let pair = |s: &str, e: &str| Some((s.to_string(), Some(e.to_string())));
        assert_eq!(
            find_times("Tisdagen den 10 nov, 12.00 -16.00"),
            pair("12:00", "16:00")
        );
        assert_eq!(find_times("20 april, 8.30 -17.00"), pair("08:30", "17:00"));
        assert_eq!(find_times("kl. 13–15"), pair("13:00", "15:00"));
        assert_eq!(find_times("Jelgava kl 9.00 – 9.55"), pair("09:00", "09:55"));
        assert_eq!(find_times("kl. 18.30"), Some(("18:30".to_string(), None)));
        assert_eq!(find_times("Paragrafer 1 - 10"), None);
        assert_eq!(
            find_times("Tuesday 4 March 2025, 7pm, School Library"),
            Some(("19:00".to_string(), None))
        );
        assert_eq!(find_times("at 10.30 am"), Some(("10:30".to_string(), None)));
        assert_eq!(find_labelled_times("13–16"), pair("13:00", "16:00"));
    }

    #[test]
    fn years_mentioned_in_every_form() {
        let years = mentioned_years("budget 2021, läsåret 2019/20, vt-21, läsår 24/25");
        assert_eq!(years.get(&2021), Some(&2));
        assert_eq!(years.get(&2019), Some(&1));
        assert_eq!(years.get(&2020), Some(&1));
        assert_eq!(years.get(&2024), Some(&1));
        assert_eq!(years.get(&2025), Some(&1));
    }

    #[test]
    fn year_from_weekday_and_mentions() {
        let tuesday_10_nov = PartialDate {
            year: None,
            month: 11,
            day: 10,
            weekday: Some(Weekday::Tuesday),
        };
        // 10 Nov was a Tuesday in both 2015 and 2020; the text is about 2020-2021.
        let years = mentioned_years("2015 års skolkommission, budget 2021, 2020, läsåret 2019/20");
        assert_eq!(infer_year(&tuesday_10_nov, &years), Some(2020));
        assert_eq!(infer_year(&tuesday_10_nov, &BTreeMap::new()), None);
        let wednesday_12_oct = PartialDate {
            year: None,
            month: 10,
            day: 12,
            weekday: Some(Weekday::Wednesday),
        };
        assert_eq!(
            infer_year(&wednesday_12_oct, &mentioned_years("läsår 22/23")),
            Some(2022)
        );
    }

    #[test]
    fn year_without_weekday_only_when_clear() {
        let march = PartialDate {
            year: None,
            month: 3,
            day: 23,
            weekday: None,
        };
        assert_eq!(infer_year(&march, &mentioned_years("vt-21")), Some(2021));
        assert_eq!(
            infer_year(&march, &mentioned_years("läsår 22/23")),
            Some(2023)
        );
        assert_eq!(infer_year(&march, &mentioned_years("2019 och 2024")), None);
    }
}
