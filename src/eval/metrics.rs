//! How close a predicted grouping is to the labelled one.
//!
//! Both groupings are given as one group id per item (the ids of the two
//! sides need not correspond). Every metric is computed from the contingency
//! table of the two: how many items each (label, prediction) pair holds.

use std::collections::BTreeMap;

use serde::Serialize;

/// The scores of one predicted grouping against the labels, each in 0..1
/// (the adjusted Rand index can dip below 0 for worse-than-chance
/// groupings).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Scores {
    /// Grouping accuracy: the share of items whose predicted group holds
    /// exactly the items of their labelled group.
    pub(crate) ga: f64,
    /// Of the pairs put together, the share the labels keep together.
    pub(crate) precision: f64,
    /// Of the pairs the labels keep together, the share put together.
    pub(crate) recall: f64,
    pub(crate) f1: f64,
    /// The adjusted Rand index: pair agreement corrected for chance.
    pub(crate) ari: f64,
}

/// Pair counts: together in both, only predicted together, only labelled
/// together, apart in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pairs {
    pub(crate) both: u128,
    pub(crate) predicted_only: u128,
    pub(crate) labelled_only: u128,
    pub(crate) neither: u128,
}

/// Scores `predicted` against `truth`, both one group id per item.
///
/// Conventions for the degenerate cases: with no predicted pair,
/// precision is 1 (nothing was wrongly merged); with no labelled pair,
/// recall is 1; F1 is 0 when precision and recall are both 0; the adjusted
/// Rand index is 1 when no pair is misplaced (as scikit-learn does, so
/// all-singletons against all-singletons scores 1, not 0/0).
pub(crate) fn score(truth: &[usize], predicted: &[usize]) -> Scores {
    let pairs = pairs(truth, predicted);
    let precision = ratio(pairs.both, pairs.both + pairs.predicted_only);
    let recall = ratio(pairs.both, pairs.both + pairs.labelled_only);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        ga: grouping_accuracy(truth, predicted),
        precision,
        recall,
        f1,
        ari: adjusted_rand(pairs),
    }
}

/// `part / whole`, or 1 when `whole` is 0.
fn ratio(part: u128, whole: u128) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Items whose predicted group has exactly the members of their labelled
/// group, over all items: the log-parsing benchmarks' definition.
pub(crate) fn grouping_accuracy(truth: &[usize], predicted: &[usize]) -> f64 {
    if truth.is_empty() {
        return 1.0;
    }
    let cells = contingency(truth, predicted);
    let truth_sizes = sizes(truth);
    let predicted_sizes = sizes(predicted);
    let correct: usize = cells
        .iter()
        .filter(|((t, p), n)| truth_sizes[t] == **n && predicted_sizes[p] == **n)
        .map(|(_, n)| *n)
        .sum();
    correct as f64 / truth.len() as f64
}

/// Counts every unordered pair of items by whether each side puts it
/// together.
pub(crate) fn pairs(truth: &[usize], predicted: &[usize]) -> Pairs {
    let both: u128 = contingency(truth, predicted)
        .values()
        .map(|&n| choose2(n))
        .sum();
    let labelled: u128 = sizes(truth).values().map(|&n| choose2(n)).sum();
    let together: u128 = sizes(predicted).values().map(|&n| choose2(n)).sum();
    let all = choose2(truth.len());
    Pairs {
        both,
        predicted_only: together - both,
        labelled_only: labelled - both,
        neither: all + both - labelled - together,
    }
}

/// The adjusted Rand index in its pair-counting form (Hubert and Arabie).
fn adjusted_rand(pairs: Pairs) -> f64 {
    let Pairs {
        both: tp,
        predicted_only: fp,
        labelled_only: fn_,
        neither: tn,
    } = pairs;
    if fp == 0 && fn_ == 0 {
        return 1.0;
    }
    let (tp, fp, fn_, tn) = (tp as f64, fp as f64, fn_ as f64, tn as f64);
    2.0 * (tp * tn - fn_ * fp) / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn))
}

fn choose2(n: usize) -> u128 {
    let n = n as u128;
    n * n.saturating_sub(1) / 2
}

fn contingency(truth: &[usize], predicted: &[usize]) -> BTreeMap<(usize, usize), usize> {
    let mut cells = BTreeMap::new();
    for (&t, &p) in truth.iter().zip(predicted) {
        *cells.entry((t, p)).or_insert(0) += 1;
    }
    cells
}

