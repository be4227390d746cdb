//! What the fixture folders cannot hold: special files, closed pipes,
//! full devices, symbolic links.

use std::process::{Command, Stdio};

use crate::support::root;

fn forge() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("forge"));
    command.env("NO_COLOR", "1").current_dir(root());
    command
}

#[test]
fn a_full_stdout_is_exit_2_with_a_diagnostic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let output = forge()
        .args(["generate", "--resource", "examples/es-1"])
        .stdout(Stdio::from(full))
        .output()
        .expect("run forge");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("forge::io::stdout"), "{stderr}");
}

#[test]
fn a_closed_pipe_is_quiet_and_exit_0() {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = forge()
        .args([
            "operations",
            "--resource",
            "examples/es-1",
            "--format",
            "json",
        ])
        .stdout(Stdio::from(writer))
        .output()
        .expect("run forge");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("forge::"), "{stderr}");
}

/// Runs `command`, killing it after 10 s: a hang fails the test instead
/// of blocking the suite.
fn output_within(mut command: Command) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run forge");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("forge did not finish within 10 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// A resource folder whose JOURNAL.md is made by `make` (given its path).
fn resource_with_journal(make: impl FnOnce(&std::path::Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    make(&dir.path().join("JOURNAL.md"));
    dir
}

fn assert_refused(dir: &std::path::Path, what: &str) {
    let mut command = forge();
    command.args(["generate", "--resource"]).arg(dir);
    let output = output_within(command);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("forge::io::not_a_file"), "{stderr}");
    assert!(stderr.contains(what), "{stderr}");
}

#[test]
fn a_named_pipe_as_journal_is_refused_without_blocking() {
    let dir = resource_with_journal(|path| {
        let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
        assert!(made.success());
    });
    assert_refused(dir.path(), "is a named pipe (FIFO), not a regular file");
}

#[test]
fn a_link_to_dev_zero_as_journal_is_refused_without_reading_it() {
    let dir = resource_with_journal(|path| {
        std::os::unix::fs::symlink("/dev/zero", path).expect("symlink");
    });
    assert_refused(dir.path(), "is a character device, not a regular file");
}
