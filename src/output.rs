//! Writing the built site: nothing is touched until every file is rendered, a file is
//! written only when its bytes changed, and nothing gazette did not write is ever deleted.
//!
//! Files are handed to [`Staging::write`] as they are rendered, so the build never holds
//! the whole site in memory. A file whose bytes equal the file already in the output
//! folder is not written again; any other goes to a staging folder beside the output
//! folder. Only when every file is rendered does [`Staging::commit`] move the staged files
//! into place (one rename each) and remove the files the site no longer has. A build that
//! fails before that point leaves the previous output exactly as it was (the staging
//! folder is removed), so a broken template never takes a published site down.
//!
//! What is stale is decided by the output folder's manifest ([`MANIFEST`]): the list of
//! the files the last build wrote there. A file it does not list (an editor's notes, a
//! repository's `.git`) is never removed, a folder that is not empty and has no manifest
//! is refused unless the user asks to build into it anyway (`--force`), and
//! [`refuse_project_folders`] keeps the build out of the project's own folders.
//!
//! Why not build a whole new tree and swap it in with one rename: the old tree then has
//! to be deleted, and for a 20,000-article archive (40,000 folders, 1 GB) that deletion
//! cost more than rendering the site; rewriting unchanged files also costs a rebuild
//! after a one-line edit as much as the first build. The price is that `commit` is not
//! one atomic step: each file is replaced atomically, but a process killed while
//! committing leaves a mix of old and new pages (the manifest then lists both, and the
//! next build finishes the job). When the output folder does not exist yet, the staging
//! folder is simply renamed into place.

use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A file of the built site: its path under the output folder, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The manifest's file name, in the output folder: one site path a line, every file the
/// last build wrote there. It is published with the site (a few bytes a page); GitHub
/// Pages serves it like any other file, and it says nothing the sitemap does not.
pub const MANIFEST: &str = ".gazette-manifest";

const MANIFEST_HEADER: &str = "# gazette: the files the last build wrote into this folder. \
Only these are ever replaced or removed by a build; anything else here is left alone.\n";

/// A staging folder for a new version of `out_dir`.
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    /// `out_dir` did not exist when the build started: commit renames the staging folder.
    fresh: bool,
    /// What the previous build wrote (its manifest): the only files a build may remove.
    previous: HashSet<String>,
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
    /// Files of the previous build the site no longer has, removed (site paths, sorted).
    pub removed: Vec<String>,
}

/// Refuses an output folder that is the project folder, one of its source folders
/// (`content/`, `templates/`, `static/`, `site-root/`, `themes/`, `.git/`), a folder inside one of
/// them, or a folder that contains one of them (`..`): the build would write the site in
/// among the files it is made from. `--force` does not lift this.
pub fn refuse_project_folders(root: &Path, out_dir: &Path) -> Result<()> {
    let out = resolved(out_dir);
    let root = resolved(root);
    let shown = out_dir.display();
    if out == root {
        bail!(
            "refusing to build into {shown}: it is the project folder, with your content and \
             gazette.toml. Build into a folder of its own, such as public/ (the default)"
        );
    }
    if root.starts_with(&out) {
        bail!(
            "refusing to build into {shown}: it contains the project folder {}. Build into a \
             folder of its own, such as public/ (the default)",
            root.display()
        );
    }
    for name in [
        "content",
        "templates",
        "static",
        "site-root",
        "themes",
        ".git",
    ] {
        let src = root.join(name);
        if out.starts_with(&src) {
            bail!(
                "refusing to build into {shown}: it is the project's {name}/ folder (or inside \
                 it), which the site is built from. Build into a folder of its own, such as \
                 public/ (the default)"
            );
        }
    }
    Ok(())
}

/// An absolute form of `p` with symbolic links and `..` resolved, also for a path that
/// does not exist yet (its longest existing ancestor is resolved, the rest appended).
fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = abs.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let base = loop {
        if let Ok(c) = std::fs::canonicalize(&existing) {
            break c;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break existing,
        }
    };
    let mut out = base;
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    // `absolute` keeps `..` lexically; a path that does not exist may still hold one.
    let mut clean = PathBuf::new();
    for c in out.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            c => clean.push(c),
        }
    }
    clean
}

