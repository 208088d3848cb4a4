//! Tokenizer parity: the browser's `themes/default/static/search/tokenize.js` must split
//! every string exactly as `gazette::search::tokenize` does, or a query typed in the
//! browser would look for tokens the index never built.
//!
//! The strings: every paragraph of every seed (and each seed whole), and of seed 003 in
//! Traditional characters (`tests/fixtures/traditional/`), mixed scripts, full-width
//! forms, the documented examples, edge cases, and a few thousand random strings from a
//! seeded xorshift over mixed Unicode ranges, which include every character the
//! Traditional → Simplified table folds (U+3400–U+4DBF, U+4E00–U+9FFF). The JS side gets
//! the table from `src/search/fold.txt`, the file the index serves. All go through `node`
//! in one run. `node` (>= 20) must be installed, so these tests are `#[ignore]`d: `.ci/run` runs
//! them with the other ignored tests; without node they fail saying so.
//!
//! Unicode versions: Rust's std (case mapping, `Alphabetic`, `N`) and V8 (ICU) are both
//! on Unicode 17 here; the `unicode-normalization` crate (NFKC, `M`) is on Unicode 18. Of
//! the ranges tested, six characters are new in 18 and V8 neither normalises nor classes
//! them yet (U+05C8, U+05C9, U+209D–U+209F, U+1D6A6): the ranges leave them out. Every
//! other character of the ranges is checked one by one, in context, besides at random.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use gazette::search::tokenize;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Reads a JSON array of strings on stdin, prints the JSON array of their token arrays,
/// folded with the table the index serves.
const NODE_SCRIPT: &str = r#"
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const { parseFold, tokenize } = await import(pathToFileURL(process.env.GAZETTE_TOKENIZE_JS).href);
const fold = parseFold(readFileSync(process.env.GAZETTE_FOLD, "utf8"));
const input = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.map((s) => tokenize(s, fold))));
"#;

/// Tokenizes `inputs` with the JS module under node.
fn js_tokenize(inputs: &[String]) -> Vec<Vec<String>> {
    let module = repo().join("themes/default/static/search/tokenize.js");
    let child = Command::new("node")
        .args(["--input-type=module", "-e", NODE_SCRIPT])
        .env("GAZETTE_TOKENIZE_JS", &module)
        .env("GAZETTE_FOLD", repo().join("src/search/fold.txt"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!(
            "the tokenizer parity test needs `node` (Node.js >= 20) on PATH, and it could not \
             be run ({e}): install Node.js (Debian: `apt-get install nodejs`)"
        ),
    };
    let json = serde_json::to_vec(inputs).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&json));
    let output = child.wait_with_output().expect("wait for node");
    writer.join().unwrap().expect("write to node's stdin");
    assert!(
        output.status.success(),
        "node failed running {} ({}): {}",
        module.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("node printed a JSON array of token arrays")
}

/// Every paragraph of every seed (split on blank lines), and each seed whole; the
/// Traditional fixture too.
fn seed_strings() -> Vec<String> {
    let mut dir: Vec<_> = ["seeds", "tests/fixtures/traditional"]
        .iter()
        .flat_map(|d| std::fs::read_dir(repo().join(d)).expect("read the seeds"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    dir.sort();
    assert!(dir.len() > 5, "no seeds in seeds/");
    let mut out = Vec::new();
    for path in dir {
        let text = std::fs::read_to_string(&path)
            .expect("read seed")
            .replace("\r\n", "\n");
        out.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from),
        );
        out.push(text);
    }
    out
}

