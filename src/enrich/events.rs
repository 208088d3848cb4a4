//! Dated events: every dated statement of an article's body, with its date resolved.
//!
//! **What is an event.** A sentence of the body (prose: not a heading, table row, code
//! block, footnote definition or bibliography entry; URLs and footnote marks ignored)
//! that states a date and says something besides it (a dateline `2021年9月28日` or a time
//! stamp `2021-10-19 16:01:11` alone is not a statement):
//!
//! - a full date: `2021年10月15日`, `2021 年 10 月 15 日`, `2021-10-15` (also `/` `.`);
//! - a month: `2020年4月`;
//! - a year, only where it reads as a time (`于2016年`, `在2016年`, `自2016年起`, or
//!   opening a clause: `2016年，…`), not after the bulletin's year (a bare future year is
//!   a plan: `在 2050 年达到净零`), and not when the same sentence gives a fuller date in
//!   that year;
//! - a yearless date: `6月8日`, `6 月 8 日`, `4月20号`, and a month `6 月，…` / `于6月`
//!   opening a clause or after 于/在/自/从 or 今年/去年….
//!
//! Not events: ranges (`2021~2027年`, `2021-2035 年`, `2021年至2025年`, `6月1日至30日`),
//! targets and deadlines (`到2025年`, `至 2030 年`, `截至2020年底`, `6月30日前`,
//! `5月底前`), fiscal and school years (`2022 财年`, `2021年度`), decades (`1990年代`),
//! `2020年以来`, a month as a point of comparison (`从8月的…降至…`), and any date inside
//! a document title (`《2021 年美国创新与竞争法案》`).
//!
//! **How a yearless date gets its year.** `今年`/`本年`, `去年`/`上年`, `明年`, `前年` right
//! before the date count from the bulletin's year (`今年 3 月 31 日`, `去年 9 月`).
//! Otherwise the date is the latest such date not after the bulletin date (a bulletin of
//! 2021-08-05 reads `6 月 8 日` as 2021-06-08 and `9 月 1 日` as 2020-09-01; a bulletin
//! dated only to the month, 2021-04, counts all of April as not after it). After 将/拟/
//! 计划/预计/定于 (a plan) the nearer of that date and the one a year later is taken
//! (`年度工作计划：9月…` in an August bulletin is this September). One exception keeps a
//! narrative in its own time: when the same sentence, or the sentence before it in the
//! same paragraph, states a month (`2020年3月`) and the bulletin reading would put the
//! yearless date more than twelve months after that month, the yearless date is the
//! first such day on or after it (`2020年3月，…。在3月23日的低点，…` in a 2025 article is
//! 2020-03-23). `同年`/`当年` take the year of that stated date. Without a bulletin date
//! or such context, a yearless date is not an event.
//!
//! **Anchors.** Each sentence with events gets an anchor `ev-1`, `ev-2`… in the order of
//! the body; every event carries it, with the byte range of its sentence in the Markdown,
//! so the article page can put `id="ev-N"` on that sentence. Front-matter `events`
//! ([`EventEdit`]) add and suppress events; suppressing never renumbers the others.

use super::text::{mask_links, plain, squash, truncate_chars, MASK};
use crate::model::{EventEdit, PartialDate, Precision};
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// The longest event text, in characters (the sentence is cut, around its date).
pub const TEXT_CHARS: usize = 120;

/// Han characters a sentence needs besides its dates to state something (not a dateline).
const MIN_STATEMENT_HAN: usize = 3;

/// One dated statement of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Event {
    pub date: PartialDate,
    pub precision: Precision,
    /// `ev-N`: the id the article page gives the sentence (shared by the events of one sentence).
    pub anchor: String,
    /// The date as written (`今年 3 月 31 日`); empty for an event added in front matter.
    pub date_text: String,
    /// The sentence exactly as in the Markdown body (`body[span]`), or the front-matter
    /// text of an added event that the body does not contain.
    pub sentence: String,
    /// Byte range of the sentence in `Article::body`; `None` for an added event whose
    /// text is not in the body (the page puts its anchor at the top of the body).
    pub span: Option<Range<usize>>,
    /// The sentence as a reader sees it, Markdown removed, at most [`TEXT_CHARS`]
    /// characters (cut at a character boundary, around the date, with `…`).
    pub text: String,
    /// Added by front matter `events`.
    pub added: bool,
}

