//! Normalizing without a trace: the same words as [`super::signature`],
//! without the per-byte origin map, the spans or the steps that only
//! `forge explain` reads. Runbooks and operation lists take this path, and
//! a test keeps both paths giving equal words.

use super::{is_title, tokenize_as, PartSignature, Signature};
use crate::rules::needs::ByteSet;
use crate::rules::Rules;
use crate::source::Span;

/// The signature of an entry's compared parts, with no spans.
pub fn signature(rules: &Rules, texts: &[Vec<(&str, Span)>]) -> Signature {
    let parts = texts
        .iter()
        .enumerate()
        .map(|(part, pieces)| {
            let pieces: Vec<&str> = pieces.iter().map(|(text, _)| *text).collect();
            PartSignature {
                present: is_title(rules, part) || !pieces.is_empty(),
                words: words(rules, &pieces),
                spans: Vec::new(),
            }
        })
        .collect();
    Signature { parts }
}

/// The words of pieces of text joined by spaces.
pub fn words(rules: &Rules, pieces: &[&str]) -> Vec<String> {
    let text = normalized(rules, pieces);
    kept_words(rules, &text).map(str::to_string).collect()
}

/// The words of a text joined by single spaces: [`words`] without a
/// string for each word.
pub fn joined_words(rules: &Rules, text: &str) -> String {
    let text = normalized(rules, &[text]);
    let mut out = String::with_capacity(text.len());
    for (n, word) in kept_words(rules, &text).enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The pieces joined by spaces, lower-cased unless the rules are case
/// sensitive, and rewritten by every normalize rule.
fn normalized(rules: &Rules, pieces: &[&str]) -> String {
    let bytes: usize = pieces.iter().map(|p| p.len() + 1).sum();
    let mut text = String::with_capacity(bytes);
    for (n, piece) in pieces.iter().enumerate() {
        if n > 0 {
            text.push(' ');
        }
        if rules.case_sensitive || piece.is_ascii() {
            let from = text.len();
            text.push_str(piece);
            if !rules.case_sensitive {
                text[from..].make_ascii_lowercase();
            }
        } else {
            // Character by character, as the traced path does (so a final
            // sigma lower-cases the same way in both).
            text.extend(piece.chars().flat_map(char::to_lowercase));
        }
    }
    // A rule that cannot match is not run (see `rules::needs`).
    let mut present = ByteSet::of(&text);
    for normalizer in &rules.normalizers {
        if !normalizer.needs.met_by(present) {
            continue;
        }
        if let Some(replaced) = replace(&normalizer.regex, &normalizer.replacement, &text) {
            text = replaced;
            present = ByteSet::of(&text);
        }
    }
    text
}

/// The words of a normalized text, folded by synonyms, without ignored
/// words.
fn kept_words<'a>(rules: &'a Rules, text: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let tokens: Vec<&str> = tokenize_as(text, rules.tokens)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect();
    fold(rules, &tokens)
        .into_iter()
        .filter(|word| !rules.ignore.contains_key(*word))
}

/// Replaces every non-empty match (empty matches are left alone, as the
/// traced path does); `None` when there is none. Most rules match most
/// texts nowhere, so the text is scanned once to find that out.
fn replace(regex: &regex::Regex, replacement: &str, text: &str) -> Option<String> {
    let mut matches = regex.find_iter(text).filter(|m| !m.is_empty()).peekable();
    matches.peek()?;
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for m in matches {
        out.push_str(&text[last..m.start()]);
        out.push_str(replacement);
        last = m.end();
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// Synonym phrases (longest first) become their canonical word.
fn fold<'a>(rules: &'a Rules, tokens: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let found = rules.synonym_index.get(tokens[i]).and_then(|candidates| {
            candidates.iter().copied().find(|&c| {
                let words = &rules.synonyms[c].words;
                tokens
                    .get(i..i + words.len())
                    .is_some_and(|t| t.iter().zip(words).all(|(a, b)| a == b))
            })
        });
        if let Some(index) = found {
            let synonym = &rules.synonyms[index];
            out.push(synonym.canonical.as_str());
            i += synonym.words.len();
        } else {
            out.push(tokens[i]);
            i += 1;
        }
    }
    out
}
