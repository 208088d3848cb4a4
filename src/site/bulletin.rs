//! An issue's pages: its table of contents (`/bulletins/<b>/`: cover, introduction or
//! abstract, columns and articles, the issues before and after it in its series) and a
//! page per column of the issue (`/bulletins/<b>/<column>/`), from the shared index.

use super::context::Context;
use super::emit::{page_view, Emitter, PageInputs};
use super::fragments::{Fragments, Listed};
use super::index::{bulletin_summary, Index};
use super::keyed::Keyed;
use super::vm::{ArticleRef, BulletinRef, ColumnRef, Html, PageMeta, SiteVm};
use crate::markdown;
use crate::model::{Bulletin, Original, PaperMeta};
use crate::search::index::IndexFile;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Serialize)]
pub struct BulletinVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub bulletin: BulletinRef,
    pub kind: &'static str,
    pub publisher: Option<String>,
    pub summary: String,
    pub intro_html: String,
    pub paper: Option<PaperMeta>,
    pub toc: Vec<TocSection>,
    pub article_count: usize,
    pub prev: Option<BulletinRef>,
    pub next: Option<BulletinRef>,
    /// The document the issue was imported from, to download (下载原文).
    pub original: Option<OriginalVm>,
}

/// An issue's original document as its page offers it.
#[derive(Debug, Serialize)]
pub struct OriginalVm {
    pub url: String,
    /// "PDF", "Word", "HTML".
    pub format: &'static str,
    pub size: String,
}

/// `files` and each issue's original document (`original.pdf`…), published beside its page.
pub(super) fn with_originals(
    bulletins: &[Bulletin],
    mut files: Vec<IndexFile>,
) -> Result<Vec<IndexFile>> {
    for b in bulletins {
        if let Some(o) = &b.original {
            let bytes = std::fs::read(&o.path)
                .with_context(|| format!("cannot read {}", o.path.display()))?;
            files.push(IndexFile {
                path: format!("bulletins/{}/{}", b.slug, o.file),
                bytes: Arc::from(bytes),
            });
        }
    }
    Ok(files)
}

/// One column of an issue's table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocSection {
    pub name: Option<String>,
    pub url: Option<String>,
    pub groups: Vec<TocGroup>,
}

/// A sub-column (or the column itself when it has none) and its articles.
#[derive(Debug, Clone, Serialize)]
pub struct TocGroup {
    pub name: Option<String>,
    pub articles: Vec<ArticleRef>,
}

#[derive(Debug, Serialize)]
pub struct SectionVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub bulletin: BulletinRef,
    pub section: SectionList,
    pub column: Option<ColumnRef>,
}

/// One column of an issue, as its page lists it.
#[derive(Debug, Serialize)]
pub struct SectionList {
    pub name: Option<String>,
    pub url: Option<String>,
    pub groups: Vec<ItemGroup>,
}

/// A sub-column (or the column itself when it has none): its articles' list items
/// (`item.html`, without issue and column).
#[derive(Debug, Serialize)]
pub struct ItemGroup {
    pub name: Option<String>,
    pub items: Vec<Html>,
}

page_view!(BulletinVm, SectionVm);

/// Every issue's page and its columns' pages, issues in parallel.
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let ix = &cx.ix;
    ix.bulletins
        .par_iter()
        .enumerate()
        .try_for_each(|(bi, b)| -> Result<()> {
            pages.page(
                format!("bulletins/{}/index.html", b.slug),
                "bulletin.html",
                &BulletinInputs::new(ix, bi),
                || format!("the issue content/bulletins/{}/index.md", b.slug),
            )?;
            let articles = &ix.by_bulletin[bi];
            for runs in toc_runs(articles.iter().map(|&k| &*ix.entries[k].reference)) {
                let first = &ix.entries[articles[runs[0].start]].reference;
                let Some(name) = first.section.as_deref() else {
                    continue;
                };
                let groups = runs
                    .into_iter()
                    .map(|run| {
                        let subsection = ix.entries[articles[run.start]]
                            .reference
                            .subsection
                            .as_deref();
                        (subsection, Listed::new(ix, &articles[run]))
                    })
                    .collect();
                let slug = &ix.section_slugs[bi][name];
                pages.page(
                    format!("bulletins/{}/{slug}/index.html", b.slug),
                    "section.html",
                    &SectionInputs {
                        site: &ix.site,
                        bulletin: &ix.refs[bi],
                        name,
                        url: first.section_url.as_deref(),
                        groups,
                        column: ix.column(first.section.as_ref()),
                    },
                    || format!("the column '{name}' of content/bulletins/{}/", b.slug),
                )?;
            }
            Ok(())
        })
}

/// The page of an issue: its table of contents.
#[derive(Hash)]
pub(super) struct BulletinInputs<'a> {
    pub site: &'a Keyed<SiteVm>,
    pub title: &'a str,
    pub kind: &'static str,
    pub series: Option<&'a str>,
    pub issue: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub intro: &'a str,
    pub paper: Option<&'a PaperMeta>,
    pub bulletin: &'a Keyed<Arc<BulletinRef>>,
    /// Its published articles, in order.
    pub articles: Listed<'a>,
    /// The issues before and after it in its series.
    pub prev: Option<&'a Keyed<Arc<BulletinRef>>>,
    pub next: Option<&'a Keyed<Arc<BulletinRef>>>,
    pub original: Option<&'a Original>,
}