/// A sentence of the body: its byte range and its paragraph.
#[derive(Debug, Clone)]
struct Sentence {
    range: Range<usize>,
    paragraph: usize,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?P<ymd>[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号])
        | (?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}|[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2})
        | (?P<ym>[0-9]{4}\s*年\s*[0-9]{1,2}\s*月)
        | (?P<y>[0-9]{4}\s*年)
        | (?P<md>[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号])
        | (?P<m>[0-9]{1,2}\s*月)
        ",
    )
    .expect("valid regex")
});

/// Words right before a yearless date that fix its year, with the offset from the bulletin's year.
const RELATIVE: [(&str, i32); 6] = [
    ("今年", 0),
    ("本年", 0),
    ("去年", -1),
    ("上年", -1),
    ("明年", 1),
    ("前年", -2),
];
/// Right before a yearless date: a plan, so the date may lie after the bulletin.
const FUTURE_BEFORE: [&str; 12] = [
    "将于",
    "将在",
    "将",
    "拟于",
    "拟在",
    "拟",
    "计划于",
    "计划在",
    "计划",
    "计划：",
    "预计",
    "定于",
];
/// Words that take the year of the date stated just before.
const SAME_YEAR: [&str; 2] = ["同年", "当年"];
/// Before a date: it ends a range or is a target / deadline.
const RANGE_OR_TARGET_BEFORE: [&str; 12] = [
    "~", "～", "-", "—", "–", "－", "至", "到", "截止", "直到", "迄", "〜",
];
/// Before a year or month: it reads as a time (于2016年, 在6月).
const TIME_MARKERS: [&str; 5] = ["于", "在", "自", "从", "早在"];
/// …except in these words.
const NOT_TIME_MARKERS: [&str; 7] = ["关于", "对于", "由于", "等于", "属于", "基于", "至于"];

/// What kind of date expression a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Ymd,
    Iso,
    Ym,
    Y,
    Md,
    M,
}

/// Splits the body into prose sentences, skipping headings, tables, code and footnote definitions.
fn sentences(body: &str, masked: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut current: Option<Range<usize>> = None;
    let mut in_fence = false;
    let mut in_footnote = false;
    let mut offset = 0;
    let flush =
        |current: &mut Option<Range<usize>>, paragraph: &mut usize, out: &mut Vec<Sentence>| {
            if let Some(r) = current.take() {
                split_sentences(masked, r, *paragraph, out);
                *paragraph += 1;
            }
        };
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let t = content.trim_start();
        let indented = t.len() < content.len();
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut current, &mut paragraph, &mut out);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.is_empty() {
            flush(&mut current, &mut paragraph, &mut out);
            continue;
        }
        if in_footnote && indented {
            continue;
        }
        in_footnote = false;
        let footnote_def =
            t.starts_with("[^") && t.find("]:").is_some_and(|i| !t[..i].contains(' '));
        if footnote_def {
            in_footnote = true;
        }
        if footnote_def
            || t.starts_with('#')
            || t.starts_with('|')
            || t.starts_with("<!--")
            || is_reference_entry(t)
        {
            flush(&mut current, &mut paragraph, &mut out);
            continue;
        }
        if is_list_item(t) {
            flush(&mut current, &mut paragraph, &mut out);
        }
        let r = start + (content.len() - t.len())..start + content.len();
        match &mut current {
            Some(c) => c.end = r.end,
            None => current = Some(r),
        }
    }
    flush(&mut current, &mut paragraph, &mut out);
    out
}

/// `- `, `* `, `+ `, `1. `, `1) `: a list item, its own paragraph.
fn is_list_item(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m))
        || (digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")))
}

/// A bibliography entry (`[3] 王世川. …`, `- \[3\] …`): its dates are publication dates.
fn is_reference_entry(t: &str) -> bool {
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    let t = t.strip_prefix('\\').unwrap_or(t);
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (rest[digits..].starts_with(']') || rest[digits..].starts_with("\\]"))
}

fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '】' | '"')
}

fn split_sentences(masked: &str, para: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let text = &masked[para.clone()];
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_terminal(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = iter.peek() {
            if is_terminal(n) || is_closer(n) {
                end = j + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        push_trimmed(text, start..end, para.start, paragraph, out);
        start = end;
    }
    push_trimmed(text, start..text.len(), para.start, paragraph, out);
}

fn push_trimmed(
    text: &str,
    r: Range<usize>,
    base: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let s = &text[r.clone()];
    // What follows the leading space and any list or quote markers (a suffix of `s`).
    let mut rest = s.trim_start();
    loop {
        let before = rest.len();
        for marker in ["> ", "- ", "* ", "+ "] {
            rest = rest.strip_prefix(marker).unwrap_or(rest).trim_start();
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) {
            rest = rest[digits + 2..].trim_start();
        }
        if rest.len() == before {
            break;
        }
    }
    let t = rest.trim_end();
    if t.is_empty() || t.chars().all(|c| c == MASK) {
        return;
    }
    let start = base + r.start + (s.len() - rest.len());
    out.push(Sentence {
        range: start..start + t.len(),
        paragraph,
    });
}

/// The ASCII digit runs of a match, as numbers.
fn numbers(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect()
}

fn ends_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.ends_with(w))
}

