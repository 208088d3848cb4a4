//! The table of contents (目录, 栏目总览) and the highlights list (本期要目).
//!
//! A digest's TOC is the most reliable statement of its structure: columns
//! (一、质量要闻), sub-columns (1.1 国家) and article titles, in order, each with a
//! page number after a tab or dot leaders. It is parsed here and used by `segment`
//! to find article boundaries in the body; it never becomes content. The highlights
//! list repeats a few titles and is dropped.

use super::Line;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Section,
    Subsection,
    Article,
}

/// One line of the TOC.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// The title as the TOC spells it, without page number, leaders or numbering.
    pub text: String,
    pub key: String,
    /// The key of the line with its numbering (`一、质量要闻` → `一质量要闻`): a column
    /// heading in the body must carry the same numbering as in the TOC.
    pub numbered_key: String,
    pub line: usize,
}

/// Where the TOC is, and what it lists.
#[derive(Debug)]
pub struct Toc {
    /// Index of the first TOC marker line (目录 or 栏目总览).
    pub start: usize,
    /// Index of the first body line after the TOC.
    pub end: usize,
    pub entries: Vec<Entry>,
    /// Index ranges of highlight lists (本期要目) before the TOC.
    pub highlights: Vec<std::ops::Range<usize>>,
    /// Cover lines a converter put after the TOC's heading (`pdftotext` in reading order
    /// may print a large heading before the centred lines above it): indices.
    pub cover_after: Vec<usize>,
}

impl Toc {
    /// A TOC of these entries, when it lists two articles or more.
    fn of(
        start: usize,
        end: usize,
        entries: Vec<Entry>,
        highlights: &[std::ops::Range<usize>],
        cover_after: Vec<usize>,
    ) -> Option<Toc> {
        let articles = entries
            .iter()
            .filter(|e| e.kind == EntryKind::Article)
            .count();
        (articles >= 2).then(|| Toc {
            start,
            end,
            entries,
            highlights: highlights.to_vec(),
            cover_after,
        })
    }

    /// The cover: lines before the TOC, less highlight lists.
    pub fn cover_lines(&self, lines: &[Line]) -> Vec<Line> {
        lines[..self.start]
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.highlights.iter().any(|r| r.contains(i)))
            .map(|(_, l)| l.clone())
            .chain(
                self.cover_after
                    .iter()
                    .filter_map(|&i| lines.get(i).cloned()),
            )
            .collect()
    }
}

const TOC_MARKERS: [&str; 6] = [
    "目录",
    "栏目总览",
    "目次",
    "本期目录",
    "CONTENTS",
    "Contents",
];
const HIGHLIGHT_MARKERS: [&str; 4] = ["本期要目", "本期导读", "本期要点", "要目"];

fn marker_text(l: &Line) -> String {
    super::simplified(&l.text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// Finds the TOC in the first part of the file; `None` when there is none with two or more articles.
pub fn find(lines: &[Line]) -> Option<Toc> {
    let mut highlights = Vec::new();
    let limit = lines.len().min(400);
    let mut i = 0;
    while i < limit {
        let m = marker_text(&lines[i]);
        if HIGHLIGHT_MARKERS.contains(&m.as_str()) {
            let start = i;
            i += 1;
            while i < lines.len()
                && (lines[i].is_blank() || lines[i].raw.trim_start().starts_with("- "))
            {
                i += 1;
            }
            highlights.push(start..i);
            continue;
        }
        if TOC_MARKERS.contains(&m.as_str()) {
            if let Some(mut toc) =
                parse_from(lines, i, &highlights).or_else(|| parse_unpaged(lines, i, &highlights))
            {
                adopt_column_before_marker(lines, &mut toc);
                return Some(toc);
            }
        }
        i += 1;
    }
    None
}

/// A converter that reads the page by blocks (pdfminer) may print the TOC's first column
/// name before the TOC's heading (`专题评述` / `目 录` / `《2021 年…》…`). A short line
/// right before the heading, when the TOC opens with an article and the body prints that
/// line right above the TOC's first article, is the TOC's first column.
fn adopt_column_before_marker(lines: &[Line], toc: &mut Toc) {
    let Some(first) = toc.entries.first() else {
        return;
    };
    if first.kind != EntryKind::Article {
        return;
    }
    let Some(before) = (0..toc.start).rev().find(|&j| !lines[j].is_blank()) else {
        return;
    };
    let candidate = &lines[before];
    let key = line_key(&candidate.text);
    let short_name = (2..=12).contains(&key.chars().count())
        && text::han_count(&candidate.text) >= 2
        && !candidate.page_break
        && !toc.highlights.iter().any(|r| r.contains(&before));
    if !short_name {
        return;
    }
    // (From the heading on: a TOC read by the titles it lists ends at the first title the
    // body prints again, under the column name.)
    let body: Vec<&Line> = lines[toc.start + 1..]
        .iter()
        .filter(|l| !l.is_blank() && !l.page_break)
        .take(400)
        .collect();
    let heads_first_article = body
        .windows(2)
        .any(|w| line_key(&w[0].text) == key && line_key(&w[1].text) == first.key);
    if heads_first_article {
        toc.entries
            .insert(0, entry(candidate.text.trim(), candidate.no, true));
        toc.start = before;
    }
}

/// One line of the TOC region, as the parser sees it.
enum Tok {
    /// A line without a page number: a column heading, or part of a wrapped entry.
    Text(usize, String),
    /// A line ending in a page number (after a tab, dot leaders or a wide gap).
    Paged(usize, String),
    /// A page number on a line of its own: `pdftotext` puts a right-aligned number there.
    Page,
}

/// A TOC heading (目录, 栏目总览…) near the top of a file whose TOC could not be read:
/// the evidence that a digest is being read as something else.
pub fn unread_marker(lines: &[Line]) -> Option<&Line> {
    lines
        .iter()
        .take(400)
        .find(|l| TOC_MARKERS.contains(&marker_text(l).as_str()))
}

fn parse_from(lines: &[Line], start: usize, highlights: &[std::ops::Range<usize>]) -> Option<Toc> {
    let mut toks = Vec::new();
    let mut cover_after = Vec::new();
    let mut first_key: Option<String> = None;
    // The page number of the last entry that carried one.
    let mut last_page: Option<u32> = None;
    let mut i = start + 1;
    let mut end = i;
    while i < lines.len() {
        let l = &lines[i];
        if l.page_break {
            if is_bare_number(&l.raw) && !toks.is_empty() {
                toks.push(Tok::Page);
                end = i + 1;
            }
            i += 1;
            continue;
        }
        if l.is_blank() || is_leader_junk(&l.raw) || TOC_MARKERS.contains(&marker_text(l).as_str())
        {
            i += 1;
            continue;
        }
        if !toks.is_empty() && is_running_head(&l.text) {
            // The periodical's name and issue at the top of the TOC's next page.
            i += 1;
            continue;
        }
        if is_leader_page(&l.raw) && !toks.is_empty() {
            // `……… 12` alone: the leaders and page number of an entry that wrapped.
            toks.push(Tok::Page);
            i += 1;
            end = i;
            continue;
        }
        let paged = paged_entry(&l.raw).or_else(|| {
            // `日本发布综合创新战略 2021 17` (pypdf: one space before the page number):
            // a title ending in a number, and a page number that fits between the pages
            // of the entries around it.
            let (title, page) = spaced_page_number(&l.raw)?;
            let next_page = lines[i + 1..]
                .iter()
                .filter(|n| !n.is_blank() && !n.page_break)
                .take(3)
                .find_map(|n| paged_entry(&n.raw).and(trailing_page(&n.raw)))?;
            (last_page.is_some_and(|p| p <= page) && page <= next_page).then_some(title)
        });
        if let Some(title) = paged {
            last_page = trailing_page(&l.raw).or(last_page);
            first_key.get_or_insert_with(|| text::title_key(&title));
            toks.push(Tok::Paged(l.no, title));
            i += 1;
            end = i;
            continue;
        }
        let t = without_leaders(&l.text);
        let key = text::title_key(&t);
        // The body starts where the first column (or article) is printed again.
        let paged_so_far = toks.iter().filter(|t| !matches!(t, Tok::Text(..))).count();
        if paged_so_far >= 2 && first_key.as_deref() == Some(key.as_str()) {
            break;
        }
        if t.chars().count() > 100 || t.trim_end_matches('。').contains('。') {
            break;
        }
        // A TOC line without a page number is followed by one within a few lines.
        let page_follows = lines[i + 1..]
            .iter()
            .filter(|n| !(n.is_blank() || n.page_break && !is_bare_number(&n.raw)))
            .take(3)
            .any(|n| {
                paged_entry(&n.raw).is_some()
                    || is_leader_page(&n.raw)
                    || n.page_break && is_bare_number(&n.raw)
            });
        if !page_follows || key.is_empty() {
            // Cover lines `pdftotext` printed after the TOC's large heading, before the
            // first entry: the cover's, not the TOC's.
            if toks.is_empty() && cover_after.len() < 8 && t.chars().count() <= 40 {
                cover_after.push(i);
                i += 1;
                continue;
            }
            break;
        }
        first_key.get_or_insert(key);
        toks.push(Tok::Text(l.no, t));
        i += 1;
        end = i;
    }
    while end < lines.len() && lines[end].is_blank() {
        end += 1;
    }
    // The body prints each column heading again on a line of its own; the tail of a
    // wrapped title is no line of its own there.
    let body_lines: std::collections::HashSet<String> = lines[end..]
        .iter()
        .filter(|l| !l.is_blank() && l.text.chars().count() <= 12)
        .map(|l| text::title_key(&super::strip_enumerator(&l.text)))
        .collect();
    // Each TOC line the body prints again, and whether text goes on under it wherever it
    // is: a column's heading has the next title under it (where the body prints it as the
    // heading, and not in an article's text), an article's title its text.
    let toc_keys: Vec<String> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Text(_, s) | Tok::Paged(_, s) => Some(line_key(s)),
            Tok::Page => None,
        })
        .filter(|k| !k.is_empty())
        .collect();
    // (A bulletin's body, not the tail of a file that glues many together.)
    let body: Vec<&Line> = lines[end..]
        .iter()
        .filter(|l| !l.is_blank() && !l.page_break)
        .take(50_000)
        .collect();
    let mut printed: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    for (n, l) in body.iter().enumerate() {
        if l.text.chars().count() > 60 {
            continue;
        }
        let k = line_key(&l.text);
        if k.is_empty() {
            continue;
        }
        let text_follows = body.get(n + 1).is_some_and(|next| {
            let nk = line_key(&next.text);
            text::han_count(&next.text) >= 2
                && !toc_keys
                    .iter()
                    .any(|t| t.starts_with(&nk) || nk.starts_with(t.as_str()))
        });
        *printed.entry(k).or_insert(true) &= text_follows;
    }
    // Lines before the first entry that the body never prints and no numbering marks as a
    // column: the cover's (`中国科学院`, `2021年8月5日`), put after the heading by the
    // extractor.
    while let Some(Tok::Text(no, t)) = toks.first() {
        if is_section_label(t) || is_subsection_label(t) || printed.contains_key(&line_key(t)) {
            break;
        }
        if let Some(i) = lines.iter().position(|l| l.no == *no) {
            cover_after.push(i);
        }
        toks.remove(0);
    }
    let entries = group_entries(
        &toks,
        &|t: &str| body_lines.contains(&text::title_key(t)),
        &|t: &str| printed.get(&line_key(t)).copied(),
        // The body prints the line, or its first part as a wrapped title's first line.
        &|t: &str| {
            let k: Vec<char> = line_key(t).chars().collect();
            ((k.len() * 6).div_ceil(10).max(1)..=k.len())
                .any(|n| printed.contains_key(&k[..n].iter().collect::<String>()))
        },
    );
    Toc::of(start, end, entries, highlights, cover_after)
}

