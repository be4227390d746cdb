//! `forge check` and `forge test` beyond the fixture cases: limits, and
//! diagnostic codes declared in one place, each shown by some test.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use runbook_forge::codes::Code;

use crate::support::{root, Forge};

const JOURNAL: &str = "## 2026-03-01 — restarted web-1\n- verify: ok\n- outcome: verified\n";

#[test]
fn a_rules_file_over_the_size_limit_is_refused_without_parsing() {
    let huge = format!("# {}\n", "x".repeat(1 << 20));
    let output = Forge::new()
        .file("JOURNAL.md", JOURNAL)
        .file("rules.forge", huge)
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::rules::too_large"),
        "{}",
        output.stderr
    );
}

#[test]
fn an_inventory_over_the_size_limit_is_refused() {
    let huge = format!("name: web\nblob: \"{}\"\n", "x".repeat(9 << 20));
    let output = Forge::new()
        .file("JOURNAL.md", JOURNAL)
        .file("INVENTORY.yaml", huge)
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::inventory::too_large"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_pathological_regex_is_an_error_not_a_hang() {
    let output = Forge::new()
        .file("JOURNAL.md", JOURNAL)
        .file(
            "rules.forge",
            "normalize {\n    /((a{50}){50}){50}/ => x\n}\n",
        )
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::rules::regex_too_large"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_reports_errors_of_rules_journal_and_inventory_together() {
    let output = Forge::new()
        .file("JOURNAL.md", "## 2026-13-01 — restarted web-1\n")
        .file("INVENTORY.yaml", "- not a mapping\n")
        .file("rules.forge", "similarity { metric = cosine }\n")
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2);
    for code in [
        "forge::journal::bad_date",
        "forge::inventory::not_a_mapping",
        "forge::rules::unknown_metric",
    ] {
        assert!(
            output.stderr.contains(code),
            "missing {code}:\n{}",
            output.stderr
        );
    }
}

#[test]
fn the_default_rules_pass_their_own_tests() {
    let output = Forge::new()
        .file("JOURNAL.md", JOURNAL)
        .args(&["test", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(
        output.stdout.contains(" passed, 0 failed"),
        "{}",
        output.stdout
    );
}

#[test]
fn test_json_counts_passes_and_failures() {
    let rules = root().join("tests/fixtures/cases/test-failures/rules.forge");
    let output = Forge::new()
        .args(&[
            "test",
            "--rules",
            &rules.to_string_lossy(),
            "--format",
            "json",
        ])
        .run();
    assert_eq!(output.status, 1);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("json");
    assert_eq!(json["passed"], 1);
    assert_eq!(json["failed"], 4);
    assert_eq!(json["cases"][1]["left_signature"], "change heap <size>");
}

/// Each Rust file under src/ outside the codes module (src/codes.rs and
/// src/codes/, where codes are declared) that writes a `"forge::…` string.
fn code_literals_outside_codes() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let declared = root().join("src/codes");
    let uniting = root().join("src/codes.rs");
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path != declared {
                    stack.push(path);
                }
                continue;
            }
            let is_rust = path.extension().is_some_and(|e| e == "rs");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if is_rust && path != uniting && text.contains("\"forge::") {
                found.insert(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn diagnostic_codes_are_written_only_where_they_are_declared() {
    let files = code_literals_outside_codes();
    assert!(
        files.is_empty(),
        "use a variant of src/codes/ instead of a code string in: {files:?}"
    );
}

#[test]
fn every_explained_code_is_shown_by_some_fixture_snapshot_or_test() {
    let mut seen = String::new();
    for dir in ["tests/snapshots", "tests/snapshots/cases"] {
        for entry in std::fs::read_dir(root().join(dir))
            .expect("snapshots")
            .flatten()
        {
            seen.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    seen.push_str(include_str!("check.rs"));
    seen.push_str(include_str!("hardening.rs"));
    // Needs a file forge may not read: cannot be set up when tests run as root.
    let untestable = ["forge::io::unreadable"];
    let unseen: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| {
            !untestable.contains(c)
                && !seen.contains(&format!("{c}\n"))
                && !seen.contains(&format!("\"{c}\""))
        })
        .collect();
    assert!(unseen.is_empty(), "add a fixture case showing: {unseen:?}");
}

#[test]
fn check_draws_at_most_twenty_diagnostics_of_a_code_unless_all_is_given() {
    let mut journal = String::new();
    for day in 1..=25 {
        let _ = write!(
            journal,
            "## 2026-01-{day:02} — restarted web-{day}\n- outcome: verified\n\n"
        );
    }
    let forge = Forge::new()
        .file("JOURNAL.md", journal)
        .args(&["check", "--resource", "{dir}"]);
    let limited = forge.run();
    assert_eq!(limited.status, 0, "{}", limited.combined());
    assert_eq!(
        limited
            .stderr
            .matches("⚠ this entry has no verify field")
            .count(),
        20
    );
    assert!(limited
        .stderr
        .contains("… and 5 more forge::journal::no_verify (run with --all to see every one)"));
    assert!(limited
        .stderr
        .contains("forge check: 0 errors, 25 warnings"));
    let all = forge.args(&["--all"]).run();
    assert_eq!(
        all.stderr
            .matches("⚠ this entry has no verify field")
            .count(),
        25
    );
}
