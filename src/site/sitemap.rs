//! `sitemap.xml`, every page of the site with the date of its content (what the emitter
//! gathered from each page's `PageMeta` as it was planned), and `robots.txt`, which
//! points to it. Planned after every other page. A sitemap file may list 50,000 URLs
//! (sitemaps.org; `[publish] sitemap_max_urls` may set fewer): a larger site gets
//! `sitemaps/1.xml`, `sitemaps/2.xml`… and `sitemap.xml` becomes their index.

use super::context::Context;
use super::emit::{Emitter, PageInputs, View};
use super::fragments::Fragments;
use super::vm::{PageMeta, SitemapUrl};
use anyhow::Result;
use serde::Serialize;
use std::hash::{Hash, Hasher};

#[derive(Debug, Serialize)]
pub struct SitemapVm {
    pub urls: Vec<SitemapUrl>,
}

/// `sitemap.xml` when the site's URLs take more than one sitemap file.
#[derive(Debug, Serialize)]
pub struct SitemapIndexVm {
    pub sitemaps: Vec<SitemapUrl>,
}

#[derive(Debug, Serialize)]
pub struct RobotsVm {
    pub sitemap: String,
}

impl View for SitemapVm {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

impl View for SitemapIndexVm {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

impl View for RobotsVm {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let limit = cx.config.sitemap_max_urls;
    if pages.sitemap_key().0 <= limit {
        pages.page(
            "sitemap.xml".into(),
            "sitemap.xml",
            &SitemapInputs { pages },
            || "the sitemap".into(),
        )?;
    } else {
        let urls = pages.sitemap_urls();
        let mut sitemaps = Vec::new();
        for (n, part) in urls.chunks(limit).enumerate() {
            let path = format!("sitemaps/{}.xml", n + 1);
            sitemaps.push(SitemapUrl {
                loc: format!("{}{path}", cx.config.base_url),
                lastmod: part.iter().filter_map(|u| u.lastmod.clone()).max(),
            });
            let vm = SitemapVm {
                urls: part.to_vec(),
            };
            pages.page_vm(path, "sitemap.xml", &vm, || {
                format!("sitemap file {} of the sitemap index", n + 1)
            })?;
        }
        let index = SitemapIndexVm { sitemaps };
        pages.page_vm("sitemap.xml".into(), "sitemap-index.xml", &index, || {
            "the sitemap index".into()
        })?;
    }
    let robots = RobotsVm {
        sitemap: format!("{}sitemap.xml", cx.config.base_url),
    };
    pages.page_vm("robots.txt".into(), "robots.txt", &robots, || {
        "robots.txt".into()
    })
}

/// The sitemap: every page planned so far, hashed as the number and sum of the hashes
/// of their URLs.
struct SitemapInputs<'a> {
    pages: &'a Emitter<'a>,
}

impl Hash for SitemapInputs<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.pages.sitemap_key().hash(h);
    }
}

impl PageInputs for SitemapInputs<'_> {
    type Vm = SitemapVm;

    fn vm(&self, _: &Fragments) -> Result<SitemapVm> {
        Ok(SitemapVm {
            urls: self.pages.sitemap_urls(),
        })
    }
}
