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
pub(crate) const PLACEHOLDER_WEIGHT: f64 = 0.2;

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
    // A group's canonical word is one of its forms too: `restored` stems
    // to `restor`, which must still become `restore`.
    let mut canonicals = Vec::new();
    for synonym in &kept {
        let stem = words::stem(&synonym.canonical).into_owned();
        let words = vec![stem];
        if !synonym.canonical.contains(' ') && seen.insert(words.clone()) {
            canonicals.push(super::Synonym {
                words,
                ..synonym.clone()
            });
        }
    }
    kept.extend(canonicals);
    // The stem of an inflected form is not always the stem of its base
    // (`added` → `ad`, `add` → `add`): each phrase's first word also
    // stands for the stems of its inflections, unless written elsewhere.
    let mut derived = Vec::new();
    for synonym in &kept {
        for form in inflections(&synonym.words[0]) {
            let mut words = synonym.words.clone();
            words[0] = form;
            if seen.insert(words.clone()) {
                derived.push(super::Synonym {
                    words,
                    ..synonym.clone()
                });
            }
        }
    }
    kept.extend(derived);
    rules.synonyms = kept;
    let ignore = std::mem::take(&mut rules.ignore);
    rules.ignore = ignore
        .into_iter()
        .map(|(word, span)| (words::stem(&word).into_owned(), span))
        .collect();
}

/// The stems of a stemmed word's regular inflections (`-s`, `-ed`,
/// `-ing`, a doubled last consonant) that differ from the word.
fn inflections(stem: &str) -> Vec<String> {
    if stem.len() < 2 || !stem.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut forms = vec![
        format!("{stem}s"),
        format!("{stem}es"),
        format!("{stem}ed"),
        format!("{stem}ing"),
        format!("{stem}d"),
    ];
    if let Some(last) = stem.chars().last().filter(|c| !"aeiouwxy".contains(*c)) {
        forms.push(format!("{stem}{last}ed"));
        forms.push(format!("{stem}{last}ing"));
    }
    if let Some(base) = stem.strip_suffix('e') {
        forms.push(format!("{base}ing"));
    }
    let mut stems: Vec<String> = forms
        .iter()
        .map(|f| words::stem(f).into_owned())
        .filter(|s| s != stem)
        .collect();
    stems.sort_unstable();
    stems.dedup();
    stems
}

/// The single words of synonym and action phrases, and their canonical
/// words, by first byte, sorted: what `fuzzy words` reads a typo as.
fn lexicon(rules: &Rules) -> FxHashMap<u8, Vec<String>> {
    let mut by_first: FxHashMap<u8, Vec<String>> = FxHashMap::default();
    if !rules.fuzzy {
        return by_first;
    }
    let singles = rules.synonyms.iter().flat_map(|s| {
        let phrase = (s.words.len() == 1).then(|| s.words[0].clone());
        phrase
            .into_iter()
            .chain(std::iter::once(s.canonical.clone()))
    });
    for word in singles {
        if word.len() + 1 < words::FUZZY_MIN_LEN || word.contains(' ') {
            continue;
        }
        if let Some(&first) = word.as_bytes().first() {
            by_first.entry(first).or_default().push(word.clone());
        }
    }
    for list in by_first.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    by_first
}
