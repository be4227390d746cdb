//! `forge steps`: procedures as JSON or YAML, one document shape for both,
//! described by `schema/steps.schema.json`.

use serde::Serialize;

use crate::aggregate::steps::Procedure;

/// The version of the document's shape; it changes only when a field is
/// renamed or removed.
pub(crate) const VERSION: u32 = 1;

/// The document of `forge steps`.
#[derive(Serialize)]
pub(crate) struct StepsDoc<'a> {
    pub(crate) version: u32,
    pub(crate) resource: &'a str,
    /// The file every evidence line points into.
    pub(crate) journal: &'a str,
    /// The newest date in the journal.
    pub(crate) newest: Option<&'a str>,
    pub(crate) operations: &'a [Procedure],
}

pub(crate) fn json(doc: &StepsDoc<'_>) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_default();
    text.push('\n');
    text
}

pub(crate) fn yaml(doc: &StepsDoc<'_>) -> String {
    serde_yaml::to_string(doc).unwrap_or_default()
}
