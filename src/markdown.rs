//! Markdown → HTML for article bodies, safe for text scraped from the web.
//!
//! CommonMark with GFM tables and footnotes (pulldown-cmark). Raw HTML in a body is
//! shown as text, never passed through; a link or image whose URL is not http(s),
//! mailto or relative is rendered as its text alone. A link written from the site's
//! root (`/bulletins/x/`) is put under the base path, so it works when the site is
//! published under a sub-path. Tables are wrapped so they scroll sideways on a phone;
//! footnotes link to their notes and back.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Is this URL safe to put in an `href`: http(s), mailto, or relative to the site?
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return true;
    }
    // Relative: no scheme before the first '/', '?' or '#'.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':')
}

/// The site path a root-relative link names (`/bulletins/x/` → `bulletins/x/`), whether it
/// is written under the base path (`/portal/bulletins/x/`) or not: a link written from
/// the site's root is put under the base path by [`with_base_path`]. `None` for any other
/// link (relative, another host as `//host/`, a scheme).
pub fn site_path<'a>(url: &'a str, base_path: &str) -> Option<&'a str> {
    if !url.starts_with('/') || url.starts_with("//") {
        return None;
    }
    Some(
        url.strip_prefix(base_path)
            .unwrap_or_else(|| url.trim_start_matches('/')),
    )
}

/// A link as the page must carry it: a root-relative link (`/bulletins/x/`, `/static/a.pdf`)
/// is put under the base path (`/portal/bulletins/x/`), so links written for the site's
/// root still work when the site is published under a sub-path; one already under the base
/// path, and every other link, is kept as written.
pub fn with_base_path<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    match site_path(&url, base_path) {
        Some(rest) if base_path != "/" && !url.starts_with(base_path) => {
            CowStr::from(format!("{base_path}{rest}"))
        }
        _ => url,
    }
}

/// Escapes `& < > " '` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    // Every value a template prints goes through here: copy the runs between the five
    // ASCII bytes in one piece (a char-by-char push was 4% of a build).
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out
}

