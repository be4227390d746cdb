//! Operations → summaries: name, id, counts, dates, why, verify signals,
//! rollback paths and commands, de-duplicated through the rules'
//! normalization so "-Xmx16g confirmed" and "-Xmx24g confirmed" count once.

use std::collections::HashMap;

use serde::Serialize;

use crate::cluster::{Clustering, Operation};
use crate::journal::{Entry, FieldKey, Outcome};
use crate::normalize::text_key;
use crate::rules::Rules;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Stable, URL-safe id derived from the name (`change-index-heap`).
    pub id: String,
    pub name: String,
    /// The founding entry's signature.
    pub signature: String,
    pub count: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Whether any occurrence verified it (a verify field and outcome
    /// `verified`).
    pub verified: bool,
    pub entries: Vec<EntryRef>,
    pub why: Vec<String>,
    pub verify: Vec<Evidence>,
    pub rollback: Vec<Evidence>,
    pub commands: Vec<Command>,
    pub outcomes: OutcomeCounts,
    /// Index of the operation in the clustering (journal order of first
    /// appearance).
    #[serde(skip)]
    pub operation: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryRef {
    /// 1-based line of the entry's heading in JOURNAL.md.
    pub line: usize,
    pub date: Option<String>,
    pub title: String,
    pub outcome: Option<&'static str>,
}

/// A de-duplicated text and how many occurrences recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub count: usize,
}

/// A fenced code block from a `change:` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    pub lang: String,
    pub text: String,
    pub date: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts {
    pub verified: usize,
    pub failed: usize,
    pub rolled_back: usize,
    pub inconclusive: usize,
    /// Entries with no (recognized) outcome.
    pub unknown: usize,
}

/// Summaries of every operation, most frequent first, then most recent,
/// then first seen.
pub fn summarize(rules: &Rules, entries: &[Entry], clustering: &Clustering) -> Vec<Summary> {
    let names: Vec<String> = clustering
        .operations
        .iter()
        .map(|op| operation_name(rules, op))
        .collect();
    let ids = unique_ids(&names);
    let mut summaries: Vec<Summary> = clustering
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| summary(rules, entries, op, i, names[i].clone(), ids[i].clone()))
        .collect();
    summaries.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| b.last.cmp(&a.last))
            .then(a.operation.cmp(&b.operation))
    });
    summaries
}

fn summary(
    rules: &Rules,
    entries: &[Entry],
    op: &Operation,
    index: usize,
    name: String,
    id: String,
) -> Summary {
    let members: Vec<&Entry> = op.members.iter().filter_map(|&i| entries.get(i)).collect();
    let dates: Vec<String> = members
        .iter()
        .filter_map(|e| e.date)
        .map(|d| d.to_string())
        .collect();
    Summary {
        id,
        name,
        signature: op.founder.clone(),
        count: members.len(),
        first: dates.iter().min().cloned(),
        last: dates.iter().max().cloned(),
        verified: members.iter().any(|e| e.is_verified()),
        entries: members.iter().map(|e| entry_ref(e)).collect(),
        why: collect(rules, &members, &FieldKey::Why)
            .into_iter()
            .map(|e| e.text)
            .collect(),
        verify: collect(rules, &members, &FieldKey::Verify),
        rollback: collect(rules, &members, &FieldKey::Rollback),
        commands: commands(&members),
        outcomes: outcome_counts(&members),
        operation: index,
    }
}

fn entry_ref(entry: &Entry) -> EntryRef {
    EntryRef {
        line: entry.line,
        date: entry.date.map(|d| d.to_string()),
        title: entry.title.clone(),
        outcome: entry.outcome().map(Outcome::name),
    }
}

/// The distinct texts of a field across members, in order of first
/// appearance, keeping the first wording; most frequent first.
fn collect(rules: &Rules, members: &[&Entry], key: &FieldKey) -> Vec<Evidence> {
    let mut found: Vec<Evidence> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for field in members.iter().flat_map(|e| e.values(key)) {
        if field.value.is_empty() {
            continue;
        }
        let mut normalized = text_key(rules, &field.value);
        if normalized.is_empty() {
            normalized = field.value.to_lowercase();
        }
        if let Some(&i) = by_key.get(&normalized) {
            found[i].count += 1;
        } else {
            by_key.insert(normalized, found.len());
            found.push(Evidence {
                text: field.value.clone(),
                count: 1,
            });
        }
    }
    // Stable: equal counts keep the order of first appearance.
    found.sort_by_key(|e| std::cmp::Reverse(e.count));
    found
}

/// Commands from `change:` code blocks, most recent first.
fn commands(members: &[&Entry]) -> Vec<Command> {
    let mut commands: Vec<Command> = Vec::new();
    for entry in members.iter().rev() {
        for block in entry.values(&FieldKey::Change).flat_map(|f| &f.code) {
            if commands.iter().any(|c| c.text == block.text) {
                continue;
            }
            commands.push(Command {
                lang: block.lang.clone(),
                text: block.text.clone(),
                date: entry.date.map(|d| d.to_string()),
                line: entry.line,
            });
        }
    }
    commands
}

fn outcome_counts(members: &[&Entry]) -> OutcomeCounts {
    let mut counts = OutcomeCounts::default();
    for entry in members {
        match entry.outcome() {
            Some(Outcome::Verified) => counts.verified += 1,
            Some(Outcome::Failed) => counts.failed += 1,
            Some(Outcome::RolledBack) => counts.rolled_back += 1,
            Some(Outcome::Inconclusive) => counts.inconclusive += 1,
            None => counts.unknown += 1,
        }
    }
    counts
}

/// An operation's display name: its `always merge` rule's name, else the
/// first `name` rule matching its founding signature, else the signature's
/// words without placeholders, capitalized.
pub fn operation_name(rules: &Rules, op: &Operation) -> String {
    if let Some(rule) = op.forced_by.and_then(|i| rules.always_merge.get(i)) {
        return rule.name.clone();
    }
    if let Some(rule) = rules.names.iter().find(|r| r.pattern.is_match(&op.founder)) {
        return rule.name.clone();
    }
    derived_name(&op.founder)
}

fn derived_name(signature: &str) -> String {
    let first_part = signature.split(" | ").next().unwrap_or("");
    let words: Vec<&str> = first_part
        .split(' ')
        .filter(|w| !(w.is_empty() || w.starts_with('<') && w.ends_with('>')))
        .collect();
    let text = if words.is_empty() {
        "Unnamed operation".to_string()
    } else {
        words.join(" ")
    };
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// URL-safe ids from names; repeats get `-2`, `-3`, … in operation order.
fn unique_ids(names: &[String]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    names
        .iter()
        .map(|name| {
            let base = slug(name);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}-{n}")
            }
        })
        .collect()
}

/// Lower-case words joined by `-`.
pub fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "operation".to_string()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names_drop_placeholders_and_capitalize() {
        assert_eq!(
            derived_name("change heap <size> | recreate container"),
            "Change heap"
        );
        assert_eq!(derived_name("<host>"), "Unnamed operation");
    }

    #[test]
    fn repeated_names_get_numbered_ids() {
        let names = vec![
            "Restart".to_string(),
            "Restart".to_string(),
            "Take snapshot".to_string(),
        ];
        assert_eq!(
            unique_ids(&names),
            ["restart", "restart-2", "take-snapshot"]
        );
    }
}
