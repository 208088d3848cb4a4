//! Tables a converter printed with spaces between their columns (`pdftotext -layout`, a
//! fixed-width export): no tabs, a wrapped cell's next lines under it with the other
//! columns empty, header cells one space apart. After a table caption (`表 N …`), the
//! lines whose pieces start at the same few positions are the table: each is cut at those
//! positions into cells, a line with a single cell goes on with the cell above it, and the
//! rows are written with tabs, as the body reader expects. Positions are counted in
//! characters or in display columns (a CJK character two), whichever aligns the block
//! better: converters differ (poppler counts characters of some fonts, columns of others).
//! Tables printed in reading order (`pdftotext` without `-layout`: a cell or a wrapped
//! piece of one a line) are read where the rows show: numbers with a period, serial
//! numbers `1`, `2`…, or short labels alternating with text a blank line apart.

use super::Line;
use crate::text;

#[derive(Clone, Copy, PartialEq)]
enum Measure {
    Chars,
    Display,
}

fn width(c: char, m: Measure) -> usize {
    match m {
        Measure::Chars => 1,
        Measure::Display => super::reflow::columns(c),
    }
}

/// A stretch of a line between gaps of two or more spaces.
struct Run {
    start: usize,
    end: usize,
    text: String,
    /// (position of the character after a single space, byte offset of that space).
    singles: Vec<(usize, usize)>,
}

fn runs(raw: &str, m: Measure) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut pos = 0;
    let mut spaces = 0;
    let mut cur: Option<Run> = None;
    for c in raw.chars() {
        if matches!(c, '\u{c}' | '\u{feff}') {
            continue;
        }
        if c == ' ' || c == '\u{3000}' {
            spaces += width(c, m);
            pos += width(c, m);
            continue;
        }
        if spaces >= 2 {
            out.extend(cur.take());
        }
        let run = cur.get_or_insert_with(|| Run {
            start: pos,
            end: pos,
            text: String::new(),
            singles: Vec::new(),
        });
        if spaces > 0 && !run.text.is_empty() {
            run.singles.push((pos, run.text.len()));
            run.text.push(' ');
        }
        spaces = 0;
        run.text.push(c);
        pos += width(c, m);
        run.end = pos;
    }
    out.extend(cur);
    out
}

/// Positions where pieces of two or more lines with several pieces start.
fn column_starts(lines: &[&Line], m: Measure) -> Vec<usize> {
    let mut starts: Vec<usize> = lines
        .iter()
        .map(|l| runs(&l.raw, m))
        .filter(|r| r.len() >= 2)
        .flat_map(|r| r.into_iter().map(|x| x.start))
        .collect();
    starts.sort_unstable();
    let mut cols: Vec<(usize, usize)> = Vec::new(); // (position, support)
    let mut i = 0;
    while i < starts.len() {
        let mut j = i;
        while j + 1 < starts.len() && starts[j + 1] <= starts[j] + 1 {
            j += 1;
        }
        if j > i {
            cols.push((starts[i], j - i + 1));
        }
        i = j + 1;
    }
    let leftmost = lines
        .iter()
        .filter_map(|l| runs(&l.raw, m).first().map(|r| r.start))
        .min();
    let mut out: Vec<usize> = cols.into_iter().map(|(p, _)| p).collect();
    if let Some(left) = leftmost {
        if out.first().is_none_or(|&p| p > left + 2) {
            out.insert(0, left);
        }
    }
    out
}

/// The share of pieces after the first (of lines with several) that start at a column:
/// the first piece of a line starts at the margin anyway.
fn alignment(lines: &[&Line], m: Measure, cols: &[usize]) -> f64 {
    let (mut on, mut all) = (0, 0);
    for l in lines {
        let r = runs(&l.raw, m);
        if r.len() < 2 {
            continue;
        }
        for x in r.into_iter().skip(1) {
            all += 1;
            if cols.iter().any(|&c| c.abs_diff(x.start) <= 1) {
                on += 1;
            }
        }
    }
    if all == 0 {
        0.0
    } else {
        on as f64 / all as f64
    }
}

