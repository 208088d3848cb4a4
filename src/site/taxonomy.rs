//! Topics and regions: their lists (`/topics/`, `/regions/`: every term with its article
//! count and a chart of its articles per year) and a paginated page per term
//! (`/topics/<t>/`, `/regions/<r>/`: its articles newest first), from what `enrich`
//! tagged (`terms.rs`). A topic's timeline is `timeline.rs`'s, its feed `feeds.rs`'s.

use super::chart::bars;
use super::context::Context;
use super::emit::{page_view, Emitter, PageInputs};
use super::fragments::{Fragments, Listed};
use super::index::Index;
use super::keyed::Keyed;
use super::paginate::{paginate, ListPageInputs};
use super::terms::kind_dir;
use super::vm::{Html, PageMeta, Pager, SiteVm, TermRef};
use crate::enrich::TermKind;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

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

page_view!(TermsVm, TermVm);

fn kind_str(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Topic => "topic",
        TermKind::Region => "region",
    }
}

fn kind_title(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Topic => "主题",
        TermKind::Region => "地区",
    }
}

/// The lists of topics and of regions, and every page of every term (terms in
/// parallel), each handed on as soon as it is planned.
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, tx) = (&cx.ix, &cx.tx);
    let base = &cx.config.base_path;
    for kind in [TermKind::Topic, TermKind::Region] {
        let dir = kind_dir(kind);
        let title = kind_title(kind);
        let refs = &tx.refs[&kind];
        let terms = cx.vocab.terms(kind);
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
            .try_for_each(|t| term_pages(cx, kind, t, pages))?;
    }
    Ok(())
}

/// A term's listing pages.
fn term_pages(cx: &Context, kind: TermKind, t: usize, pages: &Emitter) -> Result<()> {
    let (ix, tx, config) = (&cx.ix, &cx.tx, cx.config);
    let base = &config.base_path;
    let refs = &tx.refs[&kind];
    let terms = cx.vocab.terms(kind);
    let term = &terms[t];
    let list = &tx.members(kind)[t];
    if list.is_empty() {
        return Ok(());
    }
    let r = &refs[t];
    let feed_url = format!("{}atom.xml", r.url);
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
