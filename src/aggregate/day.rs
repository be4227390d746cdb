//! A journal date as summaries hold it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

/// A date shown and serialized as `YYYY-MM-DD`, held in four bytes: a
/// summary cites every field of every member, millions on a large journal,
/// and a date as a string took forty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Day(pub NaiveDate);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A date as text, or `fallback` for none.
pub(crate) fn or(day: Option<Day>, fallback: &str) -> std::borrow::Cow<'_, str> {
    day.map_or(std::borrow::Cow::Borrowed(fallback), |d| {
        std::borrow::Cow::Owned(d.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_shows_and_serializes_as_its_iso_date() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).map(Day);
        assert_eq!(day.map(|d| d.to_string()).as_deref(), Some("2026-03-01"));
        assert_eq!(
            serde_json::to_string(&day).ok().as_deref(),
            Some("\"2026-03-01\"")
        );
        assert_eq!(
            serde_json::to_string(&None::<Day>).ok().as_deref(),
            Some("null")
        );
        assert_eq!(or(None, "undated"), "undated");
    }
}
