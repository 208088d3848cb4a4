//! An article's credit: the names of its authors in brackets on a line of their own
//! (`（张娟 王海霞）`), after its last sentence (`…。（张阳）`), after a label (`作者：李宏`)
//! or in a byline (`…讯（张阳）`). A credit is read only when every word of it is a name,
//! so a bracketed note (`（完）`, `（节选）`) is none; two names a converter glued
//! together are split again at the second surname.

use crate::text;
use regex::Regex;
use std::sync::LazyLock;

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*((?:[\p{Han}·]{2,4}[\s、，,]*){1,5})\s*[）)]$").expect("valid regex")
});
pub(super) static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([。！？”」）]\s*)[（(]\s*((?:[\p{Han}·]{2,4}\s*){1,4})\s*[）)]\s*$")
        .expect("valid regex")
});
pub(super) static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^，。,]{2,14}?讯\s*[（(]([^（）()]{2,24})[）)]").expect("valid regex")
});

/// Words found in parentheses at a paragraph's end that are not names.
const NOT_NAMES: [&str; 18] = [
    "完",
    "全文完",
    "待续",
    "未完",
    "未完待续",
    "节选",
    "摘编",
    "编译",
    "整理",
    "供稿",
    "转载",
    "原创",
    "试行",
    "草案",
    "全文",
    "摘要",
    "图片",
    "本文",
];

/// The names of a credit, split where the text spaces or lists them; two names a
/// converter glued together (`张娟李宏`, `唐璐张志强`, as `pdftotext -raw` drops the space)
/// are split again (see [`glued_names`]).
pub(super) fn names_in(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ','))
        .flat_map(|w| glued_names(w.trim()).unwrap_or_else(|| vec![w.to_string()]))
        .map(|n| {
            let n = n.trim();
            // 记者 / 記者 …: folding keeps byte offsets, so the prefix's length is the same.
            let folded = super::simplified(n);
            let skip = ["记者", "编辑", "通讯员", "实习生", "作者", "文"]
                .iter()
                .find(|p| folded.starts_with(*p))
                .map_or(0, |p| p.len());
            n[skip..].trim().to_string()
        })
        .filter(|n| {
            let len = n.chars().count();
            (2..=4).contains(&len)
                && n.chars().all(|c| text::is_han(c) || c == '·')
                && !NOT_NAMES.contains(&&*super::simplified(n))
        })
        .collect()
}

/// Surnames common enough that a name opening with one, glued to another, shows where
/// the second name starts (the hundred most frequent; a name rarely opens otherwise).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖\
    田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹\
    薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤惠葛包";

/// Compound surnames: a four-character name opening with one is one name.
const COMPOUND_SURNAMES: [&str; 8] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐",
];

/// Two names glued together (`张娟李宏`, `唐璐张志强`): four or five Chinese characters
/// that split in exactly one way into a two- or three-character name and another, each
/// opening with a common surname. A name of four characters stays whole unless both
/// halves open with one (and it has no compound surname); `None` when the word is no
/// such pair.
fn glued_names(word: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    if !(4..=5).contains(&chars.len()) || !chars.iter().all(|&c| text::is_han(c)) {
        return None;
    }
    let surname = |c: char| SURNAMES.contains(crate::search::fold::fold(c));
    if !surname(chars[0]) || COMPOUND_SURNAMES.iter().any(|s| word.starts_with(s)) {
        return None;
    }
    let mut splits = (2..=3).filter(|&k| {
        let rest = chars.len() - k;
        (2..=3).contains(&rest) && surname(chars[k])
    });
    let k = splits.next()?;
    if splits.next().is_some() {
        return None;
    }
    Some(vec![
        chars[..k].iter().collect(),
        chars[k..].iter().collect(),
    ])
}

/// Does the line close an article with an author credit, alone or after its last sentence?
pub(super) fn closes_with_credit(t: &str) -> bool {
    credit_line(t).is_some()
        || TRAILING_CREDIT
            .captures(t)
            .is_some_and(|c| every_word_a_name(&c[2]).is_some())
}

/// The names of a credit when every word of it is a name (or two glued together).
pub(super) fn every_word_a_name(s: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for word in s
        .split(|ch: char| ch.is_whitespace() || matches!(ch, '、' | '，' | ','))
        .filter(|w| !w.is_empty())
    {
        let found = names_in(word);
        if found.is_empty() {
            return None;
        }
        names.extend(found);
    }
    (!names.is_empty()).then_some(names)
}

/// `作者：张娟 李宏`, `文/张娟`, `撰文 | 李宏`: a byline that names its authors after a
/// label, on a line of its own (a house style that credits under the title).
pub(super) fn labelled_byline(t: &str) -> Option<Vec<String>> {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:作者|撰文|撰稿|执笔|執筆|文)\s*[：:/／|｜丨]\s*(\S.*)$")
            .expect("valid regex")
    });
    every_word_a_name(LABELLED.captures(t.trim())?.get(1)?.as_str())
}

/// `（张娟 王海霞）`, `(王建芳)`: an author credit on its own line, and its names.
pub(super) fn credit_line(t: &str) -> Option<Vec<String>> {
    every_word_a_name(&CREDIT.captures(t.trim())?[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credit_is_read_only_when_every_word_is_a_name() {
        // Seed 003's credits, and bracketed words that close a paragraph but credit no one.
        assert_eq!(
            credit_line("（张娟 李宏）"),
            Some(vec!["张娟".to_string(), "李宏".to_string()])
        );
        assert_eq!(credit_line("(王建芳)"), Some(vec!["王建芳".to_string()]));
        assert_eq!(credit_line("（完）"), None);
        assert_eq!(credit_line("（节选）"), None);
        assert_eq!(credit_line("（见表 6）"), None);
    }

    #[test]
    fn five_characters_that_split_two_ways_are_left_alone() {
        assert_eq!(
            glued_names("唐璐张志强"),
            Some(vec!["唐璐".to_string(), "张志强".to_string()])
        );
        assert_eq!(glued_names("张娟王李霞"), None);
    }
}
