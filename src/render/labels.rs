//! A labels file for `forge eval --labels`: each entry's current operation,
//! ready for an operator to correct.

use std::fmt::Write as _;

use crate::aggregate::{day, Day, Summary};

/// One `LINE<TAB>ID` line per entry, in journal order, each after a
/// comment with the entry's date and title (the labels reader skips `#`
/// lines).
pub(crate) fn labels(resource: &str, summaries: &[Summary]) -> String {
    let mut rows: Vec<(usize, Option<Day>, &str, &str)> = summaries
        .iter()
        .flat_map(|s| {
            s.entries
                .iter()
                .map(move |e| (e.line, e.date, e.title.as_str(), s.id.as_str()))
        })
        .collect();
    rows.sort_by_key(|row| row.0);
    let mut out = format!(
        "# Labels of {resource}: each entry's operation as forge groups it now.\n\
         # Correct the labels that are wrong (entries of one real operation share\n\
         # a label), then: forge eval --resource DIR --labels THIS_FILE\n\
         # heading line<TAB>label\n"
    );
    for (line, date, title, id) in rows {
        let title = title.replace(['\n', '\r'], " ");
        let _ = writeln!(out, "\n# {} {title}", day::or(date, "(no date)"));
        let _ = writeln!(out, "{line}\t{id}");
    }
    out
}
