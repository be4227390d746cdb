//! Runbook Forge: a resource's verified change history → a runbook.
//!
//! The pipeline, one module per stage, plain data between them:
//! journal + inventory + rules → normalize → cluster → aggregate → render.

/// Aggregate: operations → summaries (why, verify, rollback, counts).
pub mod aggregate;
/// Checks that run the stages on the rules: lints against the journal
/// they group, and the rules' `test` blocks.
pub(crate) mod checks;
/// The command line run: options parsed, filled in from forge.toml, the
/// command's module called.
pub mod cli;
/// Cluster: signatures → operations, with every decision recorded.
pub mod cluster;
/// Every diagnostic code, declared once per area with its explanation.
pub mod codes;
/// One module per subcommand.
pub mod commands;
/// forge.toml: settings shared by every run on a resource.
pub(crate) mod config;
/// Diagnostics as plain data, rendered by miette.
pub mod error;
/// Grouping measured against the operators' labels: eval and tune.
pub(crate) mod eval;
/// Exit codes.
pub(crate) mod exit;
/// Reading input files: regular files only, within a size limit.
pub(crate) mod files;
/// INVENTORY.yaml → facts.
pub mod inventory;
/// JOURNAL.md → entries with spans.
pub mod journal;
/// Keep blocks: human prose in RUNBOOK.md that survives regeneration.
pub mod keep;
/// Normalize: entry × rules → signature + trace.
pub mod normalize;
/// The command line's options, declared with clap.
pub(crate) mod options;
/// Standard output that remembers why it failed.
pub(crate) mod output;
/// The stages run in order.
pub mod pipeline;
/// Renderers: runbook, operations, diagnostics.
pub mod render;
/// Loading a resource folder.
pub mod resource;
/// rules.forge: parse, check, the built-in defaults.
pub mod rules;
/// `--shard K/N`: deterministic slices of a ledger's resource folders.
pub(crate) mod shard;
/// The similarity metrics.
pub(crate) mod similarity;
/// Long source lines cut around the labels a diagnostic draws.
pub(crate) mod snippet;
/// Source files and spans.
pub mod source;
/// Text split into words, as rules and entries both are.
pub(crate) mod tokens;
/// Control characters shown as pictures.
pub(crate) mod visible;
/// One word: its stem, and whether another is a typo of it.
pub(crate) mod words;
/// Replacing a file safely: through links, keeping its mode, never over
/// a change made during the run.
pub mod write;

pub use cli::run;
