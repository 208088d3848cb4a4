//! Tables a converter printed as plain text, rewritten as tab-separated rows (one line a
//! row), as the body reader expects. After a table caption (`表 N …`), the lines are read
//! by the `-layout` reader (`layout`: cells placed in columns by spaces) or, failing
//! that, by the reading-order readers (`reading`: a cell or a piece of one a line, where
//! numbers, serial numbers or labels beside text show the rows).

mod layout;
mod numbered;
mod reading;

use super::{Diagnostic, Line};

/// `表 1 …`: a table's caption.
pub(super) fn is_table_caption(t: &str) -> bool {
    let rest = t.strip_prefix('表').map(str::trim_start);
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        && t.chars().count() <= 60
        && !t.contains('。')
}

/// Display columns of a text: a CJK character two, others one.
fn display_width(t: &str) -> usize {
    t.chars().map(super::reflow::columns).sum()
}

fn is_caption(l: &Line) -> bool {
    l.md_level.is_none() && is_table_caption(&l.text)
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
///
/// A caption followed by no table (none read, and no tab-separated rows the source
/// already had) is warned about on its line: its cells stay as paragraphs.
pub fn read_tables(lines: &[Line], diags: &mut Vec<Diagnostic>) -> Vec<Line> {
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
        let table = further(
            layout::table_after(lines, i),
            numbered::table_after(lines, i),
        )
        .or_else(|| {
            let read = reading::columns_one_after_another(lines, i)
                .or_else(|| reading::cells_one_per_line(lines, i))
                .or_else(|| in_order(reading::whole_cells_a_line))
                .or_else(|| in_order(reading::labels_and_numbers))
                .or_else(|| in_order(reading::numbered_rows))
                .or_else(|| in_order(reading::labelled_rows))
                .or_else(|| in_order(reading::centred_labels));
            further(read, in_order(reading::labels_beside_text))
        });
        match table {
            Some((rows, next)) => {
                out.extend(rows);
                i = next;
            }
            None => {
                all_read = false;
                if !rows_follow(lines, i) {
                    diags.push(Diagnostic::warning(
                        Some(lines[i - 1].no),
                        format!(
                            "table caption `{}` is followed by no table gazette could read: its \
                             cells are left as paragraphs; write the table's rows in the \
                             article's Markdown, or import the PDF or Word file itself",
                            lines[i - 1].text.trim()
                        ),
                    ));
                }
            }
        }
    }
    rows_without_their_number_rejoined(out)
}

/// Of two readings of the same table, the one that explains more of the lines after its
/// caption (a reader that stops at a row it cannot read leaves the rest as paragraphs);
/// the first when they end at the same line.
fn further(first: Option<Rows>, second: Option<Rows>) -> Option<Rows> {
    match (first, second) {
        (Some(a), Some(b)) if b.1 > a.1 => Some(b),
        (a, b) => a.or(b),
    }
}

/// Whether tab-separated rows (a table the source already gave as one) come at line
/// `from`, after any blank lines and page breaks.
fn rows_follow(lines: &[Line], from: usize) -> bool {
    lines[from.min(lines.len())..]
        .iter()
        .find(|l| !(l.is_blank() || l.page_break))
        .is_some_and(|l| l.raw.contains('\t'))
}

