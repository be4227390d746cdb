//! A Mermaid gantt chart of operations over time: one row per operation,
//! a milestone per dated occurrence, coloured by outcome. GitHub renders
//! it; elsewhere it reads as a list of dates.

use std::fmt::Write as _;

use crate::aggregate::Summary;

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

/// The chart in a `mermaid` code block, or `None` when nothing is dated.
pub fn gantt(summaries: &[Summary]) -> Option<String> {
    let dated = summaries
        .iter()
        .any(|s| s.entries.iter().any(|e| e.date.is_some()));
    if !dated {
        return None;
    }
    let mut out = String::from(
        "```mermaid\ngantt\n    title Operations over time\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m\n",
    );
    for summary in summaries {
        let dated: Vec<_> = summary
            .entries
            .iter()
            .filter(|e| e.date.is_some())
            .collect();
        if dated.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    section {}", plain(&summary.name, "Operation"));
        for entry in dated {
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
                entry.date.as_deref().unwrap_or_default(),
            );
        }
    }
    out.push_str("```\n");
    Some(out)
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
    fn long_labels_are_shortened() {
        let label = plain(&"word ".repeat(20), "x");
        assert_eq!(label.chars().count(), MAX_LABEL_CHARS);
        assert!(label.ends_with('…'));
    }
}
