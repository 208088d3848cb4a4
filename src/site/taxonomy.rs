//! Topic, region and timeline pages, from what `enrich` derived.
//!
//! `/topics/` and `/regions/` list every term with its article count and a small chart
//! of its activity; `/topics/<t>/` and `/regions/<r>/` list its articles newest first
//! (paginated, with an Atom feed); `/topics/<t>/timeline/` and `/timeline/` list dated
//! events by year and month, each linking to the sentence in its article page, with a
//! chart of events per month drawn as inline SVG at build time: no script in the browser.

use super::fragments::Fragments;
use super::inputs::{FeedInputs, Keyed, ListPageInputs, Listed, PageInputs, Picked};
use super::memo::key_of;
use super::{paginate, Emitter, Html, Index, PageMeta, Pager, SiteVm};
use crate::config::Config;
use crate::enrich::{Enriched, TermKind, TimelineEvent, Vocabulary};
use crate::model::{PartialDate, Precision};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Related articles an article page shows, and the candidates looked at per shared term.
const RELATED: usize = 5;
const RELATED_CANDIDATES: usize = 400;
/// Events listed on a timeline's first page (`/timeline/`, `/topics/<t>/timeline/`); the
/// year pages list all of theirs.
const TIMELINE_PAGE_EVENTS: usize = 400;

/// A link to a topic or region.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermRef {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct TermCard {
    pub term: TermRef,
    pub description: String,
    /// Inline SVG: articles per year.
    pub chart: String,
    pub timeline_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TermsVm {
    pub site: SiteVm,
    pub page: PageMeta,
    /// `topic` or `region`.
    pub kind: &'static str,
    pub terms: Vec<TermCard>,
}

#[derive(Debug, Serialize)]
pub struct TermVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub kind: &'static str,
    pub term: TermRef,
    pub description: String,
    pub parent: Option<TermRef>,
    pub children: Vec<TermRef>,
    /// This page's articles: list items (`item.html`).
    pub articles: Vec<Html>,
    pub pager: Pager,
    pub timeline_url: Option<String>,
    pub feed_url: String,
}

#[derive(Debug, Serialize)]
pub struct TimelineVm<'a> {
    pub site: SiteVm,
    pub page: PageMeta,
    pub title: String,
    /// The topic this timeline follows, if any.
    pub term: Option<TermRef>,
    /// The timeline's first page (newest events); year pages are `<root_url><year>/`.
    pub root_url: String,
    /// Inline SVG: events per month.
    pub chart: String,
    pub years: Vec<YearEvents<'a>>,
    pub year_links: Vec<YearLink>,
    pub total: usize,
    /// Set when the page shows only the newest events.
    pub truncated: bool,
}

#[derive(Debug, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct YearEvents<'a> {
    pub year: i32,
    pub id: String,
    pub months: Vec<MonthEvents<'a>>,
}

#[derive(Debug, Serialize)]
pub struct MonthEvents<'a> {
    /// The month, unless the events are known to the year only.
    #[serde(skip)]
    pub month: Option<u8>,
    /// `6月`, or `月份不详` for events known to the year only.
    pub label: String,
    /// The month's events, each rendered by `event.html` (once a build: pages share it).
    pub events: Vec<&'a Html>,
}

#[derive(Debug, Serialize)]
pub struct EventVm {
    pub date: String,
    pub date_text: String,
    pub text: String,
    pub sources: Vec<EventSourceVm>,
}

#[derive(Debug, Serialize)]
pub struct EventSourceVm {
    pub title: String,
    /// The article page with the anchor of the sentence.
    pub url: String,
    pub issue: String,
}

/// Everything an [`EventVm`] is made of, borrowed: the view-model is a function of this
/// alone ([`EventInputs::vm`]), so a hash of it finds the event's HTML in `serve`'s memo
/// without making the view-model first.
#[derive(Hash)]
pub struct EventInputs<'e> {
    base: &'e str,
    date: PartialDate,
    text: &'e str,
    /// The event's sources in published articles.
    sources: Vec<SourceInputs<'e>>,
}

#[derive(Hash)]
struct SourceInputs<'e> {
    title: &'e str,
    bulletin_slug: &'e str,
    article_slug: &'e str,
    anchor: &'e str,
    /// The issue's label.
    issue: &'e str,
}

