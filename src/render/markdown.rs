//! Markdown text helpers: journal text must never break the runbook's
//! structure, whatever it contains.

use crate::visible::visible;

/// ASCII punctuation that can start or end Markdown structure inline:
/// code spans, emphasis, links, HTML, table cells, headings, entities,
/// strikethrough.
const ALWAYS_ESCAPED: &[char] = &['\\', '`', '*', '[', ']', '<', '>', '|', '#', '&', '~'];

/// Escapes text for inline use (list items, paragraphs, table cells,
/// headings): one line, no HTML, no code spans, and nothing at its start
/// that would open a list, a quote or a heading.
pub(crate) fn inline(text: &str) -> String {
    let flat: String = text
        .trim()
        .chars()
        // Line breaks inside one item would end it; other control
        // characters are shown, never passed on to a terminal.
        .map(|c| match c {
            '\n' | '\r' => ' ',
            c => visible(c).unwrap_or(c),
        })
        .collect();
    let chars: Vec<char> = flat.chars().collect();
    let mut out = String::with_capacity(flat.len());
    for (i, &c) in chars.iter().enumerate() {
        let needs_escape = ALWAYS_ESCAPED.contains(&c)
            || match c {
                // `_` only opens or closes emphasis at a word edge.
                '_' => {
                    let before = i.checked_sub(1).and_then(|j| chars.get(j));
                    let after = chars.get(i + 1);
                    !before.is_some_and(|b| b.is_alphanumeric())
                        || !after.is_some_and(|a| a.is_alphanumeric())
                }
                // A leading `- ` or `+ ` opens a list, `---` is a rule, and
                // digits then `. ` or `) ` open an ordered list.
                '-' | '+' => {
                    i == 0 && (ends_word(&chars, i) || flat.trim_matches(['-', ' ']).is_empty())
                }
                '.' | ')' => {
                    (i > 0 && chars[..i].iter().all(char::is_ascii_digit) && ends_word(&chars, i))
                        || (c == '.' && after_www(&chars, i))
                }
                // GitHub turns a bare `scheme://…` or `www.…` into a link:
                // escaping the `:` (or the `.`) keeps it text.
                ':' => chars.get(i + 1..i + 3) == Some(&['/', '/']) && after_scheme(&chars, i),
                _ => false,
            };
        if needs_escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `chars[..i]` ends with a scheme GitHub links (`http`, `https`,
/// `ftp`), as a word of its own.
fn after_scheme(chars: &[char], i: usize) -> bool {
    ["http", "https", "ftp"].iter().any(|scheme| {
        let n = scheme.len();
        i >= n
            && chars[i - n..i]
                .iter()
                .zip(scheme.chars())
                .all(|(c, s)| c.eq_ignore_ascii_case(&s))
            && (i == n || !chars[i - n - 1].is_alphanumeric())
    })
}

/// Whether `chars[i]` is the dot of a `www.` where GitHub starts a link:
/// at the start, or after a space or one of `*_~(`.
fn after_www(chars: &[char], i: usize) -> bool {
    i >= 3
        && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w'))
        && (i == 3 || chars[i - 4].is_whitespace() || "*_~(".contains(chars[i - 4]))
}

/// Whether the character at `i` is followed by whitespace or nothing.
fn ends_word(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).is_none_or(|c| c.is_whitespace())
}

/// A fenced code block whose fence is longer than any backtick run inside,
/// tagged with [`code_language`] of `lang`; control characters in the
/// text are shown as pictures.
pub(crate) fn code_block(lang: &str, text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if c == '\n' {
                c
            } else {
                visible(c).unwrap_or(c)
            }
        })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let lang = code_language(lang);
    format!("{fence}{lang}\n{text}\n{fence}\n")
}

/// Info strings GitHub renders as something live instead of code: a
/// diagram, a formula, a map, a 3D model.
const RENDERED_LANGUAGES: &[&str] = &["mermaid", "math", "geojson", "topojson", "stl"];

/// The language tag a journal's code block gets in the runbook: its own
/// when it is a plain language name (`sh`, `c++`, `yaml`), else `text`, so
/// that no block renders as anything but code.
pub(crate) fn code_language(lang: &str) -> &str {
    let word = lang.split_whitespace().next().unwrap_or("");
    let plain = word.len() <= 32
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '#' | '.'));
    if word.is_empty() {
        ""
    } else if plain && !RENDERED_LANGUAGES.contains(&word.to_ascii_lowercase().as_str()) {
        word
    } else {
        "text"
    }
}

/// The anchor GitHub gives a heading: lower-case, punctuation other than
/// `-` and `_` dropped, spaces to `-`.
pub(crate) fn github_anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c.to_lowercase().next().unwrap_or(c)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_structure_but_keeps_intraword_underscores() {
        assert_eq!(inline("a|b <x> [l](u)"), "a\\|b \\<x\\> \\[l\\](u)");
        assert_eq!(
            inline("in _cat/nodes snake_case"),
            "in \\_cat/nodes snake_case"
        );
        assert_eq!(inline("two\nlines"), "two lines");
    }

    #[test]
    fn inline_text_cannot_open_a_list_quote_or_heading() {
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("12. step"), "12\\. step");
        assert_eq!(inline("3) step"), "3\\) step");
        assert_eq!(inline("> quote"), "\\> quote");
        assert_eq!(inline("## title ##"), "\\#\\# title \\#\\#");
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("-Xmx16g 1.5 --x"), "-Xmx16g 1.5 --x");
    }

    #[test]
    fn inline_text_cannot_hold_html_comments_or_entities() {
        assert_eq!(inline("<!-- x -->"), "\\<!-- x --\\>");
        assert_eq!(inline("&amp;"), "\\&amp;");
    }

    #[test]
    fn bare_urls_are_not_links() {
        assert_eq!(
            inline("see https://evil.example/x or www.example.com"),
            "see https\\://evil.example/x or www\\.example.com"
        );
        assert_eq!(inline("FTP://x"), "FTP\\://x");
        assert_eq!(
            inline("a:b www2.x awww.x x.www.y 10:30 s3://b amqps://:5671"),
            "a:b www2.x awww.x x.www.y 10:30 s3://b amqps://:5671"
        );
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(inline("a\u{1b}]0;title\u{7}b\u{0}"), "a␛\\]0;title␇b␀");
        assert_eq!(code_block("sh", "x\u{1b}[2J"), "```sh\nx␛[2J\n```\n");
    }

    #[test]
    fn only_plain_language_names_tag_a_block() {
        for (lang, tag) in [
            ("sh", "sh"),
            ("c++", "c++"),
            ("yaml title=x", "yaml"),
            ("", ""),
            ("mermaid", "text"),
            ("Mermaid", "text"),
            ("math", "text"),
            ("geojson", "text"),
            ("topojson", "text"),
            ("stl", "text"),
            ("{=html}", "text"),
            ("<svg>", "text"),
        ] {
            assert_eq!(code_language(lang), tag, "{lang}");
        }
    }

    #[test]
    fn code_fences_outgrow_backticks_inside() {
        assert_eq!(code_block("sh", "echo ```"), "````sh\necho ```\n````\n");
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(
            github_anchor("Change index heap   (done 2x, last 2026-06-11)"),
            "change-index-heap---done-2x-last-2026-06-11"
        );
    }
}
