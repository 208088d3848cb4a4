//! `gazette check`: prints every problem as `file:line:col: level: message`; exit status 1
//! when any is an error.

use super::Output;
use crate::check::{self, Severity};
use crate::cli::CheckArgs;
use crate::config;
use anyhow::{bail, Result};
use std::path::Path;

pub fn run(root: &Path, args: &CheckArgs, out: &Output) -> Result<()> {
    let config = config::load(root, None)?;
    let problems = check::check(root, &config, args.external)?;
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
        bail!("{errors} error(s), {warnings} warning(s)");
    }
    out.say(&format!("content checked: {warnings} warning(s), no error"));
    Ok(())
}
