//! The decision behind a wrong merge or split, read from the clustering's
//! trace and told with the place of the rule or threshold that made it.

use crate::cluster::{Candidate, Decision, Reason};
use crate::render::explain::model::Place;
use crate::render::reason;
use crate::source::Span;

use super::report::{number, Context, Decider};

impl Context<'_> {
    fn place(&self, span: Span) -> Option<String> {
        (!span.is_empty()).then(|| Place::new(self.sources, span).short())
    }

    /// `threshold 0.6 (rules.forge:35)`.
    fn threshold_text(&self) -> String {
        let at = self
            .place(self.rules.threshold_span)
            .map_or_else(String::new, |p| format!(", {p}"));
        format!(
            "the threshold {} ({}{at})",
            number(self.rules.threshold),
            self.rules.metric.name()
        )
    }

    fn decider(&self, decision: &Decision, kind: &'static str, text: String) -> Decider {
        Decider {
            kind,
            rule: None,
            score: None,
            threshold: self.rules.threshold,
            entry: self.member(decision.entry),
            text,
        }
    }

    /// Why a decision's entry is in its operation (it joined it).
    pub(super) fn joined(&self, decision: &Decision) -> Decider {
        let op = decision.operation;
        match &decision.reason {
            Reason::Forced { rule } => self.forced(decision, *rule),
            Reason::SameSignature { entry } => self.decider(
                decision,
                "same_signature",
                format!(
                    "its signature \"{}\" is the same as that of JOURNAL.md:{}",
                    decision.signature_text,
                    self.member(*entry).line
                ),
            ),
            Reason::SamePlain { entry } => self.decider(
                decision,
                "same_plain",
                format!(
                    "\"{}\": {}",
                    decision.signature_text,
                    reason::same_plain(self.member(*entry).line)
                ),
            ),
            Reason::Split { from, .. } => self.split(decision, *from),
            Reason::Similar { score } => {
                let template = decision
                    .candidates
                    .iter()
                    .find(|c| c.operation == op)
                    .map_or_else(String::new, |c| {
                        format!(
                            " \"{}\", {}",
                            c.founder,
                            reason::founder(self.member(c.founder_entry).line)
                        )
                    });
                Decider {
                    rule: self.place(self.rules.threshold_span),
                    score: Some(*score),
                    ..self.decider(
                        decision,
                        "similar",
                        format!(
                            "\"{}\" scored {} against the founder{template}, reaching {}",
                            decision.signature_text,
                            number(*score),
                            self.threshold_text()
                        ),
                    )
                }
            }
            Reason::New => self.decider(decision, "new", "it founded the operation".to_string()),
        }
    }

    /// The split pass moved the entry out of operation `from`.
    fn split(&self, decision: &Decision, from: usize) -> Decider {
        let text = match &decision.reason {
            Reason::Split {
                positions,
                words,
                limit,
                ..
            } => reason::split(&self.name(from), positions, words, *limit),
            _ => String::new(),
        };
        self.decider(decision, "split", text)
    }

    fn forced(&self, decision: &Decision, rule: usize) -> Decider {
        let (name, pattern, at) = self.rules.always_merge.get(rule).map_or_else(
            || (String::new(), String::new(), None),
            |r| {
                (
                    r.name.clone(),
                    r.pattern.as_str().to_string(),
                    self.place(r.span),
                )
            },
        );
        let location = at
            .as_deref()
            .map_or_else(String::new, |p| format!(" ({p})"));
        Decider {
            rule: at.clone(),
            ..self.decider(
                decision,
                "always_merge",
                format!(
                    "always merge /{pattern}/ as \"{name}\"{location} matched \"{}\"",
                    decision.signature_text
                ),
            )
        }
    }

    /// Why a decision's entry did not join operation `other`.
    pub(super) fn apart(&self, decision: &Decision, other: usize) -> Decider {
        let other_name = self.name(other);
        let here = self.name(decision.operation);
        match &decision.reason {
            Reason::Forced { rule } => {
                let mut forced = self.forced(decision, *rule);
                forced.text = format!("{}, so it went to \"{here}\"", forced.text);
                return forced;
            }
            Reason::SameSignature { entry } => {
                return self.decider(
                    decision,
                    "same_signature",
                    format!(
                        "its signature \"{}\" is the same as that of JOURNAL.md:{}, already in \"{here}\"",
                        decision.signature_text,
                        self.member(*entry).line
                    ),
                );
            }
            Reason::SamePlain { entry } => {
                return self.decider(
                    decision,
                    "same_plain",
                    format!(
                        "{}, already in \"{here}\"",
                        reason::same_plain(self.member(*entry).line)
                    ),
                );
            }
            Reason::Split { from, .. } => return self.split(decision, *from),
            Reason::Similar { .. } | Reason::New => {}
        }
        let Some(candidate) = decision.candidates.iter().find(|c| c.operation == other) else {
            return self.decider(
                decision,
                "threshold",
                format!(
                    "\"{}\" was not among the best-scoring candidates recorded for it, so \"{other_name}\" scored lower still (best recorded: {})",
                    decision.signature_text,
                    decision
                        .candidates
                        .first()
                        .map_or_else(|| "none".to_string(), |c| number(c.score))
                ),
            );
        };
        self.scored_apart(decision, candidate, &other_name)
    }

    /// Why an entry scored against operation `other_name` did not join it.
    fn scored_apart(
        &self,
        decision: &Decision,
        candidate: &Candidate,
        other_name: &str,
    ) -> Decider {
        let here = self.name(decision.operation);
        let score = Some(candidate.score);
        if let Some(rule) = candidate
            .blocked_by
            .and_then(|r| self.rules.never_merge.get(r))
        {
            let at = self.place(rule.span);
            return Decider {
                rule: at.clone(),
                score,
                ..self.decider(
                    decision,
                    "never_merge",
                    format!(
                        "never merge /{}/ with /{}/{} kept \"{}\" from \"{other_name}\" (score {})",
                        rule.left.as_str(),
                        rule.right.as_str(),
                        at.map_or_else(String::new, |p| format!(" ({p})")),
                        decision.signature_text,
                        number(candidate.score)
                    ),
                )
            };
        }
        if candidate.score < self.rules.threshold {
            return Decider {
                rule: self.place(self.rules.threshold_span),
                score,
                ..self.decider(
                    decision,
                    "threshold",
                    format!(
                        "\"{}\" scored {} against \"{other_name}\" (template \"{}\"), below {}",
                        decision.signature_text,
                        number(candidate.score),
                        candidate.template,
                        self.threshold_text()
                    ),
                )
            };
        }
        Decider {
            score,
            ..self.decider(
                decision,
                "better_match",
                format!(
                    "\"{}\" scored {} against \"{other_name}\" but more against \"{here}\", which it joined",
                    decision.signature_text,
                    number(candidate.score)
                ),
            )
        }
    }
}
