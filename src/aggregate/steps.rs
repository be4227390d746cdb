//! Summaries → agent-executable procedures. Each operation gives one
//! procedure: the steps of its canonical occurrence (the most recent
//! verified one, else the most recent), with the values its placeholders
//! took across history as parameters, and every other variant listed as an
//! alternative, never as extra steps. Preconditions come from the facts
//! the canonical occurrence names, gates from its verify signals, rollbacks
//! from its rollback paths and those history took.

use serde::Serialize;

use super::evidence::Cite;
use super::facts;
use super::parameters::Parameter;
use super::status::{latest, Status};
use super::variants::{self, Alternative, Occurrence};
use super::Summary;
use crate::inventory::Fact;
use crate::journal::Entry;
use crate::rules::Rules;

/// Shown on procedures that history never verified.
pub(crate) const UNVERIFIED: &str = "unverified — add a check";

/// One operation as ordered steps.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Procedure {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) count: usize,
    pub(crate) last: Option<String>,
    pub(crate) verified: bool,
    /// [`UNVERIFIED`] with the reason, when `verified` is false.
    pub(crate) warning: Option<String>,
    /// The operation's status, as the runbook shows it.
    pub(crate) status: Status,
    /// The occurrence the steps are taken from.
    pub(crate) canonical: Option<Occurrence>,
    pub(crate) steps: Vec<Step>,
    /// The other ways history did it, most recent first.
    pub(crate) alternatives: Vec<Alternative>,
    /// Who has done it (`by:` fields), the most recent first: whom to ask.
    pub(crate) people: Vec<Contact>,
}

/// Someone who did the operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Contact {
    pub(crate) name: String,
    /// Occurrences they did.
    pub(crate) count: usize,
    /// The date of the latest of them.
    pub(crate) last: Option<String>,
}

/// A step: its 1-based position, what to do, and where history shows it.
// `step` is the key the JSON output carries.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Step {
    pub(crate) step: usize,
    #[serde(flatten)]
    pub(crate) action: Action,
    pub(crate) evidence: Vec<Cite>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Action {
    /// Confirm a current fact before changing anything.
    Precondition {
        text: String,
        fact: String,
        value: String,
    },
    /// Make the change, as the canonical occurrence made it.
    Change {
        text: String,
        /// Occurrences that made this change, in any wording.
        count: usize,
        commands: Vec<Code>,
        /// The text with each parameter's value replaced by its
        /// placeholder.
        template: String,
        parameters: Vec<Parameter>,
    },
    /// Go on only when this signal holds.
    Gate {
        text: String,
        signal: String,
        /// Occurrences that recorded the signal.
        seen: usize,
        /// All occurrences of the operation.
        occurrences: usize,
        /// Whether the most recent occurrence recorded it.
        last_run: bool,
    },
    /// How to undo it, and which occurrences had to.
    Rollback {
        text: String,
        recorded: usize,
        used: usize,
        used_by: Vec<Cite>,
    },
}

/// A command to run, as recorded in a fenced block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Code {
    pub(crate) lang: String,
    pub(crate) code: String,
}

/// With at least this many operations, a fact that more than half of them
/// name is left out of every procedure's preconditions.
const COMMON_FACT_FROM: usize = 4;

/// The procedure of every summary, in the same order.
pub(crate) fn procedures(
    rules: &Rules,
    summaries: &[Summary],
    entries: &[Entry],
    facts: &[Fact],
) -> Vec<Procedure> {
    let members: Vec<Vec<&Entry>> = summaries.iter().map(|s| members(s, entries)).collect();
    let canonical: Vec<Option<usize>> = members.iter().map(|m| canonical(m)).collect();
    let touched: Vec<Vec<facts::TouchedFact>> = members
        .iter()
        .zip(&canonical)
        .map(|(m, c)| match c.and_then(|c| m.get(c)) {
            Some(entry) => facts::touched(facts, &[*entry]),
            None => Vec::new(),
        })
        .collect();
    let common = common_facts(&touched);
    summaries
        .iter()
        .zip(members)
        .zip(canonical)
        .zip(touched)
        .map(|(((summary, members), canonical), mut touched)| {
            touched.retain(|fact| !common.contains(&fact.key));
            let history = variants::History::new(rules, &members, canonical);
            procedure(summary, &history, touched)
        })
        .collect()
}

/// The entries of a summary. Entries are in journal (line) order.
fn members<'e>(summary: &Summary, entries: &'e [Entry]) -> Vec<&'e Entry> {
    summary
        .entries
        .iter()
        .filter_map(|r| {
            let at = entries.binary_search_by_key(&r.line, |e| e.line).ok()?;
            entries.get(at)
        })
        .collect()
}

/// The occurrence a procedure follows: the most recent verified one, else
/// the most recent.
fn canonical(members: &[&Entry]) -> Option<usize> {
    let verified: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].is_verified())
        .collect();
    match latest(&verified, |&i| members[i].date) {
        Some(at) => verified.get(at).copied(),
        None => latest(members, |e| e.date),
    }
}

/// Facts that most operations name: the namespace or the service's own
/// name shows up in nearly every title ("deploy checkout v1.44.0"), and
/// describes the resource, not something one operation depends on.
fn common_facts(touched: &[Vec<facts::TouchedFact>]) -> Vec<String> {
    if touched.len() < COMMON_FACT_FROM {
        return Vec::new();
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for fact in touched.iter().flatten() {
        *counts.entry(fact.key.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| 2 * n > touched.len())
        .map(|(key, _)| key.to_string())
        .collect()
}

fn procedure(
    summary: &Summary,
    history: &variants::History<'_, '_>,
    touched: Vec<facts::TouchedFact>,
) -> Procedure {
    let mut actions = preconditions(touched);
    actions.extend(history.changes());
    actions.extend(history.gates());
    actions.extend(history.rollbacks());
    Procedure {
        id: summary.id.clone(),
        name: summary.name.clone(),
        count: summary.count,
        last: summary.last.clone(),
        verified: summary.verified,
        warning: summary
            .unverified_reason
            .map(|reason| format!("{UNVERIFIED}: {reason}")),
        status: summary.status.clone(),
        canonical: history.canonical(),
        steps: actions
            .into_iter()
            .enumerate()
            .map(|(i, (action, evidence))| Step {
                step: i + 1,
                action,
                evidence,
            })
            .collect(),
        alternatives: history.alternatives(),
        people: summary
            .people
            .iter()
            .map(|p| Contact {
                name: p.name.clone(),
                count: p.count,
                last: p.last.map(|d| d.to_string()),
            })
            .collect(),
    }
}

fn preconditions(touched: Vec<facts::TouchedFact>) -> Vec<(Action, Vec<Cite>)> {
    touched
        .into_iter()
        .map(|fact| {
            let action = Action::Precondition {
                text: format!("confirm {} is {} (INVENTORY.yaml)", fact.key, fact.value),
                fact: fact.key,
                value: fact.value,
            };
            (action, fact.seen)
        })
        .collect()
}
