//! The `forge::explain` codes.

declare_area! {
    /// `forge explain`: its advice, and the entries or operations it is
    /// asked about.
    pub enum ExplainCode in "forge::explain" {
        Entry("forge::explain::entry",
            "Advice from `forge explain`: why one entry is in its operation. Labels in JOURNAL.md show each rewrite of the entry's text (normalize rules, synonyms, ignored words) with the rule's file and line; the help shows the signature, the operations it was scored against (per part and weighted, against the threshold) and the decision; related snippets point at the rules in rules.forge or the built-in rules."),
        Operation("forge::explain::operation",
            "Advice from `forge explain`: the members of one operation, each labelled with the decision that brought it in (started it, same signature, joined with a score, forced by `always merge`), and the rule that named the operation."),
        Pair("forge::explain::pair",
            "Advice from `forge explain --pair`: whether two entries are in one operation. The later entry's placement decides: its score against the earlier entry's operation, the hard rule that kept them apart, or the chain of members through which they are together."),
        Rules("forge::explain::rules",
            "Advice from `forge explain`: the rules behind an explanation, in the file that holds them. Rules from `<built-in>/default.forge` are the built-in defaults; print them with `forge rules --print-default`."),
        NoSuchEntry("forge::explain::no_such_entry",
            "`--entry` (or `--pair`) names no entry: a number beyond the journal, a line that is not an entry's heading, or a text no entry's date or title contains. Pick entries by number (3), heading line (L23), or a date or part of a title; `forge operations` lists entries with their lines."),
        AmbiguousEntry("forge::explain::ambiguous_entry",
            "The date or title text given to `--entry` (or `--pair`) matches several entries; the labels show each. Pick one by its heading line (`--entry L40`) or give more of its title."),
        UnknownOperation("forge::explain::unknown_operation",
            "`--operation` names no operation. Give an operation's name (\"Change index heap\") or id (`change-index-heap`), in any case; `forge operations` lists them."),
        SameEntry("forge::explain::same_entry",
            "Both entries given to `--pair` are the same entry. Give two different entries; `--entry` explains one."),
        TextEntries("forge::explain::text_entries",
            "`--text` holds a whole journal entry only when it starts with a `## YYYY-MM-DD — title` heading, and then it must hold exactly one entry."),
        EmptyText("forge::explain::empty_text",
            "`--text` is empty or only spaces. Give the title of a hypothetical entry (or a whole entry starting with `## `)."),
    }
}
