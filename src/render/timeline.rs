//! A Mermaid gantt chart of operations over time: one row per operation
//! (a section drawn in compact mode, so its milestones share the row), a
//! milestone per recent dated occurrence, coloured by outcome. GitHub
//! renders it; elsewhere it reads as a list of dates.
//!
//! The chart stays small for any journal: the [`Limits::operations`] most
//! frequent operations, the [`Limits::occurrences`] latest occurrences of
//! each, and a note under the chart of what was left out. Mermaid refuses
//! text over 50,000 characters.

use std::fmt::Write as _;

use crate::aggregate::{EntryRef, Summary};

/// Longest task label; Mermaid draws labels beside the milestone.
const MAX_LABEL_CHARS: usize = 40;

/// Words that start a gantt statement (Mermaid reads them in any case), so
/// a label must not begin with one.
const KEYWORDS: [&str; 16] = [
    "accdescr",
    "acctitle",
    "axisformat",
    "click",
    "dateformat",
    "excludes",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
    "gantt",
];

/// How much of the history the chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Rows: the most frequent operations with a dated occurrence.
    pub(crate) operations: usize,
    /// Milestones per row: the latest dated occurrences.
    pub(crate) occurrences: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            operations: 20,
            occurrences: 12,
        }
    }
}

/// The chart in a `mermaid` code block, followed by a note of what it
/// leaves out, or `None` when nothing is dated. `summaries` come most
/// frequent first.
pub(crate) fn gantt(summaries: &[Summary], limits: Limits) -> Option<String> {
    let rows: Vec<(&Summary, Vec<&EntryRef>)> = summaries
        .iter()
        .map(|s| (s, s.entries.iter().filter(|e| e.date.is_some()).collect()))
        .filter(|(_, dated): &(&Summary, Vec<&EntryRef>)| !dated.is_empty())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let mut out = String::from(
        "```mermaid\n---\nconfig:\n  gantt:\n    displayMode: compact\n---\ngantt\n    \
         title Operations over time\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m\n",
    );
    let mut left_out = 0;
    for (summary, dated) in rows.iter().take(limits.operations) {
        let _ = writeln!(out, "    section {}", plain(&summary.name, "Operation"));
        let mut recent = dated.clone();
        // The latest dates; equal dates keep journal order.
        recent.sort_by_key(|entry| entry.date);
        let skip = recent.len().saturating_sub(limits.occurrences);
        left_out += skip;
        for entry in &recent[skip..] {
            milestone(&mut out, entry);
        }
    }
    out.push_str("```\n");
    let hidden_rows = rows.len().saturating_sub(limits.operations);
    let hidden_of_rows: usize = rows
        .iter()
        .skip(limits.operations)
        .map(|(_, dated)| dated.len())
        .sum();
    if left_out + hidden_rows > 0 {
        out.push('\n');
        out.push_str(&left_out_note(
            limits,
            rows.len(),
            hidden_rows,
            left_out,
            hidden_of_rows,
        ));
        out.push('\n');
    }
    Some(out)
}

fn milestone(out: &mut String, entry: &EntryRef) {
    let tags = match entry.outcome {
        Some("verified") => "done, milestone",
        Some("failed" | "rolled-back") => "crit, milestone",
        Some(_) => "active, milestone",
        None => "milestone",
    };
    let _ = writeln!(
        out,
        "    {} :{tags}, {}, 0d",
        plain(&entry.title, "occurrence"),
        crate::aggregate::day::or(entry.date, ""),
    );
}

/// `The chart shows the 20 most frequent of 57 operations (37 left out,
/// 412 occurrences) and the latest 12 occurrences of each (3,401 earlier
/// ones left out); every occurrence is listed in its operation's section.`
fn left_out_note(
    limits: Limits,
    rows: usize,
    hidden_rows: usize,
    hidden_occurrences: usize,
    hidden_of_rows: usize,
) -> String {
    let mut parts = Vec::new();
    if hidden_rows > 0 {
        parts.push(format!(
            "the {} most frequent of {rows} dated operations ({hidden_rows} left out, with \
             {hidden_of_rows} occurrences)",
            limits.operations
        ));
    }
    if hidden_occurrences > 0 {
        parts.push(format!(
            "the latest {} occurrences of each ({hidden_occurrences} earlier ones left out)",
            limits.occurrences
        ));
    }
    format!(
        "The chart shows {}; every occurrence is listed in its operation's section.\n",
        parts.join(" and ")
    )
}

/// Text that Mermaid cannot read as syntax (`:` ends a task name, `#` and
/// `;` start comments or entities, backticks could end the fence): letters,
/// digits, spaces and a few safe marks only, shortened.
fn plain(text: &str, fallback: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '.' | '/' | '+' | '(' | ')' | ',') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let mut label = words.join(" ");
    if label.chars().count() > MAX_LABEL_CHARS {
        label = label.chars().take(MAX_LABEL_CHARS - 1).collect::<String>();
        label = format!("{}…", label.trim_end());
    }
    let first = label.split(' ').next().unwrap_or("").to_lowercase();
    if label.is_empty() {
        fallback.to_string()
    } else if KEYWORDS.iter().any(|k| first.starts_with(k)) {
        format!("» {label}")
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_everything_mermaid_could_read_as_syntax() {
        assert_eq!(plain("a: b; #c `d` <e>", "x"), "a b c d e");
        assert_eq!(plain("```", "occurrence"), "occurrence");
        assert_eq!(plain("Raised heap 8G→16G", "x"), "Raised heap 8G 16G");
        assert_eq!(plain("Section 3 fixed", "x"), "» Section 3 fixed");
    }

    #[test]
    fn the_note_says_what_the_chart_leaves_out() {
        let note = left_out_note(Limits::default(), 57, 37, 3401, 412);
        assert_eq!(
            note,
            "The chart shows the 20 most frequent of 57 dated operations (37 left out, with 412 \
             occurrences) and the latest 12 occurrences of each (3401 earlier ones left out); \
             every occurrence is listed in its operation's section.\n"
        );
    }

    #[test]
    fn long_labels_are_shortened() {
        let label = plain(&"word ".repeat(20), "x");
        assert_eq!(label.chars().count(), MAX_LABEL_CHARS);
        assert!(label.ends_with('…'));
    }
}
