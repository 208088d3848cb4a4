//! `gazette check`: everything wrong with the content, before publishing, without writing.
//!
//! Each file is loaded on its own so one broken file does not hide the problems of the
//! others, not even those of the other files of its bulletin. Then, on what loaded:
//! missing dates and columns, empty articles, and every internal link and anchor written
//! in Markdown, resolved against the pages the build would write (rendered in memory,
//! never to disk) with the base URL the build will have (`--base-url`). With
//! `--external`, source links are fetched too: one request at a time per host, at least
//! a second apart. Answers are cached in `.gazette/link-cache.json`, a link that answered
//! for a week, a failure (a timeout, a DNS error, an HTTP error) only for an hour, since
//! it is often passing; `--refresh` asks every link again.

use crate::config::Config;
use crate::content::{self, ContentError};
use crate::markdown;
use crate::model::{Bulletin, Kind};
use crate::site;
use anyhow::{Context, Result};
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How serious a problem is: errors make `check` exit non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {level}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl From<ContentError> for Problem {
    fn from(e: ContentError) -> Self {
        Problem {
            severity: Severity::Error,
            path: e.path,
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

fn problem(severity: Severity, path: &Path, line: usize, message: String) -> Problem {
    Problem {
        severity,
        path: path.to_path_buf(),
        line,
        column: 1,
        message,
    }
}

/// The 1-based line of the first occurrence of `needle` in the file (1 when absent).
fn line_of(file_text: &str, needle: &str) -> usize {
    file_text
        .find(needle)
        .map_or(1, |pos| file_text[..pos].matches('\n').count() + 1)
}

/// What `check` is asked to do beyond the content itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Fetch source links and links in bodies.
    pub external: bool,
    /// Ignore the link cache: ask every link again.
    pub refresh: bool,
}

/// The file an article was loaded from.
fn article_path(content_dir: &Path, b: &Bulletin, index: usize) -> PathBuf {
    let dir = content_dir.join("bulletins").join(&b.slug);
    // The loader keeps file order; the file name carries the article's own slug
    // unless front matter overrode it, so look the file up by position.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "md") && p.file_name().is_some_and(|n| n != "index.md")
    });
    files.sort();
    files.get(index).cloned().unwrap_or(dir)
}

