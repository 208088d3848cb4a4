//! A saved web page → text: its article, without the site around it.
//!
//! `dom_smoothie` (Mozilla's readability) finds the article among the ads, menus, phone
//! lists, comment forms and footers of a page. The article's HTML is then written in
//! the text dialect of `document`: headings as `#`, paragraphs, table rows with tabs,
//! `[text](url)` links, `<sup>N</sup>` marks. The head that readability leaves out — the
//! title, the account or author and the date printed between the title and the text —
//! is read from the whole page, and from its metadata (`<meta>`, JSON-LD, `<time>`) when
//! the page prints none.

use super::document::{self, Extracted};
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

/// Reads a page; `forced` (from `--encoding`) overrides what the page declares.
pub fn read(
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Extracted, String> {
    let html = decode(bytes, forced);
    let page = Document::from(html.as_str());
    let page_blocks = page.body().map(|b| blocks(&b)).unwrap_or_default();
    let meta_date = metadata_date(&page);
    let cfg = Config {
        max_elements_to_parse: 200_000,
        ..Config::default()
    };
    let article = document::quiet_panics(|| {
        Readability::new(html.as_str(), None, Some(cfg)).and_then(|mut r| r.parse())
    })
    .map_err(|p| format!("the web page could not be read ({p}): save it again from the browser"))?;
    let article = article.map_err(|e| match e {
        dom_smoothie::ReadabilityError::GrabFailed => no_article(),
        other => format!("the web page could not be read ({other})"),
    })?;
    let content = Document::from(article.content.to_string());
    let body = content.body().map(|b| blocks(&b)).unwrap_or_default();
    // An article has prose: text outside links, some of it in a paragraph of its own.
    // A page of menus and link lists has none, whatever readability picked.
    let prose: Vec<usize> = body
        .iter()
        .filter(|b| b.kind == Kind::Text)
        .map(|b| {
            without_links(&b.text)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count()
        })
        .collect();
    if prose.iter().sum::<usize>() < 60 || prose.iter().all(|&n| n < 25) {
        return Err(no_article());
    }
    let title = clean_title(&article.title, &page_blocks);
    let mut out = Extracted::default();
    // The title as a heading, unless the article shows it itself (a typeset bulletin
    // whose <title> is its first line).
    let shown = body.iter().take(5).any(|b| b.text == title);
    if !title.is_empty() && !shown {
        out.paragraph(&format!("# {title}"), "title");
    }
    // The head the page prints between its title and the article: account, author, date.
    let head = if shown {
        Vec::new()
    } else {
        head_lines(&page_blocks, &title, &body)
    };
    let has_date = shown || head.iter().any(|l| has_full_date(l));
    for l in &head {
        out.paragraph(l, "page head");
    }
    if head.is_empty() && !shown {
        if let Some(byline) = article
            .byline
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            out.paragraph(byline, "page head");
        }
    }
    if !has_date {
        let date = article
            .published_time
            .as_deref()
            .and_then(iso_date)
            .or(meta_date);
        if let Some((y, m, d)) = date {
            out.paragraph(&format!("{y}年{m}月{d}日"), "page metadata");
        }
    }
    for (i, b) in body.iter().enumerate() {
        let place = format!("article block {}", i + 1);
        match b.kind {
            Kind::Heading(n) => out.paragraph(&format!("{} {}", "#".repeat(n), b.text), &place),
            Kind::Row => {
                let prev_row = i > 0 && body[i - 1].kind == Kind::Row;
                if !prev_row {
                    out.blank(&place);
                }
                out.line(&b.text, &place);
                if body.get(i + 1).is_none_or(|n| n.kind != Kind::Row) {
                    out.blank(&place);
                }
            }
            Kind::Text => out.paragraph(&b.text, &place),
        }
    }
    Ok(out)
}

/// `见[原报告](https://…)。` → `见。`: the text of a block that is not a link.
fn without_links(s: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[[^\]]*\]\([^)]*\)|https?://\S+").expect("valid regex")
    });
    LINK.replace_all(s, "").into_owned()
}

