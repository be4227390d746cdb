//! An operation's occurrences seen from its canonical one: which of their
//! fields are the same step (equal normalized words), the canonical
//! occurrence's steps with how often history repeated each, and the
//! occurrences that did something else, grouped into alternatives.

use std::collections::BTreeSet;

use serde::Serialize;

use super::evidence::{is_path, normalized_text, Cite};
use super::parameters::parameters;
use super::status::latest;
use super::steps::{Action, Code};
use crate::journal::{Entry, Field, FieldKey, Outcome};
use crate::rules::Rules;

/// The occurrence a procedure follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Occurrence {
    pub(crate) date: Option<String>,
    /// 1-based line of the entry's heading.
    pub(crate) line: usize,
    pub(crate) title: String,
    pub(crate) outcome: Option<&'static str>,
}

/// Another way history did the operation: occurrences whose changes or
/// commands differ from the canonical occurrence's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Alternative {
    /// The `change:` texts of its most recent occurrence.
    pub(crate) changes: Vec<String>,
    /// The commands of its most recent occurrence.
    pub(crate) commands: Vec<Code>,
    /// How many occurrences did it this way.
    pub(crate) count: usize,
    /// The date of the most recent of them.
    pub(crate) last: Option<String>,
    /// Their headings, in journal order.
    pub(crate) evidence: Vec<Cite>,
}

/// What an occurrence did: its change keys and its commands.
type Variant<'a> = (BTreeSet<&'a str>, BTreeSet<&'a str>);

/// A field with the key it is grouped by.
struct Keyed<'e> {
    /// Index of the occurrence in the members.
    member: usize,
    field: &'e Field,
    key: String,
}

/// The members of one operation, their fields keyed, and the canonical
/// occurrence.
pub(crate) struct History<'r, 'e> {
    rules: &'r Rules,
    members: &'e [&'e Entry],
    canonical: Option<usize>,
    /// The most recent occurrence.
    last: Option<usize>,
    changes: Vec<Keyed<'e>>,
    verify: Vec<Keyed<'e>>,
    rollback: Vec<Keyed<'e>>,
}

