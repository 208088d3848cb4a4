//! Shared helpers for the integration tests: running the built binary,
//! normalising text, and a "soft assertion" collector so that one test run
//! reports every mismatch of a seed instead of stopping at the first one.

#![allow(dead_code)]

use std::fmt::Debug;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// Running the importer
// ---------------------------------------------------------------------------

/// Absolute path of a raw sample in `seeds/`.
pub fn seed_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name)
}

/// The raw text of a sample.
pub fn raw_seed(name: &str) -> String {
    std::fs::read_to_string(seed_path(name)).expect("read seed file")
}

/// Runs `gazette inspect --json SEED` and parses its stdout.
pub fn inspect(name: &str) -> Value {
    inspect_path(&seed_path(name))
}

/// Runs `gazette inspect --json PATH` and parses its stdout.
pub fn inspect_path(path: &std::path::Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["inspect", "--json"])
        .arg(path)
        .output()
        .expect("run the gazette binary");
    assert!(
        out.status.success(),
        "`gazette inspect --json {}` failed ({}):\n{}",
        path.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "`gazette inspect --json` did not print JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

// ---------------------------------------------------------------------------
// Text normalisation
// ---------------------------------------------------------------------------

fn is_ascii_digit_run(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Removes footnote marks in both their raw (`<sup>12</sup>`) and Markdown
/// (`[^12]`) forms.
pub fn strip_footnote_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let sup = rest.find("<sup>");
        let md = rest.find("[^");
        let (pos, open, close) = match (sup, md) {
            (Some(a), Some(b)) if a <= b => (a, "<sup>", "</sup>"),
            (Some(_), Some(b)) => (b, "[^", "]"),
            (Some(a), None) => (a, "<sup>", "</sup>"),
            (None, Some(b)) => (b, "[^", "]"),
            (None, None) => break,
        };
        out.push_str(&rest[..pos]);
        let after = &rest[pos + open.len()..];
        match after.find(close) {
            Some(end) if is_ascii_digit_run(after[..end].trim()) => {
                rest = &after[end + close.len()..];
            }
            _ => {
                out.push_str(open);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whitespace-insensitive form used to compare sentences: drops every
/// whitespace character, footnote marks, `**` emphasis and backslash escapes.
/// Spaces that PDF layout put between two Chinese characters may legitimately
/// be removed by the importer, so both sides are squashed.
pub fn squash(s: &str) -> String {
    strip_footnote_marks(s)
        .replace("**", "")
        .replace('\\', "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Collapses runs of whitespace to one ASCII space and trims.
pub fn norm_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Title comparison form: whitespace is collapsed, and a space next to a
/// non-ASCII character (CJK text or full-width punctuation) is dropped, so
/// `CNAS 召开…` and `CNAS召开…` compare equal but `IBM Begin` keeps its space.
pub fn norm_title(s: &str) -> String {
    let collapsed = norm_ws(s);
    let chars: Vec<char> = collapsed.chars().collect();
    let mut out = String::with_capacity(collapsed.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = chars.get(i.wrapping_sub(1)).copied().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            if !prev.is_ascii() || !next.is_ascii() {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Raw seed text with page-bottom footnote definitions and `---` page rules
/// removed, squashed. Used to verify that the expectations written in the
/// tests are faithful quotations of the raw samples.
pub fn squashed_raw_without_page_furniture(raw: &str) -> String {
    let kept: Vec<&str> = raw
        .lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with("<sup>") || t == "---")
        })
        .collect();
    squash(&kept.join("\n"))
}

/// Shortens a long string for failure messages.
pub fn clip(s: &str, n: usize) -> String {
    let v: Vec<char> = s.chars().collect();
    if v.len() <= n {
        s.to_string()
    } else {
        format!("{}…({} chars)", v[..n].iter().collect::<String>(), v.len())
    }
}

// ---------------------------------------------------------------------------
// JSON access
// ---------------------------------------------------------------------------

/// A string field; JSON `null`, a missing key and `""` all read as `None`.
pub fn opt_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A string field, `""` when absent.
pub fn str_of(v: &Value, key: &str) -> String {
    opt_str(v, key).unwrap_or_default()
}

/// An array-of-strings field, empty when absent.
pub fn strs(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| match x {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

pub fn articles(doc: &Value) -> &[Value] {
    arr(doc, "articles")
}

pub fn body(article: &Value) -> String {
    str_of(article, "body_markdown")
}

/// Footnote ids of an article, sorted numerically where possible.
pub fn footnote_ids(article: &Value) -> Vec<String> {
    let mut ids: Vec<String> = arr(article, "footnotes")
        .iter()
        .map(|f| match f.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        })
        .collect();
    ids.sort_by_key(|s| (s.parse::<u64>().unwrap_or(u64::MAX), s.clone()));
    ids
}

pub fn table_rows(table: &Value) -> Vec<Vec<String>> {
    arr(table, "rows")
        .iter()
        .map(|r| {
            r.as_array()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|c| {
                            c.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| c.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// `(section name, [subsection names])` of the document, names normalised.
pub fn sections(doc: &Value) -> Vec<(String, Vec<String>)> {
    arr(doc, "sections")
        .iter()
        .map(|s| {
            let subs = arr(s, "subsections")
                .iter()
                .map(|x| match x {
                    Value::String(s) => norm_title(s),
                    other => norm_title(&str_of(other, "name")),
                })
                .collect();
            (norm_title(&str_of(s, "name")), subs)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Soft assertions
// ---------------------------------------------------------------------------

/// Collects failures so that a test reports all mismatches at once.
pub struct Checker {
    name: String,
    failures: Vec<String>,
    /// Number of assertions made, passed or not: the denominator of `score`.
    total: usize,
}

impl Checker {
    pub fn new(name: &str) -> Self {
        Checker {
            name: name.to_string(),
            failures: Vec::new(),
            total: 0,
        }
    }

    pub fn fail(&mut self, msg: impl Into<String>) {
        self.total += 1;
        self.failures.push(msg.into());
    }

    pub fn check(&mut self, ok: bool, msg: impl FnOnce() -> String) {
        self.total += 1;
        if !ok {
            self.failures.push(msg());
        }
    }

    pub fn eq<T: PartialEq + Debug>(&mut self, what: &str, actual: T, expected: T) {
        self.total += 1;
        if actual != expected {
            self.failures.push(format!(
                "{what}:\n      expected {expected:?}\n      actual   {actual:?}"
            ));
        }
    }

    /// `haystack` (squashed) contains `needle` (squashed).
    pub fn contains(&mut self, what: &str, haystack: &str, needle: &str) {
        self.total += 1;
        if !squash(haystack).contains(&squash(needle)) {
            self.failures
                .push(format!("{what}: missing {:?}", clip(needle, 60)));
        }
    }

    /// `haystack` (squashed) does not contain `needle` (squashed).
    pub fn lacks(&mut self, what: &str, haystack: &str, needle: &str) {
        self.total += 1;
        if squash(haystack).contains(&squash(needle)) {
            self.failures
                .push(format!("{what}: must not contain {:?}", clip(needle, 60)));
        }
    }

    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Number of assertions made so far.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Share of the assertions that held (1.0 when none was made).
    pub fn score(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        (self.total - self.failures.len().min(self.total)) as f64 / self.total as f64
    }

    /// Panics listing every collected failure.
    pub fn finish(self) {
        if !self.failures.is_empty() {
            let mut msg = format!(
                "{}: {} failed assertion(s)\n",
                self.name,
                self.failures.len()
            );
            for (i, f) in self.failures.iter().enumerate() {
                msg.push_str(&format!("  {:>2}. {f}\n", i + 1));
            }
            panic!("{msg}");
        }
    }
}

// ---------------------------------------------------------------------------
// Article expectations
// ---------------------------------------------------------------------------

/// What a careful editor says one article is.
#[derive(Clone, Copy)]
pub struct ArticleSpec {
    /// Title as spelled in the body (TOC spelling differences lose).
    pub title: &'static str,
    /// Column, without numbering.
    pub section: Option<&'static str>,
    /// Acceptable sub-column spellings; empty means "no sub-column".
    pub subsection: &'static [&'static str],
    pub sources: &'static [&'static str],
    pub authors: &'static [&'static str],
    /// First sentence of the body (footnote marks omitted).
    pub first: &'static str,
    /// Last sentence of the body.
    pub last: &'static str,
    /// Further text that must be in the body, typically sentences that a page
    /// break, footnote block or picture split in the raw file.
    pub contains: &'static [&'static str],
    /// Text that must not be in the body.
    pub lacks: &'static [&'static str],
    /// Footnote ids the article owns (where its `<sup>` marks are).
    pub footnotes: &'static [&'static str],
    /// Number of tables; `None` leaves it unchecked.
    pub tables: Option<usize>,
}

pub const ART: ArticleSpec = ArticleSpec {
    title: "",
    section: None,
    subsection: &[],
    sources: &[],
    authors: &[],
    first: "",
    last: "",
    contains: &[],
    lacks: &[],
    footnotes: &[],
    tables: Some(0),
};

/// A source URL compared without an empty trailing fragment (`…/page#`).
fn norm_url(u: &str) -> String {
    u.trim().trim_end_matches('#').to_string()
}

/// Finds the actual article for `spec`: by title, else by first sentence.
pub fn find_article<'a>(doc: &'a Value, spec: &ArticleSpec) -> Option<&'a Value> {
    let want = norm_title(spec.title);
    articles(doc)
        .iter()
        .find(|a| norm_title(&str_of(a, "title")) == want)
        .or_else(|| {
            let first = squash(spec.first);
            articles(doc)
                .iter()
                .find(|a| !first.is_empty() && squash(&body(a)).contains(&first))
        })
}

/// Checks every article of `specs` (in order) against the importer output.
pub fn check_articles(c: &mut Checker, doc: &Value, specs: &[ArticleSpec]) {
    let actual_titles: Vec<String> = articles(doc)
        .iter()
        .map(|a| norm_title(&str_of(a, "title")))
        .collect();
    let expected_titles: Vec<String> = specs.iter().map(|s| norm_title(s.title)).collect();
    c.eq("article titles, in order", actual_titles, expected_titles);

    for (i, spec) in specs.iter().enumerate() {
        let tag = format!("article {} «{}»", i + 1, clip(spec.title, 24));
        let Some(a) = find_article(doc, spec) else {
            c.fail(format!(
                "{tag}: not found (neither by title nor by first sentence)"
            ));
            continue;
        };
        let actual_title = str_of(a, "title");
        if norm_title(&actual_title) != norm_title(spec.title) {
            c.fail(format!(
                "{tag}: title\n      expected {:?}\n      actual   {:?}",
                spec.title, actual_title
            ));
        }
        c.eq(
            &format!("{tag}: section"),
            opt_str(a, "section").map(|s| norm_title(&s)),
            spec.section.map(norm_title),
        );
        let sub = opt_str(a, "subsection").map(|s| norm_title(&s));
        let sub_ok = match &sub {
            None => spec.subsection.is_empty(),
            Some(s) => spec.subsection.iter().any(|e| norm_title(e) == *s),
        };
        c.check(sub_ok, || {
            format!(
                "{tag}: subsection\n      expected {:?}\n      actual   {:?}",
                spec.subsection, sub
            )
        });
        c.eq(
            &format!("{tag}: sources"),
            strs(a, "sources")
                .iter()
                .map(|u| norm_url(u))
                .collect::<Vec<_>>(),
            spec.sources.iter().map(|u| norm_url(u)).collect::<Vec<_>>(),
        );
        c.eq(
            &format!("{tag}: authors"),
            strs(a, "authors"),
            spec.authors
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        let b = body(a);
        c.contains(&format!("{tag}: body, first sentence"), &b, spec.first);
        c.contains(&format!("{tag}: body, last sentence"), &b, spec.last);
        for s in spec.contains {
            c.contains(&format!("{tag}: body"), &b, s);
        }
        for s in spec.lacks {
            c.lacks(&format!("{tag}: body"), &b, s);
        }
        if let Some(next) = specs.get(i + 1) {
            c.lacks(
                &format!("{tag}: body runs into the next article"),
                &b,
                next.first,
            );
        }
        c.eq(
            &format!("{tag}: footnote ids"),
            footnote_ids(a),
            spec.footnotes
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        if let Some(n) = spec.tables {
            c.eq(
                &format!("{tag}: number of tables"),
                arr(a, "tables").len(),
                n,
            );
        }
    }
}

/// Checks one table of an article: caption, header row, total row count
/// (header included) and one specific row. Cells are compared squashed.
#[allow(clippy::too_many_arguments)]
pub fn check_table(
    c: &mut Checker,
    article: &Value,
    tag: &str,
    index: usize,
    caption: &str,
    header: &[&str],
    rows_incl_header: usize,
    row: &[&str],
) {
    let tables = arr(article, "tables");
    let Some(t) = tables.get(index) else {
        c.fail(format!(
            "{tag}: table {} missing ({} tables)",
            index + 1,
            tables.len()
        ));
        return;
    };
    let what = format!("{tag}: table {}", index + 1);
    c.eq(
        &format!("{what} caption"),
        squash(&str_of(t, "caption")),
        squash(caption),
    );
    let rows = table_rows(t);
    let sq = |r: &[String]| r.iter().map(|x| squash(x)).collect::<Vec<_>>();
    let want_header: Vec<String> = header.iter().map(|x| squash(x)).collect();
    c.eq(
        &format!("{what} header row"),
        rows.first().map(|r| sq(r)).unwrap_or_default(),
        want_header,
    );
    c.eq(
        &format!("{what} row count (header included)"),
        rows.len(),
        rows_incl_header,
    );
    let want_row: Vec<String> = row.iter().map(|x| squash(x)).collect();
    c.check(rows.iter().any(|r| sq(r) == want_row), || {
        let near: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| r.first().map(|x| squash(x)) == want_row.first().cloned())
            .cloned()
            .collect();
        format!(
            "{what}: no row {:?}; rows with the same first cell: {:?}",
            row, near
        )
    });
    c.check(
        !rows
            .iter()
            .any(|r| r.iter().all(|x| x.trim().chars().all(|ch| ch == '-'))),
        || format!("{what}: a `----` rule line became a row"),
    );
}

/// Asserts that no body contains any of `needles`.
pub fn check_no_body_contains(c: &mut Checker, doc: &Value, needles: &[&str]) {
    for a in articles(doc) {
        let b = squash(&body(a));
        for n in needles {
            if b.contains(&squash(n)) {
                c.fail(format!(
                    "boilerplate {:?} is in the body of «{}»",
                    clip(n, 40),
                    clip(&str_of(a, "title"), 24)
                ));
            }
        }
    }
}

/// Asserts that no body line is just a column / sub-column heading.
pub fn check_no_column_lines_in_bodies(c: &mut Checker, doc: &Value, headings: &[&str]) {
    let wanted: Vec<String> = headings.iter().map(|h| squash(h)).collect();
    for a in articles(doc) {
        for line in body(a).lines() {
            let l = squash(line.trim_start_matches('#'));
            if wanted.contains(&l) {
                c.fail(format!(
                    "column heading line {:?} is in the body of «{}»",
                    line,
                    clip(&str_of(a, "title"), 24)
                ));
            }
        }
    }
}

/// `true` when `body` has a Markdown heading line of exactly `level` (`##`
/// for 2) whose text equals `text` (squashed).
pub fn has_heading(body: &str, level: usize, text: &str) -> bool {
    let want = squash(text);
    body.lines().any(|l| {
        let hashes = l.chars().take_while(|&c| c == '#').count();
        hashes == level && l[hashes..].starts_with(' ') && squash(&l[hashes..]) == want
    })
}

/// `true` when `body` has a Markdown heading line of any level containing `text`.
pub fn has_any_heading(body: &str, text: &str) -> bool {
    let want = squash(text);
    body.lines().any(|l| {
        let hashes = l.chars().take_while(|&c| c == '#').count();
        hashes > 0 && squash(&l[hashes..]).contains(&want)
    })
}

/// Checks that every quoted expectation is a faithful quotation of the raw
/// seed (ignoring whitespace, footnote marks and page-bottom furniture).
pub fn check_specs_quote_seed(c: &mut Checker, seed: &str, specs: &[ArticleSpec]) {
    let raw = squashed_raw_without_page_furniture(&raw_seed(seed));
    for spec in specs {
        for s in [spec.first, spec.last]
            .into_iter()
            .chain(spec.contains.iter().copied())
        {
            c.check(raw.contains(&squash(s)), || {
                format!(
                    "{seed}: expectation {:?} is not quoted from the seed",
                    clip(s, 50)
                )
            });
        }
        c.check(raw.contains(&squash(spec.title)), || {
            format!("{seed}: title {:?} is not in the seed", spec.title)
        });
    }
}
