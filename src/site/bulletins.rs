//! The issues: `/bulletins/`, the newest issues and every year with its number of issues,
//! and a page per year (`/bulletins/<year>/`, then `/bulletins/<year>/page/2/`… when a
//! year has more than [`ISSUES_PER_PAGE`]; `/bulletins/undated/` for issues without a
//! date), its issues by series. Made from the issues' references in the shared index.

use super::context::Context;
use super::emit::{page_view, Emitter};
use super::paginate::{paginate, single_page};
use super::vm::{BulletinRef, PageMeta, Pager, SiteVm};
use anyhow::{bail, Result};
use serde::Serialize;

/// Issues listed on `/bulletins/` (the newest).
const LATEST_ISSUES: usize = 20;
/// Issues listed on each page of a year (about 60 KB and 1,300 elements at most).
const ISSUES_PER_PAGE: usize = 400;
/// The year page of issues without a date.
const UNDATED: &str = "undated";

#[derive(Debug, Serialize)]
pub struct BulletinsVm {
    pub site: SiteVm,
    pub page: PageMeta,
    /// The year a year's page lists (`2021`, or empty for issues without a date); `None`
    /// on `/bulletins/`.
    pub year: Option<String>,
    /// `/bulletins/`: the newest issues.
    pub latest: Vec<BulletinRef>,
    /// Every year (newest first) and its number of issues, linking to its page.
    pub year_links: Vec<IssueYear>,
    /// A year's page: its issues, by series.
    pub years: Vec<YearGroup>,
    pub pager: Pager,
}

/// A year of issues, as `/bulletins/` links to it.
#[derive(Debug, Clone, Serialize)]
pub struct IssueYear {
    /// `2021`, or empty for issues without a date.
    pub year: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    /// `2021`, or empty for undated issues.
    pub year: String,
    pub series: Vec<SeriesGroup>,
}

#[derive(Debug, Serialize)]
pub struct SeriesGroup {
    pub name: Option<String>,
    pub bulletins: Vec<BulletinRef>,
}

page_view!(BulletinsVm);

pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let ix = &cx.ix;
    let base = &cx.config.base_path;
    // The issues by year, newest first (the index's order); undated ones last.
    let mut years: Vec<(String, Vec<usize>)> = Vec::new();
    for (bi, b) in ix.bulletins.iter().enumerate() {
        let year = b.date.map_or(String::new(), |d| d.year.to_string());
        match years.last_mut() {
            Some((y, list)) if *y == year => list.push(bi),
            _ => years.push((year, vec![bi])),
        }
    }
    for b in ix.bulletins {
        let clash = years.iter().any(|(y, _)| segment(y) == b.slug);
        if clash {
            bail!(
                "content/bulletins/{}/: the folder has the name of the page that lists the \
                 issues of a year ({base}bulletins/{}/); rename the folder (for example to \
                 {}-digest)",
                b.slug,
                b.slug,
                b.slug
            );
        }
    }
    let year_url = |y: &str| format!("{base}bulletins/{}/", segment(y));
    let links = |current: Option<&str>| -> Vec<IssueYear> {
        years
            .iter()
            .map(|(y, list)| IssueYear {
                year: y.clone(),
                url: year_url(y),
                count: list.len(),
                current: current == Some(y.as_str()),
            })
            .collect()
    };
    let title = "各期";
    let all = BulletinsVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page(title.into(), format!("{base}bulletins/"), "bulletins")
            .describe(&format!(
                "{}的全部各期：最新各期，与按年份排列的各期。",
                cx.config.title
            )),
        year: None,
        latest: ix
            .refs
            .iter()
            .take(LATEST_ISSUES)
            .map(|r| BulletinRef::clone(r))
            .collect(),
        year_links: links(None),
        years: Vec::new(),
        pager: single_page(),
    };
    pages.page_vm(
        "bulletins/index.html".into(),
        "bulletins.html",
        &all,
        || "the list of issues".into(),
    )?;
    for (year, list) in &years {
        let name = match year.as_str() {
            "" => "未注明日期的各期".to_string(),
            y => format!("{y} 年各期"),
        };
        for lp in paginate(base, &year_url(year), &name, list, ISSUES_PER_PAGE) {
            let vm = BulletinsVm {
                site: ix.site.clone(),
                page: ix
                    .site
                    .page(lp.title, lp.url, "bulletins")
                    .describe(&format!("{}的{name}，按系列排列。", cx.config.title)),
                year: Some(year.clone()),
                latest: Vec::new(),
                year_links: links(Some(year)),
                years: vec![YearGroup {
                    year: year.clone(),
                    series: by_series(cx, lp.items),
                }],
                pager: lp.pager,
            };
            let number = lp.number;
            pages.page_vm(lp.path, "bulletins.html", &vm, || {
                format!("page {number} of the issues of {name}")
            })?;
        }
    }
    Ok(())
}

/// The URL segment of a year's page.
fn segment(year: &str) -> &str {
    if year.is_empty() {
        UNDATED
    } else {
        year
    }
}

/// `issues` (indices of bulletins) by series, in the order each series first appears.
fn by_series(cx: &Context, issues: &[usize]) -> Vec<SeriesGroup> {
    let ix = &cx.ix;
    let mut series: Vec<SeriesGroup> = Vec::new();
    for &bi in issues {
        let b = &ix.bulletins[bi];
        let r = BulletinRef::clone(&ix.refs[bi]);
        match series.iter_mut().find(|s| s.name == b.series) {
            Some(s) => s.bulletins.push(r),
            None => series.push(SeriesGroup {
                name: b.series.clone(),
                bulletins: vec![r],
            }),
        }
    }
    series
}