fn fixed_strings() -> Vec<String> {
    [
        // The documented examples.
        "GB/T 19001-2016",
        "ARPA-C",
        "14017",
        "2022",
        "5.35",
        "S.1260",
        "国市监质发〔2021〕62号",
        "《2021 年全国标准化工作要点》印发",
        "依据ISO9001和GB/T19001—2016，t20210427_328285.html",
        // Full-width digits, letters, punctuation.
        "２０２１年，ＧＢ／Ｔ １９００１",
        "ＡＲＰＡ－Ｃ　Ｓ．１２６０　５．３５％",
        "①②③ ⅫⅣ ㈱ ㍻ ﬁ ﬀ ｶﾀｶﾅ ﾊﾟﾋﾞ",
        // Mixed scripts.
        "東京都に住む。カタカナとひらがな、漢字。",
        "한국어 표준 국가기술표준원(KATS) 2021년",
        "Москва, Санкт-Петербург; ΣΟΦΊΑ ΟΔΟΣ οδος ς",
        "café naïve résumé Ærøskøbing straße İstanbul ǅemal",
        "cafe\u{301} e\u{301}\u{323} a\u{308}\u{304}",
        "العربية 123 ٢٠٢١ हिन्दी भाषा ไทย ภาษา",
        "CNAS召开第四届全体委员会第四次会议（CNAS）",
        "々〆〇〡〢 ㄅㄆㄇ ᄀᄁ ㄱㄴ",
        "𠀀𠀁𪚥 𰀀 丽丸",
        // Traditional and Simplified, mixed; characters left alone; Extension A.
        "標準化 产業政策 國際合作 認證認可 關於 乾隆 餘額 㑳㐹 豈",
        // Edge cases.
        "",
        " ",
        "\t\n\r\u{3000}\u{a0}",
        "😀👍🏽👨‍👩‍👧 🇨🇳 #️⃣",
        "a\u{0}b\u{7}c\u{1b}[0m\u{7f}d\u{85}e",
        "监\u{200b}管\u{feff}部\u{ad}门 co\u{ad}operate 葛\u{e0100}",
        "\u{301}\u{302}abc \u{301}中\u{301}文",
        "\u{fdd0}\u{fffe}\u{10ffff}\u{e000}",
        "。，、；：？！“”‘’（）【】《》〔〕…—·",
        ".,;:?!\"'()[]{}<>-_/\\|@#$%^&*+=~`",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Ranges drawn from by the random strings and checked character by character: scripts,
/// symbols, controls, private use and unassigned points, less the six characters new in
/// Unicode 18 (see the module documentation).
const RANGES: &[(u32, u32)] = &[
    (0x00, 0x7f),   // ASCII, controls included
    (0x80, 0xff),   // C1 controls, Latin-1
    (0x100, 0x24f), // Latin Extended-A, -B
    (0x250, 0x2ff), // IPA, spacing modifiers
    (0x300, 0x36f), // combining diacritical marks
    (0x370, 0x3ff), // Greek
    (0x400, 0x4ff), // Cyrillic
    (0x590, 0x5c7), // Hebrew (U+05C8, U+05C9: Unicode 18)
    (0x5ca, 0x5ff),
    (0x600, 0x6ff),     // Arabic
    (0x900, 0x97f),     // Devanagari
    (0xe00, 0xe7f),     // Thai
    (0x1100, 0x11ff),   // Hangul Jamo
    (0x1e00, 0x1fff),   // Latin Extended Additional, Greek Extended
    (0x2000, 0x206f),   // general punctuation
    (0x2070, 0x209c),   // super- and subscripts (U+209D–U+209F: Unicode 18)
    (0x2100, 0x218f),   // letterlike symbols, number forms
    (0x2460, 0x24ff),   // enclosed alphanumerics
    (0x2e80, 0x2fdf),   // CJK radicals, Kangxi radicals
    (0x3000, 0x30ff),   // CJK symbols and punctuation, Hiragana, Katakana
    (0x3130, 0x318f),   // Hangul compatibility jamo
    (0x3200, 0x33ff),   // enclosed CJK, CJK compatibility
    (0x3400, 0x4dbf),   // CJK Extension A (folded characters from U+3400)
    (0x4e00, 0x9fff),   // CJK unified ideographs
    (0xac00, 0xd7a3),   // Hangul syllables
    (0xe000, 0xe0ff),   // private use
    (0xf900, 0xfaff),   // CJK compatibility ideographs
    (0xfb00, 0xfb4f),   // alphabetic presentation forms
    (0xfe00, 0xfe6f),   // variation selectors, vertical and small forms
    (0xff00, 0xffef),   // half-width and full-width forms
    (0x1d400, 0x1d6a5), // mathematical alphanumerics (U+1D6A6: Unicode 18)
    (0x1d6a7, 0x1d7ff),
    (0x1f300, 0x1f64f), // emoji
    (0x20000, 0x2a6df), // CJK Extension B
    (0x2f800, 0x2fa1f), // CJK compatibility supplement
];

/// xorshift64*: small, seeded, enough for test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u32) -> u32 {
        (self.next() >> 32) as u32 % n
    }
}

