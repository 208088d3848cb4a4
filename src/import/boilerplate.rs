//! What is never content: page furniture (page numbers, running heads and feet),
//! advertising, phone lists, comment forms. Page furniture leaves a page break behind,
//! so the paragraph joiner knows the text on either side may be one sentence.

use super::{meta, Diagnostic, Line};
use crate::text;

/// Drops lines that are never content, saying what was dropped and where.
pub fn strip(lines: Vec<Line>, diags: &mut Vec<Diagnostic>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    let mut phone_lines = Vec::new();
    let last_text = lines.iter().rposition(|l| !l.is_blank()).unwrap_or(0);
    // A comment form closes a reposted web article: drop it from the end backwards, with
    // the site's footer after it.
    let mut form_start = last_text + 1;
    let mut tail_start = last_text + 1;
    // A page number or running foot (a browser's print footer: the page's address)
    // printed after the form is part of the last page.
    let (feet, _, _) = page_heads(&lines);
    for l in lines[..=last_text].iter().rev() {
        // A converter's Markdown keeps the footer's links (`[私隱政策](/privacy/) | …`):
        // the words a reader sees decide.
        let shown = crate::markdown::to_text(&l.text);
        if is_comment_form(shown.trim()) || is_site_footer(shown.trim()) {
            tail_start = l.no - 1;
            form_start = tail_start;
        } else if l.is_blank() || is_page_furniture(&l.text) || feet.contains(&head_key(&l.text)) {
            tail_start = l.no - 1;
        } else {
            break;
        }
    }
    if form_start <= last_text {
        // Page numbers alone at the end are no form: they stay for the furniture rules.
        form_start = tail_start;
        diags.push(Diagnostic::info(
            Some(form_start + 1),
            format!(
                "dropped a comment form (lines {}–{})",
                form_start + 1,
                last_text + 1
            ),
        ));
    }
    let (running_heads, first_heads, first_numbered) =
        page_heads(&lines[..form_start.min(lines.len())]);
    let breaks_known = !running_heads.is_empty() || lines.iter().any(|l| l.raw.contains('\u{c}'));
    let running = repeated_heads(&lines[..form_start.min(lines.len())], breaks_known);
    if !running_heads.is_empty() {
        diags.push(Diagnostic::info(
            None,
            format!(
                "dropped running heads and feet repeated at page breaks: {}",
                running_heads
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        ));
    }
    let page_columns = page_number_columns(&lines[..form_start.min(lines.len())]);
    if let (Some(first), Some(last)) = (page_columns.iter().min(), page_columns.iter().max()) {
        diags.push(Diagnostic::info(
            Some(*first),
            format!(
                "dropped {} page numbers printed as a column of their own (lines {first}–{last})",
                page_columns.len()
            ),
        ));
    }
    let mut header_lines = 0;
    for l in lines.into_iter().take(form_start) {
        if page_columns.contains(&l.no) {
            continue;
        }
        if let Some(kind) = running.get(&l.no) {
            header_lines += 1;
            if *kind == HeadKind::PageTurn {
                let mut brk = Line::page_break(l.no);
                brk.raw = l.text.clone();
                out.push(brk);
            }
            continue;
        }
        if !l.raw.contains('\t') && (is_phone_line(&l.text) || is_counter(&l.text)) {
            phone_lines.push(l.no);
            continue;
        }
        if let Some(head) = first_numbered.get(&l.no) {
            // The first page's head is the cover's line too (the issue it names): kept
            // without its page number, with the break the number marks.
            let mut brk = Line::page_break(l.no);
            brk.raw = l.text.clone();
            out.push(Line::new(l.no, head));
            out.push(brk);
            continue;
        }
        if let Some(at) = glued_page_number(&l.raw) {
            // pdftotext joined a link cut at a hyphen to the page's foot (`…/wp第 7 页`):
            // the line goes on, and a page ends after it.
            let mut brk = Line::page_break(l.no);
            brk.raw = l.raw[at..].trim().to_string();
            out.push(Line::new(l.no, &l.raw[..at]));
            out.push(brk);
            continue;
        }
        if is_page_furniture(&l.text)
            || running_heads.contains(&head_key(&l.text)) && !first_heads.contains(&l.no)
        {
            // A page ends here: the paragraph joiner may join across it, and the TOC
            // parser reads a bare number as the page number of the entry before it.
            let mut brk = Line::page_break(l.no);
            brk.raw = l.text.clone();
            out.push(brk);
            continue;
        }
        out.push(l);
    }
    if header_lines > 0 {
        diags.push(Diagnostic::info(
            None,
            format!(
                "dropped {header_lines} running headers (the series name repeated on each page)"
            ),
        ));
    }
    if let (Some(first), Some(last)) = (phone_lines.first(), phone_lines.last()) {
        diags.push(Diagnostic::info(
            Some(*first),
            format!(
                "dropped {} lines of phone numbers and counters (lines {first}–{last})",
                phone_lines.len()
            ),
        ));
    }
    out
}

/// A table of contents' page numbers printed as a block of their own after its entries
/// (pdfminer sets each column of a page as a box: `1`, `4`, `7`, `9`, `9`, `13`…): three
/// or more bare numbers in a row, none smaller than the one before and not all one
/// apart (a table's serial numbers count up by one), as the numbers of their lines.
fn page_number_columns(lines: &[Line]) -> std::collections::HashSet<usize> {
    let bare = |t: &str| {
        let t = t.trim();
        (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    let texts: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    let mut out = std::collections::HashSet::new();
    let mut k = 0;
    while k < texts.len() {
        let run = texts[k..].iter().take_while(|l| bare(&l.text)).count();
        if run >= 3 {
            let n: Vec<u32> = texts[k..k + run]
                .iter()
                .filter_map(|l| l.text.trim().parse().ok())
                .collect();
            let rising = n.windows(2).all(|w| w[0] <= w[1]);
            let serial = n.windows(2).all(|w| w[1] == w[0] + 1);
            if rising && !serial {
                out.extend(texts[k..k + run].iter().map(|l| l.no));
            }
        }
        k += run.max(1);
    }
    out
}

/// What a running head found by its words marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadKind {
    /// The periodical's name, dropped wherever it stands.
    SeriesName,
    /// A head printed where a page turns: a page break, as a page number is.
    PageTurn,
}

/// Running heads known by their words alone, as the numbers of the lines to drop: a
/// short line printed three times or more that is the periodical's name, all but the
/// first time (the cover's). And when the converter kept no page breaks (pypdf prints
/// the head where the page turns, often mid-sentence, and the page number wherever the
/// page's text put it), the text's first line printed three times or more when it names
/// the issue (`科技政策与咨询快报　2021 年第 08 期`) or cuts a wrapped sentence in two at
/// least twice; the page turns there, which ends a footnote printed at the page's foot. Such a head is printed a page apart, so its copies less than half a page
/// after the first are the cover's (a web page's title under its running head).
fn repeated_heads(
    lines: &[Line],
    breaks_known: bool,
) -> std::collections::HashMap<usize, HeadKind> {
    let texts: Vec<(usize, &str)> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| (l.no, l.text.trim()))
        .collect();
    let first = texts.first().map(|(_, t)| head_key(t));
    // Where each is printed (as indices into `texts`), and how often inside a sentence.
    let mut seen: std::collections::HashMap<String, (Vec<usize>, usize)> =
        std::collections::HashMap::new();
    for (k, (_, t)) in texts.iter().enumerate() {
        let n = t.chars().count();
        if n == 0 || n > 40 || is_page_furniture(t) {
            continue;
        }
        let cuts = k > 0
            && k + 1 < texts.len()
            && texts[k - 1].1.chars().count() >= 20
            && !text::ends_sentence(texts[k - 1].1)
            && !text::ends_with_colon(texts[k - 1].1);
        let e = seen.entry(head_key(t)).or_default();
        e.0.push(k);
        e.1 += usize::from(cuts);
    }
    let mut drop = std::collections::HashMap::new();
    for (t, (at, cuts)) in seen {
        if at.len() < 3 {
            continue;
        }
        if meta::is_series_name(&t) {
            drop.extend(at[1..].iter().map(|&k| (texts[k].0, HeadKind::SeriesName)));
        } else if !breaks_known
            && first.as_ref() == Some(&t)
            && (meta::has_issue_label(&t) || cuts >= 2)
        {
            let mut gaps: Vec<usize> = at.windows(2).map(|w| w[1] - w[0]).collect();
            gaps.sort_unstable();
            let half_page = gaps[gaps.len() / 2] / 2;
            drop.extend(
                at.iter()
                    .filter(|&&k| k >= at[0] + half_page.max(1))
                    .map(|&k| (texts[k].0, HeadKind::PageTurn)),
            );
        }
    }
    drop
}

/// Running heads and feet: short lines printed again and again next to a page break (a
/// page number, a form feed). Returns them, the line numbers of their first
/// occurrences on the first page, which stay (the cover's title and series name are no
/// running heads), and the first page's head that carries a page number (line number →
/// the head without it).
fn page_heads(
    lines: &[Line],
) -> (
    std::collections::BTreeSet<String>,
    std::collections::HashSet<usize>,
    std::collections::HashMap<usize, String>,
) {
    let boundary = |l: &Line| is_page_furniture(&l.text) || l.raw.starts_with('\u{c}');
    // Per head: occurrences (all, and those after the first page, as the cover may print
    // the head's words again far from any page's end: seed 000's `栏目总览` twice), how
    // many of each are next to a page's end, first line, and the page ends seen next to
    // it (a form feed by its line, a page number by itself).
    #[derive(Default)]
    struct Near {
        all: usize,
        close: usize,
        later: usize,
        later_close: usize,
        first: usize,
        ends: std::collections::HashSet<String>,
    }
    let mut near: std::collections::HashMap<String, Near> = std::collections::HashMap::new();
    let texts: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    let page_end = |l: &Line| {
        if l.raw.starts_with('\u{c}') {
            format!("\u{c}{}", l.no)
        } else {
            l.text.clone()
        }
    };
    let first_page_end = first_page_end(lines, boundary);
    for (k, &i) in texts.iter().enumerate() {
        let l = &lines[i];
        if !may_be_running_head(&l.text) {
            continue;
        }
        let ends: Vec<String> = texts[k.saturating_sub(2)..(k + 3).min(texts.len())]
            .iter()
            .filter(|&&j| j != i && boundary(&lines[j]))
            .map(|&j| page_end(&lines[j]))
            .chain(l.raw.starts_with('\u{c}').then(|| page_end(l)))
            .collect();
        let e = near.entry(head_key(&l.text)).or_insert_with(|| Near {
            first: l.no,
            ..Near::default()
        });
        let close = usize::from(!ends.is_empty());
        e.all += 1;
        e.close += close;
        if l.no > first_page_end {
            e.later += 1;
            e.later_close += close;
        }
        e.ends.extend(ends);
    }
    let mut heads = std::collections::BTreeSet::new();
    let mut first = std::collections::HashSet::new();
    // A head that carries the page number on its own line (`栏目总览      3`) is one by
    // that number: the same words with three or more different numbers after a gap. On
    // the first page too: a line with a page number is no cover line. A converter that
    // keeps one space of the gap (pypdf's `栏目总览 3`) gives weaker evidence, as a
    // caption does (`图 3`): such a head counts when its numbers rise page by page and
    // its words are the cover's own (printed alone on the first page) or a series name.
    let mut numbered: std::collections::HashMap<String, NumberedHead> =
        std::collections::HashMap::new();
    for l in lines {
        let Some(head) = without_page_number(&l.text) else {
            continue;
        };
        let number: String = l.text.replace(head, "").split_whitespace().collect();
        let e = numbered
            .entry(head_key(head))
            .or_insert_with(|| NumberedHead {
                numbers: Vec::new(),
                gapped: false,
                first: l.no,
                head: head.to_string(),
            });
        e.numbers.push(number);
        e.gapped |= l.raw.trim().contains("  ");
    }
    let on_first_page = |t: &str| {
        lines
            .iter()
            .take_while(|l| l.no < first_page_end)
            .any(|l| head_key(&l.text) == t && without_page_number(&l.text).is_none())
    };
    numbered.retain(|t, e| {
        let distinct: std::collections::HashSet<&String> = e.numbers.iter().collect();
        let rising = || {
            let n: Vec<Option<usize>> = e.numbers.iter().map(|n| page_number(n)).collect();
            n.windows(2)
                .all(|w| matches!((w[0], w[1]), (Some(a), Some(b)) if a < b))
        };
        distinct.len() >= 3
            && (e.gapped
                || t.chars().count() >= 2
                    && rising()
                    && (on_first_page(t) || meta::is_series_name(t)))
    });
    let mut first_numbered = std::collections::HashMap::new();
    for (
        t,
        NumberedHead {
            first: no, head, ..
        },
    ) in numbered
    {
        // Kept when it names the issue and the cover does not say so again.
        let again = || {
            lines
                .iter()
                .take_while(|l| l.no < first_page_end)
                .any(|l| l.no != no && head_key(&l.text) == t)
        };
        if no < first_page_end && meta::has_issue_label(&head) && !again() {
            first_numbered.insert(no, head);
        }
        heads.insert(t);
    }
    // Every time the first page prints such a line it stays: a web page printed with its
    // title as the running head prints the title again under the site's own lines.
    let mut first_keys = std::collections::HashSet::new();
    // Pages have numbers of their own: in a text that shows no page otherwise (no form
    // feed), a short line next to the same number each time is no running head (a word
    // processor's text: a table's header `序号` / `建议` above its row `1`).
    let form_feeds = lines.iter().any(|l| l.raw.contains('\u{c}'));
    for (t, e) in near {
        // Two thirds of the copies next to a page's end: of all of them, or of those
        // after the first page.
        let mostly_close =
            e.close * 3 >= e.all * 2 || e.later >= 3 && e.later_close * 3 >= e.later * 2;
        if e.all >= 3 && mostly_close && (form_feeds || e.ends.len() >= 2) {
            // (A browser's footer, the page's address, is no cover line.)
            if e.first < first_page_end && !heads.contains(&t) && !is_bare_address(&t) {
                first_keys.insert(t.clone());
            }
            heads.insert(t);
        }
    }
    first.extend(
        lines
            .iter()
            .filter(|l| l.no < first_page_end && first_keys.contains(&head_key(&l.text)))
            .map(|l| l.no),
    );
    (heads, first, first_numbered)
}

/// The line the first page ends before: its first page break. The first page's own lines
/// (its title, the series name on the cover) stay, even when the same words head the pages
/// after it. A page numbered 1 at its top (pypdf's `理解美国产业政策(万字长文)` / `第 1 页`
/// of a browser's print of seed 001) goes on to the next page's head: as many lines above
/// the next page break as stood above the first. (A page number first of all, with no
/// head above it, may be the cover's own: that page ends there, as before.)
fn first_page_end(lines: &[Line], boundary: impl Fn(&Line) -> bool) -> usize {
    let mut breaks = lines.iter().enumerate().filter(|(_, l)| boundary(l));
    let Some((first, first_line)) = breaks.next() else {
        return usize::MAX;
    };
    let above = lines[..first].iter().filter(|l| !l.is_blank()).count();
    let at_top = (1..=2).contains(&above) && page_number(&first_line.text) == Some(1);
    match breaks.next() {
        Some((next, next_line)) if at_top => lines[first + 1..next]
            .iter()
            .filter(|l| !l.is_blank())
            .rev()
            .take(above)
            .last()
            .map_or(next_line.no, |l| l.no),
        _ => first_line.no,
    }
}

/// The words of a running head printed with a page number, and the numbers it carried.
struct NumberedHead {
    numbers: Vec<String>,
    /// Printed at least once with the page number two or more spaces away.
    gapped: bool,
    /// The line it was first printed on, and its words as printed there.
    first: usize,
    head: String,
}

/// A line short enough to be a running head or foot (a page number is furniture of its
/// own), or the address a browser prints at the foot of each page, however long it is.
fn may_be_running_head(text: &str) -> bool {
    let n = text.chars().count();
    n > 0 && (n <= 40 || is_bare_address(text)) && !is_page_furniture(text)
}

/// A line that is one web or file address and nothing else (`file:///tmp/x/001.html`,
/// `https://www.samr.gov.cn/…`): what a browser's print footer says.
fn is_bare_address(text: &str) -> bool {
    let t = text.trim();
    !t.contains(char::is_whitespace)
        && ["http://", "https://", "file://"]
            .iter()
            .any(|scheme| t.starts_with(scheme))
}

/// A running head as compared across pages: `pdftotext -layout` pads the series name and
/// the issue apart by as many spaces as each page's line width leaves.
fn head_key(text: &str) -> String {
    let t = without_page_number(text).unwrap_or(text);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A running head that carries the page number on its own line, at either end after a
/// gap (`栏目总览          3`, `3    科技政策与咨询快报`, `栏目总览 第 3 页`): the head
/// without it.
fn without_page_number(text: &str) -> Option<&str> {
    let t = text.trim();
    let head = match t.rsplit_once(char::is_whitespace) {
        Some((h, n)) if is_page_furniture(n) => h,
        _ => match t.split_once(char::is_whitespace) {
            Some((n, h)) if is_page_furniture(n) => h,
            _ => {
                // `第 3 页` and `3 / 28` are spaced: try the last three words.
                let words: Vec<&str> = t.split_whitespace().collect();
                let k = words.len().checked_sub(3)?;
                if !is_page_furniture(&words[k..].join("")) {
                    return None;
                }
                &t[..t.rfind(words[k])?]
            }
        },
    };
    let head = head.trim();
    (!head.is_empty() && head.chars().count() <= 40 && !is_page_furniture(head)).then_some(head)
}

/// `尖沙咀總行 : 2569 2192`: a branch and its phone number.
fn is_phone_line(text: &str) -> bool {
    let Some(pos) = text.find([':', '：']) else {
        return false;
    };
    let (name, number) = (
        text[..pos].trim(),
        text[pos..].trim_start_matches([':', '：']).trim(),
    );
    let digits = number.chars().filter(char::is_ascii_digit).count();
    // Phone numbers are written in groups (2569 2192, 010-82626611), not as one long code.
    let grouped = number.split([' ', '-']).filter(|g| !g.is_empty()).count() >= 2;
    let name_ok = grouped
        && !name.is_empty()
        && name.chars().count() <= 15
        && name
            .chars()
            .all(|c| text::is_han(c) || c.is_whitespace() || c == '·');
    name_ok
        && digits >= 7
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '（' | '）' | '+'))
}

