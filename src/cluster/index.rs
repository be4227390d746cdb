//! The index behind [`Strategy::Indexed`](super::Strategy): which
//! operations an entry can score above zero against.
//!
//! Every metric but `jaro_winkler` gives a part zero when the entry's words
//! and the template's share no word: `token_jaccard` and `token_dice` count
//! shared words; `positional` counts equal words at equal positions; with
//! no common word the word-level edit distance is the longer length, so
//! `levenshtein` gives 1 − max/max = 0. A wildcard matches no word, so it
//! never makes a shared one; and two empty lists score 1.
//!
//! So an operation scores above zero only if, in some compared part, its
//! template holds one of the entry's words, or both are empty. The index
//! keeps, per part, word → operations, and the operations whose template
//! is empty. Every operation it does not offer scores exactly 0 (a
//! weighted mean of zeros, or nothing to compare), which is all it takes
//! to rebuild the exhaustive ranking: the offered operations by score,
//! then the others by age.

use std::cmp::Ordering;
use std::collections::HashSet;

use rustc_hash::FxHashMap;

use super::never::{forbids_sides, sides};
use super::{Candidate, Chosen, Operation, KEPT_CANDIDATES};
use crate::normalize::Signature;
use crate::rules::{Metric, Rules};
use crate::similarity;

/// Per compared part: `None` when the entry (or no member) has the part,
/// else its words as ids; in a template `None` words are wildcards.
type Ids = Vec<Option<Vec<u32>>>;
type IdTemplate = Vec<Option<Vec<Option<u32>>>>;

#[derive(Default)]
pub(super) struct Index {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    /// Per operation: the template over word ids, kept like
    /// `Operation::template`.
    templates: Vec<IdTemplate>,
    /// Per part: word → operations whose template held it when the part
    /// was first set (a word later turned wildcard stays: offering an
    /// operation too many is only a wasted comparison).
    postings: Vec<FxHashMap<u32, Vec<u32>>>,
    /// Per part: operations whose template is empty (no words).
    empty: Vec<Vec<u32>>,
    /// Per operation, per `never merge` rule: bit `s` is set when a member
    /// signature matches the rule's sides `s` (see [`sides`]).
    sides: Vec<Vec<u8>>,
    /// Per operation: its first part's template as the set metrics count
    /// it, kept beside `templates` for [`Self::chosen`].
    shapes: Vec<Shape>,
    /// Per operation: a [`Sketch`] of its shape, packed close together so
    /// that most offered operations are ruled out without reading their
    /// shape.
    sketches: Vec<Sketch>,
    /// Per operation: the last query that offered it.
    stamps: Vec<u32>,
    query: u32,
}

/// A scored operation: (operation, score, per-part scores).
type Scored = (usize, f64, Vec<Option<f64>>);

/// A template as `token_dice` and `token_jaccard` see it: its length, its
/// distinct words (sorted) and its wildcards, which count as words of
/// their own when the entry has the template's length and are left out
/// otherwise.
#[derive(Debug, Default, Clone)]
struct Shape {
    len: usize,
    known: Vec<u32>,
    wildcards: usize,
}

impl Shape {
    fn of(template: &[Option<u32>]) -> Shape {
        let mut known: Vec<u32> = template.iter().filter_map(|w| *w).collect();
        known.sort_unstable();
        known.dedup();
        Shape {
            len: template.len(),
            known,
            wildcards: template.iter().filter(|w| w.is_none()).count(),
        }
    }

    /// The metric's score against an entry of `len` words whose distinct
    /// words are `entry` (sorted), exactly as `similarity::score_by` gives.
    fn score(&self, metric: Metric, len: usize, entry: &[u32]) -> f64 {
        let other = self.known.len() + if self.len == len { self.wildcards } else { 0 };
        if other == 0 {
            return 0.0;
        }
        let common = sorted_common(entry, &self.known);
        similarity::set_score(metric, common as f64, entry.len() as f64, other as f64)
    }
}

/// An entry as [`Shape::score`] reads it: its word count and its distinct
/// word ids, sorted.
struct Counted {
    len: usize,
    distinct: Vec<u32>,
}

