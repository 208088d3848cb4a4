//! An article's lines → Markdown, with what the layout broke put back together.
//!
//! Lines become pieces (text or tab-separated row, with the blank lines and page
//! breaks before them), pieces become blocks (paragraph, heading, table, figure
//! caption), and blocks become Markdown. Along the way:
//! - source links (bare, `<…>`, `[…](…)`) and `来源：` credits leave the text;
//! - author credits at the end (`（张娟 王海霞）`) or in a byline (`…讯（张阳）`) are read;
//! - English descriptions of screenshots, pull-quotes and doubled paragraphs go;
//! - paragraphs the PDF broke (no sentence end, the text goes on) are joined;
//! - rows of a table split by a blank line or a page bottom are re-joined, cell by cell
//!   when the page cut a row in two;
//! - headings get levels from their numbering (一、 > （一） > 1、), not from the
//!   converter's `#` marks, which vary at random.

use super::columns;
use super::credits::{
    credit_line, every_word_a_name, labelled_byline, names_in, BYLINE, TRAILING_CREDIT,
};
use super::footnotes::Footnotes;
use super::{source_link, Diagnostic, Line, Table};
use crate::text;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Digest,
    /// Papers number their headings `1`, `1.1`, `1.1.1` and wrap lines in narrow columns.
    Paper,
}

/// An article's body and what was recovered from it.
#[derive(Debug, Default)]
pub struct BuiltBody {
    pub markdown: String,
    pub sources: Vec<String>,
    pub source_name: Option<String>,
    pub authors: Vec<String>,
    pub tables: Vec<Table>,
    pub figures: Vec<String>,
    /// Footnote numbers cited, in order of first citation.
    pub cited: Vec<String>,
}

/// The numbering style of a heading; headings of one style share a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    CnComma,
    CnParen,
    Roman,
    ZeroNum,
    Decimal,
    NumComma,
    NumDot,
    NumParen,
    Circled,
    NumSpace,
    Markdown(usize),
    Plain,
}

#[derive(Debug)]
enum Piece {
    Text {
        line: Line,
        gap: usize,
        brk: bool,
    },
    Row {
        cells: Vec<String>,
        gap: usize,
        brk: bool,
    },
}

#[derive(Debug, Clone)]
enum Block {
    Para { text: String, gap: usize, brk: bool },
    Heading { text: String, style: Style },
    Table(Table),
    Figure(String),
}

