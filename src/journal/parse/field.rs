//! `- key: value` bullets, told apart from bullets that are prose.

use super::lines::{ends_blank, skip_blank, trimmed_range, Line};
use crate::journal::{Field, FieldKey};
use crate::source::FileId;

/// Keys longer than this are prose that happens to contain a colon.
const MAX_KEY_CHARS: usize = 30;

/// The offset of a bullet's text (`- x`, `* x`, up to 3 leading spaces), if
/// the line is a bullet.
pub(super) fn bullet_body(text: &str) -> Option<usize> {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    if spaces > 3 || !matches!(text.as_bytes().get(spaces), Some(b'-' | b'*')) {
        return None;
    }
    let after = spaces + 1;
    let body = skip_blank(text, after);
    // `-x` or `**bold**` is not a bullet; a lone `-` is an empty one.
    (body > after || after == text.len()).then_some(body)
}

/// Where a `- key: value` bullet's key and value are, relative to the line.
#[derive(Debug)]
pub(super) struct FieldParts {
    key: (usize, usize),
    value: (usize, usize),
}

/// Splits a `- key: value` bullet. The key starts with a letter or digit and
/// the colon is followed by a blank or the end of the line, so that
/// `- see https://x` or `- 14:05 restarted` stay prose.
pub(super) fn field_parts(text: &str) -> Option<FieldParts> {
    let from = bullet_body(text)?;
    let rest = text.get(from..)?;
    let colon = from + key_length(rest)?;
    let key = text.get(from..colon)?.trim_end();
    if !key.chars().next()?.is_alphanumeric() || !ends_blank(text, colon + 1) {
        return None;
    }
    Some(FieldParts {
        key: (from, from + key.len()),
        value: trimmed_range(text, colon + 1),
    })
}

/// The byte length of a key before its colon, if `rest` starts with one.
fn key_length(rest: &str) -> Option<usize> {
    for (count, (at, c)) in rest.char_indices().enumerate() {
        if c == ':' {
            return Some(at);
        }
        let key_char = c.is_alphanumeric() || matches!(c, ' ' | '_' | '-');
        if !key_char || count >= MAX_KEY_CHARS {
            return None;
        }
    }
    None
}

pub(super) fn new_field(file: FileId, line: &Line<'_>, parts: &FieldParts) -> Field {
    Field {
        key: FieldKey::from_key(line.slice(parts.key)),
        key_span: line.span(file, parts.key),
        value: line.slice(parts.value).to_string(),
        value_span: line.span(file, parts.value),
        lines: Vec::new(),
        line: line.number,
        code: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::journal::parse::support::{at, field, only};
    use crate::journal::{FieldKey, Outcome};

    #[test]
    fn aliases_map_to_meanings_and_repeated_keys_all_stay() {
        use FieldKey::{By, Change, Outcome as O, Rollback, Ticket, Verify, Why};
        let text = "## 2026-01-02 — x\n\
                    - Reason: a\n- did: b\n- CHECK: c\n- verified: d\n- backout: e\n\
                    - result: failed\n- who: f\n- ref: OPS-1\n* status: verified\n   - verify: g\n";
        let entry = only(text);
        let keys: Vec<_> = entry.fields.iter().map(|f| f.key.clone()).collect();
        assert_eq!(
            keys,
            vec![Why, Change, Verify, Verify, Rollback, O, By, Ticket, O, Verify]
        );
        assert_eq!(entry.fields[2].raw_key(text), "CHECK");
        assert_eq!(entry.values(&Verify).count(), 3);
        assert_eq!(entry.outcome(), Some(Outcome::Verified));
        assert_eq!(at(text, entry.fields[9].key_span), "verify");
        assert_eq!(entry.fields[9].line, 11);
    }

    #[test]
    fn unknown_keys_are_kept_lower_cased() {
        let text = "## 2026-01-02 — x\n- Owner Team: sre\n- ticket_id: 42\n";
        let entry = only(text);
        assert_eq!(entry.fields[0].key, FieldKey::Other("owner team".into()));
        assert_eq!(entry.fields[0].raw_key(text), "Owner Team");
        assert_eq!(entry.fields[0].value, "sre");
        assert_eq!(entry.fields[1].key, FieldKey::Other("ticket_id".into()));
    }

    #[test]
    fn an_empty_value_is_an_empty_string_with_an_empty_span() {
        let text = "## 2026-01-02 — x\n- verify:\n- by:   \n";
        let entry = only(text);
        assert_eq!(entry.fields[0].value, "");
        assert!(entry.fields[0].value_span.is_empty());
        assert_eq!(entry.fields[1].value, "");
    }

    #[test]
    fn bullets_that_are_not_key_value_are_notes() {
        let text = "## 2026-01-02 — x\n- just a note\n- see https://example.com/a\n- 14:05 restarted\n- outcome:verified\n-dash: x\n";
        let entry = only(text);
        assert!(entry.fields.is_empty(), "{:?}", entry.fields);
        assert_eq!(
            entry.notes,
            vec![
                "- just a note",
                "- see https://example.com/a",
                "- 14:05 restarted",
                "- outcome:verified -dash: x"
            ]
        );
    }

    #[test]
    fn keys_longer_than_thirty_characters_are_prose() {
        let long = "k".repeat(31);
        let text = format!("## 2026-01-02 — x\n- {long}: v\n- {}: w\n", "k".repeat(30));
        let entry = only(&text);
        assert_eq!(entry.fields.len(), 1);
        assert_eq!(entry.notes, vec![format!("- {long}: v")]);
    }

    #[test]
    fn indented_lines_continue_a_value_until_a_blank_line() {
        let text = "## 2026-01-02 — x\n- change: expand PVC,\n\tthen restart   pods\n    one at a time\n\n  afterwards\n- verify: ok\n";
        let entry = only(text);
        let change = field(text, &entry, "change");
        assert_eq!(
            change.value,
            "expand PVC, then restart   pods one at a time"
        );
        assert_eq!(
            at(text, change.value_span),
            "expand PVC,\n\tthen restart   pods\n    one at a time"
        );
        assert_eq!(entry.notes, vec!["afterwards"]);
        assert_eq!(field(text, &entry, "verify").value, "ok");
    }

    #[test]
    fn a_value_may_start_on_its_continuation_line() {
        let text = "## 2026-01-02 — x\n- why:\n  disk at 85%\n";
        let entry = only(text);
        let why = field(text, &entry, "why");
        assert_eq!(why.value, "disk at 85%");
        assert_eq!(at(text, why.value_span), "disk at 85%");
    }
}
