//! Markdown text helpers: journal text must never break the runbook's
//! structure, whatever it contains.

/// Escapes text for inline use (list items, paragraphs, table cells).
pub fn inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let needs_escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '#' => true,
            // `_` only opens or closes emphasis at a word edge.
            '_' => {
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                let after = chars.get(i + 1);
                !before.is_some_and(|b| b.is_alphanumeric())
                    || !after.is_some_and(|a| a.is_alphanumeric())
            }
            _ => false,
        };
        if needs_escape {
            out.push('\\');
        }
        // Line breaks inside one item would end it.
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    }
    out
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
