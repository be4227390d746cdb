//! `forge operations`: the inferred operations as a table or JSON.

use super::{Io, SUCCESS};
use crate::cli::{Format, OperationsArgs};
use crate::pipeline;
use crate::render::operations;
use crate::resource;

pub fn run(args: &OperationsArgs, io: &mut Io<'_>) -> i32 {
    let resource = match resource::load(&args.input.resource, args.input.rules.as_deref()) {
        Ok(resource) => resource,
        Err(failure) => return io.fail(&failure),
    };
    io.note_warnings(&resource);
    let analysis = pipeline::lean(&resource.rules, &resource.journal.entries);
    let text = match args.format {
        Format::Table => operations::table(&analysis.summaries),
        Format::Json => operations::json(&resource.name, &analysis.summaries),
    };
    io.print(&text);
    SUCCESS
}
