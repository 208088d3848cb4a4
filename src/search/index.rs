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
//!   URL so a browser never mixes two builds), the number of articles, of shards and of
//!   records per record file.
//! - `s/<n>.json.gz`: a shard, gzipped: `{token: postings}` for the tokens whose FNV-1a
//!   hash (over UTF-16 code units, as JS sees a string) falls in shard `n`. Postings are
//!   a string of URL-safe base-64 digits: per article, its id as a delta from the
//!   previous one (a varint of 5-bit digits, the sixth bit meaning "more"), then one
//!   digit holding the token's quantised score (5 bits) and whether the token is in the
//!   title (1 bit). Filters are tokens too: `t:<topic slug>`, `c:<column slug>`,
//!   `y:<year>`. Stored compressed because postings are most of the index's bytes and
//!   gzip halves them; the browser inflates a shard with `DecompressionStream` (a host
//!   that sends it with `Content-Encoding: gzip` hands the script the JSON itself, which
//!   the script tells by its first byte).
//! - `r/<n>.json`: the records of articles `n × RECORDS_PER_FILE` onwards
//!   ([`RECORDS_PER_FILE`]), an array: each article's title, URL, issue, date, column,
//!   and `"folds": true` when its title or text has a Traditional character the
//!   tokenizer folds (so the browser knows it may need the folding table to highlight
//!   it). No text: a snippet is cut from the article's own page, which the browser
//!   fetches for the results it shows (the text is on the site once, not twice). Only the
//!   record files of the results shown are fetched.
//! - `fold.txt`: the Traditional → Simplified table the tokens were folded with
//!   ([`super::fold`]), the same file as `src/search/fold.txt` (20 KB, 14 KB gzipped).
//!   The browser fetches it only when a query or a result needs it: a query with a
//!   token missing from the index (a query whose tokens are all there has no character
//!   to fold, as every token of the index is folded), or a result marked `folds` in
//!   which nothing of the query is found to highlight.
//!
//! Article ids count from the oldest article, so a new issue adds ids and leaves the
//! record files of the old ones as they were (but the last). Output is deterministic.
//!
//! # Between builds
//!
//! [`build`] makes the index from nothing. [`Incremental`], which `gazette serve` keeps
//! while it runs, makes the same files from what its last build left: a doc that did not
//! change is not read, tokenised or serialised again, only the tokens of the docs that
//! changed are scored again (all of them when the number of docs changes: it is in every
//! idf), and only the shards holding a token whose encoding changed are written again.
//! [`build`] is [`Incremental::build`] on a fresh state, so there is one way of making
//! the index, and the tests compare the two after each kind of edit.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::tokenize::index_tokens;

/// The indexed fields and their boosts, in the order of [`Doc`]'s fields.
pub const FIELDS: [(&str, f64); 4] = [
    ("title", 10.0),
    ("topics", 3.0),
    ("column", 2.0),
    ("body", 1.0),
];

/// Records per record file (`r/<n>.json`): ten results fetch at most ten files of about
/// 8 KB (2 KB gzipped), and 20,000 articles make 626 files rather than 20,000.
pub const RECORDS_PER_FILE: usize = 32;

/// The gzip level of the shards: level 3 is within 1% of level 9's size at a fifth of
/// its time (zlib-rs; 90 MB of postings at 20,000 articles).
const SHARD_GZIP_LEVEL: u32 = 3;

/// What the index needs of one article. Its strings are borrowed from the site being
/// built (cloning them all for every build of `serve` cost more than the index's own work
/// on an edit); [`Incremental`] keeps an owned copy of each doc to compare the next
/// build's with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc<'a> {
    pub title: Cow<'a, str>,
    /// The page's URL path, base path included.
    pub url: Cow<'a, str>,
    /// The issue as a reader names it (`质量快报 2021年第5期`).
    pub issue: Cow<'a, str>,
    /// The date as a reader reads it (`2021年8月5日`), or empty.
    pub date: Cow<'a, str>,
    /// The column (栏目), or empty.
    pub column: Cow<'a, str>,
    /// Topic names (indexed, boosted).
    pub topics: Vec<Cow<'a, str>>,
    /// Filter tokens: `t:<topic slug>`, `c:<column slug>`, `y:<year>`.
    pub filters: Vec<String>,
    /// The body, Markdown. The index reads its [`text`](Doc::text) only when the doc is
    /// new or changed since the last build.
    pub body: Cow<'a, str>,
}

impl Doc<'_> {
    /// The body as a reader sees it, as plain text: what is indexed, and what a record
    /// keeps for snippets.
    pub fn text(&self) -> String {
        crate::markdown::to_text(&self.body)
    }

    /// The doc with strings of its own.
    pub fn into_owned(self) -> Doc<'static> {
        let own = |s: Cow<'_, str>| Cow::Owned(s.into_owned());
        Doc {
            title: own(self.title),
            url: own(self.url),
            issue: own(self.issue),
            date: own(self.date),
            column: own(self.column),
            topics: self.topics.into_iter().map(own).collect(),
            filters: self.filters,
            body: own(self.body),
        }
    }
}

/// One file of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    /// Relative to the site's root: `search/s/12.json.gz`.
    pub path: String,
    /// Shared with the [`Incremental`] state that made it: returning every file of an
    /// index of 20,000 articles (280 MB) copies nothing.
    pub bytes: Arc<[u8]>,
}

/// Builds the index of `docs` (oldest first: a doc's id is its position) from nothing:
/// [`Incremental::build`] on a fresh state. Fails with a message naming the file and
/// what to do when a file would exceed `max_file_bytes`.
pub fn build(docs: Vec<Doc<'_>>, max_file_bytes: usize) -> Result<Vec<IndexFile>> {
    let mut state = Incremental {
        one_shot: true,
        ..Incremental::default()
    };
    state.build(docs, max_file_bytes)
}

