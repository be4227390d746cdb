//! Signatures → operations, one entry at a time in journal order, recording
//! the decision behind every membership.
//!
//! For each entry, in order: an `always merge` rule whose pattern matches
//! the signature forces it into that rule's operation; else an operation
//! holding an equal signature takes it; else it joins the operation whose
//! template scores highest, when that score reaches the threshold and no
//! `never merge` rule forbids it; else it starts a new operation. Earlier
//! entries never move, so appending to the journal cannot regroup history.
//!
//! Finding the most similar operation is the costly step. The default
//! [`Strategy::Indexed`] scores an entry only against the operations that an
//! [`index`] says can score above zero, and still decides exactly as
//! [`Strategy::Exhaustive`], which scores every operation and stays as the
//! reference the tests compare against.

mod index;
mod never;
mod rank;
mod split;
mod weights;

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::normalize::{Signature, Signed, Step};
use crate::rules::{Metric, Rules};
use crate::similarity;

use index::Index;
pub use never::{blocking_rule, first_forbidden_pair, forbids};
pub(crate) use rank::weighted_score;
use weights::WordStats;

/// How many candidate operations a decision keeps for `explain`.
const KEPT_CANDIDATES: usize = 3;

/// Per part: `None` when no member has the part yet, else the generalized
/// words, where `None` is a wildcard (`<*>`): a position where members
/// differ, which keeps its place but matches no word.
pub type Template = Vec<Option<Vec<Option<String>>>>;

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Indices of member entries, in journal order.
    pub members: Vec<usize>,
    /// The signature text of the entry that started the operation.
    pub founder: String,
    /// The entry that started the operation: every later entry is scored
    /// against its signature.
    pub founder_entry: usize,
    #[serde(skip)]
    pub founder_signature: Signature,
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
    /// The operation's template, as text (for naming and display).
    pub template: String,
    /// The founder's entry: what the entry was scored against.
    pub founder_entry: usize,
    /// The founder's signature, as text.
    pub founder: String,
    /// The `never merge` rule that forbids joining it, if any.
    pub blocked_by: Option<usize>,
    /// The entry's action and the founder's, when they differ: entries
    /// with different actions never merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<(String, String)>,
}

/// Why an entry is in its operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// An `always merge` rule matched the signature.
    Forced { rule: usize },
    /// An earlier entry has exactly this signature.
    SameSignature { entry: usize },
    /// An earlier entry has the same words apart from placeholders.
    SamePlain { entry: usize },
    /// The best candidate reached the threshold.
    Similar { score: f64 },
    /// Nothing reached the threshold (or what did was blocked).
    New,
    /// The split pass moved the entry out of operation `from`: its words at
    /// `positions` (`words`) differ from the founder's, at positions that
    /// hold at most `limit` distinct plain words.
    Split {
        from: usize,
        positions: Vec<usize>,
        words: Vec<String>,
        limit: usize,
    },
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

/// How an entry finds the operations it is compared with. Both give the
/// same operations, decisions and kept candidates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Strategy {
    /// Score only the operations an index of template words (and of empty
    /// templates) offers; near-linear in the journal.
    /// `jaro_winkler` compares characters, so words cannot prune it: with
    /// that metric this falls back to exhaustive comparison.
    #[default]
    Indexed,
    /// Score every operation: quadratic, kept as the reference.
    Exhaustive,
}

/// Groups signatures (one per entry, in journal order) into operations.
pub fn cluster(rules: &Rules, signed: Vec<(Signature, Vec<Step>)>) -> Clustering {
    cluster_with(rules, signed, Strategy::default())
}

/// [`cluster`] with a chosen [`Strategy`].
pub fn cluster_with(
    rules: &Rules,
    signed: Vec<(Signature, Vec<Step>)>,
    strategy: Strategy,
) -> Clustering {
    let mut clusterer = Clusterer::new(rules, strategy);
    for (signature, trace) in signed {
        let decision = clusterer.place(signature, trace);
        clusterer.clustering.decisions.push(decision);
    }
    clusterer.finish()
}

