//! Documents (PDF, Word, web pages) → the text the importer reads best.
//!
//! There is one structure-recovery path. Each reader turns what its format knows
//! (font sizes and positions, Word styles, a page's main content) into the text a
//! careful converter would have written: `#` headings, paragraphs separated by blank
//! lines, tab-separated table rows, `目录` lines ending in a tab and a page number,
//! `<sup>N</sup>` footnote marks with their notes after a `---` rule, `[text](url)`
//! links and bare source URLs. The stages after decoding never know which it was.
//! Every line remembers where it came from (a page, a paragraph), so a diagnostic
//! names a place in the document, not a line of text the editor never saw.

use super::Diagnostic;
use std::borrow::Cow;

/// What a reader hands on: text in the importer's dialect, with a place per line.
#[derive(Debug, Default)]
pub struct Extracted {
    pub text: String,
    pub places: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Extracted {
    /// Appends one line (a line break inside `line` is kept as a space).
    pub fn line(&mut self, line: &str, place: &str) {
        let line = fix_radicals(line);
        let line = line.trim_end();
        if line.contains(['\n', '\r']) {
            self.text.push_str(&line.replace(['\n', '\r'], " "));
        } else {
            self.text.push_str(line);
        }
        self.text.push('\n');
        self.places.push(place.to_string());
    }

    /// Appends an empty line, unless the text already ends with one.
    pub fn blank(&mut self, place: &str) {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push('\n');
            self.places.push(place.to_string());
        }
    }

    /// A paragraph: its own line, a blank line after.
    pub fn paragraph(&mut self, text: &str, place: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.blank(place);
        self.line(text, place);
        self.blank(place);
    }

    /// How many characters that are not white space the text has.
    pub fn visible_chars(&self) -> usize {
        self.text.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// Replaces radical code points (⽉ U+2F49) with the ideographs they stand for (月), as
/// Chromium's PDFs need; see `scripts/radicals` for where the table comes from.
pub fn fix_radicals(s: &str) -> Cow<'_, str> {
    let is_radical = |c: char| ('\u{2E80}'..='\u{2FDF}').contains(&c);
    if !s.chars().any(is_radical) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if !is_radical(c) {
                    return c;
                }
                super::radicals::RADICALS
                    .binary_search_by_key(&c, |&(r, _)| r)
                    .map_or(c, |i| super::radicals::RADICALS[i].1)
            })
            .collect(),
    )
}

/// A link in the dialect: `<url>` when its text spells its target (the text may lack the
/// scheme, be cut short, be broken over lines or carry a converter's `\_` escapes), so the
/// importer takes the URL whole and no `.` or `;` after it; else `[text](url)`.
pub fn link(shown: &str, url: &str) -> String {
    let shown = shown.trim();
    if shown.is_empty() {
        String::new()
    } else if spells(shown, url) {
        format!("<{url}>")
    } else {
        format!("[{}]({url})", shown.replace(['[', ']'], ""))
    }
}

/// A link's text that spells its own target.
fn spells(shown: &str, url: &str) -> bool {
    let shown: String = shown
        .replace("\\_", "_")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bare = |u: &str| {
        u.trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string()
    };
    let (s, u) = (bare(&shown), bare(url));
    !s.is_empty() && (s == u || shown.contains("://") && u.starts_with(&s) && s.len() * 2 > u.len())
}

/// A link target as an author writes it: `http://cqn.com.cn/` → `http://cqn.com.cn`.
/// Browsers and office programs add the slash to a bare host when they store a link.
pub fn tidy_url(url: &str) -> String {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or("");
    match rest.find('/') {
        Some(i) if i + 1 == rest.len() => url[..url.len() - 1].to_string(),
        _ => url.to_string(),
    }
}

/// CJK text (ideographs, kana, full-width punctuation): joined without a space.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}'
        | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Whether `rest`, the next line, is the rest of `url` cut at the line's end
