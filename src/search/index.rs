//! The search index: every published article's title, topics, column and body, split by
//! the shared tokenizer ([`index_tokens`]), scored as elasticlunr.js scores them, and cut
//! into small files so that a query downloads only what its own tokens need.
//!
//! # Scoring (elasticlunr's model)
//!
//! Each field is indexed like an elasticlunr field: a token's term frequency in a field
//! is √count, the field's length is its number of tokens, and a token's inverse document
//! frequency in a field is `1 + ln(N / (df + 1))`. A token scores `tf × idf / √length`
//! in a field, times the field's boost ([`FIELDS`]), summed over the fields: what
//! elasticlunr.js computes for a query of that one token with those boosts.
//! `tests/suite/search.rs` checks every term frequency, document frequency and field
//! length against an index built by elasticlunr-rs with [`GazetteLanguage`].
//!
//! elasticlunr-rs itself keeps its index as a trie of `BTreeMap`s keyed by character,
//! each node holding a `BTreeMap` from document reference (a `String`) to frequency; on
//! 20,000 articles (57 million characters, about 30 million distinct token–article
//! pairs) that structure alone would outgrow the build's memory budget, and its only
//! way out is one JSON tree of the whole index. So the build keeps the model and the
//! scores, and stores them flat: per token, the articles that contain it.
//!
//! # Files (under `search/`)
//!
//! - `index.json`: the version (a hash of everything below, appended to every other
//!   URL so a browser never mixes two builds), the number of articles and of shards.
//! - `s/<n>.json`: a shard: `{token: postings}` for the tokens whose FNV-1a hash (over
//!   UTF-16 code units, as JS sees a string) falls in shard `n`. Postings are a string
//!   of URL-safe base-64 digits: per article, its id as a delta from the previous one
//!   (a varint of 5-bit digits, the sixth bit meaning "more"), then one digit holding
//!   the token's quantised score (5 bits) and whether the token is in the title (1 bit).
//!   Filters are tokens too: `t:<topic slug>`, `c:<column slug>`, `y:<year>`.
//! - `r/<id>.json`: an article's record: title, URL, issue, date, column and the text
//!   a snippet is cut from ([`RECORD_TEXT_CHARS`]). Only the records of the results
//!   shown are fetched.
//!
//! Article ids count from the oldest article, so a new issue adds ids and leaves the
//! records of the old ones as they were. Output is deterministic.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::Serialize;

use super::tokenize::index_tokens;

/// The indexed fields and their boosts, in the order of [`Doc`]'s fields.
pub const FIELDS: [(&str, f64); 4] = [
    ("title", 10.0),
    ("topics", 3.0),
    ("column", 2.0),
    ("body", 1.0),
];

/// How much of an article's text its record keeps for snippets (characters): a whole
/// article of a digest (they average under 3,000); a longer one's snippet shows its
/// opening when the match lies further on. Ten records stay under ~70 KB gzipped.
pub const RECORD_TEXT_CHARS: usize = 5_000;

/// What the index needs of one article.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub title: String,
    /// The page's URL path, base path included.
    pub url: String,
    /// The issue as a reader names it (`质量快报 2021年第5期`).
    pub issue: String,
    /// The date as a reader reads it (`2021年8月5日`), or empty.
    pub date: String,
    /// The column (栏目), or empty.
    pub column: String,
    /// Topic names (indexed, boosted).
    pub topics: Vec<String>,
    /// Filter tokens: `t:<topic slug>`, `c:<column slug>`, `y:<year>`.
    pub filters: Vec<String>,
    /// The body as plain text.
    pub text: String,
}

