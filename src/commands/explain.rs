//! `forge explain`: why entries are grouped as they are, rendered from the
//! trace the pipeline records.

use std::borrow::Cow;

use super::{Io, BAD_INPUT, SUCCESS};
use crate::codes::ExplainCode;
use crate::error::{Label, Problem};
use crate::journal::{self, Entry};
use crate::options::{ExplainArgs, ExplainFormat};
use crate::pipeline;
use crate::render::diagnostics;
use crate::render::explain::labels::per_entry;
use crate::render::explain::{self, Body, Context};
use crate::resource::{self, Resource};
use crate::source::{Sources, Span};

/// The name the `--text` entry goes by in diagnostics.
pub(crate) const TEXT_SOURCE: &str = "--text";

pub(crate) fn run(args: &ExplainArgs, io: &mut Io<'_>) -> i32 {
    let mut resource = match resource::load(&args.input.resource, args.input.rules.as_deref()) {
        Ok(resource) => resource,
        Err(failure) => return io.fail(&failure),
    };
    io.note_warnings(&resource);
    let mut entries = Cow::Borrowed(&resource.journal.entries);
    if let Some(text) = &args.text {
        match text_entry(&mut resource.sources, text) {
            Ok(entry) => entries.to_mut().push(entry),
            Err(problem) => {
                io.report(&[problem], &resource.sources);
                return BAD_INPUT;
            }
        }
    }
    let analysis = pipeline::run(&resource.rules, &entries, pipeline::Record::Decisions);
    let ctx = Context::new(&resource.rules, &resource.sources, &entries, &analysis);
    let body = match select(args, &ctx, &resource) {
        Ok(body) => body,
        Err(problem) => {
            io.report(&[problem], &resource.sources);
            return BAD_INPUT;
        }
    };
    let settings = ctx.settings();
    if matches!(&body, Body::Operations(ops) if ops.is_empty())
        && args.format == ExplainFormat::Text
    {
        io.print("forge explain: the journal has no entries, so nothing was grouped\n");
        return SUCCESS;
    }
    match args.format {
        ExplainFormat::Json => io.print(&explain::json(&resource.name, settings, &body)),
        // Diagnostics show their own text's control characters as
        // pictures; what is left are the colours asked for.
        ExplainFormat::Text => io.print_rendered(&diagnostics::render(
            &explain::problems(&body, &settings),
            &resource.sources,
            super::global::stdout_style(io.color),
        )),
    }
    SUCCESS
}

fn select(args: &ExplainArgs, ctx: &Context<'_>, resource: &Resource) -> Result<Body, Problem> {
    let journal = &resource.journal.entries;
    // The pipeline records a decision for every entry, so the views exist
    // for every index selected here.
    let untraced = |i: usize| no_entry_number(i + 1, journal.len());
    if args.text.is_some() {
        let index = journal.len();
        return ctx
            .entry_view(index)
            .map(|v| Body::Text(Box::new(v)))
            .ok_or_else(|| untraced(index));
    }
    if let Some(selector) = &args.entry {
        let index = select_entry(journal, &resource.sources, selector)?;
        return ctx
            .entry_view(index)
            .map(|v| Body::Entry(Box::new(v)))
            .ok_or_else(|| untraced(index));
    }
    // clap takes exactly two values for --pair.
    if let Some((a, b)) = args.pair.as_ref().and_then(|p| p.first().zip(p.get(1))) {
        let a = select_entry(journal, &resource.sources, a)?;
        let b = select_entry(journal, &resource.sources, b)?;
        if a == b {
            return Err(same_entry(&journal[a]));
        }
        return ctx
            .pair_view(a, b)
            .map(|v| Body::Pair(Box::new(v)))
            .ok_or_else(|| untraced(b));
    }
    if let Some(name) = &args.operation {
        let operation = select_operation(ctx, name)?;
        if let Some(view) = ctx.operation_view(operation) {
            return Ok(Body::Operation(Box::new(view)));
        }
    }
    let operations = (0..ctx.analysis.clustering.operations.len())
        .filter_map(|i| ctx.operation_view(i))
        .collect();
    Ok(Body::Operations(operations))
}

/// The hypothetical entry of `--text`: a whole entry when the text starts
/// with a `##` heading, else a title. Its spans point into the text, which
/// becomes a source of its own.
pub fn text_entry(sources: &mut Sources, text: &str) -> Result<Entry, Problem> {
    let file = sources.add(TEXT_SOURCE, text.to_string());
    if text.trim_start().starts_with("##") {
        let mut parsed = journal::parse(file, text);
        return match parsed.entries.len() {
            1 => Ok(parsed.entries.remove(0)),
            n => Err(Problem::error(
                ExplainCode::TextEntries,
                format!("--text holds {n} entries; it takes one"),
            )
            .label(Span::new(file, 0, text.len()), "this text")
            .help("give one `## YYYY-MM-DD — title` heading with its fields, or just a title")),
        };
    }
    let title = text.trim();
    if title.is_empty() {
        return Err(Problem::error(ExplainCode::EmptyText, "--text is empty")
            .help("give a title to explain, e.g. --text \"raised heap 8G→16G\""));
    }
    let start = text.len() - text.trim_start().len();
    let span = Span::new(file, start, start + title.len());
    Ok(Entry {
        line: 1,
        span,
        heading_span: span,
        date: None,
        date_span: Span::new(file, start, start),
        time_span: None,
        title: title.to_string(),
        title_span: span,
        fields: Vec::new(),
        notes: Vec::new(),
    })
}

