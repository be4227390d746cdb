//! The `forge::rules` codes.

declare_area! {
    /// rules.forge: its grammar, regexes, settings and limits, and the
    /// lints that run it against the journal.
    pub enum RulesCode in "forge::rules" {
        Syntax("forge::rules::syntax",
            "The rules file does not follow the grammar of rules.forge. The label shows where reading stopped and what was expected there. Each statement starts with a keyword: `extends default [without NAME, …]`, `tokens words|whitespace`, `case sensitive|insensitive`, `cluster on title, change`, `normalize { /re/ => <placeholder> }`, `synonyms { word = other, \"multi word\" }`, `ignore { word, word }`, `similarity { metric = … threshold = … weight FIELD = … split = K }`, `never merge /a/ with /b/ [because \"…\"]`, `always merge /re/ as \"Name\"`, `name /re/ as \"Name\"`, `test \"title\" { same \"x\" \"y\" different \"x\" \"y\" }`. Regexes are written between slashes on one line, strings between double quotes."),
        Regex("forge::rules::regex",
            "A regex between slashes is not valid Rust `regex` syntax; the label points at the offending part inside the literal. Escape a literal slash as `\\/`, and metacharacters such as `(`, `[`, `.`, `+` with a backslash when you mean them literally."),
        RegexTooLarge("forge::rules::regex_too_large",
            "A regex compiles to more than the 1 MiB limit, usually because of large counted repetitions such as `\\w{1000}` or nested ones. Use `+`/`*` instead of large counts, or split the rule."),
        TooManyRules("forge::rules::too_many_rules",
            "The rules hold more than 4096 normalize, never merge, always merge and name rules, counting the built-in ones (about 100). Each compiles a regex that every title goes through; thousands of them are generated data, not rules written by hand, and would take memory without bound. The label points at the first rule past the limit; nothing after it is read. Merge similar rules into one regex with `|`."),
        RegexBudget("forge::rules::regex_budget",
            "The rules' regexes together compile to more than 32 MiB (each one may take at most 1 MiB). The label points at the first regex past the budget; rules after it are not read. Use `+`/`*` instead of large counted repetitions such as `\\w{500}`, and fewer rules."),
        TooLarge("forge::rules::too_large",
            "The rules file is larger than 1 MiB. Rules are written by hand; a file this large is a mistake (or generated data that does not belong there)."),
        UnknownExtends("forge::rules::unknown_extends",
            "`extends` names rules to start from; the only ones that exist are the built-in `default` rules (print them with `forge rules --print-default`). Write `extends default`, or remove the line to start from nothing."),
        UnknownField("forge::rules::unknown_field",
            "`cluster on` and `weight` name parts of an entry: `title` or a field (`why`, `change`, `verify`, `rollback`, `outcome`, `by`, `ticket`; aliases such as `action` work too). A `weight` must name a part listed in `cluster on`."),
        UnknownMetric("forge::rules::unknown_metric",
            "`metric` must be one of token_jaccard, token_dice, positional, jaro_winkler, levenshtein. See the README's metrics table for what each measures."),
        OutOfRange("forge::rules::out_of_range",
            "A threshold is a similarity between 0 and 1 (entries join an operation when their score reaches it); a weight is a non-negative number up to 1000."),
        UnknownRuleName("forge::rules::unknown_rule_name",
            "`extends default without NAME, …` switches built-in rules off by name: a normalize rule's label (`date: /…/ => <date>`), a labelled `never merge`/`always merge` rule, a synonym group's canonical word, or an ignored word. `forge rules --print-default` shows every name; the label points at the one that matches none."),
        SplitNeedsPositional("forge::rules::split_needs_positional",
            "`split = K` asks for the split pass, which compares members position by position; it only runs with `metric = positional`. Switch the metric or remove `split`."),
        SynonymConflict("forge::rules::synonym_conflict",
            "A word or phrase belongs to two synonym groups in the same file, so it is unclear which word it should become. Keep it in one group. (A resource's rules may re-map a word of the built-in defaults; that is not a conflict.)"),
        UnproducedPlaceholder("forge::rules::unproduced_placeholder",
            "A regex names a placeholder such as `<size>` that no normalize rule produces (before it, for normalize rules), so the regex cannot match what it was written for. Add the normalize rule that produces it, move it above, or fix the spelling."),
        DeadRule("forge::rules::dead_rule",
            "A rule of the resource's rules.forge applied to no entry of its journal: a normalize regex that never matched, a synonym that never occurred, a hard rule or name rule whose pattern matched no signature. Patterns match signatures (lower-cased, normalized words joined by spaces), not raw titles: `forge explain --text \"…\"` shows a title's signature."),
        MergeConflict("forge::rules::merge_conflict",
            "An `always merge` rule forces into one operation two entries that a `never merge` rule keeps apart. The `always merge` rule wins; narrow one of the two patterns so they agree."),
    }
}
