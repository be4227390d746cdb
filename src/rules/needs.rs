//! What a text must hold for a normalize regex to match anywhere in it.
//!
//! Most normalize rules match most texts nowhere: `\b\d+\b` needs a
//! digit, `<size>\s*→\s*<size>` needs a `<`. Asking the regex engine
//! costs a search each time, and normalizing a journal runs every rule
//! over every distinct text, so each rule carries [`Needs`]: sets of bytes
//! one of which must appear for every set. A text's bytes are gathered
//! once ([`ByteSet::of`]), and a rule whose needs they do not meet is
//! skipped. The needs are derived from the pattern's syntax tree and are
//! never wrong in that direction: a skipped rule could not have matched.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of byte values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    /// The bytes of `text`.
    pub(crate) fn of(text: &str) -> ByteSet {
        let mut set = ByteSet::default();
        for &byte in text.as_bytes() {
            set.insert(byte);
        }
        set
    }

    fn insert(&mut self, byte: u8) {
        self.0[usize::from(byte >> 6)] |= 1 << (byte & 63);
    }

    fn insert_range(&mut self, from: u8, to: u8) {
        for byte in from..=to {
            self.insert(byte);
        }
    }

    fn meets(self, other: ByteSet) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }

    fn len(self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }

    fn union(self, other: ByteSet) -> ByteSet {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }
}

/// Byte sets a text must meet, each of them, for a regex to match in it;
/// none means any text may match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Needs(Vec<ByteSet>);

/// Sets kept at most: the rarest few already rule out most texts.
const MOST_SETS: usize = 6;

impl Needs {
    /// The needs of `pattern` compiled with these flags; none when the
    /// pattern does not parse (it is then reported, and never run).
    pub(crate) fn of_pattern(pattern: &str, case_sensitive: bool) -> Needs {
        let parsed = regex_syntax::ParserBuilder::new()
            .case_insensitive(!case_sensitive)
            .build()
            .parse(pattern);
        let Ok(hir) = parsed else {
            return Needs::default();
        };
        let mut sets = needs(&hir);
        sets.sort_by_key(|set| set.len());
        sets.dedup();
        sets.truncate(MOST_SETS);
        Needs(sets)
    }

    /// Whether a text holding the bytes `present` may match.
    pub(crate) fn met_by(&self, present: ByteSet) -> bool {
        self.0.iter().all(|set| set.meets(present))
    }
}

/// Every set a match of `hir` must meet: a match holds a byte of each.
fn needs(hir: &Hir) -> Vec<ByteSet> {
    match hir.kind() {
        HirKind::Literal(literal) => literal
            .0
            .iter()
            .map(|&byte| {
                let mut set = ByteSet::default();
                set.insert(byte);
                set
            })
            .collect(),
        HirKind::Class(class) => vec![class_bytes(class)],
        HirKind::Repetition(repetition) if repetition.min > 0 => needs(&repetition.sub),
        // May match without a single byte: optional, an assertion, empty.
        HirKind::Repetition(_) | HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Capture(capture) => needs(&capture.sub),
        HirKind::Concat(parts) => parts.iter().flat_map(needs).collect(),
        HirKind::Alternation(branches) => alternation(branches),
    }
}

/// A match goes through one branch, so it holds a byte of that branch's
/// rarest set: the union of every branch's rarest set is needed.
fn alternation(branches: &[Hir]) -> Vec<ByteSet> {
    let mut union = ByteSet::default();
    for branch in branches {
        let Some(rarest) = needs(branch).into_iter().min_by_key(|set| set.len()) else {
            return Vec::new();
        };
        union = union.union(rarest);
    }
    vec![union]
}

/// The bytes that can begin each character of a class. A character
/// outside ASCII is matched by its UTF-8 encoding, whose first byte grows
/// with the character, so a range of characters needs a range of first
/// bytes.
fn class_bytes(class: &Class) -> ByteSet {
    let mut set = ByteSet::default();
    match class {
        Class::Bytes(bytes) => {
            for range in bytes.ranges() {
                set.insert_range(range.start(), range.end());
            }
        }
        Class::Unicode(chars) => {
            for range in chars.ranges() {
                set.insert_range(first_byte(range.start()), first_byte(range.end()));
            }
        }
    }
    set
}

