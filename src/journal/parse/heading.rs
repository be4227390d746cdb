//! Entry headings: `## DATE[ TIME] SEP TITLE`, and the Markdown headings of
//! other levels that are notes (and, when dated, likely meant as entries).

use chrono::NaiveDate;

use super::lines::{ends_blank, ends_word, has_shape, skip_blank, trimmed_range, Line};
use super::problem;
use crate::journal::{Entry, JournalProblem, ProblemKind};
use crate::source::{FileId, Span};

/// Separators between the date (and time) and the title; `--` comes before
/// `-` so that the longer one wins.
const SEPARATORS: [&str; 5] = ["\u{2014}", "\u{2013}", "--", "-", ":"];

/// The offset after the text of a level-2 heading's marker, if the line is
/// one (`## title`, or a bare `##`).
pub(super) fn heading_body(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("##")?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(3.min(text.len()))
}

/// Whether the line is a Markdown ATX heading (`# x`, `### x`), which stands
/// alone as a note rather than joining the paragraph around it.
pub(super) fn is_atx_heading(text: &str) -> bool {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    let hashes = text.bytes().skip(spaces).take_while(|&b| b == b'#').count();
    spaces <= 3 && (1..=6).contains(&hashes) && ends_blank(text, spaces + hashes)
}

/// Whether the line is a heading of another level than 2 whose text starts
/// with a date, as an entry's heading does (`### 2026-01-02 — …`): it is
/// read as a note of the entry above, which is likely not what was meant.
fn is_entry_like_heading(text: &str) -> bool {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    let hashes = text.bytes().skip(spaces).take_while(|&b| b == b'#').count();
    let at = spaces + hashes;
    spaces <= 3
        && hashes != 2
        && (1..=6).contains(&hashes)
        && ends_blank(text, at)
        && date_shape(text.as_bytes(), skip_blank(text, at)).is_some()
}

/// The problem for an entry-like heading of the wrong level, if `line` is
/// one.
pub(super) fn entry_like_heading(file: FileId, line: &Line<'_>) -> Option<JournalProblem> {
    is_entry_like_heading(line.text)
        .then(|| problem(ProblemKind::EntryLikeHeading, line.trimmed_span(file), None))
}

/// Where the parts of a heading are, relative to the line's start.
#[derive(Debug)]
pub(super) struct Heading {
    date: Option<(usize, usize)>,
    time: Option<(usize, usize)>,
    title: (usize, usize),
}

/// Splits `## DATE[ TIME] SEP TITLE`, where `body` is the offset after `##`.
pub(super) fn parse_heading(text: &str, body: usize) -> Heading {
    let start = skip_blank(text, body);
    let Some(date_end) = date_shape(text.as_bytes(), start) else {
        return Heading {
            date: None,
            time: None,
            title: trimmed_range(text, body),
        };
    };
    let (time, after) = time_after_date(text.as_bytes(), date_end);
    let title_from = separator_end(text, skip_blank(text, after));
    Heading {
        date: Some((start, date_end)),
        time,
        title: trimmed_range(text, title_from),
    }
}

/// The end of a `YYYY-MM-DD` at `at`, if it is one and ends there (or goes
/// on with a glued `THH:MM`).
fn date_shape(bytes: &[u8], at: usize) -> Option<usize> {
    let end = at + 10;
    let glued_time = bytes.get(end) == Some(&b'T') && time_shape(bytes, end + 1).is_some();
    (has_shape(bytes, at, b"dddd-dd-dd") && (ends_word(bytes, end) || glued_time)).then_some(end)
}

/// The end of `HH:MM[:SS][Z|+HH:MM|-HH:MM]` at `at`, if it is one.
fn time_shape(bytes: &[u8], at: usize) -> Option<usize> {
    if !has_shape(bytes, at, b"dd:dd") {
        return None;
    }
    let mut end = at + 5;
    if has_shape(bytes, end, b":dd") {
        end += 3;
    }
    if bytes.get(end) == Some(&b'Z') {
        end += 1;
    } else if has_shape(bytes, end, b"+dd:dd") || has_shape(bytes, end, b"-dd:dd") {
        end += 6;
    }
    ends_word(bytes, end).then_some(end)
}

/// The time after a date (glued with `T` or after blanks) and where the
/// heading goes on after the date and time.
fn time_after_date(bytes: &[u8], date_end: usize) -> (Option<(usize, usize)>, usize) {
    let from = if bytes.get(date_end) == Some(&b'T') {
        date_end + 1
    } else {
        bytes
            .iter()
            .skip(date_end)
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
            + date_end
    };
    match time_shape(bytes, from) {
        // A time needs a `T` or a blank before it; `date_shape` already
        // refused a digit glued to the date.
        Some(end) => (Some((from, end)), end),
        None => (None, date_end),
    }
}