/// A TOC or body line keyed without its numbering (`1. 标题`, `一、栏目`).
fn line_key(t: &str) -> String {
    let t = without_title_number(t).unwrap_or(t);
    text::title_key(&super::strip_enumerator(t))
}

/// A TOC printed without page numbers: a list of columns and titles, as a web page, a
/// word processor's list or a typesetter without leaders prints it. Nothing on its lines
/// says they are a TOC; the body does: the body prints each again, in the same order, as
/// a heading. The TOC runs from the marker to where its first entry is printed again; an
/// entry wrapped over two or three lines is the lines whose joined text the body prints;
/// an entry the body prints with nothing between it and the next entry is a column (one
/// numbered like `（一）` or `1.1` there, or following another column directly, a
/// sub-column), any other an article.
fn parse_unpaged(
    lines: &[Line],
    start: usize,
    highlights: &[std::ops::Range<usize>],
) -> Option<Toc> {
    // (A line that does carry a page number is read without it: a TOC may give some.)
    let key_of = |l: &Line| {
        let t = paged_entry(&l.raw).unwrap_or_else(|| l.text.clone());
        text::title_key(&super::strip_enumerator(&t))
    };
    // The title-like lines after the marker, up to the first paragraph or source line.
    let mut cand: Vec<usize> = Vec::new();
    let mut i = start + 1;
    while i < lines.len() && cand.len() < 300 {
        let l = &lines[i];
        let skip = l.page_break
            || l.is_blank()
            || is_leader_junk(&l.raw)
            || TOC_MARKERS.contains(&marker_text(l).as_str())
            || is_bare_number(&l.raw)
            || !cand.is_empty() && is_running_head(&l.text);
        if !skip {
            let t = l.text.trim_start_matches(['-', '*', '•', '·', ' ']);
            let title_like = t.chars().count() <= 80
                && !t.contains('\t')
                && !t.trim_end_matches('。').contains('。')
                && !text::ends_sentence(t)
                && super::source_link(t).ok().flatten().is_none()
                && !t.contains("://");
            if !title_like {
                break;
            }
            cand.push(i);
        }
        i += 1;
    }
    // The first line printed again further down starts the TOC; the body starts there.
    // Each candidate keyed once: the search below compares every pair.
    let keys: Vec<String> = cand.iter().map(|&c| key_of(&lines[c])).collect();
    let (c0, p) = (0..cand.len()).find_map(|a| {
        if keys[a].chars().count() < 2 {
            return None;
        }
        (a + 1..cand.len())
            .find(|&b| keys[b] == keys[a])
            .map(|b| (a, b))
    })?;
    let end = cand[p];
    let toc_lines = &cand[c0..p];
    let toc_keys = &keys[c0..p];
    // The body's headings: each line alone, and joined with the next one or two lines
    // (a title the body wraps), keyed without their numbering.
    let body: Vec<usize> = (end..lines.len())
        .filter(|&j| !lines[j].is_blank() && !lines[j].page_break)
        .collect();
    let mut printed: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, &j) in body.iter().enumerate() {
        if lines[j].text.chars().count() > 120 {
            continue;
        }
        // (A title the body numbers `1. 2021 年…` is the title without its number too.)
        if let Some(t) = without_title_number(&lines[j].text) {
            let mut k = text::title_key(t);
            printed.entry(k.clone()).or_insert(n);
            if let Some(&next) = body.get(n + 1) {
                k.push_str(&text::title_key(&lines[next].text));
                printed.entry(k).or_insert(n);
            }
        }
        let mut k = key_of(&lines[j]);
        printed.entry(k.clone()).or_insert(n);
        for &next in body.iter().skip(n + 1).take(2) {
            k.push_str(&text::title_key(&lines[next].text));
            printed.entry(k.clone()).or_insert(n);
        }
    }
    // Entries: TOC lines, a wrapped one joined with its continuation lines.
    let widest = toc_lines
        .iter()
        .map(|&x| width(&lines[x].text))
        .max()
        .unwrap_or(0);
    let mut found: Vec<(usize, String, usize)> = Vec::new(); // (TOC index, title, body position)
    let mut unmatched = 0;
    let mut k = 0;
    while k < toc_lines.len() {
        let parts = |n: usize| &toc_lines[k..(k + n).min(toc_lines.len())];
        // No title ends on a colon or an opening quote, none starts on a comma or a closing
        // quote: `pdftotext -raw` breaks `刘卫军：` / `“一次认证、市场通行”` / `，畅通…`
        // there, and so the body's copy, which would match the first part alone.
        let unfinished = |n: usize| {
            let ps = parts(n);
            let open_end = ps.last().is_some_and(|&x| {
                lines[x]
                    .text
                    .trim_end()
                    .ends_with(['：', ':', '，', '、', '“', '‘', '《', '（', '('])
            });
            let closing_next = toc_lines.get(k + ps.len()).is_some_and(|&x| {
                lines[x].text.trim_start().starts_with([
                    '，', '。', '、', '；', '：', '！', '？', '）', '》', '”', '’',
                ])
            });
            open_end || closing_next
        };
        let attempt = |n: usize| {
            let ps = parts(n);
            let key: String = toc_keys[k..k + ps.len()].concat();
            printed
                .get(&key)
                .map(|&pos| (ps.len(), pos, 0))
                .or_else(|| {
                    // `pdftotext -raw` glues the page number to the title (`…竞争1`): the
                    // body prints the title without it.
                    let last = ps.last().map_or("", |&x| lines[x].text.trim());
                    let glued = glued_page_digits(last);
                    printed
                        .get(&key[..key.len() - glued])
                        .filter(|_| glued > 0)
                        .map(|&pos| (ps.len(), pos, glued))
                })
        };
        let hit = (1..=3)
            .filter(|&n| !unfinished(n))
            .find_map(attempt)
            .or_else(|| (1..=3).find_map(attempt));
        // A title the TOC wraps at full width the body may wrap at the same place: the
        // first part alone is printed as well, but the body prints both parts together
        // where it prints the first.
        let hit = match hit {
            Some((1, pos, 0)) if widest > 0 && width(&lines[toc_lines[k]].text) + 4 >= widest => {
                attempt(2).filter(|&(n, p2, _)| n == 2 && p2 == pos).or(hit)
            }
            _ => hit,
        };
        match hit {
            Some((n, pos, glued)) => {
                let mut title = join_wrapped(
                    parts(n)
                        .iter()
                        .map(|&x| {
                            paged_entry(&lines[x].raw)
                                .unwrap_or_else(|| lines[x].text.trim().to_string())
                        })
                        .collect::<Vec<_>>()
                        .iter()
                        .map(String::as_str),
                );
                if glued > 0 {
                    let t = title.trim_end();
                    let keep = t
                        .char_indices()
                        .rev()
                        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
                        .take(glued)
                        .last()
                        .map_or(t.len(), |(i, _)| i);
                    title = t[..keep].trim_end().to_string();
                }
                found.push((toc_lines[k], title, pos));
                k += n;
            }
            None => {
                unmatched += 1;
                k += 1;
            }
        }
    }
    if found.len() < 3 || unmatched * 5 > found.len() {
        return None;
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut previous_heading = false;
    for (n, (idx, title, pos)) in found.iter().enumerate() {
        let body_line = &lines[body[*pos]];
        // A heading has the next entry right under it in the body.
        let next_pos = found.get(n + 1).map(|f| f.2);
        let heading = next_pos == Some(pos + 1)
            || is_section_label(title)
            || is_subsection_label(title)
            || is_section_label(&body_line.text)
            || is_subsection_label(&body_line.text)
            || is_paren_numbered(&body_line.text) && next_pos.is_some();
        let mut e = entry(title, lines[*idx].no, heading);
        if heading {
            // A later sub-column that, like the column's first, names only a scope
            // (`国家`, then `区域·地方`, `行业`): that sub-column's sibling.
            let scope_sibling = !is_section_label(&body_line.text)
                && !is_section_label(title)
                && is_scope_name(title)
                && opens_with_scope_subsection(&entries);
            let sub = is_subsection_label(&body_line.text)
                || is_paren_numbered(&body_line.text)
                || scope_sibling
                || previous_heading
                    && !is_section_label(&body_line.text)
                    && !is_section_label(title);
            if sub {
                e.kind = EntryKind::Subsection;
            }
        }
        previous_heading = heading && e.kind == EntryKind::Section;
        entries.push(e);
    }
    Toc::of(start, end, entries, highlights, cand[..c0].to_vec())
}

