//! Papers: an academic article with abstract, keywords, DOI, an English front page,
//! numbered headings and references (seed 002).
//!
//! A paper becomes a bulletin of one article. Its front matter holds what a
//! journal's first page states; the numbered headings (`1`, `1.1`) become Markdown
//! headings; the references become a list. The English abstract is often split by
//! the author notes the layout placed beside it, and is put back together.

use super::footnotes::{self, Footnotes};
use super::{body, segment::Segment, Diagnostic, Line};
use crate::model::{Bulletin, Kind, PaperMeta, PartialDate};
use crate::text;
use regex::Regex;
use std::sync::LazyLock;

static DOI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(10\.\d{4,9}/[^\s，,；;]+)").expect("valid regex"));
static DOI_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.((?:19|20)\d{2})\.(0[1-9]|1[0-2])\.\d+$").expect("valid regex")
});

fn label<'a>(t: &'a str, names: &[&str]) -> Option<&'a str> {
    let compact: String = super::simplified(t)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for n in names {
        // `【摘要】`, `[关键词]`: a label in brackets instead of before a colon.
        let bracketed = ["【", "[", "〔"]
            .iter()
            .any(|open| compact.strip_prefix(open).is_some_and(|r| r.starts_with(n)));
        if bracketed {
            let pos = t.find(['】', ']', '〕'])?;
            return Some(t[pos..].trim_start_matches(['】', ']', '〕']).trim());
        }
        if compact.starts_with(n) {
            // Find the colon after the label in the original text.
            let pos = t.find(['：', ':'])?;
            return Some(t[pos..].trim_start_matches(['：', ':']).trim());
        }
    }
    None
}

/// Two or more of: an abstract, keywords, a DOI, a references heading, in the first lines.
///
/// The marks must be on the front page (the first lines): a digest may quote an abstract
/// or mention 内政部(DOI) in its body.
pub fn looks_like_paper(lines: &[Line]) -> bool {
    const FRONT_PAGE: usize = 40;
    let mut marks = 0;
    let mut seen = [false; 3];
    for l in lines.iter().filter(|l| !l.text.is_empty()).take(FRONT_PAGE) {
        let t = &l.text;
        let checks = [
            label(t, &["摘要"]).is_some(),
            label(t, &["关键词", "关键字"]).is_some(),
            DOI.is_match(t)
                && (t.contains("DOI:")
                    || t.contains("DOI：")
                    || t.contains("DOI编码")
                    || t.contains("doi:")),
        ];
        for (k, c) in checks.iter().enumerate() {
            if *c && !seen[k] {
                seen[k] = true;
                marks += 1;
            }
        }
    }
    marks >= 2
}

fn split_keywords(s: &str) -> Vec<String> {
    s.split(['，', ',', '；', ';'])
        .map(|k| {
            text::collapse_spaces(k)
                .trim_end_matches(['。', '.'])
                .to_string()
        })
        .filter(|k| !k.is_empty())
        .collect()
}

/// `刘树文 王世川`, `刘树文，王世川`, `刘树文、王世川`: the authors' names.
fn author_names(t: &str) -> Vec<&str> {
    t.split(|c: char| c.is_whitespace() || matches!(c, '，' | ',' | '、'))
        .filter(|n| !n.is_empty())
        .collect()
}

fn is_author_line(t: &str) -> bool {
    let names = author_names(t);
    !names.is_empty()
        && names.len() <= 12
        && names
            .iter()
            .all(|n| (2..=4).contains(&n.chars().count()) && n.chars().all(text::is_han))
}

/// The names the author notes open with (`作者简介：刘树文，…` and the `王世川，…` lines
/// under it, or `刘树文（1980—），男…`): what a line of names glued together is split by.
/// Notes set as one paragraph name each author after the full stop of the note before
/// (`…技术性贸易措施。王` / `世川，副处长…`, the name cut by the line's end).
fn noted_names(lines: &[Line]) -> Vec<String> {
    let name_of = |t: &str| -> Option<String> {
        let name: String = t.chars().take_while(|&c| text::is_han(c)).collect();
        let rest = &t[name.len()..];
        ((2..=4).contains(&name.chars().count()) && rest.starts_with(['，', ',', '（', '(']))
            .then_some(name)
    };
    let mut names: Vec<String> = Vec::new();
    let mut under_notes = 0;
    // The notes' paragraph so far, its lines joined.
    let mut paragraph = String::new();
    let add = |names: &mut Vec<String>, name: Option<String>| {
        if let Some(n) = name.filter(|n| !names.contains(n)) {
            names.push(n);
        }
    };
    for l in lines {
        let t = l.text.trim();
        if let Some(rest) = label(t, &["作者简介"]) {
            add(&mut names, name_of(rest.trim()));
            under_notes = 12;
            paragraph = rest.trim().to_string();
        } else if under_notes > 0 {
            under_notes -= 1;
            add(&mut names, name_of(t));
            if is_english(t) || is_first_heading(t) {
                under_notes = 0;
            } else {
                paragraph.push_str(t);
            }
        }
        if under_notes == 0 && !paragraph.is_empty() {
            for sentence in std::mem::take(&mut paragraph).split('。').skip(1) {
                add(&mut names, name_of(sentence));
            }
        }
    }
    for sentence in paragraph.split('。').skip(1) {
        add(&mut names, name_of(sentence));
    }
    names
}

