//! `forge steps`: every operation as an ordered procedure an agent can
//! follow, each step with the journal lines that justify it.

use super::{Io, BAD_INPUT, SUCCESS};
use crate::aggregate::steps::{self, Procedure};
use crate::codes::UsageCode;
use crate::error::Problem;
use crate::options::{StepsArgs, StepsFormat};
use crate::pipeline;
use crate::render::steps::{self as render, StepsDoc};
use crate::resource;
use crate::source::Sources;

pub(crate) fn run(args: &StepsArgs, io: &mut Io<'_>) -> i32 {
    let resource = match resource::load(&args.input.resource, args.input.rules.as_deref()) {
        Ok(resource) => resource,
        Err(failure) => return io.fail(&failure),
    };
    io.note_warnings(&resource);
    let entries = &resource.journal.entries;
    let analysis = pipeline::run(&resource.rules, entries, pipeline::Record::Decisions);
    let mut procedures = steps::procedures(
        &resource.rules,
        &analysis.summaries,
        entries,
        resource.facts.as_deref().unwrap_or_default(),
    );
    if let Some(wanted) = &args.operation {
        match select(&procedures, wanted) {
            Ok(i) => procedures = vec![procedures.swap_remove(i)],
            Err(problem) => {
                io.report(&[problem], &Sources::default());
                return BAD_INPUT;
            }
        }
    }
    let newest = entries
        .iter()
        .filter_map(|e| e.date)
        .max()
        .map(|d| d.to_string());
    let doc = StepsDoc {
        version: render::VERSION,
        resource: &resource.name,
        journal: resource::JOURNAL,
        newest: newest.as_deref(),
        operations: &procedures,
    };
    io.print(&match args.format {
        StepsFormat::Json => render::json(&doc),
        StepsFormat::Yaml => render::yaml(&doc),
    });
    SUCCESS
}

/// The procedure whose id or name (any case) is `wanted`.
fn select(procedures: &[Procedure], wanted: &str) -> Result<usize, Problem> {
    let wanted_lower = wanted.trim().to_lowercase();
    if let Some(i) = procedures
        .iter()
        .position(|p| p.id == wanted_lower || p.name.to_lowercase() == wanted_lower)
    {
        return Ok(i);
    }
    let closest = procedures
        .iter()
        .map(|p| {
            let by_id = strsim::jaro_winkler(&wanted_lower, &p.id);
            let by_name = strsim::jaro_winkler(&wanted_lower, &p.name.to_lowercase());
            (by_id.max(by_name), &p.id)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let help = match closest {
        Some((_, id)) => format!("did you mean `{id}`?"),
        None => format!(
            "the operations are: {}",
            procedures
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Problem::error(
        UsageCode::UnknownOperation,
        format!("no operation is named `{wanted}`"),
    )
    .help(help))
}
