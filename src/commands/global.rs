//! Options every command shares: colour, quiet and verbose.

use std::io::IsTerminal as _;

use crate::options::ColorChoice;
use crate::render::diagnostics::Style;

/// How diagnostics are drawn on stderr for `--color`: `auto` colours on a
/// terminal unless `NO_COLOR` is set to something (an empty `NO_COLOR`
/// does not count, as no-color.org says).
pub(crate) fn style(choice: ColorChoice) -> Style {
    styled(choice, std::io::stderr().is_terminal())
}

/// [`style`] for what a command prints as its result (`forge explain`).
pub(crate) fn stdout_style(choice: ColorChoice) -> Style {
    styled(choice, std::io::stdout().is_terminal())
}

fn styled(choice: ColorChoice, terminal: bool) -> Style {
    let color = colour(choice, terminal, std::env::var_os("NO_COLOR").as_deref());
    Style { color, width: 100 }
}

fn colour(choice: ColorChoice, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && no_color.is_none_or(std::ffi::OsStr::is_empty),
    }
}

/// How much a command says beyond its results and errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Verbosity {
    /// `-q`: results and errors only.
    Quiet,
    #[default]
    Normal,
    /// `-v`: details such as each warning of a ledger.
    Verbose,
}

impl Verbosity {
    pub(crate) fn of(quiet: bool, verbose: bool) -> Self {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::*;

    #[test]
    fn auto_colours_a_terminal_unless_no_color_is_set_and_not_empty() {
        assert!(colour(ColorChoice::Auto, true, None));
        assert!(colour(ColorChoice::Auto, true, Some(OsStr::new(""))));
        assert!(!colour(ColorChoice::Auto, true, Some(OsStr::new("1"))));
        assert!(!colour(ColorChoice::Auto, false, None));
    }

    #[test]
    fn always_and_never_ignore_the_terminal_and_no_color() {
        assert!(colour(ColorChoice::Always, false, Some(OsStr::new("1"))));
        assert!(!colour(ColorChoice::Never, true, None));
    }
}
