//! The vocabulary of topics and regions (`content/topics.toml`), loaded strictly and
//! compiled once into keyword automata.
//!
//! ```toml
//! ignore = ["中国质量新闻网"]          # phrases that hide the keywords inside them
//!
//! [[topics]]
//! name = "芯片"
//! slug = "xin-pian"                   # optional: derived from the name (pinyin) when absent
//! description = "芯片的研发、生产与供应。"
//! keywords = ["芯片", "微芯片"]
//! aliases = []
//! parent = "半导体"                   # optional: a broader topic, by name, slug or alias
//!
//! [[regions]]
//! name = "美国"
//! keywords = ["美国", "白宫"]
//! aliases = ["美方"]
//! ```
//!
//! Unknown keys are errors, and every error names `file:line:column`. A missing file
//! means the built-in vocabulary ([`Vocabulary::builtin`], the same file embedded in the
//! binary).

use crate::content::ContentError;
use crate::search::fold::fold_text;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The default vocabulary: `content/topics.toml` of this repository, embedded.
pub const DEFAULT_TOML: &str = include_str!("../../content/topics.toml");

/// Topic or region: two separate lists, each with its own slugs and its own automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Topic,
    Region,
}

impl TermKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TermKind::Topic => "topic",
            TermKind::Region => "region",
        }
    }
}

/// A topic (半导体) or a region (美国).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub name: String,
    /// Unique within its kind: the URL segment of `/topics/<slug>/` or `/regions/<slug>/`.
    pub slug: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub aliases: Vec<String>,
    /// Index of the parent term in the same list ([`Vocabulary::topics`] or `regions`).
    pub parent: Option<usize>,
}

impl Term {
    /// Every word that tags an article with this term: the name, the aliases, the keywords.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.keywords.iter().map(String::as_str))
    }
}

/// The compiled keyword matcher of one kind.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    pub(crate) automaton: AhoCorasick,
    /// Per pattern: the word as written and the terms it stands for (empty for `ignore`).
    pub(crate) patterns: Vec<(String, Vec<usize>)>,
    /// Per pattern: does it start / end with an ASCII letter or digit (then it must be a whole word)?
    pub(crate) ascii_edges: Vec<(bool, bool)>,
}

/// Topics and regions, validated, with their keyword automata compiled.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub topics: Vec<Term>,
    pub regions: Vec<Term>,
    /// Phrases that hide the keywords inside them (a publisher's name).
    pub ignore: Vec<String>,
    pub(crate) topic_matcher: Matcher,
    pub(crate) region_matcher: Matcher,
    /// Both kinds' words in one automaton, for reading an article once for both.
    pub(crate) both: Both,
}

/// Every word of both matchers (each once) in one automaton that reports every
/// occurrence, overlapping ones included: from them, each kind's leftmost-longest
/// matches are picked as its own automaton would find them ([`super::tags`]), with one
/// scan of the text instead of one a kind.
#[derive(Debug, Clone)]
pub(crate) struct Both {
    pub(crate) automaton: AhoCorasick,
    /// Per word: its pattern in the topic matcher and in the region matcher, if any.
    pub(crate) owners: Vec<[Option<u32>; 2]>,
}

impl Both {
    fn new(topics: &Matcher, regions: &Matcher) -> Both {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut words: Vec<&str> = Vec::new();
        let mut owners: Vec<[Option<u32>; 2]> = Vec::new();
        for (k, m) in [topics, regions].into_iter().enumerate() {
            for (p, (word, _)) in m.patterns.iter().enumerate() {
                let i = *index.entry(word.as_str()).or_insert_with(|| {
                    words.push(word);
                    owners.push([None; 2]);
                    words.len() - 1
                });
                owners[i][k] = Some(p as u32);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .expect("keyword automaton builds (patterns are non-empty strings)");
        Both { automaton, owners }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRaw {
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    topics: Vec<TermRaw>,
    #[serde(default)]
    regions: Vec<TermRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermRaw {
    name: Spanned<String>,
    #[serde(default)]
    slug: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    parent: Option<Spanned<String>>,
}

impl Vocabulary {
    /// The built-in vocabulary.
    pub fn builtin() -> Vocabulary {
        Vocabulary::parse(DEFAULT_TOML, Path::new("<built-in>/content/topics.toml"))
            .expect("the built-in content/topics.toml is valid (tested)")
    }

    /// `<root>/content/topics.toml` when it exists, the built-in vocabulary otherwise.
    pub fn load(root: &Path) -> Result<Vocabulary, Vec<ContentError>> {
        Vocabulary::load_file(&root.join("content").join("topics.toml"))
    }

    /// This file when it exists, the built-in vocabulary otherwise.
    pub fn load_file(path: &Path) -> Result<Vocabulary, Vec<ContentError>> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    vec![error(
                        path,
                        1,
                        1,
                        "the file is not valid UTF-8: save it as UTF-8",
                    )]
                })?;
                Vocabulary::parse(&text, path)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vocabulary::builtin()),
            Err(e) => Err(vec![error(path, 1, 1, &format!("cannot read: {e}"))]),
        }
    }

