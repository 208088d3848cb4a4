//! A small HTTP/1.1 server for the site in memory: GET and HEAD, keep-alive, server-sent events.
//!
//! It is for previewing on one's own machine, not for the internet, and so stays small:
//! a thread per connection (at most [`MAX_CONNECTIONS`] at once; more wait in the
//! kernel's queue rather than fail), requests read with a size limit and a timeout.
//!
//! A URL is only ever a key into the map of built files. It is percent-decoded once, and
//! a path with a `.` or `..` segment, a backslash or a NUL is refused (400) before any
//! lookup, whatever its encoding (`%2e%2e`, `%2f`); a path outside the site's base path
//! is not found. No URL is joined to a folder, so no symlink or absolute path can lead
//! out of the site: the map holds what the build made and nothing else.
//!
//! Text (HTML, CSS, JavaScript, JSON, XML, SVG, plain text) is sent gzipped to a client
//! that accepts it, as GitHub Pages sends it, so that a page's weight in a browser here
//! is what readers will download; files that are compressed already (images, fonts, the
//! search index's `.json.gz` shards) go as they are.
//!
//! Two paths under the base path are the server's own: `__gazette/reload.js`, the
//! script every served HTML page gets (external, so a Content-Security-Policy without
//! inline scripts allows it), and `__gazette/events`, the event stream it listens to.

use super::{Notice, Shared};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Connections served at once; the next ones wait to be accepted.
pub const MAX_CONNECTIONS: usize = 256;
/// A request's head (request line and headers) may not be longer.
const MAX_HEAD: usize = 16 * 1024;
/// How long a kept-alive connection may stay idle, and a slow client take to send a request.
const IDLE: Duration = Duration::from_secs(10);
/// How often an idle event stream sends a comment, to notice pages that went away.
const PING: Duration = Duration::from_secs(15);

/// The reserved folder, under the base path.
pub const RESERVED: &str = "__gazette/";
const RELOAD_JS: &str = include_str!("reload.js");

/// Binds `host:port`, or the next free port when it is in use (up to `tries` ports);
/// returns the listener and a note for each port that was taken.
pub fn bind(
    host: std::net::IpAddr,
    port: u16,
    tries: u16,
) -> anyhow::Result<(TcpListener, Vec<String>)> {
    let mut notes = Vec::new();
    let mut p = port;
    loop {
        match TcpListener::bind((host, p)) {
            Ok(l) => return Ok((l, notes)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                notes.push(format!("port {p} is in use (another server is listening there)"));
                let next = p.checked_add(1).filter(|n| n - port < tries);
                match next {
                    Some(n) => p = n,
                    None => anyhow::bail!(
                        "ports {port} to {p} on {host} are all in use: stop what listens there, or choose another with --port N"
                    ),
                }
            }
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!(
                    "cannot listen on {host}:{p}: choose another address with --bind or port with --port"
                )))
            }
        }
    }
}

/// Accepts connections until the process ends, each on its own thread.
pub fn run(listener: TcpListener, shared: Arc<Shared>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // EMFILE and friends: wait a little rather than spin.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        while active.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            std::thread::sleep(Duration::from_millis(2));
        }
        active.fetch_add(1, Ordering::AcqRel);
        let (shared, active) = (shared.clone(), active.clone());
        let spawned = std::thread::Builder::new()
            .name("gazette-http".into())
            .spawn(move || {
                let _ = connection(stream, &shared);
                active.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            // No thread for it: the stream was dropped (closed) with the closure.
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A parsed request head.
struct Request {
    method: String,
    target: String,
    keep_alive: bool,
    content_length: usize,
    /// The client's `Accept-Encoding` allows gzip.
    gzip: bool,
}

/// Serves requests on one connection until it closes, idles out or asks to close.
fn connection(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(IDLE))?;
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let request = match read_head(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(()), // closed between requests
            Err(Bad(status, why)) => {
                let body = format!("{why}\n");
                let head = head(status, "text/plain; charset=utf-8", body.len(), false);
                writer.write_all(head.as_bytes())?;
                writer.write_all(body.as_bytes())?;
                return Ok(());
            }
        };
        // A body is not expected; read it so the next request starts where it should.
        if request.content_length > 0 {
            if request.content_length > MAX_HEAD {
                return Ok(());
            }
            let mut sink = vec![0; request.content_length];
            reader.read_exact(&mut sink)?;
        }
        let keep_alive = request.keep_alive;
        match respond(&request, shared, &mut writer)? {
            Flow::Continue if keep_alive => continue,
            _ => return Ok(()),
        }
    }
}

