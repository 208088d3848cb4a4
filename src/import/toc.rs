//! The table of contents (目录, 栏目总览) and the highlights list (本期要目).
//!
//! A digest's TOC is the most reliable statement of its structure: columns
//! (一、质量要闻), sub-columns (1.1 国家) and article titles, in order, each with a
//! page number after a tab or dot leaders. It is parsed here and used by `segment`
//! to find article boundaries in the body; it never becomes content. The highlights
//! list repeats a few titles and is dropped.

use super::Line;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Section,
    Subsection,
    Article,
}

/// One line of the TOC.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// The title as the TOC spells it, without page number, leaders or numbering.
    pub text: String,
    pub key: String,
    /// The key of the line with its numbering (`一、质量要闻` → `一质量要闻`): a column
    /// heading in the body must carry the same numbering as in the TOC.
    pub numbered_key: String,
    pub line: usize,
}

/// Where the TOC is, and what it lists.
#[derive(Debug)]
pub struct Toc {
    /// Index of the first TOC marker line (目录 or 栏目总览).
    pub start: usize,
    /// Index of the first body line after the TOC.
    pub end: usize,
    pub entries: Vec<Entry>,
    /// Index ranges of highlight lists (本期要目) before the TOC.
    pub highlights: Vec<std::ops::Range<usize>>,
}

impl Toc {
    /// The cover: lines before the TOC, less highlight lists.
    pub fn cover_lines(&self, lines: &[Line]) -> Vec<Line> {
        lines[..self.start]
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.highlights.iter().any(|r| r.contains(i)))
            .map(|(_, l)| l.clone())
            .collect()
    }
}

const TOC_MARKERS: [&str; 6] = [
    "目录",
    "栏目总览",
    "目次",
    "本期目录",
    "CONTENTS",
    "Contents",
];
const HIGHLIGHT_MARKERS: [&str; 4] = ["本期要目", "本期导读", "本期要点", "要目"];

fn marker_text(l: &Line) -> String {
    l.text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// Finds the TOC in the first part of the file; `None` when there is none with two or more articles.
pub fn find(lines: &[Line]) -> Option<Toc> {
    let mut highlights = Vec::new();
    let limit = lines.len().min(400);
    let mut i = 0;
    while i < limit {
        let m = marker_text(&lines[i]);
        if HIGHLIGHT_MARKERS.contains(&m.as_str()) {
            let start = i;
            i += 1;
            while i < lines.len()
                && (lines[i].is_blank() || lines[i].raw.trim_start().starts_with("- "))
            {
                i += 1;
            }
            highlights.push(start..i);
            continue;
        }
        if TOC_MARKERS.contains(&m.as_str()) {
            if let Some(toc) = parse_from(lines, i, &highlights) {
                return Some(toc);
            }
        }
        i += 1;
    }
    None
}

fn parse_from(lines: &[Line], start: usize, highlights: &[std::ops::Range<usize>]) -> Option<Toc> {
    let mut entries = Vec::new();
    let mut i = start + 1;
    while i < lines.len() {
        let l = &lines[i];
        if l.is_blank() || is_leader_junk(&l.raw) || TOC_MARKERS.contains(&marker_text(l).as_str())
        {
            i += 1;
            continue;
        }
        if let Some(title) = paged_entry(&l.raw) {
            entries.push(entry(&title, l.no, false));
            i += 1;
            continue;
        }
        // A column heading without a page number belongs to the TOC when a paged entry follows.
        let next_paged = lines[i + 1..]
            .iter()
            .find(|n| !n.is_blank() && !is_leader_junk(&n.raw))
            .is_some_and(|n| paged_entry(&n.raw).is_some());
        if next_paged && l.text.chars().count() <= 30 {
            entries.push(entry(&l.text, l.no, l.md_level.is_some()));
            i += 1;
            continue;
        }
        break;
    }
    let articles = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Article)
        .count();
    (articles >= 2).then(|| Toc {
        start,
        end: i,
        entries,
        highlights: highlights.to_vec(),
    })
}

