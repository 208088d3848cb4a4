//! Full-text search. The build and the browser share one tokenizer
//! ([`mod@tokenize`]); `themes/default/static/search/tokenize.js` is its twin, kept
//! identical by `tests/suite/tokenizer.rs`, and both fold Traditional characters to
//! Simplified with one table ([`mod@fold`]). [`index`] builds the sharded index that
//! `themes/default/static/search/search.js` queries.

pub mod fold;
pub mod index;
pub mod tokenize;

pub use tokenize::tokenize;
