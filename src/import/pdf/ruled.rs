//! Ruled tables in a PDF. The rules a program draws around cells (Chromium, LibreOffice
//! and Word all draw them as thin filled or stroked shapes) say what the text alone does
//! not: which lines of a row make one cell when its text wraps, and where a cell ends
//! when the next one stands close. The lines of glyphs inside one ruled row are read cell
//! by cell into one table line; everything else is read line by line as before.

use super::{make_line, unruled, Advances, Glyph, Line, Page};
use crate::import::document;

/// A rule is at most this thick (points), and longer than `MIN_RULE`.
const THIN: f64 = 2.5;
const MIN_RULE: f64 = 4.0;

/// Marks that end a sentence (a cell ending in one is complete).
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '.', '!', '?', ';', '）', ')'];

/// A straight rule: its position across, and the extent along it.
#[derive(Debug, Clone, Copy)]
struct Rule {
    at: f64,
    from: f64,
    to: f64,
}

/// The ruled row a line of glyphs sits in: the rules above and below it (positions
/// rounded to 0.1 pt, so lines of one row compare equal) and the column edges.
#[derive(Debug, PartialEq)]
struct Band {
    above: i64,
    below: i64,
    edges: Vec<i64>,
}

/// A page's lines: each ruled row one line with its cells, the rest line by line.
pub(super) fn lines(
    n: usize,
    page: &Page,
    rows: &[Vec<&Glyph>],
    base: usize,
    adv: &Advances,
) -> Vec<Line> {
    let plain = |row: &[&Glyph]| make_line(n, row, &page.links, base, adv);
    let (across, down) = rules(page);
    if across.len() < 2 || down.len() < 3 {
        return unruled::lines(rows, &plain, adv);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let Some(this) = band(&rows[i], &across, &down) else {
            // Rows outside ruled rows, up to the next ruled row, may hold a table
            // without rules.
            let mut j = i + 1;
            while j < rows.len() && band(&rows[j], &across, &down).is_none() {
                j += 1;
            }
            out.extend(unruled::lines(&rows[i..j], &plain, adv));
            i = j;
            continue;
        };
        let mut j = i + 1;
        while j < rows.len() && band(&rows[j], &across, &down).as_ref() == Some(&this) {
            j += 1;
        }
        out.extend(row_line(&rows[i..j], &this, &plain));
        i = j;
    }
    out
}

