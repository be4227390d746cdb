//! `forge check`: every problem of the rules, journal and inventory at once.

use std::path::Path;

use super::{Io, BAD_INPUT, FAILED, SUCCESS};
use crate::checks::lint;
use crate::codes::{self, Code, RulesCode, UsageCode};
use crate::config::Lints;
use crate::error::Problem;
use crate::options::{CheckArgs, CheckFormat};
use crate::pipeline;
use crate::render::ci::{self, Located};
use crate::render::sarif;
use crate::resource;
use crate::source::Sources;

pub(crate) fn run(args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    if let Some(code) = &args.explain {
        return explain_code(code, io);
    }
    let checked = match (&args.ledger, &args.resource, &args.rules) {
        (Some(ledger), _, rules) => {
            match super::check_ledger::check(ledger, rules.as_deref(), args.shard) {
                Ok(checked) => checked,
                Err(failure) => vec![failure],
            }
        }
        (None, Some(dir), rules) => vec![check_resource(dir, rules.as_deref(), &io.lints)],
        (None, None, Some(rules)) => vec![check_rules_file(rules)],
        (None, None, None) => return BAD_INPUT,
    };
    finish(&checked, args, io)
}

/// The problems found in one resource (or rules file), with lint levels
/// applied, and the sources they point into.
#[derive(Default)]
pub(crate) struct Checked {
    pub(crate) sources: Sources,
    pub(crate) problems: Vec<Problem>,
    /// Its forge.toml says `deny-warnings` (in a ledger: per resource).
    pub(crate) deny_warnings: bool,
}

/// Every problem of one resource folder.
pub(crate) fn check_resource(dir: &Path, rules: Option<&Path>, lints: &Lints) -> Checked {
    let resource = match resource::load(dir, rules) {
        Ok(resource) => resource,
        Err(failure) => {
            return Checked {
                problems: lints.apply(failure.problems),
                sources: failure.sources,
                ..Checked::default()
            }
        }
    };
    let analysis = pipeline::run(
        &resource.rules,
        &resource.journal.entries,
        pipeline::Record::Decisions,
    );
    let mut problems = resource.warnings.clone();
    problems.extend(lint::lint(
        &resource.rules,
        &resource.sources,
        &resource.journal.entries,
        &analysis.clustering,
    ));
    Checked {
        problems: lints.apply(problems),
        sources: resource.sources,
        ..Checked::default()
    }
}

fn check_rules_file(path: &Path) -> Checked {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let _ = resource::load_rules(&mut sources, Some(path), &mut problems);
    Checked {
        sources,
        problems,
        ..Checked::default()
    }
}

/// How many diagnostics of one code are drawn unless `--all` is given: a
/// journal of a million entries without verify fields must not print a
/// million snippets.
const SHOWN_PER_CODE: usize = 20;

/// Reports the problems in the chosen format and a count; errors exit 2,
/// warnings exit 0, or 1 with `--deny-warnings` (or a warning denied in
/// forge.toml).
fn finish(checked: &[Checked], args: &CheckArgs, io: &mut Io<'_>) -> i32 {
    let all = || checked.iter().flat_map(|c| &c.problems);
    let errors = all().filter(|p| p.is_error()).count();
    let warnings = all().count() - errors;
    match args.format {
        CheckFormat::Text => {
            for one in checked {
                draw(&one.problems, &one.sources, args.all, io);
            }
        }
        format => io.print(&machine_output(checked, format, errors, warnings)),
    }
    let _ = writeln!(
        io.err,
        "forge check: {errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    // Warnings denied in forge.toml fail the check (exit 1); they are not
    // bad input.
    let denied = all().filter(|p| crate::config::is_denied(p)).count();
    if errors > denied {
        BAD_INPUT
    } else if denied > 0 || (args.deny_warnings && warnings > 0) || denied_by_config(checked) {
        FAILED
    } else {
        SUCCESS
    }
}

/// Whether a resource whose forge.toml says `deny-warnings` has warnings.
fn denied_by_config(checked: &[Checked]) -> bool {
    checked
        .iter()
        .any(|c| c.deny_warnings && c.problems.iter().any(|p| !p.is_error()))
}

/// Draws one source table's problems on stderr, at most
/// [`SHOWN_PER_CODE`] of each code unless `all`.
fn draw(problems: &[Problem], sources: &Sources, all: bool, io: &mut Io<'_>) {
    let (shown, hidden) = if all {
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
}

/// Every problem, located, as JSON, SARIF or workflow commands.
fn machine_output(
    checked: &[Checked],
    format: CheckFormat,
    errors: usize,
    warnings: usize,
) -> String {
    let located: Vec<Located> = checked
        .iter()
        .flat_map(|c| c.problems.iter().map(|p| Located::of(p, &c.sources)))
        .collect();
    match format {
        CheckFormat::Json => ci::json(&ci::CheckReport {
            version: 1,
            errors,
            warnings,
            diagnostics: &located,
        }),
        CheckFormat::Sarif => sarif::render(&located),
        CheckFormat::Github | CheckFormat::Text => ci::github(&located),
    }
}

/// The first [`SHOWN_PER_CODE`] problems of each code, in order, and how
/// many of each code were left out.
fn limit_per_code(problems: &[Problem]) -> (Vec<Problem>, Vec<(Code, usize)>) {
    let mut seen: Vec<(Code, usize)> = Vec::new();
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
    let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let problem = Problem::error(
        UsageCode::UnknownCode,
        format!("no diagnostic has the code `{code}`"),
    )
    .help(format!(
        "codes look like {}{}",
        RulesCode::Regex,
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
