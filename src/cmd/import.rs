//! `gazette import`: raw bulletins → `content/bulletins/<slug>/`.
//!
//! Files are imported in parallel, then written one bulletin at a time, each into a
//! staging folder renamed into place, so an interrupted run never leaves a
//! half-written bulletin. A bulletin already on disk is compared file by file with
//! what the import produces: identical means nothing to do; different means an
//! editor changed it, and it is left alone unless `--force` (which first copies the
//! old files to `.gazette/backup/`). A bulletin whose text is already in `content/`
//! under another source (the same raw file renamed, or imported twice) is not imported
//! a second time unless `--allow-duplicate`.

use super::Output;
use crate::check::Fingerprint;
use crate::cli::ImportArgs;
use crate::content;
use crate::import::{self, Diagnostic, ImportOptions, Imported, Level};
use crate::model::Bulletin;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub fn run(root: &Path, args: &ImportArgs, out: &Output) -> Result<()> {
    if args.content.is_none() {
        super::project(root)?;
    }
    let encoding = match &args.encoding {
        Some(label) => Some(import::encoding_by_label(label).with_context(|| {
            format!(
                "unknown encoding '{label}': use utf-8, gb18030, gbk, big5, utf-16le or utf-16be"
            )
        })?),
        None => None,
    };
    let opts = ImportOptions { encoding };
    let files = raw_files(&args.paths)?;
    if files.is_empty() {
        bail!(
            "no bulletins (.txt, .pdf, .docx, .html, .htm) found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let content_dir = args.content.clone().unwrap_or_else(|| root.join("content"));
    let bar = out.progress(files.len() as u64, "importing");
    // A document's bytes stay with its result: the bulletin folder keeps a copy.
    let results: Vec<(PathBuf, Result<Read, Diagnostic>)> = files
        .par_iter()
        .map(|f| {
            let r = std::fs::read(f)
                .map_err(|e| Diagnostic::error(None, format!("cannot read the file: {e}")))
                .and_then(|bytes| {
                    let i = import::import_bytes(&bytes, &source_label(root, f), &opts)?;
                    let kept = i.original.is_some().then_some(bytes);
                    Ok((i, kept))
                });
            bar.inc(1);
            (f.clone(), r)
        })
        .collect();
    bar.finish_and_clear();

    let mut taken: HashSet<String> = HashSet::new();
    let mut failed = 0usize;
    let mut refused = 0usize;
    let mut duplicates = 0usize;
    // The bulletins this run imported: a second file with the same text is a duplicate too.
    let mut this_run: Vec<(String, Option<String>, Fingerprint)> = Vec::new();
    let mut counts = BTreeMap::<&str, usize>::new();
    for (file, result) in results {
        let shown = file.display().to_string();
        let (imported, original) = match result {
            Ok(i) => i,
            Err(d) => {
                out.error(&format!("{shown}: {}", d.message));
                failed += 1;
                continue;
            }
        };
        report(&shown, &imported.diagnostics, out);
        let mut bulletin = imported.bulletin;
        let fingerprint = Fingerprint::of(&bulletin);
        if !args.allow_duplicate {
            if let Some(slug) = duplicate_of(&content_dir, &bulletin, &fingerprint, &this_run) {
                duplicates += 1;
                out.warn(&format!(
                    "{shown}: the same text is already in content/bulletins/{slug}/; nothing \
                     was written. Pass --allow-duplicate to import it again as another bulletin"
                ));
                continue;
            }
        }
        bulletin.slug = choose_slug(&content_dir, &bulletin, &mut taken);
        this_run.push((bulletin.slug.clone(), bulletin.source.clone(), fingerprint));
        let mut files: Vec<(String, Vec<u8>)> = content::to_files(&bulletin)
            .map_err(anyhow::Error::msg)?
            .into_iter()
            .map(|(name, text)| (name, text.into_bytes()))
            .collect();
        if let (Some(ext), Some(bytes)) = (imported.original, original) {
            files.push((content::original_file_name(ext), bytes));
        }
        let dir = content_dir.join("bulletins").join(&bulletin.slug);
        let outcome = if args.dry_run {
            match differences(&dir, &files) {
                Ok(d) if d.is_empty() && dir.exists() => Outcome::Unchanged,
                Ok(d) if dir.exists() => Outcome::WouldRefuse(d),
                _ => Outcome::Written,
            }
        } else {
            // What was there, to say which article addresses a replacement changes.
            let previous = dir
                .exists()
                .then(|| content::load_bulletin(&dir).ok())
                .flatten();
            let outcome = write_bulletin(root, &dir, &files, args.force)?;
            if let (Outcome::Replaced(_), Some(previous)) = (&outcome, previous) {
                suggest_aliases(&previous, &bulletin, &dir, root, out);
            }
            outcome
        };
        let summary = summarize(&bulletin, &imported.diagnostics);
        let rel = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
        match outcome {
            Outcome::Written => {
                *counts.entry("written").or_default() += 1;
                let verb = if args.dry_run { "would write" } else { "wrote" };
                out.say(&format!("{shown} → {rel}/ ({verb}): {summary}"));
            }
            Outcome::Replaced(backup) => {
                *counts.entry("replaced").or_default() += 1;
                out.say(&format!(
                    "{shown} → {rel}/ (replaced; previous files in {}): {summary}",
                    backup.display()
                ));
            }
            Outcome::Unchanged => {
                *counts.entry("unchanged").or_default() += 1;
                out.say(&format!("{shown} → {rel}/ (unchanged): {summary}"));
            }
            Outcome::WouldRefuse(diff) | Outcome::Refused(diff) => {
                refused += 1;
                out.error(&format!(
                    "{rel}/ was edited since it was imported ({}); kept as it is. Re-run with --force to replace it (the edited files are backed up first)",
                    diff.join(", ")
                ));
            }
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    for (n, what) in [
        (failed, "failed"),
        (refused, "kept because edited"),
        (duplicates, "already in content/"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let total = counts.values().sum::<usize>() + failed + refused + duplicates;
    if total > 1 || failed + refused > 0 {
        out.say(&format!(
            "{}: {}",
            super::plural(total, "bulletin"),
            parts.join(", ")
        ));
    }
    if failed + refused > 0 {
        let n = failed + refused;
        bail!(
            "{} not imported",
            if n == 1 {
                "1 file was".to_string()
            } else {
                format!("{n} files were")
            }
        );
    }
    Ok(())
}

/// A file imported, with its bytes when it is a document (the bulletin folder keeps a copy).
type Read = (Imported, Option<Vec<u8>>);

/// The folder of a bulletin already in `content/` (or imported earlier in this run) with
/// the same text as `b` but another source. Only bulletins of the same date are compared
/// (their folders start with it), so a large archive is not read for every import.
fn duplicate_of(
    content_dir: &Path,
    b: &Bulletin,
    fingerprint: &Fingerprint,
    this_run: &[(String, Option<String>, Fingerprint)],
) -> Option<String> {
    if fingerprint.is_empty() {
        return None;
    }
    if let Some((slug, _, _)) = this_run
        .iter()
        .find(|(_, source, f)| *source != b.source && fingerprint.is_in(f))
    {
        return Some(slug.clone());
    }
    let prefix = format!(
        "{}-",
        b.date
            .map_or_else(|| "undated".to_string(), |d| d.to_string())
    );
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(content_dir.join("bulletins"))
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs.into_iter().find_map(|dir| {
        let existing = content::load_bulletin(&dir).ok()?;
        (existing.source != b.source && fingerprint.is_in(&Fingerprint::of(&existing)))
            .then(|| dir.file_name().map(|n| n.to_string_lossy().to_string()))
            .flatten()
    })
}

enum Outcome {
    Written,
    Replaced(PathBuf),
    Unchanged,
    Refused(Vec<String>),
    WouldRefuse(Vec<String>),
}

/// The files named, and in folders (searched recursively) the bulletins by extension, in a
/// stable order. A named file is imported whatever its name: its content says what it is.
fn raw_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| {
                    e.file_type().is_file()
                        && e.path().extension().is_some_and(|x| {
                            import::IMPORTED_EXTENSIONS
                                .iter()
                                .any(|k| x.eq_ignore_ascii_case(k))
                        })
                })
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    Ok(files)
}

/// The path recorded as a bulletin's `source`: relative to the project when inside it.
fn source_label(root: &Path, file: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, f) = (abs(root), abs(file));
    f.strip_prefix(&root)
        .map(|r| r.to_path_buf())
        .unwrap_or_else(|_| file.to_path_buf())
        .to_string_lossy()
        .replace('\\', "/")
}

/// `<date>-<series initials>` or `<date>-<title>`; a folder already holding another
/// source's bulletin gets a numeric suffix.
fn choose_slug(content_dir: &Path, b: &Bulletin, taken: &mut HashSet<String>) -> String {
    let date = b
        .date
        .map_or_else(|| "undated".to_string(), |d| d.to_string());
    let name = match (&b.series, b.kind) {
        (Some(series), crate::model::Kind::Digest) => crate::slug::initials(series),
        (None, crate::model::Kind::Digest) => "digest".to_string(),
        _ => crate::slug::slugify(&b.title)
            .chars()
            .take(40)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string(),
    };
    let base = format!("{date}-{name}");
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        n += 1;
        if taken.contains(&candidate) {
            continue;
        }
        let index = content_dir
            .join("bulletins")
            .join(&candidate)
            .join("index.md");
        let owner = std::fs::read_to_string(&index)
            .ok()
            .and_then(|t| recorded_source(&t));
        if owner.is_none() || owner == b.source {
            taken.insert(candidate.clone());
            return candidate;
        }
    }
}

fn recorded_source(index_md: &str) -> Option<String> {
    index_md
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            let v = l.strip_prefix("source = ")?;
            serde_json::from_str::<String>(v).ok().or_else(|| {
                toml::from_str::<toml::Value>(l)
                    .ok()?
                    .get("source")?
                    .as_str()
                    .map(str::to_string)
            })
        })
}

