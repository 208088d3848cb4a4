//! Import: a raw bulletin (a PDF, Word file or web page, or the text one was converted to)
//! → the content model.
//!
//! The stages run in order, each over numbered lines so every diagnostic can name
//! its line in the raw file:
//!
//! 1. `sniff` tells the format by content; `pdf`, `docx` and `html` read documents into
//!    the text dialect of `document` (what a careful converter would write), `decode`
//!    reads text (UTF-8, GB18030, UTF-16; BOM; CRLF);
//! 2. `boilerplate`: drop what is never content (phone lists, comment forms, page numbers)
//!    and lift page-bottom footnotes out of the text flow;
//! 3. the kind is decided: a digest has a table of contents (or several titles each
//!    followed by a source link), a paper has an abstract and keywords, anything else
//!    is a single article;
//! 4. `toc` + `segment` (digests): the table of contents is parsed and aligned with
//!    the body, so column, sub-column and article boundaries come from the TOC while
//!    titles are spelled as the body spells them;
//! 5. `meta`: series, issue, date (stated, or inferred with its evidence);
//! 6. `body`: each article's lines → Markdown, with paragraphs re-joined, tables,
//!    footnotes, captions, headings, sources and author credits recovered.

mod body;
mod boilerplate;
mod columns;
mod converted_markdown;
mod credits;
pub mod decode;
pub mod document;
mod docx;
mod footnotes;
mod html;
mod links;
mod meta;
mod paper;
mod pdf;
mod radicals;
pub mod read;
mod reflow;
mod segment;
pub mod sniff;
mod toc;

use crate::model::{Article, Bulletin, Kind, PartialDate, Section};
use crate::text;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

pub use decode::encoding_by_label;

/// The extensions `import` picks up in a folder (a file named on the command line is
/// read whatever its extension): what it reads, and the documents an editor may keep
/// beside them that it does not read (`.doc`, `.rtf`, `.odt`, `.wps`, `.mht`), so each is
/// refused with what to do rather than skipped without a word.
pub const IMPORTED_EXTENSIONS: [&str; 11] = [
    "txt", "pdf", "docx", "html", "htm", "doc", "rtf", "odt", "wps", "mht", "mhtml",
];

/// How serious a diagnostic is: errors stop an import, warnings and notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// Something the importer wants an editor to know, tied to a line of the raw file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            line,
            message: message.into(),
        }
    }
    pub fn warning(line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            line,
            message: message.into(),
        }
    }
    pub fn info(line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Info,
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Info => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One line of the raw file, as the stages see it.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based line number in the raw file.
    pub no: usize,
    /// The line as it was, less trailing white space.
    pub raw: String,
    /// Trimmed, without Markdown heading marks or whole-line bold: for matching.
    pub text: String,
    /// Trimmed, without Markdown heading marks, inline Markdown kept: for content.
    pub inline: String,
    /// Number of `#` marks when the converter made the line a Markdown heading.
    pub md_level: Option<usize>,
    /// Lines removed here (footnotes, page furniture) leave a page break behind,
    /// which tells the paragraph joiner that the text around it may be one sentence.
    pub page_break: bool,
}

impl Line {
    fn new(no: usize, raw: &str) -> Self {
        let raw = raw.trim_end().to_string();
        let trimmed =
            raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}');
        let (md_level, rest) = match trimmed.find(|c: char| c != '#') {
            Some(n) if n > 0 && n <= 6 && trimmed[n..].starts_with(' ') => {
                (Some(n), trimmed[n..].trim())
            }
            _ => (None, trimmed),
        };
        let rest = match rest.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
            Some(inner) if !inner.contains("**") => inner.trim(),
            _ => rest,
        };
        let inline = match md_level {
            Some(n) => trimmed[n..].trim().to_string(),
            None => trimmed.to_string(),
        };
        Line {
            no,
            text: rest.to_string(),
            inline,
            raw,
            md_level,
            page_break: false,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.is_empty() && !self.page_break
    }

    fn page_break(no: usize) -> Self {
        Line {
            no,
            raw: String::new(),
            text: String::new(),
            inline: String::new(),
            md_level: None,
            page_break: true,
        }
    }
}

