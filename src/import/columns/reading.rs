//! The reading-order readers: tables `pdftotext` printed without `-layout`, a cell or a
//! wrapped piece of one a line, or a row's cells on one line a space apart, and tables a
//! plain-text export wrote a whole cell a line. No positions are left, so they are read
//! only where the rows show: numbers with a period, serial numbers `1`, `2`…, short
//! labels alternating with the text beside them or centred among its lines, or the same
//! order of cell widths in every row.

use super::{display_width, is_caption, Rows};
use crate::import::Line;
use crate::text;

/// A number as a table cell holds it: `90248`, `125,326`, `33.29`, `-4.2%`.
pub(super) fn is_number(t: &str) -> bool {
    let t = t.trim();
    let t = t.strip_suffix(['%', '％']).unwrap_or(t);
    let t = t.strip_prefix(['-', '+', '−']).unwrap_or(t);
    t.starts_with(|c: char| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A table a converter printed in reading order, one cell per line (`pdftotext` without
/// `-layout`), from line `from` on: a run of short lines after the caption. Its first `k`
/// lines are the header (no number among them) when the lines after it fall into groups
/// of `k` with numbers in the same columns, and a label, not a number, first: rows of
/// `k` cells. Text cells that wrap cannot be told from the next cell, so only tables whose
/// numbers show the period are read; the smallest `k` that fits two rows or more wins.
pub(super) fn cells_one_per_line(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
    let mut cells: Vec<(usize, Line)> = Vec::new(); // (index, line)
    for (k, l) in lines.iter().enumerate().skip(from).take(400) {
        // A number alone on a line, which the furniture pass took for a page number,
        // may be a cell: the period of the numbers decides.
        let bare = l.raw.trim();
        if l.page_break && !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
            cells.push((k, Line::new(l.no, bare)));
            continue;
        }
        if l.page_break || l.is_blank() {
            continue;
        }
        let short = display_width(&l.text) <= 24;
        if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') || !short {
            break;
        }
        cells.push((k, l.clone()));
    }
    let numeric: Vec<bool> = cells.iter().map(|(_, l)| is_number(&l.text)).collect();
    let (k, rows) = (2..=8).find_map(|k| {
        if cells.len() < 3 * k || numeric[..k].iter().any(|&n| n) {
            return None;
        }
        let mask = &numeric[k..2 * k];
        if mask[0] || !mask.iter().any(|&n| n) {
            return None;
        }
        let rows = numeric[k..]
            .chunks_exact(k)
            .take_while(|g| *g == mask)
            .count();
        (rows >= 2).then_some((k, rows))
    })?;
    let used = &cells[..k * (rows + 1)];
    let out = used
        .chunks_exact(k)
        .map(|row| {
            let text: Vec<&str> = row.iter().map(|(_, l)| l.text.as_str()).collect();
            Line::new(row[0].1.no, &text.join("\t"))
        })
        .collect();
    Some((out, used.last()?.0 + 1))
}

/// The pieces of a reading-order line: a label and the numbers after it
/// (`售后服务 90248`), each number its own piece.
pub(super) fn number_pieces(t: &str) -> Vec<String> {
    let mut rest = t.trim();
    let mut tail = Vec::new();
    while let Some((head, last)) = rest.rsplit_once(' ') {
        if !is_number(last) || head.trim().is_empty() {
            break;
        }
        tail.push(last.to_string());
        rest = head.trim_end();
    }
    let mut out = vec![rest.to_string()];
    out.extend(tail.into_iter().rev());
    out
}

/// A header cut into `k` cells: pieces as printed, a piece that holds two cells cut after
/// a unit in brackets (`2021 年一季度 (件) 投诉比重 (%)`: a column's unit closes its cell),
/// and, when one cell is still missing, the first word off the first.
pub(super) fn header_cells(pieces: &[String], k: usize) -> Option<Vec<String>> {
    let mut cells: Vec<String> = Vec::new();
    for p in pieces {
        let mut rest = p.as_str();
        while let Some(at) = rest.find([')', '）']).filter(|&at| {
            let after = &rest[at + rest[at..].chars().next().map_or(1, char::len_utf8)..];
            after.starts_with(' ') && !after.trim().is_empty()
        }) {
            let end = at + rest[at..].chars().next().map_or(1, char::len_utf8);
            cells.push(rest[..end].trim().to_string());
            rest = rest[end..].trim_start();
        }
        cells.push(rest.trim().to_string());
    }
    // The whole header on one line (`项目 2021 年一季 度(件) 投诉比重 (%)`): the labels'
    // column is named by its first word.
    if cells.len() + 1 == k {
        let (a, b) = cells.first()?.split_once(' ')?;
        let (a, b) = (a.to_string(), b.trim().to_string());
        cells.splice(0..1, [a, b]);
    }
    (cells.len() == k).then_some(cells)
}

/// A table of labels and numbers a converter printed in reading order with some cells
/// sharing a line (LibreOffice's print through `pdftotext`: `售后服务 90248`, then `33.29`
/// alone): each line's trailing numbers are split off, and the rows are a label and the
/// same count of numbers after it, which gives the column count. A column's numbers have
/// one form (with a decimal point or without): a row printed out of order (a vertically
/// centred cell) is put back by that form.
pub(super) fn labels_and_numbers(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
    let mut pieces: Vec<(usize, String)> = Vec::new(); // (index of the line, piece)
    for (k, l) in lines.iter().enumerate().skip(from).take(400) {
        let bare = l.raw.trim();
        if l.page_break && !bare.is_empty() && is_number(bare) {
            pieces.push((k, bare.to_string()));
            continue;
        }
        if l.page_break || l.is_blank() {
            continue;
        }
        if l.md_level.is_some()
            || is_caption(l)
            || l.raw.contains('\t')
            || l.text.chars().count() > 40
        {
            break;
        }
        pieces.extend(number_pieces(&l.text).into_iter().map(|p| (k, p)));
    }
    let numeric: Vec<bool> = pieces.iter().map(|(_, p)| is_number(p)).collect();
    let first = numeric.iter().position(|&n| n)?;
    let m = numeric[first..].iter().take_while(|&&n| n).count();
    if first < 2 {
        return None;
    }
    let header = header_cells(
        &pieces[..first - 1]
            .iter()
            .map(|(_, p)| p.clone())
            .collect::<Vec<_>>(),
        m + 1,
    )?;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut i = first - 1;
    let mut used = 0;
    while i + m < pieces.len() && !numeric[i] && numeric[i + 1..=i + m].iter().all(|&n| n) {
        let row: Vec<String> = pieces[i..=i + m].iter().map(|(_, p)| p.clone()).collect();
        rows.push((lines[pieces[i].0].no, row));
        used = pieces[i + m].0 + 1;
        i += m + 1;
        if numeric.get(i) == Some(&true) {
            return None; // more numbers than the rows before had: another layout
        }
    }
    if rows.len() < 2 {
        return None;
    }
    // Each column's form, as most rows print it; a row that fits only reordered is.
    let dotted = |t: &str| t.contains('.');
    let form: Vec<bool> = (1..=m)
        .map(|c| 2 * rows.iter().filter(|(_, r)| dotted(&r[c])).count() > rows.len())
        .collect();
    for (_, r) in &mut rows {
        let fits = |r: &[String]| r[1..].iter().zip(&form).all(|(x, &f)| dotted(x) == f);
        if !fits(r) {
            let mut nums: Vec<String> = r[1..].to_vec();
            nums.sort_by_key(|x| form.iter().position(|&f| f == dotted(x)));
            let mut candidate = vec![r[0].clone()];
            candidate.extend(nums);
            if fits(&candidate) {
                *r = candidate;
            }
        }
    }
    let mut out = vec![Line::new(lines[pieces[0].0].no, &header.join("\t"))];
    out.extend(rows.into_iter().map(|(no, r)| Line::new(no, &r.join("\t"))));
    Some((out, used))
}

/// The header of a numbered table (`序号` and one more column) from the pieces printed
/// before its first row: one line with the cells a space apart (`序号 建 议`), a piece a
/// cell, the first cell wrapped around the second (`序` / `建议` / `号`: reading order
/// puts the second cell's line between the two of the first), or below it (`序 建议` /
/// `号`).
fn numbered_header(pieces: &[&str]) -> Option<[String; 2]> {
    let short = |t: &str| t.chars().count() <= 4;
    match pieces {
        [one] => {
            let (a, b) = one.split_once(char::is_whitespace)?;
            short(a).then(|| [a.to_string(), b.trim().to_string()])
        }
        // The cells a space apart, the first wrapped below (`序 建议` / `号`).
        [one, c] if one.contains(' ') && short(c) => {
            let (a, b) = one.split_once(' ')?;
            let first = format!("{a}{c}");
            short(&first).then(|| [first, b.trim().to_string()])
        }
        // The first cell wrapped, its last line beside the second (`序` / `号 建议`).
        [a, b] if short(a) && b.contains(' ') => {
            let (rest, cell) = b.split_once(' ')?;
            let first = format!("{a}{rest}");
            short(&first).then(|| [first, cell.trim().to_string()])
        }
        [a, b] if short(a) => Some([a.to_string(), b.to_string()]),
        // Three pieces: the first cell's two (its column is the narrowest, so they are the
        // shortest, `序` / `号`) in order, the second cell the one left (`建议`), wherever
        // reading order put it.
        [a, b, c] => {
            let len = |t: &str| t.chars().count();
            let (first, second) = if len(b) < len(a) && len(c) <= len(a) {
                (format!("{b}{c}"), a)
            } else if len(b) <= len(c) {
                (format!("{a}{b}"), c)
            } else {
                (format!("{a}{c}"), b)
            };
            short(&first).then(|| [first, second.to_string()])
        }
        _ => None,
    }
}

/// A numbered table a converter printed in reading order (`pdftotext` without
/// `-layout`), from line `from` on: a short header, then `1`, `2`, `3`… each alone on its
/// line or before its row's text (`2 应急能力…`), the text wrapped over as many lines as
/// it takes. The serial numbers are the rows' evidence, so the text cell may be as long
/// as it likes: it runs to the next number, blank lines or not, and the last one while
/// its lines fill the column (as wide as the table's widest, less two characters).
pub(super) fn numbered_rows(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
    // What a line prints: the furniture pass keeps a removed line's text in `raw`.
    let printed = |l: &Line| l.raw.trim().to_string();
    // The serial number `n` alone on its line, or before its row's text (`2 应急能力…`):
    // the text after it, if any.
    let serial = |l: &Line, n: usize| -> Option<String> {
        let t = printed(l);
        let rest = t.strip_prefix(&n.to_string())?;
        match rest.strip_prefix(' ') {
            _ if rest.is_empty() => Some(String::new()),
            Some(text) if !l.page_break && !text.starts_with(|c: char| c.is_ascii_digit()) => {
                Some(text.trim().to_string())
            }
            _ => None,
        }
    };
    let is_serial = |l: &Line, n: usize| serial(l, n).is_some();
    let mut k = from;
    let mut pieces: Vec<String> = Vec::new();
    // Row 1's first lines, printed before its number when the number is centred among
    // them (`促进本地生产…③` / `1 解决新技术…` / `以识别和降低风险`).
    let mut lead: Vec<String> = Vec::new();
    let header_of = |pieces: &[String]| {
        let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
        numbered_header(&refs)
    };
    while k < lines.len() && !is_serial(&lines[k], 1) {
        let l = &lines[k];
        let t = printed(l);
        k += 1;
        // A page's number (`8`, `- 12 -`) or running head is no header cell: a page may
        // break between the caption and the rows. A short line the furniture pass took
        // for a page's (a header cell repeated on every table) may be.
        let furniture = t.chars().count() > 12 || t.contains(|c: char| c.is_ascii_digit());
        if t.is_empty() || l.page_break && furniture {
            continue;
        }
        if l.md_level.is_some() || is_caption(l) {
            return None;
        }
        // Short pieces are the header's; a long line after a whole header is row 1's
        // text (a short line after it is no serial number: no such table).
        let short = t.chars().count() <= 12;
        if short && lead.is_empty() && pieces.len() <= 3 {
            pieces.push(t);
        } else if !short && lead.len() < 3 && header_of(&pieces).is_some() {
            lead.push(t);
        } else {
            return None;
        }
    }
    let header = header_of(&pieces)?;
    let mut rows: Vec<(usize, [String; 2])> = vec![(lines.get(k)?.no, header)];
    let mut n = 1;
    let mut used = k;
    let mut widest = 0;
    let mut carried: Option<String> = None;
    while let Some(first) = lines.get(k).and_then(|l| serial(l, n)) {
        // A number alone between two lines of text is centred in its row (LibreOffice's
        // print through `pdftotext -layout`): the text before it is its row's too, which
        // this reader cannot tell from the row above.
        let text_at = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_some_and(|l| !l.is_blank() && !l.page_break)
        };
        if first.is_empty() && text_at(k.checked_sub(1)) && text_at(Some(k + 1)) && lead.is_empty()
        {
            return None;
        }
        let no = lines[k].no;
        let first_width = display_width(&first) + carried.as_deref().map_or(0, display_width);
        let mut cell = String::new();
        for t in lead.drain(..).chain([first]).chain(carried.take()) {
            widest = widest.max(display_width(&t));
            text::join_broken_into(&mut cell, &t);
        }
        let mut last_fills = first_width > 0 && first_width + 4 >= widest;
        k += 1;
        let mut gap = false; // a blank line since the cell's last text
        let mut page = false; // a page's furniture in that gap
        while k < lines.len() && !is_serial(&lines[k], n + 1) {
            let l = &lines[k];
            // Text goes on in this cell when the next row follows its block of lines.
            // Not past the next table's caption or a heading: its numbers are its own.
            let next_row_after = || {
                let ends = |l: &Line| l.md_level.is_some() || is_caption(l);
                let mut rest = lines[k..].iter().take_while(|l| !ends(l)).peekable();
                while let Some(l) = rest.next_if(|l| !l.is_blank()) {
                    if is_serial(l, n + 1) {
                        return true;
                    }
                }
                rest.find(|l| !l.is_blank() && (!l.page_break || is_serial(l, n + 1)))
                    .is_some_and(|l| is_serial(l, n + 1))
            };
            if l.page_break {
                page = true;
            } else if l.is_blank() {
                gap = true;
            } else if page && pieces.iter().any(|p| *p == printed(l)) {
                // The header printed again at the top of the next page.
            } else if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
                break;
            } else if !cell.is_empty()
                && !last_fills
                && l.text
                    .trim_start()
                    .starts_with(['、', '，', '。', '；', '：', '）'])
                && lines.get(k + 1).is_some_and(|m| is_serial(m, n + 1))
            {
                // A piece of the next row's first line that reading order put before
                // its number (`、其他关键材料…` / `2 应急能力…（API）`): it goes after it.
                carried = Some(l.text.trim().to_string());
            } else if cell.is_empty() || next_row_after() || ((!gap || page) && last_fills) {
                text::join_broken_into(&mut cell, &l.text);
                widest = widest.max(display_width(&l.text));
                last_fills = display_width(&l.text) + 4 >= widest;
                (gap, page) = (false, false);
            } else {
                break;
            }
            k += 1;
        }
        if cell.is_empty() {
            break;
        }
        rows.push((no, [n.to_string(), cell]));
        used = k;
        n += 1;
    }
    two_columns(rows, used)
}