impl EventInputs<'_> {
    pub fn vm(&self) -> EventVm {
        EventVm {
            date: self.date.to_string(),
            date_text: super::date_text(&self.date),
            text: self.text.to_string(),
            sources: self
                .sources
                .iter()
                .map(|s| EventSourceVm {
                    title: s.title.to_string(),
                    url: format!(
                        "{}bulletins/{}/{}/#{}",
                        self.base, s.bulletin_slug, s.article_slug, s.anchor
                    ),
                    issue: s.issue.to_string(),
                })
                .collect(),
        }
    }
}

/// Topics and regions of one article, and the related articles its page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleTerms {
    pub topics: Vec<TermRef>,
    pub regions: Vec<TermRef>,
    /// Related articles' list items (`item.html`).
    pub related: Vec<Html>,
}

fn kind_str(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Topic => "topic",
        TermKind::Region => "region",
    }
}

fn kind_dir(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Topic => "topics",
        TermKind::Region => "regions",
    }
}

fn kind_title(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Topic => "主题",
        TermKind::Region => "地区",
    }
}

/// Which articles have which terms: all that depends on the articles' tags alone.
pub struct Terms {
    /// Per kind, per term: entry indices (into `Index::entries`), newest first.
    pub members: HashMap<TermKind, Vec<Vec<usize>>>,
    /// Per entry: its topics and regions (term indices).
    pub entry_terms: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Terms {
    fn new(ix: &Index, enriched: &Enriched, vocab: &Vocabulary) -> Terms {
        let entry_of: rustc_hash::FxHashMap<(usize, usize), usize> = ix
            .entries
            .iter()
            .enumerate()
            .map(|(k, e)| ((e.bulletin, e.article), k))
            .collect();
        let members = [TermKind::Topic, TermKind::Region]
            .into_iter()
            .map(|kind| {
                let lists = enriched
                    .by_term(ix.bulletins, vocab, kind)
                    .into_iter()
                    .map(|list| {
                        list.into_iter()
                            .filter_map(|ba| entry_of.get(&ba).copied())
                            .collect()
                    })
                    .collect();
                (kind, lists)
            })
            .collect();
        let entry_terms = ix
            .entries
            .iter()
            .map(|e| {
                let tags = &enriched.article(e.bulletin, e.article).tags;
                (tags.topics.clone(), tags.regions.clone())
            })
            .collect();
        Terms {
            members,
            entry_terms,
        }
    }

    /// A hash of what [`Terms::new`] makes them from: every article's place, draft flag
    /// and tags, and the number of terms of each kind.
    fn key(ix: &Index, enriched: &Enriched, vocab: &Vocabulary) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        for kind in [TermKind::Topic, TermKind::Region] {
            vocab.terms(kind).len().hash(&mut h);
        }
        for (b, facts) in ix.bulletins.iter().zip(&enriched.articles) {
            b.articles.len().hash(&mut h);
            for (a, f) in b.articles.iter().zip(facts) {
                (a.draft, &f.tags.topics, &f.tags.regions).hash(&mut h);
            }
        }
        h.finish()
    }
}

/// The taxonomy facts pages need, computed once (with `serve`'s memo, kept while what
/// they are made from stays the same).
pub struct Taxonomy {
    terms: Arc<Terms>,
    pub refs: HashMap<TermKind, Vec<Keyed<TermRef>>>,
    /// Per entry: its related articles, as entries.
    related: Arc<Vec<Vec<usize>>>,
    /// Per topic: its timeline, as indices into the site's.
    timelines: Arc<Vec<Vec<usize>>>,
}

