//! Any file → text: the format is told by content (`sniff`), then the file is decoded
//! (`decode`) or read by its document reader (`pdf`, `docx`, `html`, writing the dialect
//! of `document`). Each line of a document's text keeps the place it came from, so the
//! diagnostics of the one structure-recovery path name a page, not a line never seen.
//! Text files get the documents' one repair of characters: a converter that reads a
//! Chromium PDF without poppler's mapping (pdfminer, pypdf, a reader's "save as text")
//! hands on Kangxi radicals (`⽉`, `⻔`) for the ideographs the glyphs were drawn as.
//! Markdown a converter wrote (pipe tables, `[^N]` notes, escapes) is read into the
//! same dialect by `converted_markdown`, its lines mapped back to the file's.
//! Every format gets its Latin ligatures spelled out (`artiﬁcial` → `artificial`): a
//! typesetter's glyph, which a converter hands on as one character, in links too.

use super::sniff::{self, Format};
use super::{converted_markdown, decode, document, Diagnostic};

/// A file as text: what `decode` makes of a text file, or a reader of a document.
#[derive(Debug)]
pub struct Read {
    pub text: String,
    /// The encoding of a text file, or the document's format ("PDF", "Word", "HTML").
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
    /// For documents: where each line of `text` came from ("page 3"), by line index.
    pub places: Option<Vec<String>>,
    /// For text rewritten from a converter's Markdown: the file's line of each line.
    pub file_lines: Option<Vec<usize>>,
    pub format: Format,
}

/// Reads a file of any format gazette imports; `Err` says what it is and what to do.
pub fn read(bytes: &[u8], forced: Option<&'static encoding_rs::Encoding>) -> Result<Read, String> {
    // `--encoding` applies to text and web pages; PDF and Word say their own encoding.
    let format = sniff::sniff(bytes);
    let extracted = match format {
        Format::Text => {
            let d = decode::decode(bytes, forced)?;
            let text = match document::fix_radicals(&d.text) {
                std::borrow::Cow::Owned(fixed) => fixed,
                std::borrow::Cow::Borrowed(_) => d.text,
            };
            let (text, file_lines) = match converted_markdown::rewrite(&text) {
                Some(r) => (r.text, Some(r.lines)),
                None => (text, None),
            };
            return Ok(Read {
                text: without_ligatures(text),
                encoding: d.encoding,
                diagnostics: d.diagnostics,
                places: None,
                file_lines,
                format,
            });
        }
        Format::Unsupported(u) => return Err(u.message()),
        Format::Pdf => super::pdf::read(bytes)?,
        Format::Docx => super::docx::read(bytes)?,
        Format::Html => super::html::read(bytes, forced)?,
    };
    let encoding = match format {
        Format::Pdf => "PDF",
        Format::Docx => "Word",
        _ => "HTML",
    };
    Ok(Read {
        text: without_ligatures(extracted.text),
        encoding,
        diagnostics: extracted.diagnostics,
        places: Some(extracted.places),
        file_lines: None,
        format,
    })
}

/// The Latin ligatures of Unicode's compatibility block (`ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`) as the letters
/// they join: no word or link is spelled with them.
fn without_ligatures(text: String) -> String {
    const LIGATURES: [(char, &str); 7] = [
        ('\u{FB00}', "ff"),
        ('\u{FB01}', "fi"),
        ('\u{FB02}', "fl"),
        ('\u{FB03}', "ffi"),
        ('\u{FB04}', "ffl"),
        ('\u{FB05}', "st"),
        ('\u{FB06}', "st"),
    ];
    if !text.contains(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match LIGATURES.iter().find(|(l, _)| *l == c) {
            Some((_, letters)) => out.push_str(letters),
            None => out.push(c),
        }
    }
    out
}

/// Names the place in the document of each diagnostic that points at a line of the text.
pub fn locate(diags: &mut [Diagnostic], places: &[String]) {
    for d in diags {
        if let Some(place) = d.line.and_then(|l| places.get(l.wrapping_sub(1))) {
            d.message = format!("{place}: {}", d.message);
            d.line = None;
        }
    }
}

/// Points each diagnostic at the line of the file its line of rewritten text came from.
pub fn to_file_lines(diags: &mut [Diagnostic], file_lines: &[usize]) {
    for d in diags {
        d.line = d
            .line
            .map(|l| file_lines.get(l.wrapping_sub(1)).copied().unwrap_or(l));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_name_the_page() {
        let mut d = vec![Diagnostic::warning(Some(2), "no date found")];
        locate(&mut d, &["page 1".into(), "page 2".into()]);
        assert_eq!(d[0].line, None);
        assert_eq!(d[0].message, "page 2: no date found");
    }

    #[test]
    fn text_files_get_ideographs_for_radicals() {
        // Seed 004's title as pdfminer and pypdf print it from a Chromium PDF.
        let r = read("2021年世界标准⽇主题活动在京举⾏\n".as_bytes(), None).unwrap();
        assert_eq!(r.text, "2021年世界标准日主题活动在京举行\n");
    }

    #[test]
    fn ligatures_are_spelled_out_in_links_and_words() {
        // Seed 003's source of article 4 as pdfminer prints it from the Chromium PDF.
        let src = "来源：https://www.industry.gov.au/data-and-publications/australias-artiﬁcial-\nintelligence-action-plan\nﬀ ﬂ ﬃ ﬄ\n";
        let r = read(src.as_bytes(), None).unwrap();
        assert_eq!(
            r.text,
            "来源：https://www.industry.gov.au/data-and-publications/australias-artificial-\nintelligence-action-plan\nff fl ffi ffl\n"
        );
    }
}