fn starts_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.starts_with(w))
}

/// Does the text before a match end a clause (or the sentence start there)?
fn at_clause_start(before: &str) -> bool {
    match before.chars().next_back() {
        None => true,
        Some(c) => {
            c == MASK
                || matches!(
                    c,
                    '，' | ','
                        | '、'
                        | '：'
                        | ':'
                        | '（'
                        | '('
                        | '“'
                        | '"'
                        | '「'
                        | '；'
                        | ';'
                        | '。'
                        | '！'
                        | '？'
                        | '*'
                        | '—'
                )
        }
    }
}

fn after_marker(before: &str) -> bool {
    ends_with_any(before, &TIME_MARKERS) && !ends_with_any(before, &NOT_TIME_MARKERS)
}

/// A year written in Chinese numerals right before the match (二〇二一年6月8日).
fn chinese_year(before: &str) -> Option<i32> {
    let rest = before.strip_suffix('年')?;
    let digits: Vec<char> = rest.chars().rev().take(4).collect();
    if digits.len() < 4 {
        return None;
    }
    let mut year = 0;
    for c in digits.iter().rev() {
        let d = "〇一二三四五六七八九"
            .chars()
            .position(|x| x == *c)
            .or_else(|| (*c == '零').then_some(0))?;
        year = year * 10 + d as i32;
    }
    Some(year)
}

fn month_index(d: PartialDate) -> i32 {
    d.year * 12 + i32::from(d.month.unwrap_or(1)) - 1
}

/// The latest (month, day) not after the bulletin date.
fn default_year(bulletin: Option<PartialDate>, month: u8, day: Option<u8>) -> Option<i32> {
    let b = bulletin?;
    Some(match (b.month, b.day) {
        (Some(bm), Some(bd)) => {
            if (month, day.unwrap_or(0)) > (bm, bd) {
                b.year - 1
            } else {
                b.year
            }
        }
        (Some(bm), None) => {
            if month > bm {
                b.year - 1
            } else {
                b.year
            }
        }
        _ => b.year,
    })
}

/// For a planned date: `year` (the latest reading not after the bulletin) or the year
/// after, whichever puts the month nearer the bulletin.
fn nearest_year(bulletin: Option<PartialDate>, year: i32, month: u8) -> i32 {
    let Some(b) = bulletin.filter(|b| b.month.is_some()) else {
        return year;
    };
    let at = |y: i32| {
        month_index(PartialDate {
            year: y,
            month: Some(month),
            day: None,
        })
    };
    let here = month_index(b.to_month());
    if at(year + 1) - here < here - at(year) {
        year + 1
    } else {
        year
    }
}

/// The first (month, day) on or after a stated month (or day).
fn year_after(anchor: PartialDate, month: u8, day: Option<u8>) -> i32 {
    let am = anchor.month.unwrap_or(1);
    let earlier = match (anchor.day, day) {
        (Some(ad), Some(d)) => (month, d) < (am, ad),
        _ => month < am,
    };
    if earlier {
        anchor.year + 1
    } else {
        anchor.year
    }
}

fn make_date(year: i32, month: Option<u32>, day: Option<u32>) -> Option<PartialDate> {
    if !(1800..=2100).contains(&year) {
        return None;
    }
    match (month, day) {
        (Some(m), Some(d)) => PartialDate::ymd(year, m, d),
        (Some(m), None) => PartialDate::ym(year, m),
        _ => Some(PartialDate {
            year,
            month: None,
            day: None,
        }),
    }
}

/// One date found in a sentence: its date, and where it is (byte range in the body).
#[derive(Debug, Clone)]
struct Found {
    date: PartialDate,
    range: Range<usize>,
}

