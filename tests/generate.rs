//! `forge generate`: the runbook's content, writing, and checking.

use crate::support::{root, Forge};

fn es1() -> String {
    root().join("examples/es-1").to_string_lossy().into_owned()
}

fn reference_journal() -> String {
    std::fs::read_to_string(root().join("examples/es-1/JOURNAL.md")).expect("es-1 journal")
}

#[test]
fn es_1_runbook_matches_its_snapshot() {
    let output = Forge::new().args(&["generate", "--resource", &es1()]).run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn es_1_heap_raises_are_one_operation_named_by_the_name_rule() {
    let output = Forge::new().args(&["generate", "--resource", &es1()]).run();
    assert!(output
        .stdout
        .contains("## Change index heap   (done 2x, last 2026-06-11)"));
    assert!(output.stdout.contains("  - cluster green within 4m (2x)"));
    // The most recent wording, as the change list shows it (-Xmx24g).
    assert!(output
        .stdout
        .contains("  - -Xmx24g confirmed in \\_cat/nodes (2x)"));
}

#[test]
fn es_1_keeps_taking_and_restoring_snapshots_apart() {
    let output = Forge::new().args(&["generate", "--resource", &es1()]).run();
    assert!(output.stdout.contains("## Take snapshot   (done 2x"));
    assert!(output.stdout.contains("## Restore snapshot   (done 1x"));
}

#[test]
fn the_built_in_defaults_group_es_1_sensibly_without_a_rules_file() {
    let forge = Forge::new().file("JOURNAL.md", reference_journal()).args(&[
        "operations",
        "--resource",
        "{dir}",
        "--format",
        "json",
    ]);
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("json");
    let ops = json["operations"].as_array().expect("operations");
    let titles_of = |needle: &str| -> Vec<String> {
        ops.iter()
            .find(|op| {
                op["entries"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|e| e["title"] == needle))
            })
            .map(|op| {
                op["entries"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|e| e["title"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        titles_of("Raised heap 8G→16G"),
        ["Raised heap 8G→16G", "raised heap 16G→24G"]
    );
    assert_eq!(
        titles_of("took snapshot"),
        ["took snapshot before upgrade", "took snapshot"]
    );
    assert_eq!(
        titles_of("restored snapshot after bad mapping change"),
        ["restored snapshot after bad mapping change"]
    );
}

#[test]
fn a_command_in_a_fenced_block_appears_as_a_code_block() {
    let output = Forge::new().args(&["generate", "--resource", &es1()]).run();
    assert!(output.stdout.contains(
        "```sh\nelasticsearch-certutil cert --ca elastic-stack-ca.p12 --out new-certs.p12\n```"
    ));
}

#[test]
fn out_writes_the_same_text_as_stdout_and_leaves_no_temporary_file() {
    let forge = Forge::new().copy_dir(&root().join("examples/es-1")).args(&[
        "generate",
        "--resource",
        "{dir}",
        "--out",
        "{dir}/RUNBOOK.md",
    ]);
    let _ = std::fs::remove_file(forge.dir().join("RUNBOOK.md"));
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let written = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("written");
    let printed = Forge::new().args(&["generate", "--resource", &es1()]).run();
    assert_eq!(written, printed.stdout);
    let files: Vec<_> = std::fs::read_dir(forge.dir())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 4, "unexpected files: {files:?}");
}

#[test]
fn out_into_a_missing_folder_fails_cleanly_with_code_2() {
    let output = Forge::new()
        .copy_dir(&root().join("examples/es-1"))
        .args(&[
            "generate",
            "--resource",
            "{dir}",
            "--out",
            "{dir}/no/such/RUNBOOK.md",
        ])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::io::write_failed"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_exits_1_with_a_diff_when_the_runbook_is_stale_and_0_when_current() {
    let forge = Forge::new()
        .copy_dir(&root().join("examples/es-1"))
        .file("RUNBOOK.md", "# an old runbook\n")
        .args(&["generate", "--resource", "{dir}", "--check"]);
    let stale = forge.run();
    assert_eq!(stale.status, 1);
    assert!(
        stale.stdout.contains("-# an old runbook"),
        "{}",
        stale.stdout
    );
    assert!(stale.stdout.contains("+# Runbook: es-1"));
    assert_eq!(
        std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("kept"),
        "# an old runbook\n",
        "--check must not write"
    );
    let fresh = Forge::new().args(&["generate", "--resource", &es1()]).run();
    std::fs::write(forge.dir().join("RUNBOOK.md"), fresh.stdout).expect("write");
    assert_eq!(forge.run().status, 0);
}

#[test]
fn rules_flag_overrides_the_resource_rules_file() {
    let output = Forge::new()
        .copy_dir(&root().join("examples/es-1"))
        .file(
            "other.forge",
            "extends default\nname /^change heap/ as \"Grow the heap\"\n",
        )
        .args(&[
            "generate",
            "--resource",
            "{dir}",
            "--rules",
            "{dir}/other.forge",
        ])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(output.stdout.contains("## Grow the heap"));
    assert!(!output.stdout.contains("Change index heap"));
}

#[test]
fn crlf_and_a_bom_give_the_same_runbook_as_plain_newlines() {
    let crlf = format!("\u{feff}{}", reference_journal().replace('\n', "\r\n"));
    let plain = Forge::new()
        .file("JOURNAL.md", reference_journal())
        .args(&["generate", "--resource", "{dir}"])
        .run();
    let windows = Forge::new()
        .file("JOURNAL.md", crlf)
        .args(&["generate", "--resource", "{dir}"])
        .run();
    assert_eq!(windows.status, 0, "{}", windows.combined());
    assert_eq!(plain.stdout, windows.stdout);
}

#[test]
fn a_resource_without_inventory_says_so_in_the_facts() {
    let output = Forge::new()
        .file(
            "JOURNAL.md",
            "## 2026-01-01 — restarted web-1\n- verify: ok\n- outcome: verified\n",
        )
        .args(&["generate", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(output.stdout.contains("No INVENTORY.yaml"));
}

#[test]
fn operations_are_ordered_by_count_then_recency() {
    let journal = "\
## 2026-01-01 — restarted web-1
## 2026-01-02 — rotated certs
## 2026-01-03 — restarted web-2
## 2026-01-04 — upgraded nginx 1.2 -> 1.3
";
    let output = Forge::new()
        .file("JOURNAL.md", journal)
        .args(&["generate", "--resource", "{dir}"])
        .run();
    let restart = output.stdout.find("## Restart").expect("restart");
    let upgrade = output.stdout.find("## Upgrade nginx").expect("upgrade");
    let rotate = output.stdout.find("## Rotate cert").expect("rotate");
    assert!(restart < upgrade && upgrade < rotate, "{}", output.stdout);
}