/// Numbered lines of a text, as the stages see a raw file (for unit tests).
#[cfg(test)]
pub(crate) fn test_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| Line::new(i + 1, l))
        .collect()
}

/// Options of an import run.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Skip detection and decode with this encoding.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// A table recovered from tab-separated lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub caption: Option<String>,
    pub rows: Vec<Vec<String>>,
}

/// A footnote attached to the article that cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footnote {
    pub id: String,
    pub text: String,
}

/// What the import found in an article besides its Markdown: for `inspect`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ArticleDetails {
    pub tables: Vec<Table>,
    pub figures: Vec<String>,
    pub footnotes: Vec<Footnote>,
}

/// The result of importing one raw file.
#[derive(Debug, Clone)]
pub struct Imported {
    pub bulletin: Bulletin,
    /// One entry per article, in the same order.
    pub details: Vec<ArticleDetails>,
    pub diagnostics: Vec<Diagnostic>,
    pub encoding: &'static str,
    /// For a document (PDF, Word, web page): the extension its kept copy gets in the
    /// bulletin folder (`original.pdf`). `None` for text.
    pub original: Option<&'static str>,
}

/// Imports one raw bulletin. `source` is the path recorded in front matter.
/// An `Err` is a file that cannot be imported at all, with the reason.
pub fn import_bytes(
    bytes: &[u8],
    source: &str,
    opts: &ImportOptions,
) -> Result<Imported, Diagnostic> {
    let decoded = read::read(bytes, opts.encoding).map_err(|m| {
        // A file named .pdf that is not one: say so beside why it cannot be read.
        let m = match sniff::misnamed(source, sniff::sniff(bytes)) {
            Some(note) => format!("{m} ({note})"),
            None => m,
        };
        Diagnostic::error(None, m)
    })?;
    let mut diags = decoded.diagnostics;
    if let Some(note) = sniff::misnamed(source, decoded.format) {
        diags.push(Diagnostic::warning(
            None,
            format!("{note}: it was read as {}", sniff::describe(decoded.format)),
        ));
    }
    let lines: Vec<Line> = decoded
        .text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line::new(i + 1, l))
        .collect();
    if lines.iter().all(Line::is_blank) {
        return Err(Diagnostic::error(
            None,
            "the file has no text (only white space)",
        ));
    }
    unsafe_links(&lines, &mut diags);
    let lines = boilerplate::strip(lines, &mut diags);
    let (lines, unwrapped) = reflow::unwrap(lines);
    let lines = reflow::join_cut_links(lines);
    let is_paper = paper::looks_like_paper(&lines);
    let (lines, footnotes) = footnotes::lift(lines, unwrapped, !is_paper);
    if let (Some(first), Some(last)) = (
        footnotes.lost_marks().first(),
        footnotes.lost_marks().last(),
    ) {
        diags.push(Diagnostic::warning(
            Some(first.1),
            format!(
                "note marks {}–{} (lines {}–{}) have no note in the file (the converter \
                 dropped the notes): the marks were taken out of the text",
                first.0, last.0, first.1, last.1
            ),
        ));
    }

    let mut bulletin = if is_paper {
        paper::import(&lines, &footnotes, &mut diags)
    } else if let Some(b) = import_digest(&lines, &footnotes, &mut diags) {
        b
    } else {
        let single = import_single(&lines, &footnotes, &mut diags);
        let issue_line = lines
            .iter()
            .take(60)
            .find(|l| l.text.chars().count() <= 40 && meta::has_issue_label(&l.text));
        if let Some(marker) = toc::unread_marker(&lines) {
            diags.push(Diagnostic::warning(
                Some(marker.no),
                format!(
                    "'{}' looks like a table of contents, but its entries could not be read: \
                     the file was imported as a single article; check its columns and articles",
                    marker.text
                ),
            ));
        } else if let Some(l) = issue_line {
            // An issue number is a periodical's: a digest whose articles were not found.
            diags.push(Diagnostic::warning(
                Some(l.no),
                format!(
                    "'{}' names an issue of a periodical, but no table of contents and no \
                     article titles followed by their sources were found: the file was \
                     imported as a single article; check whether it holds several",
                    l.text
                ),
            ));
        }
        single
    };
    if bulletin.0.articles.is_empty() {
        return Err(Diagnostic::error(
            None,
            "no article could be recovered: the file has no title followed by text",
        ));
    }
    bulletin.0.source = Some(source.to_string());
    if bulletin.0.date.is_none() {
        diags.push(Diagnostic::warning(
            None,
            "no date found (none stated, no dated source or event): set `date` in index.md",
        ));
    }
    links::restore_dropped_hyphens(&mut bulletin.0, &mut bulletin.1);
    finish_slugs(&mut bulletin.0);
    diags.sort_by_key(|d| (d.line.unwrap_or(0), d.level));
    if let Some(places) = &decoded.places {
        read::locate(&mut diags, places);
    }
    if let Some(file_lines) = &decoded.file_lines {
        read::to_file_lines(&mut diags, file_lines);
    }
    Ok(Imported {
        bulletin: bulletin.0,
        details: bulletin.1,
        diagnostics: diags,
        encoding: decoded.encoding,
        original: match decoded.format {
            sniff::Format::Pdf => Some("pdf"),
            sniff::Format::Docx => Some("docx"),
            sniff::Format::Html => Some("html"),
            _ => None,
        },
    })
}

