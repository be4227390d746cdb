//! Parsing a large journal on several cores, with the same result as one
//! pass.
//!
//! The text is cut just before level-2 headings, one chunk per core, and
//! every chunk is parsed at once as if it began outside any code block,
//! leaving out the checks that need earlier entries (dates going backwards,
//! duplicate headings). The chunks are then merged in order. A chunk whose
//! start really is outside a code block (the parser that reached it says
//! so) is taken as parsed, after the left-out checks run against the
//! entries before it, their problems put where one pass would have put
//! them. A chunk that starts inside a code block (a `## ` line in a fence)
//! is parsed again by the parser that reached it.

use rayon::prelude::*;

use super::{estimated_entries, Journal, Lines, Parser};
use crate::journal::Entry;
use crate::source::FileId;

/// Texts shorter than this are parsed in one pass: splitting would cost
/// more than it saves.
pub(super) const PARALLEL_FROM: usize = 4 << 20;

/// Parses the text cut at `cuts`, `window` chunks at a time on every core,
/// handing the entries finished after each window to `each` (in order,
/// every entry once) instead of holding them all. `each` works on one
/// batch while the next window is parsed. The returned journal has every
/// problem and no entries.
pub(super) fn in_windows(
    file: FileId,
    text: &str,
    cuts: &[usize],
    window: usize,
    each: &mut (dyn FnMut(Vec<Entry>) + Send),
) -> Journal {
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let newlines: Vec<usize> = ranges
        .par_iter()
        .map(|&(from, to)| memchr::memchr_iter(b'\n', &text.as_bytes()[from..to]).count())
        .collect();
    // Lines before each chunk, so line numbers come out right everywhere.
    let before: Vec<usize> = newlines
        .iter()
        .scan(0, |sum, n| {
            let at = *sum;
            *sum += n;
            Some(at)
        })
        .collect();
    let mut main: Option<Parser> = None;
    let mut handed: Option<Vec<Entry>> = None;
    let window = window.max(1);
    for (w, chunk_ranges) in ranges.chunks(window).enumerate() {
        let first = w * window;
        let last = first + window >= ranges.len();
        // Parsing and merging this window beside the previous batch's work.
        let (next, ()) = rayon::join(
            || {
                let parsed = parse_chunks(file, text, chunk_ranges, &before[first..], first == 0);
                merge_window(&mut main, parsed, text, &ranges[first..], &before[first..]);
                main.as_mut().filter(|_| !last).map(Parser::take_entries)
            },
            || handed.take().map_or((), &mut *each),
        );
        handed = next;
    }
    if let Some(batch) = handed {
        each(batch);
    }
    let mut journal = main.unwrap_or_else(|| Parser::new(file, text)).finish();
    each(std::mem::take(&mut journal.entries));
    journal
}

/// Merges a window's parsed chunks, in order, into the parser that
/// reached them (the window's first chunk becomes it when there is none).
fn merge_window<'t>(
    main: &mut Option<Parser<'t>>,
    parsed: Vec<Parser<'t>>,
    text: &'t str,
    ranges: &[(usize, usize)],
    before: &[usize],
) {
    let mut parsed = parsed.into_iter();
    let mut skip = 0;
    if main.is_none() {
        *main = parsed.next();
        skip = 1;
    }
    let Some(main) = main.as_mut() else {
        return;
    };
    let parsed: Vec<Parser<'t>> = parsed.collect();
    main.entries
        .reserve(parsed.iter().map(|chunk| chunk.entries.len() + 1).sum());
    for ((chunk, &(from, to)), &before) in
        parsed.into_iter().zip(&ranges[skip..]).zip(&before[skip..])
    {
        if main.fence.is_none() {
            merge(main, chunk);
        } else {
            main.read(Lines::range(text, from, to, before));
        }
    }
}

/// Parses each range on its own, at once; the journal's first range (when
/// `starts` is set) as the start of the text, the others as chunks whose
/// order and duplicate checks are left to the merge.
fn parse_chunks<'t>(
    file: FileId,
    text: &'t str,
    ranges: &[(usize, usize)],
    before: &[usize],
    starts: bool,
) -> Vec<Parser<'t>> {
    ranges
        .par_iter()
        .zip(before)
        .enumerate()
        .map(|(i, (&(from, to), &before))| {
            let mut parser = Parser::new(file, text);
            let _ = parser
                .entries
                .try_reserve(estimated_entries(&text[from..to]));
            let lines = if i == 0 && starts {
                Lines::new(text).until(to)
            } else {
                parser.deferred = Some(Vec::new());
                Lines::range(text, from, to, before)
            };
            parser.read(lines);
            parser
        })
        .collect()
}