/// A header and two rows or more, as tab-separated lines, with the index after them.
fn two_columns(rows: Vec<(usize, [String; 2])>, used: usize) -> Option<Rows> {
    if rows.len() < 3 {
        return None;
    }
    let out = rows
        .into_iter()
        .map(|(no, cells)| Line::new(no, &cells.join("\t")))
        .collect();
    Some((out, used))
}

/// The blocks of lines from `from` on that blank lines separate, up to a heading, a
/// caption or tabs: (index of the first line, its lines, a page's furniture before it).
fn blocks(lines: &[Line], from: usize) -> Vec<(usize, Vec<&str>, bool)> {
    let mut out: Vec<(usize, Vec<&str>, bool)> = Vec::new();
    let mut open = false;
    let mut page = false;
    for (k, l) in lines.iter().enumerate().skip(from).take(400) {
        if l.page_break {
            (open, page) = (false, true);
        } else if l.is_blank() {
            open = false;
        } else if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
            break;
        } else if open {
            if let Some(b) = out.last_mut() {
                b.1.push(&l.text);
            }
        } else {
            out.push((k, vec![&l.text], page));
            (open, page) = (true, false);
        }
    }
    out
}

/// A two-column table a converter printed in reading order with a blank line after each
/// cell (`pdftotext` of LibreOffice's print): short labels, each wrapped in its narrow
/// column, alternate with the longer text beside them. After the caption come the two
/// header cells and the first label (three short blocks), then a text block: a block
/// whose first line is wide. The table ends where a label is due and a wide line comes
/// (the paragraph after it); a label that turns wide on a later line, or a text that is
/// short, is another layout, and nothing is read. A label cut after `、` goes on in the
/// next row (a page or a footnote split the row); a text a page cut goes on after it.
pub(super) fn labelled_rows(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
    const LABEL: usize = 8;
    let chars = |t: &str| t.chars().count();
    let short = |b: &[&str]| b.iter().all(|t| chars(t) <= LABEL);
    let joined = |b: &[&str]| {
        let mut s = String::new();
        for t in b {
            text::join_broken_into(&mut s, t);
        }
        s
    };
    let bs = blocks(lines, from);
    if bs.len() < 6 || !bs[..3].iter().all(|b| short(&b.1)) || chars(bs[3].1[0]) <= 2 * LABEL {
        return None;
    }
    // The widest line of text: a line within two characters of it fills the column.
    let display = display_width;
    let widest = bs
        .iter()
        .filter(|b| chars(b.1[0]) > 2 * LABEL)
        .flat_map(|b| b.1.iter().map(|t| display(t)))
        .max()
        .unwrap_or(0);
    // A label and its text printed a line each, the text filling its column: the row's
    // next lines may come the same way.
    let line_by_line = |label: &[&str], body: &[&str]| {
        label.len() == 1 && body.len() == 1 && display(body[0]) + 4 >= widest
    };
    let mut rows: Vec<(usize, [String; 2])> =
        vec![(lines[bs[0].0].no, [joined(&bs[0].1), joined(&bs[1].1)])];
    let mut used = bs[1].0 + bs[1].1.len();
    let mut i = 2;
    let mut text_full = false;
    while i + 1 < bs.len() {
        let (at, label, page) = (&bs[i].0, &bs[i].1, bs[i].2);
        if chars(label[0]) > LABEL {
            let n = rows.len();
            match rows.last_mut().map(|r| &mut r.1[1]) {
                // A text cell a page cut in two goes on.
                Some(cell) if page && n > 1 && !cell.ends_with(['。', '！', '？']) => {
                    text::join_broken_into(cell, &joined(label));
                    used = at + label.len();
                    i += 1;
                    continue;
                }
                _ => break,
            }
        }
        let body = &bs[i + 1].1;
        let n = rows.len();
        match rows.last_mut() {
            // The row before came as a line of label and a line of text that fills its
            // column: the text goes on in the block after this one, and this block goes
            // on with its label (Chromium's print through pdftotext: a row's lines in
            // turn, label and text).
            Some((_, prev)) if n > 1 && text_full && short(label) => {
                text::join_broken_into(&mut prev[0], &joined(label));
                text::join_broken_into(&mut prev[1], &joined(body));
                text_full = line_by_line(label, body);
                used = bs[i + 1].0 + body.len();
                i += 2;
                continue;
            }
            // A label's last line printed after the text beside it (its row's text is one
            // line, the label two): a short block before the next label goes on with it.
            Some((_, prev)) if n > 1 && short(label) && short(body) && label.len() == 1 => {
                text::join_broken_into(&mut prev[0], &joined(label));
                used = at + label.len();
                i += 1;
                continue;
            }
            _ => {}
        }
        if !short(label) || chars(body[0]) <= 2 * LABEL {
            return None;
        }
        let cells = [joined(label), joined(body)];
        text_full = line_by_line(label, body);
        let n = rows.len();
        match rows.last_mut() {
            Some((_, prev)) if n > 1 && prev[0].ends_with(['、', '，']) => {
                text::join_broken_into(&mut prev[0], &cells[0]);
                text::join_broken_into(&mut prev[1], &cells[1]);
            }
            _ => rows.push((lines[*at].no, cells)),
        }
        used = bs[i + 1].0 + body.len();
        i += 2;
    }
    two_columns(rows, used)
}

