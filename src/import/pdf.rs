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
use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};
use std::collections::HashMap;

/// One character as drawn: position (top-down, in points), advance and size.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// The baseline, measured from the top of the page.
    y: f64,
    w: f64,
    size: f64,
    text: String,
}

#[derive(Debug, Default)]
struct Page {
    width: f64,
    height: f64,
    glyphs: Vec<Glyph>,
    /// Link annotations: rectangle (x0, top, x1, bottom) and target.
    links: Vec<([f64; 4], String)>,
}

/// Collects the characters of every page (pdf-extract's callback interface).
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _num: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = media_box.ury;
        self.pages.push(Page {
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
            ..Page::default()
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
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
        // The size as drawn: the font size through the text matrix (the side of a square
        // with the area of the transformed font-size vector, as pdf-extract measures it).
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31, self.flip - trm.m32);
        if !size.is_finite() || !x.is_finite() || !y.is_finite() || size < 0.5 {
            return Ok(());
        }
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
                text: text.to_string(),
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
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
    let mut out = Collector::default();
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
}

fn layout(pages: &[Page]) -> Extracted {
    let mut lines: Vec<Line> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        lines.extend(page_lines(n, page));
    }
    let furniture = running_heads(pages, &lines);
    let lines: Vec<Line> = lines
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !furniture.contains(i))
        .map(|(_, l)| l)
        .collect();
    let body = body_size(&lines);
    let levels = heading_levels(&lines, body);
    write(pages, &lines, body, &levels)
}

