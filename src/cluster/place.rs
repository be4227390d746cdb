//! Placing entries one at a time, in journal order: the one way an entry
//! joins an operation, whatever the caller keeps of the decision.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::index::Index;
use super::search::{self, Query};
use super::split;
use super::weights::WordStats;
use super::{generalize, plain_key, Clustering, Decision, Decisions, Operation, Reason, Strategy};
use crate::normalize::{Signature, Signed, Step};
use crate::rules::{Metric, Rules};

/// Places entries one at a time; the operations grow as they come and
/// earlier entries never move.
pub struct Clusterer<'r> {
    rules: &'r Rules,
    strategy: Strategy,
    clustering: Clustering,
    entries: usize,
    /// Signature key → (operation, first entry, forcing rule).
    /// A fast hash, not `SipHash`: looked up once per entry, with keys from
    /// our own normalization.
    by_signature: FxHashMap<String, (usize, usize, Option<usize>)>,
    by_forcing_rule: HashMap<usize, usize>,
    /// Plain signature key (placeholder words dropped) → (operation, first
    /// entry).
    by_plain: FxHashMap<String, (usize, usize)>,
    /// With the split pass on: each distinct signature, and each entry's.
    split: split::Memory,
    index: Index,
    /// With `weights = journal`: how many entries so far used each word.
    stats: Option<WordStats>,
}

impl<'r> Clusterer<'r> {
    pub fn new(rules: &'r Rules, strategy: Strategy) -> Self {
        // `jaro_winkler` compares characters, so words cannot prune it.
        let strategy = if rules.metric == Metric::JaroWinkler {
            Strategy::Exhaustive
        } else {
            strategy
        };
        Clusterer {
            rules,
            strategy,
            clustering: Clustering::default(),
            entries: 0,
            by_signature: FxHashMap::default(),
            by_forcing_rule: HashMap::new(),
            by_plain: FxHashMap::default(),
            split: split::Memory::new(rules),
            index: Index::new(rules),
            stats: rules.journal_weights.then(WordStats::default),
        }
    }

    /// The operations, after the split pass (when the rules ask for one),
    /// with the decisions `decisions` kept.
    pub fn finish(mut self, decisions: impl Decisions) -> Clustering {
        self.clustering.decisions = decisions.into_kept();
        self.split.run(self.rules, &mut self.clustering);
        self.clustering
    }

    /// Places the next entry and returns its operation; `decisions` gets
    /// the decision behind it, with `trace` (how its signature was made).
    pub fn place(
        &mut self,
        signed: Signed,
        trace: Vec<Step>,
        decisions: &mut impl Decisions,
    ) -> usize {
        let entry = self.entries;
        self.entries += 1;
        if let Some(&(operation, first, forced)) = self.by_signature.get(signed.key()) {
            self.join_seen(operation, signed.key());
            if decisions.keeping() {
                // Equal signatures have equal text, so the same forcing rule.
                let reason = forced.map_or(Reason::SameSignature { entry: first }, |rule| {
                    Reason::Forced { rule }
                });
                let signature = signed.into_signature();
                let text = signature.text();
                decisions.keep(decision(entry, operation, (signature, text), trace, reason));
            }
            return operation;
        }
        // The key was made with the signature: copied, not made again.
        let key = signed.key().to_string();
        let signature = signed.into_signature();
        let text = signature.text();
        let (operation, reason, candidates) =
            self.first_placement(entry, &signature, &text, decisions.keeping());
        let forced = match reason {
            Reason::Forced { rule } => Some(rule),
            _ => None,
        };
        self.join_new(operation, entry, (key, &signature, &text), forced);
        if decisions.keeping() {
            let mut kept = decision(entry, operation, (signature, text), trace, reason);
            kept.candidates = candidates;
            decisions.keep(kept);
        }
        operation
    }

    /// The next entry joins `operation`, which holds its signature already:
    /// the template and the `never merge` sides have it, so only the
    /// counts change.
    fn join_seen(&mut self, operation: usize, key: &str) {
        let entry = self.entries - 1;
        self.clustering.operations[operation].members.push(entry);
        self.split.note_known(key);
        if let Some(stats) = &mut self.stats {
            stats.count(&Signature::from_key(key));
        }
    }

    /// Where a signature seen for the first time goes: its operation (new
    /// if none), why, and the candidates kept when `ranked`.
    fn first_placement(
        &mut self,
        entry: usize,
        signature: &Signature,
        text: &str,
        ranked: bool,
    ) -> (usize, Reason, Vec<super::Candidate>) {
        let forced = self
            .rules
            .always_merge
            .iter()
            .position(|r| r.pattern.is_match(text));
        if let Some(rule) = forced {
            let operation = self.forced_operation(rule, signature, text, entry);
            return (operation, Reason::Forced { rule }, Vec::new());
        }
        if let Some(&(operation, first)) = self.by_plain.get(&plain_key(signature)) {
            return (operation, Reason::SamePlain { entry: first }, Vec::new());
        }
        let query = Query {
            rules: self.rules,
            stats: self.stats.as_ref(),
            operations: &self.clustering.operations,
            signature,
            text,
        };
        let every = self.strategy == Strategy::Exhaustive;
        let (chosen, candidates) = search::search(&mut self.index, &query, every, ranked);
        if let Some((operation, score)) = chosen {
            return (operation, Reason::Similar { score }, candidates);
        }
        let operation = self.new_operation(signature, text, entry, None);
        (operation, Reason::New, candidates)
    }

    fn forced_operation(
        &mut self,
        rule: usize,
        signature: &Signature,
        text: &str,
        entry: usize,
    ) -> usize {
        if let Some(&op) = self.by_forcing_rule.get(&rule) {
            return op;
        }
        let op = self.new_operation(signature, text, entry, Some(rule));
        self.by_forcing_rule.insert(rule, op);
        op
    }

    /// Starts an operation founded by `entry`: its signature is what every
    /// later entry is scored against, so it is indexed once, here.
    fn new_operation(
        &mut self,
        signature: &Signature,
        text: &str,
        entry: usize,
        forced_by: Option<usize>,
    ) -> usize {
        let op = self.clustering.operations.len();
        self.index.found(self.rules, op, signature);
        self.clustering.operations.push(Operation {
            members: Vec::new(),
            founder: text.to_string(),
            founder_entry: entry,
            founder_signature: signature.keeping(|_| true),
            template: Vec::new(),
            forced_by,
        });
        op
    }

    /// The next entry, whose signature is seen for the first time, joins
    /// `op` (`forced` by an `always merge` rule, or not): its signature is
    /// remembered and folded into the template.
    fn join_new(
        &mut self,
        op: usize,
        entry: usize,
        (key, signature, text): (String, &Signature, &str),
        forced: Option<usize>,
    ) {
        self.split.note(&key, signature);
        self.by_plain
            .entry(plain_key(signature))
            .or_insert((op, entry));
        self.by_signature.insert(key, (op, entry, forced));
        self.index.note_signature(self.rules, op, text);
        let operation = &mut self.clustering.operations[op];
        generalize(&mut operation.template, signature);
        operation.members.push(entry);
        if let Some(stats) = &mut self.stats {
            stats.count(signature);
        }
    }
}

fn decision(
    entry: usize,
    operation: usize,
    (signature, signature_text): (Signature, String),
    trace: Vec<Step>,
    reason: Reason,
) -> Decision {
    Decision {
        entry,
        operation,
        signature_text,
        signature,
        trace,
        reason,
        candidates: Vec::new(),
    }
}