static ENUMERATORS: LazyLock<Vec<(Style, Regex)>> = LazyLock::new(|| {
    let re = |s: &str| Regex::new(s).expect("valid regex");
    vec![
        (
            Style::CnParen,
            re(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*"),
        ),
        (
            Style::CnComma,
            re(r"^[一二三四五六七八九十]{1,3}\s*[、．]\s*"),
        ),
        (Style::Roman, re(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+[、.．]?\s*")),
        (Style::ZeroNum, re(r"^0[1-9][.．、]\s*")),
        (Style::Decimal, re(r"^\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s*")),
        (Style::NumComma, re(r"^\d{1,2}\s*、\s*")),
        (Style::NumDot, re(r"^\d{1,2}[.．]\s*")),
        (Style::NumParen, re(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
        (Style::Circled, re(r"^[①②③④⑤⑥⑦⑧⑨⑩]\s*")),
        (Style::NumSpace, re(r"^\d{1,2}\s+")),
    ]
});

/// The numbering at the start of a line, and its length in bytes.
fn enumerator(t: &str) -> Option<(Style, usize)> {
    for (style, re) in ENUMERATORS.iter() {
        if let Some(m) = re.find(t) {
            let rest = &t[m.end()..];
            let next = rest.chars().next();
            // 2.55 万件, 1.5 亿美元, 2021 年: numbers, not numbering.
            let numeric_next = next.is_some_and(|c| c.is_ascii_digit() || c == '%' || c == '.');
            if numeric_next || rest.is_empty() {
                continue;
            }
            if matches!(style, Style::NumSpace | Style::Decimal | Style::NumDot)
                && (super::simplified(rest)
                    .starts_with(['年', '月', '日', '个', '万', '亿', '家', '项', '名', '%'])
                    || !next.is_some_and(|c| {
                        text::is_han(c) || c.is_ascii_uppercase() || c == '《' || c == '“'
                    }))
            {
                continue;
            }
            return Some((*style, m.end()));
        }
    }
    None
}

/// Length in bytes of a line's numbering (`一、`, `1.1 `), for stripping it from column names.
pub fn enumerator_len(t: &str) -> Option<usize> {
    enumerator(t).map(|(_, n)| n)
}

/// The number a line's numbering gives (`一、` 1, `（三）` 3, `1.2 ` 2: the last part).
pub fn enumerator_number(t: &str) -> Option<u32> {
    let (_, n) = enumerator(t)?;
    let is_digit = |c: char| c.is_ascii_digit() || "零一二三四五六七八九十".contains(c);
    // The last run of digits in the numbering: `1.2 ` → `2`, `（三）` → `三`.
    let head = t[..n].trim_end_matches(|c: char| !is_digit(c));
    let last = head.trim_end_matches(is_digit);
    text::parse_small_number(&head[last.len()..])
}

pub fn build(
    lines: &[Line],
    footnotes: &Footnotes,
    mode: Mode,
    diags: &mut Vec<Diagnostic>,
) -> BuiltBody {
    let _ = footnotes;
    let mut out = BuiltBody::default();
    let lines = columns::read_tables(lines, diags);
    let pieces = to_pieces(&lines);
    let mut blocks = to_blocks(pieces, mode, &mut out, diags);
    drop_echoes(&mut blocks);
    let mut blocks = join_paragraphs(blocks, mode);
    promote_plain_headings(&mut blocks);
    read_credits(&mut blocks, &mut out);
    out.markdown = render(&blocks, mode, &mut out.cited, footnotes);
    // Digests that cite the original document in a footnote (科技政策与咨询快报) have no
    // source line: the first cited footnote with a link is the source.
    if out.sources.is_empty() {
        if let Some(url) = first_note_link(&blocks, footnotes) {
            out.sources.push(url);
        }
    }
    out
}

/// A web page's citation under the title, `标题-中国质量新闻网 (cqn.com.cn)`: the text of
/// the link to the source, which a printout or a plain-text export shows without the link.
/// It leaves the body; the site's name is returned as the source's name.
pub fn without_citation(title: &str, lines: &[Line]) -> (Vec<Line>, Option<String>) {
    // The citation is as long as the title and more, so it may wrap over a few lines.
    let firsts: Vec<usize> = (0..lines.len().min(10))
        .filter(|&k| !lines[k].is_blank() && !lines[k].page_break)
        .take(3)
        .collect();
    let Some(&k) = firsts.first() else {
        return (lines.to_vec(), None);
    };
    if source_link(lines[k].text.trim()).is_ok() {
        return (lines.to_vec(), None); // the link itself: its target is the source
    }
    let mut joined = String::new();
    for (n, &j) in firsts.iter().enumerate() {
        joined = text::join_broken(&joined, lines[j].text.trim());
        if let Some(site) = citation_site(title, &joined) {
            let mut rest = lines.to_vec();
            for &gone in firsts[..=n].iter().rev() {
                rest.remove(gone);
            }
            return (rest, site);
        }
    }
    (lines.to_vec(), None)
}

/// `Some(site)` when `t` cites the article titled `title` (`标题-网站 (domain)`), with the
/// site's name when it gives one.
fn citation_site(title: &str, t: &str) -> Option<Option<String>> {
    let want = text::title_key(title);
    let same = |s: &str| {
        let key = text::title_key(s);
        !want.is_empty() && (key == want || text::similarity(&key, &want) >= 0.9)
    };
    // `(cqn.com.cn)`: the site's domain, printed after the link text.
    let before_domain = match t.rfind(['(', '（']) {
        Some(p)
            if t.ends_with([')', '）'])
                && t[p..]
                    .trim_matches(['(', '（', ')', '）'])
                    .trim()
                    .contains('.')
                && t[p..].is_ascii() =>
        {
            t[..p].trim()
        }
        _ => t,
    };
    let cited = if same(before_domain) {
        Some(None)
    } else {
        before_domain
            .rfind(['-', '_', '|', '—', '–'])
            .filter(|&pos| same(&before_domain[..pos]))
            .map(|pos| {
                let name = before_domain[pos..]
                    .trim_start_matches(['-', '_', '|', '—', '–'])
                    .trim();
                (!name.is_empty() && name.chars().count() <= 30).then(|| name.to_string())
            })
    };
    cited.filter(|site| before_domain.len() < t.len() || site.is_some())
}

/// The link of the article's first footnote, when the article cites it in its opening
/// (科技政策与咨询快报 cites the document it reports on there); a footnote further down
/// is a reference, not the source.
fn first_note_link(blocks: &[Block], footnotes: &Footnotes) -> Option<String> {
    const OPENING_CHARS: usize = 300;
    let mut before = 0usize;
    for b in blocks {
        let Block::Para { text, .. } = b else {
            continue;
        };
        if let Some(c) = SUP
            .captures_iter(text)
            .find(|c| footnotes.get(&c[1]).is_some())
        {
            let at = before + text[..c.get(0).map_or(0, |m| m.start())].chars().count();
            if at > OPENING_CHARS {
                return None;
            }
            let note = &footnotes.get(&c[1])?.text;
            let start = note.find("https://").or_else(|| note.find("http://"))?;
            let url: String = note[start..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | ')' | ']'))
                .collect();
            return Some(url.replace("\\_", "_"));
        }
        before += text.chars().count();
        if before > OPENING_CHARS {
            return None;
        }
    }
    None
}

/// `-----反对…` and `——反对…`: dashes used as bullets become a Markdown list item.
fn dash_bullet(t: &str) -> String {
    let rest = t.trim_start_matches(['-', '—']);
    let dashes = t.len() - rest.len();
    if dashes >= 3 && !rest.is_empty() && !rest.starts_with(' ') {
        format!("- {rest}")
    } else {
        t.to_string()
    }
}

fn to_pieces(lines: &[Line]) -> Vec<Piece> {
    let spaced = spaced_rows(lines);
    let mut pieces = Vec::new();
    let mut gap = 0;
    let mut brk = false;
    for (k, l) in lines.iter().enumerate() {
        if l.page_break {
            brk = true;
            continue;
        }
        if l.is_blank() {
            gap += 1;
            continue;
        }
        let cells: Vec<String> = match &spaced[k] {
            Some(cells) => cells.clone(),
            None => l.raw.split('\t').map(text::collapse_spaces).collect(),
        };
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if l.md_level.is_none() && cells.len() >= 2 && filled >= 1 {
            let mut cells = cells;
            while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            if cells.len() >= 2 {
                pieces.push(Piece::Row { cells, gap, brk });
                gap = 0;
                brk = false;
                continue;
            }
        }
        pieces.push(Piece::Text {
            line: l.clone(),
            gap,
            brk,
        });
        gap = 0;
        brk = false;
    }
    pieces
}

/// The cells of a table row printed with spaces between its cells (`设计  美国半导体…`),
/// as fixed-width printouts and plain-text exports print tables: two or more spaces
/// separate cells. A line is such a row under a table caption (`表1 …`) or another row,
/// or in a run of three lines with as many cells; elsewhere the spaces are the writer's.
fn spaced_rows(lines: &[Line]) -> Vec<Option<Vec<String>>> {
    let cells: Vec<Option<Vec<String>>> = lines
        .iter()
        .map(|l| {
            if l.page_break || l.is_blank() || l.md_level.is_some() || l.raw.contains('\t') {
                return None;
            }
            let c: Vec<String> = l
                .raw
                .trim()
                .split("  ")
                .map(text::collapse_spaces)
                .filter(|c| !c.is_empty())
                .collect();
            (c.len() >= 2).then_some(c)
        })
        .collect();
    let texts: Vec<usize> = (0..lines.len())
        .filter(|&k| !lines[k].page_break && !lines[k].is_blank())
        .collect();
    let mut rows: Vec<Option<Vec<String>>> = vec![None; lines.len()];
    for (n, &k) in texts.iter().enumerate() {
        let Some(c) = &cells[k] else { continue };
        let after_caption_or_row = n > 0 && {
            let p = texts[n - 1];
            rows[p].is_some() || columns::is_table_caption(&lines[p].text)
        };
        let in_run = (n.saturating_sub(2)..n + 1).any(|s| {
            texts.get(s..s + 3).is_some_and(|w| {
                w.iter()
                    .all(|&j| cells[j].as_ref().is_some_and(|x| x.len() == c.len()))
            })
        });
        if after_caption_or_row || in_run {
            rows[k] = Some(c.clone());
        }
    }
    rows
}

fn to_blocks(
    pieces: Vec<Piece>,
    mode: Mode,
    out: &mut BuiltBody,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut caption: Option<String> = None;
    let mut last_was_row = false;
    // The English sentence of a dropped screenshot description, wrapped onto this line.
    let mut in_description = false;
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let next_is_row = matches!(iter.peek(), Some(Piece::Row { .. }));
        match piece {
            Piece::Row { cells, gap, brk } => {
                let continues = last_was_row && matches!(blocks.last(), Some(Block::Table(_)));
                if continues {
                    if let Some(Block::Table(t)) = blocks.last_mut() {
                        add_row(t, cells, gap > 0 || brk);
                    }
                } else {
                    let mut t = Table {
                        caption: caption.take(),
                        rows: Vec::new(),
                    };
                    add_row(&mut t, cells, false);
                    blocks.push(Block::Table(t));
                }
                last_was_row = true;
            }
            Piece::Text { line, gap, brk } => {
                last_was_row = false;
                if let Some(c) = caption.take() {
                    blocks.push(Block::Para {
                        text: format!("**{c}**"),
                        gap: 1,
                        brk: false,
                    });
                }
                let t = line.text.as_str();
                match source_link(t) {
                    Ok(Some(mut url)) => {
                        // A link the page's width cut after `/` or `-` goes on at the next
                        // lines, which hold nothing but the rest of a URL (a path's words
                        // `intelligence-action-plan`, after a `-` even a lone word).
                        while let Some(Piece::Text {
                            line: n, gap: 0, ..
                        }) = iter.peek()
                        {
                            let rest = n.text.trim();
                            if !super::document::url_rest_follows(&url, rest) {
                                break;
                            }
                            url.push_str(rest);
                            iter.next();
                        }
                        if !out.sources.contains(&url) {
                            out.sources.push(url);
                        }
                        continue;
                    }
                    Ok(None) => continue,
                    Err(()) => {}
                }
                if let Some(name) = source_credit(t) {
                    out.source_name.get_or_insert(name);
                    continue;
                }
                if let Some(names) = credit_line(t).or_else(|| labelled_byline(t)) {
                    for n in names {
                        if !out.authors.contains(&n) {
                            out.authors.push(n);
                        }
                    }
                    continue;
                }
                let goes_on = in_description
                    && (t.starts_with(|c: char| c.is_ascii_lowercase())
                        || text::latin_ratio(t) > 0.5);
                if goes_on || is_screenshot_description(t) {
                    diags.push(Diagnostic::info(
                        Some(line.no),
                        "dropped an English description of a screenshot",
                    ));
                    // `…displays the following information:` hands over to the content.
                    in_description = !t.trim_end().ends_with([':', '：']);
                    continue;
                }
                in_description = false;
                if line.md_level.is_none() && columns::is_table_caption(t) && next_is_row {
                    caption = Some(text::collapse_spaces(t));
                    continue;
                }
                if line.md_level.is_some() {
                    let style = enumerator(t)
                        .map_or(Style::Markdown(line.md_level.unwrap_or(2)), |(s, _)| s);
                    blocks.push(Block::Heading {
                        text: text::collapse_spaces(t),
                        style,
                    });
                    continue;
                }
                if let Some(style) = numbered_heading(t, mode) {
                    let text = if mode == Mode::Paper {
                        text::remove_layout_spaces(t)
                    } else {
                        text::collapse_spaces(t)
                    };
                    blocks.push(Block::Heading { text, style });
                    continue;
                }
                // Across a page break (a lifted footnote, page furniture), a short line
                // goes on with the sentence the paragraph before left open: no caption.
                let tail = brk
                    && matches!(blocks.last(), Some(Block::Para { text, .. })
                        if !text::ends_sentence(text) && !text::ends_with_colon(text));
                if !tail && (is_figure_caption(t, gap) || columns::is_table_caption(t)) {
                    let c = text::collapse_spaces(t);
                    out.figures.push(c.clone());
                    blocks.push(Block::Figure(c));
                    continue;
                }
                blocks.push(Block::Para {
                    text: line.inline.clone(),
                    gap,
                    brk,
                });
            }
        }
    }
    if let Some(c) = caption {
        blocks.push(Block::Para {
            text: format!("**{c}**"),
            gap: 1,
            brk: false,
        });
    }
    for b in &blocks {
        if let Block::Table(t) = b {
            out.tables.push(t.clone());
        }
    }
    blocks
}

/// Adds a row; after a break, a row that completes the previous one is merged into it.
fn add_row(t: &mut Table, cells: Vec<String>, after_break: bool) {
    if cells
        .iter()
        .all(|c| c.is_empty() || c.chars().all(|ch| matches!(ch, '-' | '—' | ':' | '|')))
    {
        return; // ---- rules under a table
    }
    if after_break {
        if let Some(prev) = t.rows.last_mut() {
            let first_open = prev
                .first()
                .is_some_and(|c| c.ends_with(['、', '，', '（', '(']));
            let prev_unfinished = prev.iter().rev().find(|c| !c.is_empty()).is_some_and(|c| {
                !text::ends_sentence(c) && c.chars().last().is_some_and(text::is_han)
            });
            let continues =
                first_open || cells.first().is_some_and(String::is_empty) && prev_unfinished;
            if continues {
                for (i, c) in cells.into_iter().enumerate() {
                    if i < prev.len() {
                        if !c.is_empty() {
                            let merged = text::join_broken(&prev[i], &c);
                            prev[i] = merged;
                        }
                    } else {
                        prev.push(c);
                    }
                }
                return;
            }
        }
    }
    t.rows.push(cells);
}

/// `来源：中国质量新闻网`: a named source without a link.
fn source_credit(t: &str) -> Option<String> {
    let folded = super::simplified(t);
    let label = ["来源", "资料来源"]
        .iter()
        .find(|w| folded.starts_with(*w))?;
    let name = t[label.len()..]
        .trim_start()
        .strip_prefix(['：', ':'])?
        .trim();
    (!name.is_empty() && name.chars().count() <= 30 && !name.contains('。'))
        .then(|| name.to_string())
}

fn is_screenshot_description(t: &str) -> bool {
    const WORDS: [&str; 9] = [
        "screenshot",
        "the image",
        "image shows",
        "logo",
        "website",
        "navigation",
        "photo",
        "picture",
        "displayed",
    ];
    let lower = t.to_lowercase();
    t.chars().count() >= 60
        && text::latin_ratio(t) > 0.75
        && WORDS.iter().any(|w| lower.contains(w))
}

/// `图 1 …`, `奥动换电站（图 余昶/摄）`, `（图片来源：…）`, or a short bracketed line after an image's gap.
fn is_figure_caption(t: &str, gap: usize) -> bool {
    let t = &*super::simplified(t);
    let n = t.chars().count();
    if n > 70 {
        return false;
    }
    let figure_numbered = t
        .strip_prefix('图')
        .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    let bracketed =
        (t.starts_with('（') || t.starts_with('(')) && (t.ends_with('）') || t.ends_with(')'));
    let photo_credit = t.contains('摄')
        && (t.contains('（') || t.contains('('))
        && (t.ends_with('）') || t.ends_with(')'));
    let credit = t.contains("图片来源") || t.contains("图片均来自") || t.contains("图片来自");
    let after_image = gap >= 2
        && n <= 40
        && !text::ends_with_colon(t)
        && (bracketed || t.ends_with('。') && n <= 25 && !t.contains(['，', ',']));
    figure_numbered || photo_credit || credit || after_image
}

/// A numbered line short enough to be a heading and not a sentence.
fn numbered_heading(t: &str, mode: Mode) -> Option<Style> {
    let (style, _) = enumerator(t)?;
    let n = t.chars().count();
    let inner_stop = t.trim_end_matches('。').contains('。') || t.ends_with('。');
    if inner_stop || t.ends_with(['，', '；', ';', ',', '、']) {
        return None;
    }
    let limit = if mode == Mode::Paper { 90 } else { 40 };
    if n > limit {
        return None;
    }
    if style == Style::NumSpace && mode != Mode::Paper {
        return None;
    }
    if style == Style::Circled {
        return None;
    }
    Some(style)
}

/// Drops pull-quotes (a line repeated inside a paragraph of the article) and doubled paragraphs.
fn drop_echoes(blocks: &mut Vec<Block>) {
    // A pull-quote is printed near the paragraph it quotes: look a few paragraphs either side.
    const NEAR: usize = 40;
    let paras: Vec<(usize, &str)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Para { text, .. } => Some((i, text.as_str())),
            _ => None,
        })
        .collect();
    let mut drop = vec![false; blocks.len()];
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (k, &(i, t)) in paras.iter().enumerate() {
        let len = t.chars().count();
        let window = &paras[k.saturating_sub(NEAR)..(k + NEAR + 1).min(paras.len())];
        // A line that goes on with the sentence the paragraph before left open is that
        // paragraph's wrapped tail, whatever it repeats.
        let continues = k > 0 && paras[k - 1].0 + 1 == i && !text::ends_sentence(paras[k - 1].1);
        let pull_quote = (10..=80).contains(&len)
            && !continues
            && !text::ends_sentence(t)
            && window
                .iter()
                .any(|&(j, o)| j != i && o.len() > t.len() && o.contains(t));
        let doubled = len >= 20 && !seen.insert(t);
        drop[i] = pull_quote || doubled;
    }
    let mut i = 0;
    blocks.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

/// Re-joins paragraphs that the layout broke: the first does not end a sentence and the
/// second goes on with it.
fn join_paragraphs(blocks: Vec<Block>, mode: Mode) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        if let Block::Para {
            text: ref t2, brk, ..
        } = b
        {
            if let Some(Block::Para { text: t1, .. }) = out.last_mut() {
                if should_join(t1, t2, brk, mode) {
                    text::join_broken_into(t1, t2);
                    continue;
                }
            }
        }
        out.push(b);
    }
    out
}

