//! Clustering semantics: founder comparison, equal plain words, Drain's
//! positional rule, whitespace tokens, the split pass and rule layering.

use runbook_forge::pipeline;

use crate::support::{journal_folders, root, Forge};

/// A journal with one entry per title, dated a day apart.
pub(crate) fn journal(titles: &[&str]) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    for (i, title) in titles.iter().enumerate() {
        let _ = write!(text, "## 2026-01-{:02} — {title}\n- verify: ok\n\n", i + 1);
    }
    text
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).expect("valid JSON")
}

/// Each operation's member titles, in the operations' JSON order.
pub(crate) fn groups(rules: &str, titles: &[&str]) -> Vec<Vec<String>> {
    let output = Forge::new()
        .file("JOURNAL.md", journal(titles))
        .file("rules.forge", rules)
        .args(&["operations", "--resource", "{dir}", "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let mut groups: Vec<Vec<String>> = json(&output.stdout)["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|op| {
            let mut titles: Vec<String> = op["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| e["title"].as_str().expect("title").to_string())
                .collect();
            titles.sort();
            titles
        })
        .collect();
    groups.sort();
    groups
}

/// The signature of a one-entry journal's entry under `rules`.
fn signature(rules: &str, title: &str) -> String {
    let output = Forge::new()
        .file("JOURNAL.md", journal(&[title]))
        .file("rules.forge", rules)
        .args(&[
            "explain",
            "--resource",
            "{dir}",
            "--entry",
            "1",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    json(&output.stdout)["entry"]["signature"]
        .as_str()
        .expect("a signature")
        .to_string()
}

#[test]
fn a_files_own_synonym_survives_extends_default() {
    // The built-in rules turn `added` into `create`; the file's group owns it.
    let rules = "extends default\nsynonyms { add = added, plus }\n";
    assert_eq!(signature(rules, "added broker kafka-5"), "add <host>");
    assert_eq!(
        signature("extends default\n", "added broker kafka-5"),
        "create <host>"
    );
    // A built-in word that now means the file's word follows it there.
    let rules = "extends default\nsynonyms { certificate = cert }\n";
    assert_eq!(
        signature(rules, "rotated certificates"),
        "rotate certificate"
    );
}

#[test]
fn without_switches_a_built_in_rule_off() {
    let title = "added cert for the api gateway";
    assert_eq!(signature("extends default\n", title), "create cert");
    assert_eq!(
        signature("extends default without reason-clause\n", title),
        "create cert for api gateway"
    );
    assert_eq!(
        signature("extends default without reason-clause, create\n", title),
        "added cert for api gateway"
    );
}

#[test]
fn a_files_raw_normalize_rule_sees_the_text_before_the_built_in_ones() {
    let rules = "extends default\nnormalize { /e2-standard-\\d+/ => <type> }\n";
    assert_eq!(
        signature(rules, "resized to e2-standard-4"),
        "change <type>"
    );
    assert_eq!(
        signature("extends default\n", "resized to e2-standard-4"),
        "change <host>"
    );
}

#[test]
fn topic_creations_in_any_word_order_stay_one_operation_under_token_dice() {
    let rules = r"
normalize { /\b[a-z]+\.[a-z0-9.]+\b/ => <topic> }
synonyms { create = created, new }
similarity { metric = token_dice threshold = 0.6 }
";
    let titles = [
        "created topic payments.v2",
        "topic created: inventory.changes",
        "create topic fraud.scores",
        "new topic audit.log",
        "lowered retention on audit.events",
    ];
    assert_eq!(
        groups(rules, &titles),
        vec![
            vec![
                "create topic fraud.scores".to_string(),
                "created topic payments.v2".to_string(),
                "new topic audit.log".to_string(),
                "topic created: inventory.changes".to_string(),
            ],
            vec!["lowered retention on audit.events".to_string()],
        ]
    );
}

const LOG_RULES: &str = r"
case sensitive
tokens whitespace
normalize { /\b\w*\d\w*\b/ => <v> }
similarity {
    metric    = positional
    threshold = 0.5
    split     = SPLIT
}
";

#[test]
fn positional_never_counts_a_placeholder_as_a_match() {
    let rules = LOG_RULES.replace("SPLIT", "0");
    let titles = [
        "onExtend:1 2 3 4",
        "onStandStepChanged 5",
        "onExtend:9 8 7 6",
    ];
    let found = groups(&rules, &titles);
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn the_split_pass_tells_apart_events_that_differ_in_one_word() {
    let titles = [
        "VM Paused id=1 (Lifecycle Event)",
        "VM Resumed id=2 (Lifecycle Event)",
        "VM Started id=3 (Lifecycle Event)",
        "VM Paused id=4 (Lifecycle Event)",
        "user alice logged in from 10.0.0.1",
        "user bob logged in from 10.0.0.2",
    ];
    let unsplit = groups(&LOG_RULES.replace("SPLIT", "0"), &titles);
    assert_eq!(unsplit.len(), 2, "{unsplit:?}");
    // Two user names are two words at one position, as few as the VM
    // states: with split = 4 both split.
    let split = groups(&LOG_RULES.replace("SPLIT", "4"), &titles);
    assert_eq!(split.len(), 5, "{split:?}");
    assert!(split.contains(&vec![
        "VM Paused id=1 (Lifecycle Event)".to_string(),
        "VM Paused id=4 (Lifecycle Event)".to_string(),
    ]));
    // With split = 1 no position holds few enough words.
    let tight = groups(&LOG_RULES.replace("SPLIT", "1"), &titles);
    assert_eq!(tight.len(), 2, "{tight:?}");
}

#[test]
fn explain_words_the_founder_and_the_split() {
    let output = Forge::new()
        .file(
            "JOURNAL.md",
            journal(&["VM Paused id=1", "VM Resumed id=2", "VM Paused id=3"]),
        )
        .file("rules.forge", LOG_RULES.replace("SPLIT", "4"))
        .args(&["explain", "--resource", "{dir}", "--entry", "2"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(
        output.stdout.contains("split from") && output.stdout.contains("`Resumed`"),
        "{}",
        output.combined()
    );
    let output = Forge::new()
        .file(
            "JOURNAL.md",
            journal(&["restarted web-1 nginx", "restarted web-2"]),
        )
        .args(&["explain", "--resource", "{dir}", "--entry", "2"])
        .run();
    assert!(
        output.stdout.contains("compared with L1 (the founder)"),
        "{}",
        output.combined()
    );
}

#[test]
fn whitespace_tokens_keep_a_value_one_word() {
    let rules = "case sensitive\ntokens whitespace\nnormalize { /\\d+/ => <v> }\n";
    assert_eq!(
        signature(rules, "Got LOCAL(0), from host-7 (x):9"),
        "Got LOCAL(<v>), from host-<v> (x):<v>"
    );
    assert_eq!(signature(rules, "took 12 ms, 5 s"), "took <v> ms, <v> s");
    assert_eq!(signature(rules, "ids 1 2 3: done"), "ids <v> done");
}

#[test]
fn appending_entries_never_moves_an_earlier_entry_of_any_example() {
    for dir in journal_folders(&root().join("examples")) {
        let resource = runbook_forge::resource::load(&dir, None).expect("an example loads");
        assert_eq!(resource.rules.split, 0, "{}", dir.display());
        let entries = &resource.journal.entries;
        let full = pipeline::run(&resource.rules, entries, pipeline::Record::Decisions);
        for n in 1..entries.len() {
            let prefix = pipeline::run(&resource.rules, &entries[..n], pipeline::Record::Decisions);
            for i in 0..n {
                assert_eq!(
                    prefix.clustering.decisions[i].operation,
                    full.clustering.decisions[i].operation,
                    "{}: entry {i} moved when entries after {n} were appended",
                    dir.display()
                );
            }
        }
    }
}
