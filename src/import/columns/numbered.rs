//! Numbered rows printed in columns (`pdftotext -layout` of a table whose first column
//! holds only a serial number): the header's two cells stand apart, but each row's number
//! is printed a single space before its text, so no column of spaces shows where the
//! text starts. A row is a line that starts with the next serial number; a wrapped
//! cell's next lines are indented, and follow a line that fills the text's column (that
//! is why it wrapped). A header's first cell may wrap below it (`序` / `号`), a page
//! break may fall inside the table (the header printed again after it), and a serial
//! number centred in its row's lines may come after the row's first line.

use super::{display_width, Rows};
use crate::import::Line;
use crate::text;

/// A line's pieces between gaps of two spaces or more.
fn pieces(raw: &str) -> Vec<&str> {
    raw.split("  ")
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}'))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `3 text`: a row's serial number, a single space, and the start of its text.
fn numbered(raw: &str) -> Option<(usize, &str)> {
    let t = raw.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{c}');
    let digits = t.find(|c: char| !c.is_ascii_digit())?;
    let rest = t[digits..].strip_prefix(' ')?;
    if digits == 0 || digits > 3 || rest.starts_with(' ') || rest.is_empty() {
        return None;
    }
    Some((t[..digits].parse().ok()?, rest))
}

/// Where a line's text ends, in display columns (a CJK character two).
fn end_of(raw: &str) -> usize {
    display_width(raw.trim_end())
}

fn indented(raw: &str) -> bool {
    raw.starts_with(' ') && !raw.trim().is_empty()
}

/// The header: two pieces apart, neither a number, and the line after it when that is a
/// short piece of its first cell wrapped below it. Returns the cells and the lines read.
fn header_at(lines: &[Line], at: usize) -> Option<([String; 2], usize)> {
    let l = lines.get(at)?;
    let [first, second] = pieces(&l.raw)[..] else {
        return None;
    };
    if numbered(&l.raw).is_some() || first.chars().count() > 6 || second.chars().count() > 12 {
        return None;
    }
    let mut cells = [first.to_string(), second.to_string()];
    let wrapped = lines.get(at + 1).is_some_and(|n| {
        let t = n.text.trim();
        !t.is_empty()
            && t.chars().count() <= 2
            && !t.chars().any(|c| c.is_ascii_digit())
            && n.raw.len() - n.raw.trim_start().len() < 4
    });
    if wrapped {
        cells[0].push_str(lines[at + 1].text.trim());
    }
    Some((cells, 1 + usize::from(wrapped)))
}

/// A numbered table after a caption at line `from`: its rows and the index after it.
pub(super) fn table_after(lines: &[Line], from: usize) -> Option<Rows> {
    let mut k = from;
    while lines.get(k).is_some_and(Line::is_blank) {
        k += 1;
    }
    let head_at = k;
    let (header, n) = header_at(lines, k)?;
    let squashed = |t: &str| t.split_whitespace().collect::<String>();
    k += n;
    // A serial number centred in its row: the row's first lines come before it.
    let mut lead: Vec<&str> = Vec::new();
    while k < lines.len() && lead.len() < 3 && indented(&lines[k].raw) {
        if numbered(&lines[k].raw).is_some() {
            break;
        }
        lead.push(lines[k].text.trim());
        k += 1;
    }
    // (line number, number, text, page broke before it)
    let mut rows: Vec<(usize, usize, String, bool)> = Vec::new();
    let mut widest = lead.iter().map(|t| display_width(t)).max().unwrap_or(0);
    let mut last_end = widest;
    let mut used = k;
    let mut brk = false;
    while k < lines.len() {
        let l = &lines[k];
        if l.page_break {
            brk = true;
            k += 1;
            continue;
        }
        if l.is_blank() {
            k += 1;
            continue;
        }
        // The header printed again at the top of the next page.
        if brk && squashed(&l.raw) == squashed(&lines[head_at].raw) {
            k += header_at(lines, k).map_or(1, |(_, n)| n);
            continue;
        }
        let expected = rows.last().map_or(1, |r| r.1 + 1);
        if let Some((no, rest)) = numbered(&l.raw).filter(|(no, _)| *no == expected) {
            let mut cell = lead.concat();
            lead.clear();
            text::join_broken_into(&mut cell, rest.trim());
            rows.push((l.no, no, cell, brk));
            (brk, last_end) = (false, end_of(&l.raw));
            widest = widest.max(last_end);
            k += 1;
            used = k;
            continue;
        }
        // A wrapped cell's next line: indented, and before the next row, or after a line
        // that fills the column and no wider than it (the last row's).
        let end = end_of(&l.raw);
        let next_row = lines[k..]
            .iter()
            .take(5)
            .take_while(|n| n.is_blank() || indented(&n.raw) || numbered(&n.raw).is_some())
            .any(|n| numbered(&n.raw).is_some_and(|(no, _)| no == expected));
        let fills = last_end + 2 >= widest && end <= widest + 1;
        let goes_on = indented(&l.raw) && (next_row || fills);
        match rows.last_mut() {
            Some(row) if goes_on => {
                text::join_broken_into(&mut row.2, l.text.trim());
                last_end = end;
                k += 1;
                used = k;
            }
            _ => break,
        }
    }
    if rows.len() < 2 || !lead.is_empty() {
        return None;
    }
    let mut out = vec![Line::new(lines[head_at].no, &header.join("\t"))];
    for (no, serial, cell, brk) in rows {
        if brk {
            out.push(Line::page_break(no));
        }
        out.push(Line::new(no, &format!("{serial}\t{cell}")));
    }
    Some((out, used))
}

