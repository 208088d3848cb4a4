//! What each page is made from. A page is planned as its inputs: borrowed, cheap to
//! gather, hashable. Its view-model is made from them alone ([`PageInputs::vm`]), and
//! only when the page is rendered; `serve` fingerprints a page by the hash of its inputs
//! (with the theme and the template), so a rebuild finds the few pages an edit changed
//! without making the view-model of the other thirty thousand.
//!
//! What many pages share (the site, an issue's reference, an article's reference) is
//! [`Keyed`]: hashed once per build, and a page's inputs hash its key. A list of
//! articles ([`Listed`]) hashes its articles' keys; an article body ([`Body`]) the hash
//! of its Markdown and the anchors put in it. Everything else is hashed as it is.
//! Because `vm` sees nothing but the inputs, equal hashes mean equal pages.

use super::fragments::Fragments;
use super::taxonomy::{ArticleTerms, TermRef};
use super::{
    markdown, rfc3339, site_name, ArticleRef, ArticleVm, BulletinRef, BulletinVm, ColumnRef,
    ColumnVm, FeedEntry, FeedVm, Html, Index, ItemGroup, PageMeta, Pager, SectionList, SectionVm,
    SiteVm, SourceVm, TocGroup, TocSection, View, FEED_ENTRIES,
};
use crate::enrich::summary::SUMMARY_CHARS;
use crate::enrich::ArticleFacts;
use crate::model::{Bulletin, PaperMeta};
use anyhow::Result;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// What a page is made from, and how.
pub(super) trait PageInputs: Hash {
    type Vm: View;
    /// The page's view-model, from these inputs alone.
    fn vm(&self, fx: &Fragments) -> Result<Self::Vm>;
}

/// A value many pages show, with a hash of it made once per build (only when `serve`
/// fingerprints pages: `gazette build` never does).
#[derive(Debug)]
pub(super) struct Keyed<T> {
    key: u64,
    value: T,
}

impl<T: Hash> Keyed<T> {
    pub fn new(value: T, fingerprinted: bool) -> Keyed<T> {
        let key = if fingerprinted {
            super::memo::key_of(&value)
        } else {
            0
        };
        Keyed { key, value }
    }
}

impl<T> Keyed<T> {
    pub fn key(&self) -> u64 {
        self.key
    }
}

impl<T> std::ops::Deref for Keyed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Hash for Keyed<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.key.hash(h);
    }
}

/// Articles a page lists (indices into the index's entries): hashed as their references'
/// keys, which are all a list item is made of.
pub(super) struct Listed<'a> {
    ix: &'a Index<'a>,
    entries: Cow<'a, [usize]>,
}

impl<'a> Listed<'a> {
    pub fn new(ix: &'a Index<'a>, entries: impl Into<Cow<'a, [usize]>>) -> Listed<'a> {
        Listed {
            ix,
            entries: entries.into(),
        }
    }

    pub fn refs(&self) -> impl Iterator<Item = &'a ArticleRef> + '_ {
        self.entries.iter().map(|&k| &*self.ix.entries[k].reference)
    }

    /// Their list items (`item.html`), showing their issue and column or not.
    pub fn items(&self, fx: &Fragments, show_issue: bool, show_section: bool) -> Result<Vec<Html>> {
        fx.items(self.ix, &self.entries, show_issue, show_section)
    }
}

impl Hash for Listed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.entries.len().hash(h);
        for &k in self.entries.iter() {
            self.ix.entry_keys[k].hash(h);
        }
    }
}

/// Some of a table's values (by index), hashed as the values.
pub(super) struct Picked<'a, T> {
    pub all: &'a [T],
    pub picked: &'a [usize],
}

impl<'a, T> Picked<'a, T> {
    pub fn iter(&self) -> impl Iterator<Item = &'a T> + '_ {
        self.picked.iter().map(|&i| &self.all[i])
    }
}