fn sizes(groups: &[usize]) -> BTreeMap<usize, usize> {
    let mut sizes = BTreeMap::new();
    for &g in groups {
        *sizes.entry(g).or_insert(0) += 1;
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_perfect_grouping_scores_one_everywhere() {
        let s = score(&[0, 0, 1, 2, 2], &[7, 7, 3, 5, 5]);
        assert_eq!(
            (s.ga, s.precision, s.recall, s.f1, s.ari),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn all_singletons_against_pairs_has_full_precision_and_no_recall() {
        // Labels: {0,1} {2,3}; predicted: four singletons.
        let s = score(&[0, 0, 1, 1], &[0, 1, 2, 3]);
        assert!(close(s.ga, 0.0));
        assert!(close(s.precision, 1.0)); // no predicted pair at all
        assert!(close(s.recall, 0.0));
        assert!(close(s.f1, 0.0));
        // tp 0, fp 0, fn 2, tn 4: 2(0·4 − 2·0) / ((0+2)(2+4) + (0+0)(0+4)) = 0.
        assert!(close(s.ari, 0.0));
    }

    #[test]
    fn one_big_cluster_against_pairs_has_full_recall_and_a_third_precision() {
        // Labels: {0,1} {2,3}; predicted: one cluster of four.
        let s = score(&[0, 0, 1, 1], &[9, 9, 9, 9]);
        assert!(close(s.ga, 0.0));
        assert!(close(s.precision, 2.0 / 6.0));
        assert!(close(s.recall, 1.0));
        assert!(close(s.f1, 0.5)); // 2 · (1/3) · 1 / (4/3)
                                   // tp 2, fp 4, fn 0, tn 0: 2(2·0 − 0·4) / ((2)(0) + (6)(4)) = 0.
        assert!(close(s.ari, 0.0));
    }

    #[test]
    fn singletons_labelled_as_singletons_are_a_perfect_match() {
        let s = score(&[0, 1, 2], &[5, 6, 7]);
        assert_eq!(
            (s.ga, s.precision, s.recall, s.f1, s.ari),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn one_big_cluster_labelled_as_one_group_is_a_perfect_match() {
        let s = score(&[3, 3, 3, 3], &[1, 1, 1, 1]);
        assert_eq!(
            (s.ga, s.precision, s.recall, s.f1, s.ari),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn one_big_cluster_against_singleton_labels_scores_zero_precision() {
        let s = score(&[0, 1, 2], &[4, 4, 4]);
        assert!(close(s.ga, 0.0));
        assert!(close(s.precision, 0.0));
        assert!(close(s.recall, 1.0)); // no labelled pair to miss
        assert!(close(s.f1, 0.0));
        assert!(close(s.ari, 0.0));
    }

    #[test]
    fn a_mixed_case_matches_hand_computed_values() {
        // Labels:    A A A B B C       (entries 0..5)
        // Predicted: x x y y y z
        // Correct: only entry 5 (C alone in z) → GA 1/6.
        // Pairs together in labels: AA 3 + BB 1 = 4; predicted: xx 1 + yyy 3 = 4.
        // Together in both: (0,1) and (3,4) → tp 2, fp 2, fn 2, tn 15 − 6 = 9.
        let s = score(&[0, 0, 0, 1, 1, 2], &[0, 0, 1, 1, 1, 2]);
        assert!(close(s.ga, 1.0 / 6.0));
        assert!(close(s.precision, 0.5));
        assert!(close(s.recall, 0.5));
        assert!(close(s.f1, 0.5));
        // 2(2·9 − 2·2) / ((4)(11) + (4)(11)) = 28 / 88.
        assert!(close(s.ari, 28.0 / 88.0));
    }

    #[test]
    fn pairs_add_up_to_every_unordered_pair() {
        let p = pairs(&[0, 0, 0, 1, 1, 2], &[0, 0, 1, 1, 1, 2]);
        assert_eq!(
            p,
            Pairs {
                both: 2,
                predicted_only: 2,
                labelled_only: 2,
                neither: 9
            }
        );
    }

    #[test]
    fn no_items_score_one() {
        let s = score(&[], &[]);
        assert!(close(s.ga, 1.0) && close(s.ari, 1.0) && close(s.f1, 1.0));
    }

    #[test]
    fn a_split_group_is_wrong_for_all_its_members_but_not_for_others() {
        // Labels A A B; predicted A alone, A alone, B alone: B is right.
        assert!(close(grouping_accuracy(&[0, 0, 1], &[0, 1, 2]), 1.0 / 3.0));
    }
}
