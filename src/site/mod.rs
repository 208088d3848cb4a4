//! The site: every output file, planned from the model and rendered with the theme.
//!
//! `Index::new` computes once what many pages share (column listings newest first,
//! each issue's neighbours in its series, slugs, summaries), so no page has to scan
//! the whole archive: the build stays linear in the number of articles. `plan` then
//! lists every page with its template and its inputs (`inputs`), from which its
//! view-model is made, and `build` renders them in parallel. Templates see only the view-model structs defined here, never the domain
//! types: this module is the theme's contract (see the README). A theme is the default
//! one embedded in the binary, with any file replaced by a file of the same name in the
//! site's own `templates/` or `static/`.

mod fragments;
mod inputs;
mod memo;
mod search;
mod taxonomy;

pub use fragments::{EventItemVm, Html, ItemVm};
pub use memo::Memo;

pub use taxonomy::{ArticleTerms, TermRef};

use inputs::Keyed;

use crate::config::Config;
use crate::enrich::{Enriched, Vocabulary};
use crate::markdown;
use crate::model::{Bulletin, PaperMeta, PartialDate};
use crate::output::OutputFile;
use crate::search::index::{Incremental, IndexFile};
use crate::slug;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The default theme's files, compiled into the binary.
const TEMPLATES: [(&str, &str); 18] = [
    (
        "item.html",
        include_str!("../../themes/default/templates/item.html"),
    ),
    (
        "event.html",
        include_str!("../../themes/default/templates/event.html"),
    ),
    (
        "terms.html",
        include_str!("../../themes/default/templates/terms.html"),
    ),
    (
        "term.html",
        include_str!("../../themes/default/templates/term.html"),
    ),
    (
        "timeline.html",
        include_str!("../../themes/default/templates/timeline.html"),
    ),
    (
        "atom.xml",
        include_str!("../../themes/default/templates/atom.xml"),
    ),
    (
        "sitemap.xml",
        include_str!("../../themes/default/templates/sitemap.xml"),
    ),
    (
        "robots.txt",
        include_str!("../../themes/default/templates/robots.txt"),
    ),
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "bulletins.html",
        include_str!("../../themes/default/templates/bulletins.html"),
    ),
    (
        "bulletin.html",
        include_str!("../../themes/default/templates/bulletin.html"),
    ),
    (
        "section.html",
        include_str!("../../themes/default/templates/section.html"),
    ),
    (
        "article.html",
        include_str!("../../themes/default/templates/article.html"),
    ),
    (
        "columns.html",
        include_str!("../../themes/default/templates/columns.html"),
    ),
    (
        "column.html",
        include_str!("../../themes/default/templates/column.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
];
const NOT_FOUND_TEMPLATE: (&str, &str) = (
    "404.html",
    include_str!("../../themes/default/templates/404.html"),
);
const STATIC: [(&str, &str); 3] = [
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "search/search.js",
        include_str!("../../themes/default/static/search/search.js"),
    ),
    (
        "search/tokenize.js",
        include_str!("../../themes/default/static/search/tokenize.js"),
    ),
];

/// How many issues the home page shows, and how many "more from this column" links an article gets.
const HOME_ISSUES: usize = 8;
const HOME_LEAD_ARTICLES: usize = 3;
const MORE_IN_COLUMN: usize = 5;
/// Entries in a feed.
const FEED_ENTRIES: usize = 50;

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

/// The parsed templates and static files of the theme, with the site's overrides applied.
pub struct Theme {
    tera: tera::Tera,
    statics: Vec<(String, Vec<u8>)>,
    digest: u64,
}

impl Theme {
    /// The default theme, overridden file by file by `themes/<theme>/` (when `theme` is
    /// not `default`), then by the site's own `templates/` and `static/`.
    pub fn load(root: &Path, theme: &str) -> Result<Theme> {
        let mut layers = Vec::new();
        if theme != "default" {
            layers.push(root.join("themes").join(theme));
        }
        layers.push(root.to_path_buf());
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .chain(std::iter::once(&NOT_FOUND_TEMPLATE))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut statics: Vec<(String, Vec<u8>)> = STATIC
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect();
        for layer in &layers {
            for (rel, bytes) in read_overrides(&layer.join("templates"))? {
                let path = layer.join("templates").join(&rel);
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("{} is not UTF-8", path.display()))?;
                templates.retain(|(n, _)| n != &rel);
                templates.push((rel, text));
            }
            for (rel, bytes) in read_overrides(&layer.join("static"))? {
                statics.retain(|(n, _)| n != &rel);
                statics.push((rel, bytes));
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which makes every URL `&#x2F;…`: escape what HTML needs.
        tera.set_escape_fn(markdown::escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("{}", tera_error_chain(&e)))?;
        let digest = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&templates, &statics).hash(&mut h);
            h.finish()
        };
        Ok(Theme {
            tera,
            statics,
            digest,
        })
    }

    /// A hash of every template and static file: two themes with the same digest render
    /// the same page from the same view-model (`serve` re-renders everything when it changes).
    pub fn digest(&self) -> u64 {
        self.digest
    }
}