/// How many ASCII digits (one to three, after a character that is no digit) end a TOC
/// line: a page number an extractor printed with no space before it.
fn glued_page_digits(line: &str) -> usize {
    let digits = line.len() - line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=3).contains(&digits) && line.len() > digits {
        digits
    } else {
        0
    }
}

/// Display width: a CJK character counts two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// Turns the TOC lines into entries. An entry whose title is too long for one line wraps:
/// its first lines are as wide as the widest TOC lines and carry no page number, which
/// the last part carries (or a number line after it, or, in `pdftotext` reading order,
/// a number line before a short last part). A short line without a page number is a
/// column heading, whatever marks it has; so is a short line after a full-width entry when
/// the body prints it again (`heads_in_body`), else it ends that entry. A column's name right
/// under another's, with no article between them, is that column's first sub-column.
fn group_entries(
    toks: &[Tok],
    heads_in_body: &dyn Fn(&str) -> bool,
    in_body: &dyn Fn(&str) -> Option<bool>,
    starts_body_line: &dyn Fn(&str) -> bool,
) -> Vec<Entry> {
    let widest = toks
        .iter()
        .map(|t| match t {
            Tok::Text(_, s) | Tok::Paged(_, s) => width(s),
            Tok::Page => 0,
        })
        .max()
        .unwrap_or(0);
    let long = |s: &str| width(s) * 10 >= widest * 7 && width(s) >= 24;
    let is_label = |s: &str| is_section_label(s) || is_subsection_label(s);
    let mut entries: Vec<Entry> = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut after_page = false;
    let mut closed_by_number = false;
    let mut last_paged_no = 0;
    let flush = |pending: &mut Vec<(usize, String)>,
                 last: Option<(usize, String)>,
                 entries: &mut Vec<Entry>| {
        let mut parts: Vec<(usize, String)> = Vec::new();
        match last {
            Some(p) => parts.push(p),
            None => {
                if let Some(p) = pending.pop() {
                    parts.push(p);
                }
            }
        }
        // (Not a line the body starts a title with, when it prints the paged part as a
        // title of its own, its text under it: two titles.)
        let paged_apart = parts.first().is_some_and(|(_, p)| in_body(p) == Some(true));
        let apart = |s: &str| paged_apart && starts_body_line(s);
        while pending
            .last()
            .is_some_and(|(_, s)| long(s) && !is_label(s) && !apart(s))
        {
            if let Some(p) = pending.pop() {
                parts.insert(0, p);
            }
        }
        let mut after_column = false;
        for (no, h) in pending.drain(..) {
            // A column's name is short: a full title without its page number is an article,
            // and so is a short one the body prints with its text under it.
            let heading = is_label(&h) || width(&h) <= 32 && in_body(&h) != Some(true);
            let mut e = entry(&h, no, heading);
            // A column's name right under another's, no article of its own between them:
            // the first sub-column of that column (`质量要闻` / `国家`).
            // A later one that, like the column's first sub-column, names only a scope
            // (`国家`, then `区域·地方`, `行业`): that sub-column's sibling.
            let scope_sibling = heading
                && !is_section_label(&h)
                && is_scope_name(&h)
                && opens_with_scope_subsection(entries);
            if is_subsection_label(&h)
                || after_column && heading && !is_section_label(&h)
                || scope_sibling
            {
                e.kind = EntryKind::Subsection;
            }
            after_column = e.kind == EntryKind::Section;
            entries.push(e);
        }
        if let Some((no, _)) = parts.first() {
            let title = join_wrapped(parts.iter().map(|(_, s)| s.as_str()));
            entries.push(entry(&title, *no, false));
        }
    };
    for (k, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Text(no, t) => {
                // `…研究成` / `12` / `果`: the end of a wrapped entry after its page number.
                // Only a line as wide as the widest wraps, and only a page number on a line
                // of its own can stand between the two parts.
                // `-layout` keeps the number on the first part's line: then the last part
                // follows that line directly.
                let adjacent = !closed_by_number && last_paged_no + 1 == *no;
                let continues = after_page
                    && (closed_by_number || adjacent)
                    && pending.is_empty()
                    && !long(t)
                    && !is_label(t)
                    && width(t) <= 8
                    && !heads_in_body(t)
                    && entries.last().is_some_and(|e| {
                        e.kind == EntryKind::Article && width(&e.text) * 100 >= widest * 97
                    })
                    && !matches!(toks.get(k + 1), Some(Tok::Page) | None);
                if continues {
                    if let Some(e) = entries.pop() {
                        let title = join_wrapped([e.text.as_str(), t.as_str()].into_iter());
                        entries.push(entry(&title, e.line, false));
                    }
                    after_page = false;
                    continue;
                }
                pending.push((*no, t.clone()));
                after_page = false;
            }
            Tok::Paged(no, t) => {
                flush(&mut pending, Some((*no, t.clone())), &mut entries);
                after_page = true;
                closed_by_number = false;
                last_paged_no = *no;
            }
            Tok::Page => {
                if !pending.is_empty() {
                    flush(&mut pending, None, &mut entries);
                }
                after_page = true;
                closed_by_number = true;
            }
        }
    }
    // Lines left without a page number at the end are headings of nothing: dropped.
    entries
}

