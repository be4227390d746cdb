//! Operations: every member and the decision that brought it in.

use std::fmt::Write as _;

use crate::codes::ExplainCode;
use crate::error::{Label, Problem};

use super::labels::{per_entry, score, RuleLabels};
use super::model::{DecisionView, EntryView, OperationView};
use super::text::{how_joined, named_by};

/// How much of an operation to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// A few labelled members and a tally, for reading every operation.
    Compact,
    /// Every member listed with its decision.
    Full,
}

impl Detail {
    /// Members labelled in the journal snippet. Labels are capped: a
    /// snippet of thousands of headings reads worse than a list, and
    /// each label costs the renderer a scan of the journal up to it.
    fn labels(self) -> usize {
        match self {
            Detail::Compact => 3,
            Detail::Full => 10,
        }
    }
}

pub(crate) fn operation(view: &OperationView, detail: Detail) -> Problem {
    let count = view.members.len();
    let mut problem = Problem::advice(
        ExplainCode::Operation,
        format!(
            "\"{}\" ({}): {count} entr{}",
            view.operation.name,
            view.operation.id,
            if count == 1 { "y" } else { "ies" }
        ),
    );
    let labelled = telling_members(view, detail.labels());
    let entries = labelled
        .iter()
        .map(|m| {
            let label = Label {
                span: m.title_at.span,
                text: how_joined(&m.decision, &m.signature),
            };
            (m.entry.label(), label)
        })
        .collect();
    let mut rules = RuleLabels::default();
    if let Some(rule) = view.members.iter().find_map(|m| match &m.decision {
        DecisionView::Forced { rule } => Some(rule),
        _ => None,
    }) {
        rules.rule(rule, "forces its members in");
    }
    named_by(&view.operation, &mut rules);
    let mut help = format!("template: {}\n{}", view.template, naming(view));
    if count > 1 {
        let _ = write!(help, "\nhow its entries joined: {}", tally(&view.members));
    }
    match detail {
        Detail::Full => {
            for member in &view.members {
                let _ = write!(
                    help,
                    "\n• {}: {}",
                    member.entry.label(),
                    how_joined(&member.decision, &member.signature)
                );
            }
        }
        Detail::Compact if count > labelled.len() => {
            let _ = write!(
                help,
                "\n{} more not labelled; `forge explain --operation {}` lists every entry",
                count - labelled.len(),
                view.operation.id
            );
        }
        Detail::Compact => {}
    }
    problem.help = Some(help);
    problem = per_entry(problem, entries);
    problem.related.extend(rules.into_problems());
    problem
}

fn naming(view: &OperationView) -> String {
    match &view.operation.named_by {
        Some(rule) => format!(
            "named by the {} rule at {}",
            rule.kind.keyword(),
            rule.at.short()
        ),
        None => format!(
            "named after the signature of its first entry, `{}`",
            view.founder
        ),
    }
}

/// The members most worth a label, up to `cap`, in journal order: the one
/// that started the operation, then the weakest joins by score (where
/// surprising merges hide), then members forced in, then equal signatures.
fn telling_members(view: &OperationView, cap: usize) -> Vec<&EntryView> {
    let rank = |m: &EntryView| match m.decision {
        DecisionView::New | DecisionView::Split { .. } => (0, 0.0),
        DecisionView::Joined { score, .. } => (1, score),
        DecisionView::Forced { .. } => (2, 0.0),
        DecisionView::SameSignature { .. } | DecisionView::SamePlain { .. } => (3, 0.0),
    };
    let mut members: Vec<&EntryView> = view.members.iter().collect();
    members.sort_by(|a, b| {
        let (ra, rb) = (rank(a), rank(b));
        ra.0.cmp(&rb.0)
            .then(ra.1.total_cmp(&rb.1))
            .then(a.entry.number.cmp(&b.entry.number))
    });
    members.truncate(cap);
    members.sort_by_key(|m| m.entry.number);
    members
}

/// `1 started it, 2 by score (lowest 0.62, L40), 5 same signature`.
fn tally(members: &[EntryView]) -> String {
    let (mut started, mut forced, mut same) = (0, 0, 0);
    let mut joined: Vec<(f64, usize)> = Vec::new();
    for member in members {
        match member.decision {
            DecisionView::New | DecisionView::Split { .. } => started += 1,
            DecisionView::Forced { .. } => forced += 1,
            DecisionView::SameSignature { .. } | DecisionView::SamePlain { .. } => same += 1,
            DecisionView::Joined { score, .. } => joined.push((score, member.entry.line)),
        }
    }
    let mut parts = Vec::new();
    if started > 0 {
        parts.push(format!("{started} started it"));
    }
    if let Some((lowest, line)) = joined.iter().min_by(|a, b| a.0.total_cmp(&b.0)) {
        parts.push(format!(
            "{} by score (lowest {}, L{line})",
            joined.len(),
            score(*lowest)
        ));
    }
    if forced > 0 {
        parts.push(format!("{forced} forced by always merge"));
    }
    if same > 0 {
        parts.push(format!("{same} same signature as an earlier entry"));
    }
    parts.join(", ")
}
