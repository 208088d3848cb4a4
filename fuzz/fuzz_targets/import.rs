//! Raw bytes → the import pipeline, as `gazette import` runs it on whatever a PDF converter
//! produced. Beyond "no panic", what import writes must load back (`content::parse_file`),
//! slugs must be valid and unique, and enrich and the Markdown renderer must take the result.
#![no_main]

use gazette::import::{import_bytes, ImportOptions};
use gazette::{content, enrich, markdown, slug};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

static VOCAB: OnceLock<enrich::Vocabulary> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = import_bytes(data, "seeds/fuzz.txt", &ImportOptions::default()) else {
        return;
    };
    let mut bulletin = imported.bulletin;
    bulletin.slug = "2021-01-01-fuzz".into();
    let mut seen = HashSet::new();
    for a in &bulletin.articles {
        assert!(slug::is_valid(&a.slug), "invalid article slug {:?}", a.slug);
        assert!(
            seen.insert(a.slug.clone()),
            "duplicate article slug {:?}",
            a.slug
        );
        markdown::to_html(&a.body, "/portal/");
    }
    let files = content::to_files(&bulletin).expect("front matter serialises");
    for (name, text) in &files {
        if let Err(e) = content::parse_file(Path::new(name), text) {
            panic!("import wrote {name}, which does not load back: {e}\n{text}");
        }
    }
    let vocab = VOCAB.get_or_init(enrich::Vocabulary::builtin);
    enrich::enrich(std::slice::from_ref(&bulletin), vocab);
});