impl Staging {
    /// An empty staging folder beside `out_dir`. An existing `out_dir` must be empty or
    /// hold a manifest; with `force`, a folder of other files is built into all the same
    /// (files at the site's paths are replaced, nothing else is touched).
    pub fn new(out_dir: &Path, force: bool) -> Result<Staging> {
        let previous = previous_build(out_dir, force)?;
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
            previous,
            dir,
            changed: Mutex::default(),
            unchanged: Mutex::default(),
            committed: false,
        })
    }

    /// Stages one file (path relative to the site, `/`-separated), unless the output folder
    /// already holds these very bytes. Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !is_site_path(rel) || rel == MANIFEST {
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

    /// Moves the staged files into `out_dir` and removes the files of the previous build
    /// that the site no longer has.
    pub fn commit(mut self) -> Result<Committed> {
        let changed = std::mem::take(&mut *lock(&self.changed));
        let unchanged = std::mem::take(&mut *lock(&self.unchanged));
        let keep: HashSet<&str> = changed
            .iter()
            .chain(&unchanged)
            .map(String::as_str)
            .collect();
        if self.fresh || !self.out_dir.is_dir() {
            write_manifest(&self.dir, keep.iter().copied())?;
            std::fs::rename(&self.dir, &self.out_dir).with_context(|| {
                format!("cannot move the new site into {}", self.out_dir.display())
            })?;
            self.committed = true;
            return Ok(Committed {
                written: changed.len(),
                unchanged: 0,
                removed: Vec::new(),
            });
        }
        // Until the old files are gone the manifest lists old and new: a build killed
        // while committing leaves nothing behind that the next build cannot remove.
        let previous = std::mem::take(&mut self.previous);
        write_manifest(
            &self.out_dir,
            keep.iter()
                .copied()
                .chain(previous.iter().map(String::as_str)),
        )?;
        // From here on the old output is being replaced: the staging folder must not be
        // removed while it still holds files that were not moved (Drop only clears it).
        self.committed = true;
        // One at a time: a file that takes the place of an old folder (or the reverse) must
        // not race with a file moving into that folder. Renames are cheap.
        for rel in &changed {
            self.move_into_place(rel, &previous)?;
        }
        let stale: Vec<&str> = previous
            .iter()
            .map(String::as_str)
            .filter(|p| !keep.contains(p))
            .collect();
        let removed = remove_stale(&self.out_dir, &stale)?;
        write_manifest(&self.out_dir, keep.iter().copied())?;
        std::fs::remove_dir_all(&self.dir)
            .with_context(|| format!("cannot remove {}", self.dir.display()))?;
        Ok(Committed {
            written: changed.len(),
            unchanged: unchanged.len(),
            removed,
        })
    }

    /// Renames one staged file over its place in `out_dir`, making room when the previous
    /// build had a file where a folder must go (or a folder where the file goes). Only
    /// what the previous build wrote makes room: anything else in the way is an error.
    fn move_into_place(&self, rel: &str, previous: &HashSet<String>) -> Result<()> {
        let from = self.dir.join(rel);
        let to = self.out_dir.join(rel);
        let in_the_way = |what: &Path| {
            anyhow::anyhow!(
                "cannot write {}: {} is in the way, and it is not a file an earlier build wrote; \
                 move it away and build again",
                to.display(),
                what.display()
            )
        };
        if let Some(dir) = to.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                let mut ancestor = String::new();
                for part in rel.split('/').take(rel.split('/').count() - 1) {
                    if !ancestor.is_empty() {
                        ancestor.push('/');
                    }
                    ancestor.push_str(part);
                    let p = self.out_dir.join(&ancestor);
                    if p.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                        if !previous.contains(&ancestor) {
                            return Err(in_the_way(&p));
                        }
                        std::fs::remove_file(&p)
                            .with_context(|| format!("cannot remove {}", p.display()))?;
                    }
                }
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
        }
        if to.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            // An old folder where the file goes: remove what the last build wrote in it;
            // if anything else is left, the folder stays and the user is told.
            let prefix = format!("{rel}/");
            let inside: Vec<&str> = previous
                .iter()
                .map(String::as_str)
                .filter(|p| p.starts_with(&prefix))
                .collect();
            remove_stale(&self.out_dir, &inside)?;
            if to.exists() && std::fs::remove_dir(&to).is_err() {
                return Err(in_the_way(&to));
            }
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

