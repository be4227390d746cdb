//! `forge explain`: the decision trace recorded by normalize and cluster,
//! resolved ([`build`]) into views ([`model`]) and rendered as diagnostics
//! ([`text`]) or JSON. Nothing here scores or matches anything again.

pub(crate) mod build;
pub(crate) mod labels;
pub mod model;
pub(crate) mod operation;
pub(crate) mod pair;
pub(crate) mod text;

use serde::Serialize;

use crate::error::Problem;

pub use build::Context;
use model::{EntryView, OperationView, PairView, Settings};
use operation::Detail;

/// What is explained.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// One journal entry.
    Entry(Box<EntryView>),
    /// The hypothetical entry of `--text`, placed after the journal.
    Text(Box<EntryView>),
    /// One operation, every member listed.
    Operation(Box<OperationView>),
    /// Every operation, in order of first appearance.
    Operations(Vec<OperationView>),
    Pair(Box<PairView>),
}

/// The JSON document of `forge explain --format json`.
#[derive(Debug, Serialize)]
pub(crate) struct Document<'a> {
    pub(crate) resource: &'a str,
    pub(crate) settings: Settings,
    #[serde(flatten)]
    pub(crate) body: &'a Body,
}

pub(crate) fn json(resource: &str, settings: Settings, body: &Body) -> String {
    let doc = Document {
        resource,
        settings,
        body,
    };
    // Plain structs of strings and numbers always serialize.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The diagnostics that explain `body`, in reading order.
pub fn problems(body: &Body, settings: &Settings) -> Vec<Problem> {
    match body {
        Body::Entry(view) => vec![text::entry(view, settings, false)],
        Body::Text(view) => vec![text::entry(view, settings, true)],
        Body::Operation(view) => vec![operation::operation(view, Detail::Full)],
        Body::Operations(views) => views
            .iter()
            .map(|v| operation::operation(v, Detail::Compact))
            .collect(),
        Body::Pair(view) => vec![pair::pair(view, settings)],
    }
}
