//! How often an operation is done and how long ago it was last done.
//!
//! Both are measured against the journal itself, never the clock: "last
//! done" counts back from the newest journal date, so the same journal
//! always gives the same runbook.

use chrono::NaiveDate;
use serde::Serialize;

/// Fewest occurrences for a cadence: two intervals at least, or a single
/// gap would pass for a habit.
pub(super) const MIN_OCCURRENCES: usize = 3;

/// The typical interval between occurrences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Cadence {
    /// Median days between consecutive dated occurrences.
    pub(crate) median_days: i64,
    /// How many intervals the median is taken over.
    pub(crate) intervals: usize,
    /// `roughly monthly — median 31 days`.
    pub(crate) hint: String,
}

/// How long before the newest journal date the operation was last done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SinceLast {
    pub(crate) days: i64,
    /// The newest date in the whole journal, the reference point.
    pub(crate) newest: String,
    /// `3 months ago`, or `on the newest journal date`.
    pub(crate) text: String,
}

/// The cadence of occurrences on these dates (any order), when there are
/// at least [`MIN_OCCURRENCES`] of them.
pub(super) fn cadence(dates: &[NaiveDate]) -> Option<Cadence> {
    if dates.len() < MIN_OCCURRENCES {
        return None;
    }
    let mut sorted = dates.to_vec();
    sorted.sort_unstable();
    let mut intervals: Vec<i64> = sorted
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .collect();
    intervals.sort_unstable();
    let mid = intervals.len() / 2;
    let median_days = if intervals.len().is_multiple_of(2) {
        // Integer mean of the two middle values: deterministic, no floats.
        i64::midpoint(intervals[mid - 1], intervals[mid])
    } else {
        intervals[mid]
    };
    Some(Cadence {
        median_days,
        intervals: intervals.len(),
        hint: format!(
            "{} — median {median_days} {}",
            rhythm(median_days),
            if median_days == 1 { "day" } else { "days" }
        ),
    })
}

/// A plain-words name for an interval in days.
fn rhythm(days: i64) -> &'static str {
    match days {
        ..=1 => "roughly daily",
        2..=4 => "every few days",
        5..=10 => "roughly weekly",
        11..=20 => "roughly every two weeks",
        21..=45 => "roughly monthly",
        46..=75 => "roughly every two months",
        76..=135 => "roughly quarterly",
        136..=270 => "roughly twice a year",
        271..=540 => "roughly yearly",
        _ => "less than once a year",
    }
}

/// How long before `newest` the `last` occurrence was.
pub(super) fn since_last(last: NaiveDate, newest: NaiveDate) -> SinceLast {
    let days = (newest - last).num_days();
    SinceLast {
        days,
        newest: newest.to_string(),
        text: ago(days),
    }
}

fn ago(days: i64) -> String {
    let (n, unit) = match days {
        ..=0 => return "on the newest journal date".to_string(),
        1..=13 => (days, "day"),
        14..=59 => (days / 7, "week"),
        // Rounded to the nearest month of 365/12 days.
        60..=729 => ((days * 12 + 182) / 365, "month"),
        _ => (days / 365, "year"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn three_monthly_occurrences_read_as_roughly_monthly() {
        let dates = [date("2026-01-01"), date("2026-02-01"), date("2026-03-04")];
        let cadence = cadence(&dates).expect("a cadence");
        assert_eq!(cadence.median_days, 31);
        assert_eq!(cadence.hint, "roughly monthly — median 31 days");
    }

    #[test]
    fn two_occurrences_give_no_cadence() {
        assert_eq!(cadence(&[date("2026-01-01"), date("2026-02-01")]), None);
    }

    #[test]
    fn an_even_number_of_intervals_takes_the_mean_of_the_middle_two() {
        let dates = [
            date("2026-01-01"),
            date("2026-01-08"),
            date("2026-01-18"),
            date("2026-04-01"),
            date("2026-04-05"),
        ];
        // Intervals 7, 10, 73, 4 → sorted 4, 7, 10, 73 → (7 + 10) / 2.
        assert_eq!(cadence(&dates).expect("cadence").median_days, 8);
    }

    #[test]
    fn staleness_counts_back_from_the_newest_journal_date() {
        let newest = date("2026-07-01");
        assert_eq!(
            since_last(date("2026-07-01"), newest).text,
            "on the newest journal date"
        );
        assert_eq!(since_last(date("2026-06-30"), newest).text, "1 day ago");
        assert_eq!(since_last(date("2026-06-11"), newest).text, "2 weeks ago");
        assert_eq!(since_last(date("2026-03-10"), newest).text, "4 months ago");
        assert_eq!(since_last(date("2023-06-01"), newest).text, "3 years ago");
    }
}
