//! One module per subcommand; each returns the process exit code.

pub mod check;
pub(crate) mod check_ledger;
pub mod completions;
pub(crate) mod configure;
pub mod eval;
pub mod explain;
pub mod fleet;
pub(crate) mod fleet_warnings;
pub mod generate;
pub mod global;
pub mod init;
pub mod operations;
pub mod rules;
pub mod steps;
pub mod test;
pub mod tune;

use std::io::Write;

use crate::error::Problem;
use crate::render::diagnostics::{self, Style};
use crate::resource::{self, LoadFailure, Resource};
use crate::source::Sources;

pub use crate::exit::{BAD_INPUT, FAILED, SUCCESS};

/// Where a command writes: its result to `out`, diagnostics to `err`.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
    /// Lint levels from forge.toml.
    pub lints: crate::config::Lints,
    /// `-q` / `-v`.
    pub verbosity: global::Verbosity,
    /// `--color`, for output other than diagnostics on stderr.
    pub color: crate::options::ColorChoice,
}

impl Io<'_> {
    pub fn report(&mut self, problems: &[Problem], sources: &Sources) {
        if problems.is_empty() {
            return;
        }
        let text = diagnostics::render(problems, sources, self.style);
        let _ = self.err.write_all(text.as_bytes());
    }

    /// Writes the command's result, control characters shown; a failed
    /// write is reported when the command ends (see [`crate::output`]).
    pub fn print(&mut self, text: &str) {
        let text = crate::visible::visible_text(text);
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    /// Writes rendered diagnostics as they are: their text is already
    /// shown safe (see [`crate::error`]), and their escapes are colours.
    pub fn print_rendered(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    /// Reports a load failure's errors (warnings are for `check`) and
    /// returns the exit code for it.
    pub fn fail(&mut self, failure: &LoadFailure) -> i32 {
        self.fail_with(&failure.problems, &failure.sources)
    }

    /// [`Self::fail`] for any problems found while loading.
    pub fn fail_with(&mut self, problems: &[Problem], sources: &Sources) -> i32 {
        let errors: Vec<Problem> = problems.iter().filter(|p| p.is_error()).cloned().collect();
        self.report(&errors, sources);
        BAD_INPUT
    }

    /// A one-line note that inputs have warnings, for commands that are not
    /// `check` (which shows them in full).
    pub fn note_warnings(&mut self, resource: &Resource) {
        let shown = self.lints.count_shown(&resource.warnings);
        self.note_warning_count(shown, &resource.name, &resource.dir);
    }

    /// [`Self::note_warnings`] from a count, a name and a folder.
    pub fn note_warning_count(&mut self, n: usize, name: &str, dir: &std::path::Path) {
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