impl Taxonomy {
    pub fn new(ix: &Index, enriched: &Enriched, vocab: &Vocabulary, base: &str) -> Taxonomy {
        let topics = vocab.terms(TermKind::Topic).len();
        let timelines = || enriched.timeline_by_term(TermKind::Topic, topics);
        // With a memo: the key of the tags everything below is made from.
        let key = ix.memo.map(|_| Terms::key(ix, enriched, vocab));
        let (terms, timelines) = match ix.memo.zip(key) {
            Some((memo, key)) => {
                let terms = memo
                    .terms
                    .get_or_make(key, || Terms::new(ix, enriched, vocab));
                let timelines = memo
                    .timelines
                    .get_or_make(key_of((key, enriched.timeline_key)), timelines);
                (terms, timelines)
            }
            None => (
                Arc::new(Terms::new(ix, enriched, vocab)),
                Arc::new(timelines()),
            ),
        };
        let refs = [TermKind::Topic, TermKind::Region]
            .into_iter()
            .map(|kind| {
                let r: Vec<Keyed<TermRef>> = vocab
                    .terms(kind)
                    .iter()
                    .zip(&terms.members[&kind])
                    .map(|(t, l)| {
                        let r = TermRef {
                            name: t.name.clone(),
                            url: format!("{base}{}/{}/", kind_dir(kind), t.slug),
                            count: l.len(),
                        };
                        Keyed::new(r, ix.memo.is_some())
                    })
                    .collect();
                (kind, r)
            })
            .collect();
        let mut tx = Taxonomy {
            terms,
            refs,
            related: Arc::default(),
            timelines,
        };
        tx.related = tx.all_related(ix, key);
        tx
    }

    /// Per kind, per term: entry indices (into `Index::entries`), newest first.
    pub fn members(&self, kind: TermKind) -> &[Vec<usize>] {
        &self.terms.members[&kind]
    }

    /// Per entry: its topics and regions (term indices).
    pub fn entry_terms(&self) -> &[(Vec<usize>, Vec<usize>)] {
        &self.terms.entry_terms
    }

    /// The topics and regions of entry `k`.
    pub fn terms_of(&self, k: usize) -> (Picked<'_, Keyed<TermRef>>, Picked<'_, Keyed<TermRef>>) {
        let (topics, regions) = &self.terms.entry_terms[k];
        (
            Picked {
                all: &self.refs[&TermKind::Topic],
                picked: topics,
            },
            Picked {
                all: &self.refs[&TermKind::Region],
                picked: regions,
            },
        )
    }

    /// The related articles of entry `k`, as entries.
    pub fn related_of(&self, k: usize) -> &[usize] {
        &self.related[k]
    }

    /// The related articles of entry `k`: shared topics weigh 2, shared regions 1;
    /// articles of other issues come first, then higher scores, then newer ones.
    fn rank_related(&self, ix: &Index, k: usize) -> Vec<usize> {
        let (topics, regions) = &self.terms.entry_terms[k];
        let own = ix.entries[k].bulletin;
        // Scores in a dense per-thread array indexed by entry (a hash map per article was a
        // tenth of the build): only the touched slots are read and reset.
        SCORES.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let Scratch { score, touched } = &mut *scratch;
            if score.len() < ix.entries.len() {
                score.resize(ix.entries.len(), 0);
            }
            for (kind, terms, weight) in
                [(TermKind::Topic, topics, 2), (TermKind::Region, regions, 1)]
            {
                for &t in terms {
                    for &o in self.terms.members[&kind][t].iter().take(RELATED_CANDIDATES) {
                        if o != k {
                            if score[o] == 0 {
                                touched.push(o);
                            }
                            score[o] += weight;
                        }
                    }
                }
            }
            let mut ranked: Vec<(bool, u32, usize)> = touched
                .drain(..)
                .map(|o| {
                    let s = std::mem::take(&mut score[o]);
                    (ix.entries[o].bulletin != own, s, o)
                })
                .collect();
            let order = |a: &(bool, u32, usize), b: &(bool, u32, usize)| {
                b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
            };
            if ranked.len() > RELATED {
                ranked.select_nth_unstable_by(RELATED - 1, order);
                ranked.truncate(RELATED);
            }
            ranked.sort_unstable_by(order);
            // A new vector: collected in place, the five would keep the capacity of every
            // candidate's tuple (550 MB over 20,000 articles).
            ranked.iter().map(|&(_, _, o)| o).collect()
        })
    }

    /// Every entry's related articles, in parallel. They depend only on each entry's
    /// issue and terms, which the terms' key (`Terms::key`: every article's place and
    /// tags) determines, so `serve`'s memo keeps them under it: an edit that leaves the
    /// articles' tags alone ranks nothing again.
    fn all_related(&self, ix: &Index, key: Option<u64>) -> Arc<Vec<Vec<usize>>> {
        let rank = || {
            (0..ix.entries.len())
                .into_par_iter()
                .map(|k| self.rank_related(ix, k))
                .collect()
        };
        match ix.memo.zip(key) {
            Some((memo, key)) => memo.related.get_or_make(key, rank),
            None => Arc::new(rank()),
        }
    }
}

