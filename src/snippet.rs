//! What a diagnostic shows of its file: the lines around its labels, with
//! long lines clipped around the labels and control characters made
//! visible.
//!
//! miette draws every line of a snippet in full and aligns labels with
//! format widths, which panic past column 65,535; a raw ESC or BEL byte in
//! a line would reach the terminal. A [`Snippet`] is a copy of only the
//! lines a diagnostic shows (from the line before its first label to the
//! line after its last), each at most about [`LONG_LINE`] bytes, with its
//! real line and column numbers: the labels are mapped into it, and miette
//! draws it as it would draw the file.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span};
use crate::visible::visible;

/// Lines longer than this (in bytes) are clipped.
const LONG_LINE: usize = 400;

/// Characters kept on each side of a label's start and end in a clipped
/// line.
const AROUND: usize = 40;

/// What stands for the text cut out of a long line.
const CUT: &str = "…";

/// A stretch of the file and what stands for it in the snippet: the same
/// text (`exact`), or a replacement (a cut, a visible control character)
/// whose inside maps to its start.
#[derive(Debug)]
struct Piece {
    real: Range<usize>,
    shown: Range<usize>,
    exact: bool,
}

/// The lines of one file that one diagnostic shows.
#[derive(Debug)]
pub(crate) struct Snippet<'a> {
    name: &'a str,
    text: String,
    /// In file order, covering the snippet's lines without gaps.
    pieces: Vec<Piece>,
    /// 0-based number of the snippet's first line in the file.
    first_line: usize,
    file: &'a SourceFile,
}

impl<'a> Snippet<'a> {
    /// The lines of `file` around `spans` (the labels of one diagnostic).
    pub(crate) fn new(file: &'a SourceFile, spans: &[Span]) -> Snippet<'a> {
        let text = file.text.as_str();
        let lo = spans.iter().map(|s| s.start).min().unwrap_or(0);
        let hi = spans.iter().map(|s| s.end).max().unwrap_or(0);
        let first_line = file.line_index(lo).saturating_sub(1);
        let last_line = file.line_index(hi) + 1;
        let mut builder = Builder::default();
        for line in first_line..=last_line {
            let Some(range) = file.line_range(line) else {
                break;
            };
            builder.line(text, range, spans);
        }
        Snippet {
            name: &file.name,
            text: builder.text,
            pieces: builder.pieces,
            first_line,
            file,
        }
    }

    /// Where a span of the file is in the snippet.
    pub(crate) fn map(&self, span: Span) -> SourceSpan {
        let start = self.to_shown(span.start);
        let end = self.to_shown(span.end).max(start);
        (start, end - start).into()
    }

    fn to_shown(&self, real: usize) -> usize {
        let at = self.pieces.partition_point(|p| p.real.start <= real);
        let Some(piece) = at.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if real >= piece.real.end {
            piece.shown.end
        } else if piece.exact {
            piece.shown.start + (real - piece.real.start)
        } else {
            piece.shown.start
        }
    }

    /// 0-based byte column of an offset of the file.
    fn byte_column(&self, real: usize) -> usize {
        let line = self.file.line_index(real);
        let start = self.file.line_range(line).map_or(0, |r| r.start);
        real.saturating_sub(start)
    }

    fn to_real(&self, shown: usize) -> usize {
        let at = self.pieces.partition_point(|p| p.shown.start <= shown);
        let Some(piece) = at.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if shown >= piece.shown.end {
            piece.real.end
        } else if piece.exact {
            piece.real.start + (shown - piece.shown.start)
        } else {
            piece.real.start
        }
    }
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let found =
            self.text
                .as_bytes()
                .read_span(span, context_lines_before, context_lines_after)?;
        // As miette reads a whole file: a column (in bytes) only when no
        // line before the span is read, and lines counted from the file's
        // start.
        let column = if context_lines_before == 0 {
            self.byte_column(self.to_real(span.offset()))
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            found.data(),
            *found.span(),
            self.first_line + found.line(),
            column,
            self.first_line + found.line_count(),
        )))
    }
}

/// The snippet's text and pieces, line by line.
#[derive(Default)]
struct Builder {
    text: String,
    pieces: Vec<Piece>,
}

impl Builder {
    /// Adds one line (`range`, its line ending included).
    fn line(&mut self, text: &str, range: Range<usize>, spans: &[Span]) {
        let line = &text[range.clone()];
        let content_len = line.trim_end_matches(['\n', '\r']).len();
        let content = range.start..range.start + content_len;
        if content_len <= LONG_LINE {
            self.shown(text, content.clone());
        } else {
            self.clipped(text, content.clone(), spans);
        }
        self.exact(text, content.end..range.end);
    }

