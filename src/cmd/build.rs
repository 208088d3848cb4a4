//! `gazette build`: the site from `content/` into `public/`.
//!
//! Reads like the pipeline it runs: config, load, plan and render, write; each stage
//! timed with --verbose. Content errors are all reported (file:line:col) before exiting.
//! The output folder is checked before anything is rendered: never the project or its
//! sources, never a folder of someone else's files (see `output`).

use super::Output;
use crate::cli::BuildArgs;
use crate::{config, content, output, site};
use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

pub fn run(root: &Path, args: &BuildArgs, out: &Output) -> Result<()> {
    let start = Instant::now();
    super::project(root)?;
    let config = config::load(root, args.base_url.as_deref())?;
    if let Some(host) = config::local_host(&config.base_url) {
        out.warn(&format!(
            "warning: base_url is {} ({}): the sitemap, robots.txt, feeds and every canonical \
             URL will point at {host}, this machine. Set base_url in gazette.toml to the \
             address the site is published at, or pass --base-url",
            config.base_url,
            if args.base_url.is_some() {
                "--base-url"
            } else {
                "gazette.toml"
            }
        ));
    }
    let out_dir = args.output.clone().unwrap_or_else(|| root.join("public"));
    output::refuse_project_folders(root, &out_dir)?;
    let content_dir = root.join("content");
    let mut bulletins = match content::load_all(&content_dir) {
        Ok(b) => b,
        Err(errors) => {
            for e in &errors {
                out.error(&e.to_string());
            }
            bail!("{} content error(s); nothing was written", errors.len());
        }
    };
    // Unsafe links and sources are rendered inert (text, or left out); say where they are.
    for p in crate::check::unsafe_content(&content_dir, &bulletins) {
        let p = crate::check::Problem {
            severity: crate::check::Severity::Warning,
            ..p
        };
        out.warn(&p.to_string());
    }
    if args.drafts {
        super::include_drafts(&mut bulletins);
    }
    out.detail(&format!(
        "load: {} in {:.2?}",
        super::plural(bulletins.len(), "bulletin"),
        start.elapsed()
    ));
    let vocab = match crate::enrich::Vocabulary::load(root) {
        Ok(v) => v,
        Err(errors) => {
            for e in &errors {
                out.error(&e.to_string());
            }
            bail!(
                "{} error(s) in content/topics.toml; nothing was written",
                errors.len()
            );
        }
    };
    let t = Instant::now();
    let enriched = crate::enrich::enrich(&bulletins, &vocab);
    out.detail(&format!(
        "enrich: {} timeline events in {:.2?}",
        enriched.timeline.len(),
        t.elapsed()
    ));
    let t = Instant::now();
    let theme = site::Theme::load(root, &config.theme)?;
    // Files are written as they are rendered; the new site replaces the old only when all are.
    let staging = output::Staging::new(&out_dir, args.force)?;
    let (pages, files) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // Bytes and files by kind, for the summary and the host's size limit.
    let kinds: Mutex<BTreeMap<&'static str, (u64, usize)>> = Mutex::default();
    let bar = out.spinner("rendering");
    site::build_to(
        &config,
        &bulletins,
        &enriched,
        &vocab,
        &theme,
        &|path, bytes| {
            files.fetch_add(1, Ordering::Relaxed);
            bar.inc(1);
            if path.ends_with(".html") {
                pages.fetch_add(1, Ordering::Relaxed);
            }
            if let Ok(mut k) = kinds.lock() {
                let e = k.entry(site::file_kind(path)).or_default();
                e.0 += bytes.len() as u64;
                e.1 += 1;
            }
            staging.write(path, bytes)
        },
    )
    .map_err(|e| {
        let kept = format!("{} was left as it was", out_dir.display());
        output::explain_full_disk(e, &kept)
    })?;
    bar.finish_and_clear();
    out.detail(&format!(
        "render and write: {} files in {:.2?}",
        files.load(Ordering::Relaxed),
        t.elapsed()
    ));
    let t = Instant::now();
    let done = staging.commit()?;
    out.detail(&format!(
        "commit: {} written, {} unchanged, {} removed in {:.2?}",
        done.written,
        done.unchanged,
        done.removed.len(),
        t.elapsed()
    ));
    warn_of_gone_pages(&done.removed, &config.base_path, out);
    // What the site shows: drafts are not published (unless --drafts, which clears the flag).
    let articles = bulletins
        .iter()
        .flat_map(|b| &b.articles)
        .filter(|a| !a.draft)
        .count();
    let drafts = bulletins.iter().flat_map(|b| &b.articles).count() - articles;
    let mut kinds: Vec<(&str, (u64, usize))> = kinds
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .collect();
    // The manifest is published with the site (it is in the folder deployed).
    let manifest = std::fs::metadata(out_dir.join(output::MANIFEST)).map_or(0, |m| m.len());
    let bytes: u64 = kinds.iter().map(|(_, (b, _))| b).sum::<u64>() + manifest;
    let files = files.load(Ordering::Relaxed) + usize::from(manifest > 0);
    kinds.sort_by_key(|(_, (b, _))| std::cmp::Reverse(*b));
    let heaviest = kinds
        .iter()
        .take(3)
        .map(|(kind, (b, n))| format!("{kind} {} ({})", megabytes(*b), super::plural(*n, "file")))
        .collect::<Vec<_>>()
        .join(", ");
    out.detail(&format!("largest kinds: {heaviest}"));
    if bytes > config.max_site_mb * 1_000_000 {
        out.warn(&format!(
            "warning: the site is {}, over the {} limit of [publish] max_site_mb in gazette.toml \
             (GitHub Pages and GitLab Pages do not publish a site over 1 GB); its largest kinds: \
             {heaviest}. Publish the archive as several portals (by series or by period), or, \
             for a host with a higher limit, raise max_site_mb",
            megabytes(bytes),
            megabytes(config.max_site_mb * 1_000_000),
        ));
    }
    out.say(&format!(
        "built {} ({}; {}, {}{}), {}, into {} in {:.2?}",
        super::plural(files, "file"),
        super::plural(pages.load(Ordering::Relaxed), "page"),
        super::plural(bulletins.len(), "bulletin"),
        super::plural(articles, "article"),
        if drafts > 0 {
            format!(
                ", {} left out (--drafts to include)",
                super::plural(drafts, "draft")
            )
        } else {
            String::new()
        },
        megabytes(bytes),
        out_dir.display(),
        start.elapsed()
    ));
    Ok(())
}

/// Bytes as megabytes (10^6, as hosts state their limits): `552.6 MB`, `0.4 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Issue and article pages the last build published and this one no longer has: links
/// to them from elsewhere now break. Most often a slug was edited (or a re-import named an
/// article differently); the page can stay where it was with `aliases`.
fn warn_of_gone_pages(removed: &[String], base_path: &str, out: &Output) {
    let gone: Vec<String> = removed
        .iter()
        .filter(|p| p.starts_with("bulletins/") && p.ends_with("/index.html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect();
    const SHOWN: usize = 10;
    for url in gone.iter().take(SHOWN) {
        out.warn(&format!(
            "warning: {base_path}{} was published by the last build and is gone: links to it \
             will break. If its issue or article moved (a slug changed), keep the old address \
             with `aliases = [\"{url}\"]` in the front matter of the page now there",
            url.trim_start_matches('/')
        ));
    }
    if gone.len() > SHOWN {
        out.warn(&format!(
            "warning: and {} more pages of the last build are gone",
            gone.len() - SHOWN
        ));
    }
}
