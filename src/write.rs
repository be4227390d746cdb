//! Replacing a file safely: RUNBOOK.md (`generate`) and rules.forge
//! (`tune --write`).
//!
//! The new text goes to a temporary file beside the target, named
//! `.NAME.forge-tmp-PID-N` so that anyone can tell what it is; it is
//! flushed to disk and renamed over the target, so readers see the old
//! file or the new one, never half of one. Before that:
//!
//! - a symbolic link is followed: its target is replaced, the link stays;
//! - a target that is not a regular file (a device, a pipe, a folder) is
//!   refused, and so is a read-only one (no write permission for its
//!   owner, whoever runs forge);
//! - the new file gets the old file's permissions (a new file gets the
//!   usual ones, 0666 less the umask);
//! - temporary files left by runs that were killed are removed;
//! - the target must still hold what forge read from it at the start of
//!   the run: a note added meanwhile is never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::codes::IoCode;
use crate::error::Problem;
use crate::files;
use crate::resource;

/// Links followed before giving up (as the kernel does).
const MAX_LINKS: usize = 40;

/// What the target held when forge read it: `None` when there was no file.
pub(crate) type Expected<'a> = Option<&'a str>;

/// Whether the new file is flushed to disk before it is renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Durability {
    /// Flushed: a power cut leaves the old file or the new one.
    Flushed,
    /// Left to the kernel: a killed forge still leaves the old file or the
    /// new one, a power cut may leave an empty one. For `generate
    /// --ledger`, where a flush per resource (~3 ms on ext4) would cost
    /// more than generating 10,000 runbooks.
    Cached,
}

/// Writes `text` to `path` as described in the module documentation.
pub fn replace(path: &Path, text: &str, expected: Expected<'_>) -> Result<(), Problem> {
    replace_with(path, text, expected, Durability::Flushed)
}

/// [`replace`], flushing the new file to disk or not.
pub(crate) fn replace_with(
    path: &Path,
    text: &str,
    expected: Expected<'_>,
    durability: Durability,
) -> Result<(), Problem> {
    let name = resource::display(path);
    let target = resolve(path).map_err(|e| failed(&name, &e))?;
    let old = existing(&target, &name)?;
    let dir = parent(&target);
    let file_name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    remove_stale(&dir, &file_name);
    let (temp_path, mut temp) = create_temp(&dir, &file_name).map_err(|e| failed(&name, &e))?;
    let result = fill(&mut temp, text, old.as_ref(), durability)
        .map_err(|e| failed(&name, &e))
        .and_then(|()| unchanged(&target, &name, expected))
        .and_then(|()| fs::rename(&temp_path, &target).map_err(|e| failed(&name, &e)));
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    } else if durability == Durability::Flushed {
        flush_folder(&dir);
    }
    result
}