/// Per-thread scratch space for [`Taxonomy::article_terms`].
#[derive(Default)]
struct Scratch {
    score: Vec<u32>,
    touched: Vec<usize>,
}

thread_local! {
    static SCORES: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Every taxonomy and timeline page, each handed to `pages` as soon as it is planned
/// (terms in parallel), so no listing waits in memory for the others.
pub(super) fn plan(
    ix: &Index,
    tx: &Taxonomy,
    config: &Config,
    enriched: &Enriched,
    vocab: &Vocabulary,
    pages: &Emitter,
) -> Result<()> {
    let base = &config.base_path;
    let timeline = Timeline::new(ix, pages.fx, &enriched.timeline);
    for kind in [TermKind::Topic, TermKind::Region] {
        let dir = kind_dir(kind);
        let title = kind_title(kind);
        let refs = &tx.refs[&kind];
        let terms = vocab.terms(kind);
        let cards: Vec<TermCard> = terms
            .iter()
            .enumerate()
            .filter(|(t, _)| refs[*t].count > 0)
            .map(|(t, term)| TermCard {
                term: refs[t].clone(),
                description: term.description.clone(),
                chart: year_chart(ix, &tx.members(kind)[t], &term.name),
                timeline_url: (kind == TermKind::Topic)
                    .then(|| format!("{}timeline/", refs[t].url)),
            })
            .collect();
        let vm = TermsVm {
            site: ix.site.clone(),
            page: ix
                .site
                .page(title.into(), format!("{base}{dir}/"), dir)
                .describe(&format!("按{title}浏览：每个{title}的文章与动态。")),
            kind: kind_str(kind),
            terms: cards,
        };
        pages.page_vm(format!("{dir}/index.html"), "terms.html", &vm, || {
            format!("the list of {dir}")
        })?;
        (0..terms.len())
            .into_par_iter()
            .try_for_each(|t| term_pages(ix, tx, config, &timeline, vocab, kind, t, pages))?;
    }

    // The site's timeline, and one page per year.
    let all: Vec<usize> = (0..enriched.timeline.len()).collect();
    timeline.pages(&all, "时间线", None, &format!("{base}timeline/"), pages)
}

/// A term's listing pages, its feed and (for a topic) its timeline.
#[allow(clippy::too_many_arguments)]
fn term_pages(
    ix: &Index,
    tx: &Taxonomy,
    config: &Config,
    timeline: &Timeline,
    vocab: &Vocabulary,
    kind: TermKind,
    t: usize,
    pages: &Emitter,
) -> Result<()> {
    let base = &config.base_path;
    let refs = &tx.refs[&kind];
    let terms = vocab.terms(kind);
    let term = &terms[t];
    let list = &tx.members(kind)[t];
    if list.is_empty() {
        return Ok(());
    }
    let r = &refs[t];
    let feed_url = format!("{}atom.xml", r.url);
    let rel = r
        .url
        .strip_prefix(base.as_str())
        .unwrap_or(&r.url)
        .to_string();
    let timeline_url = (kind == TermKind::Topic).then(|| format!("{}timeline/", r.url));
    let parent = term.parent.map(|p| &*refs[p]).filter(|p| p.count > 0);
    let children: Vec<TermRef> = terms
        .iter()
        .enumerate()
        .filter(|(_, c)| c.parent == Some(t))
        .map(|(c, _)| refs[c].clone())
        .filter(|c| c.count > 0)
        .collect();
    for lp in paginate(base, &r.url, &term.name, list, config.paginate_by) {
        let number = lp.number;
        let inputs = TermInputs {
            site: &ix.site,
            kind,
            term: r,
            description: &term.description,
            parent,
            children: &children,
            list: ListPageInputs {
                title: lp.title.into(),
                url: lp.url.into(),
                pager: lp.pager,
                articles: Listed::new(ix, lp.items),
            },
            timeline_url: timeline_url.as_deref(),
            feed_url: &feed_url,
        };
        pages.page(lp.path, "term.html", &inputs, || {
            format!("page {number} of {} '{}'", kind_str(kind), term.name)
        })?;
    }
    pages.page(
        format!("{rel}atom.xml"),
        "atom.xml",
        &FeedInputs {
            site: &ix.site,
            title: format!("{}：{}", config.title, term.name),
            page_url: &r.url,
            feed_url: &feed_url,
            ix,
            entries: list,
        },
        || format!("the feed of '{}'", term.name),
    )?;
    if let Some(url) = timeline_url {
        let events = &tx.timelines[t];
        let title = format!("{}：时间线", term.name);
        timeline.pages(events, &title, Some(r), &url, pages)?;
    }
    Ok(())
}

/// A page of a topic's or region's articles.
#[derive(Hash)]
struct TermInputs<'a> {
    site: &'a Keyed<SiteVm>,
    kind: TermKind,
    term: &'a TermRef,
    description: &'a str,
    parent: Option<&'a TermRef>,
    children: &'a [TermRef],
    list: ListPageInputs<'a>,
    timeline_url: Option<&'a str>,
    feed_url: &'a str,
}

