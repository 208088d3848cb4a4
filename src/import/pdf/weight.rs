//! Which strings of a page are set in a bold face: a heading at the body's size is told
//! from the text by its weight alone. pdf-extract reports each character with its size
//! and place but not its font; it does announce each string it shows (`begin_word`), in
//! the order of the content stream. Walking the same operations the same way (strings
//! of `Tj` and `TJ`, forms drawn by `Do` from a fresh state), each string gets the weight
//! of the font selected when it is shown: bold by its descriptor's weight, flags or name,
//! or drawn filled and stroked (`2 Tr`, the way a bold face is faked).

use pdf_extract::content::Operation;
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// The weight of each string a page shows, in the order pdf-extract shows them; `None`
/// when the page's content cannot be followed (it is then read as all regular).
pub(super) fn bold_strings(doc: &Document, page: ObjectId, ops: &[Operation]) -> Option<Vec<bool>> {
    let resources = page_resources(doc, page)?;
    let mut walk = Walk {
        doc,
        out: Vec::new(),
        fonts: HashMap::new(),
        depth: 0,
    };
    walk.stream(ops, resources).then_some(walk.out)
}

/// Does any font of the document have a bold face?
pub(super) fn any_bold_font(doc: &Document) -> bool {
    doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            d.get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|t| t == b"Font")
                && font_dict_is_bold(doc, d)
        })
    })
}

struct Walk<'a> {
    doc: &'a Document,
    out: Vec<bool>,
    /// Each font dictionary's weight, by object (or resource name for a direct one).
    fonts: HashMap<Vec<u8>, bool>,
    depth: usize,
}

impl<'a> Walk<'a> {
    /// Follows one content stream; false when it cannot be followed as pdf-extract does.
    fn stream(&mut self, ops: &[Operation], resources: &'a Dictionary) -> bool {
        // (bold font selected, render mode) and the saved states of `q`.
        let mut state = (false, 0_i64);
        let mut saved = Vec::new();
        for op in ops {
            match op.operator.as_str() {
                "q" => saved.push(state),
                "Q" => state = saved.pop().unwrap_or(state),
                "Tf" => {
                    let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                        return false;
                    };
                    state.0 = self.font_is_bold(resources, name);
                }
                "Tr" => {
                    state.1 = op
                        .operands
                        .first()
                        .and_then(|o| o.as_i64().ok())
                        .unwrap_or(0);
                }
                "Tj" => self.out.push(state.0 || state.1 == 2),
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first() {
                        let strings = items
                            .iter()
                            .filter(|o| matches!(o, Object::String(..)))
                            .count();
                        let bold = state.0 || state.1 == 2;
                        self.out.extend(std::iter::repeat_n(bold, strings));
                    }
                }
                "Do" if !self.form(op, resources) => return false,
                _ => {}
            }
        }
        true
    }

    /// A form drawn with `Do`: its own content, with its resources or the page's.
    fn form(&mut self, op: &Operation, resources: &'a Dictionary) -> bool {
        let doc = self.doc;
        let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
            return false;
        };
        let Some(Object::Stream(stream)) = dict_entry(doc, resources, b"XObject")
            .and_then(|x| x.get(name).ok())
            .map(|o| deref(doc, o))
        else {
            return false;
        };
        if self.depth >= 32 {
            return false;
        }
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        let content = if stream.dict.get(b"Filter").is_ok() {
            stream.decompressed_content().ok()
        } else {
            Some(stream.content.clone())
        };
        let Some(content) = content else {
            return is_image;
        };
        let Ok(decoded) = pdf_extract::content::Content::decode(&content) else {
            // An image's samples are no content; pdf-extract reads them as such and finds
            // no text in them (or stops).
            return is_image;
        };
        let inner = dict_entry(doc, &stream.dict, b"Resources").unwrap_or(resources);
        self.depth += 1;
        let ok = self.stream(&decoded.operations, inner);
        self.depth -= 1;
        ok
    }

    fn font_is_bold(&mut self, resources: &Dictionary, name: &[u8]) -> bool {
        let doc = self.doc;
        let Some(entry) = dict_entry(doc, resources, b"Font").and_then(|f| f.get(name).ok()) else {
            return false;
        };
        let key = match entry {
            Object::Reference((n, g)) => format!("{n} {g}").into_bytes(),
            _ => name.to_vec(),
        };
        if let Some(&bold) = self.fonts.get(&key) {
            return bold;
        }
        let bold = deref(doc, entry)
            .as_dict()
            .is_ok_and(|font| font_dict_is_bold(doc, font));
        self.fonts.insert(key, bold);
        bold
    }
}

