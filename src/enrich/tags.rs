//! Topic and region tags: which terms of the [`Vocabulary`] an article is about.
//!
//! **The rule.** An article is tagged with a topic or region when one of its words
//! (name, alias or keyword) appears in the article's title, or when its words occur in
//! the body at least `max(3, ceil(N / 1000))` times in all, N being the number of
//! non-space characters of the body outside links — three times in a news item, once per
//! 1,000 characters in a long report. Where keywords overlap the longest counts
//! (新能源汽车 is not also 能源), phrases listed under `ignore` hide the keywords inside
//! them (中国质量新闻网 is not 中国), and Latin keywords (5G, TBT) match whole words only.
//! A tagged topic also tags its parent (芯片 → 半导体). Front matter `topics` or
//! `regions` (names, slugs or aliases) replace the automatic tags of that kind for the
//! article; their parents are added too.

use super::text::mask_links;
use super::vocab::{TermKind, Vocabulary};
use crate::model::Article;
use serde::Serialize;

/// Characters of body text per required occurrence, above the floor of [`MIN_BODY_HITS`].
pub const CHARS_PER_HIT: usize = 1000;
/// The fewest body occurrences that tag an article whose title is silent.
pub const MIN_BODY_HITS: usize = 3;

/// How one word of a term occurred in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeywordHits {
    pub word: String,
    pub title: usize,
    pub body: usize,
}

/// Why a term is (or is not) among an article's tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// A word of the term is in the title.
    Title,
    /// Its words occur often enough in the body.
    Body,
    /// A child term is tagged (芯片 tags 半导体).
    Child,
    /// Named in front matter.
    FrontMatter,
    /// Words occur, but not often enough: not tagged.
    BelowThreshold,
}

/// One term whose words occur in an article (tagged or not), for `inspect` and debugging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermMatch {
    pub kind: TermKind,
    /// Index into [`Vocabulary::topics`] or [`Vocabulary::regions`].
    pub term: usize,
    pub name: String,
    pub reason: Reason,
    pub title_hits: usize,
    pub body_hits: usize,
    /// The words that matched, most frequent first.
    pub keywords: Vec<KeywordHits>,
}

impl TermMatch {
    pub fn tagged(&self) -> bool {
        self.reason != Reason::BelowThreshold
    }
}

/// The tags of one article.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ArticleTags {
    /// Indexes into [`Vocabulary::topics`]: strongest first, then implied parents.
    pub topics: Vec<usize>,
    /// Indexes into [`Vocabulary::regions`], in the same order.
    pub regions: Vec<usize>,
    /// Every term whose words occur in the article, with counts and the reason.
    pub matches: Vec<TermMatch>,
    /// Body occurrences this article needed (the rule above).
    pub threshold: usize,
    /// Front matter replaced the automatic topics / regions.
    pub topics_from_front_matter: bool,
    pub regions_from_front_matter: bool,
    /// Front-matter names that are not in the vocabulary (a build should warn).
    pub unknown: Vec<String>,
}

impl ArticleTags {
    /// The topics or the regions (term indexes), by kind.
    pub fn of(&self, kind: TermKind) -> &[usize] {
        match kind {
            TermKind::Topic => &self.topics,
            TermKind::Region => &self.regions,
        }
    }

    /// The names of the topics (or regions), in order.
    pub fn names<'v>(&self, vocab: &'v Vocabulary, kind: TermKind) -> Vec<&'v str> {
        self.of(kind)
            .iter()
            .map(|&i| vocab.terms(kind)[i].name.as_str())
            .collect()
    }

    /// The match record of a term, if its words occur in the article.
    pub fn matched(&self, kind: TermKind, term: usize) -> Option<&TermMatch> {
        self.matches
            .iter()
            .find(|m| m.kind == kind && m.term == term)
    }
}

/// Body occurrences needed for an article whose body has `chars` non-space characters.
pub fn threshold(chars: usize) -> usize {
    MIN_BODY_HITS.max(chars.div_ceil(CHARS_PER_HIT))
}

