//! Rules AST → [`Rules`]: compile regexes, validate names and numbers, and
//! layer a file over the defaults it extends.
//!
//! [`check`] feeds every statement of every layer to a [`Builder`];
//! [`statement`] hands each kind to the module that checks it, and
//! [`Builder::finish`] runs the passes that need every statement read.

mod normalizers;
mod patterns;
mod regexes;
mod settings;
mod statement;
mod synonyms;
mod without;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::ast::{RulesAst, Spanned, Statement};
use super::{lexicon, ClusterPart, Metric, Part, Rules, Tokens};
use crate::error::Problem;
use crate::source::Span;

pub(super) use settings::out_of_range;
pub(crate) use synonyms::phrase_words;

pub(crate) fn extends_default(ast: &RulesAst) -> bool {
    ast.statements
        .iter()
        .any(|s| matches!(s, Statement::Extends { name, .. } if name.value == "default"))
}

/// Checks the layers in order (defaults first); later layers override
/// settings and add rules.
pub(crate) fn check(layers: &[RulesAst]) -> (Option<Rules>, Vec<Problem>) {
    let mut builder = Builder::new();
    // Regexes compile once, so the case mode must be known before any rule.
    builder.rules.case_sensitive = layers
        .iter()
        .flat_map(|ast| &ast.statements)
        .filter_map(|s| match s {
            Statement::Case(sensitive) => Some(sensitive.value),
            _ => None,
        })
        .next_back()
        .unwrap_or(false);
    // Synonym phrases are split as journal text will be.
    builder.rules.tokens = layers
        .iter()
        .flat_map(|ast| &ast.statements)
        .filter_map(|s| match s {
            Statement::Tokens(whitespace) if whitespace.value => Some(Tokens::Whitespace),
            Statement::Tokens(_) => Some(Tokens::Words),
            _ => None,
        })
        .next_back()
        .unwrap_or_default();
    if layers.len() > 1 {
        builder.without = without::switched_off(layers);
    }
    for (layer, ast) in layers.iter().enumerate() {
        builder.layered = layers.len() > 1;
        for statement in &ast.statements {
            if layer == 0 && builder.layered && builder.is_switched_off(statement) {
                continue;
            }
            builder.statement(layer, statement);
        }
    }
    builder.finish()
}

struct Builder {
    rules: Rules,
    /// `weight` settings, applied once `cluster on` is final.
    weights: Vec<(Spanned<String>, Spanned<f64>)>,
    /// Synonym word or phrase → (canonical, span, layer), for conflicts.
    synonym_owner: HashMap<Vec<String>, (String, Span, usize)>,
    /// Placeholders produced so far by normalize rules, in order.
    produced: Vec<String>,
    /// Placeholders named by hard and name rules, checked at the end since
    /// every normalize rule runs before them.
    pattern_placeholders: Vec<(String, Span)>,
    problems: Vec<Problem>,
    /// Whether a file is layered over the built-in rules.
    layered: bool,
    /// Names of built-in rules switched off, and whether each named one.
    without: Vec<Spanned<String>>,
    /// Every name a built-in rule goes by, for "did you mean".
    builtin_names: Vec<String>,
    used_without: Vec<bool>,
    /// Per normalizer: where it runs (`normalizers::run_order`).
    normalizer_order: Vec<u8>,
    /// Rules that compile regexes so far, against [`MAX_RULES`].
    rule_count: usize,
    /// Compiled regex size so far, against [`REGEX_BUDGET`].
    regex_bytes: usize,
    /// A limit was passed: later rules are not compiled.
    over_limit: bool,
}

impl Builder {
    fn new() -> Self {
        let rules = Rules {
            case_sensitive: false,
            tokens: Tokens::Words,
            parts: vec![ClusterPart {
                part: Part::Title,
                weight: 1.0,
                span: Span::default(),
            }],
            normalizers: Vec::new(),
            synonyms: Vec::new(),
            synonym_index: FxHashMap::default(),
            ignore: FxHashMap::default(),
            metric: Metric::TokenJaccard,
            metric_span: Span::default(),
            threshold: 0.75,
            threshold_span: Span::default(),
            split: 0,
            split_span: Span::default(),
            never_merge: Vec::new(),
            always_merge: Vec::new(),
            names: Vec::new(),
            tests: Vec::new(),
            stem: false,
            fuzzy: false,
            fuzzy_span: Span::default(),
            lexicon: FxHashMap::default(),
            action_words: rustc_hash::FxHashSet::default(),
            infer_actions: Vec::new(),
            clauses: None,
            placeholder_weight: lexicon::PLACEHOLDER_WEIGHT,
            journal_weights: false,
        };
        Builder {
            rules,
            weights: Vec::new(),
            synonym_owner: HashMap::new(),
            produced: Vec::new(),
            pattern_placeholders: Vec::new(),
            problems: Vec::new(),
            layered: false,
            without: Vec::new(),
            builtin_names: Vec::new(),
            used_without: Vec::new(),
            normalizer_order: Vec::new(),
            rule_count: 0,
            regex_bytes: 0,
            over_limit: false,
        }
    }

    fn finish(mut self) -> (Option<Rules>, Vec<Problem>) {
        self.report_unproduced_in_patterns();
        self.apply_weights();
        self.apply_case();
        self.redirect_synonyms();
        self.order_normalizers();
        self.report_unknown_without();
        self.warn_split_metric();
        lexicon::finish(&mut self.rules);
        self.index_synonyms();
        let problems = std::mem::take(&mut self.problems);
        if problems.iter().any(Problem::is_error) {
            (None, problems)
        } else {
            (Some(self.rules), problems)
        }
    }
}

pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| {
            // `jacard` should find `token_jaccard`: compare the bare word too.
            let bare = c.rsplit('_').next().unwrap_or(c);
            let score = strsim::jaro_winkler(word, c).max(strsim::jaro_winkler(word, bare));
            (score, c)
        })
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}
