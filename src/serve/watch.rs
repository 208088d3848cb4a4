//! Watching the files a site is made of, the way editors and tools actually save them.
//!
//! Watched: `gazette.toml` (through the project folder, non-recursively), and `content/`
//! (bulletins and `topics.toml`), `templates/`, `static/`, `site-root/` and `themes/` recursively. Folders
//! are watched rather than files, because most editors save by writing a new file and
//! renaming it over the old one (a file watch would follow the old inode into oblivion).
//! A source folder created after `serve` started (a first `templates/`) is watched from the
//! next event on the project folder.
//!
//! Ignored, by name: hidden files (`.#x.md` Emacs locks, `.x.md.swp` Vim swap files,
//! staging folders), backups (`x.md~`, `.bak`, `.orig`), Emacs autosaves (`#x.md#`),
//! Vim's `4913` write test, JetBrains' `___jb_tmp___`/`___jb_old___`, Kate's `.kate-swp`,
//! `.tmp`, `.part` and `.crdownload`. Opening or reading a file is not a change (the build
//! itself reads them all). The paths that changed tell the builder which bulletin
//! folders to look at again (it still compares each file's size, time and inode there);
//! when the watcher may have lost events (a queue overflow, an error), it sends the
//! project's root, and the builder looks at every file again. So merged events, a folder
//! renamed, or a `git checkout` of a thousand files all end in the same exact state.

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

/// The project's source folders, relative to its root.
const SOURCES: [&str; 5] = ["content", "templates", "static", "site-root", "themes"];
/// The project's source files at its root.
const ROOT_FILES: [&str; 1] = ["gazette.toml"];

/// What the watcher and Ctrl-C tell the main loop.
#[derive(Debug)]
pub enum Signal {
    /// These paths changed (or, for the root, anything may have: look again).
    Changed(Vec<PathBuf>),
    Stop,
}

/// The file-system watches of a project.
pub struct Watcher {
    inner: RecommendedWatcher,
    root: PathBuf,
    /// Source folders watched, with the identity of the folder when it was watched.
    watched: HashMap<PathBuf, u64>,
}

impl Watcher {
    /// Starts watching `root`; changes are sent to `tx`.
    pub fn start(root: &Path, tx: Sender<Signal>) -> anyhow::Result<Watcher> {
        let root = std::fs::canonicalize(root)
            .map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", root.display()))?;
        let filter_root = root.clone();
        let mut inner = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let paths = match res {
                Ok(event) => {
                    if event.need_rescan() {
                        vec![filter_root.clone()]
                    } else if is_change(&event.kind) {
                        event
                            .paths
                            .into_iter()
                            .filter(|p| is_source(&filter_root, p))
                            .collect()
                    } else {
                        Vec::new()
                    }
                }
                // An error from the watcher (a queue overflow): look at everything again.
                Err(_) => vec![filter_root.clone()],
            };
            if !paths.is_empty() {
                let _ = tx.send(Signal::Changed(paths));
            }
        })?;
        inner
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow::anyhow!("cannot watch {}: {e}", root.display()))?;
        let mut w = Watcher {
            inner,
            root,
            watched: HashMap::new(),
        };
        w.refresh();
        Ok(w)
    }

    /// Watches the source folders that exist now and were not watched (or were replaced);
    /// forgets those that are gone. Called after every batch of changes.
    pub fn refresh(&mut self) {
        for name in SOURCES {
            let dir = self.root.join(name);
            match std::fs::metadata(&dir) {
                Ok(m) if m.is_dir() => {
                    let id = identity(&m);
                    if self.watched.get(&dir) != Some(&id) {
                        let _ = self.inner.unwatch(&dir);
                        if self.inner.watch(&dir, RecursiveMode::Recursive).is_ok() {
                            self.watched.insert(dir, id);
                        }
                    }
                }
                _ => {
                    if self.watched.remove(&dir).is_some() {
                        let _ = self.inner.unwatch(&dir);
                    }
                }
            }
        }
    }
}

#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    m.ino()
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> u64 {
    0
}

/// A change of content, not a read (opening, reading and closing a file unchanged) or an
/// access-time update.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Whether a changed path can change the site: under a source folder or a source file at
/// the root, and not an editor's temporary or backup file.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false; // the root itself
    };
    if !SOURCES.contains(&first.as_ref()) && !ROOT_FILES.contains(&first.as_ref()) {
        return false;
    }
    let names: Vec<_> = std::iter::once(first).chain(parts).collect();
    !names.iter().any(|n| is_temporary(n))
}

/// Editors' and tools' temporary, lock, swap and backup files.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || [
            ".swp",
            ".swo",
            ".swx",
            ".swpx",
            ".tmp",
            ".bak",
            ".orig",
            ".kate-swp",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_temporary_files_are_not_sources() {
        let root = Path::new("/site");
        for p in [
            "content/bulletins/b/01-a.md",
            "content/bulletins/b",
            "content/topics.toml",
            "gazette.toml",
            "templates/article.html",
            "static/style.css",
            "themes/dark/templates/base.html",
        ] {
            assert!(is_source(root, &root.join(p)), "{p}");
        }
        for p in [
            "content/bulletins/b/.01-a.md.swp",
            "content/bulletins/b/.#01-a.md",
            "content/bulletins/b/01-a.md~",
            "content/bulletins/b/#01-a.md#",
            "content/bulletins/b/4913",
            "content/bulletins/b/01-a.md___jb_tmp___",
            "content/bulletins/b/01-a.md.kate-swp",
            "content/bulletins/.staging-b/01-a.md",
            "gazette.toml.tmp",
            "public/index.html",
            "target/debug/gazette",
            ".git/index",
            "",
        ] {
            assert!(!is_source(root, &root.join(p)), "{p}");
        }
        assert!(!is_source(root, Path::new("/elsewhere/content/x.md")));
    }
}
