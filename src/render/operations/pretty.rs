//! JSON bytes as `serde_json::to_string_pretty` writes them (two-space
//! indent, `"key": value`), written one piece at a time by the stream of
//! [`super::stream`]: indentation, keys, list ends and the scalar values.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::journal::Outcome;

/// Before a list item or object field: a comma unless first, a newline,
/// the indentation.
pub(super) fn item_start(buf: &mut Vec<u8>, level: usize, first: bool) {
    if !first {
        buf.push(b',');
    }
    newline(buf, level);
}

pub(super) fn newline(buf: &mut Vec<u8>, level: usize) {
    buf.push(b'\n');
    buf.resize(buf.len() + 2 * level, b' ');
}

pub(super) fn key(buf: &mut Vec<u8>, level: usize, key: &str, first: bool) {
    item_start(buf, level, first);
    buf.push(b'"');
    buf.extend_from_slice(key.as_bytes());
    buf.extend_from_slice(b"\": ");
}

/// Closes a non-empty list whose `[` is on a line at `level`.
pub(super) fn list_end(buf: &mut Vec<u8>, level: usize) {
    newline(buf, level);
    buf.push(b']');
}

/// Closes a non-empty object whose `{` is on a line at `level`.
pub(super) fn list_end_object(buf: &mut Vec<u8>, level: usize) {
    newline(buf, level);
    buf.push(b'}');
}

/// A JSON string, escaped as `serde_json` escapes it.
pub(super) fn string(buf: &mut Vec<u8>, text: &str) {
    // Writing into a Vec cannot fail; a str always serializes.
    let _ = serde_json::to_writer(&mut *buf, text);
}

pub(super) fn number(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// A date as `Option<String>` serializes (`"YYYY-MM-DD"` or `null`).
pub(super) fn day(buf: &mut Vec<u8>, date: Option<NaiveDate>) {
    let Some(date) = date else {
        buf.extend_from_slice(b"null");
        return;
    };
    // chrono writes years 0 to 9999 as four digits, others its own way.
    let year = match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => year,
        _ => return string(buf, &date.to_string()),
    };
    let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
    let (m, d) = (date.month(), date.day());
    buf.extend_from_slice(&[
        b'"',
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
        b'"',
    ]);
}

pub(super) fn outcome(buf: &mut Vec<u8>, outcome: Option<Outcome>) {
    match outcome {
        Some(outcome) => string(buf, outcome.name()),
        None => buf.extend_from_slice(b"null"),
    }
}

/// Any other value, written by `serde_json` and indented to start on a line
/// at `level` (JSON strings hold no raw newline, so every newline is
/// `serde_json`'s own).
pub(super) fn value(buf: &mut Vec<u8>, level: usize, value: &impl Serialize) {
    let mut own = Vec::new();
    // Plain structs of strings and numbers serialize without failing.
    let _ = serde_json::to_writer_pretty(&mut own, value);
    for (i, line) in own.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            newline(buf, level);
        }
        buf.extend_from_slice(line);
    }
}
