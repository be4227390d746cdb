//! Small journals parsed for the tests of every part, and ways to look
//! into the result.

use super::parse;
use crate::journal::{Entry, Field, Journal, JournalProblem, ProblemKind};
use crate::source::{FileId, Span};

pub(super) const FILE: FileId = FileId(7);

pub(super) fn journal(text: &str) -> Journal {
    parse(FILE, text)
}

/// The only entry of a one-entry journal.
pub(super) fn only(text: &str) -> Entry {
    let mut parsed = journal(text);
    assert_eq!(parsed.entries.len(), 1, "{text:?}");
    parsed.entries.remove(0)
}

pub(super) fn at(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

pub(super) fn kinds(parsed: &Journal) -> Vec<ProblemKind> {
    parsed.problems.iter().map(|p| p.kind.clone()).collect()
}

/// Problems other than `NoVerify`, which most small samples trigger.
pub(super) fn problems_besides_no_verify(parsed: &Journal) -> Vec<&JournalProblem> {
    parsed
        .problems
        .iter()
        .filter(|p| p.kind != ProblemKind::NoVerify)
        .collect()
}

pub(super) fn field<'a>(text: &str, entry: &'a Entry, raw_key: &str) -> &'a Field {
    entry
        .fields
        .iter()
        .find(|f| f.raw_key(text) == raw_key)
        .unwrap_or_else(|| panic!("no field {raw_key} in {entry:?}"))
}