/// `回應 : 0`, `阅读 1234`: a page's counters.
fn is_counter(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "回應", "回应", "评论", "評論", "阅读", "閱讀", "点赞", "點贊", "在看", "收藏",
    ];
    let t = text.trim();
    WORDS.iter().any(|w| {
        t.strip_prefix(w).is_some_and(|rest| {
            let n = rest.trim().trim_start_matches([':', '：']).trim();
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
        })
    })
}

/// A web site's footer line: its copyright, licence or registration number, or a row of
/// short links (`私隱政策 | 使用條款`).
fn is_site_footer(text: &str) -> bool {
    const WORDS: [&str; 9] = [
        "©",
        "版权所有",
        "Copyright",
        "All rights reserved",
        "ICP备",
        "ICP证",
        "公网安备",
        "牌照号码",
        "牌照號碼",
    ];
    let t = text.trim();
    if t.chars().count() > 60 || text::ends_sentence(t) {
        return false;
    }
    let folded = super::simplified(t);
    let links: Vec<&str> = t.split('|').map(str::trim).collect();
    WORDS.iter().any(|w| folded.contains(w))
        || links.len() >= 2 && links.iter().all(|l| (1..=8).contains(&l.chars().count()))
}

/// The widgets a web page puts under an article: reply forms, counters, share buttons; a
/// browser's copy puts a form's labels and button on one line (`我的稱呼  回應 / 意見  送出`).
fn is_comment_form(text: &str) -> bool {
    let parts: Vec<&str> = text
        .split("  ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 {
        return parts.iter().all(|p| is_form_widget(p));
    }
    is_form_widget(text)
}

