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

mod bound;
mod index;
mod never;
mod place;
mod search;
mod split;
mod weights;

use serde::Serialize;

use crate::normalize::{Signature, Signed, Step};
use crate::rules::Rules;
use crate::similarity;

pub(crate) use never::first_forbidden_pair;
pub use place::Clusterer;
pub(crate) use search::weighted_score;

/// How many candidate operations a decision keeps for `explain`.
const KEPT_CANDIDATES: usize = 3;

/// Per part: `None` when no member has the part yet, else the generalized
/// words, where `None` is a wildcard (`<*>`): a position where members
/// differ, which keeps its place but matches no word.
pub(crate) type Template = Vec<Option<Vec<Option<String>>>>;

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Indices of member entries, in journal order.
    pub(crate) members: Vec<usize>,
    /// The signature text of the entry that started the operation.
    pub(crate) founder: String,
    /// The entry that started the operation: every later entry is scored
    /// against its signature.
    pub(crate) founder_entry: usize,
    #[serde(skip)]
    pub(crate) founder_signature: Signature,
    #[serde(skip)]
    pub(crate) template: Template,
    /// The `always merge` rule this operation belongs to, if any.
    pub(crate) forced_by: Option<usize>,
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
pub(crate) struct Candidate {
    pub(crate) operation: usize,
    /// Per part, the score (`None` when either side lacks the part).
    pub(crate) part_scores: Vec<Option<f64>>,
    pub(crate) score: f64,
    /// The operation's template, as text (for naming and display).
    pub(crate) template: String,
    /// The founder's entry: what the entry was scored against.
    pub(crate) founder_entry: usize,
    /// The founder's signature, as text.
    pub(crate) founder: String,
    /// The `never merge` rule that forbids joining it, if any.
    pub(crate) blocked_by: Option<usize>,
    /// The entry's action and the founder's, when they differ: entries
    /// with different actions never merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) actions: Option<(String, String)>,
}

/// Why an entry is in its operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Reason {
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
    pub(crate) entry: usize,
    pub operation: usize,
    pub(crate) signature: Signature,
    /// The signature as text (what patterns match).
    pub signature_text: String,
    pub trace: Vec<Step>,
    pub(crate) reason: Reason,
    /// The best-scoring candidates, best first.
    pub(crate) candidates: Vec<Candidate>,
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

/// Groups signatures (one per entry, in journal order) into operations,
/// keeping every decision.
pub(crate) fn cluster(rules: &Rules, signed: Vec<(Signature, Vec<Step>)>) -> Clustering {
    cluster_with(rules, signed, Strategy::default())
}

/// [`cluster`] with a chosen [`Strategy`].
pub fn cluster_with(
    rules: &Rules,
    signed: Vec<(Signature, Vec<Step>)>,
    strategy: Strategy,
) -> Clustering {
    let mut clusterer = Clusterer::new(rules, strategy);
    let mut decisions = Vec::new();
    for (signature, trace) in signed {
        clusterer.place(Signed::from(signature), trace, &mut decisions);
    }
    clusterer.finish(decisions)
}

/// Where placing reports its decisions: `explain`, `check`, `eval` and rule
/// tests keep each [`Decision`] with its best candidates ranked
/// ([`Vec<Decision>`]); runbooks and operation lists pass [`NoDecisions`],
/// which keeps nothing, so that a signature seen before costs one lookup
/// and a new one is compared only with the operations that can win.
pub trait Decisions {
    /// Whether decisions are kept: if not, none is built.
    fn keeping(&self) -> bool;
    fn keep(&mut self, decision: Decision);
    /// The kept decisions, in journal order.
    fn into_kept(self) -> Vec<Decision>;
}

impl Decisions for Vec<Decision> {
    fn keeping(&self) -> bool {
        true
    }
    fn keep(&mut self, decision: Decision) {
        self.push(decision);
    }
    fn into_kept(self) -> Vec<Decision> {
        self
    }
}

/// The recorder that keeps no decision.
pub struct NoDecisions;

impl Decisions for NoDecisions {
    fn keeping(&self) -> bool {
        false
    }
    fn keep(&mut self, _: Decision) {}
    fn into_kept(self) -> Vec<Decision> {
        Vec::new()
    }
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
