//! What a file is, told by its content rather than its name.
//!
//! Editors receive bulletins as PDFs, Word files and saved web pages, and a file's
//! extension is often wrong (a `.doc` that is really `.docx`, a page saved as `.txt`).
//! The first bytes decide: a document gazette reads goes to its reader, a format it
//! does not read gets an error naming the format and what to do, and only what is
//! none of these is decoded as text. An HTML page is never imported as text.

/// The kinds of file `import` tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    /// Office Open XML word processing (Word 2007 and later, LibreOffice's Word export).
    Docx,
    Html,
    /// Anything else: decoded as text (and refused there if it has control bytes).
    Text,
    /// A format gazette does not read, with what to tell the editor.
    Unsupported(Unsupported),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// Binary Word 97–2003 (an OLE compound file; also old Excel and PowerPoint).
    OleDocument,
    Rtf,
    /// A zip that is not a Word document: another OOXML kind, OpenDocument, EPUB or a plain zip.
    Zip(&'static str),
    /// A web page saved as a single MHTML archive.
    Mhtml,
    Image(&'static str),
    /// Another binary format recognised by its signature.
    Binary(&'static str),
}

impl Unsupported {
    /// The error an editor sees: what the file is and how to get something gazette reads.
    pub fn message(self) -> String {
        match self {
            Unsupported::OleDocument => "this is a binary Word 97–2003 file (.doc) or another old Office file, which gazette does not read: save it as .docx (Word 2007–365) in Word or LibreOffice, or convert it with `soffice --headless --convert-to docx FILE.doc`, then import the .docx".into(),
            Unsupported::Rtf => "this is a Rich Text (RTF) file, which gazette does not read: save it as .docx in Word or LibreOffice, or convert it with `soffice --headless --convert-to docx FILE.rtf`, then import the .docx".into(),
            Unsupported::Zip(kind) => format!("this is {kind}, not a Word document: gazette imports PDF, Word (.docx), web pages (.html) and text; export the bulletin to one of these"),
            Unsupported::Mhtml => "this is a web page saved as a single-file archive (MHTML), which gazette does not read: save the page again as \"Webpage, HTML only\" (.html) and import that".into(),
            Unsupported::Image(kind) => format!("this is {kind} image, not text: gazette does not read text in pictures (OCR); run an OCR program (for example `tesseract page.png out -l chi_sim`) and import the text it writes"),
            Unsupported::Binary(kind) => format!("this is {kind}, not a bulletin: gazette imports PDF, Word (.docx), web pages (.html) and text"),
        }
    }
}

/// What a format is called in a message ("a PDF").
pub fn describe(format: Format) -> &'static str {
    match format {
        Format::Pdf => "a PDF",
        Format::Docx => "a Word document (.docx)",
        Format::Html => "a web page (HTML)",
        Format::Text => "text",
        Format::Unsupported(_) => "a format gazette does not read",
    }
}

/// When a file's name says one format and its content another (a page saved as `.txt`,
/// an error page downloaded as `.pdf`): what to tell the editor. The content decides.
pub fn misnamed(name: &str, format: Format) -> Option<String> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let named = match ext.as_str() {
        "pdf" => Format::Pdf,
        "docx" => Format::Docx,
        "html" | "htm" => Format::Html,
        "txt" => Format::Text,
        _ => return None,
    };
    if named == format || matches!(format, Format::Unsupported(_)) {
        return None;
    }
    Some(if format == Format::Text {
        format!(
            "the file is named .{ext} but its content is not {}",
            describe(named)
        )
    } else {
        format!(
            "the file is named .{ext} but its content is {}, not {}",
            describe(format),
            describe(named)
        )
    })
}

