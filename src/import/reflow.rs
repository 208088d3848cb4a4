//! Hard-wrapped text (a fixed-width printout, an OCR service, `fold`) → one line per
//! paragraph, as the other stages expect.
//!
//! Such text breaks every line at the same width, wherever a title, a URL or a footnote
//! happens to be. The width shows in the text itself: most lines are exactly as wide (a
//! Chinese character counting two columns, or one when the tool counted characters). A
//! line is a wrap when the first word of the next line would not have fitted on it; the
//! two are joined, across page furniture too. A line that stops short ends its paragraph,
//! and a blank line is put after it, so a paragraph ends the same way in every input.
//!
//! A link cut at the margin is joined in any text (`join_cut_links`): converters that set
//! each printed line as a paragraph of its own (pdfminer) put blank lines, and at a page's
//! end the running head, between the two pieces.

use super::Line;

/// How the text was wrapped: the measure and the width every full line reaches.
#[derive(Debug, Clone, Copy)]
struct Wrap {
    width: usize,
    metric: Metric,
    /// Paragraphs start with an indent (the lines after a paragraph's short last line
    /// mostly are indented): a full line ending a sentence may still go on.
    indented_paragraphs: bool,
    /// Paragraphs are separated by blank lines: two adjacent lines are one paragraph.
    blank_separated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Metric {
    /// Display columns: a CJK character counts two (a printout, most OCR services).
    Columns,
    /// Characters (tools that wrap by character count).
    Chars,
}

impl Metric {
    fn measure(self, s: &str) -> usize {
        match self {
            Metric::Columns => s.chars().map(columns).sum(),
            Metric::Chars => s.chars().count(),
        }
    }
}

/// Display columns of a character: two for wide (CJK) characters.
pub(super) fn columns(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// A line's printed text: trailing space, form feeds and byte-order marks removed.
fn printed(l: &Line) -> &str {
    l.raw.trim_start_matches(['\u{c}', '\u{feff}']).trim_end()
}

fn is_indented(l: &Line) -> bool {
    printed(l).starts_with([' ', '\u{3000}', '\t'])
}

/// Lines a layout sets on their own, never wrapped into: blank, page furniture, tables.
fn is_text(l: &Line) -> bool {
    !l.is_blank() && !l.page_break && !l.raw.contains('\t') && l.md_level.is_none()
}

/// Finds the wrap width, when the text has one: most long lines reach it exactly and
/// hardly any goes past it.
fn detect(lines: &[Line]) -> Option<Wrap> {
    const MIN_LINES: usize = 20;
    let texts: Vec<&Line> = lines.iter().filter(|l| is_text(l)).collect();
    if texts.len() < MIN_LINES {
        return None;
    }
    let mut best: Option<(f64, usize, Metric)> = None;
    for metric in [Metric::Columns, Metric::Chars] {
        let mut lens: Vec<usize> = texts.iter().map(|l| metric.measure(printed(l))).collect();
        lens.sort_unstable();
        // The wrap width is the commonest length among the longer half of the lines.
        let upper = &lens[lens.len() / 2..];
        let mut width = 0;
        let mut best_count = 0;
        let mut k = 0;
        while k < upper.len() {
            let n = upper[k..].iter().take_while(|&&x| x == upper[k]).count();
            if n >= best_count {
                best_count = n;
                width = upper[k];
            }
            k += n;
        }
        if width < 20 {
            continue;
        }
        let long: Vec<usize> = lens.iter().copied().filter(|&x| x * 2 >= width).collect();
        let exact = long
            .iter()
            .filter(|&&x| x + 1 >= width && x <= width)
            .count();
        let over = lens.iter().filter(|&&x| x > width).count();
        let share = exact as f64 / long.len().max(1) as f64;
        if exact < MIN_LINES || share < 0.6 || over * 20 > lens.len() {
            continue;
        }
        if best.is_none_or(|(s, _, _)| share > s) {
            best = Some((share, width, metric));
        }
    }
    let (_, width, metric) = best?;
    let mut wrap = Wrap {
        width,
        metric,
        indented_paragraphs: false,
        blank_separated: false,
    };
    // How a paragraph that stops short is followed: by an indented line, or a blank one.
    let (mut ends, mut indented, mut blank) = (0usize, 0usize, 0usize);
    for w in lines.windows(2) {
        if !is_text(&w[0]) || is_full(&wrap, &w[0], None) {
            continue;
        }
        ends += 1;
        if w[1].is_blank() {
            blank += 1;
        } else if is_text(&w[1]) && is_indented(&w[1]) {
            indented += 1;
        }
    }
    wrap.indented_paragraphs = indented * 2 >= ends && indented >= 5;
    wrap.blank_separated = blank * 10 >= ends * 7;
    Some(wrap)
}

/// The first word of a line as a wrapping tool sees it: a run of Latin letters, digits
/// and URL punctuation, or one other character.
fn first_token(s: &str) -> &str {
    let is_word = |c: char| c.is_ascii_alphanumeric() || "._-/:?=&#%@+~,;()'\"".contains(c);
    let end = s
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(s.len(), |(i, _)| i);
    if end > 0 {
        &s[..end]
    } else {
        s.chars().next().map_or("", |c| &s[..c.len_utf8()])
    }
}

fn last_token(s: &str) -> &str {
    let is_word = |c: char| c.is_ascii_alphanumeric() || "._-/:?=&#%@+~,;()'\"".contains(c);
    let start = s
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..]
}

fn latin(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || "._-/:?=&#%@+~,;()'\"".contains(c))
}

