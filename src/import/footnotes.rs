//! Footnotes: content, but not where the text flows.
//!
//! A PDF sets its footnotes at the bottom of the page, often in the middle of a sentence
//! or a table row that goes on over the page (seed 003); an HTML rendering sets them in
//! the flow. They are lifted out here, keyed by number, and a page break is left in their
//! place so the paragraph joiner knows the text on either side may be one sentence.
//!
//! A converter that keeps markup writes `<sup>1</sup>`. Most print the number as text:
//! `1 S.1260 - United States…`, `1S.1260…`, or `1` on a line of its own with the note
//! below, and the mark as a digit stuck to the word it annotates (`（S.1260）1，`). Such
//! a line is a footnote by evidence, not by shape: its number is the next in sequence,
//! the text before it carries that number as a mark, and it reads as a note (a link, a
//! title in another script, or an explanatory sentence), not as a numbered paragraph or
//! table row. The mark is then written `<sup>N</sup>`, as the markup would have it.

use super::Line;
use crate::text;
use std::collections::{BTreeMap, HashMap};

/// A footnote definition: its text and the line it was printed on.
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    pub text: String,
    pub line: usize,
}

/// Every footnote of a bulletin, by its number, and the marks of notes the file lost
/// (their number and line), dropped from the text.
#[derive(Debug, Default)]
pub struct Footnotes(BTreeMap<String, FootnoteDef>, Vec<(u32, usize)>);

impl Footnotes {
    pub fn get(&self, id: &str) -> Option<&FootnoteDef> {
        self.0.get(id)
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &FootnoteDef)> {
        self.0.iter()
    }
    /// The marks dropped because the file holds no note for them: (number, line).
    pub fn lost_marks(&self) -> &[(u32, usize)] {
        &self.1
    }
}

/// Lifts every footnote out of the text flow. `unwrapped`: the lines were hard-wrapped
/// and have been joined already, so a note never continues on the next line. `printed`:
/// look for notes printed as plain text too (not in a paper, whose numbered lines are
/// headings and references).
pub fn lift(lines: Vec<Line>, unwrapped: bool, printed: bool) -> (Vec<Line>, Footnotes) {
    let mut lines: Vec<Line> = lines.into_iter().map(superscript_marks).collect();
    if printed {
        bracket_marks(&mut lines);
    }
    let (lines, mut notes) = lift_marked(lines);
    if !notes.0.is_empty() || !printed {
        return (lines, notes);
    }
    let paged = unwrapped || has_pages(&lines);
    let mut lines = lift_printed(lines, &mut notes, unwrapped, paged);
    if notes.0.is_empty() && !paged {
        notes.1 = drop_lost_marks(&mut lines);
    }
    (lines, notes)
}

/// Was the text set on pages (lines of one measure, form feeds, page furniture other
/// than a bare number)? A word processor's or a browser's text has no page, so no
/// page's foot: a number alone on its line there is a table's or a list's, not a note's.
fn has_pages(lines: &[Line]) -> bool {
    super::reflow::text_width(lines) > 0
        || lines
            .iter()
            .any(|l| l.raw.contains('\u{c}') || l.page_break && !is_bare_number(&l.raw))
}

/// A text export that dropped the notes and kept their marks as digits stuck to the words
/// (LibreOffice's txt export of a Word file: `（S.1260）1，`, `战略”2,`, `知识三角6的`):
/// marks numbered 1, 2, 3… in order through the text (after its table of contents), each
/// stuck between a word or a closing bracket and punctuation or a word, or spaced at the
/// end of a line (`调查 8`), with no note anywhere; one number may be missing (a mark the
/// converter printed otherwise). Three or more such marks are the notes': they are dropped
/// from the text (a number stuck to a sentence misreads it: `（S.1260）1` is no
/// `S.12601`), and returned (number, line) to be reported.
fn drop_lost_marks(lines: &mut [Line]) -> Vec<(u32, usize)> {
    let floor = super::toc::find(lines).map_or(0, |t| t.end);
    let stuck = |raw: &str, pos: usize, len: usize| {
        let before = raw[..pos].chars().next_back();
        let after = raw[pos + len..].chars().next();
        match mark_kind(raw, pos, len) {
            Some(true) => {
                before.is_some_and(|c| text::is_han(c) || "”’》）」』】\"')".contains(c))
                    && after.is_some_and(|c| text::is_han(c) || "，。、；：,.;:".contains(c))
            }
            // `启动 232 调查 8`: spaced from the last word of a line (a table's cell).
            Some(false) => after.is_none(),
            None => false,
        }
    };
    let mut found: Vec<(usize, std::ops::Range<usize>, u32)> = Vec::new();
    let (mut line, mut offset) = (floor, 0);
    let mut id = 0;
    loop {
        // The next number; failing that, the one after it (a mark printed otherwise).
        id += 1;
        if found.last().is_some_and(|f| f.2 + 2 < id) {
            break;
        }
        let digits = id.to_string();
        let next = (line..lines.len()).find_map(|k| {
            let l = &lines[k];
            if l.is_blank() || l.page_break {
                return None;
            }
            let start = if k == line { offset } else { 0 };
            l.raw
                .match_indices(&digits)
                .find(|&(p, _)| p >= start && stuck(&l.raw, p, digits.len()))
                .map(|(p, _)| (k, p..p + digits.len()))
        });
        let Some((k, range)) = next else {
            if found.is_empty() {
                break;
            }
            continue;
        };
        (line, offset) = (k, range.end);
        found.push((k, range, id));
    }
    // A note printed as text after all (`1 S.1260 - United States…`) keeps its mark.
    let noted = |id: u32| {
        lines.iter().any(|l| {
            leading_number(&l.text).is_some_and(|(n, rest)| {
                n == id
                    && !rest.starts_with(is_unit)
                    && (is_reference(rest) || is_explanation(rest))
            })
        })
    };
    if found.len() < 3 || found.iter().any(|f| noted(f.2)) {
        return Vec::new();
    }
    // From the end, so the ranges of earlier marks on the same line still hold.
    for (k, range, _) in found.iter().rev() {
        let l = &lines[*k];
        let raw = format!("{}{}", &l.raw[..range.start], &l.raw[range.end..]);
        let mut unmarked = Line::new(l.no, &raw);
        unmarked.page_break = l.page_break;
        lines[*k] = unmarked;
    }
    found.iter().map(|(k, _, id)| (*id, lines[*k].no)).collect()
}

/// Superscript digits (`（S.1260）¹，`, `¹ S.1260 …`, as pandoc's and Word's plain text
/// write a mark) as the markup would have them: `<sup>1</sup>`. Not after a letter or a
/// digit, where they are an exponent (`m²`, `10⁶`).
fn superscript_marks(line: Line) -> Line {
    const SUPERSCRIPTS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    let digit = |c: char| SUPERSCRIPTS.chars().position(|s| s == c);
    if !line.raw.chars().any(|c| digit(c).is_some()) {
        return line;
    }
    let mut out = String::with_capacity(line.raw.len() + 16);
    let mut run = String::new();
    let mut before: Option<char> = None;
    let mut chars = line.raw.chars().peekable();
    while let Some(c) = chars.next() {
        match digit(c) {
            Some(d) => {
                run.push(char::from(b'0' + d as u8));
                if chars.peek().is_some_and(|n| digit(*n).is_some()) {
                    continue;
                }
                if before.is_some_and(|b| b.is_ascii_alphanumeric()) {
                    out.extend(
                        run.chars()
                            .filter_map(|r| SUPERSCRIPTS.chars().nth(r as usize - '0' as usize)),
                    );
                } else {
                    out.push_str(&format!("<sup>{run}</sup>"));
                }
                run.clear();
                before = Some(c);
            }
            None => {
                out.push(c);
                if !c.is_whitespace() {
                    before = Some(c);
                }
            }
        }
    }
    let mut marked = Line::new(line.no, &out);
    marked.page_break = line.page_break;
    marked
}

