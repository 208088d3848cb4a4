//! `gazette inspect`: what the importer recovers from a raw file, without writing.
//!
//! For editors, a readable outline; for tools, `--json` in a stable, documented shape
//! (see the README). Keys are always present (empty arrays, `null`), so a consumer
//! never has to guess whether a key was omitted or empty.

use super::Output;
use crate::cli::InspectArgs;
use crate::enrich::{self, ArticleFacts, Reason, TermKind, Vocabulary};
use crate::import::{self, ImportOptions, Imported, Level};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::Path;

/// Topics, regions and events are derived with `<root>/content/topics.toml` when it
/// exists, the built-in vocabulary otherwise, and the bulletin's date.
pub fn run(root: &Path, args: &InspectArgs, out: &Output) -> Result<()> {
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
    let vocab = Vocabulary::load(root).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", all.join("\n"))
    })?;
    let facts = facts_of(&vocab, &imported);
    if args.json {
        let text = serde_json::to_string_pretty(&to_json(&shown, &imported, &vocab, &facts))?;
        println!("{text}");
    } else {
        print_outline(&shown, &imported, &vocab, &facts, out);
    }
    Ok(())
}

/// Tags and events of each imported article.
pub fn facts_of(vocab: &Vocabulary, imp: &Imported) -> Vec<ArticleFacts> {
    let date = imp.bulletin.date;
    imp.bulletin
        .articles
        .iter()
        .map(|a| enrich::article_facts(vocab, a, date))
        .collect()
}

/// The `inspect --json` document.
pub fn to_json(file: &str, imp: &Imported, vocab: &Vocabulary, facts: &[ArticleFacts]) -> Value {
    let b = &imp.bulletin;
    let articles: Vec<Value> = b
        .articles
        .iter()
        .zip(&imp.details)
        .zip(facts)
        .map(|((a, d), f)| {
            let events: Vec<Value> = f
                .events
                .iter()
                .map(|e| {
                    json!({
                        "date": e.date.to_string(),
                        "precision": e.date.precision(),
                        "text": e.text,
                        "date_text": e.date_text,
                        "anchor": e.anchor,
                        "sentence": e.sentence,
                    })
                })
                .collect();
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
                "topics": f.tags.names(vocab, TermKind::Topic),
                "regions": f.tags.names(vocab, TermKind::Region),
                "events": events,
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

fn print_outline(
    file: &str,
    imp: &Imported,
    vocab: &Vocabulary,
    facts: &[ArticleFacts],
    out: &Output,
) {
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
    for (i, ((a, d), f)) in b.articles.iter().zip(&imp.details).zip(facts).enumerate() {
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
        print_facts(f, vocab, out);
    }
    for d in &imp.diagnostics {
        if d.level >= Level::Warning || out.verbose {
            let loc = d.line.map_or(String::new(), |l| format!(":{l}"));
            eprintln!("{file}{loc}: {}: {}", d.level, d.message);
        }
    }
}

/// The tags of an article with the keywords that matched, and its event dates.
fn print_facts(f: &ArticleFacts, vocab: &Vocabulary, out: &Output) {
    for (kind, label) in [
        (TermKind::Topic, "topics: "),
        (TermKind::Region, "regions:"),
    ] {
        let shown: Vec<String> = f
            .tags
            .matches
            .iter()
            .filter(|m| m.kind == kind && (m.tagged() || out.verbose))
            .map(|m| {
                let words: Vec<String> = m
                    .keywords
                    .iter()
                    .map(|k| match (k.title, k.body) {
                        (0, n) => format!("{}×{n}", k.word),
                        (_, 0) => format!("{} (title)", k.word),
                        (_, n) => format!("{} (title, ×{n})", k.word),
                    })
                    .collect();
                let why = match m.reason {
                    Reason::Child => "implied by a sub-topic".to_string(),
                    Reason::FrontMatter => "front matter".to_string(),
                    Reason::BelowThreshold => format!("not tagged: {}", words.join(", ")),
                    Reason::Title | Reason::Section | Reason::Body => words.join(", "),
                };
                format!("{} [{why}]", m.name)
            })
            .collect();
        let mut line = shown.join("; ");
        if line.is_empty() {
            line = "—".into();
        }
        println!("          {label} {line}");
    }
    if !f.events.is_empty() {
        let dates: Vec<String> = f
            .events
            .iter()
            .map(|e| {
                if e.date_text.is_empty() {
                    e.date.to_string()
                } else {
                    format!("{} ({})", e.date, e.date_text)
                }
            })
            .collect();
        println!("          events:  {}", dates.join("; "));
    }
    if !vocab.topics.is_empty() && !f.tags.unknown.is_empty() {
        println!(
            "          unknown in front matter: {}",
            f.tags.unknown.join(", ")
        );
    }
}
