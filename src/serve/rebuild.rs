//! The incremental rebuild: `gazette build`'s pipeline, remembering what it did last time.
//!
//! Each run goes through every stage (config, load, enrich, plan, render) so the result is
//! exactly what `gazette build` would make of the files as they are now; what the builder
//! remembers only saves work whose result it already has:
//!
//! - **load**: a bulletin folder is parsed again only when one of its Markdown files was
//!   added, removed or changed (name, size, modification time, inode); otherwise the
//!   bulletin parsed last time is used. A folder added, removed or renamed is just that.
//!   Told which paths the watcher saw change ([`Builder::rebuild_after`]), the builder
//!   looks again only at the folders under them, lists `content/bulletins/` again only
//!   when a folder in it came or went, and loads the theme again only when a template or
//!   static file changed; told nothing (the first build, lost events, a failed rebuild
//!   before), it looks at everything.
//! - **enrich**: an article's tags, events and summary (and its body's hash) are a pure
//!   function of the article, its issue's date and the vocabulary, so they are kept with
//!   the parsed bulletin and computed again when the article changes (a change to
//!   `topics.toml` tags every article again and keeps the rest); the timeline merges
//!   events date by date, and only the dates whose events changed are merged again
//!   ([`TimelineMemo`]).
//! - **plan**: every page is planned as its inputs (`PageInputs`, `src/site/emit.rs`), and
//!   fingerprinted by the hash of the theme's digest, the template's name and the inputs,
//!   where what many pages share (the site, issue and article references, list items,
//!   bodies, timeline entries) is hashed once as a key. The memo ([`site::Memo`]) keeps each
//!   path's fingerprint from the last build that finished: a page whose fingerprint is
//!   the same is neither made nor rendered, and the sitemap lists what it listed of it
//!   then. A page made anew is compared byte for byte with the file being served.
//!   Related articles are kept while no article's issue or terms changed.
//! - **files that are not pages**: a search file the index did not change is the very
//!   memory served last time, and is not compared; the theme's static files are.
//! - **search index**: the builder's memo keeps the [`crate::search::index::Incremental`]
//!   index state that `gazette build` starts fresh, so a doc that did not change is not
//!   read, tokenised or serialised again, and only the shards its changes touch are.
//!
//! A template or static file edit changes the theme's digest, so every page is rendered
//! again: simple, and exact. Outputs the plan no longer lists are removed. A run that
//! fails changes nothing that is served.

use super::Files;
use crate::config;
use crate::content::{self, ContentError};
use crate::enrich::{self, ArticleFacts, Enriched, TimelineMemo, Vocabulary};
use crate::model::Bulletin;
use crate::site;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::HashMap;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// What identifies the state of a bulletin folder's files without reading them.
type Stamp = Vec<(std::ffi::OsString, Option<SystemTime>, u64, u64)>;

/// One bulletin folder as last parsed, with its articles' facts.
struct Entry {
    dir: PathBuf,
    /// `None` never matches: the folder is parsed again next time.
    stamp: Option<Stamp>,
    bulletin: Bulletin,
    facts: Vec<ArticleFacts>,
    /// The vocabulary the facts were computed with.
    vocab_generation: u64,
}

impl Entry {
    /// The entry with its articles tagged with the vocabulary of `generation`.
    fn retagged(mut self, vocab: &Vocabulary, generation: u64) -> Entry {
        if self.vocab_generation != generation {
            for (facts, article) in self.facts.iter_mut().zip(&self.bulletin.articles) {
                facts.retag(vocab, article);
            }
            self.vocab_generation = generation;
        }
        self
    }
}

/// A bulletin folder as loaded now, or its errors with the last good parse.
type Loaded = Result<Entry, (Vec<ContentError>, Option<Box<Entry>>)>;

