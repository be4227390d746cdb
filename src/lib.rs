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
/// INVENTORY.yaml → facts.
pub mod inventory;
/// JOURNAL.md → entries with spans.
pub mod journal;
/// Keep blocks: human prose in RUNBOOK.md that survives regeneration.
pub mod keep;
/// Normalize: entry × rules → signature + trace.
pub mod normalize;
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
/// Source files and spans.
pub mod source;

use std::ffi::OsString;

use clap::Parser as _;

use cli::{Cli, Command};
use commands::Io;

/// Runs the command line and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                commands::BAD_INPUT
            } else {
                commands::SUCCESS
            };
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        style: commands::global::style(cli.color),
        lints: config::Lints::default(),
        verbosity: commands::global::Verbosity::of(cli.quiet, cli.verbose),
        color: cli.color,
    };
    match commands::configure::apply(&mut cli.command) {
        Ok(lints) => io.lints = lints,
        Err(failure) => return io.fail_with(&failure.problems, &failure.sources),
    }
    match &cli.command {
        Command::Generate(args) => commands::generate::run(args, &mut io),
        Command::Operations(args) => commands::operations::run(args, &mut io),
        Command::Steps(args) => commands::steps::run(args, &mut io),
        Command::Check(args) => commands::check::run(args, &mut io),
        Command::Test(args) => commands::test::run(args, &mut io),
        Command::Explain(args) => commands::explain::run(args, &mut io),
        Command::Rules(args) => commands::rules::run(args, &mut io),
        Command::Eval(args) => commands::eval::run(args, &mut io),
        Command::Tune(args) => commands::tune::run(args, &mut io),
        Command::Init(args) => commands::init::run(args, &mut io),
        Command::Completions(args) => commands::completions::completions(args, &mut io),
        Command::Man(args) => commands::completions::man(args, &mut io),
    }
}
