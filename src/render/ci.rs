//! Diagnostics for machines: located (file, line, column) and rendered as
//! JSON or as GitHub Actions workflow commands. SARIF is in `sarif.rs`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::error::{Level, Problem};
use crate::source::{Sources, Span};

/// Where a span is: its file's name and 1-based lines and columns (in
/// characters) of its start and end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Location {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

impl Location {
    pub(crate) fn of(span: Span, sources: &Sources) -> Location {
        let file = sources.get(span.file);
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        Location {
            file: file.name.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A label with its location.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LocatedLabel {
    #[serde(flatten)]
    pub(crate) location: Location,
    pub(crate) text: String,
}

/// A problem with every span located: what `--format json` prints.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Located {
    pub(crate) code: &'static str,
    pub(crate) level: Level,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    /// The primary label's location; `null` for a problem about no text
    /// (a missing file).
    pub(crate) location: Option<Location>,
    pub(crate) labels: Vec<LocatedLabel>,
    pub(crate) related: Vec<Located>,
}

impl Located {
    pub(crate) fn of(problem: &Problem, sources: &Sources) -> Located {
        let labels: Vec<LocatedLabel> = problem
            .labels
            .iter()
            .map(|label| LocatedLabel {
                location: Location::of(label.span, sources),
                text: label.text.clone(),
            })
            .collect();
        Located {
            code: problem.code.as_str(),
            level: problem.level,
            message: problem.message.clone(),
            help: problem.help.clone(),
            location: labels.first().map(|l| l.location.clone()),
            labels,
            related: problem
                .related
                .iter()
                .map(|p| Located::of(p, sources))
                .collect(),
        }
    }
}

/// The document `forge check --format json` prints.
#[derive(Debug, Serialize)]
pub(crate) struct CheckReport<'a> {
    pub(crate) version: u32,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) diagnostics: &'a [Located],
}

pub(crate) fn json(report: &CheckReport<'_>) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// One GitHub Actions workflow command per diagnostic: `::warning
/// file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`, which
/// the Actions runner shows as an annotation on the file.
pub(crate) fn github(diagnostics: &[Located]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Advice => "notice",
        };
        let mut properties = Vec::new();
        if let Some(at) = diagnostic.location.as_ref().filter(|l| is_file(&l.file)) {
            properties.push(format!("file={}", property(&at.file)));
            properties.push(format!("line={}", at.line));
            properties.push(format!("col={}", at.column));
            properties.push(format!("endLine={}", at.end_line));
            properties.push(format!("endColumn={}", at.end_column));
        }
        properties.push(format!("title={}", property(diagnostic.code)));
        let mut message = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    out
}

/// Whether a source name is a file on disk (not `<built-in>/default.forge`).
pub(crate) fn is_file(name: &str) -> bool {
    !name.starts_with('<')
}

/// A workflow command's message, escaped as the Actions runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also escapes `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{IoCode, JournalCode};

    #[test]
    fn github_commands_escape_newlines_colons_and_commas() {
        let mut sources = Sources::default();
        let id = sources.add("a,b/JOURNAL.md", "x\n## heading\n");
        let problem = Problem::warning(JournalCode::NoVerify, "no verify: 100%")
            .label(Span::new(id, 2, 4), "here")
            .help("add one\nplease");
        let text = github(&[Located::of(&problem, &sources)]);
        assert_eq!(
            text,
            "::warning file=a%2Cb/JOURNAL.md,line=2,col=1,endLine=2,endColumn=3,\
             title=forge%3A%3Ajournal%3A%3Ano_verify::no verify: 100%25%0Ahelp: add one%0Aplease\n"
        );
    }

    #[test]
    fn a_problem_without_labels_has_no_file() {
        let problem = Problem::error(IoCode::NotFound, "x does not exist");
        let text = github(&[Located::of(&problem, &Sources::default())]);
        assert_eq!(
            text,
            "::error title=forge%3A%3Aio%3A%3Anot_found::x does not exist\n"
        );
    }
}
