//! The entry being read: where each line outside a code block goes (a
//! field, a value's continuation, a note) and which code blocks belong to
//! which field.

use super::fence::{fence_opener, Fence, Opener, Target};
use super::field::{bullet_body, field_parts, new_field};
use super::heading::{entry_like_heading, is_atx_heading};
use super::lines::{trim, trimmed_range, Line};
use super::problem;
use crate::journal::{CodeBlock, Entry, FieldKey, JournalProblem, Outcome, ProblemKind};
use crate::source::{FileId, Span};

/// An entry being read, with the state needed to place its next line.
#[derive(Debug)]
pub(super) struct OpenEntry {
    pub(super) entry: Entry,
    /// End of the last non-blank line so far: the entry's span stops there.
    pub(super) last_end: usize,
    paragraph: Option<String>,
    /// The last field still takes indented continuation lines.
    continuing: bool,
    /// Code blocks that come next belong to the last field.
    attach: bool,
    /// A blank line came since the last field line or code block.
    blank_since: bool,
}

impl OpenEntry {
    pub(super) fn new(entry: Entry) -> Self {
        OpenEntry {
            last_end: entry.heading_span.end,
            entry,
            paragraph: None,
            continuing: false,
            attach: false,
            blank_since: false,
        }
    }

    /// Places one line outside any code block; returns the block it opens.
    pub(super) fn line(
        &mut self,
        file: FileId,
        line: &Line<'_>,
        problems: &mut Vec<JournalProblem>,
    ) -> Option<Fence> {
        if line.is_blank() {
            self.end_paragraph();
            self.end_value(problems);
            self.blank_since = true;
            return None;
        }
        self.last_end = line.end();
        if let Some(opener) = fence_opener(line.text) {
            return Some(self.open_fence(&opener, line, problems));
        }
        if let Some(parts) = field_parts(line.text) {
            self.end_paragraph();
            self.end_value(problems);
            self.entry.fields.push(new_field(file, line, &parts));
            self.continuing = true;
            self.attach = true;
            self.blank_since = false;
        } else if self.continuing && line.is_indented() {
            self.continue_value(line);
        } else {
            self.prose(line, problems);
        }
        None
    }

    /// A block belongs to the field above it when nothing but the field's
    /// lines (or its earlier blocks) came between, or when it is indented
    /// under it after blank lines; otherwise it is a note.
    fn open_fence(
        &mut self,
        opener: &Opener<'_>,
        line: &Line<'_>,
        problems: &mut Vec<JournalProblem>,
    ) -> Fence {
        self.end_paragraph();
        self.end_value(problems);
        let under_field = self.attach && (!self.blank_since || opener.indent > 0);
        self.attach = under_field;
        let target = if under_field {
            Target::Field
        } else {
            Target::Notes
        };
        Fence::new(opener, line, target)
    }

    /// Files a finished code block where it belongs.
    pub(super) fn add_code(&mut self, target: Target, block: CodeBlock) {
        match target {
            Target::Field => {
                if let Some(field) = self.entry.fields.last_mut() {
                    field.code.push(block);
                }
                self.blank_since = false;
            }
            Target::Notes if !block.text.trim().is_empty() => self.entry.notes.push(block.text),
            Target::Notes | Target::Nowhere => {}
        }
    }

    /// Appends an indented line to the last field's value.
    fn continue_value(&mut self, line: &Line<'_>) {
        let Some(field) = self.entry.fields.last_mut() else {
            return;
        };
        let piece = trimmed_range(line.text, 0);
        if field.value.is_empty() {
            // The first line had no value: the value starts here.
            field.value_span.start = line.start + piece.0;
        } else {
            if field.lines.is_empty() {
                field.lines.push(field.value_span);
            }
            let file = field.value_span.file;
            field
                .lines
                .push(Span::new(file, line.start + piece.0, line.start + piece.1));
            field.value.push(' ');
        }
        field.value.push_str(line.slice(piece));
        field.value_span.end = line.start + piece.1;
    }

    /// The last field's value is complete: check an outcome now that all its
    /// continuation lines are in.
    fn end_value(&mut self, problems: &mut Vec<JournalProblem>) {
        if !std::mem::take(&mut self.continuing) {
            return;
        }
        let Some(field) = self.entry.fields.last() else {
            return;
        };
        if field.key == FieldKey::Outcome && Outcome::parse(&field.value).is_none() {
            problems.push(problem(ProblemKind::UnknownOutcome, field.value_span, None));
        }
    }

