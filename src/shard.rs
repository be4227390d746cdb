//! `--shard K/N`: the K-th of N deterministic slices of a ledger's
//! resource folders, so a CI matrix or an indexed Job spreads a large
//! ledger over machines.
//!
//! A folder's slice depends only on its path relative to the ledger (an
//! FNV-1a hash, fixed across platforms and releases), so adding a folder
//! never moves another one to a different slice.

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

/// One slice: `index` from 1 to `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    pub(crate) index: u64,
    pub(crate) count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected K/N with 1 ≤ K ≤ N (e.g. 2/4), got `{text}`");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the folder `dir` under `root` belongs to this slice.
    pub(crate) fn holds(&self, root: &Path, dir: &Path) -> bool {
        slice_of(&relative_key(root, dir), self.count) == self.index
    }

    /// The folders of `dirs` (under `root`) in this slice, in order.
    pub(crate) fn select(&self, root: &Path, dirs: Vec<PathBuf>) -> Vec<PathBuf> {
        dirs.into_iter().filter(|d| self.holds(root, d)).collect()
    }
}

/// `dir` relative to `root`, with `/` between names whatever the platform.
fn relative_key(root: &Path, dir: &Path) -> String {
    let relative = dir.strip_prefix(root).unwrap_or(dir);
    let names: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    names.join("/")
}

/// The 1-based slice of `key` among `count`.
fn slice_of(key: &str, count: u64) -> u64 {
    fnv1a(key.as_bytes()) % count + 1
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_parses_and_out_of_range_is_refused() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "2", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_slices_partition_the_folders_and_are_fixed() {
        let root = Path::new("/ledger");
        let dirs: Vec<PathBuf> = (0..200).map(|i| root.join(format!("team/r{i}"))).collect();
        let mut seen = 0;
        for index in 1..=3 {
            let slice = Shard { index, count: 3 }.select(root, dirs.clone());
            assert!(!slice.is_empty());
            seen += slice.len();
        }
        assert_eq!(seen, dirs.len());
        // The hash is part of the interface: CI matrices rely on it.
        assert_eq!(slice_of("team/r0", 3), fnv1a(b"team/r0") % 3 + 1);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
