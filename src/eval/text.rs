//! The text and JSON output of `forge eval` and `forge tune`.

use std::fmt::Write as _;

use super::metrics::Scores;
use super::report::{Decider, Member, WrongMerge, WrongSplit};
use super::suggest::Suggestion;
use super::sweep::Setting;
use super::Evaluation;

/// Entries listed per group in the table; JSON lists them all.
const SHOWN: usize = 5;

pub(crate) fn json(evaluation: &Evaluation) -> String {
    let mut text = serde_json::to_string_pretty(evaluation).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) fn table(e: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "forge eval: {}, {} of {} entries labelled ({} labels) in {} operations",
        e.resource, e.labelled, e.entries, e.labels, e.operations
    );
    let _ = writeln!(
        out,
        "rules: {} ({}, threshold {})\n",
        e.rules,
        e.metric,
        super::write::literal(e.threshold)
    );
    for (name, value) in [
        ("grouping accuracy (GA)", e.scores.ga),
        ("pairwise precision", e.scores.precision),
        ("pairwise recall", e.scores.recall),
        ("pairwise F1", e.scores.f1),
        ("adjusted Rand index", e.scores.ari),
    ] {
        let _ = writeln!(out, "  {name:<24} {value:.3}");
    }
    out.push('\n');
    merges(&mut out, &e.wrong_merges);
    out.push('\n');
    splits(&mut out, &e.wrong_splits);
    if let Some(found) = &e.suggestions {
        out.push('\n');
        suggestions(&mut out, &e.scores, found);
    }
    out
}

fn suggestions(out: &mut String, before: &Scores, found: &[Suggestion]) {
    if found.is_empty() {
        out.push_str("No suggested rules: no candidate raised the grouping accuracy.\n");
        return;
    }
    out.push_str(
        "Suggested rules, best first (each added alone to the rules and checked by grouping the journal again):\n",
    );
    for (n, s) in found.iter().enumerate() {
        let mends = if s.mends.is_empty() {
            String::new()
        } else {
            format!(": makes {} whole", s.mends.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}. GA {:.3} → {:.3}, F1 {:.3} → {:.3}{mends}\n       {}",
            n + 1,
            before.ga,
            s.scores.ga,
            before.f1,
            s.scores.f1,
            s.rule
        );
    }
}

fn merges(out: &mut String, merges: &[WrongMerge]) {
    if merges.is_empty() {
        out.push_str("No wrong merges: no operation holds entries the labels keep apart.\n");
        return;
    }
    out.push_str("Wrong merges (entries together that the labels keep apart), worst first:\n");
    for (n, m) in merges.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. \"{}\" holds {} ({}) and {} ({}): {} wrong pair{}",
            n + 1,
            m.operation,
            m.kept.label,
            m.kept.entries.len(),
            m.joined.label,
            m.joined.entries.len(),
            m.pairs,
            plural(m.pairs)
        );
        members(out, "founded by", &m.kept.entries);
        members(out, "joined by", &m.joined.entries);
        decided(out, &m.decided_by);
    }
}

fn splits(out: &mut String, splits: &[WrongSplit]) {
    if splits.is_empty() {
        out.push_str("No wrong splits: every label is one operation.\n");
        return;
    }
    out.push_str("Wrong splits (entries the labels keep together, apart), worst first:\n");
    for (n, s) in splits.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} is split: \"{}\" ({}) and \"{}\" ({}): {} missing pair{}",
            n + 1,
            s.label,
            s.kept.operation,
            s.kept.entries.len(),
            s.split.operation,
            s.split.entries.len(),
            s.pairs,
            plural(s.pairs)
        );
        members(out, "kept in", &s.kept.entries);
        members(out, "split off", &s.split.entries);
        decided(out, &s.decided_by);
    }
}

fn members(out: &mut String, what: &str, entries: &[Member]) {
    let mut shown: Vec<String> = entries
        .iter()
        .take(SHOWN)
        .map(|m| format!("L{} {}", m.line, m.title))
        .collect();
    if entries.len() > SHOWN {
        shown.push(format!("… {} more", entries.len() - SHOWN));
    }
    let _ = writeln!(out, "     {what:<11} {}", shown.join(" · "));
}

fn decided(out: &mut String, decider: &Decider) {
    let _ = writeln!(
        out,
        "     {:<11} L{}: {}",
        "decided by", decider.entry.line, decider.text
    );
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The sweep as a table, the best setting and the current one marked.
pub(crate) fn sweep(
    resource: &str,
    labelled: usize,
    settings: &[Setting],
    best: Option<usize>,
    current: (&str, f64),
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "forge tune: {resource}, {labelled} labelled entries; current setting {} {}\n",
        current.0,
        super::write::literal(current.1)
    );
    let _ = writeln!(
        out,
        "{:<14} {:>9} {:>6} {:>6} {:>6} {:>4}",
        "metric", "threshold", "GA", "F1", "ARI", "ops"
    );
    for (i, s) in settings.iter().enumerate() {
        let mut marks = Vec::new();
        if Some(i) == best {
            marks.push("← best");
        }
        if s.metric.name() == current.0 && (s.threshold - current.1).abs() < 1e-9 {
            marks.push("(current)");
        }
        let line = format!(
            "{:<14} {:>9.2} {:>6.3} {:>6.3} {:>6.3} {:>4}  {}",
            s.metric.name(),
            s.threshold,
            s.scores.ga,
            s.scores.f1,
            s.scores.ari,
            s.operations,
            marks.join(" ")
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(b) = best.and_then(|b| settings.get(b)) {
        let _ = writeln!(
            out,
            "\nbest: metric {}, threshold {} (GA {:.3}, F1 {:.3}, ARI {:.3})",
            b.metric.name(),
            super::write::literal(b.threshold),
            b.scores.ga,
            b.scores.f1,
            b.scores.ari
        );
    }
    out
}