/// Recognises a file by its first bytes (and, for zips, by the names of its parts).
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    // `%PDF-` may follow a little junk (some mail gateways prepend a header); readers
    // accept it anywhere in the first kilobyte, so do we.
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Unsupported(Unsupported::OleDocument);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Unsupported(Unsupported::Rtf);
    }
    for (magic, kind) in IMAGES {
        if head.starts_with(magic) {
            return Format::Unsupported(Unsupported::Image(kind));
        }
    }
    // Two-letter signatures could start a text ("BMW…", "MZ…"): checked further.
    if head.len() >= 14 && head.starts_with(b"BM") && head[6..10] == [0, 0, 0, 0] {
        return Format::Unsupported(Unsupported::Image("a BMP"));
    }
    if head.starts_with(b"MZ") && find(head, b"PE\0\0").is_some() {
        return Format::Unsupported(Unsupported::Binary("a Windows program"));
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Format::Unsupported(Unsupported::Image("a WebP"));
    }
    for (magic, kind) in BINARIES {
        if head.starts_with(magic) {
            return Format::Unsupported(Unsupported::Binary(kind));
        }
    }
    if is_mhtml(head) {
        return Format::Unsupported(Unsupported::Mhtml);
    }
    if is_html(bytes) {
        return Format::Html;
    }
    Format::Text
}

const IMAGES: [(&[u8], &str); 6] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG"),
    (b"\xFF\xD8\xFF", "a JPEG"),
    (b"GIF87a", "a GIF"),
    (b"GIF89a", "a GIF"),
    (b"II*\0", "a TIFF"),
    (b"MM\0*", "a TIFF"),
];

