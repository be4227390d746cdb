//! One status per operation: the runbook's index and section, `forge
//! operations --format json` and `forge steps` say the same thing about
//! every operation of every example.

use serde_json::Value;

use crate::support::{journal_folders, root, Forge};

fn run_json(args: &[&str]) -> Value {
    let output = Forge::new().args(args).run();
    assert_eq!(output.status, 0, "{}", output.combined());
    serde_json::from_str(&output.stdout).expect("JSON")
}

fn operations(doc: &Value) -> &Vec<Value> {
    doc["operations"].as_array().expect("operations")
}

#[test]
fn index_section_operations_json_and_steps_agree_on_every_status() {
    for dir in journal_folders(&root().join("examples")) {
        let dir = dir.to_string_lossy().into_owned();
        let runbook = Forge::new().args(&["generate", "--resource", &dir]).run();
        assert_eq!(runbook.status, 0, "{}", runbook.combined());
        let runbook = runbook.stdout;
        let json = run_json(&["operations", "--resource", &dir, "--format", "json"]);
        let steps = run_json(&["steps", "--resource", &dir]);
        assert_eq!(operations(&json).len(), operations(&steps).len());
        // The index lists the operations in the JSON's order.
        let index = runbook
            .split_once("## Operations\n")
            .map_or("", |(_, rest)| rest.split("\n## ").next().unwrap_or(""));
        let rows: Vec<&str> = index.lines().filter(|l| l.starts_with("| [")).collect();
        assert_eq!(rows.len(), operations(&json).len(), "{dir}");
        for ((operation, procedure), row) in
            operations(&json).iter().zip(operations(&steps)).zip(rows)
        {
            let status = &operation["status"];
            let text = status["text"].as_str().expect("status text");
            assert_eq!(procedure["status"], *status, "{dir}: steps");
            assert!(
                row.ends_with(&format!("| {text} |")) || row.ends_with(&format!("| **{text}** |")),
                "{dir}: index says {row}, JSON says {text}"
            );
            assert!(
                runbook.contains(&format!("**Status: {text}.**")),
                "{dir}: no section says {text}"
            );
            let last = &status["last_run"]["outcome"];
            match status["state"].as_str().expect("state") {
                "verified" => assert_eq!(last, "verified", "{dir}: {status}"),
                "last-failed" => assert_eq!(last, "failed", "{dir}: {status}"),
                "last-rolled-back" => assert_eq!(last, "rolled-back", "{dir}: {status}"),
                "never-verified" => assert_eq!(operation["verified"], false, "{dir}"),
                _ => assert_ne!(last, "failed", "{dir}: {status}"),
            }
        }
    }
}

#[test]
fn a_failed_last_run_is_never_called_verified() {
    let journal = "\
## 2026-01-05 — restarted app
- verify: health green
- outcome: verified

## 2026-02-05 — restarted app
- verify: health green
- outcome: failed
";
    let forge = || Forge::new().file("JOURNAL.md", journal);
    let runbook = forge()
        .args(&["generate", "--resource", "{dir}"])
        .run()
        .stdout;
    assert!(
        runbook.contains("| 1 verified, 1 failed | — | **last run failed** |"),
        "{runbook}"
    );
    assert!(runbook.contains(
        "**Status: last run failed.** Last run 2026-02-05 (JOURNAL.md:5, failed); \
         1 of 2 runs verified, the last on 2026-01-05."
    ));
    let output = forge()
        .args(&["operations", "--resource", "{dir}", "--format", "json"])
        .run();
    let doc: Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(doc["operations"][0]["status"]["state"], "last-failed");
}

#[test]
fn an_outcome_verified_without_a_check_is_not_counted_as_verified() {
    let journal = "## 2026-01-05 — restarted app\n- outcome: verified\n";
    let runbook = Forge::new()
        .file("JOURNAL.md", journal)
        .args(&["generate", "--resource", "{dir}"])
        .run()
        .stdout;
    assert!(
        runbook.contains(
            "| 1 marked verified without a check | — | **never verified — add a check** |"
        ),
        "{runbook}"
    );
}
