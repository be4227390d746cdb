//! Scoring an entry against operations' founders and ranking them: the one
//! comparison behind every placement by score, whichever operations a
//! search offers.

use super::weights::{self, WordStats};
use super::{blocking_rule, Candidate, Chosen, Operation, KEPT_CANDIDATES};
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

/// An entry against one operation's founder.
pub(super) fn score_candidate(
    rules: &Rules,
    stats: Option<&WordStats>,
    index: usize,
    op: &Operation,
    signature: &Signature,
    text: &str,
) -> Candidate {
    let founder = &op.founder_signature;
    let part_scores: Vec<Option<f64>> = signature
        .parts
        .iter()
        .zip(&founder.parts)
        .enumerate()
        .map(|(i, (part, theirs))| {
            (part.present && theirs.present).then(|| {
                if rules.metric == Metric::WeightedDice {
                    let ours = weights::bag(rules, stats, i, part, signature.action.as_deref());
                    let theirs = weights::bag(rules, stats, i, theirs, founder.action.as_deref());
                    similarity::weighted_dice(&ours, &theirs, rules.fuzzy)
                } else {
                    similarity::compare_words(rules.metric, &part.words, &theirs.words)
                }
            })
        })
        .collect();
    Candidate {
        operation: index,
        score: weighted_score(rules, &part_scores),
        part_scores,
        template: op.template_text(),
        founder_entry: op.founder_entry,
        founder: op.founder.clone(),
        blocked_by: blocking_rule(&rules.never_merge, text, &op.signatures),
        actions: different_actions(signature, founder),
    }
}

/// The entry's action and the founder's, when both have one and they
/// differ: such entries never merge.
fn different_actions(entry: &Signature, founder: &Signature) -> Option<(String, String)> {
    match (&entry.action, &founder.action) {
        (Some(ours), Some(theirs)) if ours != theirs => Some((ours.clone(), theirs.clone())),
        _ => None,
    }
}

/// Ranks the `offered` operations (the others score 0 and follow by age):
/// the chosen one is the best that reaches the threshold and that nothing
/// forbids; ties go to the older operation.
pub(super) fn rank(
    rules: &Rules,
    stats: Option<&WordStats>,
    operations: &[Operation],
    signature: &Signature,
    text: &str,
    offered: &[usize],
) -> Chosen {
    let mut candidates: Vec<Candidate> = offered
        .iter()
        .map(|&i| score_candidate(rules, stats, i, &operations[i], signature, text))
        .collect();
    // Best first; ties go to the older operation, so the order is total.
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.operation.cmp(&b.operation))
    });
    let allowed = |c: &Candidate| c.blocked_by.is_none() && c.actions.is_none();
    let mut chosen = candidates
        .iter()
        .find(|c| allowed(c) && c.score >= rules.threshold)
        .map(|c| (c.operation, c.score));
    candidates.retain(|c| c.score > 0.0 || offered.len() == operations.len());
    // Only a threshold of 0 lets an operation that scores 0 be chosen.
    let zero_may_win = rules.threshold <= 0.0;
    if candidates.len() < KEPT_CANDIDATES || (chosen.is_none() && zero_may_win) {
        let scored: std::collections::HashSet<usize> =
            candidates.iter().map(|c| c.operation).collect();
        for op in (0..operations.len()).filter(|op| !scored.contains(op)) {
            let full = candidates.len() >= KEPT_CANDIDATES;
            if full && (chosen.is_some() || !zero_may_win) {
                break;
            }
            let zero = score_candidate(rules, stats, op, &operations[op], signature, text);
            if chosen.is_none() && zero_may_win && allowed(&zero) {
                chosen = Some((op, zero.score));
            }
            if !full {
                candidates.push(zero);
            }
        }
    }
    candidates.truncate(KEPT_CANDIDATES);
    (chosen, candidates)
}