/// Files that differ between the folder on disk and what the import would write.
fn differences(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<String>> {
    let mut diff = Vec::new();
    if !dir.exists() {
        return Ok(diff);
    }
    let wanted: HashSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for (name, text) in files {
        match std::fs::read(dir.join(name)) {
            Ok(existing) if &existing == text => {}
            Ok(_) => diff.push(format!("{name} differs")),
            Err(_) => diff.push(format!("{name} is missing")),
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !wanted.contains(n.as_str()))
        .collect();
    extra.sort();
    diff.extend(extra.into_iter().map(|n| format!("{n} was added")));
    Ok(diff)
}

fn write_bulletin(
    root: &Path,
    dir: &Path,
    files: &[(String, Vec<u8>)],
    force: bool,
) -> Result<Outcome> {
    let diff = differences(dir, files)?;
    let existed = dir.exists();
    if existed && diff.is_empty() {
        return Ok(Outcome::Unchanged);
    }
    if existed && !force {
        return Ok(Outcome::Refused(diff));
    }
    let parent = dir.parent().context("bulletin folder has no parent")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let staging = parent.join(format!(".{name}.importing"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot clear {}", staging.display()))?;
    }
    // Whatever fails from here on, the staging folder goes and the bulletin is as it was.
    let kept = if existed {
        format!("{} was left as it was", dir.display())
    } else {
        format!("nothing was written to {}", dir.display())
    };
    let fail = |e: anyhow::Error| {
        let _ = std::fs::remove_dir_all(&staging);
        crate::output::explain_full_disk(e, &kept)
    };
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))
        .map_err(fail)?;
    for (file, text) in files {
        let path = staging.join(file);
        std::fs::write(&path, text)
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(fail)?;
    }
    if existed {
        let backup = backup_dir(root, &name);
        std::fs::create_dir_all(backup.parent().unwrap_or(root))
            .with_context(|| format!("cannot create {}", root.join(".gazette/backup").display()))
            .map_err(fail)?;
        move_dir(dir, &backup).map_err(fail)?;
        if let Err(e) = move_dir(&staging, dir) {
            // Put the editor's version back before reporting.
            let _ = move_dir(&backup, dir);
            return Err(fail(e));
        }
        return Ok(Outcome::Replaced(backup));
    }
    move_dir(&staging, dir).map_err(fail)?;
    Ok(Outcome::Written)
}

/// `.gazette/backup/<bulletin>-<unix time>/`, with `-2`, `-3`… when that exists: two
/// `--force` imports in the same second keep both previous versions.
fn backup_dir(root: &Path, name: &str) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let base = root.join(".gazette").join("backup");
    (1..)
        .map(|n| match n {
            1 => base.join(format!("{name}-{stamp}")),
            n => base.join(format!("{name}-{stamp}-{n}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| base.join(name))
}

/// Renames a folder; across file systems, copies (sub-folders too) then removes.
fn move_dir(from: &Path, to: &Path) -> Result<()> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    copy_dir(from, to)?;
    std::fs::remove_dir_all(from).with_context(|| format!("cannot remove {}", from.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let entry = entry.with_context(|| format!("cannot list {}", from.display()))?;
        let target = to.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// After a bulletin was replaced: each article of the previous version whose address is
/// gone (its slug came out differently) is named with the article now in its place (same
/// title, else same position), and the `aliases` line that keeps its old address working.
fn suggest_aliases(previous: &Bulletin, now: &Bulletin, dir: &Path, root: &Path, out: &Output) {
    let slugs: HashSet<&str> = now.articles.iter().map(|a| a.slug.as_str()).collect();
    for (i, old) in previous.articles.iter().enumerate() {
        if slugs.contains(old.slug.as_str()) {
            continue;
        }
        let old_url = format!("/bulletins/{}/{}/", previous.slug, old.slug);
        let heir = now
            .articles
            .iter()
            .position(|a| a.title == old.title)
            .or_else(|| (i < now.articles.len()).then_some(i));
        match heir {
            Some(k) => {
                let file = dir.join(content::article_file_name(k, &now.articles[k].slug));
                let file = file.strip_prefix(root).unwrap_or(&file);
                out.warn(&format!(
                    "note: {old_url} is now /bulletins/{}/{}/: to keep links to the old \
                     address working, add `aliases = [\"{old_url}\"]` to {}",
                    now.slug,
                    now.articles[k].slug,
                    file.display()
                ));
            }
            None => out.warn(&format!(
                "note: {old_url} ({}) is gone from the re-imported bulletin",
                old.title
            )),
        }
    }
}

fn report(file: &str, diags: &[Diagnostic], out: &Output) {
    for d in diags {
        let loc = d.line.map_or(String::new(), |l| format!(":{l}"));
        let line = format!("{file}{loc}: {}: {}", d.level, d.message);
        match d.level {
            Level::Info => out.detail(&line),
            _ => out.warn(&line),
        }
    }
}

fn summarize(b: &Bulletin, diags: &[Diagnostic]) -> String {
    let warnings = diags.iter().filter(|d| d.level >= Level::Warning).count();
    let mut parts = vec![b.kind.as_str().to_string()];
    if let Some(s) = &b.series {
        parts.push(s.clone());
    }
    parts.push(b.date.map_or("no date".to_string(), |d| d.to_string()));
    if !b.sections.is_empty() {
        parts.push(super::plural(b.sections.len(), "section"));
    }
    parts.push(super::plural(b.articles.len(), "article"));
    parts.push(super::plural(warnings, "warning"));
    parts.join(", ")
}