/// A successful rebuild.
pub struct Outcome {
    /// The whole site now.
    pub files: Arc<Files>,
    pub base_path: String,
    /// Output paths added or changed, sorted.
    pub changed: Vec<String>,
    /// Output paths that are gone, sorted.
    pub removed: Vec<String>,
    /// Pages planned, and how many of them were rendered.
    pub planned: usize,
    pub rendered: usize,
    /// Bulletin folders parsed again (the others came from memory).
    pub reparsed: usize,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A failed rebuild: every problem, each as `file:line:col: message` where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub messages: Vec<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.messages.join("\n"))
    }
}

impl Failure {
    fn one(message: String) -> Failure {
        Failure {
            messages: vec![message],
        }
    }

    fn content(errors: Vec<ContentError>) -> Failure {
        Failure {
            messages: errors.iter().map(ToString::to_string).collect(),
        }
    }
}

/// The pipeline with its memory.
pub struct Builder {
    root: PathBuf,
    /// `http://127.0.0.1:1111`: the served origin, in place of gazette.toml's, so the
    /// canonical URLs and feeds of the served pages point at the server.
    origin: String,
    entries: Vec<Entry>,
    /// topics.toml's bytes (`None`: absent, the built-in vocabulary) and what they made.
    vocab: Option<(Option<Vec<u8>>, Vocabulary)>,
    vocab_generation: u64,
    /// The files of the last build that are not pages (search index, static files).
    others: FxHashSet<String>,
    files: Arc<Files>,
    /// Bodies and list items rendered by earlier rebuilds.
    memo: site::Memo,
    /// The timeline's dates as merged by the last rebuild.
    timeline: TimelineMemo,
    /// The root as the watcher names it (canonical), to make its paths relative.
    canonical_root: PathBuf,
    /// content/bulletins/'s folders as last listed.
    dirs: Vec<PathBuf>,
    /// The theme as last loaded.
    theme: Option<(String, site::Theme)>,
    /// Set when a rebuild failed: the next one looks at everything.
    look_everywhere: bool,
    /// `--drafts`: articles marked `draft = true` are served like the others.
    drafts: bool,
}

/// What changed since the last rebuild, as far as the builder knows.
enum Changes {
    /// Anything may have.
    Unknown,
    /// These paths, relative to the project's root.
    Paths(Vec<PathBuf>),
}

impl Changes {
    /// Whether anything at or under `path` (relative to the root) may have changed.
    fn touch(&self, path: &Path) -> bool {
        match self {
            Changes::Unknown => true,
            Changes::Paths(paths) => paths
                .iter()
                .any(|p| p.starts_with(path) || path.starts_with(p)),
        }
    }

    /// Whether a folder in `dir` (relative to the root) may have come or gone.
    fn list(&self, dir: &Path) -> bool {
        match self {
            Changes::Unknown => true,
            Changes::Paths(paths) => paths
                .iter()
                .any(|p| dir.starts_with(p) || p.parent() == Some(dir)),
        }
    }
}

impl Builder {
    pub fn new(root: &Path, origin: &str) -> Builder {
        Builder {
            root: root.to_path_buf(),
            origin: origin.trim_end_matches('/').to_string(),
            entries: Vec::new(),
            vocab: None,
            vocab_generation: 0,
            others: FxHashSet::default(),
            files: Arc::default(),
            memo: site::Memo::default(),
            timeline: TimelineMemo::default(),
            canonical_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            dirs: Vec::new(),
            theme: None,
            look_everywhere: true,
            drafts: false,
        }
    }

    /// `--drafts`: serve the articles marked `draft = true` too.
    pub fn with_drafts(mut self, drafts: bool) -> Builder {
        self.drafts = drafts;
        self
    }

    /// Builds the site from the files as they are now, reusing what did not change.
    pub fn rebuild(&mut self) -> Result<Outcome, Failure> {
        self.rebuild_after(None)
    }