/// Bracketed marks (`（S.1260）[1]，` in the text, `[1] S.1260 …` lines further down), as
/// pandoc's plain text writes a Word file's notes, as the markup would have them. Only a
/// number some `[N] text` line defines, and only where the mark comes before that line:
/// in a paper `[1]` cites a reference, so papers are not passed here.
fn bracket_marks(lines: &mut [Line]) {
    let defined: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| bracket_definition(&l.raw).map(|(id, _)| (i, id)))
        .collect();
    if !defined.iter().any(|&(_, id)| id == 1) {
        return;
    }
    let last_definition = |id: u32| defined.iter().rev().find(|d| d.1 == id).map(|d| d.0);
    for (i, line) in lines.iter_mut().enumerate() {
        let raw = &line.raw;
        if !raw.contains('[') {
            continue;
        }
        let rewritten = match bracket_definition(raw) {
            Some((id, rest)) => format!("<sup>{id}</sup> {rest}"),
            None => {
                let mut out = String::with_capacity(raw.len() + 16);
                let mut rest = raw.as_str();
                while let Some(open) = rest.find('[') {
                    out.push_str(&rest[..open]);
                    let after = &rest[open + 1..];
                    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                    let id = (1..=3)
                        .contains(&digits)
                        .then(|| after[..digits].parse::<u32>());
                    match id {
                        Some(Ok(id))
                            if after[digits..].starts_with(']')
                                && last_definition(id).is_some_and(|d| d > i) =>
                        {
                            out.push_str(&format!("<sup>{id}</sup>"));
                            rest = &after[digits + 1..];
                        }
                        _ => {
                            out.push('[');
                            rest = after;
                        }
                    }
                }
                out.push_str(rest);
                out
            }
        };
        if rewritten != *raw {
            let mut marked = Line::new(line.no, &rewritten);
            marked.page_break = line.page_break;
            *line = marked;
        }
    }
}

/// `[12] Title. https://…` → (12, "Title. https://…").
fn bracket_definition(raw: &str) -> Option<(u32, &str)> {
    let inner = raw.trim_start().strip_prefix('[')?;
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = inner[digits..].strip_prefix(']')?;
    let text = rest.trim();
    if !rest.starts_with(char::is_whitespace) || text.is_empty() {
        return None;
    }
    Some((inner[..digits].parse().ok()?, text))
}

/// Moves `<sup>N</sup> text` definitions (and the rule above them) out of the text flow.
fn lift_marked(lines: Vec<Line>) -> (Vec<Line>, Footnotes) {
    let mut notes = BTreeMap::new();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if let Some((id, body)) = marked_definition(&l.text) {
            notes.entry(id).or_insert(FootnoteDef {
                text: body,
                line: l.no,
            });
            // The rule and blank lines just above belong to the page bottom too.
            while out
                .last()
                .is_some_and(|p: &Line| p.is_blank() || is_rule(&p.text) || p.page_break)
            {
                out.pop();
            }
            out.push(Line::page_break(l.no));
            i += 1;
            while i < lines.len() && (lines[i].is_blank() || is_rule(&lines[i].text)) {
                i += 1;
            }
            continue;
        }
        if is_rule(&l.text) && l.md_level.is_none() {
            i += 1;
            continue;
        }
        out.push(l.clone());
        i += 1;
    }
    (out, Footnotes(notes, Vec::new()))
}

/// `<sup>12</sup> Title. <https://…>` → ("12", "Title. <https://…>").
fn marked_definition(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("<sup>")?;
    let end = rest.find("</sup>")?;
    let id = rest[..end].trim();
    if id.is_empty() || id.len() > 4 || !id.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let body = rest[end + 6..].trim();
    if body.is_empty() {
        return None;
    }
    Some((id.to_string(), body.replace("\\\\_", "\\_")))
}

/// A horizontal rule or a row of dashes a converter drew at a page bottom.
pub fn is_rule(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '—' | '_' | '*' | '=' | '\t' | ' '))
}

/// How far back from a note its mark may be (a page and a half of text lines).
const MARK_REACH: usize = 300;

/// A printed footnote definition found at a line.
struct Printed {
    id: u32,
    /// Index of its first line (the number's, unless the note was printed above it).
    start: usize,
    /// The note, its wrapped lines joined.
    text: String,
    /// Index of its last line.
    end: usize,
    /// Index of the rest of its link, printed at the foot of the next page.
    rest: Option<usize>,
}

/// Lifts footnotes printed as plain text (see the module comment), numbered from 1.
/// `paged`: the text was set on pages (see [`has_pages`]).
fn lift_printed(
    mut lines: Vec<Line>,
    notes: &mut Footnotes,
    unwrapped: bool,
    paged: bool,
) -> Vec<Line> {
    let width = super::reflow::text_width(&lines);
    let mut expected = 1u32;
    // The line of the last mark found: the next mark comes after it, and the first after
    // the table of contents (whose page numbers `pdftotext -raw` glues to the titles).
    let mut floor = super::toc::find(&lines).map_or(0, |t| t.end);
    let first_seen = first_seen(&lines);
    let mut lifted = vec![false; lines.len()];
    let endnotes = endnotes_heading(&lines);
    let mut i = 0;
    while i < lines.len() {
        // Endnotes: each mark is the first one after the mark of the note before.
        let endnote_heading = endnotes.filter(|&h| i > h);
        let found = if let Some(h) = endnote_heading {
            definition(&lines, i, width, unwrapped, &first_seen, endnote_number)
                .filter(|d| (expected..expected + 3).contains(&d.id))
                .and_then(|d| {
                    let mark = first_mark_after(&lines, floor, h, d.id)?;
                    Some((d, mark))
                })
        } else if endnotes.is_some() || lines[i].page_break && !paged {
            // A bulletin that gathers its notes at the end prints none at a page's foot:
            // a numbered line before the notes' heading is the text's own. Nor does a
            // text without pages: a number alone on its line is a table's serial number.
            None
        } else {
            definition(&lines, i, width, unwrapped, &first_seen, leading_number)
                .filter(|d| (expected..expected + 3).contains(&d.id))
                .and_then(|d| {
                    let strong = is_reference(&d.text);
                    // Skipping a number (a note the converter lost) needs a note that is surely one.
                    if d.id > expected && !strong {
                        return None;
                    }
                    if !(strong || is_explanation(&d.text))
                        || follows_sibling(&lines, &lifted, i, d.id)
                    {
                        return None;
                    }
                    let mark = find_mark(&lines, floor, i, d.id)?;
                    Some((d, mark))
                })
                .or_else(|| {
                    let d = note_above_number(&lines, &lifted, i, expected)?;
                    let mark = find_mark(&lines, floor, d.start, d.id)?;
                    Some((d, mark))
                })
        };
        let Some((def, (mark_at, range))) = found else {
            i += 1;
            continue;
        };
        if let Some(h) = endnote_heading {
            lifted[h] = true;
        }
        mark(&mut lines, mark_at, range, def.id);
        notes.0.insert(
            def.id.to_string(),
            FootnoteDef {
                text: as_markdown(&def.text),
                line: lines[def.start].no,
            },
        );
        for flag in &mut lifted[def.start..=def.end] {
            *flag = true;
        }
        if let Some(k) = def.rest {
            lifted[k] = true;
        }
        floor = mark_at;
        expected = def.id + 1;
        i = def.end + 1;
    }
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for (l, gone) in lines.into_iter().zip(lifted) {
        if !gone {
            out.push(l);
        } else if !out.last().is_some_and(|p| p.page_break && p.raw.is_empty()) {
            // One page break where the note was.
            out.push(Line::page_break(l.no));
        }
    }
    out
}

