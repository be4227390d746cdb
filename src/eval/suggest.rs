//! `forge eval --suggest`: rules that would mend what the labels say is
//! wrong, each one checked by grouping the journal again with it added to
//! the rules, and kept only when it raises the grouping accuracy.
//!
//! Candidates come from the labelled groups themselves:
//! - a group split over several operations whose signatures all hold a
//!   word gives `always merge /\bword\b/ as "Label"`;
//! - two of its entries whose signatures differ by one word each give
//!   `synonyms { word = other }`;
//! - an operation holding two labels, where each label's entries all hold
//!   a word the other's never do, gives `never merge /\ba\b/ with /\bb\b/`.
//!
//! A candidate is a guess; the regrouping is the proof. Rules that do not
//! load (a synonym that conflicts with the file's own) are dropped.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::cluster::{self, Clustering};
use crate::journal::Entry;
use crate::pipeline;
use crate::rules;
use crate::similarity::is_placeholder;
use crate::source::Sources;

use super::labels::Labels;
use super::metrics::Scores;
use super::Groupings;

/// At most this many candidates are regrouped: each costs one grouping of
/// the whole journal.
const MAX_CANDIDATES: usize = 60;
/// At most this many suggestions are shown.
const MAX_SHOWN: usize = 10;

/// A rule that raised the grouping accuracy when added alone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Suggestion {
    /// The statement to add to rules.forge.
    pub(crate) rule: String,
    /// The scores with it added.
    #[serde(flatten)]
    pub(crate) scores: Scores,
    /// Labels whose entries are exactly one operation with it and were not
    /// before.
    pub(crate) mends: Vec<String>,
}

/// What suggestions are computed from.
pub(crate) struct Basis<'a> {
    /// The text of the rules file scored; `None` for the built-in rules.
    pub(crate) rules_text: Option<&'a str>,
    pub(crate) entries: &'a [Entry],
    pub(crate) labels: &'a Labels,
    pub(crate) clustering: &'a Clustering,
}

/// The candidates that raise the grouping accuracy, best first.
pub(crate) fn suggest(basis: &Basis<'_>) -> Vec<Suggestion> {
    let groups = LabelledGroups::new(basis.labels, basis.clustering);
    let before = Groupings::new(basis.labels, basis.clustering).scores();
    let whole_before = groups.whole();
    let mut found: Vec<Suggestion> = candidates(&groups)
        .into_iter()
        .take(MAX_CANDIDATES)
        .filter_map(|rule| {
            let clustering = regroup(basis, &rule)?;
            let scores = Groupings::new(basis.labels, &clustering).scores();
            let mends = LabelledGroups::new(basis.labels, &clustering)
                .whole()
                .difference(&whole_before)
                .cloned()
                .collect();
            Some(Suggestion {
                rule,
                scores,
                mends,
            })
        })
        .filter(|s| s.scores.ga > before.ga + 1e-12)
        .collect();
    // Stable: on a tie the earlier candidate (an anchored pattern before
    // the same word anywhere) stays first.
    found.sort_by(|a, b| {
        b.scores
            .ga
            .total_cmp(&a.scores.ga)
            .then(b.scores.f1.total_cmp(&a.scores.f1))
    });
    found.truncate(MAX_SHOWN);
    found
}

/// Groups the journal with `rule` added to the rules scored; `None` when
/// the rules no longer load.
fn regroup(basis: &Basis<'_>, rule: &str) -> Option<Clustering> {
    let base = basis.rules_text.unwrap_or("extends default\n");
    let text = format!("{}\n{rule}\n", base.trim_end());
    let mut scratch = Sources::default();
    let (rules, _) = rules::load(&mut scratch, Some(("rules.forge".to_string(), text)));
    let rules = rules?;
    Some(cluster::cluster(
        &rules,
        pipeline::sign(&rules, basis.entries),
    ))
}

/// Per label, its entries' signature words and operations.
struct LabelledGroups {
    /// Label → (entry's words, entry's operation), in journal order.
    by_label: BTreeMap<String, Vec<(Vec<String>, usize)>>,
    /// Operation → labels of its labelled entries.
    labels_of: BTreeMap<usize, BTreeSet<String>>,
}

impl LabelledGroups {
    fn new(labels: &Labels, clustering: &Clustering) -> Self {
        let mut by_label: BTreeMap<String, Vec<(Vec<String>, usize)>> = BTreeMap::new();
        let mut labels_of: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for decision in &clustering.decisions {
            let Some(Some(label)) = labels.get(decision.entry) else {
                continue;
            };
            let words = decision
                .signature_text
                .split_whitespace()
                .map(str::to_string)
                .collect();
            by_label
                .entry(label.clone())
                .or_default()
                .push((words, decision.operation));
            labels_of
                .entry(decision.operation)
                .or_default()
                .insert(label.clone());
        }
        LabelledGroups {
            by_label,
            labels_of,
        }
    }

    /// Labels whose entries are exactly one operation, holding nothing else.
    fn whole(&self) -> BTreeSet<String> {
        self.by_label
            .iter()
            .filter(|(_, members)| {
                let ops: BTreeSet<usize> = members.iter().map(|(_, op)| *op).collect();
                ops.len() == 1
                    && ops
                        .iter()
                        .all(|op| self.labels_of.get(op).is_some_and(|l| l.len() == 1))
            })
            .map(|(label, _)| label.clone())
            .collect()
    }
}

