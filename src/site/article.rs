//! An article's page (`/bulletins/<b>/<article>/`): its body as HTML with the anchors
//! its timeline entries link to, sources, authors, the articles before and after it in
//! its issue, its topics and regions and related articles. Made from the article, its
//! facts (`enrich`), the shared index and the taxonomy. Twenty thousand articles make
//! twenty thousand of these pages: what is not the article's own text is kept small
//! (related articles as titles and dates, no list that every article of a column would
//! repeat, the summary said once in the head, no feed announced: the home page and the
//! listings announce them). Its column across all issues is one link away, from its
//! section's page in the breadcrumb.

use super::context::Context;
use super::emit::{page_view, Emitter, PageInputs};
use super::fragments::{Fragments, Listed};
use super::keyed::{Keyed, Picked};
use super::memo::key_of;
use super::vm::{ArticleRef, BulletinRef, Html, PageMeta, SiteVm, TermRef};
use crate::enrich::ArticleFacts;
use crate::markdown;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

#[derive(Debug, Serialize)]
pub struct ArticleVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub bulletin: BulletinRef,
    pub article: ArticleRef,
    pub authors: Vec<String>,
    pub sources: Vec<SourceVm>,
    pub source_name: Option<String>,
    pub body_html: Html,
    pub prev: Option<ArticleRef>,
    pub next: Option<ArticleRef>,
    /// Topics, regions and related articles.
    pub terms: ArticleTerms,
}

/// A source link with the site's name.
#[derive(Debug, Clone, Serialize)]
pub struct SourceVm {
    pub url: String,
    pub site: String,
}

/// Topics and regions of one article, and the related articles its page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleTerms {
    pub topics: Vec<TermRef>,
    pub regions: Vec<TermRef>,
    /// Related articles' list items (`item.html`, with their dates).
    pub related: Vec<Html>,
}

page_view!(ArticleVm);

/// Every article's page, in parallel.
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, tx) = (&cx.ix, &cx.tx);
    ix.entries
        .par_iter()
        .enumerate()
        .try_for_each(|(k, e)| -> Result<()> {
            let b = &ix.bulletins[e.bulletin];
            let a = &b.articles[e.article];
            let siblings = &ix.by_bulletin[e.bulletin];
            let pos = siblings.iter().position(|&s| s == k).unwrap_or(0);
            let (topics, regions) = tx.terms_of(k);
            let inputs = ArticleInputs {
                site: &ix.site,
                title: &a.title,
                section: a.section.as_deref(),
                authors: &a.authors,
                sources: &a.sources,
                source_name: a.source_name.as_deref(),
                body: Body {
                    text: &a.body,
                    facts: ix.enriched.article(e.bulletin, e.article),
                },
                reference: &e.reference,
                bulletin: &ix.refs[e.bulletin],
                prev: pos
                    .checked_sub(1)
                    .map(|p| &ix.entries[siblings[p]].reference),
                next: siblings.get(pos + 1).map(|&n| &ix.entries[n].reference),
                topics,
                regions,
                related: Listed::new(ix, tx.related_of(k)),
            };
            pages.page(
                format!("bulletins/{}/{}/index.html", b.slug, a.slug),
                "article.html",
                &inputs,
                || {
                    format!(
                        "the article content/bulletins/{}/{}",
                        b.slug,
                        crate::content::article_file_name(e.article, &a.slug)
                    )
                },
            )
        })
}

/// The page of an article.
#[derive(Hash)]
pub(super) struct ArticleInputs<'a> {
    pub site: &'a Keyed<SiteVm>,
    pub title: &'a str,
    pub section: Option<&'a str>,
    pub authors: &'a [String],
    pub sources: &'a [String],
    pub source_name: Option<&'a str>,
    pub body: Body<'a>,
    pub reference: &'a Keyed<ArticleRef>,
    pub bulletin: &'a Keyed<Arc<BulletinRef>>,
    /// The articles before and after it in its issue.
    pub prev: Option<&'a Keyed<ArticleRef>>,
    pub next: Option<&'a Keyed<ArticleRef>>,
    pub topics: Picked<'a, Keyed<TermRef>>,
    pub regions: Picked<'a, Keyed<TermRef>>,
    pub related: Listed<'a>,
}