/// A note printed above its number (`S.1260 - United States… https://www.congress.` /
/// `gov/bill/…` / `1`): `pdftotext` sets a note's raised number after the note's lines
/// when the note wraps, as it reads a LibreOffice page. Line `i` is the number alone on
/// its line (the furniture pass took it for a page number), the next in sequence, a blank
/// line or the page's end after it; above it, up to [`NOTE_ABOVE_LINES`] lines of text
/// after a blank line, a page break or the article's credit (`（张娟 李宏）`), that read as
/// a note: a reference, or an explanation that ends no sentence (a paragraph of the text
/// does). A number skipped needs a reference.
fn note_above_number(lines: &[Line], lifted: &[bool], i: usize, expected: u32) -> Option<Printed> {
    let l = &lines[i];
    if !l.page_break || !is_bare_number(&l.raw) {
        return None;
    }

    let id: u32 = l.raw.trim().parse().ok()?;
    let closes_block = lines
        .get(i + 1)
        .is_none_or(|n| n.is_blank() || n.page_break);
    if !(expected..expected + 3).contains(&id) || !closes_block {
        return None;
    }
    let bounds = |k: usize| {
        let p = &lines[k];
        lifted[k]
            || p.is_blank()
            || p.page_break
            || p.md_level.is_some()
            || p.raw.contains('\t')
            || super::credits::credit_line(&p.text).is_some()
    };
    let start = (i.saturating_sub(NOTE_ABOVE_LINES + 1)..i)
        .rev()
        .find(|&k| bounds(k))
        .map(|k| k + 1)?;
    if start == i {
        return None;
    }
    let mut text = String::new();
    for l in &lines[start..i] {
        let piece = l.text.trim();
        let in_link = text.split_whitespace().last().is_some_and(has_link);
        if in_link && is_link_piece(piece.split_whitespace().next().unwrap_or("")) {
            text.push_str(piece);
        } else {
            text::join_broken_into(&mut text, piece);
        }
    }
    let strong = is_reference(&text);
    let explains = is_explanation(&text) && !text::ends_sentence(&text);
    if !(strong || explains && id == expected) {
        return None;
    }
    Some(Printed {
        id,
        start,
        text,
        end: i,
        rest: None,
    })
}

/// At most this many lines of a note printed above its number.
const NOTE_ABOVE_LINES: usize = 5;

/// Writes the mark at `range` of line `at` as `<sup>id</sup>`.
fn mark(lines: &mut [Line], at: usize, range: std::ops::Range<usize>, id: u32) {
    let l = &lines[at];
    let raw = format!(
        "{}<sup>{}</sup>{}",
        &l.raw[..range.start],
        id,
        &l.raw[range.end..]
    );
    let mut marked = Line::new(l.no, &raw);
    marked.page_break = l.page_break;
    lines[at] = marked;
}

/// The heading of the notes gathered at the end of a bulletin (注释, 注, 尾注, Notes),
/// when note 1 follows it: its index. The text before it holds every mark.
fn endnotes_heading(lines: &[Line]) -> Option<usize> {
    const HEADINGS: [&str; 7] = ["注释", "注", "尾注", "注解", "附注", "Notes", "NOTES"];
    let h = lines.iter().rposition(|l| {
        let t: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
        HEADINGS.contains(&t.trim_end_matches(['：', ':']))
    })?;
    if h * 2 < lines.len() {
        return None;
    }
    let first = lines[h + 1..]
        .iter()
        .find(|l| !l.is_blank() && !l.page_break && !super::meta::has_issue_label(&l.text))?;
    endnote_number(&first.text)
        .is_some_and(|(id, _)| id == 1)
        .then_some(h)
}

/// An endnote's number: `1 Text`, `1. Text`, `[1] Text`, `1) Text`.
fn endnote_number(t: &str) -> Option<(u32, &str)> {
    let inner = t.strip_prefix('[').unwrap_or(t);
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &inner[digits..];
        if let Some(after) = rest.strip_prefix(['.', '．', ')', ']', '、']) {
            let id: u32 = inner[..digits].parse().ok()?;
            let after = after.trim_start();
            return (id > 0 && !after.is_empty()).then_some((id, after));
        }
    }
    leading_number(t)
}

/// The first mark of note `id` between lines `from` and `to`.
fn first_mark_after(
    lines: &[Line],
    from: usize,
    to: usize,
    id: u32,
) -> Option<(usize, std::ops::Range<usize>)> {
    let digits = id.to_string();
    (from..to.min(lines.len())).find_map(|k| {
        let raw = lines[k].raw.as_str();
        if lines[k].is_blank() || lines[k].page_break {
            return None;
        }
        raw.match_indices(&digits)
            .find(|(pos, _)| mark_kind(raw, *pos, digits.len()) == Some(true))
            .map(|(pos, _)| (k, pos..pos + digits.len()))
    })
}

/// Characters that, after a number, make it a quantity or a date, not a note number.
pub(super) fn is_unit(c: char) -> bool {
    "年月日号时分秒个万亿千百十元角倍家项名位种类条款次人届期页章节岁天周米吨件份所批台辆架艘只座例起宗篇部集级层度点成折多余左%％"
        .contains(crate::search::fold::fold(c))
}

/// The leading note number of a line, and the text after it: `1 Text`, or `1Text` (the
/// number stuck to a title in another script or to a Chinese word).
fn leading_number(t: &str) -> Option<(u32, &str)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let id: u32 = t[..digits].parse().ok()?;
    let rest = &t[digits..];
    let next = rest.chars().next()?;
    // Stuck to a capital or a letter of another script (`1S.1260`, `3제 16 회`,
    // `11Правительство`, `6知识三角`), not to a unit (`6月`) or a lower-case word (`5th`).
    let glued = next.is_alphabetic() && !next.is_ascii_lowercase() && !is_unit(next);
    if !next.is_whitespace() && !glued {
        return None;
    }
    let rest = rest.trim_start();
    (id > 0 && !rest.is_empty()).then_some((id, rest))
}

/// Is line `i` a printed note (`9 内閣府：…`) whose number the text above cites as a
/// mark (`“统合创新战略2021”9，`)? Then it is no article title, even with a link below it.
pub(super) fn is_cited_note(lines: &[Line], i: usize) -> bool {
    leading_number(&lines[i].text).is_some_and(|(id, _)| find_mark(lines, 0, i, id).is_some())
}

/// A printed footnote starting at line `i`: `N text` (with its wrapped lines), or `N`
/// alone on a line, which the furniture pass took for a page number, with the note below.
/// Where each line of Chinese text is first printed (its index), for telling a line
/// printed twice (a title the contents listed) in one lookup.
fn first_seen(lines: &[Line]) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for (k, l) in lines.iter().enumerate() {
        if is_han_text(&l.text) {
            seen.entry(l.text.trim().to_string()).or_insert(k);
        }
    }
    seen
}

