//! The similarity metrics, over words; an operation's template may hold
//! wildcards (`None`), positions where its members differ.

use serde::Serialize;

/// How two lists of words are compared; rules.forge names one with
/// `metric = NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Metric {
    TokenJaccard,
    TokenDice,
    Positional,
    JaroWinkler,
    Levenshtein,
    /// Dice over weighted words: clause weights, placeholder weight and,
    /// with `weights = journal`, how often the journal used each word.
    WeightedDice,
}

impl Metric {
    pub(crate) const ALL: [(&'static str, Metric); 6] = [
        ("token_jaccard", Metric::TokenJaccard),
        ("token_dice", Metric::TokenDice),
        ("positional", Metric::Positional),
        ("jaro_winkler", Metric::JaroWinkler),
        ("levenshtein", Metric::Levenshtein),
        ("weighted_dice", Metric::WeightedDice),
    ];

    pub(crate) fn from_name(name: &str) -> Option<Metric> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }

    pub(crate) fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("token_jaccard", |(n, _)| n)
    }
}

/// How alike an entry's words are to an operation's template, in 0..=1.
///
/// As in the Drain log parser, a wildcard in a template of the entry's
/// length keeps its place (it counts in the template's length) but never
/// matches: a template that has become all wildcards is evidence of
/// nothing, so it must not score 1 against every title of its length. A
/// template of another length is compared without its wildcards.
#[cfg(test)]
pub(crate) fn score(metric: Metric, words: &[String], template: &[Option<String>]) -> f64 {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let template: Vec<Option<&str>> = template.iter().map(Option::as_deref).collect();
    score_by(metric, &words, &template, |w| w)
}

/// [`score`] over any word representation (clustering uses interned
/// ids); `text` gives a word's text for the metric that reads characters.
#[cfg(test)]
pub(crate) fn score_by<'t, T: Copy + Ord>(
    metric: Metric,
    words: &[T],
    template: &[Option<T>],
    text: impl Fn(T) -> &'t str,
) -> f64 {
    let words: Vec<Option<T>> = words.iter().copied().map(Some).collect();
    if template.len() == words.len() {
        compare_slots(metric, &words, template, text)
    } else {
        let other: Vec<Option<T>> = template.iter().filter(|t| t.is_some()).copied().collect();
        compare_slots(metric, &words, &other, text)
    }
}

/// Two word lists compared by a metric, in 0..=1; two empty lists are equal.
#[cfg(test)]
pub(crate) fn compare(metric: Metric, a: &[&str], b: &[&str]) -> f64 {
    compare_by(metric, a, b, |w| w)
}

/// [`compare`] over any word representation: one implementation, so the
/// interned path scores exactly (bit for bit) like the text path.
pub(crate) fn compare_by<'t, T: Copy + Ord>(
    metric: Metric,
    a: &[T],
    b: &[T],
    text: impl Fn(T) -> &'t str,
) -> f64 {
    let slots = |words: &[T]| words.iter().copied().map(Some).collect::<Vec<_>>();
    compare_slots(metric, &slots(a), &slots(b), text)
}

/// The metrics over slots: `None` is a wildcard, which takes a place in
/// its list but equals nothing. Only `b` (a template) holds wildcards.
fn compare_slots<'t, T: Copy + Ord>(
    metric: Metric,
    a: &[Option<T>],
    b: &[Option<T>],
    text: impl Fn(T) -> &'t str,
) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let equal = |x: &Option<T>, y: &Option<T>| x.is_some() && x == y;
    match metric {
        // Without word weights (a template), every word counts alike.
        Metric::TokenJaccard | Metric::TokenDice | Metric::WeightedDice => {
            let (common, sa, sb) = set_overlap(a, b);
            set_score(metric, common, sa, sb)
        }
        // As Drain compares: only sequences of equal length, and a
        // placeholder keeps its place but is evidence of nothing.
        Metric::Positional => {
            if a.len() != b.len() {
                return 0.0;
            }
            let same = a
                .iter()
                .zip(b)
                .filter(|(x, y)| equal(x, y) && x.is_some_and(|w| !is_placeholder(text(w))))
                .count();
            same as f64 / a.len() as f64
        }
        Metric::JaroWinkler => {
            let join = |words: &[Option<T>]| {
                let words: Vec<&str> = words.iter().map(|w| w.map_or("<*>", &text)).collect();
                words.join(" ")
            };
            strsim::jaro_winkler(&join(a), &join(b))
        }
        Metric::Levenshtein => {
            // `a` is always an entry's words, never a wildcard, so
            // `Option`'s own equality already lets a wildcard match nothing.
            let distance = strsim::generic_levenshtein(&a.to_vec(), &b.to_vec());
            1.0 - distance as f64 / a.len().max(b.len()) as f64
        }
    }
}