/// Joins the lines of a wrapped title: no space between Chinese characters, one between words.
fn join_wrapped<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        let gap = out
            .chars()
            .last()
            .zip(p.chars().next())
            .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
        if gap {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A title line less the dot leaders a converter left at its end (`标题 ………`).
fn without_leaders(t: &str) -> String {
    t.trim_end_matches(|c: char| c == '.' || c == '…' || c == '·' || c.is_whitespace())
        .to_string()
}

fn is_bare_number(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// Words that name a scope (the country, a region, an industry…): a digest that splits a
/// column by scope names its sub-columns with them alone (`国家`, `区域·地方`, `行业`),
/// its columns by a subject (`质量要闻`, `国际动态`).
const SCOPE_WORDS: [&str; 16] = [
    "国家", "国内", "国际", "中央", "部委", "地方", "区域", "省市", "省级", "市县", "行业", "企业",
    "海外", "境外", "基层", "综合",
];

/// A column name made of scope words only (`区域·地方`, `区域 地方`, `行业`).
fn is_scope_name(t: &str) -> bool {
    let folded = super::simplified(t.trim());
    let mut rest: &str = &folded;
    let mut words = 0;
    while !rest.is_empty() {
        rest = rest.trim_start_matches([' ', '·', '・', '、', '/', '／', '\u{3000}']);
        if rest.is_empty() {
            break;
        }
        let word = SCOPE_WORDS.iter().find(|w| rest.starts_with(*w));
        let Some(word) = word else { return false };
        rest = &rest[word.len()..];
        words += 1;
    }
    words > 0
}

/// Does the last column so far open with a sub-column that names a scope (`质量要闻` /
/// `国家`)?
fn opens_with_scope_subsection(entries: &[Entry]) -> bool {
    let column = entries.iter().rposition(|e| e.kind == EntryKind::Section);
    column.is_some_and(|c| {
        entries
            .get(c + 1)
            .is_some_and(|e| e.kind == EntryKind::Subsection && is_scope_name(&e.text))
    })
}

fn entry(title: &str, line: usize, heading: bool) -> Entry {
    let t = title.trim();
    let kind = if heading || is_section_label(t) {
        EntryKind::Section
    } else if is_subsection_label(t) {
        EntryKind::Subsection
    } else {
        EntryKind::Article
    };
    let text = match kind {
        EntryKind::Article => text::collapse_spaces(t),
        _ => super::strip_enumerator(t),
    };
    Entry {
        kind,
        key: text::title_key(&text),
        numbered_key: text::title_key(t),
        text,
        line,
    }
}

/// `1. 标题`, `1、标题`, `（1）标题`, `一、标题`: the title without the number a body
/// set before it, or None when it has none.
pub fn without_title_number(t: &str) -> Option<&str> {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:\d{1,2}\s*[.．、]\s*|[（(]\s*\d{1,2}\s*[)）]\s*|[一二三四五六七八九十]{1,3}\s*、\s*)")
            .expect("valid regex")
    });
    let m = NUMBER.find(t.trim_start())?;
    let rest = &t.trim_start()[m.end()..];
    // `1.5 亿`, `2.0 版`: a number, not numbering; but `1.2021年…` numbers a title that
    // opens with a year.
    let year = rest
        .as_bytes()
        .get(..4)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && rest[4..].trim_start().starts_with('年');
    let decimal = m.as_str().trim_end().ends_with(['.', '．'])
        && !m.as_str().ends_with(char::is_whitespace)
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && !year;
    (!rest.trim().is_empty() && !decimal).then_some(rest.trim())
}

/// `（一）国家`: numbered the way a column's parts are.
pub fn is_paren_numbered(t: &str) -> bool {
    static PAREN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*\S")
            .expect("valid regex")
    });
    PAREN.is_match(t.trim_start())
}

/// `一、质量要闻`: a column label (short, numbered with a Chinese numeral).
pub fn is_section_label(t: &str) -> bool {
    let Some(rest) = t.split_once('、') else {
        return false;
    };
    text::parse_small_number(rest.0).is_some() && rest.1.chars().count() <= 12
}

/// `1.1 国家`, `1.2 区域·地方`: a sub-column label.
pub fn is_subsection_label(t: &str) -> bool {
    let mut parts = t.splitn(2, |c: char| c.is_whitespace() || text::is_han(c));
    let num = parts.next().unwrap_or("");
    let Some((a, b)) = num.split_once('.') else {
        return false;
    };
    let rest = super::simplified(t[num.len()..].trim_start());
    let measure = rest.starts_with([
        '万', '亿', '千', '百', '%', '个', '倍', '年', '月', '日', '元', '件', '家',
    ]);
    !measure
        && !a.is_empty()
        && !b.is_empty()
        && a.len() <= 2
        && b.len() <= 2
        && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
        && t.chars().count() <= 16
}