/// The entry as counted, when one part is compared with a set metric and
/// the entry has words; `None` sends scoring through the general metrics.
fn counted_query(rules: &Rules, ids: &Ids) -> Option<Counted> {
    let [Some(words)] = ids.as_slice() else {
        return None;
    };
    if words.is_empty() || !matches!(rules.metric, Metric::TokenDice | Metric::TokenJaccard) {
        return None;
    }
    let mut distinct = words.clone();
    distinct.sort_unstable();
    distinct.dedup();
    Some(Counted {
        len: words.len(),
        distinct,
    })
}

/// The first `never merge` rule (by index) that keeps an entry whose
/// sides are `entry_sides` from an operation whose sides are `op_sides`.
fn blocked_by(op_sides: &[u8], entry_sides: &[u8]) -> Option<usize> {
    op_sides
        .iter()
        .zip(entry_sides)
        .position(|(&mask, &entry)| {
            (0..4u8).any(|s| mask & (1 << s) != 0 && forbids_sides(entry, s))
        })
}

/// The fewest of an entry's `n` distinct words an operation must share to
/// score `score` or more (at least 1).
///
/// An operation that shares `c` of the entry's `n` distinct words scores
/// at most `2c / (n + c)` with `token_dice` (its template has at least `c`
/// words) and at most `c / n` with `token_jaccard`. So reaching `score`
/// takes `c ≥ score·n / (2 − score)`, resp. `c ≥ score·n`, shared words.
fn least_shared(metric: Metric, score: f64, n: usize) -> usize {
    let bound = if metric == Metric::TokenDice {
        score * n as f64 / (2.0 - score)
    } else {
        score * n as f64
    };
    // Rounding may only lower the bound: probing a word more is safe.
    (1..n)
        .find(|&c| c as f64 >= bound - 1e-9)
        .unwrap_or(n.max(1))
}

/// The bit (0–63) a word id sets in an operation's [`Index::bits`].
fn word_bit(word: u32) -> u32 {
    // Fibonacci hashing spreads consecutive ids over the bits.
    word.wrapping_mul(0x9E37_79B1) >> 26
}

/// An entry's distinct words by [`word_bit`].
struct EntryBits {
    bits: u64,
    /// How many of the entry's words set each bit.
    words: [u8; 64],
}

impl EntryBits {
    fn of(distinct: &[u32]) -> EntryBits {
        let mut words = [0u8; 64];
        let mut bits = 0;
        for &w in distinct {
            let bit = word_bit(w);
            bits |= 1 << bit;
            words[bit as usize] = words[bit as usize].saturating_add(1);
        }
        EntryBits { bits, words }
    }

    /// At least as many words as an operation with these bits shares with
    /// the entry: a shared word sets a bit both have.
    fn shared_at_most(&self, op_bits: u64) -> usize {
        let mut both = self.bits & op_bits;
        let mut count = 0;
        while both != 0 {
            count += usize::from(self.words[both.trailing_zeros() as usize]);
            both &= both - 1;
        }
        count
    }
}

/// What [`Shape::score`] reads of a template, but its words only as
/// [`word_bit`]s: enough for an upper bound on the score.
#[derive(Debug, Default, Clone, Copy)]
struct Sketch {
    bits: u64,
    len: u32,
    known: u16,
    wildcards: u16,
}

impl Sketch {
    fn of(shape: &Shape) -> Sketch {
        let narrow = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        Sketch {
            bits: shape
                .known
                .iter()
                .fold(0, |bits, &w| bits | 1 << word_bit(w)),
            len: u32::try_from(shape.len).unwrap_or(u32::MAX),
            known: narrow(shape.known.len()),
            wildcards: narrow(shape.wildcards),
        }
    }

    /// At least [`Shape::score`] against an entry of `len` words whose
    /// `n` distinct words have these bits: the shared words are at most
    /// those the bits allow, and the template's own count is as in
    /// `Shape::score` (never below the shared ones).
    fn best_possible(&self, metric: Metric, entry: &EntryBits, len: usize, n: usize) -> f64 {
        let shared = entry.shared_at_most(self.bits) as f64;
        let wildcards = if self.len as usize == len {
            self.wildcards
        } else {
            0
        };
        // A count saturated at u16::MAX only lowers `other`, which only
        // raises the bound.
        let other = (f64::from(self.known) + f64::from(wildcards)).max(shared);
        similarity::set_score(metric, shared, n as f64, other)
    }
}

