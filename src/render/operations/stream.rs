//! The JSON of `forge operations --format json` from folded summaries,
//! written piece by piece on every core and never held whole (it is
//! ~700 MB for a million entries).
//!
//! The bytes are exactly what `serde_json::to_string_pretty` writes for
//! [`super::OperationsJson`] (two-space indent, `"key": value`, `[]` for an
//! empty list), plus a newline: the document's skeleton and its long lists
//! (entries and citations, ~5 million objects for a million entries) are
//! written here by hand, everything else by `serde_json` at depth 0 and then
//! indented. `tests/folding.rs` compares the two on every fixture and on
//! generated journals.

use std::io::{self, BufWriter, Write};

use rayon::prelude::*;

use super::pretty::{
    day, item_start, key, list_end, list_end_object, number, outcome, string, value,
};
use crate::aggregate::digest::{Digest, Record};
use crate::aggregate::fold::{CiteAt, CommandAt, Folded, Group, Rollback};

/// List items written per piece, and per task: tasks are written in
/// parallel.
const PIECE: usize = 2048;

/// Tasks written at once: bounds what is held (~a few tens of MB).
const WINDOW: usize = 64;

/// Writes the document for `resource` with these summaries; `text` is the
/// journal the digest points into.
pub fn write_json(
    out: &mut dyn Write,
    resource: &str,
    text: &str,
    digest: &Digest,
    folded: &[Folded],
) -> io::Result<()> {
    let at = At { text, digest };
    let mut head = Plan::default();
    head.raw(b"{\n  \"resource\": ");
    string(&mut head.buf, resource);
    head.raw(b",\n  \"operations\": ");
    let listed = head.open_list(folded.len());
    // Each operation is planned on its own, as an item of the list.
    let operations: Vec<Vec<Piece<'_>>> = folded
        .par_iter()
        .enumerate()
        .with_max_len(64)
        .map(|(i, op)| {
            let mut plan = Plan::default();
            item_start(&mut plan.buf, 2, i == 0);
            operation(&mut plan, at, op);
            plan.finish()
        })
        .collect();
    let mut tail = Plan::default();
    if listed {
        list_end(&mut tail.buf, 1);
    }
    tail.raw(b"\n}\n");
    let pieces: Vec<Piece<'_>> = head
        .finish()
        .into_iter()
        .chain(operations.into_iter().flatten())
        .chain(tail.finish())
        .collect();
    let tasks = tasks(&pieces);
    let mut out = BufWriter::with_capacity(1 << 16, out);
    for window in tasks.chunks(WINDOW) {
        // One task per job: tasks weigh about the same, and a window
        // left to rayon's halving ran mostly on one core.
        let written: Vec<Vec<u8>> = window
            .par_iter()
            .with_max_len(1)
            .map(|task| write_task(task, at))
            .collect();
        for bytes in written {
            out.write_all(&bytes)?;
        }
    }
    out.flush()
}

/// The pieces cut into runs of about [`PIECE`] list items each.
fn tasks<'p, 'a>(pieces: &'p [Piece<'a>]) -> Vec<&'p [Piece<'a>]> {
    let mut tasks = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for (i, piece) in pieces.iter().enumerate() {
        weight += piece.weight();
        if weight >= PIECE {
            tasks.push(&pieces[start..=i]);
            (start, weight) = (i + 1, 0);
        }
    }
    if start < pieces.len() {
        tasks.push(&pieces[start..]);
    }
    tasks
}

fn write_task(task: &[Piece<'_>], at: At<'_>) -> Vec<u8> {
    let mut buf = Vec::with_capacity(task.iter().map(Piece::size).sum());
    for piece in task {
        piece.write(&mut buf, at);
    }
    buf
}

/// What indices resolve against.
#[derive(Clone, Copy)]
struct At<'a> {
    text: &'a str,
    digest: &'a Digest,
}

impl<'a> At<'a> {
    fn record(self, i: usize) -> Option<&'a Record> {
        self.digest.records.get(i)
    }

    fn text(self, id: u32) -> &'a str {
        self.digest.texts.get(id)
    }
}

/// A part of the document, in order.
enum Piece<'a> {
    /// Already written.
    Raw(Vec<u8>),
    /// `items` of a list of entries at `level`; `first` when the list's
    /// first item is among them.
    Entries {
        items: &'a [usize],
        level: usize,
        first: bool,
    },
    /// Citations, as for entries.
    Cites {
        items: &'a [CiteAt],
        level: usize,
        first: bool,
    },
}