/// A line cut into cells at the columns, or None when its text runs across a column:
/// not a line of the table.
///
/// A header's text is centred over its column: each piece goes to the nearest column.
/// Elsewhere a piece must start at a column (a wrapped cell's line starts where the
/// cell does): a line indented otherwise is prose after the table.
fn cells_of(raw: &str, m: Measure, cols: &[usize], header: bool) -> Option<Vec<String>> {
    let mut cells = vec![String::new(); cols.len()];
    for run in runs(raw, m) {
        // Pieces: the run, cut at single spaces where the next text starts at a column
        // (a header's cells one space apart) or just before a column it runs into.
        let mut pieces: Vec<(usize, usize, String, bool)> = Vec::new(); // (start, end, text, forced)
        let mut from = (run.start, 0usize);
        let mut forced = false;
        for &(p, byte) in &run.singles {
            let at_column = cols.iter().any(|&c| c != from.0 && c.abs_diff(p) <= 1);
            let next_col = cols.iter().find(|&&c| c > from.0 + 1);
            let before_crossing = next_col.is_some_and(|&c| p < c && c - p <= 4 && run.end > c + 1);
            if at_column || before_crossing {
                pieces.push((from.0, p, run.text[from.1..byte].to_string(), forced));
                forced = before_crossing && !at_column;
                from = (p, byte + 1);
            }
        }
        pieces.push((from.0, run.end, run.text[from.1..].to_string(), forced));
        let mut last_col: Option<usize> = None;
        for (start, end, t, forced) in pieces {
            let nearest = (0..cols.len()).min_by_key(|&k| cols[k].abs_diff(start))?;
            let mut col = if header {
                nearest
            } else if cols[nearest].abs_diff(start) <= 2 || forced {
                cols.iter().rposition(|&c| c <= start + 2).unwrap_or(0)
            } else {
                return None;
            };
            if forced {
                if let Some(prev) = last_col {
                    col = col.max(prev + 1).min(cols.len() - 1);
                }
            }
            if let Some(&next) = cols.get(col + 1) {
                if end > next + 1 {
                    return None;
                }
            }
            let cell = &mut cells[col];
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(t.trim());
            last_col = Some(col);
        }
    }
    Some(cells)
}

/// `表 1 …`: a table's caption.
pub(super) fn is_table_caption(t: &str) -> bool {
    let rest = t.strip_prefix('表').map(str::trim_start);
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        && t.chars().count() <= 60
        && !t.contains('。')
}

fn is_caption(l: &Line) -> bool {
    l.md_level.is_none() && is_table_caption(&l.text)
}

/// A body paragraph's line: one piece from the left margin, wide.
fn is_prose(l: &Line, m: Measure, left: usize) -> bool {
    let r = runs(&l.raw, m);
    r.len() == 1 && r[0].start <= left + 4 && r[0].end - r[0].start >= 40
}

/// A table's rows as tab-separated lines, and the index of the line after it.
type Rows = (Vec<Line>, usize);

/// The article's lines with each table printed in columns after its caption rewritten
/// as tab-separated rows (one line a row); other lines as they were.
///
/// Tables printed in reading order whose rows only their layout tells (numbered rows,
/// labels beside text) are read only while every table before them in the article was:
/// once one is left as text, the article's tables would no longer be 表 1, 表 2… in
/// order, and a reader finding 表 2 as the first table would take it for another.
pub fn read_tables(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut all_read = true;
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i].clone());
        if !is_caption(&lines[i]) {
            i += 1;
            continue;
        }
        i += 1;
        let in_order = |read: fn(&[Line], usize) -> Option<Rows>| {
            if all_read {
                read(lines, i)
            } else {
                None
            }
        };
        let table = table_after(lines, i)
            .or_else(|| cells_one_per_line(lines, i))
            .or_else(|| in_order(labels_and_numbers))
            .or_else(|| in_order(numbered_rows))
            .or_else(|| in_order(labelled_rows));
        match table {
            Some((rows, next)) => {
                out.extend(rows);
                i = next;
            }
            None => all_read = false,
        }
    }
    out
}