    /// A long line: the text around each label's ends, cuts between.
    fn clipped(&mut self, text: &str, content: Range<usize>, spans: &[Span]) {
        let mut kept: Vec<Range<usize>> = spans
            .iter()
            .flat_map(|s| [s.start, s.end])
            .filter(|p| content.contains(p) || *p == content.end)
            .map(|p| around(text, &content, p))
            .collect();
        if kept.is_empty() {
            kept.push(around(text, &content, content.start));
        }
        kept.sort_by_key(|r| r.start);
        let mut at = content.start;
        for range in merge(kept) {
            if range.start > at {
                self.replaced(at..range.start, CUT);
            }
            self.shown(text, range.clone());
            at = range.end;
        }
        if at < content.end {
            self.replaced(at..content.end, CUT);
        }
    }

    /// Text as shown: itself, with control characters made visible.
    fn shown(&mut self, text: &str, range: Range<usize>) {
        let mut run = range.start;
        for (i, c) in text[range.clone()].char_indices() {
            if let Some(visible) = visible(c) {
                let at = range.start + i;
                self.exact(text, run..at);
                self.replaced(at..at + c.len_utf8(), visible.encode_utf8(&mut [0; 4]));
                run = at + c.len_utf8();
            }
        }
        self.exact(text, run..range.end);
    }

    fn exact(&mut self, text: &str, real: Range<usize>) {
        if real.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(&text[real.clone()]);
        self.pieces.push(Piece {
            real,
            shown: start..self.text.len(),
            exact: true,
        });
    }

    fn replaced(&mut self, real: Range<usize>, with: &str) {
        let start = self.text.len();
        self.text.push_str(with);
        self.pieces.push(Piece {
            real,
            shown: start..self.text.len(),
            exact: false,
        });
    }
}

/// [`AROUND`] characters on each side of `at`, within `line`.
fn around(text: &str, line: &Range<usize>, at: usize) -> Range<usize> {
    let before = &text[line.start..at];
    let start = before
        .char_indices()
        .rev()
        .nth(AROUND - 1)
        .map_or(line.start, |(i, _)| line.start + i);
    let after = &text[at..line.end];
    let end = after
        .char_indices()
        .nth(AROUND)
        .map_or(line.end, |(i, _)| at + i);
    start..end
}

/// Sorted ranges with the overlapping ones joined.
fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// The snippet's text and the label's text in it.
    fn shown(text: &str, span: Range<usize>) -> (String, String, usize) {
        let file = SourceFile::new("f", text);
        let span = Span::new(FileId(0), span.start, span.end);
        let snippet = Snippet::new(&file, &[span]);
        let mapped = snippet.map(span);
        let label = snippet.text[mapped.offset()..mapped.offset() + mapped.len()].to_string();
        (snippet.text, label, snippet.first_line)
    }

    #[test]
    fn keeps_only_the_lines_around_the_labels() {
        let (text, label, first_line) = shown("a\nb\nc\nd\ne\n", 4..5);
        assert_eq!(text, "b\nc\nd\n");
        assert_eq!(label, "c");
        assert_eq!(first_line, 1);
    }

    #[test]
    fn clips_a_long_line_around_the_label() {
        let text = format!("{}needle{}\nnext\n", "x".repeat(70_000), "y".repeat(5_000));
        let (text, label, _) = shown(&text, 70_000..70_006);
        assert!(text.len() < 200, "{}", text.len());
        assert!(text.starts_with(CUT));
        assert_eq!(label, "needle");
        assert!(text.ends_with("…\nnext\n"));
    }

    #[test]
    fn reports_the_real_line_and_column() {
        let text = format!("one\n{}needle\n", "x".repeat(1_000));
        let file = SourceFile::new("f", text);
        let span = Span::new(FileId(0), 1_004, 1_010);
        let snippet = Snippet::new(&file, &[span]);
        let found = snippet
            .read_span(&snippet.map(span), 0, 0)
            .expect("in range");
        assert_eq!((found.line(), found.column()), (1, 1_000));
        let file = SourceFile::new("f", "é→needle\n");
        let span = Span::new(FileId(0), 5, 11);
        let snippet = Snippet::new(&file, &[span]);
        let found = snippet
            .read_span(&snippet.map(span), 0, 0)
            .expect("in range");
        assert_eq!(found.column(), 5, "miette counts columns in bytes");
    }

    #[test]
    fn shows_control_characters_as_pictures() {
        let (text, label, _) = shown("a\u{1b}]52;c;x\u{7}b\n", 10..11);
        assert_eq!(text, "a␛]52;c;x␇b\n");
        assert_eq!(label, "b");
    }
}