fn first_byte(c: char) -> u8 {
    let mut buffer = [0u8; 4];
    c.encode_utf8(&mut buffer).as_bytes()[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn may_match(pattern: &str, text: &str) -> bool {
        Needs::of_pattern(pattern, false).met_by(ByteSet::of(text))
    }

    #[test]
    fn a_digit_rule_skips_texts_without_digits() {
        assert!(!may_match(r"\b\d+\b", "restarted nginx"));
        assert!(may_match(r"\b\d+\b", "restarted nginx 3 times"));
    }

    #[test]
    fn a_literal_needs_its_bytes() {
        let pattern = r"<size>\s*(?:→|->|to)\s*<size>";
        assert!(!may_match(pattern, "resized the disk"));
        assert!(may_match(pattern, "resized <size> to <size>"));
    }

    #[test]
    fn an_alternation_needs_one_of_its_branches() {
        let pattern = r"\s(?:before|after)\b";
        assert!(may_match(pattern, "restarted after alert"));
        assert!(may_match(pattern, "restarted before noon"));
        assert!(!may_match(r"(?:xq|zq)", "restarted"));
        assert!(may_match(r"(?:xq|zq)", "quiz"));
    }

    #[test]
    fn optional_parts_and_empty_matches_need_nothing() {
        assert!(may_match(r"(?:xyz)?", ""));
        assert!(may_match(r"x*", "abc"));
        assert!(may_match(r"\b", "abc"));
    }

    #[test]
    fn case_insensitive_rules_need_either_case() {
        let needs = Needs::of_pattern("heap", false);
        assert!(needs.met_by(ByteSet::of("HEAP")));
        assert!(Needs::of_pattern("heap", true).met_by(ByteSet::of("heap")));
        assert!(!Needs::of_pattern("heap", true).met_by(ByteSet::of("HEAP")));
    }

    #[test]
    fn characters_beyond_ascii_are_needed_by_their_first_byte() {
        assert!(may_match("→", "a → b"));
        assert!(!may_match("→", "a -> b"));
        // Unicode digits include ones beyond ASCII.
        assert!(may_match(r"\d", "٣"));
    }

    #[test]
    fn a_pattern_that_does_not_parse_needs_nothing() {
        assert!(may_match("(", ""));
    }

    /// Whatever the regex engine matches, the needs allow.
    #[test]
    fn the_needs_never_skip_a_text_the_regex_matches() {
        let patterns = [
            r"\b\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?\b",
            r"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b",
            r"-xmx\s*\d+[kmgt]?b?\b",
            r"<version>\s*(?:→|->|=>|to)\s*<version>",
            r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d+[a-z]?\b",
            r",.*$",
            r"\s(?:before|after|because|due to)\b.*$",
            r"[^a-z]+",
            r"ß|ſ",
        ];
        let texts = [
            "",
            "restarted nginx",
            "on 2026-02-03t10:00z",
            "10.0.0.1:8080",
            "-XMX 16g",
            "<version> → <version>",
            "web-12a.example",
            "a, b",
            "ok\tbefore",
            "STRASSE",
            "Straße",
            "ſ",
            "٣",
        ];
        for pattern in patterns {
            for case_sensitive in [false, true] {
                let regex = regex::RegexBuilder::new(pattern)
                    .case_insensitive(!case_sensitive)
                    .build()
                    .expect("a valid test pattern");
                let needs = Needs::of_pattern(pattern, case_sensitive);
                for text in texts {
                    if regex.is_match(text) {
                        assert!(
                            needs.met_by(ByteSet::of(text)),
                            "{pattern} matches {text:?}"
                        );
                    }
                }
            }
        }
    }
}
