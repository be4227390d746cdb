//! One compared part of an entry → its words, each with its clause, and
//! (for the title) the entry's action; every rewrite goes to the recorder.

use super::clauses::{self, Mark};
use super::working::Working;
use super::{PartSignature, Recorder, Step};
use crate::rules::{Part, Rules};
use crate::source::Span;
use crate::tokens::tokenize_as;
use crate::words;

/// A word on its way through the stages, with where it came from.
struct Word {
    text: String,
    span: Span,
    mark: Mark,
    /// The word as written, when stemming changed it.
    surface: Option<String>,
}

/// What normalizing one part gives: its signature, and for the title the
/// action its words name (or one an `infer action` rule gives it).
pub(super) struct Normalized {
    pub(super) part: PartSignature,
    pub(super) action: Option<String>,
}

pub(super) fn normalize_part<R: Recorder>(
    rules: &Rules,
    part: usize,
    pieces: &[(&str, Span)],
    recorder: &mut R,
) -> Normalized {
    let is_title = rules.parts.get(part).is_some_and(|p| p.part == Part::Title);
    let present = is_title || !pieces.is_empty();
    let mut text = Working::new(pieces, rules.case_sensitive, recorder.tracing());
    for (index, normalizer) in rules.normalizers.iter().enumerate() {
        text.apply(normalizer, |matched, span| {
            recorder.record(Step::Normalized {
                part,
                rule: index,
                matched,
                replacement: normalizer.replacement.clone(),
                span,
            });
        });
    }
    let mut words = split(rules, &text, is_title);
    for word in &mut words {
        respell(rules, part, word, recorder);
    }
    let words = fold_synonyms(rules, part, &words, recorder);
    let (action, action_clause) = if is_title {
        action_of(rules, &words, &text.text)
    } else {
        (None, None)
    };
    let marks: Vec<Mark> = words.iter().map(|w| w.mark).collect();
    let classes = clauses::classes(&marks, action_clause);
    let mut signature = PartSignature {
        present,
        words: Vec::with_capacity(words.len()),
        spans: Vec::new(),
        clauses: Vec::with_capacity(words.len()),
        surface: Vec::new(),
    };
    let keep_surface = is_title && words.iter().any(|w| w.surface.is_some());
    for (word, class) in words.into_iter().zip(classes) {
        if rules.ignore.contains_key(&word.text) {
            recorder.record(Step::Ignored {
                part,
                word: word.text,
                span: word.span,
            });
            continue;
        }
        if recorder.tracing() {
            signature.spans.push(word.span);
        }
        if keep_surface {
            signature
                .surface
                .push(word.surface.unwrap_or_else(|| word.text.clone()));
        }
        signature.words.push(word.text);
        signature.clauses.push(class);
    }
    Normalized {
        part: signature,
        action,
    }
}

/// The words of the rewritten text, each marked with its clause when the
/// rules split titles into clauses.
fn split(rules: &Rules, text: &Working, is_title: bool) -> Vec<Word> {
    let ranges = tokenize_as(&text.text, rules.tokens);
    let mut marks = vec![Mark::default(); ranges.len()];
    if let (true, Some(clauses)) = (is_title, rules.clauses.as_ref()) {
        marks = clauses::marks(&text.text, &ranges);
        let raw: Vec<&str> = ranges.iter().map(|&(s, e)| &text.text[s..e]).collect();
        clauses::mark_reasons(&raw, &mut marks, &clauses.reasons);
    }
    ranges
        .iter()
        .zip(marks)
        .map(|(&(s, e), mark)| Word {
            text: text.text[s..e].to_string(),
            span: text.origin(s, e),
            mark,
            surface: None,
        })
        .collect()
}

/// Stems a word (`stem english`) and reads a typo as the lexicon word it
/// is one edit from (`fuzzy words`).
fn respell<R: Recorder>(rules: &Rules, part: usize, word: &mut Word, recorder: &mut R) {
    if rules.stem {
        if let std::borrow::Cow::Owned(stem) = words::stem(&word.text) {
            if stem != word.text {
                word.surface = Some(std::mem::replace(&mut word.text, stem));
            }
        }
    }
    if !rules.fuzzy || rules.synonym_index.contains_key(&word.text) {
        return;
    }
    let Some(candidates) = word
        .text
        .as_bytes()
        .first()
        .and_then(|b| rules.lexicon.get(b))
    else {
        return;
    };
    let as_written = word.surface.as_deref().unwrap_or(&word.text);
    let found = candidates
        .iter()
        .find(|w| words::is_typo_of(&word.text, w) || words::is_typo_of(as_written, w));
    if let Some(found) = found {
        recorder.record(Step::Fuzzy {
            part,
            word: word.text.clone(),
            read_as: found.clone(),
            span: word.span,
        });
        word.text.clone_from(found);
    }
}

/// Replaces each synonym phrase (longest first) by its canonical word; the
/// phrase keeps its first word's clause.
fn fold_synonyms<R: Recorder>(
    rules: &Rules,
    part: usize,
    words: &[Word],
    recorder: &mut R,
) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let found = rules
            .synonym_index
            .get(&words[i].text)
            .and_then(|candidates| {
                candidates.iter().copied().find(|&c| {
                    let phrase = &rules.synonyms[c].words;
                    words
                        .get(i..i + phrase.len())
                        .is_some_and(|t| t.iter().zip(phrase).all(|(a, b)| &a.text == b))
                })
            });
        let Some(index) = found else {
            out.push(Word {
                text: words[i].text.clone(),
                span: words[i].span,
                mark: words[i].mark,
                surface: words[i].surface.clone(),
            });
            i += 1;
            continue;
        };
        let synonym = &rules.synonyms[index];
        let last = i + synonym.words.len() - 1;
        let span = words[i].span.to(words[last].span);
        if recorder.tracing() {
            let phrase = words[i..=last]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if phrase != synonym.canonical {
                recorder.record(Step::Synonym {
                    part,
                    synonym: index,
                    phrase,
                    canonical: synonym.canonical.clone(),
                    span,
                });
            }
        }
        out.push(Word {
            text: synonym.canonical.clone(),
            span,
            mark: words[i].mark,
            surface: None,
        });
        i = last + 1;
    }
    out
}

/// The action that gives way to any other in its clause: "apply the
/// patch" patches, "set up the replica" creates.
pub(super) const GENERIC_ACTION: &str = "change";

/// The title's action: its first action word outside parentheses and
/// reasons (the generic `change` giving way to another in that clause),
/// with that word's clause; else the first `infer action` rule that
/// matches the rewritten text.
fn action_of(rules: &Rules, words: &[Word], text: &str) -> (Option<String>, Option<u16>) {
    let is_action = |w: &&Word| !w.mark.aside && !w.mark.reason && rules.is_action(&w.text);
    if let Some(first) = words.iter().find(is_action) {
        let clause = first.mark.clause;
        let specific = words
            .iter()
            .filter(is_action)
            .find(|w| w.mark.clause == clause && w.text != GENERIC_ACTION);
        let word = specific.unwrap_or(first);
        return (Some(word.text.clone()), Some(clause));
    }
    let inferred = rules
        .infer_actions
        .iter()
        .find(|rule| rule.pattern.is_match(text))
        .map(|rule| rule.action.clone());
    (inferred, None)
}