/// A piece of a table printed in reading order without blank lines: its line's index, its
/// text, and whether it is a number alone that the furniture pass took for a page number.
fn content_lines(lines: &[Line], from: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (k, l) in lines.iter().enumerate().skip(from).take(400) {
        let bare = l.raw.trim();
        if l.page_break {
            if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
                out.push((k, bare.to_string()));
            }
            continue;
        }
        if l.is_blank() || is_missed_footer(lines, k) {
            continue;
        }
        if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
            break;
        }
        out.push((k, l.text.trim().to_string()));
    }
    out
}

/// A page's footer the furniture pass left (a browser prints the page's address at its
/// foot, `file:///…/003.html`, then `10/29`): a link alone on its line with the page's
/// other furniture right after it (blank lines between). No cell of a table.
fn is_missed_footer(lines: &[Line], k: usize) -> bool {
    let t = lines[k].text.trim();
    let link = ["file://", "http://", "https://"]
        .iter()
        .any(|s| t.starts_with(s))
        && !t.contains(char::is_whitespace);
    link && lines[k + 1..]
        .iter()
        .find(|l| !l.is_blank())
        .is_some_and(|l| l.page_break)
}

/// A row of a table whose narrow first cells are centred beside the text.
struct CentredRow {
    /// The line number of its first text line.
    no: usize,
    /// How many of its label's lines came before its first text line.
    lead: usize,
    /// Whether its label starts beside its first text line.
    beside: bool,
    labels: Vec<String>,
    text: String,
    /// The index of the line after its last piece.
    end: usize,
}

