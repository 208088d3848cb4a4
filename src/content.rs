//! The content format on disk: Markdown files with TOML front matter between `+++` lines.
//!
//! ```text
//! content/bulletins/<bulletin-slug>/index.md      the issue
//! content/bulletins/<bulletin-slug>/NN-<slug>.md  its articles, NN = order
//! ```
//!
//! `to_files` and `load_bulletin` are inverses: what import writes, load reads back
//! to the same model. Front matter is strict (unknown keys are errors, naming the
//! key) and every error names the file, line and column, counting from the top of
//! the file, so an editor can go straight to it.

use crate::model::{Article, Bulletin, EventEdit, Kind, PaperMeta, PartialDate, Section};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a content file, located for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for ContentError {}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BulletinFront {
    title: String,
    #[serde(default)]
    kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    series: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paper: Option<PaperMeta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleFront {
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subsection: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    topics: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    /// Last: TOML writes an array of tables after every plain key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    events: Vec<EventEdit>,
}

/// The name a bulletin's original document has in its folder, by format.
pub fn original_file_name(extension: &str) -> String {
    format!("original.{extension}")
}

/// The original document kept in a bulletin folder, if any (`original.pdf`, `.docx`, `.html`).
pub fn original_in(dir: &Path) -> Option<crate::model::Original> {
    ["pdf", "docx", "html"].iter().find_map(|ext| {
        let file = original_file_name(ext);
        let meta = std::fs::metadata(dir.join(&file)).ok()?;
        meta.is_file().then(|| crate::model::Original {
            path: dir.join(&file),
            file,
            bytes: meta.len(),
        })
    })
}

/// The file name of the n-th article (0-based) of a bulletin.
pub fn article_file_name(index: usize, slug: &str) -> String {
    format!("{:02}-{slug}.md", index + 1)
}

/// The files of a bulletin, relative to its folder, with their exact contents.
pub fn to_files(b: &Bulletin) -> Result<Vec<(String, String)>, String> {
    let front = BulletinFront {
        title: b.title.clone(),
        kind: b.kind,
        series: b.series.clone(),
        issue: b.issue.clone(),
        publisher: b.publisher.clone(),
        date: b.date,
        date_evidence: b.date_evidence.clone(),
        source: b.source.clone(),
        sections: b.sections.clone(),
        paper: b.paper.clone(),
        aliases: b.aliases.clone(),
    };
    let mut files = vec![("index.md".to_string(), document(&front, &b.intro)?)];
    for (i, a) in b.articles.iter().enumerate() {
        let front = ArticleFront {
            title: a.title.clone(),
            section: a.section.clone(),
            subsection: a.subsection.clone(),
            sources: a.sources.clone(),
            source_name: a.source_name.clone(),
            authors: a.authors.clone(),
            summary: a.summary.clone(),
            topics: a.topics.clone(),
            regions: a.regions.clone(),
            slug: None,
            draft: a.draft,
            aliases: a.aliases.clone(),
            events: a.events.clone(),
        };
        files.push((article_file_name(i, &a.slug), document(&front, &a.body)?));
    }
    Ok(files)
}

fn document<T: Serialize>(front: &T, body: &str) -> Result<String, String> {
    let toml = toml::to_string(front).map_err(|e| format!("cannot write front matter: {e}"))?;
    let body = body.trim_end();
    Ok(if body.is_empty() {
        format!("+++\n{toml}+++\n")
    } else {
        format!("+++\n{toml}+++\n\n{body}\n")
    })
}

/// Splits a file into front matter and body, with the line where the front matter starts.
fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(&'a str, &'a str, usize), ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let err = |line, message: &str| ContentError {
        path: path.to_path_buf(),
        line,
        column: 1,
        message: message.to_string(),
    };
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(err(1, "the file must start with a `+++` line, then TOML front matter, then another `+++` line"));
    }
    let after = &text[first.len()..];
    let after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    let mut offset = 0;
    for line in after.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &after[..offset];
            let body = &after[offset + line.len()..];
            return Ok((front, body, 2));
        }
        offset += line.len();
    }
    Err(err(
        1,
        "the front matter is not closed: add a `+++` line after it",
    ))
}