/// Every file under `dir` (relative path with `/`, bytes); none when the folder is absent.
fn read_overrides(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).into_iter() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::output::relative(dir, entry.path());
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        out.push((rel, bytes));
    }
    out.sort();
    Ok(out)
}

/// Tera hides the useful part of an error in its source chain.
fn tera_error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

// ---------------------------------------------------------------- view-models (the theme's contract)

/// What every page knows about the site.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SiteVm {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute base URL, ending with `/`.
    pub base_url: String,
    /// The base path, `/` or `/portal/`: prefix of every link.
    pub base_path: String,
    /// The main navigation, in order.
    pub nav: Vec<NavItem>,
}

/// A link of the main navigation.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct NavItem {
    pub key: &'static str,
    pub title: &'static str,
    pub url: String,
}

/// A link to an issue.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct BulletinRef {
    pub title: String,
    pub url: String,
    pub series: Option<String>,
    pub issue: Option<String>,
    /// `2021-08-05`, `2021-04` or `2021`, for `<time datetime>`.
    pub date: Option<String>,
    /// The date as a reader reads it: 2021年8月5日.
    pub date_text: Option<String>,
    /// `series issue` when both are known, else the title: the short name in breadcrumbs.
    pub label: String,
}

/// A link to an article, with what a listing shows about it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleRef {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub section: Option<String>,
    /// The column's page in this issue.
    pub section_url: Option<String>,
    pub subsection: Option<String>,
    /// Shared by the articles of the issue.
    pub bulletin: Arc<BulletinRef>,
}

/// A column (栏目) across all issues.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ColumnRef {
    pub name: String,
    pub url: String,
    pub count: usize,
}

/// A source link with the site's name.
#[derive(Debug, Clone, Serialize)]
pub struct SourceVm {
    pub url: String,
    pub site: String,
}

/// One column of an issue's table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocSection {
    pub name: Option<String>,
    pub url: Option<String>,
    pub groups: Vec<TocGroup>,
}

/// A sub-column (or the column itself when it has none) and its articles.
#[derive(Debug, Clone, Serialize)]
pub struct TocGroup {
    pub name: Option<String>,
    pub articles: Vec<ArticleRef>,
}

/// Page links of a paginated listing.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The page numbers to show (`None` marks a gap), with their URLs.
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct PageLink {
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct HomeVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub issues: Vec<HomeIssue>,
    pub columns: Vec<ColumnRef>,
    pub bulletin_count: usize,
    pub article_count: usize,
}

#[derive(Debug, Serialize)]
pub struct HomeIssue {
    pub bulletin: BulletinRef,
    pub summary: String,
    /// The first articles' list items (`item.html`, without the issue).
    pub lead: Vec<Html>,
    /// The article of a one-article issue, shown as the issue itself.
    pub single: Option<ArticleRef>,
    /// The issue's other articles, shown as titles.
    pub rest: Vec<ArticleRef>,
    pub article_count: usize,
}

#[derive(Debug, Serialize)]
pub struct BulletinsVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub years: Vec<YearGroup>,
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    /// `2021`, or empty for undated issues.
    pub year: String,
    pub series: Vec<SeriesGroup>,
}

#[derive(Debug, Serialize)]
pub struct SeriesGroup {
    pub name: Option<String>,
    pub bulletins: Vec<BulletinRef>,
}

#[derive(Debug, Serialize)]
pub struct BulletinVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub bulletin: BulletinRef,
    pub kind: &'static str,
    pub publisher: Option<String>,
    pub summary: String,
    pub intro_html: String,
    pub paper: Option<PaperMeta>,
    pub toc: Vec<TocSection>,
    pub article_count: usize,
    pub prev: Option<BulletinRef>,
    pub next: Option<BulletinRef>,
}

#[derive(Debug, Serialize)]
pub struct SectionVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub bulletin: BulletinRef,
    pub section: SectionList,
    pub column: Option<ColumnRef>,
}

/// One column of an issue, as its page lists it.
#[derive(Debug, Serialize)]
pub struct SectionList {
    pub name: Option<String>,
    pub url: Option<String>,
    pub groups: Vec<ItemGroup>,
}

/// A sub-column (or the column itself when it has none): its articles' list items
/// (`item.html`, without issue and column).
#[derive(Debug, Serialize)]
pub struct ItemGroup {
    pub name: Option<String>,
    pub items: Vec<Html>,
}

#[derive(Debug, Serialize)]
pub struct ArticleVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub bulletin: BulletinRef,
    pub article: ArticleRef,
    pub authors: Vec<String>,
    pub sources: Vec<SourceVm>,
    pub source_name: Option<String>,
    pub body_html: Html,
    pub prev: Option<ArticleRef>,
    pub next: Option<ArticleRef>,
    pub column: Option<ColumnRef>,
    /// The column's newest articles of other issues: list items (`item.html`, without the column).
    pub more_in_column: Vec<Html>,
    /// Topics, regions and related articles.
    pub terms: ArticleTerms,
}