impl Doc {
    fn field(&self, f: usize) -> std::borrow::Cow<'_, str> {
        match f {
            0 => self.title.as_str().into(),
            1 => self.topics.join("\n").into(),
            2 => self.column.as_str().into(),
            _ => self.text.as_str().into(),
        }
    }
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// Relative to the site's root: `search/s/12.json`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Builds the index of `docs` (oldest first: a doc's id is its position). Fails with a
/// message naming the file and what to do when a file would exceed `max_file_bytes`.
pub fn build(docs: &[Doc], max_file_bytes: usize) -> Result<Vec<IndexFile>> {
    let (lengths, parts) = count_tokens(docs);
    let n = docs.len();

    // Score and encode every token's postings, part by part (in parallel).
    let encoded: Vec<(Box<str>, String)> = parts
        .into_par_iter()
        .flat_map_iter(|part| {
            part.into_iter()
                .map(|(key, postings)| (key.text(), encode_postings(&postings, &lengths, n)))
                .collect::<Vec<_>>()
        })
        .collect();

    let total: usize = encoded.iter().map(|(t, e)| t.len() + e.len() + 6).sum();
    let shard_count = shard_count(total);
    let mut shards: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shard_count];
    for (token, enc) in &encoded {
        shards[shard_of(token, shard_count)].insert(token, enc);
    }

    let mut files = Vec::with_capacity(shard_count + n + 1);
    for (i, shard) in shards.iter().enumerate() {
        let path = format!("search/s/{i}.json");
        let bytes = serde_json::to_vec(shard)?;
        if bytes.len() > max_file_bytes {
            let (token, postings) = shard
                .iter()
                .max_by_key(|(_, p)| p.len())
                .map(|(t, p)| (*t, *p))
                .unwrap_or(("", ""));
            bail!(
                "the search index file {path} would be {} KB, over the budget of {} KB per \
                 file; its largest token, «{token}», is in {} articles. Raise \
                 `max_file_kb` under `[search]` in gazette.toml",
                bytes.len().div_ceil(1024),
                max_file_bytes / 1024,
                decode_postings(postings).len(),
            );
        }
        files.push(IndexFile { path, bytes });
    }
    drop(shards);
    drop(encoded);

    let records: Vec<IndexFile> = docs
        .par_iter()
        .enumerate()
        .map(|(id, doc)| record(id, doc, max_file_bytes))
        .collect::<Result<_>>()?;
    files.extend(records);

    // The version: a hash of every file (each hashed in parallel, then combined in order).
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|f| {
            let mut h = rustc_hash::FxHasher::default();
            f.path.hash(&mut h);
            f.bytes.hash(&mut h);
            h.finish()
        })
        .collect();
    let mut version = rustc_hash::FxHasher::default();
    hashes.hash(&mut version);
    let meta = serde_json::json!({
        "version": format!("{:016x}", version.finish()),
        "docs": n,
        "shards": shard_count,
        "fields": FIELDS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
    });
    files.push(IndexFile {
        path: "search/index.json".into(),
        bytes: serde_json::to_vec(&meta)?,
    });
    Ok(files)
}

/// A token as a map key: up to 8 bytes packed in a `u64` (every CJK bigram and most
/// words, no allocation; tokens never contain NUL, so zero padding is unambiguous),
/// longer ones boxed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Short(u64),
    Long(Box<str>),
}

impl Key {
    fn of(token: &str) -> Key {
        if token.len() <= 8 {
            let mut bytes = [0u8; 8];
            bytes[..token.len()].copy_from_slice(token.as_bytes());
            Key::Short(u64::from_le_bytes(bytes))
        } else {
            Key::Long(token.into())
        }
    }

    fn text(&self) -> Box<str> {
        match self {
            Key::Short(k) => {
                let bytes = k.to_le_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(8);
                String::from_utf8_lossy(&bytes[..len]).into()
            }
            Key::Long(s) => s.clone(),
        }
    }

    /// Which of the [`PARTS`] maps holds this token.
    fn part(&self) -> usize {
        let h = match self {
            Key::Short(k) => *k,
            Key::Long(s) => u64::from(fnv1a_utf16(s)),
        };
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize % PARTS
    }
}

type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// One article's postings entry: its id and the token's count in each field.
#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    counts: [u16; 4],
}

/// Tokens are spread over this many independent maps, filled in parallel.
const PARTS: usize = 64;

type Part = FastMap<Key, Vec<Posting>>;

/// One article's field lengths, and its tokens with their counts per field, by part.
type DocTokens = ([u32; 4], Vec<Vec<(Key, [u16; 4])>>);

/// Every field's length per article, and every token's postings (in article order),
/// spread over [`PARTS`] maps by hash.
fn count_tokens(docs: &[Doc]) -> (Vec<[u32; 4]>, Vec<Part>) {
    let mut lengths = Vec::with_capacity(docs.len());
    let mut parts: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
    // In batches, so that only one batch's per-article tables are in memory at once.
    for (b, batch) in docs.chunks(512).enumerate() {
        let counted: Vec<DocTokens> = batch.par_iter().map(doc_tokens).collect();
        parts.par_iter_mut().enumerate().for_each(|(p, part)| {
            for (k, (_, by_part)) in counted.iter().enumerate() {
                let doc = (b * 512 + k) as u32;
                for (token, counts) in &by_part[p] {
                    let posting = Posting {
                        doc,
                        counts: *counts,
                    };
                    match part.get_mut(token) {
                        Some(list) => list.push(posting),
                        None => {
                            part.insert(token.clone(), vec![posting]);
                        }
                    }
                }
            }
        });
        lengths.extend(counted.iter().map(|(l, _)| *l));
    }
    (lengths, parts)
}