/// The dates a sentence states. `anchor` is the month-or-better date stated last before
/// it in the paragraph (this sentence or the previous one); it is updated as dates are found.
fn dates_in_sentence(
    masked: &str,
    range: Range<usize>,
    bulletin: Option<PartialDate>,
    anchor: &mut Option<PartialDate>,
) -> Vec<Found> {
    let s = &masked[range.clone()];
    let mut found: Vec<Found> = Vec::new();
    for caps in DATE.captures_iter(s) {
        let whole = caps.get(0).expect("group 0");
        let form = if caps.name("ymd").is_some() {
            Form::Ymd
        } else if caps.name("iso").is_some() {
            Form::Iso
        } else if caps.name("ym").is_some() {
            Form::Ym
        } else if caps.name("y").is_some() {
            Form::Y
        } else if caps.name("md").is_some() {
            Form::Md
        } else {
            Form::M
        };
        let before_raw = &s[..whole.start()];
        let before = before_raw.trim_end();
        let after = s[whole.end()..].trim_start();
        let prev = before_raw.chars().next_back();
        // Part of a longer number or code.
        if prev.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        if form == Form::Iso {
            if prev.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_'))
            {
                continue;
            }
            let next = s[whole.end()..].chars().next();
            if next.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_')) {
                continue;
            }
        }
        // Inside a document title: 《2021 年美国创新与竞争法案》.
        if before.matches('《').count() > before.matches('》').count() {
            continue;
        }
        // The end of a range, a target, a deadline: 2021~2027年, 到2025年, 截至2020年底.
        if ends_with_any(before, &RANGE_OR_TARGET_BEFORE) {
            continue;
        }
        // The start of a range: 2021 年至 2025 年, 6月1日-30日, 2020年至今.
        let mut a = after.chars();
        let first = a.next();
        let second = a.as_str().trim_start().chars().next();
        let range_follows = match first {
            Some('~' | '～' | '-' | '—' | '–' | '－' | '〜') => {
                second.is_some_and(|c| c.is_ascii_digit())
            }
            Some('至' | '到') => second.is_some_and(|c| c.is_ascii_digit() || c == '今'),
            _ => false,
        };
        if range_follows {
            continue;
        }
        // A deadline: 6月30日前, 2025年以前, 5月底前.
        let part = ["底", "初", "末", "中旬", "上旬", "下旬", "份"]
            .iter()
            .find_map(|p| after.strip_prefix(p))
            .unwrap_or(after);
        if part.starts_with("以前")
            || part.starts_with("之前")
            || (part.starts_with('前') && !part.starts_with("前往") && !part.starts_with("前夕"))
        {
            continue;
        }
        let nums = numbers(whole.as_str());
        let date_start = range.start + whole.start();
        let mut start = date_start;
        let date = match form {
            Form::Ymd | Form::Iso => {
                if form == Form::Iso {
                    let seps: Vec<char> = whole
                        .as_str()
                        .chars()
                        .filter(|c| !c.is_ascii_digit())
                        .collect();
                    if seps.len() != 2 || seps[0] != seps[1] {
                        continue;
                    }
                }
                make_date(nums[0] as i32, Some(nums[1]), Some(nums[2]))
            }
            Form::Ym => make_date(nums[0] as i32, Some(nums[1]), None),
            Form::Y => {
                let reads_as_time = after_marker(before)
                    || (at_clause_start(before) && !before.ends_with(['“', '"']));
                let not_a_time = starts_with_any(
                    after,
                    &[
                        "代", "度", "以来", "之后", "以后", "后", "的", "版", "报", "级", "届",
                        "期", "内", "将",
                    ],
                ) || after.starts_with(|c: char| c.is_ascii_digit());
                // A bare year after the bulletin's is a plan or a target (在 2050 年达到净零).
                let planned = bulletin.is_some_and(|b| nums[0] as i32 > b.year);
                if !reads_as_time || not_a_time || planned {
                    continue;
                }
                make_date(nums[0] as i32, None, None)
            }
            Form::Md | Form::M => {
                let month = nums[0];
                let day = nums.get(1).copied();
                if !(1..=12).contains(&month) {
                    continue;
                }
                let relative = RELATIVE
                    .iter()
                    .find(|(w, _)| before.trim_end_matches('的').ends_with(w));
                let same_year = ends_with_any(before, &SAME_YEAR);
                if form == Form::M {
                    let reads_as_time = relative.is_some()
                        || same_year
                        || after_marker(before)
                        || at_clause_start(before);
                    // 从8月的略低于100万辆: a month as a point of comparison, not an event.
                    let compared = relative.is_none()
                        && (after.starts_with('的') || after.starts_with("份的"));
                    if !reads_as_time
                        || compared
                        || starts_with_any(after, &["以来", "份以来", "期", "龄"])
                    {
                        continue;
                    }
                }
                let year = if let Some((w, delta)) = relative {
                    start = range.start + before.trim_end_matches('的').len() - w.len();
                    bulletin.map(|b| b.year + delta)
                } else if same_year {
                    start = range.start + before.len() - "同年".len();
                    anchor
                        .map(|a| a.year)
                        .or_else(|| default_year(bulletin, month as u8, day.map(|d| d as u8)))
                } else if before.ends_with('年') {
                    match chinese_year(before) {
                        Some(y) => {
                            start = range.start + before.len()
                                - before
                                    .chars()
                                    .rev()
                                    .take(5)
                                    .map(char::len_utf8)
                                    .sum::<usize>();
                            Some(y)
                        }
                        // 21年6月8日 and the like: which century is not ours to guess.
                        None => continue,
                    }
                } else {
                    let m = month as u8;
                    let d = day.map(|d| d as u8);
                    let mut by_bulletin = default_year(bulletin, m, d);
                    if ends_with_any(before, &FUTURE_BEFORE) {
                        by_bulletin = by_bulletin.map(|y| nearest_year(bulletin, y, m));
                    }
                    match (*anchor, by_bulletin) {
                        (Some(a), Some(y)) => {
                            let reading = PartialDate {
                                year: y,
                                month: Some(m),
                                day: None,
                            };
                            if month_index(reading) - month_index(a) > 12 {
                                Some(year_after(a, m, d))
                            } else {
                                Some(y)
                            }
                        }
                        (Some(a), None) => Some(year_after(a, m, d)),
                        (None, y) => y,
                    }
                };
                match year {
                    Some(y) => make_date(y, Some(month), day),
                    None => None,
                }
            }
        };
        let Some(date) = date else { continue };
        if date.month.is_some() {
            *anchor = Some(date);
        }
        if found.iter().any(|f| f.date == date) {
            continue;
        }
        found.push(Found {
            date,
            range: start..range.start + whole.end(),
        });
    }
    // A bare year already given by a fuller date of the sentence adds nothing
    // (2020年4月，…，2020年起…).
    let fuller: Vec<i32> = found
        .iter()
        .filter(|f| f.date.month.is_some())
        .map(|f| f.date.year)
        .collect();
    found.retain(|f| f.date.month.is_some() || !fuller.contains(&f.date.year));
    // A dateline or a time stamp (2021-10-19 16:01:11) is not a statement.
    if !found.is_empty() {
        let mut words = 0;
        let mut pos = range.start;
        for f in &found {
            words += crate::text::han_count(&masked[pos..f.range.start.max(pos)]);
            pos = pos.max(f.range.end);
        }
        words += crate::text::han_count(&masked[pos..range.end]);
        if words < MIN_STATEMENT_HAN {
            found.clear();
        }
    }
    found
}

