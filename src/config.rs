//! `gazette.toml`: read strictly into raw structs, then validated into `Config`.
//!
//! Unknown keys are errors that name the key and the line, so a typo never silently
//! falls back to a default. A missing file means all defaults: a new project builds.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    description: Option<String>,
    paginate_by: Option<usize>,
    theme: Option<String>,
    search: Option<RawSearch>,
    publish: Option<RawPublish>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublish {
    max_site_mb: Option<u64>,
    sitemap_max_urls: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    max_file_kb: Option<usize>,
}

/// Validated site options.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute base URL, always ending with `/` (`https://org.github.io/portal/`).
    pub base_url: String,
    /// The path part of the base URL, always starting and ending with `/` (`/portal/`).
    pub base_path: String,
    pub language: String,
    pub description: String,
    pub paginate_by: usize,
    pub theme: String,
    /// `[search] max_file_kb`: no file of the search index may be larger (bytes).
    pub search_max_file_bytes: usize,
    /// `[publish] max_site_mb`: the host's limit on a published site (GitHub Pages and
    /// GitLab Pages: 1 GB); `build` warns when the site is larger.
    pub max_site_mb: u64,
    /// `[publish] sitemap_max_urls`: URLs in one sitemap file (sitemaps.org allows
    /// 50,000); a site with more gets a sitemap index.
    pub sitemap_max_urls: usize,
}

/// The most URLs a sitemap file may list (sitemaps.org).
pub const SITEMAP_MAX_URLS: usize = 50_000;

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "政策快报门户".into(),
            base_url: "http://127.0.0.1:1111/".into(),
            base_path: "/".into(),
            language: "zh-CN".into(),
            description: String::new(),
            // 50 items (about 15 KB of links) to a page: a phone scrolls them easily, and
            // a 20,000-article archive keeps under two files an article (20 made 2.02).
            paginate_by: 50,
            theme: "default".into(),
            search_max_file_bytes: 512 * 1024,
            max_site_mb: 1000,
            sitemap_max_urls: SITEMAP_MAX_URLS,
        }
    }
}

/// Reads `<root>/gazette.toml` (defaults when absent) and applies a `--base-url` override.
pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config> {
    let path = root.join("gazette.toml");
    let raw: RawConfig = match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message().trim())
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => RawConfig::default(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let d = Config::default();
    let base = base_url_override
        .map(str::to_string)
        .or(raw.base_url)
        .unwrap_or(d.base_url);
    let (base_url, base_path) =
        normalize_base_url(&base).with_context(|| format!("{}: base_url", path.display()))?;
    let paginate_by = raw.paginate_by.unwrap_or(d.paginate_by);
    if paginate_by == 0 {
        bail!("{}: paginate_by must be at least 1", path.display());
    }
    let theme = raw.theme.unwrap_or(d.theme);
    if theme != "default" && !root.join("themes").join(&theme).is_dir() {
        bail!(
            "{}: theme '{theme}' not found: expected a folder themes/{theme}/",
            path.display()
        );
    }
    let publish = raw.publish.unwrap_or_default();
    let max_site_mb = match publish.max_site_mb {
        Some(0) => bail!(
            "{}: [publish] max_site_mb must be at least 1",
            path.display()
        ),
        Some(mb) => mb,
        None => d.max_site_mb,
    };
    let sitemap_max_urls = match publish.sitemap_max_urls {
        Some(n) if n == 0 || n > SITEMAP_MAX_URLS => bail!(
            "{}: [publish] sitemap_max_urls must be from 1 to {SITEMAP_MAX_URLS} \
             (the sitemaps.org limit)",
            path.display()
        ),
        Some(n) => n,
        None => d.sitemap_max_urls,
    };
    Ok(Config {
        max_site_mb,
        sitemap_max_urls,
        title: raw.title.unwrap_or(d.title),
        base_url,
        base_path,
        language: raw.language.unwrap_or(d.language),
        description: raw.description.unwrap_or(d.description),
        paginate_by,
        theme,
        search_max_file_bytes: match raw.search.and_then(|s| s.max_file_kb) {
            Some(0) => bail!(
                "{}: [search] max_file_kb must be at least 1",
                path.display()
            ),
            Some(kb) => kb.saturating_mul(1024),
            None => d.search_max_file_bytes,
        },
    })
}

/// The host of a base URL that only this machine can reach (`localhost`, `127.0.0.1`,
/// `[::1]`, `0.0.0.0`): a site built with it is a preview, not something to publish.
pub fn local_host(base_url: &str) -> Option<String> {
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))?;
    let authority = rest.split('/').next()?;
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => authority.split(':').next()?,
    }
    .to_ascii_lowercase();
    let local = host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified());
    local.then_some(host)
}

/// `https://x.github.io/portal` → (`https://x.github.io/portal/`, `/portal/`).
pub fn normalize_base_url(url: &str) -> Result<(String, String)> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .with_context(|| format!("'{url}' must start with http:// or https://"))?;
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    if rest.is_empty() || rest.starts_with('/') {
        bail!("'{url}' has no host name");
    }
    let path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
    let host_end = url.len() - rest.len() + rest.find('/').unwrap_or(rest.len());
    Ok((format!("{}{path}", &url[..host_end]), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            normalize_base_url("https://org.github.io/portal").unwrap(),
            (
                "https://org.github.io/portal/".to_string(),
                "/portal/".to_string()
            )
        );
        assert_eq!(normalize_base_url("http://127.0.0.1:8000").unwrap().1, "/");
        assert!(normalize_base_url("ftp://x").is_err());
    }

    #[test]
    fn local_hosts_are_told_apart_from_published_ones() {
        for local in [
            "http://127.0.0.1:1111/",
            "http://localhost/",
            "http://LOCALHOST:8080/portal/",
            "http://[::1]:1111/",
            "http://0.0.0.0/",
        ] {
            assert!(local_host(local).is_some(), "{local}");
        }
        for public in [
            "https://org.github.io/portal/",
            "https://localhost.example.org/",
            "https://127.example.org/",
        ] {
            assert_eq!(local_host(public), None, "{public}");
        }
    }

    #[test]
    fn unknown_keys_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("gazette.toml"),
            "title = \"x\"\npaginate = 3\n",
        )
        .unwrap();
        let err = load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("paginate") && err.contains(":2:"), "{err}");
    }
}