#[derive(Debug, Serialize)]
pub struct ColumnsVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub columns: Vec<ColumnRef>,
}

#[derive(Debug, Serialize)]
pub struct ColumnVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub column: ColumnRef,
    /// This page's articles: list items (`item.html`, without the column).
    pub articles: Vec<Html>,
    pub pager: Pager,
}

#[derive(Debug, Serialize)]
pub struct NotFoundVm {
    pub site: SiteVm,
    pub page: PageMeta,
}

/// What a page says about itself: its title, its URL, which navigation entry it is under.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    pub title: String,
    /// Site-absolute URL (`/portal/bulletins/…/`).
    pub url: String,
    pub nav: &'static str,
    /// Absolute URL, for `<link rel="canonical">` and OpenGraph.
    pub canonical: String,
    pub description: String,
    /// OpenGraph type: `website` or `article`.
    pub og_type: &'static str,
    /// schema.org JSON-LD, serialised and safe inside a `<script>` element.
    pub jsonld: Option<String>,
    /// Atom feeds to announce with `<link rel="alternate">`.
    pub feeds: Vec<FeedLink>,
    /// For the sitemap: the date the page's content is from.
    pub lastmod: Option<String>,
}

/// A feed announced by a page.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
}

impl PageMeta {
    fn describe(mut self, description: &str) -> Self {
        if !description.trim().is_empty() {
            self.description = description.trim().to_string();
        }
        self
    }
    fn article(mut self) -> Self {
        self.og_type = "article";
        self
    }
    fn jsonld(mut self, value: serde_json::Value) -> Self {
        // `</script>` inside a string would end the element: escape every `<`.
        self.jsonld = Some(value.to_string().replace('<', "\\u003c"));
        self
    }
    fn feed(mut self, title: String, url: String) -> Self {
        self.feeds.push(FeedLink { title, url });
        self
    }
    fn lastmod(mut self, date: Option<&String>) -> Self {
        self.lastmod = date.cloned();
        self
    }
}

/// An Atom feed: the newest entries of the site, a column or a topic, with full content.
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
    pub content_html: Html,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
}

// ---------------------------------------------------------------- the shared index

/// One published article with what listings need, computed once.
struct Entry {
    bulletin: usize,
    article: usize,
    reference: Keyed<ArticleRef>,
}

/// What many pages share, computed once per build.
struct Index<'a> {
    bulletins: &'a [Bulletin],
    site: Keyed<SiteVm>,
    /// Per bulletin: its reference, shared by its articles' references.
    refs: Vec<Keyed<Arc<BulletinRef>>>,
    /// Per bulletin: its published articles as indices into `entries`.
    by_bulletin: Vec<Vec<usize>>,
    entries: Vec<Entry>,
    /// Per entry: its reference's key, side by side for lists to hash.
    entry_keys: Vec<u64>,
    /// Columns by name, with their entries newest first.
    columns: Vec<(ColumnRef, Vec<usize>)>,
    /// The slug of each column's page (`columns/<slug>/`), in the order of `columns`.
    column_slugs: Vec<String>,
    column_of: rustc_hash::FxHashMap<String, usize>,
    /// Per bulletin: previous and next issue of the same series (older, newer).
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Per bulletin: column name → slug of its page in that issue.
    section_slugs: Vec<HashMap<String, String>>,
    enriched: &'a Enriched,
    memo: Option<&'a Memo>,
}

fn date_text(d: &PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{}年{}月{}日", d.year, m, day),
        (Some(m), None) => format!("{}年{}月", d.year, m),
        _ => format!("{}年", d.year),
    }
}

/// The host of a source URL, as the reader knows the site (www. dropped).
pub fn site_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_string()
}

impl<'a> Index<'a> {
    fn new(
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
            nav: vec![
                NavItem {
                    key: "home",
                    title: "首页",
                    url: base.clone(),
                },
                NavItem {
                    key: "bulletins",
                    title: "各期",
                    url: format!("{base}bulletins/"),
                },
                NavItem {
                    key: "columns",
                    title: "栏目",
                    url: format!("{base}columns/"),
                },
                NavItem {
                    key: "topics",
                    title: "主题",
                    url: format!("{base}topics/"),
                },
                NavItem {
                    key: "regions",
                    title: "地区",
                    url: format!("{base}regions/"),
                },
                NavItem {
                    key: "timeline",
                    title: "时间线",
                    url: format!("{base}timeline/"),
                },
                NavItem {
                    key: "search",
                    title: "搜索",
                    url: format!("{base}search/"),
                },
            ],
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
    fn column(&self, section: Option<&String>) -> Option<&ColumnRef> {
        section
            .and_then(|s| self.column_of.get(s))
            .map(|&c| &self.columns[c].0)
    }
}

/// One page of a paginated listing.
struct ListPage<'a> {
    number: usize,
    /// Site-absolute URL: the listing's own for page 1, `…/page/N/` after.
    url: String,
    /// Output path under the site folder.
    path: String,
    title: String,
    items: &'a [usize],
    pager: Pager,
}

