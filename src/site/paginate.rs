//! Paginated listings: a column's or a term's articles, `paginate_by` to a page, at
//! `<url>`, `<url>page/2/`…, each page with links to its neighbours and a window of
//! page numbers.

use super::fragments::Listed;
use super::vm::{PageLink, PageMeta, Pager, SiteVm};
use std::borrow::Cow;

/// One page of a paginated listing.
pub(super) struct ListPage<'a> {
    pub number: usize,
    /// Site-absolute URL: the listing's own for page 1, `…/page/N/` after.
    pub url: String,
    /// Output path under the site folder.
    pub path: String,
    pub title: String,
    pub items: &'a [usize],
    pub pager: Pager,
}

/// The pages of the listing at `url` (site-absolute, ending with `/`) named `name`.
pub(super) fn paginate<'a>(
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

/// The pager of a page that is the only one of its listing (it shows no links).
pub(super) fn single_page() -> Pager {
    Pager {
        current: 1,
        total: 1,
        prev: None,
        next: None,
        pages: Vec::new(),
    }
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

/// One page of a paginated listing: its title, URL and page links.
#[derive(Hash)]
pub(super) struct ListPageInputs<'a> {
    pub title: Cow<'a, str>,
    pub url: Cow<'a, str>,
    pub pager: Pager,
    pub articles: Listed<'a>,
}

impl ListPageInputs<'_> {
    /// What the page says of itself, under the navigation entry `nav`.
    pub fn page(&self, site: &SiteVm, nav: &'static str) -> PageMeta {
        site.page(self.title.to_string(), self.url.to_string(), nav)
    }
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
}
