//! Entry × rules → signature + trace.
//!
//! The text of each compared part is lower-cased, rewritten by the normalize
//! rules, split into words, folded by synonyms and filtered by ignore. Every
//! rewrite is recorded as a [`Step`] with the span of the journal text it
//! touched, so `explain` can point at it without redoing the work.

mod memo;
mod plain;

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::rules::{Part, Rules, Tokens};

use crate::source::Span;
pub use memo::{SignatureMemo, Signed};
pub use plain::signature as plain_signature;

/// The words of one compared part of an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartSignature {
    /// Whether the entry has this part at all (a missing field drops out of
    /// the weighted score).
    pub present: bool,
    pub words: Vec<String>,
    /// Where each word came from in the source text.
    #[serde(skip)]
    pub spans: Vec<Span>,
}

/// An entry's signature: one [`PartSignature`] per `cluster on` part.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signature {
    pub parts: Vec<PartSignature>,
}

impl Signature {
    /// The text patterns match and `explain` shows: each present part's
    /// words joined by single spaces, parts joined by ` | `.
    pub fn text(&self) -> String {
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
    pub fn key(&self) -> String {
        let words: usize = self
            .parts
            .iter()
            .flat_map(|p| &p.words)
            .map(|w| w.len() + 1)
            .sum();
        let mut key = String::with_capacity(words + self.parts.len());
        for (n, part) in self.parts.iter().enumerate() {
            if n > 0 {
                key.push('\u{1}');
            }
            if !part.present {
                key.push('\u{0}');
                continue;
            }
            for (i, word) in part.words.iter().enumerate() {
                if i > 0 {
                    key.push('\u{2}');
                }
                key.push_str(word);
            }
        }
        key
    }

    /// The words `keep` accepts, without spans: what clustering keeps of
    /// a founder (every word) or compares as the plain form (no
    /// placeholders).
    #[must_use]
    pub fn keeping(&self, keep: impl Fn(&str) -> bool) -> Signature {
        let parts = self
            .parts
            .iter()
            .map(|part| PartSignature {
                present: part.present,
                words: part.words.iter().filter(|w| keep(w)).cloned().collect(),
                spans: Vec::new(),
            })
            .collect();
        Signature { parts }
    }

    /// The signature whose [`Self::key`] this is. Words never hold the
    /// separators: text is split into words at every control character.
    pub fn from_key(key: &str) -> Signature {
        let parts = key
            .split('\u{1}')
            .map(|part| PartSignature {
                present: part != "\u{0}",
                words: match part {
                    "\u{0}" | "" => Vec::new(),
                    _ => part.split('\u{2}').map(str::to_string).collect(),
                },
                spans: Vec::new(),
            })
            .collect();
        Signature { parts }
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
    /// An ignored word was dropped.
    Ignored {
        part: usize,
        word: String,
        span: Span,
    },
}

/// Normalizes every compared part of an entry given as `(part, texts)`.
pub fn signature(rules: &Rules, texts: &[Vec<(&str, Span)>], trace: &mut Vec<Step>) -> Signature {
    let parts = texts
        .iter()
        .enumerate()
        .map(|(part, pieces)| part_signature(rules, part, pieces, trace))
        .collect();
    Signature { parts }
}

/// The texts of each compared part of an entry, in `cluster on` order.
pub fn entry_texts<'a>(
    rules: &'a Rules,
    entry: &'a crate::journal::Entry,
) -> Vec<Vec<(&'a str, Span)>> {
    rules.parts.iter().map(|p| p.part.texts(entry)).collect()
}

/// Normalizes a free text (a verify signal, a rollback path) to the words
/// that decide whether two such texts say the same thing. Inside
/// [`with_text_keys`] for the same rules, each distinct text is normalized
/// once.
pub fn text_key(rules: &Rules, text: &str) -> String {
    let key = || plain::joined_words(rules, text);
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let Some(memo) = memo.as_mut().filter(|m| m.rules == address(rules)) else {
            return key();
        };
        if let Some(found) = memo.keys.get(text) {
            return found.clone();
        }
        let found = key();
        if memo.keys.len() < MEMO_LIMIT {
            memo.keys.insert(text.to_string(), found.clone());
        }
        found
    })
}

/// Runs `f` with [`text_key`] remembering its answers for `rules`: journals
/// repeat the same verify signals and rollback paths thousands of times.
/// The memo lives on this thread and only while `rules` is borrowed here, so
/// it can never answer for other rules.
pub fn with_text_keys<T>(rules: &Rules, f: impl FnOnce() -> T) -> T {
    let installed = MEMO.with(|memo| {
        memo.borrow()
            .as_ref()
            .is_some_and(|m| m.rules == address(rules))
    });
    if installed {
        return f();
    }
    TextKeys::default().with(rules, f)
}

/// Memos of [`text_key`] kept across calls, for several resources that
/// share rules (fleet mode). Borrowing the rules keeps each memo from
/// outliving them.
#[derive(Default)]
pub struct TextKeys<'r> {
    memos: Vec<(&'r Rules, FxHashMap<String, String>)>,
}