/// `Title .....\t12`, `Title\t12`, `Title ........ 12`: the title, or None when the line has no page number.
fn paged_entry(raw: &str) -> Option<String> {
    let t = raw.trim_end();
    let (head, page) = match t.rsplit_once('\t') {
        Some((h, p)) => (h, p.trim()),
        None => match t.rfind(['.', '…']) {
            // (a single `.` between digits is a decimal point: `技术 4.0`)
            Some(pos)
                if t[pos..].trim_start_matches(['.', '…']).trim().len() <= 3
                    && !(t[..pos].ends_with(|c: char| c.is_ascii_digit())
                        && t[pos..].starts_with(".")
                        && !t[pos + 1..].starts_with(['.', ' '])) =>
            {
                let (h, p) = t.split_at(pos);
                (h, p.trim_start_matches(['.', '…']).trim())
            }
            // `pdftotext -layout`: the page number right-aligned after a wide gap, or one
            // space after a title that filled the line (a narrow page).
            _ => match t.rfind("  ") {
                Some(pos) => (&t[..pos], t[pos..].trim()),
                None => {
                    let (h, p) = t.rsplit_once(' ')?;
                    let after_text = h
                        .chars()
                        .last()
                        .is_some_and(|c| !c.is_ascii_alphanumeric() && !c.is_whitespace());
                    if !after_text {
                        return None;
                    }
                    (h, p)
                }
            },
        },
    };
    if page.is_empty() || page.len() > 3 || !page.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let title =
        head.trim_end_matches(|c: char| c == '.' || c == '…' || c == '·' || c.is_whitespace());
    let title = title.trim_start_matches('#').trim();
    let title = title.trim_start_matches("- ").trim();
    (!title.is_empty() && !title.chars().all(|c| c == '-')).then(|| title.to_string())
}

/// The page number a TOC line ends with (one to three digits), however it is set off.
fn trailing_page(raw: &str) -> Option<u32> {
    let t = raw.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=3).contains(&digits) {
        return None;
    }
    t[t.len() - digits..].parse().ok()
}

/// `标题 2021 17`: a title that ends in a number, one space, and a number that may be its
/// page (which `paged_entry` cannot tell from the title's own number).
fn spaced_page_number(raw: &str) -> Option<(String, u32)> {
    let (head, page) = raw.trim().rsplit_once(' ')?;
    let head = head.trim_end();
    let number_ends_title =
        head.ends_with(|c: char| c.is_ascii_digit()) && text::han_count(head) >= 4;
    if !number_ends_title || page.len() > 3 || !page.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((head.to_string(), page.parse().ok()?))
}

/// `科技政策与咨询快报　2021年第08期`: a running head with the issue label, which no TOC
/// entry carries (a series name alone may also name a column: 国际动态).
fn is_running_head(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 40 && super::meta::has_issue_label(t)
}

/// `……… 12`, `.....\t12`: dot leaders and a page number without a title, the end of an
/// entry whose title filled its line.
fn is_leader_page(raw: &str) -> bool {
    let t = raw.trim_end();
    let page = t.trim_start_matches(|c: char| !c.is_ascii_digit());
    let leaders = &t[..t.len() - page.len()];
    is_bare_number(page)
        && leaders.contains(['.', '…', '·'])
        && leaders
            .chars()
            .all(|c| matches!(c, '.' | '…' | '·') || c.is_whitespace())
}

