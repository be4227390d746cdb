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
