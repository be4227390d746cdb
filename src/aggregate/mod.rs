//! Operations → summaries: name, id, counts, dates, outcomes, cadence, why,
//! verify signals, rollback paths and commands, each citing the journal
//! lines it came from. Texts are de-duplicated through the rules'
//! normalization so "-Xmx16g confirmed" and "-Xmx24g confirmed" count once.
//!
//! Summaries are computed once, by [`fold::fold`] over a [`Digest`] of the
//! entries; a [`Summary`] is a folded summary with its strings resolved.

mod cadence;
pub(crate) mod day;
pub mod digest;
mod evidence;
pub(crate) mod facts;
pub mod fold;
mod naming;
pub(crate) mod orphans;
pub(crate) mod parameters;
pub(crate) mod people;
mod prose;
pub(crate) mod status;
pub(crate) mod steps;
pub(crate) mod variants;
mod view;

pub(crate) use cadence::{Cadence, SinceLast};
pub(crate) use day::Day;
pub(crate) use evidence::{Cite, Command, Evidence, RollbackPath};
pub(crate) use naming::{operation_name, NamedBy, TOP_ID};
pub(crate) use status::{State, Status};

use serde::Serialize;

use crate::cluster::Clustering;
use crate::journal::Entry;
use crate::rules::Rules;
use digest::Digest;
use view::Titles;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Stable, URL-safe id derived from the name (`change-index-heap`).
    pub(crate) id: String,
    pub(crate) name: String,
    /// The founding entry's signature.
    pub(crate) signature: String,
    pub(crate) count: usize,
    pub(crate) first: Option<String>,
    pub(crate) last: Option<String>,
    /// Whether any occurrence verified it (a verify field and outcome
    /// `verified`).
    pub(crate) verified: bool,
    pub(crate) entries: Vec<EntryRef>,
    pub(crate) why: Vec<String>,
    pub(crate) verify: Vec<Evidence>,
    pub(crate) rollback: Vec<RollbackPath>,
    pub(crate) commands: Vec<Command>,
    pub(crate) outcomes: OutcomeCounts,
    /// Why the operation is not verified by its history; `None` when it is.
    pub(crate) unverified_reason: Option<&'static str>,
    /// The distinct `change:` texts, most recently done first.
    pub(crate) change: Vec<Evidence>,
    /// With three or more dated occurrences.
    pub(crate) cadence: Option<Cadence>,
    /// How long before the newest journal date it was last done.
    pub(crate) since_last: Option<SinceLast>,
    /// What the last run says, with the counts behind it.
    pub(crate) status: Status,
    /// Who did it, the most recent first (RUNBOOK.md only).
    #[serde(skip)]
    pub(crate) people: Vec<people::Person>,
    /// Index of the operation in the clustering (journal order of first
    /// appearance).
    #[serde(skip)]
    pub(crate) operation: usize,
    /// The rule that gave the name, for `explain`.
    #[serde(skip)]
    pub(crate) named_by: NamedBy,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EntryRef {
    /// 1-based line of the entry's heading in JOURNAL.md.
    pub(crate) line: usize,
    pub(crate) date: Option<Day>,
    pub(crate) title: String,
    pub(crate) outcome: Option<&'static str>,
    /// Who did it: the names of its `by:` fields (RUNBOOK.md only).
    #[serde(skip)]
    pub(crate) by: Vec<String>,
    /// Its `ticket:` fields (RUNBOOK.md only).
    #[serde(skip)]
    pub(crate) tickets: Vec<String>,
    /// Its prose notes, each a paragraph (RUNBOOK.md only).
    #[serde(skip)]
    pub(crate) notes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct OutcomeCounts {
    pub(crate) verified: usize,
    pub(crate) failed: usize,
    pub(crate) rolled_back: usize,
    pub(crate) inconclusive: usize,
    /// Entries with no (recognized) outcome.
    pub(crate) unknown: usize,
}

impl OutcomeCounts {}

/// Shown instead of a check when history never verified an operation.
pub(crate) const NO_VERIFY_SIGNAL: &str = "no occurrence records a verify signal";
pub(crate) const NO_VERIFIED_OUTCOME: &str =
    "no occurrence that records a verify signal has outcome `verified`";

/// Summaries of every operation, most frequent first, then most recent,
/// then first seen.
pub(crate) fn summarize(rules: &Rules, entries: &[Entry], clustering: &Clustering) -> Vec<Summary> {
    let mut digest = Digest::with_prose();
    digest.add(entries);
    let folded = fold::fold_kept(rules, &mut digest, clustering);
    view::summaries(&digest, Titles::Entries(entries), folded)
}

/// The summaries of [`fold::fold`], with their strings resolved, for a
/// digest of the entries of the journal `text`. Who did each occurrence,
/// its tickets and notes are empty unless the digest kept them
/// ([`Digest::with_prose`]).
pub fn resolve(digest: &Digest, text: &str, folded: Vec<fold::Folded>) -> Vec<Summary> {
    view::summaries(digest, Titles::Text(text), folded)
}