impl PageInputs for TermInputs<'_> {
    type Vm = TermVm;

    fn vm(&self, fx: &Fragments) -> Result<TermVm> {
        let site = &**self.site;
        let term = self.term;
        let description = if self.description.is_empty() {
            &term.name
        } else {
            self.description
        };
        Ok(TermVm {
            site: site.clone(),
            page: self
                .list
                .page(site, kind_dir(self.kind))
                .describe(description)
                .feed(
                    format!("{}：{}", site.title, term.name),
                    self.feed_url.to_string(),
                ),
            kind: kind_str(self.kind),
            term: term.clone(),
            description: self.description.to_string(),
            parent: self.parent.cloned(),
            children: self.children.to_vec(),
            articles: self.list.articles.items(fx, true, true)?,
            pager: self.list.pager.clone(),
            timeline_url: self.timeline_url.map(str::to_string),
            feed_url: self.feed_url.to_string(),
        })
    }
}

/// The site's timeline (`events`, newest first), for planning its pages and the topics'
/// (a topic's timeline is a list of indices into `events`).
struct Timeline<'a> {
    ix: &'a Index<'a>,
    fx: &'a Fragments<'a>,
    events: &'a [TimelineEvent],
    /// With a memo: per event, the hash of its entry's key, date and precision, which is
    /// all a timeline page uses of it.
    digests: Vec<u64>,
}

impl<'a> Timeline<'a> {
    fn new(ix: &'a Index<'a>, fx: &'a Fragments<'a>, events: &'a [TimelineEvent]) -> Self {
        let mut timeline = Timeline {
            ix,
            fx,
            events,
            digests: Vec::new(),
        };
        if ix.memo.is_some() {
            let t = &timeline;
            let digests = (0..events.len())
                .into_par_iter()
                .map(|i| {
                    let key = fx.event_key(i, || t.event_inputs(i));
                    key_of((key, events[i].date, events[i].precision))
                })
                .collect();
            timeline.digests = digests;
        }
        timeline
    }