struct Bad(u16, &'static str);

/// Reads one request head; `None` when the connection closed cleanly before one began.
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Option<Request>, Bad> {
    let mut total = 0;
    let mut line = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    loop {
        line.clear();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - total + 1) as u64)
            .read_until(b'\n', &mut line)
            .map_err(|_| Bad(408, "the request did not arrive in time"))?;
        if n == 0 {
            if lines.is_empty() {
                return Ok(None);
            }
            return Err(Bad(400, "the request ended before its headers did"));
        }
        total += n;
        if total > MAX_HEAD {
            return Err(Bad(431, "the request's headers are too long"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if lines.is_empty() {
                continue; // a stray CRLF between requests is allowed
            }
            break;
        }
        lines.push(text.to_string());
    }
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Bad(505, "only HTTP/1.x is served"));
    }
    let mut keep_alive = version == "HTTP/1.1";
    let mut content_length = 0;
    let mut gzip = false;
    for h in &lines[1..] {
        let Some((name, value)) = h.split_once(':') else {
            return Err(Bad(400, "malformed header"));
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("connection") {
            let v = value.to_ascii_lowercase();
            if v.contains("close") {
                keep_alive = false;
            } else if v.contains("keep-alive") {
                keep_alive = true;
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            content_length = value
                .parse()
                .map_err(|_| Bad(400, "malformed Content-Length"))?;
        } else if name.eq_ignore_ascii_case("accept-encoding") {
            gzip = accepts_gzip(value);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(Bad(501, "request bodies are not accepted"));
        }
    }
    Ok(Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive,
        content_length,
        gzip,
    }))
}

/// What a URL leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A built file, by its output path.
    File(String),
    /// The same path with a `/` added (a folder asked for without it).
    Redirect(String),
    ReloadScript,
    Events,
    NotFound,
    /// A request that is not a path of this site (`..`, a NUL, bad escapes).
    BadRequest(&'static str),
}

/// Maps a request target to what answers it. Pure: the safety rules live here.
pub fn route(target: &str, base_path: &str, has: &dyn Fn(&str) -> bool) -> Route {
    // Absolute form (`GET http://host/path`): keep the path.
    let target = match target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let raw_path = target.split(['?', '#']).next().unwrap_or("");
    if !raw_path.starts_with('/') {
        return Route::BadRequest("the path must start with /");
    }
    let Some(path) = percent_decode(raw_path) else {
        return Route::BadRequest("the path has a malformed %-escape or is not UTF-8");
    };
    if path.contains(['\0', '\\']) {
        return Route::BadRequest("the path has a NUL or a backslash");
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Route::BadRequest("the path has a . or .. segment");
    }
    if format!("{path}/") == base_path {
        return Route::Redirect(base_path.to_string());
    }
    let Some(rel) = path.strip_prefix(base_path) else {
        return Route::NotFound;
    };
    if rel == format!("{RESERVED}reload.js") {
        return Route::ReloadScript;
    }
    if rel == format!("{RESERVED}events") {
        return Route::Events;
    }
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if has(&key) {
            Route::File(key)
        } else {
            Route::NotFound
        };
    }
    if has(rel) {
        return Route::File(rel.to_string());
    }
    if has(&format!("{rel}/index.html")) {
        return Route::Redirect(format!("{path}/"));
    }
    Route::NotFound
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

enum Flow {
    Continue,
    Close,
}

fn respond(req: &Request, shared: &Shared, w: &mut TcpStream) -> std::io::Result<Flow> {
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        let body = "only GET and HEAD are served\n";
        let mut h = head(405, "text/plain; charset=utf-8", body.len(), req.keep_alive);
        h.insert_str(h.len() - 2, "Allow: GET, HEAD\r\n");
        w.write_all(h.as_bytes())?;
        w.write_all(body.as_bytes())?;
        return Ok(Flow::Continue);
    }
    let site = shared.site();
    let route = route(&req.target, &site.base_path, &|k| {
        site.files.contains_key(k)
    });
    let mut file_key = None;
    let (status, kind, body): (u16, &str, std::borrow::Cow<[u8]>) = match route {
        Route::Events => return events(shared, w).map(|()| Flow::Close),
        Route::ReloadScript => (
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes().into(),
        ),
        Route::File(key) => {
            let bytes = site.files.get(key.as_str()).cloned().unwrap_or_default();
            let kind = content_type(&key);
            let body = if key.ends_with(".html") {
                inject(&bytes, &site.base_path).into()
            } else {
                bytes.to_vec().into()
            };
            file_key = Some(key);
            (200, kind, body)
        }
        Route::Redirect(to) => {
            let mut h = head(301, "text/plain; charset=utf-8", 0, req.keep_alive);
            h.insert_str(h.len() - 2, &format!("Location: {to}\r\n"));
            w.write_all(h.as_bytes())?;
            return Ok(Flow::Continue);
        }
        Route::BadRequest(why) => (
            400,
            "text/plain; charset=utf-8",
            format!("{why}\n").into_bytes().into(),
        ),
        Route::NotFound => match site.files.get("404.html") {
            Some(page) => (
                404,
                "text/html; charset=utf-8",
                inject(page, &site.base_path).into(),
            ),
            // No build succeeded yet: a page that still listens, so the fix shows at once.
            None => (
                404,
                "text/html; charset=utf-8",
                inject(
                    b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>gazette</title></head><body><p>No page here (yet): the site has not built. See the terminal.</p></body></html>",
                    &site.base_path,
                )
                .into(),
            ),
        },
    };
    let text = is_text(kind);
    let zipped = match (text && req.gzip && status != 400, &file_key) {
        (false, _) => None,
        (true, Some(key)) => shared.gzipped.get(site.generation, key, &body),
        (true, None) => gzipped(&body).map(Arc::from),
    };
    let gzip = zipped.is_some();
    let body: &[u8] = zipped.as_deref().unwrap_or(&body);
    let mut h = head(status, kind, body.len(), req.keep_alive);
    if text {
        // Caches keep the gzipped and the plain answer apart.
        h.insert_str(h.len() - 2, "Vary: Accept-Encoding\r\n");
    }
    if gzip {
        h.insert_str(h.len() - 2, "Content-Encoding: gzip\r\n");
    }
    w.write_all(h.as_bytes())?;
    if !head_only {
        w.write_all(body)?;
    }
    Ok(if status == 400 {
        Flow::Close
    } else {
        Flow::Continue
    })
}

