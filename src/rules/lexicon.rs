//! The word lists of the rules once every layer is read: stemmed phrases
//! (`stem english`), the lexicon typos are read against (`fuzzy words`),
//! the action words, and the `clauses` block.

use rustc_hash::{FxHashMap, FxHashSet};

use super::ast::{ClauseSetting, Spanned};
use super::check::{out_of_range, phrase_words};
use super::{Clauses, Rules, Tokens};
use crate::error::Problem;
use crate::source::Span;
use crate::words;

/// How much a placeholder word counts under `weighted_dice` unless the
/// rules say otherwise: a value is weak evidence of the operation.
pub const PLACEHOLDER_WEIGHT: f64 = 0.2;

/// The `clauses` block as settings, with its problems.
pub(super) fn clauses(settings: &[ClauseSetting], tokens: Tokens) -> (Clauses, Vec<Problem>) {
    let mut clauses = Clauses {
        action: 1.0,
        other: 0.5,
        aside: 0.5,
        reason: 0.0,
        reasons: Vec::new(),
        span: Span::default(),
    };
    let mut problems = Vec::new();
    for setting in settings {
        match setting {
            ClauseSetting::Reasons(phrases) => {
                clauses.reasons = phrases
                    .iter()
                    .map(|p| phrase_words(&p.value.to_lowercase(), tokens))
                    .filter(|words| !words.is_empty())
                    .collect();
                if let Some(first) = phrases.first() {
                    clauses.span = first.span;
                }
            }
            ClauseSetting::Weight { kind, weight } => {
                set_weight(&mut clauses, kind, weight, &mut problems);
            }
        }
    }
    // Longest first, so that "so that" is tried before "so".
    clauses.reasons.sort_by_key(|r| std::cmp::Reverse(r.len()));
    (clauses, problems)
}

fn set_weight(
    clauses: &mut Clauses,
    kind: &Spanned<String>,
    weight: &Spanned<f64>,
    problems: &mut Vec<Problem>,
) {
    if !(0.0..=1.0).contains(&weight.value) {
        problems.push(out_of_range(weight, &format!("the {} weight", kind.value)));
        return;
    }
    let slot = match kind.value.as_str() {
        "action" => &mut clauses.action,
        "other" => &mut clauses.other,
        "aside" => &mut clauses.aside,
        _ => &mut clauses.reason,
    };
    *slot = weight.value;
}

/// Settles the word lists once every layer is read: stems the phrases and
/// ignored words (journal words are stemmed before synonyms see them),
/// collects the action words and the lexicon of `fuzzy words`.
pub(super) fn finish(rules: &mut Rules) {
    if rules.stem {
        stem_phrases(rules);
    }
    rules.action_words = rules
        .synonyms
        .iter()
        .filter(|s| s.action)
        .map(|s| s.canonical.clone())
        .collect();
    rules.lexicon = lexicon(rules);
}

fn stem_phrases(rules: &mut Rules) {
    for synonym in &mut rules.synonyms {
        for word in &mut synonym.words {
            *word = words::stem(word).into_owned();
        }
    }
    // Two phrases may now be one: the later (a later layer, or later in
    // the file) wins, as it does for phrases written alike.
    let mut seen: FxHashSet<Vec<String>> = FxHashSet::default();
    let mut kept = Vec::with_capacity(rules.synonyms.len());
    for synonym in std::mem::take(&mut rules.synonyms).into_iter().rev() {
        if seen.insert(synonym.words.clone()) {
            kept.push(synonym);
        }
    }
    kept.reverse();
    rules.synonyms = kept;
    let ignore = std::mem::take(&mut rules.ignore);
    rules.ignore = ignore
        .into_iter()
        .map(|(word, span)| (words::stem(&word).into_owned(), span))
        .collect();
}

/// The single words of synonym and action phrases, and their canonical
/// words, by first byte, sorted: what `fuzzy words` reads a typo as.
fn lexicon(rules: &Rules) -> FxHashMap<u8, Vec<String>> {
    let mut by_first: FxHashMap<u8, Vec<String>> = FxHashMap::default();
    if !rules.fuzzy {
        return by_first;
    }
    let singles = rules.synonyms.iter().flat_map(|s| {
        let phrase = (s.words.len() == 1).then(|| s.words[0].as_str());
        phrase
            .into_iter()
            .chain(std::iter::once(s.canonical.as_str()))
    });
    for word in singles {
        if word.len() + 1 < words::FUZZY_MIN_LEN || word.contains(' ') {
            continue;
        }
        if let Some(&first) = word.as_bytes().first() {
            by_first.entry(first).or_default().push(word.to_string());
        }
    }
    for list in by_first.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    by_first
}
