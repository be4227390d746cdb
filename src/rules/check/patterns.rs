//! Rules that match a pattern against whole texts: `infer action`,
//! `never merge`, `always merge` and `name`. The placeholders they name are
//! checked once every normalize rule is known, since all of those run
//! first.

use super::Builder;
use crate::rules::ast::{RegexLit, Spanned};
use crate::rules::{placeholders, InferAction, NamedPattern, NeverMerge};
use crate::source::Span;

impl Builder {
    pub(super) fn infer_action(
        &mut self,
        layer: usize,
        label: Option<&Spanned<String>>,
        action: &Spanned<String>,
        pattern: &RegexLit,
        span: Span,
    ) {
        let name = label.map(|l| l.value.as_str());
        if self.builtin_off(layer, name) || !self.count_rule(span) {
            return;
        }
        self.pattern_placeholders
            .extend(placeholders::referenced(pattern));
        if let Some(regex) = self.regex(pattern) {
            self.rules.infer_actions.push(InferAction {
                action: action.value.to_lowercase(),
                pattern: regex,
            });
        }
    }

    pub(super) fn never_merge(
        &mut self,
        layer: usize,
        label: Option<&Spanned<String>>,
        left: &RegexLit,
        right: &RegexLit,
        because: Option<&Spanned<String>>,
        span: Span,
    ) {
        if !self.count_rule(span) {
            return;
        }
        if !self.thinned_builtin(layer) {
            self.pattern_placeholders
                .extend(placeholders::referenced(left));
            self.pattern_placeholders
                .extend(placeholders::referenced(right));
        }
        if let (Some(left), Some(right)) = (self.regex(left), self.regex(right)) {
            self.rules.never_merge.push(NeverMerge {
                name: label.map(|l| l.value.clone()),
                left,
                right,
                because: because.map(|b| b.value.clone()),
                span,
            });
        }
    }

    pub(super) fn always_merge(&mut self, pattern: &RegexLit, name: &Spanned<String>, span: Span) {
        if !self.count_rule(span) {
            return;
        }
        if let Some(named) = self.named_pattern(pattern, name, span) {
            self.rules.always_merge.push(named);
        }
    }

    pub(super) fn name(&mut self, pattern: &RegexLit, name: &Spanned<String>, span: Span) {
        if !self.count_rule(span) {
            return;
        }
        if let Some(named) = self.named_pattern(pattern, name, span) {
            self.rules.names.push(named);
        }
    }

    fn named_pattern(
        &mut self,
        pattern: &RegexLit,
        name: &Spanned<String>,
        span: Span,
    ) -> Option<NamedPattern> {
        self.pattern_placeholders
            .extend(placeholders::referenced(pattern));
        let regex = self.regex(pattern)?;
        Some(NamedPattern {
            pattern: regex,
            name: name.value.clone(),
            span,
        })
    }

    /// Placeholders the pattern rules name that no normalize rule makes.
    pub(super) fn report_unproduced_in_patterns(&mut self) {
        for (name, span) in std::mem::take(&mut self.pattern_placeholders) {
            if !self.produced.contains(&name) {
                let problem = placeholders::unproduced(&name, span, &self.produced);
                self.problems.push(problem);
            }
        }
    }
}
