//! forge.toml: the settings a team shares, so that every run (and every
//! `--check`) uses the same ones without repeating flags.
//!
//! The nearest forge.toml wins: the resource folder's own, else its
//! parent's, and so on up to the repository root (a folder holding `.git`)
//! or the filesystem root. Files are not merged. Flags override it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::codes::{Code, ConfigCode, JournalCode, RulesCode};
use crate::error::{Level, Problem};
use crate::resource;
use crate::rules::check::did_you_mean;
use crate::source::{FileId, Sources, Span};

pub(crate) const CONFIG: &str = "forge.toml";

/// Warning codes a forge.toml may give a level: the rest are errors, which
/// always stop a run.
pub(crate) const LINTS: &[Code] = &[
    Code::Rules(RulesCode::DeadRule),
    Code::Rules(RulesCode::MergeConflict),
    Code::Journal(JournalCode::BadDate),
    Code::Journal(JournalCode::BadHeading),
    Code::Journal(JournalCode::OutOfOrder),
    Code::Journal(JournalCode::DuplicateEntry),
    Code::Journal(JournalCode::UnknownOutcome),
    Code::Journal(JournalCode::NoVerify),
    Code::Journal(JournalCode::UnclosedFence),
];

/// A lint level, as in clippy's `[lints]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LintLevel {
    /// Not shown and not counted.
    Allow,
    /// Shown as a warning (the default).
    Warn,
    /// Shown as an error: `forge check` fails.
    Deny,
}

/// The level of each code or group of codes (`forge::journal`) named in
/// forge.toml; a code's own entry wins over its group's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lints {
    levels: BTreeMap<String, LintLevel>,
}

impl Lints {
    /// The level of a code: its own entry, else the longest group naming
    /// it, else `Warn`.
    pub(crate) fn level(&self, code: Code) -> LintLevel {
        self.levels
            .iter()
            .filter(|(name, _)| covers(name, code))
            .max_by_key(|(name, _)| name.len())
            .map_or(LintLevel::Warn, |(_, level)| *level)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// Drops allowed warnings and makes denied ones errors. Errors are
    /// left alone.
    pub(crate) fn apply(&self, problems: Vec<Problem>) -> Vec<Problem> {
        if self.is_empty() {
            return problems;
        }
        problems
            .into_iter()
            .filter_map(|mut problem| {
                if problem.level != Level::Warning {
                    return Some(problem);
                }
                match self.level(problem.code) {
                    LintLevel::Allow => None,
                    LintLevel::Warn => Some(problem),
                    LintLevel::Deny => {
                        problem.level = Level::Error;
                        let note = denied_note();
                        problem.help = Some(match problem.help.take() {
                            Some(help) => format!("{help}\n{note}"),
                            None => note,
                        });
                        Some(problem)
                    }
                }
            })
            .collect()
    }

    /// How many of `problems` are still warnings or errors once levels apply.
    pub(crate) fn count_shown(&self, problems: &[Problem]) -> usize {
        problems
            .iter()
            .filter(|p| p.level != Level::Warning || self.level(p.code) != LintLevel::Allow)
            .count()
    }
}

/// Whether a forge.toml entry (a code or a group) covers a code.
fn covers(name: &str, code: Code) -> bool {
    let code = code.as_str();
    code == name || code.strip_prefix(name).is_some_and(|r| r.starts_with("::"))
}

/// What a forge.toml says, with paths resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// `rules`, relative to the forge.toml's folder.
    pub(crate) rules: Option<PathBuf>,
    /// `[generate] out`, relative to the resource folder.
    pub(crate) out: Option<PathBuf>,
    /// `[generate] timeline`.
    pub(crate) timeline: Option<bool>,
    /// `[check] deny-warnings`.
    pub(crate) deny_warnings: bool,
    pub(crate) lints: Lints,
}

