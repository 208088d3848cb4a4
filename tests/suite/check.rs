//! `gazette check` on content with planted problems: each is found, with the right file and line.

use crate::cli::{gazette, stderr, stdout};
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn fixture() -> tempfile::TempDir {
    let dir = crate::cli::new_project();
    let r = dir.path();
    // A sound issue, to link to.
    write(r, "content/bulletins/2021-04-digest/index.md", "+++\ntitle = \"快报 2021年4月\"\ndate = \"2021-04\"\n\n[[sections]]\nname = \"质量要闻\"\n+++\n");
    write(r, "content/bulletins/2021-04-digest/01-cnas.md", "+++\ntitle = \"CNAS 召开第四届全体委员会第四次会议\"\nsection = \"质量要闻\"\n+++\n\n4月26日，中国合格评定国家认可委员会（CNAS）第四届全体委员会第四次会议在京召开[^1]。\n\n[^1]: 来源：市场监管总局。\n");
    // Planted: a missing date (index.md), a broken internal link (line 8), a missing anchor
    // (line 10), a duplicate slug (02 repeats 01's slug), a javascript: link (line 12).
    write(
        r,
        "content/bulletins/2021-10-digest/index.md",
        "+++\ntitle = \"快报 2021年10月\"\n+++\n",
    );
    write(
        r,
        "content/bulletins/2021-10-digest/01-shi-jie-biao-zhun-ri.md",
        "+++\ntitle = \"2021年世界标准日主题活动在京举行\"\nsection = \"质量要闻\"\n+++\n\n10月14日，2021年世界标准日主题活动在京举行。\n\n详见[上期](/bulletins/2021-03-digest/)。\n\n另见[注释](/bulletins/2021-04-digest/cnas/#fn-9)与[原注](/bulletins/2021-04-digest/cnas/#fn-1)。\n\n[点我](javascript:alert(1))\n",
    );
    write(r, "content/bulletins/2021-10-digest/02-dup.md", "+++\ntitle = \"另一篇\"\nsection = \"质量要闻\"\nslug = \"shi-jie-biao-zhun-ri\"\n+++\n\n正文。\n");
    dir
}

#[test]
fn check_finds_planted_problems_and_names_file_and_line() {
    let dir = fixture();
    let o = gazette(dir.path(), &["check"]);
    assert!(!o.status.success(), "errors give a non-zero exit status");
    let err = stderr(&o);
    let has = |file: &str, line: usize, words: &str| {
        err.lines()
            .any(|l| l.contains(&format!("{file}:{line}:")) && l.contains(words))
    };
    // The duplicate slug stops that bulletin from loading; its problems are named by file.
    assert!(
        has("2021-10-digest/02-dup.md", 1, "slug 'shi-jie-biao-zhun-ri'"),
        "duplicate slug:\n{err}"
    );
    // Fix the duplicate: the rest of that bulletin's problems show.
    std::fs::remove_file(
        dir.path()
            .join("content/bulletins/2021-10-digest/02-dup.md"),
    )
    .unwrap();
    let o = gazette(dir.path(), &["check"]);
    let err = stderr(&o);
    let has = |file: &str, line: usize, words: &str| {
        err.lines()
            .any(|l| l.contains(&format!("{file}:{line}:")) && l.contains(words))
    };
    assert!(!o.status.success());
    assert!(
        has("2021-10-digest/index.md", 1, "no `date`"),
        "missing date:\n{err}"
    );
    assert!(
        has(
            "01-shi-jie-biao-zhun-ri.md",
            8,
            "/bulletins/2021-03-digest/"
        ),
        "broken link:\n{err}"
    );
    assert!(
        has("01-shi-jie-biao-zhun-ri.md", 10, "#fn-9"),
        "missing anchor:\n{err}"
    );
    assert!(
        !err.contains("#fn-1'"),
        "an anchor that exists is fine:\n{err}"
    );
    assert!(
        has("01-shi-jie-biao-zhun-ri.md", 12, "javascript:"),
        "unsafe link:\n{err}"
    );
    // Nothing was written.
    assert!(!dir.path().join("public").exists());
}

#[test]
fn check_passes_on_the_sample_portal() {
    let o = gazette(&crate::cli::repo(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("no error"));
}

/// Requests answered so far, per path.
type Hits = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>;

/// A loopback HTTP server answering `status(path)` to `requests` requests (then it ends),
/// or to every request when `None`. Returns its port, its hits and its thread.
fn link_server(
    requests: Option<usize>,
    status: fn(&str) -> &'static str,
) -> (u16, Hits, std::thread::JoinHandle<()>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Hits::default();
    let counter = hits.clone();
    let server = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests.unwrap_or(usize::MAX)) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let mut h = String::new();
            while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                h.clear();
            }
            let path = line.split(' ').nth(1).unwrap_or("").to_string();
            let status = status(&path);
            *counter.lock().unwrap().entry(path).or_default() += 1;
            let _ = stream.write_all(
                format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    (port, hits, server)
}

/// A project of one issue whose one article cites `sources`.
fn project_citing(sources: &[String]) -> tempfile::TempDir {
    let dir = crate::cli::new_project();
    write(
        dir.path(),
        "content/bulletins/2021-04-digest/index.md",
        "+++\ntitle = \"快报\"\ndate = \"2021-04\"\n+++\n",
    );
    // One source a line, so each is named with its own line (the first is line 5).
    let quoted: String = sources.iter().map(|u| format!("  \"{u}\",\n")).collect();
    write(
        dir.path(),
        "content/bulletins/2021-04-digest/01-a.md",
        &format!(
            "+++\ntitle = \"文章\"\nsection = \"质量要闻\"\nsources = [\n{quoted}]\n+++\n\n正文。\n"
        ),
    );
    dir
}

