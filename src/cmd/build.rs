//! `gazette build`: the site from `content/` into `public/`.
//!
//! Reads like the pipeline it runs: config, load, plan and render, write; each stage
//! timed with --verbose. Content errors are all reported (file:line:col) before exiting.

use super::Output;
use crate::cli::BuildArgs;
use crate::{config, content, output, site};
use anyhow::{bail, Result};
use std::path::Path;
use std::time::Instant;

pub fn run(root: &Path, args: &BuildArgs, out: &Output) -> Result<()> {
    let start = Instant::now();
    let config = config::load(root, args.base_url.as_deref())?;
    let content_dir = root.join("content");
    let bulletins = match content::load_all(&content_dir) {
        Ok(b) => b,
        Err(errors) => {
            for e in &errors {
                out.error(&e.to_string());
            }
            bail!("{} content error(s); nothing was written", errors.len());
        }
    };
    out.detail(&format!(
        "load: {} bulletins in {:.2?}",
        bulletins.len(),
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
    let files = site::build(&config, &bulletins, &enriched, &vocab, &theme)?;
    out.detail(&format!(
        "render: {} files in {:.2?}",
        files.len(),
        t.elapsed()
    ));
    let t = Instant::now();
    let out_dir = args.output.clone().unwrap_or_else(|| root.join("public"));
    output::write_site(&out_dir, &files)?;
    out.detail(&format!("write: {:.2?}", t.elapsed()));
    let articles: usize = bulletins.iter().map(|b| b.articles.len()).sum();
    out.say(&format!(
        "built {} pages ({} bulletins, {} articles) into {} in {:.2?}",
        files.iter().filter(|f| f.path.ends_with(".html")).count(),
        bulletins.len(),
        articles,
        out_dir.display(),
        start.elapsed()
    ));
    Ok(())
}
