//! Traditional → Simplified folding for search: the search tokenizer replaces each
//! Traditional character by its Simplified form before making bigrams, so that `標準化`
//! and `标准化` make the same tokens and a query in either script finds text in either.
//!
//! The table is `fold.txt` beside this file, made by `scripts/fold-table` from OpenCC's
//! character dictionary (`TSCharacters`, Debian's `libopencc-data`) and checked in: a line
//! per Simplified character, followed by the Traditional ones folded to it (`为為爲`). It
//! is the one table of both tokenizers: this module embeds it, the index writes it as
//! `search/fold.txt` (in the index's version), and the browser's tokenizer reads that
//! file. Only characters with one Simplified form are folded (one-to-one; when OpenCC also
//! names a rare variant outside GB 2312, as for `開` → `开`, that variant is not counted),
//! Basic Multilingual Plane to Basic Multilingual Plane: 2,945 characters, all between
//! U+3400 and U+9FFF. Folding is idempotent: a folded character is its own fold.
//!
//! Left alone, because OpenCC gives them several Simplified forms that mainland text uses
//! with different meanings (`於` is `于` but also a surname; `乾` is `干` but stays in
//! `乾隆`): 乾 夥 彷 徵 於 瀋 畫 薹 藉 覆 諮 鉅 鍊 鍾 鏇 阪 餘 麼 麽. A query must write
//! these as the text does (`關於` folds to `关於`, not `关于`). Folding is by character,
//! never by phrase: OpenCC's phrase tables (`TSPhrases`) would need the context a bigram
//! index does not keep.

use std::sync::LazyLock;

/// The table, as `scripts/fold-table` writes it.
pub const TABLE: &str = include_str!("fold.txt");

/// The range of the characters folded (every key of the table lies in it).
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// Per code point from [`FIRST`] to [`LAST`], the code point it folds to, or 0.
static FOLDS: LazyLock<Box<[u16]>> = LazyLock::new(|| parse(TABLE));

/// The lines of the table that map characters (the others are `#` comments).
fn entries(table: &str) -> impl Iterator<Item = &str> {
    table
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The lookup table of `table`. A character the table's rules exclude (outside the
/// range) is skipped: the unit tests check that the checked-in table has none.
fn parse(table: &str) -> Box<[u16]> {
    let mut folds = vec![0u16; (LAST - FIRST + 1) as usize].into_boxed_slice();
    for line in entries(table) {
        let mut chars = line.chars();
        let Some(target) = chars.next().and_then(|s| u16::try_from(u32::from(s)).ok()) else {
            continue;
        };
        for source in chars {
            if let Some(slot) = slot(source) {
                folds[slot] = target;
            }
        }
    }
    folds
}

fn slot(c: char) -> Option<usize> {
    let i = u32::from(c).wrapping_sub(FIRST);
    (i <= LAST - FIRST).then_some(i as usize)
}

/// `c` in the Simplified script when it is a Traditional character of the table, else `c`.
#[inline]
pub fn fold(c: char) -> char {
    match slot(c) {
        Some(i) => match FOLDS[i] {
            0 => c,
            to => char::from_u32(u32::from(to)).unwrap_or(c),
        },
        None => c,
    }
}

/// `s` with each character [`fold`]ed, byte for byte as long (a character whose fold
/// would take other bytes stays), so offsets into one are offsets into the other.
/// Borrowed when nothing folds.
pub fn fold_text(s: &str) -> std::borrow::Cow<'_, str> {
    let folds = |c: char| {
        let f = fold(c);
        (f != c && f.len_utf8() == c.len_utf8()).then_some(f)
    };
    match s.char_indices().find_map(|(i, c)| folds(c).map(|_| i)) {
        None => std::borrow::Cow::Borrowed(s),
        Some(first) => {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..first]);
            out.extend(s[first..].chars().map(|c| folds(c).unwrap_or(c)));
            std::borrow::Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_traditional_characters_fold_and_simplified_ones_stay() {
        let folded: String = "標準化產業政策國際合作認證認可開發線買願為爲髮發後臺灣"
            .chars()
            .map(fold)
            .collect();
        assert_eq!(
            folded,
            "标准化产业政策国际合作认证认可开发线买愿为为发发后台湾"
        );
        for c in "标准化产业政策国际合作认证认可中文ABC123，。".chars() {
            assert_eq!(fold(c), c, "{c}");
        }
    }

    #[test]
    fn the_ambiguous_characters_are_left_alone() {
        for c in "乾於餘鍾麼覆畫徵藉".chars() {
            assert_eq!(fold(c), c, "{c}");
        }
    }

    #[test]
    fn every_entry_is_in_range_one_to_one_and_idempotent() {
        let mut sources = std::collections::HashSet::new();
        let mut count = 0;
        for line in entries(TABLE) {
            let chars: Vec<char> = line.chars().collect();
            assert!(chars.len() >= 2, "{line}");
            let target = chars[0];
            assert!(slot(target).is_some(), "{target} out of range");
            assert_eq!(fold(target), target, "{target} folds again");
            for &source in &chars[1..] {
                assert!(slot(source).is_some(), "{source} out of range");
                assert!(sources.insert(source), "{source} listed twice");
                assert_eq!(fold(source), target);
                count += 1;
            }
        }
        assert_eq!(count, 2945, "the module documentation gives the count");
        let folding = (FIRST..=LAST)
            .filter_map(char::from_u32)
            .filter(|&c| fold(c) != c)
            .count();
        assert_eq!(folding, count);
    }

    #[test]
    fn the_module_documentation_lists_the_characters_left_alone() {
        let listed = TABLE
            .lines()
            .find_map(|l| l.strip_prefix("# left alone: "))
            .unwrap();
        let doc = include_str!("fold.rs")
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut documented = doc
            .split_once("`乾隆`):")
            .map(|(_, rest)| rest)
            .unwrap_or_default()
            .split('.')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '/' && *c != '!')
            .collect::<Vec<char>>();
        documented.sort_unstable();
        let mut listed: Vec<char> = listed.chars().collect();
        listed.sort_unstable();
        assert_eq!(documented, listed);
        for c in listed {
            assert_eq!(fold(c), c, "{c} is left alone");
        }
    }

    #[test]
    fn lines_out_of_range_fold_nothing() {
        assert!(parse("# 为為\n\na\n\u{0}x\nab\n😀為")
            .iter()
            .all(|&t| t == 0));
        assert_eq!(parse("为為").iter().filter(|&&t| t != 0).count(), 1);
    }

    #[test]
    fn folded_text_keeps_its_byte_offsets() {
        let text = "美國半導體產業政策 and 標準化, 关于";
        let folded = fold_text(text);
        assert_eq!(folded, "美国半导体产业政策 and 标准化, 关于");
        assert_eq!(folded.len(), text.len());
        assert!(matches!(
            fold_text("关于标准化"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