/// The authors of a line: names set apart (`刘树文 王世川`), or names an extractor glued
/// together (`刘树文王世川苏萌`) that the author notes name one by one, in order.
fn authors_of(t: &str, noted: &[String]) -> Option<Vec<String>> {
    if is_author_line(t) {
        return Some(author_names(t).into_iter().map(str::to_string).collect());
    }
    let mut rest = t.trim();
    if rest.is_empty() || !rest.chars().all(text::is_han) {
        return None;
    }
    let mut names = Vec::new();
    while !rest.is_empty() {
        let name = noted.iter().find(|n| rest.starts_with(n.as_str()))?;
        rest = &rest[name.len()..];
        names.push(name.clone());
    }
    (names.len() >= 2).then_some(names)
}

fn is_bracketed(t: &str) -> bool {
    (t.starts_with('(') || t.starts_with('（')) && (t.ends_with(')') || t.ends_with('）'))
}

fn unbracket(t: &str) -> String {
    let t = t.trim();
    let t = t.strip_prefix(['(', '（']).unwrap_or(t);
    let t = t.strip_suffix([')', '）']).unwrap_or(t);
    text::collapse_spaces(t)
}

fn is_english(t: &str) -> bool {
    text::latin_ratio(t) > 0.6 && text::han_count(t) == 0
}

