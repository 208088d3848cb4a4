//! `gazette serve`: the site built in memory, served over HTTP, rebuilt when a file changes.
//!
//! Three parts that share one [`Shared`] state:
//!
//! - [`rebuild`]: the pipeline of `gazette build` (config, load, enrich, plan, render)
//!   with memory between runs. Parsed bulletins and their enrich facts are kept per
//!   folder while its files are unchanged, and every planned page's inputs are
//!   fingerprinted, so a rebuild renders only the pages whose inputs changed. There is
//!   no second way of building a page: `site::rebuild` is `site::build_to` with a memo
//!   that skips the pages whose inputs did not change.
//! - [`http`]: a small HTTP/1.1 server over `std::net` that answers from the last good
//!   build's files in a map. No path from a URL is ever joined to a folder, so `..`,
//!   `%2e%2e`, absolute paths and symlinks cannot reach a file outside the site. HTML
//!   responses get one `<script src>` (never inline: the site's Content-Security-Policy
//!   forbids inline scripts) that listens to server-sent events, reloads the page when
//!   it changed and draws build errors over it.
//! - [`watch`]: file-system events (notify) on the folders the site is made of, with
//!   editors' temporary files ignored and bursts gathered into one rebuild.
//!
//! `serve` writes nothing to disk: `public/` is `gazette build`'s, and a failed rebuild
//! leaves the last good site being served, as Zola and Hugo do.

pub mod http;
pub mod rebuild;
pub mod watch;

use std::sync::{mpsc, Arc, Mutex, RwLock};

/// A built site: output path (`bulletins/x/index.html`) → bytes.
pub type Files = imbl::GenericHashMap<
    Arc<str>,
    Arc<[u8]>,
    rustc_hash::FxBuildHasher,
    imbl::shared_ptr::DefaultSharedPtr,
>;

/// The site being served.
#[derive(Default)]
pub struct Snapshot {
    pub files: Arc<Files>,
    /// `/` or `/portal/`: every URL of the site starts with it.
    pub base_path: String,
    /// Counts successful builds; a page that reconnects after missing one reloads.
    pub generation: u64,
}

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A build succeeded: these site URLs changed or disappeared (`all` when too many to list).
    Reload { urls: Vec<String>, all: bool },
    /// A build failed: the message, with file:line, as the terminal shows it.
    Failed(String),
}

/// State shared by the builder, the HTTP server and the open pages' event streams.
pub struct Shared {
    site: RwLock<Arc<Snapshot>>,
    /// The error of the last build, when it failed.
    failure: Mutex<Option<String>>,
    clients: Mutex<Vec<mpsc::Sender<Notice>>>,
    /// The served build's files gzipped, as clients ask for them.
    pub gzipped: http::GzipCache,
    /// Differs from one `serve` process to the next, so a page reloads after a restart.
    pub instance: u64,
}

impl Shared {
    pub fn new(base_path: &str) -> Shared {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Shared {
            site: RwLock::new(Arc::new(Snapshot {
                files: Arc::default(),
                base_path: base_path.to_string(),
                generation: 0,
            })),
            failure: Mutex::new(None),
            clients: Mutex::new(Vec::new()),
            gzipped: http::GzipCache::default(),
            instance,
        }
    }

    /// The site as it is now (a cheap clone of an `Arc`).
    pub fn site(&self) -> Arc<Snapshot> {
        self.site.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Serves a new build and tells the open pages what changed.
    pub fn publish(&self, files: Arc<Files>, base_path: String, changed_urls: Vec<String>) {
        {
            let mut site = self.site.write().unwrap_or_else(|p| p.into_inner());
            let generation = site.generation + 1;
            *site = Arc::new(Snapshot {
                files,
                base_path,
                generation,
            });
        }
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = None;
        // A template change touches every page: one "reload everything" beats 40,000 URLs.
        const MAX_LISTED: usize = 2000;
        let all = changed_urls.len() > MAX_LISTED;
        let urls = if all { Vec::new() } else { changed_urls };
        self.notify(Notice::Reload { urls, all });
    }

    /// Keeps serving the last good build and shows `message` on every open page.
    pub fn fail(&self, message: String) {
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(message.clone());
        self.notify(Notice::Failed(message));
    }

    /// A new event stream: its receiver gets every notice from now on.
    pub fn subscribe(&self) -> mpsc::Receiver<Notice> {
        let (tx, rx) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tx);
        rx
    }

    fn notify(&self, notice: Notice) {
        // A closed page's receiver is gone: drop its sender.
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|tx| tx.send(notice.clone()).is_ok());
    }
}

/// The URL of an output file under `base_path`: `bulletins/x/index.html` → `/portal/bulletins/x/`.
pub fn url_of(base_path: &str, path: &str) -> String {
    if path == "index.html" {
        return base_path.to_string();
    }
    match path.strip_suffix("/index.html") {
        Some(dir) => format!("{base_path}{dir}/"),
        None => format!("{base_path}{path}"),
    }
}