impl<T: Hash> Hash for Picked<'_, T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.picked.len().hash(h);
        self.iter().for_each(|v| v.hash(h));
    }
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
        let render = || Ok(markdown::to_html_with_anchors(self.text, &anchors));
        match fx.memo() {
            Some(memo) => memo.bodies.html(
                super::memo::key_of((self.facts.body_hash, &anchors)),
                render,
            ),
            None => render().map(Html::unkeyed),
        }
    }
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
    pub column: Option<&'a ColumnRef>,
    pub more_in_column: Listed<'a>,
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
            .jsonld(serde_json::json!({
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": self.title,
                "description": reference.summary,
                "datePublished": bulletin.date,
                "url": site.absolute(&reference.url),
                "inLanguage": site.language,
                "articleSection": self.section,
                "author": self.authors.iter().map(|n| serde_json::json!({"@type": "Person", "name": n})).collect::<Vec<_>>(),
                "isBasedOn": safe_sources().collect::<Vec<_>>(),
                "publisher": {"@type": "Organization", "name": site.title},
                "isPartOf": {"@type": "PublicationIssue", "name": bulletin.title, "url": site.absolute(&bulletin.url)},
            }));
        let page = match self.column {
            Some(c) => page.feed(
                format!("{}：{}", site.title, c.name),
                format!("{}atom.xml", c.url),
            ),
            None => page,
        };
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
            column: self.column.cloned(),
            more_in_column: self.more_in_column.items(fx, true, false)?,
            terms: ArticleTerms {
                topics: self.topics.iter().map(|t| (**t).clone()).collect(),
                regions: self.regions.iter().map(|t| (**t).clone()).collect(),
                related: self.related.items(fx, true, true)?,
            },
        })
    }
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
        }
    }

    /// What lists of issues say of it: its introduction's or abstract's beginning, or
    /// how many articles it has in which columns.
    pub fn summary(&self) -> String {
        bulletin_summary(self.intro, self.paper, self.articles.refs())
    }
}

/// See [`BulletinInputs::summary`].
pub(super) fn bulletin_summary<'r>(
    intro: &str,
    paper: Option<&PaperMeta>,
    articles: impl Iterator<Item = &'r ArticleRef>,
) -> String {
    if !intro.trim().is_empty() {
        return crate::text::summarize(&markdown::lead_text(intro, SUMMARY_CHARS), SUMMARY_CHARS);
    }
    if let Some(abs) = paper.and_then(|p| p.abstract_text.as_ref()) {
        return crate::text::summarize(abs, SUMMARY_CHARS);
    }
    let mut n = 0;
    let mut sections: Vec<&str> = Vec::new();
    for r in articles {
        n += 1;
        if let Some(s) = r.section.as_deref() {
            if !sections.contains(&s) {
                sections.push(s);
            }
        }
    }
    if sections.is_empty() {
        format!("本期共 {n} 篇。")
    } else {
        format!("本期共 {n} 篇，栏目：{}。", sections.join("、"))
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
                .jsonld(serde_json::json!({
                    "@context": "https://schema.org",
                    "@type": "PublicationIssue",
                    "name": self.title,
                    "issueNumber": self.issue,
                    "datePublished": bulletin.date,
                    "url": site.absolute(&bulletin.url),
                    "inLanguage": site.language,
                    "isPartOf": self.series.map(|s| serde_json::json!({"@type": "Periodical", "name": s})),
                    "hasPart": self.articles.refs().map(|r| serde_json::json!({
                        "@type": "NewsArticle",
                        "headline": r.title,
                        "url": site.absolute(&r.url),
                    })).collect::<Vec<_>>(),
                })),
            bulletin: bulletin.clone(),
            kind: self.kind,
            publisher: self.publisher.map(str::to_string),
            summary,
            intro_html: markdown::to_html(self.intro),
            paper: self.paper.cloned(),
            toc,
            article_count: self.articles.entries.len(),
            prev: self.prev.map(|r| BulletinRef::clone(r)),
            next: self.next.map(|r| BulletinRef::clone(r)),
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
                .lastmod(bulletin.date.as_ref()),
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

/// One page of a paginated listing: its title, URL and page links.
#[derive(Hash)]
pub(super) struct ListPageInputs<'a> {
    pub title: Cow<'a, str>,
    pub url: Cow<'a, str>,
    pub pager: Pager,
    pub articles: Listed<'a>,
}

impl ListPageInputs<'_> {
    /// What the page says of itself, under the navigation entry `nav`.
    pub fn page(&self, site: &SiteVm, nav: &'static str) -> PageMeta {
        site.page(self.title.to_string(), self.url.to_string(), nav)
    }
}