/// The index as the last build left it, so that the next build does only the work its
/// changes call for and returns the same files, byte for byte, as [`build`] would.
///
/// `gazette build` uses a fresh one; `gazette serve` keeps one for as long as it runs.
/// A build compares each doc with last time's doc at the same id (it keeps an owned copy
/// of each), and redoes only what follows from the ones that changed, came or went:
///
/// - **Postings.** A changed doc's old version is tokenised again (its text derived from
///   its Markdown again: keeping each doc's token table instead would hold the tens of
///   millions of token–article pairs of 20,000 articles twice, for a millisecond saved)
///   and so is its new version; then each of its tokens has its posting for that id
///   updated, added or taken out, in place.
/// - **Encodings.** A posting's score digit depends on its counts, its doc's field
///   lengths, the token's document frequencies (df) and the number of docs N (both in
///   the idf). So with N unchanged, only the tokens of the changed docs are encoded, and
///   when a token's df did not change either, only the changed docs' digits are computed
///   and spliced into its current encoding; the runs between are copied as they are.
///   When N changes, every token's postings are scored again (about 40 million at
///   20,000 articles, half a second): the model requires it.
/// - **Files.** A shard is serialised again only when one of its tokens came, went or
///   has a new encoding, a record only when its doc changed. Each file's hash is kept,
///   and the version is combined from them; the bytes are shared (`Arc`) with the files
///   returned.
///
/// When over a quarter of the docs changed (an article removed near the start shifts
/// every later id), the state starts from nothing: that is less work than taking them
/// all out and putting them back. When the total size crosses a power of two and the
/// shard count changes, every token is placed in its new shard, with the encoding it has.
#[derive(Default)]
pub struct Incremental {
    /// Made for one build and dropped after it ([`build`]): the docs it keeps need no
    /// body (only a next build compares them), so no copy of every article is made.
    one_shot: bool,
    /// Last build's docs, by id (without their bodies when `one_shot`).
    docs: Vec<Doc<'static>>,
    /// Their keys, when the last build was given keys ([`Incremental::build_keyed`]).
    keys: Vec<u64>,
    /// Each doc's field lengths, by id.
    lengths: Vec<[u32; 4]>,
    /// Each doc's record (a JSON object), by id.
    records: Vec<Box<[u8]>>,
    /// The record files: [`RECORDS_PER_FILE`] records each.
    record_files: Vec<Cached>,
    /// Every token's postings and their encoding, spread over [`PARTS`] maps by hash;
    /// empty before the first build.
    parts: Vec<Part>,
    /// The shards: each one's tokens, sorted as its file lists them, and its file.
    shards: Vec<Shard>,
    /// The sum of token, encoding and 6 bytes of JSON over every token: what the shard
    /// count is chosen by.
    total: usize,
    stats: Stats,
}

/// What the last [`Incremental::build`] did: for tests, and `serve -v`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// It started from nothing: the first build, or too many docs changed.
    pub full: bool,
    /// Docs read and tokenised (the new and the changed ones).
    pub tokenised: usize,
    /// Old versions of changed or removed docs tokenised to take their postings out.
    pub retracted: usize,
    /// Tokens whose postings were encoded (in whole, or spliced).
    pub encoded: usize,
    /// Shard files serialised.
    pub shards: usize,
    /// Record files serialised.
    pub records: usize,
    /// How long the build took.
    pub elapsed: Duration,
}

/// One token: its postings, in id order, and their document frequencies per field; and
/// their encoding (empty only while the token is new) with the document frequencies it
/// was scored with.
struct Token {
    postings: Vec<Posting>,
    df: [u32; 4],
    encoded: Box<str>,
    encoded_df: [u32; 4],
}

impl Token {
    fn new(posting: Posting) -> Token {
        Token {
            df: posting.counts.map(|c| u32::from(c > 0)),
            postings: vec![posting],
            encoded: Box::default(),
            encoded_df: [0; 4],
        }
    }

    /// Sets the posting of `doc` to `counts`, or takes it out.
    fn set(&mut self, doc: u32, counts: Option<[u16; 4]>) {
        let postings = &mut self.postings;
        let at = match postings.last() {
            // At the end: always, in a build from nothing.
            Some(last) if last.doc < doc => Err(postings.len()),
            None => Err(0),
            _ => postings.binary_search_by_key(&doc, |p| p.doc),
        };
        let old = at.ok().map(|i| postings[i].counts);
        match (at, counts) {
            (Ok(i), Some(counts)) => postings[i].counts = counts,
            (Ok(i), None) => {
                postings.remove(i);
            }
            (Err(i), Some(counts)) => postings.insert(i, Posting { doc, counts }),
            (Err(_), None) => {}
        }
        for f in 0..4 {
            self.df[f] -= u32::from(old.is_some_and(|c| c[f] > 0));
            self.df[f] += u32::from(counts.is_some_and(|c| c[f] > 0));
        }
    }

    /// The encoding of the postings, `n` being the number of docs. A posting's score
    /// digit depends on its counts, its doc's field lengths, the token's document
    /// frequencies and `n`. So when `changed` (ascending) lists every doc whose posting
    /// or lengths changed since the current encoding was made, with the same `n` and
    /// document frequencies, only those docs' postings are scored, and spliced into the
    /// current encoding.
    fn encode(&mut self, lengths: &[[u32; 4]], n: usize, changed: Option<&[u32]>) -> String {
        let idf = idf(self.df, n);
        let digit = |p: &Posting| score_digit(p.counts, lengths[p.doc as usize], &idf);
        let spliced = match changed {
            Some(changed) if self.df == self.encoded_df && !self.encoded.is_empty() => {
                let updates: Vec<(u32, Option<u8>)> = changed
                    .iter()
                    .map(|&doc| {
                        let at = self.postings.binary_search_by_key(&doc, |p| p.doc);
                        (doc, at.ok().map(|i| digit(&self.postings[i])))
                    })
                    .collect();
                splice(&self.encoded, &updates)
            }
            _ => None,
        };
        self.encoded_df = self.df;
        spliced.unwrap_or_else(|| {
            let mut out = String::with_capacity(self.postings.len() * 3);
            let mut prev = 0u32;
            for p in &self.postings {
                push_posting(&mut out, p.doc - prev, digit(p));
                prev = p.doc;
            }
            out
        })
    }
}

