//! PDF → text, read from the characters on the page rather than a converter's guess.
//!
//! `pdf-extract` decodes every character with its font size and position; this module
//! lays them out the way a reader sees the page. Characters on one baseline make a
//! line (a raised, smaller digit is a footnote mark); a wide gap inside a line is a
//! table cell or the leader before a TOC page number; lines at the top and bottom of
//! the page that repeat, or are only a page number, are running heads and feet;
//! a first-line indent, a vertical gap or a short last line ends a paragraph; sizes
//! above the body text are headings, ranked into levels; small lines at the foot of a
//! page that start with a number are footnotes; link annotations become `[text](url)`.
//! What comes out is the text dialect of `document`, for the one structure-recovery
//! path. A PDF without text (a scan), protected by a password, truncated or damaged is
//! refused with what to do, and nothing is written.

use super::document::{self, Extracted};
use columns::Column;
use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};
use std::collections::HashMap;

mod breaks;
mod columns;
mod ruled;
mod unruled;
mod weight;

/// One character as drawn: position (top-down, in points), advance and size.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// The baseline, measured from the top of the page.
    y: f64,
    w: f64,
    size: f64,
    text: String,
    /// Set in a bold face.
    bold: bool,
}

#[derive(Debug, Default)]
struct Page {
    width: f64,
    height: f64,
    glyphs: Vec<Glyph>,
    /// Link annotations: rectangle (x0, top, x1, bottom) and target.
    links: Vec<([f64; 4], String)>,
    /// Thin shapes drawn (x0, top, x1, bottom): table borders, underlines, rules.
    rules: Vec<[f64; 4]>,
}

/// Collects the characters of every page (pdf-extract's callback interface).
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: f64,
    /// Per page, the weight of each string shown (`weight`), and the strings shown so far
    /// on the current page.
    weights: Vec<Option<Vec<bool>>>,
    shown: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _num: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = media_box.ury;
        self.shown = 0;
        self.pages.push(Page {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..Page::default()
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        // Weights that do not match the strings shown are no weights.
        let n = self.pages.len().saturating_sub(1);
        let counted = self.weights.get(n).and_then(Option::as_ref).map(Vec::len);
        if counted != Some(self.shown) {
            if let Some(page) = self.pages.last_mut() {
                page.glyphs.iter_mut().for_each(|g| g.bold = false);
            }
        }
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let size = drawn_size(font_size, trm);
        let (x, y) = (trm.m31, self.flip - trm.m32);
        if !size.is_finite() || !x.is_finite() || !y.is_finite() || size < 0.5 {
            return Ok(());
        }
        let n = self.pages.len().saturating_sub(1);
        let bold = self
            .weights
            .get(n)
            .and_then(Option::as_ref)
            .and_then(|w| w.get(self.shown.wrapping_sub(1)))
            .is_some_and(|&b| b);
        if let Some(page) = self.pages.last_mut() {
            // Text off the page (clipped, or a printer's mark) is not content.
            if x < -size || x > page.width + size || y < 0.0 || y > page.height + size {
                return Ok(());
            }
            page.glyphs.push(Glyph {
                x,
                y,
                w: (width * size).max(0.0),
                size,
                text: glyph_text(text),
                bold,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.shown += 1;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.shapes(ctm, path, false);
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.shapes(ctm, path, true);
        Ok(())
    }
}

/// The size a glyph is drawn at: the font size through the text matrix, as the side of
/// the square its em square becomes (the root of the matrix's area scale). A slant does
/// not change it: Chromium sets the italic of a face that has none (`<em>` in Noto CJK)
/// by skewing the matrix, and that caption is text in the body's size, not a heading.
fn drawn_size(font_size: f64, trm: &Transform) -> f64 {
    font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt()
}

/// A glyph's text as the layout reads it: its ligature as letters, a radical as the
/// ideograph it stands for (`⽉` is `月`: `6 ⽉ 25 ⽇，…` opens a paragraph with a date, not
/// a note numbered 6).
fn glyph_text(text: &str) -> String {
    document::fix_radicals(&unligature(text)).into_owned()
}

/// A Latin ligature drawn as one glyph (`ﬁ` in `artiﬁcial`, as Noto and most text faces
/// set it) is its letters: a URL or a word is searched and linked by them.
fn unligature(text: &str) -> String {
    text.chars()
        .fold(String::with_capacity(text.len()), |mut out, c| {
            match c {
                '\u{FB00}' => out.push_str("ff"),
                '\u{FB01}' => out.push_str("fi"),
                '\u{FB02}' => out.push_str("fl"),
                '\u{FB03}' => out.push_str("ffi"),
                '\u{FB04}' => out.push_str("ffl"),
                '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
                c => out.push(c),
            }
            out
        })
}

impl Collector {
    /// Keeps the thin shapes of a path (rules), as top-down boxes: a filled rectangle or
    /// closed outline as its box, a stroked line as each of its segments.
    fn shapes(&mut self, ctm: &Transform, path: &pdf_extract::Path, stroked: bool) {
        use pdf_extract::PathOp;
        let flip = self.flip;
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        if page.rules.len() > 20_000 {
            return;
        }
        let at = |x: f64, y: f64| {
            let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
            let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
            (px, flip - py)
        };
        let boxed = |pts: &[(f64, f64)]| {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in pts {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            [x0, y0, x1, y1]
        };
        let mut boxes: Vec<[f64; 4]> = Vec::new();
        let mut outline: Vec<(f64, f64)> = Vec::new();
        for op in &path.ops {
            match *op {
                PathOp::Rect(x, y, w, h) => {
                    let corners = [at(x, y), at(x + w, y), at(x + w, y + h), at(x, y + h)];
                    if stroked {
                        for k in 0..4 {
                            boxes.push(boxed(&[corners[k], corners[(k + 1) % 4]]));
                        }
                    } else {
                        boxes.push(boxed(&corners));
                    }
                }
                PathOp::MoveTo(x, y) => {
                    if !stroked && outline.len() > 2 {
                        boxes.push(boxed(&outline));
                    }
                    outline.clear();
                    outline.push(at(x, y));
                }
                PathOp::LineTo(x, y) => {
                    let p = at(x, y);
                    if stroked {
                        if let Some(&q) = outline.last() {
                            boxes.push(boxed(&[q, p]));
                        }
                    }
                    outline.push(p);
                }
                // Curves make no rules; a closed outline is complete.
                PathOp::CurveTo(..) => outline.clear(),
                PathOp::Close => {}
            }
        }
        if !stroked && outline.len() > 2 {
            boxes.push(boxed(&outline));
        }
        page.rules.extend(boxes.into_iter().filter(|b| {
            b.iter().all(|v| v.is_finite()) && ((b[2] - b[0]).min(b[3] - b[1])) <= 2.5
        }));
    }
}

/// Reads a PDF into the importer's text.
pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    // Parsing and laying out run on a thread of their own with a large stack: a
    // hostile file can nest objects deeply, and pdf-extract panics on some damage,
    // which is caught and reported as the damaged file it is.
    let result = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("pdf reader".into())
            .stack_size(256 << 20)
            .spawn_scoped(s, || {
                document::quiet_panics(|| collect(bytes))
                    .unwrap_or_else(|panic| Err(damaged(&panic)))
            })
            .map_err(|e| format!("cannot start the PDF reader: {e}"))?
            .join()
            .unwrap_or_else(|_| Err(damaged("the reader stopped")))
    })?;
    let pages = result;
    let glyphs: usize = pages
        .iter()
        .map(|p| {
            p.glyphs
                .iter()
                .filter(|g| !g.text.trim().is_empty())
                .count()
        })
        .sum();
    if glyphs == 0 {
        return Err(format!(
            "this PDF has no text layer: its {} page(s) are pictures (a scan). gazette does not \
             read text in pictures (OCR). Run an OCR program first, for example \
             `ocrmypdf -l chi_sim+eng in.pdf out.pdf` (then import out.pdf) or \
             `pdftoppm -png in.pdf p && tesseract p-1.png out -l chi_sim` (then import the .txt)",
            pages.len()
        ));
    }
    Ok(layout(&pages))
}

fn damaged(why: &str) -> String {
    format!(
        "the PDF is damaged and cannot be read ({why}): open it in a PDF reader and print it \
         to a new PDF (or repair it with `qpdf in.pdf out.pdf`), then import that"
    )
}

fn collect(bytes: &[u8]) -> Result<Vec<Page>, String> {
    if !ends_with_eof(bytes) {
        return Err(
            "the PDF is truncated (it does not end with %%EOF): the download or copy \
                    was cut short; fetch the file again"
                .into(),
        );
    }
    let mut doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) if is_encrypted(bytes) => {
            return Err(format!(
                "the PDF is protected by a password ({e}): open it with its password and print \
                 it to a new PDF without one (or `qpdf --decrypt --password=… in.pdf out.pdf`), \
                 then import that"
            ))
        }
        Err(e) => return Err(damaged(&e.to_string())),
    };
    if doc.is_encrypted() {
        // lopdf opened it with the empty user password (a PDF protected only against
        // printing or copying): its objects still need decrypting.
        if doc.decrypt("").is_err() && !doc.was_encrypted() {
            return Err(
                "the PDF is protected by a password: open it with its password and \
                        print it to a new PDF without one, then import that"
                    .into(),
            );
        }
    }
    if let Some(why) = form_cycle(&doc) {
        return Err(damaged(&why));
    }
    expand_cid_widths(&mut doc);
    let weights = prepare_pages(&mut doc);
    let mut out = Collector {
        weights,
        ..Collector::default()
    };
    pdf_extract::output_doc(&doc, &mut out).map_err(|e| damaged(&format!("{e:?}")))?;
    // Link annotations, page by page in the order pdf-extract visited them.
    for (page, (_, id)) in out.pages.iter_mut().zip(doc.get_pages()) {
        page.links = links(&doc, id, page.height);
    }
    Ok(out.pages)
}

/// Incremental updates append after the first `%%EOF`; a file cut short has none at its end.
fn ends_with_eof(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}

/// Rewrites the `c_first c_last w` entries of CID fonts' `/W` arrays as `c_first [w w …]`.
///
/// pdf-extract 0.12 reads the range form wrongly (the range comes out empty), so those
/// characters get the default width, 1 em: in Chromium's PDFs every digit and Latin
/// letter of a line then pushes the rest of the line to the right, until a table's
/// columns and a TOC's page numbers run into the text. The list form it reads right.
fn expand_cid_widths(doc: &mut Document) {
    let is_cid = |d: &pdf_extract::Dictionary| {
        d.get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0")
    };
    let mut targets: Vec<pdf_extract::ObjectId> = Vec::new();
    let ids: Vec<pdf_extract::ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let w_ref = match doc.objects.get(&id) {
            Some(Object::Dictionary(d)) if is_cid(d) => match d.get(b"W") {
                Ok(Object::Reference(r)) => Some(*r),
                Ok(Object::Array(_)) => Some(id),
                _ => None,
            },
            _ => None,
        };
        if let Some(r) = w_ref {
            targets.push(r);
        }
    }
    for id in targets {
        let Some(obj) = doc.objects.get_mut(&id) else {
            continue;
        };
        let array = match obj {
            Object::Array(a) => a,
            Object::Dictionary(d) => match d.get_mut(b"W") {
                Ok(Object::Array(a)) => a,
                _ => continue,
            },
            _ => continue,
        };
        let mut out = Vec::with_capacity(array.len());
        let mut i = 0;
        while i < array.len() {
            match (array.get(i), array.get(i + 1), array.get(i + 2)) {
                (Some(first), Some(Object::Array(list)), _) => {
                    out.push(first.clone());
                    out.push(Object::Array(list.clone()));
                    i += 2;
                }
                (Some(first), Some(last), Some(width)) => {
                    let (Ok(a), Ok(b)) = (first.as_i64(), last.as_i64()) else {
                        break;
                    };
                    let n = (b - a + 1).clamp(0, 65_536) as usize;
                    out.push(first.clone());
                    out.push(Object::Array(vec![width.clone(); n]));
                    i += 3;
                }
                _ => break,
            }
        }
        *array = out;
    }
}

/// Reads each page's content once before pdf-extract does: the weight of each string it
/// shows (`weight`), and the painting operators it skips rewritten. A page is decoded
/// only when it needs either: a document without a bold face has no weights to read
/// unless a page fakes one (`2 Tr`).
fn prepare_pages(doc: &mut Document) -> Vec<Option<Vec<bool>>> {
    use pdf_extract::content::Content;
    let skipped = |op: &[u8]| matches!(op, b"B" | b"B*" | b"b" | b"b*" | b"s" | b"f*");
    let bold_faces = weight::any_bold_font(doc);
    let pages: Vec<pdf_extract::ObjectId> = doc.get_pages().into_values().collect();
    let mut weights = Vec::with_capacity(pages.len());
    for page in pages {
        let Ok(bytes) = doc.get_page_content(page) else {
            weights.push(None);
            continue;
        };
        let (mut repaint, mut faked) = (false, false);
        for token in bytes.split(u8::is_ascii_whitespace) {
            repaint |= skipped(token);
            faked |= token == b"Tr";
        }
        let read_weights = bold_faces || faked;
        let content = (read_weights || repaint)
            .then(|| Content::decode(&bytes).ok())
            .flatten();
        let Some(content) = content else {
            weights.push(None);
            continue;
        };
        weights.push(
            read_weights
                .then(|| weight::bold_strings(doc, page, &content.operations))
                .flatten(),
        );
        if repaint {
            paint_shapes_plainly(doc, page, content);
        }
    }
    weights
}

