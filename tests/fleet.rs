//! `forge generate --ledger DIR`: every resource folder under DIR.

use crate::support::Forge;

const JOURNAL: &str = "## 2026-01-02 — restarted es-1\n- verify: green\n- outcome: verified\n\n\
## 2026-02-03 — restarted es-2\n- verify: green\n- outcome: verified\n\n\
## 2026-03-04 — raised heap 8G→16G\n- verify: ok\n- outcome: verified\n";

fn read(forge: &Forge, path: &str) -> String {
    std::fs::read_to_string(forge.dir().join(path)).unwrap_or_else(|_| panic!("{path} exists"))
}

/// A ledger of three resources (one nested deeper), one with its own rules,
/// and rules at the root.
fn ledger() -> Forge {
    Forge::new()
        .file(
            "rules.forge",
            "extends default\nname /^restart/ as \"Root restart\"\n",
        )
        .file("a/JOURNAL.md", JOURNAL)
        .file(
            "a/rules.forge",
            "extends default\nname /^restart/ as \"Own restart\"\n",
        )
        .file("b/JOURNAL.md", JOURNAL)
        .file("team/c/JOURNAL.md", JOURNAL)
        .file("team/c/INVENTORY.yaml", "name: c-prod\n")
        .file(".hidden/JOURNAL.md", JOURNAL)
        .file("notes/README.md", "not a resource")
}

#[test]
fn a_ledger_writes_every_runbook_and_prints_one_summary_line() {
    let forge = ledger().args(&["generate", "--ledger", "{dir}"]);
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert_eq!(
        output.stdout,
        "3 resources, 9 entries, 6 operations, 0 warnings, 0 failures\n"
    );
    assert_eq!(output.stderr, "", "piped: no progress bar, nothing extra");
    for dir in ["a", "b", "team/c"] {
        assert!(read(&forge, &format!("{dir}/RUNBOOK.md")).contains("estart"));
    }
    assert!(!forge.dir().join(".hidden/RUNBOOK.md").exists());
}

#[test]
fn a_ledger_runbook_is_exactly_what_generate_writes_for_that_resource() {
    let forge = ledger().args(&["generate", "--ledger", "{dir}"]);
    assert_eq!(forge.run().status, 0);
    let dir = forge.dir().to_string_lossy().into_owned();
    for (resource, rules) in [("a", "a/rules.forge"), ("team/c", "rules.forge")] {
        let single = Forge::new()
            .args(&[
                "generate",
                "--resource",
                &format!("{dir}/{resource}"),
                "--rules",
                &format!("{dir}/{rules}"),
            ])
            .run();
        assert_eq!(single.status, 0, "{}", single.combined());
        assert_eq!(
            single.stdout,
            read(&forge, &format!("{resource}/RUNBOOK.md"))
        );
    }
}

#[test]
fn a_resources_own_rules_win_over_the_ledger_rules_which_win_over_the_defaults() {
    let forge = ledger().args(&["generate", "--ledger", "{dir}"]);
    assert_eq!(forge.run().status, 0);
    assert!(read(&forge, "a/RUNBOOK.md").contains("Own restart"));
    assert!(read(&forge, "b/RUNBOOK.md").contains("Root restart"));
    let bare = Forge::new()
        .file("x/JOURNAL.md", JOURNAL)
        .args(&["generate", "--ledger", "{dir}"]);
    assert_eq!(bare.run().status, 0);
    let runbook = read(&bare, "x/RUNBOOK.md");
    assert!(!runbook.contains("Root restart") && runbook.contains("Restart"));
}

#[test]
fn a_failing_resource_is_reported_and_the_others_are_still_generated() {
    let forge = ledger()
        .file("bad/JOURNAL.md", JOURNAL)
        .file("bad/rules.forge", "similarity { metric = cosine }\n")
        .args(&["generate", "--ledger", "{dir}"]);
    let output = forge.run();
    assert_eq!(output.status, 1, "{}", output.combined());
    assert_eq!(
        output.stdout,
        "4 resources, 9 entries, 6 operations, 0 warnings, 1 failures\n"
    );
    assert!(
        output.stderr.contains("forge::rules::"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("[DIR]/bad/rules.forge"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.ends_with("forge: [DIR]/bad failed\n"),
        "{}",
        output.stderr
    );
    assert!(forge.dir().join("b/RUNBOOK.md").is_file());
    assert!(!forge.dir().join("bad/RUNBOOK.md").exists());
}

#[test]
fn check_on_a_ledger_names_each_stale_runbook_and_writes_nothing() {
    let forge = ledger().args(&["generate", "--ledger", "{dir}"]);
    assert_eq!(forge.run().status, 0);
    let current = forge.args(&["--check"]);
    let output = current.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(output.stdout.ends_with(", 0 failures, 0 out of date\n"));
    std::fs::write(current.dir().join("b/RUNBOOK.md"), "edited by hand\n").expect("write");
    let output = current.run();
    assert_eq!(output.status, 1, "{}", output.combined());
    assert_eq!(output.stderr, "forge: [DIR]/b/RUNBOOK.md is out of date\n");
    assert!(
        output.stdout.ends_with(", 1 out of date\n"),
        "{}",
        output.stdout
    );
    assert_eq!(read(&current, "b/RUNBOOK.md"), "edited by hand\n");
}

#[test]
fn resource_is_required_without_a_ledger_and_refused_with_one() {
    let output = Forge::new().args(&["generate"]).run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("--resource <DIR>"),
        "{}",
        output.stderr
    );
    let output = ledger()
        .args(&["generate", "--ledger", "{dir}", "--resource", "{dir}/a"])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("cannot be used with"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_missing_ledger_folder_is_a_diagnostic() {
    let output = Forge::new()
        .args(&["generate", "--ledger", "{dir}/nowhere"])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::io::missing_folder"),
        "{}",
        output.stderr
    );
}

#[test]
fn resources_with_the_same_broken_rules_each_report_their_own_file() {
    let broken = "similarity { metric = cosine }\n";
    let output = Forge::new()
        .file("x/JOURNAL.md", JOURNAL)
        .file("x/rules.forge", broken)
        .file("y/JOURNAL.md", JOURNAL)
        .file("y/rules.forge", broken)
        .file("z/JOURNAL.md", JOURNAL)
        .file("z/rules.forge", "extends default\n")
        .file("w/JOURNAL.md", JOURNAL)
        .file("w/rules.forge", "extends default\n")
        .args(&["generate", "--ledger", "{dir}"])
        .run();
    assert_eq!(output.status, 1, "{}", output.combined());
    assert!(
        output.stdout.ends_with(", 2 failures\n"),
        "{}",
        output.stdout
    );
    for dir in ["x", "y"] {
        assert!(
            output.stderr.contains(&format!("[DIR]/{dir}/rules.forge")),
            "{}",
            output.stderr
        );
    }
}
