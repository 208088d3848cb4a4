//! Topic and region tags: which terms of the [`Vocabulary`] an article is about.
//!
//! A digest article names many things in passing (a publisher, a ministry, the ten fields a
//! bill funds), and a topic page should list the articles *about* its topic. So every term
//! whose words (name, alias, keyword) occur in an article is a candidate, weighed by how
//! much of the article it carries, and only the few that carry it are kept.
//!
//! **Weight.** The number of body blocks (paragraphs, headings, tables, notes) it occurs
//! in, plus its occurrences in the body, where an occurrence of its name or an alias
//! counts 1 and one of its other keywords ⅓: a keyword is often a common word that serves
//! other subjects too (研发, 补贴, 电池, 检测, 食品), the name is unambiguous.
//!
//! **The rule.** Against the heaviest candidate of its kind, an article is tagged with:
//! 1. the terms its **title** names, when the body takes them up (weight ≥ 15%);
//! 2. the terms its **sections** are about: named in its headings, a `#` heading counting
//!    2 and a paragraph's opening bold run (`**1、半导体和高级封装**`, the digests' run-in
//!    sub-heading) 1, at least 2 in all, with weight ≥ 30%;
//! 3. the terms that carry the **body**: weight ≥ 40%;
//!
//! in that order, heaviest first within each, stopping before the seventh tag
//! ([`MAX_TAGS`], implied parents included). Sections and body terms need at least 3
//! occurrences in at least 2 blocks. A tagged topic also tags its parent (芯片 → 半导体).
//! The lead is not weighed apart: in these digests it names the reporting body
//! (市场监管局, 中国质量新闻网) as often as the subject.
//!
//! Where keywords overlap the longest counts (新能源汽车 is not also 能源), phrases listed
//! under `ignore` hide the keywords inside them (中国质量新闻网 is not 中国), links and
//! footnote marks are skipped, and Latin keywords (5G, TBT) match whole words only. Front
//! matter `topics` or `regions` (names, slugs or aliases) replace the automatic tags of
//! that kind for the article; their parents are added too.

use super::text::mask_links;
use super::vocab::{Matcher, TermKind, Vocabulary};
use crate::model::Article;
use crate::search::fold::fold_text;
use serde::Serialize;

/// The most tags of one kind an article gets, implied parents included.
pub const MAX_TAGS: usize = 6;
/// Percentages of the heaviest candidate's weight that tag a term named in the title, in
/// the section headings, or in the body only.
const TITLE_SHARE: u32 = 15;
const SECTION_SHARE: u32 = 30;
const BODY_SHARE: u32 = 40;
/// Heading score a term needs to be a section's subject (a `#` heading counts 2, a run-in
/// heading 1).
const SECTION_SCORE: usize = 2;
/// The least a term needs in the body to be tagged without the title.
const MIN_OCCURRENCES: usize = 3;
const MIN_BLOCKS: usize = 2;

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
    /// The title names it, and the body takes it up.
    Title,
    /// Section headings name it.
    Section,
    /// It carries enough of the body.
    Body,
    /// A child term is tagged (芯片 tags 半导体).
    Child,
    /// Named in front matter.
    FrontMatter,
    /// Its words occur, but it weighs too little beside the article's subjects (or
    /// came after the sixth tag): not tagged.
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
    /// Body occurrences of the term's name or an alias (the rest are other keywords).
    pub name_hits: usize,
    /// Occurrences in the body's `#` headings, and in run-in headings.
    pub heading_hits: usize,
    pub run_in_hits: usize,
    /// Blocks of the body with an occurrence.
    pub blocks: usize,
    /// The weight (module documentation), in thirds.
    pub weight: usize,
    /// The words that matched, most frequent first.
    pub keywords: Vec<KeywordHits>,
}

impl TermMatch {
    pub fn tagged(&self) -> bool {
        self.reason != Reason::BelowThreshold
    }

