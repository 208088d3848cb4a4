//! Documents made from the seeds (tests/fixtures/documents/, written by
//! `scripts/variants` and `scripts/documents`): PDFs printed by Chromium and
//! LibreOffice, Word files from LibreOffice, pandoc and Chinese Word style ids, the
//! typeset HTML and seed 001 as a saved web page. Each is held to the same independent
//! reading as its seed (`read_seed` in tests/suite/import_seeds.rs): articles, columns, tables,
//! footnotes, sources, authors, first and last sentences, dates. A score is the share
//! of that reading's checks that pass.

use std::path::{Path, PathBuf};

use crate::import_seeds::read_seed;
use crate::util::*;

pub fn documents_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents")
}

/// Every document fixture: `NNN.<maker>.<ext>` and the typeset `NNN.html`.
fn documents() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(documents_dir())
        .expect("tests/fixtures/documents")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| matches!(x.to_str(), Some("pdf" | "docx" | "html")))
        })
        .filter(|p| !file_name(p).starts_with("broken"))
        .collect();
    found.sort();
    found
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// (checks passed, checks made, failures) of a file under its seed's reading.
fn score(path: &Path) -> (usize, usize, Vec<String>) {
    let name = file_name(path);
    let doc = inspect_path(path);
    let mut c = Checker::new(&name);
    read_seed(&name[..3], &mut c, &doc);
    let total = c.total();
    let failures: Vec<String> = c.failures().iter().map(|f| format!("{name}: {f}")).collect();
    (total - failures.len().min(total), total, failures)
}

/// The lowest score each kind of document must reach. The target for PDFs is
/// 0.95; what a format loses by itself is named beside its floor.
fn floor(name: &str) -> f64 {
    if name.ends_with(".chromium.pdf") {
        0.95
    } else if name.ends_with(".lo.pdf") {
        // LibreOffice's PDF: justified lines (spaces stretched like table gaps) and
        // footnotes set at the foot of each page.
        0.9
    } else {
        0.95
    }
}

#[test]
fn documents_are_held_to_their_seeds_reading() {
    let mut report = String::new();
    let mut below = Vec::new();
    let (mut all_passed, mut all_total) = (0, 0);
    for path in documents() {
        let name = file_name(&path);
        let (passed, total, failures) = score(&path);
        all_passed += passed;
        all_total += total;
        let s = passed as f64 / total.max(1) as f64;
        report.push_str(&format!("{name:<24} {passed:>4}/{total:<4} {s:.3}\n"));
        if s < floor(&name) {
            below.push(format!(
                "{name}: {s:.3} < {:.2}\n    {}",
                floor(&name),
                failures.join("\n    ")
            ));
        }
    }
    eprintln!(
        "{report}all documents: {all_passed}/{all_total} {:.3}",
        all_passed as f64 / all_total.max(1) as f64
    );
    assert!(
        below.is_empty(),
        "documents below their floor:\n{}",
        below.join("\n")
    );
}

/// A PDF read by gazette recovers at least as much as the text `pdftotext` makes of it
/// (tests/fixtures/variants/NNN.chromium.txt and .layout.txt, from the same PDF).
#[test]
fn pdfs_score_at_least_as_well_as_pdftotext() {
    let variants = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variants");
    let mut worse = Vec::new();
    for seed in ["000", "001", "002", "003", "004"] {
        for maker in ["chromium", "lo"] {
            let pdf = documents_dir().join(format!("{seed}.{maker}.pdf"));
            if !pdf.exists() {
                continue;
            }
            let (p, t, _) = score(&pdf);
            for text in [
                format!("{seed}.{maker}.txt"),
                format!("{seed}.{maker}.layout.txt"),
            ] {
                let path = variants.join(&text);
                if !path.exists() {
                    continue;
                }
                let (tp, tt, _) = score(&path);
                if (p as f64 / t.max(1) as f64) < (tp as f64 / tt.max(1) as f64) {
                    worse.push(format!("{seed}.{maker}.pdf {p}/{t} < {text} {tp}/{tt}"));
                }
            }
        }
    }
    assert!(worse.is_empty(), "{}", worse.join("\n"));
}
