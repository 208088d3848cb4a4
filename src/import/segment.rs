//! Splits a digest's body into articles under their columns and sub-columns.
//!
//! With a TOC, its entries are aligned with the body in order: a body line that
//! spells the next expected entry (same title key, or nearly the same: 规划/计划,
//! full- or half-width punctuation) starts that column or article, whatever
//! heading level the converter gave it, and a heading inside an article
//! (一、总体要求) cannot be mistaken for a column because it is not the entry
//! expected next. The body's spelling wins. An entry missing from the body, and a
//! title found only in the body (a short line followed by a source link), are
//! reported. Without a TOC, titles followed by a source link mark the articles.

use super::toc::{without_title_number, Entry, EntryKind};
use super::{push_section, push_subsection, source_link, Diagnostic, Line};
use crate::model::Section;
use crate::text;

/// An article's lines, with its place in the bulletin.
#[derive(Debug, Clone)]
pub struct Segment {
    pub title: String,
    pub title_line: usize,
    pub section: Option<String>,
    pub subsection: Option<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Default)]
pub struct Segments {
    pub sections: Vec<Section>,
    pub articles: Vec<Segment>,
    /// Text before the first article (an editor's note), if any.
    pub intro: Vec<Line>,
}

/// How far ahead in the TOC a body title may match, skipping entries the body lacks.
const LOOKAHEAD: usize = 4;
/// The similarity above which two titles are one title spelled differently.
const SAME_TITLE: f64 = 0.8;

pub fn split(body: &[Line], entries: &[Entry], diags: &mut Vec<Diagnostic>) -> Segments {
    let mut out = Segments::default();
    let mut section: Option<String> = None;
    let mut subsection: Option<String> = None;
    let mut next = 0usize; // the TOC entry expected next
    let mut i = 0usize;
    let mut current: Option<Segment> = None;
    let toc_articles = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Article)
        .count();

    while i < body.len() {
        let line = &body[i];
        let matched = if line.text.is_empty() {
            None
        } else {
            match_entry(body, i, entries, next)
        };
        if let Some((j, consumed)) = matched {
            for skipped in &entries[next..j] {
                match skipped.kind {
                    EntryKind::Article => diags.push(Diagnostic::warning(
                        Some(skipped.line),
                        format!(
                            "the table of contents lists '{}' but the body has no such title",
                            skipped.text
                        ),
                    )),
                    EntryKind::Section => {
                        diags.push(unmatched_column(skipped, line.no));
                        section = Some(skipped.text.clone());
                        subsection = None;
                        push_section(&mut out.sections, &skipped.text);
                    }
                    EntryKind::Subsection => {
                        diags.push(unmatched_column(skipped, line.no));
                        subsection = Some(skipped.text.clone());
                        push_subsection(&mut out.sections, &skipped.text);
                    }
                }
            }
            let entry = &entries[j];
            let body_text = joined_text(&body[i..i + consumed]);
            match entry.kind {
                EntryKind::Section => {
                    let name = super::strip_enumerator(&body_text);
                    push_section(&mut out.sections, &name);
                    section = Some(name);
                    subsection = None;
                    flush(&mut current, &mut out);
                }
                EntryKind::Subsection => {
                    let name = super::strip_enumerator(&body_text);
                    push_subsection(&mut out.sections, &name);
                    subsection = Some(name);
                    flush(&mut current, &mut out);
                }
                EntryKind::Article => {
                    flush(&mut current, &mut out);
                    let mut title = text::collapse_spaces(&body_text);
                    // The body's number before a title the TOC lists without one goes.
                    if text::title_key(&title) != entry.key
                        && without_title_number(&entry.text).is_none()
                    {
                        if let Some(t) = without_title_number(&title) {
                            let k = text::title_key(t);
                            if k == entry.key || near(&k, &entry.key) {
                                title = t.to_string();
                            }
                        }
                    }
                    if text::title_key(&title) != entry.key {
                        diags.push(Diagnostic::info(
                            Some(line.no),
                            format!("title spelled '{}' in the table of contents (line {}); the body's spelling is kept", entry.text, entry.line),
                        ));
                    }
                    current = Some(Segment {
                        title,
                        title_line: line.no,
                        section: section.clone(),
                        subsection: subsection.clone(),
                        lines: Vec::new(),
                    });
                }
            }
            next = j + 1;
            i += consumed;
            continue;
        }
        // Without a TOC, or past its end: a title followed by a source link starts an article.
        // Not while the article read so far has no source of its own: a house style that
        // prints the source after the text closes that text with it (`原文链接：…`).
        // (Looked at only where such a title is found: an article may be very long.)
        let source_closes_current = || {
            toc_articles > 0
                && current.as_ref().is_some_and(|seg| {
                    !seg.lines
                        .iter()
                        .any(|l| matches!(source_link(&l.text), Ok(Some(_))))
                })
        };
        if current.is_some() || toc_articles == 0 {
            if let Some(title) =
                untitled_article_start(body, i).filter(|_| !source_closes_current())
            {
                if toc_articles > 0 {
                    diags.push(Diagnostic::warning(
                        Some(line.no),
                        format!("'{title}' looks like an article title (a source link follows) but is not in the table of contents; imported as an article"),
                    ));
                }
                if toc_articles == 0 {
                    if let Some((sec, sub)) = preceding_labels(body, i) {
                        if let Some(s) = sec {
                            push_section(&mut out.sections, &s);
                            section = Some(s);
                            subsection = None;
                        }
                        if let Some(s) = sub {
                            push_subsection(&mut out.sections, &s);
                            subsection = Some(s);
                        }
                    }
                }
                flush(&mut current, &mut out);
                current = Some(Segment {
                    title: text::collapse_spaces(&title),
                    title_line: line.no,
                    section: section.clone(),
                    subsection: subsection.clone(),
                    lines: Vec::new(),
                });
                i += 1;
                continue;
            }
        }
        match current.as_mut() {
            Some(seg) => seg.lines.push(line.clone()),
            None => {
                if !line.is_blank() && !line.page_break {
                    out.intro.push(line.clone());
                }
            }
        }
        i += 1;
    }
    flush(&mut current, &mut out);
    for e in &entries[next.min(entries.len())..] {
        if e.kind == EntryKind::Article {
            diags.push(Diagnostic::warning(
                Some(e.line),
                format!(
                    "the table of contents lists '{}' but the body has no such title",
                    e.text
                ),
            ));
        }
    }
    if toc_articles == 0 {
        // Column labels were pulled into the articles' tails; take them out.
        let labels: Vec<String> = out
            .sections
            .iter()
            .flat_map(|s| std::iter::once(s.name.clone()).chain(s.subsections.iter().cloned()))
            .collect();
        for seg in &mut out.articles {
            while let Some(last) = seg.lines.iter().rposition(|l| !l.is_blank()) {
                let t = &seg.lines[last].text;
                let label = super::strip_enumerator(t);
                let is_label = (super::toc::is_section_label(t)
                    || super::toc::is_subsection_label(t))
                    && labels.contains(&label);
                if !is_label {
                    break;
                }
                seg.lines.truncate(last);
            }
        }
    }
    cut_back_matter(&mut out, diags);
    out
}

