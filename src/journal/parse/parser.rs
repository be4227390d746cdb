//! The journal as a whole, line by line: the preamble, the entries (each
//! read by an [`OpenEntry`]) and the code blocks, in which no line is a
//! heading.

use super::entry::OpenEntry;
use super::fence::{fence_opener, Fence, Target};
use super::field::field_parts;
use super::heading::{entry_like_heading, heading_body, new_entry, parse_heading};
use super::lines::{Line, Lines};
use super::lint::Lint;
use super::problem;
use crate::journal::{Entry, Journal, JournalProblem, ProblemKind};
use crate::source::{FileId, Span};

pub(super) struct Parser<'t> {
    file: FileId,
    pub(super) entries: Vec<Entry>,
    pub(super) problems: Vec<JournalProblem>,
    pub(super) current: Option<OpenEntry>,
    /// An open code block; while it is open no line is a heading.
    pub(super) fence: Option<Fence>,
    /// Order and duplicate checks against the entries so far.
    pub(super) lint: Lint<'t>,
    /// Parsing a chunk of a split text: order and duplicate checks need
    /// the entries before the chunk, so they are left to the merge, which
    /// inserts their problems at these positions (one per started entry).
    pub(super) deferred: Option<Vec<usize>>,
}

impl<'t> Parser<'t> {
    /// A parser of `text`, or of a chunk of it: spans and the headings the
    /// duplicate check reads back index the whole text.
    pub(super) fn new(file: FileId, text: &'t str) -> Self {
        Parser {
            file,
            entries: Vec::new(),
            problems: Vec::new(),
            current: None,
            fence: None,
            lint: Lint::new(file, text),
            deferred: None,
        }
    }

    pub(super) fn read(&mut self, lines: Lines<'_>) {
        for line in lines {
            self.line(line);
        }
    }

    fn line(&mut self, line: Line<'_>) {
        if let Some(fence) = self.fence.as_mut() {
            if fence.closes(line.text) {
                self.close_fence(Some(line.start + line.text.trim_end().len()));
            } else {
                fence.push(&line);
            }
            if let Some(open) = self.current.as_mut().filter(|_| !line.is_blank()) {
                open.last_end = line.end();
            }
        } else if let Some(body) = heading_body(line.text) {
            self.start_entry(&line, body);
        } else if let Some(open) = self.current.as_mut() {
            self.fence = open.line(self.file, &line, &mut self.problems);
        } else {
            // Preamble: ignored, but its code blocks still hide `## ` lines.
            self.fence =
                fence_opener(line.text).map(|opener| Fence::new(&opener, &line, Target::Nowhere));
            self.problems.extend(entry_like_heading(self.file, &line));
            if field_parts(line.text).is_some() {
                let span = line.trimmed_span(self.file);
                self.problems
                    .push(problem(ProblemKind::FieldBeforeEntry, span, None));
            }
        }
    }

    fn close_fence(&mut self, closed_at: Option<usize>) {
        let Some(fence) = self.fence.take() else {
            return;
        };
        if let (None, Some((start, end))) = (closed_at, fence.hidden_heading) {
            // GitHub renders the rest of the file as code too, so the
            // entries after it are lost to every reader: say where.
            let (open_start, open_end) = fence.opener;
            self.problems.push(problem(
                ProblemKind::UnclosedFence,
                Span::new(self.file, open_start, open_end),
                Some(Span::new(self.file, start, end)),
            ));
        }
        let (target, block) = fence.finish(self.file, closed_at);
        if let Some(open) = self.current.as_mut() {
            open.add_code(target, block);
        }
    }

    fn start_entry(&mut self, line: &Line<'_>, body: usize) {
        self.finish_entry();
        let heading = parse_heading(line.text, body);
        let entry = new_entry(self.file, line, &heading);
        self.check_heading(&entry);
        if let Some(deferred) = self.deferred.as_mut() {
            deferred.push(self.problems.len());
        } else {
            self.lint.check(&entry, &mut self.problems);
        }
        self.current = Some(OpenEntry::new(entry));
    }

    fn check_heading(&mut self, entry: &Entry) {
        if entry.date_span.is_empty() {
            let span = if entry.title.is_empty() {
                entry.heading_span
            } else {
                entry.title_span
            };
            self.problems
                .push(problem(ProblemKind::BadHeading, span, None));
        } else if entry.date.is_none() {
            self.problems
                .push(problem(ProblemKind::BadDate, entry.date_span, None));
        }
    }

    /// Hands out the finished entries.
    pub(super) fn take_entries(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.entries)
    }

    pub(super) fn finish_entry(&mut self) {
        if let Some(open) = self.current.take() {
            let entry = open.finish(&mut self.problems);
            self.entries.push(entry);
        }
    }

    pub(super) fn finish(mut self) -> Journal {
        // An unclosed block runs to the end of the file (no heading can
        // interrupt it), so it only ever ends here.
        self.close_fence(None);
        self.finish_entry();
        Journal {
            file: self.file,
            entries: self.entries,
            problems: self.problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::journal::parse::support::{journal, kinds, FILE};
    use crate::journal::ProblemKind;

    #[test]
    fn problems_come_in_file_order() {
        let text =
            "## 2026-05-01 — a\n- outcome: ?\n## 2026-02-30 — b\n## 2026-04-01 — a\n- verify: ok\n";
        let parsed = journal(text);
        assert_eq!(
            kinds(&parsed),
            vec![
                ProblemKind::UnknownOutcome,
                ProblemKind::NoVerify,
                ProblemKind::BadDate,
                ProblemKind::NoVerify,
                ProblemKind::OutOfOrder,
            ]
        );
    }

    #[test]
    fn empty_input_has_no_entries_and_no_problems() {
        for text in ["", "\u{feff}", "\n\n", "\r\n"] {
            let parsed = journal(text);
            assert!(
                parsed.entries.is_empty() && parsed.problems.is_empty(),
                "{text:?}"
            );
            assert_eq!(parsed.file, FILE);
        }
    }

    #[test]
    fn a_preamble_only_journal_has_no_entries() {
        let text =
            "# Journal — es-1\n\nAppend-only.\n- why: not an entry\n### 2026-01-01 — nor this\n";
        let parsed = journal(text);
        assert!(parsed.entries.is_empty());
        // The field belongs to no entry; the dated sub-heading is not one.
        assert_eq!(
            kinds(&parsed),
            [ProblemKind::FieldBeforeEntry, ProblemKind::EntryLikeHeading]
        );
    }
}
