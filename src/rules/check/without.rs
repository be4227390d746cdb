//! `extends default without …`: built-in rules a file switches off, and
//! names that switch nothing off.

use super::{did_you_mean, Builder};
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::rules::ast::{RulesAst, Spanned, Statement};

/// The built-in rules a file switches off with `extends default without …`.
pub(super) fn switched_off(layers: &[RulesAst]) -> Vec<Spanned<String>> {
    layers
        .iter()
        .skip(1)
        .flat_map(|ast| &ast.statements)
        .filter_map(|s| match s {
            Statement::Extends { without, .. } => Some(without.iter().cloned()),
            _ => None,
        })
        .flatten()
        .collect()
}

impl Builder {
    /// Whether `extends default without …` names this built-in statement;
    /// a statement holding several rules (normalize, synonyms, ignore) is
    /// thinned instead, rule by rule, through [`Self::builtin_off`].
    pub(super) fn is_switched_off(&mut self, statement: &Statement) -> bool {
        let label = match statement {
            Statement::NeverMerge { label, .. } | Statement::AlwaysMerge { label, .. } => {
                label.as_ref()
            }
            _ => None,
        };
        label.is_some_and(|l| self.names_off(&l.value))
    }

    /// Records a built-in rule's name; true when `without` switches it off.
    fn names_off(&mut self, name: &str) -> bool {
        self.builtin_names.push(name.to_string());
        self.used_without.resize(self.without.len(), false);
        let mut off = false;
        for (used, without) in self.used_without.iter_mut().zip(&self.without) {
            if without.value.eq_ignore_ascii_case(name) {
                *used = true;
                off = true;
            }
        }
        off
    }

    /// Whether `layer` is the built-in rules with some switched off: a
    /// built-in rule refining a placeholder whose maker is off never
    /// matches, which is what switching that maker off asks for.
    pub(super) fn thinned_builtin(&self, layer: usize) -> bool {
        layer == 0 && self.layered && !self.without.is_empty()
    }

    /// Whether a rule of `layer` is a built-in one `without` switches off.
    pub(super) fn builtin_off(&mut self, layer: usize, name: Option<&str>) -> bool {
        layer == 0 && self.layered && name.is_some_and(|n| self.names_off(n))
    }

    /// A `without` name that matches no built-in rule is a mistake.
    pub(super) fn report_unknown_without(&mut self) {
        self.used_without.resize(self.without.len(), false);
        let names: Vec<&str> = self.builtin_names.iter().map(String::as_str).collect();
        for (without, used) in self.without.iter().zip(&self.used_without) {
            if *used {
                continue;
            }
            self.problems.push(
                Problem::error(
                    RulesCode::UnknownRuleName,
                    format!("no built-in rule is named `{}`", without.value),
                )
                .label(without.span, "switches nothing off")
                .help(format!(
                    "`forge rules --print-default` shows each built-in rule's name{}",
                    did_you_mean(&without.value, &names)
                )),
            );
        }
    }
}
