//! Character-level helpers for Chinese text extracted from PDFs and web pages.
//!
//! Import decisions hinge on small questions asked millions of times: is this a Han
//! character, does this line end a sentence, are these two titles the same title
//! spelled differently (full-width punctuation, spaces, one character changed)?
//! They live here, without allocation where possible, so every stage answers them
//! the same way.

/// A Han (CJK unified ideograph) character, including the extension blocks seen in names.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// Full-width CJK punctuation and brackets (。，、《》“”…).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Han characters or CJK punctuation: the characters between which a space is layout.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Number of Han characters.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Characters that end a sentence, in Chinese or Latin text.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '．')
}

/// Closing quotes and brackets that may follow a sentence end (。” or 。）).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '」' | '』' | '）' | ')' | '】' | '》'
    )
}

/// Does the text end a sentence? Trailing footnote marks and bold markers are ignored.
pub fn ends_sentence(s: &str) -> bool {
    let s = strip_trailing_marks(s);
    let mut rev = s.chars().rev();
    match rev.next() {
        Some(c) if is_terminal(c) => true,
        Some(c) if is_closer(c) => rev.next().is_some_and(is_terminal),
        _ => false,
    }
}

/// Does the text end with a colon, introducing what follows (我们的主要做法：)?
pub fn ends_with_colon(s: &str) -> bool {
    strip_trailing_marks(s).ends_with(['：', ':'])
}

/// The text without trailing spaces, `**`, footnote marks (`[^3]`, `<sup>3</sup>`).
pub fn strip_trailing_marks(mut s: &str) -> &str {
    loop {
        let t = s.trim_end().trim_end_matches("**");
        let t = if t.ends_with("</sup>") {
            t.rfind("<sup>").map_or(t, |i| &t[..i])
        } else if t.ends_with(']') && t.contains("[^") {
            t.rfind("[^").map_or(t, |i| &t[..i])
        } else {
            t
        };
        if t.len() == s.len() {
            return s;
        }
        s = t;
    }
}

/// Maps full-width ASCII variants (ＡＢＣ１２３（）) to their half-width forms.
pub fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// The comparison key of a title: width-folded, lower-cased letters, digits and Han only.
/// `刘卫军：“一次认证、市场通行”，畅通市场循环` and its half-width spelling share a key.
pub fn title_key(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Similarity of two keys in 0..=1: twice the longest common subsequence over the total length.
/// Tolerates one changed word (规划/计划, 综合/统合) in a title, not a different title.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0u16; b.len() + 1];
    let mut cur = vec![0u16; b.len() + 1];
    for &ca in &a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    2.0 * f64::from(prev[b.len()]) / (a.len() + b.len()) as f64
}

/// Collapses runs of whitespace (including full-width spaces) to one ASCII space, and trims.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{3000}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Removes spaces that PDF layout left between Chinese characters.
///
/// A converter turns each wrapped line of a narrow column into a space, so such spaces
/// follow a long unbroken run (`…技术性贸易措施 工作`), or fall inside a book title
/// (`《国家标准 化发展纲要》`). A space after a short phrase is the writer's own
/// (`市场监管总局 全国工商联`) and stays, as do spaces next to Latin letters or digits.
pub fn remove_layout_spaces(s: &str) -> String {
    const LAYOUT_RUN: usize = 12;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut run = 0usize; // characters since the last whitespace
    let mut in_book_title = 0i32;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\u{3000}' {
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{3000}') {
                j += 1;
            }
            let before = i.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(j).copied();
            let between_cjk = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
            if between_cjk && (run >= LAYOUT_RUN || in_book_title > 0) {
                i = j; // drop the layout space, the run continues
                continue;
            }
            out.push(' ');
            run = 0;
            i = j;
            continue;
        }
        match c {
            '《' => in_book_title += 1,
            '》' => in_book_title = (in_book_title - 1).max(0),
            _ => {}
        }
        out.push(c);
        run += 1;
        i += 1;
    }
    out
}

/// Removes every space between two Chinese characters: in a table cell or a short
/// label they are letter-spacing (`建 议`, `标 题`) or layout, never word breaks.
pub fn remove_cjk_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            let before = chars[..i]
                .iter()
                .rev()
                .find(|c| **c != ' ' && **c != '\u{3000}');
            let after = chars[i + 1..]
                .iter()
                .find(|c| **c != ' ' && **c != '\u{3000}');
            if before.is_some_and(|c| is_han(*c)) && after.is_some_and(|c| is_han(*c)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Joins two pieces of a paragraph broken by the layout: no space between Chinese
/// text, one space between Latin words.
pub fn join_broken(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    let last = a.chars().last();
    let first = b.chars().next();
    let latin =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == ',' || c == '.');
    if latin(last) && latin(first) && !a.ends_with('-') {
        format!("{a} {b}")
    } else {
        format!("{a}{b}")
    }
}

