//! The JOURNAL.md parser.
//!
//! One pass over the lines with hand-written scanning (no regex): journals
//! can be hundreds of megabytes, so every line is looked at a constant number
//! of times. Every span is a byte range into the original text (a leading BOM
//! still counts in the offsets), and every slice is taken through `get` or at
//! an ASCII byte, so no input can make parsing panic.

use std::collections::hash_map::Entry as Slot;
use std::collections::HashMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

mod chunks;

use super::{CodeBlock, Entry, Field, FieldKey, Journal, JournalProblem, Outcome, ProblemKind};
use crate::source::{FileId, Span};

/// Keys longer than this are prose that happens to contain a colon.
const MAX_KEY_CHARS: usize = 30;

/// Separators between the date (and time) and the title; `--` comes before
/// `-` so that the longer one wins.
const SEPARATORS: [&str; 5] = ["\u{2014}", "\u{2013}", "--", "-", ":"];

/// Parses a journal. Never fails: what is wrong is reported as problems.
#[must_use]
pub fn parse(file: FileId, text: &str) -> Journal {
    let threads = rayon::current_num_threads();
    if text.len() >= chunks::PARALLEL_FROM && threads > 1 {
        return chunks::parse(file, text, threads);
    }
    let mut parser = Parser::new(file, text);
    // A hint: an estimate far too high is not worth failing for.
    let _ = parser.entries.try_reserve(estimated_entries(text));
    for line in Lines::new(text) {
        parser.line(line);
    }
    parser.finish()
}

/// Bytes of journal parsed per chunk by [`parse_batches`]: a window of one
/// chunk per core holds some tens of thousands of entries at a time.
const BATCH_BYTES: usize = 4 << 20;

/// Parses a journal like [`parse`], handing its entries to `each` in
/// batches, in order (working on one while the next is parsed), and
/// dropping each batch after: for outputs that need
/// a little of every entry, a journal's entries are never all held at once
/// (a parsed entry is ~1.8 KB). The returned journal has every problem of
/// [`parse`] (same order) and no entries; entry indices count across
/// batches.
pub fn parse_batches(
    file: FileId,
    text: &str,
    each: &mut (dyn FnMut(Vec<Entry>) + Send),
) -> Journal {
    let threads = rayon::current_num_threads().max(1);
    let pieces = (text.len() / BATCH_BYTES).max(1);
    // Whole windows of one chunk per core.
    let pieces = pieces.div_ceil(threads) * threads;
    chunks::in_windows(file, text, &chunks::cuts(text, pieces), threads, each)
}

/// Entries in the whole text, extrapolated from its first 64 KiB, so the
/// entry list is allocated once instead of doubled (and copied) ~20 times.
pub fn estimated_entries(text: &str) -> usize {
    const SAMPLE: usize = 64 << 10;
    let sample = &text.as_bytes()[..text.len().min(SAMPLE)];
    let headings = sample.windows(4).filter(|w| w == b"\n## ").count() + 1;
    headings.saturating_mul(text.len() / sample.len().max(1)) * 11 / 10
}

// ---------------------------------------------------------------------------
// Lines

/// One line of the text, without its line ending.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Byte offset of the line's first character in the whole text.
    start: usize,
    text: &'a str,
    /// 1-based line number.
    number: usize,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    fn is_blank(&self) -> bool {
        trim(self.text).is_empty()
    }

    /// Whether the line starts with indentation (it may continue a value).
    fn is_indented(&self) -> bool {
        self.text.starts_with([' ', '\t'])
    }

    /// A span for a byte range relative to the line's start.
    fn span(&self, file: FileId, (from, to): (usize, usize)) -> Span {
        Span::new(file, self.start + from, self.start + to)
    }

    /// The text of a byte range relative to the line's start.
    fn slice(&self, (from, to): (usize, usize)) -> &str {
        self.text.get(from..to).unwrap_or("")
    }
}

