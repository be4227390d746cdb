//! `forge rules`: the built-in rules, so that explanations pointing into
//! `<built-in>/default.forge` name a file the user can read.

use super::{Io, SUCCESS};
use crate::cli::RulesArgs;
use crate::rules::DEFAULT_RULES;

pub fn run(args: &RulesArgs, io: &mut Io<'_>) -> i32 {
    if args.print_default {
        io.print(DEFAULT_RULES);
    }
    SUCCESS
}
