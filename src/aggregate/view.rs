//! Folded summaries → [`Summary`]: the same content, with every id and
//! index into the digest resolved to the strings renderers show.

use rayon::prelude::*;

use super::digest::{Digest, Record};
use super::evidence::{Cite, Command, Evidence, RollbackPath};
use super::fold::{CiteAt, CommandAt, Folded, Group};
use super::people::Person;
use super::{Day, EntryRef, Summary};
use crate::journal::{Entry, Outcome};

/// Where the entries' titles are read: the digest keeps only their place.
#[derive(Clone, Copy)]
pub(crate) enum Titles<'a> {
    /// The journal text the digest's entries were parsed from.
    Text(&'a str),
    /// The parsed entries the digest was made of, in the same order.
    Entries(&'a [Entry]),
}

/// The summaries, in the order given.
pub(crate) fn summaries(digest: &Digest, titles: Titles<'_>, folded: Vec<Folded>) -> Vec<Summary> {
    let at = At { digest, titles };
    folded.into_par_iter().map(|f| summary(at, f)).collect()
}

/// What ids and indices resolve against.
#[derive(Clone, Copy)]
struct At<'a> {
    digest: &'a Digest,
    titles: Titles<'a>,
}

fn summary(at: At<'_>, folded: Folded) -> Summary {
    let evidence = |groups: &[Group]| groups.iter().map(|g| at.evidence(g)).collect();
    Summary {
        count: folded.members.len(),
        first: folded.first.map(|d| d.to_string()),
        last: folded.last.map(|d| d.to_string()),
        verified: folded.verified,
        entries: folded.members.iter().map(|&i| at.entry(i)).collect(),
        why: folded
            .why
            .iter()
            .map(|&t| at.digest.texts.get(t).to_string())
            .collect(),
        verify: evidence(&folded.verify),
        rollback: folded
            .rollback
            .iter()
            .map(|r| RollbackPath {
                text: at.digest.texts.get(r.group.text).to_string(),
                count: r.group.seen.len(),
                used: r.used,
                seen: at.cites(&r.group.seen),
            })
            .collect(),
        commands: folded.commands.iter().map(|c| at.command(c)).collect(),
        change: evidence(&folded.change),
        people: at.people(&folded),
        id: folded.id,
        name: folded.name,
        signature: folded.signature,
        outcomes: folded.outcomes,
        unverified_reason: folded.unverified_reason,
        cadence: folded.cadence,
        since_last: folded.since_last,
        status: folded.status,
        operation: folded.operation,
        named_by: folded.named_by,
    }
}

impl<'a> At<'a> {
    fn record(self, i: usize) -> Option<&'a Record> {
        self.digest.records.get(i)
    }

    fn title(self, i: usize) -> &'a str {
        match self.titles {
            Titles::Text(text) => self
                .record(i)
                .and_then(|r| text.get(r.title.0..r.title.1))
                .unwrap_or(""),
            Titles::Entries(entries) => entries.get(i).map_or("", |e| e.title.as_str()),
        }
    }

    fn entry(self, i: usize) -> EntryRef {
        let record = self.record(i);
        let prose = self.digest.prose();
        EntryRef {
            line: record.map_or(0, |r| r.line),
            date: date(record),
            title: self.title(i).to_string(),
            outcome: outcome(record),
            by: prose.map_or_else(Vec::new, |p| {
                p.by(i).map(|id| p.word(id).to_string()).collect()
            }),
            tickets: prose.map_or_else(Vec::new, |p| p.tickets(i).map(String::from).collect()),
            notes: prose.map_or_else(Vec::new, |p| p.notes(i).map(String::from).collect()),
        }
    }

    fn cites(self, seen: &[CiteAt]) -> Vec<Cite> {
        seen.iter()
            .map(|&(i, line)| {
                let record = self.record(i);
                Cite {
                    date: date(record),
                    line,
                    entry: record.map_or(0, |r| r.line),
                    outcome: outcome(record),
                }
            })
            .collect()
    }

    fn evidence(self, group: &Group) -> Evidence {
        Evidence {
            text: self.digest.texts.get(group.text).to_string(),
            count: group.seen.len(),
            seen: self.cites(&group.seen),
        }
    }

    fn command(self, command: &CommandAt) -> Command {
        let record = self.record(command.entry);
        Command {
            lang: self.digest.code_texts.get(command.lang).to_string(),
            text: self.digest.code_texts.get(command.text).to_string(),
            date: date(record).map(|d| d.to_string()),
            line: record.map_or(0, |r| r.line),
            seen: self.cites(&command.seen),
        }
    }

    fn people(self, folded: &Folded) -> Vec<Person> {
        let Some(prose) = self.digest.prose() else {
            return Vec::new();
        };
        folded
            .people
            .iter()
            .map(|p| Person {
                name: prose.word(p.name).to_string(),
                count: p.count,
                last: p.last,
            })
            .collect()
    }
}

fn date(record: Option<&Record>) -> Option<Day> {
    record.and_then(|r| r.date).map(Day)
}

fn outcome(record: Option<&Record>) -> Option<&'static str> {
    record.and_then(|r| r.outcome).map(Outcome::name)
}