/// The pages of the listing at `url` (site-absolute, ending with `/`) named `name`.
fn paginate<'a>(
    base: &str,
    url: &str,
    name: &str,
    list: &'a [usize],
    per_page: usize,
) -> Vec<ListPage<'a>> {
    let total = list.len().div_ceil(per_page).max(1);
    let dir = url.strip_prefix(base).unwrap_or(url);
    list.chunks(per_page)
        .enumerate()
        .map(|(n, items)| {
            let number = n + 1;
            let first = number == 1;
            ListPage {
                number,
                url: if first {
                    url.to_string()
                } else {
                    format!("{url}page/{number}/")
                },
                path: if first {
                    format!("{dir}index.html")
                } else {
                    format!("{dir}page/{number}/index.html")
                },
                title: if first {
                    name.to_string()
                } else {
                    format!("{name}（第 {number} 页）")
                },
                items,
                pager: pager(url, number, total),
            }
        })
        .collect()
}

fn pager(base_url: &str, current: usize, total: usize) -> Pager {
    let url = |n: usize| {
        if n == 1 {
            base_url.to_string()
        } else {
            format!("{base_url}page/{n}/")
        }
    };
    let mut pages = Vec::new();
    let mut last = 0;
    for n in 1..=total {
        let near = n == 1 || n == total || n.abs_diff(current) <= 2;
        if !near {
            continue;
        }
        if n > last + 1 {
            pages.push(PageLink {
                number: None,
                url: None,
                current: false,
            });
        }
        pages.push(PageLink {
            number: Some(n),
            url: Some(url(n)),
            current: n == current,
        });
        last = n;
    }
    Pager {
        current,
        total,
        prev: (current > 1).then(|| url(current - 1)),
        next: (current < total).then(|| url(current + 1)),
        pages,
    }
}

// ---------------------------------------------------------------- planning and rendering

/// A page to render: where it goes, with which template, from which view-model.
pub struct PlannedPage {
    pub path: String,
    pub template: &'static str,
    pub context: tera::Context,
    /// What the page is, for error messages.
    pub what: String,
}

/// A view-model a template renders. A page's says what the sitemap lists of it.
trait View: Serialize {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

macro_rules! pages_with_meta {
    ($($vm:ty),*) => {
        $(impl View for $vm {
            fn meta(&self) -> Option<&PageMeta> {
                Some(&self.page)
            }
        })*
    };
}
pages_with_meta!(
    HomeVm,
    BulletinsVm,
    BulletinVm,
    SectionVm,
    ArticleVm,
    ColumnsVm,
    ColumnVm,
    NotFoundVm,
    taxonomy::TermsVm,
    taxonomy::TermVm,
    taxonomy::TimelineVm<'_>,
    search::SearchVm
);
impl View for FeedVm {}
impl View for SitemapVm {}
impl View for RobotsVm {}

fn planned<T: Serialize>(
    path: String,
    template: &'static str,
    vm: &T,
    what: String,
) -> Result<PlannedPage> {
    let context = tera::Context::from_serialize(vm)
        .map_err(|e| anyhow::anyhow!("{what}: {}", tera_error_chain(&e)))?;
    Ok(PlannedPage {
        path,
        template,
        context,
        what,
    })
}

/// What [`plan`] hands back besides the pages.
pub struct Planned {
    /// The files that are not pages: the search index's (and, from [`rebuild`],
    /// the theme's static files).
    pub files: Vec<IndexFile>,
    /// Pages planned, and how many of them were made and rendered (with a memo: those
    /// whose fingerprint was new).
    pub pages: usize,
    pub rendered: usize,
    /// With a memo: the output paths of the pages the last finished build planned and
    /// this one did not.
    pub vanished: Vec<String>,
}

/// With a memo: the theme's digest, the memo, the number of this build and the pages of
/// the last one that finished.
struct Remembered<'a> {
    digest: u64,
    memo: &'a Memo,
    build: u64,
    pages: &'a rustc_hash::FxHashMap<String, memo::PageRecord>,
}

/// Hands each planned page on as soon as it is made, and gathers what the sitemap needs.
struct Emitter<'a> {
    emit: &'a (dyn Fn(PlannedPage) -> Result<()> + Sync),
    fx: &'a fragments::Fragments<'a>,
    remembered: Option<Remembered<'a>>,
    sitemap: std::sync::Mutex<Vec<Arc<SitemapUrl>>>,
    /// With a memo: the sum of the hashes of `sitemap`'s URLs, which stands for them in
    /// any order (wrapping on overflow).
    sitemap_sum: std::sync::atomic::AtomicU64,
    /// Pages planned.
    count: std::sync::atomic::AtomicUsize,
    /// With a memo: the pages made (new, or with a new fingerprint).
    made: std::sync::Mutex<Vec<(String, memo::PageRecord)>>,
    rendered: std::sync::atomic::AtomicUsize,
    error: std::sync::Mutex<Option<anyhow::Error>>,
}

