//! The `forge::keep` codes.

declare_area! {
    /// Keep blocks of RUNBOOK.md.
    pub enum KeepCode in "forge::keep" {
        Unclosed("forge::keep::unclosed",
            "A `<!-- forge:keep ID -->` line in RUNBOOK.md has no `<!-- /forge:keep -->` line after it. forge stops rather than overwrite the notes. Add the closing line; if it is there, a code fence opened inside the block and never closed hides it."),
        Unopened("forge::keep::unopened",
            "A `<!-- /forge:keep -->` line in RUNBOOK.md closes no keep block. Open the block with `<!-- forge:keep ID -->` on its own line, or delete the stray line."),
        Nested("forge::keep::nested",
            "A keep block in RUNBOOK.md starts before the previous one is closed. Keep blocks do not nest: close the first with `<!-- /forge:keep -->` before opening the next."),
        BadId("forge::keep::bad_id",
            "A keep marker has no id or an id with spaces or symbols. Write `<!-- forge:keep ID -->` where ID is `top` (the top of the runbook) or an operation's id, optionally followed by `/` and a label (`change-index-heap/gotchas`); letters, digits, `-`, `_`, `.` and `:` are allowed."),
        NotAlone("forge::keep::not_alone",
            "A keep marker shares its line with other text, or sits inside a paragraph or table, so it is not a marker forge can rely on. Put each marker on a line of its own, with blank lines around the block."),
        Orphaned("forge::keep::orphaned",
            "A warning: a keep block of RUNBOOK.md names an operation that no longer exists, because the operation was renamed (its occurrences are one operation with another id) or regrouped (a rules change or new entries put its occurrences into other operations). The note is not lost: it moves to \"Orphaned notes\" at the end of the runbook. The warning names the likely new operation; change the block's id to it to move the note there."),
        NearMiss("forge::keep::near_miss",
            "A line of RUNBOOK.md looks like a keep marker but is not one: another case (`FORGE:KEEP`), other punctuation (`forge: keep`, `forge-keep`), or indented four spaces or more (Markdown reads that as code). forge would read it as text and the notes it fences would be lost at the next generate, so it stops and writes nothing. Write the marker exactly, on its own line: `<!-- forge:keep ID -->` … `<!-- /forge:keep -->`."),
        DuplicateId("forge::keep::duplicate_id",
            "Two keep blocks in RUNBOOK.md have the same id, so they cannot be told apart when the runbook is regenerated. Give each its own id, e.g. `restart/gotchas` and `restart/contacts`."),
    }
}
