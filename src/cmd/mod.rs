//! One function per verb, and the one place that prints.
//!
//! `Output` carries `--quiet`/`--verbose` so every verb speaks the same way: results
//! on stdout, diagnostics on stderr as `file:line: level: message`, a progress bar
//! only when stderr is a terminal.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod inspect;
pub mod serve;

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

/// Makes sure `root` is a gazette project (a folder with `gazette.toml`), so a command run
/// in the wrong folder says so instead of building a sample site or writing files there.
pub fn project(root: &Path) -> Result<()> {
    if !root.is_dir() {
        bail!(
            "{}: no such folder (--root names the project folder, the one with gazette.toml)",
            root.display()
        );
    }
    if !root.join("gazette.toml").is_file() {
        bail!(
            "{} is not a gazette project: it has no gazette.toml. Run `gazette init` to start \
             a portal here (or `gazette init DIR` for a new folder), or pass --root with the \
             project folder",
            shown_root(root)
        );
    }
    Ok(())
}

/// `.` as the user sees it: "this folder (/abs/path)".
fn shown_root(root: &Path) -> String {
    match std::path::absolute(root) {
        Ok(abs) if root == Path::new(".") => format!("this folder ({})", abs.display()),
        _ => root.display().to_string(),
    }
}

/// `--drafts`: articles marked `draft = true` are published like the others.
pub fn include_drafts(bulletins: &mut [crate::model::Bulletin]) {
    for a in bulletins.iter_mut().flat_map(|b| b.articles.iter_mut()) {
        a.draft = false;
    }
}

/// `1 article`, `2 articles`: a count with its noun (the plural adds `s`).
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// How much to print.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub quiet: bool,
    pub verbose: bool,
}

impl Output {
    pub fn new(quiet: bool, verbose: bool) -> Self {
        Output { quiet, verbose }
    }

    /// A result line (stdout), unless quiet.
    pub fn say(&self, msg: &str) {
        if !self.quiet {
            println!("{msg}");
        }
    }

    /// A detail shown with --verbose only (stderr).
    pub fn detail(&self, msg: &str) {
        if self.verbose {
            eprintln!("{msg}");
        }
    }

    /// A warning (stderr), unless quiet.
    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// An error (stderr), always.
    pub fn error(&self, msg: &str) {
        eprintln!("error: {msg}");
    }

    /// A spinner counting steps of unknown number; hidden when quiet or not on a terminal.
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        let style = ProgressStyle::with_template("{spinner} {msg} {pos} files {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// A progress bar whose length is set later (`set_length`) by the work it follows;
    /// hidden when quiet or when stderr is not a terminal, and while its length is 0 or 1.
    pub fn progress_of_unknown_length(&self, what: &str) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = self.progress(2, what);
        bar.set_length(0);
        bar
    }

    /// A progress bar for `len` steps; hidden when quiet or when stderr is not a terminal.
    pub fn progress(&self, len: u64, what: &str) -> ProgressBar {
        if self.quiet || !std::io::stderr().is_terminal() || len < 2 {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        let style = ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        bar
    }
}