pub fn import(
    lines: &[Line],
    footnotes: &Footnotes,
    diags: &mut Vec<Diagnostic>,
) -> (Bulletin, Vec<super::ArticleDetails>) {
    let texts: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].text.is_empty())
        .collect();
    let mut paper = PaperMeta::default();
    let mut title = String::new();
    let mut title_line = 0;
    let mut authors = Vec::new();

    // The Chinese front page: everything above the abstract.
    let abstract_at = texts
        .iter()
        .position(|&i| label(&lines[i].text, &["摘要"]).is_some());
    let head_end = abstract_at.unwrap_or(0);
    let noted = noted_names(lines);
    let author_at = texts[..head_end].iter().enumerate().find_map(|(k, &i)| {
        let names = authors_of(&lines[i].text, &noted)?;
        // A title wrapped a few characters before its end leaves a line that reads as one
        // name (`…新模式构` / `建研究`): not the authors when the next line names several.
        let names_below = texts[..head_end]
            .get(k + 1)
            .and_then(|&j| authors_of(&lines[j].text, &noted))
            .map_or(0, |below| below.len());
        (names.len() > 1 || names_below < 2).then_some((k, names))
    });
    if let Some((a, names)) = author_at {
        authors = names;
        // The title is the line above the names, or above a note set between them (a
        // prize in quotation marks, a bracket, a DOI) when the line above that note reads
        // as a title and is longer than it.
        let set_between =
            |t: &str| t.contains(['"', '“', '”', '\'']) || is_bracketed(t) || DOI.is_match(t);
        let reads_as_note =
            |t: &str| set_between(t) || t.contains([':', '：']) || text::ends_sentence(t);
        let mut last = a;
        while last >= 2 {
            let note = lines[texts[last - 1]].text.trim();
            let above = lines[texts[last - 2]].text.trim();
            let title_above = text::han_count(above) >= 10
                && above.chars().count() > note.chars().count()
                && !reads_as_note(above);
            if !(set_between(note) && title_above) {
                break;
            }
            last -= 1;
        }
        if last >= 1 {
            // A long title wraps: a longer line above its last that reads as no note is
            // its first part.
            let mut first = last - 1;
            let last_len = lines[texts[last - 1]].text.chars().count();
            if let Some(&p) = first.checked_sub(1).and_then(|k| texts.get(k)) {
                let t = lines[p].text.trim();
                let part =
                    text::han_count(t) >= 10 && t.chars().count() > last_len && !reads_as_note(t);
                if part {
                    first -= 1;
                }
            }
            let t = &lines[texts[first]];
            title = texts[first..last]
                .iter()
                .map(|&i| text::remove_layout_spaces(&lines[i].text))
                .collect::<String>();
            title_line = t.no;
            let notes: Vec<String> = texts[..first]
                .iter()
                .chain(&texts[last..a])
                .filter(|&&i| !DOI.is_match(&lines[i].text))
                .map(|&i| text::collapse_spaces(&lines[i].text))
                .collect();
            if !notes.is_empty() {
                paper.note = Some(notes.join(" "));
            }
        }
        if let Some(&i) = texts.get(a + 1).filter(|&&i| is_bracketed(&lines[i].text)) {
            paper.affiliation = Some(unbracket(&lines[i].text));
        }
    } else if let Some(&i) = texts.first() {
        title = text::collapse_spaces(&lines[i].text);
        title_line = lines[i].no;
    }

    // From the abstract to the first numbered heading: abstract, keywords, DOI, the English page, author notes.
    let body_at = texts
        .iter()
        .enumerate()
        .skip(head_end)
        .find(|(_, &i)| is_first_heading(&lines[i].text))
        .map(|(k, _)| k)
        .unwrap_or(texts.len());
    let mut english_paras: Vec<String> = Vec::new();
    let mut keywords_en = String::new();
    // What the lines without a label of their own continue: a converter wraps each of
    // these fields over several lines.
    #[derive(PartialEq)]
    enum Field {
        None,
        Abstract,
        AbstractEn,
        AuthorNotes,
        KeywordsEn,
        TitleEn,
        AffiliationEn,
    }
    let mut field = Field::None;
    let refs_at = texts.iter().position(|&i| {
        super::simplified(&lines[i].text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            == "参考文献"
    });
    // A journal that prints the English title and abstract at the end of the paper: the
    // English lines after the references, up to an `Abstract` label a few lines on, start
    // a front page of their own.
    let english_tail = refs_at.and_then(|r| {
        (r + 1..texts.len()).find(|&k| {
            let t = lines[texts[k]].text.as_str();
            is_english(t)
                && !t.starts_with('[')
                && texts[k..]
                    .iter()
                    .take(8)
                    .any(|&i| label(&lines[i].text, &["Abstract"]).is_some())
        })
    });
    let front: Vec<usize> = texts[head_end..body_at]
        .iter()
        .chain(english_tail.map_or(&[][..], |k| &texts[k..]))
        .copied()
        .collect();
    for (k, &i) in front.iter().enumerate() {
        let t = lines[i].text.as_str();
        if paper.doi.is_none() {
            if let Some(m) = DOI.captures(t) {
                // A DOI the line cut after a hyphen or a dot goes on at the next line.
                let mut doi = m[1].to_string();
                if doi.ends_with(['-', '.', '/']) {
                    if let Some(&n) = front.get(k + 1) {
                        let next = lines[n].text.split_whitespace().next().unwrap_or("");
                        if next.starts_with(|c: char| c.is_ascii_alphanumeric()) && next.is_ascii()
                        {
                            doi.push_str(next);
                        }
                    }
                }
                paper.doi = Some(repair_issn(&doi));
            }
        }
        if let Some(rest) = label(t, &["摘要"]) {
            paper.abstract_text = Some(text::remove_layout_spaces(rest));
            field = Field::Abstract;
            continue;
        }
        if let Some(rest) = label(t, &["关键词", "关键字"]) {
            let rest = rest.split("DOI").next().unwrap_or(rest);
            paper.keywords = split_keywords(rest);
            field = Field::None;
            continue;
        }
        if let Some(rest) = label(t, &["Keywords", "KeyWords", "Keyword", "Keywords"]) {
            keywords_en = rest.to_string();
            field = Field::KeywordsEn;
            continue;
        }
        if let Some(rest) = label(t, &["Abstract"]) {
            english_paras.push(text::collapse_spaces(rest));
            field = Field::AbstractEn;
            continue;
        }
        if let Some(rest) = label(t, &["作者简介"]) {
            paper.author_notes.push(text::collapse_spaces(rest));
            field = Field::AuthorNotes;
            continue;
        }
        if is_english(t) {
            if field == Field::KeywordsEn {
                keywords_en = text::join_broken(&keywords_en, t);
                continue;
            }
            if field == Field::AbstractEn
                || !english_paras.is_empty() && field == Field::AuthorNotes
            {
                // The abstract resumes after the author notes the layout put beside it.
                if let Some(last) = english_paras.last_mut() {
                    *last = text::join_broken(last, t);
                }
                field = Field::AbstractEn;
                continue;
            }
            if field == Field::AffiliationEn {
                let so_far = paper.affiliation_en.take().unwrap_or_default();
                paper.affiliation_en = Some(text::join_broken(&so_far, t));
            } else if t.starts_with(['(', '（']) && paper.affiliation_en.is_none() {
                paper.affiliation_en = Some(t.to_string());
                field = Field::AffiliationEn;
            } else if paper.title_en.is_none() {
                paper.title_en = Some(text::collapse_spaces(t));
                field = Field::TitleEn;
            } else if field == Field::TitleEn && !is_english_names(t) {
                // The English title wrapped: the names come after it.
                let so_far = paper.title_en.take().unwrap_or_default();
                paper.title_en = Some(text::join_broken(&so_far, &text::collapse_spaces(t)));
            } else if paper.authors_en.is_empty() && is_english_names(t) {
                paper.authors_en = split_english_names(t);
                field = Field::None;
            }
            if field == Field::AffiliationEn
                && paper.affiliation_en.as_deref().is_some_and(|a| {
                    a.matches(['(', '（']).count() <= a.matches([')', '）']).count()
                })
            {
                paper.affiliation_en = paper.affiliation_en.as_deref().map(unbracket);
                field = Field::None;
            }
            continue;
        }
        match field {
            Field::Abstract => {
                if let Some(a) = paper.abstract_text.as_mut() {
                    text::join_broken_into(a, &text::remove_layout_spaces(t));
                }
            }
            Field::AuthorNotes => match paper.author_notes.last_mut() {
                // A note goes on to its full stop.
                Some(last) if !text::ends_sentence(last) => text::join_broken_into(last, t),
                _ => paper.author_notes.push(text::collapse_spaces(t)),
            },
            _ => {}
        }
    }
    // A DOI printed above the title (`DOI: 10.3969/…` at the head of the page).
    if paper.doi.is_none() {
        paper.doi = texts[..head_end]
            .iter()
            .find_map(|&i| DOI.captures(&lines[i].text))
            .map(|m| repair_issn(&m[1]));
    }
    paper.keywords_en = split_keywords(&keywords_en);
    if !english_paras.is_empty() {
        paper.abstract_en = Some(english_paras.join("\n\n"));
    }

    // The body, up to the references.
    let body_start = texts.get(body_at).copied().unwrap_or(lines.len());
    let body_end = refs_at.map_or(lines.len(), |k| texts[k]);
    if let Some(k) = refs_at {
        let end = english_tail.map_or(lines.len(), |e| texts[e]);
        paper.references = references(&lines[texts[k] + 1..end]);
    }
    let mut body_lines = lines[body_start.min(body_end)..body_end].to_vec();
    space_glued_headings(&mut body_lines);
    join_wrapped_headings(&mut body_lines);
    repair_heading_numbers(&mut body_lines, diags);
    let seg = Segment {
        title: title.clone(),
        title_line,
        section: None,
        subsection: None,
        lines: body_lines,
    };
    let built = body::build(&seg.lines, footnotes, body::Mode::Paper, diags);
    let mut markdown = built.markdown;
    if !paper.references.is_empty() {
        markdown.push_str("\n\n## 参考文献\n\n");
        let items: Vec<String> = paper
            .references
            .iter()
            .map(|r| {
                format!(
                    "- {}",
                    body::inline_markdown(&escape_brackets(r), &mut Vec::new(), footnotes)
                )
            })
            .collect();
        markdown.push_str(&items.join("\n"));
    }
    markdown.push('\n');

    let date = paper.doi.as_deref().and_then(|doi| {
        let c = DOI_DATE.captures(doi)?;
        let d = PartialDate::ym(c[1].parse().ok()?, c[2].parse().ok()?)?;
        Some((d, format!("the DOI {doi} (year and issue month)")))
    });
    if title.is_empty() {
        diags.push(Diagnostic::warning(
            None,
            "no title found above the author line: set `title` in index.md",
        ));
    }
    let article = crate::model::Article {
        title: title.clone(),
        sources: Vec::new(),
        authors,
        body: markdown,
        ..Default::default()
    };
    let bulletin = Bulletin {
        kind: Kind::Paper,
        title,
        date: date.as_ref().map(|d| d.0),
        date_evidence: date.map(|d| d.1),
        paper: (!paper.is_empty()).then_some(paper),
        articles: vec![article],
        ..Bulletin::default()
    };
    let details = super::ArticleDetails {
        tables: built.tables,
        figures: built.figures,
        footnotes: Vec::new(),
    };
    (bulletin, vec![details])
}

