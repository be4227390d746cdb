//! Fleet mode stays inside the ledger: a resource's file that is a
//! symbolic link to somewhere outside the ledger folder is neither read
//! (its content would be printed in a diagnostic snippet) nor written
//! through (a RUNBOOK.md link would replace a file elsewhere).

use std::fs;
use std::path::{Path, PathBuf};

use super::{resource, RUNBOOK};
use crate::codes::IoCode;
use crate::error::Problem;

/// The files of a resource that fleet mode reads or writes.
const FILES: [&str; 4] = [
    resource::JOURNAL,
    resource::INVENTORY,
    resource::RULES,
    RUNBOOK,
];

/// The ledger folder, resolved, that every file must stay in.
pub(super) struct Ledger {
    root: PathBuf,
}

impl Ledger {
    pub(super) fn new(root: &Path) -> Ledger {
        Ledger {
            root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// A problem for the first file of the resource in `dir` (or its
    /// rules, at `rules` unless given with `--rules`) that links outside
    /// the ledger.
    pub(super) fn escape(&self, dir: &Path, rules: Option<&Path>) -> Option<Problem> {
        FILES
            .iter()
            .map(|name| dir.join(name))
            .chain(rules.map(Path::to_path_buf))
            .find_map(|path| self.outside(&path))
    }

    fn outside(&self, path: &Path) -> Option<Problem> {
        let meta = fs::symlink_metadata(path).ok()?;
        if !meta.file_type().is_symlink() {
            return None;
        }
        let target = resolved(path);
        if target.starts_with(&self.root) {
            return None;
        }
        Some(
            Problem::error(
                IoCode::OutsideLedger,
                format!(
                    "{} links to {}, outside the ledger {}; it was not followed",
                    resource::display(path),
                    resource::display(&target),
                    resource::display(&self.root)
                ),
            )
            .help("in fleet mode forge reads and writes only inside the ledger: put the file itself in the resource folder, or generate this resource alone with `forge generate --resource DIR`"),
        )
    }
}

/// Where a link ends: resolved in full when its target exists, else its
/// folder resolved and its name kept.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(target) = fs::canonicalize(path) {
        return target;
    }
    let Ok(link) = fs::read_link(path) else {
        return path.to_path_buf();
    };
    let joined = path.parent().unwrap_or(Path::new(".")).join(link);
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(joined.clone()),
        _ => joined,
    }
}