fn definition(
    lines: &[Line],
    i: usize,
    width: usize,
    unwrapped: bool,
    first_seen: &HashMap<String, usize>,
    number: fn(&str) -> Option<(u32, &str)>,
) -> Option<Printed> {
    let l = &lines[i];
    let (id, first, first_at) = if l.page_break {
        let t = l.raw.trim();
        if !is_bare_number(t) {
            return None;
        }
        let j = (i + 1..lines.len().min(i + 3)).find(|&j| !lines[j].is_blank())?;
        let n = &lines[j];
        // A number printed last on its page, the next line opening the next page (a form
        // feed): the page's number in a corner, not a note's.
        let opens_page = n.raw.starts_with('\u{c}');
        if n.page_break || opens_page || n.md_level.is_some() || n.raw.contains('\t') {
            return None;
        }
        (t.parse().ok()?, n.text.clone(), j)
    } else {
        if l.is_blank() || l.md_level.is_some() || l.raw.contains('\t') {
            return None;
        }
        let (id, rest) = number(&l.text)?;
        (id, rest.to_string(), i)
    };
    let mut text = first;
    let mut end = first_at;
    let mut rest = None;
    // The lines the note wrapped onto: a link that goes on, more links after a `;`, or
    // the rest of a full line in the same script.
    loop {
        let piece = &lines[end].text;
        let full = !unwrapped
            && width > 0
            && super::reflow::display_columns(piece) + (width / 10).max(4) >= width;
        let last_word = piece.split_whitespace().last().unwrap_or("");
        let in_link = has_link(last_word);
        let open_link =
            in_link && (full || last_word.ends_with(['-', '_', '=', '&', '?', '\\', '/']));
        // A note in another script goes on until its link: a typesetter that set its words
        // in a fallback font leaves them on lines of their own (`제` / `16` / `회` / …).
        let awaiting_link = !has_link(&text) && !is_han_text(&text);
        let mut j = end + 1;
        // A note without its link yet may have it a blank line below (a typesetter that
        // set the link as a paragraph of its own).
        let skip = if awaiting_link {
            2
        } else {
            usize::from(full || open_link || !has_link(&text))
        };
        for _ in 0..skip {
            if j < lines.len() && lines[j].is_blank() {
                j += 1;
            }
        }
        let Some(n) = lines.get(j) else { break };
        if awaiting_link && n.page_break && is_bare_number(&n.raw) {
            text = format!("{} {}", text.trim_end(), n.raw.trim());
            end = j;
            continue;
        }
        if open_link && n.page_break {
            rest = rest_at_next_foot(lines, j, id);
            if let Some(k) = rest {
                text.push_str(&lines[k].text);
            }
            break;
        }
        if n.is_blank() || n.page_break || n.md_level.is_some() || n.raw.contains('\t') {
            break;
        }
        if number(&n.text).is_some_and(|(k, _)| k == id + 1) {
            break;
        }
        let t = n.text.as_str();
        let starts_link = t.starts_with("http") || t.starts_with("www.");
        // A blank line skipped: only a link goes on the note there.
        if j > end + 1 && !starts_link && !awaiting_link && !full && !open_link {
            break;
        }
        // The next column's or section's numbered heading is no part of the note.
        let numbered = super::toc::is_section_label(t)
            || super::toc::is_subsection_label(t)
            || super::toc::is_paren_numbered(t)
            || super::toc::without_title_number(t).is_some();
        if numbered && !starts_link && !awaiting_link {
            break;
        }
        // A line of text printed before as it is here is a title the table of contents
        // listed (`日本发布统合创新战略 2021` after the last note of the article before).
        if first_seen.get(t.trim()).is_some_and(|&k| k < i) {
            break;
        }
        let listing = text.trim_end().ends_with([';', ',', '；', '，']);
        if open_link && !starts_link && is_link_piece(t) {
            text.push_str(t);
        } else if starts_link && (!has_link(&text) || listing) {
            text = format!("{} {t}", text.trim_end());
        } else if full && !in_link && is_han_text(&text) == is_han_text(t)
            || awaiting_link && !is_han_text(t)
        {
            text = text::join_broken(&text, t);
        } else {
            break;
        }
        end = j;
    }
    Some(Printed {
        id,
        start: i,
        text,
        end,
        rest,
    })
}

/// A note's link cut at the foot of a page goes on at the foot of the next (a typesetter
/// that carries a long note over): after the next page's text, a piece of a link alone on
/// its line, the page's end or the next note after it, and no later note before it.
/// `brk`: the page break after the note. A bare number the furniture pass took for a page
/// number may be a table's cell.
fn rest_at_next_foot(lines: &[Line], brk: usize, id: u32) -> Option<usize> {
    let ends_foot = |k: usize| {
        let next = (k + 1..lines.len()).find(|&j| !lines[j].is_blank());
        next.is_none_or(|j| {
            lines[j].page_break || leading_number(&lines[j].text).is_some_and(|(n, _)| n == id + 1)
        })
    };
    // A path, a file name or a slug (`content/uploads/…`, `nervensystem-von-14814.html`,
    // `phase-2-study`), not a word that ends a sentence (`Report.`).
    let url_like = |t: &str| {
        is_link_piece(t)
            && (t.contains(['/', '-', '_', '=', '&', '?'])
                || t.split('.')
                    .skip(1)
                    .any(|p| p.starts_with(|c: char| c.is_ascii_alphanumeric())))
    };
    // The next note's number alone on its line is no page's end.
    let later = |n: u32| n > id && n <= id + 3;
    if lines[brk].raw.trim().parse().is_ok_and(later) {
        return None;
    }
    let start = (brk..lines.len()).find(|&j| !lines[j].page_break && !lines[j].is_blank())?;
    for (k, l) in lines.iter().enumerate().skip(start).take(MARK_REACH) {
        if l.page_break && !is_bare_number(&l.raw) {
            return None;
        }
        let t = l.text.as_str();
        if leading_number(t).is_some_and(|(n, _)| later(n)) {
            return None;
        }
        if !l.page_break && url_like(t) && ends_foot(k) {
            return Some(k);
        }
    }
    None
}

fn is_bare_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

fn has_link(t: &str) -> bool {
    t.contains("http://") || t.contains("https://") || t.contains("www.")
}

/// Mostly Chinese (rather than a title in another script)?
fn is_han_text(t: &str) -> bool {
    let foreign = t
        .chars()
        .filter(|&c| c.is_alphabetic() && !text::is_han(c))
        .count();
    text::han_count(t) >= foreign
}

/// The rest of a cut link: no spaces, no Chinese, link punctuation.
fn is_link_piece(t: &str) -> bool {
    !t.is_empty()
        && !t.contains(char::is_whitespace)
        && !t.chars().any(text::is_han)
        && t.chars().all(|c| c.is_ascii_graphic() || c == '\u{ff3f}')
}

/// A note that cites a document: a link, or a title in another script (English,
/// Japanese, Korean, Russian…).
fn is_reference(t: &str) -> bool {
    let foreign = t
        .chars()
        .filter(|&c| c.is_alphabetic() && !text::is_han(c))
        .count();
    has_link(t) || foreign >= 8 && foreign >= text::han_count(t)
}

/// A note that explains a term: Chinese prose with a clause in it, not a title or a row.
fn is_explanation(t: &str) -> bool {
    text::han_count(t) >= 10
        && t.contains(['，', '、', '：', '；', ','])
        && !t.contains("  ")
        && !text::ends_with_colon(t)
}

/// A numbered list or table printed as text (`7  保护…` above `8  …`) is no footnote: the
/// nearest line above that starts with a number has the number before, and it was not
/// lifted as a note. Between them may stand up to [`ITEM_LINES`] lines of the item before,
/// which wrapped (`6 鼓励外国制造商…与盟` / `国及伙伴…进行合作`); a line that ends a
/// sentence, an article's credit or a heading is no such line.
fn follows_sibling(lines: &[Line], lifted: &[bool], i: usize, id: u32) -> bool {
    let mut above = (0..i)
        .rev()
        .filter(|&k| !lifted[k])
        .map(|k| &lines[k])
        .filter(|l| !l.is_blank() && !l.page_break);
    let mut wrapped = String::new();
    for skipped in 0..=ITEM_LINES {
        let Some(l) = above.next() else {
            return false;
        };
        if let Some((k, first)) = leading_number(&l.text) {
            // Past wrapped lines, the item above is a row: not a note read later (a
            // reference: `7 Building Resilient…` / `100-Day Reviews… https://…`), nor a
            // paragraph that opens with a date (`6 月 8 日，…`).
            let row = !first.starts_with(is_unit) && !is_reference(&format!("{first}{wrapped}"));
            return k + 1 == id && (skipped == 0 || row);
        }
        let t = l.text.trim_end();
        if l.md_level.is_some()
            || t.ends_with(['。', '！', '？'])
            || super::credits::closes_with_credit(t)
        {
            return false;
        }
        wrapped.insert_str(0, t);
    }
    false
}

