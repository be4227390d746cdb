//! The JOURNAL.md parser.
//!
//! One pass over the lines with hand-written scanning (no regex): journals
//! can be hundreds of megabytes, so every line is looked at a constant number
//! of times. Every span is a byte range into the original text (a leading BOM
//! still counts in the offsets), and every slice is taken through `get` or at
//! an ASCII byte, so no input can make parsing panic.
//!
//! The parts, from the bottom: [`lines`] cuts the text into lines;
//! [`heading`], [`field`] and [`fence`] read one line's grammar; [`entry`]
//! places a line in the entry being read; [`parser`] walks the journal
//! (preamble, entries, code blocks) and [`lint`] checks dates and headings
//! against the entries before. [`read`] is the one way in: it runs the
//! parser over the whole text, or hands chunks of it to [`chunks`], which
//! runs the same parser on every core and merges the results.

mod chunks;
mod entry;
mod fence;
mod field;
mod heading;
mod lines;
mod lint;
mod parser;

use super::{Entry, Journal, JournalProblem, ProblemKind};
use crate::source::{FileId, Span};
use lines::Lines;
use parser::Parser;

/// Parses a journal. Never fails: what is wrong is reported as problems.
#[must_use]
pub fn parse(file: FileId, text: &str) -> Journal {
    let mut entries = Vec::new();
    let mut journal = read(file, text, Delivery::AllAtOnce, &mut |batch| {
        // All at once is one batch: moved, not copied.
        if entries.is_empty() {
            entries = batch;
        } else {
            entries.extend(batch);
        }
    });
    journal.entries = entries;
    journal
}

/// Parses a journal like [`parse`], handing its entries to `each` in
/// batches, in order (working on one while the next is parsed), and
/// dropping each batch after: for outputs that need
/// a little of every entry, a journal's entries are never all held at once
/// (a parsed entry is ~1.8 KB). The returned journal has every problem of
/// [`parse`] (same order) and no entries; entry indices count across
/// batches.
pub fn parse_batches(
    file: FileId,
    text: &str,
    each: &mut (dyn FnMut(Vec<Entry>) + Send),
) -> Journal {
    read(file, text, Delivery::InBatches, each)
}

/// Entries in the whole text, extrapolated from its first 64 KiB, so the
/// entry list is allocated once instead of doubled (and copied) ~20 times.
pub(crate) fn estimated_entries(text: &str) -> usize {
    const SAMPLE: usize = 64 << 10;
    let sample = &text.as_bytes()[..text.len().min(SAMPLE)];
    let headings = sample.windows(4).filter(|w| w == b"\n## ").count() + 1;
    headings.saturating_mul(text.len() / sample.len().max(1)) * 11 / 10
}

/// How the parsed entries are handed out.
#[derive(Debug, Clone, Copy)]
enum Delivery {
    /// All of them, at the end (in one batch when parsed in one window).
    AllAtOnce,
    /// A batch after each window of chunks, so they are never all held.
    InBatches,
}

/// Bytes of journal parsed per chunk when delivering in batches: a window
/// of one chunk per core holds some tens of thousands of entries at a time.
const BATCH_BYTES: usize = 4 << 20;

/// Parses the text in one pass, or cut into chunks parsed on every core
/// (see [`chunks`]), handing the entries to `each`; returns the problems.
fn read(
    file: FileId,
    text: &str,
    delivery: Delivery,
    each: &mut (dyn FnMut(Vec<Entry>) + Send),
) -> Journal {
    let threads = rayon::current_num_threads().max(1);
    let pieces = match delivery {
        Delivery::AllAtOnce if text.len() >= chunks::PARALLEL_FROM => threads,
        Delivery::AllAtOnce => 1,
        // Whole windows of one chunk per core.
        Delivery::InBatches => (text.len() / BATCH_BYTES).max(1).div_ceil(threads) * threads,
    };
    if pieces > 1 {
        let cuts = chunks::cuts(text, pieces);
        return chunks::in_windows(file, text, &cuts, threads, each);
    }
    let mut parser = Parser::new(file, text);
    // A hint: an estimate far too high is not worth failing for.
    let _ = parser.entries.try_reserve(estimated_entries(text));
    parser.read(Lines::new(text));
    let mut journal = parser.finish();
    each(std::mem::take(&mut journal.entries));
    journal
}

/// A problem at `span`, and the earlier place it relates to, if any.
fn problem(kind: ProblemKind, span: Span, related: Option<Span>) -> JournalProblem {
    JournalProblem {
        kind,
        span,
        related,
    }
}

#[cfg(test)]
mod support;

#[cfg(test)]
mod tests {
    use super::support::{journal, FILE};
    use crate::journal::Journal;
    use crate::source::Span;