impl Emitter<'_> {
    /// Plans the page at `path`, rendered by `template` from what `inputs` make, and
    /// hands it on. With a memo, a page whose fingerprint (the hash of the theme, the
    /// template and the inputs) is the one the last finished build gave the same path
    /// is not even made.
    fn page<I: inputs::PageInputs>(
        &self,
        path: String,
        template: &'static str,
        inputs: &I,
        what: impl FnOnce() -> String,
    ) -> Result<()> {
        if self.failed() {
            return Ok(()); // a page already failed: the build is over
        }
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(r) = &self.remembered else {
            let vm = inputs.vm(self.fx)?;
            self.list_in_sitemap(Self::sitemap_url(&path, &vm));
            return self.hand_on(path, template, &vm, what);
        };
        let fp = memo::key_of((r.digest, template, inputs));
        if self.unchanged(r, &path, fp) {
            return Ok(());
        }
        let vm = inputs.vm(self.fx)?;
        self.made(path, template, &vm, fp, what)
    }

    /// Plans the page at `path` rendered by `template` from `vm`, and hands it on unless
    /// its fingerprint (with a memo) shows nothing new: for the pages there is one of,
    /// whose view-model is as quick to make as inputs would be.
    fn page_vm<T: View>(
        &self,
        path: String,
        template: &'static str,
        vm: &T,
        what: impl Fn() -> String,
    ) -> Result<()> {
        if self.failed() {
            return Ok(());
        }
        self.count
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(r) = &self.remembered else {
            self.list_in_sitemap(Self::sitemap_url(&path, vm));
            return self.hand_on(path, template, vm, what);
        };
        let fp = memo::render_key(r.digest, template, vm)
            .map_err(|e| anyhow::anyhow!("{}: {e}", what()))?;
        if self.unchanged(r, &path, fp) {
            return Ok(());
        }
        self.made(path, template, vm, fp, what)
    }

    /// Whether the last finished build gave `path` the fingerprint `fp`: then the page is
    /// listed in the sitemap as it was, and neither made nor rendered.
    fn unchanged(&self, r: &Remembered, path: &str, fp: u64) -> bool {
        let Some(last) = r.pages.get(path) else {
            return false;
        };
        last.see(r.build);
        if last.fp != fp {
            return false;
        }
        self.list_in_sitemap(last.sitemap.clone());
        true
    }

    /// A page made anew under a memo: remembered with its fingerprint, and handed on.
    fn made<T: View>(
        &self,
        path: String,
        template: &'static str,
        vm: &T,
        fp: u64,
        what: impl FnOnce() -> String,
    ) -> Result<()> {
        let url = Self::sitemap_url(&path, vm);
        self.list_in_sitemap(url.clone());
        if let Some(r) = &self.remembered {
            let record = memo::PageRecord::new(fp, url, r.build);
            self.made
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((path.clone(), record));
        }
        self.hand_on(path, template, vm, what)
    }

    fn failed(&self) -> bool {
        self.error.lock().map_or(true, |g| g.is_some())
    }

    /// What the sitemap lists of the page at `path`: an HTML page's URL and date, with
    /// the hash of both.
    fn sitemap_url<T: View>(path: &str, vm: &T) -> Option<(Arc<SitemapUrl>, u64)> {
        if !path.ends_with(".html") || path == "404.html" {
            return None;
        }
        vm.meta().map(|meta| {
            let url = SitemapUrl {
                loc: meta.canonical.clone(),
                lastmod: meta.lastmod.clone(),
            };
            let key = memo::key_of(&url);
            (Arc::new(url), key)
        })
    }

    fn list_in_sitemap(&self, url: Option<(Arc<SitemapUrl>, u64)>) {
        if let Some((url, key)) = url {
            self.sitemap_sum
                .fetch_add(key, std::sync::atomic::Ordering::Relaxed);
            self.sitemap
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(url);
        }
    }

    fn hand_on<T: Serialize>(
        &self,
        path: String,
        template: &'static str,
        vm: &T,
        what: impl FnOnce() -> String,
    ) -> Result<()> {
        self.rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let page = planned(path, template, vm, what())?;
        if let Err(e) = (self.emit)(page) {
            let mut slot = self.error.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert(e);
        }
        Ok(())
    }

    /// The sitemap's URLs so far, sorted (pages are planned in parallel).
    fn sitemap_urls(&self) -> Vec<SitemapUrl> {
        let mut urls = std::mem::take(&mut *self.sitemap.lock().unwrap_or_else(|p| p.into_inner()));
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        urls.into_iter()
            .map(|u| Arc::try_unwrap(u).unwrap_or_else(|u| (*u).clone()))
            .collect()
    }

    /// What was planned, unless a page failed; with a memo, the pages made are kept in
    /// it until the build finishes.
    fn finish(self, files: Vec<IndexFile>) -> Result<Planned> {
        if let Some(e) = self.error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        let vanished = match &self.remembered {
            Some(r) => {
                r.memo
                    .made(self.made.into_inner().unwrap_or_else(|p| p.into_inner()));
                r.pages
                    .iter()
                    .filter(|(_, last)| !last.seen_by(r.build))
                    .map(|(path, _)| path.clone())
                    .collect()
            }
            None => Vec::new(),
        };
        Ok(Planned {
            files,
            pages: self.count.into_inner(),
            rendered: self.rendered.into_inner(),
            vanished,
        })
    }
}

