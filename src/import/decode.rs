//! Bytes to text: the encodings raw bulletins arrive in, detected or forced.
//!
//! PDF converters and web scrapers hand over UTF-8 (with or without a BOM), GB18030
//! or GBK from older Chinese tools, and now and then UTF-16 from Windows. Detection
//! is by BOM, then by which decoding is clean. A file that is neither text nor any
//! of these is refused with a reason; a file with a few bad bytes is decoded anyway
//! and each damaged line is reported, so nothing is silently lost.

use super::Diagnostic;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

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
    if let Some(enc) = utf16_without_bom(bytes) {
        return Ok((enc, bytes));
    }
    if looks_binary(bytes) {
        return Err(
            "this is not a text file (it has control bytes that text does not); \
                    import takes the text a PDF or web page was converted to"
                .into(),
        );
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok((UTF_8, bytes));
    }
    // GB18030 decodes every byte sequence that GBK does; a clean decode means it is GB text.
    let (_, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok((GB18030, bytes));
    }
    // Mostly UTF-8 with a few damaged bytes: decode as UTF-8 and report the lines.
    Ok((UTF_8, bytes))
}

/// UTF-16 without a BOM shows as every other byte being zero in ASCII-heavy text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 > pairs * 3 && even_zero * 20 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 > pairs * 3 && odd_zero * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
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
