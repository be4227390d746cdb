//! Journal problems → diagnostics with codes and help.

use super::{Journal, ProblemKind};
use crate::error::{Label, Problem};

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

fn describe(kind: &ProblemKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        ProblemKind::BadDate => (
            "forge::journal::bad_date",
            "this date does not exist",
            "not a real calendar date",
            "write the date as YYYY-MM-DD, e.g. 2026-02-28",
        ),
        ProblemKind::BadHeading => (
            "forge::journal::bad_heading",
            "an entry heading must start with a date",
            "no date here",
            "write entry headings as `## YYYY-MM-DD — title` (time optional: `## 2026-02-03 14:05 — title`)",
        ),
        ProblemKind::OutOfOrder => (
            "forge::journal::out_of_order",
            "this entry is dated before an earlier entry",
            "goes back in time",
            "the journal is append-only: add new entries at the end, with today's date",
        ),
        ProblemKind::DuplicateEntry => (
            "forge::journal::duplicate_entry",
            "this entry repeats an earlier one",
            "same date, time and title",
            "remove the copy, or give the second change its own time or title",
        ),
        ProblemKind::UnknownOutcome => (
            "forge::journal::unknown_outcome",
            "unknown outcome",
            "not an outcome forge knows",
            "use one of: verified, failed, rolled-back, inconclusive",
        ),
        ProblemKind::NoVerify => (
            "forge::journal::no_verify",
            "this entry has no verify field",
            "nothing says how this change was verified",
            "add `- verify: <the signal you checked>` so the operation counts as verified",
        ),
        ProblemKind::UnclosedFence => (
            "forge::journal::unclosed_fence",
            "this code block is never closed, so the entry headings after it are code",
            "opened here, never closed",
            "close the block with a line of the same fence (``` or ~~~, at least as long) before the next entry",
        ),
    }
}