/// Where chunks start: 0, then just after a `\n` that precedes `## `, near
/// each `len × i / parts`; the text's length last.
pub(super) fn cuts(text: &str, parts: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut cuts = vec![0];
    for i in 1..parts {
        let target = (text.len() / parts * i).max(cuts[cuts.len() - 1]);
        let found = memchr::memmem::find(&bytes[target..], b"\n## ");
        match found {
            Some(at) if target + at + 1 > cuts[cuts.len() - 1] => cuts.push(target + at + 1),
            _ => {}
        }
    }
    cuts.push(text.len());
    cuts
}

/// Appends a chunk parsed on its own to the parser that reached its start
/// outside any code block, as if that parser had read its lines.
fn merge(main: &mut Parser, chunk: Parser) {
    // The chunk starts with a heading, which ends the entry before it.
    main.finish_entry();
    let Parser {
        entries,
        problems,
        current,
        fence,
        deferred,
        ..
    } = chunk;
    let mut entries = entries.into_iter();
    let mut copied = 0;
    for at in deferred.unwrap_or_default() {
        main.problems.extend_from_slice(&problems[copied..at]);
        copied = at;
        if let Some(entry) = entries.next() {
            main.lint.check(&entry, &mut main.problems);
            main.entries.push(entry);
        } else if let Some(open) = &current {
            main.lint.check(&open.entry, &mut main.problems);
        }
    }
    main.problems.extend_from_slice(&problems[copied..]);
    main.current = current;
    main.fence = fence;
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    const FILE: FileId = FileId(3);

    fn sequential(text: &str) -> String {
        let mut parser = Parser::new(FILE, text);
        parser.read(Lines::new(text));
        format!("{:#?}", parser.finish())
    }

    /// The whole text in `parts` chunks, parsed in one window.
    fn parse(file: FileId, text: &str, parts: usize) -> Journal {
        let mut entries = Vec::new();
        let mut journal = in_windows(file, text, &cuts(text, parts), parts, &mut |batch| {
            entries = batch;
        });
        journal.entries = entries;
        journal
    }

    /// Entries with fences that hide headings across chunk boundaries,
    /// dates going backwards and repeated headings.
    fn awkward(copies: usize) -> String {
        let mut text = String::from("\u{feff}# Journal\r\n```\n## 1999-01-01 — hidden\n```\n");
        for i in 0..copies {
            let day = 1 + (i * 7) % 28;
            let _ = write!(
                text,
                "## 2026-02-{day:02} — restarted es-{i}\n- verify: ok\n- outcome: maybe\n\n"
            );
            if i % 5 == 0 {
                text.push_str("- change: run\n  ```sh\n## 2026-03-01 — inside\n\n## 2026-03-02 — inside too\n  ```\n");
            }
            if i % 7 == 3 {
                text.push_str("## 2026-02-01 — restarted es-1\n- why: again\nprose\n\n");
            }
        }
        text.push_str(
            "## 2026-09-09 — last\n- change: x\n  ~~~\n  never closed\n## 2026-09-10 — hidden\n",
        );
        text
    }

    #[test]
    fn chunked_parsing_gives_exactly_the_journal_of_one_pass() {
        for copies in [0, 1, 3, 17, 60] {
            let text = awkward(copies);
            let expected = sequential(&text);
            for parts in 1..9 {
                let chunked = format!("{:#?}", parse(FILE, &text, parts));
                assert_eq!(chunked, expected, "{copies} copies in {parts} parts");
            }
        }
    }

    #[test]
    fn parsing_in_windows_hands_out_exactly_the_entries_of_one_pass() {
        for copies in [0, 1, 17, 60] {
            let text = awkward(copies);
            let expected = sequential(&text);
            for (parts, window) in [(1, 1), (5, 1), (6, 2), (9, 4), (8, 3)] {
                let mut entries = Vec::new();
                let mut journal = in_windows(FILE, &text, &cuts(&text, parts), window, &mut |b| {
                    entries.extend(b);
                });
                journal.entries = entries;
                let windowed = format!("{journal:#?}");
                assert_eq!(windowed, expected, "{copies} copies, {parts}/{window}");
            }
        }
    }

    #[test]
    fn cuts_fall_just_before_a_heading_and_never_repeat() {
        let text = awkward(40);
        let cuts = cuts(&text, 6);
        assert_eq!((cuts[0], cuts[cuts.len() - 1]), (0, text.len()));
        assert!(cuts.windows(2).all(|w| w[0] < w[1]), "{cuts:?}");
        for &cut in &cuts[1..cuts.len() - 1] {
            assert!(text[cut..].starts_with("## ") && text[..cut].ends_with('\n'));
        }
    }
}
