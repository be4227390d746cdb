//! The stages in order: normalize every entry, cluster, aggregate.

use crate::aggregate::{self, Summary};
use crate::cluster::{self, Clustering};
use crate::journal::Entry;
use crate::normalize;
use crate::rules::Rules;

/// What the pipeline computes from a journal and its rules.
#[derive(Debug)]
pub struct Analysis {
    pub clustering: Clustering,
    pub summaries: Vec<Summary>,
}

pub fn analyze(rules: &Rules, entries: &[Entry]) -> Analysis {
    let signed = entries
        .iter()
        .map(|entry| {
            let mut trace = Vec::new();
            let texts = normalize::entry_texts(rules, entry);
            (normalize::signature(rules, &texts, &mut trace), trace)
        })
        .collect();
    let clustering = cluster::cluster(rules, signed);
    let summaries = aggregate::summarize(rules, entries, &clustering);
    Analysis {
        clustering,
        summaries,
    }
}
