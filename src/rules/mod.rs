//! rules.forge: parse ([`parser`]), then check ([`check`]) into [`Rules`],
//! the settings every later stage reads.

pub(crate) mod ast;
pub(crate) mod check;
pub(crate) mod lexicon;
pub(crate) mod needs;
pub(crate) mod parser;
pub(crate) mod placeholders;

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::codes::RulesCode;
use crate::error::Problem;
use crate::journal::{Entry, FieldKey};
use crate::source::{Sources, Span};

pub(crate) use ast::TestBlock;

/// The built-in rules, used when a resource has no rules.forge and as the
/// base of `extends default`.
pub(crate) const DEFAULT_RULES: &str = include_str!("../../rules/default.forge");
/// The name the built-in rules go by in diagnostics.
pub(crate) const DEFAULT_RULES_NAME: &str = "<built-in>/default.forge";

/// Largest rules file accepted: rules are hand-written, and a bigger file is
/// a mistake or an attack.
pub(crate) const MAX_RULES_BYTES: usize = 1 << 20;

/// A part of an entry that clustering compares.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Part {
    Title,
    Field(FieldKey),
}

impl Part {
    pub(crate) fn name(&self) -> &str {
        match self {
            Part::Title => "title",
            Part::Field(key) => key.name(),
        }
    }

    /// The pieces of an entry's text this part covers (with their spans).
    pub(crate) fn texts<'a>(&'a self, entry: &'a Entry) -> Vec<(&'a str, Span)> {
        match self {
            Part::Title => vec![(entry.title.as_str(), entry.title_span)],
            Part::Field(key) => entry
                .values(key)
                .filter(|f| !f.value.is_empty())
                .flat_map(field_pieces)
                .collect(),
        }
    }
}

/// A field's value as pieces that each stand contiguously in the file, so
/// that spans computed inside a piece are exact.
fn field_pieces(field: &crate::journal::Field) -> Vec<(&str, Span)> {
    if field.lines.is_empty() {
        return vec![(field.value.as_str(), field.value_span)];
    }
    let mut pieces = Vec::with_capacity(field.lines.len());
    let mut at = 0;
    for span in &field.lines {
        let end = (at + span.len()).min(field.value.len());
        pieces.push((field.value.get(at..end).unwrap_or(""), *span));
        at = end + 1; // the joining space
    }
    pieces
}

#[derive(Debug, Clone)]
pub(crate) struct ClusterPart {
    pub(crate) part: Part,
    pub(crate) weight: f64,
    /// The `cluster on` item or `weight` setting that configured it.
    pub(crate) span: Span,
}

pub(crate) use crate::similarity::Metric;
pub(crate) use crate::tokens::Tokens;

#[derive(Debug, Clone)]
pub(crate) struct Normalizer {
    /// The rule's label (`date: /…/ => <date>`), if it has one.
    pub(crate) name: Option<String>,
    pub(crate) regex: Regex,
    /// What a text must hold for `regex` to match in it.
    pub(crate) needs: needs::Needs,
    /// The text put in place of a match: `<size>` for a placeholder.
    pub(crate) replacement: String,
    pub(crate) span: Span,
}

/// A synonym phrase (one or more words) and the word it becomes.
#[derive(Debug, Clone)]
pub(crate) struct Synonym {
    pub(crate) words: Vec<String>,
    pub(crate) canonical: String,
    /// The phrase as written in the rules file.
    pub(crate) span: Span,
    /// The whole group, for "group at rules.forge:N".
    pub(crate) group_span: Span,
    /// The rules layer it came from: 0 for the built-in rules under
    /// `extends default`.
    pub(crate) layer: usize,
    /// Whether the group is an `actions` group: its canonical word names
    /// the entry's action.
    pub(crate) action: bool,
}

/// `infer action NAME when /re/`.
#[derive(Debug, Clone)]
pub(crate) struct InferAction {
    pub(crate) action: String,
    pub(crate) pattern: Regex,
}

