//! Bulletin metadata: series, issue label, publisher and date.
//!
//! A cover states some of it (`科技政策与咨询快报`, `2021年 总第086期 第08期` split
//! over two lines, `2021年8月5日`); many bulletins state none. The date is then
//! inferred, at month precision, from the latest dated source URL or, failing that,
//! the latest full date the articles report, and the evidence is recorded so an
//! editor can check it.

use super::{Diagnostic, Line};
use crate::model::{Article, PartialDate};
use crate::text;
use regex::Regex;
use std::sync::LazyLock;

/// What a cover states.
#[derive(Debug, Default, Clone)]
pub struct CoverMeta {
    pub series: Option<String>,
    pub issue: Option<String>,
    pub publisher: Option<String>,
    /// The stated date and its line.
    pub date: Option<(PartialDate, usize)>,
}

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("valid regex")
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4})-(\d{1,2})-(\d{1,2})(?:[^\d]|$)").expect("valid regex")
});
static ISSUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第\s*\d+\s*期|总\s*第\s*\d+\s*期").expect("valid regex"));
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // 2021-05-10, 2021/05/10 (whole numbers), or 20210604 at the start of a longer code.
    Regex::new(
        r"(?:^|[^\d])((?:19|20)\d{2})(?:[-/_](0[1-9]|1[0-2])[-/_](0[1-9]|[12]\d|3[01])(?:[^\d]|$)|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))",
    )
    .expect("valid regex")
});
static URL_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    // /202104/t20210427_… and /2021-04/12/…: the year-month folder, then the day.
    Regex::new(r"/((?:19|20)\d{2})-(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/").expect("valid regex")
});

/// Suffixes that name a periodical.
const SERIES_SUFFIXES: [&str; 14] = [
    "快报", "简报", "周报", "月报", "动态", "信息", "参考", "要报", "通讯", "摘编", "专报", "汇编",
    "内参", "资讯",
];

pub fn is_series_name(t: &str) -> bool {
    let n = t.chars().count();
    (4..=20).contains(&n)
        && text::han_count(t) * 10 >= n * 8
        && SERIES_SUFFIXES
            .iter()
            .any(|s| super::simplified(t).ends_with(s))
}

/// `2021 年 总第 086 期` → `2021年 总第086期`: the spaces a typesetter set between a
/// number and the Chinese words around it go (those between words stay), and the label's
/// parts are a space apart whether the extractor kept it or not (`2021年总第086期第08期`).
fn tight_numbers(label: &str) -> String {
    static PARTS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([年期])(总?第)").expect("valid regex"));
    PARTS.replace_all(&tight(label), "$1 $2").into_owned()
}