    /// [`Self::rebuild`], told which paths changed since the last rebuild (as the watcher
    /// names them: absolute, or relative to the root), or `None` when that is not known.
    pub fn rebuild_after(&mut self, changed: Option<&[PathBuf]>) -> Result<Outcome, Failure> {
        let changes = match changed {
            Some(paths) if !self.look_everywhere => Changes::Paths(
                paths
                    .iter()
                    .map(|p| {
                        p.strip_prefix(&self.canonical_root)
                            .or_else(|_| p.strip_prefix(&self.root))
                            .unwrap_or(p)
                            .to_path_buf()
                    })
                    .collect(),
            ),
            _ => Changes::Unknown,
        };
        // Until this one succeeds, the changes it was told of are not all taken in.
        self.look_everywhere = true;
        let outcome = self.run(&changes)?;
        self.look_everywhere = false;
        Ok(outcome)
    }

    fn run(&mut self, changes: &Changes) -> Result<Outcome, Failure> {
        let mut timings = Vec::new();
        let t = Instant::now();
        // gazette.toml's base path, with the server's origin in front.
        let config = config::load(&self.root, None)
            .and_then(|c| {
                let url = format!("{}{}", self.origin, c.base_path);
                config::load(&self.root, Some(&url))
            })
            .map_err(|e| Failure::one(format!("{e:#}")))?;
        self.load_vocabulary()?;
        timings.push(("config", t.elapsed()));

        let t = Instant::now();
        let reparsed = self.load_content(changes)?;
        timings.push(("load and enrich", t.elapsed()));

        let t = Instant::now();
        let theme_changed = ["templates", "static", "site-root", "themes", "gazette.toml"]
            .iter()
            .any(|p| changes.touch(Path::new(p)));
        let theme = match self.theme.take() {
            Some((name, theme)) if name == config.theme && !theme_changed => theme,
            _ => site::Theme::load(&self.root, &config.theme)
                .map_err(|e| Failure::one(locate_template_error(&self.root, &config.theme, &e)))?,
        };
        timings.push(("theme", t.elapsed()));

        // Hand the bulletins and facts to the pipeline, and take them back after.
        let t = Instant::now();
        let (bulletins, facts): (Vec<Bulletin>, Vec<Vec<ArticleFacts>>) = self
            .entries
            .iter_mut()
            .map(|e| {
                (
                    std::mem::take(&mut e.bulletin),
                    std::mem::take(&mut e.facts),
                )
            })
            .unzip();
        let enriched = Enriched::from_facts_with(&bulletins, facts, &mut self.timeline);
        timings.push(("timeline", t.elapsed()));
        let vocab = match &self.vocab {
            Some((_, v)) => v,
            None => return Err(Failure::one("the vocabulary was not loaded".into())),
        };

        let t = Instant::now();
        let old = self.files.clone();
        let mut changed: Mutex<Vec<(String, Arc<[u8]>)>> = Mutex::new(Vec::new());
        let result = site::rebuild(
            &config,
            &bulletins,
            &enriched,
            vocab,
            &theme,
            &self.memo,
            &|path, bytes| {
                if old.get(path).map(|b| &b[..]) != Some(bytes) {
                    lock(&changed).push((path.to_string(), Arc::from(bytes)));
                }
                Ok(())
            },
        );
        timings.push(("plan and render", t.elapsed()));
        timings.push(("of which search index", self.memo.search_stats().elapsed));
        // The pipeline's inputs go back to memory whatever happened.
        for ((e, b), f) in self
            .entries
            .iter_mut()
            .zip(bulletins)
            .zip(enriched.articles)
        {
            e.bulletin = b;
            e.facts = f;
        }
        self.timeline.keep(enriched.timeline);
        self.theme = Some((config.theme.clone(), theme));
        let planned = result.map_err(|e| Failure::one(format!("{e:#}")))?;
        // Only a build that finished has used all it needs: after a failure, the memo
        // keeps both generations, and compares the next build with the last good one.
        self.memo.next_generation();

        // The files that are not pages. The search index hands back the very bytes it
        // gave last time for every file it did not change: the same memory needs no
        // comparing, and a new file no copying.
        let changed = changed.get_mut().unwrap_or_else(|p| p.into_inner());
        let mut others = FxHashSet::default();
        others.reserve(planned.files.len());
        for file in planned.files {
            let same = old
                .get(file.path.as_str())
                .is_some_and(|b| Arc::ptr_eq(b, &file.bytes) || b[..] == file.bytes[..]);
            if !same {
                changed.push((file.path.clone(), file.bytes));
            }
            others.insert(file.path);
        }
        let mut removed: Vec<String> = planned.vanished;
        removed.extend(self.others.iter().filter(|p| !others.contains(*p)).cloned());
        removed.retain(|p| !others.contains(p) && old.contains_key(p.as_str()));
        removed.sort();
        removed.dedup();
        self.others = others;
        let mut files: Files = (*old).clone();
        for path in &removed {
            files.remove(path.as_str());
        }
        let mut changed = std::mem::take(changed);
        changed.sort_by(|a, b| a.0.cmp(&b.0));
        let changed_paths: Vec<String> = changed.iter().map(|(p, _)| p.clone()).collect();
        for (path, bytes) in changed {
            files.insert(path.into(), bytes);
        }
        let files = Arc::new(files);
        self.files = files.clone();
        Ok(Outcome {
            files,
            base_path: config.base_path,
            changed: changed_paths,
            removed,
            planned: planned.pages,
            rendered: planned.rendered,
            reparsed,
            timings,
        })
    }

