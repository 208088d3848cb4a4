//! The search page (`/search/`: a form that works without script, the filter choices and
//! an empty result list that `static/search/search.js` fills) and the search index's
//! files ([`crate::search::index`]), built from one document per published article
//! ([`docs`]), with the topic, column and year values the page's filters send.

use super::context::Context;
use super::emit::{page_view, Emitter};
use super::index::Index;
use super::memo::key_of;
use super::terms::Taxonomy;
use super::vm::{PageMeta, SiteVm};
use crate::enrich::{TermKind, Vocabulary};
use crate::search::index::{Doc, IndexFile};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SearchVm {
    pub site: SiteVm,
    pub page: PageMeta,
    /// `search/index.json`, site-absolute: where the script finds the index.
    pub index_url: String,
    /// Topic, column and year, in that order.
    pub filters: Vec<Filter>,
}

/// One filter of the search form: a `<select>`.
#[derive(Debug, Serialize)]
pub struct Filter {
    /// The URL parameter (`topic`, `column`, `year`); the script maps it to its token.
    pub name: &'static str,
    pub label: &'static str,
    /// The choice that filters nothing.
    pub all: &'static str,
    pub choices: Vec<FilterChoice>,
}

/// One choice of a filter: the value the URL carries and what the reader sees.
#[derive(Debug, Serialize)]
pub struct FilterChoice {
    pub value: String,
    pub label: String,
}

page_view!(SearchVm);

fn year_of(ix: &Index, bulletin: usize) -> Option<i32> {
    ix.bulletins[bulletin].date.map(|d| d.year)
}

/// The search page.
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let ix = &cx.ix;
    let base = &ix.site.base_path;
    let topics = cx
        .vocab
        .terms(TermKind::Topic)
        .iter()
        .map(|t| FilterChoice {
            value: t.slug.clone(),
            label: t.name.clone(),
        })
        .collect();
    let columns = ix
        .columns
        .iter()
        .zip(&ix.column_slugs)
        .map(|((c, _), slug)| FilterChoice {
            value: slug.clone(),
            label: c.name.clone(),
        })
        .collect();
    let mut years: Vec<i32> = (0..ix.bulletins.len())
        .filter_map(|b| year_of(ix, b))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let years = years
        .into_iter()
        .map(|y| FilterChoice {
            value: y.to_string(),
            label: format!("{y}年"),
        })
        .collect();
    let vm = SearchVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page("搜索".into(), format!("{base}search/"), "search"),
        index_url: format!("{base}search/index.json"),
        filters: vec![
            Filter {
                name: "topic",
                label: "主题",
                all: "全部主题",
                choices: topics,
            },
            Filter {
                name: "column",
                label: "栏目",
                all: "全部栏目",
                choices: columns,
            },
            Filter {
                name: "year",
                label: "年份",
                all: "全部年份",
                choices: years,
            },
        ],
    };
    pages.page_vm("search/index.html".to_string(), "search.html", &vm, || {
        "the search page".into()
    })
}

/// The search index's files: built from nothing, or with `serve`'s memo by the index
/// state that built the last one, which makes again only the docs whose key changed.
pub(super) fn index(cx: &Context) -> Result<Vec<IndexFile>> {
    let (ix, tx, vocab) = (&cx.ix, &cx.tx, cx.vocab);
    let max = cx.config.search_max_file_bytes;
    match ix.memo {
        Some(memo) => memo.search_index().build_keyed(
            doc_keys(ix, tx, vocab),
            |id| doc(ix, tx, vocab, id),
            max,
        ),
        None => crate::search::index::build(docs(cx), max),
    }
}

/// One document per published article, oldest first, borrowing the site's strings (the
/// article's Markdown as it is: the index reads the text of the docs that changed since
/// its last build only).
pub(super) fn docs<'a>(cx: &'a Context) -> Vec<Doc<'a>> {
    (0..cx.ix.entries.len())
        .into_par_iter()
        .map(|id| doc(&cx.ix, &cx.tx, cx.vocab, id))
        .collect()
}

/// The key of each of [`docs`]: a hash of everything doc `id` is made of (its article's
/// reference, body, topics, column and year, and the topics' names and slugs), so that
/// the index makes again only the docs whose key changed.
fn doc_keys(ix: &Index, tx: &Taxonomy, vocab: &Vocabulary) -> Vec<u64> {
    let topics = vocab.terms(TermKind::Topic);
    let names = key_of(
        topics
            .iter()
            .map(|t| (&t.name, &t.slug))
            .collect::<Vec<_>>(),
    );
    let n = ix.entries.len();
    (0..n)
        .into_par_iter()
        .map(|id| {
            let k = n - 1 - id;
            let e = &ix.entries[k];
            let article = &ix.bulletins[e.bulletin].articles[e.article];
            key_of((
                names,
                e.reference.key(),
                &tx.entry_terms()[k].0,
                column_slug(ix, article.section.as_ref()),
                year_of(ix, e.bulletin),
                ix.enriched.article(e.bulletin, e.article).body_hash,
            ))
        })
        .collect()
}

/// Doc `id` (oldest first) of [`docs`].
fn doc<'a>(ix: &'a Index, tx: &Taxonomy, vocab: &'a Vocabulary, id: usize) -> Doc<'a> {
    let topics = vocab.terms(TermKind::Topic);
    let k = ix.entries.len() - 1 - id;
    let e = &ix.entries[k];
    let article = &ix.bulletins[e.bulletin].articles[e.article];
    let r = &e.reference;
    let topics_of = &tx.entry_terms()[k].0;
    let mut filters: Vec<String> = topics_of
        .iter()
        .map(|&t| format!("t:{}", topics[t].slug))
        .collect();
    if let Some(slug) = column_slug(ix, article.section.as_ref()) {
        filters.push(format!("c:{slug}"));
    }
    if let Some(y) = year_of(ix, e.bulletin) {
        filters.push(format!("y:{y}"));
    }
    Doc {
        title: r.title.as_str().into(),
        url: r.url.as_str().into(),
        issue: r.bulletin.label.as_str().into(),
        date: r.bulletin.date_text.as_deref().unwrap_or_default().into(),
        column: r.section.as_deref().unwrap_or_default().into(),
        topics: topics_of
            .iter()
            .map(|&t| topics[t].name.as_str().into())
            .collect(),
        filters,
        body: article.body.as_str().into(),
    }
}

/// The slug of the column page of an article of `section`.
fn column_slug<'a>(ix: &'a Index, section: Option<&String>) -> Option<&'a str> {
    section
        .and_then(|s| ix.column_of.get(s))
        .map(|&c| ix.column_slugs[c].as_str())
}