    /// A timeline at `url` (site-absolute) of `events` (indices, newest first): its first
    /// page with the newest events and links to a page per year, and the year pages
    /// (`<url><year>/`), in parallel. Splitting by year keeps a page readable: a broad
    /// topic of a 20,000-article archive has tens of thousands of events.
    fn pages(
        &self,
        events: &[usize],
        title: &str,
        term: Option<&TermRef>,
        url: &str,
        pages: &Emitter,
    ) -> Result<()> {
        let base = &self.ix.site.base_path;
        let rel = url.strip_prefix(base.as_str()).unwrap_or(url);
        let what = || match &term {
            Some(t) => format!("the timeline of '{}'", t.name),
            None => "the timeline".to_string(),
        };
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in events {
            by_year.entry(self.events[i].date.year).or_default().push(i);
        }
        let years: Vec<(i32, usize)> = by_year.iter().map(|(y, l)| (*y, l.len())).collect();
        // With a memo: each year's events hashed once, for its page and the first page.
        let digests: BTreeMap<i32, u64> = match self.ix.memo {
            Some(_) => by_year
                .par_iter()
                .map(|(year, in_year)| (*year, self.digest(in_year)))
                .collect(),
            None => BTreeMap::new(),
        };
        let inputs = |title: String, year: Option<i32>, events, digest| TimelineInputs {
            site: &self.ix.site,
            title,
            term,
            root_url: url,
            year,
            events: TimelineEvents {
                timeline: self,
                list: events,
                digest,
            },
            years: &years,
        };
        pages.page(
            format!("{rel}index.html"),
            "timeline.html",
            &inputs(title.to_string(), None, events, key_of(&digests)),
            what,
        )?;
        by_year
            .par_iter()
            .try_for_each(|(year, in_year)| -> Result<()> {
                let year_title = match &term {
                    Some(t) => format!("{}：{year} 年大事", t.name),
                    None => format!("{year} 年大事"),
                };
                let digest = digests.get(year).copied().unwrap_or_default();
                pages.page(
                    format!("{rel}{year}/index.html"),
                    "timeline.html",
                    &inputs(year_title, Some(*year), in_year, digest),
                    || format!("{}, {year}", what()),
                )
            })
    }

    /// What event `i`'s entry is made of.
    fn event_inputs(&self, i: usize) -> EventInputs<'a> {
        let ix = self.ix;
        let e = &self.events[i];
        EventInputs {
            base: &ix.site.base_path,
            date: e.date,
            text: &e.text,
            sources: e
                .sources
                .iter()
                .filter(|s| !ix.bulletins[s.bulletin].articles[s.article].draft)
                .map(|s| {
                    let b = &ix.bulletins[s.bulletin];
                    let a = &b.articles[s.article];
                    SourceInputs {
                        title: &a.title,
                        bulletin_slug: &b.slug,
                        article_slug: &a.slug,
                        anchor: &s.anchor,
                        issue: &ix.refs[s.bulletin].label,
                    }
                })
                .collect(),
        }
    }

    /// The hash of `events` as a timeline page uses them (their digests, in order).
    fn digest(&self, events: &[usize]) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        events.len().hash(&mut h);
        for &i in events {
            self.digests[i].hash(&mut h);
        }
        h.finish()
    }

    /// Event `i` as `event.html` renders it (once per build).
    fn event_html(&self, i: usize) -> Result<&'a Html> {
        self.fx.event(i, || self.event_inputs(i))
    }
}

/// A page of a timeline whose first page is `root_url`: with `year`, the events of that
/// year, else the newest.
#[derive(Hash)]
struct TimelineInputs<'a> {
    site: &'a Keyed<SiteVm>,
    title: String,
    /// The topic the timeline follows, if any.
    term: Option<&'a TermRef>,
    root_url: &'a str,
    year: Option<i32>,
    /// The events of the page (all of them on the first page, for its chart).
    events: TimelineEvents<'a>,
    /// The whole timeline's years, with their numbers of events.
    years: &'a [(i32, usize)],
}

/// Events of a timeline, newest first: hashed as their [`Timeline::digest`], which
/// covers all a timeline page uses of them. A year's page has its year's digest; the
/// first page, which lists every year's events (for its chart), the digests of all the
/// years (the events are newest first, so they are the years' lists one after another).
struct TimelineEvents<'a> {
    timeline: &'a Timeline<'a>,
    list: &'a [usize],
    digest: u64,
}

impl Hash for TimelineEvents<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (self.list.len(), self.digest).hash(h);
    }
}

impl<'a> PageInputs for TimelineInputs<'a> {
    type Vm = TimelineVm<'a>;

