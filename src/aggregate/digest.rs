//! Digest: what the operation summaries need from each entry, kept compact
//! so that a journal's parsed entries can be dropped batch by batch.
//!
//! A parsed [`Entry`] holds ~1.8 KB of owned strings; its digest holds its
//! heading line, date, outcome, the place of its title in the journal text,
//! and per evidence field a line number and the id of its (interned) text:
//! journals repeat the same verify signals and rollback paths thousands of
//! times, so each distinct text is stored, and later normalized, once.
//!
//! What only RUNBOOK.md shows (who did each entry, its tickets and notes)
//! is kept when asked for ([`Digest::with_prose`]): `forge operations`
//! never reads it.

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::evidence::normalized_text;
use super::prose::Prose;
use crate::journal::{Entry, FieldKey, Outcome};
use crate::rules::Rules;

/// One entry, without its texts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    /// 1-based line of the heading.
    pub(crate) line: usize,
    pub(crate) date: Option<NaiveDate>,
    pub(crate) outcome: Option<Outcome>,
    /// A verify field (even empty) and outcome `verified`.
    pub(crate) verified: bool,
    /// The title's byte range in the journal text.
    pub(crate) title: (usize, usize),
    /// End of this entry's fields in [`Digest::fields`] (they start where
    /// the previous entry's end).
    pub(crate) fields_end: usize,
    /// End of this entry's code blocks in [`Digest::code`].
    pub(crate) code_end: usize,
}

/// Which evidence a field gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Why,
    Verify,
    Rollback,
    Change,
}

/// A non-empty why/verify/rollback/change field.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cited {
    /// 1-based line of the field.
    pub(crate) line: usize,
    /// Id in [`Digest::texts`].
    pub(crate) text: u32,
    pub(crate) kind: Kind,
}

/// A fenced code block under a `change:` field (empty or not).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Code {
    /// 1-based line of the field.
    pub(crate) line: usize,
    /// Ids in [`Digest::code_texts`].
    pub(crate) lang: u32,
    pub(crate) text: u32,
}

/// Distinct strings, each stored once, by id in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Interner {
    pub(crate) fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        // More distinct texts than u32 ids would need a 4-billion-line
        // journal; saturating keeps it total.
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }

    pub(crate) fn get(&self, id: u32) -> &str {
        self.texts.get(id as usize).map_or("", |t| t)
    }

    pub(crate) fn all(&self) -> &[Box<str>] {
        &self.texts
    }
}

/// Every entry of a journal, digested in order.
#[derive(Debug, Default)]
pub struct Digest {
    pub(crate) records: Vec<Record>,
    pub(crate) fields: Vec<Cited>,
    pub(crate) code: Vec<Code>,
    /// Evidence texts (field values).
    pub(crate) texts: Interner,
    /// Code block languages and texts.
    pub(crate) code_texts: Interner,
    /// Per evidence text (by id), the id of what it is grouped by (see
    /// [`Digest::key_texts`]): equal ids, equal normalized words.
    pub(crate) keys: Vec<u32>,
    /// The distinct grouping keys.
    key_ids: Interner,
    /// Names, tickets and notes per entry, when kept.
    prose: Option<Prose>,
}

/// Evidence fields room is made for, per expected entry. Room that is
/// never written costs address space, not memory.
const FIELDS_PER_ENTRY: usize = 8;

impl Digest {
    /// A digest that also keeps what RUNBOOK.md shows of each entry.
    pub(crate) fn with_prose() -> Digest {
        Digest {
            prose: Some(Prose::default()),
            ..Digest::default()
        }
    }

    /// Names, tickets and notes per entry; `None` unless made
    /// [`Digest::with_prose`].
    pub(crate) fn prose(&self) -> Option<&Prose> {
        self.prose.as_ref()
    }

    /// Makes room for about `entries` entries at once, so the lists are not
    /// grown (and copied) a batch at a time. Only a hint: the estimate may
    /// be far too high for an odd journal, and room that cannot be had is
    /// left to growing as entries come.
    pub(crate) fn reserve(&mut self, entries: usize) {
        let _ = self.records.try_reserve(entries);
        let _ = self
            .fields
            .try_reserve(entries.saturating_mul(FIELDS_PER_ENTRY));
        let _ = self.code.try_reserve(entries);
    }

    /// Adds the next entries, in journal order.
    pub fn add(&mut self, entries: &[Entry]) {
        self.records.reserve(entries.len());
        for entry in entries {
            self.add_entry(entry);
        }
    }

    fn add_entry(&mut self, entry: &Entry) {
        for field in &entry.fields {
            let kind = match field.key {
                FieldKey::Why => Kind::Why,
                FieldKey::Verify => Kind::Verify,
                FieldKey::Rollback => Kind::Rollback,
                FieldKey::Change => Kind::Change,
                _ => continue,
            };
            if kind == Kind::Change {
                for block in &field.code {
                    let code = Code {
                        line: field.line,
                        lang: self.code_texts.id(&block.lang),
                        text: self.code_texts.id(&block.text),
                    };
                    self.code.push(code);
                }
            }
            // Empty values are never evidence.
            if !field.value.is_empty() {
                let text = self.texts.id(&field.value);
                self.fields.push(Cited {
                    line: field.line,
                    text,
                    kind,
                });
            }
        }
        if let Some(prose) = &mut self.prose {
            prose.add(entry);
        }
        // As `Entry::outcome` and `Entry::is_verified`, reading the fields once.
        let outcome = entry.outcome();
        let has_verify = entry.values(&FieldKey::Verify).next().is_some();
        self.records.push(Record {
            line: entry.line,
            date: entry.date,
            outcome,
            verified: has_verify && outcome == Some(Outcome::Verified),
            title: (entry.title_span.start, entry.title_span.end),
            fields_end: self.fields.len(),
            code_end: self.code.len(),
        });
    }

    /// Computes the grouping key of every text added since the last call,
    /// on every core: each distinct text is normalized once, and the work
    /// is done while the journal is still being parsed.
    pub fn key_texts(&mut self, rules: &Rules) {
        let new = self.texts.all().get(self.keys.len()..).unwrap_or(&[]);
        let keys: Vec<String> = new
            .par_iter()
            .map(|text| normalized_text(rules, text))
            .collect();
        for key in &keys {
            self.keys.push(self.key_ids.id(key));
        }
    }

    /// The evidence fields of entry `i`, in field order.
    pub(crate) fn fields_of(&self, i: usize) -> &[Cited] {
        self.fields
            .get(self.range_of(i, |r| r.fields_end))
            .unwrap_or(&[])
    }

    /// The code blocks of entry `i`, in field order.
    pub(crate) fn code_of(&self, i: usize) -> &[Code] {
        self.code
            .get(self.range_of(i, |r| r.code_end))
            .unwrap_or(&[])
    }

    /// Entry `i`'s range in a shared list whose ends `end` reads: it
    /// starts where the previous entry's ends.
    fn range_of(&self, i: usize, end: impl Fn(&Record) -> usize) -> std::ops::Range<usize> {
        let start = i
            .checked_sub(1)
            .and_then(|p| self.records.get(p))
            .map_or(0, &end);
        start..self.records.get(i).map_or(start, end)
    }
}
