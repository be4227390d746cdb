//! Prose: what RUNBOOK.md shows of each occurrence besides its evidence —
//! who did it, its tickets and its notes — kept per entry as ids.
//!
//! People and tickets recur across a journal, so each distinct name or
//! ticket is stored once; notes rarely repeat, so they are stored one after
//! another without a table of texts (which would hold each twice).

use super::digest::Interner;
use crate::journal::{Entry, FieldKey};

/// One thing an entry says about itself.
#[derive(Debug, Clone, Copy)]
enum Said {
    /// A name of its `by:` fields: id in [`Prose::words`].
    By(u32),
    /// A non-empty `ticket:` value: id in [`Prose::words`].
    Ticket(u32),
    /// A prose paragraph: index in [`Prose::note_ends`].
    Note(u32),
}

/// The names, tickets and notes of every entry, in journal order.
#[derive(Debug, Default)]
pub(crate) struct Prose {
    /// Names and tickets, each distinct text once.
    words: Interner,
    /// Every note, one after another.
    notes: String,
    /// End of each note in `notes` (it starts where the previous one ends).
    note_ends: Vec<usize>,
    said: Vec<Said>,
    /// Per entry, the end of what it says in `said`.
    ends: Vec<usize>,
}

impl Prose {
    /// Adds the next entry.
    pub(crate) fn add(&mut self, entry: &Entry) {
        let start = self.said.len();
        for field in entry.values(&FieldKey::By) {
            // A field may name several people, separated by commas; a name
            // repeated in other case counts once, as first written.
            for name in field
                .value
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let again = self.said.get(start..).unwrap_or(&[]).iter().any(
                    |s| matches!(s, Said::By(id) if self.words.get(*id).eq_ignore_ascii_case(name)),
                );
                if !again {
                    self.said.push(Said::By(self.words.id(name)));
                }
            }
        }
        for field in entry.values(&FieldKey::Ticket) {
            if !field.value.is_empty() {
                self.said.push(Said::Ticket(self.words.id(&field.value)));
            }
        }
        for note in &entry.notes {
            self.notes.push_str(note);
            self.said.push(Said::Note(id_of(self.note_ends.len())));
            self.note_ends.push(self.notes.len());
        }
        self.ends.push(self.said.len());
    }

    /// What entry `i` says.
    fn of(&self, i: usize) -> &[Said] {
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.said.get(start..end).unwrap_or(&[])
    }

    /// The ids of the names of entry `i`'s `by:` fields (see [`Self::word`]).
    pub(crate) fn by(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        self.of(i).iter().filter_map(|s| match s {
            Said::By(id) => Some(*id),
            _ => None,
        })
    }

    /// Entry `i`'s tickets.
    pub(crate) fn tickets(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        self.of(i).iter().filter_map(|s| match s {
            Said::Ticket(id) => Some(self.words.get(*id)),
            _ => None,
        })
    }

    /// Entry `i`'s notes.
    pub(crate) fn notes(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        self.of(i).iter().filter_map(|s| match s {
            Said::Note(n) => Some(self.note(*n as usize)),
            _ => None,
        })
    }

    /// A name or ticket by id.
    pub(crate) fn word(&self, id: u32) -> &str {
        self.words.get(id)
    }

    fn note(&self, n: usize) -> &str {
        let start = n
            .checked_sub(1)
            .and_then(|p| self.note_ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.note_ends.get(n).copied().unwrap_or(start);
        self.notes.get(start..end).unwrap_or("")
    }
}

/// More notes than u32 ids would need a journal of billions of
/// paragraphs; saturating keeps it total, as [`Interner::id`] does.
fn id_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::Prose;
    use crate::journal;
    use crate::source::FileId;

    #[test]
    fn names_count_once_per_entry_and_notes_keep_their_entry() {
        let text = "# Journal\n\n\
            ## 2026-01-01 — restarted api\n- by: Ajay, mei\n- by: ajay\n- ticket: OPS-1\n\nSlow to drain.\n\n\
            ## 2026-01-02 — restarted api\n- by: ajay\n- ticket:\n";
        let parsed = journal::parse(FileId(0), text);
        let mut prose = Prose::default();
        for entry in &parsed.entries {
            prose.add(entry);
        }
        let by = |i| prose.by(i).map(|id| prose.word(id)).collect::<Vec<_>>();
        assert_eq!(by(0), ["Ajay", "mei"]);
        assert_eq!(by(1), ["ajay"]);
        assert_eq!(prose.tickets(0).collect::<Vec<_>>(), ["OPS-1"]);
        assert_eq!(prose.tickets(1).count(), 0);
        assert_eq!(prose.notes(0).collect::<Vec<_>>(), ["Slow to drain."]);
        assert_eq!(prose.notes(1).count(), 0);
        assert_eq!(prose.by(2).count(), 0);
    }
}