fn should_join(a: &str, b: &str, page_break: bool, mode: Mode) -> bool {
    if text::ends_sentence(a)
        || text::ends_with_colon(a)
        || a.starts_with("- ")
        || b.starts_with("- ")
    {
        return false;
    }
    let open_end = a
        .trim_end()
        .ends_with(['，', ',', '、', '（', '(', '“', '《', '和', '与', '及']);
    if open_end {
        return true;
    }
    if enumerator(b).is_some() || b.starts_with("**") {
        return false;
    }
    // Only the end of `a` matters, and it may already be long: look at a bounded tail.
    let min_len = if mode == Mode::Paper { 12 } else { 20 };
    let long = a.chars().rev().take(min_len).count() >= min_len;
    let sentence_inside = a
        .chars()
        .rev()
        .take(400)
        .any(|c| matches!(c, '，' | ',' | '。' | '、' | '；'));
    long && (page_break || sentence_inside)
}

/// A short unnumbered line standing alone between paragraphs is a heading (什么是产业政策？).
fn promote_plain_headings(blocks: &mut [Block]) {
    for i in 0..blocks.len() {
        let Block::Para { text: t, gap, .. } = &blocks[i] else {
            continue;
        };
        let n = t.chars().count();
        let plain = (4..=24).contains(&n)
            && text::han_count(t) >= 4
            && !t.chars().any(|c| {
                matches!(
                    c,
                    '，' | '。' | '；' | '：' | ',' | ':' | ';' | '（' | '(' | '*' | '['
                )
            })
            && !t.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !plain || *gap == 0 {
            continue;
        }
        let prev_ok = match i.checked_sub(1).map(|p| &blocks[p]) {
            None => false,
            Some(Block::Para { text, .. }) => text::ends_sentence(text),
            Some(Block::Heading { .. }) | Some(Block::Table(_)) | Some(Block::Figure(_)) => true,
        };
        let next_ok = matches!(blocks.get(i + 1), Some(Block::Para { gap, text, .. }) if *gap > 0 && text.chars().count() > n);
        if prev_ok && next_ok {
            blocks[i] = Block::Heading {
                text: text::collapse_spaces(t),
                style: Style::Plain,
            };
        }
    }
}