fn doc_tokens(doc: &Doc) -> DocTokens {
    let mut lengths = [0u32; 4];
    let mut counts: FastMap<Key, [u16; 4]> = FastMap::default();
    for (f, length) in lengths.iter_mut().enumerate() {
        index_tokens(&doc.field(f), |token| {
            *length += 1;
            let c = counts.entry(Key::of(token)).or_insert([0; 4]);
            c[f] = c[f].saturating_add(1);
        });
    }
    for filter in &doc.filters {
        counts.entry(Key::of(filter)).or_insert([0; 4]);
    }
    let mut by_part = vec![Vec::new(); PARTS];
    for (key, c) in counts {
        by_part[key.part()].push((key, c));
    }
    (lengths, by_part)
}

/// The number of shards for `total` bytes of postings: a power of two that keeps a
/// shard near 16 KB.
pub fn shard_count(total: usize) -> usize {
    total
        .div_ceil(16 * 1024)
        .clamp(1, 1 << 16)
        .next_power_of_two()
}

/// The shard of `token` (the browser computes the same).
pub fn shard_of(token: &str, shard_count: usize) -> usize {
    fnv1a_utf16(token) as usize & (shard_count - 1)
}

/// 32-bit FNV-1a over the UTF-16 code units of `s`.
pub fn fnv1a_utf16(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for unit in s.encode_utf16() {
        h ^= u32::from(unit);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The digits of the postings encoding (URL-safe base 64, JSON-safe).
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// The score of one token in one article, in elasticlunr's model (module docs).
pub fn score(counts: [u16; 4], lengths: [u32; 4], df: [u32; 4], n: usize) -> f64 {
    let mut total = 0.0;
    for (f, (_, boost)) in FIELDS.iter().enumerate() {
        if counts[f] > 0 && lengths[f] > 0 {
            let idf = 1.0 + (n as f64 / (f64::from(df[f]) + 1.0)).ln();
            let tf = f64::from(counts[f]).sqrt();
            total += boost * tf * idf / f64::from(lengths[f]).sqrt();
        }
    }
    total
}

/// A score as 5 bits: log scale, 2.4 steps per doubling, from 2⁻⁸ (0 for none).
pub fn quantize(score: f64) -> u8 {
    if score <= 0.0 {
        return 0;
    }
    (2.4 * (score.log2() + 8.0)).round().clamp(1.0, 31.0) as u8
}

fn encode_postings(postings: &[Posting], lengths: &[[u32; 4]], n: usize) -> String {
    let mut df = [0u32; 4];
    for p in postings {
        for (df, count) in df.iter_mut().zip(p.counts) {
            *df += u32::from(count > 0);
        }
    }
    let mut out = String::with_capacity(postings.len() * 3);
    let mut prev = 0u32;
    for p in postings {
        let mut delta = p.doc - prev;
        prev = p.doc;
        loop {
            let digit = (delta & 31) as usize;
            delta >>= 5;
            if delta == 0 {
                out.push(DIGITS[digit] as char);
                break;
            }
            out.push(DIGITS[digit | 32] as char);
        }
        let q = quantize(score(p.counts, lengths[p.doc as usize], df, n));
        let in_title = u8::from(p.counts[0] > 0);
        out.push(DIGITS[usize::from(q * 2 + in_title)] as char);
    }
    out
}

/// Decodes a postings string into (article id, score digit) pairs.
pub fn decode_postings(encoded: &str) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    let (mut prev, mut delta, mut shift, mut in_id) = (0u32, 0u32, 0u32, true);
    for b in encoded.bytes() {
        let v = DIGITS.iter().position(|&d| d == b).unwrap_or(0) as u32;
        if in_id {
            delta |= (v & 31) << shift;
            shift += 5;
            if v < 32 {
                prev += delta;
                (delta, shift, in_id) = (0, 0, false);
            }
        } else {
            out.push((prev, v as u8));
            in_id = true;
        }
    }
    out
}

#[derive(Serialize)]
struct Record<'a> {
    title: &'a str,
    url: &'a str,
    issue: &'a str,
    date: &'a str,
    column: &'a str,
    text: &'a str,
}