impl PageInputs for ArticleInputs<'_> {
    type Vm = ArticleVm;

    fn vm(&self, fx: &Fragments) -> Result<ArticleVm> {
        let site = &**self.site;
        let (reference, bulletin): (&ArticleRef, &BulletinRef) = (self.reference, self.bulletin);
        let safe_sources = || self.sources.iter().filter(|u| markdown::is_safe_url(u));
        let page = site
            .page(self.title.to_string(), reference.url.clone(), "bulletins")
            .describe(&reference.summary)
            .article()
            .lastmod(bulletin.date.as_ref())
            .jsonld(article_jsonld(self, bulletin))
            .without_feeds();
        Ok(ArticleVm {
            site: site.clone(),
            page,
            bulletin: bulletin.clone(),
            article: reference.clone(),
            authors: self.authors.to_vec(),
            sources: safe_sources()
                .map(|u| SourceVm {
                    url: u.clone(),
                    site: site_name(u),
                })
                .collect(),
            source_name: self.source_name.map(str::to_string),
            body_html: self.body.html(fx)?,
            prev: self.prev.map(|r| (**r).clone()),
            next: self.next.map(|r| (**r).clone()),
            terms: ArticleTerms {
                topics: self.topics.iter().map(|t| (**t).clone()).collect(),
                regions: self.regions.iter().map(|t| (**t).clone()).collect(),
                related: self.related.items(fx, true, false)?,
            },
        })
    }
}

/// schema.org's description of an article: what the page head and `<title>` do not say
/// already (the description is the page's `<meta name="description">`; the URL its
/// canonical link; the language `<html lang>`; the publisher `og:site_name`; the issue's
/// URL the breadcrumb's link; the sources the links under 原文链接), and nothing that is
/// empty.
fn article_jsonld(a: &ArticleInputs, bulletin: &BulletinRef) -> serde_json::Value {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "isPartOf": {"@type": "PublicationIssue", "name": bulletin.title},
    });
    let fields = [
        (
            "datePublished",
            bulletin.date.as_ref().map(|d| serde_json::json!(d)),
        ),
        ("articleSection", a.section.map(|s| serde_json::json!(s))),
        (
            "author",
            (!a.authors.is_empty()).then(|| {
                a.authors
                    .iter()
                    .map(|n| serde_json::json!({"@type": "Person", "name": n}))
                    .collect()
            }),
        ),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            v[key] = value;
        }
    }
    v
}

/// An article's Markdown body, hashed as the hashes of its text and of its events (kept
/// with its facts): its HTML is made of the text and the events' anchors.
pub(super) struct Body<'a> {
    pub text: &'a str,
    pub facts: &'a ArticleFacts,
}

impl Hash for Body<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.facts.body_hash, self.facts.events_hash).hash(h);
    }
}

impl Body<'_> {
    /// The body as HTML, with the anchors its timeline entries link to.
    pub fn html(&self, fx: &Fragments) -> Result<Html> {
        let anchors = crate::enrich::events::anchors(&self.facts.events);
        let base = fx.base_path();
        let render = || Ok(markdown::to_html_with_anchors(self.text, &anchors, base));
        match fx.memo() {
            Some(memo) => memo
                .bodies
                .html(key_of((self.facts.body_hash, &anchors, base)), render),
            None => render().map(Html::unkeyed),
        }
    }
}

/// The host of a source URL, as the reader knows the site (www. dropped).
pub fn site_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names() {
        assert_eq!(
            site_name("http://www.cqn.com.cn/zj/content/1.htm"),
            "cqn.com.cn"
        );
        assert_eq!(site_name("https://kd.youth.cn/a/x"), "kd.youth.cn");
    }
}
