//! Signatures → operations, one entry at a time in journal order, recording
//! the decision behind every membership.
//!
//! For each entry, in order: an `always merge` rule whose pattern matches
//! the signature forces it into that rule's operation; else an operation
//! holding an equal signature takes it; else it joins the operation whose
//! template scores highest, when that score reaches the threshold and no
//! `never merge` rule forbids it; else it starts a new operation. Earlier
//! entries never move, so appending to the journal cannot regroup history.

use std::collections::HashMap;

use serde::Serialize;

use crate::normalize::{Signature, Step};
use crate::rules::{NeverMerge, Rules};
use crate::similarity;

/// How many candidate operations a decision keeps for `explain`.
const KEPT_CANDIDATES: usize = 3;

/// Per part: `None` when no member has the part yet, else the generalized
/// words, where `None` is a wildcard (`<*>`) that matches any word.
pub type Template = Vec<Option<Vec<Option<String>>>>;

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Indices of member entries, in journal order.
    pub members: Vec<usize>,
    /// The signature text of the entry that started the operation.
    pub founder: String,
    #[serde(skip)]
    pub template: Template,
    /// Distinct member signatures, for `never merge` checks.
    #[serde(skip)]
    signatures: Vec<String>,
    /// The `always merge` rule this operation belongs to, if any.
    pub forced_by: Option<usize>,
}