/// An operation's score as [`Index::total`] gives it for a counted entry.
fn counted_score(rules: &Rules, shape: &Shape, query: &Counted) -> f64 {
    let part = shape.score(rules.metric, query.len, &query.distinct);
    super::weighted_score(rules, &[Some(part)])
}

/// How many values two sorted lists share.
fn sorted_common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

impl Index {
    pub(super) fn new(rules: &Rules) -> Self {
        Index {
            postings: vec![FxHashMap::default(); rules.parts.len()],
            empty: vec![Vec::new(); rules.parts.len()],
            ..Index::default()
        }
    }

    pub(super) fn add_operation(&mut self, rules: &Rules) {
        self.templates.push(vec![None; rules.parts.len()]);
        self.shapes.push(Shape::default());
        self.sketches.push(Sketch::default());
        self.sides.push(vec![0; rules.never_merge.len()]);
        self.stamps.push(0);
    }

    /// Records a member signature's sides for `never merge` checks.
    pub(super) fn note_signature(&mut self, rules: &Rules, op: usize, text: &str) {
        for (mask, rule) in self.sides[op].iter_mut().zip(&rules.never_merge) {
            *mask |= 1 << sides(rule, text);
        }
    }

    /// Indexes an operation's founder: what every later entry is scored
    /// against, fixed for the operation's life.
    pub(super) fn found(&mut self, op: usize, signature: &Signature) {
        let ids = self.intern(signature);
        let op_id = u32::try_from(op).unwrap_or(u32::MAX);
        for (part, (slot, words)) in self.templates[op].iter_mut().zip(&ids).enumerate() {
            let Some(words) = words else { continue };
            *slot = Some(words.iter().copied().map(Some).collect());
            let distinct: HashSet<u32> = words.iter().copied().collect();
            for word in distinct {
                self.postings[part].entry(word).or_default().push(op_id);
            }
            if words.is_empty() {
                self.empty[part].push(op_id);
            }
        }
        if let Some(Some(first)) = self.templates[op].first() {
            let shape = Shape::of(first);
            self.sketches[op] = Sketch::of(&shape);
            self.shapes[op] = shape;
        }
    }

    /// The best operation for a new signature and the kept candidates,
    /// exactly as an exhaustive comparison ranks them.
    pub(super) fn best(
        &mut self,
        rules: &Rules,
        operations: &[Operation],
        signature: &Signature,
        text: &str,
    ) -> Chosen {
        let ids = self.intern(signature);
        let entry_sides: Vec<u8> = rules.never_merge.iter().map(|r| sides(r, text)).collect();
        let counted = counted_query(rules, &ids);
        let mut positive: Vec<(usize, f64)> = self
            .offered(&ids)
            .into_iter()
            .map(|op| (op, self.total(rules, op, &ids, counted.as_ref())))
            .filter(|(_, score)| *score > 0.0)
            .collect();
        positive.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let unblocked = |op: usize| self.blocked_by(op, &entry_sides).is_none();
        let mut chosen = positive
            .iter()
            .find(|(op, score)| *score >= rules.threshold && unblocked(*op))
            .copied();
        let in_positive: HashSet<usize> = positive.iter().map(|s| s.0).collect();
        // Every other operation scores 0 and ranks by age after the
        // positive ones: it can only be chosen when the threshold is 0.
        let mut zeros = (0..operations.len()).filter(|op| !in_positive.contains(op));
        if chosen.is_none() && rules.threshold <= 0.0 {
            chosen = zeros.clone().find(|&op| unblocked(op)).map(|op| (op, 0.0));
        }
        positive.truncate(KEPT_CANDIDATES);
        let missing = KEPT_CANDIDATES - positive.len();
        let kept_ops: Vec<usize> = positive
            .into_iter()
            .map(|(op, _)| op)
            .chain(zeros.by_ref().take(missing))
            .collect();
        let kept = kept_ops
            .into_iter()
            .map(|op| {
                let (op, score, part_scores) = self.score(rules, op, &ids);
                Candidate {
                    operation: op,
                    part_scores,
                    score,
                    template: operations[op].template_text(),
                    founder_entry: operations[op].founder_entry,
                    founder: operations[op].founder.clone(),
                    blocked_by: self.blocked_by(op, &entry_sides),
                    // Rules with actions rank through `rank::rank`.
                    actions: None,
                }
            })
            .collect();
        (chosen, kept)
    }

