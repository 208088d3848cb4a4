//! gazette: a static-site generator for Chinese policy digest portals.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! config → content (load) → enrich → site (plan, render) → output (write)
//!            ↑
//! import (raw text → the same model → Markdown files)
//! ```
//!
//! `model` is what every stage shares; `text` and `slug` are the small tools they
//! share; `cli` and `cmd` are the command line over it all.

pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod enrich;
pub mod hashing;
pub mod import;
pub mod markdown;
pub mod model;
pub mod output;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
