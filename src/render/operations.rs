//! `forge operations`: a plain table or the stable JSON shape.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::aggregate::digest::{Digest, Record};
use crate::aggregate::fold::{CiteAt, CommandAt, Folded, Group, Rollback};
use crate::aggregate::Summary;
use crate::journal::Outcome;

/// The JSON document of `forge operations --format json`.
#[derive(Serialize)]
pub struct OperationsJson<'a> {
    pub resource: &'a str,
    pub operations: &'a [Summary],
}

pub fn json(resource: &str, summaries: &[Summary]) -> String {
    let doc = OperationsJson {
        resource,
        operations: summaries,
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// One block per operation: a summary line, then its entries.
pub fn table(summaries: &[Summary]) -> String {
    let name_width = summaries
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<name_width$}  {:>5}  {:<10}  {:<10}  VERIFIED  SIGNATURE",
        "OPERATION", "COUNT", "FIRST", "LAST"
    );
    for s in summaries {
        let _ = writeln!(
            out,
            "{:<name_width$}  {:>5}  {:<10}  {:<10}  {:<8}  {}",
            s.name,
            s.count,
            s.first.as_deref().unwrap_or("-"),
            s.last.as_deref().unwrap_or("-"),
            if s.verified { "yes" } else { "no" },
            s.signature,
        );
        for e in &s.entries {
            let _ = writeln!(
                out,
                "  L{:<5} {:<10}  {}  [{}]",
                e.line,
                e.date.as_deref().unwrap_or("undated"),
                e.title,
                e.outcome.unwrap_or("no outcome"),
            );
        }
    }
    out
}

/// Writes the JSON of `forge operations --format json` from folded
/// summaries as it is serialized, never holding the document (700 MB for
/// a million entries): the same bytes as [`json`] on the summaries of
/// [`crate::aggregate::summarize`]. `text` is the journal the digest
/// points into.
pub fn write_json(
    out: &mut dyn Write,
    resource: &str,
    text: &str,
    digest: &Digest,
    folded: &[Folded],
) -> std::io::Result<()> {
    let doc = FoldedJson {
        resource,
        operations: Operations {
            at: At { text, digest },
            folded,
        },
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The same document as [`OperationsJson`], built by index.
#[derive(Serialize)]
struct FoldedJson<'a> {
    resource: &'a str,
    operations: Operations<'a>,
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

    fn cite(self, (entry, line): CiteAt) -> CiteView {
        let record = self.record(entry);
        CiteView {
            date: Day(record.and_then(|r| r.date)),
            line,
            entry: record.map_or(0, |r| r.line),
            outcome: record.and_then(|r| r.outcome).map(Outcome::name),
        }
    }

    fn entry(self, i: usize) -> EntryView<'a> {
        let record = self.record(i);
        EntryView {
            line: record.map_or(0, |r| r.line),
            date: Day(record.and_then(|r| r.date)),
            title: record
                .and_then(|r| self.text.get(r.title.0..r.title.1))
                .unwrap_or(""),
            outcome: record.and_then(|r| r.outcome).map(Outcome::name),
        }
    }

    fn text(self, id: u32) -> &'a str {
        self.digest.texts.get(id)
    }
}

/// `aggregate::Cite`.
#[derive(Serialize)]
struct CiteView {
    date: Day,
    line: usize,
    entry: usize,
    outcome: Option<&'static str>,
}

/// `aggregate::EntryRef`.
#[derive(Serialize)]
struct EntryView<'a> {
    line: usize,
    date: Day,
    title: &'a str,
    outcome: Option<&'static str>,
}

/// A date as `Option<String>` would serialize it (`YYYY-MM-DD` or null),
/// without allocating.
struct Day(Option<NaiveDate>);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(date) = self.0 else {
            return serializer.serialize_none();
        };
        // chrono writes years 0 to 9999 as four digits; others its own way.
        let year = match u32::try_from(date.year()) {
            Ok(year) if year <= 9999 => year,
            _ => return serializer.collect_str(&date),
        };
        let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
        let (m, d) = (date.month(), date.day());
        let bytes = [
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
        ];
        serializer.serialize_str(std::str::from_utf8(&bytes).unwrap_or_default())
    }
}

