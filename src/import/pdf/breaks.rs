//! What a page break cuts: a table row that goes on at the top of the next page, and a
//! footnote too long for its page, whose text a typesetter continues in the next page's
//! note area. Both are put back together here, on the lines of the whole document after
//! the running heads and feet are gone, so that the text reads as if there were no pages.

use super::{footnote_start, glued_note, Line, Page};
use crate::import::document;

/// Marks the lines below each page's footnote separator: the short rule at the left
/// margin that Word and LibreOffice draw over the notes at the foot of a page (a table's
/// border or a full-width rule is none: it is long, or crossed by rules down).
pub(super) fn mark_note_areas(pages: &[Page], lines: &mut [Line]) {
    for (n, page) in pages.iter().enumerate() {
        let on_page = || lines.iter().filter(move |l| l.page == n);
        let mut starts: Vec<f64> = on_page().map(|l| l.x0).collect();
        if starts.len() < 2 {
            continue;
        }
        starts.sort_by(f64::total_cmp);
        let left = starts[starts.len() / 10];
        let text_width = on_page().map(|l| l.x1).fold(f64::MIN, f64::max) - left;
        let crossed = |y: f64| {
            page.rules.iter().any(|&[x0, y0, x1, y1]| {
                x1 - x0 <= 2.5 && y1 - y0 > 2.5 && y0 <= y + 2.0 && y1 >= y - 2.0
            })
        };
        // A link's underline: just below the baseline of a line above it.
        let underlines = |r: &&[f64; 4]| {
            on_page().any(|l| {
                r[1] >= l.y - 1.0 && r[1] <= l.y + l.size * 0.5 && r[0] < l.x1 && r[2] > l.x0
            })
        };
        let separator = page
            .rules
            .iter()
            .filter(|&&[x0, y0, x1, y1]| {
                let (w, h) = (x1 - x0, y1 - y0);
                h <= 2.5
                    && w >= 24.0
                    && w <= text_width * 0.5
                    && (x0 - left).abs() < 4.0
                    && y0 > page.height * 0.4
            })
            .filter(|r| !crossed((r[1] + r[3]) / 2.0) && !underlines(r))
            .map(|r| (r[1] + r[3]) / 2.0)
            // Notes below it: the highest such rule.
            .filter(|&y| on_page().any(|l| l.y > y))
            .fold(None, |top: Option<f64>, y| {
                Some(top.map_or(y, |t| t.min(y)))
            });
        if let Some(y) = separator {
            for l in lines.iter_mut().filter(|l| l.page == n && l.y > y) {
                l.note_area = true;
            }
        }
    }
}

/// Does this line open a footnote (its number first)?
fn opens_note(l: &Line) -> bool {
    footnote_start(&l.text).is_some() || glued_note(&l.text).is_some()
}

/// A note the page had no room to finish goes on at the top of the next page's note
/// area, before that page's own notes: those lines join the last note of the page before.
pub(super) fn join_notes_across_pages(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // Index in `out` of the last line of a note area, and whether a note opened on the
    // current page's area yet.
    let mut last_note: Option<usize> = None;
    let mut opened_here = false;
    let mut page = usize::MAX;
    for l in lines {
        if l.page != page {
            page = l.page;
            opened_here = false;
        }
        if !l.note_area {
            out.push(l);
            continue;
        }
        if !opened_here && !opens_note(&l) {
            if let Some(k) = last_note.filter(|&k| out[k].page + 1 == l.page) {
                let prev = &mut out[k];
                document::join(&mut prev.text, &l.text);
                document::join(&mut prev.plain, &l.plain);
                continue;
            }
        }
        opened_here = true;
        out.push(l);
        last_note = Some(out.len() - 1);
    }
    out
}

/// A table row that a page break splits: the last row of a page and the first of the
/// next (notes at the foot between them aside), with as many cells, are one row when the
/// second part's first cell is empty (its text ended on the page before), or when every
/// cell with text on both sides ran to its right rule on the first page without ending
/// a sentence. The second part's cells join the first's.
pub(super) fn merge_rows_split_by_pages(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // The first row of the table being read: a page may repeat it over the rest, between
    // the two parts of a split row.
    let mut head: Option<String> = None;
    let mut repeated: Option<Line> = None;
    for l in lines {
        let last_body = out.iter().rposition(|p| !p.note_area);
        if l.cells < 2 {
            head = None;
        } else if last_body.is_none_or(|k| out[k].cells < 2) {
            head = Some(l.plain.clone());
        }
        let Some(k) = last_body.filter(|_| !l.note_area) else {
            out.push(l);
            continue;
        };
        let p = &mut out[k];
        if repeated.is_none()
            && p.page + 1 == l.page
            && p.cells > 1
            && head
                .as_deref()
                .is_some_and(|h| super::same_row(h, &l.plain))
        {
            repeated = Some(l);
            continue;
        }
        if p.page + 1 == l.page && p.cells > 1 && p.cells == l.cells && split_row(p, &l) {
            let mut cells: Vec<String> = p.text.split('\t').map(str::to_string).collect();
            for (cell, more) in cells.iter_mut().zip(l.text.split('\t')) {
                document::join(cell, more);
            }
            p.text = cells.join("\t");
            document::join(&mut p.plain, &l.plain);
            p.open = l.open.clone();
            repeated = None;
            continue;
        }
        out.extend(repeated.take());
        out.push(l);
    }
    out.extend(repeated);
    out
}

