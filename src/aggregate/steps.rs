//! Summaries → agent-executable procedures: preconditions from the facts an
//! operation touches, its change commands, one gate per verify signal and
//! the rollback paths, every step citing the journal lines behind it.

use serde::Serialize;

use super::evidence::{Cite, Command, Evidence};
use super::facts;
use super::Summary;
use crate::inventory::Fact;
use crate::journal::Entry;

/// Shown on procedures that history never verified.
pub const UNVERIFIED: &str = "unverified — add a check";

/// One operation as ordered steps.
#[derive(Debug, Clone, Serialize)]
pub struct Procedure {
    pub id: String,
    pub name: String,
    pub count: usize,
    pub last: Option<String>,
    pub verified: bool,
    /// [`UNVERIFIED`] with the reason, when `verified` is false.
    pub warning: Option<String>,
    pub steps: Vec<Step>,
}

/// A step: its 1-based position, what to do, and where history shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub step: usize,
    #[serde(flatten)]
    pub action: Action,
    pub evidence: Vec<Cite>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Confirm a current fact before changing anything.
    Precondition {
        text: String,
        fact: String,
        value: String,
    },
    /// Make the change, as it was last made.
    Change {
        text: String,
        count: usize,
        commands: Vec<Code>,
    },
    /// Go on only when this signal holds.
    Gate {
        text: String,
        signal: String,
        /// Occurrences that recorded the signal.
        seen: usize,
        /// All occurrences of the operation.
        occurrences: usize,
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
pub struct Code {
    pub lang: String,
    pub code: String,
}

/// With at least this many operations, a fact that more than half of them
/// name is left out of every procedure's preconditions.
const COMMON_FACT_FROM: usize = 4;

/// The procedure of every summary, in the same order.
pub fn procedures(summaries: &[Summary], entries: &[Entry], facts: &[Fact]) -> Vec<Procedure> {
    let touched: Vec<Vec<facts::TouchedFact>> = summaries
        .iter()
        .map(|s| facts::touched(facts, &members(s, entries)))
        .collect();
    let common = common_facts(&touched);
    summaries
        .iter()
        .zip(touched)
        .map(|(s, mut touched)| {
            touched.retain(|fact| !common.contains(&fact.key));
            procedure(s, touched)
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

fn procedure(summary: &Summary, touched: Vec<facts::TouchedFact>) -> Procedure {
    let mut actions = preconditions(touched);
    actions.extend(changes(&summary.change, &summary.commands));
    actions.extend(gates(summary));
    actions.extend(rollbacks(summary));
    Procedure {
        id: summary.id.clone(),
        name: summary.name.clone(),
        count: summary.count,
        last: summary.last.clone(),
        verified: summary.verified,
        warning: summary
            .unverified_reason
            .map(|reason| format!("{UNVERIFIED}: {reason}")),
        steps: actions
            .into_iter()
            .enumerate()
            .map(|(i, (action, evidence))| Step {
                step: i + 1,
                action,
                evidence,
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

fn gates(summary: &Summary) -> Vec<(Action, Vec<Cite>)> {
    summary
        .verify
        .iter()
        .map(|signal| {
            let action = Action::Gate {
                text: format!("proceed only when: {}", signal.text),
                signal: signal.text.clone(),
                seen: signal.count,
                occurrences: summary.count,
            };
            (action, signal.seen.clone())
        })
        .collect()
}

fn rollbacks(summary: &Summary) -> Vec<(Action, Vec<Cite>)> {
    summary
        .rollback
        .iter()
        .map(|path| {
            let used_by = path
                .seen
                .iter()
                .filter(|c| c.rolled_back())
                .cloned()
                .collect();
            let action = Action::Rollback {
                text: path.text.clone(),
                recorded: path.count,
                used: path.used,
                used_by,
            };
            (action, path.seen.clone())
        })
        .collect()
}

/// One change step per distinct `change:` text, most recent first, with
/// the commands recorded under those fields; a command under a field with
/// no text becomes a step of its own.
fn changes(change: &[Evidence], commands: &[Command]) -> Vec<(Action, Vec<Cite>)> {
    let mut attached = vec![false; commands.len()];
    let mut steps = Vec::new();
    for item in change {
        let mut code = Vec::new();
        for (i, command) in commands.iter().enumerate() {
            if command.seen.iter().any(|c| item.seen.contains(c)) {
                attached[i] = true;
                code.push(Code {
                    lang: command.lang.clone(),
                    code: command.text.clone(),
                });
            }
        }
        let action = Action::Change {
            text: item.text.clone(),
            count: item.count,
            commands: code,
        };
        steps.push((action, item.seen.clone()));
    }
    for (command, _) in commands.iter().zip(attached).filter(|(_, a)| !a) {
        let action = Action::Change {
            text: "run the recorded command".to_string(),
            count: command.seen.len(),
            commands: vec![Code {
                lang: command.lang.clone(),
                code: command.text.clone(),
            }],
        };
        steps.push((action, command.seen.clone()));
    }
    steps
}
