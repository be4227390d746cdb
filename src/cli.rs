//! The command line run: its options parsed (see [`crate::options`]),
//! filled in from forge.toml, then handed to the command's module.

use std::ffi::OsString;

use clap::Parser as _;

use crate::codes::UsageCode;
use crate::commands::{self, Io};
pub use crate::options::Cli;
pub(crate) use crate::options::Command;
use crate::{config, files, journal, output, render, source};

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
                eprintln!("{}\n", UsageCode::BadArguments);
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
