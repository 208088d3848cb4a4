//! The `-layout` reader: tables a converter printed with spaces between their columns
//! (`pdftotext -layout`, a fixed-width export). After a caption, the lines whose pieces
//! start at the same few positions are the table; positions are counted in characters or
//! in display columns (a CJK character two), whichever aligns the block better, and are
//! learnt page by page. Each line is cut into cells, then the lines are grouped into rows:
//! by a row's first line where cells start there (Chromium), by its middle line where a
//! typesetter centred cells vertically (LibreOffice, whose short cells then sit on lines of
//! their own between their neighbours' lines).

use super::{is_caption, Rows};
use crate::import::Line;
use crate::text;

#[derive(Clone, Copy, PartialEq)]
enum Measure {
    Chars,
    Display,
}

fn width(c: char, m: Measure) -> usize {
    match m {
        Measure::Chars => 1,
        Measure::Display => crate::import::reflow::columns(c),
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

/// The alignment of the lines after the first, when two of them or more hold several
/// pieces: a header centres its cells over their columns, so where the body's cells
/// start at the columns its pieces need not. Asked only when no measure aligns the lines
/// with the header.
///
/// The first row must then start on the line after the header, with cells in its first
/// column and another (cells centred in their rows are not read so).
fn body_alignment(lines: &[&Line], m: Measure, cols: &[usize]) -> f64 {
    let body = lines.get(1..).unwrap_or_default();
    let several = body.iter().filter(|l| runs(&l.raw, m).len() >= 2).count();
    let first_row = body.first().map(|l| runs(&l.raw, m));
    let starts_row = first_row
        .is_some_and(|r| r.len() >= 2 && cols.first().is_some_and(|&c| r[0].start <= c + 1));
    if several >= 2 && starts_row {
        alignment(body, m, cols)
    } else {
        0.0
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

/// A body paragraph's line: one piece from the left margin, wide.
fn is_prose(l: &Line, m: Measure, left: usize) -> bool {
    let r = runs(&l.raw, m);
    r.len() == 1 && r[0].start <= left + 2 && r[0].end - r[0].start >= 40
}

/// The measure and column starts that align a page's lines of a table best.
fn layout_of(lines: &[&Line]) -> Option<Layout> {
    layout_by(lines, false).or_else(|| layout_by(lines, true))
}

/// `layout_of` with the lines' alignment, or (`body_only`) that of the lines after the
/// first: see `body_alignment`.
fn layout_by(lines: &[&Line], body_only: bool) -> Option<Layout> {
    let first = lines.first()?;
    // (alignment, header pieces at a column, measure, columns, stacked)
    let mut best: Option<(f64, usize, Measure, Vec<usize>, bool)> = None;
    for m in [Measure::Chars, Measure::Display] {
        let left = runs(&first.raw, m).first()?.start;
        let upto: Vec<&Line> = lines
            .iter()
            .take_while(|l| !is_prose(l, m, left))
            .copied()
            .collect();
        let (cols, a, stacked) = match column_starts(&upto, m) {
            cols if cols.len() >= 2 => {
                let a = if body_only {
                    body_alignment(&upto, m, &cols)
                } else {
                    alignment(&upto, m, &cols)
                };
                (cols, a, false)
            }
            _ => match stacked_columns(&upto, m) {
                Some((cols, a)) => (cols, a, true),
                None => continue,
            },
        };
        let hits = header_hits(first, m, &cols);
        let better = best.as_ref().is_none_or(|(b, h, _, c, _)| {
            let tie = (a - *b).abs() <= 1e-9 && cols.len() == c.len();
            a > *b + 1e-9 || (tie && hits > *h)
        });
        if better {
            best = Some((a, hits, m, cols, stacked));
        }
    }
    let (score, _, m, cols, stacked) = best?;
    (score >= 0.75).then(|| {
        let widths = column_widths(lines, m, &cols);
        Layout {
            m,
            cols,
            widths,
            stacked,
        }
    })
}

/// How a page prints a table: the measure of positions, where each column starts, the
/// widest piece each holds, and whether no line holds two cells.
struct Layout {
    m: Measure,
    cols: Vec<usize>,
    widths: Vec<usize>,
    stacked: bool,
}

/// A line of a table none of whose lines holds two cells, cut where the converter
/// placed it: its one piece goes to the column nearest its start. A column that moved on
/// the page (the source split the table, and each part was typeset anew) is learnt as
/// two, and a piece of the first may run past where the second starts.
fn stacked_cells(raw: &str, layout: &Layout) -> Option<Vec<String>> {
    let [run] = &runs(raw, layout.m)[..] else {
        return None;
    };
    let cols = &layout.cols;
    let col = (0..cols.len()).min_by_key(|&k| cols[k].abs_diff(run.start))?;
    let mut cells = vec![String::new(); cols.len()];
    cells[col] = run.text.trim().to_string();
    (col > 0 || cols.get(1).is_some_and(|&c| run.end <= c + 1)).then_some(cells)
}

/// The columns of a table none of whose lines holds two cells (a typesetter that centres
/// cells vertically puts a short cell on a line of its own beside a longer one): the
/// positions where two lines or more start, and the share of lines that start at one.
fn stacked_columns(lines: &[&Line], m: Measure) -> Option<(Vec<usize>, f64)> {
    let starts: Vec<usize> = lines
        .iter()
        .filter_map(|l| runs(&l.raw, m).first().map(|r| r.start))
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    let mut cols: Vec<usize> = Vec::new();
    for w in sorted.windows(2) {
        if w[1] <= w[0] + 1 && cols.last().is_none_or(|&c| w[0] > c + 1) {
            cols.push(w[0]);
        }
    }
    if cols.len() < 2 {
        return None;
    }
    let on = starts
        .iter()
        .filter(|&&s| cols.iter().any(|&c| c.abs_diff(s) <= 1))
        .count();
    Some((cols, on as f64 / starts.len() as f64))
}

/// How many of a header line's pieces (runs, and words one space apart) start at a
/// column: where the body aligns as well in either measure, the header's cells decide.
fn header_hits(first: &Line, m: Measure, cols: &[usize]) -> usize {
    runs(&first.raw, m)
        .iter()
        .flat_map(|r| std::iter::once(r.start).chain(r.singles.iter().map(|s| s.0)))
        .filter(|&p| cols.iter().any(|&c| c.abs_diff(p) <= 1))
        .count()
}

/// The widest piece each column holds on a line of several cells, or on a line of its
/// own beside a line of another column (cells centred in their rows): a wrapped cell's
/// next line is never wider, a paragraph after the table usually is.
fn column_widths(lines: &[&Line], m: Measure, cols: &[usize]) -> Vec<usize> {
    let mut widths = vec![0; cols.len()];
    let all: Vec<Vec<Run>> = lines.iter().map(|l| runs(&l.raw, m)).collect();
    // A line holding one cell: of the first column, or of another.
    let inner = |r: &[Run]| r.len() == 1 && cols[1..].iter().any(|c| c.abs_diff(r[0].start) <= 1);
    let outer = |r: &[Run]| r.len() == 1 && r[0].start <= cols[0] + 1;
    for (i, r) in all.iter().enumerate() {
        let beside = |other: &dyn Fn(&[Run]) -> bool| {
            let at = |j: Option<usize>| j.and_then(|j| all.get(j)).is_some_and(|r| other(r));
            at(i.checked_sub(1)) || at(Some(i + 1))
        };
        let stacked = (inner(r) && beside(&outer)) || (outer(r) && beside(&inner));
        if r.len() < 2 && !stacked {
            continue;
        }
        for x in r {
            if let Some(k) = (0..cols.len()).min_by_key(|&k| cols[k].abs_diff(x.start)) {
                // A piece of the first column that runs past the next is prose; one of
                // another column may be a column that moved (see `stacked_cells`).
                if k > 0 || cols.get(1).is_none_or(|&next| x.end <= next + 1) {
                    widths[k] = widths[k].max(x.end - x.start);
                }
            }
        }
    }
    widths
}

fn text_width(t: &str, m: Measure) -> usize {
    t.chars().map(|c| width(c, m)).sum()
}

/// A line of a table cut into its cells, with what came before it.
struct Printed {
    no: usize,
    cells: Vec<String>,
    /// A page's furniture (or a footnote) before it.
    brk: bool,
    /// A blank line before it.
    gap: bool,
    /// Per cell, whether its text fills its column, and whether it falls well short of it
    /// (a wrapped cell's lines before its last fill it): see `mark_full_lines`.
    full: Vec<bool>,
    short: Vec<bool>,
    /// The index of the line after it.
    next: usize,
}

/// A row: the line number of its first line, its cells, and whether a page broke before it.
type Row = (usize, Vec<String>, bool);

fn filled(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.is_empty()).count()
}

/// Each cell of `add` joined to the cell of `row` in its column (a wrapped cell's next line).
fn join_cells(row: &mut [String], add: &[String]) {
    for (cell, add) in row.iter_mut().zip(add) {
        if !add.is_empty() {
            text::join_broken_into(cell, add);
        }
    }
}

/// Per column, `l` where it has text there: the new row's last line in each column.
fn filled_by(l: &Printed) -> Vec<Option<&Printed>> {
    l.cells
        .iter()
        .map(|c| (!c.is_empty()).then_some(l))
        .collect()
}

/// Rows of a table whose cells start on their row's first line (Chromium's print, a
/// fixed-width export): a line whose first cell is empty goes on with the row above (a
/// wrapped cell), unless the row's first cell stands alone on the next line with more of
/// this cell after it (a first cell centred between its row's lines).
fn rows_top_aligned(lines: &[Printed]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    // Per column, the row's last line with text there.
    let mut last: Vec<Option<&Printed>> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if starts_row_without_first_cell(l, &last) {
            rows.push((l.no, l.cells.clone(), l.brk));
            last = filled_by(l);
            continue;
        }
        let first_empty = l.cells.first().is_some_and(String::is_empty);
        let alone = |p: &Printed| {
            !p.brk && !p.cells[0].is_empty() && p.cells.iter().skip(1).all(String::is_empty)
        };
        let centred_below = first_empty
            && lines.get(k + 1).is_some_and(alone)
            && lines
                .get(k + 2)
                .is_some_and(|p| !p.brk && p.cells[0].is_empty() && filled(&p.cells) > 0);
        let goes_on =
            (filled(&l.cells) == 1 || first_empty || all_cells_wrap(l, &last)) && !centred_below;
        match rows.last_mut() {
            Some((_, row, _)) if goes_on && !l.brk => {
                join_cells(row, &l.cells);
                for (c, cell) in l.cells.iter().enumerate() {
                    if !cell.is_empty() {
                        if let Some(at) = last.get_mut(c) {
                            *at = Some(l);
                        }
                    }
                }
            }
            _ => {
                rows.push((l.no, l.cells.clone(), l.brk));
                last = filled_by(l);
            }
        }
    }
    rows
}

/// Whether every cell of a line goes on from a line above that filled its column: the
/// row's cells all wrapped, its first cell too (`1、重建美国生产和创` / `新能力`), so the
/// line is the row's next, not a new row. Right after a blank line it is a new row, and
/// numbers never wrap (a column of numbers as wide as each other fills its column).
fn all_cells_wrap(l: &Printed, last: &[Option<&Printed>]) -> bool {
    let is_number = super::reading::is_number;
    !l.gap
        && (0..l.cells.len())
            .filter(|&c| !l.cells[c].is_empty())
            .all(|c| {
                last.get(c).copied().flatten().is_some_and(|p| {
                    p.full.get(c).copied().unwrap_or(false)
                        && !is_number(&p.cells[c])
                        && !is_number(&l.cells[c])
                })
            })
}

/// Whether a line without a first cell starts a row of its own (rows under a first cell
/// the source merged over them: `加大重点产品…  投资开发下一代电池…` under `1、重建…`):
/// it has text in two columns or more, and in each of them the row so far has text
/// whose last line falls short of the column (a wrapped cell's lines before its last
/// fill it, so every cell of the row had ended).
fn starts_row_without_first_cell(l: &Printed, last: &[Option<&Printed>]) -> bool {
    let texts: Vec<usize> = (1..l.cells.len())
        .filter(|&c| !l.cells[c].is_empty())
        .collect();
    !l.brk
        && l.cells.first().is_some_and(String::is_empty)
        && texts.len() >= 2
        && texts.iter().all(|&c| {
            last.get(c)
                .copied()
                .flatten()
                .is_some_and(|p| !p.full.get(c).copied().unwrap_or(true))
        })
}

/// Whether a table's cells are centred in their rows (LibreOffice's print): in the rows
/// read as top-aligned, some cell starts below its row's first line, or goes on after a
/// line that falls well short of its column (a wrapped cell's lines fill it).
fn looks_centred(lines: &[Printed]) -> bool {
    let mut top: Option<&Printed> = None;
    let mut last_short: Vec<Option<bool>> = Vec::new(); // per column, of the row so far
    let mut last: Vec<Option<&Printed>> = Vec::new(); // per column, the row's last line
    for l in lines {
        let new_row = starts_row_without_first_cell(l, &last);
        match top {
            Some(t) if l.cells[0].is_empty() && !l.brk && !l.gap && !new_row => {
                for c in (0..l.cells.len()).filter(|&c| !l.cells[c].is_empty()) {
                    if t.cells[c].is_empty() || last_short[c] == Some(true) {
                        return true;
                    }
                    last_short[c] = Some(l.short[c]);
                    last[c] = Some(l);
                }
            }
            _ => {
                top = Some(l);
                last_short = (0..l.cells.len())
                    .map(|c| (!l.cells[c].is_empty()).then_some(l.short[c]))
                    .collect();
                last = l
                    .cells
                    .iter()
                    .map(|c| (!c.is_empty()).then_some(l))
                    .collect();
            }
        }
    }
    false
}

/// Marks each cell's line that fills its column (as wide as the column's widest line near
/// it, less a character) and each that falls well short of it (under four fifths, after
/// two characters that a line may leave to keep `、` off the next line's start). Widths
/// are display columns, so that a line of Chinese with a few Latin characters fills as
/// much as one without, and are read from the lines of the same page within a few lines:
/// a part of a table the source split off is laid out anew, narrower or wider.
fn mark_full_lines(lines: &mut [Printed]) {
    const NEAR: usize = 8;
    let w: Vec<Vec<usize>> = lines
        .iter()
        .map(|l| {
            l.cells
                .iter()
                .map(|c| text_width(c, Measure::Display))
                .collect()
        })
        .collect();
    for i in 0..lines.len() {
        let page_start = (0..=i).rev().find(|&j| lines[j].brk).unwrap_or(0);
        let page_end = (i + 1..lines.len())
            .find(|&j| lines[j].brk)
            .unwrap_or(lines.len());
        let near = i.saturating_sub(NEAR).max(page_start)..(i + NEAR + 1).min(page_end);
        let widest: Vec<usize> = (0..w[i].len())
            .map(|c| near.clone().map(|j| w[j][c]).max().unwrap_or(0))
            .collect();
        let l = &mut lines[i];
        l.full = (0..w[i].len())
            .map(|c| w[i][c] > 0 && w[i][c] + 2 > widest[c])
            .collect();
        l.short = (0..w[i].len())
            .map(|c| 5 * (w[i][c] + 4) < 4 * widest[c])
            .collect();
    }
}

/// The last line of the row that starts at `s` in a table whose cells are centred
/// vertically: the fewest lines in which every column has text, one column's text spans
/// them all, and every column's text has the same middle (a one-line cell beside a
/// two-line one sits between its lines, so converters print it on a line of its own).
/// A cell's lines before its last fill its column (that is why it wrapped): where two
/// cells wrap line for line beside each other several bands fit, and the row ends where
/// no cell's last line fills its column.
fn centred_band(lines: &[Printed], s: usize) -> Option<usize> {
    let ncols = lines.get(s)?.cells.len();
    let lines_of = |e: usize, c: usize| (s..=e).filter(move |&i| !lines[i].cells[c].is_empty());
    let wraps_full = |e: usize| {
        (0..ncols).all(|c| {
            let on: Vec<usize> = lines_of(e, c).collect();
            on.iter().rev().skip(1).all(|&i| !lines[i].short[c])
        })
    };
    let ends_cells =
        |e: usize| (0..ncols).all(|c| lines_of(e, c).next_back().is_none_or(|i| !lines[i].full[c]));
    let fitting: Vec<usize> = (s..lines.len().min(s + 16))
        .filter(|&e| centred_fits(lines, s, e) && wraps_full(e))
        .collect();
    fitting
        .iter()
        .copied()
        .find(|&e| ends_cells(e))
        .or(fitting.first().copied())
}

/// Whether lines `s..=e` make a row of centred cells (see `centred_band`): every column
/// has text there, centred on the band, and one spans it.
fn centred_fits(lines: &[Printed], s: usize, e: usize) -> bool {
    if lines[s + 1..=e].iter().any(|l| l.brk || l.gap) {
        return false;
    }
    let band = &lines[s..=e];
    let mut spans = false;
    for c in 0..band[0].cells.len() {
        let on: Vec<usize> = (0..band.len())
            .filter(|&i| !band[i].cells[c].is_empty())
            .collect();
        let (Some(&first), Some(&last)) = (on.first(), on.last()) else {
            return false;
        };
        spans |= first == 0 && last == band.len() - 1;
        if first + last != band.len() - 1 {
            return false;
        }
    }
    spans
}

/// Rows of a table whose cells are centred vertically, and how many lines they hold: up
/// to the first line that fits no row. A line without a first cell that fits no row goes
/// on with the row above: after a page's furniture (a row the page cut) or before the
/// next row (a row the source left without its first cell).
fn rows_centred(lines: &[Printed]) -> (Vec<Row>, usize) {
    let mut rows: Vec<Row> = Vec::new();
    let mut s = 0;
    while s < lines.len() {
        let l = &lines[s];
        if let Some(e) = centred_band(lines, s) {
            let mut cells = vec![String::new(); l.cells.len()];
            for p in &lines[s..=e] {
                join_cells(&mut cells, &p.cells);
            }
            rows.push((l.no, cells, l.brk));
            s = e + 1;
            continue;
        }
        let cut_by_page = lines[..=s]
            .iter()
            .rev()
            .take_while(|p| p.cells[0].is_empty())
            .any(|p| p.brk);
        let row_after = || centred_band(lines, s + 1).is_some();
        match rows.last_mut() {
            Some((_, row, _)) if l.cells[0].is_empty() && (cut_by_page || row_after()) => {
                join_cells(row, &l.cells);
                s += 1;
            }
            _ => break,
        }
    }
    (rows, s)
}

/// The rows of a table whose cells are centred, and how many lines they hold. Where some
/// lines fit no row, two neighbouring columns that never share a line may be one column
/// that moved on the page (the source split the table, and each part was typeset anew):
/// the reading with them as one is taken when it holds more lines.
fn centred_reading(lines: &[Printed]) -> (Vec<Row>, usize) {
    let mut best = rows_centred(lines);
    let ncols = lines.first().map_or(0, |l| l.cells.len());
    for c in 0..ncols.saturating_sub(1) {
        if best.1 == lines.len() {
            break;
        }
        let apart = lines
            .iter()
            .all(|l| l.cells[c].is_empty() || l.cells[c + 1].is_empty());
        if !apart {
            continue;
        }
        let merged: Vec<Printed> = lines
            .iter()
            .map(|l| {
                let mut cells = l.cells.clone();
                let moved = cells.remove(c + 1);
                cells[c].push_str(&moved);
                // The flags of whichever of the two holds the text.
                let pick = |v: &[bool]| {
                    let mut v = v.to_vec();
                    let moved = v.remove(c + 1);
                    if l.cells[c].is_empty() {
                        v[c] = moved;
                    }
                    v
                };
                Printed {
                    cells,
                    full: pick(&l.full),
                    short: pick(&l.short),
                    ..*l
                }
            })
            .collect();
        let other = rows_centred(&merged);
        if other.1 > best.1 {
            best = other;
        }
    }
    best
}

/// The rows with two neighbouring columns that never both hold text in a row made one:
/// a column that moved on the page (the source split the table in two, and each part was
/// typeset anew) starts at two positions.
fn merge_moved_columns(mut rows: Vec<Row>) -> Vec<Row> {
    let mut c = 0;
    while c + 1 < rows.first().map_or(0, |r| r.1.len()) {
        let has = |k: usize| rows.iter().any(|(_, r, _)| !r[k].is_empty());
        let apart = rows
            .iter()
            .all(|(_, r, _)| r[c].is_empty() || r[c + 1].is_empty());
        if apart && has(c) && has(c + 1) {
            for (_, r, _) in &mut rows {
                let moved = r.remove(c + 1);
                r[c].push_str(&moved);
            }
        } else {
            c += 1;
        }
    }
    rows
}

/// A line that fits no column, no wider than the last column, between lines of the table
/// (no blank line or page break around it): text of the last column the typesetter
/// placed elsewhere (the rest of a row the source left without its first cell, printed
/// from the margin; a cell of a part of the table laid out anew on the page). Its text
/// goes on in the last column.
fn spanning(
    lines: &[Line],
    k: usize,
    end: usize,
    (m, cols, widths): (Measure, &[usize], &[usize]),
) -> Option<Vec<String>> {
    let l = &lines[k];
    let next = lines
        .get(k + 1)
        .filter(|n| k + 1 < end && !n.is_blank() && !n.page_break)?;
    if k == 0 || lines[k - 1].is_blank() || lines[k - 1].page_break {
        return None;
    }
    let narrow = text_width(&l.text, m) <= widths.last()? + 2;
    let table_after = cells_of(&next.raw, m, cols, false).is_some_and(|c| filled(&c) >= 1);
    (narrow && table_after && runs(&l.raw, m).len() == 1).then(|| {
        let mut cells = vec![String::new(); cols.len()];
        if let Some(last) = cells.last_mut() {
            last.clone_from(&l.text);
        }
        cells
    })
}

/// Whether a line the furniture pass took for a page number may be a cell: a bare number
/// with more text on the next line, not a new page (a serial number alone on its line,
/// centred in its row).
fn number_in_table(l: &Line, next: Option<&Line>) -> bool {
    let bare = l.raw.trim();
    let page_after =
        next.is_none_or(|n| n.page_break || n.is_blank() || n.raw.starts_with('\u{c}'));
    l.page_break && !page_after && !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit())
}

/// The cells of a number the furniture pass took for a page number, when it starts at a
/// column of the table.
fn number_cell(l: &Line, next: Option<&Line>, m: Measure, cols: &[usize]) -> Option<Vec<String>> {
    if !number_in_table(l, next) {
        return None;
    }
    let run = runs(&l.raw, m).into_iter().next()?;
    cols.iter()
        .any(|&c| c.abs_diff(run.start) <= 1)
        .then(|| cells_of(&l.raw, m, cols, false))
        .flatten()
}

/// The rows of a table printed in columns from line `from` on, and the index after it.
/// Each page lays its columns out anew, so they are learnt page by page. The lines are
/// cut into cells first, then grouped into rows: by their first line when the cells
/// start there, by their middle line when a typesetter centred them.
pub(super) fn table_after(lines: &[Line], from: usize) -> Option<Rows> {
    // The candidate block: up to a heading, a caption or tabs.
    let mut end = from;
    while end < lines.len() && end - from < 150 {
        let l = &lines[end];
        if l.md_level.is_some() || is_caption(l) || l.raw.contains('\t') {
            break;
        }
        end += 1;
    }
    let mut printed: Vec<Printed> = Vec::new();
    let (mut brk, mut gap) = (false, false);
    let mut first_row = from;
    let mut k = from;
    let mut used = from;
    let mut layout: Option<Layout> = None;
    while k < end {
        let l = &lines[k];
        let number = match (&layout, l.page_break) {
            (Some(p), true) => number_cell(l, lines.get(k + 1), p.m, &p.cols),
            _ => None,
        };
        if l.page_break && number.is_none() {
            brk = true;
            layout = None;
            k += 1;
            continue;
        }
        if l.is_blank() {
            gap = true;
            k += 1;
            continue;
        }
        // The header a typesetter repeats at the top of each page the table runs onto.
        let header_again = printed.first().is_some_and(|_| {
            let squashed = |t: &str| t.split_whitespace().collect::<String>();
            layout.is_none()
                && lines
                    .get(first_row)
                    .is_some_and(|h| squashed(&l.text) == squashed(&h.text))
        });
        if header_again {
            k += 1;
            continue;
        }
        if layout.is_none() {
            let page: Vec<&Line> = (k..end)
                .take_while(|&j| {
                    !lines[j].page_break || number_in_table(&lines[j], lines.get(j + 1))
                })
                .map(|j| &lines[j])
                .filter(|l| !l.is_blank())
                .collect();
            layout = layout_of(&page);
        }
        let Some(page) = &layout else {
            break;
        };

        let (m, cols, widths) = (&page.m, &page.cols, &page.widths);
        let cut = cells_of(&l.raw, *m, cols, printed.is_empty())
            .or_else(|| page.stacked.then(|| stacked_cells(&l.raw, page)).flatten());
        let cells = match number.or(cut) {
            Some(c) => c,
            None => match spanning(lines, k, end, (*m, cols, widths)) {
                Some(c) if !printed.is_empty() => c,
                _ => break,
            },
        };
        if filled(&cells) == 1 && !printed.is_empty() {
            let (col, cell) = cells.iter().enumerate().find(|(_, c)| !c.is_empty())?;
            // Wider than its column: prose after the table.
            if text_width(cell, *m) > widths[col] + 2 {
                break;
            }
        }
        // A column of numbers in every row so far takes no text: the line is prose after
        // the table that the columns happened to cut.
        let numeric = |c: usize| {
            printed.len() >= 3
                && printed[1..]
                    .iter()
                    .all(|p| p.cells.get(c).is_some_and(|x| super::reading::is_number(x)))
        };
        if (1..cells.len())
            .any(|c| numeric(c) && !cells[c].is_empty() && !super::reading::is_number(&cells[c]))
        {
            break;
        }
        if printed.is_empty() {
            first_row = k;
        }
        printed.push(Printed {
            no: l.no,
            cells,
            brk,
            gap,
            full: Vec::new(),
            short: Vec::new(),
            next: k + 1,
        });
        (brk, gap) = (false, false);
        k += 1;
        used = k;
    }
    // Each page learns its columns: a page short of a column has it empty.
    let ncols = printed.iter().map(|p| p.cells.len()).max().unwrap_or(0);
    for p in &mut printed {
        p.cells.resize(ncols, String::new());
    }
    mark_full_lines(&mut printed);
    // Centred rows are taken when they hold most of the lines: the rest is what follows
    // the table.
    let (centred, n) = if looks_centred(&printed) {
        centred_reading(&printed)
    } else {
        (Vec::new(), 0)
    };
    let rows = if centred.len() >= 2 && 10 * n >= 7 * printed.len() {
        used = printed[n - 1].next;
        centred
    } else {
        rows_top_aligned(&printed)
    };
    let mut rows = numbers_beside_labels(merge_moved_columns(rows));
    if let (Some(first), Some(head)) = (rows.first_mut(), lines.get(first_row)) {
        if let Some(header) = one_run_header(&head.raw, first.1.len()) {
            first.1 = header;
        }
    }
    // A first cell cut after `、` goes on in the next row (a page or a footnote split the
    // row in the source).
    let mut k = 1;
    while k + 1 < rows.len() {
        if rows[k].1[0].ends_with(['、', '，']) {
            let (_, next, _) = rows.remove(k + 1);
            join_cells(&mut rows[k].1, &next);
        } else {
            k += 1;
        }
    }
    let multi = rows.iter().filter(|(_, r, _)| filled(r) >= 2).count();
    if multi < 2 || rows.first().is_some_and(|(_, r, _)| filled(r) < 2) {
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

/// A header printed as one run, its cells a single space apart
/// (`商品大类 2021 年一季度 (件) 投诉比重 (%)`): where its words fall is no guide to the
/// columns (a CJK character's width differs between the typesetter and the converter),
/// so it is cut by its text, after each unit in brackets and after the first word, when
/// that gives as many cells as the table has columns.
fn one_run_header(raw: &str, ncols: usize) -> Option<Vec<String>> {
    let [run] = &runs(raw, Measure::Chars)[..] else {
        return None;
    };
    if run.singles.is_empty() {
        return None;
    }
    super::reading::header_cells(std::slice::from_ref(&run.text), ncols)
}

/// The rows with a number printed a single space after its row's label
/// (`售后服务 90248`) moved into the column after the label: into that column where it is
/// empty in the row, or into a column of its own when every row of the body prints its
/// number so (the converter then found no column there: the header is cut anew).
fn numbers_beside_labels(mut rows: Vec<Row>) -> Vec<Row> {
    let split = |cell: &str| -> Option<(String, String)> {
        let pieces = super::reading::number_pieces(cell);
        match &pieces[..] {
            [label, number] if !label.is_empty() => Some((label.clone(), number.clone())),
            _ => None,
        }
    };
    let ncols = rows.first().map_or(0, |r| r.1.len());
    if rows.len() < 3 || ncols < 2 {
        return rows;
    }
    for (_, r, _) in rows.iter_mut().skip(1) {
        if r[1].is_empty() {
            if let Some((label, number)) = split(&r[0]) {
                (r[0], r[1]) = (label, number);
            }
        }
    }
    let all = rows[1..].iter().all(|(_, r, _)| split(&r[0]).is_some());
    let numbers_after = rows[1..]
        .iter()
        .all(|(_, r, _)| r[1..].iter().all(|c| super::reading::is_number(c)));
    if all && numbers_after {
        let header = super::reading::header_cells(&rows[0].1, ncols + 1);
        if let Some(header) = header {
            rows[0].1 = header;
            for (_, r, _) in rows.iter_mut().skip(1) {
                if let Some((label, number)) = split(&r[0]) {
                    r[0] = label;
                    r.insert(1, number);
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::tests::rows;

    #[test]
    fn a_header_centred_over_its_columns_does_not_outvote_the_body() {
        // pdftotext -layout of Chromium's print of seed 003 (alt-b, table 1): the header's
        // second cell centred far right of its column, a first cell that fills its column
        // printed a single space before its text (one piece, read as prose), so the
        // header's piece alone would leave too few pieces at a column.
        let text = "\x20 表1 半导体供应链5个基本环节及评估\n\
            \x20  供应链环节                     评估\n\
            设计          美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计\n\
            \x20           企业的知识产权、劳动力和制造资源有限\n\
            制造          美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成\n\
            \x20           熟节点芯片主要依赖台湾、韩国和中国\n\
            装配、测试、封装和 严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级\n\
            高级封装        封装行业，而中国有潜力颠覆市场";
        let got = rows(text);
        assert_eq!(got[1], "供应链环节\t评估");
        assert_eq!(
            got[2],
            "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限"
        );
        assert_eq!(
            got[4],
            "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场"
        );
    }
}
