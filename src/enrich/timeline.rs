//! The timeline: the events of all articles, the same fact reported by several articles
//! merged into one entry with several sources.
//!
//! Two events are the same fact when they have the same date (at the same precision),
//! come from different articles, and their sentences are very similar: the Dice
//! coefficient of their character bigrams (Han characters, letters and digits only, the
//! date itself left out) is at least [`SAME_FACT`]. Candidates are found through an
//! index of bigrams, so merging stays near-linear however many events share a date.

use super::events::Event;
use super::text::squash;
use crate::hashing::key_of;
use crate::model::{Bulletin, PartialDate, Precision};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// The bigram similarity above which two same-day sentences report one fact.
pub const SAME_FACT: f64 = 0.6;

/// Bigrams shared by more events than this are not used to find candidates (they are
/// still counted when two candidates are compared).
const COMMON_BIGRAM: usize = 64;

/// Where an event was reported: an article and the anchor of its sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSource {
    /// Index into the bulletins given to [`TimelineMemo::timeline`], and of the article in it.
    pub bulletin: usize,
    pub article: usize,
    pub bulletin_slug: String,
    pub article_slug: String,
    /// `ev-N`: link to `<article page>#ev-N`.
    pub anchor: String,
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    pub date: PartialDate,
    pub precision: Precision,
    /// The text of the first source.
    pub text: String,
    /// Every article that reports it, in the order they were given.
    pub sources: Vec<EventSource>,
}

fn bigrams(e: &Event) -> Vec<u64> {
    let text = squash(&e.text).replace(&squash(&e.date_text), "");
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric() && *c != '…')
        .collect();
    let mut out: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(w[0] as u32) << 32) | u64::from(w[1] as u32))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Merges events into timeline entries, newest first (a day before its month, a month
/// before its year); entries of one date keep the order of their first source.
pub fn merge_events(items: Vec<(EventSource, Event)>) -> Vec<TimelineEvent> {
    let mut by_date: HashMap<PartialDate, Vec<usize>> = HashMap::new();
    for (i, (_, e)) in items.iter().enumerate() {
        by_date.entry(e.date).or_default().push(i);
    }
    let mut entries: Vec<(usize, TimelineEvent)> = Vec::new();
    let mut items: Vec<Option<(EventSource, Event)>> = items.into_iter().map(Some).collect();
    for (date, members) in by_date {
        let grams: Vec<Vec<u64>> = members
            .iter()
            .map(|&i| bigrams(&items[i].as_ref().expect("unmerged").1))
            .collect();
        // cluster[k]: the entry member k joined (by index in `members`).
        let mut cluster: Vec<usize> = (0..members.len()).collect();
        let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut counts: Vec<usize> = vec![0; members.len()];
        let mut touched: Vec<usize> = Vec::new();
        for k in 0..members.len() {
            // Shared bigrams with earlier members, through the rarer bigrams only; the
            // common ones skipped are an upper bound of what the count misses.
            let mut skipped = 0;
            for g in &grams[k] {
                match postings.get(g) {
                    Some(list) if list.len() <= COMMON_BIGRAM => {
                        for &j in list {
                            if counts[j] == 0 {
                                touched.push(j);
                            }
                            counts[j] += 1;
                        }
                    }
                    Some(_) => skipped += 1,
                    None => {}
                }
            }
            let me = &items[members[k]].as_ref().expect("unmerged").0;
            let mut best: Option<(f64, usize)> = None;
            for &j in &touched {
                let total = (grams[k].len() + grams[j].len()).max(1) as f64;
                let upper = 2.0 * (counts[j] + skipped) as f64 / total;
                if upper < SAME_FACT {
                    continue;
                }
                let other = &items[members[j]].as_ref().expect("unmerged").0;
                if other.bulletin == me.bulletin && other.article == me.article {
                    continue;
                }
                let dice = 2.0 * shared(&grams[k], &grams[j]) as f64 / total;
                if dice >= SAME_FACT && best.is_none_or(|(b, bj)| dice > b || (dice == b && j < bj))
                {
                    best = Some((dice, j));
                }
            }
            for j in touched.drain(..) {
                counts[j] = 0;
            }
            if let Some((_, j)) = best {
                cluster[k] = cluster[j];
            }
            for g in &grams[k] {
                postings.entry(*g).or_default().push(k);
            }
        }
        let mut heads: HashMap<usize, usize> = HashMap::new();
        for k in 0..members.len() {
            let (source, event) = items[members[k]].take().expect("unmerged");
            let head = cluster[k];
            match heads.get(&head) {
                Some(&e) => entries[e].1.sources.push(source),
                None => {
                    heads.insert(head, entries.len());
                    entries.push((
                        members[k],
                        TimelineEvent {
                            date,
                            precision: event.precision,
                            text: event.text,
                            sources: vec![source],
                        },
                    ));
                }
            }
        }
    }
    entries.sort_by(|a, b| b.1.date.cmp(&a.1.date).then(a.0.cmp(&b.0)));
    entries.into_iter().map(|(_, e)| e).collect()
}

/// The timeline's entries of each date as the last build merged them, so that `serve`
/// merges again only the dates whose events changed: merging is by date, and a date's
/// entries depend only on its events and their sources.
#[derive(Default)]
pub struct TimelineMemo {
    /// Merged entries by a hash of the events (and sources) they were merged from.
    groups: FxHashMap<u64, Vec<TimelineEvent>>,
    /// The last timeline made, as (key, number of entries) per date, newest first.
    made: Vec<(u64, usize)>,
}

impl TimelineMemo {
    /// The timeline of `bulletins` whose articles' events are `events(b, a)`, with a
    /// hash of them (draft articles left out), reusing the dates merged last time that
    /// did not change.
    pub fn timeline<'e>(
        &mut self,
        bulletins: &[Bulletin],
        events: impl Fn(usize, usize) -> (&'e [Event], u64),
    ) -> Vec<TimelineEvent> {
        // Per date: its events, each as (bulletin, article, event, the hash of where the
        // event is from and what it is).
        type Member<'e> = (usize, usize, &'e Event, u64);
        let mut by_date: FxHashMap<PartialDate, Vec<Member>> = FxHashMap::default();
        for (bi, b) in bulletins.iter().enumerate() {
            for (ai, a) in b.articles.iter().enumerate() {
                if !a.draft {
                    let (events, hash) = events(bi, ai);
                    let article = key_of((&b.slug, &a.slug, hash));
                    for (i, e) in events.iter().enumerate() {
                        let member = key_of((bi, ai, article, i));
                        by_date.entry(e.date).or_default().push((bi, ai, e, member));
                    }
                }
            }
        }
        let mut dates: Vec<PartialDate> = by_date.keys().copied().collect();
        dates.sort_unstable_by(|a, b| b.cmp(a));
        // Each date's key, and what last time's timeline holds for it; then the dates
        // that changed merged in parallel (each date on its own), kept in date order.
        let keyed: Vec<(u64, Option<Vec<TimelineEvent>>)> = dates
            .iter()
            .map(|date| {
                let mut h = rustc_hash::FxHasher::default();
                by_date[date].iter().for_each(|m| m.3.hash(&mut h));
                let key = h.finish();
                (key, self.groups.remove(&key))
            })
            .collect();
        let merged: Vec<(u64, Vec<TimelineEvent>)> = keyed
            .into_par_iter()
            .zip(dates.par_iter())
            .map(|((key, kept), date)| {
                let entries = kept.unwrap_or_else(|| {
                    merge_events(
                        by_date[date]
                            .iter()
                            .map(|&(bi, ai, e, _)| (source(bulletins, bi, ai, e), e.clone()))
                            .collect(),
                    )
                });
                (key, entries)
            })
            .collect();
        let mut out = Vec::new();
        self.made.clear();
        for (key, entries) in merged {
            self.made.push((key, entries.len()));
            out.extend(entries);
        }
        self.groups.clear();
        out
    }

    /// A hash of what the timeline [`Self::timeline`] made last was merged from (each
    /// date's members): equal keys, equal timelines.
    pub fn key(&self) -> u64 {
        key_of(&self.made)
    }

    /// Takes back the timeline [`Self::timeline`] made last, for the next call.
    pub fn keep(&mut self, timeline: Vec<TimelineEvent>) {
        if self.made.iter().map(|(_, n)| n).sum::<usize>() != timeline.len() {
            return; // not the timeline made last: keep nothing rather than a wrong one
        }
        let mut rest = timeline.into_iter();
        for &(key, n) in &self.made {
            self.groups.insert(key, rest.by_ref().take(n).collect());
        }
    }
}

