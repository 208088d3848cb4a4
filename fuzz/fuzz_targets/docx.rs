//! Bytes → a Word file → the Word reader → the import pipeline. An input that is a zip is
//! read as it is (the zip reader's own bounds); any other input becomes the parts of a
//! Word file: `word/document.xml`, then after a 0xFF byte `word/styles.xml`, then
//! `word/footnotes.xml`, so mutations reach styles, tables, fields and footnotes.
#![no_main]

use gazette::import::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;
use std::io::Write;

fn word_file(data: &[u8]) -> Vec<u8> {
    let mut parts = data.split(|&b| b == 0xFF);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for name in ["word/document.xml", "word/styles.xml", "word/footnotes.xml"] {
        let part = parts.next().unwrap_or_default();
        if zip.start_file(name, stored).is_err() || zip.write_all(part).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        word_file(data)
    };
    let _ = import_bytes(&bytes, "fuzz.docx", &ImportOptions::default());
});