/// `weighted_dice` over two bags of (word, weight): twice the weight of
/// the words both hold (each side's own weight) over the weight of all.
/// With `fuzzy`, a word one edit from a long word of the other side
/// matches it (`replcation`, `replication`).
pub(crate) fn weighted_dice<S: AsRef<str>>(a: &[(S, f64)], b: &[(S, f64)], fuzzy: bool) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let total: f64 = a.iter().chain(b).map(|(_, w)| *w).sum();
    if a.is_empty() || b.is_empty() || total <= 0.0 {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut shared = 0.0;
    for (word, weight) in a {
        let word = word.as_ref();
        let exact = (0..b.len()).find(|&j| !used[j] && b[j].0.as_ref() == word);
        let found = exact.or_else(|| {
            (fuzzy && !is_placeholder(word)).then(|| {
                (0..b.len()).find(|&j| {
                    !used[j]
                        && (crate::words::is_typo_of(word, b[j].0.as_ref())
                            || crate::words::is_typo_of(b[j].0.as_ref(), word))
                })
            })?
        });
        if let Some(j) = found {
            used[j] = true;
            shared += *weight + b[j].1;
        }
    }
    shared / total
}

/// Whether a word is a placeholder such as `<size>`.
pub(crate) fn is_placeholder(word: &str) -> bool {
    word.len() > 2 && word.starts_with('<') && word.ends_with('>')
}

/// `token_jaccard` or `token_dice` from (common distinct words, distinct
/// words of each side): the one formula, so clustering's counting fast
/// path scores bit for bit as [`compare_slots`] does.
pub(crate) fn set_score(metric: Metric, common: f64, sa: f64, sb: f64) -> f64 {
    if metric == Metric::TokenJaccard {
        common / (sa + sb - common)
    } else {
        2.0 * common / (sa + sb)
    }
}

/// (common distinct words, distinct words of a, distinct words of b),
/// where every wildcard counts as a word of its own that no other equals.
/// Word lists are short, so sorted copies beat hashing.
fn set_overlap<T: Copy + Ord>(a: &[Option<T>], b: &[Option<T>]) -> (f64, f64, f64) {
    let distinct = |words: &[Option<T>]| {
        let mut known: Vec<T> = words.iter().filter_map(|w| *w).collect();
        known.sort_unstable();
        known.dedup();
        let wildcards = words.iter().filter(|w| w.is_none()).count();
        (known, wildcards)
    };
    let ((sa, wa), (sb, wb)) = (distinct(a), distinct(b));
    let common = sa.iter().filter(|w| sb.binary_search(w).is_ok()).count();
    (
        common as f64,
        (sa.len() + wa) as f64,
        (sb.len() + wb) as f64,
    )
}

/// The weighted mean of the per-part scores that exist (a part missing from
/// either side drops out); `None` when no part can be compared.
#[cfg(test)]
pub(crate) fn weighted(scores: &[(Option<f64>, f64)]) -> Option<f64> {
    weighted_iter(scores.iter().copied())
}

