//! The document of `forge operations --format json` as borrowed views over
//! the folded summaries, the digest and the journal text: serde serializes
//! them as it walks them, and nothing is copied (a million entries cite
//! ~4 million fields, and the output lists each of them).
//!
//! Field order is the JSON's key order; the shapes are those of
//! [`crate::aggregate::Summary`] and `schema/operations.schema.json`.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::days::Days;
use super::runs::serialize_list;
use crate::aggregate::digest::{Digest, Record};
use crate::aggregate::fold::{CiteAt, CommandAt, Folded, Group, Rollback};
use crate::aggregate::{Cadence, OutcomeCounts, SinceLast, Status};
use crate::journal::Outcome;

/// What indices resolve against.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    pub(super) text: &'a str,
    pub(super) digest: &'a Digest,
    pub(super) days: &'a Days,
}

impl<'a> At<'a> {
    fn record(self, i: usize) -> Option<&'a Record> {
        self.digest.records.get(i)
    }

    fn text(self, id: u32) -> &'a str {
        self.digest.texts.get(id)
    }

    /// As `Option<String>` serializes.
    fn day(self, date: Option<NaiveDate>) -> Option<Cow<'a, str>> {
        date.map(|date| self.days.name(date))
    }

    fn date(self, i: usize) -> Option<Cow<'a, str>> {
        self.day(self.record(i).and_then(|r| r.date))
    }

    /// The 1-based heading line of entry `i` (0 for an index the digest
    /// does not hold, which folding never makes).
    fn line(self, i: usize) -> usize {
        self.record(i).map_or(0, |r| r.line)
    }

    fn outcome(self, i: usize) -> Option<&'static str> {
        self.record(i).and_then(|r| r.outcome).map(Outcome::name)
    }
}

/// The whole document.
#[derive(Serialize)]
pub(super) struct Document<'a> {
    pub(super) resource: &'a str,
    pub(super) operations: Operations<'a>,
}

/// The summaries, in their order.
pub(super) struct Operations<'a> {
    pub(super) at: At<'a>,
    pub(super) folded: &'a [Folded],
}

/// Inside the document and the list.
const OPERATIONS_DEPTH: usize = 2;

impl Serialize for Operations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let at = self.at;
        serialize_list(s, OPERATIONS_DEPTH, self.folded, weight, |op| {
            Operation::new(at, op, OPERATIONS_DEPTH)
        })
    }
}

/// The entries and citations an operation lists.
fn weight(op: &Folded) -> usize {
    let seen = |groups: &[Group]| groups.iter().map(|g| g.seen.len()).sum::<usize>();
    op.members.len()
        + seen(&op.verify)
        + seen(&op.change)
        + op.rollback
            .iter()
            .map(|r| r.group.seen.len())
            .sum::<usize>()
        + op.commands.iter().map(|c| c.seen.len()).sum::<usize>()
}

/// One summary.
#[derive(Serialize)]
pub(super) struct Operation<'a> {
    id: &'a str,
    name: &'a str,
    signature: &'a str,
    count: usize,
    first: Option<Cow<'a, str>>,
    last: Option<Cow<'a, str>>,
    verified: bool,
    entries: Entries<'a>,
    why: Texts<'a>,
    verify: Evidence<'a>,
    rollback: Rollbacks<'a>,
    commands: Commands<'a>,
    outcomes: &'a OutcomeCounts,
    unverified_reason: Option<&'static str>,
    change: Evidence<'a>,
    cadence: &'a Option<Cadence>,
    since_last: &'a Option<SinceLast>,
    status: &'a Status,
}

impl<'a> Operation<'a> {
    /// `op` as an item of a list at `depth`: its lists' items are two
    /// levels deeper (inside the operation and the list).
    fn new(at: At<'a>, op: &'a Folded, depth: usize) -> Self {
        let depth = depth + 2;
        Operation {
            id: &op.id,
            name: &op.name,
            signature: &op.signature,
            count: op.members.len(),
            first: at.day(op.first),
            last: at.day(op.last),
            verified: op.verified,
            entries: Entries {
                at,
                depth,
                members: &op.members,
            },
            why: Texts { at, ids: &op.why },
            verify: Evidence {
                at,
                depth,
                groups: &op.verify,
            },
            rollback: Rollbacks {
                at,
                depth,
                paths: &op.rollback,
            },
            commands: Commands {
                at,
                depth,
                items: &op.commands,
            },
            outcomes: &op.outcomes,
            unverified_reason: op.unverified_reason,
            change: Evidence {
                at,
                depth,
                groups: &op.change,
            },
            cadence: &op.cadence,
            since_last: &op.since_last,
            status: &op.status,
        }
    }
}

