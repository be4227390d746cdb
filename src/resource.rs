//! Loading a resource folder: JOURNAL.md, INVENTORY.yaml and the rules.

use std::path::{Path, PathBuf};

use crate::codes::{InventoryCode, IoCode, JournalCode};
use crate::error::Problem;
use crate::files::{self, ReadError};
use crate::inventory::{self, Fact};
use crate::journal::{self, Journal};
use crate::rules::{self, Rules};
use crate::source::{FileId, Sources, Span};

pub(crate) const JOURNAL: &str = "JOURNAL.md";
pub(crate) const INVENTORY: &str = "INVENTORY.yaml";
pub(crate) const RULES: &str = "rules.forge";

/// Largest inventory accepted: facts are hand-written and small.
const MAX_INVENTORY_BYTES: u64 = 8 << 20;

/// A loaded resource, ready for the pipeline.
#[derive(Debug)]
pub struct Resource {
    pub dir: PathBuf,
    /// The inventory's `name`, else the folder's name.
    pub name: String,
    pub sources: Sources,
    pub journal: Journal,
    /// `None` when there is no INVENTORY.yaml.
    pub facts: Option<Vec<Fact>>,
    pub rules: Rules,
    /// Warnings from every input (errors stop loading).
    pub warnings: Vec<Problem>,
}

/// Why a resource could not be loaded, with the sources its problems
/// point into.
#[derive(Debug)]
pub struct LoadFailure {
    pub(crate) sources: Sources,
    pub(crate) problems: Vec<Problem>,
}

/// Where the rules come from: `--rules FILE`, else `DIR/rules.forge` when it
/// exists (whatever it is: a pipe or a broken link there is an error, not
/// a reason to use other rules), else the built-in defaults.
pub fn rules_path(dir: &Path, rules_override: Option<&Path>) -> Option<PathBuf> {
    rules_override
        .map(Path::to_path_buf)
        .or_else(|| Some(dir.join(RULES)).filter(|p| present(p)))
}

/// Something is at `path`: a file, a folder, a link (even a broken one).
pub(crate) fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

pub fn load(dir: &Path, rules_override: Option<&Path>) -> Result<Resource, LoadFailure> {
    let (sources, rules, problems) = start(dir, rules_override)?;
    load_with_rules(dir, sources, rules, problems)
}

/// How every load starts: the folder must exist; then the rules.
fn start(
    dir: &Path,
    rules_override: Option<&Path>,
) -> Result<(Sources, Option<Rules>, Vec<Problem>), LoadFailure> {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        problems.push(missing_folder(dir));
        return Err(LoadFailure { sources, problems });
    }
    let rules = load_rules(
        &mut sources,
        rules_path(dir, rules_override).as_deref(),
        &mut problems,
    );
    Ok((sources, rules, problems))
}

/// Loads a resource whose rules are already loaded into `sources` (with
/// the problems found in them): `generate --ledger` loads each rules file
/// once for all the resources that share it.
pub(crate) fn load_with_rules(
    dir: &Path,
    mut sources: Sources,
    rules: Option<Rules>,
    mut problems: Vec<Problem>,
) -> Result<Resource, LoadFailure> {
    if !dir.is_dir() {
        problems.push(missing_folder(dir));
        return Err(LoadFailure { sources, problems });
    }
    let journal = load_journal(&mut sources, &dir.join(JOURNAL), &mut problems);
    let facts = load_inventory(&mut sources, &dir.join(INVENTORY), &mut problems);
    let (Some(rules), Some(journal)) = (rules, journal) else {
        return Err(LoadFailure { sources, problems });
    };
    if problems.iter().any(Problem::is_error) {
        return Err(LoadFailure { sources, problems });
    }
    Ok(assemble(dir, sources, journal, facts, rules, problems))
}

/// The loaded parts as a resource, named by its inventory or folder.
fn assemble(
    dir: &Path,
    sources: Sources,
    journal: Journal,
    facts: Option<Vec<Fact>>,
    rules: Rules,
    warnings: Vec<Problem>,
) -> Resource {
    Resource {
        dir: dir.to_path_buf(),
        name: resource_name(dir, facts.as_ref()),
        sources,
        journal,
        facts,
        rules,
        warnings,
    }
}