fn head(status: u16, content_type: &str, len: usize, keep_alive: bool) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        505 => "HTTP Version Not Supported",
        _ => "",
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n\r\n",
        if keep_alive { "keep-alive" } else { "close" }
    )
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        // The search index's shards: the script inflates them itself.
        "gz" => "application/gzip",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Whether an `Accept-Encoding` value allows gzip: `gzip` (or `x-gzip`, or `*` when gzip
/// is not named) with a quality above 0.
fn accepts_gzip(value: &str) -> bool {
    let mut star = false;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
            .next()
            .unwrap_or(1.0);
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            return quality > 0.0;
        }
        if coding == "*" {
            star = quality > 0.0;
        }
    }
    star
}

/// Whether a content type is text that gzip shrinks (and a host like GitHub Pages
/// compresses); images, fonts, PDFs and gzip files are compressed already.
fn is_text(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || ["application/json", "application/xml", "image/svg+xml"]
            .iter()
            .any(|t| content_type.starts_with(t))
}

/// The built files gzipped, kept while the build that made them is served: a page asked
/// for again is not compressed again (level 6 takes about 4 ms for an 85 KB page here).
/// A rebuild empties it, so it never holds more than the site being served.
#[derive(Default)]
pub struct GzipCache {
    entries: Mutex<Gzipped>,
}

/// The build generation the entries belong to, and output path → gzipped response.
type Gzipped = (u64, HashMap<String, Arc<[u8]>>);

impl GzipCache {
    /// `body` (the response for the built file `key` of build `generation`) gzipped.
    fn get(&self, generation: u64, key: &str, body: &[u8]) -> Option<Arc<[u8]>> {
        let lock = || self.entries.lock().unwrap_or_else(|p| p.into_inner());
        {
            let mut entries = lock();
            if entries.0 < generation {
                *entries = (generation, HashMap::new());
            }
            if entries.0 == generation {
                if let Some(zipped) = entries.1.get(key) {
                    return Some(zipped.clone());
                }
            }
        }
        let zipped: Arc<[u8]> = gzipped(body)?.into();
        let mut entries = lock();
        // A request still holding an older build compresses for itself only.
        if entries.0 == generation {
            entries.1.insert(key.to_string(), zipped.clone());
        }
        Some(zipped)
    }
}

/// `body` gzipped (level 6, as web servers default to); `None` only if the encoder fails.
fn gzipped(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3 + 64),
        flate2::Compression::new(6),
    );
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

