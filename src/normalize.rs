//! Entry × rules → signature + trace.
//!
//! The text of each compared part is lower-cased, rewritten by the normalize
//! rules, split into words, folded by synonyms and filtered by ignore. Every
//! rewrite is recorded as a [`Step`] with the span of the journal text it
//! touched, so `explain` can point at it without redoing the work.

mod clauses;
mod memo;
mod part;
mod working;

use serde::Serialize;

use crate::rules::Rules;
use crate::source::Span;
pub(crate) use clauses::Clause;
pub use memo::{SignatureMemo, Signed};

/// The words of one compared part of an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartSignature {
    /// Whether the entry has this part at all (a missing field drops out of
    /// the weighted score).
    pub(crate) present: bool,
    pub words: Vec<String>,
    /// Where each word came from in the source text (only when a trace
    /// is recorded).
    #[serde(skip)]
    pub(crate) spans: Vec<Span>,
    /// The clause each word stands in.
    #[serde(skip)]
    pub(crate) clauses: Vec<Clause>,
    /// Under `stem english`, each word as written (lower-cased) before it
    /// was stemmed, for operation names; empty when no word was stemmed.
    #[serde(skip)]
    pub(crate) surface: Vec<String>,
}

/// An entry's signature: one [`PartSignature`] per `cluster on` part.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signature {
    pub parts: Vec<PartSignature>,
    /// What the title says was done (`restart`, `upgrade`): entries with
    /// different actions never merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) action: Option<String>,
}

/// Key bytes: parts, words and absent parts are separated by control
/// characters no word holds; a word outside the action clause starts with
/// its clause's byte, and the action closes the key.
const PART_SEPARATOR: char = '\u{1}';
const WORD_SEPARATOR: char = '\u{2}';
const ABSENT: char = '\u{0}';
const ACTION: char = '\u{6}';

fn clause_byte(clause: Clause) -> Option<char> {
    match clause {
        Clause::Action => None,
        Clause::Other => Some('\u{3}'),
        Clause::Aside => Some('\u{4}'),
        Clause::Reason => Some('\u{5}'),
    }
}

fn clause_of_byte(c: char) -> Option<Clause> {
    match c {
        '\u{3}' => Some(Clause::Other),
        '\u{4}' => Some(Clause::Aside),
        '\u{5}' => Some(Clause::Reason),
        _ => None,
    }
}

impl Signature {
    /// The text patterns match and `explain` shows: each present part's
    /// words joined by single spaces, parts joined by ` | `.
    pub(crate) fn text(&self) -> String {
        self.parts
            .iter()
            .filter(|p| p.present)
            .map(|p| p.words.join(" "))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// A key equal for exactly the entries with equal signatures. Words
    /// are joined by a control character, not a space, because a synonym's
    /// canonical form may be a phrase: `["take snapshot"]` and
    /// `["take", "snapshot"]` are different signatures.
    pub(crate) fn key(&self) -> String {
        let words: usize = self
            .parts
            .iter()
            .flat_map(|p| &p.words)
            .map(|w| w.len() + 2)
            .sum();
        let mut key = String::with_capacity(words + self.parts.len());
        for (n, part) in self.parts.iter().enumerate() {
            if n > 0 {
                key.push(PART_SEPARATOR);
            }
            if !part.present {
                key.push(ABSENT);
                continue;
            }
            for (i, word) in part.words.iter().enumerate() {
                if i > 0 {
                    key.push(WORD_SEPARATOR);
                }
                let clause = part.clauses.get(i).copied().unwrap_or(Clause::Action);
                if let Some(byte) = clause_byte(clause) {
                    key.push(byte);
                }
                key.push_str(word);
            }
        }
        if let Some(action) = &self.action {
            key.push(ACTION);
            key.push_str(action);
        }
        key
    }

    /// The words `keep` accepts, without spans: what clustering keeps of
    /// a founder (every word) or compares as the plain form (no
    /// placeholders).
    #[must_use]
    pub(crate) fn keeping(&self, keep: impl Fn(&str) -> bool) -> Signature {
        let parts = self
            .parts
            .iter()
            .map(|part| {
                let kept: Vec<usize> = (0..part.words.len())
                    .filter(|&i| keep(&part.words[i]))
                    .collect();
                let pick = |list: &[String]| -> Vec<String> {
                    kept.iter().filter_map(|&i| list.get(i).cloned()).collect()
                };
                PartSignature {
                    present: part.present,
                    words: pick(&part.words),
                    spans: Vec::new(),
                    clauses: kept
                        .iter()
                        .map(|&i| part.clauses.get(i).copied().unwrap_or(Clause::Action))
                        .collect(),
                    surface: pick(&part.surface),
                }
            })
            .collect();
        Signature {
            parts,
            action: self.action.clone(),
        }
    }

    /// The signature whose [`Self::key`] this is. Words never hold the
    /// separators: text is split into words at every control character.
    pub(crate) fn from_key(key: &str) -> Signature {
        let (words, action) = match key.split_once(ACTION) {
            Some((words, action)) => (words, Some(action.to_string())),
            None => (key, None),
        };
        let parts = words
            .split(PART_SEPARATOR)
            .map(|part| {
                let (words, clauses) = match part {
                    "\u{0}" | "" => (Vec::new(), Vec::new()),
                    _ => part.split(WORD_SEPARATOR).map(word_of_key).unzip(),
                };
                PartSignature {
                    present: part != "\u{0}",
                    words,
                    spans: Vec::new(),
                    clauses,
                    surface: Vec::new(),
                }
            })
            .collect();
        Signature { parts, action }
    }
}

/// A word of a key and its clause.
fn word_of_key(word: &str) -> (String, Clause) {
    let mut chars = word.chars();
    match chars.next().and_then(clause_of_byte) {
        Some(clause) => (chars.as_str().to_string(), clause),
        None => (word.to_string(), Clause::Action),
    }
}

/// One rewrite made while normalizing.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// A normalize rule replaced `matched` (source text at `span`).
    Normalized {
        part: usize,
        rule: usize,
        matched: String,
        replacement: String,
        span: Span,
    },
    /// A synonym phrase became its group's canonical word.
    Synonym {
        part: usize,
        synonym: usize,
        phrase: String,
        canonical: String,
        span: Span,
    },
    /// A word one edit from a word of the rules (`fuzzy words`) was read
    /// as that word.
    Fuzzy {
        part: usize,
        word: String,
        read_as: String,
        span: Span,
    },
    /// An ignored word was dropped.
    Ignored {
        part: usize,
        word: String,
        span: Span,
    },
}

