//! Runbook Forge: a resource's verified change history → a runbook.
//!
//! The pipeline, one module per stage, plain data between them:
//! journal + inventory + rules → normalize → cluster → aggregate → render.

/// Aggregate: operations → summaries (why, verify, rollback, counts).
pub mod aggregate;
/// The command line, declared with clap.
pub mod cli;
/// Cluster: signatures → operations, with every decision recorded.
pub mod cluster;
/// Long explanations of diagnostic codes.
pub mod codes;
/// One module per subcommand.
pub mod commands;
/// forge.toml: settings shared by every run on a resource.
pub mod config;
/// Diagnostics as plain data, rendered by miette.
pub mod error;
/// Grouping measured against the operators' labels: eval and tune.
pub mod eval;
/// Exit codes.
pub mod exit;
/// Reading input files: regular files only, within a size limit.
pub mod files;
/// INVENTORY.yaml → facts.
pub mod inventory;
/// JOURNAL.md → entries with spans.
pub mod journal;
/// Keep blocks: human prose in RUNBOOK.md that survives regeneration.
pub mod keep;
/// Normalize: entry × rules → signature + trace.
pub mod normalize;
/// Standard output that remembers why it failed.
pub mod output;
/// The stages run in order.
pub mod pipeline;
/// Renderers: runbook, operations, diagnostics.
pub mod render;
/// Loading a resource folder.
pub mod resource;
/// rules.forge: parse, check, the built-in defaults.
pub mod rules;
/// The similarity metrics.
pub mod similarity;
/// Long source lines cut around the labels a diagnostic draws.
pub mod snippet;
/// Source files and spans.
pub mod source;
/// Text split into words, as rules and entries both are.
pub mod tokens;
/// Control characters shown as pictures.
pub mod visible;
/// One word: its stem, and whether another is a typo of it.
pub mod words;
/// Replacing a file safely: through links, keeping its mode, never over
/// a change made during the run.
pub mod write;

use std::ffi::OsString;

use clap::Parser as _;

use cli::{Cli, Command};
use commands::Io;

/// The code of a command line clap refuses (unknown flag, bad value).
const USAGE_CODE: &str = "forge::usage::bad_arguments";

/// Runs the command line and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            if error.use_stderr() {
                // A code like every other diagnostic, above clap's message.
                eprintln!("{USAGE_CODE}\n");
            }
            let _ = error.print();
            return if error.use_stderr() {
                commands::BAD_INPUT
            } else {
                commands::SUCCESS
            };
        }
    };
    if let Some(limit) = cli.max_journal_bytes {
        files::set_max_journal_bytes(limit);
    }
    journal::set_allow_hidden_entries(cli.allow_hidden_entries);
    let stderr = std::io::stderr();
    let mut out = output::Checked::new(std::io::stdout().lock());
    let mut err = stderr.lock();
    let style = commands::global::style(cli.color);
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        style,
        lints: config::Lints::default(),
        verbosity: commands::global::Verbosity::of(cli.quiet, cli.verbose),
        color: cli.color,
    };
    let status = match commands::configure::apply(&mut cli.command) {
        Ok(lints) => {
            io.lints = lints;
            run_command(&cli.command, &mut io)
        }
        Err(failure) => io.fail_with(&failure.problems, &failure.sources),
    };
    let (status, problem) = output::finish(status, out.finish());
    if let Some(problem) = problem {
        let text = render::diagnostics::render(&[problem], &source::Sources::default(), style);
        let _ = std::io::Write::write_all(&mut err, text.as_bytes());
    }
    status
}

fn run_command(command: &Command, io: &mut Io<'_>) -> i32 {
    match command {
        Command::Generate(args) => commands::generate::run(args, io),
        Command::Operations(args) => commands::operations::run(args, io),
        Command::Steps(args) => commands::steps::run(args, io),
        Command::Check(args) => commands::check::run(args, io),
        Command::Test(args) => commands::test::run(args, io),
        Command::Explain(args) => commands::explain::run(args, io),
        Command::Rules(args) => commands::rules::run(args, io),
        Command::Eval(args) => commands::eval::run(args, io),
        Command::Tune(args) => commands::tune::run(args, io),
        Command::Init(args) => commands::init::run(args, io),
        Command::Completions(args) => commands::completions::completions(args, io),
        Command::Man(args) => commands::completions::man(args, io),
    }
}