    /// Reads topics.toml again, and parses it only when its bytes changed.
    fn load_vocabulary(&mut self) -> Result<(), Failure> {
        let path = self.root.join("content").join("topics.toml");
        let bytes = match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(Failure::one(format!(
                    "{}:1:1: cannot read: {e}",
                    path.display()
                )))
            }
        };
        if self.vocab.as_ref().is_some_and(|(b, _)| *b == bytes) {
            return Ok(());
        }
        let vocab = match &bytes {
            Some(b) => String::from_utf8(b.clone())
                .map_err(|_| {
                    Failure::one(format!(
                        "{}:1:1: the file is not valid UTF-8: save it as UTF-8",
                        path.display()
                    ))
                })
                .and_then(|text| Vocabulary::parse(&text, &path).map_err(Failure::content))?,
            None => Vocabulary::builtin(),
        };
        self.vocab = Some((bytes, vocab));
        self.vocab_generation += 1;
        Ok(())
    }

    /// Brings `entries` in line with content/bulletins/, parsing only the folders whose
    /// files changed; returns how many were parsed. On error, nothing is lost: the
    /// folders that failed keep their last good state and are read again next time.
    fn load_content(&mut self, changes: &Changes) -> Result<usize, Failure> {
        let bulletins = Path::new("content").join("bulletins");
        if changes.list(&bulletins) {
            self.dirs =
                content::bulletin_dirs(&self.root.join("content")).map_err(Failure::content)?;
        }
        let dirs = self.dirs.clone();
        let mut known: HashMap<PathBuf, Entry> = std::mem::take(&mut self.entries)
            .into_iter()
            .map(|e| (e.dir.clone(), e))
            .collect();
        let generation = self.vocab_generation;
        let vocab = match &self.vocab {
            Some((_, v)) => v,
            None => return Err(Failure::one("the vocabulary was not loaded".into())),
        };
        let jobs: Vec<(PathBuf, Option<Entry>)> = dirs
            .into_iter()
            .map(|dir| {
                let entry = known.remove(&dir);
                (dir, entry)
            })
            .collect();
        // A folder parsed well last time with no change seen under it is not looked at:
        // its stamp is `None` here.
        let root = &self.root;
        let stamps: Vec<Option<Option<Stamp>>> = jobs
            .par_iter()
            .map(|(dir, entry)| match entry {
                Some(e)
                    if e.stamp.is_some()
                        && !changes.touch(dir.strip_prefix(root).unwrap_or(dir)) =>
                {
                    None
                }
                _ => Some(stamp(dir)),
            })
            .collect();
        let reparsed = AtomicUsize::new(0);
        let results: Vec<Loaded> = jobs
            .into_par_iter()
            .zip(stamps)
            .map(|((dir, entry), stamp)| match (entry, stamp) {
                (Some(e), None) => Ok(e.retagged(vocab, generation)),
                (Some(e), Some(stamp)) if stamp.is_some() && e.stamp == stamp => {
                    Ok(e.retagged(vocab, generation))
                }
                (entry, stamp) => {
                    let stamp = stamp.flatten();
                    reparsed.fetch_add(1, Ordering::Relaxed);
                    let drafts = self.drafts;
                    match content::load_bulletin(&dir).map(|mut b| {
                        if drafts {
                            crate::cmd::include_drafts(std::slice::from_mut(&mut b));
                        }
                        b
                    }) {
                        Ok(bulletin) => Ok(Entry {
                            facts: facts_of(vocab, &bulletin),
                            dir,
                            stamp,
                            bulletin,
                            vocab_generation: generation,
                        }),
                        Err(errors) => Err((errors, entry.map(Box::new))),
                    }
                }
            })
            .collect();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(e) => self.entries.push(e),
                Err((errs, previous)) => {
                    errors.extend(errs);
                    // Keep the last good parse with a stamp that cannot match: read again next time.
                    if let Some(mut e) = previous {
                        e.stamp = None;
                        self.entries.push(*e);
                    }
                }
            }
        }
        if !errors.is_empty() {
            // Removed folders are simply gone; a failed folder's previous entry stays at
            // the end, so restore the site's order before returning.
            self.entries
                .sort_by(|a, b| content::newest_first(&a.bulletin, &b.bulletin));
            return Err(Failure::content(errors));
        }
        self.entries
            .sort_by(|a, b| content::newest_first(&a.bulletin, &b.bulletin));
        Ok(reparsed.into_inner())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn facts_of(vocab: &Vocabulary, b: &Bulletin) -> Vec<ArticleFacts> {
    b.articles
        .iter()
        .map(|a| enrich::article_facts(vocab, a, b.date))
        .collect()
}