/// Where normalizing reports its rewrites: `explain`, `check`, `eval` and
/// rule tests keep them ([`Vec<Step>`]); runbooks and operation lists
/// pass [`NoTrace`], which keeps nothing and builds no source map.
pub trait Recorder {
    /// Whether steps are kept: if not, their spans are never computed.
    fn tracing(&self) -> bool;
    fn record(&mut self, step: Step);
}

impl Recorder for Vec<Step> {
    fn tracing(&self) -> bool {
        true
    }
    fn record(&mut self, step: Step) {
        self.push(step);
    }
}

/// The recorder that keeps nothing.
pub(crate) struct NoTrace;

impl Recorder for NoTrace {
    fn tracing(&self) -> bool {
        false
    }
    fn record(&mut self, _: Step) {}
}

/// Normalizes every compared part of an entry given as `(part, texts)`.
pub fn signature<R: Recorder>(
    rules: &Rules,
    texts: &[Vec<(&str, Span)>],
    recorder: &mut R,
) -> Signature {
    let mut action = None;
    let parts = texts
        .iter()
        .enumerate()
        .map(|(part, pieces)| {
            let normalized = part::normalize_part(rules, part, pieces, recorder);
            action = action.take().or(normalized.action);
            normalized.part
        })
        .collect();
    Signature { parts, action }
}

/// [`signature`] without a trace.
pub fn plain_signature(rules: &Rules, texts: &[Vec<(&str, Span)>]) -> Signature {
    signature(rules, texts, &mut NoTrace)
}

/// The texts of each compared part of an entry, in `cluster on` order.
pub fn entry_texts<'a>(
    rules: &'a Rules,
    entry: &'a crate::journal::Entry,
) -> Vec<Vec<(&'a str, Span)>> {
    rules.parts.iter().map(|p| p.part.texts(entry)).collect()
}

/// Normalizes a free text (a verify signal, a rollback path) to the words
/// that decide whether two such texts say the same thing.
pub(crate) fn text_key(rules: &Rules, text: &str) -> String {
    let pieces = [vec![(text, Span::default())]];
    let signature = plain_signature(rules, &pieces);
    signature
        .parts
        .first()
        .map(|p| p.words.join(" "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_comes_back_from_its_key() {
        let part = |present: bool, words: &[&str]| PartSignature {
            present,
            words: words.iter().map(|w| (*w).to_string()).collect(),
            spans: Vec::new(),
            clauses: vec![Clause::Action; words.len()],
            surface: Vec::new(),
        };
        for parts in [
            vec![part(true, &["take snapshot", "<host>"])],
            vec![part(true, &[]), part(false, &[]), part(true, &["a"])],
            vec![part(false, &[]), part(true, &["b", "c"])],
        ] {
            let signature = Signature {
                parts,
                action: Some("restart".into()),
            };
            assert_eq!(Signature::from_key(&signature.key()), signature);
        }
    }
}