/// Rewrites the path-painting operators pdf-extract 0.12 skips (`B`, `B*`, `b`, `b*`,
/// `s`, `f*`) as the fill or stroke it reports.
///
/// It drops those paths without clearing them, so their points join the next path drawn:
/// LibreOffice draws the footnote separator with `B*`, which then vanished or stretched
/// the next rule. Only the shapes' outlines matter here, not how they are painted; a page
/// without such an operator is left as it is.
fn paint_shapes_plainly(
    doc: &mut Document,
    page: pdf_extract::ObjectId,
    mut content: pdf_extract::content::Content<Vec<pdf_extract::content::Operation>>,
) {
    use pdf_extract::content::Operation;
    let skipped = |op: &str| matches!(op, "B" | "B*" | "b" | "b*" | "s" | "f*");
    let mut ops = Vec::with_capacity(content.operations.len());
    for op in content.operations.drain(..) {
        match op.operator.as_str() {
            "s" => {
                ops.push(Operation::new("h", vec![]));
                ops.push(Operation::new("S", vec![]));
            }
            o if skipped(o) => ops.push(Operation::new("f", vec![])),
            _ => ops.push(op),
        }
    }
    content.operations = ops;
    let Ok(encoded) = content.encode() else {
        return;
    };
    let stream = pdf_extract::Stream::new(pdf_extract::Dictionary::new(), encoded);
    let id = doc.add_object(stream);
    if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) {
        dict.set("Contents", Object::Reference(id));
    }
}

/// A form XObject that draws itself (directly or through others) would never end.
fn form_cycle(doc: &Document) -> Option<String> {
    fn visit(
        doc: &Document,
        resources: &pdf_extract::Dictionary,
        path: &mut Vec<pdf_extract::ObjectId>,
    ) -> Option<String> {
        if path.len() > 32 {
            return Some("forms nested more than 32 deep".into());
        }
        let xobjects = resources
            .get(b"XObject")
            .ok()
            .and_then(|o| deref(doc, o).as_dict().ok())?;
        for (_, obj) in xobjects.iter() {
            let Ok(id) = obj.as_reference() else { continue };
            if path.contains(&id) {
                return Some("a form XObject contains itself".into());
            }
            let Ok(Object::Stream(stream)) = doc.get_object(id) else {
                continue;
            };
            if let Some(res) = stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|o| deref(doc, o).as_dict().ok())
            {
                path.push(id);
                if let Some(why) = visit(doc, res, path) {
                    return Some(why);
                }
                path.pop();
            }
        }
        None
    }
    for (_, page) in doc.get_pages() {
        if let Ok((Some(res), _)) = doc.get_page_resources(page) {
            if let Some(why) = visit(doc, res, &mut Vec::new()) {
                return Some(why);
            }
        }
    }
    None
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