/// Links a reader's browser must never follow (`javascript:`, `data:`, `vbscript:`…) are
/// kept in the Markdown as written, and the site shows them as plain text; the editor hears
/// of each, with its line, rather than finding it silently gone.
fn unsafe_links(lines: &[Line], diags: &mut Vec<Diagnostic>) {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\]\(\s*<?([^\s>]+)|<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")
            .expect("valid regex")
    });
    for line in lines.iter().filter(|l| l.raw.contains(':')) {
        for c in LINK.captures_iter(&line.raw) {
            let url = match (c.get(1), c.get(2)) {
                // `[x](javascript:alert(1))`: the destination ends at its unmatched `)`.
                (Some(m), _) => until_unmatched_paren(m.as_str()),
                (_, Some(m)) => m.as_str(),
                _ => continue,
            };
            if !crate::markdown::is_safe_url(url) {
                let shown: String = url.chars().take(80).collect();
                diags.push(Diagnostic::warning(
                    Some(line.no),
                    format!("link '{shown}' is not http(s), mailto or relative: the site shows it as plain text"),
                ));
            }
        }
    }
}

fn until_unmatched_paren(s: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return &s[..i],
            ')' => depth -= 1,
            _ => {}
        }
    }
    s
}

type Built = (Bulletin, Vec<ArticleDetails>);

/// A title as quoted in a diagnostic: whole up to 60 characters, else its start and `…`.
fn shorten(title: &str) -> String {
    if title.chars().count() <= 60 {
        return title.to_string();
    }
    format!("{}…", title.chars().take(59).collect::<String>())
}

/// A digest: found by its table of contents, or by titles followed by source links.
fn import_digest(
    lines: &[Line],
    footnotes: &footnotes::Footnotes,
    diags: &mut Vec<Diagnostic>,
) -> Option<Built> {
    let toc = toc::find(lines);
    let (cover, body_start, entries) = match &toc {
        Some(t) => (t.cover_lines(lines), t.end, t.entries.as_slice()),
        None => (Vec::new(), 0, &[][..]),
    };
    let segments = segment::split(&lines[body_start..], entries, diags);
    let article_count = segments.articles.len();
    if article_count < 2 && toc.is_none() {
        return None;
    }
    if article_count == 0 {
        return None;
    }
    let cover_meta = meta::from_cover(&cover);
    let mut built = build_articles(&segments.articles, footnotes, body::Mode::Digest, diags);
    far_longer_than_the_others(&segments.articles, &built.0, diags);
    let date = date_of(&cover_meta, &built.0, diags);
    let mut bulletin = Bulletin {
        kind: Kind::Digest,
        title: String::new(),
        series: cover_meta.series.clone(),
        issue: cover_meta.issue.clone(),
        publisher: cover_meta.publisher.clone(),
        date: date.as_ref().map(|d| d.0),
        date_evidence: date.map(|d| d.1),
        sections: segments.sections,
        articles: std::mem::take(&mut built.0),
        ..Bulletin::default()
    };
    if !segments.intro.is_empty() {
        let intro = body::build(&segments.intro, footnotes, body::Mode::Digest, diags);
        bulletin.intro = intro.markdown;
    }
    bulletin.title = digest_title(&bulletin);
    Some((bulletin, built.1))
}