/// [`weighted`] over (score, weight) pairs from any source.
pub(crate) fn weighted_iter(scores: impl Iterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let (sum, weights) = scores
        .filter_map(|(score, weight)| score.map(|s| (s * weight, weight)))
        .fold((0.0, 0.0), |(s, w), (ds, dw)| (s + ds, w + dw));
    (weights > 0.0).then(|| sum / weights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn jaccard_and_dice_count_distinct_shared_words() {
        let a = ["take", "snapshot"];
        let b = ["restore", "snapshot"];
        assert!(close(compare(Metric::TokenJaccard, &a, &b), 1.0 / 3.0));
        assert!(close(compare(Metric::TokenDice, &a, &b), 0.5));
    }

    #[test]
    fn positional_compares_only_equal_lengths() {
        let a = ["restart", "node", "a"];
        let b = ["restart", "node"];
        assert!(close(compare(Metric::Positional, &a, &b), 0.0));
        let c = ["restart", "node", "b"];
        assert!(close(compare(Metric::Positional, &a, &c), 2.0 / 3.0));
    }

    #[test]
    fn positional_never_counts_a_placeholder_as_a_match() {
        let a = ["onextend", "<v>", "<v>", "<v>"];
        let b = ["onstandstepchanged", "<v>", "<v>", "<v>"];
        assert!(close(compare(Metric::Positional, &a, &b), 0.0));
        let c = ["onextend", "<v>", "<v>", "<v>"];
        assert!(close(compare(Metric::Positional, &a, &c), 0.25));
    }

    #[test]
    fn levenshtein_works_on_words_not_characters() {
        let a = ["upgrade", "cluster", "<version>"];
        let b = ["upgrade", "<version>"];
        assert!(close(compare(Metric::Levenshtein, &a, &b), 2.0 / 3.0));
    }

    #[test]
    fn jaro_winkler_compares_the_joined_text() {
        assert!(close(compare(Metric::JaroWinkler, &["abc"], &["abc"]), 1.0));
        assert!(compare(Metric::JaroWinkler, &["restart"], &["restore"]) < 1.0);
    }

    #[test]
    fn empty_sides_are_equal_only_to_each_other() {
        assert!(close(compare(Metric::TokenJaccard, &[], &[]), 1.0));
        assert!(close(compare(Metric::TokenJaccard, &["a"], &[]), 0.0));
    }

    #[test]
    fn a_wildcard_keeps_its_place_but_matches_nothing() {
        let words = vec!["restart".to_string(), "kafka".to_string()];
        let template = vec![Some("restart".to_string()), None];
        assert!(close(score(Metric::Positional, &words, &template), 0.5));
        assert!(close(score(Metric::TokenDice, &words, &template), 0.5));
        assert!(close(score(Metric::Levenshtein, &words, &template), 0.5));
        let all_wildcards = vec![None, None];
        for metric in Metric::ALL.map(|(_, m)| m) {
            if metric != Metric::JaroWinkler {
                assert!(
                    close(score(metric, &words, &all_wildcards), 0.0),
                    "{metric:?}"
                );
            }
        }
        let longer = vec![Some("restart".to_string()), None, Some("now".to_string())];
        assert!(close(
            score(Metric::TokenJaccard, &words, &longer),
            1.0 / 3.0
        ));
    }

    #[test]
    fn interned_words_score_exactly_like_their_text() {
        let names = ["restart", "kafka", "<host>", "now", "heap"];
        let lists: [&[usize]; 5] = [&[0, 1, 2], &[0, 2], &[1, 1, 3, 4], &[], &[2, 0, 1, 2]];
        for metric in Metric::ALL.map(|(_, m)| m) {
            for a in lists {
                for b in lists {
                    let text = |ids: &[usize]| ids.iter().map(|&i| names[i]).collect::<Vec<_>>();
                    let by_text = compare(metric, &text(a), &text(b));
                    let by_id = compare_by(metric, a, b, |i| names[i]);
                    assert_eq!(by_text.to_bits(), by_id.to_bits(), "{metric:?} {a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn weighted_mean_leaves_out_missing_parts() {
        assert_eq!(weighted(&[(Some(1.0), 1.0), (None, 0.3)]), Some(1.0));
        let mean = weighted(&[(Some(1.0), 1.0), (Some(0.0), 1.0)]);
        assert!(mean.is_some_and(|m| close(m, 0.5)));
        assert_eq!(weighted(&[(None, 1.0)]), None);
    }
}
