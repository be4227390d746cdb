//! Renderers: each turns stage output into text and computes nothing new.

pub mod diagnostics;
pub mod markdown;
pub mod operations;
pub mod runbook;
