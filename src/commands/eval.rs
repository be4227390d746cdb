//! `forge eval`: how well the rules group the journal, measured against the
//! operators' own labels.

use super::{Io, FAILED, SUCCESS};
use crate::eval::{self, input, suggest, text};
use crate::options::{EvalArgs, Format};
use crate::pipeline;
use crate::resource;
use crate::rules::DEFAULT_RULES_NAME;

pub(crate) fn run(args: &EvalArgs, io: &mut Io<'_>) -> i32 {
    let input = match input::load(&args.scoring) {
        Ok(input) => input,
        Err(failure) => return io.fail_with(&failure.problems, &failure.sources),
    };
    io.note_warning_count(input.warnings, &input.name, &args.scoring.input.resource);
    let entries = &input.journal.entries;
    let clustering = pipeline::run(&input.rules, entries, pipeline::Record::Decisions).clustering;
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
            rules_text: input.rules_text.as_deref().map(String::as_str),
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
pub(crate) fn rules_name(input: &input::Input) -> String {
    input
        .rules_path
        .as_deref()
        .map_or_else(|| DEFAULT_RULES_NAME.to_string(), resource::display)
}