/// `0 引言`, `1 …`, `引言`, `0引言` (an extractor that drops the space glues the number
/// to the name): where a paper's body starts.
fn is_first_heading(t: &str) -> bool {
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let name = compact.trim_start_matches(|c: char| c.is_ascii_digit());
    (name == "引言" || name == "前言") && compact.len() - name.len() <= 2
        || t.split_once(' ').is_some_and(|(n, rest)| {
            n.len() <= 2
                && n.chars().all(|c| c.is_ascii_digit())
                && rest.trim_start().starts_with(text::is_han)
        })
}

/// `1.1 新质…` or `1.1新质…`: the major and minor number of a sub-section heading.
fn sub_heading_number(t: &str) -> Option<(u32, u32)> {
    static SUB: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})\.(\d{1,2})\s*\p{Han}").expect("valid regex"));
    let c = SUB.captures(t)?;
    Some((c[1].parse().ok()?, c[2].parse().ok()?))
}

/// `2坚决贯彻…`: a section number an extractor glued to its heading (`pdftotext -raw`
/// drops the space). A line of the text may start with a number too (`31个省`, a wrapped
/// `2类企业`), so the number is read as a heading's only where the numbering vouches for
/// it: the first sub-section heading below is its `N.1`, and the heading before it is
/// `N-1` (or the sub-section is the next section's `.1`, and a number misread by OCR is
/// left to [`repair_heading_numbers`]). The heading gets its space back.
fn space_glued_headings(lines: &mut [Line]) {
    static GLUED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})(\p{Han})").expect("valid regex"));
    let mut previous: Option<u32> = None;
    for i in 0..lines.len() {
        let t = lines[i].text.as_str();
        if let Some((major, _)) = sub_heading_number(t) {
            // `1.1新质…` is a heading as it is; it gets its space back too.
            let len = t
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(0);
            let heading = super::body::enumerator_len(t).is_some() && !t.contains('。');
            if heading && !t[len..].starts_with(char::is_whitespace) {
                respace(&mut lines[i], len);
            }
            previous = previous.max(Some(major));
            continue;
        }
        let Some((len, n, unit)) = GLUED.captures(t).and_then(|c| {
            let unit = c[2].chars().next().is_some_and(footnotes::is_unit);
            Some((c[1].len(), c[1].parse::<u32>().ok()?, unit))
        }) else {
            if is_first_heading(t) {
                let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
                previous = Some(digits.parse().unwrap_or(0));
            }
            continue;
        };
        if is_first_heading(t) {
            // `0引言`: the introduction's number, whatever the sub-sections say.
            previous = Some(n);
            respace(&mut lines[i], len);
            continue;
        }
        if unit || t.contains('。') || t.chars().count() > 90 {
            continue;
        }
        let first_sub = lines[i + 1..]
            .iter()
            .find_map(|l| sub_heading_number(&l.text));
        let Some((major, 1)) = first_sub else {
            continue;
        };
        let in_sequence = previous.is_some_and(|p| p + 1 == n) && major == n;
        let misread = previous.is_some_and(|p| p + 1 == major && n != major);
        if !(in_sequence || misread) {
            continue;
        }
        respace(&mut lines[i], len);
        previous = Some(major);
    }
}

