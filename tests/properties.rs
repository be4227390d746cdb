//! Generated hostile inputs through every parser and the runbook renderer:
//! a bounded number of cases from a fixed seed (so a failure is
//! reproducible), each of which must answer without a panic, with every
//! problem coded `forge::…` and drawn without a panic.
//!
//! Inputs are stitched from pieces that broke forge before: lines far past
//! column 65,536, control characters, byte order marks, unclosed fences,
//! headings of every level, CRLF, keep markers and their near misses, YAML
//! anchors and aliases, rules syntax fragments.

use runbook_forge::commands::generate::{render_runbook, RunbookOptions};
use runbook_forge::error::Problem;
use runbook_forge::render::diagnostics::{render, Style};
use runbook_forge::resource::Resource;
use runbook_forge::source::Sources;
use runbook_forge::{inventory, journal, keep, pipeline, rules};

/// Cases per parser: enough to mix every piece many times, few enough for
/// a debug build to run them in seconds.
const CASES: usize = 150;

const JOURNAL_PIECES: &[&str] = &[
    "## 2026-01-02 — restarted nginx\n",
    "## 2026-01-01 — went back in time\n",
    "## 2026-02-30 — no such day\n",
    "## not a date\n",
    "### 2026-01-03 — a deeper heading\n",
    "# 2026-01-04 — a shallower one\n",
    "- change: systemctl restart nginx\n",
    "- verify: 200 on /healthz, see https://status.example.com\n",
    "- outcome: verified\n",
    "- outcome: maybe\n",
    "- rollback: restart again\n",
    "  continued on an indented line\n",
    "```sh\n",
    "```mermaid\n",
    "~~~~\n",
    "  ```\n",
    "\u{feff}",
    "\r\n",
    "\n",
    "\u{1b}]52;c;eA==\u{7}",
    "\u{0}",
    "\u{202e}",
    "<!-- forge:keep top -->\n",
    "| a | b |\n",
    "plain prose with *emphasis* and [a link](x)\n",
];

const INVENTORY_PIECES: &[&str] = &[
    "name: es-1\n",
    "nodes: [a, b, c]\n",
    "base: &b {x: 1, y: [2, 3]}\n",
    "other: *b\n",
    "more: [*b, *b, *b]\n",
    "name: again\n",
    "- a list\n",
    "  indented: value\n",
    "key: \"unclosed\n",
    "tab:\tvalue\n",
    "? complex\n: key\n",
    "!!binary aGk=\n",
    "\u{feff}",
    "\u{1b}[2J",
    ": :\n",
];

const RULES_PIECES: &[&str] = &[
    "extends default\n",
    "case insensitive\n",
    "cluster on title, change\n",
    "normalize {\n",
    "    /\\d+/ => <n>\n",
    "    /(unclosed/ => <x>\n",
    "}\n",
    "{\n",
    "synonyms { restart = bounce, \"roll out\" }\n",
    "ignore { the, a }\n",
    "similarity { metric = jaro_winkler threshold = 0.8 }\n",
    "similarity { threshold = 7 }\n",
    "never merge /restart/ with /stop/\n",
    "always merge /heap/ as \"Heap\"\n",
    "name /x/ as \"X\"\n",
    "test \"t\" { same \"a\" \"b\" }\n",
    "=> <version\n",
    "\u{feff}",
    "\r\n",
    "\u{7}",
    "# comment\n",
];

const KEEP_PIECES: &[&str] = &[
    "# Runbook: x\n\n",
    "<!-- forge:keep top -->\n",
    "<!-- forge:keep restart/notes -->\n",
    "<!-- /forge:keep -->\n",
    "<!-- FORGE:KEEP top -->\n",
    "<!-- forge-keep top -->\n",
    "    <!-- forge:keep top -->\n",
    "text <!-- forge:keep a --> inline\n",
    "```\n",
    "a note\n",
    "\n",
    "\u{feff}",
    "| a | <!-- /forge:keep --> |\n",
];

/// A small deterministic generator of inputs from pieces.
struct Inputs {
    rng: fastrand::Rng,
}

