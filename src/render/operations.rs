//! `forge operations`: a plain table or the stable JSON shape.

mod days;
mod json;
mod runs;
mod view;

use std::fmt::Write as _;

use crate::aggregate::Summary;

pub use json::write_json;

/// The widest the name column gets (format widths past 65,535 panic).
const MAX_NAME_WIDTH: usize = 80;

/// One block per operation: a summary line, then its entries.
pub(crate) fn table(summaries: &[Summary]) -> String {
    let name_width = summaries
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(9)
        // Past this a longer name only pushes its own line out.
        .clamp(9, MAX_NAME_WIDTH);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<name_width$}  {:>5}  {:<10}  {:<10}  {:<16}  SIGNATURE",
        "OPERATION", "COUNT", "FIRST", "LAST", "STATUS"
    );
    for s in summaries {
        let _ = writeln!(
            out,
            "{:<name_width$}  {:>5}  {:<10}  {:<10}  {:<16}  {}",
            s.name,
            s.count,
            s.first.as_deref().unwrap_or("-"),
            s.last.as_deref().unwrap_or("-"),
            s.status.state.name(),
            s.signature,
        );
        for e in &s.entries {
            let _ = writeln!(
                out,
                "  L{:<5} {:<10}  {}  [{}]",
                e.line,
                crate::aggregate::day::or(e.date, "undated"),
                e.title,
                e.outcome.unwrap_or("no outcome"),
            );
        }
    }
    out
}
