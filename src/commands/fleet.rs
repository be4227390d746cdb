//! `forge generate --ledger DIR`: the runbook of every resource folder (a
//! folder with a JOURNAL.md) under DIR, generated in parallel.
//!
//! Each resource uses its own rules.forge, else DIR/rules.forge, else the
//! built-in rules (`--rules FILE` overrides all). A resource that fails is
//! reported with its diagnostics and the others go on; the run exits 1 when
//! any failed (or, with `--check`, when any runbook is out of date).

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

mod confine;

use super::fleet_warnings::{self, Warning};
use super::generate::{self, RunbookOptions, RUNBOOK};
use super::global::Verbosity;
use super::{configure, Io, BAD_INPUT, FAILED, SUCCESS};
use crate::codes::IoCode;
use crate::config::{self, Settings};
use crate::error::Problem;
use crate::options::GenerateArgs;
use crate::pipeline;
use crate::render::diagnostics::{self, Style};
use crate::resource::{self, Resource};
use crate::rules::Rules;
use crate::source::Sources;

/// What happened to one resource.
struct Outcome {
    dir: PathBuf,
    entries: usize,
    operations: usize,
    warnings: Vec<Warning>,
    status: Status,
}

enum Status {
    /// Written, or (with `--check`) already current.
    Done,
    /// `--check` only: RUNBOOK.md differs from fresh output.
    Stale,
    /// Could not load or write: its diagnostics, rendered.
    Failed(String),
}

pub(crate) fn run(ledger: &Path, args: &GenerateArgs, io: &mut Io<'_>) -> i32 {
    if !ledger.is_dir() {
        let problem = Problem::error(
            IoCode::MissingFolder,
            format!(
                "the ledger folder {} does not exist",
                resource::display(ledger)
            ),
        )
        .help("pass --ledger DIR, where DIR holds resource folders (each with a JOURNAL.md)");
        io.report(&[problem], &Sources::default());
        return BAD_INPUT;
    }
    let mut dirs = resource_folders(ledger);
    if let Some(shard) = args.shard {
        dirs = shard.select(ledger, dirs);
    }
    let style = io.style;
    // Each resource's nearest forge.toml; a broken one fails its resource.
    let configs: Vec<Config> = dirs
        .par_iter()
        .map(|dir| {
            config::for_resource(dir)
                .map_err(|f| diagnostics::render(&f.problems, &f.sources, style))
        })
        .collect();
    let root_rules = Some(ledger.join(resource::RULES)).filter(|p| resource::present(p));
    let mut paths: Vec<Option<PathBuf>> = dirs
        .iter()
        .zip(&configs)
        .map(|(dir, config)| {
            let from_config = config.as_ref().ok().and_then(|c| c.rules.as_ref());
            let given = args.input.rules.as_ref().or(from_config);
            rules_path(dir, given, root_rules.as_ref())
        })
        .collect();
    // Files linking out of the ledger: the resource fails, nothing is read.
    let confine = confine::Ledger::new(ledger);
    let escapes: Vec<Option<Problem>> = dirs
        .iter()
        .zip(paths.iter_mut())
        .map(|(dir, path)| {
            let own = path.as_deref().filter(|_| args.input.rules.is_none());
            let escape = confine.escape(dir, own);
            if escape.is_some() {
                *path = None;
            }
            escape
        })
        .collect();
    let shared = load_rules(&paths);
    let done = AtomicUsize::new(0);
    let generate_all = || -> Vec<Outcome> {
        dirs.par_iter()
            .zip(&paths)
            .zip(&configs)
            .zip(&escapes)
            .map(|(((dir, path), config), escape)| {
                let job = (args, config, style);
                let outcome = match shared.get(path).map(AsRef::as_ref) {
                    _ if escape.is_some() => failed(dir, escape.iter(), style),
                    Some(loaded) => one(dir, loaded, job),
                    // Rules of this resource alone: loaded, used and dropped
                    // here, so a ledger holds one copy of each at most.
                    None => one(dir, &load(path.as_deref()), job),
                };
                done.fetch_add(1, Ordering::Relaxed);
                outcome
            })
            .collect()
    };
    let outcomes = if io.verbosity == Verbosity::Quiet {
        generate_all()
    } else {
        with_progress(dirs.len(), &done, generate_all)
    };
    let code = report(&outcomes, args.check, io);
    let warnings = outcomes.iter().flat_map(|o| &o.warnings);
    fleet_warnings::report(warnings, ledger, io.verbosity, io.err);
    code
}

