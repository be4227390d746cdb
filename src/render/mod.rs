//! Renderers: each turns stage output into text and computes nothing new.

pub mod ci;
pub mod diagnostics;
pub mod explain;
pub mod labels;
pub mod markdown;
pub mod operations;
pub mod reason;
pub mod runbook;
pub mod sarif;
mod status;
pub mod steps;
pub mod timeline;