fn no_article() -> String {
    "the web page has no article gazette can find (no run of paragraphs among its menus and \
     links): save the page of the article itself, or copy its text into a .txt file and import that"
        .into()
}

/// Bytes → text: `--encoding`, else a BOM, else the page's `<meta charset>`, else UTF-8
/// when valid, else what Firefox's detector (chardetng) makes of it: GBK or Big5 mostly.
fn decode(bytes: &[u8], forced: Option<&'static encoding_rs::Encoding>) -> String {
    if let Some(enc) = forced {
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    if let Some((enc, len)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[len..])
            .0
            .into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|at| {
        let rest = head[at + 8..].trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    let enc = match declared {
        // A page declared as UTF-8 that is not, or one declaring GB2312 (which browsers read as GBK).
        Some(e) if e == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() => {
            encoding_rs::GB18030
        }
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let sample = &bytes[..bytes.len().min(1 << 20)];
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(sample, sample.len() == bytes.len());
            match detector.guess(None, chardetng::Utf8Detection::Deny) {
                e if e == encoding_rs::GBK => encoding_rs::GB18030,
                e => e,
            }
        }
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading(usize),
    Text,
    /// A table row: cells separated by tabs.
    Row,
}

#[derive(Debug, Clone)]
struct Block {
    kind: Kind,
    text: String,
}

/// The blocks of an element in reading order: headings, paragraphs, table rows.
fn blocks(root: &NodeRef) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current = String::new();
    walk(root, &mut out, &mut current, 0);
    flush(&mut out, &mut current, Kind::Text);
    out
}

fn flush(out: &mut Vec<Block>, current: &mut String, kind: Kind) {
    let text = collapse(current);
    current.clear();
    if !text.is_empty() {
        out.push(Block { kind, text });
    }
}

/// White space as a browser shows it: a run becomes one space (kept between Chinese
/// words too: `刘树文 王世川` are two names).
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "pre",
    "figure",
    "figcaption",
    "header",
    "footer",
    "aside",
    "nav",
    "address",
    "center",
    "form",
    "hr",
    "body",
];

fn walk(node: &NodeRef, out: &mut Vec<Block>, current: &mut String, depth: usize) {
    if depth > 200 {
        return;
    }
    for child in node.children() {
        if child.is_text() {
            current.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = child
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        match name.as_str() {
            "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "button"
            | "select" | "textarea" | "input" | "img" => {}
            "br" => flush(out, current, Kind::Text),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                flush(out, current, Kind::Text);
                let level = name[1..].parse::<usize>().unwrap_or(2);
                let mut inner = String::new();
                inline_text(&child, &mut inner, depth + 1);
                flush(out, &mut inner, Kind::Heading(level));
            }
            "table" => {
                flush(out, current, Kind::Text);
                for row in child.find(&["tr"]) {
                    let cells: Vec<String> = row
                        .children()
                        .into_iter()
                        .filter(|c| {
                            c.node_name().is_some_and(|n| {
                                n.eq_ignore_ascii_case("td") || n.eq_ignore_ascii_case("th")
                            })
                        })
                        .map(|c| {
                            let mut s = String::new();
                            inline_text(&c, &mut s, depth + 1);
                            collapse(&s).replace('\t', " ")
                        })
                        .collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        if cells.len() == 1 {
                            out.push(Block {
                                kind: Kind::Text,
                                text: cells[0].clone(),
                            });
                        } else {
                            out.push(Block {
                                kind: Kind::Row,
                                text: cells.join("\t"),
                            });
                        }
                    }
                }
            }
            "a" | "sup" => inline_one(&child, &name, current, depth + 1),
            n if BLOCKS.contains(&n) => {
                flush(out, current, Kind::Text);
                walk(&child, out, current, depth + 1);
                flush(out, current, Kind::Text);
            }
            _ => walk(&child, out, current, depth + 1),
        }
    }
}