/// A numbered heading the page's width wrapped (`1 深刻领会…的重要论述，牢牢把握` /
/// `技术性贸易措施与新质生产力内在统一的辩证关系`) is one heading: its line ends no
/// sentence and the line below is shorter, holds words only (a sentence of the text has
/// its punctuation, a line `pdftotext -raw` cut before a `《` has its brackets), and is
/// no numbered line, caption or heading of its own.
fn join_wrapped_headings(lines: &mut Vec<Line>) {
    let is_heading = |t: &str| {
        (is_first_heading(t) || sub_heading_number(t).is_some())
            && super::body::enumerator_len(t).is_some()
            && !t.contains('。')
    };
    let mut i = 0;
    while i + 2 < lines.len() {
        let (t, next) = (&lines[i].text, &lines[i + 1].text);
        let wrapped = is_heading(t)
            && !text::ends_sentence(t)
            && !next.is_empty()
            && next.chars().count() < t.chars().count()
            && next
                .chars()
                .all(|c| c.is_alphanumeric() || c.is_whitespace())
            && super::body::enumerator_len(next).is_none()
            && !next.starts_with(|c: char| c.is_ascii_digit() || c == '表' || c == '图')
            && lines[i + 1].md_level.is_none()
            && !lines[i + 1].page_break;
        if wrapped {
            let joined = text::join_broken(t, next);
            lines[i].text = joined;
            lines[i].inline = lines[i].text.clone();
            lines.remove(i + 1);
        }
        i += 1;
    }
}

/// Puts back the space after a heading's number of `len` bytes.
fn respace(l: &mut Line, len: usize) {
    l.text = format!("{} {}", &l.text[..len], &l.text[len..]);
    l.inline = l.text.clone();
}

/// OCR misreads a section number now and then (`0 引言`, `7 深刻领会…`, `1.1 …`, `2 …`):
/// a top-level number that breaks the sequence, where the next one and its own
/// sub-sections agree on what it should be, is corrected, with a warning.
fn repair_heading_numbers(lines: &mut [Line], diags: &mut Vec<Diagnostic>) {
    let top: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_first_heading(&l.text) && !l.text.contains('。'))
        .filter_map(|(i, l)| Some((i, l.text.split_once(' ')?.0.parse::<u32>().ok()?)))
        .collect();
    for k in 1..top.len().saturating_sub(1) {
        let (prev, (i, n), next) = (top[k - 1].1, top[k], top[k + 1].1);
        let expected = prev + 1;
        if n == expected || next != expected + 1 {
            continue;
        }
        let sub_prefix = format!("{expected}.");
        let subs_agree = lines[i + 1..top[k + 1].0]
            .iter()
            .any(|l| l.text.starts_with(&sub_prefix));
        if !subs_agree {
            continue;
        }
        let l = &mut lines[i];
        diags.push(Diagnostic::warning(
            Some(l.no),
            format!("section number {n} is out of sequence (between {prev} and {next}, sub-sections {expected}.x); read as {expected}"),
        ));
        let rest = l.text.split_once(' ').map_or("", |(_, r)| r).to_string();
        l.text = format!("{expected} {rest}");
        l.inline = l.text.clone();
    }
}

