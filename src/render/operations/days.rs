//! The dates of the document as JSON shows them (`"YYYY-MM-DD"`, chrono's
//! `Display`), each made once: a million entries cite ~5 million dates
//! from a few thousand days.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::aggregate::digest::Record;

/// Days made ahead at most: 180 years of a journal (~1.5 MB).
const MAX_SPAN: i64 = 1 << 16;

/// Every day from the records' earliest date to their latest, by days
/// since the earliest.
pub(super) struct Days {
    first: NaiveDate,
    names: Vec<String>,
}

impl Days {
    pub(super) fn new(records: &[Record]) -> Self {
        let mut dates = records.iter().filter_map(|r| r.date);
        let Some(first) = dates.next() else {
            return Days {
                first: NaiveDate::MIN,
                names: Vec::new(),
            };
        };
        let (first, last) = dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d)));
        let span = (last - first).num_days();
        // Dates spread wider are made as they are met.
        let names = if span < MAX_SPAN {
            first
                .iter_days()
                .take(usize::try_from(span + 1).unwrap_or(0))
                .map(|d| d.to_string())
                .collect()
        } else {
            Vec::new()
        };
        Days { first, names }
    }

    pub(super) fn name(&self, date: NaiveDate) -> Cow<'_, str> {
        let made = usize::try_from((date - self.first).num_days())
            .ok()
            .and_then(|i| self.names.get(i));
        match made {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(date.to_string()),
        }
    }
}
