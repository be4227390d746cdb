//! RUNBOOK.md as people read it: flags, outcomes, cadence, evidence, kept
//! prose, the timeline, and structure that journal text cannot break.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::support::{gen_journal, root, Forge};

/// Four monthly upgrades (one rolled back) and an unverified restart.
const HISTORY: &str = "\
# Journal

## 2026-01-05 — upgraded app 1.1
- change: deploy 1.1
- verify: health green
- rollback: redeploy the previous tag
- outcome: verified

## 2026-02-05 — upgraded app 1.2
- change: deploy 1.2
- verify: health green
- rollback: redeploy the previous tag
- outcome: rolled-back

## 2026-03-08 — upgraded app 1.3
- change: deploy 1.3
- verify: health green
- outcome: verified

## 2026-04-08 — upgraded app 1.4
- change: deploy 1.4
- verify: health green
- outcome: verified

## 2026-07-10 — restarted app
- outcome: inconclusive
";

const RULES: &str = "extends default\nnormalize { /\\b\\d+(\\.\\d+)+\\b/ => <version> }\n";

fn history() -> Forge {
    Forge::new()
        .file("JOURNAL.md", HISTORY)
        .file("rules.forge", RULES)
}

fn generate(forge: Forge) -> String {
    let output = forge.args(&["generate", "--resource", "{dir}"]).run();
    assert_eq!(output.status, 0, "{}", output.combined());
    output.stdout
}

