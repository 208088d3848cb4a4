//! List items, each rendered once by the theme's `item.html` (or `event.html`, through
//! [`Fragments::keep`]) the first time a page needs it, and carried as HTML by every page
//! that lists it: 20,000 articles make about 400,000 list items and 650,000 timeline
//! entries. A page stays a pure function of its view-model (the HTML is part of it).

use super::index::Index;
use super::memo::{key_of, Memo};
use super::theme::{tera_error_chain, Theme};
use super::vm::{ArticleRef, Html, ItemVm};
use anyhow::Result;
use serde::Serialize;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// The rendered items of one build. An article is listed on a dozen pages (its column's
/// and its topics' and regions' listings, other articles' "related" and "more from this
/// column"), and an event on its year's timeline and on the timeline of every topic of
/// its articles: each is rendered once, as an article page carries its body, and the
/// theme still decides what an item looks like.
pub(super) struct Fragments<'a> {
    theme: &'a Theme,
    /// Items rendered by earlier builds (`serve`).
    memo: Option<&'a Memo>,
    /// The site's base path: links written from the root in bodies are put under it.
    base_path: &'a str,
    /// Per entry of the [`Index`], per (show_date, show_section) as two bits.
    items: Vec<[OnceLock<Html>; 4]>,
}

impl<'a> Fragments<'a> {
    pub fn new(
        theme: &'a Theme,
        memo: Option<&'a Memo>,
        base_path: &'a str,
        entries: usize,
    ) -> Fragments<'a> {
        Fragments {
            theme,
            memo,
            base_path,
            items: (0..entries).map(|_| Default::default()).collect(),
        }
    }

    /// The site's base path (`/`, `/portal/`).
    pub fn base_path(&self) -> &'a str {
        self.base_path
    }

    /// Values kept from earlier builds, if any.
    pub fn memo(&self) -> Option<&'a Memo> {
        self.memo
    }

    /// The digest of the theme the fragments are rendered with.
    pub fn theme_digest(&self) -> u64 {
        self.theme.digest()
    }

    /// The list items of `entries` (indices into the index's entries).
    pub fn items(
        &self,
        ix: &Index,
        entries: &[usize],
        show_date: bool,
        show_section: bool,
    ) -> Result<Vec<Html>> {
        entries
            .iter()
            .map(|&k| {
                let slot = &self.items[k][usize::from(show_date) * 2 + usize::from(show_section)];
                once(slot, || {
                    let reference = &ix.entries[k].reference;
                    let vm = ItemVm {
                        a: reference,
                        show_date,
                        show_section,
                    };
                    self.keep(
                        || {
                            let item = (reference.key(), show_date, show_section);
                            Ok(key_of((self.theme.digest(), "item.html", item)))
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

    /// `make`'s HTML: with a memo, the HTML it keeps under `key` (made and kept when it
    /// has none); without, made, with no key.
    pub fn keep(
        &self,
        key: impl FnOnce() -> Result<u64>,
        make: impl FnOnce() -> Result<String>,
    ) -> Result<Html> {
        match self.memo {
            Some(memo) => memo.fragments.html(key()?, make),
            None => make().map(Html::unkeyed),
        }
    }

    /// `vm` rendered by the theme's `template`; `what` names it in an error.
    pub fn render_text<T: Serialize>(
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
pub(super) fn once(slot: &OnceLock<Html>, make: impl FnOnce() -> Result<Html>) -> Result<&Html> {
    if let Some(s) = slot.get() {
        return Ok(s);
    }
    let s = make()?;
    Ok(slot.get_or_init(|| s))
}

/// Articles a page lists (indices into the index's entries): hashed as their references'
/// keys, which are all a list item is made of.
pub(super) struct Listed<'a> {
    ix: &'a Index<'a>,
    entries: Cow<'a, [usize]>,
}

impl<'a> Listed<'a> {
    pub fn new(ix: &'a Index<'a>, entries: impl Into<Cow<'a, [usize]>>) -> Listed<'a> {
        Listed {
            ix,
            entries: entries.into(),
        }
    }

    pub fn refs(&self) -> impl Iterator<Item = &'a ArticleRef> + '_ {
        self.entries.iter().map(|&k| &*self.ix.entries[k].reference)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Their list items (`item.html`), showing their issue and column or not.
    pub fn items(&self, fx: &Fragments, show_date: bool, show_section: bool) -> Result<Vec<Html>> {
        fx.items(self.ix, &self.entries, show_date, show_section)
    }
}

impl Hash for Listed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.entries.len().hash(h);
        for &k in self.entries.iter() {
            self.ix.entry_keys[k].hash(h);
        }
    }
}
