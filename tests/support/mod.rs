//! A small builder for running the `forge` binary in tests.

use std::path::{Path, PathBuf};

/// The journal generator of the benchmarks, for tests on generated journals.
#[path = "../../examples/gen_journal.rs"]
#[allow(dead_code)]
pub(crate) mod gen_journal;

/// The repository root, for examples and fixtures.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example and test fixture journal that loads (fixtures of bad
/// input do not), with its folder shown as text; fails when fewer than
/// four load, so a broken loader cannot pass by checking nothing.
pub(crate) fn loadable_journals() -> Vec<(String, runbook_forge::resource::Resource)> {
    let mut folders = journal_folders(&root().join("examples"));
    folders.extend(journal_folders(&root().join("tests/fixtures/cases")));
    let loaded: Vec<_> = folders
        .iter()
        .filter_map(|dir| {
            let resource = runbook_forge::resource::load(dir, None).ok()?;
            Some((dir.display().to_string(), resource))
        })
        .collect();
    assert!(loaded.len() >= 4, "only {} journals loaded", loaded.len());
    loaded
}

/// Folders with a JOURNAL.md under `dir`, sorted.
pub(crate) fn journal_folders(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("JOURNAL.md").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// What a run of `forge` produced.
#[derive(Debug)]
pub(crate) struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// stdout, then stderr under a marker, for one snapshot of both.
    pub(crate) fn combined(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// A `forge` invocation, optionally in a temporary resource folder.
/// `{dir}` in arguments stands for that folder.
pub(crate) struct Forge {
    args: Vec<String>,
    /// Holds `resource/`, so the resource's name does not depend on the
    /// random name of the temporary folder.
    temp: tempfile::TempDir,
    dir: PathBuf,
}

impl Default for Forge {
    fn default() -> Self {
        Self::new()
    }
}

impl Forge {
    pub(crate) fn new() -> Self {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("resource");
        std::fs::create_dir(&dir).expect("create the resource folder");
        Forge {
            args: Vec::new(),
            temp,
            dir,
        }
    }

    /// Writes a file (relative to the temporary folder).
    pub(crate) fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture folder");
        }
        std::fs::write(path, contents).expect("write fixture file");
        self
    }

    /// Copies every file of a folder (e.g. an example) into the temporary one.
    pub(crate) fn copy_dir(self, from: &Path) -> Self {
        for entry in std::fs::read_dir(from).expect("read fixture folder") {
            let path = entry.expect("fixture entry").path();
            if path.is_file() {
                let name = path.file_name().expect("file name").to_owned();
                std::fs::copy(&path, self.dir.join(name)).expect("copy fixture");
            }
        }
        self
    }

    pub(crate) fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_string()));
        self
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn run(&self) -> Output {
        self.run_with(&[])
    }

    /// Runs with `more` arguments after the builder's, leaving the builder
    /// (and its folder) as it is for another run.
    pub(crate) fn run_with(&self, more: &[&str]) -> Output {
        let dir = self.dir.to_string_lossy().into_owned();
        let temp = self.temp.path().to_string_lossy().into_owned();
        let args: Vec<String> = self
            .args
            .iter()
            .map(String::as_str)
            .chain(more.iter().copied())
            .map(|a| a.replace("{dir}", &dir))
            .collect();
        let output = assert_cmd::Command::cargo_bin("forge")
            .expect("the forge binary")
            .args(&args)
            .env("NO_COLOR", "1")
            .env_remove("FORCE_COLOR")
            .current_dir(root())
            .output()
            .expect("run forge");
        Output {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout)
                .replace(&dir, "[DIR]")
                .replace(&temp, "[TEMP]"),
            stderr: String::from_utf8_lossy(&output.stderr)
                .replace(&dir, "[DIR]")
                .replace(&temp, "[TEMP]"),
        }
    }
}