impl<'a> BulletinInputs<'a> {
    pub fn new(ix: &'a Index<'a>, bi: usize) -> BulletinInputs<'a> {
        let b: &'a Bulletin = &ix.bulletins[bi];
        let (older, newer) = ix.neighbours[bi];
        BulletinInputs {
            site: &ix.site,
            title: &b.title,
            kind: b.kind.as_str(),
            series: b.series.as_deref(),
            issue: b.issue.as_deref(),
            publisher: b.publisher.as_deref(),
            intro: &b.intro,
            paper: b.paper.as_ref(),
            bulletin: &ix.refs[bi],
            articles: Listed::new(ix, &ix.by_bulletin[bi][..]),
            prev: older.map(|i| &ix.refs[i]),
            next: newer.map(|i| &ix.refs[i]),
            original: b.original.as_ref(),
        }
    }

    /// What lists of issues say of it: its introduction's or abstract's beginning, or
    /// how many articles it has in which columns.
    pub fn summary(&self) -> String {
        bulletin_summary(self.intro, self.paper, self.articles.refs())
    }
}

impl PageInputs for BulletinInputs<'_> {
    type Vm = BulletinVm;

    fn vm(&self, _: &Fragments) -> Result<BulletinVm> {
        let site = &**self.site;
        let bulletin: &BulletinRef = self.bulletin;
        let summary = self.summary();
        let refs: Vec<&ArticleRef> = self.articles.refs().collect();
        let toc = toc_runs(refs.iter().copied())
            .into_iter()
            .map(|runs| TocSection {
                name: refs[runs[0].start].section.clone(),
                url: refs[runs[0].start].section_url.clone(),
                groups: runs
                    .into_iter()
                    .map(|run| TocGroup {
                        name: refs[run.start].subsection.clone(),
                        articles: refs[run].iter().map(|&r| r.clone()).collect(),
                    })
                    .collect(),
            })
            .collect();
        Ok(BulletinVm {
            site: site.clone(),
            page: site
                .page(self.title.to_string(), bulletin.url.clone(), "bulletins")
                .describe(&summary)
                .lastmod(bulletin.date.as_ref())
                // What the head does not say already: not the URL (the canonical link), the
                // language (`<html lang>`) nor the articles (the table of contents lists them,
                // and each article's own JSON-LD names its issue).
                .jsonld(serde_json::json!({
                    "@context": "https://schema.org",
                    "@type": "PublicationIssue",
                    "name": self.title,
                    "issueNumber": self.issue,
                    "datePublished": bulletin.date,
                    "isPartOf": self.series.map(|s| serde_json::json!({"@type": "Periodical", "name": s})),
                })),
            bulletin: bulletin.clone(),
            kind: self.kind,
            publisher: self.publisher.map(str::to_string),
            summary,
            intro_html: markdown::to_html(self.intro, &site.base_path),
            paper: self.paper.cloned(),
            toc,
            article_count: self.articles.len(),
            prev: self.prev.map(|r| BulletinRef::clone(r)),
            next: self.next.map(|r| BulletinRef::clone(r)),
            original: self.original.map(|o| OriginalVm {
                url: format!("{}{}", bulletin.url, o.file),
                format: o.format(),
                size: o.size(),
            }),
        })
    }
}

/// The page of one column of an issue.
#[derive(Hash)]
pub(super) struct SectionInputs<'a> {
    pub site: &'a Keyed<SiteVm>,
    pub bulletin: &'a Keyed<Arc<BulletinRef>>,
    pub name: &'a str,
    pub url: Option<&'a str>,
    /// Its sub-columns (or itself, when it has none) and their articles.
    pub groups: Vec<(Option<&'a str>, Listed<'a>)>,
    pub column: Option<&'a ColumnRef>,
}

impl PageInputs for SectionInputs<'_> {
    type Vm = SectionVm;

    fn vm(&self, fx: &Fragments) -> Result<SectionVm> {
        let site = &**self.site;
        let bulletin: &BulletinRef = self.bulletin;
        let name = self.name;
        Ok(SectionVm {
            site: site.clone(),
            page: site
                .page(
                    format!("{name} · {}", bulletin.label),
                    self.url.unwrap_or_default().to_string(),
                    "bulletins",
                )
                .describe(&format!("{} {name}栏目的文章。", bulletin.label))
                .lastmod(bulletin.date.as_ref())
                .without_feeds(),
            bulletin: bulletin.clone(),
            column: self.column.cloned(),
            section: SectionList {
                name: Some(name.to_string()),
                url: self.url.map(str::to_string),
                groups: self
                    .groups
                    .iter()
                    .map(|(name, listed)| -> Result<ItemGroup> {
                        Ok(ItemGroup {
                            name: name.map(str::to_string),
                            items: listed.items(fx, false, false)?,
                        })
                    })
                    .collect::<Result<_>>()?,
            },
        })
    }
}

/// An issue's columns in article order, each as its runs of articles with the same
/// sub-column: ranges of positions in `articles`, every run non-empty.
pub(super) fn toc_runs<'r>(
    articles: impl Iterator<Item = &'r ArticleRef>,
) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = Vec::new();
    let mut previous: Option<&ArticleRef> = None;
    for (i, r) in articles.enumerate() {
        let new_section = previous.is_none_or(|p| p.section != r.section);
        if new_section {
            out.push(Vec::new());
        }
        let section = out.last_mut().expect("pushed above");
        if new_section || previous.is_some_and(|p| p.subsection != r.subsection) {
            section.push(i..i);
        }
        section.last_mut().expect("pushed above").end = i + 1;
        previous = Some(r);
    }
    out
}
