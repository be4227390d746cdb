//! Text → words: where one word of a title ends and the next begins.
//!
//! A leaf: rules (to split synonym phrases) and normalize (to split
//! entries) both read it, so both split text the same way.

use serde::Serialize;

/// How text is split into words (`tokens words | whitespace`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Tokens {
    /// Runs of letters, digits and `_`; `<name>` is one word.
    #[default]
    Words,
    /// Split on white space, as log parsers do.
    Whitespace,
}

/// Splits text into words as `tokens` says. Returns byte ranges.
pub(crate) fn tokenize_as(text: &str, tokens: Tokens) -> Vec<(usize, usize)> {
    match tokens {
        Tokens::Words => tokenize(text),
        Tokens::Whitespace => tokenize_whitespace(text),
    }
}

/// Splits text at white space, as log parsers do. A word with no letter,
/// digit or `_` outside its placeholders (`<v>,`, `(<v>)`, `<v>:<v>`) is
/// its first placeholder, and a run of placeholder words is one word: a
/// value that the masks cut into several pieces is still one value.
fn tokenize_whitespace(text: &str) -> Vec<(usize, usize)> {
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut previous_placeholder = false;
    for (start, word) in whitespace_words(text) {
        let (range, is_placeholder) = match bare_placeholder(word) {
            Some((s, e)) => ((start + s, start + e), true),
            None => ((start, start + word.len()), false),
        };
        if !(is_placeholder && previous_placeholder) {
            tokens.push(range);
        }
        previous_placeholder = is_placeholder;
    }
    tokens
}

/// The words of `text` between runs of white space, with their offsets.
fn whitespace_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |word| {
        // `split_whitespace` yields subslices of `text`.
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        (start, word)
    })
}

/// When a word holds a placeholder and nothing else but punctuation: the
/// range of its first placeholder.
fn bare_placeholder(word: &str) -> Option<(usize, usize)> {
    let mut first = None;
    let mut at = 0;
    while let Some((c, len)) = char_at(word, at) {
        if c == '<' {
            if let Some(end) = placeholder_end(word, at) {
                first.get_or_insert((at, end));
                at = end;
                continue;
            }
        }
        if is_word_char(c) {
            return None;
        }
        at += len;
    }
    first
}

/// Splits text into words: runs of letters, digits and `_`, and `<name>`
/// placeholders as one word. Returns byte ranges.
pub(crate) fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    while let Some((c, len)) = char_at(text, at) {
        if is_word_char(c) {
            start.get_or_insert(at);
            at += len;
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push((s, at));
        }
        let here = at;
        at += len;
        if c == '<' {
            if let Some(end) = placeholder_end(text, here) {
                tokens.push((here, end));
                at = end;
            }
        }
    }
    if let Some(s) = start {
        tokens.push((s, text.len()));
    }
    tokens
}

/// The character at byte `at` and its length; an ASCII byte is read as
/// it is, without decoding (normalized text is nearly all ASCII).
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The end of a `<name>` placeholder starting at `at`, if one does.
fn placeholder_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at + 1..];
    let name_len: usize = rest
        .chars()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    (name_len > 0 && rest[name_len..].starts_with('>')).then_some(at + 1 + name_len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn tokenize_splits_on_punctuation_and_keeps_placeholders_whole() {
        assert_eq!(words("-Xmx16g on es-1b"), ["Xmx16g", "on", "es", "1b"]);
        assert_eq!(
            words("raised <size>→<size>"),
            ["raised", "<size>", "<size>"]
        );
        assert_eq!(words("a < b <c d>"), ["a", "b", "c", "d"]);
        assert_eq!(words("größe_ändern"), ["größe_ändern"]);
        assert_eq!(words("é<x>ü <ä> a—b"), ["é", "<x>", "ü", "<ä>", "a", "b"]);
    }
}