/// The serial number of a row (`3`, `3、`, `3.`): a table's first cell that numbers it.
fn serial_number(cell: &str) -> Option<usize> {
    let digits = cell.trim_end_matches(['、', '.', '．']);
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Tab-separated rows (from any reader) with a row that lacks its serial number joined
/// to the numbered row above it, cell by cell, where the rows are numbered 1, 2, 3…: a
/// numbered table has one serial number a row, so a row without one is the rest of the
/// row above that the source cut in two (a page broke it, and a converter made the
/// rest a row of its own). Rows whose first cells are labels, not serial numbers, keep
/// their rows with an empty first cell (a label merged over several rows).
fn rows_without_their_number_rejoined(lines: Vec<Line>) -> Vec<Line> {
    let cells_of =
        |l: &Line| -> Vec<String> { l.raw.split('\t').map(|c| c.trim().to_string()).collect() };
    let is_row = |l: &Line| l.raw.contains('\t');
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    // The index in `out` of the last numbered row of the table going on, and its number.
    let mut last_numbered: Option<(usize, usize)> = None;
    for (k, l) in lines.iter().enumerate() {
        if !is_row(l) {
            // Blank lines and page breaks between rows leave the table going on.
            if !(l.is_blank() || l.page_break) {
                last_numbered = None;
            }
            out.push(l.clone());
            continue;
        }
        let cells = cells_of(l);
        match serial_number(&cells[0]) {
            Some(n) if last_numbered.map_or(n == 1, |(_, m)| n == m + 1) => {
                last_numbered = Some((out.len(), n));
                out.push(l.clone());
                continue;
            }
            Some(_) => last_numbered = None,
            None => {}
        }
        // The next row that starts with a cell: the next number, or the table's end.
        let next_first = lines[k + 1..]
            .iter()
            .take_while(|n| is_row(n) || n.is_blank() || n.page_break)
            .filter(|n| is_row(n))
            .map(cells_of)
            .find(|c| !c[0].is_empty());
        let next_in_order = |m: usize| {
            next_first
                .as_ref()
                .is_none_or(|c| serial_number(&c[0]) == Some(m + 1))
        };
        match last_numbered {
            Some((at, m)) if cells[0].is_empty() && next_in_order(m) => {
                let mut joined = cells_of(&out[at]);
                joined.resize(joined.len().max(cells.len()), String::new());
                for (cell, add) in joined.iter_mut().zip(&cells) {
                    if !add.is_empty() {
                        crate::text::join_broken_into(cell, add);
                    }
                }
                let no = out[at].no;
                out[at] = Line::new(no, &joined.join("\t"));
            }
            _ => {
                if !cells[0].is_empty() {
                    last_numbered = None;
                }
                out.push(l.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines;

    /// The lines `read_tables` makes of `text` (rows tab-separated), for the readers' tests.
    pub(super) fn rows(text: &str) -> Vec<String> {
        read_tables(&test_lines(text), &mut Vec::new())
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
        let out: Vec<String> = read_tables(&lines, &mut Vec::new())
            .into_iter()
            .map(|l| l.raw)
            .collect();
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

    /// Lines as the furniture pass leaves them: a number alone on its line is taken for a
    /// page number (its text cleared, the line a page break).
    fn furnished(text: &str) -> Vec<Line> {
        let mut lines = test_lines(text);
        for l in &mut lines {
            if !l.text.is_empty() && l.text.bytes().all(|b| b.is_ascii_digit()) {
                l.text.clear();
                l.page_break = true;
            }
        }
        lines
    }

    #[test]
    fn cells_centred_in_their_rows_are_read_by_their_middle_line() {
        // pdftotext -layout of LibreOffice's PDF of seed 003 (table 1): cells centred
        // vertically, so no line holds two cells: a label sits between the two lines of
        // its text, the header's first cell wraps around the second, a label wraps around
        // its text's one line.
        let text = "表 1 半导体供应链 5 个基本环节及评估\n\
            供应链环\n         评估\n节\n\
            \x20        美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企\n\
            设计\n\
            \x20        业的知识产权、劳动力和制造资源有限\n\
            \x20        美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟\n\
            制造\n\
            \x20        节点芯片主要依赖台湾、韩国和中国\n\
            装配、测\n\
            \x20        严重依赖亚洲的资源进行后端封装；无法发展具有重大技\n\
            试、\n\
            封装和高级\n\
            \x20        术进步潜力的高级封装行业，而中国有潜力颠覆市场\n\
            封装\n\
            表 2 建设弹性的半导体供应链的政策建议";
        assert_eq!(
            rows(text)[1..6],
            [
                "供应链环节\t评估",
                "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限",
                "制造\t美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯片主要依赖台湾、韩国和中国",
                // The first cell cut after `、` goes on in the next row.
                "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场",
                "表 2 建设弹性的半导体供应链的政策建议",
            ]
        );
    }

    #[test]
    fn centred_cells_wrapping_line_for_line_end_their_row_where_no_line_fills_its_column() {
        // The same print (ITIF table 3): both cells wrap, their lines alternate, and only
        // the widths tell where a row ends: a cell's last line falls short of its column.
        let text = "表 3 对“中国对全球创新的负面影响”的五种反对观点的辩驳\n\n\
            反对意见                 辩驳理由\n\
            \x20                    该观点忽略了：①美国没有实行其他发挥了重要\n\
            观点一：大多数国家都像中国一样推行补\n\
            \x20                    作用的政策，如强制技术转让、关闭国内市场、\n\
            贴、强制技术转让等不公平政策\n\
            \x20                    窃取知识产权等。 ②中国的补贴数额巨大\n\
            观点二：中国过度投资的行业市场更为成\n\
            \x20                    这一情况不符合报告研究的 5 个产业领域。这些\n\
            熟，产品已规模化生产并扩散到全球各\n\
            \x20                    产业领域仍处在关键技术研发阶段\n\
            地，因此专利申请数量较低\n\n\
            三、中国对全球创新影响的实证与案例研究";
        let got = rows(text);
        assert_eq!(
            got[1..4],
            [
                "反对意见\t辩驳理由",
                "观点一：大多数国家都像中国一样推行补贴、强制技术转让等不公平政策\t该观点忽略了：①美国没有实行其他发挥了重要作用的政策，如强制技术转让、关闭国内市场、窃取知识产权等。 ②中国的补贴数额巨大",
                "观点二：中国过度投资的行业市场更为成熟，产品已规模化生产并扩散到全球各地，因此专利申请数量较低\t这一情况不符合报告研究的 5 个产业领域。这些产业领域仍处在关键技术研发阶段",
            ]
        );
        assert!(got[4..]
            .iter()
            .any(|l| l == "三、中国对全球创新影响的实证与案例研究"));
    }

    #[test]
    fn serial_numbers_taken_for_page_numbers_are_cells_of_a_centred_table() {
        // pdftotext -layout of LibreOffice's PDF of seed 003 on US Letter (table 6): the
        // serial number between its row's lines, which the furniture pass took for a page
        // number; a row the source left without its first cell, printed from the margin.
        let lines = furnished(
            "表 6 建设弹性的原料药供应链的政策建议\n\
            序号 建 议\n\
            \x20  促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立\n\
            1  新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调所有政府投入\n\
            \x20  资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供\n\
            应链，以识别和降低风险\n\
            2 应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备\n\
            \x20 促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加\n\
            3\n\
            \x20 强药物和原料药供应链合作\n\n\n\
            二、脆弱供应链的驱动因素",
        );
        let got: Vec<String> = read_tables(&lines, &mut Vec::new())
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(
            got[1..5],
            [
                "序号\t建 议",
                "1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调所有政府投入资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供应链，以识别和降低风险",
                "2\t应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备",
                "3\t促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加强药物和原料药供应链合作",
            ]
        );
        assert!(got[5..].iter().any(|l| l == "二、脆弱供应链的驱动因素"));
    }

    #[test]
    fn labels_and_text_printed_line_by_line_in_reading_order() {
        // pdftotext (reading order) of Chromium's print of seed 003, table 3: a row's
        // lines come in turn, label and text, a blank line apart; a text line that fills
        // the column goes on two blocks later, with its label.
        let text = "表 3 大容量电池供应链 5 个基本环节及评估\n供应链环节\n\n评估\n\n原材料生产\n\n\
            大容量锂离子电池的关键材料（尤其是镍、锂和钴）是主要的上游供应链漏洞。美国本土开采\n\
            重点应为已知储量足以满足经济基础供应的关键材料，如锂\n\n材料精炼和加\n\n\
            美国的材料精炼和加工能力不足。保障美国关键矿产供应链安全最有希望的方式是提高美国的\n\n工\n\n\
            关键材料精炼与加工以及回收利用能力\n\n电池组和终端\n\n\
            美国的电池组和终端产品制造主要为满足北美地区的电动汽车生产需求。但美国仍落后于其他\n\n\
            产品制造\n\n市场\n\n表 4 建设弹性的大容量电池供应链的政策建议";
        let got = rows(text);
        assert_eq!(
            got[1..5],
            [
                "供应链环节\t评估",
                "原材料生产\t大容量锂离子电池的关键材料（尤其是镍、锂和钴）是主要的上游供应链漏洞。美国本土开采重点应为已知储量足以满足经济基础供应的关键材料，如锂",
                "材料精炼和加工\t美国的材料精炼和加工能力不足。保障美国关键矿产供应链安全最有希望的方式是提高美国的关键材料精炼与加工以及回收利用能力",
                "电池组和终端产品制造\t美国的电池组和终端产品制造主要为满足北美地区的电动汽车生产需求。但美国仍落后于其他市场",
            ]
        );
        assert!(got[5..].iter().any(|l| l.starts_with("表 4")));
        // The same print, table 1: a label's last line printed after the text beside it.
        let text = "表1 半导体供应链5个基本环节及评估\n供应链环节\n\n评估\n\n设计\n\n\
            美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳\n\
            动力和制造资源有限\n\n装配、测\n\n严重依赖亚洲的资源进行后端封装；无法发展具有重大技\n\n试、\n\n\
            封装和高级封\n\n术进步潜力的高级封装行业，而中国有潜力颠覆市场\n\n表 2 建设弹性的半导体供应链的政策建议";
        assert_eq!(
            rows(text)[3],
            "装配、测试、封装和高级封\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场"
        );
    }

    #[test]
    fn numbered_rows_with_the_number_before_the_text_and_a_gap_inside_a_row() {
        // pdftotext (reading order) of Chromium's print of seed 003, table 6: the header
        // wrapped around its second cell, the first serial number taken for a page number,
        // the next two before their text, a blank line inside row 1 (a row of the source
        // without its first cell), then the next paragraph after a blank line.
        let lines = furnished(
            "表 6 建设弹性的原料药供应链的政策建议\n序\n\n建议\n\n号\n1\n\n\
            促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的\n\
            授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供\n\n应链，以识别和降低风险\n\
            2 应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备\n\
            3 促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加强药\n\
            物和原料药供应链合作\n\n二、脆弱供应链的驱动因素",
        );
        let got: Vec<String> = read_tables(&lines, &mut Vec::new())
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(
            got[1..5],
            [
                "序号\t建议",
                "1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供应链，以识别和降低风险",
                "2\t应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备",
                "3\t促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加强药物和原料药供应链合作",
            ]
        );
        assert!(got[5..].iter().any(|l| l == "二、脆弱供应链的驱动因素"));
    }

    #[test]
    fn numbered_rows_a_space_after_the_number_without_blank_lines() {
        // pdftotext -layout of Chromium's print of seed 003 on US Letter (table 4): cells
        // one space apart, the header's first cell wrapped below it, no blank line around
        // the table; the last row ends on a line that does not fill the column.
        let text = "表 4 建设弹性的大容量电池供应链的政策建议\n序 建议\n号\n\
            1 刺激国产大容量电池的终端产品使用需求（含运输业、公用事业部门）\n\
            2 加强关键先进电池矿物的可靠来源供应，包括：①制定针对各类矿产的战略；②全面提高劳动和环境标准；③\n\
            \x20 加强回收利用政策，确保回收和处理符合最高环境标准\n\
            3 促进可持续的本土电池材料、电池和电池组生产\n\
            4 投资于对保持竞争优势至关重要的人才和创新\n\
            \x20 3、关键矿物和原材料（评估部门：美国国防部）。关键矿物和原材料是国防、高科技和其他产品的重\n\
            要组成部分。";
        let got = rows(text);
        assert_eq!(
            got[1..6],
            [
                "序号\t建议",
                "1\t刺激国产大容量电池的终端产品使用需求（含运输业、公用事业部门）",
                "2\t加强关键先进电池矿物的可靠来源供应，包括：①制定针对各类矿产的战略；②全面提高劳动和环境标准；③加强回收利用政策，确保回收和处理符合最高环境标准",
                "3\t促进可持续的本土电池材料、电池和电池组生产",
                "4\t投资于对保持竞争优势至关重要的人才和创新",
            ]
        );
        assert!(got[6].trim().starts_with("3、关键矿物"));
    }

    #[test]
    fn spaces_in_prose_after_a_caption_are_not_a_table() {
        let text = "表 1 说明\n这是一段话  中间有两个空格，\n但它不是表格。";
        assert_eq!(rows(text).len(), 3);
    }

    /// Seed 003's table 1 as rows, and the caption of table 2 after it: what every
    /// reading order of that table must come to.
    const SEED_003_TABLE_1_THEN_NEXT_CAPTION: [&str; 7] = [
        "供应链环节\t评估",
        "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限",
        "制造\t美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯片主要依赖台湾、韩国和中国",
        "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场",
        "材料\t美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜和光刻胶的市场",
        "制造设备\t美国在大多数类型的前端半导体制造设备在全球生产中占很大份额，但光刻设备的生产集中在荷兰和日本",
        "表 2 建设弹性的半导体供应链的政策建议",
    ];

    #[test]
    fn centred_labels_fall_among_their_texts_lines() {
        // pdftotext (reading order) of LibreOffice's print of seed 003 on US Letter,
        // table 1: no blank lines, each label centred beside its text (before, between
        // or after its lines), a row the footnote cut in the seed joined by its `、`.
        let text = "表 1 半导体供应链 5 个基本环节及评估\n供应链环节 评估\n美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、\n设计\n劳动力和制造资源有限\n美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯片主要依\n制造\n赖台湾、韩国和中国\n装配、测\n严重依赖亚洲的资源进行后端封装；无法发展具有重大技\n试、\n封装和高级封\n术进步潜力的高级封装行业，而中国有潜力颠覆市场\n装\n美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜和光刻\n材料\n胶的市场\n美国在大多数类型的前端半导体制造设备在全球生产中占很大份额，但光刻设备的生产集中\n制造设备\n在荷兰和日本\n表 2 建设弹性的半导体供应链的政策建议\n";
        let out = rows(text);
        assert_eq!(out[1..8], SEED_003_TABLE_1_THEN_NEXT_CAPTION);
    }

    #[test]
    fn centred_labels_under_a_header_of_two_lines() {
        // pdftotext (reading order) of Chromium's print of seed 003 with its default
        // header and footer, table 1: the header's cells a line each, each label centred
        // between its text's two lines, a label's first line beside its text's
        // (`装配、测试、封装和 严重依赖…`) and its last line between the text's lines.
        let text = "表1 半导体供应链5个基本环节及评估\n供应链环节\n评估\n美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企\n设计\n业的知识产权、劳动力和制造资源有限\n美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟\n制造\n节点芯片主要依赖台湾、韩国和中国\n装配、测试、封装和 严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封\n高级封装\n装行业，而中国有潜力颠覆市场\n美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、\n材料\n光掩膜和光刻胶的市场\n美国在大多数类型的前端半导体制造设备在全球生产中占很大份额，但光刻设\n制造设备\n备的生产集中在荷兰和日本\n表 2 建设弹性的半导体供应链的政策建议\n";
        let out = rows(text);
        assert_eq!(out[1..8], SEED_003_TABLE_1_THEN_NEXT_CAPTION);
    }

    #[test]
    fn a_caption_followed_by_no_table_is_warned_about() {
        // Seed 003's table 1 caption, then prose where its rows should be: no reader
        // finds a table, and the caption's line is named.
        let lines = test_lines("表1 半导体供应链5个基本环节及评估\n报告评估了半导体供应链的基本环节，并针对其潜在漏洞风险提出了政策建议。\n");
        let mut diags = Vec::new();
        read_tables(&lines, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, Some(lines[0].no));
        assert!(diags[0].message.contains("表1 半导体供应链"));
        // Rows the source already gave with tabs are its table: no warning.
        let mut diags = Vec::new();
        read_tables(
            &test_lines(
                "表 2 建设弹性的半导体供应链的政策建议\n\n序号\t建 议\n1\t与业界合作促进投资\n",
            ),
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn serial_numbers_first_then_texts_make_numbered_rows() {
        // The same print, table 2: the one-line rows' numbers printed as a block before
        // the second header cell, then the texts; later rows' numbers among their lines.
        let text = "表 2 建设弹性的半导体供应链的政策建议\n序号\n1\n2\n\n建 议\n与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题\n为《为芯片生产创造有益的激励措施法案》中相关条款提供经费支持\n鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区，建设多样化供应商基础，与盟国及\n3\n伙伴就半导体供应链弹性进行合作\n2、大容量电池（评估部门：美国能源部）。应用于电动汽车和网格存储的大容量电池对美国经济和国家安\n";
        let out = rows(text);
        assert_eq!(
            out[1..6],
            [
                "序号\t建 议",
                "1\t与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题",
                "2\t为《为芯片生产创造有益的激励措施法案》中相关条款提供经费支持",
                "3\t鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区，建设多样化供应商基础，与盟国及伙伴就半导体供应链弹性进行合作",
                "2、大容量电池（评估部门：美国能源部）。应用于电动汽车和网格存储的大容量电池对美国经济和国家安",
            ]
        );
    }

    #[test]
    fn a_number_before_its_rows_text_closes_the_row_above() {
        // The same print, table 6: a row's text hard-broken in the seed goes on after the
        // break; `2 应急…` starts row 2.
        let text = "表 6 建设弹性的原料药供应链的政策建议\n序号 建 议\n促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立\n1\n新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调所有政府投入\n资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供\n应链，以识别和降低风险\n2 应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备\n促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加\n3\n强药物和原料药供应链合作\n\n二、脆弱供应链的驱动因素\n";
        let out = rows(text);
        assert_eq!(out[1], "序号\t建 议");
        assert!(
            out[2].starts_with("1\t促进本地生产")
                && out[2].ends_with("透明化供应链，以识别和降低风险"),
            "{out:?}"
        );
        assert!(out[3].starts_with("2\t应急能力建设。"), "{out:?}");
        assert_eq!(out[4], "3\t促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加强药物和原料药供应链合作");
        assert_eq!(out.len(), 8, "{out:?}"); // and the blank line, the heading, the end
    }

    #[test]
    fn whole_cells_a_line_are_rows_by_their_shape() {
        // LibreOffice's plain-text export of the Word file of seed 003, table 1: a cell a
        // line, no blank lines; the header's two cells and the first label all short; the
        // footnote that split row 3 in the source taken out by the footnote pass.
        let mut lines = test_lines(
            "表1 半导体供应链5个基本环节及评估\n供应链环节\n评估\n设计\n\
            美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限\n\
            制造\n美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯片主要依赖台湾、韩国和中国\n\
            装配、测试、\n严重依赖亚洲的资源进行后端封装；无法发展具有重大技\n\
            7 Building Resilient Supply Chains\n封装和高级封装\n术进步潜力的高级封装行业，而中国有潜力颠覆市场\n\
            材料\n美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜和光刻胶的市场\n\
            表 2 建设弹性的半导体供应链的政策建议",
        );
        let note = lines.iter_mut().find(|l| l.text.starts_with("7 ")).unwrap();
        note.raw.clear();
        note.text.clear();
        note.page_break = true;
        let got: Vec<String> = read_tables(&lines, &mut Vec::new())
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(
            got[1..7],
            [
                "供应链环节\t评估",
                "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限",
                "制造\t美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯片主要依赖台湾、韩国和中国",
                "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场",
                "材料\t美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜和光刻胶的市场",
                "表 2 建设弹性的半导体供应链的政策建议",
            ]
        );
        // The same export, table 6: serial numbers (taken for page numbers) every two
        // lines, a line the source hard-broke before the next number, then a heading.
        let lines = furnished(
            "表 6 建设弹性的原料药供应链的政策建议\n序号\n建 议\n1\n\
            促进本地生产，促进国际合作：①确定财政激励或投资，透明化供\n应链，以识别和降低风险\n2\n\
            应急能力建设。探索创建和扩大活性药物成分（API）的虚拟战略储备\n3\n\
            促进国际合作，与盟友建立伙伴关系\n二、脆弱供应链的驱动因素\n通过对上述 4 类关键产品进行广泛的供应链风险和漏洞评估，报告归纳了一系列因素。",
        );
        let got: Vec<String> = read_tables(&lines, &mut Vec::new())
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(
            got[1..6],
            [
                "序号\t建 议",
                "1\t促进本地生产，促进国际合作：①确定财政激励或投资，透明化供应链，以识别和降低风险",
                "2\t应急能力建设。探索创建和扩大活性药物成分（API）的虚拟战略储备",
                "3\t促进国际合作，与盟友建立伙伴关系",
                "二、脆弱供应链的驱动因素",
            ]
        );
        // Table 7: three header cells over rows whose first cell a rowspan left out; read
        // with two columns, a row's first cell would be a sentence: nothing is read.
        let text = "表 7 建设弹性供应链的六大主题建议\n主题\n建议\n举措\n1、重建美国生产和创新能力\n\
            制定新联邦立法，加强关键供应链、重建产业基础\n为半导体制造和研发提供专用资金； 提供消费退税和税收优惠\n\
            加大重点产品研发和商业化公共投入\n投资开发下一代电池； 投资开发新的制药和制药工艺\n\n构建由制造商和创新者构成的生态系统";
        assert!(!rows(text).iter().any(|l| l.contains('\t')));
    }

    #[test]
    fn numbers_a_space_after_their_labels_and_a_header_repeated_on_the_next_page() {
        // pdftotext -layout of Chromium's print of seed 000 (alt-a house style), table 1:
        // the header one run, its cells a space apart; each number a space after its
        // label, so the converter found no column there; the header printed again at the
        // top of the next page, under its furniture.
        let mut lines = test_lines(
            "    表 1 按投诉性质分类情况表\n   项目 2021 年一季度(件) 投诉比重 (%)\n \
            售后服务 90248          33.29\n 合同 67614            24.94\n 质量 49347            18.20\n\n\
            \x20                          第5页\n                         栏目总览\n\n \
            项目 2021 年一季度(件) 投诉比重 (%)\n计量 1758          0.65\n人格尊严 1748        0.64\n\
            其他 29315         10.82\n（二）商品和服务类别分析",
        );
        for l in &mut lines {
            if l.text == "第5页" || l.text == "栏目总览" {
                l.text.clear();
                l.page_break = true;
            }
        }
        let got: Vec<String> = read_tables(&lines, &mut Vec::new())
            .into_iter()
            .filter(|l| !l.page_break)
            .map(|l| l.raw)
            .collect();
        assert_eq!(
            got[1..9],
            [
                "项目\t2021 年一季度(件)\t投诉比重 (%)",
                "售后服务\t90248\t33.29",
                "合同\t67614\t24.94",
                "质量\t49347\t18.20",
                "计量\t1758\t0.65",
                "人格尊严\t1748\t0.64",
                "其他\t29315\t10.82",
                "（二）商品和服务类别分析",
            ]
        );
    }

    #[test]
    fn a_line_with_text_in_a_column_of_numbers_is_prose_after_the_table() {
        // The same print, table 2: the header one run (its words fall anywhere against
        // the columns), some numbers a space after their labels, then a paragraph that
        // the columns would cut.
        let text = "  表 2 商品大类投诉情况表\n  商品大类 2021 年一季度 (件) 投诉比重 (%)\n\
            家用电器类       27098          10.00\n日用商品类       22722          8.38\n\
            食品类         18022          6.65\n房屋及建材类 8452                3.12\n\
            首饰及文体用品类 5853              2.16\n\
            \x20 根据 2021 年一季度服务大类投诉数据（如图 3、表 3 所示），生活社会服务类、互联网服务、\n\
            教育培训服务、文化娱乐体育服务与销售服务居于服务类投诉量前五位。";
        let got = rows(text);
        assert_eq!(
            got[1..8],
            [
                "商品大类\t2021 年一季度 (件)\t投诉比重 (%)",
                "家用电器类\t27098\t10.00",
                "日用商品类\t22722\t8.38",
                "食品类\t18022\t6.65",
                "房屋及建材类\t8452\t3.12",
                "首饰及文体用品类\t5853\t2.16",
                "  根据 2021 年一季度服务大类投诉数据（如图 3、表 3 所示），生活社会服务类、互联网服务、",
            ]
        );
    }

    #[test]
    fn a_row_without_its_serial_number_goes_on_in_the_numbered_row_above() {
        // Seed 003, table 6: the source cut row 1 at a page break, and its rest became a
        // row of its own with an empty first cell (after a blank line in the seed, right
        // under row 1 in a browser's copy or a typeset document's table).
        let seed = "表 6 建设弹性的原料药供应链的政策建议\n\n序号\t建 议\n1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调所有政府投入资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供\n\n\t应链，以识别和降低风险\n2\t应急能力建设。探索创建和扩大活性药物成分（API）、其他关键材料和成品剂量的虚拟战略储备\n3\t促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加强药物和原料药供应链合作\n";
        let row1 = "1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调所有政府投入资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供应链，以识别和降低风险";
        for text in [seed.to_string(), seed.replace("\n\n\t", "\n\t")] {
            let rows: Vec<String> = rows(&text)
                .into_iter()
                .filter(|l| l.contains('\t'))
                .collect();
            assert_eq!(rows.len(), 4, "{rows:?}");
            assert_eq!(rows[1], row1);
            assert!(rows[2].starts_with("2\t应急能力建设。"));
        }
    }

    #[test]
    fn rows_under_a_label_merged_over_them_keep_their_empty_first_cell() {
        // Seed 003, table 7: the theme `1、重建…` spans three rows of proposals.
        let text = "主题\t建议\t举措\n1、重建美国生产和创新能力\t制定新联邦立法，加强关键供应链、重建产业基础，包括《美国就业计划》中的转型投资\t为半导体制造和研发提供专用资金； 提供消费退税和税收优惠，刺激电动汽车消费； 为电池全供应链提供融资； 建立新的供应链弹性计划； 部署《国防生产法案》扩大关键行业的制造能力\n\t加大重点产品研发和商业化公共投入\t投资开发下一代电池； 投资开发新的制药和制药工艺\n\t构建由制造商和创新者构成的生态系统\t推广社区大学、学徒制度、在职培训以便求职； 支持关键供应链的中小企业和弱势企业； 审视美国进出口银行支持本土制造业的能力\n";
        let read = rows(text);
        assert_eq!(
            read.iter().filter(|l| l.starts_with('\t')).count(),
            2,
            "{read:?}"
        );
        // Numbered rows whose numbers skip are left as they are too.
        let skipping = "序号\t建 议\n1\t促进本地生产\n\t应链\n3\t促进国际合作\n";
        assert!(rows(skipping).contains(&"\t应链".to_string()));
    }

    #[test]
    fn rows_under_a_merged_first_cell_and_first_cells_that_wrap_are_told_apart() {
        // pdftotext -layout of Chromium's print of seed 003, table 7: the theme `1、重建…`
        // wraps with its row's other cells (`新能力` goes on the row), and two rows
        // without a first cell follow (merged under the theme in the source): each
        // starts where every cell of the row above had ended short of its column.
        let text = "    表 7 建设弹性供应链的六大主题建议\n\n主题            建议             举措\n\n1、重建美国生产和创    制定新联邦立法，加强关    为半导体制造和研发提供专用资金； 提供消费退税和税收\n新能力           键供应链、重建产业基     优惠，刺激电动汽车消费； 为电池全供应链提供融资； 建\n              础，包括《美国就业计     立新的供应链弹性计划； 部署《国防生产法案》扩大关键\n              划》中的转型投资       行业的制造能力\n\n              加大重点产品研发和商业    投资开发下一代电池； 投资开发新的制药和制药工艺\n              化公共投入\n              构建由制造商和创新者构    推广社区大学、学徒制度、在职培训以便求职； 支持关键\n              成的生态系统         供应链的中小企业和弱势企业； 审视美国进出口银行支持\n                             本土制造业的能力\n2、支持重视劳动力、    建立强有力的国内标准、    制定 21 世纪的关键矿物开采和加工标准（锂、钴、镍、铜\n可持续性 & 产品质量   倡导建立全球标准       和其他矿物的综合可持续性标准）； 确定美国境内潜在关\n的市场发展                        键矿物生产和加工地点； 提高整个药品供应链的透明度\n\n3、发挥政府作为关键    利用政府塑造许多关键产    通过联邦采购加强美国供应链； 科学和气候研发拨款应提\n产品的购买方与投资者 品市场的力量，加强供应       高对本土生产的要求； 改革和加强美国的储备（医疗用品\n";
        let out = rows(text);
        let table: Vec<&String> = out.iter().filter(|l| l.contains('\t')).collect();
        assert_eq!(table[0], "主题\t建议\t举措");
        assert!(
            table[1].starts_with("1、重建美国生产和创新能力\t制定新联邦立法"),
            "{table:?}"
        );
        assert_eq!(
            table[2],
            "\t加大重点产品研发和商业化公共投入\t投资开发下一代电池； 投资开发新的制药和制药工艺"
        );
        assert!(table[3].starts_with("\t构建由制造商和创新者构成的生态系统\t推广社区大学"));
        assert!(table[4].starts_with("2、支持重视劳动力、可持续性 & 产品质量的市场发展\t"));
    }

    #[test]
    fn labels_a_space_before_their_texts_first_line() {
        // pdftotext -raw of Chromium's print of seed 003, ITIF table 1: a row's label a
        // space before its text's first line, a wrapped label's first line alone before
        // it, a line the converter cut before `。` or `，`; then the next table's caption.
        let raw = "表1中国的“创新重商主义”政策\n中国创新政策 具体手段\n知识产权 “知识产权盗窃”是中国的重要政策工具。知识产权保护薄弱\n政府支持收购外国\n技术企业 中国企业收购外国技术公司或投资高科技初创企业，以获得所需技术\n强制技术转让 “用市场换技术”\n。要求企业转让技术，以换取在中国投资、运营或销售的机会\n歧视性的政府采购 政府采购青睐中资企业\n对中国企业的补贴 各级政府为先进技术企业提供大量补贴（拨款、免税和低息贷款等）\n，资助其全球市场扩\n张（中国进出口银行和中国出口信用保险公司）\n表2中国的“创新重商主义”政策及其对全球创新的影响评估\n";
        assert_eq!(
            rows(raw)[1..7],
            [
                "中国创新政策\t具体手段",
                "知识产权\t“知识产权盗窃”是中国的重要政策工具。知识产权保护薄弱",
                "政府支持收购外国技术企业\t中国企业收购外国技术公司或投资高科技初创企业，以获得所需技术",
                "强制技术转让\t“用市场换技术”。要求企业转让技术，以换取在中国投资、运营或销售的机会",
                "歧视性的政府采购\t政府采购青睐中资企业",
                "对中国企业的补贴\t各级政府为先进技术企业提供大量补贴（拨款、免税和低息贷款等），资助其全球市场扩张（中国进出口银行和中国出口信用保险公司）",
            ]
        );
        // pypdf of the same print, seed 003's 供应链 table 1: a cell's wrapped lines a
        // space apart on one line, a label wrapped over two lines alone before its text,
        // whose first line fills the column and goes on.
        let pypdf = "表1 半导体供应链5个基本环节及评估\n供应链环节 评估\n设计 美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知 识产权、劳动力和制造资源有限\n装配、测试、封装和\n高级封装\n严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行\n业，而中国有潜力颠覆市场\n材料 美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜 和光刻胶的市场\n报告评估了大容量电池供应链的基本环节，并针对潜在漏洞风险提出政策建议，见下表所列的各项内容\n";
        let out = rows(pypdf);
        assert_eq!(
            out[1..5],
            [
                "供应链环节\t评估",
                "设计\t美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知识产权、劳动力和制造资源有限",
                "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场",
                "材料\t美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜和光刻胶的市场",
            ]
        );
        assert!(!out[5].contains('\t'), "the paragraph after: {out:?}");
        // Text where a label is due (a row that does not fill its column, then a line
        // of text without a label) ends the table: one row is no table, nothing is read.
        let loose = "表1 半导体供应链5个基本环节及评估\n供应链环节 评估\n设计 美国半导体设计生态系统世界领先\n但高度依赖对华销售，美国半导体设计企业\n制造 美国缺乏半导体制造能力\n";
        assert!(!rows(loose).iter().any(|l| l.contains('\t')));
    }

    #[test]
    fn columns_printed_one_after_another() {
        // pdftotext (reading order) of LibreOffice's print of seed 000 through a Word
        // file, table 3: each column a block (its header, then a cell a line), the page
        // break after the third row, the headers again a line each, the columns with
        // the next rows; then the next section.
        let text = "表 3 服务大类投诉情况表\n服务大类\n生活、社会服务类\n互联网服务\n教育培训服务\n\n2021 年一季度 (件)\n39751\n27500\n14279\n\n投诉比重 (%)\n14.66\n10.14\n5.27\n\n服务大类\n\n2021 年一季度 (件)\n\n投诉比重 (%)\n\n金融服务\n旅游服务\n\n1720\n1365\n\n0.63\n0.50\n\n（三）商品和服务投诉细分情况\n";
        let out = rows(text);
        assert_eq!(
            out[1..7],
            [
                "服务大类\t2021 年一季度 (件)\t投诉比重 (%)",
                "生活、社会服务类\t39751\t14.66",
                "互联网服务\t27500\t10.14",
                "教育培训服务\t14279\t5.27",
                "金融服务\t1720\t0.63",
                "旅游服务\t1365\t0.50",
            ]
        );
        assert!(out[7..].iter().any(|l| l == "（三）商品和服务投诉细分情况"));
        // Columns of text wrapped over more lines than the labels beside them have no
        // shape that says where a row ends: not read this way.
        let wrapped = test_lines("表 2 建设弹性的半导体供应链的政策建议\n序号\n1\n2\n\n建议\n与业界合作促进投资、提高透明度、加\n强协作，解决半导体短缺问题\n为《为芯片生产创造有益的激励措施法\n案》中相关条款提供经费支持\n");
        assert!(reading::columns_one_after_another(&wrapped, 1).is_none());
    }

    #[test]
    fn the_reading_that_explains_more_lines_wins() {
        // pdftotext -raw of Chromium's print of seed 003, table 1: the labels centred
        // reader stops at the label wrapped over two lines alone (two rows read, three
        // left as paragraphs); the labels-beside-text reader reads all five.
        let raw = "表1半导体供应链5个基本环节及评估\n供应链环节 评估\n设计 美国半导体设计生态系统世界领先，但高度依赖对华销售；美国半导体设计企业的知\n识产权、劳动力和制造资源有限\n制造 美国缺乏半导体制造能力。美国的先进逻辑芯片主要依赖中国台湾地区，成熟节点芯\n片主要依赖台湾、韩国和中国\n装配、测试、封装和\n高级封装\n严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行\n业，而中国有潜力颠覆市场\n材料 美国生产了众多用于半导体的气态和湿式化学品，但外国供应商主导了晶圆、光掩膜\n和光刻胶的市场\n制造设备 美国在大多数类型的前端半导体制造设备在全球生产中占很大份额，但光刻设备的生\n产集中在荷兰和日本\n表2建设弹性的半导体供应链的政策建议\n";
        let lines = test_lines(raw);
        let centred = reading::centred_labels(&lines, 1).map(|t| t.0.len());
        assert!(centred.is_none_or(|n| n < 6), "{centred:?}");
        let out = rows(raw);
        let table: Vec<&String> = out.iter().filter(|l| l.contains('\t')).collect();
        assert_eq!(table.len(), 6, "{out:?}");
        assert_eq!(
            table[3],
            "装配、测试、封装和高级封装\t严重依赖亚洲的资源进行后端封装；无法发展具有重大技术进步潜力的高级封装行业，而中国有潜力颠覆市场"
        );
        assert_eq!(
            table[5],
            "制造设备\t美国在大多数类型的前端半导体制造设备在全球生产中占很大份额，但光刻设备的生产集中在荷兰和日本"
        );
    }
}
