//! `gazette init [DIR]`: a new portal that builds and publishes, from nothing.
//!
//! Writes the files a portal repository holds (gazette.toml with every key explained,
//! the default vocabulary to edit, empty `templates/` and `static/`, a `.gitignore`, a
//! README and a GitHub Pages workflow that installs this very version of gazette), and
//! nothing else. The folder must be new or empty: init never writes over a file. The
//! scaffold's files are real files in `src/cmd/init/`, embedded in the binary.

use super::Output;
use crate::cli::InitArgs;
use anyhow::{bail, Context, Result};
use std::path::Path;

const GAZETTE_TOML: &str = include_str!("init/gazette.toml");
const GITIGNORE: &str = include_str!("init/gitignore");
const PAGES_YML: &str = include_str!("init/pages.yml");
const README: &str = include_str!("init/README.md");

/// The repository `cargo install --git` fetches gazette from, and the version it pins.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every file `init` writes: path relative to the portal, text.
pub fn scaffold() -> Vec<(&'static str, String)> {
    let fill = |text: &str| {
        text.replace("{{version}}", VERSION)
            .replace("{{repository}}", REPOSITORY)
            .replace("{{title}}", "政策快报门户")
    };
    vec![
        ("gazette.toml", GAZETTE_TOML.to_string()),
        (
            "content/topics.toml",
            crate::enrich::vocab::DEFAULT_TOML.to_string(),
        ),
        (".gitignore", GITIGNORE.to_string()),
        (".github/workflows/pages.yml", fill(PAGES_YML)),
        ("README.md", fill(README)),
    ]
}

/// The folders `init` makes even when it puts no file in them.
const FOLDERS: [&str; 4] = ["content/bulletins", "templates", "static", "site-root"];

pub fn run(root: &Path, args: &InitArgs, out: &Output) -> Result<()> {
    let dir = args.dir.as_deref().unwrap_or(root);
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if let Some(entry) = entries.next() {
                let first = entry
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .unwrap_or_default();
                bail!(
                    "{} is not empty (it holds {first}{}): init makes a portal only in a new or \
                     empty folder, so that it never writes over a file. Name a new folder: \
                     `gazette init my-portal`",
                    dir.display(),
                    if entries.next().is_some() {
                        " and more"
                    } else {
                        ""
                    }
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            bail!("{} is a file: name a new folder", dir.display())
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
    for folder in FOLDERS {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
    }
    for (rel, text) in scaffold() {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let shown = dir.display();
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {shown}\n    ")
    };
    out.say(&format!(
        "made a new portal in {shown}. Next:\n\n    \
         {cd}gazette import raw/new-issue.txt   # a raw bulletin → content/bulletins/\n    \
         gazette serve --watch              # preview at http://127.0.0.1:1111/\n    \
         gazette check                      # every problem, with file and line\n\n\
         then push it to GitHub and set Settings → Pages → Source to GitHub Actions: \
         .github/workflows/pages.yml builds and publishes it on every push to main."
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_config_names_every_key_the_config_reads() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gazette.toml"), GAZETTE_TOML).unwrap();
        let c = crate::config::load(dir.path(), None).unwrap();
        assert_eq!(c.paginate_by, 50);
        // Every key is there, each with a comment above it.
        for key in [
            "title",
            "description",
            "base_url",
            "language",
            "paginate_by",
            "theme",
            "max_file_kb",
        ] {
            let at = GAZETTE_TOML
                .lines()
                .position(|l| l.starts_with(&format!("{key} =")))
                .unwrap_or_else(|| panic!("{key} is missing"));
            assert!(
                GAZETTE_TOML.lines().nth(at - 1).unwrap().starts_with('#'),
                "{key} has no comment"
            );
        }
    }

    #[test]
    fn the_workflow_is_pinned_to_this_version() {
        let files = scaffold();
        let (_, wf) = files
            .iter()
            .find(|(p, _)| p.ends_with("pages.yml"))
            .unwrap();
        assert!(
            wf.contains(&format!("GAZETTE_VERSION: \"{VERSION}\"")),
            "{wf}"
        );
        assert!(
            REPOSITORY.starts_with("https://"),
            "Cargo.toml has no repository"
        );
        for placeholder in ["{{version}}", "{{repository}}", "{{title}}"] {
            assert!(!wf.contains(placeholder), "{placeholder} was left: {wf}");
        }
    }
}