/// A numbered item wraps over at most this many lines more.
const ITEM_LINES: usize = 3;

/// Where the mark of note `id` is: the nearest line above `i` (not above `floor`) with
/// the number stuck to the text it annotates (`（S.1260）1，`, `知识三角6的`), or, failing
/// that, after a space at the end of a line or a table cell (`启动 232 调查 8`).
/// Returns the line index and the byte range of the number in its `raw`.
fn find_mark(
    lines: &[Line],
    floor: usize,
    i: usize,
    id: u32,
) -> Option<(usize, std::ops::Range<usize>)> {
    let digits = id.to_string();
    let lowest = floor.max(i.saturating_sub(MARK_REACH));
    let mut spaced = None;
    for k in (lowest..i).rev() {
        let l = &lines[k];
        if l.is_blank() || l.page_break {
            continue;
        }
        let raw = l.raw.as_str();
        // A mark the wrap put at the start of a line is stuck to the end of the line above.
        let above = k
            .checked_sub(1)
            .map(|p| &lines[p])
            .filter(|p| !p.is_blank() && !p.page_break && !text::ends_sentence(&p.text))
            .and_then(|p| p.raw.trim_end().chars().last());
        let mut found = None;
        for (pos, _) in raw.match_indices(&digits) {
            let kind = match above {
                // Only before the punctuation that goes on with the sentence (`20。`): a
                // number starting a line is more often a date or a quantity (`6 月`).
                Some(c) if pos == 0 => raw[digits.len()..]
                    .chars()
                    .next()
                    .filter(|&n| text::is_cjk_punct(n))
                    .and_then(|_| mark_kind(&format!("{c}{raw}"), c.len_utf8(), digits.len())),
                _ => mark_kind(raw, pos, digits.len()),
            };
            match kind {
                Some(true) => found = Some(pos),
                Some(false) => {
                    spaced.get_or_insert((k, pos..pos + digits.len()));
                }
                None => {}
            }
        }
        if let Some(pos) = found {
            return Some((k, pos..pos + digits.len()));
        }
    }
    spaced
}

/// Is the number at `pos` (of `len` bytes) a footnote mark? `Some(true)`: stuck to the
/// word before it; `Some(false)`: after a space, at the end of a line or table cell.
fn mark_kind(raw: &str, pos: usize, len: usize) -> Option<bool> {
    let before = raw[..pos].chars().next_back()?;
    let after_s = &raw[pos + len..];
    let mut after_chars = after_s.chars();
    let after = after_chars.next();
    let after2 = after_chars.next();
    if before.is_ascii_digit() || after.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // Inside a link, a date or a quantity, the number is part of the text.
    let word_start = raw[..pos]
        .rfind(|c: char| c.is_whitespace() || text::is_cjk(c))
        .map_or(0, |p| p + raw[p..].chars().next().map_or(1, char::len_utf8));
    if raw[word_start..pos].contains(['/', ':', '=', '#', '%'])
        || raw[word_start..pos].contains("www")
    {
        return None;
    }
    if after.is_some_and(|c| c.is_ascii_alphabetic() || is_unit(c) || c == '<') {
        return None;
    }
    // A typesetter that spaces digits from Chinese spaces the unit too (`：9 月`).
    if after == Some(' ') && after2.is_some_and(is_unit) {
        return None;
    }
    // `(3)`, `【2】`: the numbering of a list item.
    if "(（[【".contains(before) && after.is_some_and(|c| ")）]】".contains(c)) {
        return None;
    }
    let numeric_sep = |c: Option<char>| c.is_some_and(|c| ".,:-~～—/–".contains(c));
    if numeric_sep(after) && after2.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if before.is_whitespace() {
        let before2 = raw[..pos].trim_end().chars().next_back();
        let at_end = after.is_none() || after == Some('\t') || after_s.starts_with("  ");
        // A typesetter that spaces digits from Chinese (`行动计划 4。`) spaces the mark
        // too: before the punctuation that goes on with the sentence, after a word.
        let after_word = before2.is_some_and(|c| {
            text::is_han(c)
                && !"第图表约近共达超逾前后至每占计合为是有".contains(crate::search::fold::fold(c))
        });
        let before_punct = after.is_some_and(|c| "。，；、：".contains(c)) && after_word;
        // Or inside the sentence, spaced from the words on both sides (`知识三角 6 的整合`):
        // a word, not a unit (`6 月`), after it.
        let between_words = after == Some(' ')
            && after2.is_some_and(|c| text::is_han(c) && !is_unit(c))
            && after_word;
        return (at_end && before2.is_some_and(|c| text::is_han(c) || text::is_cjk_punct(c))
            || before_punct
            || between_words)
            .then_some(false);
    }
    if "第图表约近共达超逾前后至每占计合.,:/-+~～#@_=$".contains(crate::search::fold::fold(before))
    {
        return None;
    }
    Some(true)
}

