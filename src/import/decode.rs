//! Bytes to text: the encodings raw bulletins arrive in, detected or forced.
//!
//! PDF converters and web scrapers hand over UTF-8 (with or without a BOM), GB18030
//! or GBK from older Chinese tools, Big5 from Taiwan and Hong Kong, and now and then
//! UTF-16 from Windows, with or without a BOM. Detection is by BOM, then UTF-16 by where
//! its zero bytes fall (and that it decodes to text), then UTF-8 by being valid, and
//! the legacy Chinese encodings by Firefox's detector, chardetng: GB18030 and Big5
//! decode each other's bytes without error, so only the statistics of the text tell
//! them apart. When the detector cannot tell (too little Chinese text), the file is
//! refused with the `--encoding` values to choose from, rather than guessed. A file with
//! a few bad bytes is decoded anyway and each damaged line is reported, so nothing is
//! silently lost.

use super::Diagnostic;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text, the encoding that was used, and the lines with undecodable bytes.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves a user's `--encoding` value (utf-8, gb18030, gbk, utf-16le…).
pub fn encoding_by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes a raw bulletin. `forced` skips detection. Errors say why the bytes are not a bulletin.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("the file is empty: there is nothing to import".into());
    }
    let (encoding, body) = match forced {
        Some(enc) => (enc, strip_bom(bytes, enc)),
        None => detect(bytes)?,
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    let mut diagnostics = Vec::new();
    if had_errors {
        for (i, line) in text.split('\n').enumerate() {
            if line.contains('\u{FFFD}') {
                diagnostics.push(Diagnostic::warning(
                    Some(i + 1),
                    format!(
                        "bytes that are not valid {} were replaced by �; check this line, or pass --encoding",
                        encoding.name()
                    ),
                ));
            }
        }
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.contains('\0') {
        let nul_line = text
            .split('\n')
            .position(|l| l.contains('\0'))
            .map(|i| i + 1);
        diagnostics.push(Diagnostic::warning(
            nul_line,
            "NUL bytes removed".to_string(),
        ));
    }
    Ok(Decoded {
        text: text.replace('\0', ""),
        encoding: encoding.name(),
        diagnostics,
    })
}

fn strip_bom<'a>(bytes: &'a [u8], enc: &'static Encoding) -> &'a [u8] {
    match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
        _ => bytes,
    }
}

fn detect(bytes: &[u8]) -> Result<(&'static Encoding, &[u8]), String> {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return Ok((enc, &bytes[len..]));
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some(enc) = utf16_without_bom(bytes, valid_utf8) {
        return Ok((enc, bytes));
    }
    if looks_binary(bytes) {
        return Err(
            "this is not a text file (it has control bytes that text does not), nor a \
             document gazette reads: gazette imports PDF, Word (.docx), web pages (.html) \
             and text. Open the file in the program that made it and save it as PDF, .docx \
             or UTF-8 text, then import that"
                .into(),
        );
    }
    if valid_utf8 || mostly_utf8(bytes) {
        // Mostly UTF-8 with a few damaged bytes: decoded as UTF-8, the lines reported.
        return Ok((UTF_8, bytes));
    }
    let sample = &bytes[..bytes.len().min(1 << 20)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == bytes.len());
    match detector.guess(None, Utf8Detection::Deny) {
        // GB18030 is GBK's superset (four-byte sequences, the euro sign): decode as it.
        enc if enc == GBK || enc == GB18030 => Ok((GB18030, bytes)),
        enc if enc == BIG5 => Ok((BIG5, bytes)),
        other => Err(format!(
            "cannot tell this file's encoding: it is not UTF-8 or UTF-16, and it has too \
             little Chinese text to tell GB18030 from Big5 (it reads most like {}). Pass \
             --encoding gb18030 (Simplified Chinese), --encoding big5 (Traditional) or \
             --encoding {}",
            other.name(),
            other.name().to_ascii_lowercase()
        )),
    }
}

/// Not valid UTF-8, but almost: at least 20 well-formed multi-byte characters for each
/// damaged sequence (a converter's stray byte, a file cut in the middle of a character).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)]);
    let damaged = text.matches('\u{FFFD}').count();
    let good = text
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    good >= 20 * damaged.max(1)
}

/// UTF-16 without a BOM: zero bytes (the high byte of a line break, a space, any ASCII)
/// fall on one side of each pair only, and the text decodes cleanly to characters of
/// the scripts a bulletin is written in. Chinese text has few zero bytes (one a line),
/// but all on the same side, and those pairs are line breaks and ASCII; a PDF or an
/// image has zero bytes on both sides. Bytes that are valid UTF-8 (every ASCII text is,
/// NULs included) are taken for UTF-16 only when a tenth of the pairs hold a zero.
fn utf16_without_bom(bytes: &[u8], valid_utf8: bool) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(64 * 1024) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |first: usize| {
        sample
            .iter()
            .skip(first)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even_zero, odd_zero) = (zeros(0), zeros(1));
    let (enc, zero, other) = if odd_zero > even_zero {
        (UTF_16LE, odd_zero, even_zero)
    } else {
        (UTF_16BE, even_zero, odd_zero)
    };
    let one_sided = zero >= 2 && other * 20 <= zero;
    if !one_sided || (valid_utf8 && zero * 10 < pairs) {
        return None;
    }
    let (text, _) = enc.decode_without_bom_handling(sample);
    // The sample may end inside a surrogate pair: its last character does not count.
    let mut chars: Vec<char> = text.chars().collect();
    chars.pop();
    let is_text = |c: char| c != '\u{FFFD}' && (!c.is_control() || matches!(c, '\t' | '\n' | '\r'));
    let low: Vec<char> = chars
        .iter()
        .copied()
        .filter(|&c| (c as u32) < 0x100)
        .collect();
    let plausible = chars.iter().filter(|&&c| is_text(c)).count();
    let lines = low.iter().any(|&c| c == '\n' || c == '\r');
    (lines && low.iter().all(|&c| is_text(c)) && plausible * 100 >= chars.len() * 98).then_some(enc)
}

