//! The `forge::journal` codes.

declare_area! {
    /// JOURNAL.md: entry headings, fields, order and size.
    pub enum JournalCode in "forge::journal" {
        BadDate("forge::journal::bad_date",
            "An entry heading's date has the shape YYYY-MM-DD but is not a real date (month 13, February 30). The entry is kept without a date. Fix the date."),
        BadHeading("forge::journal::bad_heading",
            "A level-2 heading (`## …`) starts an entry but has no date. Write `## YYYY-MM-DD — title`; use `###` for sub-headings inside an entry."),
        OutOfOrder("forge::journal::out_of_order",
            "An entry is dated before an earlier entry. The journal is append-only: new entries go at the end with the date they happened. If an entry was forgotten, add it at the end with today's date and say when it happened in its text."),
        DuplicateEntry("forge::journal::duplicate_entry",
            "Two entries have the same date, time and title, usually a copy-paste. Remove the copy, or give each change its own time or title."),
        UnknownOutcome("forge::journal::unknown_outcome",
            "`outcome` must be verified, failed, rolled-back or inconclusive (aliases: result, status). Other values count as no outcome."),
        EntryLikeHeading("forge::journal::entry_like_heading",
            "A heading of another level than 2 starts with a date (`### 2026-01-02 — restarted nginx`), as an entry heading does. Only level-2 headings (`## `) start entries, so this one is read as a note of the entry above it and its fields count for that entry. Make it `## ` if it is an entry of its own; if it is a sub-heading, start it with words."),
        ControlCharacter("forge::journal::control_character",
            "The journal holds a NUL byte, an ESC or a BEL character. They have no place in Markdown, and ESC and BEL sequences can drive a terminal (set its title, write its clipboard). forge shows every control character as its picture (`␀`, `␛`, `␇`) in the runbook, in diagnostics and in tables, but other tools may not: remove them."),
        NoEntries("forge::journal::no_entries",
            "The journal has no level-2 heading, so no entries: the runbook would be empty. Each change is an entry: `## YYYY-MM-DD — title`, then `- key: value` fields (`change`, `verify`, `rollback`, `outcome`, …)."),
        FieldBeforeEntry("forge::journal::field_before_entry",
            "A `- key: value` field comes before the first entry heading, so it belongs to no entry and is not read. Move it under the entry it describes, or write it as prose."),
        NoVerify("forge::journal::no_verify",
            "An entry has no `verify:` field, so its operation cannot count it as verified. Add the signal you checked (`- verify: cluster green within 4m`)."),
        UnclosedFence("forge::journal::unclosed_fence",
            "A fenced code block (``` or ~~~) is opened and never closed, and `## ` lines follow it: Markdown reads everything to the end of the file as code, so those entries are not in the journal, for forge or for anyone reading it on GitHub. Close the block with a line of the same marker, at least as long as the opener, where the code ends. This is an error, since history would silently go missing; `--allow-hidden-entries` makes it a warning (the hidden entries are still not read)."),
        TooLarge("forge::journal::too_large",
            "JOURNAL.md is larger than the journal size limit, 512 MiB unless `--max-journal-bytes BYTES` says otherwise (a journal of a million entries is about 270 MB). forge holds the journal in memory, about three times its size for `generate`; raise the limit only for a real journal."),
    }
}