    /// A prose line: joins the paragraph, except that bullets start a new
    /// note and Markdown headings are notes of their own.
    fn prose(&mut self, line: &Line<'_>, problems: &mut Vec<JournalProblem>) {
        self.end_value(problems);
        self.attach = false;
        let heading = is_atx_heading(line.text);
        if heading {
            problems.extend(entry_like_heading(self.entry.span.file, line));
        }
        if heading || bullet_body(line.text).is_some() {
            self.end_paragraph();
        }
        let text = trim(line.text);
        match &mut self.paragraph {
            Some(paragraph) => {
                paragraph.push(' ');
                paragraph.push_str(text);
            }
            None => self.paragraph = Some(text.to_string()),
        }
        if heading {
            self.end_paragraph();
        }
    }

    fn end_paragraph(&mut self) {
        if let Some(paragraph) = self.paragraph.take() {
            self.entry.notes.push(paragraph);
        }
    }

    /// Closes the entry: its span ends at its last non-blank line.
    pub(super) fn finish(mut self, problems: &mut Vec<JournalProblem>) -> Entry {
        self.end_paragraph();
        self.end_value(problems);
        self.entry.span.end = self.last_end;
        // Fields are 150 bytes each: a million entries would otherwise keep
        // a few hundred megabytes of spare capacity.
        self.entry.fields.shrink_to_fit();
        let entry = self.entry;
        if entry.values(&FieldKey::Verify).next().is_none() {
            let span = if entry.title.is_empty() {
                entry.heading_span
            } else {
                entry.title_span
            };
            problems.push(problem(ProblemKind::NoVerify, span, None));
        }
        entry
    }
}

#[cfg(test)]
mod tests {
    use crate::journal::parse::support::{at, journal, kinds, only};
    use crate::journal::{Outcome, ProblemKind};

    #[test]
    fn prose_lines_join_into_paragraphs_kept_as_notes() {
        let text = "## 2026-01-02 — x\nFirst line\n  second   line\n\nOther paragraph\n- verify: ok\nafter the field\n";
        let entry = only(text);
        assert_eq!(
            entry.notes,
            vec![
                "First line second   line",
                "Other paragraph",
                "after the field"
            ]
        );
    }

    #[test]
    fn a_level_three_heading_is_a_note_not_an_entry_boundary() {
        let text = "## 2026-01-02 — x\n### Details\nslow disk\n- verify: ok\n#### deeper\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 1);
        let entry = &parsed.entries[0];
        assert_eq!(entry.notes, vec!["### Details", "slow disk", "#### deeper"]);
        assert_eq!(entry.fields.len(), 1);
        assert!(at(text, entry.span).ends_with("#### deeper"));
    }

    #[test]
    fn the_entry_span_stops_at_its_last_non_blank_line() {
        let text =
            "pre\n\n## 2026-01-02 — a\n- verify: ok\n\n\n## 2026-01-03 — b\n- verify: ok  \n\n";
        let parsed = journal(text);
        assert_eq!(
            at(text, parsed.entries[0].span),
            "## 2026-01-02 — a\n- verify: ok"
        );
        assert_eq!(
            at(text, parsed.entries[1].span),
            "## 2026-01-03 — b\n- verify: ok  "
        );
        assert_eq!(parsed.entries[1].line, 7);
    }

    #[test]
    fn an_unknown_outcome_is_reported_on_its_value() {
        let text = "## 2026-01-02 — x\n- verify: ok\n- outcome: mostly fine\n- result: rolled\n  back\n- status: Rolled_Back\n";
        let parsed = journal(text);
        assert_eq!(kinds(&parsed), vec![ProblemKind::UnknownOutcome]);
        assert_eq!(at(text, parsed.problems[0].span), "mostly fine");
        assert_eq!(parsed.entries[0].outcome(), Some(Outcome::RolledBack));
    }

    #[test]
    fn an_entry_without_verify_is_reported_on_its_title_or_heading() {
        let text =
            "## 2026-01-02 — restarted es-1b\n- outcome: inconclusive\n## 2026-01-03\n- why: x\n";
        let parsed = journal(text);
        assert_eq!(
            kinds(&parsed),
            vec![ProblemKind::NoVerify, ProblemKind::NoVerify]
        );
        assert_eq!(at(text, parsed.problems[0].span), "restarted es-1b");
        assert_eq!(at(text, parsed.problems[1].span), "## 2026-01-03");
        assert!(!parsed.entries[0].is_verified());
    }
}
