//! Every label of every explanation, cut out of its file, is exactly the
//! text the label talks about. What a label talks about comes from the
//! trace (the word a rule saw, the phrase a synonym replaced, the rule's
//! name), not from the label's own span, so an off-by-some span fails.

use std::collections::HashMap;
use std::path::Path;

use runbook_forge::commands::explain::text_entry;
use runbook_forge::error::Problem;
use runbook_forge::pipeline;
use runbook_forge::render::explain::model::{
    EntryView, OperationView, PairView, RuleKind, RuleRef, Settings, StepKind, StepView,
};
use runbook_forge::render::explain::{self, Body, Context};
use runbook_forge::resource;
use runbook_forge::source::{Sources, Span};

use crate::support::root;

/// Three entries where the third joins the first only through the
/// second: the second generalizes the template to `drain pool <*> zone`.
pub(super) const CHAIN_JOURNAL: &str = "# Journal\n\n\
## 2026-03-01 — drain pool alpha zone\n- verify: drained\n- outcome: verified\n\n\
## 2026-03-02 — drain pool beta zone\n- verify: drained\n- outcome: verified\n\n\
## 2026-03-03 — drain pool gamma zone\n- verify: drained\n- outcome: verified\n";

/// Every kind of label: nested normalize rules, a deleting rule, multi-word
/// synonyms across punctuation, ignored words, all three hard rules, the
/// settings, built-in and user rules; CRLF, a BOM and non-ASCII text.
const RULES: &str = "extends default\r\n\
cluster on title, change\r\n\
normalize {\r\n\
    /\\bbroker-\\d+\\b/ => <broker>\r\n\
    /<broker>\\s*(,|and)\\s*<broker>/ => <broker>\r\n\
}\r\n\
synonyms {\r\n\
    restart = Restarted, \"rolling restart\"\r\n\
    größe = size, \"disk size\"\r\n\
}\r\n\
ignore { Please, now }\r\n\
similarity {\r\n\
    metric = token_dice\r\n\
    threshold = 0.5\r\n\
    weight change = 0.5\r\n\
}\r\n\
never merge /snapshot/ with /restor/ because \"restoring is not taking a snapshot\"\r\n\
always merge /^rotate\\b/ as \"Rotate certificates\"\r\n\
name /^restart\\b/ as \"Restart brokers\"\r\n";

const JOURNAL: &str = "\u{feff}# Journal — kafka-ä\r\n\r\n\
## 2026-01-01 — Restarted broker-1 and broker-2, please now\r\n\
- change: rolling restart of broker-1\r\n\
- verify: ok\r\n\
- outcome: verified\r\n\r\n\
## 2026-01-02 — restarted broker-3 after GC storm\r\n\
- change: Rolling-Restart\r\n\
- verify: ok\r\n\r\n\
## 2026-01-03 — Rotated TLS cert on 10.0.0.1:9092\r\n\
- verify: ok\r\n\r\n\
## 2026-01-04 — took snapshot of Größe\r\n\
- verify: ok\r\n\r\n\
## 2026-01-05 — restored snapshot from 2026-01-04\r\n\
- verify: ok\r\n\r\n\
## 2026-01-06 — grew disk size to 500Gi\r\n\
- verify: ok\r\n\r\n\
## 2026-01-07 — drain pool alpha zone\r\n\r\n\
## 2026-01-08 — drain pool beta zone\r\n\r\n\
## 2026-01-09 — drain pool gamma zone\r\n";

/// What the text under a label must be.
#[derive(Debug)]
enum Subject {
    /// Exactly this text.
    Exact(String),
    /// Journal text a rule rewrote: lower-cased, with the rewrites of
    /// earlier steps inside it put in, it is what the step saw.
    Seen {
        kind: StepKind,
        seen: String,
        inner: Vec<(Span, String)>,
    },
    /// A rule as written in its file.
    Rule(RuleRef, Option<String>),
    Number(f64),
}

#[derive(Default)]
struct Subjects(HashMap<Span, Vec<Subject>>);

impl Subjects {
    fn add(&mut self, span: Span, subject: Subject) {
        self.0.entry(span).or_default().push(subject);
    }

    fn settings(&mut self, settings: &Settings) {
        if let Some(at) = &settings.metric_at {
            self.add(at.span, Subject::Exact(settings.metric.to_string()));
        }
        if let Some(at) = &settings.threshold_at {
            self.add(at.span, Subject::Number(settings.threshold));
        }
        for part in &settings.parts {
            if let Some(at) = &part.at {
                self.add(at.span, Subject::Exact(part.part.clone()));
            }
        }
    }

