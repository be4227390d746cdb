//! Control characters as pictures: nothing read from a journal, an
//! inventory or a rules file reaches a terminal or a runbook as an escape
//! sequence. A leaf module, so that diagnostics, output and rendering can
//! all use it.

use std::borrow::Cow;

/// What a character that must not reach a terminal is shown as: C0
/// controls (but tab) as their Unicode control pictures (`␛`, `␇`, `␀`),
/// DEL as `␡`, C1 controls and bidirectional overrides as `�`.
pub(crate) fn visible(c: char) -> Option<char> {
    match c {
        '\t' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `text` with every control character but newline and tab shown as a
/// picture (see [`visible`]): nothing from a
/// journal can reach a terminal as an escape sequence.
pub(crate) fn visible_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && visible(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c == '\n' {
                    c
                } else {
                    visible(c).unwrap_or(c)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_and_plain_text_is_not_copied() {
        assert!(matches!(visible_text("a\tb\n"), Cow::Borrowed(_)));
        assert_eq!(visible_text("a\u{1b}]52;c;eA==\u{7}\n"), "a␛]52;c;eA==␇\n");
    }
}