const BINARIES: [(&[u8], &str); 6] = [
    (b"\x1F\x8B", "a gzip archive"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    (b"Rar!\x1A\x07", "a RAR archive"),
    (b"\x7FELF", "a program (ELF executable)"),
    (b"\0\0\0\x0CjP  ", "a JPEG 2000 image"),
    (b"\x25\x21PS", "a PostScript file"),
];

/// A zip is a Word document when it holds `word/document.xml`; the other kinds are named.
fn zip_kind(bytes: &[u8]) -> Format {
    // Part names are stored uncompressed in every local header and in the central
    // directory, so a byte search finds them without unpacking (and works on a
    // truncated file, which the Word reader then reports as such).
    let has = |name: &[u8]| find(bytes, name).is_some();
    if has(b"word/document.xml") || has(b"word/document2.xml") {
        return Format::Docx;
    }
    let kind = if has(b"xl/workbook.xml") {
        "an Excel workbook (.xlsx)"
    } else if has(b"ppt/presentation.xml") {
        "a PowerPoint presentation (.pptx)"
    } else if has(b"application/vnd.oasis.opendocument.text") {
        "an OpenDocument text (.odt): save it as Word (.docx) in LibreOffice, or convert it with `soffice --headless --convert-to docx FILE.odt`, and import that"
    } else if has(b"application/vnd.oasis.opendocument") {
        "an OpenDocument file"
    } else if has(b"application/epub+zip") {
        "an EPUB e-book"
    } else {
        "a zip archive: unpack it and import the files inside"
    };
    Format::Unsupported(Unsupported::Zip(kind))
}

fn is_mhtml(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.starts_with("from:") && text.contains("multipart/related")
        || text.starts_with("mime-version:") && text.contains("multipart/related")
}

/// A web page: its first tag (after a BOM, white space, an XML declaration and
/// comments) is a document-level or block-level HTML tag. A text bulletin may hold
/// `<sup>1</sup>` or `<https://…>` but never starts with `<html>` or `<div>`.
fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    // UTF-16 pages: look at every other byte.
    let narrowed: Vec<u8>;
    let head = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        let skip = usize::from(head.starts_with(b"\xFE\xFF"));
        narrowed = head[2..].iter().skip(skip).step_by(2).copied().collect();
        &narrowed[..]
    } else {
        head
    };
    let mut rest = head;
    loop {
        rest = trim_start(rest);
        if rest.is_empty() || rest[0] != b'<' {
            return false;
        }
        if rest.starts_with(b"<?") {
            match find(rest, b"?>") {
                Some(end) => rest = &rest[end + 2..],
                None => return false,
            }
        } else if rest.starts_with(b"<!--") {
            match find(rest, b"-->") {
                Some(end) => rest = &rest[end + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    let tag: Vec<u8> = rest[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
        .map(u8::to_ascii_lowercase)
        .collect();
    if tag == b"!doctype" {
        return find(&rest.to_ascii_lowercase(), b"html").is_some();
    }
    const TAGS: [&[u8]; 17] = [
        b"html", b"head", b"body", b"meta", b"title", b"link", b"script", b"style", b"div", b"p",
        b"table", b"section", b"article", b"main", b"header", b"h1", b"base",
    ];
    TAGS.contains(&tag.as_slice())
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_told_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3"), Format::Pdf);
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"),
            Format::Unsupported(Unsupported::OleDocument)
        );
        let docx = b"PK\x03\x04\x14\0\0\0\x08\0[Content_Types].xml...PK\x03\x04word/document.xml";
        assert_eq!(sniff(docx), Format::Docx);
        assert!(matches!(
            sniff(b"PK\x03\x04\x14\0xl/workbook.xml"),
            Format::Unsupported(Unsupported::Zip(k)) if k.contains("Excel")
        ));
        assert!(matches!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Format::Unsupported(Unsupported::Image(_))
        ));
        assert_eq!(
            sniff(b"{\\rtf1\\ansi"),
            Format::Unsupported(Unsupported::Rtf)
        );
    }

    #[test]
    fn html_is_recognised_but_text_with_tags_is_text() {
        for page in [
            "<!DOCTYPE html>\n<html><body>x</body></html>",
            "\u{feff}  <html lang=\"zh\">",
            "<?xml version=\"1.0\"?>\n<!-- saved from url=(0014)about:internet -->\n<html>",
            "<!doctype HTML><title>t</title>",
            "<div class=\"article\"><p>正文</p></div>",
            "<meta charset=\"gbk\"><p>正文",
        ] {
            assert_eq!(sniff(page.as_bytes()), Format::Html, "{page}");
        }
        for text in [
            "目录\n一、质量要闻\t2\n",
            "<sup>1</sup> S.1260 - United States Innovation",
            "<https://www.congress.gov/bill/117th-congress>\n正文",
            "# 科技政策与咨询快报\n<div>",
            "<b>加粗的标题</b>\n正文",
            "BMW 集团发布 2021 年报\n正文",
            "MZ 公司\n",
            "",
        ] {
            assert_eq!(sniff(text.as_bytes()), Format::Text, "{text}");
        }
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<html><body>页</body></html>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff(&utf16), Format::Html);
    }

    #[test]
    fn every_unsupported_format_says_what_to_do() {
        let msg = Unsupported::OleDocument.message();
        assert!(
            msg.contains(".doc") && msg.contains("save it as .docx"),
            "{msg}"
        );
        assert!(Unsupported::Image("a PNG").message().contains("OCR"));
        assert!(Unsupported::Mhtml.message().contains("HTML only"));
        assert!(Unsupported::OleDocument
            .message()
            .contains("soffice --headless --convert-to docx"));
    }

    #[test]
    fn a_name_that_disagrees_with_the_content_is_told() {
        let said = misnamed("raw/page.txt", Format::Html).unwrap();
        assert!(
            said.contains(".txt") && said.contains("a web page (HTML)"),
            "{said}"
        );
        assert!(misnamed("a.PDF", Format::Html)
            .unwrap()
            .contains("not a PDF"));
        assert_eq!(misnamed("a.html", Format::Html), None);
        assert_eq!(misnamed("a.md", Format::Html), None);
        assert_eq!(misnamed("noext", Format::Pdf), None);
        // An unsupported format's own message says what it is.
        assert_eq!(
            misnamed("a.txt", Format::Unsupported(Unsupported::Rtf)),
            None
        );
    }
}
