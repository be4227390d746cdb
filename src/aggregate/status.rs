//! One status per operation, computed once from its occurrences and shown
//! everywhere (the runbook's index and section, `forge operations --format
//! json`, `forge steps`): what the last run says, with the counts behind it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::journal::Outcome;

/// One occurrence, as the status reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run {
    pub(crate) date: Option<NaiveDate>,
    /// 1-based line of the entry's heading.
    pub(crate) line: usize,
    pub(crate) outcome: Option<Outcome>,
    /// A verify field and outcome `verified`.
    pub(crate) verified: bool,
}

/// What history says about an operation today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum State {
    /// The last run recorded a check and outcome `verified`.
    Verified,
    /// The last run failed (an earlier one was verified).
    LastFailed,
    /// The last run was rolled back (an earlier one was verified).
    LastRolledBack,
    /// The last run was inconclusive or unchecked (an earlier one was
    /// verified).
    LastUnverified,
    /// No run ever recorded a check with outcome `verified`.
    NeverVerified,
}

impl State {
    /// The state as one word, as it is serialized: `last-failed`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            State::Verified => "verified",
            State::LastFailed => "last-failed",
            State::LastRolledBack => "last-rolled-back",
            State::LastUnverified => "last-unverified",
            State::NeverVerified => "never-verified",
        }
    }
}

/// The status and the counts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Status {
    pub(crate) state: State,
    /// The status in words, as every output shows it.
    pub(crate) text: String,
    /// All occurrences.
    pub(crate) runs: usize,
    /// Occurrences with a verify field and outcome `verified`.
    pub(crate) verified_runs: usize,
    /// The most recent occurrence (latest date, then latest in the journal).
    pub(crate) last_run: Option<LastRun>,
    /// The date of the most recent verified occurrence.
    pub(crate) last_verified: Option<String>,
}

/// The occurrence the status is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct LastRun {
    pub(crate) date: Option<String>,
    /// 1-based line of the entry's heading in JOURNAL.md.
    pub(crate) line: usize,
    pub(crate) outcome: Option<&'static str>,
}

/// The text of [`State::NeverVerified`]: the runbook's call to action.
pub(crate) const NEVER_VERIFIED: &str = "never verified — add a check";

/// The index of the most recent run: the latest date (undated runs count
/// as oldest), then the latest in journal order.
pub(crate) fn latest<T>(runs: &[T], date: impl Fn(&T) -> Option<NaiveDate>) -> Option<usize> {
    (0..runs.len()).max_by_key(|&i| (date(&runs[i]), i))
}

/// The status of an operation whose occurrences are `runs`, in journal
/// order.
pub(crate) fn status(runs: &[Run]) -> Status {
    let verified_runs = runs.iter().filter(|r| r.verified).count();
    let last = latest(runs, |r| r.date).map(|i| runs[i]);
    let last_verified = runs
        .iter()
        .filter(|r| r.verified)
        .filter_map(|r| r.date)
        .max();
    let state = match last {
        Some(run) if run.verified => State::Verified,
        _ if verified_runs == 0 => State::NeverVerified,
        Some(Run {
            outcome: Some(Outcome::Failed),
            ..
        }) => State::LastFailed,
        Some(Run {
            outcome: Some(Outcome::RolledBack),
            ..
        }) => State::LastRolledBack,
        _ => State::LastUnverified,
    };
    Status {
        state,
        text: text(state, last.and_then(|r| r.outcome)),
        runs: runs.len(),
        verified_runs,
        last_run: last.map(|r| LastRun {
            date: r.date.map(|d| d.to_string()),
            line: r.line,
            outcome: r.outcome.map(Outcome::name),
        }),
        last_verified: last_verified.map(|d| d.to_string()),
    }
}

fn text(state: State, last: Option<Outcome>) -> String {
    match state {
        State::Verified => "verified".to_string(),
        State::LastFailed => "last run failed".to_string(),
        State::LastRolledBack => "last run rolled back".to_string(),
        State::LastUnverified => match last {
            Some(Outcome::Inconclusive) => "last run inconclusive".to_string(),
            _ => "last run not verified".to_string(),
        },
        State::NeverVerified => match last {
            Some(Outcome::Failed) => format!("{NEVER_VERIFIED} (last run failed)"),
            Some(Outcome::RolledBack) => format!("{NEVER_VERIFIED} (last run rolled back)"),
            _ => NEVER_VERIFIED.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(date: &str, outcome: Option<Outcome>, verified: bool) -> Run {
        Run {
            date: date.parse().ok(),
            line: 1,
            outcome,
            verified,
        }
    }

    #[test]
    fn the_last_run_decides_even_after_earlier_verified_runs() {
        let runs = [
            run("2026-01-01", Some(Outcome::Verified), true),
            run("2026-02-01", Some(Outcome::Failed), false),
        ];
        let status = status(&runs);
        assert_eq!(status.state, State::LastFailed);
        assert_eq!(status.text, "last run failed");
        assert_eq!((status.runs, status.verified_runs), (2, 1));
        assert_eq!(status.last_verified.as_deref(), Some("2026-01-01"));
    }

    #[test]
    fn the_last_run_is_the_latest_date_not_the_last_line() {
        let runs = [
            run("2026-03-01", Some(Outcome::Verified), true),
            run("2026-02-01", Some(Outcome::RolledBack), false),
        ];
        assert_eq!(status(&runs).state, State::Verified);
    }

    #[test]
    fn an_outcome_verified_without_a_check_is_never_verified() {
        let runs = [run("2026-01-01", Some(Outcome::Verified), false)];
        let status = status(&runs);
        assert_eq!(status.state, State::NeverVerified);
        assert_eq!(status.text, NEVER_VERIFIED);
    }

    #[test]
    fn a_state_is_named_as_it_is_serialized() {
        for state in [
            State::Verified,
            State::LastFailed,
            State::LastRolledBack,
            State::LastUnverified,
            State::NeverVerified,
        ] {
            let json = serde_json::to_string(&state).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", state.name()));
        }
    }

    #[test]
    fn never_verified_says_how_the_last_run_went() {
        let runs = [run("2026-01-01", Some(Outcome::Failed), false)];
        assert_eq!(
            status(&runs).text,
            "never verified — add a check (last run failed)"
        );
    }
}
