//! `forge steps`: procedures an agent can follow, valid against the
//! schema in the repository, every step with its evidence.

use serde_json::Value;

use crate::support::{root, Forge};

fn examples() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("example").path())
        .filter(|p| p.join("JOURNAL.md").is_file())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/steps.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn steps_json(forge: &Forge) -> Value {
    let output = forge.run();
    assert_eq!(output.status, 0, "{}", output.combined());
    serde_json::from_str(&output.stdout).expect("steps JSON")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

const HISTORY: &str = "\
## 2026-01-05 — resized disk to 200Gi
- change: grow the volume
  ```sh
  kubectl patch pvc data --patch-file grow.yaml
  ```
- verify: df shows the new size
- rollback: restore the volume snapshot
- outcome: rolled-back

## 2026-02-05 — resized disk to 300Gi
- change: grow the volume
  ```sh
  kubectl patch pvc data -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"300Gi\"}}}}'
  ```
- verify: df shows the new size
- verify: no pod restarts
- rollback: restore the volume snapshot
- outcome: verified
";

const INVENTORY: &str = "name: app\nstorage:\n  disk: 300Gi\n  class: gp3\n";

fn history() -> Forge {
    Forge::new()
        .file("JOURNAL.md", HISTORY)
        .file("INVENTORY.yaml", INVENTORY)
}

#[test]
fn the_steps_of_every_example_validate_against_the_schema() {
    let validator = validator();
    for dir in examples() {
        let doc = steps_json(&Forge::new().args(&["steps", "--resource", &dir]));
        assert_eq!(errors(&validator, &doc), Vec::<String>::new(), "{dir}");
        assert!(!doc["operations"].as_array().expect("operations").is_empty());
    }
}

#[test]
fn the_schema_rejects_a_step_without_evidence() {
    let validator = validator();
    let mut doc = steps_json(&history().args(&["steps", "--resource", "{dir}"]));
    assert!(validator.is_valid(&doc));
    doc["operations"][0]["steps"][0]
        .as_object_mut()
        .expect("a step")
        .remove("evidence");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn a_procedure_is_preconditions_then_changes_then_gates_then_rollbacks() {
    let doc = steps_json(&history().args(&["steps", "--resource", "{dir}"]));
    let steps = doc["operations"][0]["steps"].as_array().expect("steps");
    let kinds: Vec<&str> = steps
        .iter()
        .map(|s| s["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        ["precondition", "change", "gate", "gate", "rollback"]
    );
    let numbers: Vec<u64> = steps
        .iter()
        .map(|s| s["step"].as_u64().expect("n"))
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert_eq!(steps[0]["fact"], "storage.disk");
    assert_eq!(steps[0]["value"], "300Gi");
    assert_eq!(
        steps[0]["text"],
        "confirm storage.disk is 300Gi (INVENTORY.yaml)"
    );
}

#[test]
fn the_change_step_runs_the_canonical_command_and_lists_the_other_as_an_alternative() {
    let doc = steps_json(&history().args(&["steps", "--resource", "{dir}"]));
    let operation = &doc["operations"][0];
    // The most recent verified occurrence is the canonical one.
    assert_eq!(operation["canonical"]["date"], "2026-02-05");
    let change = &operation["steps"][1];
    assert_eq!(change["text"], "grow the volume");
    assert_eq!(change["count"], 2);
    let codes: Vec<&str> = change["commands"]
        .as_array()
        .expect("commands")
        .iter()
        .map(|c| c["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert!(codes[0].contains("300Gi"), "{codes:?}");
    let lines: Vec<u64> = change["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|c| c["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [2, 11]);
    let alternatives = operation["alternatives"].as_array().expect("alternatives");
    assert_eq!(alternatives.len(), 1);
    assert_eq!(alternatives[0]["last"], "2026-01-05");
    let code = alternatives[0]["commands"][0]["code"]
        .as_str()
        .expect("code");
    assert!(code.contains("grow.yaml"), "{code}");
}

/// One subnet created five times, each time another way of saying it,
/// another CIDR and another check.
const SUBNETS: &str = "\
## 2026-01-05 — created subnet payments
- change: add subnet payments 10.0.1.0/24
- verify: payments pods reach 10.0.1.1
- outcome: verified

## 2026-02-05 — created subnet search
- change: provision subnet search 10.0.2.0/24 via terraform
- verify: search pods reach 10.0.2.1
- outcome: verified

## 2026-03-05 — created subnet ledger
- change: terraform apply subnet ledger 10.0.3.0/24
- verify: ledger route table shows 10.0.3.0/24
- outcome: verified

## 2026-04-05 — created subnet batch
- change: create subnet 10.0.4.0/24
- verify: batch nodes get addresses in 10.0.4.0/24
- outcome: verified

## 2026-05-05 — created subnet audit
- change: create subnet 10.0.5.0/24
- verify: audit pods reach 10.0.5.1
- outcome: verified
";

const SUBNET_FACTS: &str = "name: vpc\nsubnets:\n  - name: payments\n    cidr: 10.0.1.0/24\n  \
    - name: search\n    cidr: 10.0.2.0/24\n  - name: ledger\n    cidr: 10.0.3.0/24\n  \
    - name: batch\n    cidr: 10.0.4.0/24\n  - name: audit\n    cidr: 10.0.5.0/24\n";

#[test]
fn five_variants_give_one_change_step_with_the_others_as_alternatives() {
    let doc = steps_json(
        &Forge::new()
            .file("JOURNAL.md", SUBNETS)
            .file("INVENTORY.yaml", SUBNET_FACTS)
            .file(
                "rules.forge",
                "extends default\nalways merge /subnet/ as \"Create subnet\"\n",
            )
            .args(&["steps", "--resource", "{dir}"]),
    );
    let operations = doc["operations"].as_array().expect("operations");
    assert_eq!(operations.len(), 1, "{doc:#}");
    let operation = &operations[0];
    assert_eq!(operation["count"], 5);
    let steps = operation["steps"].as_array().expect("steps");
    let of_kind =
        |kind: &str| -> Vec<&Value> { steps.iter().filter(|s| s["kind"] == kind).collect() };
    let changes = of_kind("change");
    assert_eq!(changes.len(), 1, "{doc:#}");
    assert_eq!(changes[0]["text"], "create subnet 10.0.5.0/24");
    assert_eq!(changes[0]["template"], "create subnet <ip>/<num>");
    assert_eq!(changes[0]["count"], 2);
    let ip = &changes[0]["parameters"][0];
    assert_eq!(ip["name"], "<ip>");
    assert_eq!(ip["value"], "10.0.5.0");
    assert_eq!(ip["seen"], serde_json::json!(["10.0.5.0", "10.0.4.0"]));
    // Only the facts this procedure names.
    let preconditions = of_kind("precondition");
    let facts: Vec<&str> = preconditions
        .iter()
        .map(|p| p["fact"].as_str().expect("fact"))
        .collect();
    assert_eq!(facts, ["subnets.4.name", "subnets.4.cidr"]);
    // Only the canonical occurrence's check, with how often it was seen.
    let gates = of_kind("gate");
    assert_eq!(gates.len(), 1);
    assert_eq!(gates[0]["signal"], "audit pods reach 10.0.5.1");
    assert_eq!(gates[0]["last_run"], true);
    // The other three ways of saying it are alternatives, most recent first.
    let alternatives = operation["alternatives"].as_array().expect("alternatives");
    let dates: Vec<&str> = alternatives
        .iter()
        .map(|a| a["last"].as_str().expect("date"))
        .collect();
    assert_eq!(dates, ["2026-03-05", "2026-02-05", "2026-01-05"]);
    assert_eq!(errors(&validator(), &doc), Vec::<String>::new());
}

#[test]
fn every_example_gives_one_change_step_per_change_of_its_canonical_occurrence() {
    for dir in examples() {
        let doc = steps_json(&Forge::new().args(&["steps", "--resource", &dir]));
        for operation in doc["operations"].as_array().expect("operations") {
            let canonical = &operation["canonical"]["line"];
            let changes: Vec<&Value> = operation["steps"]
                .as_array()
                .expect("steps")
                .iter()
                .filter(|s| s["kind"] == "change")
                .collect();
            let mut texts: Vec<&str> = changes
                .iter()
                .map(|s| s["text"].as_str().expect("text"))
                .collect();
            texts.dedup();
            assert_eq!(texts.len(), changes.len(), "{dir}: {operation:#}");
            for change in changes {
                let cites = change["evidence"].as_array().expect("evidence");
                assert!(
                    cites.iter().any(|c| &c["entry"] == canonical),
                    "{dir}: a change step not from the canonical occurrence: {change:#}"
                );
            }
        }
    }
}

#[test]
fn each_verify_signal_is_a_gate_with_how_often_it_was_seen() {
    let doc = steps_json(&history().args(&["steps", "--resource", "{dir}"]));
    let gate = &doc["operations"][0]["steps"][2];
    assert_eq!(gate["text"], "proceed only when: df shows the new size");
    assert_eq!(gate["seen"], 2);
    assert_eq!(gate["occurrences"], 2);
    assert_eq!(doc["operations"][0]["steps"][3]["seen"], 1);
}

#[test]
fn a_rollback_lists_the_occurrences_that_used_it() {
    let doc = steps_json(&history().args(&["steps", "--resource", "{dir}"]));
    let rollback = &doc["operations"][0]["steps"][4];
    assert_eq!(rollback["recorded"], 2);
    assert_eq!(rollback["used"], 1);
    assert_eq!(rollback["used_by"][0]["date"], "2026-01-05");
    assert_eq!(rollback["used_by"][0]["outcome"], "rolled-back");
}

#[test]
fn an_unverified_operation_carries_a_warning() {
    let doc = steps_json(
        &Forge::new()
            .file(
                "JOURNAL.md",
                "## 2026-01-01 — restarted app\n- outcome: inconclusive\n",
            )
            .args(&["steps", "--resource", "{dir}"]),
    );
    assert_eq!(doc["operations"][0]["verified"], false);
    assert_eq!(
        doc["operations"][0]["warning"],
        "unverified — add a check: no occurrence records a verify signal"
    );
}

#[test]
fn operation_selects_one_procedure_by_name_or_id() {
    let es1 = root().join("examples/es-1").to_string_lossy().into_owned();
    for wanted in ["change-index-heap", "Change Index Heap"] {
        let doc =
            steps_json(&Forge::new().args(&["steps", "--resource", &es1, "--operation", wanted]));
        let operations = doc["operations"].as_array().expect("operations");
        assert_eq!(operations.len(), 1);
        assert_eq!(operations[0]["id"], "change-index-heap");
    }
}

#[test]
fn an_unknown_operation_is_a_usage_error_with_a_suggestion() {
    let es1 = root().join("examples/es-1").to_string_lossy().into_owned();
    let output = Forge::new()
        .args(&[
            "steps",
            "--resource",
            &es1,
            "--operation",
            "change-index-heep",
        ])
        .run();
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("forge::usage::unknown_operation"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("did you mean `change-index-heap`?"),
        "{}",
        output.stderr
    );
    assert_eq!(output.stdout, "");
}

#[test]
fn yaml_output_holds_the_same_document_as_json() {
    let json = steps_json(&history().args(&["steps", "--resource", "{dir}"]));
    let output = history()
        .args(&["steps", "--resource", "{dir}", "--format", "yaml"])
        .run();
    assert_eq!(output.status, 0, "{}", output.combined());
    let yaml: Value = serde_yaml::from_str(&output.stdout).expect("YAML");
    assert_eq!(yaml, json);
}

#[test]
fn a_procedure_names_who_has_done_it_most_recent_first() {
    let journal = "\
## 2026-01-05 — restarted app
- outcome: verified
- verify: health green
- by: alice

## 2026-02-05 — restarted app
- outcome: verified
- verify: health green
- by: bob
";
    let doc = steps_json(&Forge::new().file("JOURNAL.md", journal).args(&[
        "steps",
        "--resource",
        "{dir}",
    ]));
    assert_eq!(
        doc["operations"][0]["people"],
        serde_json::json!([
            { "name": "bob", "count": 1, "last": "2026-02-05" },
            { "name": "alice", "count": 1, "last": "2026-01-05" }
        ])
    );
}