fn is_form_widget(text: &str) -> bool {
    const WORDS: [&str; 25] = [
        "送出",
        "发表",
        "發表",
        "发送",
        "發送",
        "回應",
        "回应",
        "评论",
        "評論",
        "留言",
        "稱呼",
        "称呼",
        "意見",
        "意见",
        "提交",
        "分享",
        "点赞",
        "在看",
        "阅读原文",
        "好文共賞",
        "加入",
        "驗証",
        "驗證",
        "验证",
        "验证码",
    ];
    let t = text.trim();
    if t.contains('\t')
        || t.chars().count() > 12
        || text::ends_sentence(t)
        || !WORDS.iter().any(|w| t.contains(w))
    {
        return false;
    }
    // The widget words make up the line (我要回應, 回應 / 意見), not a phrase that uses one:
    // at most two other characters a widget, as a PDF reader may join two widgets' labels
    // into one line (我要回應我的稱呼).
    let widgets = WORDS.iter().filter(|w| t.contains(*w)).count();
    let rest = WORDS
        .iter()
        .fold(t.to_string(), |acc, w| acc.replace(w, ""));
    rest.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '/' | ':' | '：' | '|'))
        .count()
        <= 2 * widgets
}

/// Where a page number `第 N 页` glued to the end of a link starts: pdftotext's reading
/// order joins a line ending in a hyphen to the next, dropping the hyphen, even when the
/// next is the page's foot.
fn glued_page_number(raw: &str) -> Option<usize> {
    let head = raw.trim_end().strip_suffix('页')?.trim_end();
    let digits = head.trim_end_matches(|c: char| c.is_ascii_digit());
    let at = digits.trim_end().strip_suffix('第')?.len();
    let word = raw[..at].rsplit(char::is_whitespace).next()?;
    let linked = word.contains("http://") || word.contains("https://") || word.contains("www.");
    (linked
        && digits.len() < head.len()
        && head.len() - digits.len() <= 3
        && word.ends_with(|c: char| c.is_ascii_alphanumeric()))
    .then_some(at)
}

