//! ASCII slugs for URLs and file names: pinyin for Han characters, words for Latin text.
//!
//! `CNAS 召开第四届全体委员会` → `cnas-zhao-kai-di-si-jie-quan-ti-wei-yuan-hui`. Slugs
//! are cut at a syllable boundary to stay readable in a URL bar, and made unique by
//! a numeric suffix where two titles read the same in pinyin (公示/公式).

use pinyin::ToPinyin;
use std::collections::HashSet;

/// The longest slug, in bytes; longer ones are cut at a hyphen.
const MAX_LEN: usize = 60;

/// An ASCII slug of `s`; `item` when nothing sluggable remains.
pub fn slugify(s: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut latin = String::new();
    let flush = |latin: &mut String, words: &mut Vec<String>| {
        if !latin.is_empty() {
            words.push(std::mem::take(latin));
        }
    };
    for c in s.chars() {
        let c = crate::text::fold_width(c);
        if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            flush(&mut latin, &mut words);
            // Pinyin's ü is written v in ASCII (绿 lv, 律 lv).
            words.push(p.plain().replace('ü', "v"));
        } else {
            flush(&mut latin, &mut words);
        }
    }
    flush(&mut latin, &mut words);
    let mut slug = String::new();
    for w in words {
        if !slug.is_empty() && slug.len() + 1 + w.len() > MAX_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&w[..w.len().min(MAX_LEN)]);
    }
    if slug.is_empty() {
        "item".to_string()
    } else {
        slug
    }
}

/// First letters of the pinyin (科技政策与咨询快报 → kjzcyzxkb), Latin words kept whole.
pub fn initials(s: &str) -> String {
    let mut out = String::new();
    for word in slugify(s).split('-') {
        let pinyin_syllable = s
            .chars()
            .any(|c| c.to_pinyin().is_some_and(|p| p.plain() == word));
        match word.chars().next() {
            Some(c) if pinyin_syllable => out.push(c),
            Some(_) => out.push_str(word),
            None => {}
        }
    }
    if out.is_empty() {
        "item".into()
    } else {
        out
    }
}

/// `base`, or `base-2`, `base-3`… whichever is not taken yet; records the result as taken.
pub fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Is this a slug an editor may write in front matter (lower-case ASCII, digits, hyphens)?
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_and_latin() {
        assert_eq!(slugify("CNAS 召开第四届"), "cnas-zhao-kai-di-si-jie");
        assert_eq!(
            slugify("《2021 年全国标准化工作要点》印发"),
            "2021-nian-quan-guo-biao-zhun-hua-gong-zuo-yao-dian-yin-fa"
        );
        assert_eq!(slugify("？！"), "item");
        assert_eq!(slugify("绿色战略"), "lv-se-zhan-lve");
        assert!(is_valid(&slugify("抽查合格率超 90%! 发展战略")));
        assert!(slugify(&"标准".repeat(40)).len() <= MAX_LEN);
    }

    #[test]
    fn series_initials() {
        assert_eq!(initials("科技政策与咨询快报"), "kjzcyzxkb");
    }

    #[test]
    fn same_pinyin_stays_unique() {
        let mut taken = HashSet::new();
        let a = unique(&slugify("公示"), &mut taken);
        let b = unique(&slugify("公式"), &mut taken);
        let c = unique(&slugify("工时"), &mut taken);
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("gong-shi", "gong-shi-2", "gong-shi-3")
        );
        assert!(is_valid(&a) && !is_valid("Gong shi"));
    }
}