/// A font is bold by its descriptor (weight 600 or more, or the ForceBold flag) or by a
/// name that says so (`NotoSansCJKsc-Bold`, `SimHei,Bold`, `Arial-BoldMT`, `…-Black`).
/// A composite font keeps its descriptor in its descendant.
fn font_dict_is_bold(doc: &Document, font: &Dictionary) -> bool {
    let descendant = font
        .get(b"DescendantFonts")
        .ok()
        .and_then(|d| deref(doc, d).as_array().ok())
        .and_then(|a| a.first())
        .and_then(|d| deref(doc, d).as_dict().ok());
    let descriptor = descendant
        .into_iter()
        .chain(std::iter::once(font))
        .find_map(|f| dict_entry(doc, f, b"FontDescriptor"));
    let by_descriptor = descriptor.is_some_and(|d| {
        let weight = d
            .get(b"FontWeight")
            .ok()
            .and_then(|w| deref(doc, w).as_float().ok());
        let flags = d
            .get(b"Flags")
            .ok()
            .and_then(|f| deref(doc, f).as_i64().ok());
        weight.is_some_and(|w| w >= 600.0) || flags.is_some_and(|f| f & (1 << 18) != 0)
    });
    let names = [
        font.get(b"BaseFont").ok(),
        descriptor.and_then(|d| d.get(b"FontName").ok()),
    ];
    by_descriptor
        || names
            .into_iter()
            .flatten()
            .filter_map(|n| deref(doc, n).as_name().ok())
            .any(|n| name_says_bold(&String::from_utf8_lossy(n)))
}

/// `Bold`, `Black`, `Heavy`, `Semibold`, `Demi` in the style part of a font's name (after
/// the family: `NotoSerifCJKjp-Bold-VKana`, `SimHei,Bold`).
fn name_says_bold(name: &str) -> bool {
    let name = name.rsplit('+').next().unwrap_or(name).to_ascii_lowercase();
    name.split(['-', ',', '_']).skip(1).any(|style| {
        ["bold", "black", "heavy", "demi"]
            .iter()
            .any(|w| style.contains(w))
    })
}

/// The page's resources, its own or inherited from the page tree.
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Some(r) = dict_entry(doc, node, b"Resources") {
            return Some(r);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| deref(doc, p).as_dict().ok())?;
    }
    None
}

fn dict_entry<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    d.get(key).ok().and_then(|o| deref(doc, o).as_dict().ok())
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::content::Content;

    fn font(doc: &mut Document, name: &str, weight: i64) -> Object {
        let mut descriptor = Dictionary::new();
        descriptor.set("FontName", Object::Name(name.as_bytes().to_vec()));
        descriptor.set("FontWeight", Object::Integer(weight));
        let descriptor = doc.add_object(Object::Dictionary(descriptor));
        let mut font = Dictionary::new();
        font.set("Subtype", Object::Name(b"Type3".to_vec()));
        font.set("FontDescriptor", Object::Reference(descriptor));
        Object::Reference(doc.add_object(Object::Dictionary(font)))
    }

    #[test]
    fn each_string_shown_gets_its_fonts_weight() {
        // Chromium's Type 3 fonts have no name of their own; their descriptor says the face.
        let mut doc = Document::with_version("1.7");
        let mut fonts = Dictionary::new();
        fonts.set("F1", font(&mut doc, "AAAAAA+NotoSansCJKsc-Regular", 400));
        fonts.set("F2", font(&mut doc, "BAAAAA+NotoSansCJKsc-Bold", 700));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Dictionary(fonts));
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Resources", Object::Dictionary(resources));
        let page = doc.add_object(Object::Dictionary(page));
        let content = b"BT /F1 12 Tf (a) Tj /F2 12 Tf [(b) -10 (c)] TJ /F1 12 Tf \
                        q 2 Tr (d) Tj Q (e) Tj ET";
        let ops = Content::decode(content).unwrap().operations;
        assert_eq!(
            bold_strings(&doc, page, &ops),
            Some(vec![false, true, true, true, false])
        );
        // A form that cannot be found: the page cannot be followed.
        let ops = Content::decode(b"/X1 Do BT /F2 12 Tf (a) Tj ET")
            .unwrap()
            .operations;
        assert_eq!(bold_strings(&doc, page, &ops), None);
    }

    #[test]
    fn bold_faces_are_told_by_their_names() {
        for n in [
            "BAAAAA+NotoSansCJKsc-Bold",
            "CAAAAA+NotoSerifCJKjp-Bold-VKana",
            "SimHei,Bold",
            "Arial-BoldMT",
            "SourceHanSans-Heavy",
            "NotoSansCJKsc-Black",
        ] {
            assert!(name_says_bold(n), "{n}");
        }
        for n in [
            "AAAAAA+NotoSansCJKsc-Regular",
            "BAAAAA+NotoSansCJKjp-Regular-VKana",
            "SimSun",
            "Boldini-Regular",
        ] {
            assert!(!name_says_bold(n), "{n}");
        }
    }
}