/// Like [`load`], for outputs that need only a little of each entry: the
/// journal is parsed last, once everything else loaded without errors, by
/// `parse` (given the rules, the journal's file and text), which returns
/// the journal (its problems; it may drop the entries) and what it made of
/// them. Same diagnostics as [`load`].
pub(crate) fn load_parsing<T>(
    dir: &Path,
    rules_override: Option<&Path>,
    parse: impl FnOnce(&Rules, FileId, &str) -> (Journal, T),
) -> Result<(Resource, T), LoadFailure> {
    let (mut sources, rules, mut problems) = start(dir, rules_override)?;
    let path = dir.join(JOURNAL);
    let file = read_journal_text(&mut sources, &path, &mut problems)
        .map(|text| sources.add(display(&path), text));
    // The journal's warnings go where `load` puts them: before the
    // inventory's.
    let journal_problems_at = problems.len();
    let facts = load_inventory(&mut sources, &dir.join(INVENTORY), &mut problems);
    let (Some(rules), Some(file)) = (rules, file) else {
        return Err(LoadFailure { sources, problems });
    };
    if problems.iter().any(Problem::is_error) {
        return Err(LoadFailure { sources, problems });
    }
    let text = sources.get(file).text.clone();
    let (journal, made) = parse(&rules, file, &text);
    let found = journal::control_characters(file, &text)
        .into_iter()
        .chain(journal::no_entries(file, &text))
        .chain(journal::diagnose(&journal));
    problems.splice(journal_problems_at..journal_problems_at, found);
    if problems.iter().any(Problem::is_error) {
        return Err(LoadFailure { sources, problems });
    }
    Ok((
        assemble(dir, sources, journal, facts, rules, problems),
        made,
    ))
}

/// The inventory's `name`, else the folder's name.
fn resource_name(dir: &Path, facts: Option<&Vec<Fact>>) -> String {
    facts
        .and_then(|f| f.iter().find(|f| f.key == "name"))
        .map(|f| f.value.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| folder_name(dir))
}

