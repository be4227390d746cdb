//! Operations × digest → summaries, with every entry and citation as
//! indices into the [`Digest`] instead of copies of its strings: a million
//! entries cite ~4 million fields, and `forge operations` lists each of
//! them. The one place summaries are computed: [`super::Summary`] is these
//! with the strings resolved (see `view`).

use chrono::NaiveDate;
use rayon::prelude::*;

use super::cadence::{self, Cadence, SinceLast};
use super::digest::{Digest, Record};
use super::evidence;
use super::naming::{named, unique_ids, NamedBy};
use super::people::{self, PersonAt};
use super::status::{self, Run, Status};
use super::{OutcomeCounts, NO_VERIFIED_OUTCOME, NO_VERIFY_SIGNAL};
use crate::cluster::{Clustering, Operation};
use crate::journal::Outcome;
use crate::rules::Rules;

/// Where a piece of evidence was recorded: the entry (index in the
/// digest) and the field's 1-based line.
pub(crate) type CiteAt = (usize, usize);

/// A de-duplicated evidence text and every field that recorded it.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// Id in [`Digest::texts`] of the wording shown.
    pub(crate) text: u32,
    pub(crate) seen: Vec<CiteAt>,
}

/// A rollback path and how often history took it.
#[derive(Debug, Clone)]
pub(crate) struct Rollback {
    pub(crate) group: Group,
    pub(crate) used: usize,
}

/// A code block run by an operation.
#[derive(Debug, Clone)]
pub(crate) struct CommandAt {
    /// Ids in [`Digest::code_texts`].
    pub(crate) lang: u32,
    pub(crate) text: u32,
    /// The most recent entry that ran it (index in the digest).
    pub(crate) entry: usize,
    pub(crate) seen: Vec<CiteAt>,
}

/// One operation's summary, as [`super::Summary`] but by index.
#[derive(Debug, Clone)]
pub struct Folded {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) signature: String,
    /// Entry indices in journal order.
    pub(crate) members: Vec<usize>,
    pub(crate) first: Option<NaiveDate>,
    pub(crate) last: Option<NaiveDate>,
    pub(crate) verified: bool,
    /// Ids in [`Digest::texts`].
    pub(crate) why: Vec<u32>,
    pub(crate) verify: Vec<Group>,
    pub(crate) rollback: Vec<Rollback>,
    pub(crate) commands: Vec<CommandAt>,
    pub(crate) outcomes: OutcomeCounts,
    pub(crate) unverified_reason: Option<&'static str>,
    pub(crate) change: Vec<Group>,
    pub(crate) cadence: Option<Cadence>,
    pub(crate) since_last: Option<SinceLast>,
    pub(crate) status: Status,
    /// Index of the operation in the clustering.
    pub(crate) operation: usize,
    /// The rule that gave the name, for `explain`.
    pub(crate) named_by: NamedBy,
    /// Who did it, the most recent first; empty unless the digest keeps
    /// prose.
    pub(crate) people: Vec<PersonAt>,
}

/// Summaries of every operation, most frequent first, then most recent,
/// then first seen.
pub fn fold(rules: &Rules, digest: &mut Digest, clustering: Clustering) -> Vec<Folded> {
    let names = names(rules, &clustering.operations);
    let operations = clustering
        .operations
        .into_iter()
        .map(|op| (op.founder, op.members));
    fold_named(rules, digest, operations.zip(names).collect())
}

/// [`fold`] of a clustering that is kept (`explain` and `check` show its
/// decisions too).
pub(crate) fn fold_kept(
    rules: &Rules,
    digest: &mut Digest,
    clustering: &Clustering,
) -> Vec<Folded> {
    let names = names(rules, &clustering.operations);
    let operations = clustering
        .operations
        .iter()
        .map(|op| (op.founder.clone(), op.members.clone()));
    fold_named(rules, digest, operations.zip(names).collect())
}

