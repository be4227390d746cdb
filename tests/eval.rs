//! `forge eval` and `forge tune` on a small labelled fixture whose scores
//! are computed by hand in the comments.

use crate::support::{root, Forge};

/// tests/fixtures/eval/web: ten entries, nine labelled.
///
/// Labelled groups: restart {L3, L8, L11, L14}, snapshots {L17, L20},
/// rotate-tls {L23}, rotate-password {L26}, resize-disk {L32}.
/// Predicted with its rules: {L3, L8, L11}, {L14}, {L17}, {L20},
/// {L23, L26}, {L32} (L29, unlabelled, is left out).
///
/// GA: only resize-disk is exactly its operation → 1/9.
/// Pairs: labelled together 6 + 1 = 7; predicted together 3 + 1 = 4;
/// both 3; so precision 3/4, recall 3/7, F1 6/11; of 36 pairs 28 are
/// apart in both, so ARI = 2(3·28 − 4·1) / (7·32 + 4·29) = 8/17.
fn web() -> Forge {
    Forge::new().copy_dir(&root().join("tests/fixtures/eval/web"))
}

fn json(output: &str) -> serde_json::Value {
    serde_json::from_str(output).expect("valid JSON")
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[test]
fn eval_reports_every_metric_as_computed_by_hand() {
    let output = web()
        .args(&["eval", "--resource", "{dir}", "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let doc = json(&output.stdout);
    assert!(close(&doc["ga"], 1.0 / 9.0), "{doc}");
    assert!(close(&doc["precision"], 0.75), "{doc}");
    assert!(close(&doc["recall"], 3.0 / 7.0), "{doc}");
    assert!(close(&doc["f1"], 6.0 / 11.0), "{doc}");
    assert!(close(&doc["ari"], 8.0 / 17.0), "{doc}");
    assert_eq!(doc["labelled"], 9);
    assert_eq!(doc["entries"], 10);
}

#[test]
fn eval_names_the_rule_or_score_behind_each_wrong_merge_and_split() {
    let output = web()
        .args(&["eval", "--resource", "{dir}", "--format", "json"])
        .run();
    let doc = json(&output.stdout);
    let merges = doc["wrong_merges"].as_array().expect("merges");
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0]["decided_by"]["kind"], "always_merge");
    assert_eq!(merges[0]["decided_by"]["rule"], "rules.forge:3");
    let splits = doc["wrong_splits"].as_array().expect("splits");
    let kinds: Vec<&str> = splits
        .iter()
        .map(|s| s["decided_by"]["kind"].as_str().expect("kind"))
        .collect();
    // Worst first: the restart group loses 3 pairs, the snapshots 1.
    assert_eq!(kinds, ["threshold", "never_merge"]);
    assert_eq!(splits[0]["label"], "restart");
    assert!(close(&splits[0]["decided_by"]["score"], 0.5));
    assert_eq!(splits[0]["decided_by"]["rule"], "rules.forge:7");
    assert_eq!(splits[1]["decided_by"]["rule"], "rules.forge:2");
}

#[test]
fn eval_prints_a_table_of_metrics_merges_and_splits() {
    let output = web().args(&["eval", "--resource", "{dir}"]).run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn min_ga_fails_below_the_bar_and_passes_at_it() {
    let below = web()
        .args(&["eval", "--resource", "{dir}", "--min-ga", "0.2"])
        .run();
    assert_eq!(below.status, 1, "{}", below.combined());
    assert!(
        below.stderr.contains("below --min-ga 0.2"),
        "{}",
        below.stderr
    );
    let at = web()
        .args(&["eval", "--resource", "{dir}", "--min-ga", "0.1"])
        .run();
    assert_eq!(at.status, 0, "{}", at.combined());
}

#[test]
fn min_ga_outside_zero_to_one_is_a_usage_error() {
    let output = web()
        .args(&["eval", "--resource", "{dir}", "--min-ga", "85"])
        .run();
    assert_eq!(output.status, 2, "{}", output.combined());
}

#[test]
fn a_labels_file_replaces_the_journal_labels() {
    // Everything labelled by the file as the operations the rules find,
    // except that L14 belongs with the other restarts.
    let tsv = "# heading line\tlabel\n3\trestart\n8\trestart\n11\trestart\n14\trestart\n\
               17\ttake\n20\trestore\n23\trotate\n26\trotate\n";
    let output = web()
        .file("labels.tsv", tsv)
        .args(&[
            "eval",
            "--resource",
            "{dir}",
            "--labels",
            "{dir}/labels.tsv",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let doc = json(&output.stdout);
    assert_eq!(doc["labelled"], 8);
    // Four of eight right (take, restore, the two rotates).
    assert!(close(&doc["ga"], 0.5), "{doc}");
    assert_eq!(doc["wrong_merges"].as_array().map(Vec::len), Some(0));
}

#[test]
fn defaults_ignore_the_resource_rules() {
    let output = web()
        .args(&[
            "eval",
            "--resource",
            "{dir}",
            "--defaults",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let doc = json(&output.stdout);
    assert_eq!(doc["rules"], "<built-in>/default.forge");
    // Without the `always merge` rule the two rotations are apart.
    assert_eq!(doc["wrong_merges"].as_array().map(Vec::len), Some(0));
}

#[test]
fn tune_sweeps_the_threshold_and_marks_the_best() {
    let output = web().args(&["tune", "--resource", "{dir}"]).run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn tune_with_every_metric_tries_twenty_settings_each() {
    let output = web()
        .args(&["tune", "--resource", "{dir}", "--metric", "all"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let rows = output
        .stdout
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|t| t.starts_with("0.") || t == "1.00")
        })
        .count();
    assert_eq!(rows, 120, "{}", output.stdout);
    assert_eq!(output.stdout.matches("← best").count(), 1);
}

#[test]
fn tune_write_changes_only_the_threshold_literal() {
    let forge = web().args(&["tune", "--resource", "{dir}", "--write"]);
    let before = std::fs::read_to_string(forge.dir().join("rules.forge")).expect("rules");
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let after = std::fs::read_to_string(forge.dir().join("rules.forge")).expect("rules");
    // The sweep's best on this fixture is token_jaccard at 0.35.
    let expected = before.replacen("threshold = 0.6 ", "threshold = 0.35 ", 1);
    assert_ne!(before, expected);
    assert_eq!(after, expected);
}

#[test]
fn tune_write_keeps_a_file_that_already_has_the_best_setting() {
    let forge = web().args(&["tune", "--resource", "{dir}", "--write"]);
    let path = forge.dir().join("rules.forge");
    let rules = std::fs::read_to_string(&path).expect("rules");
    std::fs::write(&path, rules.replace("threshold = 0.6 ", "threshold = 0.35")).expect("write");
    let before = std::fs::read_to_string(&path).expect("rules");
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(
        output.stdout.contains("nothing written"),
        "{}",
        output.stdout
    );
    assert_eq!(std::fs::read_to_string(&path).expect("rules"), before);
}

#[test]
fn tune_write_adds_a_similarity_block_to_a_file_without_one() {
    let forge = web().args(&["tune", "--resource", "{dir}", "--write"]);
    let path = forge.dir().join("rules.forge");
    let rules = std::fs::read_to_string(&path).expect("rules");
    let block = "similarity {\n    metric    = token_jaccard   # shared words over all words\n    threshold = 0.6             # tuned by hand\n}\n\n";
    assert!(rules.contains(block));
    let without = rules.replace(block, "");
    std::fs::write(&path, &without).expect("write");
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let after = std::fs::read_to_string(&path).expect("rules");
    assert_eq!(
        after,
        format!("{without}\nsimilarity {{\n    threshold = 0.35\n}}\n")
    );
}

#[test]
fn tune_write_adds_a_missing_setting_inside_the_existing_block() {
    let forge = web().args(&["tune", "--resource", "{dir}", "--write"]);
    let path = forge.dir().join("rules.forge");
    let rules = std::fs::read_to_string(&path).expect("rules");
    let only_metric = rules.replace("    threshold = 0.6             # tuned by hand\n", "");
    std::fs::write(&path, &only_metric).expect("write");
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let after = std::fs::read_to_string(&path).expect("rules");
    let expected = only_metric.replace(
        "# shared words over all words\n",
        "# shared words over all words\n    threshold = 0.35\n",
    );
    assert_eq!(after, expected);
}

#[test]
fn tune_write_creates_rules_that_extend_the_defaults_when_there_are_none() {
    let forge = web().args(&[
        "tune",
        "--resource",
        "{dir}",
        "--write",
        "--metric",
        "token_jaccard",
    ]);
    let path = forge.dir().join("rules.forge");
    std::fs::remove_file(&path).expect("remove rules");
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let written = std::fs::read_to_string(&path).expect("rules written");
    assert!(
        written.starts_with("extends default\n\nsimilarity {\n    metric    = token_jaccard\n"),
        "{written}"
    );
    // The written rules load and score what the sweep promised.
    let again = Forge::new()
        .copy_dir(forge.dir())
        .args(&["tune", "--resource", "{dir}", "--write"])
        .run();
    assert!(
        again.stdout.contains("nothing written"),
        "{}",
        again.combined()
    );
}

#[test]
fn write_and_defaults_together_are_a_usage_error() {
    let output = web()
        .args(&["tune", "--resource", "{dir}", "--defaults", "--write"])
        .run();
    assert_eq!(output.status, 2, "{}", output.combined());
}

/// The built-in rules' scores on every labelled example: the table in
/// README.md ("How well the built-in rules group"). A change to the
/// defaults or to clustering that moves grouping quality shows up here,
/// and the README must move with it.
#[test]
fn the_defaults_score_on_every_example_as_the_readme_reports() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples folder")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("JOURNAL.md").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut lines = vec!["journal            GA     P      R      F1     ARI".to_string()];
    for name in &names {
        let resource = format!("examples/{name}");
        let output = Forge::new()
            .args(&[
                "eval",
                "--resource",
                &resource,
                "--defaults",
                "--format",
                "json",
            ])
            .run();
        assert_eq!(output.status, 0, "{name}: {}", output.combined());
        let doc = json(&output.stdout);
        let metric = |key: &str| doc[key].as_f64().expect("a number");
        lines.push(format!(
            "{name:<18} {:.3}  {:.3}  {:.3}  {:.3}  {:.3}",
            metric("ga"),
            metric("precision"),
            metric("recall"),
            metric("f1"),
            metric("ari"),
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn suggested_rules_raise_the_accuracy_they_claim_when_added() {
    let output = web()
        .args(&[
            "eval",
            "--resource",
            "{dir}",
            "--suggest",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let doc = json(&output.stdout);
    let base = doc["ga"].as_f64().expect("ga");
    let suggestions = doc["suggestions"].as_array().expect("suggestions");
    assert!(!suggestions.is_empty(), "{doc}");
    for s in suggestions {
        assert!(s["ga"].as_f64().expect("ga") > base, "{s}");
    }
    // The best one, written into rules.forge by hand, scores as promised.
    let best = &suggestions[0];
    let forge = web();
    let path = forge.dir().join("rules.forge");
    let rules = std::fs::read_to_string(&path).expect("rules");
    let rule = best["rule"].as_str().expect("rule");
    std::fs::write(&path, format!("{rules}\n{rule}\n")).expect("write rules");
    let again = forge
        .args(&["eval", "--resource", "{dir}", "--format", "json"])
        .run();
    assert_eq!(again.status, 0, "{}", again.combined());
    assert!(close(
        &json(&again.stdout)["ga"],
        best["ga"].as_f64().expect("ga")
    ));
}

#[test]
fn suggested_rules_are_listed_after_the_wrong_splits() {
    let output = web()
        .args(&["eval", "--resource", "{dir}", "--suggest"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}