/// A page's link annotations with a URI action, as top-down rectangles.
fn links(doc: &Document, page: pdf_extract::ObjectId, height: f64) -> Vec<([f64; 4], String)> {
    let Ok(annots) = doc.get_page_annotations(page) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in annots {
        let is_link = a
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Link");
        let uri = a
            .get(b"A")
            .ok()
            .and_then(|o| deref(doc, o).as_dict().ok())
            .and_then(|act| act.get(b"URI").ok())
            .and_then(|u| deref(doc, u).as_str().ok())
            .map(|u| String::from_utf8_lossy(u).trim().to_string());
        let rect: Vec<f64> = a
            .get(b"Rect")
            .ok()
            .and_then(|o| deref(doc, o).as_array().ok())
            .map(|r| {
                r.iter()
                    .filter_map(|n| deref(doc, n).as_float().ok().map(f64::from))
                    .collect()
            })
            .unwrap_or_default();
        let uri = uri.map(|u| document::tidy_url(&u));
        if let (true, Some(uri), [x0, y0, x1, y1]) = (is_link, uri, rect.as_slice()) {
            if uri.starts_with("http://") || uri.starts_with("https://") {
                out.push((
                    [
                        x0.min(*x1),
                        height - y0.max(*y1),
                        x0.max(*x1),
                        height - y0.min(*y1),
                    ],
                    uri,
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Layout: glyphs → lines → blocks → text
// ---------------------------------------------------------------------------

/// One line of a page.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    x0: f64,
    x1: f64,
    y: f64,
    /// The size most of its characters have.
    size: f64,
    /// Its text in the importer's dialect (tabs between cells, `<sup>`, links).
    text: String,
    /// Its text without marks, for matching running heads.
    plain: String,
    /// Cells separated by wide gaps (a table row or a TOC entry with its page number).
    cells: usize,
    /// For a ruled table row, per cell: its last line runs to the cell's right edge
    /// without ending a sentence (the cell's text may go on). Empty when unknown.
    open: Vec<bool>,
    /// Below the page's footnote separator (the short rule over the notes).
    note_area: bool,
    /// Most of its characters are set in a bold face.
    bold: bool,
    /// A heading, of this level (1…4), by its size or weight (`mark_headings`).
    heading: Option<usize>,
    /// A list item's first line: where its text starts after the marker (`1.`, `•`) set
    /// apart at the list's hanging indent; the item's next lines start there too.
    hang: Option<f64>,
    /// Read across the page or down one of its columns (`columns`).
    column: Column,
}

fn layout(pages: &[Page]) -> Extracted {
    let mut lines: Vec<Line> = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    let segments: Vec<Vec<columns::Segment>> = columns::segments_of(pages);
    let rows: Vec<Vec<Vec<&Glyph>>> = segments
        .iter()
        .map(|page| {
            page.iter()
                .flat_map(|(_, rows)| rows.iter().cloned())
                .collect()
        })
        .collect();
    let adv = advances(&rows);
    for (n, (page, segments)) in pages.iter().zip(&segments).enumerate() {
        let base = urls.len();
        for (column, rows) in segments {
            let start = lines.len();
            lines.extend(ruled::lines(n, page, rows, base, &adv));
            for l in &mut lines[start..] {
                l.column = *column;
            }
        }
        urls.extend(page.links.iter().map(|(_, u)| u.clone()));
    }
    let mut furniture = running_heads(pages, &lines);
    if let Some(i) = cover_head(pages, &lines, &furniture) {
        furniture.remove(&i);
        let l = &mut lines[i];
        let cells: Vec<&str> = l
            .text
            .split('\t')
            .filter(|c| !is_page_number(c) && !is_print_stamp(c))
            .collect();
        l.cells = cells.len();
        l.text = cells.join("\t");
    }
    let mut lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !furniture.contains(i))
        .map(|(_, l)| l)
        .collect();
    justified_gaps_are_spaces(&mut lines);
    breaks::mark_note_areas(pages, &mut lines);
    let lines = merge_wrapped_entries(lines);
    let lines = breaks::join_notes_across_pages(lines);
    let lines = breaks::merge_rows_split_by_pages(lines);
    let body = body_size(&lines);
    let mut lines = lines;
    mark_headings(&mut lines, body);
    let mut out = write(pages, &lines, body);
    out.text = render_links(&out.text, &urls);
    out
}

/// A justified line of Latin text with few words stretches its one space wide enough to
/// look like a cell gap (`breakthroughs.      https://www.gov.uk/…`). Under a line of the
/// same type that starts and ends where it does (the paragraph's line before), a gap
/// between two Latin words is a space.
fn justified_gaps_are_spaces(lines: &mut [Line]) {
    for i in 1..lines.len() {
        let (before, rest) = lines.split_at_mut(i);
        let (p, l) = (&before[i - 1], &mut rest[0]);
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
        let gaps_between_words = l.text.split('\t').collect::<Vec<_>>().windows(2).all(|w| {
            let end = w[0].replace(LINK_CLOSE, "");
            let start: String = w[1]
                .split(LINK_MID)
                .next_back()
                .unwrap_or_default()
                .to_string();
            latin(end.chars().last()) && latin(start.chars().next())
        });
        if l.cells > 1
            && l.open.is_empty()
            && p.cells == 1
            && p.page == l.page
            && (p.size - l.size).abs() < 0.3
            && (p.x0 - l.x0).abs() < 1.0
            && (p.x1 - l.x1).abs() < 1.0
            && l.y > p.y
            && l.y - p.y < l.size * 2.2
            && gaps_between_words
        {
            l.text = l.text.replace('\t', " ");
            l.cells = 1;
        }
    }
}

/// A TOC entry whose title wrapped in its cell: the page number stands on the first line,
/// the rest of the title on the next, under its start. The rest joins the title.
fn merge_wrapped_entries(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(p) = out.last_mut() {
            let numbered = p
                .text
                .rsplit('\t')
                .next()
                .is_some_and(|c| !c.is_empty() && c.trim().chars().all(|c| c.is_ascii_digit()));
            if p.cells == 2
                && numbered
                && l.cells == 1
                && p.page == l.page
                && (l.x0 - p.x0).abs() < p.size
                && l.y > p.y
                && l.y - p.y < p.size * 1.8
                && l.plain.chars().count() <= 24
                && (l.size - p.size).abs() < 0.6
            {
                if let Some(tab) = p.text.find('\t') {
                    let (title, number) = p.text.split_at(tab);
                    let mut title = title.to_string();
                    document::join(&mut title, &l.text);
                    p.text = format!("{title}{number}");
                    document::join(&mut p.plain, &l.plain);
                    continue;
                }
            }
        }
        out.push(l);
    }
    out
}

/// Groups a page's glyphs into lines, top to bottom, each left to right.
fn page_rows(page: &Page) -> Vec<Vec<&Glyph>> {
    rows_of(page.glyphs.iter().collect())
}

/// Glyphs → lines: glyphs on one baseline make a line; a smaller group raised just above
/// a line (footnote marks) joins it.
fn rows_of(mut glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() < row[0].size.max(g.size) * 0.25 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    // Raised marks: a row of smaller glyphs whose baseline is within 0.7 em above the
    // next row's, inside its width, belongs to that row.
    let mut merged: Vec<Vec<&Glyph>> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        if let Some(next) = rows.get(i + 1) {
            let size = |r: &[&Glyph]| r.iter().map(|g| g.size).fold(0.0, f64::max);
            let (x0, x1) = next.iter().fold((f64::MAX, f64::MIN), |(a, b), g| {
                (a.min(g.x), b.max(g.x + g.w))
            });
            let raised = next[0].y - row[0].y;
            if size(row) < size(next) * 0.85
                && raised > 0.0
                && raised < size(next) * 0.7
                && row
                    .iter()
                    .all(|g| g.x >= x0 - size(next) && g.x <= x1 + size(next))
            {
                let mut both = row.clone();
                both.extend(next.iter().copied());
                merged.push(both);
                i += 2;
                continue;
            }
        }
        merged.push(row.clone());
        i += 1;
    }
    for row in &mut merged {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    merged
}

/// How far each character really advances, by character and size, measured on the page.
///
/// A font's widths are not always right: Chromium draws some fonts as Type 3 glyphs
/// placed one by one, whose widths pdf-extract reads at the wrong scale (a digit 1 em
/// wide where it is drawn 0.6 em apart). The distance from a character to the next on
/// its line is its advance, plus a space when one follows; the shortest distances seen
/// (the 10th percentile) are its advance.
type Advances = HashMap<(String, i64), f64>;

fn advances(rows: &[Vec<Vec<&Glyph>>]) -> Advances {
    let mut seen: HashMap<(String, i64), Vec<f64>> = HashMap::new();
    for row in rows.iter().flatten() {
        for w in row.windows(2) {
            let (a, b) = (w[0], w[1]);
            let pitch = b.x - a.x;
            if (a.size - b.size).abs() < 0.3 && pitch > a.size * 0.1 && pitch < a.size * 1.6 {
                seen.entry(advance_key(a)).or_default().push(pitch);
            }
        }
    }
    seen.into_iter()
        .filter(|(_, p)| p.len() >= 2)
        .map(|(k, mut p)| {
            p.sort_by(f64::total_cmp);
            (k, p[p.len() / 10])
        })
        .collect()
}

fn advance_key(g: &Glyph) -> (String, i64) {
    (g.text.clone(), (g.size * 4.0).round() as i64)
}

/// A glyph's advance: the font's width, unless the page shows it is shorter.
fn advance(g: &Glyph, adv: &Advances) -> f64 {
    let w = g.w.max(g.size * 0.2);
    adv.get(&advance_key(g)).map_or(w, |&a| a.min(w))
}

/// Marks around a link's text until links are resolved for the whole document:
/// `OPEN id MID text CLOSE`, so a link broken over two lines becomes one link.
const LINK_OPEN: char = '\u{E000}';
const LINK_MID: char = '\u{E001}';
const LINK_CLOSE: char = '\u{E002}';

fn make_line(
    page: usize,
    row: &[&Glyph],
    links: &[([f64; 4], String)],
    link_base: usize,
    adv: &Advances,
) -> Option<Line> {
    let visible: Vec<&Glyph> = row
        .iter()
        .copied()
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    let first = *visible.first()?;
    // The line's size and baseline: those of most of its characters, footnote marks
    // aside (a mark wrapped to the start of a line, `20。`, outnumbers the text after it).
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    let text_glyphs = visible
        .iter()
        .filter(|g| !g.text.chars().all(|c| c.is_ascii_digit()));
    let counted: Vec<&&Glyph> = if text_glyphs.clone().next().is_some() {
        text_glyphs.collect()
    } else {
        visible.iter().collect()
    };
    for g in counted {
        *sizes.entry((g.size * 2.0).round() as i64).or_default() += g.text.chars().count();
    }
    let size = sizes
        .iter()
        .max_by_key(|(s, n)| (**n, **s))
        .map_or(first.size, |(s, _)| *s as f64 / 2.0);
    let baseline = visible
        .iter()
        .filter(|g| (g.size - size).abs() < 0.6)
        .map(|g| g.y)
        .fold(f64::MIN, f64::max);
    let baseline = if baseline == f64::MIN {
        first.y
    } else {
        baseline
    };
    let link_of = |g: &Glyph| {
        let (cx, cy) = (g.x + g.w / 2.0, g.y - g.size * 0.35);
        links
            .iter()
            .position(|(r, _)| cx >= r[0] && cx <= r[2] && cy >= r[1] - 1.0 && cy <= r[3] + 1.0)
    };
    // What separates each visible glyph from the one before: nothing, a space or a cell
    // boundary. An explicit space glyph between them is a space.
    let mut seps = vec![Sep::None; visible.len()];
    let mut prev_end: Option<f64> = None;
    let mut spaced = false;
    let mut k = 0;
    for g in row {
        if g.text.trim().is_empty() {
            spaced = true;
            continue;
        }
        if let Some(end) = prev_end {
            let gap = g.x - end;
            seps[k] = if gap > size * 1.2 {
                Sep::Cell
            } else if spaced || gap > size * 0.2 {
                Sep::Space(gap)
            } else {
                Sep::None
            };
        }
        spaced = false;
        prev_end = Some(g.x + advance(g, adv));
        k += 1;
    }
    // A justified line that a long word (a URL) left room in spreads the characters
    // before it one by one (`来 源 ： https://…`, or the label alone on its line).
    for i in spread_head(&visible, &seps, adv) {
        seps[i] = Sep::None;
    }
    // Justified Latin text stretches every space of a line: wide gaps between words of
    // a line whose gaps are all wide are spaces, not table cells. Korean parts its words
    // with spaces too (`제 16 회 심의회의 결과`).
    let word_gap = |i: usize| {
        let a = visible[i - 1].text.chars().last().unwrap_or(' ');
        let b = visible[i].text.chars().next().unwrap_or(' ');
        let spaced_script = |c: char| {
            c.is_alphanumeric() && (!document::is_cjk(c) || is_hangul(c))
                || ",.:;'’()-/".contains(c)
        };
        spaced_script(a) && spaced_script(b)
    };
    let cells: Vec<usize> = (1..visible.len())
        .filter(|&i| seps[i] == Sep::Cell)
        .collect();
    if cells.len() >= 2 && cells.iter().all(|&i| word_gap(i)) {
        for i in &cells {
            seps[*i] = Sep::Space(size);
        }
    }
    // Letter-spaced text (`国 家 高 端 智 库`, or a justified line of Japanese with no
    // break in it) spreads single characters at one even pitch: no table has a column
    // per character.
    // Such a gap is nothing, unless it is clearly wider than the others or runs from a
    // Latin mark to a Chinese character: a space stood there (`省: 半導体`, `- 对外`).
    if let Some(usual) = letter_spacing(&visible, &cells, adv) {
        for i in cells {
            let a = visible[i - 1].text.chars().last().unwrap_or(' ');
            let b = visible[i].text.chars().next().unwrap_or(' ');
            let gap = visible[i].x - visible[i - 1].x - advance(visible[i - 1], adv);
            seps[i] = if gap > usual * 1.5 || !document::is_cjk(a) && document::is_cjk(b) {
                Sep::Space(size)
            } else {
                Sep::None
            };
        }
    }
    // A list item's marker (`1.`, `(2)`, `•`) stands apart from its text at the list's
    // hanging indent: a space, not a table's cell (a table's numbers column holds bare
    // numbers, `1`, and its rows have more cells than the one gap). The indent may be
    // no wider than a space (LibreOffice sets Word's bullets 18 pt from their text): the
    // item's next lines start under its text all the same.
    let mut hang = None;
    let gaps: Vec<usize> = (1..visible.len())
        .filter(|&i| seps[i] == Sep::Cell)
        .collect();
    let marker_end = (1..visible.len()).find(|&i| seps[i] != Sep::None);
    if let Some(i) = marker_end.filter(|&i| gaps.is_empty() || gaps[..] == [i]) {
        let marker: String = visible[..i].iter().map(|g| g.text.as_str()).collect();
        let gap = visible[i].x - visible[i - 1].x - advance(visible[i - 1], adv);
        if is_list_marker(&marker) && gap < size * 3.0 {
            if seps[i] == Sep::Cell {
                seps[i] = Sep::Space(size);
            }
            hang = Some(visible[i].x);
        }
    }

    // The usual gap between two Chinese characters of this line (justification spreads
    // them alike): the lower quartile, so that a few wide gaps (`总第086期 第08期`) are
    // not their own yardstick; on a line with few such pairs, over all its characters.
    let gap_at = |i: usize| visible[i].x - visible[i - 1].x - advance(visible[i - 1], adv);
    let mut cjk_gaps: Vec<f64> = (1..visible.len())
        .filter(|&i| {
            document::is_cjk(visible[i - 1].text.chars().last().unwrap_or(' '))
                && document::is_cjk(visible[i].text.chars().next().unwrap_or(' '))
        })
        .map(gap_at)
        .collect();
    if cjk_gaps.len() < 4 {
        cjk_gaps = (1..visible.len())
            .filter(|&i| seps[i] != Sep::Cell)
            .map(gap_at)
            .collect();
    }
    cjk_gaps.sort_by(f64::total_cmp);
    let cjk_gap = cjk_gaps
        .get(cjk_gaps.len() / 4)
        .copied()
        .unwrap_or(0.0)
        .max(0.0);
    let mut text = String::new();
    let mut plain = String::new();
    let mut cells = 1;
    let mut in_sup = false;
    let mut link: Option<usize> = None;
    for (i, g) in visible.iter().enumerate() {
        let c = g.text.chars().next().unwrap_or(' ');
        // A footnote mark: a smaller digit raised above the baseline.
        let sup = g.size < size * 0.85
            && g.y < baseline - size * 0.2
            && g.text.chars().all(|c| c.is_ascii_digit());
        let target = if sup { None } else { link_of(g) };
        if link.is_some() && (link != target || seps[i] == Sep::Cell) {
            text.push(LINK_CLOSE);
            link = None;
        }
        if in_sup && !sup {
            text.push_str("</sup>");
            in_sup = false;
        }
        match seps[i] {
            Sep::Cell if !sup => {
                trim_leader(&mut text);
                text.push('\t');
                plain.push(' ');
                cells += 1;
            }
            Sep::Space(gap) if !sup => {
                let prev = visible[i - 1].text.chars().last().unwrap_or(' ');
                let cjk = document::is_cjk(prev) && document::is_cjk(c);
                // Between two Chinese characters a gap counts only when it is clearly
                // wider than the line's usual one: justification spreads small gaps.
                if !cjk || gap > cjk_gap + size * 0.15 {
                    text.push(' ');
                    plain.push(' ');
                }
            }
            _ => {}
        }
        if sup && !in_sup {
            text.push_str("<sup>");
            in_sup = true;
        }
        if let (Some(t), None) = (target, link) {
            text.push(LINK_OPEN);
            text.push_str(&(link_base + t).to_string());
            text.push(LINK_MID);
            link = Some(t);
        }
        text.push_str(&g.text);
        plain.push_str(&g.text);
    }
    if link.is_some() {
        text.push(LINK_CLOSE);
    }
    if in_sup {
        text.push_str("</sup>");
    }
    trim_leader(&mut text);
    let last = visible.last()?;
    let chars = |bold: bool| {
        visible
            .iter()
            .filter(|g| g.bold == bold && (g.size - size).abs() < 0.6)
            .map(|g| g.text.chars().count())
            .sum::<usize>()
    };
    let bold = chars(true) > chars(false);
    Some(Line {
        page,
        x0: first.x,
        x1: last.x + advance(last, adv),
        y: baseline,
        size,
        text: text.trim().to_string(),
        plain: plain.trim().to_string(),
        cells,
        open: Vec::new(),
        note_area: false,
        bold,
        heading: None,
        hang,
        column: Column::Across,
    })
}

/// A list item's marker: `1.`, `12)`, `(3)`, `（3）`, `a.`, `iv.`, `①`, `•`, `-`.
fn is_list_marker(s: &str) -> bool {
    let s = s.trim();
    if let Some(inner) = s
        .strip_prefix(['(', '（'])
        .and_then(|r| r.strip_suffix([')', '）']))
    {
        return !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit());
    }
    if let Some(label) = s.strip_suffix(['.', ')', '）', '、']) {
        let digits =
            !label.is_empty() && label.len() <= 3 && label.bytes().all(|b| b.is_ascii_digit());
        let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase());
        let roman =
            !label.is_empty() && label.len() <= 4 && label.chars().all(|c| "ivx".contains(c));
        return digits || letter || roman;
    }
    let mut chars = s.chars();
    matches!(
        (chars.next(), chars.next()),
        (
            Some(
                '•' | '·'
                    | '-'
                    | '–'
                    | '▪'
                    | '◦'
                    | '○'
                    | '●'
                    | '■'
                    | '□'
                    | '◆'
                    | '*'
                    | '①'..='⑳'
            ),
            None
        )
    )
}

/// Three wide gaps or more, most of them alike (within a fifth of their median; a few
/// wider ones held a space too), none narrower, and nearly every piece between them a
/// single character: letter spacing, not cells. Returns the usual gap.
fn letter_spacing(visible: &[&Glyph], cells: &[usize], adv: &Advances) -> Option<f64> {
    if cells.len() < 3 {
        return None;
    }
    let mut gaps: Vec<f64> = cells
        .iter()
        .map(|&i| visible[i].x - visible[i - 1].x - advance(visible[i - 1], adv))
        .collect();
    gaps.sort_by(f64::total_cmp);
    let usual = gaps[gaps.len() / 2];
    let wider = gaps.iter().filter(|&&g| g > usual * 1.2).count();
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(cells.iter().copied())
        .chain(std::iter::once(visible.len()))
        .collect();
    let single = bounds
        .windows(2)
        .filter(|w| {
            visible[w[0]..w[1]]
                .iter()
                .map(|g| g.text.chars().count())
                .sum::<usize>()
                == 1
        })
        .count();
    (gaps[0] >= usual * 0.8 && wider * 5 <= gaps.len() && single * 5 >= (bounds.len() - 1) * 4)
        .then_some(usual)
}

/// A Hangul syllable or letter (Korean sets spaces between its words).
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// The gaps of a line that opens with Chinese characters set one by one at one even
/// gap (within a point) and then, at most, one unbroken word: justification spread
/// them for want of a break. Two gaps at least; none is a space or a cell.
fn spread_head(visible: &[&Glyph], seps: &[Sep], adv: &Advances) -> Vec<usize> {
    let gaps: Vec<usize> = (1..visible.len())
        .filter(|&i| seps[i] != Sep::None)
        .collect();
    if gaps.len() < 2 {
        return Vec::new();
    }
    let single_cjk = |i: usize| {
        let mut chars = visible[i].text.chars();
        chars.next().is_some_and(document::is_cjk) && chars.next().is_none()
    };
    // Every piece but the last is one Chinese character.
    let heads_single = gaps.iter().all(|&i| {
        let start = gaps.iter().rev().find(|&&k| k < i).copied().unwrap_or(0);
        i - start == 1 && single_cjk(start)
    });
    let widths: Vec<f64> = gaps
        .iter()
        .map(|&i| visible[i].x - visible[i - 1].x - advance(visible[i - 1], adv))
        .collect();
    let (least, most) = widths
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &w| (a.min(w), b.max(w)));
    if heads_single && most - least <= 1.0 {
        gaps
    } else {
        Vec::new()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Sep {
    None,
    /// A space, with the gap it was seen in (NaN for an explicit space glyph).
    Space(f64),
    Cell,
}

/// Resolves the link marks: pieces of one link (a URL broken over lines) join, and a
/// link whose text spells its target is written as `<url>`.
fn render_links(text: &str, urls: &[String]) -> String {
    if !text.contains(LINK_OPEN) {
        return text.to_string();
    }
    // (link id, shown text) pieces between plain text.
    let mut out = String::new();
    let mut open: Option<(usize, String)> = None;
    let mut rest = text;
    while let Some(at) = rest.find(LINK_OPEN) {
        let before = &rest[..at];
        let after = &rest[at + LINK_OPEN.len_utf8()..];
        let Some(mid) = after.find(LINK_MID) else {
            break;
        };
        let id: usize = after[..mid].parse().unwrap_or(usize::MAX);
        let body = &after[mid + LINK_MID.len_utf8()..];
        let (shown, tail) = match body.find(LINK_CLOSE) {
            Some(end) => (&body[..end], &body[end + LINK_CLOSE.len_utf8()..]),
            None => (body, ""),
        };
        match &mut open {
            // The same target again after nothing but white space (Chromium makes one
            // annotation per line of a link): one link.
            Some((oid, s)) if urls.get(*oid) == urls.get(id) && before.trim().is_empty() => {
                // A URL broken at a line end (`…post\` / `_id=…`) is one word again.
                let glued = format!("{}{}", s.trim_end(), shown.trim_start());
                if urls
                    .get(id)
                    .is_some_and(|u| u.contains(&glued.replace("\\_", "_")))
                {
                    *s = glued;
                } else {
                    document::join(s, shown);
                }
            }
            _ => {
                if let Some((oid, s)) = open.take() {
                    out.push_str(&link_markup(&s, urls.get(oid)));
                }
                out.push_str(before);
                open = Some((id, shown.to_string()));
            }
        }
        rest = tail;
    }
    if let Some((oid, s)) = open.take() {
        out.push_str(&link_markup(&s, urls.get(oid)));
    }
    out.push_str(rest);
    out.replace([LINK_OPEN, LINK_MID, LINK_CLOSE], "")
}

fn link_markup(shown: &str, url: Option<&String>) -> String {
    match url {
        None => shown.trim().to_string(),
        Some(url) => document::link(shown, url),
    }
}

/// Dot leaders before a tab (`标题 ......  3`) are layout, not text.
fn trim_leader(text: &mut String) {
    let kept = text
        .trim_end_matches(['.', '…', '·', '．', ' ', '\u{3000}'])
        .len();
    if text.len() - kept >= 3 || text[kept..].contains('…') {
        text.truncate(kept);
    }
}

/// Lines in the top or bottom margin that repeat across pages (a running head, the
/// bulletin's name) or are only a page number: indices into `lines`.
///
/// Pages compare with their numbers masked, a run of digits as one (`第 9 页` and
/// `第 10 页` are the same foot). A head that carries the page number in a cell of its
/// own (`科技政策与咨询快报 | 第 3 页`) is furniture already on a third of the pages: a
/// typesetter may print it on odd pages only.
fn running_heads(pages: &[Page], lines: &[Line]) -> std::collections::HashSet<usize> {
    let in_margin = |l: &Line| {
        let h = pages.get(l.page).map_or(842.0, |p| p.height);
        l.y < h * 0.13 || l.y > h * 0.9
    };
    let key = |l: &Line| {
        let mut k = String::new();
        for c in l.plain.chars().filter(|c| !c.is_whitespace()) {
            if !c.is_ascii_digit() {
                k.push(c);
            } else if !k.ends_with('#') {
                k.push('#');
            }
        }
        k
    };
    let numbered = |l: &Line| l.cells > 1 && l.text.split('\t').any(is_page_number);
    let mut seen: HashMap<String, std::collections::HashSet<usize>> = HashMap::new();
    for l in lines.iter().filter(|l| in_margin(l)) {
        seen.entry(key(l)).or_default().insert(l.page);
    }
    let repeats = |l: &Line| {
        let n = seen.get(&key(l)).map_or(0, |p| p.len());
        let share = if numbered(l) { 3 } else { 2 };
        pages.len() >= 3 && n * share >= pages.len().max(2) && n >= 2 || pages.len() == 2 && n == 2
    };
    let furniture = |l: &Line| in_margin(l) && (is_page_number(&l.plain) || repeats(l));
    // Only the run of such lines at the top and at the foot of each page: a title set
    // below the page's first line is text, whatever the running head says.
    let mut out = std::collections::HashSet::new();
    let mut by_page: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        by_page.entry(l.page).or_default().push(i);
    }
    for mut on_page in by_page.into_values() {
        on_page.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
        out.extend(on_page.iter().take_while(|&&i| furniture(&lines[i])));
        out.extend(on_page.iter().rev().take_while(|&&i| furniture(&lines[i])));
    }
    out
}

/// The running head on the first page, when it says what nothing else on that page does
/// (`科技政策与咨询快报 2021年 总第086期 第08期` over a cover that names only the
/// series): it is the only place the issue is printed, so it stays, once, as text.
fn cover_head(
    pages: &[Page],
    lines: &[Line],
    furniture: &std::collections::HashSet<usize>,
) -> Option<usize> {
    let first = lines.first()?.page;
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let height = pages.get(first).map_or(842.0, |p| p.height);
    let head = (0..lines.len())
        .take_while(|&i| lines[i].page == first)
        .filter(|&i| furniture.contains(&i) && lines[i].y < height * 0.13)
        .find(|&i| !is_page_number(&lines[i].plain))?;
    let text: String = (0..lines.len())
        .take_while(|&i| lines[i].page == first)
        .filter(|&i| !furniture.contains(&i))
        .map(|i| squash(&lines[i].plain))
        .collect();
    let said: String = lines[head]
        .text
        .split('\t')
        .filter(|c| !is_page_number(c) && !is_print_stamp(c))
        .map(squash)
        .collect();
    (!said.is_empty() && !text.contains(&said)).then_some(head)
}

/// When the page was printed, as a browser's own header gives it beside the page title
/// (Chromium's "print to PDF" without `--no-pdf-header-footer`): a date and a time of day,
/// `12/7/26, 11:36 AM`, `2026/12/7 11:36`, `2026-12-07 11:36`, `2026年12月7日 上午11:36`.
/// No bulletin prints the minute it was printed: it names no issue.
fn is_print_stamp(s: &str) -> bool {
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\d{1,4}([/.-])\d{1,2}([/.-])\d{1,4}|^\d{4}年\d{1,2}月\d{1,2}日")
            .expect("the print stamp pattern")
    });
    static TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(^|[^\d])\d{1,2}:\d{2}(:\d{2})?\s*([AaPp]\.?[Mm]\.?)?\s*$")
            .expect("the time of day pattern")
    });
    let t = s.trim();
    t.chars().count() <= 30 && STAMP.is_match(t) && TIME.is_match(t)
}