/// A two-column table a converter printed in reading order without blank lines
/// (LibreOffice's print through `pdftotext` on a narrow page): each row's narrow first
/// cell, a short label or a serial number, is centred beside its text, so its lines fall
/// among the text's lines (before, between or after them) or share one (`2 应急…`). The
/// header names the two columns (`供应链环节 评估`, `序号 建 议`, or `序号`, the numbers,
/// then `建 议`). A text cell goes on while its line fills the column (as wide as the
/// widest line printed just before a label, less two characters); the next text line
/// starts a row. Serial numbers must run 1, 2, 3… one a row; labels (short, no `，`, `；`,
/// `。`) go to the row whose text they fall in, and those between two rows are shared as
/// centring shares them: the row above takes back as many as it had before its text. The
/// table ends at a row without a label (the paragraph after it) or a line wider than the
/// column.
pub(super) fn centred_labels(lines: &[Line], from: usize) -> Option<Rows> {
    const LABEL: usize = 8;
    let chars = |t: &str| t.chars().count();
    let label_within = |t: &str, most: usize| {
        !t.is_empty()
            && chars(t) <= most
            && !t.contains(['。', '，', '；', '：', '！', '？', ',', ';'])
            && !is_number(t)
    };
    let is_label = |t: &str| label_within(t, LABEL);
    let is_bare_number = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let serial = |t: &str, n: usize| -> Option<String> {
        let rest = t.strip_prefix(&n.to_string())?;
        if rest.is_empty() {
            return Some(String::new());
        }
        let text = rest.strip_prefix(' ')?.trim();
        (!text.starts_with(|c: char| c.is_ascii_digit())).then(|| text.to_string())
    };
    let mut content = content_lines(lines, from);
    let (first, second) = (content.first()?.1.clone(), content.get(1)?.1.clone());
    let mut header: [Option<String>; 2] = [None, None];
    // Numbered when `1` comes among the first lines after the header, alone or before
    // its row's text.
    let numbered = content
        .iter()
        .skip(1)
        .take(3)
        .any(|(_, t)| serial(t, 1).is_some());
    // The content line the rows start at.
    let mut start = 1;
    match first.split_once(' ') {
        Some((a, b)) if chars(a) <= LABEL && chars(b.trim()) <= LABEL => {
            header = [Some(a.to_string()), Some(b.trim().to_string())];
        }
        None if numbered && chars(&first) <= LABEL && second == "1" => {
            header[0] = Some(first.clone());
        }
        // The header's cells a line each (Chromium's print: the cells sit at different
        // heights), then a row's text, not a third label.
        None if !numbered
            && is_label(&first)
            && is_label(&second)
            && content.get(2).is_some_and(|(_, t)| !is_label(t)) =>
        {
            // The first cell's last line beside the second cell (`供应链环` / `节 评估`).
            header = match second.split_once(' ') {
                Some((rest, cell)) => [Some(format!("{first}{rest}")), Some(cell.to_string())],
                None => [Some(first.clone()), Some(second.clone())],
            };
            start = 2;
        }
        _ => return None,
    }
    if !numbered {
        // A number alone is a page number here.
        content.retain(|(k, _)| !lines[*k].page_break);
    }
    let flagged = |t: &str| {
        if numbered {
            is_bare_number(t)
        } else {
            is_label(t)
        }
    };
    // A label's line beside its text's (`装配、测试、封装和 严重依赖…`): the two parts.
    fn split_label<'t>(t: &'t str, fits: &dyn Fn(&str) -> bool) -> Option<(&'t str, &'t str)> {
        t.split_once(' ')
            .filter(|(a, b)| fits(a) && b.chars().count() > LABEL)
    }
    let wide_label = |t: &str| label_within(t, LABEL + 4);
    let beside_text = |t: &str| split_label(t, &wide_label).is_some();
    // The column's width: the widest text line printed just before a label (of a line a
    // label shares, the text's part).
    let widest = content
        .windows(2)
        .filter(|w| flagged(&w[1].1) && !flagged(&w[0].1))
        .map(|w| match split_label(&w[0].1, &wide_label) {
            Some((_, text)) if !numbered => display_width(text),
            _ => display_width(&w[0].1),
        })
        .max()?;
    let fills = |t: &str| display_width(t) + 4 >= widest;
    let mut rows: Vec<CentredRow> = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new(); // labels between two rows
    let mut serials = 0;
    let mut open = false; // the last text line filled the column
    let mut label_before = false; // the line before held a label
    let mut beside_before = false; // … beside text
    for (at, (k, t)) in content.iter().enumerate().skip(start) {
        let (k, t) = (*k, t.as_str());
        // The header printed again on the next page.
        if start == 2 && header.iter().flatten().any(|h| h == t) {
            continue;
        }
        let last_label = rows.last().and_then(|r| r.labels.last());
        let label_due = rows.last().is_some_and(|r| r.labels.is_empty())
            || last_label.is_some_and(|l| l.ends_with(['、', '，']));
        // The label printed on the line, if any, and the text after it.
        let (label, text): (Option<String>, &str) = if numbered {
            match serial(t, serials + 1) {
                Some(rest) if rest.is_empty() || !open => {
                    serials += 1;
                    let at = t.len() - rest.len();
                    (Some(serials.to_string()), &t[at..])
                }
                _ if rows.is_empty() && header[1].is_none() && is_label(t) => {
                    header[1] = Some(t.to_string());
                    continue;
                }
                _ => (None, t),
            }
        } else if is_label(t) {
            // A label-like line with the text's last line still to come is a label: a
            // short line of text next, or a label-like one before the next row's label
            // beside its text (`产品制造` / `后于其他市场` / `电池报废和回 可以…`).
            let plain = |n: &str| !is_label(n) && !beside_text(n);
            let next = content.get(at + 1).map(|(_, n)| n.as_str());
            let after = content.get(at + 2).map(|(_, n)| n.as_str());
            let text_ends_next = next.is_some_and(|n| {
                plain(n) && !fills(n) && display_width(n) <= widest + 4
                    || is_label(n) && after.is_none_or(beside_text)
            });
            // Or the line before held a label beside its text: the label goes on.
            if open && !label_due && !text_ends_next && !beside_before {
                (None, t) // the text's last line
            } else {
                (Some(t.to_string()), "")
            }
        } else {
            match split_label(t, &wide_label) {
                // A label's first line beside its text's first line: a label wider than
                // one alone on its line may share one (`装配、测试、封装和 严重依赖…`).
                // Within a row's text, the same when the row's label is due or goes on
                // from the line before (`电池材料制 美国…` / `造和电池制 10%。…`).
                Some((a, b)) if !open || label_due || label_before => (Some(a.to_string()), b),
                _ => (None, t),
            }
        };
        let merged = label.is_some() && !text.is_empty();
        label_before = label.is_some();
        beside_before = merged;
        // A label beside the first line of its row's text is that row's own: the row
        // above takes back none of it.
        let mut own = None;
        if let Some(label) = label {
            match rows.last_mut() {
                Some(row) if open || !text.is_empty() && numbered => {
                    row.labels.push(label);
                    row.end = k + 1;
                }
                _ if merged && !numbered => own = Some(label),
                _ => pending.push((k, label)),
            }
        }
        if text.is_empty() {
            continue;
        }
        if display_width(text) > widest + 4 {
            break;
        }
        if open {
            if let Some(row) = rows.last_mut() {
                text::join_broken_into(&mut row.text, text);
                row.end = k + 1;
            }
        } else {
            if let Some(prev) = rows.last_mut() {
                // A row whose label starts beside its text has none of it before: the
                // labels between are all the row above's.
                let back = if own.is_some() {
                    pending.len()
                } else {
                    pending.len().min(prev.lead)
                };
                for (at, l) in pending.drain(..back) {
                    prev.labels.push(l);
                    prev.end = at + 1;
                }
            }
            // A row started by its number `n` when more rows than `n - 1` are open: the
            // rows past `n - 1` are the text of row `n - 1` that a hard break cut.
            if numbered && merged && !rows.is_empty() {
                let extra = rows.split_off((serials - 1).max(1).min(rows.len()));
                if let Some(prev) = rows.last_mut() {
                    for r in extra {
                        text::join_broken_into(&mut prev.text, &r.text);
                        prev.end = r.end;
                    }
                }
            }
            let lead = pending.len();
            let beside = own.is_some();
            let labels = pending.drain(..).map(|(_, l)| l).chain(own).collect();
            rows.push(CentredRow {
                no: lines[k].no,
                lead,
                beside,
                labels,
                text: text.to_string(),
                end: k + 1,
            });
        }
        open = fills(text);
    }
    if let Some(prev) = rows.last_mut() {
        // The last row's label lines after its text: as many as came before it, or all
        // when its label started beside its text.
        let back = if prev.beside {
            pending.len()
        } else {
            pending.len().min(prev.lead)
        };
        for (at, l) in pending.drain(..back) {
            prev.labels.push(l);
            prev.end = at + 1;
        }
    }
    if numbered {
        // One number a row, in order: the rows past the last number are the paragraph
        // after the table.
        if serials > rows.len() {
            return None;
        }
        rows.truncate(serials);
        for (i, r) in rows.iter_mut().enumerate() {
            r.labels = vec![(i + 1).to_string()];
        }
    } else {
        if let Some(bare) = rows.iter().position(|r| r.labels.is_empty()) {
            rows.truncate(bare);
        }
        // A label cut after `、` goes on in the next row (the page, or a footnote, split
        // the row before the converter saw it).
        let mut joined: Vec<CentredRow> = Vec::with_capacity(rows.len());
        for r in rows {
            match joined.last_mut() {
                Some(prev) if prev.labels.last().is_some_and(|l| l.ends_with('、')) => {
                    prev.labels.extend(r.labels);
                    text::join_broken_into(&mut prev.text, &r.text);
                    prev.end = r.end;
                }
                _ => joined.push(r),
            }
        }
        rows = joined;
    }
    let header = [header[0].take()?, header[1].take()?];
    let used = rows.last()?.end;
    // A line of three short cells or more a space apart (`强制技术转让 有害 支持外国腐败
    // 商业行为 有害`) is a row of a table of more columns: not this reader's.
    let cell_like =
        |p: &str| chars(p) <= LABEL + 4 && !p.contains(|c: char| c.is_ascii_alphanumeric());
    let many_cells = |t: &str| {
        let pieces: Vec<&str> = t.split(' ').filter(|p| !p.is_empty()).collect();
        pieces.len() >= 3 && pieces.iter().all(|p| cell_like(p))
    };
    if content
        .iter()
        .skip(start)
        .any(|(k, t)| *k < used && many_cells(t))
    {
        return None;
    }
    let mut out = vec![(lines[content[0].0].no, header)];
    for r in rows {
        let mut label = String::new();
        for l in &r.labels {
            text::join_broken_into(&mut label, l);
        }
        out.push((r.no, [label, r.text]));
    }
    two_columns(out, used)
}