/// Authors from a byline in the first paragraph and a credit at the end of the last.
fn read_credits(blocks: &mut [Block], out: &mut BuiltBody) {
    if let Some(Block::Para { text, .. }) = blocks.iter().find(|b| matches!(b, Block::Para { .. }))
    {
        // Matched in the Simplified form (訊 is 讯), the names taken as written.
        if let Some(m) = BYLINE
            .captures(&super::simplified(text))
            .and_then(|c| c.get(1))
        {
            for n in names_in(&text[m.range()]) {
                if !out.authors.contains(&n) {
                    out.authors.insert(0, n);
                }
            }
        }
    }
    if let Some(Block::Para { text, .. }) = blocks
        .iter_mut()
        .rev()
        .find(|b| matches!(b, Block::Para { .. }))
    {
        if let Some(c) = TRAILING_CREDIT.captures(text) {
            if let Some(names) = every_word_a_name(&c[2]) {
                let keep = c.get(1).map_or(0, |m| m.start()) + c[1].trim_end().len();
                text.truncate(keep);
                for n in names {
                    if !out.authors.contains(&n) {
                        out.authors.push(n);
                    }
                }
            }
        }
    }
}

fn render(blocks: &[Block], mode: Mode, cited: &mut Vec<String>, notes: &Footnotes) -> String {
    // Heading levels follow the outline: a numbering style met under an open one nests
    // one level deeper; meeting an open style again closes the deeper ones.
    let mut open: Vec<Style> = Vec::new();
    let mut parts: Vec<String> = Vec::with_capacity(blocks.len());
    for b in blocks {
        match b {
            Block::Para { text, .. } => {
                let t = if mode == Mode::Paper || text::han_count(text) > 0 {
                    text::remove_layout_spaces(text)
                } else {
                    text.clone()
                };
                parts.push(inline_markdown(&dash_bullet(&t), cited, notes));
            }
            Block::Heading { text, style } => {
                match open.iter().position(|s| s == style) {
                    Some(p) => open.truncate(p + 1),
                    None => open.push(*style),
                }
                let rank = (open.len() - 1).min(3);
                let t = inline_markdown(text, cited, notes);
                parts.push(format!("{} {}", "#".repeat(rank + 2), t.replace("**", "")));
            }
            Block::Figure(c) => parts.push(format!(
                "*{}*",
                escape_emphasis(&inline_markdown(c, cited, notes))
            )),
            Block::Table(t) => {
                let mut s = String::new();
                if let Some(c) = &t.caption {
                    s.push_str(&format!("**{}**\n\n", inline_markdown(c, cited, notes)));
                }
                s.push_str(&gfm_table(&t.rows, cited, notes));
                parts.push(s);
            }
        }
    }
    parts.join("\n\n")
}