    /// An operation's score: by counting word ids when the rules allow
    /// ([`counted_query`]), else part by part. Both give the same bits.
    fn total(&self, rules: &Rules, op: usize, ids: &Ids, counted: Option<&Counted>) -> f64 {
        match counted {
            Some(query) => counted_score(rules, &self.shapes[op], query),
            None => self.score(rules, op, ids).1,
        }
    }

    /// The operation a new signature joins, exactly as [`Self::best`]
    /// chooses it, without ranking the candidates kept for `explain`.
    /// With one compared part and a set metric, only the operations that
    /// share enough words to reach the threshold, and then the best score
    /// found, are scored (see [`least_shared`]); a word such as `<host>`,
    /// in most templates, then no longer offers every operation.
    pub(super) fn chosen(
        &mut self,
        rules: &Rules,
        operations: &[Operation],
        signature: &Signature,
        text: &str,
    ) -> Option<(usize, f64)> {
        let ids = self.intern(signature);
        let Some(query) = counted_query(rules, &ids).filter(|_| rules.threshold > 0.0) else {
            return self.best(rules, operations, signature, text).0;
        };
        let entry_sides: Vec<u8> = rules.never_merge.iter().map(|r| sides(r, text)).collect();
        let by_rarity = self.by_rarity(&query.distinct);
        let n = query.distinct.len();
        let mut need = least_shared(rules.metric, rules.threshold, n);
        let mut chosen: Option<(usize, f64)> = None;
        self.next_query();
        let entry_bits = EntryBits::of(&query.distinct);
        let Index {
            postings,
            stamps,
            shapes,
            sketches,
            sides: op_sides,
            query: stamp,
            ..
        } = self;
        // Any `n - need + 1` of the entry's words include one that every
        // operation still able to win holds; `need` grows with the best
        // score found, so the commonest words are often never probed.
        let mut probed = 0;
        while probed + need <= n {
            let word = by_rarity[probed];
            probed += 1;
            for &op in postings[0].get(&word).into_iter().flatten() {
                let seen = &mut stamps[op as usize];
                if *seen == *stamp {
                    continue;
                }
                *seen = *stamp;
                let op = op as usize;
                let floor = chosen.map_or(rules.threshold, |(_, best)| best);
                let best_possible =
                    sketches[op].best_possible(rules.metric, &entry_bits, query.len, n);
                if best_possible < floor - 1e-9 {
                    continue;
                }
                let score = counted_score(rules, &shapes[op], &query);
                // Higher score first, then the older operation: the exhaustive order.
                let better = chosen.is_none_or(|(best, best_score)| {
                    score.total_cmp(&best_score).then(best.cmp(&op)) == Ordering::Greater
                });
                if score >= rules.threshold
                    && better
                    && blocked_by(&op_sides[op], &entry_sides).is_none()
                {
                    chosen = Some((op, score));
                    need = need.max(least_shared(rules.metric, score, n));
                }
            }
        }
        chosen
    }

    /// The entry's distinct words (`distinct`, from [`counted_query`]),
    /// those in the fewest operations first.
    fn by_rarity(&self, distinct: &[u32]) -> Vec<u32> {
        let postings = &self.postings[0];
        let mut words = distinct.to_vec();
        words.sort_by_key(|w| (postings.get(w).map_or(0, Vec::len), *w));
        words
    }

    fn next_query(&mut self) {
        self.query = self.query.wrapping_add(1);
        if self.query == 0 {
            self.stamps.fill(0);
            self.query = 1;
        }
    }

    /// The operations that share a word with `signature` in some part
    /// (or are empty where it is), each once.
    pub(super) fn offered_to(&mut self, signature: &Signature) -> Vec<usize> {
        let ids = self.intern(signature);
        let mut offered = self.offered(&ids);
        offered.sort_unstable();
        offered
    }

