//! Operations → summaries: name, id, counts, dates, outcomes, cadence, why,
//! verify signals, rollback paths and commands, each citing the journal
//! lines it came from. Texts are de-duplicated through the rules'
//! normalization so "-Xmx16g confirmed" and "-Xmx24g confirmed" count once.
//!
//! Summaries are computed once, by [`fold::fold`] over a [`Digest`] of the
//! entries; a [`Summary`] is a folded summary with its strings resolved.

mod cadence;
pub mod day;
pub mod digest;
mod evidence;
pub mod facts;
pub mod fold;
mod naming;
pub mod orphans;
pub mod parameters;
pub mod people;
mod prose;
pub mod status;
pub mod steps;
pub mod variants;
mod view;

pub use cadence::{Cadence, SinceLast};
pub use day::Day;
pub use evidence::{Cite, Command, Evidence, RollbackPath};
pub use naming::{named_by, operation_name, slug, NamedBy, TOP_ID};
pub use status::{Run, State, Status};

use serde::Serialize;

use crate::cluster::Clustering;
use crate::journal::Entry;
use crate::rules::Rules;
use digest::Digest;
use view::Titles;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Stable, URL-safe id derived from the name (`change-index-heap`).
    pub id: String,
    pub name: String,
    /// The founding entry's signature.
    pub signature: String,
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Whether any occurrence verified it (a verify field and outcome
    /// `verified`).
    pub verified: bool,
    pub entries: Vec<EntryRef>,
    pub why: Vec<String>,
    pub verify: Vec<Evidence>,
    pub rollback: Vec<RollbackPath>,
    pub commands: Vec<Command>,
    pub outcomes: OutcomeCounts,
    /// Why the operation is not verified by its history; `None` when it is.
    pub unverified_reason: Option<&'static str>,
    /// The distinct `change:` texts, most recently done first.
    pub change: Vec<Evidence>,
    /// With three or more dated occurrences.
    pub cadence: Option<Cadence>,
    /// How long before the newest journal date it was last done.
    pub since_last: Option<SinceLast>,
    /// What the last run says, with the counts behind it.
    pub status: Status,
    /// Who did it, the most recent first (RUNBOOK.md only).
    #[serde(skip)]
    pub people: Vec<people::Person>,
    /// Index of the operation in the clustering (journal order of first
    /// appearance).
    #[serde(skip)]
    pub operation: usize,
    /// The rule that gave the name, for `explain`.
    #[serde(skip)]
    pub named_by: NamedBy,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryRef {
    /// 1-based line of the entry's heading in JOURNAL.md.
    pub line: usize,
    pub date: Option<Day>,
    pub title: String,
    pub outcome: Option<&'static str>,
    /// Who did it: the names of its `by:` fields (RUNBOOK.md only).
    #[serde(skip)]
    pub by: Vec<String>,
    /// Its `ticket:` fields (RUNBOOK.md only).
    #[serde(skip)]
    pub tickets: Vec<String>,
    /// Its prose notes, each a paragraph (RUNBOOK.md only).
    #[serde(skip)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts {
    pub verified: usize,
    pub failed: usize,
    pub rolled_back: usize,
    pub inconclusive: usize,
    /// Entries with no (recognized) outcome.
    pub unknown: usize,
}

impl OutcomeCounts {
    /// The non-zero counts in words: `2 verified, 1 rolled back`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.verified, "verified"),
            (self.failed, "failed"),
            (self.rolled_back, "rolled back"),
            (self.inconclusive, "inconclusive"),
            (self.unknown, "no outcome"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        parts.join(", ")
    }
}

/// Shown instead of a check when history never verified an operation.
pub const NO_VERIFY_SIGNAL: &str = "no occurrence records a verify signal";
pub const NO_VERIFIED_OUTCOME: &str =
    "no occurrence that records a verify signal has outcome `verified`";

/// Summaries of every operation, most frequent first, then most recent,
/// then first seen.
pub fn summarize(rules: &Rules, entries: &[Entry], clustering: &Clustering) -> Vec<Summary> {
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
