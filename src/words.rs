//! One word at a time: its Snowball stem (`stem english`), and whether a
//! word is a typo of another (`fuzzy words`).

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// The shortest word `fuzzy words` reads as a typo: in shorter words one
/// edit is too often another word (`scale` / `stale`).
pub(crate) const FUZZY_MIN_LEN: usize = 6;

/// The English Snowball stem of a lower-case word; placeholders, words
/// with a digit or `_` and non-ASCII words are left as written.
pub(crate) fn stem(word: &str) -> Cow<'_, str> {
    static ENGLISH: OnceLock<Stemmer> = OnceLock::new();
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    let stemmed = ENGLISH
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word);
    Cow::Owned(stemmed.into_owned())
}

/// Whether `typo` is one edit (an insertion, a deletion, a substitution
/// or two neighbours swapped) from `word`, both long enough and starting
/// with the same letter: `restared` → `restart`, `upgarde` → `upgrade`.
pub(crate) fn is_typo_of(typo: &str, word: &str) -> bool {
    if typo == word
        || typo.len() < FUZZY_MIN_LEN - 1
        || word.len() < FUZZY_MIN_LEN - 1
        || typo.len().max(word.len()) < FUZZY_MIN_LEN
        || typo.len().abs_diff(word.len()) > 1
        || typo.as_bytes().first() != word.as_bytes().first()
        || !typo.bytes().all(|b| b.is_ascii_lowercase())
    {
        return false;
    }
    strsim::osa_distance(typo, word) == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_verb_share_a_stem() {
        for word in ["restarted", "restarting", "restarts", "restart"] {
            assert_eq!(stem(word), "restart", "{word}");
        }
        assert_eq!(stem("<size>"), "<size>");
        assert_eq!(stem("kafka3"), "kafka3");
    }

    #[test]
    fn one_edit_in_a_long_word_is_a_typo() {
        assert!(is_typo_of("upgarde", "upgrade"));
        assert!(is_typo_of("replcation", "replication"));
        assert!(is_typo_of("restar", "restart"));
        assert!(!is_typo_of("scale", "stale"));
        assert!(!is_typo_of("restore", "restart"));
        assert!(!is_typo_of("xupgrade", "upgrade"));
    }
}
