//! `forge check`: every problem of the rules, journal and inventory at once.

use std::path::Path;

use super::{Io, BAD_INPUT, FAILED, SUCCESS};
use crate::cli::CheckArgs;
use crate::codes;
use crate::error::Problem;
use crate::pipeline;
use crate::resource;
use crate::rules::lint;
use crate::source::Sources;

pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    if let Some(code) = &args.explain {
        return explain_code(code, io);
    }
    match (&args.resource, &args.rules) {
        (Some(dir), rules) => check_resource(dir, rules.as_deref(), args.deny_warnings, io),
        (None, Some(rules)) => check_rules_file(rules, args.deny_warnings, io),
        (None, None) => BAD_INPUT,
    }
}

fn check_resource(dir: &Path, rules: Option<&Path>, deny_warnings: bool, io: &mut Io<'_>) -> i32 {
    let resource = match resource::load(dir, rules) {
        Ok(resource) => resource,
        Err(failure) => return finish(&failure.problems, &failure.sources, deny_warnings, io),
    };
    let analysis = pipeline::analyze(&resource.rules, &resource.journal.entries);
    let mut problems = resource.warnings.clone();
    problems.extend(lint::lint(
        &resource.rules,
        &resource.sources,
        &resource.journal.entries,
        &analysis.clustering,
    ));
    finish(&problems, &resource.sources, deny_warnings, io)
}

fn check_rules_file(path: &Path, deny_warnings: bool, io: &mut Io<'_>) -> i32 {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let _ = resource::load_rules(&mut sources, Some(path), &mut problems);
    finish(&problems, &sources, deny_warnings, io)
}

/// Reports every problem and a count; errors exit 2, warnings exit 0, or 1
/// with `--deny-warnings`.
fn finish(problems: &[Problem], sources: &Sources, deny_warnings: bool, io: &mut Io<'_>) -> i32 {
    io.report(problems, sources);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let _ = writeln!(
        io.err,
        "forge check: {errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    if errors > 0 {
        BAD_INPUT
    } else if deny_warnings && warnings > 0 {
        FAILED
    } else {
        SUCCESS
    }
}

fn explain_code(code: &str, io: &mut Io<'_>) -> i32 {
    if let Some(text) = codes::explain(code) {
        io.print(&format!("{code}\n\n{}\n", wrap(text, 78)));
        return SUCCESS;
    }
    let known: Vec<&str> = codes::CODES.iter().map(|(c, _)| *c).collect();
    let problem = Problem::error(
        "forge::usage::unknown_code",
        format!("no diagnostic has the code `{code}`"),
    )
    .help(format!(
        "codes look like forge::rules::regex{}",
        crate::rules::check::did_you_mean(code, &known)
    ));
    io.report(&[problem], &Sources::default());
    BAD_INPUT
}

/// Wraps text at word boundaries for the terminal.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        if line_len > 0 && line_len + 1 + word.len() > width {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.len();
    }
    out
}
