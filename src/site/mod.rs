//! The site: every output file, planned from the model and rendered with the theme.
//! [`plan`] is the table of contents: one call per page kind, each kind in a file of its
//! own that owns its view-models (the theme's contract, with `vm.rs`) and its planning.
//! Below the page kinds: the shared index and taxonomy, and the incremental layer that
//! lets `serve` skip what did not change (`emit.rs`, `fragments.rs`, `memo.rs`).

mod alias;
mod article;
mod bulletin;
mod bulletins;
mod chart;
mod column;
mod context;
mod emit;
mod feeds;
mod fragments;
mod home;
mod index;
mod keyed;
mod memo;
mod not_found;
mod paginate;
mod search;
mod sitemap;
mod taxonomy;
mod terms;
mod theme;
mod timeline;
mod vm;

pub use alias::AliasVm;
pub use article::{site_name, ArticleTerms, ArticleVm, SourceVm};
pub use bulletin::{
    BulletinVm, ItemGroup, OriginalVm, SectionList, SectionVm, TocGroup, TocSection,
};
pub use bulletins::{BulletinsVm, IssueYear, SeriesGroup, YearGroup};
pub use column::{ColumnVm, ColumnsVm};
pub use emit::Planned;
pub use feeds::{FeedEntry, FeedVm};
pub use home::{HomeIssue, HomeVm};
pub use memo::Memo;
pub use not_found::NotFoundVm;
pub use search::{Filter, FilterChoice, SearchVm};
pub use sitemap::{RobotsVm, SitemapIndexVm, SitemapVm};
pub use taxonomy::{TermCard, TermVm, TermsVm};
pub use theme::{render, PlannedPage, Theme};
pub use timeline::{
    EventItemVm, EventSourceVm, EventVm, MonthEvents, MonthLink, TimelineVm, YearEvents, YearLink,
};
pub use vm::{
    ArticleRef, BulletinRef, ColumnRef, FeedLink, Html, ItemVm, NavItem, PageLink, PageMeta, Pager,
    SiteVm, SitemapUrl, TermRef,
};

use crate::config::Config;
use crate::enrich::{Enriched, Vocabulary};
use crate::model::Bulletin;
use crate::output::OutputFile;
use crate::search::index::IndexFile;
use anyhow::Result;
use context::Context;
use emit::Emitter;
use fragments::Fragments;
use std::sync::Arc;

/// Plans every page of the site and hands each to `emit` as soon as its view-model is
/// made (pages of a kind in parallel), so no page waits in memory for the others. With
/// `serve`'s memo, what it holds from an earlier build is not made again, and a page
/// whose fingerprint is the one the memo's last finished build gave its path is not made
/// at all. Returns the files that need no template (the search index) and what was
/// planned. `bulletins` must be newest first.
pub fn plan(
    config: &Config,
    bulletins: &[Bulletin],
    enriched: &Enriched,
    vocab: &Vocabulary,
    theme: &Theme,
    memo: Option<&Memo>,
    emit: &(dyn Fn(PlannedPage) -> Result<()> + Sync),
) -> Result<Planned> {
    let last = memo.map(Memo::start_build);
    let cx = Context::new(config, bulletins, enriched, vocab, memo);
    let fx = Fragments::new(theme, memo, &config.base_path, cx.ix.entries.len());
    let remembered = memo
        .zip(last.as_ref())
        .map(|(memo, (build, pages))| (memo, *build, &**pages));
    let pages = Emitter::new(emit, &fx, theme.digest(), remembered);

    // The search index is made beside the pages (it reads only the context): a core
    // that a page kind's serial part leaves idle works on the index meanwhile.
    let (made, search) = rayon::join(
        || -> Result<()> {
            home::plan(&cx, &pages)?; //         /
            bulletins::plan(&cx, &pages)?; //    /bulletins/
            bulletin::plan(&cx, &pages)?; //     /bulletins/<b>/, /bulletins/<b>/<column>/
            article::plan(&cx, &pages)?; //      /bulletins/<b>/<article>/
            taxonomy::plan(&cx, &pages)?; //     /topics/, /topics/<t>/, /regions/…
            timeline::plan(&cx, &pages)?; //     /timeline/, /timeline/<year>/, /topics/<t>/timeline/
            column::plan(&cx, &pages)?; //       /columns/, /columns/<c>/
            search::plan(&cx, &pages)?; //       /search/
            not_found::plan(&cx, &pages)?; //    /404.html
            alias::plan(&cx, &pages)?; //        each `aliases` address: a redirect to its page
            feeds::plan(&cx, &pages)?; //        /atom.xml, /columns/<c>/atom.xml, /topics/<t>/atom.xml…
            sitemap::plan(&cx, &pages) //        /sitemap.xml, /robots.txt: after every page
        },
        || search::index(&cx), //               /search/index.json, /search/s/…, /search/r/…
    );
    made?;
    let search = search?;
    drop(cx);
    pages.finish(bulletin::with_originals(bulletins, search)?)
}

