//! Redirects from earlier addresses: each `aliases = ["/old/url/"]` of an issue or an
//! article (front matter) gets a small page at that address that sends the reader on to
//! where the issue or article is now, so links to the old address keep working after a
//! slug changes. The sitemap leaves them out; search engines follow the canonical link.

use super::context::Context;
use super::emit::{Emitter, View};
use super::vm::{PageMeta, SiteVm};
use anyhow::{bail, Result};
use serde::Serialize;
use std::collections::HashMap;

/// What `alias.html` sees.
#[derive(Debug, Serialize)]
pub struct AliasVm {
    pub site: SiteVm,
    /// The title of the page the alias leads to.
    pub title: String,
    /// Where it is now (site-absolute: `/portal/bulletins/…/`).
    pub target: String,
    /// The same, absolute: the redirect page's canonical URL.
    pub canonical: String,
}

impl View for AliasVm {
    fn meta(&self) -> Option<&PageMeta> {
        None
    }
}

pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, base) = (&cx.ix, cx.config.base_path.as_str());
    // What the aliases lead to: (owner, alias, title, target URL).
    let mut redirects: Vec<(String, &str, &str, &str)> = Vec::new();
    for (bi, b) in ix.bulletins.iter().enumerate() {
        let url = ix.refs[bi].url.as_str();
        for alias in &b.aliases {
            redirects.push((
                format!("bulletins/{}/index.md", b.slug),
                alias,
                &b.title,
                url,
            ));
        }
        for &k in &ix.by_bulletin[bi] {
            let e = &ix.entries[k];
            let a = &b.articles[e.article];
            for alias in &a.aliases {
                let owner = format!("bulletins/{}/ ({})", b.slug, a.title);
                redirects.push((owner, alias, &a.title, e.reference.url.as_str()));
            }
        }
    }
    if redirects.is_empty() {
        return Ok(());
    }
    // The addresses the site has: an alias may not take one.
    let mut taken: HashMap<String, String> = HashMap::new();
    for (bi, b) in ix.bulletins.iter().enumerate() {
        taken.insert(ix.refs[bi].url.clone(), format!("the issue {}", b.slug));
        for slug in ix.section_slugs[bi].values() {
            taken.insert(
                format!("{}{slug}/", ix.refs[bi].url),
                "a column page".into(),
            );
        }
    }
    for e in &ix.entries {
        taken.insert(
            e.reference.url.clone(),
            format!("the article {}", e.reference.title),
        );
    }
    // Every wrong alias is named at once, each with what to do.
    let mut wrong: Vec<String> = Vec::new();
    for (owner, alias, title, target) in redirects {
        let Some(rest) = crate::markdown::site_path(alias, base) else {
            wrong.push(format!(
                "content/{owner}: alias '{alias}' is not a path from the site's root: \
                 write it as /bulletins/old-slug/"
            ));
            continue;
        };
        let url = format!("{base}{rest}");
        let top = rest.split('/').next().unwrap_or_default();
        let site_own = [
            "columns", "topics", "regions", "timeline", "search", "static", "sitemaps",
        ];
        let root_files = [
            "",
            "index.html",
            "404.html",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
        ];
        if site_own.contains(&top) || root_files.contains(&rest) {
            wrong.push(format!(
                "content/{owner}: alias '{alias}' is an address the site makes itself: \
                 remove it from `aliases`"
            ));
            continue;
        }
        if let Some(page) = taken.get(&url) {
            wrong.push(format!(
                "content/{owner}: alias '{alias}' is the address of {page}: an alias names \
                 an address the site no longer has; remove it from `aliases`"
            ));
            continue;
        }
        taken.insert(url.clone(), format!("an alias of {owner}"));
        let path = if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else if rest
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
        {
            rest.to_string()
        } else {
            format!("{rest}/index.html")
        };
        let vm = AliasVm {
            site: SiteVm::clone(&ix.site),
            title: title.to_string(),
            target: target.to_string(),
            canonical: ix.site.absolute(target),
        };
        pages.page_vm(path, "alias.html", &vm, || format!("the alias {alias}"))?;
    }
    if !wrong.is_empty() {
        bail!("{}", wrong.join("\n"));
    }
    Ok(())
}
