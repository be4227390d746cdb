//! Operations × digest → the summaries of `forge operations`, with every
//! entry and citation as indices into the [`Digest`] instead of copies of
//! its strings: a million entries cite ~4 million fields, and the output
//! lists each of them.
//!
//! Same content and order as [`super::summarize`]; `tests/scale.rs` checks
//! that both render the same JSON.

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cadence::{self, Cadence, SinceLast};
use super::digest::{Digest, Interner, Kind};
use super::naming::{operation_name, unique_ids};
use super::{evidence, OutcomeCounts, NO_VERIFIED_OUTCOME, NO_VERIFY_SIGNAL};
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
    /// Index of the operation in the clustering.
    pub operation: usize,
}

/// Summaries of every operation, most frequent first, then most recent,
/// then first seen (the order of [`super::summarize`]).
pub fn fold(rules: &Rules, digest: &Digest, clustering: Clustering) -> Vec<Folded> {
    let names: Vec<String> = clustering
        .operations
        .iter()
        .map(|op| operation_name(rules, op))
        .collect();
    let ids = unique_ids(&names);
    let keys = text_keys(rules, &digest.texts);
    let newest = digest.records.iter().filter_map(|r| r.date).max();
    let mut folded: Vec<Folded> = clustering
        .operations
        .into_par_iter()
        .zip(names)
        .zip(ids)
        .enumerate()
        .map(|(i, ((op, name), id))| {
            let mut folded = fold_one(digest, &keys, op, newest);
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

/// Each evidence text's grouping key as an id: equal ids, equal
/// normalized words. Each distinct text is normalized once, on every core.
fn text_keys(rules: &Rules, texts: &Interner) -> Vec<u32> {
    let keys: Vec<String> = texts
        .all()
        .par_iter()
        .map(|text| evidence::normalized_text(rules, text))
        .collect();
    let mut interner = Interner::default();
    keys.iter().map(|key| interner.id(key)).collect()
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
    let verify = collect(digest, keys, &members, Kind::Verify);
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
        why: collect(digest, keys, &members, Kind::Why)
            .into_iter()
            .map(|g| g.text)
            .collect(),
        unverified_reason: match (verified, verify.is_empty()) {
            (true, _) => None,
            (false, true) => Some(NO_VERIFY_SIGNAL),
            (false, false) => Some(NO_VERIFIED_OUTCOME),
        },
        verify,
        rollback: rollbacks(digest, keys, &members),
        commands: commands(digest, &members),
        outcomes,
        change: changes(digest, keys, &members),
        cadence: cadence::cadence(&dates),
        since_last: last.zip(newest).map(|(l, n)| cadence::since_last(l, n)),
        members,
        operation: 0,
    }
}

/// The distinct texts of a kind of field, most frequent first; equal
/// counts keep the order of first appearance (as `evidence::collect`).
fn collect(digest: &Digest, keys: &[u32], members: &[usize], kind: Kind) -> Vec<Group> {
    let mut found = group(digest, keys, members.iter().copied(), kind);
    found.sort_by_key(|g| std::cmp::Reverse(g.seen.len()));
    found
}

/// The distinct `change:` texts, most recently done first, each in its
/// most recent wording (as `evidence::changes`).
fn changes(digest: &Digest, keys: &[u32], members: &[usize]) -> Vec<Group> {
    let mut found = group(digest, keys, members.iter().rev().copied(), Kind::Change);
    for g in &mut found {
        g.seen.reverse();
    }
    found
}

/// Rollback paths, those that were used first, then most frequent (as
/// `evidence::rollbacks`).
fn rollbacks(digest: &Digest, keys: &[u32], members: &[usize]) -> Vec<Rollback> {
    let mut paths: Vec<Rollback> = collect(digest, keys, members, Kind::Rollback)
        .into_iter()
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

/// Groups the fields of a kind by their texts' keys, in the order given.
fn group(
    digest: &Digest,
    keys: &[u32],
    members: impl Iterator<Item = usize>,
    kind: Kind,
) -> Vec<Group> {
    let mut found: Vec<Group> = Vec::new();
    let mut by_key: FxHashMap<u32, usize> = FxHashMap::default();
    for i in members {
        for field in digest.fields_of(i).iter().filter(|f| f.kind == kind) {
            let key = keys.get(field.text as usize).copied().unwrap_or(field.text);
            let at = *by_key.entry(key).or_insert_with(|| {
                found.push(Group {
                    text: field.text,
                    seen: Vec::new(),
                });
                found.len() - 1
            });
            found[at].seen.push((i, field.line));
        }
    }
    found
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
