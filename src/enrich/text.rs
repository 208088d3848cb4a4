//! Text helpers shared by tagging and events: hiding links, Markdown to plain text.

use regex::Regex;
use std::sync::LazyLock;

/// What masked bytes become: a control character no keyword or date contains.
pub const MASK: char = '\u{1}';

/// URLs, link destinations and footnote marks: never keywords, never dates.
static LINKISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?:https?|ftp)://[^\s<>\[\]()（）“”"'，。；！？、《》]+"#,
        r#"|www\.[A-Za-z0-9-]+\.[^\s<>\[\]()（）“”"'，。；！？、《》]*"#,
        r"|\]\([^)\s]*\)",
        r"|\[\^[^\]\s]*\]",
        r"|<sup>[^<]{0,16}</sup>",
    ))
    .expect("valid regex")
});

/// `s` with every URL, link destination and footnote mark replaced by [`MASK`] bytes:
/// same length, same byte offsets, still UTF-8.
pub fn mask_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in LINKISH.find_iter(s) {
        out.push_str(&s[last..m.start()]);
        out.extend(std::iter::repeat_n(MASK, m.len()));
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]\n]*)\]\([^)\s]*\)").expect("valid regex"));
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:https?|ftp|mailto):[^>\s]*>").expect("valid regex"));

/// The text a reader sees in a Markdown fragment: links become their text, URLs,
/// footnote marks and emphasis marks go, white space is collapsed.
pub fn plain(md: &str) -> String {
    let s = MD_LINK.replace_all(md, "$1");
    let s = AUTOLINK.replace_all(&s, "");
    let s = LINKISH.replace_all(&s, "");
    let s = s.replace("**", "").replace("__", "").replace('`', "");
    crate::text::collapse_spaces(&s)
}

/// A comparison key: no white space at all (`6 月 8 日` = `6月8日`).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first `max` characters of `s`, cut at a character boundary, with `…` when cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_offsets() {
        let s = "见 https://a.cn/2021-06-08/中 与[^1]，[标题](http://b.cn/x)。";
        let m = mask_links(s);
        assert_eq!(m.len(), s.len());
        assert!(!m.contains("2021") && !m.contains("[^1]") && m.contains("[标题"));
        assert!(m.contains("，") && m.ends_with("。"));
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(
            plain("**1、借经济复苏计划**。见[报告](https://x.cn/a)[^2] <https://y.cn>  完"),
            "1、借经济复苏计划。见报告 完"
        );
        assert_eq!(truncate_chars("一二三四", 2), "一二…");
        assert_eq!(truncate_chars("一二", 2), "一二");
    }
}
