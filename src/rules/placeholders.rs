//! Placeholders named inside regexes must be produced by a normalize rule,
//! or the regex can never match what it was written for.

use super::ast::RegexLit;
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::source::Span;

/// Every `<name>` written in a regex literal, lower-cased, with its span in
/// the rules file.
pub(crate) fn referenced(lit: &RegexLit) -> Vec<(String, Span)> {
    let pattern = &lit.pattern;
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = pattern[rest..].find('<').map(|i| i + rest) {
        let name_len = pattern[open + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(pattern.len() - open - 1);
        let close = open + 1 + name_len;
        // `(?<name>…)` is a named group, not a placeholder; `\(?<name>`
        // is an optional literal parenthesis before one.
        let is_group = ["(?", "(?P"].iter().any(|opener| {
            pattern[..open]
                .strip_suffix(opener)
                .is_some_and(|before| !escapes_next(before))
        });
        if name_len > 0 && pattern[close..].starts_with('>') && !is_group {
            let span = Span::new(
                lit.span.file,
                lit.file_offset(open),
                lit.file_offset(close + 1),
            );
            found.push((pattern[open + 1..close].to_lowercase(), span));
        }
        rest = open + 1;
    }
    found
}

/// Whether `before` ends in an odd run of backslashes, which escapes the
/// character after it.
fn escapes_next(before: &str) -> bool {
    before.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

pub(crate) fn unproduced(name: &str, span: Span, produced: &[String]) -> Problem {
    let known = if produced.is_empty() {
        "no normalize rule produces a placeholder".to_string()
    } else {
        format!(
            "placeholders produced: {}",
            produced
                .iter()
                .map(|p| format!("<{p}>"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Problem::error(
        RulesCode::UnproducedPlaceholder,
        format!("`<{name}>` is never produced, so this regex cannot match it"),
    )
    .label(span, "no normalize rule above produces this placeholder")
    .help(format!(
        "add a normalize rule `/…/ => <{name}>` before this one, or fix the name ({known})"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn lit(pattern: &str) -> RegexLit {
        RegexLit {
            pattern: pattern.to_string(),
            span: Span::new(FileId(0), 10, 12 + pattern.len()),
            removed_escapes: Vec::new(),
        }
    }

    #[test]
    fn placeholders_are_found_with_their_file_span() {
        let found = referenced(&lit(r"<size>\s*->\s*<SIZE>"));
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["size", "size"]);
        assert_eq!(found[0].1, Span::new(FileId(0), 11, 17));
    }

    #[test]
    fn named_groups_and_comparisons_are_not_placeholders() {
        assert!(referenced(&lit(r"(?<num>\d+) < 3 <>")).is_empty());
        assert!(referenced(&lit(r"(?P<num>\d+)")).is_empty());
    }

    #[test]
    fn an_optional_literal_parenthesis_before_a_placeholder_is_not_a_group() {
        let found = referenced(&lit(r"\(?<ip>\)?"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "ip");
        assert!(referenced(&lit(r"\\(?<ip>x)")).is_empty());
    }
}
