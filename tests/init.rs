//! `forge init`: a new resource that every command accepts, and never an
//! overwritten file; `forge operations --format labels` for `forge eval`.

use crate::support::{root, Forge};

#[test]
fn an_initialised_resource_generates_checks_and_tests_cleanly() {
    let forge = Forge::new();
    let init = forge.run_with(&["init", "{dir}/new-resource"]);
    assert_eq!(init.status, 0, "{}", init.combined());
    insta::assert_snapshot!(init.combined());
    let generate = forge.run_with(&["generate", "--resource", "{dir}/new-resource"]);
    assert_eq!(generate.status, 0, "{}", generate.combined());
    assert!(generate.stdout.starts_with("# Runbook: new-resource\n"));
    assert!(generate.stdout.contains("The journal has no entries yet."));
    let check = forge.run_with(&[
        "check",
        "--resource",
        "{dir}/new-resource",
        "--deny-warnings",
    ]);
    assert_eq!(check.status, 0, "{}", check.combined());
    let test = forge.run_with(&["test", "--resource", "{dir}/new-resource"]);
    assert_eq!(test.status, 0, "{}", test.combined());
}

#[test]
fn the_commented_example_entry_becomes_history_once_uncommented() {
    let forge = Forge::new();
    assert_eq!(forge.run_with(&["init", "{dir}/r"]).status, 0);
    let path = forge.dir().join("r/JOURNAL.md");
    let journal = std::fs::read_to_string(&path).expect("journal");
    let uncommented = journal
        .replace("<!--\n```markdown\n", "")
        .replace("```\n-->\n", "");
    std::fs::write(&path, uncommented).expect("write journal");
    let operations = forge.run_with(&["operations", "--resource", "{dir}/r", "--format", "json"]);
    assert_eq!(operations.status, 0, "{}", operations.combined());
    assert!(
        operations.stdout.contains("\"count\": 1"),
        "{}",
        operations.stdout
    );
    let check = forge.run_with(&["check", "--resource", "{dir}/r", "--deny-warnings"]);
    assert_eq!(check.status, 0, "{}", check.combined());
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let forge = Forge::new().file("JOURNAL.md", "## 2026-01-01 — history\n");
    let output = forge.run_with(&["init", "{dir}"]);
    assert_eq!(output.status, 2);
    insta::assert_snapshot!(output.combined());
    assert!(!forge.dir().join("rules.forge").exists());
    assert!(!forge.dir().join("forge.toml").exists());
}

#[test]
fn a_labels_file_from_operations_scores_the_current_grouping_perfectly() {
    let es1 = root().join("examples/es-1");
    let forge = Forge::new().copy_dir(&es1);
    let labels = forge.run_with(&["operations", "--resource", "{dir}", "--format", "labels"]);
    assert_eq!(labels.status, 0, "{}", labels.combined());
    assert!(
        labels.stdout.contains("\n23\tchange-index-heap\n"),
        "{}",
        labels.stdout
    );
    std::fs::write(forge.dir().join("labels.tsv"), &labels.stdout).expect("write labels");
    let eval = forge.run_with(&[
        "eval",
        "--resource",
        "{dir}",
        "--labels",
        "{dir}/labels.tsv",
        "--format",
        "json",
    ]);
    assert_eq!(eval.status, 0, "{}", eval.combined());
    let report: serde_json::Value = serde_json::from_str(&eval.stdout).expect("eval JSON");
    assert_eq!(report["ga"], 1.0, "{}", eval.stdout);
}

#[test]
fn text_is_an_alias_of_table_for_operations() {
    let forge = Forge::new().copy_dir(&root().join("examples/es-1"));
    let table = forge.run_with(&["operations", "--resource", "{dir}"]);
    let text = forge.run_with(&["operations", "--resource", "{dir}", "--format", "text"]);
    assert_eq!(text.status, 0, "{}", text.combined());
    assert_eq!(table.stdout, text.stdout);
}

#[test]
fn init_leaves_out_forge_toml_when_one_above_applies() {
    let forge = Forge::new().file("forge.toml", "[lints]\nallow = [\"forge::journal\"]\n");
    let output = forge.run_with(&["init", "{dir}/team/new"]);
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(!forge.dir().join("team/new/forge.toml").exists());
    assert!(forge.dir().join("team/new/rules.forge").exists());
    assert!(
        output
            .stdout
            .contains("settings: [DIR]/forge.toml applies here"),
        "{}",
        output.stdout
    );
}
