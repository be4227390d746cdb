//! `never merge`: which pairs of signatures a rule keeps apart.

use crate::rules::NeverMerge;

/// The first `never merge` rule that keeps `text` apart from any of the
/// operation's signatures.
pub fn blocking_rule(rules: &[NeverMerge], text: &str, members: &[String]) -> Option<usize> {
    rules
        .iter()
        .position(|rule| members.iter().any(|m| forbids(rule, text, m)))
}

/// `never merge /A/ with /B/` forbids a pair when one side matches A, the
/// other matches B, and they are not on the same side (a text matching
/// both is only kept from texts that match one).
pub fn forbids(rule: &NeverMerge, a: &str, b: &str) -> bool {
    forbids_sides(sides(rule, a), sides(rule, b))
}

/// Which sides of a rule a text matches: bit 0 the left pattern, bit 1 the
/// right one.
pub(super) fn sides(rule: &NeverMerge, text: &str) -> u8 {
    u8::from(rule.left.is_match(text)) | u8::from(rule.right.is_match(text)) << 1
}

/// [`forbids`] on the sides two texts match.
pub(super) fn forbids_sides(a: u8, b: u8) -> bool {
    let crossed = (a & 1 != 0 && b & 2 != 0) || (a & 2 != 0 && b & 1 != 0);
    crossed && a != b
}
