//! Enrich: facts derived from the model, never stored — topic and region tags, dated
//! events, the timeline.
//!
//! Everything here is a pure function of the loaded bulletins and the [`Vocabulary`]
//! (`content/topics.toml`, or the built-in one). The vocabulary is compiled once into
//! keyword automata and the date patterns once into a regex, so enriching an article is
//! a couple of linear scans of its text; [`enrich`] runs the articles in parallel.
//!
//! - [`vocab`]: the vocabulary file, validated (unique slugs, known parents).
//! - [`tags`]: which topics and regions an article is about, and why (the rule is
//!   documented there).
//! - [`events`]: the dated statements of an article, with resolved dates and anchors
//!   (the rules are documented there).
//! - [`timeline`]: all events, the same fact from several articles merged.
//!
//! ```no_run
//! # use gazette::enrich::{self, Vocabulary, TermKind};
//! # let bulletins: Vec<gazette::model::Bulletin> = Vec::new();
//! let vocab = Vocabulary::load(std::path::Path::new(".")).map_err(|e| e[0].to_string())?;
//! let site = enrich::enrich(&bulletins, &vocab);
//! for (t, articles) in site.by_term(&bulletins, &vocab, TermKind::Topic).iter().enumerate() {
//!     let topic = &vocab.topics[t]; // /topics/<topic.slug>/: `articles` are (bulletin, article)
//! }
//! for entry in &site.timeline { /* /timeline/: entry.date, entry.text, entry.sources */ }
//! # Ok::<(), String>(())
//! ```

pub mod events;
pub mod summary;
pub mod tags;
mod text;
pub mod timeline;
pub mod vocab;

pub use events::{anchors, events_with_edits, find_events, Event};
pub use tags::{tag_article, tag_text, ArticleTags, KeywordHits, Reason, TermMatch};
pub use timeline::{merge_events, EventSource, TimelineEvent, TimelineMemo};
pub use vocab::{Term, TermKind, Vocabulary};

use crate::model::{Article, Bulletin, PartialDate};
use rayon::prelude::*;

/// What enrich derives for one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFacts {
    pub tags: ArticleTags,
    /// In the order of the body; front-matter additions without a sentence last.
    pub events: Vec<Event>,
    /// What lists show of it ([`summary::article_summary`]).
    pub summary: String,
    /// A hash of the Markdown body: what is made of the body alone (its HTML) is found
    /// again by it, without reading the body again.
    pub body_hash: u64,
    /// A hash of `events`: the timeline finds the dates an edit touched by it.
    pub events_hash: u64,
}

/// The facts of every article of a site, and its timeline.
#[derive(Debug, Clone)]
pub struct Enriched {
    /// `articles[b][a]`: article `a` of bulletin `b`, in the order given to [`enrich`].
    pub articles: Vec<Vec<ArticleFacts>>,
    /// Every event of every non-draft article, merged, newest first.
    pub timeline: Vec<TimelineEvent>,
    /// A hash of what the timeline was merged from: equal keys, equal timelines.
    pub timeline_key: u64,
}

impl ArticleFacts {
    /// The facts again for another vocabulary: only the tags depend on it, so the events
    /// and the summary, which are most of the work, are kept.
    pub fn retag(&mut self, vocab: &Vocabulary, article: &Article) {
        self.tags = tag_article(vocab, article);
    }
}

/// Tags, events and summary of one article of a bulletin dated `bulletin_date`.
pub fn article_facts(
    vocab: &Vocabulary,
    article: &Article,
    bulletin_date: Option<PartialDate>,
) -> ArticleFacts {
    let events = events_with_edits(&article.body, bulletin_date, &article.events);
    ArticleFacts {
        tags: tag_article(vocab, article),
        events_hash: crate::hashing::key_of(&events),
        events,
        summary: summary::article_summary(article),
        body_hash: crate::hashing::key_of(&article.body),
    }
}

/// Tags, events and the timeline of a whole site (articles in parallel).
pub fn enrich(bulletins: &[Bulletin], vocab: &Vocabulary) -> Enriched {
    let articles: Vec<Vec<ArticleFacts>> = bulletins
        .par_iter()
        .map(|b| {
            b.articles
                .par_iter()
                .map(|a| article_facts(vocab, a, b.date))
                .collect()
        })
        .collect();
    Enriched::from_facts(bulletins, articles)
}

impl Enriched {
    /// The site's facts from each article's (`articles[b][a]`, from [`article_facts`]): the
    /// timeline is merged here. `serve` keeps the facts of unchanged articles between builds.
    pub fn from_facts(bulletins: &[Bulletin], articles: Vec<Vec<ArticleFacts>>) -> Enriched {
        Self::from_facts_with(bulletins, articles, &mut TimelineMemo::default())
    }

