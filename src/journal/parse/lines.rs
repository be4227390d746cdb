//! The text as lines, and the byte scanning every part of the grammar
//! shares. All offsets are byte offsets, every slice is taken through `get`
//! or at an ASCII byte, so no input can make a scan panic.

use crate::source::{FileId, Span};

/// One line of the text, without its line ending.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// Byte offset of the line's first character in the whole text.
    pub(super) start: usize,
    pub(super) text: &'a str,
    /// 1-based line number.
    pub(super) number: usize,
}

impl Line<'_> {
    pub(super) fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub(super) fn is_blank(&self) -> bool {
        trim(self.text).is_empty()
    }

    /// Whether the line starts with indentation (it may continue a value).
    pub(super) fn is_indented(&self) -> bool {
        self.text.starts_with([' ', '\t'])
    }

    /// A span for a byte range relative to the line's start.
    pub(super) fn span(&self, file: FileId, (from, to): (usize, usize)) -> Span {
        Span::new(file, self.start + from, self.start + to)
    }

    /// The text of a byte range relative to the line's start.
    pub(super) fn slice(&self, (from, to): (usize, usize)) -> &str {
        self.text.get(from..to).unwrap_or("")
    }

    /// The line from its start to its last non-blank character.
    pub(super) fn trimmed_span(&self, file: FileId) -> Span {
        Span::new(file, self.start, self.start + self.text.trim_end().len())
    }
}

/// Splits on `\n`, dropping a `\r` before it, skipping a leading BOM.
pub(super) struct Lines<'a> {
    text: &'a str,
    pos: usize,
    /// Where to stop (the text's length, or the end of a chunk).
    end: usize,
    number: usize,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        // The BOM is not content, but offsets still count it so spans index
        // the text exactly as it was read.
        let pos = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        Lines {
            text,
            pos,
            end: text.len(),
            number: 0,
        }
    }

    /// The lines of `text[start..end]`, with offsets into the whole text;
    /// `before` lines come before `start`.
    pub(super) fn range(text: &'a str, start: usize, end: usize, before: usize) -> Self {
        Lines {
            text,
            pos: start,
            end,
            number: before,
        }
    }

    /// The same lines, stopping at `end` (the end of the first chunk).
    pub(super) fn until(self, end: usize) -> Self {
        Lines { end, ..self }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let rest = self
            .text
            .get(self.pos..self.end)
            .filter(|rest| !rest.is_empty())?;
        let (raw, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            // A `\n` is a character boundary.
            Some(at) => (rest.get(..at).unwrap_or(rest), at + 1),
            None => (rest, rest.len()),
        };
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let line = Line {
            start: self.pos,
            text,
            number: self.number + 1,
        };
        self.pos += advance;
        self.number += 1;
        Some(line)
    }
}

// ---------------------------------------------------------------------------
// Scanning (all offsets are byte offsets into the given line)

/// The offset after any spaces and tabs from `at`.
pub(super) fn skip_blank(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
}

/// The range of `text[from..]` with surrounding whitespace trimmed; empty at
/// the end of the line when there is nothing but whitespace.
pub(super) fn trimmed_range(text: &str, from: usize) -> (usize, usize) {
    let (start, end) = trim_bounds(text.get(from..).unwrap_or(""));
    (from + start, from + end)
}

/// `str::trim`, reading bytes (see [`trim_bounds`]).
pub(super) fn trim(text: &str) -> &str {
    let (start, end) = trim_bounds(text);
    text.get(start..end).unwrap_or("")
}

/// Where `str::trim` cuts `text`, both at its end when it is all
/// whitespace. Journal lines are nearly all ASCII at both ends, so bytes
/// are read; only another character at an end is left to `str::trim`.
fn trim_bounds(text: &str) -> (usize, usize) {
    // The ASCII characters `char::is_whitespace` accepts.
    let space = |b: &u8| matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ');
    let bytes = text.as_bytes();
    let mut start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let mut end = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |i| i + 1);
    // Cut next to ASCII bytes so far, so at character boundaries.
    if bytes.get(start).is_some_and(|b| !b.is_ascii()) {
        let rest = text.get(start..end).unwrap_or("");
        start += rest.len() - rest.trim_start().len();
    }
    if end > start && bytes.get(end - 1).is_some_and(|b| !b.is_ascii()) {
        let rest = text.get(start..end).unwrap_or("");
        end -= rest.len() - rest.trim_end().len();
    }
    (start, end.max(start))
}

/// Whether `bytes[at..]` starts with `shape`, where `d` stands for an ASCII
/// digit and any other byte for itself.
pub(super) fn has_shape(bytes: &[u8], at: usize, shape: &[u8]) -> bool {
    bytes.get(at..at + shape.len()).is_some_and(|found| {
        found.iter().zip(shape).all(|(&c, &want)| {
            if want == b'd' {
                c.is_ascii_digit()
            } else {
                c == want
            }
        })
    })
}

/// Whether `bytes[at]` ends a word (end of line or not a letter or digit),
/// so `2026-01-023` or `14:05pm` are not taken for a date or time.
pub(super) fn ends_word(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Whether `text[at..]` is empty or starts with a space or tab.
pub(super) fn ends_blank(text: &str, at: usize) -> bool {
    text.get(at..)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::parse::support::{at, field, journal, only};

    #[test]
    fn trimming_reads_bytes_as_str_trim_reads_characters() {
        let texts = [
            "",
            " ",
            "\t x \t",
            "\u{b}x\u{c}",
            "\u{a0}x\u{a0}",
            "\u{85}",
            " \u{3000} x y \u{2003} ",
            "é",
            " é ",
            "x\r",
            "\u{a0} \u{a0}",
        ];
        for text in texts {
            assert_eq!(trim(text), text.trim(), "{text:?}");
            let start = text.len() - text.trim_start().len();
            let (from, to) = trimmed_range(text, 0);
            assert_eq!(&text[from..to], text.trim(), "{text:?}");
            if text.trim().is_empty() {
                assert_eq!((from, to), (text.len(), text.len()), "{text:?}");
            } else {
                assert_eq!(from, start, "{text:?}");
            }
        }
    }

    #[test]
    fn crlf_and_a_bom_leave_spans_pointing_at_the_original_text() {
        let text = "\u{feff}preamble\r\n## 2026-01-14 — took snapshot\r\n- Why: safety net\r\n- change: PUT x\r\n  and more\r\n- verify: ok\r\n\r\n";
        let parsed = journal(text);
        let entry = &parsed.entries[0];
        assert_eq!(
            at(text, entry.heading_span),
            "## 2026-01-14 — took snapshot"
        );
        assert_eq!(at(text, entry.title_span), "took snapshot");
        assert_eq!(at(text, entry.date_span), "2026-01-14");
        let why = field(text, entry, "Why");
        assert_eq!(at(text, why.key_span), "Why");
        assert_eq!(at(text, why.value_span), "safety net");
        let change = field(text, entry, "change");
        assert_eq!(change.value, "PUT x and more");
        assert_eq!(at(text, change.value_span), "PUT x\r\n  and more");
        assert!(at(text, entry.span).starts_with("## 2026"));
        assert!(at(text, entry.span).ends_with("- verify: ok"));
        assert_eq!(entry.line, 2);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn a_bom_before_the_first_heading_is_skipped() {
        let text = "\u{feff}## 2026-01-14 — x\n- verify: ok";
        let entry = only(text);
        assert_eq!(entry.heading_span.start, 3);
        assert_eq!(entry.title, "x");
        assert_eq!(at(text, entry.span), "## 2026-01-14 — x\n- verify: ok");
    }
}
