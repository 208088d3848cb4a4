//! List items, rendered once each. An article is listed on a dozen pages (its column's
//! and its topics' and regions' listings, other articles' "related" and "more from this
//! column"), and an event on its year's timeline and on the timeline of every topic of
//! its articles: 20,000 articles make about 400,000 list items and 650,000 timeline
//! entries. Each is rendered the first time a page needs it, by the theme's `item.html`
//! or `event.html`, and every page that lists it carries that HTML, as an article page
//! carries its body. A page stays a pure function of its view-model (the HTML is part of
//! it), and the theme still decides what an item looks like.

use super::memo::{key_of, Memo};
use super::taxonomy::{EventInputs, EventVm};
use super::{tera_error_chain, ArticleRef, Index, Theme};
use anyhow::Result;
use serde::{Serialize, Serializer};
use std::cell::Cell;
use std::sync::{Arc, OnceLock};

/// HTML made once and shown by many pages: an article body, a list item, a timeline entry.
/// Templates see the HTML; a page's fingerprint (`memo::render_key`) sees the key
/// instead, a hash of everything the HTML is made from, so fingerprinting a page that
/// lists a thousand items hashes a thousand numbers, not their text. Cloning it is a
/// reference count.
#[derive(Debug, Clone)]
pub struct Html {
    /// Set only when the HTML came through a [`Memo`]: fingerprints need a memo.
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
/// view-model: see [`super::memo::render_key`]).
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

/// What `item.html` sees: an article in a list, and whether the list already says which
/// issue or column it is (an issue's own column page shows neither).
#[derive(Debug, Serialize)]
pub struct ItemVm<'a> {
    pub a: &'a ArticleRef,
    pub show_issue: bool,
    pub show_section: bool,
}

/// What `event.html` sees: one dated event of a timeline.
#[derive(Debug, Serialize)]
pub struct EventItemVm<'a> {
    pub e: &'a EventVm,
}

/// The rendered items of one build.
pub(super) struct Fragments<'a> {
    theme: &'a Theme,
    /// Items rendered by earlier builds (`serve`).
    memo: Option<&'a Memo>,
    /// Per entry of the [`Index`], per (show_issue, show_section) as two bits.
    items: Vec<[OnceLock<Html>; 4]>,
    /// Per event of the timeline.
    events: Vec<OnceLock<Html>>,
    /// Per event of the timeline: the hash of its inputs (with a memo).
    event_keys: Vec<OnceLock<u64>>,
    /// Per entry: its body as HTML for feeds (an article is in up to a dozen feeds: the
    /// site's, its column's, its terms').
    feed_bodies: Vec<OnceLock<Html>>,
}

impl<'a> Fragments<'a> {
    pub fn new(
        theme: &'a Theme,
        memo: Option<&'a Memo>,
        entries: usize,
        events: usize,
    ) -> Fragments<'a> {
        Fragments {
            theme,
            memo,
            items: (0..entries).map(|_| Default::default()).collect(),
            events: (0..events).map(|_| OnceLock::new()).collect(),
            event_keys: (0..events).map(|_| OnceLock::new()).collect(),
            feed_bodies: (0..entries).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Values kept from earlier builds, if any.
    pub fn memo(&self) -> Option<&'a Memo> {
        self.memo
    }

    /// The body of entry `k` as feeds show it: HTML without the timeline's anchors.
    pub fn feed_body(&self, k: usize, body: &str, body_hash: u64) -> Result<Html> {
        once(&self.feed_bodies[k], || {
            let render = || Ok(crate::markdown::to_html(body));
            match self.memo {
                Some(memo) => memo.bodies.html(key_of(("feed", body_hash)), render),
                None => render().map(Html::unkeyed),
            }
        })
        .cloned()
    }

    /// The list items of `entries` (indices into the index's entries).
    pub fn items(
        &self,
        ix: &Index,
        entries: &[usize],
        show_issue: bool,
        show_section: bool,
    ) -> Result<Vec<Html>> {
        entries
            .iter()
            .map(|&k| {
                let slot = &self.items[k][usize::from(show_issue) * 2 + usize::from(show_section)];
                once(slot, || {
                    let reference = &ix.entries[k].reference;
                    let vm = ItemVm {
                        a: reference,
                        show_issue,
                        show_section,
                    };
                    self.keep(
                        || {
                            let item = (reference.key(), show_issue, show_section);
                            Ok(key_of((self.theme.digest, "item.html", item)))
                        },
                        || {
                            self.render_text("item.html", &vm, || {
                                format!("the list item of {}", reference.url)
                            })
                        },
                    )
                })
                .cloned()
            })
            .collect()
    }

    /// Event `i` of the timeline, made the first time it is needed from what `inputs`
    /// gives ([`EventInputs::vm`]). `serve`'s memo finds it by the hash of the inputs, so
    /// the view-model is made only for an event whose inputs are new.
    pub fn event<'e>(&self, i: usize, inputs: impl Fn() -> EventInputs<'e>) -> Result<&Html> {
        once(&self.events[i], || {
            let render = || {
                let e = inputs().vm();
                self.render_text("event.html", &EventItemVm { e: &e }, || {
                    format!("the timeline entry of {}", e.date)
                })
            };
            self.keep(|| Ok(self.event_key(i, &inputs)), render)
        })
    }

    /// The key event `i` of the timeline is kept under: the hash of the theme and of
    /// what `inputs` gives (once a build).
    pub fn event_key<'e>(&self, i: usize, inputs: impl Fn() -> EventInputs<'e>) -> u64 {
        *self.event_keys[i].get_or_init(|| key_of((self.theme.digest, "event.html", inputs())))
    }

    /// `make`'s HTML: with a memo, the HTML it keeps under `key` (made and kept when it
    /// has none); without, made, with no key.
    fn keep(
        &self,
        key: impl FnOnce() -> Result<u64>,
        make: impl FnOnce() -> Result<String>,
    ) -> Result<Html> {
        match self.memo {
            Some(memo) => memo.fragments.html(key()?, make),
            None => make().map(Html::unkeyed),
        }
    }

    fn render_text<T: Serialize>(
        &self,
        template: &str,
        vm: &T,
        what: impl Fn() -> String,
    ) -> Result<String> {
        let fail = |e: tera::Error| {
            anyhow::anyhow!(
                "rendering {} with template {template}: {}",
                what(),
                tera_error_chain(&e)
            )
        };
        let context = tera::Context::from_serialize(vm).map_err(fail)?;
        self.theme.tera.render(template, &context).map_err(fail)
    }
}

/// The value in `slot`, made by `make` if it is empty (a failure leaves it empty).
fn once(slot: &OnceLock<Html>, make: impl FnOnce() -> Result<Html>) -> Result<&Html> {
    if let Some(s) = slot.get() {
        return Ok(s);
    }
    let s = make()?;
    Ok(slot.get_or_init(|| s))
}
