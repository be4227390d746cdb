//! What `eval` and `tune` read: the journal, the rules (the resource's, a
//! `--rules` file, or the built-in ones alone with `--defaults`) and the
//! labels (the entries' `- operation:` fields, or `--labels FILE`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Problem;
use crate::journal::Journal;
use crate::options::ScoringArgs;
use crate::resource::{self, JOURNAL};
use crate::rules::Rules;
use crate::source::{Sources, Span};

use super::labels::{self, Labels};

/// Loaded inputs, ready to cluster and score.
#[derive(Debug)]
pub(crate) struct Input {
    /// The resource folder's name.
    pub(crate) name: String,
    pub(crate) sources: Sources,
    pub(crate) rules: Rules,
    /// The rules file read (`None`: the built-in rules alone).
    pub(crate) rules_path: Option<PathBuf>,
    /// Its text, for `--suggest` to add rules to.
    pub(crate) rules_text: Option<Arc<String>>,
    pub(crate) journal: Journal,
    pub(crate) labels: Labels,
    /// How many warnings the journal has (shown as a one-line note).
    pub(crate) warnings: usize,
}

/// Why the inputs could not be loaded, with the sources problems point into.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) sources: Sources,
    pub(crate) problems: Vec<Problem>,
}

pub(crate) fn load(args: &ScoringArgs) -> Result<Input, Failure> {
    let dir = &args.input.resource;
    let mut sources = Sources::default();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        problems.push(resource::missing_folder(dir));
        return Err(Failure { sources, problems });
    }
    let rules_path = if args.defaults {
        None
    } else {
        resource::rules_path(dir, args.input.rules.as_deref())
    };
    let rules = resource::load_rules(&mut sources, rules_path.as_deref(), &mut problems);
    let journal = resource::load_journal(&mut sources, &dir.join(JOURNAL), &mut problems);
    let (Some(rules), Some(journal)) = (rules, journal) else {
        return Err(Failure { sources, problems });
    };
    if problems.iter().any(Problem::is_error) {
        return Err(Failure { sources, problems });
    }
    let labels = match load_labels(&mut sources, &journal, args.labels.as_deref()) {
        Ok(labels) => labels,
        Err(found) => {
            return Err(Failure {
                sources,
                problems: found,
            })
        }
    };
    let rules_text = rules_path
        .as_deref()
        .and_then(|path| sources.named(&resource::display(path)))
        .map(|file| file.text.clone());
    Ok(Input {
        name: resource::folder_name(dir),
        sources,
        rules,
        rules_path,
        rules_text,
        journal,
        labels,
        warnings: problems.len(),
    })
}

fn load_labels(
    sources: &mut Sources,
    journal: &Journal,
    path: Option<&Path>,
) -> Result<Labels, Vec<Problem>> {
    let labels = match path {
        None => labels::from_journal(&journal.entries)?,
        Some(path) => {
            let mut problems = Vec::new();
            let Some(text) = resource::read_text(sources, path, &mut problems) else {
                return Err(problems);
            };
            let file = sources.add(resource::display(path), text);
            let text = sources.get(file).text.clone();
            labels::from_tsv(file, &text, &journal.entries)?
        }
    };
    if labels.iter().all(Option::is_none) {
        let at = Span::new(journal.file, 0, 0);
        return Err(vec![labels::none_found(at, path.is_some())]);
    }
    Ok(labels)
}