fn gfm_table(rows: &[Vec<String>], cited: &mut Vec<String>, notes: &Footnotes) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    let cell = |c: &str, cited: &mut Vec<String>| {
        let c = text::remove_cjk_spaces(c);
        inline_markdown(&c, cited, notes).replace('|', "\\|")
    };
    let mut s = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = (0..width)
            .map(|k| row.get(k).map_or(String::new(), |c| cell(c, cited)))
            .collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            s.push_str(&format!("|{}\n", "---|".repeat(width)));
        }
    }
    s.trim_end().to_string()
}

static SUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*<sup>\s*(\d{1,4})\s*</sup>([(\[]?)").expect("valid regex"));

static SUB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<(sub|sup)>\s*([0-9+\-−]{1,4})\s*</(?:sub|sup)>").expect("valid regex")
});

/// Footnote marks to `[^N]` (when the note exists), other super- and subscript digits
/// to their Unicode forms (Ga₂O₃, m²), raw HTML made inert, and bold markers placed
/// where CommonMark can see them next to Chinese punctuation.
pub fn inline_markdown(t: &str, cited: &mut Vec<String>, notes: &Footnotes) -> String {
    let with_notes = SUP.replace_all(t, |c: &regex::Captures| {
        let id = c[1].to_string();
        if notes.get(&id).is_none() {
            return c[0].to_string();
        }
        if !cited.contains(&id) {
            cited.push(id.clone());
        }
        // `[^N]` right before `(` or `[` would be read as a link (`[^34](国家…中心)`, a
        // note mark before a bracketed name) or not as a note at all: the bracket after it
        // is written as a character reference, which opens nothing.
        let bracket = match &c[2] {
            "(" => "&#40;",
            "[" => "&#91;",
            _ => "",
        };
        format!("[^{id}]{bracket}")
    });
    let scripts = SUB.replace_all(&with_notes, |c: &regex::Captures| {
        let (digits, sup) = ("0123456789+-−", c[1].eq_ignore_ascii_case("sup"));
        let (low, high) = ("₀₁₂₃₄₅₆₇₈₉₊₋₋", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻");
        c[2].chars()
            .map(|ch| {
                let i = digits.chars().position(|d| d == ch).unwrap_or(0);
                (if sup { high } else { low }).chars().nth(i).unwrap_or(ch)
            })
            .collect::<String>()
    });
    let escaped = escape_html(&scripts);
    fix_cjk_emphasis(&escaped)
}

/// `<` starts raw HTML in Markdown; untrusted text keeps it as a character. Autolinks stay.
fn escape_html(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let autolink = (after.starts_with("http://")
            || after.starts_with("https://")
            || after.starts_with("mailto:"))
            && after
                .find('>')
                .is_some_and(|end| !after[..end].contains(char::is_whitespace));
        out.push_str(if autolink { "<" } else { "\\<" });
        rest = after;
    }
    out.push_str(rest);
    out
}