/// An article many times longer than the typical one of its bulletin (and long in itself)
/// may hold the articles whose titles were not found: said, with its line.
fn far_longer_than_the_others(
    segments: &[segment::Segment],
    articles: &[Article],
    diags: &mut Vec<Diagnostic>,
) {
    const TIMES: usize = 8;
    const LONG: usize = 5_000;
    let mut lengths: Vec<usize> = articles.iter().map(|a| a.body.chars().count()).collect();
    if lengths.len() < 4 {
        return;
    }
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2].max(1);
    for (seg, a) in segments.iter().zip(articles) {
        let chars = a.body.chars().count();
        if chars >= LONG && chars >= TIMES * median {
            diags.push(Diagnostic::warning(
                Some(seg.title_line),
                format!(
                    "article '{}' is {chars} characters long, {} times the typical article of \
                     this bulletin ({median}): it may run on into articles whose titles were \
                     not found; check where it ends",
                    shorten(&seg.title),
                    chars / median
                ),
            ));
        }
    }
}

/// A single article: a title near the top (usually before a byline and a date), then text.
fn import_single(
    lines: &[Line],
    footnotes: &footnotes::Footnotes,
    diags: &mut Vec<Diagnostic>,
) -> Built {
    let head = meta::single_article_head(lines, diags);
    let seg = segment::Segment {
        title: head.title.clone(),
        title_line: head.title_line,
        section: None,
        subsection: None,
        lines: lines[head.body_start..].to_vec(),
    };
    let mut built = build_articles(
        std::slice::from_ref(&seg),
        footnotes,
        body::Mode::Digest,
        diags,
    );
    if let Some(a) = built.0.first_mut() {
        if a.authors.is_empty() {
            a.authors = head.authors.clone();
        }
        if a.source_name.is_none() {
            a.source_name = head.source_name.clone();
        }
    }
    let date = match head.date {
        Some(d) => Some((
            d,
            format!(
                "stated under the title (line {})",
                head.date_line.unwrap_or(0)
            ),
        )),
        None => date_of(&meta::CoverMeta::default(), &built.0, diags),
    };
    let bulletin = Bulletin {
        kind: Kind::SingleArticle,
        title: head.title,
        series: head.series,
        date: date.as_ref().map(|d| d.0),
        date_evidence: date.map(|d| d.1),
        articles: built.0,
        ..Bulletin::default()
    };
    (bulletin, built.1)
}