    /// [`Self::from_facts`], merging again only the dates of the timeline whose events
    /// changed since `memo` made the last one (`serve` hands it back with
    /// [`TimelineMemo::keep`]).
    pub fn from_facts_with(
        bulletins: &[Bulletin],
        articles: Vec<Vec<ArticleFacts>>,
        memo: &mut TimelineMemo,
    ) -> Enriched {
        let timeline = memo.timeline(bulletins, |b, a| {
            let facts = &articles[b][a];
            (&facts.events[..], facts.events_hash)
        });
        Enriched {
            articles,
            timeline,
            timeline_key: memo.key(),
        }
    }

    /// The facts of article `a` of bulletin `b`.
    pub fn article(&self, b: usize, a: usize) -> &ArticleFacts {
        &self.articles[b][a]
    }

    /// For every term of a kind, in vocabulary order (`vocab.terms(kind)[t]`), its
    /// non-draft articles as (bulletin, article) indexes, in the order of the bulletins
    /// given to [`enrich`] (newest first when they came from
    /// [`crate::content::load_all`]); terms without articles included (with an empty list).
    pub fn by_term(
        &self,
        bulletins: &[Bulletin],
        vocab: &Vocabulary,
        kind: TermKind,
    ) -> Vec<Vec<(usize, usize)>> {
        let terms = vocab.terms(kind).len();
        // Bulletins in parallel chunks, each chunk's lists appended in order.
        let chunks: Vec<Vec<Vec<(usize, usize)>>> = (0..bulletins.len())
            .into_par_iter()
            .chunks(64)
            .map(|chunk| {
                let mut out = vec![Vec::new(); terms];
                for bi in chunk {
                    for (ai, f) in self.articles[bi].iter().enumerate() {
                        if !bulletins[bi].articles[ai].draft {
                            for &t in f.tags.of(kind) {
                                out[t].push((bi, ai));
                            }
                        }
                    }
                }
                out
            })
            .collect();
        concat_by_term(terms, chunks)
    }

    /// A term's timeline: the entries that concern it ([`Self::timeline_by_term`]).
    pub fn timeline_of(
        &self,
        vocab: &Vocabulary,
        kind: TermKind,
        term: usize,
    ) -> Vec<&TimelineEvent> {
        self.timeline_by_term(vocab, kind, term + 1)
            .swap_remove(term)
            .into_iter()
            .map(|i| &self.timeline[i])
            .collect()
    }

    /// For each of the first `terms` terms of a kind, its timeline as indices into
    /// `timeline`, newest first: the entries that a source article tagged with the term
    /// reports, and whose sentence names the term (a keyword of it or of a child) or whose
    /// article is mainly about it (the term is its first tag). An article about 半导体
    /// that mentions a standards body's founding puts that event on the 半导体 timeline,
    /// not on those of its five other topics. One pass over the timeline for all terms.
    pub fn timeline_by_term(
        &self,
        vocab: &Vocabulary,
        kind: TermKind,
        terms: usize,
    ) -> Vec<Vec<usize>> {
        // The timeline in parallel chunks, each chunk's lists appended in order.
        let chunks: Vec<Vec<Vec<usize>>> = (0..self.timeline.len())
            .into_par_iter()
            .chunks(4096)
            .map(|chunk| {
                let mut out = vec![Vec::new(); terms];
                let mut seen: Vec<usize> = Vec::new();
                for i in chunk {
                    seen.clear();
                    let entry = &self.timeline[i];
                    let named = tags::terms_named(vocab, kind, &entry.text);
                    for s in &entry.sources {
                        let tagged = self.articles[s.bulletin][s.article].tags.of(kind);
                        for (rank, &t) in tagged.iter().enumerate() {
                            let concerns = rank == 0 || named.contains(&t);
                            if t < terms && concerns && !seen.contains(&t) {
                                seen.push(t);
                                out[t].push(i);
                            }
                        }
                    }
                }
                out
            })
            .collect();
        concat_by_term(terms, chunks)
    }
}

/// Per term, its lists from each chunk, one after the other.
fn concat_by_term<T>(terms: usize, chunks: Vec<Vec<Vec<T>>>) -> Vec<Vec<T>> {
    let mut out: Vec<Vec<T>> = (0..terms).map(|_| Vec::new()).collect();
    for chunk in chunks {
        for (list, part) in out.iter_mut().zip(chunk) {
            if list.is_empty() {
                *list = part;
            } else {
                list.extend(part);
            }
        }
    }
    out
}
