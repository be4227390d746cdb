//! Which clause of a title each word stands in: titles say what was done
//! first and add where, which and why after a comma, a colon, a dash or
//! in parentheses ("reboot ceph-osd-02 - BIOS update (HW-12)").
//!
//! Nothing is deleted: the words of each clause only count for less.

use serde::Serialize;

use crate::rules::Clauses;

/// The clause a word of a title stands in, which sets how much it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Clause {
    /// The clause that holds the action (or the first clause): the
    /// operation itself. Every word of a part without clauses is here.
    Action,
    /// Any other clause.
    Other,
    /// In parentheses or brackets.
    Aside,
    /// From a reason word (`because`, `after` …) to the clause's end.
    Reason,
}

impl Clause {
    /// How much a word in this clause counts.
    pub(crate) fn weight(self, clauses: Option<&Clauses>) -> f64 {
        let Some(c) = clauses else { return 1.0 };
        match self {
            Clause::Action => c.action,
            Clause::Other => c.other,
            Clause::Aside => c.aside,
            Clause::Reason => c.reason,
        }
    }
}

/// Where a word stands before its clause is known: its clause's number,
/// whether it is in parentheses, and whether a reason has begun.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Mark {
    pub(super) clause: u16,
    pub(super) aside: bool,
    pub(super) reason: bool,
}

/// The marks of the words at `ranges` of `text` (byte ranges, in order):
/// clauses end at `, ; :`, dashes (`—`, `–`, a ` - ` between spaces) and
/// around parentheses or brackets.
pub(super) fn marks(text: &str, ranges: &[(usize, usize)]) -> Vec<Mark> {
    let mut marks = Vec::with_capacity(ranges.len());
    let mut mark = Mark::default();
    let mut depth = 0u16;
    let mut last_end = 0;
    for &(start, end) in ranges {
        let gap = text.get(last_end..start).unwrap_or("");
        // A word split at white space may carry its own trailing comma.
        let before = text.get(..last_end).and_then(|t| t.chars().next_back());
        let mut ends_clause = before.is_some_and(|c| matches!(c, ',' | ';' | ':'));
        for c in gap.chars() {
            match c {
                ',' | ';' | ':' | '—' | '–' => ends_clause = true,
                '(' | '[' => {
                    depth = depth.saturating_add(1);
                    ends_clause = true;
                }
                ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    ends_clause = true;
                }
                _ => {}
            }
        }
        if is_spaced_dash(gap) {
            ends_clause = true;
        }
        if ends_clause && !marks.is_empty() {
            mark.clause = mark.clause.saturating_add(1);
        }
        mark.aside = depth > 0;
        marks.push(mark);
        last_end = end;
    }
    marks
}

/// ` - ` or ` -- ` between words: a dash, not a hyphen or an arrow.
fn is_spaced_dash(gap: &str) -> bool {
    let trimmed = gap.trim();
    !trimmed.is_empty()
        && trimmed.bytes().all(|b| b == b'-')
        && trimmed.len() <= 2
        && gap.starts_with(char::is_whitespace)
        && gap.ends_with(char::is_whitespace)
}

/// Marks as reason every word from a reason phrase to the end of its
/// clause; the very first word of a title never opens a reason.
pub(super) fn mark_reasons(words: &[&str], marks: &mut [Mark], reasons: &[Vec<String>]) {
    let mut in_reason: Option<u16> = None;
    for i in 0..words.len() {
        let clause = marks[i].clause;
        if in_reason.is_some_and(|c| c != clause) {
            in_reason = None;
        }
        if in_reason.is_none() && i > 0 && !marks[i].aside && opens_reason(&words[i..], reasons) {
            in_reason = Some(clause);
        }
        marks[i].reason = in_reason.is_some();
    }
}

fn opens_reason(words: &[&str], reasons: &[Vec<String>]) -> bool {
    reasons
        .iter()
        .any(|phrase| words.len() >= phrase.len() && phrase.iter().zip(words).all(|(p, w)| p == w))
}

/// The clause of each word once the action is known: the action's clause
/// (or, with no action word, the first plain clause) is [`Clause::Action`].
pub(super) fn classes(marks: &[Mark], action_clause: Option<u16>) -> Vec<Clause> {
    let first_plain = marks
        .iter()
        .find(|m| !m.aside && !m.reason)
        .map(|m| m.clause);
    let main = action_clause.or(first_plain);
    marks
        .iter()
        .map(|m| {
            if m.reason {
                Clause::Reason
            } else if m.aside {
                Clause::Aside
            } else if Some(m.clause) == main {
                Clause::Action
            } else {
                Clause::Other
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn classes_of(text: &str, reasons: &[&str]) -> Vec<(String, Clause)> {
        let ranges = tokenize(text);
        let words: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        let mut marks = marks(text, &ranges);
        let reasons: Vec<Vec<String>> = reasons
            .iter()
            .map(|r| r.split(' ').map(str::to_string).collect())
            .collect();
        mark_reasons(&words, &mut marks, &reasons);
        let classes = classes(&marks, None);
        words
            .iter()
            .map(|w| (*w).to_string())
            .zip(classes)
            .collect()
    }

    #[test]
    fn clauses_end_at_commas_dashes_and_parentheses() {
        let got = classes_of("reboot osd-06 - bios update (hw-12), then check", &[]);
        let class = |word: &str| got.iter().find(|(w, _)| w == word).map(|(_, c)| *c);
        assert_eq!(class("reboot"), Some(Clause::Action));
        assert_eq!(class("osd"), Some(Clause::Action));
        assert_eq!(class("bios"), Some(Clause::Other));
        assert_eq!(class("hw"), Some(Clause::Aside));
        assert_eq!(class("check"), Some(Clause::Other));
    }

    #[test]
    fn a_reason_runs_to_the_end_of_its_clause() {
        let got = classes_of("rebooted sess-1 after kernel hang, fixed it", &["after"]);
        let reason: Vec<&str> = got
            .iter()
            .filter(|(_, c)| *c == Clause::Reason)
            .map(|(w, _)| w.as_str())
            .collect();
        assert_eq!(reason, ["after", "kernel", "hang"]);
    }

    #[test]
    fn an_arrow_or_a_hyphen_is_not_a_dash() {
        let got = classes_of("concurrency 4 -> 6 on runner-arm", &[]);
        assert!(got.iter().all(|(_, c)| *c == Clause::Action), "{got:?}");
    }
}