fn escape_emphasis(t: &str) -> String {
    t.replace('*', "\\*")
}

/// CommonMark does not close `**…。**数` (punctuation before, a letter after) nor open
/// `字**“…`. Moving the punctuation outside the markers keeps the bold and the text.
fn fix_cjk_emphasis(t: &str) -> String {
    if !t.contains("**") {
        return t.to_string();
    }
    let parts: Vec<&str> = t.split("**").collect();
    if parts.len() % 2 == 0 {
        return t.to_string(); // unbalanced: leave as written
    }
    let mut out = String::with_capacity(t.len() + 8);
    out.push_str(parts[0]);
    for pair in parts[1..].chunks(2) {
        let (inner, after) = (pair[0], pair.get(1).copied().unwrap_or(""));
        let lead: String = inner
            .chars()
            .take_while(|&c| text::is_cjk_punct(c) && c != '·')
            .collect();
        let inner_rest = &inner[lead.len()..];
        let trail_len: usize = inner_rest
            .chars()
            .rev()
            .take_while(|&c| text::is_cjk_punct(c) && c != '·')
            .map(char::len_utf8)
            .sum();
        let (core, trail) = inner_rest.split_at(inner_rest.len() - trail_len);
        if core.is_empty() {
            out.push_str(&format!("**{inner}**{after}"));
            continue;
        }
        out.push_str(&format!("{lead}**{core}**{trail}{after}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbering_gives_its_last_number() {
        assert_eq!(enumerator_number("一、质量要闻"), Some(1));
        assert_eq!(enumerator_number("（三）区域·地方"), Some(3));
        assert_eq!(enumerator_number("十二、其他"), Some(12));
        assert_eq!(enumerator_number("1.2 国家标准"), Some(2));
        assert_eq!(enumerator_number("2021 年全国标准化工作要点"), None);
    }

    use crate::import::test_lines as lines;

    fn md(text: &str) -> BuiltBody {
        let (ls, notes) = super::super::footnotes::lift(lines(text), false, true);
        build(&ls, &notes, Mode::Digest, &mut Vec::new())
    }

    #[test]
    fn a_link_cut_after_its_hyphens_goes_on_over_the_next_lines() {
        // Seed 003's sources as `pdftotext -layout` prints them from a narrower page.
        let b = md("来源：https://www.gov.uk/government/news/prime-minister-sets-out-plans-to-\nrealise-and-maximise-the-opportunities-of-scientific-and-technological-\nbreakthroughs\n6月1日，英国首相宣布将政府科学办公室扩编。");
        assert_eq!(b.sources, ["https://www.gov.uk/government/news/prime-minister-sets-out-plans-to-realise-and-maximise-the-opportunities-of-scientific-and-technological-breakthroughs"]);
        assert!(b.markdown.starts_with("6月1日"), "{}", b.markdown);
        // A sentence in English after a link is no piece of it.
        let b = md(
            "来源：https://www.industry.gov.au/data-and-publications/\nThe plan sets out actions.",
        );
        assert_eq!(
            b.sources,
            ["https://www.industry.gov.au/data-and-publications/"]
        );
    }

    #[test]
    fn names_a_converter_glued_together_are_split_at_the_second_surname() {
        // Seed 003's credits as `pdftotext -raw` prints them, the space between names lost.
        let b = md("该法案整合了参议院各委员会此前的 30 多项相关提案。\n\n（张娟李宏）");
        assert_eq!(b.authors, ["张娟", "李宏"]);
        let b = md("并提出了政策建议（见表 6）。\n\n（唐璐张志强）");
        assert_eq!(b.authors, ["唐璐", "张志强"]);
        // One name of three characters stays whole, and so does a compound surname's.
        assert_eq!(md("提出了发展措施。\n\n（惠仲阳）").authors, ["惠仲阳"]);
        assert_eq!(md("提出了发展措施。\n\n（欧阳海燕）").authors, ["欧阳海燕"]);
    }

    #[test]
    fn a_labelled_byline_names_the_authors() {
        // Seed 003's first article credited under its title, as another house style sets it.
        let b =
            md("作者：张娟 李宏\n6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过法案。");
        assert_eq!(b.authors, ["张娟", "李宏"]);
        assert!(!b.markdown.contains("作者"), "{}", b.markdown);
        assert_eq!(
            md("文/惠仲阳\n6月4日,日本经济产业省发布了战略。").authors,
            ["惠仲阳"]
        );
        // A sentence after the label is no byline.
        let b = md("作者：本文认为美国意图实现数字去中国化。");
        assert!(b.authors.is_empty());
    }

    #[test]
    fn a_note_mark_before_a_bracket_opens_no_link() {
        // The synthetic corpus prints `<sup>34</sup>(国家…中心(…))`: the mark and the
        // bracketed name after it read as a link to a page named by the name.
        let b = md("推动认证认可高质量发展。<sup>34</sup>(国家标准技术审评中心(通报评议中心))摘要。<sup>35</sup>[附件]\n\n<sup>34</sup> 注三十四。\n\n<sup>35</sup> 注三十五。");
        assert_eq!(b.cited, ["34", "35"]);
        let page = format!("{}\n\n[^34]: 注三十四。\n\n[^35]: 注三十五。\n", b.markdown);
        let html = crate::markdown::to_html(&page, "/");
        assert!(!html.contains("href=\"国家"), "{html}");
        assert!(
            html.contains("(国家标准技术审评中心(通报评议中心))摘要"),
            "{html}"
        );
        assert!(html.contains("[附件]"), "{html}");
        assert!(!html.contains("[^"), "both marks are notes: {html}");
    }

    #[test]
    fn enumerators() {
        assert_eq!(
            enumerator("一、总体要求").map(|e| e.0),
            Some(Style::CnComma)
        );
        assert_eq!(
            enumerator("（一）投诉性质分析").map(|e| e.0),
            Some(Style::CnParen)
        );
        assert_eq!(
            enumerator("01.半导体工业").map(|e| e.0),
            Some(Style::ZeroNum)
        );
        assert_eq!(enumerator("1.1 国家").map(|e| e.0), Some(Style::Decimal));
        assert_eq!(enumerator("2.55 万件"), None);
        assert_eq!(enumerator("2021 年全国"), None);
        assert_eq!(enumerator("Ⅰ 定义之争").map(|e| e.0), Some(Style::Roman));
    }

    #[test]
    fn broken_paragraph_is_joined_and_headings_are_not() {
        let b = md("广东省市场监管局副局长何巨峰、广州市副市长黎明出席，市市场监管局、市检察院，以及\n\n部分知识产权试点示范企业参加了活动。\n\n有关是否应该实行产业政策的争论\n\n对于是否应该实行产业政策，通常分为两个阵营：");
        assert_eq!(
            b.markdown,
            "广东省市场监管局副局长何巨峰、广州市副市长黎明出席，市市场监管局、市检察院，以及部分知识产权试点示范企业参加了活动。\n\n## 有关是否应该实行产业政策的争论\n\n对于是否应该实行产业政策，通常分为两个阵营："
        );
    }

    #[test]
    fn credits_sources_and_captions() {
        let b = md("http://www.cqn.com.cn/a.htm\n\n中国质量新闻网讯（张阳）近日，工信部决定开展试点。\n\n\n\n奥动换电站（图 余昶/摄）\n\n年度工作计划：充分发挥证据系统相关数据的价值。（惠仲阳）");
        assert_eq!(b.sources, ["http://www.cqn.com.cn/a.htm"]);
        assert_eq!(b.authors, ["张阳", "惠仲阳"]);
        assert_eq!(b.figures, ["奥动换电站（图 余昶/摄）"]);
        assert!(b.markdown.ends_with("数据的价值。"));
    }

    #[test]
    fn a_source_link_cut_after_a_slash_goes_on_at_the_next_line() {
        let b = md("http://www.scio.gov.cn/32344/tw45277/Document/\n1702133/1702133.htm\n市场监管总局认证监管司司长刘卫军：\n\n质量认证是一种评价活动。");
        assert_eq!(
            b.sources,
            ["http://www.scio.gov.cn/32344/tw45277/Document/1702133/1702133.htm"]
        );
        assert!(b.markdown.starts_with("市场监管总局"));
        // Only the rest of a URL continues it, not a sentence.
        let b = md("http://www.cqn.com.cn/zj/\n近日，工信部决定开展试点。");
        assert_eq!(b.sources, ["http://www.cqn.com.cn/zj/"]);
    }

    #[test]
    fn screenshot_description_wrapped_over_lines_goes_whole() {
        let b = md("The screenshot shows the official website of the State Administration for Market Regulation. At the top\nleft is the logo and name of the agency. A search bar is located at the top right. Below the navigation bar,\nthe breadcrumb trail reads '你的位置: 首页 > 政务'. The main content area displays the\nfollowing information:\n标题: 关于进一步发挥质量基础设施作用的意见");
        assert!(!b.markdown.contains("breadcrumb"), "{}", b.markdown);
        assert!(!b.markdown.contains("following"), "{}", b.markdown);
        assert!(b.markdown.contains("关于进一步发挥质量基础设施作用的意见"));
    }

    #[test]
    fn table_cut_by_a_page_bottom_is_rejoined_cell_by_cell() {
        let b = md("表1 评估\n\n供应链环节\t评估\n设计\t世界领先\n装配、测试、\t严重依赖亚洲；无法发展具有重大技\n\n<sup>7</sup> Building. <https://x.gov>\n\n封装和高级封装\t术进步潜力的高级封装行业\n材料\t外国供应商主导");
        let t = &b.tables[0];
        assert_eq!(t.caption.as_deref(), Some("表1 评估"));
        assert_eq!(t.rows.len(), 4);
        assert_eq!(
            t.rows[2],
            [
                "装配、测试、封装和高级封装",
                "严重依赖亚洲；无法发展具有重大技术进步潜力的高级封装行业"
            ]
        );
    }

    #[test]
    fn emphasis_next_to_chinese_punctuation() {
        assert_eq!(
            fix_cjk_emphasis("**1、定位于基础性产业。**数字化"),
            "**1、定位于基础性产业**。数字化"
        );
        assert_eq!(
            fix_cjk_emphasis("(1) **扩大服务。**包括"),
            "(1) **扩大服务**。包括"
        );
        assert_eq!(
            escape_html("a<script>b <https://x.org/a>"),
            "a\\<script>b <https://x.org/a>"
        );
    }
}