/// Every operation, as `[aggregate::Summary]`.
struct Operations<'a> {
    at: At<'a>,
    folded: &'a [Folded],
}

impl Serialize for Operations<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.at;
        serializer.collect_seq(self.folded.iter().map(|op| OperationView { at, op }))
    }
}

/// `aggregate::Summary`, field for field.
struct OperationView<'a> {
    at: At<'a>,
    op: &'a Folded,
}

impl Serialize for OperationView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (at, op) = (self.at, self.op);
        let mut s = serializer.serialize_struct("Summary", 17)?;
        s.serialize_field("id", &op.id)?;
        s.serialize_field("name", &op.name)?;
        s.serialize_field("signature", &op.signature)?;
        s.serialize_field("count", &op.members.len())?;
        s.serialize_field("first", &Day(op.first))?;
        s.serialize_field("last", &Day(op.last))?;
        s.serialize_field("verified", &op.verified)?;
        s.serialize_field("entries", &List(at, &op.members))?;
        s.serialize_field("why", &List(at, &op.why))?;
        s.serialize_field("verify", &List(at, &op.verify))?;
        s.serialize_field("rollback", &List(at, &op.rollback))?;
        s.serialize_field("commands", &List(at, &op.commands))?;
        s.serialize_field("outcomes", &op.outcomes)?;
        s.serialize_field("unverified_reason", &op.unverified_reason)?;
        s.serialize_field("change", &List(at, &op.change))?;
        s.serialize_field("cadence", &op.cadence)?;
        s.serialize_field("since_last", &op.since_last)?;
        s.end()
    }
}

/// A list of indices, serialized as the values they stand for.
struct List<'a, T>(At<'a>, &'a [T]);

/// Entry indices → `[EntryRef]`.
impl Serialize for List<'_, usize> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.0;
        serializer.collect_seq(self.1.iter().map(|&i| at.entry(i)))
    }
}

/// Text ids → `[String]`.
impl Serialize for List<'_, u32> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.0;
        serializer.collect_seq(self.1.iter().map(|&id| at.text(id)))
    }
}

/// Citations → `[Cite]`.
impl Serialize for List<'_, CiteAt> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.0;
        serializer.collect_seq(self.1.iter().map(|&cite| at.cite(cite)))
    }
}

/// Groups → `[Evidence]`.
impl Serialize for List<'_, Group> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.0;
        serializer.collect_seq(self.1.iter().map(|g| EvidenceView {
            text: at.text(g.text),
            count: g.seen.len(),
            seen: List(at, &g.seen),
        }))
    }
}

/// `[RollbackPath]`.
impl Serialize for List<'_, Rollback> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.0;
        serializer.collect_seq(self.1.iter().map(|p| RollbackView {
            text: at.text(p.group.text),
            count: p.group.seen.len(),
            used: p.used,
            seen: List(at, &p.group.seen),
        }))
    }
}

/// `[Command]`.
impl Serialize for List<'_, CommandAt> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let at = self.0;
        let code = &at.digest.code_texts;
        serializer.collect_seq(self.1.iter().map(|c| {
            let record = at.record(c.entry);
            CommandView {
                lang: code.get(c.lang),
                text: code.get(c.text),
                date: Day(record.and_then(|r| r.date)),
                line: record.map_or(0, |r| r.line),
                seen: List(at, &c.seen),
            }
        }))
    }
}

/// `aggregate::Evidence`.
#[derive(Serialize)]
struct EvidenceView<'a> {
    text: &'a str,
    count: usize,
    seen: List<'a, CiteAt>,
}

/// `aggregate::RollbackPath`.
#[derive(Serialize)]
struct RollbackView<'a> {
    text: &'a str,
    count: usize,
    used: usize,
    seen: List<'a, CiteAt>,
}

/// `aggregate::Command`.
#[derive(Serialize)]
struct CommandView<'a> {
    lang: &'a str,
    text: &'a str,
    date: Day,
    line: usize,
    seen: List<'a, CiteAt>,
}
