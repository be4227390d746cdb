//! One statement of a layer, handed to the module that checks its kind.

use super::{did_you_mean, Builder};
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::rules::ast::{ClauseSetting, Spanned, Statement};
use crate::rules::{lexicon, Tokens};

impl Builder {
    /// Checks one statement of `layer` (0 for the built-in rules when a
    /// file extends them) into the rules being built.
    pub(super) fn statement(&mut self, layer: usize, statement: &Statement) {
        match statement {
            Statement::Extends { name, .. } => self.extends(name),
            Statement::Case(sensitive) => self.rules.case_sensitive = sensitive.value,
            Statement::Tokens(whitespace) => {
                self.rules.tokens = if whitespace.value {
                    Tokens::Whitespace
                } else {
                    Tokens::Words
                };
            }
            Statement::ClusterOn(parts) => self.cluster_on(parts),
            Statement::Normalize(rules) => self.normalize_rules(layer, rules),
            Statement::Synonyms(groups) => self.synonym_groups(layer, groups, false),
            Statement::Actions(groups) => self.synonym_groups(layer, groups, true),
            Statement::Stem(english) => self.rules.stem = english.value,
            Statement::Fuzzy(words) => {
                self.rules.fuzzy = words.value;
                self.rules.fuzzy_span = words.span;
            }
            Statement::InferAction {
                label,
                action,
                pattern,
                span,
            } => self.infer_action(layer, label.as_ref(), action, pattern, *span),
            Statement::Clauses(settings) => self.clauses(layer, settings),
            Statement::Ignore(words) => self.ignore(layer, words),
            Statement::Similarity(settings) => settings.iter().for_each(|s| self.similarity(s)),
            Statement::NeverMerge {
                label,
                left,
                right,
                because,
                span,
            } => self.never_merge(layer, label.as_ref(), left, right, because.as_ref(), *span),
            Statement::AlwaysMerge {
                pattern,
                name,
                span,
                ..
            } => self.always_merge(pattern, name, *span),
            Statement::Name {
                pattern,
                name,
                span,
            } => self.name(pattern, name, *span),
            Statement::Test(block) => self.rules.tests.push(block.clone()),
        }
    }

    fn extends(&mut self, name: &Spanned<String>) {
        if name.value == "default" {
            return;
        }
        self.problems.push(
            Problem::error(
                RulesCode::UnknownExtends,
                format!("cannot extend `{}`", name.value),
            )
            .label(name.span, "no rules by this name")
            .help(format!(
                "the only rules that can be extended are `default`{}",
                did_you_mean(&name.value, &["default"])
            )),
        );
    }

    fn clauses(&mut self, layer: usize, settings: &[ClauseSetting]) {
        if self.builtin_off(layer, Some("clauses")) {
            return;
        }
        let (clauses, problems) = lexicon::clauses(settings, self.rules.tokens);
        self.rules.clauses = Some(clauses);
        self.problems.extend(problems);
    }

    fn ignore(&mut self, layer: usize, words: &[Spanned<String>]) {
        for word in words {
            if !self.builtin_off(layer, Some(&word.value)) {
                self.rules.ignore.insert(word.value.clone(), word.span);
            }
        }
    }
}