impl Operation {
    /// The template as text: words, with `<*>` for wildcards.
    pub fn template_text(&self) -> String {
        self.template
            .iter()
            .flatten()
            .map(|words| {
                words
                    .iter()
                    .map(|w| w.as_deref().unwrap_or("<*>"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// An operation an entry was compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub operation: usize,
    /// Per part, the score (`None` when either side lacks the part).
    pub part_scores: Vec<Option<f64>>,
    pub score: f64,
    /// The template compared with, as text.
    pub template: String,
    /// The `never merge` rule that forbids joining it, if any.
    pub blocked_by: Option<usize>,
}

/// Why an entry is in its operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// An `always merge` rule matched the signature.
    Forced { rule: usize },
    /// An earlier entry has exactly this signature.
    SameSignature { entry: usize },
    /// The best candidate reached the threshold.
    Similar { score: f64 },
    /// Nothing reached the threshold (or what did was blocked).
    New,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub entry: usize,
    pub operation: usize,
    pub signature: Signature,
    /// The signature as text (what patterns match).
    pub signature_text: String,
    pub trace: Vec<Step>,
    pub reason: Reason,
    /// The best-scoring candidates, best first.
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Clustering {
    pub operations: Vec<Operation>,
    pub decisions: Vec<Decision>,
}

/// Groups signatures (one per entry, in journal order) into operations.
pub fn cluster(rules: &Rules, signed: Vec<(Signature, Vec<Step>)>) -> Clustering {
    let mut state = State::default();
    for (entry, (signature, trace)) in signed.into_iter().enumerate() {
        let decision = state.place(rules, entry, signature, trace);
        state.clustering.decisions.push(decision);
    }
    state.clustering
}

#[derive(Default)]
struct State {
    clustering: Clustering,
    by_signature: HashMap<String, (usize, usize)>,
    by_forcing_rule: HashMap<usize, usize>,
}

impl State {
    fn place(
        &mut self,
        rules: &Rules,
        entry: usize,
        signature: Signature,
        trace: Vec<Step>,
    ) -> Decision {
        let text = signature.text();
        let key = signature.key();
        let forced = rules
            .always_merge
            .iter()
            .position(|r| r.pattern.is_match(&text));
        let (operation, reason, candidates) = if let Some(rule) = forced {
            (
                Some(self.forced_operation(rule, &text)),
                Reason::Forced { rule },
                Vec::new(),
            )
        } else if let Some(&(operation, first)) = self.by_signature.get(&key) {
            (
                Some(operation),
                Reason::SameSignature { entry: first },
                Vec::new(),
            )
        } else {
            self.by_similarity(rules, &signature, &text)
        };
        let operation = operation.unwrap_or_else(|| self.new_operation(&text, None));
        self.by_signature.entry(key).or_insert((operation, entry));
        self.join(operation, entry, &signature, &text);
        Decision {
            entry,
            operation,
            signature,
            signature_text: text,
            trace,
            reason,
            candidates,
        }
    }

    fn forced_operation(&mut self, rule: usize, text: &str) -> usize {
        if let Some(&op) = self.by_forcing_rule.get(&rule) {
            return op;
        }
        let op = self.new_operation(text, Some(rule));
        self.by_forcing_rule.insert(rule, op);
        op
    }

    fn by_similarity(
        &self,
        rules: &Rules,
        signature: &Signature,
        text: &str,
    ) -> (Option<usize>, Reason, Vec<Candidate>) {
        let mut candidates: Vec<Candidate> = self
            .clustering
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| score_candidate(rules, i, op, signature, text))
            .collect();
        // Best first; ties go to the older operation, so the order is total.
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.operation.cmp(&b.operation))
        });
        let chosen = candidates
            .iter()
            .find(|c| c.blocked_by.is_none() && c.score >= rules.threshold)
            .map(|c| (c.operation, c.score));
        candidates.truncate(KEPT_CANDIDATES);
        match chosen {
            Some((op, score)) => (Some(op), Reason::Similar { score }, candidates),
            None => (None, Reason::New, candidates),
        }
    }

    fn new_operation(&mut self, text: &str, forced_by: Option<usize>) -> usize {
        self.clustering.operations.push(Operation {
            members: Vec::new(),
            founder: text.to_string(),
            template: Vec::new(),
            signatures: Vec::new(),
            forced_by,
        });
        self.clustering.operations.len() - 1
    }

    fn join(&mut self, op: usize, entry: usize, signature: &Signature, text: &str) {
        let operation = &mut self.clustering.operations[op];
        operation.members.push(entry);
        if !operation.signatures.iter().any(|s| s == text) {
            operation.signatures.push(text.to_string());
        }
        generalize(&mut operation.template, signature);
    }
}

fn score_candidate(
    rules: &Rules,
    index: usize,
    op: &Operation,
    signature: &Signature,
    text: &str,
) -> Candidate {
    let part_scores: Vec<Option<f64>> = signature
        .parts
        .iter()
        .zip(&op.template)
        .map(|(part, template)| match template {
            Some(words) if part.present => {
                Some(similarity::score(rules.metric, &part.words, words))
            }
            _ => None,
        })
        .collect();
    let weighted: Vec<(Option<f64>, f64)> = part_scores
        .iter()
        .zip(&rules.parts)
        .map(|(s, p)| (*s, p.weight))
        .collect();
    Candidate {
        operation: index,
        score: similarity::weighted(&weighted).unwrap_or(0.0),
        part_scores,
        template: op.template_text(),
        blocked_by: blocking_rule(&rules.never_merge, text, &op.signatures),
    }
}

/// The first `never merge` rule that keeps `text` apart from any of the
/// operation's signatures.
pub fn blocking_rule(rules: &[NeverMerge], text: &str, members: &[String]) -> Option<usize> {
    rules
        .iter()
        .position(|rule| members.iter().any(|m| forbids(rule, text, m)))
}

/// `never merge /A/ with /B/` forbids a pair when one side matches A, the
/// other matches B, and they are not on the same side (a text matching
/// both is only kept from texts that match one).
pub fn forbids(rule: &NeverMerge, a: &str, b: &str) -> bool {
    let sides_a = (rule.left.is_match(a), rule.right.is_match(a));
    let sides_b = (rule.left.is_match(b), rule.right.is_match(b));
    let crossed = (sides_a.0 && sides_b.1) || (sides_a.1 && sides_b.0);
    crossed && sides_a != sides_b
}

/// Folds a new member into the template: positions where members of equal
/// length differ become wildcards.
fn generalize(template: &mut Template, signature: &Signature) {
    if template.is_empty() {
        template.resize(signature.parts.len(), None);
    }
    for (slot, part) in template.iter_mut().zip(&signature.parts) {
        if !part.present {
            continue;
        }
        match slot {
            None => *slot = Some(part.words.iter().cloned().map(Some).collect()),
            Some(words) if words.len() == part.words.len() => {
                for (t, w) in words.iter_mut().zip(&part.words) {
                    if t.as_ref() != Some(w) {
                        *t = None;
                    }
                }
            }
            Some(_) => {}
        }
    }
}
