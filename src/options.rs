//! The command line's options, declared with clap: the commands, their
//! arguments and the formats they print. Plain data that the commands (and
//! eval and tune) read; the `cli` module above parses and runs them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::shard::Shard;

#[derive(Debug, Parser)]
#[command(
    name = "forge",
    version,
    about = "Turns a resource's verified change journal into a runbook",
    long_about = "Turns a resource's verified change journal (JOURNAL.md) and current facts \
                  (INVENTORY.yaml) into RUNBOOK.md: one section per operation that has really \
                  been performed, grouped by the rules in rules.forge.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Refuse a JOURNAL.md larger than BYTES (default 536870912, 512 MiB)
    #[arg(long, global = true, value_name = "BYTES")]
    pub(crate) max_journal_bytes: Option<u64>,
    /// Accept a JOURNAL.md whose unclosed code block hides entry headings
    /// (a warning instead of an error; the hidden entries are not read)
    #[arg(long, global = true)]
    pub(crate) allow_hidden_entries: bool,
    /// When to colour diagnostics: auto (on a terminal, unless `NO_COLOR` is
    /// set and not empty), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// Print results and errors only: no warning counts, no progress bar
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Say more: `generate --ledger` names each warning
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Examples and exit codes, after `forge --help`.
const EXAMPLES: &str = "\
Examples:
  forge init payments-db                               a new resource folder
  forge generate --resource examples/es-1              print its RUNBOOK.md
  forge generate --resource DIR --out DIR/RUNBOOK.md   write it; keep blocks survive
  forge generate --resource DIR --check                CI: exit 1 if RUNBOOK.md is stale
  forge check --resource DIR --format github           CI annotations for every problem
  forge generate --ledger fleet/ --shard 2/4           one of four slices of a ledger
  forge explain --resource DIR --entry L40             why an entry is where it is
  forge completions bash                               a completion script (also zsh, fish)
  forge man                                            the man page

Exit codes:
  0  success
  1  a check or test failed (stale runbook, --deny-warnings, failed test, --min-ga)
  2  bad input or usage (every bad input is a diagnostic with a code and a location)

Settings: forge.toml in the resource folder or a parent (see the README).";

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print or write RUNBOOK.md
    Generate(GenerateArgs),
    /// List the inferred operations with their counts, dates and entries
    Operations(OperationsArgs),
    /// Print each operation as ordered, evidence-backed steps for an agent
    Steps(StepsArgs),
    /// Validate rules, journal and inventory; every problem at once
    Check(CheckArgs),
    /// Run the `test` blocks of the rules
    Test(TestArgs),
    /// Explain which rules merged or split journal entries
    Explain(ExplainArgs),
    /// Show the built-in rules
    Rules(RulesArgs),
    /// Score the grouping against the operators' own labels
    Eval(EvalArgs),
    /// Sweep the similarity threshold (and metric) against the labels
    Tune(TuneArgs),
    /// Create a resource folder: JOURNAL.md, INVENTORY.yaml, rules.forge, forge.toml
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the man page (roff), of forge or of one subcommand
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create or fill (default: the current folder)
    #[arg(value_name = "DIR", default_value_os_t = PathBuf::from("."))]
    pub(crate) dir: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// A subcommand whose page to print (default: forge's own)
    #[arg(value_name = "COMMAND")]
    pub(crate) command: Option<String>,
}

/// Where the inputs are.
#[derive(Debug, Args)]
pub(crate) struct ResourceArgs {
    /// The resource folder: JOURNAL.md, optional INVENTORY.yaml and rules.forge
    #[arg(long, value_name = "DIR")]
    pub(crate) resource: PathBuf,
    /// Rules to use instead of DIR/rules.forge or the built-in defaults
    #[arg(long, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
}

