//! Word (.docx) → text: what the author's styles say, read from the document's XML.
//!
//! A .docx is a zip of XML parts. `document.xml` holds paragraphs, tables, footnote
//! references and hyperlinks; `styles.xml` says which paragraph styles are headings,
//! whatever their id (`Heading1` in English Word and LibreOffice, `1` or `a5` in
//! Chinese Word) and name (`heading 1`, `标题 1`), through `w:outlineLvl` and the
//! `basedOn` chain; `footnotes.xml` the notes; the relationships the link targets.
//! The result is the text dialect of `document`: `#` headings, paragraphs, tab-separated
//! table rows, `<sup>N</sup>` marks with their notes, `[text](url)` links.

use super::document::{self, Extracted};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::Read as _;

/// No part of a real bulletin comes near this; a zip bomb does.
const MAX_PART: u64 = 64 << 20;

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!(
            "the Word file is damaged or truncated ({e}): open it in Word or LibreOffice, save \
             it again as .docx, and import that"
        )
    })?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("the Word file has no word/document.xml: it is damaged; save it again as .docx")?;
    let styles = part(&mut zip, "word/styles.xml")?.unwrap_or_default();
    let rels = part(&mut zip, "word/_rels/document.xml.rels")?.unwrap_or_default();
    let notes = part(&mut zip, "word/footnotes.xml")?.unwrap_or_default();
    let styles = heading_styles(&styles)?;
    let rels = relationships(&rels)?;
    let notes = footnotes(&notes, &rels)?;
    let mut walker = Walker {
        styles: &styles,
        rels: &rels,
        notes: &notes,
        note_numbers: HashMap::new(),
        out: Extracted::default(),
    };
    walker.body(&document)?;
    let mut out = walker.out;
    let cited: Vec<(usize, &String)> = {
        let mut v: Vec<(usize, &String)> =
            walker.note_numbers.iter().map(|(id, n)| (*n, id)).collect();
        v.sort();
        v
    };
    if !cited.is_empty() {
        out.blank("footnotes");
        out.line("---", "footnotes");
        for (n, id) in cited {
            if let Some(text) = notes.get(id) {
                out.paragraph(&format!("<sup>{n}</sup> {text}"), "footnotes");
            }
        }
    }
    if out.visible_chars() == 0 {
        return Err(
            "the Word file has no text: if its pages are pictures (a scan), gazette \
                    cannot read them (it does no OCR); run an OCR program and import its text"
                .into(),
        );
    }
    Ok(out)
}

/// A part of the zip as text, or `None` when it is not there.
fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(format!(
                "the Word file is damaged ({name}: {e}): save it again as .docx"
            ))
        }
    };
    let mut text = String::new();
    file.take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|e| format!("the Word file is damaged ({name}: {e}): save it again as .docx"))?;
    Ok(Some(text))
}

fn xml_error(part: &str, e: impl std::fmt::Display) -> String {
    format!("the Word file is damaged ({part} is not well-formed XML: {e}): open it in Word or LibreOffice and save it again as .docx")
}

/// An attribute by its local name (`w:val`, `val`: the prefix varies between writers).
fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