/// A column of the TOC that no heading of the body matches: its articles are placed under
/// it by the TOC's order alone, which an editor should check.
fn unmatched_column(entry: &Entry, next_title_line: usize) -> Diagnostic {
    Diagnostic::warning(
        Some(entry.line),
        format!(
            "the table of contents lists the column '{}', but no heading in the body matches it: \
             the articles from line {next_title_line} are placed under it by the table's order; \
             check the `section` of each",
            entry.text
        ),
    )
}

fn flush(current: &mut Option<Segment>, out: &mut Segments) {
    if let Some(seg) = current.take() {
        out.articles.push(seg);
    }
}

fn joined_text(lines: &[Line]) -> String {
    lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("")
}

/// Does the body line at `i` (alone, or joined with the next line when a long title
/// wrapped) spell one of the next TOC entries? Returns the entry and lines consumed.
fn match_entry(body: &[Line], i: usize, entries: &[Entry], next: usize) -> Option<(usize, usize)> {
    let line = &body[i];
    if line.text.chars().count() > 120 || line.raw.contains('\t') || source_link(&line.text).is_ok()
    {
        return None;
    }
    let key = text::title_key(&line.text);
    if key.is_empty() {
        return None;
    }
    // A column heading carries the numbering the TOC gives it (一、质量要闻, or none):
    // `### 2、国际合作` inside an article is not the column 国际合作. A TOC that lists
    // its columns without numbers leaves the numbering to the body, which then counts
    // the columns in order (一、二、… for the n-th column, （一）… for the n-th part).
    let stripped_key = text::title_key(&super::strip_enumerator(&line.text));
    let number = super::body::enumerator_number(&line.text);
    // A title the body numbers (`1. 标题`) where the TOC does not: the number is the
    // body's, not the title's.
    let unnumbered = without_title_number(&line.text).map(text::title_key);
    let same = |j: usize| {
        let e = &entries[j];
        match e.kind {
            EntryKind::Article => e.key == key || unnumbered.as_ref() == Some(&e.key),
            _ if e.numbered_key == key => true,
            _ => {
                e.numbered_key == e.key
                    && stripped_key == e.key
                    && number.is_some_and(|n| Some(n as usize) == ordinal(entries, j))
            }
        }
    };
    let window = next..entries.len().min(next + LOOKAHEAD);
    // Exact spelling first, anywhere in the window; a near spelling only for the entry
    // expected next. Skipping ahead to a column may pass over columns, never articles:
    // an article missing from the body is reported, a column heading is not a guess.
    let skips_articles = |j: usize| {
        entries[next..j]
            .iter()
            .any(|e| e.kind == EntryKind::Article)
    };
    if let Some(j) = window
        .clone()
        .find(|&j| same(j) && (entries[j].kind == EntryKind::Article || !skips_articles(j)))
    {
        return Some((j, 1));
    }
    let expected = entries.get(next)?;
    if expected.kind != EntryKind::Article {
        return None;
    }
    // A title the converter wrapped over two or three lines.
    let key = match unnumbered {
        Some(k) if !expected.key.starts_with(&key) => k,
        _ => key,
    };
    if expected.key.starts_with(&key) && key.chars().count() >= 4 {
        let mut both = key.clone();
        let mut k = i;
        for _ in 0..2 {
            let Some(n) = (k + 1..body.len().min(k + 3)).find(|&n| !body[n].is_blank()) else {
                break;
            };
            if body[n].page_break || body[n].raw.contains('\t') {
                break;
            }
            both.push_str(&text::title_key(&body[n].text));
            k = n;
            if both == expected.key
                || near(&both, &expected.key) && both.len() <= expected.key.len()
            {
                return Some((next, k - i + 1));
            }
            if !expected.key.starts_with(&both) {
                break;
            }
        }
    }
    if near(&key, &expected.key) && looks_like_title(&line.text) {
        return Some((next, 1));
    }
    None
}

