//! Documents made from the seeds (tests/fixtures/documents/, written by
//! `scripts/variants` and `scripts/documents`): PDFs printed by Chromium and
//! LibreOffice (A4, and A5 with other fonts), Word files from LibreOffice, pandoc and Chinese Word style ids, the
//! typeset HTML and seed 001 as a saved web page; and LibreOffice's PDFs of a second house
//! style (`scripts/alt-variants`). Each is held to the same independent
//! reading as its seed (`read_seed` in tests/suite/import_seeds.rs): articles, columns, tables,
//! footnotes, sources, authors, first and last sentences, dates. A score is the share
//! of that reading's checks that pass.

use std::path::{Path, PathBuf};

use crate::cli::{gazette, new_project};
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
    let failures: Vec<String> = c
        .failures()
        .iter()
        .map(|f| format!("{name}: {f}"))
        .collect();
    (total - failures.len().min(total), total, failures)
}

/// The lowest score each kind of document must reach. The issue's target for PDFs is
/// 0.95 for every document, the other page setups of `scripts/documents` included (A5 by
/// LibreOffice and Chromium: 003.lo-a5.pdf has table rows and a note cut by page breaks,
/// 0.950 before they were put back together, 0.958 after); one that must be excused is
/// named here with its cause (none is today). The PDFs of another house style
/// (`scripts/alt-variants --keep`) are held to what they score, which only rises.
fn floor(name: &str) -> f64 {
    match name {
        "000.alt-a.lo.pdf" => 0.97,
        "004.alt-a.lo.pdf" => 0.98,
        _ => 0.95,
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
        // To see what every document misses, not only those below their floor (when
        // scoring other page setups by hand): DOCUMENTS_FAILURES=1.
        if std::env::var_os("DOCUMENTS_FAILURES").is_some() {
            for f in &failures {
                report.push_str(&format!("    {f}\n"));
            }
        }
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
    // Known to read worse than pdftotext's text of the same PDF, each with its cause; an
    // entry that is no longer behind fails the test, so the list only shrinks.
    const BEHIND: &[(&str, &str)] = &[];
    let variants = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variants");
    let mut worse = Vec::new();
    let mut still_behind = std::collections::HashSet::new();
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
                    let name = format!("{seed}.{maker}.pdf");
                    if BEHIND.iter().any(|(b, _)| *b == name) {
                        eprintln!("known: {name} {p}/{t} < {text} {tp}/{tt}");
                        still_behind.insert(name);
                    } else {
                        worse.push(format!("{name} {p}/{t} < {text} {tp}/{tt}"));
                    }
                }
            }
        }
    }
    assert!(worse.is_empty(), "{}", worse.join("\n"));
    for (name, cause) in BEHIND {
        assert!(
            still_behind.contains(*name),
            "{name} now reads as well as pdftotext ({cause}): remove it from BEHIND"
        );
    }
}