/// `3`, `- 3 -`, `第 3 页`, `3 / 28`, `Page 3`, `iii`.
fn is_page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(['-', '–', '—', '·', '(', ')', '（', '）']);
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t.strip_suffix('页').unwrap_or(t);
    let t = t
        .strip_prefix("Page")
        .or_else(|| t.strip_prefix("page"))
        .unwrap_or(t);
    if t.is_empty() {
        return false;
    }
    let digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    digits(t)
        || t.len() <= 6
            && t.chars()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'I' | 'V' | 'X' | 'L'))
}

/// The body text's size: the one most characters have.
fn body_size(lines: &[Line]) -> f64 {
    let mut by: HashMap<i64, usize> = HashMap::new();
    for l in lines {
        *by.entry((l.size * 2.0).round() as i64).or_default() += l.plain.chars().count();
    }
    by.into_iter()
        .max_by_key(|&(s, n)| (n, s))
        .map_or(10.0, |(s, _)| s as f64 / 2.0)
}

/// Heading sizes, largest first, each with its level (1…4) and the longest line such a
/// heading may be: sizes clearly above the body's, or a little above it on short lines
/// (LibreOffice sets minor headings 1 pt above the text).
fn heading_levels(lines: &[Line], body: f64) -> Vec<(f64, usize, usize)> {
    let mut sizes: Vec<f64> = lines
        .iter()
        .filter(|l| l.cells == 1 && l.plain.chars().count() <= longest_heading(l.size, body))
        .map(|l| (l.size * 2.0).round() / 2.0)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup_by(|a, b| (*a - *b).abs() < 0.6);
    sizes
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s, (i + 1).min(4), longest_heading(s, body)))
        .collect()
}

fn longest_heading(size: f64, body: f64) -> usize {
    if size > body * 1.12 {
        120
    } else if size > body * 1.07 {
        40
    } else {
        0
    }
}

fn level_of(levels: &[(f64, usize, usize)], l: &Line, body: f64) -> Option<usize> {
    if l.cells > 1 {
        return None;
    }
    // A bold line a little above the body's size is a heading however long: a title
    // that fills its first line (`聚焦汽车腐蚀问题 … 阶段性研` / `究成果`).
    let chars = l.plain.chars().count();
    let longest = |max: usize| if l.bold && max > 0 { max.max(120) } else { max };
    // A line nearer the body's size than a heading's is text (in small type, a heading
    // half a point up is within the 0.6 pt that tells sizes apart).
    levels
        .iter()
        .find(|(s, _, max)| {
            let off = (l.size - s).abs();
            off < 0.6 && off < (l.size - body).abs() && chars <= longest(*max)
        })
        .map(|&(_, n, _)| n)
}

/// Marks the headings: lines in a size above the body's (`heading_levels`), and below
/// them, bold lines in the body's size that stand on their own (`bold_headings`).
fn mark_headings(lines: &mut [Line], body: f64) {
    let levels = heading_levels(lines, body);
    for l in lines.iter_mut() {
        l.heading = level_of(&levels, l, body);
    }
    let below = levels
        .iter()
        .map(|&(_, n, _)| n)
        .max()
        .map_or(1, |n| (n + 1).min(4));
    for i in bold_headings(lines, body) {
        lines[i].heading = Some(below);
    }
}