/// A line that opens a section of the article (`二、…`, `（三）…`): no cell of a table
/// printed a cell a line.
fn is_section_heading(t: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let rest = t.strip_prefix(['（', '(']).unwrap_or(t);
    rest.starts_with(numeral) && crate::import::body::enumerator_len(t).is_some()
}

/// A table a converter wrote a whole cell a line, row after row, with no blank line
/// (LibreOffice's plain-text export of a Word file): after the caption, the header's `k`
/// short cells, then rows of `k` lines. Nothing marks where a row ends, so `k` is taken
/// from the rows' shape: serial numbers `1`, `2`… every `k` lines, or the same order of
/// widths between neighbouring cells in every row (a label narrower than its text, a
/// verdict narrower than its label). Of the header's possible cell counts, the one whose
/// rows hold the most lines wins. Lines before the next serial number go on in the row
/// above (a cell the source hard-broke); a label cut after `、` goes on in the next row.
/// The table ends at a blank line, a section's heading or the first row that breaks the
/// shape.
pub(super) fn whole_cells_a_line(lines: &[Line], from: usize) -> Option<Rows> {
    let mut cells: Vec<(usize, String)> = Vec::new(); // (index of the line, cell)
    for (k, l) in lines.iter().enumerate().skip(from).take(400) {
        // A cell the furniture pass took for a page's furniture (a serial number, a
        // header repeated from table to table) keeps its text in `raw`.
        if l.page_break {
            let bare = l.raw.trim();
            if !bare.is_empty() {
                cells.push((k, bare.to_string()));
            }
            continue;
        }
        if l.is_blank()
            || l.md_level.is_some()
            || is_caption(l)
            || l.raw.contains('\t')
            || is_section_heading(&l.text)
        {
            break;
        }
        cells.push((k, l.text.clone()));
    }
    let short = |t: &str| t.chars().count() <= 12 && !t.contains(['。', '，', '；', ',', ';']);
    let head = cells.iter().take_while(|(_, t)| short(t)).count();
    let (rows, end) = (2..=head.min(8))
        .filter_map(|k| rows_of_width(&cells, k))
        .max_by_key(|(_, end)| *end)?;
    let mut merged: Vec<(usize, Vec<String>)> = Vec::new();
    for (at, row) in rows {
        let n = merged.len();
        match merged.last_mut() {
            Some((_, prev)) if n > 1 && prev[0].ends_with(['、', '，']) => {
                for (a, b) in prev.iter_mut().zip(&row) {
                    text::join_broken_into(a, b);
                }
            }
            _ => merged.push((lines[cells[at].0].no, row)),
        }
    }
    let out = merged
        .into_iter()
        .map(|(no, row)| Line::new(no, &row.join("\t")))
        .collect();
    Some((out, cells[end - 1].0 + 1))
}