/// The `clauses` block: how much each clause of a title counts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Clauses {
    /// The clause that holds the action (or the first clause).
    pub(crate) action: f64,
    /// Every other clause.
    pub(crate) other: f64,
    /// Words in parentheses or brackets.
    pub(crate) aside: f64,
    /// From a reason word (`because`, `after` …) to the clause's end.
    pub(crate) reason: f64,
    /// The phrases that open a trailing reason, as words.
    pub(crate) reasons: Vec<Vec<String>>,
    pub(crate) span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct NeverMerge {
    /// The rule's label, if it has one.
    pub(crate) name: Option<String>,
    pub(crate) left: Regex,
    pub(crate) right: Regex,
    pub(crate) because: Option<String>,
    pub(crate) span: Span,
}

/// `always merge /re/ as "Name"` or `name /re/ as "Name"`.
#[derive(Debug, Clone)]
pub(crate) struct NamedPattern {
    pub(crate) pattern: Regex,
    pub(crate) name: String,
    pub(crate) span: Span,
}

/// Checked rules, ready for normalize and cluster.
// Each flag is a statement of its own in rules.forge.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone)]
pub struct Rules {
    pub(crate) case_sensitive: bool,
    pub(crate) tokens: Tokens,
    pub(crate) parts: Vec<ClusterPart>,
    pub(crate) normalizers: Vec<Normalizer>,
    /// Longest phrases first, so that "jvm heap" wins over "heap".
    pub(crate) synonyms: Vec<Synonym>,
    /// First word of a phrase → indices into `synonyms`, longest first.
    pub(crate) synonym_index: FxHashMap<String, Vec<usize>>,
    pub(crate) ignore: FxHashMap<String, Span>,
    pub(crate) metric: Metric,
    pub(crate) metric_span: Span,
    pub(crate) threshold: f64,
    pub(crate) threshold_span: Span,
    /// `split = K`: the most distinct words a position may hold for the
    /// split pass to split on it; 0 turns the pass off.
    pub split: usize,
    pub(crate) split_span: Span,
    pub(crate) never_merge: Vec<NeverMerge>,
    pub(crate) always_merge: Vec<NamedPattern>,
    pub(crate) names: Vec<NamedPattern>,
    pub(crate) tests: Vec<TestBlock>,
    /// `stem english`.
    pub(crate) stem: bool,
    /// `fuzzy words`.
    pub(crate) fuzzy: bool,
    pub(crate) fuzzy_span: Span,
    /// Single words of synonym and action phrases by first byte: what a
    /// typo may be read as under `fuzzy words`.
    pub(crate) lexicon: FxHashMap<u8, Vec<String>>,
    /// The canonical words of the action groups.
    pub(crate) action_words: rustc_hash::FxHashSet<String>,
    pub(crate) infer_actions: Vec<InferAction>,
    pub(crate) clauses: Option<Clauses>,
    /// How much a placeholder word counts under `weighted_dice`.
    pub(crate) placeholder_weight: f64,
    /// `weights = journal`.
    pub(crate) journal_weights: bool,
}

impl Rules {
    /// Whether a word is the canonical word of an action group.
    pub(crate) fn is_action(&self, word: &str) -> bool {
        self.action_words.contains(word)
    }
}

/// Loads the rules: the user's file when given (with the defaults under it
/// if it says `extends default`), else the built-in defaults. Returns the
/// rules when there are no errors, and every problem found either way.
pub fn load(
    sources: &mut Sources,
    user: Option<(String, String)>,
) -> (Option<Rules>, Vec<Problem>) {
    let default_id = sources.add(DEFAULT_RULES_NAME, DEFAULT_RULES);
    let default_ast = match parser::parse(default_id, DEFAULT_RULES) {
        Ok(ast) => ast,
        Err(problem) => return (None, vec![problem]),
    };
    let Some((name, text)) = user else {
        return check::check(&[default_ast]);
    };
    let user_id = sources.add(name, text);
    let text = sources.get(user_id).text.clone();
    if text.len() > MAX_RULES_BYTES {
        let problem = Problem::error(
            RulesCode::TooLarge,
            format!(
                "the rules file is {} bytes; the limit is {MAX_RULES_BYTES}",
                text.len()
            ),
        )
        .label(Span::new(user_id, 0, 0), "file starts here")
        .help("rules are written by hand; split generated rules or trim the file");
        return (None, vec![problem]);
    }
    let user_ast = match parser::parse(user_id, &text) {
        Ok(ast) => ast,
        Err(problem) => return (None, vec![problem]),
    };
    if check::extends_default(&user_ast) {
        check::check(&[default_ast, user_ast])
    } else {
        check::check(&[user_ast])
    }
}