/// Occurrences of each pattern of one kind's automaton in `text` (links already masked).
fn count_patterns(vocab: &Vocabulary, kind: TermKind, text: &str, counts: &mut [usize]) {
    let m = vocab.matcher(kind);
    let bytes = text.as_bytes();
    for hit in m.automaton.find_iter(text) {
        let p = hit.pattern().as_usize();
        let (ascii_start, ascii_end) = m.ascii_edges[p];
        if ascii_start && hit.start() > 0 && bytes[hit.start() - 1].is_ascii_alphanumeric() {
            continue;
        }
        if ascii_end && hit.end() < bytes.len() && bytes[hit.end()].is_ascii_alphanumeric() {
            continue;
        }
        counts[p] += 1;
    }
}

/// The automatic tags of a title and Markdown body (front matter ignored).
pub fn tag_text(vocab: &Vocabulary, title: &str, body: &str) -> ArticleTags {
    let masked = mask_links(body);
    let chars = masked
        .chars()
        .filter(|&c| !c.is_whitespace() && c != super::text::MASK)
        .count();
    let threshold = threshold(chars);
    let mut tags = ArticleTags {
        threshold,
        ..ArticleTags::default()
    };
    for kind in [TermKind::Topic, TermKind::Region] {
        let matcher = vocab.matcher(kind);
        let n = matcher.patterns.len();
        let mut title_counts = vec![0usize; n];
        let mut body_counts = vec![0usize; n];
        count_patterns(vocab, kind, title, &mut title_counts);
        count_patterns(vocab, kind, &masked, &mut body_counts);
        let terms = vocab.terms(kind);
        let mut per_term: Vec<Option<TermMatch>> = vec![None; terms.len()];
        for p in 0..n {
            if title_counts[p] == 0 && body_counts[p] == 0 {
                continue;
            }
            let (word, owners) = &matcher.patterns[p];
            for &t in owners {
                let m = per_term[t].get_or_insert_with(|| TermMatch {
                    kind,
                    term: t,
                    name: terms[t].name.clone(),
                    reason: Reason::BelowThreshold,
                    title_hits: 0,
                    body_hits: 0,
                    keywords: Vec::new(),
                });
                m.title_hits += title_counts[p];
                m.body_hits += body_counts[p];
                m.keywords.push(KeywordHits {
                    word: word.clone(),
                    title: title_counts[p],
                    body: body_counts[p],
                });
            }
        }
        let mut found: Vec<TermMatch> = per_term.into_iter().flatten().collect();
        for m in &mut found {
            m.keywords.sort_by(|a, b| {
                (b.title + b.body)
                    .cmp(&(a.title + a.body))
                    .then(a.word.cmp(&b.word))
            });
            m.reason = if m.title_hits > 0 {
                Reason::Title
            } else if m.body_hits >= threshold {
                Reason::Body
            } else {
                Reason::BelowThreshold
            };
        }
        // Strongest first: title words, then body frequency; ties in vocabulary order.
        found.sort_by(|a, b| {
            b.tagged()
                .cmp(&a.tagged())
                .then((b.title_hits > 0).cmp(&(a.title_hits > 0)))
                .then(b.body_hits.cmp(&a.body_hits))
                .then(a.term.cmp(&b.term))
        });
        let direct: Vec<usize> = found
            .iter()
            .filter(|m| m.tagged())
            .map(|m| m.term)
            .collect();
        let list = with_parents(vocab, kind, &direct);
        for &t in &list[direct.len()..] {
            match found.iter_mut().find(|m| m.term == t) {
                Some(m) => m.reason = Reason::Child,
                None => found.push(TermMatch {
                    kind,
                    term: t,
                    name: terms[t].name.clone(),
                    reason: Reason::Child,
                    title_hits: 0,
                    body_hits: 0,
                    keywords: Vec::new(),
                }),
            }
        }
        match kind {
            TermKind::Topic => tags.topics = list,
            TermKind::Region => tags.regions = list,
        }
        tags.matches.extend(found);
    }
    tags
}