/// What the last build wrote into `out_dir`, from its manifest; an empty set for a
/// folder that does not exist or is empty. A folder with other files and no manifest is
/// refused unless `force`.
fn previous_build(out_dir: &Path, force: bool) -> Result<HashSet<String>> {
    match out_dir.symlink_metadata() {
        Err(_) => return Ok(HashSet::new()),
        // A link to a folder is built into like the folder.
        Ok(_) if !out_dir.is_dir() => bail!(
            "cannot build into {}: it is a file, not a folder",
            out_dir.display()
        ),
        Ok(_) => {}
    }
    match std::fs::read_to_string(out_dir.join(MANIFEST)) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.starts_with('#') && is_site_path(l) && *l != MANIFEST)
            .map(str::to_string)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut entries = std::fs::read_dir(out_dir)
                .with_context(|| format!("cannot read {}", out_dir.display()))?;
            if entries.next().is_some() && !force {
                bail!(
                    "{} is not empty, and no gazette build wrote it (it has no {MANIFEST}): \
                     gazette never deletes files it did not write. Build into a new or empty \
                     folder, or pass --force to build into this one anyway (files at the \
                     site's paths are replaced; nothing else is removed, now or later)",
                    out_dir.display()
                );
            }
            Ok(HashSet::new())
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot read {}", out_dir.join(MANIFEST).display()))
        }
    }
}

/// Writes the manifest into `dir` (to a temporary file renamed over it: never half a list).
fn write_manifest<'a>(dir: &Path, paths: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut sorted: Vec<&str> = paths.collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut text = String::with_capacity(MANIFEST_HEADER.len() + sorted.len() * 64);
    text.push_str(MANIFEST_HEADER);
    for p in sorted {
        text.push_str(p);
        text.push('\n');
    }
    let tmp = dir.join(format!("{MANIFEST}.tmp"));
    let path = dir.join(MANIFEST);
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
}

/// A relative, `/`-separated path that stays inside the folder it is joined to.
fn is_site_path(rel: &str) -> bool {
    !(rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains('\0')
        || rel
            .split('/')
            .any(|part| part == ".." || part == "." || part.is_empty()))
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

/// Removes the files `stale` names under `out_dir` (site paths an earlier build wrote),
/// then the folders that removal left empty. A path reached through a symbolic link, or
/// that is now a folder, is left alone. Returns the paths removed, sorted.
fn remove_stale(out_dir: &Path, stale: &[&str]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    let mut parents: HashSet<String> = HashSet::new();
    for rel in stale {
        let path = out_dir.join(rel);
        let through_link = ancestors_of(rel).any(|a| {
            out_dir
                .join(a)
                .symlink_metadata()
                .is_ok_and(|m| !m.is_dir())
        });
        if through_link || !path.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            continue;
        }
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        removed.push(rel.to_string());
        parents.extend(ancestors_of(rel).map(str::to_string));
    }
    // Deepest first; a folder that still holds files (the site's or anyone's) stays.
    let mut parents: Vec<String> = parents.into_iter().collect();
    parents.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
    for p in parents {
        let _ = std::fs::remove_dir(out_dir.join(p));
    }
    removed.sort_unstable();
    Ok(removed)
}

