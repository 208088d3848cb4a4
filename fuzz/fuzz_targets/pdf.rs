//! Bytes → the PDF reader → the import pipeline. The input is made to look like a PDF
//! (`%PDF-` in front, `%%EOF` at the end) so that mutations reach the parser, the content
//! streams, fonts and annotations rather than stopping at the truncation check. Damaged
//! files must come back as an error, never a panic, a hang or a crash.
#![no_main]

use gazette::import::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut pdf = Vec::with_capacity(data.len() + 16);
    if !data.starts_with(b"%PDF-") {
        pdf.extend_from_slice(b"%PDF-1.7\n");
    }
    pdf.extend_from_slice(data);
    pdf.extend_from_slice(b"\n%%EOF\n");
    if let Ok(imported) = import_bytes(&pdf, "fuzz.pdf", &ImportOptions::default()) {
        assert_eq!(imported.original, Some("pdf"));
        assert!(!imported.bulletin.articles.is_empty());
    }
});