/// A row of a table written a cell a line: the index of its first cell, and its cells.
type CellRow = (usize, Vec<String>);

/// The rows of a table written a cell a line (see `whole_cells_a_line`) with `k` cells a
/// row, the header first, each with the index of its first cell, and the index of the
/// cell after the last row; None unless two rows or more follow the header.
fn rows_of_width(cells: &[(usize, String)], k: usize) -> Option<(Vec<CellRow>, usize)> {
    let text = |i: usize| cells[i].1.as_str();
    let width = |i: usize| display_width(text(i));
    let numbered = cells.get(k).is_some_and(|(_, t)| t == "1");
    let mut rows: Vec<CellRow> = vec![(0, (0..k).map(|i| text(i).to_string()).collect())];
    // The order of widths between neighbouring cells, as the rows so far print it.
    let mut order: Vec<std::cmp::Ordering> = vec![std::cmp::Ordering::Equal; k - 1];
    let mut i = k;
    while i + k <= cells.len() {
        if numbered {
            let serial = rows.len().to_string();
            if text(i) != serial {
                // Lines before the next serial number go on in the row above.
                let next = (i + 1..cells.len().min(i + 4)).find(|&j| text(j) == serial);
                let n = rows.len();
                match (next, rows.last_mut()) {
                    (Some(j), Some((_, prev))) if n > 1 => {
                        for m in i..j {
                            if let Some(last) = prev.last_mut() {
                                text::join_broken_into(last, text(m));
                            }
                        }
                        i = j;
                        continue;
                    }
                    _ => break,
                }
            }
        } else if is_number(text(i)) || text(i).contains(['。', '，', '；', ',', ';']) {
            break; // a label is no number, and no sentence
        }
        let fits = (0..k - 1).all(|c| {
            let o = width(i + c).cmp(&width(i + c + 1));
            o.is_eq() || order[c].is_eq() || o == order[c]
        });
        if !fits {
            break;
        }
        for (c, o) in order.iter_mut().enumerate() {
            if o.is_eq() {
                *o = width(i + c).cmp(&width(i + c + 1));
            }
        }
        rows.push((i, (i..i + k).map(|j| text(j).to_string()).collect()));
        i += k;
    }
    // Without serial numbers, the rows' shape is the only evidence: every neighbouring
    // pair of columns ordered by width, and some cell longer than a header's.
    let shaped = order.iter().all(|o| !o.is_eq())
        && rows[1..]
            .iter()
            .any(|(_, r)| r.iter().any(|c| c.chars().count() > 12));
    (rows.len() >= 3 && (numbered || shaped)).then_some((rows, i))
}

