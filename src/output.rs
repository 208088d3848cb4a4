//! Writing the built site: all or nothing.
//!
//! Files go to a staging folder beside the output folder as they are rendered, so the
//! build never holds the whole site in memory; only when every file is written is the
//! old output moved aside and the staging folder renamed into its place. A build that
//! fails at any point leaves the previous output exactly as it was (the staging folder
//! is removed), so a broken template never takes a published site down.

use crate::site::OutputFile;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// A staging folder for a new version of `out_dir`.
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    committed: bool,
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
            dir,
            committed: false,
        })
    }

    /// Writes one file (path relative to the site, `/`-separated). Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel.is_empty()
            || rel.starts_with('/')
            || rel.split('/').any(|part| part == ".." || part.is_empty())
        {
            bail!("refusing to write outside the output folder: {rel}");
        }
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Replaces `out_dir` with the staging folder.
    pub fn commit(mut self) -> Result<()> {
        let old = parent_of(&self.out_dir).join(format!(
            ".{}.old-{}",
            name_of(&self.out_dir),
            std::process::id()
        ));
        if self.out_dir.exists() {
            std::fs::rename(&self.out_dir, &old)
                .with_context(|| format!("cannot move the old {} aside", self.out_dir.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out_dir) {
            // Put the previous output back before reporting.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.out_dir);
            }
            return Err(e).with_context(|| {
                format!("cannot move the new site into {}", self.out_dir.display())
            });
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the old site at {}", old.display()))?;
        }
        Ok(())
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

/// Writes `files` as the new contents of `out_dir`, atomically replacing what was there.
pub fn write_site(out_dir: &Path, files: &[OutputFile]) -> Result<()> {
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

    #[test]
    fn replaces_whole_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[OutputFile {
                path: "a/index.html".into(),
                bytes: b"1".to_vec(),
            }],
        )
        .unwrap();
        write_site(
            &out,
            &[OutputFile {
                path: "b.html".into(),
                bytes: b"2".to_vec(),
            }],
        )
        .unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"2");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left behind"
        );
    }

    #[test]
    fn refuses_paths_that_escape_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[OutputFile {
                path: "x.html".into(),
                bytes: b"keep".to_vec(),
            }],
        )
        .unwrap();
        assert!(write_site(
            &out,
            &[OutputFile {
                path: "../evil".into(),
                bytes: vec![]
            }]
        )
        .is_err());
        assert_eq!(std::fs::read(out.join("x.html")).unwrap(), b"keep");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the failed staging folder was removed"
        );
    }
}
