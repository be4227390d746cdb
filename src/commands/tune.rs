//! `forge tune`: the threshold (and metric) that best reproduce the
//! operators' labels, and `--write` to keep it.

use std::fmt::Write as _;

use super::{Io, BAD_INPUT, SUCCESS};
use crate::codes::IoCode;
use crate::eval::sweep::{self, Setting};
use crate::eval::write::{self, Target};
use crate::eval::{input, text};
use crate::options::TuneArgs;
use crate::resource::{self, RULES};
use crate::rules::Metric;

pub(crate) fn run(args: &TuneArgs, io: &mut Io<'_>) -> i32 {
    let input = match input::load(&args.scoring) {
        Ok(input) => input,
        Err(failure) => return io.fail_with(&failure.problems, &failure.sources),
    };
    io.note_warning_count(input.warnings, &input.name, &args.scoring.input.resource);
    let rules = &input.rules;
    let metrics: Vec<Metric> = match args.metric.as_deref() {
        None => vec![rules.metric],
        Some("all") => Metric::ALL.iter().map(|(_, m)| *m).collect(),
        // clap only lets metric names and `all` through.
        Some(name) => Metric::from_name(name).into_iter().collect(),
    };
    let settings = sweep::run(rules, &input.journal.entries, &input.labels, &metrics);
    let best = sweep::best(&settings, rules.metric, rules.threshold);
    let labelled = input.labels.iter().flatten().count();
    io.print(&text::sweep(
        &input.name,
        labelled,
        &settings,
        best,
        (rules.metric.name(), rules.threshold),
    ));
    match best.and_then(|b| settings.get(b)) {
        Some(best) if args.write => write_best(&input, &args.scoring.input.resource, best, io),
        _ => SUCCESS,
    }
}

fn write_best(input: &input::Input, dir: &std::path::Path, best: &Setting, io: &mut Io<'_>) -> i32 {
    let path = input.rules_path.clone().unwrap_or_else(|| dir.join(RULES));
    let name = resource::display(&path);
    let current = match &input.rules_path {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(error) => {
                let mut problems = Vec::new();
                let mut sources = input.sources.clone();
                let _ = resource::read_text(&mut sources, path, &mut problems);
                if problems.is_empty() {
                    problems.push(crate::error::Problem::error(
                        IoCode::Unreadable,
                        format!("cannot read {name}: {error}"),
                    ));
                }
                io.report(&problems, &sources);
                return BAD_INPUT;
            }
        },
        None => None,
    };
    let target = Target {
        text: current.as_deref(),
        name: &name,
        sources: &input.sources,
        rules: &input.rules,
    };
    let mut note = String::new();
    match write::rewrite(&target, best.metric, best.threshold) {
        None => {
            let _ = writeln!(note, "{name} already has the best setting; nothing written");
        }
        Some(new_text) => {
            if let Err(problem) = crate::write::replace(&path, &new_text, current.as_deref()) {
                io.report(&[problem], &input.sources);
                return BAD_INPUT;
            }
            let _ = writeln!(
                note,
                "{name} now says: metric {}, threshold {}",
                best.metric.name(),
                write::literal(best.threshold)
            );
        }
    }
    io.print(&note);
    SUCCESS
}