/// Flushes a folder, so that a rename in it reaches the disk.
fn flush_folder(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Fails early, before any work, when `path` could not be replaced: it is
/// not a regular file, or is read-only.
pub(crate) fn check_target(path: &Path) -> Result<(), Problem> {
    let name = resource::display(path);
    let target = resolve(path).map_err(|e| failed(&name, &e))?;
    existing(&target, &name).map(|_| ())
}

/// The path a chain of symbolic links ends at (which may not exist yet).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                path = parent(&path).join(link);
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// The folder a file is in (`.` for a bare name).
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The permissions of the file being replaced, `None` when there is none;
/// an error when it must not be replaced.
fn existing(target: &Path, name: &str) -> Result<Option<fs::Permissions>, Problem> {
    let Ok(meta) = fs::metadata(target) else {
        return Ok(None);
    };
    if let Err(files::ReadError::NotRegular(kind)) = files::regular(&meta) {
        return Err(Problem::error(
            IoCode::NotAFile,
            format!("{name} is {kind}, not a regular file; forge will not replace it"),
        )
        .help("write the runbook to a regular file (or a link to one), or remove what is there"));
    }
    if read_only(&meta) {
        return Err(Problem::error(
            IoCode::ReadOnly,
            format!("{name} is read-only; forge will not replace it"),
        )
        .help(format!(
            "make it writable (chmod u+w {name}) if it should be regenerated"
        )));
    }
    Ok(Some(meta.permissions()))
}

#[cfg(unix)]
fn read_only(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o200 == 0
}

#[cfg(not(unix))]
fn read_only(meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
}

/// The prefix of the temporary files made for `file_name`.
fn temp_prefix(file_name: &str) -> String {
    format!(".{file_name}.forge-tmp-")
}

/// A new temporary file beside the target, and its path.
fn create_temp(dir: &Path, file_name: &str) -> std::io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = temp_prefix(file_name);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{prefix}{}-{n}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Writes the text, gives the file the old permissions and flushes it to
/// disk when asked.
fn fill(
    file: &mut File,
    text: &str,
    old: Option<&fs::Permissions>,
    durability: Durability,
) -> std::io::Result<()> {
    file.write_all(text.as_bytes())?;
    if let Some(permissions) = old {
        file.set_permissions(permissions.clone())?;
    }
    match durability {
        Durability::Flushed => file.sync_all(),
        Durability::Cached => Ok(()),
    }
}

/// Fails when the target no longer holds what was read at the start.
fn unchanged(target: &Path, name: &str, expected: Expected<'_>) -> Result<(), Problem> {
    let now = match fs::symlink_metadata(target) {
        Err(_) => None,
        Ok(_) => files::read_regular(target, u64::MAX)
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    };
    if now.as_deref() == expected {
        return Ok(());
    }
    Err(Problem::error(
        IoCode::ChangedDuringRun,
        format!("{name} changed while forge was running; it was not replaced"),
    )
    .help("someone edited it (or another forge wrote it) after forge read its keep blocks; run the command again"))
}

/// Removes temporary files of `file_name` left in `dir` by runs that no
/// longer exist.
fn remove_stale(dir: &Path, file_name: &str) {
    let prefix = temp_prefix(file_name);
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if is_stale(rest, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A temporary file (`rest` is `PID-N`) is stale when its process is gone,
/// or, where processes cannot be looked up, when it is over an hour old.
fn is_stale(rest: &str, entry: &fs::DirEntry) -> bool {
    let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    if Path::new("/proc/self").exists() {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

fn failed(name: &str, error: &std::io::Error) -> Problem {
    Problem::error(IoCode::WriteFailed, format!("cannot write {name}: {error}"))
        .help("check that the folder exists and is writable")
}

/// Whether standard output is the file at `path` (same device and inode):
/// `forge generate > DIR/RUNBOOK.md` empties the runbook before forge reads
/// its keep blocks.
#[cfg(unix)]
pub(crate) fn stdout_is(path: &Path) -> bool {
    use std::os::fd::AsFd as _;
    use std::os::unix::fs::MetadataExt as _;
    let Ok(target) = fs::metadata(path) else {
        return false;
    };
    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
        return false;
    };
    let Ok(out) = File::from(fd).metadata() else {
        return false;
    };
    out.dev() == target.dev() && out.ino() == target.ino()
}

#[cfg(not(unix))]
pub(crate) fn stdout_is(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn a_link_is_written_through_and_kept() {
        let dir = tempfile::tempdir().expect("temp");
        let real = dir.path().join("real.md");
        let link = dir.path().join("RUNBOOK.md");
        fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink("real.md", &link).expect("link");
        replace(&link, "new", Some("old")).expect("written");
        assert!(fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).expect("read"), "new");
    }

    #[test]
    fn the_old_mode_is_kept_and_read_only_is_respected() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("RUNBOOK.md");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        replace(&path, "new", Some("old")).expect("written");
        assert_eq!(mode(&path), 0o640);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod");
        let error = replace(&path, "newer", Some("new")).expect_err("read-only");
        assert_eq!(error.code, IoCode::ReadOnly);
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_replaced() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("RUNBOOK.md");
        fs::write(&path, "edited").expect("write");
        let error = replace(&path, "new", Some("old")).expect_err("changed");
        assert_eq!(error.code, IoCode::ChangedDuringRun);
        let error = replace(&path, "new", None).expect_err("appeared");
        assert_eq!(error.code, IoCode::ChangedDuringRun);
        assert_eq!(fs::read_to_string(&path).expect("read"), "edited");
        let left: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
    }

    #[test]
    fn stale_temporary_files_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("RUNBOOK.md");
        // No process has a pid this large (the kernel's limit is 2^22).
        let stale = dir.path().join(".RUNBOOK.md.forge-tmp-4294967295-0");
        let live = dir
            .path()
            .join(format!(".RUNBOOK.md.forge-tmp-{}-999", std::process::id()));
        fs::write(&stale, "half").expect("write");
        fs::write(&live, "half").expect("write");
        replace(&path, "new", None).expect("written");
        assert!(!stale.exists());
        assert!(live.exists());
    }
}
