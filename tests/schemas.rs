//! The JSON of `forge operations`, `forge explain` and `forge eval` is
//! valid against the schemas in `schema/`, for every example.

use serde_json::{json, Value};

use crate::support::{root, Forge};

fn examples() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("example").path())
        .filter(|p| p.join("JOURNAL.md").is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            format!("examples/{name}")
        })
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "only {} examples", dirs.len());
    dirs
}

fn validator(name: &str) -> jsonschema::Validator {
    let path = root().join("schema").join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(path).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn json_of(args: &[&str]) -> Value {
    let output = Forge::new().args(args).run();
    assert_eq!(output.status, 0, "{args:?}: {}", output.combined());
    serde_json::from_str(&output.stdout).expect("JSON")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

fn operations(example: &str) -> Value {
    json_of(&["operations", "--resource", example, "--format", "json"])
}

#[test]
fn operations_json_of_every_example_validates_against_its_schema() {
    let validator = validator("operations");
    let mut checked = 0;
    for example in examples() {
        let doc = operations(&example);
        assert_valid(&validator, &doc, &example);
        checked += doc["operations"].as_array().map_or(0, Vec::len);
    }
    assert!(checked > 100, "only {checked} operations checked");

    let mut doc = operations("examples/es-1");
    assert!(validator.is_valid(&doc));
    doc["operations"][0]
        .as_object_mut()
        .expect("operation")
        .remove("status");
    assert!(!validator.is_valid(&doc), "status is required");
    let mut doc = operations("examples/es-1");
    doc["operations"][0]["entries"][0]["outcome"] = json!("done");
    assert!(!validator.is_valid(&doc), "an unknown outcome");
    let mut doc = operations("examples/es-1");
    doc["extra"] = json!(1);
    assert!(!validator.is_valid(&doc), "the document is closed");
}

#[test]
fn explain_json_of_every_example_validates_in_every_mode() {
    let validator = validator("explain");
    let mut checked = 0;
    for example in examples() {
        let ops = operations(&example);
        let ops = ops["operations"].as_array().expect("operations");
        let entries: usize = ops
            .iter()
            .map(|op| op["count"].as_u64().expect("count"))
            .sum::<u64>()
            .try_into()
            .expect("entries");
        let last = entries.to_string();
        let middle = (entries / 2).max(1).to_string();
        let first_op = ops[0]["id"].as_str().expect("id");
        let largest = ops
            .iter()
            .max_by_key(|op| op["count"].as_u64())
            .and_then(|op| op["id"].as_str())
            .expect("an operation");
        let base = [
            "explain",
            "--resource",
            example.as_str(),
            "--format",
            "json",
        ];
        let modes: Vec<(&str, Vec<&str>)> = vec![
            ("operations", vec![]),
            ("entry", vec!["--entry", "1"]),
            ("entry", vec!["--entry", &middle]),
            ("entry", vec!["--entry", &last]),
            ("operation", vec!["--operation", first_op]),
            ("operation", vec!["--operation", largest]),
            ("pair", vec!["--pair", "1", "2"]),
            ("pair", vec!["--pair", "1", &last]),
            ("pair", vec!["--pair", &middle, &last]),
            (
                "text",
                vec!["--text", "restarted the service after raising memory 4G→8G"],
            ),
            ("text", vec!["--text", "rotated tls certificate"]),
        ];
        for (key, more) in modes {
            if more.len() == 3 && more[1] == more[2] {
                continue;
            }
            let args: Vec<&str> = base.iter().copied().chain(more.iter().copied()).collect();
            let doc = json_of(&args);
            assert!(doc.get(key).is_some(), "{args:?} has no {key}");
            assert_valid(&validator, &doc, &format!("{args:?}"));
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} explanations checked");

    let doc = json_of(&[
        "explain",
        "--resource",
        "examples/es-1",
        "--entry",
        "1",
        "--format",
        "json",
    ]);
    let mut without_entry = doc.clone();
    without_entry.as_object_mut().expect("doc").remove("entry");
    assert!(!validator.is_valid(&without_entry), "a body is required");
    let mut two_bodies = doc.clone();
    two_bodies["text"] = doc["entry"].clone();
    assert!(!validator.is_valid(&two_bodies), "one body only");
    let mut unknown_decision = doc;
    unknown_decision["entry"]["decision"] = json!({ "kind": "guessed" });
    assert!(!validator.is_valid(&unknown_decision));
}

#[test]
fn eval_json_of_every_example_validates_with_and_without_defaults() {
    let validator = validator("eval");
    let mut wrong = 0;
    for example in examples() {
        for defaults in [false, true] {
            let mut args = vec!["eval", "--resource", example.as_str(), "--format", "json"];
            if defaults {
                args.push("--defaults");
            }
            let doc = json_of(&args);
            assert_valid(&validator, &doc, &format!("{args:?}"));
            assert!(doc.get("suggestions").is_none(), "{args:?}");
            wrong += doc["wrong_merges"].as_array().map_or(0, Vec::len)
                + doc["wrong_splits"].as_array().map_or(0, Vec::len);
        }
    }
    assert!(wrong > 20, "only {wrong} wrong merges and splits checked");

    let args = [
        "eval",
        "--resource",
        "examples/dns-corp",
        "--suggest",
        "--format",
        "json",
    ];
    let doc = json_of(&args);
    assert!(doc["suggestions"].as_array().is_some_and(|s| !s.is_empty()));
    assert_valid(&validator, &doc, &format!("{args:?}"));

    let mut bad = doc.clone();
    bad["ga"] = json!(1.5);
    assert!(!validator.is_valid(&bad), "ga is at most 1");
    let mut bad = doc;
    bad.as_object_mut().expect("doc").remove("wrong_splits");
    assert!(!validator.is_valid(&bad), "wrong_splits is required");
}