#[test]
fn external_links_are_checked_throttled_and_cached() {
    let (port, hits, server) = link_server(Some(2), |path| {
        if path == "/gone" {
            "404 Not Found"
        } else {
            "200 OK"
        }
    });
    let dir = project_citing(&[
        format!("http://127.0.0.1:{port}/ok"),
        format!("http://127.0.0.1:{port}/gone"),
    ]);
    let r = dir.path();
    let o = gazette(r, &["check", "--external"]);
    assert!(
        o.status.success(),
        "a dead source link is a warning: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("01-a.md:6:") && err.contains("/gone answers HTTP 404"),
        "{err}"
    );
    assert!(!err.contains("/ok "), "{err}");
    server.join().unwrap();
    assert_eq!(hits.lock().unwrap().values().sum::<usize>(), 2);
    // The server is gone: a second run answers from the cache, with the same result.
    let o = gazette(r, &["check", "--external"]);
    assert!(
        stderr(&o).contains("/gone answers HTTP 404"),
        "{}",
        stderr(&o)
    );
    assert!(r.join(".gazette/link-cache.json").exists());
}

#[test]
fn a_broken_file_hides_no_other_problem_of_its_bulletin() {
    let dir = fixture();
    let r = dir.path();
    // One article of the sound bulletin gets broken front matter; its sibling gets a dead
    // link. Both must be reported, each with its own file and line.
    write(
        r,
        "content/bulletins/2021-04-digest/02-broken.md",
        "+++\ntitle = \"坏的\"\nsectoin = \"质量要闻\"\n+++\n\n正文。\n",
    );
    write(
        r,
        "content/bulletins/2021-04-digest/03-dead-link.md",
        "+++\ntitle = \"链接\"\nsection = \"质量要闻\"\n+++\n\n正文。\n\n见[这里](/bulletins/2020-01-none/)。\n",
    );
    let o = gazette(r, &["check"]);
    let err = stderr(&o);
    assert!(err.contains("02-broken.md:3:"), "the broken file: {err}");
    assert!(
        err.contains("03-dead-link.md:8:") && err.contains("leads to no page"),
        "the sibling's dead link: {err}"
    );
    // And a broken index.md still lets its articles be checked.
    write(
        r,
        "content/bulletins/2021-04-digest/index.md",
        "+++\ntitle = \"快报\"\ndate = \"2021-13\"\n+++\n",
    );
    let o = gazette(r, &["check"]);
    let err = stderr(&o);
    assert!(err.contains("index.md:3:"), "{err}");
    assert!(err.contains("03-dead-link.md:8:"), "{err}");
}

#[test]
fn check_base_url_checks_links_as_the_published_site_has_them() {
    let dir = fixture();
    let r = dir.path();
    std::fs::remove_dir_all(r.join("content/bulletins/2021-10-digest")).unwrap();
    write(
        r,
        "content/bulletins/2021-04-digest/02-links.md",
        "+++\ntitle = \"链接\"\nsection = \"质量要闻\"\n+++\n\n见[CNAS](/bulletins/2021-04-digest/cnas/)与[同一篇](/portal/bulletins/2021-04-digest/cnas/#fn-1)。\n\n[没有](/bulletins/2021-04-digest/none/)\n",
    );
    for base in [None, Some("https://org.github.io/portal/")] {
        let mut args = vec!["check"];
        if let Some(b) = base {
            args.extend(["--base-url", b]);
        }
        let o = gazette(r, &args);
        let err = stderr(&o);
        // A link written from the site's root is put under the base path by the build,
        // so it is checked as such; one written under /portal/ works only when the site
        // is published there; one that leads nowhere is an error either way.
        assert!(
            !err.contains("'/bulletins/2021-04-digest/cnas/'"),
            "{base:?}: {err}"
        );
        assert_eq!(
            err.contains("02-links.md:6:") && err.contains("'/portal/bulletins"),
            base.is_none(),
            "{base:?}: {err}"
        );
        assert!(
            err.contains("02-links.md:8:") && err.contains("leads to no page"),
            "{base:?}: {err}"
        );
    }
}

#[test]
fn external_failures_are_kept_briefly_and_refresh_asks_again() {
    let (port, hits, _server) = link_server(None, |path| {
        if path == "/down" {
            "503 Service Unavailable"
        } else {
            "200 OK"
        }
    });
    let dir = project_citing(&[
        format!("http://127.0.0.1:{port}/up"),
        format!("http://127.0.0.1:{port}/down"),
    ]);
    let r = dir.path();
    let count = |p: &str| hits.lock().unwrap().get(p).copied().unwrap_or(0);
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--external"];
        args.extend_from_slice(extra);
        let o = gazette(r, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("/down answers HTTP 503"),
            "{}",
            stderr(&o)
        );
    };
    run(&[]);
    assert_eq!((count("/up"), count("/down")), (1, 1));
    run(&[]);
    assert_eq!(
        (count("/up"), count("/down")),
        (1, 1),
        "both cached for now"
    );
    // Two hours later: the failure is asked again, the answer is still trusted.
    let cache_path = r.join(".gazette/link-cache.json");
    let mut cache: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache_path).unwrap()).unwrap();
    for entry in cache["checked"].as_object_mut().unwrap().values_mut() {
        entry[0] = serde_json::json!(entry[0].as_u64().unwrap() - 2 * 3600);
    }
    std::fs::write(&cache_path, serde_json::to_vec(&cache).unwrap()).unwrap();
    run(&[]);
    assert_eq!((count("/up"), count("/down")), (1, 2));
    run(&["--refresh"]);
    assert_eq!(
        (count("/up"), count("/down")),
        (2, 3),
        "--refresh asks every link"
    );
}
