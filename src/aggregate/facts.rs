//! Which inventory facts an operation touches: the preconditions an agent
//! should confirm before repeating it.
//!
//! A fact is touched when an occurrence's title or `change:` text names it:
//! its value appears there as a whole word (`es-1b` in "restarted es-1b",
//! `8.13.4` in "upgraded cluster 8.12.2 → 8.13.4"), or every segment of its
//! key after the first does (`jvm.heap` in "raised heap 8G→16G",
//! `topics.orders.events.partitions` in "increased partitions
//! orders.events 24 -> 48"). The first segment is a category the journal
//! rarely repeats.

use serde::Serialize;

use super::evidence::Cite;
use crate::inventory::Fact;
use crate::journal::{Entry, FieldKey};

/// Facts that describe the resource as a whole, not something an
/// operation changes.
const IDENTITY_KEYS: [&str; 4] = ["name", "kind", "owner", "environment"];

/// Values shorter than this (`3`, `on`) would match by accident.
const MIN_VALUE_CHARS: usize = 3;

/// An inventory fact and the journal lines that name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TouchedFact {
    pub(crate) key: String,
    pub(crate) value: String,
    pub(crate) seen: Vec<Cite>,
}

/// The facts the members touch, in inventory order.
pub(crate) fn touched(facts: &[Fact], members: &[&Entry]) -> Vec<TouchedFact> {
    let texts: Vec<(&Entry, usize, String)> = members
        .iter()
        .flat_map(|e| {
            let title = (*e, e.line, e.title.to_lowercase());
            let changes = e
                .values(&FieldKey::Change)
                .map(move |f| (*e, f.line, f.value.to_lowercase()));
            std::iter::once(title).chain(changes)
        })
        .collect();
    facts
        .iter()
        .filter(|f| !IDENTITY_KEYS.contains(&f.key.as_str()))
        .filter_map(|fact| {
            let seen: Vec<Cite> = texts
                .iter()
                .filter(|(_, _, text)| names_fact(text, fact))
                .map(|(entry, line, _)| Cite::new(entry, *line))
                .collect();
            (!seen.is_empty()).then(|| TouchedFact {
                key: fact.key.clone(),
                value: fact.value.clone(),
                seen,
            })
        })
        .collect()
}

/// Whether lower-cased `text` names the fact by value or by key.
fn names_fact(text: &str, fact: &Fact) -> bool {
    let by_value = fact
        .value
        .split(", ")
        .map(|v| v.trim().to_lowercase())
        // A bare number (`200`) names too many things to count as evidence.
        .filter(|v| v.chars().count() >= MIN_VALUE_CHARS && !v.chars().all(|c| c.is_ascii_digit()))
        .any(|v| contains_word(text, &v));
    let segments: Vec<String> = fact.key.split('.').map(str::to_lowercase).collect();
    let named = match segments.as_slice() {
        [] | [_] => &segments[..],
        [_, rest @ ..] => rest,
    };
    let words: Vec<&str> = text.split(|c: char| !is_word(c)).collect();
    let by_key = !named.is_empty()
        && named
            .iter()
            .all(|s| s.chars().count() >= MIN_VALUE_CHARS && words.contains(&s.as_str()));
    by_value || by_key
}

/// Whether `needle` occurs in `text` with no word character glued to
/// either side (`.` or `-` followed by a word character counts as glued,
/// so `8.13` is not in `8.13.4` and `es-1` is not in `es-1b`).
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = &text[at + needle.len()..];
        let mut rest = after.chars();
        let glued_after = match rest.next() {
            Some(c) if is_word(c) => true,
            Some('.' | '-') => rest.next().is_some_and(is_word),
            _ => false,
        };
        !before.is_some_and(is_word) && !glued_after
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, value: &str) -> Fact {
        Fact {
            key: key.to_string(),
            value: value.to_string(),
        }
    }

    #[test]
    fn a_fact_is_named_by_its_value_as_a_whole_word() {
        assert!(names_fact(
            "restarted es-1b",
            &fact("nodes", "es-1a, es-1b")
        ));
        assert!(!names_fact(
            "restarted es-1bc",
            &fact("nodes", "es-1a, es-1b")
        ));
        assert!(!names_fact("upgrade to 8.13.4", &fact("version", "8.13")));
        assert!(names_fact("upgrade to 8.13.4.", &fact("version", "8.13.4")));
    }

    #[test]
    fn a_fact_is_named_by_the_segments_of_its_key_after_the_category() {
        assert!(names_fact("raised heap 8g→16g", &fact("jvm.heap", "24g")));
        assert!(!names_fact("raised jvm 8g→16g", &fact("jvm.heap", "24g")));
        let events = fact("topics.orders.events.partitions", "48");
        let payments = fact("topics.orders.payments.partitions", "24");
        let text = "increased partitions orders.events 24 -> 48";
        assert!(names_fact(text, &events));
        assert!(!names_fact(text, &payments));
    }

    #[test]
    fn short_values_do_not_match_by_accident() {
        assert!(!names_fact(
            "set it on 3 nodes",
            &fact("storage.huge_pages", "on")
        ));
        assert!(!names_fact(
            "grew 200 GB",
            &fact("limits.max_connections", "200")
        ));
    }
}