/// Why a forge.toml could not be used.
#[derive(Debug)]
pub(crate) struct ConfigFailure {
    pub(crate) sources: Sources,
    pub(crate) problems: Vec<Problem>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    rules: Option<String>,
    #[serde(default)]
    generate: GenerateSection,
    #[serde(default)]
    check: CheckSection,
    #[serde(default)]
    lints: LintsSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct GenerateSection {
    out: Option<String>,
    timeline: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CheckSection {
    deny_warnings: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintsSection {
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    #[serde(default)]
    warn: Vec<Spanned<String>>,
    #[serde(default)]
    deny: Vec<Spanned<String>>,
}

/// The nearest forge.toml at or above `dir`: `dir` itself, then each
/// parent, stopping after a folder that holds `.git`.
pub(crate) fn find(dir: &Path) -> Option<PathBuf> {
    let absolute = dir.canonicalize().ok()?;
    for folder in absolute.ancestors() {
        let candidate = folder.join(CONFIG);
        if candidate.is_file() {
            return Some(shown(dir, &absolute, folder).join(CONFIG));
        }
        if folder.join(".git").exists() {
            break;
        }
    }
    None
}

/// `folder` (an ancestor of `absolute`, the absolute form of `dir`) as a
/// path relative to where `dir` is written, so diagnostics name files the
/// way the user did.
fn shown(dir: &Path, absolute: &Path, folder: &Path) -> PathBuf {
    let ups = absolute.components().count() - folder.components().count();
    let plain = dir.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || !absolute.ends_with(dir) || ups > dir.components().count() {
        return folder.to_path_buf();
    }
    let mut path = dir.to_path_buf();
    for _ in 0..ups {
        path.pop();
    }
    path
}

/// The settings for the resource folder `dir`: those of the nearest
/// forge.toml, or the defaults when there is none.
pub(crate) fn for_resource(dir: &Path) -> Result<Settings, ConfigFailure> {
    match find(dir) {
        Some(path) => load(&path, dir),
        None => Ok(Settings::default()),
    }
}

/// Reads and checks one forge.toml for the resource folder `dir`.
pub(crate) fn load(path: &Path, dir: &Path) -> Result<Settings, ConfigFailure> {
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    let Some(text) = resource::read_text(&mut sources, path, &mut problems) else {
        return Err(ConfigFailure { sources, problems });
    };
    let id = sources.add(resource::display(path), text.clone());
    let parsed = match toml::from_str::<File>(&text) {
        Ok(file) => file,
        Err(error) => {
            problems.push(toml_problem(id, &text, &error));
            return Err(ConfigFailure { sources, problems });
        }
    };
    let lints = lints(id, &parsed.lints, &mut problems);
    if !problems.is_empty() {
        return Err(ConfigFailure { sources, problems });
    }
    let base = path.parent().unwrap_or(Path::new(""));
    Ok(Settings {
        rules: parsed.rules.map(|r| base.join(r)),
        out: parsed.generate.out.map(|o| dir.join(o)),
        timeline: parsed.generate.timeline,
        deny_warnings: parsed.check.deny_warnings.unwrap_or(false),
        lints,
    })
}

/// The keys a forge.toml may hold, for "did you mean" and the help line.
const KEYS: &[&str] = &[
    "rules",
    "generate",
    "out",
    "timeline",
    "check",
    "deny-warnings",
    "lints",
    "allow",
    "warn",
    "deny",
];

const LAYOUT: &str = "forge.toml takes `rules = \"FILE\"`, `[generate]` out and timeline, \
                      `[check]` deny-warnings and `[lints]` allow, warn and deny (see the \
                      README's \"forge.toml\")";

/// A TOML syntax or shape error, at its span.
fn toml_problem(id: FileId, text: &str, error: &toml::de::Error) -> Problem {
    let span = error.span().map_or(0..0, |r| widen(r, text.len()));
    let message = error.message().trim().to_string();
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next());
    let problem = match unknown {
        Some(key) => {
            let hint = if ["allow", "warn", "deny"].contains(&key) {
                "; lint levels go in a `[lints]` table".to_string()
            } else {
                did_you_mean(key, KEYS)
            };
            Problem::error(
                ConfigCode::UnknownKey,
                format!("unknown key `{key}` in {CONFIG}"),
            )
            .label(Span::new(id, span.start, span.end), "not a forge.toml key")
            .help(format!("{LAYOUT}{hint}"))
        }
        None => Problem::error(ConfigCode::Invalid, format!("invalid {CONFIG}: {message}"))
            .label(Span::new(id, span.start, span.end), message.clone())
            .help(LAYOUT),
    };
    problem
}

/// A span of at least one byte, within the file, for a label to point at.
fn widen(range: Range<usize>, len: usize) -> Range<usize> {
    let start = range.start.min(len);
    let end = range.end.clamp(start, len);
    if end > start || start == len {
        start..end
    } else {
        start..start + 1
    }
}

/// The `[lints]` table as levels, with a problem for each unknown code, code
/// that is not a warning, and code given two levels.
fn lints(id: FileId, section: &LintsSection, problems: &mut Vec<Problem>) -> Lints {
    let mut levels: BTreeMap<String, LintLevel> = BTreeMap::new();
    let mut first: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let lists = [
        (&section.allow, LintLevel::Allow),
        (&section.warn, LintLevel::Warn),
        (&section.deny, LintLevel::Deny),
    ];
    for (list, level) in lists {
        for name in list {
            let span = Span::new(id, name.span().start, name.span().end);
            if let Some(problem) = unknown_lint(name.get_ref(), span) {
                problems.push(problem);
            } else if let Some(earlier) = first.get(name.get_ref()) {
                problems.push(
                    Problem::error(
                        ConfigCode::LintConflict,
                        format!("`{}` is given two levels", name.get_ref()),
                    )
                    .label(span, "given again here")
                    .label(
                        Span::new(id, earlier.start, earlier.end),
                        "first given here",
                    )
                    .help("keep the code in one of allow, warn and deny"),
                );
            } else {
                first.insert(name.get_ref().clone(), name.span());
                levels.insert(name.get_ref().clone(), level);
            }
        }
    }
    Lints { levels }
}

/// A problem when `name` is neither a lint code nor a group of them.
fn unknown_lint(name: &str, span: Span) -> Option<Problem> {
    if LINTS.iter().any(|code| covers(name, *code)) {
        return None;
    }
    let lints: Vec<&str> = LINTS.iter().map(|code| code.as_str()).collect();
    let known = Code::named(name).is_some();
    let problem = if known {
        Problem::error(
            ConfigCode::NotALint,
            format!("`{name}` is an error, not a warning: it cannot be given a level"),
        )
        .label(span, "always an error")
        .help(format!("levels apply to warnings: {}", lints.join(", ")))
    } else {
        Problem::error(
            ConfigCode::UnknownLint,
            format!("no warning has the code `{name}`"),
        )
        .label(span, "not a warning code")
        .help(format!(
            "name a code such as {}, or a group such as {}{}",
            RulesCode::DeadRule,
            JournalCode::GROUP,
            did_you_mean(name, &lints)
        ))
    };
    Some(problem)
}

/// The line a warning turned error by `[lints] deny` ends its help with.
fn denied_note() -> String {
    format!("denied by {CONFIG} ([lints] deny)")
}

/// Whether `[lints] deny` made this problem an error (it fails a check
/// with exit 1, not as bad input).
pub(crate) fn is_denied(problem: &Problem) -> bool {
    problem.is_error()
        && problem
            .help
            .as_deref()
            .is_some_and(|h| h.ends_with(&denied_note()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lints(text: &str) -> Result<Lints, Vec<Code>> {
        let mut problems = Vec::new();
        let file: File = toml::from_str(text).expect("TOML");
        let lints = super::lints(FileId(0), &file.lints, &mut problems);
        if problems.is_empty() {
            Ok(lints)
        } else {
            Err(problems.iter().map(|p| p.code).collect())
        }
    }

    #[test]
    fn a_code_takes_its_own_level_over_its_group() {
        let lints = lints(&format!(
            "[lints]\nallow = [\"{}\"]\ndeny = [\"{}\"]\n",
            JournalCode::GROUP,
            JournalCode::NoVerify
        ))
        .unwrap();
        assert_eq!(lints.level(JournalCode::BadDate.into()), LintLevel::Allow);
        assert_eq!(lints.level(JournalCode::NoVerify.into()), LintLevel::Deny);
        assert_eq!(lints.level(RulesCode::DeadRule.into()), LintLevel::Warn);
    }

    #[test]
    fn a_group_covers_only_whole_path_segments() {
        let no_verify = JournalCode::NoVerify.into();
        assert!(covers(JournalCode::GROUP, no_verify));
        let cut = &JournalCode::GROUP[..JournalCode::GROUP.len() - 3];
        assert!(!covers(cut, no_verify), "{cut}");
    }

    #[test]
    fn errors_unknown_codes_and_two_levels_are_refused() {
        let misspelt = RulesCode::DeadRule.as_str().replace("dead", "ded");
        assert_eq!(
            lints(&format!(
                "[lints]\nallow = [\"{}\", \"{misspelt}\"]\n",
                RulesCode::Syntax
            )),
            Err(vec![
                ConfigCode::NotALint.into(),
                ConfigCode::UnknownLint.into()
            ])
        );
        assert_eq!(
            lints(&format!(
                "[lints]\nallow = [\"{0}\"]\nwarn = [\"{0}\"]\n",
                RulesCode::DeadRule
            )),
            Err(vec![ConfigCode::LintConflict.into()])
        );
    }

    #[test]
    fn allowed_warnings_are_dropped_and_denied_ones_become_errors() {
        let lints = lints(&format!(
            "[lints]\nallow = [\"{}\"]\ndeny = [\"{}\"]\n",
            RulesCode::DeadRule,
            JournalCode::NoVerify
        ))
        .unwrap();
        let problems = vec![
            Problem::warning(RulesCode::DeadRule, "dead"),
            Problem::warning(JournalCode::NoVerify, "no verify"),
            Problem::error(RulesCode::Syntax, "syntax"),
        ];
        assert_eq!(lints.count_shown(&problems), 2);
        let applied = lints.apply(problems);
        let levels: Vec<_> = applied.iter().map(|p| (p.code, p.level)).collect();
        assert_eq!(
            levels,
            vec![
                (JournalCode::NoVerify.into(), Level::Error),
                (RulesCode::Syntax.into(), Level::Error)
            ]
        );
    }

    #[test]
    fn the_search_stops_at_the_repository_root() {
        let temp = tempfile::tempdir().unwrap();
        let repo = temp.path().join("repo");
        let resource = repo.join("fleet/web-1");
        std::fs::create_dir_all(&resource).unwrap();
        std::fs::create_dir(repo.join(".git")).unwrap();
        std::fs::write(temp.path().join(CONFIG), "").unwrap();
        assert_eq!(find(&resource), None, "a forge.toml above the repository");
        std::fs::write(repo.join(CONFIG), "").unwrap();
        std::fs::write(repo.join("fleet").join(CONFIG), "").unwrap();
        let found = find(&resource).unwrap();
        assert_eq!(
            found.canonicalize().unwrap(),
            repo.join("fleet").join(CONFIG).canonicalize().unwrap()
        );
    }

    #[test]
    fn a_relative_folder_keeps_its_spelling_up_to_the_config() {
        let absolute = Path::new("/repo/examples/es-1");
        assert_eq!(
            shown(
                Path::new("examples/es-1"),
                absolute,
                Path::new("/repo/examples")
            ),
            PathBuf::from("examples")
        );
        assert_eq!(
            shown(Path::new("es-1"), absolute, Path::new("/repo")),
            PathBuf::from("/repo")
        );
        assert_eq!(
            shown(Path::new("./es-1"), absolute, Path::new("/repo/examples")),
            PathBuf::from("/repo/examples")
        );
    }
}