/// The offset after the first separator at `at`, or `at` when there is none
/// (a date followed straight by the title).
fn separator_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    SEPARATORS
        .iter()
        .find(|sep| rest.starts_with(*sep))
        .map_or(at, |sep| at + sep.len())
}

/// A real calendar date from a `YYYY-MM-DD` shaped text.
fn calendar_date(text: &str) -> Option<NaiveDate> {
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// Builds an entry (no fields yet) from its heading line.
pub(super) fn new_entry(file: FileId, line: &Line<'_>, heading: &Heading) -> Entry {
    let title_span = line.span(file, heading.title);
    let (date_text, date_span) = match heading.date {
        Some(range) => (line.slice(range), line.span(file, range)),
        // No date: an empty span where the date should have been.
        None => ("", Span::new(file, title_span.start, title_span.start)),
    };
    Entry {
        line: line.number,
        span: line.span(file, (0, line.text.len())),
        heading_span: line.span(file, (0, line.text.len())),
        date: calendar_date(date_text),
        date_span,
        time_span: heading.time.map(|range| line.span(file, range)),
        title: line.slice(heading.title).to_string(),
        title_span,
        // Entries have a handful of fields: one allocation, not three.
        fields: Vec::with_capacity(8),
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::journal::parse::support::{
        at, field, journal, kinds, only, problems_besides_no_verify,
    };
    use crate::journal::ProblemKind;

    #[test]
    fn every_separator_splits_the_date_from_the_title() {
        for sep in ["—", "–", "--", "-", ":"] {
            for text in [
                format!("## 2026-05-02 {sep} raised heap\n"),
                format!("## 2026-05-02{sep}raised heap\n"),
                format!("## 2026-05-02\t{sep}\traised heap  \n"),
            ] {
                let entry = only(&text);
                assert_eq!(entry.title, "raised heap", "{text:?}");
                assert_eq!(at(&text, entry.title_span), "raised heap");
                assert_eq!(entry.date, NaiveDate::from_ymd_opt(2026, 5, 2));
                assert_eq!(entry.date_text(&text), "2026-05-02");
                assert_eq!(at(&text, entry.date_span), "2026-05-02");
                assert_eq!(entry.time_text(&text), None);
            }
        }
    }

    #[test]
    fn only_the_first_separator_splits_and_the_title_keeps_the_rest() {
        let entry = only("## 2026-05-02 — resized 250Gi -> 500Gi — again: twice -- ok\n");
        assert_eq!(entry.title, "resized 250Gi -> 500Gi — again: twice -- ok");
        let entry = only("## 2026-05-02 -- -Xmx16g set\n");
        assert_eq!(entry.title, "-Xmx16g set");
    }

    #[test]
    fn a_date_followed_by_text_without_separator_takes_the_rest_as_title() {
        let text = "## 2026-01-02 did thing\n";
        let entry = only(text);
        assert_eq!(entry.title, "did thing");
        assert_eq!(at(text, entry.title_span), "did thing");
        assert!(problems_besides_no_verify(&journal(text)).is_empty());
    }

    #[test]
    fn an_empty_title_is_allowed() {
        for text in [
            "## 2026-01-02\n",
            "## 2026-01-02 —  \n",
            "## 2026-01-02 14:05",
        ] {
            let entry = only(text);
            assert_eq!(entry.title, "", "{text:?}");
            assert!(entry.title_span.is_empty());
            assert!(entry.date.is_some());
        }
    }

    #[test]
    fn time_variants_are_kept_as_written() {
        let cases = [
            ("## 2026-01-02 14:05 — x", "14:05"),
            ("## 2026-01-02 14:05:33 — x", "14:05:33"),
            ("## 2026-01-02 14:05Z — x", "14:05Z"),
            ("## 2026-01-02 14:05:33Z - x", "14:05:33Z"),
            ("## 2026-01-02 09:00+02:00 — x", "09:00+02:00"),
            ("## 2026-01-02 09:00-05:30: x", "09:00-05:30"),
            ("## 2026-01-02T14:05 — x", "14:05"),
            ("## 2026-01-02T14:05:33Z — x", "14:05:33Z"),
            ("## 2026-01-02 14:05 x", "14:05"),
            ("## 2026-01-02 14:05:33: x", "14:05:33"),
        ];
        for (text, time) in cases {
            let entry = only(text);
            assert_eq!(entry.time_text(text), Some(time), "{text:?}");
            assert_eq!(entry.title, "x", "{text:?}");
            assert_eq!(entry.date_text(text), "2026-01-02");
        }
    }

    #[test]
    fn text_that_only_looks_like_a_time_belongs_to_the_title() {
        let text = "## 2026-01-02 — 14:05 restart";
        let entry = only(text);
        assert_eq!(
            (entry.time_text(text), entry.title.as_str()),
            (None, "14:05 restart")
        );
        let text = "## 2026-01-02 14:05pm restart";
        let entry = only(text);
        assert_eq!(
            (entry.time_text(text), entry.title.as_str()),
            (None, "14:05pm restart")
        );
        let text = "## 2026-01-02 2026 plan";
        let entry = only(text);
        assert_eq!(
            (entry.time_text(text), entry.title.as_str()),
            (None, "2026 plan")
        );
    }

    #[test]
    fn an_impossible_date_is_reported_and_left_unparsed() {
        let text = "## 2026-02-30 — leap of faith\n- verify: ok\n";
        let parsed = journal(text);
        let entry = &parsed.entries[0];
        assert_eq!(entry.date, None);
        assert_eq!(entry.date_text(text), "2026-02-30");
        assert_eq!(entry.title, "leap of faith");
        assert_eq!(kinds(&parsed), vec![ProblemKind::BadDate]);
        assert_eq!(at(text, parsed.problems[0].span), "2026-02-30");
    }

    #[test]
    fn a_heading_without_a_date_is_still_an_entry_with_a_bad_heading() {
        let text = "## Took snapshot 2026-01-02  \n- verify: ok\n";
        let parsed = journal(text);
        let entry = &parsed.entries[0];
        assert_eq!(entry.date, None);
        assert_eq!(entry.date_text(text), "");
        assert_eq!(entry.title, "Took snapshot 2026-01-02");
        assert!(entry.date_span.is_empty());
        assert_eq!(entry.date_span.start, entry.title_span.start);
        assert_eq!(kinds(&parsed), vec![ProblemKind::BadHeading]);
        assert_eq!(
            at(text, parsed.problems[0].span),
            "Took snapshot 2026-01-02"
        );
    }

    #[test]
    fn a_date_glued_to_more_digits_or_letters_is_not_a_date() {
        for text in ["## 2026-01-023 x", "## 2026-01-02Tuesday", "## 26-01-02 x"] {
            let parsed = journal(text);
            assert_eq!(parsed.entries[0].date_text(text), "", "{text:?}");
            assert_eq!(parsed.problems[0].kind, ProblemKind::BadHeading);
        }
    }

    #[test]
    fn an_empty_heading_is_a_bad_heading_on_the_whole_line() {
        let text = "## \n- verify: x\n##\n- verify: y\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 2);
        assert_eq!(parsed.entries[0].title, "");
        assert_eq!(at(text, parsed.problems[0].span), "## ");
        assert_eq!(parsed.problems[0].kind, ProblemKind::BadHeading);
        assert_eq!(at(text, parsed.entries[1].heading_span), "##");
    }

    #[test]
    fn non_ascii_titles_keep_their_characters_and_spans() {
        let text = "# Jörnal\n\n## 2026-02-03 — Raised heap 8G→16G ✓\n- verify: grün\n";
        let entry = only(text);
        assert_eq!(entry.title, "Raised heap 8G→16G ✓");
        assert_eq!(at(text, entry.title_span), "Raised heap 8G→16G ✓");
        assert_eq!(entry.line, 3);
        assert_eq!(at(text, field(text, &entry, "verify").value_span), "grün");
    }

    #[test]
    fn a_dated_heading_of_another_level_is_pointed_at_and_kept_as_a_note() {
        let text = "# 2025-12-31 — preamble\n## 2026-01-02 — x\n- verify: ok\n\n\
### 2026-01-03 — y\n- change: z\n\n### Notes on 2026-01-03\n####2026-01-04 no space\n";
        let parsed = journal(text);
        assert_eq!(parsed.entries.len(), 1);
        let found: Vec<&str> = parsed
            .problems
            .iter()
            .map(|p| {
                assert_eq!(p.kind, ProblemKind::EntryLikeHeading);
                at(text, p.span)
            })
            .collect();
        assert_eq!(found, ["# 2025-12-31 — preamble", "### 2026-01-03 — y"]);
        assert!(parsed.entries[0].notes[0].contains("2026-01-03 — y"));
    }
}
