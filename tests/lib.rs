//! Integration tests: all build into one binary (see Cargo.toml).

mod check;
mod ci;
mod cli;
mod clustering;
mod config;
mod eval;
mod examples;
mod explain;
mod fixtures;
mod fleet;
mod folding;
mod generate;
mod hard_rules;
mod hardening;
mod init;
mod operations;
mod orphans;
mod pipeline;
mod properties;
mod runbook;
mod scale;
mod schemas;
mod status;
mod steps;
mod support;
mod words;
