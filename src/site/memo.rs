//! What one build hands to the next: `serve` keeps a [`Memo`] across rebuilds, so that
//! after an edit only what the edit changed is made again (pages, bodies, list items,
//! search docs). Each value is kept under a hash of everything it is made from, so a
//! value found is exactly the value that would be made; `gazette build` has no memo.

use super::vm::{with_keys, Html, SitemapUrl};
use crate::search::index::{Incremental, Stats};
use anyhow::Result;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::any::Any;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// Values kept between builds. With it, the plan makes and renders only the pages whose
/// inputs changed (each path's fingerprint from the last build that finished is kept),
/// does not render again every article body, list item and timeline entry to find the
/// few that changed, nor rank every article's related articles or sort every article
/// into its terms again ([`Memo::derived`]), nor build the search index from nothing
/// ([`Incremental`]).
///
/// Each value is stored under a hash of everything it is made from (a page: the theme,
/// its template and its inputs; a body: the hash of its Markdown and its anchors; a list
/// item: the theme, the template and its article's key; a timeline entry: the theme and
/// its inputs; related articles and term lists: every article's place and tags): the
/// memo saves time and changes nothing. A value not used by a build is forgotten after
/// the next one, so the memo holds one site's worth. Page kinds use it through
/// `emit::Emitter` (pages), `fragments::Fragments` (list items) and [`Memo::derived`].
#[derive(Default)]
pub struct Memo {
    /// Article bodies as HTML.
    pub(super) bodies: Store,
    /// List items and timeline entries as `item.html` and `event.html` render them.
    pub(super) fragments: Store,
    /// The pages of the last build that finished, by output path: a page whose
    /// fingerprint is the same is not made again, yet the sitemap still lists it.
    pages: RwLock<FxHashMap<String, PageRecord>>,
    /// The pages the build under way made (new, or with a new fingerprint), kept until
    /// it finishes.
    made: Mutex<Vec<(String, PageRecord)>>,
    /// The number of the last build planned with this memo.
    builds: AtomicU64,
    /// The search index as the last build left it: the next one redoes only what changed.
    search: Mutex<Incremental>,
    /// What is derived from the whole site and would cost a rebuild most of its time
    /// (which articles have which terms, every article's related articles, every topic's
    /// timeline), by name, each under the key of what it was made from.
    derived: Mutex<FxHashMap<&'static str, (u64, Derived)>>,
}

/// A value derived from the whole site, of the type its user gives it.
type Derived = Arc<dyn Any + Send + Sync>;

