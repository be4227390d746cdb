//! An operation's status and outcomes in the runbook's words: the index
//! cell, the section's first line and the outcome counts all read the one
//! [`Status`] computed in the aggregate stage.

use std::fmt::Write as _;

use super::markdown::inline;
use crate::aggregate::{State, Status, Summary};

/// The index cell: bold unless the last run verified the operation.
pub(super) fn status_cell(status: &Status) -> String {
    if status.state == State::Verified {
        status.text.clone()
    } else {
        format!("**{}**", status.text)
    }
}

/// `**Status: last run failed.** Last run 2026-05-13 (JOURNAL.md:444,
/// failed); 2 of 3 runs verified, the last on 2026-03-01.`
pub(super) fn status_line(summary: &Summary, journal: &str) -> String {
    let status = &summary.status;
    let mut line = format!("**Status: {}.**", status.text);
    if let Some(last) = &status.last_run {
        let _ = write!(
            line,
            " Last run {} ({}:{}, {});",
            last.date.as_deref().unwrap_or("undated"),
            inline(journal),
            last.line,
            last.outcome.unwrap_or("no outcome"),
        );
    }
    let _ = write!(
        line,
        " {} of {} {} verified",
        status.verified_runs,
        status.runs,
        if status.runs == 1 { "run" } else { "runs" }
    );
    match &status.last_verified {
        Some(date) if status.state != State::Verified => {
            let _ = write!(line, ", the last on {date}.");
        }
        _ => line.push('.'),
    }
    if let Some(reason) = summary.unverified_reason {
        let _ = write!(line, " Why not: {reason}.");
    }
    line
}

/// The outcome counts, telling a checked `verified` from an outcome
/// marked verified with no verify field: `2 verified, 1 marked verified
/// without a check, 1 rolled back`.
pub(super) fn outcomes(summary: &Summary) -> String {
    let counts = &summary.outcomes;
    let checked = summary.status.verified_runs.min(counts.verified);
    let unchecked = counts.verified - checked;
    let parts: Vec<String> = [
        (checked, "verified"),
        (unchecked, "marked verified without a check"),
        (counts.failed, "failed"),
        (counts.rolled_back, "rolled back"),
        (counts.inconclusive, "inconclusive"),
        (counts.unknown, "no outcome"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    parts.join(", ")
}