/// The place of column entry `j` among its kind: the n-th column, or the n-th sub-column
/// of its column.
fn ordinal(entries: &[Entry], j: usize) -> Option<usize> {
    let kind = entries.get(j)?.kind;
    let n = entries[..=j]
        .iter()
        .rev()
        .take_while(|e| {
            kind == EntryKind::Subsection && e.kind != EntryKind::Section
                || kind == EntryKind::Section
        })
        .filter(|e| e.kind == kind)
        .count();
    Some(n)
}

fn near(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 6 || lb < 6 || la * 10 < lb * 7 || lb * 10 < la * 7 {
        return false;
    }
    text::similarity(a, b) >= SAME_TITLE
}

/// A title, not a sentence: no full stop inside, not too long.
fn looks_like_title(t: &str) -> bool {
    let n = t.chars().count();
    n <= 80 && !t.trim_end_matches('。').contains('。')
}

/// A short line with a source link as the next line, in a body where that is how articles start.
fn untitled_article_start(body: &[Line], i: usize) -> Option<String> {
    let l = &body[i];
    if l.text.is_empty()
        || l.raw.contains('\t')
        || !looks_like_title(&l.text)
        || text::ends_sentence(&l.text)
    {
        return None;
    }
    // An article's credit (`（唐璐 张志强）`) that a converter printed among the notes,
    // above a note's link, closes the article before: no title.
    if source_link(&l.text).is_ok()
        || super::credits::closes_with_credit(&l.text)
        || l.text.chars().count() > 60
        || text::han_count(&l.text) < 4
        || super::footnotes::is_cited_note(body, i)
    {
        return None;
    }
    let next = body[i + 1..].iter().take(3).find(|n| !n.is_blank())?;
    matches!(source_link(&next.text), Ok(Some(_))).then(|| l.text.clone())
}

/// Column and sub-column labels just above an article title, when there is no TOC.
fn preceding_labels(body: &[Line], i: usize) -> Option<(Option<String>, Option<String>)> {
    let mut sec = None;
    let mut sub = None;
    for l in body[..i].iter().rev().filter(|l| !l.is_blank()).take(2) {
        if super::toc::is_subsection_label(&l.text) && sub.is_none() && sec.is_none() {
            sub = Some(super::strip_enumerator(&l.text));
        } else if super::toc::is_section_label(&l.text) && sec.is_none() {
            sec = Some(super::strip_enumerator(&l.text));
        } else {
            break;
        }
    }
    (sec.is_some() || sub.is_some()).then_some((sec, sub))
}

