//! `test` blocks: pairs of titles the rules must put together (`same`) or
//! keep apart (`different`), decided by the real normalize and cluster
//! stages on a two-entry journal.

use serde::Serialize;

use crate::cluster::{self, Candidate, Reason};
use crate::normalize::{self, Signature};
use crate::rules::ast::{Expect, TestBlock, TestCase};
use crate::rules::{Part, Rules};
use crate::source::Span;

/// The result of one `same`/`different` line.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaseResult {
    pub(crate) block: String,
    pub(crate) expect: &'static str,
    pub(crate) left: String,
    pub(crate) right: String,
    pub(crate) left_signature: String,
    pub(crate) right_signature: String,
    pub(crate) together: bool,
    pub(crate) passed: bool,
    /// Why the second title went where it did.
    pub(crate) reason: Reason,
    /// The first title's operation as scored for the second, if compared.
    pub(crate) candidate: Option<Candidate>,
    #[serde(skip)]
    pub(crate) span: Span,
}

pub(crate) fn run(rules: &Rules, blocks: &[&TestBlock]) -> Vec<CaseResult> {
    blocks
        .iter()
        .flat_map(|block| {
            block
                .cases
                .iter()
                .map(move |case| run_case(rules, block, case))
        })
        .collect()
}

fn run_case(rules: &Rules, block: &TestBlock, case: &TestCase) -> CaseResult {
    let signed = vec![
        sign(rules, &case.left.value, case.left.span),
        sign(rules, &case.right.value, case.right.span),
    ];
    let left_signature = signed[0].0.text();
    let right_signature = signed[1].0.text();
    let clustering = cluster::cluster(rules, signed);
    let decision = &clustering.decisions[1];
    let together = decision.operation == clustering.decisions[0].operation;
    let candidate = decision
        .candidates
        .iter()
        .find(|c| c.operation == clustering.decisions[0].operation)
        .cloned();
    CaseResult {
        block: block.title.value.clone(),
        expect: match case.expect {
            Expect::Same => "same",
            Expect::Different => "different",
        },
        left: case.left.value.clone(),
        right: case.right.value.clone(),
        left_signature,
        right_signature,
        together,
        passed: together == (case.expect == Expect::Same),
        reason: decision.reason.clone(),
        candidate,
        span: case.span,
    }
}

/// The signature of a title alone, as if it headed an entry with no fields.
pub(crate) fn sign(rules: &Rules, title: &str, span: Span) -> (Signature, Vec<normalize::Step>) {
    // Inside the quotes, so spans point at the text (exact when unescaped).
    let inner = Span::new(
        span.file,
        span.start + 1,
        span.end.saturating_sub(1).max(span.start + 1),
    );
    let texts: Vec<Vec<(&str, Span)>> = rules
        .parts
        .iter()
        .map(|p| {
            if p.part == Part::Title {
                vec![(title, inner)]
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut trace = Vec::new();
    let signature = normalize::signature(rules, &texts, &mut trace);
    (signature, trace)
}
