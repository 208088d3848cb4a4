//! How a page kind hands its pages on, the one interface between page kinds and the
//! incremental layer: [`Emitter::page`] with a page's path, template and [`PageInputs`],
//! or [`Emitter::page_vm`] with a view-model made at once. The emitter lists each page
//! for the sitemap and, with `serve`'s memo, neither makes nor renders a page whose
//! fingerprint (theme, template, inputs) is the one the last finished build gave its path.

use super::fragments::Fragments;
use super::memo::{key_of, render_key, Memo, PageRecord};
use super::theme::{tera_error_chain, PlannedPage};
use super::vm::{PageMeta, SitemapUrl};
use crate::search::index::IndexFile;
use anyhow::Result;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A view-model a template renders. Each says whether it is a page of the site, with its
/// [`PageMeta`] (its URL and date are what the sitemap lists of it), or another file
/// such as a feed (`None`).
pub(super) trait View: Serialize {
    fn meta(&self) -> Option<&PageMeta>;
}

/// [`View`] for the view-models of HTML pages, whose `page` field says what the sitemap
/// lists of them: `page_view!(HomeVm);`.
macro_rules! page_view {
    ($($vm:ty),+) => {
        $(impl $crate::site::emit::View for $vm {
            fn meta(&self) -> Option<&$crate::site::vm::PageMeta> {
                Some(&self.page)
            }
        })+
    };
}
pub(super) use page_view;

/// What a page is made from, and how. A page is planned as its inputs: borrowed, cheap
/// to gather, hashable. Its view-model is made from them alone, and only when the page
/// is rendered: `serve` fingerprints a page by the hash of its inputs (with the theme
/// and the template), so a rebuild finds the few pages an edit changed without making
/// the view-model of the other thirty thousand. Because `vm` sees nothing but the
/// inputs, equal hashes mean equal pages: what is shared is hashed as its key
/// (`Keyed`, `Listed`), everything else as it is.
pub(super) trait PageInputs: Hash {
    type Vm: View;
    /// The page's view-model, from these inputs alone.
    fn vm(&self, fx: &Fragments) -> Result<Self::Vm>;
}

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

/// What `site::plan` hands back besides the pages.
pub struct Planned {
    /// The files that are not pages: the search index's (and, from `site::rebuild`,
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
    pages: &'a FxHashMap<String, PageRecord>,
}

/// Hands each planned page on as soon as it is made, and gathers what the sitemap needs.
pub(super) struct Emitter<'a> {
    emit: &'a (dyn Fn(PlannedPage) -> Result<()> + Sync),
    pub fx: &'a Fragments<'a>,
    remembered: Option<Remembered<'a>>,
    sitemap: Mutex<Vec<Arc<SitemapUrl>>>,
    /// With a memo: the sum of the hashes of `sitemap`'s URLs, which stands for them in
    /// any order (wrapping on overflow).
    sitemap_sum: AtomicU64,
    /// Pages planned.
    count: AtomicUsize,
    /// With a memo: the pages made (new, or with a new fingerprint).
    made: Mutex<Vec<(String, PageRecord)>>,
    rendered: AtomicUsize,
    error: Mutex<Option<anyhow::Error>>,
}

impl<'a> Emitter<'a> {
    /// Hands each page planned to `emit`; with a memo, the build under way is `build`
    /// (from [`Memo::start_build`]) and `pages` those of the last build that finished.
    pub fn new(
        emit: &'a (dyn Fn(PlannedPage) -> Result<()> + Sync),
        fx: &'a Fragments<'a>,
        digest: u64,
        memo: Option<(&'a Memo, u64, &'a FxHashMap<String, PageRecord>)>,
    ) -> Emitter<'a> {
        Emitter {
            emit,
            fx,
            remembered: memo.map(|(memo, build, pages)| Remembered {
                digest,
                memo,
                build,
                pages,
            }),
            sitemap: Default::default(),
            sitemap_sum: Default::default(),
            count: Default::default(),
            made: Default::default(),
            rendered: Default::default(),
            error: Default::default(),
        }
    }

    /// Plans the page at `path`, rendered by `template` from what `inputs` make, and
    /// hands it on. With a memo, a page whose fingerprint (the hash of the theme, the
    /// template and the inputs) is the one the last finished build gave the same path
    /// is not even made.
    pub fn page<I: PageInputs>(
        &self,
        path: String,
        template: &'static str,
        inputs: &I,
        what: impl FnOnce() -> String,
    ) -> Result<()> {
        if self.failed() {
            return Ok(()); // a page already failed: the build is over
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let Some(r) = &self.remembered else {
            let vm = inputs.vm(self.fx)?;
            self.list_in_sitemap(Self::sitemap_url(&path, &vm));
            return self.hand_on(path, template, &vm, what);
        };
        let fp = key_of((r.digest, template, inputs));
        if self.unchanged(r, &path, fp) {
            return Ok(());
        }
        let vm = inputs.vm(self.fx)?;
        self.made(path, template, &vm, fp, what)
    }

    /// Plans the page at `path` rendered by `template` from `vm`, and hands it on unless
    /// its fingerprint (with a memo) shows nothing new: for the pages there is one of,
    /// whose view-model is as quick to make as inputs would be.
    pub fn page_vm<T: View>(
        &self,
        path: String,
        template: &'static str,
        vm: &T,
        what: impl Fn() -> String,
    ) -> Result<()> {
        if self.failed() {
            return Ok(());
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let Some(r) = &self.remembered else {
            self.list_in_sitemap(Self::sitemap_url(&path, vm));
            return self.hand_on(path, template, vm, what);
        };
        let fp =
            render_key(r.digest, template, vm).map_err(|e| anyhow::anyhow!("{}: {e}", what()))?;
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
            let record = PageRecord::new(fp, url, r.build);
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
        if !path.ends_with(".html") {
            return None;
        }
        vm.meta().map(|meta| {
            let url = SitemapUrl {
                loc: meta.canonical.clone(),
                lastmod: meta.lastmod.clone(),
            };
            let key = key_of(&url);
            (Arc::new(url), key)
        })
    }

    fn list_in_sitemap(&self, url: Option<(Arc<SitemapUrl>, u64)>) {
        if let Some((url, key)) = url {
            self.sitemap_sum.fetch_add(key, Ordering::Relaxed);
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
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let page = planned(path, template, vm, what())?;
        if let Err(e) = (self.emit)(page) {
            let mut slot = self.error.lock().unwrap_or_else(|p| p.into_inner());
            slot.get_or_insert(e);
        }
        Ok(())
    }

    /// The number of the sitemap's URLs so far and the sum of their hashes: their key,
    /// whatever the order they were planned in.
    pub fn sitemap_key(&self) -> (usize, u64) {
        let count = self.sitemap.lock().map_or(0, |u| u.len());
        (count, self.sitemap_sum.load(Ordering::Relaxed))
    }

    /// The sitemap's URLs so far, sorted (pages are planned in parallel).
    pub fn sitemap_urls(&self) -> Vec<SitemapUrl> {
        let mut urls = std::mem::take(&mut *self.sitemap.lock().unwrap_or_else(|p| p.into_inner()));
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        urls.into_iter()
            .map(|u| Arc::try_unwrap(u).unwrap_or_else(|u| (*u).clone()))
            .collect()
    }

    /// What was planned, unless a page failed; with a memo, the pages made are kept in
    /// it until the build finishes.
    pub fn finish(self, files: Vec<IndexFile>) -> Result<Planned> {
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