/// The folder's own name (after resolving `.` and links).
pub(crate) fn folder_name(dir: &Path) -> String {
    let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute.file_name().map_or_else(
        || "resource".to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Loads the rules at `path`, or the defaults when there is none (or it is
/// `<built-in>/default.forge`, what `--defaults` passes).
pub fn load_rules(
    sources: &mut Sources,
    path: Option<&Path>,
    problems: &mut Vec<Problem>,
) -> Option<Rules> {
    let user = match path {
        None => None,
        Some(path) if path == Path::new(rules::DEFAULT_RULES_NAME) => None,
        Some(path) => {
            let Some(text) = read_text(sources, path, problems) else {
                about_rules_file(problems);
                return None;
            };
            Some((display(path), text))
        }
    };
    let (rules, found) = rules::load(sources, user);
    problems.extend(found);
    rules
}

/// A missing rules file's help speaks of rules, not of the resource
/// folder's JOURNAL.md.
fn about_rules_file(problems: &mut [Problem]) {
    if let Some(last) = problems.last_mut().filter(|p| p.code == IoCode::NotFound) {
        last.help = Some(format!(
            "check the path given to --rules (or to `rules` in forge.toml); without one, \
             forge uses DIR/{RULES} when it exists, else the built-in rules"
        ));
    }
}

/// Reads and parses a JOURNAL.md, adding its problems.
pub(crate) fn load_journal(
    sources: &mut Sources,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<Journal> {
    let text = read_journal_text(sources, path, problems)?;
    let file = sources.add(display(path), text);
    let text = &sources.get(file).text;
    problems.extend(journal::control_characters(file, text));
    problems.extend(journal::no_entries(file, text));
    let journal = journal::parse(file, &sources.get(file).text.clone());
    problems.extend(journal::diagnose(&journal));
    Some(journal)
}

fn load_inventory(
    sources: &mut Sources,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Fact>> {
    if !present(path) {
        return None;
    }
    if std::fs::metadata(path).map_or(0, |m| m.len()) > MAX_INVENTORY_BYTES {
        problems.push(
            Problem::error(
                InventoryCode::TooLarge,
                format!(
                    "{} is larger than {MAX_INVENTORY_BYTES} bytes",
                    display(path)
                ),
            )
            .help("INVENTORY.yaml holds current facts, not data; keep it small"),
        );
        return None;
    }
    let text = read_text(sources, path, problems)?;
    let file = sources.add(display(path), text);
    match inventory::parse(file, &sources.get(file).text.clone()) {
        Ok(facts) => Some(facts),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// Reads a regular file as UTF-8; a problem (with a span at the first bad
/// byte for invalid UTF-8) when it cannot.
pub(crate) fn read_text(
    sources: &mut Sources,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    read_text_within(sources, path, problems, u64::MAX)
}

/// [`read_text`] for a JOURNAL.md: at most `--max-journal-bytes`.
fn read_journal_text(
    sources: &mut Sources,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    read_text_within(sources, path, problems, files::max_journal_bytes())
}

/// [`read_text`] of a file of at most `limit` bytes.
fn read_text_within(
    sources: &mut Sources,
    path: &Path,
    problems: &mut Vec<Problem>,
    limit: u64,
) -> Option<String> {
    let bytes = match files::read_regular(path, limit) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(read_problem(path, error));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // The lossy text keeps every valid byte before the bad one.
            let file = sources.add(display(path), lossy);
            problems.push(
                Problem::error(
                    IoCode::InvalidUtf8,
                    format!("{} is not valid UTF-8", display(path)),
                )
                .label(Span::new(file, at, at + 1), "this byte is not UTF-8")
                .help("save the file as UTF-8 (iconv -f latin1 -t utf-8 FILE), or remove the byte"),
            );
            None
        }
    }
}

fn read_problem(path: &Path, error: ReadError) -> Problem {
    let name = display(path);
    match error {
        ReadError::Io(error) => io_problem(path, &error),
        ReadError::NotRegular("a folder") => Problem::error(
            IoCode::NotAFile,
            format!("{name} is a folder, not a file"),
        )
        .help("give the path of a file"),
        ReadError::NotRegular(kind) => Problem::error(
            IoCode::NotAFile,
            format!("{name} is {kind}, not a regular file"),
        )
        .help("forge reads only regular files (symbolic links to them are fine); replace it with the file itself"),
        ReadError::TooLarge { limit } => Problem::error(
            JournalCode::TooLarge,
            format!("{name} is larger than the limit of {limit} bytes"),
        )
        .help(format!(
            "a journal this large is likely not a journal; if it is, raise the limit with --max-journal-bytes (default {})",
            files::DEFAULT_MAX_JOURNAL_BYTES
        )),
    }
}

fn io_problem(path: &Path, error: &std::io::Error) -> Problem {
    let name = display(path);
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            Problem::error(IoCode::NotFound, format!("{name} does not exist")).help(format!(
                "check the path; a resource folder needs a {JOURNAL} (INVENTORY.yaml and {RULES} are optional)"
            ))
        }
        std::io::ErrorKind::IsADirectory => Problem::error(
            IoCode::NotAFile,
            format!("{name} is a folder, not a file"),
        )
        .help("give the path of a file"),
        _ => Problem::error(
            IoCode::Unreadable,
            format!("cannot read {name}: {error}"),
        )
        .help("check the file's permissions"),
    }
}

pub(crate) fn missing_folder(dir: &Path) -> Problem {
    let name = display(dir);
    if dir.exists() {
        Problem::error(IoCode::NotAFolder, format!("{name} is not a folder"))
            .help("--resource takes the folder that holds JOURNAL.md, not the file itself")
    } else {
        Problem::error(IoCode::MissingFolder, format!("the resource folder {name} does not exist"))
            .help("pass --resource DIR, where DIR holds JOURNAL.md (and optionally INVENTORY.yaml and rules.forge)")
    }
}

/// A path as shown in diagnostics.
pub(crate) fn display(path: &Path) -> String {
    path.display().to_string()
}
