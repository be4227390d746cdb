//! Keep markers that nearly match: `<!-- FORGE:KEEP top -->`, `<!-- forge:
//! keep top -->`, `<!-- forge-keep top -->`, or a marker indented four
//! spaces (Markdown reads that as code). forge would read them as plain
//! text and the notes they fence would be lost at the next generate, so
//! each is an error that says what was likely meant.

use std::sync::LazyLock;

use regex::Regex;

use crate::codes::KeepCode;
use crate::error::Problem;
use crate::source::Span;

// The pattern is a literal; it compiles or no test passes.
/// A comment whose words, in any case and spacing, say "forge keep":
/// `forge:keep`, `forge: keep`, `forge-keep`, `forge_keep`, `forgekeep`.
static NEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^<!--\s*(/?)\s*forge\s*[:\-_ ]?\s*keep\b\s*(.*?)\s*-->$")
        .expect("a valid regex literal")
});

/// What a line that nearly is a keep marker should have been, if it is one.
pub(super) fn suggestion(line: &str) -> Option<String> {
    let caps = NEAR.captures(line.trim())?;
    let closing = caps.get(1).is_some_and(|m| !m.as_str().is_empty());
    let id = caps.get(2).map_or("", |m| m.as_str());
    Some(if closing {
        "<!-- /forge:keep -->".to_string()
    } else if id.is_empty() {
        "<!-- forge:keep ID -->".to_string()
    } else {
        format!("<!-- forge:keep {id} -->")
    })
}

/// The error for a near-miss marker at `span`; `indented` when the line is
/// code because of its indentation.
pub(super) fn near_miss(span: Span, suggestion: &str, indented: bool) -> Problem {
    let (message, label) = if indented {
        (
            "a keep marker indented four spaces or more is code, not a marker",
            "read as an indented code block",
        )
    } else {
        (
            "this looks like a keep marker but is not one",
            "not exactly a keep marker",
        )
    };
    Problem::error(KeepCode::NearMiss, message)
        .label(span, label)
        .help(format!(
            "did you mean `{suggestion}`, on its own line and not indented? As written, the notes it fences would be lost at the next generate"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_get_the_marker_they_meant() {
        let cases = [
            ("<!-- FORGE:KEEP top -->", "<!-- forge:keep top -->"),
            (
                "<!-- forge: keep restart/notes -->",
                "<!-- forge:keep restart/notes -->",
            ),
            ("<!-- forge-keep top -->", "<!-- forge:keep top -->"),
            ("<!--Forge_Keep-->", "<!-- forge:keep ID -->"),
            ("<!-- / FORGE:keep -->", "<!-- /forge:keep -->"),
            ("    <!-- forge:keep top -->", "<!-- forge:keep top -->"),
        ];
        for (line, meant) in cases {
            assert_eq!(suggestion(line).as_deref(), Some(meant), "{line}");
        }
        assert_eq!(suggestion("<!-- forget keeping this -->"), None);
        assert_eq!(suggestion("<!-- a comment -->"), None);
    }
}