/// Entries by index in the digest, in journal order.
struct Entries<'a> {
    at: At<'a>,
    /// Of the items.
    depth: usize,
    members: &'a [usize],
}

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let at = self.at;
        serialize_list(
            s,
            self.depth,
            self.members,
            |_| 1,
            |&i| Entry {
                line: at.line(i),
                date: at.date(i),
                title: at
                    .record(i)
                    .and_then(|r| at.text.get(r.title.0..r.title.1))
                    .unwrap_or(""),
                outcome: at.outcome(i),
            },
        )
    }
}

/// An `EntryRef`.
#[derive(Serialize)]
struct Entry<'a> {
    line: usize,
    date: Option<Cow<'a, str>>,
    title: &'a str,
    outcome: Option<&'static str>,
}

/// Interned evidence texts.
struct Texts<'a> {
    at: At<'a>,
    ids: &'a [u32],
}

impl Serialize for Texts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.ids.iter().map(|&id| self.at.text(id)))
    }
}

/// Where each field was recorded.
struct Cites<'a> {
    at: At<'a>,
    /// Of the items.
    depth: usize,
    seen: &'a [CiteAt],
}

impl<'a> Cites<'a> {
    /// The citations of an item of a list at `depth`.
    fn of(at: At<'a>, depth: usize, seen: &'a [CiteAt]) -> Self {
        Cites {
            at,
            depth: depth + 2,
            seen,
        }
    }
}

impl Serialize for Cites<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let at = self.at;
        serialize_list(
            s,
            self.depth,
            self.seen,
            |_| 1,
            |&(i, line)| Cite {
                date: at.date(i),
                line,
                entry: at.line(i),
                outcome: at.outcome(i),
            },
        )
    }
}

/// A `Cite`.
#[derive(Serialize)]
struct Cite<'a> {
    date: Option<Cow<'a, str>>,
    line: usize,
    entry: usize,
    outcome: Option<&'static str>,
}

/// `[Evidence]`: verify signals or changes.
struct Evidence<'a> {
    at: At<'a>,
    /// Of the items.
    depth: usize,
    groups: &'a [Group],
}

impl Serialize for Evidence<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (at, depth) = (self.at, self.depth);
        let weight = |group: &Group| group.seen.len();
        serialize_list(s, depth, self.groups, weight, |group| Texted {
            text: at.text(group.text),
            count: group.seen.len(),
            seen: Cites::of(at, depth, &group.seen),
        })
    }
}

/// An `Evidence`.
#[derive(Serialize)]
struct Texted<'a> {
    text: &'a str,
    count: usize,
    seen: Cites<'a>,
}

/// `[RollbackPath]`.
struct Rollbacks<'a> {
    at: At<'a>,
    /// Of the items.
    depth: usize,
    paths: &'a [Rollback],
}

impl Serialize for Rollbacks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (at, depth) = (self.at, self.depth);
        let weight = |path: &Rollback| path.group.seen.len();
        serialize_list(s, depth, self.paths, weight, |path| RollbackPath {
            text: at.text(path.group.text),
            count: path.group.seen.len(),
            used: path.used,
            seen: Cites::of(at, depth, &path.group.seen),
        })
    }
}

/// A `RollbackPath`.
#[derive(Serialize)]
struct RollbackPath<'a> {
    text: &'a str,
    count: usize,
    used: usize,
    seen: Cites<'a>,
}

/// `[Command]`.
struct Commands<'a> {
    at: At<'a>,
    /// Of the items.
    depth: usize,
    items: &'a [CommandAt],
}

impl Serialize for Commands<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (at, depth) = (self.at, self.depth);
        let code = &at.digest.code_texts;
        let weight = |command: &CommandAt| command.seen.len();
        serialize_list(s, depth, self.items, weight, |command| Command {
            lang: code.get(command.lang),
            text: code.get(command.text),
            date: at.date(command.entry),
            line: at.line(command.entry),
            seen: Cites::of(at, depth, &command.seen),
        })
    }
}

/// A `Command`.
#[derive(Serialize)]
struct Command<'a> {
    lang: &'a str,
    text: &'a str,
    date: Option<Cow<'a, str>>,
    line: usize,
    seen: Cites<'a>,
}