/// `a/b/c.html` → `a`, `a/b`.
fn ancestors_of(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
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

/// Writes `files` as the new contents of `out_dir`, replacing what the last build wrote.
pub fn write_site(out_dir: &Path, files: &[OutputFile]) -> Result<Committed> {
    let staging = Staging::new(out_dir, false)?;
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
            .filter(|e| e.file_type().is_file() && e.file_name() != MANIFEST)
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
                removed: vec!["gone.html".to_string()]
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
    fn write_user_file(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn files_the_build_did_not_write_are_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/index.html", b"1"), file("old.html", b"x")]).unwrap();
        // The user puts files of their own in the output folder, beside and inside the site's.
        write_user_file(&out.join("notes.txt"), "mine");
        write_user_file(&out.join("a/draft.doc"), "mine too");
        write_user_file(&out.join(".git/HEAD"), "ref: refs/heads/main");
        let done = write_site(&out, &[file("b.html", b"2")]).unwrap();
        assert_eq!(
            done.removed.len(),
            2,
            "a/index.html and old.html, the last build's"
        );
        assert!(!out.join("old.html").exists() && !out.join("a/index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/draft.doc")).unwrap(),
            "mine too"
        );
        assert!(out.join(".git/HEAD").exists());
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(listed, ["b.html"]);
    }

    #[test]
    fn a_folder_of_other_files_is_refused_unless_forced_and_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        write_user_file(&out.join("notes.txt"), "notes");
        write_user_file(&out.join("sub/a.doc"), "doc");
        write_user_file(&out.join("index.html"), "my own page");
        let err = write_site(&out, &[file("index.html", b"site")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not empty") && err.contains("--force"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "my own page",
            "nothing was written"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left"
        );
        // --force: the site's paths are written, nothing else touched, then and later.
        let staging = Staging::new(&out, true).unwrap();
        staging.write("index.html", b"site").unwrap();
        staging.write("x/index.html", b"x").unwrap();
        staging.commit().unwrap();
        write_site(&out, &[file("index.html", b"site 2")]).unwrap();
        assert_eq!(
            tree(&out),
            vec![
                ("index.html".to_string(), b"site 2".to_vec()),
                ("notes.txt".to_string(), b"notes".to_vec()),
                ("sub/a.doc".to_string(), b"doc".to_vec()),
            ]
        );
    }

    #[test]
    fn an_empty_folder_is_built_into() {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &[file("index.html", b"1")]).unwrap();
        assert!(dir.path().join(MANIFEST).exists());
        write_site(dir.path(), &[file("index.html", b"2")]).unwrap();
        assert_eq!(
            tree(dir.path()),
            vec![("index.html".to_string(), b"2".to_vec())]
        );
    }

    #[test]
    fn a_users_file_in_a_folder_that_must_become_a_file_stops_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("b/c.html", b"old")]).unwrap();
        write_user_file(&out.join("b/mine.txt"), "mine");
        let err = write_site(&out, &[file("b", b"file")]).unwrap_err();
        assert!(format!("{err:#}").contains("in the way"), "{err:#}");
        assert_eq!(
            std::fs::read_to_string(out.join("b/mine.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_tampered_manifest_removes_nothing_outside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a.html", b"1")]).unwrap();
        write_user_file(&dir.path().join("precious.txt"), "keep");
        write_user_file(&dir.path().join("elsewhere/x.html"), "keep");
        std::fs::write(
            out.join(MANIFEST),
            "a.html\n../precious.txt\n/etc/hostname\nlink/x.html\n",
        )
        .unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), out.join("link")).unwrap();
        write_site(&out, &[file("b.html", b"2")]).unwrap();
        assert!(dir.path().join("precious.txt").exists());
        assert!(
            dir.path().join("elsewhere/x.html").exists(),
            "not removed through a link"
        );
        assert!(!out.join("a.html").exists());
    }

    #[test]
    fn the_project_and_its_source_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        for d in ["content/bulletins", "templates", "static", "themes"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("gazette.toml"), "").unwrap();
        for bad in [
            ".",
            "content",
            "content/bulletins",
            "content/new",
            "templates",
            "static",
            "themes/x",
            ".git",
            "..",
            "public/../content",
        ] {
            let err = refuse_project_folders(&root, &root.join(bad));
            assert!(err.is_err(), "{bad} must be refused");
        }
        // Relative spellings, as a user types them.
        assert!(refuse_project_folders(&root, dir.path()).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), dir.path().join("c")).unwrap();
            assert!(refuse_project_folders(&root, &dir.path().join("c")).is_err());
        }
        for good in ["public", "site/out", "docs"] {
            refuse_project_folders(&root, &root.join(good)).unwrap();
        }
        refuse_project_folders(&root, &dir.path().join("elsewhere")).unwrap();
    }
}