/// Places entries one at a time; a caller that does not need every
/// [`Decision`] can drop each one and keep memory to the operations.
pub struct Clusterer<'r> {
    rules: &'r Rules,
    strategy: Strategy,
    clustering: Clustering,
    entries: usize,
    /// Signature key → (operation, first entry, forcing rule).
    /// A fast hash, not `SipHash`: looked up once per entry, with keys from our own
    /// normalization.
    by_signature: FxHashMap<String, (usize, usize, Option<usize>)>,
    by_forcing_rule: HashMap<usize, usize>,
    /// Plain signature key (placeholder words dropped) → (operation, first
    /// entry).
    by_plain: FxHashMap<String, (usize, usize)>,
    /// With the split pass on: each distinct signature, and each entry's.
    split: split::Memory,
    /// (operation, signature text) pairs already in `Operation::signatures`.
    texts: HashSet<(usize, String)>,
    index: Index,
    /// With `weights = journal`: how many entries so far used each word.
    stats: Option<WordStats>,
}

impl<'r> Clusterer<'r> {
    pub fn new(rules: &'r Rules, strategy: Strategy) -> Self {
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
            texts: HashSet::new(),
            index: Index::new(rules),
            stats: rules.journal_weights.then(WordStats::default),
        }
    }

    /// The operations, after the split pass (when the rules ask for
    /// one), and the decisions kept with [`Self::keep`].
    pub fn finish(mut self) -> Clustering {
        self.split.run(self.rules, &mut self.clustering);
        self.clustering
    }

    /// Keeps a decision in the final [`Clustering`].
    pub fn keep(&mut self, decision: Decision) {
        self.clustering.decisions.push(decision);
    }

    /// Places the next entry and returns its operation, without building
    /// the [`Decision`] (for callers that would drop it): an entry whose
    /// signature was seen before costs one lookup, and a new one is scored
    /// only against the operations that can reach the threshold.
    pub fn place_quietly(&mut self, signature: Signature) -> usize {
        self.place_known(&signature.key()).unwrap_or_else(|| {
            self.place_with(signature, Vec::new(), Candidates::Dropped)
                .operation
        })
    }

    /// [`Self::place_quietly`] for a signature made through a
    /// [`crate::normalize::SignatureMemo`]: one seen before is placed by its key alone.
    pub fn place_signed(&mut self, signed: Signed) -> usize {
        if let Some(operation) = self.place_known(signed.key()) {
            return operation;
        }
        match signed {
            Signed::New { signature, .. } => {
                self.place_with(signature, Vec::new(), Candidates::Dropped)
                    .operation
            }
            // The memo only knows signatures of earlier entries, which are
            // placed already; should one not be, it still has to be placed.
            Signed::Seen(key) => {
                let signature = Signature::from_key(&key);
                self.place_with(signature, Vec::new(), Candidates::Dropped)
                    .operation
            }
        }
    }

    /// Places the next entry in the operation holding the signature with
    /// this key, if one does.
    fn place_known(&mut self, key: &str) -> Option<usize> {
        let &(operation, _, _) = self.by_signature.get(key)?;
        self.clustering.operations[operation]
            .members
            .push(self.entries);
        self.split.note_known(key);
        self.entries += 1;
        if let Some(stats) = &mut self.stats {
            stats.count(&Signature::from_key(key));
        }
        Some(operation)
    }

    /// Places the next entry and returns the decision behind it.
    pub fn place(&mut self, signature: Signature, trace: Vec<Step>) -> Decision {
        self.place_with(signature, trace, Candidates::Kept)
    }

    fn place_with(
        &mut self,
        signature: Signature,
        trace: Vec<Step>,
        candidates: Candidates,
    ) -> Decision {
        let entry = self.entries;
        self.entries += 1;
        let text = signature.text();
        let key = signature.key();
        let (operation, reason, candidates) = match self.by_signature.get(&key) {
            // Equal signatures have equal text, so the same forcing rule.
            Some(&(operation, first, forced)) => {
                let reason = forced.map_or(Reason::SameSignature { entry: first }, |rule| {
                    Reason::Forced { rule }
                });
                (Some(operation), reason, Vec::new())
            }
            None => self.first_placement(&signature, &text, candidates),
        };
        let operation =
            operation.unwrap_or_else(|| self.new_operation(&signature, &text, entry, None));
        self.split.note(&key, &signature);
        let forced = match reason {
            Reason::Forced { rule } => Some(rule),
            _ => None,
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = self.by_signature.entry(key) {
            slot.insert((operation, entry, forced));
            self.by_plain
                .entry(plain_key(&signature))
                .or_insert((operation, entry));
            self.join_new(operation, &signature, &text);
        }
        // A signature seen before is already in its operation's template
        // and signatures: folding it in again would change nothing.
        self.clustering.operations[operation].members.push(entry);
        if let Some(stats) = &mut self.stats {
            stats.count(&signature);
        }
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

    /// Where a signature seen for the first time goes.
    fn first_placement(
        &mut self,
        signature: &Signature,
        text: &str,
        kept: Candidates,
    ) -> (Option<usize>, Reason, Vec<Candidate>) {
        let forced = self
            .rules
            .always_merge
            .iter()
            .position(|r| r.pattern.is_match(text));
        if let Some(rule) = forced {
            let operation = self.forced_operation(rule, signature, text);
            return (Some(operation), Reason::Forced { rule }, Vec::new());
        }
        if let Some(&(operation, entry)) = self.by_plain.get(&plain_key(signature)) {
            return (Some(operation), Reason::SamePlain { entry }, Vec::new());
        }
        let operations = &self.clustering.operations;
        let (chosen, candidates) = match (self.strategy, kept) {
            (Strategy::Exhaustive, _) => self.exhaustive(signature, text),
            // Word weights and actions are the founder's own: the index
            // only offers the operations that share a word.
            (Strategy::Indexed, _) if scores_founders(self.rules) => {
                let offered = self.index.offered_to(signature);
                let stats = self.stats.as_ref();
                rank::rank(self.rules, stats, operations, signature, text, &offered)
            }
            (Strategy::Indexed, Candidates::Kept) => {
                self.index.best(self.rules, operations, signature, text)
            }
            (Strategy::Indexed, Candidates::Dropped) => {
                let chosen = self.index.chosen(self.rules, operations, signature, text);
                (chosen, Vec::new())
            }
        };
        match chosen {
            Some((op, score)) => (Some(op), Reason::Similar { score }, candidates),
            None => (None, Reason::New, candidates),
        }
    }

    fn forced_operation(&mut self, rule: usize, signature: &Signature, text: &str) -> usize {
        if let Some(&op) = self.by_forcing_rule.get(&rule) {
            return op;
        }
        let op = self.new_operation(signature, text, self.entries - 1, Some(rule));
        self.by_forcing_rule.insert(rule, op);
        op
    }

    /// Scores every operation: the reference the index must agree with.
    fn exhaustive(&self, signature: &Signature, text: &str) -> Chosen {
        let all: Vec<usize> = (0..self.clustering.operations.len()).collect();
        let operations = &self.clustering.operations;
        rank::rank(
            self.rules,
            self.stats.as_ref(),
            operations,
            signature,
            text,
            &all,
        )
    }

    /// Starts an operation founded by `entry`: its signature is what
    /// every later entry is scored against, so it is indexed once, here.
    fn new_operation(
        &mut self,
        signature: &Signature,
        text: &str,
        entry: usize,
        forced_by: Option<usize>,
    ) -> usize {
        if self.strategy == Strategy::Indexed {
            self.index.add_operation(self.rules);
            self.index
                .found(self.clustering.operations.len(), signature);
        }
        self.clustering.operations.push(Operation {
            members: Vec::new(),
            founder: text.to_string(),
            founder_entry: entry,
            founder_signature: signature.keeping(|_| true),
            template: Vec::new(),
            signatures: Vec::new(),
            forced_by,
        });
        self.clustering.operations.len() - 1
    }

    /// Folds a signature seen for the first time into its operation.
    fn join_new(&mut self, op: usize, signature: &Signature, text: &str) {
        let operation = &mut self.clustering.operations[op];
        if self.texts.insert((op, text.to_string())) {
            operation.signatures.push(text.to_string());
            if self.strategy == Strategy::Indexed {
                self.index.note_signature(self.rules, op, text);
            }
        }
        generalize(&mut operation.template, signature);
    }
}

/// The chosen operation with its score, and the kept candidates.
type Chosen = (Option<(usize, f64)>, Vec<Candidate>);

/// Whether a placement ranks the best candidates for `explain`, which
/// means scoring every operation that shares a word with the entry, or
/// only finds the operation it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Candidates {
    Kept,
    Dropped,
}

/// Whether placing by score compares founders' signatures directly (word
/// weights, actions) rather than through the index's word counts.
fn scores_founders(rules: &Rules) -> bool {
    rules.metric == Metric::WeightedDice
        || !rules.action_words.is_empty()
        || !rules.infer_actions.is_empty()
}

/// A signature's key without its placeholder words: equal for entries
/// that say the same thing about different values.
fn plain_key(signature: &Signature) -> String {
    signature.keeping(|w| !similarity::is_placeholder(w)).key()
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
