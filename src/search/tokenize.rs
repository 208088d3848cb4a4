//! The search tokenizer, shared by the index build (here) and the browser
//! (`themes/default/static/search/tokenize.js`, a line-by-line twin; the test
//! `tests/suite/tokenizer.rs` requires both to give identical output).
//!
//! A query is found when every one of its tokens is among an article's tokens, so the
//! rules below are chosen so that what Ctrl+F finds, the index finds.
//!
//! # Rules, in order
//!
//! 1. **NFKC**: the text is normalised to NFKC, so full-width letters, digits and
//!    punctuation become their ASCII forms (`ＧＢ／Ｔ １９００１` → `GB/T 19001`,
//!    `〔` stays, `①` → `1`, `ﬁ` → `fi`, half-width katakana → full-width). An
//!    enclosed, superscript or subscript character and a number form (`① ⑴ ㈠ ㋀ ²
//!    ½ Ⅻ`) becomes its NFKC form standing on its own: it neither joins the word or CJK
//!    run before it nor the one after (`②2050` → `2 2050`, `10²` → `10 2`), as a
//!    reader sees it.
//! 2. **Case folding**: each character is lower-cased on its own (no context, so `Σ` →
//!    `σ` everywhere), and final sigma `ς` is folded to `σ`.
//! 3. **Ignored**: soft hyphen, zero-width space/joiners, word joiner, BOM and variation
//!    selectors (U+00AD, U+200B–U+200D, U+2060, U+FEFF, U+FE00–U+FE0F,
//!    U+E0100–U+E01EF) are dropped as if absent: they neither split nor join.
//! 4. **Han, kana, Hangul, Bopomofo** (a letter or number in the CJK ranges: CJK
//!    ideographs and their extensions and compatibility forms, 々 〇, hiragana,
//!    katakana, Hangul syllables and jamo, Bopomofo): each Traditional character is
//!    folded to its Simplified form ([`super::fold`]: one-to-one characters only, from
//!    OpenCC's table), then a maximal run of them is indexed as overlapping bigrams of
//!    characters (`监管部门` → `监管 管部 部门`, `標準化` → `标准 准化`); a run of one
//!    character is a unigram (`年`). Any substring of two or more characters of a run
//!    is thus found by its own bigrams, in either script.
//! 5. **Words**: any other letter (`Alphabetic`) or number (general category `N`) —
//!    Latin, accented Latin, Greek, Cyrillic, Arabic, Devanagari, Thai… — forms words.
//!    A word is a maximal run of letters, or a maximal run of numbers: a change between
//!    letters and digits splits (`ISO9001` → `iso 9001`, `2021年` → `2021 年`,
//!    `t20210427` → `t 20210427`), so `ISO 9001` and `ISO9001` tokenise alike.
//! 6. **Combining marks** (general category `M`) continue the current word
//!    (`é` written `e` + U+0301 stays one word, Devanagari virama does not split) and
//!    are otherwise dropped (they neither start a token nor break a CJK run).
//! 7. **Everything else splits**: spaces, control characters, Chinese and Latin
//!    punctuation (including `. - / _ 〔 〕 《 》`), symbols, emoji.
//!
//! So `GB/T 19001-2016` → `gb t 19001 2016`, `ARPA-C` → `arpa c`, `5.35` → `5 35`,
//! `S.1260` → `s 1260`, `14017` and `2022` stay whole, and `国市监质发〔2021〕62号` →
//! `国市 市监 监质 质发 2021 62 号`: each is found by querying it as written, since the
//! query is split the same way.
//!
//! Tokens come out in text order, repeated tokens repeated (term frequency counts).
//!
//! # For the index and the query
//!
//! A query's one-character CJK token (`日` in `26日`) is not a whole token of the article
//! when the article's character sits inside a longer run (`4月26日召开` gives `日召`).
//! Such a token stands at an edge of its run in the query, so the article's character
//! starts or ends a run: the index therefore also stores each run's first and last
//! character ([`index_tokens`]), and every query token is matched exactly. A query of a
//! single CJK character finds it where it stands alone or at a run's edge, not inside
//! a word: two characters are the shortest query that Ctrl+F and the index agree on.

use super::fold::fold;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Splits `text` into search tokens by the rules of the module documentation.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    Tokenizer::new(false, |t: &str| tokens.push(t.to_string())).run(text);
    tokens
}

/// The tokens the index stores for `text`, handed to `f` in text order: those of
/// [`tokenize`], plus the first and the last character of each CJK run of two or more
/// characters as unigrams (*edge unigrams*).
///
/// A query's one-character CJK token stands at an edge of its CJK run (`日` in `8日`,
/// `号` in `62号`), so the same character in the article starts or ends a run, and the
/// edge unigram finds it without matching every bigram that contains the character.
pub fn index_tokens(text: &str, f: impl FnMut(&str)) {
    Tokenizer::new(true, f).run(text);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Letters,
    Digits,
}

