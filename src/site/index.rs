//! What many pages share, computed once per build: every published article's entry
//! (its reference, newest first), each issue's reference and neighbours in its series,
//! the columns with their articles, and the slugs of column pages. No page has to scan
//! the whole archive, so the build stays linear in the number of articles.

use super::keyed::Keyed;
use super::memo::Memo;
use super::vm::{date_text, ArticleRef, BulletinRef, ColumnRef, NavItem, SiteVm};
use crate::config::Config;
use crate::enrich::summary::SUMMARY_CHARS;
use crate::enrich::Enriched;
use crate::markdown;
use crate::model::{Bulletin, PaperMeta};
use crate::slug;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// One published article with what listings need, computed once.
pub(super) struct Entry {
    pub bulletin: usize,
    pub article: usize,
    pub reference: Keyed<ArticleRef>,
}

/// What many pages share, computed once per build.
pub(super) struct Index<'a> {
    pub bulletins: &'a [Bulletin],
    pub site: Keyed<SiteVm>,
    /// Per bulletin: its reference, shared by its articles' references.
    pub refs: Vec<Keyed<Arc<BulletinRef>>>,
    /// Per bulletin: its published articles as indices into `entries`.
    pub by_bulletin: Vec<Vec<usize>>,
    pub entries: Vec<Entry>,
    /// Per entry: its reference's key, side by side for lists to hash.
    pub entry_keys: Vec<u64>,
    /// Columns by name, with their entries newest first.
    pub columns: Vec<(ColumnRef, Vec<usize>)>,
    /// The slug of each column's page (`columns/<slug>/`), in the order of `columns`.
    pub column_slugs: Vec<String>,
    pub column_of: rustc_hash::FxHashMap<String, usize>,
    /// Per bulletin: previous and next issue of the same series (older, newer).
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Per bulletin: column name → slug of its page in that issue.
    pub section_slugs: Vec<HashMap<String, String>>,
    pub enriched: &'a Enriched,
    pub memo: Option<&'a Memo>,
}

impl<'a> Index<'a> {
    pub fn new(
        config: &'a Config,
        bulletins: &'a [Bulletin],
        enriched: &'a Enriched,
        memo: Option<&'a Memo>,
    ) -> Index<'a> {
        let base = &config.base_path;
        let fingerprinted = memo.is_some();
        let site = SiteVm {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_url: config.base_url.clone(),
            base_path: base.clone(),
            nav: [
                ("home", "首页", ""),
                ("bulletins", "各期", "bulletins/"),
                ("columns", "栏目", "columns/"),
                ("topics", "主题", "topics/"),
                ("regions", "地区", "regions/"),
                ("timeline", "时间线", "timeline/"),
                ("search", "搜索", "search/"),
            ]
            .into_iter()
            .map(|(key, title, path)| NavItem {
                key,
                title,
                url: format!("{base}{path}"),
            })
            .collect(),
        };
        let refs: Vec<Keyed<Arc<BulletinRef>>> = bulletins
            .iter()
            .map(|b| BulletinRef {
                title: b.title.clone(),
                url: format!("{base}bulletins/{}/", b.slug),
                series: b.series.clone(),
                issue: b.issue.clone(),
                date: b.date.map(|d| d.to_string()),
                date_text: b.date.as_ref().map(date_text),
                label: match (&b.series, &b.issue) {
                    (Some(s), Some(i)) => format!("{s} {i}"),
                    _ => b.title.clone(),
                },
            })
            .map(|r| Keyed::new(Arc::new(r), fingerprinted))
            .collect();

