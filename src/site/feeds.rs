//! Atom feeds: the site's newest articles (`/atom.xml`), each column's
//! (`/columns/<c>/atom.xml`) and each topic's and region's (`/topics/<t>/atom.xml`…),
//! the newest 50 of each, from the shared index and the taxonomy. Every entry carries its
//! summary and link; the site's and the columns' feeds also carry the full text of their
//! newest articles, within [`FULL_TEXT_BYTES`] a feed, so a feed's size is bounded
//! whatever the archive's size and the articles' length (a topic's or region's feed
//! carries summaries only: an article is in a dozen of them).

use super::context::Context;
use super::emit::{Emitter, PageInputs, View};
use super::fragments::{once, Fragments};
use super::index::Index;
use super::keyed::Keyed;
use super::memo::{key_of, Memo};
use super::vm::{Html, PageMeta, SiteVm};
use crate::enrich::TermKind;
use crate::model::PartialDate;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// Entries in a feed.
const FEED_ENTRIES: usize = 50;

/// The full text a feed carries at most, in bytes of HTML: the newest entries whose text
/// fits in what is left carry it (an article longer than the whole allowance never does);
/// the others their summary. About eight articles of the usual length.
const FULL_TEXT_BYTES: usize = 100_000;

/// An Atom feed: the newest entries of the site, a column or a topic.
#[derive(Debug, Serialize)]
pub struct FeedVm {
    pub site: SiteVm,
    pub title: String,
    /// Absolute URL of the feed itself.
    pub self_url: String,
    /// Absolute URL of the page the feed follows.
    pub alternate_url: String,
    pub id: String,
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub id: String,
    /// RFC 3339.
    pub updated: String,
    pub summary: String,
    /// The full text (the newest entries of the site's and the columns' feeds, within
    /// [`FULL_TEXT_BYTES`]).
    pub content_html: Option<Html>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
}

impl View for FeedVm {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

/// The site's feed, and every column's, topic's and region's (in parallel).
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, config) = (&cx.ix, cx.config);
    let base = &config.base_path;
    let bodies = Bodies::new(ix, base);
    let feed = |title: String,
                page_url: &str,
                entries: &[usize],
                full_text: bool,
                what: &dyn Fn() -> String| {
        let feed_url = format!("{page_url}atom.xml");
        let path = feed_url.strip_prefix(base.as_str()).unwrap_or(&feed_url);
        let inputs = FeedInputs {
            site: &ix.site,
            title,
            page_url,
            feed_url: &feed_url,
            ix,
            entries,
            full_text,
            bodies: &bodies,
        };
        pages.page(path.to_string(), "atom.xml", &inputs, what)
    };
    let newest: Vec<usize> = (0..ix.entries.len()).collect();
    feed(config.title.clone(), base, &newest, true, &|| {
        "the site feed".into()
    })?;
    ix.columns.par_iter().try_for_each(|(column, list)| {
        let title = format!("{}：{}", config.title, column.name);
        feed(title, &column.url, list, true, &|| {
            format!("the feed of the column '{}'", column.name)
        })
    })?;
    for kind in [TermKind::Topic, TermKind::Region] {
        let terms = cx.vocab.terms(kind);
        let refs = &cx.tx.refs[&kind];
        (0..terms.len()).into_par_iter().try_for_each(|t| {
            let list = &cx.tx.members(kind)[t];
            if list.is_empty() {
                return Ok(());
            }
            let title = format!("{}：{}", config.title, terms[t].name);
            feed(title, &refs[t].url, list, false, &|| {
                format!("the feed of '{}'", terms[t].name)
            })
        })?;
    }
    Ok(())
}

/// The entries' bodies as feeds show them (HTML without the timeline's anchors), each
/// rendered once for all its feeds (an article is in up to a dozen: the site's, its
/// column's, its terms').
struct Bodies<'a> {
    memo: Option<&'a Memo>,
    /// The site's base path: links written from the root are put under it.
    base_path: &'a str,
    /// Per entry of the index.
    html: Vec<OnceLock<Html>>,
}

impl<'a> Bodies<'a> {
    fn new(ix: &Index<'a>, base_path: &'a str) -> Bodies<'a> {
        Bodies {
            memo: ix.memo,
            base_path,
            html: (0..ix.entries.len()).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The body of entry `k`, from its Markdown (whose hash is `body_hash`).
    fn html(&self, k: usize, body: &str, body_hash: u64) -> Result<Html> {
        once(&self.html[k], || {
            let render = || Ok(crate::markdown::to_html(body, self.base_path));
            match self.memo {
                Some(memo) => memo
                    .bodies
                    .html(key_of(("feed", body_hash, self.base_path)), render),
                None => render().map(Html::unkeyed),
            }
        })
        .cloned()
    }
}

/// An Atom feed: the newest of `entries` (newest first), the newest of them with their
/// full text.
struct FeedInputs<'a> {
    site: &'a Keyed<SiteVm>,
    title: String,
    /// Site-absolute URLs of the page the feed follows and of the feed.
    pub page_url: &'a str,
    pub feed_url: &'a str,
    pub ix: &'a Index<'a>,
    pub entries: &'a [usize],
    /// Whether entries carry the article's full text, or their summaries only.
    pub full_text: bool,
    /// Where the entries' bodies are rendered once for every feed (not hashed).
    pub bodies: &'a Bodies<'a>,
}

impl FeedInputs<'_> {
    fn shown(&self) -> &[usize] {
        &self.entries[..self.entries.len().min(FEED_ENTRIES)]
    }
}

impl Hash for FeedInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (
            self.site,
            &self.title,
            self.page_url,
            self.feed_url,
            self.full_text,
        )
            .hash(h);
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

    fn vm(&self, _: &Fragments) -> Result<FeedVm> {
        let (ix, site) = (self.ix, &**self.site);
        let mut allowance = if self.full_text { FULL_TEXT_BYTES } else { 0 };
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
                let content_html = match allowance {
                    0 => None,
                    _ => Some(self.bodies.html(k, &a.body, facts.body_hash)?)
                        .filter(|html| html.as_str().len() <= allowance),
                };
                allowance -= content_html.as_ref().map_or(0, |h| h.as_str().len());
                Ok(FeedEntry {
                    title: a.title.clone(),
                    url: site.absolute(&e.reference.url),
                    id: site.absolute(&e.reference.url),
                    updated: rfc3339(b.date),
                    summary: e.reference.summary.clone(),
                    content_html,
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

/// A partial date as an RFC 3339 timestamp at the start of its period, China time.
fn rfc3339(d: Option<PartialDate>) -> String {
    match d {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T00:00:00+08:00",
            d.year,
            d.month.unwrap_or(1),
            d.day.unwrap_or(1)
        ),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}