/// A page of a column's articles across all issues.
#[derive(Hash)]
pub(super) struct ColumnInputs<'a> {
    pub site: &'a Keyed<SiteVm>,
    pub column: &'a ColumnRef,
    pub list: ListPageInputs<'a>,
}

impl PageInputs for ColumnInputs<'_> {
    type Vm = ColumnVm;

    fn vm(&self, fx: &Fragments) -> Result<ColumnVm> {
        let site = &**self.site;
        let column = self.column;
        Ok(ColumnVm {
            site: site.clone(),
            page: self
                .list
                .page(site, "columns")
                .describe(&format!(
                    "「{}」栏目在各期的文章，最新的在前。",
                    column.name
                ))
                .feed(
                    format!("{}：{}", site.title, column.name),
                    format!("{}atom.xml", column.url),
                ),
            column: column.clone(),
            articles: self.list.articles.items(fx, true, false)?,
            pager: self.list.pager.clone(),
        })
    }
}

/// An Atom feed: the newest of `entries` (newest first), with their full text.
pub(super) struct FeedInputs<'a> {
    pub site: &'a Keyed<SiteVm>,
    pub title: String,
    /// Site-absolute URLs of the page the feed follows and of the feed.
    pub page_url: &'a str,
    pub feed_url: &'a str,
    pub ix: &'a Index<'a>,
    pub entries: &'a [usize],
}

impl FeedInputs<'_> {
    fn shown(&self) -> &[usize] {
        &self.entries[..self.entries.len().min(FEED_ENTRIES)]
    }
}

impl Hash for FeedInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.site, &self.title, self.page_url, self.feed_url).hash(h);
        let shown = self.shown();
        shown.len().hash(h);
        for &k in shown {
            let e = &self.ix.entries[k];
            let b = &self.ix.bulletins[e.bulletin];
            let a = &b.articles[e.article];
            let facts = self.ix.enriched.article(e.bulletin, e.article);
            (
                e.reference.key(),
                facts.body_hash,
                &a.authors,
                &a.topics,
                b.date,
            )
                .hash(h);
        }
    }
}

impl PageInputs for FeedInputs<'_> {
    type Vm = FeedVm;

    fn vm(&self, fx: &Fragments) -> Result<FeedVm> {
        let (ix, site) = (self.ix, &**self.site);
        let entries: Vec<FeedEntry> = self
            .shown()
            .iter()
            .map(|&k| -> Result<FeedEntry> {
                let e = &ix.entries[k];
                let b = &ix.bulletins[e.bulletin];
                let a = &b.articles[e.article];
                let mut categories: Vec<String> = a.section.iter().cloned().collect();
                categories.extend(a.topics.iter().flatten().cloned());
                let facts = ix.enriched.article(e.bulletin, e.article);
                Ok(FeedEntry {
                    title: a.title.clone(),
                    url: site.absolute(&e.reference.url),
                    id: site.absolute(&e.reference.url),
                    updated: rfc3339(b.date),
                    summary: e.reference.summary.clone(),
                    content_html: fx.feed_body(k, &a.body, facts.body_hash)?,
                    authors: a.authors.clone(),
                    categories,
                })
            })
            .collect::<Result<_>>()?;
        Ok(FeedVm {
            site: site.clone(),
            title: self.title.clone(),
            self_url: site.absolute(self.feed_url),
            alternate_url: site.absolute(self.page_url),
            id: site.absolute(self.feed_url),
            updated: entries
                .first()
                .map_or_else(|| rfc3339(None), |e| e.updated.clone()),
            entries,
        })
    }
}

impl SiteVm {
    /// Scheme and host of the base URL (`https://org.github.io`), for absolute URLs.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// The absolute URL of a site-absolute one.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{site_path}", self.origin())
    }

    /// What a page at `url` (site-absolute) titled `title` says of itself by default.
    pub fn page(&self, title: String, url: String, nav: &'static str) -> PageMeta {
        PageMeta {
            canonical: self.absolute(&url),
            description: self.description.clone(),
            og_type: "website",
            jsonld: None,
            feeds: vec![super::FeedLink {
                title: self.title.clone(),
                url: format!("{}atom.xml", self.base_path),
            }],
            lastmod: None,
            title,
            url,
            nav,
        }
    }
}