    fn rule(&mut self, rule: &RuleRef, seen: Option<String>) {
        self.add(rule.at.span, Subject::Rule(rule.clone(), seen));
    }

    fn entry(&mut self, view: &EntryView) {
        self.add(view.title_at.span, Subject::Exact(view.entry.title.clone()));
        for (i, step) in view.steps.iter().enumerate() {
            self.step(step, &view.steps[..i]);
        }
        if let Some(rule) = &view.operation.named_by {
            self.rule(rule, None);
        }
        if let explain::model::DecisionView::Forced { rule } = &view.decision {
            self.rule(rule, None);
        }
        for candidate in &view.candidates {
            if let Some(rule) = &candidate.blocked_by {
                self.rule(rule, None);
            }
        }
    }

    fn step(&mut self, step: &StepView, earlier: &[StepView]) {
        let span = step.at.span;
        let inner = earlier
            .iter()
            .filter(|e| e.at.span.start >= span.start && e.at.span.end <= span.end)
            .filter_map(|e| Some((e.at.span, e.result.clone()?)))
            .collect();
        let seen = step.text.clone();
        self.add(
            span,
            Subject::Seen {
                kind: step.kind,
                seen: seen.clone(),
                inner,
            },
        );
        let phrase = (step.kind != StepKind::Normalized).then_some(seen);
        let result = step
            .result
            .clone()
            .filter(|_| step.kind == StepKind::Normalized);
        self.rule(&step.rule, phrase.or(result));
    }

    fn operation(&mut self, view: &OperationView) {
        if let Some(rule) = &view.operation.named_by {
            self.rule(rule, None);
        }
        view.members.iter().for_each(|m| self.entry(m));
    }

    fn pair(&mut self, view: &PairView) {
        self.entry(&view.first);
        self.entry(&view.second);
        for link in &view.chain {
            self.add(link.title_at.span, Subject::Exact(link.entry.title.clone()));
        }
    }

    /// Checks one label against what it talks about.
    fn check(&self, sources: &Sources, span: Span, label: &str) {
        let text = sources.slice(span);
        let subjects = self
            .0
            .get(&span)
            .unwrap_or_else(|| panic!("label {label:?} on {text:?} talks about nothing known"));
        for subject in subjects {
            assert!(
                holds(subject, text, span, sources),
                "label {label:?} is on {text:?}, but talks about {subject:?}"
            );
        }
    }
}

fn holds(subject: &Subject, text: &str, span: Span, sources: &Sources) -> bool {
    match subject {
        Subject::Exact(expected) => text == expected,
        Subject::Number(n) => text.parse::<f64>().is_ok_and(|t| (t - n).abs() < 1e-9),
        Subject::Seen { kind, seen, inner } => {
            let rewritten = rewrite(sources, span, inner);
            match kind {
                StepKind::Normalized => rewritten == *seen,
                StepKind::Synonym | StepKind::Ignored => {
                    words(&rewritten) == words(seen) && trimmed(&rewritten)
                }
                // The typo as stemmed: the source word starts the same.
                StepKind::Fuzzy => {
                    trimmed(&rewritten) && seen.get(..1).is_some_and(|c| rewritten.starts_with(c))
                }
            }
        }
        Subject::Rule(rule, seen) => rule_holds(rule, seen.as_deref(), text),
    }
}

fn rule_holds(rule: &RuleRef, seen: Option<&str>, text: &str) -> bool {
    let named = |keyword: &str| {
        text.starts_with(keyword)
            && rule
                .name
                .as_ref()
                .is_none_or(|n| text.ends_with(&format!("as \"{n}\"")))
    };
    // A labelled rule is shown from its label: `size: /…/ => <size>`.
    let text = match &rule.label {
        Some(label) => text
            .strip_prefix(label.as_str())
            .and_then(|t| t.strip_prefix(':'))
            .map_or(text, str::trim_start),
        None => text,
    };
    match rule.kind {
        RuleKind::Fuzzy => text.starts_with("fuzzy"),
        RuleKind::Normalize => {
            let replacement = text.rsplit("=>").next().unwrap_or("").trim();
            text.starts_with('/')
                && seen.is_some_and(|s| replacement.trim_matches('"').to_lowercase() == s)
        }
        RuleKind::Synonym | RuleKind::Ignore => {
            let phrase = text
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .unwrap_or(text);
            trimmed(phrase) && seen.is_some_and(|s| words(&phrase.to_lowercase()) == words(s))
        }
        RuleKind::NeverMerge => {
            text.starts_with("never merge")
                && rule
                    .because
                    .as_ref()
                    .is_none_or(|b| text.contains(b.as_str()))
        }
        RuleKind::AlwaysMerge => named("always merge"),
        RuleKind::Name => named("name"),
    }
}

