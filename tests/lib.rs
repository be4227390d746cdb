//! Integration tests: all build into one binary (see Cargo.toml).

mod examples;
mod fixtures;
mod generate;
mod operations;
mod support;
