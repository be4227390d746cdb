//! The stages in order: normalize every entry, cluster, aggregate.
//!
//! One implementation, run a batch of entries at a time: each batch is
//! normalized on every core while the clustering thread places the batch
//! before it, in journal order. What it keeps is the caller's choice of
//! [`Record`]: `forge explain` and the checks keep each entry's signature
//! with spans, the trace of every rewrite and every decision; runbooks and
//! operation lists keep only the operations, which lets a text seen
//! before skip normalizing and a signature seen before skip comparing.
//! [`run`] takes a parsed journal; [`fold`] parses the journal as it goes
//! and keeps only a compact digest of each entry, for `forge operations
//! --format json` on journals of millions of entries.

use rayon::prelude::*;

use crate::aggregate::digest::Digest;
use crate::aggregate::fold::Folded;
use crate::aggregate::{self, Summary};
use crate::cluster::{Clusterer, Clustering, Decisions, NoDecisions, Strategy};
use crate::journal::{self, Entry, Journal};
use crate::normalize::{self, Signature, SignatureMemo, Signed, Step};
use crate::rules::Rules;
use crate::source::FileId;

/// Entries normalized per batch of a parsed journal: enough to keep every
/// core busy, few enough that a journal's signatures are never all held at
/// once.
const BATCH: usize = 16_384;

/// Batches of signatures waiting for the clustering thread at most.
const QUEUED_BATCHES: usize = 4;

/// What the pipeline keeps of how it decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Every decision with its best candidates, and every signature with
    /// its spans and the trace of how it was made.
    Decisions,
    /// The operations only: `Clustering::decisions` stays empty.
    Operations,
}

/// What the pipeline computes from a journal and its rules.
#[derive(Debug)]
pub struct Analysis {
    pub clustering: Clustering,
    pub summaries: Vec<Summary>,
}

/// The operations and summaries of a parsed journal, keeping what `record`
/// asks for. Both records give the same operations and summaries.
pub fn run(rules: &Rules, entries: &[Entry], record: Record) -> Analysis {
    let clustering = cluster_batches(
        rules,
        record,
        entries.len() > BATCH,
        |batch| entries.chunks(BATCH).for_each(batch),
        |_| {},
    );
    let summaries = summarize(rules, entries, &clustering);
    Analysis {
        clustering,
        summaries,
    }
}

/// The summaries of [`run`], by index into a digest of the entries.
#[derive(Debug)]
pub struct Folding {
    pub digest: Digest,
    pub summaries: Vec<Folded>,
}

/// Parses the journal `text` and computes the summaries of [`run`] a batch
/// of entries at a time: each batch is normalized, clustered and added to
/// `digest`, then dropped, so memory grows with the digest (~100 bytes an
/// entry, ~120 with [`Digest::with_prose`]), not with the parsed entries
/// (~1.8 KB). Returns the journal's problems (no entries) and the
/// summaries.
pub fn fold(rules: &Rules, file: FileId, text: &str, mut digest: Digest) -> (Journal, Folding) {
    digest.reserve(journal::estimated_entries(text));
    let mut journal = Journal::default();
    let clustering = cluster_batches(
        rules,
        Record::Operations,
        true,
        |batch| journal = journal::parse_batches(file, text, &mut |entries| batch(&entries)),
        |entries| {
            digest.add(entries);
            digest.key_texts(rules);
        },
    );
    let summaries = aggregate::fold::fold(rules, &mut digest, clustering);
    (journal, Folding { digest, summaries })
}

/// Normalizes and clusters the batches of entries `feed` gives, in
/// journal order; `beside` sees each batch while it is normalized. With
/// `threaded`, clustering runs on a thread of its own beside normalizing;
/// without, after it: a journal of one batch (fleet mode's resources) has
/// nothing to overlap, and a thread per resource costs more than it saves.
fn cluster_batches(
    rules: &Rules,
    record: Record,
    threaded: bool,
    feed: impl FnOnce(&mut (dyn FnMut(&[Entry]) + Send)),
    mut beside: impl FnMut(&[Entry]) + Send,
) -> Clustering {
    let mut memo = SignatureMemo::default();
    if !threaded {
        let mut signed = Vec::new();
        feed(&mut |entries| {
            let (batch, ()) = rayon::join(
                || sign_batch(rules, record, &memo, entries),
                || beside(entries),
            );
            signed.push(batch);
        });
        return match record {
            Record::Decisions => place_all(rules, signed, Vec::new()),
            Record::Operations => place_all(rules, signed, NoDecisions),
        };
    }
    std::thread::scope(|scope| {
        // Clustering is sequential: it runs on a thread of its own, fed in
        // order, so that normalizing never waits for it batch by batch.
        let (send, batches) = std::sync::mpsc::sync_channel(QUEUED_BATCHES);
        let clustering = scope.spawn(move || match record {
            Record::Decisions => place_all(rules, batches, Vec::new()),
            Record::Operations => place_all(rules, batches, NoDecisions),
        });
        feed(&mut |entries| {
            let (signed, ()) = rayon::join(
                || sign_batch(rules, record, &memo, entries),
                || beside(entries),
            );
            if record == Record::Operations {
                memo.learn(signed.iter().map(|(signed, _)| signed));
            }
            // The clustering thread only stops early by panicking, which
            // `join` below passes on.
            let _ = send.send(signed);
        });
        drop(send);
        clustering
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// A batch of entries' signatures, each with its trace.
type SignedBatch = Vec<(Signed, Vec<Step>)>;

/// Places every entry of the batches, in order.
fn place_all(
    rules: &Rules,
    batches: impl IntoIterator<Item = SignedBatch>,
    mut decisions: impl Decisions,
) -> Clustering {
    let mut clusterer = Clusterer::new(rules, Strategy::default());
    for batch in batches {
        for (signed, trace) in batch {
            clusterer.place(signed, trace, &mut decisions);
        }
    }
    clusterer.finish(decisions)
}

/// Each entry's signature, in order, on every core: traced, or through
/// the memo, which knows the texts of earlier batches.
fn sign_batch(
    rules: &Rules,
    record: Record,
    memo: &SignatureMemo,
    entries: &[Entry],
) -> SignedBatch {
    entries
        .par_iter()
        .map(|entry| match record {
            Record::Decisions => {
                let (signature, trace) = traced_signature(rules, entry);
                (Signed::from(signature), trace)
            }
            Record::Operations => (memo.sign_entry(rules, entry), Vec::new()),
        })
        .collect()
}

/// Every entry's signature and the trace of how it was made, in order.
pub fn sign(rules: &Rules, entries: &[Entry]) -> Vec<(Signature, Vec<Step>)> {
    entries
        .par_iter()
        .map(|entry| traced_signature(rules, entry))
        .collect()
}

fn traced_signature(rules: &Rules, entry: &Entry) -> (Signature, Vec<Step>) {
    let mut trace = Vec::new();
    let texts = normalize::entry_texts(rules, entry);
    (normalize::signature(rules, &texts, &mut trace), trace)
}

/// Aggregates, normalizing each distinct evidence text once.
fn summarize(rules: &Rules, entries: &[Entry], clustering: &Clustering) -> Vec<Summary> {
    aggregate::summarize(rules, entries, clustering)
}