impl<'r, 'e> History<'r, 'e> {
    pub(crate) fn new(
        rules: &'r Rules,
        members: &'e [&'e Entry],
        canonical: Option<usize>,
    ) -> Self {
        let keyed = |key: &FieldKey| -> Vec<Keyed<'e>> {
            members
                .iter()
                .enumerate()
                .flat_map(|(member, entry)| {
                    entry
                        .fields
                        .iter()
                        .filter(move |f| &f.key == key)
                        .map(move |field| (member, field))
                })
                .filter_map(|(member, field)| {
                    let key = change_key(rules, field)?;
                    Some(Keyed { member, field, key })
                })
                .collect()
        };
        History {
            rules,
            members,
            canonical,
            last: latest(members, |e| e.date),
            changes: keyed(&FieldKey::Change),
            verify: keyed(&FieldKey::Verify),
            rollback: keyed(&FieldKey::Rollback),
        }
    }

    pub(crate) fn canonical(&self) -> Option<Occurrence> {
        let entry = self.members.get(self.canonical?)?;
        Some(Occurrence {
            date: entry.date.map(|d| d.to_string()),
            line: entry.line,
            title: entry.title.clone(),
            outcome: entry.outcome().map(Outcome::name),
        })
    }

    /// The canonical occurrence's fields in `fields`, one per key.
    fn own<'a>(&self, fields: &'a [Keyed<'e>]) -> Vec<&'a Keyed<'e>> {
        let mut seen = BTreeSet::new();
        fields
            .iter()
            .filter(|k| Some(k.member) == self.canonical)
            .filter(|k| seen.insert(k.key.as_str()))
            .collect()
    }

    fn cites(&self, same: &[&Keyed<'e>]) -> Vec<Cite> {
        same.iter()
            .filter_map(|k| Some(Cite::new(self.members.get(k.member)?, k.field.line)))
            .collect()
    }

    /// Occurrences (distinct) among `same`.
    fn occurrences(same: &[&Keyed<'e>]) -> usize {
        same.iter().map(|k| k.member).collect::<BTreeSet<_>>().len()
    }

    /// One change step per distinct change of the canonical occurrence, in
    /// its order, with its commands and parameters.
    pub(crate) fn changes(&self) -> Vec<(Action, Vec<Cite>)> {
        self.own(&self.changes)
            .into_iter()
            .map(|own| {
                let same = same_key(&self.changes, &own.key);
                let text = if own.field.value.is_empty() {
                    "run the recorded command".to_string()
                } else {
                    own.field.value.clone()
                };
                let wordings: Vec<&str> = self
                    .by_recency(&same)
                    .iter()
                    .map(|k| k.field.value.as_str())
                    .collect();
                let (template, parameters) = parameters(self.rules, &text, &wordings);
                let commands = self
                    .changes
                    .iter()
                    .filter(|k| k.member == own.member && k.key == own.key)
                    .flat_map(|k| code(k.field))
                    .collect();
                let action = Action::Change {
                    count: Self::occurrences(&same),
                    text,
                    commands,
                    template,
                    parameters,
                };
                (action, self.cites(&same))
            })
            .collect()
    }

    /// One gate per verify signal of the canonical occurrence.
    pub(crate) fn gates(&self) -> Vec<(Action, Vec<Cite>)> {
        self.own(&self.verify)
            .into_iter()
            .map(|own| {
                let same = same_key(&self.verify, &own.key);
                let action = Action::Gate {
                    text: format!("proceed only when: {}", own.field.value),
                    signal: own.field.value.clone(),
                    seen: Self::occurrences(&same),
                    occurrences: self.members.len(),
                    last_run: same.iter().any(|k| Some(k.member) == self.last),
                };
                (action, self.cites(&same))
            })
            .collect()
    }

    /// The canonical occurrence's rollback paths and every path history
    /// took (every path recorded, when the canonical occurrence has none),
    /// those taken first.
    pub(crate) fn rollbacks(&self) -> Vec<(Action, Vec<Cite>)> {
        let mut keys: Vec<&Keyed<'e>> = self.own(&self.rollback);
        keys.retain(|k| is_path(&k.field.value));
        let own_paths = keys.len();
        for keyed in &self.rollback {
            let taken = self.rolled_back(keyed.member);
            if taken && !keys.iter().any(|k| k.key == keyed.key) {
                keys.push(keyed);
            }
        }
        // With none of its own, every path history wrote down, the most
        // recent first: a way back is worth knowing.
        if own_paths == 0 {
            for keyed in self.by_recency(&self.rollback.iter().collect::<Vec<_>>()) {
                if !keys.iter().any(|k| k.key == keyed.key) {
                    keys.push(keyed);
                }
            }
        }
        let mut steps: Vec<(usize, Action, Vec<Cite>)> = keys
            .into_iter()
            .filter(|k| is_path(&k.field.value))
            .map(|own| {
                let same = same_key(&self.rollback, &own.key);
                let used: Vec<&Keyed<'e>> = same
                    .iter()
                    .copied()
                    .filter(|k| self.rolled_back(k.member))
                    .collect();
                let used_by = self.cites(&used);
                let action = Action::Rollback {
                    text: self
                        .by_recency(&same)
                        .first()
                        .map_or_else(|| own.field.value.clone(), |k| k.field.value.clone()),
                    recorded: Self::occurrences(&same),
                    used: Self::occurrences(&used),
                    used_by,
                };
                (usize::from(used.is_empty()), action, self.cites(&same))
            })
            .collect();
        steps.sort_by_key(|(unused, _, _)| *unused);
        steps.into_iter().map(|(_, a, c)| (a, c)).collect()
    }

    fn rolled_back(&self, member: usize) -> bool {
        self.members
            .get(member)
            .is_some_and(|e| e.outcome() == Some(Outcome::RolledBack))
    }

    /// `same` ordered most recent first.
    fn by_recency<'a>(&self, same: &[&'a Keyed<'e>]) -> Vec<&'a Keyed<'e>> {
        let mut sorted = same.to_vec();
        sorted.sort_by_key(|k| {
            std::cmp::Reverse((self.members.get(k.member).and_then(|e| e.date), k.member))
        });
        sorted
    }

    /// What each occurrence did: its change keys and commands.
    fn variant(&self, member: usize) -> Variant<'_> {
        let mine = self.changes.iter().filter(|k| k.member == member);
        let keys = mine.clone().map(|k| k.key.as_str()).collect();
        let code = mine
            .flat_map(|k| k.field.code.iter().map(|c| c.text.as_str()))
            .collect();
        (keys, code)
    }

    /// The occurrences that did something other than the canonical one,
    /// grouped by what they did, most recent first.
    pub(crate) fn alternatives(&self) -> Vec<Alternative> {
        let Some(canonical) = self.canonical else {
            return Vec::new();
        };
        let own = self.variant(canonical);
        let mut order: Vec<usize> = (0..self.members.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((self.members[i].date, i)));
        let mut groups: Vec<(Variant<'_>, Vec<usize>)> = Vec::new();
        for i in order {
            let variant = self.variant(i);
            // An occurrence that recorded no change says nothing of how.
            if variant == own || (variant.0.is_empty() && variant.1.is_empty()) {
                continue;
            }
            match groups.iter_mut().find(|(v, _)| *v == variant) {
                Some((_, found)) => found.push(i),
                None => groups.push((variant, vec![i])),
            }
        }
        groups
            .into_iter()
            .map(|(_, found)| self.alternative(&found))
            .collect()
    }

    /// Occurrences `found` (most recent first) as an alternative.
    fn alternative(&self, found: &[usize]) -> Alternative {
        let newest = found.first().and_then(|&i| self.members.get(i));
        let mut journal_order = found.to_vec();
        journal_order.sort_unstable();
        Alternative {
            changes: newest.map_or_else(Vec::new, |e| {
                e.values(&FieldKey::Change)
                    .filter(|f| !f.value.is_empty())
                    .map(|f| f.value.clone())
                    .collect()
            }),
            commands: newest.map_or_else(Vec::new, |e| {
                e.values(&FieldKey::Change).flat_map(code).collect()
            }),
            count: found.len(),
            last: newest.and_then(|e| e.date).map(|d| d.to_string()),
            evidence: journal_order
                .iter()
                .filter_map(|&i| self.members.get(i))
                .map(|e| Cite::new(e, e.line))
                .collect(),
        }
    }
}

/// The fields of `fields` keyed `key`.
fn same_key<'a, 'e>(fields: &'a [Keyed<'e>], key: &str) -> Vec<&'a Keyed<'e>> {
    fields.iter().filter(|k| k.key == key).collect()
}

/// What a field is grouped by: its normalized words, or for a command with
/// no text, the command itself; `None` for an empty field.
fn change_key(rules: &Rules, field: &Field) -> Option<String> {
    if !field.value.is_empty() {
        return Some(normalized_text(rules, &field.value));
    }
    let code: Vec<&str> = field.code.iter().map(|c| c.text.as_str()).collect();
    (!code.is_empty()).then(|| format!("\u{0}{}", code.join("\u{0}")))
}

fn code(field: &Field) -> impl Iterator<Item = Code> + '_ {
    field.code.iter().map(|block| Code {
        lang: block.lang.clone(),
        code: block.text.clone(),
    })
}
