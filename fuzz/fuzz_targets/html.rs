//! Bytes → a web page → readability and the HTML reader → the import pipeline. The input
//! is given an `<html>` start when it has none, so every input is read as a page.
#![no_main]

use gazette::import::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut page = Vec::with_capacity(data.len() + 8);
    if gazette::import::sniff::sniff(data) != gazette::import::sniff::Format::Html {
        page.extend_from_slice(b"<html>");
    }
    page.extend_from_slice(data);
    if let Ok(imported) = import_bytes(&page, "fuzz.html", &ImportOptions::default()) {
        assert_eq!(imported.original, Some("html"));
    }
});
