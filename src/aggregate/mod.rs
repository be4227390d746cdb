//! Operations → summaries: name, id, counts, dates, outcomes, cadence, why,
//! verify signals, rollback paths and commands, each citing the journal
//! lines it came from. Texts are de-duplicated through the rules'
//! normalization so "-Xmx16g confirmed" and "-Xmx24g confirmed" count once.

mod cadence;
pub mod digest;
mod evidence;
pub mod facts;
pub mod fold;
mod naming;
pub mod orphans;
pub mod parameters;
pub mod people;
pub mod status;
pub mod steps;
pub mod variants;

pub use cadence::{Cadence, SinceLast};
pub use evidence::{Cite, Command, Evidence, RollbackPath};
pub use naming::{named_by, operation_name, slug, NamedBy, TOP_ID};
pub use status::{Run, State, Status};

use chrono::NaiveDate;
use serde::Serialize;

use crate::cluster::{Clustering, Operation};
use crate::journal::{Entry, FieldKey, Outcome};
use crate::rules::Rules;

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
    pub date: Option<String>,
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
    let names: Vec<String> = clustering
        .operations
        .iter()
        .map(|op| operation_name(rules, op))
        .collect();
    let ids = naming::unique_ids(&names);
    let newest = entries.iter().filter_map(|e| e.date).max();
    let mut summaries: Vec<Summary> = clustering
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let mut summary = summary(rules, entries, op, newest);
            summary.operation = i;
            summary.name.clone_from(&names[i]);
            summary.id.clone_from(&ids[i]);
            summary
        })
        .collect();
    summaries.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| b.last.cmp(&a.last))
            .then(a.operation.cmp(&b.operation))
    });
    summaries
}

fn summary(rules: &Rules, entries: &[Entry], op: &Operation, newest: Option<NaiveDate>) -> Summary {
    let members: Vec<&Entry> = op.members.iter().filter_map(|&i| entries.get(i)).collect();
    let dates: Vec<NaiveDate> = members.iter().filter_map(|e| e.date).collect();
    let last = dates.iter().max().copied();
    let verify = evidence::collect(rules, &members, &FieldKey::Verify);
    let verified = members.iter().any(|e| e.is_verified());
    Summary {
        id: String::new(),
        name: String::new(),
        signature: op.founder.clone(),
        count: members.len(),
        first: dates.iter().min().map(ToString::to_string),
        last: last.map(|d| d.to_string()),
        verified,
        entries: members.iter().map(|e| entry_ref(e)).collect(),
        why: evidence::collect(rules, &members, &FieldKey::Why)
            .into_iter()
            .map(|e| e.text)
            .collect(),
        unverified_reason: match (verified, verify.is_empty()) {
            (true, _) => None,
            (false, true) => Some(NO_VERIFY_SIGNAL),
            (false, false) => Some(NO_VERIFIED_OUTCOME),
        },
        verify,
        rollback: evidence::rollbacks(rules, &members),
        commands: evidence::commands(&members),
        outcomes: outcome_counts(&members),
        change: evidence::changes(rules, &members),
        cadence: cadence::cadence(&dates),
        since_last: last.zip(newest).map(|(l, n)| cadence::since_last(l, n)),
        status: status::status(&members.iter().map(|e| run(e)).collect::<Vec<_>>()),
        people: people::people(&members),
        operation: 0,
        named_by: named_by(rules, op),
    }
}

/// An occurrence as [`status::status`] reads it.
pub fn run(entry: &Entry) -> Run {
    Run {
        date: entry.date,
        line: entry.line,
        outcome: entry.outcome(),
        verified: entry.is_verified(),
    }
}

fn entry_ref(entry: &Entry) -> EntryRef {
    EntryRef {
        line: entry.line,
        date: entry.date.map(|d| d.to_string()),
        title: entry.title.clone(),
        outcome: entry.outcome().map(Outcome::name),
        by: people::names(entry),
        tickets: people::tickets(entry),
        notes: entry.notes.clone(),
    }
}

fn outcome_counts(members: &[&Entry]) -> OutcomeCounts {
    let mut counts = OutcomeCounts::default();
    for entry in members {
        match entry.outcome() {
            Some(Outcome::Verified) => counts.verified += 1,
            Some(Outcome::Failed) => counts.failed += 1,
            Some(Outcome::RolledBack) => counts.rolled_back += 1,
            Some(Outcome::Inconclusive) => counts.inconclusive += 1,
            None => counts.unknown += 1,
        }
    }
    counts
}
