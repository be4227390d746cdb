//! Resolves the recorded trace into the views of [`super::model`]: looks up
//! the rules and places that indices and spans name. Nothing is scored or
//! matched again here; every fact comes from the pipeline's output.

use crate::aggregate::{NamedBy, Summary};
use crate::cluster::{Candidate, Decision, Reason};
use crate::journal::Entry;
use crate::normalize::Step;
use crate::pipeline::Analysis;
use crate::rules::{NamedPattern, Rules};
use crate::source::{Sources, Span};

use super::model::{
    CandidateView, DecisionView, EntryRef, EntryView, Link, OperationRef, OperationView, PairView,
    PartScore, PartSetting, PartWords, Place, RuleKind, RuleRef, Settings, StepKind, StepView,
};

/// What explanations are built from: the inputs and the pipeline's output.
pub struct Context<'a> {
    pub(crate) rules: &'a Rules,
    pub(crate) sources: &'a Sources,
    pub(crate) entries: &'a [Entry],
    pub(crate) analysis: &'a Analysis,
    /// Operation index → its summary.
    summaries: Vec<Option<&'a Summary>>,
}

impl<'a> Context<'a> {
    pub fn new(
        rules: &'a Rules,
        sources: &'a Sources,
        entries: &'a [Entry],
        analysis: &'a Analysis,
    ) -> Self {
        let mut summaries = vec![None; analysis.clustering.operations.len()];
        for summary in &analysis.summaries {
            if let Some(slot) = summaries.get_mut(summary.operation) {
                *slot = Some(summary);
            }
        }
        Context {
            rules,
            sources,
            entries,
            analysis,
            summaries,
        }
    }

    pub(crate) fn place(&self, span: Span) -> Place {
        Place::new(self.sources, span)
    }

    /// A setting's place; `None` for a setting no file states (its span
    /// is empty).
    fn stated(&self, span: Span) -> Option<Place> {
        (!span.is_empty()).then(|| self.place(span))
    }

    pub fn settings(&self) -> Settings {
        let rules = self.rules;
        Settings {
            metric: rules.metric.name(),
            metric_at: self.stated(rules.metric_span),
            threshold: rules.threshold,
            threshold_at: self.stated(rules.threshold_span),
            parts: rules
                .parts
                .iter()
                .map(|p| PartSetting {
                    part: p.part.name().to_string(),
                    weight: p.weight,
                    at: self.stated(p.span),
                })
                .collect(),
        }
    }

    fn part_name(&self, part: usize) -> String {
        self.rules
            .parts
            .get(part)
            .map_or_else(|| format!("part {part}"), |p| p.part.name().to_string())
    }

    fn rule(&self, kind: RuleKind, index: Option<usize>, span: Span) -> RuleRef {
        RuleRef {
            kind,
            index,
            at: self.place(span),
            name: None,
            label: None,
            because: None,
        }
    }

    fn named(&self, kind: RuleKind, index: usize, rules: &[NamedPattern]) -> Option<RuleRef> {
        let rule = rules.get(index)?;
        Some(RuleRef {
            name: Some(rule.name.clone()),
            ..self.rule(kind, Some(index), rule.span)
        })
    }

    fn never_merge(&self, index: usize) -> Option<RuleRef> {
        let rule = self.rules.never_merge.get(index)?;
        Some(RuleRef {
            because: rule.because.clone(),
            label: rule.name.clone(),
            ..self.rule(RuleKind::NeverMerge, Some(index), rule.span)
        })
    }

    pub(crate) fn entry_ref(&self, index: usize) -> Option<EntryRef> {
        let entry = self.entries.get(index)?;
        Some(EntryRef {
            number: index + 1,
            line: entry.line,
            date: Some(self.sources.slice(entry.date_span))
                .filter(|date| !date.is_empty())
                .map(str::to_string),
            title: entry.title.clone(),
        })
    }

