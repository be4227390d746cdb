//! `forge operations --format json` folds the journal a batch at a time and
//! serializes views of the folded summaries (`pipeline::fold`,
//! `render::operations::write_json`); it must give exactly the bytes that
//! `serde_json::to_string_pretty` gives for the summaries computed from the
//! whole parsed journal (`pipeline::run`).

use runbook_forge::aggregate::digest::Digest;
use runbook_forge::aggregate::{self, Summary};
use runbook_forge::journal::Entry;
use runbook_forge::pipeline;
use runbook_forge::render::operations;
use runbook_forge::rules::{self, Rules};
use runbook_forge::source::{FileId, Sources};
use serde::Serialize;

use crate::support::{gen_journal, loadable_journals};

/// The documented shape of the JSON, from whole summaries.
#[derive(Serialize)]
struct Document<'a> {
    resource: &'a str,
    operations: &'a [Summary],
}

/// The JSON of summaries computed from the whole parsed journal.
fn whole_json(rules: &Rules, entries: &[Entry]) -> String {
    let summaries = pipeline::run(rules, entries, pipeline::Record::Operations).summaries;
    summaries_json(&summaries)
}

/// The documented JSON of some summaries.
fn summaries_json(summaries: &[Summary]) -> String {
    let doc = Document {
        resource: "r",
        operations: summaries,
    };
    let mut json = serde_json::to_string_pretty(&doc).expect("summaries serialize");
    json.push('\n');
    json
}

/// Both renderings of one journal; fails with the first differing line.
fn assert_folding_agrees(rules: &Rules, text: &str, what: &str) {
    let parsed = runbook_forge::journal::parse(FileId(0), text);
    let whole = whole_json(rules, &parsed.entries);
    let (journal, folding) = pipeline::fold(rules, FileId(0), text, Digest::default());
    assert_eq!(journal.problems, parsed.problems, "{what}: problems");
    assert!(journal.entries.is_empty(), "{what}: entries are dropped");
    let mut out = Vec::new();
    operations::write_json(&mut out, "r", text, &folding.digest, &folding.summaries)
        .expect("writes into memory");
    let folded = String::from_utf8(out).expect("UTF-8 JSON");
    if folded != whole {
        let diff = similar::TextDiff::from_lines(&whole, &folded)
            .unified_diff()
            .header("whole", "fold")
            .to_string();
        panic!("{what}: outputs differ\n{}", &diff[..diff.len().min(6000)]);
    }
    // The summaries renderers read, resolved from the fold over the text.
    let resolved = aggregate::resolve(&folding.digest, text, folding.summaries);
    assert!(
        summaries_json(&resolved) == whole,
        "{what}: resolved summaries differ"
    );
}

#[test]
fn folding_gives_the_json_of_the_whole_journal_on_every_example_and_fixture() {
    for (what, loaded) in loadable_journals() {
        let text = &loaded.sources.get(loaded.journal.file).text;
        assert_folding_agrees(&loaded.rules, text, &what);
    }
}

#[test]
fn folding_gives_the_json_of_the_whole_journal_on_generated_journals() {
    let mut sources = Sources::default();
    let (defaults, problems) = rules::load(&mut sources, None);
    let defaults = defaults.unwrap_or_else(|| panic!("defaults load: {problems:?}"));
    for (entries, seed) in [(0, 1), (1, 2), (3000, 5)] {
        let text = gen_journal::journal(entries, seed);
        assert_folding_agrees(&defaults, &text, &format!("{entries} entries"));
    }
}

#[test]
fn folding_a_journal_parsed_in_several_windows_gives_the_same_json() {
    let mut sources = Sources::default();
    let (defaults, problems) = rules::load(&mut sources, None);
    let defaults = defaults.unwrap_or_else(|| panic!("defaults load: {problems:?}"));
    // Over 16 MiB: four 4 MiB chunks, two windows or more on any machine
    // (one chunk per core per window). Entries repeat whole, so duplicate
    // headings span windows.
    let one = gen_journal::journal(4000, 9);
    let body = one.split_once("\n## ").map_or("", |(_, rest)| rest);
    let mut text = one.clone();
    while text.len() < 17 << 20 {
        text.push_str("\n## ");
        text.push_str(body);
    }
    assert_folding_agrees(&defaults, &text, "repeated journal");
}
