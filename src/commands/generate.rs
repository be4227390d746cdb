//! `forge generate`: RUNBOOK.md, printed, written atomically, or checked.
//!
//! The runbook's target (`--out`, else `DIR/RUNBOOK.md`) is read first: its
//! keep blocks go into the fresh runbook, whether it is printed, written or
//! compared, so a runbook with human notes is "current" under `--check`.

use std::path::Path;

use super::{Io, BAD_INPUT, FAILED, SUCCESS};
use crate::aggregate::digest::Digest;
use crate::aggregate::{self, orphans, Summary};
use crate::error::Problem;
use crate::keep::{self, KeepBlock};
use crate::options::GenerateArgs;
use crate::pipeline;
use crate::render::runbook::{self, RunbookView};
use crate::resource::{self, LoadFailure, Resource};
use crate::source::Sources;
use crate::write;

pub(crate) const RUNBOOK: &str = "RUNBOOK.md";

/// How a runbook is rendered beyond its resource.
#[derive(Debug, Clone, Copy)]
pub struct RunbookOptions<'a> {
    /// Draw the Mermaid timeline.
    pub timeline: bool,
    /// Keep blocks to carry over from the previous runbook.
    pub keep: &'a [KeepBlock],
}

impl Default for RunbookOptions<'_> {
    fn default() -> Self {
        RunbookOptions {
            timeline: true,
            keep: &[],
        }
    }
}

pub(crate) fn run(args: &GenerateArgs, io: &mut Io<'_>) -> i32 {
    if let Some(ledger) = &args.ledger {
        return super::fleet::run(ledger, args, io);
    }
    // The journal is folded as it is parsed, keeping a digest of each entry
    // rather than the entry: a million entries fit in a fraction of the
    // memory.
    let loaded = resource::load_parsing(
        &args.input.resource,
        args.input.rules.as_deref(),
        |rules, file, text| pipeline::fold(rules, file, text, Digest::with_prose()),
    );
    let (resource, folding) = match loaded {
        Ok(loaded) => loaded,
        Err(failure) => return io.fail(&failure),
    };
    io.note_warnings(&resource);
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| resource.dir.join(RUNBOOK));
    if args.out.is_none() && !args.check && write::stdout_is(&target) {
        io.report(&[stdout_is_target(&target)], &Sources::default());
        return BAD_INPUT;
    }
    if let Some(Err(problem)) = args
        .out
        .as_deref()
        .filter(|_| !args.check)
        .map(write::check_target)
    {
        io.report(&[problem], &Sources::default());
        return BAD_INPUT;
    }
    let (current, keep) = match read_keep_blocks(&target) {
        Ok(found) => found,
        Err(failure) => return io.fail(&failure),
    };
    let options = RunbookOptions {
        timeline: !args.no_timeline,
        keep: &keep,
    };
    let journal = &resource.sources.get(resource.journal.file).text;
    let summaries = aggregate::resolve(&folding.digest, journal, folding.summaries);
    drop(folding.digest);
    let text = render_runbook(&resource, &summaries, &options);
    if let Some(previous) = &current {
        let name = resource::display(&target);
        let (sources, warnings) =
            orphans::warnings(&name, previous, resource::JOURNAL, &keep, &summaries);
        io.report(&warnings, &sources);
    }
    if args.check {
        return check(&target, current.as_deref().unwrap_or_default(), &text, io);
    }
    match &args.out {
        None => {
            io.print(&text);
            SUCCESS
        }
        Some(path) => match write::replace(path, &text, current.as_deref()) {
            Ok(()) => SUCCESS,
            Err(problem) => {
                io.report(&[problem], &Sources::default());
                BAD_INPUT
            }
        },
    }
}

/// Renders a resource's runbook from its operation summaries (fleet mode
/// computes them with rules shared across a ledger).
pub fn render_runbook(
    resource: &Resource,
    summaries: &[Summary],
    options: &RunbookOptions<'_>,
) -> String {
    // Every entry is in one operation, so the summaries span the journal:
    // the runbook needs no parsed entries. ISO dates order as text.
    let entry_count = summaries.iter().map(|s| s.count).sum();
    let first = summaries.iter().filter_map(|s| s.first.as_deref()).min();
    let last = summaries.iter().filter_map(|s| s.last.as_deref()).max();
    // Journal text is escaped where it is rendered; this also covers what
    // is not (keep blocks, the timeline).
    let text = runbook::render(&RunbookView {
        resource: &resource.name,
        journal_name: resource::JOURNAL,
        facts: resource.facts.as_deref(),
        entry_count,
        first,
        last,
        summaries,
        timeline: options.timeline,
        keep: options.keep,
    });
    if let std::borrow::Cow::Owned(shown) = crate::visible::visible_text(&text) {
        return shown;
    }
    text
}

/// The runbook at `path` (`None` when there is none yet) and its keep
/// blocks. A malformed keep block fails the run: writing over it would
/// lose the prose it holds.
pub(crate) fn read_keep_blocks(
    path: &Path,
) -> Result<(Option<String>, Vec<KeepBlock>), LoadFailure> {
    if !resource::present(path) {
        return Ok((None, Vec::new()));
    }
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let Some(text) = resource::read_text(&mut sources, path, &mut problems) else {
        return Err(LoadFailure { sources, problems });
    };
    let file = sources.add(resource::display(path), text.clone());
    match keep::parse(file, &text) {
        Ok(blocks) => Ok((Some(text), blocks)),
        Err(problems) => Err(LoadFailure { sources, problems }),
    }
}

/// Exit 1 with a unified diff when the file differs from `fresh`.
fn check(path: &Path, current: &str, fresh: &str, io: &mut Io<'_>) -> i32 {
    if current == fresh {
        return SUCCESS;
    }
    let name = resource::display(path);
    let diff = similar::TextDiff::from_lines(current, fresh)
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

/// `forge generate --resource DIR > DIR/RUNBOOK.md`: the shell emptied the
/// runbook before forge could read its keep blocks.
fn stdout_is_target(target: &Path) -> Problem {
    let name = resource::display(target);
    Problem::error(
        crate::codes::IoCode::StdoutIsRunbook,
        format!("standard output is {name} itself; nothing was written"),
    )
    .help(format!(
        "the shell empties {name} before forge starts, so its keep blocks cannot be read: restore it (e.g. `git checkout -- {name}`) and write it with `forge generate --resource DIR --out {name}`"
    ))
}
