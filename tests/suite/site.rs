//! The built sample portal as a reader's browser sees it: every internal link and anchor
//! resolves, and every page is reachable from the home page.

use crate::cli::{gazette, repo, stderr};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// Every `href`/`src` value and every `id` of an HTML page (the generator's own output).
fn links_and_ids(html: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut links = Vec::new();
    let mut ids = BTreeSet::new();
    for (attr, out) in [("href=\"", true), ("src=\"", true), ("id=\"", false)] {
        let mut rest = html;
        while let Some(pos) = rest.find(attr) {
            // `id="` must not be the tail of another attribute (`data-id="`).
            let before = rest[..pos].chars().last();
            rest = &rest[pos + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            let value = rest[..end].replace("&amp;", "&");
            if out {
                links.push(value);
            } else if before.is_some_and(|c| c == ' ') {
                ids.insert(value);
            }
        }
    }
    (links, ids)
}

/// The file a site-absolute URL path names (`/a/` → `a/index.html`).
fn file_of(url_path: &str) -> String {
    let p = url_path.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// The page folder of seed 003's supply-chain review (tables, footnotes, 供应链).
fn supply_chain_article(out: &Path) -> std::path::PathBuf {
    std::fs::read_dir(out.join("bulletins/2021-08-05-kjzcyzxkb"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("mei-guo-bai-deng-zheng-fu")
        })
        .unwrap()
}

fn build_sample(out: &Path, extra: &[&str]) {
    let out_arg = out.to_string_lossy().to_string();
    let mut args = vec!["build", "--output", out_arg.as_str()];
    args.extend_from_slice(extra);
    let o = gazette(&repo(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn every_internal_link_and_anchor_resolves_and_no_page_is_an_orphan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &[]);
    let pages: BTreeMap<String, String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    let parsed: BTreeMap<&str, (Vec<String>, BTreeSet<String>)> = pages
        .iter()
        .map(|(p, html)| (p.as_str(), links_and_ids(html)))
        .collect();

    let mut broken = Vec::new();
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(page) = queue.pop_front() {
        let Some((links, ids)) = parsed.get(page.as_str()) else {
            continue;
        };
        for link in links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                page.clone()
            } else if path.starts_with('/') {
                file_of(path)
            } else {
                broken.push(format!(
                    "{page}: relative link {link} (every link should start with the base path)"
                ));
                continue;
            };
            if !out.join(&target).exists() {
                broken.push(format!("{page}: {link} → {target} does not exist"));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let target_ids = if path.is_empty() {
                    ids
                } else {
                    &parsed
                        .get(target.as_str())
                        .map(|p| &p.1)
                        .unwrap_or(ids)
                        .clone()
                };
                if !target_ids.contains(f) {
                    broken.push(format!("{page}: {link} → no id=\"{f}\" in {target}"));
                }
            }
            if target.ends_with(".html") && seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    let orphans: Vec<&String> = pages
        .keys()
        .filter(|p| !seen.contains(*p) && *p != "404.html")
        .collect();
    assert!(orphans.is_empty(), "pages nothing links to: {orphans:?}");
    // Every kind of page exists for the sample portal.
    for kind in [
        "index.html",
        "bulletins/index.html",
        "columns/index.html",
        "404.html",
    ] {
        assert!(pages.contains_key(kind), "{kind} missing");
    }
    assert!(pages.keys().any(|p| p.starts_with("columns/")
        && p.ends_with("/index.html")
        && p != "columns/index.html"));
    let issue_column = pages
        .keys()
        .any(|p| p.contains("/zhi-liang-yao-wen/index.html") && p.starts_with("bulletins/"));
    assert!(issue_column, "the column page of an issue (质量要闻)");
}

#[test]
fn footnotes_link_both_ways_and_tables_scroll_in_article_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &[]);
    let article = supply_chain_article(&out);
    let html = std::fs::read_to_string(article.join("index.html")).unwrap();
    assert!(
        html.contains("href=\"#fn-7\"") && html.contains("id=\"fn-7\""),
        "note 7 linked from the text"
    );
    assert!(
        html.contains("href=\"#fnref-7\"") && html.contains("id=\"fnref-7\""),
        "and back"
    );
    assert!(
        html.matches("class=\"table-scroll\"").count() >= 7,
        "each table in a scrolling container"
    );
    assert!(
        html.contains("<strong>表1 半导体供应链5个基本环节及评估</strong>"),
        "table captions kept"
    );
    // Breadcrumb: series › issue › column.
    let start = html.find("class=\"breadcrumb\"").unwrap();
    let crumbs = &html[start..start + html[start..].find("</nav>").unwrap()];
    for part in ["科技政策与咨询快报", "2021年 总第086期 第08期", "创新政策"] {
        assert!(crumbs.contains(part), "breadcrumb has {part}");
    }
    assert!(html.contains("lang=\"zh-CN\""));
    assert!(
        html.contains("rel=\"prev\"") && html.contains("rel=\"next\""),
        "previous and next article"
    );
}

#[test]
fn column_pages_are_paginated_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Two issues with the same column, one article per page.
    for (slug, date, title) in [
        ("2021-01-digest", "2021-01", "旧文章"),
        ("2021-02-digest", "2021-02", "新文章"),
    ] {
        let b = root.join("content/bulletins").join(slug);
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(
            b.join("index.md"),
            format!("+++\ntitle = \"快报 {date}\"\ndate = \"{date}\"\n+++\n"),
        )
        .unwrap();
        std::fs::write(
            b.join("01-a.md"),
            format!("+++\ntitle = \"{title}\"\nsection = \"质量要闻\"\n+++\n\n{title}的正文。\n"),
        )
        .unwrap();
    }
    std::fs::write(root.join("gazette.toml"), "paginate_by = 1\n").unwrap();
    let o = gazette(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first =
        std::fs::read_to_string(root.join("public/columns/zhi-liang-yao-wen/index.html")).unwrap();
    let second =
        std::fs::read_to_string(root.join("public/columns/zhi-liang-yao-wen/page/2/index.html"))
            .unwrap();
    assert!(first.contains("新文章") && !first.contains("旧文章"));
    assert!(second.contains("旧文章"));
    assert!(first.contains("href=\"/columns/zhi-liang-yao-wen/page/2/\""));
    assert!(second.contains("rel=\"prev\" href=\"/columns/zhi-liang-yao-wen/\""));
}

#[test]
fn a_theme_file_is_overridden_by_the_sites_own() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let b = root.join("content/bulletins/2021-01-digest");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(b.join("index.md"), "+++\ntitle = \"快报\"\n+++\n").unwrap();
    std::fs::write(b.join("01-a.md"), "+++\ntitle = \"文章\"\n+++\n\n正文。\n").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/style.css"), "body { color: red }").unwrap();
    // A named theme replaces the 404 page; the site's own static/ replaces the stylesheet.
    std::fs::create_dir_all(root.join("themes/mine/templates")).unwrap();
    std::fs::write(
        root.join("themes/mine/templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}自定义404{% endblock main %}",
    )
    .unwrap();
    std::fs::write(root.join("gazette.toml"), "theme = \"mine\"\n").unwrap();
    let o = gazette(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(root.join("public/static/style.css")).unwrap(),
        "body { color: red }"
    );
    assert!(std::fs::read_to_string(root.join("public/404.html"))
        .unwrap()
        .contains("自定义404"));
    // The other templates are still the default theme's.
    assert!(std::fs::read_to_string(root.join("public/index.html"))
        .unwrap()
        .contains("最新各期"));
}

#[test]
fn summaries_end_at_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &[]);
    // Summaries are on the lists of one issue's articles: its column pages.
    let pages: String = walkdir::WalkDir::new(out.join("bulletins"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let summaries: Vec<&str> = pages
        .split("class=\"item-summary\">")
        .skip(1)
        .map(|s| &s[..s.find("</p>").unwrap()])
        .collect();
    assert!(summaries.len() >= 8, "{}", summaries.len());
    for s in summaries {
        assert!(
            s.ends_with('。')
                || s.ends_with('！')
                || s.ends_with('？')
                || s.ends_with('”')
                || s.ends_with('…'),
            "{s}"
        );
        assert!(
            !s.contains("中国质量新闻网讯"),
            "bylines are not summaries: {s}"
        );
    }
}

#[test]
fn feeds_parse_with_a_real_feed_parser_and_hold_the_expected_entries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &["--base-url", "https://org.github.io/portal/"]);
    let site =
        feed_rs::parser::parse(std::fs::read(out.join("atom.xml")).unwrap().as_slice()).unwrap();
    assert_eq!(
        site.entries.len(),
        41,
        "every article of the sample portal (under the 50-entry cap)"
    );
    let first = &site.entries[0];
    assert!(first.links[0]
        .href
        .starts_with("https://org.github.io/portal/bulletins/"));
    assert!(
        first
            .content
            .as_ref()
            .and_then(|c| c.body.as_ref())
            .is_some_and(|b| b.contains("<p>")),
        "full content"
    );
    let supply = site
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.contains("关键供应链"))
        .unwrap();
    assert!(
        supply.categories.iter().any(|c| c.term == "创新政策"),
        "the column is a category"
    );
    assert_eq!(
        supply
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect::<Vec<_>>(),
        ["唐璐", "张志强"]
    );
    // A column's feed holds exactly that column's articles.
    let column = feed_rs::parser::parse(
        std::fs::read(out.join("columns/guo-ji-dong-tai/atom.xml"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(
        column.entries.len(),
        4,
        "国际动态: 2 articles in 000, 2 in 004"
    );
    assert!(column
        .entries
        .iter()
        .all(|e| e.categories.iter().any(|c| c.term == "国际动态")));
    // Pages announce their feeds.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("rel=\"alternate\" type=\"application/atom+xml\"")
            && home.contains("href=\"/portal/atom.xml\"")
    );
}

/// A project of `issues` monthly issues of one article each in the column 质量要闻, the
/// articles' text a seed article's paragraphs repeated to about 12 KB, the newest one's
/// to about 150 KB (longer than a feed carries in full).
fn project_of_long_articles(root: &Path, issues: usize) {
    let seed = std::fs::read_to_string(repo().join(
        "content/bulletins/2021-10-digest/07-guo-xin-ban-ju-xing-shi-shi-biao-zhun-hua-gang-yao-cu-jin.md",
    ))
    .unwrap();
    let text = seed.rsplit("+++").next().unwrap().trim();
    std::fs::write(root.join("gazette.toml"), "").unwrap();
    let repeated = |bytes: usize| {
        let mut body = String::new();
        while body.len() < bytes {
            body.push_str(text);
            body.push_str("\n\n");
        }
        body
    };
    for i in 0..issues {
        let date = format!("{}-{:02}", 1990 + i / 12, i % 12 + 1);
        let b = root
            .join("content/bulletins")
            .join(format!("{date}-digest"));
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(
            b.join("index.md"),
            format!("+++\ntitle = \"快报 {date}\"\ndate = \"{date}\"\n+++\n"),
        )
        .unwrap();
        let body = repeated(if i + 1 == issues { 150_000 } else { 12_000 });
        std::fs::write(
            b.join("01-a.md"),
            format!("+++\ntitle = \"第 {i} 篇\"\nsection = \"质量要闻\"\n+++\n\n{body}"),
        )
        .unwrap();
    }
}

#[test]
fn feeds_are_bounded_whatever_the_archive_and_the_articles_length() {
    // The site's and a column's feed: the newest 50 entries, each with its summary, the
    // newest with their full text within 100,000 bytes of it (the newest article, longer
    // than that, with its summary only); the same size for 60 issues as for 120.
    let mut sizes = Vec::new();
    for issues in [60, 120] {
        let dir = tempfile::tempdir().unwrap();
        project_of_long_articles(dir.path(), issues);
        let o = gazette(dir.path(), &["build", "-q"]);
        assert!(o.status.success(), "{}", stderr(&o));
        for feed in ["atom.xml", "columns/zhi-liang-yao-wen/atom.xml"] {
            let bytes = std::fs::read(dir.path().join("public").join(feed)).unwrap();
            let parsed = feed_rs::parser::parse(bytes.as_slice()).unwrap();
            assert_eq!(parsed.entries.len(), 50, "{feed}");
            let newest = parsed.entries[0].title.as_ref().unwrap();
            assert_eq!(newest.content, format!("第 {} 篇", issues - 1));
            assert!(parsed.entries.iter().all(|e| e.summary.is_some()));
            let full: Vec<usize> = parsed
                .entries
                .iter()
                .map(|e| {
                    e.content
                        .as_ref()
                        .and_then(|c| c.body.as_ref())
                        .map_or(0, |b| b.len())
                })
                .collect();
            assert_eq!(full[0], 0, "{feed}: the 150 KB article is not in whole");
            assert!(full[1] > 10_000, "{feed}: the next ones are: {full:?}");
            assert!(full.iter().sum::<usize>() <= 100_000, "{feed}: {full:?}");
            assert!(full.iter().filter(|&&n| n > 0).count() >= 5, "{full:?}");
            assert!(bytes.len() < 160_000, "{feed}: {} bytes", bytes.len());
            sizes.push(bytes.len());
        }
    }
    for (a, b) in sizes[..2].iter().zip(&sizes[2..]) {
        assert!(b.abs_diff(*a) < 2_000, "{sizes:?}");
    }
}

#[test]
fn the_sitemap_lists_every_page_and_pages_carry_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &["--base-url", "https://org.github.io/portal/"]);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let html: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p != "404.html")
        .collect();
    for page in &html {
        let url = format!(
            "https://org.github.io/portal/{}",
            page.trim_end_matches("index.html")
        );
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "sitemap lists {url}"
        );
    }
    assert_eq!(sitemap.matches("<url>").count(), html.len());
    assert!(sitemap.contains("<lastmod>2021-08-05</lastmod>"));
    assert!(std::fs::read_to_string(out.join("robots.txt"))
        .unwrap()
        .contains("Sitemap: https://org.github.io/portal/sitemap.xml"));
    for page in &html {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            text.contains("<link rel=\"canonical\" href=\"https://org.github.io/portal/"),
            "{page}: canonical"
        );
        assert!(
            text.contains("<meta property=\"og:title\""),
            "{page}: OpenGraph"
        );
        if let Some(start) = text.find("<script type=\"application/ld+json\">") {
            let json = &text[start + 35..];
            let json = &json[..json.find("</script>").unwrap()];
            let v: serde_json::Value =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{page}: JSON-LD: {e}"));
            assert_eq!(v["@context"], "https://schema.org");
        }
    }
    let issue =
        std::fs::read_to_string(out.join("bulletins/2021-08-05-kjzcyzxkb/index.html")).unwrap();
    assert!(issue.contains("\"@type\":\"PublicationIssue\""));
    let article_dir = std::fs::read_dir(out.join("bulletins/2021-08-05-kjzcyzxkb"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    let article = std::fs::read_to_string(article_dir.join("index.html")).unwrap();
    assert!(
        article.contains("\"@type\":\"NewsArticle\"")
            && article.contains("og:type\" content=\"article\"")
    );
}

#[test]
fn the_pages_workflow_is_valid_yaml_and_runs_the_readme_build_command() {
    let text = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    let wf = &docs[0];
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let command = "cargo run --release -- build";
    assert!(
        readme
            .lines()
            .take(6)
            .any(|l| l.trim_start().starts_with(command)),
        "the README opens with the build command"
    );
    let steps = wf["jobs"]["build"]["steps"].as_vec().expect("build steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let build = runs
        .iter()
        .position(|r| r.replace(" --locked", "").starts_with(command))
        .unwrap_or_else(|| panic!("the workflow runs `{command}`: {runs:?}"));
    let check = runs
        .iter()
        .position(|r| r.contains("-- check --base-url"))
        .unwrap_or_else(|| panic!("the workflow runs `gazette check`: {runs:?}"));
    assert!(check < build, "check before build: {runs:?}");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact")));
    assert!(
        uses.iter().any(|u| u.starts_with("actions/cache")),
        "cargo is cached"
    );
    let deploy = wf["jobs"]["deploy"]["steps"]
        .as_vec()
        .expect("deploy steps");
    assert!(deploy.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/deploy-pages"))));
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
}

/// A plain static file server on 127.0.0.1 that serves `root` under `prefix`, for a
/// bounded number of requests; anything outside `prefix` is a 404.
fn serve_under_prefix(
    root: std::path::PathBuf,
    prefix: &'static str,
) -> (u16, std::thread::JoinHandle<()>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(2000) {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Drain the headers.
            let mut h = String::new();
            while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                h.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            if path == "/quit" {
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                break;
            }
            let file = path.strip_prefix(prefix).map(|rest| {
                let rest = rest.split(['?', '#']).next().unwrap_or("");
                let rest = if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_string()
                };
                root.join(rest)
            });
            let body = file
                .filter(|f| !f.to_string_lossy().contains(".."))
                .and_then(|f| std::fs::read(f).ok());
            let (status, body) = match body {
                Some(b) => ("200 OK", b),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (port, handle)
}

fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

#[test]
fn under_a_sub_path_every_page_is_served_and_no_link_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let (port, server) = serve_under_prefix(out.clone(), "/portal/");
    build_sample(
        &out,
        &["--base-url", &format!("http://127.0.0.1:{port}/portal/")],
    );
    let mut seen = BTreeSet::from(["/portal/".to_string()]);
    let mut queue = VecDeque::from(["/portal/".to_string()]);
    let mut problems = Vec::new();
    while let Some(path) = queue.pop_front() {
        let (status, body) = http_get(port, &path);
        if status != 200 {
            problems.push(format!("{path}: HTTP {status}"));
            continue;
        }
        if !(path.ends_with('/') || path.ends_with(".html")) {
            continue;
        }
        for link in links_and_ids(&body).0 {
            let own = format!("http://127.0.0.1:{port}");
            let link = link.strip_prefix(&own).map(str::to_string).unwrap_or(link);
            if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with('#') {
                continue;
            }
            if !link.starts_with("/portal/") {
                problems.push(format!("{path}: link {link} leaves /portal/"));
                continue;
            }
            let target = link.split('#').next().unwrap().to_string();
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    http_get(port, "/quit");
    server.join().unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(seen.len() > 70, "crawled {} URLs", seen.len());
    assert!(seen.contains("/portal/static/style.css") && seen.contains("/portal/atom.xml"));
}

#[test]
fn topics_regions_and_timelines_follow_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &[]);
    let read =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|_| panic!("{p} missing"));
    // The TBT paper is on the TBT topic page; the topic index counts it.
    let tbt = read("topics/ji-shu-xing-mao-yi-cuo-shi/index.html");
    assert!(tbt.contains("新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究"));
    let topics = read("topics/index.html");
    assert!(
        topics.contains("href=\"/topics/ji-shu-xing-mao-yi-cuo-shi/\"")
            && topics.contains("<svg class=\"chart\"")
    );
    // The industrial-policy article of 001 and the US bill of 003 share 产业政策.
    let policy = read("topics/chan-ye-zheng-ce/index.html");
    assert!(policy.contains("理解美国产业政策(万字长文)") && policy.contains("瞄准对华科技竞争"));
    assert!(std::fs::read(out.join("topics/chan-ye-zheng-ce/atom.xml"))
        .is_ok_and(|b| feed_rs::parser::parse(b.as_slice()).is_ok()));
    let us = read("regions/mei-guo/index.html");
    assert!(us.contains("美国拜登政府发布关键供应链短期审查结果报告"));
    // Every timeline entry links to an anchor that exists in its article page.
    let timeline = read("timeline/index.html");
    assert!(
        timeline.contains("<time datetime=\"2021-06-08\">"),
        "6 月 8 日 of seed 003"
    );
    let mut checked = 0;
    for href in links_and_ids(&timeline)
        .0
        .iter()
        .filter(|h| h.contains("#ev-"))
    {
        let (page, anchor) = href.split_once('#').unwrap();
        let html = read(&file_of(page));
        assert!(html.contains(&format!("id=\"{anchor}\"")), "{href}");
        checked += 1;
    }
    assert!(checked > 50, "{checked} event links checked");
    // A topic's timeline shows its newest events and links to a page per year, which
    // lists that year's events and links back.
    let topic = read("topics/gong-ying-lian/timeline/index.html");
    let years: Vec<String> = links_and_ids(&topic)
        .0
        .into_iter()
        .filter(|h| h.starts_with("/topics/gong-ying-lian/timeline/20"))
        .collect();
    assert!(!years.is_empty(), "year links on the topic timeline");
    for y in &years {
        let page = read(&file_of(y));
        assert!(
            page.contains("href=\"/topics/gong-ying-lian/timeline/\""),
            "{y}"
        );
        assert!(
            page.contains("<ol class=\"events\"><li>"),
            "{y} lists events"
        );
    }
    // An article page shows its topics, regions and related articles.
    let article = supply_chain_article(&out);
    let html = std::fs::read_to_string(article.join("index.html")).unwrap();
    assert!(
        html.contains("href=\"/topics/gong-ying-lian/\""),
        "the supply-chain review is under 供应链"
    );
    assert!(
        html.contains("<section class=\"related\"><h2>相关文章</h2><ul class=\"list\"><li><a href=\"/bulletins/"),
        "related articles"
    );
}

/// The rules of sitemaps.org's `sitemap.xsd` and `siteindex.xsd` (0.9): the namespace, the
/// elements in their order and number, `loc` an absolute URL of 12 to 2,048 characters,
/// `lastmod` a W3C date or date-time, at most 50,000 entries. Returns the problems found.
fn sitemap_schema_errors(xml: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let ns = "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"";
    let (root, entry) = if xml.contains("<sitemapindex") {
        ("sitemapindex", "sitemap")
    } else {
        ("urlset", "url")
    };
    if !xml
        .to_ascii_lowercase()
        .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
    {
        errors.push("no XML declaration".into());
    }
    if !xml.contains(&format!("<{root} {ns}>")) || !xml.trim_end().ends_with(&format!("</{root}>"))
    {
        errors.push(format!("<{root}> with the sitemaps.org namespace expected"));
    }
    let date = regex::Regex::new(
        r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$",
    )
    .unwrap();
    let element = regex::Regex::new(r"<([a-z]+)>([^<]*)</([a-z]+)>").unwrap();
    let open = format!("<{entry}>");
    let close = format!("</{entry}>");
    let entries: Vec<&str> = xml
        .split(&open)
        .skip(1)
        .map(|e| e.split(&close).next().unwrap_or(""))
        .collect();
    if entries.len() > 50_000 {
        errors.push(format!("{} entries: at most 50,000", entries.len()));
    }
    let allowed: &[&str] = if entry == "url" {
        &["loc", "lastmod", "changefreq", "priority"]
    } else {
        &["loc", "lastmod"]
    };
    for e in entries {
        let children: Vec<(String, String)> = element
            .captures_iter(e)
            .map(|c| {
                if c[1] != c[3] {
                    errors.push(format!("<{}> closed by </{}>", &c[1], &c[3]));
                }
                (c[1].to_string(), c[2].to_string())
            })
            .collect();
        let names: Vec<&str> = children.iter().map(|(n, _)| n.as_str()).collect();
        let mut order = allowed.iter();
        if names.first() != Some(&"loc") || !names.iter().all(|n| order.any(|a| a == n)) {
            errors.push(format!(
                "{entry} children {names:?}: loc first, then {allowed:?} in order, each once"
            ));
        }
        for (name, value) in &children {
            match name.as_str() {
                "loc" => {
                    let ok = (12..=2048).contains(&value.len())
                        && (value.starts_with("https://") || value.starts_with("http://"))
                        && !value.contains(' ');
                    if !ok {
                        errors.push(format!(
                            "loc '{value}' is not an absolute URL of 12 to 2,048 characters"
                        ));
                    }
                }
                "lastmod" if !date.is_match(value) => {
                    errors.push(format!(
                        "lastmod '{value}' is not a W3C date (YYYY-MM-DD) or date-time"
                    ));
                }
                _ => {}
            }
        }
    }
    errors
}

#[test]
fn the_sitemap_validates_against_the_sitemaps_org_schema() {
    // The rules themselves catch what they must: a month-only date, a relative loc.
    let bad = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>/a/</loc><lastmod>2021-04</lastmod></url>\n</urlset>\n";
    assert_eq!(
        sitemap_schema_errors(bad).len(),
        2,
        "{:?}",
        sitemap_schema_errors(bad)
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out, &["--base-url", "https://org.github.io/portal/"]);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let errors = sitemap_schema_errors(&sitemap);
    assert!(errors.is_empty(), "{} errors: {errors:#?}", errors.len());
    // The sample has issues dated to the month only: they are there, with a full date.
    assert!(
        sitemap.contains("<lastmod>2021-04-01</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn a_site_over_the_sitemap_limit_gets_a_sitemap_index_of_valid_files() {
    // sitemaps.org allows 50,000 URLs a file; `[publish] sitemap_max_urls` lowers the
    // limit, so the sample (about 300 pages) takes several files.
    let dir = tempfile::tempdir().unwrap();
    crate::util::copy_dir(&repo().join("content"), &dir.path().join("content"));
    let toml = std::fs::read_to_string(repo().join("gazette.toml")).unwrap();
    std::fs::write(
        dir.path().join("gazette.toml"),
        format!("{toml}\n[publish]\nsitemap_max_urls = 100\n"),
    )
    .unwrap();
    let out = dir.path().join("public");
    let o = gazette(
        dir.path(),
        &[
            "build",
            "-q",
            "-o",
            &out.to_string_lossy(),
            "--base-url",
            "https://org.github.io/portal/",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let index = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(index.contains("<sitemapindex"), "{index}");
    let errors = sitemap_schema_errors(&index);
    assert!(errors.is_empty(), "{errors:#?}");
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    let mut listed = 0;
    let locs: Vec<&str> = index
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert_eq!(locs.len(), pages.div_ceil(100), "{index}");
    for (n, loc) in locs.iter().enumerate() {
        assert_eq!(
            *loc,
            format!("https://org.github.io/portal/sitemaps/{}.xml", n + 1)
        );
        let file = std::fs::read_to_string(out.join(format!("sitemaps/{}.xml", n + 1))).unwrap();
        let errors = sitemap_schema_errors(&file);
        assert!(errors.is_empty(), "sitemaps/{}.xml: {errors:#?}", n + 1);
        let urls = file.matches("<url>").count();
        assert!(urls <= 100, "{urls} URLs in one file");
        listed += urls;
    }
    assert_eq!(listed, pages, "every page is in one of the files");
    // robots.txt points to the index; a limit over sitemaps.org's is refused.
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://org.github.io/portal/sitemap.xml"));
    std::fs::write(
        dir.path().join("gazette.toml"),
        format!("{toml}\n[publish]\nsitemap_max_urls = 60000\n"),
    )
    .unwrap();
    let o = gazette(dir.path(), &["build", "-q", "-o", &out.to_string_lossy()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("sitemap_max_urls must be from 1 to 50000"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn build_ends_with_the_sites_size_and_warns_over_the_hosts_limit() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::copy_dir(&repo().join("content"), &dir.path().join("content"));
    let toml = std::fs::read_to_string(repo().join("gazette.toml")).unwrap();
    std::fs::write(dir.path().join("gazette.toml"), &toml).unwrap();
    let out = dir.path().join("public");
    let args = [
        "build",
        "-o",
        &out.to_string_lossy(),
        "--base-url",
        "https://org.github.io/portal/",
    ];
    let o = gazette(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    // The summary's size and file count are the folder's.
    let (mut bytes, mut files) = (0u64, 0usize);
    for e in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            bytes += e.metadata().unwrap().len();
            files += 1;
        }
    }
    let said = crate::cli::stdout(&o);
    assert!(
        said.contains(&format!("built {files} files")),
        "{said} ({files} files)"
    );
    assert!(
        said.contains(&format!(", {:.1} MB, into", bytes as f64 / 1e6)),
        "{said} ({bytes} bytes)"
    );
    assert!(!stderr(&o).contains("max_site_mb"), "{}", stderr(&o));
    // Over the limit (the sample is 2 MB or so): a warning with the largest kinds; the
    // site is still built.
    std::fs::write(
        dir.path().join("gazette.toml"),
        format!("{toml}\n[publish]\nmax_site_mb = 1\n"),
    )
    .unwrap();
    let o = gazette(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let warned = stderr(&o);
    assert!(warned.contains("warning: the site is"), "{warned}");
    assert!(
        warned.contains("over the 1.0 MB limit of [publish] max_site_mb"),
        "{warned}"
    );
    assert!(
        warned.contains("article and issue-column pages"),
        "{warned}"
    );
}