/// A two-column table a converter printed in reading order a visual line a line, a row's
/// label a space before its text's first line (`pdftotext -raw` or pypdf of Chromium's
/// print: `设计 美国半导体…的知`): a label that wraps prints its first lines alone before
/// that line (`政府支持收购外国` / `技术企业 中国企业…`), or all its lines alone before
/// the text (`装配、测试、封装和` / `高级封装` / `严重依赖…`). The header is the two
/// columns' names a space apart. A text line that fills the column (as wide as the
/// widest text beside a label, less two characters) goes on on the next line, and so
/// does a line that opens with a closing mark (`，资助…`: the converter cut a line of the
/// column there); after a text line that does not fill, a label starts the next row. A
/// pypdf line may hold a cell's wrapped lines a space apart (`…的知 识产权…`): they are
/// joined, and the last one says whether the cell goes on. The table ends at a blank line, a heading, a
/// caption, a line wider than the column, or text where a label is due; a line of three
/// short cells or more is another layout, and nothing is read.
pub(super) fn labels_beside_text(lines: &[Line], from: usize) -> Option<Rows> {
    const LABEL: usize = 12;
    let chars = |t: &str| t.chars().count();
    let is_label = |t: &str| {
        !t.is_empty()
            && chars(t) <= LABEL
            && !t.contains([
                '。', '，', '；', '：', '！', '？', ',', ';', '（', '）', '“', '”',
            ])
            && !is_number(t)
            && !t.starts_with(|c: char| c.is_ascii_digit())
    };
    let opens_with_mark = |t: &str| t.starts_with(['，', '。', '、', '；', '：', '）', '”']);
    // The visual lines a piece of text holds (pypdf joins a cell's lines a space apart;
    // a space between Latin words joins nothing).
    let wrapped = |t: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in t.split(' ').filter(|p| !p.is_empty()) {
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            match out.last_mut() {
                Some(last) if latin(last.chars().last()) || latin(p.chars().next()) => {
                    last.push(' ');
                    last.push_str(p);
                }
                _ => out.push(p.to_string()),
            }
        }
        out
    };
    let mut k = from;
    while lines.get(k).is_some_and(|l| l.page_break) {
        k += 1;
    }
    let head = lines.get(k)?;
    let header_line = head.text.trim().to_string();
    let (a, b) = header_line.split_once(' ')?;
    if !is_label(a) || !is_label(b) || b.contains(' ') {
        return None;
    }
    let header = [a.to_string(), b.to_string()];
    let head_no = head.no;
    k += 1;
    // The lines after the header: (index, label part, text part's visual lines).
    let mut pieces: Vec<(usize, Option<String>, Vec<String>)> = Vec::new();
    let mut page = false;
    while let Some(l) = lines.get(k) {
        k += 1;
        let t = l.text.trim();
        if l.page_break {
            page = true;
            continue;
        }
        if std::mem::take(&mut page) && t == header_line {
            continue; // the header printed again at the top of the next page
        }
        if t.is_empty() || l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
            break;
        }
        let words: Vec<&str> = t.split(' ').filter(|p| !p.is_empty()).collect();
        if words.len() >= 3 && words.iter().all(|p| is_label(p)) {
            return None;
        }
        pieces.push(match t.split_once(' ') {
            _ if is_label(t) => (k - 1, Some(t.to_string()), Vec::new()),
            Some((a, b)) if is_label(a) && !opens_with_mark(b.trim()) => {
                (k - 1, Some(a.to_string()), wrapped(b))
            }
            _ => (k - 1, None, wrapped(t)),
        });
    }
    // The column's width: its widest line beside a label (the lines after the table
    // would count the paragraph after it).
    let widest = pieces
        .iter()
        .filter(|p| p.1.is_some())
        .flat_map(|p| p.2.iter().map(|t| display_width(t)))
        .max()?;
    // Rows: (line number, label, text, index after it).
    let mut rows: Vec<(usize, String, String, usize)> = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new(); // a label's lines alone
    let mut open = false; // the last text line filled the column
    let mut line_width = 0; // the width of the last visual text line
    for (at, label, parts) in pieces {
        if parts.iter().any(|t| display_width(t) > widest + 4) {
            break;
        }
        let mut joins_line = false;
        match (label, parts.first()) {
            // A label-like line where the text goes on is the text's last line.
            (Some(label), None) if open => {
                let Some(row) = rows.last_mut() else { break };
                text::join_broken_into(&mut row.2, &label);
                row.3 = at + 1;
                open = false;
                continue;
            }
            (Some(label), None) => {
                if pending.len() >= 3 {
                    break;
                }
                pending.push((at, label));
                continue;
            }
            (None, Some(first)) if pending.is_empty() && (open || opens_with_mark(first)) => {
                let Some(row) = rows.last_mut() else { break };
                joins_line = opens_with_mark(first);
                for t in &parts {
                    text::join_broken_into(&mut row.2, t);
                }
                row.3 = at + 1;
            }
            (None, Some(_)) if pending.is_empty() => break,
            (None, None) => break,
            (label, Some(_)) => {
                let mut cell = String::new();
                for (_, l) in pending.drain(..).chain(label.map(|l| (at, l))) {
                    text::join_broken_into(&mut cell, &l);
                }
                let mut body = String::new();
                for t in &parts {
                    text::join_broken_into(&mut body, t);
                }
                rows.push((lines[at].no, cell, body, at + 1));
            }
        }
        let last = parts.last().map_or(0, |t| display_width(t));
        line_width = if joins_line && parts.len() == 1 {
            line_width + last
        } else {
            last
        };
        open = line_width + 4 >= widest;
    }
    if rows.len() < 2
        || rows
            .iter()
            .any(|r| display_width(&r.2) <= display_width(&r.1))
    {
        return None;
    }
    let used = rows.last()?.3;
    let mut out = vec![(head_no, header)];
    out.extend(rows.into_iter().map(|(no, l, t, _)| (no, [l, t])));
    two_columns(out, used)
}

