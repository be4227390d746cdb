//! Scale: indexed clustering decides exactly like the exhaustive reference.

use runbook_forge::cluster::{self, Clustering, Strategy};
use runbook_forge::journal::{self, Entry};
use runbook_forge::pipeline;
use runbook_forge::resource;
use runbook_forge::rules::{self, Rules};
use runbook_forge::source::Sources;

use crate::support::{gen_journal, journal_folders, loadable_journals, root};

/// Everything a clustering decides, as text: operations with members and
/// templates, and every decision with its reason and kept candidates.
fn fingerprint(clustering: &Clustering) -> String {
    let templates: Vec<String> = clustering
        .operations
        .iter()
        .map(cluster::Operation::template_text)
        .collect();
    let json = serde_json::to_string_pretty(clustering).expect("clustering serializes");
    format!("{json}\n{templates:#?}")
}

/// Clusters the entries both ways and fails with the first difference.
fn assert_strategies_agree(rules: &Rules, entries: &[Entry], what: &str) {
    let indexed = cluster::cluster_with(rules, pipeline::sign(rules, entries), Strategy::Indexed);
    let exhaustive =
        cluster::cluster_with(rules, pipeline::sign(rules, entries), Strategy::Exhaustive);
    let (a, b) = (fingerprint(&indexed), fingerprint(&exhaustive));
    if a != b {
        let diff = similar::TextDiff::from_lines(&b, &a)
            .unified_diff()
            .header("exhaustive", "indexed")
            .to_string();
        panic!(
            "{what}: strategies disagree\n{}",
            &diff[..diff.len().min(6000)]
        );
    }
}

#[test]
fn indexed_and_exhaustive_clustering_agree_on_every_example_and_fixture_journal() {
    for (what, loaded) in loadable_journals() {
        assert_strategies_agree(&loaded.rules, &loaded.journal.entries, &what);
    }
}

/// Rules over the defaults with a given similarity setting.
fn rules_with(extra: &str) -> Rules {
    let mut sources = Sources::default();
    let text = format!("extends default\n{extra}\n");
    let (rules, problems) = rules::load(&mut sources, Some(("rules.forge".into(), text)));
    rules.unwrap_or_else(|| panic!("rules do not load: {problems:?}"))
}

fn generated(entries: usize, seed: u64) -> Vec<Entry> {
    let text = gen_journal::journal(entries, seed);
    journal::parse(runbook_forge::source::FileId(0), &text).entries
}

#[test]
fn indexed_and_exhaustive_clustering_agree_on_generated_journals_for_every_metric() {
    agree_for_every_metric(&generated(500, 7));
}

/// The same on 1500 entries: 80 s in a debug build, so `cargo test` skips
/// it and `.ci/run` runs it on its own (`cargo test -- --ignored`).
#[test]
#[ignore = "slow (80 s in a debug build); .ci/run runs it"]
fn indexed_and_exhaustive_clustering_agree_on_a_larger_generated_journal_for_every_metric() {
    agree_for_every_metric(&generated(1500, 7));
}

/// Both strategies give the same result for every metric and a range of
/// thresholds.
fn agree_for_every_metric(entries: &[Entry]) {
    for metric in [
        "token_jaccard",
        "token_dice",
        "positional",
        "levenshtein",
        "jaro_winkler",
    ] {
        for threshold in ["0.0", "0.35", "0.6", "0.9", "1.0"] {
            let rules = rules_with(&format!(
                "similarity {{ metric = {metric}\n threshold = {threshold} }}"
            ));
            assert_strategies_agree(&rules, entries, &format!("{metric} {threshold}"));
        }
    }
}

#[test]
fn indexed_and_exhaustive_clustering_agree_with_weighted_parts_and_hard_rules() {
    let entries = generated(1200, 11);
    let settings = [
        "cluster on title, change, verify\nsimilarity { threshold = 0.5\n weight change = 0.3\n weight verify = 0.5 }",
        "cluster on title, rollback\nsimilarity { metric = positional\n threshold = 0.4\n weight rollback = 2 }",
        "cluster on rollback\nsimilarity { metric = levenshtein\n threshold = 0.0 }",
        "never merge /restart/ with /<host>/\nnever merge /investigated/ with /ka/\nalways merge /^drained/ as \"Drain\"\nsimilarity { threshold = 0.3 }",
    ];
    for setting in settings {
        assert_strategies_agree(&rules_with(setting), &entries, setting);
    }
}