struct Tokenizer<F: FnMut(&str)> {
    emit: F,
    /// Also emit edge unigrams ([`index_tokens`]).
    edges: bool,
    /// The current run of CJK characters (rule 4), folded: its bigrams are slices of it.
    run: String,
    /// The current word (rule 5) and what it is made of.
    word: String,
    kind: Option<WordKind>,
}

impl<F: FnMut(&str)> Tokenizer<F> {
    fn new(edges: bool, emit: F) -> Self {
        Tokenizer {
            emit,
            edges,
            run: String::new(),
            word: String::new(),
            kind: None,
        }
    }

    fn run(mut self, text: &str) {
        let mut rest = text;
        while let Some(cut) = rest.find(is_standalone) {
            self.push_normalized(&rest[..cut]);
            let c = rest[cut..].chars().next().unwrap_or_default();
            self.break_token();
            self.push_normalized(c.encode_utf8(&mut [0; 4]));
            self.break_token();
            rest = &rest[cut + c.len_utf8()..];
        }
        self.push_normalized(rest);
        self.break_token();
    }

    /// Rules 1 and 2, then the rest.
    fn push_normalized(&mut self, text: &str) {
        // A CJK unified ideograph is a stable NFKC code point (a starter that is its own
        // NFKC form and never composes with what precedes it), so normalisation can
        // stop before and restart after each: the text between them is normalised on
        // its own, and only when the quick check says it is not NFKC already.
        let mut rest = text;
        while !rest.is_empty() {
            let cut = rest.find(is_ideograph).unwrap_or(rest.len());
            let (other, tail) = rest.split_at(cut);
            if !other.is_empty() && other.chars().all(is_plain_separator) {
                // What `push` does with each of them, and NFKC leaves them separators.
                self.break_token();
            } else if other.is_ascii() || is_nfkc_quick(other.chars()) == IsNormalized::Yes {
                for c in other.chars() {
                    self.push_lowercase(c);
                }
            } else {
                for c in other.nfkc() {
                    self.push_lowercase(c);
                }
            }
            let end = tail.find(|c| !is_ideograph(c)).unwrap_or(tail.len());
            for c in tail[..end].chars() {
                self.end_word();
                self.run.push(fold(c));
            }
            rest = &tail[end..];
        }
    }

    fn push_lowercase(&mut self, c: char) {
        if c.is_ascii() {
            self.push(c.to_ascii_lowercase());
        } else if ('\u{3400}'..='\u{9FFF}').contains(&c) {
            self.push(c); // CJK ideographs have no case
        } else {
            for lower in c.to_lowercase() {
                self.push(if lower == 'ς' { 'σ' } else { lower });
            }
        }
    }

    fn break_token(&mut self) {
        self.end_word();
        self.end_run();
    }

    fn push(&mut self, c: char) {
        if c.is_ascii() {
            // The rules below for ASCII, without looking up Unicode tables.
            if c.is_ascii_digit() {
                self.push_word_char(c, WordKind::Digits);
            } else if c.is_ascii_alphabetic() {
                self.push_word_char(c, WordKind::Letters);
            } else {
                self.break_token();
            }
            return;
        }
        if is_ignored(c) {
            return;
        }
        if is_cjk(c) {
            self.end_word();
            self.run.push(fold(c));
        } else if is_combining_mark(c) {
            if !self.word.is_empty() {
                self.word.push(c);
            }
        } else if c.is_numeric() {
            self.push_word_char(c, WordKind::Digits);
        } else if c.is_alphabetic() {
            self.push_word_char(c, WordKind::Letters);
        } else {
            self.end_word();
            self.end_run();
        }
    }

    fn push_word_char(&mut self, c: char, kind: WordKind) {
        self.end_run();
        if self.kind != Some(kind) {
            self.end_word();
        }
        self.kind = Some(kind);
        self.word.push(c);
    }

    fn end_word(&mut self) {
        if !self.word.is_empty() {
            (self.emit)(&self.word);
            self.word.clear();
        }
        self.kind = None;
    }

    fn end_run(&mut self) {
        let run = &self.run;
        let mut starts = run.char_indices().map(|(at, _)| at);
        match (starts.next(), starts.next()) {
            (None, _) => {}
            (Some(_), None) => (self.emit)(run),
            (Some(_), Some(second)) => {
                // Each bigram from the start of one character to the end of the next.
                let (mut first, mut last) = (0, second);
                for third in starts {
                    (self.emit)(&run[first..third]);
                    (first, last) = (last, third);
                }
                (self.emit)(&run[first..]);
                if self.edges {
                    let (head, tail) = (&run[..second], &run[last..]);
                    (self.emit)(head);
                    if tail != head {
                        (self.emit)(tail);
                    }
                }
            }
        }
        self.run.clear();
    }
}

