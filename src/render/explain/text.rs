//! Explanations as diagnostics: the main snippet points into JOURNAL.md (or
//! the `--text`), related snippets into the rules files.

use std::fmt::Write as _;

use crate::codes::ExplainCode;
use crate::error::Problem;

use super::labels::{number, score, step_labels, RuleLabels};
use super::model::{CandidateView, DecisionView, EntryRef, EntryView, OperationRef, Settings};
use crate::render::reason;

/// Why one entry (or the hypothetical `--text` one) is where it is.
pub(crate) fn entry(view: &EntryView, settings: &Settings, hypothetical: bool) -> Problem {
    let subject = if hypothetical {
        format!("--text \"{}\"", view.entry.title)
    } else {
        view.entry.label()
    };
    let mut problem = Problem::advice(
        ExplainCode::Entry,
        format!("{subject} {}", headline(view, settings, hypothetical)),
    );
    let labels = step_labels(&view.steps);
    let title = view.title_at.span;
    if !labels
        .iter()
        .any(|l| l.span.start < title.end && title.start < l.span.end)
    {
        problem = problem.label(title, format!("signature: {}", view.signature));
    }
    problem.labels.extend(labels);
    let mut rules = RuleLabels::default();
    for step in &view.steps {
        let text = match &step.result {
            None => "ignored".to_string(),
            Some(r) if step.at.text.is_empty() => format!("→ {r}"),
            Some(r) => format!("{} → {}", quoted(&step.at.text), shown(r)),
        };
        rules.rule(&step.rule, text);
    }
    decision_rules(view, &mut rules);
    if !view.candidates.is_empty() {
        rules.settings(settings);
    }
    problem.help = Some(entry_help(view, settings));
    problem.related = rules.into_problems();
    problem
}

/// The decision in a few words: `joined "X": score 0.83 ≥ 0.75`.
fn headline(view: &EntryView, settings: &Settings, hypothetical: bool) -> String {
    let name = &view.operation.name;
    let (join, start) = if hypothetical {
        ("would join", "would start")
    } else {
        ("joined", "started")
    };
    match &view.decision {
        DecisionView::Forced { rule } => format!(
            "{join} \"{name}\": forced by always merge at {}",
            rule.at.short()
        ),
        DecisionView::SameSignature { entry } => {
            format!("{join} \"{name}\": same signature as L{}", entry.line)
        }
        DecisionView::SamePlain { entry } => {
            format!("{join} \"{name}\": {}", reason::same_plain(entry.line))
        }
        DecisionView::Joined { score: s, founder } => format!(
            "{join} \"{name}\": score {} ≥ {}{}",
            score(*s),
            score(settings.threshold),
            founder_note(founder.as_ref())
        ),
        DecisionView::New => format!("{start} a new operation, \"{name}\""),
        DecisionView::Split {
            from,
            positions,
            words,
            limit,
        } => format!(
            "{join} \"{name}\": {}",
            reason::split(from, positions, words, *limit)
        ),
    }
}

/// Labels for the hard and name rules behind the decision.
fn decision_rules(view: &EntryView, rules: &mut RuleLabels) {
    if let DecisionView::Forced { rule } = &view.decision {
        rules.rule(
            rule,
            format!(
                "its signature matches: forced into \"{}\"",
                view.operation.name
            ),
        );
    }
    for candidate in &view.candidates {
        if let Some(rule) = &candidate.blocked_by {
            rules.rule(
                rule,
                format!("keeps it out of \"{}\"", candidate.operation.name),
            );
        }
    }
    named_by(&view.operation, rules);
}

pub(super) fn named_by(operation: &OperationRef, rules: &mut RuleLabels) {
    if let Some(rule) = &operation.named_by {
        rules.rule(rule, format!("names \"{}\"", operation.name));
    }
}

fn entry_help(view: &EntryView, settings: &Settings) -> String {
    let mut help = format!("signature: {}", view.signature);
    if !view.candidates.is_empty() {
        let _ = write!(
            help,
            "\nscored against earlier operations ({}, threshold {}):",
            settings.metric,
            score(settings.threshold)
        );
        for candidate in &view.candidates {
            let _ = write!(help, "\n{}", candidate_line(candidate));
        }
    }
    let _ = write!(help, "\n{}", verdict(view, settings));
    help
}

