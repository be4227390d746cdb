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
        (Some(dir), rules) => check_resource(dir, rules.as_deref(), args, io),
        (None, Some(rules)) => check_rules_file(rules, args, io),
        (None, None) => BAD_INPUT,
    }
}

fn check_resource(dir: &Path, rules: Option<&Path>, args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let resource = match resource::load(dir, rules) {
        Ok(resource) => resource,
        Err(failure) => return finish(&failure.problems, &failure.sources, args, io),
    };
    let analysis = pipeline::analyze(&resource.rules, &resource.journal.entries);
    let mut problems = resource.warnings.clone();
    problems.extend(lint::lint(
        &resource.rules,
        &resource.sources,
        &resource.journal.entries,
        &analysis.clustering,
    ));
    finish(&problems, &resource.sources, args, io)
}

fn check_rules_file(path: &Path, args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let _ = resource::load_rules(&mut sources, Some(path), &mut problems);
    finish(&problems, &sources, args, io)
}

/// How many diagnostics of one code are drawn unless `--all` is given: a
/// journal of a million entries without verify fields must not print a
/// million snippets.
const SHOWN_PER_CODE: usize = 20;

/// Reports the problems and a count; errors exit 2, warnings exit 0, or 1
/// with `--deny-warnings`.
fn finish(problems: &[Problem], sources: &Sources, args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let leveled = io.lints.apply(problems.to_vec());
    let problems = leveled.as_slice();
    let (shown, hidden) = if args.all {
        (problems.to_vec(), Vec::new())
    } else {
        limit_per_code(problems)
    };
    io.report(&shown, sources);
    for (code, count) in hidden {
        let _ = writeln!(
            io.err,
            "… and {count} more {code} (run with --all to see every one)"
        );
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let _ = writeln!(
        io.err,
        "forge check: {errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    // Warnings denied in forge.toml fail the check (exit 1); they are not
    // bad input.
    let denied = problems
        .iter()
        .filter(|p| p.is_error() && crate::config::LINTS.contains(&p.code))
        .count();
    if errors > denied {
        BAD_INPUT
    } else if denied > 0 || (args.deny_warnings && warnings > 0) {
        FAILED
    } else {
        SUCCESS
    }
}

/// The first [`SHOWN_PER_CODE`] problems of each code, in order, and how
/// many of each code were left out.
fn limit_per_code(problems: &[Problem]) -> (Vec<Problem>, Vec<(&'static str, usize)>) {
    let mut seen: Vec<(&'static str, usize)> = Vec::new();
    let mut shown = Vec::new();
    for problem in problems {
        let count = if let Some((_, n)) = seen.iter_mut().find(|(code, _)| *code == problem.code) {
            *n += 1;
            *n
        } else {
            seen.push((problem.code, 1));
            1
        };
        if count <= SHOWN_PER_CODE {
            shown.push(problem.clone());
        }
    }
    let hidden = seen
        .into_iter()
        .filter(|(_, n)| *n > SHOWN_PER_CODE)
        .map(|(code, n)| (code, n - SHOWN_PER_CODE))
        .collect();
    (shown, hidden)
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
