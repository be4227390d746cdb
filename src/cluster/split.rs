//! The split pass (`split = K`, positional only): after the last entry, an
//! operation whose members of the founder's shape differ at some positions
//! in at most K distinct plain words is split into one operation per
//! combination of those words, as the Brain log parser does. Events that
//! differ in one word with few values (`VM Paused`, `VM Resumed`) score
//! alike under any threshold; the number of values tells them apart from
//! a parameter (a user name, a path) that takes many.
//!
//! This is the one step that looks at an operation's members together, so
//! it alone may regroup earlier entries when entries are appended.

use rustc_hash::FxHashMap;

use super::{generalize, Clustering, Decision, Operation, Reason};
use crate::normalize::Signature;
use crate::rules::{Metric, Rules};

/// What the pass needs to remember while entries are placed: each distinct
/// signature and which one each entry had. Empty when the pass is off.
#[derive(Debug, Default)]
pub(super) struct Memory {
    limit: usize,
    ids: FxHashMap<String, u32>,
    signatures: Vec<Signature>,
    entries: Vec<u32>,
}

impl Memory {
    pub(super) fn new(rules: &Rules) -> Self {
        let on = rules.metric == Metric::Positional && rules.split > 0;
        Memory {
            limit: if on { rules.split } else { 0 },
            ..Memory::default()
        }
    }

    /// Remembers the next entry's signature (with key `key`).
    pub(super) fn note(&mut self, key: &str, signature: &Signature) {
        if self.limit == 0 {
            return;
        }
        let next = u32::try_from(self.signatures.len()).unwrap_or(u32::MAX);
        let id = *self.ids.entry(key.to_string()).or_insert_with(|| {
            self.signatures.push(signature.keeping(|_| true));
            next
        });
        self.entries.push(id);
    }

    /// Remembers the next entry's signature, seen before under `key`.
    pub(super) fn note_known(&mut self, key: &str) {
        if self.limit == 0 {
            return;
        }
        let id = self.ids.get(key).copied();
        match id {
            Some(id) => self.entries.push(id),
            // Every key the clusterer knows was noted when first placed.
            None => self.note(key, &Signature::from_key(key)),
        }
    }

    /// Splits every operation that holds events told apart by a word.
    pub(super) fn run(&self, rules: &Rules, clustering: &mut Clustering) {
        if self.limit == 0 {
            return;
        }
        for op in 0..clustering.operations.len() {
            if clustering.operations[op].forced_by.is_some() {
                continue;
            }
            if let Some(split) = self.plan(&clustering.operations[op]) {
                self.apply(rules, clustering, op, &split);
            }
        }
    }

    fn signature(&self, entry: usize) -> Option<&Signature> {
        let id = *self.entries.get(entry)?;
        self.signatures.get(id as usize)
    }

    /// The positions to split an operation on and its members grouped by
    /// their words there (the founder's group first); `None` when no
    /// position qualifies.
    fn plan(&self, op: &Operation) -> Option<Split> {
        let founder = self.signature(op.founder_entry)?;
        let shape = shape_of(founder);
        let alike: Vec<(usize, Vec<&str>)> = op
            .members
            .iter()
            .filter_map(|&m| {
                let signature = self.signature(m)?;
                (shape_of(signature) == shape).then(|| (m, flat_words(signature)))
            })
            .collect();
        let positions: Vec<usize> = (0..shape.iter().sum::<usize>())
            .filter(|&p| self.splits_at(&alike, p))
            .collect();
        if positions.is_empty() {
            return None;
        }
        let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
        for (member, words) in &alike {
            let combination: Vec<String> =
                positions.iter().map(|&p| words[p].to_string()).collect();
            match groups.iter_mut().find(|(c, _)| *c == combination) {
                Some((_, members)) => members.push(*member),
                None => groups.push((combination, vec![*member])),
            }
        }
        // The founder's group keeps the operation; it is first, since the
        // founder is the first member.
        Some(Split {
            positions,
            groups: groups.into_iter().skip(1).collect(),
        })
    }

