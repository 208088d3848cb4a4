//! Tables a converter printed with spaces between their columns (`pdftotext -layout`, a
//! fixed-width export): no tabs, a wrapped cell's next lines under it with the other
//! columns empty, header cells one space apart. After a table caption (`表 N …`), the
//! lines whose pieces start at the same few positions are the table: each is cut at those
//! positions into cells, a line with a single cell goes on with the cell above it, and the
//! rows are written with tabs, as the body reader expects. Positions are counted in
//! characters or in display columns (a CJK character two), whichever aligns the block
//! better: converters differ (poppler counts characters of some fonts, columns of others).

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

/// The article's lines with each table printed in columns after its caption rewritten
/// as tab-separated rows (one line a row); other lines as they were.
pub fn read_tables(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        out.push(lines[i].clone());
        if !is_caption(&lines[i]) {
            i += 1;
            continue;
        }
        i += 1;
        if let Some((rows, next)) = table_after(lines, i).or_else(|| cells_one_per_line(lines, i)) {
            out.extend(rows);
            i = next;
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