/// The note as Markdown: links as autolinks, without the escapes a printed link text
/// kept (`togo2021\_honbun`).
fn as_markdown(t: &str) -> String {
    t.split(' ')
        .map(|w| {
            let Some(s) = w.find("https://").or_else(|| w.find("http://")) else {
                return w.to_string();
            };
            if w.contains('<') {
                return w.to_string();
            }
            let link = &w[s..];
            let core = link.trim_end_matches(['.', ',', ';', '，', '。', '；']);
            let trailing = &link[core.len()..];
            format!("{}<{}>{trailing}", &w[..s], core.replace("\\_", "_"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines as lines;

    #[test]
    fn a_note_printed_above_its_number_is_lifted() {
        // Seed 003 through pandoc's docx, LibreOffice and `pdftotext`: each note's number
        // comes after the note's lines; `68 票` and `2021 年` stay in the text.
        let src = "\u{c}6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过《2021 年美国创新与竞争法\n案》（S.1260）1，旨在促进美国半导体、人工智能等技术的发展。\n（张娟 李宏）\nS.1260 - United States Innovation and Competition Act of 2021. https://www.congress.\ngov/bill/117th-congress/senate-bill/1260/text\n1\n\n二、战略规划\n6 月 4 日,日本经济产业省发布了“半导体和数字产业发展战略”2,从半导体产业、数字产业、数\n字基础设施三个方面阐述了发展措施。\n（惠仲阳）\n経済産業省: 半導体・デジタル産業戦略. https://www.meti.go.jp/press/2021/06/20210604\n008/20210604008.html\n2\n";
        let (out, notes) = printed(src);
        let joined: String = out.iter().map(|(t, _)| t.as_str()).collect();
        assert!(joined.contains("（S.1260）<sup>1</sup>，"), "{joined}");
        assert!(joined.contains("战略”<sup>2</sup>,从"), "{joined}");
        assert!(joined.contains("以 68 票赞成"), "{joined}");
        assert!(!joined.contains("United States"), "{joined}");
        assert!(notes
            .get("1")
            .unwrap()
            .text
            .contains("senate-bill/1260/text"));
        assert!(notes.get("2").unwrap().text.starts_with("経済産業省"));
        // A paragraph of the text above a page's number is no note.
        let src = "\u{c}6 月 8 日，美国参议院投票通过《2021 年美国创新与竞争法案》（S.1260）1，旨在促进发展。\n\n该法案凝聚了两党共识，可谓美国未来对华全面竞争的基本大法。\n1\n";
        let (_, notes) = printed(src);
        assert!(notes.get("1").is_none());
    }

    #[test]
    fn marked_footnotes_leave_a_page_break_in_the_sentence() {
        let src = "数字技术和网络空间是中美竞争的战略高地\n\n---\n\n<sup>1</sup> S.1260 - Act. <https://www.congress.gov/bill>\n\n产品的依赖以及网络安全。";
        let (out, notes) = lift(lines(src), false, true);
        let texts: Vec<_> = out
            .iter()
            .map(|l| (l.text.as_str(), l.page_break))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("数字技术和网络空间是中美竞争的战略高地", false),
                ("", true),
                ("产品的依赖以及网络安全。", false)
            ]
        );
        assert_eq!(
            notes.get("1").unwrap().text,
            "S.1260 - Act. <https://www.congress.gov/bill>"
        );
        assert_eq!(notes.get("1").unwrap().line, 5);
    }

    fn printed(src: &str) -> (Vec<(String, bool)>, Footnotes) {
        let mut ls = lines(src);
        // The furniture pass turns a number alone on its line into a page break.
        for l in &mut ls {
            if !l.text.is_empty() && l.text.len() <= 3 && l.text.bytes().all(|b| b.is_ascii_digit())
            {
                l.raw = l.text.clone();
                l.text.clear();
                l.page_break = true;
            }
        }
        let (out, notes) = lift(ls, false, true);
        (
            out.into_iter().map(|l| (l.inline, l.page_break)).collect(),
            notes,
        )
    }

    #[test]
    fn a_mark_the_wrap_put_at_the_start_of_a_line() {
        // `…经济增长` / `1。`: the mark belongs to the line above; `6 月` starting a line
        // after a title is a date, not a mark.
        let (out, notes) = printed(
            "英国政府与 IBM 将合作开展先进数字技术研究\n\
             6 月 3 日，英国政府和 IBM 公司宣布了一项合作研究计划，促进国家和区域经济增长\n\
             1。\n\
             1\n\
             \n\
             UK STFC Hartree Centre and IBM Begin Five-Year Partnership. https://newsroom.ibm.com/a",
        );
        assert!(notes
            .get("1")
            .is_some_and(|n| n.text.contains("newsroom.ibm.com")));
        assert_eq!(out[2].0, "<sup>1</sup>。");
        assert!(out[1].0.starts_with("6 月 3 日"));
    }

    #[test]
    fn a_number_spaced_from_its_unit_is_no_mark() {
        // pdftotext of LibreOffice's print of seed 003 on US Letter (note 9, numbered 1
        // here as the first note): the typesetter spaces digits from Chinese, so the
        // `1 月` of a later paragraph is nearer the note than its mark `”1，`.
        let (out, notes) = printed(
            "6 月 18 日，日本政府发布“统合创新战略 2021”1，作为 2021 年日本科技创新工作的年度指导。\n\
             年度工作计划：1 月在经济产业省设立数字化厅，发布数字战略、培育数字产业；完\n\
             1内閣府：統合イノベーション戦略 2021. https://www8.cao.go.jp/cstp/tougosenryaku/togo2021_honbun.pdf",
        );
        assert!(notes.get("1").is_some());
        assert!(
            out[0].0.contains("“统合创新战略 2021”<sup>1</sup>，"),
            "{out:?}"
        );
        assert!(out[1].0.starts_with("年度工作计划：1 月"), "{out:?}");
    }

    #[test]
    fn a_link_cut_at_a_page_foot_goes_on_at_the_next_foot() {
        // pdftotext -layout of LibreOffice's print of seed 003 on US Letter (note 7,
        // numbered 1 here): the note's link goes on at the foot of the next page, inside
        // a table whose row the page cut.
        let mut ls = lines(
            "报告《建立弹性供应链、重振美国制造业、促进广泛增长》1，包括对 4 类关键产品的评估。\n\
             1Building Resilient Supply Chains, Revitalizing American Manufacturing, and Fostering Broad-\n\
             Based Growth: 100-Day Reviews Under Executive Order 14017. https://www.whitehouse.gov/wp-\n\
             第 7 页\n\
             键矿物和材料，以及医疗用品和原料药）供应链的综合评估结果。\n\
             电池组和终端产         美国的电池组和终端产品制造主要为满足北美地区的电动汽车生产需求。但美国仍落后\n\
             content/uploads/2021/06/100-day-supply-chain-review-report.pdf\n\
             科技政策与咨询快报   2021 年第 08 期\n\
             品制造       于其他市场",
        );
        for k in [3, 7] {
            ls[k].text.clear();
            ls[k].page_break = true;
        }
        let (out, notes) = lift(ls, false, true);
        assert!(
            notes.get("1").is_some_and(|n| n
                .text
                .contains("<https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-review-report.pdf>")),
            "{notes:?}"
        );
        assert!(!out.iter().any(|l| l.text.starts_with("content/")));
        assert!(out.iter().any(|l| l.text.starts_with("电池组和终端产")));
    }

    #[test]
    fn a_note_stops_before_a_title_the_contents_listed() {
        // Seed 003 printed by Chromium with its header and footer, through `pdftotext`:
        // note 8 (numbered 1 here) ends on a full line, and after a blank line comes the next article's
        // title, which the table of contents printed the same.
        // Lines of the article before show the measure the note's lines fill.
        let body = "是被置于该法案之首，其中一项要点就是在包括数字技术在内的关键科技领域，确保全球供应链的安全\n"
            .repeat(10);
        let (out, notes) = printed(&format!(
            "目录\n日本发布统合创新战略 2021\n\n{body}对钕磁材料启动 232 调查1，以确保供应链安全。\n\
             1 美国 232 调查，指美国商务部根据 1962 年《贸易扩展法》第 232 条款授权，对特定产品进口是否威胁美国国家安全进行立案调查，并\n\
             在立案之后 270 天内向总统提交报告，美国总统在 90 天内做出是否对相关产品进口采取最终措施的决定\n\
             \n\
             日本发布统合创新战略 2021\n\
             来源：https://www8.cao.go.jp/cstp/tougosenryaku/togo2021_honbun.pdf\n\
             6月18日，日本政府发布“统合创新战略2021”2，作为2021年日本科技创新工作的年度指导。\n\
             2 内閣府：統合イノベーション戦略 2021. https://www8.cao.go.jp/cstp/tougosenryaku/togo2021_honbun.pdf",
        ));
        let note = &notes.get("1").expect("note 1").text;
        assert!(note.ends_with("最终措施的决定"), "{note}");
        assert_eq!(
            out.iter()
                .filter(|(t, _)| t == "日本发布统合创新战略 2021")
                .count(),
            2,
            "{out:#?}"
        );
    }

    #[test]
    fn printed_notes_by_number_mark_and_kind() {
        let (out, notes) = printed(
            "6 月 8 日，美国参议院投票通过《2021 年美国创新与竞争法案》（S.1260）1，旨在促进美国半导体的发展。\n\
             摆脱对中国 ICT\n\
             1 S.1260 - United States Innovation and Competition Act of 2021. https://www.congress.gov/bill/117th-congress/senate-\n\
             \n\
             bill/1260/text\n\
             产品的依赖以及网络安全等领域为其他国家提供帮助。\n\
             促进欧盟内知识三角2的整合。\n\
             2\n\
             \n\
             知识三角理论主要描述创新体系发展中高等教育、科学研究和产业创新之间的互动\n\
             \u{c}3 月 5 日，会议召开。",
        );
        assert_eq!(
            notes.get("1").map(|n| n.text.as_str()),
            Some("S.1260 - United States Innovation and Competition Act of 2021. <https://www.congress.gov/bill/117th-congress/senate-bill/1260/text>")
        );
        assert_eq!(
            notes.get("2").map(|n| n.text.as_str()),
            Some("知识三角理论主要描述创新体系发展中高等教育、科学研究和产业创新之间的互动")
        );
        assert!(notes.get("3").is_none(), "a date is no note");
        assert!(out[0].0.contains("（S.1260）<sup>1</sup>，"), "{out:?}");
        assert!(out
            .iter()
            .any(|(t, _)| t == "促进欧盟内知识三角<sup>2</sup>的整合。"));
        assert!(out
            .iter()
            .any(|(t, _)| t.ends_with("3 月 5 日，会议召开。")));
        // The note is gone from the flow, a page break in its place.
        assert!(!out.iter().any(|(t, _)| t.contains("S.1260 - United")));
    }

    #[test]
    fn numbered_rows_and_headings_are_no_notes() {
        let (_, notes) = printed(
            "见表1，其中第2项最重要。\n序号  建议\n1  促进本地生产，促进国际合作\n2  建立新的平台生产技术，透明化供应链\n",
        );
        assert!(notes.get("2").is_none());
        let (_, notes) = printed(
            "新质生产力1下的标准。\n1 新质生产力创新发展需要技术性贸易措施的标准引领\n正文。",
        );
        assert!(notes.get("1").is_none());
        // Seed 003's table 2 through `pdftotext` of a Chromium print (its rows numbered
        // from 1 here, after note 1): row 1 wraps, so the line above row 2 starts with no
        // number; row 2 is still no note 2, though the text cites a 2.
        let (out, notes) = printed(
            "投票通过《2021 年美国创新与竞争法案》（S.1260）1，旨在促进发展。\n\
             1 S.1260 - United States Innovation and Competition Act of 2021. https://www.congress.gov/bill/117th-congress/senate-bill/1260/text\n\
             12\n\
             报告针对潜在漏洞风险提出政策建议2，见下表。\n\
             表 2 建设弹性的半导体供应链的政策建议\n\
             1 鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区，建设多样化供应商基础，与盟\n\
             国及伙伴就半导体供应链弹性进行合作\n\
             2 保护美国在半导体制造和先进封装方面的技术优势，利用出口管制、外国投资审查等工具支持相\n\
             关政策行动\n",
        );
        assert!(notes.get("1").is_some(), "{notes:?}");
        assert!(notes.get("2").is_none(), "{notes:?}");
        assert!(
            out.iter().any(|(t, _)| t.starts_with("2 保护美国")),
            "{out:?}"
        );
    }

    #[test]
    fn a_row_follows_the_row_before_past_its_wrapped_lines_but_a_note_follows_no_note() {
        // Seed 003 through `pdftotext` (Chromium print) and pypdf: a table's rows 6 and 7,
        // row 6 wrapped; notes 7 and 8 at a page's foot, note 7 wrapped.
        let rows = lines(
            "6 鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区，建设多样化供应商基础，与盟\n\
             国及伙伴就半导体供应链弹性进行合作\n\
             7 保护美国在半导体制造和先进封装方面的技术优势，利用出口管制、外国投资审查等工具支持相\n",
        );
        assert!(follows_sibling(&rows, &[false; 3], 2, 7));
        let notes = lines(
            "7 Building Resilient Supply Chains, Revitalizing American Manufacturing, and Fostering Broad-Based Growth:\n\
             100-Day Reviews Under Executive Order 14017. https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-review-report.pdf\n\
             8 美国 232 调查，指美国商务部根据 1962 年《贸易扩展法》第 232 条款授权\n",
        );
        assert!(!follows_sibling(&notes, &[false; 3], 2, 8));
        // A paragraph that opens with a date is no row before a note.
        let dated = lines(
            "6 月 8 日，拜登政府发布根据第 14017 号行政令对“美国的供应链”进行短期审查的结果报告《建立弹性供\n\
             应链、重振美国制造业、促进广泛增长》7，包括对 4 类关键产品（半导体制造和先进封装、大容量电池、关\n\
             7Building Resilient Supply Chains, Revitalizing American Manufacturing, and Fostering Broad-\n",
        );
        assert!(!follows_sibling(&dated, &[false; 3], 2, 7));
        // Nor does a row follow one above the article's credit.
        let credited =
            lines("6 加强本土储备\n（唐璐 张志强）\n7 保护美国在半导体制造方面的技术优势\n");
        assert!(!follows_sibling(&credited, &[false; 3], 2, 7));
    }

    #[test]
    fn endnotes_under_their_heading_find_their_marks_far_above() {
        // Seed 003's notes gathered at the end of the bulletin (`1.` numbering), the
        // marks a thousand lines above them.
        let filler = "该法案凝聚了两党共识，可谓美国未来对华全面竞争的基本大法。\n".repeat(400);
        let src = format!(
            "投票通过《2021 年美国创新与竞争法案》（S.1260）1，旨在促进美国半导体发展。\n{filler}日本经济产业省发布了“半导体和数字产业发展战略”2，从三个方面阐述了发展措施。\n{filler}注释\n1. S.1260 - United States Innovation and Competition Act of 2021.\nhttps://www.congress.gov/bill/117th-congress/senate-bill/1260/text\n2. 経済産業省: 半導体・デジタル産業戦略.\nhttps://www.meti.go.jp/press/2021/06/20210604008/20210604008.html\n"
        );
        let (out, notes) = printed(&src);
        assert!(notes
            .get("1")
            .unwrap()
            .text
            .contains("<https://www.congress.gov/"));
        assert!(notes.get("2").unwrap().text.starts_with("経済産業省"));
        assert!(out
            .iter()
            .any(|(t, _)| t.contains("（S.1260）<sup>1</sup>，")));
        assert!(out.iter().any(|(t, _)| t.contains("战略”<sup>2</sup>，")));
        assert!(!out.iter().any(|(t, _)| t == "注释"));
    }

    #[test]
    fn no_mark_in_the_table_of_contents() {
        // Seed 003 through `pdftotext -raw`: the TOC's page numbers stuck to the titles
        // (`…竞争1`) are no marks; note 1's is in the first article's text.
        let filler = "该法案凝聚了两党共识，可谓美国未来对华全面竞争的基本大法。\n".repeat(400);
        let src = format!(
            "目录\n专题评述\n《2021年美国创新与竞争法案》瞄准对华科技竞争1\n战略规划\n日本发布半导体和数字产业发展战略4\n专题评述\n《2021年美国创新与竞争法案》瞄准对华科技竞争\n投票通过《2021年美国创新与竞争法案》（S.1260）1，旨在促进美国半导体发展。\n{filler}战略规划\n日本发布半导体和数字产业发展战略\n日本经济产业省发布了“半导体和数字产业发展战略”2，从三个方面阐述了发展措施。\n{filler}注释\n1. S.1260 - United States Innovation and Competition Act of 2021.\nhttps://www.congress.gov/bill/117th-congress/senate-bill/1260/text\n2. 経済産業省: 半導体・デジタル産業戦略.\nhttps://www.meti.go.jp/press/2021/06/20210604008/20210604008.html\n"
        );
        let (out, notes) = printed(&src);
        assert!(notes.get("1").unwrap().text.starts_with("S.1260"));
        assert!(out
            .iter()
            .any(|(t, _)| t == "《2021年美国创新与竞争法案》瞄准对华科技竞争1"));
        assert!(out
            .iter()
            .any(|(t, _)| t.contains("（S.1260）<sup>1</sup>，")));
    }

    #[test]
    fn with_endnotes_a_numbered_line_above_them_is_no_note() {
        // Seed 003 with its notes at the end: `1.` in 日本发布半导体… (a numbered point
        // that reads like an explanation) is the article's text, and note 1 is the one
        // under 注释, its mark in the first article.
        let filler = "该法案凝聚了两党共识，可谓美国未来对华全面竞争的基本大法。\n".repeat(400);
        let src = format!(
            "投票通过《2021 年美国创新与竞争法案》（S.1260）1，旨在促进美国半导体发展。\n{filler}日本经济产业省发布了“半导体和数字产业发展战略”2，从三个方面阐述了发展措施。\n1. 与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题\n{filler}注释\n1. S.1260 - United States Innovation and Competition Act of 2021.\nhttps://www.congress.gov/bill/117th-congress/senate-bill/1260/text\n2. 経済産業省: 半導体・デジタル産業戦略.\nhttps://www.meti.go.jp/press/2021/06/20210604008/20210604008.html\n"
        );
        let (out, notes) = printed(&src);
        assert!(notes.get("1").unwrap().text.starts_with("S.1260"));
        assert!(out.iter().any(|(t, _)| t.starts_with("1. 与业界合作")));
        assert!(out
            .iter()
            .any(|(t, _)| t.contains("（S.1260）<sup>1</sup>，")));
    }

    #[test]
    fn bracketed_marks_and_the_lines_that_define_them_are_notes() {
        // Seed 003 as pandoc's plain text of a Word file: `[1]` in the text, the notes
        // gathered at the end as `[1] …` lines. A `[2]` no line defines stays text.
        let (out, notes) = printed(
            "投票通过《2021 年美国创新与竞争法案》（S.1260）[1]，旨在促进美国半导体发展。\n日本经济产业省发布了“半导体和数字产业发展战略”[2]，见附件[3]。\n[1] S.1260 - United States Innovation and Competition Act of 2021. https://www.congress.gov/bill/117th-congress/senate-bill/1260/text\n[2] 経済産業省: 半導体・デジタル産業戦略. https://www.meti.go.jp/press/2021/06/20210604008/20210604008.html\n",
        );
        assert!(out[0].0.contains("（S.1260）<sup>1</sup>，"), "{out:?}");
        assert!(
            out[1].0.contains("战略”<sup>2</sup>，见附件[3]。"),
            "{out:?}"
        );
        assert!(notes.get("1").unwrap().text.contains("congress.gov"));
        assert!(notes.get("2").unwrap().text.contains("meti.go.jp"));
        assert!(!out.iter().any(|(t, _)| t.starts_with("[1]")), "{out:?}");
    }

    #[test]
    fn superscript_digits_are_marks_and_notes() {
        // pandoc's plain text of seed 003's Word file.
        let src = "投票通过《2021 年美国创新与竞争法案》（S.1260）¹，旨在促进美国半导体发展。面积 20 m²。\n\n¹ S.1260 - United States Innovation and Competition Act of 2021. https://www.congress.gov/bill/117th-congress/senate-bill/1260/text";
        let (out, notes) = lift(lines(src), false, true);
        assert!(notes.get("1").unwrap().text.starts_with("S.1260"));
        assert!(out
            .iter()
            .any(|l| l.text.contains("（S.1260）<sup>1</sup>，") && l.text.contains("20 m²")));
    }

    #[test]
    fn a_mark_spaced_from_its_word_is_a_mark() {
        // LibreOffice spaces digits from Chinese, the mark too (seed 003, note 4; numbered 1 here).
        let (out, notes) = printed(
            "6 月 18 日，澳大利亚工业、科学、能源与资源部（DISER）公布澳大利亚人工智能行动计\n划 1。该计划的政府投资为 1.24 亿澳元。\n（刘栋）\n1\n\nAustralia's Artificial Intelligence (AI) Action Plan.\n\nhttps://www.industry.gov.au/data-and-publications/australias-artificial-intelligence-action-plan\n",
        );
        assert!(notes
            .get("1")
            .unwrap()
            .text
            .contains("<https://www.industry.gov.au/"));
        assert!(out.iter().any(|(t, _)| t.starts_with("划 <sup>1</sup>。")));
    }

    #[test]
    fn a_mark_spaced_inside_the_sentence_is_a_mark_but_a_quantity_is_not() {
        // pdfminer's text of the LibreOffice PDF of seed 003, note 6 (numbered 1 here): the
        // mark spaced from the words on both sides.
        let src = "为此，EIT 将加强创新生态系统建设，促\n\n进欧盟内知识三角 1 的整合；通过促进和支持高等教育机构的制度变革。\n\n1 知识三角理论主要描述创新体系发展中高等教育、科学研究和产业创新之间的互动\n";
        let (out, notes) = printed(src);
        assert!(notes.get("1").is_some());
        assert!(out
            .iter()
            .any(|(t, _)| t.contains("知识三角 <sup>1</sup> 的整合")));
        // `共 1 个`: a number before its unit counts something.
        let (_, notes) = printed(&src.replace("知识三角 1 的整合", "知识三角 1 个整合"));
        assert!(notes.get("1").is_none());
    }

    #[test]
    fn a_note_stops_at_the_next_columns_numbered_heading() {
        let (out, notes) = printed(
            "促进欧盟内知识三角1的整合。\n1 知识三角理论主要描述创新体系发展中高等教育、科学研究和产业创新之间的互动\n\n三、创新政策\n美国拜登政府发布关键供应链短期审查结果报告\n",
        );
        assert_eq!(
            notes.get("1").unwrap().text,
            "知识三角理论主要描述创新体系发展中高等教育、科学研究和产业创新之间的互动"
        );
        assert!(out.iter().any(|(t, _)| t == "三、创新政策"));
    }

    #[test]
    fn a_text_without_pages_has_no_page_foot_notes_and_its_lost_notes_leave_no_marks() {
        // Seed 003 through LibreOffice's txt export: a paragraph a line, the notes dropped,
        // their marks left as digits; a table's serial numbers each alone on a line.
        let src = "6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过《2021 年美国创新与竞争法案》（S.1260）1，旨在促进美国半导体、人工智能等技术的发展，对抗中国日益增长的影响力。\n\
             6月4日,日本经济产业省发布了“半导体和数字产业发展战略”2,从半导体产业、数字产业、数字基础设施三个方面阐述了发展措施。\n\
             6月24日，韩国国家科学技术咨询会议公开由产业部等相关部门共同制定的《第五次国家标准基本计划2021~2025》3，以应对数字转型。\n\
             表 2 建设弹性的半导体供应链的政策建议\n\
             序号\n\
             建 议\n\
             1\n\
             与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题\n\
             2\n\
             为《为芯片生产创造有益的激励措施法案》中相关条款提供经费支持\n\
             成立一支由美国贸易代表领导的供应链“贸易攻击”力量，评估是否针对钕铁硼永磁材料启动 232 调查 5\n\
             6月18日，澳大利亚工业、科学、能源与资源部（DISER）公布澳大利亚人工智能行动计划6。";
        let (out, notes) = printed(src);
        assert!(notes.iter().next().is_none(), "{notes:?}");
        let ids: Vec<u32> = notes.lost_marks().iter().map(|m| m.0).collect();
        assert_eq!(ids, [1, 2, 3, 5, 6]);
        assert!(out[0].0.contains("（S.1260），旨在"), "{out:?}");
        assert!(out[1].0.contains("战略”,从"));
        assert!(out.iter().any(|(t, _)| t.ends_with("启动 232 调查")));
        assert!(out.iter().any(|(t, _)| t.ends_with("行动计划。")));
        // The table's rows stay, numbers and all; years and quantities keep their digits.
        assert!(out.iter().any(|(t, _)| t.starts_with("与业界合作促进投资")));
        assert!(out[2].0.contains("2021~2025"));
        // The sequence starts at 1: without it (and 2), `》3，` is read as no mark.
        let (out, notes) = printed(&src.replacen("）1，", "），", 1).replacen("”2,", "”,", 1));
        assert!(notes.lost_marks().is_empty());
        assert!(out[2].0.contains("》3，"));
    }
}
