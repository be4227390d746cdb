//! Times each stage of `forge operations --format json` on one resource,
//! to show where the time goes:
//!
//! ```sh
//! cargo run --release --example stages -- /tmp/big
//! ```
//!
//! The command parses, normalizes, clusters and digests the journal a batch
//! at a time; here each batch's stages run one after the other (the
//! command runs them beside each other) and each stage's time is summed
//! over the batches. The next window is still parsed beside each batch's
//! stages, so `parse` is only the parsing time they did not hide; run with
//! `parse` as second argument to time parsing the whole journal alone.

use std::time::{Duration, Instant};

use runbook_forge::aggregate::digest::Digest;
use runbook_forge::cluster::{Clusterer, NoDecisions, Strategy};
use runbook_forge::{aggregate, journal, normalize, render, resource, source::FileId};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let clock = Instant::now();
    let lap = |what: &str, took: Duration| eprintln!("{what:<10} {:>8.3} s", took.as_secs_f64());
    let at = Instant::now();
    let text = std::fs::read_to_string(dir.join("JOURNAL.md")).unwrap_or_default();
    lap("read", at.elapsed());
    if std::env::args().nth(2).as_deref() == Some("parse") {
        let at = Instant::now();
        let parsed = journal::parse(FileId(0), &text);
        lap("parse", at.elapsed());
        eprintln!(
            "{:.0} MB/s ({} entries)",
            text.len() as f64 / 1e6 / at.elapsed().as_secs_f64(),
            parsed.entries.len()
        );
        return;
    }
    let at = Instant::now();
    let mut sources = runbook_forge::source::Sources::default();
    let rules = resource::load_rules(
        &mut sources,
        resource::rules_path(&dir, None).as_deref(),
        &mut Vec::new(),
    );
    let Some(rules) = rules else { return };
    lap("rules", at.elapsed());
    let (mut normalizing, mut clustering, mut digesting) = Default::default();
    let mut clusterer = Clusterer::new(&rules, Strategy::Indexed);
    let mut digest = Digest::default();
    let mut memo = normalize::SignatureMemo::default();
    let at = Instant::now();
    journal::parse_batches(FileId(0), &text, &mut |entries| {
        let at = Instant::now();
        let signed: Vec<_> = entries.iter().map(|e| memo.sign_entry(&rules, e)).collect();
        memo.learn(&signed);
        normalizing += at.elapsed();
        let at = Instant::now();
        for signed in signed {
            clusterer.place(signed, Vec::new(), &mut NoDecisions);
        }
        clustering += at.elapsed();
        let at = Instant::now();
        digest.add(&entries);
        digest.key_texts(&rules);
        digesting += at.elapsed();
    });
    let others = normalizing + clustering + digesting;
    lap("parse", at.elapsed().saturating_sub(others));
    lap("normalize", normalizing);
    lap("cluster", clustering);
    lap("digest", digesting);
    let at = Instant::now();
    let summaries = aggregate::fold::fold(&rules, &mut digest, clusterer.finish(NoDecisions));
    lap("aggregate", at.elapsed());
    let at = Instant::now();
    let mut out = Counter(0);
    let _ = render::operations::write_json(&mut out, "big", &text, &digest, &summaries);
    lap("render", at.elapsed());
    eprintln!(
        "total      {:>8.3} s ({} operations, {} bytes of JSON)",
        clock.elapsed().as_secs_f64(),
        summaries.len(),
        out.0
    );
}

/// Counts the bytes written and drops them.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
