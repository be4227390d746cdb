//! `forge check` for CI: JSON, SARIF (valid against the SARIF 2.1.0
//! schema) and GitHub workflow commands; `--ledger` and `--shard`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{root, Forge};

fn sarif_validator() -> jsonschema::Validator {
    let path = root().join("tests/schema/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).expect("the vendored SARIF schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn assert_valid_sarif(stdout: &str) -> Value {
    // The test harness writes the temporary folder as [DIR]; put a path back.
    let stdout = stdout
        .replace("[DIR]", "/tmp/dir")
        .replace("[TEMP]", "/tmp");
    let log: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}

const NO_VERIFY: &str = "## 2026-03-01 — restarted web-1\n- outcome: verified\n";

#[test]
fn sarif_of_the_examples_validates_against_the_sarif_2_1_0_schema() {
    let output = Forge::new()
        .args(&["check", "--ledger", "examples", "--format", "sarif"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let log = assert_valid_sarif(&output.stdout);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() > 5, "{}", output.stdout);
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert!(first["artifactLocation"]["uri"]
        .as_str()
        .is_some_and(|uri| uri.starts_with("examples/")));
    assert!(first["region"]["startLine"].as_u64().is_some_and(|l| l > 0));
}

#[test]
fn sarif_of_errors_with_related_spans_and_without_any_span_validates() {
    let merge_conflict = Forge::new()
        .file("JOURNAL.md", "## 2026-03-01 — take snapshot\n- verify: ok\n\n## 2026-03-02 — restore snapshot\n- verify: ok\n")
        .file(
            "rules.forge",
            "never merge /take/ with /restore/\nalways merge /snapshot/ as \"Snap\"\nsimilarity { metric = cosine }\n",
        )
        .args(&["check", "--resource", "{dir}", "--format", "sarif"])
        .run();
    assert_eq!(merge_conflict.status, 2, "{}", merge_conflict.combined());
    assert_valid_sarif(&merge_conflict.stdout);
    let missing = Forge::new()
        .args(&["check", "--resource", "{dir}/nowhere", "--format", "sarif"])
        .run();
    assert_eq!(missing.status, 2);
    let log = assert_valid_sarif(&missing.stdout);
    assert_eq!(
        log["runs"][0]["results"][0]["ruleId"],
        "forge::io::missing_folder"
    );
}

#[test]
fn github_format_prints_one_annotation_per_diagnostic() {
    let output = Forge::new()
        .file("JOURNAL.md", NO_VERIFY)
        .args(&["check", "--resource", "{dir}", "--format", "github"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.combined());
}

#[test]
fn json_format_locates_every_diagnostic() {
    let output = Forge::new()
        .file("JOURNAL.md", NO_VERIFY)
        .file(
            "rules.forge",
            "extends default\nname /^nothing/ as \"None\"\n",
        )
        .args(&["check", "--resource", "{dir}", "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.combined());
}

#[test]
fn deny_warnings_fails_a_machine_readable_check_too() {
    let output = Forge::new()
        .file("JOURNAL.md", NO_VERIFY)
        .args(&[
            "check",
            "--resource",
            "{dir}",
            "--format",
            "json",
            "--deny-warnings",
        ])
        .run();
    assert_eq!(output.status, 1, "{}", output.combined());
}

/// A ledger of `n` resources, each with one warning in its journal.
fn warning_ledger(n: usize) -> Forge {
    (0..n).fold(Forge::new(), |forge, i| {
        forge.file(&format!("team-{}/r{i}/JOURNAL.md", i % 4), NO_VERIFY)
    })
}

/// The resource folders named by the diagnostics of a `--format json` run.
fn folders_named(stdout: &str) -> Vec<String> {
    let report: Value = serde_json::from_str(stdout).expect("JSON");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["location"]["file"].as_str())
        .map(|file| file.trim_end_matches("/JOURNAL.md").to_string())
        .collect()
}

#[test]
fn check_ledger_checks_every_resource_folder() {
    let output = warning_ledger(6)
        .args(&["check", "--ledger", "{dir}", "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert_eq!(folders_named(&output.stdout).len(), 6);
    assert!(output
        .stderr
        .ends_with("forge check: 0 errors, 6 warnings\n"));
}

#[test]
fn the_shards_of_a_ledger_partition_it() {
    let forge = warning_ledger(40);
    let mut times_seen: BTreeMap<String, usize> = BTreeMap::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let output = forge.run_with(&[
            "check", "--ledger", "{dir}", "--shard", &shard, "--format", "json",
        ]);
        assert_eq!(output.status, 0, "{}", output.combined());
        let folders = folders_named(&output.stdout);
        assert!(!folders.is_empty(), "shard {shard} is empty");
        for folder in folders {
            *times_seen.entry(folder).or_default() += 1;
        }
    }
    assert_eq!(times_seen.len(), 40);
    assert!(times_seen.values().all(|&n| n == 1), "{times_seen:?}");
}

#[test]
fn generate_ledger_takes_the_same_shards() {
    let forge = warning_ledger(12);
    let mut total = 0;
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let output = forge.run_with(&["generate", "--ledger", "{dir}", "--shard", &shard]);
        assert_eq!(output.status, 0, "{}", output.combined());
        let count: usize = output
            .stdout
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a resource count");
        total += count;
    }
    assert_eq!(total, 12);
    let written = (0..12)
        .filter(|i| {
            forge
                .dir()
                .join(format!("team-{}/r{i}/RUNBOOK.md", i % 4))
                .is_file()
        })
        .count();
    assert_eq!(written, 12);
}

#[test]
fn a_shard_out_of_range_is_a_usage_error() {
    let output = Forge::new()
        .args(&["check", "--ledger", "{dir}", "--shard", "4/3"])
        .run();
    assert_eq!(output.status, 2);
    assert!(output.stderr.contains("K/N"), "{}", output.stderr);
}

#[test]
fn generate_ledger_counts_warnings_per_code_and_names_each_with_verbose() {
    let forge = warning_ledger(2).args(&["generate", "--ledger", "{dir}"]);
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.combined());
    let verbose = forge.run_with(&["-v"]);
    assert!(verbose
        .stderr
        .contains("[DIR]/team-0/r0/JOURNAL.md:1:17: warning[forge::journal::no_verify]: "));
    let quiet = forge.run_with(&["-q"]);
    assert_eq!(quiet.stderr, "");
}

#[test]
fn generate_ledger_reads_each_resources_forge_toml() {
    let output = warning_ledger(2)
        .file(
            "team-0/r0/forge.toml",
            "[lints]\nallow = [\"forge::journal::no_verify\"]\n[generate]\ntimeline = false\n",
        )
        .file("team-1/r1/forge.toml", "[generate]\ntimline = false\n")
        .args(&["generate", "--ledger", "{dir}"])
        .run();
    assert_eq!(output.status, 1, "{}", output.combined());
    assert!(
        output.stdout.contains("0 warnings, 1 failures"),
        "{}",
        output.stdout
    );
    assert!(output.stderr.contains("forge::config::unknown_key"));
    assert!(output.stderr.contains("forge: [DIR]/team-1/r1 failed"));
}

fn check_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/check.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

#[test]
fn check_json_of_every_example_and_fixture_case_validates_against_its_schema() {
    let validator = check_schema();
    let mut checked = 0;
    for folder in ["examples", "tests/fixtures/cases"] {
        let output = Forge::new()
            .args(&["check", "--ledger", folder, "--format", "json"])
            .run();
        let report: Value = serde_json::from_str(&output.stdout).expect("check JSON");
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{folder}: {errors:#?}");
        checked += report["diagnostics"].as_array().map_or(0, Vec::len);
    }
    assert!(checked > 20, "only {checked} diagnostics checked");
    let without_code = serde_json::json!({
        "version": 1, "errors": 0, "warnings": 1,
        "diagnostics": [{ "level": "warning", "message": "m", "help": null,
                          "location": null, "labels": [], "related": [] }]
    });
    assert!(!validator.is_valid(&without_code));
}

#[test]
fn check_ledger_applies_each_resources_lints_and_deny_warnings() {
    let forge = warning_ledger(3)
        .file(
            "team-0/r0/forge.toml",
            "[lints]\nallow = [\"forge::journal::no_verify\"]\n",
        )
        .args(&["check", "--ledger", "{dir}"]);
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(output
        .stderr
        .ends_with("forge check: 0 errors, 2 warnings\n"));
    let denying = warning_ledger(3)
        .file("team-1/r1/forge.toml", "[check]\ndeny-warnings = true\n")
        .args(&["check", "--ledger", "{dir}"])
        .run();
    assert_eq!(denying.status, 1, "{}", denying.combined());
}
