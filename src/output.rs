//! Writing the built site: nothing is touched until every file is rendered, and a file
//! is written only when its bytes changed.
//!
//! Files are handed to [`Staging::write`] as they are rendered, so the build never holds
//! the whole site in memory. A file whose bytes equal the file already in the output
//! folder is not written again; any other goes to a staging folder beside the output
//! folder. Only when every file is rendered does [`Staging::commit`] move the staged files
//! into place (one rename each) and remove the files the site no longer has. A build that
//! fails before that point leaves the previous output exactly as it was (the staging
//! folder is removed), so a broken template never takes a published site down.
//!
//! Why not build a whole new tree and swap it in with one rename: the old tree then has
//! to be deleted, and for a 20,000-article archive (40,000 folders, 1 GB) that deletion
//! cost more than rendering the site; rewriting unchanged files also costs a rebuild
//! after a one-line edit as much as the first build. The price is that `commit` is not
//! one atomic step: each file is replaced atomically, but a process killed while
//! committing leaves a mix of old and new pages (the next build finishes the job). When
//! the output folder does not exist yet, the staging folder is simply renamed into place.

use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file of the built site: its path under the output folder, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A staging folder for a new version of `out_dir`.
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    /// `out_dir` did not exist when the build started: commit renames the staging folder.
    fresh: bool,
    /// Paths written to the staging folder (new or changed).
    changed: Mutex<Vec<String>>,
    /// Paths whose bytes equal the file already in `out_dir`.
    unchanged: Mutex<Vec<String>>,
    committed: bool,
}

/// What a commit did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Committed {
    /// Files written (new or changed).
    pub written: usize,
    /// Files left alone because their bytes did not change.
    pub unchanged: usize,
    /// Files of the previous output the site no longer has, removed.
    pub removed: usize,
}

impl Staging {
    /// An empty staging folder beside `out_dir`.
    pub fn new(out_dir: &Path) -> Result<Staging> {
        let parent = parent_of(out_dir);
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = parent.join(format!(
            ".{}.staging-{}",
            name_of(out_dir),
            std::process::id()
        ));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            fresh: !out_dir.is_dir(),
            dir,
            changed: Mutex::default(),
            unchanged: Mutex::default(),
            committed: false,
        })
    }

    /// Stages one file (path relative to the site, `/`-separated), unless the output folder
    /// already holds these very bytes. Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel.is_empty()
            || rel.starts_with('/')
            || rel.contains('\\')
            || rel
                .split('/')
                .any(|part| part == ".." || part == "." || part.is_empty())
        {
            bail!("refusing to write outside the output folder: {rel}");
        }
        if !self.fresh && same_bytes(&self.out_dir.join(rel), bytes) {
            lock(&self.unchanged).push(rel.to_string());
            return Ok(());
        }
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        lock(&self.changed).push(rel.to_string());
        Ok(())
    }

    /// Moves the staged files into `out_dir` and removes the files it no longer has.
    pub fn commit(mut self) -> Result<Committed> {
        let changed = std::mem::take(&mut *lock(&self.changed));
        let unchanged = std::mem::take(&mut *lock(&self.unchanged));
        if self.fresh || !self.out_dir.is_dir() {
            std::fs::rename(&self.dir, &self.out_dir).with_context(|| {
                format!("cannot move the new site into {}", self.out_dir.display())
            })?;
            self.committed = true;
            return Ok(Committed {
                written: changed.len(),
                unchanged: 0,
                removed: 0,
            });
        }
        // From here on the old output is being replaced: the staging folder must not be
        // removed while it still holds files that were not moved (Drop only clears it).
        self.committed = true;
        // One at a time: a file that takes the place of an old folder (or the reverse) must
        // not race with a file moving into that folder. Renames are cheap.
        for rel in &changed {
            self.move_into_place(rel)?;
        }
        let keep: HashSet<&str> = changed
            .iter()
            .chain(&unchanged)
            .map(String::as_str)
            .collect();
        let removed = remove_stale(&self.out_dir, &keep)?;
        std::fs::remove_dir_all(&self.dir)
            .with_context(|| format!("cannot remove {}", self.dir.display()))?;
        Ok(Committed {
            written: changed.len(),
            unchanged: unchanged.len(),
            removed,
        })
    }

    /// Renames one staged file over its place in `out_dir`, making room when the old site
    /// had a file where a folder must go (or a folder where the file goes).
    fn move_into_place(&self, rel: &str) -> Result<()> {
        let from = self.dir.join(rel);
        let to = self.out_dir.join(rel);
        if let Some(dir) = to.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                let mut ancestor = PathBuf::new();
                for part in Path::new(rel)
                    .parent()
                    .into_iter()
                    .flat_map(Path::components)
                {
                    ancestor.push(part);
                    let p = self.out_dir.join(&ancestor);
                    if p.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                        std::fs::remove_file(&p)
                            .with_context(|| format!("cannot remove {}", p.display()))?;
                    }
                }
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
        }
        if to.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&to)
                .with_context(|| format!("cannot remove {}", to.display()))?;
        }
        std::fs::rename(&from, &to).with_context(|| format!("cannot write {}", to.display()))
    }
}

