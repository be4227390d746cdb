//! The long explanation of every diagnostic code, for
//! `forge check --explain CODE`. A test keeps this table complete.

/// (code, what it means and how to fix it).
pub const CODES: &[(&str, &str)] = &[
    ("forge::rules::syntax", "The rules file does not follow the grammar of rules.forge. The label shows where reading stopped and what was expected there. Each statement starts with a keyword: `extends default`, `case sensitive|insensitive`, `cluster on title, change`, `normalize { /re/ => <placeholder> }`, `synonyms { word = other, \"multi word\" }`, `ignore { word, word }`, `similarity { metric = … threshold = … weight FIELD = … }`, `never merge /a/ with /b/ [because \"…\"]`, `always merge /re/ as \"Name\"`, `name /re/ as \"Name\"`, `test \"title\" { same \"x\" \"y\" different \"x\" \"y\" }`. Regexes are written between slashes on one line, strings between double quotes."),
    ("forge::rules::regex", "A regex between slashes is not valid Rust `regex` syntax; the label points at the offending part inside the literal. Escape a literal slash as `\\/`, and metacharacters such as `(`, `[`, `.`, `+` with a backslash when you mean them literally."),
    ("forge::rules::regex_too_large", "A regex compiles to more than the 1 MiB limit, usually because of large counted repetitions such as `\\w{1000}` or nested ones. Use `+`/`*` instead of large counts, or split the rule."),
    ("forge::rules::too_large", "The rules file is larger than 1 MiB. Rules are written by hand; a file this large is a mistake (or generated data that does not belong there)."),
    ("forge::rules::unknown_extends", "`extends` names rules to start from; the only ones that exist are the built-in `default` rules (print them with `forge rules --print-default`). Write `extends default`, or remove the line to start from nothing."),
    ("forge::rules::unknown_field", "`cluster on` and `weight` name parts of an entry: `title` or a field (`why`, `change`, `verify`, `rollback`, `outcome`, `by`, `ticket`; aliases such as `action` work too). A `weight` must name a part listed in `cluster on`."),
    ("forge::rules::unknown_metric", "`metric` must be one of token_jaccard, token_dice, positional, jaro_winkler, levenshtein. See the README's metrics table for what each measures."),
    ("forge::rules::out_of_range", "A threshold is a similarity between 0 and 1 (entries join an operation when their score reaches it); a weight is a non-negative number up to 1000."),
    ("forge::rules::synonym_conflict", "A word or phrase belongs to two synonym groups in the same file, so it is unclear which word it should become. Keep it in one group. (A resource's rules may re-map a word of the built-in defaults; that is not a conflict.)"),
    ("forge::rules::unproduced_placeholder", "A regex names a placeholder such as `<size>` that no normalize rule produces (before it, for normalize rules), so the regex cannot match what it was written for. Add the normalize rule that produces it, move it above, or fix the spelling."),
    ("forge::rules::dead_rule", "A rule of the resource's rules.forge applied to no entry of its journal: a normalize regex that never matched, a synonym that never occurred, a hard rule or name rule whose pattern matched no signature. Patterns match signatures (lower-cased, normalized words joined by spaces), not raw titles: `forge explain --text \"…\"` shows a title's signature."),
    ("forge::rules::merge_conflict", "An `always merge` rule forces into one operation two entries that a `never merge` rule keeps apart. The `always merge` rule wins; narrow one of the two patterns so they agree."),
    ("forge::journal::bad_date", "An entry heading's date has the shape YYYY-MM-DD but is not a real date (month 13, February 30). The entry is kept without a date. Fix the date."),
    ("forge::journal::bad_heading", "A level-2 heading (`## …`) starts an entry but has no date. Write `## YYYY-MM-DD — title`; use `###` for sub-headings inside an entry."),
    ("forge::journal::out_of_order", "An entry is dated before an earlier entry. The journal is append-only: new entries go at the end with the date they happened. If an entry was forgotten, add it at the end with today's date and say when it happened in its text."),
    ("forge::journal::duplicate_entry", "Two entries have the same date, time and title, usually a copy-paste. Remove the copy, or give each change its own time or title."),
    ("forge::journal::unknown_outcome", "`outcome` must be verified, failed, rolled-back or inconclusive (aliases: result, status). Other values count as no outcome."),
    ("forge::journal::no_verify", "An entry has no `verify:` field, so its operation cannot count it as verified. Add the signal you checked (`- verify: cluster green within 4m`)."),
    ("forge::journal::unclosed_fence", "A fenced code block (``` or ~~~) is opened and never closed, and `## ` lines follow it: Markdown reads everything to the end of the file as code, so those entries are not in the journal, for forge or for anyone reading it on GitHub. Close the block with a line of the same marker, at least as long as the opener, where the code ends."),
    ("forge::inventory::invalid_yaml", "INVENTORY.yaml is not valid YAML; the label points at where the parser failed. YAML alias bombs (aliases expanding to huge documents) are refused the same way."),
    ("forge::inventory::not_a_mapping", "INVENTORY.yaml must be one mapping of facts (`key: value` lines, nested mappings and lists allowed), not a list or a scalar."),
    ("forge::inventory::too_large", "INVENTORY.yaml is larger than 8 MiB. It holds current facts about one resource, not data."),
    ("forge::config::invalid", "forge.toml is not valid TOML, or a value has the wrong type (`timeline = \"no\"` where a boolean is expected). The label points at the value. See the README's \"forge.toml\" for every key."),
    ("forge::config::unknown_key", "forge.toml holds a key forge does not know, usually a typo; it is refused rather than ignored, so a misspelt setting never silently does nothing. Keys: `rules`, `[generate]` out and timeline, `[check]` deny-warnings, `[lints]` allow, warn and deny."),
    ("forge::config::unknown_lint", "A `[lints]` list names a code that is not a warning's. Lint levels take warning codes (`forge check --explain CODE` describes each) or a group of them such as `forge::journal`."),
    ("forge::config::not_a_lint", "A `[lints]` list names an error's code. Errors always stop a run; only warnings (`forge::rules::dead_rule`, `forge::rules::merge_conflict` and the `forge::journal::*` codes) can be allowed, warned or denied."),
    ("forge::config::lint_conflict", "A code or group is listed in two of `allow`, `warn` and `deny`. Keep it in one; a code's own entry already wins over its group's, so `allow = [\"forge::journal\"]` with `deny = [\"forge::journal::no_verify\"]` needs no conflict."),
    ("forge::io::missing_folder", "The --resource folder does not exist. Point it at a folder that holds JOURNAL.md."),
    ("forge::io::not_a_folder", "--resource names a file; it takes the folder that holds JOURNAL.md."),
    ("forge::io::not_found", "A file forge needs does not exist: JOURNAL.md in the resource folder, or the file given to --rules."),
    ("forge::io::not_a_file", "A path that should be a file is a folder."),
    ("forge::io::unreadable", "A file exists but cannot be read, usually because of permissions."),
    ("forge::io::invalid_utf8", "A file is not valid UTF-8; the label points at the first bad byte. Convert it (e.g. `iconv -f latin1 -t utf-8`)."),
    ("forge::io::write_failed", "The output file could not be written (missing folder, permissions, full disk). Nothing was changed: forge writes to a temporary file and renames it over the target only when complete."),
    ("forge::explain::entry", "Advice from `forge explain`: why one entry is in its operation. Labels in JOURNAL.md show each rewrite of the entry's text (normalize rules, synonyms, ignored words) with the rule's file and line; the help shows the signature, the operations it was scored against (per part and weighted, against the threshold) and the decision; related snippets point at the rules in rules.forge or the built-in rules."),
    ("forge::explain::operation", "Advice from `forge explain`: the members of one operation, each labelled with the decision that brought it in (started it, same signature, joined with a score, forced by `always merge`), and the rule that named the operation."),
    ("forge::explain::pair", "Advice from `forge explain --pair`: whether two entries are in one operation. The later entry's placement decides: its score against the earlier entry's operation, the hard rule that kept them apart, or the chain of members through which they are together."),
    ("forge::explain::rules", "Advice from `forge explain`: the rules behind an explanation, in the file that holds them. Rules from `<built-in>/default.forge` are the built-in defaults; print them with `forge rules --print-default`."),
    ("forge::explain::no_such_entry", "`--entry` (or `--pair`) names no entry: a number beyond the journal, a line that is not an entry's heading, or a text no entry's date or title contains. Pick entries by number (3), heading line (L23), or a date or part of a title; `forge operations` lists entries with their lines."),
    ("forge::explain::ambiguous_entry", "The date or title text given to `--entry` (or `--pair`) matches several entries; the labels show each. Pick one by its heading line (`--entry L40`) or give more of its title."),
    ("forge::explain::unknown_operation", "`--operation` names no operation. Give an operation's name (\"Change index heap\") or id (`change-index-heap`), in any case; `forge operations` lists them."),
    ("forge::explain::same_entry", "Both entries given to `--pair` are the same entry. Give two different entries; `--entry` explains one."),
    ("forge::explain::text_entries", "`--text` holds a whole journal entry only when it starts with a `## YYYY-MM-DD — title` heading, and then it must hold exactly one entry."),
    ("forge::explain::empty_text", "`--text` is empty or only spaces. Give the title of a hypothetical entry (or a whole entry starting with `## `)."),
    ("forge::test::failed", "A `same` or `different` line of a rules `test` block did not hold. The diagnostic shows both signatures, the score against the threshold and the rule that decided; change the rules (or the test) until they agree."),
    ("forge::usage::unknown_code", "`forge check --explain` was given a code that does not exist. Codes look like `forge::rules::regex`; every diagnostic prints its code on its first line."),
    ("forge::usage::unknown_command", "`forge man COMMAND` names no subcommand. `forge --help` lists them; `forge man` alone prints forge's own page."),
    ("forge::usage::unknown_operation", "`forge steps --operation` names no operation of the resource. Give an operation's id (`change-index-heap`) or its name in any case (`Change index heap`); `forge operations` lists them."),
    ("forge::keep::unclosed", "A `<!-- forge:keep ID -->` line in RUNBOOK.md has no `<!-- /forge:keep -->` line after it. forge stops rather than overwrite the notes. Add the closing line; if it is there, a code fence opened inside the block and never closed hides it."),
    ("forge::keep::unopened", "A `<!-- /forge:keep -->` line in RUNBOOK.md closes no keep block. Open the block with `<!-- forge:keep ID -->` on its own line, or delete the stray line."),
    ("forge::keep::nested", "A keep block in RUNBOOK.md starts before the previous one is closed. Keep blocks do not nest: close the first with `<!-- /forge:keep -->` before opening the next."),
    ("forge::keep::bad_id", "A keep marker has no id or an id with spaces or symbols. Write `<!-- forge:keep ID -->` where ID is `top` (the top of the runbook) or an operation's id, optionally followed by `/` and a label (`change-index-heap/gotchas`); letters, digits, `-`, `_`, `.` and `:` are allowed."),
    ("forge::keep::not_alone", "A keep marker shares its line with other text, or sits inside a paragraph or table, so it is not a marker forge can rely on. Put each marker on a line of its own, with blank lines around the block."),
    ("forge::keep::duplicate_id", "Two keep blocks in RUNBOOK.md have the same id, so they cannot be told apart when the runbook is regenerated. Give each its own id, e.g. `restart/gotchas` and `restart/contacts`."),
    ("forge::labels::bad_line", "A line of the `--labels` file is not `LINE<TAB>LABEL`: the 1-based line of an entry's heading in JOURNAL.md, one tab, and the label. Blank lines and lines starting with `#` are skipped."),
    ("forge::labels::no_entry", "A line of the `--labels` file names a JOURNAL.md line where no entry's heading is. Labels point at the `## DATE — title` line of the entry; `forge operations --format json` lists every entry's line."),
    ("forge::labels::duplicate", "The `--labels` file labels one entry twice. Give each entry one label."),
    ("forge::labels::empty", "An entry has an `operation:` field without a value. Write the operation the entry belongs to, or remove the field to leave the entry out of scoring."),
    ("forge::labels::conflict", "An entry has two `operation:` fields with different labels. An entry belongs to one operation; keep one field."),
    ("forge::labels::none", "`forge eval` and `forge tune` compare the grouping with labels, and no entry has one. Add `- operation: LABEL` to the entries (one label per real operation), or pass `--labels FILE`."),
];

/// The explanation of a code.
pub fn explain(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| *text)
}
