//! The warnings of `generate --ledger`, named: a count per code, or with
//! `-v` one line per warning (`file:line:col: warning[code]: message`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::global::Verbosity;
use crate::error::Problem;
use crate::resource;
use crate::source::Sources;

/// One warning of one resource, located.
#[derive(Debug, Clone)]
pub(crate) struct Warning {
    pub(crate) code: &'static str,
    pub(crate) line: String,
}

/// The warnings among `problems`, each as one line.
pub(crate) fn located(problems: &[Problem], sources: &Sources) -> Vec<Warning> {
    problems
        .iter()
        .filter(|p| !p.is_error())
        .map(|problem| {
            let at = problem
                .labels
                .first()
                .map(|label| format!("{}: ", sources.location(label.span)))
                .unwrap_or_default();
            Warning {
                code: problem.code.as_str(),
                line: format!("{at}warning[{}]: {}", problem.code, problem.message),
            }
        })
        .collect()
}

/// Writes the ledger's warnings on `err`: nothing under `-q`, each one
/// under `-v`, and a count per code in any case but `-q`.
pub(crate) fn report<'a>(
    warnings: impl Iterator<Item = &'a Warning> + Clone,
    ledger: &Path,
    verbosity: Verbosity,
    err: &mut dyn Write,
) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    if verbosity == Verbosity::Verbose {
        for warning in warnings.clone() {
            let _ = writeln!(err, "{}", warning.line);
        }
    }
    let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
    for warning in warnings {
        *per_code.entry(warning.code).or_default() += 1;
    }
    if per_code.is_empty() {
        return;
    }
    let total: usize = per_code.values().sum();
    let counts: Vec<String> = per_code
        .iter()
        .map(|(code, n)| format!("{n} {code}"))
        .collect();
    let _ = writeln!(
        err,
        "forge: {total} warning{}: {}; `forge check --ledger {}` shows each{}",
        if total == 1 { "" } else { "s" },
        counts.join(", "),
        resource::display(ledger),
        if verbosity == Verbosity::Verbose {
            ""
        } else {
            " (-v lists them here)"
        },
    );
}