impl Drop for Staging {
    /// A staging folder that was not committed is removed: a failed build leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Does `path` hold exactly `bytes` (a regular file, not a link)?
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match path.symlink_metadata() {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Removes every file under `out_dir` whose relative path is not in `keep`, then the
/// folders left empty. Returns how many files were removed.
fn remove_stale(out_dir: &Path, keep: &HashSet<&str>) -> Result<usize> {
    let mut stale = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out_dir).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read {}", out_dir.display()))?;
        let rel = relative(out_dir, entry.path());
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !keep.contains(rel.as_str()) {
            stale.push(entry.into_path());
        }
    }
    for path in &stale {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    if !stale.is_empty() {
        // Deepest first; a folder that still holds files stays.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            let _ = std::fs::remove_dir(d);
        }
    }
    Ok(stale.len())
}

/// `path` relative to `root`, `/`-separated: the form of a site path.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn name_of(out_dir: &Path) -> String {
    out_dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into())
}

fn parent_of(out_dir: &Path) -> PathBuf {
    out_dir
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Writes `files` as the new contents of `out_dir`, replacing what was there.
pub fn write_site(out_dir: &Path, files: &[OutputFile]) -> Result<Committed> {
    let staging = Staging::new(out_dir)?;
    for f in files {
        staging.write(&f.path, &f.bytes)?;
    }
    staging.commit()
}

/// A write error, explained when the disk ran out (or a quota, or a file-size limit): no
/// bug, and something the user can act on. `kept` says what was left untouched.
pub fn explain_full_disk(err: anyhow::Error, kept: &str) -> anyhow::Error {
    use std::io::ErrorKind;
    let full = err
        .chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| {
            matches!(
                e.kind(),
                ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge
            )
        });
    if full {
        err.context(format!(
            "the disk is full (or a quota or file-size limit was reached): free some space and run again; {kept}"
        ))
    } else {
        err
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    /// Every file under `dir`, relative path → bytes.
    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
                (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn replaces_whole_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/index.html", b"1")]).unwrap();
        write_site(&out, &[file("b.html", b"2")]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert!(!out.join("a").exists(), "an emptied folder is removed");
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"2");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = [
            file("a/index.html", b"same"),
            file("b/index.html", b"old"),
            file("gone.html", b"x"),
        ];
        assert_eq!(write_site(&out, &first).unwrap().written, 3);
        let inode = |p: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(p)).unwrap().ino()
        };
        let before = inode("a/index.html");
        let second = [
            file("a/index.html", b"same"),
            file("b/index.html", b"new"),
            file("c/d/index.html", b"added"),
        ];
        let done = write_site(&out, &second).unwrap();
        assert_eq!(
            done,
            Committed {
                written: 2,
                unchanged: 1,
                removed: 1
            }
        );
        assert_eq!(
            inode("a/index.html"),
            before,
            "the unchanged file was left alone"
        );
        let expected: Vec<(String, Vec<u8>)> = second
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        assert_eq!(tree(&out), expected);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a", b"file"), file("b/c.html", b"in b")]).unwrap();
        write_site(&out, &[file("a/index.html", b"in a"), file("b", b"file")]).unwrap();
        assert_eq!(
            tree(&out),
            vec![
                ("a/index.html".to_string(), b"in a".to_vec()),
                ("b".to_string(), b"file".to_vec())
            ]
        );
    }

    #[test]
    fn refuses_paths_that_escape_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("x.html", b"keep")]).unwrap();
        for bad in ["../evil", "a/../../evil", "/abs", "a//b", "./x"] {
            assert!(write_site(&out, &[file("y.html", b"new"), file(bad, b"")]).is_err());
        }
        assert_eq!(tree(&out), vec![("x.html".to_string(), b"keep".to_vec())]);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the failed staging folder was removed"
        );
    }
}