/// [`join_broken`] in place: appends `b` to `a` without copying `a`.
pub fn join_broken_into(a: &mut String, b: &str) {
    let keep = a.trim_end().len();
    a.truncate(keep);
    let b = b.trim_start();
    let latin =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == ',' || c == '.');
    if latin(a.chars().last()) && latin(b.chars().next()) && !a.ends_with('-') {
        a.push(' ');
    }
    a.push_str(b);
}

/// Share of ASCII letters among the non-space characters: English prose is near 1.
pub fn latin_ratio(s: &str) -> f64 {
    let mut letters = 0usize;
    let mut total = 0usize;
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        if c.is_ascii_alphabetic() {
            letters += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        letters as f64 / total as f64
    }
}

/// A summary of `text`: its first sentences, cut after 。！？ so that it is at most
/// `max_chars` characters; a first sentence longer than that is cut at a character
/// boundary and ends with `…`.
pub fn summarize(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let mut end_at_sentence = None;
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count >= max_chars {
            break;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            // Keep a closing quote or bracket that belongs to the sentence.
            let after = &text[i + c.len_utf8()..];
            let closer = after
                .chars()
                .next()
                .filter(|c| matches!(c, '”' | '」' | '』' | '）' | ')'));
            end_at_sentence = Some(i + c.len_utf8() + closer.map_or(0, char::len_utf8));
        }
    }
    if let Some(end) = end_at_sentence {
        return text[..end].to_string();
    }
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!(
        "{}…",
        cut.trim_end_matches(['，', '、', '：', '；', ',', ' '])
    )
}

/// Parses a Chinese or Arabic numeral up to 99 (十二, 3, 二十一).
pub fn parse_small_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => digit(*u).map(|u| 10 + u),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_ignore_footnote_marks_and_quotes() {
        assert!(ends_sentence("旨在促进美国半导体。<sup>1</sup>"));
        assert!(ends_sentence("这是“一次认证、市场通行。”"));
        assert!(!ends_sentence("市场监管总局批准新建和复查考核"));
        assert!(!ends_sentence("2022 年 5.35"));
        assert!(ends_with_colon("我们的主要做法："));
    }

    #[test]
    fn titles_spelled_differently_share_a_key() {
        assert_eq!(
            title_key("刘卫军: “一次认证、市场通行”, 畅通市场循环"),
            title_key("刘卫军：“一次认证、市场通行”，畅通市场循环")
        );
        let toc = title_key("欧盟创新与技术研究院发布 2021~2027 年战略规划");
        let body = title_key("欧盟创新与技术研究院发布 2021~2027 年战略计划");
        assert!(similarity(&toc, &body) > 0.9);
        let other = title_key("德国投资 7 亿欧元资助创新通信技术");
        assert!(similarity(&toc, &other) < 0.5);
    }

    #[test]
    fn layout_spaces_go_and_deliberate_ones_stay() {
        // Seed 002: a wrapped column.
        assert_eq!(
            remove_layout_spaces("市场监管总局是当前我国制定和通报措施的部门直属单 位中"),
            "市场监管总局是当前我国制定和通报措施的部门直属单位中"
        );
        assert_eq!(
            remove_layout_spaces("《国家标准 化发展纲要》"),
            "《国家标准化发展纲要》"
        );
        // Seed 004: a list of signatories.
        assert_eq!(
            remove_layout_spaces("市场监管总局 全国工商联"),
            "市场监管总局 全国工商联"
        );
        assert_eq!(remove_layout_spaces("CNAS 荣誉主任"), "CNAS 荣誉主任");
    }

    #[test]
    fn broken_lines_join_without_space_in_chinese() {
        assert_eq!(
            join_broken("将释放巨大产", "能,必将"),
            "将释放巨大产能,必将"
        );
        assert_eq!(
            join_broken("United States", "Innovation"),
            "United States Innovation"
        );
    }

    #[test]
    fn summaries_end_at_a_sentence_and_never_split_a_character() {
        assert_eq!(
            summarize("第一句。第二句很长很长。第三句。", 10),
            "第一句。"
        );
        assert_eq!(
            summarize("他说：“好。”然后走了。", 20),
            "他说：“好。”然后走了。"
        );
        assert_eq!(
            summarize("没有句号的一段很长很长很长的文字", 8),
            "没有句号的一段…"
        );
        assert_eq!(summarize("短。", 120), "短。");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_small_number("十二"), Some(12));
        assert_eq!(parse_small_number("二十一"), Some(21));
        assert_eq!(parse_small_number("4"), Some(4));
        assert_eq!(parse_small_number("x"), None);
    }
}