impl<'r> TextKeys<'r> {
    /// Runs `f` with the memo for `rules` installed on this thread.
    pub fn with<T>(&mut self, rules: &'r Rules, f: impl FnOnce() -> T) -> T {
        /// Puts the previous memo back, even if `f` panics.
        struct Reset(Option<Memo>);
        impl Drop for Reset {
            fn drop(&mut self) {
                MEMO.with(|memo| *memo.borrow_mut() = self.0.take());
            }
        }
        let found = self.memos.iter().position(|(r, _)| std::ptr::eq(*r, rules));
        let at = found.unwrap_or_else(|| {
            self.memos.push((rules, FxHashMap::default()));
            self.memos.len() - 1
        });
        let fresh = Memo {
            rules: address(rules),
            keys: std::mem::take(&mut self.memos[at].1),
        };
        let reset = Reset(MEMO.with(|memo| memo.borrow_mut().replace(fresh)));
        let out = f();
        let used = MEMO.with(|memo| memo.borrow_mut().take());
        drop(reset);
        if let Some(used) = used {
            self.memos[at].1 = used.keys;
        }
        out
    }
}

/// Distinct texts remembered at most: bounds the memo's memory.
const MEMO_LIMIT: usize = 1 << 18;

struct Memo {
    rules: usize,
    keys: FxHashMap<String, String>,
}

thread_local! {
    static MEMO: RefCell<Option<Memo>> = const { RefCell::new(None) };
}

fn address(rules: &Rules) -> usize {
    std::ptr::from_ref(rules) as usize
}

/// Whether a part is the title (always present, even when empty).
fn is_title(rules: &Rules, part: usize) -> bool {
    rules.parts.get(part).is_some_and(|p| p.part == Part::Title)
}

fn part_signature(
    rules: &Rules,
    part: usize,
    pieces: &[(&str, Span)],
    trace: &mut Vec<Step>,
) -> PartSignature {
    let present = is_title(rules, part) || !pieces.is_empty();
    let mut text = Working::new(pieces, rules.case_sensitive);
    for (index, normalizer) in rules.normalizers.iter().enumerate() {
        text.apply(
            &normalizer.regex,
            &normalizer.replacement,
            |matched, replacement, span| {
                trace.push(Step::Normalized {
                    part,
                    rule: index,
                    matched,
                    replacement,
                    span,
                });
            },
        );
    }
    let tokens = tokenize_as(&text.text, rules.tokens)
        .into_iter()
        .map(|(s, e)| (text.text[s..e].to_string(), text.origin(s, e)))
        .collect::<Vec<_>>();
    let tokens = fold_synonyms(rules, part, &tokens, trace);
    let (words, spans) = tokens
        .into_iter()
        .filter(|(word, span)| {
            let ignored = rules.ignore.contains_key(word);
            if ignored {
                trace.push(Step::Ignored {
                    part,
                    word: word.clone(),
                    span: *span,
                });
            }
            !ignored
        })
        .unzip();
    PartSignature {
        present,
        words,
        spans,
    }
}

/// Replaces each synonym phrase (longest first) by its canonical word.
fn fold_synonyms(
    rules: &Rules,
    part: usize,
    tokens: &[(String, Span)],
    trace: &mut Vec<Step>,
) -> Vec<(String, Span)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let found = rules
            .synonym_index
            .get(&tokens[i].0)
            .and_then(|candidates| {
                candidates.iter().copied().find(|&c| {
                    let words = &rules.synonyms[c].words;
                    tokens
                        .get(i..i + words.len())
                        .is_some_and(|t| t.iter().zip(words).all(|(a, b)| &a.0 == b))
                })
            });
        let Some(index) = found else {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        };
        let synonym = &rules.synonyms[index];
        let last = i + synonym.words.len() - 1;
        let span = tokens[i].1.to(tokens[last].1);
        let phrase = tokens[i..=last]
            .iter()
            .map(|t| t.0.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if phrase != synonym.canonical {
            trace.push(Step::Synonym {
                part,
                synonym: index,
                phrase,
                canonical: synonym.canonical.clone(),
                span,
            });
        }
        out.push((synonym.canonical.clone(), span));
        i = last + 1;
    }
    out
}

/// Splits text into words as `tokens` says. Returns byte ranges.
pub fn tokenize_as(text: &str, tokens: Tokens) -> Vec<(usize, usize)> {
    match tokens {
        Tokens::Words => tokenize(text),
        Tokens::Whitespace => tokenize_whitespace(text),
    }
}

/// Splits text at white space, as log parsers do. A word with no letter,
/// digit or `_` outside its placeholders (`<v>,`, `(<v>)`, `<v>:<v>`) is
/// its first placeholder, and a run of placeholder words is one word: a
/// value that the masks cut into several pieces is still one value.
fn tokenize_whitespace(text: &str) -> Vec<(usize, usize)> {
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut previous_placeholder = false;
    for (start, word) in whitespace_words(text) {
        let (range, is_placeholder) = match bare_placeholder(word) {
            Some((s, e)) => ((start + s, start + e), true),
            None => ((start, start + word.len()), false),
        };
        if !(is_placeholder && previous_placeholder) {
            tokens.push(range);
        }
        previous_placeholder = is_placeholder;
    }
    tokens
}