    pub(crate) fn operation_ref(&self, operation: usize) -> Option<OperationRef> {
        let summary = (*self.summaries.get(operation)?)?;
        let named_by = match summary.named_by {
            NamedBy::AlwaysMerge(i) => {
                self.named(RuleKind::AlwaysMerge, i, &self.rules.always_merge)
            }
            NamedBy::Name(i) => self.named(RuleKind::Name, i, &self.rules.names),
            NamedBy::Signature => None,
        };
        Some(OperationRef {
            id: summary.id.clone(),
            name: summary.name.clone(),
            named_by,
        })
    }

    fn decision(&self, index: usize) -> Option<&'a Decision> {
        self.analysis
            .clustering
            .decisions
            .get(index)
            .filter(|d| d.entry == index)
    }

    pub fn entry_view(&self, index: usize) -> Option<EntryView> {
        let entry = self.entries.get(index)?;
        let decision = self.decision(index)?;
        Some(EntryView {
            entry: self.entry_ref(index)?,
            title_at: self.place(entry.title_span),
            signature: decision.signature_text.clone(),
            parts: decision
                .signature
                .parts
                .iter()
                .enumerate()
                .map(|(i, p)| PartWords {
                    part: self.part_name(i),
                    present: p.present,
                    words: p.words.clone(),
                })
                .collect(),
            steps: decision.trace.iter().filter_map(|s| self.step(s)).collect(),
            operation: self.operation_ref(decision.operation)?,
            decision: self.decision_view(decision)?,
            candidates: decision
                .candidates
                .iter()
                .filter_map(|c| self.candidate(decision, c))
                .collect(),
        })
    }

    fn step(&self, step: &Step) -> Option<StepView> {
        let rules = self.rules;
        let view = match step {
            Step::Normalized {
                part,
                rule,
                matched,
                replacement,
                span,
            } => StepView {
                kind: StepKind::Normalized,
                part: self.part_name(*part),
                text: matched.clone(),
                result: Some(replacement.clone()),
                at: self.place(*span),
                rule: RuleRef {
                    label: rules.normalizers.get(*rule)?.name.clone(),
                    ..self.rule(
                        RuleKind::Normalize,
                        Some(*rule),
                        rules.normalizers.get(*rule)?.span,
                    )
                },
            },
            Step::Synonym {
                part,
                synonym,
                phrase,
                canonical,
                span,
            } => StepView {
                kind: StepKind::Synonym,
                part: self.part_name(*part),
                text: phrase.clone(),
                result: Some(canonical.clone()),
                at: self.place(*span),
                rule: self.rule(
                    RuleKind::Synonym,
                    Some(*synonym),
                    rules.synonyms.get(*synonym)?.span,
                ),
            },
            Step::Fuzzy {
                part,
                word,
                read_as,
                span,
            } => StepView {
                kind: StepKind::Fuzzy,
                part: self.part_name(*part),
                text: word.clone(),
                result: Some(read_as.clone()),
                at: self.place(*span),
                rule: self.rule(RuleKind::Fuzzy, None, rules.fuzzy_span),
            },
            Step::Ignored { part, word, span } => StepView {
                kind: StepKind::Ignored,
                part: self.part_name(*part),
                text: word.clone(),
                result: None,
                at: self.place(*span),
                rule: self.rule(RuleKind::Ignore, None, *rules.ignore.get(word)?),
            },
        };
        Some(view)
    }

    fn decision_view(&self, decision: &Decision) -> Option<DecisionView> {
        Some(match decision.reason.clone() {
            Reason::Forced { rule } => DecisionView::Forced {
                rule: self.named(RuleKind::AlwaysMerge, rule, &self.rules.always_merge)?,
            },
            Reason::SameSignature { entry } => DecisionView::SameSignature {
                entry: self.entry_ref(entry)?,
            },
            Reason::SamePlain { entry } => DecisionView::SamePlain {
                entry: self.entry_ref(entry)?,
            },
            Reason::Similar { score } => DecisionView::Joined {
                score,
                founder: self
                    .analysis
                    .clustering
                    .operations
                    .get(decision.operation)
                    .and_then(|op| self.entry_ref(op.founder_entry)),
            },
            Reason::New => DecisionView::New,
            Reason::Split {
                from,
                positions,
                words,
                limit,
            } => DecisionView::Split {
                from: self
                    .operation_ref(from)
                    .map_or_else(String::new, |op| op.name),
                positions,
                words,
                limit,
            },
        })
    }

    fn candidate(&self, decision: &Decision, candidate: &Candidate) -> Option<CandidateView> {
        Some(CandidateView {
            operation: self.operation_ref(candidate.operation)?,
            template: candidate.template.clone(),
            founder: self.entry_ref(candidate.founder_entry),
            founder_signature: candidate.founder.clone(),
            parts: candidate
                .part_scores
                .iter()
                .zip(&self.rules.parts)
                .enumerate()
                .map(|(i, (score, part))| PartScore {
                    part: self.part_name(i),
                    weight: part.weight,
                    score: *score,
                })
                .collect(),
            score: candidate.score,
            reaches_threshold: candidate.score >= self.rules.threshold,
            blocked_by: candidate.blocked_by.and_then(|i| self.never_merge(i)),
            chosen: matches!(decision.reason, Reason::Similar { .. })
                && candidate.operation == decision.operation,
        })
    }

    pub fn operation_view(&self, operation: usize) -> Option<OperationView> {
        let op = self.analysis.clustering.operations.get(operation)?;
        Some(OperationView {
            operation: self.operation_ref(operation)?,
            founder: op.founder.clone(),
            template: op.template_text(),
            members: op
                .members
                .iter()
                .filter_map(|&m| self.entry_view(m))
                .collect(),
        })
    }

    /// The operation an entry is in.
    pub(crate) fn operation_of(&self, entry: usize) -> Option<usize> {
        self.decision(entry).map(|d| d.operation)
    }

    pub fn pair_view(&self, a: usize, b: usize) -> Option<PairView> {
        let (first, second) = (a.min(b), a.max(b));
        let first_op = self.operation_of(first)?;
        let later = self.decision(second)?;
        let together = later.operation == first_op;
        let compared = later
            .candidates
            .iter()
            .find(|c| c.operation == first_op)
            .and_then(|c| self.candidate(later, c));
        let chain = if together && !self.direct(first, later) {
            self.chain(later.operation, second)
        } else {
            Vec::new()
        };
        Some(PairView {
            together,
            first: self.entry_view(first)?,
            second: self.entry_view(second)?,
            compared,
            chain,
        })
    }

    /// Whether the later entry's decision links it to `first` without
    /// another entry in between: the same signature as `first`, the same
    /// `always merge` rule, or an operation that held only `first`.
    fn direct(&self, first: usize, later: &Decision) -> bool {
        let forced_by = |d: &Decision| match d.reason {
            Reason::Forced { rule } => Some(rule),
            _ => None,
        };
        let before: Vec<usize> = self
            .analysis
            .clustering
            .operations
            .get(later.operation)
            .map(|op| {
                op.members
                    .iter()
                    .copied()
                    .filter(|&m| m < later.entry)
                    .collect()
            })
            .unwrap_or_default();
        later.reason == (Reason::SameSignature { entry: first })
            || before == [first]
            || forced_by(later).is_some()
                && self.decision(first).and_then(forced_by) == forced_by(later)
    }

    /// Every member of an operation up to and including `last`.
    fn chain(&self, operation: usize, last: usize) -> Vec<Link> {
        let Some(op) = self.analysis.clustering.operations.get(operation) else {
            return Vec::new();
        };
        op.members
            .iter()
            .filter(|&&m| m <= last)
            .filter_map(|&m| {
                let decision = self.decision(m)?;
                Some(Link {
                    entry: self.entry_ref(m)?,
                    title_at: self.place(self.entries.get(m)?.title_span),
                    signature: decision.signature_text.clone(),
                    decision: self.decision_view(decision)?,
                })
            })
            .collect()
    }
}
