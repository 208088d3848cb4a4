//! The page a host serves for a URL the site does not have (`/404.html`): the site's
//! navigation and a way back, made from the site's configuration alone.

use super::context::Context;
use super::emit::{Emitter, View};
use super::vm::{PageMeta, SiteVm};
use anyhow::Result;
use serde::Serialize;

/// What `404.html` sees.
#[derive(Debug, Serialize)]
pub struct NotFoundVm {
    pub site: SiteVm,
    pub page: PageMeta,
}

/// Not a page to list in the sitemap (a page to list would say
/// `page_view!(NotFoundVm);` instead).
impl View for NotFoundVm {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let site = &cx.ix.site;
    let url = format!("{}404.html", site.base_path);
    let vm = NotFoundVm {
        site: SiteVm::clone(site),
        page: site.page("找不到页面".into(), url, ""),
    };
    pages.page_vm("404.html".into(), "404.html", &vm, || "the 404 page".into())
}
