//! Markdown text helpers: journal text must never break the runbook's
//! structure, whatever it contains.

/// ASCII punctuation that can start or end Markdown structure inline:
/// code spans, emphasis, links, HTML, table cells, headings, entities,
/// strikethrough.
const ALWAYS_ESCAPED: &[char] = &['\\', '`', '*', '[', ']', '<', '>', '|', '#', '&', '~'];

/// Escapes text for inline use (list items, paragraphs, table cells,
/// headings): one line, no HTML, no code spans, and nothing at its start
/// that would open a list, a quote or a heading.
pub fn inline(text: &str) -> String {
    let flat: String = text
        .trim()
        .chars()
        // Line breaks inside one item would end it.
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
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
                    i > 0 && chars[..i].iter().all(char::is_ascii_digit) && ends_word(&chars, i)
                }
                _ => false,
            };
        if needs_escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the character at `i` is followed by whitespace or nothing.
fn ends_word(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).is_none_or(|c| c.is_whitespace())
}

/// A fenced code block whose fence is longer than any backtick run inside.
pub fn code_block(lang: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let lang: String = lang
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .collect();
    format!("{fence}{lang}\n{text}\n{fence}\n")
}

/// The anchor GitHub gives a heading: lower-case, punctuation other than
/// `-` and `_` dropped, spaces to `-`.
pub fn github_anchor(heading: &str) -> String {
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
