//! Keep blocks that lost their operation, and why: the previous runbook
//! says which occurrences the block's section listed (by their JOURNAL.md
//! heading lines, stable in an append-only journal), and the fresh
//! operations say where those occurrences went: to one operation under a
//! new id (renamed), or into other operations (regrouped). Without such a
//! section, the operation whose id is closest is the likely one.

use std::sync::LazyLock;

use regex::Regex;

use super::{Summary, TOP_ID};
use crate::error::Problem;
use crate::keep::KeepBlock;
use crate::source::{FileId, Sources, Span};

/// The code of the warning.
pub(crate) const CODE: crate::codes::KeepCode = crate::codes::KeepCode::Orphaned;

/// Lowest Jaro-Winkler similarity of ids for a likely operation.
const LIKELY_FROM: f64 = 0.8;

/// What became of a block's operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fate {
    /// All its occurrences are one operation with another id.
    Renamed { to: String },
    /// Its occurrences are now in these operations (id, how many), the
    /// most first.
    Regrouped { into: Vec<(String, usize)> },
    /// The previous runbook does not say (the block was already orphaned,
    /// or its occurrences are gone).
    Unknown { likely: Option<String> },
}

/// A keep block whose id names no operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Orphan<'a> {
    pub(crate) block: &'a KeepBlock,
    pub(crate) fate: Fate,
}

/// The orphaned blocks of `previous` (the runbook they were read from),
/// in file order.
pub(crate) fn orphans<'a>(
    previous: &str,
    journal: &str,
    blocks: &'a [KeepBlock],
    summaries: &[Summary],
) -> Vec<Orphan<'a>> {
    blocks
        .iter()
        .filter(|b| b.target() != TOP_ID && !summaries.iter().any(|s| s.id == b.target()))
        .map(|block| {
            let lines = section_occurrences(previous, journal, block.span.start);
            Orphan {
                block,
                fate: fate(block.target(), &lines, summaries),
            }
        })
        .collect()
}

fn fate(id: &str, lines: &[usize], summaries: &[Summary]) -> Fate {
    let mut into: Vec<(String, usize)> = Vec::new();
    for summary in summaries {
        let n = summary
            .entries
            .iter()
            .filter(|e| lines.contains(&e.line))
            .count();
        if n > 0 {
            into.push((summary.id.clone(), n));
        }
    }
    into.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    match into.as_slice() {
        [] => Fate::Unknown {
            likely: closest(id, summaries),
        },
        [(to, n)]
            if *n == lines.len() && summaries.iter().any(|s| s.id == *to && s.count == *n) =>
        {
            Fate::Renamed { to: to.clone() }
        }
        _ => Fate::Regrouped { into },
    }
}

/// The operation whose id is most like `id`, if any is close.
fn closest(id: &str, summaries: &[Summary]) -> Option<String> {
    summaries
        .iter()
        .map(|s| (strsim::jaro_winkler(id, &s.id), &s.id))
        .filter(|(score, _)| *score >= LIKELY_FROM)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, id)| id.clone())
}

/// `(verified, JOURNAL.md:57)` at the end of an occurrence line, before
/// who did it.
static CITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:verified|failed|rolled-back|inconclusive|no outcome), ([^()]*):(\d+)\)")
        .expect("a valid regex literal")
});

/// The heading lines of the occurrences listed in the section of the
/// previous runbook that holds byte `at`; none outside an operation's
/// section.
fn section_occurrences(previous: &str, journal: &str, at: usize) -> Vec<usize> {
    let before = previous.get(..at).unwrap_or(previous);
    let Some(start) = before.rfind("\n## ").map(|i| i + 1) else {
        return Vec::new();
    };
    let rest = previous.get(start..).unwrap_or_default();
    let end = rest
        .get(1..)
        .and_then(|r| r.find("\n## "))
        .map_or(rest.len(), |i| i + 1);
    let section = rest.get(..end).unwrap_or(rest);
    let Some((_, listed)) = section.split_once("\nOccurrences:\n") else {
        return Vec::new();
    };
    listed
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| l.starts_with("  - "))
        .filter_map(|l| {
            let found = CITE.captures_iter(l).last()?;
            let file = found.get(1)?.as_str();
            (file.replace('\\', "") == journal)
                .then(|| found.get(2)?.as_str().parse().ok())
                .flatten()
        })
        .collect()
}

/// A warning for each orphaned block of the runbook `previous` (shown as
/// `name`), labelled on its marker, with the sources to render them.
pub(crate) fn warnings(
    name: &str,
    previous: &str,
    journal: &str,
    blocks: &[KeepBlock],
    summaries: &[Summary],
) -> (Sources, Vec<Problem>) {
    let mut sources = Sources::default();
    let file = sources.add(name, previous);
    let problems = orphans(previous, journal, blocks, summaries)
        .iter()
        .map(|orphan| warning(orphan, file))
        .collect();
    (sources, problems)
}

/// The warning for an orphan, labelled on its marker in `file`.
fn warning(orphan: &Orphan<'_>, file: FileId) -> Problem {
    let id = &orphan.block.id;
    let target = orphan.block.target();
    let (why, likely) = match &orphan.fate {
        Fate::Renamed { to } => (
            format!("its operation `{target}` was renamed `{to}`"),
            Some(to.clone()),
        ),
        Fate::Regrouped { into } => {
            let parts: Vec<String> = into.iter().map(|(op, n)| format!("`{op}` ({n})")).collect();
            (
                format!(
                    "the occurrences of `{target}` were regrouped into {}",
                    parts.join(", ")
                ),
                into.first().map(|(op, _)| op.clone()),
            )
        }
        Fate::Unknown { likely } => (
            format!("no operation has the id `{target}` any more"),
            likely.clone(),
        ),
    };
    let help = match likely {
        Some(new) => format!(
            "the likely operation is `{new}`: change the marker to `<!-- forge:keep {} -->` to \
             move the note there; until then it stays under \"Orphaned notes\"",
            id.replacen(target, &new, 1)
        ),
        None => "it stays under \"Orphaned notes\"; change its id to an operation's id to \
                 move it there, or delete it"
            .to_string(),
    };
    let span = Span::new(file, orphan.block.span.start, orphan.block.span.end);
    Problem::warning(CODE, format!("keep block `{id}` is orphaned: {why}"))
        .label(span, "this note no longer has an operation")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREVIOUS: &str = "# Runbook: r\n\n## Restart app   (done 2x, last 2026-02-05)\n\n\
        <!-- forge:keep restart-app -->\nnote\n<!-- /forge:keep -->\n\nOccurrences:\n  \
        - 2026-01-05: restarted app (verified, JOURNAL.md:1) — by alice\n    - note: x (failed, JOURNAL.md:99)\n  \
        - 2026-02-05: restarted app (no outcome, JOURNAL.md:6)\n\n## Other   (done 1x)\n\n\
        Occurrences:\n  - 2026-03-01: other (verified, JOURNAL.md:11)\n";

    #[test]
    fn the_section_of_a_block_names_its_occurrences_by_heading_line() {
        let at = PREVIOUS.find("<!-- forge:keep").expect("a block");
        assert_eq!(section_occurrences(PREVIOUS, "JOURNAL.md", at), [1, 6]);
        assert_eq!(
            section_occurrences(PREVIOUS, "JOURNAL.md", 3),
            Vec::<usize>::new()
        );
    }
}
