//! Benchmarks of each stage on generated journals (see
//! `examples/gen_journal.rs`):
//!
//! ```sh
//! cargo bench --bench pipeline
//! ```
//!
//! Whole-process wall time and peak memory are measured with
//! `/usr/bin/time -v` instead (PERFORMANCE.md, "Benchmarks").

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use runbook_forge::cluster::{self, Strategy};
use runbook_forge::journal::{self, Entry};
use runbook_forge::normalize;
use runbook_forge::pipeline;
use runbook_forge::rules::{self, Rules};
use runbook_forge::source::{FileId, Sources};

#[path = "../examples/gen_journal.rs"]
#[allow(dead_code)]
mod gen_journal;

fn default_rules() -> Rules {
    let (rules, problems) = rules::load(&mut Sources::default(), None);
    rules.unwrap_or_else(|| panic!("the built-in rules load: {problems:?}"))
}

fn entries(text: &str) -> Vec<Entry> {
    journal::parse(FileId(0), text).entries
}

fn parse(c: &mut Criterion) {
    let text = gen_journal::journal(100_000, 42);
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("100k entries", |b| {
        b.iter_with_large_drop(|| journal::parse(FileId(0), &text));
    });
    group.finish();
}

fn normalize(c: &mut Criterion) {
    let rules = default_rules();
    let entries = entries(&gen_journal::journal(10_000, 42));
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Elements(entries.len() as u64));
    group.bench_function("untraced, 10k entries", |b| {
        b.iter(|| {
            entries
                .iter()
                .map(|e| normalize::plain_signature(&rules, &normalize::entry_texts(&rules, e)))
                .map(|signature| signature.parts.len())
                .sum::<usize>()
        });
    });
    group.bench_function("traced, 10k entries", |b| {
        b.iter(|| pipeline::sign(&rules, &entries).len());
    });
    group.finish();
}

fn clustering(c: &mut Criterion) {
    let rules = default_rules();
    let mut group = c.benchmark_group("cluster");
    group.sample_size(10);
    for (size, strategies) in [
        (2_000, &[Strategy::Indexed, Strategy::Exhaustive][..]),
        (20_000, &[Strategy::Indexed, Strategy::Exhaustive][..]),
        (100_000, &[Strategy::Indexed][..]),
    ] {
        let signed = pipeline::sign(&rules, &entries(&gen_journal::journal(size, 42)));
        for &strategy in strategies {
            group.bench_function(format!("{strategy:?}, {size} entries"), |b| {
                b.iter_batched(
                    || signed.clone(),
                    |signed| cluster::cluster_with(&rules, signed, strategy),
                    BatchSize::LargeInput,
                );
            });
        }
    }
    group.finish();
}

fn whole(c: &mut Criterion) {
    let rules = default_rules();
    let mut group = c.benchmark_group("lean pipeline");
    group.sample_size(10);
    for size in [10_000, 100_000] {
        let entries = entries(&gen_journal::journal(size, 42));
        group.throughput(Throughput::Elements(size as u64));
        group.bench_function(format!("{size} entries"), |b| {
            b.iter(|| {
                pipeline::run(&rules, &entries, pipeline::Record::Operations)
                    .summaries
                    .len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, parse, normalize, clustering, whole);
criterion_main!(benches);

// The same allocator as the `forge` binary, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