/// A resource's forge.toml settings, or its diagnostics, rendered.
type Config = Result<Settings, String>;

/// `--rules`, else the resource's own rules.forge, else the ledger's,
/// else `None` for the built-in rules.
fn rules_path(dir: &Path, given: Option<&PathBuf>, root: Option<&PathBuf>) -> Option<PathBuf> {
    let own = dir.join(resource::RULES);
    given
        .cloned()
        .or_else(|| resource::present(&own).then_some(own))
        .or_else(|| root.cloned())
}

/// Rules loaded into a source table, with the problems found in them.
type Loaded = (Sources, Option<Rules>, Vec<Problem>);

/// Rules that several resources use, loaded once (compiling rules costs
/// more than generating a small journal), in parallel. Files with the same
/// text share one load: the runbook never names the rules file, and a
/// rules file with errors is never shared, so each failure still points at
/// its own file.
fn load_rules(paths: &[Option<PathBuf>]) -> HashMap<Option<PathBuf>, Arc<Loaded>> {
    let mut uses: BTreeMap<&Option<PathBuf>, usize> = BTreeMap::new();
    for path in paths {
        *uses.entry(path).or_default() += 1;
    }
    // Rules text (`None`: the built-in rules) → its paths and their uses.
    let mut by_text: BTreeMap<Option<String>, (Vec<&Option<PathBuf>>, usize)> = BTreeMap::new();
    for (path, n) in uses {
        let text = match path {
            None => None,
            // Only regular files: a named pipe would block here.
            Some(file) => match crate::files::read_regular(file, u64::MAX)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
            {
                Some(text) => Some(text),
                None => continue,
            },
        };
        let group = by_text.entry(text).or_default();
        group.0.push(path);
        group.1 += n;
    }
    let groups: Vec<Vec<&Option<PathBuf>>> = by_text
        .into_values()
        .filter(|(_, n)| *n > 1)
        .map(|(paths, _)| paths)
        .collect();
    groups
        .into_par_iter()
        .map(|paths| (Arc::new(load(paths[0].as_deref())), paths))
        .filter(|(loaded, _)| loaded.1.is_some())
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(|(loaded, paths)| {
            paths
                .into_iter()
                .map(move |path| (path.clone(), Arc::clone(&loaded)))
        })
        .collect()
}

fn load(path: Option<&Path>) -> Loaded {
    let (mut sources, mut problems) = (Sources::default(), Vec::new());
    let rules = resource::load_rules(&mut sources, path, &mut problems);
    (sources, rules, problems)
}

/// Runs `work`, drawing a progress bar of `done` out of `total` on stderr
/// when it is a terminal (nothing when piped). The bar is drawn from this
/// thread: the command holds the stderr lock, which only this thread can
/// take again, so workers drawing it themselves would wait forever.
fn with_progress<T: Send>(total: usize, done: &AtomicUsize, work: impl FnOnce() -> T + Send) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} resources {eta}") {
        bar.set_style(style);
    }
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(work);
        while !worker.is_finished() {
            bar.set_position(done.load(Ordering::Relaxed) as u64);
            std::thread::sleep(Duration::from_millis(50));
        }
        worker.join()
    });
    bar.finish_and_clear();
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Every folder under `root` (itself included) that holds a JOURNAL.md
/// (of any kind: one that is not a regular file fails, loudly), sorted;
/// hidden folders and symbolic links to folders are not followed.
pub(crate) fn resource_folders(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        if resource::present(&dir.join(resource::JOURNAL)) {
            found.push(dir.clone());
        }
        let Ok(children) = std::fs::read_dir(&dir) else {
            continue;
        };
        for child in children.flatten() {
            let hidden = child.file_name().to_string_lossy().starts_with('.');
            if !hidden && child.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(child.path());
            }
        }
    }
    found.sort();
    found
}

/// A resource that failed before loading, with its problems.
fn failed<'a>(dir: &Path, problems: impl Iterator<Item = &'a Problem>, style: Style) -> Outcome {
    let problems: Vec<Problem> = problems.cloned().collect();
    Outcome {
        dir: dir.to_path_buf(),
        entries: 0,
        operations: 0,
        warnings: Vec::new(),
        status: Status::Failed(diagnostics::render(&problems, &Sources::default(), style)),
    }
}

