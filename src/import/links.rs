//! Links repaired from their other copies. A bulletin often prints one link twice (an
//! article's 来源 line and the note that cites the same page), and a converter may damage
//! each copy in a different place: `pdftotext` in reading order joins a URL wrapped after a
//! hyphen and drops the hyphen (`…senate-` / `bill/1260` → `…senatebill/1260`), at
//! wherever each copy happened to wrap. No converter adds a hyphen to a link, so a hyphen
//! any copy kept was in the link: every copy of a link gets the hyphens of all of them.
//! Copies are told by their letters without hyphens, which two different links of one
//! bulletin practically never share.

use super::ArticleDetails;
use crate::model::Bulletin;
use std::collections::HashMap;

/// Gives every link of the bulletin (sources, bodies, notes) the hyphens any of its
/// copies kept.
pub fn restore_dropped_hyphens(b: &mut Bulletin, details: &mut [ArticleDetails]) {
    let mut merged: HashMap<String, String> = HashMap::new();
    let mut add = |url: &str| {
        let key = without_hyphens(url);
        let best = match merged.get(&key) {
            Some(seen) => hyphen_union(seen, url),
            None => url.to_string(),
        };
        merged.insert(key, best);
    };
    for a in &b.articles {
        a.sources.iter().for_each(|u| add(u));
        urls_in(&a.body).for_each(|r| add(&a.body[r]));
    }
    for n in details.iter().flat_map(|d| &d.footnotes) {
        urls_in(&n.text).for_each(|r| add(&n.text[r]));
    }
    urls_in(&b.intro).for_each(|r| add(&b.intro[r]));
    let fix = |url: &str| merged.get(&without_hyphens(url)).cloned();
    for a in &mut b.articles {
        for s in &mut a.sources {
            if let Some(m) = fix(s) {
                *s = m;
            }
        }
        a.body = rewrite(&a.body, fix);
    }
    for n in details.iter_mut().flat_map(|d| &mut d.footnotes) {
        n.text = rewrite(&n.text, fix);
    }
    b.intro = rewrite(&b.intro, fix);
}

fn without_hyphens(url: &str) -> String {
    url.replace('-', "")
}

/// `a` and `b`, the same but for hyphens, with every hyphen either has
/// (`senatebill/x-y` and `senate-bill/xy` → `senate-bill/x-y`). Anything else: `a`.
fn hyphen_union(a: &str, b: &str) -> String {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    let mut out = String::with_capacity(a.len().max(b.len()));
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return out,
            (Some(p), Some(q)) if p == q => {
                out.push(p);
                x.next();
                y.next();
            }
            (Some('-'), _) => {
                out.push('-');
                x.next();
            }
            (_, Some('-')) => {
                out.push('-');
                y.next();
            }
            _ => return a.to_string(),
        }
    }
}

/// The byte ranges of the web links in Markdown text: from `http://` or `https://` to
/// the first space, non-ASCII character or Markdown delimiter, without a sentence's
/// closing `.`, `,` or `;`.
fn urls_in(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let rest = &text[from..];
        let at = rest.find("http")?;
        let start = from + at;
        let tail = &text[start..];
        if !(tail.starts_with("http://") || tail.starts_with("https://")) {
            from = start + 4;
            return Some(None);
        }
        let len = tail
            .find(|c: char| {
                !c.is_ascii_graphic() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '"' | '\\')
            })
            .unwrap_or(tail.len());
        let url = tail[..len].trim_end_matches(['.', ',', ';', ':']);
        from = start + len.max(1);
        Some(Some(start..start + url.len()))
    })
    .flatten()
}

/// `text` with each link `fix` knows a better copy of replaced by it.
fn rewrite(text: &str, fix: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in urls_in(text) {
        if let Some(better) = fix(&text[r.clone()]) {
            out.push_str(&text[last..r.start]);
            out.push_str(&better);
            last = r.end;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Article;

    // Seed 003's 供应链 article: its 来源 line and its note, as `pdftotext` printed them
    // from a Chromium PDF, each wrapped (and so dehyphenated) in another place.
    const SOURCE: &str =
        "https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-reviewreport.pdf";
    const NOTE: &str = "Building Resilient Supply Chains. <https://www.whitehouse.gov/wp-content/\
                        uploads/2021/06/100-daysupply-chain-review-report.pdf>";
    const SEED: &str =
        "https://www.whitehouse.gov/wp-content/uploads/2021/06/100-day-supply-chain-review-report.pdf";

    fn bulletin(sources: &[&str], body: &str) -> Bulletin {
        Bulletin {
            articles: vec![Article {
                sources: sources.iter().map(|s| s.to_string()).collect(),
                body: body.to_string(),
                ..Article::default()
            }],
            ..Bulletin::default()
        }
    }

    #[test]
    fn copies_of_a_link_get_the_hyphens_of_all_of_them() {
        let mut b = bulletin(&[SOURCE], &format!("正文。[^6]\n\n[^6]: {NOTE}\n"));
        restore_dropped_hyphens(&mut b, &mut []);
        assert_eq!(b.articles[0].sources, [SEED]);
        assert!(
            b.articles[0].body.contains(&format!("<{SEED}>")),
            "{}",
            b.articles[0].body
        );
        assert!(b.articles[0].body.starts_with("正文。[^6]"));
    }

    #[test]
    fn a_note_kept_apart_is_repaired_too() {
        let mut b = bulletin(&[SEED], "正文。");
        let mut details = vec![ArticleDetails {
            tables: Vec::new(),
            figures: Vec::new(),
            footnotes: vec![crate::import::Footnote {
                id: "6".into(),
                text: NOTE.into(),
            }],
        }];
        restore_dropped_hyphens(&mut b, &mut details);
        assert!(details[0].footnotes[0].text.contains(SEED));
    }

    #[test]
    fn links_that_differ_by_more_than_hyphens_are_left_alone() {
        // Seed 000's two sources of one site: the same host, other pages.
        let a = "http://www.cqn.com.cn/zgzb/content/2021-04/12/content_8682026.htm";
        let b = "http://www.cqn.com.cn/zj/content/2021-04/09/content_8681634.htm";
        let mut bl = bulletin(&[a, b], &format!("见 {b}。"));
        restore_dropped_hyphens(&mut bl, &mut []);
        assert_eq!(bl.articles[0].sources, [a, b]);
        assert_eq!(bl.articles[0].body, format!("见 {b}。"));
    }

    #[test]
    fn a_link_ends_at_markdown_and_at_a_sentence_stop() {
        let text = "见<https://a.org/x-y>和[文](http://b.org/p?q=1)，及 https://c.org/z. 完";
        let found: Vec<&str> = urls_in(text).map(|r| &text[r]).collect();
        assert_eq!(
            found,
            ["https://a.org/x-y", "http://b.org/p?q=1", "https://c.org/z"]
        );
    }

    #[test]
    fn the_union_keeps_runs_of_hyphens() {
        assert_eq!(hyphen_union("a--b-c", "a-bc"), "a--b-c");
        assert_eq!(hyphen_union("abc", "a-b-c"), "a-b-c");
    }
}