    fn vm(&self, _: &Fragments) -> Result<TimelineVm<'a>> {
        let site = &**self.site;
        let tl = self.timeline();
        let (events, root_url, year) = (self.events.list, self.root_url, self.year);
        let year_links = self
            .years
            .iter()
            .rev()
            .map(|&(y, count)| YearLink {
                year: y,
                url: format!("{root_url}{y}/"),
                count,
                current: year == Some(y),
            })
            .collect();
        let limit = if year.is_none() {
            TIMELINE_PAGE_EVENTS
        } else {
            usize::MAX
        };
        let shown = &events[..events.len().min(limit)];
        let mut years: Vec<YearEvents> = Vec::new();
        for &i in shown {
            let e = &tl.events[i];
            if years.last().is_none_or(|y| y.year != e.date.year) {
                years.push(YearEvents {
                    year: e.date.year,
                    id: format!("y{}", e.date.year),
                    months: Vec::new(),
                });
            }
            let month = e.date.month.filter(|_| e.precision != Precision::Year);
            let y = years.last_mut().expect("pushed above");
            if y.months.last().is_none_or(|m| m.month != month) {
                y.months.push(MonthEvents {
                    month,
                    label: match month {
                        Some(m) => format!("{m}月"),
                        None => "月份不详".to_string(),
                    },
                    events: Vec::new(),
                });
            }
            y.months
                .last_mut()
                .expect("pushed above")
                .events
                .push(tl.event_html(i)?);
        }
        let url = match year {
            Some(y) => format!("{root_url}{y}/"),
            None => root_url.to_string(),
        };
        let title = &self.title;
        let page = site
            .page(title.to_string(), url, "timeline")
            .describe(&format!(
                "{title}：各篇文章报道的有日期的事件，按年、月排列，最新的在前。"
            ));
        Ok(TimelineVm {
            site: site.clone(),
            page,
            title: title.to_string(),
            term: self.term.cloned(),
            root_url: root_url.to_string(),
            chart: month_chart(events.iter().map(|&i| &tl.events[i]), title),
            years,
            year_links,
            total: events.len(),
            truncated: events.len() > shown.len(),
        })
    }
}

impl<'a> TimelineInputs<'a> {
    fn timeline(&self) -> &'a Timeline<'a> {
        self.events.timeline
    }
}

/// Bars as inline SVG, one per label; `title` names the chart for screen readers.
fn bars(values: &[(String, usize)], title: &str, height: u32) -> String {
    if values.is_empty() {
        return String::new();
    }
    let max = values.iter().map(|v| v.1).max().unwrap_or(1).max(1) as f64;
    let bar = 10u32;
    let gap = 2u32;
    let width = values.len() as u32 * (bar + gap);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" preserveAspectRatio=\"none\" aria-label=\"{}\">",
        crate::markdown::escape_html(title)
    );
    for (i, (label, n)) in values.iter().enumerate() {
        let h = ((*n as f64 / max) * f64::from(height - 2))
            .round()
            .max(if *n > 0 { 1.0 } else { 0.0 }) as u32;
        let x = i as u32 * (bar + gap);
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{h}\"><title>{}：{n}</title></rect>",
            height - h,
            crate::markdown::escape_html(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Articles per year of a term's articles.
fn year_chart(ix: &Index, entries: &[usize], name: &str) -> String {
    let mut per: BTreeMap<i32, usize> = BTreeMap::new();
    for &k in entries {
        if let Some(d) = ix.bulletins[ix.entries[k].bulletin].date {
            *per.entry(d.year).or_default() += 1;
        }
    }
    let (Some(&first), Some(&last)) = (per.keys().next(), per.keys().last()) else {
        return String::new();
    };
    let values: Vec<(String, usize)> = (first..=last)
        .map(|y| (format!("{y}年"), per.get(&y).copied().unwrap_or(0)))
        .collect();
    bars(&values, &format!("{name}：每年的文章数"), 28)
}

/// Events per month, oldest to newest, months without events included.
fn month_chart<'e>(events: impl Iterator<Item = &'e TimelineEvent>, title: &str) -> String {
    let mut per: BTreeMap<(i32, u8), usize> = BTreeMap::new();
    for e in events {
        if let (Some(m), true) = (e.date.month, e.precision != Precision::Year) {
            *per.entry((e.date.year, m)).or_default() += 1;
        }
    }
    let (Some(&first), Some(&(mut y, mut m))) = (per.keys().next(), per.keys().last()) else {
        return String::new();
    };
    // The newest ten years at most, back from the newest month: a stray old date (1791年)
    // does not stretch the chart over centuries.
    let mut values = Vec::new();
    while (y, m) >= first && values.len() < 120 {
        values.push((
            format!("{y}年{m}月"),
            per.get(&(y, m)).copied().unwrap_or(0),
        ));
        (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    }
    values.reverse();
    bars(&values, &format!("{title}：每月的事件数"), 60)
}