/// `0.83 "Change index heap" (title 1.00 ×1, change 0.50 ×0.3) vs
/// "change heap <size>": joined`.
pub(super) fn candidate_line(candidate: &CandidateView) -> String {
    let parts: Vec<String> = candidate
        .parts
        .iter()
        .map(|p| match p.score {
            Some(s) => format!("{} {} ×{}", p.part, score(s), number(p.weight)),
            None => format!("{} -", p.part),
        })
        .collect();
    let outcome = match (&candidate.blocked_by, candidate.reaches_threshold) {
        _ if candidate.chosen => "joined".to_string(),
        (Some(rule), true) => format!(
            "reaches the threshold, but never merge at {} keeps them apart",
            rule.at.short()
        ),
        (Some(rule), false) => format!(
            "below the threshold (never merge at {} keeps them apart too)",
            rule.at.short()
        ),
        (None, true) => "reaches the threshold, but another scored higher".to_string(),
        (None, false) => "below the threshold".to_string(),
    };
    let parts = if parts.len() > 1 {
        format!(" ({})", parts.join(", "))
    } else {
        String::new()
    };
    format!(
        "• {} \"{}\"{parts}: {outcome}\n    {}: {}",
        score(candidate.score),
        candidate.operation.name,
        candidate
            .founder
            .as_ref()
            .map_or_else(|| "the founder".to_string(), |f| reason::founder(f.line)),
        candidate.founder_signature
    )
}

/// The decision in a sentence.
pub(super) fn verdict(view: &EntryView, settings: &Settings) -> String {
    let name = &view.operation.name;
    match &view.decision {
        DecisionView::Forced { rule } => format!(
            "decision: always merge at {} matches the signature, so it is in \"{name}\" whatever the scores",
            rule.at.short()
        ),
        DecisionView::SameSignature { entry } => format!(
            "decision: {} has the same signature, so it is in \"{name}\"",
            entry.label()
        ),
        DecisionView::SamePlain { entry } => format!(
            "decision: {}, so it is in \"{name}\"",
            reason::same_plain(entry.line)
        ),
        DecisionView::Joined { score: s, founder } => format!(
            "decision: joined \"{name}\", the best score, {} ≥ threshold {}{}",
            score(*s),
            score(settings.threshold),
            founder_note(founder.as_ref())
        ),
        DecisionView::New => new_verdict(view, settings),
        DecisionView::Split {
            from,
            positions,
            words,
            limit,
        } => format!(
            "decision: {}, so it is in \"{name}\"",
            reason::split(from, positions, words, *limit)
        ),
    }
}

fn new_verdict(view: &EntryView, settings: &Settings) -> String {
    let name = &view.operation.name;
    let Some(best) = view.candidates.first() else {
        return format!("decision: started \"{name}\"; no earlier operation to compare with");
    };
    match view.candidates.iter().find(|c| c.reaches_threshold) {
        Some(blocked) => format!(
            "decision: started \"{name}\"; \"{}\" reached the threshold but never merge at {} keeps them apart",
            blocked.operation.name,
            blocked.blocked_by.as_ref().map_or_else(String::new, |r| r.at.short()),
        ),
        None => format!(
            "decision: started \"{name}\"; the best score, {} for \"{}\", is below the threshold {}",
            score(best.score),
            best.operation.name,
            score(settings.threshold)
        ),
    }
}

/// A member's decision in a label: `same signature as L23`.
pub(super) fn how_joined(decision: &DecisionView, signature: &str) -> String {
    match decision {
        DecisionView::Forced { rule } => format!("always merge at {}", rule.at.short()),
        DecisionView::SameSignature { entry } => format!("same signature as L{}", entry.line),
        DecisionView::SamePlain { entry } => reason::same_plain(entry.line),
        DecisionView::Joined { score: s, .. } => format!("joined, score {}", score(*s)),
        DecisionView::New => format!("started it: {signature}"),
        DecisionView::Split { words, .. } => format!("split out on {}", words.join(" ")),
    }
}

/// `, compared with L35 (the founder)`, when the founder is known.
fn founder_note(founder: Option<&EntryRef>) -> String {
    founder.map_or_else(String::new, |f| format!(", {}", reason::founder(f.line)))
}

fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

/// A replacement as shown: `""` for a deletion.
fn shown(result: &str) -> String {
    if result.is_empty() {
        "\"\"".to_string()
    } else {
        result.to_string()
    }
}