/// (`…councilPostView.jsp?` / `post_id=2104&board_id=11`, `…australias-artificial-` /
/// `intelligence-action-plan`): the URL ends in one of its separators, and the line is
/// one word of URL characters that is no new link, with a separator of its own (after a
/// `-`, a lone word of a slug will do).
pub fn url_rest_follows(url: &str, rest: &str) -> bool {
    url.ends_with(['?', '&', '=', '/', '-', '_', '#', '%'])
        && !rest.is_empty()
        && !rest.starts_with("http")
        && rest.chars().all(|c| c.is_ascii_graphic())
        && (rest.contains(['=', '&', '/', '.', '#', '-', '_'])
            || url.ends_with('-') && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Joins two pieces of one paragraph: no space between CJK text, one between words.
pub fn join(out: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let last = out.trim_end().chars().last();
    let first = next.chars().next();
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    match (last, first) {
        (None, _) => {}
        (Some(a), Some(b)) if is_cjk(a) || is_cjk(b) => {}
        // Chinese typesetting does not hyphenate: a line ending in `-` broke a compound or a
        // URL (`senate-` / `bill`) and the hyphen stays.
        (Some('-' | '/'), _) => {}
        _ => out.push(' '),
    }
    out.push_str(next);
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party reader that may panic on damaged input (pdf-extract unwraps what a
/// valid file always has). The panic is caught and returned as `Err` with its message,
/// and not printed: the caller reports the file as damaged. Panics elsewhere, and on
/// other threads, reach the hook that was installed before, as always.
pub fn quiet_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader failed".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_the_ideographs_chinese_text_meant() {
        // ⼾ shares 户's glyph in a Simplified Chinese font: NFKC would give 戶.
        assert_eq!(fix_radicals("4⽉26⽇，⼾籍"), "4月26日，户籍");
        // NFKC leaves the supplement's simplified forms alone.
        assert_eq!(fix_radicals("⻓⻋"), "长车");
        assert!(matches!(fix_radicals("月日"), Cow::Borrowed(_)));
        let sorted = super::super::radicals::RADICALS
            .windows(2)
            .all(|w| w[0].0 < w[1].0);
        assert!(sorted, "the table must be sorted for the binary search");
    }

    #[test]
    fn paragraphs_join_without_spaces_in_chinese() {
        let mut s = String::from(
            "中国合格评定国家认可委员会（CNAS）第四届全体委员会第四次会议在京召开。市场",
        );
        join(&mut s, "监管总局党组成员");
        assert!(s.ends_with("市场监管总局党组成员"));
        let mut e = String::from("United States Innovation and");
        join(&mut e, "Competition Act");
        assert_eq!(e, "United States Innovation and Competition Act");
        let mut h = String::from("https://www.congress.gov/bill/117th-congress/senate-");
        join(&mut h, "bill/1260/text");
        assert!(h.ends_with("senate-bill/1260/text"));
    }

    #[test]
    fn bare_hosts_lose_the_slash_tools_add() {
        assert_eq!(tidy_url("http://cqn.com.cn/"), "http://cqn.com.cn");
        assert_eq!(tidy_url("https://a.org/x/"), "https://a.org/x/");
        assert_eq!(tidy_url("https://a.org"), "https://a.org");
    }

    #[test]
    fn a_link_that_spells_its_target_is_an_autolink() {
        let url =
            "https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=11";
        // Broken over two lines, with the escapes a converter wrote into the text.
        assert_eq!(
            link(
                "https://www.pacst.go.kr/jsp/council/councilPostView.jsp? post\\_id=2104&board\\_id=11",
                url
            ),
            format!("<{url}>")
        );
        assert_eq!(
            link("www.itif.org/a", "https://itif.org/a/"),
            "<https://itif.org/a/>"
        );
        assert_eq!(link("原文", "http://x.org/a"), "[原文](http://x.org/a)");
        assert_eq!(
            link("http://x.org", "http://x.org/a/b/c/d/e/f"),
            "[http://x.org](http://x.org/a/b/c/d/e/f)"
        );
        assert_eq!(link("  ", "http://x.org/a"), "");
    }
}
