//! The command line: verbs, their options and their help text.
//!
//! Kept apart from the work itself (in `cmd/`) so `gazette --help` reads as the manual
//! and every verb shares the global options.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// gazette: a static-site generator for Chinese policy digest portals.
///
/// Import raw bulletins (text extracted from PDFs and web pages) into editable Markdown,
/// then build a static, searchable portal from it.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Print errors only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print notes and timings too.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// The project folder (with gazette.toml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new portal: gazette.toml, content/, templates/, static/ and a GitHub Pages
    /// workflow, in DIR (default: --root, or the current folder). DIR must be empty.
    Init(InitArgs),
    /// Import raw bulletins into content/bulletins/ as Markdown.
    Import(ImportArgs),
    /// Show the structure recovered from a raw bulletin, without writing anything.
    Inspect(InspectArgs),
    /// Build the site into public/.
    Build(BuildArgs),
    /// Check the content (front matter, slugs, dates, columns, links) without writing anything.
    Check(CheckArgs),
    /// Build the site in memory and serve it over HTTP; with --watch, rebuild on every change.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to make the portal in; created when missing, refused when not empty.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Rebuild when content/, templates/, static/, themes/, gazette.toml or topics.toml
    /// change, and reload the open pages (errors are shown over the page).
    #[arg(long, short)]
    pub watch: bool,
    /// Port to listen on; when it is in use, the next free one.
    #[arg(long, short, default_value_t = 1111, value_name = "N")]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address shows the site to your network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also fetch source links (one request a second per host). Links that answered are
    /// remembered a week in .gazette/link-cache.json, failures an hour.
    #[arg(long)]
    pub external: bool,
    /// With --external: fetch every link again, whatever the cache holds.
    #[arg(long, requires = "external")]
    pub refresh: bool,
    /// Check links as a build with this base URL will make them (the Pages workflow's
    /// https://org.github.io/portal/), overriding gazette.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Raw bulletin files, or folders of them (*.txt).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Where to write bulletins [default: <root>/content].
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Overwrite bulletins whose files were edited (the previous files are kept in .gazette/backup/).
    #[arg(long)]
    pub force: bool,
    /// Say what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Decode with this encoding instead of detecting it (utf-8, gb18030, gbk, big5, utf-16le…).
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Import a bulletin even when the same text is already in content/ (under another name).
    #[arg(long)]
    pub allow_duplicate: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A raw bulletin file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print JSON for tools (the format is documented in the README).
    #[arg(long)]
    pub json: bool,
    /// Decode with this encoding instead of detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder [default: <root>/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Base URL of the site, overriding gazette.toml (e.g. https://org.github.io/portal/).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include articles marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build into an output folder that holds other files and no earlier build's manifest
    /// (files at the site's paths are replaced; nothing else is ever removed).
    #[arg(long)]
    pub force: bool,
}
