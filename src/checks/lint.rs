//! Checks of the rules against the journal they group: rules that never
//! apply, and `always merge` rules that put together what a `never merge`
//! rule keeps apart.
//!
//! Only rules of the resource's own file are called dead: the built-in
//! defaults are written for every kind of resource.

use std::collections::HashSet;

use crate::cluster::{first_forbidden_pair, Clustering, Decision};
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::journal::Entry;
use crate::normalize::Step;
use crate::rules::{Rules, DEFAULT_RULES_NAME};
use crate::source::{Sources, Span};

pub(crate) fn lint(
    rules: &Rules,
    sources: &Sources,
    entries: &[Entry],
    clustering: &Clustering,
) -> Vec<Problem> {
    let mut problems = merge_conflicts(rules, entries, clustering);
    if !entries.is_empty() {
        let own = |span: Span| sources.get(span.file).name != DEFAULT_RULES_NAME;
        problems.extend(
            dead_rules(rules, clustering)
                .into_iter()
                .filter(|(span, _)| own(*span))
                .map(|(span, what)| dead_rule(span, what)),
        );
    }
    problems
}

/// Spans of rules that applied to no entry, with what kind of rule each is.
fn dead_rules(rules: &Rules, clustering: &Clustering) -> Vec<(Span, &'static str)> {
    let decisions = &clustering.decisions;
    let fired_normalizers: HashSet<usize> = steps(decisions)
        .filter_map(|s| match s {
            Step::Normalized { rule, .. } => Some(*rule),
            _ => None,
        })
        .collect();
    let fired_synonyms: HashSet<usize> = steps(decisions)
        .filter_map(|s| match s {
            Step::Synonym { synonym, .. } => Some(*synonym),
            _ => None,
        })
        .collect();
    let signatures: Vec<&str> = decisions
        .iter()
        .map(|d| d.signature_text.as_str())
        .collect();
    let any_match = |re: &regex::Regex| signatures.iter().any(|s| re.is_match(s));
    let founders: Vec<&str> = clustering
        .operations
        .iter()
        .map(|o| o.founder.as_str())
        .collect();
    let mut dead = Vec::new();
    for (i, n) in rules.normalizers.iter().enumerate() {
        if !fired_normalizers.contains(&i) {
            dead.push((n.span, "normalize rule"));
        }
    }
    // A synonym group is vocabulary: it is dead only when none of its
    // words, its canonical word included, occurs in any entry.
    let words: HashSet<&str> = decisions
        .iter()
        .flat_map(|d| {
            d.signature
                .parts
                .iter()
                .flat_map(|p| p.words.iter().map(String::as_str))
        })
        .collect();
    let mut groups: Vec<Span> = rules.synonyms.iter().map(|s| s.group_span).collect();
    groups.sort();
    groups.dedup();
    for group in groups {
        let used = rules.synonyms.iter().enumerate().any(|(i, s)| {
            s.group_span == group
                && (fired_synonyms.contains(&i) || words.contains(s.canonical.as_str()))
        });
        if !used {
            dead.push((group, "synonym group"));
        }
    }
    for rule in &rules.never_merge {
        if !any_match(&rule.left) || !any_match(&rule.right) {
            dead.push((rule.span, "never merge rule"));
        }
    }
    for rule in &rules.always_merge {
        if !any_match(&rule.pattern) {
            dead.push((rule.span, "always merge rule"));
        }
    }
    for rule in &rules.names {
        if !founders.iter().any(|f| rule.pattern.is_match(f)) {
            dead.push((rule.span, "name rule"));
        }
    }
    dead.sort();
    dead
}

fn steps(decisions: &[Decision]) -> impl Iterator<Item = &Step> {
    decisions.iter().flat_map(|d| &d.trace)
}

fn dead_rule(span: Span, what: &str) -> Problem {
    Problem::warning(RulesCode::DeadRule, format!("this {what} applies to no entry of the journal"))
        .label(span, "never used")
        .help("remove it, or fix its pattern; `forge explain --text \"…\"` shows how a title is normalized")
}

/// Forced operations holding two entries that a `never merge` rule keeps
/// apart: the `always merge` rule wins, but the rules contradict.
fn merge_conflicts(rules: &Rules, entries: &[Entry], clustering: &Clustering) -> Vec<Problem> {
    let mut problems = Vec::new();
    for op in &clustering.operations {
        let Some(always) = op.forced_by.and_then(|i| rules.always_merge.get(i)) else {
            continue;
        };
        let texts: Vec<&str> = op
            .members
            .iter()
            .map(|&m| clustering.decisions[m].signature_text.as_str())
            .collect();
        for never in &rules.never_merge {
            let pair =
                first_forbidden_pair(never, &texts).map(|(a, b)| (op.members[a], op.members[b]));
            if let Some((a, b)) = pair {
                problems.push(conflict(always.span, never.span, &entries[a], &entries[b]));
            }
        }
    }
    problems
}

fn conflict(always: Span, never: Span, a: &Entry, b: &Entry) -> Problem {
    let journal = Problem::advice(
        RulesCode::MergeConflict,
        "these entries are forced together",
    )
    .label(a.title_span, "this entry")
    .label(b.title_span, "and this one");
    Problem::warning(RulesCode::MergeConflict, "an `always merge` rule forces together entries that a `never merge` rule keeps apart")
        .label(always, "forces them into one operation")
        .point(never, "forbids putting them together")
        .related(journal)
        .help("narrow the `always merge` pattern, or the `never merge` one; the `always merge` rule wins until then")
}