/// Candidate rules, without repeats, in a fixed order: splits first (by
/// label), then merges (by operation).
fn candidates(groups: &LabelledGroups) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |rule: String| {
        if !out.contains(&rule) {
            out.push(rule);
        }
    };
    for (label, members) in &groups.by_label {
        let ops: BTreeSet<usize> = members.iter().map(|(_, op)| *op).collect();
        if ops.len() < 2 {
            continue;
        }
        let name = display_name(label);
        if let Some(first) = shared_first_word(members) {
            // Anchored, it cannot catch an entry that only mentions the word.
            push(format!(
                "always merge /^{}\\b/ as \"{name}\"",
                regex::escape(first)
            ));
        }
        for word in common_words(members.iter().map(|(words, _)| words.as_slice())) {
            push(format!(
                "always merge /\\b{}\\b/ as \"{name}\"",
                regex::escape(&word),
            ));
        }
        for (a, b) in one_word_apart(members) {
            push(format!("synonyms {{ {a} = {b} }}"));
        }
    }
    for labels in groups.labels_of.values().filter(|l| l.len() > 1) {
        let labels: Vec<&String> = labels.iter().collect();
        for (i, first) in labels.iter().enumerate() {
            for second in &labels[i + 1..] {
                if let Some(rule) = keep_apart(groups, first, second) {
                    push(rule);
                }
            }
        }
    }
    out
}

/// The first word of every signature, when it is the same word and not a
/// placeholder.
fn shared_first_word(members: &[(Vec<String>, usize)]) -> Option<&str> {
    let first = members.first()?.0.first()?;
    let shared = members
        .iter()
        .all(|(words, _)| words.first() == Some(first));
    (shared && !is_placeholder(first)).then_some(first.as_str())
}

/// Words (not placeholders) that every signature holds, in the first
/// signature's order.
fn common_words<'w>(mut signatures: impl Iterator<Item = &'w [String]>) -> Vec<String> {
    let Some(first) = signatures.next() else {
        return Vec::new();
    };
    let rest: Vec<&[String]> = signatures.collect();
    let mut seen = BTreeSet::new();
    first
        .iter()
        .filter(|w| !is_placeholder(w) && seen.insert(w.as_str()))
        .filter(|w| rest.iter().all(|other| other.contains(w)))
        .cloned()
        .collect()
}

/// Pairs of words that are the only difference between two signatures of
/// one label that sit in different operations: (word of the larger
/// operation's entry, the other entry's word).
fn one_word_apart(members: &[(Vec<String>, usize)]) -> Vec<(String, String)> {
    let size = |op: usize| members.iter().filter(|(_, o)| *o == op).count();
    let mut pairs = Vec::new();
    for (i, (a, op_a)) in members.iter().enumerate() {
        for (b, op_b) in &members[i + 1..] {
            if op_a == op_b {
                continue;
            }
            let only_a: Vec<&String> = a.iter().filter(|w| !b.contains(w)).collect();
            let only_b: Vec<&String> = b.iter().filter(|w| !a.contains(w)).collect();
            if let ([x], [y]) = (only_a.as_slice(), only_b.as_slice()) {
                if is_placeholder(x) || is_placeholder(y) {
                    continue;
                }
                let (canonical, other) = if size(*op_a) >= size(*op_b) {
                    (x, y)
                } else {
                    (y, x)
                };
                pairs.push(((*canonical).clone(), (*other).clone()));
            }
        }
    }
    pairs
}

/// `never merge` for two labels found in one operation, when each label's
/// entries all hold a word that none of the other's do.
fn keep_apart(groups: &LabelledGroups, first: &str, second: &str) -> Option<String> {
    let members = |label: &str| -> Vec<&[String]> {
        groups.by_label.get(label).map_or_else(Vec::new, |m| {
            m.iter().map(|(words, _)| words.as_slice()).collect()
        })
    };
    let (a, b) = (members(first), members(second));
    let own = |these: &[&[String]], those: &[&[String]]| {
        common_words(these.iter().copied())
            .into_iter()
            .find(|w| those.iter().all(|other| !other.contains(w)))
    };
    let (word_a, word_b) = (own(&a, &b)?, own(&b, &a)?);
    Some(format!(
        "never merge /\\b{}\\b/ with /\\b{}\\b/ because \"{first} is not {second}\"",
        regex::escape(&word_a),
        regex::escape(&word_b)
    ))
}

/// `vacuum-table` → `Vacuum table`.
fn display_name(label: &str) -> String {
    let spaced = label.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn common_words_skip_placeholders_and_keep_the_first_order() {
        let a = words("vacuum analyze <host> payments");
        let b = words("vacuum payments audit");
        let found = common_words([a.as_slice(), b.as_slice()].into_iter());
        assert_eq!(found, ["vacuum", "payments"]);
    }

    #[test]
    fn one_word_apart_takes_the_larger_operations_word_as_canonical() {
        let members = vec![
            (words("purge queue orders"), 0),
            (words("purge queue billing"), 0),
            (words("emptied queue orders"), 1),
        ];
        let pairs = one_word_apart(&members);
        assert_eq!(pairs, [("purge".to_string(), "emptied".to_string())]);
    }

    #[test]
    fn labels_become_display_names() {
        assert_eq!(display_name("vacuum-table"), "Vacuum table");
        assert_eq!(display_name(""), "");
    }
}