/// `-------\t---`: the table rules a converter drew between TOC blocks.
fn is_leader_junk(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '\t' | ' ' | '.' | '—'))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::import::test_lines as lines;

    fn kinds_of(toc: &Toc) -> Vec<(EntryKind, &str)> {
        toc.entries
            .iter()
            .map(|e| (e.kind, e.text.as_str()))
            .collect()
    }

    #[test]
    fn paged_entries() {
        assert_eq!(
            paged_entry("一、质量要闻.....\t2").as_deref(),
            Some("一、质量要闻")
        );
        assert_eq!(
            paged_entry("日本发布半导体和数字产业发展战略 .....\t4").as_deref(),
            Some("日本发布半导体和数字产业发展战略")
        );
        assert_eq!(paged_entry("---------------------------------\t---"), None);
        assert_eq!(paged_entry("正文一句话。"), None);
    }

    #[test]
    fn markdown_toc_with_column_headings() {
        let src = "# 目 录\n\n## 专题评述\n\n法案瞄准对华科技竞争 .....\t1\n-----\t---\n\n## 战略规划\n\n日本发布战略 .....\t4\n韩国制定计划 .....\t7\n\n## 专题评述\n\n### 法案瞄准对华科技竞争\n";
        let toc = find(&lines(src)).unwrap();
        let kinds = kinds_of(&toc);
        assert_eq!(
            kinds,
            vec![
                (EntryKind::Section, "专题评述"),
                (EntryKind::Article, "法案瞄准对华科技竞争"),
                (EntryKind::Section, "战略规划"),
                (EntryKind::Article, "日本发布战略"),
                (EntryKind::Article, "韩国制定计划"),
            ]
        );
        assert_eq!(lines(src)[toc.end].text, "专题评述");
    }

    #[test]
    fn unpaged_lines_of_a_paged_toc_are_read_by_what_the_body_prints_under_them() {
        // Seeds 003 and 004 set by a house style that prints `title page` without
        // leaders, titles it could not page without their number, and cover lines the
        // extractor put after the heading: 中国科学院 and the date are nowhere in the body,
        // 创新政策 has the next title under it, 日本发布统合创新战略 2021 its byline and
        // text; the long 聚焦汽车… is no first line of 直播电商…: the body prints both as
        // titles, the first wrapped.
        let src = "目录\n中国科学院\n2021年8月5日\n专题评述\n《2021 年美国创新与竞争法案》瞄准对华科技竞争 1\n创新政策\n美国拜登政府发布关键供应链短期审查结果报告 13\n日本发布统合创新战略 2021\n法国呼吁欧洲打造与美中匹敌的 10 家科技巨头 20\n聚焦汽车腐蚀问题 提升业内重视程度！中消会分享 2021 中国在用车腐蚀研究报告阶段性研究成果\n直播电商首个选品评价技术规范发布 17\n\n专题评述\n《2021 年美国创新与竞争法案》瞄准对华科技竞争\n作者：张娟 李宏\n6 月 8 日，美国参议院投票通过法案。\n创新政策\n美国拜登政府发布关键供应链短期审查结果报告\n6 月 8 日，拜登政府发布报告。\n日本发布统合创新战略 2021\n作者：惠仲阳\n6月18日，日本政府发布“统合创新战略2021”。\n法国呼吁欧洲打造与美中匹敌的 10 家科技巨头\n法国呼吁欧洲打造科技巨头。\n聚焦汽车腐蚀问题 提升业内重视程度！中消会分享 2021 中国在用车腐蚀研究报告阶段性研\n究成果\n在汽车投诉中，腐蚀一直是困扰消费者的一大难题。\n直播电商首个选品评价技术规范发布\n中国质量新闻网讯（记者 徐远官）团体标准发布。";
        let ls = lines(src);
        let toc = find(&ls).unwrap();
        assert_eq!(
            kinds_of(&toc),
            vec![
                (EntryKind::Section, "专题评述"),
                (EntryKind::Article, "《2021 年美国创新与竞争法案》瞄准对华科技竞争"),
                (EntryKind::Section, "创新政策"),
                (EntryKind::Article, "美国拜登政府发布关键供应链短期审查结果报告"),
                (EntryKind::Article, "日本发布统合创新战略 2021"),
                (EntryKind::Article, "法国呼吁欧洲打造与美中匹敌的 10 家科技巨头"),
                (
                    EntryKind::Article,
                    "聚焦汽车腐蚀问题 提升业内重视程度！中消会分享 2021 中国在用车腐蚀研究报告阶段性研究成果"
                ),
                (EntryKind::Article, "直播电商首个选品评价技术规范发布"),
            ]
        );
        let cover: Vec<String> = toc.cover_lines(&ls).into_iter().map(|l| l.text).collect();
        assert_eq!(cover, ["中国科学院", "2021年8月5日"]);
    }

    #[test]
    fn a_title_the_toc_and_the_body_wrap_alike_is_one_entry() {
        // Seed 004 as pandoc's Word file printed by LibreOffice: a plain TOC whose long
        // title wraps at full width, and the body wraps the title at the same place.
        let src = "目录\n质量要闻\n国家\n市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用\n的意见\n2021 年全国量值传递与溯源工作研讨会召开\n区域 地方\n2021 年世界标准日主题活动在京举行\n\n一、质量要闻\n（一）国家\n市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用\n的意见\n来源：http://www.cgq.com.cn\n各省、自治区、直辖市和新疆生产建设兵团市场监管局（委、厅）、工商联、发展改革委。\n2021 年全国量值传递与溯源工作研讨会召开\n来源：http://www.cgq.com.cn\n10月14日，2021年全国量值传递与溯源工作研讨会在西安召开。\n（二）区域·地方\n2021 年世界标准日主题活动在京举行\n来源：http://www.cgq.com.cn\n10月14日，2021年世界标准日主题活动在京举行。";
        let toc = find(&lines(src)).unwrap();
        let titles: Vec<&str> = toc.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(titles.len(), 6, "{titles:?}");
        assert_eq!(
            titles[2],
            "市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用的意见"
        );
        assert_eq!(toc.entries[2].kind, EntryKind::Article);
        assert_eq!(toc.entries[4].kind, EntryKind::Subsection);
    }

    #[test]
    fn toc_without_page_numbers_is_read_from_the_headings_the_body_prints_again() {
        // Seed 000's TOC printed as a plain list (no page numbers, no numbering, a long
        // title wrapped); the body numbers its columns (一、, （一）).
        let src = "栏目总览\n目录\n质量要闻\n国家\nCNAS 召开第四届全体委员会第四次会议\n《2021 年全国标准化工作要点》印发\n区域·地方\n广州举办 2021 年知识产权宣传活动周启动仪式暨知识产权成果\n展示专题活动\n质量热点\n2021 年第一季度全国消协组织受理投诉情况分析\n\n一、质量要闻\n（一）国家\nCNAS 召开第四届全体委员会第四次会议\n来源：http://www.samr.gov.cn/xw/zj/202104/t20210427_328285.html\n4月26日，中国合格评定国家认可委员会（CNAS）第四届全体委员会第四次会议在京召开。\n《2021 年全国标准化工作要点》印发\n近日，国家标准委印发《2021 年全国标准化工作要点》。\n（二）区域·地方\n广州举办 2021 年知识产权宣传活动周启动仪式暨知识产权成果展示专题活动\n4 月 20 日，第 21 个世界知识产权日来临。\n二、质量热点\n2021 年第一季度全国消协组织受理投诉情况分析\n根据全国消协组织受理投诉情况统计。";
        let numbered = lines(src);
        let toc = find(&numbered).unwrap();
        assert_eq!(
            kinds_of(&toc),
            vec![
                (EntryKind::Section, "质量要闻"),
                (EntryKind::Subsection, "国家"),
                (EntryKind::Article, "CNAS 召开第四届全体委员会第四次会议"),
                (EntryKind::Article, "《2021 年全国标准化工作要点》印发"),
                (EntryKind::Subsection, "区域·地方"),
                (
                    EntryKind::Article,
                    "广州举办 2021 年知识产权宣传活动周启动仪式暨知识产权成果展示专题活动"
                ),
                (EntryKind::Section, "质量热点"),
                (
                    EntryKind::Article,
                    "2021 年第一季度全国消协组织受理投诉情况分析"
                ),
            ]
        );
        assert_eq!(numbered[toc.end].text, "一、质量要闻");
        // Without the body printing them again, the same lines are no TOC.
        let cut = src.find("\n\n一、").unwrap();
        assert!(find(&lines(&src[..cut])).is_none());
    }

    #[test]
    fn pdftotext_toc_with_wrapped_entries_and_page_lines() {
        // Reading order of a typeset TOC: page numbers on lines of their own, column names
        // without marks, a long entry wrapped with its page number between the two parts.
        let src = "目录\n一、质量要闻\n\n2\n\n1.1 国家\n\n2\n\n聚焦汽车腐蚀问题 提升业内重视程度中消会分享在用车腐蚀研究报告阶段性研究成\n\n12\n\n果\n直播电商首个选品评价技术规范发布\n\n17\n\n战略规划\n日本发布半导体和数字产业发展战略\n\n4\n\n一、质量要闻\n正文。";
        let mut lines = lines(src);
        for l in &mut lines {
            if !l.text.is_empty() && l.text.chars().all(|c| c.is_ascii_digit()) {
                l.page_break = true;
                l.text.clear();
            }
        }
        let toc = find(&lines).unwrap();
        let kinds = kinds_of(&toc);
        assert_eq!(
            kinds,
            vec![
                (EntryKind::Section, "质量要闻"),
                (EntryKind::Subsection, "国家"),
                (
                    EntryKind::Article,
                    "聚焦汽车腐蚀问题 提升业内重视程度中消会分享在用车腐蚀研究报告阶段性研究成果"
                ),
                (EntryKind::Article, "直播电商首个选品评价技术规范发布"),
                (EntryKind::Section, "战略规划"),
                (EntryKind::Article, "日本发布半导体和数字产业发展战略"),
            ]
        );
        assert_eq!(lines[toc.end].text, "一、质量要闻");
    }

    #[test]
    fn wrapped_entry_with_page_on_its_second_line() {
        let src = "目录\n质量要闻\n市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级\n作用的意见 .....\t2\n量值传递与溯源工作研讨会召开 .....\t7\n\n质量要闻\n";
        let toc = find(&lines(src)).unwrap();
        let texts: Vec<_> = toc.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "质量要闻",
                "市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用的意见",
                "量值传递与溯源工作研讨会召开"
            ]
        );
        assert_eq!(toc.entries[0].kind, EntryKind::Section);
    }

    #[test]
    fn wrapped_entry_with_its_leaders_on_the_next_line() {
        let src = "目录\n一、质量要闻 ……… 2\n\n1.3 行业 ……… 12\n\n聚焦汽车腐蚀问题 提升业内重视程度! 中消会分享 2021 中国在用车腐蚀研究报告阶段性研究成果\n\n……… 12\n\n直播电商首个选品评价技术规范发布 ……… 17\n\n一、质量要闻\n";
        let toc = find(&lines(src)).unwrap();
        let kinds = kinds_of(&toc);
        assert_eq!(
            kinds,
            vec![
                (EntryKind::Section, "质量要闻"),
                (EntryKind::Subsection, "行业"),
                (
                    EntryKind::Article,
                    "聚焦汽车腐蚀问题 提升业内重视程度! 中消会分享 2021 中国在用车腐蚀研究报告阶段性研究成果"
                ),
                (EntryKind::Article, "直播电商首个选品评价技术规范发布"),
            ]
        );
        let layout = "目录\n一、质量要闻          2\n1.3 行业           12\n聚焦汽车腐蚀问题 提升业内重视程度! 中消会分享 2021 中国在用车腐蚀研究报告阶段性研究成          12\n果\n直播电商首个选品评价技术规范发布           17\n二、质量热点          20\n国新办举行实施标准化纲要 促进高质量发展新闻发布会          20\n\n一、质量要闻\n";
        let toc = find(&lines(layout)).unwrap();
        let texts: Vec<_> = toc.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "质量要闻",
                "行业",
                "聚焦汽车腐蚀问题 提升业内重视程度! 中消会分享 2021 中国在用车腐蚀研究报告阶段性研究成果",
                "直播电商首个选品评价技术规范发布",
                "质量热点",
                "国新办举行实施标准化纲要 促进高质量发展新闻发布会",
            ]
        );
        // A column heading without marks right after the widest entry stays a heading: the
        // body prints it again.
        let word = "目录\n智库观点\n美国智库报告指责“中国创新重商主义损害全球创新” ……… 24\n体制机制\n英国宣布将政府科学办公室扩编 ……… 29\n智库观点\n美国智库报告指责“中国创新重商主义损害全球创新”\n正文。\n体制机制\n英国宣布将政府科学办公室扩编\n";
        let toc = find(&lines(word)).unwrap();
        let kinds: Vec<_> = toc.entries.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                EntryKind::Section,
                EntryKind::Article,
                EntryKind::Section,
                EntryKind::Article
            ]
        );
        // A TOC going on over a page break, under the running head of the next page.
        let paged = "目录\n专题评述\n法案瞄准对华科技竞争                              1\n战略规划\n日本发布战略          4\n\n                             -1-\n                     科技政策与咨询快报    2021年第08期\n\n俄罗斯政府批准高校和科研机构技术转移中心资助规则                                 22\n\n专题评述\n";
        let mut paged = lines(paged);
        for l in &mut paged {
            if l.text.trim() == "-1-" {
                l.page_break = true;
                l.text.clear();
            }
        }
        let toc = find(&paged).unwrap();
        let texts: Vec<_> = toc.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "专题评述",
                "法案瞄准对华科技竞争",
                "战略规划",
                "日本发布战略",
                "俄罗斯政府批准高校和科研机构技术转移中心资助规则"
            ]
        );
        assert!(is_leader_page("……… 12"));
        assert!(!is_leader_page("12"));
        assert!(!is_leader_page("第 12"));
    }

    #[test]
    fn a_column_name_right_under_another_is_its_first_sub_column() {
        // Seed 000 in a house style that sets columns and sub-columns alike (bold lines,
        // no numbers): `质量要闻` has no article of its own before `国家`, so `国家` is
        // part of it; `区域·地方` names a scope as `国家` does: its sibling. `质量热点`
        // names a subject: the next column.
        let src = "目录\n质量要闻\n国家\nCNAS 召开第四届全体委员会第四次会议 2\n《2021 年全国标准化工作要点》印发 3\n区域·地方\n抽查合格率超 90%! 上海市防疫物资产品质量大检查显成效 4\n质量热点\n2021 年第一季度全国消协组织受理投诉情况分析 9\n\n质量要闻\n国家\nCNAS 召开第四届全体委员会第四次会议\n4月26日，中国合格评定国家认可委员会（CNAS）第四届全体委员会第四次会议在京召开。\n区域·地方\n抽查合格率超 90%! 上海市防疫物资产品质量大检查显成效\n日前,上海市为期 3 个月的防疫物资产品质量大检查告一段落。\n质量热点\n2021 年第一季度全国消协组织受理投诉情况分析\n今年一季度，全国消协组织共受理消费者投诉 270937 件。\n";
        let toc = find(&lines(src)).unwrap();
        assert_eq!(
            kinds_of(&toc),
            vec![
                (EntryKind::Section, "质量要闻"),
                (EntryKind::Subsection, "国家"),
                (EntryKind::Article, "CNAS 召开第四届全体委员会第四次会议"),
                (EntryKind::Article, "《2021 年全国标准化工作要点》印发"),
                (EntryKind::Subsection, "区域·地方"),
                (
                    EntryKind::Article,
                    "抽查合格率超 90%! 上海市防疫物资产品质量大检查显成效"
                ),
                (EntryKind::Section, "质量热点"),
                (
                    EntryKind::Article,
                    "2021 年第一季度全国消协组织受理投诉情况分析"
                ),
            ]
        );
    }

    #[test]
    fn scope_names_are_told_from_subjects() {
        // Seed 000's and 004's sub-columns as the alt-b style prints them.
        assert!(is_scope_name("区域·地方"));
        assert!(is_scope_name("区域 地方"));
        assert!(is_scope_name("行业"));
        assert!(!is_scope_name("国际动态"));
        assert!(!is_scope_name("质量热点"));
        assert!(!is_scope_name(""));
    }

    #[test]
    fn page_numbers_glued_to_titles_are_read_by_the_titles_the_body_prints() {
        // Seed 003 through `pdftotext -raw`: no space before a page number (`…竞争1`), a
        // title the TOC does not page (`日本发布统合创新战略2021`) keeps its year.
        let src = "目录\n专题评述\n《2021年美国创新与竞争法案》瞄准对华科技竞争1\n创新政策\n美国拜登政府发布关键供应链短期审查结果报告13\n日本发布统合创新战略2021\n巴西MCTI建立首个技术4.0卓越中心24\n专题评述\n《2021年美国创新与竞争法案》瞄准对华科技竞争\n作者：张娟李宏\n6月8日，美国参议院以68票赞成、32票反对的结果投票通过《2021年美国创新与竞争法案》。\n创新政策\n美国拜登政府发布关键供应链短期审查结果报告\n6月8日，拜登政府发布报告。\n日本发布统合创新战略2021\n作者：惠仲阳\n6月18日，日本政府发布“统合创新战略2021”。\n巴西MCTI建立首个技术4.0卓越中心\n巴西科技创新部宣布建立中心。\n";
        let toc = find(&lines(src)).unwrap();
        assert_eq!(
            kinds_of(&toc),
            vec![
                (EntryKind::Section, "专题评述"),
                (
                    EntryKind::Article,
                    "《2021年美国创新与竞争法案》瞄准对华科技竞争"
                ),
                (EntryKind::Section, "创新政策"),
                (
                    EntryKind::Article,
                    "美国拜登政府发布关键供应链短期审查结果报告"
                ),
                (EntryKind::Article, "日本发布统合创新战略2021"),
                (EntryKind::Article, "巴西MCTI建立首个技术4.0卓越中心"),
            ]
        );
        assert_eq!(glued_page_digits("会议2"), 1);
        assert_eq!(glued_page_digits("战略2021"), 0);
        assert_eq!(glued_page_digits("123"), 0);
    }

    #[test]
    fn scope_sub_columns_are_read_where_page_numbers_are_glued_to_titles() {
        // Seed 000 through `pdftotext -raw` (alt-b style): page numbers glued to the
        // titles; `区域·地方` and `行业` name a scope as `国家` does, the column's first
        // sub-column: its siblings, though an article stands before each in the body.
        let src = "目录\n质量要闻\n国家\nCNAS召开第四届全体委员会第四次会议2\n区域·地方\n抽查合格率超90%!上海市防疫物资产品质量大检查显成效4\n行业\n八部委联合发文：严格规范汽车再制造零部件8\n质量热点\n2021年第一季度全国消协组织受理投诉情况分析9\n质量要闻\n国家\nCNAS召开第四届全体委员会第四次会议\n4月26日，中国合格评定国家认可委员会（CNAS）第四届全体委员会第四次会议在京召开。\n区域·地方\n抽查合格率超90%!上海市防疫物资产品质量大检查显成效\n日前,上海市为期3个月的防疫物资产品质量大检查告一段落。\n行业\n八部委联合发文：严格规范汽车再制造零部件\n近日，商务部等八部门联合印发《汽车零部件再制造规范管理暂行办法》。\n质量热点\n2021年第一季度全国消协组织受理投诉情况分析\n今年一季度，全国消协组织共受理消费者投诉270937件。\n";
        let toc = find(&lines(src)).unwrap();
        assert_eq!(
            kinds_of(&toc),
            vec![
                (EntryKind::Section, "质量要闻"),
                (EntryKind::Subsection, "国家"),
                (EntryKind::Article, "CNAS召开第四届全体委员会第四次会议"),
                (EntryKind::Subsection, "区域·地方"),
                (
                    EntryKind::Article,
                    "抽查合格率超90%!上海市防疫物资产品质量大检查显成效"
                ),
                (EntryKind::Subsection, "行业"),
                (
                    EntryKind::Article,
                    "八部委联合发文：严格规范汽车再制造零部件"
                ),
                (EntryKind::Section, "质量热点"),
                (
                    EntryKind::Article,
                    "2021年第一季度全国消协组织受理投诉情况分析"
                ),
            ]
        );
    }

    #[test]
    fn a_column_name_printed_before_the_toc_heading_is_the_first_column() {
        // Seed 003 through pdfminer: the cover's last lines, then `专题评述` above `目 录`,
        // the titles, their page numbers in a block of their own.
        let src = "2021年\n\n总第086期 第08期\n\n专题评述\n\n目 录\n\n《2021 年美国创新与竞争法案》瞄准对华科技竞争\n\n战略规划\n\n日本发布半导体和数字产业发展战略\n\n韩国制定《第五次国家标准基本计划 2021~2025》\n\n澳大利亚政府发布人工智能行动计划\n\n创新政策\n\n美国拜登政府发布关键供应链短期审查结果报告\n\n1\n\n4\n\n7\n\n9\n\n13\n\n专题评述\n\n《2021 年美国创新与竞争法案》瞄准对华科技竞争\n\n6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过《2021 年美国创新与竞争法案》。\n\n战略规划\n\n日本发布半导体和数字产业发展战略\n\n6月4日，日本经济产业省发布了“半导体和数字产业发展战略”。\n\n韩国制定《第五次国家标准基本计划 2021~2025》\n\n6月24日，韩国制定第五次国家标准基本计划。\n\n澳大利亚政府发布人工智能行动计划\n\n6月18日，澳大利亚公布人工智能行动计划。\n\n创新政策\n\n美国拜登政府发布关键供应链短期审查结果报告\n\n6月8日，拜登政府发布报告。\n";
        let all = lines(src);
        let toc = find(&all).unwrap();
        assert_eq!(
            kinds_of(&toc)[..2],
            [
                (EntryKind::Section, "专题评述"),
                (
                    EntryKind::Article,
                    "《2021 年美国创新与竞争法案》瞄准对华科技竞争"
                ),
            ]
        );
        let cover: Vec<String> = toc.cover_lines(&all).into_iter().map(|l| l.text).collect();
        assert!(!cover.iter().any(|t| t == "专题评述"), "{cover:?}");
        // A cover line the body does not print above the first article stays the cover's.
        let other = src.replacen("专题评述\n\n目 录", "国家高端智库\n\n目 录", 1);
        let toc = find(&lines(&other)).unwrap();
        assert_eq!(toc.entries[0].kind, EntryKind::Article);
    }

    #[test]
    fn a_page_number_one_space_after_a_title_ending_in_a_year_is_read_between_its_neighbours() {
        // Seed 003's TOC through pypdf: one space before each page number, a title that
        // ends in a year (and spells 综合 where the body says 统合, so the body cannot
        // tell where its title ends).
        let src = "目 录\n创新政策\n美国拜登政府发布关键供应链短期审查结果报告 13\n日本发布综合创新战略 2021 17\n法国呼吁欧洲打造与美中匹敌的 10 家科技巨头 20\n智库观点\n美国智库报告指责“中国创新重商主义损害全球创新” 24\n创新政策\n美国拜登政府发布关键供应链短期审查结果报告\n6月8日，拜登政府发布报告。\n日本发布统合创新战略 2021\n6月18日，日本政府发布“统合创新战略2021”。\n法国呼吁欧洲打造与美中匹敌的 10 家科技巨头\n法国呼吁欧洲。\n智库观点\n美国智库报告指责“中国创新重商主义损害全球创新”\n美国智库发布报告。\n";
        let toc = find(&lines(src)).unwrap();
        let titles: Vec<&str> = toc.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(titles[2], "日本发布综合创新战略 2021");
        assert_eq!(titles.len(), 6, "{titles:?}");
        let columns = toc.entries.iter().filter(|e| e.kind == EntryKind::Section);
        assert_eq!(columns.count(), 2);
        // A number past the next entry's page is the title's own.
        assert_eq!(
            spaced_page_number("日本发布综合创新战略 2021 17"),
            Some(("日本发布综合创新战略 2021".to_string(), 17))
        );
        let later = src.replace("2021 17", "2021 27");
        let toc = find(&lines(&later)).unwrap();
        assert!(toc
            .entries
            .iter()
            .all(|e| e.text != "日本发布综合创新战略 2021"));
    }

    #[test]
    fn a_title_broken_at_its_quotes_is_one_entry_though_the_body_breaks_it_alike() {
        // Seed 000 through `pdftotext -raw`: 刘卫军：“一次认证、市场通行”，畅通市场循环 in
        // three lines, in the TOC and in the body alike; its first part is no column.
        let src = "目录\n质量热点\n2021年第一季度全国消协组织受理投诉情况分析\n权威观点\n刘卫军：\n“一次认证、市场通行”\n，畅通市场循环\n彭文皓：推进企业数字化转型，营造良好营商环境\n二、质量热点\n2021年第一季度全国消协组织受理投诉情况分析\n根据全国消协组织受理投诉情况统计。\n三、权威观点\n刘卫军：\n“一次认证、市场通行”\n，畅通市场循环\n来源：\nhttp://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/1702133/1702133.htm\n市场监管总局认证监管司司长刘卫军：\n质量认证是第三方认证机构所开展的一种评价活动。\n彭文皓：推进企业数字化转型，营造良好营商环境\n数字化转型是企业发展的必由之路。\n";
        let toc = find(&lines(src)).unwrap();
        assert_eq!(
            kinds_of(&toc),
            vec![
                (EntryKind::Section, "质量热点"),
                (
                    EntryKind::Article,
                    "2021年第一季度全国消协组织受理投诉情况分析"
                ),
                (EntryKind::Section, "权威观点"),
                (
                    EntryKind::Article,
                    "刘卫军：“一次认证、市场通行”，畅通市场循环"
                ),
                (
                    EntryKind::Article,
                    "彭文皓：推进企业数字化转型，营造良好营商环境"
                ),
            ]
        );
    }

    #[test]
    fn layout_page_numbers_after_a_wide_gap() {
        assert_eq!(
            paged_entry("一、质量要闻                         2").as_deref(),
            Some("一、质量要闻")
        );
        assert_eq!(paged_entry("日本发布综合创新战略 2021"), None);
        // A title that filled a narrow page's line: one space before its page number.
        assert_eq!(
            paged_entry("广州举办 2021 年知识产权宣传活动周启动仪式暨知识产权成果展示专题活动 5")
                .as_deref(),
            Some("广州举办 2021 年知识产权宣传活动周启动仪式暨知识产权成果展示专题活动")
        );
        assert_eq!(paged_entry("巴西 MCTI 建立首个技术 4.0"), None);
    }

    #[test]
    fn labels() {
        assert!(is_section_label("四、国际动态"));
        assert!(!is_section_label(
            "一、《2021 年战略竞争法案》的详细内容与评述"
        ));
        assert!(is_subsection_label("1.2 区域·地方"));
        assert!(!is_subsection_label("2.55 万件投诉"));
    }
}