/// An operation's founding signature and members, with its name, id and
/// the rule that named it.
type Named = ((String, Vec<usize>), (String, String, NamedBy));

/// Each operation's name, unique id and naming rule, in clustering order.
fn names(rules: &Rules, operations: &[Operation]) -> Vec<(String, String, NamedBy)> {
    let (names, by): (Vec<String>, Vec<NamedBy>) =
        operations.iter().map(|op| named(rules, op)).unzip();
    let ids = unique_ids(&names);
    names
        .into_iter()
        .zip(ids)
        .zip(by)
        .map(|((name, id), by)| (name, id, by))
        .collect()
}

fn fold_named(rules: &Rules, digest: &mut Digest, operations: Vec<Named>) -> Vec<Folded> {
    // Texts not yet keyed while parsing.
    digest.key_texts(rules);
    let digest = &*digest;
    let newest = digest.records.iter().filter_map(|r| r.date).max();
    let mut folded: Vec<Folded> = operations
        .into_par_iter()
        .enumerate()
        // A few operations hold most entries, and the first ones made are
        // the largest: left to split the list in halves, rayon gave one
        // core nearly all the work.
        .with_max_len(16)
        .map(|(i, ((founder, members), (name, id, named_by)))| {
            let mut folded = fold_one(digest, founder, members, newest);
            folded.operation = i;
            folded.name = name;
            folded.id = id;
            folded.named_by = named_by;
            folded
        })
        .collect();
    folded.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| b.last.cmp(&a.last))
            .then(a.operation.cmp(&b.operation))
    });
    folded
}

fn fold_one(
    digest: &Digest,
    founder: String,
    members: Vec<usize>,
    newest: Option<NaiveDate>,
) -> Folded {
    let members: Vec<usize> = members
        .into_iter()
        .filter(|&i| i < digest.records.len())
        .collect();
    let records = || members.iter().filter_map(|&i| digest.records.get(i));
    let dates: Vec<NaiveDate> = records().filter_map(|r| r.date).collect();
    let last = dates.iter().max().copied();
    let [why, verify, rollback] = evidence::collect(digest, &members);
    let verified = records().any(|r| r.verified);
    Folded {
        id: String::new(),
        name: String::new(),
        signature: founder,
        first: dates.iter().min().copied(),
        last,
        verified,
        why: why.into_iter().map(|g| g.text).collect(),
        unverified_reason: match (verified, verify.is_empty()) {
            (true, _) => None,
            (false, true) => Some(NO_VERIFY_SIGNAL),
            (false, false) => Some(NO_VERIFIED_OUTCOME),
        },
        verify,
        rollback: evidence::rollbacks(digest, rollback),
        commands: evidence::commands(digest, &members),
        outcomes: outcome_counts(records()),
        change: evidence::changes(digest, &members),
        cadence: cadence::cadence(&dates),
        since_last: last.zip(newest).map(|(l, n)| cadence::since_last(l, n)),
        status: status::status(&records().map(run).collect::<Vec<_>>()),
        people: people::people(digest, &members),
        members,
        operation: 0,
        named_by: NamedBy::default(),
    }
}

/// An occurrence as [`status::status`] reads it.
fn run(record: &Record) -> Run {
    Run {
        date: record.date,
        line: record.line,
        outcome: record.outcome,
        verified: record.verified,
    }
}

fn outcome_counts<'a>(records: impl Iterator<Item = &'a Record>) -> OutcomeCounts {
    let mut counts = OutcomeCounts::default();
    for record in records {
        match record.outcome {
            Some(Outcome::Verified) => counts.verified += 1,
            Some(Outcome::Failed) => counts.failed += 1,
            Some(Outcome::RolledBack) => counts.rolled_back += 1,
            Some(Outcome::Inconclusive) => counts.inconclusive += 1,
            None => counts.unknown += 1,
        }
    }
    counts
}
