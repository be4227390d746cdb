//! `forge tune --write`: puts a threshold and a metric into a rules file
//! and changes no other byte of it.
//!
//! The checked rules record the span of the literal each setting came
//! from, so a setting written in the file is replaced where it stands. A
//! setting the file does not state (it comes from the built-in rules) is
//! added as a line of the file's `similarity` block, indented like its
//! neighbour; a file without a block gets one at its end.

use std::fmt::Write as _;

use crate::rules::ast::{SimilaritySetting, Statement};
use crate::rules::{parser, Metric, Rules};
use crate::source::{FileId, Sources, Span};

/// The rules file as it is and where its settings stand.
pub(crate) struct Target<'a> {
    /// The file's text, `None` when there is no file yet (the built-in
    /// rules were used): then one is written that extends them.
    pub(crate) text: Option<&'a str>,
    /// The file's name in `sources`.
    pub(crate) name: &'a str,
    pub(crate) sources: &'a Sources,
    pub(crate) rules: &'a Rules,
}

/// The new text of the file, or `None` when it already says this.
pub(crate) fn rewrite(target: &Target<'_>, metric: Metric, threshold: f64) -> Option<String> {
    let rules = target.rules;
    let mut wanted: Vec<(Setting, String)> = Vec::new();
    if metric != rules.metric {
        wanted.push((Setting::Metric, metric.name().to_string()));
    }
    if (threshold - rules.threshold).abs() > 1e-9 {
        wanted.push((Setting::Threshold, literal(threshold)));
    }
    if wanted.is_empty() {
        return None;
    }
    let Some(text) = target.text else {
        return Some(format!("extends default\n{}", block(&wanted)));
    };
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut missing = Vec::new();
    for (setting, value) in wanted {
        match target.stated(setting.span(rules), text) {
            Some(span) => edits.push((span.start, span.end, value)),
            None => missing.push((setting, value)),
        }
    }
    if !missing.is_empty() {
        edits.push(if let Some(at) = anchor(text) {
            let (end, indent) = line_end_and_indent(text, at);
            let mut lines = String::new();
            for (setting, value) in &missing {
                let _ = write!(lines, "\n{indent}{} = {value}", setting.keyword());
            }
            (end, end, lines)
        } else {
            let newline = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            (
                text.len(),
                text.len(),
                format!("{newline}{}", block(&missing)),
            )
        });
    }
    // Right to left, so earlier offsets stay valid.
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut out = text.to_string();
    for (start, end, value) in edits {
        out.replace_range(start..end, &value);
    }
    Some(out)
}

#[derive(Debug, Clone, Copy)]
enum Setting {
    Metric,
    Threshold,
}

impl Setting {
    fn keyword(self) -> &'static str {
        match self {
            Setting::Metric => "metric",
            Setting::Threshold => "threshold",
        }
    }

    fn span(self, rules: &Rules) -> Span {
        match self {
            Setting::Metric => rules.metric_span,
            Setting::Threshold => rules.threshold_span,
        }
    }
}

impl Target<'_> {
    /// The span when it points into this file (not into the built-in rules).
    fn stated(&self, span: Span, text: &str) -> Option<Span> {
        let file = self.sources.get(span.file);
        (!span.is_empty() && file.name == self.name && *file.text == text).then_some(span)
    }
}

/// A threshold as written: 0.65, 0.7, 1.0.
pub(crate) fn literal(value: f64) -> String {
    let text = format!("{value:.2}");
    let trimmed = text.trim_end_matches('0');
    if trimmed.ends_with('.') {
        format!("{trimmed}0")
    } else {
        trimmed.to_string()
    }
}

fn block(settings: &[(Setting, String)]) -> String {
    let mut lines = String::new();
    for (setting, value) in settings {
        let _ = writeln!(lines, "    {:<9} = {value}", setting.keyword());
    }
    format!("\nsimilarity {{\n{lines}}}\n")
}

/// The last setting of the file's last non-empty `similarity` block.
fn anchor(text: &str) -> Option<usize> {
    let ast = parser::parse(FileId(0), text).ok()?;
    ast.statements
        .iter()
        .rev()
        .find_map(|s| match s {
            Statement::Similarity(settings) => settings.last(),
            _ => None,
        })
        .map(|setting| match setting {
            SimilaritySetting::Metric(v) => v.span.end,
            SimilaritySetting::Threshold(v)
            | SimilaritySetting::Split(v)
            | SimilaritySetting::Placeholder(v) => v.span.end,
            SimilaritySetting::JournalWeights(v) => v.span.end,
            SimilaritySetting::Weight { weight, .. } => weight.span.end,
        })
}

/// Where the line holding `at` ends (before its newline) and the
/// whitespace it starts with.
fn line_end_and_indent(text: &str, at: usize) -> (usize, String) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let indent: String = text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    (end, indent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_written_with_at_least_one_decimal() {
        assert_eq!(literal(0.65), "0.65");
        assert_eq!(literal(0.7), "0.7");
        assert_eq!(literal(1.0), "1.0");
        assert_eq!(literal(0.05), "0.05");
    }

    #[test]
    fn the_anchor_is_the_end_of_the_last_setting() {
        let text = "similarity {\n    weight title = 1.0   # why\n}\n";
        let at = anchor(text).expect("a setting");
        assert_eq!(&text[..at], "similarity {\n    weight title = 1.0");
        assert_eq!(
            line_end_and_indent(text, at),
            (text.find("# why").expect("comment") + 5, "    ".to_string())
        );
    }
}
