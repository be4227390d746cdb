//! The similarity metrics, over words; an operation's template may hold
//! wildcards (`None`), which match any word.

use crate::rules::Metric;

/// How alike an entry's words are to an operation's template, in 0..=1.
///
/// A template of the same length as the entry takes the entry's word at
/// each wildcard; a template of another length is compared without its
/// wildcards.
pub fn score(metric: Metric, words: &[String], template: &[Option<String>]) -> f64 {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let template: Vec<Option<&str>> = template.iter().map(Option::as_deref).collect();
    score_by(metric, &words, &template, |w| w)
}

/// [`score`] over any word representation (clustering uses interned
/// ids); `text` gives a word's text for the metric that reads characters.
pub fn score_by<'t, T: Copy + Ord>(
    metric: Metric,
    words: &[T],
    template: &[Option<T>],
    text: impl Fn(T) -> &'t str,
) -> f64 {
    let other: Vec<T> = if template.len() == words.len() {
        template
            .iter()
            .zip(words)
            .map(|(t, w)| t.unwrap_or(*w))
            .collect()
    } else {
        template.iter().filter_map(|t| *t).collect()
    };
    compare_by(metric, words, &other, text)
}

/// Two word lists compared by a metric, in 0..=1; two empty lists are equal.
pub fn compare(metric: Metric, a: &[&str], b: &[&str]) -> f64 {
    compare_by(metric, a, b, |w| w)
}

/// [`compare`] over any word representation: one implementation, so the
/// interned path scores exactly (bit for bit) like the text path.
pub fn compare_by<'t, T: Copy + Ord>(
    metric: Metric,
    a: &[T],
    b: &[T],
    text: impl Fn(T) -> &'t str,
) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    match metric {
        Metric::TokenJaccard => {
            let (common, sa, sb) = set_overlap(a, b);
            common / (sa + sb - common)
        }
        Metric::TokenDice => {
            let (common, sa, sb) = set_overlap(a, b);
            2.0 * common / (sa + sb)
        }
        Metric::Positional => {
            let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
            same as f64 / a.len().max(b.len()) as f64
        }
        Metric::JaroWinkler => {
            let join = |words: &[T]| words.iter().map(|&w| text(w)).collect::<Vec<_>>().join(" ");
            strsim::jaro_winkler(&join(a), &join(b))
        }
        Metric::Levenshtein => {
            let distance = strsim::generic_levenshtein(&a.to_vec(), &b.to_vec());
            1.0 - distance as f64 / a.len().max(b.len()) as f64
        }
    }
}

/// (common distinct words, distinct words of a, distinct words of b).
/// Word lists are short, so sorted copies beat hashing.
fn set_overlap<T: Copy + Ord>(a: &[T], b: &[T]) -> (f64, f64, f64) {
    let distinct = |words: &[T]| {
        let mut words = words.to_vec();
        words.sort_unstable();
        words.dedup();
        words
    };
    let (sa, sb) = (distinct(a), distinct(b));
    let common = sa.iter().filter(|w| sb.binary_search(w).is_ok()).count();
    (common as f64, sa.len() as f64, sb.len() as f64)
}

/// The weighted mean of the per-part scores that exist (a part missing from
/// either side drops out); `None` when no part can be compared.
pub fn weighted(scores: &[(Option<f64>, f64)]) -> Option<f64> {
    let (sum, weights) = scores
        .iter()
        .filter_map(|(score, weight)| score.map(|s| (s * weight, *weight)))
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
    fn positional_counts_equal_positions_over_the_longer_length() {
        let a = ["restart", "node", "a"];
        let b = ["restart", "node"];
        assert!(close(compare(Metric::Positional, &a, &b), 2.0 / 3.0));
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
    fn a_wildcard_takes_the_entrys_word_when_lengths_match() {
        let words = vec!["restart".to_string(), "kafka".to_string()];
        let template = vec![Some("restart".to_string()), None];
        assert!(close(score(Metric::Positional, &words, &template), 1.0));
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
