//! forge.toml: found at or above the resource folder, nearest wins; its
//! settings fill in what flags leave out.

use crate::support::{root, Forge};

const ALLOW_ES_1: &str =
    "[lints]\nallow = [\"forge::rules::dead_rule\", \"forge::journal::no_verify\"]\n";

fn es1() -> Forge {
    Forge::new().copy_dir(&root().join("examples/es-1"))
}

#[test]
fn allowing_the_intended_warnings_lets_es_1_pass_deny_warnings() {
    let without = es1()
        .args(&["check", "--resource", "{dir}", "--deny-warnings"])
        .run();
    assert_eq!(without.status, 1, "{}", without.combined());
    let with = es1()
        .file("forge.toml", ALLOW_ES_1)
        .args(&["check", "--resource", "{dir}", "--deny-warnings"])
        .run();
    assert_eq!(with.status, 0, "{}", with.combined());
    assert!(with.stderr.ends_with("forge check: 0 errors, 0 warnings\n"));
}

#[test]
fn a_forge_toml_in_a_parent_folder_applies_and_the_nearest_one_wins() {
    let parent = es1()
        .file("../forge.toml", ALLOW_ES_1)
        .args(&["check", "--resource", "{dir}", "--deny-warnings"])
        .run();
    assert_eq!(parent.status, 0, "{}", parent.combined());
    let nearest = es1()
        .file("../forge.toml", ALLOW_ES_1)
        .file("forge.toml", "[lints]\nallow = [\"forge::journal\"]\n")
        .args(&["check", "--resource", "{dir}", "--deny-warnings"])
        .run();
    assert_eq!(nearest.status, 1, "{}", nearest.combined());
    assert!(nearest.stderr.contains("forge::rules::dead_rule"));
    assert!(!nearest.stderr.contains("forge::journal::no_verify"));
}

#[test]
fn a_denied_warning_fails_the_check_as_an_error() {
    let output = es1()
        .file(
            "forge.toml",
            "[lints]\ndeny = [\"forge::journal::no_verify\"]\n",
        )
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 1, "{}", output.combined());
    assert!(output
        .stderr
        .contains("denied by forge.toml ([lints] deny)"));
    assert!(output.stderr.contains("forge check: 1 error,"));
}

#[test]
fn deny_warnings_can_be_set_in_forge_toml() {
    let output = es1()
        .file("forge.toml", "[check]\ndeny-warnings = true\n")
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 1, "{}", output.combined());
}

#[test]
fn generate_writes_where_forge_toml_says_and_check_uses_the_same_settings() {
    let forge = es1().file(
        "forge.toml",
        "[generate]\nout = \"docs/RUNBOOK.md\"\ntimeline = false\n",
    );
    let dir = forge.dir().to_path_buf();
    std::fs::create_dir_all(dir.join("docs")).expect("docs folder");
    let forge = forge.args(&["generate", "--resource", "{dir}"]);
    let write = forge.run();
    assert_eq!(write.status, 0, "{}", write.combined());
    assert_eq!(write.stdout, "");
    let written = std::fs::read_to_string(dir.join("docs/RUNBOOK.md")).expect("runbook written");
    assert!(!written.contains("## Timeline"));
    let check = forge.args(&["--check"]).run();
    assert_eq!(check.status, 0, "{}", check.combined());
}

#[test]
fn flags_override_forge_toml() {
    let forge = es1().file(
        "forge.toml",
        "rules = \"missing.forge\"\n[generate]\ntimeline = false\n",
    );
    let output = forge
        .args(&[
            "generate",
            "--resource",
            "{dir}",
            "--timeline",
            "--rules",
            "{dir}/rules.forge",
        ])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(output.stdout.contains("## Timeline"));
}

#[test]
fn the_rules_file_named_in_forge_toml_is_relative_to_it() {
    let output = Forge::new()
        .file(
            "JOURNAL.md",
            "## 2026-03-01 — restarted web-1\n- verify: ok\n",
        )
        .file("../shared.forge", "similarity { metric = cosine }\n")
        .file("../forge.toml", "rules = \"shared.forge\"\n")
        .args(&["operations", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2, "{}", output.combined());
    assert!(output.stderr.contains("shared.forge"), "{}", output.stderr);
}

#[test]
fn an_unknown_key_is_a_located_diagnostic_with_a_suggestion() {
    let output = es1()
        .file("forge.toml", "[generate]\ntimline = false\n")
        .args(&["generate", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    insta::assert_snapshot!(output.combined());
}

#[test]
fn unknown_error_and_conflicting_codes_in_lints_are_located_diagnostics() {
    let output = es1()
        .file(
            "forge.toml",
            concat!(
                "[lints]\n",
                "allow = [\"forge::rules::syntax\", \"forge::rules::ded_rule\", \"forge::journal\"]\n",
                "deny = [\"forge::journal\"]\n",
            ),
        )
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    insta::assert_snapshot!(output.combined());
}

#[test]
fn a_value_of_the_wrong_type_is_a_located_diagnostic() {
    let output = es1()
        .file("forge.toml", "[generate]\ntimeline = \"no\"\n")
        .args(&["steps", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    insta::assert_snapshot!(output.combined());
}