fn parse_front<T: for<'de> Deserialize<'de>>(
    path: &Path,
    text: &str,
) -> Result<(T, String), ContentError> {
    let (front, body, first_line) = split_front_matter(path, text)?;
    let value: T = toml::from_str(front).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| {
                let before = &front[..s.start.min(front.len())];
                let line = before.matches('\n').count();
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (first_line + line, column)
            })
            .unwrap_or((first_line, 1));
        let mut message = e.message().trim().to_string();
        if message == "duplicate key" {
            // toml says which line, not which key: the span covers it.
            if let Some(key) = e.span().and_then(|s| front.get(s)) {
                message = format!("duplicate key `{}`: keep one of them", key.trim());
            }
        }
        ContentError {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("front matter: {message}"),
        }
    })?;
    Ok((value, body.trim_start_matches(['\n', '\r']).to_string()))
}

/// Parses the text of one content file as `load_bulletin` reads it (`index.md` as the issue,
/// any other name as an article), without touching the disk: for the fuzzer
/// (`fuzz/fuzz_targets/front_matter.rs`) and for tools that hold text, not a folder.
/// Returns the body on success.
pub fn parse_file(path: &Path, text: &str) -> Result<String, ContentError> {
    if path.file_name().is_some_and(|n| n == "index.md") {
        parse_front::<BulletinFront>(path, text).map(|(_, body)| body)
    } else {
        parse_front::<ArticleFront>(path, text).map(|(_, body)| body)
    }
}

/// Reads one bulletin folder. Every bad file is reported, not just the first.
pub fn load_bulletin(dir: &Path) -> Result<Bulletin, Vec<ContentError>> {
    let (bulletin, _, errors) = load_bulletin_partly(dir);
    if errors.is_empty() {
        Ok(bulletin)
    } else {
        Err(errors)
    }
}