/// The text of an event: the sentence without Markdown, cut to [`TEXT_CHARS`] around its date.
fn readable(sentence_md: &str, date_text: &str) -> String {
    let p = plain(sentence_md);
    if p.chars().count() <= TEXT_CHARS {
        return p;
    }
    let Some(pos) = (!date_text.is_empty()).then(|| p.find(date_text)).flatten() else {
        return truncate_chars(&p, TEXT_CHARS);
    };
    let date_end_chars = p[..pos].chars().count() + date_text.chars().count();
    if date_end_chars + 20 <= TEXT_CHARS {
        return truncate_chars(&p, TEXT_CHARS);
    }
    // Start at the clause that holds the date (or a little before the date).
    let head = &p[..pos];
    let clause = head
        .char_indices()
        .rev()
        .take(40)
        .find(|&(_, c)| matches!(c, '，' | ',' | '；' | '：' | ';' | ':'))
        .map(|(i, c)| i + c.len_utf8());
    let start = clause.unwrap_or_else(|| head.char_indices().rev().nth(19).map_or(0, |(i, _)| i));
    format!(
        "…{}",
        truncate_chars(p[start..].trim_start(), TEXT_CHARS - 1)
    )
}

/// The automatic events of a Markdown body, resolved against the bulletin's date.
pub fn find_events(body: &str, bulletin_date: Option<PartialDate>) -> Vec<Event> {
    events_with_edits(body, bulletin_date, &[])
}

