//! Data-driven cases: each folder under tests/fixtures/cases holds a
//! resource's files and a `case.toml` with the arguments and the expected
//! exit status; the combined output is a snapshot. Adding a case is adding
//! a folder.

use std::path::Path;

use crate::support::{root, Forge};

#[derive(serde::Deserialize)]
struct Case {
    args: Vec<String>,
    status: i32,
}

fn run_case(folder: &Path) -> String {
    let text = std::fs::read_to_string(folder.join("case.toml")).expect("case.toml");
    let case: Case = toml::from_str(&text).expect("a valid case.toml");
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let forge = Forge::new().copy_dir(folder);
    // case.toml itself must not look like part of the resource.
    let _ = std::fs::remove_file(forge.dir().join("case.toml"));
    let output = forge.args(&args).run();
    assert_eq!(
        output.status,
        case.status,
        "{}: unexpected exit status\n{}",
        folder.display(),
        output.combined()
    );
    output.combined()
}

#[test]
fn every_fixture_case_exits_as_expected_and_matches_its_snapshot() {
    let cases = root().join("tests/fixtures/cases");
    let mut folders: Vec<_> = std::fs::read_dir(&cases)
        .expect("tests/fixtures/cases")
        .map(|e| e.expect("case folder").path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    folders.sort();
    assert!(!folders.is_empty(), "no fixture cases found");
    for folder in folders {
        let name = folder
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let output = run_case(&folder);
        insta::with_settings!({
            snapshot_path => root().join("tests/snapshots/cases"),
            prepend_module_to_snapshot => false,
            description => format!("tests/fixtures/cases/{name}"),
        }, {
            insta::assert_snapshot!(name, output);
        });
    }
}