/// Plans every page of the site and hands each to `emit` as soon as its view-model is
/// made (article pages in parallel), so no page waits in memory for the others.
/// List items are rendered with `theme` as pages first need them (`fragments`);
/// what `memo` holds from an earlier build is not made again, and a page whose
/// fingerprint is the one the memo's last finished build gave its path is not made at
/// all. Returns the files that need no template (the search index, built from nothing
/// or, with a memo, by the index state that built the last one: [`Incremental`]) and
/// what was planned. `bulletins` must be newest first.
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
    let ix = Index::new(config, bulletins, enriched, memo);
    let fx = fragments::Fragments::new(theme, memo, ix.entries.len(), enriched.timeline.len());
    let tx = taxonomy::Taxonomy::new(&ix, enriched, vocab, &config.base_path);
    let base = &config.base_path;
    let pages = Emitter {
        emit,
        fx: &fx,
        remembered: memo
            .zip(last.as_ref())
            .map(|(memo, (build, pages))| Remembered {
                digest: theme.digest(),
                memo,
                build: *build,
                pages,
            }),
        sitemap: Default::default(),
        sitemap_sum: Default::default(),
        count: Default::default(),
        made: Default::default(),
        rendered: Default::default(),
        error: Default::default(),
    };

    let home = HomeVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page(config.title.clone(), base.clone(), "home")
            .jsonld(serde_json::json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": config.title,
                "url": config.base_url,
                "inLanguage": config.language,
            })),
        issues: (0..bulletins.len().min(HOME_ISSUES))
            .map(|bi| -> Result<HomeIssue> {
                let articles = &ix.by_bulletin[bi];
                let lead = &articles[..articles.len().min(HOME_LEAD_ARTICLES)];
                Ok(HomeIssue {
                    bulletin: BulletinRef::clone(&ix.refs[bi]),
                    summary: inputs::BulletinInputs::new(&ix, bi).summary(),
                    lead: fx.items(&ix, lead, false, true)?,
                    single: match articles[..] {
                        [k] => Some(ix.entries[k].reference.clone()),
                        _ => None,
                    },
                    rest: articles
                        .iter()
                        .skip(HOME_LEAD_ARTICLES)
                        .map(|&k| ix.entries[k].reference.clone())
                        .collect(),
                    article_count: articles.len(),
                })
            })
            .collect::<Result<_>>()?,
        columns: ix.columns.iter().map(|(c, _)| c.clone()).collect(),
        bulletin_count: bulletins.len(),
        article_count: ix.entries.len(),
    };
    pages.page_vm("index.html".into(), "index.html", &home, || {
        "the home page".into()
    })?;

    let mut years: Vec<YearGroup> = Vec::new();
    for (bi, b) in bulletins.iter().enumerate() {
        let year = b.date.map_or(String::new(), |d| d.year.to_string());
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup {
                year: year.clone(),
                series: Vec::new(),
            });
        }
        let group = years.last_mut().expect("pushed above");
        match group.series.iter_mut().find(|s| s.name == b.series) {
            Some(s) => s.bulletins.push(BulletinRef::clone(&ix.refs[bi])),
            None => group.series.push(SeriesGroup {
                name: b.series.clone(),
                bulletins: vec![BulletinRef::clone(&ix.refs[bi])],
            }),
        }
    }
    let all = BulletinsVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page("各期".into(), format!("{base}bulletins/"), "bulletins")
            .describe(&format!("{}的全部各期，按年份和系列排列。", config.title)),
        years,
    };
    pages.page_vm(
        "bulletins/index.html".into(),
        "bulletins.html",
        &all,
        || "the list of issues".into(),
    )?;

    // Issue pages and their column pages, issues in parallel.
    bulletins
        .par_iter()
        .enumerate()
        .try_for_each(|(bi, b)| -> Result<()> {
            pages.page(
                format!("bulletins/{}/index.html", b.slug),
                "bulletin.html",
                &inputs::BulletinInputs::new(&ix, bi),
                || format!("the issue content/bulletins/{}/index.md", b.slug),
            )?;
            let articles = &ix.by_bulletin[bi];
            for runs in inputs::toc_runs(articles.iter().map(|&k| &*ix.entries[k].reference)) {
                let first = &ix.entries[articles[runs[0].start]].reference;
                let Some(name) = first.section.as_deref() else {
                    continue;
                };
                let groups = runs
                    .into_iter()
                    .map(|run| {
                        let subsection = ix.entries[articles[run.start]]
                            .reference
                            .subsection
                            .as_deref();
                        (subsection, inputs::Listed::new(&ix, &articles[run]))
                    })
                    .collect();
                let slug = &ix.section_slugs[bi][name];
                pages.page(
                    format!("bulletins/{}/{slug}/index.html", b.slug),
                    "section.html",
                    &inputs::SectionInputs {
                        site: &ix.site,
                        bulletin: &ix.refs[bi],
                        name,
                        url: first.section_url.as_deref(),
                        groups,
                        column: ix.column(first.section.as_ref()),
                    },
                    || format!("the column '{name}' of content/bulletins/{}/", b.slug),
                )?;
            }
            Ok(())
        })?;

    ix.entries
        .par_iter()
        .enumerate()
        .try_for_each(|(k, e)| -> Result<()> {
            let b = &bulletins[e.bulletin];
            let a = &b.articles[e.article];
            let siblings = &ix.by_bulletin[e.bulletin];
            let pos = siblings.iter().position(|&s| s == k).unwrap_or(0);
            let column = a
                .section
                .as_ref()
                .and_then(|s| ix.column_of.get(s))
                .copied();
            let more_in_column: Vec<usize> = column
                .map(|c| {
                    ix.columns[c]
                        .1
                        .iter()
                        .filter(|&&o| ix.entries[o].bulletin != e.bulletin)
                        .take(MORE_IN_COLUMN)
                        .copied()
                        .collect()
                })
                .unwrap_or_default();
            let (topics, regions) = tx.terms_of(k);
            let inputs = inputs::ArticleInputs {
                site: &ix.site,
                title: &a.title,
                section: a.section.as_deref(),
                authors: &a.authors,
                sources: &a.sources,
                source_name: a.source_name.as_deref(),
                body: inputs::Body {
                    text: &a.body,
                    facts: enriched.article(e.bulletin, e.article),
                },
                reference: &e.reference,
                bulletin: &ix.refs[e.bulletin],
                prev: pos
                    .checked_sub(1)
                    .map(|p| &ix.entries[siblings[p]].reference),
                next: siblings.get(pos + 1).map(|&n| &ix.entries[n].reference),
                column: column.map(|c| &ix.columns[c].0),
                more_in_column: inputs::Listed::new(&ix, more_in_column),
                topics,
                regions,
                related: inputs::Listed::new(&ix, tx.related_of(k)),
            };
            pages.page(
                format!("bulletins/{}/{}/index.html", b.slug, a.slug),
                "article.html",
                &inputs,
                || {
                    format!(
                        "the article content/bulletins/{}/{}",
                        b.slug,
                        crate::content::article_file_name(e.article, &a.slug)
                    )
                },
            )
        })?;

    taxonomy::plan(&ix, &tx, config, enriched, vocab, &pages)?;

    let columns = ColumnsVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page("栏目".into(), format!("{base}columns/"), "columns"),
        columns: ix.columns.iter().map(|(c, _)| c.clone()).collect(),
    };
    pages.page_vm(
        "columns/index.html".into(),
        "columns.html",
        &columns,
        || "the list of columns".into(),
    )?;
    // Every page of every column, in parallel.
    let column_pages: Vec<(&ColumnRef, ListPage)> = ix
        .columns
        .iter()
        .flat_map(|(column, list)| {
            paginate(base, &column.url, &column.name, list, config.paginate_by)
                .into_iter()
                .map(move |lp| (column, lp))
        })
        .collect();
    column_pages
        .into_par_iter()
        .try_for_each(|(column, lp)| -> Result<()> {
            let number = lp.number;
            pages.page(
                lp.path,
                "column.html",
                &inputs::ColumnInputs {
                    site: &ix.site,
                    column,
                    list: inputs::ListPageInputs {
                        title: lp.title.into(),
                        url: lp.url.into(),
                        pager: lp.pager,
                        articles: inputs::Listed::new(&ix, lp.items),
                    },
                },
                || format!("page {number} of the column '{}'", column.name),
            )
        })?;

    search::page(&ix, vocab, &pages)?;

    let nf = NotFoundVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page("找不到页面".into(), format!("{base}404.html"), ""),
    };
    pages.page_vm("404.html".into(), "404.html", &nf, || "the 404 page".into())?;

    // Feeds: the site's newest articles, and each column's.
    let newest: Vec<usize> = (0..ix.entries.len()).collect();
    let site_feed_url = format!("{base}atom.xml");
    pages.page(
        "atom.xml".into(),
        "atom.xml",
        &inputs::FeedInputs {
            site: &ix.site,
            title: config.title.clone(),
            page_url: base,
            feed_url: &site_feed_url,
            ix: &ix,
            entries: &newest,
        },
        || "the site feed".into(),
    )?;
    ix.columns.par_iter().try_for_each(|(column, list)| {
        let feed_url = format!("{}atom.xml", column.url);
        let path = format!(
            "{}atom.xml",
            column
                .url
                .strip_prefix(base.as_str())
                .unwrap_or(&column.url)
        );
        pages.page(
            path,
            "atom.xml",
            &inputs::FeedInputs {
                site: &ix.site,
                title: format!("{}：{}", config.title, column.name),
                page_url: &column.url,
                feed_url: &feed_url,
                ix: &ix,
                entries: list,
            },
            || format!("the feed of the column '{}'", column.name),
        )
    })?;

    // The sitemap lists every page (not the 404 page), with the date of its content.
    pages.page(
        "sitemap.xml".into(),
        "sitemap.xml",
        &SitemapInputs { pages: &pages },
        || "the sitemap".into(),
    )?;
    let robots = RobotsVm {
        sitemap: format!("{}sitemap.xml", config.base_url),
    };
    pages.page_vm("robots.txt".into(), "robots.txt", &robots, || {
        "robots.txt".into()
    })?;
    let max = config.search_max_file_bytes;
    let search = match memo {
        Some(memo) => memo.search_index().build_keyed(
            search::doc_keys(&ix, &tx, vocab),
            |id| search::doc(&ix, &tx, vocab, id),
            max,
        ),
        None => Incremental::default().build(search::docs(&ix, &tx, vocab), max),
    }?;
    drop(tx);
    pages.finish(search)
}