    /// Whether members differ at position `p` in at most `limit` distinct
    /// plain words (no digit, no placeholder).
    fn splits_at(&self, alike: &[(usize, Vec<&str>)], p: usize) -> bool {
        let mut distinct: Vec<&str> = Vec::new();
        for (_, words) in alike {
            let word = words[p];
            if word.bytes().any(|b| b.is_ascii_digit()) || word.contains('<') {
                return false;
            }
            if !distinct.contains(&word) {
                distinct.push(word);
                if distinct.len() > self.limit {
                    return false;
                }
            }
        }
        distinct.len() > 1
    }

    /// Moves each group of `split` out of operation `op` into a new one.
    fn apply(&self, rules: &Rules, clustering: &mut Clustering, op: usize, split: &Split) {
        for (words, members) in &split.groups {
            let new = clustering.operations.len();
            let moved: std::collections::HashSet<usize> = members.iter().copied().collect();
            clustering.operations[op]
                .members
                .retain(|m| !moved.contains(m));
            let founder_entry = members[0];
            let founder = self.signature(founder_entry).cloned().unwrap_or_default();
            clustering.operations.push(Operation {
                members: members.clone(),
                founder: founder.text(),
                founder_entry,
                founder_signature: founder,
                template: Vec::new(),
                forced_by: None,
            });
            for &member in members {
                if let Some(decision) = decision_of(&mut clustering.decisions, member) {
                    decision.operation = new;
                    decision.reason = Reason::Split {
                        from: op,
                        positions: split.positions.clone(),
                        words: words.clone(),
                        limit: rules.split,
                    };
                    decision.candidates.clear();
                }
            }
            self.rebuild(&mut clustering.operations[new]);
        }
        self.rebuild(&mut clustering.operations[op]);
    }

    /// An operation's template from its members' distinct signatures.
    fn rebuild(&self, op: &mut Operation) {
        op.template.clear();
        let mut texts = std::collections::HashSet::new();
        for &member in &op.members {
            let Some(signature) = self.signature(member) else {
                continue;
            };
            if texts.insert(signature.text()) {
                generalize(&mut op.template, signature);
            }
        }
    }
}

/// One operation's split: the positions, and per moved group the words
/// at those positions and its members (in journal order).
struct Split {
    positions: Vec<usize>,
    groups: Vec<(Vec<String>, Vec<usize>)>,
}

/// The decision recorded for `entry`, when decisions are kept.
fn decision_of(decisions: &mut [Decision], entry: usize) -> Option<&mut Decision> {
    if decisions.get(entry).is_some_and(|d| d.entry == entry) {
        return decisions.get_mut(entry);
    }
    decisions.iter_mut().find(|d| d.entry == entry)
}

/// Per part: its word count, or `usize::MAX` when absent.
fn shape_of(signature: &Signature) -> Vec<usize> {
    signature
        .parts
        .iter()
        .map(|p| if p.present { p.words.len() } else { usize::MAX })
        .collect()
}

/// Every present part's words, in order.
fn flat_words(signature: &Signature) -> Vec<&str> {
    signature
        .parts
        .iter()
        .filter(|p| p.present)
        .flat_map(|p| p.words.iter().map(String::as_str))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_or_a_digit_is_never_split_on() {
        let memory = Memory {
            limit: 4,
            ..Memory::default()
        };
        let alike = |words: &[&'static str]| -> Vec<(usize, Vec<&'static str>)> {
            words.iter().map(|w| (0, vec!["vm", *w])).collect()
        };
        assert!(memory.splits_at(&alike(&["paused", "resumed", "started"]), 1));
        assert!(!memory.splits_at(&alike(&["paused", "<v>"]), 1));
        assert!(!memory.splits_at(&alike(&["a1", "b"]), 1));
        assert!(!memory.splits_at(&alike(&["a", "b", "c", "d", "e"]), 1));
        assert!(!memory.splits_at(&alike(&["a", "a"]), 1));
        assert!(!memory.splits_at(&alike(&["a", "b"]), 0));
    }
}