fn entry(title: &str, line: usize, heading: bool) -> Entry {
    let t = title.trim();
    let kind = if heading || is_section_label(t) {
        EntryKind::Section
    } else if is_subsection_label(t) {
        EntryKind::Subsection
    } else {
        EntryKind::Article
    };
    let text = match kind {
        EntryKind::Article => text::collapse_spaces(t),
        _ => super::strip_enumerator(t),
    };
    Entry {
        kind,
        key: text::title_key(&text),
        numbered_key: text::title_key(t),
        text,
        line,
    }
}

/// `一、质量要闻`: a column label (short, numbered with a Chinese numeral).
pub fn is_section_label(t: &str) -> bool {
    let Some(rest) = t.split_once('、') else {
        return false;
    };
    text::parse_small_number(rest.0).is_some() && rest.1.chars().count() <= 12
}

/// `1.1 国家`, `1.2 区域·地方`: a sub-column label.
pub fn is_subsection_label(t: &str) -> bool {
    let mut parts = t.splitn(2, |c: char| c.is_whitespace() || text::is_han(c));
    let num = parts.next().unwrap_or("");
    let Some((a, b)) = num.split_once('.') else {
        return false;
    };
    let rest = t[num.len()..].trim_start();
    let measure = rest.starts_with([
        '万', '亿', '千', '百', '%', '个', '倍', '年', '月', '日', '元', '件', '家',
    ]);
    !measure
        && !a.is_empty()
        && !b.is_empty()
        && a.len() <= 2
        && b.len() <= 2
        && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
        && t.chars().count() <= 16
}

/// `Title .....\t12`, `Title\t12`, `Title ........ 12`: the title, or None when the line has no page number.
fn paged_entry(raw: &str) -> Option<String> {
    let t = raw.trim_end();
    let (head, page) = match t.rsplit_once('\t') {
        Some((h, p)) => (h, p.trim()),
        None => {
            let pos = t.rfind(['.', '…'])?;
            let (h, p) = t.split_at(pos);
            (h, p.trim_start_matches(['.', '…']).trim())
        }
    };
    if page.is_empty() || page.len() > 4 || !page.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let title =
        head.trim_end_matches(|c: char| c == '.' || c == '…' || c == '·' || c.is_whitespace());
    let title = title.trim_start_matches('#').trim();
    let title = title.trim_start_matches("- ").trim();
    (!title.is_empty() && !title.chars().all(|c| c == '-')).then(|| title.to_string())
}

/// `-------\t---`: the table rules a converter drew between TOC blocks.
fn is_leader_junk(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '\t' | ' ' | '.' | '—'))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::import::test_lines as lines;

    #[test]
    fn paged_entries() {
        assert_eq!(
            paged_entry("一、质量要闻.....\t2").as_deref(),
            Some("一、质量要闻")
        );
        assert_eq!(
            paged_entry("日本发布半导体和数字产业发展战略 .....\t4").as_deref(),
            Some("日本发布半导体和数字产业发展战略")
        );
        assert_eq!(paged_entry("---------------------------------\t---"), None);
        assert_eq!(paged_entry("正文一句话。"), None);
    }

    #[test]
    fn markdown_toc_with_column_headings() {
        let src = "# 目 录\n\n## 专题评述\n\n法案瞄准对华科技竞争 .....\t1\n-----\t---\n\n## 战略规划\n\n日本发布战略 .....\t4\n韩国制定计划 .....\t7\n\n## 专题评述\n\n### 法案瞄准对华科技竞争\n";
        let toc = find(&lines(src)).unwrap();
        let kinds: Vec<_> = toc
            .entries
            .iter()
            .map(|e| (e.kind, e.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (EntryKind::Section, "专题评述"),
                (EntryKind::Article, "法案瞄准对华科技竞争"),
                (EntryKind::Section, "战略规划"),
                (EntryKind::Article, "日本发布战略"),
                (EntryKind::Article, "韩国制定计划"),
            ]
        );
        assert_eq!(lines(src)[toc.end].text, "专题评述");
    }

    #[test]
    fn labels() {
        assert!(is_section_label("四、国际动态"));
        assert!(!is_section_label(
            "一、《2021 年战略竞争法案》的详细内容与评述"
        ));
        assert!(is_subsection_label("1.2 区域·地方"));
        assert!(!is_subsection_label("2.55 万件投诉"));
    }
}