/// The text of an inline element (a link, a mark) in the dialect.
fn inline_one(node: &NodeRef, name: &str, current: &mut String, depth: usize) {
    let mut inner = String::new();
    inline_text(node, &mut inner, depth);
    let shown = collapse(&inner);
    match name {
        "a" => {
            let href = node
                .attr("href")
                .map(|h| document::tidy_url(&h))
                .unwrap_or_default();
            let web = href.starts_with("http://") || href.starts_with("https://");
            if !web || shown.is_empty() {
                current.push_str(&inner);
            } else {
                current.push_str(&document::link(&shown, &href));
            }
        }
        _ => {
            let t = shown.trim().trim_matches(['[', ']']);
            if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
                current.push_str(&format!("<sup>{t}</sup>"));
            } else {
                current.push_str(&inner);
            }
        }
    }
}

fn inline_text(node: &NodeRef, out: &mut String, depth: usize) {
    if depth > 200 {
        return;
    }
    for child in node.children() {
        if child.is_text() {
            out.push_str(&child.text());
        } else if child.is_element() {
            let name = child
                .node_name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            match name.as_str() {
                "script" | "style" | "img" => {}
                "br" => out.push(' '),
                "a" | "sup" => inline_one(&child, &name, out, depth + 1),
                _ => inline_text(&child, out, depth + 1),
            }
        }
    }
}

/// Readability's title, less a site name after a separator, as the page spells it.
fn clean_title(title: &str, page: &[Block]) -> String {
    let title = collapse(title);
    // A heading of the page that the title starts with, or that starts the title, wins:
    // `理解美国产业政策(万字长文) - 某某网` → the page's own heading.
    page.iter()
        .filter(|b| matches!(b.kind, Kind::Heading(_)) || b.text.chars().count() <= 80)
        .find(|b| b.text.chars().count() >= 4 && (title.starts_with(&b.text) || b.text == title))
        .map_or(title, |b| b.text.clone())
}

/// The short lines between the title and the article's first paragraph on the page.
fn head_lines(page: &[Block], title: &str, body: &[Block]) -> Vec<String> {
    let Some(t) = page.iter().position(|b| b.text == title) else {
        return Vec::new();
    };
    let first = body
        .iter()
        .find(|b| b.kind == Kind::Text && b.text.chars().count() > 15)
        .map(|b| b.text.as_str());
    let Some(end) = first.and_then(|f| page[t..].iter().position(|b| b.text == f)) else {
        return Vec::new();
    };
    let Some(head) = page.get(t + 1..t + end) else {
        return Vec::new();
    };
    if head.len() > 8 {
        return Vec::new();
    }
    head.iter()
        .filter(|b| b.kind == Kind::Text && b.text.chars().count() <= 40)
        .map(|b| b.text.clone())
        .collect()
}

fn has_full_date(s: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(19|20)\d\d\s*(年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})",
        )
        .expect("valid regex")
    });
    DATE.is_match(s)
}

