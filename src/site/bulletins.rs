//! The list of every issue (`/bulletins/`), grouped by year and then by series, newest
//! first. Made from the issues' references in the shared index.

use super::context::Context;
use super::emit::{page_view, Emitter};
use super::vm::{BulletinRef, PageMeta, SiteVm};
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct BulletinsVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub years: Vec<YearGroup>,
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
    let mut years: Vec<YearGroup> = Vec::new();
    for (bi, b) in ix.bulletins.iter().enumerate() {
        let year = b.date.map_or(String::new(), |d| d.year.to_string());
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup {
                year: year.clone(),
                series: Vec::new(),
            });
        }
        let group = years.last_mut().expect("pushed above");
        match group.series.iter_mut().find(|s| s.name == b.series) {
            Some(s) => s.bulletins.push(BulletinRef::clone(&ix.refs[bi])),
            None => group.series.push(SeriesGroup {
                name: b.series.clone(),
                bulletins: vec![BulletinRef::clone(&ix.refs[bi])],
            }),
        }
    }
    let base = &cx.config.base_path;
    let all = BulletinsVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page("各期".into(), format!("{base}bulletins/"), "bulletins")
            .describe(&format!(
                "{}的全部各期，按年份和系列排列。",
                cx.config.title
            )),
        years,
    };
    pages.page_vm(
        "bulletins/index.html".into(),
        "bulletins.html",
        &all,
        || "the list of issues".into(),
    )
}
