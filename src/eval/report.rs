//! Where the grouping disagrees with the labels, and the recorded decision
//! behind each disagreement.
//!
//! A wrong merge is a labelled group that sits in an operation founded by
//! another label; a wrong split is a labelled group spread over several
//! operations. Each names the placement that decided it, read from the
//! clustering's decision trace: the `always merge` or `never merge` rule
//! (with its place in the rules file), the equal signature, or the score
//! against the threshold.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cluster::{Clustering, Decision};
use crate::journal::Entry;
use crate::rules::Rules;
use crate::source::Sources;

use super::labels::Labels;

/// A journal entry as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Member {
    /// 1-based line of the entry's heading in JOURNAL.md.
    pub(crate) line: usize,
    pub(crate) title: String,
}

/// Why an entry was placed where it was, relative to the group it did not
/// join (or did join, for a wrong merge).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Decider {
    /// `always_merge`, `never_merge`, `same_signature`, `similar` (joined
    /// with a score at or above the threshold), `threshold` (scored below
    /// it) or `better_match` (another operation scored higher).
    pub(crate) kind: &'static str,
    /// Where the deciding rule or setting is written, `rules.forge:43`.
    pub(crate) rule: Option<String>,
    pub(crate) score: Option<f64>,
    pub(crate) threshold: f64,
    /// The entry whose placement decided.
    pub(crate) entry: Member,
    /// The decision in a sentence.
    pub(crate) text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct LabelGroup {
    pub(crate) label: String,
    pub(crate) entries: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct OperationGroup {
    pub(crate) operation: String,
    pub(crate) entries: Vec<Member>,
}

/// Entries of `joined` put in the operation that entries of `kept` founded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct WrongMerge {
    pub(crate) operation: String,
    /// Pairs together that the labels keep apart: |kept| × |joined|.
    pub(crate) pairs: usize,
    pub(crate) kept: LabelGroup,
    pub(crate) joined: LabelGroup,
    pub(crate) decided_by: Decider,
}

/// Entries of one label found in `split` instead of with the rest in `kept`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct WrongSplit {
    pub(crate) label: String,
    /// Pairs apart that the labels keep together: |kept| × |split|.
    pub(crate) pairs: usize,
    pub(crate) kept: OperationGroup,
    pub(crate) split: OperationGroup,
    pub(crate) decided_by: Decider,
}

/// What the report is computed from.
pub(crate) struct Context<'a> {
    pub(crate) rules: &'a Rules,
    pub(crate) sources: &'a Sources,
    pub(crate) entries: &'a [Entry],
    pub(crate) clustering: &'a Clustering,
    pub(crate) labels: &'a Labels,
    /// Display name of each operation, by index.
    pub(crate) names: &'a [String],
}

/// Wrong merges, worst (most wrong pairs) first.
pub(crate) fn wrong_merges(ctx: &Context<'_>) -> Vec<WrongMerge> {
    let mut found = Vec::new();
    for (op, operation) in ctx.clustering.operations.iter().enumerate() {
        let groups = group_by(operation.members.iter().copied(), |e| ctx.label(e));
        let Some(((kept_label, kept), rest)) = groups.split_first() else {
            continue;
        };
        for (label, joined) in rest {
            let Some(decision) = ctx.decision(joined[0]) else {
                continue;
            };
            found.push(WrongMerge {
                operation: ctx.name(op),
                pairs: kept.len() * joined.len(),
                kept: ctx.label_group(kept_label, kept),
                joined: ctx.label_group(label, joined),
                decided_by: ctx.joined(decision),
            });
        }
    }
    found.sort_by(|a, b| {
        b.pairs
            .cmp(&a.pairs)
            .then(a.joined.entries[0].line.cmp(&b.joined.entries[0].line))
    });
    found
}

/// Wrong splits, worst (most missing pairs) first.
pub(crate) fn wrong_splits(ctx: &Context<'_>) -> Vec<WrongSplit> {
    let labelled = (0..ctx.entries.len()).filter(|&e| ctx.label(e).is_some());
    let mut found = Vec::new();
    for (label, members) in group_by(labelled, |e| ctx.label(e)) {
        let by_op = group_by(members.iter().copied(), |e| ctx.operation(e));
        // The operation holding most of the label is where it belongs; on a
        // tie, the one holding its earliest entry.
        let Some((main, kept)) = by_op
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| a.1.len().cmp(&b.1.len()).then(j.cmp(i)))
            .map(|(_, g)| g)
        else {
            continue;
        };
        for (op, split) in by_op.iter().filter(|(op, _)| op != main) {
            // The later of the two groups' first entries could have joined
            // the other group's operation, which existed by then.
            let (later, other) = if split[0] > kept[0] {
                (split[0], *main)
            } else {
                (kept[0], *op)
            };
            let Some(decision) = ctx.decision(later) else {
                continue;
            };
            found.push(WrongSplit {
                label: label.clone(),
                pairs: kept.len() * split.len(),
                kept: ctx.operation_group(*main, kept),
                split: ctx.operation_group(*op, split),
                decided_by: ctx.apart(decision, other),
            });
        }
    }
    found.sort_by(|a, b| {
        b.pairs
            .cmp(&a.pairs)
            .then(a.split.entries[0].line.cmp(&b.split.entries[0].line))
    });
    found
}

/// Items grouped by a key, groups in order of first appearance; items
/// without a key are skipped.
fn group_by<K: Ord + Clone>(
    items: impl Iterator<Item = usize>,
    key: impl Fn(usize) -> Option<K>,
) -> Vec<(K, Vec<usize>)> {
    let mut order: Vec<(K, Vec<usize>)> = Vec::new();
    let mut at: BTreeMap<K, usize> = BTreeMap::new();
    for item in items {
        let Some(k) = key(item) else { continue };
        if let Some(&i) = at.get(&k) {
            order[i].1.push(item);
        } else {
            at.insert(k.clone(), order.len());
            order.push((k, vec![item]));
        }
    }
    order
}

impl Context<'_> {
    pub(super) fn label(&self, entry: usize) -> Option<String> {
        self.labels.get(entry).cloned().flatten()
    }

    pub(super) fn operation(&self, entry: usize) -> Option<usize> {
        self.decision(entry).map(|d| d.operation)
    }

    pub(super) fn decision(&self, entry: usize) -> Option<&Decision> {
        // Decisions are recorded in journal order, one per entry.
        let decisions = &self.clustering.decisions;
        decisions
            .get(entry)
            .filter(|d| d.entry == entry)
            .or_else(|| decisions.iter().find(|d| d.entry == entry))
    }

    pub(super) fn name(&self, op: usize) -> String {
        self.names
            .get(op)
            .cloned()
            .unwrap_or_else(|| format!("operation {op}"))
    }

    pub(super) fn member(&self, entry: usize) -> Member {
        self.entries.get(entry).map_or_else(
            || Member {
                line: 0,
                title: String::new(),
            },
            |e| Member {
                line: e.line,
                title: e.title.clone(),
            },
        )
    }

    fn label_group(&self, label: &str, entries: &[usize]) -> LabelGroup {
        LabelGroup {
            label: label.to_string(),
            entries: entries.iter().map(|&e| self.member(e)).collect(),
        }
    }

    fn operation_group(&self, op: usize, entries: &[usize]) -> OperationGroup {
        OperationGroup {
            operation: self.name(op),
            entries: entries.iter().map(|&e| self.member(e)).collect(),
        }
    }
}

/// A score as shown: two decimals, trailing zeros dropped (0.6, 0.67, 1).
pub(crate) fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}
