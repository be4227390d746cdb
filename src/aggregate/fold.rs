//! Operations × digest → the summaries of `forge operations`, with every
//! entry and citation as indices into the [`Digest`] instead of copies of
//! its strings: a million entries cite ~4 million fields, and the output
//! lists each of them.
//!
//! Same content and order as [`super::summarize`]; `tests/folding.rs` checks
//! that both render the same JSON.

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cadence::{self, Cadence, SinceLast};
use super::digest::{Cited, Digest, Kind};
use super::evidence::{is_path, Wording};
use super::naming::{operation_name, unique_ids};
use super::status::{self, Run, Status};
use super::{OutcomeCounts, NO_VERIFIED_OUTCOME, NO_VERIFY_SIGNAL};
use crate::cluster::{Clustering, Operation};
use crate::journal::Outcome;
use crate::rules::Rules;

/// Where a piece of evidence was recorded: the entry (index in the
/// digest) and the field's 1-based line.
pub type CiteAt = (usize, usize);

/// A de-duplicated evidence text and every field that recorded it.
#[derive(Debug, Clone)]
pub struct Group {
    /// Id in [`Digest::texts`] of the wording shown.
    pub text: u32,
    pub seen: Vec<CiteAt>,
}

/// A rollback path and how often history took it.
#[derive(Debug, Clone)]
pub struct Rollback {
    pub group: Group,
    pub used: usize,
}

/// A code block run by an operation.
#[derive(Debug, Clone)]
pub struct CommandAt {
    /// Ids in [`Digest::code_texts`].
    pub lang: u32,
    pub text: u32,
    /// The most recent entry that ran it (index in the digest).
    pub entry: usize,
    pub seen: Vec<CiteAt>,
}

/// One operation's summary, as [`super::Summary`] but by index.
#[derive(Debug, Clone)]
pub struct Folded {
    pub id: String,
    pub name: String,
    pub signature: String,
    /// Entry indices in journal order.
    pub members: Vec<usize>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub verified: bool,
    /// Ids in [`Digest::texts`].
    pub why: Vec<u32>,
    pub verify: Vec<Group>,
    pub rollback: Vec<Rollback>,
    pub commands: Vec<CommandAt>,
    pub outcomes: OutcomeCounts,
    pub unverified_reason: Option<&'static str>,
    pub change: Vec<Group>,
    pub cadence: Option<Cadence>,
    pub since_last: Option<SinceLast>,
    pub status: Status,
    /// Index of the operation in the clustering.
    pub operation: usize,
}