/// The events of a body with an article's front-matter edits applied.
pub fn events_with_edits(
    body: &str,
    bulletin_date: Option<PartialDate>,
    edits: &[EventEdit],
) -> Vec<Event> {
    let masked = mask_links(body);
    let sents = sentences(body, &masked);
    let mut events: Vec<(usize, Event)> = Vec::new();
    let mut anchors = 0usize;
    let mut paragraph = usize::MAX;
    // The month-or-better date stated last in the previous sentence of the same paragraph.
    let mut previous: Option<PartialDate> = None;
    for (si, sent) in sents.iter().enumerate() {
        if sent.paragraph != paragraph {
            paragraph = sent.paragraph;
            previous = None;
        }
        let mut anchor = previous;
        let found = dates_in_sentence(&masked, sent.range.clone(), bulletin_date, &mut anchor);
        previous = found
            .iter()
            .rev()
            .find(|f| f.date.month.is_some())
            .map(|f| f.date);
        if found.is_empty() {
            continue;
        }
        anchors += 1;
        let sentence = &body[sent.range.clone()];
        for f in found {
            let date_text = body[f.range.clone()].to_string();
            events.push((
                si,
                Event {
                    date: f.date,
                    precision: f.date.precision(),
                    anchor: format!("ev-{anchors}"),
                    text: readable(sentence, &date_text),
                    date_text,
                    sentence: sentence.to_string(),
                    span: Some(sent.range.clone()),
                    added: false,
                },
            ));
        }
    }
    apply_edits(body, &sents, events, anchors, edits)
}

fn apply_edits(
    body: &str,
    sents: &[Sentence],
    mut events: Vec<(usize, Event)>,
    mut anchors: usize,
    edits: &[EventEdit],
) -> Vec<Event> {
    // The anchor of every dated sentence, kept even when its events are suppressed.
    let sentence_anchor: std::collections::HashMap<usize, String> =
        events.iter().map(|(i, e)| (*i, e.anchor.clone())).collect();
    let mut added: Vec<(usize, Event)> = Vec::new();
    for edit in edits {
        match edit {
            EventEdit::Suppress { date, within } => {
                let key = squash(date);
                let within = within.as_deref().map(squash);
                events.retain(|(_, e)| {
                    let date_matches =
                        squash(&e.date_text).ends_with(&key) || e.date.to_string() == key;
                    let sentence_matches = within.as_ref().is_none_or(|w| {
                        squash(&plain(&e.sentence)).contains(w.as_str())
                            || squash(&e.sentence).contains(w.as_str())
                    });
                    !(date_matches && sentence_matches)
                });
            }
            EventEdit::Add { date, text } => {
                let key = squash(&plain(text));
                let at = (!key.is_empty())
                    .then(|| {
                        sents
                            .iter()
                            .position(|s| squash(&plain(&body[s.range.clone()])).contains(&key))
                    })
                    .flatten();
                let event = match at {
                    Some(si) => {
                        let range = sents[si].range.clone();
                        let anchor = sentence_anchor
                            .get(&si)
                            .cloned()
                            .or_else(|| {
                                added
                                    .iter()
                                    .find(|(i, _)| *i == si)
                                    .map(|(_, e)| e.anchor.clone())
                            })
                            .unwrap_or_else(|| {
                                anchors += 1;
                                format!("ev-{anchors}")
                            });
                        events.retain(|(i, e)| !(*i == si && e.date == *date));
                        (
                            si,
                            Event {
                                date: *date,
                                precision: date.precision(),
                                anchor,
                                date_text: String::new(),
                                sentence: body[range.clone()].to_string(),
                                span: Some(range),
                                text: truncate_chars(&plain(text), TEXT_CHARS),
                                added: true,
                            },
                        )
                    }
                    None => {
                        anchors += 1;
                        (
                            usize::MAX,
                            Event {
                                date: *date,
                                precision: date.precision(),
                                anchor: format!("ev-{anchors}"),
                                date_text: String::new(),
                                sentence: text.clone(),
                                span: None,
                                text: truncate_chars(&plain(text), TEXT_CHARS),
                                added: true,
                            },
                        )
                    }
                };
                added.push(event);
            }
        }
    }
    events.extend(added);
    events.sort_by_key(|(si, _)| *si);
    events.into_iter().map(|(_, e)| e).collect()
}