/// `2025-02-28T09:00:00+08:00` → (2025, 2, 28).
fn iso_date(s: &str) -> Option<(u32, u32, u32)> {
    let s = s.trim();
    let mut parts = s
        .get(..10)?
        .split(['-', '/', '.'])
        .map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    ((1900..2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}

/// A date the page states in its metadata: `<meta>` publication dates, JSON-LD's
/// `datePublished`, or the first `<time datetime>`.
fn metadata_date(page: &Document) -> Option<(u32, u32, u32)> {
    for sel in [
        r#"meta[property="article:published_time"]"#,
        r#"meta[name="pubdate"]"#,
        r#"meta[name="publishdate"]"#,
        r#"meta[name="PubDate"]"#,
        r#"meta[itemprop="datePublished"]"#,
        r#"meta[name="date"]"#,
        r#"meta[name="dc.date"]"#,
    ] {
        if let Some(d) = page
            .select(sel)
            .attr("content")
            .and_then(|c| iso_date(c.as_ref()))
        {
            return Some(d);
        }
    }
    for script in page.select(r#"script[type="application/ld+json"]"#).iter() {
        let text = script.text();
        if let Some(at) = text.find("\"datePublished\"") {
            let rest = &text[at + 15..];
            let value = rest.split('"').nth(1).unwrap_or_default();
            if let Some(d) = iso_date(value) {
                return Some(d);
            }
        }
    }
    page.select("time[datetime]")
        .attr("datetime")
        .and_then(|d| iso_date(d.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>理解美国产业政策(万字长文) - 好文共賞</title>
<meta property="article:published_time" content="2025-02-28T08:00:00+08:00">
</head><body>
<nav><a href="/">首頁</a> <a href="/ads">加入怡居</a></nav>
<div class="ad">尖沙咀總行 : 2569 2192</div>
<h1>理解美国产业政策(万字长文)</h1>
<div class="meta"><span>创新联合体</span></div>
<article>
<p>写在前面:美国产业政策作为全球经济治理体系中的核心研究议题,始终受到学术界与政策界的持续关注。其政策体系的演进历经工业化早期、冷战时期。</p>
<h2>一、关键要点</h2>
<p>美国的产业政策方法可以追溯到亚历山大·汉密尔顿刺激制造业的尝试<sup>1</sup>。但是,尽管国防部门长期以来一直实施产业政策,但对民用经济的干预却很有限。</p>
<p>详见<a href="https://www.example.org/report">原报告</a>。主流经济学家长期以来一直反对产业政策方法,而是倾向于依赖市场,并且一直在就产业政策实际需要什么进行定义性辩论。</p>
<table><tr><th>时期</th><th>重点</th></tr><tr><td>冷战</td><td>国防</td></tr></table>
</article>
<form><textarea></textarea><button>回應</button></form>
<footer>版權所有</footer>
</body></html>"#;

    #[test]
    fn the_article_is_read_without_the_site_around_it() {
        let out = read(PAGE.as_bytes(), None).unwrap();
        let t = &out.text;
        assert!(t.starts_with("# 理解美国产业政策(万字长文)\n"), "{t}");
        assert!(t.contains("\n创新联合体\n"), "{t}");
        assert!(t.contains("\n2025年2月28日\n"), "{t}");
        assert!(t.contains("\n## 一、关键要点\n"), "{t}");
        assert!(t.contains("汉密尔顿刺激制造业的尝试<sup>1</sup>。"), "{t}");
        assert!(
            t.contains("详见[原报告](https://www.example.org/report)。"),
            "{t}"
        );
        assert!(t.contains("\n时期\t重点\n冷战\t国防\n"), "{t}");
        for chrome in ["尖沙咀", "首頁", "回應", "版權所有"] {
            assert!(!t.contains(chrome), "{chrome} in {t}");
        }
    }

    #[test]
    fn a_page_without_an_article_is_refused() {
        let e = read(
            b"<html><body><nav><a href='/'>home</a></nav></body></html>",
            None,
        )
        .unwrap_err();
        assert!(e.contains("no article"), "{e}");
    }

    #[test]
    fn legacy_encodings_are_declared_in_the_page() {
        let (gbk, _, _) = encoding_rs::GBK.encode(
            "<html><head><meta charset=\"gb2312\"></head><body><p>质量快报</p></body></html>",
        );
        assert!(decode(&gbk, None).contains("质量快报"));
        // Undeclared: GBK and Big5 told apart by the text, as for a text file.
        let traditional: String =
            include_str!("../../tests/fixtures/encodings/003-traditional.utf8.txt")
                .chars()
                .take(1500)
                .collect();
        let page = format!("<html><body><p>{traditional}</p></body></html>");
        let (big5, _, unmappable) = encoding_rs::BIG5.encode(&page);
        assert!(!unmappable);
        let line = traditional
            .lines()
            .find(|l| l.chars().filter(|c| !c.is_ascii()).count() > 8)
            .unwrap();
        assert!(decode(&big5, None).contains(line), "{line}");
        // --encoding overrides the page's declaration (here a wrong one).
        let declared_wrong = [b"<meta charset=\"gbk\">".as_slice(), &big5].concat();
        assert!(!decode(&declared_wrong, None).contains(line));
        assert!(decode(&declared_wrong, Some(encoding_rs::BIG5)).contains(line));
        assert_eq!(iso_date("2021-04-26T10:00:00Z"), Some((2021, 4, 26)));
        assert_eq!(iso_date("yesterday"), None);
    }
}
