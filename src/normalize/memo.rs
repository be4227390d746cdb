//! Plain signatures remembered by the text they were made from.
//!
//! Journals repeat themselves: an agent writes "restarted nginx on web-3"
//! each time it does so, and a generated million-entry journal has a third
//! as many distinct titles as entries. Normalizing runs every normalize
//! regex over the text, so a text seen before is looked up instead.
//!
//! The memo is read by every core while a batch is normalized and learns
//! the batch's new texts afterwards, so no lock is needed.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::Signature;
use crate::journal::Entry;
use crate::rules::{Part, Rules};
use crate::source::Span;

/// Distinct texts remembered at most: bounds the memo's memory (~120 bytes
/// a text) on journals whose texts never repeat.
const LIMIT: usize = 1 << 19;

/// An entry's signature, or the key of the equal signature it already had.
#[derive(Debug)]
pub enum Signed {
    /// The compared texts were normalized before: their signature's key.
    Seen(Arc<str>),
    /// Normalized now.
    New {
        /// The compared texts, as [`SignatureMemo`] looks them up.
        texts: Box<str>,
        /// Whether `texts` is one piece of one part, as written.
        single: bool,
        key: Arc<str>,
        signature: Signature,
    },
}

impl Signed {
    /// The signature's key ([`Signature::key`]).
    pub(crate) fn key(&self) -> &str {
        match self {
            Signed::Seen(key) | Signed::New { key, .. } => key,
        }
    }

    /// The signature, rebuilt from its key when only that is known (a
    /// key holds its words, clauses and action, not their spans).
    pub(crate) fn into_signature(self) -> Signature {
        match self {
            Signed::New { signature, .. } => signature,
            Signed::Seen(key) => Signature::from_key(&key),
        }
    }
}

/// A signature made without the memo (with its trace): never learned,
/// since it has no texts to be looked up by.
impl From<Signature> for Signed {
    fn from(signature: Signature) -> Self {
        Signed::New {
            texts: Box::default(),
            single: false,
            key: signature.key().into(),
            signature,
        }
    }
}

/// Signature keys by compared texts, for one set of rules.
#[derive(Debug, Default)]
pub struct SignatureMemo {
    /// By the text itself, for entries whose compared texts are one piece
    /// (`cluster on title`): looked up without building a key.
    single: FxHashMap<Box<str>, Arc<str>>,
    /// By [`joined`] texts, for the others.
    joined: FxHashMap<Box<str>, Arc<str>>,
}

impl SignatureMemo {
    /// The plain signature of an entry's compared texts (`texts`, from
    /// [`super::entry_texts`]), or its key if those texts were seen.
    fn sign(&self, rules: &Rules, texts: &[Vec<(&str, Span)>]) -> Signed {
        let (single, text) = match texts {
            [pieces] if pieces.len() == 1 => (true, Cow::Borrowed(pieces[0].0)),
            _ => (false, Cow::Owned(joined(texts))),
        };
        if let Some(key) = self.map(single).get(&*text) {
            return Signed::Seen(Arc::clone(key));
        }
        let signature = super::plain_signature(rules, texts);
        Signed::New {
            texts: text.into(),
            single,
            key: signature.key().into(),
            signature,
        }
    }

    /// The plain signature of an entry, or its key if its compared texts
    /// were seen; a title compared alone (`cluster on title`) is looked up
    /// as it is, without gathering the texts first.
    pub fn sign_entry(&self, rules: &Rules, entry: &Entry) -> Signed {
        if let [only] = rules.parts.as_slice() {
            if only.part == Part::Title {
                if let Some(key) = self.single.get(entry.title.as_str()) {
                    return Signed::Seen(Arc::clone(key));
                }
            }
        }
        self.sign(rules, &super::entry_texts(rules, entry))
    }

    fn map(&self, single: bool) -> &FxHashMap<Box<str>, Arc<str>> {
        if single {
            &self.single
        } else {
            &self.joined
        }
    }

