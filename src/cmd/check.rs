//! `gazette check`: prints every problem as `file:line:col: level: message`; exit status 1
//! when any is an error. `--base-url` checks links as a build with that base URL makes
//! them (the Pages workflow passes the Pages address).

use super::Output;
use crate::check::{self, CheckOptions, Severity};
use crate::cli::CheckArgs;
use crate::config;
use anyhow::{bail, Result};
use std::path::Path;

pub fn run(root: &Path, args: &CheckArgs, out: &Output) -> Result<()> {
    super::project(root)?;
    let config = config::load(root, args.base_url.as_deref())?;
    let options = CheckOptions {
        external: args.external,
        refresh: args.refresh,
    };
    let bar = out.progress_of_unknown_length("links");
    let problems = check::check(root, &config, options, &bar)?;
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    for p in &problems {
        match p.severity {
            Severity::Error => eprintln!("{p}"),
            Severity::Warning => out.warn(&p.to_string()),
        }
    }
    if errors > 0 {
        bail!(
            "{}, {}",
            super::plural(errors, "error"),
            super::plural(warnings, "warning")
        );
    }
    out.say(&format!(
        "content checked: {}, no error",
        super::plural(warnings, "warning")
    ));
    Ok(())
}
