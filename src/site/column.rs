//! The columns (栏目) across all issues: their list (`/columns/`) and a paginated page per
//! column (`/columns/<c>/`, newest first), from the shared index's column listings.

use super::context::Context;
use super::emit::{page_view, Emitter, PageInputs};
use super::fragments::{Fragments, Listed};
use super::keyed::Keyed;
use super::paginate::{paginate, ListPage, ListPageInputs};
use super::vm::{ColumnRef, Html, PageMeta, Pager, SiteVm};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ColumnsVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub columns: Vec<ColumnRef>,
}

#[derive(Debug, Serialize)]
pub struct ColumnVm {
    pub site: SiteVm,
    pub page: PageMeta,
    pub column: ColumnRef,
    /// This page's articles: list items (`item.html`, without the column).
    pub articles: Vec<Html>,
    pub pager: Pager,
}

page_view!(ColumnsVm, ColumnVm);

/// The list of columns, and every page of every column (in parallel).
pub(super) fn plan(cx: &Context, pages: &Emitter) -> Result<()> {
    let (ix, config) = (&cx.ix, cx.config);
    let base = &config.base_path;
    let columns = ColumnsVm {
        site: ix.site.clone(),
        page: ix
            .site
            .page("栏目".into(), format!("{base}columns/"), "columns"),
        columns: ix.columns.iter().map(|(c, _)| c.clone()).collect(),
    };
    pages.page_vm(
        "columns/index.html".into(),
        "columns.html",
        &columns,
        || "the list of columns".into(),
    )?;
    // Every page of every column, in parallel.
    let column_pages: Vec<(&ColumnRef, ListPage)> = ix
        .columns
        .iter()
        .flat_map(|(column, list)| {
            paginate(base, &column.url, &column.name, list, config.paginate_by)
                .into_iter()
                .map(move |lp| (column, lp))
        })
        .collect();
    column_pages
        .into_par_iter()
        .try_for_each(|(column, lp)| -> Result<()> {
            let number = lp.number;
            pages.page(
                lp.path,
                "column.html",
                &ColumnInputs {
                    site: &ix.site,
                    column,
                    list: ListPageInputs {
                        title: lp.title.into(),
                        url: lp.url.into(),
                        pager: lp.pager,
                        articles: Listed::new(ix, lp.items),
                    },
                },
                || format!("page {number} of the column '{}'", column.name),
            )
        })
}

/// A page of a column's articles across all issues.
#[derive(Hash)]
pub(super) struct ColumnInputs<'a> {
    pub site: &'a Keyed<SiteVm>,
    pub column: &'a ColumnRef,
    pub list: ListPageInputs<'a>,
}

impl PageInputs for ColumnInputs<'_> {
    type Vm = ColumnVm;

    fn vm(&self, fx: &Fragments) -> Result<ColumnVm> {
        let site = &**self.site;
        let column = self.column;
        Ok(ColumnVm {
            site: site.clone(),
            page: self
                .list
                .page(site, "columns")
                .describe(&format!(
                    "「{}」栏目在各期的文章，最新的在前。",
                    column.name
                ))
                .feed(
                    format!("{}：{}", site.title, column.name),
                    format!("{}atom.xml", column.url),
                ),
            column: column.clone(),
            articles: self.list.articles.items(fx, true, false)?,
            pager: self.list.pager.clone(),
        })
    }
}
