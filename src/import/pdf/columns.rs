//! Two-column pages: where a vertical gutter splits the text, the left column is read
//! before the right one.
//!
//! A gutter is an x band that no glyph crosses through a run of consecutive rows, with
//! text on both sides; the rows above and below a run (a title, a heading set across both
//! columns, running heads and feet) are read across, in their place. Conservative, so
//! that a table is not taken for columns: each side holds at least six lines, a third of
//! them (six at least) prose lines filling their column to the gutter (a table's cells
//! end ragged), each side at least eight ems wide, the gutter under six ems, no drawn
//! rule down it, and no more than a quarter of the lines with a gap of over 1.5 em
//! inside a side (a table of four columns is no pair of two).

use super::{page_rows, rows_of, Glyph, Page};
use std::collections::HashMap;

/// Where a page's line came from: read across the page, or in a column of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(super) enum Column {
    #[default]
    Across,
    Left,
    Right,
}

/// Rows read across the page or down one column.
pub(super) type Segment<'a> = (Column, Vec<Vec<&'a Glyph>>);

/// Runs of rows (start, end) a gutter splits.
type Runs = Vec<(usize, usize)>;

/// Fewest lines on each side of a gutter, where a page shows it first.
const MIN_LINES: usize = 6;

/// Fewest lines on each side of a band read at a gutter the page (or the document)
/// already showed: a few lines between a heading set across and a table.
const MIN_BAND_LINES: usize = 2;

/// A gutter and the two columns it parts, as the runs that showed it measure them.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// An x no glyph of the columns' lines crosses.
    x: f64,
    /// The left column's start and end.
    left: (f64, f64),
    /// The right column's start and end.
    right: (f64, f64),
    /// The page's width (a document's frame holds for pages of its width).
    page_width: f64,
}

/// Every page's rows in reading order, in runs read across or down one column.
///
/// A page shows a gutter where it runs through six lines a side of prose (`gutter`); a
/// page that shows none, among pages that do, is read at theirs (a page of short bands
/// between tables and headings set across). At the gutter the page is read band by
/// band: rows across the gutter (a title, a wide table, a caption) are read across, in
/// their place; the rows between them, in the left column and then the right, when they
/// hold two columns' lines (`is_two_columns` against the frame).
pub(super) fn segments_of(pages: &[Page]) -> Vec<Vec<Segment<'_>>> {
    let rows: Vec<Vec<Vec<&Glyph>>> = pages.iter().map(visible_rows).collect();
    let found: Vec<Option<Frame>> = pages
        .iter()
        .zip(&rows)
        .map(|(page, rows)| frame(page, rows))
        .collect();
    let widths: Vec<f64> = pages.iter().map(|p| p.width).collect();
    pages
        .iter()
        .zip(&rows)
        .zip(&found)
        .map(|((page, rows), own)| {
            let frame = own.or_else(|| document_frame(&found, &widths, page.width));
            match frame {
                Some(frame) => read_in_bands(page, rows, &frame)
                    .unwrap_or_else(|| vec![(Column::Across, page_rows(page))]),
                None => vec![(Column::Across, page_rows(page))],
            }
        })
        .collect()
}

/// The rows of a page's visible glyphs.
fn visible_rows(page: &Page) -> Vec<Vec<&Glyph>> {
    rows_of(
        page.glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .collect(),
    )
}

/// The frame the pages of this width show, the middle one by the gutter's x: when two
/// pages at least, and a quarter of the pages of this width, show one.
fn document_frame(found: &[Option<Frame>], widths: &[f64], page_width: f64) -> Option<Frame> {
    let same = |w: f64| (w - page_width).abs() < 1.0;
    let mut frames: Vec<Frame> = found
        .iter()
        .flatten()
        .filter(|f| same(f.page_width))
        .copied()
        .collect();
    let pages = widths.iter().filter(|&&w| same(w)).count();
    if frames.len() < 2 || frames.len() * 4 < pages {
        return None;
    }
    frames.sort_by(|a, b| a.x.total_cmp(&b.x));
    frames.get(frames.len() / 2).copied()
}

