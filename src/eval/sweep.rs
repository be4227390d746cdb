//! `forge tune`: the scores of every threshold (in 0.05 steps) and metric.
//!
//! Signatures do not depend on the metric or the threshold, so entries are
//! normalized once and only clustering runs again for each setting.

use serde::Serialize;

use crate::cluster;
use crate::journal::Entry;
use crate::pipeline;
use crate::rules::{Metric, Rules};

use super::labels::Labels;
use super::metrics::Scores;
use super::Groupings;

/// The sweep's step, in hundredths.
const STEP: u32 = 5;

/// One setting tried and how it scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Setting {
    pub(crate) metric: Metric,
    pub(crate) threshold: f64,
    #[serde(flatten)]
    pub(crate) scores: Scores,
    /// Distinct operations among the labelled entries.
    pub(crate) operations: usize,
}

/// The thresholds tried: 0.05, 0.10, … 1.00, plus `current` when it is off
/// that grid, in increasing order.
pub(crate) fn thresholds(current: f64) -> Vec<f64> {
    let mut all: Vec<f64> = (1..=100 / STEP)
        .map(|k| f64::from(k * STEP) / 100.0)
        .collect();
    if !all.iter().any(|t| (t - current).abs() < 1e-9) {
        all.push(current);
        all.sort_by(f64::total_cmp);
    }
    all
}

/// Clusters the entries with every metric in `metrics` and every
/// threshold, and scores each against the labels.
pub(crate) fn run(
    rules: &Rules,
    entries: &[Entry],
    labels: &Labels,
    metrics: &[Metric],
) -> Vec<Setting> {
    let signed = pipeline::sign(rules, entries);
    let mut settings = Vec::new();
    for &metric in metrics {
        for threshold in thresholds(rules.threshold) {
            let mut tried = rules.clone();
            tried.metric = metric;
            tried.threshold = threshold;
            let input = signed
                .iter()
                .map(|(s, _)| (s.clone(), Vec::new()))
                .collect();
            let clustering = cluster::cluster(&tried, input);
            let groupings = Groupings::new(labels, &clustering);
            settings.push(Setting {
                metric,
                threshold,
                scores: groupings.scores(),
                operations: Groupings::distinct(&groupings.predicted),
            });
        }
    }
    settings
}

/// The index of the best setting: the highest grouping accuracy, then F1,
/// then ARI. On a tie the current setting stays best; else the first in
/// sweep order (the lowest threshold) wins.
pub(crate) fn best(settings: &[Setting], metric: Metric, threshold: f64) -> Option<usize> {
    let key = |s: &Setting| [s.scores.ga, s.scores.f1, s.scores.ari];
    let is_current = |s: &Setting| s.metric == metric && (s.threshold - threshold).abs() < 1e-9;
    let mut best: Option<usize> = None;
    for (i, setting) in settings.iter().enumerate() {
        let better = match best {
            None => true,
            Some(b) => {
                let order = key(setting)
                    .iter()
                    .zip(key(&settings[b]))
                    .map(|(x, y)| x.total_cmp(&y))
                    .find(|o| o.is_ne())
                    .unwrap_or(std::cmp::Ordering::Equal);
                order.is_gt() || (order.is_eq() && is_current(setting))
            }
        };
        if better {
            best = Some(i);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(threshold: f64, ga: f64) -> Setting {
        Setting {
            metric: Metric::TokenJaccard,
            threshold,
            scores: Scores {
                ga,
                precision: 1.0,
                recall: 1.0,
                f1: 1.0,
                ari: 1.0,
            },
            operations: 1,
        }
    }

    #[test]
    fn the_grid_has_twenty_steps_and_keeps_an_off_grid_current_value() {
        assert_eq!(thresholds(0.6).len(), 20);
        let with_current = thresholds(0.62);
        assert_eq!(with_current.len(), 21);
        assert!(with_current.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_highest_accuracy_wins_and_a_tie_keeps_the_current_setting() {
        let settings = [setting(0.5, 0.8), setting(0.6, 0.9), setting(0.7, 0.9)];
        assert_eq!(best(&settings, Metric::TokenJaccard, 0.7), Some(2));
        assert_eq!(best(&settings, Metric::TokenJaccard, 0.5), Some(1));
    }
}