    fn new(kind: TermKind, term: usize, name: &str) -> TermMatch {
        TermMatch {
            kind,
            term,
            name: name.to_string(),
            reason: Reason::BelowThreshold,
            title_hits: 0,
            body_hits: 0,
            name_hits: 0,
            heading_hits: 0,
            run_in_hits: 0,
            blocks: 0,
            weight: 0,
            keywords: Vec::new(),
        }
    }

    /// Which part of the rule tags it, given the heaviest candidate's weight.
    fn judge(&self, heaviest: usize) -> Reason {
        let share = |percent: u32| self.weight * 100 >= percent as usize * heaviest;
        let enough = self.body_hits >= MIN_OCCURRENCES && self.blocks >= MIN_BLOCKS;
        if self.title_hits > 0 && self.body_hits > 0 && share(TITLE_SHARE) {
            Reason::Title
        } else if 2 * self.heading_hits + self.run_in_hits >= SECTION_SCORE
            && enough
            && share(SECTION_SHARE)
        {
            Reason::Section
        } else if enough && share(BODY_SHARE) {
            Reason::Body
        } else {
            Reason::BelowThreshold
        }
    }
}

/// The tags of one article.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ArticleTags {
    /// Indexes into [`Vocabulary::topics`]: in the order of the rule, then implied parents.
    pub topics: Vec<usize>,
    /// Indexes into [`Vocabulary::regions`], in the same order.
    pub regions: Vec<usize>,
    /// Every term whose words occur in the article, with counts and the reason.
    pub matches: Vec<TermMatch>,
    /// Blocks of the body (paragraphs, headings, tables, notes).
    pub blocks: usize,
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

/// Each occurrence of a pattern of one kind's automaton in `text` (links already
/// masked), as (pattern, byte offset).
fn each_hit(vocab: &Vocabulary, kind: TermKind, text: &str, mut f: impl FnMut(usize, usize)) {
    let m = vocab.matcher(kind);
    for hit in m.automaton.find_iter(text) {
        let p = hit.pattern().as_usize();
        if whole_word(m, p, text.as_bytes(), hit.start(), hit.end()) {
            f(p, hit.start());
        }
    }
}

/// Whether a match of pattern `p` at `start..end` of `bytes` counts: a Latin keyword
/// (5G, TBT) matches whole words only.
fn whole_word(m: &Matcher, p: usize, bytes: &[u8], start: usize, end: usize) -> bool {
    let (ascii_start, ascii_end) = m.ascii_edges[p];
    !(ascii_start && start > 0 && bytes[start - 1].is_ascii_alphanumeric()
        || ascii_end && end < bytes.len() && bytes[end].is_ascii_alphanumeric())
}

/// What [`each_hit`] gives for each kind (topics, then regions), as (pattern, byte
/// offset) in text order, from one scan of `text`: every occurrence of every word of
/// both kinds, overlapping ones included, then per kind the leftmost-longest ones picked
/// as its own automaton picks them (the earliest start at or after the end of the last
/// match, the longest word there).
fn hits_of_both(vocab: &Vocabulary, text: &str) -> [Vec<(usize, usize)>; 2] {
    let both = &vocab.both;
    // Per kind: (start, end, pattern) of every occurrence.
    let mut all: [Vec<(usize, usize, u32)>; 2] = [Vec::new(), Vec::new()];
    for hit in both.automaton.find_overlapping_iter(text) {
        for (k, owner) in both.owners[hit.pattern().as_usize()].iter().enumerate() {
            if let Some(p) = owner {
                all[k].push((hit.start(), hit.end(), *p));
            }
        }
    }
    let bytes = text.as_bytes();
    let mut out = [Vec::new(), Vec::new()];
    for (k, (occurrences, out)) in all.iter_mut().zip(out.iter_mut()).enumerate() {
        let m = vocab.matcher([TermKind::Topic, TermKind::Region][k]);
        // Leftmost first, and at one start the longest first.
        occurrences.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut from = 0;
        for &(start, end, p) in occurrences.iter() {
            if start < from {
                continue;
            }
            from = end;
            let p = p as usize;
            if whole_word(m, p, bytes, start, end) {
                out.push((p, start));
            }
        }
    }
    out
}