/// Bold lines in the body's size set as a heading of their own (a house style that sets
/// titles bold in the text's size: `1. 英国政府与 IBM 将合作开展先进数字技术研究`): a run of
/// at most two such lines, the last ending short of the margin and not as a sentence or a
/// lead-in does (`。`, `：`), after a line that ended its paragraph. A bold phrase that
/// fills a line of a paragraph, a bold paragraph, or a table's caption is text.
fn bold_headings(lines: &[Line], body: f64) -> Vec<usize> {
    let margins = text_margins(lines, body);
    let pitch = line_pitch(lines, body);
    let candidate = |l: &Line| {
        l.bold && l.cells == 1 && l.heading.is_none() && !l.note_area && (l.size - body).abs() < 0.6
    };
    let right = |l: &Line| margins.get(&(l.page, l.column)).map_or(f64::MAX, |m| m.1);
    let short = |l: &Line| l.x1 < right(l) - l.size * 1.5;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !candidate(&lines[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < lines.len()
            && candidate(&lines[j])
            && lines[j].page == lines[j - 1].page
            && lines[j].y > lines[j - 1].y
            && lines[j].y - lines[j - 1].y < pitch * 1.5
        {
            j += 1;
        }
        let block = &lines[i..j];
        let last = &block[block.len() - 1];
        let chars: usize = block.iter().map(|l| l.plain.chars().count()).sum();
        let ends_clause = last
            .plain
            .ends_with(['。', '；', '，', '、', '：', ':', ';', ',', '！', '？']);
        // The line before goes on into this one: a paragraph's full line just above.
        let runs_on = i > 0 && {
            let p = &lines[i - 1];
            p.page == lines[i].page
                && p.cells == 1
                && p.heading.is_none()
                && (p.size - body).abs() < 0.6
                && lines[i].y > p.y
                && lines[i].y - p.y < pitch * 1.2
                && !short(p)
        };
        // A bold line over a table is its caption, also when the table begins on the next
        // page (the notes at the page's foot aside); so is a line that reads as one (`表 7
        // …`).
        let caption = lines[j..].iter().find(|n| !n.note_area).is_some_and(|n| {
            n.cells > 1
                && (n.page == last.page && n.y > last.y && n.y - last.y < pitch * 3.0
                    || n.page == last.page + 1)
        }) || crate::import::columns::is_table_caption(&last.plain);
        if block.len() <= 2 && chars <= 60 && short(last) && !ends_clause && !runs_on && !caption {
            out.extend(i..j);
        }
        i = j;
    }
    out
}

/// Lines → blocks (headings, paragraphs, table rows, footnotes) → text.
/// Margins of the body text, page by page (column by column on a page set in columns):
/// where its lines start and end.
type Margins = HashMap<(usize, Column), (f64, f64)>;

fn text_margins(lines: &[Line], body: f64) -> Margins {
    // Percentiles, not extremes: a URL or a page number sticking out of the text block
    // would make every line look short.
    let mut edges: HashMap<(usize, Column), (Vec<f64>, Vec<f64>)> = HashMap::new();
    for l in lines
        .iter()
        .filter(|l| (l.size - body).abs() < 0.6 && l.cells == 1)
    {
        let e = edges.entry((l.page, l.column)).or_default();
        e.0.push(l.x0);
        e.1.push(l.x1);
    }
    let mut margins: Margins = edges
        .iter_mut()
        .map(|(&page, (x0, x1))| {
            x0.sort_by(f64::total_cmp);
            x1.sort_by(f64::total_cmp);
            (page, (x0[x0.len() / 10], right_edge(x1, body)))
        })
        .collect();
    // A page of short lines (a table of contents, a list, a cover) does not show where
    // its text block ends: the width the pages full of text have does (margins may be
    // mirrored, the width stays).
    let mut widths: Vec<f64> = margins
        .iter()
        .filter(|(page, _)| edges.get(page).is_some_and(|e| e.0.len() >= 8))
        .map(|(_, (l, r))| r - l)
        .collect();
    widths.sort_by(f64::total_cmp);
    if let Some(&width) = widths.get(widths.len() / 2) {
        for (left, right) in margins.values_mut() {
            *right = right.max(*left + width);
        }
    }
    margins
}

/// Where a page's full lines end, from the ends of its lines (sorted): the usual end (the
/// upper quartile), or further right where lines of unjustified text end too (a Chinese
/// line ends up to a character short of the edge): the furthest end within an em above
/// the usual one that a tenth of the lines (two at least) reach to within an em. A URL
/// or a page number sticking out of the text block alone does not move it.
fn right_edge(ends: &[f64], em: f64) -> f64 {
    let usual = ends[ends.len() * 3 / 4];
    let need = (ends.len() / 10).max(2);
    ends.iter()
        .rev()
        .copied()
        .take_while(|&e| e > usual)
        .find(|&e| {
            e <= usual + em && ends.iter().filter(|&&x| x <= e && x > e - em).count() >= need
        })
        .unwrap_or(usual)
}

fn write(pages: &[Page], lines: &[Line], body: f64) -> Extracted {
    let mut out = Extracted::default();
    let margins = text_margins(lines, body);
    let pitch = line_pitch(lines, body);
    let mut para = String::new();
    let mut para_place = String::new();
    let mut heading: Option<(usize, String, &Line)> = None;
    let mut notes: Vec<String> = Vec::new();
    // Footnote marks cited in the text whose note has not been seen yet.
    let mut cited: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut in_note = false;
    // Under a heading that names the notes (`注释`), notes gathered at the end.
    let mut endnotes = false;
    // Under the heading of a table of contents (`目录`), until the next heading; the
    // headings of the text, to tell its entries by.
    let mut in_toc = false;
    let headings = heading_texts(lines, &margins);
    // Where the lines of the list item being written start (`Line::hang`).
    let mut hang: Option<f64> = None;
    let mut prev: Option<&Line> = None;
    // The page of the notes not yet written, the last line of the text flow (notes
    // aside), and the first row of the table being written (a page may repeat it).
    let mut notes_page = 0;
    let mut last_body: Option<&Line> = None;
    let mut table_head: Option<&str> = None;

    let flush_para = |out: &mut Extracted, para: &mut String, place: &str| {
        if !para.is_empty() {
            out.paragraph(para, place);
            para.clear();
        }
    };
    let flush_heading = |out: &mut Extracted, heading: &mut Option<(usize, String, &Line)>| {
        if let Some((level, text, _)) = heading.take() {
            out.paragraph(&format!("{} {}", "#".repeat(level), text), "");
        }
    };

    for (i, l) in lines.iter().enumerate() {
        let place = format!("page {}", l.page + 1);
        let page = &pages[l.page];
        let (left, right) = margins
            .get(&(l.page, l.column))
            .copied()
            .unwrap_or((0.0, page.width));
        let new_page = prev.is_none_or(|p| p.page != l.page);
        // A footnote: in the lower part of the page, starting with its number, in small
        // type, below the note separator, or with a number the text has cited and not yet
        // defined (LibreOffice sets notes in the body's size). A heading is none. Under
        // the notes' heading, a cited number opens a note anywhere on the page; so does
        // one in small type (a note set in the text's flow, at its article's end: in a
        // column, that is anywhere on the page).
        let lower = l.y > page.height * 0.6 && l.heading.is_none();
        let endnote =
            |n: &String| endnotes && l.heading.is_none() && cited.contains(&note_number(n));
        let small = l.size < body * 0.92;
        let note = footnote_start(&l.text)
            .filter(|n| {
                let cited = cited.contains(&note_number(n));
                lower && (small || l.note_area || cited) || small && cited || endnote(n)
            })
            .or_else(|| {
                glued_note(&l.text).filter(|n| {
                    lower && l.cells == 1 && (l.note_area || cited.contains(&note_number(n)))
                })
            });
        // A note's next line: in the note area, small type, or the same type at the usual
        // line distance; or, in small type, the first line of the next page (a note set in
        // the text flow that the page break cut).
        let continues = note.is_none()
            && in_note
            && prev.is_some_and(|p| {
                let small = l.size < body * 0.92 && (l.size - p.size).abs() < 0.6;
                p.page == l.page
                    && (small
                        || l.note_area && p.note_area
                        || (l.size - p.size).abs() < 0.6 && l.y - p.y < pitch * 1.2)
                    || p.page + 1 == l.page
                        && new_page
                        && small
                        && !l.note_area
                        && footnote_start(&l.text).is_none()
            });
        // A table going on over the page keeps the notes of the page before until it ends.
        let table_goes_on = l.cells > 1 && last_body.is_some_and(|b| b.cells > 1);
        // Notes end at their page's foot, or at a heading after them on their page (notes
        // set in the text's flow, at their article's end, before the next article).
        let heading_after = l.heading.is_some() && note.is_none();
        if !notes.is_empty()
            && (l.page != notes_page || heading_after)
            && !continues
            && !table_goes_on
        {
            flush_notes(&mut out, &mut notes, &place);
        }
        if let Some(n) = note {
            flush_para(&mut out, &mut para, &para_place);
            flush_heading(&mut out, &mut heading);
            cited.remove(&note_number(&n));
            notes.push(n);
            notes_page = l.page;
            in_note = true;
            prev = Some(l);
            continue;
        }
        if continues {
            if let Some(n) = notes.last_mut() {
                join_line(n, &l.text);
            }
            notes_page = l.page;
            prev = Some(l);
            continue;
        }
        in_note = false;
        let body_before = last_body.replace(l);
        for mark in l.text.split("<sup>").skip(1) {
            if let Some((n, _)) = mark.split_once("</sup>") {
                cited.insert(n.trim().to_string());
            }
        }
        if let Some(level) = l.heading {
            endnotes = is_notes_heading(&l.plain);
            in_toc = is_toc_heading(&l.plain);
            flush_para(&mut out, &mut para, &para_place);
            // A heading wrapped over two lines continues at the same size, just below.
            match &mut heading {
                Some((lv, text, last)) if *lv == level && heading_goes_on(last, l, &margins) => {
                    document::join(text, &l.text);
                    *last = l;
                }
                _ => {
                    flush_heading(&mut out, &mut heading);
                    heading = Some((level, l.text.clone(), l));
                }
            }
            prev = Some(l);
            continue;
        }
        flush_heading(&mut out, &mut heading);
        if l.cells > 1 {
            flush_para(&mut out, &mut para, &para_place);
            // Table rows and TOC entries: one line each, no blank line between rows; a
            // table goes on past the notes and the break at the foot of its page.
            let next_is_row = lines[i + 1..]
                .iter()
                .find(|n| !n.note_area && n.page == l.page || n.page > l.page)
                .is_some_and(|n| n.cells > 1);
            let prev_is_row = body_before.is_some_and(|p| p.cells > 1);
            if !prev_is_row {
                out.blank(&place);
                table_head = Some(&l.plain);
            } else if new_page && table_head.is_some_and(|h| same_row(h, &l.plain)) {
                // The table's first row repeated at the top of the page.
                prev = Some(l);
                continue;
            }
            out.line(&l.text, &place);
            if !next_is_row {
                out.blank(&place);
            }
            prev = Some(l);
            continue;
        }
        let starts_paragraph = match prev {
            None => true,
            Some(p) => {
                let indent = l.x0 - left > l.size * 0.8;
                // A column's foot goes on at the next column's head as a page's foot
                // goes on at the next page's head.
                let next_column = p.column == Column::Left && l.column == Column::Right;
                let gap = if p.page == l.page && !next_column {
                    l.y - p.y > pitch * 1.2 || l.y < p.y
                } else {
                    false
                };
                // The line before ended short when this line's first word would have fit
                // after it: Latin text wraps at a word, Chinese at any character.
                let right_before = if p.column == l.column {
                    right
                } else {
                    margins.get(&(p.page, p.column)).map_or(right, |m| m.1)
                };
                let room = right_before - p.x1;
                // (A number ending a line, a TOC entry's page, is no word cut by a wrap.)
                let alphabetic = |c: char| c.is_alphanumeric() && !document::is_cjk(c);
                let latin_wrap = p.plain.ends_with(|c: char| {
                    !c.is_ascii_digit() && (alphabetic(c) || c.is_ascii_punctuation())
                }) && l.plain.starts_with(alphabetic);
                let short_before =
                    room > p.size * 1.5 && (!latin_wrap || room > first_word_width(l));
                let other_size = (p.size - l.size).abs() > 0.6;
                let was_block = p.cells > 1 || p.heading.is_some();
                let url_rest = url_goes_on(&p.plain, &l.plain) && !gap;
                // In a table of contents, an entry ends with its page number (`title 12`),
                // however full its line.
                // So does an entry that is, whole, a heading of the text below (a title
                // that fills its line and has no page number).
                let entry_end = in_toc
                    && (ends_in_page_number(&p.plain) || headings.contains(&squashed(&para)));
                // A list item's next line starts under its text, not at the margin.
                let hanging = hang.is_some_and(|h| (l.x0 - h).abs() < l.size * 0.5);
                !url_rest
                    && (indent && !hanging
                        || gap
                        || short_before
                        || other_size
                        || was_block
                        || entry_end)
            }
        };
        if starts_paragraph {
            flush_para(&mut out, &mut para, &para_place);
            para_place = place.clone();
            hang = l.hang;
        }
        join_line(&mut para, &l.text);
        prev = Some(l);
    }
    flush_para(&mut out, &mut para, &para_place);
    flush_heading(&mut out, &mut heading);
    flush_notes(&mut out, &mut notes, "");
    out
}

/// The heading over notes gathered at the end of a bulletin: `注释`, `注`, `尾注`, `Notes`.
fn is_notes_heading(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches(['：', ':']);
    ["注释", "注", "尾注", "注解", "附注", "参考注释"].contains(&t)
        || t.eq_ignore_ascii_case("notes")
}

/// A heading's line goes on in the next line at its level: just below it on the page,
/// and the line before was wrapped, not ended: the next line's first word would not have
/// fitted on it (with an em or two to spare: a title is often broken by hand a little
/// early). The cover's lines in a heading's size (`Science & Technology Policy`, the
/// series, `2021年8月5日`) are each their own.
fn heading_goes_on(last: &Line, l: &Line, margins: &Margins) -> bool {
    let width = margins
        .get(&(l.page, l.column))
        .map_or(f64::MAX, |(left, right)| right - left);
    last.page == l.page
        && l.y > last.y
        && l.y - last.y < l.size * 1.9
        && (last.x1 - last.x0) + first_word_width(l) > width - 2.0 * l.size
}

/// The text of each heading (its lines joined as `write` joins them), without spaces.
fn heading_texts(lines: &[Line], margins: &Margins) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let mut current: Option<(usize, String, &Line)> = None;
    for l in lines {
        let Some(level) = l.heading else {
            out.extend(current.take().map(|(_, t, _)| t));
            continue;
        };
        match &mut current {
            Some((lv, text, last)) if *lv == level && heading_goes_on(last, l, margins) => {
                text.push_str(&squashed(&l.plain));
                *last = l;
            }
            _ => {
                out.extend(current.take().map(|(_, t, _)| t));
                current = Some((level, squashed(&l.plain), l));
            }
        }
    }
    out.extend(current.map(|(_, t, _)| t));
    out
}

fn squashed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The heading of a table of contents: `目录`, `目 次`, `Contents`.
fn is_toc_heading(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ["目录", "目次", "本期目录"].contains(&t.as_str()) || t.eq_ignore_ascii_case("contents")
}