/// The journal text of `span`, lower-cased, with earlier rewrites inside
/// it replaced by their results (the outermost of nested ones).
fn rewrite(sources: &Sources, span: Span, inner: &[(Span, String)]) -> String {
    let mut out = String::new();
    let mut at = span.start;
    let mut outer: Vec<&(Span, String)> = Vec::new();
    for item in inner.iter().rev() {
        if !outer
            .iter()
            .any(|(o, _)| o.start <= item.0.start && item.0.end <= o.end)
        {
            outer.push(item);
        }
    }
    outer.sort_by_key(|(s, _)| s.start);
    for (inner_span, result) in outer {
        out.push_str(
            &sources
                .slice(Span::new(span.file, at, inner_span.start))
                .to_lowercase(),
        );
        out.push_str(result);
        at = inner_span.end;
    }
    out.push_str(
        &sources
            .slice(Span::new(span.file, at, span.end))
            .to_lowercase(),
    );
    out
}

/// Starts and ends with a word character: a span around words, not
/// around the space next to them.
fn trimmed(text: &str) -> bool {
    let word =
        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '<' | '>'));
    word(text.chars().next()) && word(text.chars().next_back())
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '<' | '>')))
        .filter(|w| !w.is_empty())
        .collect()
}

fn walk(problems: &[Problem], subjects: &Subjects, sources: &Sources, seen: &mut usize) {
    for problem in problems {
        for label in &problem.labels {
            subjects.check(sources, label.span, &label.text);
            *seen += 1;
        }
        walk(&problem.related, subjects, sources, seen);
    }
}

/// Renders every explanation of a resource (each entry, each operation,
/// every pair, all operations, a hypothetical text) and checks every label.
/// Returns how many labels were checked.
fn check_resource(dir: &Path, text: &str) -> usize {
    let mut resource = resource::load(dir, None).expect("a loadable resource");
    let mut entries = resource.journal.entries.clone();
    entries.push(text_entry(&mut resource.sources, text).expect("a text entry"));
    let analysis = pipeline::run(&resource.rules, &entries, pipeline::Record::Decisions);
    let ctx = Context::new(&resource.rules, &resource.sources, &entries, &analysis);
    let settings = ctx.settings();
    let mut subjects = Subjects::default();
    subjects.settings(&settings);
    let mut bodies = Vec::new();
    for i in 0..entries.len() {
        let view = ctx.entry_view(i).expect("a view of every entry");
        subjects.entry(&view);
        bodies.push(Body::Entry(Box::new(view)));
        for j in 0..i {
            let pair = ctx.pair_view(j, i).expect("a pair view");
            subjects.pair(&pair);
            bodies.push(Body::Pair(Box::new(pair)));
        }
    }
    let operations: Vec<OperationView> = (0..analysis.clustering.operations.len())
        .map(|i| ctx.operation_view(i).expect("an operation view"))
        .collect();
    for operation in &operations {
        subjects.operation(operation);
    }
    bodies.extend(
        operations
            .iter()
            .cloned()
            .map(|o| Body::Operation(Box::new(o))),
    );
    bodies.push(Body::Operations(operations));
    let mut checked = 0;
    for body in &bodies {
        walk(
            &explain::problems(body, &settings),
            &subjects,
            &resource.sources,
            &mut checked,
        );
    }
    checked
}

#[test]
fn every_label_cuts_out_exactly_the_text_it_talks_about() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("JOURNAL.md"), JOURNAL).expect("journal");
    std::fs::write(dir.path().join("rules.forge"), RULES).expect("rules");
    let checked = check_resource(dir.path(), "  please bounce broker-7 and broker-8 now ");
    assert!(checked > 100, "only {checked} labels checked");
}

#[test]
fn every_label_of_the_examples_cuts_out_exactly_its_text() {
    let examples = crate::support::journal_folders(&root().join("examples"));
    assert!(examples.len() >= 4);
    for dir in examples {
        assert!(
            check_resource(&dir, "raised heap 8G→16G") > 0,
            "{}",
            dir.display()
        );
    }
}
