//! `gazette inspect`: what the importer recovers from a raw file, without writing.
//!
//! For editors, a readable outline; for tools, `--json` in a stable, documented shape
//! (see the README). Keys are always present (empty arrays, `null`), so a consumer
//! never has to guess whether a key was omitted or empty.

use super::Output;
use crate::cli::InspectArgs;
use crate::import::{self, ImportOptions, Imported, Level};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

pub fn run(args: &InspectArgs, out: &Output) -> Result<()> {
    let encoding = match &args.encoding {
        Some(label) => Some(
            import::encoding_by_label(label)
                .with_context(|| format!("unknown encoding '{label}'"))?,
        ),
        None => None,
    };
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let shown = args.file.display().to_string();
    let imported = match import::import_bytes(&bytes, &shown, &ImportOptions { encoding }) {
        Ok(i) => i,
        Err(d) => bail!("{shown}: {}", d.message),
    };
    if args.json {
        let text = serde_json::to_string_pretty(&to_json(&shown, &imported))?;
        println!("{text}");
    } else {
        print_outline(&shown, &imported, out);
    }
    Ok(())
}

/// The `inspect --json` document.
pub fn to_json(file: &str, imp: &Imported) -> Value {
    let b = &imp.bulletin;
    let articles: Vec<Value> = b
        .articles
        .iter()
        .zip(&imp.details)
        .map(|(a, d)| {
            json!({
                "title": a.title,
                "section": a.section,
                "subsection": a.subsection,
                "sources": a.sources,
                "source_name": a.source_name,
                "authors": a.authors,
                "body_markdown": a.body,
                "tables": d.tables,
                "figures": d.figures,
                "footnotes": d.footnotes,
                "topics": a.topics.clone().unwrap_or_default(),
                "regions": a.regions.clone().unwrap_or_default(),
                "events": Vec::<Value>::new(),
            })
        })
        .collect();
    json!({
        "file": file,
        "kind": b.kind.as_str(),
        "series": b.series,
        "title": b.title,
        "issue": b.issue,
        "date": b.date.map(|d| d.to_string()),
        "date_evidence": b.date_evidence,
        "sections": b.sections.iter().map(|s| json!({"name": s.name, "subsections": s.subsections})).collect::<Vec<_>>(),
        "articles": articles,
        "diagnostics": imp.diagnostics,
        "encoding": imp.encoding,
        "publisher": b.publisher,
        "paper": b.paper,
    })
}

fn print_outline(file: &str, imp: &Imported, out: &Output) {
    let b = &imp.bulletin;
    println!("{file}: {} ({})", b.title, b.kind.as_str());
    println!("  series:  {}", b.series.as_deref().unwrap_or("—"));
    println!("  issue:   {}", b.issue.as_deref().unwrap_or("—"));
    println!(
        "  date:    {}{}",
        b.date.map_or("—".to_string(), |d| d.to_string()),
        b.date_evidence
            .as_ref()
            .map_or(String::new(), |e| format!(" ({e})"))
    );
    println!("  encoding: {}", imp.encoding);
    let mut section: Option<&str> = None;
    let mut subsection: Option<&str> = None;
    for (i, (a, d)) in b.articles.iter().zip(&imp.details).enumerate() {
        if a.section.as_deref() != section {
            section = a.section.as_deref();
            subsection = None;
            if let Some(s) = section {
                println!("  [{s}]");
            }
        }
        if a.subsection.as_deref() != subsection {
            subsection = a.subsection.as_deref();
            if let Some(s) = subsection {
                println!("    ({s})");
            }
        }
        let mut extras = Vec::new();
        if !a.authors.is_empty() {
            extras.push(format!("by {}", a.authors.join("、")));
        }
        if !a.sources.is_empty() {
            extras.push(format!("{} source(s)", a.sources.len()));
        }
        if !d.tables.is_empty() {
            extras.push(format!("{} table(s)", d.tables.len()));
        }
        if !d.footnotes.is_empty() {
            extras.push(format!("{} footnote(s)", d.footnotes.len()));
        }
        let chars = a.body.chars().count();
        println!(
            "      {:>2}. {} — {chars} chars{}",
            i + 1,
            a.title,
            if extras.is_empty() {
                String::new()
            } else {
                format!("; {}", extras.join("; "))
            }
        );
    }
    for d in &imp.diagnostics {
        if d.level >= Level::Warning || out.verbose {
            let loc = d.line.map_or(String::new(), |l| format!(":{l}"));
            eprintln!("{file}{loc}: {}: {}", d.level, d.message);
        }
    }
}