/// More than 1% control bytes (other than tab, newline, carriage return, form feed and
/// escape) in the first 8 KiB: a PDF, an image or an office file has about 10%; a text with
/// a stray NUL or two is still text (the NULs are removed, with a warning).
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    controls * 100 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of a real seed, as Simplified text.
    fn seed_text() -> String {
        let raw = include_str!("../../seeds/003_2f977091897462c0.txt");
        raw.chars().take(3000).collect()
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf16_without_a_bom_is_detected_chinese_or_ascii() {
        let text = seed_text();
        for le in [true, false] {
            let d = decode(&utf16(&text, le), None).unwrap();
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
            assert_eq!(d.text, text.replace("\r\n", "\n"));
        }
        let english = "Quality news\nISO 9001 certification\n".repeat(20);
        assert_eq!(decode(&utf16(&english, true), None).unwrap().text, english);
        // Chinese with only line breaks for ASCII: a zero byte every 20 characters.
        let dense = "国家市场监督管理总局发布新版质量管理体系认证规则。\n".repeat(30);
        assert_eq!(
            decode(&utf16(&dense, true), None).unwrap().encoding,
            "UTF-16LE"
        );
    }

    #[test]
    fn big5_is_told_from_gb18030() {
        // Traditional text of a real seed (as opencc renders it), in Big5 and in GB18030.
        let traditional = "國家市場監督管理總局發佈《關於進一步加強質量認證制度建設的意見》，\
            要求各地區、各部門推動認證結果採信，強化質量基礎設施建設。\n\
            一、質量要聞\n1.1 國家\n中國合格評定國家認可委員會召開第四屆全體委員會第四次會議。\n";
        let (big5, _, lossy) = BIG5.encode(traditional);
        assert!(!lossy);
        let d = decode(&big5, None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("Big5", traditional));
        let (gb, _, _) = GB18030.encode(traditional);
        assert_eq!(decode(&gb, None).unwrap().encoding, "gb18030");
        let simplified = seed_text();
        let (gb, _, _) = GB18030.encode(&simplified);
        assert_eq!(decode(&gb, None).unwrap().text, simplified);
    }

    #[test]
    fn too_little_chinese_to_tell_is_an_error_naming_the_encodings() {
        // One Chinese character in English text: two bytes any of a dozen encodings could mean.
        let text = "Report 中 end\n".to_string();
        let (gb, _, _) = GB18030.encode(&text);
        let err = decode(&gb, None).unwrap_err();
        assert!(
            err.contains("--encoding gb18030") && err.contains("--encoding big5"),
            "{err}"
        );
        // Forced, it decodes.
        assert_eq!(decode(&gb, Some(GB18030)).unwrap().text, text);
        // Latin-1 is named as what it reads like.
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Zürich café résumé naïve\n");
        let err = decode(&latin, None).unwrap_err();
        assert!(err.contains("--encoding windows-1252"), "{err}");
    }

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = GB18030.encode("一、质量要闻\n1.1 国家\n");
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.starts_with("一、质量要闻"));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn bom_and_crlf_are_handled() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("目录\r\n一、质量要闻\r".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "目录\n一、质量要闻\n");
        let mut le = vec![0xFF, 0xFE];
        for u in "国家\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le, None).unwrap().text, "国家\n");
    }

    #[test]
    fn binary_and_empty_are_refused_with_a_reason() {
        assert!(decode(b"", None).unwrap_err().contains("empty"));
        let binary: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
        assert!(decode(&binary, None)
            .unwrap_err()
            .contains("not a text file"));
        assert!(decode(&[0u8; 100], None).is_err());
        // One stray NUL in a page of text: text, the NUL removed and its line named.
        let page = "第一行，正文。\n".repeat(20);
        let d = decode(format!("{page}第二\0行\n").as_bytes(), None).unwrap();
        assert_eq!(d.text, format!("{page}第二行\n"));
        assert_eq!(d.diagnostics[0].line, Some(21));
    }

    #[test]
    fn damaged_bytes_are_reported_by_line() {
        let mut bytes = "第一行\n".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xE4, 0xB8, b'\n']);
        bytes.extend_from_slice("第三行\n".as_bytes());
        // Not valid UTF-8 and not clean GB18030 either: decoded as UTF-8 with a warning.
        let d = decode(&bytes, Some(UTF_8)).unwrap();
        assert_eq!(d.diagnostics.len(), 1);
        assert_eq!(d.diagnostics[0].line, Some(2));
    }
}
