//! The table of source files every span points into.
//!
//! Spans are byte ranges tagged with the file they belong to, so a decision
//! recorded by a late stage can still point at the exact text that caused it.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// Index of a file in a [`Sources`] table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// What the span covers in `text`, its file's text; empty when it
    /// does not fit there.
    pub fn text_in(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// A span covering `self` and `other` (same file).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.len()).into()
    }
}

/// One loaded file: the name shown to users and its full text.
#[derive(Clone)]
pub struct SourceFile {
    pub(crate) name: String,
    /// `Arc<String>`, not `Arc<str>`: making an `Arc<str>` of a file read
    /// into a `String` would copy it, and journals run to hundreds of MB.
    pub text: Arc<String>,
    /// Byte offset of each line's start, computed on the first
    /// [`Self::line_col`]: most runs report nothing, and a million-entry
    /// journal has fourteen million lines.
    line_starts: OnceLock<Vec<usize>>,
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl SourceFile {
    pub(crate) fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let text = Arc::new(text.into());
        let line_starts = OnceLock::new();
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// 0-based index of the line holding a byte offset.
    pub(crate) fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte range of a 0-based line, its line ending included; `None`
    /// past the last line.
    pub(crate) fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let starts = self.line_starts();
        let start = *starts.get(line)?;
        let end = starts.get(line + 1).copied().unwrap_or(self.text.len());
        Some(start..end)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset).max(1);
        let start = line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line, column)
    }

    /// The text a span covers, or "" when it is out of range.
    pub(crate) fn slice(&self, span: Span) -> &str {
        span.text_in(&self.text)
    }
}

/// All files loaded for one run, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(name, text));
        id
    }

    /// The last file added under `name`.
    pub(crate) fn named(&self, name: &str) -> Option<&SourceFile> {
        self.files.iter().rev().find(|file| file.name == name)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file).slice(span)
    }

    /// `file:line` of a span's start, with the file's base name only, for
    /// prose that may be wrapped (a full path would be cut).
    pub(crate) fn short_location(&self, span: Span) -> String {
        let file = self.get(span.file);
        let (line, _) = file.line_col(span.start);
        let base = file.name.rsplit(['/', '\\']).next().unwrap_or(&file.name);
        format!("{base}:{line}")
    }

    /// `name:line:column` of a span's start.
    pub(crate) fn location(&self, span: Span) -> String {
        let file = self.get(span.file);
        let (line, column) = file.line_col(span.start);
        format!("{}:{line}:{column}", file.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters_from_one() {
        let file = SourceFile::new("f", "ab\nc→d\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(7), (2, 3)); // after the 3-byte arrow
    }

    #[test]
    fn short_location_keeps_only_the_base_name_and_line() {
        let mut sources = Sources::default();
        let id = sources.add("/tmp/x/rules.forge", "a\nb");
        assert_eq!(sources.short_location(Span::new(id, 2, 3)), "rules.forge:2");
    }

    #[test]
    fn location_names_file_line_and_column() {
        let mut sources = Sources::default();
        let id = sources.add("rules.forge", "x\n  y");
        assert_eq!(sources.location(Span::new(id, 4, 5)), "rules.forge:2:3");
    }
}
