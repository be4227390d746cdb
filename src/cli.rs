//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "forge",
    version,
    about = "Turns a resource's verified change journal into a runbook",
    long_about = "Turns a resource's verified change journal (JOURNAL.md) and current facts \
                  (INVENTORY.yaml) into RUNBOOK.md: one section per operation that has really \
                  been performed, grouped by the rules in rules.forge."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print or write RUNBOOK.md
    Generate(GenerateArgs),
    /// List the inferred operations with their counts, dates and entries
    Operations(OperationsArgs),
}

/// Where the inputs are.
#[derive(Debug, Args)]
pub struct ResourceArgs {
    /// The resource folder: JOURNAL.md, optional INVENTORY.yaml and rules.forge
    #[arg(long, value_name = "DIR")]
    pub resource: PathBuf,
    /// Rules to use instead of DIR/rules.forge or the built-in defaults
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub input: ResourceArgs,
    /// Write the runbook to FILE (atomically) instead of printing it
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 1 with a diff when the runbook on disk (--out, else
    /// DIR/RUNBOOK.md) differs from fresh output; write nothing
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct OperationsArgs {
    #[command(flatten)]
    pub input: ResourceArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}
