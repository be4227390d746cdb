//! How large an inventory is once its YAML aliases are expanded.
//!
//! `serde_yaml` refuses alias bombs that nest, but a few kilobytes of
//! anchors, each used many times, still expand to gigabytes of facts. The
//! document is walked once without building anything, counting nodes and
//! scalar bytes as aliases expand, and refused past the budget, before it
//! is read for real.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Nodes (scalars, lists, mappings) an inventory may expand to.
pub(super) const MAX_NODES: u64 = 100_000;

/// Bytes of scalar text an inventory may expand to (twice its size limit).
pub(super) const MAX_TEXT_BYTES: u64 = 16 << 20;

/// Whether `text` expands past the budget; `false` when it is within it
/// or is not valid YAML (the real parse reports that, located).
pub(super) fn too_large(text: &str) -> bool {
    let budget = Budget {
        nodes: Cell::new(0),
        bytes: Cell::new(0),
    };
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Count(&budget)).deserialize(deserializer) {
        Ok(()) => false,
        Err(_) => budget.exceeded(),
    }
}

struct Budget {
    nodes: Cell<u64>,
    bytes: Cell<u64>,
}

impl Budget {
    fn exceeded(&self) -> bool {
        self.nodes.get() > MAX_NODES || self.bytes.get() > MAX_TEXT_BYTES
    }

    fn add<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        self.nodes.set(self.nodes.get() + 1);
        self.bytes.set(self.bytes.get() + bytes as u64);
        if self.exceeded() {
            Err(E::custom("the expanded inventory is too large"))
        } else {
            Ok(())
        }
    }
}

/// Counts one node and everything under it.
#[derive(Clone, Copy)]
struct Count<'a>(&'a Budget);

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Count<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.0.add(5)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.0.add(20)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.0.add(20)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.0.add(24)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.0.add(text.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.add(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.add(0)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        self.0.add(0)?;
        while items.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<(), A::Error> {
        self.0.add(0)?;
        while entries.next_key_seed(self)?.is_some() {
            entries.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<(), A::Error> {
        use de::VariantAccess as _;
        let ((), value) = tagged.variant_seed(self)?;
        value.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_inventory_is_within_the_budget() {
        assert!(!too_large(
            "name: es-1\nnodes: [a, b, c]\nbase: &b {x: 1}\nother: *b\n"
        ));
    }

    #[test]
    fn anchors_used_many_times_are_counted_as_expanded() {
        // 40 KB of text: a 5,000-byte string used 5,000 times is 25 MB.
        let mut text = format!("a: &a \"{}\"\nb: [", "x".repeat(5000));
        text.push_str(&vec!["*a"; 5000].join(", "));
        text.push_str("]\n");
        assert!(text.len() < 40_000);
        assert!(too_large(&text));
    }
}
