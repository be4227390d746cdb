//! Decisions in words: the one phrasing of each clustering decision that
//! `forge explain`, `forge eval` and `forge test` all use.

/// Scored against an operation's founder: `compared with L35 (the founder)`.
pub(crate) fn founder(line: usize) -> String {
    format!("compared with L{line} (the founder)")
}

/// Equal apart from placeholders, when no entry is at hand to name.
pub(crate) const SAME_PLAIN: &str = "same words apart from placeholders";

/// Equal apart from placeholders to the entry at `line`.
pub(crate) fn same_plain(line: usize) -> String {
    format!("{SAME_PLAIN} as L{line}")
}

/// Moved out by the split pass.
pub(crate) fn split(from: &str, positions: &[usize], words: &[String], limit: usize) -> String {
    let at: Vec<String> = positions.iter().map(|p| (p + 1).to_string()).collect();
    format!(
        "split from \"{from}\": its word{} {} at position{} {} (split = {limit}: at most {limit} distinct plain words there)",
        if words.len() == 1 { "" } else { "s" },
        words
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", "),
        if at.len() == 1 { "" } else { "s" },
        at.join(", "),
    )
}