fn record(id: usize, doc: &Doc, max_file_bytes: usize) -> Result<IndexFile> {
    let end = doc
        .text
        .char_indices()
        .nth(RECORD_TEXT_CHARS)
        .map_or(doc.text.len(), |(i, _)| i);
    let bytes = serde_json::to_vec(&Record {
        title: &doc.title,
        url: &doc.url,
        issue: &doc.issue,
        date: &doc.date,
        column: &doc.column,
        text: &doc.text[..end],
    })?;
    let path = format!("search/r/{id}.json");
    if bytes.len() > max_file_bytes {
        bail!(
            "the search record {path} of «{}» would be {} KB, over the budget of {} KB per \
             file. Raise `max_file_kb` under `[search]` in gazette.toml",
            doc.title,
            bytes.len().div_ceil(1024),
            max_file_bytes / 1024
        );
    }
    Ok(IndexFile { path, bytes })
}

/// elasticlunr-rs's view of gazette's tokenizer: what the index is checked against.
pub struct GazetteLanguage;

impl elasticlunr::Language for GazetteLanguage {
    fn name(&self) -> String {
        "Gazette".into()
    }

    fn code(&self) -> String {
        "zh".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        index_tokens(text, |t| tokens.push(t.to_string()));
        tokens
    }

    fn make_pipeline(&self) -> elasticlunr::Pipeline {
        elasticlunr::Pipeline { queue: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> Doc {
        Doc {
            title: title.into(),
            url: format!("/a/{title}/"),
            text: text.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn postings_round_trip_through_the_encoding() {
        let docs: Vec<Doc> = (0..2000)
            .map(|i| {
                doc(
                    &format!("标题{i}"),
                    if i % 7 == 0 {
                        "芯片产业"
                    } else {
                        "其他内容"
                    },
                )
            })
            .collect();
        let files = build(&docs, 1 << 20).unwrap();
        let meta: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == "search/index.json")
                .unwrap()
                .bytes,
        )
        .unwrap();
        let shards = meta["shards"].as_u64().unwrap() as usize;
        let path = format!("search/s/{}.json", shard_of("芯片", shards));
        let shard: BTreeMap<String, String> =
            serde_json::from_slice(&files.iter().find(|f| f.path == path).unwrap().bytes).unwrap();
        let ids: Vec<u32> = decode_postings(&shard["芯片"])
            .iter()
            .map(|p| p.0)
            .collect();
        let expected: Vec<u32> = (0..2000).filter(|i| i % 7 == 0).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn a_title_match_scores_higher_and_carries_the_title_bit() {
        let docs = vec![doc("芯片", "今天天气"), doc("天气", "芯片产业")];
        let files = build(&docs, 1 << 20).unwrap();
        let shards: Vec<BTreeMap<String, String>> = files
            .iter()
            .filter(|f| f.path.starts_with("search/s/"))
            .map(|f| serde_json::from_slice(&f.bytes).unwrap())
            .collect();
        let postings = shards.iter().find_map(|s| s.get("芯片")).unwrap();
        let decoded = decode_postings(postings);
        assert_eq!(decoded.len(), 2);
        let (title, body) = (decoded[0].1, decoded[1].1);
        assert_eq!(title & 1, 1);
        assert_eq!(body & 1, 0);
        assert!(title / 2 > body / 2, "{title} {body}");
    }

    #[test]
    fn an_oversized_file_fails_the_build_with_a_message() {
        let docs = vec![doc("标题", &"标准".repeat(5000))];
        let err = build(&docs, 4096).unwrap_err().to_string();
        assert!(err.contains("search/r/0.json"), "{err}");
        assert!(err.contains("max_file_kb"), "{err}");
    }

    #[test]
    fn the_output_is_deterministic_and_the_version_follows_the_content() {
        let docs: Vec<Doc> = (0..300)
            .map(|i| {
                doc(
                    &format!("第{i}篇"),
                    &format!("标准化工作要点 {i} GB/T 19001"),
                )
            })
            .collect();
        let a = build(&docs, 1 << 20).unwrap();
        assert_eq!(a, build(&docs, 1 << 20).unwrap());
        let mut edited = docs.clone();
        edited[7].text.push_str("新增一句。");
        let b = build(&edited, 1 << 20).unwrap();
        let meta = |files: &[IndexFile]| files.last().unwrap().bytes.clone();
        assert_ne!(meta(&a), meta(&b), "an edit must change the version");
        // Only the edited article's record and the shards holding its tokens change.
        let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        assert!(changed < 10, "{changed} files changed");
    }

    #[test]
    fn quantised_scores_keep_their_order() {
        let mut last = 0;
        for s in [0.004, 0.01, 0.05, 0.2, 1.0, 5.0, 30.0] {
            let q = quantize(s);
            assert!(q > last, "{s}");
            last = q;
        }
        assert_eq!(quantize(0.0), 0);
    }
}