/// The page with the reload script before its last `</body>` (at the end when it has none).
pub fn inject(html: &[u8], base_path: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base_path}{RESERVED}reload.js\" data-base=\"{base_path}\" defer></script>"
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// An event stream: the state now, then every notice, with a comment now and then to
/// find out when the page is gone.
fn events(shared: &Shared, w: &mut TcpStream) -> std::io::Result<()> {
    let rx = shared.subscribe();
    let site = shared.site();
    w.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    let hello = serde_json::json!({"build": format!("{}-{}", shared.instance, site.generation)});
    w.write_all(sse("hello", &hello).as_bytes())?;
    if let Some(message) = shared.failure() {
        w.write_all(sse("build-error", &serde_json::json!({ "message": message })).as_bytes())?;
    }
    w.flush()?;
    loop {
        let text = match rx.recv_timeout(PING) {
            Ok(Notice::Reload { urls, all }) => {
                let build = format!("{}-{}", shared.instance, shared.site().generation);
                sse(
                    "reload",
                    &serde_json::json!({"urls": urls, "all": all, "build": build}),
                )
            }
            Ok(Notice::Failed(message)) => {
                sse("build-error", &serde_json::json!({ "message": message }))
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        w.write_all(text.as_bytes())?;
        w.flush()?;
    }
}

fn sse(event: &str, data: &serde_json::Value) -> String {
    // serde_json never writes a raw newline, so the data is one line.
    format!("event: {event}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(target: &str) -> Route {
        let files = ["index.html", "bulletins/a/index.html", "static/style.css"];
        route(target, "/portal/", &|k| files.contains(&k))
    }

    #[test]
    fn urls_map_to_built_files_only() {
        assert_eq!(routes("/portal/"), Route::File("index.html".into()));
        assert_eq!(
            routes("/portal/bulletins/a/?x=1"),
            Route::File("bulletins/a/index.html".into())
        );
        assert_eq!(
            routes("/portal/bulletins/a"),
            Route::Redirect("/portal/bulletins/a/".into())
        );
        assert_eq!(routes("/portal"), Route::Redirect("/portal/".into()));
        assert_eq!(
            routes("/portal/static/style%2ecss"),
            Route::File("static/style.css".into())
        );
        assert_eq!(
            routes("http://127.0.0.1:1111/portal/static/style.css"),
            Route::File("static/style.css".into())
        );
        assert_eq!(routes("/"), Route::NotFound);
        assert_eq!(routes("/index.html"), Route::NotFound);
        assert_eq!(routes("/portal/__gazette/reload.js"), Route::ReloadScript);
        assert_eq!(routes("/portal/__gazette/events"), Route::Events);
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for t in [
            "/portal/../Cargo.toml",
            "/portal/%2e%2e/Cargo.toml",
            "/portal/%2E%2E%2FCargo.toml",
            "/portal/static/..%2f..%2fetc/passwd",
            "/portal/./index.html",
            "/portal/static\\..\\x",
            "/portal/%00",
            "/portal/%zz",
            "/portal/%ff",
            "portal/index.html",
            "*",
        ] {
            assert!(matches!(routes(t), Route::BadRequest(_)), "{t}");
        }
        for t in ["//etc/passwd", "/etc/passwd", "/portal//etc/passwd"] {
            assert_eq!(routes(t), Route::NotFound, "{t}");
        }
    }

    #[test]
    fn gzip_is_sent_only_when_the_client_accepts_it() {
        for yes in [
            "gzip",
            "gzip, deflate, br, zstd",
            "br;q=1.0, GZIP;q=0.5",
            "x-gzip",
            "*",
            "deflate, *;q=0.1",
        ] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in [
            "",
            "identity",
            "br, deflate",
            "gzip;q=0",
            "gzip; q=0.0, *",
            "*;q=0",
        ] {
            assert!(!accepts_gzip(no), "{no}");
        }
        for text in [
            "text/html; charset=utf-8",
            "text/css; charset=utf-8",
            "text/javascript; charset=utf-8",
            "application/json",
            "application/xml; charset=utf-8",
            "image/svg+xml",
        ] {
            assert!(is_text(text), "{text}");
        }
        for packed in [
            "application/gzip",
            "image/png",
            "font/woff2",
            "application/pdf",
        ] {
            assert!(!is_text(packed), "{packed}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<p>x</p></BODY></html>", "/p/");
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "<p>x</p><script src=\"/p/__gazette/reload.js\" data-base=\"/p/\" defer></script></BODY></html>"
        );
    }

    #[test]
    fn a_port_in_use_is_named_and_the_next_free_one_taken() {
        let localhost = std::net::IpAddr::from([127, 0, 0, 1]);
        // Two ports in a row, both held, then whatever follows.
        let (taken, port) = (0..50)
            .find_map(|_| {
                let a = TcpListener::bind((localhost, 0)).ok()?;
                let port = a.local_addr().ok()?.port();
                let b = TcpListener::bind((localhost, port.checked_add(1)?)).ok()?;
                Some(((a, b), port))
            })
            .expect("two free ports in a row");
        let (listener, notes) = bind(localhost, port, 20).expect("a free port after them");
        let got = listener.local_addr().expect("bound").port();
        assert!(
            got >= port + 2 && got < port + 20,
            "bound {got} after {port}"
        );
        assert_eq!(notes.len(), usize::from(got - port), "{notes:?}");
        assert!(
            notes[0].contains(&format!("port {port} is in use")),
            "{notes:?}"
        );
        // No free port within the tries: an error that says what to do.
        let err = bind(localhost, port, 2).expect_err("both ports are held");
        assert!(err.to_string().contains("--port N"), "{err}");
        drop(taken);
    }
}