/// What of a bulletin folder loads, the file of each article loaded, and the errors of
/// the rest: `check` goes on with the files that parse when one does not.
pub fn load_bulletin_partly(dir: &Path) -> (Bulletin, Vec<PathBuf>, Vec<ContentError>) {
    let mut errors = Vec::new();
    let mut article_files = Vec::new();
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let index_path = dir.join("index.md");
    let mut bulletin = Bulletin {
        slug: slug.clone(),
        ..Bulletin::default()
    };
    match read(&index_path)
        .and_then(|t| parse_front::<BulletinFront>(&index_path, &t).map(|r| (r, t)))
    {
        Ok(((f, intro), t_index)) => {
            bulletin.title = f.title;
            bulletin.kind = f.kind;
            bulletin.series = f.series;
            bulletin.issue = f.issue;
            bulletin.publisher = f.publisher;
            bulletin.date = f.date;
            bulletin.date_evidence = f.date_evidence;
            bulletin.source = f.source;
            bulletin.sections = f.sections;
            bulletin.paper = f.paper;
            errors.extend(bad_aliases(&index_path, &t_index, &f.aliases));
            bulletin.aliases = f.aliases;
            bulletin.intro = intro;
        }
        Err(e) => errors.push(e),
    }
    bulletin.original = original_in(dir);
    if !crate::slug::is_valid(&slug) {
        errors.push(ContentError {
            path: dir.to_path_buf(),
            line: 1,
            column: 1,
            message: "a bulletin folder name must be a slug: lower-case ASCII letters, digits and hyphens".into(),
        });
    }
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_article_file(p))
            .collect(),
        Err(e) => {
            errors.push(ContentError {
                path: dir.to_path_buf(),
                line: 1,
                column: 1,
                message: format!("cannot list the folder: {e}"),
            });
            Vec::new()
        }
    };
    files.sort();
    let mut seen = std::collections::HashSet::new();
    for path in files {
        match read(&path).and_then(|t| parse_front::<ArticleFront>(&path, &t).map(|r| (r, t))) {
            Ok(((f, body), text)) => {
                errors.extend(bad_aliases(&path, &text, &f.aliases));
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                let from_name = stem
                    .split_once('-')
                    .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                    .map_or(stem.as_str(), |(_, s)| s);
                let slug = f.slug.clone().unwrap_or_else(|| from_name.to_string());
                if !crate::slug::is_valid(&slug) {
                    errors.push(ContentError {
                        path: path.clone(),
                        line: 1,
                        column: 1,
                        message: format!(
                            "slug '{slug}' must be lower-case ASCII letters, digits and hyphens"
                        ),
                    });
                }
                if !seen.insert(slug.clone()) {
                    errors.push(ContentError { path: path.clone(), line: 1, column: 1, message: format!("another article of this bulletin already has the slug '{slug}': set a different `slug`") });
                }
                article_files.push(path.clone());
                bulletin.articles.push(Article {
                    slug,
                    title: f.title,
                    section: f.section,
                    subsection: f.subsection,
                    sources: f.sources,
                    source_name: f.source_name,
                    authors: f.authors,
                    summary: f.summary,
                    topics: f.topics,
                    regions: f.regions,
                    events: f.events,
                    draft: f.draft,
                    aliases: f.aliases,
                    body,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    (bulletin, article_files, errors)
}

/// The `aliases` of a file that are not paths of the site: each must start with `/` (from
/// the site's root, without the base path), with no `..`, query, fragment or scheme.
fn bad_aliases(path: &Path, text: &str, aliases: &[String]) -> Vec<ContentError> {
    aliases
        .iter()
        .filter(|a| !is_alias(a))
        .map(|a| ContentError {
            path: path.to_path_buf(),
            line: text
                .find(a.as_str())
                .map_or(1, |at| text[..at].matches('\n').count() + 1),
            column: 1,
            message: format!(
                "alias '{a}' is not a path of the site: write it from the site's root, as \
                 \"/bulletins/2021-04-digest/old-slug/\""
            ),
        })
        .collect()
}

/// `/bulletins/x/old/`: from the root, plain segments, no query or fragment.
pub fn is_alias(alias: &str) -> bool {
    alias.starts_with('/')
        && alias.len() > 1
        && !alias.contains(['?', '#', '\\', '<', '>', '"', '\'', ' '])
        && alias
            .trim_matches('/')
            .split('/')
            .all(|seg| !seg.is_empty() && seg != ".." && seg != "." && !seg.contains(':'))
}

/// A bulletin folder's article files: `*.md` but `index.md`, and no hidden file (an
/// editor's lock or swap file such as Emacs's `.#01-a.md` is not an article).
pub fn is_article_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
        && path
            .file_name()
            .is_some_and(|n| n != "index.md" && !n.to_string_lossy().starts_with('.'))
}

fn read(path: &Path) -> Result<String, ContentError> {
    let bytes = std::fs::read(path).map_err(|e| ContentError {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!("cannot read: {e}"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        ContentError {
            path: path.to_path_buf(),
            line,
            column: 1,
            message: "the file is not valid UTF-8: save it as UTF-8".into(),
        }
    })
}

/// Loads every bulletin under `content/bulletins/`, newest first; all errors at once.
pub fn load_all(content_dir: &Path) -> Result<Vec<Bulletin>, Vec<ContentError>> {
    let dirs = bulletin_dirs(content_dir)?;
    let results: Vec<_> = {
        use rayon::prelude::*;
        dirs.par_iter().map(|d| load_bulletin(d)).collect()
    };
    let mut bulletins = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(b) => bulletins.push(b),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    bulletins.sort_by(newest_first);
    Ok(bulletins)
}

/// The order of the site: newest first, then by slug (`serve` sorts its cached bulletins so too).
pub fn newest_first(a: &Bulletin, b: &Bulletin) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
}

/// The bulletin folders under `content/bulletins/` (hidden ones skipped), sorted; none
/// when the folder is absent.
pub fn bulletin_dirs(content_dir: &Path) -> Result<Vec<PathBuf>, Vec<ContentError>> {
    let root = content_dir.join("bulletins");
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|e| {
            vec![ContentError {
                path: root.clone(),
                line: 1,
                column: 1,
                message: format!("cannot list: {e}"),
            }]
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    dirs.sort();
    let errors: Vec<ContentError> = dirs.iter().filter_map(|d| link_loop(&root, d)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    dirs.retain(|p| p.is_dir());
    Ok(dirs)
}

/// A symbolic link among the bulletins that leads nowhere (a link to itself, a cycle, a
/// missing target) or back to a folder holding it: named, never followed round and round.
pub fn link_loop(root: &Path, entry: &Path) -> Option<ContentError> {
    let is_link = std::fs::symlink_metadata(entry).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let error = |message: String| ContentError {
        path: entry.to_path_buf(),
        line: 1,
        column: 1,
        message,
    };
    let target = match std::fs::canonicalize(entry) {
        Ok(t) => t,
        Err(e) => {
            return Some(error(format!(
                "this symbolic link leads nowhere ({e}): a loop or a missing target; remove it or point it at a bulletin folder"
            )))
        }
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    root.starts_with(&target).then(|| {
        error(format!(
            "this symbolic link leads back to {}, which holds it: a loop; remove it",
            target.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bulletin {
        Bulletin {
            slug: "2021-08-05-kjzc".into(),
            title: "科技政策与咨询快报 2021年 总第086期 第08期".into(),
            series: Some("科技政策与咨询快报".into()),
            date: "2021-08-05".parse().ok(),
            sections: vec![Section {
                name: "专题评述".into(),
                subsections: vec![],
            }],
            articles: vec![Article {
                slug: "fa-an".into(),
                title: "《2021 年美国创新与竞争法案》瞄准对华科技竞争".into(),
                section: Some("专题评述".into()),
                authors: vec!["张娟".into(), "李宏".into()],
                body: "6 月 8 日，美国参议院通过法案[^1]。\n\n[^1]: S.1260\n".into(),
                topics: Some(vec!["产业政策".into()]),
                events: vec![
                    EventEdit::Add {
                        date: "2021-06-08".parse().unwrap(),
                        text: "美国参议院通过法案".into(),
                    },
                    EventEdit::Suppress {
                        date: "6 月 8 日".into(),
                        within: None,
                    },
                ],
                ..Article::default()
            }],
            ..Bulletin::default()
        }
    }

    #[test]
    fn files_load_back_to_the_same_bulletin() {
        let dir = tempfile::tempdir().unwrap();
        let b = sample();
        let bdir = dir.path().join(&b.slug);
        std::fs::create_dir(&bdir).unwrap();
        for (name, text) in to_files(&b).unwrap() {
            std::fs::write(bdir.join(name), text).unwrap();
        }
        assert_eq!(load_bulletin(&bdir).unwrap(), b);
    }

    #[test]
    fn errors_name_line_and_column_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let bdir = dir.path().join("b");
        std::fs::create_dir(&bdir).unwrap();
        std::fs::write(
            bdir.join("index.md"),
            "+++\ntitle = \"x\"\ndate = \"2021-02-30\"\n+++\n",
        )
        .unwrap();
        std::fs::write(
            bdir.join("01-a.md"),
            "+++\ntitle = \"a\"\ncolour = \"red\"\n+++\nbody\n",
        )
        .unwrap();
        let errs = load_bulletin(&bdir).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!((errs[0].line, errs[0].column), (3, 8));
        assert!(
            errs[0].message.contains("2021-02-30"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[1].line, 3);
        assert!(errs[1].message.contains("colour"), "{}", errs[1].message);
    }
}