fn random_strings(count: usize) -> Vec<String> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..count)
        .map(|_| {
            let len = rng.below(40);
            // Most strings draw from two or three ranges, so runs of one script form.
            let picks: Vec<_> = (0..1 + rng.below(3))
                .map(|_| RANGES[rng.below(RANGES.len() as u32) as usize])
                .collect();
            let mut s = String::new();
            while s.chars().count() < len as usize {
                let (lo, hi) = if rng.below(8) == 0 {
                    (0x20, 0x40) // spaces, digits, ASCII punctuation between
                } else {
                    picks[rng.below(picks.len() as u32) as usize]
                };
                if let Some(c) = char::from_u32(lo + rng.below(hi - lo + 1)) {
                    s.push(c);
                }
            }
            s
        })
        .collect()
}

#[test]
#[ignore = "needs node (Node.js >= 20); .ci/run runs it"]
fn js_tokenizer_gives_the_same_tokens_as_rust() {
    let mut inputs = seed_strings();
    let seeds = inputs.len();
    inputs.extend(fixed_strings());
    inputs.extend(random_strings(5000));

    let js = js_tokenize(&inputs);
    assert_eq!(
        js.len(),
        inputs.len(),
        "node returned a different number of results"
    );

    let mismatches: Vec<String> = inputs
        .iter()
        .zip(&js)
        .filter_map(|(input, js)| {
            let rust = tokenize(input);
            (&rust != js).then(|| {
                let shown: String = input.chars().take(200).collect();
                format!(
                    "input {shown:?}\n  chars {:?}\n  rust {rust:?}\n  js   {js:?}",
                    input
                        .chars()
                        .take(40)
                        .map(|c| format!("{:04X}", c as u32))
                        .collect::<Vec<_>>()
                )
            })
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} strings tokenise differently in Rust and JS; the first:\n{}",
        mismatches.len(),
        inputs.len(),
        mismatches
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!(
        "tokenizer parity: {} strings identical ({seeds} from seeds)",
        inputs.len()
    );
}

#[test]
fn the_random_strings_cover_every_class_of_character() {
    // Guard against a generator that only draws separators: the random strings must
    // produce CJK bigrams, Latin words and numbers.
    let tokens: Vec<String> = random_strings(5000)
        .iter()
        .flat_map(|s| tokenize(s))
        .collect();
    assert!(tokens.iter().any(
        |t| t.chars().count() == 2 && t.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    ));
    assert!(tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit())));
    assert!(tokens
        .iter()
        .any(|t| t.len() > 1 && t.chars().all(|c| c.is_ascii_lowercase())));
    // And Traditional characters the tokenizer folds.
    let folded = random_strings(5000)
        .iter()
        .flat_map(|s| s.chars().collect::<Vec<_>>())
        .filter(|&c| gazette::search::fold::fold(c) != c)
        .count();
    assert!(folded > 100, "{folded} foldable characters");
}

/// Every character of the random ranges, alone and between letters and between Han
/// characters: the exhaustive check that the two implementations class each alike.
#[test]
#[ignore = "needs node (Node.js >= 20); .ci/run runs it"]
fn every_character_of_the_tested_ranges_tokenises_alike() {
    let chars: Vec<char> = RANGES
        .iter()
        .flat_map(|&(lo, hi)| (lo..=hi).filter_map(char::from_u32))
        .collect();
    let inputs: Vec<String> = chars
        .iter()
        .flat_map(|c| [format!("a{c}b1"), format!("中{c}文")])
        .collect();
    let js = js_tokenize(&inputs);
    let differing: Vec<String> = chars
        .iter()
        .enumerate()
        .filter(|&(i, _)| (0..2).any(|k| tokenize(&inputs[2 * i + k]) != js[2 * i + k]))
        .map(|(_, c)| format!("U+{:04X}", *c as u32))
        .collect();
    assert!(
        differing.is_empty(),
        "{} characters tokenise differently: {}",
        differing.len(),
        differing.join(" ")
    );
    eprintln!(
        "tokenizer parity: {} characters × 2 contexts identical",
        chars.len()
    );
}