impl Piece<'_> {
    /// About as much work as writing one list item.
    fn weight(&self) -> usize {
        match self {
            Piece::Raw(bytes) => 1 + bytes.len() / 256,
            Piece::Entries { items, .. } => items.len(),
            Piece::Cites { items, .. } => items.len(),
        }
    }

    /// Bytes it writes, about: ~200 an entry with a 40-character title,
    /// ~150 a citation; growing a buffer by doubling would copy it again.
    fn size(&self) -> usize {
        match self {
            Piece::Raw(bytes) => bytes.len(),
            Piece::Entries { items, .. } => items.len() * 224,
            Piece::Cites { items, .. } => items.len() * 176,
        }
    }

    fn write(&self, buf: &mut Vec<u8>, at: At<'_>) {
        match self {
            Piece::Raw(bytes) => buf.extend_from_slice(bytes),
            Piece::Entries {
                items,
                level,
                first,
            } => {
                for (k, &i) in items.iter().enumerate() {
                    item_start(buf, *level, *first && k == 0);
                    entry(buf, at, i, *level);
                }
            }
            Piece::Cites {
                items,
                level,
                first,
            } => {
                for (k, &c) in items.iter().enumerate() {
                    item_start(buf, *level, *first && k == 0);
                    cite(buf, at, c, *level);
                }
            }
        }
    }
}

/// The document as pieces: the skeleton written as it is planned, long
/// lists left to be written in parallel.
#[derive(Default)]
struct Plan<'a> {
    pieces: Vec<Piece<'a>>,
    buf: Vec<u8>,
}

impl<'a> Plan<'a> {
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn cut(&mut self, piece: Piece<'a>) {
        if !self.buf.is_empty() {
            self.pieces.push(Piece::Raw(std::mem::take(&mut self.buf)));
        }
        self.pieces.push(piece);
    }

    fn finish(mut self) -> Vec<Piece<'a>> {
        self.cut(Piece::Raw(Vec::new()));
        self.pieces
    }

    /// Opens a list of `n` items: `[`, or the whole `[]` when there are
    /// none (then it returns false and takes no [`list_end`]).
    fn open_list(&mut self, n: usize) -> bool {
        self.raw(if n == 0 { b"[]" } else { b"[" });
        n > 0
    }

    /// A list whose opening `[` is on a line at `level`, its `n` items
    /// written by `item` one level deeper.
    fn list(&mut self, level: usize, n: usize, mut item: impl FnMut(&mut Self, usize)) {
        if !self.open_list(n) {
            return;
        }
        for i in 0..n {
            item_start(&mut self.buf, level + 1, i == 0);
            item(self, i);
        }
        list_end(&mut self.buf, level);
    }

    /// A long list of entries or citations, cut into pieces.
    fn long_list<T>(
        &mut self,
        level: usize,
        items: &'a [T],
        piece: impl Fn(&'a [T], usize, bool) -> Piece<'a>,
    ) {
        if !self.open_list(items.len()) {
            return;
        }
        for (k, chunk) in items.chunks(PIECE).enumerate() {
            self.cut(piece(chunk, level + 1, k == 0));
        }
        list_end(&mut self.buf, level);
    }

    /// `"key": ` on a new line at `level`, after a comma unless `first`.
    fn key(&mut self, level: usize, key: &str, first: bool) {
        item_start(&mut self.buf, level, first);
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }

    fn entries(&mut self, level: usize, items: &'a [usize]) {
        self.long_list(level, items, |items, level, first| Piece::Entries {
            items,
            level,
            first,
        });
    }

    fn cites(&mut self, level: usize, items: &'a [CiteAt]) {
        self.long_list(level, items, |items, level, first| Piece::Cites {
            items,
            level,
            first,
        });
    }
}

/// One summary, an item of the operations list (level 2).
fn operation<'a>(plan: &mut Plan<'a>, at: At<'a>, op: &'a Folded) {
    const L: usize = 3;
    plan.raw(b"{");
    plan.key(L, "id", true);
    string(&mut plan.buf, &op.id);
    plan.key(L, "name", false);
    string(&mut plan.buf, &op.name);
    plan.key(L, "signature", false);
    string(&mut plan.buf, &op.signature);
    plan.key(L, "count", false);
    number(&mut plan.buf, op.members.len());
    plan.key(L, "first", false);
    day(&mut plan.buf, op.first);
    plan.key(L, "last", false);
    day(&mut plan.buf, op.last);
    plan.key(L, "verified", false);
    plan.raw(if op.verified { b"true" } else { b"false" });
    plan.key(L, "entries", false);
    plan.entries(L, &op.members);
    plan.key(L, "why", false);
    plan.list(L, op.why.len(), |plan, i| {
        string(&mut plan.buf, at.text(op.why[i]));
    });
    plan.key(L, "verify", false);
    evidence(plan, at, &op.verify);
    plan.key(L, "rollback", false);
    rollbacks(plan, at, &op.rollback);
    plan.key(L, "commands", false);
    commands(plan, at, &op.commands);
    plan.key(L, "outcomes", false);
    value(&mut plan.buf, L, &op.outcomes);
    plan.key(L, "unverified_reason", false);
    value(&mut plan.buf, L, &op.unverified_reason);
    plan.key(L, "change", false);
    evidence(plan, at, &op.change);
    plan.key(L, "cadence", false);
    value(&mut plan.buf, L, &op.cadence);
    plan.key(L, "since_last", false);
    value(&mut plan.buf, L, &op.since_last);
    plan.key(L, "status", false);
    value(&mut plan.buf, L, &op.status);
    list_end_object(&mut plan.buf, L - 1);
}