/// The publisher's back matter (editorial board, address, phone) after the last article.
fn cut_back_matter(out: &mut Segments, diags: &mut Vec<Diagnostic>) {
    let Some(last) = out.articles.last_mut() else {
        return;
    };
    if let Some(cut) = back_matter_start(&last.lines) {
        let first = last.lines[cut].no;
        let end = last.lines.last().map_or(first, |l| l.no);
        diags.push(Diagnostic::info(
            Some(first),
            format!("dropped the publisher's back matter (lines {first}–{end})"),
        ));
        last.lines.truncate(cut);
    }
}

/// Index of the first back-matter line, with the headings just above it.
pub fn back_matter_start(lines: &[Line]) -> Option<usize> {
    const MARKERS: [&str; 14] = [
        "编辑部",
        "专家组",
        "主办",
        "主编",
        "编辑：",
        "地址",
        "电话",
        "邮编",
        "投稿",
        "版权所有",
        "本刊",
        "内部资料",
        "联系我们",
        "责任编辑",
    ];
    let is_marker = |l: &Line| {
        let t: String = super::simplified(&l.text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        t.chars().count() <= 40
            && (MARKERS.iter().any(|m| t.starts_with(m))
                || t.ends_with("简介") && l.md_level.is_some())
    };
    // One marker line could be an article's own (电话：… in a notice): back matter is a
    // heading, or several marker lines together.
    let first = (0..lines.len()).find(|&m| {
        is_marker(&lines[m])
            && (lines[m].md_level.is_some()
                || lines[m..].iter().filter(|l| is_marker(l)).count() >= 2)
    })?;
    // Back matter is a page or two; a long tail after the marker is content (or more bulletins).
    let tail = &lines[first..];
    let tail_chars: usize = tail.iter().map(|l| l.text.chars().count()).sum();
    if tail.iter().filter(|l| !l.is_blank()).count() > 120 || tail_chars > 6000 {
        return None;
    }
    let mut cut = first;
    while cut > 0 && (lines[cut - 1].is_blank() || lines[cut - 1].md_level.is_some()) {
        cut -= 1;
    }
    // Where the articles close with an author credit (`（张娟 王海霞）`), the last one ends
    // there: what follows it up to the markers (the publisher's name, its other products)
    // is back matter too, headings or not.
    if let Some(credit) = lines[..cut]
        .iter()
        .rposition(|l| super::credits::closes_with_credit(&l.text))
    {
        let between = &lines[credit + 1..cut];
        let chars: usize = between.iter().map(|l| l.text.chars().count()).sum();
        if between.iter().filter(|l| !l.is_blank()).count() <= 20 && chars <= 1500 {
            cut = credit + 1;
        }
    }
    Some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines as lines;

    fn titles(src: &str) -> (Vec<String>, Vec<Diagnostic>) {
        let all = lines(src);
        let toc = super::super::toc::find(&all).expect("a TOC");
        let mut diags = Vec::new();
        let segs = split(&all[toc.end..], &toc.entries, &mut diags);
        (segs.articles.into_iter().map(|a| a.title).collect(), diags)
    }

    #[test]
    fn a_source_printed_after_the_text_closes_the_article() {
        // Seed 004 set with each source after its article (`原文链接：`): the line above the
        // link is the article's last, not the title of one the TOC does not list.
        let src = "目录\n聚焦汽车腐蚀问题 提升业内重视程度\t5\n直播电商首个选品评价技术规范发布\t6\n\n聚焦汽车腐蚀问题 提升业内重视程度\n为了提升行业内及各汽车制造商对于汽车腐蚀问题的重视程度，中消会将持续聚焦汽车产品的质量安全。\n(本文图片均来自活动主办方)\n原文链接：http://cqn.com.cn\n\n直播电商首个选品评价技术规范发布\n中国质量新闻网讯（记者 徐远官）由中国质量新闻网等单位联合起草的团体标准发布。\n原文链接：http://cqn.com.cn";
        let (titles, diags) = titles(src);
        assert_eq!(
            titles,
            vec![
                "聚焦汽车腐蚀问题 提升业内重视程度",
                "直播电商首个选品评价技术规范发布"
            ],
            "{diags:?}"
        );
    }

    #[test]
    fn a_credit_printed_among_the_notes_is_no_title() {
        // Seed 003 printed landscape by Chromium, through `pdftotext`: the article's credit
        // came out among its notes, right above note 7's link.
        let src = "目录\n美国拜登政府发布关键供应链短期审查结果报告\t6\n日本发布统合创新战略 2021\t12\n\n美国拜登政府发布关键供应链短期审查结果报告\n来源：https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-review-report.pdf\n6月8日，拜登政府发布根据第 14017 号行政令对“美国的供应链”进行短期审查的结果报告。\n7 Building Resilient Supply Chains, Revitalizing American Manufacturing, and Fostering Broad-Based Growth: 100-Day Reviews Under Executive Order 14017.\n\n（唐璐 张志强）\n\nhttps://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-review-report.pdf\n\n日本发布统合创新战略 2021\n来源：https://www8.cao.go.jp/cstp/tougosenryaku/togo2021_honbun.pdf\n6月18日，日本政府发布“统合创新战略2021”。";
        let (titles, diags) = titles(src);
        assert_eq!(
            titles,
            vec![
                "美国拜登政府发布关键供应链短期审查结果报告",
                "日本发布统合创新战略 2021"
            ],
            "{diags:?}"
        );
    }

    #[test]
    fn a_number_the_body_sets_before_a_title_is_not_part_of_it() {
        // Seed 004's titles as a typesetter numbered them in each column (the TOC does not).
        let src = "目录\n质量要闻\n市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用的意见\t2\n2021 年全国量值传递与溯源工作研讨会召开\t7\n\n质量要闻\n1.市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作\n用的意见\n来源：http://cqn.com.cn\n民营企业是推动质量强国建设的重要市场主体。\n2021年9月28日\n2. 2021 年全国量值传递与溯源工作研讨会召开\n来源：http://cqn.com.cn\n近日，市场监管总局组织召开全国量值传递与溯源工作研讨会。";
        let (titles, diags) = titles(src);
        assert_eq!(
            titles,
            vec![
                "市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用的意见",
                "2021 年全国量值传递与溯源工作研讨会召开"
            ],
            "{diags:?}"
        );
        assert_eq!(without_title_number("1.5 亿元投入"), None);
        assert_eq!(without_title_number("1.2021 亿元投入"), None);
        // 000 through `pdftotext -raw`: the body numbers a title that opens with a year.
        assert_eq!(
            without_title_number("1.2021年第一季度全国消协组织受理投诉情况分析"),
            Some("2021年第一季度全国消协组织受理投诉情况分析")
        );
        assert_eq!(without_title_number("（2）德国投资"), Some("德国投资"));
    }

    #[test]
    fn columns_the_body_numbers_in_order_match_the_tocs_unnumbered_names() {
        // Seed 003's TOC names its columns without numbers; a typesetter numbered them in
        // the body. A heading numbered out of order (`2、国际合作` in an article) is not the
        // column.
        let src = "目录\n专题评述\n《2021 年美国创新与竞争法案》瞄准对华科技竞争 .....\t1\n战略规划\n日本发布半导体和数字产业发展战略 .....\t4\n国际合作\n英国政府与 IBM 将合作开展先进数字技术研究 .....\t40\n\n一、专题评述\n《2021 年美国创新与竞争法案》瞄准对华科技竞争\n6 月 8 日，美国参议院投票通过法案。\n2、国际合作\n法案要求加强国际合作。\n二、战略规划\n日本发布半导体和数字产业发展战略\n6月4日，日本经济产业省发布了战略。\n三、国际合作\n英国政府与 IBM 将合作开展先进数字技术研究\n6月3日，英国政府和 IBM 公司宣布了合作。";
        let all = lines(src);
        let toc = super::super::toc::find(&all).expect("a TOC");
        let mut diags = Vec::new();
        let segs = split(&all[toc.end..], &toc.entries, &mut diags);
        let names: Vec<&str> = segs.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["专题评述", "战略规划", "国际合作"]);
        let placed: Vec<(Option<&str>, usize)> = segs
            .articles
            .iter()
            .map(|a| (a.section.as_deref(), a.lines.len()))
            .collect();
        assert_eq!(placed[0].0, Some("专题评述"));
        assert!(
            placed[0].1 >= 3,
            "the article keeps its own 2、国际合作 part"
        );
        assert_eq!(placed[2].0, Some("国际合作"));
        assert!(diags.is_empty(), "{diags:?}");
    }
}