/// The words of `text` between runs of white space, with their offsets.
fn whitespace_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |word| {
        // `split_whitespace` yields subslices of `text`.
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        (start, word)
    })
}

/// When a word holds a placeholder and nothing else but punctuation: the
/// range of its first placeholder.
fn bare_placeholder(word: &str) -> Option<(usize, usize)> {
    let mut first = None;
    let mut at = 0;
    while let Some((c, len)) = char_at(word, at) {
        if c == '<' {
            if let Some(end) = placeholder_end(word, at) {
                first.get_or_insert((at, end));
                at = end;
                continue;
            }
        }
        if is_word_char(c) {
            return None;
        }
        at += len;
    }
    first
}

/// Splits text into words: runs of letters, digits and `_`, and `<name>`
/// placeholders as one word. Returns byte ranges.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    while let Some((c, len)) = char_at(text, at) {
        if is_word_char(c) {
            start.get_or_insert(at);
            at += len;
            continue;
        }
        if let Some(s) = start.take() {
            tokens.push((s, at));
        }
        let here = at;
        at += len;
        if c == '<' {
            if let Some(end) = placeholder_end(text, here) {
                tokens.push((here, end));
                at = end;
            }
        }
    }
    if let Some(s) = start {
        tokens.push((s, text.len()));
    }
    tokens
}

/// The character at byte `at` and its length; an ASCII byte is read as
/// it is, without decoding (normalized text is nearly all ASCII).
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The end of a `<name>` placeholder starting at `at`, if one does.
fn placeholder_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at + 1..];
    let name_len: usize = rest
        .chars()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    (name_len > 0 && rest[name_len..].starts_with('>')).then_some(at + 1 + name_len + 1)
}

/// Text being rewritten, with the source span each byte came from.
struct Working {
    text: String,
    origin: Vec<Span>,
}

impl Working {
    fn new(pieces: &[(&str, Span)], case_sensitive: bool) -> Self {
        let mut text = String::new();
        let mut origin = Vec::new();
        for (n, (piece, span)) in pieces.iter().enumerate() {
            if n > 0 {
                text.push(' ');
                origin.push(Span::new(span.file, span.start, span.start));
            }
            for (offset, c) in piece.char_indices() {
                let from = Span::new(
                    span.file,
                    span.start + offset,
                    span.start + offset + c.len_utf8(),
                );
                let before = text.len();
                if case_sensitive {
                    text.push(c);
                } else {
                    text.extend(c.to_lowercase());
                }
                origin.resize(text.len(), from);
                debug_assert!(origin.len() > before || c.to_lowercase().count() == 0);
            }
        }
        Working { text, origin }
    }

    /// The source span covering working bytes `start..end`.
    fn origin(&self, start: usize, end: usize) -> Span {
        match (
            self.origin.get(start),
            end.checked_sub(1).and_then(|e| self.origin.get(e)),
        ) {
            (Some(first), Some(last)) => first.to(*last),
            _ => Span::default(),
        }
    }

    /// Replaces every non-empty match, reporting each to `record`.
    fn apply(
        &mut self,
        regex: &regex::Regex,
        replacement: &str,
        mut record: impl FnMut(String, String, Span),
    ) {
        if !regex.is_match(&self.text) {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut origin = Vec::with_capacity(self.origin.len());
        let mut last = 0;
        for m in regex.find_iter(&self.text).filter(|m| !m.is_empty()) {
            text.push_str(&self.text[last..m.start()]);
            origin.extend_from_slice(&self.origin[last..m.start()]);
            let span = self.origin(m.start(), m.end());
            record(m.as_str().to_string(), replacement.to_string(), span);
            text.push_str(replacement);
            origin.resize(text.len(), span);
            last = m.end();
        }
        text.push_str(&self.text[last..]);
        origin.extend_from_slice(&self.origin[last..]);
        self.text = text;
        self.origin = origin;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn a_signature_comes_back_from_its_key() {
        let part = |present: bool, words: &[&str]| PartSignature {
            present,
            words: words.iter().map(|w| (*w).to_string()).collect(),
            spans: Vec::new(),
        };
        for parts in [
            vec![part(true, &["take snapshot", "<host>"])],
            vec![part(true, &[]), part(false, &[]), part(true, &["a"])],
            vec![part(false, &[]), part(true, &["b", "c"])],
        ] {
            let signature = Signature { parts };
            assert_eq!(Signature::from_key(&signature.key()), signature);
        }
    }

    #[test]
    fn tokenize_splits_on_punctuation_and_keeps_placeholders_whole() {
        assert_eq!(words("-Xmx16g on es-1b"), ["Xmx16g", "on", "es", "1b"]);
        assert_eq!(
            words("raised <size>→<size>"),
            ["raised", "<size>", "<size>"]
        );
        assert_eq!(words("a < b <c d>"), ["a", "b", "c", "d"]);
        assert_eq!(words("größe_ändern"), ["größe_ändern"]);
        assert_eq!(words("é<x>ü <ä> a—b"), ["é", "<x>", "ü", "<ä>", "a", "b"]);
    }
}