/// `terms` in order, then the parents they imply (each once).
fn with_parents(vocab: &Vocabulary, kind: TermKind, terms: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &t in terms {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    for &t in terms {
        for a in vocab.with_ancestors(kind, t).into_iter().skip(1) {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// The tags of an article: automatic, with front matter `topics`/`regions` replacing
/// the automatic ones of their kind.
pub fn tag_article(vocab: &Vocabulary, article: &Article) -> ArticleTags {
    let mut tags = tag_text(vocab, &article.title, &article.body);
    for (kind, names) in [
        (TermKind::Topic, &article.topics),
        (TermKind::Region, &article.regions),
    ] {
        let Some(names) = names else { continue };
        let mut chosen = Vec::new();
        for n in names {
            match vocab.find(kind, n) {
                Some(i) => chosen.push(i),
                None => tags.unknown.push(n.clone()),
            }
        }
        let list = with_parents(vocab, kind, &chosen);
        for m in tags.matches.iter_mut().filter(|m| m.kind == kind) {
            m.reason = if chosen.contains(&m.term) {
                Reason::FrontMatter
            } else if list.contains(&m.term) {
                Reason::Child
            } else {
                Reason::BelowThreshold
            };
        }
        match kind {
            TermKind::Topic => {
                tags.topics = list;
                tags.topics_from_front_matter = true;
            }
            TermKind::Region => {
                tags.regions = list;
                tags.regions_from_front_matter = true;
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::builtin()
    }

    fn topic_names(v: &Vocabulary, t: &ArticleTags) -> Vec<String> {
        t.names(v, TermKind::Topic)
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn the_threshold_grows_with_the_body() {
        assert_eq!(threshold(0), 3);
        assert_eq!(threshold(3000), 3);
        assert_eq!(threshold(3001), 4);
        assert_eq!(threshold(28_000), 28);
    }

    #[test]
    fn a_title_word_tags_and_a_single_body_mention_does_not() {
        let v = vocab();
        let t = tag_text(
            &v,
            "日本发布半导体和数字产业发展战略",
            "该战略提出加强国际合作。",
        );
        let topics = topic_names(&v, &t);
        assert!(topics.contains(&"半导体".to_string()), "{topics:?}");
        assert!(!topics.contains(&"国际合作".to_string()), "{topics:?}");
        let m = t
            .matched(
                TermKind::Topic,
                v.find(TermKind::Topic, "国际合作").unwrap(),
            )
            .unwrap();
        assert_eq!((m.reason, m.body_hits), (Reason::BelowThreshold, 1));
        assert_eq!(t.names(&v, TermKind::Region), ["日本"]);
    }

    #[test]
    fn a_child_implies_its_parent_and_the_longest_keyword_wins() {
        let v = vocab();
        let t = tag_text(
            &v,
            "标题",
            "新能源汽车需要芯片。芯片短缺影响新能源汽车生产，新能源汽车企业在寻找芯片。",
        );
        let topics = topic_names(&v, &t);
        let mut direct = topics[..2].to_vec();
        direct.sort();
        assert_eq!(direct, ["新能源汽车", "芯片"], "{topics:?}");
        assert!(topics.contains(&"半导体".to_string()) && topics.contains(&"汽车".to_string()));
        assert!(!topics.contains(&"能源".to_string()), "{topics:?}");
        let semi = v.find(TermKind::Topic, "半导体").unwrap();
        assert_eq!(
            t.matched(TermKind::Topic, semi).unwrap().reason,
            Reason::Child
        );
    }

    #[test]
    fn ignored_phrases_links_and_partial_latin_words_do_not_count() {
        let v = vocab();
        let t = tag_text(
            &v,
            "标题",
            "中国质量新闻网讯 中国质量报记者 见 http://www.china.example/5G/中国 与 [链接](https://x.cn/中国) 及 OpenAI、5GHz",
        );
        assert!(t.regions.is_empty(), "{:?}", t.matches);
        assert!(t.topics.is_empty(), "{:?}", t.matches);
    }

    #[test]
    fn front_matter_replaces_the_automatic_tags_of_its_kind() {
        let v = vocab();
        let a = Article {
            title: "日本发布半导体和数字产业发展战略".into(),
            body: "日本经济产业省发布战略。".into(),
            topics: Some(vec!["xin-pian".into(), "不存在的主题".into()]),
            ..Article::default()
        };
        let t = tag_article(&v, &a);
        assert_eq!(topic_names(&v, &t), ["芯片", "半导体"]);
        assert_eq!(t.unknown, ["不存在的主题"]);
        assert!(t.topics_from_front_matter && !t.regions_from_front_matter);
        assert_eq!(t.names(&v, TermKind::Region), ["日本"]);
    }
}
