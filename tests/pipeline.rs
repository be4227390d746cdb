//! The stages through the library: signatures under the reference rules,
//! exact trace spans, and journal-order stability.

use runbook_forge::journal;
use runbook_forge::normalize::Step;
use runbook_forge::pipeline;
use runbook_forge::resource;
use runbook_forge::rules::Rules;
use runbook_forge::source::Sources;

use crate::support::root;

fn es1_rules(sources: &mut Sources) -> Rules {
    let mut problems = Vec::new();
    let path = root().join("examples/es-1/rules.forge");
    resource::load_rules(sources, Some(&path), &mut problems).expect("the reference rules load")
}

fn es1_journal(sources: &mut Sources) -> journal::Journal {
    let text = std::fs::read_to_string(root().join("examples/es-1/JOURNAL.md")).expect("journal");
    let file = sources.add("JOURNAL.md", text.clone());
    journal::parse(file, &text)
}

#[test]
fn reference_rules_give_the_documented_signatures() {
    let mut sources = Sources::default();
    let rules = es1_rules(&mut sources);
    let journal = es1_journal(&mut sources);
    let analysis = pipeline::run(&rules, &journal.entries, pipeline::Record::Decisions);
    let signature = |title: &str| {
        let i = journal
            .entries
            .iter()
            .position(|e| e.title == title)
            .expect(title);
        analysis.clustering.decisions[i].signature_text.clone()
    };
    assert_eq!(
        signature("Raised heap 8G→16G"),
        "change heap <size> | recreate container heap"
    );
    assert_eq!(signature("took snapshot"), "snapshot");
    assert!(signature("restored snapshot after bad mapping change").starts_with("restore snapshot"));
}

#[test]
fn every_trace_span_cuts_out_exactly_the_text_it_names() {
    let mut sources = Sources::default();
    let rules = es1_rules(&mut sources);
    let journal = es1_journal(&mut sources);
    let analysis = pipeline::run(&rules, &journal.entries, pipeline::Record::Decisions);
    let mut checked = 0;
    for step in analysis.clustering.decisions.iter().flat_map(|d| &d.trace) {
        let (span, expected) = match step {
            Step::Normalized { span, matched, .. } => (*span, matched.clone()),
            Step::Synonym { span, phrase, .. } => (*span, phrase.clone()),
            Step::Ignored { span, word, .. } | Step::Fuzzy { span, word, .. } => {
                (*span, word.clone())
            }
        };
        // Matches are made on lower-cased text, after earlier rewrites; the
        // span must cover the original text they came from.
        let cut = sources.slice(span).to_lowercase();
        if !expected.contains('<') {
            assert_eq!(cut, expected, "{step:?}");
        }
        assert!(!cut.is_empty(), "{step:?}");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} steps");
}

#[test]
fn appending_entries_never_moves_an_earlier_entry() {
    let mut sources = Sources::default();
    let rules = es1_rules(&mut sources);
    let journal = es1_journal(&mut sources);
    let full = pipeline::run(&rules, &journal.entries, pipeline::Record::Decisions);
    for n in 1..journal.entries.len() {
        let prefix = pipeline::run(&rules, &journal.entries[..n], pipeline::Record::Decisions);
        for i in 0..n {
            assert_eq!(
                prefix.clustering.decisions[i].operation, full.clustering.decisions[i].operation,
                "entry {i} moved when entries after {n} were appended"
            );
        }
    }
}

#[test]
fn trace_spans_stay_exact_in_values_continued_on_indented_lines() {
    let mut sources = Sources::default();
    let text =
        "## 2026-01-01 — raised heap\n- change: recreate container\n    with -Xmx16g on es-1b\n";
    let file = sources.add("JOURNAL.md", text);
    let journal = journal::parse(file, text);
    assert_eq!(journal.entries[0].fields[0].lines.len(), 2);
    let mut problems = Vec::new();
    let path = std::env::temp_dir().join(format!("forge-continued-{}.forge", std::process::id()));
    std::fs::write(&path, "extends default\ncluster on title, change\n").expect("write rules");
    let rules = resource::load_rules(&mut sources, Some(&path), &mut problems).expect("rules");
    let _ = std::fs::remove_file(&path);
    let analysis = pipeline::run(&rules, &journal.entries, pipeline::Record::Decisions);
    let steps = &analysis.clustering.decisions[0].trace;
    let matched: Vec<(String, String)> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Normalized { span, matched, .. } if span.file == file => {
                Some((sources.slice(*span).to_lowercase(), matched.clone()))
            }
            _ => None,
        })
        .collect();
    assert!(matched.iter().any(|(_, m)| m == "-xmx16g"), "{matched:?}");
    for (cut, m) in &matched {
        if !m.contains('<') {
            assert_eq!(cut, m);
        }
    }
}
