//! Finding the operation a new signature joins: the one search behind
//! every placement by score. The index offers the operations that can score
//! above zero (or, when no decision is kept and the counts allow, only
//! those that can still win); each is scored against its founder, and the
//! best that reaches the threshold and that nothing forbids is chosen, ties
//! going to the older operation.

use super::index::{Index, Probe};
use super::weights::{self, WordStats};
use super::{Candidate, Operation, KEPT_CANDIDATES};
use crate::normalize::Signature;
use crate::rules::{Metric, Rules};
use crate::similarity;

/// The weighted mean of per-part scores with the rules' weights; 0 when
/// no part could be compared.
pub(crate) fn weighted_score(rules: &Rules, part_scores: &[Option<f64>]) -> f64 {
    let weighted = part_scores
        .iter()
        .zip(&rules.parts)
        .map(|(s, p)| (*s, p.weight));
    similarity::weighted_iter(weighted).unwrap_or(0.0)
}

/// A new signature and what it is compared with.
pub(super) struct Query<'q> {
    pub(super) rules: &'q Rules,
    /// With `weights = journal`: the word counts of the earlier entries.
    pub(super) stats: Option<&'q WordStats>,
    pub(super) operations: &'q [Operation],
    pub(super) signature: &'q Signature,
    pub(super) text: &'q str,
}

/// The chosen operation with its score, and the kept candidates.
pub(super) type Chosen = (Option<(usize, f64)>, Vec<Candidate>);

/// The operation `query` joins and, when `ranked`, the best candidates
/// (best first). With `every`, every operation is scored, not only those
/// the index offers: the reference the index must agree with.
pub(super) fn search(index: &mut Index, query: &Query<'_>, every: bool, ranked: bool) -> Chosen {
    let probe = index.probe(query.rules, query.signature, query.text);
    if !ranked && !every && Index::can_prune(query.rules, &probe) {
        return (index.pruned(query.rules, &probe), Vec::new());
    }
    let offered = if every {
        (0..query.operations.len()).collect()
    } else {
        index.offered(&probe)
    };
    let scorer = Scorer {
        index,
        query,
        probe: &probe,
    };
    scorer.rank(&offered, ranked, every)
}

/// Scores operations for one probe.
struct Scorer<'s, 'q> {
    index: &'s Index,
    query: &'s Query<'q>,
    probe: &'s Probe,
}

impl Scorer<'_, '_> {
    /// The score against operation `op`'s founder, per part: the one
    /// scoring of each metric.
    fn part_scores(&self, op: usize) -> Vec<Option<f64>> {
        let Query {
            rules,
            stats,
            signature,
            ..
        } = self.query;
        if rules.metric != Metric::WeightedDice {
            return self.index.part_scores(rules, op, self.probe);
        }
        let founder = &self.query.operations[op].founder_signature;
        let action = |s: &Signature| s.action.clone();
        signature
            .parts
            .iter()
            .zip(&founder.parts)
            .enumerate()
            .map(|(i, (part, theirs))| {
                (part.present && theirs.present).then(|| {
                    let ours = weights::bag(rules, *stats, i, part, action(signature).as_deref());
                    let theirs = weights::bag(rules, *stats, i, theirs, action(founder).as_deref());
                    similarity::weighted_dice(&ours, &theirs, rules.fuzzy)
                })
            })
            .collect()
    }

    fn score(&self, op: usize) -> f64 {
        if self.query.rules.metric == Metric::WeightedDice {
            weighted_score(self.query.rules, &self.part_scores(op))
        } else {
            self.index.score(self.query.rules, op, self.probe)
        }
    }

    /// Whether the entry may join `op`: no `never merge` rule forbids it
    /// and their actions do not differ.
    fn allowed(&self, op: usize) -> bool {
        self.index.blocked_by(op, self.probe).is_none() && self.actions(op).is_none()
    }

    /// The entry's action and the founder's, when both have one and they
    /// differ: such entries never merge.
    fn actions(&self, op: usize) -> Option<(String, String)> {
        let founder = &self.query.operations[op].founder_signature;
        match (&self.query.signature.action, &founder.action) {
            (Some(ours), Some(theirs)) if ours != theirs => Some((ours.clone(), theirs.clone())),
            _ => None,
        }
    }

    /// Ranks the `offered` operations (the others score 0 and follow by
    /// age): the chosen one is the best that reaches the threshold and that
    /// nothing forbids; ties go to the older operation. `every` says
    /// whether `offered` is every operation.
    fn rank(&self, offered: &[usize], ranked: bool, every: bool) -> Chosen {
        let rules = self.query.rules;
        let mut scored: Vec<(usize, f64)> =
            offered.iter().map(|&op| (op, self.score(op))).collect();
        // Best first; ties go to the older operation, so the order is total.
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // An offered operation that scores 0 ranks by age with those not
        // offered, unless every operation was offered.
        scored.retain(|&(_, score)| score > 0.0 || every);
        let mut chosen = scored
            .iter()
            .find(|&&(op, score)| score >= rules.threshold && self.allowed(op))
            .copied();
        // Every operation not scored scores 0 and ranks by age after the
        // scored ones: it can only be chosen when the threshold is 0.
        let operations = self.query.operations.len();
        let scored_ops: std::collections::HashSet<usize> = scored.iter().map(|s| s.0).collect();
        let mut zeros = (0..operations).filter(|op| !scored_ops.contains(op));
        if chosen.is_none() && rules.threshold <= 0.0 {
            chosen = zeros
                .clone()
                .find(|&op| self.allowed(op))
                .map(|op| (op, 0.0));
        }
        if !ranked {
            return (chosen, Vec::new());
        }
        scored.truncate(KEPT_CANDIDATES);
        let missing = KEPT_CANDIDATES - scored.len();
        let kept = scored
            .into_iter()
            .map(|(op, _)| op)
            .chain(zeros.by_ref().take(missing))
            .map(|op| self.candidate(op))
            .collect();
        (chosen, kept)
    }

    /// Operation `op` as `explain` shows it among the candidates.
    fn candidate(&self, op: usize) -> Candidate {
        let operation = &self.query.operations[op];
        let part_scores = self.part_scores(op);
        Candidate {
            operation: op,
            score: weighted_score(self.query.rules, &part_scores),
            part_scores,
            template: operation.template_text(),
            founder_entry: operation.founder_entry,
            founder: operation.founder.clone(),
            blocked_by: self.index.blocked_by(op, self.probe),
            actions: self.actions(op),
        }
    }
}