fn source(bulletins: &[Bulletin], bi: usize, ai: usize, e: &Event) -> EventSource {
    EventSource {
        bulletin: bi,
        article: ai,
        bulletin_slug: bulletins[bi].slug.clone(),
        article_slug: bulletins[bi].articles[ai].slug.clone(),
        anchor: e.anchor.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::events::find_events;

    fn src(b: usize, a: usize) -> EventSource {
        EventSource {
            bulletin: b,
            article: a,
            bulletin_slug: format!("b{b}"),
            article_slug: format!("a{a}"),
            anchor: "ev-1".into(),
        }
    }

    fn ev(body: &str, bulletin: &str) -> Event {
        find_events(body, bulletin.parse().ok()).remove(0)
    }

    #[test]
    fn the_same_fact_from_two_articles_is_one_entry() {
        let a = ev("6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过《2021 年美国创新与竞争法案》。", "2021-08-05");
        let b = ev(
            "6月8日，美国参议院以68票赞成、32票反对通过了《2021年美国创新与竞争法案》。",
            "2021-07",
        );
        let c = ev(
            "6月8日，日本经济产业省发布半导体和数字产业发展战略。",
            "2021-08-05",
        );
        let d = ev(
            "2020年6月8日，美国参议院以 68 票赞成、32 票反对的结果投票通过法案。",
            "2021-08-05",
        );
        let t = merge_events(vec![
            (src(0, 0), a),
            (src(1, 3), b),
            (src(0, 1), c),
            (src(2, 0), d),
        ]);
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].date.to_string(), "2021-06-08");
        assert_eq!(t[0].sources.len(), 2);
        assert_eq!((t[0].sources[1].bulletin, t[0].sources[1].article), (1, 3));
        assert_eq!(t[1].sources.len(), 1);
        assert!(t[1].text.contains("日本"));
        assert_eq!(t[2].date.to_string(), "2020-06-08");
    }

    #[test]
    fn one_article_is_never_two_sources_of_one_entry() {
        let a = ev("6月8日，美国参议院通过法案。", "2021-08-05");
        let t = merge_events(vec![(src(0, 0), a.clone()), (src(0, 0), a)]);
        assert_eq!(t.len(), 2);
    }
}
