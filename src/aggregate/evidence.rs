//! Evidence: the de-duplicated texts of a field across an operation's
//! occurrences, each citing the journal lines it came from.
//!
//! Texts are grouped by the ids of their keys ([`Digest::keys`]), computed
//! once per distinct text, so "-Xmx16g confirmed" and "-Xmx24g confirmed"
//! count once.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::digest::{Cited, Digest, Kind};
use super::fold::{CommandAt, Group, Rollback};
use super::Day;
use crate::journal::{Entry, Outcome};
use crate::normalize::text_key;
use crate::rules::Rules;

/// Where a piece of evidence was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Cite {
    /// The entry's date, `null` when it has no valid date.
    pub(crate) date: Option<Day>,
    /// 1-based line of the field in JOURNAL.md.
    pub(crate) line: usize,
    /// 1-based line of the entry's heading.
    pub(crate) entry: usize,
    /// The entry's outcome.
    pub(crate) outcome: Option<&'static str>,
}

impl Cite {
    pub(crate) fn new(entry: &Entry, line: usize) -> Cite {
        Cite {
            date: entry.date.map(Day),
            line,
            entry: entry.line,
            outcome: entry.outcome().map(Outcome::name),
        }
    }
}

/// A de-duplicated text, how many times it was recorded, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Evidence {
    pub(crate) text: String,
    pub(crate) count: usize,
    /// Every field that recorded it, in journal order.
    pub(crate) seen: Vec<Cite>,
}

/// A rollback path, and whether history ever took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RollbackPath {
    pub(crate) text: String,
    pub(crate) count: usize,
    /// Occurrences that recorded it and whose outcome is `rolled-back`:
    /// the path was used, not only written down.
    pub(crate) used: usize,
    pub(crate) seen: Vec<Cite>,
}

/// A fenced code block from a `change:` field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Command {
    pub(crate) lang: String,
    pub(crate) text: String,
    /// The most recent entry that ran it.
    pub(crate) date: Option<String>,
    /// 1-based heading line of that entry.
    pub(crate) line: usize,
    /// Every `change:` field that carried this block, in journal order.
    pub(crate) seen: Vec<Cite>,
}

/// Which of a group's wordings it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wording {
    /// The first one given.
    First,
    /// The last one given.
    Latest,
}

/// Whether a rollback text names a way back: "none", "n/a", "-" and
/// "none; restart is harmless" say there is none.
pub(super) fn is_path(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    !(bare.is_empty() || matches!(first, "none" | "n/a" | "na") || lower.starts_with("no rollback"))
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

/// The distinct why, verify and rollback texts of `members` (entry
/// indices in journal order), each most frequent first; equal counts keep
/// the order of first appearance, and each group shows its most recent
/// wording. One pass over the members' fields.
pub(super) fn collect(digest: &Digest, members: &[usize]) -> [Vec<Group>; 3] {
    let mut groupers: [Grouper; 3] = std::array::from_fn(|_| Grouper::new(Wording::Latest));
    for &i in members {
        for field in digest.fields_of(i) {
            let at = match field.kind {
                Kind::Why => 0,
                Kind::Verify => 1,
                Kind::Rollback => 2,
                Kind::Change => continue,
            };
            groupers[at].add(&digest.keys, field, i);
        }
    }
    groupers.map(|grouper| {
        let mut found = grouper.found;
        // Stable: equal counts keep the order of first appearance.
        found.sort_by_key(|g| std::cmp::Reverse(g.seen.len()));
        found
    })
}

/// The distinct `change:` texts, the most recently done first, each in its
/// most recent wording: what an operator would run today.
pub(super) fn changes(digest: &Digest, members: &[usize]) -> Vec<Group> {
    let mut grouper = Grouper::new(Wording::First);
    for &i in members.iter().rev() {
        for field in digest
            .fields_of(i)
            .iter()
            .filter(|f| f.kind == Kind::Change)
        {
            grouper.add(&digest.keys, field, i);
        }
    }
    let mut found = grouper.found;
    for g in &mut found {
        g.seen.reverse();
    }
    found
}

/// Rollback paths, those that were used first, then most frequent, from
/// the rollback texts by count. "none" is not a path (see [`is_path`]).
pub(super) fn rollbacks(digest: &Digest, groups: Vec<Group>) -> Vec<Rollback> {
    let mut paths: Vec<Rollback> = groups
        .into_iter()
        .filter(|group| is_path(digest.texts.get(group.text)))
        .map(|group| Rollback {
            used: group
                .seen
                .iter()
                .filter(|&&(i, _)| {
                    digest.records.get(i).and_then(|r| r.outcome) == Some(Outcome::RolledBack)
                })
                .count(),
            group,
        })
        .collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.used.min(1)));
    paths
}

/// Groups fields by their texts' keys, in the order added.
struct Grouper {
    found: Vec<Group>,
    by_key: FxHashMap<u32, usize>,
    wording: Wording,
}

impl Grouper {
    fn new(wording: Wording) -> Grouper {
        Grouper {
            found: Vec::new(),
            by_key: FxHashMap::default(),
            wording,
        }
    }

    fn add(&mut self, keys: &[u32], field: &Cited, entry: usize) {
        let key = keys.get(field.text as usize).copied().unwrap_or(field.text);
        let found = &mut self.found;
        let at = *self.by_key.entry(key).or_insert_with(|| {
            found.push(Group {
                text: field.text,
                seen: Vec::new(),
            });
            found.len() - 1
        });
        found[at].seen.push((entry, field.line));
        if self.wording == Wording::Latest {
            found[at].text = field.text;
        }
    }
}

/// Commands from `change:` code blocks, most recent first, each block
/// (by its text) once.
pub(super) fn commands(digest: &Digest, members: &[usize]) -> Vec<CommandAt> {
    let mut commands: Vec<CommandAt> = Vec::new();
    let mut by_text: FxHashMap<u32, usize> = FxHashMap::default();
    for &i in members.iter().rev() {
        for code in digest.code_of(i) {
            let at = *by_text.entry(code.text).or_insert_with(|| {
                commands.push(CommandAt {
                    lang: code.lang,
                    text: code.text,
                    entry: i,
                    seen: Vec::new(),
                });
                commands.len() - 1
            });
            commands[at].seen.push((i, code.line));
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
