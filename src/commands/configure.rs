//! Applies forge.toml to the parsed command line: a setting fills in what
//! the flags left out, so flags always win and `generate --check` compares
//! against what `generate` writes with the same forge.toml.

use std::path::{Path, PathBuf};

use crate::config::{self, ConfigFailure, Lints, Settings};
use crate::options::{Command, GenerateArgs};
use crate::rules::DEFAULT_RULES_NAME;

/// Fills the command's arguments from the forge.toml nearest its resource
/// folder and returns the lint levels that apply.
pub(crate) fn apply(command: &mut Command) -> Result<Lints, ConfigFailure> {
    choose_defaults(command);
    let Some(dir) = resource_dir(command) else {
        return Ok(Lints::default());
    };
    let settings = config::for_resource(&dir)?;
    let rules = settings.rules.clone();
    match command {
        Command::Generate(args) => apply_generate(args, &settings),
        Command::Operations(args) => fill(&mut args.input.rules, rules),
        Command::Steps(args) => fill(&mut args.input.rules, rules),
        Command::Explain(args) => fill(&mut args.input.rules, rules),
        Command::Check(args) => {
            fill(&mut args.rules, rules);
            args.deny_warnings |= settings.deny_warnings;
        }
        Command::Test(args) => fill(&mut args.rules, rules),
        Command::Eval(args) if !args.scoring.defaults => {
            fill(&mut args.scoring.input.rules, rules);
        }
        Command::Tune(args) if !args.scoring.defaults => {
            fill(&mut args.scoring.input.rules, rules);
        }
        _ => {}
    }
    Ok(settings.lints)
}

/// The resource folder a command reads, when it reads exactly one.
fn resource_dir(command: &Command) -> Option<std::path::PathBuf> {
    let dir: &Path = match command {
        Command::Generate(args) if args.ledger.is_none() => &args.input.resource,
        Command::Operations(args) => &args.input.resource,
        Command::Steps(args) => &args.input.resource,
        Command::Explain(args) => &args.input.resource,
        Command::Check(args) if args.explain.is_none() => args.resource.as_deref()?,
        Command::Test(args) => args.resource.as_deref()?,
        Command::Eval(args) => &args.scoring.input.resource,
        Command::Tune(args) => &args.scoring.input.resource,
        _ => return None,
    };
    Some(dir.to_path_buf())
}

/// `--defaults`: the built-in rules, named as diagnostics name them, fill
/// `--rules` before forge.toml can.
fn choose_defaults(command: &mut Command) {
    let (defaults, rules) = match command {
        Command::Generate(args) => (args.input.defaults, &mut args.input.rules),
        Command::Operations(args) => (args.defaults, &mut args.input.rules),
        Command::Steps(args) => (args.defaults, &mut args.input.rules),
        Command::Explain(args) => (args.defaults, &mut args.input.rules),
        Command::Check(args) => (args.defaults, &mut args.rules),
        Command::Test(args) => (args.defaults, &mut args.rules),
        _ => return,
    };
    if defaults {
        *rules = Some(PathBuf::from(DEFAULT_RULES_NAME));
    }
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// `generate`: the rules, the output path and the timeline.
pub(crate) fn apply_generate(args: &mut GenerateArgs, settings: &Settings) {
    fill(&mut args.input.rules, settings.rules.clone());
    fill(&mut args.out, settings.out.clone());
    if !args.timeline && !args.no_timeline {
        args.no_timeline = settings.timeline == Some(false);
    }
}
