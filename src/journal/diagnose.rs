//! Journal problems → diagnostics with codes and help.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{Journal, ProblemKind};
use crate::codes::JournalCode;
use crate::error::{Label, Level, Problem};

static ALLOW_HIDDEN_ENTRIES: AtomicBool = AtomicBool::new(false);

/// `--allow-hidden-entries`: an unclosed code block that hides entry
/// headings is a warning, not an error, for the rest of the run.
pub(crate) fn set_allow_hidden_entries(allow: bool) {
    ALLOW_HIDDEN_ENTRIES.store(allow, Ordering::Relaxed);
}

/// How serious a problem is: entries hidden by an unclosed code block are
/// history that forge (and every Markdown reader) would silently drop, an
/// error unless allowed; the rest are warnings.
fn level(kind: &ProblemKind) -> Level {
    match kind {
        ProblemKind::UnclosedFence if !ALLOW_HIDDEN_ENTRIES.load(Ordering::Relaxed) => Level::Error,
        _ => Level::Warning,
    }
}

/// Every problem of a parsed journal as a diagnostic, in file order.
pub fn diagnose(journal: &Journal) -> Vec<Problem> {
    journal
        .problems
        .iter()
        .map(|p| {
            let (code, message, label, help) = describe(&p.kind);
            let mut problem = Problem::warning(code, message)
                .label(p.span, label)
                .help(help);
            problem.level = level(&p.kind);
            if let Some(related) = p.related {
                let text = match p.kind {
                    ProblemKind::OutOfOrder => "the latest earlier date",
                    ProblemKind::UnclosedFence => "read as code, not as an entry",
                    _ => "first written here",
                };
                problem.labels.push(Label {
                    span: related,
                    text: text.to_string(),
                });
            }
            problem
        })
        .collect()
}

fn describe(kind: &ProblemKind) -> (JournalCode, &'static str, &'static str, &'static str) {
    match kind {
        ProblemKind::BadDate => (
            JournalCode::BadDate,
            "this date does not exist",
            "not a real calendar date",
            "write the date as YYYY-MM-DD, e.g. 2026-02-28",
        ),
        ProblemKind::BadHeading => (
            JournalCode::BadHeading,
            "an entry heading must start with a date",
            "no date here",
            "write entry headings as `## YYYY-MM-DD — title` (time optional: `## 2026-02-03 14:05 — title`)",
        ),
        ProblemKind::OutOfOrder => (
            JournalCode::OutOfOrder,
            "this entry is dated before an earlier entry",
            "goes back in time",
            "the journal is append-only: add new entries at the end, with today's date",
        ),
        ProblemKind::DuplicateEntry => (
            JournalCode::DuplicateEntry,
            "this entry repeats an earlier one",
            "same date, time and title",
            "remove the copy, or give the second change its own time or title",
        ),
        ProblemKind::UnknownOutcome => (
            JournalCode::UnknownOutcome,
            "unknown outcome",
            "not an outcome forge knows",
            "use one of: verified, failed, rolled-back, inconclusive",
        ),
        ProblemKind::NoVerify => (
            JournalCode::NoVerify,
            "this entry has no verify field",
            "nothing says how this change was verified",
            "add `- verify: <the signal you checked>` so the operation counts as verified",
        ),
        ProblemKind::UnclosedFence => (
            JournalCode::UnclosedFence,
            "this code block is never closed, so the entry headings after it are code",
            "opened here, never closed",
            "close the block with a line of the same fence (``` or ~~~, at least as long) before the next entry; --allow-hidden-entries makes this a warning",
        ),
        ProblemKind::FieldBeforeEntry => (
            JournalCode::FieldBeforeEntry,
            "this field comes before the first entry, so it belongs to none",
            "not under an entry heading",
            "put it under an entry (`## YYYY-MM-DD — title`), or write it as prose if it describes the journal",
        ),
        ProblemKind::EntryLikeHeading => (
            JournalCode::EntryLikeHeading,
            "this heading looks like an entry, but only level-2 headings (`## `) start one",
            "not an entry: part of the entry above, or of the preamble",
            "entries are level-2 headings: write `## YYYY-MM-DD — title`; to keep it a sub-heading, start it with words, not a date",
        ),
    }
}