/// Builds every article of a bulletin and attaches each footnote to the article citing it.
fn build_articles(
    segments: &[segment::Segment],
    footnotes: &footnotes::Footnotes,
    mode: body::Mode,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Article>, Vec<ArticleDetails>) {
    let mut articles = Vec::new();
    let mut details = Vec::new();
    let mut cited_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut bodies = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let (lines, site) = body::without_citation(&seg.title, &seg.lines);
        let mut b = body::build(&lines, footnotes, mode, diags);
        if b.source_name.is_none() {
            b.source_name = site;
        }
        for id in &b.cited {
            cited_by.entry(id.clone()).or_insert(i);
        }
        bodies.push(b);
    }
    // Footnotes nobody cites go to the article whose pages they were printed on.
    for (id, note) in footnotes.iter() {
        if cited_by.contains_key(id) {
            continue;
        }
        let owner = segments
            .iter()
            .rposition(|s| s.title_line <= note.line)
            .unwrap_or(0);
        diags.push(Diagnostic::warning(
            Some(note.line),
            format!("footnote {id} is not cited in any article; attached to the article it was printed in"),
        ));
        cited_by.insert(id.clone(), owner);
    }
    for (i, (seg, b)) in segments.iter().zip(bodies).enumerate() {
        let mut notes: Vec<Footnote> = cited_by
            .iter()
            .filter(|(_, &owner)| owner == i)
            .filter_map(|(id, _)| {
                footnotes.get(id).map(|n| Footnote {
                    id: id.clone(),
                    text: n.text.clone(),
                })
            })
            .collect();
        notes.sort_by_key(|n| n.id.parse::<u32>().unwrap_or(u32::MAX));
        let mut markdown = b.markdown;
        if !notes.is_empty() {
            for n in &notes {
                markdown.push_str(&format!("\n\n[^{}]: {}", n.id, n.text));
            }
        }
        if !markdown.is_empty() {
            markdown.push('\n');
        }
        let chars = markdown.chars().count();
        if chars > 200_000 {
            diags.push(Diagnostic::warning(
                Some(seg.title_line),
                format!("article '{}' is {chars} characters long: the file may hold more than one bulletin, or the table of contents misses titles", shorten(&seg.title)),
            ));
        }
        if markdown.trim().is_empty() {
            diags.push(Diagnostic::warning(
                Some(seg.title_line),
                format!("article '{}' has no text", shorten(&seg.title)),
            ));
        }
        articles.push(Article {
            title: seg.title.clone(),
            section: seg.section.clone(),
            subsection: seg.subsection.clone(),
            sources: b.sources,
            source_name: b.source_name,
            authors: b.authors,
            body: markdown,
            ..Article::default()
        });
        details.push(ArticleDetails {
            tables: b.tables,
            figures: b.figures,
            footnotes: notes,
        });
    }
    (articles, details)
}

/// The stated date, or one inferred at month precision from sources and reported events.
fn date_of(
    cover: &meta::CoverMeta,
    articles: &[Article],
    diags: &mut Vec<Diagnostic>,
) -> Option<(PartialDate, String)> {
    if let Some((d, line)) = cover.date {
        return Some((d, format!("stated on the cover (line {line})")));
    }
    let inferred = meta::infer_date(articles)?;
    diags.push(Diagnostic::info(
        None,
        format!(
            "no date stated; inferred {} from {}",
            inferred.0, inferred.1
        ),
    ));
    Some(inferred)
}

fn digest_title(b: &Bulletin) -> String {
    let when = b.date.map(|d| match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{}年{}月{}日", d.year, m, day),
        (Some(m), None) => format!("{}年{}月", d.year, m),
        _ => format!("{}年", d.year),
    });
    match (&b.series, &b.issue, when) {
        (Some(s), Some(i), _) => format!("{s} {i}"),
        (Some(s), None, Some(w)) => format!("{s} {w}"),
        (Some(s), None, None) => s.clone(),
        (None, Some(i), _) => format!("快报 {i}"),
        (None, None, Some(w)) => format!("快报 {w}"),
        (None, None, None) => "快报".to_string(),
    }
}

/// Article slugs: pinyin of the title, unique within the bulletin and unlike any column's slug.
fn finish_slugs(b: &mut Bulletin) {
    let mut taken: std::collections::HashSet<String> = b
        .sections
        .iter()
        .map(|s| crate::slug::slugify(&s.name))
        .collect();
    for a in &mut b.articles {
        let base = crate::slug::slugify(&a.title);
        a.slug = crate::slug::unique(&base, &mut taken);
    }
}

/// The recovered sections, checked for duplicates and in TOC order.
pub(crate) fn push_section(sections: &mut Vec<Section>, name: &str) {
    if !sections.iter().any(|s| s.name == name) {
        sections.push(Section {
            name: name.to_string(),
            subsections: Vec::new(),
        });
    }
}

