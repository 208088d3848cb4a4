//! Timelines: the dated events the articles report, newest first, each linking to its
//! sentence in the article page: the site's (`/timeline/`) and each topic's
//! (`/topics/<t>/timeline/`), from `enrich`'s merged timeline. A timeline's first page
//! shows its newest events, a chart of events per month and a link per year; a year's
//! events known to the month or day are on `<year>/` (then `<year>/page/2/`…, a bounded
//! number to a page, by month with an index of months), those known to the year only on
//! `<year>/year-only/`. An event lists its first few sources and how many more reported
//! it. So no page grows with the archive.

use super::chart::bars;
use super::context::Context;
use super::emit::{page_view, Emitter, PageInputs};
use super::fragments::{once, Fragments};
use super::index::Index;
use super::keyed::Keyed;
use super::memo::key_of;
use super::paginate::{paginate, single_page, ListPage};
use super::vm::{Html, PageMeta, Pager, SiteVm, TermRef};
use crate::enrich::{TermKind, TimelineEvent};
use crate::model::{PartialDate, Precision};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

/// Events listed on a timeline's first page (`/timeline/`, `/topics/<t>/timeline/`).
const FIRST_PAGE_EVENTS: usize = 100;
/// Events listed on each page of a year (about 90 KB and 1,400 elements at most).
const YEAR_PAGE_EVENTS: usize = 200;
/// Sources an event lists; the others are counted ("另 N 篇").
const EVENT_SOURCES: usize = 3;

#[derive(Debug, Serialize)]
pub struct TimelineVm<'a> {
    pub site: SiteVm,
    pub page: PageMeta,
    pub title: String,
    /// The topic this timeline follows, if any.
    pub term: Option<TermRef>,
    /// The timeline's first page (newest events); a year's pages are `<root_url><year>/`.
    pub root_url: String,
    /// The year of a year's page.
    pub year: Option<i32>,
    /// Set on the pages of a year's events known to the year only.
    pub year_only: bool,
    /// Inline SVG: events per month (the first page: the newest ten years; a year's first
    /// page: its months); empty on the other pages.
    pub chart: String,
    /// The page's events by year, then month.
    pub years: Vec<YearEvents<'a>>,
    pub year_links: Vec<YearLink>,
    /// A year's pages: its months, each linking to where it starts.
    pub month_links: Vec<MonthLink>,
    /// A year's pages: the page of its events known to the year only, and how many.
    pub year_only_url: Option<String>,
    pub year_only_count: usize,
    /// The pages of this year's events (or of its year-only ones).
    pub pager: Pager,
    /// Events of the whole timeline (on a year's pages: of the year).
    pub total: usize,
    /// Set on the first page when it shows only the newest events.
    pub truncated: bool,
}

#[derive(Debug, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// A month of a year's pages: where its events start.
#[derive(Debug, Serialize)]
pub struct MonthLink {
    pub label: String,
    /// The page it starts on, with the anchor of its heading.
    pub url: String,
    pub count: usize,
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
    /// `6月`, `6月（续）` when it began on the page before, or `仅知年份`.
    pub label: String,
    /// The heading's id where a month link points to it (`m6`).
    pub id: Option<String>,
    /// The month's events, each rendered by `event.html` (once a build: pages share it).
    pub events: Vec<&'a Html>,
}

