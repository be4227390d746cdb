//! Normalize rules: the placeholders each names and produces, and the
//! order they run in when a file is layered over the built-in rules.

use super::Builder;
use crate::rules::ast::{NormalizeRule, Replacement};
use crate::rules::needs::Needs;
use crate::rules::{placeholders, Normalizer};

impl Builder {
    /// A `normalize` block: each rule not switched off, within the limits.
    pub(super) fn normalize_rules(&mut self, layer: usize, rules: &[NormalizeRule]) {
        for rule in rules {
            let name = rule.label.as_ref().map(|l| l.value.as_str());
            if !self.builtin_off(layer, name) && self.count_rule(rule.span) {
                self.normalize(layer, rule);
            }
        }
    }

    fn normalize(&mut self, layer: usize, rule: &NormalizeRule) {
        let referenced = placeholders::referenced(&rule.regex);
        let order = run_order(self.layered, layer, !referenced.is_empty());
        for (name, span) in referenced {
            if !self.produced.contains(&name) && !self.thinned_builtin(layer) {
                let problem = placeholders::unproduced(&name, span, &self.produced);
                self.problems.push(problem);
            }
        }
        if let Replacement::Placeholder(name) = &rule.replacement.value {
            let name = name.to_lowercase();
            if !self.produced.contains(&name) {
                self.produced.push(name);
            }
        }
        let Some(regex) = self.regex(&rule.regex) else {
            return;
        };
        let replacement = match &rule.replacement.value {
            Replacement::Placeholder(name) => format!("<{}>", name.to_lowercase()),
            Replacement::Text(text) => text.clone(),
        };
        self.normalizer_order.push(order);
        self.rules.normalizers.push(Normalizer {
            name: rule.label.as_ref().map(|l| l.value.clone()),
            regex,
            needs: Needs::of_pattern(&rule.regex.pattern, self.rules.case_sensitive),
            replacement,
            span: rule.span,
        });
    }

    /// A file's own normalize rules that name no placeholder see the raw
    /// text before the built-in ones; those that refine a placeholder run
    /// after them. The sort is stable, so file order holds within each.
    pub(super) fn order_normalizers(&mut self) {
        let order = std::mem::take(&mut self.normalizer_order);
        let mut ordered: Vec<(u8, Normalizer)> = order
            .into_iter()
            .zip(std::mem::take(&mut self.rules.normalizers))
            .collect();
        ordered.sort_by_key(|(order, _)| *order);
        self.rules.normalizers = ordered.into_iter().map(|(_, n)| n).collect();
    }
}

/// When a normalize rule runs: a layered file's rules that name no
/// placeholder first (0), then the built-in ones (1), then the file's
/// refinements of a placeholder (2). Without layering, file order.
fn run_order(layered: bool, layer: usize, names_placeholder: bool) -> u8 {
    match (layered, layer, names_placeholder) {
        (false, _, _) | (true, 0, _) => 1,
        (true, _, false) => 0,
        (true, _, true) => 2,
    }
}
