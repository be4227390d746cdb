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
/// of blocking the suite. Output is read while it runs, so a large one
/// cannot fill the pipe and stall it.
fn output_within(mut command: Command) -> std::process::Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run forge");
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(child.wait_with_output());
    });
    if let Ok(output) = receive.recv_timeout(std::time::Duration::from_secs(10)) {
        return output.expect("output");
    }
    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    panic!("forge did not finish within 10 s");
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

const KEPT: &str =
    "<!-- forge:keep top -->\nCall the DBA before any restart.\n<!-- /forge:keep -->\n";

/// A copy of examples/es-1 in a temporary folder.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for name in ["JOURNAL.md", "INVENTORY.yaml"] {
        std::fs::copy(
            root().join("examples/es-1").join(name),
            dir.path().join(name),
        )
        .expect("copy the example");
    }
    dir
}

fn generate_out(dir: &std::path::Path, out: &std::path::Path) -> (Option<i32>, String) {
    let mut command = forge();
    command
        .args(["generate", "--resource"])
        .arg(dir)
        .arg("--out")
        .arg(out);
    let output = output_within(command);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn redirecting_stdout_onto_the_runbook_is_refused() {
    let dir = example();
    let runbook = dir.path().join("RUNBOOK.md");
    std::fs::write(&runbook, KEPT).expect("write");
    // `>>`: the shell does not empty the file, so the notes can be kept.
    let append = std::fs::OpenOptions::new()
        .append(true)
        .open(&runbook)
        .expect("open");
    let output = forge()
        .args(["generate", "--resource"])
        .arg(dir.path())
        .stdout(Stdio::from(append))
        .output()
        .expect("run forge");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("forge::io::stdout_is_runbook"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&runbook).expect("read"), KEPT);
}

#[test]
fn out_writes_through_a_link_keeping_the_mode_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = example();
    let real = dir.path().join("real.md");
    std::fs::write(&real, KEPT).expect("write");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let link = dir.path().join("RUNBOOK.md");
    std::os::unix::fs::symlink("real.md", &link).expect("link");
    let stale = dir.path().join(".real.md.forge-tmp-4294967295-7");
    std::fs::write(&stale, "half a runbook").expect("write");
    let (status, stderr) = generate_out(dir.path(), &link);
    assert_eq!(status, Some(0), "{stderr}");
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link is kept");
    let written = std::fs::read_to_string(&real).expect("read");
    assert!(written.contains("Call the DBA"), "{written}");
    assert!(written.starts_with("# "), "{written}");
    let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o644);
    assert!(!stale.exists(), "a killed run's temporary file is removed");
}

#[test]
fn out_refuses_a_read_only_runbook_and_a_named_pipe() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = example();
    let runbook = dir.path().join("RUNBOOK.md");
    std::fs::write(&runbook, KEPT).expect("write");
    std::fs::set_permissions(&runbook, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (status, stderr) = generate_out(dir.path(), &runbook);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("forge::io::read_only"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&runbook).expect("read"), KEPT);

    let pipe = dir.path().join("pipe.md");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    let (status, stderr) = generate_out(dir.path(), &pipe);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("forge::io::not_a_file"), "{stderr}");
    let meta = std::fs::symlink_metadata(&pipe).expect("still there");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
}

#[test]
fn a_runbook_edited_during_the_run_is_not_replaced() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let runbook = dir.path().join("RUNBOOK.md");
    // What forge read at the start, then a note added while it ran.
    let read = "# Runbook\n";
    let edited = format!("{read}\n{KEPT}");
    std::fs::write(&runbook, &edited).expect("write");
    let problem = runbook_forge::write::replace(&runbook, "# Fresh\n", Some(read))
        .expect_err("the edit is kept");
    assert_eq!(problem.code.as_str(), "forge::io::changed_during_run");
    assert_eq!(std::fs::read_to_string(&runbook).expect("read"), edited);
}

#[test]
fn fleet_mode_follows_no_link_out_of_the_ledger_and_skips_no_pipe() {
    let outside = tempfile::tempdir().expect("a temporary folder");
    let secret = outside.path().join("secret.forge");
    std::fs::write(&secret, "SECRET-TOKEN-1234 is not a rule\n").expect("write");
    let ledger = tempfile::tempdir().expect("a temporary folder");
    let journal = std::fs::read_to_string(root().join("examples/es-1/JOURNAL.md")).expect("read");
    for name in ["a", "b", "c"] {
        std::fs::create_dir(ledger.path().join(name)).expect("mkdir");
    }
    std::fs::write(ledger.path().join("a/JOURNAL.md"), &journal).expect("write");
    std::fs::write(ledger.path().join("b/JOURNAL.md"), &journal).expect("write");
    std::os::unix::fs::symlink(&secret, ledger.path().join("b/rules.forge")).expect("link");
    let made = Command::new("mkfifo")
        .arg(ledger.path().join("c/JOURNAL.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let mut command = forge();
    command.args(["generate", "--ledger"]).arg(ledger.path());
    let output = output_within(command);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("forge::io::outside_ledger"), "{stderr}");
    assert!(!stderr.contains("SECRET-TOKEN"), "{stderr}");
    assert!(stderr.contains("forge::io::not_a_file"), "{stderr}");
    assert!(stdout.contains("3 resources"), "{stdout}");
    assert!(stdout.contains("2 failures"), "{stdout}");
    assert!(ledger.path().join("a/RUNBOOK.md").is_file());
}

#[test]
fn explaining_an_entry_with_a_huge_title_stays_small() {
    let words = [
        "raised", "heap", "16g", "restart", "node", "es-1", "v8.1.2", "42ms",
    ];
    let title: Vec<&str> = (0..8000)
        .map(|i| words[(i * 7 + i / 3) % words.len()])
        .collect();
    let journal = format!(
        "# J\n\n## 2026-01-01 — {}\n- verify: ok\n\n## 2026-01-02 — raised heap\n- verify: ok\n",
        title.join(" ")
    );
    let dir = resource_with_journal(|path| std::fs::write(path, &journal).expect("write"));
    let mut command = forge();
    command
        .args(["explain", "--entry", "1", "--resource"])
        .arg(dir.path());
    let output = output_within(command);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    // 175 MB before labels were capped: each drew a row as wide as the line.
    assert!(stdout.len() < 1_000_000, "{} bytes", stdout.len());
    assert!(stdout.contains("more places are not shown"));
}

#[test]
fn a_killed_generate_leaves_the_old_runbook_whole_and_the_next_run_cleans_up() {
    let dir = example();
    let runbook = dir.path().join("RUNBOOK.md");
    let (status, stderr) = generate_out(dir.path(), &runbook);
    assert_eq!(status, Some(0), "{stderr}");
    let whole = std::fs::read(&runbook).expect("read");
    // Kills spread over the run: loading, clustering, writing, renaming.
    for delay_ms in (0..12).map(|i| i * 15) {
        let mut child = forge()
            .args(["generate", "--resource"])
            .arg(dir.path())
            .arg("--out")
            .arg(&runbook)
            .stderr(Stdio::null())
            .spawn()
            .expect("run forge");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&runbook).expect("the runbook is still there");
        assert!(
            now == whole,
            "a kill after {delay_ms} ms left a different runbook"
        );
    }
    let (status, stderr) = generate_out(dir.path(), &runbook);
    assert_eq!(status, Some(0), "{stderr}");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        // Temporary files are hidden (`.RUNBOOK.md.forge-tmp-…`; `.tmpXXXXXX` before).
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