/// Where `generate` reads: one resource, or (with `--ledger`) none.
#[derive(Debug, Clone, Args)]
pub(crate) struct GenerateInput {
    /// The resource folder: JOURNAL.md, optional INVENTORY.yaml and rules.forge
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "ledger",
        default_value_os_t = PathBuf::from("."),
        hide_default_value = true
    )]
    pub(crate) resource: PathBuf,
    /// Rules to use instead of DIR/rules.forge or the built-in defaults
    #[arg(long, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
    /// Use the built-in rules alone, ignoring DIR/rules.forge and the
    /// rules named in forge.toml
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct GenerateArgs {
    #[command(flatten)]
    pub(crate) input: GenerateInput,
    /// Generate every resource folder (a folder with a JOURNAL.md) under
    /// DIR, in parallel; a resource's rules.forge wins over DIR/rules.forge,
    /// which wins over the built-in rules
    #[arg(long, value_name = "DIR", conflicts_with_all = ["resource", "out"])]
    pub(crate) ledger: Option<PathBuf>,
    /// With --ledger: only the K-th of N deterministic slices of its folders
    #[arg(long, value_name = "K/N", requires = "ledger")]
    pub(crate) shard: Option<Shard>,
    /// Write the runbook to FILE (atomically) instead of printing it
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Exit 1 with a diff when the runbook on disk (--out, else
    /// DIR/RUNBOOK.md) differs from fresh output; write nothing
    #[arg(long)]
    pub(crate) check: bool,
    /// Leave the Mermaid timeline of operations out of the runbook
    #[arg(long, overrides_with = "timeline")]
    pub(crate) no_timeline: bool,
    /// Draw the Mermaid timeline even when forge.toml turns it off
    #[arg(long, overrides_with = "no_timeline")]
    pub(crate) timeline: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StepsArgs {
    #[command(flatten)]
    pub(crate) input: ResourceArgs,
    /// Use the built-in rules alone, ignoring DIR/rules.forge and the
    /// rules named in forge.toml
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
    /// Only this operation (its name or id, any case)
    #[arg(long, value_name = "NAME")]
    pub(crate) operation: Option<String>,
    #[arg(long, value_enum, default_value_t = StepsFormat::Json)]
    pub(crate) format: StepsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StepsFormat {
    Json,
    Yaml,
}

#[derive(Debug, Args)]
pub(crate) struct OperationsArgs {
    #[command(flatten)]
    pub(crate) input: ResourceArgs,
    /// Use the built-in rules alone, ignoring DIR/rules.forge and the
    /// rules named in forge.toml
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
    #[arg(long, value_enum, default_value_t = OperationsFormat::Table)]
    pub(crate) format: OperationsFormat,
}

/// What `forge operations` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OperationsFormat {
    /// A table of operations and their entries
    #[value(alias = "text")]
    Table,
    /// The stable JSON document
    Json,
    /// A labels file for `forge eval --labels`: each entry's operation
    Labels,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Text for people (`text` is accepted too)
    #[value(alias = "text")]
    Table,
    Json,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).multiple(true).args(["resource", "rules", "explain", "ledger", "defaults"])))]
pub(crate) struct CheckArgs {
    /// The resource folder to check (rules, journal and inventory)
    #[arg(long, value_name = "DIR")]
    pub(crate) resource: Option<PathBuf>,
    /// Rules to check instead of DIR/rules.forge (alone, without --resource)
    #[arg(long, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
    /// Use the built-in rules alone, ignoring DIR/rules.forge and the
    /// rules named in forge.toml (alone: check or test the built-in rules)
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
    /// Exit 1 when there are warnings
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Show every diagnostic (by default at most 20 of each code are drawn)
    #[arg(long)]
    pub(crate) all: bool,
    /// Explain a diagnostic code (e.g. `forge::rules::regex`) and how to fix it
    #[arg(long, value_name = "CODE", conflicts_with_all = ["resource", "rules"])]
    pub(crate) explain: Option<String>,
    /// Check every resource folder (a folder with a JOURNAL.md) under DIR
    #[arg(long, value_name = "DIR", conflicts_with_all = ["resource", "explain"])]
    pub(crate) ledger: Option<PathBuf>,
    /// With --ledger: only the K-th of N deterministic slices of its folders
    #[arg(long, value_name = "K/N", requires = "ledger")]
    pub(crate) shard: Option<Shard>,
    /// How to print diagnostics: text (stderr), or json, sarif or github
    /// workflow commands (stdout)
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
}