/// Was `l` broken because the next word (`next`'s first, or any character) did not fit?
fn is_full(wrap: &Wrap, l: &Line, next: Option<&Line>) -> bool {
    let w = wrap.metric.measure(printed(l));
    let Some(next) = next else {
        // Without a next line: full when not even a narrow character would have fitted.
        return w + 1 >= wrap.width;
    };
    let tok = first_token(printed(next).trim_start());
    let tw = wrap.metric.measure(tok);
    if tw >= wrap.width {
        // A word longer than a line is cut wherever the line ends.
        return w + 1 >= wrap.width;
    }
    let gap = usize::from(latin(tok.chars().next()));
    w + gap + tw > wrap.width
}

/// Joins the lines a hard wrap broke; see the module comment. Text that is not hard-wrapped
/// is returned as it was, with `false`.
pub fn unwrap(lines: Vec<Line>) -> (Vec<Line>, bool) {
    let lines = join_lone_enumerators(lines);
    let Some(wrap) = detect(&lines) else {
        return (lines, false);
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if !is_text(l) {
            out.push(l.clone());
            i += 1;
            continue;
        }
        let mut raw = printed(l).to_string();
        let no = l.no;
        let mut last = i;
        // Whether the paragraph surely ends at `last` (a short line, an indent follows).
        let mut ends = true;
        loop {
            // `标题 ………` / `12`: a TOC entry's page number wrapped onto a line of its own,
            // which the furniture pass took for a page number.
            if let Some(n) = lines
                .get(last + 1)
                .filter(|n| n.page_break && is_page_number(&n.raw))
            {
                if ends_with_leaders(&lines[last].text) && is_full(&wrap, &lines[last], Some(n)) {
                    raw = format!("{raw} {}", n.raw.trim());
                    last += 1;
                    break;
                }
            }
            // The next text line, past page furniture and the blank lines around it.
            let mut j = last + 1;
            let mut crossed_page = false;
            let mut blanks = 0;
            while j < lines.len() && (lines[j].is_blank() || lines[j].page_break) {
                crossed_page |= lines[j].page_break;
                blanks += usize::from(lines[j].is_blank());
                j += 1;
            }
            let Some(next) = lines.get(j).filter(|n| is_text(n)) else {
                break;
            };
            if blanks > 0 && !crossed_page || is_indented(next) {
                break;
            }
            // A table-of-contents entry ends with its page number, however wide it is.
            if !is_full(&wrap, &lines[last], Some(next)) || is_toc_entry(&lines[last].text) {
                break;
            }
            // A full line that ends a sentence may be a paragraph's last line, unless
            // paragraphs show their starts (an indent) or their ends (a blank line).
            let sure = wrap.indented_paragraphs || wrap.blank_separated && !crossed_page;
            let t = lines[last].text.as_str();
            if !sure && (crate::text::ends_sentence(t) || t.ends_with(['）', ')'])) {
                ends = false;
                break;
            }
            let piece = printed(next).trim_start();
            raw = join(&wrap, &raw, piece);
            last = j;
        }
        out.push(Line::new(no, &raw));
        // A line that stopped short ends its paragraph: a blank line says so. (Page
        // furniture crossed by a join is dropped: the text on either side is one line.)
        if ends && lines.get(last + 1).is_some_and(is_text) {
            out.push(Line::new(lines[last + 1].no, ""));
        }
        i = last + 1;
    }
    (out, true)
}