/// Summaries of every operation, most frequent first, then most recent,
/// then first seen (the order of [`super::summarize`]).
pub fn fold(rules: &Rules, digest: &mut Digest, clustering: Clustering) -> Vec<Folded> {
    let names: Vec<String> = clustering
        .operations
        .iter()
        .map(|op| operation_name(rules, op))
        .collect();
    let ids = unique_ids(&names);
    // Texts not yet keyed while parsing.
    digest.key_texts(rules);
    let digest = &*digest;
    let keys = &digest.keys;
    let newest = digest.records.iter().filter_map(|r| r.date).max();
    let mut folded: Vec<Folded> = clustering
        .operations
        .into_par_iter()
        .zip(names)
        .zip(ids)
        .enumerate()
        // A few operations hold most entries, and the first ones made are
        // the largest: left to split the list in halves, rayon gave one
        // core nearly all the work.
        .with_max_len(16)
        .map(|(i, ((op, name), id))| {
            let mut folded = fold_one(digest, keys, op, newest);
            folded.operation = i;
            folded.name = name;
            folded.id = id;
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

fn fold_one(digest: &Digest, keys: &[u32], op: Operation, newest: Option<NaiveDate>) -> Folded {
    let members: Vec<usize> = op
        .members
        .into_iter()
        .filter(|&i| i < digest.records.len())
        .collect();
    let records = || members.iter().map(|&i| &digest.records[i]);
    let dates: Vec<NaiveDate> = records().filter_map(|r| r.date).collect();
    let last = dates.iter().max().copied();
    let [why, verify, rollback] = collect(digest, keys, &members);
    let verified = records().any(|r| r.verified);
    let mut outcomes = OutcomeCounts::default();
    for record in records() {
        match record.outcome {
            Some(Outcome::Verified) => outcomes.verified += 1,
            Some(Outcome::Failed) => outcomes.failed += 1,
            Some(Outcome::RolledBack) => outcomes.rolled_back += 1,
            Some(Outcome::Inconclusive) => outcomes.inconclusive += 1,
            None => outcomes.unknown += 1,
        }
    }
    Folded {
        id: String::new(),
        name: String::new(),
        signature: op.founder,
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
        rollback: rollbacks(digest, rollback),
        commands: commands(digest, &members),
        outcomes,
        change: changes(digest, keys, &members),
        cadence: cadence::cadence(&dates),
        since_last: last.zip(newest).map(|(l, n)| cadence::since_last(l, n)),
        status: status::status(
            &records()
                .map(|r| Run {
                    date: r.date,
                    line: r.line,
                    outcome: r.outcome,
                    verified: r.verified,
                })
                .collect::<Vec<_>>(),
        ),
        members,
        operation: 0,
    }
}

/// The distinct why, verify and rollback texts, each most frequent first;
/// equal counts keep the order of first appearance (as
/// `evidence::collect`). One pass over the members' fields.
fn collect(digest: &Digest, keys: &[u32], members: &[usize]) -> [Vec<Group>; 3] {
    let mut groupers: [Grouper; 3] = std::array::from_fn(|_| Grouper::new(Wording::Latest));
    for &i in members {
        for field in digest.fields_of(i) {
            let at = match field.kind {
                Kind::Why => 0,
                Kind::Verify => 1,
                Kind::Rollback => 2,
                Kind::Change => continue,
            };
            groupers[at].add(keys, field, i);
        }
    }
    groupers.map(|grouper| {
        let mut found = grouper.found;
        found.sort_by_key(|g| std::cmp::Reverse(g.seen.len()));
        found
    })
}

/// The distinct `change:` texts, most recently done first, each in its
/// most recent wording (as `evidence::changes`).
fn changes(digest: &Digest, keys: &[u32], members: &[usize]) -> Vec<Group> {
    let mut grouper = Grouper::new(Wording::First);
    for &i in members.iter().rev() {
        for field in digest
            .fields_of(i)
            .iter()
            .filter(|f| f.kind == Kind::Change)
        {
            grouper.add(keys, field, i);
        }
    }
    let mut found = grouper.found;
    for g in &mut found {
        g.seen.reverse();
    }
    found
}

/// Rollback paths, those that were used first, then most frequent (as
/// `evidence::rollbacks`), from the rollback texts by count.
fn rollbacks(digest: &Digest, groups: Vec<Group>) -> Vec<Rollback> {
    let mut paths: Vec<Rollback> = groups
        .into_iter()
        .filter(|group| is_path(digest.texts.get(group.text)))
        .map(|group| Rollback {
            used: group
                .seen
                .iter()
                .filter(|&&(i, _)| {
                    digest.records.get(i).and_then(|r| r.outcome) == Some(Outcome::RolledBack)
                })
                .count(),
            group,
        })
        .collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.used.min(1)));
    paths
}

/// Groups fields by their texts' keys, in the order added (as
/// `evidence::group`).
struct Grouper {
    found: Vec<Group>,
    by_key: FxHashMap<u32, usize>,
    wording: Wording,
}

impl Grouper {
    fn new(wording: Wording) -> Grouper {
        Grouper {
            found: Vec::new(),
            by_key: FxHashMap::default(),
            wording,
        }
    }

    fn add(&mut self, keys: &[u32], field: &Cited, entry: usize) {
        let key = keys.get(field.text as usize).copied().unwrap_or(field.text);
        let found = &mut self.found;
        let at = *self.by_key.entry(key).or_insert_with(|| {
            found.push(Group {
                text: field.text,
                seen: Vec::new(),
            });
            found.len() - 1
        });
        found[at].seen.push((entry, field.line));
        if self.wording == Wording::Latest {
            found[at].text = field.text;
        }
    }
}

/// Commands from `change:` code blocks, most recent first, each block once
/// (as `evidence::commands`).
fn commands(digest: &Digest, members: &[usize]) -> Vec<CommandAt> {
    let mut commands: Vec<CommandAt> = Vec::new();
    let mut by_text: FxHashMap<u32, usize> = FxHashMap::default();
    for &i in members.iter().rev() {
        for code in digest.code_of(i) {
            let at = *by_text.entry(code.text).or_insert_with(|| {
                commands.push(CommandAt {
                    lang: code.lang,
                    text: code.text,
                    entry: i,
                    seen: Vec::new(),
                });
                commands.len() - 1
            });
            commands[at].seen.push((i, code.line));
        }
    }
    for command in &mut commands {
        command.seen.reverse();
    }
    commands
}