/// `[Evidence]` as a field of a summary (level 3).
fn evidence<'a>(plan: &mut Plan<'a>, at: At<'a>, groups: &'a [Group]) {
    const L: usize = 5;
    plan.list(L - 2, groups.len(), |plan, i| {
        let group = &groups[i];
        plan.raw(b"{");
        plan.key(L, "text", true);
        string(&mut plan.buf, at.text(group.text));
        plan.key(L, "count", false);
        number(&mut plan.buf, group.seen.len());
        plan.key(L, "seen", false);
        plan.cites(L, &group.seen);
        list_end_object(&mut plan.buf, L - 1);
    });
}

/// `[RollbackPath]` as a field of a summary.
fn rollbacks<'a>(plan: &mut Plan<'a>, at: At<'a>, paths: &'a [Rollback]) {
    const L: usize = 5;
    plan.list(L - 2, paths.len(), |plan, i| {
        let path = &paths[i];
        plan.raw(b"{");
        plan.key(L, "text", true);
        string(&mut plan.buf, at.text(path.group.text));
        plan.key(L, "count", false);
        number(&mut plan.buf, path.group.seen.len());
        plan.key(L, "used", false);
        number(&mut plan.buf, path.used);
        plan.key(L, "seen", false);
        plan.cites(L, &path.group.seen);
        list_end_object(&mut plan.buf, L - 1);
    });
}

/// `[Command]` as a field of a summary.
fn commands<'a>(plan: &mut Plan<'a>, at: At<'a>, commands: &'a [CommandAt]) {
    const L: usize = 5;
    let code = &at.digest.code_texts;
    plan.list(L - 2, commands.len(), |plan, i| {
        let command = &commands[i];
        let record = at.record(command.entry);
        plan.raw(b"{");
        plan.key(L, "lang", true);
        string(&mut plan.buf, code.get(command.lang));
        plan.key(L, "text", false);
        string(&mut plan.buf, code.get(command.text));
        plan.key(L, "date", false);
        day(&mut plan.buf, record.and_then(|r| r.date));
        plan.key(L, "line", false);
        number(&mut plan.buf, record.map_or(0, |r| r.line));
        plan.key(L, "seen", false);
        plan.cites(L, &command.seen);
        list_end_object(&mut plan.buf, L - 1);
    });
}

/// An `EntryRef` object opened at `level - 1`'s item position, fields at
/// `level + 1`.
fn entry(buf: &mut Vec<u8>, at: At<'_>, i: usize, level: usize) {
    let record = at.record(i);
    let field = level + 1;
    buf.push(b'{');
    key(buf, field, "line", true);
    number(buf, record.map_or(0, |r| r.line));
    key(buf, field, "date", false);
    day(buf, record.and_then(|r| r.date));
    key(buf, field, "title", false);
    let title = record.and_then(|r| at.text.get(r.title.0..r.title.1));
    string(buf, title.unwrap_or(""));
    key(buf, field, "outcome", false);
    outcome(buf, record.and_then(|r| r.outcome));
    list_end_object(buf, level);
}

/// A `Cite` object, as [`entry`].
fn cite(buf: &mut Vec<u8>, at: At<'_>, (i, line): CiteAt, level: usize) {
    let record = at.record(i);
    let field = level + 1;
    buf.push(b'{');
    key(buf, field, "date", true);
    day(buf, record.and_then(|r| r.date));
    key(buf, field, "line", false);
    number(buf, line);
    key(buf, field, "entry", false);
    number(buf, record.map_or(0, |r| r.line));
    key(buf, field, "outcome", false);
    outcome(buf, record.and_then(|r| r.outcome));
    list_end_object(buf, level);
}
