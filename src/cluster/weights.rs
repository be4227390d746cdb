//! How much each word counts under `weighted_dice`: its clause, whether it
//! is a placeholder, and (`weights = journal`) how many earlier entries
//! used it. Counts grow in journal order, so an entry is weighed only by
//! the entries before it and appending never moves an earlier one.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::normalize::{Clause, PartSignature, Signature};
use crate::rules::{Part, Rules};
use crate::similarity::is_placeholder;

/// Entries seen before word counts are trusted: with fewer, every word
/// counts fully.
const MIN_ENTRIES: u32 = 8;

/// The weight of a word no earlier entry used: likely a parameter or a
/// name, so weak evidence either way.
const UNSEEN: f64 = 0.4;

/// The least a word seen in every entry counts.
const FLOOR: f64 = 0.05;

/// The action as a word of its own, which no journal word can equal.
const ACTION_PREFIX: &str = "\u{6}";

/// In how many earlier entries each word stood.
#[derive(Debug, Default)]
pub(super) struct WordStats {
    entries: u32,
    counts: FxHashMap<String, u32>,
}

impl WordStats {
    /// Counts an entry's distinct words (placeholders aside).
    pub(super) fn count(&mut self, signature: &Signature) {
        self.entries = self.entries.saturating_add(1);
        let mut words: Vec<&str> = signature
            .parts
            .iter()
            .flat_map(|p| &p.words)
            .map(String::as_str)
            .filter(|w| !is_placeholder(w))
            .collect();
        words.sort_unstable();
        words.dedup();
        for word in words {
            match self.counts.get_mut(word) {
                Some(count) => *count = count.saturating_add(1),
                None => {
                    self.counts.insert(word.to_string(), 1);
                }
            }
        }
    }

    /// How much `word` counts now: an inverse document frequency over the
    /// entries so far, 1 for a word one earlier entry used, near 0 for
    /// one every entry used.
    fn weight(&self, word: &str) -> f64 {
        if self.entries < MIN_ENTRIES {
            return 1.0;
        }
        let Some(&count) = self.counts.get(word) else {
            return UNSEEN;
        };
        let entries = f64::from(self.entries) + 1.0;
        let idf = (entries / f64::from(count)).ln() / entries.ln();
        idf.clamp(FLOOR, 1.0)
    }
}

/// A part's words with how much each counts; the title's bag also holds
/// the action, as a word of its own that no journal word can equal.
pub(super) fn bag<'s>(
    rules: &Rules,
    stats: Option<&WordStats>,
    part_index: usize,
    part: &'s PartSignature,
    action: Option<&str>,
) -> Vec<(Cow<'s, str>, f64)> {
    let mut bag: Vec<(Cow<'s, str>, f64)> = part
        .words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let clause = part.clauses.get(i).copied().unwrap_or(Clause::Action);
            let base = clause.weight(rules.clauses.as_ref());
            let weight = if is_placeholder(word) {
                rules.placeholder_weight
            } else {
                stats.map_or(1.0, |s| s.weight(word))
            };
            (Cow::Borrowed(word.as_str()), base * weight)
        })
        .collect();
    let is_title = rules
        .parts
        .get(part_index)
        .is_some_and(|p| p.part == Part::Title);
    if let (true, Some(action)) = (is_title, action) {
        bag.push((Cow::Owned(format!("{ACTION_PREFIX}{action}")), 1.0));
    }
    bag
}
