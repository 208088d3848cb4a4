//! Tables without rules in a PDF. LibreOffice (and Word) set a table's cells on a grid
//! without drawing it: each cell's text wraps in its column, and a cell of one line beside
//! one of several is centred on it, its baseline between two of its neighbour's. Read line
//! by line, such a row falls apart into half-rows. Here the columns come from the x
//! positions across the rows (a channel no glyph crosses, from a row with cells on), and
//! the rows from the cells' vertical extents: a cell's lines follow one another at the
//! in-cell pitch, closer than the rows do; a line centred on another column's lines
//! belongs to their row; a cell that ran full to its column's edge without ending a
//! sentence goes on in the line below it. Each row is one line, cells between tabs.

use super::{advance, Advances, Glyph, Line};
use crate::import::document;

/// Marks that end a sentence (a cell ending in one is complete).
const SENTENCE_END: &[char] = &[
    '。', '！', '？', '；', '.', '!', '?', ';', '）', ')', '：', ':',
];

/// A channel between columns is at least this wide (in ems of the table's type).
const MIN_CHANNEL: f64 = 0.25;

/// A gap between two cells of the head is wider than this (in ems); a narrower one may
/// be a space between words.
const CELL_GAP: f64 = 1.2;

/// An x range no glyph of the table crosses, and where it was first seen in the head.
#[derive(Debug, Clone, Copy)]
struct Channel {
    seed: Seed,
    from: f64,
    to: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Seed {
    /// A gap between the head's cells.
    CellGap,
    /// Left or right of the head's text.
    Beside,
    /// A gap in the head narrower than a cell gap, up to `to` (cells set close together,
    /// or a space between words): a column bound only where a column below starts in it.
    Narrow { to: f64 },
}

/// A piece of one glyph row inside one column.
struct Piece {
    /// Index of the glyph row in the table.
    row: usize,
    column: usize,
    y: f64,
    line: Line,
}

/// A run of glyph rows of one page → lines, tables without rules read row by row.
pub(super) fn lines<'a>(
    rows: &[Vec<&'a Glyph>],
    plain: &dyn Fn(&[&'a Glyph]) -> Option<Line>,
    adv: &Advances,
) -> Vec<Line> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if let Some((end, table)) = table_at(rows, i, plain, adv) {
            out.extend(table);
            i = end;
            continue;
        }
        out.extend(plain(&rows[i]));
        i += 1;
    }
    out
}

/// The table that starts at row `start` (a row with cells), if any: the row after its
/// last and its lines.
fn table_at<'a>(
    rows: &[Vec<&'a Glyph>],
    start: usize,
    plain: &dyn Fn(&[&'a Glyph]) -> Option<Line>,
    adv: &Advances,
) -> Option<(usize, Vec<Line>)> {
    let head = plain(&rows[start])?;
    if head.cells < 2 {
        return None;
    }
    let size = head.size;
    let spans = |row: &[&Glyph]| -> Vec<(f64, f64)> {
        row.iter()
            .filter(|g| !g.text.trim().is_empty())
            .map(|g| (g.x, g.x + advance(g, adv)))
            .collect()
    };
    // The channels: the head's gaps and the room beside it (a column the head leaves empty
    // there), narrowed by every row below; the table goes on while no row closes a
    // channel between text on both sides.
    let head_spans = spans(&rows[start]);
    let first = head_spans.first()?.0;
    let last = head_spans.iter().map(|s| s.1).fold(f64::MIN, f64::max);
    let mut channels: Vec<Channel> = head_spans
        .windows(2)
        .map(|w| (w[0].1, w[1].0))
        .filter(|(a, b)| b - a >= size * MIN_CHANNEL)
        .map(|(from, to)| Channel {
            seed: if to - from > size * CELL_GAP {
                Seed::CellGap
            } else {
                Seed::Narrow { to }
            },
            from,
            to,
        })
        .collect();
    if !channels.iter().any(|c| c.seed == Seed::CellGap) {
        return None;
    }
    for (from, to) in [(f64::MIN, first), (last, f64::MAX)] {
        channels.push(Channel {
            seed: Seed::Beside,
            from,
            to,
        });
    }
    let mut end = start + 1;
    let mut last_y = rows[start][0].y;
    let mut extent = (first, last);
    while end < rows.len() {
        let row = &rows[end];
        let y = row.iter().map(|g| g.y).fold(f64::MIN, f64::max);
        let row_size = row.iter().map(|g| g.size).fold(0.0, f64::max);
        if y - last_y > size * 3.0 || (row_size - size).abs() > size * 0.25 {
            break;
        }
        let row_spans = spans(row);
        let Some(narrowed) = narrow(&channels, &row_spans, extent, size) else {
            break;
        };
        // A lone page number under the table is the page's foot.
        if end + 1 == rows.len() && plain(row).is_some_and(|l| super::is_page_number(&l.plain)) {
            break;
        }
        channels = narrowed;
        extent = row_spans
            .iter()
            .fold(extent, |(a, b), s| (a.min(s.0), b.max(s.1)));
        last_y = y;
        end += 1;
    }
    // Column bounds: the channels with text on both sides.
    let (left, right) = rows[start..end]
        .iter()
        .flat_map(|r| spans(r))
        .fold((f64::MAX, f64::MIN), |(a, b), s| (a.min(s.0), b.max(s.1)));
    let mut bounds: Vec<f64> = channels
        .iter()
        .filter(|c| c.from > left && c.to < right)
        .filter(|c| !matches!(c.seed, Seed::Narrow { to } if c.to >= to))
        .map(|c| (c.from + c.to) / 2.0)
        .collect();
    bounds.sort_by(f64::total_cmp);
    // A column bound parts two rows at least, at a cell gap or as a row's start (a
    // later column's cell on a line of its own, as a label centred on its cell leaves
    // them): a channel that one row (a running head over a title) opened wide and the
    // rows below narrowed to a space between words (`…工作体系 高质量发展…`) parts no
    // columns.
    bounds.retain(|&b| {
        rows[start..end]
            .iter()
            .filter(|row| parted_at(&spans(row), b, size))
            .count()
            >= 2
    });
    if bounds.is_empty() {
        return None;
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for (r, row) in rows[start..end].iter().enumerate() {
        for column in 0..=bounds.len() {
            let part: Vec<&Glyph> = row
                .iter()
                .copied()
                .filter(|g| bounds.iter().filter(|&&b| g.x + g.w / 2.0 > b).count() == column)
                .collect();
            if let Some(line) = plain(&part) {
                let y = line.y;
                pieces.push(Piece {
                    row: r,
                    column,
                    y,
                    line,
                });
            }
        }
    }
    let mut groups = group_rows(&pieces, size);
    // Single-column lines after the table's last row are the text going on.
    while groups.len() > 1 {
        let last = &groups[groups.len() - 1];
        let column = pieces[last[0]].column;
        let first_row = last.iter().map(|&k| pieces[k].row).min().unwrap_or(0);
        let alone = last.iter().all(|&k| pieces[k].column == column)
            && (0..pieces.len())
                .filter(|&k| pieces[k].row >= first_row)
                .all(|k| last.contains(&k));
        if !alone {
            break;
        }
        end = start + first_row;
        groups.pop();
    }
    // A table has two rows at least with text in two columns.
    let rows_across = groups
        .iter()
        .filter(|g| g.iter().any(|&k| pieces[k].column != pieces[g[0]].column))
        .count();
    if rows_across < 2 {
        return None;
    }
    let changed = groups.iter().any(|g| {
        let first = pieces[g[0]].row;
        g.iter().any(|&k| pieces[k].row != first)
            || plain(&rows[start + first]).is_some_and(|l| l.cells < columns_of(&pieces, g))
    });
    if !changed {
        // Read line by line as before (and not again from each of its rows).
        return Some((
            end,
            rows[start..end].iter().filter_map(|r| plain(r)).collect(),
        ));
    }
    let column_ends: Vec<f64> = (0..=bounds.len())
        .map(|c| {
            pieces
                .iter()
                .filter(|p| p.column == c)
                .map(|p| p.line.x1)
                .fold(f64::MIN, f64::max)
        })
        .collect();
    let lines = groups
        .iter()
        .filter_map(|g| row_line(&pieces, g, bounds.len() + 1, &column_ends, size))
        .collect();
    Some((end, lines))
}

/// Whether a row's glyph spans part at `x`: a cell gap (over `CELL_GAP`) with text on
/// both sides, or all the row's text right of `x` (a cell of a later column alone on
/// its line).
fn parted_at(spans: &[(f64, f64)], x: f64, size: f64) -> bool {
    let before = spans
        .iter()
        .filter(|s| s.1 <= x)
        .map(|s| s.1)
        .fold(None, |m: Option<f64>, e| Some(m.map_or(e, |m| m.max(e))));
    let after = spans
        .iter()
        .filter(|s| s.0 >= x)
        .map(|s| s.0)
        .fold(None, |m: Option<f64>, e| Some(m.map_or(e, |m| m.min(e))));
    let crossed = spans.iter().any(|s| s.0 < x && s.1 > x);
    match (before, after) {
        _ if crossed => false,
        (Some(a), Some(b)) => b - a > size * CELL_GAP,
        (None, Some(_)) => true,
        _ => false,
    }
}

/// The channels left open by a row's glyph spans, as wide as a channel must be: a span
/// inside a channel splits it in two (a column between two others). None when the row
/// closes a channel between text already on both sides (`extent`): it crosses a column
/// boundary, and is no row of the table.
fn narrow(
    channels: &[Channel],
    spans: &[(f64, f64)],
    extent: (f64, f64),
    size: f64,
) -> Option<Vec<Channel>> {
    let mut out = Vec::new();
    for c in channels {
        let mut free = vec![(c.from, c.to)];
        for &(x0, x1) in spans {
            free = free
                .into_iter()
                .flat_map(|(a, b)| {
                    if x1 <= a || x0 >= b {
                        vec![(a, b)]
                    } else {
                        vec![(a, x0), (x1, b)]
                    }
                })
                .filter(|(a, b)| b - a >= size * MIN_CHANNEL)
                .collect();
        }
        // Room beside the head that a row's text parted only by a word space (`建设
        // STEM`) is no column the next row could close.
        let between = match c.seed {
            Seed::CellGap => true,
            Seed::Beside => c.from > extent.0 && c.to < extent.1 && c.to - c.from > size * CELL_GAP,
            Seed::Narrow { .. } => false,
        };
        if free.is_empty() && between {
            return None;
        }
        out.extend(free.into_iter().map(|(from, to)| Channel {
            seed: c.seed,
            from,
            to,
        }));
    }
    Some(out)
}

fn columns_of(pieces: &[Piece], group: &[usize]) -> usize {
    group
        .iter()
        .map(|&k| pieces[k].column + 1)
        .max()
        .unwrap_or(0)
}

/// Pieces → rows (indices into `pieces`, top to bottom). Lines of one column at the
/// in-cell pitch are one cell, when the rows stand farther apart than that; lines of
/// other columns centred on a cell's lines are its row; a row with text in one column
/// only, under a cell of that column that ran full without ending, is that cell's rest.
fn group_rows(pieces: &[Piece], size: f64) -> Vec<Vec<usize>> {
    let n = pieces.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    // Distances between consecutive lines of each column.
    let mut steps: Vec<(usize, usize, f64)> = Vec::new();
    let columns = pieces.iter().map(|p| p.column + 1).max().unwrap_or(0);
    for c in 0..columns {
        let mut in_column: Vec<usize> = (0..n).filter(|&k| pieces[k].column == c).collect();
        in_column.sort_by(|&a, &b| pieces[a].y.total_cmp(&pieces[b].y));
        for w in in_column.windows(2) {
            steps.push((w[0], w[1], pieces[w[1]].y - pieces[w[0]].y));
        }
    }
    let in_cell = steps
        .iter()
        .map(|s| s.2)
        .filter(|&d| d > size * 0.5)
        .fold(f64::MAX, f64::min);
    let pitch = if in_cell == f64::MAX {
        size * 1.2
    } else {
        in_cell
    };
    // Rows apart farther than cells' lines: then the in-cell pitch joins a cell's lines.
    let rows_apart = steps
        .iter()
        .any(|s| s.2 > pitch * 1.06 && s.2 < pitch * 1.6);
    if rows_apart {
        for &(a, b, d) in &steps {
            if d <= pitch * 1.06 {
                union(&mut parent, a, b);
            }
        }
    }
    for a in 0..n {
        for b in a + 1..n {
            if pieces[a].column != pieces[b].column
                && (pieces[a].y - pieces[b].y).abs() <= pitch * 0.6
            {
                union(&mut parent, a, b);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| pieces[a].y.total_cmp(&pieces[b].y));
    for k in order {
        let r = find(&mut parent, k);
        match roots.iter().position(|&x| x == r) {
            Some(i) => groups[i].push(k),
            None => {
                roots.push(r);
                groups.push(vec![k]);
            }
        }
    }
    // A lone column's lines under a cell of that column that ran full: the cell's rest.
    let column_end = |c: usize| {
        pieces
            .iter()
            .filter(|p| p.column == c)
            .map(|p| p.line.x1)
            .fold(f64::MIN, f64::max)
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    for g in groups {
        let column = pieces[g[0]].column;
        let lone = g.iter().all(|&k| pieces[k].column == column);
        let continues = lone
            && out.last().is_some_and(|p| {
                p.iter()
                    .filter(|&&k| pieces[k].column == column)
                    .max_by(|&&a, &&b| pieces[a].y.total_cmp(&pieces[b].y))
                    .is_some_and(|&k| {
                        let l = &pieces[k].line;
                        column_end(column) - l.x1 < l.size * 1.1
                            && !l.text.trim_end().ends_with(SENTENCE_END)
                    })
            });
        match out.last_mut() {
            Some(p) if continues => p.extend(g),
            _ => out.push(g),
        }
    }
    out
}

/// One row's pieces → one line, cells between tabs (inner empty cells keep the columns in
/// place), each cell's lines joined top to bottom.
fn row_line(
    pieces: &[Piece],
    group: &[usize],
    columns: usize,
    column_ends: &[f64],
    size: f64,
) -> Option<Line> {
    let mut members: Vec<&Piece> = group.iter().map(|&k| &pieces[k]).collect();
    members.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.column.cmp(&b.column)));
    let mut cells = vec![String::new(); columns];
    let mut last: Vec<Option<&Line>> = vec![None; columns];
    for p in &members {
        document::join(&mut cells[p.column], &p.line.text.replace('\t', " "));
        last[p.column] = Some(&p.line);
    }
    let mut line = members.first()?.line.clone();
    line.x0 = members.iter().map(|p| p.line.x0).fold(f64::MAX, f64::min);
    line.x1 = members.iter().map(|p| p.line.x1).fold(f64::MIN, f64::max);
    while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    // A cell is open (a page break may have cut it) when its last line runs to its
    // column's edge without ending a sentence, at the foot of the row: a cell that ended
    // above its row's last line was complete.
    let bottom = members.iter().map(|p| p.y).fold(f64::MIN, f64::max);
    line.open = (0..cells.len())
        .map(|c| {
            last[c].is_some_and(|l| {
                column_ends[c] - l.x1 < size * 1.1
                    && l.y > bottom - size * 0.3
                    && !cells[c].trim_end().ends_with(SENTENCE_END)
            })
        })
        .collect();
    line.cells = cells.len();
    line.text = cells.join("\t");
    line.plain = members
        .iter()
        .map(|p| p.line.plain.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::super::{make_line, rows_of};
    use super::*;

    /// `text` set from `x` on baseline `y` in 12 pt type, a Chinese character 1 em wide,
    /// anything else half of one.
    fn set(x: f64, y: f64, text: &str) -> Vec<Glyph> {
        let mut x = x;
        text.chars()
            .map(|c| {
                let w = if document::is_cjk(c) || !c.is_ascii() {
                    12.0
                } else {
                    6.0
                };
                let g = Glyph {
                    x,
                    y,
                    w,
                    size: 12.0,
                    text: c.to_string(),
                    bold: false,
                };
                x += w;
                g
            })
            .collect()
    }

    fn read(glyphs: &[Glyph]) -> Vec<String> {
        let rows = rows_of(glyphs.iter().collect());
        let adv = Advances::new();
        let plain = |row: &[&Glyph]| make_line(0, row, &[], 0, &adv);
        lines(&rows, &plain, &adv)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn a_label_centred_on_a_cell_of_two_lines_is_its_row() {
        // 003 (LibreOffice, no rules): each label's baseline lies between the two lines of
        // its neighbour; a label of two lines stands level with them, 7 pt before them.
        let glyphs: Vec<Glyph> = [
            set(84.0, 144.4, "供应链环节"),
            set(337.3, 144.4, "评估"),
            set(
                166.9,
                164.6,
                "美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导",
            ),
            set(63.9, 173.3, "设计"),
            set(166.9, 182.0, "体设计企业的知识产权、劳动力和制造资源有限"),
            set(
                166.9,
                202.2,
                "美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地",
            ),
            set(63.9, 210.9, "制造"),
            set(166.9, 219.6, "区，成熟节点芯片主要依赖台湾、韩国和中国"),
            set(63.9, 239.8, "装配、测试、封装"),
            set(
                166.9,
                239.8,
                "严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力",
            ),
            set(63.9, 257.2, "和高级封装"),
            set(166.9, 257.2, "的高级封装行业，而中国有潜力颠覆市场"),
            set(62.5, 276.0, "表 2 建设弹性的半导体供应链的政策建议"),
        ]
        .concat();
        assert_eq!(
            read(&glyphs),
            [
                "供应链环节\t评估",
                "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限",
                "制造\t美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯片主要依赖台湾、韩国和中国",
                "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场",
                "表 2 建设弹性的半导体供应链的政策建议",
            ]
        );
    }

    #[test]
    fn a_column_the_head_leaves_empty_is_found_across_the_rows() {
        // 003's ITIF table 2: the head's first line names two of four columns; the others
        // stand apart in every row below.
        let glyphs: Vec<Glyph> = [
            set(222.6, 114.8, "对全球创新的"),
            set(455.8, 114.8, "对全球创新的"),
            set(104.5, 123.5, "中国创新政策"),
            set(338.6, 123.5, "中国创新政策"),
            set(246.6, 132.2, "影响"),
            set(479.8, 132.2, "影响"),
            set(63.9, 152.4, "为中国企业提供资"),
            set(300.1, 152.4, "为进入外国市场采"),
            set(219.9, 161.1, "有害"),
            set(451.9, 161.1, "有害"),
            set(63.9, 169.8, "金与技术支持"),
            set(300.1, 169.8, "取强硬政治手段"),
            set(63.9, 190.0, "强制技术转让"),
            set(219.9, 190.0, "有害"),
            set(300.1, 190.0, "支持外国腐败商业"),
            set(451.9, 190.0, "有害"),
        ]
        .concat();
        assert_eq!(
            read(&glyphs),
            [
                "中国创新政策\t对全球创新的影响\t中国创新政策\t对全球创新的影响",
                "为中国企业提供资金与技术支持\t有害\t为进入外国市场采取强硬政治手段\t有害",
                "强制技术转让\t有害\t支持外国腐败商业\t有害",
            ]
        );
    }

    #[test]
    fn head_cells_set_closer_than_a_cell_gap_part_where_a_column_starts() {
        // 000 (LibreOffice): `2021年一季度(件)` and `投诉比重(%)` stand less than an em
        // apart in the head; the numbers below start in that gap.
        let glyphs: Vec<Glyph> = [
            set(77.5, 552.3, "项目"),
            set(118.6, 552.3, "2021年一季度(件)"),
            set(224.5, 552.3, "投诉比重(%)"),
            set(63.9, 572.5, "售后服务"),
            set(117.9, 572.5, "90248"),
            set(222.2, 572.5, "33.29"),
            set(63.9, 592.7, "合同"),
            set(117.9, 592.7, "67614"),
            set(222.2, 592.7, "24.94"),
        ]
        .concat();
        assert_eq!(
            read(&glyphs),
            [
                "项目\t2021年一季度(件)\t投诉比重(%)",
                "售后服务\t90248\t33.29",
                "合同\t67614\t24.94",
            ]
        );
    }

    #[test]
    fn lines_of_one_cell_a_row_apart_and_text_after_the_table_stay_apart() {
        // Rows of one line each (003's 序号/建议 table): nothing to join; the text after
        // the table, short or crossing the columns, is no row.
        let glyphs: Vec<Glyph> = [
            set(65.5, 379.6, "序号"),
            set(300.8, 379.6, "建议"),
            set(63.9, 399.8, "1"),
            set(93.9, 399.8, "与业界合作促进投资、提高透明度、加强协作"),
            set(63.9, 420.0, "2"),
            set(93.9, 420.0, "为《为芯片生产创造有益的激励措施法案》"),
            set(62.5, 438.8, "（唐璐 张志强）"),
        ]
        .concat();
        assert_eq!(
            read(&glyphs),
            [
                "序号\t建议",
                "1\t与业界合作促进投资、提高透明度、加强协作",
                "2\t为《为芯片生产创造有益的激励措施法案》",
                "（唐璐 张志强）",
            ]
        );
    }

    #[test]
    fn a_word_space_in_a_cell_beside_the_head_is_no_column() {
        // 003 through pandoc and LibreOffice, the top of a page: the head `序号 建议`
        // repeated, then row 5, whose cell wraps after `STEM（科学、技术、`. The space
        // before `STEM` lies right of the head's text; the cell's next line crosses it.
        let glyphs: Vec<Glyph> = [
            set(72.0, 83.7, "序号"),
            set(270.0, 83.7, "建议"),
            set(72.0, 98.9, "5"),
            set(270.0, 98.9, "增加投资，建设"),
            set(360.0, 98.9, "STEM（科学、技术、"),
            set(270.0, 110.4, "工程和数学）人才输送渠道"),
            set(72.0, 125.6, "6"),
            set(270.0, 125.6, "鼓励外国制造商与材料供应商"),
            set(270.0, 137.1, "投资美国"),
        ]
        .concat();
        assert_eq!(
            read(&glyphs),
            [
                "序号\t建议",
                "5\t增加投资，建设 STEM（科学、技术、工程和数学）人才输送渠道",
                "6\t鼓励外国制造商与材料供应商投资美国",
            ]
        );
    }

    #[test]
    fn a_cell_ended_above_its_rows_foot_is_complete() {
        // 003's table 7 at the foot of a page: the first cell's last line stands above the
        // row's last; only the cell that reaches the foot may go on over the page.
        let glyphs: Vec<Glyph> = [
            set(105.0, 482.9, "主题"),
            set(222.7, 482.9, "建议"),
            set(63.9, 503.1, "2、支持重视劳"),
            set(172.8, 503.1, "建立强有力"),
            set(63.9, 520.5, "产品质量发展"),
            set(172.8, 520.5, "的国内标准"),
            set(172.8, 537.9, "倡导建立全球"),
        ]
        .concat();
        let rows = rows_of(glyphs.iter().collect());
        let adv = Advances::new();
        let plain = |row: &[&Glyph]| make_line(0, row, &[], 0, &adv);
        let read = lines(&rows, &plain, &adv);
        assert_eq!(read.len(), 2);
        assert_eq!(
            read[1].text,
            "2、支持重视劳产品质量发展\t建立强有力的国内标准倡导建立全球"
        );
        assert_eq!(read[1].open, [false, true]);
    }

    #[test]
    fn a_label_centred_beside_lines_of_its_neighbour_parts_the_columns() {
        // 003's table 6 (LibreOffice, no rules): each number stands alone on its line,
        // centred on its cell's lines; only the head shows a cell gap, the cells' own
        // lines start past the bound.
        let glyphs: Vec<Glyph> = [
            set(65.5, 379.6, "序号"),
            set(300.8, 379.6, "建议"),
            set(93.9, 399.8, "促进本地生产，促进国际合作：①确定财政激励"),
            set(63.9, 408.5, "1"),
            set(93.9, 417.2, "或投资，以推动私营部门发展本土生产能力"),
            set(93.9, 437.4, "应急能力建设。探索创建和扩大活性药物成分"),
            set(63.9, 446.1, "2"),
            set(93.9, 454.8, "的虚拟战略储备"),
        ]
        .concat();
        assert_eq!(
            read(&glyphs),
            [
                "序号\t建议",
                "1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力",
                "2\t应急能力建设。探索创建和扩大活性药物成分的虚拟战略储备",
            ]
        );
    }

    #[test]
    fn a_channel_one_row_opened_and_the_rows_below_narrowed_is_no_column() {
        // 002 printed by Chromium: the running head's date and title stand far apart; the
        // title below it crosses that channel with a space between words.
        let glyphs: Vec<Glyph> = [
            set(40.0, 30.0, "12/7/26, 11:36 AM"),
            set(400.0, 30.0, "征文活动二等奖"),
            set(70.0, 60.0, "新质生产力下市场监管技术性贸易措施工作体系"),
            set(328.0, 60.0, "高质量发展新模式构建研究"),
            set(70.0, 80.0, "刘树文 王世川 苏萌 付笑涵"),
        ]
        .concat();
        let got = read(&glyphs);
        assert_eq!(
            got[1..],
            [
                "新质生产力下市场监管技术性贸易措施工作体系 高质量发展新模式构建研究",
                "刘树文 王世川 苏萌 付笑涵",
            ]
        );
    }
}
