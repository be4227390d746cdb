//! Measuring a grouping against the operators' own labels: the metrics,
//! the wrong merges and splits with the decisions behind them, and the
//! threshold sweep of `forge tune`.

pub(crate) mod decider;
pub(crate) mod input;
pub(crate) mod labels;
pub(crate) mod metrics;
pub(crate) mod report;
pub(crate) mod suggest;
pub(crate) mod sweep;
pub(crate) mod text;
pub(crate) mod write;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::aggregate;
use crate::cluster::Clustering;
use crate::journal::Entry;
use crate::rules::Rules;
use crate::source::Sources;

use labels::Labels;
use metrics::Scores;
use report::{WrongMerge, WrongSplit};

/// The result of `forge eval`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Evaluation {
    pub(crate) resource: String,
    /// Entries in the journal, and how many of them carry a label.
    pub(crate) entries: usize,
    pub(crate) labelled: usize,
    /// Distinct labels, and distinct operations among labelled entries.
    pub(crate) labels: usize,
    pub(crate) operations: usize,
    /// The rules file scored, or `<built-in>/default.forge`.
    pub(crate) rules: String,
    pub(crate) metric: &'static str,
    pub(crate) threshold: f64,
    #[serde(flatten)]
    pub(crate) scores: Scores,
    pub(crate) wrong_merges: Vec<WrongMerge>,
    pub(crate) wrong_splits: Vec<WrongSplit>,
    /// With `--suggest`: rules that raise the grouping accuracy, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) suggestions: Option<Vec<suggest::Suggestion>>,
}

/// The labelled entries' label ids and predicted operations, in journal
/// order: the two groupings the metrics compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Groupings {
    pub(crate) truth: Vec<usize>,
    pub(crate) predicted: Vec<usize>,
}

impl Groupings {
    pub(crate) fn new(labels: &Labels, clustering: &Clustering) -> Groupings {
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        let mut truth = Vec::new();
        let mut predicted = Vec::new();
        for decision in &clustering.decisions {
            let Some(Some(label)) = labels.get(decision.entry) else {
                continue;
            };
            let next = ids.len();
            truth.push(*ids.entry(label.as_str()).or_insert(next));
            predicted.push(decision.operation);
        }
        Groupings { truth, predicted }
    }

    pub(crate) fn scores(&self) -> Scores {
        metrics::score(&self.truth, &self.predicted)
    }

    fn distinct(ids: &[usize]) -> usize {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// Scores a clustering and lists where it disagrees with the labels.
pub(crate) fn evaluate(
    resource: &str,
    rules_name: &str,
    rules: &Rules,
    sources: &Sources,
    entries: &[Entry],
    labels: &Labels,
    clustering: &Clustering,
) -> Evaluation {
    let groupings = Groupings::new(labels, clustering);
    let names: Vec<String> = clustering
        .operations
        .iter()
        .map(|op| aggregate::operation_name(rules, op))
        .collect();
    let ctx = report::Context {
        rules,
        sources,
        entries,
        clustering,
        labels,
        names: &names,
    };
    Evaluation {
        resource: resource.to_string(),
        entries: entries.len(),
        labelled: groupings.truth.len(),
        labels: Groupings::distinct(&groupings.truth),
        operations: Groupings::distinct(&groupings.predicted),
        rules: rules_name.to_string(),
        metric: rules.metric.name(),
        threshold: rules.threshold,
        scores: groupings.scores(),
        wrong_merges: report::wrong_merges(&ctx),
        wrong_splits: report::wrong_splits(&ctx),
        suggestions: None,
    }
}
