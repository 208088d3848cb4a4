//! The site: every output file, planned from the model and rendered with the theme.
//!
//! `plan` lists the pages (path, template, view-model); `render` fills each template
//! in parallel. Templates see only the view-model structs defined here, never the
//! domain types: this module is the theme's contract (documented in the README).
//! A theme is the default one embedded in the binary, with any file replaced by a
//! file of the same name in the site's own `templates/` or `static/`.

use crate::config::Config;
use crate::markdown;
use crate::model::{Article, Bulletin, PartialDate};
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

/// The default theme's files, compiled into the binary.
const TEMPLATES: [(&str, &str); 5] = [
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "bulletin.html",
        include_str!("../themes/default/templates/bulletin.html"),
    ),
    (
        "article.html",
        include_str!("../themes/default/templates/article.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
];
const STATIC: [(&str, &str); 1] = [(
    "style.css",
    include_str!("../themes/default/static/style.css"),
)];

/// A file of the built site: its path under the output folder, and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The parsed templates and static files of the theme, with the site's overrides applied.
pub struct Theme {
    tera: tera::Tera,
    statics: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// The default theme, with `<root>/templates/*.html` and `<root>/static/*` overriding it file by file.
    pub fn load(root: &Path) -> Result<Theme> {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let own = root.join("templates");
        if own.is_dir() {
            for entry in walkdir::WalkDir::new(&own)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let rel = entry
                    .path()
                    .strip_prefix(&own)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                templates.retain(|(n, _)| n != &rel);
                templates.push((rel, text));
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL `&#x2F;…`: escape what HTML needs.
        tera.set_escape_fn(markdown::escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("{}", tera_error_chain(&e)))?;
        let mut statics: Vec<(String, Vec<u8>)> = STATIC
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect();
        let own_static = root.join("static");
        if own_static.is_dir() {
            for entry in walkdir::WalkDir::new(&own_static)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                let rel = entry
                    .path()
                    .strip_prefix(&own_static)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                statics.retain(|(n, _)| n != &rel);
                statics.push((rel, bytes));
            }
        }
        Ok(Theme { tera, statics })
    }
}

/// Tera hides the useful part of an error in its source chain.
fn tera_error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

// ---------------------------------------------------------------- view-models

/// What every page knows about the site.
#[derive(Debug, Serialize)]
pub struct SiteVm {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute base URL, ending with `/`.
    pub base_url: String,
    /// The base path, `/` or `/portal/`: prefix of every link.
    pub base_path: String,
}

/// A link to a bulletin.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinRef {
    pub title: String,
    pub url: String,
    pub series: Option<String>,
    pub issue: Option<String>,
    /// `2021-08-05`, `2021-04` or `2021`, for `<time datetime>`.
    pub date: Option<String>,
    /// The date as a reader reads it: 2021年8月5日.
    pub date_text: Option<String>,
}

/// A link to an article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRef {
    pub title: String,
    pub url: String,
    pub section: Option<String>,
    pub subsection: Option<String>,
}

/// A source link with the site's name.
#[derive(Debug, Clone, Serialize)]
pub struct SourceVm {
    pub url: String,
    pub site: String,
}

/// One column of an issue's table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocSection {
    pub name: Option<String>,
    pub groups: Vec<TocGroup>,
}

/// A sub-column (or the column itself when it has none) and its articles.
#[derive(Debug, Clone, Serialize)]
pub struct TocGroup {
    pub name: Option<String>,
    pub articles: Vec<ArticleRef>,
}

#[derive(Debug, Serialize)]
pub struct IndexVm {
    pub site: SiteVm,
    pub bulletins: Vec<IndexEntry>,
}

#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub bulletin: BulletinRef,
    pub articles: Vec<ArticleRef>,
}

#[derive(Debug, Serialize)]
pub struct BulletinVm {
    pub site: SiteVm,
    pub bulletin: BulletinRef,
    pub publisher: Option<String>,
    pub kind: &'static str,
    pub intro_html: String,
    pub toc: Vec<TocSection>,
}

#[derive(Debug, Serialize)]
pub struct ArticleVm {
    pub site: SiteVm,
    pub bulletin: BulletinRef,
    pub article: ArticleRef,
    pub authors: Vec<String>,
    pub sources: Vec<SourceVm>,
    pub source_name: Option<String>,
    pub body_html: String,
}

#[derive(Debug, Serialize)]
pub struct NotFoundVm {
    pub site: SiteVm,
}

// ---------------------------------------------------------------- planning

fn site_vm(config: &Config) -> SiteVm {
    SiteVm {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        base_path: config.base_path.clone(),
    }
}

/// 2021年8月5日, 2021年4月, 2021年.
pub fn date_text(d: &PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{}年{}月{}日", d.year, m, day),
        (Some(m), None) => format!("{}年{}月", d.year, m),
        _ => format!("{}年", d.year),
    }
}