/// `LIU Shu-wen WANG Shi-chuan SU Meng`: a line of names, each a surname in capitals and
/// a given name; a title's words are not (`Technical Barriers to Trade in SAMR System`).
fn is_english_names(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let surnames = words
        .windows(2)
        .filter(|w| {
            w[0].len() >= 2
                && w[0].chars().all(|c| c.is_ascii_uppercase())
                && w[1].starts_with(|c: char| c.is_ascii_uppercase())
                && w[1].chars().skip(1).any(|c| c.is_ascii_lowercase())
        })
        .count();
    surnames >= 1 && surnames * 2 * 2 >= words.len()
}

/// `j.issn.16745698`: an ISSN (`1674-5698`) whose hyphen a converter dropped at a line
/// break; DOIs of Chinese journals carry one.
fn repair_issn(doi: &str) -> String {
    static ISSN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)(issn\.)(\d{4})(\d{3}[\dX])\b").expect("valid regex"));
    ISSN.replace(doi, "${1}${2}-${3}").into_owned()
}

/// `LIU Shu-wen WANG Shi-chuan`: names are a capitalised surname and a given name
/// (a comma apart in some journals: `LIU Shu-wen, WANG Shi-chuan`).
fn split_english_names(t: &str) -> Vec<String> {
    let words: Vec<&str> = t
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut names = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if k + 1 < words.len() && words[k].chars().all(|c| c.is_ascii_uppercase()) {
            names.push(format!("{} {}", words[k], words[k + 1]));
            k += 2;
        } else {
            names.push(words[k].to_string());
            k += 1;
        }
    }
    names
}

/// The reference list: `[n]` items, with items the layout split over two lines re-joined.
/// A list's dash goes: `- [1] …`, or `-[1] …` when an extractor dropped the space (also
/// before the piece of an item the source set as an item of its own, `-对外开放能力.`).
fn references(lines: &[Line]) -> Vec<String> {
    let mut refs: Vec<String> = Vec::new();
    for l in lines.iter().filter(|l| !l.text.is_empty()) {
        let t = l.text.trim_start_matches("- ").trim();
        let t = match t.strip_prefix('-') {
            Some(rest) if rest.starts_with(|c: char| c == '[' || text::is_han(c)) => rest,
            _ => t,
        };
        let numbered =
            t.starts_with('[') && t[1..].chars().next().is_some_and(|c| c.is_ascii_digit());
        match refs.last_mut() {
            Some(last) if !numbered => *last = text::join_broken(last, t),
            _ => refs.push(text::remove_layout_spaces(&text::collapse_spaces(t))),
        }
    }
    refs
}