/// A CJK unified ideograph: a letter of rule 4, its own NFKC form and lower case.
fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Rule 1: characters whose NFKC form stands on its own.
fn is_standalone(c: char) -> bool {
    matches!(c,
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' // ² ³ ¹
        | '\u{2070}'..='\u{209F}'   // superscripts and subscripts
        | '\u{2150}'..='\u{218F}'   // number forms: ½ Ⅻ
        | '\u{2460}'..='\u{24FF}'   // enclosed alphanumerics: ① ⑴ ⒈ Ⓐ
        | '\u{3200}'..='\u{33FF}'   // enclosed CJK, CJK compatibility: ㈠ ㊀ ㋀ ㎏
        | '\u{1F100}'..='\u{1F1FF}' // enclosed alphanumeric supplement: 🄐
    )
}

/// Common punctuation and spaces of Chinese text, each of whose NFKC forms is a
/// character that rule 7 splits at (the test `plain_separators_split` checks them): a
/// stretch of them between ideographs breaks the token, with no NFKC or Unicode
/// table to consult.
fn is_plain_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\n'
            | '\t'
            | '，'
            | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '—'
            | '…'
            | '·'
            | '\u{3000}'
    )
}

/// Rule 3: characters dropped as if absent.
fn is_ignored(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Rule 4: a letter or number of the CJK ranges (indexed as bigrams).
fn is_cjk(c: char) -> bool {
    let in_range = matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'   // CJK Radicals Supplement, Kangxi Radicals
        | '\u{3000}'..='\u{303F}'   // CJK Symbols and Punctuation (々 〆 〇 〡…)
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3100}'..='\u{312F}'   // Bopomofo
        | '\u{3130}'..='\u{318F}'   // Hangul Compatibility Jamo
        | '\u{31A0}'..='\u{31BF}'   // Bopomofo Extended
        | '\u{31F0}'..='\u{31FF}'   // Katakana Phonetic Extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7FF}'   // Hangul Syllables, Jamo Extended-B
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{FF00}'..='\u{FFEF}'   // Half-width and Full-width Forms
        | '\u{1AFF0}'..='\u{1B16F}' // Kana Extended-B, Supplement, Extended-A, Small Kana
        | '\u{20000}'..='\u{3FFFF}' // CJK Extensions B–J, Compatibility Supplement
    );
    in_range && (c.is_alphabetic() || c.is_numeric())
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    fn toks(text: &str) -> Vec<String> {
        tokenize(text)
    }

    /// A query is found when each of its tokens is among the document's.
    fn findable(doc: &str, query: &str) -> bool {
        let doc = tokenize(doc);
        let query = tokenize(query);
        !query.is_empty() && query.iter().all(|t| doc.contains(t))
    }

    #[test]
    fn han_runs_become_overlapping_bigrams() {
        assert_eq!(toks("监管部门"), ["监管", "管部", "部门"]);
        assert_eq!(toks("年"), ["年"]);
        assert_eq!(toks("质量，年"), ["质量", "年"]);
    }

    #[test]
    fn every_substring_of_two_or_more_han_characters_is_findable() {
        let doc = "中国合格评定国家认可委员会第四届全体委员会";
        let chars: Vec<char> = doc.chars().collect();
        for start in 0..chars.len() {
            for end in start + 2..=chars.len() {
                let query: String = chars[start..end].iter().collect();
                assert!(findable(doc, &query), "{query} not findable in {doc}");
            }
        }
        assert!(!findable(doc, "合格评估"));
    }

    #[test]
    fn standard_numbers_are_findable() {
        let doc = "依据GB/T 19001-2016《质量管理体系 要求》";
        assert_eq!(toks("GB/T 19001-2016"), ["gb", "t", "19001", "2016"]);
        for query in [
            "GB/T 19001-2016",
            "GB/T",
            "gb/t",
            "19001",
            "2016",
            "19001-2016",
            "质量管理",
        ] {
            assert!(findable(doc, query), "{query}");
        }
        assert!(!findable(doc, "19002"));
    }

    #[test]
    fn document_numbers_are_findable_by_their_parts() {
        let doc = "《市场监管总局关于印发……的通知》（国市监质发〔2021〕62号）";
        assert_eq!(
            toks("国市监质发〔2021〕62号"),
            ["国市", "市监", "监质", "质发", "2021", "62", "号"]
        );
        for query in [
            "国市监质发〔2021〕62号",
            "国市监质发",
            "2021",
            "62号",
            "62",
            "监质",
        ] {
            assert!(findable(doc, query), "{query}");
        }
    }

    #[test]
    fn latin_words_and_numbers() {
        assert_eq!(toks("ARPA-C"), ["arpa", "c"]);
        assert_eq!(toks("5.35"), ["5", "35"]);
        assert_eq!(toks("S.1260"), ["s", "1260"]);
        assert_eq!(toks("14017 2022"), ["14017", "2022"]);
        assert_eq!(toks("2021年"), ["2021", "年"]);
        assert_eq!(toks("ISO9001"), toks("ISO 9001"));
        assert_eq!(toks("CNAS召开"), ["cnas", "召开"]);
        assert!(findable("美国参议院S.1260法案", "S.1260"));
        assert!(findable("ARPA-C 项目", "arpa-c"));
    }

    #[test]
    fn full_width_forms_are_normalised() {
        assert_eq!(
            toks("２０２１年，ＧＢ／Ｔ １９００１"),
            toks("2021年,GB/T 19001")
        );
        assert_eq!(
            toks("２０２１年，ＧＢ／Ｔ １９００１"),
            ["2021", "年", "gb", "t", "19001"]
        );
        assert_eq!(toks("①"), ["1"]);
        assert_eq!(toks("②2050年"), ["2", "2050", "年"]);
        assert_eq!(toks("⑶19亿"), ["3", "19", "亿"]);
        assert_eq!(toks("10²m³"), ["10", "2", "m", "3"]);
        assert_eq!(toks("㊀中国"), ["一", "中国"]);
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            toks("東京都に住む"),
            ["东京", "京都", "都に", "に住", "住む"]
        );
        assert_eq!(toks("ｶﾀｶﾅ"), ["カタ", "タカ", "カナ"]);
        assert_eq!(toks("한국어 표준"), ["한국", "국어", "표준"]);
        assert_eq!(toks("Москва ΣΟΦΊΑ café"), ["москва", "σοφία", "café"]);
        assert_eq!(toks("cafe\u{301}"), ["café"]);
        assert_eq!(toks("ΟΔΟΣ οδος"), ["οδοσ", "οδοσ"]);
    }

    #[test]
    fn the_index_adds_edge_unigrams_so_a_one_character_query_token_is_found() {
        let mut tokens = Vec::new();
        super::index_tokens("6月8日召开，年", |t| tokens.push(t.to_string()));
        assert_eq!(tokens, ["6", "月", "8", "日召", "召开", "日", "开", "年"]);
        // `8日` ends its query on 日, which starts the article's run `日召开`.
        for t in toks("6月8日") {
            assert!(tokens.contains(&t), "{t}");
        }
    }

    #[test]
    fn the_fast_paths_agree_with_the_rules() {
        use unicode_normalization::UnicodeNormalization;
        // Every CJK unified ideograph is a letter (the first test of `push`), and the
        // characters the case fast path passes through have no lower case of their own.
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(c.is_alphabetic() && super::is_cjk(c), "{c:?}");
            assert_eq!(c.to_string().nfkc().collect::<String>(), c.to_string());
        }
        for c in '\u{3400}'..='\u{9FFF}' {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn traditional_and_simplified_make_the_same_tokens() {
        assert_eq!(toks("標準化"), ["标准", "准化"]);
        assert_eq!(
            toks("產業政策、國際合作、認證認可"),
            toks("产业政策、国际合作、认证认可")
        );
        assert!(findable("国家标准化管理委员会", "標準化"));
        assert!(findable("國家標準化管理委員會", "标准化管理"));
        // Mixed in one run, and a compatibility ideograph (U+F900 豈) after NFKC.
        assert_eq!(toks("标準化\u{F900}"), ["标准", "准化", "化岂"]);
        // Left alone (several Simplified forms): 於 stays, so 关於 ≠ 关于.
        assert_eq!(toks("關於"), ["关於"]);
    }

    #[test]
    fn plain_separators_split() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !super::is_plain_separator(c) {
                continue;
            }
            for n in c.to_string().nfkc() {
                assert!(
                    !n.is_alphanumeric() && !super::is_combining_mark(n) && !super::is_ignored(n),
                    "{c:?}"
                );
            }
            assert_eq!(toks(&format!("中{c}国")), ["中", "国"], "{c:?}");
            assert_eq!(toks(&format!("中国{c}{c}ab{c}")), ["中国", "ab"], "{c:?}");
        }
    }

    #[test]
    fn edge_cases() {
        assert!(toks("").is_empty());
        assert!(toks(" \t\n\u{3000} ").is_empty());
        assert!(toks("😀👍🏽 ，。！").is_empty());
        assert_eq!(toks("a\u{0}b\u{7}c"), ["a", "b", "c"]);
        assert_eq!(toks("监\u{200B}管"), ["监管"]);
        assert_eq!(toks("co\u{AD}operate"), ["cooperate"]);
        assert_eq!(toks("\u{301}abc"), ["abc"]);
    }
}
