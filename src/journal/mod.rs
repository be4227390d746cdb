//! JOURNAL.md: the append-only history of changes to one resource.
//!
//! [`parse`] turns the file's text into [`Entry`] values that keep the byte
//! span of everything they hold, plus the [`JournalProblem`]s found on the
//! way (out-of-order dates, unknown outcomes, …). Problems never stop parsing:
//! a journal with mistakes is still history.

mod control;
mod diagnose;
mod empty;
mod parse;

pub use control::control_characters;
pub use diagnose::diagnose;
pub(crate) use diagnose::set_allow_hidden_entries;
pub(crate) use empty::no_entries;
pub(crate) use parse::estimated_entries;
pub use parse::{parse, parse_batches};

use chrono::NaiveDate;
use serde::Serialize;

use crate::source::{FileId, Span};

/// A parsed journal: its entries in file order and the problems found.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    pub file: FileId,
    pub entries: Vec<Entry>,
    pub problems: Vec<JournalProblem>,
}

/// One level-2 heading and everything under it up to the next one.
#[derive(Debug, Clone)]
pub struct Entry {
    /// 1-based line of the heading.
    pub(crate) line: usize,
    /// The whole entry, heading to last line (without the trailing newline).
    pub(crate) span: Span,
    /// The heading line, `## ` included, without the line ending.
    pub(crate) heading_span: Span,
    /// The parsed date, `None` when the heading's date is not a real date.
    pub(crate) date: Option<NaiveDate>,
    /// The date as written, e.g. `2026-02-03` (see [`Entry::date_text`]);
    /// empty, where the date would be, when the heading has none.
    pub(crate) date_span: Span,
    /// The time as written (`14:05`, `14:05:33Z`, `09:00+02:00`), if any
    /// (see [`Entry::time_text`]).
    pub(crate) time_span: Option<Span>,
    /// The title after the separator, trimmed.
    pub title: String,
    pub(crate) title_span: Span,
    /// `- key: value` bullets in order; repeated keys appear repeatedly.
    pub fields: Vec<Field>,
    /// Prose paragraphs that are not fields, each joined into one string.
    pub(crate) notes: Vec<String>,
}

/// A `- key: value` bullet of an entry.
#[derive(Debug, Clone)]
pub struct Field {
    pub(crate) key: FieldKey,
    /// The key as written (keeps the case and the alias used): see
    /// [`Field::raw_key`].
    pub(crate) key_span: Span,
    /// The value with continuation lines joined by single spaces, trimmed.
    pub(crate) value: String,
    /// From the first character of the value to the end of its last
    /// continuation line (code blocks excluded).
    pub(crate) value_span: Span,
    /// For a value continued on indented lines, the span of each line's
    /// text (the value is their texts joined by single spaces); empty for a
    /// one-line value. Lets later stages map a position in `value` back to
    /// the file exactly.
    pub lines: Vec<Span>,
    pub(crate) line: usize,
    /// Fenced code blocks under this field, in order.
    pub(crate) code: Vec<CodeBlock>,
}

/// A fenced code block under a field (a `change:` with one is a command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeBlock {
    /// The info string after the opening fence (`sh`), possibly empty.
    pub(crate) lang: String,
    /// The lines between the fences, with the fence's indentation removed,
    /// joined by `\n`, no trailing newline.
    pub(crate) text: String,
    pub(crate) span: Span,
}

/// The canonical meaning of a field key, after aliases.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FieldKey {
    Why,
    Change,
    Verify,
    Rollback,
    Outcome,
    By,
    Ticket,
    /// Any other key, lower-cased; kept, never dropped.
    Other(String),
}

impl FieldKey {
    /// Maps a key as written (any case, any alias) to its meaning.
    pub(crate) fn from_key(key: &str) -> FieldKey {
        // Most keys are written in lower case, as documented: no copy.
        if let Some(known) = Self::known(key) {
            return known;
        }
        let key = key.trim();
        // Keys are short ASCII words: lower-case on the stack, not the heap.
        let mut buffer = [0u8; 16];
        if key.len() <= buffer.len() && key.is_ascii() {
            let lower = &mut buffer[..key.len()];
            lower.copy_from_slice(key.as_bytes());
            lower.make_ascii_lowercase();
            if let Some(known) = std::str::from_utf8(lower).ok().and_then(Self::known) {
                return known;
            }
        }
        Self::known(&key.to_lowercase()).unwrap_or_else(|| FieldKey::Other(key.to_lowercase()))
    }

