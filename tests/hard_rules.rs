//! `never merge`, `always merge` and `name` rules, through the binary.

use std::fmt::Write as _;

use crate::support::Forge;

const DEPLOYS: &str = "\
## 2026-01-01 — deploy api v2.1
## 2026-01-02 — deploy api v2.2 canary
";

/// Operation names and their member titles, from `operations --format json`.
fn operations(journal: &str, rules: &str) -> Vec<(String, Vec<String>)> {
    let output = Forge::new()
        .file("JOURNAL.md", journal)
        .file("rules.forge", rules)
        .args(&["operations", "--resource", "{dir}", "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("json");
    let mut ops: Vec<(String, Vec<String>)> = json["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|op| {
            let titles = op["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| e["title"].as_str().unwrap_or_default().to_string())
                .collect();
            (op["name"].as_str().unwrap_or_default().to_string(), titles)
        })
        .collect();
    ops.sort();
    ops
}

#[test]
fn similar_entries_merge_without_a_never_merge_rule() {
    let ops = operations(DEPLOYS, "extends default\n");
    assert_eq!(ops.len(), 1, "{ops:?}");
}

#[test]
fn never_merge_stops_a_merge_that_similarity_alone_would_make() {
    let ops = operations(
        DEPLOYS,
        "extends default\nnever merge /canary/ with /deploy/\n",
    );
    assert_eq!(ops.len(), 2, "{ops:?}");
}

#[test]
fn entries_matching_both_sides_of_a_never_merge_rule_still_merge_with_each_other() {
    let journal = "## 2026-01-01 — restored snapshot products index\n## 2026-01-02 — restored snapshot products index again\n";
    let ops = operations(
        journal,
        "extends default\nnever merge /snapshot/ with /restor/\n",
    );
    assert_eq!(ops.len(), 1, "{ops:?}");
}

#[test]
fn always_merge_forces_dissimilar_entries_together_under_its_name() {
    let journal = "## 2026-01-01 — took snapshot\n## 2026-01-02 — snapshot of the products index for the migration\n";
    let ops = operations(
        journal,
        "extends default\nalways merge /^snapshot\\b/ as \"Take snapshot\"\n",
    );
    assert_eq!(
        ops,
        [(
            "Take snapshot".to_string(),
            vec![
                "took snapshot".to_string(),
                "snapshot of the products index for the migration".to_string()
            ]
        )]
    );
}

#[test]
fn a_name_rule_names_the_operation_whose_signature_matches() {
    let journal = "## 2026-01-01 — restarted web-1\n";
    let ops = operations(
        journal,
        "extends default\nname /^restart/ as \"Restart a web node\"\n",
    );
    assert_eq!(ops[0].0, "Restart a web node");
}

#[test]
fn an_always_merge_name_wins_over_a_name_rule() {
    let journal = "## 2026-01-01 — restarted web-1\n";
    let rules =
        "extends default\nname /^restart/ as \"Restart\"\nalways merge /^restart/ as \"Bounce\"\n";
    let ops = operations(journal, rules);
    assert_eq!(ops[0].0, "Bounce");
}

/// `check` on an `always merge` rule that gathers thousands of entries
/// stays linear, and still reports the first pair a `never merge` rule
/// keeps apart: the first entry and the only one of the other side.
#[test]
fn a_merge_conflict_among_thousands_of_forced_entries_reports_the_first_pair() {
    let entries = 8_000;
    let mut journal = String::new();
    for n in 1..entries {
        writeln!(
            journal,
            "## 2026-01-01 — take snapshot of volume {n}\n- verify: ok\n"
        )
        .expect("write to a String");
    }
    journal.push_str("## 2026-01-02 — restore snapshot of volume 7\n- verify: ok\n");
    let last_line = 3 * (entries - 1) + 1;
    let output = Forge::new()
        .file("JOURNAL.md", journal)
        .file(
            "rules.forge",
            "never merge /alpha/ with /beta/\nnever merge /take/ with /restore/\nalways merge /snapshot/ as \"Snapshots\"\n",
        )
        .args(&["check", "--resource", "{dir}", "--color", "never"])
        .run();
    let all = output.combined();
    assert_eq!(
        all.matches("⚠ an `always merge` rule forces").count(),
        1,
        "{all}"
    );
    assert!(all.contains("JOURNAL.md:1:19]"), "{all}");
    assert!(
        all.contains(&format!("JOURNAL.md:{last_line}:19]")),
        "{all}"
    );
    assert!(all.contains("forbids putting them together"), "{all}");
}