impl Memo {
    /// The search index state (one build at a time uses it).
    pub(super) fn search_index(&self) -> std::sync::MutexGuard<'_, Incremental> {
        lock(&self.search)
    }

    /// What the last search index build did.
    pub fn search_stats(&self) -> Stats {
        lock(&self.search).stats()
    }

    /// Called after each build that finished: what it did not use is dropped at the next
    /// call, and its pages are the ones the next build compares with.
    pub fn next_generation(&self) {
        self.bodies.next_generation();
        self.fragments.next_generation();
        let build = self.builds.load(Ordering::Relaxed);
        let made = std::mem::take(&mut *lock(&self.made));
        let mut pages = self.pages.write().unwrap_or_else(|p| p.into_inner());
        pages.retain(|_, r| r.seen.load(Ordering::Relaxed) == build);
        pages.extend(made);
    }

    /// Starts planning a build: its number, and the pages of the last one that finished.
    pub(super) fn start_build(
        &self,
    ) -> (
        u64,
        std::sync::RwLockReadGuard<'_, FxHashMap<String, PageRecord>>,
    ) {
        let build = self.builds.fetch_add(1, Ordering::Relaxed) + 1;
        lock(&self.made).clear();
        (build, self.pages.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Keeps the pages the build under way made, until [`Self::next_generation`].
    pub(super) fn made(&self, pages: Vec<(String, PageRecord)>) {
        *lock(&self.made) = pages;
    }

    /// The value kept as `name` under `key` (a hash of everything it is made from), or
    /// `make`'s, kept in its place until a value of another key replaces it.
    pub(super) fn derived<T: Any + Send + Sync>(
        &self,
        name: &'static str,
        key: u64,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let kept = match lock(&self.derived).get(name) {
            Some((k, value)) if *k == key => value.clone().downcast::<T>().ok(),
            _ => None,
        };
        if let Some(value) = kept {
            return value;
        }
        let value = Arc::new(make()); // made outside the lock
        lock(&self.derived).insert(name, (key, value.clone()));
        value
    }
}

/// What a build planned at one output path.
pub(super) struct PageRecord {
    /// The hash of the theme, the template and the page's inputs.
    pub fp: u64,
    /// What the sitemap lists of the page, with the hash of that.
    pub sitemap: Option<(Arc<SitemapUrl>, u64)>,
    /// The number of the last build that planned the path.
    seen: AtomicU64,
}

impl PageRecord {
    pub fn new(fp: u64, sitemap: Option<(Arc<SitemapUrl>, u64)>, build: u64) -> PageRecord {
        PageRecord {
            fp,
            sitemap,
            seen: AtomicU64::new(build),
        }
    }

    /// Notes that `build` planned the path too.
    pub fn see(&self, build: u64) {
        self.seen.store(build, Ordering::Relaxed);
    }

    /// Whether `build` planned the path.
    pub fn seen_by(&self, build: u64) -> bool {
        self.seen.load(Ordering::Relaxed) == build
    }
}

/// HTML by the hash of what it is made from, over two generations, in shards chosen by
/// the key so that the threads of a build rarely wait for each other (one lock for all
/// was a tenth of a rebuild). The keys are hashes already: FxHash maps.
#[derive(Default)]
pub(super) struct Store {
    shards: [Mutex<Generations>; 16],
}

#[derive(Default)]
struct Generations {
    /// Made or used by the build under way.
    current: FxHashMap<u64, Arc<str>>,
    /// Made or used by the build before, not yet by this one.
    previous: FxHashMap<u64, Arc<str>>,
}

impl Store {
    /// The HTML stored under `key`, or `make`'s (stored unless it fails).
    pub fn html(&self, key: u64, make: impl FnOnce() -> Result<String>) -> Result<Html> {
        let shard = &self.shards[key as usize % self.shards.len()];
        {
            let mut g = lock(shard);
            if let Some(v) = g.current.get(&key) {
                return Ok(Html::new(key, v.clone()));
            }
            if let Some(v) = g.previous.remove(&key) {
                g.current.insert(key, v.clone());
                return Ok(Html::new(key, v));
            }
        }
        let value: Arc<str> = make()?.into(); // made outside the lock
        let value = lock(shard).current.entry(key).or_insert(value).clone();
        Ok(Html::new(key, value))
    }

    fn next_generation(&self) {
        for shard in &self.shards {
            let g = &mut *lock(shard);
            g.previous = std::mem::take(&mut g.current);
        }
    }
}

pub(super) use crate::hashing::key_of;

/// The key of what `template` of the theme with `digest` renders from `vm`: equal keys,
/// equal output. The view-model is serialised straight into the hasher, each [`Html`] in
/// it as its own key ([`with_keys`]), so a page listing a thousand items hashes a thousand
/// numbers, not their text; every `Html` in `vm` must come from a memo.
pub(super) fn render_key(digest: u64, template: &str, vm: &impl Serialize) -> Result<u64> {
    /// postcard's output, fed to a hasher as it is made.
    struct Feed(rustc_hash::FxHasher);
    impl postcard::ser_flavors::Flavor for Feed {
        type Output = u64;
        fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
            self.0.write_u8(byte);
            Ok(())
        }
        fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
            self.0.write(bytes);
            Ok(())
        }
        fn finalize(self) -> postcard::Result<u64> {
            Ok(self.0.finish())
        }
    }
    let mut h = rustc_hash::FxHasher::default();
    (digest, template).hash(&mut h);
    let key = with_keys(|| postcard::serialize_with_flavor(vm, Feed(h)))?;
    Ok(key)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_and_forgotten_a_build_after_its_last_use() {
        let store = Store::default();
        let made = std::cell::Cell::new(0);
        let make = |v: &str| {
            made.set(made.get() + 1);
            Ok(v.to_string())
        };
        // Build 1 makes both values.
        assert_eq!(store.html(1, || make("一")).unwrap().as_str(), "一");
        assert_eq!(store.html(2, || make("二")).unwrap().as_str(), "二");
        assert_eq!(store.html(1, || make("x")).unwrap().as_str(), "一");
        assert_eq!(made.get(), 2);
        store.next_generation();
        // Build 2 uses only the first: found, not made.
        assert_eq!(store.html(1, || make("x")).unwrap().as_str(), "一");
        assert_eq!(made.get(), 2);
        store.next_generation();
        // Build 3: the second was not used by build 2, so it is made again.
        assert_eq!(store.html(2, || make("二")).unwrap().as_str(), "二");
        assert_eq!(made.get(), 3);
        // A failure stores nothing.
        assert!(store.html(9, || anyhow::bail!("broken")).is_err());
        assert_eq!(store.html(9, || make("九")).unwrap().as_str(), "九");
    }

    #[test]
    fn the_render_key_follows_theme_template_and_view_model() {
        let vm = serde_json::json!({"title": "标准化"});
        let k = render_key(1, "item.html", &vm).unwrap();
        assert_eq!(k, render_key(1, "item.html", &vm).unwrap());
        assert_ne!(k, render_key(2, "item.html", &vm).unwrap());
        assert_ne!(k, render_key(1, "event.html", &vm).unwrap());
        let other = serde_json::json!({"title": "标准"});
        assert_ne!(k, render_key(1, "item.html", &other).unwrap());
    }
}