/// An id-safe form of a footnote label.
fn note_id(label: &str) -> String {
    label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Renders a body for a site whose base path is `base_path` (`/`, `/portal/`). Heading
/// levels are kept as written (the article title is the page's h1).
pub fn to_html(markdown: &str, base_path: &str) -> String {
    without_implied_end_tags(&to_html_with_every_end_tag(markdown, base_path))
}

/// [`to_html`] with the end tags the parser implies.
fn to_html_with_every_end_tag(markdown: &str, base_path: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut tables = 0usize;
    let mut skip_link_depth = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    for ev in Parser::new_ext(markdown, opts) {
        let one = match ev {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let safe = is_safe_url(&dest_url);
                skip_link_depth.push(!safe);
                if !safe {
                    continue;
                }
                let dest_url = if link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    CowStr::from(format!("mailto:{dest_url}"))
                } else {
                    with_base_path(dest_url, base_path)
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if skip_link_depth.pop().unwrap_or(false) {
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image { dest_url, .. }) if !is_safe_url(&dest_url) => {
                Event::Text(CowStr::from(""))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: with_base_path(dest_url, base_path),
                title,
                id,
            }),
            Event::Start(Tag::Table(a)) => {
                tables += 1;
                // Each scrolling region needs its own name for screen readers.
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表格 {tables}\">"
                ))));
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::from("</div>\n"))
            }
            Event::FootnoteReference(label) => {
                let id = note_id(&label);
                let label = escape_html(&label);
                Event::Html(CowStr::from(format!(
                    "<sup class=\"fnref\" id=\"fnref-{id}\"><a href=\"#fn-{id}\" aria-label=\"注释 {label}\">{label}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = note_id(&label);
                let label = escape_html(&label);
                Event::Html(CowStr::from(format!(
                    "<div class=\"footnote\" id=\"fn-{id}\"><span class=\"fn-label\"><a href=\"#fnref-{id}\" aria-label=\"{label} 返回正文\">{label}</a></span>"
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
            other => other,
        };
        events.push(one);
    }
    mark_captions(&mut events);
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// `html` without the end tags the HTML parser implies where they stand, which no
/// reader, search engine or screen reader sees (the document tree is the same, but for
/// a line break that moves into the element before it, where it is not rendered): a table
/// cell's and row's, a table head's before its body, a table body's before the table's
/// end, a paragraph's before the next paragraph, a `<div>` (a table's, a footnote's), a
/// heading or its parent's end. Twenty thousand articles hold a million of them. Only
/// the renderer's own tags are met: raw HTML in a body is text (`&lt;`).
fn without_implied_end_tags(html: &str) -> String {
    /// An end tag, and what must follow it for the parser to imply it.
    const IMPLIED: [(&str, &str); 9] = [
        ("</td>", ""),
        ("</th>", ""),
        ("</tr>", ""),
        ("</thead>", "<tbody>"),
        ("</tbody>", "</table>"),
        ("</p>", "\n<p"),
        ("</p>", "\n<div"),
        ("</p>", "\n<h"),
        ("</p>", "\n</div>"),
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("</") {
        let tail = &rest[at..];
        let implied = IMPLIED
            .iter()
            .find(|(tag, next)| tail.starts_with(tag) && tail[tag.len()..].starts_with(next));
        match implied {
            Some((tag, _)) => {
                out.push_str(&rest[..at]);
                rest = &rest[at + tag.len()..];
            }
            None => {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders a body with an empty `<span id="…">` at each byte offset of the Markdown (the
/// anchors timeline entries link to), or at the top when the offset is `None`.
pub fn to_html_with_anchors(
    markdown: &str,
    anchors: &[(String, Option<std::ops::Range<usize>>)],
    base_path: &str,
) -> String {
    // Private-use characters mark the places: they pass through the parser as text.
    const OPEN: char = '\u{E000}';
    const CLOSE: char = '\u{E001}';
    let mut at: Vec<(usize, &str)> = anchors
        .iter()
        .filter_map(|(id, span)| span.as_ref().map(|s| (s.start, id.as_str())))
        .filter(|(pos, _)| *pos <= markdown.len() && markdown.is_char_boundary(*pos))
        .collect();
    at.sort();
    let mut marked = String::with_capacity(markdown.len() + at.len() * 8);
    let mut last = 0;
    for (pos, id) in &at {
        marked.push_str(&markdown[last..*pos]);
        marked.push(OPEN);
        marked.push_str(id);
        marked.push(CLOSE);
        last = *pos;
    }
    marked.push_str(&markdown[last..]);
    let mut html = to_html(&marked, base_path);
    let mut out = String::with_capacity(html.len() + 64);
    for (id, span) in anchors {
        if span.is_none() {
            out.push_str(&format!("<span id=\"{}\"></span>", escape_html(id)));
        }
    }
    while let Some(start) = html.find(OPEN) {
        let end = html[start..].find(CLOSE).map_or(html.len(), |e| start + e);
        let id = html[start + OPEN.len_utf8()..end].to_string();
        let close_len = if end < html.len() {
            CLOSE.len_utf8()
        } else {
            0
        };
        html.replace_range(
            start..end + close_len,
            &format!("<span id=\"{}\"></span>", escape_html(&id)),
        );
    }
    out.push_str(&html);
    out
}

/// A paragraph that is one emphasised run and nothing else (`*图 1 …*`, `**表 1 …**`) is a
/// caption: it gets `class="caption"` so the theme can style it without guessing.
fn mark_captions(events: &mut [Event]) {
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i], Event::Start(Tag::Paragraph)) {
            i += 1;
            continue;
        }
        let Some(end) = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
            .map(|p| i + p)
        else {
            break;
        };
        let inner = &events[i + 1..end];
        let opens = matches!(
            inner.first(),
            Some(Event::Start(Tag::Emphasis | Tag::Strong))
        );
        let closes = matches!(
            inner.last(),
            Some(Event::End(TagEnd::Emphasis | TagEnd::Strong))
        );
        // The run must be one: no other emphasis closes before the last event.
        let single = inner.len() >= 2
            && inner[1..inner.len() - 1]
                .iter()
                .all(|e| !matches!(e, Event::End(TagEnd::Emphasis | TagEnd::Strong)));
        if opens && closes && single {
            let class = if matches!(inner.first(), Some(Event::Start(Tag::Strong))) {
                "caption table-caption"
            } else {
                "caption"
            };
            events[i] = Event::Html(CowStr::from(format!("<p class=\"{class}\">")));
            events[end] = Event::Html(CowStr::from("</p>\n"));
        }
        i = end + 1;
    }
}

/// Plain text of a Markdown body (for summaries and search).
pub fn to_text(markdown: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut out = String::with_capacity(markdown.len());
    let mut in_note = 0;
    for ev in Parser::new_ext(markdown, opts) {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_note -= 1,
            // Raw HTML is text on the page (`to_html`), so it is text here too: what a
            // reader sees is what search finds and what snippets show.
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t)
                if in_note == 0 =>
            {
                out.push_str(&t)
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableRow | TagEnd::Item,
            ) if in_note == 0 => out.push('\n'),
            Event::End(TagEnd::TableCell) if in_note == 0 => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The text of the body's first paragraphs (not headings, tables, captions or notes),
/// at least `min_chars` of it when the body has that much: what a summary is cut from.
pub fn lead_text(markdown: &str, min_chars: usize) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut out = String::new();
    let mut depth_skip = 0usize;
    let mut in_para = false;
    let mut para = String::new();
    let mut para_has_plain = false;
    let mut emphasis = 0usize;
    for ev in Parser::new_ext(markdown, opts) {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_) | Tag::Table(_) | Tag::Heading { .. }) => {
                depth_skip += 1
            }
            Event::End(TagEnd::FootnoteDefinition | TagEnd::Table | TagEnd::Heading(_)) => {
                depth_skip = depth_skip.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if depth_skip == 0 => {
                in_para = true;
                para.clear();
                para_has_plain = false;
            }
            Event::End(TagEnd::Paragraph) if in_para => {
                in_para = false;
                // A paragraph that is only emphasis is a caption; a short one that ends no
                // sentence is a subtitle or a lead-in (关于……的意见): neither opens a summary.
                let subtitle = out.is_empty()
                    && para.trim().chars().count() < 60
                    && !crate::text::ends_sentence(para.trim());
                if para_has_plain && !para.trim().is_empty() && !subtitle {
                    out.push_str(para.trim());
                    if out.chars().count() >= min_chars {
                        break;
                    }
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t)
                if in_para && depth_skip == 0 =>
            {
                para.push_str(&t);
                para_has_plain |= emphasis == 0 && !t.trim().is_empty();
            }
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape_html("中文<a href=\"x\">'&'</a>é/"),
            "中文&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;é/"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
    }

    #[test]
    fn raw_html_and_script_links_are_inert() {
        let html = to_html(
            "a <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.org/)",
            "/",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("<a href=\"https://a.org/\">ok</a>"));
    }

    #[test]
    fn footnotes_link_both_ways_and_tables_scroll() {
        let html = to_html(
            "正文[^1]。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: 注释。\n",
            "/",
        );
        assert!(html.contains("href=\"#fn-1\""));
        assert!(html.contains("id=\"fn-1\""));
        assert!(html.contains("href=\"#fnref-1\""));
        assert!(html.contains("class=\"table-scroll\""));
        assert_eq!(html.matches("<table>").count(), 1, "{html}");
        assert_eq!(html.matches("</table>").count(), 1, "{html}");
    }

    #[test]
    fn implied_end_tags_are_left_out_and_the_tree_is_the_same() {
        // Seed 003's table and caption, paragraphs, a footnote, a list and a quote, and a
        // code span and a table cell that say `</td>` and `</p>` as text.
        let md = "**表1 美国关键供应链审查**\n\n| 领域 | 牵头部门 |\n|---|---|\n| 半导体 | 商务部 |\n| 大容量电池 | 能源部 |\n| 写着 `</td>` | &lt;/p&gt; |\n\n第一段[^1]。\n\n第二段。\n\n- 一\n\n  段落\n- 二\n\n> 引文。\n\n| 只有表头 |\n|---|\n\n[^1]: 注。\n";
        let full = to_html_with_every_end_tag(md, "/");
        let short = to_html(md, "/");
        for tag in ["</td>", "</th>", "</tr>", "</thead>", "</tbody>"] {
            assert!(full.contains(tag), "{full}");
        }
        assert_eq!(short.matches("</td>").count(), 0, "{short}");
        assert_eq!(short.matches("</tr>").count(), 0, "{short}");
        assert!(short.contains("&lt;/td&gt;") && short.contains("&lt;/p&gt;"));
        assert!(short.len() + 80 < full.len(), "{short}");
        // The same tree, but for the line breaks between rows and paragraphs, which move
        // into the cell or paragraph before them (where a browser does not render them).
        let tree = |html: &str| {
            dom_query::Document::from(html)
                .html()
                .to_string()
                .replace('\n', "")
        };
        assert_eq!(tree(&short), tree(&full), "{short}");
    }

    #[test]
    fn lead_text_skips_headings_tables_and_captions() {
        let md = "## 一、概述\n\n*图 1 示意图*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n第一段。\n\n第二段[^1]。\n\n[^1]: 注。\n";
        assert_eq!(lead_text(md, 2), "第一段。");
        assert_eq!(lead_text(md, 100), "第一段。第二段。");
    }

    #[test]
    fn captions_are_marked_and_bold_lead_ins_are_not() {
        let html = to_html(
            "*图 1 示意图*\n\n**表1 评估**\n\n**1、定位于基础性产业**。数字化是基础。\n",
            "/",
        );
        // (A paragraph's end tag is implied by the next paragraph.)
        assert!(
            html.contains("<p class=\"caption\"><em>图 1 示意图</em>\n<p class"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"caption table-caption\"><strong>表1 评估</strong>\n<p>"),
            "{html}"
        );
        assert!(
            html.contains("<p><strong>1、定位于基础性产业</strong>。数字化是基础。</p>"),
            "{html}"
        );
    }

    #[test]
    fn anchors_land_on_their_sentence() {
        let md = "第一句。\n\n**1、标题**。6 月 8 日，参议院通过法案。\n";
        let pos = md.find("6 月").unwrap();
        let html = to_html_with_anchors(
            md,
            &[("ev-1".into(), Some(pos..pos + 3)), ("ev-2".into(), None)],
            "/",
        );
        assert!(html.starts_with("<span id=\"ev-2\"></span>"), "{html}");
        assert!(
            html.contains("。<span id=\"ev-1\"></span>6 月 8 日"),
            "{html}"
        );
        assert!(html.contains("<strong>1、标题</strong>"), "{html}");
    }

    #[test]
    fn root_relative_links_and_images_follow_the_base_path() {
        let md = "[上期](/bulletins/2021-10-digest/) [同](/portal/x/) [相对](../y/) \
                  [外](https://a.org/z) [另一主机](//cdn.example/p) ![图](/static/a.png)";
        let html = to_html(md, "/portal/");
        for href in [
            "href=\"/portal/bulletins/2021-10-digest/\"",
            "href=\"/portal/x/\"",
            "href=\"../y/\"",
            "href=\"https://a.org/z\"",
            "href=\"//cdn.example/p\"",
            "src=\"/portal/static/a.png\"",
        ] {
            assert!(html.contains(href), "{href} not in {html}");
        }
        // At the root, nothing changes.
        assert!(to_html(md, "/").contains("href=\"/bulletins/2021-10-digest/\""));
    }

    #[test]
    fn plain_text_leaves_out_notes() {
        assert_eq!(to_text("正文[^1]。\n\n[^1]: 注释。\n").trim(), "正文。");
    }

    #[test]
    fn plain_text_keeps_raw_html_as_the_page_shows_it() {
        assert_eq!(
            to_text("新规<script>x()</script>。\n\n<div>块</div>\n").trim(),
            "新规<script>x()</script>。\n<div>块</div>"
        );
        assert_eq!(
            lead_text("新规<b>加粗</b>已发布，自即日起施行。\n", 5),
            "新规<b>加粗</b>已发布，自即日起施行。"
        );
    }
}
