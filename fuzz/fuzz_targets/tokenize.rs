//! Text → the search tokenizer (the index build and, through its JS twin, every query).
//! Invariants: no empty token, no white space inside one, each token already lower-case
//! and NFKC, and a token tokenises to itself (searching for a token finds it).
#![no_main]

use gazette::search::tokenize::tokenize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for token in tokenize(&text) {
        assert!(!token.is_empty(), "an empty token from {text:?}");
        assert!(
            !token.chars().any(char::is_whitespace),
            "white space in {token:?} from {text:?}"
        );
        assert_eq!(
            tokenize(&token),
            vec![token.clone()],
            "{token:?} from {text:?}"
        );
    }
});
