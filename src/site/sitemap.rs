//! `sitemap.xml`, every page of the site with the date of its content (what the emitter
//! gathered from each page's `PageMeta` as it was planned), and `robots.txt`, which
//! points to it. Planned after every other page.

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

#[derive(Debug, Serialize)]
pub struct RobotsVm {
    pub sitemap: String,
}

impl View for SitemapVm {
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
    pages.page(
        "sitemap.xml".into(),
        "sitemap.xml",
        &SitemapInputs { pages },
        || "the sitemap".into(),
    )?;
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
