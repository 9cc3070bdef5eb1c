//! Near spellings: the documents holding any word that begins within one
//! or two edits of a folded stem.
//!
//! Finding them walks the segment's term dictionary with a Levenshtein
//! automaton and unions the postings of every term it accepts, which costs
//! more than the rest of a search together. The answer depends only on the
//! stem and the segment, and users' queries are new combinations of words
//! they have used before, so each segment's answer is kept per stem.
//! Segments never change their documents (deletes are applied by the
//! collector), so an entry never goes stale; entries of merged-away
//! segments age out.

use std::sync::{Arc, Mutex};

use lru::LruCache;
use tantivy::index::SegmentId;
use tantivy::query::{
    ConstScorer, EnableScoring, Explanation, FuzzyTermQuery, Query, Scorer, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// Memory the cache may hold: a segment's set is one bit per document,
/// 140 KB per stem over all segments for an archive of 100,000 meetings
/// (1.1 million parts).
const CACHE_BYTES: usize = 64 * 1024 * 1024;

type Key = (SegmentId, Term, u8);

/// The documents near each recently searched stem, per segment.
pub(crate) struct NearCache {
    state: Mutex<CacheState>,
    budget: usize,
}

struct CacheState {
    sets: LruCache<Key, Arc<NearDocs>>,
    bytes: usize,
}

impl NearCache {
    pub(crate) fn new() -> Arc<NearCache> {
        NearCache::with_budget(CACHE_BYTES)
    }

    /// A cache holding at most `budget` bytes of sets, and at least the
    /// last set put in it.
    fn with_budget(budget: usize) -> Arc<NearCache> {
        Arc::new(NearCache {
            state: Mutex::new(CacheState {
                sets: LruCache::unbounded(),
                bytes: 0,
            }),
            budget,
        })
    }

    fn get(&self, key: &Key) -> Option<Arc<NearDocs>> {
        self.lock().sets.get(key).cloned()
    }

    fn put(&self, key: Key, set: Arc<NearDocs>) {
        let mut state = self.lock();
        state.bytes += set.bytes();
        if let Some(replaced) = state.sets.put(key, set) {
            state.bytes -= replaced.bytes();
        }
        while state.bytes > self.budget && state.sets.len() > 1 {
            if let Some((_, evicted)) = state.sets.pop_lru() {
                state.bytes -= evicted.bytes();
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        // A panic elsewhere cannot leave the cache half-written: every
        // change is one `put`/`pop` with its byte count.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A segment's documents near a stem, one bit per document. Shared by
/// the searches that use it, so a search reads it without copying.
pub(crate) struct NearDocs {
    words: Box<[u64]>,
    count: u32,
}

impl NearDocs {
    /// `docs` below `max_doc`.
    fn new(max_doc: DocId, docs: impl IntoIterator<Item = DocId>) -> NearDocs {
        let mut words = vec![0u64; (max_doc as usize).div_ceil(64)].into_boxed_slice();
        let mut count = 0;
        for doc in docs {
            words[doc as usize / 64] |= 1 << (doc % 64);
            count += 1;
        }
        NearDocs { words, count }
    }

    fn bytes(&self) -> usize {
        self.words.len() * 8
    }

    fn contains(&self, doc: DocId) -> bool {
        self.words
            .get(doc as usize / 64)
            .is_some_and(|word| word & (1 << (doc % 64)) != 0)
    }
}

/// Walks a `NearDocs` in document order.
struct NearDocSet {
    docs: Arc<NearDocs>,
    /// The word of `docs` being walked, and its bits not yet returned.
    word: usize,
    bits: u64,
    doc: DocId,
}

impl NearDocSet {
    fn new(docs: Arc<NearDocs>) -> NearDocSet {
        let bits = docs.words.first().copied().unwrap_or(0);
        let mut walk = NearDocSet {
            docs,
            word: 0,
            bits,
            doc: 0,
        };
        walk.advance();
        walk
    }
}

impl DocSet for NearDocSet {
    fn advance(&mut self) -> DocId {
        while self.bits == 0 {
            self.word += 1;
            match self.docs.words.get(self.word) {
                Some(&bits) => self.bits = bits,
                None => {
                    self.doc = TERMINATED;
                    return TERMINATED;
                }
            }
        }
        let lowest = self.bits.trailing_zeros();
        self.bits &= self.bits - 1;
        self.doc = self.word as u32 * 64 + lowest;
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let word = target as usize / 64;
        let Some(&bits) = self.docs.words.get(word) else {
            self.doc = TERMINATED;
            return TERMINATED;
        };
        if word > self.word {
            self.word = word;
            self.bits = bits;
        }
        self.bits &= u64::MAX << (target % 64);
        self.advance()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.docs.count
    }
}

/// Matches documents with a word beginning within `distance` edits of the
/// folded stem `term`, all with the same score.
#[derive(Clone)]
pub(crate) struct NearWordQuery {
    term: Term,
    distance: u8,
    cache: Arc<NearCache>,
}

impl NearWordQuery {
    pub(crate) fn new(term: Term, distance: u8, cache: Arc<NearCache>) -> NearWordQuery {
        NearWordQuery {
            term,
            distance,
            cache,
        }
    }

    /// The segment's documents near the stem: from the cache, or walked
    /// once and kept.
    fn documents(&self, reader: &SegmentReader) -> tantivy::Result<Arc<NearDocs>> {
        let key = (reader.segment_id(), self.term.clone(), self.distance);
        if let Some(set) = self.cache.get(&key) {
            return Ok(set);
        }
        // tantivy's fuzzy query does the walk; its scorer is read out once.
        let fuzzy = FuzzyTermQuery::new_prefix(self.term.clone(), self.distance, true);
        let weight = fuzzy.weight(EnableScoring::disabled_from_schema(reader.schema()))?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut next = scorer.doc();
        let docs = std::iter::from_fn(|| {
            let doc = (next != TERMINATED).then_some(next)?;
            next = scorer.advance();
            Some(doc)
        });
        let set = Arc::new(NearDocs::new(reader.max_doc(), docs));
        self.cache.put(key, set.clone());
        Ok(set)
    }
}

impl std::fmt::Debug for NearWordQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("NearWordQuery")
            .field("term", &self.term)
            .field("distance", &self.distance)
            .finish()
    }
}

impl Query for NearWordQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for NearWordQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let documents = NearDocSet::new(self.documents(reader)?);
        Ok(Box::new(ConstScorer::new(documents, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.documents(reader)?.contains(doc) {
            Ok(Explanation::new("near spelling", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} has no near spelling of the term"
            )))
        }
    }
}

#[cfg(test)]
mod tests {

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_least_recently_used_sets_go_first_when_over_budget() {
        // Three sets of 128 documents, 16 bytes each; room for two.
        let cache = NearCache::with_budget(40);
        let segment = SegmentId::generate_random();
        let key = |stem: &str| {
            let term = Term::from_field_text(tantivy::schema::Field::from_field_id(0), stem);
            (segment, term, 1)
        };
        let set = || Arc::new(NearDocs::new(128, [1, 2, 3]));
        cache.put(key("a"), set());
        cache.put(key("b"), set());
        assert!(cache.get(&key("a")).is_some(), "used now, so kept");
        cache.put(key("c"), set());
        assert!(
            cache.get(&key("b")).is_none(),
            "the least recently used went"
        );
        assert!(cache.get(&key("a")).is_some() && cache.get(&key("c")).is_some());
        assert_eq!(cache.lock().bytes, 32);
        // One set larger than the budget is still kept, alone.
        cache.put(key("d"), Arc::new(NearDocs::new(1024, [7])));
        assert_eq!(cache.lock().sets.len(), 1);
        assert!(cache.get(&key("d")).is_some_and(|docs| docs.contains(7)));
    }

    proptest! {
        /// Walking and skipping give what a sorted set gives.
        #[test]
        fn walks_and_seeks_like_a_sorted_set(
            docs in proptest::collection::btree_set(0u32..500, 0..60),
            seeks in proptest::collection::vec(0u32..520, 0..20),
        ) {
            let shared = Arc::new(NearDocs::new(500, docs.iter().copied()));
            prop_assert_eq!(shared.count as usize, docs.len());
            let mut walk = NearDocSet::new(shared.clone());
            let mut walked = Vec::new();
            while walk.doc() != TERMINATED {
                walked.push(walk.doc());
                walk.advance();
            }
            prop_assert_eq!(&walked, &docs.iter().copied().collect::<Vec<_>>());

            let mut walk = NearDocSet::new(shared.clone());
            let mut seeks = seeks;
            seeks.sort_unstable();
            for target in seeks {
                // Seeking never goes back.
                let expected = if walk.doc() >= target {
                    walk.doc()
                } else {
                    docs.range(target..).next().copied().unwrap_or(TERMINATED)
                };
                prop_assert_eq!(walk.seek(target), expected, "seek {}", target);
            }
            for doc in 0..520 {
                prop_assert_eq!(shared.contains(doc), docs.contains(&doc));
            }
        }
    }
}
