//! Diagnostics as a SARIF 2.1.0 log, for code scanning (GitHub's
//! `upload-sarif`, GitLab, IDE viewers).
//!
//! Plain serde structs for the few SARIF objects forge fills in: the
//! serde-sarif crate would bring a generated model of the whole standard
//! and a build script for ~100 lines of output; a test validates this
//! output against the SARIF 2.1.0 JSON Schema instead.

use std::fmt::Write as _;

use serde::Serialize;

use super::ci::{is_file, Located, Location};
use crate::codes;
use crate::error::Level;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// Columns count characters, as forge's diagnostics do.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// The SARIF log of `diagnostics`, pretty-printed.
pub(crate) fn render(diagnostics: &[Located]) -> String {
    let mut rule_ids: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules = rule_ids.iter().map(|id| rule(id)).collect();
    let results = diagnostics
        .iter()
        .map(|d| result(d, rule_ids.binary_search(&d.code).unwrap_or(0)))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "forge",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn rule(id: &str) -> Rule<'_> {
    let long = codes::explain(id).unwrap_or(id);
    let short = long
        .split(". ")
        .next()
        .unwrap_or(long)
        .trim_end_matches('.');
    Rule {
        id,
        short_description: Text {
            text: format!("{short}."),
        },
        full_description: Text {
            text: long.to_string(),
        },
    }
}

fn result(diagnostic: &Located, rule_index: usize) -> SarifResult<'_> {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let related = diagnostic
        .labels
        .iter()
        .skip(1)
        .map(|l| (&l.location, l.text.as_str()))
        .chain(
            diagnostic
                .related
                .iter()
                .flat_map(|r| r.labels.iter().map(|l| (&l.location, l.text.as_str()))),
        );
    SarifResult {
        rule_id: diagnostic.code,
        rule_index,
        level: match diagnostic.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Advice => "note",
        },
        message: Text { text },
        locations: diagnostic
            .location
            .iter()
            .filter_map(|at| location(at, None, None))
            .collect(),
        related_locations: related
            .enumerate()
            .filter_map(|(i, (at, text))| location(at, Some(i + 1), Some(text)))
            .collect(),
    }
}

fn location(at: &Location, id: Option<usize>, text: Option<&str>) -> Option<SarifLocation> {
    if !is_file(&at.file) {
        return None;
    }
    Some(SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(&at.file) },
            region: Region {
                start_line: at.line,
                start_column: at.column,
                end_line: at.end_line,
                end_column: at.end_column,
            },
        },
        message: text.filter(|t| !t.is_empty()).map(|t| Text {
            text: t.to_string(),
        }),
    })
}

/// A file name as a URI reference: relative names stay relative (code
/// scanning resolves them against the repository), absolute ones become
/// `file://` URIs; characters a URI cannot hold are percent-encoded.
fn uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_percent_encode_what_a_uri_cannot_hold() {
        assert_eq!(
            uri("examples/es 1/JOURNAL.md"),
            "examples/es%201/JOURNAL.md"
        );
        assert_eq!(uri("/tmp/x/JOURNAL.md"), "file:///tmp/x/JOURNAL.md");
        assert_eq!(uri("é.md"), "%C3%A9.md");
    }
}
