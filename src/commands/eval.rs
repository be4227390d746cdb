//! `forge eval`: how well the rules group the journal, measured against the
//! operators' own labels.

use super::{Io, BAD_INPUT, FAILED, SUCCESS};
use crate::cli::{EvalArgs, Format};
use crate::eval::{self, input, suggest, text};
use crate::pipeline;
use crate::resource;
use crate::rules::DEFAULT_RULES_NAME;

pub fn run(args: &EvalArgs, io: &mut Io<'_>) -> i32 {
    let input = match input::load(&args.scoring) {
        Ok(input) => input,
        Err(failure) => return report_failure(&failure, io),
    };
    note_warnings(&input, &args.scoring.input.resource, io);
    let entries = &input.journal.entries;
    let clustering = pipeline::analyze(&input.rules, entries).clustering;
    let mut evaluation = eval::evaluate(
        &input.name,
        &rules_name(&input),
        &input.rules,
        &input.sources,
        entries,
        &input.labels,
        &clustering,
    );
    if args.suggest {
        evaluation.suggestions = Some(suggest::suggest(&suggest::Basis {
            rules_text: input.rules_text.as_deref(),
            rules: &input.rules,
            entries,
            labels: &input.labels,
            clustering: &clustering,
        }));
    }
    io.print(&match args.format {
        Format::Table => text::table(&evaluation),
        Format::Json => text::json(&evaluation),
    });
    match args.min_ga {
        Some(min) if evaluation.scores.ga < min => {
            let _ = writeln!(
                io.err,
                "forge eval: grouping accuracy {:.3} is below --min-ga {min}",
                evaluation.scores.ga
            );
            FAILED
        }
        _ => SUCCESS,
    }
}

/// The rules file as shown in output.
pub fn rules_name(input: &input::Input) -> String {
    input
        .rules_path
        .as_deref()
        .map_or_else(|| DEFAULT_RULES_NAME.to_string(), resource::display)
}

/// Reports the errors of a failed load (as `Io::fail` does for resources).
pub fn report_failure(failure: &input::Failure, io: &mut Io<'_>) -> i32 {
    let errors: Vec<_> = failure
        .problems
        .iter()
        .filter(|p| p.is_error())
        .cloned()
        .collect();
    io.report(&errors, &failure.sources);
    BAD_INPUT
}

/// One line saying the journal has warnings; `forge check` shows them.
pub fn note_warnings(input: &input::Input, dir: &std::path::Path, io: &mut Io<'_>) {
    let n = input.warnings;
    if n > 0 {
        let _ = writeln!(
            io.err,
            "forge: {n} warning{} in {}; run `forge check --resource {}` for details",
            if n == 1 { "" } else { "s" },
            input.name,
            resource::display(dir),
        );
    }
}
