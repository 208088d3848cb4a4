//! Values hashed once per build. `serve` fingerprints a page by hashing its inputs; what
//! many pages share (the site, an issue's or an article's reference, a term) is
//! [`Keyed`]: hashed once, and a page's inputs hash its key. `gazette build` never
//! fingerprints, and makes no key.

use crate::hashing::key_of;
use std::hash::{Hash, Hasher};

/// A value many pages show, with a hash of it made once per build (only when `serve`
/// fingerprints pages: `gazette build` never does).
#[derive(Debug)]
pub(super) struct Keyed<T> {
    key: u64,
    value: T,
}

impl<T: Hash> Keyed<T> {
    pub fn new(value: T, fingerprinted: bool) -> Keyed<T> {
        let key = if fingerprinted { key_of(&value) } else { 0 };
        Keyed { key, value }
    }
}

impl<T> Keyed<T> {
    pub fn key(&self) -> u64 {
        self.key
    }
}

impl<T> std::ops::Deref for Keyed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Hash for Keyed<T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.key.hash(h);
    }
}

/// Some of a table's values (by index), hashed as the values.
pub(super) struct Picked<'a, T> {
    pub all: &'a [T],
    pub picked: &'a [usize],
}

impl<'a, T> Picked<'a, T> {
    pub fn iter(&self) -> impl Iterator<Item = &'a T> + '_ {
        self.picked.iter().map(|&i| &self.all[i])
    }
}

impl<T: Hash> Hash for Picked<'_, T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.picked.len().hash(h);
        self.iter().for_each(|v| v.hash(h));
    }
}
