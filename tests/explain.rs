//! `forge explain` and `forge rules`: every mode on the es-1 example, the
//! rule lines explanations name, and the text under every label.

mod spans;

use std::fmt::Write as _;

use crate::support::{root, Forge, Output};

/// The es-1 example, by a path relative to the repository root (where
/// tests run forge), so that file names in snapshots do not depend on
/// where the repository is.
const ES1: &str = "examples/es-1";

fn explain(args: &[&str]) -> Output {
    let mut all = vec!["explain", "--resource", ES1];
    all.extend_from_slice(args);
    let output = Forge::new().args(&all).run();
    assert_eq!(output.status, 0, "{}", output.combined());
    output
}

/// The 1-based line of the first line of `file` containing `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(root().join(file)).expect("readable file");
    text.lines()
        .position(|l| l.contains(needle))
        .map_or_else(|| panic!("{needle:?} is not in {file}"), |i| i + 1)
}

const DEFAULTS: &str = "rules/default.forge";
const BUILT_IN: &str = "<built-in>/default.forge";

fn es1_rule_line(needle: &str) -> usize {
    line_of("examples/es-1/rules.forge", needle)
}

#[test]
fn an_entry_shows_each_rewrite_of_its_text_and_the_decision() {
    insta::assert_snapshot!(explain(&["--entry", "L23"]).stdout);
}

#[test]
fn an_entry_forced_by_always_merge_names_the_rule() {
    insta::assert_snapshot!(explain(&["--entry", "L66"]).stdout);
}

#[test]
fn an_entry_kept_apart_shows_the_scores_and_the_never_merge_rule() {
    insta::assert_snapshot!(explain(&["--entry", "L40"]).stdout);
}

#[test]
fn entries_can_be_picked_by_number_line_date_or_title() {
    let by_line = explain(&["--entry", "L23"]).stdout;
    for selector in ["3", "l23", "2026-02-03", "Raised heap 8G", "raised HEAP 8g"] {
        assert_eq!(
            explain(&["--entry", selector]).stdout,
            by_line,
            "--entry {selector}"
        );
    }
}

#[test]
fn a_pair_in_one_operation_says_which_decision_joined_them() {
    insta::assert_snapshot!(explain(&["--pair", "L23", "L57"]).stdout);
}

#[test]
fn a_pair_in_two_operations_shows_the_score_and_the_hard_rule() {
    insta::assert_snapshot!(explain(&["--pair", "restored", "L5"]).stdout);
}