/// Is `next` (first row of a page) the rest of `row` (last row of the page before)?
fn split_row(row: &Line, next: &Line) -> bool {
    if next.text.starts_with('\t') {
        return true;
    }
    if row.open.len() != row.cells {
        return false;
    }
    let mut both = 0;
    for ((a, b), open) in row
        .text
        .split('\t')
        .zip(next.text.split('\t'))
        .zip(&row.open)
    {
        match (a.trim().is_empty(), b.trim().is_empty()) {
            (false, false) if !open => return false,
            (false, false) => both += 1,
            // Text on the second page in a cell empty on the first: a new row.
            (true, false) => return false,
            _ => {}
        }
    }
    both > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: usize, y: f64, text: &str) -> Line {
        super::super::tests::text_line(page, y, 72.0, 500.0, text)
    }

    #[test]
    fn a_row_split_by_a_page_is_one_row() {
        let lines = merge_rows_split_by_pages(vec![
            line(0, 700.0, "1\t促进本地生产：①确定财政激励"),
            line(1, 80.0, "\t以推动私营部门发展"),
            line(1, 100.0, "2\t应急能力建设"),
            // On the same page, an empty first cell is a row of its own (a merged cell).
            line(1, 120.0, "\t同一页的行"),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1\t促进本地生产：①确定财政激励以推动私营部门发展",
                "2\t应急能力建设",
                "\t同一页的行"
            ]
        );
    }

    #[test]
    fn the_head_repeated_over_the_next_page_does_not_part_a_split_row() {
        // 003 (LibreOffice): table 3's head repeated at the top of the page, between the
        // two parts of the row a page break cut.
        let mut cut = line(
            0,
            765.0,
            "材料精炼和加\t美国的材料精炼和加工能力不足。保障美国关键矿产供应链安全最有希",
        );
        cut.open = vec![true, true];
        let lines = merge_rows_split_by_pages(vec![
            line(0, 690.0, "供应链环节\t评估"),
            cut,
            line(1, 114.8, "供应链环节\t评估"),
            line(
                1,
                135.0,
                "工\t望的方式是提高美国的关键材料精炼与加工以及回收利用能力",
            ),
            line(
                1,
                155.2,
                "电池材料制造和电池制造\t美国在所有主要电池组件和电池制造方面",
            ),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "供应链环节\t评估",
                "材料精炼和加工\t美国的材料精炼和加工能力不足。保障美国关键矿产供应链安全最有希望的方式是提高美国的关键材料精炼与加工以及回收利用能力",
                "电池材料制造和电池制造\t美国在所有主要电池组件和电池制造方面",
            ]
        );
    }

    #[test]
    fn cells_cut_mid_sentence_go_on_past_the_notes_of_their_page() {
        let mut cut = line(
            0,
            700.0,
            "电池组和终端产\t美国的电池组和终端产品制造主要为满足需求。但美国仍落后",
        );
        cut.open = vec![true, true];
        let mut note = line(0, 750.0, "content/uploads/2021/06/report.pdf");
        note.note_area = true;
        let mut done = line(1, 100.0, "电池报废和回收\t可以加强关键物料的回收利用");
        done.open = vec![false, false];
        let lines = merge_rows_split_by_pages(vec![
            cut,
            note,
            line(1, 80.0, "品制造\t于其他市场"),
            done,
            line(1, 120.0, "3\t新的一行"),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "电池组和终端产品制造\t美国的电池组和终端产品制造主要为满足需求。但美国仍落后于其他市场",
                "content/uploads/2021/06/report.pdf",
                "电池报废和回收\t可以加强关键物料的回收利用",
                "3\t新的一行",
            ]
        );
        // A complete cell on the first page (short, or ending a sentence) starts a new row.
        let mut whole = line(0, 700.0, "1\t刺激国产大容量电池的终端产品使用需求。");
        whole.open = vec![false, false];
        let lines =
            merge_rows_split_by_pages(vec![whole, line(1, 80.0, "2\t加强关键先进电池矿物")]);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn a_note_continued_on_the_next_page_is_one_note() {
        let mut lines = vec![
            line(0, 600.0, "正文最后一行"),
            line(
                0,
                760.0,
                "<sup>7</sup> Building Resilient Supply Chains. https://www.whitehouse.gov/wp-",
            ),
            line(1, 80.0, "下一页的正文"),
            line(1, 760.0, "content/uploads/2021/06/report.pdf"),
            line(1, 775.0, "8 美国 232 调查"),
            line(1, 790.0, "的定义"),
        ];
        for l in &mut lines {
            l.note_area = l.y > 700.0;
        }
        let texts: Vec<String> = join_notes_across_pages(lines)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            texts,
            [
                "正文最后一行",
                "<sup>7</sup> Building Resilient Supply Chains. https://www.whitehouse.gov/wp-content/uploads/2021/06/report.pdf",
                "下一页的正文",
                "8 美国 232 调查",
                "的定义",
            ]
        );
    }
}