    /// The operations that can score above zero, each once.
    fn offered(&mut self, ids: &Ids) -> Vec<usize> {
        self.next_query();
        let mut found = Vec::new();
        for (part, words) in ids.iter().enumerate() {
            let Some(words) = words else { continue };
            let by_word = words.iter().filter_map(|w| self.postings[part].get(w));
            let empty = words.is_empty().then_some(&self.empty[part]);
            for &op in by_word.chain(empty).flatten() {
                let stamp = &mut self.stamps[op as usize];
                if *stamp != self.query {
                    *stamp = self.query;
                    found.push(op as usize);
                }
            }
        }
        found
    }

    /// Scores an operation as `super::score_candidate` does, over ids.
    fn score(&self, rules: &Rules, op: usize, ids: &Ids) -> Scored {
        let text = |id: u32| self.words[id as usize].as_str();
        let part_scores: Vec<Option<f64>> = ids
            .iter()
            .zip(&self.templates[op])
            .map(|(words, template)| match (words, template) {
                (Some(words), Some(template)) => {
                    Some(similarity::score_by(rules.metric, words, template, text))
                }
                _ => None,
            })
            .collect();
        let score = super::weighted_score(rules, &part_scores);
        (op, score, part_scores)
    }

    /// The first `never merge` rule that keeps the entry from `op`, as
    /// `super::blocking_rule` finds it.
    fn blocked_by(&self, op: usize, entry_sides: &[u8]) -> Option<usize> {
        blocked_by(&self.sides[op], entry_sides)
    }

    fn intern(&mut self, signature: &Signature) -> Ids {
        signature
            .parts
            .iter()
            .map(|part| {
                part.present
                    .then(|| part.words.iter().map(|w| self.id(w)).collect())
            })
            .collect()
    }

    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        self.words.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Word lists from a small vocabulary, so that lists often share words
    /// and bits often collide.
    fn lists() -> Vec<Vec<u32>> {
        let mut seed = 7u32;
        let mut next = move |below: u32| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 16) % below
        };
        (0..300)
            .map(|_| (0..=next(9)).map(|_| next(150)).collect())
            .collect()
    }

    #[test]
    fn a_sketch_never_scores_below_its_shape() {
        let lists = lists();
        for metric in [Metric::TokenDice, Metric::TokenJaccard] {
            for (k, template) in lists.iter().enumerate() {
                // Every third template has a wildcard.
                let template: Vec<Option<u32>> = template
                    .iter()
                    .enumerate()
                    .map(|(i, &w)| (k % 3 != 0 || i != 0).then_some(w))
                    .collect();
                let shape = Shape::of(&template);
                let sketch = Sketch::of(&shape);
                for entry in &lists {
                    let mut distinct = entry.clone();
                    distinct.sort_unstable();
                    distinct.dedup();
                    let bits = EntryBits::of(&distinct);
                    let shared = sorted_common(&distinct, &shape.known);
                    assert!(bits.shared_at_most(sketch.bits) >= shared);
                    let exact = shape.score(metric, entry.len(), &distinct);
                    let bound = sketch.best_possible(metric, &bits, entry.len(), distinct.len());
                    assert!(
                        bound >= exact,
                        "{bound} < {exact} for {template:?} vs {entry:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn least_shared_is_the_fewest_words_that_can_reach_a_score() {
        for metric in [Metric::TokenDice, Metric::TokenJaccard] {
            for n in 1..12 {
                for score in [0.05, 0.3, 0.5, 0.6, 0.75, 0.9, 1.0] {
                    let c = least_shared(metric, score, n);
                    let reach = |c: usize| best_possible(metric, c, n) >= score - 1e-9;
                    assert!(reach(c), "{c} of {n} words cannot reach {score}");
                    assert!(c == 1 || !reach(c - 1), "{} of {n} reach {score}", c - 1);
                }
            }
        }
    }

    /// The best score sharing `c` of `n` words allows (`other` = `c`).
    fn best_possible(metric: Metric, c: usize, n: usize) -> f64 {
        similarity::set_score(metric, c as f64, n as f64, c as f64)
    }
}