#[derive(Debug, Serialize)]
pub struct EventVm {
    /// `2021-06-08`, `2021-06` or `2021`, for `<time datetime>`.
    pub date: String,
    /// The date under its year's (and month's) heading: `6月8日`, `6月` or `2021年`.
    pub date_text: String,
    pub text: String,
    /// The first sources ([`EVENT_SOURCES`]).
    pub sources: Vec<EventSourceVm>,
    /// How many other articles reported it.
    pub more_sources: usize,
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
    let make = || {
        cx.enriched
            .timeline_by_term(cx.vocab, TermKind::Topic, topics.len())
    };
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

/// One year of a timeline: its events known to the month or day, and to the year only
/// (each newest first).
#[derive(Default)]
struct Year {
    dated: Vec<usize>,
    year_only: Vec<usize>,
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
    /// With a memo: per event, the hash of its entry's key and date, which is all a
    /// timeline page uses of it.
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
    /// page, and every page of every year (years in parallel).
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
        let mut by_year: BTreeMap<i32, Year> = BTreeMap::new();
        for &i in events {
            let e = &self.events[i];
            let year = by_year.entry(e.date.year).or_default();
            match e.precision {
                Precision::Year => year.year_only.push(i),
                _ => year.dated.push(i),
            }
        }
        let years: Vec<(i32, usize)> = by_year
            .iter()
            .map(|(y, l)| (*y, l.dated.len() + l.year_only.len()))
            .collect();
        let dated: Vec<usize> = events
            .iter()
            .copied()
            .filter(|&i| self.events[i].precision != Precision::Year)
            .collect();
        let shown = &dated[..dated.len().min(FIRST_PAGE_EVENTS)];
        let inputs = |title: String, at: At, listed, chart| TimelineInputs {
            site: &self.ix.site,
            title,
            term,
            root_url: url,
            at,
            events: self.events_of(listed),
            chart: self.events_of(chart),
            years: &years,
            months: Vec::new(),
            year_only: 0,
            pager: single_page(),
        };
        let mut first = inputs(title.to_string(), At::First, shown, &dated[..]);
        first.year_only = events.len() - dated.len();
        pages.page(format!("{rel}index.html"), "timeline.html", &first, what)?;
        by_year
            .par_iter()
            .try_for_each(|(&year, lists)| -> Result<()> {
                let year_url = format!("{url}{year}/");
                let name = match &term {
                    Some(t) => format!("{}：{year} 年大事", t.name),
                    None => format!("{year} 年大事"),
                };
                // A year with no event known to the month lists its year-only ones.
                let (main, aside) = match lists.dated.is_empty() {
                    true => (&lists.year_only, &[][..]),
                    false => (&lists.dated, &lists.year_only[..]),
                };
                let year_pages = paginate(base, &year_url, &name, main, YEAR_PAGE_EVENTS);
                let months = month_starts(self.events, main);
                for lp in year_pages {
                    let ListPage {
                        number,
                        path,
                        title,
                        items,
                        pager,
                        ..
                    } = lp;
                    let chart: &[usize] = if number == 1 { main } else { &[] };
                    let mut page = inputs(title, At::Year(year, number), items, chart);
                    page.months = months.clone();
                    page.year_only = aside.len();
                    page.pager = pager;
                    pages.page(path, "timeline.html", &page, || {
                        format!("{}, {year}, page {number}", what())
                    })?;
                }
                let aside_url = format!("{year_url}year-only/");
                let aside_name = format!("{name}（仅知年份）");
                for lp in paginate(base, &aside_url, &aside_name, aside, YEAR_PAGE_EVENTS) {
                    let number = lp.number;
                    let mut page = inputs(lp.title, At::YearOnly(year, number), lp.items, &[]);
                    page.pager = lp.pager;
                    pages.page(lp.path, "timeline.html", &page, || {
                        format!("{}, {year}, year-only page {number}", what())
                    })?;
                }
                Ok(())
            })
    }

    /// `list` as a page's inputs: hashed as its events' digests (with a memo).
    fn events_of<'l>(&'l self, list: &'l [usize]) -> TimelineEvents<'l> {
        let digest = match self.ix.memo {
            Some(_) => {
                let mut h = rustc_hash::FxHasher::default();
                list.len().hash(&mut h);
                for &i in list {
                    self.digests[i].hash(&mut h);
                }
                h.finish()
            }
            None => 0,
        };
        TimelineEvents {
            timeline: self,
            list,
            digest,
        }
    }

    /// What event `i`'s entry is made of.
    fn event_inputs(&self, i: usize) -> EventInputs<'a> {
        let ix = self.ix;
        let e = &self.events[i];
        let mut published = e
            .sources
            .iter()
            .filter(|s| !ix.bulletins[s.bulletin].articles[s.article].draft);
        let sources = published
            .by_ref()
            .take(EVENT_SOURCES)
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
            .collect();
        EventInputs {
            base: &ix.site.base_path,
            date: e.date,
            text: &e.text,
            sources,
            more_sources: published.count(),
        }
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

/// Per month of a year's events (newest first): the month, its number of events and
/// the page its first event is on.
fn month_starts(events: &[TimelineEvent], list: &[usize]) -> Vec<(u8, usize, usize)> {
    let mut months: Vec<(u8, usize, usize)> = Vec::new();
    for (at, &i) in list.iter().enumerate() {
        let Some(month) = events[i]
            .date
            .month
            .filter(|_| events[i].precision != Precision::Year)
        else {
            continue;
        };
        match months.last_mut() {
            Some(last) if last.0 == month => last.1 += 1,
            _ => months.push((month, 1, at / YEAR_PAGE_EVENTS + 1)),
        }
    }
    months
}

/// Everything an [`EventVm`] is made of, borrowed: the view-model is a function of this
/// alone ([`EventInputs::vm`]), so a hash of it finds the event's HTML in `serve`'s memo
/// without making the view-model first.
#[derive(Hash)]
struct EventInputs<'e> {
    base: &'e str,
    date: PartialDate,
    text: &'e str,
    /// The event's first sources in published articles.
    sources: Vec<SourceInputs<'e>>,
    /// How many other published articles reported it.
    more_sources: usize,
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
        let d = self.date;
        EventVm {
            date: d.to_string(),
            date_text: match (d.month, d.day) {
                (Some(m), Some(day)) => format!("{m}月{day}日"),
                (Some(m), None) => format!("{m}月"),
                _ => format!("{}年", d.year),
            },
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
            more_sources: self.more_sources,
        }
    }
}