#[test]
fn a_pair_joined_through_other_entries_shows_the_chain() {
    let output = Forge::new()
        .file("JOURNAL.md", spans::CHAIN_JOURNAL)
        .file(
            "rules.forge",
            "extends default\nsimilarity { threshold = 0.5 }\n",
        )
        .args(&["explain", "--resource", "{dir}", "--pair", "alpha", "gamma"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn an_operation_lists_every_member_and_how_it_joined() {
    insta::assert_snapshot!(explain(&["--operation", "change INDEX heap"]).stdout);
    let by_id = explain(&["--operation", "change-index-heap"]).stdout;
    assert_eq!(by_id, explain(&["--operation", "Change index heap"]).stdout);
}

#[test]
fn without_a_selector_every_operation_is_explained_in_journal_order() {
    insta::assert_snapshot!(explain(&[]).stdout);
}

#[test]
fn a_hypothetical_text_is_placed_after_the_journal_without_editing_it() {
    let journal = std::fs::read(root().join("examples/es-1/JOURNAL.md")).expect("journal");
    insta::assert_snapshot!(explain(&["--text", "bumped -Xmx to 24g on es-1b"]).stdout);
    let after = std::fs::read(root().join("examples/es-1/JOURNAL.md")).expect("journal");
    assert_eq!(journal, after);
}

#[test]
fn a_hypothetical_whole_entry_is_compared_on_every_part() {
    let entry = "## 2026-07-02 — raised heap 24G→32G\n- change: recreate container with -Xmx32g\n";
    let output = explain(&["--text", entry, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(
        json["text"]["signature"],
        "change heap <size> | recreate container heap"
    );
    assert_eq!(json["text"]["decision"]["kind"], "same_signature");
    assert_eq!(json["text"]["decision"]["entry"]["line"], 23);
}

#[test]
fn es1_explanations_name_the_rule_lines_they_come_from() {
    let heap = explain(&["--entry", "L23"]).stdout;
    let name_line = es1_rule_line("name /^change heap");
    assert!(heap.contains(&format!("{name_line} │ name /^change heap")));
    assert!(heap.contains("names \"Change index heap\""));
    // `extends default`: the file's own normalize rules that name no
    // placeholder see the raw text first; the built-in ones follow.
    let size = es1_rule_line("=> <size>      # 8G");
    let range = line_of(DEFAULTS, "/<size>\\s*(?:");
    assert!(heap.contains(&format!(
        "→ <size> (normalize rules.forge:{size}, {BUILT_IN}:{range} (size-change))"
    )));
    let xmx = es1_rule_line("/-xmx");
    assert!(heap.contains(&format!("→ heap (normalize rules.forge:{xmx})")));
    let raised = es1_rule_line("change   = raise, raised");
    assert!(heap.contains(&format!("→ change (synonym rules.forge:{raised})")));

    let forced = explain(&["--entry", "L66"]).stdout;
    let always = es1_rule_line("always merge /^snapshot");
    assert!(forced.contains(&format!("forced by always merge at rules.forge:{always}")));

    let kept = explain(&["--entry", "L40"]).stdout;
    // The built-in rules keep an entry that starts with "restore" apart
    // from one that starts with another action; they come first.
    let never = line_of(DEFAULTS, "never merge /^restore");
    assert!(kept.contains(&format!("{never} │ actions-restore: never merge /^restore")));
    assert!(kept.contains("keeps it out of \"Take snapshot\""));
    let threshold = es1_rule_line("threshold = 0.75");
    assert!(kept.contains(&format!("{threshold} │     threshold = 0.75")));
}

#[test]
fn built_in_rules_are_named_so_that_forge_rules_can_print_them() {
    let kept = explain(&["--entry", "L40"]).stdout;
    let clause = line_of("rules/default.forge", "before|after|because");
    assert!(kept.contains(&format!(
        "deleted (normalize <built-in>/default.forge:{clause} (reason-clause))"
    )));
    assert!(kept.contains("`forge rules --print-default` prints them"));
    let printed = Forge::new().args(&["rules", "--print-default"]).run();
    assert_eq!(printed.status, 0);
    let default = std::fs::read_to_string(root().join(DEFAULTS)).expect("defaults");
    assert_eq!(printed.stdout, default);
    let lines: Vec<&str> = printed.stdout.lines().collect();
    assert!(lines[clause - 1].contains("before|after|because"));
}

#[test]
fn json_carries_the_same_trace_with_places() {
    let output = explain(&["--entry", "L40", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    assert_eq!(json["resource"], "es-1");
    assert_eq!(json["settings"]["threshold"], 0.75);
    let entry = &json["entry"];
    assert_eq!(entry["line"], 40);
    assert_eq!(entry["operation"]["id"], "restore-snapshot");
    assert_eq!(entry["decision"]["kind"], "new");
    let best = &entry["candidates"][0];
    assert_eq!(best["operation"]["name"], "Take snapshot");
    assert_eq!(best["blocked_by"]["kind"], "never_merge");
    assert_eq!(best["blocked_by"]["at"]["file"], BUILT_IN);
    assert_eq!(
        best["blocked_by"]["at"]["line"],
        line_of(DEFAULTS, "never merge /^restore")
    );
    assert_eq!(best["blocked_by"]["because"], "different actions");
    let synonym = entry["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["kind"] == "synonym")
        .expect("a synonym step");
    assert_eq!(synonym["text"], "restored");
    assert_eq!(synonym["result"], "restore");
    assert_eq!(synonym["at"]["text"], "restored");
    assert_eq!(synonym["rule"]["at"]["file"], "<built-in>/default.forge");
    for mode in [
        &["--pair", "L5", "L40"][..],
        &["--operation", "restart"],
        &[],
    ] {
        let mut args = mode.to_vec();
        args.extend(["--format", "json"]);
        let output = explain(&args);
        let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
        assert!(["pair", "operation", "operations"]
            .iter()
            .any(|k| json.get(k).is_some()));
    }
}

#[test]
fn explanations_are_byte_identical_run_to_run() {
    assert_eq!(explain(&[]).stdout, explain(&[]).stdout);
    let json = ["--format", "json"];
    assert_eq!(explain(&json).stdout, explain(&json).stdout);
}

#[test]
fn labels_on_distant_entries_never_render_the_lines_between_them() {
    // miette joins two labels' snippets when the later line is below about
    // twice the earlier one: L40 and L66 would show lines 40 to 66.
    let pair = explain(&["--pair", "L40", "L66"]).stdout;
    assert!(pair.contains("restored snapshot") && pair.contains("## 2026-06-12"));
    assert!(!pair.contains("rotated TLS certificates"), "{pair}");
}

#[test]
fn large_operations_label_a_few_members_and_list_the_rest() {
    let mut journal = String::from("# Journal\n");
    for day in 1..=12 {
        let _ = write!(
            journal,
            "\n## 2026-01-{day:02} — restarted kafka\n- verify: ok\n"
        );
    }
    let forge = Forge::new().file("JOURNAL.md", &journal);
    let compact = forge.args(&["explain", "--resource", "{dir}"]).run();
    assert_eq!(compact.status, 0, "{}", compact.combined());
    assert_eq!(
        compact.stdout.matches("╰── same signature as L3").count(),
        2
    );
    assert!(compact
        .stdout
        .contains("how its entries joined: 1 started it, 11 same signature"));
    assert!(compact
        .stdout
        .contains("9 more not labelled; `forge explain --operation restart-kafka`"));
    let full = Forge::new()
        .file("JOURNAL.md", &journal)
        .args(&[
            "explain",
            "--resource",
            "{dir}",
            "--operation",
            "restart kafka",
        ])
        .run();
    assert_eq!(full.stdout.matches("╰── same signature as L3").count(), 9);
    assert_eq!(full.stdout.matches(": same signature as L3").count(), 11);
}

#[test]
fn an_empty_journal_says_there_is_nothing_to_explain() {
    let output = Forge::new()
        .file("JOURNAL.md", "# Journal\n")
        .args(&["explain", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    assert_eq!(
        output.stdout,
        "forge explain: the journal has no entries, so nothing was grouped\n"
    );
}