    /// The meaning of a lower-case key with a known name or alias.
    fn known(key: &str) -> Option<FieldKey> {
        Some(match key {
            "why" | "reason" | "motivation" => FieldKey::Why,
            "change" | "action" | "did" | "command" => FieldKey::Change,
            "verify" | "verified" | "verification" | "check" => FieldKey::Verify,
            "rollback" | "revert" | "undo" | "backout" => FieldKey::Rollback,
            "outcome" | "result" | "status" => FieldKey::Outcome,
            "by" | "who" | "actor" => FieldKey::By,
            "ticket" | "ref" => FieldKey::Ticket,
            _ => return None,
        })
    }

    /// The canonical name, as used by `cluster on` and in JSON.
    pub(crate) fn name(&self) -> &str {
        match self {
            FieldKey::Why => "why",
            FieldKey::Change => "change",
            FieldKey::Verify => "verify",
            FieldKey::Rollback => "rollback",
            FieldKey::Outcome => "outcome",
            FieldKey::By => "by",
            FieldKey::Ticket => "ticket",
            FieldKey::Other(name) => name,
        }
    }
}

/// What happened when the change was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    Verified,
    Failed,
    RolledBack,
    Inconclusive,
}

impl Outcome {
    /// Parses an outcome value; case-insensitive, `rolled back`,
    /// `rolled_back` and `rolledback` all mean rolled-back.
    pub(crate) fn parse(text: &str) -> Option<Outcome> {
        // Outcomes are nearly always written as their names: no allocation.
        let exact = match text.trim() {
            "verified" => Some(Outcome::Verified),
            "failed" => Some(Outcome::Failed),
            "rolled-back" => Some(Outcome::RolledBack),
            "inconclusive" => Some(Outcome::Inconclusive),
            _ => None,
        };
        if exact.is_some() {
            return exact;
        }
        let word: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match word.as_str() {
            "verified" => Some(Outcome::Verified),
            "failed" => Some(Outcome::Failed),
            "rolledback" => Some(Outcome::RolledBack),
            "inconclusive" => Some(Outcome::Inconclusive),
            _ => None,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Outcome::Verified => "verified",
            Outcome::Failed => "failed",
            Outcome::RolledBack => "rolled-back",
            Outcome::Inconclusive => "inconclusive",
        }
    }
}

impl Field {
    /// The key as written (keeps the case and the alias used), read from
    /// `text`, the journal the field was parsed from.
    #[cfg(test)]
    pub(crate) fn raw_key<'t>(&self, text: &'t str) -> &'t str {
        self.key_span.text_in(text)
    }
}

impl Entry {
    /// The date as written, read from `text`, the journal the entry was
    /// parsed from; empty when the heading has none.
    pub(crate) fn date_text<'t>(&self, text: &'t str) -> &'t str {
        self.date_span.text_in(text)
    }

    /// The time as written, read from `text` as [`Self::date_text`].
    pub(crate) fn time_text<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.time_span.map(|span| span.text_in(text))
    }

    /// Values of every field with this meaning, in order.
    pub(crate) fn values<'a>(&'a self, key: &'a FieldKey) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| &f.key == key)
    }

    /// The entry's outcome: the last `outcome:` field that parses.
    pub(crate) fn outcome(&self) -> Option<Outcome> {
        self.values(&FieldKey::Outcome)
            .filter_map(|f| Outcome::parse(&f.value))
            .last()
    }

    /// Whether this entry verifies its operation: it has a verify field and
    /// its outcome is `verified`.
    pub(crate) fn is_verified(&self) -> bool {
        self.values(&FieldKey::Verify).next().is_some() && self.outcome() == Some(Outcome::Verified)
    }
}

/// Something wrong in the journal. Parsing goes on; `check` reports these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalProblem {
    pub(crate) kind: ProblemKind,
    /// The offending text.
    pub(crate) span: Span,
    /// A related earlier place (the earlier date or the first duplicate).
    pub(crate) related: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// The heading's date is not a real `YYYY-MM-DD` date (`2026-02-30`).
    BadDate,
    /// A level-2 heading with no date/separator/title shape.
    BadHeading,
    /// The date is earlier than the previous entry's.
    OutOfOrder,
    /// Same date, time and title as an earlier entry.
    DuplicateEntry,
    /// An `outcome:` value that is not verified/failed/rolled-back/inconclusive.
    UnknownOutcome,
    /// No verify field: the entry cannot verify its operation.
    NoVerify,
    /// A code block never closed, with `## ` lines inside that would
    /// otherwise be entries: they are read as code, to the end of the file.
    UnclosedFence,
    /// A heading of another level than 2 that starts with a date, as an
    /// entry heading does (`### 2026-01-02 — …`): read as part of the
    /// entry above it, not as an entry.
    EntryLikeHeading,
    /// A `- key: value` field before the first entry heading: it belongs
    /// to no entry.
    FieldBeforeEntry,
}
