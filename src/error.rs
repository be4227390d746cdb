//! Diagnostics: every problem forge reports, as plain data.
//!
//! Stages return [`Problem`]s (a code, a message, labelled spans, a help
//! line); only rendering turns them into miette reports, with the sources
//! they point into. Codes are declared in [`crate::codes`].

use std::fmt;

use miette::{Diagnostic, LabeledSpan, Severity, SourceCode};
use serde::Serialize;

use crate::codes::Code;
use crate::snippet::Snippet;
use crate::source::{Sources, Span};
use crate::visible::visible_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Advice,
    Warning,
    Error,
}

/// Labels drawn per diagnostic: each is a row under its line, so a
/// problem with thousands (an explanation of a very long title) would
/// draw their square.
const MAX_DRAWN_LABELS: usize = 32;

/// A labelled span; the first label of a problem is its primary one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One diagnostic. Labels of one problem all point into one file; a problem
/// that also points into another file carries it as a `related` problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub code: Code,
    pub(crate) level: Level,
    pub(crate) message: String,
    pub labels: Vec<Label>,
    pub(crate) help: Option<String>,
    pub related: Vec<Problem>,
}

impl Problem {
    pub(crate) fn error(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Problem {
            code: code.into(),
            level: Level::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            related: Vec::new(),
        }
    }

    pub(crate) fn warning(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Problem {
            level: Level::Warning,
            ..Problem::error(code, message)
        }
    }

    pub(crate) fn advice(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Problem {
            level: Level::Advice,
            ..Problem::error(code, message)
        }
    }

    #[must_use]
    pub(crate) fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Labels `span` in this problem when it is in the same file as the
    /// first label, else adds it as a related note pointing into its file.
    #[must_use]
    pub(crate) fn point(mut self, span: Span, text: impl Into<String>) -> Self {
        let same_file = self.labels.first().is_none_or(|l| l.span.file == span.file);
        if same_file {
            return self.label(span, text);
        }
        let text = text.into();
        let note = Problem::advice(self.code, text.clone()).label(span, text);
        self.related.push(note);
        self
    }

    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub(crate) fn related(mut self, other: Problem) -> Self {
        self.related.push(other);
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// A miette diagnostic that renders this problem with its sources.
    pub(crate) fn render<'a>(&'a self, sources: &'a Sources) -> Rendered<'a> {
        Rendered {
            problem: self,
            snippet: self.snippet(sources),
            related: self
                .related
                .iter()
                .map(|p| Rendered {
                    problem: p,
                    snippet: p.snippet(sources),
                    related: Vec::new(),
                })
                .collect(),
        }
    }

    /// The labels drawn: the first [`MAX_DRAWN_LABELS`].
    fn drawn_labels(&self) -> &[Label] {
        &self.labels[..self.labels.len().min(MAX_DRAWN_LABELS)]
    }

    /// The lines of its file this problem shows (see [`Snippet`]).
    fn snippet<'a>(&self, sources: &'a Sources) -> Option<Snippet<'a>> {
        let first = self.labels.first()?;
        let spans: Vec<Span> = self.drawn_labels().iter().map(|l| l.span).collect();
        Some(Snippet::new(sources.get(first.span.file), &spans))
    }
}

/// A [`Problem`] joined with the lines of the file its spans point into.
#[derive(Debug)]
pub(crate) struct Rendered<'a> {
    problem: &'a Problem,
    snippet: Option<Snippet<'a>>,
    related: Vec<Rendered<'a>>,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible_text(&self.problem.message))
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.problem.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(match self.problem.level {
            Level::Advice => Severity::Advice,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let hidden = self.problem.labels.len() - self.problem.drawn_labels().len();
        let help = self.problem.help.as_deref().map(visible_text);
        if hidden == 0 {
            return help.map(|h| Box::new(h) as Box<dyn fmt::Display>);
        }
        let note = format!("({hidden} more places are not shown)");
        Some(Box::new(match help {
            Some(help) => format!("{help}\n{note}"),
            None => note,
        }))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.snippet.as_ref()?;
        Some(Box::new(
            self.problem
                .drawn_labels()
                .iter()
                .enumerate()
                .map(move |(i, label)| {
                    let text =
                        (!label.text.is_empty()).then(|| visible_text(&label.text).into_owned());
                    let span = snippet.map(label.span);
                    if i == 0 {
                        LabeledSpan::new_primary_with_span(text, span)
                    } else {
                        LabeledSpan::new_with_span(text, span)
                    }
                }),
        ))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
