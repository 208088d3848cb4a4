//! `gazette serve [--watch]`: build in memory, serve over HTTP, rebuild on change.
//!
//! The main thread runs the loop: wait for a change (or Ctrl-C), let a burst of changes
//! settle, rebuild, publish the new site or the error, say what happened. The HTTP
//! server runs beside it and always answers from the last good build. Nothing is
//! written to disk (`gazette build` makes `public/`).

use super::Output;
use crate::cli::ServeArgs;
use crate::config;
use crate::serve::rebuild::{Builder, Failure, Outcome};
use crate::serve::watch::{Signal, Watcher};
use crate::serve::{http, url_of, Shared};
use anyhow::{Context, Result};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A burst of changes (a `git checkout`, an editor's save by rename) is over when nothing
/// more happened for this long.
const SETTLE: Duration = Duration::from_millis(25);
/// But a steady stream of changes does not hold a rebuild back longer than this.
const SETTLE_AT_MOST: Duration = Duration::from_secs(1);
/// A build that failed while files were still being written is tried again before the
/// error is shown, when more changes come within this time (a half-written file).
const GRACE: Duration = Duration::from_millis(150);
/// Ports tried after the one asked for.
const PORTS_TRIED: u16 = 20;

pub fn run(root: &Path, args: &ServeArgs, out: &Output) -> Result<()> {
    super::project(root)?;
    let config = config::load(root, None)?;
    let (listener, notes) = http::bind(args.bind, args.port, PORTS_TRIED)?;
    for n in &notes {
        out.warn(&format!("warning: {n}"));
    }
    let port = listener
        .local_addr()
        .context("cannot read the port listened on")?
        .port();
    if notes.is_empty() && port != args.port {
        out.warn(&format!("warning: serving on port {port}"));
    }
    let origin = format!("http://{}:{port}", host_in_url(args.bind));
    let shared = Arc::new(Shared::new(&config.base_path));
    let mut builder = Builder::new(root, &origin).with_drafts(args.drafts);

    let (tx, rx) = mpsc::channel::<Signal>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .context("cannot handle Ctrl-C")?;
    // Watch before the first build, so nothing saved during it is missed.
    let mut watcher = if args.watch {
        Some(Watcher::start(root, tx.clone())?)
    } else {
        None
    };

    let t = Instant::now();
    match builder.rebuild() {
        Ok(outcome) => {
            // Pages are HTML files, counted as `gazette build` counts them.
            let pages = outcome
                .files
                .keys()
                .filter(|p| p.ends_with(".html"))
                .count();
            out.say(&format!(
                "built {} ({}) in {:.2?}",
                super::plural(outcome.files.len(), "file"),
                super::plural(pages, "page"),
                t.elapsed()
            ));
            timings(out, &outcome);
            publish(&shared, outcome);
        }
        Err(failure) if args.watch => {
            report_failure(out, &failure);
            shared.fail(failure.to_string());
        }
        Err(failure) => anyhow::bail!("{failure}"),
    }
    let url = format!("{origin}{}", shared.site().base_path);
    let server = shared.clone();
    std::thread::Builder::new()
        .name("gazette-accept".into())
        .spawn(move || http::run(listener, server))
        .context("cannot start the HTTP server")?;
    out.say(&format!(
        "serving {url}{} (Ctrl-C to stop)",
        if args.watch {
            ", rebuilding on change"
        } else {
            ""
        }
    ));
    if !args.bind.is_loopback() {
        out.warn(&format!(
            "warning: listening on {}: other machines can see this preview",
            args.bind
        ));
    }
    if args.open {
        open_browser(&url, out);
    }

    while let Ok(signal) = rx.recv() {
        let Signal::Changed(first) = signal else {
            break;
        };
        let Some(changed) = settle(&rx, first) else {
            break;
        };
        if let Some(w) = watcher.as_mut() {
            w.refresh();
        }
        let t = Instant::now();
        match builder.rebuild_after(Some(&changed)) {
            Ok(outcome) => {
                let was_failing = shared.failure().is_some();
                if !outcome.changed.is_empty() || !outcome.removed.is_empty() || was_failing {
                    out.say(&format!(
                        "rebuilt in {:.0?} ({}): {} of {} pages and feeds rendered, {} files changed, {} removed",
                        t.elapsed(),
                        describe(root, &changed),
                        outcome.rendered,
                        outcome.planned,
                        outcome.changed.len(),
                        outcome.removed.len()
                    ));
                    timings(out, &outcome);
                    publish(&shared, outcome);
                }
            }
            Err(failure) => {
                // Still being written? Wait a moment for more changes before crying wolf.
                match rx.recv_timeout(GRACE) {
                    Ok(Signal::Changed(more)) => {
                        let _ = tx.send(Signal::Changed(more));
                        continue;
                    }
                    Ok(Signal::Stop) => break,
                    Err(_) => {}
                }
                report_failure(out, &failure);
                shared.fail(failure.to_string());
            }
        }
    }
    drop(watcher);
    out.say("stopped");
    Ok(())
}

/// Gathers the changes of one burst; `None` when Ctrl-C came meanwhile.
fn settle(rx: &Receiver<Signal>, mut changed: Vec<PathBuf>) -> Option<Vec<PathBuf>> {
    let start = Instant::now();
    while start.elapsed() < SETTLE_AT_MOST {
        match rx.recv_timeout(SETTLE) {
            Ok(Signal::Changed(more)) => changed.extend(more),
            Ok(Signal::Stop) => return None,
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    changed.sort();
    changed.dedup();
    Some(changed)
}

fn publish(shared: &Shared, outcome: Outcome) {
    let urls: Vec<String> = outcome
        .changed
        .iter()
        .chain(&outcome.removed)
        .map(|p| url_of(&outcome.base_path, p))
        .collect();
    shared.publish(outcome.files, outcome.base_path, urls);
}

fn report_failure(out: &Output, failure: &Failure) {
    for m in &failure.messages {
        out.error(m);
    }
    out.warn(
        "the last good build is still being served; the page shows the error until it is fixed",
    );
}

fn timings(out: &Output, outcome: &Outcome) {
    let stages: Vec<String> = outcome
        .timings
        .iter()
        .map(|(name, d)| format!("{name} {d:.1?}"))
        .collect();
    out.detail(&format!(
        "{} bulletin folder(s) parsed; {}",
        outcome.reparsed,
        stages.join(", ")
    ));
}

/// The changed files, relative to the project, for the terminal: a few names and a count.
fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let names: Vec<String> = changed
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .unwrap_or(p)
                .to_string_lossy()
                .to_string()
        })
        .collect();
    match names.len() {
        0 => "no file".into(),
        1..=3 => names.join(", "),
        n => format!("{} and {} more", names[..2].join(", "), n - 2),
    }
}

fn host_in_url(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".into(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V4(v4) => v4.to_string(),
    }
}

fn open_browser(url: &str, out: &Output) {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        out.warn(&format!(
            "warning: cannot open a browser ({e}): open {url} yourself"
        ));
    }
}
