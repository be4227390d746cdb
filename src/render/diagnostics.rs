//! Problems → text, through miette's graphical handler.

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::error::Problem;
use crate::source::Sources;

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub(crate) color: bool,
    pub(crate) width: usize,
}

impl Style {
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
