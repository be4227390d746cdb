//! Fenced code blocks: while one is open no line is a heading, so a `## `
//! inside is code, not an entry.

use super::heading::heading_body;
use super::lines::{skip_blank, trim, Line};
use crate::journal::CodeBlock;
use crate::source::{FileId, Span};

/// Where a finished code block goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// The last field of the current entry.
    Field,
    /// The current entry's notes.
    Notes,
    /// Nowhere: a block in the preamble, only tracked to hide its `## `.
    Nowhere,
}

/// The opening line of a fence.
#[derive(Debug)]
pub(super) struct Opener<'a> {
    marker: u8,
    len: usize,
    /// Leading spaces and tabs (one byte each).
    pub(super) indent: usize,
    info: &'a str,
}

/// Reads a fence opener: three or more backticks or tildes after any
/// indentation, then an info string (with no backtick for backtick fences,
/// as in `CommonMark`, so inline code is not taken for a fence).
pub(super) fn fence_opener(text: &str) -> Option<Opener<'_>> {
    let indent = skip_blank(text, 0);
    let marker = *text
        .as_bytes()
        .get(indent)
        .filter(|&&b| b == b'`' || b == b'~')?;
    let len = text
        .bytes()
        .skip(indent)
        .take_while(|&b| b == marker)
        .count();
    let info = text.get(indent + len..)?.trim();
    if len < 3 || (marker == b'`' && info.contains('`')) {
        return None;
    }
    Some(Opener {
        marker,
        len,
        indent,
        info,
    })
}

/// An open fenced code block.
#[derive(Debug)]
pub(super) struct Fence {
    marker: u8,
    len: usize,
    indent: usize,
    lang: String,
    start: usize,
    /// End of the last non-blank line so far: an unclosed block stops there.
    last_end: usize,
    text: String,
    /// Length of `text` up to its last non-blank line, so an unclosed block
    /// does not keep the blank lines at the end of the file.
    kept: usize,
    has_lines: bool,
    target: Target,
    /// The opening line's byte range (from its marker), for a block never
    /// closed.
    pub(super) opener: (usize, usize),
    /// The byte range of the first `## ` line inside, which a closed
    /// block would have left as an entry heading.
    pub(super) hidden_heading: Option<(usize, usize)>,
}

impl Fence {
    pub(super) fn new(opener: &Opener<'_>, line: &Line<'_>, target: Target) -> Self {
        Fence {
            marker: opener.marker,
            len: opener.len,
            indent: opener.indent,
            lang: opener.info.to_string(),
            // The span starts at the marker, not at the indentation.
            start: line.start + opener.indent,
            last_end: line.end(),
            text: String::new(),
            kept: 0,
            has_lines: false,
            target,
            opener: (line.start + opener.indent, line.end()),
            hidden_heading: None,
        }
    }

    /// Whether the line closes this block: at least as many of the same
    /// marker, then nothing but blanks.
    pub(super) fn closes(&self, text: &str) -> bool {
        let at = skip_blank(text, 0);
        let len = text
            .bytes()
            .skip(at)
            .take_while(|&b| b == self.marker)
            .count();
        len >= self.len
            && text
                .get(at + len..)
                .is_some_and(|rest| trim(rest).is_empty())
    }

    /// Adds an inner line, minus (up to) the opener's indentation.
    pub(super) fn push(&mut self, line: &Line<'_>) {
        if self.has_lines {
            self.text.push('\n');
        }
        self.has_lines = true;
        let strip = skip_blank(line.text, 0).min(self.indent);
        self.text.push_str(line.text.get(strip..).unwrap_or(""));
        if self.hidden_heading.is_none() && heading_body(line.text).is_some() {
            self.hidden_heading = Some((line.start, line.end()));
        }
        if !line.is_blank() {
            self.kept = self.text.len();
            self.last_end = line.end();
        }
    }

    /// The finished block, closed by a line ending at `closed_at`, or
    /// unclosed (`None`) at the end of the file.
    pub(super) fn finish(mut self, file: FileId, closed_at: Option<usize>) -> (Target, CodeBlock) {
        let end = closed_at.unwrap_or_else(|| {
            self.text.truncate(self.kept);
            self.last_end
        });
        let block = CodeBlock {
            lang: self.lang,
            text: self.text,
            span: Span::new(file, self.start, end),
        };
        (self.target, block)
    }
}

