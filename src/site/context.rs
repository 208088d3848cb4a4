//! What every page kind plans from: the configuration and the vocabulary, and what is
//! computed once per build for many pages (the shared [`Index`] and the [`Taxonomy`]).
//! Each page kind's `plan(cx, pages)` takes it.

use super::index::Index;
use super::memo::Memo;
use super::terms::Taxonomy;
use crate::config::Config;
use crate::enrich::{Enriched, Vocabulary};
use crate::model::Bulletin;

pub(super) struct Context<'a> {
    pub config: &'a Config,
    pub vocab: &'a Vocabulary,
    pub enriched: &'a Enriched,
    pub ix: Index<'a>,
    pub tx: Taxonomy,
}

impl<'a> Context<'a> {
    /// `bulletins` newest first, with their `enriched` facts; with `serve`'s memo, what
    /// it kept from the last build is used where nothing it is made from changed.
    pub fn new(
        config: &'a Config,
        bulletins: &'a [Bulletin],
        enriched: &'a Enriched,
        vocab: &'a Vocabulary,
        memo: Option<&'a Memo>,
    ) -> Context<'a> {
        let ix = Index::new(config, bulletins, enriched, memo);
        let tx = Taxonomy::new(&ix, enriched, vocab, &config.base_path);
        Context {
            config,
            vocab,
            enriched,
            ix,
            tx,
        }
    }
}