    /// Parses and validates a vocabulary; `path` is only used in error messages.
    /// Every problem is reported, each with its line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Vocabulary, Vec<ContentError>> {
        let raw: FileRaw = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |s| line_col(text, s.start.min(text.len())));
            vec![error(path, line, column, e.message().trim())]
        })?;
        let mut errors = Vec::new();
        let topics = build_terms(TermKind::Topic, raw.topics, text, path, &mut errors);
        let regions = build_terms(TermKind::Region, raw.regions, text, path, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let topic_matcher = compile(&topics, &raw.ignore);
        let region_matcher = compile(&regions, &raw.ignore);
        let both = Both::new(&topic_matcher, &region_matcher);
        Ok(Vocabulary {
            topics,
            regions,
            ignore: raw.ignore,
            topic_matcher,
            region_matcher,
            both,
        })
    }

    /// The list of one kind.
    pub fn terms(&self, kind: TermKind) -> &[Term] {
        match kind {
            TermKind::Topic => &self.topics,
            TermKind::Region => &self.regions,
        }
    }

    pub(crate) fn matcher(&self, kind: TermKind) -> &Matcher {
        match kind {
            TermKind::Topic => &self.topic_matcher,
            TermKind::Region => &self.region_matcher,
        }
    }

    /// The term an editor means by `s` (its name, slug or an alias), as in front matter.
    pub fn find(&self, kind: TermKind, s: &str) -> Option<usize> {
        let s = s.trim();
        let terms = self.terms(kind);
        terms
            .iter()
            .position(|t| t.name == s || t.slug == s)
            .or_else(|| terms.iter().position(|t| t.aliases.iter().any(|a| a == s)))
    }

    /// The term with this slug.
    pub fn by_slug(&self, kind: TermKind, slug: &str) -> Option<&Term> {
        self.terms(kind).iter().find(|t| t.slug == slug)
    }

    /// The term and its ancestors, nearest first (芯片 → [芯片, 半导体]).
    pub fn with_ancestors(&self, kind: TermKind, index: usize) -> Vec<usize> {
        let terms = self.terms(kind);
        let mut out = vec![index];
        let mut cur = terms[index].parent;
        while let Some(p) = cur {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = terms[p].parent;
        }
        out
    }
}