/// Splits on `\n`, dropping a `\r` before it, skipping a leading BOM.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    /// Where to stop (the text's length, or the end of a chunk).
    end: usize,
    number: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
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
    fn range(text: &'a str, start: usize, end: usize, before: usize) -> Self {
        Lines {
            text,
            pos: start,
            end,
            number: before,
        }
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
// Scanning helpers (all offsets are byte offsets into the given line)

/// The offset after any spaces and tabs from `at`.
fn skip_blank(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
}

/// The range of `text[from..]` with surrounding whitespace trimmed; empty at
/// the end of the line when there is nothing but whitespace.
fn trimmed_range(text: &str, from: usize) -> (usize, usize) {
    let (start, end) = trim_bounds(text.get(from..).unwrap_or(""));
    (from + start, from + end)
}

/// `str::trim`, reading bytes (see [`trim_bounds`]).
fn trim(text: &str) -> &str {
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
fn has_shape(bytes: &[u8], at: usize, shape: &[u8]) -> bool {
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
fn ends_word(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// The offset after the text of a level-2 heading's marker, if the line is
/// one (`## title`, or a bare `##`).
fn heading_body(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("##")?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(3.min(text.len()))
}

/// The offset of a bullet's text (`- x`, `* x`, up to 3 leading spaces), if
/// the line is a bullet.
fn bullet_body(text: &str) -> Option<usize> {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    if spaces > 3 || !matches!(text.as_bytes().get(spaces), Some(b'-' | b'*')) {
        return None;
    }
    let after = spaces + 1;
    let body = skip_blank(text, after);
    // `-x` or `**bold**` is not a bullet; a lone `-` is an empty one.
    (body > after || after == text.len()).then_some(body)
}

/// Whether the line is a Markdown ATX heading (`# x`, `### x`), which stands
/// alone as a note rather than joining the paragraph around it.
fn is_atx_heading(text: &str) -> bool {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    let hashes = text.bytes().skip(spaces).take_while(|&b| b == b'#').count();
    spaces <= 3 && (1..=6).contains(&hashes) && ends_blank(text, spaces + hashes)
}

/// Whether the line is a heading of another level than 2 whose text starts
/// with a date, as an entry's heading does (`### 2026-01-02 — …`): it is
/// read as a note of the entry above, which is likely not what was meant.
fn is_entry_like_heading(text: &str) -> bool {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    let hashes = text.bytes().skip(spaces).take_while(|&b| b == b'#').count();
    let at = spaces + hashes;
    spaces <= 3
        && hashes != 2
        && (1..=6).contains(&hashes)
        && ends_blank(text, at)
        && date_shape(text.as_bytes(), skip_blank(text, at)).is_some()
}

/// The problem for an entry-like heading of the wrong level, if `line` is
/// one.
fn entry_like_heading(file: FileId, line: &Line<'_>) -> Option<JournalProblem> {
    is_entry_like_heading(line.text).then(|| {
        let end = line.start + line.text.trim_end().len();
        problem(
            ProblemKind::EntryLikeHeading,
            Span::new(file, line.start, end),
            None,
        )
    })
}

/// Whether `text[at..]` is empty or starts with a space or tab.
fn ends_blank(text: &str, at: usize) -> bool {
    text.get(at..)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

// ---------------------------------------------------------------------------
// Headings

/// Where the parts of a heading are, relative to the line's start.
#[derive(Debug)]
struct Heading {
    date: Option<(usize, usize)>,
    time: Option<(usize, usize)>,
    title: (usize, usize),
}

/// Splits `## DATE[ TIME] SEP TITLE`, where `body` is the offset after `##`.
fn parse_heading(text: &str, body: usize) -> Heading {
    let start = skip_blank(text, body);
    let Some(date_end) = date_shape(text.as_bytes(), start) else {
        return Heading {
            date: None,
            time: None,
            title: trimmed_range(text, body),
        };
    };
    let (time, after) = time_after_date(text.as_bytes(), date_end);
    let title_from = separator_end(text, skip_blank(text, after));
    Heading {
        date: Some((start, date_end)),
        time,
        title: trimmed_range(text, title_from),
    }
}

/// The end of a `YYYY-MM-DD` at `at`, if it is one and ends there (or goes
/// on with a glued `THH:MM`).
fn date_shape(bytes: &[u8], at: usize) -> Option<usize> {
    let end = at + 10;
    let glued_time = bytes.get(end) == Some(&b'T') && time_shape(bytes, end + 1).is_some();
    (has_shape(bytes, at, b"dddd-dd-dd") && (ends_word(bytes, end) || glued_time)).then_some(end)
}

/// The end of `HH:MM[:SS][Z|+HH:MM|-HH:MM]` at `at`, if it is one.
fn time_shape(bytes: &[u8], at: usize) -> Option<usize> {
    if !has_shape(bytes, at, b"dd:dd") {
        return None;
    }
    let mut end = at + 5;
    if has_shape(bytes, end, b":dd") {
        end += 3;
    }
    if bytes.get(end) == Some(&b'Z') {
        end += 1;
    } else if has_shape(bytes, end, b"+dd:dd") || has_shape(bytes, end, b"-dd:dd") {
        end += 6;
    }
    ends_word(bytes, end).then_some(end)
}

/// The time after a date (glued with `T` or after blanks) and where the
/// heading goes on after the date and time.
fn time_after_date(bytes: &[u8], date_end: usize) -> (Option<(usize, usize)>, usize) {
    let from = if bytes.get(date_end) == Some(&b'T') {
        date_end + 1
    } else {
        bytes
            .iter()
            .skip(date_end)
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
            + date_end
    };
    match time_shape(bytes, from) {
        // A time needs a `T` or a blank before it; `date_shape` already
        // refused a digit glued to the date.
        Some(end) => (Some((from, end)), end),
        None => (None, date_end),
    }
}

/// The offset after the first separator at `at`, or `at` when there is none
/// (a date followed straight by the title).
fn separator_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    SEPARATORS
        .iter()
        .find(|sep| rest.starts_with(*sep))
        .map_or(at, |sep| at + sep.len())
}

/// A real calendar date from a `YYYY-MM-DD` shaped text.
fn calendar_date(text: &str) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// Builds an entry (no fields yet) from its heading line.
fn new_entry(file: FileId, line: &Line<'_>, heading: &Heading) -> Entry {
    let title_span = line.span(file, heading.title);
    let (date_text, date_span) = match heading.date {
        Some(range) => (line.slice(range), line.span(file, range)),
        // No date: an empty span where the date should have been.
        None => ("", Span::new(file, title_span.start, title_span.start)),
    };
    Entry {
        line: line.number,
        span: line.span(file, (0, line.text.len())),
        heading_span: line.span(file, (0, line.text.len())),
        date: calendar_date(date_text),
        date_span,
        time_span: heading.time.map(|range| line.span(file, range)),
        title: line.slice(heading.title).to_string(),
        title_span,
        // Entries have a handful of fields: one allocation, not three.
        fields: Vec::with_capacity(8),
        notes: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Fields

/// Where a `- key: value` bullet's key and value are, relative to the line.
#[derive(Debug)]
struct FieldParts {
    key: (usize, usize),
    value: (usize, usize),
}

/// Splits a `- key: value` bullet. The key starts with a letter or digit and
/// the colon is followed by a blank or the end of the line, so that
/// `- see https://x` or `- 14:05 restarted` stay prose.
fn field_parts(text: &str) -> Option<FieldParts> {
    let from = bullet_body(text)?;
    let rest = text.get(from..)?;
    let colon = from + key_length(rest)?;
    let key = text.get(from..colon)?.trim_end();
    if !key.chars().next()?.is_alphanumeric() || !ends_blank(text, colon + 1) {
        return None;
    }
    Some(FieldParts {
        key: (from, from + key.len()),
        value: trimmed_range(text, colon + 1),
    })
}

/// The byte length of a key before its colon, if `rest` starts with one.
fn key_length(rest: &str) -> Option<usize> {
    for (count, (at, c)) in rest.char_indices().enumerate() {
        if c == ':' {
            return Some(at);
        }
        let key_char = c.is_alphanumeric() || matches!(c, ' ' | '_' | '-');
        if !key_char || count >= MAX_KEY_CHARS {
            return None;
        }
    }
    None
}

fn new_field(file: FileId, line: &Line<'_>, parts: &FieldParts) -> Field {
    Field {
        key: FieldKey::from_key(line.slice(parts.key)),
        key_span: line.span(file, parts.key),
        value: line.slice(parts.value).to_string(),
        value_span: line.span(file, parts.value),
        lines: Vec::new(),
        line: line.number,
        code: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Fenced code blocks

/// Where a finished code block goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The last field of the current entry.
    Field,
    /// The current entry's notes.
    Notes,
    /// Nowhere: a block in the preamble, only tracked to hide its `## `.
    Nowhere,
}

/// The opening line of a fence.
#[derive(Debug)]
struct Opener<'a> {
    marker: u8,
    len: usize,
    /// Leading spaces and tabs (one byte each).
    indent: usize,
    info: &'a str,
}

/// Reads a fence opener: three or more backticks or tildes after any
/// indentation, then an info string (with no backtick for backtick fences,
/// as in `CommonMark`, so inline code is not taken for a fence).
fn fence_opener(text: &str) -> Option<Opener<'_>> {
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
struct Fence {
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
    opener: (usize, usize),
    /// The byte range of the first `## ` line inside, which a closed
    /// block would have left as an entry heading.
    hidden_heading: Option<(usize, usize)>,
}

impl Fence {
    fn new(opener: &Opener<'_>, line: &Line<'_>, target: Target) -> Self {
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
    fn closes(&self, text: &str) -> bool {
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
    fn push(&mut self, line: &Line<'_>) {
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
    fn finish(mut self, file: FileId, closed_at: Option<usize>) -> (Target, CodeBlock) {
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

// ---------------------------------------------------------------------------
// Entries

/// An entry being read, with the state needed to place its next line.
#[derive(Debug)]
struct OpenEntry {
    entry: Entry,
    /// End of the last non-blank line so far: the entry's span stops there.
    last_end: usize,
    paragraph: Option<String>,
    /// The last field still takes indented continuation lines.
    continuing: bool,
    /// Code blocks that come next belong to the last field.
    attach: bool,
    /// A blank line came since the last field line or code block.
    blank_since: bool,
}

impl OpenEntry {
    fn new(entry: Entry) -> Self {
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
    fn line(
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
    fn add_code(&mut self, target: Target, block: CodeBlock) {
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
    fn finish(mut self, problems: &mut Vec<JournalProblem>) -> Entry {
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

fn problem(kind: ProblemKind, span: Span, related: Option<Span>) -> JournalProblem {
    JournalProblem {
        kind,
        span,
        related,
    }
}

// ---------------------------------------------------------------------------
// The parser

/// What makes two entries duplicates: date and time as written, and the
/// title without case.
type DuplicateKey = (String, Option<String>, String);

/// A hash of what makes two headings duplicates (see [`same_heading`]).
fn heading_hash(entry: &Entry, text: &str) -> u64 {
    // FNV-1a: a few bytes per heading, and collisions are resolved by
    // comparing the headings, so a fast hash is enough.
    fn mix(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
        bytes.into_iter().fold(hash, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }
    let mut hash = mix(0xcbf2_9ce4_8422_2325, entry.date_text(text).bytes());
    hash = mix(hash, [0xff]);
    hash = match entry.time_text(text) {
        Some(time) => mix(hash, time.bytes()),
        None => mix(hash, [0xfe]),
    };
    hash = mix(hash, [0xff]);
    let title = entry.title.trim();
    if title.is_ascii() {
        mix(hash, title.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        mix(hash, title.to_lowercase().bytes())
    }
}

/// Same date and time as written, and the same title without case.
fn same_heading(a: &Entry, b: &Entry, text: &str) -> bool {
    let (ta, tb) = (a.title.trim(), b.title.trim());
    let titles = if ta.is_ascii() && tb.is_ascii() {
        ta.eq_ignore_ascii_case(tb)
    } else {
        ta.to_lowercase() == tb.to_lowercase()
    };
    a.date_text(text) == b.date_text(text) && a.time_text(text) == b.time_text(text) && titles
}

struct Parser<'t> {
    file: FileId,
    /// The whole text, to read back earlier headings (see
    /// [`Parser::heading_at`]).
    text: &'t str,
    entries: Vec<Entry>,
    problems: Vec<JournalProblem>,
    current: Option<OpenEntry>,
    /// An open code block; while it is open no line is a heading.
    fence: Option<Fence>,
    /// The latest date so far and the date span of the entry holding it.
    latest: Option<(NaiveDate, Span)>,
    /// Heading hash (see [`heading_hash`]) → where the first heading with
    /// it starts in the text, for duplicates without a copy of every
    /// heading, and without the earlier entries (they may have been handed
    /// out, see [`parse_batches`]).
    first_by_hash: FxHashMap<u64, usize>,
    /// Headings whose hash collides with a different earlier heading
    /// (rare): their first occurrences, by key.
    seen: HashMap<DuplicateKey, Span>,
    /// Parsing a chunk of a split text: order and duplicate checks need
    /// the entries before the chunk, so they are left to the merge, which
    /// inserts their problems at these positions (one per started entry).
    deferred: Option<Vec<usize>>,
}

impl<'t> Parser<'t> {
    fn new(file: FileId, text: &'t str) -> Self {
        Parser {
            file,
            text,
            entries: Vec::new(),
            problems: Vec::new(),
            current: None,
            fence: None,
            latest: None,
            first_by_hash: FxHashMap::default(),
            seen: HashMap::new(),
            deferred: None,
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
                let end = line.start + line.text.trim_end().len();
                let span = Span::new(self.file, line.start, end);
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
            self.check_order(&entry);
            self.check_duplicate(&entry);
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

    /// Dates must not go backwards. Among equal latest dates the most recent
    /// entry is the one pointed at, the nearest to the offending one.
    fn check_order(&mut self, entry: &Entry) {
        let Some(date) = entry.date else {
            return;
        };
        match self.latest {
            Some((latest, latest_span)) if date < latest => {
                let found = problem(ProblemKind::OutOfOrder, entry.date_span, Some(latest_span));
                self.problems.push(found);
            }
            _ => self.latest = Some((date, entry.date_span)),
        }
    }

    fn check_duplicate(&mut self, entry: &Entry) {
        let first = match self.first_by_hash.entry(heading_hash(entry, self.text)) {
            Slot::Vacant(slot) => {
                slot.insert(entry.heading_span.start);
                return;
            }
            Slot::Occupied(first) => *first.get(),
        };
        let related = match self.heading_at(first) {
            Some(earlier) if same_heading(&earlier, entry, self.text) => Some(earlier.heading_span),
            _ => self.collided(entry),
        };
        if let Some(related) = related {
            let found = problem(
                ProblemKind::DuplicateEntry,
                entry.heading_span,
                Some(related),
            );
            self.problems.push(found);
        }
    }

    /// The entry (heading only) whose heading line starts at `start`, read
    /// back from the text: its date, time and title come from that line
    /// alone. Only a heading whose hash was seen before is read back.
    fn heading_at(&self, start: usize) -> Option<Entry> {
        let rest = self.text.get(start..)?;
        let raw = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest, |end| &rest[..end]);
        // As `Lines`: a line ends before `\n`, without a `\r` before it.
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let body = heading_body(text)?;
        let line = Line {
            start,
            text,
            number: 0,
        };
        Some(new_entry(self.file, &line, &parse_heading(text, body)))
    }

    /// Hands out the finished entries.
    fn take_entries(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.entries)
    }

    /// Duplicates among headings whose hash collided: by full key.
    fn collided(&mut self, entry: &Entry) -> Option<Span> {
        let key = (
            entry.date_text(self.text).to_string(),
            entry.time_text(self.text).map(str::to_string),
            entry.title.trim().to_lowercase(),
        );
        match self.seen.entry(key) {
            Slot::Occupied(first) => Some(*first.get()),
            Slot::Vacant(slot) => {
                slot.insert(entry.heading_span);
                None
            }
        }
    }

    fn finish_entry(&mut self) {
        if let Some(open) = self.current.take() {
            let entry = open.finish(&mut self.problems);
            self.entries.push(entry);
        }
    }

    fn finish(mut self) -> Journal {
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
    use super::*;

    const FILE: FileId = FileId(7);

    fn journal(text: &str) -> Journal {
        parse(FILE, text)
    }

    /// The only entry of a one-entry journal.
    fn only(text: &str) -> Entry {
        let mut parsed = journal(text);
        assert_eq!(parsed.entries.len(), 1, "{text:?}");
        parsed.entries.remove(0)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn kinds(parsed: &Journal) -> Vec<ProblemKind> {
        parsed.problems.iter().map(|p| p.kind.clone()).collect()
    }

    /// Problems other than `NoVerify`, which most small samples trigger.
    fn problems_besides_no_verify(parsed: &Journal) -> Vec<&JournalProblem> {
        parsed
            .problems
            .iter()
            .filter(|p| p.kind != ProblemKind::NoVerify)
            .collect()
    }

    fn field<'a>(text: &str, entry: &'a Entry, raw_key: &str) -> &'a Field {
        entry
            .fields
            .iter()
            .find(|f| f.raw_key(text) == raw_key)
            .unwrap_or_else(|| panic!("no field {raw_key} in {entry:?}"))
    }

    // --- headings -------------------------------------------------------

    #[test]
    fn every_separator_splits_the_date_from_the_title() {
        for sep in ["—", "–", "--", "-", ":"] {
            for text in [
                format!("## 2026-05-02 {sep} raised heap\n"),
                format!("## 2026-05-02{sep}raised heap\n"),
                format!("## 2026-05-02\t{sep}\traised heap  \n"),
            ] {
                let entry = only(&text);
                assert_eq!(entry.title, "raised heap", "{text:?}");
                assert_eq!(at(&text, entry.title_span), "raised heap");
                assert_eq!(entry.date, NaiveDate::from_ymd_opt(2026, 5, 2));
                assert_eq!(entry.date_text(&text), "2026-05-02");
                assert_eq!(at(&text, entry.date_span), "2026-05-02");
                assert_eq!(entry.time_text(&text), None);
            }
        }
    }

    #[test]
    fn only_the_first_separator_splits_and_the_title_keeps_the_rest() {
        let entry = only("## 2026-05-02 — resized 250Gi -> 500Gi — again: twice -- ok\n");
        assert_eq!(entry.title, "resized 250Gi -> 500Gi — again: twice -- ok");
        let entry = only("## 2026-05-02 -- -Xmx16g set\n");
        assert_eq!(entry.title, "-Xmx16g set");
    }

    #[test]
    fn a_date_followed_by_text_without_separator_takes_the_rest_as_title() {
        let text = "## 2026-01-02 did thing\n";
        let entry = only(text);
        assert_eq!(entry.title, "did thing");
        assert_eq!(at(text, entry.title_span), "did thing");
        assert!(problems_besides_no_verify(&journal(text)).is_empty());
    }

    #[test]
    fn an_empty_title_is_allowed() {
        for text in [
            "## 2026-01-02\n",
            "## 2026-01-02 —  \n",
            "## 2026-01-02 14:05",
        ] {
            let entry = only(text);
            assert_eq!(entry.title, "", "{text:?}");
            assert!(entry.title_span.is_empty());
            assert!(entry.date.is_some());
        }
    }

    #[test]
    fn time_variants_are_kept_as_written() {
        let cases = [
            ("## 2026-01-02 14:05 — x", "14:05"),
            ("## 2026-01-02 14:05:33 — x", "14:05:33"),
            ("## 2026-01-02 14:05Z — x", "14:05Z"),
            ("## 2026-01-02 14:05:33Z - x", "14:05:33Z"),
            ("## 2026-01-02 09:00+02:00 — x", "09:00+02:00"),
            ("## 2026-01-02 09:00-05:30: x", "09:00-05:30"),
            ("## 2026-01-02T14:05 — x", "14:05"),
            ("## 2026-01-02T14:05:33Z — x", "14:05:33Z"),
            ("## 2026-01-02 14:05 x", "14:05"),
            ("## 2026-01-02 14:05:33: x", "14:05:33"),
        ];
        for (text, time) in cases {
            let entry = only(text);
            assert_eq!(entry.time_text(text), Some(time), "{text:?}");
            assert_eq!(entry.title, "x", "{text:?}");
            assert_eq!(entry.date_text(text), "2026-01-02");
        }
    }

    #[test]
    fn text_that_only_looks_like_a_time_belongs_to_the_title() {
        let text = "## 2026-01-02 — 14:05 restart";
        let entry = only(text);
        assert_eq!(
            (entry.time_text(text), entry.title.as_str()),
            (None, "14:05 restart")
        );
        let text = "## 2026-01-02 14:05pm restart";
        let entry = only(text);
        assert_eq!(
            (entry.time_text(text), entry.title.as_str()),
            (None, "14:05pm restart")
        );
        let text = "## 2026-01-02 2026 plan";
        let entry = only(text);
        assert_eq!(
            (entry.time_text(text), entry.title.as_str()),
            (None, "2026 plan")
        );
    }

    #[test]
    fn an_impossible_date_is_reported_and_left_unparsed() {
        let text = "## 2026-02-30 — leap of faith\n- verify: ok\n";
        let parsed = journal(text);
        let entry = &parsed.entries[0];
        assert_eq!(entry.date, None);
        assert_eq!(entry.date_text(text), "2026-02-30");
        assert_eq!(entry.title, "leap of faith");
        assert_eq!(kinds(&parsed), vec![ProblemKind::BadDate]);
        assert_eq!(at(text, parsed.problems[0].span), "2026-02-30");
    }

    #[test]
    fn a_heading_without_a_date_is_still_an_entry_with_a_bad_heading() {
        let text = "## Took snapshot 2026-01-02  \n- verify: ok\n";
        let parsed = journal(text);
        let entry = &parsed.entries[0];
        assert_eq!(entry.date, None);
        assert_eq!(entry.date_text(text), "");
        assert_eq!(entry.title, "Took snapshot 2026-01-02");
        assert!(entry.date_span.is_empty());
        assert_eq!(entry.date_span.start, entry.title_span.start);
        assert_eq!(kinds(&parsed), vec![ProblemKind::BadHeading]);
        assert_eq!(
            at(text, parsed.problems[0].span),
            "Took snapshot 2026-01-02"
        );
    }

    #[test]
    fn a_date_glued_to_more_digits_or_letters_is_not_a_date() {
        for text in ["## 2026-01-023 x", "## 2026-01-02Tuesday", "## 26-01-02 x"] {
            let parsed = journal(text);
            assert_eq!(parsed.entries[0].date_text(text), "", "{text:?}");
            assert_eq!(parsed.problems[0].kind, ProblemKind::BadHeading);
        }
    }

    #[test]
    fn an_empty_heading_is_a_bad_heading_on_the_whole_line() {
        let text = "## \n- verify: x\n##\n- verify: y\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(parsed.entries[0].title, "");
        assert_eq!(at(text, parsed.problems[0].span), "## ");
        assert_eq!(parsed.problems[0].kind, ProblemKind::BadHeading);
        assert_eq!(at(text, parsed.entries[1].heading_span), "##");
    }

    #[test]
    fn non_ascii_titles_keep_their_characters_and_spans() {
        let text = "# Jörnal\n\n## 2026-02-03 — Raised heap 8G→16G ✓\n- verify: grün\n";
        let entry = only(text);
        assert_eq!(entry.title, "Raised heap 8G→16G ✓");
        assert_eq!(at(text, entry.title_span), "Raised heap 8G→16G ✓");
        assert_eq!(entry.line, 3);
        assert_eq!(at(text, field(text, &entry, "verify").value_span), "grün");
    }

    // --- line endings ---------------------------------------------------

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

    // --- fields ---------------------------------------------------------

    #[test]
    fn aliases_map_to_meanings_and_repeated_keys_all_stay() {
        use FieldKey::{By, Change, Outcome as O, Rollback, Ticket, Verify, Why};
        let text = "## 2026-01-02 — x\n\
                    - Reason: a\n- did: b\n- CHECK: c\n- verified: d\n- backout: e\n\
                    - result: failed\n- who: f\n- ref: OPS-1\n* status: verified\n   - verify: g\n";
        let entry = only(text);
        let keys: Vec<_> = entry.fields.iter().map(|f| f.key.clone()).collect();
        assert_eq!(
            keys,
            vec![Why, Change, Verify, Verify, Rollback, O, By, Ticket, O, Verify]
        );
        assert_eq!(entry.fields[2].raw_key(text), "CHECK");
        assert_eq!(entry.values(&Verify).count(), 3);
        assert_eq!(entry.outcome(), Some(Outcome::Verified));
        assert_eq!(at(text, entry.fields[9].key_span), "verify");
        assert_eq!(entry.fields[9].line, 11);
    }

    #[test]
    fn unknown_keys_are_kept_lower_cased() {
        let text = "## 2026-01-02 — x\n- Owner Team: sre\n- ticket_id: 42\n";
        let entry = only(text);
        assert_eq!(entry.fields[0].key, FieldKey::Other("owner team".into()));
        assert_eq!(entry.fields[0].raw_key(text), "Owner Team");
        assert_eq!(entry.fields[0].value, "sre");
        assert_eq!(entry.fields[1].key, FieldKey::Other("ticket_id".into()));
    }

    #[test]
    fn an_empty_value_is_an_empty_string_with_an_empty_span() {
        let text = "## 2026-01-02 — x\n- verify:\n- by:   \n";
        let entry = only(text);
        assert_eq!(entry.fields[0].value, "");
        assert!(entry.fields[0].value_span.is_empty());
        assert_eq!(entry.fields[1].value, "");
    }

    #[test]
    fn bullets_that_are_not_key_value_are_notes() {
        let text = "## 2026-01-02 — x\n- just a note\n- see https://example.com/a\n- 14:05 restarted\n- outcome:verified\n-dash: x\n";
        let entry = only(text);
        assert!(entry.fields.is_empty(), "{:?}", entry.fields);
        assert_eq!(
            entry.notes,
            vec![
                "- just a note",
                "- see https://example.com/a",
                "- 14:05 restarted",
                "- outcome:verified -dash: x"
            ]
        );
    }

    #[test]
    fn keys_longer_than_thirty_characters_are_prose() {
        let long = "k".repeat(31);
        let text = format!("## 2026-01-02 — x\n- {long}: v\n- {}: w\n", "k".repeat(30));
        let entry = only(&text);
        assert_eq!(entry.fields.len(), 1);
        assert_eq!(entry.notes, vec![format!("- {long}: v")]);
    }

    #[test]
    fn indented_lines_continue_a_value_until_a_blank_line() {
        let text = "## 2026-01-02 — x\n- change: expand PVC,\n\tthen restart   pods\n    one at a time\n\n  afterwards\n- verify: ok\n";
        let entry = only(text);
        let change = field(text, &entry, "change");
        assert_eq!(
            change.value,
            "expand PVC, then restart   pods one at a time"
        );
        assert_eq!(
            at(text, change.value_span),
            "expand PVC,\n\tthen restart   pods\n    one at a time"
        );
        assert_eq!(entry.notes, vec!["afterwards"]);
        assert_eq!(field(text, &entry, "verify").value, "ok");
    }

    #[test]
    fn a_value_may_start_on_its_continuation_line() {
        let text = "## 2026-01-02 — x\n- why:\n  disk at 85%\n";
        let entry = only(text);
        let why = field(text, &entry, "why");
        assert_eq!(why.value, "disk at 85%");
        assert_eq!(at(text, why.value_span), "disk at 85%");
    }

    // --- code blocks ----------------------------------------------------

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
    fn a_dated_heading_of_another_level_is_pointed_at_and_kept_as_a_note() {
        let text = "# 2025-12-31 — preamble\n## 2026-01-02 — x\n- verify: ok\n\n\
### 2026-01-03 — y\n- change: z\n\n### Notes on 2026-01-03\n####2026-01-04 no space\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 1);
        let found: Vec<&str> = parsed
            .problems
            .iter()
            .map(|p| {
                assert_eq!(p.kind, ProblemKind::EntryLikeHeading);
                at(text, p.span)
            })
            .collect();
        assert_eq!(found, ["# 2025-12-31 — preamble", "### 2026-01-03 — y"]);
        assert!(parsed.entries[0].notes[0].contains("2026-01-03 — y"));
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

    // --- prose ----------------------------------------------------------

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

    // --- problems -------------------------------------------------------

    #[test]
    fn an_earlier_date_is_out_of_order_and_points_at_the_latest_date() {
        let text = "## 2026-03-01 — a\n- verify: ok\n## 2026-03-01 — b\n- verify: ok\n\
## 2026-02-01 — c\n- verify: ok\n## 2026-04-01 — d\n- verify: ok\n";
        let parsed = journal(text);
        assert_eq!(kinds(&parsed), vec![ProblemKind::OutOfOrder]);
        let found = &parsed.problems[0];
        assert_eq!(found.span, parsed.entries[2].date_span);
        assert_eq!(found.related, Some(parsed.entries[1].date_span));
        assert_eq!(at(text, found.span), "2026-02-01");
    }

    #[test]
    fn a_repeated_heading_is_a_duplicate_pointing_at_the_first() {
        let text = "## 2026-01-02 14:00 — Took Snapshot\n- verify: ok\n\
## 2026-01-02 14:00 —   took snapshot  \n- verify: ok\n\
## 2026-01-02 15:00 — took snapshot\n- verify: ok\n\
## 2026-01-02 — took snapshot\n- verify: ok\n\
## 2026-01-02 14:00 — Took Snapshot\n- verify: ok\n";
        let parsed = journal(text);
        assert_eq!(
            kinds(&parsed),
            vec![ProblemKind::DuplicateEntry, ProblemKind::DuplicateEntry]
        );
        let first = parsed.entries[0].heading_span;
        assert_eq!(parsed.problems[0].span, parsed.entries[1].heading_span);
        assert_eq!(parsed.problems[0].related, Some(first));
        assert_eq!(parsed.problems[1].span, parsed.entries[4].heading_span);
        assert_eq!(parsed.problems[1].related, Some(first));
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

    // --- whole files ----------------------------------------------------

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

    #[test]
    fn the_reference_journal_shape_parses_cleanly() {
        let parsed = journal(TRICKY);
        let titles: Vec<_> = parsed.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "took snapshot before upgrade",
                "Raised heap 8G→16G",
                "rotated TLS certificates",
                "tidy",
                "restarted es-1b",
                "raised heap 8g→16g",
                "no date here — ünïcode",
                "",
            ]
        );
        let tls = &parsed.entries[2];
        assert_eq!(tls.fields[1].code[0].lang, "sh");
        assert_eq!(tls.time_text(TRICKY), Some("09:00+02:00"));
        assert_eq!(
            tls.notes,
            vec![
                "Took longer than planned because the CA was offline.",
                "### follow-up"
            ]
        );
        check_spans(TRICKY, &parsed);
    }

    // --- robustness -----------------------------------------------------

    /// A journal exercising most paths: BOM, CRLF, tabs, non-ASCII, fences,
    /// continuations, problems, and a fence left open at the end.
    const TRICKY: &str = "\u{feff}# Journal — es-1\r\n\r\nAppend-only.\n```\n## 1999-01-01 — in preamble fence\n```\n\
## 2026-01-14 — took snapshot before upgrade\r\n- why: safety net for 8.12 → 8.13\r\n- change: PUT _snapshot/x\r\n- verify: state SUCCESS\r\n- outcome: verified\r\n\r\n\
## 2026-02-03 14:05:33Z – Raised heap 8G→16G\n- Reason:\tquery latency\n\tunder load\n* verify: green in 4m\n- outcome: verifiedish\n\n\
## 2026-04-28T09:00+02:00: rotated TLS certificates\n- why: expiry\n- change: new certs\n  ```sh\n  certutil cert \\\n    --out x.p12\n  ```\n- verify: notAfter ok\nTook longer than planned\nbecause the CA was offline.\n### follow-up\n\n\
## 2026-02-30 -- tidy\n- verify: ok\n\n\
## 2026-01-01 restarted es-1b\n- outcome: inconclusive\n\n\
## 2026-02-03 14:05:33Z — raised heap 8g→16g\n- verify: é\n\n\
## no date here — ünïcode\t\n- verify: x\n\n\
##\n- change: last\n  ~~~\n  never closed\n  ## 2026-09-09 — hidden\n\n";

    /// Asserts that a span lies within the text on char boundaries.
    fn check_span(text: &str, span: Span, what: &str) {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{what} {span:?} in {text:?}"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{what} {span:?}"
        );
        assert_eq!(span.file, FILE, "{what}");
    }

    /// Line endings never leak into values. (A lone `\r` inside a line is
    /// not a line ending, so it may stay inside, never at either end.)
    fn assert_clean(value: &str) {
        assert!(!value.contains('\n'), "{value:?}");
        assert!(
            !value.starts_with('\r') && !value.ends_with('\r'),
            "{value:?}"
        );
    }

    fn check_spans(text: &str, parsed: &Journal) {
        for entry in &parsed.entries {
            for (span, what) in [
                (entry.span, "entry"),
                (entry.heading_span, "heading"),
                (entry.date_span, "date"),
                (entry.title_span, "title"),
            ] {
                check_span(text, span, what);
            }
            for field in &entry.fields {
                check_span(text, field.key_span, "key");
                check_span(text, field.value_span, "value");
                assert_clean(&field.value);
                for block in &field.code {
                    check_span(text, block.span, "code");
                }
            }
            assert_clean(&entry.title);
            // Notes from code blocks keep their lines, but never a `\r\n`.
            assert!(entry.notes.iter().all(|note| !note.contains("\r\n")));
        }
        for found in &parsed.problems {
            check_span(text, found.span, "problem");
            if let Some(related) = found.related {
                check_span(text, related, "related");
            }
        }
    }

    #[test]
    fn every_prefix_of_a_tricky_journal_parses_with_spans_inside_the_text() {
        for (cut, _) in TRICKY.char_indices().chain([(TRICKY.len(), ' ')]) {
            let text = &TRICKY[..cut];
            check_spans(text, &journal(text));
        }
    }

    #[test]
    fn random_mixes_of_tricky_pieces_never_panic_and_keep_spans_inside() {
        const PIECES: [&str; 24] = [
            "## ",
            "##",
            "2026-02-03",
            "2026-02-30",
            " ",
            "\t",
            "—",
            "–",
            "-",
            "--",
            ":",
            "14:05",
            "T09:00+02:00",
            "\n",
            "\r\n",
            "\r",
            "- verify: ",
            "* outcome: ",
            "  ",
            "```",
            "~~~~",
            "→é",
            "\u{feff}",
            "x",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let pick = usize::try_from(seed % PIECES.len() as u64).unwrap_or(0);
                text.push_str(PIECES[pick]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            check_spans(&text, &journal(&text));
        }
    }
}
