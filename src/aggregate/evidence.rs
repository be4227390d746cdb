//! Evidence: the de-duplicated texts of a field across an operation's
//! occurrences, each citing the journal lines it came from.

use std::collections::HashMap;

use serde::Serialize;

use crate::journal::{Entry, Field, FieldKey, Outcome};
use crate::normalize::text_key;
use crate::rules::Rules;

/// Where a piece of evidence was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// The entry's date, `null` when it has no valid date.
    pub date: Option<String>,
    /// 1-based line of the field in JOURNAL.md.
    pub line: usize,
    /// 1-based line of the entry's heading.
    pub entry: usize,
    /// The entry's outcome.
    pub outcome: Option<&'static str>,
}

impl Cite {
    pub fn new(entry: &Entry, line: usize) -> Cite {
        Cite {
            date: entry.date.map(|d| d.to_string()),
            line,
            entry: entry.line,
            outcome: entry.outcome().map(Outcome::name),
        }
    }

    /// Whether the cited occurrence was rolled back.
    pub fn rolled_back(&self) -> bool {
        self.outcome == Some(Outcome::RolledBack.name())
    }
}

/// A de-duplicated text, how many times it was recorded, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub text: String,
    pub count: usize,
    /// Every field that recorded it, in journal order.
    pub seen: Vec<Cite>,
}

/// A rollback path, and whether history ever took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollbackPath {
    pub text: String,
    pub count: usize,
    /// Occurrences that recorded it and whose outcome is `rolled-back`:
    /// the path was used, not only written down.
    pub used: usize,
    pub seen: Vec<Cite>,
}

/// A fenced code block from a `change:` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    pub lang: String,
    pub text: String,
    /// The most recent entry that ran it.
    pub date: Option<String>,
    /// 1-based heading line of that entry.
    pub line: usize,
    /// Every `change:` field that carried this block, in journal order.
    pub seen: Vec<Cite>,
}

/// The distinct texts of a field across members, most frequent first;
/// equal counts keep the order of first appearance, and each takes its
/// most recent wording (as the `change:` texts do).
pub fn collect(rules: &Rules, members: &[&Entry], key: &FieldKey) -> Vec<Evidence> {
    let mut found = group(rules, members.iter().copied(), key, Wording::Latest);
    // Stable: equal counts keep the order of first appearance.
    found.sort_by_key(|e| std::cmp::Reverse(e.count));
    found
}

/// The distinct `change:` texts, the most recently done first, each in its
/// most recent wording: what an operator would run today.
pub fn changes(rules: &Rules, members: &[&Entry]) -> Vec<Evidence> {
    let mut found = group(
        rules,
        members.iter().rev().copied(),
        &FieldKey::Change,
        Wording::First,
    );
    for evidence in &mut found {
        evidence.seen.reverse();
    }
    found
}

/// Rollback paths, those that were used first, then most frequent.
/// "none" is not a path (see [`is_path`]).
pub fn rollbacks(rules: &Rules, members: &[&Entry]) -> Vec<RollbackPath> {
    let mut paths: Vec<RollbackPath> = collect(rules, members, &FieldKey::Rollback)
        .into_iter()
        .filter(|e| is_path(&e.text))
        .map(|e| RollbackPath {
            used: e.seen.iter().filter(|c| c.rolled_back()).count(),
            text: e.text,
            count: e.count,
            seen: e.seen,
        })
        .collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.used.min(1)));
    paths
}

/// Which of a group's wordings it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wording {
    /// The first one given.
    First,
    /// The last one given.
    Latest,
}

/// Whether a rollback text names a way back: "none", "n/a", "-" and
/// "none; restart is harmless" say there is none.
pub fn is_path(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    !(bare.is_empty() || matches!(first, "none" | "n/a" | "na") || lower.starts_with("no rollback"))
}

/// Groups the field's values by their normalized words, in the order given.
fn group<'a>(
    rules: &Rules,
    members: impl Iterator<Item = &'a Entry>,
    key: &FieldKey,
    wording: Wording,
) -> Vec<Evidence> {
    let mut found: Vec<Evidence> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (entry, field) in members.flat_map(|e| e.values(key).map(move |f| (e, f))) {
        if field.value.is_empty() {
            continue;
        }
        let cite = Cite::new(entry, field.line);
        let normalized = normalized(rules, field);
        if let Some(&i) = by_key.get(&normalized) {
            found[i].count += 1;
            found[i].seen.push(cite);
            if wording == Wording::Latest {
                found[i].text.clone_from(&field.value);
            }
        } else {
            by_key.insert(normalized, found.len());
            found.push(Evidence {
                text: field.value.clone(),
                count: 1,
                seen: vec![cite],
            });
        }
    }
    found
}

fn normalized(rules: &Rules, field: &Field) -> String {
    normalized_text(rules, &field.value)
}

/// What evidence texts are grouped by: their normalized words, else (no
/// word left) the text without case.
pub(super) fn normalized_text(rules: &Rules, text: &str) -> String {
    let key = text_key(rules, text);
    if key.is_empty() {
        text.to_lowercase()
    } else {
        key
    }
}

/// Commands from `change:` code blocks, most recent first, each block once.
pub fn commands(members: &[&Entry]) -> Vec<Command> {
    let mut commands: Vec<Command> = Vec::new();
    for entry in members.iter().rev() {
        for field in entry.values(&FieldKey::Change) {
            for block in &field.code {
                let cite = Cite::new(entry, field.line);
                if let Some(known) = commands.iter_mut().find(|c| c.text == block.text) {
                    known.seen.push(cite);
                    continue;
                }
                commands.push(Command {
                    lang: block.lang.clone(),
                    text: block.text.clone(),
                    date: entry.date.map(|d| d.to_string()),
                    line: entry.line,
                    seen: vec![cite],
                });
            }
        }
    }
    for command in &mut commands {
        command.seen.reverse();
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::is_path;

    #[test]
    fn none_is_not_a_rollback_path() {
        for text in [
            "none",
            "None.",
            "none; restart is idempotent",
            "n/a",
            "-",
            "No rollback needed",
        ] {
            assert!(!is_path(text), "{text}");
        }
        for text in ["restore the snapshot", "nonexistent? revert the commit"] {
            assert!(is_path(text), "{text}");
        }
    }
}