/// An entry by number (`3`), heading line (`L23`), or a date or title
/// substring that matches exactly one entry.
pub(crate) fn select_entry(
    entries: &[Entry],
    sources: &Sources,
    selector: &str,
) -> Result<usize, Problem> {
    let selector = selector.trim();
    if let Ok(number) = selector.parse::<usize>() {
        return (1..=entries.len())
            .contains(&number)
            .then(|| number - 1)
            .ok_or_else(|| no_entry_number(number, entries.len()));
    }
    if let Some(line) = selector
        .strip_prefix(['L', 'l'])
        .and_then(|n| n.parse::<usize>().ok())
    {
        return entries
            .iter()
            .position(|e| e.line == line)
            .ok_or_else(|| no_heading_at(line, entries, sources));
    }
    let needle = selector.to_lowercase();
    let found: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            sources.slice(e.date_span).contains(&needle) || e.title.to_lowercase().contains(&needle)
        })
        .map(|(i, _)| i)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(no_match(selector, entries)),
        many => Err(ambiguous(selector, many, entries)),
    }
}

fn no_entry_number(number: usize, count: usize) -> Problem {
    Problem::error(
        ExplainCode::NoSuchEntry,
        format!("there is no entry {number}; the journal has {count}"),
    )
    .help(format!(
        "entries are numbered from 1 to {count} in journal order; `forge operations` lists them with their lines"
    ))
}

fn no_heading_at(line: usize, entries: &[Entry], sources: &Sources) -> Problem {
    let inside = entries.iter().find(|e| {
        let last = sources.get(e.span.file).line_col(e.span.end).0;
        (e.line..=last).contains(&line)
    });
    let problem = Problem::error(
        ExplainCode::NoSuchEntry,
        format!("no entry heading is on line {line}"),
    );
    match inside {
        Some(entry) => problem
            .label(entry.heading_span, format!("line {line} is in this entry"))
            .help(format!(
                "its heading is on line {0}: --entry L{0}",
                entry.line
            )),
        None => problem.help(
            "L<line> names the line of an entry's `## ` heading; `forge operations` lists them",
        ),
    }
}

fn no_match(selector: &str, entries: &[Entry]) -> Problem {
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    let hint = best_match(selector, &titles).map_or_else(String::new, |(i, title)| {
        format!("did you mean \"{title}\" (--entry L{})?\n", entries[i].line)
    });
    Problem::error(
        ExplainCode::NoSuchEntry,
        format!("no entry's date or title contains \"{selector}\""),
    )
    .help(format!(
        "{hint}pick an entry by its number (3), its heading's line (L23), or a date or part of its title"
    ))
}

/// Matches labelled and listed by an ambiguous selector.
const AMBIGUOUS_LABELLED: usize = 3;
const AMBIGUOUS_LISTED: usize = 20;

fn ambiguous(selector: &str, found: &[usize], entries: &[Entry]) -> Problem {
    let mut lines: Vec<String> = found
        .iter()
        .take(AMBIGUOUS_LISTED)
        .map(|&i| format!("L{}", entries[i].line))
        .collect();
    if found.len() > AMBIGUOUS_LISTED {
        lines.push(format!("… ({} more)", found.len() - AMBIGUOUS_LISTED));
    }
    let problem = Problem::error(
        ExplainCode::AmbiguousEntry,
        format!("{} entries match \"{selector}\"", found.len()),
    )
    .help(format!(
        "pick one by its heading line: {}",
        lines.join(", ")
    ));
    let labelled = found.iter().take(AMBIGUOUS_LABELLED).map(|&i| {
        let entry = &entries[i];
        let label = Label {
            span: entry.heading_span,
            text: format!("--entry L{}", entry.line),
        };
        (format!("L{} also matches", entry.line), label)
    });
    per_entry(problem, labelled.collect())
}

fn same_entry(entry: &Entry) -> Problem {
    Problem::error(
        ExplainCode::SameEntry,
        format!("--pair names L{} twice", entry.line),
    )
    .label(entry.heading_span, "both selectors pick this entry")
    .help("give two different entries; `--entry` explains one")
}

/// An operation by name or id, ignoring case.
fn select_operation(ctx: &Context<'_>, name: &str) -> Result<usize, Problem> {
    let summaries = &ctx.analysis.summaries;
    let wanted = name.trim().to_lowercase();
    if let Some(summary) = summaries
        .iter()
        .find(|s| s.name.to_lowercase() == wanted || s.id == wanted)
    {
        return Ok(summary.operation);
    }
    let names: Vec<&str> = summaries.iter().map(|s| s.name.as_str()).collect();
    let hint = best_match(name, &names).map_or_else(String::new, |(_, best)| {
        format!("did you mean \"{best}\"?\n")
    });
    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    Err(Problem::error(
        ExplainCode::UnknownOperation,
        format!("no operation is named \"{name}\""),
    )
    .help(format!("{hint}operations (by id): {}", ids.join(", "))))
}

/// The candidate most like `word` (case-insensitive Jaro-Winkler, or a
/// candidate that contains it), when it is alike enough to suggest.
fn best_match<'a>(word: &str, candidates: &[&'a str]) -> Option<(usize, &'a str)> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let lower = c.to_lowercase();
            let score = if lower.contains(&word) {
                1.0
            } else {
                strsim::jaro_winkler(&word, &lower)
            };
            (score, i, *c)
        })
        .filter(|(score, _, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i, c)| (i, c))
}
