//! Full-text search. The build and the browser share one tokenizer
//! ([`mod@tokenize`]); `themes/default/static/search/tokenize.js` is its twin, kept
//! identical by `tests/suite/tokenizer.rs`. [`index`] builds the sharded index that
//! `themes/default/static/search/search.js` queries.

pub mod index;
pub mod tokenize;

pub use tokenize::tokenize;