/// Two columns' widths are alike (within a fifth): a layout's columns are set equal; a
/// table whose last column stands apart is no pair of columns.
fn alike(a: f64, b: f64) -> bool {
    (a - b).abs() <= a.max(b) * 0.2
}

/// A page's own gutter, where one runs through enough lines of prose on both sides.
fn frame(page: &Page, rows: &[Vec<&Glyph>]) -> Option<Frame> {
    if rows.len() < MIN_LINES + 2 {
        return None;
    }
    let (x, runs) = gutter(page, rows)?;
    let mut left = (f64::MAX, f64::MIN);
    let mut right = (f64::MAX, f64::MIN);
    for g in runs.iter().flat_map(|&(s, e)| rows[s..e].iter().flatten()) {
        let side = if g.x + right_of(g) <= x {
            &mut left
        } else {
            &mut right
        };
        side.0 = side.0.min(g.x);
        side.1 = side.1.max(g.x + right_of(g));
    }
    Some(Frame {
        x,
        left,
        right,
        page_width: page.width,
    })
}

/// How a row stands to the gutter: which of its glyphs are left of `split`, or none (a
/// row read across).
type Split = Option<f64>;

/// A page read band by band at a frame's gutter; None when no band holds two columns.
fn read_in_bands<'a>(
    page: &'a Page,
    rows: &[Vec<&'a Glyph>],
    frame: &Frame,
) -> Option<Vec<Segment<'a>>> {
    let splits = splits(rows, frame.x);
    let mut runs: Runs = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if splits[i].is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && splits[i].is_some() {
            i += 1;
        }
        let split: Vec<f64> = splits[start..i].iter().flatten().copied().collect();
        if is_two_columns(page, &rows[start..i], &split, Some(frame)) {
            runs.push((start, i));
        }
    }
    if runs.is_empty() {
        return None;
    }
    // Each visible glyph goes with its row; a space, to the run its baseline falls in
    // (or across between runs), by the gutter's side it stands on.
    let mut row_of: HashMap<*const Glyph, usize> = HashMap::new();
    for (r, row) in rows.iter().enumerate() {
        for g in row {
            row_of.insert(*g as *const Glyph, r);
        }
    }
    let bounds: Vec<(f64, f64)> = runs
        .iter()
        .map(|&(s, e)| {
            rows[s..e]
                .iter()
                .flatten()
                .fold((f64::MAX, f64::MIN), |(t, b), g| {
                    (t.min(g.y - g.size * 0.3), b.max(g.y + g.size * 0.3))
                })
        })
        .collect();
    // Groups in reading order: across before run k (3k), its left (3k+1) and right
    // columns; across after the last run.
    let mut groups: Vec<Vec<&Glyph>> = vec![Vec::new(); runs.len() * 3 + 1];
    for g in &page.glyphs {
        let centre = g.x + right_of(g) / 2.0;
        let k = match row_of.get(&(g as *const Glyph)) {
            Some(&r) => match runs.iter().position(|&(s, e)| r >= s && r < e) {
                Some(k) if splits[r].is_some_and(|split| centre < split) => k * 3 + 1,
                Some(k) => k * 3 + 2,
                None => runs.iter().take_while(|&&(_, e)| e <= r).count() * 3,
            },
            None => match bounds.iter().position(|&(t, b)| g.y >= t && g.y <= b) {
                Some(k) if centre < frame.x => k * 3 + 1,
                Some(k) => k * 3 + 2,
                None => bounds.iter().take_while(|&&(_, b)| g.y > b).count() * 3,
            },
        };
        groups[k].push(g);
    }
    Some(
        groups
            .into_iter()
            .enumerate()
            .filter(|(_, g)| !g.is_empty())
            .map(|(k, g)| {
                let column = [Column::Across, Column::Left, Column::Right][k % 3];
                (column, rows_of(g))
            })
            .collect(),
    )
}

