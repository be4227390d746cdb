//! INVENTORY.yaml: the resource's current facts, flattened to `a.b.c` keys.

use serde::Serialize;
use serde_yaml::Value;

use crate::codes::InventoryCode;
use crate::error::Problem;
use crate::source::{FileId, Span};

mod expanded;

/// Keys shown first, in this order, when present.
const CONVENTIONAL_KEYS: [&str; 4] = ["name", "kind", "owner", "environment"];

/// A fact: a flattened key and its value as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub(crate) key: String,
    pub(crate) value: String,
}

/// Parses an inventory into facts, conventional keys first, the rest in
/// file order.
pub fn parse(file: FileId, text: &str) -> Result<Vec<Fact>, Problem> {
    if expanded::too_large(text) {
        return Err(expands_too_far(file, text));
    }
    let value: Value = serde_yaml::from_str(text).map_err(|e| yaml_problem(file, text, &e))?;
    let mapping = match value {
        Value::Mapping(mapping) => mapping,
        Value::Null => return Ok(Vec::new()),
        other => {
            return Err(Problem::error(
                InventoryCode::NotAMapping,
                format!(
                    "INVENTORY.yaml must be a mapping of facts, not {}",
                    kind_of(&other)
                ),
            )
            .label(
                Span::new(file, 0, text.len().min(first_line_len(text))),
                "the document starts here",
            )
            .help("write facts as `key: value` lines, e.g. `name: es-1`"));
        }
    };
    let mut facts = Vec::new();
    for (key, value) in &mapping {
        flatten(&scalar_text(key), value, &mut facts);
    }
    facts.sort_by_key(|f| {
        CONVENTIONAL_KEYS
            .iter()
            .position(|k| *k == f.key)
            .unwrap_or(CONVENTIONAL_KEYS.len())
    });
    Ok(facts)
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<Fact>) {
    match value {
        Value::Mapping(mapping) if !mapping.is_empty() => {
            for (key, value) in mapping {
                flatten(&format!("{prefix}.{}", scalar_text(key)), value, out);
            }
        }
        Value::Sequence(items) if items.iter().all(is_scalar) => out.push(Fact {
            key: prefix.to_string(),
            value: items.iter().map(scalar_text).collect::<Vec<_>>().join(", "),
        }),
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), item, out);
            }
        }
        Value::Tagged(tagged) => flatten(prefix, &tagged.value, out),
        scalar => out.push(Fact {
            key: prefix.to_string(),
            value: scalar_text(scalar),
        }),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(
        value,
        Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)
    )
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Mapping(m) if m.is_empty() => "{}".to_string(),
        Value::Sequence(s) if s.is_empty() => "[]".to_string(),
        Value::Tagged(t) => scalar_text(&t.value),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Sequence(_) => "a list",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        _ => "a tagged value",
    }
}

/// The inventory's aliases expand past the budget: pointed at the first
/// alias.
fn expands_too_far(file: FileId, text: &str) -> Problem {
    let at = first_alias(text).unwrap_or(0);
    let end = text[at..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
        .map_or(text.len(), |n| at + n);
    Problem::error(
        InventoryCode::TooLarge,
        format!(
            "INVENTORY.yaml expands to more than {} values or {} bytes once its aliases are expanded",
            expanded::MAX_NODES,
            expanded::MAX_TEXT_BYTES
        ),
    )
    .label(Span::new(file, at, end), "the first alias")
    .help("INVENTORY.yaml holds current facts; write them out instead of repeating anchors (`*name`) many times")
}

/// The offset of the first YAML alias (`*name` after a space, `[`, `,`,
/// `:` or `-`), if any.
fn first_alias(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (1..bytes.len()).find(|&i| {
        bytes[i] == b'*'
            && matches!(bytes[i - 1], b' ' | b'[' | b',' | b'\t')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
    })
}

fn yaml_problem(file: FileId, text: &str, error: &serde_yaml::Error) -> Problem {
    let at = error.location().map_or(0, |l| l.index()).min(text.len());
    let message = error.to_string();
    // serde_yaml appends " at line N column M"; the label shows the place.
    let reason = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let problem = Problem::error(
        InventoryCode::InvalidYaml,
        format!("INVENTORY.yaml is not valid YAML: {reason}"),
    );
    // serde_yaml places a duplicate key at the start of its mapping.
    if let Some((first, second)) = duplicate_key(&reason).and_then(|key| key_lines(text, key, at)) {
        return problem
            .label(
                Span::new(file, second.0, second.1),
                "this key is written twice",
            )
            .label(Span::new(file, first.0, first.1), "first written here")
            .help("a key holds one fact: remove one of the two, or rename it");
    }
    if let Some(tab) = indenting_tab(text) {
        return problem
            .label(Span::new(file, tab, tab + 1), "a tab in the indentation")
            .help(
                "YAML indents with spaces only: replace the tabs at the start of lines with spaces",
            );
    }
    problem.label(Span::new(file, at, at), reason).help(
        "INVENTORY.yaml is one YAML mapping of facts; check indentation and quoting near here",
    )
}

/// The key of `serde_yaml`'s `duplicate entry with key "KEY"`.
fn duplicate_key(reason: &str) -> Option<&str> {
    reason
        .strip_prefix("duplicate entry with key \"")?
        .strip_suffix('"')
}

/// The first two lines from `from` on that write `key:` at the same
/// indentation, as (start, end) of the key on each.
fn key_lines(text: &str, key: &str, from: usize) -> Option<((usize, usize), (usize, usize))> {
    let mapping_line = text[..from].rfind('\n').map_or(0, |n| n + 1);
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start < mapping_line {
            continue;
        }
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let rest = &line[indent..];
        let written = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .into_iter()
            .find(|k| {
                rest.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            });
        if let Some(k) = written {
            found.push((indent, start + indent, start + indent + k.len()));
        }
    }
    let (first_indent, first_start, first_end) = *found.first()?;
    let second = found
        .iter()
        .skip(1)
        .find(|(indent, _, _)| *indent == first_indent)?;
    Some(((first_start, first_end), (second.1, second.2)))
}

