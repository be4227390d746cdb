//! The operator's ground truth: which operation each journal entry belongs
//! to, from `- operation: LABEL` fields or from a labels file.
//!
//! A labels file is tab-separated: the 1-based line of an entry's heading,
//! a tab, the label. Blank lines and lines starting with `#` are skipped.
//! Unlabelled entries are left out of scoring.

use std::collections::BTreeMap;

use crate::codes::LabelsCode;
use crate::error::Problem;
use crate::journal::{Entry, FieldKey};
use crate::source::{FileId, Span};

/// The field key that carries a label in the journal.
pub(crate) const FIELD: &str = "operation";

/// One label per entry (in journal order), `None` for unlabelled ones.
pub(crate) type Labels = Vec<Option<String>>;

/// Labels from the entries' own `- operation:` fields. An entry with two
/// different labels, or an empty one, is a problem.
pub(crate) fn from_journal(entries: &[Entry]) -> Result<Labels, Vec<Problem>> {
    let key = FieldKey::Other(FIELD.to_string());
    let mut problems = Vec::new();
    let labels = entries
        .iter()
        .map(|entry| {
            let mut label: Option<(String, Span)> = None;
            for field in entry.values(&key) {
                let value = field.value.trim();
                if value.is_empty() {
                    problems.push(empty_label(field.key_span));
                    continue;
                }
                match &label {
                    Some((first, _)) if first == value => {}
                    Some((_, first_span)) => {
                        problems.push(conflict(field.value_span, *first_span));
                    }
                    None => label = Some((value.to_string(), field.value_span)),
                }
            }
            label.map(|(l, _)| l)
        })
        .collect();
    if problems.is_empty() {
        Ok(labels)
    } else {
        Err(problems)
    }
}

/// Labels from a labels file already added to the sources as `file`.
pub(crate) fn from_tsv(
    file: FileId,
    text: &str,
    entries: &[Entry],
) -> Result<Labels, Vec<Problem>> {
    let by_line: BTreeMap<usize, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.line, i))
        .collect();
    let mut labels: Labels = vec![None; entries.len()];
    let mut seen: Vec<Option<Span>> = vec![None; entries.len()];
    let mut problems = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let span = Span::new(file, line_start, line_start + line.len());
        let (number, label) = match parse_line(file, line_start, line) {
            Ok(parsed) => parsed,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let Some(&index) = by_line.get(&number.0) else {
            problems.push(no_entry(number.0, number.1, &by_line));
            continue;
        };
        if let Some(first) = seen[index] {
            problems.push(duplicate(number.0, span, first));
            continue;
        }
        seen[index] = Some(span);
        labels[index] = Some(label);
    }
    if problems.is_empty() {
        Ok(labels)
    } else {
        Err(problems)
    }
}

/// `LINE<TAB>LABEL` → ((line, its span), label).
fn parse_line(
    file: FileId,
    line_start: usize,
    line: &str,
) -> Result<((usize, Span), String), Problem> {
    let whole = Span::new(file, line_start, line_start + line.len());
    let Some((number, label)) = line.split_once('\t') else {
        return Err(bad_line(
            whole,
            "no tab between the line number and the label",
        ));
    };
    let lead = number.len() - number.trim_start().len();
    let number_span = Span::new(
        file,
        line_start + lead,
        line_start + lead + number.trim().len(),
    );
    let parsed = number
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| bad_line(number_span, "not a line number (1, 2, …)"))?;
    let label = label.trim();
    if label.is_empty() {
        let at = line_start + line.len();
        return Err(bad_line(Span::new(file, at, at), "the label is missing"));
    }
    Ok(((parsed, number_span), label.to_string()))
}

fn bad_line(span: Span, what: &str) -> Problem {
    Problem::error(
        LabelsCode::BadLine,
        format!("this labels line cannot be read: {what}"),
    )
    .label(span, what)
    .help("each line is the 1-based line of an entry's heading in JOURNAL.md, a tab, and the label; `#` starts a comment line")
}

fn no_entry(line: usize, span: Span, by_line: &BTreeMap<usize, usize>) -> Problem {
    let nearest = by_line
        .keys()
        .min_by_key(|&&l| (l.abs_diff(line), l))
        .map_or_else(
            || "the journal has no entries".to_string(),
            |l| format!("the nearest entry heading is on line {l}"),
        );
    Problem::error(
        LabelsCode::NoEntry,
        format!("line {line} of JOURNAL.md is not an entry's heading"),
    )
    .label(span, "no entry starts on this line")
    .help(format!(
        "{nearest}; `forge operations --format json` lists every entry's line"
    ))
}

fn duplicate(line: usize, span: Span, first: Span) -> Problem {
    Problem::error(
        LabelsCode::Duplicate,
        format!("the entry on line {line} is labelled twice"),
    )
    .label(span, "labelled again here")
    .label(first, "first labelled here")
    .help("give each entry one label; delete one of the two lines")
}

fn empty_label(span: Span) -> Problem {
    Problem::error(LabelsCode::Empty, "an `operation:` field has no label")
        .label(span, "this field is empty")
        .help("write the operation this entry belongs to (`- operation: restart-broker`), or remove the field to leave the entry unlabelled")
}

fn conflict(span: Span, first: Span) -> Problem {
    Problem::error(
        LabelsCode::Conflict,
        "an entry has two different `operation:` labels",
    )
    .label(span, "this label")
    .label(first, "differs from this one")
    .help("an entry belongs to one operation; keep one `operation:` field")
}

/// No entry carries a label: nothing can be scored.
pub(crate) fn none_found(journal: Span, from_file: bool) -> Problem {
    let help = if from_file {
        "add lines `LINE<TAB>LABEL` to the labels file, one per entry to score"
    } else {
        "add `- operation: LABEL` to the entries (the same label for entries of one operation), or pass --labels FILE"
    };
    Problem::error(
        LabelsCode::None,
        "no entry is labelled, so there is nothing to score",
    )
    .label(journal, "no labelled entry in this journal")
    .help(help)
}
