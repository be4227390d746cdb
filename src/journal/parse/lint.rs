//! The checks that need the entries before: dates going backwards and
//! repeated headings. They keep only what they compare against (the latest
//! date, a hash per heading), not the entries, which may already have been
//! handed out (see [`super::parse_batches`]).

use std::collections::hash_map::Entry as Slot;
use std::collections::HashMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::heading::{heading_body, new_entry, parse_heading};
use super::lines::Line;
use super::problem;
use crate::journal::{Entry, JournalProblem, ProblemKind};
use crate::source::{FileId, Span};

/// What makes two entries duplicates: date and time as written, and the
/// title without case.
type DuplicateKey = (String, Option<String>, String);

/// The order and duplicate checks over the entries of one journal, in
/// file order.
pub(super) struct Lint<'t> {
    file: FileId,
    /// The whole text, to read back earlier headings (see
    /// [`Lint::heading_at`]).
    text: &'t str,
    /// The latest date so far and the date span of the entry holding it.
    latest: Option<(NaiveDate, Span)>,
    /// Heading hash (see [`heading_hash`]) → where the first heading with
    /// it starts in the text, for duplicates without a copy of every
    /// heading.
    first_by_hash: FxHashMap<u64, usize>,
    /// Headings whose hash collides with a different earlier heading
    /// (rare): their first occurrences, by key.
    seen: HashMap<DuplicateKey, Span>,
}

impl<'t> Lint<'t> {
    pub(super) fn new(file: FileId, text: &'t str) -> Self {
        Lint {
            file,
            text,
            latest: None,
            first_by_hash: FxHashMap::default(),
            seen: HashMap::new(),
        }
    }

    /// Checks the next entry against those before it: its date, then its
    /// heading.
    pub(super) fn check(&mut self, entry: &Entry, problems: &mut Vec<JournalProblem>) {
        self.check_order(entry, problems);
        self.check_duplicate(entry, problems);
    }

    /// Dates must not go backwards. Among equal latest dates the most recent
    /// entry is the one pointed at, the nearest to the offending one.
    fn check_order(&mut self, entry: &Entry, problems: &mut Vec<JournalProblem>) {
        let Some(date) = entry.date else {
            return;
        };
        match self.latest {
            Some((latest, latest_span)) if date < latest => {
                let found = problem(ProblemKind::OutOfOrder, entry.date_span, Some(latest_span));
                problems.push(found);
            }
            _ => self.latest = Some((date, entry.date_span)),
        }
    }

    fn check_duplicate(&mut self, entry: &Entry, problems: &mut Vec<JournalProblem>) {
        let first = match self.first_by_hash.entry(heading_hash(entry, self.text)) {
            Slot::Vacant(slot) => {
                slot.insert(entry.heading_span.start);
                return;
            }
            Slot::Occupied(first) => *first.get(),
        };
        let related = match self.heading_at(first) {
            Some(earlier) if same_heading(&earlier, entry, self.text) => Some(earlier.heading_span),
            _ => self.collided(entry),
        };
        if let Some(related) = related {
            let found = problem(
                ProblemKind::DuplicateEntry,
                entry.heading_span,
                Some(related),
            );
            problems.push(found);
        }
    }

    /// The entry (heading only) whose heading line starts at `start`, read
    /// back from the text: its date, time and title come from that line
    /// alone. Only a heading whose hash was seen before is read back.
    fn heading_at(&self, start: usize) -> Option<Entry> {
        let rest = self.text.get(start..)?;
        let raw = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest, |end| &rest[..end]);
        // As `Lines`: a line ends before `\n`, without a `\r` before it.
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let body = heading_body(text)?;
        let line = Line {
            start,
            text,
            number: 0,
        };
        Some(new_entry(self.file, &line, &parse_heading(text, body)))
    }

    /// Duplicates among headings whose hash collided: by full key.
    fn collided(&mut self, entry: &Entry) -> Option<Span> {
        let key = (
            entry.date_text(self.text).to_string(),
            entry.time_text(self.text).map(str::to_string),
            entry.title.trim().to_lowercase(),
        );
        match self.seen.entry(key) {
            Slot::Occupied(first) => Some(*first.get()),
            Slot::Vacant(slot) => {
                slot.insert(entry.heading_span);
                None
            }
        }
    }
}

/// A hash of what makes two headings duplicates (see [`same_heading`]).
fn heading_hash(entry: &Entry, text: &str) -> u64 {
    // FNV-1a: a few bytes per heading, and collisions are resolved by
    // comparing the headings, so a fast hash is enough.
    fn mix(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
        bytes.into_iter().fold(hash, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }
    let mut hash = mix(0xcbf2_9ce4_8422_2325, entry.date_text(text).bytes());
    hash = mix(hash, [0xff]);
    hash = match entry.time_text(text) {
        Some(time) => mix(hash, time.bytes()),
        None => mix(hash, [0xfe]),
    };
    hash = mix(hash, [0xff]);
    let title = entry.title.trim();
    if title.is_ascii() {
        mix(hash, title.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        mix(hash, title.to_lowercase().bytes())
    }
}

/// Same date and time as written, and the same title without case.
fn same_heading(a: &Entry, b: &Entry, text: &str) -> bool {
    let (ta, tb) = (a.title.trim(), b.title.trim());
    let titles = if ta.is_ascii() && tb.is_ascii() {
        ta.eq_ignore_ascii_case(tb)
    } else {
        ta.to_lowercase() == tb.to_lowercase()
    };
    a.date_text(text) == b.date_text(text) && a.time_text(text) == b.time_text(text) && titles
}

#[cfg(test)]
mod tests {
    use crate::journal::parse::support::{at, journal, kinds};
    use crate::journal::ProblemKind;

    #[test]
    fn an_earlier_date_is_out_of_order_and_points_at_the_latest_date() {
        let text = "## 2026-03-01 — a\n- verify: ok\n## 2026-03-01 — b\n- verify: ok\n\
## 2026-02-01 — c\n- verify: ok\n## 2026-04-01 — d\n- verify: ok\n";
        let parsed = journal(text);
        assert_eq!(kinds(&parsed), vec![ProblemKind::OutOfOrder]);
        let found = &parsed.problems[0];
        assert_eq!(found.span, parsed.entries[2].date_span);
        assert_eq!(found.related, Some(parsed.entries[1].date_span));
        assert_eq!(at(text, found.span), "2026-02-01");
    }

    #[test]
    fn a_repeated_heading_is_a_duplicate_pointing_at_the_first() {
        let text = "## 2026-01-02 14:00 — Took Snapshot\n- verify: ok\n\
## 2026-01-02 14:00 —   took snapshot  \n- verify: ok\n\
## 2026-01-02 15:00 — took snapshot\n- verify: ok\n\
## 2026-01-02 — took snapshot\n- verify: ok\n\
## 2026-01-02 14:00 — Took Snapshot\n- verify: ok\n";
        let parsed = journal(text);
        assert_eq!(
            kinds(&parsed),
            vec![ProblemKind::DuplicateEntry, ProblemKind::DuplicateEntry]
        );
        let first = parsed.entries[0].heading_span;
        assert_eq!(parsed.problems[0].span, parsed.entries[1].heading_span);
        assert_eq!(parsed.problems[0].related, Some(first));
        assert_eq!(parsed.problems[1].span, parsed.entries[4].heading_span);
        assert_eq!(parsed.problems[1].related, Some(first));
    }
}
