//! Renderers: each turns stage output into text and computes nothing new.

pub(crate) mod ci;
pub mod diagnostics;
pub mod explain;
pub(crate) mod labels;
pub(crate) mod markdown;
pub mod operations;
pub(crate) mod reason;
pub(crate) mod runbook;
pub(crate) mod sarif;
mod status;
pub(crate) mod steps;
pub(crate) mod timeline;
