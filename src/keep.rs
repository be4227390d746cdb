//! Keep blocks: prose that people write into RUNBOOK.md and that survives
//! regeneration.
//!
//! ```text
//! <!-- forge:keep change-index-heap -->
//! Watch GC pauses for an hour after the restart.
//! <!-- /forge:keep -->
//! ```
//!
//! A block's id says where it belongs: the id of an operation (or that id,
//! `/` and any label, for several blocks in one section), or `top` for the
//! top of the runbook. Markers are found with a CommonMark parser, so a
//! marker inside a code block is text, not a marker; each marker must stand
//! alone on its line. A malformed block is an error, never a silent loss.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::codes::KeepCode;
use crate::error::Problem;
use crate::source::{FileId, Span};

mod near;

// The patterns are literals; they compile or no test passes.
static START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<!--[ \t]*forge:keep(?:[ \t]+(.*?))?[ \t]*-->$").expect("a valid regex literal")
});
static END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<!--[ \t]*/forge:keep[ \t]*-->$").expect("a valid regex literal")
});
static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$").expect("a valid regex literal"));

/// Prose between a `<!-- forge:keep ID -->` line and the next
/// `<!-- /forge:keep -->` line, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepBlock {
    pub(crate) id: String,
    /// The lines between the markers, line endings included.
    pub(crate) body: String,
    /// The opening marker.
    pub(crate) span: Span,
}

impl KeepBlock {
    /// What the block is attached to: the id up to the first `/`.
    pub(crate) fn target(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }

    /// The block as it is written back.
    pub(crate) fn render(&self) -> String {
        format!(
            "<!-- forge:keep {} -->\n{}<!-- /forge:keep -->\n",
            self.id, self.body
        )
    }
}

/// A keep marker found in the text.
enum Marker {
    Start { id: String, line: Range<usize> },
    End { line: Range<usize> },
}

/// Every keep block of a runbook, in file order.
pub fn parse(file: FileId, text: &str) -> Result<Vec<KeepBlock>, Vec<Problem>> {
    // A byte order mark (some editors write one) is not text: the same
    // number of spaces keeps every offset and the first line's meaning.
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    let mut problems = Vec::new();
    let markers = markers(file, text, &mut problems);
    let mut blocks: Vec<KeepBlock> = Vec::new();
    let mut open: Option<(String, Range<usize>)> = None;
    for marker in markers {
        match (marker, open.take()) {
            (Marker::Start { id, line }, None) => open = Some((id, line)),
            (Marker::Start { line, .. }, Some((id, first))) => {
                problems.push(nested(file, text, &line, &first));
                open = Some((id, first));
            }
            (Marker::End { line }, Some((id, start))) => {
                blocks.push(KeepBlock {
                    id,
                    body: text[start.end..line.start].to_string(),
                    span: Span::new(file, start.start, marker_end(text, &start)),
                });
            }
            (Marker::End { line }, None) => problems.push(unopened(file, text, &line)),
        }
    }
    if let Some((id, start)) = open {
        problems.push(unclosed(file, text, &id, &start));
    }
    problems.extend(duplicates(&blocks));
    if problems.is_empty() {
        Ok(blocks)
    } else {
        Err(problems)
    }
}

/// The markers in file order, from the HTML a `CommonMark` parser sees.
fn markers(file: FileId, text: &str, problems: &mut Vec<Problem>) -> Vec<Marker> {
    let mut found = Vec::new();
    let mut indented_code = false;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => indented_code = true,
            Event::End(TagEnd::CodeBlock) => indented_code = false,
            Event::Text(code) if indented_code => {
                indented_markers(file, text, &code, range.start, problems);
            }
            Event::Html(html) => {
                let line = line_of(text, &range);
                let trimmed = html.trim();
                if let Some(caps) = START.captures(trimmed) {
                    let id = caps.get(1).map_or("", |m| m.as_str());
                    if !ID.is_match(id) {
                        problems.push(bad_id(file, text, &line, id));
                    }
                    // Kept even when invalid, so its closing line pairs up.
                    found.push(Marker::Start {
                        id: id.to_string(),
                        line,
                    });
                } else if END.is_match(trimmed) {
                    found.push(Marker::End { line });
                } else if let Some(meant) = near::suggestion(trimmed) {
                    let span = label_span(file, text, &line);
                    problems.push(near::near_miss(span, &meant, false));
                } else if html.contains("forge:keep") {
                    problems.push(not_alone(file, text, &line));
                }
            }
            Event::InlineHtml(html) if html.contains("forge:keep") => {
                problems.push(not_alone(file, text, &line_of(text, &range)));
            }
            _ => {}
        }
    }
    found
}

