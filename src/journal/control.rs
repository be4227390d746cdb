//! Control characters in a journal: NUL, ESC and BEL have no place in
//! Markdown, and ESC and BEL are how text takes over a terminal (window
//! title, clipboard). forge shows them as pictures wherever it prints them
//! (`␀`, `␛`, `␇`); this warns that they are there.

use crate::codes::JournalCode;
use crate::error::Problem;
use crate::source::{FileId, Span};

/// A warning at the first NUL, ESC or BEL byte of the journal, with how
/// many there are; `None` when there is none.
pub fn control_characters(file: FileId, text: &str) -> Option<Problem> {
    let bytes = text.as_bytes();
    let first = memchr::memchr3(0, 0x1b, 0x07, bytes)?;
    let count = memchr::memchr3_iter(0, 0x1b, 0x07, bytes).count();
    let name = match bytes[first] {
        0 => "a NUL byte",
        0x1b => "an ESC character",
        _ => "a BEL character",
    };
    let more = if count > 1 {
        format!(" (and {} more NUL, ESC or BEL)", count - 1)
    } else {
        String::new()
    };
    Some(
        Problem::warning(
            JournalCode::ControlCharacter,
            format!("the journal holds {name}{more}"),
        )
        .label(Span::new(file, first, first + 1), "this control character")
        .help("remove it: forge shows it as a picture (␀, ␛, ␇) in every output, but other tools may not; an ESC or BEL can drive a terminal"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_control_character_is_pointed_at_and_the_rest_counted() {
        let text = "## 2026-01-01 — a\u{0}b\u{1b}]0;x\u{7}\n";
        let problem = control_characters(FileId(0), text).expect("a warning");
        assert_eq!(
            problem.labels[0].span.start,
            text.find('\u{0}').unwrap_or(0)
        );
        assert!(
            problem.message.contains("a NUL byte (and 2 more"),
            "{}",
            problem.message
        );
        assert!(control_characters(FileId(0), "plain\ttext\r\n").is_none());
    }
}
