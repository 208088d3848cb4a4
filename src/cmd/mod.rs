//! One function per verb, and the one place that prints.
//!
//! `Output` carries `--quiet`/`--verbose` so every verb speaks the same way: results
//! on stdout, diagnostics on stderr as `file:line: level: message`, a progress bar
//! only when stderr is a terminal.

pub mod build;
pub mod check;
pub mod import;
pub mod inspect;
pub mod serve;

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

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
