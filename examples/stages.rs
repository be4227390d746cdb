//! Times each stage of `forge operations --format json` on one resource,
//! to show where the time goes:
//!
//! ```sh
//! cargo run --release --example stages -- /tmp/big
//! ```

use std::time::Instant;

use runbook_forge::cluster::{Clusterer, Strategy};
use runbook_forge::{aggregate, journal, normalize, render, resource, source::FileId};

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let clock = Instant::now();
    let lap = |what: &str, since: &mut Instant| {
        eprintln!("{what:<10} {:>8.3} s", since.elapsed().as_secs_f64());
        *since = Instant::now();
    };
    let mut at = Instant::now();
    let text = std::fs::read_to_string(dir.join("JOURNAL.md")).unwrap_or_default();
    lap("read", &mut at);
    let parsed = journal::parse(FileId(0), &text);
    lap("parse", &mut at);
    if std::env::args().nth(2).as_deref() == Some("parse") {
        eprintln!(
            "{:.0} MB/s",
            text.len() as f64 / 1e6 / clock.elapsed().as_secs_f64()
        );
        return;
    }
    let mut sources = runbook_forge::source::Sources::default();
    let rules = resource::load_rules(
        &mut sources,
        resource::rules_path(&dir, None).as_deref(),
        &mut Vec::new(),
    );
    let Some(rules) = rules else { return };
    lap("rules", &mut at);
    let signatures: Vec<_> = parsed
        .entries
        .iter()
        .map(|e| normalize::plain_signature(&rules, &normalize::entry_texts(&rules, e)))
        .collect();
    lap("normalize", &mut at);
    let mut clusterer = Clusterer::new(&rules, Strategy::Indexed);
    for signature in signatures {
        clusterer.place_quietly(signature);
    }
    let clustering = clusterer.finish();
    lap("cluster", &mut at);
    let summaries = normalize::with_text_keys(&rules, || {
        aggregate::summarize(&rules, &parsed.entries, &clustering)
    });
    lap("aggregate", &mut at);
    let json = render::operations::json("big", &summaries);
    lap("render", &mut at);
    eprintln!(
        "total      {:>8.3} s ({} operations, {} bytes of JSON)",
        clock.elapsed().as_secs_f64(),
        summaries.len(),
        json.len()
    );
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