pub(crate) fn push_subsection(sections: &mut [Section], name: &str) {
    if let Some(s) = sections.last_mut() {
        if !s.subsections.iter().any(|x| x == name) {
            s.subsections.push(name.to_string());
        }
    }
}

/// Is the line a source link: a bare URL, `<URL>`, or a Markdown link on its own line?
/// Returns the URL (None for a link to `#`), or `Err(())` when the line is not a link.
pub(crate) fn source_link(text: &str) -> Result<Option<String>, ()> {
    let t = without_source_label(text.trim());
    let is_url = |u: &str| {
        (u.starts_with("http://") || u.starts_with("https://")) && !u.contains(char::is_whitespace)
    };
    if is_url(t) {
        return Ok(Some(unescaped(t)));
    }
    if let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        if is_url(inner) {
            return Ok(Some(unescaped(inner)));
        }
    }
    if t.starts_with('[') && t.ends_with(')') {
        if let Some(pos) = t.rfind("](") {
            let target = &t[pos + 2..t.len() - 1];
            if is_url(target) {
                return Ok(Some(unescaped(target)));
            }
            // A link to `#` or inside the scraped site is no source; one with another
            // scheme (`javascript:`) is kept as text, and reported by `unsafe_links`.
            if target == "#"
                || target.is_empty()
                || !target.contains(char::is_whitespace) && crate::markdown::is_safe_url(target)
            {
                return Ok(None);
            }
        }
    }
    Err(())
}

/// A link without the Markdown escapes a converter (or a page printed from Markdown)
/// left in it: `post\\_id=2104` is `post_id=2104`. A link holds no backslash of its own
/// (a browser reads one as `/`).
fn unescaped(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut chars = url.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// `来源：http://…`, `原文链接: http://…`: a source link after its label, as a printout
/// shows a link under the title. The label is dropped only before a link.
fn without_source_label(t: &str) -> &str {
    const LABELS: [&str; 10] = [
        "来源",
        "原文链接",
        "原文地址",
        "原文",
        "链接",
        "网址",
        "出处",
        "资料来源",
        "信息来源",
        "Source",
    ];
    let folded = simplified(t);
    for label in LABELS {
        let Some(rest) = folded.strip_prefix(label) else {
            continue;
        };
        let Some(after) = rest.trim_start().strip_prefix([':', '：']) else {
            continue;
        };
        let after = after.trim_start();
        if after.starts_with("http") || after.starts_with("<http") {
            // `simplified` keeps byte lengths: the same cut fits `t`.
            return &t[t.len() - after.len()..];
        }
    }
    t
}

/// `t` with its Traditional characters in their Simplified form, for matching it against
/// the importer's words (目錄 is 目录, 來源 is 来源); never for what is written out. The
/// table is the search's ([`crate::search::fold`]): one Han character for another, three
/// bytes for three, so a position found in the folded text is the same in `t`.
pub(crate) fn simplified(t: &str) -> std::borrow::Cow<'_, str> {
    use crate::search::fold::fold;
    if t.chars().all(|c| fold(c) == c) {
        return std::borrow::Cow::Borrowed(t);
    }
    std::borrow::Cow::Owned(t.chars().map(fold).collect())
}

/// The name of a column or sub-column without its numbering (一、质量要闻 → 质量要闻).
pub(crate) fn strip_enumerator(s: &str) -> String {
    let t = s.trim();
    let t = body::enumerator_len(t).map_or(t, |n| &t[n..]);
    text::collapse_spaces(t.trim_start_matches(['、', '.', '．', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_link_loses_the_markdown_escapes_a_printout_kept() {
        // Seed 003's source of article 3, printed from its Markdown with the escapes.
        let line = "来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post\\_id=2104&board\\_id=11&etc\\_cd1=COUN01#this";
        assert_eq!(
            source_link(line),
            Ok(Some(
                "https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=11&etc_cd1=COUN01#this"
                    .to_string()
            ))
        );
        assert_eq!(
            source_link("[原文](http://a.org/x\\_y)"),
            Ok(Some("http://a.org/x_y".to_string()))
        );
        assert_eq!(source_link("来源：国家标准委"), Err(()));
    }
}