/// The rows of one ruled row → one line, cells separated by tabs; a cell's lines joined.
fn row_line<'a>(
    rows: &[Vec<&'a Glyph>],
    band: &Band,
    plain: &dyn Fn(&[&'a Glyph]) -> Option<Line>,
) -> Option<Line> {
    let edges: Vec<f64> = band.edges.iter().map(|&e| e as f64 / 10.0).collect();
    let mut cells: Vec<String> = vec![String::new(); edges.len() - 1];
    // Per cell: the inset of its text from the left rule, and where its last line ends.
    let mut inset = vec![f64::MAX; cells.len()];
    let mut last_end = vec![None; cells.len()];
    let mut plains: Vec<String> = Vec::new();
    let mut head: Option<Line> = None;
    for (k, cell) in cells.iter_mut().enumerate() {
        // The cell's own lines: a footnote mark raised above its line is grouped with it
        // here, where no other column's line stands between them.
        let glyphs: Vec<&Glyph> = rows
            .iter()
            .flatten()
            .copied()
            .filter(|g| {
                let mid = g.x + g.w / 2.0;
                mid >= edges[k] && mid < edges[k + 1]
            })
            .collect();
        for part in super::rows_of(glyphs) {
            if let Some(l) = plain(&part) {
                document::join(cell, &l.text.replace('\t', " "));
                inset[k] = inset[k].min(l.x0 - edges[k]);
                last_end[k] = Some((l.x1, l.size));
                plains.push(l.plain.clone());
                match &mut head {
                    None => head = Some(l),
                    Some(h) => {
                        h.x0 = h.x0.min(l.x0);
                        h.x1 = h.x1.max(l.x1);
                    }
                }
            }
        }
    }
    let mut line = head?;
    // Trailing empty cells say nothing; inner ones keep the columns in place.
    while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    line.cells = cells.len();
    // A cell is open when its last line reaches the right rule (less than a character
    // short of the inset on the left) and does not end a sentence: a page break may
    // have cut it.
    line.open = (0..cells.len())
        .map(|k| {
            last_end[k].is_some_and(|(x1, size)| {
                edges[k + 1] - x1 < inset[k].max(0.0) + size * 1.1
                    && !cells[k].trim_end().ends_with(SENTENCE_END)
            })
        })
        .collect();
    line.text = cells.join("\t");
    line.plain = plains.join(" ");
    Some(line)
}

/// The ruled row `row` sits in: a rule across above and below it, spanning it, and at
/// least three rules down crossing it (two cells or more), its glyphs all between them.
fn band(row: &[&Glyph], across: &[Rule], down: &[Rule]) -> Option<Band> {
    let size = row.iter().map(|g| g.size).fold(0.0, f64::max);
    let base = row.iter().map(|g| g.y).fold(f64::MIN, f64::max);
    let x0 = row.iter().map(|g| g.x).fold(f64::MAX, f64::min);
    let x1 = row.iter().map(|g| g.x + g.w).fold(f64::MIN, f64::max);
    if row.is_empty() || size <= 0.0 {
        return None;
    }
    let mid = base - size * 0.35;
    let spans = |r: &&Rule| r.from <= x0 + 1.0 && r.to >= x1 - 1.0;
    let above = across
        .iter()
        .filter(spans)
        .filter(|r| r.at < base - size * 0.6)
        .max_by(|a, b| a.at.total_cmp(&b.at));
    let below = across
        .iter()
        .filter(spans)
        .filter(|r| r.at > base - size * 0.1)
        .min_by(|a, b| a.at.total_cmp(&b.at));
    // A row that a page break cuts may lack the rule on the cut side: there the rules down
    // end, and so does the row.
    let crossing = |from: f64, to: f64| {
        down.iter()
            .filter(move |r| r.from <= mid && r.to >= mid)
            .filter(move |r| r.at >= from - THIN && r.at <= to + THIN)
    };
    let (top, bottom, from, to) = match (above, below) {
        (Some(a), Some(b)) => (a.at, b.at, a.from, a.to),
        (Some(a), None) => {
            let ends: Vec<f64> = crossing(a.from, a.to)
                .filter(|r| r.from <= a.at + THIN)
                .map(|r| r.to)
                .collect();
            let end = ends.iter().copied().fold(f64::MAX, f64::min);
            if ends.len() < 3 || end < base {
                return None;
            }
            (a.at, end, a.from, a.to)
        }
        (None, Some(b)) => {
            let starts: Vec<f64> = crossing(b.from, b.to)
                .filter(|r| r.to >= b.at - THIN)
                .map(|r| r.from)
                .collect();
            let start = starts.iter().copied().fold(f64::MIN, f64::max);
            if starts.len() < 3 || start > base - size * 0.6 {
                return None;
            }
            (start, b.at, b.from, b.to)
        }
        (None, None) => return None,
    };
    // A cell may hold many lines, but a frame around most of a page is no table row.
    if bottom - top > 400.0 {
        return None;
    }
    let mut edges: Vec<f64> = crossing(from, to)
        .filter(|r| r.from <= top + THIN && r.to >= bottom - THIN)
        .map(|r| r.at)
        .collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup_by(|a, b| (*a - *b).abs() < THIN);
    let (&first, &last) = (edges.first()?, edges.last()?);
    if edges.len() < 3 || x0 < first - 1.0 || x1 > last + size {
        return None;
    }
    let round = |v: f64| (v * 10.0).round() as i64;
    Some(Band {
        above: round(top),
        below: round(bottom),
        edges: edges.into_iter().map(round).collect(),
    })
}

/// The page's rules across and down, pieces of one rule (a border drawn cell by cell)
/// joined.
fn rules(page: &Page) -> (Vec<Rule>, Vec<Rule>) {
    let mut across = Vec::new();
    let mut down = Vec::new();
    for &[x0, y0, x1, y1] in &page.rules {
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= THIN && w >= MIN_RULE {
            across.push(Rule {
                at: (y0 + y1) / 2.0,
                from: x0,
                to: x1,
            });
        } else if w <= THIN && h >= MIN_RULE {
            down.push(Rule {
                at: (x0 + x1) / 2.0,
                from: y0,
                to: y1,
            });
        }
    }
    (join(across), join(down))
}

/// Rules on one line whose extents touch become one rule.
fn join(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| {
        ((a.at * 2.0).round())
            .total_cmp(&(b.at * 2.0).round())
            .then(a.from.total_cmp(&b.from))
    });
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        match out.last_mut() {
            // Touching or overlapping pieces; a rule a little aside (the same border drawn
            // on another table fragment) sorts among them but may lie elsewhere along.
            Some(p)
                if (p.at - r.at).abs() < 1.0 && r.from <= p.to + THIN && r.to >= p.from - THIN =>
            {
                p.from = p.from.min(r.from);
                p.to = p.to.max(r.to);
            }
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_drawn_cell_by_cell_are_one_rule() {
        let r = |at, from, to| Rule { at, from, to };
        let joined = join(vec![
            r(100.2, 50.0, 60.0),
            r(100.0, 10.0, 50.5),
            r(200.0, 0.0, 5.0),
        ]);
        assert_eq!(joined.len(), 2);
        assert_eq!((joined[0].from, joined[0].to), (10.0, 60.0));
        // A piece 0.75 pt aside, far away along the line, is a rule of its own (it was
        // swallowed by the piece before it).
        let joined = join(vec![r(58.1, 374.0, 475.0), r(58.9, 39.7, 67.5)]);
        assert_eq!(joined.len(), 2);
        assert!(joined.iter().any(|r| r.from == 39.7 && r.to == 67.5));
    }

    fn text(page: &mut Page, x: f64, y: f64, s: &str) {
        for (k, c) in s.chars().enumerate() {
            page.glyphs.push(Glyph {
                x: x + 10.0 * k as f64,
                y,
                w: 10.0,
                size: 10.0,
                text: c.to_string(),
                bold: false,
            });
        }
    }

    #[test]
    fn a_row_cut_by_the_page_foot_without_its_bottom_rule_is_one_row() {
        // Chromium draws the column borders down to the foot of the table's fragment and
        // no rule under the row the page break cuts.
        let mut page = Page {
            width: 400.0,
            height: 400.0,
            ..Page::default()
        };
        for y in [2.0, 10.0] {
            page.rules.push([0.0, y - 0.4, 300.0, y + 0.4]);
        }
        for x in [0.0, 44.0, 300.0] {
            page.rules.push([x - 0.4, 10.0, x + 0.4, 80.0]);
        }
        text(&mut page, 2.0, 25.0, "6、新冠");
        text(&mut page, 48.0, 25.0, "密切监测供应链的发展，");
        text(&mut page, 2.0, 40.0, "恢复期");
        text(&mut page, 48.0, 55.0, "减小影响");
        let rows = super::super::page_rows(&page);
        let got: Vec<(String, usize)> = lines(0, &page, &rows, 0, &Advances::new())
            .into_iter()
            .map(|l| (l.text, l.cells))
            .collect();
        assert_eq!(
            got,
            [(
                "6、新冠恢复期\t密切监测供应链的发展，减小影响".to_string(),
                2
            )]
        );
    }

    #[test]
    fn a_cell_that_wraps_is_one_cell_of_one_row() {
        let mut page = Page {
            width: 400.0,
            height: 400.0,
            ..Page::default()
        };
        // Two ruled rows, two columns; the first row's second cell wraps onto two lines,
        // its first cell stands 4 pt from the second (closer than a text gap of a cell).
        for y in [10.0, 50.0, 90.0] {
            page.rules.push([0.0, y - 0.4, 300.0, y + 0.4]);
        }
        for x in [0.0, 44.0, 300.0] {
            page.rules.push([x - 0.4, 10.0, x + 0.4, 90.0]);
        }
        text(&mut page, 2.0, 25.0, "供应链");
        text(&mut page, 48.0, 25.0, "美国半导体设计");
        text(&mut page, 48.0, 40.0, "世界领先");
        text(&mut page, 2.0, 70.0, "制造");
        text(&mut page, 48.0, 70.0, "缺乏能力");
        // A paragraph below the table is read as before.
        text(&mut page, 2.0, 120.0, "表后的正文");
        let rows = super::super::page_rows(&page);
        let adv = Advances::new();
        let got: Vec<(String, usize)> = lines(0, &page, &rows, 0, &adv)
            .into_iter()
            .map(|l| (l.text, l.cells))
            .collect();
        assert_eq!(
            got,
            [
                ("供应链\t美国半导体设计世界领先".to_string(), 2),
                ("制造\t缺乏能力".to_string(), 2),
                ("表后的正文".to_string(), 1),
            ]
        );
    }
}