fn tight(label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    let mut out = String::with_capacity(label.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            let digit_han = a.is_ascii_digit() && text::is_han(b);
            let han_digit = text::is_han(a) && b.is_ascii_digit();
            if digit_han || han_digit {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Does the line carry an issue label (`第08期`, `總第086期`)?
pub fn has_issue_label(t: &str) -> bool {
    ISSUE.is_match(&super::simplified(t))
}

/// Reads the cover lines (everything before the TOC, less highlights).
pub fn from_cover(cover: &[Line]) -> CoverMeta {
    let mut meta = CoverMeta::default();
    let texts: Vec<&Line> = cover.iter().filter(|l| !l.text.is_empty()).collect();
    let mut publisher = Vec::new();
    let mut used = vec![false; texts.len()];
    // A running head or masthead (`科技政策与咨询快报　2021年第08期`) repeats the issue
    // label after the series name; the label standing alone is the fuller one.
    let alone = |t: &str| {
        let t = t.trim();
        has_issue_label(t)
            && !texts
                .iter()
                .any(|o| is_series_name(&o.text) && t.contains(o.text.as_str()))
    };
    let prefer_alone = texts
        .iter()
        .any(|l| alone(&l.text) && l.text.chars().count() <= 40);
    // The label with the most numbers (`总第086期 第08期` over a running head's `第08期`;
    // the first of equals), its year on the line before counted with it.
    let issue_at = texts
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.text.as_str();
            !is_series_name(t)
                && has_issue_label(t)
                && t.chars().count() <= 40
                && (alone(t) || !prefer_alone)
        })
        .max_by_key(|&(k, l)| {
            let numbers = ISSUE.find_iter(&super::simplified(&l.text)).count();
            let year = k > 0 && is_year_only(&texts[k - 1].text);
            (numbers, year, std::cmp::Reverse(k))
        })
        .map(|(k, _)| k);
    for (k, l) in texts.iter().enumerate() {
        let t = l.text.as_str();
        if meta.series.is_none() && is_series_name(t) {
            meta.series = Some(t.to_string());
            used[k] = true;
        } else if issue_at == Some(k) {
            let mut label = text::collapse_spaces(t);
            // A running head on the cover (`科技政策与咨询快报 2021年 总第086期 第08期`):
            // the series name, then the label.
            if let Some((name, rest)) = label.split_once([' ', '\u{3000}']) {
                if is_series_name(name) && has_issue_label(rest) {
                    meta.series.get_or_insert_with(|| name.to_string());
                    label = rest.trim().to_string();
                }
            }
            // The same without the space (`pdftotext -raw`): the series name the cover
            // prints on a line of its own, glued to the label.
            let glued = texts
                .iter()
                .filter(|o| is_series_name(&o.text))
                .find_map(|o| label.strip_prefix(o.text.trim()))
                .filter(|rest| has_issue_label(rest))
                .map(|rest| rest.trim().to_string());
            if let Some(rest) = glued {
                label = rest;
            }
            // `2021年` alone on the line before: the label was split over two lines.
            if k > 0 && is_year_only(&texts[k - 1].text) {
                label = format!("{} {label}", text::collapse_spaces(&texts[k - 1].text));
                used[k - 1] = true;
            }
            meta.issue = Some(tight_numbers(&label));
            used[k] = true;
        } else if meta.date.is_none() && is_date_line(t) {
            meta.date = full_dates(t).first().map(|d| (*d, l.no));
            used[k] = true;
        }
    }
    for (k, l) in texts.iter().enumerate() {
        let t = l.text.as_str();
        let english = text::latin_ratio(t) > 0.6;
        if !used[k]
            && meta.series.as_deref() != Some(t.trim())
            && !english
            && !is_year_only(t)
            && !has_issue_label(t)
            && t.chars().count() <= 30
            && text::han_count(t) >= 2
        {
            publisher.push(text::collapse_spaces(t));
        }
    }
    if !publisher.is_empty() {
        meta.publisher = Some(publisher.join(" "));
    }
    meta
}

fn is_year_only(t: &str) -> bool {
    let t = t.trim();
    t.strip_suffix('年')
        .is_some_and(|y| y.trim().len() == 4 && y.trim().chars().all(|c| c.is_ascii_digit()))
}

/// A line that is a date and nothing else (`2021年8月5日`, `2025年2月28日`).
pub fn is_date_line(t: &str) -> bool {
    FULL_DATE
        .find(t)
        .is_some_and(|m| m.start() == 0 && t[m.end()..].trim().is_empty())
        || ISO_DATE
            .find(t.trim())
            .is_some_and(|m| m.as_str().trim().len() == t.trim().len())
}

/// A byline that carries the date: `来源：创新联合体　发布时间：2025-02-28`,
/// `创新联合体 2025.02.28`, `文/张三 2025年2月28日`. Its words, less their labels, are one
/// date and at most one name (an account or an author): the date and the name.
pub fn dated_byline(t: &str) -> Option<(PartialDate, Option<String>)> {
    static DOTTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$").expect("valid regex"));
    const LABELS: [&str; 9] = [
        "发布时间",
        "发布日期",
        "时间",
        "日期",
        "来源",
        "作者",
        "文",
        "發佈時間",
        "來源",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 2 || words.len() > 3 {
        return None;
    }
    let mut date = None;
    let mut who = None;
    for w in words {
        let bare = LABELS
            .iter()
            .find_map(|l| {
                w.strip_prefix(l)
                    .and_then(|r| r.strip_prefix(['：', ':', '/', '／']))
            })
            .unwrap_or(w);
        let as_date = full_dates(bare)
            .into_iter()
            .next()
            .filter(|_| is_date_line(bare))
            .or_else(|| {
                let c = DOTTED.captures(bare)?;
                let n = |i: usize| c[i].parse::<u32>().ok();
                PartialDate::ymd(n(1)? as i32, n(2)?, n(3)?)
            });
        match as_date {
            Some(d) if date.is_none() => date = Some(d),
            Some(_) => return None,
            None if who.is_none()
                && !bare.is_empty()
                && bare.chars().count() <= 12
                && bare.chars().all(|c| text::is_han(c) || c == '·') =>
            {
                who = Some(bare.to_string())
            }
            None => return None,
        }
    }
    Some((date?, who))
}

/// Every full date written in the text (2021年10月15日, 2021 年 9 月 30 日, 2021-10-19).
pub fn full_dates(t: &str) -> Vec<PartialDate> {
    let mut out = Vec::new();
    for re in [&*FULL_DATE, &*ISO_DATE] {
        for c in re.captures_iter(t) {
            let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            if let (Some(y), Some(m), Some(d)) = (n(1), n(2), n(3)) {
                if let Some(date) = PartialDate::ymd(y as i32, m, d) {
                    out.push(date);
                }
            }
        }
    }
    out
}

/// The date a URL was published, when its path says (`/t20210427_`, `/2021-04/12/`, `/2021/05/10/`).
pub fn url_date(url: &str) -> Option<PartialDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let ymd = |c: regex::Captures| {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        PartialDate::ymd(n(1)? as i32, n(2).or(n(4))?, n(3).or(n(5))?)
    };
    if let Some(d) = URL_MONTH_DAY.captures(path).and_then(ymd) {
        return Some(d);
    }
    URL_DATE.captures_iter(path).filter_map(ymd).max()
}

/// Infers a bulletin's month from its articles: the latest dated source URL, else the
/// latest full date reported in the text (not one something takes effect from).
pub fn infer_date(articles: &[Article]) -> Option<(PartialDate, String)> {
    let from_urls = articles
        .iter()
        .flat_map(|a| a.sources.iter())
        .filter_map(|u| url_date(u).map(|d| (d, u)))
        .max_by_key(|(d, _)| *d);
    if let Some((d, url)) = from_urls {
        return Some((
            d.to_month(),
            format!("the latest dated source URL, {url} ({d})"),
        ));
    }
    let mut best: Option<(PartialDate, String)> = None;
    for a in articles {
        for sentence in a.body.split(['。', '\n']) {
            if is_prospective(sentence) {
                continue;
            }
            for d in full_dates(sentence) {
                if best.as_ref().is_none_or(|(b, _)| d > *b) {
                    best = Some((d, a.title.clone()));
                }
            }
        }
    }
    best.map(|(d, title)| {
        (
            d.to_month(),
            format!("the latest reported date, {d}, in '{title}'"),
        )
    })
}

/// A sentence about what will happen (自…起施行, 将于, 到…年): its dates are not news dates.
fn is_prospective(s: &str) -> bool {
    let s = super::simplified(s);
    [
        "起施行",
        "起实施",
        "起执行",
        "起生效",
        "将于",
        "截至",
        "之前完成",
        "前完成",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// The head of a single article: a title, maybe a byline, maybe a date, then the text.
#[derive(Debug, Default)]
pub struct SingleHead {
    pub title: String,
    pub title_line: usize,
    pub authors: Vec<String>,
    /// The account or outlet named under the title (创新联合体).
    pub source_name: Option<String>,
    pub series: Option<String>,
    pub date: Option<PartialDate>,
    pub date_line: Option<usize>,
    /// Index of the first body line.
    pub body_start: usize,
}

/// Finds the title of a single article. Web reposts (seed 001) have advertising above
/// it; the title is the line above the byline and date, and what precedes it is dropped.
/// Longer than this, a first line is a paragraph, not a title.
const LONGEST_TITLE: usize = 200;

pub fn single_article_head(lines: &[Line], diags: &mut Vec<Diagnostic>) -> SingleHead {
    let texts: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].text.is_empty())
        .take(60)
        .collect();
    let mut head = SingleHead::default();
    let date_at = texts
        .iter()
        .position(|&i| is_date_line(&lines[i].text) || dated_byline(&lines[i].text).is_some());
    // `来源：创新联合体 发布时间：2025-02-28`, `创新联合体 2025.02.28`: the account and
    // the date on one line, under the title, or above it when nothing comes before.
    if let Some((k, (date, who))) =
        date_at.and_then(|k| Some((k, dated_byline(&lines[texts[k]].text)?)))
    {
        let title_k = if k == 0 { 1 } else { k - 1 };
        if let Some(&ti) = texts.get(title_k) {
            head.title = text::collapse_spaces(&lines[ti].text);
            head.title_line = lines[ti].no;
            head.date = Some(date);
            head.date_line = Some(lines[texts[k]].no);
            head.body_start = ti.max(texts[k]) + 1;
            if let Some(who) = who {
                let n = who.chars().count();
                if (2..=4).contains(&n) && who.chars().all(text::is_han) {
                    head.authors = vec![who];
                } else {
                    head.source_name = Some(who);
                }
            }
            let title_at = title_k.min(k);
            if title_at > 0 {
                let first = lines[texts[0]].no;
                let last = lines[texts[title_at - 1]].no;
                diags.push(Diagnostic::info(
                    Some(first),
                    format!("dropped {title_at} lines above the title as advertising or site navigation (lines {first}–{last})"),
                ));
            }
            return head;
        }
    }
    let title_at = match date_at {
        Some(k) if k >= 1 => {
            let before = &lines[texts[k - 1]].text;
            let is_byline = k >= 2
                && before.chars().count() <= 12
                && !before
                    .chars()
                    .any(|c| text::is_cjk_punct(c) || c.is_ascii_punctuation());
            if is_byline {
                // A person signs with a 2–4 character name; anything else is the publishing account.
                let n = before.chars().count();
                if (2..=4).contains(&n) && before.chars().all(text::is_han) {
                    head.authors = vec![before.clone()];
                } else {
                    head.source_name = Some(before.clone());
                }
                k - 2
            } else {
                k - 1
            }
        }
        _ => texts
            .iter()
            .position(|&i| lines[i].md_level.is_some() && lines[i].text.chars().count() <= 80)
            .unwrap_or(0),
    };
    let Some(&ti) = texts.get(title_at) else {
        return head;
    };
    head.title = text::collapse_spaces(&lines[ti].text);
    head.title_line = lines[ti].no;
    head.body_start = ti + 1;
    if let Some(k) = date_at.filter(|&k| k > title_at) {
        let di = texts[k];
        head.date = full_dates(&lines[di].text).first().copied();
        head.date_line = Some(lines[di].no);
        head.body_start = di + 1;
    }
    let chars = head.title.chars().count();
    if chars > LONGEST_TITLE {
        // A paragraph, not a title (a converter that wrote the whole text on one line):
        // the line stays in the body and the article is named by its opening words.
        head.title = text::summarize(&head.title, 40);
        head.body_start = ti;
        head.date = None;
        head.date_line = None;
        diags.push(Diagnostic::warning(
            Some(lines[ti].no),
            format!("this line has {chars} characters, too many for a title: it stays in the text and the article is titled '{}'; set `title` in the article's front matter", head.title),
        ));
    }
    if title_at > 0 {
        let first = lines[texts[0]].no;
        let last = lines[texts[title_at - 1]].no;
        let dropped: Vec<&str> = texts[..title_at]
            .iter()
            .map(|&i| lines[i].text.as_str())
            .collect();
        if let Some(s) = dropped.iter().rev().find(|t| is_series_name(t)) {
            head.series = Some(s.to_string());
        }
        diags.push(Diagnostic::info(
            Some(first),
            format!("dropped {} lines above the title as advertising or site navigation (lines {first}–{last})", dropped.len()),
        ));
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_head_on_the_cover_gives_series_and_issue() {
        // Seed 003 typeset with its title as the running head of every page, the first too.
        let cover = crate::import::test_lines(
            "科技政策与咨询快报 2021年 总第086期 第08期\nScience & Technology Policy & Consulting\n科技政策与咨询快报\n国家高端智库\n中国科学院\n2021年8月5日",
        );
        let meta = from_cover(&cover);
        assert_eq!(meta.series.as_deref(), Some("科技政策与咨询快报"));
        assert_eq!(meta.issue.as_deref(), Some("2021年 总第086期 第08期"));
        assert_eq!(meta.publisher.as_deref(), Some("国家高端智库 中国科学院"));
    }

    #[test]
    fn a_byline_with_the_date_names_the_account_and_the_day() {
        // Seed 001's byline (创新联合体, 2025年2月28日) as other sites print it.
        let day = PartialDate::ymd(2025, 2, 28);
        assert_eq!(
            dated_byline("来源：创新联合体　　发布时间：2025-02-28"),
            Some((day.unwrap(), Some("创新联合体".to_string())))
        );
        assert_eq!(
            dated_byline("创新联合体　2025.02.28"),
            Some((day.unwrap(), Some("创新联合体".to_string())))
        );
        assert_eq!(dated_byline("2025/02/28"), None);
        assert_eq!(dated_byline("美国 2025 年通过法案"), None);
        let lines = crate::import::test_lines(
            "创新联合体　2025.02.28\n理解美国产业政策(万字长文)\n写在前面:美国产业政策作为全球经济治理体系中的核心研究议题。",
        );
        let head = single_article_head(&lines, &mut Vec::new());
        assert_eq!(head.title, "理解美国产业政策(万字长文)");
        assert_eq!(head.source_name.as_deref(), Some("创新联合体"));
        assert_eq!(head.date, day);
        assert_eq!(
            lines[head.body_start].text,
            "写在前面:美国产业政策作为全球经济治理体系中的核心研究议题。"
        );
    }

    #[test]
    fn url_dates() {
        let d = |u| url_date(u).map(|d| d.to_string());
        assert_eq!(
            d("http://www.samr.gov.cn/xw/zj/202104/t20210427_328285.html").as_deref(),
            Some("2021-04-27")
        );
        assert_eq!(
            d("http://www.cqn.com.cn/zgzb/content/2021-04/12/content_8682026.htm").as_deref(),
            Some("2021-04-12")
        );
        assert_eq!(
            d("https://itif.org/publications/2021/05/10/industry").as_deref(),
            Some("2021-05-10")
        );
        assert_eq!(
            d("https://www.meti.go.jp/press/2021/06/20210604008/20210604008.html").as_deref(),
            Some("2021-06-04")
        );
        assert_eq!(d("http://www.cca.org.cn/tsdh/detail/30052.html"), None);
    }

    #[test]
    fn dates_in_text() {
        let got: Vec<String> = full_dates(
            "发布日期 :\t2021年10月15日；2021 年 9 月 30 日；2021-10-19 16:01:11；2021年2月30日",
        )
        .iter()
        .map(|d| d.to_string())
        .collect();
        assert_eq!(got, ["2021-10-15", "2021-09-30", "2021-10-19"]);
        assert!(is_date_line("2021年8月5日"));
        assert!(!is_date_line("2021年8月5日，美国参议院通过"));
    }

    #[test]
    fn the_covers_fuller_issue_label_wins_over_the_running_head() {
        // Seed 003 from LibreOffice on US Letter: the first page's running head (series,
        // then `2021 年第 08 期`) above the cover, whose label is split after `2021 年`.
        let cover = crate::import::test_lines(
            "科技政策与咨询快报\n\n2021 年第 08 期\n\nScience & Technology Policy & Consulting\n科技政策与咨询快报\n国家高端智库\n中国科学院\n2021 年 8 月 5 日\n2021 年\n总第 086 期 第 08 期",
        );
        let meta = from_cover(&cover);
        assert_eq!(meta.issue.as_deref(), Some("2021年 总第086期 第08期"));
        assert_eq!(meta.publisher.as_deref(), Some("国家高端智库 中国科学院"));
    }

    #[test]
    fn cover_with_split_issue_label() {
        let lines: Vec<Line> = [
            "# 科技政策与咨询快报",
            "国家高端智库  ",
            "中国科学院",
            "2021年8月5日",
            "2021年  ",
            "总第086期 第08期",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(i + 1, t))
        .collect();
        let m = from_cover(&lines);
        assert_eq!(m.series.as_deref(), Some("科技政策与咨询快报"));
        assert_eq!(m.issue.as_deref(), Some("2021年 总第086期 第08期"));
        // LibreOffice spaces the numbers out: the label reads the same.
        assert_eq!(
            tight_numbers("2021 年 总第 086 期 第 08 期"),
            "2021年 总第086期 第08期"
        );
        // `pdftotext -raw`: the running head's series and label with no space at all.
        let raw = from_cover(&crate::import::test_lines(
            "科技政策与咨询快报2021年总第086期第08期\nScience&TechnologyPolicy&Consulting\n科技政策与咨询快报\n国家高端智库\n中国科学院\n2021年8月5日",
        ));
        assert_eq!(raw.issue.as_deref(), Some("2021年 总第086期 第08期"));
        assert_eq!(m.publisher.as_deref(), Some("国家高端智库 中国科学院"));
        assert_eq!(
            m.date.map(|d| d.0.to_string()).as_deref(),
            Some("2021-08-05")
        );
    }
}
