//! The `forge::labels` codes.

declare_area! {
    /// The operators' labels that `forge eval` and `forge tune` score
    /// against.
    pub enum LabelsCode in "forge::labels" {
        BadLine("forge::labels::bad_line",
            "A line of the `--labels` file is not `LINE<TAB>LABEL`: the 1-based line of an entry's heading in JOURNAL.md, one tab, and the label. Blank lines and lines starting with `#` are skipped."),
        NoEntry("forge::labels::no_entry",
            "A line of the `--labels` file names a JOURNAL.md line where no entry's heading is. Labels point at the `## DATE — title` line of the entry; `forge operations --format json` lists every entry's line."),
        Duplicate("forge::labels::duplicate",
            "The `--labels` file labels one entry twice. Give each entry one label."),
        Empty("forge::labels::empty",
            "An entry has an `operation:` field without a value. Write the operation the entry belongs to, or remove the field to leave the entry out of scoring."),
        Conflict("forge::labels::conflict",
            "An entry has two `operation:` fields with different labels. An entry belongs to one operation; keep one field."),
        None("forge::labels::none",
            "`forge eval` and `forge tune` compare the grouping with labels, and no entry has one. Add `- operation: LABEL` to the entries (one label per real operation), or pass `--labels FILE`."),
    }
}