/// The anchors of an article page: each `ev-N` once, with the sentence it goes on
/// (`None`: at the top of the body). Every event's `anchor` is among them.
pub fn anchors(events: &[Event]) -> Vec<(String, Option<Range<usize>>)> {
    let mut out: Vec<(String, Option<Range<usize>>)> = Vec::new();
    for e in events {
        if !out.iter().any(|(a, _)| *a == e.anchor) {
            out.push((e.anchor.clone(), e.span.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        Some(s.parse().unwrap())
    }

    /// (date, date as written) of each event of `body` in a bulletin of `bulletin`.
    fn dates(body: &str, bulletin: &str) -> Vec<(String, String)> {
        find_events(body, d(bulletin))
            .into_iter()
            .map(|e| (e.date.to_string(), e.date_text))
            .collect()
    }

    fn only_dates(body: &str, bulletin: &str) -> Vec<String> {
        dates(body, bulletin).into_iter().map(|(d, _)| d).collect()
    }

    #[test]
    fn full_month_and_year_dates() {
        assert_eq!(
            only_dates("2021年10月15日，会议召开。", "2021-11"),
            ["2021-10-15"]
        );
        assert_eq!(
            only_dates("2021 年 10 月 15 日，会议召开。", "2021-11"),
            ["2021-10-15"]
        );
        assert_eq!(
            only_dates("会议于2021-10-15召开。", "2021-11"),
            ["2021-10-15"]
        );
        assert_eq!(only_dates("2020年4月，法案生效。", "2021-11"), ["2020-04"]);
        assert_eq!(only_dates("美国于2016年发布战略。", "2021-11"), ["2016"]);
        assert_eq!(only_dates("2016年，美国发布战略。", "2021-11"), ["2016"]);
    }

    #[test]
    fn yearless_dates_take_the_latest_year_not_after_the_bulletin() {
        assert_eq!(
            only_dates("6 月 8 日，参议院通过法案。", "2021-08-05"),
            ["2021-06-08"]
        );
        assert_eq!(
            only_dates("6月8日，参议院通过法案。", "2021-08-05"),
            ["2021-06-08"]
        );
        assert_eq!(
            only_dates("4 月 20 日，会议召开。", "2021-04"),
            ["2021-04-20"]
        );
        assert_eq!(
            only_dates("9 月 1 日，会议召开。", "2021-08-05"),
            ["2020-09-01"]
        );
        assert_eq!(
            only_dates("12月30日，会议召开。", "2021-01-05"),
            ["2020-12-30"]
        );
        assert_eq!(
            only_dates("6 月，法国总统马克龙公开介绍倡议。", "2021-08-05"),
            ["2021-06"]
        );
        assert!(only_dates("6月8日，参议院通过法案。", "2021").contains(&"2021-06-08".to_string()));
        assert!(find_events("6月8日，参议院通过法案。", None).is_empty());
    }

    #[test]
    fn relative_years() {
        assert_eq!(
            dates("今年 3 月 31 日，上海有关部门制发意见。", "2021-04"),
            [("2021-03-31".to_string(), "今年 3 月 31 日".to_string())]
        );
        assert_eq!(
            only_dates("法国于去年 9 月发布 1000 亿欧元的经济复苏计划，其中来自欧盟的 400 亿欧元已于 6 月 23 日获批准。", "2021-08-05"),
            ["2020-09", "2021-06-23"]
        );
        assert_eq!(
            only_dates("明年1月1日起施行。", "2021-08-05"),
            ["2022-01-01"]
        );
        // A plan: the nearer reading, after the bulletin when that is nearer.
        assert_eq!(
            only_dates("年度工作计划：9月在经济产业省设立数字化厅。", "2021-08-05"),
            ["2021-09"]
        );
        assert_eq!(
            only_dates("新规将于6月30日起施行。", "2021-08-05"),
            ["2021-06-30"]
        );
    }

    #[test]
    fn ranges_targets_and_fiscal_years_are_not_events() {
        for s in [
            "欧盟发布 2021~2027 年战略计划。",
            "提出 2021-2035 年的发展目标。",
            "到2025年，我国标准化发展将实现“四个转变”。",
            "到 2025 年，我国标准化发展将实现“四个转变”。",
            "希望欧洲至 2030 年打造 10 家科技巨头。",
            "2022 财年将为该基金拨款 240 亿美元。",
            "2022财年将为该基金拨款 240 亿美元。",
            "计划在 2022~2026 财年拨款近 540 亿美元。",
            "《2021 年美国创新与竞争法案》很重要。",
            "截至2020年底，共有100家。",
            "2021年度报告发布。",
            "1990年代以来，产业变化很大。",
            "2020年以来，疫情持续。",
            "2021年6月至8月，开展检查。",
            "6月1日至30日，开展检查。",
            "请于6月30日前提交。",
            "较 2021 年预算上调了 23%。",
            "股市几乎像1929年和1987年那样大幅下跌。",
            "1-3月，投诉量上升。",
            "见 https://www.cqn.com.cn/2021-04/29/content_8688604.htm 。",
            "项目持续12个月。",
        ] {
            assert!(
                only_dates(s, "2021-08-05").is_empty(),
                "{s}: {:?}",
                only_dates(s, "2021-08-05")
            );
        }
    }

    #[test]
    fn footnotes_tables_headings_and_urls_are_not_events() {
        let body = "## 2021年6月8日的会议\n\n正文没有日期。[^1]\n\n| 2021年6月8日 | 通过 |\n| --- | --- |\n\n[^1]: 2021年6月9日发布，<https://x.cn/2021-06-10/a>\n    2021年6月11日续行\n";
        assert!(
            find_events(body, d("2021-08-05")).is_empty(),
            "{:?}",
            find_events(body, d("2021-08-05"))
        );
    }

    #[test]
    fn a_narrative_about_an_earlier_year_keeps_its_year() {
        let body = "一系列新的产业政策正在形成。2020年3月,当新冠肺炎将释放一场全球性的疫情变得清晰时,股市几乎像1929年和1987年那样大幅下跌。在3月23日的低点,美国股市损失了30%的价值。";
        assert_eq!(only_dates(body, "2025-02-28"), ["2020-03", "2020-03-23"]);
        // A yearless date close to the bulletin keeps the bulletin's reading.
        let body = "法国于去年 9 月发布计划。6 月 23 日获批准。";
        assert_eq!(only_dates(body, "2021-08-05"), ["2020-09", "2021-06-23"]);
        // Not across paragraphs.
        assert_eq!(
            only_dates(
                "2020年3月，美国股市下跌。\n\n3月23日，美国股市回升。",
                "2025-02-28"
            ),
            ["2020-03", "2024-03-23"]
        );
    }

    #[test]
    fn anchors_and_spans_point_at_the_sentence() {
        let body = "**1、借经济复苏计划支持制造业发展**。法国于去年 9 月发布计划[^1]，6 月 23 日获批准。没有日期。\n\n- 5月28日，美国总统公布预算纲要。\n";
        let ev = find_events(body, d("2021-08-05"));
        assert_eq!(ev.len(), 3);
        assert_eq!(ev[0].anchor, "ev-1");
        assert_eq!(ev[1].anchor, "ev-1");
        assert_eq!(ev[2].anchor, "ev-2");
        assert_eq!(
            &body[ev[0].span.clone().unwrap()],
            "法国于去年 9 月发布计划[^1]，6 月 23 日获批准。"
        );
        assert_eq!(
            ev[0].sentence,
            "法国于去年 9 月发布计划[^1]，6 月 23 日获批准。"
        );
        assert_eq!(ev[0].text, "法国于去年 9 月发布计划，6 月 23 日获批准。");
        assert_eq!(
            &body[ev[2].span.clone().unwrap()],
            "5月28日，美国总统公布预算纲要。"
        );
        assert_eq!(anchors(&ev).len(), 2);
    }

    #[test]
    fn long_sentences_are_cut_around_the_date_at_a_character_boundary() {
        let long = format!(
            "{}，6月8日，参议院通过{}。",
            "很长的背景".repeat(30),
            "法案".repeat(80)
        );
        let ev = find_events(&long, d("2021-08-05"));
        assert_eq!(ev.len(), 1);
        let t = &ev[0].text;
        assert!(t.chars().count() <= TEXT_CHARS + 1, "{t}");
        assert!(
            t.starts_with('…') && t.contains("6月8日") && t.ends_with('…'),
            "{t}"
        );
    }

    #[test]
    fn front_matter_adds_and_suppresses() {
        let body = "5 月 28 日，美国总统公布了 2022 财年预算纲要。3月23日的低点出现。\n\n另一段没有日期的话。\n";
        let edits = vec![
            EventEdit::Suppress {
                date: "3月23日".into(),
                within: None,
            },
            EventEdit::Add {
                date: "2020-03-23".parse().unwrap(),
                text: "3月23日的低点".into(),
            },
            EventEdit::Add {
                date: "2021-01".parse().unwrap(),
                text: "另一段没有日期的话".into(),
            },
            EventEdit::Add {
                date: "2019".parse().unwrap(),
                text: "正文里没有的事".into(),
            },
            EventEdit::Suppress {
                date: "2021-05-28".into(),
                within: Some("不在这句".into()),
            },
        ];
        let ev = events_with_edits(body, d("2021-08-05"), &edits);
        let got: Vec<(String, &str, bool)> = ev
            .iter()
            .map(|e| (e.date.to_string(), e.anchor.as_str(), e.span.is_some()))
            .collect();
        assert_eq!(
            got,
            [
                ("2021-05-28".to_string(), "ev-1", true),
                ("2020-03-23".to_string(), "ev-2", true),
                ("2021-01".to_string(), "ev-3", true),
                ("2019".to_string(), "ev-4", false),
            ]
        );
        let ev = events_with_edits(
            body,
            d("2021-08-05"),
            &[EventEdit::Suppress {
                date: "2021-05-28".into(),
                within: Some("预算纲要".into()),
            }],
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].anchor, "ev-2", "suppressing does not renumber");
    }
}
