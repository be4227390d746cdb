//! Who has done an operation: the `by:` fields of its occurrences, the
//! people to ask, most recent first.

use chrono::NaiveDate;

use super::digest::Digest;

/// Someone who did the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    /// As first written in a `by:` field.
    pub(crate) name: String,
    /// Occurrences they did.
    pub(crate) count: usize,
    /// The date of the latest of them.
    pub(crate) last: Option<NaiveDate>,
}

/// [`Person`] with the name as its id in the digest's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PersonAt {
    pub(crate) name: u32,
    pub(crate) count: usize,
    pub(crate) last: Option<NaiveDate>,
}

/// Everyone who did one of `members` (entry indices in journal order), the
/// most recent first (then the most occurrences, then the name); names
/// differing only in case are one person. None when the digest keeps no
/// prose.
pub(super) fn people(digest: &Digest, members: &[usize]) -> Vec<PersonAt> {
    let Some(prose) = digest.prose() else {
        return Vec::new();
    };
    let mut people: Vec<PersonAt> = Vec::new();
    for &i in members {
        let date = digest.records.get(i).and_then(|r| r.date);
        for name in prose.by(i) {
            let text = prose.word(name);
            let known = people
                .iter_mut()
                .find(|p| p.name == name || prose.word(p.name).eq_ignore_ascii_case(text));
            match known {
                Some(person) => {
                    person.count += 1;
                    person.last = person.last.max(date);
                }
                None => people.push(PersonAt {
                    name,
                    count: 1,
                    last: date,
                }),
            }
        }
    }
    people.sort_by(|a, b| {
        b.last
            .cmp(&a.last)
            .then(b.count.cmp(&a.count))
            .then_with(|| prose.word(a.name).cmp(prose.word(b.name)))
    });
    people
}
