//! The word constructs of rules.forge: `stem english`, `actions`, `infer
//! action`, `clauses`, `fuzzy words`, `weighted_dice` and `weights =
//! journal`, each run through `forge` on a small journal.

use crate::clustering::{groups, journal};
use crate::support::Forge;

fn owned(groups: &[&[&str]]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            let mut g: Vec<String> = g.iter().map(|t| (*t).to_string()).collect();
            g.sort();
            g
        })
        .collect();
    groups.sort();
    groups
}

const WORDS: &str = r"
stem english
fuzzy words
actions {
    restart = reboot, bounce
    upgrade = upg
    snapshot = backup
    restore = recover
}
clauses {
    reasons = because, after
}
similarity {
    metric = weighted_dice
    threshold = 0.5
}
";

#[test]
fn stems_and_actions_fold_the_forms_of_a_verb() {
    let got = groups(
        WORDS,
        &["restarted nginx", "rebooting nginx", "bounced nginx"],
    );
    assert_eq!(
        got,
        owned(&[&["bounced nginx", "rebooting nginx", "restarted nginx"]])
    );
}

#[test]
fn different_actions_never_merge_however_many_words_they_share() {
    let got = groups(
        WORDS,
        &[
            "take snapshot of orders db",
            "restore orders db from backup",
        ],
    );
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn a_typo_of_an_action_word_is_read_as_that_word() {
    let got = groups(WORDS, &["upgrade nginx", "upgarde nginx"]);
    assert_eq!(got.len(), 1, "{got:?}");
    let output = Forge::new()
        .file("JOURNAL.md", journal(&["upgarde nginx"]))
        .file("rules.forge", WORDS)
        .args(&[
            "explain",
            "--resource",
            "{dir}",
            "--entry",
            "1",
            "--format",
            "json",
        ])
        .run();
    assert!(output.stdout.contains("\"fuzzy\""), "{}", output.stdout);
}

#[test]
fn a_trailing_reason_does_not_keep_entries_apart() {
    let got = groups(
        WORDS,
        &[
            "restart nginx because the workers hung on a stuck upstream",
            "restart nginx after the certificate renewal",
        ],
    );
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn a_title_without_a_verb_gets_its_action_from_an_infer_rule() {
    let rules = format!(
        "{WORDS}\nnormalize {{ /\\b\\d+(\\.\\d+)+\\b/ => <version> }}\n\
         infer action upgrade when /<version>\\s*->\\s*<version>/\n"
    );
    let got = groups(
        &rules,
        &[
            "nginx 1.24 -> 1.25",
            "upgrade nginx to 1.26",
            "restart nginx 1.25",
        ],
    );
    assert_eq!(
        got,
        owned(&[
            &["nginx 1.24 -> 1.25", "upgrade nginx to 1.26"],
            &["restart nginx 1.25"],
        ])
    );
}

#[test]
fn journal_weights_let_the_resource_name_count_for_little() {
    // "orders cluster" is in every entry: under uniform weights it is
    // two shared words of three, under journal weights almost nothing.
    let mut titles: Vec<String> = [
        "acl",
        "quota",
        "schema",
        "retention",
        "lag",
        "leaders",
        "disk",
        "topics",
    ]
    .iter()
    .map(|w| format!("orders cluster {w}"))
    .collect();
    titles.push("orders cluster rebalance".into());
    titles.push("orders cluster compaction".into());
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let apart = |rules: &str| {
        let got = groups(rules, &titles);
        !got.iter().any(|g| {
            g.iter().any(|t| t == "orders cluster rebalance")
                && g.iter().any(|t| t == "orders cluster compaction")
        })
    };
    let similarity = |weights: &str| {
        format!(
            "similarity {{\n metric = weighted_dice\n weights = {weights}\n threshold = 0.5\n}}\n"
        )
    };
    assert!(!apart(&similarity("uniform")));
    assert!(apart(&similarity("journal")));
}

#[test]
fn the_new_statements_are_checked() {
    let output = Forge::new()
        .file("JOURNAL.md", journal(&["restart nginx"]))
        .file(
            "rules.forge",
            "clauses { other = 2 }\nsimilarity { placeholder = -1 }\n",
        )
        .args(&["check", "--resource", "{dir}"])
        .run();
    assert_eq!(output.status, 2, "{}", output.combined());
    assert!(
        output
            .combined()
            .contains("the other weight must be between 0 and 1"),
        "{}",
        output.combined()
    );
    assert!(
        output.combined().contains("the placeholder weight"),
        "{}",
        output.combined()
    );
}