fn section<'a>(runbook: &'a str, heading_start: &str) -> &'a str {
    let start = runbook.find(heading_start).expect("the section");
    let rest = &runbook[start + heading_start.len()..];
    &runbook[start..start + heading_start.len() + rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn an_unverified_operation_is_flagged_in_the_index_and_in_its_section() {
    let runbook = generate(history());
    let index_row = runbook
        .lines()
        .find(|l| l.starts_with("| [Restart app]"))
        .expect("index row");
    assert!(
        index_row.ends_with("| **never verified — add a check** |"),
        "{index_row}"
    );
    let restart = section(&runbook, "## Restart app");
    assert!(
        restart.contains(
            "**Status: never verified — add a check.** Last run 2026-07-10 (JOURNAL.md:25, \
             inconclusive); 0 of 1 run verified. Why not: no occurrence records a verify signal."
        ),
        "{restart}"
    );
    assert!(!section(&runbook, "## Upgrade app").contains("never verified"));
}

#[test]
fn outcomes_are_counted_and_a_used_rollback_is_told_apart_from_a_recorded_one() {
    let runbook = generate(history());
    let upgrade = section(&runbook, "## Upgrade app");
    assert!(
        upgrade.contains("Outcomes: 3 verified, 1 rolled back."),
        "{upgrade}"
    );
    assert!(
        upgrade.contains(
            "Rollback, used in history:\n  - redeploy the previous tag (recorded 2x, **used 1x**) \
             — 2026-01-05 (JOURNAL.md:6), 2026-02-05 (JOURNAL.md:12, rolled back)\n"
        ),
        "{upgrade}"
    );
}

#[test]
fn three_occurrences_give_a_cadence_and_staleness_counts_from_the_newest_entry() {
    let runbook = generate(history());
    let upgrade = section(&runbook, "## Upgrade app");
    // Intervals 31, 31, 31 days; the newest entry is 2026-07-10.
    assert!(
        upgrade.contains("Cadence: roughly monthly — median 31 days."),
        "{upgrade}"
    );
    assert!(upgrade.contains(
        "Last done 3 months ago, counted back from the newest journal date (2026-07-10)."
    ));
    assert!(runbook.contains(
        "| 2026-04-08 (3 months ago) | 3 verified, 1 rolled back | roughly monthly | verified |"
    ));
}

#[test]
fn signals_and_changes_cite_the_dates_and_lines_they_came_from() {
    let runbook = generate(history());
    let upgrade = section(&runbook, "## Upgrade app");
    assert!(upgrade.contains(
        "  - health green (4x) — 2026-01-05 (JOURNAL.md:5), 2026-02-05 (JOURNAL.md:11, rolled back), \
         2026-03-08 (JOURNAL.md:17), 2026-04-08 (JOURNAL.md:22)"
    ));
    assert!(upgrade.contains("How it's been done (most recent first):\n  - deploy 1.4 (4x)"));
}

#[test]
fn commands_cite_the_entries_that_ran_them() {
    let es1 = root().join("examples/es-1").to_string_lossy().into_owned();
    let output = Forge::new().args(&["generate", "--resource", &es1]).run();
    assert!(output
        .stdout
        .contains("From 2026-04-28 (JOURNAL.md:49):\n\n```sh\n"));
}

#[test]
fn the_timeline_is_a_mermaid_gantt_that_no_timeline_leaves_out() {
    let runbook = generate(history());
    assert!(runbook.contains(
        "## Timeline\n\n```mermaid\n---\nconfig:\n  gantt:\n    displayMode: compact\n---\ngantt\n"
    ));
    assert!(runbook.contains(
        "    section Upgrade app\n    upgraded app 1.1 :done, milestone, 2026-01-05, 0d\n"
    ));
    assert!(runbook.contains("    upgraded app 1.2 :crit, milestone, 2026-02-05, 0d\n"));
    let without = history()
        .args(&["generate", "--resource", "{dir}", "--no-timeline"])
        .run();
    assert_eq!(without.status, 0);
    assert!(!without.stdout.contains("mermaid"));
    assert!(!without.stdout.contains("## Timeline"));
}

const NOTES: &str = "\
<!-- forge:keep top -->
Page the on-call lead before any upgrade.
<!-- /forge:keep -->

<!-- forge:keep upgrade-app -->
Watch the error budget for an hour --> then close the ticket.

```sh
<!-- /forge:keep -->
```
<!-- /forge:keep -->

<!-- forge:keep retired-op/why -->
We stopped doing this in 2025.
<!-- /forge:keep -->
";

/// A runbook regenerated once with the notes above spliced into an old one.
fn runbook_with_notes() -> (Forge, String) {
    let forge = history();
    std::fs::write(
        forge.dir().join("RUNBOOK.md"),
        format!("# old runbook\n\n{NOTES}"),
    )
    .expect("write the old runbook");
    let forge = forge.args(&[
        "generate",
        "--resource",
        "{dir}",
        "--out",
        "{dir}/RUNBOOK.md",
    ]);
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let written = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("written");
    (forge, written)
}

#[test]
fn keep_blocks_survive_regeneration_in_their_place() {
    let (_, runbook) = runbook_with_notes();
    let top = runbook
        .find("Page the on-call lead")
        .expect("top note kept");
    assert!(top < runbook.find("## Facts").expect("facts"));
    let upgrade = section(&runbook, "## Upgrade app");
    assert!(upgrade.contains(
        "<!-- forge:keep upgrade-app -->\nWatch the error budget for an hour --> then close the ticket.\n\n```sh\n<!-- /forge:keep -->\n```\n<!-- /forge:keep -->\n"
    ), "{upgrade}");
}

#[test]
fn a_keep_block_whose_operation_is_gone_moves_to_orphaned_notes() {
    let (_, runbook) = runbook_with_notes();
    let orphans = section(&runbook, "## Orphaned notes");
    assert!(orphans.contains(
        "<!-- forge:keep retired-op/why -->\nWe stopped doing this in 2025.\n<!-- /forge:keep -->"
    ));
    assert!(
        runbook.trim_end().ends_with("<!-- /forge:keep -->"),
        "orphans come last"
    );
}

#[test]
fn regeneration_with_keep_blocks_is_idempotent_and_passes_check() {
    let (forge, first) = runbook_with_notes();
    assert_eq!(forge.run().status, 0);
    let second = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("written");
    assert_eq!(first, second);
    let check = history();
    std::fs::write(check.dir().join("RUNBOOK.md"), &first).expect("write");
    let output = check
        .args(&["generate", "--resource", "{dir}", "--check"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    for id in ["top", "upgrade-app", "retired-op/why"] {
        assert_eq!(
            first.matches(&format!("<!-- forge:keep {id} -->")).count(),
            1,
            "{id}"
        );
    }
}

#[test]
fn a_malformed_keep_block_stops_generation_and_leaves_the_file_alone() {
    let forge = history()
        .file("RUNBOOK.md", "<!-- forge:keep top -->\nunclosed note\n")
        .args(&[
            "generate",
            "--resource",
            "{dir}",
            "--out",
            "{dir}/RUNBOOK.md",
        ]);
    let output = forge.run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::keep::unclosed"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("RUNBOOK.md:1:1"),
        "{}",
        output.stderr
    );
    let kept = std::fs::read_to_string(forge.dir().join("RUNBOOK.md")).expect("file");
    assert_eq!(kept, "<!-- forge:keep top -->\nunclosed note\n");
}

/// Journal text that would break a naive renderer.
const HOSTILE: &str = "\
## 2026-01-01 — # not a heading | not | a table <b>bold</b> `tick
- why: ## nor this
- verify: | col | col |
- verify: <!-- forge:keep top --> --> `x`
- verify: 1. not a list
- rollback: - not a list either
- outcome: verified

## 2026-01-02 — <script>alert(1)</script> [link](http://x) *em* _u_ &amp; ~~s~~
- verify: ---
- change: run it
  ```sh
  echo '```' ; echo '<!-- /forge:keep -->'
  ```
- outcome: verified
";

/// What a `CommonMark` parser sees in a runbook.
#[derive(Default)]
struct Structure {
    headings: Vec<HeadingLevel>,
    /// The plain text of every heading, list item, paragraph and cell.
    blocks: Vec<String>,
    html: Vec<String>,
    tables: usize,
    lists: usize,
    code_blocks: usize,
    /// Emphasis, strikethrough, images and links other than the index's.
    markup: Vec<String>,
}

fn structure(runbook: &str) -> Structure {
    let mut seen = Structure::default();
    let mut text = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(runbook, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Start(Tag::Heading { level, .. }) => seen.headings.push(level),
            Event::End(
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::Paragraph | TagEnd::TableCell,
            ) => {
                seen.blocks.push(std::mem::take(&mut text));
            }
            Event::Html(t) | Event::InlineHtml(t) => seen.html.push(t.to_string()),
            Event::Start(Tag::Table(_)) => seen.tables += 1,
            Event::Start(Tag::List(_)) => seen.lists += 1,
            Event::Start(Tag::CodeBlock(_)) => seen.code_blocks += 1,
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {}
            Event::Start(
                tag @ (Tag::Emphasis | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }),
            ) => {
                seen.markup.push(format!("{tag:?}"));
            }
            _ => {}
        }
    }
    seen
}

#[test]
fn journal_text_cannot_break_the_runbook_structure() {
    let forge = Forge::new().file("JOURNAL.md", HOSTILE).file(
        "RUNBOOK.md",
        "<!-- forge:keep top -->\na --> b <!-- c\n<!-- /forge:keep -->\n",
    );
    let runbook = generate(forge);
    let seen = structure(&runbook);
    assert_eq!(seen.headings[0], HeadingLevel::H1);
    // Facts, Operations, Timeline and one section per entry.
    assert_eq!(seen.headings[1..], [HeadingLevel::H2; 5], "{runbook}");
    assert_eq!(
        seen.markup,
        Vec::<String>::new(),
        "journal text became markup"
    );
    assert_eq!(seen.tables, 1, "no inventory: the index is the only table");
    assert_eq!(seen.code_blocks, 2, "the timeline and the one command");
    // Change, verify and occurrences; verify, rollback and occurrences (a
    // single reason is a paragraph).
    assert_eq!(seen.lists, 6, "{runbook}");
    assert_eq!(
        seen.html,
        ["<!-- forge:keep top -->\n", "<!-- /forge:keep -->\n"],
        "only the keep markers are HTML"
    );
    for title in HOSTILE
        .lines()
        .filter_map(|l| l.split_once(" — ").map(|(_, t)| t))
    {
        assert!(
            seen.blocks.iter().any(
                |b| b.ends_with(&format!(": {title} (verified, JOURNAL.md:1)"))
                    || b.ends_with(&format!(": {title} (verified, JOURNAL.md:9)"))
            ),
            "{title:?} is not one list item's text: {:?}",
            seen.blocks
        );
    }
    for signal in [
        "| col | col |",
        "<!-- forge:keep top --> --> `x`",
        "1. not a list",
        "---",
    ] {
        assert!(
            seen.blocks
                .iter()
                .any(|b| b.starts_with(&format!("{signal} (1x) — "))),
            "{signal:?}: {:?}",
            seen.blocks
        );
    }
    assert!(runbook.contains("<!-- forge:keep top -->\na --> b <!-- c\n<!-- /forge:keep -->\n"));
}

/// The Mermaid chart of a runbook, fences included, and the note after it.
fn timeline(runbook: &str) -> &str {
    let start = runbook.find("## Timeline\n").expect("a timeline");
    let rest = &runbook[start..];
    &rest[..rest[1..].find("\n## ").map_or(rest.len(), |i| i + 1)]
}

#[test]
fn a_ten_thousand_entry_journal_draws_a_chart_mermaid_accepts() {
    let journal = gen_journal::journal(10_000, 7);
    let runbook = generate(Forge::new().file("JOURNAL.md", journal));
    let chart = timeline(&runbook);
    assert!(chart.len() < 50_000, "{} characters", chart.len());
    // One row (section) per operation, at most 20, at most 12 milestones each.
    let sections = chart.matches("\n    section ").count();
    assert!((1..=20).contains(&sections), "{sections} sections");
    let milestones = chart.matches(", 0d\n").count();
    assert!(milestones <= 20 * 12, "{milestones} milestones");
    assert!(
        chart.contains(
            "earlier ones left out); every occurrence is listed in its operation's section."
        ),
        "{chart}"
    );
}

#[test]
fn occurrences_name_who_did_them_their_tickets_and_their_notes() {
    let journal = "\
## 2026-01-05 — restarted app
- verify: health green
- outcome: verified
- by: alice
- ticket: OPS-1

The pool had leaked connections since the deploy.

## 2026-02-05 — restarted app
- verify: health green
- outcome: verified
- by: bob, Alice
- ticket: OPS-7

## 2026-03-05 — restarted app
- verify: health green
- outcome: verified
- who: bob
";
    let runbook = generate(Forge::new().file("JOURNAL.md", journal));
    let restart = section(&runbook, "## Restart app");
    assert!(
        restart.contains(
            "Who has done it (most recent first; the people to ask): bob (2x, last 2026-03-05), \
             alice (2x, last 2026-02-05).\n"
        ),
        "{restart}"
    );
    assert!(
        restart.contains(
            "  - 2026-01-05: restarted app (verified, JOURNAL.md:1) — by alice — ticket OPS-1\n    \
             - note: The pool had leaked connections since the deploy.\n"
        ),
        "{restart}"
    );
    assert!(restart.contains("(verified, JOURNAL.md:9) — by bob, Alice — ticket OPS-7\n"));
    assert!(restart.contains("(verified, JOURNAL.md:15) — by bob\n"));
}