/// Groups a page's glyphs into lines, top to bottom, each left to right.
fn page_lines(n: usize, page: &Page) -> Vec<Line> {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    // The vertical middle of a character: a raised footnote mark still falls inside
    // the line it belongs to.
    let mid = |g: &Glyph| g.y - g.size * 0.35;
    glyphs.sort_by(|a, b| mid(a).total_cmp(&mid(b)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        let joined = rows.last_mut().filter(|row| {
            let (top, bottom) = row.iter().fold((f64::MAX, f64::MIN), |(t, b), r| {
                (t.min(r.y - r.size * 0.85), b.max(r.y + r.size * 0.1))
            });
            let m = mid(g);
            m > top && m < bottom
        });
        match joined {
            Some(row) => row.push(g),
            None => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .filter_map(|mut row| {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            make_line(n, &row, &page.links)
        })
        .collect()
}

fn make_line(page: usize, row: &[&Glyph], links: &[([f64; 4], String)]) -> Option<Line> {
    let visible: Vec<&&Glyph> = row.iter().filter(|g| !g.text.trim().is_empty()).collect();
    let first = visible.first()?;
    // The line's size and baseline: those of most of its characters.
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    for g in &visible {
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

    let mut text = String::new();
    let mut plain = String::new();
    let mut cells = 1;
    let mut prev_end: Option<f64> = None;
    let mut prev_char: Option<char> = None;
    let mut in_sup = false;
    let mut link: Option<(usize, String)> = None;
    let close_link = |text: &mut String, link: &mut Option<(usize, String)>| {
        if let Some((i, shown)) = link.take() {
            let url = &links[i].1;
            let shown = shown.trim();
            if shown.is_empty() {
                return;
            }
            if same_url(shown, url) {
                text.push_str(url);
            } else {
                text.push_str(&format!("[{shown}]({url})"));
            }
        }
    };
    for g in row {
        let is_space = g.text.trim().is_empty();
        if is_space {
            continue;
        }
        let c = g.text.chars().next().unwrap_or(' ');
        // A footnote mark: a smaller digit raised above the baseline.
        let sup = g.size < size * 0.85
            && g.y < baseline - size * 0.2
            && g.text.chars().all(|c| c.is_ascii_digit());
        let gap = prev_end.map_or(0.0, |e| g.x - e);
        let target = link_of(g);
        if link.as_ref().map(|l| l.0) != target || gap > size * 1.2 {
            close_link(&mut text, &mut link);
        }
        if in_sup && !sup {
            text.push_str("</sup>");
            in_sup = false;
        }
        if prev_end.is_some() {
            if gap > size * 1.2 && !sup {
                trim_leader(&mut text);
                text.push('\t');
                plain.push(' ');
                cells += 1;
            } else if gap > size * 0.2 && !sup {
                let cjk = prev_char.is_some_and(document::is_cjk) && document::is_cjk(c);
                if !cjk || gap > size * 0.6 {
                    push_to(&mut text, &mut link, ' ');
                    plain.push(' ');
                }
            }
        }
        if sup && !in_sup {
            close_link(&mut text, &mut link);
            text.push_str("<sup>");
            in_sup = true;
        }
        if let Some(i) = target.filter(|_| !sup) {
            if link.is_none() {
                link = Some((i, String::new()));
            }
        }
        for ch in g.text.chars() {
            push_to(&mut text, &mut link, ch);
        }
        plain.push_str(&g.text);
        prev_end = Some(g.x + g.w.max(g.size * 0.3));
        prev_char = g.text.chars().last();
    }
    close_link(&mut text, &mut link);
    if in_sup {
        text.push_str("</sup>");
    }
    trim_leader(&mut text);
    let last = visible.last()?;
    Some(Line {
        page,
        x0: first.x,
        x1: last.x + last.w,
        y: baseline,
        size,
        text: text.trim().to_string(),
        plain: plain.trim().to_string(),
        cells,
    })
}

/// Writes a character into the open link's text, or the line's.
fn push_to(text: &mut String, link: &mut Option<(usize, String)>, c: char) {
    match link {
        Some((_, shown)) => shown.push(c),
        None => text.push(c),
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

/// A link's text that spells its own target (maybe without the scheme, or cut short).
fn same_url(shown: &str, url: &str) -> bool {
    let bare = |u: &str| {
        u.trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    };
    shown.starts_with("http") && bare(shown) == bare(url)
        || shown.contains("://") && url.starts_with(shown)
}

/// Lines in the top or bottom margin that repeat across pages (a running head, the
/// bulletin's name) or are only a page number: indices into `lines`.
fn running_heads(pages: &[Page], lines: &[Line]) -> std::collections::HashSet<usize> {
    let in_margin = |l: &Line| {
        let h = pages.get(l.page).map_or(842.0, |p| p.height);
        l.y < h * 0.09 || l.y > h * 0.91
    };
    let key = |l: &Line| {
        l.plain
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
    };
    let mut seen: HashMap<String, std::collections::HashSet<usize>> = HashMap::new();
    for l in lines.iter().filter(|l| in_margin(l)) {
        seen.entry(key(l)).or_default().insert(l.page);
    }
    let repeats = |k: &str| {
        let n = seen.get(k).map_or(0, |p| p.len());
        pages.len() >= 3 && n * 2 >= pages.len().max(2) || pages.len() == 2 && n == 2
    };
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| in_margin(l) && (is_page_number(&l.plain) || repeats(&key(l))))
        .map(|(i, _)| i)
        .collect()
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

/// Heading sizes, largest first, each with its level (1…4): sizes clearly above the
/// body's, on lines short enough to be headings.
fn heading_levels(lines: &[Line], body: f64) -> Vec<(f64, usize)> {
    let mut sizes: Vec<f64> = lines
        .iter()
        .filter(|l| l.size > body * 1.12 && l.plain.chars().count() <= 120 && l.cells == 1)
        .map(|l| (l.size * 2.0).round() / 2.0)
        .collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup_by(|a, b| (*a - *b).abs() < 0.6);
    sizes
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s, (i + 1).min(4)))
        .collect()
}

fn level_of(levels: &[(f64, usize)], l: &Line) -> Option<usize> {
    if l.cells > 1 || l.plain.chars().count() > 120 {
        return None;
    }
    levels
        .iter()
        .find(|(s, _)| (l.size - s).abs() < 0.6)
        .map(|&(_, n)| n)
}

/// Lines → blocks (headings, paragraphs, table rows, footnotes) → text.
fn write(pages: &[Page], lines: &[Line], body: f64, levels: &[(f64, usize)]) -> Extracted {
    let mut out = Extracted::default();
    // Margins of the body text, page by page: where its lines start and end.
    let mut margins: HashMap<usize, (f64, f64)> = HashMap::new();
    for l in lines
        .iter()
        .filter(|l| (l.size - body).abs() < 0.6 && l.cells == 1)
    {
        let m = margins.entry(l.page).or_insert((f64::MAX, f64::MIN));
        m.0 = m.0.min(l.x0);
        m.1 = m.1.max(l.x1);
    }
    let pitch = line_pitch(lines, body);
    let mut para = String::new();
    let mut para_place = String::new();
    let mut heading: Option<(usize, String, f64)> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;

    let flush_para = |out: &mut Extracted, para: &mut String, place: &str| {
        if !para.is_empty() {
            out.paragraph(para, place);
            para.clear();
        }
    };
    let flush_heading = |out: &mut Extracted, heading: &mut Option<(usize, String, f64)>| {
        if let Some((level, text, _)) = heading.take() {
            out.paragraph(&format!("{} {}", "#".repeat(level), text), "");
        }
    };

    for (i, l) in lines.iter().enumerate() {
        let place = format!("page {}", l.page + 1);
        let page = &pages[l.page];
        let (left, right) = margins.get(&l.page).copied().unwrap_or((0.0, page.width));
        let new_page = prev.is_none_or(|p| p.page != l.page);
        if new_page {
            flush_notes(&mut out, &mut notes, &place);
        }
        // A footnote: small text in the lower part of the page, starting with its number.
        if l.size < body * 0.92 && l.y > page.height * 0.6 && footnote_start(&l.text).is_some() {
            flush_para(&mut out, &mut para, &para_place);
            flush_heading(&mut out, &mut heading);
            notes.push(footnote_start(&l.text).unwrap_or_default());
            prev = Some(l);
            continue;
        }
        if l.size < body * 0.92 && !notes.is_empty() && l.y > page.height * 0.6 {
            if let Some(n) = notes.last_mut() {
                document::join(n, &l.text);
            }
            prev = Some(l);
            continue;
        }
        if let Some(level) = level_of(levels, l) {
            flush_para(&mut out, &mut para, &para_place);
            // A heading wrapped over two lines continues at the same size, just below.
            match &mut heading {
                Some((lv, text, y)) if *lv == level && !new_page && l.y - *y < l.size * 1.9 => {
                    document::join(text, &l.text);
                    *y = l.y;
                }
                _ => {
                    flush_heading(&mut out, &mut heading);
                    heading = Some((level, l.text.clone(), l.y));
                }
            }
            prev = Some(l);
            continue;
        }
        flush_heading(&mut out, &mut heading);
        if l.cells > 1 {
            flush_para(&mut out, &mut para, &para_place);
            // Table rows and TOC entries: one line each, no blank line between rows.
            let next_is_row = lines.get(i + 1).is_some_and(|n| n.cells > 1);
            let prev_is_row = prev.is_some_and(|p| p.cells > 1 && level_of(levels, p).is_none());
            if !prev_is_row {
                out.blank(&place);
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
                let gap = if p.page == l.page {
                    l.y - p.y > pitch * 1.45 || l.y < p.y
                } else {
                    false
                };
                let short_before =
                    p.x1 < right - p.size * 1.5 || p.page != l.page && p.x1 < right - p.size * 1.5;
                let other_size = (p.size - l.size).abs() > 0.6;
                let was_block = p.cells > 1 || level_of(levels, p).is_some();
                indent || gap || short_before || other_size || was_block
            }
        };
        if starts_paragraph {
            flush_para(&mut out, &mut para, &para_place);
            para_place = place.clone();
        }
        document::join(&mut para, &l.text);
        prev = Some(l);
    }
    flush_para(&mut out, &mut para, &para_place);
    flush_heading(&mut out, &mut heading);
    flush_notes(&mut out, &mut notes, "");
    out
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
    if num.is_empty() || num.len() > 3 || rest.trim().is_empty() {
        return None;
    }
    Some(format!("<sup>{num}</sup> {}", rest.trim()))
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