/// The summaries and operations of both pipeline paths, as JSON.
fn both_paths(rules: &Rules, entries: &[Entry]) -> (String, String) {
    let json = |analysis: &pipeline::Analysis| {
        let ops = serde_json::to_string(&analysis.clustering.operations).expect("serializes");
        let summaries = serde_json::to_string_pretty(&analysis.summaries).expect("serializes");
        format!("{ops}\n{summaries}")
    };
    (
        json(&pipeline::run(rules, entries, pipeline::Record::Decisions)),
        json(&pipeline::run(rules, entries, pipeline::Record::Operations)),
    )
}

#[test]
fn the_lean_pipeline_gives_the_same_operations_and_summaries_as_the_traced_one() {
    for dir in journal_folders(&root().join("examples")) {
        let loaded = resource::load(&dir, None).expect("example loads");
        let (full, lean) = both_paths(&loaded.rules, &loaded.journal.entries);
        assert_eq!(full, lean, "{}", dir.display());
    }
    let entries = generated(3000, 5);
    let (full, lean) = both_paths(&rules_with(""), &entries);
    assert_eq!(full, lean, "generated journal");
}

/// The lean path scores only the operations that can reach the threshold
/// (for `token_dice` and `token_jaccard`); it must choose exactly as the
/// traced path, which ranks every operation sharing a word, at every
/// threshold, including those where the bound is tight.
#[test]
fn the_lean_pipeline_prunes_by_threshold_without_changing_any_choice() {
    let entries = generated(2500, 13);
    for metric in ["token_dice", "token_jaccard", "positional"] {
        for threshold in ["0.0", "0.2", "0.34", "0.5", "0.6", "0.67", "0.8", "1.0"] {
            let rules = rules_with(&format!(
                "similarity {{ metric = {metric}\n threshold = {threshold} }}\n\
                 never merge /restart/ with /<host>/"
            ));
            let (full, lean) = both_paths(&rules, &entries);
            assert_eq!(full, lean, "{metric} {threshold}");
        }
    }
}

#[test]
fn untraced_words_equal_traced_words_on_awkward_text() {
    let rules = rules_with(
        "case insensitive\nnormalize { /x*/ => <empty>\n /ς/ => sigma }\nsynonyms { \"take snapshot\" = snap }",
    );
    for title in [
        "ΣΊΣΥΦΟΣ raised HEAP 8G→16G on es-1b",
        "take snapshot — TAKE  SNAPSHOT\tof the İstanbul node",
        "xx <size> < b <c d> -Xmx16g 2026-01-02T09:00Z",
        "",
    ] {
        let texts = vec![vec![(title, runbook_forge::source::Span::default())]];
        let traced = runbook_forge::normalize::signature(&rules, &texts, &mut Vec::new());
        let plain = runbook_forge::normalize::plain_signature(&rules, &texts);
        assert_eq!(traced.parts[0].words, plain.parts[0].words, "{title:?}");
    }
}

#[test]
fn a_generated_ledger_is_generated_whole_and_then_found_current() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let ledger = temp.path().join("ledger");
    gen_journal::write_ledger(&ledger, 40, 30, 9).expect("write the ledger");
    let path = ledger.to_string_lossy().into_owned();
    let output = crate::support::Forge::new()
        .args(&["generate", "--ledger", &path])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(
        output.stdout.starts_with("40 resources, 1200 entries, "),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.ends_with(", 0 failures\n"),
        "{}",
        output.stdout
    );
    let written = std::fs::read_dir(&ledger)
        .expect("ledger")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().join("RUNBOOK.md").is_file())
        })
        .count();
    assert_eq!(written, 40);
    let check = crate::support::Forge::new()
        .args(&["generate", "--ledger", &path, "--check"])
        .run();
    assert_eq!(check.status, 0, "{}", check.combined());
}