/// A TOC entry's line: text, a space, and a page number (`CNAS 召开全体会议 2`).
fn ends_in_page_number(text: &str) -> bool {
    let t = text.trim_end();
    let number = t.rsplit(char::is_whitespace).next().unwrap_or("");
    number.len() <= 3
        && number.len() < t.len()
        && is_page_number(number)
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// About how wide the first word of a line is: a run of letters of an alphabet (Latin,
/// Cyrillic…) and digits at about half an em each (with the space before it), or one
/// Chinese character.
fn first_word_width(l: &Line) -> f64 {
    let latin = l
        .plain
        .chars()
        .take_while(|c| !c.is_whitespace() && !document::is_cjk(*c))
        .count();
    if latin == 0 {
        l.size
    } else {
        (latin as f64 + 1.0) * l.size * 0.5
    }
}

/// The rest of a URL that the line's width cut: the line before ends in a URL, and this
/// line is its rest (`document::url_rest_follows`).
fn url_goes_on(before: &str, line: &str) -> bool {
    url_at_end(before).is_some_and(|url| document::url_rest_follows(url, line.trim()))
}

/// The URL the text ends in (`来源：https://a.org/x` → `https://a.org/x`), if it does.
fn url_at_end(text: &str) -> Option<&str> {
    let last = text.split_whitespace().last()?;
    let url = &last[last.find("http")?..];
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// The rest of a URL cut at any character, not only after a `/` or a `-`: LibreOffice
/// breaks a URL too long for its line where the line is full (`…board_id=1` /
/// `1&etc_cd1=COUN01#this`, `…&from=E` / `N`). The line before is one the paragraph goes
/// on from (so it was full) and ends in a URL; this line is one piece of URL characters
/// and nothing else.
fn url_cut_anywhere(before: &str, line: &str) -> bool {
    let rest = line.trim();
    url_at_end(before).is_some()
        && !rest.is_empty()
        && !rest.starts_with("http")
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#@!$&*+,;=%".contains(c))
}

/// Joins a line to the paragraph or note before it: the rest of a cut URL with no space,
/// and the two pieces of one link annotation (Chromium makes one per line) as one link.
fn join_line(out: &mut String, line: &str) {
    let line = line.trim();
    if let (Some((before, shown, url)), Some((more, next_url, tail))) =
        (link_at_end(out), link_at_start(line))
    {
        let glued = format!("{shown}{more}");
        if url == next_url && url.contains(&glued.replace("\\_", "_")) {
            let joined = format!("{before}{}{tail}", document::link(&glued, url));
            *out = joined;
            return;
        }
    }
    if url_goes_on(out, line) || url_cut_anywhere(out, line) {
        out.truncate(out.trim_end().len());
        out.push_str(line.trim());
    } else {
        document::join(out, line);
    }
}

/// `… [shown](url)` → (`… `, shown, url).
fn link_at_end(s: &str) -> Option<(&str, &str, &str)> {
    let body = s.trim_end().strip_suffix(')')?;
    let mid = body.rfind("](")?;
    let open = body[..mid].rfind('[')?;
    Some((&s[..open], &body[open + 1..mid], &body[mid + 2..]))
}

/// `[shown](url) …` → (shown, url, ` …`).
fn link_at_start(s: &str) -> Option<(&str, &str, &str)> {
    let body = s.strip_prefix('[')?;
    let mid = body.find("](")?;
    let close = mid + 2 + body[mid + 2..].find(')')?;
    Some((&body[..mid], &body[mid + 2..close], &body[close + 1..]))
}

/// Two rows with the same text, spaces aside (a table's header repeated on a new page).
fn same_row(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(a) == squeeze(b)
}

/// The page's footnotes, after a rule, where a converter puts them: the importer
/// lifts them out of the text flow and attaches each to the article citing it.
fn flush_notes(out: &mut Extracted, notes: &mut Vec<String>, place: &str) {
    if notes.is_empty() {
        return;
    }
    out.blank(place);
    out.line("---", place);
    for n in notes.drain(..) {
        out.paragraph(&n, place);
    }
}

/// `1 S.1260 - United…` or `<sup>1</sup>S.1260…` → `<sup>1</sup> S.1260 - United…`.
fn footnote_start(text: &str) -> Option<String> {
    let t = text.trim();
    let (num, rest) = if let Some(r) = t.strip_prefix("<sup>") {
        let (n, rest) = r.split_once("</sup>")?;
        (n.trim().to_string(), rest)
    } else {
        let n: String = t.chars().take_while(char::is_ascii_digit).collect();
        let rest = &t[n.len()..];
        let rest = rest
            .strip_prefix(['.', ')', '）', ' ', '\u{3000}'])
            .unwrap_or(rest);
        if rest.len() == t.len() - n.len() && !rest.starts_with(' ') && !n.is_empty() {
            // `2021年…` is not a note: the number must stand apart.
            if rest
                .chars()
                .next()
                .is_some_and(|c| !c.is_ascii_alphabetic())
            {
                return None;
            }
        }
        (n, rest)
    };
    // A note says something: `4）。`, the end of a sentence wrapped after a number, is none.
    if num.is_empty() || num.len() > 3 || !rest.chars().any(char::is_alphanumeric) {
        return None;
    }
    // `6 月 16 日，…` opens a paragraph with a date or a quantity, not a note.
    const UNITS: &str = "年月日号时点分秒%％个万亿千百元名项家次倍岁周期届条款章";
    if !t.starts_with("<sup>") && rest.trim_start().starts_with(|c| UNITS.contains(c)) {
        return None;
    }
    Some(format!("<sup>{num}</sup> {}", rest.trim()))
}

/// `2経済産業省…`, `8美国 232 调查…`: a note whose number the typesetter set against its
/// first word (LibreOffice), taken for a note only when the text cited that number and
/// no note has defined it yet (`2021年` is never one: a unit follows).
fn glued_note(text: &str) -> Option<String> {
    let t = text.trim();
    let n: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t[n.len()..];
    let first = rest.chars().next()?;
    const UNITS: &str = "年月日号时点分秒%％个万亿千百元名项家次倍岁周期届条款章.,，、）)";
    let apart = first.is_whitespace() || first.is_ascii_alphanumeric();
    if n.is_empty() || n.len() > 3 || apart || UNITS.contains(first) {
        return None;
    }
    Some(format!("<sup>{n}</sup> {}", rest.trim()))
}

/// The number of a note written by `footnote_start`.
fn note_number(note: &str) -> String {
    note.strip_prefix("<sup>")
        .and_then(|r| r.split_once("</sup>"))
        .map_or(String::new(), |(n, _)| n.to_string())
}

/// The usual distance between two lines of body text.
fn line_pitch(lines: &[Line], body: f64) -> f64 {
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .filter(|w| {
            w[0].page == w[1].page
                && (w[0].size - body).abs() < 0.6
                && (w[1].size - body).abs() < 0.6
                && w[1].y > w[0].y
        })
        .map(|w| w[1].y - w[0].y)
        .collect();
    if gaps.is_empty() {
        return body * 1.5;
    }
    gaps.sort_by(f64::total_cmp);
    gaps[gaps.len() / 3].max(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        for s in ["3", "- 3 -", "第 3 页", "3 / 28", "Page 3", "iv", "（12）"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2021年", "一、质量要闻", "CNAS", "12345", ""] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn footnote_lines_get_their_mark() {
        assert_eq!(
            footnote_start("1 S.1260 - United States").as_deref(),
            Some("<sup>1</sup> S.1260 - United States")
        );
        assert_eq!(
            footnote_start("<sup>2</sup>経済産業省").as_deref(),
            Some("<sup>2</sup> 経済産業省")
        );
        assert_eq!(footnote_start("2021年第一季度"), None);
        assert_eq!(footnote_start("12"), None);
        // A paragraph opening with a date is no note, even at the foot of a page.
        assert_eq!(footnote_start("6 月 16 日，俄罗斯总理米舒斯京签署"), None);
        assert_eq!(footnote_start("3 % 的增长"), None);
        // The end of a sentence wrapped after a number (`（见表 3、表` / `4）。`) says nothing.
        assert_eq!(footnote_start("4）。"), None);
        assert!(footnote_start("4）美国商务部报告").is_some());
        // Glued to its first word: a note only when the text cited the number (in `write`).
        assert_eq!(
            glued_note("2経済産業省: 半導体").as_deref(),
            Some("<sup>2</sup> 経済産業省: 半導体")
        );
        assert_eq!(glued_note("2021年第一季度"), None);
        assert_eq!(glued_note("5G 网络"), None);
    }

    #[test]
    fn a_mark_wrapped_to_the_start_of_a_line_stays_a_mark() {
        let g = |x: f64, y: f64, size: f64, t: &str| Glyph {
            x,
            y,
            w: size * 0.6,
            size,
            text: t.into(),
            bold: false,
        };
        let glyphs = [
            g(72.0, 97.0, 7.0, "2"),
            g(76.0, 97.0, 7.0, "0"),
            g(80.0, 100.0, 12.0, "。"),
        ];
        let row: Vec<&Glyph> = glyphs.iter().collect();
        let line = make_line(0, &row, &[], 0, &Advances::new()).unwrap();
        assert_eq!(line.text, "<sup>20</sup>。");
        assert_eq!(line.size, 12.0);
    }

    /// A line of 10 pt text as the layout reads it (cells split at tabs).
    pub(super) fn text_line(page: usize, y: f64, x0: f64, x1: f64, text: &str) -> Line {
        Line {
            page,
            x0,
            x1,
            y,
            size: 10.0,
            text: text.into(),
            plain: text.replace('\t', " "),
            cells: text.split('\t').count(),
            open: Vec::new(),
            note_area: false,
            bold: false,
            heading: None,
            hang: None,
            column: Column::Across,
        }
    }

    fn a4_pages(n: usize) -> Vec<Page> {
        (0..n)
            .map(|_| Page {
                width: 595.0,
                height: 842.0,
                ..Page::default()
            })
            .collect()
    }

    #[test]
    fn a_head_with_its_page_number_on_odd_pages_only_is_furniture() {
        // Twelve pages; the head (`栏目总览 | 第 N 页`) on odd pages only, its number one
        // digit on five of them and two on the sixth.
        let pages = a4_pages(12);
        let mut lines = Vec::new();
        for n in 0..12 {
            if n % 2 == 0 {
                lines.push(text_line(
                    n,
                    50.0,
                    52.0,
                    530.0,
                    &format!("栏目总览\t第 {} 页", n + 1),
                ));
            }
            lines.push(text_line(n, 300.0, 52.0, 530.0, &format!("第{n}页的正文")));
        }
        let heads = running_heads(&pages, &lines);
        let kept: Vec<&str> = (0..lines.len())
            .filter(|i| !heads.contains(i))
            .map(|i| lines[i].text.as_str())
            .collect();
        assert_eq!(kept.len(), 12, "{kept:?}");
        assert!(kept.iter().all(|t| t.ends_with("页的正文")), "{kept:?}");
    }

    #[test]
    fn a_running_head_that_alone_prints_the_issue_stays_once() {
        // 003 in a house style whose cover names the series only: the issue is printed in
        // the running head, on every page, the first included.
        let pages = a4_pages(3);
        let head = |n: usize| {
            text_line(
                n,
                40.0,
                57.0,
                540.0,
                &format!("科技政策与咨询快报 2021年 总第086期 第08期\t{}", n + 1),
            )
        };
        let cover = |series: &str| {
            let mut lines = vec![head(0), text_line(0, 200.0, 200.0, 400.0, series)];
            for n in 1..3 {
                lines.push(head(n));
                lines.push(text_line(n, 300.0, 57.0, 540.0, "正文"));
            }
            lines
        };
        let lines = cover("科技政策与咨询快报");
        let heads = running_heads(&pages, &lines);
        assert_eq!(heads.len(), 3);
        assert_eq!(cover_head(&pages, &lines, &heads), Some(0));
        // A cover that prints the issue itself keeps none.
        let lines = cover("科技政策与咨询快报 2021年 总第086期 第08期");
        let heads = running_heads(&pages, &lines);
        assert_eq!(cover_head(&pages, &lines, &heads), None);
    }

    #[test]
    fn a_title_under_the_running_head_is_text() {
        // The paper's title is its running head too; on page 1, in a narrow top margin, it
        // stands under a prize line: only the head at the very top is furniture.
        let pages = a4_pages(4);
        let title = "新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究";
        let mut lines = vec![
            text_line(0, 50.0, 130.0, 480.0, title),
            text_line(
                0,
                74.0,
                57.0,
                267.0,
                "\"标准助推'新质生产力'发展\"征文活动二等奖",
            ),
            text_line(0, 90.0, 57.0, 408.0, title),
            text_line(0, 300.0, 57.0, 550.0, "正文"),
        ];
        for n in 1..4 {
            lines.push(text_line(n, 50.0, 130.0, 480.0, title));
            lines.push(text_line(n, 300.0, 57.0, 550.0, "正文"));
        }
        let heads = running_heads(&pages, &lines);
        assert!(heads.contains(&0) && heads.contains(&4));
        assert!(!heads.contains(&1) && !heads.contains(&2), "{heads:?}");
    }

    fn spaced(y: f64, x: f64, pitch: f64, chars: &str) -> Vec<Glyph> {
        chars
            .chars()
            .enumerate()
            .map(|(k, c)| Glyph {
                x: x + pitch * k as f64,
                y,
                w: 10.0,
                size: 10.0,
                text: c.to_string(),
                bold: false,
            })
            .collect()
    }

    #[test]
    fn letter_spaced_text_is_no_table_row() {
        let glyphs = spaced(100.0, 72.0, 40.0, "国家高端智库");
        let row: Vec<&Glyph> = glyphs.iter().collect();
        let line = make_line(0, &row, &[], 0, &Advances::new()).unwrap();
        assert_eq!((line.text.as_str(), line.cells), ("国家高端智库", 1));
        // A justified line of a few characters keeps the space after a Latin mark.
        let glyphs = spaced(100.0, 72.0, 50.0, "-对外开放能力.");
        let row: Vec<&Glyph> = glyphs.iter().collect();
        let line = make_line(0, &row, &[], 0, &Advances::new()).unwrap();
        assert_eq!(line.text, "- 对外开放能力.");
        // A row of a table, its cells several characters each, stays a row.
        let mut glyphs = spaced(100.0, 72.0, 10.0, "序号");
        glyphs.extend(spaced(100.0, 150.0, 10.0, "供应链环节"));
        glyphs.extend(spaced(100.0, 260.0, 10.0, "评估结果"));
        glyphs.extend(spaced(100.0, 370.0, 10.0, "建议"));
        let row: Vec<&Glyph> = glyphs.iter().collect();
        let line = make_line(0, &row, &[], 0, &Advances::new()).unwrap();
        assert_eq!(line.cells, 4, "{}", line.text);
    }

    #[test]
    fn ligatures_are_letters_and_radicals_ideographs() {
        assert_eq!(unligature("artiﬁcial ﬂow"), "artificial flow");
        assert_eq!(unligature("月"), "月");
        // A date opening a paragraph at the top of a page, its 月 drawn as a radical.
        let line: String = ["6", " ", "⽉", " ", "2", "5", " ", "⽇", "，", "巴", "西"]
            .map(glyph_text)
            .concat();
        assert_eq!(line, "6 月 25 日，巴西");
        assert_eq!(footnote_start(&line), None);
    }

    #[test]
    fn unjustified_lines_end_at_their_furthest_common_end() {
        // Chromium's ragged Chinese text: full lines end 458–467 (a character short of the
        // edge, or a half-width comma more); a URL sticks out to 540.
        let ends = [
            449.2, 452.0, 455.0, 458.2, 458.8, 460.0, 461.9, 462.5, 463.7, 463.7, 466.8, 466.8,
            540.0,
        ];
        let mut ends = ends.to_vec();
        ends.sort_by(f64::total_cmp);
        assert_eq!(right_edge(&ends, 11.0), 466.8);
        // Justified text ends at one edge; the URL alone does not move it.
        let mut ends = vec![520.0; 12];
        ends.push(560.0);
        ends.push(300.0);
        ends.sort_by(f64::total_cmp);
        assert_eq!(right_edge(&ends, 11.0), 520.0);
    }

    #[test]
    fn a_long_bold_title_line_a_little_above_the_body_is_a_heading() {
        // 11 pt text; a 12 pt bold title fills one line and ends on the next.
        let sized = |y: f64, size: f64, bold: bool, text: &str| {
            let mut l = text_line(0, y, 57.0, 530.0, text);
            l.size = size;
            l.bold = bold;
            l
        };
        let long =
            "聚焦汽车腐蚀问题 提升业内重视程度！中消会分享 2021 中国在用车腐蚀研究报告阶段性研";
        let mut lines = vec![
            sized(100.0, 12.0, true, long),
            sized(118.0, 12.0, true, "究成果"),
        ];
        lines.extend((0..20).map(|k| sized(140.0 + 18.0 * k as f64, 11.0, false, "正文正文正文")));
        mark_headings(&mut lines, 11.0);
        assert_eq!(lines[0].heading, lines[1].heading);
        assert!(lines[0].heading.is_some());
        // The same line in a regular face is too long for a heading of that size.
        lines[0].bold = false;
        mark_headings(&mut lines, 11.0);
        assert_eq!(lines[0].heading, None);
    }

    #[test]
    fn a_heading_goes_on_only_from_a_wrapped_line() {
        // The cover's short lines in a heading's size are each their own; a title whose
        // first line was wrapped near the margin goes on in its second.
        let pages = a4_pages(1);
        let head = |y: f64, x0: f64, x1: f64, text: &str| {
            let mut l = text_line(0, y, x0, x1, text);
            l.size = 12.0;
            l.heading = Some(1);
            l
        };
        let mut lines = vec![
            head(100.0, 200.0, 400.0, "Science & Technology Policy"),
            head(118.0, 240.0, 360.0, "科技政策与咨询快报"),
            head(136.0, 250.0, 350.0, "2021年8月5日"),
            head(
                200.0,
                72.0,
                515.0,
                "新质生产力下市场监管技术性贸易措施工作体系高质量发展",
            ),
            head(218.0, 72.0, 200.0, "新模式构建研究"),
        ];
        lines.extend((0..10).map(|k| text_line(0, 300.0 + 15.0 * k as f64, 72.0, 520.0, "正文")));
        let got = paragraphs(&pages, &lines);
        assert!(got.contains(&"# 2021年8月5日".to_string()), "{got:?}");
        assert!(
            got.contains(
                &"# 新质生产力下市场监管技术性贸易措施工作体系高质量发展新模式构建研究".to_string()
            ),
            "{got:?}"
        );
    }

    #[test]
    fn a_slanted_glyph_keeps_its_size() {
        // 11 pt text at 1:1, upright and with Chromium's synthetic oblique (x += 0.33 y).
        let upright = Transform::row_major(1.0, 0.0, 0.0, 1.0, 100.0, 700.0);
        let oblique = Transform::row_major(1.0, 0.0, 0.33, 1.0, 100.0, 700.0);
        assert!((drawn_size(11.0, &upright) - 11.0).abs() < 1e-9);
        assert!((drawn_size(11.0, &oblique) - 11.0).abs() < 1e-9);
        // A scaled matrix scales the size; a rotated one does not.
        let scaled = Transform::row_major(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        assert!((drawn_size(6.0, &scaled) - 12.0).abs() < 1e-9);
        let (c, s) = (0.6_f64, 0.8_f64);
        let turned = Transform::row_major(c, s, -s, c, 0.0, 0.0);
        assert!((drawn_size(10.0, &turned) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn a_bold_title_in_the_body_size_is_a_heading() {
        // 003 set with titles bold in the text's size (`1. …`): the title is a heading; a
        // bold caption over a table, a bold line running on in a paragraph, and a bold
        // lead-in ending in `：` are text.
        let bold = |mut l: Line| {
            l.bold = true;
            l
        };
        let mut lines: Vec<Line> = (0..8)
            .map(|k| text_line(0, 100.0 + 15.0 * k as f64, 72.0, 520.0, "正文正文正文"))
            .collect();
        lines.extend([
            text_line(0, 220.0, 72.0, 300.0, "创建数据中心，加强信息共享。"),
            bold(text_line(
                0,
                240.0,
                72.0,
                330.0,
                "1. 英国政府与 IBM 将合作开展先进数字技术研究",
            )),
            text_line(0, 260.0, 92.0, 520.0, "6 月 3 日，英国科学技术设施理事会"),
            text_line(0, 275.0, 72.0, 520.0, "宣布与 IBM 合作。其中，"),
            bold(text_line(0, 290.0, 72.0, 200.0, "重点研究方向。")),
            bold(text_line(
                0,
                310.0,
                72.0,
                300.0,
                "表 1 半导体供应链 5 个基本环节及评估",
            )),
            text_line(0, 325.0, 72.0, 520.0, "供应链环节\t评估"),
            bold(text_line(0, 345.0, 92.0, 300.0, "主要举措如下：")),
        ]);
        mark_headings(&mut lines, 10.0);
        let heads: Vec<&str> = lines
            .iter()
            .filter(|l| l.heading.is_some())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(heads, ["1. 英国政府与 IBM 将合作开展先进数字技术研究"]);
    }

    #[test]
    fn a_caption_at_a_pages_foot_over_a_table_on_the_next_is_no_heading() {
        // 003 through pandoc and LibreOffice: `表 7 …` ends page 9 and its table begins
        // page 10. A bold caption in another language is told by the table after it; a
        // bold title at a page's foot over text is still a heading.
        let bold = |mut l: Line| {
            l.bold = true;
            l
        };
        let body = |page: usize| {
            (0..8).map(move |k| text_line(page, 100.0 + 15.0 * k as f64, 72.0, 520.0, "正文正文"))
        };
        let mut lines: Vec<Line> = body(0).collect();
        lines.push(bold(text_line(
            0,
            700.0,
            72.0,
            250.0,
            "表 7 建设弹性供应链的六大主题建议",
        )));
        lines.push(text_line(1, 84.0, 72.0, 520.0, "主题\t建议\t举措"));
        lines.extend(body(1).map(|mut l| {
            l.y += 30.0;
            l
        }));
        lines.push(bold(text_line(
            1,
            700.0,
            72.0,
            250.0,
            "Table 3 Battery supply chain",
        )));
        lines.push(text_line(2, 84.0, 72.0, 520.0, "Link\tAssessment"));
        lines.extend(body(2).map(|mut l| {
            l.y += 30.0;
            l
        }));
        lines.push(bold(text_line(
            2,
            700.0,
            72.0,
            250.0,
            "2. 韩国制定国家标准基本计划",
        )));
        lines.extend(body(3));
        mark_headings(&mut lines, 10.0);
        let heads: Vec<&str> = lines
            .iter()
            .filter(|l| l.heading.is_some())
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(heads, ["2. 韩国制定国家标准基本计划"]);
    }

    #[test]
    fn a_justified_latin_line_of_a_paragraph_has_no_cells() {
        let mut lines = vec![
            text_line(
                0,
                118.0,
                57.0,
                459.0,
                "<sup>15</sup> Prime Minister sets out plans",
            ),
            text_line(
                0,
                130.5,
                57.0,
                459.0,
                "breakthroughs.\thttps://www.gov.uk/government",
            ),
            // A table row under a table row is left alone.
            text_line(0, 200.0, 57.0, 459.0, "Design\tleads"),
            text_line(0, 212.0, 57.0, 459.0, "Make\tlags"),
        ];
        justified_gaps_are_spaces(&mut lines);
        assert_eq!(
            lines[1].text,
            "breakthroughs. https://www.gov.uk/government"
        );
        assert_eq!(lines[1].cells, 1);
        assert_eq!(lines[3].cells, 2);
    }

    /// The paragraphs `write` makes of these lines.
    fn paragraphs(pages: &[Page], lines: &[Line]) -> Vec<String> {
        let out = write(pages, lines, 10.0);
        out.text
            .split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    }

    #[test]
    fn a_page_of_short_lines_takes_the_text_width_of_full_pages() {
        // Page 1: a paragraph of full lines, 72–520. Page 2: a table of contents, each entry
        // a short line; its own lines alone would put the right margin at their ends.
        let pages = a4_pages(2);
        let mut lines: Vec<Line> = (0..9)
            .map(|k| text_line(0, 100.0 + 15.0 * k as f64, 72.0, 520.0, "正文正文正文"))
            .collect();
        lines.push(text_line(0, 235.0, 72.0, 200.0, "正文完。"));
        for (k, end) in [300.0, 310.0, 290.0, 305.0, 300.0].into_iter().enumerate() {
            lines.push(text_line(
                1,
                100.0 + 15.0 * k as f64,
                72.0,
                end,
                &format!("条目{k} ...... {k}"),
            ));
        }
        let got = paragraphs(&pages, &lines);
        assert_eq!(got.len(), 6, "{got:?}");
    }

    #[test]
    fn a_latin_line_wraps_at_a_word() {
        // A note in Latin ends 36 pt short of the margin: `Broad-Based` would not have
        // fitted there, so the line was wrapped, not ended. A Chinese line ending as short
        // did end its paragraph.
        let pages = a4_pages(1);
        let lines: Vec<Line> = (0..9)
            .map(|k| text_line(0, 100.0 + 15.0 * k as f64, 72.0, 376.0, "正文正文正文"))
            .chain([
                text_line(
                    0,
                    300.0,
                    72.0,
                    340.0,
                    "Building Resilient Supply Chains, and Fostering",
                ),
                text_line(
                    0,
                    315.0,
                    72.0,
                    280.0,
                    "Broad-Based Growth: 100-Day Reviews.",
                ),
                text_line(0, 330.0, 72.0, 340.0, "第一段到此为止。"),
                text_line(0, 345.0, 72.0, 280.0, "第二段"),
            ])
            .collect();
        let got = paragraphs(&pages, &lines);
        assert!(
            got.contains(&"Building Resilient Supply Chains, and Fostering Broad-Based Growth: 100-Day Reviews.".to_string()),
            "{got:?}"
        );
        assert!(got.contains(&"第二段".to_string()), "{got:?}");
    }

    /// Glyphs of `text` on baseline `y` from `x`, each `size` wide (CJK) or half that.
    fn run(x: f64, y: f64, size: f64, text: &str) -> Vec<Glyph> {
        let mut at = x;
        text.chars()
            .map(|c| {
                let w = if document::is_cjk(c) {
                    size
                } else {
                    size * 0.5
                };
                let g = Glyph {
                    x: at,
                    y,
                    w,
                    size,
                    text: c.to_string(),
                    bold: false,
                };
                at += w;
                g
            })
            .collect()
    }

    #[test]
    fn a_list_item_is_one_paragraph_under_its_marker() {
        // An ordered list indented from the text: `1.` at 92, its text from 120 to the
        // margin, the item's next lines under its text. Full lines of a paragraph above
        // set the margins (72–340).
        let full = "一二三四五六七八九十一二三四五六七八九十一二三四";
        let item = "对华出口高科技产品实行多边出口管制拜登政";
        let mut rows: Vec<Vec<Glyph>> = (0..6)
            .map(|k| run(72.0, 100.0 + 18.0 * k as f64, 11.0, full))
            .collect();
        let mut first = run(92.0, 220.0, 11.0, "1.");
        first.extend(run(120.0, 220.0, 11.0, item));
        rows.push(first);
        rows.push(run(120.0, 238.0, 11.0, item));
        rows.push(run(120.0, 256.0, 11.0, "府应限制。"));
        let mut second = run(92.0, 274.0, 11.0, "2.");
        second.extend(run(120.0, 274.0, 11.0, "联合盟友。"));
        rows.push(second);
        let lines: Vec<Line> = rows
            .iter()
            .filter_map(|r| {
                let row: Vec<&Glyph> = r.iter().collect();
                make_line(0, &row, &[], 0, &Advances::new())
            })
            .collect();
        assert_eq!(lines[6].cells, 1, "{:?}", lines[6].text);
        let out = write(&a4_pages(1), &lines, 11.0);
        let got: Vec<&str> = out.text.split("\n\n").map(str::trim).collect();
        assert!(
            got.contains(&format!("1. {item}{item}府应限制。").as_str()),
            "{got:?}"
        );
        assert!(got.contains(&"2. 联合盟友。"), "{got:?}");
        // A table's numbers column holds bare numbers: `1` and its cell stay apart.
        let mut row = run(92.0, 300.0, 11.0, "1");
        row.extend(run(120.0, 300.0, 11.0, "促进本地生产"));
        let row: Vec<&Glyph> = row.iter().collect();
        let line = make_line(0, &row, &[], 0, &Advances::new()).unwrap();
        assert_eq!(line.text, "1\t促进本地生产");
        assert!(is_list_marker("(3)") && is_list_marker("iv.") && is_list_marker("•"));
        assert!(!is_list_marker("2021.") && !is_list_marker("目录"));
    }

    #[test]
    fn a_bullet_a_space_from_its_text_hangs_its_next_lines() {
        // 004's TOC as LibreOffice sets a Word list (US Letter, 72–540): `•` at 90, its
        // text at 108, less than a cell's gap after the bullet's end (a space, as
        // OpenSymbol's wide bullet leaves), a wrapped entry's next line under the text.
        // The page has no full line of its own; page 2's text gives the width.
        let mut pages = a4_pages(2);
        for p in &mut pages {
            p.width = 612.0;
            p.height = 792.0;
        }
        let first =
            "市场监管总局等六部门关于进一步发挥质量基础设施支撑引领民营企业提质增效升级作用";
        let mut rows: Vec<Vec<Glyph>> = Vec::new();
        let item = |y: f64, text: &str| {
            let mut r = run(90.0, y, 11.0, "•");
            r.extend(run(108.0, y, 11.0, text));
            r
        };
        rows.push(item(180.0, "国家"));
        rows.push(item(193.0, first));
        rows.push(run(108.0, 205.0, 11.0, "的意见"));
        rows.push(item(219.0, "2021 年全国量值传递与溯源工作研讨会召开"));
        let mut lines: Vec<Line> = rows
            .iter()
            .filter_map(|r| {
                let row: Vec<&Glyph> = r.iter().collect();
                make_line(0, &row, &[], 0, &Advances::new())
            })
            .collect();
        for k in 0..10 {
            let row = run(72.0, 100.0 + 18.0 * k as f64, 11.0, &"质".repeat(42));
            let row: Vec<&Glyph> = row.iter().collect();
            lines.extend(make_line(1, &row, &[], 0, &Advances::new()));
        }
        assert_eq!(lines[1].hang, Some(108.0), "{:?}", lines[1].text);
        let out = write(&pages, &lines, 11.0);
        let got: Vec<&str> = out.text.split("\n\n").map(str::trim).collect();
        assert!(
            got.contains(&format!("• {first}的意见").as_str()),
            "{got:?}"
        );
        assert!(got.contains(&"• 国家"), "{got:?}");
        assert!(got.iter().any(|p| p.starts_with("• 2021")), "{got:?}");
    }

    #[test]
    fn a_url_cut_at_any_character_goes_on_without_a_space() {
        // 003's sources as LibreOffice breaks them where the line is full.
        let mut p =
            "来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=1"
                .to_string();
        join_line(&mut p, "1&etc_cd1=COUN01#this");
        assert_eq!(p, "来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=11&etc_cd1=COUN01#this");
        let mut p =
            "来源：https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32021D0820&from=E"
                .to_string();
        join_line(&mut p, "N");
        assert!(p.ends_with("&from=EN"), "{p}");
        // Words after a URL, or a line that is not all URL characters, keep their space.
        let mut p = "报告原文：https://content.sifted.eu/report.pdf".to_string();
        join_line(&mut p, "Scale-Up Europe Report");
        assert!(p.ends_with(".pdf Scale-Up Europe Report"), "{p}");
        let mut p = "来源：https://www.congress.gov/bill/117th-congress".to_string();
        join_line(&mut p, "(S.1260)");
        assert!(p.ends_with("congress (S.1260)"), "{p}");
        // Text that is no URL is joined as before.
        let mut p = "Hartree Centre and IBM".to_string();
        join_line(&mut p, "Begin");
        assert_eq!(p, "Hartree Centre and IBM Begin");
    }

    #[test]
    fn a_browsers_print_header_is_no_cover_head() {
        // 002 printed from a browser with its own header: the time it was printed left,
        // the page title (the paper's prize note, printed on page 1 too) in the middle.
        let pages = a4_pages(3);
        let note = "\"标准助推'新质生产力'发展\"征文活动二等奖";
        let mut lines = Vec::new();
        for n in 0..3 {
            lines.push(text_line(
                n,
                20.0,
                30.0,
                560.0,
                &format!("12/7/26, 11:36 AM\t{note}"),
            ));
            lines.push(text_line(
                n,
                300.0,
                72.0,
                300.0,
                if n == 0 { note } else { "正文" },
            ));
            lines.push(text_line(
                n,
                820.0,
                30.0,
                560.0,
                &format!("file:///tmp/002.html\t{}/3", n + 1),
            ));
        }
        let heads = running_heads(&pages, &lines);
        assert_eq!(heads.len(), 6, "{heads:?}");
        assert_eq!(cover_head(&pages, &lines, &heads), None);
        for stamp in [
            "12/7/26, 11:36 AM",
            "2026/12/7 11:36",
            "2026-12-07 11:36:05",
            "2026年12月7日 上午11:36",
        ] {
            assert!(is_print_stamp(stamp), "{stamp}");
        }
        for text in [
            "2021年 总第086期 第08期",
            "2021-10-15",
            "第 3 页",
            "11:36",
            "2024.09 10:30 发布",
        ] {
            assert!(!is_print_stamp(text), "{text}");
        }
    }

    #[test]
    fn a_full_toc_line_that_is_a_heading_below_is_an_entry() {
        // A title fills its TOC line and has no page number; the next entry has one.
        // The title is a heading on the next page (wrapped over two lines there).
        let pages = a4_pages(2);
        let heading = |page, y, x1, text: &str, level| {
            let mut l = text_line(page, y, 72.0, x1, text);
            l.heading = Some(level);
            l
        };
        let mut lines = vec![
            heading(0, 80.0, 120.0, "目录", 1),
            text_line(
                0,
                100.0,
                72.0,
                520.0,
                "聚焦汽车腐蚀问题 中消会分享研究报告阶段性研究成果",
            ),
            text_line(0, 115.0, 72.0, 300.0, "直播电商首个选品评价技术规范发布 17"),
            heading(
                1,
                80.0,
                520.0,
                "聚焦汽车腐蚀问题 中消会分享研究报告阶段性研",
                2,
            ),
            heading(1, 95.0, 120.0, "究成果", 2),
        ];
        lines.extend((0..8).map(|k| text_line(1, 200.0 + 15.0 * k as f64, 72.0, 520.0, "正文")));
        let got = paragraphs(&pages, &lines);
        assert!(
            got.contains(&"直播电商首个选品评价技术规范发布 17".to_string()),
            "{got:?}"
        );
        // Without that heading below, the two lines are one wrapped entry.
        lines.truncate(3);
        lines.extend((0..8).map(|k| text_line(1, 200.0 + 15.0 * k as f64, 72.0, 520.0, "正文")));
        let got = paragraphs(&pages, &lines);
        assert!(
            !got.contains(&"直播电商首个选品评价技术规范发布 17".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn a_full_toc_line_ends_with_its_page_number() {
        // Under `目录`, an entry long enough to fill its line ends at its page number; the
        // next entry is its own.
        let pages = a4_pages(1);
        let mut heading = text_line(0, 80.0, 72.0, 120.0, "目录");
        heading.heading = Some(1);
        let mut lines = vec![
            heading,
            text_line(
                0,
                100.0,
                72.0,
                520.0,
                "市场监管总局等六部门关于进一步发挥质量基础设施作用的意见 2",
            ),
            text_line(
                0,
                115.0,
                72.0,
                300.0,
                "2021年全国量值传递与溯源工作研讨会召开 7",
            ),
        ];
        lines.extend((0..8).map(|k| text_line(0, 200.0 + 15.0 * k as f64, 72.0, 520.0, "正文")));
        let got = paragraphs(&pages, &lines);
        assert!(
            got.contains(&"2021年全国量值传递与溯源工作研讨会召开 7".to_string()),
            "{got:?}"
        );
        // In the text, a line ending in a number goes on.
        lines[0].heading = None;
        lines[0].text = "正文".into();
        lines[0].plain = "正文".into();
        let got = paragraphs(&pages, &lines);
        assert!(
            !got.contains(&"2021年全国量值传递与溯源工作研讨会召开 7".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn cited_numbers_under_the_notes_heading_are_notes() {
        // Endnotes (alt-b's house style): the text cites `<sup>1</sup>` and `<sup>2</sup>`;
        // at the top of a later page, under `注释`, `1. …` and `2. …` in the body's size.
        let pages = a4_pages(2);
        let mut heading = text_line(1, 80.0, 72.0, 120.0, "注释");
        heading.heading = Some(1);
        let lines = vec![
            text_line(
                0,
                100.0,
                92.0,
                520.0,
                "美国参议院投票通过法案（S.1260）<sup>1</sup>，旨在促进",
            ),
            text_line(0, 115.0, 72.0, 300.0, "半导体发展<sup>2</sup>。"),
            heading,
            text_line(
                1,
                100.0,
                72.0,
                400.0,
                "1. S.1260 - United States Innovation Act.",
            ),
            text_line(
                1,
                115.0,
                72.0,
                400.0,
                "2. 経済産業省: 半導体・デジタル産業戦略.",
            ),
            text_line(1, 160.0, 72.0, 400.0, "3. 没有被引用的编号段落"),
        ];
        let got = paragraphs(&pages, &lines);
        assert!(got.contains(&"---".to_string()), "{got:?}");
        assert!(
            got.contains(&"<sup>1</sup> S.1260 - United States Innovation Act.".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(&"<sup>2</sup> 経済産業省: 半導体・デジタル産業戦略.".to_string()),
            "{got:?}"
        );
        // A number the text never cited is no note.
        assert!(got.iter().any(|p| p.starts_with("3. 没有")), "{got:?}");
        // Without the heading, numbered lines high on the page are text.
        let plain: Vec<Line> = lines
            .iter()
            .filter(|l| l.heading.is_none())
            .cloned()
            .collect();
        let got = paragraphs(&pages, &plain);
        assert!(!got.contains(&"---".to_string()), "{got:?}");
    }

    #[test]
    fn a_spread_head_before_a_long_url_is_joined() {
        // Seed 000's source line justified: `来源：` spread at one even gap for want of a
        // break before the URL. Uneven gaps between such characters stay spaces.
        let url = "https://kd.youth.cn/a/AY7lBp9p0lRmZW0";
        let line_of = |gaps: [f64; 2]| {
            let mut glyphs = vec![];
            let mut x = 72.0;
            for (c, gap) in "来源：".chars().zip([gaps[0], gaps[1], 8.0]) {
                glyphs.extend(spaced(100.0, x, 10.0, &c.to_string()));
                x += 10.0 + gap;
            }
            for c in url.chars() {
                let mut g = spaced(100.0, x, 5.0, &c.to_string());
                g[0].w = 5.0;
                glyphs.extend(g);
                x += 5.0;
            }
            let row: Vec<&Glyph> = glyphs.iter().collect();
            make_line(0, &row, &[], 0, &Advances::new()).unwrap().text
        };
        assert_eq!(line_of([8.0, 8.0]), format!("来源：{url}"));
        assert_ne!(line_of([3.0, 30.0]), format!("来源：{url}"));
    }

    #[test]
    fn a_heading_size_nearer_the_body_is_text() {
        // 9 pt text (small-wide): a heading level at 9.5 pt; a line at 9.2 pt is within
        // 0.6 pt of it but nearer the body.
        let levels = [(9.5, 2, 40)];
        let sized = |size: f64, text: &str| {
            let mut l = text_line(0, 100.0, 72.0, 400.0, text);
            l.size = size;
            l
        };
        let head = sized(9.5, "1. 英国政府与 IBM 将合作开展先进数字技术研究");
        assert_eq!(level_of(&levels, &head, 9.0), Some(2));
        let text = sized(9.2, "6 月 3 日，英国科学技术设施理事会");
        assert_eq!(level_of(&levels, &text, 9.0), None);
        // In 8 pt text the same 9.2 pt line is a heading's.
        assert_eq!(level_of(&levels, &text, 8.0), Some(2));
    }

    #[test]
    fn a_small_cited_note_mid_page_ends_before_the_next_heading() {
        // A column's article ends with its note in small type, high on the page; the next
        // article's heading follows on the same page.
        let pages = a4_pages(1);
        let mut note = text_line(
            0,
            200.0,
            72.0,
            400.0,
            "1 S.1260 - United States Innovation and Competition Act of 2021.",
        );
        note.size = 8.0;
        let mut heading = text_line(0, 240.0, 72.0, 400.0, "2. 日本发布半导体数字产业战略");
        heading.heading = Some(1);
        let lines = vec![
            text_line(
                0,
                100.0,
                92.0,
                520.0,
                "美国参议院投票通过《2021 年美国创新与竞争法案》",
            ),
            text_line(0, 115.0, 72.0, 300.0, "（S.1260）<sup>1</sup>。"),
            note,
            heading,
            text_line(0, 260.0, 92.0, 520.0, "6 月 4 日，日本经济产业省发布"),
        ];
        let got = paragraphs(&pages, &lines);
        let at = |p: &dyn Fn(&String) -> bool| got.iter().position(p);
        let note_at = at(&|p| p.starts_with("<sup>1</sup> S.1260"));
        let heading_at = at(&|p| p.ends_with("日本发布半导体数字产业战略"));
        assert!(note_at.is_some() && heading_at.is_some(), "{got:?}");
        assert!(note_at < heading_at, "{got:?}");
    }

    #[test]
    fn a_justified_korean_line_parts_its_words_with_spaces() {
        // Seed 003's note 3 set in a narrow column: justification spreads its Korean
        // words a cell's width apart; they are words, not cells. Chinese words so far
        // apart stay cells.
        let line_of = |words: &[&str]| {
            let mut glyphs = vec![];
            let mut x = 320.0;
            for word in words {
                for c in word.chars() {
                    let mut g = spaced(100.0, x, 10.0, &c.to_string());
                    g[0].w = if c.is_ascii() { 5.0 } else { 10.0 };
                    x += g[0].w;
                    glyphs.extend(g);
                }
                x += 40.0;
            }
            let row: Vec<&Glyph> = glyphs.iter().collect();
            let line = make_line(0, &row, &[], 0, &Advances::new()).unwrap();
            (line.text, line.cells)
        };
        let korean = ["3", "제", "16", "회", "심의회의", "결과(21.6.24)."];
        assert_eq!(line_of(&korean), (korean.join(" "), 1));
        let chinese = ["序号", "项目名称", "供应链环节", "评估"];
        assert_eq!(line_of(&chinese).1, 4);
    }

    #[test]
    fn a_url_cut_after_its_query_mark_is_one_word() {
        // The credit line ends short at `?` (the query would not fit); the query alone
        // on the next line is the rest of the URL, not a paragraph of its own.
        let pages = a4_pages(1);
        let lines: Vec<Line> = (0..9)
            .map(|k| text_line(0, 100.0 + 15.0 * k as f64, 72.0, 520.0, "正文正文正文"))
            .chain([
                text_line(0, 285.0, 72.0, 200.0, "正文完。"),
                text_line(
                    0,
                    300.0,
                    72.0,
                    420.0,
                    "来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?",
                ),
                text_line(0, 315.0, 72.0, 300.0, "post_id=2104&board_id=11#this"),
                text_line(0, 330.0, 72.0, 520.0, "6月18日，澳大利亚公布行动计划。"),
            ])
            .collect();
        let got = paragraphs(&pages, &lines);
        assert!(
            got.contains(&"来源：https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post_id=2104&board_id=11#this".to_string()),
            "{got:?}"
        );
        // A question in English prose is no URL: the line after it stays apart.
        assert!(!url_goes_on("Why? See https://a.org/x", "b.html"));
        assert!(!url_goes_on("https://a.org/?", "next line"));
        assert!(url_goes_on("https://a.org/a-", "b/c.html"));
        // A slug cut after one of its hyphens goes on with the rest of the slug.
        assert!(url_goes_on(
            "来源：https://www.industry.gov.au/data-and-publications/australias-artificial-",
            "intelligence-action-plan"
        ));
        // The same cut in a link annotation: one piece per line, one link again.
        let mut p = "来源：[https://a.org/v.jsp?](https://a.org/v.jsp?post_id=2)".to_string();
        join_line(&mut p, "[post\\_id=2](https://a.org/v.jsp?post_id=2)");
        assert_eq!(p, "来源：<https://a.org/v.jsp?post_id=2>");
    }

    #[test]
    fn leaders_are_layout() {
        let mut s = "日本发布半导体和数字产业发展战略 .....".to_string();
        trim_leader(&mut s);
        assert_eq!(s, "日本发布半导体和数字产业发展战略");
        let mut t = "U.S.".to_string();
        trim_leader(&mut t);
        assert_eq!(t, "U.S.");
    }

    #[test]
    fn truncated_and_non_pdf_bytes_are_refused() {
        let e = read(b"%PDF-1.7\n1 0 obj\n<<").unwrap_err();
        assert!(e.contains("truncated"), "{e}");
        let e = read(b"%PDF-1.7\ngarbage\n%%EOF\n").unwrap_err();
        assert!(e.contains("damaged"), "{e}");
    }
}