#[cfg(test)]
mod tests {
    use super::super::tests::rows;

    #[test]
    fn numbered_rows_a_single_space_after_the_number_under_a_header_in_columns() {
        // pdftotext -layout of Chromium's print of seed 003 (alt-b, table 2): the header's
        // cells apart and its first cell wrapped below it, each row's number a space
        // before its text, wrapped lines indented; then an indented paragraph.
        let text = "\x20  表 2 建设弹性的半导体供应链的政策建议\n\
            \x20序                         建议\n\
            \x20号\n\
            1 与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题\n\
            2 为《为芯片生产创造有益的激励措施法案》中相关条款提供经费支持\n\
            3 通过立法实施“美国就业计划”，加强本土半导体制造生态系统\n\
            4 为制造商（尤其中小型企业）提供研发资源，促进新兴技术成果转化\n\
            5 增加投资，建设 STEM（科学、技术、工程和数学）人才输送渠道\n\
            6 鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区，建设多样化供应商基础，\n\
            \x20   与盟国及伙伴就半导体供应链弹性进行合作\n\
            7 保护美国在半导体制造和先进封装方面的技术优势，利用出口管制、外国投资审查等工具支\n\
            \x20   持相关政策行动\n\
            \x20  2、大容量电池（评估部门：美国能源部）。应用于电动汽车和网格存储的大容量电池对美国经";
        let got = rows(text);
        assert_eq!(got[1], "序号\t建议");
        assert_eq!(
            got[2],
            "1\t与业界合作促进投资、提高透明度、加强协作，解决半导体短缺问题"
        );
        assert_eq!(
            got[7],
            "6\t鼓励外国制造商与材料供应商投资美国、盟国及伙伴国家与地区，建设多样化供应商基础，与盟国及伙伴就半导体供应链弹性进行合作"
        );
        assert_eq!(
            got[8],
            "7\t保护美国在半导体制造和先进封装方面的技术优势，利用出口管制、外国投资审查等工具支持相关政策行动"
        );
        // The paragraph after the last row's short line is not a wrapped line of it.
        assert!(got[9].trim().starts_with("2、大容量电池"));
    }

    #[test]
    fn a_serial_number_centred_below_its_rows_first_line() {
        // The same print (table 6): row 1's number on its second line, row 2's lines in
        // the order the converter found them, a blank line inside the table.
        let text = "\x20  表 6 建设弹性的原料药供应链的政策建议\n\
            序                        建议\n\
            号\n\
            \x20  促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；\n\
            1 ②建立新的平台生产技术和透明的质量管理；③解决新技术带来的监管问题，建立联盟以协调\n\
            \x20  所有政府投入资源；④授权美国食品药品监督管理局（FDA）收集关键新数据，透明化供应\n\
            \x20  链，以识别和降低风险\n\
            2 应急能力建设。探索创建和扩大活性药物成分（API）\n\
            \x20  储备\n\
            \x20                             、其他关键材料和成品剂量的虚拟战略\n\
            \n\
            3 促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边\n\
            \x20  论坛，加强药物和原料药供应链合作\n\
            二、脆弱供应链的驱动因素";
        let got = rows(text);
        assert_eq!(got[1], "序号\t建议");
        assert!(got[2].starts_with("1\t促进本地生产，促进国际合作：①确定财政激励或投资，以推动私营部门发展本土生产能力；②建立新的平台"));
        assert!(got[2].ends_with("透明化供应链，以识别和降低风险"));
        assert!(got[3].starts_with("2\t应急能力建设。"));
        assert_eq!(got[4], "3\t促进国际合作，与盟友建立伙伴关系。通过现有国际监管协作和协调组织，及其他双边和多边论坛，加强药物和原料药供应链合作");
        assert_eq!(got[5], "二、脆弱供应链的驱动因素");
    }
}