/// One block of a (masked) Markdown body: where it starts, whether it is a `#` heading,
/// and where its heading ends (a heading line ends where it ends; a paragraph that opens
/// with a bold run, `**1、半导体和高级封装**。…`, ends it with that run; any other block
/// where it starts).
#[derive(Debug, Clone, Copy)]
struct Block {
    start: usize,
    heading: bool,
    heading_end: usize,
}

/// The blocks of a (masked) Markdown body. A heading line is a block of its own; other
/// lines run until a blank line.
fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if t.is_empty() {
            open = false;
        } else if t.starts_with('#') {
            out.push(Block {
                start,
                heading: true,
                heading_end: offset,
            });
            open = false;
        } else if !open {
            open = true;
            let indent = line.len() - line.trim_start().len();
            let heading_end = t
                .strip_prefix("**")
                .and_then(|rest| rest.find("**"))
                .map_or(start, |close| start + indent + 2 + close);
            out.push(Block {
                start,
                heading: false,
                heading_end,
            });
        }
    }
    out
}

/// The terms of a kind that `text` (a sentence) names: by a keyword, the name or an
/// alias, and the broader terms they imply (芯片 names 半导体 too), in order of first
/// occurrence.
pub fn terms_named(vocab: &Vocabulary, kind: TermKind, text: &str) -> Vec<usize> {
    let patterns = &vocab.matcher(kind).patterns;
    let mut out: Vec<usize> = Vec::new();
    each_hit(vocab, kind, &fold_text(text), |p, _| {
        for &t in &patterns[p].1 {
            for a in vocab.with_ancestors(kind, t) {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    });
    out
}

/// The automatic tags of a title and Markdown body (front matter ignored).
pub fn tag_text(vocab: &Vocabulary, title: &str, body: &str) -> ArticleTags {
    // Traditional text matches the (folded) keywords as Simplified text does; folding
    // keeps byte offsets, so the blocks are the text's.
    let title = &*fold_text(title);
    let masked = fold_text(&mask_links(body)).into_owned();
    let blocks = blocks(&masked);
    let mut tags = ArticleTags {
        blocks: blocks.len(),
        ..ArticleTags::default()
    };
    let [title_topics, title_regions] = hits_of_both(vocab, title);
    let [body_topics, body_regions] = hits_of_both(vocab, &masked);
    for (kind, title_hits, body_hits) in [
        (TermKind::Topic, title_topics, body_topics),
        (TermKind::Region, title_regions, body_regions),
    ] {
        let matcher = vocab.matcher(kind);
        let terms = vocab.terms(kind);
        let n = matcher.patterns.len();
        let mut title_counts = vec![0usize; n];
        let mut body_counts = vec![0usize; n];
        let mut heading_counts = vec![0usize; n];
        let mut run_in_counts = vec![0usize; n];
        // (pattern, block) of every body occurrence.
        let mut placed: Vec<(usize, usize)> = Vec::new();
        for (p, _) in title_hits {
            title_counts[p] += 1;
        }
        for (p, at) in body_hits {
            body_counts[p] += 1;
            let b = blocks.partition_point(|b| b.start <= at).saturating_sub(1);
            if let Some(block) = blocks.get(b).filter(|block| at < block.heading_end) {
                match block.heading {
                    true => heading_counts[p] += 1,
                    false => run_in_counts[p] += 1,
                }
            }
            placed.push((p, b));
        }
        let mut per_term: Vec<Option<TermMatch>> = vec![None; terms.len()];
        for p in 0..n {
            if title_counts[p] == 0 && body_counts[p] == 0 {
                continue;
            }
            let (word, owners) = &matcher.patterns[p];
            for &t in owners {
                let m = per_term[t].get_or_insert_with(|| TermMatch::new(kind, t, &terms[t].name));
                m.title_hits += title_counts[p];
                m.body_hits += body_counts[p];
                if *word == terms[t].name || terms[t].aliases.contains(word) {
                    m.name_hits += body_counts[p];
                }
                m.heading_hits += heading_counts[p];
                m.run_in_hits += run_in_counts[p];
                m.keywords.push(KeywordHits {
                    word: word.clone(),
                    title: title_counts[p],
                    body: body_counts[p],
                });
            }
        }
        // Blocks per term: each (term, block) once.
        let mut term_blocks: Vec<(usize, usize)> = placed
            .iter()
            .flat_map(|&(p, b)| matcher.patterns[p].1.iter().map(move |&t| (t, b)))
            .collect();
        term_blocks.sort_unstable();
        term_blocks.dedup();
        for (t, _) in term_blocks {
            if let Some(m) = per_term[t].as_mut() {
                m.blocks += 1;
            }
        }
        let mut found: Vec<TermMatch> = per_term.into_iter().flatten().collect();
        for m in &mut found {
            m.weight = 3 * (m.blocks + m.name_hits) + (m.body_hits - m.name_hits);
            m.keywords.sort_by(|a, b| {
                (b.title + b.body)
                    .cmp(&(a.title + a.body))
                    .then(a.word.cmp(&b.word))
            });
        }
        let heaviest = found.iter().map(|m| m.weight).max().unwrap_or(0);
        for m in &mut found {
            m.reason = m.judge(heaviest);
        }
        // The order of the rule: title, sections, body; heaviest first; ties in
        // vocabulary order. Untagged ones after, for inspect.
        let rank = |r: Reason| match r {
            Reason::Title => 0,
            Reason::Section => 1,
            Reason::Body => 2,
            _ => 3,
        };
        found.sort_by(|a, b| {
            rank(a.reason)
                .cmp(&rank(b.reason))
                .then(b.weight.cmp(&a.weight))
                .then(a.term.cmp(&b.term))
        });
        let chosen: Vec<usize> = found
            .iter()
            .filter(|m| m.tagged())
            .map(|m| m.term)
            .collect();
        let (direct, list) = capped_with_parents(vocab, kind, &chosen, MAX_TAGS);
        for m in found.iter_mut().filter(|m| m.tagged()) {
            if !direct.contains(&m.term) {
                m.reason = Reason::BelowThreshold;
            }
        }
        for &t in &list[direct.len()..] {
            match found.iter_mut().find(|m| m.term == t) {
                Some(m) => m.reason = Reason::Child,
                None => {
                    let mut m = TermMatch::new(kind, t, &terms[t].name);
                    m.reason = Reason::Child;
                    found.push(m);
                }
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

/// The first of `terms` that fit in `cap` tags with the parents they imply: those kept,
/// and the whole list (the kept terms in order, then their parents, each once).
fn capped_with_parents(
    vocab: &Vocabulary,
    kind: TermKind,
    terms: &[usize],
    cap: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut kept: Vec<usize> = Vec::new();
    for &t in terms {
        let mut with = kept.clone();
        with.push(t);
        if with_parents(vocab, kind, &with).len() > cap {
            break;
        }
        kept = with;
    }
    let list = with_parents(vocab, kind, &kept);
    (kept, list)
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

    fn reason(v: &Vocabulary, t: &ArticleTags, name: &str) -> Option<Reason> {
        let i = v.find(TermKind::Topic, name).unwrap();
        t.matched(TermKind::Topic, i).map(|m| m.reason)
    }

    /// One scan for both kinds finds, per kind, exactly what the kind's own
    /// leftmost-longest automaton finds: on every seed (raw text and its imported
    /// articles), with a vocabulary whose words nest and overlap across kinds, whose
    /// `ignore` phrase hides words of both, and with Latin words matched whole.
    #[test]
    fn one_scan_for_both_kinds_finds_what_each_kind_finds() {
        let custom = Vocabulary::parse(
            r#"
ignore = ["中国质量新闻网", "美国国家标准"]
[[topics]]
name = "能源"
keywords = ["新能源", "能源汽车", "5G", "标准"]
[[topics]]
name = "新能源汽车"
keywords = ["汽车", "电池"]
[[topics]]
name = "标准化"
keywords = ["国家标准", "标准化", "TBT"]
[[regions]]
name = "美国"
keywords = ["美国国家", "国家标准学会"]
[[regions]]
name = "中国"
keywords = ["中国", "国家"]
"#,
            std::path::Path::new("topics.toml"),
        )
        .unwrap();
        let mut texts: Vec<String> =
            vec!["美国国家标准学会与中国质量新闻网：新能源汽车电池，5G与TBT，A5G，5GB。".into()];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["seeds", "content/bulletins"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let bytes = std::fs::read(entry.path()).unwrap();
                    texts.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        assert!(texts.len() > 20, "{} texts", texts.len());
        let mut hits = 0;
        for v in [vocab(), custom] {
            for text in &texts {
                let text = fold_text(&super::mask_links(text)).into_owned();
                let both = hits_of_both(&v, &text);
                for (k, kind) in [TermKind::Topic, TermKind::Region].into_iter().enumerate() {
                    let mut one = Vec::new();
                    each_hit(&v, kind, &text, |p, at| one.push((p, at)));
                    assert_eq!(both[k], one, "{kind:?}");
                    hits += one.len();
                }
            }
        }
        assert!(hits > 1000, "{hits} hits");
    }

    #[test]
    fn a_title_word_tags_when_the_body_takes_it_up() {
        let v = vocab();
        let body = "日本经济产业省发布半导体战略。\n\n半导体产业是基础性产业，要确保尖端半导体的生产能力。\n\n该战略提出加强国际合作。\n";
        let t = tag_text(&v, "日本发布半导体和数字产业发展战略", body);
        assert_eq!(reason(&v, &t, "半导体"), Some(Reason::Title));
        // 数字产业 is in the title only: the body never takes it up.
        assert_eq!(reason(&v, &t, "数字化转型"), Some(Reason::BelowThreshold));
        // One passing mention in the body.
        assert_eq!(reason(&v, &t, "国际合作"), Some(Reason::BelowThreshold));
        assert_eq!(topic_names(&v, &t), ["半导体"]);
        assert_eq!(t.names(&v, TermKind::Region), ["日本"]);
    }

    #[test]
    fn terms_mentioned_in_passing_are_outweighed_by_the_subject() {
        let v = vocab();
        // About supply chains; one paragraph lists the fields a fund also supports.
        let body = [
            "供应链审查报告发布。报告评估了关键供应链。",
            "报告认为供应链存在风险，建议加强供应链弹性。",
            "供应链韧性需要长期投入，关键供应链的审查每年进行。",
            "基金还支持人工智能、能源和生物医药，以及人工智能与能源的交叉研究。",
            "最后，报告提出供应链政策建议。",
        ]
        .join("\n\n");
        let t = tag_text(&v, "标题", &body);
        assert_eq!(topic_names(&v, &t), ["供应链"]);
        let ai = v.find(TermKind::Topic, "人工智能").unwrap();
        let m = t.matched(TermKind::Topic, ai).unwrap();
        assert_eq!(
            (m.reason, m.body_hits, m.blocks),
            (Reason::BelowThreshold, 2, 1)
        );
    }

    #[test]
    fn a_second_subject_that_carries_the_body_is_kept() {
        let v = vocab();
        let body = [
            "标准化工作要点印发，国家标准体系加快建设。",
            "计量能力建设加强，计量基准和计量标准复查。",
            "标准化与计量协同推进，国际标准采用率提高。",
            "计量技术机构和标准化技术组织共同参与。",
        ]
        .join("\n\n");
        let t = tag_text(&v, "标题", &body);
        let mut topics = topic_names(&v, &t);
        topics.sort();
        assert_eq!(topics, ["标准化", "计量"]);
    }

    #[test]
    fn a_term_a_section_heading_names_is_kept_though_lighter() {
        let v = vocab();
        let mut body = vec!["## 一、背景".to_string()];
        for _ in 0..6 {
            body.push("对华战略竞争持续，产业政策工具更多，产业政策密集出台。".into());
        }
        body.push("## 二、芯片紧急拨款".into());
        body.push("芯片拨款用于芯片生产。".into());
        body.push("**3、芯片设计**。支持芯片设计企业。".into());
        let t = tag_text(&v, "标题", &body.join("\n\n"));
        assert_eq!(reason(&v, &t, "产业政策"), Some(Reason::Body));
        assert_eq!(reason(&v, &t, "芯片"), Some(Reason::Section));
        let chip = v.find(TermKind::Topic, "芯片").unwrap();
        let m = t.matched(TermKind::Topic, chip).unwrap();
        assert_eq!((m.heading_hits, m.run_in_hits), (1, 1));
        assert!(topic_names(&v, &t).contains(&"半导体".to_string()));
    }

    #[test]
    fn a_name_weighs_three_keywords() {
        let v = vocab();
        let body =
            "食品安全监管加强，食品安全抽检扩大。\n\n研发人员增多，研发项目启动，加强研发。\n";
        let t = tag_text(&v, "标题", body);
        let weight = |name: &str| {
            let i = v.find(TermKind::Topic, name).unwrap();
            t.matched(TermKind::Topic, i).unwrap().weight
        };
        // 2 name occurrences in 1 block: 3 × (1 + 2); 3 keyword occurrences in 1 block: 3 × 1 + 3.
        assert_eq!(weight("食品安全"), 9);
        assert_eq!(weight("科技创新政策"), 6);
    }

    #[test]
    fn at_most_six_tags_parents_included() {
        let v = vocab();
        let names = [
            "芯片",
            "标准化",
            "供应链",
            "新能源汽车",
            "食品安全",
            "知识产权",
            "人工智能",
            "量子",
        ];
        let body: Vec<String> = names
            .iter()
            .map(|n| format!("{n}是重点。{n}工作推进。{n}取得进展。"))
            .collect();
        let body = [body.clone(), body].concat().join("\n\n");
        let t = tag_text(&v, "标题", &body);
        let topics = topic_names(&v, &t);
        assert_eq!(topics.len(), MAX_TAGS, "{topics:?}");
        // 芯片 brings 半导体 and 新能源汽车 brings 汽车: four of the equals fit.
        assert_eq!(
            t.matches
                .iter()
                .filter(|m| m.kind == TermKind::Topic && m.reason == Reason::Body)
                .count(),
            4,
            "{topics:?}"
        );
    }

    #[test]
    fn a_child_implies_its_parent_and_the_longest_keyword_wins() {
        let v = vocab();
        let t = tag_text(
            &v,
            "标题",
            "新能源汽车需要芯片。芯片短缺影响新能源汽车生产。\n\n新能源汽车企业在寻找芯片。",
        );
        let topics = topic_names(&v, &t);
        let mut direct = topics[..2].to_vec();
        direct.sort();
        assert_eq!(direct, ["新能源汽车", "芯片"], "{topics:?}");
        assert!(topics.contains(&"半导体".to_string()) && topics.contains(&"汽车".to_string()));
        assert!(!topics.contains(&"能源".to_string()), "{topics:?}");
        assert_eq!(reason(&v, &t, "半导体"), Some(Reason::Child));
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
