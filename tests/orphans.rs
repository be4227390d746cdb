//! A keep block whose operation disappears is announced: a warning names
//! the block, why it was orphaned and the likely new operation.

use crate::support::Forge;

const JOURNAL: &str = "\
## 2026-01-05 — restarted app
- verify: health green
- outcome: verified

## 2026-02-05 — restarted app
- verify: health green
- outcome: verified

## 2026-03-05 — flushed cache
- verify: hit rate back above 90%
- outcome: verified
";

const NOTE: &str =
    "<!-- forge:keep restart-app -->\nAsk the app team before noon.\n<!-- /forge:keep -->\n\n";

/// A resource whose runbook holds a note on `restart-app`, and the command
/// that regenerates it.
fn with_note() -> Forge {
    let forge = Forge::new().file("JOURNAL.md", JOURNAL).args(&[
        "generate",
        "--resource",
        "{dir}",
        "--out",
        "{dir}/RUNBOOK.md",
    ]);
    assert_eq!(forge.run().status, 0);
    let path = forge.dir().join("RUNBOOK.md");
    let runbook = std::fs::read_to_string(&path).expect("written");
    let at = runbook.find("\nOccurrences:\n").expect("a section") + 1;
    std::fs::write(&path, format!("{}{NOTE}{}", &runbook[..at], &runbook[at..])).expect("write");
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(
        !words(&output.stderr).contains("orphaned"),
        "{}",
        output.stderr
    );
    forge
}

/// Diagnostics wrap at 80 columns: their words, joined by single spaces.
fn words(stderr: &str) -> String {
    stderr
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

fn rules(forge: &Forge, text: &str) {
    std::fs::write(forge.dir().join("rules.forge"), text).expect("write rules");
}

#[test]
fn a_renamed_operation_orphans_its_note_with_a_warning_naming_the_new_id() {
    let forge = with_note();
    rules(
        &forge,
        "extends default\nname /restart/ as \"Bounce app\"\n",
    );
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stderr);
    assert!(
        words(&output.stderr).contains(
            "keep block `restart-app` is orphaned: its operation `restart-app` was renamed `bounce-app`"
        ),
        "{}",
        output.stderr
    );
    assert!(
        words(&output.stderr).contains("forge::keep::orphaned"),
        "{}",
        output.stderr
    );
    assert!(
        words(&output.stderr).contains("<!-- forge:keep bounce-app -->"),
        "{}",
        output.stderr
    );
    let runbook = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("written");
    let orphans = &runbook[runbook.find("## Orphaned notes").expect("orphans")..];
    assert!(orphans.contains(NOTE.trim_end()), "{runbook}");
    // Still orphaned next time: still announced.
    let again = forge.run();
    assert!(
        again.stderr.contains(
            "keep block `restart-app` is orphaned: no operation has the id `restart-app` any more"
        ),
        "{}",
        again.stderr
    );
}

#[test]
fn a_regrouped_operation_orphans_its_note_naming_where_its_occurrences_went() {
    let forge = with_note();
    rules(
        &forge,
        "extends default\nalways merge /restart|purge|cache/ as \"App upkeep\"\n",
    );
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert!(
        words(&output.stderr).contains(
            "keep block `restart-app` is orphaned: the occurrences of `restart-app` were regrouped into `app-upkeep` (2)"
        ),
        "{}",
        output.stderr
    );
    assert!(
        output
            .stderr
            .contains("the likely operation is `app-upkeep`"),
        "{}",
        output.stderr
    );
}

#[test]
fn check_announces_orphans_too_and_writes_nothing() {
    let forge = with_note();
    rules(
        &forge,
        "extends default\nname /restart/ as \"Bounce app\"\n",
    );
    let before = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("read");
    let output = Forge::new()
        .args(&[
            "generate",
            "--resource",
            &forge.dir().to_string_lossy(),
            "--check",
        ])
        .run();
    assert_eq!(output.status, 1, "{}", output.combined());
    assert!(
        words(&output.stderr).contains("is orphaned"),
        "{}",
        output.stderr
    );
    let after = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("read");
    assert_eq!(before, after);
}
