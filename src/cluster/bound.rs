//! Bounds that let the set metrics (`token_dice`, `token_jaccard`) skip
//! operations without scoring them: a template's distinct words as a
//! [`Shape`], a 64-bit [`Sketch`] of it, and the fewest shared words a
//! score needs ([`least_shared`]). Every bound is at least the exact score,
//! so skipping by it never changes which operation an entry joins.

use std::cmp::Ordering;

use crate::rules::{Metric, Rules};
use crate::similarity;

/// A template as `token_dice` and `token_jaccard` see it: its length, its
/// distinct words (sorted) and its wildcards, which count as words of
/// their own when the entry has the template's length and are left out
/// otherwise.
#[derive(Debug, Default, Clone)]
pub(super) struct Shape {
    len: usize,
    known: Vec<u32>,
    wildcards: usize,
}

impl Shape {
    pub(super) fn of(template: &[Option<u32>]) -> Shape {
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
    pub(super) fn score(&self, metric: Metric, len: usize, entry: &[u32]) -> f64 {
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
pub(super) struct Counted {
    pub(super) len: usize,
    pub(super) distinct: Vec<u32>,
}

/// The entry as counted, when one part is compared with a set metric and
/// the entry has words; `None` sends scoring through the general metrics.
pub(super) fn counted_query(rules: &Rules, ids: &[Option<Vec<u32>>]) -> Option<Counted> {
    let [Some(words)] = ids else {
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

/// The fewest of an entry's `n` distinct words an operation must share to
/// score `score` or more (at least 1).
///
/// An operation that shares `c` of the entry's `n` distinct words scores
/// at most `2c / (n + c)` with `token_dice` (its template has at least `c`
/// words) and at most `c / n` with `token_jaccard`. So reaching `score`
/// takes `c ≥ score·n / (2 − score)`, resp. `c ≥ score·n`, shared words.
pub(super) fn least_shared(metric: Metric, score: f64, n: usize) -> usize {
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

/// The bit (0–63) a word id sets in a [`Sketch`].
fn word_bit(word: u32) -> u32 {
    // Fibonacci hashing spreads consecutive ids over the bits.
    word.wrapping_mul(0x9E37_79B1) >> 26
}

/// An entry's distinct words by [`word_bit`].
pub(super) struct EntryBits {
    bits: u64,
    /// How many of the entry's words set each bit.
    words: [u8; 64],
}

impl EntryBits {
    pub(super) fn of(distinct: &[u32]) -> EntryBits {
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
pub(super) struct Sketch {
    bits: u64,
    len: u32,
    known: u16,
    wildcards: u16,
}

impl Sketch {
    pub(super) fn of(shape: &Shape) -> Sketch {
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
    pub(super) fn best_possible(
        &self,
        metric: Metric,
        entry: &EntryBits,
        len: usize,
        n: usize,
    ) -> f64 {
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

/// An operation's score for a counted entry: the one part's score under
/// the rules' part weight.
pub(super) fn counted_score(rules: &Rules, shape: &Shape, query: &Counted) -> f64 {
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
