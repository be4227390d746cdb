//! `forge rules`: the built-in rules, so that explanations pointing into
//! `<built-in>/default.forge` name a file the user can read.

use clap::CommandFactory as _;

use super::{Io, SUCCESS};
use crate::options::{Cli, RulesArgs, RulesCommand};
use crate::rules::DEFAULT_RULES;

pub(crate) fn run(args: &RulesArgs, io: &mut Io<'_>) -> i32 {
    match (args.command, args.print_default) {
        (Some(RulesCommand::PrintDefault), _) | (None, true) => io.print(DEFAULT_RULES),
        // `forge rules` alone: what it can do, not an error.
        (None, false) => {
            let mut command = Cli::command();
            if let Some(rules) = command.find_subcommand_mut("rules") {
                let mut rules = rules.clone().bin_name("forge rules");
                io.print(&rules.render_long_help().to_string());
            }
        }
    }
    SUCCESS
}