    /// Remembers the texts first normalized in `batch`.
    pub fn learn<'s>(&mut self, batch: impl IntoIterator<Item = &'s Signed>) {
        for signed in batch {
            if self.single.len() + self.joined.len() >= LIMIT {
                return;
            }
            if let Signed::New {
                texts, single, key, ..
            } = signed
            {
                let map = if *single {
                    &mut self.single
                } else {
                    &mut self.joined
                };
                if !map.contains_key(texts) {
                    map.insert(texts.clone(), Arc::clone(key));
                }
            }
        }
    }
}

/// The compared texts as one string that no other texts give: each piece
/// is written after its length in bytes and each part ends with `;`, so a
/// piece may hold any character.
fn joined(texts: &[Vec<(&str, Span)>]) -> String {
    use std::fmt::Write;
    let bytes: usize = texts.iter().flatten().map(|(p, _)| p.len() + 4).sum();
    let mut out = String::with_capacity(bytes + texts.len());
    for pieces in texts {
        for (piece, _) in pieces {
            // Writing to a String cannot fail.
            let _ = write!(out, "{}:{piece}", piece.len());
        }
        out.push(';');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Sources};

    fn rules(text: &str) -> Rules {
        let loaded = crate::rules::load(
            &mut Sources::default(),
            Some(("rules.forge".into(), text.into())),
        );
        loaded.0.expect("rules load")
    }

    fn pieces(parts: &[&[&'static str]]) -> Vec<Vec<(&'static str, Span)>> {
        parts
            .iter()
            .map(|part| {
                part.iter()
                    .map(|p| (*p, Span::new(FileId(0), 0, 0)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_text_seen_before_gives_the_key_it_gave_then() {
        let rules = rules("normalize {\n    /\\d+/ => <n>\n}\n");
        let mut memo = SignatureMemo::default();
        let first = memo.sign(&rules, &pieces(&[&["resized to 3"]]));
        assert!(matches!(first, Signed::New { .. }));
        memo.learn(std::slice::from_ref(&first));
        let again = memo.sign(&rules, &pieces(&[&["resized to 3"]]));
        assert!(matches!(again, Signed::Seen(_)));
        assert_eq!(again.key(), first.key());
        let other = memo.sign(&rules, &pieces(&[&["resized to 4"]]));
        assert!(
            matches!(other, Signed::New { .. }),
            "another text is normalized"
        );
        assert_eq!(other.key(), first.key(), "to an equal signature");
    }

    #[test]
    fn an_entry_gets_the_key_its_texts_get() {
        let text = "## 2026-01-02 — resized to 3\n- verify: ok\n\n## 2026-01-03 — resized to 3\n";
        let entries = crate::journal::parse(FileId(0), text).entries;
        for source in [
            "normalize {\n    /\\d+/ => <n>\n}\n",
            "cluster on title, verify\n",
        ] {
            let rules = rules(source);
            let mut memo = SignatureMemo::default();
            let first = memo.sign_entry(&rules, &entries[0]);
            memo.learn(std::slice::from_ref(&first));
            let texts = super::super::entry_texts(&rules, &entries[1]);
            let again = memo.sign_entry(&rules, &entries[1]);
            assert_eq!(again.key(), memo.sign(&rules, &texts).key(), "{source}");
            // Alone, the same title is found without its texts gathered.
            let alone = rules.parts.len() == 1;
            assert_eq!(matches!(again, Signed::Seen(_)), alone, "{source}");
        }
    }

    #[test]
    fn pieces_and_parts_are_kept_apart() {
        let all = [
            joined(&pieces(&[&["a b"], &["c"]])),
            joined(&pieces(&[&["a", "b"], &["c"]])),
            joined(&pieces(&[&["a b", "c"]])),
            joined(&pieces(&[&["a b c"]])),
            joined(&pieces(&[&["1:a"], &[]])),
            joined(&pieces(&[&["1:a;"]])),
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
