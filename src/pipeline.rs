//! The stages in order: normalize every entry, cluster, aggregate.
//!
//! [`analyze`] keeps everything `forge explain` shows: each entry's
//! signature with spans, the trace of every rewrite and every decision.
//! [`lean`] computes the same operations and summaries without them, for
//! outputs that only need the summaries (RUNBOOK.md, `forge operations`).

use rayon::prelude::*;

use crate::aggregate::{self, Summary};
use crate::cluster::{self, Clusterer, Clustering, Strategy};
use crate::journal::Entry;
use crate::normalize::{self, Signature, Step};
use crate::rules::Rules;

/// Entries normalized per batch in [`lean`]: enough to keep every core
/// busy, few enough that a journal's signatures are never all held at once.
const BATCH: usize = 16_384;

/// What the pipeline computes from a journal and its rules.
#[derive(Debug)]
pub struct Analysis {
    pub clustering: Clustering,
    pub summaries: Vec<Summary>,
}

/// Everything, including every decision with its trace.
pub fn analyze(rules: &Rules, entries: &[Entry]) -> Analysis {
    let clustering = cluster::cluster_with(rules, sign(rules, entries), Strategy::default());
    let summaries = summarize(rules, entries, &clustering);
    Analysis {
        clustering,
        summaries,
    }
}

/// The operations and summaries only: `clustering.decisions` is empty.
/// Same operations and summaries as [`analyze`].
pub fn lean(rules: &Rules, entries: &[Entry]) -> Analysis {
    let mut clusterer = Clusterer::new(rules, Strategy::default());
    for batch in entries.chunks(BATCH) {
        let signatures: Vec<Signature> = batch
            .par_iter()
            .map(|entry| normalize::plain_signature(rules, &normalize::entry_texts(rules, entry)))
            .collect();
        for signature in signatures {
            clusterer.place_quietly(signature);
        }
    }
    let clustering = clusterer.finish();
    let summaries = summarize(rules, entries, &clustering);
    Analysis {
        clustering,
        summaries,
    }
}

/// Every entry's signature and the trace of how it was made, in order.
pub fn sign(rules: &Rules, entries: &[Entry]) -> Vec<(Signature, Vec<Step>)> {
    entries
        .par_iter()
        .map(|entry| {
            let mut trace = Vec::new();
            let texts = normalize::entry_texts(rules, entry);
            (normalize::signature(rules, &texts, &mut trace), trace)
        })
        .collect()
}

/// Aggregates, normalizing each distinct evidence text once.
fn summarize(rules: &Rules, entries: &[Entry], clustering: &Clustering) -> Vec<Summary> {
    normalize::with_text_keys(rules, || aggregate::summarize(rules, entries, clustering))
}