/// Near-miss markers among the lines of an indented code block (`code`,
/// starting at `at`).
fn indented_markers(file: FileId, text: &str, code: &str, at: usize, problems: &mut Vec<Problem>) {
    let mut offset = at;
    for piece in code.split_inclusive('\n') {
        if let Some(meant) = near::suggestion(piece) {
            let line = line_of(text, &(offset..offset));
            problems.push(near::near_miss(label_span(file, text, &line), &meant, true));
        }
        offset += piece.len();
    }
}

/// The whole line around a range: from its start to after its line ending.
fn line_of(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.start..]
        .find('\n')
        .map_or(text.len(), |i| range.start + i + 1);
    start..end
}

/// The end of a marker line without its line ending, for labels.
fn marker_end(text: &str, line: &Range<usize>) -> usize {
    line.start + text[line.clone()].trim_end().len()
}

fn label_span(file: FileId, text: &str, line: &Range<usize>) -> Span {
    Span::new(file, line.start, marker_end(text, line))
}

fn nested(file: FileId, text: &str, line: &Range<usize>, first: &Range<usize>) -> Problem {
    Problem::error(
        KeepCode::Nested,
        "a keep block starts inside another keep block",
    )
    .label(label_span(file, text, line), "a second block opens here")
    .label(
        label_span(file, text, first),
        "while this one is still open",
    )
    .help("close the first block with a `<!-- /forge:keep -->` line before opening the next")
}

fn unopened(file: FileId, text: &str, line: &Range<usize>) -> Problem {
    Problem::error(
        KeepCode::Unopened,
        "`<!-- /forge:keep -->` closes no keep block",
    )
    .label(
        label_span(file, text, line),
        "no `<!-- forge:keep ID -->` line before this",
    )
    .help("open the block with `<!-- forge:keep ID -->` on its own line, or remove this line")
}

fn unclosed(file: FileId, text: &str, id: &str, line: &Range<usize>) -> Problem {
    Problem::error(
        KeepCode::Unclosed,
        format!("keep block `{id}` is never closed"),
    )
    .label(label_span(file, text, line), "opened here")
    .help("end it with a `<!-- /forge:keep -->` line; a code fence left open inside the block also hides the closing line")
}

fn bad_id(file: FileId, text: &str, line: &Range<usize>, id: &str) -> Problem {
    let message = if id.is_empty() {
        "a keep block has no id".to_string()
    } else {
        format!("`{id}` is not a keep block id")
    };
    Problem::error(KeepCode::BadId, message)
        .label(label_span(file, text, line), "in this marker")
        .help("write `<!-- forge:keep ID -->` where ID is `top` or an operation's id (letters, digits, `-`, `_`, `.`, `:`), optionally followed by `/` and a label")
}

fn not_alone(file: FileId, text: &str, line: &Range<usize>) -> Problem {
    Problem::error(
        KeepCode::NotAlone,
        "a keep marker shares its line with other text",
    )
    .label(label_span(file, text, line), "this line")
    .help("put `<!-- forge:keep ID -->` and `<!-- /forge:keep -->` each on a line of its own, outside tables and paragraphs")
}

