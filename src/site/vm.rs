//! The view-models every page kind shares: what a page says about itself (`PageMeta`)
//! and the site (`SiteVm`), the references a page links to (issues, articles, columns,
//! terms), page links and rendered HTML. With each page kind's own structs (`HomeVm` in
//! `home.rs`, `ArticleVm` in `article.rs`…) they are the theme's contract: templates see
//! these fields and nothing else, never the domain types.

use crate::model::PartialDate;
use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::sync::Arc;

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

impl SiteVm {
    /// Scheme and host of the base URL (`https://org.github.io`), for absolute URLs.
    pub fn origin(&self) -> &str {
        &self.base_url[..self.base_url.len() - self.base_path.len()]
    }

    /// The absolute URL of a site-absolute one.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{site_path}", self.origin())
    }

    /// What a page at `url` (site-absolute) titled `title` says of itself by default.
    pub fn page(&self, title: String, url: String, nav: &'static str) -> PageMeta {
        PageMeta {
            canonical: self.absolute(&url),
            description: self.description.clone(),
            og_type: "website",
            jsonld: None,
            feeds: vec![FeedLink {
                title: self.title.clone(),
                url: format!("{}atom.xml", self.base_path),
            }],
            lastmod: None,
            title,
            url,
            nav,
        }
    }
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
    /// For the sitemap: the date the page's content is from, in full (`2021-04-01` for an
    /// issue of April 2021).
    pub lastmod: Option<String>,
}

/// A feed announced by a page.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
}

impl PageMeta {
    pub(super) fn describe(mut self, description: &str) -> Self {
        if !description.trim().is_empty() {
            self.description = description.trim().to_string();
        }
        self
    }
    pub(super) fn article(mut self) -> Self {
        self.og_type = "article";
        self
    }
    pub(super) fn jsonld(mut self, value: serde_json::Value) -> Self {
        // `</script>` inside a string would end the element: escape every `<`.
        self.jsonld = Some(value.to_string().replace('<', "\\u003c"));
        self
    }
    /// A page that announces no feed (an article, an issue's column: the home page and
    /// the listings do).
    pub(super) fn without_feeds(mut self) -> Self {
        self.feeds.clear();
        self
    }
    pub(super) fn feed(mut self, title: String, url: String) -> Self {
        self.feeds.push(FeedLink { title, url });
        self
    }
    /// The date of the page's content, as a full date: the sitemaps.org schema takes a
    /// W3C date or date-time only, so an issue dated `2021-04` is listed as of `2021-04-01`.
    pub(super) fn lastmod(mut self, date: Option<&String>) -> Self {
        self.lastmod = date.map(|d| match d.len() {
            4 => format!("{d}-01-01"),
            7 => format!("{d}-01"),
            _ => d.clone(),
        });
        self
    }
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

/// A link to a topic or region.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermRef {
    pub name: String,
    pub url: String,
    pub count: usize,
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

/// What the sitemap lists of a page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// `2021-08-05`: a full date, as the sitemaps.org schema requires.
    pub lastmod: Option<String>,
}

/// What `item.html` sees: an article in a list, and what the list does not already say.
/// A list of articles from many issues (a column's, a topic's, related articles) shows
/// each one's date (`show_date`), and its column unless the list is the column's; a list
/// of one issue's articles (the home page's, an issue's column page) shows each one's
/// summary instead of the date: a summary is on the site once or twice, not on every list
/// an article is in.
#[derive(Debug, Serialize)]
pub struct ItemVm<'a> {
    pub a: &'a ArticleRef,
    pub show_date: bool,
    pub show_section: bool,
}

/// HTML made once and shown by many pages: an article body, a list item, a timeline entry.
/// Templates see the HTML; a page's fingerprint (`memo::render_key`) sees the key
/// instead, a hash of everything the HTML is made from, so fingerprinting a page that
/// lists a thousand items hashes a thousand numbers, not their text. Cloning it is a
/// reference count.
#[derive(Debug, Clone)]
pub struct Html {
    /// Set only when the HTML came through a memo: fingerprints need a memo.
    key: u64,
    text: Arc<str>,
}

impl Html {
    pub(super) fn new(key: u64, text: Arc<str>) -> Html {
        Html { key, text }
    }

    /// HTML made without a memo (`gazette build`, which never fingerprints).
    pub(super) fn unkeyed(text: String) -> Html {
        Html {
            key: 0,
            text: text.into(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

thread_local! {
    /// True while [`with_keys`] serialises a view-model on this thread.
    static AS_KEYS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every [`Html`] serialised as its key instead of its text (for hashing a
/// view-model: see `memo::render_key`).
pub(super) fn with_keys<R>(f: impl FnOnce() -> R) -> R {
    let before = AS_KEYS.with(|k| k.replace(true));
    let out = f();
    AS_KEYS.with(|k| k.set(before));
    out
}

impl Serialize for Html {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if AS_KEYS.with(Cell::get) {
            s.serialize_u64(self.key)
        } else {
            s.serialize_str(&self.text)
        }
    }
}

/// A date as a reader reads it: 2021年8月5日, 2021年4月, 2021年.
pub(super) fn date_text(d: &PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{}年{}月{}日", d.year, m, day),
        (Some(m), None) => format!("{}年{}月", d.year, m),
        _ => format!("{}年", d.year),
    }
}
