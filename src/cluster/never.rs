//! `never merge`: which pairs of signatures a rule keeps apart.

use crate::rules::NeverMerge;

/// Which sides of a rule a text matches: bit 0 the left pattern, bit 1 the
/// right one.
pub(super) fn sides(rule: &NeverMerge, text: &str) -> u8 {
    u8::from(rule.left.is_match(text)) | u8::from(rule.right.is_match(text)) << 1
}

/// Whether a rule forbids a pair, from the sides the two texts match.
pub(super) fn forbids_sides(a: u8, b: u8) -> bool {
    let crossed = (a & 1 != 0 && b & 2 != 0) || (a & 2 != 0 && b & 1 != 0);
    crossed && a != b
}

/// The first pair of `texts` (by the first's position, then the second's)
/// that `rule` keeps apart, as positions into `texts`.
///
/// Linear in the number of texts: each text's sides are computed once
/// (once per distinct text), texts are grouped by their side mask (at most
/// four), and each text looks for the next text of a mask its own forbids.
pub(crate) fn first_forbidden_pair(rule: &NeverMerge, texts: &[&str]) -> Option<(usize, usize)> {
    let mut known: std::collections::HashMap<&str, u8> = std::collections::HashMap::new();
    let masks: Vec<u8> = texts
        .iter()
        .map(|&text| *known.entry(text).or_insert_with(|| sides(rule, text)))
        .collect();
    let mut positions: [Vec<usize>; 4] = Default::default();
    for (n, &mask) in masks.iter().enumerate() {
        positions[usize::from(mask)].push(n);
    }
    let any_forbidden = (0..4u8).any(|a| {
        (0..4u8).any(|b| {
            !positions[usize::from(a)].is_empty()
                && !positions[usize::from(b)].is_empty()
                && forbids_sides(a, b)
        })
    });
    if !any_forbidden {
        return None;
    }
    masks.iter().enumerate().find_map(|(n, &mask)| {
        (0..4u8)
            .filter(|&other| forbids_sides(mask, other))
            .filter_map(|other| {
                let list = &positions[usize::from(other)];
                list.get(list.partition_point(|&p| p <= n)).copied()
            })
            .min()
            .map(|b| (n, b))
    })
}