/// Loads, generates and writes (or checks) one resource.
fn one(
    dir: &Path,
    rules: &Loaded,
    (args, config, style): (&GenerateArgs, &Config, Style),
) -> Outcome {
    let mut outcome = Outcome {
        dir: dir.to_path_buf(),
        entries: 0,
        operations: 0,
        warnings: Vec::new(),
        status: Status::Done,
    };
    let settings = match config {
        Ok(settings) => settings,
        Err(diagnostics) => {
            outcome.status = Status::Failed(diagnostics.clone());
            return outcome;
        }
    };
    let mut args = args.clone();
    configure::apply_generate(&mut args, settings);
    let (sources, shared, problems) = rules;
    let loaded = resource::load_with_rules(dir, sources.clone(), shared.clone(), problems.clone())
        .map_err(|f| (f.problems, f.sources));
    let resource = match loaded {
        Ok(resource) => resource,
        Err((problems, sources)) => {
            outcome.status = Status::Failed(diagnostics::render(&problems, &sources, style));
            return outcome;
        }
    };
    outcome.entries = resource.journal.entries.len();
    let warnings = settings.lints.apply(resource.warnings.clone());
    outcome.warnings = fleet_warnings::located(&warnings, &resource.sources);
    let target = args.out.clone().unwrap_or_else(|| dir.join(RUNBOOK));
    let (current, keep) = match generate::read_keep_blocks(&target) {
        Ok(found) => found,
        Err(f) => {
            outcome.status = Status::Failed(diagnostics::render(&f.problems, &f.sources, style));
            return outcome;
        }
    };
    let options = RunbookOptions {
        timeline: !args.no_timeline,
        keep: &keep,
    };
    // The shared rules, not the resource's clone: a cloned regex starts
    // with empty caches, and warming them again costs more than the rest.
    let rules = shared.as_ref().unwrap_or(&resource.rules);
    let (text, operations) = runbook_text(&resource, rules, &options);
    outcome.operations = operations;
    outcome.status = if args.check {
        if current.as_deref() == Some(text.as_str()) {
            Status::Done
        } else {
            Status::Stale
        }
    } else if current.as_deref() == Some(text.as_str()) {
        // Unchanged: renaming over an existing file makes ext4 flush it,
        // which for thousands of resources costs more than generating.
        Status::Done
    } else {
        let cached = crate::write::Durability::Cached;
        match crate::write::replace_with(&target, &text, current.as_deref(), cached) {
            Ok(()) => Status::Done,
            Err(problem) => {
                Status::Failed(diagnostics::render(&[problem], &Sources::default(), style))
            }
        }
    };
    outcome
}

/// The runbook, as `forge generate --resource` renders it (a test keeps
/// them equal), and how many operations it has.
fn runbook_text(
    resource: &Resource,
    rules: &Rules,
    options: &RunbookOptions<'_>,
) -> (String, usize) {
    let analysis = pipeline::run(
        rules,
        &resource.journal.entries,
        pipeline::Record::Operations,
    );
    let text = generate::render_runbook(resource, &analysis.summaries, options);
    (text, analysis.summaries.len())
}

/// Each failure's diagnostics and each stale runbook on stderr, in folder
/// order, then the summary line on stdout.
fn report(outcomes: &[Outcome], check: bool, io: &mut Io<'_>) -> i32 {
    let (mut failures, mut stale) = (0, 0);
    for outcome in outcomes {
        let dir = resource::display(&outcome.dir);
        match &outcome.status {
            Status::Done => {}
            Status::Stale => {
                stale += 1;
                let _ = writeln!(io.err, "forge: {dir}/{RUNBOOK} is out of date");
            }
            Status::Failed(diagnostics) => {
                failures += 1;
                let _ = io.err.write_all(diagnostics.as_bytes());
                let _ = writeln!(io.err, "forge: {dir} failed");
            }
        }
    }
    let sum = |f: fn(&Outcome) -> usize| outcomes.iter().map(f).sum::<usize>();
    let summary = format!(
        "{} resources, {} entries, {} operations, {} warnings, {failures} failures",
        outcomes.len(),
        sum(|o| o.entries),
        sum(|o| o.operations),
        sum(|o| o.warnings.len()),
    );
    let stale_note = if check {
        format!(", {stale} out of date")
    } else {
        String::new()
    };
    io.print(&format!("{summary}{stale_note}\n"));
    if failures + stale > 0 {
        FAILED
    } else {
        SUCCESS
    }
}
