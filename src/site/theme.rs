//! The theme: tera templates and static files, and how a planned page is rendered with it.
//! The default theme (`themes/default/`) is embedded in the binary (every file of it: see
//! `build.rs`); a site overrides it file by file with `themes/<theme>/` and its own
//! `templates/` and `static/`. Files in `site-root/` are published at the site's root as
//! they are (`favicon.ico`, `CNAME`, a search engine's verification file).

use crate::markdown;
use crate::output::{relative, OutputFile};
use anyhow::{Context, Result};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The parsed templates and static files of the theme, with the site's overrides applied.
pub struct Theme {
    pub(super) tera: tera::Tera,
    pub(super) statics: Vec<(String, Vec<u8>)>,
    /// `site-root/`'s files (the theme's, then the site's): published at the root.
    pub(super) root_files: Vec<(String, Vec<u8>)>,
    digest: u64,
}

/// What the site itself writes at its root: a file of `site-root/` may not take its place.
const SITE_OWN: [&str; 15] = [
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "sitemaps",
    "robots.txt",
    ".nojekyll",
    crate::output::MANIFEST,
    "bulletins",
    "columns",
    "topics",
    "regions",
    "timeline",
    "search",
    "static",
];

impl Theme {
    /// The default theme, overridden file by file by `themes/<theme>/` (when `theme` is
    /// not `default`), then by the site's own `templates/` and `static/`.
    pub fn load(root: &Path, theme: &str) -> Result<Theme> {
        let mut layers = Vec::new();
        if theme != "default" {
            layers.push(root.join("themes").join(theme));
        }
        layers.push(root.to_path_buf());
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut statics: Vec<(String, Vec<u8>)> = STATIC
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_vec()))
            .collect();
        let mut root_files: Vec<(String, Vec<u8>)> = Vec::new();
        for layer in &layers {
            for (rel, bytes) in read_overrides(&layer.join("templates"))? {
                let path = layer.join("templates").join(&rel);
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("{} is not UTF-8", path.display()))?;
                templates.retain(|(n, _)| n != &rel);
                templates.push((rel, text));
            }
            for (rel, bytes) in read_overrides(&layer.join("static"))? {
                statics.retain(|(n, _)| n != &rel);
                statics.push((rel, bytes));
            }
            for (rel, bytes) in read_overrides(&layer.join("site-root"))? {
                let top = rel.split('/').next().unwrap_or_default();
                if SITE_OWN.contains(&top) || top == "__gazette" {
                    anyhow::bail!(
                        "{}: the site makes /{top} itself; a file of site-root/ cannot take \
                         its place (to change a page, override its template in templates/)",
                        layer.join("site-root").join(&rel).display()
                    );
                }
                root_files.retain(|(n, _)| n != &rel);
                root_files.push((rel, bytes));
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL `&#x2F;…`: escape what HTML needs.
        tera.set_escape_fn(markdown::escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("{}", tera_error_chain(&e)))?;
        let digest = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&templates, &statics, &root_files).hash(&mut h);
            h.finish()
        };
        Ok(Theme {
            tera,
            statics,
            root_files,
            digest,
        })
    }

    /// A hash of every template and static file: two themes with the same digest render
    /// the same page from the same view-model (`serve` re-renders everything when it changes).
    pub fn digest(&self) -> u64 {
        self.digest
    }
}

/// Every file under `dir` (relative path with `/`, bytes); none when the folder is absent.
fn read_overrides(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).into_iter() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(dir, entry.path());
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        out.push((rel, bytes));
    }
    out.sort();
    Ok(out)
}

/// Tera hides the useful part of an error in its source chain.
pub(super) fn tera_error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// A page to render: where it goes, with which template, from which view-model.
pub struct PlannedPage {
    pub path: String,
    pub template: &'static str,
    pub context: tera::Context,
    /// What the page is, for error messages.
    pub what: String,
}

/// Renders one planned page.
pub fn render(theme: &Theme, page: &PlannedPage) -> Result<OutputFile> {
    // Straight into bytes: Tera's `render` checks its whole output is UTF-8 again to make
    // a String (3% of a build); every piece it writes is a &str already.
    let mut bytes = Vec::new();
    theme
        .tera
        .render_to(page.template, &page.context, &mut bytes)
        .map_err(|e| {
            anyhow::anyhow!(
                "rendering {} with template {}: {}",
                page.what,
                page.template,
                tera_error_chain(&e)
            )
        })?;
    Ok(OutputFile {
        path: page.path.clone(),
        bytes: without_control_chars(bytes),
    })
}

/// Text scraped from the web or a PDF may hold control characters (a NUL, a stray escape)
/// that XML forbids: one would make a whole Atom feed unreadable. Each becomes U+FFFD (�),
/// as CommonMark does with NUL; `gazette check` and `build` name the file and line.
/// (In UTF-8 a byte below 0x20 is always that ASCII character, never part of another.)
fn without_control_chars(bytes: Vec<u8>) -> Vec<u8> {
    let forbidden = |b: &u8| *b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r');
    // Looked for a block at a time without stopping early, which the compiler turns into
    // vector instructions (`any` byte by byte was 1.7% of a build's instructions).
    let has_forbidden = |block: &[u8]| block.iter().fold(false, |seen, b| seen | forbidden(b));
    if !bytes.chunks(256).any(has_forbidden) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 8);
    for b in bytes {
        if forbidden(&b) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        } else {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (folder, embedded) in [
            (
                "templates",
                TEMPLATES
                    .iter()
                    .map(|(n, t)| (*n, t.as_bytes()))
                    .collect::<Vec<_>>(),
            ),
            ("static", STATIC.iter().map(|(n, b)| (*n, *b)).collect()),
        ] {
            let on_disk: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir.join(folder))
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        relative(&dir.join(folder), e.path()),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            assert_eq!(on_disk.len(), embedded.len(), "{folder}");
            for (name, bytes) in &on_disk {
                let found = embedded.iter().find(|(n, _)| n == name);
                assert_eq!(found.map(|(_, b)| *b), Some(&bytes[..]), "{folder}/{name}");
            }
        }
        assert!(TEMPLATES.iter().any(|(n, _)| *n == "404.html"));
        assert!(STATIC.iter().any(|(n, _)| *n == "search/tokenize.js"));
    }
}