/// The documents the search index is built from (oldest first), as [`plan`] builds them.
pub fn search_docs(
    config: &Config,
    bulletins: &[Bulletin],
    enriched: &Enriched,
    vocab: &Vocabulary,
) -> Vec<crate::search::index::Doc<'static>> {
    let ix = Index::new(config, bulletins, enriched, None);
    let tx = taxonomy::Taxonomy::new(&ix, enriched, vocab, &config.base_path);
    search::docs(&ix, &tx, vocab)
        .into_iter()
        .map(crate::search::index::Doc::into_owned)
        .collect()
}

/// The sitemap: every page planned so far, hashed as the number and sum of the hashes
/// of their URLs.
struct SitemapInputs<'a> {
    pages: &'a Emitter<'a>,
}

impl std::hash::Hash for SitemapInputs<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let count = self.pages.sitemap.lock().map_or(0, |u| u.len());
        let sum = self
            .pages
            .sitemap_sum
            .load(std::sync::atomic::Ordering::Relaxed);
        (count, sum).hash(h);
    }
}

impl inputs::PageInputs for SitemapInputs<'_> {
    type Vm = SitemapVm;

    fn vm(&self, _: &fragments::Fragments) -> Result<SitemapVm> {
        Ok(SitemapVm {
            urls: self.pages.sitemap_urls(),
        })
    }
}

