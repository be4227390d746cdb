//! Writes the JSON of `forge operations --format json`: serde serializes
//! the borrowed views of [`super::view`] straight into the output, through
//! [`Pretty`].
//!
//! The document is ~750 MB for a million entries: long lists are cut into
//! runs of items that serde serializes on every core, each into its own
//! buffer, while the rest is serialized in order ([`super::runs`]).

use std::io::{self, BufWriter, Write};

use serde::{Serialize, Serializer};
use serde_json::ser::Formatter;

use super::days::Days;
use super::view::{At, Document, Operations};
use crate::aggregate::digest::Digest;
use crate::aggregate::fold::Folded;

/// Writes the document for `resource` with these summaries; `text` is the
/// journal the digest points into.
pub fn write_json(
    out: &mut dyn Write,
    resource: &str,
    text: &str,
    digest: &Digest,
    folded: &[Folded],
) -> io::Result<()> {
    let doc = Document {
        resource,
        operations: Operations {
            at: At {
                text,
                digest,
                days: &Days::new(&digest.records),
            },
            folded,
        },
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::at(0));
    doc.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The bytes of `serde_json`'s `PrettyFormatter` with a two-space indent,
/// starting at any depth, so that a part of the document can be serialized
/// on its own. Its one addition: a byte string is JSON that was serialized
/// apart and is written as it is ([`Serialized`]); the document holds no
/// byte strings of its own.
#[derive(Clone, Copy)]
pub(super) struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// Inside `depth` nested lists and objects.
    pub(super) fn at(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// A newline and the indentation, after a comma unless `first`.
    fn newline<W: ?Sized + io::Write>(self, w: &mut W, first: bool) -> io::Result<()> {
        /// A comma, a newline and the indentation of any depth the
        /// document reaches (7) are one write, where `serde_json` writes
        /// each level apart.
        const BREAK: &[u8; 67] =
            b",\n                                                                 ";
        let start = usize::from(first);
        if let Some(bytes) = BREAK.get(start..2 + 2 * self.depth) {
            return w.write_all(bytes);
        }
        w.write_all(&BREAK[start..2])?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.newline(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.newline(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_array_value(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_byte_array<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        json: &[u8],
    ) -> io::Result<()> {
        w.write_all(json)
    }
}

/// JSON serialized apart with [`Pretty`], to be written in place.
pub(super) struct Serialized<'a>(pub(super) &'a [u8]);

impl Serialize for Serialized<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}
