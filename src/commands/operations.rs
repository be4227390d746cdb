//! `forge operations`: the inferred operations as a table or JSON.

use super::{Io, SUCCESS};
use crate::aggregate::{self, digest::Digest};
use crate::options::{OperationsArgs, OperationsFormat};
use crate::pipeline::{self, Folding};
use crate::render::{labels, operations};
use crate::resource::{self, Resource};

pub(crate) fn run(args: &OperationsArgs, io: &mut Io<'_>) -> i32 {
    match args.format {
        OperationsFormat::Table | OperationsFormat::Labels => table(args, io),
        OperationsFormat::Json => json(args, io),
    }
}

/// The resource, with its journal folded while it is parsed; on failure,
/// the exit code once the failure is reported.
fn folded(args: &OperationsArgs, io: &mut Io<'_>) -> Result<(Resource, Folding), i32> {
    let loaded = resource::load_parsing(
        &args.input.resource,
        args.input.rules.as_deref(),
        |rules, file, text| pipeline::fold(rules, file, text, Digest::default()),
    );
    match loaded {
        Ok((resource, folding)) => {
            io.note_warnings(&resource);
            Ok((resource, folding))
        }
        Err(failure) => Err(io.fail(&failure)),
    }
}

/// The table (or a labels file), from the summaries folded while the
/// journal is parsed.
fn table(args: &OperationsArgs, io: &mut Io<'_>) -> i32 {
    let (resource, folding) = match folded(args, io) {
        Ok(folded) => folded,
        Err(code) => return code,
    };
    let journal = &resource.sources.get(resource.journal.file).text;
    let summaries = aggregate::resolve(&folding.digest, journal, folding.summaries);
    io.print(&if args.format == OperationsFormat::Labels {
        labels::labels(&resource.name, &summaries)
    } else {
        operations::table(&summaries)
    });
    SUCCESS
}

/// The JSON, folded while the journal is parsed and written as it is
/// serialized: what a journal of a million entries needs to fit in memory.
fn json(args: &OperationsArgs, io: &mut Io<'_>) -> i32 {
    let (resource, folding) = match folded(args, io) {
        Ok(folded) => folded,
        Err(code) => return code,
    };
    let text = &resource.sources.get(resource.journal.file).text;
    // A closed stdout (`| head`) ends the output, as `print` does.
    let _ = operations::write_json(
        io.out,
        &resource.name,
        text,
        &folding.digest,
        &folding.summaries,
    );
    SUCCESS
}