/// `current`, a postings encoding, with the entries of the docs in `updates` (ascending)
/// replaced: by an entry with the given score digit, or by none. The entries between
/// are copied as they are, but for the delta of the one after a doc that came or went;
/// past the last update, the rest is copied in one go. `None` if `current` is cut short.
fn splice(current: &str, updates: &[(u32, Option<u8>)]) -> Option<String> {
    let bytes = current.as_bytes();
    let mut out = String::with_capacity(current.len() + 16);
    let mut updates = updates.iter().peekable();
    // The last doc written; the doc of the last entry read; `current` up to `copied` is
    // written or dropped.
    let (mut written, mut read, mut copied, mut at) = (0u32, 0u32, 0usize, 0usize);
    while at < bytes.len() && (updates.peek().is_some() || written != read) {
        let start = at;
        let (delta, digit) = next_entry(bytes, &mut at)?;
        let doc = read + delta;
        read = doc;
        let mut replaced = false;
        while let Some(&(update, new)) = updates.next_if(|u| u.0 <= doc) {
            out.push_str(&current[copied..start]);
            copied = start;
            replaced |= update == doc;
            if let Some(new) = new {
                push_posting(&mut out, update - written, new);
                written = update;
            }
        }
        if replaced {
            copied = at;
            continue;
        }
        if written != doc - delta {
            out.push_str(&current[copied..start]);
            push_posting(&mut out, doc - written, digit);
            copied = at;
        }
        written = doc;
    }
    out.push_str(&current[copied..]);
    for &(update, new) in updates {
        if let Some(new) = new {
            push_posting(&mut out, update - written, new);
            written = update;
        }
    }
    Some(out)
}

/// A doc's search record (JSON), or why it could not be made.
type RecordBytes = Result<Box<[u8]>>;

/// What changes for one doc id: its old version's tokens go, its new version's come
/// (a token in both has its posting updated in place), by part.
struct Change {
    id: u32,
    had_old: bool,
    /// The new version's field lengths and record.
    new: Option<([u32; 4], RecordBytes)>,
    /// A token and its counts in the new version, or `None` to take it out, grouped by
    /// part: those of part `p` are `tokens[starts[p]..starts[p + 1]]` (one allocation a
    /// doc rather than one growing list a part).
    tokens: Vec<(Key, Option<[u16; 4]>)>,
    starts: Vec<u32>,
}

impl Change {
    fn new(id: usize, old: Option<Tokens>, new: Option<([u32; 4], Tokens, RecordBytes)>) -> Change {
        let had_old = old.is_some();
        let (new, new_tokens) = match new {
            Some((lengths, tokens, record)) => (Some((lengths, record)), tokens),
            None => (None, Tokens::default()),
        };
        let mut items: Vec<(u8, Key, Option<[u16; 4]>)> = Vec::with_capacity(new_tokens.len());
        for key in old.into_iter().flat_map(|o| o.into_keys()) {
            if !new_tokens.contains_key(&key) {
                items.push((key.part() as u8, key, None));
            }
        }
        for (key, counts) in new_tokens {
            items.push((key.part() as u8, key, Some(counts)));
        }
        // Grouped by part, each part's tokens in the order they came (a stable sort).
        items.sort_by_key(|(part, _, _)| *part);
        let mut starts = vec![0u32; PARTS + 1];
        for (part, _, _) in &items {
            starts[usize::from(*part) + 1] += 1;
        }
        for p in 0..PARTS {
            starts[p + 1] += starts[p];
        }
        let tokens: Vec<(Key, Option<[u16; 4]>)> = items
            .into_iter()
            .map(|(_, key, counts)| (key, counts))
            .collect();
        Change {
            id: id as u32,
            had_old,
            new,
            tokens,
            starts,
        }
    }

