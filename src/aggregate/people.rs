//! Who has done an operation: the `by:` fields of its occurrences, the
//! people to ask, most recent first.

use chrono::NaiveDate;

use crate::journal::{Entry, FieldKey};

/// Someone who did the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// As first written in a `by:` field.
    pub name: String,
    /// Occurrences they did.
    pub count: usize,
    /// The date of the latest of them.
    pub last: Option<NaiveDate>,
}

/// The names of one entry's `by:` fields: a field may name several people,
/// separated by commas.
pub fn names(entry: &Entry) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for field in entry.values(&FieldKey::By) {
        for name in field
            .value
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// The values of one entry's `ticket:` fields.
pub fn tickets(entry: &Entry) -> Vec<String> {
    entry
        .values(&FieldKey::Ticket)
        .map(|f| f.value.clone())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Everyone who did one of `members`, the most recent first (then the
/// most occurrences, then the name); names differing only in case are
/// one person.
pub fn people(members: &[&Entry]) -> Vec<Person> {
    let mut people: Vec<Person> = Vec::new();
    for entry in members {
        for name in names(entry) {
            match people
                .iter_mut()
                .find(|p| p.name.eq_ignore_ascii_case(&name))
            {
                Some(person) => {
                    person.count += 1;
                    person.last = person.last.max(entry.date);
                }
                None => people.push(Person {
                    name,
                    count: 1,
                    last: entry.date,
                }),
            }
        }
    }
    people.sort_by(|a, b| {
        b.last
            .cmp(&a.last)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
    people
}
