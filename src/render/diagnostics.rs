//! Problems → text, through miette's graphical handler.

use std::io::IsTerminal as _;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::error::Problem;
use crate::source::Sources;

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// Colour only on a terminal and without `NO_COLOR`; width 80 elsewhere
    /// so that output does not depend on where it runs.
    pub fn for_stderr() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = std::io::stderr().is_terminal() && !no_color;
        Style { color, width: 100 }
    }

    pub fn plain() -> Self {
        Style {
            color: false,
            width: 80,
        }
    }
}

pub fn render(problems: &[Problem], sources: &Sources, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .without_syntax_highlighting();
    let mut out = String::new();
    for problem in problems {
        let rendered = problem.render(sources);
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str(&problem.message);
            out.push('\n');
        }
    }
    out
}
