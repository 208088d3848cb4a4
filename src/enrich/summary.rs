//! What lists say of an article: its summary. Issue, column, topic and search pages, feeds
//! and the `<meta>` description all show it, so it is made once per article, with its
//! other facts, and `serve` keeps it while the article is unchanged.

use crate::model::Article;

/// Summary length in characters.
pub const SUMMARY_CHARS: usize = 120;

/// The `summary` front matter, or the first sentences of the body less a news byline.
pub fn article_summary(a: &Article) -> String {
    match &a.summary {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => {
            let lead = crate::markdown::lead_text(&a.body, SUMMARY_CHARS + 40);
            crate::text::summarize(strip_byline(&lead), SUMMARY_CHARS)
        }
    }
}

/// `中国质量新闻网讯（编辑王海琳）近日，…` → `近日，…`: the byline is credit, not news.
fn strip_byline(text: &str) -> &str {
    let head: String = text.chars().take(30).collect();
    let Some(pos) = head.find("讯（").or_else(|| head.find("讯(")) else {
        return text;
    };
    let rest = &text[pos..];
    match rest.find(['）', ')']) {
        Some(end) => {
            let close = rest[end..].chars().next().map_or(1, char::len_utf8);
            rest[end + close..].trim_start_matches(['。', '，', ' '])
        }
        None => text,
    }
}