fn error(path: &Path, line: usize, column: usize, message: &str) -> ContentError {
    ContentError {
        path: PathBuf::from(path),
        line,
        column,
        message: message.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn build_terms(
    kind: TermKind,
    raw: Vec<TermRaw>,
    text: &str,
    path: &Path,
    errors: &mut Vec<ContentError>,
) -> Vec<Term> {
    let list = match kind {
        TermKind::Topic => "topics",
        TermKind::Region => "regions",
    };
    let at = |span: Range<usize>| line_col(text, span.start.min(text.len()));
    // Names and aliases must say which term they mean; written slugs must be valid and unique.
    let mut names: HashMap<String, (String, usize)> = HashMap::new();
    let mut written: HashMap<String, (String, usize)> = HashMap::new();
    for t in &raw {
        let (line, column) = at(t.name.span());
        let name = t.name.get_ref().trim();
        if name.is_empty() {
            errors.push(error(
                path,
                line,
                column,
                &format!("a [[{list}]] entry has an empty `name`"),
            ));
            continue;
        }
        for word in std::iter::once(name).chain(t.aliases.iter().map(|a| a.trim())) {
            if let Some((other, other_line)) = names.get(word) {
                if other != name {
                    errors.push(error(path, line, column, &format!(
                        "'{word}' names both {kind} '{other}' (line {other_line}) and '{name}': a name or alias must mean one {kind}",
                        kind = kind.as_str()
                    )));
                }
            } else {
                names.insert(word.to_string(), (name.to_string(), line));
            }
        }
        if let Some(slug) = &t.slug {
            let (sline, scol) = at(slug.span());
            let s = slug.get_ref().as_str();
            if !crate::slug::is_valid(s) {
                errors.push(error(path, sline, scol, &format!(
                    "slug '{s}' of '{name}' must be lower-case ASCII letters, digits and hyphens (pinyin: {})",
                    crate::slug::slugify(name)
                )));
            } else if let Some((other, other_line)) = written.get(s) {
                errors.push(error(path, sline, scol, &format!(
                    "slug '{s}' of {kind} '{name}' is already the slug of '{other}' (line {other_line}): slugs must be unique, write another (e.g. '{s}-2') or leave it out to derive one",
                    kind = kind.as_str()
                )));
            } else {
                written.insert(s.to_string(), (name.to_string(), sline));
            }
        }
        for w in t.keywords.iter().chain(&t.aliases) {
            if w.trim().is_empty() {
                errors.push(error(
                    path,
                    line,
                    column,
                    &format!("'{name}' has an empty keyword or alias"),
                ));
            }
        }
    }
    // Derived slugs: pinyin of the name, made unique against every written slug and each other.
    let mut taken: HashSet<String> = written.keys().cloned().collect();
    let mut terms: Vec<Term> = raw
        .iter()
        .map(|t| {
            let name = t.name.get_ref().trim().to_string();
            let slug = match &t.slug {
                Some(s) => s.get_ref().clone(),
                None => crate::slug::unique(&crate::slug::slugify(&name), &mut taken),
            };
            Term {
                kind,
                name,
                slug,
                description: t.description.trim().to_string(),
                keywords: clean_words(&t.keywords),
                aliases: clean_words(&t.aliases),
                parent: None,
            }
        })
        .collect();
    // Parents, by name, slug or alias; no cycles.
    for (i, t) in raw.iter().enumerate() {
        let Some(parent) = &t.parent else { continue };
        let (line, column) = at(parent.span());
        let p = parent.get_ref().trim();
        let found = terms
            .iter()
            .position(|x| x.name == p || x.slug == p)
            .or_else(|| terms.iter().position(|x| x.aliases.iter().any(|a| a == p)));
        match found {
            Some(j) if j == i => errors.push(error(
                path,
                line,
                column,
                &format!("'{}' cannot be its own parent", terms[i].name),
            )),
            Some(j) => terms[i].parent = Some(j),
            None => errors.push(error(
                path,
                line,
                column,
                &format!(
                    "parent '{p}' of '{}' is not a {} of this file",
                    terms[i].name,
                    kind.as_str()
                ),
            )),
        }
    }
    for (i, t) in raw.iter().enumerate() {
        let mut seen = vec![i];
        let mut cur = terms[i].parent;
        while let Some(p) = cur {
            if seen.contains(&p) {
                let (line, column) = t.parent.as_ref().map_or((1, 1), |s| at(s.span()));
                errors.push(error(
                    path,
                    line,
                    column,
                    &format!(
                        "the parents of '{}' go round in a circle: {}",
                        terms[i].name,
                        seen.iter()
                            .map(|&k| terms[k].name.as_str())
                            .collect::<Vec<_>>()
                            .join(" → ")
                    ),
                ));
                break;
            }
            seen.push(p);
            cur = terms[p].parent;
        }
    }
    terms
}

fn clean_words(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let w = w.trim();
        if !w.is_empty() && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

fn compile(terms: &[Term], ignore: &[String]) -> Matcher {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<(String, Vec<usize>)> = Vec::new();
    // Keywords are matched folded to the Simplified script, as the text is (tags.rs).
    let mut add = |word: &str, term: Option<usize>| {
        let word = &*fold_text(word);
        let i = *index.entry(word.to_string()).or_insert_with(|| {
            patterns.push((word.to_string(), Vec::new()));
            patterns.len() - 1
        });
        if let Some(t) = term {
            if !patterns[i].1.contains(&t) {
                patterns[i].1.push(t);
            }
        }
    };
    for (ti, t) in terms.iter().enumerate() {
        for w in t.words() {
            add(w, Some(ti));
        }
    }
    for w in ignore {
        let w = w.trim();
        if !w.is_empty() {
            add(w, None);
        }
    }
    // Leftmost-longest: where keywords overlap, the longest one counts (新能源汽车, not 能源),
    // and an `ignore` phrase hides every keyword inside it.
    // A DFA: built once per vocabulary (a few hundred patterns: cheap), fastest to scan.
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns.iter().map(|(w, _)| w.as_str()))
        .expect("keyword automaton builds (patterns are non-empty strings)");
    let ascii_edges = patterns
        .iter()
        .map(|(w, _)| {
            (
                w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()),
                w.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()),
            )
        })
        .collect();
    Matcher {
        automaton,
        patterns,
        ascii_edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vocabulary, Vec<ContentError>> {
        Vocabulary::parse(s, Path::new("content/topics.toml"))
    }

    #[test]
    fn the_builtin_vocabulary_is_valid_and_large_enough() {
        let v = Vocabulary::builtin();
        assert!(v.topics.len() >= 20, "{} topics", v.topics.len());
        for name in [
            "半导体",
            "标准化",
            "供应链",
            "新能源汽车",
            "技术性贸易措施",
            "产业政策",
            "认证认可",
            "食品安全",
            "知识产权",
            "人工智能",
            "数字化转型",
            "质量基础设施",
            "计量",
            "检验检测",
            "消费者权益",
            "产品质量安全",
            "碳达峰碳中和",
            "科技创新政策",
            "科研经费与预算",
            "国际合作",
            "量子",
            "5G",
            "通信",
            "生物医药",
            "能源",
        ] {
            assert!(v.find(TermKind::Topic, name).is_some(), "topic {name}");
        }
        for name in [
            "美国",
            "中国",
            "日本",
            "韩国",
            "欧盟",
            "英国",
            "法国",
            "德国",
            "澳大利亚",
            "俄罗斯",
            "巴西",
            "荷兰",
        ] {
            assert!(v.find(TermKind::Region, name).is_some(), "region {name}");
        }
        let chip = v.find(TermKind::Topic, "芯片").unwrap();
        let semi = v.find(TermKind::Topic, "ban-dao-ti").unwrap();
        assert_eq!(v.with_ancestors(TermKind::Topic, chip), vec![chip, semi]);
        for kind in [TermKind::Topic, TermKind::Region] {
            let slugs: HashSet<&str> = v.terms(kind).iter().map(|t| t.slug.as_str()).collect();
            assert_eq!(slugs.len(), v.terms(kind).len());
            assert!(v.terms(kind).iter().all(|t| crate::slug::is_valid(&t.slug)));
        }
        assert_eq!(
            v.find(TermKind::Region, "美方"),
            v.find(TermKind::Region, "美国")
        );
    }

    #[test]
    fn derived_slugs_of_homophones_do_not_collide() {
        let v = parse(
            "[[topics]]\nname = \"公示\"\n[[topics]]\nname = \"公式\"\n[[topics]]\nname = \"工时\"\n[[topics]]\nname = \"绿色\"\n",
        )
        .unwrap();
        let slugs: Vec<&str> = v.topics.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["gong-shi", "gong-shi-2", "gong-shi-3", "lv-se"]);
    }

    #[test]
    fn a_derived_slug_steps_aside_for_a_written_one() {
        let v = parse(
            "[[topics]]\nname = \"公示\"\n[[topics]]\nname = \"公式\"\nslug = \"gong-shi\"\n",
        )
        .unwrap();
        assert_eq!(v.topics[0].slug, "gong-shi-2");
        assert_eq!(v.topics[1].slug, "gong-shi");
    }

    #[test]
    fn colliding_written_slugs_are_an_error_naming_file_and_line() {
        let errs = parse(
            "[[topics]]\nname = \"公示\"\nslug = \"gong-shi\"\n\n[[topics]]\nname = \"公式\"\nslug = \"gong-shi\"\n",
        )
        .unwrap_err();
        assert_eq!(errs.len(), 1);
        let e = errs[0].to_string();
        assert!(e.starts_with("content/topics.toml:7:8: "), "{e}");
        assert!(
            e.contains("公式") && e.contains("公示") && e.contains("line 3"),
            "{e}"
        );
    }

    #[test]
    fn strict_keys_bad_slugs_parents_and_shared_names_are_errors() {
        let e = parse("[[topics]]\nname = \"a\"\ncolour = \"red\"\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (3, 1), "{}", e[0]);
        assert!(e[0].message.contains("colour"), "{}", e[0]);
        let e = parse("[[topics]]\nname = \"芯片\"\nslug = \"Xin Pian\"\n").unwrap_err();
        assert!(e[0].message.contains("xin-pian"), "{}", e[0]);
        let e = parse("[[topics]]\nname = \"芯片\"\nparent = \"半导体\"\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        let e = parse(
            "[[topics]]\nname = \"a\"\nparent = \"b\"\n[[topics]]\nname = \"b\"\nparent = \"a\"\n",
        )
        .unwrap_err();
        assert!(e[0].message.contains("circle"), "{}", e[0]);
        let e =
            parse("[[regions]]\nname = \"美国\"\naliases = [\"美\"]\n[[regions]]\nname = \"美\"\n")
                .unwrap_err();
        assert!(e[0].message.contains("one region"), "{}", e[0]);
    }

    #[test]
    fn a_missing_file_means_the_builtin_vocabulary() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vocabulary::load(dir.path()).unwrap();
        assert_eq!(v.topics.len(), Vocabulary::builtin().topics.len());
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/topics.toml"),
            "[[topics]]\nname = \"量子\"\n",
        )
        .unwrap();
        let v = Vocabulary::load(dir.path()).unwrap();
        assert_eq!(v.topics.len(), 1);
        assert_eq!(v.topics[0].slug, "liang-zi");
    }
}
