//! What clustering compares and how: `cluster on`, the `similarity`
//! settings, and the weights, checked once `cluster on` is final.

use super::{did_you_mean, Builder};
use crate::codes::RulesCode;
use crate::error::Problem;
use crate::journal::FieldKey;
use crate::rules::ast::{SimilaritySetting, Spanned};
use crate::rules::{ClusterPart, Metric, Part};

/// Fields `cluster on` and `weight` accept.
const PART_NAMES: [&str; 8] = [
    "title", "why", "change", "verify", "rollback", "outcome", "by", "ticket",
];

impl Builder {
    pub(super) fn cluster_on(&mut self, names: &[Spanned<String>]) {
        let mut parts = Vec::new();
        for name in names {
            match part_from_name(&name.value) {
                Some(part) => parts.push(ClusterPart {
                    part,
                    weight: 1.0,
                    span: name.span,
                }),
                None => self.problems.push(unknown_field(name)),
            }
        }
        if !parts.is_empty() {
            self.rules.parts = parts;
        }
    }

    pub(super) fn similarity(&mut self, setting: &SimilaritySetting) {
        match setting {
            SimilaritySetting::Metric(name) => match Metric::from_name(&name.value) {
                Some(metric) => {
                    self.rules.metric = metric;
                    self.rules.metric_span = name.span;
                }
                None => self.problems.push(unknown_metric(name)),
            },
            SimilaritySetting::Threshold(value) => {
                if (0.0..=1.0).contains(&value.value) {
                    self.rules.threshold = value.value;
                    self.rules.threshold_span = value.span;
                } else {
                    self.problems.push(out_of_range(value, "the threshold"));
                }
            }
            SimilaritySetting::Split(value) => {
                if (0.0..=64.0).contains(&value.value) && value.value.fract() == 0.0 {
                    // Checked to be a whole number in 0..=64 just above.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let split = value.value as usize;
                    self.rules.split = split;
                    self.rules.split_span = value.span;
                } else {
                    self.problems.push(
                        Problem::error(
                            RulesCode::OutOfRange,
                            "`split` must be a whole number between 0 and 64",
                        )
                        .label(value.span, format!("split is {}", value.value))
                        .help("write split = 0 to turn the split pass off, or e.g. split = 4"),
                    );
                }
            }
            SimilaritySetting::Weight { field, weight } => {
                self.weights.push((field.clone(), weight.clone()));
            }
            SimilaritySetting::Placeholder(value) => {
                if (0.0..=1.0).contains(&value.value) {
                    self.rules.placeholder_weight = value.value;
                } else {
                    self.problems
                        .push(out_of_range(value, "the placeholder weight"));
                }
            }
            SimilaritySetting::JournalWeights(journal) => {
                self.rules.journal_weights = journal.value;
            }
        }
    }

    pub(super) fn apply_weights(&mut self) {
        for (field, weight) in std::mem::take(&mut self.weights) {
            if !(0.0..=1000.0).contains(&weight.value) {
                self.problems.push(out_of_range(&weight, "a weight"));
                continue;
            }
            let part = part_from_name(&field.value);
            match self
                .rules
                .parts
                .iter_mut()
                .find(|p| Some(&p.part) == part.as_ref())
            {
                Some(target) => {
                    target.weight = weight.value;
                    target.span = field.span;
                }
                None => self
                    .problems
                    .push(weight_not_compared(&field, &self.rules.parts)),
            }
        }
    }

    /// `split` only means something under the positional metric.
    pub(super) fn warn_split_metric(&mut self) {
        if self.rules.split == 0 || self.rules.metric == Metric::Positional {
            return;
        }
        self.problems.push(
            Problem::warning(
                RulesCode::SplitNeedsPositional,
                format!(
                    "`split = {}` has no effect with metric `{}`",
                    self.rules.split,
                    self.rules.metric.name()
                ),
            )
            .label(
                self.rules.split_span,
                "the split pass runs only with `positional`",
            )
            .help("use `metric = positional`, or remove `split`"),
        );
    }
}

fn part_from_name(name: &str) -> Option<Part> {
    let lower = name.to_lowercase();
    if lower == "title" {
        return Some(Part::Title);
    }
    match FieldKey::from_key(&lower) {
        FieldKey::Other(_) => None,
        key => Some(Part::Field(key)),
    }
}

fn unknown_field(name: &Spanned<String>) -> Problem {
    Problem::error(
        RulesCode::UnknownField,
        format!("unknown field `{}`", name.value),
    )
    .label(name.span, "not a field clustering can compare")
    .help(format!(
        "compare any of: {}{}",
        PART_NAMES.join(", "),
        did_you_mean(&name.value, &PART_NAMES)
    ))
}

fn unknown_metric(name: &Spanned<String>) -> Problem {
    let names: Vec<&str> = Metric::ALL.iter().map(|(n, _)| *n).collect();
    Problem::error(
        RulesCode::UnknownMetric,
        format!("unknown similarity metric `{}`", name.value),
    )
    .label(name.span, "not a metric")
    .help(format!(
        "use one of: {}{}",
        names.join(", "),
        did_you_mean(&name.value, &names)
    ))
}

pub(in crate::rules) fn out_of_range(value: &Spanned<f64>, what: &str) -> Problem {
    let range = if what == "a weight" {
        "between 0 and 1000"
    } else {
        "between 0 and 1"
    };
    Problem::error(RulesCode::OutOfRange, format!("{what} must be {range}"))
        .label(value.span, format!("{what} is {}", value.value))
        .help(format!("write {what} as a number {range}, e.g. 0.75"))
}

fn weight_not_compared(field: &Spanned<String>, parts: &[ClusterPart]) -> Problem {
    let compared: Vec<&str> = parts.iter().map(|p| p.part.name()).collect();
    Problem::error(
        RulesCode::UnknownField,
        format!(
            "`{}` is not compared, so it cannot have a weight",
            field.value
        ),
    )
    .label(field.span, "not listed in `cluster on`")
    .help(format!(
        "the compared fields are: {}; add `{}` to `cluster on` or remove this weight{}",
        compared.join(", "),
        field.value,
        did_you_mean(&field.value, &compared)
    ))
}
