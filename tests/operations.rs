//! `forge operations`: the table and the stable JSON shape.

use crate::support::{root, Forge};

fn es1() -> String {
    root().join("examples/es-1").to_string_lossy().into_owned()
}

#[test]
fn the_table_lists_operations_with_their_entries() {
    let output = Forge::new()
        .args(&["operations", "--resource", &es1()])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn the_json_matches_its_snapshot() {
    let output = Forge::new()
        .args(&["operations", "--resource", &es1(), "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn the_json_has_the_documented_shape() {
    let output = Forge::new()
        .args(&["operations", "--resource", &es1(), "--format", "json"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("valid JSON");
    assert_eq!(json["resource"], "es-1");
    let heap = json["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .find(|op| op["name"] == "Change index heap")
        .expect("the heap operation");
    for key in ["id", "signature", "first", "last", "verified", "why"] {
        assert!(!heap[key].is_null(), "missing {key}");
    }
    assert_eq!(heap["id"], "change-index-heap");
    assert_eq!(heap["count"], 2);
    assert_eq!(heap["first"], "2026-02-03");
    assert_eq!(heap["last"], "2026-06-11");
    assert_eq!(heap["verified"], true);
    assert_eq!(heap["why"], serde_json::json!(["query latency under load"]));
    assert_eq!(heap["verify"][0]["text"], "cluster green within 4m");
    assert_eq!(heap["verify"][0]["count"], 2);
    assert_eq!(heap["rollback"][0]["count"], 1);
    let first = &heap["entries"][0];
    assert_eq!(first["date"], "2026-02-03");
    assert_eq!(first["title"], "Raised heap 8G→16G");
    assert_eq!(first["outcome"], "verified");
    let journal =
        std::fs::read_to_string(root().join("examples/es-1/JOURNAL.md")).expect("journal");
    let line = usize::try_from(first["line"].as_u64().expect("line")).expect("a line number");
    assert_eq!(
        journal.lines().nth(line - 1),
        Some("## 2026-02-03 — Raised heap 8G→16G"),
        "line must be the 1-based line of the heading"
    );
}
