//! Every bundled example: its checked-in RUNBOOK.md is exactly what
//! `forge generate` writes today, and generation is deterministic.

use crate::support::{journal_folders, root, Forge};

fn examples() -> Vec<std::path::PathBuf> {
    journal_folders(&root().join("examples"))
}

#[test]
fn there_are_at_least_four_examples_including_es_1() {
    let names: Vec<String> = examples()
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 4, "{names:?}");
    assert!(names.iter().any(|n| n == "es-1"));
}

#[test]
fn every_checked_in_runbook_equals_fresh_output() {
    for dir in examples() {
        let path = dir.to_string_lossy().into_owned();
        let output = Forge::new()
            .args(&["generate", "--resource", &path, "--check"])
            .run();
        assert_eq!(
            output.status,
            0,
            "{path}/RUNBOOK.md is stale; regenerate it (see examples/README.md)\n{}",
            output.combined()
        );
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for dir in examples() {
        let path = dir.to_string_lossy().into_owned();
        let first = Forge::new().args(&["generate", "--resource", &path]).run();
        let second = Forge::new().args(&["generate", "--resource", &path]).run();
        assert_eq!(first.status, 0, "{}", first.combined());
        assert_eq!(first.stdout, second.stdout, "{path}");
    }
}

#[test]
fn every_example_rules_file_passes_check() {
    for dir in examples() {
        let path = dir.to_string_lossy().into_owned();
        let output = Forge::new()
            .args(&["operations", "--resource", &path])
            .run();
        assert_eq!(output.status, 0, "{path}: {}", output.combined());
    }
}