/// Two blocks with one id: the second is reported, pointing at the first.
fn duplicates(blocks: &[KeepBlock]) -> Vec<Problem> {
    let mut first: HashMap<&str, Span> = HashMap::new();
    let mut problems = Vec::new();
    for block in blocks {
        if let Some(&earlier) = first.get(block.id.as_str()) {
            problems.push(
                Problem::error(
                    KeepCode::DuplicateId,
                    format!("two keep blocks have the id `{}`", block.id),
                )
                .label(block.span, "this block")
                .label(earlier, "first defined here")
                .help(format!(
                    "give each block its own id, e.g. `{}/notes`",
                    block.target()
                )),
            );
        } else {
            first.insert(&block.id, block.span);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    fn ids(text: &str) -> Vec<(String, String)> {
        parse(FileId::default(), text)
            .expect("valid keep blocks")
            .into_iter()
            .map(|b| (b.id, b.body))
            .collect()
    }

    fn codes(text: &str) -> Vec<Code> {
        parse(FileId::default(), text)
            .expect_err("invalid keep blocks")
            .iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn a_block_keeps_its_body_byte_for_byte() {
        let text =
            "# R\n\n<!-- forge:keep top -->\nA *note* with --> inside\r\n\n<!-- /forge:keep -->\n";
        assert_eq!(
            ids(text),
            [(
                "top".to_string(),
                "A *note* with --> inside\r\n\n".to_string()
            )]
        );
    }

    #[test]
    fn markers_inside_fenced_code_blocks_are_text() {
        let text = "```\n<!-- forge:keep a -->\n```\n\n~~~\n<!-- /forge:keep -->\n~~~\n";
        assert!(ids(text).is_empty());
    }

    #[test]
    fn near_misses_are_errors_not_text() {
        for text in [
            "<!-- FORGE:KEEP top -->\nnote\n<!-- /FORGE:KEEP -->\n",
            "<!-- forge: keep top -->\nnote\n",
            "<!-- forge-keep top -->\nnote\n",
            "# R\n\n    <!-- forge:keep top -->\n    note\n",
        ] {
            let found = codes(text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found.iter().all(|c| *c == KeepCode::NearMiss),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        let text = "\u{feff}<!-- forge:keep top -->\nnote\n<!-- /forge:keep -->\n";
        assert_eq!(ids(text), [("top".to_string(), "note\n".to_string())]);
        let text = "\u{feff}# R\n\n<!-- forge:keep top -->\nnote\n<!-- /forge:keep -->\n";
        assert_eq!(ids(text).len(), 1);
    }

    #[test]
    fn a_block_attaches_to_the_id_before_the_slash() {
        let blocks = parse(
            FileId::default(),
            "<!-- forge:keep restart/gotchas -->\n<!-- /forge:keep -->\n",
        )
        .expect("valid");
        assert_eq!(blocks[0].target(), "restart");
    }

    #[test]
    fn malformed_blocks_are_errors_not_losses() {
        assert_eq!(codes("<!-- forge:keep a -->\nnote\n"), [KeepCode::Unclosed]);
        assert_eq!(
            codes("note\n\n<!-- /forge:keep -->\n"),
            [KeepCode::Unopened]
        );
        assert_eq!(
            codes("<!-- forge:keep -->\n<!-- /forge:keep -->\n"),
            [KeepCode::BadId]
        );
        assert_eq!(
            codes("<!-- forge:keep a b -->\n<!-- /forge:keep -->\n"),
            [KeepCode::BadId]
        );
        assert_eq!(
            codes("text <!-- forge:keep a --> more\n"),
            [KeepCode::NotAlone]
        );
        assert_eq!(
            codes("<!-- forge:keep a -->\n<!-- forge:keep b -->\n<!-- /forge:keep -->\n"),
            [KeepCode::Nested]
        );
        assert_eq!(
            codes("<!-- forge:keep a -->\n<!-- /forge:keep -->\n<!-- forge:keep a -->\n<!-- /forge:keep -->\n"),
            [KeepCode::DuplicateId]
        );
    }

    #[test]
    fn a_block_survives_being_written_back() {
        let text = "<!-- forge:keep op/x -->\n- a list\n\n```sh\nls\n```\n<!-- /forge:keep -->\n";
        let blocks = parse(FileId::default(), text).expect("valid");
        assert_eq!(blocks[0].render(), text);
    }
}