fn escape_brackets(t: &str) -> String {
    t.replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::test_lines as lines;

    #[test]
    fn bracketed_labels_a_doi_above_and_a_wrapped_title() {
        // Seed 002 set by another journal: the DOI and the prize note above a title that
        // wraps over two lines, `【摘要】` and `【关键词】` in brackets.
        let src = "DOI: 10.3969/j.issn.1674-5698.2024.09.002\n\"标准助推'新质生产力'发展\"征文活动二等奖\n新质生产力下市场监管技术性贸易措施工作体系高\n质量发展新模式构建研究\n刘树文，王世川，苏萌，付笑涵\n【摘要】发展新质生产力是推动我国高质量发展的内在要求和重要着力点。\n【关键词】新质生产力；技术性贸易措施；发展新模式\n0 引言\n习近平总书记自2023年9月在黑龙江考察调研时首次提出新质生产力。";
        let ls = lines(src);
        assert!(looks_like_paper(&ls));
        let (b, _) = import(&ls, &Footnotes::default(), &mut Vec::new());
        assert_eq!(
            b.title,
            "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究"
        );
        assert_eq!(
            b.articles[0].authors,
            ["刘树文", "王世川", "苏萌", "付笑涵"]
        );
        let p = b.paper.expect("paper metadata");
        assert_eq!(
            p.doi.as_deref(),
            Some("10.3969/j.issn.1674-5698.2024.09.002")
        );
        assert!(p
            .note
            .is_some_and(|n| n.contains("征文活动二等奖") && !n.contains("DOI")));
        assert!(p
            .abstract_text
            .is_some_and(|a| a.starts_with("发展新质生产力")));
        assert_eq!(p.keywords, ["新质生产力", "技术性贸易措施", "发展新模式"]);
    }

    #[test]
    fn an_english_front_page_after_the_references_is_no_reference() {
        // Seed 002 with its English title, names and abstract printed at the end.
        let src = "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究\n刘树文 王世川 苏萌 付笑涵\n摘要：发展新质生产力是推动我国高质量发展的内在要求和重要着力点。\n关键词：新质生产力，技术性贸易措施\n0 引言\n习近平总书记自2023年9月在黑龙江考察调研时首次提出新质生产力。\n参考文献\n[1] 丛俊骐. 技术性贸易措施区域协调规则的国内落实问题研究[D]. 长春: 吉林大学, 2023.\n[2] 贾若祥,王继源,窦红涛. 以新质生产力推动区域高质量发展[J]. 改革, 2024(3):38-47.\nStudy on the Construction of a New Model for High-quality Development\nLIU Shu-wen, WANG Shi-chuan\nAbstract: The new quality productive forces are the key to promote the high quality development in China.\nKeywords: new quality productive forces, technical barriers to trade";
        let (b, _) = import(&lines(src), &Footnotes::default(), &mut Vec::new());
        let p = b.paper.expect("paper metadata");
        assert_eq!(p.references.len(), 2);
        assert!(p.references[1].ends_with("38-47."), "{:?}", p.references);
        assert!(p
            .title_en
            .is_some_and(|t| t.starts_with("Study on the Construction")));
        assert!(p
            .abstract_en
            .is_some_and(|a| a.starts_with("The new quality")));
        assert_eq!(p.keywords_en.len(), 2);
        assert_eq!(p.authors_en, ["LIU Shu-wen", "WANG Shi-chuan"]);
        assert!(!b.articles[0].body.contains("Abstract"));
    }
    /// Seed 002's title and its four authors, in order.
    fn assert_seed_002_title_and_authors(b: &Bulletin) {
        assert_eq!(
            b.articles[0].authors,
            ["刘树文", "王世川", "苏萌", "付笑涵"]
        );
        assert_eq!(
            b.title,
            "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究"
        );
    }

    #[test]
    fn a_title_wrapped_three_characters_before_its_end_is_no_author() {
        // Seed 002 printed at 14 pt: the title's last three characters wrap onto a line
        // of their own, which reads like a name, above the four authors.
        let src = "\"标准助推'新质生产力'发展\"征文活动二等奖\n新质生产力下市场监管技术性贸易措施工作体系 高质量发展新模式构\n建研究\n刘树文 王世川 苏萌 付笑涵\n(国家市场监督管理总局国家标准技术审评中心(总局技术性贸易措施\n通报评议中心))\n摘 要:发展新质生产力是推动我国高质量发展的内在要求和重要着力\n点。\n关键词: 新质生产力,技术性贸易措施,发展新模式\n0 引言\n习近平总书记自2023年9月在黑龙江考察调研时首次提出新质生产力。";
        let (b, _) = import(&lines(src), &Footnotes::default(), &mut Vec::new());
        assert_seed_002_title_and_authors(&b);
        // A paper by one author keeps its one name.
        let one = src.replace("构\n建研究\n刘树文 王世川 苏萌 付笑涵", "构建研究\n刘树文");
        let (b, _) = import(&lines(&one), &Footnotes::default(), &mut Vec::new());
        assert_eq!(b.articles[0].authors, ["刘树文"]);
    }

    #[test]
    fn names_glued_together_are_split_by_the_author_notes() {
        // Seed 002 through `pdftotext -raw` of a Chromium PDF: no spaces between the
        // names, which the author notes further down print one by one.
        let src = "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究\n刘树文王世川苏萌付笑涵\n(国家市场监督管理总局国家标准技术审评中心)\n摘要:发展新质生产力是推动我国高质量发展的内在要求和重要着力点。\n关键词:新质生产力,技术性贸易措施\n作者简介:刘树文,中心副书记,副研究员,研究方向为智慧监管、大数据、标准化、\n电子政务。\n王世川,副处长,高级工程师,研究方向为国际标准化、技术性贸易措施。\n苏萌,工程师,研究方向为技术性贸易措施。\n付笑涵,工程师,研究方向为技术性贸易措施。\n0 引言\n习近平总书记自2023年9月在黑龙江考察调研时首次提出新质生产力。";
        let (b, _) = import(&lines(src), &Footnotes::default(), &mut Vec::new());
        assert_seed_002_title_and_authors(&b);
        // The prize note between the title and the names is a note, not the title's end.
        let noted_between = src.replacen(
            "\n刘树文王世川",
            "\n\"标准助推'新质生产力'发展\"征文活动二等奖\n刘树文王世川",
            1,
        );
        let (b, _) = import(
            &lines(&noted_between),
            &Footnotes::default(),
            &mut Vec::new(),
        );
        assert_eq!(
            b.title,
            "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究"
        );
        assert!(b
            .paper
            .and_then(|p| p.note)
            .is_some_and(|n| n.contains("二等奖")));
        // A name the notes do not print leaves the line unsplit rather than guessed.
        let unnoted = src.replace("苏萌,工程师", "另一位,工程师");
        let (b, _) = import(&lines(&unnoted), &Footnotes::default(), &mut Vec::new());
        assert!(
            b.articles[0].authors.is_empty(),
            "{:?}",
            b.articles[0].authors
        );
    }

    #[test]
    fn numbers_glued_to_headings_and_dashes_glued_to_references() {
        // Seed 002 through `pdftotext -raw` of a Chromium PDF: no space after a heading's
        // number, a wrapped heading, a line of the text opening with a number, and the
        // list's dash glued to each reference (and to the piece of [4] set apart).
        let src = "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究\n刘树文 王世川 苏萌 付笑涵\n摘要:发展新质生产力是推动我国高质量发展的内在要求和重要着力点。\n关键词:新质生产力,技术性贸易措施,发展新模式\n0引言\n习近平总书记自2023年9月在黑龙江考察调研时首次提出\"新质生产力\"以来,后续又对\"新质生产力\"作出一系列重要论述。\n1深刻领会习近平总书记关于新质生产力和技术性贸易措施的重要论述,牢牢把握\n技术性贸易措施与新质生产力内在统一的辩证关系\n习近平总书记高度重视技术性贸易措施工作。\n1.1新质生产力创新发展需要技术性贸易措施的标准引领\n习近平总书记深刻指出,新质生产力是创新起主导作用,依托国家市场监管总局覆盖\n31个省、自治区、直辖市和新疆生产建设兵团及15个计划单列市的市场监管系统技术\n性贸易措施工作网络。\n2坚决贯彻总局对技术性贸易措施工作的部署要求,充分认清当前技术性贸易措施工\n作的基础条件和形势任务\n技术性贸易措施工作是市场监管总局的法定职责。\n2.1总局技术性贸易措施工作体系初具规模\n市场监管总局是当前我国制定和通报TBT措施最多的部门。\n参考文献\n-[1]中华人民共和国中央人民政府网.中共中央国务院印发《质量强国建设纲要》\n[EB/OL].https://www.gov.cn/gongbao/\n-[4]中国政府网.近平在中共中央政治局第八次集体学习时强调:积极参与世界贸易\n组织改革提高驾驭高水平\n-对外开放能力.\nhttps://www.gov.cn/yaowen/liebiao/202309/content_6906628.htm.\n-[5]丛俊骐.技术性贸易措施区域协调规则的国内落实问题研究[D].长春:吉林大学,\n2023.";
        let (b, _) = import(&lines(src), &Footnotes::default(), &mut Vec::new());
        let body = &b.articles[0].body;
        let headings: Vec<&str> = body.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(
            headings,
            [
                "## 0 引言",
                "## 1 深刻领会习近平总书记关于新质生产力和技术性贸易措施的重要论述,牢牢把握技术性贸易措施与新质生产力内在统一的辩证关系",
                "### 1.1 新质生产力创新发展需要技术性贸易措施的标准引领",
                "## 2 坚决贯彻总局对技术性贸易措施工作的部署要求,充分认清当前技术性贸易措施工作的基础条件和形势任务",
                "### 2.1 总局技术性贸易措施工作体系初具规模",
                "## 参考文献",
            ],
            "{body}"
        );
        assert!(body.contains("31个省"));
        let refs = b.paper.expect("paper metadata").references;
        assert_eq!(refs.len(), 3, "{refs:?}");
        assert!(refs[0].starts_with("[1]中华人民共和国"));
        assert!(refs[1].starts_with("[4]") && refs[1].contains("对外开放能力."));
        assert!(refs[1].ends_with("content_6906628.htm."));
    }

    #[test]
    fn glued_names_split_by_author_notes_set_as_one_paragraph() {
        // Seed 002 through `pdftotext -raw` of another journal's Chromium PDF: the notes
        // run on after each full stop, and a line's end cuts 王世川 in two.
        let src = "新质生产力下市场监管技术性贸易措施工作体系高\n质量发展新模式构建研究\n刘树文王世川苏萌付笑涵\n国家市场监督管理总局国家标准技术审评中心(总局技术性贸易措施通报评议中心)\n摘要：发展新质生产力是推动我国高质量发展的内在要求和重要着力点。\n关键词：新质生产力，技术性贸易措施，发展新模式\n作者简介：刘树文,中心副书记,副研究员,研究方向为智慧监管、大数据、标准化、技术性贸易措施。王\n世川,副处长,高级工程师,研究方向为国际标准化、技术性贸易措施。苏萌,工程师,研究方向为技术性贸\n易措施。付笑涵,工程师,研究方向为技术性贸易措施。\n0引言\n习近平总书记自2023年9月在黑龙江考察调研时首次提出\"新质生产力\"以来,后续又对\"新质生产力\"作出一系列重要论述。\n其中,标准是最常用、最关键、最主要的技术性贸易措施形式。";
        let (b, _) = import(&lines(src), &Footnotes::default(), &mut Vec::new());
        assert_seed_002_title_and_authors(&b);
        // The text after the notes names no author (`其中,`).
        assert!(!noted_names(&lines(src)).contains(&"其中".to_string()));
    }
}
