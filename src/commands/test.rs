//! `forge test`: run the `test` blocks of the rules.

use std::fmt::Write as _;

use super::{Io, BAD_INPUT, FAILED, SUCCESS};
use crate::checks::testing::{self, CaseResult};
use crate::cluster::Reason;
use crate::codes::TestCode;
use crate::error::Problem;
use crate::options::{Format, TestArgs};
use crate::render::reason;
use crate::resource;
use crate::rules::{Rules, TestBlock, DEFAULT_RULES_NAME};
use crate::source::Sources;

pub(crate) fn run(args: &TestArgs, io: &mut Io<'_>) -> i32 {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    if let Some(dir) = args.resource.as_deref().filter(|d| !d.is_dir()) {
        io.report(&[resource::missing_folder(dir)], &sources);
        return BAD_INPUT;
    }
    let path = args.rules.clone().or_else(|| {
        args.resource
            .as_deref()
            .and_then(|dir| resource::rules_path(dir, None))
    });
    let Some(rules) = resource::load_rules(&mut sources, path.as_deref(), &mut problems) else {
        io.report(&problems, &sources);
        return BAD_INPUT;
    };
    // A file's own tests; the defaults' tests only when testing the defaults.
    let blocks: Vec<&TestBlock> = rules
        .tests
        .iter()
        .filter(|b| {
            let built_in = path
                .as_deref()
                .is_none_or(|p| p.as_os_str() == DEFAULT_RULES_NAME);
            built_in || sources.get(b.span.file).name != DEFAULT_RULES_NAME
        })
        .collect();
    let results = testing::run(&rules, &blocks);
    let failures: Vec<Problem> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| failure(&rules, &sources, r))
        .collect();
    io.report(&failures, &sources);
    match args.format {
        Format::Table => io.print(&table(&results)),
        Format::Json => io.print(&json(&results)),
    }
    if failures.is_empty() {
        SUCCESS
    } else {
        FAILED
    }
}

fn table(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results {
        let _ = writeln!(
            out,
            "{:<6} {}: {} \"{}\" \"{}\"",
            if r.passed { "ok" } else { "FAILED" },
            r.block,
            r.expect,
            r.left,
            r.right
        );
    }
    let passed = results.iter().filter(|r| r.passed).count();
    let _ = writeln!(out, "{passed} passed, {} failed", results.len() - passed);
    out
}

fn json(results: &[CaseResult]) -> String {
    let passed = results.iter().filter(|r| r.passed).count();
    let doc = serde_json::json!({
        "passed": passed,
        "failed": results.len() - passed,
        "cases": results,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A failed case as a diagnostic at the test line, saying what decided.
fn failure(rules: &Rules, sources: &Sources, r: &CaseResult) -> Problem {
    let verb = if r.expect == "same" {
        "one operation"
    } else {
        "different operations"
    };
    let got = if r.together { "together" } else { "apart" };
    let problem = Problem::error(
        TestCode::Failed,
        format!(
            "test \"{}\": expected \"{}\" and \"{}\" to be {verb}",
            r.block, r.left, r.right
        ),
    )
    .label(r.span, format!("but the rules put them {got}"));
    let signatures = format!(
        "signatures: `{}` and `{}`",
        r.left_signature, r.right_signature
    );
    let (problem, decided) = decider(rules, sources, r, problem);
    problem.help(format!("{signatures}; {decided}"))
}

/// Labels the rule that decided, and says in words what it did.
fn decider(
    rules: &Rules,
    sources: &Sources,
    r: &CaseResult,
    problem: Problem,
) -> (Problem, String) {
    let threshold = format!("threshold {} ({})", rules.threshold, rules.metric.name());
    let blocked = r
        .candidate
        .as_ref()
        .and_then(|c| c.blocked_by)
        .and_then(|i| rules.never_merge.get(i));
    match (&r.reason, &r.candidate) {
        (Reason::Forced { rule }, _) => match rules.always_merge.get(*rule) {
            Some(always) => (
                problem.point(always.span, "this `always merge` rule decided"),
                format!(
                    "forced by the `always merge` rule at {}",
                    sources.short_location(always.span)
                ),
            ),
            None => (problem, "forced by an `always merge` rule".to_string()),
        },
        (Reason::SameSignature { .. }, _) => (
            problem,
            "the signatures are equal, so they are one operation".to_string(),
        ),
        (Reason::SamePlain { .. }, _) => (
            problem,
            format!("{}, so they are one operation", reason::SAME_PLAIN),
        ),
        (_, _) if blocked.is_some() => {
            let never = blocked.map_or(r.span, |n| n.span);
            (
                problem.point(never, "this `never merge` rule kept them apart"),
                format!(
                    "kept apart by the `never merge` rule at {}",
                    sources.short_location(never)
                ),
            )
        }
        (_, Some(candidate)) => {
            let relation = if candidate.score >= rules.threshold {
                "reaches"
            } else {
                "is below"
            };
            (
                problem.point(rules.threshold_span, "the threshold compared against"),
                format!("score {:.2} {relation} the {threshold}", candidate.score),
            )
        }
        (_, None) => (problem, format!("not compared; {threshold}")),
    }
}