/// Each row's split at the gutter `x`: `x` itself for a row no glyph crosses there; for
/// a row of the left column run on over the gutter (a long URL Chromium lets overflow
/// its column), the end of that run of glyphs, when the right column's lines go on
/// past it at their pitch (a title or table set across stands apart from both
/// columns' lines); None for a row read across.
fn splits(rows: &[Vec<&Glyph>], x: f64) -> Vec<Split> {
    let crossed = |row: &Vec<&Glyph>| row.iter().any(|g| g.x < x && g.x + right_of(g) > x);
    let crossing: Vec<bool> = rows.iter().map(crossed).collect();
    // Baselines of the right column's lines, and their usual pitch.
    let right_lines: Vec<(usize, f64)> = rows
        .iter()
        .enumerate()
        .filter(|(r, row)| !crossing[*r] && row.iter().any(|g| g.x >= x))
        .map(|(r, row)| (r, row[0].y))
        .collect();
    let mut pitches: Vec<f64> = right_lines.windows(2).map(|w| w[1].1 - w[0].1).collect();
    pitches.sort_by(f64::total_cmp);
    let pitch = pitches.get(pitches.len() / 2).copied();
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            if !crossing[r] {
                return Some(x);
            }
            let pitch = pitch?;
            let above = right_lines.iter().rev().find(|(k, _)| *k < r)?.1;
            let below = right_lines.iter().find(|(k, _)| *k > r)?.1;
            if below - above > pitch * 1.6 {
                return None;
            }
            let end = run_on_end(row)?;
            (end > x).then_some(end)
        })
        .collect()
}

/// Where the run of glyphs that starts a row ends: glyphs under an em apart.
fn run_on_end(row: &[&Glyph]) -> Option<f64> {
    let first = row.first()?;
    let mut end = first.x + right_of(first);
    for g in &row[1..] {
        if g.x - end > g.size.abs().max(first.size.abs()) {
            break;
        }
        end = end.max(g.x + right_of(g));
    }
    Some(end)
}

/// Where a glyph's ink ends, from its left edge (a width read at the wrong scale is held
/// to the glyph's size).
fn right_of(g: &Glyph) -> f64 {
    // Not `clamp`: it panics on a negative or NaN size, which a broken PDF can give.
    g.w.max(0.0).min(g.size.abs())
}

/// The x of a gutter and the runs of rows (start, end) it splits; the x that splits most
/// rows, among those in the middle half of the text's width.
fn gutter(page: &Page, rows: &[Vec<&Glyph>]) -> Option<(f64, Vec<(usize, usize)>)> {
    let glyphs = rows.iter().flatten();
    let x_min = glyphs.clone().map(|g| g.x).fold(f64::MAX, f64::min);
    let x_max = glyphs.map(|g| g.x + right_of(g)).fold(f64::MIN, f64::max);
    let width = x_max - x_min;
    if !width.is_finite() || width <= 0.0 {
        return None;
    }
    let mut best: Option<(usize, f64, Runs)> = None;
    let mut x = x_min + width * 0.25;
    while x < x_min + width * 0.75 {
        let runs = split_runs(page, rows, x);
        let split: usize = runs.iter().map(|(s, e)| e - s).sum();
        if split > 0 && best.as_ref().is_none_or(|b| split > b.0) {
            best = Some((split, x, runs));
        }
        x += 1.0;
    }
    let (_, x, runs) = best?;
    // The middle of the gutter, between the ends of the left column and the starts of the
    // right one.
    let (left_end, right_start) = runs
        .iter()
        .flat_map(|&(s, e)| rows[s..e].iter().flatten())
        .fold((f64::MIN, f64::MAX), |(l, r), g| {
            if g.x + right_of(g) <= x {
                (l.max(g.x + right_of(g)), r)
            } else {
                (l, r.min(g.x))
            }
        });
    Some(((left_end + right_start) / 2.0, runs))
}

