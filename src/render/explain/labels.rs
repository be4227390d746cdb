//! Labels for explanations: the rewrites of an entry's text (in the
//! journal) and the rules behind them (in rules files).

use crate::codes::ExplainCode;
use crate::error::{Label, Problem};
use crate::source::Span;

use super::model::{Place, RuleKind, RuleRef, Settings, StepKind, StepView};

/// One label per stretch of journal text. Rewrites of the same text (a
/// normalize rule whose match covers earlier matches, a synonym of a
/// normalized word) become one label that names every rule in order, so
/// that labels never overlap.
pub(crate) fn step_labels(steps: &[StepView]) -> Vec<Label> {
    let mut groups: Vec<(Span, Vec<&StepView>)> = Vec::new();
    for step in steps.iter().filter(|s| !s.at.span.is_empty()) {
        let span = step.at.span;
        let (inside, outside): (Vec<_>, Vec<_>) = std::mem::take(&mut groups)
            .into_iter()
            .partition(|(g, _)| g.file == span.file && span.start <= g.start && g.end <= span.end);
        groups = outside;
        let mut merged: Vec<&StepView> = inside.into_iter().flat_map(|(_, s)| s).collect();
        merged.push(step);
        groups.push((span, merged));
    }
    groups.sort_by_key(|(span, _)| (span.start, span.end));
    groups
        .into_iter()
        .map(|(span, steps)| Label {
            span,
            text: step_group_text(&steps),
        })
        .collect()
}

fn step_group_text(steps: &[&StepView]) -> String {
    let Some(last) = steps.last() else {
        return String::new();
    };
    let outcome = match (&last.kind, last.result.as_deref()) {
        (StepKind::Ignored, _) | (_, None) => "ignored".to_string(),
        (_, Some("")) => "deleted".to_string(),
        (_, Some(result)) => format!("→ {result}"),
    };
    let rules: Vec<&RuleRef> = steps.iter().map(|s| &s.rule).collect();
    format!("{outcome} ({})", rule_list(&rules))
}

/// `normalize rules.forge:13, 14; synonym rules.forge:22`: each run of
/// one kind of rule, with repeated files written once.
pub(crate) fn rule_list(rules: &[&RuleRef]) -> String {
    let mut runs: Vec<(RuleKind, Vec<&RuleRef>)> = Vec::new();
    for rule in rules {
        match runs.last_mut() {
            Some((kind, places)) if *kind == rule.kind => {
                if !places.iter().any(|p| p.at.span == rule.at.span) {
                    places.push(rule);
                }
            }
            _ => runs.push((rule.kind, vec![*rule])),
        }
    }
    runs.iter()
        .map(|(kind, places)| format!("{} {}", kind.keyword(), places_text(places)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `rules.forge:13, 14, <built-in>/default.forge:8 (size)`: a named
/// rule's name follows its place.
fn places_text(rules: &[&RuleRef]) -> String {
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for rule in rules {
        let place = &rule.at;
        if !out.is_empty() {
            out.push_str(", ");
        }
        if previous == Some(place.file.as_str()) {
            out.push_str(&place.line.to_string());
        } else {
            out.push_str(&place.short());
        }
        if let Some(label) = &rule.label {
            out.push_str(" (");
            out.push_str(label);
            out.push(')');
        }
        previous = Some(&place.file);
    }
    out
}

/// Labels on several entries, one diagnostic each: the first entry's label
/// goes to `problem`, each other one to a related diagnostic with its own
/// message. One diagnostic's labels on different entries would render as a
/// single snippet of every line between them whenever the later entry's
/// line is below about twice the earlier one's (miette 7 adds the earlier
/// snippet's absolute line count when deciding to join snippets), which
/// in a long journal is thousands of lines.
pub(crate) fn per_entry(mut problem: Problem, entries: Vec<(String, Label)>) -> Problem {
    let mut entries = entries.into_iter();
    if let Some((_, first)) = entries.next() {
        problem.labels.push(first);
    }
    for (message, label) in entries {
        let mut note = Problem::advice(problem.code, message);
        note.labels.push(label);
        problem.related.push(note);
    }
    problem
}

/// Labels pointing into rules files, gathered by file and made into one
/// snippet per file. The same stretch of a file gets one label.
#[derive(Default)]
pub(crate) struct RuleLabels {
    /// (file name, labels), files in order of first use.
    files: Vec<(String, Vec<Label>)>,
}

impl RuleLabels {
    pub(crate) fn add(&mut self, place: &Place, text: impl Into<String>) {
        let text = text.into();
        if !self.files.iter().any(|(f, _)| *f == place.file) {
            self.files.push((place.file.clone(), Vec::new()));
        }
        let Some((_, labels)) = self.files.iter_mut().find(|(f, _)| *f == place.file) else {
            return;
        };
        if let Some(label) = labels.iter_mut().find(|l| l.span == place.span) {
            if !label.text.contains(&text) {
                label.text.push_str("; ");
                label.text.push_str(&text);
            }
        } else {
            labels.push(Label {
                span: place.span,
                text,
            });
        }
    }

    pub(crate) fn rule(&mut self, rule: &RuleRef, text: impl Into<String>) {
        self.add(&rule.at, text);
    }

    /// The threshold, metric and (with several parts) weights that scores
    /// were computed with.
    pub(crate) fn settings(&mut self, settings: &Settings) {
        if let Some(at) = &settings.metric_at {
            self.add(at, "the metric scores are computed with");
        }
        if let Some(at) = &settings.threshold_at {
            self.add(at, "the threshold a score must reach");
        }
        if settings.parts.len() > 1 {
            for part in &settings.parts {
                if let Some(at) = &part.at {
                    self.add(at, format!("weight {}", number(part.weight)));
                }
            }
        }
    }

    /// One advice per file, labels in file order.
    pub(crate) fn into_problems(self) -> Vec<Problem> {
        self.files
            .into_iter()
            .map(|(file, mut labels)| {
                labels.sort_by_key(|l| (l.span.start, l.span.end));
                let mut problem =
                    Problem::advice(ExplainCode::Rules, format!("the rules involved, in {file}"));
                problem.labels = labels;
                if file.starts_with('<') {
                    problem.help(
                        "these are the built-in rules: `forge rules --print-default` prints them",
                    )
                } else {
                    problem
                }
            })
            .collect()
    }
}

/// A score or weight: two decimals, trailing zeros kept for scores.
pub(crate) fn score(value: f64) -> String {
    format!("{value:.2}")
}

/// A weight as written: `1`, `0.3`.
pub(crate) fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_drop_trailing_zeros() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(0.3), "0.3");
        assert_eq!(number(0.125), "0.125");
    }
}
