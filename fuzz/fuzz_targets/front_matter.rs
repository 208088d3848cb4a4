//! A content file's text → the front-matter parser, as `gazette build` and `check` read
//! `content/`. Beyond "no panic", an error must point inside the file (line 1..=lines+1,
//! column ≥ 1) and name it.
#![no_main]

use gazette::content;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file kind, the rest is the file (content files are UTF-8:
    // anything else is refused before parsing, by `content::load_bulletin`).
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = if kind & 1 == 0 { "index.md" } else { "01-a.md" };
    let path = Path::new("content/bulletins/b").join(name);
    if let Err(e) = content::parse_file(&path, text) {
        let lines = text.split('\n').count();
        assert!(
            e.line >= 1 && e.line <= lines + 1,
            "line {} outside the file ({lines} lines): {e}",
            e.line
        );
        assert!(e.column >= 1, "column 0: {e}");
        assert!(
            e.to_string().starts_with(&path.display().to_string()),
            "{e}"
        );
        assert!(!e.message.trim().is_empty(), "an empty message: {e}");
    }
});