/// A table a converter printed column by column (`pdftotext` of LibreOffice's print of a
/// Word table: each column is a block of its own): after the caption, `k` blocks of the
/// same number of lines, blank lines between, each a column's header and then a cell a
/// line. Read only when that shape holds every line: two columns or more, two rows or
/// more, the first column's labels no numbers and some other column all numbers. Where
/// a page breaks the table, the columns' headers come again (a line each), then the
/// same `k` columns with the next rows.
pub(super) fn columns_one_after_another(lines: &[Line], from: usize) -> Option<Rows> {
    let bs = blocks(lines, from);
    let height = bs.first()?.1.len();
    let k = bs.iter().take_while(|b| b.1.len() == height).count();
    if k < 2 || height < 3 {
        return None;
    }
    let headers: Vec<&str> = bs[..k].iter().map(|b| b.1[0]).collect();
    // Which columns hold numbers, from the first band's cells.
    let numeric: Vec<bool> = bs[..k]
        .iter()
        .map(|b| b.1[1..].iter().all(|t| is_number(t)))
        .collect();
    let labels_ok = |b: &[&str]| b.iter().all(|t| !is_number(t));
    if numeric[0] || !numeric.iter().any(|&n| n) || !labels_ok(&bs[0].1[1..]) {
        return None;
    }
    // Each column's cells, band after band.
    let mut columns: Vec<Vec<&str>> = bs[..k].iter().map(|b| b.1[1..].to_vec()).collect();
    // The line numbers of the rows: their labels' lines (a block's lines follow on).
    let line_no = |at: usize| lines.get(at).map_or(0, |l| l.no);
    let mut row_nos: Vec<usize> = (1..height).map(|j| line_no(bs[0].0 + j)).collect();
    let mut used = bs[k - 1].0 + height;
    let mut i = k;
    loop {
        // The headers printed again after a page break, a line each.
        while bs
            .get(i)
            .is_some_and(|b| b.1.len() == 1 && headers.contains(&b.1[0]))
        {
            i += 1;
        }
        let Some(band) = bs.get(i..i + k) else { break };
        let h = band[0].1.len();
        let fits = band.iter().zip(&numeric).enumerate().all(|(c, (b, &n))| {
            b.1.len() == h
                && if n {
                    b.1.iter().all(|t| is_number(t))
                } else {
                    c > 0 || labels_ok(&b.1)
                }
        });
        if !fits {
            break;
        }
        for (col, b) in columns.iter_mut().zip(band) {
            col.extend(b.1.iter().copied());
        }
        row_nos.extend((0..h).map(|j| line_no(band[0].0 + j)));
        used = band[k - 1].0 + h;
        i += k;
    }
    let mut out = vec![Line::new(line_no(bs[0].0), &headers.join("\t"))];
    for (r, no) in row_nos.into_iter().enumerate() {
        let row: Vec<&str> = columns.iter().filter_map(|c| c.get(r).copied()).collect();
        out.push(Line::new(no, &row.join("\t")));
    }
    Some((out, used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines;

    /// Lines with the page furniture marked as the furniture pass marks it: its text
    /// gone, kept in `raw`, and `page_break` set.
    fn with_furniture(text: &str, furniture: &[&str]) -> Vec<Line> {
        let mut lines = test_lines(text);
        for l in &mut lines {
            if furniture.contains(&l.text.trim()) {
                l.text.clear();
                l.page_break = true;
            }
        }
        lines
    }

    fn cells(rows: &[Line]) -> Vec<&str> {
        rows.iter().map(|l| l.raw.as_str()).collect()
    }

    #[test]
    fn numbered_rows_after_a_page_break_under_the_caption() {
        // pdftotext (reading order) of Chromium's landscape print of seed 003, table 5:
        // the caption at the foot of a page, its page number and the next page's running
        // head before the header; then the next paragraph with no blank line.
        let lines = with_furniture(
            "表 5 建设弹性的关键矿物和原材料供应链的政策建议\n- 12 -\n\n科技政策与咨询快报 2021年 总第086期 第08期\n\n序号\n建议\n\
             1 为战略性和关键材料密集型产业制定和培育新的可持续标准\n\
             2 扩大本土可持续生产和加工能力（二次和非常规资源的回收再循环）\n\
             3 部署《国防生产法》及其他项目\n\
             4、原料药（评估部门：美国卫生与公众服务部）。关键仿制药和原料药的短缺是美国多年来一直存在的问题。\n",
            &["- 12 -", "科技政策与咨询快报 2021年 总第086期 第08期"],
        );
        let (rows, next) = numbered_rows(&lines, 1).expect("a numbered table");
        assert_eq!(
            cells(&rows),
            [
                "序号\t建议",
                "1\t为战略性和关键材料密集型产业制定和培育新的可持续标准",
                "2\t扩大本土可持续生产和加工能力（二次和非常规资源的回收再循环）",
                "3\t部署《国防生产法》及其他项目",
            ]
        );
        assert!(lines[next].text.starts_with("4、原料药"));
    }

    #[test]
    fn numbered_rows_with_the_first_number_centred_among_its_lines() {
        // pdftotext (reading order) of Chromium's print of seed 003 in 9pt with wide
        // margins, table 6: the header wrapped around its second cell, row 1's first line
        // printed before its number (the number sits beside the middle line).
        let lines = test_lines(
            "表 6 建设弹性的原料药供应链的政策建议\n序\n建议\n号\n\
             促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展\n\
             1 本土生产能力；②建立新的平台生产技术和透明的质量管理；③解决新技术带\n\
             来的监管问题，建立联盟以协调所有政府投入资源；④授权美国食品药品监督\n\
             管理局（FDA）收集关键新数据，透明化供应链，以识别和降低风险\n\
             2 应急能力建设。探索创建和扩大活性药物成分（API）剂量的虚拟战略储备\n\
             3 促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及\n\
             其他双边和多边论坛，加强药物和原料药供应链合作\n\n二、脆弱供应链的驱动因素\n",
        );
        let (rows, next) = numbered_rows(&lines, 1).expect("a numbered table");
        assert_eq!(
            cells(&rows)[..2],
            [
                "序号\t建议",
                "1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调所有政府投入资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供应链，以识别和降低风险",
            ]
        );
        assert_eq!(rows.len(), 4);
        assert!(lines[next..]
            .iter()
            .any(|l| l.text == "二、脆弱供应链的驱动因素"));
    }

    #[test]
    fn a_piece_of_a_row_printed_before_its_number_goes_after_it() {
        // pdftotext (reading order) of Chromium's A5 print of seed 003, table 6: the end
        // of row 2's first line (`、其他…`) printed before the line with its number, and
        // its last character on a line of its own.
        let lines = test_lines(
            "表 6 建设弹性的原料药供应链的政策建议\n序\n号\n\n建议\n\
             促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；\n\
             1 ②建立新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调\n\
             所有政府投入资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供应\n\
             链，以识别和降低风险\n\
             、其他关键材料和成品剂量的虚拟战略储\n\
             2 应急能力建设。探索创建和扩大活性药物成分（API）\n备\n\
             3 促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边\n\
             论坛，加强药物和原料药供应链合作\n\n二、脆弱供应链的驱动因素\n",
        );
        let (rows, _) = numbered_rows(&lines, 1).expect("a numbered table");
        let got = cells(&rows);
        assert!(
            got[1].ends_with("透明化供应链，以识别和降低风险"),
            "{got:?}"
        );
        assert_eq!(
            got[2],
            "2\t应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备"
        );
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_long_line_before_any_header_is_no_numbered_table() {
        // A caption followed by a paragraph, then a numbered list: no header came first,
        // so the paragraph is no row's text.
        let lines = test_lines(
            "表 2 政策建议\n报告评估了大容量电池供应链的基本环节，并针对潜在漏洞风险提出政策建议\n\
             1 刺激国产大容量电池的终端产品使用需求\n2 促进可持续的本土电池材料生产\n",
        );
        assert!(numbered_rows(&lines, 1).is_none());
    }
}