    /// The tokens of part `p`.
    fn part(&self, p: usize) -> &[(Key, Option<[u16; 4]>)] {
        &self.tokens[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}

type Part = FastMap<Key, Token>;

struct Shard {
    /// Sorted by text ([`key_cmp`]), the order of a JSON map serialised from a `BTreeMap`.
    tokens: Vec<Key>,
    file: Cached,
}

/// A file's bytes, and the hash the version is combined from.
#[derive(Default)]
struct Cached {
    bytes: Arc<[u8]>,
    hash: u64,
}

impl Cached {
    fn new(path: &str, bytes: Vec<u8>) -> Cached {
        let mut h = rustc_hash::FxHasher::default();
        path.hash(&mut h);
        bytes.hash(&mut h);
        Cached {
            hash: h.finish(),
            bytes: bytes.into(),
        }
    }
}

/// What encoding one part's tokens changed, for the shards.
#[derive(Default)]
struct Edits {
    /// Change of [`Incremental::total`].
    delta: isize,
    encoded: usize,
    /// Hashes ([`fnv1a_utf16`]) of the tokens whose encoding changed.
    recoded: Vec<u32>,
    /// Tokens that are new, and tokens left without postings (gone from the part).
    added: Vec<Key>,
    removed: Vec<Key>,
}

/// Docs are tokenised this many at a time, so that only one batch's per-doc tables are
/// in memory at once.
const BATCH: usize = 512;

impl Incremental {
    /// The index of `docs` (oldest first: a doc's id is its position): the files
    /// [`build`] makes of them, redoing only what changed since this state's last build
    /// (see the type). Fails, as [`build`] does, when a file would exceed
    /// `max_file_bytes`; the state then holds `docs` all the same, so the next build is
    /// incremental too.
    pub fn build(&mut self, docs: Vec<Doc<'_>>, max_file_bytes: usize) -> Result<Vec<IndexFile>> {
        let start = Instant::now();
        self.keys.clear();
        let updated = self.update(docs.into_iter().map(Some).collect());
        self.finish(start, updated, max_file_bytes)
    }

    /// [`Self::build`] of the docs `make(0..keys.len())`, each with a key (a hash of
    /// everything it is made of): a doc whose key is the one its id had last time is
    /// taken to be the same and is not even made.
    pub fn build_keyed<'a>(
        &mut self,
        keys: Vec<u64>,
        make: impl Fn(usize) -> Doc<'a> + Sync,
        max_file_bytes: usize,
    ) -> Result<Vec<IndexFile>> {
        let start = Instant::now();
        let (old_n, n) = (self.docs.len(), keys.len());
        let known = self.keys.len() == old_n;
        let changed = (0..old_n.min(n))
            .filter(|&id| !known || self.keys[id] != keys[id])
            .count();
        // Every doc when the update will start from nothing (see `update`), else the new
        // and changed ones.
        let all = self.parts.is_empty() || changed + old_n.abs_diff(n) > n / 4;
        let docs: Vec<Option<Doc>> = (0..n)
            .into_par_iter()
            .map(|id| {
                let same = !all && known && id < old_n && self.keys[id] == keys[id];
                (!same).then(|| make(id))
            })
            .collect();
        let updated = self.update(docs);
        self.keys = if updated.is_ok() { keys } else { Vec::new() };
        self.finish(start, updated, max_file_bytes)
    }

    /// The files after `updated`, or its error (the state then starts over).
    fn finish(
        &mut self,
        start: Instant,
        updated: Result<()>,
        max_file_bytes: usize,
    ) -> Result<Vec<IndexFile>> {
        if let Err(e) = updated {
            // Half an update is no state to build on.
            *self = Incremental::default();
            return Err(e);
        }
        let files = self.check(max_file_bytes).and_then(|()| self.files());
        self.stats.elapsed = start.elapsed();
        files
    }

    /// What the last build did.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Brings every table in line with `docs` (`None`: the same doc as last time).
    fn update(&mut self, docs: Vec<Option<Doc<'_>>>) -> Result<()> {
        let (old_n, n) = (self.docs.len(), docs.len());
        let changed: Vec<usize> = (0..old_n.min(n))
            .into_par_iter()
            .filter(|&id| docs[id].as_ref().is_some_and(|d| self.docs[id] != *d))
            .collect();
        let full = self.parts.is_empty() || changed.len() + old_n.abs_diff(n) > n / 4;
        if full && docs.iter().any(Option::is_none) {
            bail!("the search index cannot start over without every document");
        }
        // The ids whose doc changed, came or went, ascending.
        let ids: Vec<usize> = if full {
            *self = Incremental {
                one_shot: self.one_shot,
                parts: (0..PARTS).map(|_| Part::default()).collect(),
                ..Incremental::default()
            };
            (0..n).collect()
        } else {
            changed
                .into_iter()
                .chain(old_n.min(n)..old_n.max(n))
                .collect()
        };
        // With N unchanged, only the tokens of the docs that changed are encoded again.
        let every_token = full || old_n != n;
        let mut touched: Vec<Touched> = (0..PARTS).map(|_| Touched::default()).collect();
        self.lengths.resize(n, [0; 4]);
        self.records.truncate(n);
        self.records.resize_with(n, Box::default);
        let (tokenised, retracted) = self.reindex(&ids, &docs, !every_token, &mut touched)?;
        // Keep a copy of the docs that changed or came.
        if full {
            // Every doc is there (checked above); indexed, the collect writes in place.
            let one_shot = self.one_shot;
            self.docs = docs
                .into_par_iter()
                .map(|d| {
                    d.map(|mut d| {
                        if one_shot {
                            d.body = Cow::Borrowed("");
                        }
                        d.into_owned()
                    })
                    .unwrap_or_default()
                })
                .collect();
        } else {
            self.docs.truncate(n);
            let mut docs = docs;
            for &id in &ids {
                if let Some(doc) = docs.get_mut(id).and_then(Option::take) {
                    let doc = doc.into_owned();
                    match self.docs.get_mut(id) {
                        Some(old) => *old = doc,
                        None => self.docs.push(doc),
                    }
                }
            }
        }
        let edits = self.encode(every_token, touched, !full);
        let shards = self.place(edits.iter().map(|e| e.delta).sum(), &edits)?;
        let records = self.record_files(&ids, full);

        self.stats = Stats {
            full,
            tokenised,
            retracted,
            encoded: edits.iter().map(|e| e.encoded).sum(),
            shards,
            records,
            elapsed: Duration::ZERO,
        };
        Ok(())
    }

    /// Brings the postings and records of the docs at `ids` (ascending) from their
    /// versions of last time (if any) to those in `docs` (if any); notes in `touched`
    /// which docs changed each token's postings, when `track`. Returns how many versions
    /// were tokenised: new ones, and old ones.
    fn reindex(
        &mut self,
        ids: &[usize],
        docs: &[Option<Doc<'_>>],
        track: bool,
        touched: &mut [Touched],
    ) -> Result<(usize, usize)> {
        let (mut tokenised, mut retracted) = (0, 0);
        for batch in ids.chunks(BATCH) {
            let old_docs = &self.docs;
            let changes: Vec<Change> = batch
                .par_iter()
                .map(|&id| {
                    let old = old_docs.get(id).map(|d| doc_tokens(d, &d.text()).1);
                    let new = docs.get(id).and_then(Option::as_ref).map(|d| {
                        let text = d.text();
                        let (lengths, tokens) = doc_tokens(d, &text);
                        (lengths, tokens, record(d, &text))
                    });
                    Change::new(id, old, new)
                })
                .collect();
            self.parts
                .par_iter_mut()
                .zip(touched.par_iter_mut())
                .enumerate()
                .for_each(|(p, (part, touched))| {
                    for change in &changes {
                        for (key, counts) in change.part(p) {
                            // One lookup whether the token is there or new.
                            match counts {
                                Some(counts) => match part.entry(key.clone()) {
                                    Entry::Occupied(token) => {
                                        token.into_mut().set(change.id, Some(*counts));
                                    }
                                    Entry::Vacant(slot) => {
                                        slot.insert(Token::new(Posting {
                                            doc: change.id,
                                            counts: *counts,
                                        }));
                                    }
                                },
                                None => {
                                    if let Some(token) = part.get_mut(key) {
                                        token.set(change.id, None);
                                    }
                                }
                            }
                            if track {
                                touched.entry(key.clone()).or_default().push(change.id);
                            }
                        }
                    }
                });
            for change in changes {
                retracted += usize::from(change.had_old);
                if let Some((lengths, record)) = change.new {
                    tokenised += 1;
                    self.lengths[change.id as usize] = lengths;
                    self.records[change.id as usize] = record?;
                }
            }
        }
        Ok((tokenised, retracted))
    }

    /// Scores and encodes the postings of the `touched` tokens, or of every token, and
    /// drops the tokens left without postings. Lists what changed for the shards when
    /// `list` (a state started from nothing places every token anyway).
    fn encode(&mut self, every_token: bool, touched: Vec<Touched>, list: bool) -> Vec<Edits> {
        let (lengths, n) = (&self.lengths, self.docs.len());
        let visit = |key: &Key, token: &mut Token, changed: Option<&[u32]>, edits: &mut Edits| {
            let mut buf = [0u8; 8];
            if token.postings.is_empty() {
                edits.delta -= (key.len() + token.encoded.len() + 6) as isize;
                if list {
                    edits.removed.push(key.clone());
                }
                return false;
            }
            edits.encoded += 1;
            let encoded = token.encode(lengths, n, changed);
            if *encoded != *token.encoded {
                if token.encoded.is_empty() {
                    edits.delta += (key.len() + encoded.len() + 6) as isize;
                    if list {
                        edits.added.push(key.clone());
                    }
                } else {
                    edits.delta += encoded.len() as isize - token.encoded.len() as isize;
                    if list {
                        edits.recoded.push(fnv1a_utf16(key.as_str(&mut buf)));
                    }
                }
                token.encoded = encoded.into_boxed_str();
            }
            true
        };
        self.parts
            .par_iter_mut()
            .zip(touched)
            .map(|(part, touched)| {
                let mut edits = Edits::default();
                if every_token {
                    // When N changes, so does every idf: nothing is spliced.
                    part.retain(|key, token| visit(key, token, None, &mut edits));
                } else {
                    for (key, changed) in touched {
                        if let Some(token) = part.get_mut(&key) {
                            if !visit(&key, token, Some(&changed), &mut edits) {
                                part.remove(&key);
                            }
                        }
                    }
                }
                edits
            })
            .collect()
    }

    /// Puts the tokens that came or went in their shards (or every token in new shards,
    /// when their number changes) and serialises the shards that changed; returns how
    /// many.
    fn place(&mut self, delta: isize, edits: &[Edits]) -> Result<usize> {
        self.total = (self.total as isize + delta) as usize;
        let count = shard_count(self.total);
        let mut dirty = vec![false; count];
        if count != self.shards.len() {
            let placed: Vec<Vec<(usize, Key)>> = self
                .parts
                .par_iter()
                .map(|part| {
                    part.keys()
                        .map(|key| (shard_of_key(key, count), key.clone()))
                        .collect()
                })
                .collect();
            let mut sets: Vec<Vec<Key>> = vec![Vec::new(); count];
            for (shard, key) in placed.into_iter().flatten() {
                sets[shard].push(key);
            }
            sets.par_iter_mut()
                .for_each(|tokens| tokens.sort_unstable_by(key_cmp));
            self.shards = sets
                .into_iter()
                .map(|tokens| Shard {
                    tokens,
                    file: Cached::default(),
                })
                .collect();
            dirty.fill(true);
        } else {
            for e in edits {
                for &hash in &e.recoded {
                    dirty[hash as usize & (count - 1)] = true;
                }
                for key in &e.added {
                    let s = shard_of_key(key, count);
                    let tokens = &mut self.shards[s].tokens;
                    if let Err(i) = tokens.binary_search_by(|t| key_cmp(t, key)) {
                        tokens.insert(i, key.clone());
                    }
                    dirty[s] = true;
                }
                for key in &e.removed {
                    let s = shard_of_key(key, count);
                    let tokens = &mut self.shards[s].tokens;
                    if let Ok(i) = tokens.binary_search_by(|t| key_cmp(t, key)) {
                        tokens.remove(i);
                    }
                    dirty[s] = true;
                }
            }
        }
        let parts = &self.parts;
        self.shards
            .par_iter_mut()
            .enumerate()
            .filter(|(i, _)| dirty[*i])
            .try_for_each(|(i, shard)| -> Result<()> {
                shard.file = shard_file(i, &shard.tokens, parts)?;
                Ok(())
            })?;
        Ok(dirty.iter().filter(|&&d| d).count())
    }

    /// Makes again the record files holding a record of `ids` (the docs that changed,
    /// came or went; every file when `full`), and drops the files past the last doc.
    /// Returns how many were made.
    fn record_files(&mut self, ids: &[usize], full: bool) -> usize {
        let count = self.records.len().div_ceil(RECORDS_PER_FILE);
        if full {
            self.record_files.clear();
        }
        self.record_files.truncate(count);
        let mut dirty: Vec<usize> = ids
            .iter()
            .map(|id| id / RECORDS_PER_FILE)
            .filter(|&f| f < count)
            .chain(self.record_files.len()..count)
            .collect();
        dirty.sort_unstable();
        dirty.dedup();
        self.record_files.resize_with(count, Cached::default);
        let records = &self.records;
        let made: Vec<(usize, Cached)> = dirty
            .par_iter()
            .map(|&f| {
                let start = f * RECORDS_PER_FILE;
                let end = (start + RECORDS_PER_FILE).min(records.len());
                let mut bytes = vec![b'['];
                for (i, record) in records[start..end].iter().enumerate() {
                    if i > 0 {
                        bytes.push(b',');
                    }
                    bytes.extend_from_slice(record);
                }
                bytes.push(b']');
                (f, Cached::new(&record_path(f), bytes))
            })
            .collect();
        for (f, file) in made {
            self.record_files[f] = file;
        }
        dirty.len()
    }

    /// Fails when a file is over the budget: the first shard, or else the first record
    /// file.
    fn check(&self, max_file_bytes: usize) -> Result<()> {
        for (i, shard) in self.shards.iter().enumerate() {
            let size = shard.file.bytes.len();
            if size <= max_file_bytes {
                continue;
            }
            let mut buf = [0u8; 8];
            let (token, postings) = shard
                .tokens
                .iter()
                .map(|key| (key, self.encoded(key)))
                .max_by_key(|(_, p)| p.len())
                .map(|(key, p)| (key.as_str(&mut buf), p))
                .unwrap_or(("", ""));
            bail!(
                "the search index file search/s/{i}.json.gz would be {} KB, over the budget of {} \
                 KB per file; its largest token, «{token}», is in {} articles. Raise \
                 `max_file_kb` under `[search]` in gazette.toml",
                size.div_ceil(1024),
                max_file_bytes / 1024,
                decode_postings(postings).len(),
            );
        }
        for (f, file) in self.record_files.iter().enumerate() {
            let size = file.bytes.len();
            if size > max_file_bytes {
                let first = f * RECORDS_PER_FILE;
                let end = (first + RECORDS_PER_FILE).min(self.docs.len());
                let longest = self.docs[first..end]
                    .iter()
                    .max_by_key(|d| d.title.len() + d.issue.len() + d.url.len())
                    .map_or("", |d| &*d.title);
                bail!(
                    "the search records {} would be {} KB, over the budget of {} KB per \
                     file (its longest record is «{longest}»). Raise `max_file_kb` under \
                     `[search]` in gazette.toml",
                    record_path(f),
                    size.div_ceil(1024),
                    max_file_bytes / 1024
                );
            }
        }
        Ok(())
    }

    fn encoded(&self, key: &Key) -> &str {
        self.parts[key.part()].get(key).map_or("", |t| &t.encoded)
    }

    /// Every file: the shards, the records, the folding table, then `index.json` with the
    /// version.
    fn files(&self) -> Result<Vec<IndexFile>> {
        let shards = self
            .shards
            .par_iter()
            .enumerate()
            .map(|(i, s)| (shard_path(i), &s.file));
        let records = self
            .record_files
            .par_iter()
            .enumerate()
            .map(|(f, r)| (record_path(f), r));
        let mut files: Vec<IndexFile> = shards
            .chain(records)
            .map(|(path, file)| IndexFile {
                path,
                bytes: file.bytes.clone(),
            })
            .collect();
        files.push(IndexFile {
            path: FOLD_PATH.into(),
            bytes: FOLD_FILE.bytes.clone(),
        });
        let hashes: Vec<u64> = self
            .shards
            .iter()
            .map(|s| s.file.hash)
            .chain(self.record_files.iter().map(|r| r.hash))
            .chain([FOLD_FILE.hash])
            .collect();
        let mut version = rustc_hash::FxHasher::default();
        hashes.hash(&mut version);
        let meta = serde_json::json!({
            "version": format!("{:016x}", version.finish()),
            "docs": self.docs.len(),
            "shards": self.shards.len(),
            "records_per_file": RECORDS_PER_FILE,
            "fields": FIELDS.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        });
        files.push(IndexFile {
            path: "search/index.json".into(),
            bytes: serde_json::to_vec(&meta)?.into(),
        });
        Ok(files)
    }
}

/// Where the folding table is written, and its file (the same for every build).
const FOLD_PATH: &str = "search/fold.txt";
static FOLD_FILE: LazyLock<Cached> =
    LazyLock::new(|| Cached::new(FOLD_PATH, super::fold::TABLE.as_bytes().to_vec()));

/// A shard's file: `{token: postings}` in token order, as `serde_json` writes a
/// `BTreeMap`, gzipped.
fn shard_file(i: usize, tokens: &[Key], parts: &[Part]) -> Result<Cached> {
    let mut bytes = Vec::new();
    let mut json = serde_json::Serializer::new(&mut bytes);
    let mut map = json.serialize_map(Some(tokens.len()))?;
    let mut buf = [0u8; 8];
    for key in tokens {
        let encoded = parts[key.part()].get(key).map_or("", |t| &t.encoded);
        map.serialize_entry(key.as_str(&mut buf), encoded)?;
    }
    map.end()?;
    Ok(Cached::new(&shard_path(i), gzip(&bytes)?))
}

/// The path of shard `i`.
pub fn shard_path(i: usize) -> String {
    format!("search/s/{i}.json.gz")
}

/// The path of the record file holding the records of articles `f × RECORDS_PER_FILE`
/// onwards.
pub fn record_path(f: usize) -> String {
    format!("search/r/{f}.json")
}

/// `bytes` gzipped, deterministically (no name, no time in the header).
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let out = Vec::with_capacity(bytes.len() / 2);
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(out, flate2::Compression::new(SHARD_GZIP_LEVEL));
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// A shard file's JSON: the file inflated (for tests and tools; the browser does the
/// same with `DecompressionStream`).
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 2);
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
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
            // Byte by byte (little-endian): a copy of a length not known at compile
            // time would call `memcpy` for every token.
            let packed = token
                .bytes()
                .rev()
                .fold(0u64, |k, b| (k << 8) | u64::from(b));
            Key::Short(packed)
        } else {
            Key::Long(token.into())
        }
    }

    /// The token (a short one unpacked into `buf`).
    fn as_str<'a>(&'a self, buf: &'a mut [u8; 8]) -> &'a str {
        match self {
            Key::Short(k) => {
                *buf = k.to_le_bytes();
                let len = buf.iter().position(|&b| b == 0).unwrap_or(8);
                // The bytes of a `&str` (`Key::of`): always valid.
                std::str::from_utf8(&buf[..len]).unwrap_or_default()
            }
            Key::Long(s) => s,
        }
    }

    /// The token's length in bytes.
    fn len(&self) -> usize {
        match self {
            Key::Short(k) => 8 - (k.leading_zeros() / 8) as usize,
            Key::Long(s) => s.len(),
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

/// The order of tokens as text (byte order, as `str` and `BTreeMap` sort them).
fn key_cmp(a: &Key, b: &Key) -> Ordering {
    let (mut x, mut y) = ([0u8; 8], [0u8; 8]);
    a.as_str(&mut x).cmp(b.as_str(&mut y))
}

fn shard_of_key(key: &Key, shard_count: usize) -> usize {
    shard_of(key.as_str(&mut [0u8; 8]), shard_count)
}

type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
/// One doc's tokens, with their counts per field.
type Tokens = FastMap<Key, [u16; 4]>;

/// Per token, the ids of the docs (ascending) whose change touched its postings.
type Touched = FastMap<Key, Vec<u32>>;

/// One article's postings entry: its id and the token's count in each field.
#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    counts: [u16; 4],
}

/// Tokens are spread over this many independent maps, filled in parallel (at most 256:
/// [`Change`] numbers them with a byte).
const PARTS: usize = 64;

/// Tokenises `doc`, whose body reads as `text`: its field lengths, and its tokens with
/// their counts per field.
fn doc_tokens(doc: &Doc<'_>, text: &str) -> ([u32; 4], Tokens) {
    let topics = doc.topics.join("\n");
    let fields: [&str; 4] = [&doc.title, &topics, &doc.column, text];
    let mut lengths = [0u32; 4];
    // Sized for the body's distinct tokens up front (about one per 4 bytes of CJK
    // text, a bigram per 3-byte character with repeats), so the table is not grown
    // and rehashed again and again while the text is read.
    let mut counts = Tokens::with_capacity_and_hasher(text.len() / 4 + 16, Default::default());
    for (f, (field, length)) in fields.iter().zip(lengths.iter_mut()).enumerate() {
        index_tokens(field, |token| {
            *length += 1;
            let c = counts.entry(Key::of(token)).or_insert([0; 4]);
            c[f] = c[f].saturating_add(1);
        });
    }
    for filter in &doc.filters {
        counts.entry(Key::of(filter)).or_insert([0; 4]);
    }
    (lengths, counts)
}

/// The number of shards for `total` bytes of postings: a power of two that keeps a
/// shard near 32 KB of JSON (about 15 KB gzipped: a query of five tokens downloads
/// about 75 KB of shards).
pub fn shard_count(total: usize) -> usize {
    total
        .div_ceil(32 * 1024)
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
    score_with(counts, lengths, &idf(df, n))
}

/// Each field's inverse document frequency (for the fields where `df` is not zero).
fn idf(df: [u32; 4], n: usize) -> [f64; 4] {
    df.map(|df| 1.0 + (n as f64 / (f64::from(df) + 1.0)).ln())
}

fn score_with(counts: [u16; 4], lengths: [u32; 4], idf: &[f64; 4]) -> f64 {
    let mut total = 0.0;
    for (f, (_, boost)) in FIELDS.iter().enumerate() {
        if counts[f] > 0 && lengths[f] > 0 {
            let tf = f64::from(counts[f]).sqrt();
            total += boost * tf * idf[f] / f64::from(lengths[f]).sqrt();
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

/// A posting's last digit: the quantised score, and whether the token is in the title.
fn score_digit(counts: [u16; 4], lengths: [u32; 4], idf: &[f64; 4]) -> u8 {
    quantize(score_with(counts, lengths, idf)) * 2 + u8::from(counts[0] > 0)
}

/// Appends one posting: the id's delta as a varint of 5-bit digits, then the score digit.
fn push_posting(out: &mut String, mut delta: u32, score_digit: u8) {
    loop {
        let digit = (delta & 31) as usize;
        delta >>= 5;
        if delta == 0 {
            out.push(DIGITS[digit] as char);
            break;
        }
        out.push(DIGITS[digit | 32] as char);
    }
    out.push(DIGITS[usize::from(score_digit)] as char);
}

/// The value of each digit of [`DIGITS`], by byte (0 for any other byte).
const DIGIT_VALUES: [u8; 256] = {
    let mut values = [0u8; 256];
    let mut i = 0;
    while i < 64 {
        values[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    values
};

/// The (article id, score digit) pairs of a postings string, in order.
struct Postings<'a> {
    bytes: &'a [u8],
    at: usize,
    doc: u32,
}

impl<'a> Postings<'a> {
    fn new(encoded: &'a str) -> Postings<'a> {
        Postings {
            bytes: encoded.as_bytes(),
            at: 0,
            doc: 0,
        }
    }
}

impl Iterator for Postings<'_> {
    type Item = (u32, u8);

    fn next(&mut self) -> Option<(u32, u8)> {
        let (delta, digit) = next_entry(self.bytes, &mut self.at)?;
        self.doc += delta;
        Some((self.doc, digit))
    }
}

/// Reads the entry at `at` of a postings string: the id's delta and the score digit.
fn next_entry(bytes: &[u8], at: &mut usize) -> Option<(u32, u8)> {
    let (mut delta, mut shift) = (0u32, 0u32);
    loop {
        let v = u32::from(DIGIT_VALUES[usize::from(*bytes.get(*at)?)]);
        *at += 1;
        delta |= (v & 31) << shift;
        shift += 5;
        if v < 32 {
            break;
        }
    }
    let digit = DIGIT_VALUES[usize::from(*bytes.get(*at)?)];
    *at += 1;
    Some((delta, digit))
}

/// Decodes a postings string into (article id, score digit) pairs.
pub fn decode_postings(encoded: &str) -> Vec<(u32, u8)> {
    Postings::new(encoded).collect()
}

#[derive(Serialize)]
struct Record<'a> {
    title: &'a str,
    url: &'a str,
    issue: &'a str,
    date: &'a str,
    column: &'a str,
    /// The title or the text holds a character the tokenizer folds (written only then).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    folds: bool,
}

/// The record of `doc`, whose body reads as `text`: a JSON object.
fn record(doc: &Doc<'_>, text: &str) -> RecordBytes {
    let folds = |s: &str| s.chars().any(|c| super::fold::fold(c) != c);
    let bytes = serde_json::to_vec(&Record {
        title: &doc.title,
        url: &doc.url,
        issue: &doc.issue,
        date: &doc.date,
        column: &doc.column,
        folds: folds(&doc.title) || folds(text),
    })?;
    Ok(bytes.into())
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
    use std::collections::BTreeMap;

    fn doc(title: &str, text: &str) -> Doc<'static> {
        Doc {
            title: title.to_string().into(),
            url: format!("/a/{title}/").into(),
            body: text.to_string().into(),
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
        let files = build(docs.clone(), 1 << 20).unwrap();
        let meta: serde_json::Value = serde_json::from_slice(
            &files
                .iter()
                .find(|f| f.path == "search/index.json")
                .unwrap()
                .bytes,
        )
        .unwrap();
        let shards = meta["shards"].as_u64().unwrap() as usize;
        let path = shard_path(shard_of("芯片", shards));
        let file = &files.iter().find(|f| f.path == path).unwrap().bytes;
        let shard: BTreeMap<String, String> =
            serde_json::from_slice(&gunzip(file).unwrap()).unwrap();
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
        let files = build(docs.clone(), 1 << 20).unwrap();
        let shards: Vec<BTreeMap<String, String>> = files
            .iter()
            .filter(|f| f.path.starts_with("search/s/"))
            .map(|f| serde_json::from_slice(&gunzip(&f.bytes).unwrap()).unwrap())
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
        let docs = vec![doc(&"标题".repeat(3000), "标准")];
        let err = build(docs.clone(), 4096).unwrap_err().to_string();
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
        let a = build(docs.clone(), 1 << 20).unwrap();
        assert_eq!(a, build(docs.clone(), 1 << 20).unwrap());
        let mut edited = docs.clone();
        edited[7].body.to_mut().push_str("新增一句。");
        let b = build(edited, 1 << 20).unwrap();
        let meta = |files: &[IndexFile]| files.last().unwrap().bytes.clone();
        assert_ne!(meta(&a), meta(&b), "an edit must change the version");
        // Only the edited article's record and the shards holding its tokens change.
        let changed = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        assert!(changed < 10, "{changed} files changed");
    }

    #[test]
    fn a_spliced_encoding_is_the_encoding_made_afresh() {
        let digit = |p: &Posting| (p.doc % 7) as u8 * 8 + (p.counts[0] % 8) as u8;
        let encode = |postings: &[Posting]| {
            let (mut out, mut prev) = (String::new(), 0);
            for p in postings {
                push_posting(&mut out, p.doc - prev, digit(p));
                prev = p.doc;
            }
            out
        };
        let old: Vec<Posting> = (0..3000)
            .filter(|d| d % 3 != 1)
            .map(|doc| Posting {
                doc,
                counts: [0, 0, 0, 1],
            })
            .collect();
        let current = encode(&old);
        for changed in [
            vec![],
            vec![0],
            vec![1],
            vec![3],
            vec![1, 2, 3],
            vec![2998, 2999],
            vec![3000, 3001],
            vec![0, 40, 41, 100, 1500, 2997, 5000],
        ] {
            // A changed doc comes, goes, or has new counts.
            let mut new = old.clone();
            for &doc in &changed {
                match new.binary_search_by_key(&doc, |p| p.doc) {
                    Ok(i) if doc % 2 == 0 => new[i].counts[0] = 3,
                    Ok(i) => {
                        new.remove(i);
                    }
                    Err(i) => new.insert(
                        i,
                        Posting {
                            doc,
                            counts: [1, 0, 0, 2],
                        },
                    ),
                }
            }
            let updates: Vec<(u32, Option<u8>)> = changed
                .iter()
                .map(|&doc| {
                    let p = new.iter().find(|p| p.doc == doc);
                    (doc, p.map(digit))
                })
                .collect();
            let spliced = splice(&current, &updates);
            assert_eq!(spliced.as_deref(), Some(&*encode(&new)), "{changed:?}");
        }
        assert_eq!(splice(&current[..current.len() - 1], &[(5000, None)]), None);
    }

    #[test]
    fn traditional_text_is_indexed_folded_and_its_record_says_so() {
        let docs = vec![doc("国际合作", "标准化工作"), doc("國際合作", "標準化工作")];
        let files = build(docs, 1 << 20).unwrap();
        let file = |path: &str| -> serde_json::Value {
            serde_json::from_slice(&files.iter().find(|f| f.path == path).unwrap().bytes).unwrap()
        };
        let records = file("search/r/0.json");
        assert_eq!(records[0].get("folds"), None);
        assert_eq!(records[1]["folds"], true);
        assert_eq!(records[1]["title"], "國際合作", "as written");
        let shards: Vec<BTreeMap<String, String>> = files
            .iter()
            .filter(|f| f.path.starts_with("search/s/"))
            .map(|f| serde_json::from_slice(&gunzip(&f.bytes).unwrap()).unwrap())
            .collect();
        let ids = |token: &str| -> Vec<u32> {
            let postings = shards.iter().find_map(|s| s.get(token));
            postings.map_or(vec![], |p| decode_postings(p).iter().map(|x| x.0).collect())
        };
        assert_eq!(ids("标准"), [0, 1]);
        assert_eq!(ids("國際"), Vec::<u32>::new());
        let table = files.iter().find(|f| f.path == "search/fold.txt").unwrap();
        assert_eq!(&*table.bytes, crate::search::fold::TABLE.as_bytes());
    }

    #[test]
    fn records_are_grouped_by_id_and_regrouped_as_docs_come_and_go() {
        let docs: Vec<Doc> = (0..70)
            .map(|i| doc(&format!("第{i}篇"), "标准化工作"))
            .collect();
        let mut state = Incremental::default();
        let files = state.build(docs.clone(), usize::MAX).unwrap();
        let records = |files: &[IndexFile], f: usize| -> Vec<String> {
            let file = files.iter().find(|x| x.path == record_path(f)).unwrap();
            let list: Vec<serde_json::Value> = serde_json::from_slice(&file.bytes).unwrap();
            list.iter()
                .map(|r| r["title"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(records(&files, 0).len(), RECORDS_PER_FILE);
        assert_eq!(records(&files, 1)[1], "第33篇");
        assert_eq!(
            records(&files, 2),
            ["第64篇", "第65篇", "第66篇", "第67篇", "第68篇", "第69篇"]
        );
        assert!(!files.iter().any(|f| f.path == record_path(3)));
        // An edit rewrites its own file only; docs taken off the end drop the last file.
        let mut edited = docs.clone();
        edited[40].title = "改过的标题".into();
        let files = state.build(edited.clone(), usize::MAX).unwrap();
        assert_eq!(state.stats().records, 1);
        assert_eq!(records(&files, 1)[8], "改过的标题");
        edited.truncate(60);
        let files = state.build(edited.clone(), usize::MAX).unwrap();
        assert!(!files.iter().any(|f| f.path == record_path(2)));
        assert_eq!(files, build(edited, usize::MAX).unwrap());
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
    #[test]
    fn a_keyed_build_makes_only_the_docs_whose_key_changed() {
        let docs: Vec<Doc> = (0..40)
            .map(|i| {
                doc(
                    &format!("标题{i}"),
                    &format!("第{i}条：标准化工作要点印发。"),
                )
            })
            .collect();
        let mut state = Incremental::default();
        let keys: Vec<u64> = (0..40).collect();
        state
            .build_keyed(keys.clone(), |i| docs[i].clone(), usize::MAX)
            .unwrap();
        let mut edited = docs.clone();
        edited[7] = doc("新标题", "计量院发布新版校准规范。");
        let mut new_keys = keys;
        new_keys[7] = 1000;
        let made = std::sync::atomic::AtomicUsize::new(0);
        let files = state
            .build_keyed(
                new_keys,
                |i| {
                    made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    edited[i].clone()
                },
                usize::MAX,
            )
            .unwrap();
        assert_eq!(made.into_inner(), 1);
        assert_eq!(files, build(edited, usize::MAX).unwrap());
    }
}
