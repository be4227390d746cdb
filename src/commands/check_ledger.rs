//! `forge check --ledger DIR`: every resource folder under DIR checked, in
//! parallel, each with its own forge.toml (nearest wins) and rules: its
//! forge.toml's `rules`, else its rules.forge, else DIR/rules.forge, else
//! the built-in rules; `--rules FILE` overrides them all.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::check::{check_resource, Checked};
use super::fleet::resource_folders;
use crate::codes::IoCode;
use crate::config;
use crate::error::Problem;
use crate::resource;
use crate::shard::Shard;

/// The checked resources of the ledger (of its shard), in folder order; a
/// single failure when the ledger folder does not exist.
pub(crate) fn check(
    ledger: &Path,
    rules: Option<&Path>,
    shard: Option<Shard>,
) -> Result<Vec<Checked>, Checked> {
    if !ledger.is_dir() {
        let problem = Problem::error(
            IoCode::MissingFolder,
            format!(
                "the ledger folder {} does not exist",
                resource::display(ledger)
            ),
        )
        .help("pass --ledger DIR, where DIR holds resource folders (each with a JOURNAL.md)");
        return Err(Checked {
            problems: vec![problem],
            ..Checked::default()
        });
    }
    let mut dirs = resource_folders(ledger);
    if let Some(shard) = shard {
        dirs = shard.select(ledger, dirs);
    }
    let root_rules = Some(ledger.join(resource::RULES)).filter(|p| p.is_file());
    Ok(dirs
        .par_iter()
        .map(|dir| one(dir, rules, root_rules.as_deref()))
        .collect())
}

fn one(dir: &Path, given: Option<&Path>, root_rules: Option<&Path>) -> Checked {
    let settings = match config::for_resource(dir) {
        Ok(settings) => settings,
        Err(failure) => {
            return Checked {
                sources: failure.sources,
                problems: failure.problems,
                ..Checked::default()
            }
        }
    };
    let own = dir.join(resource::RULES);
    let rules: Option<PathBuf> = given
        .map(Path::to_path_buf)
        .or(settings.rules)
        .or_else(|| own.is_file().then_some(own))
        .or_else(|| root_rules.map(Path::to_path_buf));
    Checked {
        deny_warnings: settings.deny_warnings,
        ..check_resource(dir, rules.as_deref(), &settings.lints)
    }
}