/// Which page of a timeline: its first page, a page of a year's events, or of a year's
/// events known to the year only (pages count from 1).
#[derive(Debug, Clone, Copy, Hash, PartialEq)]
enum At {
    First,
    Year(i32, usize),
    YearOnly(i32, usize),
}

/// A page of a timeline whose first page is `root_url`.
#[derive(Hash)]
struct TimelineInputs<'a> {
    site: &'a Keyed<SiteVm>,
    title: String,
    /// The topic the timeline follows, if any.
    term: Option<&'a TermRef>,
    root_url: &'a str,
    at: At,
    /// The events the page lists.
    events: TimelineEvents<'a>,
    /// The events its chart counts (none but on the first page and a year's first).
    chart: TimelineEvents<'a>,
    /// The whole timeline's years, with their numbers of events.
    years: &'a [(i32, usize)],
    /// A year's pages: its months (newest first), their numbers of events and the page
    /// each starts on.
    months: Vec<(u8, usize, usize)>,
    /// The first page: events known to the year only (not listed there); a year's
    /// pages: its year-only events, on their own pages.
    year_only: usize,
    pager: Pager,
}

/// Events of a timeline, newest first: hashed as the digests of the events, which
/// cover all a timeline page uses of them.
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
        let tl = self.events.timeline;
        let root_url = self.root_url;
        let (year, number, year_only) = match self.at {
            At::First => (None, 1, false),
            At::Year(y, n) => (Some(y), n, false),
            At::YearOnly(y, n) => (Some(y), n, true),
        };
        let year_links = self
            .years
            .iter()
            .rev()
            .map(|&(y, count)| YearLink {
                year: y,
                url: format!("{root_url}{y}/"),
                count,
                current: year == Some(y) && !year_only,
            })
            .collect();
        let month_links = self
            .months
            .iter()
            .map(|&(month, count, on)| MonthLink {
                label: format!("{month}月"),
                url: match (year, on) {
                    (Some(y), 1) => format!("{root_url}{y}/#m{month}"),
                    (Some(y), n) => format!("{root_url}{y}/page/{n}/#m{month}"),
                    (None, _) => String::new(),
                },
                count,
            })
            .collect();
        let mut years: Vec<YearEvents> = Vec::new();
        for &i in self.events.list {
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
                // Where this page's year pages start each month (a year's pages only).
                let starts_here = self
                    .months
                    .iter()
                    .any(|&(m, _, on)| Some(m) == month && on == number);
                let label = match month {
                    Some(m) if year.is_some() && !starts_here && y.months.is_empty() => {
                        format!("{m}月（续）")
                    }
                    Some(m) => format!("{m}月"),
                    None => "仅知年份".to_string(),
                };
                y.months.push(MonthEvents {
                    month,
                    label,
                    id: month.filter(|_| starts_here).map(|m| format!("m{m}")),
                    events: Vec::new(),
                });
            }
            y.months
                .last_mut()
                .expect("pushed above")
                .events
                .push(tl.event_html(i)?);
        }
        let url = match self.at {
            At::First => root_url.to_string(),
            At::Year(y, 1) => format!("{root_url}{y}/"),
            At::Year(y, n) => format!("{root_url}{y}/page/{n}/"),
            At::YearOnly(y, 1) => format!("{root_url}{y}/year-only/"),
            At::YearOnly(y, n) => format!("{root_url}{y}/year-only/page/{n}/"),
        };
        let title = &self.title;
        let page = site
            .page(title.to_string(), url, "timeline")
            .describe(&format!(
                "{title}：各篇文章报道的有日期的事件，按年、月排列，最新的在前。"
            ));
        let chart = match self.chart.list {
            [] => String::new(),
            list => month_chart(list.iter().map(|&i| &tl.events[i]), title),
        };
        let total = match year {
            Some(y) => self
                .years
                .iter()
                .filter(|&&(x, _)| x == y)
                .map(|&(_, n)| n)
                .sum(),
            None => self.years.iter().map(|&(_, n)| n).sum(),
        };
        let aside = matches!(self.at, At::Year(..)) && self.year_only > 0;
        Ok(TimelineVm {
            site: site.clone(),
            page,
            title: title.to_string(),
            term: self.term.cloned(),
            root_url: root_url.to_string(),
            year,
            year_only,
            chart,
            years,
            year_links,
            month_links,
            year_only_url: year
                .filter(|_| aside)
                .map(|y| format!("{root_url}{y}/year-only/")),
            year_only_count: self.year_only,
            pager: self.pager.clone(),
            total,
            truncated: self.at == At::First && self.events.list.len() < self.chart.list.len(),
        })
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
