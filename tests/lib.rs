//! Integration tests: all build into one binary (see Cargo.toml).

mod check;
mod ci;
mod cli;
mod config;
mod eval;
mod examples;
mod explain;
mod fixtures;
mod fleet;
mod folding;
mod generate;
mod hard_rules;
mod init;
mod operations;
mod pipeline;
mod runbook;
mod scale;
mod steps;
mod support;