/// How `forge check` prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Drawn diagnostics on stderr
    Text,
    /// One JSON document on stdout
    Json,
    /// A SARIF 2.1.0 log on stdout, for code scanning
    Sarif,
    /// GitHub Actions workflow commands (`::warning file=…`) on stdout
    Github,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).multiple(true).args(["resource", "rules", "defaults"])))]
pub(crate) struct TestArgs {
    /// Run the tests of DIR/rules.forge (or of the defaults when it has none)
    #[arg(long, value_name = "DIR")]
    pub(crate) resource: Option<PathBuf>,
    /// Run the tests of this rules file
    #[arg(long, value_name = "FILE")]
    pub(crate) rules: Option<PathBuf>,
    /// Use the built-in rules alone, ignoring DIR/rules.forge and the
    /// rules named in forge.toml (alone: check or test the built-in rules)
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("selector").args(["entry", "operation", "pair", "text"])))]
pub(crate) struct ExplainArgs {
    #[command(flatten)]
    pub(crate) input: ResourceArgs,
    /// Use the built-in rules alone, ignoring DIR/rules.forge and the
    /// rules named in forge.toml
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
    /// One entry: its number (3), its heading's line (L23), or a date or
    /// title substring that picks one entry
    #[arg(long, value_name = "ENTRY")]
    pub(crate) entry: Option<String>,
    /// Every member of an operation (its name or id) and why it is there
    #[arg(long, value_name = "NAME")]
    pub(crate) operation: Option<String>,
    /// Whether two entries are in one operation, and why
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub(crate) pair: Option<Vec<String>>,
    /// A hypothetical entry placed after the journal: a title, or a whole
    /// entry starting with `## DATE — title`
    #[arg(long, value_name = "TEXT")]
    pub(crate) text: Option<String>,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub(crate) format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct RulesArgs {
    #[command(subcommand)]
    pub(crate) command: Option<RulesCommand>,
    /// Print the built-in rules (the older spelling of `forge rules
    /// print-default`)
    #[arg(long)]
    pub(crate) print_default: bool,
}

#[derive(Debug, Clone, Copy, Subcommand)]
pub(crate) enum RulesCommand {
    /// Print the built-in rules (`<built-in>/default.forge`)
    PrintDefault,
}

/// The inputs of `eval` and `tune`: a resource, its rules and its labels.
#[derive(Debug, Args)]
pub(crate) struct ScoringArgs {
    #[command(flatten)]
    pub(crate) input: ResourceArgs,
    /// Score the built-in rules alone, ignoring DIR/rules.forge
    #[arg(long, conflicts_with = "rules")]
    pub(crate) defaults: bool,
    /// Labels from FILE (lines: heading line, tab, label) instead of the
    /// entries' `- operation:` fields
    #[arg(long, value_name = "FILE")]
    pub(crate) labels: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    #[command(flatten)]
    pub(crate) scoring: ScoringArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Exit 1 when the grouping accuracy is below X (0..1)
    #[arg(long, value_name = "X", value_parser = unit_interval)]
    pub(crate) min_ga: Option<f64>,
    /// Also suggest rules that would raise the grouping accuracy, each
    /// checked by grouping the journal again with it added
    #[arg(long)]
    pub(crate) suggest: bool,
}

#[derive(Debug, Args)]
pub(crate) struct TuneArgs {
    #[command(flatten)]
    pub(crate) scoring: ScoringArgs,
    /// The metric to sweep (default: the rules' own), or `all`
    #[arg(long, value_name = "NAME", value_parser = [
        "token_jaccard", "token_dice", "positional", "jaro_winkler", "levenshtein", "all",
    ])]
    pub(crate) metric: Option<String>,
    /// Write the best threshold and metric into the rules file, changing
    /// nothing else in it
    #[arg(long, conflicts_with = "defaults")]
    pub(crate) write: bool,
}

/// A number from 0 to 1.
fn unit_interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, got `{text}`")),
    }
}