/// A number as a table cell holds it: `90248`, `125,326`, `33.29`, `-4.2%`.
fn is_number(t: &str) -> bool {
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
fn cells_one_per_line(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
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
        let short = text_width(&l.text, Measure::Display) <= 24;
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
fn number_pieces(t: &str) -> Vec<String> {
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
fn header_cells(pieces: &[String], k: usize) -> Option<Vec<String>> {
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
fn labels_and_numbers(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
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
/// cell, or the first cell wrapped around the second (`序` / `建议` / `号`: reading order
/// puts the second cell's line between the two of the first).
fn numbered_header(pieces: &[&str]) -> Option<[String; 2]> {
    let short = |t: &str| t.chars().count() <= 4;
    match pieces {
        [one] => {
            let (a, b) = one.split_once(char::is_whitespace)?;
            short(a).then(|| [a.to_string(), b.trim().to_string()])
        }
        [a, b] if short(a) => Some([a.to_string(), b.to_string()]),
        [a, b, c] if short(&format!("{a}{c}")) => Some([format!("{a}{c}"), b.to_string()]),
        _ => None,
    }
}

/// A numbered table a converter printed in reading order (`pdftotext` without
/// `-layout`), from line `from` on: a short header, then `1`, `2`, `3`… each alone on its
/// line and followed by its row's text, wrapped over as many lines as it takes. The
/// serial numbers are the rows' evidence, so the text cell may be as long as it likes:
/// it runs to the next number, and the last one to the first gap that is not a page's.
fn numbered_rows(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
    // What a line prints: the furniture pass keeps a removed line's text in `raw`.
    let printed = |l: &Line| l.raw.trim().to_string();
    let is_serial = |l: &Line, n: usize| printed(l) == n.to_string();
    let mut k = from;
    let mut pieces: Vec<String> = Vec::new();
    while k < lines.len() && !is_serial(&lines[k], 1) {
        let l = &lines[k];
        let t = printed(l);
        if l.md_level.is_some() || is_caption(l) || pieces.len() > 3 || t.chars().count() > 12 {
            return None;
        }
        if !t.is_empty() {
            pieces.push(t);
        }
        k += 1;
    }
    let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
    let header = numbered_header(&refs)?;
    let mut rows: Vec<(usize, [String; 2])> = vec![(lines.get(k)?.no, header)];
    let mut n = 1;
    let mut used = k;
    while k < lines.len() && is_serial(&lines[k], n) {
        let no = lines[k].no;
        let mut cell = String::new();
        k += 1;
        let mut gap = false; // a blank line since the cell's last text
        let mut page = false; // a page's furniture in that gap
        while k < lines.len() && !is_serial(&lines[k], n + 1) {
            let l = &lines[k];
            if l.page_break {
                page = true;
            } else if l.is_blank() {
                gap = true;
            } else if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
                break;
            } else if cell.is_empty() || !gap || page {
                text::join_broken_into(&mut cell, &l.text);
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
fn labelled_rows(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
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
    let mut rows: Vec<(usize, [String; 2])> =
        vec![(lines[bs[0].0].no, [joined(&bs[0].1), joined(&bs[1].1)])];
    let mut used = bs[1].0 + bs[1].1.len();
    let mut i = 2;
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
        if !short(label) || chars(body[0]) <= 2 * LABEL {
            return None;
        }
        let cells = [joined(label), joined(body)];
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

/// The measure and column starts that align a page's lines of a table best.
fn layout_of(lines: &[&Line]) -> Option<(Measure, Vec<usize>, Vec<usize>)> {
    let first = lines.first()?;
    let mut best: Option<(f64, Measure, Vec<usize>)> = None;
    for m in [Measure::Chars, Measure::Display] {
        let left = runs(&first.raw, m).first()?.start;
        let upto: Vec<&Line> = lines
            .iter()
            .take_while(|l| !is_prose(l, m, left))
            .copied()
            .collect();
        let cols = column_starts(&upto, m);
        if cols.len() < 2 {
            continue;
        }
        let a = alignment(&upto, m, &cols);
        if best.as_ref().is_none_or(|(b, _, _)| a > *b + 1e-9) {
            best = Some((a, m, cols));
        }
    }
    let (score, m, cols) = best?;
    (score >= 0.75).then(|| {
        let widths = column_widths(lines, m, &cols);
        (m, cols, widths)
    })
}

/// The widest piece each column holds on a line of several cells: a wrapped cell's next
/// line is never wider, a paragraph after the table usually is.
fn column_widths(lines: &[&Line], m: Measure, cols: &[usize]) -> Vec<usize> {
    let mut widths = vec![0; cols.len()];
    for l in lines {
        let r = runs(&l.raw, m);
        if r.len() < 2 {
            continue;
        }
        for x in r {
            if let Some(k) = (0..cols.len()).min_by_key(|&k| cols[k].abs_diff(x.start)) {
                widths[k] = widths[k].max(x.end - x.start);
            }
        }
    }
    widths
}

fn text_width(t: &str, m: Measure) -> usize {
    t.chars().map(|c| width(c, m)).sum()
}

/// Whether the lines from `k` on are a row's first cell alone on its line, then more of
/// the row with its first cell empty (nothing between but blank lines).
fn starts_centred_row(lines: &[Line], k: usize, end: usize, m: Measure, cols: &[usize]) -> bool {
    let mut next = lines[k..end].iter().filter(|l| !l.is_blank());
    let mut cells = || {
        next.next()
            .filter(|l| !l.page_break)
            .and_then(|l| cells_of(&l.raw, m, cols, false))
    };
    let alone = cells().is_some_and(|c| !c[0].is_empty() && c.iter().skip(1).all(String::is_empty));
    alone && cells().is_some_and(|c| c[0].is_empty() && c.iter().any(|x| !x.is_empty()))
}

/// The rows of a table printed in columns from line `from` on, and the index after it.
/// Each page lays its columns out anew, so they are learnt page by page.
fn table_after(lines: &[Line], from: usize) -> Option<(Vec<Line>, usize)> {
    // The candidate block: up to a heading, a caption or tabs.
    let mut end = from;
    while end < lines.len() && end - from < 150 {
        let l = &lines[end];
        if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
            break;
        }
        end += 1;
    }
    let mut rows: Vec<(usize, Vec<String>, bool)> = Vec::new(); // (line no, cells, after break)
    let mut brk = false;
    let mut k = from;
    let mut used = from;
    let mut layout: Option<(Measure, Vec<usize>, Vec<usize>)> = None;
    let mut header = true;
    'lines: while k < end {
        let l = &lines[k];
        if l.page_break {
            brk = true;
            layout = None;
            k += 1;
            continue;
        }
        if l.is_blank() {
            k += 1;
            continue;
        }
        if layout.is_none() {
            let page: Vec<&Line> = lines[k..end]
                .iter()
                .take_while(|l| !l.page_break)
                .filter(|l| !l.is_blank())
                .collect();
            layout = layout_of(&page);
            if layout.is_none() {
                break 'lines;
            }
        }
        let Some((m, cols, widths)) = &layout else {
            break;
        };
        let Some(cells) = cells_of(&l.raw, *m, cols, header) else {
            break;
        };
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        if filled == 1 && !header {
            let (col, cell) = cells.iter().enumerate().find(|(_, c)| !c.is_empty())?;
            // Wider than its column: prose after the table.
            if text_width(cell, *m) > widths[col] + 2 {
                break;
            }
        }
        header = false;
        k += 1;
        let started = !rows.is_empty();
        // A line whose first cell is empty goes on with the row above (a wrapped cell),
        // unless the row's first cell stands alone on the next line with more of this
        // cell after it: a typesetter that centres cells vertically (LibreOffice) puts a
        // short first cell between the lines of its row's longer one.
        let first_empty = cells.first().is_some_and(String::is_empty);
        let centred_below = first_empty && starts_centred_row(lines, k, end, *m, cols);
        let goes_on = (filled == 1 || first_empty) && !centred_below;
        match rows.last_mut() {
            Some((_, row, _)) if goes_on && !brk => {
                for (cell, add) in row.iter_mut().zip(&cells) {
                    if !add.is_empty() {
                        if cell.is_empty() {
                            *cell = add.clone();
                        } else {
                            text::join_broken_into(cell, add);
                        }
                    }
                }
            }
            _ if filled >= 2 || started => {
                rows.push((l.no, cells, brk));
                brk = false;
            }
            _ => break,
        }
        used = k;
    }
    let multi = rows
        .iter()
        .filter(|(_, r, _)| r.iter().filter(|c| !c.is_empty()).count() >= 2)
        .count();
    if multi < 2 {
        return None;
    }
    let mut out = Vec::new();
    for (no, cells, brk) in rows {
        if brk {
            out.push(Line::page_break(no));
        }
        out.push(Line::new(no, &cells.join("\t")));
    }
    Some((out, used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines;

    fn rows(text: &str) -> Vec<String> {
        read_tables(&test_lines(text))
            .into_iter()
            .map(|l| l.raw)
            .collect()
    }

    #[test]
    fn numbered_rows_in_reading_order_run_to_the_next_number() {
        // pdftotext (reading order) of LibreOffice's print of seed 003, table 6: the
        // header's cells a space apart, each number alone (the furniture pass takes it
        // for a page number), a row's text wrapped and cut by a page footer, the next
        // paragraph after a blank line.
        let mut lines = test_lines(
            "表 6 建设弹性的原料药供应链的政策建议\n序号 建 议\n1\n\n促进本地生产，促进国际合作：①确定财政激\n第 13 页\n\n产能力；②建立新的平台\n应链，以识别和降低风险\n2\n\n应急能力建设。探索创建和扩大\n战略储备\n\n3\n\n促进国际合作，与盟友建立伙伴关系\n\n二、脆弱供应链的驱动因素\n",
        );
        for l in &mut lines {
            let digits = !l.text.is_empty() && l.text.bytes().all(|b| b.is_ascii_digit());
            if l.text == "第 13 页" || digits {
                l.text.clear();
                l.page_break = true;
            }
        }
        let out: Vec<String> = read_tables(&lines).into_iter().map(|l| l.raw).collect();
        assert_eq!(
            out[1..5],
            [
                "序号\t建 议",
                "1\t促进本地生产，促进国际合作：①确定财政激产能力；②建立新的平台应链，以识别和降低风险",
                "2\t应急能力建设。探索创建和扩大战略储备",
                "3\t促进国际合作，与盟友建立伙伴关系",
            ]
        );
        assert!(out[5..].iter().any(|l| l == "二、脆弱供应链的驱动因素"));
    }

    #[test]
    fn labels_beside_text_in_reading_order_alternate_block_by_block() {
        // pdftotext (reading order) of LibreOffice's print of seed 003, table 1: a blank
        // line after each cell, labels wrapped in their narrow column, a row a footnote
        // split after `、`; then the next table's caption.
        let text = "表 1 半导体供应链 5 个基本环节及评估\n供应链环\n节\n\n评估\n\n设计\n\n美国半导体设计生态系统世界领先，但高度依赖对华销售\n业的知识产权\n\n装配、测\n试、\n\n严重依赖亚洲的资源进行后端封装；无法发展具有重大技\n\n封装和高级\n封装\n\n术进步潜力的高级封装行业，而中国有潜力颠覆市场\n\n制造设备\n\n美国在大多数类型的前端半导体制造设备在全球生产中\n\n表 2 建设弹性的半导体供应链的政策建议\n";
        assert_eq!(
            rows(text)[1..5],
            [
                "供应链环节\t评估",
                "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售业的知识产权",
                "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场",
                "制造设备\t美国在大多数类型的前端半导体制造设备在全球生产中",
            ]
        );
        // A label that runs wide on its second line is another layout: nothing is read.
        let mixed = "表 1 中国的政策\n中国创新政策\n\n具体手段\n\n知识产权\n\n“知识产权盗窃”是中国的重要政策工具。知\n\n政府支持的风险投\n政府对其认为具有战略意义的行业进行巨大规\n资\n\n对中国企业的补贴\n\n各级政府为先进技术企业提供大量补贴（拨款\n";
        assert!(!rows(mixed).iter().any(|l| l.contains('\t')));
    }

    #[test]
    fn labels_and_numbers_sharing_lines_in_reading_order() {
        // pdftotext (reading order) of LibreOffice's print of seed 000, table 1: the
        // header's last two cells on one line, some labels beside their first number,
        // the last row's numbers printed in the wrong order (a centred cell).
        let text = "表 1 按投诉性质分类情况表\n项目\n\n2021 年一季 度(件) 投诉比重 (%)\n\n售后服务 90248\n\n33.29\n\n合同\n\n67614\n\n24.94\n\n人格尊严 1748\n\n0.64\n\n其他\n\n10.82\n\n29315\n\n（二）商品和服务类别分析\n";
        assert_eq!(
            rows(text)[1..6],
            [
                "项目\t2021 年一季 度(件)\t投诉比重 (%)",
                "售后服务\t90248\t33.29",
                "合同\t67614\t24.94",
                "人格尊严\t1748\t0.64",
                "其他\t29315\t10.82",
            ]
        );
        assert!(rows(text)[6..]
            .iter()
            .any(|l| l == "（二）商品和服务类别分析"));
    }

    #[test]
    fn labels_and_numbers_a_row_a_line() {
        // `pdftotext -raw` of LibreOffice's print of seed 000: a row a line, the whole
        // header on one.
        let raw = "表 1 按投诉性质分类情况表\n项目 2021 年一季 度(件) 投诉比重 (%)\n售后服务 90248 33.29\n合同 67614 24.94\n其他 29315 10.82\n（二）商品和服务类别分析\n";
        assert_eq!(
            rows(raw)[1..5],
            [
                "项目\t2021 年一季 度(件)\t投诉比重 (%)",
                "售后服务\t90248\t33.29",
                "合同\t67614\t24.94",
                "其他\t29315\t10.82",
            ]
        );
    }

    #[test]
    fn a_table_after_one_left_as_text_is_not_read_in_reading_order() {
        // Table 1 cannot be read; table 2, numbered, would be the article's first table.
        let text = "表 1 甲\n一段无法读成表格的文字，它很长很长很长很长很长很长。\n\n表 2 乙\n序号 建议\n1\n\n第一条建议的文字\n\n2\n\n第二条建议的文字\n\n后文。\n";
        assert!(!rows(text).iter().any(|l| l.contains('\t')));
        let alone = &text[text.find("表 2").unwrap()..];
        assert_eq!(rows(alone).iter().filter(|l| l.contains('\t')).count(), 3);
    }

    #[test]
    fn wrapped_cells_join_the_cell_above_and_header_pieces_their_column() {
        // pdftotext -layout of Chromium's print of seed 003 (table 2): the header's first
        // cell wraps (`序` / `号`), so does a body cell.
        let text = "表 2 建设弹性的半导体供应链的政策建议\n\n \
            序       建议\n 号\n 1       与业界合作促进投资\n\n 2       为《为芯片生产\n \
            6       鼓励外国制造商与材料供应商投资美国\n         就半导体供应链弹性进行合作\n\n\
            这是正文的一段，比表格的任何一格都宽得多，它从左边开始一直写到页面的右边为止。";
        let got = rows(text);
        assert_eq!(got[1], "序号\t建议");
        assert_eq!(got[2], "1\t与业界合作促进投资");
        assert_eq!(
            got[4],
            "6\t鼓励外国制造商与材料供应商投资美国就半导体供应链弹性进行合作"
        );
        assert!(got.last().is_some_and(|l| l.starts_with("这是正文")));
    }

    #[test]
    fn header_cells_one_space_apart_are_cut_where_the_body_columns_start() {
        // LibreOffice's PDF of seed 000 (table 1) through pdftotext -layout: positions in
        // display columns, the header's last two cells one space apart.
        let text = "表 1 按投诉性质分类情况表\n\n\
            项目     2021 年一季 度(件) 投诉比重 (%)\n\
            售后服务 90248             33.29\n\
            合同     67614           24.94\n\
            其他     29315           10.82\n\
            （二）商品和服务类别分析";
        let got = rows(text);
        assert_eq!(got[1], "项目\t2021 年一季 度(件)\t投诉比重 (%)");
        assert_eq!(got[2], "售后服务\t90248\t33.29");
        assert_eq!(got[5], "（二）商品和服务类别分析");
    }

    #[test]
    fn cells_one_per_line_are_rows_when_the_numbers_show_the_period() {
        // pdftotext (reading order) of Chromium's print of seed 000, table 1: one cell a
        // line, blank lines between, a page break inside.
        let text = "表 1 按投诉性质分类情况表\n项目\n\n2021 年一季 度(件)\n\n投诉比重 (%)\n\n\
            售后服务\n\n90248\n\n33.29\n\n合同\n\n67614\n\n24.94\n\u{c}质量\n\n49347\n\n\
            18.20\n\n（二）商品和服务类别分析\n在所有投诉中，商品类投诉为 125,326 件。";
        let got: Vec<String> = rows(text).into_iter().filter(|l| !l.is_empty()).collect();
        assert_eq!(got[1], "项目\t2021 年一季 度(件)\t投诉比重 (%)");
        assert_eq!(got[2], "售后服务\t90248\t33.29");
        assert_eq!(got[4], "质量\t49347\t18.20");
        assert_eq!(got[5], "（二）商品和服务类别分析");
        // Short lines without numbers are no table: they stay as they were.
        let text = "表 1 说明\n甲\n乙\n丙\n丁\n戊\n己";
        assert_eq!(rows(text).len(), 7);
    }

    #[test]
    fn a_first_cell_centred_between_its_rows_lines_starts_that_row() {
        // pdftotext -layout of LibreOffice's PDF of seed 003 (table 2): cells centred
        // vertically, so row 6's number stands between the two lines of its text.
        let text = "表 2 建设弹性的半导体供应链的政策建议\n\n\
            序号 建 议\n\
            1    与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题\n\
            5    增加投资，建设 STEM（科学、技术、工程和数学）人才输送渠道\n\
            \x20    鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区\n\
            6\n\
            \x20    基础，与盟国及伙伴就半导体供应链弹性进行合作\n\
            7    保护美国在半导体制造和先进封装方面的技术优势";
        let got = rows(text);
        assert_eq!(
            got[3],
            "5\t增加投资，建设 STEM（科学、技术、工程和数学）人才输送渠道"
        );
        assert_eq!(
            got[4],
            "6\t鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区基础，与盟国及伙伴就半导体供应链弹性进行合作"
        );
        assert_eq!(got[5], "7\t保护美国在半导体制造和先进封装方面的技术优势");
    }

    #[test]
    fn spaces_in_prose_after_a_caption_are_not_a_table() {
        let text = "表 1 说明\n这是一段话  中间有两个空格，\n但它不是表格。";
        assert_eq!(rows(text).len(), 3);
    }
}