/// The runs of consecutive rows that no glyph crosses at `x`, with columns of prose on
/// both sides.
fn split_runs(page: &Page, rows: &[Vec<&Glyph>], x: f64) -> Vec<(usize, usize)> {
    let crossed = |row: &Vec<&Glyph>| row.iter().any(|g| g.x < x && g.x + right_of(g) > x);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if crossed(&rows[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < rows.len() && !crossed(&rows[i]) {
            i += 1;
        }
        if is_two_columns(page, &rows[start..i], &vec![x; i - start], None) {
            runs.push((start, i));
        }
    }
    runs
}

/// Rows parted at their splits hold two columns of prose: enough lines each side, a
/// third of them filling their column (a sidebar of short lines may stand beside the
/// text) (the left to the gutter, the right to its right edge), lines starting at their
/// column's start, both sides wide, the gutter narrow, no rule drawn down it, and few
/// lines with a gap inside a side (a table's cells). Where the page first shows a
/// gutter (`frame` None) each side holds six lines, measured against themselves; a band
/// read at a gutter shown already holds two a side, measured against the frame's columns.
fn is_two_columns(
    page: &Page,
    rows: &[Vec<&Glyph>],
    splits: &[f64],
    frame: Option<&Frame>,
) -> bool {
    let mut lefts: Vec<(f64, f64)> = Vec::new();
    let mut rights: Vec<(f64, f64)> = Vec::new();
    let mut sizes: Vec<f64> = Vec::new();
    // Per side, the widest gap between neighbouring glyphs of each line: a table's
    // cells leave gaps inside a side, a column's prose does not.
    let mut inner_gaps: Vec<(f64, f64)> = Vec::new();
    for (row, &x) in rows.iter().zip(splits) {
        let is_left = |g: &&Glyph| g.x + right_of(g) / 2.0 < x;
        let widest = |left: bool| {
            let mut xs: Vec<(f64, f64)> = row
                .iter()
                .filter(|g| is_left(g) == left)
                .map(|g| (g.x, g.x + right_of(g)))
                .collect();
            xs.sort_by(|a, b| a.0.total_cmp(&b.0));
            xs.windows(2).map(|w| w[1].0 - w[0].1).fold(0.0, f64::max)
        };
        inner_gaps.push((widest(true), widest(false)));
        let extent = |left: bool| {
            row.iter()
                .filter(|g| is_left(g) == left)
                .fold(None, |e: Option<(f64, f64)>, g| {
                    let (a, b) = e.unwrap_or((f64::MAX, f64::MIN));
                    Some((a.min(g.x), b.max(g.x + right_of(g))))
                })
        };
        lefts.extend(extent(true));
        rights.extend(extent(false));
        sizes.extend(row.iter().map(|g| g.size));
    }
    let min_lines = if frame.is_some() {
        MIN_BAND_LINES
    } else {
        MIN_LINES
    };
    if lefts.len() < min_lines || rights.len() < min_lines {
        return false;
    }
    sizes.sort_by(f64::total_cmp);
    let em = sizes[sizes.len() / 2];
    let reach = |side: &[(f64, f64)]| {
        side.iter()
            .fold((f64::MAX, f64::MIN), |(a, b), e| (a.min(e.0), b.max(e.1)))
    };
    // A band is measured against the columns the frame found: a short band may hold no
    // line as wide as its column, and a line run on over the gutter is no column's end.
    let ((left_start, left_end), (right_start, right_end)) = match frame {
        Some(f) => (f.left, f.right),
        None => (reach(&lefts), reach(&rights)),
    };
    let gap = right_start - left_end;
    let full = |side: &[(f64, f64)], end: f64| {
        let full = side.iter().filter(|e| e.1 >= end - em * 1.5).count();
        full >= min_lines && (frame.is_some() || full * 3 >= side.len())
    };
    // Most lines start at their column's start (a table in a column, under a gutter
    // shown already, may indent most of a band's lines: a third will do).
    let share = if frame.is_some() { 3 } else { 7 };
    let aligned = |side: &[(f64, f64)], start: f64| {
        side.iter().filter(|e| e.0 <= start + em * 2.5).count() * 10 >= side.len() * share
    };
    let (top, bottom) = rows
        .iter()
        .flatten()
        .fold((f64::MAX, f64::MIN), |(t, b), g| {
            (t.min(g.y - g.size), b.max(g.y))
        });
    let within = |r: &[f64; 4]| r[1] < bottom && r[3] > top;
    let ruled = page.rules.iter().any(|r| {
        r[0] >= left_end - 1.0 && r[2] <= right_start + 1.0 && r[3] - r[1] > em * 2.0 && within(r)
    });
    // Under a gutter shown already, a rule down it is a table's only when a rule runs
    // across it too (the borders of tables set in the columns end at the gutter).
    let ruled = ruled
        && (frame.is_none()
            || page
                .rules
                .iter()
                .any(|r| r[0] < left_end && r[2] > right_start && within(r)));
    let gapped = inner_gaps
        .iter()
        .filter(|(l, r)| *l > em * 1.5 || *r > em * 1.5)
        .count();
    gapped * 4 <= inner_gaps.len()
        && gap >= em * 0.5
        && gap <= em * 6.0
        && left_end - left_start >= em * 8.0
        && right_end - right_start >= em * 8.0
        && alike(left_end - left_start, right_end - right_start)
        && full(&lefts, left_end)
        && full(&rights, right_end)
        && aligned(&lefts, left_start)
        && aligned(&rights, right_start)
        && !ruled
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` set at 10 pt from `x` on the baseline `y`, one em apart.
    fn set(glyphs: &mut Vec<Glyph>, text: &str, x: f64, y: f64) {
        for (k, c) in text.chars().enumerate() {
            glyphs.push(Glyph {
                x: x + k as f64 * 10.0,
                y,
                w: 10.0,
                size: 10.0,
                text: c.to_string(),
                bold: false,
            });
        }
    }

    fn page(glyphs: Vec<Glyph>) -> Page {
        Page {
            width: 595.0,
            height: 842.0,
            glyphs,
            ..Page::default()
        }
    }

    fn texts(segments: &[(Column, Vec<Vec<&Glyph>>)]) -> Vec<(Column, String)> {
        segments
            .iter()
            .map(|(c, rows)| {
                let text: String = rows.iter().flatten().map(|g| g.text.as_str()).collect();
                (*c, text)
            })
            .collect()
    }

    // Seed 001's title, set across both columns.
    const TITLE: &str = "理解美国产业政策万字长文始于二零一二年的先进制造业努力";

    // Seed 001's opening, set in two columns of 20 characters under a title across both.
    const LEFT: &str = "如今在两党对外国竞争威胁的担忧的推动下主要产业政策项目正以前所未有的规模和广度发展目前正在进行的项目包括半导体生产关键技术开发能源示范项目关键安全领域的国内供应链以及加快国内疫苗开发和生产这些项目需要新的支持基础设施和运行机制";
    const RIGHT: &str = "美国联邦政府长期以来不愿意在国防部门之外推行产业政策现在正在以前所未有的规模推行一系列新政策这一努力在政治上受到了推动主要是在两党合作的基础上原因是对国外广泛的工业政策体系的担忧因为政策体系的竞争有可能使美国落后";

    #[test]
    fn two_columns_are_read_left_then_right_under_a_title_across() {
        let mut glyphs = Vec::new();
        set(&mut glyphs, TITLE, 72.0, 60.0);
        let lines = |text: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            chars.chunks(20).map(|c| c.iter().collect()).collect()
        };
        // Two passes of each text: enough lines for a gutter to count (six or more a side).
        let (left, right) = (LEFT.repeat(2), RIGHT.repeat(2));
        for (k, (l, r)) in lines(&left).iter().zip(lines(&right)).enumerate() {
            let y = 100.0 + k as f64 * 16.0;
            set(&mut glyphs, l, 72.0, y);
            set(&mut glyphs, &r, 306.0, y);
        }
        let page = page(glyphs);
        let read = texts(&segments_of(std::slice::from_ref(&page))[0]);
        let columns: Vec<Column> = read.iter().map(|(c, _)| *c).collect();
        assert_eq!(columns, [Column::Across, Column::Left, Column::Right]);
        assert!(read[0].1.starts_with("理解美国产业政策"));
        assert!(read[1].1.starts_with("如今在两党") && read[1].1.contains("运行机制"));
        assert!(read[2].1.starts_with("美国联邦政府"));
    }

    #[test]
    fn a_table_of_four_prose_columns_is_no_pair_of_columns() {
        // Seed 003's ITIF table 2: policy and impact twice across the page, the impact
        // cells wrapped full; each half has a cell gap inside it.
        let mut glyphs = Vec::new();
        let cells: Vec<String> = LEFT
            .chars()
            .collect::<Vec<_>>()
            .chunks(8)
            .map(|c| c.iter().collect())
            .collect();
        for k in 0..10 {
            let y = 100.0 + k as f64 * 16.0;
            set(&mut glyphs, "保护国内市场", 72.0, y);
            set(&mut glyphs, &cells[k], 180.0, y);
            set(&mut glyphs, "支持教育", 306.0, y);
            set(&mut glyphs, &cells[k + 1], 414.0, y);
        }
        let page = page(glyphs);
        let read = texts(&segments_of(std::slice::from_ref(&page))[0]);
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].0, Column::Across);
    }

    #[test]
    fn a_table_of_ragged_cells_is_no_pair_of_columns() {
        // Seed 002's table 1: short cells, a gap between them, ragged ends.
        let rows = [
            ("序号", "项目名称"),
            ("1", "促进本地生产"),
            ("2", "应急能力建设"),
            ("3", "供应链"),
            ("4", "技术认证"),
            ("5", "融资和采购"),
            ("6", "测试和演示"),
            ("7", "新的人才基础"),
            ("8", "综合研究联系"),
        ];
        let mut glyphs = Vec::new();
        for (k, (a, b)) in rows.iter().enumerate() {
            let y = 100.0 + k as f64 * 16.0;
            set(&mut glyphs, a, 72.0, y);
            set(&mut glyphs, b, 306.0, y);
        }
        let page = page(glyphs);
        let read = texts(&segments_of(std::slice::from_ref(&page))[0]);
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].0, Column::Across);
    }

    /// `text` cut into lines of `width` characters.
    fn cut(text: &str, width: usize) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        chars.chunks(width).map(|c| c.iter().collect()).collect()
    }

    /// Seed 001's two texts set side by side in columns of 20 characters (72–272 and
    /// 306–506), `lines` lines from baseline `y`.
    fn set_columns(glyphs: &mut Vec<Glyph>, from: usize, lines: usize, y: f64) {
        let (left, right) = (cut(&LEFT.repeat(3), 20), cut(&RIGHT.repeat(3), 20));
        for k in 0..lines {
            let y = y + k as f64 * 16.0;
            set(glyphs, &left[from + k], 72.0, y);
            set(glyphs, &right[from + k], 306.0, y);
        }
    }

    fn columns_of(read: &[(Column, String)]) -> Vec<Column> {
        read.iter().map(|(c, _)| *c).collect()
    }

    #[test]
    fn bands_between_a_title_and_a_table_across_are_read_column_by_column() {
        // A title across, eight lines a side, a table row across the gutter, then three
        // lines a side: too few to show a gutter alone, read at the one the page shows.
        let mut glyphs = Vec::new();
        set(&mut glyphs, TITLE, 72.0, 60.0);
        set_columns(&mut glyphs, 0, 8, 100.0);
        set(
            &mut glyphs,
            "表1半导体供应链5个基本环节及评估设计制造装配测试封装和高级封装",
            72.0,
            250.0,
        );
        set_columns(&mut glyphs, 8, 3, 290.0);
        let page = page(glyphs);
        let read = texts(&segments_of(std::slice::from_ref(&page))[0]);
        use Column::{Across, Left, Right};
        assert_eq!(
            columns_of(&read),
            [Across, Left, Right, Across, Left, Right]
        );
        assert!(read[3].1.starts_with("表1"), "{read:?}");
        let right = cut(&RIGHT.repeat(3), 20);
        assert_eq!(read[5].1, right[8..11].concat());
    }

    #[test]
    fn a_url_run_on_over_the_gutter_stays_in_its_column() {
        // Chromium lets a long URL overflow the left column; the right column's lines,
        // set on baselines of their own, go on beside it at their pitch.
        let url = "https://kd.youth.cn/a/AY7lBp9p0lRmZW0";
        let (left, right) = (cut(&LEFT.repeat(3), 20), cut(&RIGHT.repeat(3), 20));
        let mut glyphs = Vec::new();
        for k in 0..15 {
            let y = 100.0 + k as f64 * 16.0;
            set(&mut glyphs, if k == 7 { url } else { &left[k] }, 72.0, y);
            set(&mut glyphs, &right[k], 306.0, y + 8.0);
        }
        let page = page(glyphs);
        let read = texts(&segments_of(std::slice::from_ref(&page))[0]);
        assert_eq!(columns_of(&read), [Column::Left, Column::Right], "{read:?}");
        assert!(read[0].1.contains(url));
        assert_eq!(read[1].1, right[..15].concat());
    }

    #[test]
    fn a_page_of_short_bands_is_read_at_the_documents_gutter() {
        // Two pages of full columns; a third holds a heading across and three lines a
        // side, too few to show a gutter by themselves.
        let full = |from: usize| {
            let mut glyphs = Vec::new();
            set_columns(&mut glyphs, from, 8, 100.0);
            page(glyphs)
        };
        let short = || {
            let mut glyphs = Vec::new();
            set(&mut glyphs, "二、脆弱供应链的驱动因素", 230.0, 60.0);
            set_columns(&mut glyphs, 0, 3, 100.0);
            page(glyphs)
        };
        let alone = texts(&segments_of(&[short()])[0]);
        assert_eq!(columns_of(&alone), [Column::Across]);
        let pages = [full(0), full(8), short()];
        let read = texts(&segments_of(&pages)[2]);
        use Column::{Across, Left, Right};
        assert_eq!(columns_of(&read), [Across, Left, Right]);
        assert_eq!(read[1].1, cut(&LEFT.repeat(3), 20)[..3].concat());
        // Two pages of columns among ten are no document's gutter.
        let mut pages = vec![full(0), full(8), short()];
        pages.extend((0..7).map(|_| page(Vec::new())));
        let read = texts(&segments_of(&pages)[2]);
        assert_eq!(columns_of(&read), [Across]);
    }

    #[test]
    fn columns_of_unlike_widths_are_no_pair() {
        // A text of 20 characters a line beside one of 9 (a table's narrow last column):
        // no layout sets its columns so.
        assert!(alike(200.0, 180.0));
        assert!(!alike(200.0, 90.0));
        let (left, right) = (cut(&LEFT.repeat(2), 20), cut(RIGHT, 9));
        let mut glyphs = Vec::new();
        for k in 0..8 {
            let y = 100.0 + k as f64 * 16.0;
            set(&mut glyphs, &left[k], 72.0, y);
            set(&mut glyphs, &right[k], 306.0, y);
        }
        let page = page(glyphs);
        let read = texts(&segments_of(std::slice::from_ref(&page))[0]);
        assert_eq!(columns_of(&read), [Column::Across]);
    }
}
