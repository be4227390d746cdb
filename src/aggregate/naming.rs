//! Operation names and ids: a name from the rules or the founding
//! signature, an id that is a slug of the name and unique in the resource.

use std::collections::HashMap;

use serde::Serialize;

use crate::cluster::Operation;
use crate::rules::Rules;

/// The keep-block id that attaches human notes to the top of the runbook;
/// no operation gets it as its id.
pub(crate) const TOP_ID: &str = "top";

/// An operation's display name: its `always merge` rule's name, else the
/// first `name` rule matching its founding signature, else the signature's
/// words without placeholders, capitalized.
pub(crate) fn operation_name(rules: &Rules, op: &Operation) -> String {
    named(rules, op).0
}

/// An operation's display name and the rule it comes from.
pub(crate) fn named(rules: &Rules, op: &Operation) -> (String, NamedBy) {
    let by = named_by(rules, op);
    let rule = match by {
        NamedBy::AlwaysMerge(i) => rules.always_merge.get(i),
        NamedBy::Name(i) => rules.names.get(i),
        NamedBy::Signature => None,
    };
    (
        rule.map_or_else(|| derived_name(op), |r| r.name.clone()),
        by,
    )
}

/// Where an operation's name comes from, for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", content = "rule", rename_all = "snake_case")]
pub(crate) enum NamedBy {
    /// The `always merge` rule (index) that forced its members.
    AlwaysMerge(usize),
    /// The first `name` rule (index) matching the founding signature.
    Name(usize),
    /// No rule: the founding signature's words.
    #[default]
    Signature,
}

/// Which rule names an operation (see [`operation_name`]).
pub(crate) fn named_by(rules: &Rules, op: &Operation) -> NamedBy {
    if let Some(i) = op.forced_by.filter(|&i| i < rules.always_merge.len()) {
        return NamedBy::AlwaysMerge(i);
    }
    rules
        .names
        .iter()
        .position(|r| r.pattern.is_match(&op.founder))
        .map_or(NamedBy::Signature, NamedBy::Name)
}

/// The founder's first compared part, words as written before stemming,
/// without placeholders.
fn derived_name(op: &Operation) -> String {
    let first = op.founder_signature.parts.iter().find(|p| p.present);
    match first {
        Some(part) if part.surface.len() == part.words.len() && !part.surface.is_empty() => {
            name_of_words(part.surface.iter().map(String::as_str).collect())
        }
        _ => name_of_signature(&op.founder),
    }
}

/// The name of a signature text: its first part's words.
fn name_of_signature(signature: &str) -> String {
    name_of_words(
        signature
            .split(" | ")
            .next()
            .unwrap_or("")
            .split(' ')
            .collect(),
    )
}

/// Words without placeholders, joined and capitalized.
fn name_of_words(words: Vec<&str>) -> String {
    let words: Vec<&str> = words
        .into_iter()
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
/// [`TOP_ID`] counts as taken, so an operation named "Top" is `top-2`.
pub(super) fn unique_ids(names: &[String]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::from([(TOP_ID.to_string(), 1)]);
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
pub(crate) fn slug(text: &str) -> String {
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
            name_of_signature("change heap <size> | recreate container"),
            "Change heap"
        );
        assert_eq!(name_of_signature("<host>"), "Unnamed operation");
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

    #[test]
    fn no_operation_takes_the_id_reserved_for_the_top_of_the_runbook() {
        assert_eq!(unique_ids(&["Top".to_string()]), ["top-2"]);
    }
}