#[cfg(test)]
mod tests {
    use crate::journal::parse::support::{at, field, journal, only};
    use crate::journal::ProblemKind;

    #[test]
    fn an_indented_fence_under_a_field_belongs_to_it() {
        let text = "## 2026-04-28 — rotated TLS certificates\n\
- change: issue new node certificates\n  from the stack CA\n  ```sh\n  elasticsearch-certutil cert \\\n    --out new.p12\n  ```\n- verify: ok\n";
        let entry = only(text);
        let change = field(text, &entry, "change");
        assert_eq!(
            change.value,
            "issue new node certificates from the stack CA"
        );
        assert_eq!(change.code.len(), 1);
        let block = &change.code[0];
        assert_eq!(block.lang, "sh");
        assert_eq!(
            block.text,
            "elasticsearch-certutil cert \\\n  --out new.p12"
        );
        assert_eq!(
            at(text, block.span),
            "```sh\n  elasticsearch-certutil cert \\\n    --out new.p12\n  ```"
        );
        assert!(field(text, &entry, "verify").code.is_empty());
        assert!(entry.notes.is_empty());
    }

    #[test]
    fn fences_directly_under_a_field_attach_and_blank_lines_need_indentation() {
        let text = "## 2026-01-02 — x\n- change: run\n~~~ bash \nls -l\n~~~\n\n   ```\n   second\n   ```\n\n```\nloose\n```\n";
        let entry = only(text);
        let change = field(text, &entry, "change");
        let langs: Vec<_> = change.code.iter().map(|c| c.lang.as_str()).collect();
        assert_eq!(langs, vec!["bash", ""]);
        assert_eq!(change.code[0].text, "ls -l");
        assert_eq!(change.code[1].text, "second");
        assert_eq!(entry.notes, vec!["loose"]);
    }

    #[test]
    fn a_fence_after_prose_is_a_note_not_code_of_the_field_above() {
        let text = "## 2026-01-02 — x\n- change: run\nthen this:\n  ```\n  echo hi\n  ```\n";
        let entry = only(text);
        assert!(field(text, &entry, "change").code.is_empty());
        assert_eq!(entry.notes, vec!["then this:", "echo hi"]);
    }

    #[test]
    fn a_fence_keeps_blank_and_less_indented_lines_inside() {
        let text =
            "## 2026-01-02 — x\n- change: run\n    ````py\n    a = 1\n\n  b\n    ```\n    ````\n";
        let block = &only(text).fields[0].code[0];
        assert_eq!(block.lang, "py");
        assert_eq!(block.text, "a = 1\n\nb\n```");
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end_of_the_file() {
        let text =
            "## 2026-01-02 — x\n- change: run\n  ```sh\n  echo 1\n## 2026-01-03 — hidden\n\n\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 1);
        let entry = &parsed.entries[0];
        let block = &entry.fields[0].code[0];
        assert_eq!(block.text, "echo 1\n## 2026-01-03 — hidden");
        assert!(at(text, block.span).ends_with("hidden"));
        assert!(at(text, entry.span).ends_with("hidden"));
        let [problem, no_verify] = parsed.problems.as_slice() else {
            panic!("two problems expected: {:?}", parsed.problems);
        };
        assert_eq!(no_verify.kind, ProblemKind::NoVerify);
        assert_eq!(problem.kind, ProblemKind::UnclosedFence);
        assert_eq!(at(text, problem.span), "```sh");
        let hidden = problem.related.map(|span| at(text, span));
        assert_eq!(hidden, Some("## 2026-01-03 — hidden"));
    }

    #[test]
    fn an_unclosed_fence_hiding_no_heading_is_not_a_problem() {
        let text = "## 2026-01-02 — x\n- verify: ok\n- change: run\n  ```sh\n  echo 1\n";
        assert!(journal(text).problems.is_empty());
    }

    #[test]
    fn a_level_two_heading_inside_a_fence_is_not_an_entry() {
        let text = "# Journal\n```md\n## 2025-01-01 — example in preamble\n```\n\
## 2026-01-02 — x\n- verify: ok\n\n```\n## 2026-01-01 — example\n```\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].notes, vec!["## 2026-01-01 — example"]);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn inline_triple_backticks_are_not_a_fence() {
        let text = "## 2026-01-02 — x\n- change: run ```ls```\n```ls``` again\n## 2026-01-03 — y\n";
        assert_eq!(journal(text).entries.len(), 2);
    }
}