/// Every broken document is refused with what it is and what to do, naming the file,
/// and nothing is written.
#[test]
fn broken_documents_get_a_clear_error_and_nothing_is_written() {
    let cases = [
        ("broken-encrypted.pdf", "protected by a password"),
        ("broken-truncated.pdf", "truncated"),
        ("broken-scanned.pdf", "no text layer"),
        ("broken.doc", "save it as .docx"),
        ("broken-truncated.docx", "damaged or truncated"),
        ("broken-no-article.html", "no article"),
    ];
    for (file, says) in cases {
        let dir = new_project();
        let path = documents_dir().join(file);
        let out = gazette(dir.path(), &["import", &path.to_string_lossy()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{file}: import succeeded");
        assert!(
            stderr.contains(file),
            "{file}: the error does not name the file: {stderr}"
        );
        assert!(
            stderr.contains(says),
            "{file}: expected «{says}» in: {stderr}"
        );
        assert!(
            !dir.path().join("content").join("bulletins").exists(),
            "{file}: something was written"
        );
    }
    // The scan's message says how to get text, not only that there is none.
    let out = gazette(
        new_project().path(),
        &[
            "inspect",
            &documents_dir().join("broken-scanned.pdf").to_string_lossy(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("OCR") && stderr.contains("ocrmypdf"),
        "{stderr}"
    );
}

/// The bulletin folder keeps the document; importing it again changes nothing, and the
/// same file changed since is not written over the kept copy without --force.
#[test]
fn the_original_document_is_kept_and_compared_on_reimport() {
    let dir = new_project();
    let pdf = dir.path().join("bulletin.pdf");
    let bytes = std::fs::read(documents_dir().join("000.chromium.pdf")).unwrap();
    std::fs::write(&pdf, &bytes).unwrap();
    let arg = pdf.to_string_lossy().to_string();
    let out = gazette(dir.path(), &["import", &arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = dir.path().join("content/bulletins/2021-04-digest");
    assert_eq!(std::fs::read(folder.join("original.pdf")).unwrap(), bytes);

    let again = gazette(dir.path(), &["import", &arg]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("(unchanged)"));

    // A later save of the same PDF: the same text, another producer (same length, so the
    // cross-reference offsets stay right).
    let mut later = bytes.clone();
    let at = later
        .windows(11)
        .position(|w| w == b"/Producer (")
        .expect("the PDF names its producer")
        + 11;
    later[at] = if later[at] == b'X' { b'Y' } else { b'X' };
    std::fs::write(&pdf, &later).unwrap();
    let refused = gazette(dir.path(), &["import", &arg]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("original.pdf differs"), "{stderr}");
    assert_eq!(std::fs::read(folder.join("original.pdf")).unwrap(), bytes);

    let forced = gazette(dir.path(), &["import", "--force", &arg]);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(std::fs::read(folder.join("original.pdf")).unwrap(), later);

    // The issue page offers it (下载原文, format and size) and the site publishes it.
    let built = gazette(dir.path(), &["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let public = dir.path().join("public/bulletins/2021-04-digest");
    let page = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        page.contains(r#"<a href="/bulletins/2021-04-digest/original.pdf" download>下载原文</a>"#)
            && page.contains("（PDF，325 KB）"),
        "{page}"
    );
    assert_eq!(std::fs::read(public.join("original.pdf")).unwrap(), later);
}

/// Every file under `content/` of a project, relative paths.
fn written(root: &Path) -> Vec<String> {
    crate::cli::tree(&root.join("content"))
        .into_keys()
        .collect()
}

/// A web page is read as a web page whatever its name says (`.html`, `.txt`, none), and is
/// never imported as text: the title is the article's, no markup reaches the Markdown.
#[test]
fn a_web_page_is_read_as_one_whatever_its_name() {
    let page = std::fs::read(documents_dir().join("001.page.html")).unwrap();
    for name in ["page.html", "page.txt", "page"] {
        let p = new_project();
        let file = p.path().join(name);
        std::fs::write(&file, &page).unwrap();
        let out = gazette(p.path(), &["import", &file.to_string_lossy()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        let folder = p
            .path()
            .join("content/bulletins/2025-02-28-li-jie-mei-guo-chan-ye-zheng-ce-wan-zi-z");
        let index = std::fs::read_to_string(folder.join("index.md"))
            .unwrap_or_else(|e| panic!("{name}: {e}; written: {:?}", written(p.path())));
        assert!(
            index.contains("title = \"理解美国产业政策(万字长文)\""),
            "{name}: {index}"
        );
        assert_eq!(std::fs::read(folder.join("original.html")).unwrap(), page);
        for (file, text) in crate::cli::tree(&folder) {
            if file.ends_with(".md") {
                let text = String::from_utf8_lossy(&text);
                for markup in ["<!DOCTYPE", "<div", "<script", "&lt;", "<meta"] {
                    assert!(!text.contains(markup), "{name}: {markup} in {file}");
                }
            }
        }
        // The name that said otherwise is pointed out; the content decided.
        assert_eq!(
            stderr.contains("is named .txt but its content is a web page (HTML)"),
            name == "page.txt",
            "{name}: {stderr}"
        );
    }
}

/// `--encoding` names the encoding of a page with a wrong or no declaration; the page is
/// still read as a page.
#[test]
fn encoding_forced_on_a_web_page_keeps_it_a_web_page() {
    let page = std::fs::read_to_string(documents_dir().join("001.page.html")).unwrap();
    let page = page.replace("charset=\"utf-8\"", "charset=\"big5\"");
    let page = page.replace("charset=utf-8", "charset=big5");
    let (gbk, _, _) = encoding_rs::GBK.encode(&page);
    let p = new_project();
    let file = p.path().join("page.htm");
    std::fs::write(&file, &gbk).unwrap();
    let out = gazette(
        p.path(),
        &["import", "--encoding", "gbk", &file.to_string_lossy()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = std::fs::read_to_string(
        p.path()
            .join("content/bulletins/2025-02-28-li-jie-mei-guo-chan-ye-zheng-ce-wan-zi-z/index.md"),
    )
    .unwrap();
    assert!(index.contains("理解美国产业政策"), "{index}");
}

/// Formats gazette does not read are told by their content, whatever the name: the error
/// names the file, says what it is and what to do, the exit is non-zero, nothing is written.
#[test]
fn unreadable_formats_are_refused_by_content_with_what_to_do() {
    let doc = std::fs::read(documents_dir().join("broken.doc")).unwrap();
    let noise: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let png = [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &noise].concat();
    let xlsx = [
        b"PK\x03\x04\x14\0\0\0\x08\0[Content_Types].xml".as_slice(),
        &noise[..500],
        b"PK\x03\x04\x14\0\0\0\x08\0xl/workbook.xml",
        &noise[..500],
    ]
    .concat();
    let cases: [(&str, &[u8], &[&str]); 7] = [
        (
            "bulletin.doc",
            &doc,
            &["Word 97–2003", "soffice --headless --convert-to docx"],
        ),
        (
            "bulletin.docx",
            &doc,
            &["Word 97–2003", "soffice --headless --convert-to docx"],
        ),
        ("bulletin.txt", &doc, &["Word 97–2003", "save it as .docx"]),
        ("bulletin.pdf", &noise, &["not a text file", "not a PDF"]),
        (
            "bulletin.bin",
            &noise,
            &["not a text file", "save it as PDF"],
        ),
        ("scan.txt", &png, &["PNG", "OCR"]),
        (
            "table.docx",
            &xlsx,
            &["Excel workbook", "not a Word document"],
        ),
    ];
    for (name, bytes, says) in cases {
        let p = new_project();
        let file = p.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = gazette(p.path(), &["import", &file.to_string_lossy()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}: import succeeded");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(
            stderr.contains(name),
            "{name}: the file is not named: {stderr}"
        );
        for s in says {
            assert!(stderr.contains(s), "{name}: expected «{s}» in: {stderr}");
        }
        assert!(
            written(p.path()).is_empty(),
            "{name}: something was written"
        );
    }
}

/// In a folder, a `.doc` beside the bulletins is refused by name, not skipped in silence;
/// the bulletins beside it are imported.
#[test]
fn a_doc_in_a_folder_is_named_and_the_rest_imported() {
    let p = new_project();
    let raw = p.path().join("raw");
    std::fs::create_dir(&raw).unwrap();
    std::fs::copy(documents_dir().join("broken.doc"), raw.join("old.doc")).unwrap();
    std::fs::copy(documents_dir().join("002.lo.docx"), raw.join("new.docx")).unwrap();
    let out = gazette(p.path(), &["import", &raw.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("old.doc") && stderr.contains("save it as .docx"),
        "{stderr}"
    );
    let files = written(p.path());
    assert!(
        files.iter().any(|f| f.ends_with("original.docx")),
        "{files:?}"
    );
    assert!(!files.iter().any(|f| f.ends_with(".doc")), "{files:?}");
}
