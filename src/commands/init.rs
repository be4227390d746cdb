//! `forge init [DIR]`: a new resource folder with a commented example of
//! every file forge reads. It never overwrites: if any of the files exists,
//! nothing is written. A forge.toml is left out when one above applies.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Io, BAD_INPUT, SUCCESS};
use crate::codes::{InitCode, IoCode};
use crate::config::{self, CONFIG};
use crate::error::Problem;
use crate::options::InitArgs;
use crate::resource::{self, INVENTORY, JOURNAL, RULES};
use crate::source::Sources;

const JOURNAL_TEMPLATE: &str = include_str!("init/JOURNAL.md");
const INVENTORY_TEMPLATE: &str = include_str!("init/INVENTORY.yaml");
const RULES_TEMPLATE: &str = include_str!("init/rules.forge");
const CONFIG_TEMPLATE: &str = include_str!("init/forge.toml");

pub(crate) fn run(args: &InitArgs, io: &mut Io<'_>) -> i32 {
    let dir = &args.dir;
    let files = files(&resource::folder_name(dir));
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .collect();
    if !existing.is_empty() {
        return refuse(dir, &existing, io);
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        let problem = Problem::error(
            IoCode::WriteFailed,
            format!("cannot create {}: {error}", resource::display(dir)),
        )
        .help("check that the parent folder exists and is writable");
        io.report(&[problem], &Sources::default());
        return BAD_INPUT;
    }
    // A forge.toml above (a team's) would be shadowed by a new one here:
    // the nearest file wins whole.
    let inherited = config::find(dir);
    let mut out = String::new();
    for (name, text) in &files {
        if *name == CONFIG && inherited.is_some() {
            continue;
        }
        if let Err(problem) = crate::write::replace(&dir.join(name), text, None) {
            io.report(&[problem], &Sources::default());
            return BAD_INPUT;
        }
        let _ = writeln!(out, "created {}", resource::display(&dir.join(name)));
    }
    if let Some(path) = inherited {
        let _ = writeln!(
            out,
            "settings: {} applies here (no {CONFIG} written, so it is not shadowed)",
            resource::display(&path)
        );
    }
    let shown = resource::display(dir);
    let _ = writeln!(
        out,
        "next: record a change in {shown}/{JOURNAL}, then `forge generate --resource {shown}`"
    );
    io.print(&out);
    SUCCESS
}

/// The files of a new resource named `name`, with their text.
fn files(name: &str) -> [(&'static str, String); 4] {
    // A JSON string is a valid YAML double-quoted scalar: any folder name
    // stays one string.
    let name_yaml = serde_json::to_string(name).unwrap_or_else(|_| "\"resource\"".into());
    [
        (JOURNAL, JOURNAL_TEMPLATE.replace("{name}", name)),
        (
            INVENTORY,
            INVENTORY_TEMPLATE.replace("{name_yaml}", &name_yaml),
        ),
        (RULES, RULES_TEMPLATE.to_string()),
        (CONFIG, CONFIG_TEMPLATE.to_string()),
    ]
}

fn refuse(dir: &Path, existing: &[PathBuf], io: &mut Io<'_>) -> i32 {
    let names: Vec<String> = existing.iter().map(|p| resource::display(p)).collect();
    let problem = Problem::error(
        InitCode::Exists,
        format!(
            "{} already exists; forge init never overwrites",
            names.join(", ")
        ),
    )
    .help(format!(
        "initialise a new folder, or move those files out of {} first",
        resource::display(dir)
    ));
    io.report(&[problem], &Sources::default());
    BAD_INPUT
}