    #[test]
    fn the_reference_journal_shape_parses_cleanly() {
        let parsed = journal(TRICKY);
        let titles: Vec<_> = parsed.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "took snapshot before upgrade",
                "Raised heap 8G→16G",
                "rotated TLS certificates",
                "tidy",
                "restarted es-1b",
                "raised heap 8g→16g",
                "no date here — ünïcode",
                "",
            ]
        );
        let tls = &parsed.entries[2];
        assert_eq!(tls.fields[1].code[0].lang, "sh");
        assert_eq!(tls.time_text(TRICKY), Some("09:00+02:00"));
        assert_eq!(
            tls.notes,
            vec![
                "Took longer than planned because the CA was offline.",
                "### follow-up"
            ]
        );
        check_spans(TRICKY, &parsed);
    }

    /// A journal exercising most paths: BOM, CRLF, tabs, non-ASCII, fences,
    /// continuations, problems, and a fence left open at the end.
    const TRICKY: &str = "\u{feff}# Journal — es-1\r\n\r\nAppend-only.\n```\n## 1999-01-01 — in preamble fence\n```\n\
## 2026-01-14 — took snapshot before upgrade\r\n- why: safety net for 8.12 → 8.13\r\n- change: PUT _snapshot/x\r\n- verify: state SUCCESS\r\n- outcome: verified\r\n\r\n\
## 2026-02-03 14:05:33Z – Raised heap 8G→16G\n- Reason:\tquery latency\n\tunder load\n* verify: green in 4m\n- outcome: verifiedish\n\n\
## 2026-04-28T09:00+02:00: rotated TLS certificates\n- why: expiry\n- change: new certs\n  ```sh\n  certutil cert \\\n    --out x.p12\n  ```\n- verify: notAfter ok\nTook longer than planned\nbecause the CA was offline.\n### follow-up\n\n\
## 2026-02-30 -- tidy\n- verify: ok\n\n\
## 2026-01-01 restarted es-1b\n- outcome: inconclusive\n\n\
## 2026-02-03 14:05:33Z — raised heap 8g→16g\n- verify: é\n\n\
## no date here — ünïcode\t\n- verify: x\n\n\
##\n- change: last\n  ~~~\n  never closed\n  ## 2026-09-09 — hidden\n\n";

    /// Asserts that a span lies within the text on char boundaries.
    fn check_span(text: &str, span: Span, what: &str) {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{what} {span:?} in {text:?}"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{what} {span:?}"
        );
        assert_eq!(span.file, FILE, "{what}");
    }

    /// Line endings never leak into values. (A lone `\r` inside a line is
    /// not a line ending, so it may stay inside, never at either end.)
    fn assert_clean(value: &str) {
        assert!(!value.contains('\n'), "{value:?}");
        assert!(
            !value.starts_with('\r') && !value.ends_with('\r'),
            "{value:?}"
        );
    }

    fn check_spans(text: &str, parsed: &Journal) {
        for entry in &parsed.entries {
            for (span, what) in [
                (entry.span, "entry"),
                (entry.heading_span, "heading"),
                (entry.date_span, "date"),
                (entry.title_span, "title"),
            ] {
                check_span(text, span, what);
            }
            for field in &entry.fields {
                check_span(text, field.key_span, "key");
                check_span(text, field.value_span, "value");
                assert_clean(&field.value);
                for block in &field.code {
                    check_span(text, block.span, "code");
                }
            }
            assert_clean(&entry.title);
            // Notes from code blocks keep their lines, but never a `\r\n`.
            assert!(entry.notes.iter().all(|note| !note.contains("\r\n")));
        }
        for found in &parsed.problems {
            check_span(text, found.span, "problem");
            if let Some(related) = found.related {
                check_span(text, related, "related");
            }
        }
    }

    #[test]
    fn every_prefix_of_a_tricky_journal_parses_with_spans_inside_the_text() {
        for (cut, _) in TRICKY.char_indices().chain([(TRICKY.len(), ' ')]) {
            let text = &TRICKY[..cut];
            check_spans(text, &journal(text));
        }
    }

    #[test]
    fn random_mixes_of_tricky_pieces_never_panic_and_keep_spans_inside() {
        const PIECES: [&str; 24] = [
            "## ",
            "##",
            "2026-02-03",
            "2026-02-30",
            " ",
            "\t",
            "—",
            "–",
            "-",
            "--",
            ":",
            "14:05",
            "T09:00+02:00",
            "\n",
            "\r\n",
            "\r",
            "- verify: ",
            "* outcome: ",
            "  ",
            "```",
            "~~~~",
            "→é",
            "\u{feff}",
            "x",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let pick = usize::try_from(seed % PIECES.len() as u64).unwrap_or(0);
                text.push_str(PIECES[pick]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            check_spans(&text, &journal(&text));
        }
    }
}