impl Inputs {
    fn new(seed: u64) -> Self {
        Inputs {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn text(&mut self, pieces: &[&str]) -> String {
        let mut text = String::new();
        for _ in 0..self.rng.usize(1..40) {
            match self.rng.u8(0..20) {
                // A line far past column 65,536, with the piece at its end.
                0 => {
                    text.push_str(&" ".repeat(66_000));
                    text.push_str(pieces[self.rng.usize(..pieces.len())]);
                }
                // Random characters, control ones included.
                1 => {
                    let n = self.rng.usize(1..20);
                    text.extend((0..n).map(|_| self.rng.char('\u{0}'..='\u{2100}')));
                }
                _ => text.push_str(pieces[self.rng.usize(..pieces.len())]),
            }
        }
        text
    }
}

/// Every problem is coded and drawn without a panic.
fn assert_reported(problems: &[Problem], sources: &Sources, input: &str) {
    for problem in problems {
        assert!(
            problem.code.as_str().starts_with("forge::"),
            "uncoded problem {problem:?} for {input:?}"
        );
    }
    let drawn = render(problems, sources, Style::plain());
    for problem in problems {
        assert!(drawn.contains(problem.code.as_str()), "{drawn}");
    }
    assert!(
        !drawn.contains('\u{1b}'),
        "a raw ESC reached the terminal: {drawn}"
    );
}

/// No code block of the runbook is tagged with a language GitHub renders
/// live.
fn assert_no_live_blocks(runbook: &str) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    for event in Parser::new(runbook) {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event {
            let lang = info.split_whitespace().next().unwrap_or("").to_lowercase();
            assert!(
                !["mermaid", "math", "geojson", "topojson", "stl"].contains(&lang.as_str()),
                "{runbook}"
            );
        }
    }
}

#[test]
fn generated_journals_parse_render_and_report_without_a_panic() {
    let mut inputs = Inputs::new(16);
    let mut rule_sources = Sources::default();
    let (Some(defaults), _) = rules::load(&mut rule_sources, None) else {
        panic!("the built-in rules load");
    };
    for _ in 0..CASES {
        let text = inputs.text(JOURNAL_PIECES);
        let mut sources = rule_sources.clone();
        let file = sources.add("JOURNAL.md", text.clone());
        let parsed = journal::parse(file, &text);
        let mut problems: Vec<Problem> = journal::control_characters(file, &text)
            .into_iter()
            .collect();
        problems.extend(journal::diagnose(&parsed));
        assert_reported(&problems, &sources, &text);
        let analysis = pipeline::run(&defaults, &parsed.entries, pipeline::Record::Operations);
        let resource = Resource {
            dir: "resource".into(),
            name: "resource".into(),
            sources,
            journal: parsed,
            facts: None,
            rules: defaults.clone(),
            warnings: problems,
        };
        // Without the timeline, the one Mermaid block forge draws itself.
        let options = RunbookOptions {
            timeline: false,
            keep: &[],
        };
        let runbook = render_runbook(&resource, &analysis.summaries, &options);
        assert!(!runbook.contains('\u{1b}') && !runbook.contains('\u{0}'));
        assert_no_live_blocks(&runbook);
    }
}

#[test]
fn generated_inventories_answer_with_facts_or_a_coded_problem() {
    let mut inputs = Inputs::new(17);
    for _ in 0..CASES {
        let text = inputs.text(INVENTORY_PIECES);
        let mut sources = Sources::default();
        let file = sources.add("INVENTORY.yaml", text.clone());
        if let Err(problem) = inventory::parse(file, &text) {
            assert_reported(&[problem], &sources, &text);
        }
    }
}

#[test]
fn generated_rules_answer_with_rules_or_coded_problems() {
    let mut inputs = Inputs::new(18);
    for _ in 0..CASES {
        let text = inputs.text(RULES_PIECES);
        let mut sources = Sources::default();
        let (loaded, problems) =
            rules::load(&mut sources, Some(("rules.forge".into(), text.clone())));
        assert_reported(&problems, &sources, &text);
        if loaded.is_none() {
            assert!(problems.iter().any(Problem::is_error), "{text:?}");
        }
    }
}

#[test]
fn generated_runbooks_answer_with_keep_blocks_or_coded_problems() {
    let mut inputs = Inputs::new(19);
    for _ in 0..CASES {
        let text = inputs.text(KEEP_PIECES);
        let mut sources = Sources::default();
        let file = sources.add("RUNBOOK.md", text.clone());
        if let Err(problems) = keep::parse(file, &text) {
            assert!(!problems.is_empty());
            assert_reported(&problems, &sources, &text);
        }
    }
}
