//! `forge completions SHELL` and `forge man [COMMAND]`: generated from the
//! clap command itself (`clap_complete`, `clap_mangen`), so they list exactly
//! the flags the binary accepts.

use clap::CommandFactory as _;

use super::{Io, BAD_INPUT, SUCCESS};
use crate::codes::{IoCode, UsageCode};
use crate::error::Problem;
use crate::options::{Cli, CompletionsArgs, ManArgs};
use crate::source::Sources;

pub(crate) fn completions(args: &CompletionsArgs, io: &mut Io<'_>) -> i32 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "forge", &mut script);
    io.print(&String::from_utf8_lossy(&script));
    SUCCESS
}

pub(crate) fn man(args: &ManArgs, io: &mut Io<'_>) -> i32 {
    let command = Cli::command();
    let page = match &args.command {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub
                .clone()
                .name(format!("forge-{name}"))
                .version(env!("CARGO_PKG_VERSION")),
            None => return unknown_command(name, &command, io),
        },
    };
    let mut roff = Vec::new();
    if let Err(error) = clap_mangen::Man::new(page).render(&mut roff) {
        let problem = Problem::error(
            IoCode::WriteFailed,
            format!("cannot render the man page: {error}"),
        )
        .help("report this as a bug");
        io.report(&[problem], &Sources::default());
        return BAD_INPUT;
    }
    io.print(&String::from_utf8_lossy(&roff));
    SUCCESS
}

fn unknown_command(name: &str, command: &clap::Command, io: &mut Io<'_>) -> i32 {
    let names: Vec<&str> = command
        .get_subcommands()
        .map(clap::Command::get_name)
        .collect();
    let problem = Problem::error(
        UsageCode::UnknownCommand,
        format!("forge has no subcommand `{name}`"),
    )
    .help(format!(
        "pages exist for: {}{}",
        names.join(", "),
        crate::rules::check::did_you_mean(name, &names)
    ));
    io.report(&[problem], &Sources::default());
    BAD_INPUT
}
