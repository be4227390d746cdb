//! `--pair`: whether two entries are in one operation, and why. The later
//! entry's placement decides, since earlier entries never move.

use std::fmt::Write as _;

use crate::codes::ExplainCode;
use crate::error::{Label, Problem};

use super::labels::{per_entry, score, RuleLabels};
use super::model::{DecisionView, EntryView, Link, PairView, Settings};
use super::text::{candidate_line, how_joined, verdict};
use crate::render::reason;

/// Members of a chain listed in the help, and labelled in the journal;
/// a chain through a large operation lists its start and says how many
/// more there are.
const CHAIN_LISTED: usize = 12;
const CHAIN_LABELLED: usize = 3;

/// Whether two entries are in one operation, and why.
pub(crate) fn pair(view: &PairView, settings: &Settings) -> Problem {
    let (first, second) = (&view.first, &view.second);
    let message = if view.together {
        format!(
            "L{} and L{} are in the same operation, \"{}\"",
            first.entry.line, second.entry.line, second.operation.name
        )
    } else {
        format!(
            "L{} and L{} are in different operations, \"{}\" and \"{}\"",
            first.entry.line, second.entry.line, first.operation.name, second.operation.name
        )
    };
    let signature = |v: &EntryView| Label {
        span: v.title_at.span,
        text: format!("signature: {}", v.signature),
    };
    let mut entries = vec![(first.entry.label(), signature(first))];
    let mut rules = RuleLabels::default();
    let mut help = String::new();
    if view.together && !view.chain.is_empty() {
        entries.extend(chain(view, &mut help));
    } else {
        let _ = writeln!(
            help,
            "{} came later, so its placement decided:",
            second.entry.label()
        );
        help.push_str(&verdict(second, settings));
        if !view.together {
            apart(view, settings, &mut help);
        }
    }
    if let DecisionView::Forced { rule } = &second.decision {
        rules.rule(
            rule,
            format!(
                "forces L{} into \"{}\"",
                second.entry.line, second.operation.name
            ),
        );
    }
    if let Some(rule) = view.compared.as_ref().and_then(|c| c.blocked_by.as_ref()) {
        rules.rule(rule, "keeps the two apart");
    }
    if view.compared.is_some() {
        rules.settings(settings);
    }
    entries.push((second.entry.label(), signature(second)));
    let mut problem = Problem::advice(ExplainCode::Pair, message).help(help);
    problem = per_entry(problem, entries);
    problem.related.extend(rules.into_problems());
    problem
}

/// Why the later entry did not join the earlier one's operation.
fn apart(view: &PairView, settings: &Settings, help: &mut String) {
    let first = &view.first;
    match &view.compared {
        Some(candidate) => {
            let _ = write!(
                help,
                "\nits score against \"{}\":\n{}",
                first.operation.name,
                candidate_line(candidate)
            );
        }
        None if view.second.candidates.is_empty() => {
            let _ = write!(
                help,
                "\nit was not scored against \"{}\"",
                first.operation.name
            );
        }
        None => {
            let lowest = view.second.candidates.last().map_or(0.0, |c| c.score);
            let _ = write!(
                help,
                "\n\"{}\" was not among its {} best candidates, so it scored at most {} (threshold {})",
                first.operation.name,
                view.second.candidates.len(),
                score(lowest),
                score(settings.threshold)
            );
        }
    }
}

/// Together only through other entries: the members on the way, listed
/// in the help; the first few between the two entries are labelled.
fn chain(view: &PairView, help: &mut String) -> Vec<(String, Label)> {
    let _ = write!(
        help,
        "together through other entries of \"{}\"; its members up to L{}:",
        view.second.operation.name, view.second.entry.line
    );
    let listed = view.chain.len().min(CHAIN_LISTED);
    for link in &view.chain[..listed] {
        let _ = write!(help, "\n• {}: {}", link.entry.label(), link_text(link));
    }
    if view.chain.len() > listed {
        let _ = write!(
            help,
            "\n… and {} more, up to {}",
            view.chain.len() - listed,
            view.second.entry.label()
        );
    }
    if let Some(chosen) = view.second.candidates.iter().find(|c| c.chosen) {
        let _ = write!(
            help,
            "\nL{} scored {}: `{}`",
            view.second.entry.line,
            chosen.founder.as_ref().map_or_else(
                || "against the founder".to_string(),
                |f| reason::founder(f.line)
            ),
            chosen.founder_signature
        );
    }
    let ends = [view.first.entry.number, view.second.entry.number];
    view.chain
        .iter()
        .filter(|l| !ends.contains(&l.entry.number))
        .take(CHAIN_LABELLED)
        .map(|l| {
            let label = Label {
                span: l.title_at.span,
                text: link_text(l),
            };
            (l.entry.label(), label)
        })
        .collect()
}

fn link_text(link: &Link) -> String {
    how_joined(&link.decision, &link.signature)
}