/// Standalone page numbers (`12`, `- 12 -`, `第 3 页`, `3/40`).
fn is_page_furniture(text: &str) -> bool {
    page_number(text).is_some()
}

/// The page a standalone page number names (`12`, `- 12 -`, `第 3 页`, `3/40`): at most
/// three digits, and a `/` total of digits too.
fn page_number(text: &str) -> Option<usize> {
    let t = text.trim().trim_matches(['-', '—', ' ']);
    let digits = |s: &str| {
        let s = s.trim();
        (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let number = if let Some(n) = t.strip_prefix('第').and_then(|r| r.strip_suffix('页')) {
        n
    } else if let Some((n, total)) = t.split_once('/') {
        if !digits(total) {
            return None;
        }
        n
    } else {
        t
    };
    digits(number).then(|| number.trim().parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::import::test_lines as lines;

    /// The text of every line that is neither a page break nor blank.
    fn nonblank_texts(out: &[Line]) -> Vec<&str> {
        texts_between_breaks(out)
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The text of every line that is no page break.
    fn texts_between_breaks(out: &[Line]) -> Vec<&str> {
        out.iter()
            .filter(|l| !l.page_break)
            .map(|l| l.text.as_str())
            .collect()
    }

    #[test]
    fn a_page_number_glued_to_a_cut_link_is_a_page_break() {
        // pdftotext (reading order) of LibreOffice's print of seed 003 on US Letter.
        let src =
            "7Building Resilient Supply Chains. https://www.whitehouse.gov/wp第 7 页\n键矿物和材料";
        let out = strip(lines(src), &mut Vec::new());
        assert_eq!(
            out[0].raw,
            "7Building Resilient Supply Chains. https://www.whitehouse.gov/wp"
        );
        assert!(out[1].page_break && !out[2].page_break);
        // A page of a document cited in the text stays.
        assert_eq!(glued_page_number("见报告第 7 页"), None);
    }

    #[test]
    fn a_tocs_page_numbers_printed_as_a_block_go_but_serial_numbers_stay() {
        // pdfminer's text of seed 003's first page: the entries, the page's foot, then the
        // TOC's page-number column as a box of its own.
        let src = "目 录\n\n《2021 年美国创新与竞争法案》瞄准对华科技竞争\n\n战略规划\n\n日本发布半导体和数字产业发展战略\n\n- 1 -\n\n1\n\n4\n\n7\n\n9\n\n9\n\n13\n\n序号\n\n1\n\n2\n\n3";
        let out = strip(lines(src), &mut Vec::new());
        let texts = nonblank_texts(&out);
        assert_eq!(
            texts,
            vec![
                "目 录",
                "《2021 年美国创新与竞争法案》瞄准对华科技竞争",
                "战略规划",
                "日本发布半导体和数字产业发展战略",
                "序号"
            ]
        );
        // The serial numbers count up by one: they are left to the rules for bare numbers
        // (each a page break here, with `- 1 -`).
        assert_eq!(out.iter().filter(|l| l.page_break).count(), 4);
    }

    #[test]
    fn a_first_line_that_cuts_sentences_is_a_page_turn_when_no_breaks_are_kept() {
        // pypdf's text of seed 004 from LibreOffice: the issue title heads every page,
        // with no page number beside it or near it. Where it cuts a sentence, the page
        // turned; `评估` repeats after long lines too, but it is no first line.
        let src = "栏目总览\n目录\n质量要闻\n系。\n栏目总览\n二、重点任务\n评估\n市场监管总局党组成员、副局长，国家标准委主任田世宏主持活动。中央网信办副主任赵\n泽良、科技部副部长相里斌、北京市人民政府副市长王红、国家机关事务管理局副局长王\n栏目总览\n永红、工业和信息化部总经济师许科敏、国家林业和草原局总工程师闫振出席活动并讲话。\n评估\n在投诉地区方面，山东、河北、天津在内的华北沿海地区投诉相对较多，说明上述地区的\n栏目总览\n汽车腐蚀特征环境工况较恶劣；\n在投诉地区方面，山东、河北、天津在内的华北沿海地区投诉相对较多，说明上述地区的\n评估\n汽车腐蚀特征环境工况较恶劣；";
        let out = strip(lines(src), &mut Vec::new());
        let texts = texts_between_breaks(&out);
        assert_eq!(texts.iter().filter(|t| **t == "栏目总览").count(), 1);
        assert_eq!(texts.iter().filter(|t| **t == "评估").count(), 3);
        let turns: Vec<usize> = out.iter().filter(|l| l.page_break).map(|l| l.no).collect();
        assert_eq!(turns, vec![5, 10, 14]);
        // With the page breaks a converter kept (form feeds), only those tell.
        let fed = src.replacen("系。\n", "系。\n\u{c}", 1);
        let out = strip(lines(&fed), &mut Vec::new());
        assert_eq!(
            texts_between_breaks(&out)
                .iter()
                .filter(|t| t.ends_with("栏目总览"))
                .count(),
            4
        );
    }

    #[test]
    fn running_heads_a_space_from_their_page_number_go_when_the_cover_prints_them() {
        // pypdf's text of seed 000 set with the page number beside the running head: one
        // space, no page breaks. Seed lines; the captions `图 N` and the annexes
        // `附件 N` rise too, but neither is the cover's line.
        let src = "栏目总览 1\n栏目总览\n目录\n质量要闻\n感使命感；要加强对构建新发展格局科学内涵的理解，\n栏目总览 2\n发展格局面临的新挑战，\n图 1\n附件 1\n栏目总览 3\n来源：http://www.cqn.com.cn/zj/content/2021-04/09/content_8681634.htm\n图 2\n附件 2\n栏目总览 4\n形成新能源汽车充换电模式互补的良性发展\n图 3\n附件 3";
        let out = strip(lines(src), &mut Vec::new());
        let texts = texts_between_breaks(&out);
        // As with a wider gap, the cover's own copy goes with the heads.
        assert!(!texts.iter().any(|t| t.starts_with("栏目总览")));
        assert_eq!(texts.iter().filter(|t| t.starts_with("图 ")).count(), 3);
        assert_eq!(texts.iter().filter(|t| t.starts_with("附件 ")).count(), 3);
        let numbered_breaks = |out: &[Line]| {
            out.iter()
                .filter(|l| l.page_break && l.raw.starts_with("栏目总览 "))
                .count()
        };
        assert_eq!(numbered_breaks(&out), 4);
        // Numbers that do not rise are no page numbers.
        let src = src
            .replace("栏目总览 3", "栏目总览 x")
            .replace("栏目总览 2", "栏目总览 3")
            .replace("栏目总览 x", "栏目总览 2");
        let out = strip(lines(&src), &mut Vec::new());
        assert_eq!(numbered_breaks(&out), 0);
    }

    #[test]
    fn a_running_head_the_cover_prints_twice_goes_from_the_pages_after_it() {
        // pdfminer's text of seed 000 (LibreOffice PDF): the cover prints the head twice,
        // and on a table's page the head comes three boxes after the page's form feed.
        let src = "栏目总览\n\n栏目总览\n\n目录\n\n一、质量要闻\n\n国家\n\n\u{c}栏目总览\n\n持续深化标准化管理创新方面,《要点》明确了推动标准化与科技创新互动发展\n\n\u{c}（图片来源：国家发展和改革委员会）\n\n栏目总览\n\n汽车再制造零部件是指把旧汽车零部件通过拆解、清洗、检测分类、再制造加工\n\n\u{c}烟、酒和饮料类 4522\n\n医药及医疗用品类 2655\n\n农用生产资料类 659\n\n栏目总览\n\n1.67\n\n\u{c}部凭证，开办企业仅需一个环节、一天时间，不需要任何费用。\n\n栏目总览\n\n我们的主要做法：";
        let out = strip(lines(src), &mut Vec::new());
        let heads = |out: &[Line]| {
            texts_between_breaks(out)
                .iter()
                .filter(|t| t.contains("栏目总览"))
                .count()
        };
        assert_eq!(heads(&out), 2);
        // Printed away from the page breaks more often than not, the line is the text's.
        let src = src.replace("\u{c}", "");
        assert_eq!(heads(&strip(lines(&src), &mut Vec::new())), 6);
    }

    #[test]
    fn running_heads_with_their_page_number_on_the_line_go() {
        // `pdftotext -layout` of seed 004 with the issue title and the page number at the
        // top of each page, on one line.
        let src = "栏目总览                                          1\n\n栏目总览\n\n目录\n一、质量要闻\n正文第一页。\n\n栏目总览                                         2\n\n正文第二页。\n\n栏目总览                       3\n\n正文第三页。\n\n栏目总览 第 4 页\n正文第四页。";
        let out = strip(lines(src), &mut Vec::new());
        assert_eq!(
            nonblank_texts(&out),
            vec![
                "目录",
                "一、质量要闻",
                "正文第一页。",
                "正文第二页。",
                "正文第三页。",
                "正文第四页。"
            ]
        );
        assert_eq!(without_page_number("栏目总览 第 4 页"), Some("栏目总览"));
        assert_eq!(
            without_page_number("3/28   科技政策与咨询快报"),
            Some("科技政策与咨询快报")
        );
        assert_eq!(without_page_number("合计 12"), Some("合计"));
        assert_eq!(without_page_number("2021 年"), None);
    }

    #[test]
    fn the_first_pages_numbered_head_that_names_the_issue_stays_without_its_number() {
        // Seed 003 set with the issue as the running head beside the page number
        // (`pdftotext -layout`): on the first page it is the only line naming the issue.
        let mut src = String::from("科技政策与咨询快报 2021年 总第086期 第08期                1\n\n科技政策与咨询快报\n国家高端智库\n目录\n");
        for n in 2..5 {
            src.push_str(&format!(
                "\u{c}科技政策与咨询快报 2021年 总第086期 第08期          {n}\n第{n}页的正文。\n"
            ));
        }
        let out = strip(lines(&src), &mut Vec::new());
        let texts = nonblank_texts(&out);
        assert_eq!(
            texts,
            [
                "科技政策与咨询快报 2021年 总第086期 第08期",
                "科技政策与咨询快报",
                "国家高端智库",
                "目录",
                "第2页的正文。",
                "第3页的正文。",
                "第4页的正文。"
            ]
        );
    }

    #[test]
    fn a_running_head_the_first_page_prints_twice_stays_twice() {
        // Seed 001 printed from a browser with the article's title as the running head:
        // the first page prints it at the top and again as the title under the site's
        // lines; both are the page's own.
        let mut src = String::from("理解美国产业政策(万字长文)\n回應 : 0\n好文共賞\n理解美国产业政策(万字长文)\n创新联合体\n写在前面:美国产业政策作为全球经济治理体系中的核心研究议题。\n");
        for n in 1..7 {
            src.push_str(&format!(
                "- {n} -\n理解美国产业政策(万字长文)\n第{n}页的正文。\n"
            ));
        }
        let out = strip(lines(&src), &mut Vec::new());
        let titles = out
            .iter()
            .filter(|l| !l.page_break && l.text == "理解美国产业政策(万字长文)")
            .count();
        assert_eq!(titles, 2);
    }

    #[test]
    fn a_page_numbered_at_its_top_keeps_its_title_under_the_same_running_head() {
        // pypdf's text of seed 001 printed from a browser (alt-a): each page opens with the
        // title as its head and its number below; the first prints the title again.
        let mut src = String::from("理解美国产业政策(万字长文)\n第 1 页\n加入怡居\n回應 : 0\n好文共賞\n理解美国产业政策(万字长文)\n创新联合体\n2025年2月28日\n写在前面:美国产业政策作为全球经济治理体系中的核心研究议题。\n");
        for n in 2..7 {
            src.push_str(&format!(
                "理解美国产业政策(万字长文)\n第 {n} 页\n第{n}页的正文。\n"
            ));
        }
        let out = strip(lines(&src), &mut Vec::new());
        let titles: Vec<usize> = out
            .iter()
            .filter(|l| !l.page_break && l.text == "理解美国产业政策(万字长文)")
            .map(|l| l.no)
            .collect();
        assert_eq!(titles, [1, 6]);
    }

    #[test]
    fn running_headers_go_but_the_first_stays() {
        let src = "科技政策与咨询快报\n正文一。\n科技政策与咨询快报\n正文二。\n科技政策与咨询快报\n正文三。";
        let mut diags = Vec::new();
        let out = strip(lines(src), &mut diags);
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["科技政策与咨询快报", "正文一。", "正文二。", "正文三。"]
        );
    }

    #[test]
    fn running_heads_and_page_numbers_at_page_breaks_go() {
        let mut src = String::from("栏目总览\n正文第一页。\n");
        for n in 1..=4 {
            src.push_str(&format!("- {n} -\n\u{c}栏目总览\n第{n}页的正文。\n"));
        }
        let out = strip(lines(&src), &mut Vec::new());
        let texts = texts_between_breaks(&out);
        assert_eq!(texts[0], "栏目总览");
        assert_eq!(
            texts.iter().filter(|t| **t == "栏目总览").count(),
            1,
            "{texts:?}"
        );
        assert_eq!(out.iter().filter(|l| l.page_break).count(), 8);
    }

    #[test]
    fn running_heads_padded_differently_on_each_page_go() {
        // `pdftotext -layout` (seed 003 printed by Chromium) pads the series name and the
        // issue apart by each page's line width: no two pages need print it alike.
        let mut src = String::from("正文第一页。\n");
        for n in 1..=4 {
            let pad = " ".repeat(4 + 3 * n);
            src.push_str(&format!(
                "- {n} -\n\u{c}      科技政策与咨询快报{pad}2021年第08期\n第{n}页的正文。\n"
            ));
        }
        let out = strip(lines(&src), &mut Vec::new());
        let texts = texts_between_breaks(&out);
        assert!(texts.iter().all(|t| !t.contains("快报")), "{texts:?}");
        assert_eq!(texts.len(), 5, "{texts:?}");
    }

    #[test]
    fn phone_lists_and_forms_go() {
        let mut diags = Vec::new();
        let out = strip(
            lines("尖沙咀總行 : 2569 2192\n正文。\n我要回應\n我的稱呼\n回應 / 意見"),
            &mut diags,
        );
        assert_eq!(out.iter().filter(|l| !l.is_blank()).count(), 1);
        assert_eq!(diags.len(), 2);
        assert!(is_page_furniture("- 12 -"));
        // A screenshot's metadata table (seed 004) is content, not a phone list.
        let kept = strip(
            lines("索 引 号 :\t2021-1634262498957\n主题分类 :\t意见"),
            &mut Vec::new(),
        );
        assert_eq!(kept.len(), 2);
        assert!(!is_counter("主题分类 : 意见") && is_counter("回應 : 0"));
        assert!(!is_page_furniture("2021"));
        // Two widgets' labels a PDF reader joined into one line (seed 001 printed by
        // LibreOffice on US Letter) are still a form; a sentence that names them is not.
        assert!(is_comment_form("我要回應我的稱呼"));
        // pandoc's Markdown of the saved page keeps the footer's links, and its heading.
        let page = "正文最后一句。\n\n### 我要回應\n\n我的稱呼 回應 / 意見\n\n送出\n\n\
                    © 怡居 版權所有\n\n[私隱政策](/privacy/) | [使用條款](/terms/)";
        let mut diags = Vec::new();
        let kept = strip(lines(page), &mut diags);
        let texts: Vec<&str> = kept
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(texts, ["正文最后一句。"]);
        assert!(!is_comment_form("欢迎读者发表评论。"));
        assert!(!is_comment_form("发布征求意见稿"));
    }

    #[test]
    fn a_browsers_print_header_and_footer_go_and_the_form_before_the_last_foot() {
        // Seed 001 printed by Chromium with its default header and footer, as pdftotext
        // reads it: the date and title above each page, the page's address (longer than
        // any running head) and `N/M` below it; the comment form ends the last page.
        let address = "file:///tmp/pdf-setups-ny39_jf9/001.hf.html";
        let mut src = String::from(
            "理解美国产业政策(万字长文)\n写在前面:美国产业政策作为全球经济治理体系中的核心研究议题。\n",
        );
        let page_feed = '\u{c}';
        for n in 1..=3 {
            src.push_str(&format!(
                "{address}\n\n{n}/4\n{page_feed}12/7/26, 11:35 AM\n\n理解美国产业政策(万字长文)\n\n前四个时期的产业政策努力包括冷战时期、与日本的竞争力挑战、始于2000年代的能源技术倡议以\n"
            ));
        }
        src.push_str(&format!(
            "场。\n我要回應\n我的稱呼\n回應 / 意見\n驗証文字\n\n{address}\n\n4/4\n"
        ));
        let out = strip(lines(&src), &mut Vec::new());
        let texts = nonblank_texts(&out);
        assert!(texts.iter().all(|t| !t.contains("file://")), "{texts:?}");
        assert!(texts.iter().all(|t| !t.contains("回應")), "{texts:?}");
        assert_eq!(texts.last(), Some(&"场。"));
        assert_eq!(texts[0], "理解美国产业政策(万字长文)");
        // An address in the text, or printed once, is no page's foot.
        assert!(is_bare_address(address) && !is_bare_address("见 https://www.gov.cn/"));
        let once = strip(
            lines(&format!("正文。\n{address}\n正文。")),
            &mut Vec::new(),
        );
        assert_eq!(nonblank_texts(&once).len(), 3);
    }

    #[test]
    fn a_table_header_above_its_first_row_is_no_running_head() {
        // Seed 003 through LibreOffice's txt export (no pages): each recommendations
        // table prints its header `序号` / `建 议` above the serial number `1`.
        let mut src = String::from("美国拜登政府发布关键供应链短期审查结果报告\n");
        for k in 2..=5 {
            src.push_str(&format!(
                "表 {k} 建设弹性的供应链的政策建议\n序号\n建 议\n1\n与业界合作促进投资、提高透明度、加强协作。\n2\n增加投资，建设人才输送渠道。\n"
            ));
        }
        let out = strip(lines(&src), &mut Vec::new());
        let texts = texts_between_breaks(&out);
        assert_eq!(
            texts.iter().filter(|t| **t == "序号").count(),
            4,
            "{texts:?}"
        );
        // Next to page numbers that rise, the same line is a running head.
        let paged: String = (1..=4)
            .map(|n| format!("科技快报\n第{n}页的正文，一段话。\n{n}\n"))
            .collect();
        let out = strip(lines(&paged), &mut Vec::new());
        let texts = texts_between_breaks(&out);
        assert!(
            texts.iter().filter(|t| **t == "科技快报").count() <= 1,
            "{texts:?}"
        );
    }
}