/// A heading's number on a line of its own (`一、` / `《2021年战略竞争法案》`, as
/// `pdftotext -raw` breaks a line where the font changes) is joined to the line it
/// numbers: the number is `一、`…`十、` or `（一）`…, at a paragraph's start (after a blank
/// line or a sentence's end), and the next line is text that opens with no number of its
/// own and no punctuation.
fn join_lone_enumerators(lines: Vec<Line>) -> Vec<Line> {
    let is_numeral = |s: &str| {
        !s.is_empty()
            && s.chars().count() <= 3
            && s.chars().all(|c| "一二三四五六七八九十".contains(c))
    };
    let lone = |t: &str| {
        let t = t.trim();
        t.strip_suffix('、').is_some_and(is_numeral)
            || t.strip_prefix(['（', '('])
                .and_then(|r| r.strip_suffix(['）', ')']))
                .is_some_and(is_numeral)
    };
    // A line with a number of its own (`二、…`) is no title of the one before.
    let numbered = |t: &str| {
        let t = t.trim_start();
        let digits: String = t
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .collect();
        !digits.is_empty() && t[digits.len()..].starts_with('、')
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut lines = lines.into_iter().peekable();
    while let Some(line) = lines.next() {
        let at_start = out
            .last()
            .is_none_or(|p| p.is_blank() || p.page_break || crate::text::ends_sentence(&p.text));
        let joins = at_start
            && is_text(&line)
            && lone(&line.text)
            && lines.peek().is_some_and(|n| {
                let first = n.text.trim_start().chars().next();
                is_text(n)
                    && !lone(&n.text)
                    && first.is_some_and(|c| !crate::text::is_cjk_punct(c) || "《“（".contains(c))
                    && !numbered(&n.text)
            });
        if joins {
            if let Some(n) = lines.next() {
                let raw = format!("{}{}", line.raw.trim_end(), n.raw.trim_start());
                out.push(Line::new(line.no, &raw));
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Joins a link the margin cut (`…councilPostView.jsp?` / `post_id=2104&board_id=11`)
/// with its rest, across the blank lines and page furniture a converter put between:
/// the line ends in a link cut at one of its separators, and the next line holding text
/// is one word of link characters that opens no link of its own. Across a blank line the
/// rest must look like a link's (a path, a query, a slug, a file name), not a word of the
/// text: a justified note set a word per line (`nervensystem-von-` / `Forschungsprogramm`).
pub fn join_cut_links(lines: Vec<Line>) -> Vec<Line> {
    /// At most this many blank lines and page breaks between the pieces.
    const REACH: usize = 6;
    // The margin, when enough lines show it.
    let measured = lines.iter().filter(|l| !l.is_blank()).count();
    let full = if measured >= 20 {
        text_width(&lines)
    } else {
        0
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut lines = lines.into_iter().peekable();
    while let Some(mut line) = lines.next() {
        // The blank lines and page breaks crossed, which go after the joined line.
        let mut crossed: Vec<Line> = Vec::new();
        // The text of the printed line the link goes on from (the last joined piece).
        let mut last_piece = line.text.clone();
        while let Some(link) = cut_link(&line) {
            let mut between: Vec<Line> = Vec::new();
            while between.len() < REACH
                && lines.peek().is_some_and(|n| n.is_blank() || n.page_break)
            {
                between.extend(lines.next());
            }
            let apart = !between.is_empty();
            let joins = lines.peek().is_some_and(|n| {
                n.md_level.is_none()
                    && !n.raw.contains('\t')
                    && (link_rest_follows(link, &n.text, apart)
                        || at_margin(&last_piece, full)
                            && !ends_whole(link)
                            && !link.ends_with(['.', ',', ';', ':'])
                            && is_rest_of_cut_word(&n.text, apart))
            });
            crossed.append(&mut between);
            if !joins {
                break;
            }
            let rest = lines.next().map(|n| n.text).unwrap_or_default();
            line = Line::new(line.no, &format!("{}{rest}", line.raw));
            last_piece = rest;
        }
        out.push(line);
        out.append(&mut crossed);
    }
    out
}

/// The link a line ends with, when it ends in one (not in a table row or a heading).
fn cut_link(line: &Line) -> Option<&str> {
    if line.page_break || line.md_level.is_some() || line.raw.contains('\t') {
        return None;
    }
    let word = line.text.split_whitespace().next_back()?;
    let start = word
        .find("http://")
        .or_else(|| word.find("https://"))
        .or_else(|| word.find("www."))?;
    Some(&word[start..])
}

/// The extensions of the files links point to.
const LINK_EXTENSIONS: [&str; 12] = [
    "htm", "html", "shtml", "pdf", "asp", "aspx", "jsp", "php", "doc", "docx", "xls", "xlsx",
];

/// Whether `rest`, the next line holding text, goes on with `link`; `apart`: blank lines
/// or page furniture came between them.
fn link_rest_follows(link: &str, rest: &str, apart: bool) -> bool {
    // `…/1702133.` / `htm`: a link cut before its file's extension.
    if link.ends_with('.') && link.contains('/') {
        let ext = rest.split(['?', '#']).next().unwrap_or("");
        return LINK_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
            && rest.chars().all(|c| c.is_ascii_graphic());
    }
    if !super::document::url_rest_follows(link, rest) || rest.starts_with("www.") {
        return false;
    }
    // `www8.cao.go.jp/cstp/…`: a link of its own without its scheme.
    let first = rest.split('/').next().unwrap_or("");
    if rest.contains('/') && first.contains('.') {
        return false;
    }
    // A path, a query or a slug, or a file name (`Europe-Report.pdf`), not a word that
    // ends a sentence (`Report.`).
    let linky = rest.contains(['/', '-', '_', '=', '&', '?', '#'])
        || rest
            .split('.')
            .skip(1)
            .any(|p| p.starts_with(|c: char| c.is_ascii_alphanumeric()));
    !apart || linky
}

/// Display width as notes and margins measure it: any character from U+1100 on counts
/// two columns.
pub(super) fn display_columns(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// The width of a full line of text, when the text is set in lines of one measure (the
/// 90th percentile of the lines' widths, which a fifth of the lines come close to); 0 for
/// text with a line per paragraph (a browser's copy, a word processor's export).
pub(super) fn text_width(lines: &[Line]) -> usize {
    let mut w: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_blank() && !l.page_break)
        .map(|l| display_columns(&l.text))
        .collect();
    if w.is_empty() {
        return 0;
    }
    w.sort_unstable();
    let measure = w[w.len() * 9 / 10];
    let near = w
        .iter()
        .filter(|&&x| x <= measure && x * 10 >= measure * 9)
        .count();
    if near * 5 >= w.len() {
        measure
    } else {
        0
    }
}

/// Whether a printed line reaches the margin of text set `full` columns wide: a link on it was
/// cut wherever the line ended, even inside a word (`…artificial-intelli` / `gence-…`).
fn at_margin(line: &str, full: usize) -> bool {
    full > 0 && display_columns(line) * 10 >= full * 9
}

/// Whether `link` ends with a whole file name (`…/1702133.htm`).
fn ends_whole(link: &str) -> bool {
    link.rsplit_once('.')
        .is_some_and(|(_, ext)| LINK_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Whether `rest`, the line below a link cut at the margin, is the link's rest: one word
/// of link characters (`gence-action-plan`, `1&etc_cd1=COUN01#this`, `N`) that holds no
/// link of its own, and is no page number nor a numbered note (`4.Australia's…`, which
/// `pdftotext -raw` prints without spaces). Across a blank line it must look like a
/// link's piece.
fn is_rest_of_cut_word(rest: &str, apart: bool) -> bool {
    let number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered = number.len() < rest.len() && number.starts_with(['.', ')', ']']);
    !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_graphic())
        && !number.is_empty()
        && !numbered
        && !rest.starts_with('[')
        && !rest.contains("://")
        && !rest.contains("www.")
        && !rest.ends_with(['.', ',', ';', ':', ')'])
        && (!apart || rest.contains(['/', '-', '_', '=', '&', '?', '#']))
}

/// `标题 ……… 7`: dot leaders and a page number.
fn is_toc_entry(t: &str) -> bool {
    let t = t.trim_end();
    let head = t.trim_end_matches(|c: char| c.is_ascii_digit());
    head.len() < t.len() && t.len() - head.len() <= 3 && ends_with_leaders(head)
}

fn is_page_number(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// `标题 ………`, `标题 ......`: dot leaders, which a page number follows.
fn ends_with_leaders(t: &str) -> bool {
    let tail: Vec<char> = t.trim_end().chars().rev().take(3).collect();
    tail.len() == 3 && tail.iter().all(|&c| matches!(c, '…' | '.' | '·'))
        || t.trim_end().ends_with("……")
}

/// `a` and its wrapped continuation `b`: Latin words that were broken at a space get
/// the space back; a word cut at the margin (a URL) and Chinese text join directly.
fn join(wrap: &Wrap, a: &str, b: &str) -> String {
    let (lt, ft) = (last_token(a), first_token(b));
    let words = latin(a.chars().last()) && latin(b.chars().next());
    let cut = wrap.metric.measure(a) >= wrap.width
        && wrap.metric.measure(lt) + wrap.metric.measure(ft) > wrap.width / 2
        || lt.contains("://")
        || lt.starts_with("www.");
    if words && !cut {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines as lines;

    fn wrapped(paras: &[&str], width: usize, indent: &str) -> String {
        let mut out = Vec::new();
        for p in paras {
            let mut cur = String::from(indent);
            let mut w = Metric::Columns.measure(indent);
            for c in p.chars() {
                let cw = columns(c);
                if w + cw > width {
                    out.push(std::mem::take(&mut cur));
                    w = 0;
                }
                cur.push(c);
                w += cw;
            }
            out.push(cur);
        }
        out.join("\n")
    }

    #[test]
    fn a_heading_number_on_a_line_of_its_own_is_joined_to_its_title() {
        // Seed 003's first article through `pdftotext -raw`: the font changes after `一、`.
        let src = "共分为7个部分：“芯片与O-RAN5G紧急拨款”\n、\n《无尽前沿法案》\n联盟等方面实现“数字去中国化”\n。\n一、\n《2021年战略竞争法案》\n该法案抗衡中国崛起的意图直接明了。\n（二）\n，以及《2021年贸易法案》\n三、\n四、《国土安全和政府事务委员会条款》";
        let out = join_lone_enumerators(lines(src));
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert!(texts.contains(&"一、《2021年战略竞争法案》"), "{texts:?}");
        // Not inside a sentence, nor before a line that opens with punctuation.
        assert!(texts.contains(&"、"), "{texts:?}");
        assert!(texts.contains(&"（二）"), "{texts:?}");
        assert!(texts.contains(&"三、"), "{texts:?}");
    }

    #[test]
    fn wrapped_paragraphs_are_joined_and_end_with_a_blank_line() {
        let p1 = "数字技术和网络空间是中美竞争的战略高地，该法案的相关条款众多，主要从全球技术基础设施、通信技术、信息内容等角度，授权国务院开展项目。".repeat(3);
        let p2 = "该法案将发展关键产业技术上升到国家战略高度，提出在国家科学基金会设立一个新的技术与创新局，加速技术商业化。".repeat(3);
        let text = wrapped(&[&p1, &p2, &p1, &p2, &p1], 40, "　　");
        let (out, _) = unwrap(lines(&text));
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, [&p1[..], "", &p2, "", &p1, "", &p2, "", &p1]);
    }

    #[test]
    fn a_url_cut_at_the_margin_joins_without_a_space() {
        let body =
            "该法案凝聚了两党共识，可谓美国未来对华全面竞争的基本大法，整合了此前的多项提案。"
                .repeat(8);
        let note = "1 S.1260 - United States Innovation and Competition Act of 2021. https://www.congress.gov/bill/117th-congress/senate-bill/1260/text";
        let mut text = wrapped(&[&body], 50, "　　");
        text.push('\n');
        // The note wrapped the way a fixed-width printout wraps Latin text.
        text.push_str("1 S.1260 - United States Innovation and\nCompetition Act of 2021. https://www.congress.gov/\nbill/117th-congress/senate-bill/1260/text\n");
        text.push_str(&wrapped(&[&body], 50, "　　"));
        let (out, _) = unwrap(lines(&text));
        assert!(out.iter().any(|l| l.text == note), "{out:#?}");
    }

    fn joined(text: &str) -> Vec<String> {
        join_cut_links(lines(text))
            .into_iter()
            .filter(|l| !l.is_blank())
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn a_cut_link_joins_its_rest_across_blank_lines_and_a_page_turn() {
        // pdfminer's text of seed 003 (LibreOffice PDF): the running head and a form feed
        // between the pieces of article 3's source, a blank line between those of note 7.
        let mut src = lines(
            "来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?\n\n\u{c}科技政策与咨询快报 2021 年 总第 086 期 第 08 期\n\npost_id=2104&board_id=11&etc_cd1=COUN01#this\n\n6 月 24 日，韩国国家科学技术咨询会议公开由产业部等相关部门共同制定的计划。",
        );
        src[2].page_break = true;
        let out: Vec<String> = join_cut_links(src)
            .into_iter()
            .filter(|l| !l.is_blank() && !l.page_break)
            .map(|l| l.text)
            .collect();
        assert_eq!(
            out[0],
            "来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=11&etc_cd1=COUN01#this"
        );
        assert!(out[1].starts_with("6 月 24 日"));
        let out = joined("https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-\n\nreview-report.pdf\n");
        assert_eq!(
            out,
            ["https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-review-report.pdf"]
        );
    }

    #[test]
    fn a_link_cut_inside_a_word_at_the_margin_joins_its_rest() {
        // Seed 003 through pandoc's Word file, LibreOffice's PDF and `pdftotext`: full
        // lines of 42 characters, and links cut wherever the margin fell. (The margin shows
        // in twenty lines or more.)
        let para = "6 月 24 日，韩国国家科学技术咨询会议公开由产业部等相关部门共同制定的《第五次国家标准基\n";
        let text = format!(
            "{}来源：https://www.industry.gov.au/data-and-publications/australias-artificial-intelli\ngence-action-plan\n{}来源：https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32021D0820&from=E\nN\n{}",
            para.repeat(10),
            para.repeat(10),
            para.repeat(10)
        );
        let out = joined(&text);
        assert!(out.contains(&"来源：https://www.industry.gov.au/data-and-publications/australias-artificial-intelligence-action-plan".to_string()), "{out:#?}");
        assert!(out.contains(&"来源：https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32021D0820&from=EN".to_string()), "{out:#?}");
        // A short link ends where it ends; a page number below a full one stays apart.
        let text = format!(
            "{}来源：https://www.meti.go.jp/press/2021/06/20210604008/2021\nN\n{}ata-and-publications/australias-artificial-intelligence-action-plan-and-more-of-it\n4\n",
            para.repeat(10),
            para.repeat(4)
        );
        let out = joined(&text);
        assert!(out.contains(&"N".to_string()), "{out:#?}");
        assert!(out.contains(&"4".to_string()), "{out:#?}");
        // `pdftotext -raw` (no spaces in Latin text): the next note, and the English
        // title after a reference that ends its sentence, are no rest of a link.
        let text = format!(
            "{}3.제16회심의회의결과(21.6.24).https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=11&etc_cd1=COUN01#this\n4.Australia'sArtificialIntelligence(AI)ActionPlan.https://www.industry.gov.au/data-\nand-publications/australias-artificial-intelligence-action-plan\n{}[EB/OL].https://www.gov.cn/gongbao/content/2021/content_5647347.htm?eqid=b45c08a50001fb82000000066459a21e.\nStudyontheConstructionofaNewModelforHigh-quality\n",
            para.repeat(10),
            para
        );
        let out = joined(&text);
        assert!(out.iter().any(|l| l.starts_with("4.Australia")), "{out:#?}");
        assert!(
            out.contains(&"StudyontheConstructionofaNewModelforHigh-quality".to_string()),
            "{out:#?}"
        );
    }

    #[test]
    fn a_word_of_text_or_a_new_link_below_a_link_stays_apart() {
        // pdfminer sets a justified note a word per box (seed 003, note 18): after a blank
        // line a lone word is the note's text, not the link's rest.
        let src = "https://www.bmbf.de/de/karliczek-wir-foerdern-neue-kommunikationstechnologien-als-zentrales-nervensystem-von-\n\nForschungsprogramm\n\neigenständiges";
        assert_eq!(joined(src).len(), 3);
        // A link of its own, without its scheme.
        let src = "https://www.meti.go.jp/press/2021/06/\n\nwww8.cao.go.jp/cstp/tougosenryaku/togo2021_honbun.pdf";
        assert_eq!(joined(src).len(), 2);
        let src = "来源：http://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/\n\nwww8.cao.go.jp/cstp/a.pdf";
        assert_eq!(joined(src).len(), 2);
        // A link that ends whole (`….htm`) takes nothing.
        let src = "http://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/1702133/1702133.htm\n\nrest/of-it.htm";
        assert_eq!(joined(src).len(), 2);
        // Cut before its extension (seed 000 as pandoc's Word file printed by
        // LibreOffice), and a sentence's full stop after a link, which takes no word.
        let src = "来源：http://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/1702133/1702133.\nhtm\n市场监管总局认证监管司司长刘卫军：";
        assert_eq!(
            joined(src)[0],
            "来源：http://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/1702133/1702133.htm"
        );
        assert_eq!(joined("见 https://www.gov.cn/.\nhtml 标准").len(), 2);
        // Its rest right below, and the path after a `/` (seed 000 in pdfminer's text).
        let src = "http://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/\n\n1702133/1702133.htm\n\n市场监管总局认证监管司司长刘卫军：";
        assert_eq!(
            joined(src),
            [
                "http://www.scio.gov.cn/32344/32345/44688/45275/tw45277/Document/1702133/1702133.htm",
                "市场监管总局认证监管司司长刘卫军："
            ]
        );
    }
}
