//! Long lists of the document serialized in runs of items on every core:
//! each run goes into its own buffer through [`Pretty`] set at the items'
//! depth, and is written in place, in order, as [`Serialized`].
//!
//! The document of a million entries holds ~5 million entries and
//! citations; a few operations hold most of them, so an item too heavy
//! for one run is serialized in place and its own lists cut into runs.

use std::ops::Range;

use rayon::prelude::*;
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::ser::Formatter;

use super::json::{Pretty, Serialized};

/// Weight (about one entry or citation, ~200 bytes of JSON) of a run:
/// one task's work.
const RUN: usize = 2048;

/// Weight serialized before it is written: bounds what is held (~30 MB).
const WINDOW: usize = 64 * RUN;

/// An item heavier than this is serialized in place rather than in a run.
const HEAVY: usize = WINDOW / 4;

/// Bytes of JSON per unit of weight, about: growing a buffer by doubling
/// would copy it again.
const BYTES_PER_WEIGHT: usize = 224;

/// The list of `items`, each serialized as `view` gives it, at `depth`
/// (the lists and objects it is inside, the list included); `weight` is
/// about how many entries and citations an item holds.
pub(super) fn serialize_list<'a, S, T, V>(
    s: S,
    depth: usize,
    items: &'a [T],
    weight: impl Fn(&T) -> usize,
    view: impl Fn(&'a T) -> V + Sync,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Sync,
    V: Serialize,
{
    // Most lists are short: serialized in place, in one go.
    if items.len() < 2 * RUN && items.iter().map(&weight).sum::<usize>() < 2 * RUN {
        return s.collect_seq(items.iter().map(view));
    }
    let mut seq = s.serialize_seq(Some(items.len()))?;
    let mut window = Window::default();
    for (i, item) in items.iter().enumerate() {
        let weight = weight(item).max(1);
        if weight > HEAVY {
            window.cut(i);
            window.write(&mut seq, depth, items, &view)?;
            seq.serialize_element(&view(item))?;
            window.start = i + 1;
            continue;
        }
        window.add(i, weight);
        if window.weight >= WINDOW {
            window.write(&mut seq, depth, items, &view)?;
        }
    }
    window.cut(items.len());
    window.write(&mut seq, depth, items, &view)?;
    seq.end()
}

/// The runs planned and not yet written.
#[derive(Default)]
struct Window {
    /// Each run's items and weight.
    runs: Vec<(Range<usize>, usize)>,
    /// Where the run being planned starts.
    start: usize,
    run_weight: usize,
    weight: usize,
}

impl Window {
    fn add(&mut self, i: usize, weight: usize) {
        self.run_weight += weight;
        self.weight += weight;
        if self.run_weight >= RUN {
            self.cut(i + 1);
        }
    }

    /// Ends the run being planned before `end`.
    fn cut(&mut self, end: usize) {
        if self.start < end {
            self.runs.push((self.start..end, self.run_weight));
        }
        self.start = end;
        self.run_weight = 0;
    }

    /// Serializes the planned runs on every core and writes them in order.
    fn write<'a, T, V, Q>(
        &mut self,
        seq: &mut Q,
        depth: usize,
        items: &'a [T],
        view: &(impl Fn(&'a T) -> V + Sync),
    ) -> Result<(), Q::Error>
    where
        T: Sync,
        V: Serialize,
        Q: SerializeSeq,
    {
        // One run per job: runs weigh about the same, and rayon's halving
        // of a short list ran it mostly on one core.
        let serialized: Vec<serde_json::Result<Vec<u8>>> = self
            .runs
            .par_iter()
            .with_max_len(1)
            .map(|(run, weight)| serialize_run(depth, &items[run.clone()], *weight, view))
            .collect();
        for json in serialized {
            let json = json.map_err(Q::Error::custom)?;
            seq.serialize_element(&Serialized(&json))?;
        }
        self.runs.clear();
        self.weight = 0;
        Ok(())
    }
}

/// Items of a list, as the list writes them but for the separator before
/// the first.
fn serialize_run<'a, T, V: Serialize>(
    depth: usize,
    items: &'a [T],
    weight: usize,
    view: &impl Fn(&'a T) -> V,
) -> serde_json::Result<Vec<u8>> {
    let mut json = Vec::with_capacity(weight * BYTES_PER_WEIGHT);
    for (k, item) in items.iter().enumerate() {
        let mut pretty = Pretty::at(depth);
        if k > 0 {
            pretty
                .begin_array_value(&mut json, false)
                .map_err(serde_json::Error::io)?;
        }
        view(item).serialize(&mut serde_json::Serializer::with_formatter(
            &mut json, pretty,
        ))?;
    }
    Ok(json)
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    /// An item holding a list of its own.
    #[derive(Serialize)]
    struct Item {
        name: String,
        seen: Seen,
    }

    struct Seen(Vec<u32>);

    impl Serialize for Seen {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            // Inside the document, the list, the item and this list.
            serialize_list(s, 3, &self.0, |_| 1, |&n| n)
        }
    }

    struct Items(Vec<Item>);

    impl Serialize for Items {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize_list(s, 1, &self.0, |item| item.seen.0.len(), |item| item)
        }
    }

    fn pretty(value: &impl Serialize) -> String {
        let mut json = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut json, Pretty::at(0));
        value.serialize(&mut ser).expect("serializes");
        String::from_utf8(json).expect("UTF-8")
    }

    /// What `serde_json` writes for the same items, as plain vectors.
    fn plain(items: &Items) -> String {
        #[derive(Serialize)]
        struct Plain<'a> {
            name: &'a str,
            seen: &'a [u32],
        }
        let plain: Vec<Plain<'_>> = items
            .0
            .iter()
            .map(|item| Plain {
                name: &item.name,
                seen: &item.seen.0,
            })
            .collect();
        serde_json::to_string_pretty(&plain).expect("serializes")
    }

    fn items(sizes: impl Iterator<Item = usize>) -> Items {
        Items(
            sizes
                .enumerate()
                .map(|(i, n)| Item {
                    name: format!("item \"{i}\"\n"),
                    seen: Seen((0..n).map(|k| u32::try_from(k).unwrap_or(0)).collect()),
                })
                .collect(),
        )
    }

    #[test]
    fn short_lists_are_serialized_as_serde_json_writes_them() {
        for sizes in [vec![], vec![0], vec![0, 3, 1]] {
            let items = items(sizes.into_iter());
            assert_eq!(pretty(&items), plain(&items));
        }
    }

    #[test]
    fn lists_cut_into_runs_give_the_same_bytes() {
        // Many light items (runs of items), one heavier than a run, one
        // too heavy for a run (in place, its own list in runs), and
        // enough weight for several windows.
        let sizes = (0..3 * WINDOW / 7)
            .map(|i| i % 7)
            .chain([RUN + 5, HEAVY + 1, 0, 2 * RUN + 1]);
        let items = items(sizes);
        assert_eq!(pretty(&items), plain(&items));
    }
}