        // Column pages: one slug per column name, unique across the site.
        let mut names: Vec<&str> = bulletins
            .iter()
            .flat_map(|b| {
                b.articles
                    .iter()
                    .filter(|a| !a.draft)
                    .filter_map(|a| a.section.as_deref())
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut taken = HashSet::new();
        let mut column_of = rustc_hash::FxHashMap::default();
        let mut column_slugs = Vec::new();
        let mut columns: Vec<(ColumnRef, Vec<usize>)> = Vec::new();
        for name in names {
            let s = slug::unique(&slug::slugify(name), &mut taken);
            column_of.insert(name.to_string(), columns.len());
            column_slugs.push(s.clone());
            columns.push((
                ColumnRef {
                    name: name.to_string(),
                    url: format!("{base}columns/{s}/"),
                    count: 0,
                },
                Vec::new(),
            ));
        }

        // Each issue's column pages: slugs that no article of the issue uses.
        let section_slugs: Vec<HashMap<String, String>> = bulletins
            .par_iter()
            .map(|b| {
                let mut taken: HashSet<String> =
                    b.articles.iter().map(|a| a.slug.clone()).collect();
                let mut map = HashMap::new();
                for a in &b.articles {
                    if let Some(sec) = &a.section {
                        if !map.contains_key(sec) {
                            let s = slug::unique(&slug::slugify(sec), &mut taken);
                            map.insert(sec.clone(), s);
                        }
                    }
                }
                map
            })
            .collect();

        // Summaries and references, once per article, in parallel.
        let jobs: Vec<(usize, usize)> = bulletins
            .iter()
            .enumerate()
            .flat_map(|(bi, b)| {
                b.articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !a.draft)
                    .map(move |(ai, _)| (bi, ai))
            })
            .collect();
        let entries: Vec<Entry> = jobs
            .par_iter()
            .map(|&(bi, ai)| {
                let (b, a) = (&bulletins[bi], &bulletins[bi].articles[ai]);
                let section_url = a
                    .section
                    .as_ref()
                    .and_then(|s| section_slugs[bi].get(s))
                    .map(|s| format!("{base}bulletins/{}/{s}/", b.slug));
                let reference = ArticleRef {
                    title: a.title.clone(),
                    url: format!("{base}bulletins/{}/{}/", b.slug, a.slug),
                    summary: enriched.article(bi, ai).summary.clone(),
                    section: a.section.clone(),
                    section_url,
                    subsection: a.subsection.clone(),
                    bulletin: Arc::clone(&refs[bi]),
                };
                Entry {
                    bulletin: bi,
                    article: ai,
                    reference: Keyed::new(reference, fingerprinted),
                }
            })
            .collect();
        let mut by_bulletin = vec![Vec::new(); bulletins.len()];
        for (k, e) in entries.iter().enumerate() {
            by_bulletin[e.bulletin].push(k);
            if let Some(c) = bulletins[e.bulletin].articles[e.article]
                .section
                .as_ref()
                .and_then(|s| column_of.get(s))
            {
                columns[*c].1.push(k); // bulletins are newest first, so the lists are too
            }
        }
        for (c, list) in &mut columns {
            c.count = list.len();
        }

        // Neighbours within a series (bulletins are newest first).
        let mut neighbours = vec![(None, None); bulletins.len()];
        let mut by_series: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
        for (i, b) in bulletins.iter().enumerate() {
            by_series.entry(b.series.as_deref()).or_default().push(i);
        }
        for list in by_series.values() {
            for (k, &i) in list.iter().enumerate() {
                let older = list.get(k + 1).copied();
                let newer = k.checked_sub(1).map(|p| list[p]);
                neighbours[i] = (older, newer);
            }
        }
        Index {
            bulletins,
            site: Keyed::new(site, fingerprinted),
            entry_keys: entries.iter().map(|e| e.reference.key()).collect(),
            refs,
            by_bulletin,
            entries,
            columns,
            column_slugs,
            column_of,
            neighbours,
            section_slugs,
            enriched,
            memo,
        }
    }

    /// The column an article of `section` is in.
    pub fn column(&self, section: Option<&String>) -> Option<&ColumnRef> {
        section
            .and_then(|s| self.column_of.get(s))
            .map(|&c| &self.columns[c].0)
    }
}

/// What lists of issues say of an issue: its introduction's or abstract's beginning, or
/// how many articles it has in which columns.
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
