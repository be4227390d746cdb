//! One module per subcommand; each returns the process exit code.

pub(crate) mod check;
pub(crate) mod check_ledger;
pub(crate) mod completions;
pub(crate) mod configure;
pub(crate) mod eval;
pub mod explain;
pub(crate) mod fleet;
pub(crate) mod fleet_warnings;
pub mod generate;
pub(crate) mod global;
pub(crate) mod init;
pub(crate) mod operations;
pub(crate) mod rules;
pub(crate) mod steps;
pub(crate) mod test;
pub(crate) mod tune;

use std::io::Write;

use crate::error::Problem;
use crate::render::diagnostics::{self, Style};
use crate::resource::{self, LoadFailure, Resource};
use crate::source::Sources;

pub(crate) use crate::exit::{BAD_INPUT, FAILED, SUCCESS};

/// Where a command writes: its result to `out`, diagnostics to `err`.
pub(crate) struct Io<'a> {
    pub(crate) out: &'a mut dyn Write,
    pub(crate) err: &'a mut dyn Write,
    pub(crate) style: Style,
    /// Lint levels from forge.toml.
    pub(crate) lints: crate::config::Lints,
    /// `-q` / `-v`.
    pub(crate) verbosity: global::Verbosity,
    /// `--color`, for output other than diagnostics on stderr.
    pub(crate) color: crate::options::ColorChoice,
}

impl Io<'_> {
    pub(crate) fn report(&mut self, problems: &[Problem], sources: &Sources) {
        if problems.is_empty() {
            return;
        }
        let text = diagnostics::render(problems, sources, self.style);
        let _ = self.err.write_all(text.as_bytes());
    }

    /// Writes the command's result, control characters shown; a failed
    /// write is reported when the command ends (see [`crate::output`]).
    pub(crate) fn print(&mut self, text: &str) {
        let text = crate::visible::visible_text(text);
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    /// Writes rendered diagnostics as they are: their text is already
    /// shown safe (see [`crate::error`]), and their escapes are colours.
    pub(crate) fn print_rendered(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    /// Reports a load failure's errors (warnings are for `check`) and
    /// returns the exit code for it.
    pub(crate) fn fail(&mut self, failure: &LoadFailure) -> i32 {
        self.fail_with(&failure.problems, &failure.sources)
    }

    /// [`Self::fail`] for any problems found while loading.
    pub(crate) fn fail_with(&mut self, problems: &[Problem], sources: &Sources) -> i32 {
        let errors: Vec<Problem> = problems.iter().filter(|p| p.is_error()).cloned().collect();
        self.report(&errors, sources);
        BAD_INPUT
    }

    /// A one-line note that inputs have warnings, for commands that are not
    /// `check` (which shows them in full).
    pub(crate) fn note_warnings(&mut self, resource: &Resource) {
        let shown = self.lints.count_shown(&resource.warnings);
        self.note_warning_count(shown, &resource.name, &resource.dir);
    }

    /// [`Self::note_warnings`] from a count, a name and a folder.
    pub(crate) fn note_warning_count(&mut self, n: usize, name: &str, dir: &std::path::Path) {
        if n > 0 && self.verbosity != global::Verbosity::Quiet {
            let _ = writeln!(
                self.err,
                "forge: {n} warning{} in {name}; run `forge check --resource {}` for details",
                if n == 1 { "" } else { "s" },
                resource::display(dir),
            );
        }
    }
}
