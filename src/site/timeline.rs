//! Timelines: the dated events the articles report, by year and month, newest first, each
//! linking to its sentence in the article page, with a chart of events per month. The
//! site's (`/timeline/`) and each topic's (`/topics/<t>/timeline/`), each a first page of
//! the newest events and a page per year, from `enrich`'s merged timeline.

use super::chart::bars;
use super::context::Context;
use super::emit::{page_view, Emitter, PageInputs};
use super::fragments::{once, Fragments};
use super::index::Index;
use super::keyed::Keyed;
use super::memo::key_of;
use super::vm::{date_text, Html, PageMeta, SiteVm, TermRef};
use crate::enrich::{TermKind, TimelineEvent};
use crate::model::{PartialDate, Precision};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

/// Events listed on a timeline's first page (`/timeline/`, `/topics/<t>/timeline/`); the
/// year pages list all of theirs.
const TIMELINE_PAGE_EVENTS: usize = 400;

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

/// What `event.html` sees: one dated event of a timeline.
#[derive(Debug, Serialize)]
pub struct EventItemVm<'a> {
    pub e: &'a EventVm,
}

page_view!(TimelineVm<'_>);

/// The site's timeline and every topic's (topics in parallel), each page handed on as
/// soon as it is planned.
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, tx) = (&cx.ix, &cx.tx);
    let events = &cx.enriched.timeline;
    let timeline = Timeline::new(ix, pages.fx, events);
    let all: Vec<usize> = (0..events.len()).collect();
    let base = &cx.config.base_path;
    timeline.pages(&all, "时间线", None, &format!("{base}timeline/"), pages)?;

    // Per topic: its events, as indices into the site's timeline. With a memo, kept
    // while the articles' tags and the timeline stay the same.
    let topics = cx.vocab.terms(TermKind::Topic);
    let make = || cx.enriched.timeline_by_term(TermKind::Topic, topics.len());
    let by_topic = match ix.memo.zip(tx.key) {
        Some((memo, key)) => {
            let key = key_of((key, cx.enriched.timeline_key));
            memo.derived("topic timelines", key, make)
        }
        None => Arc::new(make()),
    };
    let refs = &tx.refs[&TermKind::Topic];
    (0..topics.len()).into_par_iter().try_for_each(|t| {
        if tx.members(TermKind::Topic)[t].is_empty() {
            return Ok(());
        }
        let r = &refs[t];
        let title = format!("{}：时间线", topics[t].name);
        let url = format!("{}timeline/", r.url);
        timeline.pages(&by_topic[t], &title, Some(r), &url, pages)
    })
}

/// The site's timeline (`events`, newest first), for planning its pages and the topics'
/// (a topic's timeline is a list of indices into `events`).
struct Timeline<'a> {
    ix: &'a Index<'a>,
    fx: &'a Fragments<'a>,
    events: &'a [TimelineEvent],
    /// Per event: its entry as `event.html` renders it, made the first time a page needs
    /// it (the year's page and every topic's timeline share it).
    html: Vec<OnceLock<Html>>,
    /// Per event: the hash of the theme and of its inputs (with a memo).
    keys: Vec<OnceLock<u64>>,
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
            html: (0..events.len()).map(|_| OnceLock::new()).collect(),
            keys: (0..events.len()).map(|_| OnceLock::new()).collect(),
            digests: Vec::new(),
        };
        if ix.memo.is_some() {
            let t = &timeline;
            let digests = (0..events.len())
                .into_par_iter()
                .map(|i| key_of((t.event_key(i), events[i].date, events[i].precision)))
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

    /// The key event `i`'s entry is kept under in `serve`'s memo: the hash of the theme
    /// and of its inputs (once a build).
    fn event_key(&self, i: usize) -> u64 {
        *self.keys[i]
            .get_or_init(|| key_of((self.fx.theme_digest(), "event.html", self.event_inputs(i))))
    }

    /// Event `i` as `event.html` renders it, made the first time a page needs it from its
    /// inputs ([`EventInputs::vm`]). `serve`'s memo finds it by the hash of the inputs, so
    /// the view-model is made only for an event whose inputs are new.
    fn event_html(&'a self, i: usize) -> Result<&'a Html> {
        once(&self.html[i], || {
            let render = || {
                let e = self.event_inputs(i).vm();
                self.fx
                    .render_text("event.html", &EventItemVm { e: &e }, || {
                        format!("the timeline entry of {}", e.date)
                    })
            };
            self.fx.keep(|| Ok(self.event_key(i)), render)
        })
    }
}

/// Everything an [`EventVm`] is made of, borrowed: the view-model is a function of this
/// alone ([`EventInputs::vm`]), so a hash of it finds the event's HTML in `serve`'s memo
/// without making the view-model first.
#[derive(Hash)]
struct EventInputs<'e> {
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
    fn vm(&self) -> EventVm {
        EventVm {
            date: self.date.to_string(),
            date_text: date_text(&self.date),
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
