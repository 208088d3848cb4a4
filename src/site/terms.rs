//! Which articles have which topics and regions, and which articles are related, computed
//! once per build from what `enrich` tagged (with `serve`'s memo, kept while no article's
//! place or tags changed): the facts article, topic, region, timeline, feed and search
//! pages share.

use super::index::Index;
use super::keyed::{Keyed, Picked};
use super::vm::TermRef;
use crate::enrich::{Enriched, TermKind, Vocabulary};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Related articles an article page shows, and the candidates looked at per shared term.
const RELATED: usize = 3;
const RELATED_CANDIDATES: usize = 400;

/// The folder of a kind's pages (`topics`, `regions`).
pub(super) fn kind_dir(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Topic => "topics",
        TermKind::Region => "regions",
    }
}

/// Which articles have which terms: all that depends on the articles' tags alone.
struct Terms {
    /// Per kind, per term: entry indices (into `Index::entries`), newest first.
    members: HashMap<TermKind, Vec<Vec<usize>>>,
    /// Per entry: its topics and regions (term indices).
    entry_terms: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Terms {
    fn new(ix: &Index, enriched: &Enriched, vocab: &Vocabulary) -> Terms {
        let entry_of: rustc_hash::FxHashMap<(usize, usize), usize> = ix
            .entries
            .iter()
            .enumerate()
            .map(|(k, e)| ((e.bulletin, e.article), k))
            .collect();
        let members = [TermKind::Topic, TermKind::Region]
            .into_iter()
            .map(|kind| {
                let lists = enriched
                    .by_term(ix.bulletins, vocab, kind)
                    .into_iter()
                    .map(|list| {
                        list.into_iter()
                            .filter_map(|ba| entry_of.get(&ba).copied())
                            .collect()
                    })
                    .collect();
                (kind, lists)
            })
            .collect();
        let entry_terms = ix
            .entries
            .iter()
            .map(|e| {
                let tags = &enriched.article(e.bulletin, e.article).tags;
                (tags.topics.clone(), tags.regions.clone())
            })
            .collect();
        Terms {
            members,
            entry_terms,
        }
    }

    /// A hash of what [`Terms::new`] makes them from: every article's place, draft flag
    /// and tags, and the number of terms of each kind.
    fn key(ix: &Index, enriched: &Enriched, vocab: &Vocabulary) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        for kind in [TermKind::Topic, TermKind::Region] {
            vocab.terms(kind).len().hash(&mut h);
        }
        for (b, facts) in ix.bulletins.iter().zip(&enriched.articles) {
            b.articles.len().hash(&mut h);
            for (a, f) in b.articles.iter().zip(facts) {
                (a.draft, &f.tags.topics, &f.tags.regions).hash(&mut h);
            }
        }
        h.finish()
    }
}

/// The taxonomy facts pages need, computed once (with `serve`'s memo, kept while what
/// they are made from stays the same).
pub(super) struct Taxonomy {
    terms: Arc<Terms>,
    pub refs: HashMap<TermKind, Vec<Keyed<TermRef>>>,
    /// Per entry: its related articles, as entries.
    related: Arc<Vec<Vec<usize>>>,
    /// With a memo: the hash of every article's place, draft flag and tags, and of the
    /// number of terms of each kind, which the facts here are made from.
    pub key: Option<u64>,
}

impl Taxonomy {
    pub fn new(ix: &Index, enriched: &Enriched, vocab: &Vocabulary, base: &str) -> Taxonomy {
        // With a memo: the key of the tags everything below is made from.
        let key = ix.memo.map(|_| Terms::key(ix, enriched, vocab));
        let terms = match ix.memo.zip(key) {
            Some((memo, key)) => memo.derived("terms", key, || Terms::new(ix, enriched, vocab)),
            None => Arc::new(Terms::new(ix, enriched, vocab)),
        };
        let refs = [TermKind::Topic, TermKind::Region]
            .into_iter()
            .map(|kind| {
                let r: Vec<Keyed<TermRef>> = vocab
                    .terms(kind)
                    .iter()
                    .zip(&terms.members[&kind])
                    .map(|(t, l)| {
                        let r = TermRef {
                            name: t.name.clone(),
                            url: format!("{base}{}/{}/", kind_dir(kind), t.slug),
                            count: l.len(),
                        };
                        Keyed::new(r, ix.memo.is_some())
                    })
                    .collect();
                (kind, r)
            })
            .collect();
        let mut tx = Taxonomy {
            terms,
            refs,
            related: Arc::default(),
            key,
        };
        tx.related = tx.all_related(ix);
        tx
    }

