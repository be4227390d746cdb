//! A journal with no entry at all: forge would write an empty runbook
//! without a word. Checked on the text (a line starting `## `), so that
//! every command, whichever way it parses, warns alike.

use crate::codes::JournalCode;
use crate::error::Problem;
use crate::source::{FileId, Span};

/// A warning when no line of `text` is a level-2 heading.
pub(crate) fn no_entries(file: FileId, text: &str) -> Option<Problem> {
    let starts_with_heading = is_heading(text);
    let heading_later =
        memchr::memmem::find_iter(text.as_bytes(), b"\n##").any(|at| is_heading(&text[at + 1..]));
    if starts_with_heading || heading_later {
        return None;
    }
    let end = text.find('\n').unwrap_or(text.len());
    Some(
        Problem::warning(JournalCode::NoEntries, "the journal has no entries")
            .label(Span::new(file, 0, end), "no `## YYYY-MM-DD — title` heading in this file")
            .help("each change is an entry: a level-2 heading `## YYYY-MM-DD — title`, then `- key: value` fields"),
    )
}

/// Whether `text` starts with a level-2 heading marker (`##` then a space,
/// a tab or the end of the line).
fn is_heading(text: &str) -> bool {
    text.strip_prefix("##")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_without_a_level_two_heading_is_warned_about() {
        assert!(no_entries(FileId(0), "# Journal\n\n### 2026-01-01 — x\n").is_some());
        assert!(no_entries(FileId(0), "").is_some());
        assert!(no_entries(FileId(0), "## 2026-01-01 — x\n").is_none());
        assert!(no_entries(FileId(0), "# J\n\n## 2026-01-01 — x\n").is_none());
        assert!(no_entries(FileId(0), "# J\n###x\n##x\n").is_some());
    }
}