/// Names, sizes, modification times and inodes of a bulletin folder's Markdown files,
/// sorted: any edit, save by rename, addition or removal changes it. An unreadable
/// folder has none, so it is parsed (and its error reported) by `load_bulletin`.
fn stamp(dir: &Path) -> Option<Stamp> {
    let read = std::fs::read_dir(dir).ok()?;
    let mut out: Stamp = read
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.md" || content::is_article_file(&e.path()))
        .map(|e| {
            // Follows symlinks, as reading the file does; a dangling one has no time.
            let meta = std::fs::metadata(e.path()).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.as_ref().map_or(u64::MAX, |m| m.len());
            (e.file_name(), modified, len, inode(meta.as_ref()))
        })
        .collect();
    out.sort();
    Some(out)
}

#[cfg(unix)]
fn inode(meta: Option<&std::fs::Metadata>) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.map_or(0, MetadataExt::ino)
}

#[cfg(not(unix))]
fn inode(_: Option<&std::fs::Metadata>) -> u64 {
    0
}

/// Tera names a template and a line (`--> 3:5`); the editor wants the file. When the site
/// (or its theme) overrides that template, its path is put in front of the message.
fn locate_template_error(root: &Path, theme: &str, e: &anyhow::Error) -> String {
    let message = format!("{e:#}");
    let name = message
        .split(['\'', '"'])
        .nth(1)
        .filter(|n| n.ends_with(".html") || n.ends_with(".xml") || n.ends_with(".txt"));
    let Some(name) = name else {
        return message;
    };
    let mut candidates = vec![root.join("templates").join(name)];
    if theme != "default" {
        candidates.push(root.join("themes").join(theme).join("templates").join(name));
    }
    let Some(file) = candidates.into_iter().find(|p| p.is_file()) else {
        return message;
    };
    let line_col = message.split("--> ").nth(1).and_then(|rest| {
        let lc: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        (!lc.is_empty()).then_some(lc)
    });
    match line_col {
        Some(lc) => format!("{}:{lc}: {message}", file.display()),
        None => format!("{}: {message}", file.display()),
    }
}
