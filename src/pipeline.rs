//! The stages in order: normalize every entry, cluster, aggregate.
//!
//! [`analyze`] keeps everything `forge explain` shows: each entry's
//! signature with spans, the trace of every rewrite and every decision.
//! [`lean`] computes the same operations and summaries without them, for
//! outputs that only need the summaries (RUNBOOK.md, the operations
//! table). [`fold`] computes the same summaries while the journal is parsed,
//! a batch of entries at a time, keeping only a compact digest of each
//! entry and normalizing each distinct title once, for `forge operations
//! --format json` on journals of millions of entries.

use rayon::prelude::*;

use crate::aggregate::digest::Digest;
use crate::aggregate::fold::Folded;
use crate::aggregate::{self, Summary};
use crate::cluster::{self, Clusterer, Clustering, Strategy};
use crate::journal::{self, Entry, Journal};
use crate::normalize::{self, Signature, SignatureMemo, Signed, Step};
use crate::rules::Rules;
use crate::source::FileId;

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

/// The summaries of [`lean`], by index into a digest of the entries.
#[derive(Debug)]
pub struct Folding {
    pub digest: Digest,
    pub summaries: Vec<Folded>,
}

/// Parses the journal `text` and computes the summaries of [`lean`] a
/// batch of entries at a time: each batch is normalized (on every core),
/// clustered and digested, then dropped, so memory grows with the digest
/// (~100 bytes an entry), not with the parsed entries (~1.8 KB). Returns
/// the journal's problems (no entries) and the summaries.
pub fn fold(rules: &Rules, file: FileId, text: &str) -> (Journal, Folding) {
    let mut digest = Digest::default();
    digest.reserve(journal::estimated_entries(text));
    let mut memo = SignatureMemo::default();
    let (journal, clustering) = std::thread::scope(|scope| {
        // Clustering is sequential: it runs on a thread of its own, fed in
        // order, so that parsing, normalizing and digesting never wait
        // for it batch by batch.
        let (send, batches) = std::sync::mpsc::sync_channel::<Vec<Signed>>(QUEUED_BATCHES);
        let clustering = scope.spawn(move || {
            let mut clusterer = Clusterer::new(rules, Strategy::default());
            for batch in batches {
                place(&mut clusterer, batch);
            }
            clusterer.finish()
        });
        let journal = journal::parse_batches(file, text, &mut |entries| {
            let (signed, ()) = rayon::join(
                || signatures(rules, &memo, &entries),
                || {
                    digest.add(&entries);
                    digest.key_texts(rules);
                },
            );
            memo.learn(&signed);
            // The clustering thread only stops early by panicking, which
            // `join` below passes on.
            let _ = send.send(signed);
        });
        drop(send);
        let clustering = clustering
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (journal, clustering)
    });
    let summaries = aggregate::fold::fold(rules, &mut digest, clustering);
    (journal, Folding { digest, summaries })
}

/// Batches of signatures waiting for the clustering thread at most.
const QUEUED_BATCHES: usize = 4;

/// Places entries in order, without decisions.
fn place(clusterer: &mut Clusterer<'_>, signed: Vec<Signed>) {
    for signed in signed {
        clusterer.place_signed(signed);
    }
}

/// The plain signature of each entry, in order, on every core; texts the
/// memo has seen are not normalized again.
fn signatures(rules: &Rules, memo: &SignatureMemo, entries: &[Entry]) -> Vec<Signed> {
    entries
        .par_iter()
        .map(|entry| memo.sign_entry(rules, entry))
        .collect()
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
    aggregate::summarize(rules, entries, clustering)
}