/// The offset of the first tab among the spaces and tabs that start a
/// line: YAML forbids tabs there, and its parser says only "found
/// character that cannot start any token".
fn indenting_tab(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(start + i);
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    fn facts(text: &str) -> Vec<(String, String)> {
        match parse(FileId(0), text) {
            Ok(facts) => facts.into_iter().map(|f| (f.key, f.value)).collect(),
            Err(problem) => panic!("unexpected problem: {problem:?}"),
        }
    }

    #[test]
    fn nested_keys_are_flattened_with_dots_and_conventional_keys_come_first() {
        let got = facts("jvm:\n  heap: 24g\nowner: search\nname: es-1\nnodes: [a, b]\n");
        let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["name", "owner", "jvm.heap", "nodes"]);
        assert_eq!(got[3].1, "a, b");
    }

    #[test]
    fn lists_of_maps_are_indexed() {
        let got = facts("disks:\n  - size: 1\n  - size: 2\n");
        assert_eq!(got[1], ("disks.1.size".to_string(), "2".to_string()));
    }

    #[test]
    fn an_empty_inventory_has_no_facts() {
        assert!(facts("").is_empty());
    }

    #[test]
    fn invalid_yaml_points_at_the_error() {
        let Err(problem) = parse(FileId(0), "name: a\n  bad: [\n") else {
            panic!("expected an error");
        };
        assert_eq!(problem.code, InventoryCode::InvalidYaml);
        assert!(problem.labels[0].span.start > 0);
    }

    #[test]
    fn a_tab_in_the_indentation_is_named_with_its_fix() {
        let text = "name: a\njvm:\n\theap: 24g\n";
        let Err(problem) = parse(FileId(0), text) else {
            panic!("expected an error");
        };
        assert_eq!(problem.labels[0].span.start, text.find('\t').unwrap());
        assert!(problem.help.unwrap().contains("spaces"));
    }

    #[test]
    fn a_top_level_list_is_rejected() {
        let Err(problem) = parse(FileId(0), "- a\n- b\n") else {
            panic!("expected an error");
        };
        assert_eq!(problem.code, InventoryCode::NotAMapping);
    }

    #[test]
    fn a_duplicate_key_points_at_its_second_writing() {
        let text = "name: a\nnested:\n  name: x\nowner: b\n\"name\": c\n";
        let problem = parse(FileId(0), text).expect_err("duplicate");
        let spans: Vec<&str> = problem
            .labels
            .iter()
            .map(|l| l.span.text_in(text))
            .collect();
        assert_eq!(spans, ["\"name\"", "name"]);
        assert_eq!(
            problem.labels[0].span.start,
            text.rfind("\"name\"").unwrap_or(0)
        );
        assert_eq!(problem.labels[1].span.start, 0);
    }

    #[test]
    fn a_yaml_alias_bomb_is_an_error_not_a_hang() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 0..12 {
            let prev = if level == 0 {
                "a".to_string()
            } else {
                format!("l{}", level - 1)
            };
            let refs = vec![format!("*{prev}"); 10].join(", ");
            let _ = writeln!(bomb, "l{level}: &l{level} [{refs}]");
        }
        assert!(parse(FileId(0), &bomb).is_err());
    }
}