    /// Per kind, per term: entry indices (into `Index::entries`), newest first.
    pub fn members(&self, kind: TermKind) -> &[Vec<usize>] {
        &self.terms.members[&kind]
    }

    /// Per entry: its topics and regions (term indices).
    pub fn entry_terms(&self) -> &[(Vec<usize>, Vec<usize>)] {
        &self.terms.entry_terms
    }

    /// The topics and regions of entry `k`.
    pub fn terms_of(&self, k: usize) -> (Picked<'_, Keyed<TermRef>>, Picked<'_, Keyed<TermRef>>) {
        let (topics, regions) = &self.terms.entry_terms[k];
        (
            Picked {
                all: &self.refs[&TermKind::Topic],
                picked: topics,
            },
            Picked {
                all: &self.refs[&TermKind::Region],
                picked: regions,
            },
        )
    }

    /// The related articles of entry `k`, as entries.
    pub fn related_of(&self, k: usize) -> &[usize] {
        &self.related[k]
    }

    /// The related articles of entry `k`: shared topics weigh 2, shared regions 1;
    /// articles of other issues come first, then higher scores, then newer ones.
    fn rank_related(&self, ix: &Index, k: usize) -> Vec<usize> {
        let (topics, regions) = &self.terms.entry_terms[k];
        let own = ix.entries[k].bulletin;
        // Scores in a dense per-thread array indexed by entry (a hash map per article was a
        // tenth of the build): only the touched slots are read and reset.
        SCORES.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let Scratch { score, touched } = &mut *scratch;
            if score.len() < ix.entries.len() {
                score.resize(ix.entries.len(), 0);
            }
            for (kind, terms, weight) in
                [(TermKind::Topic, topics, 2), (TermKind::Region, regions, 1)]
            {
                for &t in terms {
                    for &o in self.terms.members[&kind][t].iter().take(RELATED_CANDIDATES) {
                        if o != k {
                            if score[o] == 0 {
                                touched.push(o);
                            }
                            score[o] += weight;
                        }
                    }
                }
            }
            let mut ranked: Vec<(bool, u32, usize)> = touched
                .drain(..)
                .map(|o| {
                    let s = std::mem::take(&mut score[o]);
                    (ix.entries[o].bulletin != own, s, o)
                })
                .collect();
            let order = |a: &(bool, u32, usize), b: &(bool, u32, usize)| {
                b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
            };
            if ranked.len() > RELATED {
                ranked.select_nth_unstable_by(RELATED - 1, order);
                ranked.truncate(RELATED);
            }
            ranked.sort_unstable_by(order);
            // A new vector: collected in place, the five would keep the capacity of every
            // candidate's tuple (550 MB over 20,000 articles).
            ranked.iter().map(|&(_, _, o)| o).collect()
        })
    }

    /// Every entry's related articles, in parallel. They depend only on each entry's
    /// issue and terms, which the terms' key (`Terms::key`: every article's place and
    /// tags) determines, so `serve`'s memo keeps them under it: an edit that leaves the
    /// articles' tags alone ranks nothing again.
    fn all_related(&self, ix: &Index) -> Arc<Vec<Vec<usize>>> {
        let rank = || {
            (0..ix.entries.len())
                .into_par_iter()
                .map(|k| self.rank_related(ix, k))
                .collect()
        };
        match ix.memo.zip(self.key) {
            Some((memo, key)) => memo.derived("related", key, rank),
            None => Arc::new(rank()),
        }
    }
}

/// Per-thread scratch space for [`Taxonomy::rank_related`].
#[derive(Default)]
struct Scratch {
    score: Vec<u32>,
    touched: Vec<usize>,
}

thread_local! {
    static SCORES: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}