fn bulletin_ref(config: &Config, b: &Bulletin) -> BulletinRef {
    BulletinRef {
        title: b.title.clone(),
        url: format!("{}bulletins/{}/", config.base_path, b.slug),
        series: b.series.clone(),
        issue: b.issue.clone(),
        date: b.date.map(|d| d.to_string()),
        date_text: b.date.as_ref().map(date_text),
    }
}

fn article_ref(config: &Config, b: &Bulletin, a: &Article) -> ArticleRef {
    ArticleRef {
        title: a.title.clone(),
        url: format!("{}bulletins/{}/{}/", config.base_path, b.slug, a.slug),
        section: a.section.clone(),
        subsection: a.subsection.clone(),
    }
}

/// The host of a source URL, as the reader knows the site (www. dropped).
pub fn site_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_string()
}

/// An issue's table of contents: columns, then sub-columns, in article order.
fn toc(config: &Config, b: &Bulletin) -> Vec<TocSection> {
    let mut out: Vec<TocSection> = Vec::new();
    for a in b.articles.iter().filter(|a| !a.draft) {
        if out.last().is_none_or(|s| s.name != a.section) {
            out.push(TocSection {
                name: a.section.clone(),
                groups: Vec::new(),
            });
        }
        let section = out.last_mut().expect("pushed above");
        if section.groups.last().is_none_or(|g| g.name != a.subsection) {
            section.groups.push(TocGroup {
                name: a.subsection.clone(),
                articles: Vec::new(),
            });
        }
        section
            .groups
            .last_mut()
            .expect("pushed above")
            .articles
            .push(article_ref(config, b, a));
    }
    out
}

enum Job<'a> {
    Index,
    Bulletin(&'a Bulletin),
    Article(&'a Bulletin, &'a Article),
    NotFound,
}

/// Plans and renders every page, then adds the static files.
pub fn build(config: &Config, bulletins: &[Bulletin], theme: &Theme) -> Result<Vec<OutputFile>> {
    let mut jobs = vec![Job::Index, Job::NotFound];
    for b in bulletins {
        jobs.push(Job::Bulletin(b));
        for a in b.articles.iter().filter(|a| !a.draft) {
            jobs.push(Job::Article(b, a));
        }
    }
    let mut files: Vec<OutputFile> = jobs
        .par_iter()
        .map(|job| render(config, bulletins, theme, job))
        .collect::<Result<_>>()?;
    for (name, bytes) in &theme.statics {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        });
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn render(config: &Config, bulletins: &[Bulletin], theme: &Theme, job: &Job) -> Result<OutputFile> {
    let (path, template, context, what) = match job {
        Job::Index => {
            let vm = IndexVm {
                site: site_vm(config),
                bulletins: bulletins
                    .iter()
                    .map(|b| IndexEntry {
                        bulletin: bulletin_ref(config, b),
                        articles: b
                            .articles
                            .iter()
                            .filter(|a| !a.draft)
                            .map(|a| article_ref(config, b, a))
                            .collect(),
                    })
                    .collect(),
            };
            (
                "index.html".to_string(),
                "index.html",
                tera::Context::from_serialize(vm),
                "the home page".to_string(),
            )
        }
        Job::NotFound => {
            let vm = NotFoundVm {
                site: site_vm(config),
            };
            (
                "404.html".to_string(),
                "404.html",
                tera::Context::from_serialize(vm),
                "the 404 page".to_string(),
            )
        }
        Job::Bulletin(b) => {
            let vm = BulletinVm {
                site: site_vm(config),
                bulletin: bulletin_ref(config, b),
                publisher: b.publisher.clone(),
                kind: b.kind.as_str(),
                intro_html: markdown::to_html(&b.intro),
                toc: toc(config, b),
            };
            (
                format!("bulletins/{}/index.html", b.slug),
                "bulletin.html",
                tera::Context::from_serialize(vm),
                format!("bulletin {}", b.slug),
            )
        }
        Job::Article(b, a) => {
            let vm = ArticleVm {
                site: site_vm(config),
                bulletin: bulletin_ref(config, b),
                article: article_ref(config, b, a),
                authors: a.authors.clone(),
                sources: a
                    .sources
                    .iter()
                    .filter(|u| markdown::is_safe_url(u))
                    .map(|u| SourceVm {
                        url: u.clone(),
                        site: site_name(u),
                    })
                    .collect(),
                source_name: a.source_name.clone(),
                body_html: markdown::to_html(&a.body),
            };
            (
                format!("bulletins/{}/{}/index.html", b.slug, a.slug),
                "article.html",
                tera::Context::from_serialize(vm),
                format!("article content/bulletins/{}/…{}.md", b.slug, a.slug),
            )
        }
    };
    let context = context.map_err(|e| anyhow::anyhow!("{what}: {}", tera_error_chain(&e)))?;
    let html = theme.tera.render(template, &context).map_err(|e| {
        anyhow::anyhow!(
            "rendering {what} with template {template}: {}",
            tera_error_chain(&e)
        )
    })?;
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
}