/// Paragraph style id → heading level (1-based), from outline levels and names,
/// following `basedOn` so a Chinese Word style built on 标题 1 is a heading too.
fn heading_styles(xml: &str) -> Result<HashMap<String, usize>, String> {
    #[derive(Default)]
    struct Style {
        name: String,
        based_on: Option<String>,
        outline: Option<usize>,
        paragraph: bool,
    }
    let mut styles: HashMap<String, Style> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error("styles.xml", e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    let id = attr(&e, b"styleId").unwrap_or_default();
                    let paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                    styles.insert(
                        id.clone(),
                        Style {
                            paragraph,
                            ..Style::default()
                        },
                    );
                    current = Some(id);
                }
                b"name" | b"basedOn" | b"outlineLvl" => {
                    if let Some(s) = current.as_ref().and_then(|id| styles.get_mut(id)) {
                        let v = attr(&e, b"val").unwrap_or_default();
                        match e.local_name().as_ref() {
                            b"name" => s.name = v,
                            b"basedOn" => s.based_on = Some(v),
                            _ => s.outline = v.parse::<usize>().ok(),
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    let level_of_name = |name: &str| -> Option<usize> {
        let n = name.trim().to_lowercase();
        if n == "title" || n == "标题" {
            return Some(1);
        }
        let rest = n
            .strip_prefix("heading")
            .or_else(|| n.strip_prefix("标题"))?
            .trim();
        rest.parse::<usize>().ok().filter(|l| (1..=9).contains(l))
    };
    let mut levels = HashMap::new();
    for (id, _) in styles.iter().filter(|(_, s)| s.paragraph) {
        let mut at = Some(id.as_str());
        let mut seen = 0;
        while let Some(s) = at.and_then(|i| styles.get(i)) {
            // Word's outline levels count from 0; 9 means body text.
            if let Some(o) = s.outline {
                if o < 9 {
                    levels.insert(id.clone(), o + 1);
                }
                break;
            }
            if let Some(l) = level_of_name(&s.name) {
                levels.insert(id.clone(), l);
                break;
            }
            at = s.based_on.as_deref();
            seen += 1;
            if seen > 20 {
                break;
            }
        }
    }
    Ok(levels)
}

/// Relationship id → external target (hyperlinks).
fn relationships(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error("document.xml.rels", e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Footnote id → its text (links kept), without the separator notes Word keeps there.
fn footnotes(xml: &str, rels: &HashMap<String, String>) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    if xml.is_empty() {
        return Ok(out);
    }
    let styles = HashMap::new();
    let empty = HashMap::new();
    let mut walker = Walker {
        styles: &styles,
        rels,
        notes: &empty,
        note_numbers: HashMap::new(),
        out: Extracted::default(),
    };
    let mut reader = Reader::from_str(xml);
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error("footnotes.xml", e))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"footnote" => {
                let id = attr(&e, b"id").unwrap_or_default();
                let separator = attr(&e, b"type").is_some_and(|t| t != "normal");
                let mut text = String::new();
                walker.until_end(&mut reader, b"footnote", &mut |_, p: Para| {
                    document::join(&mut text, &p.text);
                })?;
                if !separator && !text.trim().is_empty() {
                    out.insert(id, text.trim().to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A paragraph as read: its text in the dialect, and its heading level if any.
struct Para {
    text: String,
    level: Option<usize>,
}

struct Walker<'a> {
    styles: &'a HashMap<String, usize>,
    rels: &'a HashMap<String, String>,
    notes: &'a HashMap<String, String>,
    /// Footnote id → its number in order of first citation.
    note_numbers: HashMap<String, usize>,
    out: Extracted,
}

impl Walker<'_> {
    fn body(&mut self, xml: &str) -> Result<(), String> {
        let mut reader = Reader::from_str(xml);
        let mut count = 0usize;
        loop {
            match reader
                .read_event()
                .map_err(|e| xml_error("document.xml", e))?
            {
                Event::Start(e) if e.local_name().as_ref() == b"p" => {
                    count += 1;
                    let place = format!("paragraph {count}");
                    let p = self.paragraph(&mut reader)?;
                    self.emit(p, &place);
                }
                Event::Start(e) if e.local_name().as_ref() == b"tbl" => {
                    count += 1;
                    let place = format!("table at paragraph {count}");
                    let rows = self.table(&mut reader)?;
                    self.out.blank(&place);
                    for row in rows {
                        self.out.line(&row.join("\t"), &place);
                    }
                    self.out.blank(&place);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn emit(&mut self, p: Para, place: &str) {
        let text = p.text.trim();
        if text.is_empty() {
            return;
        }
        match p.level {
            Some(l) => self
                .out
                .paragraph(&format!("{} {text}", "#".repeat(l.min(6))), place),
            None => self.out.paragraph(text, place),
        }
    }

    /// Reads events up to the end of `tag`, calling `each` for every paragraph inside.
    fn until_end(
        &mut self,
        reader: &mut Reader<&[u8]>,
        tag: &[u8],
        each: &mut dyn FnMut(&mut Self, Para),
    ) -> Result<(), String> {
        let mut depth = 0usize;
        loop {
            match reader
                .read_event()
                .map_err(|e| xml_error("document.xml", e))?
            {
                Event::Start(e) if e.local_name().as_ref() == b"p" => {
                    let p = self.paragraph(reader)?;
                    each(self, p);
                }
                Event::Start(e) if e.local_name().as_ref() == tag => depth += 1,
                Event::End(e) if e.local_name().as_ref() == tag => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A table's rows, each a list of cell texts (a cell's paragraphs joined).
    fn table(&mut self, reader: &mut Reader<&[u8]>) -> Result<Vec<Vec<String>>, String> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut depth = 0usize;
        loop {
            match reader
                .read_event()
                .map_err(|e| xml_error("document.xml", e))?
            {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"tbl" => depth += 1,
                    b"tr" if depth == 0 => rows.push(Vec::new()),
                    b"tc" if depth == 0 => {
                        let mut cell = String::new();
                        self.until_end(reader, b"tc", &mut |_, p| {
                            document::join(&mut cell, &p.text);
                        })?;
                        if let Some(r) = rows.last_mut() {
                            r.push(cell.replace('\t', " "));
                        }
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == b"tbl" => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
        Ok(rows)
    }

    /// One `w:p`: style, outline level, runs (text, tabs, breaks, footnote marks,
    /// superscripts) and hyperlinks, both `w:hyperlink` and `HYPERLINK` fields.
    fn paragraph(&mut self, reader: &mut Reader<&[u8]>) -> Result<Para, String> {
        let mut text = String::new();
        let mut level: Option<usize> = None;
        let mut outline: Option<usize> = None;
        let mut in_text = false;
        let mut in_instr = false;
        let mut instr = String::new();
        let mut superscript = false;
        // An open link: its target and the text shown so far.
        let mut link: Option<(String, String)> = None;
        let mut field_link: Option<String> = None;
        let mut depth = 0usize;
        let push = |text: &mut String, link: &mut Option<(String, String)>, s: &str| match link {
            Some((_, shown)) => shown.push_str(s),
            None => text.push_str(s),
        };
        let close = |text: &mut String, link: &mut Option<(String, String)>| {
            if let Some((url, shown)) = link.take() {
                text.push_str(&document::link(&shown, &url));
            }
        };
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error("document.xml", e))?;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let start = matches!(event, Event::Start(_));
                    match e.local_name().as_ref() {
                        b"p" if start => depth += 1,
                        b"pStyle" => {
                            level = attr(e, b"val").and_then(|id| self.styles.get(&id).copied());
                        }
                        b"outlineLvl" => {
                            outline = attr(e, b"val")
                                .and_then(|v| v.parse::<usize>().ok())
                                .filter(|&o| o < 9);
                        }
                        b"vertAlign" => {
                            superscript = attr(e, b"val").is_some_and(|v| v == "superscript");
                        }
                        b"t" => in_text = true,
                        b"instrText" => in_instr = true,
                        b"tab" => push(&mut text, &mut link, "\t"),
                        b"br" | b"cr" => push(&mut text, &mut link, " "),
                        b"hyperlink" => {
                            close(&mut text, &mut link);
                            if let Some(url) = attr(e, b"id")
                                .and_then(|id| self.rels.get(&id))
                                .filter(|u| is_web(u))
                            {
                                link = Some((document::tidy_url(url), String::new()));
                            }
                        }
                        b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                            Some("begin") => instr.clear(),
                            Some("separate") => {
                                if let Some(url) = hyperlink_field(&instr) {
                                    close(&mut text, &mut link);
                                    link = Some((url, String::new()));
                                    field_link = link.as_ref().map(|l| l.0.clone());
                                }
                            }
                            Some("end") if field_link.take().is_some() => {
                                close(&mut text, &mut link);
                            }
                            _ => {}
                        },
                        b"footnoteReference" => {
                            if let Some(id) =
                                attr(e, b"id").filter(|id| self.notes.contains_key(id))
                            {
                                let next = self.note_numbers.len() + 1;
                                let n = *self.note_numbers.entry(id).or_insert(next);
                                push(&mut text, &mut link, &format!("<sup>{n}</sup>"));
                            }
                        }
                        b"rPr" => superscript = false,
                        _ => {}
                    }
                }
                Event::Text(t) if in_text || in_instr => {
                    let s = t.decode().map_err(|e| xml_error("document.xml", e))?;
                    if in_instr {
                        instr.push_str(&s);
                    } else if superscript
                        && s.trim().chars().all(|c| c.is_ascii_digit())
                        && !s.trim().is_empty()
                    {
                        push(&mut text, &mut link, &format!("<sup>{}</sup>", s.trim()));
                    } else {
                        push(&mut text, &mut link, &s);
                    }
                }
                Event::GeneralRef(r) if in_text || in_instr => {
                    let s = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = r.decode().map_err(|e| xml_error("document.xml", e))?;
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .unwrap_or_default()
                                .to_string()
                        }
                    };
                    if in_instr {
                        instr.push_str(&s);
                    } else {
                        push(&mut text, &mut link, &s);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"t" => in_text = false,
                    b"instrText" => in_instr = false,
                    b"hyperlink" if field_link.is_none() => close(&mut text, &mut link),
                    b"r" => superscript = false,
                    b"p" => {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        close(&mut text, &mut link);
        Ok(Para {
            text: text.replace("</sup><sup>", ""),
            level: outline.map(|o| o + 1).or(level),
        })
    }
}

fn is_web(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// `HYPERLINK "https://…" \o "tip"` → the URL.
fn hyperlink_field(instr: &str) -> Option<String> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?.trim();
    let url = match rest.strip_prefix('"') {
        Some(r) => r.split('"').next()?,
        None => rest.split_whitespace().next()?,
    };
    is_web(url).then(|| document::tidy_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_word_style_ids_are_headings_by_name_or_outline() {
        let styles = r#"<w:styles xmlns:w="x">
            <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
            <w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="栏目"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="a6"><w:name w:val="文章标题"/><w:basedOn w:val="2"/></w:style>
            <w:style w:type="character" w:styleId="a7"><w:name w:val="heading 1 Char"/></w:style>
        </w:styles>"#;
        let levels = heading_styles(styles).unwrap();
        assert_eq!(levels.get("1"), Some(&1));
        assert_eq!(levels.get("2"), Some(&2));
        assert_eq!(levels.get("a5"), Some(&1));
        assert_eq!(levels.get("a6"), Some(&2));
        assert_eq!(levels.get("a"), None);
        assert_eq!(levels.get("a7"), None);
    }

    #[test]
    fn hyperlink_fields_give_their_url() {
        assert_eq!(
            hyperlink_field(r#" HYPERLINK "http://www.cqn.com.cn/a.htm" \o "x" "#).as_deref(),
            Some("http://www.cqn.com.cn/a.htm")
        );
        assert_eq!(hyperlink_field(r#"HYPERLINK \l "_Toc1""#), None);
        assert_eq!(hyperlink_field("PAGEREF _Toc1 \\h"), None);
    }

    #[test]
    fn damaged_files_are_refused() {
        let e = read(b"PK\x03\x04 not really a zip").unwrap_err();
        assert!(e.contains("damaged or truncated"), "{e}");
    }
}
