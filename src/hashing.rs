//! The one hash used to find things again: what `serve` keeps between rebuilds (parsed
//! facts, merged timeline dates, rendered fragments, page fingerprints) is looked up by
//! the hash of what it was made from. FxHash rather than std's SipHash: these keys are
//! compared, never exposed to input choosing collisions, and SipHash was an eighth of a
//! rebuild's time in `serve`.

use std::hash::{Hash, Hasher};

/// The hash of `value` (anything hashable).
pub fn key_of(value: impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}
