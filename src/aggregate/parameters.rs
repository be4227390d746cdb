//! Parameters of a procedure step: the placeholders the rules' normalize
//! rules make of a text (`<ip>`, `<size>`, `<version>`) and the values each
//! took across the occurrences, so that "create subnet 10.0.1.0/24" and
//! "create subnet 10.0.2.0/24" read as one step with a parameter, not two.

use serde::Serialize;

use crate::normalize;
use crate::rules::Rules;
use crate::source::{FileId, Span};

/// A placeholder of a step and the values history gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Parameter {
    /// The placeholder, as the rules write it: `<ip>`.
    pub(crate) name: String,
    /// Its value in the procedure's own (canonical) wording.
    pub(crate) value: String,
    /// Every distinct value seen, most recent first.
    pub(crate) seen: Vec<String>,
}

/// A text with its placeholders: `(template, [(placeholder, value)])`,
/// the template being the text with each value replaced by its
/// placeholder.
pub(crate) fn placeholders(rules: &Rules, text: &str) -> (String, Vec<(String, String)>) {
    let span = Span::new(FileId(0), 0, text.len());
    let mut trace = Vec::new();
    let signature = normalize::signature(rules, &[vec![(text, span)]], &mut trace);
    let mut found: Vec<(String, Span)> = signature
        .parts
        .into_iter()
        .flat_map(|p| p.words.into_iter().zip(p.spans))
        .filter(|(word, span)| is_placeholder(word) && span.end > span.start)
        .collect();
    found.sort_by_key(|(_, span)| span.start);
    let mut template = String::new();
    let mut values = Vec::new();
    let mut at = 0;
    for (name, span) in found {
        let Some(value) = text.get(span.start..span.end) else {
            continue;
        };
        if span.start < at {
            continue;
        }
        template.push_str(text.get(at..span.start).unwrap_or_default());
        template.push_str(&name);
        at = span.end;
        values.push((name, value.to_string()));
    }
    template.push_str(text.get(at..).unwrap_or_default());
    (template, values)
}

fn is_placeholder(word: &str) -> bool {
    word.len() > 2 && word.starts_with('<') && word.ends_with('>')
}

/// The parameters of the canonical wording `canonical` given every wording
/// of the same step, most recent first: the n-th `<ip>` of each wording is
/// a value of the canonical's n-th `<ip>`.
pub(crate) fn parameters(
    rules: &Rules,
    canonical: &str,
    wordings: &[&str],
) -> (String, Vec<Parameter>) {
    let (template, own) = placeholders(rules, canonical);
    let others: Vec<Vec<(String, String)>> =
        wordings.iter().map(|w| placeholders(rules, w).1).collect();
    let parameters = own
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let ordinal = own[..i].iter().filter(|(n, _)| n == name).count();
            let mut seen: Vec<String> = Vec::new();
            for values in &others {
                let nth = values.iter().filter(|(n, _)| n == name).nth(ordinal);
                if let Some((_, v)) = nth {
                    if !seen.contains(v) {
                        seen.push(v.clone());
                    }
                }
            }
            Parameter {
                name: name.clone(),
                value: value.clone(),
                seen,
            }
        })
        .collect();
    (template, parameters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    fn defaults() -> Rules {
        let (rules, problems) = crate::rules::load(&mut Sources::default(), None);
        rules.unwrap_or_else(|| panic!("the built-in rules load: {problems:?}"))
    }

    #[test]
    fn values_become_placeholders_in_the_template() {
        let (template, values) = placeholders(&defaults(), "Create subnet 10.0.5.0/24");
        assert_eq!(template, "Create subnet <ip>/<num>");
        assert_eq!(
            values,
            [
                ("<ip>".to_string(), "10.0.5.0".to_string()),
                ("<num>".to_string(), "24".to_string())
            ]
        );
    }

    #[test]
    fn each_placeholder_collects_the_values_of_the_same_place_in_other_wordings() {
        let rules = defaults();
        let wordings = [
            "resize disk 300Gi",
            "resize disk 200Gi",
            "resize disk 300Gi",
        ];
        let (_, parameters) = parameters(&rules, "resize disk 300Gi", &wordings);
        assert_eq!(
            parameters,
            [Parameter {
                name: "<size>".to_string(),
                value: "300Gi".to_string(),
                seen: vec!["300Gi".to_string(), "200Gi".to_string()],
            }]
        );
    }

    #[test]
    fn a_text_without_placeholders_is_its_own_template() {
        let (template, values) = placeholders(&defaults(), "restart the pool");
        assert_eq!(template, "restart the pool");
        assert!(values.is_empty());
    }
}
