//! Integration tests for `gazette` (single test binary, mdBook/ripgrep style).
//!
//! Run with `cargo test --test suite`.

mod util;

mod bad_input;
mod browser;
mod check;
mod cli;
mod enrich;
mod import_documents;
mod import_seeds;
mod portal;
mod search;
mod serve;
mod site;
mod structure;
mod tokenizer;
