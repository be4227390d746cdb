//! Synonym and action groups: phrases split as journal text is, conflicts
//! within a layer, and a later layer's groups over an earlier one's.

use rustc_hash::FxHashMap;

use super::Builder;
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::rules::ast::{Spanned, SynonymGroup};
use crate::rules::{Synonym, Tokens};
use crate::source::Span;
use crate::tokens::tokenize_as;

impl Builder {
    /// A `synonyms` or `actions` block: each group not switched off.
    pub(super) fn synonym_groups(&mut self, layer: usize, groups: &[SynonymGroup], action: bool) {
        for group in groups {
            let name = group.canonical.value.to_lowercase();
            if !self.builtin_off(layer, Some(&name)) {
                self.synonym_group(layer, group, action);
            }
        }
    }

    fn synonym_group(&mut self, layer: usize, group: &SynonymGroup, action: bool) {
        let canonical = group.canonical.value.to_lowercase();
        if layer > 0 {
            // A later layer owns its canonical word too: an earlier layer
            // may no longer turn it into something else.
            let words = phrase_words(&canonical, self.rules.tokens);
            self.rules
                .synonyms
                .retain(|s| s.layer == layer || s.words != words);
            self.synonym_owner
                .insert(words, (canonical.clone(), group.canonical.span, layer));
        }
        for member in &group.members {
            let words = phrase_words(&member.value, self.rules.tokens);
            if words.is_empty() {
                continue;
            }
            if let Some((other, first, other_layer)) = self.synonym_owner.get(&words) {
                if *other_layer == layer && *other != canonical {
                    self.problems
                        .push(synonym_conflict(member, &canonical, other, *first));
                    continue;
                }
            }
            self.synonym_owner
                .insert(words.clone(), (canonical.clone(), member.span, layer));
            // A later layer's mapping replaces an earlier one's.
            self.rules.synonyms.retain(|s| s.words != words);
            self.rules.synonyms.push(Synonym {
                words,
                canonical: canonical.clone(),
                span: member.span,
                group_span: group.span,
                layer,
                action,
            });
        }
    }

    /// Case-insensitive rules compare lower-cased text, so their words are
    /// lower-cased too.
    pub(super) fn apply_case(&mut self) {
        if self.rules.case_sensitive {
            return;
        }
        let ignore = std::mem::take(&mut self.rules.ignore);
        self.rules.ignore = ignore
            .into_iter()
            .map(|(w, s)| (w.to_lowercase(), s))
            .collect();
        for synonym in &mut self.rules.synonyms {
            synonym.canonical = synonym.canonical.to_lowercase();
            for word in &mut synonym.words {
                *word = word.to_lowercase();
            }
        }
    }

    /// An earlier layer's synonym whose canonical word a later layer
    /// lists becomes that layer's word: `certificates → cert` under a
    /// file's `certificate = cert` gives `certificate`.
    pub(super) fn redirect_synonyms(&mut self) {
        let owners: Vec<(String, String, usize)> = self
            .synonym_owner
            .iter()
            .filter(|(words, _)| words.len() == 1)
            .map(|(words, (canonical, _, layer))| (words[0].clone(), canonical.clone(), *layer))
            .collect();
        for synonym in &mut self.rules.synonyms {
            let owner = owners.iter().find(|(word, canonical, layer)| {
                *word == synonym.canonical && *layer > synonym.layer && *canonical != *word
            });
            if let Some((_, canonical, _)) = owner {
                synonym.canonical.clone_from(canonical);
            }
        }
    }

    pub(super) fn index_synonyms(&mut self) {
        // Longest phrase first; ties keep file order (stable sort).
        self.rules
            .synonyms
            .sort_by_key(|s| std::cmp::Reverse(s.words.len()));
        let mut index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, synonym) in self.rules.synonyms.iter().enumerate() {
            index.entry(synonym.words[0].clone()).or_default().push(i);
        }
        self.rules.synonym_index = index;
    }
}

/// The words of a synonym or ignore phrase, split as journal text is.
pub(crate) fn phrase_words(phrase: &str, tokens: Tokens) -> Vec<String> {
    tokenize_as(phrase, tokens)
        .into_iter()
        .map(|(s, e)| phrase[s..e].to_string())
        .collect()
}

fn synonym_conflict(
    member: &Spanned<String>,
    canonical: &str,
    other: &str,
    first: Span,
) -> Problem {
    Problem::error(
        RulesCode::SynonymConflict,
        format!(
            "`{}` is a synonym of both `{other}` and `{canonical}`",
            member.value
        ),
    )
    .label(member.span, format!("here it means `{canonical}`"))
    .label(first, format!("first defined here as `{other}`"))
    .help("a word can belong to one synonym group only; remove it from one of them")
}