#[derive(Debug, Serialize)]
pub struct SitemapVm {
    pub urls: Vec<SitemapUrl>,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// `2021-08-05`, `2021-04` or `2021` (W3C datetime precisions).
    pub lastmod: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RobotsVm {
    pub sitemap: String,
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

/// `files` and the theme's static files.
fn with_statics(theme: &Theme, mut files: Vec<IndexFile>) -> Vec<IndexFile> {
    for (name, bytes) in &theme.statics {
        files.push(IndexFile {
            path: format!("static/{name}"),
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

/// Renders one planned page.
pub fn render(theme: &Theme, page: &PlannedPage) -> Result<OutputFile> {
    // Straight into bytes: Tera's `render` checks its whole output is UTF-8 again to make
    // a String (3% of a build); every piece it writes is a &str already.
    let mut bytes = Vec::new();
    theme
        .tera
        .render_to(page.template, &page.context, &mut bytes)
        .map_err(|e| {
            anyhow::anyhow!(
                "rendering {} with template {}: {}",
                page.what,
                page.template,
                tera_error_chain(&e)
            )
        })?;
    Ok(OutputFile {
        path: page.path.clone(),
        bytes: without_control_chars(bytes),
    })
}

/// Text scraped from the web or a PDF may hold control characters (a NUL, a stray escape)
/// that XML forbids: one would make a whole Atom feed unreadable. Each becomes U+FFFD (�),
/// as CommonMark does with NUL; `gazette check` and `build` name the file and line.
/// (In UTF-8 a byte below 0x20 is always that ASCII character, never part of another.)
fn without_control_chars(bytes: Vec<u8>) -> Vec<u8> {
    let forbidden = |b: &u8| *b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r');
    if !bytes.iter().any(forbidden) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 8);
    for b in bytes {
        if forbidden(&b) {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        } else {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_shows_a_window() {
        let p = pager("/columns/x/", 6, 12);
        let shown: Vec<Option<usize>> = p.pages.iter().map(|l| l.number).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(12)
            ]
        );
        assert_eq!(p.prev.as_deref(), Some("/columns/x/page/5/"));
        assert_eq!(pager("/c/", 2, 2).prev.as_deref(), Some("/c/"));
    }

    #[test]
    fn site_names() {
        assert_eq!(
            site_name("http://www.cqn.com.cn/zj/content/1.htm"),
            "cqn.com.cn"
        );
        assert_eq!(site_name("https://kd.youth.cn/a/x"), "kd.youth.cn");
    }
}
