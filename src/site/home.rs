//! The home page (`/`): the newest issues, each with its first articles, the columns and
//! the archive's size. Made from the shared index; one page, so its view-model is made
//! at once (`page_vm`).

use super::context::Context;
use super::emit::{page_view, Emitter};
use super::index::bulletin_summary;
use super::vm::{ArticleRef, BulletinRef, ColumnRef, Html, PageMeta, SiteVm};
use anyhow::Result;
use serde::Serialize;

/// How many issues the home page shows, and how many articles of each as list items.
const HOME_ISSUES: usize = 8;
const HOME_LEAD_ARTICLES: usize = 3;

#[derive(Debug, Serialize)]
pub struct HomeVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub issues: Vec<HomeIssue>,
    pub columns: Vec<ColumnRef>,
    pub bulletin_count: usize,
    pub article_count: usize,
}

#[derive(Debug, Serialize)]
pub struct HomeIssue {
    pub bulletin: BulletinRef,
    pub summary: String,
    /// The first articles' list items (`item.html`, without the issue).
    pub lead: Vec<Html>,
    /// The article of a one-article issue, shown as the issue itself.
    pub single: Option<ArticleRef>,
    /// The issue's other articles, shown as titles.
    pub rest: Vec<ArticleRef>,
    pub article_count: usize,
}

page_view!(HomeVm);

pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, config) = (&cx.ix, cx.config);
    let home = HomeVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page(config.title.clone(), config.base_path.clone(), "home")
            .jsonld(serde_json::json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": config.title,
                "url": config.base_url,
                "inLanguage": config.language,
            })),
        issues: (0..ix.bulletins.len().min(HOME_ISSUES))
            .map(|bi| -> Result<HomeIssue> {
                let b = &ix.bulletins[bi];
                let articles = &ix.by_bulletin[bi];
                let lead = &articles[..articles.len().min(HOME_LEAD_ARTICLES)];
                let refs = articles.iter().map(|&k| &*ix.entries[k].reference);
                Ok(HomeIssue {
                    bulletin: BulletinRef::clone(&ix.refs[bi]),
                    summary: bulletin_summary(&b.intro, b.paper.as_ref(), refs),
                    lead: pages.fx.items(ix, lead, false, true)?,
                    single: match articles[..] {
                        [k] => Some(ix.entries[k].reference.clone()),
                        _ => None,
                    },
                    rest: articles
                        .iter()
                        .skip(HOME_LEAD_ARTICLES)
                        .map(|&k| ix.entries[k].reference.clone())
                        .collect(),
                    article_count: articles.len(),
                })
            })
            .collect::<Result<_>>()?,
        columns: ix.columns.iter().map(|(c, _)| c.clone()).collect(),
        bulletin_count: ix.bulletins.len(),
        article_count: ix.entries.len(),
    };
    pages.page_vm("index.html".into(), "index.html", &home, || {
        "the home page".into()
    })
}