/// What kind of file of the site `path` (relative, with `/`) is, as `build`'s summary
/// names it: by the shape of the path, which is the page kind's.
pub fn file_kind(path: &str) -> &'static str {
    let parts: Vec<&str> = path.split('/').collect();
    let years = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) || s == "undated";
    match parts.as_slice() {
        ["bulletins", "index.html"] => "issue lists",
        ["bulletins", y, ..] if years(y) => "issue lists",
        ["bulletins", _, "index.html"] => "issue pages",
        ["bulletins", ..] => "article and issue-column pages",
        ["topics" | "regions", _, "timeline", ..] => "topic timelines",
        ["topics" | "regions", .., "atom.xml"] | ["columns", .., "atom.xml"] | ["atom.xml"] => {
            "feeds"
        }
        ["topics", ..] => "topic pages",
        ["regions", ..] => "region pages",
        ["columns", ..] => "column pages",
        ["timeline", ..] => "the timeline",
        ["search", _, _, ..] => "search index",
        ["search", f] if !f.ends_with(".html") => "search index",
        ["sitemap.xml"] | ["sitemaps", ..] => "sitemap",
        _ => "other pages and files",
    }
}

/// The documents the search index is built from (oldest first), as [`plan`] builds them.
pub fn search_docs(
    config: &Config,
    bulletins: &[Bulletin],
    enriched: &Enriched,
    vocab: &Vocabulary,
) -> Vec<crate::search::index::Doc<'static>> {
    let cx = Context::new(config, bulletins, enriched, vocab, None);
    search::docs(&cx)
        .into_iter()
        .map(crate::search::index::Doc::into_owned)
        .collect()
}

/// Plans and renders every page, handing each file to `sink` as soon as it is rendered,
/// then the static files. Nothing waits in memory for the rest of the site.
pub fn build_to(
    config: &Config,
    bulletins: &[Bulletin],
    enriched: &Enriched,
    vocab: &Vocabulary,
    theme: &Theme,
    sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<()> {
    let planned = plan(config, bulletins, enriched, vocab, theme, None, &|page| {
        let file = render(theme, &page)?;
        drop(page);
        sink(&file.path, &file.bytes)
    })?;
    for file in with_statics(theme, planned.files) {
        sink(&file.path, &file.bytes)?;
    }
    Ok(())
}

/// [`build_to`] with a memo (`serve` hands the same one to every rebuild): a page whose
/// fingerprint (a hash of the theme, the template and the page's inputs) is the one the
/// memo's last finished build gave its path is neither made nor rendered. The files that
/// are not pages (the search index's and the theme's static files) are returned rather
/// than handed to `sink`: a search file the index did not change shares its bytes with
/// the one handed out last time. The memo takes this build as the one to compare the
/// next with when it is told the build finished ([`Memo::next_generation`]).
pub fn rebuild(
    config: &Config,
    bulletins: &[Bulletin],
    enriched: &Enriched,
    vocab: &Vocabulary,
    theme: &Theme,
    memo: &Memo,
    sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<Planned> {
    let mut planned = plan(
        config,
        bulletins,
        enriched,
        vocab,
        theme,
        Some(memo),
        &|page| {
            let file = render(theme, &page)?;
            drop(page);
            sink(&file.path, &file.bytes)
        },
    )?;
    planned.files = with_statics(theme, planned.files);
    Ok(planned)
}

/// `files`, the theme's static files and the site's `site-root/` files.
fn with_statics(theme: &Theme, mut files: Vec<IndexFile>) -> Vec<IndexFile> {
    for (name, bytes) in &theme.statics {
        files.push(IndexFile {
            path: format!("static/{name}"),
            bytes: Arc::from(&bytes[..]),
        });
    }
    for (name, bytes) in &theme.root_files {
        files.push(IndexFile {
            path: name.clone(),
            bytes: Arc::from(&bytes[..]),
        });
    }
    files.push(IndexFile {
        path: ".nojekyll".into(),
        bytes: Arc::from(&[][..]),
    });
    files
}

/// Every file of the site in memory, sorted by path (for `check` and tests; `build`
/// writes through [`build_to`]).
pub fn build(
    config: &Config,
    bulletins: &[Bulletin],
    enriched: &Enriched,
    vocab: &Vocabulary,
    theme: &Theme,
) -> Result<Vec<OutputFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    build_to(config, bulletins, enriched, vocab, theme, &|path, bytes| {
        let file = OutputFile {
            path: path.to_string(),
            bytes: bytes.to_vec(),
        };
        files.lock().unwrap_or_else(|p| p.into_inner()).push(file);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
