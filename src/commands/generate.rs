//! `forge generate`: RUNBOOK.md, printed, written atomically, or checked.

use std::path::{Path, PathBuf};

use super::{Io, BAD_INPUT, FAILED, SUCCESS};
use crate::cli::GenerateArgs;
use crate::error::Problem;
use crate::pipeline;
use crate::render::runbook::{self, RunbookView};
use crate::resource::{self, Resource};
use crate::source::Sources;

pub const RUNBOOK: &str = "RUNBOOK.md";

pub fn run(args: &GenerateArgs, io: &mut Io<'_>) -> i32 {
    let resource = match resource::load(&args.input.resource, args.input.rules.as_deref()) {
        Ok(resource) => resource,
        Err(failure) => return io.fail(&failure),
    };
    io.note_warnings(&resource);
    let text = runbook_text(&resource);
    if args.check {
        let path = args
            .out
            .clone()
            .unwrap_or_else(|| resource.dir.join(RUNBOOK));
        return check(&path, &text, io);
    }
    match &args.out {
        None => {
            io.print(&text);
            SUCCESS
        }
        Some(path) => match write_atomic(path, &text) {
            Ok(()) => SUCCESS,
            Err(problem) => {
                io.report(&[problem], &Sources::default());
                BAD_INPUT
            }
        },
    }
}

/// The runbook of a loaded resource.
pub fn runbook_text(resource: &Resource) -> String {
    let analysis = pipeline::analyze(&resource.rules, &resource.journal.entries);
    let entries = &resource.journal.entries;
    let first = entries
        .iter()
        .filter_map(|e| e.date)
        .min()
        .map(|d| d.to_string());
    let last = entries
        .iter()
        .filter_map(|e| e.date)
        .max()
        .map(|d| d.to_string());
    let journal_name = resource::JOURNAL;
    runbook::render(&RunbookView {
        resource: &resource.name,
        journal_name,
        facts: resource.facts.as_deref(),
        entry_count: entries.len(),
        first: first.as_deref(),
        last: last.as_deref(),
        summaries: &analysis.summaries,
    })
}

/// Exit 1 with a unified diff when the file differs from `fresh`.
fn check(path: &Path, fresh: &str, io: &mut Io<'_>) -> i32 {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current == fresh {
        return SUCCESS;
    }
    let name = resource::display(path);
    let diff = similar::TextDiff::from_lines(current.as_str(), fresh)
        .unified_diff()
        .header(&name, &format!("{name} (fresh)"))
        .to_string();
    io.print(&diff);
    let _ = writeln!(
        io.err,
        "forge: {name} is out of date; run `forge generate` with --out {name}"
    );
    FAILED
}

/// Writes through a temporary file in the same folder and renames it over
/// the target, so readers see the old file or the new one, never half.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), Problem> {
    let dir: PathBuf = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = resource::display(path);
    let fail = |error: &dyn std::fmt::Display| {
        Problem::error(
            "forge::io::write_failed",
            format!("cannot write {name}: {error}"),
        )
        .help("check that the folder exists and is writable")
    };
    let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| fail(&e))?;
    std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(|e| fail(&e))?;
    temp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}
