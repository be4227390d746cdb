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

use super::bound::{counted_query, counted_score, least_shared, Counted, EntryBits, Shape, Sketch};
use super::never::{forbids_sides, sides};
use crate::normalize::Signature;
use crate::rules::Rules;
use crate::similarity;

/// Per compared part: `None` when the entry (or the founder) lacks the
/// part, else its words as ids.
type Ids = Vec<Option<Vec<u32>>>;

#[derive(Default)]
pub(super) struct Index {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    /// Per operation: its founder's words as ids, what every later entry
    /// is scored against.
    founders: Vec<Ids>,
    /// Per part: word → operations whose founder holds it.
    postings: Vec<FxHashMap<u32, Vec<u32>>>,
    /// Per part: operations whose founder has the part with no words.
    empty: Vec<Vec<u32>>,
    /// Per operation, per `never merge` rule: bit `s` is set when a member
    /// signature matches the rule's sides `s` (see [`sides`]).
    sides: Vec<Vec<u8>>,
    /// Per operation: its founder's first part as the set metrics count it.
    shapes: Vec<Shape>,
    /// Per operation: a [`Sketch`] of its shape, packed close together so
    /// that most offered operations are ruled out without reading their
    /// shape.
    sketches: Vec<Sketch>,
    /// Per operation: the last query that offered it.
    stamps: Vec<u32>,
    query: u32,
}

/// A new signature as the index compares it.
pub(super) struct Probe {
    ids: Ids,
    /// Per `never merge` rule, the sides its text matches.
    sides: Vec<u8>,
    /// Set when its score against an operation can be counted from the
    /// operation's [`Shape`].
    counted: Option<Counted>,
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

impl Index {
    pub(super) fn new(rules: &Rules) -> Self {
        Index {
            postings: vec![FxHashMap::default(); rules.parts.len()],
            empty: vec![Vec::new(); rules.parts.len()],
            ..Index::default()
        }
    }

    /// Indexes operation `op`'s founder: what every later entry is scored
    /// against, fixed for the operation's life.
    pub(super) fn found(&mut self, rules: &Rules, op: usize, signature: &Signature) {
        let ids = self.intern(signature);
        let op_id = u32::try_from(op).unwrap_or(u32::MAX);
        for (part, words) in ids.iter().enumerate() {
            let Some(words) = words else { continue };
            let distinct: HashSet<u32> = words.iter().copied().collect();
            for word in distinct {
                self.postings[part].entry(word).or_default().push(op_id);
            }
            if words.is_empty() {
                self.empty[part].push(op_id);
            }
        }
        let shape = match ids.first() {
            Some(Some(first)) => Shape::of(&first.iter().copied().map(Some).collect::<Vec<_>>()),
            _ => Shape::default(),
        };
        self.sketches.push(Sketch::of(&shape));
        self.shapes.push(shape);
        self.founders.push(ids);
        self.sides.push(vec![0; rules.never_merge.len()]);
        self.stamps.push(0);
    }

    /// Records a member signature's sides for `never merge` checks.
    pub(super) fn note_signature(&mut self, rules: &Rules, op: usize, text: &str) {
        for (mask, rule) in self.sides[op].iter_mut().zip(&rules.never_merge) {
            *mask |= 1 << sides(rule, text);
        }
    }

    /// The signature (with text `text`) as the index compares it.
    pub(super) fn probe(&mut self, rules: &Rules, signature: &Signature, text: &str) -> Probe {
        let ids = self.intern(signature);
        let counted = counted_query(rules, &ids);
        Probe {
            sides: rules.never_merge.iter().map(|r| sides(r, text)).collect(),
            counted,
            ids,
        }
    }

    /// The operations that share a word with the probe in some part (or
    /// are empty where it is), each once: every other one scores 0.
    pub(super) fn offered(&mut self, probe: &Probe) -> Vec<usize> {
        self.next_query();
        let mut found = Vec::new();
        for (part, words) in probe.ids.iter().enumerate() {
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

    /// The probe's score against operation `op`'s founder, per part (`None`
    /// where either lacks the part).
    pub(super) fn part_scores(&self, rules: &Rules, op: usize, probe: &Probe) -> Vec<Option<f64>> {
        let text = |id: u32| self.words[id as usize].as_str();
        probe
            .ids
            .iter()
            .zip(&self.founders[op])
            .map(|(words, founder)| {
                let (words, founder) = (words.as_ref()?, founder.as_ref()?);
                Some(similarity::compare_by(rules.metric, words, founder, text))
            })
            .collect()
    }

    /// The probe's score against operation `op`: counted from its shape
    /// when the probe allows, else from [`Self::part_scores`]. Both give
    /// the same bits.
    pub(super) fn score(&self, rules: &Rules, op: usize, probe: &Probe) -> f64 {
        match &probe.counted {
            Some(counted) => counted_score(rules, &self.shapes[op], counted),
            None => super::weighted_score(rules, &self.part_scores(rules, op, probe)),
        }
    }

    /// The first `never merge` rule that keeps the probe from `op`.
    pub(super) fn blocked_by(&self, op: usize, probe: &Probe) -> Option<usize> {
        blocked_by(&self.sides[op], &probe.sides)
    }

    /// Whether [`Self::pruned`] can choose for the probe: it is counted,
    /// the threshold is above 0 (at 0 every operation may win) and the
    /// rules give no actions (which the counts do not see).
    pub(super) fn can_prune(rules: &Rules, probe: &Probe) -> bool {
        let has_actions = !rules.action_words.is_empty() || !rules.infer_actions.is_empty();
        probe.counted.is_some() && rules.threshold > 0.0 && !has_actions
    }

    /// The operation a probe that [`Self::can_prune`] joins, exactly as
    /// ranking every offered operation would choose it. Only the operations
    /// that share enough words to reach the threshold, and then the best
    /// score found, are scored (see [`least_shared`]); a word such as
    /// `<host>`, in most founders, then no longer offers every operation.
    pub(super) fn pruned(&mut self, rules: &Rules, probe: &Probe) -> Option<(usize, f64)> {
        let query = probe.counted.as_ref()?;
        let entry_sides = &probe.sides;
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
                let score = counted_score(rules, &shapes[op], query);
                // Higher score first, then the older operation: the exhaustive order.
                let better = chosen.is_none_or(|(best, best_score)| {
                    score.total_cmp(&best_score).then(best.cmp(&op)) == Ordering::Greater
                });
                if score >= rules.threshold
                    && better
                    && blocked_by(&op_sides[op], entry_sides).is_none()
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