/// Checks the content of the project at `root`. Problems come sorted by file and line.
/// `progress` is told how many links `--external` fetches, and each as it is done.
pub fn check(
    root: &Path,
    config: &Config,
    options: CheckOptions,
    progress: &indicatif::ProgressBar,
) -> Result<Vec<Problem>> {
    let content_dir = root.join("content");
    let mut problems: Vec<Problem> = Vec::new();
    // Each bulletin as far as it loaded, with the file of each of its articles, and
    // whether its index.md loaded (if not, what it should say is not checked).
    let mut loaded: Vec<(Bulletin, Vec<PathBuf>, bool)> = Vec::new();
    let bulletins_dir = content_dir.join("bulletins");
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(&bulletins_dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    };
    dirs.retain(|d| {
        !d.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    problems.extend(
        dirs.iter()
            .filter_map(|d| content::link_loop(&bulletins_dir, d))
            .map(Problem::from),
    );
    dirs.retain(|d| d.is_dir() && content::link_loop(&bulletins_dir, d).is_none());
    dirs.sort();
    for dir in &dirs {
        let (bulletin, files, errors) = content::load_bulletin_partly(dir);
        let index_ok = !errors.iter().any(|e| e.path == dir.join("index.md"));
        problems.extend(errors.into_iter().map(Problem::from));
        loaded.push((bulletin, files, index_ok));
    }
    loaded.sort_by(|a, b| content::newest_first(&a.0, &b.0));
    let (bulletins, files): (Vec<Bulletin>, Vec<Vec<PathBuf>>) = loaded
        .into_iter()
        .map(|(b, files, index_ok)| {
            let index = bulletins_dir.join(&b.slug).join("index.md");
            if index_ok && b.date.is_none() {
                problems.push(problem(
                    Severity::Error,
                    &index,
                    1,
                    "no `date`: add `date = \"YYYY-MM-DD\"` (or YYYY-MM, YYYY) to the front matter"
                        .into(),
                ));
            }
            if b.articles.is_empty() && files.is_empty() {
                problems.push(problem(
                    Severity::Warning,
                    &index,
                    1,
                    "the bulletin has no article".into(),
                ));
            }
            for (a, path) in b.articles.iter().zip(&files) {
                problems.extend(article_problems(&b, a, path));
                if let Some(s) = &a.section {
                    if index_ok
                        && !b.sections.is_empty()
                        && !b.sections.iter().any(|x| &x.name == s)
                    {
                        let text = std::fs::read_to_string(path).unwrap_or_default();
                        problems.push(problem(
                            Severity::Warning,
                            path,
                            line_of(&text, "section"),
                            format!(
                                "column '{s}' is not among the bulletin's `sections` in index.md"
                            ),
                        ));
                    }
                }
            }
            problems.extend(unsafe_in_bulletin(&content_dir, &b, &|i| files[i].clone()));
            (b, files)
        })
        .unzip();

    problems.extend(duplicate_bulletins(&bulletins_dir, &bulletins));
    problems.extend(check_internal_links(root, config, &bulletins, &files)?);
    if options.external {
        problems.extend(check_external_links(
            root,
            &bulletins,
            &files,
            options.refresh,
            progress,
        )?);
    }
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    problems.dedup();
    Ok(problems)
}

/// What makes two bulletins the same text: each article's words (letters and digits of
/// its plain text, so layout, spacing, punctuation and Markdown do not count), hashed.
pub struct Fingerprint(std::collections::HashSet<u64>);

impl Fingerprint {
    pub fn of(b: &Bulletin) -> Fingerprint {
        use std::hash::{Hash, Hasher};
        Fingerprint(
            b.articles
                .iter()
                .filter_map(|a| {
                    let words: String = markdown::to_text(&a.body)
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect();
                    // Too little text to tell one article from another.
                    (words.chars().count() >= 20).then(|| {
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        words.hash(&mut h);
                        h.finish()
                    })
                })
                .collect(),
        )
    }

    /// No article has text enough to tell it by.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Four in five of `self`'s articles are in `other`: the same bulletin, whatever
    /// an editor has changed since, or an extract of it.
    pub fn is_in(&self, other: &Fingerprint) -> bool {
        let shared = self.0.intersection(&other.0).count();
        shared > 0 && shared * 5 >= self.0.len() * 4
    }
}

/// Bulletins whose text is another's (the same raw file imported twice under two names):
/// a warning on the later one's index.md, naming the other.
fn duplicate_bulletins(bulletins_dir: &Path, bulletins: &[Bulletin]) -> Vec<Problem> {
    let prints: Vec<Fingerprint> = bulletins.iter().map(Fingerprint::of).collect();
    // Which bulletins have each article text: only those are compared.
    let mut holders: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, f) in prints.iter().enumerate() {
        for &h in &f.0 {
            holders.entry(h).or_default().push(i);
        }
    }
    let mut problems = Vec::new();
    for (i, f) in prints.iter().enumerate() {
        let mut others: Vec<usize> =
            f.0.iter()
                .flat_map(|h| holders[h].iter().copied())
                .filter(|&j| j != i)
                .collect();
        others.sort_unstable();
        others.dedup();
        let (a, b) = (&bulletins[i], |j: usize| &bulletins[j]);
        // Said once, on the later folder of the two (or the one that is an extract).
        if let Some(j) = others
            .into_iter()
            .find(|&j| f.is_in(&prints[j]) && (!prints[j].is_in(f) || b(j).slug < a.slug))
        {
            problems.push(problem(
                Severity::Warning,
                &bulletins_dir.join(&a.slug).join("index.md"),
                1,
                format!(
                    "this bulletin has the same text as bulletins/{}/ (imported twice?): \
                     delete one of the two folders",
                    b(j).slug
                ),
            ));
        }
    }
    problems
}

/// What is wrong with one article on its own: no column in a digest, no text.
fn article_problems(b: &Bulletin, a: &crate::model::Article, path: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    if b.kind == Kind::Digest && a.section.is_none() {
        problems.push(problem(
            Severity::Warning,
            path,
            1,
            "no `section`: the article belongs to no column; add `section = \"…\"`".into(),
        ));
    }
    if markdown::to_text(&a.body).trim().is_empty() {
        problems.push(problem(
            Severity::Warning,
            path,
            1,
            "the article has no text".into(),
        ));
    }
    problems
}

/// What the site shows inert rather than as written, located for the editor: links and
/// images whose URL is not http(s), mailto or inside the site (`javascript:`, `data:`,
/// `vbscript:`… are shown as their text), sources that are not http(s) or mailto (left
/// out), and control characters such as NUL (shown as �). Unsafe links are errors for `check` and
/// warnings for `build`, which renders them harmless and goes on.
pub fn unsafe_content(content_dir: &Path, bulletins: &[Bulletin]) -> Vec<Problem> {
    bulletins
        .iter()
        .flat_map(|b| unsafe_in_bulletin(content_dir, b, &|i| article_path(content_dir, b, i)))
        .collect()
}

/// [`unsafe_content`] of one bulletin; `file_of` names the file of its i-th article.
fn unsafe_in_bulletin(
    content_dir: &Path,
    b: &Bulletin,
    file_of: &dyn Fn(usize) -> PathBuf,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let index = content_dir.join("bulletins").join(&b.slug).join("index.md");
    problems.extend(unsafe_in_file(&index, &[], &b.intro));
    for (i, a) in b.articles.iter().enumerate() {
        let sources_bad = a.sources.iter().any(|u| !is_source_url(u));
        let body_bad = a.body.contains(is_control)
            || markdown_links(&a.body)
                .iter()
                .any(|u| !markdown::is_safe_url(u));
        if sources_bad || body_bad {
            // Only now look the file up: clean articles cost nothing.
            problems.extend(unsafe_in_file(&file_of(i), &a.sources, &a.body));
        }
    }
    problems
}

/// A control character other than tab and line ends: XML forbids it, HTML shows nothing.
fn is_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

/// http(s) or mailto: what a source may be (relative URLs mean nothing for a source).
fn is_source_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn unsafe_in_file(path: &Path, sources: &[String], body: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if sources.iter().all(|u| is_source_url(u))
        && !body.contains(is_control)
        && markdown_links(body)
            .iter()
            .all(|u| markdown::is_safe_url(u))
    {
        return problems;
    }
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // The body is the end of the file: its offsets plus this are offsets in the file.
    let body_at = if text.ends_with(body) {
        text.len() - body.len()
    } else {
        0
    };
    let line_at = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    for url in sources.iter().filter(|u| !is_source_url(u)) {
        problems.push(problem(
            Severity::Error,
            path,
            line_of(&text, "sources"),
            format!(
                "source '{}' is left out of the page: a source must be an http(s) or mailto URL",
                shorten_url(url)
            ),
        ));
    }
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for (ev, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let (what, url) = match ev {
            Event::Start(Tag::Link { dest_url, .. }) => ("link", dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => ("image", dest_url),
            _ => continue,
        };
        if !markdown::is_safe_url(&url) {
            problems.push(problem(
                Severity::Error,
                path,
                line_at(body_at + range.start),
                format!(
                    "{what} '{}' is shown as plain text: only http(s), mailto and links inside the site are allowed",
                    shorten_url(&url)
                ),
            ));
        }
    }
    if let Some(pos) = body.find(is_control) {
        let c = body[pos..].chars().next().map_or(0, u32::from);
        problems.push(problem(
            Severity::Warning,
            path,
            line_at(body_at + pos),
            format!("a control character (U+{c:04X}) is shown as �: remove it"),
        ));
    }
    problems
}

/// A URL as quoted in a message: at most 80 characters.
fn shorten_url(url: &str) -> String {
    if url.chars().count() <= 80 {
        return url.to_string();
    }
    format!("{}…", url.chars().take(79).collect::<String>())
}

/// Every page the build would write (site path → HTML), and the ids each page has.
fn rendered_site(
    root: &Path,
    config: &Config,
    bulletins: &[Bulletin],
) -> Result<HashMap<String, BTreeSet<String>>> {
    let theme = site::Theme::load(root, &config.theme)?;
    let vocab = crate::enrich::Vocabulary::load(root).map_err(|errors| {
        anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    let enriched = crate::enrich::enrich(bulletins, &vocab);
    let files = site::build(config, bulletins, &enriched, &vocab, &theme)?;
    let mut out = HashMap::new();
    for f in files {
        let ids = if f.path.ends_with(".html") {
            ids_of(&String::from_utf8_lossy(&f.bytes))
        } else {
            BTreeSet::new()
        };
        out.insert(f.path, ids);
    }
    Ok(out)
}

fn ids_of(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut rest = html;
    while let Some(pos) = rest.find(" id=\"") {
        rest = &rest[pos + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

/// Links written in a Markdown body: (destination, is an image).
fn markdown_links(body: &str) -> Vec<String> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(body, opts)
        .filter_map(|ev| match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

fn check_internal_links(
    root: &Path,
    config: &Config,
    bulletins: &[Bulletin],
    files: &[Vec<PathBuf>],
) -> Result<Vec<Problem>> {
    let pages = rendered_site(root, config, bulletins)?;
    let base = config.base_path.as_str();
    let mut problems = Vec::new();
    for (b, files) in bulletins.iter().zip(files) {
        for (a, path) in b.articles.iter().zip(files) {
            let links = markdown_links(&a.body);
            if links.is_empty() {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let own = format!("bulletins/{}/{}/index.html", b.slug, a.slug);
            for link in links {
                let lower = link.to_ascii_lowercase();
                if lower.starts_with("http://")
                    || lower.starts_with("https://")
                    || lower.starts_with("mailto:")
                {
                    continue;
                }
                let line = line_of(&text, &link);
                if !markdown::is_safe_url(&link) {
                    continue; // reported by unsafe_content
                }
                let (target_path, fragment) = link
                    .split_once('#')
                    .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
                let target = if target_path.is_empty() {
                    own.clone()
                } else if target_path.starts_with("//") {
                    continue; // another host, as `//host/path` (fetched by --external)
                } else if let Some(rest) = markdown::site_path(target_path, base) {
                    // Root-relative: under the base path as written, or put under it by the build.
                    page_file(rest)
                } else {
                    // Relative to the article's own page.
                    page_file(&resolve_relative(
                        &format!("bulletins/{}/{}/", b.slug, a.slug),
                        target_path,
                    ))
                };
                let Some(ids) = pages.get(&target) else {
                    problems.push(problem(
                        Severity::Error,
                        path,
                        line,
                        format!("link '{link}' leads to no page of the site"),
                    ));
                    continue;
                };
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    if !ids.contains(f) {
                        problems.push(problem(
                            Severity::Error,
                            path,
                            line,
                            format!("link '{link}': the page has no anchor '#{f}'"),
                        ));
                    }
                }
            }
        }
    }
    Ok(problems)
}

/// `a/b/` → `a/b/index.html`; `a/b.html` stays.
fn page_file(p: &str) -> String {
    let p = p.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else if p.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        p.to_string()
    } else {
        format!("{p}/index.html")
    }
}

/// Resolves `rel` (`../x/`, `./y`) against the folder `dir` (ending with `/`).
fn resolve_relative(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rel.ends_with('/') {
        out.push('/');
    }
    out
}

// ---------------------------------------------------------------- external links

/// How long a link that answered (2xx, 3xx) is trusted.
const CACHE_OK_SECS: u64 = 7 * 86_400;
/// How long a failure (unreachable, a timeout, an HTTP error) is kept: a site that is
/// down for a moment must not be reported dead for a week.
const CACHE_FAILED_SECS: u64 = 3_600;
/// The least time between two requests to the same host.
const PER_HOST_DELAY: Duration = Duration::from_millis(1000);

#[derive(Debug, Default, Serialize, Deserialize)]
struct LinkCache {
    /// URL → (unix time checked, HTTP status or 0 when unreachable, error text).
    checked: BTreeMap<String, (u64, u16, String)>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Is a cached answer (checked at `time`, with `status`) still to be trusted at `now`?
fn still_fresh(time: u64, status: u16, now: u64) -> bool {
    let ttl = if (200..400).contains(&status) {
        CACHE_OK_SECS
    } else {
        CACHE_FAILED_SECS
    };
    now.saturating_sub(time) < ttl
}

fn check_external_links(
    root: &Path,
    bulletins: &[Bulletin],
    files: &[Vec<PathBuf>],
    refresh: bool,
    progress: &indicatif::ProgressBar,
) -> Result<Vec<Problem>> {
    // Where each URL is written: (file, line), first occurrence.
    let mut wanted: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
    for (b, files) in bulletins.iter().zip(files) {
        for (a, path) in b.articles.iter().zip(files) {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let body_links = markdown_links(&a.body)
                .into_iter()
                .filter(|l| l.starts_with("http://") || l.starts_with("https://"));
            for url in a.sources.iter().cloned().chain(body_links) {
                let line = line_of(&text, &url);
                wanted.entry(url).or_insert((path.clone(), line));
            }
        }
    }
    let cache_path = root.join(".gazette").join("link-cache.json");
    let mut cache: LinkCache = std::fs::read(&cache_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let started = now();

    // Group what needs fetching by host; hosts are checked in parallel, each host's URLs in turn.
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in wanted.keys() {
        let cached = cache.checked.get(url);
        if !refresh && cached.is_some_and(|c| still_fresh(c.0, c.1, started)) {
            continue;
        }
        by_host
            .entry(site::site_name(url))
            .or_default()
            .push(url.clone());
    }
    progress.set_length(by_host.values().map(|v| v.len() as u64).sum());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .user_agent("gazette-check (link checker)")
        .build()
        .into();
    let results: Vec<(String, u16, String)> = {
        use rayon::prelude::*;
        by_host
            .into_par_iter()
            .flat_map_iter(|(_, urls)| {
                let agent = agent.clone();
                urls.into_iter().enumerate().map(move |(i, url)| {
                    if i > 0 {
                        std::thread::sleep(PER_HOST_DELAY);
                    }
                    let r = fetch_status(&agent, &url);
                    progress.inc(1);
                    r
                })
            })
            .collect()
    };
    progress.finish_and_clear();
    for (url, status, error) in results {
        cache.checked.insert(url, (now(), status, error));
    }
    // Forget what is past its time, so the cache does not grow with every link ever seen.
    let t = now();
    cache.checked.retain(|_, c| still_fresh(c.0, c.1, t));
    if let Some(dir) = cache_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&cache_path, serde_json::to_vec_pretty(&cache)?)
        .with_context(|| format!("cannot write {}", cache_path.display()))?;

    let mut problems = Vec::new();
    for (url, (path, line)) in &wanted {
        let Some((_, status, error)) = cache.checked.get(url) else {
            continue;
        };
        let message = match status {
            0 => format!("source link {url} is unreachable: {error}"),
            200..=399 => continue,
            s => format!("source link {url} answers HTTP {s}"),
        };
        problems.push(problem(Severity::Warning, path, *line, message));
    }
    Ok(problems)
}

/// HEAD, falling back to GET for servers that refuse HEAD; (url, status or 0, error).
fn fetch_status(agent: &ureq::Agent, url: &str) -> (String, u16, String) {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => (resp.status().as_u16(), String::new()),
        Err(e) => (0, e.to_string()),
    };
    let (code, err) = status(agent.head(url).call());
    if matches!(code, 405 | 501) {
        let (code, err) = status(agent.get(url).call());
        return (url.to_string(), code, err);
    }
    (url.to_string(), code, err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_kept_an_hour_and_answers_a_week() {
        let t = 1_000_000_000;
        assert!(still_fresh(t, 200, t + 6 * 86_400));
        assert!(!still_fresh(t, 200, t + 8 * 86_400));
        for failed in [0, 404, 500, 503] {
            assert!(still_fresh(t, failed, t + 60), "{failed}");
            assert!(!still_fresh(t, failed, t + 2 * 3_600), "{failed}");
        }
    }

    #[test]
    fn relative_links_resolve_against_the_article_folder() {
        assert_eq!(
            resolve_relative("bulletins/b/a/", "../c/"),
            "bulletins/b/c/"
        );
        assert_eq!(
            page_file(&resolve_relative("bulletins/b/a/", "../../x")),
            "bulletins/x/index.html"
        );
        assert_eq!(page_file("bulletins/b/"), "bulletins/b/index.html");
        assert_eq!(page_file("atom.xml"), "atom.xml");
    }
}
